//! What every importer target checks after feeding its input: whatever the importers made of
//! it builds an artefact that reads back (the catalog a refresh or a publish would load), and
//! that artefact lays out into KV values that find every procedure again.

use motcua_core::catalog::import::CatalogBuilder;
use motcua_core::catalog::kv::shard::ShardIndex;
use motcua_core::catalog::Artefact;
use motcua_core::publish::layout::VersionEntries;

/// Builds, writes, reads back and lays out what `builder` holds.
pub fn check_catalog(builder: CatalogBuilder) {
    let procedures = builder.finish();
    let Ok(artefact) = Artefact::build(procedures, Some("fuzz".into()), "t".into(), vec![]) else {
        return;
    };
    let back = Artefact::from_json(&artefact.to_json()).expect("a built artefact reads back");
    assert_eq!(back.procedures.len(), artefact.procedures.len());
    check_layout(&back);
}

/// Every procedure is found in its shard, byte for byte as serialised.
pub fn check_layout(artefact: &Artefact) {
    let mut entries = VersionEntries::new(artefact, 0);
    let count = entries.shard_count();
    let mut shards = Vec::new();
    for entry in entries.by_ref() {
        let entry = entry.expect("a small catalog fits KV values");
        if entry.key.contains("/shards/") {
            shards.push(ShardIndex::parse(entry.value).expect("a written shard parses"));
        }
    }
    assert_eq!(shards.len() as u32, count);
    for p in &artefact.procedures {
        let n = motcua_core::catalog::kv::shard::shard_of(&p.code, count) as usize;
        assert!(
            shards[n].get(&p.code).is_some(),
            "{} missing from shard {n}",
            p.code
        );
    }
    assert!(entries.meta().is_some());
}
