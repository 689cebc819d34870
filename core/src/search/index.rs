//! The in-memory index built from a [`CompactIndex`]: a sorted term dictionary over folded
//! words with per-term postings (which procedures, in which parts), each procedure's name as a
//! sequence of term ids for phrase and proximity scoring, and the variant markers.

use super::code::base_code;
use super::compact::{CompactIndex, CompactProcedure};
use super::variants::{self, VariantRule};
use crate::text::{for_each_word, push_folded, push_marked, Letter};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the index's maps hold short words, where SipHash's setup dominates.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Where in a procedure a word occurs (bit flags in postings).
pub(crate) const IN_NAME: u8 = 1;
pub(crate) const IN_FIELD: u8 = 2;
pub(crate) const IN_AGENCY: u8 = 4;
pub(crate) const IN_KEYWORDS: u8 = 8;

/// Weight of a match by the best part it occurs in: name ≫ field, keywords ≫ agency.
pub(crate) fn part_weight(mask: u8) -> f32 {
    if mask & IN_NAME != 0 {
        1.0
    } else if mask & IN_FIELD != 0 {
        0.45
    } else if mask & IN_KEYWORDS != 0 {
        0.4
    } else if mask & IN_AGENCY != 0 {
        0.3
    } else {
        0.0
    }
}

/// A procedure's name word: term id and the id of its marked (diacritics kept) form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameWord {
    pub term: u32,
    pub marked: u32,
}

/// Folded words in first-seen order with their ids.
#[derive(Default)]
struct Terms {
    words: Vec<Box<str>>,
    ids: FastMap<Box<str>, u32>,
}

impl Terms {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.words.push(word.into());
        self.ids.insert(word.into(), id);
        id
    }

    fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", |w| w)
    }
}

/// The searchable index. Build once ([`SearchIndex::new`]), query many times.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    pub(crate) compact: CompactIndex,
    /// Sorted folded terms.
    pub(crate) terms: Vec<Box<str>>,
    /// For each term: (procedure, part mask), sorted by procedure.
    pub(crate) postings: Vec<Vec<(u32, u8)>>,
    /// Term ids grouped by byte length, for typo scans.
    pub(crate) terms_by_len: Vec<Vec<u32>>,
    pub(crate) marked: FastMap<Box<str>, u32>,
    pub(crate) names: Vec<Vec<NameWord>>,
    /// Number of leading name words that carry no meaning ("Thủ tục …").
    pub(crate) name_skip: Vec<u8>,
    pub(crate) variant_masks: Vec<u32>,
    pub(crate) variant_rules: &'static [VariantRule],
    /// Code → procedures, for exact code lookup; and national base code → procedures.
    pub(crate) by_code: FastMap<Box<str>, Vec<u32>>,
    pub(crate) by_base_code: FastMap<Box<str>, Vec<u32>>,
}

