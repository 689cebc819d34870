//! The ten dossier statuses and the mappings from upstream status strings, read from
//! `statuses.tsv` and `status_aliases.tsv` (embedded). Their citizen-facing texts are in the
//! language tables ([`crate::messages`]), keyed by the portal's status string (`status.waiting`,
//! `status.waiting_next`).

use crate::data_file::{data_lines, embedded_data};
use crate::messages::{self, Lang};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::OnceLock;

const STATUSES_TSV: &str = embedded_data!("dossier/statuses.tsv");
const ALIASES_TSV: &str = embedded_data!("dossier/status_aliases.tsv");

/// A dossier status code, 1–10 (see `statuses.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Status(u8);

/// One row of `statuses.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusInfo {
    pub code: u8,
    /// Tie-break order between events at the same instant (higher wins).
    pub rank: u8,
    pub is_final: bool,
    /// The national portal's status string.
    pub portal: String,
    /// Its name for citizens (`status.{portal}` in the language tables).
    pub label: messages::Status,
    /// What the citizen does next (`status.{portal}_next`).
    pub next_step: messages::Status,
}

/// A status the upstream sent that we cannot map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusError {
    /// A number outside 1–10.
    OutOfRange(i64),
    /// A string matching no code, portal status or known label.
    Unknown(String),
    /// The portal's `interoperating` / `posting` (code 0): in transit between systems, not a
    /// citizen-facing status; send the status the dossier is in instead.
    InTransit(String),
    /// Neither a number nor a string.
    WrongType,
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusError::OutOfRange(n) => write!(f, "status {n} is not one of 1–10"),
            StatusError::Unknown(s) => write!(f, "unknown status {s:?}"),
            StatusError::InTransit(s) => {
                write!(f, "status {s:?} (0, in transit) is not a dossier status")
            }
            StatusError::WrongType => f.write_str("status must be a number 1–10 or a string"),
        }
    }
}

impl std::error::Error for StatusError {}

/// A line of a status data file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusTableError {
    pub file: &'static str,
    pub line: usize,
    pub problem: &'static str,
}

impl fmt::Display for StatusTableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.problem)
    }
}

impl std::error::Error for StatusTableError {}

struct Table {
    /// Index = code − 1.
    statuses: Vec<StatusInfo>,
    /// (folded label, code), sorted by label.
    aliases: Vec<(String, u8)>,
}

/// Accent-, case- and spacing-insensitive key (đ → d, hoà = hòa).
fn fold_key(text: &str) -> String {
    let folded = crate::text::fold(&crate::text::compose(text)).to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_tables(statuses: &str, aliases: &str) -> Result<Table, StatusTableError> {
    let mut rows: Vec<StatusInfo> = Vec::new();
    for (line, text) in data_lines(statuses) {
        let err = |problem| StatusTableError {
            file: "statuses.tsv",
            line,
            problem,
        };
        let cols: Vec<&str> = text.split('\t').map(str::trim).collect();
        let [code, rank, is_final, portal] = cols.as_slice() else {
            return Err(err("expected 4 tab-separated columns"));
        };
        let code: u8 = code.parse().map_err(|_| err("code is not a number"))?;
        if usize::from(code) != rows.len() + 1 {
            return Err(err("codes must be listed 1, 2, … in order"));
        }
        let rank: u8 = rank.parse().map_err(|_| err("rank is not a number"))?;
        let is_final = match *is_final {
            "yes" => true,
            "no" => false,
            _ => return Err(err("final must be yes or no")),
        };
        if portal.is_empty() {
            return Err(err("empty portal status"));
        }
        let (Some(label), Some(next_step)) = (
            messages::Status::from_key(&format!("status.{portal}")),
            messages::Status::from_key(&format!("status.{portal}_next")),
        ) else {
            return Err(err(
                "no status.{portal} and status.{portal}_next in the language tables",
            ));
        };
        rows.push(StatusInfo {
            code,
            rank,
            is_final,
            portal: portal.to_string(),
            label,
            next_step,
        });
    }
    if rows.len() != 10 {
        return Err(StatusTableError {
            file: "statuses.tsv",
            line: 0,
            problem: "expected exactly ten statuses",
        });
    }
    let mut map: Vec<(String, u8)> = Vec::new();
    for (line, text) in data_lines(aliases) {
        let err = |problem| StatusTableError {
            file: "status_aliases.tsv",
            line,
            problem,
        };
        let Some((label, code)) = text.split_once('\t') else {
            return Err(err("expected label<TAB>code"));
        };
        let code: u8 = code
            .trim()
            .parse()
            .map_err(|_| err("code is not a number"))?;
        if !(1..=10).contains(&code) {
            return Err(err("code must be 1–10"));
        }
        let key = fold_key(label);
        match map.iter().find(|(k, _)| *k == key) {
            Some((_, c)) if *c != code => {
                return Err(err("label listed twice with different codes"))
            }
            Some(_) => {}
            None => map.push((key, code)),
        }
    }
    // Vietnamese labels and portal strings share one lookup.
    for row in &rows {
        for key in [fold_key(row.label.text(Lang::Vi)), fold_key(&row.portal)] {
            match map.iter().find(|(k, _)| *k == key) {
                Some((_, c)) if *c != row.code => {
                    return Err(StatusTableError {
                        file: "status_aliases.tsv",
                        line: 0,
                        problem: "an alias contradicts a status label or portal string",
                    })
                }
                Some(_) => {}
                None => map.push((key, row.code)),
            }
        }
    }
    map.sort();
    Ok(Table {
        statuses: rows,
        aliases: map,
    })
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The embedded files are checked by tests; an empty table would only make every
        // status unknown, never panic.
        parse_tables(STATUSES_TSV, ALIASES_TSV).unwrap_or(Table {
            statuses: Vec::new(),
            aliases: Vec::new(),
        })
    })
}

