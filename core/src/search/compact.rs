//! The compact rows of the search index: one per procedure, what ranking, filtering and a
//! result row read, with field and agency names interned. They travel inside the binary index
//! ([`super::compact_bytes`]): the widget downloads it once and the edge keeps it in KV.

use crate::catalog::{Level, OnlineLevel, Procedure, Summary};
use crate::deadline::{ProcessingTime, TimeUnit};
use crate::text::fold;

/// Bump when the shape or the meaning of a column changes (2: the row facts `time`, `fee`,
/// `serves`; 3: the binary index of [`super::compact_bytes`] instead of JSON).
pub const FORMAT_VERSION: u32 = 3;

/// One procedure: `(code, name, levels, fields, agency, online, keywords, time, fee, serves)`.
///
/// - `levels`: bit *i* set for `Level::ALL[i]`.
/// - `fields`: indices into [`CompactIndex::fields`].
/// - `agency`: index into [`CompactIndex::agencies`] plus one; 0 = none.
/// - `online`: 0 unknown, 1 toàn trình, 2 một phần, 3 not online.
/// - `keywords`: extra searchable text (result names), weighted like the field; may be empty.
/// - `time`: the shortest stated processing time, [`RowTime`] (`[amount, unit]`), or `null`.
/// - `fee`: [`RowFee`]: `null` none stated, `0` free, `n` from n đồng, `-1` fees without an
///   amount.
/// - `serves`: who may ask for it, bits [`SERVES_CITIZENS`] … [`SERVES_OFFICIALS`] (0:
///   unknown).
///
/// Everything a result row shows is here, so the widget needs no other request to list hits.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactProcedure(
    pub String,
    pub String,
    pub u8,
    pub Vec<u16>,
    pub u16,
    pub u8,
    pub String,
    pub Option<RowTime>,
    pub RowFee,
    pub u8,
);

/// `serves` bit: Vietnamese citizens ("Công dân Việt Nam").
pub const SERVES_CITIZENS: u8 = 1;
/// `serves` bit: businesses and cooperatives.
pub const SERVES_BUSINESSES: u8 = 2;
/// `serves` bit: organisations.
pub const SERVES_ORGANISATIONS: u8 = 4;
/// `serves` bit: foreigners and Vietnamese living abroad.
pub const SERVES_FOREIGNERS: u8 = 8;
/// `serves` bit: officials and party members.
pub const SERVES_OFFICIALS: u8 = 16;

/// The portal's subject categories (đối tượng thực hiện), folded, and their `serves` bits; a
/// subject matches the first entry it contains.
const SUBJECT_BITS: [(&str, u8); 7] = [
    ("cong dan viet nam", SERVES_CITIZENS),
    ("nuoc ngoai", SERVES_FOREIGNERS),
    ("doanh nghiep", SERVES_BUSINESSES),
    ("hop tac xa", SERVES_BUSINESSES),
    ("to chuc", SERVES_ORGANISATIONS),
    ("can bo", SERVES_OFFICIALS),
    ("dang vien", SERVES_OFFICIALS),
];

/// The `serves` bits of a procedure's subjects.
pub fn serves_bits<'a>(subjects: impl IntoIterator<Item = &'a str>) -> u8 {
    subjects.into_iter().fold(0, |bits, subject| {
        let folded = fold(subject).to_lowercase();
        bits | SUBJECT_BITS
            .iter()
            .find(|(key, _)| folded.contains(key))
            .map_or(0, |(_, bit)| *bit)
    })
}

/// A processing time in a row: `(amount, unit)`, unit 0 working days, 1 days, 2 hours, 3
/// months, 4 years.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowTime(pub f32, pub u8);

const ROW_UNITS: [TimeUnit; 5] = [
    TimeUnit::WorkingDay,
    TimeUnit::Day,
    TimeUnit::Hour,
    TimeUnit::Month,
    TimeUnit::Year,
];

impl RowTime {
    fn of(time: &ProcessingTime) -> Option<RowTime> {
        let unit = ROW_UNITS.iter().position(|u| *u == time.unit)?;
        Some(RowTime(time.amount as f32, unit as u8))
    }

    pub fn processing_time(&self) -> Option<ProcessingTime> {
        ROW_UNITS
            .get(usize::from(self.1))
            .map(|unit| ProcessingTime {
                amount: f64::from(self.0),
                unit: *unit,
            })
    }
}

/// What a row says about fees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowFee {
    /// No fee is stated.
    #[default]
    Unknown,
    /// Every stated fee is zero ("Miễn phí").
    Free,
    /// The lowest stated amount, in đồng.
    From(u64),
    /// Fees apply, but no amount is stated (the detail says which).
    Unstated,
}

