//! The widget's only door to the network: typed calls to the edge API over gloo-net, typed
//! errors out. Nothing here decides what a citizen sees; the views do, with `i18n`.

use motcua_core::catalog::Procedure;
use motcua_core::deadline::Punctuality;
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

// The dossier lookup answer. Core's `DossierView` only serialises (the edge writes it), so the
// shape is mirrored here for reading; fields the widget does not show are left out.

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StatusView {
    pub code: u8,
    pub label: String,
    pub label_en: String,
    pub next_step: String,
    pub next_step_en: String,
    #[serde(rename = "final", default)]
    pub is_final: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct NamedRef {
    pub code: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TimelineEntry {
    pub status: u8,
    pub label: String,
    pub label_en: String,
    pub at: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub new_appointment_at: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Staleness {
    #[serde(default)]
    pub stale: bool,
    #[serde(default)]
    pub age_seconds: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Applicant {
    pub name: String,
}

/// Whether the phone digits were checked (`?verify=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    #[default]
    NotRequested,
    Verified,
    Failed,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DossierView {
    pub code: String,
    pub status: StatusView,
    #[serde(default)]
    pub procedure: NamedRef,
    #[serde(default)]
    pub agency: NamedRef,
    pub received_at: Option<String>,
    pub appointment_at: Option<String>,
    #[serde(default)]
    pub appointment_computed: bool,
    #[serde(default)]
    pub original_appointment_at: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    pub on_time: Punctuality,
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    #[serde(default)]
    pub stale: Staleness,
    #[serde(default)]
    pub applicant: Option<Applicant>,
    #[serde(default)]
    pub verification: Verification,
}

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
    SearchIndex::from_json(&text)
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
