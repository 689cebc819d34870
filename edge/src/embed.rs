//! `GET /embed/frame`: the page of the iframe fallback. When a portal's own
//! Content-Security-Policy does not let WebAssembly run (or the API be reached), the loader
//! shows the widget in an iframe of this page instead (`app/loader/frame-host.js`). The page has
//! its own strict policy, and only the Worker's own pages and the portals of `ALLOWED_ORIGINS`
//! may frame it ([`http::frame_ancestors`]).
//!
//! It names static files only: nothing from the request is written into it (its script,
//! `/embed-frame.js`, reads its options from the URL itself). The words are core's.

use crate::http;
use motcua_core::messages::{Lang, Ui};
use worker::{Env, Headers, Request, Response, Result};

/// This origin's script (and wasm), its API, its own styles; nothing inline, no forms, no base.
const FRAME_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; \
    form-action 'none'";

pub fn frame(req: &Request, env: &Env) -> Result<Response> {
    let lang = req
        .url()?
        .query_pairs()
        .find(|(key, _)| key == "lang")
        .map(|(_, value)| Lang::parse(&value))
        .unwrap_or_default();
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"icon\" href=\"data:,\">\
         <script type=\"module\" src=\"/embed-frame.js\"></script></head>\
         <body><p id=\"motcua-loading\" role=\"status\">{loading}</p></body></html>\n",
        lang = lang.code(),
        title = escape(Ui::Title.text(lang)),
        loading = escape(Ui::EmbedLoading.text(lang)),
    );
    let headers = Headers::new();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set(
        "Content-Security-Policy",
        &format!("{FRAME_CSP}; {}", http::frame_ancestors(req, env)),
    )?;
    // Its words change only with a deployment; who may frame it with the configuration.
    headers.set("Cache-Control", "public, max-age=300")?;
    Ok(Response::ok(html)?.with_headers(headers))
}

/// Text as HTML content.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
