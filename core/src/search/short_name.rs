//! A procedure's name for a result row: bounded in length, tidied (no leading "Thủ tục" or
//! stray numbering, sentence case for names written in capitals), and shortened where it
//! says least: long parenthesised lists go first ("(công trình không theo tuyến/Theo tuyến
//! trong đô thị/…)"), then what follows a clause break, then words, so what sets a procedure
//! apart from its siblings ("… cấp III, cấp IV", "(thực hiện tại cấp tỉnh)") stays. The full
//! name stays in the hit and the detail.

use std::borrow::Cow;
use std::collections::HashMap;

/// Row names fit in about two lines of a phone screen.
pub const SHORT_NAME_CHARS: usize = 100;

/// A parenthesis longer than this (in characters) is a list, dropped before anything else.
const LONG_PARENTHESIS: usize = 24;

/// Acronyms kept in capitals when a name written in capitals is put in sentence case.
const ACRONYMS: &[&str] = &[
    "BHXH", "BHYT", "BHTN", "BHTNLĐ", "BNN", "TNLĐ", "UBND", "HĐND", "TNHH", "KBNN", "NHNN",
    "CCCD", "CMND", "GPLX", "ODA", "HTX", "DSPHSK", "VIỆT", "NAM",
];

/// The name as a row shows it, at most `max_chars` characters (an ellipsis marks a cut).
pub fn short_name(name: &str, max_chars: usize) -> Cow<'_, str> {
    shorten(name, tidy(name), max_chars)
}

/// [`short_name`] from the name's tidy form.
fn shorten(name: &str, tidy: String, max_chars: usize) -> Cow<'_, str> {
    if tidy.chars().count() <= max_chars {
        return if tidy == name {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(tidy)
        };
    }
    let without_lists = drop_long_parentheses(&tidy);
    let count = without_lists.chars().count();
    if count <= max_chars {
        return Cow::Owned(without_lists);
    }
    Cow::Owned(cut(&without_lists, max_chars))
}

/// Short names for the rows of one list: as [`short_name`], except that rows whose short names
/// would read the same although their names differ show each name's beginning and end ("Cấp
/// lại Giấy chứng nhận … đối với trường hợp bị mất" beside "… đối với trường hợp thay đổi").
pub fn short_names<'a>(names: &[&'a str], max_chars: usize) -> Vec<Cow<'a, str>> {
    ShortNames::new(max_chars).of(names)
}

/// [`short_names`] for lists shown one after another, remembering each name's tidy form and
/// short name. A citizen's keystroke shows mostly the rows the key before showed, and tidying a
/// name (several passes, with Unicode's case tables) cost each keystroke about a millisecond at
/// 4× CPU for its 15 rows.
pub struct ShortNames {
    max_chars: usize,
    known: HashMap<String, Known>,
    /// Names remembered at most ([`MAX_KNOWN`]); past it the memory starts again.
    max_known: usize,
}

struct Known {
    tidy: String,
    short: String,
}

/// Names remembered at most: each takes about 400 bytes (the name, its tidy form and its short
/// name), so the memory stays under half a megabyte.
const MAX_KNOWN: usize = 1024;

impl ShortNames {
    pub fn new(max_chars: usize) -> ShortNames {
        ShortNames {
            max_chars,
            known: HashMap::new(),
            max_known: MAX_KNOWN,
        }
    }

    /// The short names of one list's rows (see [`short_names`]).
    pub fn of<'a>(&mut self, names: &[&'a str]) -> Vec<Cow<'a, str>> {
        if self.known.len() + names.len() > self.max_known {
            self.known.clear();
        }
        for name in names {
            if !self.known.contains_key(*name) {
                let tidy = tidy(name);
                let short = shorten(name, tidy.clone(), self.max_chars).into_owned();
                self.known.insert(name.to_string(), Known { tidy, short });
            }
        }
        let known: Vec<&Known> = names.iter().map(|name| &self.known[*name]).collect();
        names
            .iter()
            .zip(&known)
            .map(|(name, row)| {
                let clashes = known
                    .iter()
                    .any(|other| other.short == row.short && other.tidy != row.tidy);
                if clashes {
                    Cow::Owned(ends(&drop_long_parentheses(&row.tidy), self.max_chars))
                } else if row.short == *name {
                    Cow::Borrowed(*name)
                } else {
                    Cow::Owned(row.short.clone())
                }
            })
            .collect()
    }
}

