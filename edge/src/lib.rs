//! motcua's edge: a Cloudflare Worker that answers procedure lookups and dossier status.
//!
//! Thin by design: parse the request, call `motcua_core`, render JSON. Static files (the demo
//! page, `embed.js`, the built widget) are served by Workers Static Assets before this code runs;
//! everything under `/v1/` lands here.

mod error;
mod health;
mod http;

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

async fn route(req: Request, _env: &Env) -> std::result::Result<Response, ApiError> {
    let url = req.url().map_err(|_| ApiError::BadRequest("url"))?;
    let path = url.path().to_owned();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = req.method();
    if method == Method::Options {
        return Ok(http::preflight()?);
    }
    match (method, segments.as_slice()) {
        (Method::Get | Method::Head, ["v1", "health"]) => Ok(health::get()?),
        (_, ["v1", "health"]) => Err(ApiError::MethodNotAllowed),
        _ => Err(ApiError::NotFound),
    }
}
