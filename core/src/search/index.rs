//! The in-memory index built from a [`CompactIndex`]: a sorted term dictionary over folded
//! words with per-term postings (which procedures, in which parts), each procedure's name as a
//! sequence of term ids for phrase and proximity scoring, and the variant markers.

use super::code::base_code;
use super::compact::{CompactIndex, CompactProcedure};
use super::variants::{self, VariantRule};
use crate::text::{for_each_word, push_folded, push_marked, Letter};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

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
    /// Each procedure's name as term ids and marked-form ids, without the leading words that
    /// carry no meaning ("Thủ tục …"): `name_terms[name_starts[d]..name_starts[d + 1]]`.
    /// Flat arrays, because the name pass reads a few hundred names per query at random.
    pub(crate) name_terms: Vec<u32>,
    pub(crate) name_marked: Vec<u32>,
    pub(crate) name_starts: Vec<u32>,
    pub(crate) variant_masks: Vec<u32>,
    pub(crate) variant_rules: &'static [VariantRule],
    /// Code → procedures, for exact code lookup; and national base code → procedures.
    pub(crate) by_code: FastMap<Box<str>, Vec<u32>>,
    pub(crate) by_base_code: FastMap<Box<str>, Vec<u32>>,
    /// Filter and facet columns, dense so the per-query pass over the matching set stays in
    /// cache: level bits, online byte, agency id + 1 (0 = none), and each procedure's
    /// fields as `field_ids[field_starts[d]..field_starts[d + 1]]`.
    pub(crate) level_bits: Vec<u8>,
    pub(crate) online: Vec<u8>,
    pub(crate) agency: Vec<u16>,
    pub(crate) field_starts: Vec<u32>,
    pub(crate) field_ids: Vec<u16>,
    /// Field and agency names shared with facet counts, and each one's place in alphabetical
    /// order, for sorting them.
    pub(crate) field_names: Vec<Arc<str>>,
    pub(crate) agency_names: Vec<Arc<str>>,
    pub(crate) field_rank: Vec<u32>,
    pub(crate) agency_rank: Vec<u32>,
    /// For each ASCII byte: the postings of all terms starting with it, merged per procedure
    /// (parts OR-ed). A one-letter prefix — every word typed starts as one — reads these
    /// instead of a few hundred terms' postings.
    pub(crate) letter_postings: Vec<Vec<(u32, u8)>>,
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
        let mut name_terms: Vec<u32> = Vec::new();
        let mut name_marked: Vec<u32> = Vec::new();
        let mut name_starts: Vec<u32> = Vec::with_capacity(n_docs + 1);
        name_starts.push(0);
        // The current name's term ids and marked-form ids.
        let mut name: Vec<u32> = Vec::new();
        let mut name_marks: Vec<u32> = Vec::new();
        let mut phrase_ids: Vec<Option<Vec<u32>>> = vec![None; variant_rules.len()];
        let mut variant_masks = Vec::with_capacity(n_docs);
        let mut marked: FastMap<Box<str>, u32> = FastMap::default();
        let mut parts: Vec<(u32, u8)> = Vec::new();
        for procedure in &compact.procedures {
            parts.clear();
            name.clear();
            name_marks.clear();
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
                name.push(term);
                name_marks.push(marked_id);
            });
            let skip = match name.as_slice() {
                [a, b, _, ..] if terms.word(*a) == "thu" && terms.word(*b) == "tuc" => 2,
                _ => 0,
            };
            // Variant phrases compared as term ids (their words are looked up once they have
            // all been seen): string comparisons here dominated the build.
            let mut mask = 0u32;
            for (bit, (rule, ids)) in variant_rules.iter().zip(&mut phrase_ids).enumerate() {
                if ids.is_none() {
                    *ids = rule
                        .phrase
                        .iter()
                        .map(|w| terms.ids.get(w.as_str()).copied())
                        .collect();
                }
                if let Some(ids) = ids.as_deref() {
                    if variants::contains_phrase(&name, ids) {
                        mask |= 1 << bit;
                    }
                }
            }
            variant_masks.push(mask);
            name_terms.extend_from_slice(name.get(skip..).unwrap_or(&[]));
            name_marked.extend_from_slice(name_marks.get(skip..).unwrap_or(&[]));
            name_starts.push(name_terms.len() as u32);
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
        for term in &mut name_terms {
            *term = remap[*term as usize];
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

        let mut field_starts = Vec::with_capacity(n_docs + 1);
        let mut field_ids = Vec::new();
        field_starts.push(0);
        for procedure in &compact.procedures {
            field_ids.extend_from_slice(procedure.field_ids());
            field_starts.push(field_ids.len() as u32);
        }
        let level_bits = compact.procedures.iter().map(|p| p.2).collect();
        let online = compact.procedures.iter().map(|p| p.5).collect();
        let agency = compact.procedures.iter().map(|p| p.4).collect();

        let letter_postings = letter_postings(&sorted_terms, &postings, n_docs);
        let field_names = compact
            .fields
            .iter()
            .map(|f| Arc::from(f.as_str()))
            .collect();
        let agency_names = compact
            .agencies
            .iter()
            .map(|a| Arc::from(a.as_str()))
            .collect();
        let field_rank = alphabetical_rank(&compact.fields);
        let agency_rank = alphabetical_rank(&compact.agencies);

        SearchIndex {
            compact,
            terms: sorted_terms,
            postings,
            terms_by_len,
            marked,
            name_terms,
            name_marked,
            name_starts,
            variant_masks,
            variant_rules,
            by_code,
            by_base_code,
            level_bits,
            online,
            agency,
            field_starts,
            field_ids,
            field_names,
            agency_names,
            field_rank,
            agency_rank,
            letter_postings,
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

    /// A procedure's name words (term ids) and their marked forms.
    pub(crate) fn name_of(&self, doc: usize) -> (&[u32], &[u32]) {
        let start = self.name_starts.get(doc).copied().unwrap_or(0) as usize;
        let end = self.name_starts.get(doc + 1).copied().unwrap_or(0) as usize;
        (
            self.name_terms.get(start..end).unwrap_or(&[]),
            self.name_marked.get(start..end).unwrap_or(&[]),
        )
    }

    /// Field ids of a procedure, from the dense column.
    pub(crate) fn fields_of(&self, doc: usize) -> &[u16] {
        let start = self.field_starts.get(doc).copied().unwrap_or(0) as usize;
        let end = self.field_starts.get(doc + 1).copied().unwrap_or(0) as usize;
        self.field_ids.get(start..end).unwrap_or(&[])
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

/// Each name's position when the names are sorted (names are interned, so distinct).
fn alphabetical_rank(names: &[String]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_unstable_by(|a, b| names[*a].cmp(&names[*b]).then(a.cmp(b)));
    let mut rank = vec![0u32; names.len()];
    for (position, index) in order.into_iter().enumerate() {
        rank[index] = position as u32;
    }
    rank
}

/// Merged postings per leading ASCII byte (see [`SearchIndex::letter_postings`]). Terms are
/// sorted, so each byte's terms are one run.
fn letter_postings(
    terms: &[Box<str>],
    postings: &[Vec<(u32, u8)>],
    n_docs: usize,
) -> Vec<Vec<(u32, u8)>> {
    let mut out: Vec<Vec<(u32, u8)>> = vec![Vec::new(); 128];
    let mut masks = vec![0u8; n_docs];
    let mut id = 0;
    while id < terms.len() {
        let Some(&byte) = terms[id].as_bytes().first().filter(|b| b.is_ascii()) else {
            id += 1;
            continue;
        };
        let mut end = id;
        while end < terms.len() && terms[end].as_bytes().first() == Some(&byte) {
            for &(doc, mask) in &postings[end] {
                if let Some(slot) = masks.get_mut(doc as usize) {
                    *slot |= mask;
                }
            }
            end += 1;
        }
        let merged = &mut out[usize::from(byte)];
        for (doc, mask) in masks.iter_mut().enumerate() {
            if *mask != 0 {
                merged.push((doc as u32, *mask));
                *mask = 0;
            }
        }
        id = end;
    }
    out
}
