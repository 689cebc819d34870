//! The Cron refresh (`[triggers] crons`): fetch `CATALOG_FEED_URL` — a catalog artefact as
//! `motcua import` writes it — conditionally, check it with core's guard (no force), write the
//! new version, read every value back, record it among the kept versions, switch the pointer,
//! delete the version pushed out; then record the run in `catalog/refresh` for `/v1/health`.
//! On any failure the pointer is not touched: the live catalog keeps being served. It writes no
//! precompressed index (`index.br`: the Worker carries no brotli encoder, which would grow its
//! wasm), so the index route lets the runtime compress its versions per request.
//!
//! Budget (developers.cloudflare.com, 2026): KV allows 1,000 operations per invocation; the
//! largest run plans `publish::refresh::planned_kv_ops` ≈ 200 (64 shards). CPU: parsing and
//! re-laying out a 10–20 MB artefact takes seconds, far over the Free plan's 10 ms: the Cron
//! refresh needs Workers Paid (30 s by default for a Cron under an hour's interval, 15 min
//! above); on Free, publish with `motcua publish` from CI instead.

use super::store::{self, BINDING};
use crate::http;
use futures_util::future::{select, Either};
use futures_util::StreamExt;
use motcua_core::catalog::kv::{self, CatalogMeta, PartDigest};
use motcua_core::catalog::Artefact;
use motcua_core::publish::layout::{check_meta, VersionEntries};
use motcua_core::publish::refresh::{planned_kv_ops, FEED_TIMEOUT_MS, MAX_FEED_BYTES};
use motcua_core::publish::{
    decide, Decision, FeedAnswer, Outcome, Policy, RefreshRecord, Registry, RunEnd, Source,
    Validators, VersionRecord, KEEP_VERSIONS,
};
use std::cell::Cell;
use std::pin::pin;
use std::time::Duration;
use worker::{AbortController, Date, Delay, Env, KvStore};

/// The variable naming the feed; unset or empty: the Cron does nothing.
const FEED_VAR: &str = "CATALOG_FEED_URL";

/// KV with every operation counted (the invocation's budget).
struct Kv {
    store: KvStore,
    ops: Cell<u32>,
}

/// How an attempt ended, before it is recorded.
struct Ended {
    outcome: Outcome,
    detail: String,
    feed_version: Option<String>,
    validators: Validators,
}

fn ended(outcome: Outcome, detail: impl Into<String>) -> Ended {
    Ended {
        outcome,
        detail: detail.into(),
        feed_version: None,
        validators: Validators::default(),
    }
}

impl Kv {
    fn count(&self) {
        self.ops.set(self.ops.get() + 1);
    }

    async fn get(&self, key: &str) -> Result<Option<String>, String> {
        self.count();
        self.store
            .get(key)
            .text()
            .await
            .map_err(|e| format!("KV read of {key} failed: {e}"))
    }

    async fn put(&self, key: &str, value: &str) -> Result<(), String> {
        self.count();
        self.store
            .put(key, value)
            .map_err(|e| format!("KV write of {key} failed: {e}"))?
            .execute()
            .await
            .map_err(|e| format!("KV write of {key} failed: {e}"))
    }

    async fn delete(&self, key: &str) -> Result<(), String> {
        self.count();
        self.store
            .delete(key)
            .await
            .map_err(|e| format!("KV delete of {key} failed: {e}"))
    }

    /// Writes `value` and reads it back: the bytes must be the ones written.
    async fn put_checked(&self, key: &str, value: &str) -> Result<(), String> {
        self.put(key, value).await?;
        let expected = PartDigest::of(value);
        match self.get(key).await? {
            Some(read) if expected.matches(&read) => Ok(()),
            Some(_) => Err(format!("read-back of {key} differs from what was written")),
            None => Err(format!("read-back of {key} found nothing")),
        }
    }
}

