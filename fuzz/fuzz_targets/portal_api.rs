#![no_main]
//! The national portal's API JSON (detail objects, list objects, crawler summaries, envelopes):
//! never a panic, and whatever is imported makes a catalog that reads back and lays out.
use libfuzzer_sys::fuzz_target;
use motcua_core::catalog::import::{portal_api, CatalogBuilder};

fuzz_target!(|text: &str| {
    let mut builder = CatalogBuilder::new();
    let _ = portal_api::import_str(text, "fuzz", &mut builder);
    motcua_fuzz::check_catalog(builder);
});
