//! Search behaviour on small hand-made catalogs, and a quality guard over the real national
//! crawl with the labelled queries of `bench/search/queries.jsonl`.

use super::*;
use crate::catalog::import::{crawl, CatalogBuilder};
use crate::catalog::{Level, OnlineLevel, Procedure};

fn procedure(code: &str, name: &str, level: Level, field: &str) -> Procedure {
    let mut p = Procedure::new(code, name);
    p.levels = vec![level];
    p.fields = vec![crate::catalog::Field {
        name: field.to_string(),
        code: None,
    }];
    p.executing_agencies = vec!["Ủy ban nhân dân cấp xã".to_string()];
    p.online_level = Some(OnlineLevel::Partial);
    p
}

fn small_index() -> SearchIndex {
    let mut procedures = vec![
        procedure(
            "1.000110",
            "Thủ tục đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới",
            Level::Commune,
            "Hộ tịch",
        ),
        procedure(
            "1.003583",
            "Thủ tục đăng ký khai sinh lưu động",
            Level::Commune,
            "Hộ tịch",
        ),
        procedure(
            "2.000528",
            "Thủ tục đăng ký khai sinh có yếu tố nước ngoài",
            Level::Commune,
            "Hộ tịch",
        ),
        procedure(
            "1.001193",
            "Thủ tục đăng ký khai sinh",
            Level::Commune,
            "Hộ tịch",
        ),
        procedure(
            "1.000894",
            "Thủ tục đăng ký kết hôn",
            Level::Commune,
            "Hộ tịch",
        ),
        procedure(
            "1.004873",
            "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
            Level::Commune,
            "Hộ tịch",
        ),
        procedure(
            "1.014064",
            "Cấp lại thẻ căn cước",
            Level::Commune,
            "Cấp, quản lý căn cước",
        ),
        procedure(
            "1.000757",
            "Cấp lại thẻ căn cước (thực hiện tại cấp trung ương)",
            Level::Ministry,
            "Cấp, quản lý căn cước",
        ),
        procedure(
            "3.000346",
            "Cấp giấy phép lái xe",
            Level::Ministry,
            "Sát hạch, cấp giấy phép lái xe",
        ),
        procedure(
            "1.012753.H19",
            "Đăng ký đất đai lần đầu",
            Level::Province,
            "Đất đai",
        ),
        procedure(
            "1.008000",
            "Thủ tục hòa giải tranh chấp",
            Level::Province,
            "Thuỷ lợi",
        ),
    ];
    procedures[4].online_level = Some(OnlineLevel::Full);
    SearchIndex::new(CompactIndex::from_procedures(&procedures))
}

fn codes(index: &SearchIndex, text: &str) -> Vec<String> {
    index
        .search_text(text, 10)
        .into_iter()
        .map(|h| h.code)
        .collect()
}

#[test]
fn citizen_facing_procedure_ranks_before_its_variants() {
    let index = small_index();
    for q in [
        "đăng ký khai sinh",
        "dang ky khai sinh",
        "khai sinh",
        "dang ky khai si",
    ] {
        assert_eq!(
            codes(&index, q).first().map(String::as_str),
            Some("1.001193"),
            "{q}"
        );
    }
    // asking for the variant brings it first
    assert_eq!(codes(&index, "khai sinh lưu động")[0], "1.003583");
    assert_eq!(
        codes(&index, "khai sinh co yeu to nuoc ngoai")[0],
        "2.000528"
    );
    assert_eq!(codes(&index, "cap lai the can cuoc")[0], "1.014064");
}