/// The scheduled handler's work; never fails (everything ends in the record and the log).
pub async fn run(env: &Env) {
    let started = Date::now().as_millis();
    let memory_at_start = wasm_memory_bytes();
    let url = env
        .var(FEED_VAR)
        .map(|v| v.to_string().trim().to_string())
        .unwrap_or_default();
    if url.is_empty() {
        worker::console_log!(
            "{}",
            serde_json::json!({"event": "catalog_refresh", "outcome": "not_configured"})
        );
        return;
    }
    let kv = match env.kv(BINDING) {
        Ok(store) => Kv {
            store,
            ops: Cell::new(0),
        },
        Err(e) => {
            worker::console_error!("catalog refresh: no KV binding {BINDING}: {e}");
            return;
        }
    };
    let previous = kv
        .get(kv::REFRESH_KEY)
        .await
        .ok()
        .flatten()
        .and_then(|t| RefreshRecord::from_json(Some(&t)));
    let end = attempt(&kv, &url, previous.as_ref()).await;
    let live_version = kv.get(kv::CURRENT_KEY).await.ok().flatten();
    let finished = Date::now().as_millis();
    let record = RefreshRecord::after(
        previous.as_ref(),
        RunEnd {
            at: (finished / 1000) as i64,
            outcome: end.outcome,
            detail: end.detail,
            live_version,
            feed_version: end.feed_version,
            validators: end.validators,
            duration_ms: finished.saturating_sub(started),
            kv_ops: kv.ops.get() + 1,
        },
    );
    if let Err(e) = kv.put(kv::REFRESH_KEY, &record.to_json()).await {
        worker::console_error!("catalog refresh: cannot record the run: {e}");
    }
    // This isolate answers from the new state at once; others within the recheck interval.
    store::forget();
    let mut line = serde_json::to_value(&record).unwrap_or_default();
    line["event"] = "catalog_refresh".into();
    line["wasm_memory_start_bytes"] = memory_at_start.into();
    line["wasm_memory_bytes"] = wasm_memory_bytes().into();
    worker::console_log!("{line}");
}

/// The Worker's linear memory, for the run's log line (the 128 MB limit includes it).
fn wasm_memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

async fn attempt(kv: &Kv, url: &str, previous: Option<&RefreshRecord>) -> Ended {
    // What is live, and the kept versions.
    let state = async {
        let live = kv.get(kv::CURRENT_KEY).await?;
        let mut registry = Registry::from_json(kv.get(kv::VERSIONS_KEY).await?.as_deref())
            .map_err(|e| format!("{} is unreadable: {e}", kv::VERSIONS_KEY))?;
        let live_meta = match &live {
            Some(v) => Some(
                check_meta(v, None, kv.get(&kv::meta_key(v)).await?.as_deref())
                    .map_err(|e| format!("the live version's meta: {e}"))?,
            ),
            None => None,
        };
        if let Some(m) = &live_meta {
            registry.adopt(m);
        }
        Ok::<_, String>((live_meta, registry))
    };
    let (live_meta, mut registry) = match state.await {
        Ok(s) => s,
        Err(e) => return ended(Outcome::Failed, e),
    };

    let validators = previous.map(|p| p.validators.clone()).unwrap_or_default();
    let (text, fresh) = match fetch(url, &validators).await {
        Fetched::Body { text, validators } => (text, validators),
        Fetched::NotModified => {
            return ended(Outcome::NotModified, "the feed answered 304 Not Modified")
        }
        Fetched::Failed(detail) => return ended(Outcome::FeedError, detail),
    };
    let feed_bytes = text.len();
    let artefact = match Artefact::from_json(&text) {
        Ok(a) => a,
        Err(e) => {
            return ended(
                Outcome::Refused,
                format!("the feed's body ({feed_bytes} bytes): {e}"),
            )
        }
    };
    drop(text);
    let end = |outcome, detail: String| Ended {
        outcome,
        detail,
        feed_version: Some(artefact.catalog_version.clone()),
        validators: fresh.clone(),
    };
    match decide(&artefact, live_meta.as_ref(), &registry, Policy::default()) {
        Err(refusal) => {
            return end(
                Outcome::Refused,
                format!(
                    "catalog {} refused ({}): {refusal}",
                    artefact.catalog_version,
                    refusal.kind()
                ),
            )
        }
        Ok(Decision::AlreadyLive) => {
            return end(
                Outcome::Unchanged,
                format!(
                    "the feed's catalog is the live content (hash {})",
                    artefact.content_hash
                ),
            )
        }
        Ok(Decision::Publish) => {}
    }
    match publish(kv, &artefact, &mut registry).await {
        Ok(detail) => end(Outcome::Published, detail),
        Err(e) => end(Outcome::Failed, format!("nothing switched: {e}")),
    }
}

