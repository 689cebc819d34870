//! Scoring a query's text: word expansion (exact, Telex/VNI, prefix, typos), vocabulary
//! readings, field-weighted shares of the query, then the name pass (phrase, proximity,
//! specificity, diacritics) and variant penalties. The numbers are [`WEIGHTS`].

use super::code::find_code;
use super::index::{SearchIndex, IN_NAME};
use super::paging::by_score_then_doc;
use super::phrases::FixedPhrase;
use super::vocabulary::Vocabulary;
use super::weights::WEIGHTS;
use super::words::{query_words, readings, Word};
use crate::sorting;
use crate::text::{allowed_typos, bounded_distance};

/// Most opening words of a name that count for `WEIGHTS.opening_word` each.
pub(super) const OPENING_WORDS: usize = 4;
/// Candidates that get the (more costly) phrase and proximity pass.
const RESCORE: usize = 250;
/// Most dictionary terms a prefix stands for.
const PREFIX_TERMS: usize = 300;
/// Name words the phrase pass reads.
pub(super) const NAME_WINDOW: usize = 48;

/// A word's matching terms, sorted by term id, with a quality in (0, 1].
pub(super) struct Expansion {
    pub terms: Vec<(u32, f32)>,
    /// How much the word counts: its rarity (0 when the catalog does not know it).
    pub weight: f32,
    /// Id of the word's marked form, when typed with diacritics and known to the index.
    pub marked: Option<u32>,
    /// The word was typed (or read from the vocabulary) with diacritics, in full: its exact
    /// term counts fully in a name only where the name spells it so (`marked`), less where
    /// it says another word with the same letters ("tử" typed, "từ" in the name).
    pub check_marks: Option<u32>,
    /// A one-letter prefix: its terms (every term starting with that letter, at
    /// the letter quality) are read from the letter's merged postings, and only `explicit`
    /// (the exact and decoded spellings) term by term.
    letter: Option<u8>,
    explicit: Vec<(u32, f32)>,
}

/// One reading of the query (as typed, or rewritten by the vocabulary): its words and how
/// each is found in the index.
pub(super) struct Reading {
    pub words: Vec<Word>,
    pub expansions: Vec<Expansion>,
    /// Its fixed phrases ([`phrases.tsv`](./phrases.tsv)).
    pub phrases: Vec<FixedPhrase>,
}

/// What matching a text gives: the matching set with scores, in no particular order, and
/// what it was found from (kept for the verdict).
#[derive(Default)]
pub(super) struct Matched {
    pub hits: Vec<(u32, f32)>,
    /// The query is a procedure code the index has.
    pub by_code: bool,
    pub readings: Vec<Reading>,
    /// Each reading's share of the query per procedure: `shares[r * n + doc]`.
    pub shares: Vec<f32>,
}

impl SearchIndex {
    /// All procedures that match a text, best first, with their scores. Ties break by code
    /// (the index is in code order), so the order is the same on every platform.
    pub fn rank(&self, text: &str) -> Vec<(u32, f32)> {
        let mut hits = self.matching(text, usize::MAX).hits;
        sorting::sort_by(&mut hits, by_score_then_doc);
        hits
    }

