//! What publishing the national catalog costs in memory, natively: the Cron refresh runs the
//! same code in a Worker, whose isolate has 128 MB (developers.cloudflare.com/workers/platform/
//! limits). Peak heap while parsing the artefact's text and laying the version out, one entry
//! at a time as the Worker writes them.

use motcua_core::catalog::import::{crawl, CatalogBuilder};
use motcua_core::catalog::Artefact;
use motcua_core::publish::layout::VersionEntries;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;

#[test]
fn publishing_the_national_catalog_fits_a_worker() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/tthc-national-6-ministries.jsonl"
    );
    let Ok(jsonl) = std::fs::read_to_string(path) else {
        panic!("the national crawl is needed at {path}");
    };
    let mut builder = CatalogBuilder::new();
    crawl::import_str(&jsonl, "national", &mut builder);
    drop(jsonl);
    let artefact = Artefact::build(
        builder.finish(),
        Some("national".into()),
        "t".into(),
        vec![],
    )
    .unwrap();
    let text = artefact.to_json();
    drop(artefact);

    // The text counts: the Worker holds it while parsing.
    PEAK.store(CURRENT.load(Ordering::Relaxed), Ordering::Relaxed);
    let base = CURRENT.load(Ordering::Relaxed) - text.capacity();
    let bytes = text.len();
    let artefact = Artefact::from_json(&text).unwrap();
    let after_parse = PEAK.load(Ordering::Relaxed) - base;
    drop(text);
    let mut written = 0;
    for entry in VersionEntries::new(&artefact, 0) {
        written += entry.unwrap().value.len();
    }
    let peak = PEAK.load(Ordering::Relaxed) - base;
    println!(
        "artefact {} MiB: peak {} MiB while parsing (text included), {} MiB overall; {} MiB written",
        bytes / MIB,
        after_parse / MIB,
        peak / MIB,
        written / MIB
    );
    // Leaves room in 128 MB for the runtime, the live catalog's index and the KV values in JS.
    assert!(peak < 64 * MIB, "peak {} MiB", peak / MIB);
}
