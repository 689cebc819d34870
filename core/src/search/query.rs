//! What is asked ([`Query`]) and answered ([`SearchResults`]), and the search itself: the
//! ranked candidates, filtered and counted for facets in one pass, then paged.

use super::facets::{FacetCounter, Facets};
use super::filters::Filters;
use super::index::{SearchIndex, NO_GROUP};
use super::paging::{self, by_score_then_doc};
use super::scoring::Matched;
use super::verdict::{Evidence, Verdict, JUDGED_HITS};
use crate::catalog::{Level, OnlineLevel};
use crate::sorting;
use serde::Serialize;

/// Page size when a query asks for none.
const DEFAULT_LIMIT: usize = 20;

/// What the API (`GET /v1/procedures?q=&level=&field=&agency=&online=&limit=&cursor=`) and the
/// widget ask for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Free text as typed; empty lists the (filtered) catalog by code.
    pub text: String,
    pub level: Option<Level>,
    /// Field (lĩnh vực) name; compared without case and diacritics.
    pub field: Option<String>,
    /// Agency name; compared without case and diacritics.
    pub agency: Option<String>,
    pub online: Option<OnlineLevel>,
    /// Page size; 0 means 20.
    pub limit: usize,
    /// Number of hits to skip (the API's cursor is this offset).
    pub offset: usize,
    /// Leave [`SearchResults::facets`] empty (the widget's keystroke path shows no facets).
    pub skip_facets: bool,
}

impl Query {
    pub(super) fn page_size(&self) -> usize {
        if self.limit == 0 {
            DEFAULT_LIMIT
        } else {
            self.limit
        }
    }

    fn is_filtered(&self) -> bool {
        self.level.is_some()
            || self.field.is_some()
            || self.agency.is_some()
            || self.online.is_some()
    }
}

/// One ranked procedure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Position in the index ([`SearchIndex::procedure`]).
    pub doc: u32,
    pub code: String,
    pub name: String,
    pub score: f32,
    /// Codes of the other procedures listed under the same name that also match (the hit
    /// stands for all of them), in index order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Size of the matching set after filters, procedures sharing a name counted once.
    pub total: usize,
    pub facets: Facets,
    /// Offset of the next page, if any.
    pub next_offset: Option<usize>,
    /// Whether the catalog has a good match for the text ([`Verdict::Listing`] without text).
    pub verdict: Verdict,
    /// What the verdict rests on (for a text search that matched words, not a code).
    pub evidence: Option<Evidence>,
}

impl SearchIndex {
    /// Ranked hits for a query with filters, facets and paging, and the verdict.
    pub fn search(&self, query: &Query) -> SearchResults {
        let listing = query.text.trim().is_empty();
        let matched = self.candidates(query);
        let filters = Filters::resolve(self, query);
        let mut facets = FacetCounter::new(self);
        let mut passing: Vec<(u32, f32)> = Vec::with_capacity(matched.hits.len());
        // Groups of same-named procedures already counted (candidates come in index order).
        let mut counted: Vec<u32> = Vec::new();
        for &(doc, score) in &matched.hits {
            let Some((row, checks)) = filters.judge(self, doc) else {
                continue;
            };
            // Failing two filters counts in no facet (each facet relaxes only its own).
            let failures = checks.failures();
            if failures > 1 {
                continue;
            }
            if failures == 0 {
                passing.push((doc, score));
            }
            let group = self.duplicate_group[doc as usize];
            if group != NO_GROUP {
                if counted.contains(&group) {
                    continue;
                }
                counted.push(group);
            }
            if !query.skip_facets {
                facets.count(&row, &checks);
            }
        }
        let merged = self.merge_duplicates(&mut passing);
        let limit = query.page_size();
        let total = passing.len();
        let (verdict, evidence) = if listing {
            (Verdict::Listing, None)
        } else {
            self.verdict(&matched, &best_of(&passing))
        };
        let hits: Vec<Hit> = paging::page(passing, query.offset, limit)
            .into_iter()
            .filter_map(|(doc, score)| {
                self.procedure(doc as usize).map(|p| Hit {
                    doc,
                    code: p.code().to_string(),
                    name: p.name().to_string(),
                    score,
                    also: merged
                        .iter()
                        .find(|(kept, _)| *kept == doc)
                        .map(|(_, others)| {
                            others
                                .iter()
                                .filter_map(|d| self.procedure(*d as usize))
                                .map(|p| p.code().to_string())
                                .collect()
                        })
                        .unwrap_or_default(),
                })
            })
            .collect();
        let end = query.offset.saturating_add(limit);
        SearchResults {
            hits,
            total,
            facets: if query.skip_facets {
                Facets::default()
            } else {
                facets.finish(self)
            },
            next_offset: (end < total).then_some(end),
            verdict,
            evidence,
        }
    }

