//! Signed event batches: the one-stop system signs each POST with a shared secret.
//!
//! Headers: `X-Motcua-Timestamp: <Unix seconds>` and
//! `X-Motcua-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`.
//! The timestamp must be within [`SIGNATURE_WINDOW_SECONDS`] of the receiver's clock, either
//! way, so a captured request cannot be replayed later; event ids make replays inside the window
//! harmless (duplicates).

use crate::messages::{self, Lang, Message};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

pub const TIMESTAMP_HEADER: &str = "X-Motcua-Timestamp";
pub const SIGNATURE_HEADER: &str = "X-Motcua-Signature";
/// Accepted clock difference between sender and receiver, either direction.
pub const SIGNATURE_WINDOW_SECONDS: i64 = 5 * 60;
const VERSION_PREFIX: &str = "v1=";

type HmacSha256 = Hmac<Sha256>;

pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this never fails.
    let mut mac = match HmacSha256::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return [0; 32],
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

fn hex_decode(text: &str) -> Option<Vec<u8>> {
    let b = text.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    b.chunks(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// Equality whose running time depends only on the lengths, not on where bytes differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn mac_input(timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut input = Vec::with_capacity(timestamp.len() + 1 + body.len());
    input.extend_from_slice(timestamp.as_bytes());
    input.push(b'.');
    input.extend_from_slice(body);
    input
}

/// The `X-Motcua-Signature` value for a body sent at `timestamp` (Unix seconds).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mac = hmac_sha256(secret.as_bytes(), &mac_input(&timestamp.to_string(), body));
    format!("{VERSION_PREFIX}{}", hex_encode(&mac))
}

/// Why a request's signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    MissingTimestamp,
    MissingSignature,
    /// The timestamp is not a plain integer of Unix seconds.
    MalformedTimestamp,
    /// Not `v1=` followed by 64 hex digits.
    MalformedSignature,
    /// More than five minutes away from now (`skew_seconds` = timestamp − now).
    Expired {
        skew_seconds: i64,
    },
    /// Well-formed but does not match the body and secret.
    Mismatch,
}