#[test]
fn input_residue_typos_vocabulary_and_tone_placement() {
    let index = small_index();
    for q in [
        "ddawng kys khai sinh",
        "d9a8ng ky1 khai sinh",
        "dang ky khia sinh",
        "dang ki khai sinh",
        "lam giay khai sinh",
        "Đa\u{306}ng ky\u{301} khai sinh",
    ] {
        assert_eq!(
            codes(&index, q).first().map(String::as_str),
            Some("1.001193"),
            "{q}"
        );
    }
    assert_eq!(codes(&index, "xin giay doc than")[0], "1.004873");
    assert_eq!(codes(&index, "gplx")[0], "3.000346");
    assert_eq!(codes(&index, "lam lai cccd")[0], "1.014064");
    // hoà / hòa, thuỷ / thủy: old and new tone placement find the same procedures
    assert_eq!(codes(&index, "hoà giải"), codes(&index, "hòa giải"));
    assert_eq!(
        codes(&index, "thủy lợi hòa giải"),
        codes(&index, "thuỷ lợi hoà giải")
    );
    assert_eq!(codes(&index, "hoà giải")[0], "1.008000");
}

#[test]
fn codes_are_looked_up_directly() {
    let index = small_index();
    for q in [
        "1.001193",
        "1001193",
        "1. 001193",
        "mã 1.001193",
        "1.001193.H21",
    ] {
        assert_eq!(codes(&index, q), vec!["1.001193"], "{q}");
    }
    assert_eq!(codes(&index, "1.012753"), vec!["1.012753.H19"]);
    assert_eq!(codes(&index, "1.012753.h19"), vec!["1.012753.H19"]);
}

#[test]
fn filters_facets_paging_and_listing() {
    let index = small_index();
    let all = index.search(&Query::default());
    assert_eq!(all.total, index.len());
    let listed: Vec<&str> = all.hits.iter().map(|h| h.code.as_str()).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "empty query lists by code");

    let q = Query {
        text: "dang ky".into(),
        online: Some(OnlineLevel::Full),
        ..Query::default()
    };
    let r = index.search(&q);
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].code, "1.000894");
    // the online facet ignores the online filter itself
    let partial = r
        .facets
        .online
        .iter()
        .find(|(o, _)| *o == OnlineLevel::Partial);
    assert!(partial.is_some_and(|(_, c)| *c >= 4));

    let by_field = index.search(&Query {
        field: Some("ho tich".into()),
        limit: 2,
        ..Query::default()
    });
    assert_eq!(by_field.total, 6);
    assert_eq!(by_field.hits.len(), 2);
    assert_eq!(by_field.next_offset, Some(2));
    let last = index.search(&Query {
        field: Some("Hộ tịch".into()),
        limit: 2,
        offset: 4,
        ..Query::default()
    });
    assert_eq!(last.hits.len(), 2);
    assert_eq!(last.next_offset, None);

    let level = index.search(&Query {
        level: Some(Level::Ministry),
        ..Query::default()
    });
    assert_eq!(level.total, 2);
    let commune = level
        .facets
        .levels
        .iter()
        .find(|(l, _)| *l == Level::Commune);
    assert!(commune.is_some_and(|(_, c)| *c == 7));
}

#[test]
fn results_are_deterministic_and_identical_after_a_binary_round_trip() {
    let index = small_index();
    let reloaded = SearchIndex::from_bytes(&index.compact().to_bytes("t")).expect("round trip");
    for q in ["dang ky", "khai sinh", "c", "the can cuoc", "xyz"] {
        let a = index.search(&Query {
            text: q.into(),
            ..Query::default()
        });
        let b = reloaded.search(&Query {
            text: q.into(),
            ..Query::default()
        });
        assert_eq!(a, b, "{q}");
        assert_eq!(
            a,
            index.search(&Query {
                text: q.into(),
                ..Query::default()
            })
        );
    }
}

#[test]
fn words_a_vocabulary_reading_explains_do_not_widen_the_query() {
    let index = small_index();
    // "cccd" is not a catalog word: read as typed, "cấp lại CCCD" would be "cấp lại"
    // anything. The vocabulary's reading (thẻ căn cước) decides what matches.
    let found = codes(&index, "cấp lại CCCD");
    assert_eq!(found.first().map(String::as_str), Some("1.014064"));
    assert!(!found.contains(&"3.000346".to_string()), "{found:?}");
}

