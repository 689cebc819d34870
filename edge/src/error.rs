//! API errors as types, rendered as RFC 9457 `application/problem+json`: a message in
//! Vietnamese first (citizens read it) and English beside it (integrators read that).
//! Every rejection is a 4xx with a clear message; 5xx only when the platform itself fails.
//! The words are core's (`api.*` in its language tables, or the refusing error's own).

use motcua_core::messages::{Api, Bilingual, Message};
use serde::Serialize;
use std::borrow::Cow;
use worker::{Response, Result};

#[derive(Debug)]
pub enum ApiError {
    /// A query parameter is present but unusable.
    BadParameter {
        name: &'static str,
        vi: String,
        en: String,
    },
    /// A path or body value is unusable (a malformed code, an invalid batch…).
    Invalid {
        kind: &'static str,
        vi: String,
        en: String,
        /// Machine-readable details (e.g. the problems of each rejected event).
        errors: Option<serde_json::Value>,
    },
    /// Signature or timestamp rejected.
    Unauthorized {
        vi: String,
        en: String,
    },
    /// A web page of another site asked for a portal-only answer.
    Forbidden {
        vi: String,
        en: String,
    },
    NotFound {
        vi: String,
        en: String,
    },
    /// The resource exists but not for this method; `allow` lists the ones it takes (RFC 9110).
    MethodNotAllowed {
        allow: &'static str,
    },
    PayloadTooLarge {
        limit: usize,
    },
    UnsupportedMediaType,
    /// Too many requests; the client may retry after this many seconds.
    TooManyRequests {
        retry_after: u32,
        vi: String,
        en: String,
    },
    /// A platform call failed (KV, D1, serialisation). Not the client's fault: 503, details
    /// only in the log, never personal data.
    Internal(worker::Error),
    /// Something we depend on is not there yet (e.g. no catalog published).
    Unavailable {
        vi: String,
        en: String,
    },
}

impl From<worker::Error> for ApiError {
    fn from(err: worker::Error) -> Self {
        ApiError::Internal(err)
    }
}

impl ApiError {
    /// A page whose origin is not in `ALLOWED_ORIGINS` asked for a dossier.
    pub fn origin_not_allowed() -> Self {
        let Bilingual { vi, en } = Api::OriginNotAllowed.both(&[]);
        ApiError::Forbidden { vi, en }
    }

    pub fn not_found_path() -> Self {
        let Bilingual { vi, en } = Api::NoSuchPath.both(&[]);
        ApiError::NotFound { vi, en }
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    detail_en: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a serde_json::Value>,
}

impl ApiError {
    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadParameter { .. } | ApiError::Invalid { .. } => 400,
            ApiError::Unauthorized { .. } => 401,
            ApiError::Forbidden { .. } => 403,
            ApiError::NotFound { .. } => 404,
            ApiError::MethodNotAllowed { .. } => 405,
            ApiError::PayloadTooLarge { .. } => 413,
            ApiError::UnsupportedMediaType => 415,
            ApiError::TooManyRequests { .. } => 429,
            ApiError::Internal(_) | ApiError::Unavailable { .. } => 503,
        }
    }

    /// The problem type (the last segment of its URI) and its title in both languages.
    fn kind_and_title(&self) -> (&'static str, String) {
        let (kind, title) = match self {
            ApiError::BadParameter { .. } => ("bad-parameter", Api::TitleBadParameter),
            ApiError::Invalid { kind, .. } => (*kind, Api::TitleInvalid),
            ApiError::Unauthorized { .. } => ("unauthorized", Api::TitleUnauthorized),
            ApiError::Forbidden { .. } => ("origin-not-allowed", Api::TitleOriginNotAllowed),
            ApiError::NotFound { .. } => ("not-found", Api::TitleNotFound),
            ApiError::MethodNotAllowed { .. } => ("method-not-allowed", Api::TitleMethodNotAllowed),
            ApiError::PayloadTooLarge { .. } => ("payload-too-large", Api::TitlePayloadTooLarge),
            ApiError::UnsupportedMediaType => {
                ("unsupported-media-type", Api::TitleUnsupportedMediaType)
            }
            ApiError::TooManyRequests { .. } => ("too-many-requests", Api::TitleTooManyRequests),
            ApiError::Internal(_) | ApiError::Unavailable { .. } => {
                ("unavailable", Api::TitleUnavailable)
            }
        };
        let Bilingual { vi, en } = title.both(&[]);
        (kind, format!("{vi} / {en}"))
    }

    /// What is wrong, in Vietnamese and in English.
    fn details(&self) -> (Cow<'_, str>, Cow<'_, str>) {
        let both = |text: Bilingual| (text.vi.into(), text.en.into());
        match self {
            ApiError::BadParameter { vi, en, .. }
            | ApiError::Invalid { vi, en, .. }
            | ApiError::Unauthorized { vi, en }
            | ApiError::Forbidden { vi, en }
            | ApiError::NotFound { vi, en }
            | ApiError::TooManyRequests { vi, en, .. }
            | ApiError::Unavailable { vi, en } => (vi.into(), en.into()),
            ApiError::MethodNotAllowed { .. } => both(Api::MethodNotAllowed.both(&[])),
            ApiError::PayloadTooLarge { limit } => {
                both(Api::PayloadTooLarge.both(&[("limit", limit)]))
            }
            ApiError::UnsupportedMediaType => both(Api::UnsupportedMediaType.both(&[])),
            ApiError::Internal(_) => both(Api::Internal.both(&[])),
        }
    }

    pub fn into_response(self) -> Result<Response> {
        if let ApiError::Internal(err) = &self {
            worker::console_error!("internal error: {err}");
        }
        let status = self.status();
        let (kind, title) = self.kind_and_title();
        let (vi, en) = self.details();
        let parameter = match &self {
            ApiError::BadParameter { name, .. } => Some(*name),
            _ => None,
        };
        let errors = match &self {
            ApiError::Invalid { errors, .. } => errors.as_ref(),
            _ => None,
        };
        let problem = Problem {
            kind: format!("https://motcua.invalid/problems/{kind}"),
            title: &title,
            status,
            detail: &vi,
            detail_en: &en,
            parameter,
            errors,
        };
        let mut response = crate::http::json_with_type(
            &problem,
            status,
            "application/problem+json; charset=utf-8",
        )?;
        match &self {
            ApiError::TooManyRequests { retry_after, .. } => response
                .headers_mut()
                .set("Retry-After", &retry_after.to_string())?,
            ApiError::MethodNotAllowed { allow } => response.headers_mut().set("Allow", allow)?,
            _ => {}
        }
        response.headers_mut().set("Cache-Control", "no-store")?;
        Ok(response)
    }
}
