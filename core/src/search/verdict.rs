//! Whether the catalog has a good match for a query, decided from the ranking's own evidence:
//! how much of the query the best hits cover (rare words count more, a word typed with
//! diacritics that the name spells otherwise counts less, a word the catalog does not know
//! counts as missing), and whether the query's neighbouring words stand together in the name.
//! A widget answers "not here" (with a link to the national portal) when the verdict is not
//! [`Verdict::Found`], still listing the hits as partial matches.

use super::index::SearchIndex;
use super::scoring::{Matched, Reading, NAME_WINDOW};
use super::weights::WEIGHTS;
use serde::{Deserialize, Serialize};

/// How many of the best hits the verdict looks at: the ranking may put a broad partial match
/// first while a good match follows.
pub(super) const JUDGED_HITS: usize = 3;

/// What a search says about the catalog and the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No text: the (filtered) catalog, listed by code.
    #[default]
    Listing,
    /// A hit answers the query.
    Found,
    /// Hits share some of the query's words, but none answers it: the catalog does not have
    /// this procedure. Show "not here" and list the hits as partial matches.
    Partial,
    /// Nothing matches.
    Nothing,
}

impl Verdict {
    /// The catalog has no good match: the widget says so and points to the national portal.
    pub fn is_not_here(self) -> bool {
        matches!(self, Verdict::Partial | Verdict::Nothing)
    }
}

/// The numbers a verdict is decided from, for the best judged hit.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Evidence {
    /// Share of the query's weight the hit matches: each word weighted by its rarity, times
    /// the quality of the match (typos and unfinished words less) and where it matched (name ≫
    /// field ≫ agency); words the catalog does not know count as missing.
    pub coverage: f32,
    /// Share of the query's neighbouring word pairs that stand side by side in the name (1
    /// when the query has no pair).
    pub pairs: f32,
    /// Share of the query's weight matched in the name's opening clause, what the procedure
    /// is ("Ủy quyền lĩnh thay …, trợ cấp thất nghiệp" is not what "trợ cấp thất nghiệp"
    /// asks for).
    pub head: f32,
    /// Share of the opening clause's words the query matches: a long clause of which the
    /// query names a few words is about something else ("Đăng ký lại phương tiện … nơi đăng
    /// ký hộ khẩu thường trú …" is not "đăng ký thường trú").
    pub fill: f32,
    /// The hit matches only through a vocabulary reading of the query.
    pub rewritten: bool,
}

impl Evidence {
    fn is_good(&self) -> bool {
        self.coverage >= WEIGHTS.found_coverage
            && self.pairs >= WEIGHTS.found_pairs
            && self.head >= WEIGHTS.found_head
            && self.fill >= WEIGHTS.found_fill
    }

    fn better_than(&self, other: &Evidence) -> bool {
        let sum = |e: &Evidence| e.coverage + e.pairs + e.head + e.fill;
        (self.is_good(), sum(self)) > (other.is_good(), sum(other))
    }
}

impl SearchIndex {
    /// The verdict for the passing hits of a text search (`best`: the best few, best first)
    /// and the evidence it rests on.
    pub(super) fn verdict(&self, matched: &Matched, best: &[u32]) -> (Verdict, Option<Evidence>) {
        if best.is_empty() {
            return (Verdict::Nothing, None);
        }
        if matched.by_code {
            return (Verdict::Found, None);
        }
        let facts: Vec<ReadingFacts> = matched
            .readings
            .iter()
            .map(|reading| self.reading_facts(reading))
            .collect();
        let mut judged: Option<Evidence> = None;
        for &doc in best.iter().take(JUDGED_HITS) {
            for (r, (reading, facts)) in matched.readings.iter().zip(&facts).enumerate() {
                let evidence = self.evidence(matched, r, reading, facts, doc as usize);
                if judged.is_none_or(|j| evidence.better_than(&j)) {
                    judged = Some(evidence);
                }
            }
        }
        let verdict = match judged {
            Some(e) if e.is_good() => Verdict::Found,
            _ => Verdict::Partial,
        };
        (verdict, judged)
    }

    /// The evidence for one procedure as a hit of a text (the best over the text's readings),
    /// for explaining a verdict; `None` when the procedure does not match the text.
    pub fn evidence_for(&self, text: &str, doc: u32) -> Option<Evidence> {
        let matched = self.matching(text, 0);
        if !matched.hits.iter().any(|(d, _)| *d == doc) || matched.by_code {
            return None;
        }
        let mut best: Option<Evidence> = None;
        for (r, reading) in matched.readings.iter().enumerate() {
            let facts = self.reading_facts(reading);
            let evidence = self.evidence(&matched, r, reading, &facts, doc as usize);
            if best.is_none_or(|b| evidence.better_than(&b)) {
                best = Some(evidence);
            }
        }
        best
    }

