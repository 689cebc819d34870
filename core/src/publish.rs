//! Publishing a catalog version: the Workers KV entries it is made of (layout in
//! [`crate::catalog::kv`]).
//!
//! This sits above [`crate::catalog`] and [`crate::search`] because a version holds both the catalog's
//! records and the search index built from them. The dependency points one way: `search`
//! reads the catalog model, `catalog` knows nothing of search, and only this module knows
//! both.

use crate::catalog::kv::{
    index_key, meta_key, procedure_key, summaries_key, CatalogMeta, KvEntry, KvError,
    MAX_VALUE_BYTES,
};
use crate::catalog::Artefact;
use crate::search::CompactIndex;

/// Every entry of a version except the pointer ([`crate::catalog::kv::pointer_entry`],
/// written last): meta, summaries, the compact search index ([`CompactIndex`]), one entry per
/// procedure.
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
        value: CompactIndex::from_procedures(&artefact.procedures).to_json(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::kv::{pointer_entry, CURRENT_KEY};
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
        let index = CompactIndex::from_json(&e[2].value).unwrap();
        assert_eq!(index.procedures.len(), 2);
        assert_eq!(pointer_entry("v").key, CURRENT_KEY);
    }
}
