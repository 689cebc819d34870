//! The query to hand the national portal's search when the catalog has no good match
//! ([`Verdict::is_not_here`](super::Verdict::is_not_here)): the citizen's words as the
//! catalogs write them — vocabulary readings applied ("cccd" → "thẻ căn cước"), filler dropped,
//! Telex/VNI residue decoded and diacritics restored from the catalog's own names ("cap lai" →
//! "cấp lại") — so a plain text search there finds what this one could not.

use super::code::find_code;
use super::index::{SearchIndex, IN_NAME};
use super::vocabulary::Vocabulary;
use super::words::{query_words, spellings};
use crate::text::{decode_input_method, tokenize, Token};

/// Names read to restore a word's diacritics.
const NAMES_READ: usize = 12;

impl SearchIndex {
    /// The citizen's query for the national portal's search (see the module's doc).
    pub fn portal_query(&self, text: &str) -> String {
        if let Some(code) = find_code(text) {
            return code.full;
        }
        let words = query_words(text);
        let tokens = tokenize(text);
        let spellings = spellings(&words);
        let marks: Vec<Option<&str>> = words.iter().map(|w| w.marked.as_deref()).collect();
        let vocabulary = Vocabulary::builtin();
        let matches = vocabulary.matches_marked(&spellings, &marks);
        let mut out: Vec<String> = Vec::new();
        let mut next = 0;
        for i in 0..words.len() {
            if i < next {
                continue;
            }
            if let Some((_, end, rules)) = matches.iter().find(|m| m.0 == i) {
                if let Some(rule) = rules.first().and_then(|r| vocabulary.rules().get(*r)) {
                    out.extend(
                        rule.to
                            .iter()
                            .filter_map(|t| rule.to_text.get(t.start..t.end))
                            .map(str::to_lowercase),
                    );
                }
                next = *end;
                continue;
            }
            let (word, token) = (&words[i], &tokens[i]);
            let raw = &text[token.start..token.end];
            // Telex/VNI residue, when it reads as a word the catalog has.
            let decoded = word
                .decoded
                .as_deref()
                .filter(|d| self.term_id(d).is_some())
                .and_then(|_| decode_input_method(raw));
            if word.marked.is_none() && decoded.is_none() {
                // Two plain words the names write side by side are restored together: alone,
                // "o" and "to" read as the commonest "ở" and "tổ"; beside each other, "ô tô".
                let pair = words
                    .get(i + 1)
                    .filter(|next_word| next_word.marked.is_none() && next <= i + 1)
                    .filter(|_| !matches.iter().any(|m| m.0 == i + 1))
                    .and_then(|next_word| {
                        self.pair_as_names_write(&word.folded, &next_word.folded)
                    });
                if let Some((first, second)) = pair {
                    out.push(first);
                    out.push(second);
                    next = i + 2;
                    continue;
                }
            }
            out.push(if word.marked.is_some() {
                raw.to_lowercase()
            } else if let Some(decoded) = decoded {
                decoded.to_lowercase()
            } else {
                self.as_names_write(&word.folded)
                    .unwrap_or_else(|| raw.to_lowercase())
            });
        }
        out.join(" ")
    }

    /// How the catalog's names most often write two folded words side by side ("o to" →
    /// "ô tô"), if any name has them so.
    fn pair_as_names_write(&self, first: &str, second: &str) -> Option<(String, String)> {
        let (a, b) = (self.term_id(first)?, self.term_id(second)?);
        // Read the names of the rarer word.
        let term = if self.postings[a as usize].len() <= self.postings[b as usize].len() {
            a
        } else {
            b
        };
        self.commonest_in_names(term, |name, tokens, seen| {
            for pair in tokens.windows(2) {
                if pair[0].folded == first && pair[1].folded == second {
                    seen(&(
                        name[pair[0].start..pair[0].end].to_lowercase(),
                        name[pair[1].start..pair[1].end].to_lowercase(),
                    ));
                }
            }
        })
    }

    /// How the catalog's names most often write a folded word ("cap" → "cấp").
    fn as_names_write(&self, folded: &str) -> Option<String> {
        let term = self.term_id(folded)?;
        self.commonest_in_names(term, |name, tokens, seen| {
            for token in tokens.iter().filter(|t| t.folded == folded) {
                seen(&name[token.start..token.end].to_lowercase());
            }
        })
    }

    /// The writing `read` finds most often in the first names holding `term` (on a tie, the
    /// first seen, in index order).
    fn commonest_in_names<W: Clone + PartialEq>(
        &self,
        term: u32,
        read: impl Fn(&str, &[Token], &mut dyn FnMut(&W)),
    ) -> Option<W> {
        let mut seen: Vec<(W, usize)> = Vec::new();
        let docs = self.postings[term as usize]
            .iter()
            .filter(|(_, mask)| mask & IN_NAME != 0)
            .take(NAMES_READ);
        for &(doc, _) in docs {
            let Some(name) = self.procedure(doc as usize).map(|p| p.name()) else {
                continue;
            };
            read(name, &tokenize(name), &mut |written: &W| match seen
                .iter_mut()
                .find(|(w, _)| w == written)
            {
                Some((_, count)) => *count += 1,
                None => seen.push((written.clone(), 1)),
            });
        }
        let best = seen.iter().map(|(_, c)| *c).max()?;
        seen.into_iter().find(|(_, c)| *c == best).map(|(w, _)| w)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::gia_lai_index;

    #[test]
    fn portal_queries_read_as_the_catalogs_write() {
        let index = gia_lai_index();
        assert_eq!(index.portal_query("cap lai cccd"), "cấp lại thẻ căn cước");
        assert_eq!(
            index.portal_query("xin giấy phép lái xe"),
            "giấy phép lái xe"
        );
        assert_eq!(
            index.portal_query("ddawng kys khai sinh"),
            "đăng ký khai sinh"
        );
        assert_eq!(index.portal_query("làm hộ chiếu"), "cấp hộ chiếu phổ thông");
        assert_eq!(index.portal_query("1.014061.h21"), "1.014061.H21");
        assert_eq!(index.portal_query("  "), "");
        assert_eq!(index.portal_query("xyzzy"), "xyzzy");
        // Side by side, words are restored as the names write them together.
        assert_eq!(
            index.portal_query("cap giay phep lai xe o to"),
            "cấp giấy phép lái xe ô tô"
        );
    }
}