impl SignatureError {
    /// What is wrong, in `lang` (Vietnamese for the one-stop system's operators, English for
    /// its integrators).
    pub fn message(&self, lang: Lang) -> String {
        use messages::Signature;
        let header = |words: Signature, header: &str| words.fill(lang, &[("header", &header)]);
        match self {
            SignatureError::MissingTimestamp => header(Signature::MissingHeader, TIMESTAMP_HEADER),
            SignatureError::MissingSignature => header(Signature::MissingHeader, SIGNATURE_HEADER),
            SignatureError::MalformedTimestamp => {
                header(Signature::MalformedTimestamp, TIMESTAMP_HEADER)
            }
            SignatureError::MalformedSignature => {
                header(Signature::MalformedSignature, SIGNATURE_HEADER)
            }
            SignatureError::Expired { skew_seconds } => Signature::Expired.fill(
                lang,
                &[
                    ("skew", skew_seconds),
                    ("window", &SIGNATURE_WINDOW_SECONDS),
                ],
            ),
            SignatureError::Mismatch => Signature::Mismatch.text(lang).to_string(),
        }
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SignatureError {}

/// Checks a request: headers as received (absent → `None`), the raw body bytes, and the
/// receiver's clock. Order: presence, format, window, then the MAC in constant time.
pub fn verify(
    secret: &str,
    timestamp_header: Option<&str>,
    signature_header: Option<&str>,
    body: &[u8],
    now_unix: i64,
) -> Result<(), SignatureError> {
    let timestamp_text = timestamp_header
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or(SignatureError::MissingTimestamp)?;
    let signature_text = signature_header
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or(SignatureError::MissingSignature)?;
    if timestamp_text.len() > 12 || !timestamp_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SignatureError::MalformedTimestamp);
    }
    let timestamp: i64 = timestamp_text
        .parse()
        .map_err(|_| SignatureError::MalformedTimestamp)?;
    let given = signature_text
        .strip_prefix(VERSION_PREFIX)
        .and_then(hex_decode)
        .filter(|mac| mac.len() == 32)
        .ok_or(SignatureError::MalformedSignature)?;
    let skew = timestamp - now_unix;
    if skew.abs() > SIGNATURE_WINDOW_SECONDS {
        return Err(SignatureError::Expired { skew_seconds: skew });
    }
    let expected = hmac_sha256(secret.as_bytes(), &mac_input(timestamp_text, body));
    if constant_time_eq(&expected, &given) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Which secret a batch was signed with while `INGEST_SECRET` is being rotated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretUsed {
    Current,
    /// The one being retired: the sender has not switched yet.
    Previous,
}

/// [`verify`] during a rotation: the current secret, then (only on a MAC mismatch) the previous
/// one when it is set and not empty. Everything but the MAC (headers, window) is checked the
/// same for both, so the previous secret widens nothing else.
pub fn verify_rotating(
    current: &str,
    previous: Option<&str>,
    timestamp_header: Option<&str>,
    signature_header: Option<&str>,
    body: &[u8],
    now_unix: i64,
) -> Result<SecretUsed, SignatureError> {
    let check = |secret| verify(secret, timestamp_header, signature_header, body, now_unix);
    match (check(current), previous.filter(|p| !p.is_empty())) {
        (Ok(()), _) => Ok(SecretUsed::Current),
        (Err(SignatureError::Mismatch), Some(previous)) => {
            check(previous).map(|()| SecretUsed::Previous)
        }
        (Err(e), _) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "dev-only-ingest-secret-change-me";
    const BODY: &[u8] = br#"{"events":[]}"#;
    const NOW: i64 = 1_737_700_000;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex_encode(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn signed_requests_verify() {
        let sig = sign(SECRET, NOW, BODY);
        assert!(sig.starts_with("v1=") && sig.len() == 67);
        let ts = NOW.to_string();
        assert_eq!(verify(SECRET, Some(&ts), Some(&sig), BODY, NOW), Ok(()));
        assert_eq!(
            verify(SECRET, Some(&ts), Some(&sig), BODY, NOW + 300),
            Ok(())
        );
        assert_eq!(
            verify(SECRET, Some(&ts), Some(&sig), BODY, NOW - 300),
            Ok(())
        );
        let upper = format!("v1={}", sig[3..].to_uppercase());
        assert_eq!(verify(SECRET, Some(&ts), Some(&upper), BODY, NOW), Ok(()));
    }

    #[test]
    fn forged_and_replayed_requests_fail() {
        let sig = sign(SECRET, NOW, BODY);
        let ts = NOW.to_string();
        let check =
            |secret, ts: &str, sig: &str, body, now| verify(secret, Some(ts), Some(sig), body, now);
        assert_eq!(
            check("other", &ts, &sig, BODY, NOW),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            check(SECRET, &ts, &sig, br#"{"events":[1]}"#, NOW),
            Err(SignatureError::Mismatch)
        );
        // Same signature with another timestamp: the timestamp is signed too.
        let other_ts = (NOW + 1).to_string();
        assert_eq!(
            check(SECRET, &other_ts, &sig, BODY, NOW),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            check(SECRET, &ts, &sig, BODY, NOW + 301),
            Err(SignatureError::Expired { skew_seconds: -301 })
        );
        assert_eq!(
            check(SECRET, &ts, &sig, BODY, NOW - 301),
            Err(SignatureError::Expired { skew_seconds: 301 })
        );
    }

    #[test]
    fn malformed_and_missing_headers() {
        let sig = sign(SECRET, NOW, BODY);
        let ts = NOW.to_string();
        assert_eq!(
            verify(SECRET, None, Some(&sig), BODY, NOW),
            Err(SignatureError::MissingTimestamp)
        );
        assert_eq!(
            verify(SECRET, Some(&ts), Some("  "), BODY, NOW),
            Err(SignatureError::MissingSignature)
        );
        for bad in ["-5", "1.5", "abc", "99999999999999999999"] {
            assert_eq!(
                verify(SECRET, Some(bad), Some(&sig), BODY, NOW),
                Err(SignatureError::MalformedTimestamp),
                "{bad}"
            );
        }
        for bad in [&sig[3..], "v2=00", "v1=zz", "v1=abc", &format!("{sig}00")] {
            assert_eq!(
                verify(SECRET, Some(&ts), Some(bad), BODY, NOW),
                Err(SignatureError::MalformedSignature),
                "{bad}"
            );
        }
    }

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert_eq!(hex_decode("0aFf"), Some(vec![10, 255]));
        assert_eq!(hex_decode("0"), None);
    }

    #[test]
    fn both_secrets_verify_during_a_rotation_and_only_them() {
        let body = BODY;
        let ts = NOW.to_string();
        let rotate = |sig: &str, previous| {
            verify_rotating("new-secret", previous, Some(&ts), Some(sig), body, NOW)
        };
        let by_new = sign("new-secret", NOW, body);
        let by_old = sign(SECRET, NOW, body);
        assert_eq!(rotate(&by_new, Some(SECRET)), Ok(SecretUsed::Current));
        assert_eq!(rotate(&by_old, Some(SECRET)), Ok(SecretUsed::Previous));
        // Overlap over: the previous secret is unset (or empty) and no longer accepted.
        assert_eq!(rotate(&by_old, None), Err(SignatureError::Mismatch));
        assert_eq!(rotate(&by_old, Some("")), Err(SignatureError::Mismatch));
        assert_eq!(
            rotate(&sign("other", NOW, body), Some(SECRET)),
            Err(SignatureError::Mismatch)
        );
        // The window applies to the previous secret too.
        assert_eq!(
            verify_rotating(
                "new-secret",
                Some(SECRET),
                Some(&ts),
                Some(&by_old),
                body,
                NOW + 301
            ),
            Err(SignatureError::Expired { skew_seconds: -301 })
        );
    }

    #[test]
    fn refusals_speak_both_languages() {
        let expired = SignatureError::Expired { skew_seconds: -301 };
        assert_eq!(
            expired.message(Lang::Vi),
            "Dấu thời gian lệch -301 giây so với đồng hồ máy chủ (cho phép ±300 giây); \
             yêu cầu cũ không được gửi lại."
        );
        assert_eq!(
            expired.to_string(),
            "timestamp is -301 s from the server clock (allowed ±300 s)"
        );
        assert_eq!(
            SignatureError::MissingSignature.message(Lang::Vi),
            "Thiếu tiêu đề X-Motcua-Signature."
        );
        assert_eq!(
            SignatureError::MalformedTimestamp.to_string(),
            "X-Motcua-Timestamp must be Unix seconds"
        );
    }
}
