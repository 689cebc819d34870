//! The flattened crawl of the portal's detail pages: one JSON object a line with Vietnamese
//! keys (`ma_thu_tuc`, `ten_thu_tuc`, `cach_thuc_thuc_hien`, ...). Its table sections are
//! cells glued together without separators; the parsers below recover the table structure
//! where it is recognisable and otherwise keep the text.

use super::dvcqg::{fee_kind_from_text, levels_from_labels};
use super::{CatalogBuilder, FieldReader, ImportReport, IssueKind, Position, SourceKind};
use crate::catalog::clean::{
    clean_name, collapse_whitespace, is_valid_code, present, present_multiline, split_list,
};
use crate::catalog::labels::labels;
use crate::catalog::model::{
    Channel, Document, Fee, Field, Form, LegalBasis, Procedure, ProcedureResult, ProcessingTime,
    TimeUnit, Way,
};
use std::io::BufRead;

const WAYS_HEADER: &str = "Hình thức nộpThời gianPhí, lệ phíMô tả";
const DOCS_HEADER: &str = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
const LEGAL_HEADER: &str = "Tên văn bản pháp lýMã văn bản";
const ABSENT: &str = "Không có thông tin";
const FREE: &str = "Miễn phí";
/// Form files the portal attaches; their names end a document cell.
const FORM_EXTENSIONS: [&str; 8] = [
    ".docx", ".doc", ".pdf", ".xlsx", ".xls", ".odt", ".rar", ".zip",
];

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
                    Position {
                        source: source.to_string(),
                        line: Some(line_no + 1),
                        index: None,
                    },
                    IssueKind::InvalidJson(format!("read error: {e}")),
                );
                break;
            }
        }
        line_no += 1;
        let position = Position {
            source: source.to_string(),
            line: Some(line_no),
            index: None,
        };
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
        report.input_problem(
            Position {
                source: source.to_string(),
                line: None,
                index: None,
            },
            IssueKind::EmptyInput,
        );
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
        let code = p.code.clone();
        report.imported += 1;
        if builder.add(SourceKind::Crawl, p) {
            report.warn(position, Some(code), IssueKind::DuplicateCode);
        }
    }
}

