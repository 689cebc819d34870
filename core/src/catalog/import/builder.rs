//! Merging records of the same code from several inputs into one procedure each, then the
//! catalog-wide passes: documents as a checklist, legal basis merged, duplicate names marked,
//! agency names fitted to the catalog's province.

use super::SourceKind;
use crate::catalog::checklist::{self, paper_key};
use crate::catalog::model::{Document, FilledPart, Procedure, Way};
use crate::catalog::province::{self, AgencyFit, Province};
use crate::catalog::{duplicates, legal};
use std::collections::{BTreeMap, BTreeSet};

/// Which province's agencies a catalog names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProvinceChoice {
    /// Detect it from a province list among the primary inputs (the national portal's summary
    /// list of a province: its agency names end with the province); no fitting without one.
    #[default]
    Detect,
    Fixed(&'static Province),
    /// A national catalog: leave agency names as they are.
    None,
}

/// What [`CatalogBuilder::finish_with_report`] did beyond merging.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogReport {
    /// Procedures per part filled from enriching inputs.
    pub filled: BTreeMap<FilledPart, usize>,
    /// The catalog's province, when known.
    pub province: Option<&'static Province>,
    /// Agency fitting to that province.
    pub agencies: Option<AgencyFit>,
    /// Groups of codes sharing a name, representative first.
    pub duplicate_groups: Vec<Vec<String>>,
}

type Record = (bool, SourceKind, usize, Procedure);

/// Collects procedures from any number of inputs and merges those sharing a code.
#[derive(Debug, Default)]
pub struct CatalogBuilder {
    records: BTreeMap<String, Vec<Record>>,
    /// Codes that some primary input states; `None` = every input is primary.
    primary: Option<BTreeSet<String>>,
    enriching: bool,
    sequence: usize,
    sources: Vec<String>,
    province: ProvinceChoice,
}

impl CatalogBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an input's name (listed in the artefact's `sources`).
    pub fn note_source(&mut self, name: &str) {
        if !self.sources.iter().any(|s| s == name) {
            self.sources.push(name.to_string());
        }
    }

    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Which province the catalog serves (default: [`ProvinceChoice::Detect`]).
    pub fn set_province(&mut self, choice: ProvinceChoice) {
        self.province = choice;
    }

    /// Adds one record. Returns true when a record of this code from the same kind of
    /// source was already there (a duplicate within the source).
    pub fn add(&mut self, kind: SourceKind, procedure: Procedure) -> bool {
        self.sequence += 1;
        if !self.enriching {
            if let Some(primary) = &mut self.primary {
                primary.insert(procedure.code.clone());
            }
        }
        let entry = self.records.entry(procedure.code.clone()).or_default();
        let duplicate = entry.iter().any(|(_, k, _, _)| *k == kind);
        entry.push((!self.enriching, kind, self.sequence, procedure));
        duplicate
    }

    /// From now on, records added only enrich procedures that a primary input (one added
    /// while not enriching) also has; codes found only in enriching inputs are dropped at
    /// [`CatalogBuilder::finish`]. Used to build a province's catalog from its own list plus
    /// a national crawl.
    pub fn set_enriching(&mut self, enriching: bool) {
        if self.primary.is_none() {
            let codes = self.records.keys().cloned().collect();
            self.primary = Some(codes);
        }
        self.enriching = enriching;
    }

    /// Number of distinct codes so far.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The merged procedures, sorted by code (see [`CatalogBuilder::finish_with_report`]).
    pub fn finish(self) -> Vec<Procedure> {
        self.finish_with_report().0
    }

    /// The merged procedures, sorted by code, and what was filled and fitted. For each field,
    /// the value from the highest-priority record that states it wins: primary inputs before
    /// enriching ones, then by [`SourceKind`], then the earlier input. Parts filled from an
    /// enriching record are listed in [`Procedure::enriched`]. Then each procedure's documents
    /// become a checklist ([`checklist::tidy`]) and its legal basis one line per document
    /// ([`legal::tidy`]); names shared by several codes are marked ([`duplicates::mark`]);
    /// agency names are fitted to the province ([`province::fit_agencies`]).
    pub fn finish_with_report(self) -> (Vec<Procedure>, CatalogReport) {
        let primary = self.primary;
        let province = match self.province {
            ProvinceChoice::Fixed(p) => Some(p),
            ProvinceChoice::None => None,
            ProvinceChoice::Detect => province::detect(
                self.records
                    .values()
                    .flatten()
                    .filter(|(is_primary, kind, _, _)| {
                        *is_primary && *kind == SourceKind::PortalSummary
                    })
                    .map(|(_, _, _, p)| p),
            ),
        };
        let mut report = CatalogReport {
            province,
            ..CatalogReport::default()
        };
        let mut procedures: Vec<Procedure> = self
            .records
            .into_iter()
            .filter(|(code, _)| primary.as_ref().is_none_or(|p| p.contains(code)))
            .filter_map(|(_, mut records)| {
                records.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
                let mut iter = records.into_iter();
                let (_, _, _, mut merged) = iter.next()?;
                let mut filled = BTreeSet::new();
                for (is_primary, _, _, other) in iter {
                    let parts = merge_into(&mut merged, other);
                    if !is_primary {
                        filled.extend(parts);
                    }
                }
                for part in &filled {
                    *report.filled.entry(*part).or_default() += 1;
                }
                merged.enriched = filled.into_iter().collect();
                let (documents, notes) = checklist::tidy(std::mem::take(&mut merged.documents));
                merged.documents = documents;
                merged.document_notes = notes;
                merged.legal_basis = legal::tidy(std::mem::take(&mut merged.legal_basis));
                Some(merged)
            })
            .collect();
        report.duplicate_groups = duplicates::mark(&mut procedures);
        if let Some(province) = province {
            report.agencies = Some(province::fit_agencies(&mut procedures, province));
        }
        (procedures, report)
    }
}