/// Checks the embedded status files (for tests and the CLI's `validate`).
pub fn check_status_tables() -> Result<(), StatusTableError> {
    parse_tables(STATUSES_TSV, ALIASES_TSV).map(|_| ())
}

impl Status {
    pub const SUBMITTED: Status = Status(1);
    pub const RECEIVED: Status = Status(2);
    pub const NOT_ACCEPTED: Status = Status(3);
    pub const PROCESSING: Status = Status(4);
    pub const SUPPLEMENT_REQUESTED: Status = Status(5);
    pub const PAYMENT_REQUIRED: Status = Status(6);
    pub const WITHDRAWN: Status = Status(7);
    pub const STOPPED: Status = Status(8);
    pub const RESULT_READY: Status = Status(9);
    pub const RESULT_DELIVERED: Status = Status(10);

    /// All ten, in code order.
    pub fn all() -> impl Iterator<Item = Status> {
        (1..=10).map(Status)
    }

    pub fn from_code(code: i64) -> Result<Status, StatusError> {
        if (1..=10).contains(&code) {
            Ok(Status(code as u8))
        } else {
            Err(StatusError::OutOfRange(code))
        }
    }

    /// Reads a status string: a number `1`–`10`, a national portal status (`processing`), or
    /// a one-stop product's label (`Chờ bổ sung hồ sơ`, `cho bo sung ho so`, `ĐÃ HỦY`).
    pub fn parse(text: &str) -> Result<Status, StatusError> {
        let trimmed = text.trim();
        if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return trimmed
                .parse::<i64>()
                .map_err(|_| StatusError::OutOfRange(i64::MAX))
                .and_then(Status::from_code);
        }
        let key = fold_key(trimmed);
        if key == "interoperating" || key == "posting" {
            return Err(StatusError::InTransit(trimmed.to_string()));
        }
        let aliases = &table().aliases;
        aliases
            .binary_search_by(|(k, _)| k.as_str().cmp(key.as_str()))
            .ok()
            .and_then(|i| aliases.get(i))
            .map(|(_, code)| Status(*code))
            .ok_or_else(|| StatusError::Unknown(trimmed.chars().take(80).collect()))
    }

    /// Reads a JSON status: a number or a string (see [`Status::parse`]).
    pub fn from_json(value: &serde_json::Value) -> Result<Status, StatusError> {
        match value {
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Status::from_code(i),
                None => Err(StatusError::WrongType),
            },
            serde_json::Value::String(s) => Status::parse(s),
            _ => Err(StatusError::WrongType),
        }
    }

    pub fn code(self) -> u8 {
        self.0
    }

    fn info_opt(self) -> Option<&'static StatusInfo> {
        table().statuses.get(usize::from(self.0).wrapping_sub(1))
    }

    /// The status's name for citizens.
    pub fn label(self, lang: Lang) -> &'static str {
        self.info_opt().map_or("", |i| i.label.text(lang))
    }
    /// What the citizen does next.
    pub fn next_step(self, lang: Lang) -> &'static str {
        self.info_opt().map_or("", |i| i.next_step.text(lang))
    }
    /// The national portal's string for this status.
    pub fn portal(self) -> &'static str {
        self.info_opt().map_or("", |i| i.portal.as_str())
    }
    /// Tie-break rank between events at the same instant (higher wins).
    pub fn rank(self) -> u8 {
        self.info_opt().map_or(0, |i| i.rank)
    }
    /// No further processing is expected (3, 7, 8, 10).
    pub fn is_final(self) -> bool {
        self.info_opt().is_some_and(|i| i.is_final)
    }
    /// The result exists (9 ready, 10 delivered): the moment used for on-time verdicts.
    pub fn has_result(self) -> bool {
        self.0 == 9 || self.0 == 10
    }
}

