//! A query's words as typed (folded, with diacritics kept when typed, Telex/VNI residue
//! decoded, the last word a prefix while typing) and its vocabulary readings.

use super::vocabulary::Vocabulary;
use crate::text::{decode_input_method, tokenize};

/// Longest query (in words) that is scored; the rest is ignored (pasted paragraphs).
const MAX_WORDS: usize = 16;
/// Longest reading after vocabulary expansion (word positions are bits of a `u32`).
const MAX_READING_WORDS: usize = 32;

/// The combining tone marks a marked form ends with when the word carries a tone.
const TONE_MARKS: &[char] = &['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// A query word and how it may be spelled in the catalog.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word {
    pub folded: String,
    /// Marked form when the citizen typed diacritics.
    pub marked: Option<String>,
    /// Folded form of the Telex/VNI decoding, when the word is such residue.
    pub decoded: Option<String>,
    /// The last word of a query still being typed.
    pub prefix: bool,
    /// In the query as typed: a vocabulary rule rewrites this word in another reading.
    pub rewritten: bool,
    /// In a vocabulary reading: the one word typed that the rule rewrote into this one and
    /// its neighbours (an abbreviation, "bhxh" for "bảo hiểm xã hội"), folded. A name that
    /// writes the abbreviation ("cấp sổ BHXH") has every word it stands for.
    pub abbreviation: Option<String>,
}

/// The words of a query; the last one is a prefix unless the text ends with a separator.
pub(super) fn query_words(text: &str) -> Vec<Word> {
    let tokens = tokenize(text);
    let ends_in_word = tokens.last().is_some_and(|t| t.end == text.len());
    let count = tokens.len().min(MAX_WORDS);
    tokens
        .into_iter()
        .take(MAX_WORDS)
        .enumerate()
        .map(|(i, t)| {
            let raw = &text[t.start..t.end];
            let decoded = if t.has_marks {
                None
            } else {
                decode_input_method(raw)
                    .and_then(|d| tokenize(&d).into_iter().next())
                    .map(|d| d.folded)
            };
            // A word with its tone typed is finished (the tone comes last as people type):
            // "trú" is not the start of "trước".
            let toned = t.marked.ends_with(TONE_MARKS);
            Word {
                marked: t.has_marks.then(|| t.marked.clone()),
                folded: t.folded,
                decoded,
                prefix: ends_in_word && i + 1 == count && !toned,
                rewritten: false,
                abbreviation: None,
            }
        })
        .collect()
}

/// Each word's spellings: folded as typed, and as decoded from Telex/VNI residue.
pub(super) fn spellings(words: &[Word]) -> Vec<Vec<&str>> {
    words
        .iter()
        .map(|w| {
            let mut s = vec![w.folded.as_str()];
            s.extend(w.decoded.as_deref());
            s
        })
        .collect()
}

/// Most readings a query gets (each costs a pass over the postings).
const MAX_READINGS: usize = 4;

/// The query as typed plus its vocabulary readings: every rule applied, a reading per
/// alternative (up to three); at most [`MAX_READINGS`] in all.
pub(super) fn readings(words: &[Word], vocabulary: &Vocabulary) -> Vec<Vec<Word>> {
    let mut out = vec![words.to_vec()];
    let spellings = spellings(words);
    let marks: Vec<Option<&str>> = words.iter().map(|w| w.marked.as_deref()).collect();
    let matches = vocabulary.matches_marked(&spellings, &marks);
    if matches.is_empty() {
        return out;
    }
    for (start, end, _) in &matches {
        for word in out[0].get_mut(*start..*end).into_iter().flatten() {
            word.rewritten = true;
        }
    }
    let alternatives = matches.iter().map(|m| m.2.len()).max().unwrap_or(1).min(3);
    let choices = (0..alternatives)
        .map(|k| -> Vec<usize> { matches.iter().map(|m| m.2[k.min(m.2.len() - 1)]).collect() });
    for choice in choices {
        if out.len() >= MAX_READINGS {
            break;
        }
        let mut reading = Vec::new();
        let mut next = 0;
        for ((start, end, _), rule) in matches.iter().zip(&choice) {
            reading.extend_from_slice(&words[next..*start]);
            if let Some(rule) = vocabulary.rules().get(*rule) {
                // One word typed for several: an abbreviation, which a name may write too.
                let abbreviation =
                    (end - start == 1 && rule.to.len() > 1).then(|| words[*start].folded.clone());
                reading.extend(rule.to.iter().map(|t| Word {
                    folded: t.folded.clone(),
                    marked: t.has_marks.then(|| t.marked.clone()),
                    decoded: None,
                    prefix: false,
                    rewritten: false,
                    abbreviation: abbreviation.clone(),
                }));
            }
            next = *end;
        }
        reading.extend_from_slice(&words[next..]);
        // Word positions are bits of a u32 in scoring.
        reading.truncate(MAX_READING_WORDS);
        if !reading.is_empty() && !out.contains(&reading) {
            out.push(reading);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.folded.as_str()).collect()
    }

    #[test]
    fn an_abbreviation_is_kept_on_the_words_it_stands_for() {
        let abbreviated = readings(&query_words("cap so bhxh "), Vocabulary::builtin());
        let read = abbreviated
            .iter()
            .find(|r| folded(r) == ["cap", "so", "bao", "hiem", "xa", "hoi"])
            .expect("bhxh is read as bảo hiểm xã hội");
        for word in &read[2..] {
            assert_eq!(word.abbreviation.as_deref(), Some("bhxh"));
        }
        assert!(read[..2].iter().all(|w| w.abbreviation.is_none()));
        // Several words typed for several others are a phrase, not an abbreviation.
        let phrase = readings(&query_words("mat so do "), Vocabulary::builtin());
        assert!(phrase.len() > 1);
        assert!(phrase.iter().flatten().all(|w| w.abbreviation.is_none()));
    }
}
