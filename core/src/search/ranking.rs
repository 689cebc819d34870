//! Queries against a [`SearchIndex`]: word expansion (exact, Telex/VNI, prefix, typos),
//! vocabulary readings, field-weighted scoring with phrase and proximity bonuses, variant
//! penalties, filters and facet counts.

use super::code::find_code;
use super::index::{part_weight, SearchIndex};
use super::vocabulary::Vocabulary;
use crate::catalog::{Level, OnlineLevel};
use crate::text::{allowed_typos, bounded_distance, decode_input_method, fold, tokenize};
use serde::Serialize;

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
    pub fields: Vec<(String, usize)>,
    pub agencies: Vec<(String, usize)>,
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
}

/// A word's matching terms, sorted by term id, with a quality in (0, 1].
struct Expansion {
    terms: Vec<(u32, f32)>,
    weight: f32,
    marked: Option<u32>,
}

impl SearchIndex {
    /// Ranked hits for a query with filters, facets and paging.
    pub fn search(&self, query: &Query) -> SearchResults {
        let ranked = if query.text.trim().is_empty() {
            (0..self.len() as u32).map(|d| (d, 0.0)).collect()
        } else {
            self.matching(&query.text)
        };
        let filter = self.resolve_filters(query);
        let mut level_counts = [0usize; Level::ALL.len()];
        let mut field_counts = vec![0usize; self.compact.fields.len()];
        let mut agency_counts = vec![0usize; self.compact.agencies.len()];
        let mut online_counts = [0usize; 4];
        let mut passing: Vec<(u32, f32)> = Vec::new();
        for &(doc, score) in &ranked {
            let Some(p) = self.procedure(doc as usize) else {
                continue;
            };
            let ok_level = query.level.is_none_or(|l| p.has_level(l));
            let ok_field = filter
                .fields
                .as_ref()
                .is_none_or(|ids| p.field_ids().iter().any(|f| ids.contains(f)));
            let ok_agency = filter
                .agencies
                .as_ref()
                .is_none_or(|ids| p.agency_id().is_some_and(|a| ids.contains(&a)));
            let ok_online = query.online.is_none_or(|o| p.online_level() == Some(o));
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
            if ok_field && ok_agency && ok_online {
                for (i, level) in Level::ALL.iter().enumerate() {
                    if p.has_level(*level) {
                        level_counts[i] += 1;
                    }
                }
            }
            if ok_level && ok_agency && ok_online {
                for f in p.field_ids() {
                    if let Some(c) = field_counts.get_mut(usize::from(*f)) {
                        *c += 1;
                    }
                }
            }
            if ok_level && ok_field && ok_online {
                if let Some(c) = p
                    .agency_id()
                    .and_then(|a| agency_counts.get_mut(usize::from(a)))
                {
                    *c += 1;
                }
            }
            if ok_level && ok_field && ok_agency {
                online_counts[usize::from(p.5.min(3))] += 1;
            }
        }
        let limit = if query.limit == 0 {
            DEFAULT_LIMIT
        } else {
            query.limit
        };
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
            facets: Facets {
                levels: sorted_counts(Level::ALL.iter().copied().zip(level_counts), |l| l.label()),
                fields: named_counts(&self.compact.fields, &field_counts),
                agencies: named_counts(&self.compact.agencies, &agency_counts),
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
            },
            next_offset: (end < total).then_some(end),
        }
    }

    /// Just the best `limit` hits for a text (the widget's keystroke path).
    pub fn search_text(&self, text: &str, limit: usize) -> Vec<Hit> {
        self.search(&Query {
            text: text.to_string(),
            limit,
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
        let mut hits = self.matching(text);
        hits.sort_by(by_score_then_doc);
        hits
    }

    /// The matching set with scores, in no particular order.
    fn matching(&self, text: &str) -> Vec<(u32, f32)> {
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

        let mut total = vec![0f32; n_docs];
        let mut coverage = vec![0f32; n_docs];
        let mut scratch = Scratch {
            sums: vec![0f32; n_docs],
            best: vec![0f32; n_docs],
            word_bits: vec![0u32; self.terms.len()],
        };
        for reading in &readings {
            self.score_reading(reading, asked, &mut scratch, &mut total, &mut coverage);
        }
        let best_coverage = coverage.iter().copied().fold(0f32, f32::max);
        if best_coverage <= 0.0 {
            return Vec::new();
        }
        // The matching set: procedures that match a good share of what the best one matches.
        let floor = (best_coverage * 0.5).max(0.2);
        (0..n_docs)
            .filter(|&d| coverage[d] >= floor)
            .map(|d| (d as u32, total[d]))
            .collect()
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
            let quality = if word.folded.len() == 1 { 0.6 } else { 0.85 };
            let range = self.prefix_range(&word.folded);
            let mut df_sum = 0usize;
            for id in range.take(300) {
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
        }
    }

    fn score_reading(
        &self,
        words: &[Word],
        asked: u32,
        scratch: &mut Scratch,
        total: &mut [f32],
        coverage: &mut [f32],
    ) {
        let expansions: Vec<Expansion> = words.iter().map(|w| self.expand(w)).collect();
        let weight_sum: f32 = expansions.iter().map(|e| e.weight).sum();
        if weight_sum <= 0.0 {
            return;
        }
        let Scratch {
            sums,
            best,
            word_bits,
        } = scratch;
        let mut touched: Vec<u32> = Vec::new();
        for expansion in &expansions {
            if expansion.weight <= 0.0 {
                continue;
            }
            for &doc in &touched {
                best[doc as usize] = 0.0;
            }
            touched.clear();
            if let [(term, quality)] = expansion.terms.as_slice() {
                // One spelling: no maximum to take, add straight to the sums.
                let factor = expansion.weight * quality;
                for &(doc, mask) in &self.postings[*term as usize] {
                    sums[doc as usize] += factor * part_weight(mask);
                }
                continue;
            }
            for &(term, quality) in &expansion.terms {
                for &(doc, mask) in &self.postings[term as usize] {
                    let value = quality * part_weight(mask);
                    let slot = &mut best[doc as usize];
                    if *slot == 0.0 {
                        touched.push(doc);
                    }
                    if value > *slot {
                        *slot = value;
                    }
                }
            }
            for &doc in &touched {
                sums[doc as usize] += expansion.weight * best[doc as usize];
            }
        }
        for &doc in &touched {
            best[doc as usize] = 0.0;
        }
        // Read the sums and leave them zeroed for the next reading.
        let mut candidates: Vec<(u32, f32)> = Vec::new();
        for (d, s) in sums.iter_mut().enumerate() {
            if *s > 0.0 {
                candidates.push((d as u32, *s / weight_sum));
            }
            *s = 0.0;
        }
        if candidates.len() > RESCORE {
            candidates.select_nth_unstable_by(RESCORE - 1, by_score_then_doc);
        }
        // term → bit set of the query words it satisfies, for the name pass.
        for (i, e) in expansions.iter().enumerate() {
            if e.weight > 0.0 {
                for &(term, _) in &e.terms {
                    word_bits[term as usize] |= 1 << i;
                }
            }
        }
        let mut active_bits = 0u32;
        for (i, e) in expansions.iter().enumerate() {
            if e.weight > 0.0 {
                active_bits |= 1 << i;
            }
        }
        let mut masks: Vec<u32> = Vec::new();
        for (rank, &(doc, share)) in candidates.iter().enumerate() {
            let d = doc as usize;
            let mut score = share;
            if rank < RESCORE {
                score += self.name_bonus(d, &expansions, active_bits, word_bits, &mut masks);
            }
            let variants = self.variant_masks[d] & !asked;
            if variants != 0 {
                for (bit, rule) in self.variant_rules.iter().enumerate() {
                    if variants & (1 << bit) != 0 {
                        score *= 1.0 - rule.penalty;
                    }
                }
            }
            if score > total[d] {
                total[d] = score;
            }
            if share > coverage[d] {
                coverage[d] = share;
            }
        }
        for e in &expansions {
            for &(term, _) in &e.terms {
                word_bits[term as usize] = 0;
            }
        }
    }

    /// Phrase, proximity, specificity and diacritics bonuses from the procedure's name.
    fn name_bonus(
        &self,
        doc: usize,
        expansions: &[Expansion],
        active_bits: u32,
        word_bits: &[u32],
        masks: &mut Vec<u32>,
    ) -> f32 {
        let name = &self.names[doc];
        let skip = usize::from(self.name_skip[doc]).min(name.len());
        let name = &name[skip..];
        if name.is_empty() {
            return 0.0;
        }
        // Long names (some run to hundreds of words) are judged on their opening words.
        let window = &name[..name.len().min(NAME_WINDOW)];
        masks.clear();
        masks.extend(
            window
                .iter()
                .map(|w| word_bits.get(w.term as usize).copied().unwrap_or(0)),
        );
        let masks: &[u32] = masks;
        let covered = masks.iter().filter(|m| **m != 0).count();
        let any_bits = masks.iter().fold(0u32, |a, m| a | m);
        let specificity = covered as f32 / name.len() as f32;
        // Pairs of neighbouring query words that both count; bit i stands for (i, i + 1).
        let pair_bits = active_bits & (active_bits >> 1);
        let mut found = 0u32;
        for w in masks.windows(2) {
            found |= w[0] & (w[1] >> 1);
        }
        let phrase = if pair_bits != 0 {
            (found & pair_bits).count_ones() as f32 / pair_bits.count_ones() as f32
        } else {
            0.0
        };
        let first_word = active_bits & active_bits.wrapping_neg();
        let first = masks[0] & first_word != 0;
        let mut marked_hits = 0usize;
        for (i, e) in expansions
            .iter()
            .enumerate()
            .filter(|(_, e)| e.marked.is_some())
        {
            if let Some(m) = e.marked {
                // No window word satisfies this query word: nothing to scan for.
                if any_bits & (1 << i) == 0 {
                    continue;
                }
                if window
                    .iter()
                    .zip(masks)
                    .any(|(w, mask)| w.marked == m && mask & (1 << i) != 0)
                {
                    marked_hits += 1;
                }
            }
        }
        0.15 * phrase
            + 0.12 * specificity
            + if first { 0.03 } else { 0.0 }
            + 0.04 * marked_hits as f32 / expansions.len().max(1) as f32
    }
}

/// Best score first; equal scores in index (code) order.
fn by_score_then_doc(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Per-query buffers shared by the readings: `sums` and `best` (per procedure) and
/// `word_bits` (per term) are all zero between readings, reset by what touched them.
struct Scratch {
    sums: Vec<f32>,
    best: Vec<f32>,
    word_bits: Vec<u32>,
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

/// Non-zero counts of interned names, sorted by count then name; names are cloned only for
/// the entries returned.
fn named_counts(names: &[String], counts: &[usize]) -> Vec<(String, usize)> {
    let mut order: Vec<usize> = (0..counts.len().min(names.len()))
        .filter(|i| counts[*i] > 0)
        .collect();
    order.sort_by(|a, b| {
        counts[*b]
            .cmp(&counts[*a])
            .then_with(|| names[*a].cmp(&names[*b]))
    });
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
