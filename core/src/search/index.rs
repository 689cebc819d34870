//! The in-memory index built from a [`CompactIndex`]: a sorted term dictionary over folded
//! words with per-term postings (which procedures, in which parts), each procedure's name as a
//! sequence of term ids for phrase and proximity scoring, and the variant markers.

use super::compact::{CompactIndex, CompactProcedure};
use super::variants::VariantRule;
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

/// A procedure whose name no other procedure shares.
pub(crate) const NO_GROUP: u32 = u32::MAX;

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
    /// For each marked form: the procedures whose name spells a word so, in index order.
    pub(crate) marked_postings: Vec<Vec<u32>>,
    /// For each term: how many procedures have it in their name.
    pub(crate) name_df: Vec<u32>,
    /// Each procedure's name as term ids and marked-form ids, without the leading words that
    /// carry no meaning ("Thủ tục …"): `name_terms[name_starts[d]..name_starts[d + 1]]`.
    /// Flat arrays, because the name pass reads a few hundred names per query at random.
    pub(crate) name_terms: Vec<u32>,
    pub(crate) name_marked: Vec<u32>,
    pub(crate) name_starts: Vec<u32>,
    /// How many of each name's scored words make its opening clause (up to the first comma
    /// or parenthesis after a few words): what the procedure is, before its qualifiers.
    pub(crate) name_heads: Vec<u16>,
    pub(crate) variant_masks: Vec<u32>,
    pub(crate) variant_rules: &'static [VariantRule],
    /// What each procedure brings to its score whatever the query: serving citizens, being
    /// done at the commune, a common need ([`common.tsv`](./common.tsv)); and the largest.
    pub(crate) doc_bonus: Vec<f32>,
    pub(crate) max_doc_bonus: f32,
    /// Procedures listed under the same name with other codes (the provincial catalog repeats
    /// some): each procedure's group, [`NO_GROUP`] when its name is its own, and each group's
    /// members in index order. A search shows a group as one hit carrying the other codes.
    pub(crate) duplicate_group: Vec<u32>,
    pub(crate) duplicate_members: Vec<Vec<u32>>,
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
    /// Field and agency names shared with facet counts, and their ids in alphabetical order,
    /// for sorting them.
    pub(crate) field_names: Vec<Arc<str>>,
    pub(crate) agency_names: Vec<Arc<str>>,
    pub(crate) fields_alphabetical: Vec<u32>,
    pub(crate) agencies_alphabetical: Vec<u32>,
    /// For each ASCII byte: the postings of all terms starting with it, merged per procedure
    /// (parts OR-ed). A one-letter prefix — every word typed starts as one — reads these
    /// instead of a few hundred terms' postings.
    pub(crate) letter_postings: Vec<Vec<(u32, u8)>>,
    /// For each fixed phrase ([`phrases.tsv`](./phrases.tsv)), the procedures that have it
    /// together, in index order.
    pub(crate) phrase_docs: Vec<Vec<u32>>,
}

impl SearchIndex {
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

    /// The other procedures with this one's name, in index order.
    pub fn duplicates_of(&self, doc: usize) -> impl Iterator<Item = u32> + '_ {
        let group = self.duplicate_group.get(doc).copied().unwrap_or(NO_GROUP);
        self.duplicate_members
            .get(group as usize)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |d| *d as usize != doc)
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
