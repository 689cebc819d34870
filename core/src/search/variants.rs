//! Variant markers ([`variants.tsv`](./variants.tsv)): name phrases that make a procedure a
//! special case of a citizen-facing one ("có yếu tố nước ngoài", "lưu động", "(thực hiện tại
//! cấp trung ương)"), ranked after it unless the query asks for them.

use super::vocabulary::VocabularyError;
use crate::data_file::data_lines;
use crate::text::tokenize;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq)]
pub struct VariantRule {
    /// Folded words of the phrase as it appears in names.
    pub phrase: Vec<String>,
    /// Multiplicative penalty, 0–1.
    pub penalty: f32,
    /// Folded query words that mean the citizen wants this variant.
    pub triggers: Vec<String>,
}

const BUILTIN: &str = include_str!("variants.tsv");

/// Parses `phrase<TAB>penalty<TAB>trigger words`.
pub fn parse(text: &str) -> Result<Vec<VariantRule>, VocabularyError> {
    let mut rules = Vec::new();
    for (line_no, line) in data_lines(text) {
        let parts: Vec<&str> = line.split('\t').collect();
        let [phrase, penalty, triggers] = parts.as_slice() else {
            return Err(VocabularyError {
                line: line_no,
                reason: "expected phrase, penalty and trigger words separated by TABs",
            });
        };
        let penalty: f32 = penalty.trim().parse().map_err(|_| VocabularyError {
            line: line_no,
            reason: "penalty is not a number",
        })?;
        if !(0.0..1.0).contains(&penalty) {
            return Err(VocabularyError {
                line: line_no,
                reason: "penalty must be in [0, 1)",
            });
        }
        let phrase: Vec<String> = tokenize(phrase).into_iter().map(|t| t.folded).collect();
        if phrase.is_empty() {
            return Err(VocabularyError {
                line: line_no,
                reason: "empty phrase",
            });
        }
        let triggers = tokenize(triggers).into_iter().map(|t| t.folded).collect();
        rules.push(VariantRule {
            phrase,
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

/// Bit set of the rules whose phrase occurs (as consecutive words) in a name, by comparing
/// words (the index compares term ids; tests check both agree).
#[cfg(test)]
pub fn mask_of(rules: &[VariantRule], name_words: &[&str]) -> u32 {
    let mut mask = 0;
    for (bit, rule) in rules.iter().enumerate() {
        let phrase: Vec<&str> = rule.phrase.iter().map(String::as_str).collect();
        if contains_phrase(name_words, &phrase) {
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
    fn finds_phrases_in_names() {
        let rules = parse("lưu động\t0.2\tlưu động\n").expect("parses");
        assert_eq!(
            mask_of(&rules, &["dang", "ki", "khai", "tu", "luu", "dong"]),
            1
        );
        assert_eq!(mask_of(&rules, &["dang", "ki", "khai", "tu"]), 0);
    }
}
