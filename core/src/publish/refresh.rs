//! The Cron refresh's rules: a conditional fetch of `CATALOG_FEED_URL` (a catalog artefact as
//! `motcua import` writes it), what each answer means, what a run may cost in KV operations,
//! and the record it leaves in `catalog/refresh` for `/v1/health`.
//!
//! A run publishes only a changed, valid catalog that passes [`super::guard`] without force,
//! and moves the pointer only after the read-back; whatever fails, the live version stays.
//! The feed's validators (ETag, Last-Modified) are kept only from an answer whose content was
//! accepted, so a failed run never makes the next one skip a catalog it has not published.

use crate::catalog::kv::KV_OPS_PER_INVOCATION;
use serde::{Deserialize, Serialize};

/// The largest feed body read: a Worker has 128 MB of memory (developers.cloudflare.com/
/// workers/platform/limits), and the artefact is parsed and re-laid out beside its text. The
/// national catalog's artefact is about 12 MB.
pub const MAX_FEED_BYTES: usize = 48 * 1024 * 1024;
/// How long the whole feed exchange may take.
pub const FEED_TIMEOUT_MS: u64 = 60_000;

/// The feed's cache validators, as last accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    /// The conditional request headers for the next fetch.
    pub fn request_headers(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if let Some(etag) = &self.etag {
            out.push(("If-None-Match", etag.as_str()));
        }
        if let Some(date) = &self.last_modified {
            out.push(("If-Modified-Since", date.as_str()));
        }
        out
    }
}

/// What an HTTP status from the feed means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedAnswer {
    /// 200: a body to import.
    Body,
    /// 304: the validators still hold.
    NotModified,
    /// Anything else: the feed is down or misconfigured; keep serving.
    Failed { status: u16 },
}

impl FeedAnswer {
    pub fn of(status: u16) -> FeedAnswer {
        match status {
            200 => FeedAnswer::Body,
            304 => FeedAnswer::NotModified,
            status => FeedAnswer::Failed { status },
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A new version went live.
    Published,
    /// The feed's catalog is the live one (same content hash).
    Unchanged,
    /// The feed answered 304.
    NotModified,
    /// The feed's catalog failed the guard (garbage, invalid, shrunk, withdrawn, name taken).
    Refused,
    /// The feed could not be read (network, timeout, HTTP error, too large).
    FeedError,
    /// KV failed or the read-back did not match: nothing switched.
    Failed,
}

impl Outcome {
    /// Whether the run leaves the catalog as current as the feed.
    pub fn ok(self) -> bool {
        matches!(
            self,
            Outcome::Published | Outcome::Unchanged | Outcome::NotModified
        )
    }

    /// Whether the feed's content was accepted, so its validators may be kept.
    fn accepts_content(self) -> bool {
        matches!(self, Outcome::Published | Outcome::Unchanged)
    }
}

/// `catalog/refresh`: the last run. No personal data can be in it: the catalog is public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefreshRecord {
    /// When the run ended (Unix seconds).
    pub at: i64,
    pub outcome: Outcome,
    /// What happened, in English, for operators.
    pub detail: String,
    /// The live version after the run.
    pub live_version: Option<String>,
    /// The version the feed offered, when it was read.
    pub feed_version: Option<String>,
    /// The last run that ended [`Outcome::ok`] (Unix seconds).
    pub last_success_at: Option<i64>,
    pub validators: Validators,
    pub duration_ms: u64,
    /// KV operations the run made (limit: [`KV_OPS_PER_INVOCATION`]).
    pub kv_ops: u32,
}

/// What a run knows when it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunEnd {
    pub at: i64,
    pub outcome: Outcome,
    pub detail: String,
    pub live_version: Option<String>,
    pub feed_version: Option<String>,
    /// The validators the feed sent with this run's answer.
    pub validators: Validators,
    pub duration_ms: u64,
    pub kv_ops: u32,
}

