//! The handlers of `/v1/procedures`, `/v1/procedures/{code}` and `/v1/facets`.

use super::model::{FacetsResponse, ProcedureHit, SearchResponse};
use crate::catalog::CatalogStore;
use crate::error::ApiError;
use crate::http::{self, IfNoneMatch};
use motcua_core::api::cache::AnswerCache;
use motcua_core::api::params;
use motcua_core::catalog::ProcedureCode;
use motcua_core::messages::{excerpt, Api, Bilingual, Message};
use motcua_core::search::Query;
use std::cell::RefCell;
use std::rc::Rc;
use worker::{Env, Request, Response};

/// Rendered search answers kept per isolate (a few thousand typical answers).
const SEARCH_CACHE_BYTES: usize = 8 * 1024 * 1024;

thread_local! {
    static SEARCH_CACHE: RefCell<AnswerCache> = RefCell::new(AnswerCache::new(SEARCH_CACHE_BYTES));
}

/// `GET /v1/procedures?q=&level=&field=&agency=&online=&limit=&cursor=&facets=`
pub async fn search(req: &Request, env: &Env) -> Result<Response, ApiError> {
    let url = req.url()?;
    let query = params::query(url.query_pairs())?;
    let loaded = CatalogStore::from_env(env)?.current().await?;
    let key = params::cache_key(&query);
    let cached = SEARCH_CACHE.with(|c| c.borrow().get(&loaded.version, &key));
    let body = match cached {
        Some(body) => body,
        None => {
            let body: Rc<str> = render_search(&loaded, &query)?.into();
            SEARCH_CACHE.with(|c| c.borrow_mut().put(&loaded.version, key, body.clone()));
            body
        }
    };
    let mut response = http::raw_json(body.to_string(), 200)?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=60")?;
    Ok(response)
}

/// The search answer's JSON.
fn render_search(loaded: &crate::catalog::Loaded, query: &Query) -> Result<String, ApiError> {
    let results = loaded.index.search(query);
    let body = SearchResponse {
        catalog_version: &loaded.version,
        total: results.total,
        results: results
            .hits
            .iter()
            .map(|h| ProcedureHit::new(&loaded.index, h.doc, &h.code, &h.name, h.score))
            .collect(),
        facets: (!query.skip_facets).then(|| results.facets.into()),
        next_cursor: results.next_offset.map(|o| o.to_string()),
    };
    Ok(serde_json::to_string(&body).map_err(worker::Error::from)?)
}

/// `GET /v1/facets`: counts over the whole catalog, for building filter menus.
pub async fn facets(env: &Env) -> Result<Response, ApiError> {
    let loaded = CatalogStore::from_env(env)?.current().await?;
    let results = loaded.index.search(&Query {
        limit: 1,
        ..Query::default()
    });
    let body = FacetsResponse {
        catalog_version: &loaded.version,
        total: results.total,
        facets: results.facets.into(),
    };
    Ok(http::json_cached(&body, "public, max-age=300")?)
}

/// `GET /v1/procedures/{code}`: the full detail as published.
pub async fn detail(req: &Request, env: &Env, code: &str) -> Result<Response, ApiError> {
    let code = code.trim();
    let Ok(code) = ProcedureCode::parse(code) else {
        let Bilingual { vi, en } = Api::BadProcedureCode.both(&[("code", &excerpt(code))]);
        return Err(ApiError::Invalid {
            kind: "bad-procedure-code",
            vi,
            en,
            errors: None,
        });
    };
    let code = code.as_str();
    let store = CatalogStore::from_env(env)?;
    let loaded = store.current().await?;
    let etag = format!("\"{}/{}\"", loaded.version, code);
    let precondition = http::if_none_match(req, &etag);
    // The client's own tag: no need to read the procedure. `*` matches only what exists.
    if precondition == IfNoneMatch::Tag {
        return Ok(http::not_modified_response(&etag)?);
    }
    let body = store.procedure(&loaded, code).await?.ok_or_else(|| {
        let Bilingual { vi, en } = Api::UnknownProcedure.both(&[("code", &code)]);
        ApiError::NotFound { vi, en }
    })?;
    if precondition == IfNoneMatch::Any {
        return Ok(http::not_modified_response(&etag)?);
    }
    let mut response = http::raw_json(body, 200)?;
    let headers = response.headers_mut();
    headers.set("ETag", &etag)?;
    headers.set("Cache-Control", "public, max-age=300")?;
    Ok(response)
}
