//! Residue of the two Vietnamese input methods typed with the input method switched off:
//! Telex ("ddawng kys" = đăng ký) and VNI ("d9a8ng ky1" = đăng ký). A word is decoded only
//! when the result is a well-formed Vietnamese syllable, so abbreviations (GPLX, BHXH) and
//! codes pass through untouched.

use super::letters::{Letter, Modifier, Tone};
use super::tokens::token_from_letters;

/// Decodes one word typed in Telex with the input method off. Returns the Vietnamese word
/// (lowercase, NFC) or `None` when the word is not Telex residue.
pub fn decode_telex(word: &str) -> Option<String> {
    let mut letters: Vec<Letter> = Vec::with_capacity(word.len());
    let mut tone = Tone::Level;
    let mut changed = false;
    for ch in word.chars() {
        let ch = ch.to_ascii_lowercase();
        if !ch.is_ascii_lowercase() {
            return None;
        }
        let seen_vowel = letters.iter().any(|l| l.is_vowel());
        let telex_tone = match ch {
            's' => Some(Tone::Acute),
            'f' => Some(Tone::Grave),
            'r' => Some(Tone::Hook),
            'x' => Some(Tone::Tilde),
            'j' => Some(Tone::Dot),
            'z' => Some(Tone::Level),
            _ => None,
        };
        if let (Some(t), true) = (telex_tone, seen_vowel) {
            tone = t;
            changed = true;
            continue;
        }
        let last = letters.last().copied();
        match (ch, last) {
            ('d', Some(l))
                if letters.len() == 1 && l.base == 'd' && l.modifier == Modifier::None =>
            {
                if let Some(first) = letters.first_mut() {
                    first.modifier = Modifier::Stroke;
                }
                changed = true;
            }
            ('a' | 'e' | 'o', Some(l)) if l.base == ch && l.modifier == Modifier::None => {
                if let Some(prev) = letters.last_mut() {
                    prev.modifier = Modifier::Circumflex;
                }
                changed = true;
            }
            ('w', _) => {
                if !apply_horn_or_breve(&mut letters) {
                    letters.push(Letter {
                        modifier: Modifier::Horn,
                        ..Letter::plain('u')
                    });
                }
                changed = true;
            }
            _ => letters.push(Letter::plain(ch)),
        }
    }
    finish(letters, tone, changed)
}

/// Decodes one word typed in VNI with the input method off (digits 1–5 tones, 6 â ê ô,
/// 7 ơ ư, 8 ă, 9 đ, 0 no tone). Returns `None` unless the word mixes letters and such digits
/// and decodes to a syllable.
pub fn decode_vni(word: &str) -> Option<String> {
    let mut letters: Vec<Letter> = Vec::with_capacity(word.len());
    let mut tone = Tone::Level;
    let mut changed = false;
    for ch in word.chars() {
        let ch = ch.to_ascii_lowercase();
        match ch {
            'a'..='z' => letters.push(Letter::plain(ch)),
            '0'..='9' => {
                if letters.is_empty() {
                    return None;
                }
                changed = true;
                match ch {
                    '1' => tone = Tone::Acute,
                    '2' => tone = Tone::Grave,
                    '3' => tone = Tone::Hook,
                    '4' => tone = Tone::Tilde,
                    '5' => tone = Tone::Dot,
                    '0' => tone = Tone::Level,
                    '6' => {
                        let target = letters.iter_mut().rev().find(|l| {
                            matches!(l.base, 'a' | 'e' | 'o') && l.modifier == Modifier::None
                        });
                        target?.modifier = Modifier::Circumflex;
                    }
                    '7' => {
                        if !apply_horn(&mut letters) {
                            return None;
                        }
                    }
                    '8' => {
                        let target = letters
                            .iter_mut()
                            .rev()
                            .find(|l| l.base == 'a' && l.modifier == Modifier::None);
                        target?.modifier = Modifier::Breve;
                    }
                    _ => {
                        // '9': đ, only as the initial
                        match letters.first_mut() {
                            Some(first) if first.base == 'd' => first.modifier = Modifier::Stroke,
                            _ => return None,
                        }
                    }
                }
            }
            _ => return None,
        }
    }
    finish(letters, tone, changed)
}

/// Telex `w`: ă after a, ơ after o, ư after u, ươ after uo; applies to the last such vowel.
fn apply_horn_or_breve(letters: &mut [Letter]) -> bool {
    if apply_horn(letters) {
        return true;
    }
    match letters
        .iter_mut()
        .rev()
        .find(|l| l.base == 'a' && l.modifier == Modifier::None)
    {
        Some(a) => {
            a.modifier = Modifier::Breve;
            true
        }
        None => false,
    }
}

fn apply_horn(letters: &mut [Letter]) -> bool {
    let Some(i) = letters
        .iter()
        .rposition(|l| matches!(l.base, 'o' | 'u' | 'a') && l.modifier == Modifier::None)
    else {
        return false;
    };
    if letters[i].base == 'a' {
        return false;
    }
    letters[i].modifier = Modifier::Horn;
    // ươ: "uow", "uwow" and "uo7" all mean ươ
    if letters[i].base == 'o' && i > 0 && letters[i - 1].base == 'u' {
        letters[i - 1].modifier = Modifier::Horn;
    }
    true
}

