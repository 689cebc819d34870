//! Queries against a [`SearchIndex`]: word expansion (exact, Telex/VNI, prefix, typos),
//! vocabulary readings, field-weighted scoring with phrase and proximity bonuses, variant
//! penalties, filters and facet counts.

use super::code::find_code;
use super::compact::online_from_byte;
use super::index::{part_weight, SearchIndex};
use super::vocabulary::Vocabulary;
use crate::catalog::{Level, OnlineLevel};
use crate::text::{allowed_typos, bounded_distance, decode_input_method, fold, tokenize};
use serde::Serialize;
use std::sync::Arc;

/// What the API (`GET /v1/procedures?q=&level=&field=&agency=&online=&limit=&cursor=`) and the
/// widget ask for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Free text as typed; empty lists the (filtered) catalog by code.
    pub text: String,
    pub level: Option<Level>,
    /// Field (lĩnh vực) name; compared without case and diacritics.
    pub field: Option<String>,
    /// Agency name; compared without case and diacritics.
    pub agency: Option<String>,
    pub online: Option<OnlineLevel>,
    /// Page size; 0 means 20.
    pub limit: usize,
    /// Number of hits to skip (the API's cursor is this offset).
    pub offset: usize,
    /// Leave [`SearchResults::facets`] empty (the widget's keystroke path shows no facets).
    pub skip_facets: bool,
}

/// One ranked procedure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Position in the index ([`SearchIndex::procedure`]).
    pub doc: u32,
    pub code: String,
    pub name: String,
    pub score: f32,
}

/// Counts over the matching set. Each dimension counts the procedures that match the text and
/// every filter of the *other* dimensions, so a UI can show how many it would get by changing
/// one filter. Sorted by count (descending), then label.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    pub levels: Vec<(Level, usize)>,
    /// Names are shared with the index (a query may count a few hundred).
    pub fields: Vec<(Arc<str>, usize)>,
    pub agencies: Vec<(Arc<str>, usize)>,
    pub online: Vec<(OnlineLevel, usize)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Size of the matching set after filters.
    pub total: usize,
    pub facets: Facets,
    /// Offset of the next page, if any.
    pub next_offset: Option<usize>,
}

const DEFAULT_LIMIT: usize = 20;
/// Longest query (in words) that is scored; the rest is ignored (pasted paragraphs).
const MAX_WORDS: usize = 16;
/// Longest reading after vocabulary expansion (word positions are bits of a `u32`).
const MAX_READING_WORDS: usize = 32;
/// Candidates that get the (more costly) phrase and proximity pass.
const RESCORE: usize = 250;
/// Most dictionary terms a prefix stands for.
const PREFIX_TERMS: usize = 300;
/// Quality of a term matched by a one-letter prefix.
const LETTER_QUALITY: f32 = 0.6;
/// The largest name bonus (phrase 0.15 + specificity 0.12 + first word 0.03 + diacritics
/// 0.04), with room for rounding.
const MAX_BONUS: f32 = 0.35;
/// Share of the query's weight a procedure must match to count at all.
const MIN_COVERAGE: f32 = 0.2;
/// Name words the phrase pass reads.
const NAME_WINDOW: usize = 48;

/// A query word and how it may be spelled in the catalog.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    folded: String,
    /// Marked form when the citizen typed diacritics.
    marked: Option<String>,
    /// Folded form of the Telex/VNI decoding, when the word is such residue.
    decoded: Option<String>,
    /// The last word of a query still being typed.
    prefix: bool,
    /// In the query as typed: a vocabulary rule rewrites this word in another reading.
    rewritten: bool,
}

/// A word's matching terms, sorted by term id, with a quality in (0, 1].
struct Expansion {
    terms: Vec<(u32, f32)>,
    weight: f32,
    marked: Option<u32>,
    /// A one-letter prefix: its terms (every term starting with that letter, at
    /// [`LETTER_QUALITY`]) are read from the letter's merged postings, and only `explicit`
    /// (the exact and decoded spellings) term by term.
    letter: Option<u8>,
    explicit: Vec<(u32, f32)>,
}

