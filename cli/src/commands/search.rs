//! `motcua search`: search a catalog as a citizen would, for people (a table) or for scripts
//! (`--jsonl`: queries on stdin, one JSON object per line out, as the comparison report reads).

use super::CommandResult;
use motcua_core::catalog::import::{crawl, portal_api, table, CatalogBuilder};
use motcua_core::catalog::{Artefact, Level, OnlineLevel, Procedure};
use motcua_core::search::{CompactIndex, Evidence, Query, SearchIndex, Verdict};
use serde::Serialize;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
#[command(
    about = "Search a catalog as a citizen would",
    after_help = "Examples:\n  motcua search --catalog catalog.json dang ky khai sinh\n  \
motcua search --catalog ../shared/data/tthc-national-6-ministries.jsonl --limit 5 cccd\n  \
printf 'gplx\\nlam so do\\n' | motcua search --catalog catalog.json --jsonl\n  \
motcua search --catalog catalog.json --write-index index.bin"
)]
pub struct Args {
    /// A catalog artefact from `motcua import`, or any importable source (.jsonl crawl,
    /// portal .json or a directory of them, .csv).
    #[arg(long, value_name = "PATH")]
    pub catalog: PathBuf,
    /// Number of results per query.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Read queries from stdin (one a line) and print one JSON object per line.
    #[arg(long)]
    pub jsonl: bool,
    /// Filter by level: ministry, province, district, commune, other.
    #[arg(long, value_parser = parse_level)]
    pub level: Option<Level>,
    /// Filter by field (lĩnh vực) name; case and diacritics do not matter.
    #[arg(long)]
    pub field: Option<String>,
    /// Filter by agency name.
    #[arg(long)]
    pub agency: Option<String>,
    /// Filter by online level: full, partial, offline.
    #[arg(long, value_parser = parse_online)]
    pub online: Option<OnlineLevel>,
    /// Show, for each hit, the evidence the verdict reads (coverage of the query, pairs of
    /// words standing together).
    #[arg(long)]
    pub explain: bool,
    /// Also write the binary index (what the widget downloads) to this file.
    #[arg(long, value_name = "PATH")]
    pub write_index: Option<PathBuf>,
    /// The query (words are joined with spaces).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
}

fn parse_level(text: &str) -> Result<Level, String> {
    Level::ALL
        .into_iter()
        .find(|l| l.as_str() == text)
        .ok_or_else(|| {
            format!("unknown level {text:?} (ministry, province, district, commune, other)")
        })
}

fn parse_online(text: &str) -> Result<OnlineLevel, String> {
    OnlineLevel::ALL
        .into_iter()
        .find(|o| o.as_str() == text)
        .ok_or_else(|| format!("unknown online level {text:?} (full, partial, offline)"))
}

#[derive(Serialize)]
struct JsonResult<'a> {
    code: &'a str,
    name: &'a str,
    score: f32,
    /// Codes of same-named procedures merged into this hit.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    also: &'a [String],
}

#[derive(Serialize)]
struct JsonLine<'a> {
    query: &'a str,
    results: Vec<JsonResult<'a>>,
    verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Evidence>,
    /// The query for the national portal's search, when the verdict is "not here".
    #[serde(skip_serializing_if = "Option::is_none")]
    portal_query: Option<String>,
    micros: f64,
}

