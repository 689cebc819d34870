//! The documents table (`thanh_phan_ho_so`): groups of `<case>Tên giấy tờMẫu đơn, tờ
//! khaiSố lượng` followed by rows of name · form file(s) · "N bản chính[,M bản sao]".

use crate::catalog::clean::{collapse_whitespace, present};
use crate::catalog::labels::labels;
use crate::catalog::model::{Document, Form};

const DOCS_HEADER: &str = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
/// Form files the portal attaches; their names end a document cell.
const FORM_EXTENSIONS: [&str; 8] = [
    ".docx", ".doc", ".pdf", ".xlsx", ".xls", ".odt", ".rar", ".zip",
];

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
                note: None,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
