//! The compact, serialisable form of the search index: what the widget downloads once and the
//! edge keeps in KV. It holds only what ranking and filtering read, with field and agency
//! names interned; the token index is rebuilt from it on load (fast, and keeps the download
//! small because names compress far better than postings).

use crate::catalog::{Level, OnlineLevel, Procedure, Summary};
use serde::{Deserialize, Serialize};

/// Bump when the shape or the meaning of a column changes.
pub const FORMAT_VERSION: u32 = 1;

/// One procedure: `[code, name, levels, fields, agency, online, keywords]` as a JSON array.
///
/// - `levels`: bit *i* set for `Level::ALL[i]`.
/// - `fields`: indices into [`CompactIndex::fields`].
/// - `agency`: index into [`CompactIndex::agencies`] plus one; 0 = none.
/// - `online`: 0 unknown, 1 toàn trình, 2 một phần, 3 not online.
/// - `keywords`: extra searchable text (result names), weighted like the field; may be empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompactProcedure(
    pub String,
    pub String,
    pub u8,
    pub Vec<u16>,
    pub u16,
    pub u8,
    pub String,
);

impl CompactProcedure {
    pub fn code(&self) -> &str {
        &self.0
    }
    pub fn name(&self) -> &str {
        &self.1
    }
    pub fn levels(&self) -> impl Iterator<Item = Level> + '_ {
        Level::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| self.2 & (1 << i) != 0)
            .map(|(_, l)| l)
    }
    pub fn has_level(&self, level: Level) -> bool {
        self.2 & level_bit(level) != 0
    }
    pub fn field_ids(&self) -> &[u16] {
        &self.3
    }
    pub fn agency_id(&self) -> Option<u16> {
        self.4.checked_sub(1)
    }
    pub fn online_level(&self) -> Option<OnlineLevel> {
        online_from_byte(self.5)
    }
    pub fn keywords(&self) -> &str {
        &self.6
    }
}

/// The whole compact index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompactIndex {
    /// [`FORMAT_VERSION`] of the writer.
    pub format: u32,
    pub fields: Vec<String>,
    pub agencies: Vec<String>,
    pub procedures: Vec<CompactProcedure>,
}

fn online_byte(level: Option<OnlineLevel>) -> u8 {
    match level {
        None => 0,
        Some(OnlineLevel::Full) => 1,
        Some(OnlineLevel::Partial) => 2,
        Some(OnlineLevel::Offline) => 3,
    }
}

pub(crate) fn online_from_byte(byte: u8) -> Option<OnlineLevel> {
    match byte {
        1 => Some(OnlineLevel::Full),
        2 => Some(OnlineLevel::Partial),
        3 => Some(OnlineLevel::Offline),
        _ => None,
    }
}

/// A level's bit in the `levels` column: bit *i* for `Level::ALL[i]`.
pub(crate) fn level_bit(level: Level) -> u8 {
    Level::ALL
        .iter()
        .position(|l| *l == level)
        .map_or(0, |i| 1 << i)
}

fn level_bits(levels: &[Level]) -> u8 {
    levels
        .iter()
        .fold(0, |bits, level| bits | level_bit(*level))
}

/// Interns strings in first-seen order (deterministic for a given input order).
#[derive(Default)]
struct Interner {
    names: Vec<String>,
    index: std::collections::HashMap<String, u16>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u16 {
        if let Some(id) = self.index.get(name) {
            return *id;
        }
        // u16 is plenty (a few hundred fields/agencies); saturate rather than wrap.
        let id = u16::try_from(self.names.len()).unwrap_or(u16::MAX);
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), id);
        id
    }
}

