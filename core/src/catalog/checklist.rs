//! The documents section (thành phần hồ sơ) as a "what to bring" checklist. Sources list papers
//! as raw table rows: names that run to thousands of characters of legal text, rules and
//! headings entered as papers with "0 bản chính", counts written inside names. [`tidy`] turns
//! them into papers with a short name, counts and a note, and remarks kept apart; every
//! importer's documents go through it after merging (one rule set, in `checklist.json`).

use super::clean::collapse_whitespace;
use super::model::{Document, DocumentNote};
use crate::text::{compose, fold};
use serde::Deserialize;
use std::sync::OnceLock;

/// Names up to this many characters stay whole.
const LABEL_MAX: usize = 100;
/// A break closer to the start than this would leave too little to recognise the paper by.
const LABEL_MIN: usize = 12;
/// A label still longer than this after the breaks is cut at a word before `LABEL_CUT`.
const LABEL_HARD: usize = 140;
const LABEL_CUT: usize = 110;
/// A parenthesis closing within this many characters stays in the label.
const SHORT_PARENTHESIS: usize = 40;

#[derive(Debug, Default, Deserialize)]
struct Vocabulary {
    paper_words: Vec<String>,
    label_breaks: Vec<String>,
    note_cases: Vec<String>,
    original_words: Vec<String>,
    copy_words: Vec<String>,
}

const CHECKLIST_JSON: &str = include_str!("checklist.json");

/// The embedded rules. A broken file is a build defect caught by the tests below; the empty
/// fallback then only leaves names whole.
fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| serde_json::from_str(CHECKLIST_JSON).unwrap_or_default())
}

/// The papers as a checklist, and the remarks that were listed among them.
///
/// - Text is composed (NFC), as sources mix NFC and NFD.
/// - Names lose list bullets ("- ", "+ ", "a) ") and long ones are cut into a name and a note.
/// - "0 bản chính" with no copies is no count at all; a count written in the name ("…: 01 bản
///   chụp;") becomes the counts.
/// - A row with no count whose text does not name a paper (no paper word first, no form, not
///   marked required) is a remark: it moves to the notes of its case.
/// - Case names lose their bullets and final colon; papers without a case come first, then
///   each case in the order the source lists them. Exact repeats within a case are dropped.
pub fn tidy(documents: Vec<Document>) -> (Vec<Document>, Vec<DocumentNote>) {
    let mut papers: Vec<Document> = Vec::new();
    let mut notes: Vec<DocumentNote> = Vec::new();
    for mut d in documents {
        d.case = d.case.as_deref().and_then(clean_case);
        d.note = d.note.as_deref().map(compose);
        let name = collapse_whitespace(strip_marker(&compose(&d.name)));
        if matches!(d.original_count, Some(0) | None) && matches!(d.copy_count, Some(0) | None) {
            d.original_count = None;
            d.copy_count = None;
        }
        let (name, counts) = match counts_in_name(&name) {
            Some((rest, counts)) if d.original_count.is_none() && d.copy_count.is_none() => {
                (rest, Some(counts))
            }
            _ => (name, None),
        };
        if let Some((original, copy)) = counts {
            d.original_count = original;
            d.copy_count = copy;
        }
        let stated = d.original_count.is_some() || d.copy_count.is_some();
        if name.is_empty() && d.forms.is_empty() {
            continue;
        }
        let remark = !is_paper(&name) || d.case.as_deref().is_some_and(is_note_case);
        if !stated && d.required != Some(true) && d.forms.is_empty() && remark {
            let note = DocumentNote {
                case: d.case,
                text: name,
            };
            if !notes.contains(&note) {
                notes.push(note);
            }
            continue;
        }
        let name = if name.is_empty() {
            d.forms[0].name.clone()
        } else {
            name
        };
        let (label, rest) = split_label(&name);
        d.name = label;
        d.note = join_notes(rest, d.note.take());
        if !papers.contains(&d) {
            papers.push(d);
        }
    }
    // Stable: the unnamed group first, the cases in first-seen order, papers in source order.
    let mut order: Vec<Option<String>> = vec![None];
    for d in &papers {
        if !order.contains(&d.case) {
            order.push(d.case.clone());
        }
    }
    papers.sort_by_key(|d| order.iter().position(|c| *c == d.case));
    (papers, notes)
}

/// A key to match the same paper across sources: no bullets, case or diacritics.
pub(crate) fn paper_key(name: &str) -> String {
    collapse_whitespace(&fold(strip_marker(name)).to_lowercase())
}

fn join_notes(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) if a != b => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    }
}

