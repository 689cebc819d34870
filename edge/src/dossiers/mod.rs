//! `/v1/dossiers`: signed ingestion of one-stop events and the citizen's status lookup.
//!
//! Ingest: content type → size (declared, then actual) → signature over the raw body → core
//! validation (all or nothing) → one D1 batch of core's guarded statements → counts.
//! Lookup: per-client limit → core code parse → one D1 read batch (the same work for a hit, a
//! miss and a malformed code) → optional pull-through from upstream → verification (with
//! lockout) → core's view. The rules are core's; this module only wires them to the platform.

mod api;
mod runtime;
mod service;
mod upstream;

use crate::error::ApiError;
use motcua_core::dossier::{
    check_verifier, validate_batch, verify, DossierCode, DossierView, Staleness, Verification,
    MAX_BODY_BYTES, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use runtime::SecretName;
use service::IngestContext;
use upstream::{Upstream, UpstreamError};
use worker::{Env, Request, Response};

const DB_BINDING: &str = "DB";
const LIMITER_BINDING: &str = "LOOKUP_LIMITER";
/// The limiter's period in wrangler.toml (`simple = { limit, period = 60 }`): a refused client
/// may retry after at most this long.
const LIMIT_PERIOD_SECONDS: u32 = 60;

/// `POST /v1/dossiers/events`.
pub async fn ingest(mut req: Request, env: &Env) -> Result<Response, ApiError> {
    api::require_json(&req)?;
    let body = api::read_body(&mut req, MAX_BODY_BYTES).await?;
    let secret = runtime::secret(env, SecretName::IngestSecret)?;
    let now = runtime::now();
    let headers = req.headers();
    let timestamp = headers.get(TIMESTAMP_HEADER)?;
    let signature = headers.get(SIGNATURE_HEADER)?;
    verify(
        &secret,
        timestamp.as_deref(),
        signature.as_deref(),
        &body,
        now.0,
    )
    .map_err(api::signature_error)?;
    let events = validate_batch(&body, now).map_err(api::batch_error)?;
    let pepper = runtime::secret(env, SecretName::VerifyPepper)?;
    let db = env.d1(DB_BINDING)?;
    let ctx = IngestContext {
        verify_pepper: &pepper,
        now,
        calendar: runtime::calendar(),
    };
    let (outcome, _) = service::ingest(&db, &events, &ctx, None).await?;
    api::ingest_response(&outcome)
}

/// Per-client limit. A limiter that is missing or fails lets the lookup through (logged): a
/// deployment fault should not take the citizen service down.
async fn check_rate_limit(req: &Request, env: &Env) -> Result<(), ApiError> {
    let limiter = match env.rate_limiter(LIMITER_BINDING) {
        Ok(limiter) => limiter,
        Err(e) => {
            worker::console_warn!("rate limiter unavailable: {e}");
            return Ok(());
        }
    };
    match limiter.limit(api::client_key(req)).await {
        Ok(outcome) if !outcome.success => Err(api::rate_limited(LIMIT_PERIOD_SECONDS)),
        Ok(_) => Ok(()),
        Err(e) => {
            worker::console_warn!("rate limiter failed: {e}");
            Ok(())
        }
    }
}

/// `GET /v1/dossiers/{code}[?verify=NNNN]`.
pub async fn lookup(req: Request, env: &Env, code_text: &str) -> Result<Response, ApiError> {
    check_rate_limit(&req, env).await?;
    let verify_digits = api::verify_param(&req)?;
    let db = env.d1(DB_BINDING)?;
    let code = match DossierCode::parse(code_text) {
        Ok(code) => code,
        Err(err) => {
            // The same reads as a real lookup (they match nothing), so a malformed code costs
            // what a hit costs.
            let bounded: String = code_text.chars().take(64).collect();
            service::read(&db, &bounded, verify_digits.is_some()).await?;
            return Err(api::code_error(&err));
        }
    };
    let canonical = code.to_string();
    let now = runtime::now();
    let mut snapshot = service::read(&db, &canonical, verify_digits.is_some()).await?;

    let mut staleness = Staleness::default();
    if let Some(upstream) = Upstream::from_env(env) {
        if upstream.needs_refresh(snapshot.state.as_ref(), now) {
            match upstream.fetch(&code).await {
                Ok(events) => {
                    let pepper = runtime::secret(env, SecretName::VerifyPepper)?;
                    let ctx = IngestContext {
                        verify_pepper: &pepper,
                        now,
                        calendar: runtime::calendar(),
                    };
                    let read_back = Some((&code, verify_digits.is_some()));
                    let (_, fresh) = service::ingest(&db, &events, &ctx, read_back).await?;
                    if let Some(fresh) = fresh {
                        snapshot = fresh;
                    }
                }
                // Upstream does not know it: what we have (if anything) is all there is.
                Err(UpstreamError::NotFound) => {}
                Err(e) => {
                    worker::console_warn!("upstream pull for a lookup failed: {e}");
                    match &snapshot.state {
                        Some(state) => {
                            staleness = Staleness {
                                stale: true,
                                age_seconds: u64::try_from(now.0 - state.updated_at).unwrap_or(0),
                            }
                        }
                        // We cannot say the dossier does not exist: the source did not answer.
                        None => {
                            return Err(ApiError::Unavailable {
                                vi: "Chưa kết nối được hệ thống một cửa để tra cứu hồ sơ này. \
                                     Vui lòng thử lại sau ít phút."
                                    .into(),
                                en: "The one-stop system could not be reached to look this \
                                     dossier up. Please try again in a few minutes."
                                    .into(),
                            })
                        }
                    }
                }
            }
        }
    }

    let Some(state) = snapshot.state else {
        return Err(api::unknown_dossier(&canonical));
    };

    let verification = match verify_digits {
        None => Verification::NotRequested,
        Some(digits) => {
            if let Some(failures) = snapshot.failures.filter(|f| f.is_locked(now.0)) {
                let wait = failures.locked_until.unwrap_or(now.0) - now.0;
                return Err(api::verification_locked(
                    u32::try_from(wait.max(1)).unwrap_or(u32::MAX),
                ));
            }
            let pepper = runtime::secret(env, SecretName::VerifyPepper)?;
            let matches = match (&state.verifier_salt, &state.verifier_hash) {
                (Some(salt), Some(hash)) => check_verifier(&pepper, salt, &digits, hash),
                // No phone on file: nothing can match; counted like any wrong answer so the
                // answer does not reveal that.
                _ => false,
            };
            if matches {
                if snapshot.failures.is_some() {
                    service::clear_verify_failures(&db, &code).await?;
                }
                Verification::Verified
            } else {
                service::record_verify_failure(&db, &code, now).await?;
                Verification::Failed
            }
        }
    };

    let mut view = DossierView::build(
        &state,
        &snapshot.history,
        runtime::calendar(),
        now,
        verification == Verification::Verified,
    );
    view.stale = staleness;
    view.verification = verification;
    api::lookup_response(&view)
}