/// Fills what `base` lacks from `other`: a present field wins over a missing one. Ways are
/// matched by channel and papers by name, so a way without a time or a paper without counts
/// is completed from `other` too. Returns the parts it filled.
pub fn merge_into(base: &mut Procedure, other: Procedure) -> Vec<FilledPart> {
    fn opt<T>(a: &mut Option<T>, b: Option<T>) -> bool {
        let fill = a.is_none() && b.is_some();
        if fill {
            *a = b;
        }
        fill
    }
    fn list<T>(a: &mut Vec<T>, b: Vec<T>) -> bool {
        let fill = a.is_empty() && !b.is_empty();
        if fill {
            *a = b;
        }
        fill
    }
    if base.name.is_empty() {
        base.name.clone_from(&other.name);
    }
    // Field codes are only in the API; keep the richer entries but add codes by name.
    if !base.fields.is_empty() {
        for f in &mut base.fields {
            if f.code.is_none() {
                if let Some(o) = other.fields.iter().find(|o| o.name == f.name) {
                    f.code.clone_from(&o.code);
                }
            }
        }
    }
    let b = base;
    let o = other;
    let wholes = [
        (list(&mut b.levels, o.levels), FilledPart::Levels),
        (
            opt(&mut b.procedure_type, o.procedure_type),
            FilledPart::ProcedureType,
        ),
        (
            opt(&mut b.regulation_type, o.regulation_type),
            FilledPart::RegulationType,
        ),
        (list(&mut b.fields, o.fields), FilledPart::Fields),
        (
            list(&mut b.competent_agencies, o.competent_agencies),
            FilledPart::CompetentAgencies,
        ),
        (
            list(&mut b.executing_agencies, o.executing_agencies),
            FilledPart::ExecutingAgencies,
        ),
        (list(&mut b.subjects, o.subjects), FilledPart::Subjects),
        (list(&mut b.steps, o.steps), FilledPart::Steps),
        (opt(&mut b.conditions, o.conditions), FilledPart::Conditions),
        (list(&mut b.results, o.results), FilledPart::Results),
        (
            list(&mut b.legal_basis, o.legal_basis),
            FilledPart::LegalBasis,
        ),
        (
            opt(&mut b.online_level, o.online_level),
            FilledPart::OnlineLevel,
        ),
        (opt(&mut b.source_url, o.source_url), FilledPart::SourceUrl),
        (
            opt(&mut b.decision_number, o.decision_number),
            FilledPart::DecisionNumber,
        ),
        (
            opt(&mut b.last_updated, o.last_updated),
            FilledPart::LastUpdated,
        ),
    ];
    let mut filled: Vec<FilledPart> = wholes
        .into_iter()
        .filter_map(|(done, part)| done.then_some(part))
        .collect();
    filled.extend(merge_ways(&mut b.ways, o.ways));
    filled.extend(merge_documents(&mut b.documents, o.documents));
    filled.sort();
    filled
}

