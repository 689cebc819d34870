//! Personal data kept to the minimum (Decree 13/2023/NĐ-CP): applicant names are stored and shown
//! masked, and the phone number's last four digits only as a salted, peppered HMAC.

use super::signature::{constant_time_eq, hex_encode, hmac_sha256};
use crate::messages::{self, Lang};
use std::fmt;

/// Masks a full name for display: the family name stays, every other word becomes its initial.
/// `Nguyễn Văn An` → `Nguyễn V. A.`; a one-word name becomes its initial (`An` → `A.`).
/// Accepts NFD input and stray spaces; output is NFC.
pub fn mask_name(full_name: &str) -> String {
    let composed = crate::text::compose(full_name);
    let words: Vec<&str> = composed.split_whitespace().collect();
    let initial = |word: &str| {
        let mut s: String = word.chars().take(1).flat_map(char::to_uppercase).collect();
        s.push('.');
        s
    };
    match words.as_slice() {
        [] => String::new(),
        [only] => initial(only),
        [family, rest @ ..] => {
            let mut out = String::from(*family);
            for word in rest {
                out.push(' ');
                out.push_str(&initial(word));
            }
            out
        }
    }
}

/// The last four digits of a phone number were not exactly four ASCII digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Last4Error;

impl Last4Error {
    /// What to type instead, in `lang`.
    pub fn message(self, lang: Lang) -> &'static str {
        messages::Last4::Invalid.text(lang)
    }
}

impl fmt::Display for Last4Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message(Lang::En))
    }
}

impl std::error::Error for Last4Error {}

/// Checks `last4` is exactly four ASCII digits (no spaces, no other digit scripts).
pub fn validate_last4(last4: &str) -> Result<(), Last4Error> {
    if last4.len() == 4 && last4.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Last4Error)
    }
}

/// The stored verifier: hex HMAC-SHA256(pepper, salt + ":" + last4). The pepper is a Worker
/// secret (`VERIFY_PEPPER`), the salt random per dossier (the edge supplies it), so a leaked
/// table alone does not reveal the 10,000 possible values. How often they may be tried:
/// [`super::attempts`].
pub fn verifier_hash(pepper: &str, salt: &str, last4: &str) -> Result<String, Last4Error> {
    validate_last4(last4)?;
    let message = format!("{salt}:{last4}");
    Ok(hex_encode(&hmac_sha256(
        pepper.as_bytes(),
        message.as_bytes(),
    )))
}

/// Whether `last4` matches a stored verifier, compared in constant time. Malformed input is
/// simply no match.
pub fn check_verifier(pepper: &str, salt: &str, last4: &str, stored_hash: &str) -> bool {
    match verifier_hash(pepper, salt, last4) {
        Ok(hash) => constant_time_eq(hash.as_bytes(), stored_hash.trim().as_bytes()),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_names() {
        assert_eq!(mask_name("Nguyễn Văn An"), "Nguyễn V. A.");
        assert_eq!(mask_name("  Trần   thị  Bích   Ngọc "), "Trần T. B. N.");
        assert_eq!(mask_name("An"), "A.");
        assert_eq!(mask_name("   "), "");
        // NFD input (ễ = e + U+0302 + U+0303; Ă = A + U+0306), output NFC.
        assert_eq!(mask_name("Nguye\u{302}\u{303}n A\u{306}n"), "Nguyễn Ă.");
        assert_eq!(mask_name("Đỗ đức"), "Đỗ Đ.");
        assert_eq!(mask_name("lê\tánh"), "lê Á.");
    }

    #[test]
    fn verifier_hashes() {
        let h = verifier_hash("pepper", "salt", "1234").unwrap();
        assert_eq!(h.len(), 64);
        assert!(h
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        // Independent check: HMAC-SHA256("pepper", "salt:1234").
        assert_eq!(h, hex_encode(&hmac_sha256(b"pepper", b"salt:1234")),);
        assert_ne!(h, verifier_hash("pepper", "salt2", "1234").unwrap());
        assert_ne!(h, verifier_hash("pepper2", "salt", "1234").unwrap());
        assert!(check_verifier("pepper", "salt", "1234", &h));
        assert!(!check_verifier("pepper", "salt", "1235", &h));
        assert!(!check_verifier("pepper", "salt", "12345", &h));
        assert!(!check_verifier("pepper", "salt", "1234", &h[..63]));
        for bad in ["123", "12345", "12a4", " 123", "١٢٣٤", ""] {
            assert_eq!(validate_last4(bad), Err(Last4Error), "{bad:?}");
        }
    }
}
