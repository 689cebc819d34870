//! The legal basis table (`can_cu_phap_ly`): title cells followed by document numbers.

use crate::catalog::clean::{collapse_whitespace, present};
use crate::catalog::labels::labels;
use crate::catalog::model::LegalBasis;

const LEGAL_HEADER: &str = "Tên văn bản pháp lýMã văn bản";

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
