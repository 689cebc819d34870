//! The catalog in KV as this isolate sees it: which version is live (`catalog/current`), that
//! version's meta and search index (loaded once per isolate and per version), the index
//! precompressed at publish time and its shards (each loaded once, when a request first needs
//! it), and the last Cron refresh's record.
//!
//! The pointer is re-read at most every [`RECHECK_MS`], so a publish or a rollback takes effect
//! within that time without a KV read on every request; a Cron refresh in this isolate takes
//! effect at once ([`forget`]).

use motcua_core::api::health::CatalogState;
use motcua_core::catalog::kv::shard::{shard_of, ShardIndex};
use motcua_core::catalog::kv::{self, CatalogMeta};
use motcua_core::publish::layout::check_part;
use motcua_core::publish::{read_index, RefreshRecord};
use motcua_core::search::SearchIndex;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use worker::{Date, Env, KvError, KvStore};

pub const BINDING: &str = "CATALOG";
/// How often an isolate asks KV whether a new version went live.
const RECHECK_MS: u64 = 30_000;
/// Edge cache for KV reads of the live pointer and the refresh record.
const POINTER_TTL: u64 = 60;
/// Edge cache for KV reads of immutable, versioned keys.
const IMMUTABLE_TTL: u64 = 3_600;

pub struct Loaded {
    pub version: String,
    pub meta: CatalogMeta,
    /// The meta exactly as published (`GET /v1/catalog`).
    pub meta_json: String,
    pub index: SearchIndex,
    /// The binary index as published (decoded from KV's base64 once): served to widgets as is.
    pub index_bytes: Vec<u8>,
    /// The same index as brotli from publish time ([`CatalogStore::precompressed_index`]): set
    /// once read, `None` when the version has none or it is unusable.
    index_br: OnceCell<Option<Vec<u8>>>,
}

/// Why the catalog could not be read.
#[derive(Debug)]
pub enum CatalogError {
    /// No version is live, or the live version's meta or index is missing or unreadable.
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
    /// Shards of `loaded`'s version read so far.
    shards: HashMap<u32, Rc<ShardIndex>>,
}

struct CachedRefresh {
    record: Option<Rc<RefreshRecord>>,
    checked_at: u64,
}

thread_local! {
    static CURRENT: RefCell<Option<Cached>> = const { RefCell::new(None) };
    static REFRESH: RefCell<Option<CachedRefresh>> = const { RefCell::new(None) };
}

/// The version this isolate serves, if it has loaded one (no KV read: for the request log).
pub fn live_version() -> Option<String> {
    CURRENT.with(|c| c.borrow().as_ref().map(|c| c.loaded.version.clone()))
}

