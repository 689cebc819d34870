//! The JSON bodies of `/v1/procedures` and `/v1/facets`.

use motcua_core::catalog::{Level, OnlineLevel};
use motcua_core::search::{Facets, SearchIndex};
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
pub struct ProcedureHit<'a> {
    code: &'a str,
    name: &'a str,
    levels: Vec<Level>,
    fields: Vec<&'a str>,
    agency: Option<&'a str>,
    online_level: Option<OnlineLevel>,
    score: f32,
}

#[derive(Serialize)]
struct Count<T: Serialize> {
    value: T,
    count: usize,
}

#[derive(Serialize)]
pub struct FacetCounts {
    levels: Vec<Count<Level>>,
    fields: Vec<Count<Arc<str>>>,
    agencies: Vec<Count<Arc<str>>>,
    online: Vec<Count<OnlineLevel>>,
}

impl From<Facets> for FacetCounts {
    fn from(f: Facets) -> Self {
        fn counts<T: Serialize>(v: Vec<(T, usize)>) -> Vec<Count<T>> {
            v.into_iter()
                .map(|(value, count)| Count { value, count })
                .collect()
        }
        FacetCounts {
            levels: counts(f.levels),
            fields: counts(f.fields),
            agencies: counts(f.agencies),
            online: counts(f.online),
        }
    }
}

/// `GET /v1/procedures`.
#[derive(Serialize)]
pub struct SearchResponse<'a> {
    pub catalog_version: &'a str,
    pub total: usize,
    pub results: Vec<ProcedureHit<'a>>,
    /// Left out when asked (`facets=false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetCounts>,
    pub next_cursor: Option<String>,
}

/// `GET /v1/facets`.
#[derive(Serialize)]
pub struct FacetsResponse<'a> {
    pub catalog_version: &'a str,
    pub total: usize,
    pub facets: FacetCounts,
}

impl<'a> ProcedureHit<'a> {
    /// One search hit, with its levels, fields and agency named from the index's tables.
    pub fn new(
        index: &'a SearchIndex,
        doc: u32,
        code: &'a str,
        name: &'a str,
        score: f32,
    ) -> ProcedureHit<'a> {
        let compact = index.compact();
        let procedure = index.procedure(doc as usize);
        ProcedureHit {
            code,
            name,
            levels: procedure.map(|p| p.levels().collect()).unwrap_or_default(),
            fields: procedure
                .map(|p| {
                    p.field_ids()
                        .iter()
                        .filter_map(|id| compact.fields.get(*id as usize).map(String::as_str))
                        .collect()
                })
                .unwrap_or_default(),
            agency: procedure
                .and_then(|p| p.agency_id())
                .and_then(|id| compact.agencies.get(id as usize).map(String::as_str)),
            online_level: procedure.and_then(|p| p.online_level()),
            // Rounded: the score orders results; its last digits mean nothing to a client.
            score: (score * 1000.0).round() / 1000.0,
        }
    }
}
