//! Building a [`SearchIndex`] from its compact form, in named steps: read the words of the
//! shared names (fields, agencies), read each procedure (name, variant markers, parts), sort
//! the dictionary and invert it into postings, then the code maps and the filter columns.
//!
//! This runs in the widget on every page load, so words are read straight into reused buffers
//! (no token or string per word) and each distinct word is copied once.

use super::common::{self, CommonNeed};
use super::compact::{level_bit, CompactIndex, SERVES_CITIZENS};
use super::index::{FastMap, SearchIndex, IN_AGENCY, IN_FIELD, IN_KEYWORDS, IN_NAME, NO_GROUP};
use super::variants::{self, VariantRule};
use super::weights::WEIGHTS;
use crate::catalog::code::base_code;
use crate::catalog::Level;
use crate::sorting;
use crate::text::{for_each_word, push_folded, push_marked, Letter};
use std::sync::Arc;

impl SearchIndex {
    /// Builds the index from its compact form, reading the words of its texts.
    pub fn new(compact: CompactIndex) -> SearchIndex {
        let words = TextWords::new(&compact);
        now(SearchIndex::assemble(compact, words, &mut NoPause))
    }

    /// Builds the index from the compact rows and their words, however they were read,
    /// pausing at `pause` every few hundred procedures and between steps.
    pub(super) async fn assemble(
        compact: CompactIndex,
        mut words: impl WordSource,
        pause: &mut impl Pause,
    ) -> SearchIndex {
        let variant_rules = variants::builtin();
        let n_docs = compact.procedures.len();
        let mut read = read_procedures(&compact, &mut words, variant_rules, pause).await;
        let dictionary = Dictionary::sort(words.take_words(), &read.doc_terms);
        pause.pause().await;
        for term in read
            .names
            .terms
            .iter_mut()
            .chain(read.keywords.terms.iter_mut())
        {
            *term = dictionary.remap[*term as usize];
        }
        let (duplicate_group, duplicate_members) = duplicate_groups(&read.first_with_name);
        let (by_code, by_base_code) = code_maps(&compact);
        let (field_starts, field_ids) = field_columns(&compact);
        let level_bits = compact.procedures.iter().map(|p| p.2).collect();
        let online = compact.procedures.iter().map(|p| p.5).collect();
        let commune = level_bit(Level::Commune);
        let doc_bonus: Vec<f32> = compact
            .procedures
            .iter()
            .zip(&read.common_bonus)
            .map(|(p, common)| {
                let citizens = if p.serves() & SERVES_CITIZENS != 0 {
                    WEIGHTS.citizens
                } else {
                    0.0
                };
                let commune = if p.2 & commune != 0 {
                    WEIGHTS.commune
                } else {
                    0.0
                };
                citizens + commune + common
            })
            .collect();
        let max_doc_bonus = doc_bonus.iter().copied().fold(0f32, f32::max);
        let agency = compact.procedures.iter().map(|p| p.4).collect();
        pause.pause().await;
        let letter_postings = letter_postings(&dictionary.terms, &dictionary.postings, n_docs);
        let marked_postings = marked_postings(&read.names, read.marked.len());
        let name_df = dictionary
            .postings
            .iter()
            .map(|p| p.iter().filter(|(_, mask)| mask & IN_NAME != 0).count() as u32)
            .collect();
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
        let fields_alphabetical = alphabetical(&compact.fields);
        let agencies_alphabetical = alphabetical(&compact.agencies);

        let mut index = SearchIndex {
            compact,
            terms: dictionary.terms,
            postings: dictionary.postings,
            terms_by_len: dictionary.terms_by_len,
            marked: read.marked,
            marked_postings,
            name_df,
            name_terms: read.names.terms,
            name_marked: read.names.marked,
            name_starts: read.names.starts,
            name_heads: read.names.heads,
            variant_masks: read.variant_masks,
            doc_bonus,
            max_doc_bonus,
            variant_rules,
            duplicate_group,
            duplicate_members,
            by_code,
            by_base_code,
            level_bits,
            online,
            agency,
            field_starts,
            field_ids,
            field_names,
            agency_names,
            fields_alphabetical,
            agencies_alphabetical,
            letter_postings,
            phrase_docs: Vec::new(),
        };
        pause.pause().await;
        index.phrase_docs =
            index.docs_with_phrases(&read.keywords, |marked| words.keyword_mark(marked));
        index
    }
}

