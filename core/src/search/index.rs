//! The in-memory index built from a [`CompactIndex`]: a sorted term dictionary over folded
//! words with per-term postings (which procedures, in which parts), each procedure's name as a
//! sequence of term ids for phrase and proximity scoring, and the variant markers.

use super::code::base_code;
use super::compact::{CompactIndex, CompactProcedure};
use super::variants::{self, VariantRule};
use crate::text::tokenize;
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
    pub fn new(compact: CompactIndex) -> SearchIndex {
        let variant_rules = variants::builtin();
        let mut term_ids: FastMap<String, u32> = FastMap::default();
        let mut terms: Vec<String> = Vec::new();
        let mut doc_terms: Vec<Vec<(u32, u8)>> = Vec::with_capacity(compact.procedures.len());
        let mut raw_names: Vec<Vec<(u32, String)>> = Vec::with_capacity(compact.procedures.len());
        let mut name_skip = Vec::with_capacity(compact.procedures.len());
        let mut variant_masks = Vec::with_capacity(compact.procedures.len());

        let field_tokens: Vec<Vec<String>> = compact
            .fields
            .iter()
            .map(|f| tokenize(f).into_iter().map(|t| t.folded).collect())
            .collect();
        let agency_tokens: Vec<Vec<String>> = compact
            .agencies
            .iter()
            .map(|a| tokenize(a).into_iter().map(|t| t.folded).collect())
            .collect();

        let mut intern = |word: &str, terms: &mut Vec<String>| -> u32 {
            if let Some(id) = term_ids.get(word) {
                return *id;
            }
            let id = terms.len() as u32;
            terms.push(word.to_string());
            term_ids.insert(word.to_string(), id);
            id
        };

        for procedure in &compact.procedures {
            let mut parts: FastMap<u32, u8> = FastMap::default();
            let name_tokens = tokenize(procedure.name());
            let mut name = Vec::with_capacity(name_tokens.len());
            for token in &name_tokens {
                let id = intern(&token.folded, &mut terms);
                *parts.entry(id).or_default() |= IN_NAME;
                name.push((id, token.marked.clone()));
            }
            let words: Vec<&str> = name_tokens.iter().map(|t| t.folded.as_str()).collect();
            let skip = if words.len() > 2 && words[0] == "thu" && words[1] == "tuc" {
                2
            } else {
                0
            };
            name_skip.push(skip);
            variant_masks.push(variants::mask_of(variant_rules, &words));
            raw_names.push(name);
            for field in procedure.field_ids() {
                for word in field_tokens.get(usize::from(*field)).into_iter().flatten() {
                    let id = intern(word, &mut terms);
                    *parts.entry(id).or_default() |= IN_FIELD;
                }
            }
            if let Some(agency) = procedure.agency_id() {
                for word in agency_tokens.get(usize::from(agency)).into_iter().flatten() {
                    let id = intern(word, &mut terms);
                    *parts.entry(id).or_default() |= IN_AGENCY;
                }
            }
            for token in tokenize(procedure.keywords()) {
                let id = intern(&token.folded, &mut terms);
                *parts.entry(id).or_default() |= IN_KEYWORDS;
            }
            let mut parts: Vec<(u32, u8)> = parts.into_iter().collect();
            parts.sort_unstable();
            doc_terms.push(parts);
        }

        // Sort the dictionary and remap ids so prefix ranges are contiguous.
        let mut order: Vec<u32> = (0..terms.len() as u32).collect();
        order.sort_by(|a, b| terms[*a as usize].cmp(&terms[*b as usize]));
        let mut remap = vec![0u32; terms.len()];
        for (new, old) in order.iter().enumerate() {
            remap[*old as usize] = new as u32;
        }
        let sorted_terms: Vec<Box<str>> = order
            .iter()
            .map(|old| terms[*old as usize].clone().into_boxed_str())
            .collect();
        let mut postings: Vec<Vec<(u32, u8)>> = vec![Vec::new(); sorted_terms.len()];
        for (doc, parts) in doc_terms.iter().enumerate() {
            for (term, mask) in parts {
                postings[remap[*term as usize] as usize].push((doc as u32, *mask));
            }
        }
        let mut terms_by_len: Vec<Vec<u32>> = Vec::new();
        for (id, term) in sorted_terms.iter().enumerate() {
            let len = term.len();
            if terms_by_len.len() <= len {
                terms_by_len.resize(len + 1, Vec::new());
            }
            terms_by_len[len].push(id as u32);
        }
        let mut marked: FastMap<Box<str>, u32> = FastMap::default();
        let names = raw_names
            .into_iter()
            .map(|words| {
                words
                    .into_iter()
                    .map(|(term, form)| {
                        let next = marked.len() as u32;
                        let marked_id = *marked.entry(form.into_boxed_str()).or_insert(next);
                        NameWord {
                            term: remap[term as usize],
                            marked: marked_id,
                        }
                    })
                    .collect()
            })
            .collect();

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
