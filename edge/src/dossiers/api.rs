//! The handlers of `/v1/dossiers`: read and check the request, call core and the store, render.
//!
//! Ingest: content type → size (declared, then actual) → signature over the raw body → core
//! validation (all or nothing) → one D1 batch of core's guarded statements → counts.
//! Lookup: per-client limit → core code parse (a malformed code is a 400 whatever the state of
//! D1) → one D1 batch: the reads, and when verifying the attempt counted before it is checked
//! (the same reads for a hit, a miss and a malformed code) → optional pull-through from
//! upstream → core's decision → its write-back → the view or the refusal.

use super::problems;
use super::runtime::{self, SecretName};
use super::store::{DossierStore, IngestContext};
use super::upstream::{Upstream, UpstreamError};
use crate::body;
use crate::error::ApiError;
use crate::http;
use motcua_core::access::ClientKey;
use motcua_core::deadline::Timestamp;
use motcua_core::dossier::lookup::{self, Answer, Lookup, Refresh, Stored};
use motcua_core::dossier::store::{self, Statement};
use motcua_core::dossier::{
    validate_batch, validate_last4, verify_rotating, DossierCode, SecretUsed, MAX_BODY_BYTES,
    SIGNATURE_HEADER, TIMESTAMP_HEADER, VERIFY_POLICY,
};
use motcua_core::messages::Lang;
use worker::{Env, Request, Response};

/// `POST /v1/dossiers/events`.
pub async fn ingest(mut req: Request, env: &Env) -> Result<Response, ApiError> {
    require_json(&req)?;
    let body = body::read_capped(&mut req, MAX_BODY_BYTES).await?;
    let secret = runtime::secret(env, SecretName::IngestSecret)?;
    let previous = runtime::optional_secret(env, SecretName::IngestSecretPrevious);
    let now = runtime::now();
    let headers = req.headers();
    let timestamp = headers.get(TIMESTAMP_HEADER)?;
    let signature = headers.get(SIGNATURE_HEADER)?;
    let used = verify_rotating(
        &secret,
        previous.as_deref(),
        timestamp.as_deref(),
        signature.as_deref(),
        &body,
        now.0,
    )
    .map_err(problems::signature_error)?;
    if used == SecretUsed::Previous {
        // Rotation progress for operators: the sender still signs with the old secret.
        worker::console_log!(r#"{{"event":"ingest_previous_secret"}}"#);
    }
    let events = validate_batch(&body, now).map_err(problems::batch_error)?;
    let ctx = ingest_context(env, now)?;
    let outcome = DossierStore::from_env(env).ingest(&events, &ctx).await?;
    Ok(http::json_cached(&outcome, "no-store")?)
}

/// `GET /v1/dossiers/{code}[?verify=NNNN]`.
pub async fn lookup(req: Request, env: &Env, code_text: &str) -> Result<Response, ApiError> {
    let store = DossierStore::from_env(env);
    let client = client_key(&req);
    let now = runtime::now();
    store.admit(&client, now).await?;
    let digits = verify_param(&req)?;
    let code = match DossierCode::parse(code_text) {
        Ok(code) => code,
        Err(err) => {
            // The same reads as a lookup, so a malformed code takes as long as a real one; a
            // store that cannot read changes nothing about a malformed code: still a 400.
            if let Err(e) = store.read(&store::decoy_reads(code_text), &[]).await {
                worker::console_warn!("decoy reads failed: {e}");
            }
            return Err(problems::code_error(&err));
        }
    };
    let reads = store::lookup_reads(&code);
    // Counted before anything is checked, in the same batch as the reads.
    let counting = match digits {
        Some(_) => store::count_verify_attempt(&code, &client, now.0, &VERIFY_POLICY),
        None => Vec::new(),
    };
    let mut stored = store.read(&reads, &counting).await?;
    let refresh = pull(env, &store, &code, &reads, &mut stored, now).await?;
    let lookup = Lookup {
        stored: &stored,
        digits: digits.as_deref(),
        refresh,
        now,
        calendar: runtime::calendar(),
    };
    let outcome = lookup::decide(&lookup, || runtime::secret(env, SecretName::VerifyPepper))?;
    if let Some(write_back) = outcome.write_back {
        store.run(&write_back.statement(&code, &client)).await?;
    }
    match outcome.answer {
        // Never cached: state changes, and verified answers carry a name.
        Answer::Found(view) => Ok(http::json_cached(&view, "no-store")?),
        Answer::NotFound => Err(problems::unknown_dossier(&code)),
        Answer::Locked { retry_after } => Err(problems::verification_locked(retry_after)),
        Answer::Unavailable => Err(problems::upstream_unavailable()),
    }
}

/// Asks upstream for the dossier when core says the stored copy needs it; the events it
/// sends are stored and `reads` re-run in the same batch, replacing `stored`.
async fn pull(
    env: &Env,
    store: &DossierStore,
    code: &DossierCode,
    reads: &[Statement],
    stored: &mut Stored,
    now: Timestamp,
) -> Result<Refresh, ApiError> {
    let Some(upstream) = Upstream::from_env(env) else {
        return Ok(Refresh::NotAsked);
    };
    if !upstream.needs_refresh(stored.state.as_ref(), now) {
        return Ok(Refresh::NotAsked);
    }
    match upstream.fetch(code).await {
        Ok(events) => {
            let ctx = ingest_context(env, now)?;
            // The attempt was counted by the first batch; the re-read does not count it again.
            let attempts = std::mem::take(&mut stored.attempts);
            (_, *stored) = store.ingest_then_read(&events, &ctx, reads).await?;
            stored.attempts = attempts;
            Ok(Refresh::Refreshed)
        }
        Err(UpstreamError::NotFound) => Ok(Refresh::UnknownUpstream),
        Err(e) => {
            worker::console_warn!("upstream pull for a lookup failed: {e}");
            Ok(Refresh::Failed)
        }
    }
}

fn ingest_context(env: &Env, now: Timestamp) -> Result<IngestContext, ApiError> {
    Ok(IngestContext {
        verify_pepper: runtime::secret(env, SecretName::VerifyPepper)?,
        now,
        calendar: runtime::calendar(),
    })
}

/// Whether the ingest body is JSON (`application/json`, any parameters, any case).
fn require_json(req: &Request) -> Result<(), ApiError> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType)
    }
}

/// `?verify=NNNN`: the last four digits of the applicant's phone. Absent or empty: not asked.
fn verify_param(req: &Request) -> Result<Option<String>, ApiError> {
    let url = req.url()?;
    let Some((_, value)) = url.query_pairs().find(|(k, _)| k == "verify") else {
        return Ok(None);
    };
    let digits = value.trim();
    if digits.is_empty() {
        return Ok(None);
    }
    validate_last4(digits).map_err(|e| ApiError::BadParameter {
        name: "verify",
        vi: e.message(Lang::Vi).into(),
        en: e.message(Lang::En).into(),
    })?;
    Ok(Some(digits.to_string()))
}

/// The key per-client limits count by: the address Cloudflare reports (clients cannot set it in
/// production), normalised by core (IPv4 as is, IPv6 by /64).
fn client_key(req: &Request) -> ClientKey {
    let header = req.headers().get("CF-Connecting-IP").ok().flatten();
    ClientKey::from_header(header.as_deref())
}