fn record(
    obj: &serde_json::Map<String, serde_json::Value>,
    position: &Position,
    report: &mut ImportReport,
) -> Option<Procedure> {
    let mut r = FieldReader {
        obj,
        report,
        position,
        code: None,
    };
    let code = collapse_whitespace(&r.string("ma_thu_tuc").unwrap_or_default());
    let name = clean_name(&r.string("ten_thu_tuc").unwrap_or_default());
    if code.is_empty() {
        report.skip(position.clone(), None, IssueKind::MissingCode);
        return None;
    }
    if !is_valid_code(&code) {
        report.skip(position.clone(), None, IssueKind::InvalidCode(code));
        return None;
    }
    if name.is_empty() {
        report.skip(position.clone(), Some(code), IssueKind::MissingName);
        return None;
    }
    let mut p = Procedure::new(code, name);
    let mut r = FieldReader {
        obj,
        report,
        position,
        code: Some(p.code.clone()),
    };
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

/// Steps: a new step at each line starting "Bước N"; otherwise the whole text is one step.
pub fn parse_steps(text: &str) -> Vec<String> {
    let Some(all) = present_multiline(text) else {
        return Vec::new();
    };
    let mut steps: Vec<String> = Vec::new();
    for line in all.lines() {
        let starts_step = line
            .strip_prefix("Bước")
            .map(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(false);
        match steps.last_mut() {
            Some(last) if !starts_step => {
                last.push('\n');
                last.push_str(line);
            }
            _ => steps.push(line.to_string()),
        }
    }
    steps
}

/// Ways and the notes on what could not be read.
#[derive(Debug, Default)]
pub struct ParsedWays {
    pub ways: Vec<Way>,
    pub notes: Vec<String>,
}

/// Capitalised labels as they appear in the page ("Trực tuyến"), longest first.
fn channel_starts() -> Vec<(String, Channel)> {
    labels()
        .channel_labels()
        .into_iter()
        .map(|(k, c)| (capitalise(k), c))
        .collect()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses "Hình thức nộpThời gianPhí, lệ phíMô tả" + rows of
/// channel · time (amount + unit) · fees ("Miễn phí" | "N <currency>(note)" ...) · description.
pub fn parse_ways(text: &str) -> ParsedWays {
    let mut out = ParsedWays::default();
    let text = text.trim();
    if labels().is_absent(text) {
        return out;
    }
    let Some(body) = text.strip_prefix(WAYS_HEADER) else {
        out.notes.push("no table header; section ignored".into());
        return out;
    };
    let channels = channel_starts();
    // A row starts where a channel label is directly followed by its time cell: a digit or
    // "Không ..." (no time given). Channel words inside descriptions are followed by a space.
    let mut starts: Vec<(usize, usize, Channel)> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        let hit = channels.iter().find(|(label, _)| {
            rest.starts_with(label.as_str()) && {
                let after = &rest[label.len()..];
                after.starts_with(|c: char| c.is_ascii_digit()) || after.starts_with("Không")
            }
        });
        if let Some((label, channel)) = hit {
            starts.push((i, i + label.len(), *channel));
            i += label.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    if starts.is_empty() {
        if !body.trim().is_empty() {
            out.notes
                .push("no recognisable row; section ignored".into());
        }
        return out;
    }
    if starts[0].0 > 0 {
        out.notes.push(format!(
            "text before the first row ignored: {:?}",
            &body[..starts[0].0]
        ));
    }
    for (n, &(_, cell_start, channel)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(body.len(), |s| s.0);
        let (way, note) = parse_way_row(channel, &body[cell_start..end]);
        if let Some(note) = note {
            out.notes.push(note);
        }
        out.ways.push(way);
    }
    out
}

/// Digits with optional `,`/`.` separators at the start of `text`.
fn number_run(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(text.len(), |(i, _)| i);
    // A trailing separator is punctuation, not part of the number.
    text[..end].trim_end_matches([',', '.'])
}

/// The currency label right after " " at the start of `text`, as (label length, ISO code).
fn currency_after_space(text: &str) -> Option<(usize, String)> {
    let rest = text.strip_prefix(' ')?;
    let lower = rest.to_lowercase();
    labels()
        .currency_labels()
        .into_iter()
        .find(|(label, _)| lower.starts_with(label))
        .map(|(label, code)| {
            // Lower-casing keeps these labels' byte lengths, so the prefix length carries over.
            (1 + label.len(), code.to_string())
        })
}

/// A money amount as the page formats it: `0`, `135`, `1,200,000`.
fn money_amount(run: &str) -> Option<f64> {
    let mut groups = run.split(',');
    let first = groups.next()?;
    let ok_first = !first.is_empty()
        && first.len() <= 3
        && first.bytes().all(|b| b.is_ascii_digit())
        && (first == "0" || !first.starts_with('0'));
    let rest: Vec<&str> = groups.collect();
    if !ok_first
        || rest
            .iter()
            .any(|g| g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        // Unformatted long numbers also occur ("1200"); accept plain digits without a
        // leading zero.
        if !run.contains(',') && !run.starts_with('0') && run.bytes().all(|b| b.is_ascii_digit()) {
            return run.parse().ok();
        }
        return None;
    }
    run.replace(',', "").parse().ok()
}

fn time_amount(run: &str) -> Option<f64> {
    if run.is_empty() || (run.len() > 1 && run.starts_with('0') && !run.starts_with("0.")) {
        return None;
    }
    run.replace(',', ".").parse().ok()
}

fn parse_way_row(channel: Channel, cell: &str) -> (Way, Option<String>) {
    let mut note = None;
    let mut rest = cell;
    let mut processing_time = None;
    let mut fees = Vec::new();
    let mut prefix_text = None;

    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        let run = number_run(rest);
        let after = &rest[run.len()..];
        let unit = labels().time_unit_labels().into_iter().find(|(label, _)| {
            let a = after.strip_prefix(' ').unwrap_or(after);
            a.to_lowercase().starts_with(label)
        });
        if let Some((label, unit)) = unit {
            let skip = run.len() + usize::from(after.starts_with(' ')) + label.len();
            processing_time = time_amount(run).map(|amount| ProcessingTime { amount, unit });
            rest = &rest[skip.min(rest.len())..];
        } else if let Some((cur_len, currency)) = currency_after_space(after) {
            // No unit, and the fee amount follows directly: "1100 VNĐ" is time 1 + fee 100.
            // Take the shortest valid time that leaves a well-formed amount.
            let split = (1..run.len()).find(|&k| {
                run.is_char_boundary(k)
                    && time_amount(&run[..k]).is_some()
                    && money_amount(&run[k..]).is_some()
            });
            match split {
                Some(k) => {
                    processing_time = time_amount(&run[..k]).map(|amount| ProcessingTime {
                        amount,
                        unit: TimeUnit::Other,
                    });
                    let amount = money_amount(&run[k..]);
                    note = Some(format!(
                        "time and fee digits run together in {run:?}; read as time {} and fee {}",
                        &run[..k],
                        &run[k..]
                    ));
                    rest = &after[cur_len..];
                    let (desc, after_desc) = parenthesised(rest);
                    rest = after_desc;
                    fees.push(make_fee(amount, Some(currency), desc));
                }
                None => {
                    note = Some(format!("cannot split time and fee in {run:?}"));
                    rest = after;
                }
            }
        } else {
            processing_time = time_amount(run).map(|amount| ProcessingTime {
                amount,
                unit: TimeUnit::Other,
            });
            rest = after;
        }
    } else if let Some(r) = rest.strip_prefix(ABSENT) {
        rest = r;
    } else {
        // A time given in words ("Không quy định", "Không phải trả kết quả ..."): it runs up
        // to the fee cell.
        let fee_at = find_fee_start(rest).unwrap_or(rest.len());
        prefix_text = present(&rest[..fee_at]);
        rest = &rest[fee_at..];
    }

    // Fee cells.
    loop {
        if let Some(r) = rest.strip_prefix(FREE) {
            let (desc, after) = parenthesised(r);
            fees.push(make_fee(Some(0.0), None, desc));
            rest = after;
        } else if fees.is_empty() && rest.starts_with(ABSENT) {
            rest = &rest[ABSENT.len()..];
            break;
        } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
            let run = number_run(rest);
            let after = &rest[run.len()..];
            match (currency_after_space(after), money_amount(run)) {
                (Some((cur_len, currency)), Some(amount)) => {
                    let (desc, after_desc) = parenthesised(&after[cur_len..]);
                    fees.push(make_fee(Some(amount), Some(currency), desc));
                    rest = after_desc;
                }
                _ => break,
            }
        } else {
            break;
        }
    }
    let description = match (prefix_text, present_multiline(rest)) {
        (Some(a), Some(b)) => Some(format!("{a}\n{b}")),
        (a, b) => a.or(b),
    };
    (
        Way {
            channel,
            processing_time,
            fees,
            description,
        },
        note,
    )
}

fn make_fee(amount: Option<f64>, currency: Option<String>, description: Option<String>) -> Fee {
    // "Miễn phí" with a note that states a rule or amount is not known to be free (the page
    // prints "Miễn phí" for every zero, as the API does).
    let amount = match amount {
        Some(a) if a == 0.0 && description.is_some() => None,
        other => other,
    };
    Fee {
        kind: description.as_deref().and_then(fee_kind_from_text),
        amount,
        currency,
        description,
    }
}

/// Where the fee cell starts in text that begins with a worded time.
fn find_fee_start(text: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    for marker in [FREE, ABSENT] {
        if let Some(i) = text.find(marker) {
            best = Some(best.map_or(i, |b: usize| b.min(i)));
        }
    }
    for (i, c) in text.char_indices() {
        if best.is_some_and(|b| i >= b) {
            break;
        }
        if c.is_ascii_digit() && (i == 0 || !text[..i].ends_with(|p: char| p.is_ascii_digit())) {
            let run = number_run(&text[i..]);
            if currency_after_space(&text[i + run.len()..]).is_some() {
                return Some(i);
            }
        }
    }
    best
}

/// A balanced "(...)" at the start of `text`: (its inside, the rest).
fn parenthesised(text: &str) -> (Option<String>, &str) {
    if !text.starts_with('(') {
        return (None, text);
    }
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return (present_multiline(&text[1..i]), &text[i + 1..]);
                }
            }
            _ => {}
        }
    }
    // Unbalanced: the note runs to the end.
    (present_multiline(&text[1..]), "")
}

