//! `/v1/dossiers`: signed ingestion of one-stop events and the citizen's status lookup.
//!
//! [`api`] holds the handlers, [`problems`] renders core's refusals, [`store`] owns the D1
//! binding and the limiter, [`runtime`] the clock, randomness, calendar and secrets,
//! [`upstream`] the optional pull-through. The rules are core's; these modules only wire them
//! to the platform.

pub mod api;
mod problems;
mod runtime;
mod store;
mod upstream;
