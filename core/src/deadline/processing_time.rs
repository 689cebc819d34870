//! A procedure's processing time (thời hạn giải quyết): an amount and a unit. One type for
//! what the catalog states (where a source may give a unit nothing can be counted in, `Other`)
//! and for what an appointment is computed from ([`ProcessingTime::new`] refuses what the
//! arithmetic cannot count).
//!
//! Its spellings, each pinned by a test (`core/tests/processing_time_wire.rs`):
//! - catalog JSON, part of the public API (`ways[].processing_time`): serde's snake_case,
//!   `{"amount": 5.0, "unit": "working_day"}`;
//! - the national portal's `processingTimeUnit`, ingested dossier events, their stored payloads
//!   and the D1 column `dossiers.processing_unit`: the portal's upper-case names
//!   ([`TimeUnit::as_str`], `WORKING_DAY`).

use crate::messages::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The unit of a processing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Ngày làm việc: skips weekends and public holidays.
    WorkingDay,
    /// Ngày (calendar day).
    Day,
    Hour,
    Month,
    Year,
    /// The source said something else (the portal's `OTHER`); see the way's description.
    /// Nothing can be counted in it.
    Other,
}

impl TimeUnit {
    pub const ALL: [TimeUnit; 6] = [
        TimeUnit::WorkingDay,
        TimeUnit::Day,
        TimeUnit::Hour,
        TimeUnit::Month,
        TimeUnit::Year,
        TimeUnit::Other,
    ];

    /// The national portal's name, also the dossier side's (events, stored payloads, D1).
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::WorkingDay => "WORKING_DAY",
            TimeUnit::Day => "DAY",
            TimeUnit::Hour => "HOUR",
            TimeUnit::Month => "MONTH",
            TimeUnit::Year => "YEAR",
            TimeUnit::Other => "OTHER",
        }
    }

    /// Reads the portal's names, trimmed and in any case (`WORKING_DAY`, `working_day`,
    /// `OTHER`, …).
    pub fn from_portal(name: &str) -> Option<TimeUnit> {
        let name = name.trim();
        TimeUnit::ALL
            .into_iter()
            .find(|u| u.as_str().eq_ignore_ascii_case(name))
    }

    /// Reads a unit a deadline can be counted in, as dossier events and the D1 column write
    /// it: the portal's names in any case, without `OTHER`.
    pub fn parse(text: &str) -> Option<TimeUnit> {
        TimeUnit::from_portal(text).filter(|u| u.is_countable())
    }

    /// Whether an appointment can be computed from an amount of this unit.
    pub fn is_countable(self) -> bool {
        self.max_amount().is_some()
    }

    /// The unit after an amount, "15 ngày làm việc" / "1 working day" (`one`: the amount is
    /// exactly one); `None` for [`TimeUnit::Other`], which the source describes in words.
    pub fn label(self, lang: Lang, one: bool) -> Option<&'static str> {
        use crate::messages::Catalog as C;
        let (one_key, other_key) = match self {
            TimeUnit::WorkingDay => (C::UnitWorkingDayOne, C::UnitWorkingDay),
            TimeUnit::Day => (C::UnitDayOne, C::UnitDay),
            TimeUnit::Hour => (C::UnitHourOne, C::UnitHour),
            TimeUnit::Month => (C::UnitMonthOne, C::UnitMonth),
            TimeUnit::Year => (C::UnitYearOne, C::UnitYear),
            TimeUnit::Other => return None,
        };
        Some(if one { one_key } else { other_key }.text(lang))
    }

    /// The largest amount accepted for a deadline: beyond this the value is a data error, and
    /// the bound keeps the day-by-day arithmetic short. `None`: not countable.
    fn max_amount(self) -> Option<f64> {
        match self {
            TimeUnit::WorkingDay => Some(1000.0),
            TimeUnit::Day => Some(3650.0),
            TimeUnit::Hour => Some(2000.0),
            TimeUnit::Month => Some(120.0),
            TimeUnit::Year => Some(10.0),
            TimeUnit::Other => None,
        }
    }

    /// Rough hours in one unit, only to order times of different units (`Other`: infinite).
    fn approx_hours(self) -> f64 {
        match self {
            TimeUnit::Hour => 1.0,
            TimeUnit::WorkingDay | TimeUnit::Day => 24.0,
            TimeUnit::Month => 24.0 * 30.0,
            TimeUnit::Year => 24.0 * 365.0,
            TimeUnit::Other => f64::INFINITY,
        }
    }
}