pub fn run(args: Args) -> CommandResult {
    let started = Instant::now();
    let procedures = load_procedures(&args.catalog)?;
    let loaded = started.elapsed();
    // Searched as the widget and the edge search: through the binary index.
    let bytes = CompactIndex::from_procedures(&procedures).to_bytes("local");
    if let Some(path) = &args.write_index {
        std::fs::write(path, &bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let t = Instant::now();
    let index = SearchIndex::from_bytes(&bytes).map_err(|e| e.to_string())?;
    let built = t.elapsed();
    let template = Query {
        level: args.level,
        field: args.field.clone(),
        agency: args.agency.clone(),
        online: args.online,
        limit: args.limit,
        ..Query::default()
    };

    if args.jsonl {
        let stdin = std::io::stdin();
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for line in stdin.lock().lines() {
            let line = line.map_err(|e| format!("cannot read stdin: {e}"))?;
            let query = Query {
                text: line.clone(),
                ..template.clone()
            };
            let t = Instant::now();
            let results = index.search(&query);
            let micros = t.elapsed().as_secs_f64() * 1e6;
            let json = JsonLine {
                query: &line,
                results: results
                    .hits
                    .iter()
                    .map(|h| JsonResult {
                        code: &h.code,
                        name: &h.name,
                        score: h.score,
                        also: &h.also,
                    })
                    .collect(),
                verdict: results.verdict,
                evidence: results.evidence,
                portal_query: results
                    .verdict
                    .is_not_here()
                    .then(|| index.portal_query(&line)),
                micros,
            };
            serde_json::to_writer(&mut out, &json).map_err(|e| format!("cannot write: {e}"))?;
            out.write_all(b"\n")
                .map_err(|e| format!("cannot write: {e}"))?;
            // Flush per line so a driving process can interleave queries and answers.
            out.flush().map_err(|e| format!("cannot write: {e}"))?;
        }
        return Ok(());
    }

    let text = args.query.join(" ");
    let query = Query { text, ..template };
    let t = Instant::now();
    let results = index.search(&query);
    let took = t.elapsed();
    println!(
        "{} procedures, index read from its binary form in {} ms (catalog read in {} ms); {} matches in {} µs",
        index.len(),
        built.as_millis(),
        loaded.as_millis(),
        results.total,
        took.as_micros()
    );
    if results.verdict.is_not_here() {
        println!(
            "no good match in this catalog{}; the national portal's search: {:?}",
            if results.hits.is_empty() {
                ""
            } else {
                " (partial matches below)"
            },
            index.portal_query(&query.text)
        );
    }
    if args.explain {
        println!(
            "verdict {:?}, evidence {:?}",
            results.verdict, results.evidence
        );
    }
    if results.hits.is_empty() {
        return Ok(());
    }
    println!(
        "{:>3}  {:<14} {:>6}  {:<22} name",
        "#", "code", "score", "levels"
    );
    for (i, hit) in results.hits.iter().enumerate() {
        let levels: Vec<&str> = index
            .procedure(hit.doc as usize)
            .map(|p| p.levels().map(short_level).collect())
            .unwrap_or_default();
        println!(
            "{:>3}  {:<14} {:>6.3}  {:<22} {}",
            query.offset + i + 1,
            hit.code,
            hit.score,
            levels.join(","),
            truncate(&hit.name, 110)
        );
        if !hit.also.is_empty() {
            println!("{:>3}  (also {})", "", hit.also.join(", "));
        }
        if args.explain {
            if let Some(e) = index.evidence_for(&query.text, hit.doc) {
                println!(
                    "{:>3}  coverage {:.2}, pairs {:.2}, opening clause {:.2} (filled {:.2}){}",
                    "",
                    e.coverage,
                    e.pairs,
                    e.head,
                    e.fill,
                    if e.rewritten {
                        ", vocabulary reading"
                    } else {
                        ""
                    }
                );
            }
        }
    }
    Ok(())
}

fn short_level(level: Level) -> &'static str {
    match level {
        Level::Ministry => "bộ",
        Level::Province => "tỉnh",
        Level::District => "huyện",
        Level::Commune => "xã",
        Level::Other => "khác",
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

/// Reads a catalog artefact, or imports any source the catalog importers read.
fn load_procedures(path: &Path) -> Result<Vec<Procedure>, String> {
    let name = path.display().to_string();
    let mut builder = CatalogBuilder::new();
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read directory {name}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let text = read(&file)?;
            portal_api::import_str(&text, &file.display().to_string(), &mut builder);
        }
    } else {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "jsonl" | "ndjson" => {
                let file =
                    std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
                crawl::import_reader(BufReader::new(file), &name, &mut builder);
            }
            "csv" => {
                table::import_csv(&read(path)?, &name, &mut builder);
            }
            "xlsx" | "xls" | "ods" => {
                return Err(format!(
                    "{name}: import spreadsheets with `motcua import` first, then search the artefact"
                ));
            }
            _ => {
                let text = read(path)?;
                if text.contains("\"content_hash\"") && text.contains("\"procedures\"") {
                    let artefact =
                        Artefact::from_json(&text).map_err(|e| format!("{name}: {e}"))?;
                    return Ok(artefact.procedures);
                }
                portal_api::import_str(&text, &name, &mut builder);
            }
        }
    }
    if builder.is_empty() {
        return Err(format!("{name}: no procedures could be read"));
    }
    Ok(builder.finish())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
