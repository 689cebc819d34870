//! A small civil date and instant type: enough for Vietnam (UTC+7 all year, no daylight saving)
//! without a date-time crate. Instants are Unix seconds; dates are proleptic Gregorian.

use std::fmt;

/// Vietnam's offset from UTC, in seconds (UTC+7, no daylight saving since 1975).
pub const VN_OFFSET_SECONDS: i64 = 7 * 3600;

const SECONDS_PER_DAY: i64 = 86_400;

/// A calendar date (year, month 1–12, day 1–31), always valid once constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Saturday | Weekday::Sunday)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month of a year (0 for a month outside 1–12).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl CivilDate {
    /// A date if it exists (rejects 2025-02-29, month 13, day 0, …).
    pub fn new(year: i32, month: u8, day: u8) -> Option<CivilDate> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(CivilDate { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (`civil_from_days`). Clamped to years 1–9999.
    pub fn from_days_since_epoch(days: i64) -> CivilDate {
        let z = days.clamp(-719_162, 2_932_896) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        CivilDate { year, month, day }
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.days_since_epoch() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    pub fn add_days(self, days: i64) -> CivilDate {
        CivilDate::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }

    /// Adds calendar months; the day is clamped to the target month's length (31/01 + 1 month
    /// = 28 or 29/02), which is how Civil Code art. 147 counts a period in months.
    pub fn add_months(self, months: i64) -> CivilDate {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + months;
        let year = index.div_euclid(12).clamp(1, 9999) as i32;
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        CivilDate { year, month, day }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<CivilDate> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = parse_digits(&b[0..4])? as i32;
        let month = parse_digits(&b[5..7])? as u8;
        let day = parse_digits(&b[8..10])? as u8;
        CivilDate::new(year, month, day)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parses a run of ASCII digits (no sign, at most 9 digits).
pub(crate) fn parse_digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 9 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0')),
    )
}

/// An instant, as Unix seconds. Sub-second precision is dropped on parse: event ordering ties
/// within a second are broken by status rank and id (see `dossier::state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// Why a timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Not `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
    Format,
    /// The shape is right but the date or time does not exist (2025-02-30, 25:00).
    OutOfRange,
    /// No offset: a local time without `Z` or `+07:00` is ambiguous.
    MissingOffset,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeError::Format => "expected an RFC 3339 time such as 2025-01-24T16:30:00+07:00",
            TimeError::OutOfRange => "the date or time of day does not exist",
            TimeError::MissingOffset => "the time needs an offset (Z or +07:00)",
        })
    }
}

impl std::error::Error for TimeError {}

impl Timestamp {
    /// Parses RFC 3339 (`2025-01-24T16:30:00+07:00`, `…Z`, fractional seconds allowed, `t`/space
    /// accepted for `T`). A leap second (`:60`) is read as `:59`.
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, TimeError> {
        let b = text.trim().as_bytes();
        if b.len() < 19 {
            return Err(TimeError::Format);
        }
        let date = std::str::from_utf8(&b[0..10]).map_err(|_| TimeError::Format)?;
        if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return Err(TimeError::Format);
        }
        if date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' {
            return Err(TimeError::Format);
        }
        let all_digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
        if !all_digits(&b[0..4]) || !all_digits(&b[5..7]) || !all_digits(&b[8..10]) {
            return Err(TimeError::Format);
        }
        let date = CivilDate::parse_iso(date).ok_or(TimeError::OutOfRange)?;
        let hour = parse_digits(&b[11..13]).ok_or(TimeError::Format)?;
        let minute = parse_digits(&b[14..16]).ok_or(TimeError::Format)?;
        let second = parse_digits(&b[17..19]).ok_or(TimeError::Format)?;
        if hour > 23 || minute > 59 || second > 60 {
            return Err(TimeError::OutOfRange);
        }
        let mut rest = &b[19..];
        if let Some((&b'.', tail)) = rest.split_first() {
            let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return Err(TimeError::Format);
            }
            rest = &tail[digits..];
        }
        let offset = match rest {
            [] => return Err(TimeError::MissingOffset),
            [b'Z'] | [b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let h = parse_digits(&[*h1, *h2]).ok_or(TimeError::Format)?;
                let m = parse_digits(&[*m1, *m2]).ok_or(TimeError::Format)?;
                if h > 23 || m > 59 {
                    return Err(TimeError::OutOfRange);
                }
                let seconds = i64::from(h * 3600 + m * 60);
                if *sign == b'-' {
                    -seconds
                } else {
                    seconds
                }
            }
            _ => return Err(TimeError::Format),
        };
        let local = date.days_since_epoch() * SECONDS_PER_DAY
            + i64::from(hour * 3600 + minute * 60 + second.min(59));
        Ok(Timestamp(local - offset))
    }

    /// The instant at a Vietnam-local date and second of the day.
    pub fn from_vn_local(date: CivilDate, second_of_day: i64) -> Timestamp {
        Timestamp(date.days_since_epoch() * SECONDS_PER_DAY + second_of_day - VN_OFFSET_SECONDS)
    }

    /// The Vietnam-local calendar date of this instant.
    pub fn vn_date(self) -> CivilDate {
        CivilDate::from_days_since_epoch((self.0 + VN_OFFSET_SECONDS).div_euclid(SECONDS_PER_DAY))
    }

    /// Seconds since Vietnam-local midnight.
    pub fn vn_second_of_day(self) -> i64 {
        (self.0 + VN_OFFSET_SECONDS).rem_euclid(SECONDS_PER_DAY)
    }

    /// RFC 3339 in Vietnam time: `2025-01-24T16:30:00+07:00`.
    pub fn to_rfc3339_vn(self) -> String {
        rfc3339(self.vn_date(), self.vn_second_of_day(), "+07:00")
    }

    /// The instant of a Unix time in milliseconds (as the portal's API gives `updatedAt`),
    /// rounded down to the second.
    pub fn from_unix_millis(millis: i64) -> Timestamp {
        Timestamp(millis.div_euclid(1000))
    }

    /// RFC 3339 in UTC (`2026-04-10T15:57:11Z`, the catalog's times); `None` outside the years
    /// 1–9999 a [`CivilDate`] holds.
    pub fn to_rfc3339_utc(self) -> Option<String> {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let date = CivilDate::from_days_since_epoch(days);
        // The date is clamped to 1–9999: a different day count means it was out of range.
        (date.days_since_epoch() == days)
            .then(|| rfc3339(date, self.0.rem_euclid(SECONDS_PER_DAY), "Z"))
    }
}

