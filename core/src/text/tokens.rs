//! Words out of text: folding to ASCII, a tone-placement-independent "marked" form, and
//! the i/y spelling variants.

use super::letters::{apply_mark, combining_mark, decompose, Letter, Modifier, Tone};

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lowercase ASCII without diacritics (đ → d), with the final `y` of a consonant-led
    /// syllable written `i` (ký = kí): what the index matches on.
    pub folded: String,
    /// Lowercase with vowel modifiers (ă â ê ô ơ ư đ) but the tone moved to the end as its
    /// combining mark, so "hoà" and "hòa", "thuỷ" and "thủy" are equal here too.
    pub marked: String,
    /// True when the word carried any Vietnamese diacritic (the marked form says more than
    /// the folded one).
    pub has_marks: bool,
    /// Byte range in the input.
    pub start: usize,
    pub end: usize,
}

/// Splits text into words. Accepts NFC and NFD input (combining marks join the letter they
/// follow); separators are anything that is neither a letter, a digit nor a combining mark.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_word(text, &mut Vec::new(), |letters, start, end| {
        tokens.push(token_from_letters(letters, start, end));
    });
    tokens
}

/// The word scan behind [`tokenize`] without building tokens: calls `visit` with each word's
/// letters and byte range, reusing `letters` as the buffer (the index build reads ~150,000
/// words and needs no allocation per word).
pub fn for_each_word(
    text: &str,
    letters: &mut Vec<Letter>,
    mut visit: impl FnMut(&[Letter], usize, usize),
) {
    letters.clear();
    let mut start = 0;
    for (offset, ch) in text.char_indices() {
        if let Some(mark) = combining_mark(ch) {
            if let Some(last) = letters.last_mut() {
                apply_mark(last, mark);
            }
            continue;
        }
        match decompose(ch) {
            Some(letter) => {
                if letters.is_empty() {
                    start = offset;
                }
                letters.push(letter);
            }
            None => {
                if !letters.is_empty() {
                    visit(letters, start, offset);
                    letters.clear();
                }
            }
        }
    }
    if !letters.is_empty() {
        visit(letters, start, text.len());
        letters.clear();
    }
}

/// Builds the token of one word's letters.
pub fn token_from_letters(letters: &[Letter], start: usize, end: usize) -> Token {
    let mut folded = String::with_capacity(letters.len());
    let mut marked = String::with_capacity(letters.len() + 2);
    push_folded(letters, &mut folded);
    push_marked(letters, &mut marked);
    let has_marks = letters
        .iter()
        .any(|l| l.tone != Tone::Level || l.modifier != Modifier::None);
    Token {
        folded,
        marked,
        has_marks,
        start,
        end,
    }
}

/// Writes a word's [`Token::folded`] form into `out` (cleared first).
pub fn push_folded(letters: &[Letter], out: &mut String) {
    out.clear();
    for letter in letters {
        out.push(letter.base);
    }
    unify_final_y(out);
}

/// Writes a word's [`Token::marked`] form into `out` (cleared first).
pub fn push_marked(letters: &[Letter], out: &mut String) {
    out.clear();
    let mut tone = Tone::Level;
    for letter in letters {
        out.push(letter.without_tone());
        if letter.tone != Tone::Level {
            tone = letter.tone;
        }
    }
    unify_final_y(out);
    if let Some(mark) = tone.combining_mark() {
        out.push(mark);
    }
}

/// Lowercase, diacritic-free ASCII form of a whole text (đ → d); separators are kept as they
/// are, so this suits display keys and sorting, not matching (use [`tokenize`] for that).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if combining_mark(ch).is_some() {
            continue;
        }
        match decompose(ch) {
            Some(letter) => out.push(letter.base),
            None => out.push(ch),
        }
    }
    out
}

/// Recomposes text to NFC for the Vietnamese repertoire (NFD letters + combining marks become
/// precomposed letters); everything else is kept. Case is kept.
pub fn compose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<Letter> = None;
    for ch in text.chars() {
        if let Some(mark) = combining_mark(ch) {
            match pending.as_mut() {
                Some(letter) => apply_mark(letter, mark),
                None => out.push(ch),
            }
            continue;
        }
        if let Some(letter) = pending.take() {
            out.push(letter.compose());
        }
        match decompose(ch) {
            Some(letter) if letter.base.is_ascii_alphabetic() => pending = Some(letter),
            _ => out.push(ch),
        }
    }
    if let Some(letter) = pending {
        out.push(letter.compose());
    }
    out
}

