//! The importers over the real files in ../shared/data: every file imports without a crash,
//! counts are in the observed ranges, known procedures parse as their pages say, and the
//! merged artefact round-trips with its hash. The Gia Lai catalog built as the sample is
//! (its list and details, enriched by the national crawl) is checked for what the citizen
//! sees: parts filled from the national data only as the national record states them, papers
//! as a checklist, legal basis merged, agencies fitted to Gia Lai, shared names marked.

use motcua_core::catalog::import::{crawl, portal_api, table, CatalogBuilder, ImportReport};
use motcua_core::catalog::{
    duplicates, province, Artefact, CatalogReport, Channel, FilledPart, Level, OnlineLevel,
    Procedure, TimeUnit,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
    let (ps, report, _) = national();
    (ps.clone(), report.clone())
}

/// The national crawl alone, imported once for every test.
fn national() -> &'static (Vec<Procedure>, ImportReport, CatalogReport) {
    static NATIONAL: OnceLock<(Vec<Procedure>, ImportReport, CatalogReport)> = OnceLock::new();
    NATIONAL.get_or_init(|| {
        let mut b = CatalogBuilder::new();
        let path = data_dir().join("tthc-national-6-ministries.jsonl");
        let report = crawl::import_str(&read(&path), "crawl", &mut b);
        let (ps, catalog) = b.finish_with_report();
        (ps, report, catalog)
    })
}

