//! The published catalog: [`store`] holds the KV binding and the live version's index (loaded
//! once per isolate and per version); [`api`] answers `GET /v1/catalog` and
//! `GET /v1/catalog/index`. `/v1/procedures` and `/v1/facets` read the same store.

pub mod api;
mod store;

pub use store::{CatalogError, CatalogStore};
