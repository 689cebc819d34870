//! Response helpers shared by every resource: JSON bodies, CORS, caching.

use serde::Serialize;
use worker::{Headers, Response, Result};

/// The widget runs on portals of any origin, and the API is read-only for browsers.
pub fn with_cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let _ = headers.set("Access-Control-Allow-Origin", "*");
    let _ = headers.set("Vary", "Origin");
    // Cross-origin scripts see only safelisted headers unless told: the widget reads these.
    let _ = headers.set("Access-Control-Expose-Headers", "Retry-After, ETag");
    response
}

pub fn preflight() -> Result<Response> {
    let headers = Headers::new();
    headers.set("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")?;
    headers.set(
        "Access-Control-Allow-Headers",
        "Content-Type, X-Motcua-Timestamp, X-Motcua-Signature",
    )?;
    headers.set("Access-Control-Max-Age", "86400")?;
    Ok(Response::empty()?.with_status(204).with_headers(headers))
}

const JSON: &str = "application/json; charset=utf-8";

fn body_response(body: String, status: u16, content_type: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("Content-Type", content_type)?;
    headers.set("X-Content-Type-Options", "nosniff")?;
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

/// Whether the client already holds this entity (`If-None-Match`).
pub fn not_modified(req: &worker::Request, etag: &str) -> bool {
    req.headers()
        .get("If-None-Match")
        .ok()
        .flatten()
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

pub fn not_modified_response(etag: &str) -> Result<Response> {
    let headers = Headers::new();
    headers.set("ETag", etag)?;
    Ok(Response::empty()?.with_status(304).with_headers(headers))
}
