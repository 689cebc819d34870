//! Working days and deadlines: a small civil date/time type for Vietnam (UTC+7, no daylight
//! saving), the holiday calendar kept as data per year (`holidays/YYYY.txt`), processing times
//! (the catalog's and the dossiers' one type), the appointment date (ngày hẹn trả) from a
//! receiving time and a processing time, and on-time verdicts.

mod appointment;
mod calendar;
mod civil_time;
mod processing_time;

pub use appointment::{
    appointment, effective_start, punctuality, OfficeHours, OnTimeState, Punctuality,
};
pub use calendar::{
    holiday_name, CalendarDay, CalendarError, DayKind, HolidayBreak, HolidayCalendar, Provenance,
};
pub use civil_time::{days_in_month, CivilDate, TimeError, Timestamp, Weekday, VN_OFFSET_SECONDS};
pub use processing_time::{ProcessingTime, ProcessingTimeError, TimeUnit};
