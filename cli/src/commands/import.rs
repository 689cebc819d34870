//! `motcua import`: read the portal's API JSON, the national crawl, spreadsheet exports or
//! CSV, merge records by code and write one catalog artefact.

use super::CommandResult;
use clap::ValueEnum;
use motcua_core::catalog::import::{crawl, portal_api, table};
use motcua_core::catalog::{
    province, Artefact, CatalogBuilder, CatalogReport, FilledPart, ImportReport, ProvinceChoice,
};
use motcua_core::deadline::Timestamp;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// National portal API JSON: detail objects, list objects, crawler summaries; one object,
    /// an array, or the API envelope.
    Dvcqg,
    /// The flattened crawl: JSON lines with Vietnamese keys (ma_thu_tuc, ...).
    Crawl,
    /// The portal's spreadsheet export (Mã số, Tên, Cơ quan ban hành, Cơ quan thực hiện,
    /// Lĩnh vực).
    Xlsx,
    /// The same columns as CSV (RFC 4180).
    Csv,
}

#[derive(clap::Args)]
#[command(
    about = "Import procedures into a catalog artefact",
    long_about = "Import procedures from one or more inputs, merge records that share a code \
(a field stated by one source fills the gap left by another; detail API > crawl > summaries > \
spreadsheets when both state it) and write one versioned, hashed catalog artefact.\n\n\
Then, for every procedure: papers to bring become a checklist (short names, counts, notes; \
remarks listed as papers move to document_notes), legal basis lines are merged per document, \
names shared by several codes are marked (duplicate_of), and agency names of other provinces \
are fitted to the catalog's province. Parts filled from --enrich inputs are listed per \
procedure (enriched) and counted in the report.\n\n\
Bad records are reported with their position and skipped; they never stop the import. \
Exit status is non-zero only when nothing could be imported or the output cannot be written.",
    after_help = "Examples:\n  motcua import ../shared/data/tthc-national-6-ministries.jsonl -o catalog.json\n  \
motcua import ../shared/data/dvcqg/gia-lai-index.json ../shared/data/dvcqg/details \\\n      \
--enrich ../shared/data/tthc-national-6-ministries.jsonl -o data/sample-catalog.json\n  \
motcua import --from xlsx ../shared/data/xlsx/*.xlsx -o ministries.json"
)]
pub struct Args {
    /// Input format for every input; omitted: detected per file (.jsonl → crawl, .json →
    /// dvcqg, .xlsx → xlsx, .csv → csv).
    #[arg(long, value_enum)]
    pub from: Option<Format>,
    /// Input files or directories (a directory expands to its *.json files, sorted).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Inputs that only enrich: their records fill gaps in procedures the INPUTs have, and
    /// codes found only here are left out (e.g. a province's list enriched by the national
    /// crawl). Same format rules as INPUT.
    #[arg(long = "enrich", value_name = "INPUT")]
    pub enrich: Vec<PathBuf>,
    /// Where to write the catalog artefact.
    #[arg(short, long, value_name = "CATALOG")]
    pub output: PathBuf,
    /// Catalog version (KV key prefix). Default: the first 16 hex digits of the content hash.
    #[arg(long = "catalog-version", value_name = "VERSION")]
    pub catalog_version: Option<String>,
    /// Generation time written into the artefact (RFC 3339). Default: now. Fix it to get
    /// byte-identical output from identical input.
    #[arg(long, value_name = "TIME")]
    pub generated_at: Option<String>,
    /// The province whose catalog this is (name or code, e.g. "Gia Lai" or "H21"): agency names
    /// of other provinces are fitted to its own. Default: detected from a province's summary
    /// list among the INPUTs (their agency names end with the province); `none` for a
    /// national catalog.
    #[arg(long, value_name = "PROVINCE")]
    pub province: Option<String>,
    /// Print every issue instead of the first 20.
    #[arg(short, long)]
    pub verbose: bool,
}

