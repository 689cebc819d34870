//! The catalog's KV namespace through wrangler (`kv bulk get|put|delete`, `kv key list`), local
//! or remote, shared by `publish`, `versions` and `rollback`; and the catalog's state as read
//! from it (live version, its meta, the kept versions).

use motcua_core::catalog::kv::{self, CatalogMeta, KvEntry};
use motcua_core::publish::Registry;
use motcua_core::search::SearchIndex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the catalog lives.
#[derive(clap::Args, Clone, Debug)]
pub struct Target {
    /// Use local (workerd/miniflare) storage. The default.
    #[arg(long, conflicts_with = "remote")]
    pub local: bool,
    /// Use the Cloudflare account's namespace.
    #[arg(long)]
    pub remote: bool,
    /// Wrangler environment (`staging`, `production`): its KV binding is used.
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
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
}

impl Target {
    pub fn describe(&self) -> String {
        let place = if self.remote { "remote" } else { "local" };
        match &self.env {
            Some(env) => format!("{place} KV binding {} (env {env})", self.binding),
            None => format!("{place} KV binding {}", self.binding),
        }
    }
}

/// An open namespace: wrangler with the target's arguments and a scratch directory.
pub struct Namespace {
    program: Vec<String>,
    common: Vec<String>,
    work: PathBuf,
    remote: bool,
}

