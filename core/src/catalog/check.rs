//! What makes a catalog unpublishable: the errors `motcua validate` lists and every publish
//! (the CLI's and the Cron refresh's) refuses. Missing parts (no levels, no documents…) are not
//! errors: the sources often lack them, and a procedure with a name and a code still helps.

use super::artefact::Artefact;
use super::code::ProcedureCode;
use std::collections::BTreeMap;
use std::fmt;

/// One reason a catalog may not be published.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogProblem {
    /// No procedures at all (an empty feed, a failed import).
    Empty,
    InvalidCode {
        code: String,
        reason: String,
    },
    EmptyName {
        code: String,
    },
    /// A processing time that is negative, infinite or not a number.
    BadProcessingTime {
        code: String,
        amount: f64,
    },
    /// A paper to bring whose name is blank.
    UnnamedPaper {
        code: String,
    },
    /// `duplicate_of` names a code the catalog does not hold.
    DuplicateOfMissing {
        code: String,
        of: String,
    },
    DuplicateOfItself {
        code: String,
    },
    /// `duplicate_of` names a procedure that is itself a duplicate (groups have one
    /// representative).
    DuplicateOfDuplicate {
        code: String,
        of: String,
        next: String,
    },
}

impl fmt::Display for CatalogProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogProblem::Empty => f.write_str("the catalog holds no procedures"),
            CatalogProblem::InvalidCode { code, reason } => {
                write!(f, "{code}: invalid code ({reason})")
            }
            CatalogProblem::EmptyName { code } => write!(f, "{code}: empty name"),
            CatalogProblem::BadProcessingTime { code, amount } => {
                write!(f, "{code}: bad processing time {amount}")
            }
            CatalogProblem::UnnamedPaper { code } => {
                write!(f, "{code}: a paper to bring without a name")
            }
            CatalogProblem::DuplicateOfMissing { code, of } => {
                write!(f, "{code}: duplicate_of {of} is not in the catalog")
            }
            CatalogProblem::DuplicateOfItself { code } => {
                write!(f, "{code}: duplicate_of points at itself")
            }
            CatalogProblem::DuplicateOfDuplicate { code, of, next } => {
                write!(
                    f,
                    "{code}: duplicate_of {of}, which is itself a duplicate of {next}"
                )
            }
        }
    }
}

/// Every error of an artefact (already hash- and order-verified by [`Artefact::from_json`]).
pub fn problems(artefact: &Artefact) -> Vec<CatalogProblem> {
    let mut out = Vec::new();
    if artefact.procedures.is_empty() {
        out.push(CatalogProblem::Empty);
    }
    let representative_of: BTreeMap<&str, Option<&str>> = artefact
        .procedures
        .iter()
        .map(|p| (p.code.as_str(), p.duplicate_of.as_deref()))
        .collect();
    for p in &artefact.procedures {
        if let Some(of) = p.duplicate_of.as_deref() {
            let (code, of_owned) = (p.code.clone(), of.to_string());
            match representative_of.get(of) {
                None => out.push(CatalogProblem::DuplicateOfMissing { code, of: of_owned }),
                Some(_) if of == p.code => out.push(CatalogProblem::DuplicateOfItself { code }),
                Some(Some(next)) => out.push(CatalogProblem::DuplicateOfDuplicate {
                    code,
                    of: of_owned,
                    next: next.to_string(),
                }),
                Some(None) => {}
            }
        }
        if p.documents.iter().any(|d| d.name.trim().is_empty()) {
            out.push(CatalogProblem::UnnamedPaper {
                code: p.code.clone(),
            });
        }
        if let Err(e) = ProcedureCode::parse(&p.code) {
            out.push(CatalogProblem::InvalidCode {
                code: p.code.clone(),
                reason: e.to_string(),
            });
        }
        if p.name.trim().is_empty() {
            out.push(CatalogProblem::EmptyName {
                code: p.code.clone(),
            });
        }
        for t in p.ways.iter().filter_map(|w| w.processing_time.as_ref()) {
            if !(t.amount.is_finite() && t.amount >= 0.0) {
                out.push(CatalogProblem::BadProcessingTime {
                    code: p.code.clone(),
                    amount: t.amount,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Channel, Document, Procedure, ProcessingTime, TimeUnit, Way};

    fn artefact(procedures: Vec<Procedure>) -> Artefact {
        Artefact::build(procedures, Some("v".into()), "t".into(), vec![]).unwrap()
    }

    #[test]
    fn a_good_catalog_has_no_problems() {
        assert!(problems(&artefact(vec![Procedure::new("1.000001", "Khai sinh")])).is_empty());
    }

    #[test]
    fn empty_bad_codes_names_and_times_are_problems() {
        assert_eq!(problems(&artefact(vec![])), vec![CatalogProblem::Empty]);
        let mut timed = Procedure::new("1.000002", "B");
        timed.ways.push(Way {
            channel: Channel::Online,
            processing_time: Some(ProcessingTime {
                amount: -1.0,
                unit: TimeUnit::Day,
            }),
            fees: vec![],
            description: None,
        });
        let found = problems(&artefact(vec![
            Procedure::new("not a code", "A"),
            Procedure::new("1.000001", "  "),
            timed,
        ]));
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(matches!(found[0], CatalogProblem::EmptyName { .. }));
        assert!(matches!(found[1], CatalogProblem::BadProcessingTime { .. }));
        assert!(matches!(found[2], CatalogProblem::InvalidCode { .. }));
        assert_eq!(found[0].to_string(), "1.000001: empty name");
    }

    #[test]
    fn duplicates_point_at_a_representative_the_catalog_holds() {
        let dup = |code: &str, of: &str| {
            let mut p = Procedure::new(code, "A");
            p.duplicate_of = Some(of.into());
            p
        };
        let mut papers = Procedure::new("1.000001", "A");
        papers.documents = vec![Document::new("Tờ khai"), Document::new(" ")];
        let found = problems(&artefact(vec![
            papers,
            dup("1.000002", "1.000001"),
            dup("1.000003", "1.000002"),
            dup("1.000004", "1.000004"),
            dup("1.000005", "1.000099"),
        ]));
        assert_eq!(
            found.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            [
                "1.000001: a paper to bring without a name",
                "1.000003: duplicate_of 1.000002, which is itself a duplicate of 1.000001",
                "1.000004: duplicate_of points at itself",
                "1.000005: duplicate_of 1.000099 is not in the catalog",
            ]
        );
    }
}
