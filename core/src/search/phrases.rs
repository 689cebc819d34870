//! Fixed phrases ([`phrases.tsv`](./phrases.tsv)): names of things of several words that
//! count as found in a hit only where they stand together ("giấy phép lái xe" is not found in
//! "giấy phép đào tạo lái xe"). The ranking counts a phrase a procedure has only apart as
//! not matched, and the verdict as missing.

use super::build::KeywordWords;
use super::index::SearchIndex;
use super::scoring::{Expansion, NAME_WINDOW};
use super::words::{spellings, Word};
use crate::data_file::{data_lines, embedded_data};
use crate::text::tokenize;
use std::sync::OnceLock;

const BUILTIN: &str = embedded_data!("search/phrases.tsv");

/// A fixed phrase: its words folded (how a query finds it, typed with or without diacritics)
/// and as the line spells them (how a hit's name must spell it: "chứng chỉ hành nghề dược"
/// is not in "… chứng chỉ hành nghề được cấp lại").
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub folded: Vec<String>,
    /// Each word's marked form, where the line writes it with diacritics.
    pub marked: Vec<Option<String>>,
}

/// The phrases of a file (lines of one word are no phrase and left out).
pub fn parse(text: &str) -> Vec<Phrase> {
    data_lines(text)
        .map(|(_, line)| {
            let tokens = tokenize(line);
            Phrase {
                marked: tokens
                    .iter()
                    .map(|t| t.has_marks.then(|| t.marked.clone()))
                    .collect(),
                folded: tokens.into_iter().map(|t| t.folded).collect(),
            }
        })
        .filter(|phrase| phrase.folded.len() > 1)
        .collect()
}

pub fn builtin() -> &'static [Phrase] {
    static BUILT: OnceLock<Vec<Phrase>> = OnceLock::new();
    BUILT.get_or_init(|| parse(BUILTIN))
}

/// Where a phrase's folded words start in a sequence of words (each given as its possible
/// spellings).
pub fn find<S: AsRef<str>>(words: &[Vec<S>], phrase: &[String]) -> Option<usize> {
    (0..=words.len().checked_sub(phrase.len())?).find(|start| {
        phrase
            .iter()
            .zip(&words[*start..])
            .all(|(want, spellings)| spellings.iter().any(|s| s.as_ref() == want))
    })
}

/// Whether a text has the phrase's words together, spelt as the phrase spells them.
#[cfg(test)]
fn spelt_in(text: &str, phrase: &Phrase) -> bool {
    let tokens = tokenize(text);
    let n = phrase.folded.len();
    tokens.windows(n).any(|window| {
        window
            .iter()
            .zip(&phrase.folded)
            .zip(&phrase.marked)
            .all(|((token, folded), marked)| {
                token.folded == *folded && marked.as_ref().is_none_or(|m| token.marked == *m)
            })
    })
}

/// Whether words (term ids and marked-form ids) have a phrase's words together, spelt as the
/// phrase spells them: [`spelt_in`] over words already read.
fn spelt_in_words(terms: &[u32], marks: &[u32], ids: &[u32], phrase_marks: &[Option<u32>]) -> bool {
    let n = ids.len();
    n > 0
        && (0..=terms.len().saturating_sub(n)).any(|start| {
            ids.iter()
                .zip(phrase_marks)
                .enumerate()
                .all(|(k, (term, mark))| {
                    terms.get(start + k) == Some(term)
                        && mark.is_none_or(|m| marks.get(start + k) == Some(&m))
                })
        })
}

/// A fixed phrase found in a reading of the query: which builtin phrase, and the weight of its
/// words in the reading.
pub(super) struct FixedPhrase {
    phrase: usize,
    pub weight: f32,
}

impl SearchIndex {
    /// For each builtin phrase, the procedures that have it together, spelt as the phrase is,
    /// among their name's opening words or in their result names, in index order. Built once
    /// with the index: the ranking asks for a few hundred procedures per query.
    /// `keywords`: every procedure's result names as words (term ids of this index), with
    /// their marked forms as ids that `keyword_mark` gives.
    pub(super) fn docs_with_phrases(
        &self,
        keywords: &KeywordWords,
        keyword_mark: impl Fn(&str) -> Option<u32>,
    ) -> Vec<Vec<u32>> {
        builtin()
            .iter()
            .map(|phrase| {
                let Some(ids) = phrase
                    .folded
                    .iter()
                    .map(|w| self.term_id(w))
                    .collect::<Option<Vec<u32>>>()
                else {
                    return Vec::new();
                };
                let marks: Vec<Option<u32>> = phrase
                    .marked
                    .iter()
                    .map(|m| {
                        m.as_deref()
                            .map(|m| self.marked.get(m).copied().unwrap_or(u32::MAX))
                    })
                    .collect();
                let keyword_marks: Vec<Option<u32>> = phrase
                    .marked
                    .iter()
                    .map(|m| m.as_deref().map(|m| keyword_mark(m).unwrap_or(u32::MAX)))
                    .collect();
                // Candidates: the procedures with every word of the phrase somewhere.
                let mut docs: Vec<u32> = self.postings[ids[0] as usize]
                    .iter()
                    .map(|(d, _)| *d)
                    .collect();
                for id in &ids[1..] {
                    let postings = &self.postings[*id as usize];
                    docs.retain(|d| postings.binary_search_by_key(d, |(p, _)| *p).is_ok());
                }
                docs.retain(|&doc| {
                    let (terms, marked) = self.name_of(doc as usize);
                    let window = terms.len().min(NAME_WINDOW);
                    let in_name = (0..=window.saturating_sub(ids.len())).any(|start| {
                        ids.iter().zip(&marks).enumerate().all(|(k, (term, mark))| {
                            terms.get(start + k) == Some(term)
                                && mark.is_none_or(|m| marked.get(start + k) == Some(&m))
                        })
                    });
                    in_name || {
                        let (terms, marks) = keywords.of(doc as usize);
                        spelt_in_words(terms, marks, &ids, &keyword_marks)
                    }
                });
                docs
            })
            .collect()
    }

