//! The HTTP API's rules that do not depend on the platform, so they are tested (and fuzzed)
//! natively and the edge only wires them: [`params`] reads `GET /v1/procedures`' query string,
//! [`cache`] keeps rendered search answers, [`health`] decides what `/v1/health` says, [`log`] is
//! the one line logged per request.

pub mod cache;
pub mod health;
pub mod log;
pub mod params;
