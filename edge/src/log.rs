//! One structured line per request (`console.log`, JSON: core's `RequestLog`): request id, the
//! route's pattern, status, duration, the catalog version this isolate serves. Nothing from the
//! path, query, body or other headers is logged, so no dossier code, name, note or search text
//! can reach the logs through it.

use motcua_core::api::log::{method_name, request_id, RequestLog};
use std::cell::Cell;
use worker::{Date, Request};

thread_local! {
    static COUNTER: Cell<u64> = const { Cell::new(0) };
}

/// A request being answered.
pub struct Started {
    at: u64,
    method: &'static str,
    id: String,
}

impl Started {
    pub fn now(req: &Request) -> Started {
        let at = Date::now().as_millis();
        let ray = req.headers().get("CF-Ray").ok().flatten();
        let id = match request_id(ray.as_deref()) {
            Some(id) => id.to_owned(),
            // Without the platform's id (local runs): this isolate's start and a counter.
            None => COUNTER.with(|c| {
                c.set(c.get() + 1);
                format!("local-{at:x}-{}", c.get())
            }),
        };
        Started {
            at,
            method: method_name(req.inner().method().as_str()),
            id,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Logs the line for the answer given on `route`.
    pub fn log(&self, route: &'static str, status: u16) {
        let version = crate::catalog::live_version();
        let line = RequestLog {
            event: "request",
            request_id: &self.id,
            method: self.method,
            route,
            status,
            duration_ms: Date::now().as_millis().saturating_sub(self.at),
            catalog_version: version.as_deref(),
        };
        worker::console_log!("{}", line.to_json());
    }
}
