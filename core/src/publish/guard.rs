//! Whether a candidate catalog may go live, for `motcua publish` and the Cron refresh alike.
//!
//! In order: a catalog with errors ([`crate::catalog::check`]) is never published; the live
//! content again is nothing to do; a version name already used for other content is refused
//! (versions are immutable: the edge caches them and serves them under ETags); content rolled
//! back from, or a catalog that loses more than [`MAX_LOSS_PERCENT`] % of the live one's
//! procedures, is refused unless the operator forces it (`--force`; the Cron never does).

use super::versions::Registry;
use crate::catalog::check::{problems, CatalogProblem};
use crate::catalog::kv::CatalogMeta;
use crate::catalog::Artefact;
use std::fmt;

/// A publish may lose at most this share of the live catalog's procedures.
pub const MAX_LOSS_PERCENT: usize = 10;

/// What the operator allows beyond the defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Publish a shrunken or withdrawn catalog anyway (`motcua publish --force`).
    pub force: bool,
}

/// What to do with an acceptable candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Publish,
    /// Its content is the live one's: nothing to write.
    AlreadyLive,
}

/// Why a candidate may not go live.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    Invalid(Vec<CatalogProblem>),
    /// More than [`MAX_LOSS_PERCENT`] % fewer procedures than the live catalog.
    Shrunk {
        live: usize,
        candidate: usize,
    },
    /// This version name is already published with other content.
    VersionTaken {
        version: String,
    },
    /// This content was rolled back from (version `version`).
    Withdrawn {
        version: String,
    },
}

impl Refusal {
    /// A short machine name (refresh records, logs).
    pub fn kind(&self) -> &'static str {
        match self {
            Refusal::Invalid(_) => "invalid",
            Refusal::Shrunk { .. } => "shrunk",
            Refusal::VersionTaken { .. } => "version_taken",
            Refusal::Withdrawn { .. } => "withdrawn",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Invalid(problems) => {
                write!(f, "{} error(s)", problems.len())?;
                for p in problems.iter().take(3) {
                    write!(f, "; {p}")?;
                }
                Ok(())
            }
            Refusal::Shrunk { live, candidate } => write!(
                f,
                "{candidate} procedures against {live} live: loses more than \
                 {MAX_LOSS_PERCENT} % (use --force if that is intended)"
            ),
            Refusal::VersionTaken { version } => write!(
                f,
                "version {version} is already published with other content; give the new \
                 catalog another version"
            ),
            Refusal::Withdrawn { version } => write!(
                f,
                "this content is version {version}, which was rolled back from \
                 (use --force or `motcua rollback {version}` to bring it back)"
            ),
        }
    }
}

impl std::error::Error for Refusal {}

/// Whether `lost` of `live` procedures is more than [`MAX_LOSS_PERCENT`] %.
fn loses_too_many(live: usize, candidate: usize) -> bool {
    let lost = live.saturating_sub(candidate);
    lost * 100 > live * MAX_LOSS_PERCENT
}

