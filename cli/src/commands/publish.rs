//! `motcua publish`: write a catalog artefact to Workers KV through wrangler, then switch the
//! `catalog/current` pointer once the version reads back correctly.

use super::import::load_artefact;
use super::CommandResult;
use motcua_core::catalog::kv::{self, CatalogMeta, KvEntry};
use motcua_core::publish::version_entries;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(clap::Args)]
#[command(
    about = "Write a catalog artefact to local or remote KV through wrangler",
    long_about = "Write a catalog artefact to Workers KV with `wrangler kv bulk put`: \
catalog/<version>/meta, catalog/<version>/summaries and catalog/<version>/procedures/<code>; \
then read the meta back and, only if it matches, point catalog/current at the version.\n\n\
Wrangler is taken from node_modules/.bin in the current directory or a parent, else `npx \
wrangler`. Telemetry is switched off.",
    after_help = "Examples:\n  motcua publish data/sample-catalog.json --local --persist-to .wrangler/state\n  \
motcua publish catalog.json --remote --config wrangler.toml\n  motcua publish catalog.json --dry-run"
)]
pub struct Args {
    /// The catalog artefact.
    #[arg(value_name = "CATALOG")]
    pub catalog: PathBuf,
    /// Write to local (workerd/miniflare) storage. The default.
    #[arg(long, conflicts_with = "remote")]
    pub local: bool,
    /// Write to the Cloudflare account's namespace.
    #[arg(long)]
    pub remote: bool,
    /// Directory of local persistence (as `wrangler dev --persist-to`).
    #[arg(long, value_name = "DIR")]
    pub persist_to: Option<PathBuf>,
    /// The KV binding name in the wrangler configuration.
    #[arg(long, default_value = "CATALOG")]
    pub binding: String,
    /// Wrangler configuration file. Default: ./wrangler.toml if present; for --local without
    /// one, a temporary configuration declaring just the binding.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The wrangler executable. Default: node_modules/.bin/wrangler in the current directory
    /// or a parent, else `npx wrangler`.
    #[arg(long, value_name = "PATH")]
    pub wrangler: Option<PathBuf>,
    /// Print what would be written and stop.
    #[arg(long)]
    pub dry_run: bool,
}

struct Wrangler {
    program: Vec<String>,
    common: Vec<String>,
}

impl Wrangler {
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let mut cmd = Command::new(&self.program[0]);
        cmd.args(&self.program[1..])
            .args(args)
            .args(&self.common)
            .env("WRANGLER_SEND_METRICS", "false")
            .env("WRANGLER_SEND_ERROR_REPORTS", "false")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false");
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.program.join(" ")))?;
        if !out.status.success() {
            return Err(format!(
                "wrangler {} failed ({}): {}",
                args.first().copied().unwrap_or(""),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).to_string())
    }
}

fn find_wrangler() -> Vec<String> {
    let mut dir = std::env::current_dir().ok();
    while let Some(d) = dir {
        let candidate = d.join("node_modules/.bin/wrangler");
        if candidate.is_file() {
            return vec![candidate.display().to_string()];
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    vec!["npx".into(), "wrangler".into()]
}

pub fn run(args: Args) -> CommandResult {
    let artefact = load_artefact(&args.catalog)?;
    let version = artefact.catalog_version.clone();
    let entries = version_entries(&artefact)?;
    let bytes: usize = entries.iter().map(|e| e.value.len()).sum();
    let target = if args.remote { "remote" } else { "local" };
    eprintln!(
        "catalog {version}: {} keys, {bytes} bytes → {target} KV binding {}",
        entries.len(),
        args.binding
    );
    if args.dry_run {
        for e in entries.iter().take(3) {
            println!("{} ({} bytes)", e.key, e.value.len());
        }
        println!("… {} more procedure keys", entries.len().saturating_sub(3));
        println!("then {} = {version}", kv::CURRENT_KEY);
        return Ok(());
    }

    let work = std::env::temp_dir().join(format!("motcua-publish-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let result = publish(&args, &work, &version, &artefact, &entries);
    // Best-effort clean-up of our own temporary directory.
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn publish(
    args: &Args,
    work: &Path,
    version: &str,
    artefact: &motcua_core::catalog::Artefact,
    entries: &[KvEntry],
) -> CommandResult {
    let config = match &args.config {
        Some(c) => Some(c.clone()),
        None if Path::new("wrangler.toml").is_file() => Some(PathBuf::from("wrangler.toml")),
        None if !args.remote => {
            let c = work.join("wrangler.toml");
            std::fs::write(
                &c,
                format!(
                    "name = \"motcua-catalog-publish\"\ncompatibility_date = \"2026-04-20\"\n\
                     kv_namespaces = [{{ binding = \"{}\", id = \"motcua-catalog-local\" }}]\n",
                    args.binding
                ),
            )?;
            Some(c)
        }
        None => return Err("--remote needs a wrangler configuration (--config FILE)".into()),
    };
    let mut common = vec!["--binding".to_string(), args.binding.clone()];
    common.push(if args.remote { "--remote" } else { "--local" }.to_string());
    if let Some(dir) = &args.persist_to {
        std::fs::create_dir_all(dir)?;
        let abs = std::fs::canonicalize(dir)?;
        common.push("--persist-to".into());
        common.push(abs.display().to_string());
    }
    if let Some(c) = config {
        let abs = std::fs::canonicalize(&c).map_err(|e| format!("{}: {e}", c.display()))?;
        common.push("--config".into());
        common.push(abs.display().to_string());
    }
    let wrangler = Wrangler {
        program: match &args.wrangler {
            Some(w) => vec![w.display().to_string()],
            None => find_wrangler(),
        },
        common,
    };

    // Bulk files in chunks so no single upload is huge.
    for (i, chunk) in entries.chunks(5000).enumerate() {
        let file = work.join(format!("bulk-{i}.json"));
        std::fs::write(&file, serde_json::to_string(chunk)?)?;
        eprintln!(
            "  writing keys {}–{}…",
            i * 5000 + 1,
            i * 5000 + chunk.len()
        );
        wrangler.run(&["kv", "bulk", "put", &file.display().to_string()])?;
    }

    // Read back the meta before switching the pointer.
    let meta_key = kv::meta_key(version);
    let stored = wrangler.run(&["kv", "key", "get", &meta_key, "--text"])?;
    let stored: CatalogMeta = serde_json::from_str(stored.trim())
        .map_err(|e| format!("read-back of {meta_key} is not catalog meta: {e}"))?;
    if stored != CatalogMeta::of(artefact) {
        return Err(format!("read-back of {meta_key} does not match; pointer not switched").into());
    }
    let pointer = kv::pointer_entry(version);
    wrangler.run(&["kv", "key", "put", &pointer.key, &pointer.value])?;
    eprintln!(
        "published: {} = {version} (hash {})",
        kv::CURRENT_KEY,
        artefact.content_hash
    );
    Ok(())
}