impl RowFee {
    /// From a procedure's fee lines across its ways to submit.
    pub fn of(procedure: &Procedure) -> RowFee {
        let mut lines = 0usize;
        let mut unstated = false;
        let mut lowest: Option<f64> = None;
        for fee in procedure.ways.iter().flat_map(|w| &w.fees) {
            lines += 1;
            match fee.amount {
                Some(amount) if amount > 0.0 => {
                    lowest = Some(lowest.map_or(amount, |l| l.min(amount)));
                }
                Some(_) => {}
                None => unstated = true,
            }
        }
        match (lines, lowest) {
            (0, _) => RowFee::Unknown,
            (_, Some(amount)) => RowFee::From(amount.round() as u64),
            _ if unstated => RowFee::Unstated,
            _ => RowFee::Free,
        }
    }
}

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
    /// The shortest stated processing time.
    pub fn processing_time(&self) -> Option<ProcessingTime> {
        self.7.and_then(|t| t.processing_time())
    }
    pub fn fee(&self) -> RowFee {
        self.8
    }
    /// Who may ask for it (`SERVES_*` bits; 0 when the catalog does not say).
    pub fn serves(&self) -> u8 {
        self.9
    }
}

/// The whole compact index.
#[derive(Debug, Clone, PartialEq)]
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

/// One procedure's columns before interning.
struct Row<'a> {
    code: &'a str,
    name: &'a str,
    levels: &'a [Level],
    fields: Vec<&'a str>,
    agency: Option<&'a str>,
    online: Option<OnlineLevel>,
    keywords: String,
    time: Option<RowTime>,
    fee: RowFee,
    serves: u8,
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
    /// From catalog summaries (what the edge keeps in KV). No keywords, no row facts.
    pub fn from_summaries<'a>(summaries: impl IntoIterator<Item = &'a Summary>) -> CompactIndex {
        Self::build(summaries.into_iter().map(|s| Row {
            code: s.code.as_str(),
            name: s.name.as_str(),
            levels: s.levels.as_slice(),
            fields: s.fields.iter().map(String::as_str).collect(),
            agency: s.agency.as_deref(),
            online: s.online_level,
            keywords: String::new(),
            time: None,
            fee: RowFee::Unknown,
            serves: 0,
        }))
    }

    /// From full procedures: the summary columns, result names as keywords (they carry words
    /// citizens use, e.g. "Giấy khai sinh", "Thẻ căn cước") and the row facts.
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
            Row {
                code: p.code.as_str(),
                name: p.name.as_str(),
                levels: p.levels.as_slice(),
                fields: p.field_names().collect(),
                agency: p.summary_agency(),
                online: p.online_level,
                keywords: keywords.join("; "),
                time: p.shortest_time().and_then(RowTime::of),
                fee: RowFee::of(p),
                serves: serves_bits(p.subject_names()),
            }
        }))
    }

    fn build<'a>(rows: impl Iterator<Item = Row<'a>>) -> CompactIndex {
        let mut fields = Interner::default();
        let mut agencies = Interner::default();
        let mut procedures: Vec<CompactProcedure> = rows
            .map(|row| {
                CompactProcedure(
                    row.code.to_string(),
                    row.name.to_string(),
                    level_bits(row.levels),
                    row.fields.iter().map(|f| fields.id(f)).collect(),
                    row.agency.map_or(0, |a| agencies.id(a).saturating_add(1)),
                    online_byte(row.online),
                    row.keywords,
                    row.time,
                    row.fee,
                    row.serves,
                )
            })
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_carry_time_fee_and_who_it_serves() {
        use crate::catalog::{Channel, Fee, Way};
        let mut p = Procedure::new("1.001193", "Thủ tục đăng ký khai sinh");
        p.subjects = vec![
            "Công dân Việt Nam".into(),
            "Người Việt Nam định cư ở nước ngoài".into(),
        ];
        let way = |days: f64, unit: TimeUnit, amount: Option<f64>| Way {
            channel: Channel::InPerson,
            processing_time: Some(ProcessingTime { amount: days, unit }),
            fees: vec![Fee {
                kind: None,
                amount,
                currency: None,
                description: None,
            }],
            description: None,
        };
        p.ways = vec![
            way(3.0, TimeUnit::WorkingDay, Some(0.0)),
            way(1.0, TimeUnit::Other, Some(0.0)),
        ];
        let row = CompactIndex::from_procedures([&p]).procedures.remove(0);
        assert_eq!(row.fee(), RowFee::Free);
        assert_eq!(
            row.processing_time(),
            Some(ProcessingTime {
                amount: 3.0,
                unit: TimeUnit::WorkingDay
            })
        );
        assert_eq!(row.serves(), SERVES_CITIZENS | SERVES_FOREIGNERS);

        p.ways = vec![
            way(5.0, TimeUnit::Day, Some(50_000.0)),
            way(2.0, TimeUnit::Hour, Some(20_000.0)),
        ];
        p.subjects = vec!["Doanh nghiệp có vốn đầu tư nước ngoài".into()];
        let row = CompactIndex::from_procedures([&p]).procedures.remove(0);
        assert_eq!(row.fee(), RowFee::From(20_000));
        assert_eq!(row.serves(), SERVES_FOREIGNERS);
        assert_eq!(row.processing_time().map(|t| t.unit), Some(TimeUnit::Hour));

        p.ways = vec![way(1.0, TimeUnit::Other, None)];
        p.subjects.clear();
        let row = CompactIndex::from_procedures([&p]).procedures.remove(0);
        assert_eq!(
            (row.fee(), row.processing_time(), row.serves()),
            (RowFee::Unstated, None, 0)
        );
        p.ways.clear();
        let row = CompactIndex::from_procedures([&p]).procedures.remove(0);
        assert_eq!(row.fee(), RowFee::Unknown);
    }
}