impl TryFrom<u8> for Status {
    type Error = StatusError;
    fn try_from(code: u8) -> Result<Status, StatusError> {
        Status::from_code(i64::from(code))
    }
}

impl From<Status> for u8 {
    fn from(status: Status) -> u8 {
        status.0
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.0, self.label(Lang::Vi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        check_status_tables().unwrap();
        let t = table();
        assert_eq!(t.statuses.len(), 10);
        // Ranks are distinct so ties always break.
        let mut ranks: Vec<u8> = t.statuses.iter().map(|s| s.rank).collect();
        ranks.sort();
        ranks.dedup();
        assert_eq!(ranks.len(), 10);
    }

    #[test]
    fn portal_strings_map_to_codes() {
        let expected = [
            ("receiving", 1),
            ("new", 2),
            ("denied", 3),
            ("processing", 4),
            ("waiting", 5),
            ("paying", 6),
            ("cancelled", 7),
            ("unresolved", 8),
            ("releasing", 9),
            ("done", 10),
        ];
        for (text, code) in expected {
            assert_eq!(Status::parse(text).unwrap().code(), code, "{text}");
            assert_eq!(Status::from_code(code.into()).unwrap().portal(), text);
        }
        assert_eq!(Status::parse(" PROCESSING ").unwrap().code(), 4);
        assert!(matches!(
            Status::parse("posting"),
            Err(StatusError::InTransit(_))
        ));
        assert!(matches!(
            Status::parse("interoperating"),
            Err(StatusError::InTransit(_))
        ));
    }

    #[test]
    fn product_labels_match_without_accents_or_case() {
        let cases = [
            ("Chờ tiếp nhận", 1),
            ("Đang xử lý", 4),
            ("dang xu ly", 4),
            ("Chờ bổ sung hồ sơ", 5),
            ("CHO BO SUNG HO SO", 5),
            ("Dừng xử lý", 8),
            ("Từ chối chuyên ngành", 8),
            ("Từ chối", 3),
            ("Đã trả kết quả", 10),
            ("Đã hủy", 7),
            ("Đã huỷ", 7),
            ("da  huy", 7),
            // NFD input.
            (
                "\u{110}a\u{303} tra\u{309} ke\u{302}\u{301}t qua\u{309}",
                10,
            ),
            ("Yêu cầu bổ sung giấy tờ", 5),
            ("Công dân yêu cầu rút hồ sơ", 7),
        ];
        for (text, code) in cases {
            assert_eq!(Status::parse(text).map(Status::code), Ok(code), "{text}");
        }
        assert!(matches!(
            Status::parse("Đang bay"),
            Err(StatusError::Unknown(_))
        ));
        assert_eq!(Status::parse("11"), Err(StatusError::OutOfRange(11)));
        assert_eq!(Status::parse("0"), Err(StatusError::OutOfRange(0)));
        assert_eq!(Status::parse("7").unwrap(), Status::WITHDRAWN);
    }

    #[test]
    fn texts_and_finality() {
        let finals: Vec<u8> = Status::all()
            .filter(|s| s.is_final())
            .map(Status::code)
            .collect();
        assert_eq!(finals, vec![3, 7, 8, 10]);
        for s in Status::all() {
            for lang in Lang::ALL {
                assert!(!s.label(lang).is_empty() && !s.next_step(lang).is_empty());
            }
        }
        assert_eq!(
            Status::SUPPLEMENT_REQUESTED.label(Lang::Vi),
            "Yêu cầu bổ sung hồ sơ"
        );
        assert_eq!(
            Status::SUPPLEMENT_REQUESTED.label(Lang::En),
            "More documents requested"
        );
    }

    #[test]
    fn json_statuses() {
        use serde_json::json;
        assert_eq!(Status::from_json(&json!(4)).unwrap().code(), 4);
        assert_eq!(Status::from_json(&json!("done")).unwrap().code(), 10);
        assert_eq!(Status::from_json(&json!(true)), Err(StatusError::WrongType));
        assert_eq!(Status::from_json(&json!(4.5)), Err(StatusError::WrongType));
        assert_eq!(serde_json::to_string(&Status::PROCESSING).unwrap(), "4");
        assert!(serde_json::from_str::<Status>("12").is_err());
    }

    #[test]
    fn contradicting_tables_are_rejected() {
        let bad_alias = "Đang xử lý\t5\n";
        assert!(parse_tables(STATUSES_TSV, bad_alias).is_err());
        assert!(parse_tables("1\t10\tno\tx\ta\tb\tc\td\n", "").is_err());
        // A status without its texts in the language tables.
        let unnamed = STATUSES_TSV.replacen("\twaiting", "\twaiting_list", 1);
        assert!(parse_tables(&unnamed, ALIASES_TSV).is_err());
    }
}
