//! `motcua`: a thin shell over `motcua_core` for portal teams: import, validate, inspect, search,
//! publish, list and roll back the procedure catalog; generate synthetic dossiers for development.

mod commands;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "motcua", version, about = "motcua: procedure catalog and dossier tools", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import procedures from the national portal's API JSON, a crawl, or a spreadsheet export.
    Import(commands::import::Args),
    /// Check a catalog artefact (or any importable source) and report problems.
    Validate(commands::validate::Args),
    /// Print counts by level, field, agency and online level.
    Stats(commands::stats::Args),
    /// Search a catalog as a citizen would.
    Search(commands::search::Args),
    /// Write a catalog artefact to local or remote KV through wrangler.
    Publish(commands::publish::Args),
    /// List the catalog versions kept in KV (which is live, when, how many procedures).
    Versions(commands::versions::ListArgs),
    /// Switch the live catalog back to an earlier kept version, after reading it back whole.
    Rollback(commands::versions::RollbackArgs),
    /// Generate synthetic dossiers and signed event batches for development and tests.
    Dossiers(commands::dossiers::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Import(args) => commands::import::run(args),
        Command::Validate(args) => commands::validate::run(args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Publish(args) => commands::publish::run(args),
        Command::Versions(args) => commands::versions::list(args),
        Command::Rollback(args) => commands::versions::rollback(args),
        Command::Dossiers(args) => commands::dossiers::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("motcua: {err}");
            ExitCode::from(1)
        }
    }
}
