//! Variant markers ([`variants.tsv`](./variants.tsv)): name phrases that make a procedure a
//! special case of a citizen-facing one ("có yếu tố nước ngoài", "lưu động", "(thực hiện tại
//! cấp trung ương)"), ranked after it unless the query asks for them.

use super::vocabulary::{folded_phrase, number_in, VocabularyError};
use crate::data_file::{data_lines, embedded_data};
use crate::text::{tokenize, Token};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq)]
pub struct VariantRule {
    /// Folded words of the phrase as it appears in names.
    pub phrase: Vec<String>,
    /// The phrase counts only where the name starts (after a leading "Thủ tục"): a name that
    /// starts "Cấp lại …" is a re-issue, "Cấp, cấp lại …" serves the first grant too.
    pub anchored: bool,
    /// Multiplicative penalty, 0–1.
    pub penalty: f32,
    /// Phrases of the query that mean the citizen wants this variant: words in a row,
    /// compared with their diacritics when both the query and the rule have them ("lại"
    /// asks for "cấp lại", "lái" does not), else folded.
    pub triggers: Vec<Vec<Token>>,
}

impl VariantRule {
    /// Whether a name (its words, `opening` of them leading words that carry no meaning)
    /// carries the phrase (`phrase`: the rule's words as the caller compares them).
    pub fn in_name<T: PartialEq>(&self, name: &[T], opening: usize, phrase: &[T]) -> bool {
        if self.anchored {
            name.get(opening..)
                .is_some_and(|rest| !phrase.is_empty() && rest.starts_with(phrase))
        } else {
            contains_phrase(name, phrase)
        }
    }

    /// Whether the words (a reading of the query, each as folded and, when typed with
    /// diacritics, marked) contain one of the trigger phrases.
    pub fn asked_by<'a>(&self, words: &[(&'a str, Option<&'a str>)]) -> bool {
        self.triggers.iter().any(|trigger| {
            !trigger.is_empty()
                && words.windows(trigger.len()).any(|window| {
                    window.iter().zip(trigger).all(|((folded, marked), t)| {
                        match (marked, t.has_marks) {
                            (Some(marked), true) => *marked == t.marked,
                            _ => *folded == t.folded,
                        }
                    })
                })
        })
    }
}

const BUILTIN: &str = embedded_data!("search/variants.tsv");

/// Parses `phrase<TAB>penalty<TAB>trigger phrases, comma-separated`.
pub fn parse(text: &str) -> Result<Vec<VariantRule>, VocabularyError> {
    let mut rules = Vec::new();
    for (line_no, line) in data_lines(text) {
        let parts: Vec<&str> = line.split('\t').collect();
        let [phrase, penalty, triggers] = parts.as_slice() else {
            return Err(VocabularyError {
                line: line_no,
                reason: "expected phrase, penalty and trigger phrases separated by TABs",
            });
        };
        let penalty = number_in(
            line_no,
            penalty,
            0.0..1.0,
            ("penalty is not a number", "penalty must be in [0, 1)"),
        )?;
        let (anchored, phrase) = match phrase.trim().strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, *phrase),
        };
        let phrase = folded_phrase(line_no, phrase)?;
        let triggers: Vec<Vec<Token>> = triggers
            .split(',')
            .map(tokenize)
            .filter(|t| !t.is_empty())
            .collect();
        rules.push(VariantRule {
            phrase,
            anchored,
            penalty,
            triggers,
        });
    }
    if rules.len() > 32 {
        return Err(VocabularyError {
            line: 0,
            reason: "at most 32 variant rules (they are kept as bits)",
        });
    }
    Ok(rules)
}

pub fn builtin() -> &'static [VariantRule] {
    static BUILT: OnceLock<Vec<VariantRule>> = OnceLock::new();
    BUILT.get_or_init(|| parse(BUILTIN).unwrap_or_default())
}

/// How many leading words of a name carry no meaning ("Thủ tục …"), given its folded words.
pub fn opening_words<T: AsRef<str>>(name: &[T]) -> usize {
    match name {
        [a, b, _, ..] if a.as_ref() == "thu" && b.as_ref() == "tuc" => 2,
        _ => 0,
    }
}

/// Bit set of the rules whose phrase occurs (as consecutive words) in a name, by comparing
/// words (the index compares term ids; tests check both agree).
#[cfg(test)]
pub fn mask_of(rules: &[VariantRule], name_words: &[&str]) -> u32 {
    let mut mask = 0;
    let opening = opening_words(name_words);
    for (bit, rule) in rules.iter().enumerate() {
        let phrase: Vec<&str> = rule.phrase.iter().map(String::as_str).collect();
        if rule.in_name(name_words, opening, &phrase) {
            mask |= 1 << bit;
        }
    }
    mask
}

/// Whether `phrase` occurs as consecutive words of `name`.
pub fn contains_phrase<T: PartialEq>(name: &[T], phrase: &[T]) -> bool {
    !phrase.is_empty() && name.windows(phrase.len()).any(|w| w == phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_variants_parse() {
        let rules = parse(BUILTIN).expect("variants.tsv parses");
        assert!(rules.len() >= 5);
        assert!(rules.iter().any(|r| r.phrase == ["luu", "dong"]));
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(parse("x\t2\ty\n").is_err());
        assert!(parse("x\tabc\ty\n").is_err());
        assert!(parse("x\t0.1\n").is_err());
    }

    #[test]
    fn triggers_are_phrases_compared_with_diacritics_when_typed() {
        let rules = parse("cấp lại\t0.15\tlại, bị mất\n").expect("parses");
        let asked = |words: &[(&str, Option<&str>)]| rules[0].asked_by(words);
        let marked = |s: &'static str| tokenize(s)[0].marked.clone();
        let (lai, lai_tone) = (marked("lại"), marked("lái"));
        assert!(asked(&[("cap", None), ("lai", None)]));
        assert!(asked(&[("cap", None), ("lai", Some(lai.as_str()))]));
        assert!(!asked(&[
            ("giay", None),
            ("lai", Some(lai_tone.as_str())),
            ("xe", None)
        ]));
        assert!(asked(&[("so", None), ("bi", None), ("mat", None)]));
        assert!(!asked(&[("mat", None), ("so", None), ("bi", None)]));
    }

    #[test]
    fn finds_phrases_in_names() {
        let rules = parse("lưu động\t0.2\tlưu động\n").expect("parses");
        assert_eq!(
            mask_of(&rules, &["dang", "ki", "khai", "tu", "luu", "dong"]),
            1
        );
        assert_eq!(mask_of(&rules, &["dang", "ki", "khai", "tu"]), 0);
        let rules = parse("^cấp lại\t0.15\tlại\n").expect("parses");
        assert!(rules[0].anchored);
        assert_eq!(mask_of(&rules, &["cap", "lai", "the", "can", "cuoc"]), 1);
        assert_eq!(mask_of(&rules, &["thu", "tuc", "cap", "lai", "the"]), 1);
        assert_eq!(mask_of(&rules, &["cap", "cap", "lai", "phu", "hieu"]), 0);
    }
}
