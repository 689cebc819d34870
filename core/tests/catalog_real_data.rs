//! The importers over the real files in ../shared/data: every file imports without a crash,
//! counts are in the observed ranges, known procedures parse as their pages say, and the
//! merged artefact round-trips with its hash.

use motcua_core::catalog::import::{crawl, portal_api, table, CatalogBuilder, ImportReport};
use motcua_core::catalog::{Artefact, Channel, Level, OnlineLevel, Procedure, TimeUnit};
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data"));
    assert!(
        dir.is_dir(),
        "real data missing: expected {} (the shared data directory beside the workspace)",
        dir.display()
    );
    dir.to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn crawl_catalog() -> (Vec<Procedure>, ImportReport) {
    let mut b = CatalogBuilder::new();
    let path = data_dir().join("tthc-national-6-ministries.jsonl");
    let report = crawl::import_str(&read(&path), "crawl", &mut b);
    (b.finish(), report)
}

fn find<'a>(ps: &'a [Procedure], code: &str) -> &'a Procedure {
    ps.iter()
        .find(|p| p.code == code)
        .unwrap_or_else(|| panic!("{code} missing"))
}

#[test]
fn national_crawl_imports_whole() {
    let (ps, report) = crawl_catalog();
    assert_eq!(report.imported, 2642);
    assert_eq!(report.skipped, 0);
    assert!(report.warnings < 250, "{} warnings", report.warnings);
    assert_eq!(ps.len(), 2642);
    let with_ways = ps.iter().filter(|p| !p.ways.is_empty()).count();
    let with_docs = ps.iter().filter(|p| !p.documents.is_empty()).count();
    assert!(with_ways >= 2600, "{with_ways} with ways");
    assert!(with_docs >= 2500, "{with_docs} with documents");
}

#[test]
fn crawl_known_procedures() {
    let (ps, _) = crawl_catalog();
    // 1.001686: veterinary drug shop check; 7 working days each way, 230,000 VND.
    let p = find(&ps, "1.001686");
    assert_eq!(p.ways.len(), 3);
    for w in &p.ways {
        let t = w.processing_time.as_ref().unwrap();
        assert_eq!((t.amount, t.unit), (7.0, TimeUnit::WorkingDay));
        assert_eq!(w.fees[0].amount, Some(230_000.0));
        assert_eq!(w.fees[0].currency.as_deref(), Some("VND"));
    }
    // 1.000811: APEC business travel card; online 21 days, 1,200,000 VND.
    let p = find(&ps, "1.000811");
    let online = p
        .ways
        .iter()
        .find(|w| w.channel == Channel::Online)
        .unwrap();
    assert_eq!(
        online.processing_time.as_ref().map(|t| (t.amount, t.unit)),
        Some((21.0, TimeUnit::Day))
    );
    assert_eq!(online.fees[0].amount, Some(1_200_000.0));
    // 1.000178: complaints to the police ministry: postal and in person, 60 working days,
    // no fee information; eight papers, one original each.
    let p = find(&ps, "1.000178");
    assert_eq!(p.levels, vec![Level::Ministry]);
    let channels: Vec<_> = p.ways.iter().map(|w| w.channel).collect();
    assert_eq!(channels, vec![Channel::Postal, Channel::InPerson]);
    assert!(p.ways.iter().all(|w| w.fees.is_empty()));
    assert_eq!(p.documents.len(), 8);
    assert!(p.documents.iter().all(|d| d.original_count == Some(1)));
    assert_eq!(
        p.documents[0].name,
        "Tài liệu, chứng cứ do các bên cung cấp"
    );
    let numbers: Vec<_> = p
        .legal_basis
        .iter()
        .filter_map(|l| l.number.as_deref())
        .collect();
    assert!(numbers.contains(&"68/2013/TT-BCA"), "{numbers:?}");
    assert!(numbers.contains(&"02/2011/QH13"), "{numbers:?}");
    assert_eq!(p.results[0].code.as_deref(), Some("KQ.G01.00262"));
    // 2.002322: ATA carnet; counts "0 bản chính,1 bản sao".
    let p = find(&ps, "2.002322");
    let d = p
        .documents
        .iter()
        .find(|d| {
            d.name
                .starts_with("Văn bản xác nhận của cơ quan có thẩm quyền")
        })
        .unwrap();
    assert_eq!((d.original_count, d.copy_count), (Some(0), Some(1)));
}

