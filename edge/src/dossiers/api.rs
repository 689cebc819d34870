//! HTTP for dossiers: reading and checking requests (content type, size-capped body, signature
//! headers, the `verify` parameter, the client key) and turning core's errors into problem+json
//! answers in Vietnamese and English. No D1 here.

use crate::error::ApiError;
use futures_util::StreamExt;
use motcua_core::dossier::{
    validate_last4, BatchError, CodeError, DossierView, SignatureError, SIGNATURE_WINDOW_SECONDS,
};
use serde::Serialize;
use serde_json::json;
use worker::{Request, Response};

/// Whether the ingest body is JSON (`application/json`, any parameters, any case).
pub fn require_json(req: &Request) -> Result<(), ApiError> {
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::UnsupportedMediaType)
    }
}

/// Reads the body, refusing more than `max` bytes: first by the declared `Content-Length`
/// (nothing is read), then by counting what actually arrives (chunked or lying senders).
pub async fn read_body(req: &mut Request, max: usize) -> Result<Vec<u8>, ApiError> {
    let declared = req.headers().get("Content-Length")?;
    if let Some(length) = declared.and_then(|l| l.trim().parse::<u64>().ok()) {
        if length > max as u64 {
            return Err(ApiError::PayloadTooLarge { limit: max });
        }
    }
    let Ok(mut stream) = req.stream() else {
        // No body at all.
        return Ok(Vec::new());
    };
    let mut body = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > max {
            return Err(ApiError::PayloadTooLarge { limit: max });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

pub fn signature_error(err: SignatureError) -> ApiError {
    let vi = match err {
        SignatureError::MissingTimestamp => "Thiếu tiêu đề X-Motcua-Timestamp.".to_string(),
        SignatureError::MissingSignature => "Thiếu tiêu đề X-Motcua-Signature.".to_string(),
        SignatureError::MalformedTimestamp => {
            "X-Motcua-Timestamp phải là thời điểm tính bằng giây Unix.".to_string()
        }
        SignatureError::MalformedSignature => {
            "X-Motcua-Signature phải có dạng v1=<64 chữ số thập lục phân>.".to_string()
        }
        SignatureError::Expired { skew_seconds } => format!(
            "Dấu thời gian lệch {skew_seconds} giây so với đồng hồ máy chủ \
             (cho phép ±{SIGNATURE_WINDOW_SECONDS} giây); yêu cầu cũ không được gửi lại."
        ),
        SignatureError::Mismatch => "Chữ ký không khớp với nội dung gửi lên.".to_string(),
    };
    ApiError::Unauthorized {
        vi,
        en: err.to_string(),
    }
}

/// A refused batch. Per-event problems go to `errors` (English, for integrators): index, field
/// and what is wrong.
pub fn batch_error(err: BatchError) -> ApiError {
    let invalid = |kind, vi: String, errors| ApiError::Invalid {
        kind,
        vi,
        en: err.to_string(),
        errors,
    };
    match &err {
        BatchError::BodyTooLarge { max, .. } => ApiError::PayloadTooLarge { limit: *max },
        BatchError::NotJson(_) => invalid(
            "invalid-json",
            "Nội dung gửi lên không phải JSON hợp lệ.".into(),
            None,
        ),
        BatchError::NoEventsArray => invalid(
            "invalid-batch",
            r#"Nội dung phải có dạng {"events": [...]}."#.into(),
            None,
        ),
        BatchError::Empty => invalid(
            "invalid-batch",
            "Danh sách sự kiện đang trống.".into(),
            None,
        ),
        BatchError::TooManyEvents { count, max } => invalid(
            "invalid-batch",
            format!("Lô có {count} sự kiện, vượt quá giới hạn {max} sự kiện mỗi lần gửi."),
            None,
        ),
        BatchError::Invalid(problems) => {
            let list: Vec<_> = problems
                .iter()
                .map(|p| json!({"index": p.index, "field": p.field, "problem": p.problem.to_string()}))
                .collect();
            invalid(
                "invalid-events",
                format!(
                    "Lô sự kiện bị từ chối vì có {} lỗi; không sự kiện nào được lưu.",
                    problems.len()
                ),
                Some(serde_json::Value::Array(list)),
            )
        }
    }
}

/// A malformed dossier code: core says what is wrong, in both languages.
pub fn code_error(err: &CodeError) -> ApiError {
    ApiError::Invalid {
        kind: "invalid-dossier-code",
        vi: err.message_vi(),
        en: err.message_en(),
        errors: None,
    }
}

pub fn unknown_dossier(code: &str) -> ApiError {
    ApiError::NotFound {
        vi: format!(
            "Không tìm thấy hồ sơ {code}. Vui lòng kiểm tra lại mã hồ sơ trên phiếu tiếp nhận."
        ),
        en: format!("No dossier with code {code}. Check the code on the receipt."),
    }
}

/// `?verify=NNNN`: the last four digits of the applicant's phone. Absent or empty: not asked.
pub fn verify_param(req: &Request) -> Result<Option<String>, ApiError> {
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
        vi: "Vui lòng nhập đúng 4 chữ số cuối của số điện thoại (0–9).".into(),
        en: e.to_string(),
    })?;
    Ok(Some(digits.to_string()))
}

/// The per-client key for the lookup limiter: the client address Cloudflare reports (clients
/// cannot set it in production); a constant when running without it.
pub fn client_key(req: &Request) -> String {
    req.headers()
        .get("CF-Connecting-IP")
        .ok()
        .flatten()
        .map(|ip| ip.trim().to_string())
        .filter(|ip| !ip.is_empty())
        .unwrap_or_else(|| "local".to_string())
}

pub fn rate_limited(retry_after: u32) -> ApiError {
    ApiError::TooManyRequests {
        retry_after,
        vi: format!("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau {retry_after} giây."),
        en: format!("Too many lookups. Please try again in {retry_after} seconds."),
    }
}

pub fn verification_locked(retry_after: u32) -> ApiError {
    let minutes = retry_after.div_ceil(60).max(1);
    ApiError::TooManyRequests {
        retry_after,
        vi: format!(
            "Đã nhập sai số điện thoại quá nhiều lần cho hồ sơ này. Vui lòng thử lại sau {minutes} phút."
        ),
        en: format!(
            "Too many wrong phone digits for this dossier. Please try again in {minutes} minutes."
        ),
    }
}

/// 200 with the view; never cached (state changes, and verified answers carry a name).
pub fn lookup_response(view: &DossierView) -> Result<Response, ApiError> {
    let mut response = crate::http::json(view, 200)?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

pub fn ingest_response<T: Serialize>(outcome: &T) -> Result<Response, ApiError> {
    let mut response = crate::http::json(outcome, 200)?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
