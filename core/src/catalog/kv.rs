//! The catalog's layout in Workers KV, shared by the publisher (CLI) and the reader (edge):
//!
//! - `catalog/<version>/meta`: [`CatalogMeta`]
//! - `catalog/<version>/summaries`: JSON array of [`Summary`], sorted by code
//! - `catalog/<version>/index`: the compact search index that the edge searches and the
//!   widget downloads once
//! - `catalog/<version>/procedures/<code>`: one [`Procedure`]
//! - `catalog/current`: the live version, written last, after the rest is verified.
//!
//! The entries themselves are built by [`crate::publish`], which sits above the catalog and
//! the search index because a version holds both.
//!
//! [`Summary`]: super::Summary
//! [`Procedure`]: super::Procedure

use super::artefact::{Artefact, Counts};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The pointer to the live version.
pub const CURRENT_KEY: &str = "catalog/current";
/// KV's limit on one value.
pub const MAX_VALUE_BYTES: usize = 25 * 1024 * 1024;

pub fn meta_key(version: &str) -> String {
    format!("catalog/{version}/meta")
}

pub fn summaries_key(version: &str) -> String {
    format!("catalog/{version}/summaries")
}

pub fn index_key(version: &str) -> String {
    format!("catalog/{version}/index")
}

pub fn procedure_key(version: &str, code: &str) -> String {
    format!("catalog/{version}/procedures/{code}")
}

/// What `catalog/<version>/meta` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogMeta {
    pub format_version: u32,
    pub version: String,
    pub hash: String,
    pub generated_at: String,
    pub counts: Counts,
}

impl CatalogMeta {
    pub fn of(artefact: &Artefact) -> CatalogMeta {
        CatalogMeta {
            format_version: artefact.format_version,
            version: artefact.catalog_version.clone(),
            hash: artefact.content_hash.clone(),
            generated_at: artefact.generated_at.clone(),
            counts: artefact.counts.clone(),
        }
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