impl SearchIndex {
    /// Builds the index from its compact form.
    ///
    /// This runs in the widget on every page load, so words are read straight into reused
    /// buffers (no token or string per word) and each distinct word is copied once.
    pub fn new(compact: CompactIndex) -> SearchIndex {
        let variant_rules = variants::builtin();
        let n_docs = compact.procedures.len();
        let mut letters: Vec<Letter> = Vec::with_capacity(32);
        let mut folded = String::with_capacity(32);
        let mut marked_form = String::with_capacity(32);
        let mut terms = Terms::default();

        // Fields and agencies are shared by many procedures: their words are interned once.
        let mut words_of = |text: &str, terms: &mut Terms| -> Vec<u32> {
            let mut ids = Vec::new();
            for_each_word(text, &mut letters, |word, _, _| {
                push_folded(word, &mut folded);
                ids.push(terms.intern(&folded));
            });
            ids
        };
        let field_terms: Vec<Vec<u32>> = compact
            .fields
            .iter()
            .map(|f| words_of(f, &mut terms))
            .collect();
        let agency_terms: Vec<Vec<u32>> = compact
            .agencies
            .iter()
            .map(|a| words_of(a, &mut terms))
            .collect();

        let mut doc_terms: Vec<Vec<(u32, u8)>> = Vec::with_capacity(n_docs);
        let mut names: Vec<Vec<NameWord>> = Vec::with_capacity(n_docs);
        let mut name_skip = Vec::with_capacity(n_docs);
        let mut variant_masks = Vec::with_capacity(n_docs);
        let mut marked: FastMap<Box<str>, u32> = FastMap::default();
        let mut parts: Vec<(u32, u8)> = Vec::new();
        for procedure in &compact.procedures {
            parts.clear();
            let mut name = Vec::new();
            for_each_word(procedure.name(), &mut letters, |word, _, _| {
                push_folded(word, &mut folded);
                push_marked(word, &mut marked_form);
                let term = terms.intern(&folded);
                parts.push((term, IN_NAME));
                let marked_id = match marked.get(marked_form.as_str()) {
                    Some(id) => *id,
                    None => {
                        let id = marked.len() as u32;
                        marked.insert(marked_form.as_str().into(), id);
                        id
                    }
                };
                name.push(NameWord {
                    term,
                    marked: marked_id,
                });
            });
            let name_words: Vec<&str> = name.iter().map(|w| terms.word(w.term)).collect();
            let skip = if name_words.len() > 2 && name_words[0] == "thu" && name_words[1] == "tuc" {
                2
            } else {
                0
            };
            name_skip.push(skip);
            variant_masks.push(variants::mask_of(variant_rules, &name_words));
            names.push(name);
            for field in procedure.field_ids() {
                for id in field_terms.get(usize::from(*field)).into_iter().flatten() {
                    parts.push((*id, IN_FIELD));
                }
            }
            if let Some(agency) = procedure.agency_id() {
                for id in agency_terms.get(usize::from(agency)).into_iter().flatten() {
                    parts.push((*id, IN_AGENCY));
                }
            }
            for_each_word(procedure.keywords(), &mut letters, |word, _, _| {
                push_folded(word, &mut folded);
                parts.push((terms.intern(&folded), IN_KEYWORDS));
            });
            // One entry per term with the union of its parts, sorted by term.
            parts.sort_unstable_by_key(|p| p.0);
            let mut merged: Vec<(u32, u8)> = Vec::with_capacity(parts.len());
            for &(term, mask) in &parts {
                match merged.last_mut() {
                    Some(last) if last.0 == term => last.1 |= mask,
                    _ => merged.push((term, mask)),
                }
            }
            doc_terms.push(merged);
        }

        // Sort the dictionary and remap ids so prefix ranges are contiguous.
        let words = terms.words;
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        order.sort_unstable_by(|a, b| words[*a as usize].cmp(&words[*b as usize]));
        let mut remap = vec![0u32; words.len()];
        for (new, old) in order.iter().enumerate() {
            remap[*old as usize] = new as u32;
        }
        let mut df = vec![0usize; words.len()];
        for parts in &doc_terms {
            for (term, _) in parts {
                df[remap[*term as usize] as usize] += 1;
            }
        }
        let mut postings: Vec<Vec<(u32, u8)>> = df.iter().map(|n| Vec::with_capacity(*n)).collect();
        for (doc, parts) in doc_terms.iter().enumerate() {
            for (term, mask) in parts {
                postings[remap[*term as usize] as usize].push((doc as u32, *mask));
            }
        }
        let mut slots: Vec<Option<Box<str>>> = words.into_iter().map(Some).collect();
        let sorted_terms: Vec<Box<str>> = order
            .iter()
            .map(|old| slots[*old as usize].take().unwrap_or_default())
            .collect();
        let mut terms_by_len: Vec<Vec<u32>> = Vec::new();
        for (id, term) in sorted_terms.iter().enumerate() {
            let len = term.len();
            if terms_by_len.len() <= len {
                terms_by_len.resize(len + 1, Vec::new());
            }
            terms_by_len[len].push(id as u32);
        }
        for name in &mut names {
            for word in name {
                word.term = remap[word.term as usize];
            }
        }

        let mut by_code: FastMap<Box<str>, Vec<u32>> = FastMap::default();
        let mut by_base_code: FastMap<Box<str>, Vec<u32>> = FastMap::default();
        for (doc, procedure) in compact.procedures.iter().enumerate() {
            let code = procedure.code().trim().to_ascii_uppercase();
            by_base_code
                .entry(base_code(&code).into())
                .or_default()
                .push(doc as u32);
            by_code
                .entry(code.into_boxed_str())
                .or_default()
                .push(doc as u32);
        }

        SearchIndex {
            compact,
            terms: sorted_terms,
            postings,
            terms_by_len,
            marked,
            names,
            name_skip,
            variant_masks,
            variant_rules,
            by_code,
            by_base_code,
        }
    }

    /// Parses the compact JSON form and builds the index.
    pub fn from_json(text: &str) -> Result<SearchIndex, super::compact::CompactError> {
        CompactIndex::from_json(text).map(SearchIndex::new)
    }

    pub fn len(&self) -> usize {
        self.compact.procedures.len()
    }

    pub fn is_empty(&self) -> bool {
        self.compact.procedures.is_empty()
    }

    /// The compact row of a procedure (code, name, levels, …) by its position.
    pub fn procedure(&self, doc: usize) -> Option<&CompactProcedure> {
        self.compact.procedures.get(doc)
    }

    pub fn compact(&self) -> &CompactIndex {
        &self.compact
    }

    pub(crate) fn term_id(&self, word: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| (**t).cmp(word))
            .ok()
            .map(|i| i as u32)
    }

    /// Ids of terms starting with `prefix` (a contiguous range of the sorted dictionary).
    pub(crate) fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.terms.partition_point(|t| (**t) < *prefix);
        let end = start
            + self.terms[start..]
                .iter()
                .take_while(|t| t.starts_with(prefix))
                .count();
        start..end
    }
}
