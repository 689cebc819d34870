//! The Vietnamese letter repertoire as one small table: every precomposed vowel is a base
//! letter, a vowel modifier (breve, circumflex, horn) and a tone. This replaces the full
//! Unicode normalisation tables (far too big for the widget) for the letters Vietnamese uses,
//! and still accepts NFD input: the combining marks are folded into the previous letter.

use crate::sorting;
use std::sync::OnceLock;

/// The vowel modifier a letter carries (đ's stroke is one too, so đ/Đ need no special case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modifier {
    None,
    /// ă
    Breve,
    /// â ê ô
    Circumflex,
    /// ơ ư
    Horn,
    /// đ
    Stroke,
}

/// The six Vietnamese tones; `Level` (thanh ngang) carries no mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    Level,
    /// huyền, U+0300
    Grave,
    /// sắc, U+0301
    Acute,
    /// hỏi, U+0309
    Hook,
    /// ngã, U+0303
    Tilde,
    /// nặng, U+0323
    Dot,
}

impl Tone {
    /// Order of the columns in [`ROWS`].
    const COLUMNS: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];

    /// The combining mark for this tone (the canonical one of NFD).
    pub fn combining_mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }
}

/// One letter taken apart: `base` is the lowercase ASCII letter (or any other lowercase
/// character outside the Vietnamese repertoire, kept as is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letter {
    pub base: char,
    pub modifier: Modifier,
    pub tone: Tone,
    pub upper: bool,
}

impl Letter {
    pub fn plain(base: char) -> Letter {
        Letter {
            base,
            modifier: Modifier::None,
            tone: Tone::Level,
            upper: false,
        }
    }

    /// The precomposed character for this letter when Vietnamese has one; otherwise the base
    /// (marks that do not combine with it are dropped, which only happens on garbage input).
    pub fn compose(self) -> char {
        if self.modifier == Modifier::Stroke {
            return if self.upper { 'Đ' } else { 'đ' };
        }
        for (row, &(base, modifier)) in ROW_KEYS.iter().enumerate() {
            if base == self.base && modifier == self.modifier {
                let offset = if self.upper { ROW_KEYS.len() } else { 0 };
                let column = Tone::COLUMNS
                    .iter()
                    .position(|t| *t == self.tone)
                    .unwrap_or(0);
                return ROWS[row + offset].chars().nth(column).unwrap_or(self.base);
            }
        }
        if self.upper {
            self.base.to_uppercase().next().unwrap_or(self.base)
        } else {
            self.base
        }
    }

    /// Lowercase letter with its vowel modifier but without tone: `ầ` → `â`, `Đ` → `đ`.
    pub fn without_tone(self) -> char {
        if self.modifier == Modifier::None {
            return self.base;
        }
        Letter {
            tone: Tone::Level,
            upper: false,
            ..self
        }
        .compose()
    }

    pub fn is_vowel(self) -> bool {
        matches!(self.base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
    }
}

/// (base, modifier) of each row of [`ROWS`]; the uppercase rows follow in the same order.
const ROW_KEYS: [(char, Modifier); 12] = [
    ('a', Modifier::None),
    ('a', Modifier::Breve),
    ('a', Modifier::Circumflex),
    ('e', Modifier::None),
    ('e', Modifier::Circumflex),
    ('i', Modifier::None),
    ('o', Modifier::None),
    ('o', Modifier::Circumflex),
    ('o', Modifier::Horn),
    ('u', Modifier::None),
    ('u', Modifier::Horn),
    ('y', Modifier::None),
];

/// Each row: the letter with no tone, then huyền, sắc, hỏi, ngã, nặng (all NFC).
const ROWS: [&str; 24] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
    "AÀÁẢÃẠ",
    "ĂẰẮẲẴẶ",
    "ÂẦẤẨẪẬ",
    "EÈÉẺẼẸ",
    "ÊỀẾỂỄỆ",
    "IÌÍỈĨỊ",
    "OÒÓỎÕỌ",
    "ÔỒỐỔỖỘ",
    "ƠỜỚỞỠỢ",
    "UÙÚỦŨỤ",
    "ƯỪỨỬỮỰ",
    "YỲÝỶỸỴ",
];

/// Every non-ASCII precomposed letter of the table, sorted by char for binary search.
fn lookup_table() -> &'static [(char, Letter)] {
    static TABLE: OnceLock<Vec<(char, Letter)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::with_capacity(24 * 6 + 2);
        for (index, row) in ROWS.iter().enumerate() {
            let (base, modifier) = ROW_KEYS[index % ROW_KEYS.len()];
            let upper = index >= ROW_KEYS.len();
            for (ch, tone) in row.chars().zip(Tone::COLUMNS) {
                if !ch.is_ascii() {
                    table.push((
                        ch,
                        Letter {
                            base,
                            modifier,
                            tone,
                            upper,
                        },
                    ));
                }
            }
        }
        for (ch, upper) in [('đ', false), ('Đ', true)] {
            table.push((
                ch,
                Letter {
                    base: 'd',
                    modifier: Modifier::Stroke,
                    tone: Tone::Level,
                    upper,
                },
            ));
        }
        sorting::sort_by_key(&mut table, |(ch, _)| *ch);
        table
    })
}

/// What a combining mark does to the letter before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Tone(Tone),
    Modifier(Modifier),
}