    /// What the evidence needs of a reading whatever the hit: the weight of its words (the
    /// share counts the words the catalog knows and rewritten words it lacks; words it does not
    /// know at all count here too, as missing).
    fn reading_facts(&self, reading: &Reading) -> ReadingFacts {
        let missing = (1.0 + self.len() as f32).ln();
        let mut known = 0f32;
        let mut unknown = 0f32;
        for (word, expansion) in reading.words.iter().zip(&reading.expansions) {
            if expansion.weight > 0.0 {
                known += expansion.weight;
            } else if word.rewritten {
                known += missing;
            } else {
                unknown += missing * WEIGHTS.unknown_word;
            }
        }
        ReadingFacts {
            known,
            total: known + unknown,
        }
    }

    /// One procedure's evidence under one reading of the query.
    fn evidence(
        &self,
        matched: &Matched,
        r: usize,
        reading: &Reading,
        facts: &ReadingFacts,
        doc: usize,
    ) -> Evidence {
        let n = self.len();
        let share = matched.shares.get(r * n + doc).copied().unwrap_or(0.0);
        let (known, total) = (facts.known, facts.total);
        let apart = self.phrases_apart(&reading.phrases, doc);
        let coverage = if total > 0.0 {
            ((share * known - apart) / total).max(0.0)
        } else {
            0.0
        };
        let (pairs, in_head, fill) = self.name_evidence(reading, doc);
        let head_weight: f32 = reading
            .expansions
            .iter()
            .enumerate()
            .filter(|(i, e)| e.weight > 0.0 && in_head & (1 << i) != 0)
            .map(|(_, e)| e.weight)
            .sum();
        Evidence {
            coverage,
            pairs,
            head: if total > 0.0 {
                head_weight / total
            } else {
                0.0
            },
            fill,
            rewritten: r > 0,
        }
    }

    /// Share of the reading's neighbouring word pairs, one of them at least in the name, that
    /// stand side by side there, in order, among its opening words: Vietnamese words are
    /// syllables, and two that the query puts together but the name has apart, or one of them
    /// not at all, name a different thing ("hộ … chiếu", "đối chiếu", "chuyển đổi … trường").
    ///
    /// Also gives the words (bits) matched in the name's opening clause.
    fn name_evidence(&self, reading: &Reading, doc: usize) -> (f32, u32, f32) {
        let (name_terms, _) = self.name_of(doc);
        let head = usize::from(self.name_heads.get(doc).copied().unwrap_or(u16::MAX));
        let mut in_name = 0u32;
        let mut in_head = 0u32;
        let mut head_matched = 0usize;
        let mut together = 0u32;
        let mut previous = 0u32;
        for (position, term) in name_terms.iter().take(NAME_WINDOW).enumerate() {
            let mut mask = 0u32;
            for (i, e) in reading.expansions.iter().enumerate().take(32) {
                if e.weight > 0.0 && e.terms.binary_search_by_key(term, |t| t.0).is_ok() {
                    mask |= 1 << i;
                }
            }
            in_name |= mask;
            if position < head {
                in_head |= mask;
                head_matched += usize::from(mask != 0);
            }
            together |= (previous | mask) & (mask >> 1);
            previous = mask;
        }
        // Pairs of words the catalog knows with at least one in the name: the other standing
        // apart, elsewhere or nowhere, breaks the pair ("chiếu" without "hộ" is no passport).
        let known = reading
            .expansions
            .iter()
            .enumerate()
            .take(32)
            .filter(|(_, e)| e.weight > 0.0)
            .fold(0u32, |bits, (i, _)| bits | 1 << i);
        let judged = known & (known >> 1) & (in_name | in_name >> 1);
        let fill = head_matched as f32 / head.clamp(1, name_terms.len().max(1)) as f32;
        if judged == 0 {
            return (1.0, in_head, fill);
        }
        // Each pair weighs as its commoner word: "tạm trú" apart matters more than "đăng ký"
        // together.
        let weight = |pairs: u32| -> f32 {
            (0..31)
                .filter(|i| pairs & (1 << i) != 0)
                .map(|i| {
                    reading.expansions[i]
                        .weight
                        .min(reading.expansions[i + 1].weight)
                })
                .sum()
        };
        let all = weight(judged);
        let share = if all > 0.0 {
            weight(together & judged) / all
        } else {
            1.0
        };
        (share, in_head, fill)
    }
}

/// A reading's words' weight, read once for all the judged hits.
struct ReadingFacts {
    /// The weight of the words the share counts, and of all the words.
    known: f32,
    total: f32,
}
