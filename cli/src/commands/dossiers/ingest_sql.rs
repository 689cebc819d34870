//! `motcua dossiers ingest-sql`: the statements the edge runs to ingest an events file, as
//! inline SQL (validated exactly as the edge validates a POST).

use super::rng::Rng;
use super::{parse_now, pepper};
use crate::commands::CommandResult;
use motcua_core::deadline::HolidayCalendar;
use motcua_core::dossier::{store, validate_batch, ApplyContext};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct IngestSqlArgs {
    /// An events file as written by `generate --events-out`.
    file: PathBuf,
    /// The edge's clock (RFC 3339); default the system clock.
    #[arg(long)]
    now: Option<String>,
    /// Default: env VERIFY_PEPPER, else the development value.
    #[arg(long = "verify-pepper")]
    verify_pepper: Option<String>,
    /// Seed for the per-dossier salts (the edge uses real randomness).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(args: IngestSqlArgs) -> CommandResult {
    let now = parse_now(args.now.as_deref())?;
    let body = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let events = validate_batch(&body, now)?;
    let calendar = HolidayCalendar::vietnam();
    let verify_pepper = pepper(args.verify_pepper);
    let mut rng = Rng(args.seed);
    for event in &events {
        let salt = rng.hex(16);
        let ctx = ApplyContext {
            verify_pepper: &verify_pepper,
            salt: &salt,
            now,
            calendar: &calendar,
        };
        for statement in store::ingest_statements(event, &ctx) {
            println!("{}", statement.to_inline_sql());
        }
    }
    Ok(())
}