/// The combining marks Vietnamese text uses in NFD (plus the deprecated tone marks
/// U+0340/U+0341, which some old converters emit).
pub fn combining_mark(ch: char) -> Option<Mark> {
    Some(match ch {
        '\u{300}' | '\u{340}' => Mark::Tone(Tone::Grave),
        '\u{301}' | '\u{341}' => Mark::Tone(Tone::Acute),
        '\u{303}' => Mark::Tone(Tone::Tilde),
        '\u{309}' => Mark::Tone(Tone::Hook),
        '\u{323}' => Mark::Tone(Tone::Dot),
        '\u{302}' => Mark::Modifier(Modifier::Circumflex),
        '\u{306}' => Mark::Modifier(Modifier::Breve),
        '\u{31b}' => Mark::Modifier(Modifier::Horn),
        _ => return None,
    })
}

/// Takes a character apart. ASCII letters and digits come back plain (lowercased, `upper`
/// set); Vietnamese letters are decomposed; other alphanumerics are lowercased and kept.
/// Returns `None` for anything that is not part of a word.
pub fn decompose(ch: char) -> Option<Letter> {
    if ch.is_ascii() {
        return if ch.is_ascii_alphanumeric() {
            Some(Letter {
                upper: ch.is_ascii_uppercase(),
                ..Letter::plain(ch.to_ascii_lowercase())
            })
        } else {
            None
        };
    }
    // Vietnamese letters sit in two small blocks; a direct table skips the search there.
    let code = ch as u32;
    if (FAST_LATIN.0..=FAST_LATIN.1).contains(&code) {
        return fast_table()[(code - FAST_LATIN.0) as usize];
    }
    if (FAST_EXTENDED.0..=FAST_EXTENDED.1).contains(&code) {
        let offset = (FAST_LATIN.1 - FAST_LATIN.0 + 1) as usize;
        return fast_table()[offset + (code - FAST_EXTENDED.0) as usize];
    }
    decompose_slow(ch)
}

/// Latin-1 to Latin Extended-B up to ư, and the Latin Extended Additional block of ạ…ỹ.
const FAST_LATIN: (u32, u32) = (0xC0, 0x1B0);
const FAST_EXTENDED: (u32, u32) = (0x1EA0, 0x1EF9);

/// [`decompose_slow`] of every character of the two fast ranges, in order.
fn fast_table() -> &'static [Option<Letter>] {
    static TABLE: OnceLock<Vec<Option<Letter>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (FAST_LATIN.0..=FAST_LATIN.1)
            .chain(FAST_EXTENDED.0..=FAST_EXTENDED.1)
            .map(|code| char::from_u32(code).and_then(decompose_slow))
            .collect()
    })
}

/// [`decompose`] for a non-ASCII character by searching the letter table.
fn decompose_slow(ch: char) -> Option<Letter> {
    let table = lookup_table();
    if let Ok(i) = table.binary_search_by_key(&ch, |(c, _)| *c) {
        return Some(table[i].1);
    }
    if ch.is_alphanumeric() {
        let lower = ch.to_lowercase().next().unwrap_or(ch);
        return Some(Letter {
            upper: lower != ch,
            ..Letter::plain(lower)
        });
    }
    None
}

/// Applies a combining mark to a letter (NFD input). A second tone replaces the first.
pub fn apply_mark(letter: &mut Letter, mark: Mark) {
    match mark {
        Mark::Tone(tone) => letter.tone = tone,
        Mark::Modifier(modifier) => {
            let fits = matches!(
                (letter.base, modifier),
                ('a', Modifier::Breve)
                    | ('a' | 'e' | 'o', Modifier::Circumflex)
                    | ('o' | 'u', Modifier::Horn)
            );
            if fits {
                letter.modifier = modifier;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_precomposed_letter_round_trips() {
        for row in ROWS {
            for ch in row.chars() {
                let letter = decompose(ch).expect("table letter decomposes");
                assert_eq!(letter.compose(), ch, "{ch}");
            }
        }
        assert_eq!(decompose('Đ').map(Letter::compose), Some('Đ'));
        assert_eq!(decompose('đ').map(|l| l.base), Some('d'));
    }

    #[test]
    fn table_is_complete_and_unique() {
        // 12 rows × 5 marked letters × 2 cases + ă â ê ô ơ ư (×2) + đ Đ
        assert_eq!(lookup_table().len(), 12 * 5 * 2 + 6 * 2 + 2);
        let mut chars: Vec<char> = lookup_table().iter().map(|(c, _)| *c).collect();
        chars.dedup();
        assert_eq!(chars.len(), lookup_table().len());
    }

    #[test]
    fn fast_ranges_agree_with_the_table_search() {
        for code in (FAST_LATIN.0..=FAST_LATIN.1).chain(FAST_EXTENDED.0..=FAST_EXTENDED.1) {
            if let Some(ch) = char::from_u32(code) {
                assert_eq!(decompose(ch), decompose_slow(ch), "{ch}");
            }
        }
        assert_eq!(decompose('ạ').map(|l| l.tone), Some(Tone::Dot));
        assert_eq!(decompose('ư').map(|l| l.modifier), Some(Modifier::Horn));
    }

    #[test]
    fn marks_apply_to_the_right_vowels() {
        let mut a = Letter::plain('a');
        apply_mark(&mut a, Mark::Modifier(Modifier::Breve));
        apply_mark(&mut a, Mark::Tone(Tone::Dot));
        assert_eq!(a.compose(), 'ặ');
        let mut i = Letter::plain('i');
        apply_mark(&mut i, Mark::Modifier(Modifier::Horn));
        assert_eq!(i.compose(), 'i');
    }
}