pub fn run(args: Args) -> CommandResult {
    let started = Instant::now();
    let primary = expand_inputs(&args.inputs)?;
    let enrich = expand_inputs(&args.enrich)?;
    let mut builder = CatalogBuilder::new();
    builder.set_province(province_choice(args.province.as_deref())?);
    let mut total = ImportReport::default();
    let files: Vec<(bool, PathBuf)> = primary
        .into_iter()
        .map(|f| (false, f))
        .chain(enrich.into_iter().map(|f| (true, f)))
        .collect();
    for (enriching, file) in &files {
        if *enriching {
            builder.set_enriching(true);
        }
        let format = match args.from {
            Some(f) => f,
            None => detect(file)?,
        };
        let t = Instant::now();
        let report = import_file(file, format, &mut builder)?;
        eprintln!(
            "  {}{} ({:?}): {} imported, {} skipped, {} warnings [{} ms]",
            if *enriching { "[enrich] " } else { "" },
            file.display(),
            format,
            report.imported,
            report.skipped,
            report.warnings,
            t.elapsed().as_millis()
        );
        total.absorb(report);
    }
    let limit = if args.verbose { usize::MAX } else { 20 };
    for issue in total.issues.iter().take(limit) {
        eprintln!("  {issue}");
    }
    if total.issues.len() > limit {
        eprintln!(
            "  … {} more issues (use --verbose to list all)",
            total.issues.len() - limit
        );
    }
    if builder.is_empty() {
        return Err("nothing could be imported".into());
    }
    // The inputs as given (a directory stays one entry), so the artefact does not depend on
    // how many files a directory held or where it was run from beyond what the user typed.
    let sources: Vec<String> = args
        .inputs
        .iter()
        .chain(&args.enrich)
        .map(|p| p.display().to_string())
        .collect();
    let (procedures, catalog_report) = builder.finish_with_report();
    print_catalog_report(&catalog_report, args.verbose);
    let generated_at = args.generated_at.unwrap_or_else(now_rfc3339);
    let artefact = Artefact::build(procedures, args.catalog_version, generated_at, sources)?;
    let json = artefact.to_json();
    std::fs::write(&args.output, &json)
        .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    eprintln!(
        "imported {} records ({} skipped, {} warnings) from {} files into {} procedures; \
wrote {} ({} bytes, version {}, sha256 {}) in {} ms",
        total.imported,
        total.skipped,
        total.warnings,
        files.len(),
        artefact.procedures.len(),
        args.output.display(),
        json.len(),
        artefact.catalog_version,
        artefact.content_hash,
        started.elapsed().as_millis()
    );
    Ok(())
}

fn province_choice(arg: Option<&str>) -> Result<ProvinceChoice, String> {
    Ok(match arg {
        None => ProvinceChoice::Detect,
        Some(a) if a.eq_ignore_ascii_case("none") => ProvinceChoice::None,
        Some(a) => ProvinceChoice::Fixed(province::find(a).ok_or_else(|| {
            format!("unknown province {a:?}: give its name (\"Gia Lai\"), code (\"H21\") or none")
        })?),
    })
}

/// What the catalog-wide passes did: parts filled from enriching inputs, agencies fitted,
/// names shared by several codes.
fn print_catalog_report(report: &CatalogReport, verbose: bool) {
    if !report.filled.is_empty() {
        let parts: Vec<String> = FilledPart::ALL
            .iter()
            .filter_map(|part| {
                report
                    .filled
                    .get(part)
                    .map(|n| format!("{} {n}", part.as_str()))
            })
            .collect();
        eprintln!(
            "  filled from enriching inputs (procedures): {}",
            parts.join(", ")
        );
    }
    match (report.province, &report.agencies) {
        (Some(province), Some(fit)) => {
            let foreign: Vec<String> = fit
                .foreign_before
                .iter()
                .map(|(name, n)| format!("{name} {n}"))
                .collect();
            eprintln!(
                "  province {}: {} procedures named another province's or every province's \
agency ({}); {} names fitted; {} procedures still name one",
                province.full_name(),
                fit.procedures_before,
                foreign.join(", "),
                fit.names_fitted,
                fit.procedures_after
            );
            let limit = if verbose { usize::MAX } else { 10 };
            for (code, agency) in fit.unresolved.iter().take(limit) {
                eprintln!("    not fitted (no such agency in the catalog): {code} {agency}");
            }
            if fit.unresolved.len() > limit {
                eprintln!("    … {} more", fit.unresolved.len() - limit);
            }
        }
        _ => eprintln!("  no province: agency names left as the sources give them"),
    }
    let shared: usize = report.duplicate_groups.iter().map(Vec::len).sum();
    eprintln!(
        "  {} names shared by {} procedures; repeats marked duplicate_of",
        report.duplicate_groups.len(),
        shared
    );
}

