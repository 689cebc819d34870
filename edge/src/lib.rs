//! motcua's edge: a Cloudflare Worker that answers procedure lookups and dossier status.
//!
//! Thin by design: parse the request, call `motcua_core`, render JSON. Static files (the demo
//! page, `embed.js`, the built widget) are served by Workers Static Assets before this code runs;
//! everything under `/v1/` lands here.

mod catalog;
mod dossiers;
mod error;
mod health;
mod http;
mod procedures;

use error::ApiError;
use worker::{event, Context, Env, Method, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let response = match route(req, &env).await {
        Ok(response) => response,
        Err(err) => err.into_response()?,
    };
    Ok(http::with_cors(response))
}

async fn route(req: Request, env: &Env) -> std::result::Result<Response, ApiError> {
    let path = req.path();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    // worker's `Method` maps methods it doesn't know (QUERY, PROPFIND…) to GET: decide on the
    // method as sent instead.
    let sent = req.inner().method();
    let method = match sent.as_str() {
        "GET" | "HEAD" | "POST" | "OPTIONS" => req.method(),
        _ => Method::Trace,
    };
    let read = matches!(method, Method::Get | Method::Head);
    match (segments.as_slice(), method) {
        (_, Method::Options) => Ok(http::preflight()?),
        (["v1", "health"], _) if read => Ok(health::get()?),
        (["v1", "procedures"], _) if read => procedures::search(&req, env).await,
        (["v1", "procedures", code], _) if read => {
            let code = http::decode_segment(code);
            procedures::detail(&req, env, &code).await
        }
        (["v1", "facets"], _) if read => procedures::facets(env).await,
        (["v1", "catalog"], _) if read => catalog::meta(env).await,
        (["v1", "catalog", "index"], _) if read => catalog::index(&req, env).await,
        (["v1", "dossiers", "events"], Method::Post) => dossiers::ingest(req, env).await,
        (["v1", "dossiers", code], _) if read => {
            let code = http::decode_segment(code);
            dossiers::lookup(req, env, &code).await
        }
        (["v1", "dossiers", "events"], _) => Err(ApiError::MethodNotAllowed {
            allow: "POST, OPTIONS",
        }),
        (
            ["v1", "health"]
            | ["v1", "procedures"]
            | ["v1", "procedures", _]
            | ["v1", "facets"]
            | ["v1", "catalog"]
            | ["v1", "catalog", "index"]
            | ["v1", "dossiers", _],
            _,
        ) => Err(ApiError::MethodNotAllowed {
            allow: "GET, HEAD, OPTIONS",
        }),
        _ => Err(ApiError::not_found_path()),
    }
}
