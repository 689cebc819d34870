//! Core's refusals as problem+json answers: what is wrong, in Vietnamese (citizens read it) and
//! English (integrators read that).

use super::store::RateLimited;
use crate::error::ApiError;
use motcua_core::dossier::{
    BatchError, CodeError, DossierCode, SignatureError, SIGNATURE_WINDOW_SECONDS,
};
use motcua_core::messages::Lang;
use serde_json::json;

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
        vi: err.message_vi(),
        en: err.message_en(),
        errors: None,
    }
}

pub fn unknown_dossier(code: &DossierCode) -> ApiError {
    ApiError::NotFound {
        vi: format!(
            "Không tìm thấy hồ sơ {code}. Vui lòng kiểm tra lại mã hồ sơ trên phiếu tiếp nhận."
        ),
        en: format!("No dossier with code {code}. Check the code on the receipt."),
    }
}

impl From<RateLimited> for ApiError {
    fn from(RateLimited { retry_after }: RateLimited) -> Self {
        ApiError::TooManyRequests {
            retry_after,
            vi: format!("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau {retry_after} giây."),
            en: format!("Too many lookups. Please try again in {retry_after} seconds."),
        }
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

/// Nothing stored and the one-stop system did not answer: we cannot say the dossier does not
/// exist.
pub fn upstream_unavailable() -> ApiError {
    ApiError::Unavailable {
        vi: "Chưa kết nối được hệ thống một cửa để tra cứu hồ sơ này. \
             Vui lòng thử lại sau ít phút."
            .into(),
        en: "The one-stop system could not be reached to look this \
             dossier up. Please try again in a few minutes."
            .into(),
    }
}
