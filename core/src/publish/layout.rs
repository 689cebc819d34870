//! A version's KV entries in the order they are written — the index, its brotli form when the
//! publisher has an encoder, each shard, then the meta that names them all — and the read-back
//! that must pass before the pointer moves.
//!
//! [`VersionEntries`] yields them one at a time, so the Worker's Cron refresh holds one shard in
//! memory at a time; the CLI collects them ([`version_entries`]) for `wrangler kv bulk put`.

use crate::catalog::kv::shard::{serialized_bytes, shard_count, shard_text};
use crate::catalog::kv::{
    self, index_br_key, index_key, meta_key, shard_key, CatalogMeta, KvEntry, KvError, PartDigest,
    ShardedLayout, MAX_VALUE_BYTES,
};
use crate::catalog::Artefact;
use crate::search::{CompactIndex, IndexError, SearchIndex};
use std::fmt;

/// A version's index as its KV value holds it (base64, [`kv::index_value`]): the bytes widgets
/// download and the index searched. A value that is not base64 (a JSON index from before
/// format 3) is not an index this build reads.
pub fn read_index(value: &str) -> Result<(Vec<u8>, SearchIndex), IndexError> {
    let bytes = kv::index_bytes(value).ok_or(IndexError::NotAnIndex)?;
    let index = SearchIndex::from_bytes(&bytes)?;
    Ok((bytes, index))
}

/// A brotli encoder at quality 11, brought by the publisher that has one: the native CLI. The
/// edge's wasm carries none (it would grow by the encoder), so the Cron refresh publishes
/// without `index.br` and the runtime compresses the index per request.
pub type BrotliEncoder = fn(&[u8]) -> Vec<u8>;

/// The entries of one version, index first and meta last.
pub struct VersionEntries<'a> {
    artefact: &'a Artefact,
    published_at: i64,
    count: u32,
    index: Option<String>,
    index_digest: PartDigest,
    index_br: Option<String>,
    index_br_digest: Option<PartDigest>,
    next_shard: u32,
    shards: Vec<PartDigest>,
    meta: Option<CatalogMeta>,
}

impl<'a> VersionEntries<'a> {
    /// A version without the precompressed index (the Cron refresh's).
    pub fn new(artefact: &'a Artefact, published_at: i64) -> VersionEntries<'a> {
        VersionEntries::encoded(artefact, published_at, None)
    }

    /// The index also stored precompressed (`index.br`) when `brotli` is given.
    fn encoded(
        artefact: &'a Artefact,
        published_at: i64,
        brotli: Option<BrotliEncoder>,
    ) -> VersionEntries<'a> {
        let bytes =
            CompactIndex::from_procedures(&artefact.procedures).to_bytes(&artefact.catalog_version);
        let index_br = brotli.map(|encode| kv::index_value(&encode(&bytes)));
        let index = kv::index_value(&bytes);
        VersionEntries {
            artefact,
            published_at,
            count: shard_count(serialized_bytes(&artefact.procedures)),
            index_digest: PartDigest::of(&index),
            index: Some(index),
            index_br_digest: index_br.as_deref().map(PartDigest::of),
            index_br,
            next_shard: 0,
            shards: Vec::new(),
            meta: None,
        }
    }

    pub fn shard_count(&self) -> u32 {
        self.count
    }

    /// How many entries the version has (index, its brotli form if any, shards, meta).
    pub fn len(&self) -> usize {
        self.count as usize + 2 + usize::from(self.index_br_digest.is_some())
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The meta, once every other entry has been yielded.
    pub fn meta(&self) -> Option<&CatalogMeta> {
        self.meta.as_ref()
    }

    fn checked(key: String, value: String) -> Result<KvEntry, KvError> {
        if value.len() > MAX_VALUE_BYTES {
            return Err(KvError::ValueTooLarge {
                key,
                bytes: value.len(),
            });
        }
        Ok(KvEntry { key, value })
    }
}

impl Iterator for VersionEntries<'_> {
    type Item = Result<KvEntry, KvError>;

