//! The binary index (format 3): written once per catalog version at publish time, kept in KV,
//! served by the edge as `GET /v1/catalog/index` and read by the widget and the edge into a
//! [`SearchIndex`] without tokenising a text again and without JSON, in the manner of
//! Pagefind's prebuilt index.
//!
//! Every text — names, result names, fields' and agencies' names — travels as a stream of
//! token ids over one table of the pieces texts are made of, words and the gaps between them,
//! most frequent first. Reading a text gives its words at once; the table's few thousand
//! distinct words are folded once each (not the hundred thousand words of the texts), and the
//! index is then assembled from them as [`SearchIndex::new`] assembles it from tokenised texts
//! (one [`super::build`], two [`WordSource`]s). Tokens are also smaller than the text under
//! brotli (the national catalog's names and result names: 59 KB against 75 KB). Postings are
//! not stored: they are the inverse of what the token streams say, and storing them would cost
//! more than inverting them on load.
//!
//! Layout (integers are LEB128 varints unless said otherwise; a string is its length in bytes,
//! then UTF-8):
//!
//! | part | what |
//! |---|---|
//! | header | `MCIX`, [`FORMAT_VERSION`], the catalog version (string) |
//! | counts | procedures, fields, agencies, tokens |
//! | tokens | most frequent first, each as its length × 2 + 1 for a word (0 for a gap), then its UTF-8 |
//! | names | each field's, then each agency's name as a text |
//! | columns | codes (front-coded: bytes shared with the previous code, the rest as a string), in index order; levels, online, serves (a byte each per procedure); agency (id + 1, 0 none); fields (count, ids); time; fee |
//! | texts | per procedure: its name, then its result names |
//!
//! A text is its token ids + 1, ending in 0; two words in a row stand for "word, space, word",
//! any other gap is a token of its own. Time: `0` none, `1 + 2 × unit` a whole amount (varint)
//! follows, `2 + 2 × unit` an `f32` (4 bytes, little-endian) follows. Fee: `0` none stated, `1`
//! free, `2` unstated, `3 + n` from `n` đồng.
//!
//! Reading checks every count against the bytes left, every id against its table and every
//! token against its kind (a word is one whole word, a gap holds none), so bad bytes give an
//! [`IndexError`], never a panic (`fuzz/fuzz_targets/index_bytes.rs`).

use super::build::{
    marked_id, MarkedForms, NameWords, Pause, SharedTerms, WordSource, CLAUSE_BREAKS,
};
use super::compact::{CompactIndex, CompactProcedure, RowFee, RowTime, FORMAT_VERSION};
use super::index::{FastMap, SearchIndex};
use crate::sorting;
use crate::text::{for_each_word, push_folded, push_marked};
use std::collections::HashMap;
use std::fmt;

const MAGIC: &[u8; 4] = b"MCIX";

/// Procedures' texts read between two pauses of a pausing read.
const TEXTS_PER_SLICE: usize = 256;

/// Tokens read between two pauses of a pausing read. The token table (every word of it folded
/// and marked) was the read's longest stretch without one: the widget's first slice of the build
/// took 31–49 ms at 4× CPU in traces, 21–33 ms with these pauses.
const TOKENS_PER_SLICE: usize = 1024;

/// Why bytes are not a readable index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexError {
    /// They do not start with the index's magic bytes.
    NotAnIndex,
    /// A format this build does not read.
    Format(u32),
    /// They end inside a value.
    Truncated,
    /// A value is out of range, not UTF-8 or not what its part holds, in the named part.
    Malformed(&'static str),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::NotAnIndex => write!(f, "not a motcua search index"),
            IndexError::Format(v) => write!(
                f,
                "search index format {v} is not supported (this build reads {FORMAT_VERSION})"
            ),
            IndexError::Truncated => write!(f, "search index is truncated"),
            IndexError::Malformed(part) => write!(f, "search index is malformed ({part})"),
        }
    }
}

impl std::error::Error for IndexError {}

/// What the header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexHeader {
    pub format: u32,
    pub catalog_version: String,
}