#[test]
fn skipping_facets_changes_nothing_else() {
    let index = small_index();
    for q in ["dang ky", "khai sinh", "c", ""] {
        let full = index.search(&Query {
            text: q.into(),
            ..Query::default()
        });
        let lean = index.search(&Query {
            text: q.into(),
            skip_facets: true,
            ..Query::default()
        });
        assert_eq!(lean.facets, Facets::default());
        assert_eq!((&lean.hits, lean.total), (&full.hits, full.total), "{q}");
    }
}

#[test]
fn letter_postings_are_the_union_of_the_letters_terms() {
    let index = small_index();
    for byte in 0u8..128 {
        let mut naive: std::collections::BTreeMap<u32, u8> = Default::default();
        for (id, term) in index.terms.iter().enumerate() {
            if term.as_bytes().first() == Some(&byte) {
                for &(doc, mask) in &index.postings[id] {
                    *naive.entry(doc).or_default() |= mask;
                }
            }
        }
        let naive: Vec<(u32, u8)> = naive.into_iter().collect();
        assert_eq!(index.letter_postings[usize::from(byte)], naive, "{byte}");
    }
}

#[test]
fn odd_queries_never_panic() {
    let index = small_index();
    let huge = "đăng ký khai sinh ".repeat(2000);
    for q in [
        "",
        " ",
        "😀",
        "😀 khai sinh 😀",
        "\u{301}\u{303}",
        "?!.,;",
        "a",
        "1",
        "0.000000",
        &huge,
        "ǅ ß İ ﬁ",
        "\0",
    ] {
        let _ = index.search(&Query {
            text: q.to_string(),
            ..Query::default()
        });
    }
    assert!(codes(&index, "zzzzzzzz qqqqqq").is_empty());
    let empty = SearchIndex::new(CompactIndex::from_procedures(&[]));
    assert!(empty.search_text("khai sinh", 5).is_empty());
    assert_eq!(empty.search(&Query::default()).total, 0);
}

// ---- the real catalog -------------------------------------------------------------------

/// Where the shared data lives; override with MOTCUA_DATA.
fn data_dir() -> std::path::PathBuf {
    std::env::var_os("MOTCUA_DATA")
        .map(Into::into)
        .unwrap_or_else(|| "/work/shared/data".into())
}

pub(crate) fn national_crawl() -> Vec<Procedure> {
    let path = data_dir().join("tthc-national-6-ministries.jsonl");
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("the national crawl is needed at {}: {e}", path.display()));
    let mut builder = CatalogBuilder::new();
    let _report = crawl::import_reader(std::io::BufReader::new(file), "crawl", &mut builder);
    builder.finish()
}

/// The demo's provincial catalog (Gia Lai), built by the importer (`data/sample-catalog.json`).
pub(crate) fn gia_lai() -> Vec<Procedure> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample-catalog.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the sample catalog is needed at {}: {e}", path.display()));
    crate::catalog::Artefact::from_json(&text)
        .expect("the sample catalog parses")
        .procedures
}

/// The Gia Lai catalog's index, built once for the tests that read it.
pub(crate) fn gia_lai_index() -> &'static SearchIndex {
    static INDEX: std::sync::OnceLock<SearchIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::new(CompactIndex::from_procedures(&gia_lai())))
}

/// The national crawl's index, built once for the tests that read it.
pub(crate) fn national_index() -> &'static SearchIndex {
    static INDEX: std::sync::OnceLock<SearchIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::new(CompactIndex::from_procedures(&national_crawl())))
}

#[derive(serde::Deserialize)]
struct Labelled {
    query: String,
    relevant: Vec<String>,
    kind: String,
}

/// The lines of a labelled query file of `bench/search/`.
fn bench_queries<T: serde::de::DeserializeOwned>(file: &str) -> Vec<T> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../bench/search")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{file}: {e}: {l}")))
        .collect()
}

fn labelled_queries() -> Vec<Labelled> {
    bench_queries("queries.jsonl")
}

