//! `GET /v1/health`: the live catalog's version and age and the last Cron refresh (core's
//! `api::health` decides); 200 while a catalog is live, 503 problem+json (`status: "degraded"`
//! in its `health` member) when none is. The reads are cached per isolate, so it stays the
//! cheap baseline the load report compares the other routes against.

use crate::catalog::{catalog_state, CatalogStore};
use crate::http;
use motcua_core::api::health::report;
use worker::{Date, Env, Response, Result};

pub async fn get(env: &Env) -> Result<Response> {
    let now = (Date::now().as_millis() / 1000) as i64;
    let (loaded, refresh) = match CatalogStore::from_env(env) {
        Ok(store) => store.health_state().await,
        Err(e) => (Err(e), None),
    };
    let health = report(
        "motcua-edge",
        env!("CARGO_PKG_VERSION"),
        catalog_state(&loaded),
        refresh.as_deref(),
        now,
    );
    let mut response = if health.http_status() == 200 {
        http::json(&health, 200)?
    } else {
        http::json_with_type(
            &health.into_problem(),
            503,
            "application/problem+json; charset=utf-8",
        )?
    };
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
