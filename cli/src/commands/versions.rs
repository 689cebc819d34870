//! `motcua versions` and `motcua rollback`: the kept catalog versions, and switching the live
//! pointer back (or forward) to one of them after reading it back whole.

use super::kv::{legacy_keys, Namespace, State, Target};
use super::publish::switch_pointer;
use super::CommandResult;
use motcua_core::catalog::kv::{self, CatalogMeta};
use motcua_core::deadline::Timestamp;
use motcua_core::publish::{read_back, read_index, VersionRecord};

#[derive(clap::Args)]
#[command(
    about = "List the catalog versions kept in KV",
    long_about = "List the catalog versions kept in KV (catalog/versions), newest publication \
first: version, when it was published and by whom (cli, cron, adopted), procedures, layout \
(shard count or legacy), content hash; `*` marks the live one, `withdrawn` one rolled back from."
)]
pub struct ListArgs {
    #[command(flatten)]
    pub target: Target,
    /// Print the list as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
#[command(
    about = "Switch the live catalog to an earlier (or a named) kept version",
    long_about = "Switch catalog/current to VERSION, or by default to the newest version \
published before the live one that was not rolled back from. The target is read back whole \
first (meta, index and every shard against the meta's digests; a legacy version's meta, index \
and every procedure key its index names). The version left is marked withdrawn: the Cron refresh will not publish its \
content again until an operator does (`motcua publish --force` or `motcua rollback VERSION`)."
)]
pub struct RollbackArgs {
    /// The version to make live (default: the previous one).
    #[arg(value_name = "VERSION")]
    pub version: Option<String>,
    #[command(flatten)]
    pub target: Target,
}

fn when(record: &VersionRecord) -> String {
    if record.published_at == 0 {
        "-".into()
    } else {
        Timestamp(record.published_at).to_rfc3339_vn()
    }
}

pub fn list(args: ListArgs) -> CommandResult {
    let ns = Namespace::open(&args.target)?;
    let state = State::read(&ns)?;
    let live = state.live.as_deref();
    if args.json {
        #[derive(serde::Serialize)]
        struct Listing<'a> {
            live: Option<&'a str>,
            versions: &'a [VersionRecord],
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&Listing {
                live,
                versions: &state.registry.versions,
            })?
        );
        return Ok(());
    }
    if state.registry.versions.is_empty() {
        println!(
            "no catalog version is published ({})",
            args.target.describe()
        );
        return Ok(());
    }
    println!(
        "  {:<24} {:<25} {:<8} {:>10} {:<10} hash",
        "version", "published", "by", "procedures", "layout"
    );
    for r in &state.registry.versions {
        let mark = if Some(r.version.as_str()) == live {
            "*"
        } else {
            " "
        };
        let layout = r.shards.map_or("legacy".into(), |s| format!("{s} shards"));
        let source = serde_json::to_value(r.source)?;
        println!(
            "{mark} {:<24} {:<25} {:<8} {:>10} {:<10} {}{}",
            r.version,
            when(r),
            source.as_str().unwrap_or("?"),
            r.procedures,
            layout,
            &r.hash[..r.hash.len().min(12)],
            if r.withdrawn { "  withdrawn" } else { "" }
        );
    }
    if live.is_none() {
        println!("(no version is live)");
    }
    Ok(())
}

/// The Worker reads only its own search-index format: a version published before it (format 2,
/// JSON) would be switched live and then answer 503 on every catalog route. Refused instead.
fn servable(ns: &Namespace, version: &str) -> Result<(), String> {
    let key = kv::index_key(version);
    let value = ns.get(&key)?.ok_or_else(|| format!("{key} is missing"))?;
    read_index(&value).map(drop).map_err(|why| {
        format!(
            "version {version} cannot be served by this build: its search index does not read \
             ({why}); publish its catalog again (`motcua publish`) rather than roll back to it"
        )
    })
}

/// Reads `version` back whole; a legacy version (no digests) by its meta, its index (it must
/// load) and every procedure key its index names (as many as its meta counts).
fn verify(ns: &Namespace, version: &str) -> Result<CatalogMeta, String> {
    let meta_key = kv::meta_key(version);
    let meta_text = ns
        .get(&meta_key)?
        .ok_or_else(|| format!("{meta_key} is missing"))?;
    let meta = CatalogMeta::from_json(&meta_text).map_err(|e| format!("{meta_key}: {e}"))?;
    servable(ns, version)?;
    let Some(keys) = meta.keys() else {
        let keys = legacy_keys(ns, version)?;
        let procedures: Vec<String> = keys
            .into_iter()
            .filter(|k| k.contains("/procedures/"))
            .collect();
        let stored = ns.get_many(&procedures)?;
        let present = procedures
            .iter()
            .filter(|k| stored.get(*k).is_some_and(Option::is_some))
            .count();
        if present != procedures.len() || present != meta.counts.procedures {
            return Err(format!(
                "legacy version {version}: {present} of the {} procedures its index names are \
                 stored, its meta counts {}",
                procedures.len(),
                meta.counts.procedures
            ));
        }
        return Ok(meta);
    };
    let stored = ns.get_many(&keys)?;
    read_back(version, None, |k| stored.get(k).cloned().flatten())
        .map_err(|e| format!("version {version} does not read back whole: {e}"))
}

pub fn rollback(args: RollbackArgs) -> CommandResult {
    let ns = Namespace::open(&args.target)?;
    let mut state = State::read(&ns)?;
    let from = state.live.clone();
    let target = state
        .registry
        .rollback_target(from.as_deref(), args.version.as_deref())?
        .version
        .clone();
    let meta = verify(&ns, &target)?;
    if let Some(from) = &from {
        state.registry.rolled_back(from, &target);
    }
    ns.put(kv::VERSIONS_KEY, &state.registry.to_json())?;
    switch_pointer(&ns, &target)?;
    eprintln!(
        "rolled back: {} = {target} ({} procedures, hash {}); {} is withdrawn",
        kv::CURRENT_KEY,
        meta.counts.procedures,
        meta.hash,
        from.as_deref().unwrap_or("-")
    );
    Ok(())
}
