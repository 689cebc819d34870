//! The catalog's layout in Workers KV, shared by the publisher (CLI) and the reader (edge):
//!
//! - `catalog/<version>/meta`: [`CatalogMeta`]
//! - `catalog/<version>/summaries`: JSON array of [`Summary`], sorted by code
//! - `catalog/<version>/index`: the compact search index ([`CompactIndex`]) that the edge
//!   searches and the widget downloads once
//! - `catalog/<version>/procedures/<code>`: one [`Procedure`]
//! - `catalog/current`: the live version, written last, after the rest is verified.
//!
//! [`Summary`]: super::Summary
//! [`CompactIndex`]: crate::search::CompactIndex
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

/// Every entry of a version except the pointer: meta, summaries, one per procedure.
pub fn version_entries(artefact: &Artefact) -> Result<Vec<KvEntry>, KvError> {
    let v = &artefact.catalog_version;
    let mut out = Vec::with_capacity(artefact.procedures.len() + 3);
    out.push(KvEntry {
        key: meta_key(v),
        value: serde_json::to_string(&CatalogMeta::of(artefact)).unwrap_or_default(),
    });
    out.push(KvEntry {
        key: summaries_key(v),
        value: serde_json::to_string(&artefact.summaries()).unwrap_or_default(),
    });
    out.push(KvEntry {
        key: index_key(v),
        value: crate::search::CompactIndex::from_procedures(&artefact.procedures).to_json(),
    });
    for p in &artefact.procedures {
        out.push(KvEntry {
            key: procedure_key(v, &p.code),
            value: serde_json::to_string(p).unwrap_or_default(),
        });
    }
    for e in &out {
        if e.value.len() > MAX_VALUE_BYTES {
            return Err(KvError::ValueTooLarge {
                key: e.key.clone(),
                bytes: e.value.len(),
            });
        }
    }
    Ok(out)
}

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
    use crate::catalog::Procedure;

    #[test]
    fn layout() {
        let a = Artefact::build(
            vec![
                Procedure::new("1.000001", "A"),
                Procedure::new("1.000002", "B"),
            ],
            Some("2026-05-01".into()),
            "t".into(),
            vec![],
        )
        .unwrap();
        let e = version_entries(&a).unwrap();
        let keys: Vec<_> = e.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "catalog/2026-05-01/meta",
                "catalog/2026-05-01/summaries",
                "catalog/2026-05-01/index",
                "catalog/2026-05-01/procedures/1.000001",
                "catalog/2026-05-01/procedures/1.000002"
            ]
        );
        let meta: CatalogMeta = serde_json::from_str(&e[0].value).unwrap();
        assert_eq!(meta.hash, a.content_hash);
        let index = crate::search::CompactIndex::from_json(&e[2].value).unwrap();
        assert_eq!(index.procedures.len(), 2);
        assert_eq!(pointer_entry("v").key, CURRENT_KEY);
    }
}