/// Where a long build lets the page breathe: the widget yields to the event loop there
/// (every few hundred procedures and between steps, once its slice of time is spent); native
/// builds and the edge never pause ([`NoPause`]).
pub trait Pause {
    fn pause(&mut self) -> impl std::future::Future<Output = ()>;
}

/// Never pauses.
pub struct NoPause;

impl Pause for NoPause {
    fn pause(&mut self) -> impl std::future::Future<Output = ()> {
        std::future::ready(())
    }
}

/// Runs a build that never waits (its pauses are [`NoPause`]) to its end.
pub(super) fn now<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut context) {
            return out;
        }
    }
}

/// Procedures read between two pauses.
const PROCEDURES_PER_SLICE: usize = 256;

/// Where the words of each procedure's texts come from: the texts themselves, tokenised
/// ([`TextWords`], when publishing and natively), or the binary index's token streams
/// ([`super::compact_bytes`], in the widget and the edge), which hold them already read.
/// Term ids are the source's own until [`Dictionary::sort`] renumbers them.
pub(super) trait WordSource {
    /// The folded word of a term.
    fn word(&self, term: u32) -> &str;
    /// The term of a folded word, if any text has it.
    fn term(&self, word: &str) -> Option<u32>;
    /// The id of a marked form among the keywords' ones, if a keyword spells a word so.
    fn keyword_mark(&self, marked: &str) -> Option<u32>;
    /// Procedure `doc`'s name into `out`; its marked forms get ids in `marked`.
    fn name(&mut self, doc: usize, text: &str, marked: &mut MarkedForms, out: &mut NameWords);
    /// Procedure `doc`'s keywords, (term, keyword mark) per word in order, appended to `out`.
    fn keywords(&mut self, doc: usize, text: &str, out: &mut Vec<(u32, u32)>);
    /// The terms of the fields' and agencies' names.
    fn shared(&self) -> &SharedTerms;
    /// Every folded word, by term id (taken: only [`WordSource::keyword_mark`] is asked after).
    fn take_words(&mut self) -> Vec<Box<str>>;
}

/// The marked forms of names' words (lower case, diacritics kept), ids in first-seen order.
pub(super) type MarkedForms = FastMap<Box<str>, u32>;

/// Interns a name word's marked form.
pub(super) fn marked_id(marked: &mut MarkedForms, form: &str) -> u32 {
    match marked.get(form) {
        Some(id) => *id,
        None => {
            let id = marked.len() as u32;
            marked.insert(form.into(), id);
            id
        }
    }
}

/// One name's words: term ids, marked-form ids, and the positions of the words that follow a
/// clause break.
#[derive(Default)]
pub(super) struct NameWords {
    pub terms: Vec<u32>,
    pub marks: Vec<u32>,
    pub breaks: Vec<u32>,
}

impl NameWords {
    pub fn clear(&mut self) {
        self.terms.clear();
        self.marks.clear();
        self.breaks.clear();
    }
}

/// Every procedure's keywords as flat arrays: procedure `d`'s are
/// `terms[starts[d]..starts[d + 1]]`, with their marked forms' keyword ids in `marks`.
#[derive(Default)]
pub(super) struct KeywordWords {
    pub terms: Vec<u32>,
    pub marks: Vec<u32>,
    pub starts: Vec<u32>,
}

impl KeywordWords {
    pub fn of(&self, doc: usize) -> (&[u32], &[u32]) {
        let start = self.starts.get(doc).copied().unwrap_or(0) as usize;
        let end = self.starts.get(doc + 1).copied().unwrap_or(0) as usize;
        (
            self.terms.get(start..end).unwrap_or(&[]),
            self.marks.get(start..end).unwrap_or(&[]),
        )
    }
}

/// The terms of the names procedures share, read once: each field's and each agency's.
pub(super) struct SharedTerms {
    pub fields: Vec<Vec<u32>>,
    pub agencies: Vec<Vec<u32>>,
}

