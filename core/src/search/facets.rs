//! Facet counts: how many procedures each filter value would give.

use super::filters::{Checks, Row};
use super::index::SearchIndex;
use crate::catalog::{Level, OnlineLevel};
use crate::messages::Lang;
use crate::sorting;
use serde::Serialize;
use std::sync::Arc;

/// Counts over the matching set. Each dimension counts the procedures that match the text and
/// every filter of the *other* dimensions, so a UI can show how many it would get by changing
/// one filter. Sorted by count (descending), then Vietnamese label.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facets {
    pub levels: Vec<(Level, usize)>,
    /// Names are shared with the index (a query may count a few hundred).
    pub fields: Vec<(Arc<str>, usize)>,
    pub agencies: Vec<(Arc<str>, usize)>,
    pub online: Vec<(OnlineLevel, usize)>,
}

/// Counts per level bit, field id, agency id and online byte, while the filter pass runs.
pub(super) struct FacetCounter {
    levels: [usize; Level::ALL.len()],
    fields: Vec<usize>,
    agencies: Vec<usize>,
    online: [usize; 4],
}

impl FacetCounter {
    pub fn new(index: &SearchIndex) -> FacetCounter {
        FacetCounter {
            levels: [0; Level::ALL.len()],
            fields: vec![0; index.compact.fields.len()],
            agencies: vec![0; index.compact.agencies.len()],
            online: [0; 4],
        }
    }

    /// Counts a procedure in each dimension whose other filters it passes.
    pub fn count(&mut self, row: &Row<'_>, checks: &Checks) {
        if checks.field && checks.agency && checks.online {
            for (i, count) in self.levels.iter_mut().enumerate() {
                *count += usize::from(row.levels & (1 << i) != 0);
            }
        }
        if checks.level && checks.agency && checks.online {
            for f in row.fields {
                if let Some(c) = self.fields.get_mut(usize::from(*f)) {
                    *c += 1;
                }
            }
        }
        if checks.level && checks.field && checks.online {
            if let Some(c) = row
                .agency
                .and_then(|a| self.agencies.get_mut(usize::from(a)))
            {
                *c += 1;
            }
        }
        if checks.level && checks.field && checks.agency {
            self.online[usize::from(row.online.min(3))] += 1;
        }
    }

    pub fn finish(self, index: &SearchIndex) -> Facets {
        Facets {
            levels: sorted_counts(Level::ALL.iter().copied().zip(self.levels), |l| {
                l.label(Lang::Vi)
            }),
            fields: named_counts(&index.field_names, &index.fields_alphabetical, &self.fields),
            agencies: named_counts(
                &index.agency_names,
                &index.agencies_alphabetical,
                &self.agencies,
            ),
            // Online byte 0 is "unknown"; 1–3 follow `OnlineLevel::ALL`.
            online: sorted_counts(
                OnlineLevel::ALL
                    .into_iter()
                    .zip(self.online[1..].iter().copied()),
                |o| o.label(Lang::Vi),
            ),
        }
    }
}

fn sorted_counts<T, K: Fn(&T) -> &'static str>(
    counts: impl Iterator<Item = (T, usize)>,
    label: K,
) -> Vec<(T, usize)> {
    let mut out: Vec<(T, usize)> = counts.filter(|(_, c)| *c > 0).collect();
    sorting::sort_by(&mut out, |a, b| {
        b.1.cmp(&a.1).then_with(|| label(&a.0).cmp(label(&b.0)))
    });
    out
}

/// Non-zero counts of interned names, sorted by count then name (`alphabetical`: the names' ids
/// in alphabetical order, so no strings are compared); names are cloned only for the entries
/// returned.
fn named_counts(
    names: &[Arc<str>],
    alphabetical: &[u32],
    counts: &[usize],
) -> Vec<(Arc<str>, usize)> {
    // One integer key per name counted: the count (largest first), then the alphabetical place.
    // A count never exceeds the number of procedures, whose ids are `u32`.
    let mut keys: Vec<u64> = alphabetical
        .iter()
        .enumerate()
        .filter(|(_, id)| (**id as usize) < names.len())
        .filter_map(|(place, id)| {
            let count = u32::try_from(*counts.get(*id as usize)?).unwrap_or(u32::MAX);
            (count > 0).then_some((u64::from(!count) << 32) | place as u64)
        })
        .collect();
    sorting::sort_keys(&mut keys);
    keys.into_iter()
        .map(|key| {
            let id = alphabetical[key as u32 as usize] as usize;
            (names[id].clone(), counts[id])
        })
        .collect()
}
