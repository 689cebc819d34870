//! The handlers of `/v1/procedures`, `/v1/procedures/{code}` and `/v1/facets`.

use super::model::{FacetsResponse, ProcedureHit, SearchResponse};
use super::params;
use crate::catalog::CatalogStore;
use crate::error::ApiError;
use crate::http::{self, IfNoneMatch};
use motcua_core::catalog::ProcedureCode;
use motcua_core::messages::{excerpt, Api, Bilingual, Message};
use motcua_core::search::Query;
use worker::{Env, Request, Response};

/// `GET /v1/procedures?q=&level=&field=&agency=&online=&limit=&cursor=`
pub async fn search(req: &Request, env: &Env) -> Result<Response, ApiError> {
    let url = req.url()?;
    let query = params::query(
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned())),
    )?;
    let loaded = CatalogStore::from_env(env)?.current().await?;
    let results = loaded.index.search(&query);
    let body = SearchResponse {
        catalog_version: &loaded.version,
        total: results.total,
        results: results
            .hits
            .iter()
            .map(|h| ProcedureHit::new(&loaded.index, h.doc, &h.code, &h.name, h.score))
            .collect(),
        facets: results.facets.into(),
        next_cursor: results.next_offset.map(|o| o.to_string()),
    };
    Ok(http::json_cached(&body, "public, max-age=60")?)
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
    let body = store
        .procedure(&loaded.version, code)
        .await?
        .ok_or_else(|| {
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