impl SearchIndex {
    /// Ranked hits for a query with filters, facets and paging.
    pub fn search(&self, query: &Query) -> SearchResults {
        let ranked = if query.text.trim().is_empty() {
            (0..self.len() as u32).map(|d| (d, 0.0)).collect()
        } else {
            // Only the requested page needs exact scores, unless filters may drop the best.
            let unfiltered = query.level.is_none()
                && query.field.is_none()
                && query.agency.is_none()
                && query.online.is_none();
            let exact = if unfiltered {
                query.offset.saturating_add(limit_of(query))
            } else {
                usize::MAX
            };
            self.matching(&query.text, exact)
        };
        let filter = self.resolve_filters(query);
        let mut level_counts = [0usize; Level::ALL.len()];
        let mut field_counts = vec![0usize; self.compact.fields.len()];
        let mut agency_counts = vec![0usize; self.compact.agencies.len()];
        let mut online_counts = [0usize; 4];
        let level_bit = query.level.map(|l| {
            Level::ALL
                .iter()
                .position(|x| *x == l)
                .map_or(0u8, |i| 1 << i)
        });
        let mut passing: Vec<(u32, f32)> = Vec::with_capacity(ranked.len());
        for &(doc, score) in &ranked {
            let d = doc as usize;
            let (Some(&levels), Some(&online), Some(&agency)) = (
                self.level_bits.get(d),
                self.online.get(d),
                self.agency.get(d),
            ) else {
                continue;
            };
            let fields = self.fields_of(d);
            let ok_level = level_bit.is_none_or(|bit| levels & bit != 0);
            let ok_field = filter
                .fields
                .as_ref()
                .is_none_or(|ids| fields.iter().any(|f| ids.contains(f)));
            let agency_id = agency.checked_sub(1);
            let ok_agency = filter
                .agencies
                .as_ref()
                .is_none_or(|ids| agency_id.is_some_and(|a| ids.contains(&a)));
            let ok_online = query
                .online
                .is_none_or(|o| online_from_byte(online) == Some(o));
            let failures = [ok_level, ok_field, ok_agency, ok_online]
                .iter()
                .filter(|ok| !**ok)
                .count();
            if failures > 1 {
                continue;
            }
            if failures == 0 {
                passing.push((doc, score));
            }
            if query.skip_facets {
                continue;
            }
            if ok_field && ok_agency && ok_online {
                for (i, count) in level_counts.iter_mut().enumerate() {
                    *count += usize::from(levels & (1 << i) != 0);
                }
            }
            if ok_level && ok_agency && ok_online {
                for f in fields {
                    if let Some(c) = field_counts.get_mut(usize::from(*f)) {
                        *c += 1;
                    }
                }
            }
            if ok_level && ok_field && ok_online {
                if let Some(c) = agency_id.and_then(|a| agency_counts.get_mut(usize::from(a))) {
                    *c += 1;
                }
            }
            if ok_level && ok_field && ok_agency {
                online_counts[usize::from(online.min(3))] += 1;
            }
        }
        let limit = limit_of(query);
        let total = passing.len();
        // Only the requested page needs a full order.
        let wanted = query.offset.saturating_add(limit).min(total);
        if wanted > 0 && wanted < total {
            passing.select_nth_unstable_by(wanted - 1, by_score_then_doc);
            passing.truncate(wanted);
        }
        passing.sort_by(by_score_then_doc);
        let hits: Vec<Hit> = passing
            .iter()
            .skip(query.offset)
            .take(limit)
            .filter_map(|&(doc, score)| {
                self.procedure(doc as usize).map(|p| Hit {
                    doc,
                    code: p.code().to_string(),
                    name: p.name().to_string(),
                    score,
                })
            })
            .collect();
        let end = query.offset.saturating_add(limit);
        SearchResults {
            hits,
            total,
            facets: if query.skip_facets {
                Facets::default()
            } else {
                Facets {
                    levels: sorted_counts(Level::ALL.iter().copied().zip(level_counts), |l| {
                        l.label()
                    }),
                    fields: named_counts(&self.field_names, &self.field_rank, &field_counts),
                    agencies: named_counts(&self.agency_names, &self.agency_rank, &agency_counts),
                    online: sorted_counts(
                        [
                            OnlineLevel::Full,
                            OnlineLevel::Partial,
                            OnlineLevel::Offline,
                        ]
                        .into_iter()
                        .zip(online_counts[1..].iter().copied()),
                        |o| o.label(),
                    ),
                }
            },
            next_offset: (end < total).then_some(end),
        }
    }