/// A case (trường hợp) name as a group heading: "* Giấy tờ phải nộp:" → "Giấy tờ phải nộp".
fn clean_case(case: &str) -> Option<String> {
    let text = collapse_whitespace(strip_bullets(&compose(case)));
    let text = text.trim_end_matches([':', ' ']).trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Leading bullets: "- ", "+ ", "* ", "• ", "+) ", "- ." and the like.
fn strip_bullets(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '+' | '*' | '•' | '–' | '·' | '.' | ')' | '\u{200e}'
            )
    })
}

/// Bullets and one list marker ("a) ", "1. ", "(i) ", "IV. ", "2/ ") at the start of a name.
fn strip_marker(text: &str) -> &str {
    let text = strip_bullets(text);
    let inner = text.strip_prefix('(').unwrap_or(text);
    let marker_len = inner
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X')))
        .map_or(0, |(i, _)| i);
    let marker_len = if marker_len == 0 {
        // One lower-case letter ("a)", "đ)").
        inner
            .chars()
            .next()
            .filter(|c| c.is_lowercase())
            .map_or(0, char::len_utf8)
    } else {
        marker_len
    };
    if marker_len == 0 || marker_len > 4 {
        return text;
    }
    let after = &inner[marker_len..];
    for sep in [") ", ". ", "/ ", ".) "] {
        if let Some(rest) = after.strip_prefix(sep) {
            if rest.starts_with(char::is_alphabetic) {
                return strip_bullets(rest);
            }
        }
    }
    text
}

/// Whether a case only gathers remarks ("Lưu ý").
fn is_note_case(case: &str) -> bool {
    let lower = case.to_lowercase();
    vocabulary().note_cases.contains(&lower)
}

/// Whether a text names a paper: it starts with one of the paper words.
fn is_paper(name: &str) -> bool {
    let lower = name.to_lowercase();
    vocabulary().paper_words.iter().any(|w| {
        lower
            .strip_prefix(w.as_str())
            .is_some_and(|rest| !rest.starts_with(char::is_alphabetic))
    })
}

/// (originals, copies), each when stated.
type Counts = (Option<u32>, Option<u32>);

