//! The working-day calendar: weekends, Vietnamese public holidays and the government's swapped
//! days, one data file per year (`holidays/YYYY.txt`, embedded at build time).

use super::civil_time::{CivilDate, Weekday};
use crate::data_file::data_lines;
use std::fmt;

/// The embedded holiday files, one per year.
const HOLIDAY_FILES: [(&str, &str); 4] = [
    ("2024.txt", include_str!("holidays/2024.txt")),
    ("2025.txt", include_str!("holidays/2025.txt")),
    ("2026.txt", include_str!("holidays/2026.txt")),
    ("2027.txt", include_str!("holidays/2027.txt")),
];

/// What a listed day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A weekday not worked: holiday, substitute day off, or swapped day off.
    Off,
    /// A Saturday or Sunday worked to make up a swapped day.
    Work,
}

/// Whether the government announced the day or we derived it (provisional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    Announced,
    Derived,
}

/// One listed day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    pub date: CivilDate,
    pub kind: DayKind,
    pub provenance: Provenance,
    pub name: String,
}

/// A line of a holiday file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarError {
    pub file: String,
    pub line: usize,
    pub problem: &'static str,
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.problem)
    }
}

impl std::error::Error for CalendarError {}

/// Weekends plus the listed days. Years outside the data fall back to weekends and the four
/// fixed solar-calendar holidays (01/01, 30/04, 01/05, 02/09) without substitutes — see
/// [`HolidayCalendar::covers`].
#[derive(Debug, Clone, Default)]
pub struct HolidayCalendar {
    /// Sorted by date, unique.
    days: Vec<CalendarDay>,
    years: Vec<i32>,
}

impl HolidayCalendar {
    /// The calendar built from the embedded files. They are tested, so this cannot fail at run
    /// time; a broken line would be skipped rather than panic.
    pub fn vietnam() -> HolidayCalendar {
        let mut calendar = HolidayCalendar::default();
        for (name, text) in HOLIDAY_FILES {
            let _ = calendar.add_file(name, text);
        }
        calendar
    }