    /// Just the best `limit` hits for a text (the widget's keystroke path).
    pub fn search_text(&self, text: &str, limit: usize) -> Vec<Hit> {
        self.search(&Query {
            text: text.to_string(),
            limit,
            skip_facets: true,
            ..Query::default()
        })
        .hits
    }

    fn resolve_filters(&self, query: &Query) -> ResolvedFilters {
        let ids = |wanted: &Option<String>, names: &[String]| {
            wanted.as_ref().map(|w| {
                let w = fold(w.trim()).to_lowercase();
                names
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| fold(n.trim()).to_lowercase() == w)
                    .map(|(i, _)| i as u16)
                    .collect::<Vec<u16>>()
            })
        };
        ResolvedFilters {
            fields: ids(&query.field, &self.compact.fields),
            agencies: ids(&query.agency, &self.compact.agencies),
        }
    }

    /// All procedures that match a text, best first, with their scores. Ties break by code
    /// (the index is in code order), so the order is the same on every platform.
    pub fn rank(&self, text: &str) -> Vec<(u32, f32)> {
        let mut hits = self.matching(text, usize::MAX);
        hits.sort_by(by_score_then_doc);
        hits
    }

    /// The matching set with scores, in no particular order. The best `exact` are scored
    /// exactly; the rest may lack the name bonus (see [`SearchIndex::score_reading`]).
    fn matching(&self, text: &str, exact: usize) -> Vec<(u32, f32)> {
        let n_docs = self.len();
        if n_docs == 0 {
            return Vec::new();
        }
        if let Some(code) = find_code(text) {
            let mut hits: Vec<(u32, f32)> = Vec::new();
            for doc in self.by_code.get(code.full.as_str()).into_iter().flatten() {
                hits.push((*doc, 1000.0));
            }
            for doc in self
                .by_base_code
                .get(code.base.as_str())
                .into_iter()
                .flatten()
            {
                if !hits.iter().any(|(d, _)| d == doc) {
                    hits.push((*doc, 900.0));
                }
            }
            if !hits.is_empty() {
                return hits;
            }
        }

        let words = query_words(text);
        if words.is_empty() {
            return Vec::new();
        }
        let readings = readings(&words, Vocabulary::builtin());
        let asked = self.asked_variants(&readings);

        // First every reading's shares (how much of the query each procedure matches), which
        // decide the matching set; then the ranking pass over that set only.
        let mut scratch = Scratch {
            best: vec![0f32; n_docs],
            word_bits: vec![0u32; self.terms.len()],
            marked_bits: vec![0u32; self.marked.len()],
            keys: Vec::new(),
        };
        let mut shares = vec![0f32; n_docs * readings.len()];
        let expansions: Vec<Vec<Expansion>> = readings
            .iter()
            .zip(shares.chunks_mut(n_docs))
            .map(|(reading, row)| self.accumulate(reading, &mut scratch.best, row))
            .collect();
        let mut coverage = vec![0f32; n_docs];
        for row in shares.chunks(n_docs) {
            for (c, s) in coverage.iter_mut().zip(row) {
                *c = c.max(*s);
            }
        }
        let best_coverage = coverage.iter().copied().fold(0f32, f32::max);
        if best_coverage <= 0.0 {
            return Vec::new();
        }
        // The matching set: procedures that match a good share of what the best one matches.
        let floor = (best_coverage * 0.5).max(MIN_COVERAGE);
        let members: Vec<u32> = (0..n_docs as u32)
            .filter(|&d| coverage[d as usize] >= floor)
            .collect();
        let mut total = vec![0f32; n_docs];
        for (row, expansions) in shares.chunks(n_docs).zip(&expansions) {
            let context = Ranking {
                shares: row,
                members: &members,
                asked,
                exact,
            };
            self.rank_reading(expansions, &context, &mut scratch, &mut total);
        }
        members.iter().map(|&d| (d, total[d as usize])).collect()
    }

    fn asked_variants(&self, readings: &[Vec<Word>]) -> u32 {
        let mut asked = 0u32;
        for (bit, rule) in self.variant_rules.iter().enumerate() {
            let hit = readings.iter().flatten().any(|w| {
                rule.triggers
                    .iter()
                    .any(|t| *t == w.folded || w.decoded.as_deref() == Some(t.as_str()))
            });
            if hit {
                asked |= 1 << bit;
            }
        }
        asked
    }

    fn expand(&self, word: &Word) -> Expansion {
        let mut terms: Vec<(u32, f32)> = Vec::new();
        let mut letter = None;
        let mut explicit = Vec::new();
        let mut df_for_weight: Option<usize> = None;
        let exact = self.term_id(&word.folded);
        if let Some(id) = exact {
            terms.push((id, 1.0));
            df_for_weight = Some(self.postings[id as usize].len());
        }
        let decoded = word
            .decoded
            .as_deref()
            .filter(|d| *d != word.folded)
            .and_then(|d| self.term_id(d));
        if let Some(id) = decoded {
            terms.push((id, 0.95));
            df_for_weight.get_or_insert(self.postings[id as usize].len());
        }
        if word.prefix && !word.folded.is_empty() {
            let quality = if word.folded.len() == 1 {
                LETTER_QUALITY
            } else {
                0.85
            };
            let range = self.prefix_range(&word.folded);
            if let [byte] = word.folded.as_bytes() {
                if range.len() <= PREFIX_TERMS && byte.is_ascii() {
                    explicit.clone_from(&terms);
                    letter = Some(*byte);
                }
            }
            let mut df_sum = 0usize;
            for id in range.take(PREFIX_TERMS) {
                if Some(id as u32) != exact {
                    terms.push((id as u32, quality));
                }
                df_sum += self.postings[id].len();
            }
            if df_sum > 0 && exact.is_none() {
                df_for_weight = Some(df_sum.min(self.len()));
            }
        }
        if terms.is_empty() {
            let budget = allowed_typos(word.folded.len());
            if budget > 0 && word.folded.is_ascii() {
                let len = word.folded.len();
                let lo = len.saturating_sub(budget);
                let hi = (len + budget).min(self.terms_by_len.len().saturating_sub(1));
                let mut best_df = 0usize;
                for bucket in self.terms_by_len.get(lo..=hi).into_iter().flatten() {
                    for &id in bucket {
                        let term = self.terms[id as usize].as_bytes();
                        let w = word.folded.as_bytes();
                        // A typo rarely hits both of the first two letters; this skips most
                        // of the dictionary before the distance is computed.
                        if term.first() != w.first() && term.get(1) != w.get(1) {
                            continue;
                        }
                        let term = &self.terms[id as usize];
                        if let Some(d) =
                            bounded_distance(word.folded.as_bytes(), term.as_bytes(), budget)
                        {
                            let quality = if d <= 1 { 0.75 } else { 0.55 };
                            terms.push((id, quality));
                            best_df = best_df.max(self.postings[id as usize].len());
                        }
                    }
                }
                if best_df > 0 {
                    df_for_weight = Some(best_df);
                }
            }
        }
        terms.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        terms.dedup_by_key(|t| t.0);
        let n = self.len() as f32;
        let weight = df_for_weight.map_or(0.0, |df| (1.0 + n / df.max(1) as f32).ln());
        let marked = word
            .marked
            .as_deref()
            .and_then(|m| self.marked.get(m).copied());
        Expansion {
            terms,
            weight,
            marked,
            letter,
            explicit,
        }
    }

    /// Expands one reading's words and writes each procedure's share of the reading's weight
    /// into `shares` (zero where nothing matches).
    ///
    /// The inner loops are branch-free (a table lookup and a max): which procedure a posting
    /// names is unpredictable, and mispredicted branches cost more than the arithmetic.
    fn accumulate(&self, words: &[Word], best: &mut [f32], shares: &mut [f32]) -> Vec<Expansion> {
        let expansions: Vec<Expansion> = words.iter().map(|w| self.expand(w)).collect();
        // A word the catalog does not know is ignored, unless a vocabulary reading rewrites
        // it ("cấp lại CCCD"): then this reading misses what the query is about, and the word
        // counts as a rare one it lacks, so the rewritten reading decides what matches.
        let missing = (1.0 + self.len() as f32).ln();
        let weight_sum: f32 = expansions
            .iter()
            .zip(words)
            .map(|(e, w)| {
                if e.weight <= 0.0 && w.rewritten {
                    missing
                } else {
                    e.weight
                }
            })
            .sum();
        if weight_sum <= 0.0 {
            return expansions;
        }
        for expansion in &expansions {
            if expansion.weight <= 0.0 {
                continue;
            }
            if let [(term, quality)] = expansion.terms.as_slice() {
                // One spelling: no maximum to take, add straight to the sums.
                let table = part_table(expansion.weight * quality);
                for &(doc, mask) in &self.postings[*term as usize] {
                    shares[doc as usize] += table[usize::from(mask & 15)];
                }
                continue;
            }
            let singles = match expansion.letter {
                Some(letter) => {
                    // The part masks of a letter's terms are merged per procedure, and the
                    // best part of a union is the best of its parts: the same maximum.
                    let table = part_table(LETTER_QUALITY);
                    for &(doc, mask) in &self.letter_postings[usize::from(letter)] {
                        let value = table[usize::from(mask & 15)];
                        let slot = &mut best[doc as usize];
                        *slot = if value > *slot { value } else { *slot };
                    }
                    &expansion.explicit
                }
                None => &expansion.terms,
            };
            for &(term, quality) in singles {
                let table = part_table(quality);
                for &(doc, mask) in &self.postings[term as usize] {
                    let value = table[usize::from(mask & 15)];
                    let slot = &mut best[doc as usize];
                    *slot = if value > *slot { value } else { *slot };
                }
            }
            // A dense pass is cheaper than tracking which procedures were touched.
            for (sum, slot) in shares.iter_mut().zip(best.iter_mut()) {
                *sum += expansion.weight * *slot;
                *slot = 0.0;
            }
        }
        for share in shares.iter_mut() {
            *share /= weight_sum;
        }
        expansions
    }

    /// Ranks the matching set under one reading into `total` (best over readings).
    ///
    /// Members are taken best share first; the name pass (worth at most [`MAX_BONUS`]) runs
    /// on the first [`RESCORE`] of them, and stops early once a member's share plus the
    /// largest bonus cannot reach the `exact`-th best score of this reading: nothing after it
    /// could enter the top `exact`, so those keep their share alone.
    fn rank_reading(
        &self,
        expansions: &[Expansion],
        context: &Ranking,
        scratch: &mut Scratch,
        total: &mut [f32],
    ) {
        let Scratch {
            word_bits,
            marked_bits,
            keys,
            ..
        } = scratch;
        // Sort keys: best share first, then index order. Shares are positive, so their bits
        // order like the values.
        keys.clear();
        for &d in context.members {
            let share = context.shares.get(d as usize).copied().unwrap_or(0.0);
            if share > 0.0 {
                keys.push((u64::from(!share.to_bits()) << 32) | u64::from(d));
            }
        }
        let rescore = keys.len().min(RESCORE);
        if keys.len() > RESCORE {
            keys.select_nth_unstable(RESCORE - 1);
        }
        keys[..rescore].sort_unstable();
        // term → bit set of the query words it satisfies, and marked form → the query words
        // typed with exactly those diacritics, for the name pass.
        let mut active_bits = 0u32;
        for (i, e) in expansions.iter().enumerate() {
            if e.weight > 0.0 {
                active_bits |= 1 << i;
                for &(term, _) in &e.terms {
                    word_bits[term as usize] |= 1 << i;
                }
                if let Some(m) = e.marked {
                    marked_bits[m as usize] |= 1 << i;
                }
            }
        }
        let names = NameContext {
            active_bits,
            word_count: expansions.len().max(1),
            word_bits,
            marked_bits,
        };
        // The most the name pass can add for this reading: no phrase bonus without two
        // neighbouring words, no diacritics bonus for words typed without them.
        let with_marks = expansions
            .iter()
            .filter(|e| e.weight > 0.0 && e.marked.is_some())
            .count();
        let max_bonus = MAX_BONUS
            - if active_bits & (active_bits >> 1) == 0 {
                0.15
            } else {
                0.0
            }
            - 0.04 * (1.0 - with_marks as f32 / names.word_count as f32);
        // This reading's best `exact` scores so far, best first.
        let mut top: Vec<f32> = Vec::new();
        let mut rescoring = true;
        for (rank, &key) in keys.iter().enumerate() {
            let d = (key & 0xffff_ffff) as usize;
            let share = f32::from_bits(!((key >> 32) as u32));
            let mut score = share;
            if rescoring && rank < rescore {
                if top.len() >= context.exact
                    && top.last().is_some_and(|kth| share + max_bonus < *kth)
                {
                    rescoring = false;
                } else {
                    score += self.name_bonus(d, &names);
                }
            }
            let variants = self.variant_masks[d] & !context.asked;
            if variants != 0 {
                for (bit, rule) in self.variant_rules.iter().enumerate() {
                    if variants & (1 << bit) != 0 {
                        score *= 1.0 - rule.penalty;
                    }
                }
            }
            if rescoring && rank < rescore && context.exact > 0 {
                let at = top.partition_point(|s| *s >= score);
                if at < context.exact {
                    if top.len() >= context.exact {
                        top.pop();
                    }
                    top.insert(at, score);
                }
            }
            if score > total[d] {
                total[d] = score;
            }
        }
        for e in expansions {
            for &(term, _) in &e.terms {
                word_bits[term as usize] = 0;
            }
            if let Some(m) = e.marked {
                marked_bits[m as usize] = 0;
            }
        }
    }

    /// Phrase, proximity, specificity and diacritics bonuses from the procedure's name, in one
    /// pass over its opening words.
    fn name_bonus(&self, doc: usize, context: &NameContext) -> f32 {
        let (terms, marked) = self.name_of(doc);
        let Some(&first_term) = terms.first() else {
            return 0.0;
        };
        // Long names (some run to hundreds of words) are judged on their opening words.
        let window = terms.len().min(NAME_WINDOW);
        let mut covered = 0usize;
        let mut found = 0u32;
        let mut marked_found = 0u32;
        let mut previous = 0u32;
        for (i, term) in terms[..window].iter().enumerate() {
            let mask = context.word_bits.get(*term as usize).copied().unwrap_or(0);
            // Bit i: query words i and i + 1 stand side by side here.
            found |= previous & (mask >> 1);
            previous = mask;
            if mask != 0 {
                covered += 1;
                let typed = marked
                    .get(i)
                    .and_then(|m| context.marked_bits.get(*m as usize));
                marked_found |= typed.copied().unwrap_or(0) & mask;
            }
        }
        let specificity = covered as f32 / terms.len() as f32;
        // Pairs of neighbouring query words that both count; bit i stands for (i, i + 1).
        let active_bits = context.active_bits;
        let pair_bits = active_bits & (active_bits >> 1);
        let phrase = if pair_bits != 0 {
            (found & pair_bits).count_ones() as f32 / pair_bits.count_ones() as f32
        } else {
            0.0
        };
        let first_word = active_bits & active_bits.wrapping_neg();
        let first = context
            .word_bits
            .get(first_term as usize)
            .is_some_and(|m| m & first_word != 0);
        0.15 * phrase
            + 0.12 * specificity
            + if first { 0.03 } else { 0.0 }
            + 0.04 * marked_found.count_ones() as f32 / context.word_count as f32
    }
}

