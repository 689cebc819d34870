#![no_main]
//! The portal's spreadsheet export as rows of cells (what the CLI reads out of an xlsx: one
//! line a row, cells split by tabs) and the same bytes as CSV: never a panic, and whatever is
//! imported makes a catalog that reads back and lays out.
use libfuzzer_sys::fuzz_target;
use motcua_core::catalog::import::{table, CatalogBuilder};

fuzz_target!(|text: &str| {
    let mut builder = CatalogBuilder::new();
    let mut rows = table::RowImporter::new("fuzz.xlsx", &mut builder);
    for (i, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line.split('\t').collect();
        rows.row(i + 1, &cells, &mut builder);
    }
    let _ = rows.finish();
    let _ = table::import_csv(text, "fuzz.csv", &mut builder);
    motcua_fuzz::check_catalog(builder);
});
