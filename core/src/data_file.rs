//! The line-oriented data files shipped inside core (`search/vocabulary.tsv`,
//! `search/variants.tsv`, `deadline/holidays/*.txt`, the dossier status tables): one reader of
//! their lines, so every file skips blank lines and `#` comments and numbers lines alike.

/// The lines that hold data, with their 1-based line numbers (for error messages). Blank lines
/// and `#` comments are skipped; a stray carriage return at the end is dropped.
pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_blanks_and_comments_and_keeps_line_numbers() {
        let text = "# header\n\na\tb\n  # indented comment\r\n   \nc\r\r\n";
        let lines: Vec<(usize, &str)> = data_lines(text).collect();
        assert_eq!(lines, vec![(3, "a\tb"), (6, "c")]);
    }
}
