//! What an import run says about its input: where each record sits, what went wrong with it
//! and the counts.

use crate::catalog::code::ProcedureCodeError;
use std::fmt;

/// Where a record sits in its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The input's name as the caller gave it (usually a file path).
    pub source: String,
    /// 1-based line, for line-oriented inputs (JSON lines, CSV).
    pub line: Option<usize>,
    /// 0-based index in a JSON array, or 1-based spreadsheet row.
    pub index: Option<usize>,
}

impl Position {
    /// The input as a whole (no line or index).
    pub fn whole(source: &str) -> Position {
        Position {
            source: source.to_string(),
            line: None,
            index: None,
        }
    }

    /// A 1-based line of a line-oriented input.
    pub fn line(source: &str, line: usize) -> Position {
        Position {
            line: Some(line),
            ..Position::whole(source)
        }
    }

    /// An index in a JSON array, or a 1-based spreadsheet row.
    pub fn index(source: &str, index: usize) -> Position {
        Position {
            index: Some(index),
            ..Position::whole(source)
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(index) = self.index {
            write!(f, "[{index}]")?;
        }
        Ok(())
    }
}

/// What went wrong with one record (or one part of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKind {
    /// The input is empty.
    EmptyInput,
    /// The text is not JSON (serde's message).
    InvalidJson(String),
    /// A CSV record that breaks RFC 4180 (e.g. an unterminated quote).
    InvalidCsv(&'static str),
    /// The document's top level is not a record, an array of records or an API envelope.
    UnexpectedShape(&'static str),
    /// A record that is not an object.
    NotAnObject,
    /// A record without a procedure code.
    MissingCode,
    /// A code that does not look like `N.NNNNNN[.suffix]`.
    InvalidCode {
        code: String,
        error: ProcedureCodeError,
    },
    /// A record without a name.
    MissingName,
    /// A field of the wrong JSON type; the field was ignored.
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    /// A value outside the known vocabulary; ignored.
    UnknownValue { field: &'static str, value: String },
    /// A text section whose table structure was not recognised; kept as text where the model
    /// has room for it.
    Unstructured { field: &'static str, detail: String },
    /// The same code twice in one input; the records were merged.
    DuplicateCode,
    /// A table without the expected header row.
    MissingHeader(&'static str),
    /// A table row with fewer cells than the header.
    ShortRow { expected: usize, found: usize },
    /// Looks like a test entry rather than a real procedure; kept, flagged.
    SuspectedTestEntry,
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::EmptyInput => write!(f, "empty input"),
            IssueKind::InvalidJson(msg) => write!(f, "invalid JSON: {msg}"),
            IssueKind::InvalidCsv(msg) => write!(f, "invalid CSV: {msg}"),
            IssueKind::UnexpectedShape(what) => write!(f, "unexpected document shape: {what}"),
            IssueKind::NotAnObject => write!(f, "record is not a JSON object"),
            IssueKind::MissingCode => write!(f, "record has no procedure code"),
            IssueKind::InvalidCode { code, error } => {
                write!(f, "invalid procedure code {code:?}: {error}")
            }
            IssueKind::MissingName => write!(f, "record has no name"),
            IssueKind::WrongType { field, expected } => {
                write!(f, "field `{field}` is not {expected}; ignored")
            }
            IssueKind::UnknownValue { field, value } => {
                write!(f, "unknown value {value:?} in `{field}`; ignored")
            }
            IssueKind::Unstructured { field, detail } => {
                write!(f, "`{field}` not fully parsed: {detail}")
            }
            IssueKind::DuplicateCode => write!(f, "code repeated in this input; merged"),
            IssueKind::MissingHeader(what) => write!(f, "no header row: {what}"),
            IssueKind::ShortRow { expected, found } => {
                write!(f, "row has {found} cells, header has {expected}")
            }
            IssueKind::SuspectedTestEntry => write!(f, "looks like a test entry"),
        }
    }
}

/// Whether the record was dropped or imported with a caveat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The record was not imported.
    Skipped,
    /// The record was imported; part of it was ignored or is doubtful.
    Warning,
}

/// One problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub position: Position,
    /// The record's code when it was readable.
    pub code: Option<String>,
    pub severity: Severity,
    pub kind: IssueKind,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Skipped => "skipped",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {sev}", self.position)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        write!(f, ": {}", self.kind)
    }
}

/// Counts and issues of one import run (one input, or several added together).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records turned into procedures (before merging by code).
    pub imported: usize,
    /// Records dropped.
    pub skipped: usize,
    /// Warnings on imported records.
    pub warnings: usize,
    pub issues: Vec<Issue>,
}

impl ImportReport {
    pub(crate) fn skip(&mut self, position: Position, code: Option<String>, kind: IssueKind) {
        self.skipped += 1;
        self.issues.push(Issue {
            position,
            code,
            severity: Severity::Skipped,
            kind,
        });
    }

    /// A problem with the whole input (not one record): counted as an issue, not a skip.
    pub(crate) fn input_problem(&mut self, position: Position, kind: IssueKind) {
        self.issues.push(Issue {
            position,
            code: None,
            severity: Severity::Skipped,
            kind,
        });
    }

    pub(crate) fn warn(&mut self, position: Position, code: Option<String>, kind: IssueKind) {
        self.warnings += 1;
        self.issues.push(Issue {
            position,
            code,
            severity: Severity::Warning,
            kind,
        });
    }

    /// Adds another report's counts and issues to this one.
    pub fn absorb(&mut self, other: ImportReport) {
        self.imported += other.imported;
        self.skipped += other.skipped;
        self.warnings += other.warnings;
        self.issues.extend(other.issues);
    }
}