fn now_rfc3339() -> String {
    // Whole seconds keep the field short; the artefact does not need more precision.
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Timestamp(seconds).to_rfc3339_utc().unwrap_or_default()
}

fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| format!("cannot read directory {}: {e}", input.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            if found.is_empty() {
                eprintln!("  {}: no *.json files", input.display());
            }
            files.extend(found);
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            return Err(format!("no such file or directory: {}", input.display()));
        }
    }
    Ok(files)
}

/// Detects a file's format from its extension, or from its first bytes.
fn detect(path: &Path) -> Result<Format, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "jsonl" | "ndjson" => Format::Crawl,
        "json" => Format::Dvcqg,
        "xlsx" | "xlsm" | "xls" | "ods" => Format::Xlsx,
        "csv" => Format::Csv,
        _ => {
            let head =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let text = String::from_utf8_lossy(&head[..head.len().min(4096)]).to_string();
            if head.starts_with(b"PK") {
                Format::Xlsx
            } else if text.trim_start().starts_with('[') {
                Format::Dvcqg
            } else if text.trim_start().starts_with('{') {
                if text.contains("\"ma_thu_tuc\"") {
                    Format::Crawl
                } else {
                    Format::Dvcqg
                }
            } else {
                Format::Csv
            }
        }
    })
}

fn import_file(
    path: &Path,
    format: Format,
    builder: &mut CatalogBuilder,
) -> Result<ImportReport, String> {
    let name = path.display().to_string();
    let read = || std::fs::read_to_string(path).map_err(|e| format!("cannot read {name}: {e}"));
    Ok(match format {
        Format::Dvcqg => portal_api::import_str(&read()?, &name, builder),
        Format::Crawl => {
            let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
            crawl::import_reader(BufReader::new(file), &name, builder)
        }
        Format::Csv => table::import_csv(&read()?, &name, builder),
        Format::Xlsx => import_xlsx(path, &name, builder)?,
    })
}

fn import_xlsx(
    path: &Path,
    name: &str,
    builder: &mut CatalogBuilder,
) -> Result<ImportReport, String> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| format!("cannot open {name} as a spreadsheet: {e}"))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| format!("{name}: no worksheet"))?
        .map_err(|e| format!("{name}: {e}"))?;
    let mut rows = table::RowImporter::new(name, builder);
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                other => other.to_string(),
            })
            .collect();
        rows.row(first_row + i + 1, &cells, builder);
    }
    Ok(rows.finish())
}

/// Reads and verifies a catalog artefact (shared by validate, stats and publish).
pub fn load_artefact(path: &Path) -> Result<Artefact, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Artefact::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_argument() {
        assert_eq!(province_choice(None), Ok(ProvinceChoice::Detect));
        assert_eq!(province_choice(Some("NONE")), Ok(ProvinceChoice::None));
        for arg in ["Gia Lai", "H21", "tỉnh Gia Lai", "Bình Định"] {
            match province_choice(Some(arg)) {
                Ok(ProvinceChoice::Fixed(p)) => assert_eq!(p.name, "Gia Lai", "{arg}"),
                other => panic!("{arg}: {other:?}"),
            }
        }
        assert!(province_choice(Some("Atlantis"))
            .unwrap_err()
            .contains("unknown province"));
    }
}
