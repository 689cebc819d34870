//! `GET /v1/health`: liveness of the Worker itself (no bindings touched, so it is the baseline
//! the load report compares lookups against).

use serde::Serialize;
use worker::{Response, Result};

#[derive(Serialize)]
struct Health {
    status: &'static str,
    service: &'static str,
    version: &'static str,
}

pub fn get() -> Result<Response> {
    crate::http::json_cached(
        &Health {
            status: "ok",
            service: "motcua-edge",
            version: env!("CARGO_PKG_VERSION"),
        },
        "no-store",
    )
}