    fn next(&mut self) -> Option<Self::Item> {
        let version = &self.artefact.catalog_version;
        if let Some(index) = self.index.take() {
            return Some(Self::checked(index_key(version), index));
        }
        if let Some(index_br) = self.index_br.take() {
            return Some(Self::checked(index_br_key(version), index_br));
        }
        if self.next_shard < self.count {
            let n = self.next_shard;
            self.next_shard += 1;
            let text = shard_text(&self.artefact.procedures, n, self.count);
            self.shards.push(PartDigest::of(&text));
            return Some(Self::checked(shard_key(version, n), text));
        }
        if self.meta.is_some() {
            return None;
        }
        let meta = CatalogMeta {
            published_at: Some(self.published_at),
            layout: Some(ShardedLayout {
                index: self.index_digest.clone(),
                index_br: self.index_br_digest.clone(),
                shards: std::mem::take(&mut self.shards),
            }),
            ..CatalogMeta::of(self.artefact)
        };
        let entry = Self::checked(meta_key(version), meta.to_json());
        self.meta = Some(meta);
        Some(entry)
    }
}

/// Every entry of a version except the pointer ([`crate::catalog::kv::pointer_entry`], written
/// last), and the meta they were written with; the index also precompressed when `brotli` is
/// given.
pub fn version_entries(
    artefact: &Artefact,
    published_at: i64,
    brotli: Option<BrotliEncoder>,
) -> Result<(Vec<KvEntry>, CatalogMeta), KvError> {
    let mut entries = VersionEntries::encoded(artefact, published_at, brotli);
    let out = entries.by_ref().collect::<Result<Vec<_>, _>>()?;
    let meta = entries
        .meta
        .take()
        .unwrap_or_else(|| CatalogMeta::of(artefact));
    Ok((out, meta))
}

/// Why a version as read back from KV is not the one that was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadBackError {
    Missing {
        key: String,
    },
    /// Present, but not the bytes the meta's digest names (torn, stale or overwritten).
    Differs {
        key: String,
    },
    /// The meta is unreadable or names another catalog.
    MetaDiffers {
        key: String,
    },
    /// A legacy version: its meta holds no digests to check the parts against.
    NoDigests {
        version: String,
    },
}

impl fmt::Display for ReadBackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadBackError::Missing { key } => write!(f, "{key} is missing"),
            ReadBackError::Differs { key } => write!(f, "{key} does not match its digest"),
            ReadBackError::MetaDiffers { key } => {
                write!(f, "{key} is unreadable or names another catalog")
            }
            ReadBackError::NoDigests { version } => {
                write!(f, "version {version} predates digests (legacy layout)")
            }
        }
    }
}

impl std::error::Error for ReadBackError {}

/// The keys a sharded version's meta vouches for, with their digests (index, its brotli form
/// if any, then shards).
pub fn parts(meta: &CatalogMeta) -> Result<Vec<(String, PartDigest)>, ReadBackError> {
    let layout = meta.layout.as_ref().ok_or(ReadBackError::NoDigests {
        version: meta.version.clone(),
    })?;
    let mut out = vec![(index_key(&meta.version), layout.index.clone())];
    if let Some(digest) = &layout.index_br {
        out.push((index_br_key(&meta.version), digest.clone()));
    }
    out.extend(
        layout
            .shards
            .iter()
            .enumerate()
            .map(|(n, d)| (shard_key(&meta.version, n as u32), d.clone())),
    );
    Ok(out)
}

/// Checks one part as read back.
pub fn check_part(
    key: &str,
    expected: &PartDigest,
    actual: Option<&str>,
) -> Result<(), ReadBackError> {
    match actual {
        None => Err(ReadBackError::Missing { key: key.into() }),
        Some(value) if expected.matches(value) => Ok(()),
        Some(_) => Err(ReadBackError::Differs { key: key.into() }),
    }
}

/// Checks the meta as read back against the one expected (when given) or at least its
/// version; returns it parsed.
pub fn check_meta(
    version: &str,
    expected: Option<&CatalogMeta>,
    actual: Option<&str>,
) -> Result<CatalogMeta, ReadBackError> {
    let key = meta_key(version);
    let text = actual.ok_or_else(|| ReadBackError::Missing { key: key.clone() })?;
    let meta = CatalogMeta::from_json(text)
        .map_err(|_| ReadBackError::MetaDiffers { key: key.clone() })?;
    let fits = meta.version == version && expected.is_none_or(|e| *e == meta);
    if fits {
        Ok(meta)
    } else {
        Err(ReadBackError::MetaDiffers { key })
    }
}