/// The beginning and the end of a text with "…" between, at most `max_chars` characters.
fn ends(text: &str, max_chars: usize) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let room = max_chars.saturating_sub(3);
    let mut head = String::new();
    let mut tail: Vec<&str> = Vec::new();
    let (mut front, mut back) = (0usize, words.len());
    // Take words from both ends, the end's a little more (that is where siblings differ).
    while front < back {
        let used = head.chars().count() + tail.iter().map(|w| w.chars().count() + 1).sum::<usize>();
        let from_back = tail.len() * 5 <= front * 6;
        let word = if from_back {
            words[back - 1]
        } else {
            words[front]
        };
        if used + word.chars().count() + 1 > room {
            break;
        }
        if from_back {
            tail.insert(0, word);
            back -= 1;
        } else {
            if !head.is_empty() {
                head.push(' ');
            }
            head.push_str(word);
            front += 1;
        }
    }
    if front >= back {
        return text.to_string();
    }
    format!(
        "{} … {}",
        head.trim_end_matches([',', ';', ':']),
        tail.join(" ")
    )
}

/// Single spaces, no leading numbering or "Thủ tục", sentence case for capitals.
fn tidy(name: &str) -> String {
    let collapsed = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed.trim_start_matches(|c: char| !c.is_alphabetic());
    let mut text = trimmed.to_string();
    if is_shouting(&text) {
        text = sentence_case(&text);
    }
    let lower = text.to_lowercase();
    if let Some(rest) = lower.strip_prefix("thủ tục ") {
        let start = text.len() - rest.len();
        text = capitalise(text[start..].trim_start());
    }
    text.trim_end_matches(['.', ';', ',', ' ']).to_string()
}

/// Most letters are capitals: a name written in capitals.
fn is_shouting(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    letters > 10 && upper * 10 > letters * 7
}

fn sentence_case(text: &str) -> String {
    let words: Vec<String> = text
        .split(' ')
        .map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            if ACRONYMS.contains(&bare) && !matches!(bare, "VIỆT" | "NAM") {
                word.to_string()
            } else {
                word.to_lowercase()
            }
        })
        .collect();
    let joined = words.join(" ");
    // "Việt Nam" keeps its capitals.
    capitalise(&joined.replace("việt nam", "Việt Nam"))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Removes parenthesised parts longer than [`LONG_PARENTHESIS`] characters or holding a
/// slash-separated list.
fn drop_long_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inside = &rest[open + 1..close];
        out.push_str(&rest[..open]);
        if inside.chars().count() <= LONG_PARENTHESIS && !inside.contains('/') {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
        .replace(" ;", ";")
        .replace(" .", ".")
}

/// At most `max_chars` characters ending in "…": at the last clause break when that keeps
/// most of the room, else at the last word that fits; a short closing parenthesis (the level
/// a sibling is done at) is kept when there is room for it.
fn cut(text: &str, max_chars: usize) -> String {
    let tail = closing_parenthesis(text);
    let room = max_chars
        .saturating_sub(1)
        .saturating_sub(tail.map_or(0, |t| t.chars().count() + 1));
    let head: String = text.chars().take(room).collect();
    let word_end = if text.chars().nth(room).is_some_and(|c| c != ' ') {
        head.rfind(' ').unwrap_or(head.len())
    } else {
        head.len()
    };
    let clause_end = head[..word_end]
        .rfind([',', ';', ':'])
        .filter(|at| head[..*at].chars().count() * 10 >= room * 7);
    let end = clause_end.unwrap_or(word_end);
    let mut out = head[..end]
        .trim_end_matches([',', ';', ':', ' ', '(', '/', '–', '-'])
        .to_string();
    out.push('…');
    if let Some(tail) = tail {
        out.push(' ');
        out.push_str(tail);
    }
    out
}