/// Ways: all of `other`'s when `base` has none; else each way of `base` without a time, fees
/// or description takes them from `other`'s way of the same channel.
fn merge_ways(base: &mut Vec<Way>, other: Vec<Way>) -> Vec<FilledPart> {
    let mut filled = Vec::new();
    if base.is_empty() {
        if !other.is_empty() {
            filled.push(FilledPart::Ways);
            if other.iter().any(|w| w.processing_time.is_some()) {
                filled.push(FilledPart::ProcessingTime);
            }
            if other.iter().any(|w| !w.fees.is_empty()) {
                filled.push(FilledPart::Fees);
            }
            *base = other;
        }
        return filled;
    }
    for way in base.iter_mut() {
        let Some(o) = other.iter().find(|o| o.channel == way.channel) else {
            continue;
        };
        if way.processing_time.is_none() && o.processing_time.is_some() {
            way.processing_time = o.processing_time;
            filled.push(FilledPart::ProcessingTime);
        }
        if way.fees.is_empty() && !o.fees.is_empty() {
            way.fees.clone_from(&o.fees);
            filled.push(FilledPart::Fees);
        }
        if way.description.is_none() {
            way.description.clone_from(&o.description);
        }
    }
    filled.dedup();
    filled
}

/// Papers: all of `other`'s when `base` has none; else a paper of `base` with no counts or no
/// forms takes them from `other`'s paper of the same name.
fn merge_documents(base: &mut Vec<Document>, other: Vec<Document>) -> Vec<FilledPart> {
    if base.is_empty() {
        if other.is_empty() {
            return Vec::new();
        }
        *base = other;
        return vec![FilledPart::Documents];
    }
    let no_count = |d: &Document| {
        matches!(
            (d.original_count, d.copy_count),
            (None | Some(0), None | Some(0))
        )
    };
    let mut filled = Vec::new();
    for d in base.iter_mut() {
        let key = paper_key(&d.name);
        let Some(o) = other.iter().find(|o| paper_key(&o.name) == key) else {
            continue;
        };
        if no_count(d) && !no_count(o) {
            d.original_count = o.original_count;
            d.copy_count = o.copy_count;
            filled.push(FilledPart::DocumentCounts);
        }
        if d.forms.is_empty() && !o.forms.is_empty() {
            d.forms.clone_from(&o.forms);
            filled.push(FilledPart::Forms);
        }
    }
    filled.sort();
    filled.dedup();
    filled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{Channel, Fee, Field, Form, Level, OnlineLevel};
    use crate::deadline::{ProcessingTime, TimeUnit};

    fn way(channel: Channel, days: Option<f64>, fee: Option<f64>) -> Way {
        Way {
            channel,
            processing_time: days.map(|amount| ProcessingTime {
                amount,
                unit: TimeUnit::WorkingDay,
            }),
            fees: fee
                .map(|amount| Fee {
                    kind: None,
                    amount: Some(amount),
                    currency: None,
                    description: None,
                })
                .into_iter()
                .collect(),
            description: None,
        }
    }

    #[test]
    fn merge_prefers_richer_sources_and_fills_gaps() {
        let mut b = CatalogBuilder::new();
        let mut summary = Procedure::new("1.000001", "Tên từ danh sách");
        summary.levels = vec![Level::Province];
        summary.fields = vec![Field {
            name: "Hộ tịch".into(),
            code: None,
        }];
        b.add(SourceKind::PortalSummary, summary);
        b.set_enriching(true);
        let mut crawl = Procedure::new("1.000001", "Tên từ trang chi tiết");
        crawl.levels = vec![Level::Ministry, Level::Province];
        crawl.conditions = Some("Điều kiện".into());
        b.add(SourceKind::Crawl, crawl);
        b.add(
            SourceKind::Crawl,
            Procedure::new("9.000009", "Không thuộc tỉnh"),
        );
        let ps = b.finish();
        assert_eq!(ps.len(), 1, "enrich-only codes are dropped");
        // The province's own list outranks the national crawl it is enriched with.
        assert_eq!(ps[0].name, "Tên từ danh sách");
        assert_eq!(ps[0].levels, vec![Level::Province]);
        assert_eq!(ps[0].conditions.as_deref(), Some("Điều kiện"));
        assert_eq!(ps[0].fields[0].name, "Hộ tịch");
        assert_eq!(ps[0].enriched, vec![FilledPart::Conditions]);
    }

    #[test]
    fn ways_and_papers_are_completed_one_by_one_and_recorded() {
        let mut b = CatalogBuilder::new();
        let mut detail = Procedure::new("1.000002", "Cấp phép");
        detail.ways = vec![
            way(Channel::Online, None, Some(0.0)),
            way(Channel::InPerson, Some(5.0), None),
        ];
        detail.documents = vec![Document {
            original_count: Some(0),
            copy_count: Some(0),
            ..Document::new("Đơn đề nghị")
        }];
        b.add(SourceKind::PortalDetail, detail);
        b.set_enriching(true);
        let mut crawl = Procedure::new("1.000002", "Cấp phép");
        crawl.ways = vec![
            way(Channel::Online, Some(3.0), Some(9.0)),
            way(Channel::InPerson, Some(7.0), Some(1000.0)),
            way(Channel::Postal, Some(7.0), None),
        ];
        crawl.documents = vec![Document {
            original_count: Some(1),
            forms: vec![Form {
                name: "Mau01.docx".into(),
                url: None,
                file_path: None,
            }],
            ..Document::new("- Đơn đề nghị")
        }];
        crawl.online_level = Some(OnlineLevel::Offline);
        b.add(SourceKind::Crawl, crawl);
        let p = &b.finish()[0];
        // The record's own values stay; only what it lacked is filled, per channel.
        assert_eq!(
            p.ways.len(),
            2,
            "no way is added to a record that lists its ways"
        );
        assert_eq!(p.ways[0].processing_time.map(|t| t.amount), Some(3.0));
        assert_eq!(p.ways[0].fees[0].amount, Some(0.0));
        assert_eq!(p.ways[1].processing_time.map(|t| t.amount), Some(5.0));
        assert_eq!(p.ways[1].fees[0].amount, Some(1000.0));
        assert_eq!(p.documents[0].original_count, Some(1));
        assert_eq!(p.documents[0].forms.len(), 1);
        assert_eq!(
            p.enriched,
            vec![
                FilledPart::ProcessingTime,
                FilledPart::Fees,
                FilledPart::DocumentCounts,
                FilledPart::Forms,
                FilledPart::OnlineLevel
            ]
        );
    }

    #[test]
    fn primary_inputs_merged_together_are_not_enrichment() {
        let mut b = CatalogBuilder::new();
        b.add(SourceKind::PortalSummary, Procedure::new("1.000003", "A"));
        let mut detail = Procedure::new("1.000003", "A");
        detail.ways = vec![way(Channel::Online, Some(1.0), None)];
        b.add(SourceKind::PortalDetail, detail);
        let (ps, report) = b.finish_with_report();
        assert_eq!(ps[0].ways.len(), 1);
        assert!(ps[0].enriched.is_empty());
        assert!(report.filled.is_empty());
        assert_eq!(report.province, None);
    }
}
