//! The flattened crawl of the portal's detail pages: one JSON object a line with Vietnamese
//! keys (`ma_thu_tuc`, `ten_thu_tuc`, `cach_thuc_thuc_hien`, ...). Its table sections are
//! cells glued together without separators; the parsers below recover the table structure
//! where it is recognisable and otherwise keep the text.

mod documents;
mod legal;
mod results;
mod steps;
mod ways;

pub use documents::{parse_documents, ParsedDocuments};
pub use legal::parse_legal;
pub use results::parse_results;
pub use steps::parse_steps;
pub use ways::{parse_ways, ParsedWays};

use super::record::{add_record, levels_from_labels, FieldReader};
use super::{CatalogBuilder, ImportReport, IssueKind, Position, SourceKind};
use crate::catalog::clean::{present, present_multiline, split_list};
use crate::catalog::model::{Channel, Field, OnlineLevel, Procedure};
use std::io::BufRead;

/// Imports JSON lines from a reader, line by line.
pub fn import_reader<R: BufRead>(
    mut reader: R,
    source: &str,
    builder: &mut CatalogBuilder,
) -> ImportReport {
    let mut report = ImportReport::default();
    builder.note_source(source);
    let mut buf = Vec::new();
    let mut line_no = 0;
    let mut any = false;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                report.input_problem(
                    Position::line(source, line_no + 1),
                    IssueKind::InvalidJson(format!("read error: {e}")),
                );
                break;
            }
        }
        line_no += 1;
        let position = Position::line(source, line_no);
        match std::str::from_utf8(&buf) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    any = true;
                    import_line(line, position, builder, &mut report);
                }
            }
            Err(_) => {
                any = true;
                report.skip(position, None, IssueKind::InvalidJson("not UTF-8".into()));
            }
        }
    }
    if !any {
        report.input_problem(Position::whole(source), IssueKind::EmptyInput);
    }
    report
}

/// Imports JSON lines held in memory.
pub fn import_str(text: &str, source: &str, builder: &mut CatalogBuilder) -> ImportReport {
    import_reader(text.as_bytes(), source, builder)
}

fn import_line(
    line: &str,
    position: Position,
    builder: &mut CatalogBuilder,
    report: &mut ImportReport,
) {
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            report.skip(position, None, IssueKind::InvalidJson(e.to_string()));
            return;
        }
    };
    let Some(obj) = value.as_object() else {
        report.skip(position, None, IssueKind::NotAnObject);
        return;
    };
    if let Some(p) = record(obj, &position, report) {
        add_record(builder, report, SourceKind::Crawl, position, p);
    }
}

fn record(
    obj: &serde_json::Map<String, serde_json::Value>,
    position: &Position,
    report: &mut ImportReport,
) -> Option<Procedure> {
    let (mut p, mut r) =
        FieldReader::identity(obj, report, position, &["ma_thu_tuc"], "ten_thu_tuc")?;
    let text = |r: &mut FieldReader<'_>, f: &'static str| r.string(f).unwrap_or_default();
    let levels = text(&mut r, "cap_thuc_hien");
    let regulation = text(&mut r, "loai_thu_tuc");
    let field = text(&mut r, "linh_vuc");
    let subjects = text(&mut r, "doi_tuong_thuc_hien");
    let competent = text(&mut r, "co_quan_co_tham_quyen");
    let executing = text(&mut r, "co_quan_thuc_hien");
    let steps = text(&mut r, "trinh_tu_thuc_hien");
    let ways = text(&mut r, "cach_thuc_thuc_hien");
    let documents = text(&mut r, "thanh_phan_ho_so");
    let legal = text(&mut r, "can_cu_phap_ly");
    let conditions = text(&mut r, "yeu_cau_dieu_kien");
    let results = text(&mut r, "ket_qua_xu_ly");
    let url = text(&mut r, "detail_url");
    let decision = text(&mut r, "so_quyet_dinh");

    p.levels = levels_from_labels(&levels, position, &p.code, report);
    p.regulation_type = present(&regulation);
    if let Some(name) = present(&field) {
        p.fields.push(Field { name, code: None });
    }
    p.subjects = split_list(&subjects);
    p.competent_agencies = split_list(&competent);
    p.executing_agencies = split_list(&executing);
    p.steps = parse_steps(&steps);
    let mut warn = |field: &'static str, detail: String| {
        report.warn(
            position.clone(),
            Some(p.code.clone()),
            IssueKind::Unstructured { field, detail },
        )
    };
    let parsed = parse_ways(&ways);
    for note in parsed.notes {
        warn("cach_thuc_thuc_hien", note);
    }
    p.ways = parsed.ways;
    // The page's table lists every way to submit; when none is "Trực tuyến" the page states
    // that the procedure is not offered online. With an online way it does not say whether
    // the service is toàn trình or một phần (checked against the portal API's isFullProcess on
    // the samples: both occur), so the level stays unknown.
    if !p.ways.is_empty() && !p.ways.iter().any(|w| w.channel == Channel::Online) {
        p.online_level = Some(OnlineLevel::Offline);
    }
    let parsed = parse_documents(&documents);
    for note in parsed.notes {
        warn("thanh_phan_ho_so", note);
    }
    p.documents = parsed.documents;
    p.legal_basis = parse_legal(&legal);
    p.conditions = present_multiline(&conditions);
    p.results = parse_results(&results);
    p.source_url = present(&url);
    p.decision_number = present(&decision);
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::Level;

    #[test]
    fn lines_bad_and_good() {
        let text = "{\"ma_thu_tuc\":\"1.000178\",\"ten_thu_tuc\":\"Giải quyết khiếu nại\",\"cap_thuc_hien\":\"Cấp bộ, Cấp tỉnh\",\"cach_thuc_thuc_hien\":\"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phí\",\"trinh_tu_thuc_hien\":\"Bước 1: Nộp\\nchi tiết\\nBước 2: Nhận\"}\n{broken\n\n[1]\n{\"ten_thu_tuc\":\"x\"}\n{\"ma_thu_tuc\":5,\"ten_thu_tuc\":\"y\"}\n";
        let mut b = CatalogBuilder::new();
        let report = import_str(text, "c.jsonl", &mut b);
        assert_eq!(report.imported, 1);
        assert_eq!(report.skipped, 4);
        let lines: Vec<_> = report.issues.iter().map(|i| i.position.line).collect();
        assert_eq!(lines, vec![Some(2), Some(4), Some(5), Some(6)]);
        let ps = b.finish();
        assert_eq!(ps[0].levels, vec![Level::Ministry, Level::Province]);
        assert_eq!(ps[0].steps.len(), 2);
        assert_eq!(ps[0].steps[0], "Bước 1: Nộp\nchi tiết");
        let empty = import_str("", "e.jsonl", &mut CatalogBuilder::new());
        assert_eq!(empty.issues[0].kind, IssueKind::EmptyInput);
    }
}
