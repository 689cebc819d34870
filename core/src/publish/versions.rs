//! The published versions (`catalog/versions`): what `motcua versions` lists, where
//! `motcua rollback` may go, and which old versions a publish deletes.
//!
//! Kept: the newest [`KEEP_VERSIONS`] publications plus the live one, whatever its age (after a
//! rollback the live one may be older than newer, withdrawn ones). Older ones are removed from
//! the list by the publish that pushes them out, and their keys deleted: a sharded version's
//! keys are named by its meta (meta, index, `index.br` when the CLI published it, each shard:
//! at most `shards + 3` deletes, so the Cron refresh can do it); a legacy version's
//! per-procedure keys are found by listing and deleted by the CLI only.
//!
//! A rollback marks the version it leaves *withdrawn*: the Cron refresh will not publish that
//! content again (the feed may still serve it), only an operator can (`motcua publish
//! --force`, or `motcua rollback VERSION` to it by name).

use crate::catalog::kv::CatalogMeta;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Publications kept for rollback (besides the live one).
pub const KEEP_VERSIONS: usize = 5;

/// Who published a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `motcua publish`.
    Cli,
    /// The Worker's Cron refresh from `CATALOG_FEED_URL`.
    Cron,
    /// Live before the list existed: recorded from its meta by the first publish after.
    Adopted,
}

/// One published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRecord {
    pub version: String,
    /// The artefact's content hash.
    pub hash: String,
    pub generated_at: String,
    /// Unix seconds (0 when adopted without a recorded time).
    pub published_at: i64,
    pub procedures: usize,
    /// Shard count; `None`: legacy layout (one key per procedure).
    pub shards: Option<u32>,
    pub source: Source,
    /// Rolled back from: not republished automatically.
    #[serde(default)]
    pub withdrawn: bool,
}

impl VersionRecord {
    pub fn of(meta: &CatalogMeta, source: Source) -> VersionRecord {
        VersionRecord {
            version: meta.version.clone(),
            hash: meta.hash.clone(),
            generated_at: meta.generated_at.clone(),
            published_at: meta.published_at.unwrap_or(0),
            procedures: meta.counts.procedures,
            shards: meta.layout.as_ref().map(|l| l.shard_count()),
            source,
            withdrawn: false,
        }
    }
}

/// Why a rollback cannot go where asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RollbackError {
    /// Nothing is live, so there is nothing to roll back from.
    NothingLive,
    /// No kept version was published before the live one.
    NoEarlierVersion,
    UnknownVersion(String),
    AlreadyLive(String),
}

impl fmt::Display for RollbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RollbackError::NothingLive => f.write_str("no catalog version is live"),
            RollbackError::NoEarlierVersion => {
                f.write_str("no earlier version is kept to roll back to")
            }
            RollbackError::UnknownVersion(v) => {
                write!(f, "version {v} is not among the kept versions")
            }
            RollbackError::AlreadyLive(v) => write!(f, "version {v} is already live"),
        }
    }
}

impl std::error::Error for RollbackError {}

/// `catalog/versions`: newest publication first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    pub versions: Vec<VersionRecord>,
}

