//! Procedure search: the same code natively (CLI), in the Worker and in the widget (wasm).
//!
//! - [`CompactIndex`]: the small serialisable form (code, name, levels, fields, agency, online
//!   level, result names) the widget downloads once and the edge keeps; build it with
//!   [`CompactIndex::from_procedures`] (or `from_summaries`), ship it as JSON.
//! - [`SearchIndex::new`] / [`SearchIndex::from_json`]: load it into a searchable index.
//! - [`SearchIndex::search`] with a [`Query`] (text, filters, limit, offset): ranked
//!   [`Hit`]s, the total and [`Facets`]; an empty text lists the filtered catalog by code.
//!
//! Matching folds diacritics (đ → d), unifies tone placement and i/y, reads Telex and VNI
//! residue, tolerates typos scaled to word length, treats the last word as a prefix while
//! typing, expands citizen vocabulary ([`vocabulary.tsv`](./vocabulary.tsv)) and looks codes
//! up directly. Ranking weights name ≫ field ≫ agency, rewards phrases and specific names, and
//! ranks variants ([`variants.tsv`](./variants.tsv)) after the citizen-facing procedure.
//!
//! Inside: `compact` (the shipped form), `index` and `build` (the in-memory index and its
//! construction), `query` (the search: candidates, `filters`, `facets`, `paging`), `words`
//! (query words and vocabulary readings), `scoring` (shares of the query and the name pass),
//! and `weights`, every number the ranking uses, with why.

mod build;
mod code;
mod compact;
mod facets;
mod filters;
mod index;
mod paging;
mod query;
mod scoring;
mod variants;
mod vocabulary;
mod weights;
mod words;

pub use code::{find_code, CodeQuery};
pub use compact::{CompactError, CompactIndex, CompactProcedure, FORMAT_VERSION};
pub use facets::Facets;
pub use index::SearchIndex;
pub use query::{Hit, Query, SearchResults};
pub use variants::VariantRule;
pub use vocabulary::{Rule, Vocabulary, VocabularyError};

#[cfg(test)]
mod tests;
