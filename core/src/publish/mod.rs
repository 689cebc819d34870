//! Publishing a catalog version to Workers KV (layout in [`crate::catalog::kv`]) and keeping
//! the published ones: the rules both publishers follow — `motcua publish` (CLI, through
//! wrangler) and the Worker's Cron refresh — so they cannot disagree.
//!
//! - [`layout`]: a version's KV entries (index, its brotli form, shards, meta last) and their
//!   read-back;
//! - [`guard`]: whether a candidate may go live (valid, not shrunk, not withdrawn, new);
//! - [`versions`]: the published versions, how many are kept, where a rollback goes;
//! - [`refresh`]: the Cron refresh's conditional fetch and the record it leaves for health.
//!
//! This sits above [`crate::catalog`] and [`crate::search`] because a version holds both the
//! catalog's records and the search index built from them. The dependency points one way:
//! `search` reads the catalog model, `catalog` knows nothing of search, and only this module
//! knows both.

pub mod guard;
pub mod layout;
pub mod refresh;
pub mod versions;

pub use guard::{decide, Decision, Policy, Refusal, MAX_LOSS_PERCENT};
pub use layout::{
    read_back, read_index, version_entries, BrotliEncoder, ReadBackError, VersionEntries,
};
pub use refresh::{FeedAnswer, Outcome, RefreshRecord, RunEnd, Validators};
pub use versions::{Registry, RollbackError, Source, VersionRecord, KEEP_VERSIONS};
