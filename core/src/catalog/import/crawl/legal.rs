//! The legal basis table (`can_cu_phap_ly`): title cells followed by document numbers.

use crate::catalog::clean::{collapse_whitespace, present};
use crate::catalog::labels::labels;
use crate::catalog::model::LegalBasis;
use crate::text::{compose, fold};

const LEGAL_HEADER: &str = "Tên văn bản pháp lýMã văn bản";

/// Legal documents: title cells followed by number cells ("…sát hạch lái xe.160/2024/NĐ-CP").
/// Titles mention numbers too ("Nghị định số 123/2015/NĐ-CP ngày …"); a number is its own
/// cell only where the table glued it on: right after the title's last letter (no space), or
/// right before the next title's capital letter or the end. Repeats and fragments are merged
/// afterwards by [`crate::catalog::legal::tidy`].
pub fn parse_legal(text: &str) -> Vec<LegalBasis> {
    if labels().is_absent(text) {
        return Vec::new();
    }
    // Decomposed (NFD) text would hide the letters the cell boundaries are read from.
    let text = compose(text);
    let body = text.strip_prefix(LEGAL_HEADER).unwrap_or(&text);
    let mut out: Vec<LegalBasis> = Vec::new();
    let mut cursor = 0;
    for (start, end) in document_numbers(body) {
        if start < cursor || !is_cell(body, start, end) {
            continue;
        }
        let title = present(&body[cursor..start]);
        let number = body[start..end].to_string();
        match (title, out.last_mut()) {
            // "Thông tư 80/2021/TT-BTC" + "80/2021/TT-BTC" read as two cells: one entry.
            (None, Some(last)) if last.number.as_deref() != Some(number.as_str()) => {
                if let Some(prev) = last.number.take() {
                    let t = last.title.take().unwrap_or_default();
                    last.title = Some(collapse_whitespace(&format!("{t} {prev}")));
                }
                last.number = Some(number);
            }
            (None, Some(_)) => {}
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

/// Whether the number at `start..end` is a number cell rather than a mention in a title: glued
/// to the text before it, or to the next title's capital, or at the end, or written with its
/// kind glued on ("…pháp luậtNghị định số 77/2008/NĐ-CP": the cell's own words).
fn is_cell(body: &str, start: usize, end: usize) -> bool {
    let before = &body[..start];
    let glued_before = before
        .chars()
        .last()
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '(' | '"' | '“' | '\''));
    let after = &body[end..];
    let ends_cell = after.trim().is_empty() || after.starts_with(char::is_uppercase);
    start == 0 || glued_before || ends_cell || glued_kind_before(before)
}

/// Whether `before` ends with a document kind ("Nghị định", optionally "số") glued to the
/// lower-case end of a title with no space ("luậtNghị định số "). After a number cell's
/// capitals ("NĐ-CPThông tư 80/…") the kind starts the next title instead.
fn glued_kind_before(before: &str) -> bool {
    let t = before.trim_end();
    let t = t.strip_suffix("số").map_or(t, str::trim_end);
    let lower = t.to_lowercase();
    if lower.len() != t.len() {
        return false;
    }
    labels().legal_document_types().into_iter().any(|kind| {
        lower.strip_suffix(kind).is_some_and(|head| {
            t[head.len()..].starts_with(char::is_uppercase)
                && t[..head.len()]
                    .chars()
                    .last()
                    .is_some_and(char::is_lowercase)
        })
    })
}

/// Spans of "N/YYYY/SUFFIX" document numbers.
fn document_numbers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Where the last number ended: a number glued to it ("QH1352/2014/QH13") starts there even
    // though a digit precedes it.
    let mut last_end = usize::MAX;
    while i < b.len() {
        let continues_digits = i > 0
            && (b[i - 1].is_ascii_digit()
                || b[i - 1] == b'.' && i > 1 && b[i - 2].is_ascii_digit());
        if !b[i].is_ascii_digit() || (continues_digits && i != last_end) {
            i += 1;
            continue;
        }
        // Dotted numbers ("66.7/2025/NQ-CP") are one number.
        let mut j = i;
        while j < b.len()
            && (b[j].is_ascii_digit()
                || (b[j] == b'.' && j > i && b.get(j + 1).is_some_and(u8::is_ascii_digit)))
        {
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
        // An upper-case letter followed by lower case starts the next title ("CPThông") when
        // the two can begin a Vietnamese word (a vowel, or h/r/g after it: "Th", "Tr", "Ng");
        // "BTPtư" is "BTP" + a lower-case title. Lower-case titles ("CPnghị quyết") leave the
        // suffix whole: its last segment would shrink below two characters.
        if let (Some(last), Some(n)) = (text[suffix_start..end].chars().last(), next) {
            let segment = text[suffix_start..end].rsplit('-').next().unwrap_or("");
            let starts_word = fold(&n.to_string())
                .chars()
                .next()
                .is_some_and(|b| "aeiouyhrg".contains(b));
            if last.is_uppercase() && n.is_lowercase() && starts_word && segment.chars().count() > 2
            {
                end -= last.len_utf8();
            }
        }
        // Digits followed by "/" start the next number ("TT-BTC80/2021/..."). A National
        // Assembly suffix keeps its two-digit term ("QH1352/2014/..." is QH13 + 52/2014).
        if text[end..].starts_with('/') {
            let suffix = &text[suffix_start..end];
            let digits = suffix
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .count();
            let letters = &suffix[..suffix.len() - digits];
            let keep = if letters.ends_with("QH") { 2 } else { 0 };
            end -= digits.saturating_sub(keep);
        }
        let end = suffix_start + text[suffix_start..end].trim_end_matches('-').len();
        if end > suffix_start {
            out.push((start, end));
            i = end;
            last_end = end;
        } else {
            i = j;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(l: &[LegalBasis]) -> Vec<&str> {
        l.iter()
            .map(|x| x.number.as_deref().unwrap_or("-"))
            .collect()
    }

    #[test]
    fn legal_numbers_split_from_titles() {
        let l = parse_legal("Tên văn bản pháp lýMã văn bảnQuy định về đào tạo lái xe.160/2024/NĐ-CPnghị quyết của Chính phủ24/2026/NQ-CPThông tư 80/2021/TT-BTC80/2021/TT-BTCLuật Khiếu nại năm 201102/2011/QH13Quyết định 1/2020/QĐ-TTg");
        assert_eq!(
            numbers(&l),
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
    fn numbers_mentioned_in_titles_stay_in_them() {
        let l = parse_legal("Tên văn bản pháp lýMã văn bảnNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch123/2015/NĐ-CPLuật số 62/2020/QH14 của Quốc hội: Luật sửa đổi Luật Xây dựng62/2020/QH14quy định về phân cấp144/2025/NĐ-CP");
        assert_eq!(
            numbers(&l),
            vec!["123/2015/NĐ-CP", "62/2020/QH14", "144/2025/NĐ-CP"]
        );
        assert_eq!(
            l[0].title.as_deref(),
            Some("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch")
        );
        assert_eq!(l[2].title.as_deref(), Some("quy định về phân cấp"));
        let l = parse_legal("Luật 52/2014/QH1352/2014/QH13Nghị quyết số 66.7/2025/NQ-CP của Chính phủ: Quy định dựa trên dữ liệu66.7/2025/NQ-CP");
        assert_eq!(numbers(&l), vec!["52/2014/QH13", "66.7/2025/NQ-CP"]);
        assert_eq!(l[0].title.as_deref(), Some("Luật 52/2014/QH13"));
        // A number cell written with its kind, after a title that starts in lower case.
        let l = parse_legal("về thủ tục hành chính03/2024/TT-BTPtư vấn pháp luậtNghị định số 77/2008/NĐ-CPsửa đổi luật sư05/2012/NĐ-CP");
        assert_eq!(
            numbers(&l),
            vec!["03/2024/TT-BTP", "77/2008/NĐ-CP", "05/2012/NĐ-CP"]
        );
        assert_eq!(l[1].title.as_deref(), Some("tư vấn pháp luậtNghị định số"));
        // Decomposed input reads the same.
        let nfd = "Luật Hộ ti\u{323}ch60/2014/QH13";
        assert_eq!(parse_legal(nfd)[0].title.as_deref(), Some("Luật Hộ tịch"));
    }
}
