#![no_main]
//! `GET /v1/procedures` query strings (split into pairs as the URL parser hands them over),
//! then the search itself over a small real catalog: never a panic, a refusal names its
//! parameter in both languages and stays short, a cache key for every accepted query.
use libfuzzer_sys::fuzz_target;
use motcua_core::api::params::{cache_key, query};
use motcua_core::catalog::Procedure;
use motcua_core::search::{CompactIndex, SearchIndex};
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut a = Procedure::new("1.001193", "Thủ tục đăng ký khai sinh");
        a.levels = vec![motcua_core::catalog::Level::Commune];
        let b = Procedure::new("1.000894", "Thủ tục đăng ký kết hôn");
        let c = Procedure::new("1.012753.H19", "Cấp đổi căn cước");
        SearchIndex::new(CompactIndex::from_procedures(&[a, b, c]))
    })
}

fuzz_target!(|text: &str| {
    let pairs = text
        .split('&')
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")));
    match query(pairs) {
        Ok(q) => {
            let _ = cache_key(&q);
            let results = index().search(&q);
            assert!(results.hits.len() <= q.limit.max(1));
        }
        Err(e) => {
            let m = e.message();
            assert!(!m.vi.is_empty() && !m.en.is_empty());
            assert!(m.en.len() < 400, "{}", m.en);
        }
    }
});
