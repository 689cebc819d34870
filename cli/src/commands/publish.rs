//! `motcua publish`: check a catalog artefact against the live one (core's guard), write its
//! version to Workers KV through wrangler — with the search index also precompressed by brotli
//! at quality 11, which the edge serves as it is — read it all back, record it among the kept
//! versions, switch `catalog/current`, then delete the versions pushed out of the list.

use super::import::load_artefact;
use super::kv::{legacy_keys, Namespace, State, Target};
use super::CommandResult;
use motcua_core::catalog::kv::{self, CatalogMeta};
use motcua_core::publish::{
    decide, read_back, version_entries, Decision, Policy, Source, VersionRecord, KEEP_VERSIONS,
};

#[derive(clap::Args)]
#[command(
    about = "Write a catalog artefact to local or remote KV through wrangler",
    long_about = "Write a catalog artefact to Workers KV: catalog/<version>/index, \
catalog/<version>/index.br (the index precompressed with brotli at quality 11, served as it is to \
clients that accept br), catalog/<version>/shards/<n> (the procedures in a bounded number of values) and \
catalog/<version>/meta; read every value back against the meta's digests; record the version in \
catalog/versions; only then point catalog/current at it. The newest 5 versions (and the live \
one) are kept for `motcua rollback`; older ones are deleted.\n\n\
Refused: a catalog with errors (as `motcua validate` lists them); a version name already used \
for other content; unless --force, a catalog that loses more than 10 % of the live one's \
procedures, or content rolled back from. The live content again is nothing to do.\n\n\
Wrangler is taken from node_modules/.bin in the current directory or a parent, else `npx \
wrangler`. Telemetry is switched off.",
    after_help = "Examples:\n  motcua publish data/sample-catalog.json --local --persist-to .wrangler/state\n  \
motcua publish catalog.json --remote --env production\n  motcua publish catalog.json --dry-run"
)]
pub struct Args {
    /// The catalog artefact.
    #[arg(value_name = "CATALOG")]
    pub catalog: std::path::PathBuf,
    #[command(flatten)]
    pub target: Target,
    /// Publish even if it loses more than 10 % of the live procedures or was rolled back from.
    #[arg(long)]
    pub force: bool,
    /// Print what would be written and stop (reads nothing from KV).
    #[arg(long)]
    pub dry_run: bool,
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

pub fn run(args: Args) -> CommandResult {
    let artefact = load_artefact(&args.catalog)?;
    let version = artefact.catalog_version.clone();
    let (entries, meta) = version_entries(&artefact, now(), Some(brotli_11))?;
    let bytes: usize = entries.iter().map(|e| e.value.len()).sum();
    eprintln!(
        "catalog {version}: {} procedures in {} keys ({} shards), {bytes} bytes → {}",
        artefact.procedures.len(),
        entries.len(),
        meta.layout.as_ref().map_or(0, |l| l.shard_count()),
        args.target.describe()
    );
    if args.dry_run {
        for e in &entries {
            println!("{} ({} bytes)", e.key, e.value.len());
        }
        println!("then {} = {version}", kv::CURRENT_KEY);
        return Ok(());
    }

    let ns = Namespace::open(&args.target)?;
    let mut state = State::read(&ns)?;
    let policy = Policy { force: args.force };
    match decide(&artefact, state.live_meta.as_ref(), &state.registry, policy)? {
        Decision::AlreadyLive => {
            eprintln!(
                "nothing to do: the live version {} already holds this content (hash {})",
                state.live.as_deref().unwrap_or("?"),
                artefact.content_hash
            );
            return Ok(());
        }
        Decision::Publish => {}
    }
    ns.put_many(&entries)?;
    let keys: Vec<String> = entries.iter().map(|e| e.key.clone()).collect();
    let stored = ns.get_many(&keys)?;
    read_back(&version, Some(&meta), |k| stored.get(k).cloned().flatten())
        .map_err(|e| format!("read-back failed, pointer not switched: {e}"))?;

    state.registry.record(VersionRecord::of(&meta, Source::Cli));
    let pruned = state.registry.prune(&version, KEEP_VERSIONS, |_| true);
    ns.put(kv::VERSIONS_KEY, &state.registry.to_json())?;
    switch_pointer(&ns, &version)?;
    eprintln!(
        "published: {} = {version} (hash {}), {} versions kept",
        kv::CURRENT_KEY,
        artefact.content_hash,
        state.registry.versions.len()
    );
    delete_versions(&ns, &pruned)?;
    Ok(())
}

/// The index's precompressed form: brotli at its best quality (11), once per publish, so the
/// edge does not compress the index on every request (and the runtime's faster brotli comes
/// out ~10 % larger). The window is the format's default (4 MiB): the index is far smaller.
fn brotli_11(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    // Its only errors are the reader's and the writer's: a slice and a Vec have none.
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("brotli from a slice into a Vec cannot fail");
    out
}

/// Writes the pointer and reads it back.
pub fn switch_pointer(ns: &Namespace, version: &str) -> Result<(), String> {
    let pointer = kv::pointer_entry(version);
    ns.put(&pointer.key, &pointer.value)?;
    match ns.get(kv::CURRENT_KEY)? {
        Some(v) if v == version => Ok(()),
        other => Err(format!(
            "{} reads back as {other:?} after writing {version}",
            kv::CURRENT_KEY
        )),
    }
}

/// Deletes the keys of versions no longer kept: a sharded one's from its meta, a legacy one's
/// from its index.
fn delete_versions(ns: &Namespace, pruned: &[VersionRecord]) -> Result<(), String> {
    for record in pruned {
        let keys = match record.shards {
            Some(_) => ns
                .get(&kv::meta_key(&record.version))?
                .and_then(|m| CatalogMeta::from_json(&m).ok())
                .and_then(|m| m.keys())
                .unwrap_or_else(|| vec![kv::meta_key(&record.version)]),
            None => legacy_keys(ns, &record.version).unwrap_or_else(|_| {
                vec![
                    kv::meta_key(&record.version),
                    kv::summaries_key(&record.version),
                    kv::index_key(&record.version),
                ]
            }),
        };
        ns.delete_many(&keys)?;
        eprintln!(
            "  deleted old version {} ({} keys)",
            record.version,
            keys.len()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_core::catalog::Artefact;
    use motcua_core::search::CompactIndex;

    #[test]
    fn the_sample_catalog_index_precompresses_at_quality_11_and_decodes_to_itself() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sample-catalog.json");
        let artefact = Artefact::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let index =
            CompactIndex::from_procedures(&artefact.procedures).to_bytes(&artefact.catalog_version);
        let precompressed = brotli_11(&index);
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &precompressed[..], &mut decoded).unwrap();
        assert_eq!(decoded, index);
        // Quality 11 is the point: smaller than the encoder's fast settings.
        let mut fast = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 5,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &index[..], &mut fast, &params).unwrap();
        assert!(
            precompressed.len() < fast.len() * 95 / 100,
            "{} vs {} bytes at quality 5",
            precompressed.len(),
            fast.len()
        );
        eprintln!(
            "sample index: {} bytes, brotli 11: {} bytes, brotli 5: {} bytes",
            index.len(),
            precompressed.len(),
            fast.len()
        );
    }
}
