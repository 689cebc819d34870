//! Procedure codes (mã thủ tục): `N.NNNNNN`, a group digit and a six-digit number
//! (`1.001193` đăng ký khai sinh), with optional dot-separated suffixes for province-specific
//! procedures and variants (`1.012753.H19`, `1.000358.01`).
//!
//! One rule for every place that accepts a code (importers, ingested dossier events, the API's
//! detail route, the CLI). The shape follows the national database: the group is one digit
//! (1 = details assigned by a law, 2 = not delegated to localities, 3 = other, 5 = internal),
//! and every code in the real data (the national crawl, Gia Lai's list and details, the
//! ministries' spreadsheets: about 7,500 records) has exactly six digits after it. The search
//! box recognises the same shape (it reads [`ProcedureCode::NUMBER_DIGITS`] and the group
//! digit from here), so a code accepted here can always be looked up by typing it.

use std::fmt;
use std::str::FromStr;

/// A valid procedure code, as written (no case or spacing is changed).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProcedureCode(String);

/// What is wrong with a procedure code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcedureCodeError {
    /// Nothing was given.
    Empty,
    /// Longer than [`ProcedureCode::MAX_LEN`] bytes (the API's limit): not a code.
    TooLong { len: usize },
    /// Does not start with a group digit 1–9 and a dot (`1.`).
    Group,
    /// The group is not followed by exactly six digits.
    Number,
    /// A suffix is empty or holds something other than ASCII letters and digits.
    Suffix,
}

impl fmt::Display for ProcedureCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProcedureCodeError::Empty => f.write_str("the code is empty"),
            ProcedureCodeError::TooLong { len } => write!(
                f,
                "{len} bytes, longer than any code ({} at most)",
                ProcedureCode::MAX_LEN
            ),
            ProcedureCodeError::Group => {
                f.write_str("a code starts with a group digit 1-9 and a dot, as in 1.001193")
            }
            ProcedureCodeError::Number => {
                f.write_str("the group digit is followed by six digits, as in 1.001193")
            }
            ProcedureCodeError::Suffix => {
                f.write_str("suffixes are letters and digits after a dot, as in 1.012753.H19")
            }
        }
    }
}

impl std::error::Error for ProcedureCodeError {}

/// Whether a character can be a code's group digit (no group 0 exists).
pub(crate) fn is_group_digit(c: char) -> bool {
    ('1'..='9').contains(&c)
}

impl ProcedureCode {
    /// Longest code accepted, in bytes (the API's `maxLength`; `1.012753.H19` has 12).
    pub const MAX_LEN: usize = 40;
    /// Digits of the number after the group digit.
    pub const NUMBER_DIGITS: usize = 6;

    /// Checks a code exactly as given: callers trim or collapse whitespace first, as their
    /// input needs.
    pub fn parse(text: &str) -> Result<ProcedureCode, ProcedureCodeError> {
        if text.is_empty() {
            return Err(ProcedureCodeError::Empty);
        }
        if text.len() > Self::MAX_LEN {
            return Err(ProcedureCodeError::TooLong { len: text.len() });
        }
        let mut parts = text.split('.');
        let group = parts.next().unwrap_or("");
        let mut group_chars = group.chars();
        let one_digit =
            group_chars.next().is_some_and(is_group_digit) && group_chars.next().is_none();
        let Some(number) = parts.next().filter(|_| one_digit) else {
            return Err(ProcedureCodeError::Group);
        };
        if number.len() != Self::NUMBER_DIGITS || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ProcedureCodeError::Number);
        }
        if !parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric())) {
            return Err(ProcedureCodeError::Suffix);
        }
        Ok(ProcedureCode(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The national part, without suffixes: `1.012753.H19` → `1.012753`.
    pub fn base(&self) -> &str {
        base_code(&self.0)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// The national part of a code-like text, up to its second dot: `1.012753.H19` → `1.012753`.
/// For any text (the search index applies it to every catalog code as stored).
pub fn base_code(code: &str) -> &str {
    match code.char_indices().filter(|(_, c)| *c == '.').nth(1) {
        Some((i, _)) => &code[..i],
        None => code,
    }
}

impl FromStr for ProcedureCode {
    type Err = ProcedureCodeError;

    fn from_str(text: &str) -> Result<ProcedureCode, ProcedureCodeError> {
        ProcedureCode::parse(text)
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ProcedureCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<ProcedureCode> for String {
    fn from(code: ProcedureCode) -> String {
        code.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Result<String, ProcedureCodeError> {
        ProcedureCode::parse(text).map(String::from)
    }

    #[test]
    fn national_province_and_variant_codes() {
        for code in [
            "1.001193",
            "2.002043",
            "5.003909",
            "1.012753.H19",
            "1.000358.01",
        ] {
            assert_eq!(check(code).as_deref(), Ok(code));
        }
        // Suffixes are kept as written; the search index compares them upper-cased.
        assert_eq!(check("1.012753.h19").as_deref(), Ok("1.012753.h19"));
        let code = ProcedureCode::parse("1.012753.H19.01").unwrap();
        assert_eq!(code.base(), "1.012753");
        assert_eq!(code.to_string(), "1.012753.H19.01");
        assert_eq!(
            "1.001193".parse::<ProcedureCode>().unwrap().base(),
            "1.001193"
        );
    }

    #[test]
    fn each_mistake_has_its_error() {
        assert_eq!(check(""), Err(ProcedureCodeError::Empty));
        let long = format!("1.001193.{}", "A".repeat(40));
        assert_eq!(check(&long), Err(ProcedureCodeError::TooLong { len: 49 }));
        for group in [
            "0.001193",
            "12.001193",
            "A.001193",
            ".001193",
            "1001193",
            "khai sinh",
        ] {
            assert_eq!(check(group), Err(ProcedureCodeError::Group), "{group}");
        }
        for number in [
            "1.",
            "1.0011",
            "1.0011930",
            "1.00 1193",
            "1.00119A",
            "1.abc",
        ] {
            assert_eq!(check(number), Err(ProcedureCodeError::Number), "{number}");
        }
        for suffix in ["1.001193.", "1.001193..H19", "1.001193.H-19", "1.001193.Hà"] {
            assert_eq!(check(suffix), Err(ProcedureCodeError::Suffix), "{suffix}");
        }
        // Results and fields have codes too, of other shapes.
        assert_eq!(check("KQ.G02.000444"), Err(ProcedureCodeError::Group));
        assert_eq!(check(" 1.001193"), Err(ProcedureCodeError::Group));
        assert!(ProcedureCodeError::Number
            .to_string()
            .contains("six digits"));
    }

    #[test]
    fn base_of_suffixed_codes() {
        assert_eq!(base_code("1.012753.H19"), "1.012753");
        assert_eq!(base_code("1.000358.01"), "1.000358");
        assert_eq!(base_code("1.001193"), "1.001193");
        assert_eq!(base_code("x"), "x");
    }
}