/// The portal's detail responses for Gia Lai's sample, in file name order.
fn import_details(b: &mut CatalogBuilder) -> ImportReport {
    let mut files: Vec<_> = std::fs::read_dir(data_dir().join("dvcqg/details"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut report = ImportReport::default();
    for f in &files {
        report.absorb(portal_api::import_str(
            &read(f),
            &f.display().to_string(),
            b,
        ));
    }
    report
}

/// Gia Lai's catalog as `data/sample-catalog.json` is built: the list and the details, the
/// national crawl enriching them.
fn gia_lai() -> &'static (Vec<Procedure>, CatalogReport) {
    static GIA_LAI: OnceLock<(Vec<Procedure>, CatalogReport)> = OnceLock::new();
    GIA_LAI.get_or_init(|| {
        let dir = data_dir();
        let mut b = CatalogBuilder::new();
        portal_api::import_str(
            &read(&dir.join("dvcqg/gia-lai-index.json")),
            "index",
            &mut b,
        );
        import_details(&mut b);
        b.set_enriching(true);
        crawl::import_str(
            &read(&dir.join("tthc-national-6-ministries.jsonl")),
            "crawl",
            &mut b,
        );
        b.finish_with_report()
    })
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
    let details = import_details(&mut b);
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
    let ps = gia_lai().0.clone();
    assert_eq!(ps.len(), 2169);
    // Ways from the 66 details or, by code, from the national crawl.
    let with_ways = ps.iter().filter(|p| !p.ways.is_empty()).count();
    assert!((900..=950).contains(&with_ways), "{with_ways} with ways");
    let a = Artefact::build(ps.clone(), None, "2026-05-01T00:00:00Z".into(), vec![]).unwrap();
    let again = Artefact::build(ps, None, "2026-05-01T00:00:00Z".into(), vec![]).unwrap();
    let json = a.to_json();
    assert_eq!(json, again.to_json(), "deterministic");
    let back = Artefact::from_json(&json).unwrap();
    assert_eq!(back.content_hash, a.content_hash);
    assert_eq!(back.procedures.len(), 2169);
}

#[test]
fn national_import_is_unchanged_in_count_and_names_no_province() {
    let (ps, report, catalog) = national();
    assert_eq!((report.imported, report.skipped), (2642, 0));
    assert_eq!(ps.len(), 2642);
    // A national catalog is no province's: agency names are left as the crawl gives them.
    assert_eq!(catalog.province, None);
    assert_eq!(catalog.agencies, None);
    assert!(catalog.filled.is_empty(), "nothing enriches a single input");
    // Offline stated where the page lists ways and none is online.
    let offline = ps
        .iter()
        .filter(|p| p.online_level == Some(OnlineLevel::Offline))
        .count();
    assert!((450..=600).contains(&offline), "{offline} offline");
    assert!(ps
        .iter()
        .all(|p| p.online_level != Some(OnlineLevel::Offline)
            || !p.ways.iter().any(|w| w.channel == Channel::Online)));
}

#[test]
fn papers_are_a_checklist_and_legal_lines_are_one_per_document() {
    for ps in [&national().0, &gia_lai().0] {
        for p in ps {
            let mut numbers = BTreeSet::new();
            for l in &p.legal_basis {
                if let Some(n) = &l.number {
                    assert!(numbers.insert(n.to_uppercase()), "{}: {n} twice", p.code);
                }
                // No title ends with the number cell's own words ("Nghị định số"); some
                // titles do end in "số" ("công nghệ số", "xổ số").
                let title = l.title.as_deref().unwrap_or("");
                for kind in ["Nghị định số", "Thông tư số", "Quyết định số", "Luật số"]
                {
                    assert!(
                        !title.ends_with(kind),
                        "{}: fragment title {title:?}",
                        p.code
                    );
                }
            }
            for d in &p.documents {
                assert!(!d.name.is_empty(), "{}", p.code);
                assert!(d.name.chars().count() <= 141, "{}: {}", p.code, d.name);
                assert!(
                    !d.name.starts_with(['-', '+', '*']),
                    "{}: bullet left in {}",
                    p.code,
                    d.name
                );
                // "0 bản chính" and no copies is no count, never a count of zero.
                assert!(
                    !matches!(
                        (d.original_count, d.copy_count),
                        (Some(0), None | Some(0)) | (None, Some(0))
                    ),
                    "{}: {} {:?}/{:?}",
                    p.code,
                    d.name,
                    d.original_count,
                    d.copy_count
                );
            }
        }
    }
}

#[test]
fn birth_registration_and_a_building_permit_fit_a_phone() {
    let (ps, _) = gia_lai();
    // 1.001193 đăng ký khai sinh: the papers first (the declaration form), remarks apart.
    let birth = find(ps, "1.001193");
    assert_eq!(birth.documents[0].name, "Tờ khai đăng ký khai sinh");
    assert_eq!(birth.documents[0].original_count, Some(1));
    assert!(birth.documents.iter().any(|d| d.name == "Giấy chứng sinh"));
    assert!(
        (6..=10).contains(&birth.documents.len()),
        "{}",
        birth.documents.len()
    );
    assert!(
        label_chars(birth) < 800,
        "{} characters of paper names",
        label_chars(birth)
    );
    assert!(birth.document_notes.len() >= 15);
    assert!(birth.document_notes.iter().any(|n| n
        .text
        .starts_with("Trường hợp người yêu cầu đã nộp bản điện tử Giấy chứng sinh")));
    assert!(legal_title(birth, "123/2015/NĐ-CP").ends_with("thi hành Luật Hộ tịch"));
    assert_eq!(birth.legal_basis.len(), 15);
    // Its processing time: the national record says "1" with no unit (the portal's OTHER).
    let time = birth.ways[0].processing_time.unwrap();
    assert_eq!((time.amount, time.unit), (1.0, TimeUnit::Other));

    // 1.013225 building permit (cấp III, IV and houses): 53 papers in 7 cases, short names.
    let permit = find(ps, "1.013225");
    assert_eq!(permit.documents.len(), 53);
    let cases: BTreeSet<_> = permit.documents.iter().map(|d| d.case.clone()).collect();
    assert_eq!(cases.len(), 7);
    assert!(label_chars(permit) < 5_000, "{}", label_chars(permit));
    assert!(permit
        .documents
        .iter()
        .any(|d| d.name == "Đơn đề nghị cấp giấy phép xây dựng"
            && d.note
                .as_deref()
                .is_some_and(|n| n.starts_with("theo Mẫu số 1"))));
    let numbers: Vec<_> = permit
        .legal_basis
        .iter()
        .filter_map(|l| l.number.as_deref())
        .collect();
    assert_eq!(numbers.len(), 7, "{numbers:?}");
    assert!(legal_title(permit, "175/2024/NĐ-CP")
        .starts_with("Nghị định số 175/2024/NĐ-CP của Chính phủ"));
}

/// Characters of a procedure's paper names: what its checklist shows.
fn label_chars(p: &Procedure) -> usize {
    p.documents.iter().map(|d| d.name.chars().count()).sum()
}

/// The title of a procedure's legal document with this number.
fn legal_title<'a>(p: &'a Procedure, number: &str) -> &'a str {
    p.legal_basis
        .iter()
        .find(|l| l.number.as_deref() == Some(number))
        .and_then(|l| l.title.as_deref())
        .unwrap_or_else(|| panic!("{}: no title for {number}", p.code))
}