/// `quality × part_weight(mask)` for every part mask, so the postings loops look it up.
fn part_table(quality: f32) -> [f32; 16] {
    let mut table = [0f32; 16];
    for (mask, value) in table.iter_mut().enumerate() {
        *value = quality * part_weight(mask as u8);
    }
    table
}

/// What ranking one reading needs besides its expansions.
struct Ranking<'a> {
    /// This reading's share per procedure.
    shares: &'a [f32],
    /// The matching set, in index order.
    members: &'a [u32],
    /// Variants the query asks for (bits of the variant rules).
    asked: u32,
    /// How many of the best need exact scores.
    exact: usize,
}

/// What the name pass reads for one reading of the query.
struct NameContext<'a> {
    /// Query words that count (bit i for word i).
    active_bits: u32,
    word_count: usize,
    word_bits: &'a [u32],
    marked_bits: &'a [u32],
}

fn limit_of(query: &Query) -> usize {
    if query.limit == 0 {
        DEFAULT_LIMIT
    } else {
        query.limit
    }
}

/// Best score first; equal scores in index (code) order.
fn by_score_then_doc(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Per-query buffers shared by the readings: `best` (per procedure), `word_bits` (per term)
/// and `marked_bits` (per marked form) are all zero between readings, reset by what touched
/// them; `keys` is the candidate list.
struct Scratch {
    best: Vec<f32>,
    word_bits: Vec<u32>,
    marked_bits: Vec<u32>,
    keys: Vec<u64>,
}

struct ResolvedFilters {
    fields: Option<Vec<u16>>,
    agencies: Option<Vec<u16>>,
}

fn sorted_counts<T, K: Fn(&T) -> &'static str>(
    counts: impl Iterator<Item = (T, usize)>,
    label: K,
) -> Vec<(T, usize)> {
    let mut out: Vec<(T, usize)> = counts.filter(|(_, c)| *c > 0).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| label(&a.0).cmp(label(&b.0))));
    out
}

