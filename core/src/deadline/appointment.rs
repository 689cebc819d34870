//! The appointment date (ngày hẹn trả kết quả) from the receiving time and a procedure's
//! processing time, and whether a dossier is on time.

use super::calendar::HolidayCalendar;
use super::civil_time::{CivilDate, Timestamp};
use super::processing_time::{ProcessingTime, TimeUnit};
use crate::messages::{plural, Deadline, Lang, Message};
use serde::{Deserialize, Serialize};

/// Office hours, Vietnam local time, in seconds since midnight. Provinces set their own; the
/// default is the common 07:30–11:30 and 13:00–17:00 (8 working hours a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeHours {
    pub morning: (i64, i64),
    pub afternoon: (i64, i64),
    /// Received at or after this time of day → counted as received the next working day.
    pub cutoff: i64,
}

impl Default for OfficeHours {
    fn default() -> OfficeHours {
        OfficeHours {
            morning: (7 * 3600 + 30 * 60, 11 * 3600 + 30 * 60),
            afternoon: (13 * 3600, 17 * 3600),
            cutoff: 17 * 3600,
        }
    }
}

impl OfficeHours {
    fn seconds_per_day(&self) -> i64 {
        (self.morning.1 - self.morning.0) + (self.afternoon.1 - self.afternoon.0)
    }
}

/// When the clock starts for a dossier received at `received_at`.
///
/// Rule applied: a dossier received on a non-working day, or at/after the end of office hours
/// ([`OfficeHours::cutoff`]), counts as received at the opening of the next working day; one
/// received before opening counts from the opening. This is how one-stop regulations under
/// Decree 61/2018/NĐ-CP (now Decree 118/2025/NĐ-CP) and the online-submission rules of Decree
/// 45/2020/NĐ-CP are applied by provincial systems (dossiers filed online outside working hours
/// are received the next working day). The article numbers were not verified here and some
/// provinces use an earlier afternoon cutoff; set `cutoff` accordingly.
pub fn effective_start(
    received_at: Timestamp,
    calendar: &HolidayCalendar,
    office: &OfficeHours,
) -> (CivilDate, i64) {
    let date = received_at.vn_date();
    let second = received_at.vn_second_of_day();
    if calendar.is_working_day(date) && second < office.cutoff {
        (date, second.max(office.morning.0))
    } else {
        (calendar.next_working_day(date), office.morning.0)
    }
}

/// Adds `seconds` of office time to a position, skipping lunch, nights and days off.
fn add_office_seconds(
    mut date: CivilDate,
    mut second: i64,
    mut remaining: i64,
    calendar: &HolidayCalendar,
    office: &OfficeHours,
) -> (CivilDate, i64) {
    // Bounded: 2000 hours of office time is 250 working days, well under this limit.
    for _ in 0..2000 {
        if !calendar.is_working_day(date) {
            date = calendar.next_working_day(date);
            second = 0;
            continue;
        }
        for (start, end) in [office.morning, office.afternoon] {
            if second >= end {
                continue;
            }
            let begin = second.max(start);
            let available = end - begin;
            if remaining <= available {
                return (date, begin + remaining);
            }
            remaining -= available;
            second = end;
        }
        date = calendar.next_working_day(date);
        second = 0;
    }
    (date, second)
}

