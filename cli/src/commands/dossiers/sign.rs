//! `motcua dossiers sign`: the signature headers for a body file, for sending it with curl.

use super::system_now;
use crate::commands::CommandResult;
use motcua_core::dossier::{sign, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct SignArgs {
    /// Shared secret (the Worker's INGEST_SECRET). Default: env INGEST_SECRET.
    #[arg(long)]
    secret: Option<String>,
    /// Unix seconds; default now.
    #[arg(long)]
    timestamp: Option<i64>,
    /// The exact body file that will be sent.
    file: PathBuf,
}

pub fn run(args: SignArgs) -> CommandResult {
    let body = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
    let secret = args
        .secret
        .or_else(|| std::env::var("INGEST_SECRET").ok())
        .ok_or("give --secret or set INGEST_SECRET")?;
    let timestamp = args.timestamp.unwrap_or_else(|| system_now().0);
    println!("{TIMESTAMP_HEADER}: {timestamp}");
    println!("{SIGNATURE_HEADER}: {}", sign(&secret, timestamp, &body));
    Ok(())
}
