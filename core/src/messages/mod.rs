//! Every citizen-facing text, in one table per language: [`vi.tsv`](./vi.tsv) and
//! [`en.tsv`](./en.tsv) (`key<TAB>text`, `{name}` placeholders). The build generates one enum per
//! section (the key's first part, e.g. `ui.search_label` → [`Ui::SearchLabel`]), so code names a
//! text by a checked key and only looks it up: core's errors own their words through it, and the
//! edge and the widget render them.
//!
//! Vietnamese comes first: it is what citizens read. English is complete (the build refuses a
//! key missing from either table, or a translation that drops or adds a placeholder).

use std::fmt;

/// The languages motcua speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// Reads a language tag (`vi`, `en`, `en-GB`, …); anything that is not English is Vietnamese.
    pub fn parse(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }

    /// The BCP 47 tag.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Picks one of two texts given in both languages (by an API answer, say); an empty
    /// English text falls back to the Vietnamese.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.is_empty() => en,
            _ => vi,
        }
    }
}

/// A key of the language tables (one generated enum per section implements it).
pub trait Message: Copy {
    /// The text in `lang`, placeholders unfilled.
    fn text(self, lang: Lang) -> &'static str;

    /// The text in `lang` with its `{name}` placeholders filled from `args`.
    fn fill(self, lang: Lang, args: &[(&str, &dyn fmt::Display)]) -> String {
        fill(self.text(lang), args)
    }

    /// The text in both languages, Vietnamese first (as problem+json answers carry them).
    fn both(self, args: &[(&str, &dyn fmt::Display)]) -> Bilingual {
        Bilingual {
            vi: self.fill(Lang::Vi, args),
            en: self.fill(Lang::En, args),
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bilingual {
    pub vi: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// Fills `{name}` placeholders from `args`; a placeholder without an argument stays as written
/// (visible in review, never a panic).
pub fn fill(template: &str, args: &[(&str, &dyn fmt::Display)]) -> String {
    use fmt::Write as _;
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            // An unclosed brace is text (the tables refuse one; other templates may hold it).
            rest = &rest[open..];
            break;
        };
        let name = &after[..close];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => {
                let _ = write!(out, "{value}");
            }
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// English plural helper for texts that count things: `one` when `n == 1`, else `other`.
/// (Vietnamese does not inflect; both keys hold the same Vietnamese text.)
pub fn plural<M: Message>(n: u64, one: M, other: M) -> M {
    if n == 1 {
        one
    } else {
        other
    }
}

/// Most characters of a caller's input that a message repeats ([`excerpt`]).
pub const MAX_ECHO_CHARS: usize = 40;

/// A caller's input as a message may repeat it: at most [`MAX_ECHO_CHARS`] characters (then
/// `…`), and every control or invisible formatting character (bidirectional overrides,
/// zero-width characters, line separators) written as `U+XXXX`. So an error answer does not
/// grow with the input (a 10 KB parameter gave a 20 KB answer) and cannot carry text that
/// reorders or hides the rest of the message.
pub fn excerpt(input: &str) -> String {
    use fmt::Write as _;
    let mut out = String::new();
    for (i, c) in input.chars().enumerate() {
        if i == MAX_ECHO_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() || is_invisible_format(c) {
            let _ = write!(out, "U+{:04X}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Unicode format characters (category Cf) and the line and paragraph separators: invisible,
/// and some reorder what follows them.
fn is_invisible_format(c: char) -> bool {
    matches!(
        u32::from(c),
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x1BCA0..=0x1BCA3
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_keeps_unknown_ones() {
        assert_eq!(
            fill("Tìm thấy {total} thủ tục.", &[("total", &37)]),
            "Tìm thấy 37 thủ tục."
        );
        assert_eq!(fill("{a}{b}{a}", &[("a", &1), ("b", &"x")]), "1x1");
        assert_eq!(fill("còn {n} ngày", &[]), "còn {n} ngày");
        assert_eq!(fill("no braces", &[("n", &1)]), "no braces");
        assert_eq!(fill("ab{c", &[("c", &1)]), "ab{c");
    }

    #[test]
    fn languages_parse_and_pick() {
        assert_eq!(Lang::parse("en-GB"), Lang::En);
        assert_eq!(Lang::parse("vi"), Lang::Vi);
        assert_eq!(Lang::parse(""), Lang::Vi);
        assert_eq!(Lang::En.pick("xin chào", ""), "xin chào");
        assert_eq!(Lang::En.pick("xin chào", "hello"), "hello");
    }

    /// Every key of every section round-trips through its name and has a text in both
    /// languages.
    #[test]
    fn every_key_round_trips() {
        let all = every_text();
        assert!(all.len() > 100);
        for (key, round_trips, vi, en) in all {
            assert!(round_trips, "{key}");
            assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{key}");
        }
    }

    #[test]
    fn excerpts_are_short_and_visible() {
        assert_eq!(excerpt("district"), "district");
        assert_eq!(excerpt("cấp xã"), "cấp xã");
        let long = excerpt(&"x".repeat(10_000));
        assert_eq!(long.chars().count(), MAX_ECHO_CHARS + 1);
        assert!(long.ends_with('…'));
        assert_eq!(
            excerpt("a\u{202E}b\u{200B}c\nd\u{0}"),
            "aU+202EbU+200BcU+000AdU+0000"
        );
        assert_eq!(excerpt("\u{E0041}"), "U+E0041");
        // Vietnamese combining marks (NFD) are not formatting: kept.
        assert_eq!(excerpt("Nguye\u{302}\u{303}n"), "Nguye\u{302}\u{303}n");
        // Escaping may lengthen a character, never past 6 bytes per input character.
        assert!(excerpt(&"\u{202E}".repeat(1000)).len() <= 7 * MAX_ECHO_CHARS + 3);
    }
}
