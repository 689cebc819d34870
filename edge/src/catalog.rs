//! The published catalog as this isolate sees it: which version is live (`catalog/current` in
//! KV) and that version's search index, loaded once per isolate and per version.
//!
//! The pointer is re-read at most every [`RECHECK_MS`], so a `motcua publish` takes effect
//! within that time without a KV read on every request. `GET /v1/catalog/index` and
//! `GET /v1/catalog` live here too.

use crate::error::ApiError;
use crate::http;
use motcua_core::catalog::kv;
use motcua_core::search::SearchIndex;
use std::cell::RefCell;
use std::rc::Rc;
use worker::{Date, Env, Request, Response};

const BINDING: &str = "CATALOG";
/// How often an isolate asks KV whether a new version went live.
const RECHECK_MS: u64 = 30_000;
/// Edge cache for KV reads of immutable, versioned keys.
const IMMUTABLE_TTL: u64 = 3_600;

pub struct Loaded {
    pub version: String,
    pub index: SearchIndex,
    /// The index exactly as published: served to widgets without re-serialising.
    pub index_json: String,
}

struct Cached {
    loaded: Rc<Loaded>,
    checked_at: u64,
}

thread_local! {
    static CURRENT: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

fn no_catalog() -> ApiError {
    ApiError::Unavailable {
        vi: "Chưa có danh mục thủ tục nào được xuất bản.".into(),
        en: "No procedure catalog has been published yet.".into(),
    }
}

/// The live catalog, loading it if this isolate has not yet or a new version went live.
pub async fn current(env: &Env) -> Result<Rc<Loaded>, ApiError> {
    let now = Date::now().as_millis();
    let cached = CURRENT.with(|c| {
        c.borrow().as_ref().map(|c| {
            (
                c.loaded.clone(),
                now.saturating_sub(c.checked_at) < RECHECK_MS,
            )
        })
    });
    if let Some((loaded, true)) = &cached {
        return Ok(loaded.clone());
    }
    let store = env.kv(BINDING)?;
    let version = store
        .get(kv::CURRENT_KEY)
        .cache_ttl(60)
        .text()
        .await
        .map_err(worker::Error::from)?
        .ok_or_else(no_catalog)?;
    if let Some((loaded, _)) = cached {
        if loaded.version == version {
            CURRENT.with(|c| {
                if let Some(c) = c.borrow_mut().as_mut() {
                    c.checked_at = now;
                }
            });
            return Ok(loaded);
        }
    }
    let index_json = store
        .get(&kv::index_key(&version))
        .cache_ttl(IMMUTABLE_TTL)
        .text()
        .await
        .map_err(worker::Error::from)?
        .ok_or_else(no_catalog)?;
    let index = SearchIndex::from_json(&index_json).map_err(|err| {
        worker::console_error!("catalog {version}: unreadable index: {err:?}");
        no_catalog()
    })?;
    let loaded = Rc::new(Loaded {
        version,
        index,
        index_json,
    });
    CURRENT.with(|c| {
        *c.borrow_mut() = Some(Cached {
            loaded: loaded.clone(),
            checked_at: now,
        })
    });
    Ok(loaded)
}

/// Reads one immutable, versioned key.
pub async fn read(env: &Env, key: &str) -> Result<Option<String>, ApiError> {
    Ok(env
        .kv(BINDING)?
        .get(key)
        .cache_ttl(IMMUTABLE_TTL)
        .text()
        .await
        .map_err(worker::Error::from)?)
}

/// `GET /v1/catalog/index`: the compact index the widget searches locally.
pub async fn index(req: &Request, env: &Env) -> Result<Response, ApiError> {
    let loaded = current(env).await?;
    let etag = format!("\"{}\"", loaded.version);
    if http::not_modified(req, &etag) {
        return Ok(http::not_modified_response(&etag)?);
    }
    let mut response = Response::ok(loaded.index_json.clone())?;
    let headers = response.headers_mut();
    headers.set("Content-Type", "application/json; charset=utf-8")?;
    headers.set("ETag", &etag)?;
    // Short freshness: a new publish reaches phones within minutes; revalidation is a 304.
    headers.set(
        "Cache-Control",
        "public, max-age=300, stale-while-revalidate=86400",
    )?;
    Ok(response)
}

/// `GET /v1/catalog`: which version is live and what it holds.
pub async fn meta(env: &Env) -> Result<Response, ApiError> {
    let loaded = current(env).await?;
    let meta = read(env, &kv::meta_key(&loaded.version))
        .await?
        .ok_or_else(no_catalog)?;
    let mut response = http::raw_json(meta, 200)?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=60")?;
    Ok(response)
}
