//! The national portal's (Cổng Dịch vụ công quốc gia) API JSON: detail objects of
//! `get-formality-by-citizen` and list objects, and the summary lists with Vietnamese keys
//! (`ma_tthc`, `ten_tthc`, ...) crawlers save beside them. A document may be one object, an
//! array of objects, or the API envelope `{code, data: {items: [...]}}` / `{code, data: {...}}`.

mod detail;
mod summary;
mod ways;

use super::record::add_record;
use super::{CatalogBuilder, ImportReport, IssueKind, Position, SourceKind};
use crate::catalog::clean::present;
use serde_json::{Map, Value};

type Object = Map<String, Value>;

/// Imports one JSON document. `source` names the input in issue positions.
pub fn import_str(text: &str, source: &str, builder: &mut CatalogBuilder) -> ImportReport {
    let mut report = ImportReport::default();
    builder.note_source(source);
    let whole = Position::whole(source);
    if text.trim().is_empty() {
        report.input_problem(whole, IssueKind::EmptyInput);
        return report;
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            report.input_problem(
                Position::line(source, e.line()),
                IssueKind::InvalidJson(e.to_string()),
            );
            return report;
        }
    };
    match unwrap_envelope(&value) {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                import_value(item, Position::index(source, index), builder, &mut report);
            }
        }
        v @ Value::Object(_) => import_value(v, whole, builder, &mut report),
        _ => report.input_problem(
            whole,
            IssueKind::UnexpectedShape("expected an object or an array of objects"),
        ),
    }
    report
}

/// `{code:"OK", data:{items:[..]}}` → the items; `{code, data:{..detail..}}` → the detail.
fn unwrap_envelope(value: &Value) -> &Value {
    let Some(obj) = value.as_object() else {
        return value;
    };
    match obj.get("data") {
        Some(Value::Object(data)) if !obj.contains_key("executionMethods") => {
            match data.get("items") {
                Some(items @ Value::Array(_)) => items,
                _ => obj.get("data").unwrap_or(value),
            }
        }
        Some(items @ Value::Array(_)) => items,
        _ => value,
    }
}

fn import_value(
    value: &Value,
    position: Position,
    builder: &mut CatalogBuilder,
    report: &mut ImportReport,
) {
    let Some(obj) = value.as_object() else {
        report.skip(position, None, IssueKind::NotAnObject);
        return;
    };
    let (kind, parsed) = if obj.contains_key("ma_tthc") {
        (
            SourceKind::PortalSummary,
            summary::summary(obj, &position, report),
        )
    } else {
        let kind = if obj.contains_key("executionMethods") || obj.contains_key("executionCases") {
            SourceKind::PortalDetail
        } else {
            SourceKind::PortalSummary
        };
        (kind, detail::detail(obj, &position, report))
    };
    if let Some(procedure) = parsed {
        add_record(builder, report, kind, position, procedure);
    }
}

/// A string member with something in it (the sources' "nothing here" phrases are nothing).
fn str_of(obj: &Object, key: &str) -> Option<String> {
    obj.get(key).and_then(Value::as_str).and_then(present)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::import::Severity;
    use crate::catalog::model::{Level, Procedure};

    pub(super) fn run(text: &str) -> (Vec<Procedure>, ImportReport) {
        let mut b = CatalogBuilder::new();
        let report = import_str(text, "t.json", &mut b);
        (b.finish(), report)
    }

    #[test]
    fn array_with_bad_records_keeps_the_good_ones() {
        let text = r#"[
          {"ma_tthc":"1.001193","ten_tthc":"1.\tĐăng ký khai sinh","cap_thuc_hien":"Cấp xã, Cấp huyện","linh_vuc":"Hộ tịch","co_quan_thuc_hien":"Ủy ban nhân dân cấp xã"},
          {"ten_tthc":"không mã"},
          42,
          {"ma_tthc":"abc","ten_tthc":"x"},
          {"ma_tthc":"1.000894","ten_tthc":"Đăng ký kết hôn","isProvince":"yes","isWard":true},
          {"ma_tthc":"1.000895","ten_tthc":""}
        ]"#;
        let (ps, report) = run(text);
        assert_eq!(report.imported, 2);
        assert_eq!(report.skipped, 4);
        assert_eq!(ps.len(), 2);
        let birth = ps.iter().find(|p| p.code == "1.001193").unwrap();
        assert_eq!(birth.name, "Đăng ký khai sinh");
        assert_eq!(birth.levels, vec![Level::District, Level::Commune]);
        let marriage = ps.iter().find(|p| p.code == "1.000894").unwrap();
        assert_eq!(marriage.levels, vec![Level::Commune]);
        assert!(report
            .issues
            .iter()
            .any(|i| i.position.index == Some(1) && i.kind == IssueKind::MissingCode));
        assert!(report.issues.iter().any(|i| i.severity == Severity::Warning
            && matches!(
                i.kind,
                IssueKind::WrongType {
                    field: "isProvince",
                    ..
                }
            )));
    }

    #[test]
    fn empty_and_broken_documents_are_reported() {
        let (ps, report) = run("  ");
        assert!(ps.is_empty());
        assert_eq!(report.issues[0].kind, IssueKind::EmptyInput);
        let (_, report) = run("{\"code\": ");
        assert!(matches!(report.issues[0].kind, IssueKind::InvalidJson(_)));
        let (_, report) = run("\"text\"");
        assert!(matches!(
            report.issues[0].kind,
            IssueKind::UnexpectedShape(_)
        ));
    }

    #[test]
    fn api_envelope_is_unwrapped() {
        let text = r#"{"code":"OK","data":{"items":[{"code":"1.000001","name":"A"}],"lastId":"x","total":1}}"#;
        let (ps, report) = run(text);
        assert_eq!(report.imported, 1);
        assert_eq!(ps[0].code, "1.000001");
    }
}