/// Documents and notes on what could not be read.
#[derive(Debug, Default)]
pub struct ParsedDocuments {
    pub documents: Vec<Document>,
    pub notes: Vec<String>,
}

/// Parses groups of `<case>Tên giấy tờMẫu đơn, tờ khaiSố lượng` + rows of
/// name · form file(s) · "N bản chính[,M bản sao]".
pub fn parse_documents(text: &str) -> ParsedDocuments {
    let mut out = ParsedDocuments::default();
    if labels().is_absent(text) || text.trim().trim_matches('-').trim().is_empty() {
        return out;
    }
    let parts: Vec<&str> = text.split(DOCS_HEADER).collect();
    if parts.len() < 2 {
        out.notes.push("no table header; section ignored".into());
        return out;
    }
    let several = parts.len() > 2;
    let mut case = case_name(parts[0], several);
    for part in &parts[1..] {
        let mut cursor = 0;
        let mut cells = count_cells(part, true);
        if cells.is_empty() {
            // Some rows put a tab between the name and the count.
            cells = count_cells(part, false);
        }
        for (count_start, count_end, originals, copies) in cells {
            let cell = &part[cursor..count_start];
            cursor = count_end;
            let (name, forms) = split_forms(cell);
            let Some(name) = present(&name).or_else(|| forms.first().map(|f| f.name.clone()))
            else {
                out.notes
                    .push(format!("row without a name at byte {count_start} ignored"));
                continue;
            };
            out.documents.push(Document {
                name,
                original_count: originals,
                copy_count: copies,
                required: None,
                forms,
                case: case.clone(),
            });
        }
        // What follows the last row names the next group.
        case = case_name(&part[cursor..], several);
    }
    if out.documents.is_empty() {
        out.notes.push("no rows recognised".into());
    }
    out
}

