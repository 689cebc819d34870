//! Citizen vocabulary ([`vocabulary.tsv`](./vocabulary.tsv)): everyday words and
//! abbreviations → how the catalog names things, and filler words to drop.

use crate::data_file::{data_lines, embedded_data};
use crate::sorting;
use crate::text::{tokenize, Token};
use std::fmt;
use std::sync::OnceLock;

/// One rewrite rule: the folded words people type and the catalog words they mean (empty for
/// filler).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub from: Vec<String>,
    /// The marked form of each `from` word written with diacritics in the file: a query word
    /// typed with diacritics matches it only when they agree ("căn" is not the filler "cần").
    pub from_marked: Vec<Option<String>>,
    pub to: Vec<Token>,
    /// The catalog phrase as written in the file (`to`'s byte ranges index it).
    pub to_text: String,
}

/// The parsed vocabulary.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    rules: Vec<Rule>,
    /// First everyday word → the rules starting with it, in rule order: a query word is
    /// checked against the few rules it can begin, not all of them.
    by_first: std::collections::HashMap<String, Vec<usize>>,
}

/// A line of the vocabulary file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabularyError {
    pub line: usize,
    pub reason: &'static str,
}

impl fmt::Display for VocabularyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "vocabulary line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for VocabularyError {}

/// A number column of a data line (`variants.tsv`, `common.tsv`), within `range`; the
/// reasons name the column.
pub(super) fn number_in(
    line: usize,
    text: &str,
    range: impl std::ops::RangeBounds<f32>,
    (not_a_number, out_of_range): (&'static str, &'static str),
) -> Result<f32, VocabularyError> {
    let value: f32 = text.trim().parse().map_err(|_| VocabularyError {
        line,
        reason: not_a_number,
    })?;
    if !range.contains(&value) {
        return Err(VocabularyError {
            line,
            reason: out_of_range,
        });
    }
    Ok(value)
}

/// A phrase column of a data line as its folded words; an empty phrase is an error.
pub(super) fn folded_phrase(line: usize, text: &str) -> Result<Vec<String>, VocabularyError> {
    let words: Vec<String> = tokenize(text).into_iter().map(|t| t.folded).collect();
    if words.is_empty() {
        return Err(VocabularyError {
            line,
            reason: "empty phrase",
        });
    }
    Ok(words)
}

const BUILTIN: &str = embedded_data!("search/vocabulary.tsv");

impl Vocabulary {
    /// Parses the TSV form: `everyday phrase<TAB>catalog phrase`, `#` comments.
    pub fn parse(text: &str) -> Result<Vocabulary, VocabularyError> {
        let mut rules = Vec::new();
        for (line_no, line) in data_lines(text) {
            let Some((from, to)) = line.split_once('\t') else {
                return Err(VocabularyError {
                    line: line_no,
                    reason: "expected a TAB between the everyday and the catalog phrase",
                });
            };
            if to.contains('\t') {
                return Err(VocabularyError {
                    line: line_no,
                    reason: "more than one TAB",
                });
            }
            let from_tokens = tokenize(from);
            let from_marked = from_tokens
                .iter()
                .map(|t| t.has_marks.then(|| t.marked.clone()))
                .collect();
            let from: Vec<String> = from_tokens.into_iter().map(|t| t.folded).collect();
            if from.is_empty() {
                return Err(VocabularyError {
                    line: line_no,
                    reason: "empty everyday phrase",
                });
            }
            rules.push(Rule {
                from,
                from_marked,
                to: tokenize(to),
                to_text: to.to_string(),
            });
        }
        // Longest phrases first so "làm sổ đỏ" wins over "sổ đỏ"; stable for equal lengths
        // keeps the file's order of alternatives.
        sorting::sort_by_key(&mut rules, |r| std::cmp::Reverse(r.from.len()));
        let mut by_first: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (index, rule) in rules.iter().enumerate() {
            if let Some(first) = rule.from.first() {
                by_first.entry(first.clone()).or_default().push(index);
            }
        }
        Ok(Vocabulary { rules, by_first })
    }