    /// The fixed phrases of a reading (its words as typed or decoded from Telex/VNI).
    pub(super) fn fixed_phrases(
        &self,
        words: &[Word],
        expansions: &[Expansion],
    ) -> Vec<FixedPhrase> {
        let phrases = builtin();
        if words.len() < 2 || phrases.is_empty() {
            return Vec::new();
        }
        let spellings = spellings(words);
        phrases
            .iter()
            .enumerate()
            .filter_map(|(i, phrase)| {
                let start = find(&spellings, &phrase.folded)?;
                let weight = expansions[start..start + phrase.folded.len()]
                    .iter()
                    .map(|e| e.weight)
                    .sum();
                Some(FixedPhrase { phrase: i, weight })
            })
            .collect()
    }

    /// The weight of the fixed phrases that the procedure has only apart: neither its name's
    /// opening words nor its result names have them together, spelt as the phrase is.
    pub(super) fn phrases_apart(&self, phrases: &[FixedPhrase], doc: usize) -> f32 {
        phrases
            .iter()
            .filter(|fixed| {
                self.phrase_docs
                    .get(fixed.phrase)
                    .is_none_or(|docs| docs.binary_search(&(doc as u32)).is_err())
            })
            .map(|fixed| fixed.weight)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_phrases_parse_and_are_found_in_order() {
        let phrases = builtin();
        let licence = &phrases
            .iter()
            .find(|p| p.folded.join(" ") == "giay phep lai xe")
            .expect("giấy phép lái xe")
            .folded;
        let words = |s: &str| -> Vec<Vec<String>> {
            tokenize(s).into_iter().map(|t| vec![t.folded]).collect()
        };
        assert_eq!(find(&words("xin giấy phép lái xe"), licence), Some(1));
        assert_eq!(find(&words("giấy phép đào tạo lái xe"), licence), None);
        assert_eq!(find(&words("lái xe"), licence), None);
        let parsed = parse("# c\nmột\nhai từ\n");
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].folded, ["hai", "tu"]);
        assert_eq!(parsed[0].marked, [None, Some("tư\u{300}".to_string())]);
    }

    fn index(names: &[(&str, &str, &str)]) -> SearchIndex {
        let procedures: Vec<crate::catalog::Procedure> = names
            .iter()
            .map(|(code, name, result)| {
                let mut p = crate::catalog::Procedure::new(*code, *name);
                if !result.is_empty() {
                    p.results = vec![crate::catalog::ProcedureResult {
                        name: result.to_string(),
                        code: None,
                    }];
                }
                p
            })
            .collect();
        SearchIndex::new(super::super::CompactIndex::from_procedures(&procedures))
    }

    #[test]
    fn a_phrase_had_only_apart_counts_as_not_matched_in_the_ranking() {
        let index = index(&[
            (
                "1.005210",
                "Cấp lại Giấy phép đào tạo lái xe ô tô khi bị mất",
                "",
            ),
            (
                "2.002286",
                "Cấp lại Giấy phép kinh doanh vận tải bằng xe ô tô",
                "",
            ),
            ("3.000346", "Cấp giấy phép lái xe", ""),
        ]);
        // Every word of the query is in the driving schools' licence ("lai" in "lại"), but
        // a driving licence is what is asked for.
        let hits = index.search_text("cap giay phep lai xe o to", 3);
        assert_eq!(hits[0].code, "3.000346", "{hits:?}");
        // Without the phrase nothing changes: the school's licence matches more.
        assert_eq!(
            index.search_text("dao tao lai xe o to", 1)[0].code,
            "1.005210"
        );
    }

    #[test]
    fn a_phrase_counts_where_it_is_spelt_as_written_in_the_name_or_the_results() {
        let index = index(&[
            (
                "1.008990",
                "Cấp lại chứng chỉ hành nghề kiến trúc",
                "Chứng chỉ hành nghề được cấp lại",
            ),
            ("1.000001", "Cấp chứng chỉ hành nghề dược", ""),
            (
                "1.000002",
                "Cấp giấy phép hoạt động",
                "Chứng chỉ hành nghề dược",
            ),
        ]);
        let phrase = builtin()
            .iter()
            .position(|p| p.folded.join(" ") == "chung chi hanh nghe duoc")
            .expect("chứng chỉ hành nghề dược is a fixed phrase");
        let docs: Vec<&str> = index.phrase_docs[phrase]
            .iter()
            .map(|&d| index.procedure(d as usize).map_or("", |p| p.code()))
            .collect();
        assert_eq!(docs, ["1.000001", "1.000002"]);
        assert!(spelt_in("giấy phép LÁI XE", &parse("lái xe\n")[0]));
        assert!(!spelt_in("lại xe", &parse("lái xe\n")[0]));
        // A word the line writes without diacritics matches any spelling.
        assert!(spelt_in("lại xe", &parse("lai xe\n")[0]));
    }
}