/// Drops what this isolate cached, so the next request reads the pointer and the refresh
/// record again (after this isolate's Cron run switched or recorded something).
pub fn forget() {
    CURRENT.with(|c| *c.borrow_mut() = None);
    REFRESH.with(|r| *r.borrow_mut() = None);
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
        let loaded = Rc::new(self.load(version).await?);
        CURRENT.with(|c| {
            *c.borrow_mut() = Some(Cached {
                loaded: loaded.clone(),
                checked_at: now,
                shards: HashMap::new(),
            })
        });
        Ok(loaded)
    }

    /// Reads a version's meta and index.
    async fn load(&self, version: String) -> Result<Loaded, CatalogError> {
        let meta_json = self
            .immutable(&kv::meta_key(&version))
            .await?
            .ok_or(CatalogError::NotPublished)?;
        let meta = CatalogMeta::from_json(&meta_json).map_err(|err| {
            worker::console_error!("catalog {version}: unreadable meta: {err}");
            CatalogError::NotPublished
        })?;
        let index_value = self
            .immutable(&kv::index_key(&version))
            .await?
            .ok_or(CatalogError::NotPublished)?;
        let (index_bytes, index) = read_index(&index_value).map_err(|err| {
            worker::console_error!("catalog {version}: unreadable index: {err}");
            CatalogError::NotPublished
        })?;
        Ok(Loaded {
            version,
            meta,
            meta_json,
            index,
            index_bytes,
            index_br: OnceCell::new(),
        })
    }

    /// The live version's index precompressed with brotli at publish time (`index.br`), read
    /// once per isolate and version when the index route first needs it (the other routes
    /// never do). `None` — the route then lets the runtime compress — when the version has
    /// none (published by the Cron refresh or before it was kept), or when the value is missing
    /// or not the one the meta vouches for (logged; kept for the version); a KV failure is
    /// logged and retried by the next request.
    pub async fn precompressed_index<'l>(&self, loaded: &'l Loaded) -> Option<&'l [u8]> {
        if let Some(read) = loaded.index_br.get() {
            return read.as_deref();
        }
        let digest = loaded.meta.layout.as_ref()?.index_br.as_ref()?;
        let key = kv::index_br_key(&loaded.version);
        let value = match self.kv.get(&key).cache_ttl(IMMUTABLE_TTL).text().await {
            Ok(value) => value,
            Err(err) => {
                worker::console_error!(
                    "catalog: KV read of {key} failed ({err}); compressed per request"
                );
                return None;
            }
        };
        let bytes = match check_part(&key, digest, value.as_deref()) {
            Ok(()) => value.as_deref().and_then(kv::index_bytes),
            Err(err) => {
                worker::console_error!("catalog: {err}; the index is compressed per request");
                None
            }
        };
        // A concurrent request may have set it first, from the same immutable value.
        let _ = loaded.index_br.set(bytes);
        loaded.index_br.get()?.as_deref()
    }

    /// One procedure's detail as published in the live version `loaded`: from its shard
    /// (read once per isolate), or from its own key in a legacy version.
    pub async fn procedure(
        &self,
        loaded: &Loaded,
        code: &str,
    ) -> Result<Option<String>, CatalogError> {
        let Some(layout) = &loaded.meta.layout else {
            return self
                .immutable(&kv::procedure_key(&loaded.version, code))
                .await;
        };
        let n = shard_of(code, layout.shard_count());
        let cached = CURRENT.with(|c| {
            c.borrow()
                .as_ref()
                .filter(|c| c.loaded.version == loaded.version)
                .and_then(|c| c.shards.get(&n).cloned())
        });
        let shard = match cached {
            Some(shard) => shard,
            None => {
                let text = self
                    .immutable(&kv::shard_key(&loaded.version, n))
                    .await?
                    .ok_or(CatalogError::NotPublished)?;
                let shard = Rc::new(ShardIndex::parse(text).map_err(|err| {
                    worker::console_error!("catalog {}: shard {n}: {err}", loaded.version);
                    CatalogError::NotPublished
                })?);
                CURRENT.with(|c| {
                    if let Some(c) = c.borrow_mut().as_mut() {
                        if c.loaded.version == loaded.version {
                            c.shards.insert(n, shard.clone());
                        }
                    }
                });
                shard
            }
        };
        Ok(shard.get(code).map(str::to_owned))
    }

    /// What `/v1/health` says about the catalog.
    pub async fn health_state(
        &self,
    ) -> (Result<Rc<Loaded>, CatalogError>, Option<Rc<RefreshRecord>>) {
        (self.current().await, self.last_refresh().await)
    }

    /// The last Cron refresh's record, re-read at most every [`RECHECK_MS`]; unreadable or KV
    /// failing: none (health still answers on the catalog).
    pub async fn last_refresh(&self) -> Option<Rc<RefreshRecord>> {
        let now = Date::now().as_millis();
        let cached = REFRESH.with(|r| {
            r.borrow()
                .as_ref()
                .filter(|r| now.saturating_sub(r.checked_at) < RECHECK_MS)
                .map(|r| r.record.clone())
        });
        if let Some(record) = cached {
            return record;
        }
        let text = self
            .kv
            .get(kv::REFRESH_KEY)
            .cache_ttl(POINTER_TTL)
            .text()
            .await
            .ok()
            .flatten();
        let record = RefreshRecord::from_json(text.as_deref()).map(Rc::new);
        REFRESH.with(|r| {
            *r.borrow_mut() = Some(CachedRefresh {
                record: record.clone(),
                checked_at: now,
            })
        });
        record
    }

    /// Reads one immutable, versioned key.
    async fn immutable(&self, key: &str) -> Result<Option<String>, CatalogError> {
        Ok(self.kv.get(key).cache_ttl(IMMUTABLE_TTL).text().await?)
    }
}

/// Health's view of a load result.
pub fn catalog_state(loaded: &Result<Rc<Loaded>, CatalogError>) -> CatalogState<'_> {
    match loaded {
        Ok(l) => CatalogState::Live(&l.meta),
        Err(CatalogError::NotPublished) => CatalogState::NotPublished,
        Err(CatalogError::Platform(_)) => CatalogState::Unreadable,
    }
}
