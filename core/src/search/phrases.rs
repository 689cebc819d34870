//! Fixed phrases ([`phrases.tsv`](./phrases.tsv)): names of things of several words that
//! count as found in a hit only where they stand together ("giấy phép lái xe" is not found in
//! "giấy phép đào tạo lái xe"). The verdict reads them.

use crate::data_file::data_lines;
use crate::text::tokenize;
use std::sync::OnceLock;

const BUILTIN: &str = include_str!("phrases.tsv");

/// The phrases of a file, each as its folded words (lines of one word are no phrase and left
/// out).
pub fn parse(text: &str) -> Vec<Vec<String>> {
    data_lines(text)
        .map(|(_, line)| {
            tokenize(line)
                .into_iter()
                .map(|t| t.folded)
                .collect::<Vec<_>>()
        })
        .filter(|words| words.len() > 1)
        .collect()
}

pub fn builtin() -> &'static [Vec<String>] {
    static BUILT: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    BUILT.get_or_init(|| parse(BUILTIN))
}

/// Where a phrase starts in a sequence of words (each given as its possible spellings).
pub fn find<S: AsRef<str>>(words: &[Vec<S>], phrase: &[String]) -> Option<usize> {
    (0..=words.len().checked_sub(phrase.len())?).find(|start| {
        phrase
            .iter()
            .zip(&words[*start..])
            .all(|(want, spellings)| spellings.iter().any(|s| s.as_ref() == want))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_phrases_parse_and_are_found_in_order() {
        let phrases = builtin();
        let licence = phrases
            .iter()
            .find(|p| p.join(" ") == "giay phep lai xe")
            .expect("giấy phép lái xe");
        let words = |s: &str| -> Vec<Vec<String>> {
            tokenize(s).into_iter().map(|t| vec![t.folded]).collect()
        };
        assert_eq!(find(&words("xin giấy phép lái xe"), licence), Some(1));
        assert_eq!(find(&words("giấy phép đào tạo lái xe"), licence), None);
        assert_eq!(find(&words("lái xe"), licence), None);
        assert!(parse("# c\nmột\nhai từ\n") == vec![vec!["hai".to_string(), "tu".to_string()]]);
    }
}