impl CompactIndex {
    /// From catalog summaries (what the edge keeps in KV). No keywords.
    pub fn from_summaries<'a>(summaries: impl IntoIterator<Item = &'a Summary>) -> CompactIndex {
        Self::build(summaries.into_iter().map(|s| {
            (
                s.code.as_str(),
                s.name.as_str(),
                s.levels.as_slice(),
                s.fields.iter().map(String::as_str).collect::<Vec<_>>(),
                s.agency.as_deref(),
                s.online_level,
                String::new(),
            )
        }))
    }

    /// From full procedures: the summary columns plus result names as keywords (they carry
    /// words citizens use, e.g. "Giấy khai sinh", "Thẻ căn cước").
    pub fn from_procedures<'a>(
        procedures: impl IntoIterator<Item = &'a Procedure>,
    ) -> CompactIndex {
        Self::build(procedures.into_iter().map(|p| {
            let mut keywords: Vec<&str> = Vec::new();
            for name in p.result_names() {
                if !keywords.contains(&name) {
                    keywords.push(name);
                }
            }
            (
                p.code.as_str(),
                p.name.as_str(),
                p.levels.as_slice(),
                p.field_names().collect::<Vec<_>>(),
                p.summary_agency(),
                p.online_level,
                keywords.join("; "),
            )
        }))
    }

    #[allow(clippy::type_complexity)]
    fn build<'a>(
        rows: impl Iterator<
            Item = (
                &'a str,
                &'a str,
                &'a [Level],
                Vec<&'a str>,
                Option<&'a str>,
                Option<OnlineLevel>,
                String,
            ),
        >,
    ) -> CompactIndex {
        let mut fields = Interner::default();
        let mut agencies = Interner::default();
        let mut procedures: Vec<CompactProcedure> = rows
            .map(
                |(code, name, levels, field_names, agency, online, keywords)| {
                    CompactProcedure(
                        code.to_string(),
                        name.to_string(),
                        level_bits(levels),
                        field_names.iter().map(|f| fields.id(f)).collect(),
                        agency.map_or(0, |a| agencies.id(a).saturating_add(1)),
                        online_byte(online),
                        keywords,
                    )
                },
            )
            .collect();
        // Stable order everywhere: by code.
        procedures.sort_by(|a, b| a.0.cmp(&b.0));
        CompactIndex {
            format: FORMAT_VERSION,
            fields: fields.names,
            agencies: agencies.names,
            procedures,
        }
    }

    /// Serialises to the JSON the widget downloads.
    pub fn to_json(&self) -> String {
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses the JSON form.
    pub fn from_json(text: &str) -> Result<CompactIndex, CompactError> {
        let index: CompactIndex =
            serde_json::from_str(text).map_err(|e| CompactError::Json(e.to_string()))?;
        if index.format != FORMAT_VERSION {
            return Err(CompactError::Format(index.format));
        }
        Ok(index)
    }
}

/// Why a compact index could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompactError {
    Json(String),
    Format(u32),
}

impl std::fmt::Display for CompactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompactError::Json(e) => write!(f, "compact index is not valid JSON: {e}"),
            CompactError::Format(v) => write!(
                f,
                "compact index format {v} is not supported (this build reads {FORMAT_VERSION})"
            ),
        }
    }
}

impl std::error::Error for CompactError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        let mut p = Procedure::new("1.001193", "Thủ tục đăng ký khai sinh");
        p.levels = vec![Level::Commune];
        p.online_level = Some(OnlineLevel::Full);
        p.executing_agencies = vec!["Ủy ban nhân dân cấp xã".into()];
        let index = CompactIndex::from_procedures([&p]);
        let json = index.to_json();
        let back = CompactIndex::from_json(&json).expect("parses");
        assert_eq!(back, index);
        let row = &back.procedures[0];
        assert_eq!(row.levels().collect::<Vec<_>>(), vec![Level::Commune]);
        assert_eq!(row.online_level(), Some(OnlineLevel::Full));
        assert_eq!(row.agency_id(), Some(0));
        assert!(CompactIndex::from_json("{}").is_err());
        assert!(CompactIndex::from_json(&json.replace("\"format\":1", "\"format\":9")).is_err());
    }
}