impl SharedTerms {
    fn field(&self, field: u16) -> &[u32] {
        self.fields
            .get(usize::from(field))
            .map_or(&[], Vec::as_slice)
    }

    fn agency(&self, agency: u16) -> &[u32] {
        self.agencies
            .get(usize::from(agency))
            .map_or(&[], Vec::as_slice)
    }
}

/// The words of the compact index's texts, tokenised as they are read.
pub(super) struct TextWords {
    reader: WordReader,
    shared: SharedTerms,
    keyword_marks: FastMap<Box<str>, u32>,
}

impl TextWords {
    pub fn new(compact: &CompactIndex) -> TextWords {
        let mut reader = WordReader::default();
        // Fields and agencies are shared by many procedures: their words are read once.
        let fields = reader.texts(&compact.fields);
        let agencies = reader.texts(&compact.agencies);
        TextWords {
            reader,
            shared: SharedTerms { fields, agencies },
            keyword_marks: FastMap::default(),
        }
    }
}

impl WordSource for TextWords {
    fn word(&self, term: u32) -> &str {
        self.reader.terms.word(term)
    }

    fn term(&self, word: &str) -> Option<u32> {
        self.reader.terms.ids.get(word).copied()
    }

    fn keyword_mark(&self, marked: &str) -> Option<u32> {
        self.keyword_marks.get(marked).copied()
    }

    fn name(&mut self, _doc: usize, text: &str, marked: &mut MarkedForms, out: &mut NameWords) {
        read_name(text, &mut self.reader, marked, out);
    }

    fn keywords(&mut self, _doc: usize, text: &str, out: &mut Vec<(u32, u32)>) {
        let WordReader {
            letters,
            folded,
            marked,
            terms,
        } = &mut self.reader;
        let marks = &mut self.keyword_marks;
        for_each_word(text, letters, |word, _, _| {
            push_folded(word, folded);
            push_marked(word, marked);
            let mark = marked_id(marks, marked);
            out.push((terms.intern(folded), mark));
        });
    }

    fn shared(&self) -> &SharedTerms {
        &self.shared
    }