/// Writes and verifies the version, records it, switches the pointer, prunes; the detail line.
async fn publish(kv: &Kv, artefact: &Artefact, registry: &mut Registry) -> Result<String, String> {
    let version = artefact.catalog_version.clone();
    let now = (Date::now().as_millis() / 1000) as i64;
    let mut entries = VersionEntries::new(artefact, now);
    // The plan must fit the invocation's budget before anything is written.
    let mut after = registry.clone();
    after.record(VersionRecord {
        shards: Some(entries.shard_count()),
        ..VersionRecord::of(&CatalogMeta::of(artefact), Source::Cron)
    });
    let to_prune: Vec<u32> = after
        .prune(&version, KEEP_VERSIONS, |r| r.shards.is_some())
        .iter()
        .filter_map(|r| r.shards)
        .collect();
    let planned = planned_kv_ops(entries.shard_count(), &to_prune);
    if planned + kv.ops.get() as usize > kv::KV_OPS_PER_INVOCATION {
        return Err(format!(
            "the plan needs {planned} KV operations, over the per-invocation limit"
        ));
    }
    let mut written = Vec::new();
    let result = async {
        for entry in entries.by_ref() {
            let entry = entry.map_err(|e| e.to_string())?;
            written.push(entry.key.clone());
            kv.put_checked(&entry.key, &entry.value).await?;
        }
        let meta = entries.meta().cloned().ok_or("no meta was built")?;
        registry.record(VersionRecord::of(&meta, Source::Cron));
        let pruned = registry.prune(&version, KEEP_VERSIONS, |r| r.shards.is_some());
        kv.put(kv::VERSIONS_KEY, &registry.to_json()).await?;
        kv.put(kv::CURRENT_KEY, &version).await?;
        match kv.get(kv::CURRENT_KEY).await? {
            Some(v) if v == version => {}
            other => return Err(format!("the pointer reads back as {other:?}")),
        }
        Ok::<_, String>((meta, pruned))
    }
    .await;
    let (meta, pruned) = match result {
        Ok(done) => done,
        Err(e) => {
            // Best effort: remove what this run wrote of a version that never went live.
            for key in &written {
                let _ = kv.delete(key).await;
            }
            return Err(e);
        }
    };
    let mut deleted = 0;
    for record in &pruned {
        let Ok(Some(text)) = kv.get(&kv::meta_key(&record.version)).await else {
            continue;
        };
        for key in CatalogMeta::from_json(&text)
            .ok()
            .and_then(|m| m.keys())
            .unwrap_or_default()
        {
            if kv.delete(&key).await.is_ok() {
                deleted += 1;
            }
        }
    }
    Ok(format!(
        "published {version}: {} procedures in {} shards (hash {}); {} old version(s) deleted ({deleted} keys)",
        meta.counts.procedures,
        meta.layout.as_ref().map_or(0, |l| l.shard_count()),
        meta.hash,
        pruned.len()
    ))
}

enum Fetched {
    Body {
        text: String,
        validators: Validators,
    },
    NotModified,
    Failed(String),
}

/// The conditional GET of the feed, bounded in time and size.
async fn fetch(url: &str, validators: &Validators) -> Fetched {
    let controller = AbortController::default();
    let signal = controller.signal();
    let exchange = async {
        let mut response = http::get_json(url, &validators.request_headers(), &signal)
            .await
            .map_err(|e| format!("fetch failed: {e}"))?;
        match FeedAnswer::of(response.status_code()) {
            FeedAnswer::Body => {}
            FeedAnswer::NotModified => return Ok(Fetched::NotModified),
            FeedAnswer::Failed { status } => {
                return Err(format!("the feed answered HTTP {status}"))
            }
        }
        let header = |name| response.headers().get(name).ok().flatten();
        let fresh = Validators {
            etag: header("ETag"),
            last_modified: header("Last-Modified"),
        };
        let declared = http::declared_length(&response);
        if declared.is_some_and(|l| l > MAX_FEED_BYTES as u64) {
            return Err(format!("the feed's body is over {MAX_FEED_BYTES} bytes"));
        }
        let mut stream = response.stream().map_err(|e| e.to_string())?;
        // Sized from the declared length: growing by doubling would hold up to twice the body.
        let mut body = Vec::with_capacity(declared.unwrap_or(0) as usize);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| format!("reading the feed failed: {e}"))?;
            if body.len() + chunk.len() > MAX_FEED_BYTES {
                return Err(format!("the feed's body is over {MAX_FEED_BYTES} bytes"));
            }
            body.extend_from_slice(&chunk);
        }
        let text =
            String::from_utf8(body).map_err(|_| "the feed's body is not UTF-8".to_string())?;
        Ok(Fetched::Body {
            text,
            validators: fresh,
        })
    };
    let timeout = Delay::from(Duration::from_millis(FEED_TIMEOUT_MS));
    let fetched = match select(pin!(exchange), pin!(timeout)).await {
        Either::Left((Ok(fetched), _)) => fetched,
        Either::Left((Err(detail), _)) => Fetched::Failed(detail),
        Either::Right(((), _)) => {
            controller.abort();
            Fetched::Failed(format!("no answer within {FEED_TIMEOUT_MS} ms"))
        }
    };
    fetched
}
