//! The widget's only door to the network: typed calls to the edge API over gloo-net, typed
//! errors out. Nothing here decides what a citizen sees; the views do, with core's
//! language tables.

use motcua_core::catalog::Procedure;
use motcua_core::search::SearchIndex;
use serde::Deserialize;
use std::sync::Arc;

/// Why a call gave no usable answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// No answer (offline, DNS, CORS, timeout).
    Network,
    /// 400: the server rejected what we sent (its own explanation in both languages).
    Rejected(Problem),
    /// 404: no such procedure or dossier.
    NotFound,
    /// 429: too many lookups, or verification locked; seconds to wait when the server said.
    RateLimited {
        retry_after: Option<u32>,
        problem: Option<Problem>,
    },
    /// Another status (5xx while the service is down or not ready).
    Status(u16),
    /// An answer we could not read.
    Decode,
}

/// An RFC 9457 problem+json body as the edge writes it (Vietnamese `detail`, English beside).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Problem {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub detail_en: String,
}

// The dossier lookup answer is core's own `DossierView` (the edge writes it, the widget reads it).
pub use motcua_core::dossier::{DossierView, Verification};

async fn get(url: &str, query: &[(&str, &str)]) -> Result<gloo_net::http::Response, ApiError> {
    let mut request = gloo_net::http::Request::get(url).header("Accept", "application/json");
    // (gloo appends a stray "&" to a URL that already has a query; let it build the query.)
    if !query.is_empty() {
        request = request.query(query.iter().copied());
    }
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    // Cross-origin, Retry-After is readable only if the edge exposes it; the problem's text
    // still says when to come back.
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.trim().parse::<u32>().ok());
    let problem = response.json::<Problem>().await.ok();
    Err(match status {
        400 => ApiError::Rejected(problem.unwrap_or_default()),
        404 => ApiError::NotFound,
        429 => ApiError::RateLimited {
            retry_after,
            problem,
        },
        other => ApiError::Status(other),
    })
}

/// Percent-encodes one path segment (codes are ASCII letters, digits, dots and dashes, but a
/// citizen's input reaches here only after core parsed it; this is belt and braces).
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `GET /v1/catalog/index`: the compact index, loaded for local search (once per page).
pub async fn catalog_index(api: &str) -> Result<Arc<SearchIndex>, ApiError> {
    let response = get(&format!("{api}/v1/catalog/index"), &[]).await?;
    let text = response.text().await.map_err(|_| ApiError::Decode)?;
    crate::timing::measure("motcua:index-build", || SearchIndex::from_json(&text))
        .map(Arc::new)
        .map_err(|_| ApiError::Decode)
}

/// `GET /v1/procedures/{code}`: one procedure in full.
pub async fn procedure(api: &str, code: &str) -> Result<Arc<Procedure>, ApiError> {
    let response = get(&format!("{api}/v1/procedures/{}", segment(code)), &[]).await?;
    response
        .json::<Procedure>()
        .await
        .map(Arc::new)
        .map_err(|_| ApiError::Decode)
}

/// `GET /v1/dossiers/{code}[?verify=NNNN]`: a dossier's status.
pub async fn dossier(api: &str, code: &str, verify: Option<&str>) -> Result<DossierView, ApiError> {
    let url = format!("{api}/v1/dossiers/{}", segment(code));
    let query: &[(&str, &str)] = match verify {
        Some(digits) => &[("verify", digits)],
        None => &[],
    };
    let response = get(&url, query).await?;
    response
        .json::<DossierView>()
        .await
        .map_err(|_| ApiError::Decode)
}