/// The appointment (ngày hẹn trả) for a dossier received at `received_at`.
///
/// - `WORKING_DAY` n: the n-th working day after the effective start, at the same time of day;
///   a fraction of a day is counted as that share of the day's office hours.
/// - `HOUR` n: n hours of office time from the effective start.
/// - `DAY`, `MONTH`, `YEAR`: calendar periods from the effective start, same time of day; when
///   the period ends on a day off it ends at the close of the next working day (Civil Code
///   2015 art. 148(5)).
/// - `OTHER`: nothing can be counted. [`ProcessingTime::new`] refuses it, so a checked time
///   never has it; an unchecked one gives the effective start (the clock has started and
///   there is no period to add).
pub fn appointment(
    received_at: Timestamp,
    processing: ProcessingTime,
    calendar: &HolidayCalendar,
    office: &OfficeHours,
) -> Timestamp {
    let (start_date, start_second) = effective_start(received_at, calendar, office);
    let amount = processing.amount;
    let (date, second) = match processing.unit {
        TimeUnit::WorkingDay => {
            let whole = amount.trunc().clamp(0.0, 1000.0) as u32;
            let date = calendar.add_working_days(start_date, whole);
            let fraction = (amount.fract() * office.seconds_per_day() as f64).round() as i64;
            if fraction > 0 {
                add_office_seconds(date, start_second, fraction, calendar, office)
            } else {
                (date, start_second)
            }
        }
        TimeUnit::Hour => {
            let seconds = (amount.clamp(0.0, 2000.0) * 3600.0).round() as i64;
            add_office_seconds(start_date, start_second, seconds, calendar, office)
        }
        TimeUnit::Day | TimeUnit::Month | TimeUnit::Year => {
            let end = Timestamp::from_vn_local(start_date, start_second);
            let end = match processing.unit {
                TimeUnit::Day => Timestamp(end.0 + (amount.clamp(0.0, 3650.0) * 86_400.0) as i64),
                TimeUnit::Month => {
                    Timestamp::from_vn_local(start_date.add_months(amount as i64), start_second)
                }
                _ => Timestamp::from_vn_local(
                    start_date.add_months(12 * amount as i64),
                    start_second,
                ),
            };
            let date = end.vn_date();
            if calendar.is_working_day(date) {
                (date, end.vn_second_of_day())
            } else {
                (calendar.next_working_day(date), office.afternoon.1)
            }
        }
        TimeUnit::Other => (start_date, start_second),
    };
    Timestamp::from_vn_local(date, second)
}

/// Whether a dossier is (or was) on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnTimeState {
    /// Finished by the appointment date, or still in time (`working_days` left).
    OnTime,
    /// Finished at least one working day before the appointment date.
    Early,
    /// The appointment date is today and the result is not ready.
    DueToday,
    /// Finished, or still unfinished, after the appointment date (`working_days` late).
    Late,
    /// No appointment known, or closed without a result (refused, withdrawn, stopped).
    NotApplicable,
}

/// The on-time verdict and the working days it is about (left, early by or late by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Punctuality {
    pub state: OnTimeState,
    pub working_days: u32,
}

impl Punctuality {
    /// The verdict in words for the citizen (never colour alone): "Đúng hạn · còn 3 ngày làm
    /// việc", "Late by 1 working day"; `None` when there is nothing to judge.
    pub fn words(&self, lang: Lang) -> Option<String> {
        let n = u64::from(self.working_days);
        let days = |one: Deadline, other: Deadline| plural(n, one, other).fill(lang, &[("n", &n)]);
        Some(match self.state {
            OnTimeState::OnTime if n > 0 => days(Deadline::OnTimeLeftOne, Deadline::OnTimeLeft),
            OnTimeState::OnTime => Deadline::OnTime.text(lang).to_string(),
            OnTimeState::Early => days(Deadline::EarlyByOne, Deadline::EarlyBy),
            OnTimeState::DueToday => Deadline::DueToday.text(lang).to_string(),
            OnTimeState::Late => days(Deadline::LateByOne, Deadline::LateBy),
            OnTimeState::NotApplicable => return None,
        })
    }
}

