//! The catalog's layout in Workers KV, shared by the publishers (the CLI, the Cron refresh) and
//! the reader (the edge). One version is a bounded number of values, so that a Worker
//! invocation can write it whole (KV allows [`KV_OPS_PER_INVOCATION`] operations per
//! invocation):
//!
//! - `catalog/<version>/meta`: [`CatalogMeta`], with the digest of every other value;
//! - `catalog/<version>/index`: the binary search index that the edge searches and the
//!   widget downloads once, as base64 text ([`index_value`]): every value stays text, so the
//!   publishers' writes, read-backs and digests treat it like the others;
//! - `catalog/<version>/index.br`: the same index precompressed with brotli at quality 11, as
//!   base64 text, which the edge serves as it is to requests that accept `br`. Only the native
//!   CLI writes it (the edge's wasm carries no brotli encoder): a version without it (published
//!   by the Cron refresh, or before it existed) is compressed by the runtime per request;
//! - `catalog/<version>/shards/<n>`: the procedures whose code hashes to `n` ([`shard`]), one
//!   line each, so a detail read is one value read, sliced without re-serialising;
//! - `catalog/versions`: the published versions, newest first ([`crate::publish::versions`]);
//! - `catalog/refresh`: the last Cron refresh's result ([`crate::publish::refresh`]);
//! - `catalog/current`: the live version, written last, after the rest is read back.
//!
//! Versions published before the sharded layout (meta without `layout`) keep one value per
//! procedure, `catalog/<version>/procedures/<code>`, and a `summaries` value; the edge still
//! reads them, so a rollback to such a version works.
//!
//! The entries themselves are built by [`crate::publish`], which sits above the catalog and
//! the search index because a version holds both.

pub mod shard;

use super::artefact::{Artefact, Counts};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// The pointer to the live version.
pub const CURRENT_KEY: &str = "catalog/current";
/// The list of published versions ([`crate::publish::versions::Registry`]).
pub const VERSIONS_KEY: &str = "catalog/versions";
/// The last Cron refresh ([`crate::publish::refresh::RefreshRecord`]).
pub const REFRESH_KEY: &str = "catalog/refresh";
/// KV's limit on one value (25 MiB; developers.cloudflare.com/kv/platform/limits).
pub const MAX_VALUE_BYTES: usize = 25 * 1024 * 1024;
/// KV operations one Worker invocation may make, on every plan (a bulk read counts once;
/// developers.cloudflare.com/kv/platform/limits). The Cron refresh's plan must fit in it.
pub const KV_OPS_PER_INVOCATION: usize = 1000;

pub fn meta_key(version: &str) -> String {
    format!("catalog/{version}/meta")
}

pub fn index_key(version: &str) -> String {
    format!("catalog/{version}/index")
}

/// The index precompressed with brotli (quality 11) at publish time.
pub fn index_br_key(version: &str) -> String {
    format!("catalog/{version}/index.br")
}

pub fn shard_key(version: &str, shard: u32) -> String {
    format!("catalog/{version}/shards/{shard}")
}

/// Legacy layout: one value per procedure.
pub fn procedure_key(version: &str, code: &str) -> String {
    format!("catalog/{version}/procedures/{code}")
}

/// Legacy layout: the summaries of every procedure.
pub fn summaries_key(version: &str) -> String {
    format!("catalog/{version}/summaries")
}

/// The KV value of a binary search index, or of its brotli form: base64 text.
pub fn index_value(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The binary search index (or its brotli form) in a KV value; `None` when the value is not
/// base64 (a version published before the binary index: its JSON index is not read any more).
pub fn index_bytes(value: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(value).ok()
}

/// Size and SHA-256 of one value, recorded in the meta so that a reader (the publisher's
/// read-back, a rollback) can tell a whole value from a torn or stale one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartDigest {
    pub bytes: usize,
    pub sha256: String,
}

impl PartDigest {
    pub fn of(value: &str) -> PartDigest {
        PartDigest {
            bytes: value.len(),
            sha256: Sha256::digest(value.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        }
    }

    /// Whether `value` is exactly the value this digest was taken of.
    pub fn matches(&self, value: &str) -> bool {
        value.len() == self.bytes && PartDigest::of(value) == *self
    }
}

/// Where a sharded version's values are and what they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardedLayout {
    pub index: PartDigest,
    /// The index precompressed with brotli (`index.br`); absent when the publisher had no
    /// encoder (the Cron refresh) or published before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_br: Option<PartDigest>,
    /// One per shard, in shard order: `shards.len()` is the shard count.
    pub shards: Vec<PartDigest>,
}

impl ShardedLayout {
    pub fn shard_count(&self) -> u32 {
        self.shards.len() as u32
    }
}

/// What `catalog/<version>/meta` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogMeta {
    pub format_version: u32,
    pub version: String,
    pub hash: String,
    pub generated_at: String,
    pub counts: Counts,
    /// When it was published (Unix seconds); absent in versions published before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<i64>,
    /// The sharded layout; absent: the legacy one-value-per-procedure layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<ShardedLayout>,
}

impl CatalogMeta {
    /// The artefact's own figures, without layout or publication time.
    pub fn of(artefact: &Artefact) -> CatalogMeta {
        CatalogMeta {
            format_version: artefact.format_version,
            version: artefact.catalog_version.clone(),
            hash: artefact.content_hash.clone(),
            generated_at: artefact.generated_at.clone(),
            counts: artefact.counts.clone(),
            published_at: None,
            layout: None,
        }
    }

    pub fn from_json(text: &str) -> Result<CatalogMeta, serde_json::Error> {
        serde_json::from_str(text)
    }

    pub fn to_json(&self) -> String {
        // Plain data: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Every key this version occupies when its layout is known (sharded); a legacy version's
    /// per-procedure keys are named by its index.
    pub fn keys(&self) -> Option<Vec<String>> {
        let layout = self.layout.as_ref()?;
        let mut keys = vec![meta_key(&self.version), index_key(&self.version)];
        if layout.index_br.is_some() {
            keys.push(index_br_key(&self.version));
        }
        keys.extend((0..layout.shard_count()).map(|n| shard_key(&self.version, n)));
        Some(keys)
    }
}

/// One key/value, in the shape `wrangler kv bulk put` reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvEntry {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KvError {
    ValueTooLarge { key: String, bytes: usize },
}

impl fmt::Display for KvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KvError::ValueTooLarge { key, bytes } => write!(
                f,
                "value for {key} is {bytes} bytes, over KV's {MAX_VALUE_BYTES}-byte limit"
            ),
        }
    }
}

impl std::error::Error for KvError {}

/// The pointer switch, written after the version's entries are confirmed.
pub fn pointer_entry(version: &str) -> KvEntry {
    KvEntry {
        key: CURRENT_KEY.to_string(),
        value: version.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_tell_whole_values_from_others() {
        let d = PartDigest::of("abc");
        assert_eq!(d.bytes, 3);
        assert_eq!(
            d.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(d.matches("abc"));
        assert!(!d.matches("abd"));
        assert!(!d.matches("ab"));
    }

    #[test]
    fn legacy_meta_still_reads() {
        let legacy = r#"{"format_version":1,"version":"v1","hash":"h","generated_at":"t",
            "counts":{"procedures":2,"by_level":{},"by_online_level":{},"with_ways":0,
            "with_documents":0,"with_legal_basis":0}}"#;
        let meta = CatalogMeta::from_json(legacy).unwrap();
        assert_eq!(meta.layout, None);
        assert_eq!(meta.published_at, None);
        assert_eq!(meta.keys(), None);
        assert!(!meta.to_json().contains("layout"));
    }
}
