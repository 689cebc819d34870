//! Detail objects of the portal's `get-formality-by-citizen` (and the list objects of
//! `list-all-public-formality-by-citizen`, which carry a subset of the same keys). Each step
//! below reads one part of the page, in the order the fields are reported.

use super::super::record::FieldReader;
use super::{str_of, ways, Object};
use crate::catalog::clean::{
    clean_name, collapse_whitespace, present, present_multiline, split_list,
};
use crate::catalog::import::{ImportReport, Position};
use crate::catalog::labels::labels;
use crate::catalog::model::{
    Channel, Document, Field, Form, LegalBasis, Level, OnlineLevel, Procedure, ProcedureResult,
};
use crate::deadline::Timestamp;
use serde_json::Value;

/// Public page of a procedure on the national portal, keyed by the API's `id` (the same
/// pattern the portal's own list links use).
const PORTAL_PAGE: &str = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/";

pub(super) fn detail(
    obj: &Object,
    position: &Position,
    report: &mut ImportReport,
) -> Option<Procedure> {
    let (mut p, mut r) =
        FieldReader::identity(obj, report, position, &["code", "codeNotation"], "name")?;
    let r = &mut r;
    levels(&mut p, r);
    types(&mut p, r);
    fields(&mut p, r);
    agencies(&mut p, r);
    steps(&mut p, r);
    p.ways = ways::ways(r);
    documents(&mut p, r);
    p.conditions = r
        .string("requirementsAndConditions")
        .and_then(|s| present_multiline(&s));
    results(&mut p, r);
    legal_basis(&mut p, r);
    p.online_level = online_level(&p, r);
    provenance(&mut p, r);
    Some(p)
}

/// Levels: the portal's flags.
fn levels(p: &mut Procedure, r: &mut FieldReader<'_>) {
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
}

/// The procedure type (`type`) and regulation type (`formalityType`): API codes turned into
/// the portal's wording; an unknown code is kept as given and reported.
fn types(p: &mut Procedure, r: &mut FieldReader<'_>) {
    let l = labels();
    p.procedure_type = labelled(r, "type", |code| l.procedure_type(code));
    p.regulation_type = labelled(r, "formalityType", |code| l.regulation_type(code));
}

fn labelled(
    r: &mut FieldReader<'_>,
    field: &'static str,
    label: impl Fn(&str) -> Option<&'static str>,
) -> Option<String> {
    let code = r.string(field).and_then(|t| present(&t))?;
    Some(match label(&code) {
        Some(label) => label.to_string(),
        None => {
            r.unknown(field, &code);
            code
        }
    })
}

/// Fields (lĩnh vực) with their codes; the older single `category` when the list is empty.
fn fields(p: &mut Procedure, r: &mut FieldReader<'_>) {
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
}

/// Competent and executing agencies, each with its older single-text fallback, and subjects.
fn agencies(p: &mut Procedure, r: &mut FieldReader<'_>) {
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

/// Steps as "name: description".
fn steps(p: &mut Procedure, r: &mut FieldReader<'_>) {
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
}

/// Documents of each case (trường hợp), named when there are several, then those outside
/// any case.
fn documents(p: &mut Procedure, r: &mut FieldReader<'_>) {
    let cases = r.objects("executionCases");
    let several = cases.len() > 1;
    for case in cases {
        let case_name = str_of(case, "name").map(|n| clean_name(&n));
        let case_name = case_name.filter(|n| several || !n.is_empty());
        if let Some(Value::Array(components)) = case.get("profileComponents") {
            for c in components.iter().filter_map(Value::as_object) {
                if let Some(doc) = document(c, case_name.clone()) {
                    p.documents.push(doc);
                }
            }
        }
    }
    for c in r.objects("profileComponents") {
        if let Some(doc) = document(c, None) {
            p.documents.push(doc);
        }
    }
}

fn document(c: &Object, case: Option<String>) -> Option<Document> {
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
        note: None,
    })
}

/// A count that older records give as a string.
fn count_of(obj: &Object, key: &str) -> Option<u32> {
    match obj.get(key)? {
        Value::Number(n) => n.as_u64().and_then(|v| u32::try_from(v).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn results(p: &mut Procedure, r: &mut FieldReader<'_>) {
    for res in r.objects("resultsDetails") {
        if let Some(name) = str_of(res, "name") {
            p.results.push(ProcedureResult {
                name,
                code: str_of(res, "code"),
            });
        }
    }
}

fn legal_basis(p: &mut Procedure, r: &mut FieldReader<'_>) {
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
}

/// isFullProcess is true only where an online way exists (checked on the samples), so it
/// reads as toàn trình; false with an online way is một phần; no online way is offline.
fn online_level(p: &Procedure, r: &mut FieldReader<'_>) -> Option<OnlineLevel> {
    let full = r.boolean("isFullProcess");
    let offline_only = r.boolean("isOfflineOnly");
    let has_online = p.ways.iter().any(|w| w.channel == Channel::Online);
    match (full, offline_only) {
        (_, Some(true)) => Some(OnlineLevel::Offline),
        (Some(true), _) => Some(OnlineLevel::Full),
        (Some(false), _) if has_online => Some(OnlineLevel::Partial),
        (Some(false), _) if !p.ways.is_empty() => Some(OnlineLevel::Offline),
        _ => None,
    }
}

/// Where the record comes from: its portal page, the decision that published it and when the
/// portal last changed it.
fn provenance(p: &mut Procedure, r: &mut FieldReader<'_>) {
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
    // Milliseconds since the epoch; an earlier time is not a real update.
    p.last_updated = r
        .number("updatedAt")
        .map(|ms| Timestamp::from_unix_millis(ms as i64))
        .filter(|t| t.0 >= 0)
        .and_then(Timestamp::to_rfc3339_utc);
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use crate::catalog::model::{Channel, FeeKind, Level, OnlineLevel};

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
}
