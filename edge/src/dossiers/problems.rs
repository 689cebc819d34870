//! Core's refusals as problem+json answers: what is wrong, in Vietnamese (citizens read it) and
//! English (integrators read that), in core's words.

use super::store::RateLimited;
use crate::error::ApiError;
use motcua_core::dossier::{BatchError, CodeError, DossierCode, SignatureError};
use motcua_core::messages::{Api, Bilingual, Lang, Message};
use serde_json::json;

pub fn signature_error(err: SignatureError) -> ApiError {
    ApiError::Unauthorized {
        vi: err.message(Lang::Vi),
        en: err.message(Lang::En),
    }
}

/// A refused batch, in core's words. Per-event problems go to `errors` (English, for
/// integrators): index, field and what is wrong.
pub fn batch_error(err: BatchError) -> ApiError {
    let invalid = |kind, errors| ApiError::Invalid {
        kind,
        vi: err.message(Lang::Vi),
        en: err.message(Lang::En),
        errors,
    };
    match &err {
        BatchError::BodyTooLarge { max, .. } => ApiError::PayloadTooLarge { limit: *max },
        BatchError::NotJson(_) => invalid("invalid-json", None),
        BatchError::NoEventsArray | BatchError::Empty | BatchError::TooManyEvents { .. } => {
            invalid("invalid-batch", None)
        }
        BatchError::Invalid(problems) => {
            let list: Vec<_> = problems
                .iter()
                .map(|p| json!({"index": p.index, "field": p.field, "problem": p.problem.to_string()}))
                .collect();
            invalid("invalid-events", Some(serde_json::Value::Array(list)))
        }
    }
}

/// A malformed dossier code: core says what is wrong, in both languages.
pub fn code_error(err: &CodeError) -> ApiError {
    ApiError::Invalid {
        kind: "invalid-dossier-code",
        vi: err.message(Lang::Vi),
        en: err.message(Lang::En),
        errors: None,
    }
}

pub fn unknown_dossier(code: &DossierCode) -> ApiError {
    let Bilingual { vi, en } = Api::UnknownDossier.both(&[("code", code)]);
    ApiError::NotFound { vi, en }
}

impl From<RateLimited> for ApiError {
    fn from(RateLimited { retry_after }: RateLimited) -> Self {
        let Bilingual { vi, en } = Api::RateLimited.both(&[("seconds", &retry_after)]);
        ApiError::TooManyRequests {
            retry_after,
            vi,
            en,
        }
    }
}

pub fn verification_locked(retry_after: u32) -> ApiError {
    let minutes = retry_after.div_ceil(60).max(1);
    let Bilingual { vi, en } = Api::VerificationLocked.both(&[("minutes", &minutes)]);
    ApiError::TooManyRequests {
        retry_after,
        vi,
        en,
    }
}

/// Nothing stored and the one-stop system did not answer: we cannot say the dossier does not
/// exist.
pub fn upstream_unavailable() -> ApiError {
    let Bilingual { vi, en } = Api::UpstreamUnavailable.both(&[]);
    ApiError::Unavailable { vi, en }
}
