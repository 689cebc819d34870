//! Legal basis (căn cứ pháp lý) as one line per legal document. Sources repeat a number (the
//! crawl's table lists a decree once per article it cites; the API lists it under several
//! titles) and split a title at a number it mentions ("123/2015/NĐ-CP — Nghị định số"); every
//! importer's legal basis goes through [`tidy`] after merging.

use super::clean::collapse_whitespace;
use super::labels::{key, labels};
use super::model::LegalBasis;
use crate::text::compose;

/// One entry per document number (text composed to NFC), in first-seen order: the first real title wins over a
/// fragment ("Nghị định số", or nothing); a number with only fragments keeps the document kind
/// ("Nghị định"). Entries without a number are kept once per title, unless only a fragment.
pub fn tidy(list: Vec<LegalBasis>) -> Vec<LegalBasis> {
    let mut out: Vec<LegalBasis> = Vec::new();
    for entry in list {
        let number = entry
            .number
            .map(|n| collapse_whitespace(&compose(&n)))
            .filter(|n| !n.is_empty() && !labels().is_absent(n));
        let title = entry
            .title
            .map(|t| strip_glued_kind(&collapse_whitespace(&compose(&t))).to_string())
            .filter(|t| !t.is_empty() && !labels().is_absent(t));
        let proper = title.clone().filter(|t| !is_fragment(t));
        match number {
            Some(number) => {
                let k = number_key(&number);
                match out
                    .iter_mut()
                    .find(|e| e.number.as_deref().is_some_and(|n| number_key(n) == k))
                {
                    Some(seen) => {
                        let seen_proper = seen.title.as_deref().is_some_and(|t| !is_fragment(t));
                        if !seen_proper && proper.is_some() {
                            seen.title = proper;
                        } else if seen.title.is_none() {
                            seen.title = title.as_deref().and_then(kind_of_fragment);
                        }
                    }
                    None => out.push(LegalBasis {
                        title: proper.or_else(|| title.as_deref().and_then(kind_of_fragment)),
                        number: Some(number),
                    }),
                }
            }
            None => {
                let Some(title) = proper else { continue };
                let k = key(&title);
                if !out
                    .iter()
                    .any(|e| e.number.is_none() && e.title.as_deref().is_some_and(|t| key(t) == k))
                {
                    out.push(LegalBasis {
                        number: None,
                        title: Some(title),
                    });
                }
            }
        }
    }
    out
}

/// Numbers compare without spaces or case ("123/2015/NĐ-CP" = "123/2015/nđ-cp").
fn number_key(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The title without final punctuation, and its key without a final "số".
fn fragment_parts(title: &str) -> (&str, String) {
    let t =
        title.trim_end_matches(|c: char| matches!(c, '.' | ':' | ',' | '-') || c.is_whitespace());
    let k = key(t);
    let bare = k.strip_suffix(" số").unwrap_or(&k).to_string();
    (t, bare)
}

/// Whether a title is only a document kind, optionally with "số" ("Nghị định số", "Luật",
/// "số"): a piece of the number's cell, not a title.
fn is_fragment(title: &str) -> bool {
    let (_, bare) = fragment_parts(title);
    bare.is_empty() || bare == "số" || labels().legal_document_types().contains(&bare.as_str())
}

/// The document kind of a fragment title ("Nghị định số" → "Nghị định"), as the source
/// capitalised it; `None` for a real title or a bare "số".
fn kind_of_fragment(title: &str) -> Option<String> {
    let (t, bare) = fragment_parts(title);
    labels()
        .legal_document_types()
        .into_iter()
        .find(|kind| *kind == bare)
        .map(|kind| t.chars().take(kind.chars().count()).collect())
}

/// A title that ends with the number cell's own words: "<kind> số" ("…thanh toán Thông tư
/// số"; a title never ends with "số"), or a bare kind glued on with no space ("…Bộ Tư
/// phápThông tư"). The crawl put them before the number; they are not part of the title.
fn strip_glued_kind(title: &str) -> &str {
    let lower = title.to_lowercase();
    if lower.len() != title.len() {
        return title;
    }
    for kind in labels().legal_document_types() {
        for (tail, needs_glue) in [(format!("{kind} số"), false), (kind.to_string(), true)] {
            if let Some(head) = lower.strip_suffix(tail.as_str()) {
                let capital = title[head.len()..].starts_with(char::is_uppercase);
                let last = title[..head.len()].chars().last();
                let apart = last.is_some_and(char::is_whitespace);
                let glued = last.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ')'));
                if capital && (glued || (apart && !needs_glue)) {
                    return title[..head.len()].trim_end();
                }
            }
        }
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lb(number: Option<&str>, title: Option<&str>) -> LegalBasis {
        LegalBasis {
            number: number.map(str::to_string),
            title: title.map(str::to_string),
        }
    }

    #[test]
    fn repeated_numbers_merge_keeping_the_real_title() {
        let out = tidy(vec![
            lb(Some("175/2024/NĐ-CP"), Some("Nghị định số")),
            lb(
                Some("175/2024/NĐ-CP"),
                Some("của Chính phủ quy định chi tiết Luật Xây dựng"),
            ),
            lb(Some("50/2014/QH13"), Some("Luật Xây dựng")),
            lb(Some("50/2014/qh13 "), Some("Luật Xây dựng năm 2014")),
            lb(Some("62/2020/QH14"), Some("Luật số")),
            lb(None, Some("Nghị định")),
            lb(None, Some("Quyết định của UBND tỉnh")),
            lb(None, Some("Quyết định  của UBND tỉnh")),
        ]);
        assert_eq!(out.len(), 4, "{out:?}");
        assert_eq!(
            out[0].title.as_deref(),
            Some("của Chính phủ quy định chi tiết Luật Xây dựng")
        );
        assert_eq!(out[1].title.as_deref(), Some("Luật Xây dựng"));
        assert_eq!(out[2].title.as_deref(), Some("Luật"));
        assert_eq!(out[3].number, None);
    }

    #[test]
    fn fragments_and_glued_kinds() {
        assert_eq!(
            kind_of_fragment("Nghị định số").as_deref(),
            Some("Nghị định")
        );
        assert_eq!(
            kind_of_fragment("Thông tư liên tịch").as_deref(),
            Some("Thông tư liên tịch")
        );
        assert_eq!(kind_of_fragment("số"), None);
        assert!(is_fragment("số") && is_fragment("Luật số:") && !is_fragment("Luật Hộ tịch"));
        assert_eq!(kind_of_fragment("Luật Hộ tịch"), None);
        assert_eq!(
            strip_glued_kind("Thông tư số 03/2023/TT-BTP của Bộ trưởng Bộ Tư phápThông tư số"),
            "Thông tư số 03/2023/TT-BTP của Bộ trưởng Bộ Tư pháp"
        );
        assert_eq!(
            strip_glued_kind(
                "Thông tư sửa đổi Thông tư số 40/2024/TT-NHNN về thanh toán Thông tư số"
            ),
            "Thông tư sửa đổi Thông tư số 40/2024/TT-NHNN về thanh toán"
        );
        assert_eq!(
            strip_glued_kind("Chương trình giai đoạn 2022-2025Quyết định số"),
            "Chương trình giai đoạn 2022-2025"
        );
        // A kind after a space is part of the title.
        assert_eq!(
            strip_glued_kind("Hướng dẫn thi hành Luật"),
            "Hướng dẫn thi hành Luật"
        );
        // A title that is only a fragment is untouched here (tidy decides on it).
        assert_eq!(strip_glued_kind("Nghị định số"), "Nghị định số");
    }
}