/// The verdict on `candidate` against the live catalog (`None`: nothing live yet) and the
/// published versions.
pub fn decide(
    candidate: &Artefact,
    live: Option<&CatalogMeta>,
    registry: &Registry,
    policy: Policy,
) -> Result<Decision, Refusal> {
    let errors = problems(candidate);
    if !errors.is_empty() {
        return Err(Refusal::Invalid(errors));
    }
    if live.is_some_and(|l| l.hash == candidate.content_hash) {
        return Ok(Decision::AlreadyLive);
    }
    let version = &candidate.catalog_version;
    let taken = registry
        .get(version)
        .map(|r| r.hash != candidate.content_hash)
        .or_else(|| live.map(|l| l.version == *version))
        .unwrap_or(false);
    if taken {
        return Err(Refusal::VersionTaken {
            version: version.clone(),
        });
    }
    if policy.force {
        return Ok(Decision::Publish);
    }
    if let Some(w) = registry.withdrawn(&candidate.content_hash) {
        return Err(Refusal::Withdrawn {
            version: w.version.clone(),
        });
    }
    if let Some(live) = live {
        let count = candidate.procedures.len();
        if loses_too_many(live.counts.procedures, count) {
            return Err(Refusal::Shrunk {
                live: live.counts.procedures,
                candidate: count,
            });
        }
    }
    Ok(Decision::Publish)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Procedure;
    use crate::publish::versions::{Source, VersionRecord};

    /// `n` procedures whose names differ by `version`: two versions never share content.
    fn artefact(version: &str, n: usize) -> Artefact {
        content(version, n, version)
    }

    fn content(version: &str, n: usize, name: &str) -> Artefact {
        let procedures = (0..n)
            .map(|i| Procedure::new(format!("1.{i:06}"), format!("Thủ tục {name}")))
            .collect();
        Artefact::build(procedures, Some(version.into()), "t".into(), vec![]).unwrap()
    }

    fn live(a: &Artefact) -> CatalogMeta {
        CatalogMeta::of(a)
    }

    const ANY: Policy = Policy { force: false };
    const FORCE: Policy = Policy { force: true };

    #[test]
    fn the_first_catalog_and_a_bigger_or_slightly_smaller_one_publish() {
        let none = Registry::default();
        assert_eq!(
            decide(&artefact("v1", 100), None, &none, ANY),
            Ok(Decision::Publish)
        );
        let old = live(&artefact("v1", 100));
        assert_eq!(
            decide(&artefact("v2", 120), Some(&old), &none, ANY),
            Ok(Decision::Publish)
        );
        // Exactly 10 % lost is allowed; one more is not.
        assert_eq!(
            decide(&artefact("v2", 90), Some(&old), &none, ANY),
            Ok(Decision::Publish)
        );
        assert_eq!(
            decide(&artefact("v2", 89), Some(&old), &none, ANY),
            Err(Refusal::Shrunk {
                live: 100,
                candidate: 89
            })
        );
        assert_eq!(
            decide(&artefact("v2", 89), Some(&old), &none, FORCE),
            Ok(Decision::Publish)
        );
    }

    #[test]
    fn invalid_catalogs_are_refused_even_when_forced() {
        let empty = artefact("v2", 0);
        for policy in [ANY, FORCE] {
            assert!(matches!(
                decide(&empty, None, &Registry::default(), policy),
                Err(Refusal::Invalid(_))
            ));
        }
        assert_eq!(
            decide(&empty, None, &Registry::default(), ANY)
                .unwrap_err()
                .kind(),
            "invalid"
        );
    }

    #[test]
    fn the_live_content_again_is_nothing_to_do() {
        let a = artefact("v1", 10);
        let same_content_other_name = content("v9", 10, "v1");
        let registry = Registry::default();
        assert_eq!(
            decide(&a, Some(&live(&a)), &registry, ANY),
            Ok(Decision::AlreadyLive)
        );
        assert_eq!(
            decide(&same_content_other_name, Some(&live(&a)), &registry, ANY),
            Ok(Decision::AlreadyLive)
        );
    }

    #[test]
    fn a_version_name_is_never_reused_for_other_content() {
        let a = artefact("v1", 10);
        let b = artefact("v1", 11);
        let mut registry = Registry::default();
        assert_eq!(
            decide(&b, Some(&live(&a)), &registry, FORCE),
            Err(Refusal::VersionTaken {
                version: "v1".into()
            })
        );
        registry.record(VersionRecord::of(&live(&a), Source::Cli));
        let c = artefact("v2", 11);
        assert_eq!(
            decide(&b, Some(&live(&c)), &registry, FORCE),
            Err(Refusal::VersionTaken {
                version: "v1".into()
            })
        );
        // The same content under its own name (a re-publish) is fine.
        assert_eq!(
            decide(&a, Some(&live(&c)), &registry, ANY),
            Ok(Decision::Publish)
        );
    }

    #[test]
    fn withdrawn_content_needs_the_operator() {
        let a = artefact("v1", 10);
        let b = artefact("v2", 10);
        let mut registry = Registry::default();
        registry.record(VersionRecord::of(&live(&a), Source::Cli));
        registry.record(VersionRecord::of(&live(&b), Source::Cron));
        registry.rolled_back("v2", "v1");
        assert_eq!(
            decide(&b, Some(&live(&a)), &registry, ANY),
            Err(Refusal::Withdrawn {
                version: "v2".into()
            })
        );
        assert_eq!(
            decide(&b, Some(&live(&a)), &registry, FORCE),
            Ok(Decision::Publish)
        );
    }
}
