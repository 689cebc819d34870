//! What is asked ([`Query`]) and answered ([`SearchResults`]), and the search itself: the
//! ranked candidates, filtered and counted for facets in one pass, then paged.

use super::facets::{FacetCounter, Facets};
use super::filters::Filters;
use super::index::SearchIndex;
use super::paging;
use crate::catalog::{Level, OnlineLevel};
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
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Size of the matching set after filters.
    pub total: usize,
    pub facets: Facets,
    /// Offset of the next page, if any.
    pub next_offset: Option<usize>,
}

impl SearchIndex {
    /// Ranked hits for a query with filters, facets and paging.
    pub fn search(&self, query: &Query) -> SearchResults {
        let candidates = self.candidates(query);
        let filters = Filters::resolve(self, query);
        let mut facets = FacetCounter::new(self);
        let mut passing: Vec<(u32, f32)> = Vec::with_capacity(candidates.len());
        for &(doc, score) in &candidates {
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
            if !query.skip_facets {
                facets.count(&row, &checks);
            }
        }
        let limit = query.page_size();
        let total = passing.len();
        let hits: Vec<Hit> = paging::page(passing, query.offset, limit)
            .into_iter()
            .filter_map(|(doc, score)| {
                self.procedure(doc as usize).map(|p| Hit {
                    doc,
                    code: p.code().to_string(),
                    name: p.name().to_string(),
                    score,
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
        }
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

    /// The procedures the text matches, with scores (all of them, unscored, for an empty
    /// text). Only the requested page needs exact scores, unless filters may drop the best.
    fn candidates(&self, query: &Query) -> Vec<(u32, f32)> {
        if query.text.trim().is_empty() {
            return (0..self.len() as u32).map(|d| (d, 0.0)).collect();
        }
        let exact = if query.is_filtered() {
            usize::MAX
        } else {
            query.offset.saturating_add(query.page_size())
        };
        self.matching(&query.text, exact)
    }
}
