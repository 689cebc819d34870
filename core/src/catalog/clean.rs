//! Text clean-up shared by the importers: whitespace, stray numbering, list splitting.

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
}