/// Reads the header only (the format and the catalog version the index was built from).
pub fn read_header(bytes: &[u8]) -> Result<IndexHeader, IndexError> {
    let mut r = Reader::new(bytes);
    let (format, version) = r.header()?;
    Ok(IndexHeader {
        format,
        catalog_version: version.to_string(),
    })
}

impl CompactIndex {
    /// The binary index of these rows, for catalog version `catalog_version`.
    pub fn to_bytes(&self, catalog_version: &str) -> Vec<u8> {
        Encoder::new(self).write(self, catalog_version)
    }
}

impl SearchIndex {
    /// Reads a binary index ([`CompactIndex::to_bytes`]) into a searchable index.
    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, IndexError> {
        super::build::now(SearchIndex::from_bytes_pausing(
            bytes,
            &mut super::build::NoPause,
        ))
    }

    /// [`SearchIndex::from_bytes`], pausing at `pause` every thousand tokens of the token
    /// table, every few hundred procedures and between the steps of the build, so a page can
    /// keep its main thread responsive.
    pub async fn from_bytes_pausing(
        bytes: &[u8],
        pause: &mut impl Pause,
    ) -> Result<SearchIndex, IndexError> {
        let (compact, words) = decode(bytes, pause).await?;
        pause.pause().await;
        Ok(SearchIndex::assemble(compact, words, pause).await)
    }
}

// ---------------------------------------------------------------------------------------
// Writing

/// A piece of text: a word or the gap between two.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Piece {
    Gap(String),
    Word(String),
}

/// The pieces of a text, as reading puts them back together (see the module's layout).
fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut letters = Vec::new();
    let mut previous_end = 0;
    let mut first = true;
    for_each_word(text, &mut letters, |_, start, end| {
        let gap = text.get(previous_end..start).unwrap_or("");
        if (first && !gap.is_empty()) || (!first && gap != " ") {
            out.push(Piece::Gap(gap.to_string()));
        }
        first = false;
        previous_end = end;
        out.push(Piece::Word(text.get(start..end).unwrap_or("").to_string()));
    });
    let tail = text.get(previous_end..).unwrap_or("");
    if !tail.is_empty() {
        out.push(Piece::Gap(tail.to_string()));
    }
    out
}

/// The token table of one index.
struct Encoder {
    /// Most frequent first.
    tokens: Vec<Piece>,
    ids: HashMap<Piece, u64>,
}

fn texts(compact: &CompactIndex) -> impl Iterator<Item = &str> {
    compact
        .fields
        .iter()
        .chain(&compact.agencies)
        .map(String::as_str)
        .chain(
            compact
                .procedures
                .iter()
                .flat_map(|p| [p.name(), p.keywords()]),
        )
}

impl Encoder {
    fn new(compact: &CompactIndex) -> Encoder {
        let mut counts: HashMap<Piece, u64> = HashMap::new();
        for piece in texts(compact).flat_map(pieces) {
            *counts.entry(piece).or_default() += 1;
        }
        let mut tokens: Vec<(Piece, u64)> = counts.into_iter().collect();
        sorting::sort_by(&mut tokens, |a, b| {
            b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
        });
        let tokens: Vec<Piece> = tokens.into_iter().map(|(p, _)| p).collect();
        let ids = tokens
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i as u64))
            .collect();
        Encoder { tokens, ids }
    }

    fn write(&self, compact: &CompactIndex, catalog_version: &str) -> Vec<u8> {
        let mut w = Writer::default();
        w.out.extend_from_slice(MAGIC);
        w.varint(u64::from(FORMAT_VERSION));
        w.str(catalog_version);
        let rows = &compact.procedures;
        for n in [
            rows.len(),
            compact.fields.len(),
            compact.agencies.len(),
            self.tokens.len(),
        ] {
            w.varint(n as u64);
        }
        for piece in &self.tokens {
            let (text, word) = match piece {
                Piece::Gap(text) => (text, 0),
                Piece::Word(text) => (text, 1),
            };
            w.varint(text.len() as u64 * 2 + word);
            w.out.extend_from_slice(text.as_bytes());
        }
        let mut texts = texts(compact);
        for text in texts
            .by_ref()
            .take(compact.fields.len() + compact.agencies.len())
        {
            self.text(&mut w, text);
        }
        w.front_coded(rows.iter().map(|p| p.code()));
        w.out.extend(rows.iter().map(|p| p.2));
        w.out.extend(rows.iter().map(|p| p.5));
        w.out.extend(rows.iter().map(|p| p.9));
        for p in rows {
            w.varint(u64::from(p.4));
        }
        for p in rows {
            w.varint(p.3.len() as u64);
            for field in &p.3 {
                w.varint(u64::from(*field));
            }
        }
        for p in rows {
            w.time(p.7);
        }
        for p in rows {
            w.varint(match p.8 {
                RowFee::Unknown => 0,
                RowFee::Free => 1,
                RowFee::Unstated => 2,
                RowFee::From(n) => n.saturating_add(3),
            });
        }
        for text in texts {
            self.text(&mut w, text);
        }
        w.out
    }

    fn text(&self, w: &mut Writer, text: &str) {
        for piece in pieces(text) {
            // Every piece of every text is in the table.
            w.varint(self.ids.get(&piece).copied().unwrap_or(0) + 1);
        }
        w.varint(0);
    }
}