#[test]
fn gia_lai_fills_only_what_the_national_record_states() {
    let (ps, report) = gia_lai();
    assert_eq!(ps.len(), 2169);
    let national: BTreeMap<&str, &Procedure> =
        national().0.iter().map(|p| (p.code.as_str(), p)).collect();
    let filled = |part| report.filled.get(&part).copied().unwrap_or(0);
    assert!(filled(FilledPart::Ways) >= 850, "{:?}", report.filled);
    assert!(filled(FilledPart::ProcessingTime) >= 800);
    assert!(filled(FilledPart::Fees) >= 750);
    assert!(filled(FilledPart::Documents) >= 800);
    assert!(filled(FilledPart::Results) >= 850);
    assert!(filled(FilledPart::LegalBasis) >= 800);
    assert_eq!(filled(FilledPart::OnlineLevel), 89);
    for p in ps {
        for part in &p.enriched {
            assert!(report.filled.contains_key(part));
        }
        let Some(n) = national.get(p.code.as_str()) else {
            assert!(
                p.enriched.is_empty(),
                "{}: filled without a national record",
                p.code
            );
            continue;
        };
        // Whole parts filled are the national record's, as it states them.
        if p.enriched.contains(&FilledPart::Ways) {
            assert_eq!(p.ways, n.ways, "{}", p.code);
        }
        if p.enriched.contains(&FilledPart::Documents) {
            assert_eq!(p.documents, n.documents, "{}", p.code);
            assert_eq!(p.document_notes, n.document_notes, "{}", p.code);
        }
        if p.enriched.contains(&FilledPart::LegalBasis) {
            assert_eq!(p.legal_basis, n.legal_basis, "{}", p.code);
        }
        if p.enriched.contains(&FilledPart::OnlineLevel) {
            assert_eq!(p.online_level, n.online_level, "{}", p.code);
        }
    }
    // The details' own online levels (isFullProcess) are kept: 24 toàn trình, 39 một phần.
    let full = ps
        .iter()
        .filter(|p| p.online_level == Some(OnlineLevel::Full))
        .count();
    let partial = ps
        .iter()
        .filter(|p| p.online_level == Some(OnlineLevel::Partial))
        .count();
    assert_eq!((full, partial), (24, 39));
}

#[test]
fn gia_lai_agencies_fit_the_province() {
    let (ps, report) = gia_lai();
    assert_eq!(report.province.map(|p| p.name.as_str()), Some("Gia Lai"));
    let fit = report.agencies.as_ref().unwrap();
    assert_eq!(fit.foreign_before.get("Hà Nội"), Some(&105));
    assert!(
        fit.procedures_after <= 30,
        "{} still foreign",
        fit.procedures_after
    );
    let hanoi = province::find("Hà Nội").unwrap();
    for p in ps {
        for agency in p.agency_names() {
            let named = province::agency_province(agency);
            assert_ne!(named, Some(hanoi), "{}: {agency}", p.code);
            // What is left names no province, Gia Lai, or is listed as not fitted.
            if let Some(other) = named.filter(|o| o.name != "Gia Lai") {
                assert!(
                    fit.unresolved
                        .iter()
                        .any(|(c, a)| c == &p.code && a == agency),
                    "{}: {agency} ({})",
                    p.code,
                    other.name
                );
            }
        }
    }
}

#[test]
fn gia_lai_shared_names_are_marked() {
    let (ps, report) = gia_lai();
    let mut exact: BTreeMap<&str, usize> = BTreeMap::new();
    for p in ps {
        *exact.entry(p.name.as_str()).or_default() += 1;
    }
    assert_eq!(exact.values().filter(|&&n| n > 1).count(), 36);
    assert_eq!(report.duplicate_groups.len(), 44);
    let by_code: BTreeMap<&str, &Procedure> = ps.iter().map(|p| (p.code.as_str(), p)).collect();
    let marked = ps.iter().filter(|p| p.duplicate_of.is_some()).count();
    assert_eq!(marked, 93 - 44);
    for p in ps {
        if let Some(of) = p.duplicate_of.as_deref() {
            let r = by_code[of];
            assert_eq!(r.duplicate_of, None, "{}", p.code);
            assert_eq!(duplicates::name_key(&r.name), duplicates::name_key(&p.name));
        }
    }
}

#[test]
fn openapi_lists_every_filled_part() {
    let spec = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/openapi.yaml"));
    let line = spec
        .lines()
        .find(|l| l.contains("enum: [levels, procedure_type"))
        .expect("the enriched enum in public/openapi.yaml");
    for part in FilledPart::ALL {
        assert!(line.contains(part.as_str()), "{} missing", part.as_str());
    }
}
