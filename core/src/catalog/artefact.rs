//! The catalog artefact: one JSON document the edge loads and the widget can fetch.
//! Deterministic: the same procedures, version and time give the same bytes and hash.

use super::model::{Level, OnlineLevel, Procedure, Summary};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;

/// Bumped whenever the artefact's or the model's JSON shape changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// Figures stored with the catalog (also in the KV meta record).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub procedures: usize,
    /// By level's machine name (`province`, `commune`, ...).
    pub by_level: BTreeMap<String, usize>,
    /// By online level's machine name, plus `unknown`.
    pub by_online_level: BTreeMap<String, usize>,
    pub with_ways: usize,
    pub with_documents: usize,
    pub with_legal_basis: usize,
}

impl Counts {
    pub fn of(procedures: &[Procedure]) -> Counts {
        let mut c = Counts {
            procedures: procedures.len(),
            ..Counts::default()
        };
        for p in procedures {
            for level in &p.levels {
                *c.by_level.entry(level.as_str().to_string()).or_default() += 1;
            }
            let online = p.online_level.map_or("unknown", OnlineLevel::as_str);
            *c.by_online_level.entry(online.to_string()).or_default() += 1;
            c.with_ways += usize::from(!p.ways.is_empty());
            c.with_documents += usize::from(!p.documents.is_empty());
            c.with_legal_basis += usize::from(!p.legal_basis.is_empty());
        }
        c
    }

    pub fn level(&self, level: Level) -> usize {
        self.by_level.get(level.as_str()).copied().unwrap_or(0)
    }
}

/// A versioned, hashed catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Artefact {
    pub format_version: u32,
    /// The catalog's version; also its KV key prefix (`catalog/<version>/...`).
    pub catalog_version: String,
    /// SHA-256 (hex) of the compact JSON of `procedures`.
    pub content_hash: String,
    /// When it was generated, as the caller says (RFC 3339); not part of the hash.
    pub generated_at: String,
    /// Input names it was imported from.
    pub sources: Vec<String>,
    pub counts: Counts,
    /// Sorted by code, codes unique.
    pub procedures: Vec<Procedure>,
}

/// Why an artefact could not be loaded or built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArtefactError {
    /// Not JSON, or not this shape.
    Json(String),
    UnsupportedFormat {
        found: u32,
        expected: u32,
    },
    HashMismatch {
        stated: String,
        computed: String,
    },
    /// Procedures not sorted by code or a code repeated.
    NotSorted {
        code: String,
    },
    /// A version unusable as a KV key segment.
    InvalidVersion(String),
}

impl fmt::Display for ArtefactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArtefactError::Json(msg) => write!(f, "not a catalog artefact: {msg}"),
            ArtefactError::UnsupportedFormat { found, expected } => write!(
                f,
                "catalog format version {found} is not supported (expected {expected})"
            ),
            ArtefactError::HashMismatch { stated, computed } => write!(
                f,
                "content hash mismatch: file says {stated}, procedures hash to {computed}"
            ),
            ArtefactError::NotSorted { code } => {
                write!(f, "procedures not sorted by unique code at {code}")
            }
            ArtefactError::InvalidVersion(v) => write!(
                f,
                "invalid catalog version {v:?}: use 1-64 letters, digits, '.', '-' or '_'"
            ),
        }
    }
}

impl std::error::Error for ArtefactError {}