#[derive(Default)]
struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn varint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.out.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.out.push(n as u8);
    }

    fn str(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Strings as (bytes shared with the previous one, the rest).
    fn front_coded<'a>(&mut self, texts: impl Iterator<Item = &'a str>) {
        let mut previous = "";
        for text in texts {
            let shared = previous
                .char_indices()
                .zip(text.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8());
            self.varint(shared as u64);
            self.str(&text[shared..]);
            previous = text;
        }
    }

    fn time(&mut self, time: Option<RowTime>) {
        let Some(RowTime(amount, unit)) = time else {
            self.varint(0);
            return;
        };
        let unit = u64::from(unit) * 2;
        if amount.fract() == 0.0 && (0.0..=u32::MAX as f32).contains(&amount) {
            self.varint(1 + unit);
            self.varint(amount as u64);
        } else {
            self.varint(2 + unit);
            self.out.extend_from_slice(&amount.to_le_bytes());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let end = self.at.checked_add(n).ok_or(IndexError::Truncated)?;
        let slice = self.bytes.get(self.at..end).ok_or(IndexError::Truncated)?;
        self.at = end;
        Ok(slice)
    }

    fn varint(&mut self, part: &'static str) -> Result<u64, IndexError> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return Err(IndexError::Malformed(part));
            }
            n |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(IndexError::Malformed(part))
    }

    /// A count of things that take at least a byte each: no more than the bytes left.
    fn count(&mut self, part: &'static str) -> Result<usize, IndexError> {
        let n = self.varint(part)?;
        usize::try_from(n)
            .ok()
            .filter(|n| *n <= self.left())
            .ok_or(IndexError::Malformed(part))
    }

    /// An id below `limit`.
    fn id(&mut self, limit: usize, part: &'static str) -> Result<u32, IndexError> {
        let n = self.varint(part)?;
        if n < limit as u64 {
            Ok(n as u32)
        } else {
            Err(IndexError::Malformed(part))
        }
    }

    fn utf8(&mut self, n: usize, part: &'static str) -> Result<&'a str, IndexError> {
        std::str::from_utf8(self.take(n)?).map_err(|_| IndexError::Malformed(part))
    }

    fn str(&mut self, part: &'static str) -> Result<&'a str, IndexError> {
        let n = self.count(part)?;
        self.utf8(n, part)
    }

    fn header(&mut self) -> Result<(u32, &'a str), IndexError> {
        if self.take(MAGIC.len()).ok() != Some(MAGIC.as_slice()) {
            return Err(IndexError::NotAnIndex);
        }
        let format = self.varint("format")?;
        let format = u32::try_from(format).unwrap_or(u32::MAX);
        if format != FORMAT_VERSION {
            return Err(IndexError::Format(format));
        }
        Ok((format, self.str("catalog version")?))
    }

    /// `n` front-coded strings.
    fn front_coded(&mut self, n: usize, part: &'static str) -> Result<Vec<String>, IndexError> {
        let mut out: Vec<String> = Vec::with_capacity(n.min(self.left()));
        let mut text = String::new();
        for _ in 0..n {
            let shared = self.varint(part)?;
            let shared = usize::try_from(shared)
                .ok()
                .filter(|s| *s <= text.len() && text.is_char_boundary(*s))
                .ok_or(IndexError::Malformed(part))?;
            text.truncate(shared);
            text.push_str(self.str(part)?);
            out.push(text.clone());
        }
        Ok(out)
    }

    fn time(&mut self) -> Result<Option<RowTime>, IndexError> {
        let tag = self.varint("time")?;
        if tag == 0 {
            return Ok(None);
        }
        let unit = u8::try_from((tag - 1) / 2).map_err(|_| IndexError::Malformed("time"))?;
        let amount = if tag % 2 == 1 {
            self.varint("time")? as f32
        } else {
            let bytes = self.take(4)?;
            f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
        };
        Ok(Some(RowTime(amount, unit)))
    }

    fn fee(&mut self) -> Result<RowFee, IndexError> {
        Ok(match self.varint("fee")? {
            0 => RowFee::Unknown,
            1 => RowFee::Free,
            2 => RowFee::Unstated,
            n => RowFee::From(n - 3),
        })
    }

    /// One text: its string, and its token ids appended to `ids`.
    fn text(&mut self, tokens: &[Token], ids: &mut Vec<u32>) -> Result<String, IndexError> {
        let mut text = String::new();
        let mut after_word = false;
        loop {
            let Some(id) = self.id(tokens.len() + 1, "texts")?.checked_sub(1) else {
                return Ok(text);
            };
            let token = &tokens[id as usize];
            if token.word {
                if after_word {
                    text.push(' ');
                }
                after_word = true;
            } else {
                after_word = false;
            }
            text.push_str(&token.text);
            ids.push(id);
        }
    }
}

/// A token of the table, as reading needs it.
struct Token {
    text: Box<str>,
    word: bool,
    /// A word's term; a gap's: whether it ends a name's opening clause (as 1).
    term: u32,
    /// A word's marked form, by id among the table's marked forms.
    marked: u32,
}

/// The words of a decoded index: its tokens, with their terms, and each text's token ids.
pub(super) struct TokenWords {
    /// The folded words of the table, sorted: the index's dictionary.
    terms: Vec<Box<str>>,
    /// The marked forms of the table's words, by id, and their ids.
    marked: Vec<Box<str>>,
    marked_ids: FastMap<Box<str>, u32>,
    /// Marked-form id here → id among the names' marked forms (`u32::MAX`: no name yet).
    name_marks: Vec<u32>,
    shared: SharedTerms,
    tokens: Vec<Token>,
    /// Each procedure text's token ids: text `t` (procedure `t / 2`'s name, then its
    /// keywords) is `texts[starts[t]..starts[t + 1]]`.
    texts: Vec<u32>,
    starts: Vec<u32>,
}

impl TokenWords {
    fn text(&self, n: usize) -> &[u32] {
        let start = self.starts.get(n).copied().unwrap_or(0) as usize;
        let end = self.starts.get(n + 1).copied().unwrap_or(0) as usize;
        self.texts.get(start..end).unwrap_or(&[])
    }
}

impl WordSource for TokenWords {
    fn word(&self, term: u32) -> &str {
        self.terms.get(term as usize).map_or("", |t| t)
    }

    fn term(&self, word: &str) -> Option<u32> {
        self.terms
            .binary_search_by(|t| (**t).cmp(word))
            .ok()
            .map(|i| i as u32)
    }

    fn keyword_mark(&self, marked: &str) -> Option<u32> {
        self.marked_ids.get(marked).copied()
    }

    fn name(&mut self, doc: usize, _text: &str, marked: &mut MarkedForms, out: &mut NameWords) {
        let start = self.starts.get(doc * 2).copied().unwrap_or(0) as usize;
        let end = self.starts.get(doc * 2 + 1).copied().unwrap_or(0) as usize;
        let mut after_break = false;
        for &id in self.texts.get(start..end).unwrap_or(&[]) {
            let Some(token) = self.tokens.get(id as usize) else {
                continue;
            };
            if !token.word {
                after_break = token.term == 1;
                continue;
            }
            if after_break {
                out.breaks.push(out.terms.len() as u32);
                after_break = false;
            }
            out.terms.push(token.term);
            let m = token.marked as usize;
            if let (Some(slot), Some(form)) = (self.name_marks.get_mut(m), self.marked.get(m)) {
                if *slot == u32::MAX {
                    *slot = marked_id(marked, form);
                }
                out.marks.push(*slot);
            }
        }
    }

    fn keywords(&mut self, doc: usize, _text: &str, out: &mut Vec<(u32, u32)>) {
        for &id in self.text(doc * 2 + 1) {
            if let Some(token) = self.tokens.get(id as usize).filter(|t| t.word) {
                out.push((token.term, token.marked));
            }
        }
    }

    fn shared(&self) -> &SharedTerms {
        &self.shared
    }

    fn take_words(&mut self) -> Vec<Box<str>> {
        std::mem::take(&mut self.terms)
    }
}

/// The token table, each word folded and marked once.
struct TokenTable {
    tokens: Vec<Token>,
    /// The folded words, sorted.
    terms: Vec<Box<str>>,
    /// The marked forms, by id, and their ids.
    marked: Vec<Box<str>>,
    marked_ids: FastMap<Box<str>, u32>,
}

async fn read_tokens(
    r: &mut Reader<'_>,
    n: usize,
    pause: &mut impl Pause,
) -> Result<TokenTable, IndexError> {
    let mut tokens = Vec::with_capacity(n.min(r.left()));
    let mut folded_forms: Vec<Box<str>> = Vec::with_capacity(n.min(r.left()));
    let mut marked: Vec<Box<str>> = Vec::new();
    let mut marked_ids: FastMap<Box<str>, u32> = FastMap::default();
    let (mut letters, mut folded, mut marked_form) = (Vec::new(), String::new(), String::new());
    for i in 0..n {
        if i % TOKENS_PER_SLICE == TOKENS_PER_SLICE - 1 {
            pause.pause().await;
        }
        let tag = r.varint("tokens")?;
        let len = usize::try_from(tag / 2).map_err(|_| IndexError::Malformed("tokens"))?;
        let text = r.utf8(len, "tokens")?;
        let word = tag % 2 == 1;
        let mut words = 0;
        let mut whole = false;
        for_each_word(text, &mut letters, |letters, start, end| {
            words += 1;
            whole = start == 0 && end == text.len();
            push_folded(letters, &mut folded);
            push_marked(letters, &mut marked_form);
        });
        if word != (words == 1 && whole) || (!word && words != 0) {
            return Err(IndexError::Malformed("tokens"));
        }
        let (term, mark) = if word {
            folded_forms.push(folded.as_str().into());
            let mark = match marked_ids.get(marked_form.as_str()) {
                Some(id) => *id,
                None => {
                    let id = marked.len() as u32;
                    marked.push(marked_form.as_str().into());
                    marked_ids.insert(marked_form.as_str().into(), id);
                    id
                }
            };
            // The term is numbered once the dictionary is sorted.
            (0, mark)
        } else {
            (u32::from(text.contains(CLAUSE_BREAKS)), 0)
        };
        tokens.push(Token {
            text: text.into(),
            word,
            term,
            marked: mark,
        });
    }
    pause.pause().await;
    let mut terms = folded_forms.clone();
    sorting::sort(&mut terms);
    terms.dedup();
    let mut forms = folded_forms.into_iter();
    for token in tokens.iter_mut().filter(|t| t.word) {
        let form = forms.next().unwrap_or_default();
        token.term = terms.binary_search(&form).unwrap_or(0) as u32;
    }
    Ok(TokenTable {
        tokens,
        terms,
        marked,
        marked_ids,
    })
}

/// The terms of each of `n` texts (fields' or agencies' names), and the texts.
fn term_texts(
    r: &mut Reader<'_>,
    n: usize,
    tokens: &[Token],
) -> Result<(Vec<String>, Vec<Vec<u32>>), IndexError> {
    let mut names = Vec::with_capacity(n);
    let mut terms = Vec::with_capacity(n);
    let mut ids = Vec::new();
    for _ in 0..n {
        ids.clear();
        names.push(r.text(tokens, &mut ids)?);
        terms.push(
            ids.iter()
                .map(|id| &tokens[*id as usize])
                .filter(|t| t.word)
                .map(|t| t.term)
                .collect(),
        );
    }
    Ok((names, terms))
}

async fn decode(
    bytes: &[u8],
    pause: &mut impl Pause,
) -> Result<(CompactIndex, TokenWords), IndexError> {
    let mut r = Reader::new(bytes);
    r.header()?;
    let n_docs = r.count("procedures")?;
    let n_fields = r.count("fields")?;
    let n_agencies = r.count("agencies")?;
    let n_tokens = r.count("tokens")?;
    // Field and agency ids are u16 in the rows.
    if n_fields > usize::from(u16::MAX) || n_agencies >= usize::from(u16::MAX) {
        return Err(IndexError::Malformed("fields"));
    }
    let TokenTable {
        tokens,
        terms,
        marked,
        marked_ids,
    } = read_tokens(&mut r, n_tokens, pause).await?;
    pause.pause().await;
    let (fields, field_terms) = term_texts(&mut r, n_fields, &tokens)?;
    let (agencies, agency_terms) = term_texts(&mut r, n_agencies, &tokens)?;
    let codes = r.front_coded(n_docs, "codes")?;
    let levels = r.take(n_docs)?;
    let online = r.take(n_docs)?;
    let serves = r.take(n_docs)?;
    let agency: Vec<u16> = (0..n_docs)
        .map(|_| r.id(n_agencies + 1, "agency").map(|a| a as u16))
        .collect::<Result<_, _>>()?;
    let doc_fields: Vec<Vec<u16>> = (0..n_docs)
        .map(|_| {
            let n = r.count("procedure fields")?;
            (0..n)
                .map(|_| r.id(n_fields, "procedure fields").map(|f| f as u16))
                .collect()
        })
        .collect::<Result<_, _>>()?;
    let times: Vec<Option<RowTime>> = (0..n_docs).map(|_| r.time()).collect::<Result<_, _>>()?;
    let fees: Vec<RowFee> = (0..n_docs).map(|_| r.fee()).collect::<Result<_, _>>()?;
    pause.pause().await;
    let mut texts: Vec<u32> = Vec::with_capacity(r.left());
    let mut starts: Vec<u32> = Vec::with_capacity(2 * n_docs + 1);
    let mut strings: Vec<String> = Vec::with_capacity(2 * n_docs);
    starts.push(0);
    for n in 0..2 * n_docs {
        if n % TEXTS_PER_SLICE == TEXTS_PER_SLICE - 1 {
            pause.pause().await;
        }
        strings.push(r.text(&tokens, &mut texts)?);
        starts.push(u32::try_from(texts.len()).map_err(|_| IndexError::Malformed("texts"))?);
    }
    if r.left() != 0 {
        return Err(IndexError::Malformed("trailing bytes"));
    }
    let mut strings = strings.into_iter();
    let mut doc_fields = doc_fields.into_iter();
    let mut procedures = Vec::with_capacity(n_docs);
    for (doc, code) in codes.into_iter().enumerate() {
        procedures.push(CompactProcedure(
            code,
            strings.next().unwrap_or_default(),
            levels[doc],
            doc_fields.next().unwrap_or_default(),
            agency[doc],
            online[doc],
            strings.next().unwrap_or_default(),
            times[doc],
            fees[doc],
            serves[doc],
        ));
    }
    let compact = CompactIndex {
        format: FORMAT_VERSION,
        fields,
        agencies,
        procedures,
    };
    let words = TokenWords {
        name_marks: vec![u32::MAX; marked.len()],
        terms,
        marked,
        marked_ids,
        shared: SharedTerms {
            fields: field_terms,
            agencies: agency_terms,
        },
        tokens,
        texts,
        starts,
    };
    Ok((compact, words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Level, OnlineLevel, Procedure};

    fn sample() -> CompactIndex {
        let mut birth = Procedure::new(
            "1.001193",
            "Thủ tục đăng ký khai sinh (có yếu tố nước ngoài)",
        );
        birth.levels = vec![Level::Commune];
        birth.online_level = Some(OnlineLevel::Full);
        birth.executing_agencies = vec!["Ủy ban nhân dân cấp xã".into()];
        let mut odd = Procedure::new("1.001194", "  Cấp lại,đổi  giấy phép – lái xe. ");
        odd.levels = vec![Level::Province];
        let mut compact = CompactIndex::from_procedures([&birth, &odd]);
        compact.procedures[0].6 = "Giấy khai sinh; Trích lục".into();
        compact.procedures[1].7 = Some(RowTime(1.5, 2));
        compact.procedures[1].8 = RowFee::From(20_000);
        compact.procedures[0].7 = Some(RowTime(15.0, 0));
        compact
    }

    #[test]
    fn rows_round_trip_exactly() {
        let compact = sample();
        let bytes = compact.to_bytes("2026-05-01");
        let back = SearchIndex::from_bytes(&bytes).expect("reads back");
        let back = back.compact().clone();
        assert_eq!(back, compact);
        assert_eq!(
            read_header(&bytes),
            Ok(IndexHeader {
                format: FORMAT_VERSION,
                catalog_version: "2026-05-01".into()
            })
        );
    }

    /// Counts its pauses; never waits.
    struct Counting(usize);

    impl Pause for Counting {
        fn pause(&mut self) -> impl std::future::Future<Output = ()> {
            self.0 += 1;
            std::future::ready(())
        }
    }

    #[test]
    fn a_pausing_read_pauses_within_the_token_table() {
        // Each procedure brings a word of its own: thousands of tokens.
        let procedures: Vec<Procedure> = (0..3000)
            .map(|i| Procedure::new(format!("1.{i:06}"), format!("Cấp giấy phép loại x{i}")))
            .collect();
        let bytes = CompactIndex::from_procedures(&procedures).to_bytes("v");
        let mut r = Reader::new(&bytes);
        r.header().unwrap();
        let _ = (
            r.count("procedures"),
            r.count("fields"),
            r.count("agencies"),
        );
        let n_tokens = r.count("tokens").unwrap();
        assert!(n_tokens > 3000, "{n_tokens} tokens");
        let mut pauses = Counting(0);
        let table = super::super::build::now(read_tokens(&mut r, n_tokens, &mut pauses)).unwrap();
        assert_eq!(table.tokens.len(), n_tokens);
        // One every TOKENS_PER_SLICE tokens, and one before the terms are sorted.
        assert_eq!(pauses.0, n_tokens / TOKENS_PER_SLICE + 1);
        // And the pausing read is the read.
        let mut pauses = Counting(0);
        let paused =
            super::super::build::now(SearchIndex::from_bytes_pausing(&bytes, &mut pauses)).unwrap();
        assert_eq!(
            paused.compact(),
            SearchIndex::from_bytes(&bytes).unwrap().compact()
        );
        assert!(pauses.0 > n_tokens / TOKENS_PER_SLICE);
    }

    #[test]
    fn bad_bytes_are_typed_errors() {
        let bytes = sample().to_bytes("v");
        assert_eq!(
            SearchIndex::from_bytes(b"{\"format\":2}").err(),
            Some(IndexError::NotAnIndex)
        );
        let mut other = bytes.clone();
        other[4] = 9;
        assert_eq!(
            SearchIndex::from_bytes(&other).err(),
            Some(IndexError::Format(9))
        );
        for cut in 0..bytes.len() {
            assert!(
                SearchIndex::from_bytes(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            SearchIndex::from_bytes(&longer).err(),
            Some(IndexError::Malformed("trailing bytes"))
        );
        // Every single-byte change reads or fails; none panics.
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 0x5a;
            let _ = SearchIndex::from_bytes(&changed);
        }
    }
}