impl Registry {
    /// Reads the stored list; an absent value is an empty list.
    pub fn from_json(text: Option<&str>) -> Result<Registry, serde_json::Error> {
        text.map_or(Ok(Registry::default()), serde_json::from_str)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn get(&self, version: &str) -> Option<&VersionRecord> {
        self.versions.iter().find(|r| r.version == version)
    }

    /// Whether `hash` is the content of a version rolled back from.
    pub fn withdrawn(&self, hash: &str) -> Option<&VersionRecord> {
        self.versions.iter().find(|r| r.withdrawn && r.hash == hash)
    }

    /// Records the live version when the list does not know it (published before the list
    /// existed), so that it can be rolled back to.
    pub fn adopt(&mut self, live: &CatalogMeta) {
        if self.get(&live.version).is_none() {
            self.versions.push(VersionRecord::of(live, Source::Adopted));
        }
    }

    /// Records a new publication (newest first; a republished version moves to the front).
    pub fn record(&mut self, record: VersionRecord) {
        self.versions.retain(|r| r.version != record.version);
        self.versions.insert(0, record);
    }

    /// Removes and returns the versions past the newest `keep` publications, except the live
    /// one and those `deletable` refuses (they stay listed until a publisher that can delete
    /// them runs).
    pub fn prune(
        &mut self,
        live: &str,
        keep: usize,
        deletable: impl Fn(&VersionRecord) -> bool,
    ) -> Vec<VersionRecord> {
        let mut kept = Vec::new();
        let mut removed = Vec::new();
        for (i, r) in std::mem::take(&mut self.versions).into_iter().enumerate() {
            if i < keep || r.version == live || !deletable(&r) {
                kept.push(r);
            } else {
                removed.push(r);
            }
        }
        self.versions = kept;
        removed
    }

    /// Where a rollback from `live` goes: the named version, or else the newest one published
    /// before `live` that was not withdrawn.
    pub fn rollback_target(
        &self,
        live: Option<&str>,
        requested: Option<&str>,
    ) -> Result<&VersionRecord, RollbackError> {
        let live = live.ok_or(RollbackError::NothingLive)?;
        if let Some(v) = requested {
            if v == live {
                return Err(RollbackError::AlreadyLive(v.into()));
            }
            return self
                .get(v)
                .ok_or_else(|| RollbackError::UnknownVersion(v.into()));
        }
        let live_at = self.versions.iter().position(|r| r.version == live);
        let older = match live_at {
            Some(i) => &self.versions[i + 1..],
            None => &self.versions[..],
        };
        older
            .iter()
            .find(|r| !r.withdrawn)
            .ok_or(RollbackError::NoEarlierVersion)
    }

    /// After the pointer moved from `from` to `to`: `from` is withdrawn, `to` no longer is.
    pub fn rolled_back(&mut self, from: &str, to: &str) {
        for r in &mut self.versions {
            if r.version == from {
                r.withdrawn = true;
            } else if r.version == to {
                r.withdrawn = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(version: &str, at: i64, shards: Option<u32>) -> VersionRecord {
        VersionRecord {
            version: version.into(),
            hash: format!("hash-{version}"),
            generated_at: "t".into(),
            published_at: at,
            procedures: 10,
            shards,
            source: Source::Cli,
            withdrawn: false,
        }
    }

    fn registry(n: usize) -> Registry {
        let mut r = Registry::default();
        for i in 0..n {
            r.record(rec(&format!("v{i}"), i as i64, Some(2)));
        }
        r
    }

    #[test]
    fn newest_first_and_republishing_moves_to_the_front() {
        let mut r = registry(3);
        assert_eq!(r.versions[0].version, "v2");
        r.record(rec("v0", 9, Some(2)));
        let order: Vec<_> = r.versions.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(order, ["v0", "v2", "v1"]);
        let back = Registry::from_json(Some(&r.to_json())).unwrap();
        assert_eq!(back, r);
        assert_eq!(Registry::from_json(None).unwrap(), Registry::default());
        assert!(Registry::from_json(Some("[")).is_err());
    }

    #[test]
    fn prune_keeps_the_newest_and_the_live_one() {
        let mut r = registry(8); // v7 … v0
        let removed = r.prune("v0", KEEP_VERSIONS, |_| true);
        let removed: Vec<_> = removed.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(removed, ["v2", "v1"]);
        let kept: Vec<_> = r.versions.iter().map(|r| r.version.as_str()).collect();
        assert_eq!(kept, ["v7", "v6", "v5", "v4", "v3", "v0"]);
        // Legacy versions wait for a publisher that can list and delete their keys.
        let mut r = registry(7);
        r.versions[6].shards = None;
        let removed = r.prune("v6", 2, |rec| rec.shards.is_some());
        assert_eq!(removed.len(), 4);
        assert!(r.get("v0").is_some());
    }

    #[test]
    fn rollback_goes_to_the_previous_unwithdrawn_version_or_a_named_one() {
        let mut r = registry(4); // v3 v2 v1 v0
        assert_eq!(r.rollback_target(Some("v3"), None).unwrap().version, "v2");
        r.rolled_back("v3", "v2");
        assert!(r.get("v3").unwrap().withdrawn);
        assert_eq!(r.withdrawn("hash-v3").unwrap().version, "v3");
        assert_eq!(r.rollback_target(Some("v2"), None).unwrap().version, "v1");
        // Forward again by name: the withdrawn mark goes.
        assert_eq!(
            r.rollback_target(Some("v2"), Some("v3")).unwrap().version,
            "v3"
        );
        r.rolled_back("v2", "v3");
        assert!(!r.get("v3").unwrap().withdrawn);
        assert!(r.get("v2").unwrap().withdrawn);
        assert_eq!(
            r.rollback_target(Some("v0"), None),
            Err(RollbackError::NoEarlierVersion)
        );
        assert_eq!(
            r.rollback_target(Some("v1"), Some("v1")),
            Err(RollbackError::AlreadyLive("v1".into()))
        );
        assert_eq!(
            r.rollback_target(Some("v1"), Some("v9")),
            Err(RollbackError::UnknownVersion("v9".into()))
        );
        assert_eq!(
            r.rollback_target(None, None),
            Err(RollbackError::NothingLive)
        );
    }

    #[test]
    fn a_live_version_from_before_the_list_is_adopted_once() {
        let meta = CatalogMeta::from_json(
            r#"{"format_version":1,"version":"old","hash":"h","generated_at":"t",
            "counts":{"procedures":2,"by_level":{},"by_online_level":{},"with_ways":0,
            "with_documents":0,"with_legal_basis":0}}"#,
        )
        .unwrap();
        let mut r = Registry::default();
        r.adopt(&meta);
        r.adopt(&meta);
        assert_eq!(r.versions.len(), 1);
        assert_eq!(r.versions[0].source, Source::Adopted);
        assert_eq!(r.versions[0].shards, None);
    }
}