/// `search` scores exactly only the page it returns (the name pass stops once nothing left
/// can reach it); `rank` scores every candidate. Their first pages must agree.
#[test]
fn early_stopping_keeps_the_first_page_exact() {
    let index = SearchIndex::new(CompactIndex::from_procedures(&national_crawl()));
    for q in labelled_queries() {
        for limit in [1, 5, 10] {
            let page: Vec<(u32, f32)> = index
                .search_text(&q.query, limit)
                .into_iter()
                .map(|h| (h.doc, h.score))
                .collect();
            // Same-named procedures are one hit, the best ranked of them.
            let mut groups = Vec::new();
            let full: Vec<(u32, f32)> = index
                .rank(&q.query)
                .into_iter()
                .filter(|(doc, _)| {
                    let group = index.duplicate_group[*doc as usize];
                    group == super::index::NO_GROUP || {
                        let first = !groups.contains(&group);
                        groups.push(group);
                        first
                    }
                })
                .collect();
            assert_eq!(page, full[..page.len()], "{} (limit {limit})", q.query);
        }
    }
}

/// The index finds variant phrases by term ids; comparing the words gives the same marks.
#[test]
fn variant_marks_match_a_word_by_word_reading() {
    let procedures = national_crawl();
    let index = SearchIndex::new(CompactIndex::from_procedures(&procedures));
    let mut marked = 0;
    for doc in 0..index.len() {
        let name = index.procedure(doc).map(|p| p.name()).unwrap_or_default();
        let words: Vec<String> = crate::text::tokenize(name)
            .into_iter()
            .map(|t| t.folded)
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let expected = variants::mask_of(index.variant_rules, &words);
        assert_eq!(index.variant_masks[doc], expected, "{name}");
        marked += usize::from(expected != 0);
    }
    assert!(marked > 100, "{marked} procedures carry a variant phrase");
}

/// Success of a labelled query: its first relevant hit's rank (a hit counts with the codes of
/// the same-named procedures merged into it), or none in the first ten.
fn rank_of(index: &SearchIndex, query: &str, relevant: &[String]) -> Option<usize> {
    index
        .search_text(query, 10)
        .iter()
        .position(|h| relevant.contains(&h.code) || h.also.iter().any(|c| relevant.contains(c)))
}

#[test]
fn quality_over_the_national_crawl() {
    let index = national_index();
    assert_eq!(index.len(), 2642);
    let queries = labelled_queries();
    assert!(queries.len() >= 120);
    let (mut at1, mut at5, mut rr) = (0usize, 0usize, 0f64);
    let mut misses = Vec::new();
    for q in &queries {
        let rank = rank_of(index, &q.query, &q.relevant);
        if rank == Some(0) {
            at1 += 1;
        }
        if rank.is_some_and(|r| r < 5) {
            at5 += 1;
        } else {
            misses.push(format!("[{}] {}", q.kind, q.query));
        }
        if let Some(r) = rank {
            rr += 1.0 / (r as f64 + 1.0);
        }
    }
    let n = queries.len() as f64;
    let (s1, s5, mrr) = (at1 as f64 / n, at5 as f64 / n, rr / n);
    eprintln!("success@1 {s1:.3}  success@5 {s5:.3}  MRR {mrr:.3}");
    for m in &misses {
        eprintln!("miss {m}");
    }
    // Regression guard: a little under what the engine reaches today (0.930, 0.994).
    assert!(s5 >= 0.975, "success@5 {s5:.3}");
    assert!(s1 >= 0.9, "success@1 {s1:.3}");
}

// ---- citizen queries over both catalogs, and the verdict -----------------------------------

#[derive(serde::Deserialize)]
struct Citizen {
    query: String,
    relevant: std::collections::HashMap<String, Vec<String>>,
    part: String,
}

fn citizen_queries() -> Vec<Citizen> {
    bench_queries("citizen-queries.jsonl")
}

/// The split rule of `bench/search/README.md`: FNV-1a (32-bit) of the query, modulo 10,
/// below 3 is set aside. It was fixed before tuning; every line must follow it.
#[test]
fn the_set_aside_part_follows_the_split_rule() {
    let queries = citizen_queries();
    assert!(queries.len() >= 200);
    for q in &queries {
        let hash = q.query.bytes().fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        let part = if hash % 10 < 3 { "aside" } else { "tune" };
        assert_eq!(q.part, part, "{}", q.query);
    }
    let aside = queries.iter().filter(|q| q.part == "aside").count();
    assert!((50..=70).contains(&aside), "{aside} set aside");
}

