//! Common needs ([`common.tsv`](./common.tsv)): name phrases of the procedures citizens need
//! most within a family of siblings ("giấy phép xây dựng … nhà ở riêng lẻ"), a small bonus
//! whatever the query.

use super::vocabulary::{folded_phrase, number_in, VocabularyError};
use crate::data_file::{data_lines, embedded_data};
use std::sync::OnceLock;

/// The largest bonus a line may give (the ranking's early stop counts on it).
pub const MAX_BONUS: f32 = 0.1;

#[derive(Debug, Clone, PartialEq)]
pub struct CommonNeed {
    /// Folded words of the phrase as it appears in names.
    pub phrase: Vec<String>,
    pub bonus: f32,
}

const BUILTIN: &str = embedded_data!("search/common.tsv");

/// Parses `phrase<TAB>bonus`.
pub fn parse(text: &str) -> Result<Vec<CommonNeed>, VocabularyError> {
    let mut needs = Vec::new();
    for (line_no, line) in data_lines(text) {
        let Some((phrase, bonus)) = line.split_once('\t') else {
            return Err(VocabularyError {
                line: line_no,
                reason: "expected a phrase and a bonus separated by a TAB",
            });
        };
        let bonus = number_in(
            line_no,
            bonus,
            0.0..=MAX_BONUS,
            ("bonus is not a number", "bonus must be in [0, 0.1]"),
        )?;
        let phrase = folded_phrase(line_no, phrase)?;
        needs.push(CommonNeed { phrase, bonus });
    }
    Ok(needs)
}

pub fn builtin() -> &'static [CommonNeed] {
    static BUILT: OnceLock<Vec<CommonNeed>> = OnceLock::new();
    BUILT.get_or_init(|| parse(BUILTIN).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_common_needs_parse() {
        let needs = parse(BUILTIN).expect("common.tsv parses");
        assert!(needs
            .iter()
            .any(|n| n.phrase == ["nha", "o", "rieng", "le"] && n.bonus > 0.0));
    }

    #[test]
    fn rejects_bad_lines() {
        assert!(parse("nhà ở\n").is_err());
        assert!(parse("nhà ở\tabc\n").is_err());
        assert!(parse("nhà ở\t0.5\n").is_err());
        assert!(parse("\t0.05\n").is_err());
    }
}
