//! The one line logged per request: JSON, with the route's pattern (`v1/dossiers/{code}`),
//! never the path as sent, its query, a body or a header other than the request id. A dossier
//! code, a name, a note or a search text therefore has no field to land in.

use serde::Serialize;

/// One request, as logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestLog<'a> {
    /// Always `request`, so log queries can tell these lines from others.
    pub event: &'static str,
    pub request_id: &'a str,
    /// One of a fixed set (`GET`, `HEAD`, `POST`, `OPTIONS`, `OTHER`).
    pub method: &'static str,
    /// The pattern of the route that answered, or what kind of miss it was.
    pub route: &'static str,
    pub status: u16,
    pub duration_ms: u64,
    /// The catalog version this isolate serves, when it has loaded one.
    pub catalog_version: Option<&'a str>,
}

impl RequestLog<'_> {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The method as one of the logged names.
pub fn method_name(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

/// The platform's request id (`CF-Ray`: 16 hex digits, then `-` and the data centre's three
/// letters) when the header has exactly that shape; else `None` (the caller makes one up). A
/// client-sent header could carry anything, so nothing else passes.
pub fn request_id(header: Option<&str>) -> Option<&str> {
    header.map(str::trim).filter(|id| {
        let (ray, colo) = id.split_once('-').unwrap_or((id, "ABC"));
        ray.len() == 16
            && ray.bytes().all(|b| b.is_ascii_hexdigit())
            && colo.len() == 3
            && colo.bytes().all(|b| b.is_ascii_uppercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_only_its_fields() {
        let line = RequestLog {
            event: "request",
            request_id: "8f1c2a3b4d5e6f70-SIN",
            method: method_name("GET"),
            route: "v1/dossiers/{code}",
            status: 200,
            duration_ms: 12,
            catalog_version: Some("2026-05-01"),
        }
        .to_json();
        assert_eq!(
            line,
            r#"{"event":"request","request_id":"8f1c2a3b4d5e6f70-SIN","method":"GET","route":"v1/dossiers/{code}","status":200,"duration_ms":12,"catalog_version":"2026-05-01"}"#
        );
        assert_eq!(method_name("PROPFIND"), "OTHER");
    }

    #[test]
    fn request_ids_from_headers_are_checked() {
        assert_eq!(
            request_id(Some(" 8f1c2a3b4d5e6f70-SIN ")),
            Some("8f1c2a3b4d5e6f70-SIN")
        );
        assert_eq!(
            request_id(Some("8f1c2a3b4d5e6f70")),
            Some("8f1c2a3b4d5e6f70")
        );
        assert_eq!(request_id(Some("Nguyễn Văn An")), None);
        assert_eq!(request_id(Some("000.00.06.H56-261101-000123")), None);
        assert_eq!(request_id(Some("0912345678")), None);
        assert_eq!(request_id(Some("8f1c2a3b4d5e6f70-SINx")), None);
        assert_eq!(request_id(Some("")), None);
        assert_eq!(request_id(None), None);
    }
}
