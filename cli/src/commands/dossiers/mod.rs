//! `motcua dossiers`: synthetic dossiers and event streams for development ([`generate`], from
//! the [`synthetic`] generator), request signing for curl ([`sign`]), and the SQL the edge runs
//! (for a local D1 or sqlite3: [`ingest_sql`]). All rules come from `motcua_core::dossier` and
//! `motcua_core::deadline`; these files only invent data.

mod generate;
mod ingest_sql;
mod rng;
mod sign;
mod synthetic;

use super::CommandResult;
use clap::Subcommand;
use motcua_core::deadline::Timestamp;

const DEV_PEPPER: &str = "dev-only-verify-pepper";

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DossiersCommand,
}

#[derive(Subcommand)]
enum DossiersCommand {
    /// Generate realistic synthetic dossiers: event batches to POST, or SQL to seed D1.
    Generate(generate::GenerateArgs),
    /// Print the X-Motcua-Timestamp and X-Motcua-Signature headers for a request body file.
    Sign(sign::SignArgs),
    /// Print the statements the edge runs to ingest an events file (inline SQL for sqlite3 or
    /// `wrangler d1 execute --file`).
    IngestSql(ingest_sql::IngestSqlArgs),
}

pub fn run(args: Args) -> CommandResult {
    match args.command {
        DossiersCommand::Generate(a) => generate::run(a),
        DossiersCommand::Sign(a) => sign::run(a),
        DossiersCommand::IngestSql(a) => ingest_sql::run(a),
    }
}

/// The pepper from the flag, else env VERIFY_PEPPER, else the development value.
fn pepper(flag: Option<String>) -> String {
    flag.or_else(|| std::env::var("VERIFY_PEPPER").ok())
        .unwrap_or_else(|| DEV_PEPPER.to_string())
}

fn system_now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    Timestamp(secs)
}

/// `--now` if given (RFC 3339), else the system clock.
fn parse_now(now: Option<&str>) -> Result<Timestamp, Box<dyn std::error::Error>> {
    match now {
        Some(text) => Ok(Timestamp::parse_rfc3339(text).map_err(|e| format!("--now: {e}"))?),
        None => Ok(system_now()),
    }
}