/// How long processing takes: as a catalog states it (any unit, fractions such as 0.5 ngày
/// làm việc), or, built with [`ProcessingTime::new`], checked for the deadline arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProcessingTime {
    pub amount: f64,
    pub unit: TimeUnit,
}

/// Why a processing time cannot give a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessingTimeError {
    /// The unit is [`TimeUnit::Other`]: there is nothing to count.
    Uncountable,
    /// Zero, negative, NaN or infinite.
    NotPositive,
    /// Larger than the unit's sane maximum.
    TooLarge,
    /// Months and years must be whole.
    FractionalCalendarUnit,
}

impl fmt::Display for ProcessingTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProcessingTimeError::Uncountable => {
                "unit must be WORKING_DAY, DAY, HOUR, MONTH or YEAR"
            }
            ProcessingTimeError::NotPositive => "the amount must be a positive number",
            ProcessingTimeError::TooLarge => "the amount is implausibly large for its unit",
            ProcessingTimeError::FractionalCalendarUnit => "months and years must be whole",
        })
    }
}

impl std::error::Error for ProcessingTimeError {}

impl ProcessingTime {
    /// A processing time a deadline can be computed from: a countable unit and a positive,
    /// plausible amount (whole for months and years).
    pub fn new(amount: f64, unit: TimeUnit) -> Result<ProcessingTime, ProcessingTimeError> {
        let max = unit.max_amount().ok_or(ProcessingTimeError::Uncountable)?;
        if !amount.is_finite() || amount <= 0.0 {
            return Err(ProcessingTimeError::NotPositive);
        }
        if amount > max {
            return Err(ProcessingTimeError::TooLarge);
        }
        if matches!(unit, TimeUnit::Month | TimeUnit::Year) && amount.fract() != 0.0 {
            return Err(ProcessingTimeError::FractionalCalendarUnit);
        }
        Ok(ProcessingTime { amount, unit })
    }

    /// Rough duration in hours, only to order times of different units against each other.
    pub(crate) fn approx_hours(&self) -> f64 {
        self.amount * self.unit.approx_hours()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for unit in TimeUnit::ALL {
            assert_eq!(TimeUnit::from_portal(unit.as_str()), Some(unit));
            assert_eq!(
                TimeUnit::parse(&unit.as_str().to_lowercase()),
                unit.is_countable().then_some(unit)
            );
        }
        assert_eq!(TimeUnit::from_portal(" other"), Some(TimeUnit::Other));
        assert_eq!(TimeUnit::from_portal("WEEK"), None);
    }

    #[test]
    fn processing_time_validation() {
        assert_eq!(
            ProcessingTime::new(0.0, TimeUnit::Day),
            Err(ProcessingTimeError::NotPositive)
        );
        assert_eq!(
            ProcessingTime::new(f64::NAN, TimeUnit::Day),
            Err(ProcessingTimeError::NotPositive)
        );
        assert_eq!(
            ProcessingTime::new(1.5, TimeUnit::Month),
            Err(ProcessingTimeError::FractionalCalendarUnit)
        );
        assert_eq!(
            ProcessingTime::new(1e9, TimeUnit::Hour),
            Err(ProcessingTimeError::TooLarge)
        );
        assert_eq!(TimeUnit::parse(" working_day "), Some(TimeUnit::WorkingDay));
        assert_eq!(TimeUnit::parse("OTHER"), None);
    }

    #[test]
    fn deadlines_refuse_what_they_cannot_count() {
        assert_eq!(
            ProcessingTime::new(3.0, TimeUnit::Other),
            Err(ProcessingTimeError::Uncountable)
        );
        assert_eq!(
            ProcessingTime::new(0.5, TimeUnit::WorkingDay).map(|t| t.amount),
            Ok(0.5)
        );
    }

    #[test]
    fn rough_order_across_units() {
        let t = |amount, unit| ProcessingTime { amount, unit }.approx_hours();
        assert!(t(20.0, TimeUnit::Hour) < t(1.0, TimeUnit::WorkingDay));
        assert!(t(40.0, TimeUnit::Day) > t(1.0, TimeUnit::Month));
        assert!(t(1.0, TimeUnit::Other).is_infinite());
    }
}