    /// The vocabulary shipped with motcua.
    pub fn builtin() -> &'static Vocabulary {
        static BUILT: OnceLock<Vocabulary> = OnceLock::new();
        // The embedded file is checked by a unit test; an unreadable one degrades to no
        // vocabulary rather than a panic.
        BUILT.get_or_init(|| Vocabulary::parse(BUILTIN).unwrap_or_default())
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Finds rule matches in a sequence of query words (each word given as its possible
    /// folded spellings). Returns, left to right and without overlaps, the word range and
    /// the alternatives (rule indices in file order) for each match.
    pub fn matches(&self, words: &[Vec<&str>]) -> Vec<(usize, usize, Vec<usize>)> {
        self.matches_marked(words, &[])
    }

    /// [`Vocabulary::matches`] for words typed with diacritics (`marks[i]`: word i's marked
    /// form, `None` when typed without): a rule word written with diacritics then matches only
    /// the same marked form.
    pub fn matches_marked(
        &self,
        words: &[Vec<&str>],
        marks: &[Option<&str>],
    ) -> Vec<(usize, usize, Vec<usize>)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut starting: Vec<usize> = Vec::new();
        while start < words.len() {
            let mut found: Option<(usize, Vec<usize>)> = None;
            // The rules that begin with any spelling of this word, in rule order.
            starting.clear();
            for spelling in &words[start] {
                if let Some(indices) = self.by_first.get(*spelling) {
                    starting.extend_from_slice(indices);
                }
            }
            sorting::sort(&mut starting);
            starting.dedup();
            for &index in &starting {
                let Some(rule) = self.rules.get(index) else {
                    continue;
                };
                let len = rule.from.len();
                if let Some((best_len, _)) = &found {
                    if len < *best_len {
                        break;
                    }
                }
                let end = start + len;
                if end > words.len() {
                    continue;
                }
                let hit = rule
                    .from
                    .iter()
                    .zip(&rule.from_marked)
                    .zip(&words[start..end])
                    .enumerate()
                    .all(|(i, ((want, want_marked), spellings))| {
                        let typed = marks.get(start + i).copied().flatten();
                        spellings.iter().any(|s| s == want)
                            && match (typed, want_marked) {
                                (Some(typed), Some(want)) => typed == want,
                                _ => true,
                            }
                    });
                if hit {
                    match &mut found {
                        Some((_, alternatives)) => alternatives.push(index),
                        None => found = Some((len, vec![index])),
                    }
                }
            }
            match found {
                Some((len, alternatives)) => {
                    out.push((start, start + len, alternatives));
                    start += len;
                }
                None => start += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_vocabulary_parses() {
        let vocabulary = Vocabulary::parse(BUILTIN).expect("vocabulary.tsv parses");
        assert!(vocabulary.rules().len() > 80);
        let cccd = vocabulary
            .rules()
            .iter()
            .find(|r| r.from == ["cccd"])
            .expect("cccd rule");
        let to: Vec<&str> = cccd.to.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(to, ["the", "can", "cuoc"]);
        // diacritics on the left are folded: "sổ đỏ" matches "so do"
        assert!(vocabulary.rules().iter().any(|r| r.from == ["so", "do"]));
        // fillers have an empty right side
        assert!(vocabulary
            .rules()
            .iter()
            .any(|r| r.from == ["xin"] && r.to.is_empty()));
    }

    #[test]
    fn funeral_allowance_reads_as_each_catalogs_name() {
        // Provincial catalogs say "trợ cấp mai táng", the national one "chế độ tử tuất".
        let vocabulary = Vocabulary::builtin();
        for everyday in [["tien", "mai", "tang"], ["mai", "tang", "phi"]] {
            let readings: Vec<String> = vocabulary
                .rules()
                .iter()
                .filter(|r| r.from == everyday)
                .map(|r| {
                    r.to.iter()
                        .map(|t| t.folded.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            assert_eq!(
                readings,
                ["tro cap mai tang", "che do tu tuat"],
                "{everyday:?}"
            );
        }
    }

    #[test]
    fn rejects_malformed_lines() {
        assert_eq!(
            Vocabulary::parse("# ok\ncccd thẻ căn cước\n").map(|_| ()),
            Err(VocabularyError {
                line: 2,
                reason: "expected a TAB between the everyday and the catalog phrase"
            })
        );
        assert!(Vocabulary::parse("\tx\n").is_err());
        assert!(Vocabulary::parse("a\tb\tc\n").is_err());
        assert!(Vocabulary::parse("").is_ok());
    }

    #[test]
    fn longest_match_wins_and_alternatives_are_kept() {
        let vocabulary =
            Vocabulary::parse("so do\tgcn\nlam so do\tdang ky gcn\ncmnd\ta\ncmnd\tb\n")
                .expect("parses");
        let words: Vec<Vec<&str>> = ["lam", "so", "do", "cmnd"]
            .iter()
            .map(|w| vec![*w])
            .collect();
        let found = vocabulary.matches(&words);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].0, found[0].1), (0, 3));
        assert_eq!(found[1].2.len(), 2);
    }

    #[test]
    fn words_typed_with_diacritics_match_only_their_own() {
        let vocabulary = Vocabulary::parse("cần\t\n").expect("parses");
        let words = [vec!["can"]];
        assert_eq!(vocabulary.matches_marked(&words, &[None]).len(), 1);
        let can = crate::text::tokenize("cần")[0].marked.clone();
        let can_other = crate::text::tokenize("căn")[0].marked.clone();
        assert_eq!(vocabulary.matches_marked(&words, &[Some(&can)]).len(), 1);
        assert!(vocabulary
            .matches_marked(&words, &[Some(&can_other)])
            .is_empty());
    }
}