    /// Parses one file (`date<TAB>off|work<TAB>announced|derived<TAB>name`, `#` comments) and
    /// adds its days. On error nothing from the file is added.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), CalendarError> {
        let mut parsed = Vec::new();
        for (line_no, raw) in data_lines(text) {
            let line = raw.trim();
            let error = |problem| CalendarError {
                file: file.to_string(),
                line: line_no,
                problem,
            };
            let mut cols = line.split('\t').map(str::trim);
            let date = cols
                .next()
                .and_then(CivilDate::parse_iso)
                .ok_or_else(|| error("bad date (YYYY-MM-DD)"))?;
            let kind = match cols.next() {
                Some("off") => DayKind::Off,
                Some("work") => DayKind::Work,
                _ => return Err(error("second column must be off or work")),
            };
            let provenance = match cols.next() {
                Some("announced") => Provenance::Announced,
                Some("derived") => Provenance::Derived,
                _ => return Err(error("third column must be announced or derived")),
            };
            let name = cols.next().unwrap_or("").to_string();
            let weekend = date.weekday().is_weekend();
            if kind == DayKind::Off && weekend {
                return Err(error(
                    "a weekend day is off anyway: list its substitute instead",
                ));
            }
            if kind == DayKind::Work && !weekend {
                return Err(error("a make-up working day must be a Saturday or Sunday"));
            }
            parsed.push(CalendarDay {
                date,
                kind,
                provenance,
                name,
            });
        }
        for day in parsed {
            if !self.years.contains(&day.date.year()) {
                self.years.push(day.date.year());
            }
            match self.days.binary_search_by_key(&day.date, |d| d.date) {
                Ok(i) => self.days[i] = day,
                Err(i) => self.days.insert(i, day),
            }
        }
        Ok(())
    }

    /// Whether the data lists this year (otherwise only the fallback rules apply).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The listed days (holidays and make-up days), in date order.
    pub fn days(&self) -> &[CalendarDay] {
        &self.days
    }

    pub fn listed(&self, date: CivilDate) -> Option<&CalendarDay> {
        self.days
            .binary_search_by_key(&date, |d| d.date)
            .ok()
            .and_then(|i| self.days.get(i))
    }

    pub fn is_working_day(&self, date: CivilDate) -> bool {
        if let Some(day) = self.listed(date) {
            return day.kind == DayKind::Work;
        }
        if date.weekday() == Weekday::Saturday || date.weekday() == Weekday::Sunday {
            return false;
        }
        if !self.covers(date.year()) {
            let fixed = [(1, 1), (4, 30), (5, 1), (9, 2)];
            return !fixed.contains(&(date.month(), date.day()));
        }
        true
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: CivilDate) -> CivilDate {
        let mut d = date.add_days(1);
        // Bounded: no real calendar has 60 days off in a row.
        for _ in 0..60 {
            if self.is_working_day(d) {
                break;
            }
            d = d.add_days(1);
        }
        d
    }

    /// `date` itself if it is a working day, else the next one.
    pub fn this_or_next_working_day(&self, date: CivilDate) -> CivilDate {
        if self.is_working_day(date) {
            date
        } else {
            self.next_working_day(date)
        }
    }

    /// The `n`th working day after `date` (n = 0 gives `date`).
    pub fn add_working_days(&self, date: CivilDate, n: u32) -> CivilDate {
        let mut d = date;
        for _ in 0..n {
            d = self.next_working_day(d);
        }
        d
    }

    /// Working days in the half-open range (`from`, `to`]: how many working days `to` is after
    /// `from`. Zero when `to <= from`.
    pub fn working_days_between(&self, from: CivilDate, to: CivilDate) -> u32 {
        let (start, end) = (from.days_since_epoch(), to.days_since_epoch());
        if end <= start {
            return 0;
        }
        // Bounded so a bogus far-future date cannot spin: ~30 years.
        let end = end.min(start + 11_000);
        (start + 1..=end)
            .filter(|&n| self.is_working_day(CivilDate::from_days_since_epoch(n)))
            .count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> CivilDate {
        CivilDate::new(y, m, day).unwrap()
    }

    #[test]
    fn every_embedded_file_parses() {
        let mut calendar = HolidayCalendar::default();
        for (name, text) in HOLIDAY_FILES {
            calendar.add_file(name, text).unwrap();
            let year: i32 = name[..4].parse().unwrap();
            assert!(calendar.covers(year), "{name}");
            assert!(
                calendar.days().iter().any(|d| d.date.year() == year),
                "{name} lists no day"
            );
        }
        assert_eq!(
            calendar.days().len(),
            HolidayCalendar::vietnam().days().len()
        );
    }

    #[test]
    fn bad_lines_are_rejected_with_their_line_number() {
        let mut c = HolidayCalendar::default();
        let e = c
            .add_file("x", "# c\n2025-01-04\toff\tannounced\tSat\n")
            .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(c.add_file("x", "2025-01-06\twork\tannounced\tMon").is_err());
        assert!(c.add_file("x", "2025-02-30\toff\tannounced\tx").is_err());
        assert!(c.add_file("x", "2025-01-06\toff\tguessed\tx").is_err());
        assert!(c.days().is_empty());
    }

    #[test]
    fn tet_2025_and_its_make_up_saturday() {
        let c = HolidayCalendar::vietnam();
        for day in 27..=31 {
            assert!(!c.is_working_day(d(2025, 1, day)), "{day}/1/2025");
        }
        assert!(c.is_working_day(d(2025, 1, 24)));
        assert!(c.is_working_day(d(2025, 2, 3)));
        assert!(c.is_working_day(d(2025, 2, 8)), "make-up Saturday");
        assert!(!c.is_working_day(d(2025, 2, 9)));
        // Friday 24/01 → next working day is Monday 03/02.
        assert_eq!(c.next_working_day(d(2025, 1, 24)), d(2025, 2, 3));
    }

    #[test]
    fn tet_2026_swaps_and_substitutes() {
        let c = HolidayCalendar::vietnam();
        assert_eq!(c.next_working_day(d(2026, 2, 13)), d(2026, 2, 23));
        assert!(!c.is_working_day(d(2026, 1, 2)));
        assert!(c.is_working_day(d(2026, 1, 10)));
        assert!(
            !c.is_working_day(d(2026, 4, 27)),
            "substitute for Sunday 26/04"
        );
        assert_eq!(c.working_days_between(d(2026, 2, 13), d(2026, 2, 24)), 2);
    }

    #[test]
    fn years_without_data_keep_fixed_holidays() {
        let c = HolidayCalendar::vietnam();
        assert!(!c.covers(2030));
        assert!(!c.is_working_day(d(2030, 4, 30)));
        assert!(c.is_working_day(d(2030, 4, 29)));
    }
}
