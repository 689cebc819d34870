//! Optional pull-through from the one-stop system's status API.
//!
//! `UPSTREAM_STATUS_URL` is a URL template with `{code}` (e.g.
//! `https://motcua.example.gov.vn/api/status/{code}`). The upstream answers `GET` with the same
//! shape as ingestion, `{"events": [...]}` (all events it has for that dossier; duplicates are
//! harmless), or 404 when it does not know the code. The events go through the same validation,
//! state machine and D1 statements as a signed POST. A lookup pulls when the dossier is missing
//! or its row was last refreshed more than `UPSTREAM_FRESH_SECONDS` ago.

use super::runtime;
use crate::http;
use futures_util::future::{select, Either};
use motcua_core::deadline::Timestamp;
use motcua_core::dossier::{
    lookup, validate_batch, BatchError, DossierCode, DossierState, Event, MAX_BODY_BYTES,
};
use std::fmt;
use std::pin::pin;
use std::time::Duration;
use worker::{AbortController, Delay, Env, Url};

/// The whole upstream exchange (connect, headers, body) must finish within this.
pub const TIMEOUT: Duration = Duration::from_millis(2000);
const DEFAULT_FRESH_SECONDS: i64 = 300;

#[derive(Debug, Clone)]
pub struct Upstream {
    template: String,
    fresh_seconds: i64,
}

/// Why a pull failed. `NotFound` is an answer (the upstream does not know the code); the others
/// mean the upstream could not be asked, so a known dossier is served stale.
#[derive(Debug)]
pub enum UpstreamError {
    NotFound,
    Timeout,
    Network(String),
    Status(u16),
    TooLarge,
    Invalid(BatchError),
}

impl fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpstreamError::NotFound => f.write_str("upstream does not know the code"),
            UpstreamError::Timeout => write!(f, "no answer within {} ms", TIMEOUT.as_millis()),
            UpstreamError::Network(e) => write!(f, "fetch failed: {e}"),
            UpstreamError::Status(s) => write!(f, "upstream answered HTTP {s}"),
            UpstreamError::TooLarge => write!(f, "upstream body exceeds {MAX_BODY_BYTES} bytes"),
            UpstreamError::Invalid(e) => write!(f, "upstream body refused: {e}"),
        }
    }
}

impl std::error::Error for UpstreamError {}

impl Upstream {
    /// `None` when pull-through is off (the variable is absent or empty, or has no `{code}`).
    pub fn from_env(env: &Env) -> Option<Upstream> {
        let template = env.var("UPSTREAM_STATUS_URL").ok()?.to_string();
        let template = template.trim();
        if template.is_empty() {
            return None;
        }
        if !template.contains("{code}") {
            worker::console_warn!(
                "UPSTREAM_STATUS_URL has no {{code}} placeholder; pull-through is off"
            );
            return None;
        }
        let fresh_seconds = env
            .var("UPSTREAM_FRESH_SECONDS")
            .ok()
            .and_then(|v| v.to_string().trim().parse::<i64>().ok())
            .filter(|s| *s >= 0)
            .unwrap_or(DEFAULT_FRESH_SECONDS);
        Some(Upstream {
            template: template.to_string(),
            fresh_seconds,
        })
    }

    /// Whether a lookup should ask upstream (core's rule, with this deployment's window).
    pub fn needs_refresh(&self, state: Option<&DossierState>, now: Timestamp) -> bool {
        lookup::needs_refresh(state, now, self.fresh_seconds)
    }

    fn url_for(&self, code: &DossierCode) -> Result<Url, UpstreamError> {
        // Canonical codes are [A-Za-z0-9.-] only: nothing to escape.
        let url = self.template.replace("{code}", &code.to_string());
        Url::parse(&url).map_err(|e| UpstreamError::Network(format!("bad URL template: {e}")))
    }

    /// Asks upstream for `code`'s events, validated (events of other dossiers are dropped).
    pub async fn fetch(&self, code: &DossierCode) -> Result<Vec<Event>, UpstreamError> {
        let url = self.url_for(code)?;
        let controller = AbortController::default();
        let signal = controller.signal();
        let exchange = async {
            let mut response = http::get_json(url.as_str(), &[], &signal)
                .await
                .map_err(|e| UpstreamError::Network(e.to_string()))?;
            match response.status_code() {
                200 => {}
                404 => return Err(UpstreamError::NotFound),
                other => return Err(UpstreamError::Status(other)),
            }
            let declared = http::declared_length(&response);
            if declared.is_some_and(|l| l > MAX_BODY_BYTES as u64) {
                return Err(UpstreamError::TooLarge);
            }
            response
                .bytes()
                .await
                .map_err(|e| UpstreamError::Network(e.to_string()))
        };
        let body = match select(pin!(exchange), pin!(Delay::from(TIMEOUT))).await {
            Either::Left((result, _)) => result?,
            Either::Right(((), _)) => {
                controller.abort();
                return Err(UpstreamError::Timeout);
            }
        };
        let mut events = match validate_batch(&body, runtime::now()) {
            Ok(events) => events,
            // An empty list is the upstream's way of saying it has nothing for this code.
            Err(BatchError::Empty) => return Err(UpstreamError::NotFound),
            Err(BatchError::BodyTooLarge { .. }) => return Err(UpstreamError::TooLarge),
            Err(e) => return Err(UpstreamError::Invalid(e)),
        };
        let before = events.len();
        events.retain(|e| e.dossier == *code);
        if events.len() != before {
            worker::console_warn!(
                "upstream sent {} event(s) of other dossiers; ignored",
                before - events.len()
            );
        }
        if events.is_empty() {
            return Err(UpstreamError::NotFound);
        }
        Ok(events)
    }
}
