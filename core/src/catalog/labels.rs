//! The importers' vocabulary (labels.json beside this file): how sources spell levels,
//! channels, time units in words, procedure types and currencies. Data, not code, so it can grow
//! without touching the parsers.

use super::model::{Channel, Level, TimeUnit};
use crate::sorting;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
pub(crate) struct Labels {
    levels: HashMap<String, Level>,
    channels: HashMap<String, Channel>,
    api_channels: HashMap<String, Vec<Channel>>,
    time_units: HashMap<String, TimeUnit>,
    procedure_types: HashMap<String, String>,
    regulation_types: HashMap<String, String>,
    currencies: HashMap<String, String>,
    /// Names whose ", " is part of the name ("Sở Văn hóa, Thể thao và Du lịch").
    unsplit_names: Vec<String>,
    absent: Vec<String>,
    /// Kinds of legal document ("nghị định"), lower case.
    legal_document_types: Vec<String>,
}

const LABELS_JSON: &str = include_str!("labels.json");

/// The embedded vocabulary. Parsed once; a broken file is a build defect caught by the tests
/// below, so falling back to an empty vocabulary (instead of panicking) is safe.
pub(crate) fn labels() -> &'static Labels {
    static LABELS: OnceLock<Labels> = OnceLock::new();
    LABELS.get_or_init(|| {
        serde_json::from_str(LABELS_JSON).unwrap_or_else(|_| Labels {
            levels: HashMap::new(),
            channels: HashMap::new(),
            api_channels: HashMap::new(),
            time_units: HashMap::new(),
            procedure_types: HashMap::new(),
            regulation_types: HashMap::new(),
            currencies: HashMap::new(),
            unsplit_names: Vec::new(),
            absent: Vec::new(),
            legal_document_types: Vec::new(),
        })
    })
}

/// Lower-cases and collapses whitespace, the form vocabulary keys are written in.
pub(crate) fn key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Labels longest first, so a label that is a prefix of another never shadows it when text is
/// matched against them in order; equal lengths alphabetically (the maps have no order).
fn longest_first<'a, T>(labels: impl Iterator<Item = (&'a str, T)>) -> Vec<(&'a str, T)> {
    let mut v: Vec<(&str, T)> = labels.collect();
    sorting::sort_by(&mut v, |a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
    v
}

impl Labels {
    pub(crate) fn level(&self, label: &str) -> Option<Level> {
        self.levels.get(&key(label)).copied()
    }

    /// Channel labels as written, longest first.
    pub(crate) fn channel_labels(&self) -> Vec<(&str, Channel)> {
        longest_first(self.channels.iter().map(|(k, c)| (k.as_str(), *c)))
    }

    pub(crate) fn api_channels(&self, code: &str) -> Option<&[Channel]> {
        self.api_channels.get(code).map(Vec::as_slice)
    }

    /// Time-unit labels, longest first.
    pub(crate) fn time_unit_labels(&self) -> Vec<(&str, TimeUnit)> {
        longest_first(self.time_units.iter().map(|(k, u)| (k.as_str(), *u)))
    }

    pub(crate) fn procedure_type(&self, code: &str) -> Option<&str> {
        self.procedure_types.get(code).map(String::as_str)
    }

    pub(crate) fn regulation_type(&self, code: &str) -> Option<&str> {
        self.regulation_types.get(code).map(String::as_str)
    }

    pub(crate) fn currency(&self, label: &str) -> Option<&str> {
        self.currencies.get(&key(label)).map(String::as_str)
    }

    /// Currency labels, longest first.
    pub(crate) fn currency_labels(&self) -> Vec<(&str, &str)> {
        longest_first(
            self.currencies
                .iter()
                .map(|(k, c)| (k.as_str(), c.as_str())),
        )
    }

    /// Whether `before` + ", " + `after` joins a name that contains a comma.
    pub(crate) fn joins_name(&self, before: &str, after: &str) -> bool {
        self.unsplit_names.iter().any(|n| {
            n.split_once(", ")
                .is_some_and(|(a, b)| before.ends_with(a) && after.starts_with(b))
        })
    }

    /// Kinds of legal document ("nghị định", "thông tư liên tịch"), longest first.
    pub(crate) fn legal_document_types(&self) -> Vec<&str> {
        longest_first(self.legal_document_types.iter().map(|t| (t.as_str(), ())))
            .into_iter()
            .map(|(t, ())| t)
            .collect()
    }

    /// Whether the text is one of the sources' ways of saying "nothing here".
    pub(crate) fn is_absent(&self, text: &str) -> bool {
        let k =
            key(text
                .trim_matches(|c: char| matches!(c, '.' | '-' | '(' | ')') || c.is_whitespace()));
        k.is_empty() || self.absent.contains(&k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_parses_and_maps() {
        let parsed: Result<Labels, _> = serde_json::from_str(LABELS_JSON);
        assert!(parsed.is_ok(), "labels.json: {:?}", parsed.err());
        let l = labels();
        assert_eq!(l.level("Cấp Bộ"), Some(Level::Ministry));
        assert_eq!(l.level(" cấp  huyện "), Some(Level::District));
        assert!(l
            .channel_labels()
            .contains(&("dịch vụ bưu chính", Channel::Postal)));
        assert_eq!(
            l.api_channels("DIRECT_AND_ONLINE").map(|c| c.len()),
            Some(2)
        );
        assert!(l
            .time_unit_labels()
            .contains(&("ngày làm việc", TimeUnit::WorkingDay)));
        // The API's unit names are the type's own (`TimeUnit::from_portal`).
        assert_eq!(TimeUnit::from_portal("OTHER"), Some(TimeUnit::Other));
        assert_eq!(l.currency("Việt Nam Đồng"), Some("VND"));
        assert!(l.is_absent("Không có thông tin"));
        assert!(!l.is_absent("Miễn phí"));
        assert_eq!(l.time_unit_labels()[0].0, "ngày làm việc");
        assert_eq!(l.legal_document_types()[0], "nghị quyết liên tịch");
    }
}
