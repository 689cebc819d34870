//! Response helpers shared by every resource: JSON bodies, security headers, CORS, caching.

use motcua_core::access::{AllowedOrigins, BrowserRequest, OriginVerdict};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use worker::js_sys::Reflect;
use worker::wasm_bindgen::JsValue;
use worker::{AbortSignal, Env, Fetch, Headers, Method, Request, RequestInit, Response, Result};

/// Security headers on every answer of the Worker. Static assets get the same from
/// `public/_headers` (Workers Static Assets serves them before the Worker runs); keep the two in
/// step (tests/e2e/security.test.mjs compares them).
///
/// The API answers JSON: its policy allows nothing to load, run or frame it. A page the Worker
/// serves (the iframe fallback at `/embed/frame`) sets its own `Content-Security-Policy` before
/// this runs, with [`frame_ancestors`]; that one is kept.
const API_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const SECURITY_HEADERS: [(&str, &str); 3] = [
    ("Referrer-Policy", "no-referrer"),
    // One year, this host only: a portal team may serve motcua under its own domain and
    // decides for its other hosts itself. Browsers ignore it over plain http (local runs).
    ("Strict-Transport-Security", "max-age=31536000"),
    ("X-Content-Type-Options", "nosniff"),
];

/// Sets the security headers on an answer (a `Content-Security-Policy` already set is kept).
pub fn secure(response: &mut Response) -> Result<()> {
    let headers = response.headers_mut();
    if !headers.has("Content-Security-Policy")? {
        headers.set("Content-Security-Policy", API_CSP)?;
    }
    for (name, value) in SECURITY_HEADERS {
        headers.set(name, value)?;
    }
    Ok(())
}

/// `ALLOWED_ORIGINS`, read once per isolate (what it holds is logged then: entries that are not
/// origins).
fn allowed_origins(env: &Env) -> &'static AllowedOrigins {
    static ORIGINS: OnceLock<AllowedOrigins> = OnceLock::new();
    ORIGINS.get_or_init(|| {
        let config = env
            .var("ALLOWED_ORIGINS")
            .map(|v| v.to_string())
            .unwrap_or_default();
        let origins = AllowedOrigins::parse(&config);
        for entry in origins.rejected() {
            worker::console_warn!("ALLOWED_ORIGINS: {entry:?} is not an origin; ignored");
        }
        origins
    })
}

/// The origin this request was made to (`https://motcua.example.gov.vn`).
fn own_origin(req: &Request) -> String {
    req.url()
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_default()
}

/// Whether a browser request may read a portal-only answer (`ALLOWED_ORIGINS`; core decides).
pub fn origin_verdict(req: &Request, env: &Env) -> OriginVerdict {
    let origins = allowed_origins(env);
    let own = own_origin(req);
    static WARNED: AtomicBool = AtomicBool::new(false);
    if origins.ignores_wildcard(&own) && !WARNED.swap(true, Ordering::Relaxed) {
        worker::console_warn!(
            "ALLOWED_ORIGINS is \"*\" on a deployed host: allowed for local development only, \
             so no other origin is allowed here; list the portals' origins"
        );
    }
    let header = |name| req.headers().get(name).ok().flatten();
    let (origin, site, mode) = (
        header("Origin"),
        header("Sec-Fetch-Site"),
        header("Sec-Fetch-Mode"),
    );
    origins.verdict(&BrowserRequest {
        origin: origin.as_deref(),
        fetch_site: site.as_deref(),
        fetch_mode: mode.as_deref(),
        own_origin: &own,
    })
}

/// The `frame-ancestors` directive for a page only the configured portals may frame (the
/// iframe fallback page): the Worker's own pages and the origins of `ALLOWED_ORIGINS`, e.g.
/// `frame-ancestors 'self' https://dichvucong.gialai.gov.vn`. Put it in that page's
/// `Content-Security-Policy`; [`secure`] keeps a policy already set.
pub fn frame_ancestors(req: &Request, env: &Env) -> String {
    format!(
        "frame-ancestors {}",
        allowed_origins(env).frame_ancestors(&own_origin(req))
    )
}

/// Who may read an answer cross-origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cors {
    /// Public data: any page (`Access-Control-Allow-Origin: *`).
    Any,
    /// A configured portal: its origin echoed, `Vary: Origin`.
    Origin(String),
    /// A portal-only answer to a request without a cross-origin reader: `Vary: Origin` only.
    VaryOnly,
    /// Not for browsers (signed server-to-server ingestion): no CORS headers.
    None,
}

/// Cross-origin scripts see only safelisted headers unless told: the widget reads these.
const EXPOSED: &str = "Retry-After, ETag";
/// Request headers a reader may send beyond the safelisted ones (revalidation).
const ALLOWED_REQUEST_HEADERS: &str = "If-None-Match";

impl Cors {
    /// Sets this answer's CORS headers.
    pub fn apply(&self, response: &mut Response) -> Result<()> {
        let headers = response.headers_mut();
        let origin = match self {
            Cors::Any => "*",
            Cors::Origin(origin) => origin.as_str(),
            Cors::VaryOnly => {
                headers.append("Vary", "Origin")?;
                return Ok(());
            }
            Cors::None => return Ok(()),
        };
        headers.set("Access-Control-Allow-Origin", origin)?;
        headers.set("Access-Control-Expose-Headers", EXPOSED)?;
        if matches!(self, Cors::Origin(_)) {
            headers.append("Vary", "Origin")?;
        }
        Ok(())
    }
}