/// A short parenthesis ending the text ("(cấp tỉnh)", "(thực hiện tại cấp xã)").
fn closing_parenthesis(text: &str) -> Option<&str> {
    let trimmed = text.trim_end();
    if !trimmed.ends_with(')') {
        return None;
    }
    let open = trimmed.rfind('(')?;
    let tail = &trimmed[open..];
    (tail.chars().count() <= LONG_PARENTHESIS + 2).then_some(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_kept_and_tidied() {
        assert_eq!(
            short_name("Thủ tục đăng ký khai sinh", 100),
            "Đăng ký khai sinh"
        );
        assert_eq!(short_name("Đăng ký tạm trú", 100), "Đăng ký tạm trú");
        assert!(matches!(
            short_name("Đăng ký tạm trú", 100),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            short_name(". Đăng ký thuế  đối với\ttrường hợp chuyển đổi", 100),
            "Đăng ký thuế đối với trường hợp chuyển đổi"
        );
        assert_eq!(
            short_name("Tách thửa hoặc hợp thửa đất.", 100),
            "Tách thửa hoặc hợp thửa đất"
        );
    }

    #[test]
    fn names_in_capitals_read_in_sentence_case() {
        assert_eq!(
            short_name("HƯỞNG BẢO HIỂM XÃ HỘI MỘT LẦN.", 100),
            "Hưởng bảo hiểm xã hội một lần"
        );
        assert_eq!(
            short_name("THỦ TỤC ĐỀ NGHỊ SINH HOẠT TÔN GIÁO TẬP TRUNG CỦA NGƯỜI NƯỚC NGOÀI CƯ TRÚ HỢP PHÁP TẠI VIỆT NAM", 100),
            "Đề nghị sinh hoạt tôn giáo tập trung của người nước ngoài cư trú hợp pháp tại Việt Nam"
        );
        assert_eq!(
            short_name("ĐĂNG KÝ THAM GIA BHXH VÀ CẤP SỔ BHXH", 100),
            "Đăng ký tham gia BHXH và cấp sổ BHXH"
        );
    }

    /// Real names from the Gia Lai catalog and the national crawl.
    #[test]
    fn long_names_lose_their_lists_first_and_keep_what_sets_them_apart() {
        let house = "Cấp giấy phép xây dựng mới, có thời hạn đối với công trình cấp III, cấp IV và \
công trình nhà ở riêng lẻ của hộ gia đình, cá nhân (công trình không theo tuyến/Theo tuyến trong đô \
thị/Tín ngưỡng, tôn giáo /Tượng đài, tranh hoành tráng/Theo giai đoạn cho công trình không theo \
tuyến/Theo giai đoạn cho công trình theo tuyến trong đô thị/Dự án) và nhà ở riêng lẻ.";
        let short = short_name(house, SHORT_NAME_CHARS);
        assert!(short.chars().count() <= SHORT_NAME_CHARS, "{short}");
        assert!(
            short.starts_with(
                "Cấp giấy phép xây dựng mới, có thời hạn đối với công trình cấp III, cấp IV"
            ),
            "{short}"
        );
        assert!(!short.contains("Tượng đài"), "{short}");
        assert!(short.ends_with('…'), "{short}");

        let special = "Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II (Công trình \
không theo tuyến/Theo tuyến trong đô thị/Tín ngưỡng, tôn giáo/Tượng đài, tranh hoành tráng/Theo giai \
đoạn cho công trình không theo tuyến/Theo giai đoạn cho công trình theo tuyến trong đô thị/Dự án)";
        assert_eq!(
            short_name(special, SHORT_NAME_CHARS),
            "Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II"
        );

        let card = "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên (thực hiện tại cấp tỉnh)";
        assert_eq!(short_name(card, SHORT_NAME_CHARS), card);
        let short = short_name(card, 50);
        assert!(short.ends_with("… (thực hiện tại cấp tỉnh)"), "{short}");
        assert!(short.chars().count() <= 50, "{short}");

        let long =
            "Thủ tục đăng ký khai sinh có yếu tố nước ngoài cho người đã có hồ sơ, giấy tờ cá \
nhân";
        let short = short_name(long, 62);
        assert_eq!(
            short,
            "Đăng ký khai sinh có yếu tố nước ngoài cho người đã có hồ sơ…"
        );
    }

    #[test]
    fn siblings_that_would_read_the_same_show_their_ends() {
        let lost = "Cấp lại Giấy chứng nhận đủ điều kiện hoạt động kiểm định kỹ thuật an toàn lao \
động đối với trường hợp bị mất, hỏng hoặc sai thông tin";
        let changed = "Cấp lại Giấy chứng nhận đủ điều kiện hoạt động kiểm định kỹ thuật an toàn \
lao động đối với trường hợp thay đổi tên, địa chỉ trụ sở chính";
        let plain = "Đăng ký khai sinh";
        let names = short_names(&[lost, changed, plain], SHORT_NAME_CHARS);
        assert_ne!(names[0], names[1]);
        assert!(
            names[0].contains(" … ") && names[0].ends_with("sai thông tin"),
            "{}",
            names[0]
        );
        assert!(names[1].ends_with("địa chỉ trụ sở chính"), "{}", names[1]);
        assert!(names.iter().all(|n| n.chars().count() <= SHORT_NAME_CHARS));
        assert_eq!(names[2], plain);
        // Same names (duplicates under other codes) keep one short name.
        let same = short_names(&[lost, lost], SHORT_NAME_CHARS);
        assert_eq!(same[0], same[1]);
        assert!(same[0].ends_with('…'));
    }

    /// Remembered names answer as computed ones, list after list, past the memory's bound.
    #[test]
    fn remembered_short_names_are_the_computed_ones() {
        let procedures = super::super::tests::national_crawl();
        let names: Vec<&str> = procedures.iter().map(|p| p.name.as_str()).collect();
        let mut remembered = ShortNames::new(SHORT_NAME_CHARS);
        remembered.max_known = 100;
        // Lists of 15 that overlap as a keystroke's rows overlap the key before's.
        for round in 0..2 {
            for start in (0..names.len().saturating_sub(15)).step_by(7) {
                let list = &names[start..start + 15];
                assert_eq!(
                    remembered.of(list),
                    short_names(list, SHORT_NAME_CHARS),
                    "round {round}, rows from {start}"
                );
                assert!(remembered.known.len() <= 100);
            }
        }
        let lost = "Cấp lại Giấy chứng nhận đủ điều kiện hoạt động kiểm định kỹ thuật an toàn lao \
động đối với trường hợp bị mất, hỏng hoặc sai thông tin";
        let changed = "Cấp lại Giấy chứng nhận đủ điều kiện hoạt động kiểm định kỹ thuật an toàn \
lao động đối với trường hợp thay đổi tên, địa chỉ trụ sở chính";
        for list in [
            &[lost, changed][..],
            &[lost][..],
            &[changed, lost, lost][..],
        ] {
            assert_eq!(remembered.of(list), short_names(list, SHORT_NAME_CHARS));
        }
    }

    #[test]
    fn every_real_name_fits() {
        let procedures = super::super::tests::national_crawl();
        let mut shortened = 0;
        for p in &procedures {
            let short = short_name(&p.name, SHORT_NAME_CHARS);
            assert!(short.chars().count() <= SHORT_NAME_CHARS, "{short}");
            assert!(!short.is_empty(), "{}", p.name);
            shortened += usize::from(short.ends_with('…'));
        }
        assert!(shortened > 100, "{shortened} names cut");
    }
}