impl RefreshRecord {
    /// The stored record; an absent or unreadable one is none (a run then fetches
    /// unconditionally).
    pub fn from_json(text: Option<&str>) -> Option<RefreshRecord> {
        text.and_then(|t| serde_json::from_str(t).ok())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The record of a run that ended as `end` says, after `previous`.
    pub fn after(previous: Option<&RefreshRecord>, end: RunEnd) -> RefreshRecord {
        let validators = if end.outcome.accepts_content() {
            end.validators
        } else {
            previous.map(|p| p.validators.clone()).unwrap_or_default()
        };
        let last_success_at = if end.outcome.ok() {
            Some(end.at)
        } else {
            previous.and_then(|p| p.last_success_at)
        };
        RefreshRecord {
            at: end.at,
            outcome: end.outcome,
            detail: end.detail,
            live_version: end.live_version,
            feed_version: end.feed_version,
            last_success_at,
            validators,
            duration_ms: end.duration_ms,
            kv_ops: end.kv_ops,
        }
    }
}

/// The most KV operations a publishing run can make: 4 reads (pointer, versions, last record,
/// live meta), the new version written and read back (`shards + 2` each: the Cron writes no
/// `index.br`), the versions list, the pointer written and read back, the record, and each
/// pruned sharded version's keys (`shards + 3`: one the CLI published has an `index.br`).
pub fn planned_kv_ops(shards: u32, pruned_shards: &[u32]) -> usize {
    let version = shards as usize + 2;
    4 + 2 * version + 1 + 2 + 1 + pruned_shards.iter().map(|s| *s as usize + 3).sum::<usize>()
}

/// Whether that plan fits in one invocation.
pub fn fits_one_invocation(shards: u32, pruned_shards: &[u32]) -> bool {
    planned_kv_ops(shards, pruned_shards) <= KV_OPS_PER_INVOCATION
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::kv::shard::MAX_SHARDS;

    fn end(outcome: Outcome, at: i64, etag: &str) -> RunEnd {
        RunEnd {
            at,
            outcome,
            detail: String::new(),
            live_version: Some("v1".into()),
            feed_version: None,
            validators: Validators {
                etag: Some(etag.into()),
                last_modified: None,
            },
            duration_ms: 5,
            kv_ops: 3,
        }
    }

    #[test]
    fn statuses_mean_body_not_modified_or_failure() {
        assert_eq!(FeedAnswer::of(200), FeedAnswer::Body);
        assert_eq!(FeedAnswer::of(304), FeedAnswer::NotModified);
        assert_eq!(FeedAnswer::of(503), FeedAnswer::Failed { status: 503 });
        assert_eq!(FeedAnswer::of(206), FeedAnswer::Failed { status: 206 });
    }

    #[test]
    fn validators_are_kept_only_from_accepted_content() {
        let first = RefreshRecord::after(None, end(Outcome::Published, 10, "\"a\""));
        assert_eq!(first.validators.etag.as_deref(), Some("\"a\""));
        assert_eq!(first.last_success_at, Some(10));
        // Garbage under a new ETag: refused, and the next run must not send that ETag.
        let refused = RefreshRecord::after(Some(&first), end(Outcome::Refused, 20, "\"b\""));
        assert_eq!(refused.validators.etag.as_deref(), Some("\"a\""));
        assert_eq!(refused.last_success_at, Some(10));
        let failed = RefreshRecord::after(Some(&refused), end(Outcome::Failed, 30, "\"c\""));
        assert_eq!(failed.validators.etag.as_deref(), Some("\"a\""));
        let not_modified =
            RefreshRecord::after(Some(&failed), end(Outcome::NotModified, 40, "\"x\""));
        assert_eq!(not_modified.validators.etag.as_deref(), Some("\"a\""));
        assert_eq!(not_modified.last_success_at, Some(40));
        assert_eq!(
            not_modified.validators.request_headers(),
            vec![("If-None-Match", "\"a\"")]
        );
        let back = RefreshRecord::from_json(Some(&not_modified.to_json())).unwrap();
        assert_eq!(back, not_modified);
        assert_eq!(RefreshRecord::from_json(Some("{")), None);
        assert!(!Outcome::FeedError.ok() && Outcome::Unchanged.ok());
    }

    #[test]
    fn the_largest_publish_fits_one_invocation() {
        // 64 shards written and read back, one 64-shard version pruned.
        assert!(fits_one_invocation(MAX_SHARDS, &[MAX_SHARDS]));
        assert_eq!(planned_kv_ops(1, &[]), 4 + 6 + 4);
        assert_eq!(planned_kv_ops(1, &[2]), 4 + 6 + 4 + 5);
        // Pruning every kept version at once would still fit.
        assert!(fits_one_invocation(MAX_SHARDS, &[MAX_SHARDS; 5]));
    }
}
