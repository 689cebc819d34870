//! Merging records of the same code from several inputs into one procedure each.

use super::SourceKind;
use crate::catalog::model::Procedure;
use std::collections::BTreeMap;

/// Collects procedures from any number of inputs and merges those sharing a code.
#[derive(Debug, Default)]
pub struct CatalogBuilder {
    records: BTreeMap<String, Vec<(bool, SourceKind, usize, Procedure)>>,
    /// Codes that some primary input states; `None` = every input is primary.
    primary: Option<std::collections::BTreeSet<String>>,
    enriching: bool,
    sequence: usize,
    sources: Vec<String>,
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

    /// The merged procedures, sorted by code. For each field, the value from the
    /// highest-priority record that states it wins: primary inputs before enriching ones,
    /// then by [`SourceKind`], then the earlier input.
    pub fn finish(self) -> Vec<Procedure> {
        let primary = self.primary;
        self.records
            .into_iter()
            .filter(|(code, _)| primary.as_ref().is_none_or(|p| p.contains(code)))
            .filter_map(|(_, mut records)| {
                records.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
                let mut iter = records.into_iter().map(|(_, _, _, p)| p);
                let mut merged = iter.next()?;
                for other in iter {
                    merge_into(&mut merged, other);
                }
                Some(merged)
            })
            .collect()
    }
}

/// Fills what `base` lacks from `other`: a present field wins over a missing one.
pub fn merge_into(base: &mut Procedure, other: Procedure) {
    fn opt<T>(a: &mut Option<T>, b: Option<T>) {
        if a.is_none() {
            *a = b;
        }
    }
    fn list<T>(a: &mut Vec<T>, b: Vec<T>) {
        if a.is_empty() {
            *a = b;
        }
    }
    if base.name.is_empty() {
        base.name = other.name;
    }
    list(&mut base.levels, other.levels);
    opt(&mut base.procedure_type, other.procedure_type);
    opt(&mut base.regulation_type, other.regulation_type);
    // Field codes are only in the API; keep the richer entries but add codes by name.
    if base.fields.is_empty() {
        base.fields = other.fields;
    } else {
        for f in &mut base.fields {
            if f.code.is_none() {
                if let Some(o) = other.fields.iter().find(|o| o.name == f.name) {
                    f.code.clone_from(&o.code);
                }
            }
        }
    }
    list(&mut base.competent_agencies, other.competent_agencies);
    list(&mut base.executing_agencies, other.executing_agencies);
    list(&mut base.subjects, other.subjects);
    list(&mut base.steps, other.steps);
    list(&mut base.ways, other.ways);
    list(&mut base.documents, other.documents);
    opt(&mut base.conditions, other.conditions);
    list(&mut base.results, other.results);
    list(&mut base.legal_basis, other.legal_basis);
    opt(&mut base.online_level, other.online_level);
    opt(&mut base.source_url, other.source_url);
    opt(&mut base.decision_number, other.decision_number);
    opt(&mut base.last_updated, other.last_updated);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::{Field, Level};

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
    }
}