fn case_name(text: &str, several: bool) -> Option<String> {
    let t = text.trim().trim_matches('-').trim();
    if !several && t.is_empty() {
        return None;
    }
    present(t)
}

/// Count cells: "N bản chính", "N bản chính,M bản sao", "M bản sao". The digit is glued to
/// the preceding cell, which tells a count cell from "01 bản chính" inside a name. Counts are
/// single digits in this data: a longer digit run is the name's number plus the count.
fn count_cells(text: &str, need_glue: bool) -> Vec<(usize, usize, Option<u32>, Option<u32>)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let glued = !need_glue || i == 0 || !bytes[i - 1].is_ascii_whitespace();
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            let rest = &text[j..];
            let digit_start = j - 1;
            let n: Option<u32> = text[digit_start..j].parse().ok();
            if glued {
                if let Some(after) = rest.strip_prefix(" bản chính") {
                    let mut end = j + " bản chính".len();
                    let mut copies = None;
                    if let Some(a) = after.strip_prefix(',') {
                        let run = a.bytes().take_while(u8::is_ascii_digit).count();
                        if run > 0 && a[run..].starts_with(" bản sao") {
                            copies = a[..run].parse().ok();
                            end += 1 + run + " bản sao".len();
                        }
                    }
                    out.push((digit_start, end, n, copies));
                    i = end;
                    continue;
                }
                if rest.starts_with(" bản sao") {
                    let end = j + " bản sao".len();
                    out.push((digit_start, end, None, n));
                    i = end;
                    continue;
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Splits a document cell into its name and the form files glued after it
/// ("...3.1).Mẫu số 05.docx" → name "...3.1)." and form "Mẫu số 05.docx").
fn split_forms(cell: &str) -> (String, Vec<Form>) {
    let mut name = cell.to_string();
    let mut forms = Vec::new();
    loop {
        let lower = name.to_lowercase();
        let Some(ext) = FORM_EXTENSIONS.iter().find(|e| lower.ends_with(*e)) else {
            break;
        };
        if lower.len() != name.len() {
            // Lower-casing changed byte lengths; do not risk slicing.
            break;
        }
        let ext_at = name.len() - ext.len();
        let head = &name[..ext_at];
        // The form name starts after the nearest glue point: punctuation followed directly
        // by a letter, or the end of an earlier form file.
        let mut start = 0;
        let mut prev: Option<char> = None;
        for (i, c) in head.char_indices() {
            if let Some(p) = prev {
                if c.is_alphabetic() && matches!(p, '.' | ';' | ':' | ')' | ']') {
                    start = i;
                }
            }
            prev = Some(c);
        }
        for e in FORM_EXTENSIONS {
            if let Some(i) = lower[..ext_at].rfind(e) {
                if i + e.len() > start && i + e.len() <= ext_at {
                    start = i + e.len();
                }
            }
        }
        let form_name = collapse_whitespace(&name[start..]);
        forms.insert(
            0,
            Form {
                name: form_name,
                url: None,
                file_path: None,
            },
        );
        name.truncate(start);
        if start == 0 {
            break;
        }
    }
    (name, forms)
}

/// Legal documents: title cells followed by number cells ("…sát hạch lái xe.160/2024/NĐ-CP").
pub fn parse_legal(text: &str) -> Vec<LegalBasis> {
    if labels().is_absent(text) {
        return Vec::new();
    }
    let body = text.strip_prefix(LEGAL_HEADER).unwrap_or(text);
    let mut out: Vec<LegalBasis> = Vec::new();
    let mut cursor = 0;
    for (start, end) in document_numbers(body) {
        if start < cursor {
            continue;
        }
        let title = present(&body[cursor..start]);
        let number = body[start..end].to_string();
        match (title, out.last_mut()) {
            // "Thông tư 80/2021/TT-BTC" + "80/2021/TT-BTC": the first match was in the title.
            (None, Some(last)) => {
                if let Some(prev) = last.number.take() {
                    let t = last.title.take().unwrap_or_default();
                    last.title = Some(collapse_whitespace(&format!("{t} {prev}")));
                }
                last.number = Some(number);
            }
            (title, _) => out.push(LegalBasis {
                number: Some(number),
                title,
            }),
        }
        cursor = end;
    }
    if let Some(rest) = present(&body[cursor..]) {
        out.push(LegalBasis {
            number: None,
            title: Some(rest),
        });
    }
    out
}

/// Spans of "N/YYYY/SUFFIX" document numbers.
fn document_numbers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let year_ok = j + 6 <= b.len()
            && b[j] == b'/'
            && b[j + 1..j + 5].iter().all(u8::is_ascii_digit)
            && b[j + 5] == b'/';
        if !year_ok {
            i = j;
            continue;
        }
        let mut start = i;
        // "năm 2011" glued to "02/2011/QH13": a year is not a document number's prefix.
        if j - i > 4 && (b[i..i + 2] == *b"19" || b[i..i + 2] == *b"20") {
            start = i + 4;
        }
        let suffix_start = j + 6;
        let mut k = suffix_start;
        let mut last_char: Option<char> = None;
        for (off, c) in text[suffix_start..].char_indices() {
            let ok = c.is_ascii_uppercase()
                || c.is_ascii_digit()
                || c == '-'
                || c == 'Đ'
                || (c == 'g' && last_char == Some('T'));
            if !ok {
                break;
            }
            k = suffix_start + off + c.len_utf8();
            last_char = Some(c);
        }
        let mut end = k;
        let next = text[end..].chars().next();
        // An upper-case letter followed by lower case starts the next title ("CPThông").
        // Lower-case titles ("CPnghị quyết") leave the suffix whole: its last segment would
        // shrink below two characters.
        if let (Some(last), Some(n)) = (text[suffix_start..end].chars().last(), next) {
            let segment = text[suffix_start..end].rsplit('-').next().unwrap_or("");
            if last.is_uppercase() && n.is_lowercase() && segment.chars().count() > 2 {
                end -= last.len_utf8();
            }
        }
        // Digits followed by "/" start the next number ("TT-BTC80/2021/...").
        if text[end..].starts_with('/') {
            let digits = text[suffix_start..end]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .count();
            end -= digits;
        }
        let end = suffix_start + text[suffix_start..end].trim_end_matches('-').len();
        if end > suffix_start {
            out.push((start, end));
            i = end;
        } else {
            i = j;
        }
    }
    out
}

