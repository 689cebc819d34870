//! `GET /v1/catalog` and `GET /v1/catalog/index`.

use super::{CatalogError, CatalogStore};
use crate::error::ApiError;
use crate::http;
use motcua_core::messages::{Api, Bilingual, Message};
use worker::{EncodeBody, Env, Request, Response};

impl From<CatalogError> for ApiError {
    fn from(err: CatalogError) -> Self {
        match err {
            CatalogError::NotPublished => {
                let Bilingual { vi, en } = Api::CatalogNotPublished.both(&[]);
                ApiError::Unavailable { vi, en }
            }
            CatalogError::Platform(err) => ApiError::Internal(err),
        }
    }
}

/// The binary index's media type.
pub const INDEX_TYPE: &str = "application/vnd.motcua.search-index";

/// `GET /v1/catalog/index`: the binary index the widget searches locally
/// (`motcua_core::search`'s format 3). Cloudflare compresses only the media types it knows,
/// so the Worker negotiates the encoding itself from `Accept-Encoding`. Brotli: the bytes
/// `motcua publish` compressed at quality 11 are sent as they are (no work per request, and
/// smaller than the runtime's brotli); a version without them (the Cron refresh's), gzip, or
/// none: the runtime compresses the body to the coding named, if any.
pub async fn index(req: &Request, env: &Env) -> Result<Response, ApiError> {
    let store = CatalogStore::from_env(env)?;
    let loaded = store.current().await?;
    let etag = format!("\"{}\"", loaded.version);
    // The index exists once a catalog is loaded: `*` matches it as its own tag does.
    if http::if_none_match(req, &etag) != http::IfNoneMatch::Absent {
        return Ok(http::not_modified_response(&etag)?);
    }
    let coding = http::compression(req);
    let precompressed = match coding {
        Some(http::Coding::Brotli) => store.precompressed_index(&loaded).await,
        _ => None,
    };
    let mut response = match precompressed {
        Some(br) => Response::from_bytes(br.to_vec())?.with_encode_body(EncodeBody::Manual),
        None => Response::from_bytes(loaded.index_bytes.clone())?,
    };
    let headers = response.headers_mut();
    headers.set("Content-Type", INDEX_TYPE)?;
    headers.set("ETag", &etag)?;
    if let Some(coding) = coding {
        headers.set("Content-Encoding", coding.token())?;
    }
    headers.append("Vary", "Accept-Encoding")?;
    // Short freshness: a new publish reaches phones within minutes; revalidation is a 304.
    headers.set(
        "Cache-Control",
        "public, max-age=300, stale-while-revalidate=86400",
    )?;
    Ok(response)
}

/// `GET /v1/catalog`: which version is live and what it holds.
pub async fn meta(env: &Env) -> Result<Response, ApiError> {
    let loaded = CatalogStore::from_env(env)?.current().await?;
    let mut response = http::raw_json(loaded.meta_json.clone(), 200)?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=60")?;
    Ok(response)
}