/// The answer to `OPTIONS` on a route: 204 with `Allow`, and for a CORS preflight the methods
/// and headers a permitted reader may use (`read_methods`: the route's methods without
/// OPTIONS). A route not for browsers answers no CORS headers, so the browser refuses.
pub fn options(req: &Request, allow: &str, cors: &Cors) -> Result<Response> {
    let headers = Headers::new();
    headers.set("Allow", allow)?;
    let preflight = req
        .headers()
        .get("Access-Control-Request-Method")?
        .is_some();
    if preflight && matches!(cors, Cors::Any | Cors::Origin(_)) {
        let methods = allow.trim_end_matches(", OPTIONS");
        headers.set("Access-Control-Allow-Methods", methods)?;
        headers.set("Access-Control-Allow-Headers", ALLOWED_REQUEST_HEADERS)?;
        headers.set("Access-Control-Max-Age", "86400")?;
    }
    Ok(Response::empty()?.with_status(204).with_headers(headers))
}

const JSON: &str = "application/json; charset=utf-8";

fn body_response(body: String, status: u16, content_type: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("Content-Type", content_type)?;
    Ok(Response::ok(body)?
        .with_status(status)
        .with_headers(headers))
}

pub fn json<T: Serialize>(value: &T, status: u16) -> Result<Response> {
    json_with_type(value, status, JSON)
}

pub fn json_with_type<T: Serialize>(
    value: &T,
    status: u16,
    content_type: &str,
) -> Result<Response> {
    body_response(serde_json::to_string(value)?, status, content_type)
}

/// 200 with `value` and this `Cache-Control`.
pub fn json_cached<T: Serialize>(value: &T, cache_control: &str) -> Result<Response> {
    let mut response = json(value, 200)?;
    response.headers_mut().set("Cache-Control", cache_control)?;
    Ok(response)
}

/// Percent-decodes one path segment (codes may arrive encoded); invalid UTF-8 is replaced, so
/// the caller's parser rejects it with a proper message instead of us failing here.
pub fn decode_segment(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A JSON body that is already serialised (e.g. read from KV as published).
pub fn raw_json(body: String, status: u16) -> Result<Response> {
    body_response(body, status, JSON)
}

/// What the client's `If-None-Match` says about an entity tagged `etag` (RFC 9110 §13.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfNoneMatch {
    /// No header, or other tags: answer in full.
    Absent,
    /// The client holds this very entity: 304.
    Tag,
    /// `*`: 304 if the resource exists at all (so only once its existence is known).
    Any,
}

pub fn if_none_match(req: &Request, etag: &str) -> IfNoneMatch {
    let header = req.headers().get("If-None-Match").ok().flatten();
    let Some(header) = header else {
        return IfNoneMatch::Absent;
    };
    let tags: Vec<&str> = header.split(',').map(str::trim).collect();
    if tags.contains(&"*") {
        IfNoneMatch::Any
    } else if tags
        .iter()
        .any(|t| *t == etag || t.strip_prefix("W/") == Some(etag))
    {
        IfNoneMatch::Tag
    } else {
        IfNoneMatch::Absent
    }
}

/// A content coding the Worker answers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
}

impl Coding {
    /// Its `Content-Encoding` (and `Accept-Encoding`) token.
    pub fn token(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }
    }
}

/// The client's own `Accept-Encoding`. The runtime hands the Worker a normalised header
/// (`br, gzip`, whatever the client sent) and keeps the client's in `cf.clientAcceptEncoding`
/// (wrangler dev does the same); a request without it (not rewritten, or not from a client) is
/// read from its header.
fn client_accept_encoding(req: &Request) -> Option<String> {
    use worker::worker_sys::ext::RequestExt;
    req.inner()
        .cf()
        .and_then(|cf| Reflect::get(&cf, &JsValue::from_str("clientAcceptEncoding")).ok())
        .and_then(|value| value.as_string())
        .or_else(|| req.headers().get("Accept-Encoding").ok().flatten())
}

/// The encoding to compress a body to, from the client's `Accept-Encoding`: brotli, else gzip,
/// else none (a coding with `q=0` is refused).
pub fn compression(req: &Request) -> Option<Coding> {
    let header = client_accept_encoding(req)?;
    let accepted = |coding: &str| {
        header.split(',').any(|item| {
            let mut parts = item.split(';').map(str::trim);
            parts.next().is_some_and(|c| c.eq_ignore_ascii_case(coding))
                && !parts.any(|p| {
                    p.strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                })
        })
    };
    [Coding::Brotli, Coding::Gzip]
        .into_iter()
        .find(|coding| accepted(coding.token()))
}

pub fn not_modified_response(etag: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("ETag", etag)?;
    Ok(Response::empty()?.with_status(304).with_headers(headers))
}

/// A GET to another service (the catalog feed, the one-stop status API) asking for JSON, with
/// `extra` headers (e.g. validators); `signal` cancels it, so the caller bounds it in time.
pub async fn get_json(url: &str, extra: &[(&str, &str)], signal: &AbortSignal) -> Result<Response> {
    let headers = Headers::new();
    headers.set("Accept", "application/json")?;
    for (name, value) in extra {
        headers.set(name, value)?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Get).with_headers(headers);
    let request = Request::new_with_init(url, &init)?;
    Fetch::Request(request).send_with_signal(signal).await
}

/// The body length a response declares (`Content-Length`), to refuse an oversized body before
/// reading it.
pub fn declared_length(response: &Response) -> Option<u64> {
    response
        .headers()
        .get("Content-Length")
        .ok()
        .flatten()
        .and_then(|l| l.trim().parse::<u64>().ok())
}
