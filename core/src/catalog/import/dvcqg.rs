//! The national portal's (Cổng Dịch vụ công quốc gia) API JSON: detail objects of
//! `get-formality-by-citizen`, list objects, and crawler summaries with Vietnamese keys
//! (`ma_tthc`, `ten_tthc`, ...). A document may be one object, an array of objects, or the
//! API envelope `{code, data: {items: [...]}}` / `{code, data: {...}}`.

use super::{CatalogBuilder, FieldReader, ImportReport, IssueKind, Position, SourceKind};
use crate::catalog::clean::{
    clean_name, collapse_whitespace, is_valid_code, present, present_multiline,
    rfc3339_from_millis, split_list,
};
use crate::catalog::labels::labels;
use crate::catalog::model::{
    Channel, Document, Fee, FeeKind, Field, Form, LegalBasis, Level, OnlineLevel, Procedure,
    ProcedureResult, ProcessingTime, TimeUnit, Way,
};
use serde_json::{Map, Value};

/// Public page of a procedure on the national portal, keyed by the API's `id` (the same
/// pattern the portal's own list links use).
const PORTAL_PAGE: &str = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/";

type Object = Map<String, Value>;

/// Imports one JSON document. `source` names the input in issue positions.
pub fn import_str(text: &str, source: &str, builder: &mut CatalogBuilder) -> ImportReport {
    let mut report = ImportReport::default();
    builder.note_source(source);
    let whole = Position {
        source: source.to_string(),
        line: None,
        index: None,
    };
    if text.trim().is_empty() {
        report.input_problem(whole, IssueKind::EmptyInput);
        return report;
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            report.input_problem(
                Position {
                    line: Some(e.line()),
                    ..whole
                },
                IssueKind::InvalidJson(e.to_string()),
            );
            return report;
        }
    };
    match unwrap_envelope(&value) {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let position = Position {
                    source: source.to_string(),
                    line: None,
                    index: Some(index),
                };
                import_value(item, position, builder, &mut report);
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
        (SourceKind::PortalSummary, summary(obj, &position, report))
    } else {
        let kind = if obj.contains_key("executionMethods") || obj.contains_key("executionCases") {
            SourceKind::PortalDetail
        } else {
            SourceKind::PortalSummary
        };
        (kind, detail(obj, &position, report))
    };
    if let Some(procedure) = parsed {
        let code = procedure.code.clone();
        report.imported += 1;
        if builder.add(kind, procedure) {
            report.warn(position, Some(code), IssueKind::DuplicateCode);
        }
    }
}