/// Feeds what is written to it into the hash.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// SHA-256 hex of the procedures' compact JSON, hashed as it is serialised: a Worker verifying a
/// 20 MB catalog does not hold a second copy of it.
pub fn content_hash(procedures: &[Procedure]) -> String {
    let mut writer = HashWriter(Sha256::new());
    // Serialising plain data into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut writer, procedures);
    writer
        .0
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `version` is safe as a KV key segment.
pub fn is_valid_version(version: &str) -> bool {
    !version.is_empty()
        && version.len() <= 64
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

#[derive(Deserialize)]
struct Header {
    format_version: u32,
}

impl Artefact {
    /// Builds an artefact; procedures are sorted by code (a repeated code keeps the first).
    /// Without a version, the first 16 hex digits of the content hash are used.
    pub fn build(
        mut procedures: Vec<Procedure>,
        catalog_version: Option<String>,
        generated_at: String,
        sources: Vec<String>,
    ) -> Result<Artefact, ArtefactError> {
        procedures.sort_by(|a, b| a.code.cmp(&b.code));
        procedures.dedup_by(|b, a| a.code == b.code);
        let content_hash = content_hash(&procedures);
        let catalog_version = catalog_version.unwrap_or_else(|| content_hash[..16].to_string());
        if !is_valid_version(&catalog_version) {
            return Err(ArtefactError::InvalidVersion(catalog_version));
        }
        Ok(Artefact {
            format_version: FORMAT_VERSION,
            catalog_version,
            content_hash,
            generated_at,
            sources,
            counts: Counts::of(&procedures),
            procedures,
        })
    }

    /// The compact JSON document.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Loads and verifies: format version, sort order, content hash.
    pub fn from_json(text: &str) -> Result<Artefact, ArtefactError> {
        let header: Header =
            serde_json::from_str(text).map_err(|e| ArtefactError::Json(e.to_string()))?;
        if header.format_version != FORMAT_VERSION {
            return Err(ArtefactError::UnsupportedFormat {
                found: header.format_version,
                expected: FORMAT_VERSION,
            });
        }
        let artefact: Artefact =
            serde_json::from_str(text).map_err(|e| ArtefactError::Json(e.to_string()))?;
        artefact.verify()?;
        Ok(artefact)
    }

    /// Checks the invariants `from_json` relies on.
    pub fn verify(&self) -> Result<(), ArtefactError> {
        if !is_valid_version(&self.catalog_version) {
            return Err(ArtefactError::InvalidVersion(self.catalog_version.clone()));
        }
        for pair in self.procedures.windows(2) {
            if pair[0].code >= pair[1].code {
                return Err(ArtefactError::NotSorted {
                    code: pair[1].code.clone(),
                });
            }
        }
        let computed = content_hash(&self.procedures);
        if computed != self.content_hash {
            return Err(ArtefactError::HashMismatch {
                stated: self.content_hash.clone(),
                computed,
            });
        }
        Ok(())
    }

    /// Summaries, sorted by code.
    pub fn summaries(&self) -> Vec<Summary> {
        self.procedures.iter().map(Procedure::summary).collect()
    }

    /// A procedure by code (binary search: procedures are sorted).
    pub fn find(&self, code: &str) -> Option<&Procedure> {
        self.procedures
            .binary_search_by(|p| p.code.as_str().cmp(code))
            .ok()
            .and_then(|i| self.procedures.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Procedure> {
        let mut b = Procedure::new("2.000001", "B");
        b.levels = vec![Level::Province];
        vec![b, Procedure::new("1.000001", "A")]
    }

    #[test]
    fn round_trip_is_deterministic_and_verified() {
        let a = Artefact::build(sample(), None, "2026-01-01T00:00:00Z".into(), vec![]).unwrap();
        let b = Artefact::build(sample(), None, "2026-01-01T00:00:00Z".into(), vec![]).unwrap();
        assert_eq!(a.to_json(), b.to_json());
        assert_eq!(a.procedures[0].code, "1.000001");
        assert_eq!(a.catalog_version.len(), 16);
        assert_eq!(a.counts.level(Level::Province), 1);
        let back = Artefact::from_json(&a.to_json()).unwrap();
        assert_eq!(back, a);
        assert_eq!(back.find("2.000001").map(|p| p.name.as_str()), Some("B"));
        assert!(back.find("9.999999").is_none());
    }

    #[test]
    fn tampering_and_wrong_versions_are_rejected() {
        let a = Artefact::build(sample(), Some("v1".into()), "t".into(), vec![]).unwrap();
        let tampered = a.to_json().replace("\"name\":\"B\"", "\"name\":\"C\"");
        assert!(matches!(
            Artefact::from_json(&tampered),
            Err(ArtefactError::HashMismatch { .. })
        ));
        let old = a
            .to_json()
            .replace("\"format_version\":1", "\"format_version\":0");
        assert_eq!(
            Artefact::from_json(&old),
            Err(ArtefactError::UnsupportedFormat {
                found: 0,
                expected: 1
            })
        );
        assert!(matches!(
            Artefact::from_json("[]"),
            Err(ArtefactError::Json(_))
        ));
        assert!(matches!(
            Artefact::build(vec![], Some("a/b".into()), "t".into(), vec![]),
            Err(ArtefactError::InvalidVersion(_))
        ));
    }
}
