//! `motcua stats`: what a catalog holds.

use super::import::load_artefact;
use super::CommandResult;
use motcua_core::catalog::{Channel, Level, OnlineLevel, Procedure};
use motcua_core::messages::Lang;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(
    about = "Print counts by level, field, agency, online level, ways and missing parts",
    long_about = "Print what a catalog artefact holds: procedures by implementation level, \
field (lĩnh vực), executing agency and online level; ways to submit by channel, time unit \
and fee; and how many procedures lack each part."
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
    let online = OnlineLevel::ALL.map(|o| (o.label(Lang::Vi), Some(o)));
    for (label, lvl) in online.into_iter().chain([("unknown", None)]) {
        println!(
            "  {:>6}  {label}",
            ps.iter().filter(|p| p.online_level == lvl).count()
        );
    }
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
    println!("missing parts:");
    for (what, test) in missing {
        println!("  {:>6}  no {what}", ps.iter().filter(|p| test(p)).count());
    }
    Ok(())
}