    fn take_words(&mut self) -> Vec<Box<str>> {
        std::mem::take(&mut self.reader.terms.words)
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

/// Reused buffers for reading words, and the words read so far.
struct WordReader {
    letters: Vec<Letter>,
    folded: String,
    marked: String,
    terms: Terms,
}

impl Default for WordReader {
    fn default() -> WordReader {
        WordReader {
            letters: Vec::with_capacity(32),
            folded: String::with_capacity(32),
            marked: String::with_capacity(32),
            terms: Terms::default(),
        }
    }
}

impl WordReader {
    /// Each text's words as term ids.
    fn texts(&mut self, texts: &[String]) -> Vec<Vec<u32>> {
        texts
            .iter()
            .map(|text| {
                let mut ids = Vec::new();
                self.each_term(text, |term| ids.push(term));
                ids
            })
            .collect()
    }

    /// Calls `f` with the term id of each word of `text`.
    fn each_term(&mut self, text: &str, mut f: impl FnMut(u32)) {
        let (folded, terms) = (&mut self.folded, &mut self.terms);
        for_each_word(text, &mut self.letters, |word, _, _| {
            push_folded(word, folded);
            f(terms.intern(folded));
        });
    }
}

/// Names as flat arrays of term ids and marked-form ids: procedure `d`'s are
/// `terms[starts[d]..starts[d + 1]]`; `heads[d]`: how many of them make the opening clause.
struct Names {
    terms: Vec<u32>,
    marked: Vec<u32>,
    starts: Vec<u32>,
    heads: Vec<u16>,
}

/// Fewest words an opening clause has, and fewest a segment between breaks must have to end
/// it: a list of short verbs ("Đăng ký, đăng ký lại, điều chỉnh đóng BHXH …", "Cấp lại, đổi,
/// …") reads on to its object.
const MIN_HEAD_WORDS: usize = 3;
const MIN_SEGMENT_WORDS: usize = 4;

/// How many of a name's scored words (after the `skip` leading ones) make its opening
/// clause, given the positions of the words that follow a break.
fn opening_clause(breaks: &[u32], skip: usize, words: usize) -> u16 {
    let scored = words.saturating_sub(skip);
    let mut segment_start = 0usize;
    for b in breaks.iter().map(|b| (*b as usize).saturating_sub(skip)) {
        if b >= MIN_HEAD_WORDS && b - segment_start >= MIN_SEGMENT_WORDS {
            return u16::try_from(b).unwrap_or(u16::MAX);
        }
        segment_start = b;
    }
    u16::try_from(scored).unwrap_or(u16::MAX)
}

/// What reading the procedures gives.
struct ReadProcedures {
    /// Per procedure: (term, part mask), one entry per term, sorted by term.
    doc_terms: Vec<Vec<(u32, u8)>>,
    names: Names,
    keywords: KeywordWords,
    variant_masks: Vec<u32>,
    /// Each procedure's common-need bonus (`common.tsv`).
    common_bonus: Vec<f32>,
    /// Marked form → id.
    marked: MarkedForms,
    /// For each procedure, the first one with the same name (itself when none came before).
    first_with_name: Vec<u32>,
}

async fn read_procedures(
    compact: &CompactIndex,
    words: &mut impl WordSource,
    variant_rules: &[VariantRule],
    pause: &mut impl Pause,
) -> ReadProcedures {
    let n_docs = compact.procedures.len();
    let mut out = ReadProcedures {
        doc_terms: Vec::with_capacity(n_docs),
        names: Names {
            terms: Vec::new(),
            marked: Vec::new(),
            starts: Vec::with_capacity(n_docs + 1),
            heads: Vec::with_capacity(n_docs),
        },
        keywords: KeywordWords::default(),
        variant_masks: Vec::with_capacity(n_docs),
        common_bonus: Vec::with_capacity(n_docs),
        marked: FastMap::default(),
        first_with_name: Vec::with_capacity(n_docs),
    };
    // Names as their words' marked forms (lower case, punctuation and spacing aside).
    let mut names_seen: FastMap<Vec<u32>, u32> = FastMap::default();
    out.names.starts.push(0);
    out.keywords.starts.push(0);
    // The current name's words, its keywords, and its (term, part) list.
    let mut name = NameWords::default();
    let mut keywords: Vec<(u32, u32)> = Vec::new();
    let mut parts: Vec<(u32, u8)> = Vec::new();
    let mut phrase_ids: Vec<Option<Vec<u32>>> = vec![None; variant_rules.len()];
    let common_needs = common::builtin();
    let mut common_ids: Vec<Option<Vec<u32>>> = vec![None; common_needs.len()];
    for (doc, procedure) in compact.procedures.iter().enumerate() {
        if doc % PROCEDURES_PER_SLICE == PROCEDURES_PER_SLICE - 1 {
            pause.pause().await;
        }
        parts.clear();
        name.clear();
        words.name(doc, procedure.name(), &mut out.marked, &mut name);
        parts.extend(name.terms.iter().map(|term| (*term, IN_NAME)));
        let first = *names_seen.entry(name.marks.clone()).or_insert(doc as u32);
        out.first_with_name.push(first);
        // Names are scored without the leading words that carry no meaning ("Thủ tục …").
        let opening: Vec<&str> = name.terms.iter().take(3).map(|t| words.word(*t)).collect();
        let skip = if name.terms.len() > 2 {
            variants::opening_words(&opening)
        } else {
            0
        };
        out.variant_masks.push(variant_mask(
            &name.terms,
            skip,
            variant_rules,
            &mut phrase_ids,
            &*words,
        ));
        out.common_bonus.push(common_bonus(
            &name.terms,
            common_needs,
            &mut common_ids,
            &*words,
        ));
        out.names
            .terms
            .extend_from_slice(name.terms.get(skip..).unwrap_or(&[]));
        out.names
            .marked
            .extend_from_slice(name.marks.get(skip..).unwrap_or(&[]));
        out.names.starts.push(out.names.terms.len() as u32);
        let head = opening_clause(&name.breaks, skip, name.terms.len());
        out.names.heads.push(head);
        for field in procedure.field_ids() {
            parts.extend(
                words
                    .shared()
                    .field(*field)
                    .iter()
                    .map(|id| (*id, IN_FIELD)),
            );
        }
        if let Some(agency) = procedure.agency_id() {
            parts.extend(
                words
                    .shared()
                    .agency(agency)
                    .iter()
                    .map(|id| (*id, IN_AGENCY)),
            );
        }
        keywords.clear();
        words.keywords(doc, procedure.keywords(), &mut keywords);
        parts.extend(keywords.iter().map(|(term, _)| (*term, IN_KEYWORDS)));
        out.keywords
            .terms
            .extend(keywords.iter().map(|(term, _)| *term));
        out.keywords
            .marks
            .extend(keywords.iter().map(|(_, mark)| *mark));
        out.keywords.starts.push(out.keywords.terms.len() as u32);
        out.doc_terms.push(merge_parts(&parts));
    }
    out
}

/// Characters that end a name's opening clause ("Cấp giấy phép xây dựng mới, có thời hạn …").
pub(super) const CLAUSE_BREAKS: &[char] = &[',', ';', ':', '(', '/', '–'];

/// A name's words as term ids, marked-form ids and the positions of the words that follow a
/// clause break.
fn read_name(text: &str, reader: &mut WordReader, marked: &mut MarkedForms, out: &mut NameWords) {
    let mut previous_end = 0;
    let WordReader {
        letters,
        folded,
        marked: marked_form,
        terms,
    } = reader;
    for_each_word(text, letters, |word, start, end| {
        if text
            .get(previous_end..start)
            .is_some_and(|gap| gap.contains(CLAUSE_BREAKS))
        {
            out.breaks.push(out.terms.len() as u32);
        }
        previous_end = end;
        push_folded(word, folded);
        push_marked(word, marked_form);
        out.terms.push(terms.intern(folded));
        out.marks.push(marked_id(marked, marked_form));
    });
}

/// Bit set of the variant rules whose phrase occurs in the name. Phrases are compared as term
/// ids, looked up once all their words have been seen: string comparisons here dominated the
/// build.
fn variant_mask(
    name: &[u32],
    opening: usize,
    rules: &[VariantRule],
    phrase_ids: &mut [Option<Vec<u32>>],
    words: &impl WordSource,
) -> u32 {
    let mut mask = 0u32;
    for (bit, (rule, ids)) in rules.iter().zip(phrase_ids).enumerate() {
        if ids.is_none() {
            *ids = rule.phrase.iter().map(|w| words.term(w)).collect();
        }
        if let Some(ids) = ids.as_deref() {
            if rule.in_name(name, opening, ids) {
                mask |= 1 << bit;
            }
        }
    }
    mask
}

/// The largest bonus of the common needs whose phrase occurs in the name (phrases compared as
/// term ids, as for the variants).
fn common_bonus(
    name: &[u32],
    needs: &[CommonNeed],
    phrase_ids: &mut [Option<Vec<u32>>],
    words: &impl WordSource,
) -> f32 {
    let mut bonus = 0f32;
    for (need, ids) in needs.iter().zip(phrase_ids) {
        if ids.is_none() {
            *ids = need.phrase.iter().map(|w| words.term(w)).collect();
        }
        if ids
            .as_deref()
            .is_some_and(|ids| variants::contains_phrase(name, ids))
        {
            bonus = bonus.max(need.bonus);
        }
    }
    bonus
}

/// One entry per term with the union of its parts, sorted by term.
fn merge_parts(parts: &[(u32, u8)]) -> Vec<(u32, u8)> {
    // As integer keys, term first, for the crate's one integer sort (each term's parts are then
    // one run).
    let mut keys: Vec<u64> = parts
        .iter()
        .map(|&(term, mask)| (u64::from(term) << 8) | u64::from(mask))
        .collect();
    sorting::sort_keys(&mut keys);
    let mut merged: Vec<(u32, u8)> = Vec::with_capacity(parts.len());
    for (term, mask) in keys.into_iter().map(|k| ((k >> 8) as u32, k as u8)) {
        match merged.last_mut() {
            Some(last) if last.0 == term => last.1 |= mask,
            _ => merged.push((term, mask)),
        }
    }
    merged
}

/// The sorted dictionary and its postings.
struct Dictionary {
    terms: Vec<Box<str>>,
    /// First-seen id → sorted id.
    remap: Vec<u32>,
    postings: Vec<Vec<(u32, u8)>>,
    terms_by_len: Vec<Vec<u32>>,
}

impl Dictionary {
    /// Sorts the words (so prefix ranges are contiguous), renumbers them and inverts the
    /// procedures' term lists into postings sorted by procedure.
    fn sort(words: Vec<Box<str>>, doc_terms: &[Vec<(u32, u8)>]) -> Dictionary {
        let order = sorting::sorted_positions(words.len(), &mut |a, b| words[a] < words[b]);
        let mut remap = vec![0u32; words.len()];
        for (new, old) in order.iter().enumerate() {
            remap[*old] = new as u32;
        }
        let mut df = vec![0usize; words.len()];
        for parts in doc_terms {
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
        let terms: Vec<Box<str>> = order
            .iter()
            .map(|old| slots[*old].take().unwrap_or_default())
            .collect();
        let mut terms_by_len: Vec<Vec<u32>> = Vec::new();
        for (id, term) in terms.iter().enumerate() {
            let len = term.len();
            if terms_by_len.len() <= len {
                terms_by_len.resize(len + 1, Vec::new());
            }
            terms_by_len[len].push(id as u32);
        }
        Dictionary {
            terms,
            remap,
            postings,
            terms_by_len,
        }
    }
}

/// For each marked form, the procedures whose scored name words spell a word so.
fn marked_postings(names: &Names, forms: usize) -> Vec<Vec<u32>> {
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); forms];
    for (doc, range) in names.starts.windows(2).enumerate() {
        let words = names
            .marked
            .get(range[0] as usize..range[1] as usize)
            .unwrap_or(&[]);
        for &m in words {
            let list = &mut postings[m as usize];
            if list.last() != Some(&(doc as u32)) {
                list.push(doc as u32);
            }
        }
    }
    postings
}

/// Groups of procedures sharing a name: each procedure's group (`NO_GROUP` when its name is
/// its own) and each group's members in index order.
fn duplicate_groups(first_with_name: &[u32]) -> (Vec<u32>, Vec<Vec<u32>>) {
    let mut group = vec![NO_GROUP; first_with_name.len()];
    let mut members: Vec<Vec<u32>> = Vec::new();
    for (doc, &first) in first_with_name.iter().enumerate() {
        if first as usize == doc {
            continue;
        }
        let id = match group[first as usize] {
            NO_GROUP => {
                let id = members.len() as u32;
                members.push(vec![first]);
                group[first as usize] = id;
                id
            }
            id => id,
        };
        group[doc] = id;
        members[id as usize].push(doc as u32);
    }
    (group, members)
}

type CodeMap = FastMap<Box<str>, Vec<u32>>;

/// Code → procedures, for exact code lookup, and national base code → procedures. Codes are
/// compared trimmed and upper-cased, as the search box normalises them.
fn code_maps(compact: &CompactIndex) -> (CodeMap, CodeMap) {
    let mut by_code = CodeMap::default();
    let mut by_base_code = CodeMap::default();
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
    (by_code, by_base_code)
}

/// Each procedure's field ids as one flat column: procedure `d`'s are
/// `ids[starts[d]..starts[d + 1]]`.
fn field_columns(compact: &CompactIndex) -> (Vec<u32>, Vec<u16>) {
    let mut starts = Vec::with_capacity(compact.procedures.len() + 1);
    let mut ids = Vec::new();
    starts.push(0);
    for procedure in &compact.procedures {
        ids.extend_from_slice(procedure.field_ids());
        starts.push(ids.len() as u32);
    }
    (starts, ids)
}

/// The names' ids in alphabetical order (names are interned, so distinct).
fn alphabetical(names: &[String]) -> Vec<u32> {
    sorting::sorted_positions(names.len(), &mut |a, b| names[a] < names[b])
        .into_iter()
        .map(|id| id as u32)
        .collect()
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
