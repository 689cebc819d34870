//! Procedure search: the same code natively (CLI), in the Worker and in the widget (wasm).
//!
//! - [`CompactIndex`]: the small serialisable form the widget downloads once and the edge
//!   keeps, one row per procedure — code, name, levels, fields, agency, online level, result
//!   names, and what a result row shows: the shortest processing time ([`RowTime`]), the fee
//!   ([`RowFee`]) and who it serves (`SERVES_*`); build it with
//!   [`CompactIndex::from_procedures`] (or `from_summaries`), ship it as the binary index of
//!   `compact_bytes` ([`CompactIndex::to_bytes`], written at publish time). Its columns are
//!   documented on [`CompactProcedure`]; bump [`FORMAT_VERSION`] when one changes.
//! - [`SearchIndex::new`] (tokenising the texts) / [`SearchIndex::from_bytes`] (reading the
//!   binary index; [`SearchIndex::from_bytes_pausing`] yields at a [`Pause`] between slices of
//!   the work, as the widget does): a searchable index, the same from either.
//! - [`SearchIndex::search`] with a [`Query`] (text, filters, limit, offset): ranked
//!   [`Hit`]s (procedures listed twice under other codes merged into one hit that carries the
//!   other codes, [`Hit::also`]), the total, [`Facets`] and a [`Verdict`]: whether the
//!   catalog has a good match, decided from the best hits' [`Evidence`]. When it has none
//!   ([`Verdict::is_not_here`]) a widget says so, links to the national portal's search with
//!   [`SearchIndex::portal_query`] and lists the hits as partial matches. An empty text lists
//!   the filtered catalog by code.
//! - [`short_name`] / [`short_names`]: a name for a result row, bounded in length, keeping
//!   what sets a procedure apart from its siblings; the full name stays in the hit.
//!
//! Matching folds diacritics (đ → d), unifies tone placement and i/y, reads Telex and VNI
//! residue, tolerates typos scaled to word length, treats the last word as a prefix while
//! typing (unless its tone is typed), counts a word typed with diacritics fully only where a
//! name spells it so, reads small numbers as words, expands citizen vocabulary
//! ([`vocabulary.tsv`](./vocabulary.tsv)) and looks codes up directly. Ranking weights name ≫
//! field ≫ agency, rewards phrases and specific names (their opening clause), puts what serves
//! citizens, what the commune does and common needs ([`common.tsv`](./common.tsv)) first
//! among siblings, and ranks variants ([`variants.tsv`](./variants.tsv)) after the
//! citizen-facing procedure.
//!
//! Inside: `compact` (the rows), `compact_bytes` (the binary index), `index` and `build`
//! (the in-memory index and its construction, from texts or from the binary index's tokens), `query` (the search: candidates, `filters`, `facets`, `paging`, merged
//! duplicates), `words` (query words and vocabulary readings), `scoring` (shares of the query
//! and the name pass), `phrases` (fixed phrases, [`phrases.tsv`](./phrases.tsv), that
//! count only where a hit has them together, in the ranking and the verdict), `verdict` (found
//! or not here), `portal_query`, `short_name`, and `weights`, every number
//! the ranking and the verdict use, with why.

mod build;
mod code;
mod common;
mod compact;
mod compact_bytes;
mod facets;
mod filters;
mod index;
mod paging;
mod phrases;
mod portal_query;
mod query;
mod scoring;
mod short_name;
mod variants;
mod verdict;
mod vocabulary;
mod weights;
mod words;

pub use build::{NoPause, Pause};
pub use code::{find_code, CodeQuery};
pub use compact::{
    serves_bits, CompactIndex, CompactProcedure, RowFee, RowTime, FORMAT_VERSION,
    SERVES_BUSINESSES, SERVES_CITIZENS, SERVES_FOREIGNERS, SERVES_OFFICIALS, SERVES_ORGANISATIONS,
};
pub use compact_bytes::{read_header, IndexError, IndexHeader};
pub use facets::Facets;
pub use index::SearchIndex;
pub use query::{Hit, Query, SearchResults};
pub use short_name::{short_name, short_names, ShortNames, SHORT_NAME_CHARS};
pub use variants::VariantRule;
pub use verdict::{Evidence, Verdict};
pub use vocabulary::{Rule, Vocabulary, VocabularyError};

#[cfg(test)]
mod tests;
