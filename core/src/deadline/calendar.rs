//! The working-day calendar: weekends, Vietnamese public holidays and the government's swapped
//! days, one data file per year (`holidays/YYYY.txt`, embedded at build time).

use super::civil_time::{CivilDate, Weekday};
use crate::data_file::{data_lines, embedded_data};
use std::fmt;

/// The embedded holiday files, one per year.
const HOLIDAY_FILES: [(&str, &str); 4] = [
    ("2024.txt", embedded_data!("deadline/holidays/2024.txt")),
    ("2025.txt", embedded_data!("deadline/holidays/2025.txt")),
    ("2026.txt", embedded_data!("deadline/holidays/2026.txt")),
    ("2027.txt", embedded_data!("deadline/holidays/2027.txt")),
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

/// A run of days off around one or more listed holidays (the weekend days beside them
/// included), as a citizen names it: "Tết Ất Tỵ 25/01–02/02".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayBreak {
    /// The holidays' names, distinct, in date order, joined by ", " (see [`holiday_name`]).
    pub name: String,
    pub first: CivilDate,
    pub last: CivilDate,
}

/// A listed day's holiday name: its text before any bracketed detail ("Tết Ất Tỵ (mùng 1)" →
/// "Tết Ất Tỵ"), without the "Nghỉ bù" (substitute day) prefix. A swapped day ("Hoán đổi, …")
/// names no holiday of its own: `None`.
pub fn holiday_name(listed: &str) -> Option<&str> {
    let name = listed.split(" (").next().unwrap_or(listed).trim();
    if name.starts_with("Hoán đổi") || name.is_empty() {
        return None;
    }
    Some(name.strip_prefix("Nghỉ bù ").unwrap_or(name))
}

impl HolidayCalendar {
    /// The breaks with at least one listed day off strictly between `after` and `before`: what
    /// a deadline counted in working days from `after` skipped to reach `before`. Each break
    /// spans every day off around its listed days, weekends included.
    pub fn breaks_between(&self, after: CivilDate, before: CivilDate) -> Vec<HolidayBreak> {
        let mut breaks: Vec<HolidayBreak> = Vec::new();
        let inside = self
            .days
            .iter()
            .filter(|d| d.kind == DayKind::Off && d.date > after && d.date < before);
        for day in inside {
            if breaks.last().is_some_and(|b| day.date <= b.last) {
                continue;
            }
            let mut first = day.date;
            while !self.is_working_day(first.add_days(-1)) {
                first = first.add_days(-1);
            }
            let mut last = day.date;
            while !self.is_working_day(last.add_days(1)) {
                last = last.add_days(1);
            }
            let mut names: Vec<&str> = Vec::new();
            for listed in self
                .days
                .iter()
                .filter(|d| d.kind == DayKind::Off && d.date >= first && d.date <= last)
            {
                if let Some(name) = holiday_name(&listed.name) {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            // A break of swapped days only (none so far) keeps the first line's own words.
            let name = if names.is_empty() {
                day.name.split(" (").next().unwrap_or("").trim().to_string()
            } else {
                names.join(", ")
            };
            breaks.push(HolidayBreak { name, first, last });
        }
        breaks
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

    #[test]
    fn breaks_between_name_the_holidays_and_span_their_weekends() {
        let c = HolidayCalendar::vietnam();
        // Tết Ất Tỵ: off Monday 27/01–Friday 31/01, so Saturday 25/01–Sunday 02/02.
        let tet = c.breaks_between(d(2025, 1, 23), d(2025, 2, 6));
        assert_eq!(
            tet,
            vec![HolidayBreak {
                name: "Tết Ất Tỵ".into(),
                first: d(2025, 1, 25),
                last: d(2025, 2, 2),
            }]
        );
        // 30/04, 01/05 and the swapped Friday 02/05 are one break with two holidays.
        let may = c.breaks_between(d(2025, 4, 28), d(2025, 5, 8));
        assert_eq!(may.len(), 1);
        assert_eq!(may[0].name, "Ngày Giải phóng miền Nam, Quốc tế Lao động");
        assert_eq!((may[0].first, may[0].last), (d(2025, 4, 30), d(2025, 5, 4)));
        // A substitute day names its holiday; the bounds are exclusive.
        let hung = c.breaks_between(d(2026, 4, 20), d(2026, 4, 29));
        assert_eq!(hung[0].name, "Giỗ Tổ Hùng Vương");
        assert_eq!(
            (hung[0].first, hung[0].last),
            (d(2026, 4, 25), d(2026, 4, 27))
        );
        assert!(c.breaks_between(d(2025, 1, 31), d(2025, 2, 6)).is_empty());
        assert!(c.breaks_between(d(2025, 3, 3), d(2025, 3, 28)).is_empty());
        // Two breaks in one stretch, in date order.
        let both = c.breaks_between(d(2025, 4, 1), d(2025, 5, 8));
        let names: Vec<&str> = both.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Giỗ Tổ Hùng Vương",
                "Ngày Giải phóng miền Nam, Quốc tế Lao động"
            ]
        );
    }

    #[test]
    fn holiday_names_drop_details_and_substitute_words() {
        assert_eq!(holiday_name("Tết Bính Ngọ (mùng 1)"), Some("Tết Bính Ngọ"));
        assert_eq!(
            holiday_name("Nghỉ bù Quốc tế Lao động (01/05 là thứ Bảy)"),
            Some("Quốc tế Lao động")
        );
        assert_eq!(holiday_name("Hoán đổi, làm bù thứ Bảy 26/04"), None);
        assert_eq!(holiday_name("Quốc khánh"), Some("Quốc khánh"));
    }
}