/// Non-zero counts of interned names, sorted by count then name (`rank`: each name's place
/// in alphabetical order, so no strings are compared); names are cloned only for the entries
/// returned.
fn named_counts(names: &[Arc<str>], rank: &[u32], counts: &[usize]) -> Vec<(Arc<str>, usize)> {
    let mut order: Vec<usize> = (0..counts.len().min(names.len()).min(rank.len()))
        .filter(|i| counts[*i] > 0)
        .collect();
    order.sort_unstable_by_key(|i| (std::cmp::Reverse(counts[*i]), rank[*i]));
    order
        .into_iter()
        .map(|i| (names[i].clone(), counts[i]))
        .collect()
}

/// The words of a query; the last one is a prefix unless the text ends with a separator.
fn query_words(text: &str) -> Vec<Word> {
    let tokens = tokenize(text);
    let ends_in_word = tokens.last().is_some_and(|t| t.end == text.len());
    let count = tokens.len().min(MAX_WORDS);
    tokens
        .into_iter()
        .take(MAX_WORDS)
        .enumerate()
        .map(|(i, t)| {
            let raw = &text[t.start..t.end];
            let decoded = if t.has_marks {
                None
            } else {
                decode_input_method(raw)
                    .and_then(|d| tokenize(&d).into_iter().next())
                    .map(|d| d.folded)
            };
            Word {
                marked: t.has_marks.then(|| t.marked.clone()),
                folded: t.folded,
                decoded,
                prefix: ends_in_word && i + 1 == count,
                rewritten: false,
            }
        })
        .collect()
}

