#![no_main]
//! What the Cron refresh reads: a feed body (a catalog artefact), and the KV values it and the
//! edge read back (meta, versions list, refresh record, shard): never a panic; an artefact that
//! loads passes or fails the guard and lays out into values that find every procedure.
use libfuzzer_sys::fuzz_target;
use motcua_core::catalog::kv::shard::ShardIndex;
use motcua_core::catalog::kv::CatalogMeta;
use motcua_core::catalog::Artefact;
use motcua_core::publish::{decide, Policy, RefreshRecord, Registry};

fuzz_target!(|text: &str| {
    if let Ok(artefact) = Artefact::from_json(text) {
        let _ = decide(&artefact, None, &Registry::default(), Policy::default());
        if artefact.procedures.len() <= 200 {
            motcua_fuzz::check_layout(&artefact);
        }
    }
    let meta = CatalogMeta::from_json(text);
    if let Ok(meta) = &meta {
        let _ = meta.keys();
    }
    if let Ok(registry) = Registry::from_json(Some(text)) {
        let _ = registry.rollback_target(Some("v1"), None);
    }
    let _ = RefreshRecord::from_json(Some(text));
    if let Ok(shard) = ShardIndex::parse(text.to_string()) {
        for code in shard.codes().map(str::to_owned).collect::<Vec<_>>() {
            assert!(shard.get(&code).is_some());
        }
    }
});