/// Results: "NameMã: KQ.G04.000057Name2Mã: KQ...Từ khóa..." (the page's widgets follow
/// "Từ khóa" and are dropped).
pub fn parse_results(text: &str) -> Vec<ProcedureResult> {
    let text = text.split("Từ khóa").next().unwrap_or("");
    if labels().is_absent(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut pieces = text.split("Mã: ");
    let mut name = pieces.next().unwrap_or("").to_string();
    for piece in pieces {
        let code_len = piece
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '.'))
            .map_or(piece.len(), |(i, _)| i);
        let code = piece[..code_len].trim_end_matches('.');
        if let Some(n) = present(&name) {
            out.push(ProcedureResult {
                name: n,
                code: (!code.is_empty()).then(|| code.to_string()),
            });
        }
        name = piece[code_len..].to_string();
    }
    if let Some(n) = present(&name) {
        out.push(ProcedureResult {
            name: n,
            code: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::Level;

    #[test]
    fn ways_simple_rows() {
        let w = parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến1Miễn phíTrực tiếp22 Ngày làm việcMiễn phíTrong thời hạn 22 ngày.");
        assert!(w.notes.is_empty(), "{:?}", w.notes);
        assert_eq!(w.ways.len(), 2);
        assert_eq!(w.ways[0].channel, Channel::Online);
        assert_eq!(
            w.ways[0].processing_time,
            Some(ProcessingTime {
                amount: 1.0,
                unit: TimeUnit::Other
            })
        );
        assert_eq!(w.ways[0].fees[0].amount, Some(0.0));
        assert_eq!(w.ways[1].channel, Channel::InPerson);
        assert_eq!(
            w.ways[1].processing_time,
            Some(ProcessingTime {
                amount: 22.0,
                unit: TimeUnit::WorkingDay
            })
        );
        assert_eq!(
            w.ways[1].description.as_deref(),
            Some("Trong thời hạn 22 ngày.")
        );
    }

    #[test]
    fn ways_with_amounts_notes_and_channel_words_in_descriptions() {
        let w = parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến21 Ngày1,200,000 Việt Nam Đồng(1.200.000đ/thẻ ABTC.)Dịch vụ bưu chính10 NgàyKhông có thông tinTrực tiếp tại cơ quan Công an cấp huyện.Trực tiếp5 Ngày làm việc135 VNĐ(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)");
        assert_eq!(w.ways.len(), 3);
        let fee = &w.ways[0].fees[0];
        assert_eq!(fee.amount, Some(1_200_000.0));
        assert_eq!(fee.currency.as_deref(), Some("VND"));
        assert_eq!(fee.description.as_deref(), Some("1.200.000đ/thẻ ABTC."));
        assert_eq!(w.ways[1].channel, Channel::Postal);
        assert!(w.ways[1].fees.is_empty());
        assert_eq!(
            w.ways[1].description.as_deref(),
            Some("Trực tiếp tại cơ quan Công an cấp huyện.")
        );
        assert_eq!(w.ways[2].fees[0].amount, Some(135.0));
        assert_eq!(
            w.ways[2].fees[0].kind,
            Some(crate::catalog::FeeKind::Charge)
        );
    }

    #[test]
    fn ways_glued_time_and_fee_and_worded_time() {
        let w = parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp1100 VNĐ(Phí công bố: 100.000 đồng/lần)Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phíQua Cổng dịch vụ công");
        assert_eq!(w.ways.len(), 2);
        assert_eq!(
            w.ways[0].processing_time.as_ref().map(|t| t.amount),
            Some(1.0)
        );
        assert_eq!(w.ways[0].fees[0].amount, Some(100.0));
        assert_eq!(w.notes.len(), 1);
        assert_eq!(w.ways[1].processing_time, None);
        assert_eq!(w.ways[1].fees[0].amount, Some(0.0));
        assert_eq!(
            w.ways[1].description.as_deref(),
            Some("Không phải trả kết quả cho người nộp thuế\nQua Cổng dịch vụ công")
        );
    }

    #[test]
    fn free_with_a_rule_is_not_known_free() {
        let w = parse_ways("Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến35 Ngày làm việcMiễn phí(Phí thẩm định: 32.000.000 đồng/lần.)");
        assert_eq!(w.ways[0].fees[0].amount, None);
        assert_eq!(w.ways[0].fees[0].kind, Some(crate::catalog::FeeKind::Fee));
    }

    #[test]
    fn documents_with_cases_forms_and_counts() {
        let d = parse_documents("a) Đối với cơ quan:Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị: 01 bản chính.1 bản chínhb) Đối với cá nhân:Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị theo mục 3.1).Mẫu số 05.docx1 bản chính,2 bản saoTờ khai;Mau01-BK(BHYT).doc0 bản chính,1 bản sao");
        assert!(d.notes.is_empty(), "{:?}", d.notes);
        assert_eq!(d.documents.len(), 3);
        assert_eq!(d.documents[0].name, "Văn bản đề nghị: 01 bản chính.");
        assert_eq!(d.documents[0].original_count, Some(1));
        assert_eq!(d.documents[0].case.as_deref(), Some("a) Đối với cơ quan:"));
        assert_eq!(d.documents[1].name, "Đơn đề nghị theo mục 3.1).");
        assert_eq!(d.documents[1].forms[0].name, "Mẫu số 05.docx");
        assert_eq!(d.documents[1].copy_count, Some(2));
        assert_eq!(d.documents[1].case.as_deref(), Some("b) Đối với cá nhân:"));
        assert_eq!(d.documents[2].forms[0].name, "Mau01-BK(BHYT).doc");
        assert_eq!(d.documents[2].original_count, Some(0));
    }

    #[test]
    fn legal_numbers_split_from_titles() {
        let l = parse_legal("Tên văn bản pháp lýMã văn bảnQuy định về đào tạo lái xe.160/2024/NĐ-CPnghị quyết của Chính phủ24/2026/NQ-CPThông tư 80/2021/TT-BTC80/2021/TT-BTCLuật Khiếu nại năm 201102/2011/QH13Quyết định 1/2020/QĐ-TTg");
        let numbers: Vec<_> = l
            .iter()
            .map(|x| x.number.as_deref().unwrap_or("-"))
            .collect();
        assert_eq!(
            numbers,
            vec![
                "160/2024/NĐ-CP",
                "24/2026/NQ-CP",
                "80/2021/TT-BTC",
                "02/2011/QH13",
                "1/2020/QĐ-TTg"
            ]
        );
        assert_eq!(l[2].title.as_deref(), Some("Thông tư 80/2021/TT-BTC"));
        assert_eq!(l[3].title.as_deref(), Some("Luật Khiếu nại năm 2011"));
        assert_eq!(l[4].title.as_deref(), Some("Quyết định"));
    }

    #[test]
    fn results_split_on_codes() {
        let r = parse_results("Văn bản chấp thuậnMã: KQ.G19.000096văn bản từ chốiMã: KQ.G19.000560Từ khóaKhông có thông tinMô tả");
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].name, "văn bản từ chối");
        assert_eq!(r[1].code.as_deref(), Some("KQ.G19.000560"));
        assert!(parse_results("Không có thông tin").is_empty());
    }

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