    /// The matching set with scores. The best `exact` are scored exactly; the rest may lack
    /// the name bonus (see `rank_reading`).
    pub(super) fn matching(&self, text: &str, exact: usize) -> Matched {
        let n_docs = self.len();
        if n_docs == 0 {
            return Matched::default();
        }
        if let Some(code) = find_code(text) {
            let mut hits: Vec<(u32, f32)> = Vec::new();
            for doc in self.by_code.get(code.full.as_str()).into_iter().flatten() {
                hits.push((*doc, WEIGHTS.code));
            }
            for doc in self
                .by_base_code
                .get(code.base.as_str())
                .into_iter()
                .flatten()
            {
                if !hits.iter().any(|(d, _)| d == doc) {
                    hits.push((*doc, WEIGHTS.base_code));
                }
            }
            if !hits.is_empty() {
                return Matched {
                    hits,
                    by_code: true,
                    ..Matched::default()
                };
            }
        }

        let words = query_words(text);
        if words.is_empty() {
            return Matched::default();
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
        let (expansions, weight_sums): (Vec<Vec<Expansion>>, Vec<f32>) = readings
            .iter()
            .zip(shares.chunks_mut(n_docs))
            .map(|(reading, row)| self.accumulate(reading, &mut scratch.best, row))
            .unzip();
        let phrases: Vec<Vec<FixedPhrase>> = readings
            .iter()
            .zip(&expansions)
            .map(|(words, expansions)| self.fixed_phrases(words, expansions))
            .collect();
        let mut coverage = vec![0f32; n_docs];
        for row in shares.chunks(n_docs) {
            for (c, s) in coverage.iter_mut().zip(row) {
                *c = c.max(*s);
            }
        }
        let best_coverage = coverage.iter().copied().fold(0f32, f32::max);
        if best_coverage <= 0.0 {
            return Matched::default();
        }
        // The matching set: procedures that match a good share of what the best one matches.
        let floor = (best_coverage * WEIGHTS.relative_coverage).max(WEIGHTS.min_coverage);
        let members: Vec<u32> = (0..n_docs as u32)
            .filter(|&d| coverage[d as usize] >= floor)
            .collect();
        let mut total = vec![0f32; n_docs];
        for (((row, expansions), phrases), &weight_sum) in shares
            .chunks(n_docs)
            .zip(&expansions)
            .zip(&phrases)
            .zip(&weight_sums)
        {
            let context = Ranking {
                shares: row,
                members: &members,
                asked,
                exact,
                phrases,
                weight_sum,
            };
            self.rank_reading(expansions, &context, &mut scratch, &mut total);
        }
        Matched {
            hits: members.iter().map(|&d| (d, total[d as usize])).collect(),
            by_code: false,
            readings: readings
                .into_iter()
                .zip(expansions)
                .zip(phrases)
                .map(|((words, expansions), phrases)| Reading {
                    words,
                    expansions,
                    phrases,
                })
                .collect(),
            shares,
        }
    }

    /// Variants the query asks for (bits of the variant rules): a trigger phrase in any
    /// reading, spelled as typed or as decoded from Telex/VNI. Words a vocabulary reading
    /// rewrites count in that reading only ("lai xe" read as "lái xe" asks for no "cấp lại").
    fn asked_variants(&self, readings: &[Vec<Word>]) -> u32 {
        let mut asked = 0u32;
        for reading in readings {
            let as_typed: Vec<(&str, Option<&str>)> = reading
                .iter()
                .filter(|w| !w.rewritten)
                .map(|w| (w.folded.as_str(), w.marked.as_deref()))
                .collect();
            let decoded: Vec<(&str, Option<&str>)> = reading
                .iter()
                .filter(|w| !w.rewritten)
                .map(|w| {
                    (
                        w.decoded.as_deref().unwrap_or(&w.folded),
                        w.marked.as_deref(),
                    )
                })
                .collect();
            for (bit, rule) in self.variant_rules.iter().enumerate() {
                if rule.asked_by(&as_typed) || rule.asked_by(&decoded) {
                    asked |= 1 << bit;
                }
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
            terms.push((id, WEIGHTS.exact));
            df_for_weight = Some(self.postings[id as usize].len());
        }
        let decoded = word
            .decoded
            .as_deref()
            .filter(|d| *d != word.folded)
            .and_then(|d| self.term_id(d));
        if let Some(id) = decoded {
            terms.push((id, WEIGHTS.decoded));
            df_for_weight.get_or_insert(self.postings[id as usize].len());
        }
        // A word a typed abbreviation stands for is also in a name that writes the
        // abbreviation: "bảo hiểm xã hội" (read from "bhxh") in "cấp sổ BHXH".
        if let Some(id) = word.abbreviation.as_deref().and_then(|a| self.term_id(a)) {
            terms.push((id, WEIGHTS.exact));
        }
        // A small number typed as digits also reads as its word ("1 thành viên": "một").
        if let Some(id) = number_word(&word.folded).and_then(|w| self.term_id(w)) {
            terms.push((id, WEIGHTS.decoded));
            df_for_weight.get_or_insert(self.postings[id as usize].len());
        }
        if word.prefix && !word.folded.is_empty() {
            let quality = if word.folded.len() == 1 {
                WEIGHTS.letter
            } else {
                WEIGHTS.prefix
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
                            let quality = if d <= 1 {
                                WEIGHTS.one_typo
                            } else {
                                WEIGHTS.two_typos
                            };
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
        sorting::sort_by(&mut terms, |a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        terms.dedup_by_key(|t| t.0);
        let n = self.len() as f32;
        let marked = word
            .marked
            .as_deref()
            .and_then(|m| self.marked.get(m).copied());
        let mut check_marks = if word.marked.is_some() && !word.prefix {
            exact
        } else {
            None
        };
        if let Some(term) = check_marks {
            // How rare the word is as spelt: "lái" is rarer than "lai" (lại, lai, lái …).
            let spelt = marked.map_or(0, |m| self.marked_postings[m as usize].len());
            if spelt > 0 {
                df_for_weight = df_for_weight.map(|df| df.min(spelt));
            }
            // Every name with these letters spells them so: nothing to tell apart.
            if spelt as u32 == self.name_df[term as usize] {
                check_marks = None;
            }
        }
        let weight = df_for_weight.map_or(0.0, |df| (1.0 + n / df.max(1) as f32).ln());
        Expansion {
            terms,
            weight,
            marked,
            check_marks,
            letter,
            explicit,
        }
    }

    /// Expands one reading's words and writes each procedure's share of the reading's weight
    /// into `shares` (zero where nothing matches); gives the expansions and that weight.
    ///
    /// The inner loops are branch-free (a table lookup and a max): which procedure a posting
    /// names is unpredictable, and mispredicted branches cost more than the arithmetic.
    fn accumulate(
        &self,
        words: &[Word],
        best: &mut [f32],
        shares: &mut [f32],
    ) -> (Vec<Expansion>, f32) {
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
            return (expansions, weight_sum);
        }
        for expansion in &expansions {
            if expansion.weight <= 0.0 {
                continue;
            }
            if let [(term, quality)] = expansion.terms.as_slice() {
                // One spelling: no maximum to take, add straight to the sums.
                let quality = expansion.weight * quality;
                if expansion.check_marks.is_some() {
                    self.add_spelt(*term, quality, expansion.marked, |doc, value| {
                        shares[doc] += value;
                    });
                } else {
                    let table = part_table(quality);
                    for &(doc, mask) in &self.postings[*term as usize] {
                        shares[doc as usize] += table[usize::from(mask & 15)];
                    }
                }
                continue;
            }
            let singles = match expansion.letter {
                Some(letter) => {
                    // The part masks of a letter's terms are merged per procedure, and the
                    // best part of a union is the best of its parts: the same maximum.
                    let table = part_table(WEIGHTS.letter);
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
                if expansion.check_marks == Some(term) {
                    self.add_spelt(term, quality, expansion.marked, |doc, value| {
                        let slot = &mut best[doc];
                        *slot = if value > *slot { value } else { *slot };
                    });
                    continue;
                }
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
        (expansions, weight_sum)
    }

    /// Each procedure's value for a word typed with diacritics (its term's postings at
    /// `quality`, a name that spells it otherwise counting `WEIGHTS.other_marks` of a name
    /// match), given to `add`. The names that spell it so are `marked`'s postings; both lists
    /// are in index order.
    fn add_spelt(
        &self,
        term: u32,
        quality: f32,
        marked: Option<u32>,
        mut add: impl FnMut(usize, f32),
    ) {
        let table = part_table(quality);
        let other = quality * WEIGHTS.name * WEIGHTS.other_marks;
        let spelt: &[u32] = marked.map_or(&[], |m| &self.marked_postings[m as usize]);
        let mut next = 0usize;
        for &(doc, mask) in &self.postings[term as usize] {
            while next < spelt.len() && spelt[next] < doc {
                next += 1;
            }
            let value = if mask & IN_NAME != 0 && spelt.get(next) != Some(&doc) {
                table[usize::from(mask & !IN_NAME & 15)].max(other)
            } else {
                table[usize::from(mask & 15)]
            };
            add(doc as usize, value);
        }
    }

    /// Ranks the matching set under one reading into `total` (best over readings).
    ///
    /// Members are taken best share first; the name pass (worth at most `WEIGHTS.max_name_bonus`) runs
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
        sorting::sort_smallest_keys(keys, rescore);
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
        // The most the name pass can add for this reading: no phrase bonus without two
        // neighbouring words, no diacritics bonus for words typed without them; then what the
        // procedure itself brings (serving citizens, the commune, a common need), known per
        // procedure. A procedure whose share plus its most cannot reach the page's last score
        // is not read; once none after it can (shares only fall), the pass stops.
        let name_most = WEIGHTS.phrase
            * if active_bits & (active_bits >> 1) == 0 {
                0.0
            } else {
                1.0
            }
            + WEIGHTS.specificity
            + WEIGHTS.opening_word * OPENING_WORDS as f32
            + WEIGHTS.diacritics * with_marks as f32 / names.word_count as f32;
        // This reading's best `exact` scores so far, best first.
        let mut top: Vec<f32> = Vec::new();
        let mut rescoring = true;
        for (rank, &key) in keys.iter().enumerate() {
            let d = (key & 0xffff_ffff) as usize;
            let share = f32::from_bits(!((key >> 32) as u32));
            let mut score = share;
            if rescoring && rank < rescore {
                let kth = (top.len() >= context.exact)
                    .then(|| top.last().copied())
                    .flatten();
                if kth.is_some_and(|kth| share + name_most + self.max_doc_bonus < kth) {
                    rescoring = false;
                } else if !kth.is_some_and(|kth| share + name_most + self.doc_bonus[d] < kth) {
                    score += self.name_bonus(d, &names);
                    // A fixed phrase the procedure has only apart is not what it is about:
                    // its words count as not matched ("giấy phép lái xe" in "giấy phép đào
                    // tạo lái xe").
                    if !context.phrases.is_empty() && context.weight_sum > 0.0 {
                        score -= self.phrases_apart(context.phrases, d) / context.weight_sum;
                    }
                }
            }
            let variants = self.variant_masks[d] & !context.asked;
            if variants != 0 {
                for (bit, rule) in self.variant_rules.iter().enumerate() {
                    if variants & (1 << bit) != 0 {
                        score -= rule.penalty * WEIGHTS.variant;
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
    /// pass over its opening words, and what the procedure itself brings (`doc_bonus`).
    fn name_bonus(&self, doc: usize, context: &NameContext) -> f32 {
        let (terms, marked) = self.name_of(doc);
        if terms.is_empty() {
            return 0.0;
        }
        // Long names (some run to hundreds of words) are judged on their opening words.
        let window = terms.len().min(NAME_WINDOW);
        let head = usize::from(self.name_heads.get(doc).copied().unwrap_or(u16::MAX))
            .clamp(1, terms.len());
        let mut covered_head = 0usize;
        let mut found = 0u32;
        let mut marked_found = 0u32;
        let mut previous = 0u32;
        for (i, term) in terms[..window].iter().enumerate() {
            let mask = context.word_bits.get(*term as usize).copied().unwrap_or(0);
            // Bit i: query words i and i + 1 stand side by side here, or both are this one
            // word (an abbreviation standing for them).
            found |= (previous | mask) & (mask >> 1);
            previous = mask;
            if mask != 0 {
                if i < head {
                    covered_head += 1;
                }
                let typed = marked
                    .get(i)
                    .and_then(|m| context.marked_bits.get(*m as usize));
                marked_found |= typed.copied().unwrap_or(0) & mask;
            }
        }
        // How much of what the procedure is (its opening clause) the query names: "đăng ký
        // khai sinh" before the variants that add to it, and a long name's qualifiers
        // ("…, có thời hạn đối với công trình cấp III, …") do not count against it.
        let specificity = covered_head as f32 / head as f32;
        // Pairs of neighbouring query words that both count; bit i stands for (i, i + 1).
        let active_bits = context.active_bits;
        let pair_bits = active_bits & (active_bits >> 1);
        let phrase = if pair_bits != 0 {
            (found & pair_bits).count_ones() as f32 / pair_bits.count_ones() as f32
        } else {
            0.0
        };
        // How many of the query's opening words open the name, in order ("nhập quốc tịch
        // Việt Nam …" for "nhập quốc tịch việt nam cho người nước ngoài"), up to
        // `OPENING_WORDS`: citizens type the start of what they want.
        let first_word = active_bits.trailing_zeros();
        let opening = terms[..window]
            .iter()
            .zip(first_word..32)
            .take(OPENING_WORDS)
            .take_while(|(term, i)| {
                context
                    .word_bits
                    .get(**term as usize)
                    .is_some_and(|m| m & (1 << i) != 0)
            })
            .count();
        WEIGHTS.phrase * phrase
            + WEIGHTS.specificity * specificity
            + WEIGHTS.opening_word * opening as f32
            + WEIGHTS.diacritics * marked_found.count_ones() as f32 / context.word_count as f32
            + self.doc_bonus.get(doc).copied().unwrap_or(0.0)
    }
}

/// The word for a number written with digits, one to ten, as names spell them ("một thành
/// viên", "hai thành viên"), folded.
fn number_word(folded: &str) -> Option<&'static str> {
    const WORDS: [&str; 10] = [
        "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi",
    ];
    let n: usize = folded.parse().ok()?;
    WORDS.get(n.checked_sub(1)?).copied()
}

/// `quality × WEIGHTS.part(mask)` for every part mask, so the postings loops look it up.
fn part_table(quality: f32) -> [f32; 16] {
    let mut table = [0f32; 16];
    for (mask, value) in table.iter_mut().enumerate() {
        *value = quality * WEIGHTS.part(mask as u8);
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
    /// This reading's fixed phrases, and the weight its shares are a part of.
    phrases: &'a [FixedPhrase],
    weight_sum: f32,
}

/// What the name pass reads for one reading of the query.
struct NameContext<'a> {
    /// Query words that count (bit i for word i).
    active_bits: u32,
    word_count: usize,
    word_bits: &'a [u32],
    marked_bits: &'a [u32],
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