/// Reads a whole sharded version back through `get` (meta, index, every shard) and checks each
/// value against the meta's digests. `expected`: the meta just written, when publishing.
pub fn read_back(
    version: &str,
    expected: Option<&CatalogMeta>,
    mut get: impl FnMut(&str) -> Option<String>,
) -> Result<CatalogMeta, ReadBackError> {
    let meta = check_meta(version, expected, get(&meta_key(version)).as_deref())?;
    for (key, digest) in parts(&meta)? {
        check_part(&key, &digest, get(&key).as_deref())?;
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::kv::shard::ShardIndex;
    use crate::catalog::Procedure;
    use std::collections::HashMap;

    fn artefact(n: usize) -> Artefact {
        let procedures = (0..n)
            .map(|i| Procedure::new(format!("1.{i:06}"), format!("Thủ tục {i}")))
            .collect();
        Artefact::build(procedures, Some("2026-05-01".into()), "t".into(), vec![]).unwrap()
    }

    #[test]
    fn layout_is_index_shards_then_meta() {
        let a = artefact(2);
        let (entries, meta) = version_entries(&a, 1_700_000_000, None).unwrap();
        let keys: Vec<_> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "catalog/2026-05-01/index",
                "catalog/2026-05-01/shards/0",
                "catalog/2026-05-01/meta",
            ]
        );
        assert_eq!(CatalogMeta::from_json(&entries[2].value).unwrap(), meta);
        assert_eq!(meta.published_at, Some(1_700_000_000));
        let mut written: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        let mut vouched = meta.keys().unwrap();
        written.sort();
        vouched.sort();
        assert_eq!(written, vouched);
        let bytes = kv::index_bytes(&entries[0].value).unwrap();
        assert_eq!(
            crate::search::read_header(&bytes).unwrap().catalog_version,
            "2026-05-01"
        );
        let index = crate::search::SearchIndex::from_bytes(&bytes).unwrap();
        assert_eq!(index.len(), 2);
        let shard = ShardIndex::parse(entries[1].value.clone()).unwrap();
        assert!(shard.get("1.000001").unwrap().contains("Thủ tục 1"));
    }

    #[test]
    fn a_large_catalog_is_a_bounded_number_of_values() {
        // ~1.3 MB of procedures: three shards, every procedure in exactly one.
        let mut a = artefact(3000);
        for p in &mut a.procedures {
            p.steps = vec!["x".repeat(400)];
        }
        let (entries, meta) = version_entries(&a, 0, None).unwrap();
        let layout = meta.layout.as_ref().unwrap();
        assert!(layout.shard_count() >= 2, "{}", layout.shard_count());
        assert_eq!(entries.len(), layout.shards.len() + 2);
        let held: usize = entries[1..entries.len() - 1]
            .iter()
            .map(|e| ShardIndex::parse(e.value.clone()).unwrap().len())
            .sum();
        assert_eq!(held, 3000);
    }

    #[test]
    fn read_back_finds_missing_and_torn_values() {
        let a = artefact(20);
        let (entries, meta) = version_entries(&a, 0, None).unwrap();
        let mut kv: HashMap<String, String> =
            entries.into_iter().map(|e| (e.key, e.value)).collect();
        let get = |kv: &HashMap<String, String>| {
            let kv = kv.clone();
            move |k: &str| kv.get(k).cloned()
        };
        assert_eq!(
            read_back("2026-05-01", Some(&meta), get(&kv)),
            Ok(meta.clone())
        );
        assert_eq!(read_back("2026-05-01", None, get(&kv)), Ok(meta.clone()));
        let shard = shard_key("2026-05-01", 0);
        kv.get_mut(&shard).unwrap().push('x');
        assert_eq!(
            read_back("2026-05-01", Some(&meta), get(&kv)),
            Err(ReadBackError::Differs { key: shard.clone() })
        );
        kv.remove(&shard);
        assert_eq!(
            read_back("2026-05-01", Some(&meta), get(&kv)),
            Err(ReadBackError::Missing { key: shard })
        );
        assert!(matches!(
            read_back("other", None, get(&kv)),
            Err(ReadBackError::Missing { .. })
        ));
        let mut legacy = meta.clone();
        legacy.layout = None;
        kv.insert(meta_key("2026-05-01"), legacy.to_json());
        assert_eq!(
            read_back("2026-05-01", None, get(&kv)),
            Err(ReadBackError::NoDigests {
                version: "2026-05-01".into()
            })
        );
        kv.insert(meta_key("2026-05-01"), "{".into());
        assert!(matches!(
            read_back("2026-05-01", None, get(&kv)),
            Err(ReadBackError::MetaDiffers { .. })
        ));
    }

    /// Brotli at quality 11, as the CLI brings it (the encoder is a dev-dependency here: core
    /// ships none).
    fn brotli(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
        out
    }

    fn unbrotli(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
        out
    }

    #[test]
    fn with_an_encoder_the_index_is_also_stored_precompressed_and_vouched_for() {
        let a = artefact(200);
        let entries = VersionEntries::encoded(&a, 0, Some(brotli));
        assert_eq!(entries.len(), 4);
        let (entries, meta) = version_entries(&a, 0, Some(brotli)).unwrap();
        let keys: Vec<_> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            vec![
                "catalog/2026-05-01/index",
                "catalog/2026-05-01/index.br",
                "catalog/2026-05-01/shards/0",
                "catalog/2026-05-01/meta",
            ]
        );
        // The meta vouches for it, names it among the version's keys (so a pruned version's
        // is deleted) and among the parts read back.
        let layout = meta.layout.as_ref().unwrap();
        let digest = layout.index_br.as_ref().unwrap();
        assert!(digest.matches(&entries[1].value));
        let mut vouched = meta.keys().unwrap();
        vouched.sort();
        let mut written: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        written.sort();
        assert_eq!(written, vouched);
        assert!(parts(&meta)
            .unwrap()
            .contains(&(index_br_key("2026-05-01"), digest.clone())));
        assert_eq!(CatalogMeta::from_json(&entries[3].value).unwrap(), meta);
        // The same index, smaller: what the edge serves as `Content-Encoding: br`.
        let index = kv::index_bytes(&entries[0].value).unwrap();
        let precompressed = kv::index_bytes(&entries[1].value).unwrap();
        assert!(precompressed.len() * 2 < index.len());
        assert_eq!(unbrotli(&precompressed), index);
    }

    #[test]
    fn without_an_encoder_the_meta_names_no_precompressed_index() {
        let a = artefact(3);
        assert_eq!(VersionEntries::new(&a, 0).len(), 3);
        let (entries, meta) = version_entries(&a, 0, None).unwrap();
        assert!(entries.iter().all(|e| !e.key.ends_with(".br")));
        assert_eq!(meta.layout.as_ref().unwrap().index_br, None);
        assert!(!meta.to_json().contains("index_br"));
        assert_eq!(parts(&meta).unwrap().len(), 2);
    }

    #[test]
    fn read_back_finds_a_missing_or_torn_precompressed_index() {
        let a = artefact(20);
        let (entries, meta) = version_entries(&a, 0, Some(brotli)).unwrap();
        let mut kv: HashMap<String, String> =
            entries.into_iter().map(|e| (e.key, e.value)).collect();
        let version = "2026-05-01";
        let read =
            |kv: &HashMap<String, String>| read_back(version, Some(&meta), |k| kv.get(k).cloned());
        assert_eq!(read(&kv), Ok(meta.clone()));
        let key = index_br_key(version);
        // Another version's bytes, or the index's own uncompressed value, under its key.
        let whole = kv[&key].clone();
        kv.insert(key.clone(), kv[&index_key(version)].clone());
        assert_eq!(read(&kv), Err(ReadBackError::Differs { key: key.clone() }));
        kv.insert(key.clone(), whole[..whole.len() - 4].to_string());
        assert_eq!(read(&kv), Err(ReadBackError::Differs { key: key.clone() }));
        kv.remove(&key);
        assert_eq!(read(&kv), Err(ReadBackError::Missing { key }));
    }
}
