//! Streaming importers. Each reads its source record by record from `&str` or `BufRead`
//! (core does no file I/O), turns every good record into a [`Procedure`] and hands it to a
//! [`CatalogBuilder`], which merges records that share a code. A bad record becomes an
//! [`Issue`] with its position and never stops the others.

pub mod crawl;
pub mod dvcqg;
pub mod table;

use super::model::Procedure;
use std::collections::BTreeMap;
use std::fmt;

/// Which importer a record came from. The order is the merge priority: when two records of
/// the same code both state a field, the richer source's value is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// A spreadsheet / CSV row: code, name, agencies, field.
    Table,
    /// A list (summary) object of the national portal.
    PortalSummary,
    /// The flattened crawl of detail pages.
    Crawl,
    /// A detail object of the national portal's API.
    PortalDetail,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Table => "table",
            SourceKind::PortalSummary => "portal_summary",
            SourceKind::Crawl => "crawl",
            SourceKind::PortalDetail => "portal_detail",
        }
    }
}

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
    InvalidCode(String),
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
            IssueKind::InvalidCode(code) => write!(f, "invalid procedure code {code:?}"),
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

/// Collects procedures from any number of inputs and merges those sharing a code.
#[derive(Debug, Default)]
pub struct CatalogBuilder {
    records: BTreeMap<String, Vec<(bool, SourceKind, usize, Procedure)>>,
    /// Codes that some primary input states; `None` = every input is primary.
    primary: Option<std::collections::BTreeSet<String>>,
    enriching: bool,
    sequence: usize,
    sources: Vec<String>,
}

impl CatalogBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an input's name (listed in the artefact's `sources`).
    pub fn note_source(&mut self, name: &str) {
        if !self.sources.iter().any(|s| s == name) {
            self.sources.push(name.to_string());
        }
    }

    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Adds one record. Returns true when a record of this code from the same kind of
    /// source was already there (a duplicate within the source).
    pub fn add(&mut self, kind: SourceKind, procedure: Procedure) -> bool {
        self.sequence += 1;
        if !self.enriching {
            if let Some(primary) = &mut self.primary {
                primary.insert(procedure.code.clone());
            }
        }
        let entry = self.records.entry(procedure.code.clone()).or_default();
        let duplicate = entry.iter().any(|(_, k, _, _)| *k == kind);
        entry.push((!self.enriching, kind, self.sequence, procedure));
        duplicate
    }

    /// From now on, records added only enrich procedures that a primary input (one added
    /// while not enriching) also has; codes found only in enriching inputs are dropped at
    /// [`CatalogBuilder::finish`]. Used to build a province's catalog from its own list plus
    /// a national crawl.
    pub fn set_enriching(&mut self, enriching: bool) {
        if self.primary.is_none() {
            let codes = self.records.keys().cloned().collect();
            self.primary = Some(codes);
        }
        self.enriching = enriching;
    }

    /// Number of distinct codes so far.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The merged procedures, sorted by code. For each field, the value from the
    /// highest-priority record that states it wins: primary inputs before enriching ones,
    /// then by [`SourceKind`], then the earlier input.
    pub fn finish(self) -> Vec<Procedure> {
        let primary = self.primary;
        self.records
            .into_iter()
            .filter(|(code, _)| primary.as_ref().is_none_or(|p| p.contains(code)))
            .filter_map(|(_, mut records)| {
                records.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
                let mut iter = records.into_iter().map(|(_, _, _, p)| p);
                let mut merged = iter.next()?;
                for other in iter {
                    merge_into(&mut merged, other);
                }
                Some(merged)
            })
            .collect()
    }
}

