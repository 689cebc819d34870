//! Procedure codes typed into the search box: "1.001193", "1001193", "1. 001193",
//! "1.001193.H21" (province suffix), "mã 1.004222". The shape is the catalog's
//! ([`ProcedureCode`]); this reads it leniently, as people type it.

use crate::catalog::code::{is_group_digit, ProcedureCode};

/// A code found in a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeQuery {
    /// The national part, normalised: `1.001193`.
    pub base: String,
    /// The code as typed with its suffixes, normalised (upper-case suffix): `1.001193.H21`.
    pub full: String,
}

/// Finds the first procedure code in a query. Whitespace inside the code is ignored (people
/// type "1. 001193"); the group digit may be followed by a dot or not.
pub fn find_code(query: &str) -> Option<CodeQuery> {
    let compact: Vec<char> = query.chars().filter(|c| !c.is_whitespace()).collect();
    let n = compact.len();
    let mut i = 0;
    while i < n {
        let starts_number =
            compact[i].is_ascii_digit() && (i == 0 || !compact[i - 1].is_ascii_digit());
        if starts_number {
            let group = compact[i];
            let mut j = i + 1;
            if j < n && compact[j] == '.' {
                j += 1;
            }
            let digits = compact[j..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let width = ProcedureCode::NUMBER_DIGITS;
            if digits == width && is_group_digit(group) {
                let number: String = compact[j..j + width].iter().collect();
                let base = format!("{group}.{number}");
                let mut full = base.clone();
                let mut k = j + width;
                // suffixes: ".H21", ".01", ".G02"
                while k + 1 < n && compact[k] == '.' && compact[k + 1].is_ascii_alphanumeric() {
                    let len = compact[k + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count();
                    full.push('.');
                    full.extend(
                        compact[k + 1..k + 1 + len]
                            .iter()
                            .map(|c| c.to_ascii_uppercase()),
                    );
                    k += 1 + len;
                }
                return Some(CodeQuery { base, full });
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(q: &str) -> Option<String> {
        find_code(q).map(|c| c.base)
    }

    #[test]
    fn finds_codes_however_typed() {
        assert_eq!(base("1.001193").as_deref(), Some("1.001193"));
        assert_eq!(base("1001193").as_deref(), Some("1.001193"));
        assert_eq!(base("1. 001193").as_deref(), Some("1.001193"));
        assert_eq!(base(" mã 1.004222 ").as_deref(), Some("1.004222"));
        let c = find_code("1.012753.h19").expect("code");
        assert_eq!(c.base, "1.012753");
        assert_eq!(c.full, "1.012753.H19");
    }

    #[test]
    fn ignores_other_numbers() {
        assert_eq!(base("cmnd 9 so"), None);
        assert_eq!(base("12345678"), None);
        assert_eq!(base("0.001193"), None);
        assert_eq!(base("nghị định 118/2025"), None);
        assert_eq!(base(""), None);
    }
}
