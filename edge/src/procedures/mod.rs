//! `/v1/procedures` and `/v1/facets`: search, filter and read the published catalog.
//! The ranking is core's; [`params`] reads the query, [`api`] answers from the catalog store,
//! [`model`] is what the answers look like.

pub mod api;
mod model;
mod params;