/// (success@1, success@5, right answer and verdict at 1) of the citizen queries labelled for
/// a catalog: a need the catalog lacks succeeds when the verdict says "not here"; "right answer
/// and verdict" also asks that an answered need be judged found.
fn citizen_scores(index: &SearchIndex, catalog: &str) -> (f64, f64, f64) {
    let (mut n, mut at1, mut at5, mut strict) = (0usize, 0usize, 0usize, 0usize);
    for q in citizen_queries() {
        let Some(relevant) = q.relevant.get(catalog) else {
            continue;
        };
        n += 1;
        let results = index.search(&Query {
            text: q.query.clone(),
            limit: 10,
            skip_facets: true,
            ..Query::default()
        });
        let not_here = results.verdict.is_not_here();
        if relevant.is_empty() {
            let ok = usize::from(not_here);
            (at1, at5, strict) = (at1 + ok, at5 + ok, strict + ok);
            continue;
        }
        let rank = rank_of(index, &q.query, relevant);
        at1 += usize::from(rank == Some(0));
        at5 += usize::from(rank.is_some_and(|r| r < 5));
        strict += usize::from(rank == Some(0) && !not_here);
    }
    let n = n as f64;
    let scores = (at1 as f64 / n, at5 as f64 / n, strict as f64 / n);
    eprintln!(
        "{catalog}: success@1 {:.3}  success@5 {:.3}  right answer and verdict {:.3}",
        scores.0, scores.1, scores.2
    );
    scores
}

/// Regression guards on the citizen queries (both parts), a little under today's figures
/// (`make search-report` gives them by part).
#[test]
fn citizen_queries_over_the_national_crawl() {
    let (s1, s5, strict) = citizen_scores(national_index(), "national");
    assert!(s1 >= 0.76, "success@1 {s1:.3}");
    assert!(s5 >= 0.88, "success@5 {s5:.3}");
    assert!(strict >= 0.72, "right answer and verdict {strict:.3}");
}

#[test]
fn citizen_queries_over_the_gia_lai_catalog() {
    let (s1, s5, strict) = citizen_scores(gia_lai_index(), "gia-lai");
    assert!(s1 >= 0.78, "success@1 {s1:.3}");
    assert!(s5 >= 0.9, "success@5 {s5:.3}");
    assert!(strict >= 0.73, "right answer and verdict {strict:.3}");
}

fn verdict(index: &SearchIndex, text: &str) -> Verdict {
    index.search_text_verdict(text)
}

/// The cases on the provincial catalog: needs it does not cover are "not here",
/// whatever partial matches share their words; its own procedures are found.
#[test]
fn the_verdict_says_not_here_for_needs_the_catalog_lacks() {
    let gia_lai = gia_lai_index();
    for text in [
        "cap lai cccd",
        "làm căn cước",
        "làm căn cước cho con",
        "xin giấy phép lái xe",
        "ho chieu",
        "đăng ký tạm trú",
        "lam ly lich tu phap",
        "mở tài khoản ngân hàng",
    ] {
        assert!(
            verdict(gia_lai, text).is_not_here(),
            "{text}: {:?}",
            gia_lai.search_text(text, 3)
        );
    }
    for text in [
        "khai tu",
        "đăng ký khai sinh",
        "giay phep xay dung",
        "xin tro cap that nghiep",
        "thẻ hướng dẫn viên du lịch",
        "1.014748",
        "rut bhxh 1 lan",
    ] {
        assert_eq!(verdict(gia_lai, text), Verdict::Found, "{text}");
    }
    let national = national_index();
    for text in [
        "cap lai cccd",
        "làm căn cước",
        "xin giấy phép lái xe",
        "đổi gplx",
        // Everyday words of civil status (vocabulary.tsv): "ghi chú" is writing into the
        // book, a birth date is civil status information.
        "ghi chu ly hon o nuoc ngoai",
        "cải chính ngày sinh",
    ] {
        assert_eq!(verdict(national, text), Verdict::Found, "{text}");
    }
    for text in [
        "xin tro cap that nghiep",
        "đăng ký sim chính chủ",
        "tra cuu diem thi thpt",
        // An institution's account at the State Bank is no citizen's bank account
        // (phrases.tsv).
        "mở tài khoản ngân hàng",
        // The kind of business is the word the catalog lacks (`WEIGHTS.unknown_word`).
        "xin cấp giấy phép kinh doanh karaoke",
    ] {
        assert!(verdict(national, text).is_not_here(), "{text}");
    }
    assert_eq!(verdict(gia_lai, "xyzzy qwerty"), Verdict::Nothing);
    assert_eq!(gia_lai.search(&Query::default()).verdict, Verdict::Listing);
}

