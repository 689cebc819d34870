//! The published catalog: [`store`] holds the KV binding, the live version's meta and index
//! (loaded once per isolate and per version), its index precompressed at publish time and its
//! shards; [`api`] answers `GET /v1/catalog`
//! and `GET /v1/catalog/index`; [`refresh`] is the Cron refresh from `CATALOG_FEED_URL`.
//! `/v1/procedures`, `/v1/facets` and `/v1/health` read the same store.

pub mod api;
pub mod refresh;
mod store;

pub use store::{catalog_state, live_version, CatalogError, CatalogStore, Loaded};