    /// Keeps one procedure of each same-named group in `passing`, the best scored (the first
    /// in index order on a tie), and says which others each kept one stands for.
    fn merge_duplicates(&self, passing: &mut Vec<(u32, f32)>) -> Vec<(u32, Vec<u32>)> {
        // (group, position of its best member in `passing`, the others)
        let mut groups: Vec<(u32, usize, Vec<u32>)> = Vec::new();
        let mut dropped = false;
        for i in 0..passing.len() {
            let (doc, score) = passing[i];
            let group = self.duplicate_group[doc as usize];
            if group == NO_GROUP {
                continue;
            }
            match groups.iter_mut().find(|g| g.0 == group) {
                None => groups.push((group, i, Vec::new())),
                Some(g) => {
                    dropped = true;
                    let (best, best_score) = passing[g.1];
                    if score > best_score {
                        g.2.push(best);
                        g.1 = i;
                    } else {
                        g.2.push(doc);
                    }
                }
            }
        }
        if !dropped {
            return Vec::new();
        }
        let kept: Vec<u32> = groups.iter().map(|g| passing[g.1].0).collect();
        let merged: Vec<(u32, Vec<u32>)> = groups
            .into_iter()
            .filter(|g| !g.2.is_empty())
            .map(|(_, i, mut others)| {
                sorting::sort(&mut others);
                (passing[i].0, others)
            })
            .collect();
        passing.retain(|(doc, _)| {
            self.duplicate_group[*doc as usize] == NO_GROUP || kept.contains(doc)
        });
        merged
    }

    /// Just the best `limit` hits for a text (the widget's keystroke path).
    pub fn search_text(&self, text: &str, limit: usize) -> Vec<Hit> {
        self.search(&Query {
            text: text.to_string(),
            limit,
            skip_facets: true,
            ..Query::default()
        })
        .hits
    }

    /// Whether the catalog has a good match for a text (the verdict of a search for it).
    pub fn search_text_verdict(&self, text: &str) -> Verdict {
        self.search(&Query {
            text: text.to_string(),
            limit: JUDGED_HITS,
            skip_facets: true,
            ..Query::default()
        })
        .verdict
    }

    /// The procedures the text matches, with scores, in index order (all of them, unscored,
    /// for an empty text). Only the requested page needs exact scores, unless filters may
    /// drop the best.
    fn candidates(&self, query: &Query) -> Matched {
        if query.text.trim().is_empty() {
            return Matched {
                hits: (0..self.len() as u32).map(|d| (d, 0.0)).collect(),
                ..Matched::default()
            };
        }
        let exact = if query.is_filtered() {
            usize::MAX
        } else {
            query.offset.saturating_add(query.page_size())
        };
        // The verdict judges the best few: they need exact scores too.
        self.matching(&query.text, exact.max(JUDGED_HITS))
    }
}

/// The best few of the passing hits, best first.
fn best_of(passing: &[(u32, f32)]) -> Vec<u32> {
    let mut best: Vec<(u32, f32)> = Vec::with_capacity(JUDGED_HITS + 1);
    for hit in passing {
        let at = best.partition_point(|b| by_score_then_doc(b, hit).is_lt());
        if at < JUDGED_HITS {
            best.insert(at, *hit);
            best.truncate(JUDGED_HITS);
        }
    }
    best.into_iter().map(|(doc, _)| doc).collect()
}
