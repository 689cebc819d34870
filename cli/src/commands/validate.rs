//! `motcua validate`: check a catalog artefact and list its problems.

use super::import::load_artefact;
use super::CommandResult;
use motcua_core::catalog::check::problems;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[derive(clap::Args)]
#[command(
    about = "Check a catalog artefact and list its problems",
    long_about = "Check a catalog artefact: format version, content hash, sort order and, per \
procedure, a valid code and a name, papers with names, duplicate_of pointing at another \
procedure that is its group's representative (errors: exit status 1). Missing parts (no \
levels, ways, documents...) and legal basis numbers listed twice are notes and do not make it \
invalid: the sources often lack them."
)]
pub struct Args {
    /// The catalog artefact (written by `motcua import`).
    #[arg(value_name = "CATALOG")]
    pub catalog: PathBuf,
    /// List every procedure with missing parts, not just the counts.
    #[arg(short, long)]
    pub verbose: bool,
}

pub fn run(args: Args) -> CommandResult {
    let artefact = load_artefact(&args.catalog)?;
    let errors: Vec<String> = problems(&artefact).iter().map(|p| p.to_string()).collect();
    let mut notes: Vec<(&str, Vec<&str>)> = vec![
        ("no levels", vec![]),
        ("no field", vec![]),
        ("no agency", vec![]),
        ("no ways to submit", vec![]),
        ("no documents", vec![]),
        ("no results", vec![]),
        ("no online level", vec![]),
        ("a legal basis number listed twice", vec![]),
    ];
    for p in &artefact.procedures {
        let missing = [
            p.levels.is_empty(),
            p.fields.is_empty(),
            p.executing_agencies.is_empty() && p.competent_agencies.is_empty(),
            p.ways.is_empty(),
            p.documents.is_empty(),
            p.results.is_empty(),
            p.online_level.is_none(),
            {
                let numbers: Vec<_> = p
                    .legal_basis
                    .iter()
                    .filter_map(|l| l.number.as_deref())
                    .collect();
                numbers.len() != numbers.iter().collect::<BTreeSet<_>>().len()
            },
        ];
        for (i, m) in missing.into_iter().enumerate() {
            if m {
                notes[i].1.push(&p.code);
            }
        }
    }
    println!(
        "{}: format {}, version {}, {} procedures, sha256 {} (verified)",
        args.catalog.display(),
        artefact.format_version,
        artefact.catalog_version,
        artefact.procedures.len(),
        artefact.content_hash
    );
    for (what, codes) in &notes {
        if !codes.is_empty() {
            println!("note: {} procedures with {what}", codes.len());
            if args.verbose {
                println!("  {}", codes.join(" "));
            }
        }
    }
    for e in &errors {
        println!("error: {e}");
    }
    if errors.is_empty() {
        println!("valid");
        Ok(())
    } else {
        Err(format!("{} errors: catalog invalid", errors.len()).into())
    }
}
