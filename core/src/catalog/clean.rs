//! Text clean-up shared by the importers: whitespace, stray numbering, list splitting, codes.

use super::labels::labels;

/// Trims and collapses every run of whitespace (tabs, line breaks, NBSP) to one space.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A procedure name as displayed: whitespace collapsed and stray leading list numbering
/// ("1.\t", "2) ", "a. ", "- ") removed. Numbers that belong to the name ("1 lần") stay.
pub fn clean_name(text: &str) -> String {
    let collapsed = collapse_whitespace(text);
    let stripped = strip_leading_numbering(&collapsed);
    stripped.to_string()
}

fn strip_leading_numbering(text: &str) -> &str {
    let mut rest = text;
    // Bullets.
    for bullet in ["- ", "+ ", "• ", "* "] {
        if let Some(r) = rest.strip_prefix(bullet) {
            rest = r;
        }
    }
    // "12." / "12)" / "a." / "a)" / "IV." followed by a space: list numbering.
    let marker_len = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X')))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let (num, after) = rest.split_at(marker_len);
    let single_letter = if num.is_empty() {
        let mut chars = rest.chars();
        match (chars.next(), chars.next()) {
            (Some(c), Some('.' | ')')) if c.is_ascii_lowercase() => 1,
            _ => 0,
        }
    } else {
        0
    };
    let (num, after) = if single_letter == 1 {
        rest.split_at(1)
    } else {
        (num, after)
    };
    if num.is_empty() {
        return rest;
    }
    for sep in [". ", ") ", "/ ", ".) "] {
        if let Some(r) = after.strip_prefix(sep) {
            if r.chars().next().is_some_and(|c| c.is_alphabetic()) {
                return r;
            }
        }
    }
    rest
}

/// `None` for empty text and the sources' "nothing here" phrases, else collapsed text.
pub fn present(text: &str) -> Option<String> {
    if labels().is_absent(text) {
        None
    } else {
        Some(collapse_whitespace(text))
    }
}

/// Like [`present`] but keeps line breaks (for long multi-paragraph sections).
pub fn present_multiline(text: &str) -> Option<String> {
    if labels().is_absent(text) {
        return None;
    }
    let lines: Vec<String> = text
        .lines()
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}

/// Splits a list cell ("Công dân Việt Nam, Doanh nghiệp", or one item per line). A comma
/// separates items only outside parentheses and before a capital letter, because names
/// themselves contain commas ("Bộ, cơ quan ngang Bộ", "(không bao gồm doanh nghiệp, HTX)").
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    for line in text.lines() {
        let mut depth = 0i32;
        let mut start = 0;
        let bytes: Vec<(usize, char)> = line.char_indices().collect();
        for (pos, &(i, c)) in bytes.iter().enumerate() {
            match c {
                '(' => depth += 1,
                ')' => depth = (depth - 1).max(0),
                ',' | ';' if depth == 0 => {
                    let next = bytes[pos + 1..]
                        .iter()
                        .map(|(_, c)| *c)
                        .find(|c| !c.is_whitespace());
                    if next.is_some_and(|n| n.is_uppercase()) {
                        push_item(&mut items, &line[start..i]);
                        start = i + c.len_utf8();
                    }
                }
                _ => {}
            }
        }
        push_item(&mut items, &line[start..]);
    }
    items
}

fn push_item(items: &mut Vec<String>, raw: &str) {
    if let Some(item) = present(raw) {
        if let Some(last) = items.last_mut() {
            if labels().joins_name(last, &item) {
                last.push_str(", ");
                last.push_str(&item);
                return;
            }
        }
        if !items.contains(&item) {
            items.push(item);
        }
    }
}

/// Whether a procedure code has the portal's shape: `N.NNNNNN` with optional dot-separated
/// suffixes (`1.012753.H19`, `1.000358.01`).
pub fn is_valid_code(code: &str) -> bool {
    let mut parts = code.split('.');
    let first = parts.next().unwrap_or("");
    let second = parts.next().unwrap_or("");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(first)
        && first.len() <= 2
        && digits(second)
        && second.len() >= 4
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Formats milliseconds since the Unix epoch as RFC 3339 UTC (`2026-04-10T15:57:11Z`).
pub fn rfc3339_from_millis(millis: i64) -> Option<String> {
    let secs = millis.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (H. Hinnant), valid for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    if !(1970..=9999).contains(&year) {
        return None;
    }
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_numbering_and_stray_whitespace() {
        assert_eq!(
            clean_name("1.\tSáp nhập đơn vị sự nghiệp công lập"),
            "Sáp nhập đơn vị sự nghiệp công lập"
        );
        assert_eq!(
            clean_name("Thủ tục thẩm định Báo cáo/ Báo\ncáo nghiên cứu "),
            "Thủ tục thẩm định Báo cáo/ Báo cáo nghiên cứu"
        );
        assert_eq!(clean_name(" 12) Cấp phép"), "Cấp phép");
        assert_eq!(clean_name("a. Đăng ký"), "Đăng ký");
        assert_eq!(clean_name("1 cửa liên thông"), "1 cửa liên thông");
        assert_eq!(clean_name("2.000 đồng"), "2.000 đồng");
        assert_eq!(clean_name(""), "");
    }

    #[test]
    fn lists_split_on_capitalised_items_outside_parentheses() {
        assert_eq!(
            split_list("Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam"),
            vec![
                "Tổ chức (không bao gồm doanh nghiệp, HTX)",
                "Công dân Việt Nam"
            ]
        );
        assert_eq!(
            split_list("Văn phòng Trung ương Đảng, Bộ, cơ quan ngang Bộ"),
            vec!["Văn phòng Trung ương Đảng", "Bộ, cơ quan ngang Bộ"]
        );
        assert_eq!(
            split_list("Chủ tịch ủy ban nhân dân cấp tỉnh\nSở Tư Pháp"),
            vec!["Chủ tịch ủy ban nhân dân cấp tỉnh", "Sở Tư Pháp"]
        );
        assert!(split_list("Không có thông tin").is_empty());
        assert_eq!(
            split_list("Sở Văn hóa, Thể thao và Du lịch, Sở Xây dựng"),
            vec!["Sở Văn hóa, Thể thao và Du lịch", "Sở Xây dựng"]
        );
    }

    #[test]
    fn codes_and_dates() {
        assert!(is_valid_code("1.001193"));
        assert!(is_valid_code("1.012753.H19"));
        assert!(is_valid_code("1.000358.01"));
        assert!(!is_valid_code(""));
        assert!(!is_valid_code("KQ.G02.000444"));
        assert!(!is_valid_code("1.00 1193"));
        assert_eq!(
            rfc3339_from_millis(1_775_836_631_503).as_deref(),
            Some("2026-04-10T15:57:11Z")
        );
        assert_eq!(
            rfc3339_from_millis(0).as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
    }
}