#[test]
fn gia_lai_index_and_details() {
    let dir = data_dir().join("dvcqg");
    let mut b = CatalogBuilder::new();
    let index = portal_api::import_str(&read(&dir.join("gia-lai-index.json")), "index", &mut b);
    assert_eq!(index.imported, 2169);
    assert_eq!(index.skipped, 0);
    let mut details = ImportReport::default();
    let mut files: Vec<_> = std::fs::read_dir(dir.join("details"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        details.absorb(portal_api::import_str(
            &read(f),
            &f.display().to_string(),
            &mut b,
        ));
    }
    assert_eq!(details.imported, 66);
    assert_eq!(details.skipped, 0);
    // The crawler's version file is not a procedure list: reported, not a crash.
    let version = portal_api::import_str(&read(&dir.join("gia-lai-version.json")), "v", &mut b);
    assert_eq!(version.imported, 0);
    assert_eq!(version.skipped, 1);

    let ps = b.finish();
    assert_eq!(ps.len(), 2169);
    assert_eq!(
        ps.iter().filter(|p| p.has_level(Level::Province)).count(),
        1850
    );
    assert_eq!(
        ps.iter().filter(|p| p.has_level(Level::Commune)).count(),
        485
    );
    // Stray numbering and tabs are gone.
    assert!(find(&ps, "5.003909")
        .name
        .starts_with("Sáp nhập đơn vị sự nghiệp"));
    assert!(ps.iter().all(|p| !p.name.contains(['\t', '\n'])));
    // 1.000363 (detail): three ways, 5 working days, free; online toàn trình.
    let p = find(&ps, "1.000363");
    assert_eq!(p.ways.len(), 3);
    assert!(p
        .ways
        .iter()
        .all(|w| w.fees.iter().all(|f| f.amount == Some(0.0))));
    assert_eq!(p.online_level, Some(OnlineLevel::Full));
    assert_eq!(p.documents.len(), 4);
    assert_eq!(p.documents[3].forms[0].name, "ThuocladieuXiga.docx");
    assert_eq!(p.fields[0].code.as_deref(), Some("G02-CT05"));
    // 1.001714: unit OTHER with 0 → no time, the rule kept as description.
    let p = find(&ps, "1.001714");
    assert!(p
        .ways
        .iter()
        .all(|w| w.processing_time.is_none() && w.description.is_some()));
}

#[test]
fn spreadsheet_rows_as_csv() {
    // The xlsx files are read by the CLI (calamine); the same header layout as CSV
    // exercises the shared row importer.
    let csv = "\"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH THỦ TỤC HÀNH CHÍNH\",,,,\nMã số,Tên,Cơ quan ban hành,Cơ quan thực hiện,Lĩnh vực\n1.014966,\"Cấp lại chứng chỉ hành nghề Quản tài viên \",Bộ Tư pháp,\"Chủ tịch ủy ban nhân dân cấp tỉnh\nSở Tư Pháp\",Quản tài viên\n";
    let mut b = CatalogBuilder::new();
    let r = table::import_csv(csv, "x.csv", &mut b);
    assert_eq!((r.imported, r.skipped), (1, 0));
}

#[test]
fn merged_province_catalog_round_trips() {
    let dir = data_dir();
    let mut b = CatalogBuilder::new();
    portal_api::import_str(
        &read(&dir.join("dvcqg/gia-lai-index.json")),
        "index",
        &mut b,
    );
    b.set_enriching(true);
    crawl::import_str(
        &read(&dir.join("tthc-national-6-ministries.jsonl")),
        "crawl",
        &mut b,
    );
    let ps = b.finish();
    assert_eq!(ps.len(), 2169);
    let enriched = ps.iter().filter(|p| !p.ways.is_empty()).count();
    assert!((850..=900).contains(&enriched), "{enriched} enriched");
    let a = Artefact::build(ps.clone(), None, "2026-05-01T00:00:00Z".into(), vec![]).unwrap();
    let again = Artefact::build(ps, None, "2026-05-01T00:00:00Z".into(), vec![]).unwrap();
    let json = a.to_json();
    assert_eq!(json, again.to_json(), "deterministic");
    let back = Artefact::from_json(&json).unwrap();
    assert_eq!(back.content_hash, a.content_hash);
    assert_eq!(back.procedures.len(), 2169);
}
