//! Procedures grouped into a bounded number of KV values ("shards").
//!
//! A procedure goes to shard `fnv1a(code) % count`; `count` grows with the catalog's size
//! ([`shard_count`]: about [`TARGET_SHARD_BYTES`] each, at most [`MAX_SHARDS`]) and is stored in
//! the version's meta, so a reader needs no other table. A shard's text is one line per
//! procedure, sorted by code: `<code>\t<procedure JSON>\n` (compact JSON has no raw tab or
//! newline; codes have neither). [`ShardIndex`] finds a line by code and hands out its JSON
//! as stored, so the edge answers a detail without parsing or re-serialising the procedure.

use crate::catalog::Procedure;
use std::fmt;
use std::io;
use std::ops::Range;

/// What one shard should hold, roughly: a cold detail read fetches one shard, and a version's
/// write is `shard count + 2` puts.
pub const TARGET_SHARD_BYTES: usize = 512 * 1024;
/// The most shards a version has: keeps a publish (puts, read-backs, clean-up of an old
/// version) far inside [`super::KV_OPS_PER_INVOCATION`] whatever the catalog's size.
pub const MAX_SHARDS: u32 = 64;

/// FNV-1a (32-bit): stable across platforms and releases, unlike `std`'s hasher.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// The shard of `code` among `count` (`count` 0 is treated as 1).
pub fn shard_of(code: &str, count: u32) -> u32 {
    fnv1a(code.as_bytes()) % count.max(1)
}

/// How many shards a catalog whose procedures serialise to `total_bytes` gets.
pub fn shard_count(total_bytes: usize) -> u32 {
    let wanted = total_bytes.div_ceil(TARGET_SHARD_BYTES).max(1);
    u32::try_from(wanted).unwrap_or(MAX_SHARDS).min(MAX_SHARDS)
}

/// Counts what is written to it.
struct Counter(usize);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The size of the procedures' compact JSON, without building it.
pub fn serialized_bytes(procedures: &[Procedure]) -> usize {
    let mut counter = Counter(0);
    for p in procedures {
        // Writing plain data to a counter cannot fail.
        let _ = serde_json::to_writer(&mut counter, p);
        counter.0 += p.code.len() + 2;
    }
    counter.0
}

/// The text of shard `shard` of `count` (procedures sorted by code, as an artefact holds them).
pub fn shard_text(procedures: &[Procedure], shard: u32, count: u32) -> String {
    let mut out = String::new();
    for p in procedures
        .iter()
        .filter(|p| shard_of(&p.code, count) == shard)
    {
        out.push_str(&p.code);
        out.push('\t');
        out.push_str(&serde_json::to_string(p).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// Why a shard's text is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardError {
    /// Line `line` (1-based) has no tab, an empty code or an empty body.
    BadLine { line: usize },
}

impl fmt::Display for ShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShardError::BadLine { line } => write!(f, "shard line {line} is not <code>\\t<json>"),
        }
    }
}

impl std::error::Error for ShardError {}

/// A shard's text with the place of each procedure, for lookups by code.
#[derive(Debug, Clone)]
pub struct ShardIndex {
    text: String,
    /// (code, JSON) byte ranges, sorted by code.
    entries: Vec<(Range<usize>, Range<usize>)>,
}

impl ShardIndex {
    pub fn parse(text: String) -> Result<ShardIndex, ShardError> {
        let mut entries = Vec::new();
        let mut start = 0;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let end = start + line.len();
            let body = line.strip_suffix('\n').unwrap_or(line);
            let tab = body.find('\t').filter(|&t| t > 0 && t + 1 < body.len());
            let Some(tab) = tab else {
                return Err(ShardError::BadLine { line: n + 1 });
            };
            entries.push((start..start + tab, start + tab + 1..start + body.len()));
            start = end;
        }
        entries.sort_by(|a, b| text[a.0.clone()].cmp(&text[b.0.clone()]));
        Ok(ShardIndex { text, entries })
    }

    /// The procedure's JSON as published.
    pub fn get(&self, code: &str) -> Option<&str> {
        self.entries
            .binary_search_by(|(c, _)| self.text[c.clone()].cmp(code))
            .ok()
            .map(|i| &self.text[self.entries[i].1.clone()])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The codes it holds, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(c, _)| &self.text[c.clone()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_is_stable_and_bounded() {
        // Fixed values: a reader built by another release must find the same shard.
        assert_eq!(fnv1a(b""), 0x811c_9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(shard_of("1.001193", 1), 0);
        assert_eq!(shard_of("1.001193", 0), 0);
        assert!((0..1000).all(|i| shard_of(&format!("1.{i:06}"), 7) < 7));
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES + 1), 2);
        assert_eq!(shard_count(usize::MAX), MAX_SHARDS);
    }

    #[test]
    fn shards_hold_every_procedure_once_and_read_back_as_written() {
        let procedures: Vec<Procedure> = (0..50)
            .map(|i| Procedure::new(format!("1.{i:06}"), format!("Thủ tục\t{i}\n")))
            .collect();
        let count = 4;
        let mut seen = 0;
        for shard in 0..count {
            let index = ShardIndex::parse(shard_text(&procedures, shard, count)).unwrap();
            for code in index.codes() {
                assert_eq!(shard_of(code, count), shard);
                let p = procedures.iter().find(|p| p.code == code).unwrap();
                assert_eq!(
                    index.get(code),
                    Some(serde_json::to_string(p).unwrap().as_str())
                );
            }
            seen += index.len();
            assert_eq!(index.get("9.999999"), None);
        }
        assert_eq!(seen, procedures.len());
        let total: usize = (0..count)
            .map(|s| shard_text(&procedures, s, count).len())
            .sum();
        assert_eq!(serialized_bytes(&procedures), total);
    }

    #[test]
    fn torn_text_is_refused() {
        assert!(ShardIndex::parse(String::new()).unwrap().is_empty());
        assert_eq!(
            ShardIndex::parse("1.000001\t{}\nbroken".into()).unwrap_err(),
            ShardError::BadLine { line: 2 }
        );
        assert!(ShardIndex::parse("\t{}\n".into()).is_err());
        assert!(ShardIndex::parse("1.000001\t\n".into()).is_err());
    }
}