/// `{date}T{hh}:{mm}:{ss}{zone}`.
fn rfc3339(date: CivilDate, second_of_day: i64, zone: &str) -> String {
    let s = second_of_day;
    format!(
        "{date}T{:02}:{:02}:{:02}{zone}",
        s / 3600,
        (s / 60) % 60,
        s % 60
    )
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339_vn())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_weekdays() {
        let d = CivilDate::new(2025, 1, 29).unwrap();
        assert_eq!(CivilDate::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(d.weekday(), Weekday::Wednesday);
        assert_eq!(CivilDate::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(
            CivilDate::new(2024, 2, 29)
                .unwrap()
                .add_days(366)
                .to_string(),
            "2025-03-01"
        );
        assert!(CivilDate::new(2025, 2, 29).is_none());
        assert!(CivilDate::new(2025, 13, 1).is_none());
        for n in (-700_000..-699_990).chain(19_000..21_000) {
            let d = CivilDate::from_days_since_epoch(n);
            assert_eq!(d.days_since_epoch(), n);
        }
    }

    #[test]
    fn months_clamp_to_month_end() {
        let d = CivilDate::new(2025, 1, 31).unwrap();
        assert_eq!(d.add_months(1).to_string(), "2025-02-28");
        assert_eq!(d.add_months(13).to_string(), "2026-02-28");
        assert_eq!(
            CivilDate::new(2024, 2, 29)
                .unwrap()
                .add_months(12)
                .to_string(),
            "2025-02-28"
        );
    }

    #[test]
    fn utc_from_unix_millis() {
        let t = |ms| Timestamp::from_unix_millis(ms).to_rfc3339_utc();
        assert_eq!(
            t(1_775_836_631_503).as_deref(),
            Some("2026-04-10T15:57:11Z")
        );
        assert_eq!(t(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(t(-1).as_deref(), Some("1969-12-31T23:59:59Z"));
        assert_eq!(
            t(253_402_300_799_999).as_deref(),
            Some("9999-12-31T23:59:59Z")
        );
        assert_eq!(t(253_402_300_800_000), None);
        assert_eq!(t(i64::MIN), None);
    }

    #[test]
    fn rfc3339_parses_offsets_and_rejects_garbage() {
        let t = Timestamp::parse_rfc3339("2025-01-24T16:30:00+07:00").unwrap();
        assert_eq!(t, Timestamp::parse_rfc3339("2025-01-24T09:30:00Z").unwrap());
        assert_eq!(
            t,
            Timestamp::parse_rfc3339("2025-01-24T09:30:00.123Z").unwrap()
        );
        assert_eq!(t.to_rfc3339_vn(), "2025-01-24T16:30:00+07:00");
        assert_eq!(t.vn_date().to_string(), "2025-01-24");
        let late = Timestamp::parse_rfc3339("2025-01-24T20:30:00-05:00").unwrap();
        assert_eq!(late.vn_date().to_string(), "2025-01-25");
        assert_eq!(
            Timestamp::parse_rfc3339("2025-01-24T16:30:00"),
            Err(TimeError::MissingOffset)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2025-02-30T16:30:00Z"),
            Err(TimeError::OutOfRange)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("yesterday"),
            Err(TimeError::Format)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2025-01-24T16:30:00+0700"),
            Err(TimeError::Format)
        );
        assert_eq!(
            Timestamp::parse_rfc3339("2025-01-24T1é:30:00Z"),
            Err(TimeError::Format)
        );
    }
}