/// Fills what `base` lacks from `other`: a present field wins over a missing one.
pub fn merge_into(base: &mut Procedure, other: Procedure) {
    fn opt<T>(a: &mut Option<T>, b: Option<T>) {
        if a.is_none() {
            *a = b;
        }
    }
    fn list<T>(a: &mut Vec<T>, b: Vec<T>) {
        if a.is_empty() {
            *a = b;
        }
    }
    if base.name.is_empty() {
        base.name = other.name;
    }
    list(&mut base.levels, other.levels);
    opt(&mut base.procedure_type, other.procedure_type);
    opt(&mut base.regulation_type, other.regulation_type);
    // Field codes are only in the API; keep the richer entries but add codes by name.
    if base.fields.is_empty() {
        base.fields = other.fields;
    } else {
        for f in &mut base.fields {
            if f.code.is_none() {
                if let Some(o) = other.fields.iter().find(|o| o.name == f.name) {
                    f.code.clone_from(&o.code);
                }
            }
        }
    }
    list(&mut base.competent_agencies, other.competent_agencies);
    list(&mut base.executing_agencies, other.executing_agencies);
    list(&mut base.subjects, other.subjects);
    list(&mut base.steps, other.steps);
    list(&mut base.ways, other.ways);
    list(&mut base.documents, other.documents);
    opt(&mut base.conditions, other.conditions);
    list(&mut base.results, other.results);
    list(&mut base.legal_basis, other.legal_basis);
    opt(&mut base.online_level, other.online_level);
    opt(&mut base.source_url, other.source_url);
    opt(&mut base.decision_number, other.decision_number);
    opt(&mut base.last_updated, other.last_updated);
}

/// Reads a JSON value's string, reporting a wrong type as a warning.
pub(crate) struct FieldReader<'a> {
    pub obj: &'a serde_json::Map<String, serde_json::Value>,
    pub report: &'a mut ImportReport,
    pub position: &'a Position,
    pub code: Option<String>,
}

impl<'a> FieldReader<'a> {
    fn wrong(&mut self, field: &'static str, expected: &'static str) {
        self.report.warn(
            self.position.clone(),
            self.code.clone(),
            IssueKind::WrongType { field, expected },
        );
    }

    /// A string field; null/missing → None, numbers are accepted as their text.
    pub fn string(&mut self, field: &'static str) -> Option<String> {
        match self.obj.get(field)? {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => {
                self.wrong(field, "a string");
                None
            }
        }
    }

    pub fn boolean(&mut self, field: &'static str) -> Option<bool> {
        match self.obj.get(field)? {
            serde_json::Value::Null => None,
            serde_json::Value::Bool(b) => Some(*b),
            _ => {
                self.wrong(field, "a boolean");
                None
            }
        }
    }

    pub fn number(&mut self, field: &'static str) -> Option<f64> {
        match self.obj.get(field)? {
            serde_json::Value::Null => None,
            serde_json::Value::Number(n) => n.as_f64(),
            _ => {
                self.wrong(field, "a number");
                None
            }
        }
    }

    /// An array of objects; non-object items are reported and skipped.
    pub fn objects(
        &mut self,
        field: &'static str,
    ) -> Vec<&'a serde_json::Map<String, serde_json::Value>> {
        let obj = self.obj;
        match obj.get(field) {
            None | Some(serde_json::Value::Null) => Vec::new(),
            Some(serde_json::Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item.as_object() {
                        Some(o) => out.push(o),
                        None => self.wrong(field, "an array of objects"),
                    }
                }
                out
            }
            Some(_) => {
                self.wrong(field, "an array");
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{Field, Level};

    #[test]
    fn merge_prefers_richer_sources_and_fills_gaps() {
        let mut b = CatalogBuilder::new();
        let mut summary = Procedure::new("1.000001", "Tên từ danh sách");
        summary.levels = vec![Level::Province];
        summary.fields = vec![Field {
            name: "Hộ tịch".into(),
            code: None,
        }];
        b.add(SourceKind::PortalSummary, summary);
        b.set_enriching(true);
        let mut crawl = Procedure::new("1.000001", "Tên từ trang chi tiết");
        crawl.levels = vec![Level::Ministry, Level::Province];
        crawl.conditions = Some("Điều kiện".into());
        b.add(SourceKind::Crawl, crawl);
        b.add(
            SourceKind::Crawl,
            Procedure::new("9.000009", "Không thuộc tỉnh"),
        );
        let ps = b.finish();
        assert_eq!(ps.len(), 1, "enrich-only codes are dropped");
        // The province's own list outranks the national crawl it is enriched with.
        assert_eq!(ps[0].name, "Tên từ danh sách");
        assert_eq!(ps[0].levels, vec![Level::Province]);
        assert_eq!(ps[0].conditions.as_deref(), Some("Điều kiện"));
        assert_eq!(ps[0].fields[0].name, "Hộ tịch");
    }
}