/// Counts written at the end of a name after a colon or dash ("Hóa đơn thương mại: 01 bản
/// chụp;", "Tờ khai: 02 bản chính, 01 bản sao"): the name without them, and (originals, copies).
fn counts_in_name(name: &str) -> Option<(String, Counts)> {
    let v = vocabulary();
    let mut rest = name.trim_end_matches([';', '.', ',', ' ']);
    let mut original = None;
    let mut copy = None;
    loop {
        let lower = rest.to_lowercase();
        // Lower-casing keeps these texts' byte lengths only when nothing changes length; bail
        // out rather than slice at a wrong place.
        if lower.len() != rest.len() {
            return None;
        }
        let word = v
            .original_words
            .iter()
            .map(|w| (w, true))
            .chain(v.copy_words.iter().map(|w| (w, false)))
            .find(|(w, _)| lower.ends_with(w.as_str()));
        let Some((word, is_original)) = word else {
            break;
        };
        let before = rest[..rest.len() - word.len()].strip_suffix(' ')?;
        let digits = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        let n: u32 = before[before.len() - digits..].parse().ok()?;
        let slot = if is_original {
            &mut original
        } else {
            &mut copy
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(n);
        rest = before[..before.len() - digits].trim_end();
        for joint in [",", "và", "+", ";"] {
            if let Some(r) = rest.strip_suffix(joint) {
                rest = r.trim_end();
            }
        }
    }
    if original.is_none() && copy.is_none() {
        return None;
    }
    let name = rest.strip_suffix(':').or_else(|| rest.strip_suffix(" -"))?;
    let name = name.trim();
    (!name.is_empty()).then(|| (name.to_string(), (original, copy)))
}

/// A long name as (checklist label, the rest as a note): cut at the first break (a sentence
/// end, a legal reference, a condition) after `LABEL_MIN` characters, or, with none, at a word.
fn split_label(name: &str) -> (String, Option<String>) {
    if name.chars().count() <= LABEL_MAX {
        return (name.to_string(), None);
    }
    let min_byte = name
        .char_indices()
        .nth(LABEL_MIN)
        .map_or(name.len(), |(i, _)| i);
    let cut = vocabulary()
        .label_breaks
        .iter()
        .filter_map(|b| {
            name[min_byte..]
                .match_indices(b.as_str())
                .map(|(i, _)| i + min_byte)
                .find(|&i| break_fits(name, i, b))
        })
        .min();
    let (label, rest) = match cut {
        Some(i) => (&name[..i], &name[i..]),
        None => (name, ""),
    };
    let label = label.trim_end_matches([',', ';', ':', ' ']);
    let rest = rest.trim_start_matches(['.', ';', ',', ' ']);
    if label.chars().count() <= LABEL_HARD {
        let note = (!rest.is_empty()).then(|| rest.to_string());
        return (label.to_string(), note);
    }
    // Still too long: cut at the last word boundary before LABEL_CUT characters.
    let limit = label
        .char_indices()
        .nth(LABEL_CUT)
        .map_or(label.len(), |(i, _)| i);
    let at = label[..limit].rfind(' ').unwrap_or(limit);
    let head = label[..at].trim_end_matches([',', ';', ':', ' ']);
    let tail = label[at..].trim();
    let note = if rest.is_empty() {
        format!("…{tail}")
    } else {
        format!("…{tail} {rest}")
    };
    (format!("{head}…"), Some(note))
}

/// A sentence break (". ") counts only before a capital letter and not after "TP" ("TP. Hồ
/// Chí Minh"); a parenthesis (" (") only when it is long: "(được chứng thực)" is part of what
/// to bring.
fn break_fits(name: &str, at: usize, marker: &str) -> bool {
    let after = &name[at + marker.len()..];
    match marker {
        ". " => after.chars().next().is_some_and(char::is_uppercase) && !name[..at].ends_with("TP"),
        " (" => !after.chars().take(SHORT_PARENTHESIS).any(|c| c == ')'),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::Form;

    fn doc(name: &str, original: Option<u32>, copy: Option<u32>, case: Option<&str>) -> Document {
        Document {
            original_count: original,
            copy_count: copy,
            case: case.map(str::to_string),
            ..Document::new(name)
        }
    }

    #[test]
    fn vocabulary_file_parses() {
        let v: Vocabulary = serde_json::from_str(CHECKLIST_JSON).unwrap();
        assert!(v.paper_words.len() > 20);
        assert!(v.label_breaks.contains(&". ".to_string()));
        assert!(v.paper_words.iter().all(|w| *w == w.to_lowercase()));
    }

    #[test]
    fn zero_count_rows_become_remarks_of_their_case() {
        let (papers, notes) = tidy(vec![
            doc("- Giấy chứng sinh", Some(1), None, Some("* Giấy tờ phải nộp:")),
            doc(
                "Trường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh thì không phải nộp bản giấy.",
                Some(0),
                None,
                Some("* Giấy tờ phải nộp:"),
            ),
            doc("+ Người tiếp nhận có trách nhiệm kiểm tra", Some(0), Some(0), Some("* Lưu ý:")),
            doc("- Đối với giấy tờ nộp trực tuyến:", Some(0), None, Some("* Lưu ý:")),
        ]);
        assert_eq!(papers.len(), 1);
        assert_eq!(papers[0].name, "Giấy chứng sinh");
        assert_eq!(papers[0].case.as_deref(), Some("Giấy tờ phải nộp"));
        assert_eq!(notes.len(), 3);
        assert_eq!(notes[0].case.as_deref(), Some("Giấy tờ phải nộp"));
        assert!(notes[0].text.starts_with("Trường hợp"));
        assert_eq!(notes[1].text, "Người tiếp nhận có trách nhiệm kiểm tra");
        assert_eq!(notes[2].case.as_deref(), Some("Lưu ý"));
        // Under "Lưu ý", an uncounted row is a remark even when it starts like a paper.
        let (papers, notes) = tidy(vec![doc(
            "Bản chụp các giấy tờ gửi kèm phải bảo đảm rõ nét",
            Some(0),
            None,
            Some("* Lưu ý:"),
        )]);
        assert_eq!((papers.len(), notes.len()), (0, 1));
    }

    #[test]
    fn a_paper_without_counts_stays_a_paper_with_none() {
        let (papers, notes) = tidy(vec![
            doc("Tài liệu huấn luyện chi tiết", Some(0), Some(0), None),
            doc("Giấy phép hàng quá cảnh (nếu có)", Some(0), None, None),
        ]);
        assert!(notes.is_empty());
        assert_eq!(papers.len(), 2);
        assert!(papers
            .iter()
            .all(|p| p.original_count.is_none() && p.copy_count.is_none()));
        // A row the source marks required, or with a form, is a paper whatever its wording.
        let mut required = doc("Do ủy ban nhân dân cấp tỉnh quy định", None, None, None);
        required.required = Some(true);
        let mut with_form = doc("Theo mẫu", Some(0), None, None);
        with_form.forms.push(Form {
            name: "Mau01.docx".into(),
            url: None,
            file_path: None,
        });
        let (papers, notes) = tidy(vec![required, with_form]);
        assert_eq!((papers.len(), notes.len()), (2, 0));
    }

    #[test]
    fn counts_written_in_names_become_counts() {
        let (papers, _) = tidy(vec![
            doc("Hóa đơn thương mại: 01 bản chụp;", Some(0), None, None),
            doc(
                "a) Tờ khai hải quan: 02 bản chính, 01 bản sao.",
                None,
                None,
                None,
            ),
            // Stated counts win over words in the name, which then stay.
            doc("Văn bản đề nghị: 01 bản chính.", Some(1), None, None),
            // Not after a colon: part of the sentence, left alone.
            doc("Giấy tờ nộp 01 bản sao", None, None, None),
        ]);
        assert_eq!(papers[0].name, "Hóa đơn thương mại");
        assert_eq!(
            (papers[0].original_count, papers[0].copy_count),
            (None, Some(1))
        );
        assert_eq!(papers[1].name, "Tờ khai hải quan");
        assert_eq!(
            (papers[1].original_count, papers[1].copy_count),
            (Some(2), Some(1))
        );
        assert_eq!(papers[2].name, "Văn bản đề nghị: 01 bản chính.");
        assert_eq!(papers[3].name, "Giấy tờ nộp 01 bản sao");
        assert_eq!(papers[3].copy_count, None);
    }

    #[test]
    fn long_names_split_into_label_and_note() {
        let (label, note) = split_label("Đơn đề nghị cấp giấy phép xây dựng theo Mẫu số 1 Phụ lục số II Nghị định số 175/2024/NĐ-CP ngày 30/12/2024 của Chính phủ.");
        assert_eq!(label, "Đơn đề nghị cấp giấy phép xây dựng");
        assert_eq!(
            note.as_deref(),
            Some("theo Mẫu số 1 Phụ lục số II Nghị định số 175/2024/NĐ-CP ngày 30/12/2024 của Chính phủ.")
        );
        let (label, note) = split_label("Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh.");
        assert_eq!(label, "Giấy chứng sinh");
        assert!(note.unwrap().starts_with("trường hợp không có"));
        // A long parenthesis is a break, a short one part of the name.
        let (label, note) = split_label("Mẫu hộ tịch điện tử tương tác đăng ký khai sinh (do người yêu cầu cung cấp thông tin theo hướng dẫn trên Cổng dịch vụ công)");
        assert_eq!(label, "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh");
        assert!(note.unwrap().starts_with("(do người yêu cầu"));
        let (label, _) = split_label("Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh.");
        assert_eq!(label, "Văn bản ủy quyền (được chứng thực)");
        // Short names stay whole.
        let short = "Tờ khai đăng ký khai sinh theo mẫu";
        assert_eq!(split_label(short), (short.to_string(), None));
        // With no break, a word boundary; the note carries on where the label stops.
        let long = "Giấy ".repeat(60);
        let (label, note) = split_label(long.trim());
        assert!(label.ends_with('…') && label.chars().count() <= LABEL_CUT + 1);
        let note = note.unwrap();
        assert!(note.starts_with('…'));
        let words = |s: &str| s.matches("Giấy").count();
        assert_eq!(words(&label) + words(&note), 60);
    }

    #[test]
    fn sentence_breaks_need_a_capital_after() {
        let text = format!(
            "Bản sao Giấy chứng nhận đăng ký kinh doanh do Sở Kế hoạch và Đầu tư TP. Hồ Chí Minh cấp. {}",
            "Trường hợp đã có trong cơ sở dữ liệu thì không phải nộp."
        );
        let (label, note) = split_label(&text);
        assert!(label.ends_with("TP. Hồ Chí Minh cấp"), "{label}");
        assert!(note.unwrap().starts_with("Trường hợp"));
    }

    #[test]
    fn markers_and_cases_are_cleaned_and_unnamed_group_first() {
        let (papers, _) = tidy(vec![
            doc(
                "- .02 bộ bản vẽ thiết kế",
                Some(2),
                None,
                Some("(1.1) Đối với công trình:"),
            ),
            doc(
                "(i) Bản sao hợp đồng",
                Some(0),
                Some(1),
                Some("(1.1) Đối với công trình:"),
            ),
            doc("- Tờ khai", Some(1), None, None),
            doc("- Tờ khai", Some(1), None, None),
        ]);
        assert_eq!(papers.len(), 3, "the repeated paper is dropped");
        assert_eq!(papers[0].name, "Tờ khai");
        assert_eq!(papers[0].case, None);
        assert_eq!(papers[1].name, "02 bộ bản vẽ thiết kế");
        assert_eq!(papers[1].case.as_deref(), Some("(1.1) Đối với công trình"));
        assert_eq!(papers[2].name, "Bản sao hợp đồng");
        assert_eq!(strip_marker("1 bản chính"), "1 bản chính");
        assert_eq!(strip_marker("a) Tờ khai"), "Tờ khai");
        assert_eq!(strip_marker("IV. Hồ sơ"), "Hồ sơ");
        assert_eq!(strip_marker("2/ Số lượng"), "Số lượng");
        assert_eq!(paper_key("- Tờ KHAI  đăng ký"), "to khai dang ky");
    }
}