/// The sibling families on the provincial catalog: the house permit first, and short
/// words do not pull in words they prefix.
#[test]
fn common_needs_come_first_in_sibling_families() {
    let gia_lai = gia_lai_index();
    for text in [
        "giay phep xay dung",
        "cấp giấy phép xây dựng",
        "xin phep xay nha",
    ] {
        assert_eq!(codes(gia_lai, text)[0], "1.013225", "{text}");
    }
    let khai_tu = gia_lai.search_text("khai tu", 5);
    assert_eq!(khai_tu[0].code, "1.000656");
    for hit in &khai_tu[1..3] {
        let name = hit.name.to_lowercase();
        assert!(name.contains("khai tử"), "{}", hit.name);
    }
    // A re-issue when asked for, the first grant otherwise.
    assert_eq!(
        codes(gia_lai, "giay phep kinh doanh van tai")[0],
        "1.000703"
    );
    let reissue = codes(gia_lai, "cap lai giay phep kinh doanh van tai");
    assert!(
        !reissue[..2].contains(&"1.000703".to_string()),
        "{reissue:?}"
    );
}

/// Fixed phrases (`phrases.tsv`) rank the procedure that has them together first.
#[test]
fn fixed_phrases_rank_what_has_them_together_first() {
    let national = national_index();
    for (text, code) in [
        ("cap giay phep lai xe o to", "3.000346"),
        ("chứng thực bản sao sổ hộ khẩu", "2.000815"),
        ("dang ky khai tu cho nguoi nuoc ngoai", "1.001766"),
    ] {
        assert_eq!(codes(national, text)[0], code, "{text}");
    }
    // "quốc" of "quốc tế" and "tịch" of "hộ tịch" are not a nationality.
    let found = codes(national, "nhap quoc tich viet nam");
    assert!(found[..2].contains(&"2.002039".to_string()), "{found:?}");
    // A name opening with the query's opening words comes before long names holding its
    // words scattered ("Tàu biển … nhập cảnh … quốc tịch nước ngoài").
    let found = codes(national, "nhap quoc tich viet nam cho nguoi nuoc ngoai");
    assert!(found[..5].contains(&"2.002039".to_string()), "{found:?}");
    let found = codes(national, "thay doi dia chi ho kinh doanh");
    assert!(found[..5].contains(&"2.000720".to_string()), "{found:?}");
}

/// A name that writes an abbreviation the query reads out ("cấp sổ BHXH" for "bhxh" read as
/// "bảo hiểm xã hội") has the words it stands for, together.
#[test]
fn a_name_writing_the_abbreviation_has_its_words() {
    let national = national_index();
    let found = codes(national, "cap so bhxh lan dau");
    assert!(
        found[..5]
            .iter()
            .any(|c| c == "1.002051" || c == "1.002179"),
        "{found:?}"
    );
}

