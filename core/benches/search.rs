//! Search latency over the national crawl (2,642 procedures) and the labelled queries of
//! `bench/search/queries.jsonl`: criterion measures the whole query set per iteration, and a
//! custom summary prints p50/p95 per query and the index load time.
//!
//! `cargo bench -p motcua-core --bench search` (MOTCUA_DATA overrides /work/shared/data).

use criterion::{black_box, criterion_group, Criterion};
use motcua_core::catalog::import::{crawl, CatalogBuilder};
use motcua_core::catalog::Procedure;
use motcua_core::search::{CompactIndex, Query, SearchIndex};
use std::time::{Duration, Instant};

fn national_crawl() -> Vec<Procedure> {
    let dir = std::env::var_os("MOTCUA_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/work/shared/data".into());
    let path = dir.join("tthc-national-6-ministries.jsonl");
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("the national crawl is needed at {}: {e}", path.display()));
    let mut builder = CatalogBuilder::new();
    crawl::import_reader(std::io::BufReader::new(file), "crawl", &mut builder);
    builder.finish()
}

fn labelled_queries() -> Vec<String> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/search/queries.jsonl");
    let text = std::fs::read_to_string(&path).expect("bench/search/queries.jsonl");
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("query").and_then(|q| q.as_str()).map(str::to_string))
        .collect()
}

fn query(text: &str) -> Query {
    Query {
        text: text.to_string(),
        limit: 10,
        ..Query::default()
    }
}

/// The widget's keystroke: 15 rows, no facets (`skip_facets`) or with them.
fn keystroke(text: &str, facets: bool) -> Query {
    Query {
        text: text.to_string(),
        limit: 15,
        skip_facets: !facets,
        ..Query::default()
    }
}

/// Each query's time (the median of 15 warm runs), sorted.
fn per_query_times(
    index: &SearchIndex,
    queries: &[String],
    make: impl Fn(&str) -> Query,
) -> Vec<Duration> {
    let mut out: Vec<Duration> = queries
        .iter()
        .map(|q| {
            let query = make(q);
            let mut runs: Vec<Duration> = (0..15)
                .map(|_| {
                    let t = Instant::now();
                    black_box(index.search(&query));
                    t.elapsed()
                })
                .collect();
            runs.sort();
            runs[runs.len() / 2]
        })
        .collect();
    out.sort();
    out
}

/// Every prefix of every query as it is typed (the keystrokes a widget searches).
fn prefixes(queries: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for q in queries {
        let chars: Vec<char> = q.chars().collect();
        for end in 1..=chars.len() {
            let prefix: String = chars[..end].iter().collect();
            if !out.contains(&prefix) {
                out.push(prefix);
            }
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// p50/p95 per query (each query's time is the median of several runs, warm).
fn summary(index: &SearchIndex, queries: &[String], index_bytes: &[u8]) {
    let mut per_query: Vec<Duration> = Vec::new();
    for q in queries {
        let mut runs: Vec<Duration> = (0..15)
            .map(|_| {
                let t = Instant::now();
                black_box(index.search(&query(q)));
                t.elapsed()
            })
            .collect();
        runs.sort();
        per_query.push(runs[runs.len() / 2]);
    }
    // MOTCUA_BENCH_SLOWEST=N lists the N slowest queries (where tuning should look).
    if let Some(n) = std::env::var("MOTCUA_BENCH_SLOWEST")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let mut timed: Vec<(Duration, &String)> = per_query.iter().copied().zip(queries).collect();
        timed.sort_by_key(|t| std::cmp::Reverse(t.0));
        for (time, q) in timed.iter().take(n) {
            println!("{:>8.1} µs  {q}", time.as_secs_f64() * 1e6);
        }
    }
    per_query.sort();
    let mut loads: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            black_box(SearchIndex::from_bytes(index_bytes).expect("the binary index reads"));
            t.elapsed()
        })
        .collect();
    loads.sort();
    let line = format!(
        "search over {} procedures, {} labelled queries: p50 {:.1} µs, p95 {:.1} µs, max {:.1} µs; \
index load from the binary index ({} bytes) {:.1} ms",
        index.len(),
        queries.len(),
        percentile(&per_query, 0.5).as_secs_f64() * 1e6,
        percentile(&per_query, 0.95).as_secs_f64() * 1e6,
        per_query.last().map_or(0.0, |d| d.as_secs_f64() * 1e6),
        index_bytes.len(),
        loads[loads.len() / 2].as_secs_f64() * 1e3,
    );
    println!("{line}");
    // Per keystroke, as the widget searches: every prefix of every query, 15 rows, without and
    // with the facet counts.
    let typed = prefixes(queries);
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let without = per_query_times(index, &typed, |q| keystroke(q, false));
    let with = per_query_times(index, &typed, |q| keystroke(q, true));
    let facets_line = format!(
        "per keystroke ({} prefixes, 15 rows): without facets p50 {:.1} µs, p95 {:.1} µs; with facets p50 {:.1} µs, p95 {:.1} µs",
        typed.len(),
        us(percentile(&without, 0.5)),
        us(percentile(&without, 0.95)),
        us(percentile(&with, 0.5)),
        us(percentile(&with, 0.95)),
    );
    println!("{facets_line}");
    // The figure the target is about, kept with the other reports.
    let report = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../reports/bench.md");
    let text = format!(
        "# Native search latency (criterion bench)\n\n`make bench` (`cargo bench -p motcua-core --bench search`): \
the national crawl, every labelled query of `bench/search/queries.jsonl` with `limit` 10 and \
facets, as the API asks; each query's time is the median of 15 warm runs, then p50/p95/max \
over the queries. Then every prefix of every query as a citizen types it, as the widget searches \
(15 rows), without and with the facet counts. Load average when it ran: {}.\n\n{line}\n\n{facets_line}\n",
        std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split(' ').next().map(str::to_string))
            .unwrap_or_else(|| "unknown".into()),
    );
    if let Err(e) = std::fs::write(&report, text) {
        eprintln!("could not write {}: {e}", report.display());
    }
}

fn bench(c: &mut Criterion) {
    let procedures = national_crawl();
    let compact = CompactIndex::from_procedures(&procedures);
    let bytes = compact.to_bytes("bench");
    let index = SearchIndex::new(compact.clone());
    let queries = labelled_queries();
    summary(&index, &queries, &bytes);
    c.bench_function("labelled query set (all queries)", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(index.search(&query(q)));
            }
        })
    });
    c.bench_function("load the binary index", |b| {
        b.iter(|| black_box(SearchIndex::from_bytes(&bytes)))
    });
    c.bench_function("build the index from the catalog's texts", |b| {
        b.iter(|| black_box(SearchIndex::new(compact.clone())))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(3));
    targets = bench
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
