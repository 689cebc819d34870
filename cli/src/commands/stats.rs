//! `motcua stats`: what a catalog holds.

use super::import::load_artefact;
use super::CommandResult;
use motcua_core::catalog::{
    duplicates, province, Channel, FilledPart, Level, OnlineLevel, Procedure,
};
use motcua_core::messages::Lang;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(
    about = "Print counts by level, field, agency, online level, ways, papers and missing parts",
    long_about = "Print what a catalog artefact holds: procedures by implementation level, \
field (lĩnh vực), executing agency and online level; ways to submit by channel, time unit \
and fee; papers to bring and legal basis; parts filled from enriching inputs (the national \
data); agency names by the province they name; names shared by several codes; and how many \
procedures lack each part."
)]
pub struct Args {
    /// The catalog artefact.
    #[arg(value_name = "CATALOG")]
    pub catalog: PathBuf,
    /// How many fields and agencies to list.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
}

/// A part's name and a test for its absence.
type MissingCheck = (&'static str, fn(&Procedure) -> bool);

fn print_top(title: &str, counts: BTreeMap<String, usize>, top: usize) {
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("{title} ({} distinct):", v.len());
    for (name, n) in v.iter().take(top) {
        println!("  {n:>6}  {name}");
    }
    if v.len() > top {
        println!("  … {} more", v.len() - top);
    }
}

pub fn run(args: Args) -> CommandResult {
    let a = load_artefact(&args.catalog)?;
    let ps = &a.procedures;
    println!(
        "{}: version {}, generated {}, {} procedures",
        args.catalog.display(),
        a.catalog_version,
        a.generated_at,
        ps.len()
    );
    println!("sources: {}", a.sources.join(", "));
    println!("by level:");
    for level in Level::ALL {
        println!(
            "  {:>6}  {}",
            ps.iter().filter(|p| p.has_level(level)).count(),
            level.label(Lang::Vi)
        );
    }
    println!("by online level:");
    let unstated = ps
        .iter()
        .filter(|p| p.online_level.is_none() && p.ways.iter().any(|w| w.channel == Channel::Online))
        .count();
    for (label, lvl) in [
        ("Toàn trình", Some(OnlineLevel::Full)),
        ("Một phần", Some(OnlineLevel::Partial)),
        ("Không trực tuyến", Some(OnlineLevel::Offline)),
        ("unknown", None),
    ] {
        println!(
            "  {:>6}  {label}",
            ps.iter().filter(|p| p.online_level == lvl).count()
        );
    }
    println!("  ({unstated} of the unknown have an online way; the source does not say toàn trình or một phần)");
    let mut fields = BTreeMap::new();
    let mut agencies = BTreeMap::new();
    for p in ps {
        for f in p.field_names() {
            *fields.entry(f.to_string()).or_insert(0) += 1;
        }
        for ag in &p.executing_agencies {
            *agencies.entry(ag.clone()).or_insert(0) += 1;
        }
    }
    print_top("by field", fields, args.top);
    print_top("by executing agency", agencies, args.top);

    let ways: Vec<_> = ps.iter().flat_map(|p| &p.ways).collect();
    println!(
        "ways to submit: {} in {} procedures",
        ways.len(),
        ps.iter().filter(|p| !p.ways.is_empty()).count()
    );
    for ch in Channel::ALL {
        println!(
            "  {:>6}  {}",
            ps.iter()
                .filter(|p| p.ways.iter().any(|w| w.channel == ch))
                .count(),
            ch.label(Lang::Vi)
        );
    }
    let mut units: BTreeMap<&str, usize> = BTreeMap::new();
    for w in &ways {
        let u = w
            .processing_time
            .as_ref()
            .map_or("(no time)", |t| t.unit.as_str());
        *units.entry(u).or_default() += 1;
    }
    println!("processing time units (per way):");
    for (u, n) in units {
        println!("  {n:>6}  {u}");
    }
    let fees: Vec<_> = ways.iter().flat_map(|w| &w.fees).collect();
    println!(
        "fees: {} stated, {} free (0), {} with an amount > 0, {} without a known amount",
        fees.len(),
        fees.iter().filter(|f| f.amount == Some(0.0)).count(),
        fees.iter()
            .filter(|f| f.amount.is_some_and(|a| a > 0.0))
            .count(),
        fees.iter().filter(|f| f.amount.is_none()).count()
    );
    let missing: [MissingCheck; 11] = [
        ("levels", |p| p.levels.is_empty()),
        ("field", |p| p.fields.is_empty()),
        ("agency", |p| {
            p.executing_agencies.is_empty() && p.competent_agencies.is_empty()
        }),
        ("subjects", |p| p.subjects.is_empty()),
        ("steps", |p| p.steps.is_empty()),
        ("ways", |p| p.ways.is_empty()),
        ("documents", |p| p.documents.is_empty()),
        ("results", |p| p.results.is_empty()),
        ("legal basis", |p| p.legal_basis.is_empty()),
        ("online level", |p| p.online_level.is_none()),
        ("source url", |p| p.source_url.is_none()),
    ];
    papers_and_legal(ps);
    filled(ps);
    agencies_by_province(ps);
    shared_names(ps);
    println!("missing parts:");
    for (what, test) in missing {
        println!("  {:>6}  no {what}", ps.iter().filter(|p| test(p)).count());
    }
    Ok(())
}

/// Papers to bring, the remarks kept apart from them, and legal basis lines.
fn papers_and_legal(ps: &[Procedure]) {
    let docs: Vec<_> = ps.iter().flat_map(|p| &p.documents).collect();
    let chars = |s: &str| s.chars().count();
    let name_chars: usize = docs.iter().map(|d| chars(&d.name)).sum();
    let note_chars: usize = docs
        .iter()
        .filter_map(|d| d.note.as_deref())
        .map(chars)
        .sum();
    let forms: Vec<_> = docs.iter().flat_map(|d| &d.forms).collect();
    println!(
        "papers to bring: {} in {} procedures; {} with counts, {} with forms ({} forms, {} with a download link), {} with a note",
        docs.len(),
        ps.iter().filter(|p| !p.documents.is_empty()).count(),
        docs.iter()
            .filter(|d| d.original_count.is_some() || d.copy_count.is_some())
            .count(),
        docs.iter().filter(|d| !d.forms.is_empty()).count(),
        forms.len(),
        forms.iter().filter(|f| f.url.is_some()).count(),
        docs.iter().filter(|d| d.note.is_some()).count(),
    );
    println!(
        "  characters: {name_chars} in names (the checklist), {note_chars} in notes; {} remarks (document_notes) in {} procedures",
        ps.iter().map(|p| p.document_notes.len()).sum::<usize>(),
        ps.iter().filter(|p| !p.document_notes.is_empty()).count()
    );
    println!(
        "legal basis: {} lines in {} procedures",
        ps.iter().map(|p| p.legal_basis.len()).sum::<usize>(),
        ps.iter().filter(|p| !p.legal_basis.is_empty()).count()
    );
}

/// Procedures per part filled from enriching inputs (`enriched`).
fn filled(ps: &[Procedure]) {
    let any = ps.iter().filter(|p| !p.enriched.is_empty()).count();
    println!("filled from enriching inputs (the national data, by code): {any} procedures");
    for part in FilledPart::ALL {
        let n = ps.iter().filter(|p| p.enriched.contains(&part)).count();
        if n > 0 {
            println!("  {n:>6}  {}", part.as_str());
        }
    }
}

/// Procedures whose agency names end with a province's name, by province: on a provincial
/// catalog, any province but its own is a national template's leftover.
fn agencies_by_province(ps: &[Procedure]) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in ps {
        let named: BTreeSet<&str> = p
            .agency_names()
            .filter_map(province::agency_province)
            .map(|pr| pr.name.as_str())
            .collect();
        for name in named {
            *counts.entry(name.to_string()).or_default() += 1;
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let list: Vec<String> = v.iter().map(|(n, c)| format!("{n} {c}")).collect();
    println!(
        "procedures naming a province's agency, by province: {}",
        if list.is_empty() {
            "none".to_string()
        } else {
            list.join(", ")
        }
    );
}

/// Names shared by several codes: exactly, and as marked (case, spaces and final punctuation
/// ignored).
fn shared_names(ps: &[Procedure]) {
    let mut exact: BTreeMap<&str, usize> = BTreeMap::new();
    for p in ps {
        *exact.entry(p.name.as_str()).or_default() += 1;
    }
    let exact: Vec<usize> = exact.into_values().filter(|&n| n > 1).collect();
    let groups = duplicates::groups(ps);
    println!(
        "shared names: {} names exactly shared by {} procedures; {} when case and punctuation are ignored ({} procedures, {} marked duplicate_of)",
        exact.len(),
        exact.iter().sum::<usize>(),
        groups.len(),
        groups.iter().map(Vec::len).sum::<usize>(),
        ps.iter().filter(|p| p.duplicate_of.is_some()).count()
    );
}
