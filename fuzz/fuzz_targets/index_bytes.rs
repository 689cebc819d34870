#![no_main]
//! The binary search index as the widget and the edge read it (`GET /v1/catalog/index`, KV):
//! any bytes give an index or a typed error, never a panic; an index that reads answers a
//! search (with facets and a code lookup) without a panic either.
use libfuzzer_sys::fuzz_target;
use motcua_core::search::{read_header, Query, SearchIndex};

fuzz_target!(|bytes: &[u8]| {
    let header = read_header(bytes);
    match SearchIndex::from_bytes(bytes) {
        Ok(index) => {
            assert!(header.is_ok());
            for text in ["dang ky khai sinh", "c", "1.001193", ""] {
                let results = index.search(&Query {
                    text: text.into(),
                    limit: 5,
                    ..Query::default()
                });
                assert!(results.hits.len() <= 5);
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
