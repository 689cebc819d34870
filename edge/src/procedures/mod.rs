//! `/v1/procedures` and `/v1/facets`: search, filter and read the published catalog.
//! The ranking is core's; this module reads parameters and renders JSON.

mod params;

use crate::catalog;
use crate::error::ApiError;
use crate::http;
use motcua_core::catalog::{clean::is_valid_code, kv, Level, OnlineLevel};
use motcua_core::search::{Facets, Query, SearchIndex};
use serde::Serialize;
use std::sync::Arc;
use worker::{Env, Request, Response};

#[derive(Serialize)]
struct ProcedureHit<'a> {
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
struct FacetCounts {
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

#[derive(Serialize)]
struct SearchResponse<'a> {
    catalog_version: &'a str,
    total: usize,
    results: Vec<ProcedureHit<'a>>,
    facets: FacetCounts,
    next_cursor: Option<String>,
}

fn hit<'a>(
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

/// `GET /v1/procedures?q=&level=&field=&agency=&online=&limit=&cursor=`
pub async fn search(req: &Request, env: &Env) -> Result<Response, ApiError> {
    let url = req.url()?;
    let query = params::query(
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned())),
    )?;
    let loaded = catalog::current(env).await?;
    let results = loaded.index.search(&query);
    let body = SearchResponse {
        catalog_version: &loaded.version,
        total: results.total,
        results: results
            .hits
            .iter()
            .map(|h| hit(&loaded.index, h.doc, &h.code, &h.name, h.score))
            .collect(),
        facets: results.facets.into(),
        next_cursor: results.next_offset.map(|o| o.to_string()),
    };
    let mut response = http::json(&body, 200)?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=60")?;
    Ok(response)
}

/// `GET /v1/facets`: counts over the whole catalog, for building filter menus.
pub async fn facets(env: &Env) -> Result<Response, ApiError> {
    let loaded = catalog::current(env).await?;
    let results = loaded.index.search(&Query {
        limit: 1,
        ..Query::default()
    });
    #[derive(Serialize)]
    struct Body<'a> {
        catalog_version: &'a str,
        total: usize,
        facets: FacetCounts,
    }
    let mut response = http::json(
        &Body {
            catalog_version: &loaded.version,
            total: results.total,
            facets: results.facets.into(),
        },
        200,
    )?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=300")?;
    Ok(response)
}

/// `GET /v1/procedures/{code}`: the full detail as published.
pub async fn detail(req: &Request, env: &Env, code: &str) -> Result<Response, ApiError> {
    let code = code.trim();
    if !is_valid_code(code) || code.len() > 40 {
        return Err(ApiError::Invalid {
            kind: "bad-procedure-code",
            vi: format!(
                "Mã thủ tục “{}” không đúng dạng; ví dụ đúng: 1.001193 hoặc 1.012753.H19.",
                code.chars().take(40).collect::<String>()
            ),
            en: "Not a procedure code; expected e.g. 1.001193 or 1.012753.H19.".into(),
            errors: None,
        });
    }
    let loaded = catalog::current(env).await?;
    let etag = format!("\"{}/{}\"", loaded.version, code);
    if http::not_modified(req, &etag) {
        return Ok(http::not_modified_response(&etag)?);
    }
    let body = catalog::read(env, &kv::procedure_key(&loaded.version, code))
        .await?
        .ok_or_else(|| ApiError::NotFound {
            vi: format!("Không có thủ tục mã {code} trong danh mục."),
            en: format!("No procedure with code {code} in the catalog."),
        })?;
    let mut response = http::raw_json(body, 200)?;
    let headers = response.headers_mut();
    headers.set("ETag", &etag)?;
    headers.set("Cache-Control", "public, max-age=300")?;
    Ok(response)
}