/// Judges punctuality by dates (the appointment promises a day): completion on the appointment
/// day is on time whatever the hour.
///
/// `completed_at` is when the result was ready (status 9 or 10); `closed_without_result` is a
/// final status without a result (3, 7, 8).
pub fn punctuality(
    appointment_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
    closed_without_result: bool,
    now: Timestamp,
    calendar: &HolidayCalendar,
) -> Punctuality {
    let verdict = |state, working_days| Punctuality {
        state,
        working_days,
    };
    let Some(appointment) = appointment_at else {
        return verdict(OnTimeState::NotApplicable, 0);
    };
    let due = appointment.vn_date();
    match completed_at {
        Some(done) => {
            let done = done.vn_date();
            if done > due {
                verdict(
                    OnTimeState::Late,
                    calendar.working_days_between(due, done).max(1),
                )
            } else {
                let ahead = calendar.working_days_between(done, due);
                if ahead >= 1 {
                    verdict(OnTimeState::Early, ahead)
                } else {
                    verdict(OnTimeState::OnTime, 0)
                }
            }
        }
        None if closed_without_result => verdict(OnTimeState::NotApplicable, 0),
        None => {
            let today = now.vn_date();
            if today == due {
                verdict(OnTimeState::DueToday, 0)
            } else if today < due {
                verdict(
                    OnTimeState::OnTime,
                    calendar.working_days_between(today, due),
                )
            } else {
                verdict(
                    OnTimeState::Late,
                    calendar.working_days_between(due, today).max(1),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap()
    }

    fn due(received: &str, amount: f64, unit: TimeUnit) -> String {
        let calendar = HolidayCalendar::vietnam();
        let processing = ProcessingTime::new(amount, unit).unwrap();
        appointment(t(received), processing, &calendar, &OfficeHours::default()).to_rfc3339_vn()
    }

    #[test]
    fn working_days_skip_weekends() {
        // Thursday + 3 working days → Tuesday.
        assert_eq!(
            due("2025-03-06T09:00:00+07:00", 3.0, TimeUnit::WorkingDay),
            "2025-03-11T09:00:00+07:00"
        );
    }

    #[test]
    fn working_days_across_tet_2025() {
        // Thursday 23/01/2025 + 3 working days: Fri 24/01, (Tết 25/01–02/02), Mon 03/02, Tue 04/02.
        assert_eq!(
            due("2025-01-23T10:00:00+07:00", 3.0, TimeUnit::WorkingDay),
            "2025-02-04T10:00:00+07:00"
        );
        // Received Friday 24/01 at 16:00 + 5 → Mon 03/02 … Fri 07/02 is 5, Sat 08/02 is worked:
        // 03,04,05,06,07 → 07/02.
        assert_eq!(
            due("2025-01-24T16:00:00+07:00", 5.0, TimeUnit::WorkingDay),
            "2025-02-07T16:00:00+07:00"
        );
        // + 6 lands on the make-up Saturday 08/02.
        assert_eq!(
            due("2025-01-24T16:00:00+07:00", 6.0, TimeUnit::WorkingDay),
            "2025-02-08T16:00:00+07:00"
        );
    }

    #[test]
    fn working_days_across_tet_2026_and_substitute_day() {
        // Friday 13/02/2026 + 1 → Monday 23/02 (Tết 14–22/02).
        assert_eq!(
            due("2026-02-13T08:00:00+07:00", 1.0, TimeUnit::WorkingDay),
            "2026-02-23T08:00:00+07:00"
        );
        // Friday 24/04/2026 + 1 → Tuesday 28/04 (Monday 27/04 substitutes Hùng Kings' Sunday).
        assert_eq!(
            due("2026-04-24T14:00:00+07:00", 1.0, TimeUnit::WorkingDay),
            "2026-04-28T14:00:00+07:00"
        );
        // Wednesday 29/04/2026 + 2 → Tuesday 05/05 (30/04, 01/05 off; weekend).
        assert_eq!(
            due("2026-04-29T14:00:00+07:00", 2.0, TimeUnit::WorkingDay),
            "2026-05-05T14:00:00+07:00"
        );
    }

    #[test]
    fn after_hours_and_weekend_receipt_start_next_working_day() {
        // Monday 17:30 → counted from Tuesday 07:30; + 1 → Wednesday 07:30.
        assert_eq!(
            due("2025-03-10T17:30:00+07:00", 1.0, TimeUnit::WorkingDay),
            "2025-03-12T07:30:00+07:00"
        );
        // Saturday → counted from Monday 07:30.
        assert_eq!(
            due("2025-03-08T10:00:00+07:00", 2.0, TimeUnit::WorkingDay),
            "2025-03-12T07:30:00+07:00"
        );
        // Before opening → from opening.
        assert_eq!(
            due("2025-03-10T06:00:00+07:00", 1.0, TimeUnit::WorkingDay),
            "2025-03-11T07:30:00+07:00"
        );
    }

    #[test]
    fn hours_count_office_time_only() {
        // Monday 10:30 + 4 h: 1 h to 11:30, 3 h from 13:00 → 16:00.
        assert_eq!(
            due("2025-03-10T10:30:00+07:00", 4.0, TimeUnit::Hour),
            "2025-03-10T16:00:00+07:00"
        );
        // Friday 16:00 + 8 h → 1 h Friday, 7 h Monday: 07:30–11:30 (4), 13:00–16:00 (3).
        assert_eq!(
            due("2025-03-14T16:00:00+07:00", 8.0, TimeUnit::Hour),
            "2025-03-17T16:00:00+07:00"
        );
        // Half a working day = 4 office hours.
        assert_eq!(
            due("2025-03-10T10:30:00+07:00", 0.5, TimeUnit::WorkingDay),
            "2025-03-10T16:00:00+07:00"
        );
    }

    #[test]
    fn calendar_units_roll_off_days_to_next_working_day_close() {
        // Monday 10/03/2025 + 5 days = Saturday 15/03 → close of Monday 17/03.
        assert_eq!(
            due("2025-03-10T09:00:00+07:00", 5.0, TimeUnit::Day),
            "2025-03-17T17:00:00+07:00"
        );
        assert_eq!(
            due("2025-03-10T09:00:00+07:00", 3.0, TimeUnit::Day),
            "2025-03-13T09:00:00+07:00"
        );
        // 31/03/2025 + 1 month = 30/04 (holiday) → 02/05 is swapped off too → Mon 05/05 17:00.
        assert_eq!(
            due("2025-03-31T09:00:00+07:00", 1.0, TimeUnit::Month),
            "2025-05-05T17:00:00+07:00"
        );
        assert_eq!(
            due("2025-03-12T09:00:00+07:00", 1.0, TimeUnit::Year),
            "2026-03-12T09:00:00+07:00"
        );
    }

    #[test]
    fn an_uncountable_unit_adds_nothing() {
        let unchecked = ProcessingTime {
            amount: 3.0,
            unit: TimeUnit::Other,
        };
        let calendar = HolidayCalendar::vietnam();
        let due = appointment(
            t("2025-03-08T10:00:00+07:00"),
            unchecked,
            &calendar,
            &OfficeHours::default(),
        );
        assert_eq!(due.to_rfc3339_vn(), "2025-03-10T07:30:00+07:00");
    }

    #[test]
    fn punctuality_verdicts() {
        let c = HolidayCalendar::vietnam();
        let appt = Some(t("2025-02-04T10:00:00+07:00")); // Tuesday after Tết
        let now = t("2025-01-24T09:00:00+07:00");
        let p = punctuality(appt, None, false, now, &c);
        assert_eq!(p.state, OnTimeState::OnTime);
        assert_eq!(p.working_days, 2); // 03/02, 04/02
        let p = punctuality(appt, None, false, t("2025-02-04T18:00:00+07:00"), &c);
        assert_eq!(p.state, OnTimeState::DueToday);
        let p = punctuality(appt, None, false, t("2025-02-10T08:00:00+07:00"), &c);
        // 05, 06, 07, 08 (make-up Saturday), 10.
        assert_eq!((p.state, p.working_days), (OnTimeState::Late, 5));
        let p = punctuality(appt, Some(t("2025-01-24T15:00:00+07:00")), false, now, &c);
        assert_eq!((p.state, p.working_days), (OnTimeState::Early, 2));
        let p = punctuality(appt, Some(t("2025-02-04T16:00:00+07:00")), false, now, &c);
        assert_eq!(p.state, OnTimeState::OnTime);
        let p = punctuality(appt, Some(t("2025-02-06T16:00:00+07:00")), false, now, &c);
        assert_eq!((p.state, p.working_days), (OnTimeState::Late, 2));
        let p = punctuality(appt, None, true, t("2025-03-01T08:00:00+07:00"), &c);
        assert_eq!(p.state, OnTimeState::NotApplicable);
        assert_eq!(
            punctuality(None, None, false, now, &c).state,
            OnTimeState::NotApplicable
        );
    }

    #[test]
    fn punctuality_in_words() {
        use OnTimeState::*;
        let cases = [
            (OnTime, 3, Lang::Vi, Some("Đúng hạn · còn 3 ngày làm việc")),
            (OnTime, 1, Lang::En, Some("On time · 1 working day left")),
            (OnTime, 0, Lang::En, Some("On time")),
            (Early, 2, Lang::En, Some("Early by 2 working days")),
            (Late, 1, Lang::Vi, Some("Trễ hạn 1 ngày làm việc")),
            (Late, 1, Lang::En, Some("Late by 1 working day")),
            (DueToday, 0, Lang::Vi, Some("Đến hạn trả hôm nay")),
            (NotApplicable, 0, Lang::Vi, None),
        ];
        for (state, working_days, lang, said) in cases {
            let p = Punctuality {
                state,
                working_days,
            };
            assert_eq!(p.words(lang).as_deref(), said, "{p:?} {lang:?}");
        }
    }
}
