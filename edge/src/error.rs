//! API errors as types, rendered as RFC 9457 `application/problem+json` with a message in
//! Vietnamese first and English beside it (citizens read the first, integrators the second).

use serde::Serialize;
use worker::{Response, Result};

#[derive(Debug)]
pub enum ApiError {
    /// A request part could not be read (the name says which).
    BadRequest(&'static str),
    NotFound,
    MethodNotAllowed,
    /// A platform call failed (KV, D1, serialisation). Not the client's fault: 503, details
    /// only in the log, and never personal data.
    Internal(worker::Error),
}

impl From<worker::Error> for ApiError {
    fn from(err: worker::Error) -> Self {
        ApiError::Internal(err)
    }
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    title_en: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

impl ApiError {
    fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest(_) => 400,
            ApiError::NotFound => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Internal(_) => 503,
        }
    }

    pub fn into_response(self) -> Result<Response> {
        let (kind, title, title_en, detail) = match &self {
            ApiError::BadRequest(part) => (
                "bad-request",
                "Yêu cầu không hợp lệ",
                "Bad request",
                Some(format!("unreadable: {part}")),
            ),
            ApiError::NotFound => (
                "not-found",
                "Không tìm thấy địa chỉ này",
                "No such resource",
                None,
            ),
            ApiError::MethodNotAllowed => (
                "method-not-allowed",
                "Phương thức không được hỗ trợ",
                "Method not allowed",
                None,
            ),
            ApiError::Internal(err) => {
                worker::console_error!("internal error: {err}");
                (
                    "unavailable",
                    "Dịch vụ tạm thời gián đoạn, vui lòng thử lại sau",
                    "Service temporarily unavailable, please try again",
                    None,
                )
            }
        };
        let problem = Problem {
            kind: &format!("https://motcua.invalid/problems/{kind}"),
            title,
            title_en,
            status: self.status(),
            detail,
        };
        crate::http::json_with_type(&problem, self.status(), "application/problem+json")
    }
}