/// The query as typed plus its vocabulary readings (at most three more).
fn readings(words: &[Word], vocabulary: &Vocabulary) -> Vec<Vec<Word>> {
    let mut out = vec![words.to_vec()];
    let spellings: Vec<Vec<&str>> = words
        .iter()
        .map(|w| {
            let mut s = vec![w.folded.as_str()];
            if let Some(d) = &w.decoded {
                s.push(d.as_str());
            }
            s
        })
        .collect();
    let matches = vocabulary.matches(&spellings);
    if matches.is_empty() {
        return out;
    }
    for (start, end, _) in &matches {
        for word in out[0].get_mut(*start..*end).into_iter().flatten() {
            word.rewritten = true;
        }
    }
    let alternatives = matches.iter().map(|m| m.2.len()).max().unwrap_or(1).min(3);
    for k in 0..alternatives {
        let mut reading = Vec::new();
        let mut next = 0;
        for (start, end, rules) in &matches {
            reading.extend_from_slice(&words[next..*start]);
            let rule_index = rules[k.min(rules.len() - 1)];
            if let Some(rule) = vocabulary.rules().get(rule_index) {
                reading.extend(rule.to.iter().map(|t| Word {
                    folded: t.folded.clone(),
                    marked: t.has_marks.then(|| t.marked.clone()),
                    decoded: None,
                    prefix: false,
                    rewritten: false,
                }));
            }
            next = *end;
        }
        reading.extend_from_slice(&words[next..]);
        // Word positions are bits of a u32 in scoring.
        reading.truncate(MAX_READING_WORDS);
        if !reading.is_empty() && !out.contains(&reading) {
            out.push(reading);
        }
    }
    out
}