impl Drop for Namespace {
    fn drop(&mut self) {
        // Best-effort clean-up of our own scratch directory.
        let _ = std::fs::remove_dir_all(&self.work);
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

impl Namespace {
    pub fn open(target: &Target) -> Result<Namespace, String> {
        let work = std::env::temp_dir().join(format!("motcua-kv-{}", std::process::id()));
        std::fs::create_dir_all(&work)
            .map_err(|e| format!("cannot create {}: {e}", work.display()))?;
        let mut ns = Namespace {
            program: match &target.wrangler {
                Some(w) => vec![w.display().to_string()],
                None => find_wrangler(),
            },
            common: vec!["--binding".into(), target.binding.clone()],
            work,
            remote: target.remote,
        };
        let config = match &target.config {
            Some(c) => Some(c.clone()),
            None if Path::new("wrangler.toml").is_file() => Some(PathBuf::from("wrangler.toml")),
            None if !target.remote => {
                let c = ns.work.join("wrangler.toml");
                std::fs::write(
                    &c,
                    format!(
                        "name = \"motcua-catalog-publish\"\ncompatibility_date = \"2026-04-20\"\n\
                         kv_namespaces = [{{ binding = \"{}\", id = \"motcua-catalog-local\" }}]\n",
                        target.binding
                    ),
                )
                .map_err(|e| e.to_string())?;
                Some(c)
            }
            None => return Err("--remote needs a wrangler configuration (--config FILE)".into()),
        };
        ns.common
            .push(if target.remote { "--remote" } else { "--local" }.into());
        if let Some(dir) = &target.persist_to {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let abs = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            ns.common.push("--persist-to".into());
            ns.common.push(abs.display().to_string());
        }
        if let Some(c) = config {
            let abs = std::fs::canonicalize(&c).map_err(|e| format!("{}: {e}", c.display()))?;
            ns.common.push("--config".into());
            ns.common.push(abs.display().to_string());
        }
        if let Some(env) = &target.env {
            ns.common.push("--env".into());
            ns.common.push(env.clone());
        }
        Ok(ns)
    }

    fn run(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new(&self.program[0])
            .args(&self.program[1..])
            .args(args)
            .args(&self.common)
            .env("WRANGLER_SEND_METRICS", "false")
            .env("WRANGLER_SEND_ERROR_REPORTS", "false")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("NO_COLOR", "1")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.program.join(" ")))?;
        if !out.status.success() {
            return Err(format!(
                "wrangler {} failed ({}): {}",
                args[..args.len().min(3)].join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn scratch(&self, name: &str, json: &str) -> Result<String, String> {
        let file = self.work.join(name);
        std::fs::write(&file, json).map_err(|e| format!("{}: {e}", file.display()))?;
        Ok(file.display().to_string())
    }

    /// Reads `keys` in one `kv bulk get`; a missing key is `None`.
    pub fn get_many(&self, keys: &[String]) -> Result<HashMap<String, Option<String>>, String> {
        #[derive(serde::Deserialize)]
        struct Got {
            value: Option<String>,
        }
        let mut out = HashMap::new();
        // Cloudflare's bulk read API takes at most 100 keys a call; local storage any number.
        let chunk = if self.remote { 100 } else { 10_000 };
        for (i, chunk) in keys.chunks(chunk).enumerate() {
            let file = self.scratch(
                &format!("get-{i}.json"),
                &serde_json::to_string(chunk).unwrap_or_default(),
            )?;
            let stdout = self.run(&["kv", "bulk", "get", &file])?;
            // Wrangler prints the JSON object, then a status line: read the first value only.
            let start = stdout
                .find('{')
                .ok_or("wrangler kv bulk get printed no JSON")?;
            let got: HashMap<String, Got> = serde_json::Deserializer::from_str(&stdout[start..])
                .into_iter()
                .next()
                .ok_or("wrangler kv bulk get printed no JSON")?
                .map_err(|e| format!("wrangler kv bulk get printed unreadable JSON: {e}"))?;
            out.extend(got.into_iter().map(|(k, g)| (k, g.value)));
        }
        Ok(out)
    }

    pub fn get(&self, key: &str) -> Result<Option<String>, String> {
        Ok(self.get_many(&[key.to_string()])?.remove(key).flatten())
    }

    /// Writes `entries` with `kv bulk put`, in uploads of at most 5,000 keys.
    pub fn put_many(&self, entries: &[KvEntry]) -> Result<(), String> {
        for (i, chunk) in entries.chunks(5000).enumerate() {
            let json = serde_json::to_string(chunk).map_err(|e| e.to_string())?;
            let file = self.scratch(&format!("put-{i}.json"), &json)?;
            self.run(&["kv", "bulk", "put", &file])?;
        }
        Ok(())
    }

    pub fn put(&self, key: &str, value: &str) -> Result<(), String> {
        self.put_many(&[KvEntry {
            key: key.into(),
            value: value.into(),
        }])
    }

    pub fn delete_many(&self, keys: &[String]) -> Result<(), String> {
        for (i, chunk) in keys.chunks(5000).enumerate() {
            let file = self.scratch(
                &format!("delete-{i}.json"),
                &serde_json::to_string(chunk).unwrap_or_default(),
            )?;
            self.run(&["kv", "bulk", "delete", &file, "--force"])?;
        }
        Ok(())
    }
}

/// The catalog as the namespace holds it.
pub struct State {
    pub live: Option<String>,
    pub live_meta: Option<CatalogMeta>,
    /// The kept versions, the live one adopted when it predates the list.
    pub registry: Registry,
}

impl State {
    pub fn read(ns: &Namespace) -> Result<State, String> {
        let got = ns.get_many(&[kv::CURRENT_KEY.to_string(), kv::VERSIONS_KEY.to_string()])?;
        let live = got.get(kv::CURRENT_KEY).cloned().flatten();
        let mut registry =
            Registry::from_json(got.get(kv::VERSIONS_KEY).and_then(|v| v.as_deref()))
                .map_err(|e| format!("{} is unreadable: {e}", kv::VERSIONS_KEY))?;
        let live_meta = match &live {
            Some(v) => {
                let text = ns.get(&kv::meta_key(v))?;
                let meta = text
                    .as_deref()
                    .map(CatalogMeta::from_json)
                    .transpose()
                    .map_err(|e| format!("the live version's meta is unreadable: {e}"))?;
                if let Some(m) = &meta {
                    registry.adopt(m);
                }
                meta
            }
            None => None,
        };
        Ok(State {
            live,
            live_meta,
            registry,
        })
    }
}

/// A legacy version's keys (meta, summaries, index, one per procedure), the procedure keys named
/// from its index: the index names every procedure, while a local key listing stops at 1,000.
pub fn legacy_keys(ns: &Namespace, version: &str) -> Result<Vec<String>, String> {
    let key = kv::index_key(version);
    let index = ns.get(&key)?.ok_or_else(|| format!("{key} is missing"))?;
    let mut keys = vec![
        kv::meta_key(version),
        kv::summaries_key(version),
        key.clone(),
    ];
    keys.extend(
        index_codes(&index)
            .map_err(|e| format!("{key}: {e}"))?
            .iter()
            .map(|code| kv::procedure_key(version, code)),
    );
    Ok(keys)
}

/// The procedure codes an index value names: the binary index (base64), or the JSON index
/// versions published before it kept (each procedure an array whose first element is its code).
fn index_codes(value: &str) -> Result<Vec<String>, String> {
    if let Some(bytes) = kv::index_bytes(value) {
        let index = SearchIndex::from_bytes(&bytes).map_err(|e| e.to_string())?;
        return Ok(index
            .compact()
            .procedures
            .iter()
            .map(|p| p.code().to_string())
            .collect());
    }
    let index: serde_json::Value = serde_json::from_str(value).map_err(|e| e.to_string())?;
    index
        .get("procedures")
        .and_then(|p| p.as_array())
        .ok_or("no procedures")?
        .iter()
        .map(|p| {
            p.get(0)
                .and_then(|c| c.as_str())
                .map(str::to_string)
                .ok_or_else(|| "a procedure without a code".to_string())
        })
        .collect()
}