/// kí/ký, lí/lý, mĩ/mỹ, quí/quý: a syllable-final `y` after a consonant (or after the `qu`
/// initial) is written either way, so both fold to `i`. `ay`/`uy` (tay ≠ tai, tuy ≠ tui) are
/// different words and are left alone.
fn unify_final_y(word: &mut String) {
    let bytes = word.as_bytes();
    let n = bytes.len();
    if n < 2 || bytes[n - 1] != b'y' {
        return;
    }
    let before = bytes[n - 2];
    let after_consonant = before.is_ascii_alphabetic() && !b"aeiouy".contains(&before);
    let after_qu = n == 3 && bytes[0] == b'q' && bytes[1] == b'u';
    let all_ascii_letters = bytes.iter().all(u8::is_ascii_alphabetic);
    if (after_consonant || after_qu) && all_ascii_letters {
        word.pop();
        word.push('i');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded).collect()
    }

    fn marked(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.marked).collect()
    }

    #[test]
    fn folds_nfc_and_nfd_the_same() {
        let nfc = "Đăng ký khai sinh hộ tịch";
        // Đ has no decomposition; everything else is NFD here.
        let nfd = "Đa\u{306}ng ky\u{301} khai sinh ho\u{302}\u{323} ti\u{323}ch";
        assert_eq!(
            folded(nfc),
            vec!["dang", "ki", "khai", "sinh", "ho", "tich"]
        );
        assert_eq!(folded(nfd), folded(nfc));
        assert_eq!(marked(nfd), marked(nfc));
        // marks may come in either order after the base
        assert_eq!(marked("o\u{323}\u{302}"), marked("ộ"));
    }

    #[test]
    fn maps_d_stroke_both_cases() {
        assert_eq!(fold("ĐẤT đai"), "dat dai");
        assert_eq!(folded("ĐĂNG"), vec!["dang"]);
        assert_eq!(marked("ĐĂNG"), vec!["đăng"]);
    }

    #[test]
    fn old_and_new_tone_placement_match_with_marks_kept() {
        for (old, new) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("hoá", "hóa"),
        ] {
            assert_eq!(marked(old), marked(new), "{old} / {new}");
            assert_eq!(folded(old), folded(new));
        }
        // and in NFD
        assert_eq!(marked("tho\u{309}a"), marked("thỏa"));
        assert_eq!(marked("hoa\u{300}"), marked("hòa"));
        // tone still distinguishes words
        assert_ne!(marked("bán"), marked("ban"));
        assert_ne!(marked("hòa"), marked("hóa"));
    }

    #[test]
    fn i_and_y_variants_fold_together() {
        assert_eq!(folded("kí"), folded("ký"));
        assert_eq!(marked("kí"), marked("ký"));
        assert_eq!(marked("lí lịch"), marked("lý lịch"));
        assert_eq!(folded("quý"), folded("quí"));
        assert_eq!(folded("Mỹ"), vec!["mi"]);
        // different words stay different
        assert_ne!(folded("tay"), folded("tai"));
        assert_ne!(folded("tuy"), folded("tui"));
        assert_eq!(folded("quyết"), vec!["quyet"]);
        assert_eq!(folded("y tế"), vec!["y", "te"]);
    }

    #[test]
    fn compose_recomposes_nfd() {
        assert_eq!(compose("Đa\u{306}ng ky\u{301}"), "Đăng ký");
        assert_eq!(compose("THU\u{31b}\u{300}A"), "THỪA");
        assert_eq!(compose("\u{301}x"), "\u{301}x");
    }

    #[test]
    fn separators_and_positions() {
        let tokens = tokenize("Cấp lại thẻ căn cước (CCCD)");
        assert_eq!(tokens.len(), 6);
        assert_eq!(tokens[5].folded, "cccd");
        assert_eq!(
            &"Cấp lại thẻ căn cước (CCCD)"[tokens[1].start..tokens[1].end],
            "lại"
        );
        assert!(tokens[0].has_marks);
        assert!(!tokens[5].has_marks);
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "   ",
            "😀😀",
            "\u{301}\u{301}",
            "a\u{31b}\u{302}",
            "\u{0}",
            "ǅ ß İ",
        ] {
            let _ = tokenize(text);
            let _ = fold(text);
            let _ = compose(text);
        }
        assert!(tokenize("😀 đ").iter().all(|t| t.folded == "d"));
    }
}