fn finish(mut letters: Vec<Letter>, tone: Tone, changed: bool) -> Option<String> {
    if !changed || letters.is_empty() {
        return None;
    }
    let folded = token_from_letters(&letters, 0, 0).folded;
    if !is_syllable(&folded) {
        return None;
    }
    if tone != Tone::Level {
        let index = tone_position(&letters);
        if let Some(letter) = letters.get_mut(index) {
            letter.tone = tone;
        }
    }
    Some(letters.iter().map(|l| l.compose()).collect())
}

/// Where the tone mark goes (new style); only for display of a decoded word, since matching
/// ignores placement.
fn tone_position(letters: &[Letter]) -> usize {
    let skip = match (
        letters.first().map(|l| l.base),
        letters.get(1).map(|l| l.base),
    ) {
        (Some('q'), Some('u')) | (Some('g'), Some('i')) if letters.len() > 2 => 2,
        _ => 0,
    };
    let vowels: Vec<usize> = (skip..letters.len())
        .filter(|&i| letters[i].is_vowel())
        .collect();
    if let Some(&i) = vowels
        .iter()
        .rev()
        .find(|&&i| letters[i].modifier != Modifier::None)
    {
        return i;
    }
    match vowels.as_slice() {
        [] => letters.len().saturating_sub(1),
        [only] => *only,
        [.., a, b] => {
            if *b + 1 < letters.len() {
                *b
            } else {
                *a
            }
        }
    }
}

const INITIALS: [&str; 27] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
    "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const FINALS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];

/// Whether a folded ASCII word is shaped like a Vietnamese syllable: initial consonant,
/// one to three vowels, final consonant.
pub fn is_syllable(folded: &str) -> bool {
    if folded.is_empty() || folded.len() > 7 || !folded.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    INITIALS.iter().any(|initial| {
        folded.strip_prefix(initial).is_some_and(|rest| {
            let vowels = rest.bytes().take_while(|b| b"aeiouy".contains(b)).count();
            let tail = &rest[vowels..];
            let vowels_ok = (1..=3).contains(&vowels) || (vowels == 0 && *initial == "gi");
            vowels_ok && FINALS.contains(&tail)
        })
    })
}

/// Lowercase NFC form of a word as it would be typed with the input method on, for any of the
/// two residues, or `None`.
pub fn decode_input_method(word: &str) -> Option<String> {
    if word.chars().any(|c| c.is_ascii_digit()) {
        decode_vni(word)
    } else {
        decode_telex(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_telex_residue() {
        assert_eq!(decode_telex("ddawng").as_deref(), Some("đăng"));
        assert_eq!(decode_telex("kys").as_deref(), Some("ký"));
        assert_eq!(decode_telex("thur").as_deref(), Some("thủ"));
        assert_eq!(decode_telex("tucj").as_deref(), Some("tục"));
        assert_eq!(decode_telex("nguwowif").as_deref(), Some("người"));
        assert_eq!(decode_telex("nguowif").as_deref(), Some("người"));
        assert_eq!(decode_telex("hoaf").as_deref(), Some("hòa"));
        assert_eq!(decode_telex("tieengs").as_deref(), Some("tiếng"));
        assert_eq!(decode_telex("ddaast").as_deref(), Some("đất"));
        assert_eq!(decode_telex("cuwowcs").as_deref(), Some("cước"));
        assert_eq!(decode_telex("tw").as_deref(), Some("tư"));
    }

    #[test]
    fn leaves_non_telex_alone() {
        for word in [
            "dang", "gplx", "bhxh", "cccd", "tncn", "khai", "xa", "sinh", "abc",
        ] {
            assert_eq!(decode_telex(word), None, "{word}");
        }
    }

    #[test]
    fn decodes_vni_residue() {
        assert_eq!(decode_vni("d9a8ng").as_deref(), Some("đăng"));
        assert_eq!(decode_vni("ky1").as_deref(), Some("ký"));
        assert_eq!(decode_vni("ho6n").as_deref(), Some("hôn"));
        assert_eq!(decode_vni("nguo72i").as_deref(), Some("người"));
        assert_eq!(decode_vni("ca8n").as_deref(), Some("căn"));
        assert_eq!(decode_vni("cu7o71c").as_deref(), Some("cước"));
        assert_eq!(decode_vni("001193"), None);
        assert_eq!(decode_vni("1001193"), None);
        assert_eq!(decode_vni("b9"), None);
        assert_eq!(decode_vni("dang"), None);
    }

    #[test]
    fn recognises_syllables() {
        for word in [
            "a", "dang", "nghieng", "khuyen", "gi", "quy", "truong", "oanh",
        ] {
            assert!(is_syllable(word), "{word}");
        }
        for word in ["gplx", "cccd", "bhxh", "", "xyz", "dangky"] {
            assert!(!is_syllable(word), "{word}");
        }
    }
}
