//! The catalog in KV as this isolate sees it: which version is live (`catalog/current`) and
//! that version's search index, loaded once per isolate and per version, plus the immutable,
//! versioned keys (metadata, procedure details).
//!
//! The pointer is re-read at most every [`RECHECK_MS`], so a `motcua publish` takes effect
//! within that time without a KV read on every request.

use motcua_core::catalog::kv;
use motcua_core::search::SearchIndex;
use std::cell::RefCell;
use std::rc::Rc;
use worker::{Date, Env, KvError, KvStore};

const BINDING: &str = "CATALOG";
/// How often an isolate asks KV whether a new version went live.
const RECHECK_MS: u64 = 30_000;
/// Edge cache for KV reads of the live pointer.
const POINTER_TTL: u64 = 60;
/// Edge cache for KV reads of immutable, versioned keys.
const IMMUTABLE_TTL: u64 = 3_600;

pub struct Loaded {
    pub version: String,
    pub index: SearchIndex,
    /// The index exactly as published: served to widgets without re-serialising.
    pub index_json: String,
}

/// Why the catalog could not be read.
#[derive(Debug)]
pub enum CatalogError {
    /// No version is live, or the live version's index is missing or unreadable.
    NotPublished,
    /// KV failed.
    Platform(worker::Error),
}

impl From<worker::Error> for CatalogError {
    fn from(err: worker::Error) -> Self {
        CatalogError::Platform(err)
    }
}

impl From<KvError> for CatalogError {
    fn from(err: KvError) -> Self {
        CatalogError::Platform(err.into())
    }
}

struct Cached {
    loaded: Rc<Loaded>,
    checked_at: u64,
}

thread_local! {
    static CURRENT: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

/// The `CATALOG` KV namespace.
pub struct CatalogStore {
    kv: KvStore,
}

impl CatalogStore {
    pub fn from_env(env: &Env) -> Result<CatalogStore, CatalogError> {
        Ok(CatalogStore {
            kv: env.kv(BINDING)?,
        })
    }

    /// The live catalog, loading it if this isolate has not yet or a new version went live.
    pub async fn current(&self) -> Result<Rc<Loaded>, CatalogError> {
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
        let version = self
            .kv
            .get(kv::CURRENT_KEY)
            .cache_ttl(POINTER_TTL)
            .text()
            .await?
            .ok_or(CatalogError::NotPublished)?;
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
        let index_json = self
            .immutable(&kv::index_key(&version))
            .await?
            .ok_or(CatalogError::NotPublished)?;
        let index = SearchIndex::from_json(&index_json).map_err(|err| {
            worker::console_error!("catalog {version}: unreadable index: {err:?}");
            CatalogError::NotPublished
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

    /// A version's metadata as published.
    pub async fn meta(&self, version: &str) -> Result<Option<String>, CatalogError> {
        self.immutable(&kv::meta_key(version)).await
    }

    /// One procedure's detail as published in `version`.
    pub async fn procedure(
        &self,
        version: &str,
        code: &str,
    ) -> Result<Option<String>, CatalogError> {
        self.immutable(&kv::procedure_key(version, code)).await
    }

    /// Reads one immutable, versioned key.
    async fn immutable(&self, key: &str) -> Result<Option<String>, CatalogError> {
        Ok(self.kv.get(key).cache_ttl(IMMUTABLE_TTL).text().await?)
    }
}
