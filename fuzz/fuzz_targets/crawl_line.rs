#![no_main]
//! Lines of the national portal's crawl (JSON lines with Vietnamese keys): never a panic, and
//! whatever is imported makes a catalog that reads back and lays out.
use libfuzzer_sys::fuzz_target;
use motcua_core::catalog::import::{crawl, CatalogBuilder};

fuzz_target!(|text: &str| {
    let mut builder = CatalogBuilder::new();
    let _ = crawl::import_str(text, "fuzz", &mut builder);
    motcua_fuzz::check_catalog(builder);
});
