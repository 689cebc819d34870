//! The line-oriented data files shipped inside core (`search/vocabulary.tsv`,
//! `search/variants.tsv`, `deadline/holidays/*.txt`, the dossier status tables): one reader of
//! their lines, so every file skips blank lines and `#` comments and numbers lines alike.

/// A data file of `src/` as the build embeds it: its comment lines emptied (build.rs), so
/// what ships (the widget's wasm, the Worker) carries the data and not its documentation.
/// Line numbers stay the source file's.
macro_rules! embedded_data {
    ($path:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/data/", $path))
    };
}
pub(crate) use embedded_data;

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

    /// The embedded copy holds the source file's data lines, at the same line numbers.
    #[test]
    fn embedded_copies_keep_every_data_line() {
        macro_rules! both {
            ($path:literal) => {
                (embedded_data!($path), include_str!($path))
            };
        }
        let pairs = [
            both!("search/vocabulary.tsv"),
            both!("search/variants.tsv"),
            both!("search/phrases.tsv"),
            both!("search/common.tsv"),
            both!("dossier/statuses.tsv"),
            both!("dossier/status_aliases.tsv"),
            both!("deadline/holidays/2026.txt"),
        ];
        for (embedded, source) in pairs {
            assert!(embedded.len() < source.len(), "comments were emptied");
            assert!(!embedded.lines().any(|l| l.trim_start().starts_with('#')));
            assert_eq!(embedded.lines().count(), source.lines().count());
            assert_eq!(
                data_lines(embedded).collect::<Vec<_>>(),
                data_lines(source).collect::<Vec<_>>()
            );
        }
    }
}
