//! API errors as types, rendered as RFC 9457 `application/problem+json`: a message in
//! Vietnamese first (citizens read it) and English beside it (integrators read that).
//! Every rejection is a 4xx with a clear message; 5xx only when the platform itself fails.

use motcua_core::messages::{Api, Bilingual, Lang, Message};
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
        ApiError::NotFound {
            vi: "Không có địa chỉ này trong API.".into(),
            en: "No such resource in the API.".into(),
        }
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
    fn kind_and_title(&self) -> (&'static str, Cow<'static, str>) {
        let (kind, title) = match self {
            ApiError::BadParameter { .. } => {
                ("bad-parameter", "Tham số không hợp lệ / Invalid parameter")
            }
            ApiError::Invalid { kind, .. } => (*kind, "Dữ liệu không hợp lệ / Invalid input"),
            ApiError::Unauthorized { .. } => {
                ("unauthorized", "Không được xác thực / Not authenticated")
            }
            ApiError::Forbidden { .. } => {
                let title = Api::TitleOriginNotAllowed;
                let both = format!("{} / {}", title.text(Lang::Vi), title.text(Lang::En));
                return ("origin-not-allowed", both.into());
            }
            ApiError::NotFound { .. } => ("not-found", "Không tìm thấy / Not found"),
            ApiError::MethodNotAllowed { .. } => (
                "method-not-allowed",
                "Phương thức không được hỗ trợ / Method not allowed",
            ),
            ApiError::PayloadTooLarge { .. } => {
                ("payload-too-large", "Nội dung quá lớn / Payload too large")
            }
            ApiError::UnsupportedMediaType => (
                "unsupported-media-type",
                "Kiểu nội dung không được hỗ trợ / Unsupported media type",
            ),
            ApiError::TooManyRequests { .. } => {
                ("too-many-requests", "Quá nhiều yêu cầu / Too many requests")
            }
            ApiError::Internal(_) | ApiError::Unavailable { .. } => {
                ("unavailable", "Dịch vụ tạm gián đoạn / Service unavailable")
            }
        };
        (kind, title.into())
    }

    /// What is wrong, in Vietnamese and in English.
    fn details(&self) -> (Cow<'_, str>, Cow<'_, str>) {
        match self {
            ApiError::BadParameter { vi, en, .. }
            | ApiError::Invalid { vi, en, .. }
            | ApiError::Unauthorized { vi, en }
            | ApiError::Forbidden { vi, en }
            | ApiError::NotFound { vi, en }
            | ApiError::TooManyRequests { vi, en, .. }
            | ApiError::Unavailable { vi, en } => (vi.into(), en.into()),
            ApiError::MethodNotAllowed { .. } => (
                "Địa chỉ này không nhận phương thức này.".into(),
                "This resource does not accept this method.".into(),
            ),
            ApiError::PayloadTooLarge { limit } => (
                format!("Nội dung gửi lên quá lớn (tối đa {limit} byte).").into(),
                format!("The request body is too large (at most {limit} bytes).").into(),
            ),
            ApiError::UnsupportedMediaType => (
                "Nội dung phải là JSON (Content-Type: application/json).".into(),
                "The body must be JSON (Content-Type: application/json).".into(),
            ),
            ApiError::Internal(_) => (
                "Dịch vụ tạm thời gián đoạn, vui lòng thử lại sau.".into(),
                "The service is temporarily unavailable, please try again later.".into(),
            ),
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