/// The provincial catalog lists some procedures twice under other codes: one hit carries
/// both, and totals count it once.
#[test]
fn same_named_procedures_are_one_hit() {
    let gia_lai = gia_lai_index();
    let results = gia_lai.search(&Query {
        text: "tách thửa hợp thửa đất".into(),
        limit: 10,
        ..Query::default()
    });
    let first = &results.hits[0];
    let mut codes: Vec<&str> = vec![first.code.as_str()];
    codes.extend(first.also.iter().map(String::as_str));
    codes.sort_unstable();
    assert_eq!(codes, ["1.012784", "1.115343"]);
    assert!(results.hits[1..]
        .iter()
        .all(|h| h.code != "1.115343" && h.code != "1.012784"));
    let groups = gia_lai.duplicate_members.len();
    assert!(
        (35..=50).contains(&groups),
        "{groups} groups of same-named procedures"
    );
    // Totals and facets count a group once.
    let listing = gia_lai.search(&Query::default());
    let dropped: usize = gia_lai.duplicate_members.iter().map(|m| m.len() - 1).sum();
    assert_eq!(listing.total, gia_lai.len() - dropped);
    let by_level: usize = listing.facets.levels.iter().map(|(_, c)| *c).sum();
    assert!(by_level >= listing.total);
}

/// The binary index (what the widget and the edge read) holds and ranks exactly what the index
/// built from the catalog's texts does, over both catalogs: the same rows, dictionary, postings
/// and per-procedure data, and the same results — hits, scores, facets, verdict — for every
/// query of `queries.jsonl` and `citizen-queries.jsonl` as the API asks (10 rows, facets) and
/// for every prefix of them as the widget searches while a citizen types (15 rows, no facets).
#[test]
fn the_binary_index_ranks_exactly_as_the_one_built_from_the_catalog() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sample-catalog.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let gia_lai = crate::catalog::Artefact::from_json(&text).expect("the sample catalog reads");
    let gia_lai = SearchIndex::new(CompactIndex::from_procedures(&gia_lai.procedures));
    let mut queries: Vec<String> = ["queries.jsonl", "citizen-queries.jsonl"]
        .iter()
        .flat_map(|file| bench_queries::<serde_json::Value>(file))
        .filter_map(|v| v.get("query")?.as_str().map(str::to_string))
        .collect();
    queries.sort();
    queries.dedup();
    let mut prefixes: Vec<String> = queries
        .iter()
        .flat_map(|q| {
            let chars: Vec<char> = q.chars().collect();
            (1..=chars.len())
                .map(move |n| chars[..n].iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect();
    prefixes.sort();
    prefixes.dedup();
    assert!(
        queries.len() >= 350 && prefixes.len() > 4000,
        "{}",
        prefixes.len()
    );
    for (name, built) in [("national", national_index()), ("gia-lai", &gia_lai)] {
        let decoded = SearchIndex::from_bytes(&built.compact().to_bytes(name)).expect("reads");
        assert_eq!(decoded.compact(), built.compact(), "{name}");
        assert_eq!(decoded.terms, built.terms, "{name}");
        assert_eq!(decoded.postings, built.postings, "{name}");
        assert_eq!(decoded.letter_postings, built.letter_postings, "{name}");
        assert_eq!(decoded.marked, built.marked, "{name}");
        assert_eq!(decoded.marked_postings, built.marked_postings, "{name}");
        assert_eq!(decoded.name_terms, built.name_terms, "{name}");
        assert_eq!(decoded.name_marked, built.name_marked, "{name}");
        assert_eq!(decoded.name_starts, built.name_starts, "{name}");
        assert_eq!(decoded.name_heads, built.name_heads, "{name}");
        assert_eq!(decoded.variant_masks, built.variant_masks, "{name}");
        assert_eq!(decoded.doc_bonus, built.doc_bonus, "{name}");
        assert_eq!(decoded.duplicate_members, built.duplicate_members, "{name}");
        assert_eq!(decoded.phrase_docs, built.phrase_docs, "{name}");
        assert!(
            built.phrase_docs.iter().any(|docs| !docs.is_empty()),
            "{name}"
        );
        for q in &queries {
            let api = Query {
                text: q.clone(),
                limit: 10,
                ..Query::default()
            };
            assert_eq!(decoded.search(&api), built.search(&api), "{name}: {q}");
        }
        for q in &prefixes {
            let typed = Query {
                text: q.clone(),
                limit: 15,
                skip_facets: true,
                ..Query::default()
            };
            assert_eq!(decoded.search(&typed), built.search(&typed), "{name}: {q}");
        }
    }
}
