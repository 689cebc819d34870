//! Reading one record, shared by the importers: typed fields with wrong types reported, the
//! code and name every record needs, and the vocabulary several sources spell alike.

use super::{CatalogBuilder, ImportReport, IssueKind, Position, SourceKind};
use crate::catalog::clean::{clean_name, collapse_whitespace};
use crate::catalog::code::ProcedureCode;
use crate::catalog::labels::labels;
use crate::catalog::model::{FeeKind, Level, Procedure};

/// A record's identity: the code (whitespace collapsed, checked by [`ProcedureCode`]) and the
/// name (cleaned). A record lacking either is skipped with the reason.
pub(crate) fn identity(
    raw_code: &str,
    raw_name: &str,
    position: &Position,
    report: &mut ImportReport,
) -> Option<Procedure> {
    let code = collapse_whitespace(raw_code);
    if code.is_empty() {
        report.skip(position.clone(), None, IssueKind::MissingCode);
        return None;
    }
    let code = match ProcedureCode::parse(&code) {
        Ok(valid) => valid.into_string(),
        Err(error) => {
            report.skip(
                position.clone(),
                None,
                IssueKind::InvalidCode { code, error },
            );
            return None;
        }
    };
    let name = clean_name(raw_name);
    if name.is_empty() {
        report.skip(position.clone(), Some(code), IssueKind::MissingName);
        return None;
    }
    Some(Procedure::new(code, name))
}

/// Hands an imported record to the builder, counting it and reporting a code repeated within
/// the same kind of source.
pub(crate) fn add_record(
    builder: &mut CatalogBuilder,
    report: &mut ImportReport,
    kind: SourceKind,
    position: Position,
    procedure: Procedure,
) {
    let code = procedure.code.clone();
    report.imported += 1;
    if builder.add(kind, procedure) {
        report.warn(position, Some(code), IssueKind::DuplicateCode);
    }
}

/// Levels from a label list ("Cấp xã, Cấp tỉnh, Cấp Bộ"), reporting unknown labels.
pub(crate) fn levels_from_labels(
    text: &str,
    position: &Position,
    code: &str,
    report: &mut ImportReport,
) -> Vec<Level> {
    let mut levels = Vec::new();
    for part in text.split([',', ';', '\n']) {
        let part = part.trim();
        if part.is_empty() || labels().is_absent(part) {
            continue;
        }
        match labels().level(part) {
            Some(level) => {
                if !levels.contains(&level) {
                    levels.push(level);
                }
            }
            None => report.warn(
                position.clone(),
                Some(code.to_string()),
                IssueKind::UnknownValue {
                    field: "levels",
                    value: part.to_string(),
                },
            ),
        }
    }
    levels.sort();
    levels
}

/// "Lệ phí ..." / "Phí ..." at the start of a fee text names its kind.
pub(crate) fn fee_kind_from_text(text: &str) -> Option<FeeKind> {
    let lower = text
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    if lower.starts_with("lệ phí") {
        Some(FeeKind::Charge)
    } else if lower.starts_with("phí") {
        Some(FeeKind::Fee)
    } else {
        None
    }
}

/// Reads a JSON value's string, reporting a wrong type as a warning.
pub(crate) struct FieldReader<'a> {
    pub obj: &'a serde_json::Map<String, serde_json::Value>,
    pub report: &'a mut ImportReport,
    pub position: &'a Position,
    pub code: Option<String>,
}

impl<'a> FieldReader<'a> {
    /// Reads a record's [`identity`] (the first of `code_fields` present, and `name_field`),
    /// then returns the procedure with a reader whose warnings name its code.
    pub fn identity(
        obj: &'a serde_json::Map<String, serde_json::Value>,
        report: &'a mut ImportReport,
        position: &'a Position,
        code_fields: &[&'static str],
        name_field: &'static str,
    ) -> Option<(Procedure, FieldReader<'a>)> {
        let mut r = FieldReader {
            obj,
            report,
            position,
            code: None,
        };
        let raw_code = code_fields.iter().find_map(|field| r.string(field));
        let raw_name = r.string(name_field);
        let p = identity(
            raw_code.as_deref().unwrap_or(""),
            raw_name.as_deref().unwrap_or(""),
            position,
            r.report,
        )?;
        r.code = Some(p.code.clone());
        Some((p, r))
    }

    /// Reports a field of the wrong JSON type (it is ignored).
    pub fn wrong(&mut self, field: &'static str, expected: &'static str) {
        self.report.warn(
            self.position.clone(),
            self.code.clone(),
            IssueKind::WrongType { field, expected },
        );
    }

    /// Reports a value outside the known vocabulary.
    pub fn unknown(&mut self, field: &'static str, value: &str) {
        self.report.warn(
            self.position.clone(),
            self.code.clone(),
            IssueKind::UnknownValue {
                field,
                value: value.to_string(),
            },
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