/// Reads and checks the code and name; reports and returns None when unusable.
fn identity(
    raw_code: Option<String>,
    raw_name: Option<String>,
    position: &Position,
    report: &mut ImportReport,
) -> Option<Procedure> {
    let code = collapse_whitespace(raw_code.as_deref().unwrap_or(""));
    if code.is_empty() {
        report.skip(position.clone(), None, IssueKind::MissingCode);
        return None;
    }
    if !is_valid_code(&code) {
        report.skip(position.clone(), None, IssueKind::InvalidCode(code));
        return None;
    }
    let name = clean_name(raw_name.as_deref().unwrap_or(""));
    if name.is_empty() {
        report.skip(position.clone(), Some(code), IssueKind::MissingName);
        return None;
    }
    Some(Procedure::new(code, name))
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

fn summary(obj: &Object, position: &Position, report: &mut ImportReport) -> Option<Procedure> {
    let mut r = FieldReader {
        obj,
        report,
        position,
        code: None,
    };
    let raw_code = r.string("ma_tthc");
    let raw_name = r.string("ten_tthc");
    let mut p = identity(raw_code, raw_name, position, r.report)?;
    let mut r = FieldReader {
        obj,
        report,
        position,
        code: Some(p.code.clone()),
    };
    let level_text = r.string("cap_thuc_hien").unwrap_or_default();
    let is_province = r.boolean("isProvince");
    let is_ward = r.boolean("isWard");
    let procedure_type = r.string("loai_tthc");
    let field = r.string("linh_vuc");
    let issuing = r.string("co_quan_ban_hanh");
    let executing = r.string("co_quan_thuc_hien");
    let url = r.string("url");
    p.levels = levels_from_labels(&level_text, position, &p.code, report);
    if p.levels.is_empty() {
        if is_province == Some(true) {
            p.levels.push(Level::Province);
        }
        if is_ward == Some(true) {
            p.levels.push(Level::Commune);
        }
    }
    p.procedure_type = procedure_type.as_deref().and_then(present);
    if let Some(name) = field.as_deref().and_then(present) {
        p.fields.push(Field { name, code: None });
    }
    p.competent_agencies = issuing.as_deref().map(split_list).unwrap_or_default();
    p.executing_agencies = executing.as_deref().map(split_list).unwrap_or_default();
    p.source_url = url.as_deref().and_then(present);
    Some(p)
}

fn detail(obj: &Object, position: &Position, report: &mut ImportReport) -> Option<Procedure> {
    let mut r = FieldReader {
        obj,
        report,
        position,
        code: None,
    };
    let raw_code = r.string("code").or_else(|| r.string("codeNotation"));
    let raw_name = r.string("name");
    let p = identity(raw_code, raw_name, position, r.report)?;
    let code = p.code.clone();
    let mut r = FieldReader {
        obj,
        report,
        position,
        code: Some(code),
    };
    Some(fill_detail(p, &mut r))
}

fn names_of(items: &[&Object]) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        if let Some(name) = item.get("name").and_then(Value::as_str).and_then(present) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

fn str_of(obj: &Object, key: &str) -> Option<String> {
    obj.get(key).and_then(Value::as_str).and_then(present)
}

/// A count that older records give as a string.
fn count_of(obj: &Object, key: &str) -> Option<u32> {
    match obj.get(key)? {
        Value::Number(n) => n.as_u64().and_then(|v| u32::try_from(v).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn fill_detail(mut p: Procedure, r: &mut FieldReader<'_>) -> Procedure {
    let l = labels();
    // Levels: the portal's flags.
    for (flag, level) in [
        ("isMinistry", Level::Ministry),
        ("isProvince", Level::Province),
        ("isDistrict", Level::District),
        ("isWard", Level::Commune),
        ("isOtherAgency", Level::Other),
    ] {
        if r.boolean(flag) == Some(true) {
            p.levels.push(level);
        }
    }
    p.levels.sort();

    if let Some(t) = r.string("type").and_then(|t| present(&t)) {
        p.procedure_type = Some(match l.procedure_type(&t) {
            Some(label) => label.to_string(),
            None => {
                r.report.warn(
                    r.position.clone(),
                    r.code.clone(),
                    IssueKind::UnknownValue {
                        field: "type",
                        value: t.clone(),
                    },
                );
                t
            }
        });
    }
    if let Some(t) = r.string("formalityType").and_then(|t| present(&t)) {
        p.regulation_type = Some(match l.regulation_type(&t) {
            Some(label) => label.to_string(),
            None => {
                r.report.warn(
                    r.position.clone(),
                    r.code.clone(),
                    IssueKind::UnknownValue {
                        field: "formalityType",
                        value: t.clone(),
                    },
                );
                t
            }
        });
    }

    for cat in r.objects("categoriesDetails") {
        if let Some(name) = str_of(cat, "name") {
            if !p.fields.iter().any(|f| f.name == name) {
                p.fields.push(Field {
                    name,
                    code: str_of(cat, "code"),
                });
            }
        }
    }
    if p.fields.is_empty() {
        if let Some(Value::Object(cat)) = r.obj.get("category") {
            if let Some(name) = str_of(cat, "name") {
                p.fields.push(Field {
                    name,
                    code: str_of(cat, "code"),
                });
            }
        }
    }

    p.competent_agencies = names_of(&r.objects("departmentsAuthority"));
    if p.competent_agencies.is_empty() {
        if let Some(name) = r
            .string("departmentPromulgateName")
            .and_then(|s| present(&s))
        {
            p.competent_agencies.push(name);
        }
    }
    p.executing_agencies = names_of(&r.objects("departmentsExecuting"));
    if p.executing_agencies.is_empty() {
        p.executing_agencies = r
            .string("executingAgencies")
            .map(|s| split_list(&s))
            .unwrap_or_default();
    }
    p.subjects = names_of(&r.objects("subjectTypesDetails"));

    for step in r.objects("executionSteps") {
        let name = str_of(step, "name");
        let description = step
            .get("description")
            .and_then(Value::as_str)
            .and_then(present_multiline);
        let text = match (name, description) {
            (Some(n), Some(d)) => format!("{n}: {d}"),
            (Some(n), None) => n,
            (None, Some(d)) => d,
            (None, None) => continue,
        };
        p.steps.push(text);
    }

    for method in r.objects("executionMethods") {
        let Some(code) = method.get("submissionMethod").and_then(Value::as_str) else {
            r.report.warn(
                r.position.clone(),
                r.code.clone(),
                IssueKind::WrongType {
                    field: "executionMethods[].submissionMethod",
                    expected: "a string",
                },
            );
            continue;
        };
        let Some(channels) = l.api_channels(code) else {
            r.report.warn(
                r.position.clone(),
                r.code.clone(),
                IssueKind::UnknownValue {
                    field: "submissionMethod",
                    value: code.to_string(),
                },
            );
            continue;
        };
        let amount = method.get("processingTime").and_then(|v| match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().replace(',', ".").parse().ok(),
            _ => None,
        });
        let unit = match method.get("processingTimeUnit").and_then(Value::as_str) {
            Some(u) => match l.api_time_unit(u) {
                Some(unit) => Some(unit),
                None => {
                    r.report.warn(
                        r.position.clone(),
                        r.code.clone(),
                        IssueKind::UnknownValue {
                            field: "processingTimeUnit",
                            value: u.to_string(),
                        },
                    );
                    Some(TimeUnit::Other)
                }
            },
            None => None,
        };
        // A zero with unit OTHER is the portal's "see the description", not "instant".
        let processing_time = match (amount, unit) {
            (Some(a), Some(TimeUnit::Other)) if a <= 0.0 => None,
            (Some(a), Some(u)) if a.is_finite() && a >= 0.0 => {
                Some(ProcessingTime { amount: a, unit: u })
            }
            _ => None,
        };
        let description = method
            .get("description")
            .and_then(Value::as_str)
            .and_then(present_multiline);
        let fees = match method.get("fees") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_object)
                .filter_map(api_fee)
                .collect(),
            _ => Vec::new(),
        };
        for &channel in channels {
            p.ways.push(Way {
                channel,
                processing_time: processing_time.clone(),
                fees: fees.clone(),
                description: description.clone(),
            });
        }
    }

    let cases = r.objects("executionCases");
    let several = cases.len() > 1;
    for case in cases {
        let case_name = str_of(case, "name").map(|n| clean_name(&n));
        let case_name = case_name.filter(|n| several || !n.is_empty());
        if let Some(Value::Array(components)) = case.get("profileComponents") {
            for c in components.iter().filter_map(Value::as_object) {
                if let Some(doc) = api_document(c, case_name.clone()) {
                    p.documents.push(doc);
                }
            }
        }
    }
    for c in r.objects("profileComponents") {
        if let Some(doc) = api_document(c, None) {
            p.documents.push(doc);
        }
    }

    p.conditions = r
        .string("requirementsAndConditions")
        .and_then(|s| present_multiline(&s));
    for res in r.objects("resultsDetails") {
        if let Some(name) = str_of(res, "name") {
            p.results.push(ProcedureResult {
                name,
                code: str_of(res, "code"),
            });
        }
    }
    for lb in r.objects("legalBasisesDetails") {
        let number = str_of(lb, "code");
        let title = str_of(lb, "name");
        if number.is_some() || title.is_some() {
            p.legal_basis.push(LegalBasis { number, title });
        }
    }
    // Sort legal documents by number so the artefact does not depend on API order.
    p.legal_basis
        .sort_by(|a, b| a.number.cmp(&b.number).then(a.title.cmp(&b.title)));

    // isFullProcess is true only where an online way exists (checked on the samples), so it
    // reads as toàn trình; false with an online way is một phần; no online way is offline.
    let full = r.boolean("isFullProcess");
    let offline_only = r.boolean("isOfflineOnly");
    let has_online = p.ways.iter().any(|w| w.channel == Channel::Online);
    p.online_level = match (full, offline_only) {
        (_, Some(true)) => Some(OnlineLevel::Offline),
        (Some(true), _) => Some(OnlineLevel::Full),
        (Some(false), _) if has_online => Some(OnlineLevel::Partial),
        (Some(false), _) if !p.ways.is_empty() => Some(OnlineLevel::Offline),
        _ => None,
    };

    p.source_url = r
        .string("id")
        .and_then(|id| present(&id))
        .map(|id| format!("{PORTAL_PAGE}{id}"));
    p.decision_number = r.string("decisionNo").and_then(|s| present(&s));
    if p.decision_number.is_none() {
        if let Some(Value::Object(proposal)) = r.obj.get("procedureProposal") {
            p.decision_number =
                str_of(proposal, "decisionNumber").or_else(|| str_of(proposal, "proposalNumber"));
        }
    }
    p.last_updated = r
        .number("updatedAt")
        .and_then(|ms| rfc3339_from_millis(ms as i64));
    p
}

fn api_fee(fee: &Object) -> Option<Fee> {
    let value = fee.get("value").and_then(Value::as_f64);
    let description = fee
        .get("description")
        .and_then(Value::as_str)
        .and_then(present_multiline);
    let currency = fee
        .get("currencyName")
        .and_then(Value::as_str)
        .and_then(|c| labels().currency(c))
        .map(str::to_string);
    // The portal shows a 0 as "Miễn phí" even when the description states an amount or a
    // rule ("Theo quy định của Bộ Tài chính"), so 0 counts as free only without one.
    let amount = match value {
        Some(v) if v > 0.0 => Some(v),
        Some(v) if v == 0.0 && description.is_none() => Some(0.0),
        _ => None,
    };
    if amount.is_none() && description.is_none() {
        return None;
    }
    Some(Fee {
        kind: description.as_deref().and_then(fee_kind_from_text),
        amount,
        currency,
        description,
    })
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

fn api_document(c: &Object, case: Option<String>) -> Option<Document> {
    let name = c
        .get("name")
        .and_then(Value::as_str)
        .map(collapse_whitespace)
        .filter(|n| !n.is_empty())?;
    let mut forms = Vec::new();
    if let Some(Value::Array(attachments)) = c.get("attachments") {
        for a in attachments.iter().filter_map(Value::as_object) {
            let file_name = str_of(a, "fileName").or_else(|| str_of(a, "name"));
            let url = str_of(a, "url").filter(|u| u.starts_with("http"));
            let file_path = str_of(a, "filePath");
            if let Some(name) = file_name.or_else(|| file_path.clone()) {
                forms.push(Form {
                    name,
                    url,
                    file_path,
                });
            }
        }
    }
    Some(Document {
        name,
        original_count: count_of(c, "originalQty"),
        copy_count: count_of(c, "copyQty"),
        required: c.get("required").and_then(Value::as_bool),
        forms,
        case,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::import::Severity;

    fn run(text: &str) -> (Vec<Procedure>, ImportReport) {
        let mut b = CatalogBuilder::new();
        let report = import_str(text, "t.json", &mut b);
        (b.finish(), report)
    }

    const DETAIL: &str = r#"{"id":"abc","code":"1.000363","name":"Cấp phép\tnhập khẩu",
      "executionMethods":[
        {"submissionMethod":"ONLINE","processingTime":5,"processingTimeUnit":"WORKING_DAY",
         "fees":[{"type":"FEE","value":0}]},
        {"submissionMethod":"DIRECT_AND_ONLINE","processingTime":0,"processingTimeUnit":"OTHER",
         "description":"Theo từng trường hợp",
         "fees":[{"type":"FEE","value":230000,"currencyName":"Việt Nam Đồng","description":"Lệ phí: 230.000/lần"},
                 {"type":"FEE","value":0,"description":"Theo quy định của Bộ Tài chính"}]}],
      "executionCases":[{"name":"","profileComponents":[
         {"name":"Đơn đăng ký","originalQty":1,"copyQty":"2","required":true,
          "attachments":[{"fileName":"Mau.docx","filePath":"configuring/x/Mau.docx"}]}]}],
      "isProvince":true,"isWard":true,"isMinistry":false,"isFullProcess":false,
      "type":"STANDARD","formalityType":"ASSIGNED_REGULATION",
      "categoriesDetails":[{"name":"Công nghiệp","code":"G02-CT05"}],
      "departmentsExecuting":[{"name":"Ủy ban nhân dân cấp tỉnh"}],
      "departmentPromulgateName":"Bộ Công thương",
      "legalBasisesDetails":[{"code":"67/2013/NĐ-CP","name":"Quy định chi tiết"}],
      "resultsDetails":[{"name":"Giấy phép","code":"KQ.G02.000137"}],
      "subjectTypesDetails":[{"name":"Doanh nghiệp"}],
      "requirementsAndConditions":"", "updatedAt":1775836631503}"#;

    #[test]
    fn detail_object_maps_every_part() {
        let (ps, report) = run(DETAIL);
        assert_eq!(report.imported, 1);
        assert_eq!(report.skipped, 0);
        let p = &ps[0];
        assert_eq!(p.name, "Cấp phép nhập khẩu");
        assert_eq!(p.levels, vec![Level::Province, Level::Commune]);
        assert_eq!(p.procedure_type.as_deref(), Some("TTHC Tiêu chuẩn"));
        assert_eq!(p.ways.len(), 3);
        assert_eq!(p.ways[0].channel, Channel::Online);
        assert_eq!(
            p.ways[0].processing_time.as_ref().map(|t| t.amount),
            Some(5.0)
        );
        assert_eq!(p.ways[0].fees[0].amount, Some(0.0));
        assert_eq!(p.ways[1].channel, Channel::InPerson);
        assert_eq!(p.ways[1].processing_time, None);
        assert_eq!(p.ways[1].fees[0].amount, Some(230000.0));
        assert_eq!(p.ways[1].fees[0].kind, Some(FeeKind::Charge));
        assert_eq!(p.ways[1].fees[0].currency.as_deref(), Some("VND"));
        assert_eq!(p.ways[1].fees[1].amount, None);
        assert_eq!(p.documents[0].copy_count, Some(2));
        assert_eq!(p.documents[0].forms[0].url, None);
        assert_eq!(p.documents[0].case, None);
        assert_eq!(p.online_level, Some(OnlineLevel::Partial));
        assert_eq!(p.conditions, None);
        assert_eq!(p.competent_agencies, vec!["Bộ Công thương"]);
        assert_eq!(p.fields[0].code.as_deref(), Some("G02-CT05"));
        assert_eq!(p.last_updated.as_deref(), Some("2026-04-10T15:57:11Z"));
        assert_eq!(
            p.source_url.as_deref(),
            Some("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/abc")
        );
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

    #[test]
    fn fee_zero_without_text_is_free_with_text_unknown() {
        let free: Object = serde_json::from_str(r#"{"value":0}"#).unwrap();
        assert_eq!(api_fee(&free).and_then(|f| f.amount), Some(0.0));
        let rule: Object =
            serde_json::from_str(r#"{"value":0,"description":"Phí thẩm định 32.000.000 đồng"}"#)
                .unwrap();
        let fee = api_fee(&rule).unwrap();
        assert_eq!(fee.amount, None);
        assert_eq!(fee.kind, Some(FeeKind::Fee));
    }
}
