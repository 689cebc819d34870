//! Filters by level, field, agency and online level, resolved once per query and judged per
//! procedure on the index's dense columns.

use super::compact::{level_bit, online_from_byte};
use super::index::SearchIndex;
use super::query::Query;
use crate::catalog::OnlineLevel;
use crate::text::fold;

/// A query's filters, resolved against the index: the level as its bit, field and agency
/// names as the ids they name (compared without case and diacritics).
pub(super) struct Filters {
    level_bit: Option<u8>,
    fields: Option<Vec<u16>>,
    agencies: Option<Vec<u16>>,
    online: Option<OnlineLevel>,
}

/// One procedure's filter columns.
pub(super) struct Row<'a> {
    /// Bit i for `Level::ALL[i]`.
    pub levels: u8,
    pub fields: &'a [u16],
    pub agency: Option<u16>,
    /// 0 unknown, 1–3 the online levels (see `CompactProcedure`).
    pub online: u8,
}

/// Which filters a procedure passes (a filter not asked for passes).
pub(super) struct Checks {
    pub level: bool,
    pub field: bool,
    pub agency: bool,
    pub online: bool,
}

impl Checks {
    pub fn failures(&self) -> usize {
        [self.level, self.field, self.agency, self.online]
            .iter()
            .filter(|ok| !**ok)
            .count()
    }
}

impl Filters {
    pub fn resolve(index: &SearchIndex, query: &Query) -> Filters {
        let ids = |wanted: &Option<String>, names: &[String]| {
            wanted.as_ref().map(|w| {
                let w = fold(w.trim()).to_lowercase();
                names
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| fold(n.trim()).to_lowercase() == w)
                    .map(|(i, _)| i as u16)
                    .collect::<Vec<u16>>()
            })
        };
        Filters {
            level_bit: query.level.map(level_bit),
            fields: ids(&query.field, &index.compact.fields),
            agencies: ids(&query.agency, &index.compact.agencies),
            online: query.online,
        }
    }

    /// A procedure's columns and checks; `None` for a position outside the index.
    pub fn judge<'a>(&self, index: &'a SearchIndex, doc: u32) -> Option<(Row<'a>, Checks)> {
        let d = doc as usize;
        let (Some(&levels), Some(&online), Some(&agency)) = (
            index.level_bits.get(d),
            index.online.get(d),
            index.agency.get(d),
        ) else {
            return None;
        };
        let row = Row {
            levels,
            fields: index.fields_of(d),
            agency: agency.checked_sub(1),
            online,
        };
        let checks = Checks {
            level: self.level_bit.is_none_or(|bit| levels & bit != 0),
            field: self
                .fields
                .as_ref()
                .is_none_or(|ids| row.fields.iter().any(|f| ids.contains(f))),
            agency: self
                .agencies
                .as_ref()
                .is_none_or(|ids| row.agency.is_some_and(|a| ids.contains(&a))),
            online: self
                .online
                .is_none_or(|o| online_from_byte(online) == Some(o)),
        };
        Some((row, checks))
    }
}
