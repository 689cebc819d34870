//! Reading one event object into an [`Event`]: one step per field, in the order of the wire
//! shape. Every step records its problems with the field's path and carries on, so a refused
//! event lists everything wrong with it at once, not only the first mistake.

use super::problem::{EventError, EventProblem};
use super::{Applicant, Event};
use crate::catalog::code::ProcedureCode;
use crate::deadline::{ProcessingTime, TimeUnit, Timestamp};
use crate::dossier::code::{AgencyId, DossierCode};
use crate::dossier::privacy::validate_last4;
use crate::dossier::status::Status;
use serde_json::{Map, Value};

/// How far in the future an event's `at` may be (sender clock skew). A far-future event would
/// otherwise pin the state: nothing could ever be newer.
pub const MAX_FUTURE_SKEW_SECONDS: i64 = 10 * 60;
/// The earliest time an event may carry (`at`, `received_at`, `appointment_at`):
/// 2000-01-01 00:00 in Vietnam. Electronic one-stop systems are younger; an earlier date is a
/// placeholder or a typo.
pub const EARLIEST_EVENT_TIME: Timestamp = Timestamp(946_659_600);
/// How far ahead an appointment may be: 5 years. Processing times in months and years exist,
/// longer ones do not; a year-9999 appointment was shown as "on time, 7,763 working days left".
pub const MAX_APPOINTMENT_YEARS: i64 = 5;
const MAX_APPOINTMENT_AHEAD_SECONDS: i64 = MAX_APPOINTMENT_YEARS * 366 * 24 * 3600;

const MAX_ID_LEN: usize = 128;
/// Real procedure names reach 1,192 characters (Gia Lai's list; 1,094 in the national crawl).
const MAX_NAME_CHARS: usize = 2000;
const MAX_NOTE_CHARS: usize = 2000;
const MAX_APPLICANT_NAME_CHARS: usize = 200;

impl Event {
    /// Validates one event object; `index` is its position in the batch (for messages) and
    /// `now` the server clock (events may not be stamped in the future).
    pub fn from_json(
        index: usize,
        value: &Value,
        now: Timestamp,
    ) -> Result<Event, Vec<EventError>> {
        let Value::Object(object) = value else {
            return Err(vec![EventError {
                index,
                field: "(event)",
                problem: EventProblem::NotAnObject,
            }]);
        };
        let mut r = Reader {
            index,
            object,
            errors: Vec::new(),
        };
        let id = r.id();
        let dossier = r.dossier();
        let status = r.status();
        let at = r.at(now);
        let procedure = r.procedure();
        let procedure_name = r.name(object, "procedure_name", "procedure_name", MAX_NAME_CHARS);
        let agency = r.agency();
        let agency_name = r.name(object, "agency_name", "agency_name", MAX_NAME_CHARS);
        let (received_at, appointment_at) = r.receipt_and_appointment(now);
        let processing_time = r.processing_time();
        let applicant = r.applicant();
        let note = r.note();

        match (id, dossier, status, at) {
            (Some(id), Some(dossier), Some(status), Some(at)) if r.errors.is_empty() => Ok(Event {
                id,
                dossier,
                status,
                at,
                procedure,
                procedure_name,
                agency,
                agency_name,
                received_at,
                appointment_at,
                processing_time,
                applicant,
                note,
            }),
            _ => Err(r.errors),
        }
    }
}

/// Collapses runs of whitespace (real names carry tabs and line breaks) and trims.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One event object being read, and the problems found so far.
struct Reader<'a> {
    index: usize,
    object: &'a Map<String, Value>,
    errors: Vec<EventError>,
}

/// The field steps, in the order [`Event::from_json`] runs them.
impl<'a> Reader<'a> {
    fn id(&mut self) -> Option<String> {
        let id = self.required_text(self.object, "id", "id")?.trim();
        let problem = if id.is_empty() {
            EventProblem::Empty
        } else if id.len() > MAX_ID_LEN {
            EventProblem::TooLong { max: MAX_ID_LEN }
        } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            EventProblem::BadId
        } else {
            return Some(id.to_string());
        };
        self.fail("id", problem);
        None
    }

    fn dossier(&mut self) -> Option<DossierCode> {
        let text = self.required_text(self.object, "dossier", "dossier")?;
        self.check("dossier", DossierCode::parse(text), EventProblem::Code)
    }

    fn status(&mut self) -> Option<Status> {
        match self.object.get("status") {
            None | Some(Value::Null) => {
                self.fail("status", EventProblem::Missing);
                None
            }
            Some(v) => self.check("status", Status::from_json(v), EventProblem::Status),
        }
    }

    /// When the status took effect: required, and not ahead of the server clock.
    fn at(&mut self, now: Timestamp) -> Option<Timestamp> {
        self.required_text(self.object, "at", "at")?;
        let at = self.time(self.object, "at", "at");
        self.within(
            "at",
            at,
            now.0 + MAX_FUTURE_SKEW_SECONDS,
            EventProblem::InTheFuture,
        )
    }

    /// `t` when it lies between [`EARLIEST_EVENT_TIME`] and `latest` (Unix seconds); otherwise
    /// records `too_late` or [`EventProblem::BeforeEarliest`] for `field`. Dates outside a sane
    /// window are refused, not shown mis-converted to citizens.
    fn within(
        &mut self,
        field: &'static str,
        t: Option<Timestamp>,
        latest: i64,
        too_late: EventProblem,
    ) -> Option<Timestamp> {
        let t = t?;
        if t.0 > latest {
            self.fail(field, too_late);
        } else if t < EARLIEST_EVENT_TIME {
            self.fail(field, EventProblem::BeforeEarliest);
        } else {
            return Some(t);
        }
        None
    }

    /// The procedure code, trimmed; blank is absent.
    fn procedure(&mut self) -> Option<String> {
        let code = self.text(self.object, "procedure", "procedure")?.trim();
        if code.is_empty() {
            return None;
        }
        self.check(
            "procedure",
            ProcedureCode::parse(code),
            EventProblem::ProcedureCode,
        )
        .map(ProcedureCode::into_string)
    }

    /// The agency identifier; blank is absent.
    fn agency(&mut self) -> Option<AgencyId> {
        let text = self.text(self.object, "agency", "agency")?;
        if text.trim().is_empty() {
            return None;
        }
        self.check("agency", AgencyId::parse(text), EventProblem::Agency)
    }

    /// `received_at` and `appointment_at`; an appointment before the receipt is refused.
    fn receipt_and_appointment(
        &mut self,
        now: Timestamp,
    ) -> (Option<Timestamp>, Option<Timestamp>) {
        let received_at = self.time(self.object, "received_at", "received_at");
        let received_at = self.within(
            "received_at",
            received_at,
            now.0 + MAX_FUTURE_SKEW_SECONDS,
            EventProblem::InTheFuture,
        );
        let appointment_at = self.time(self.object, "appointment_at", "appointment_at");
        let appointment_at = self.within(
            "appointment_at",
            appointment_at,
            now.0 + MAX_APPOINTMENT_AHEAD_SECONDS,
            EventProblem::TooFarAhead,
        );
        if let (Some(received), Some(appointment)) = (received_at, appointment_at) {
            if appointment < received {
                self.fail("appointment_at", EventProblem::AppointmentBeforeReceipt);
            }
        }
        (received_at, appointment_at)
    }

    /// `{amount, unit}`, both required once the object is there.
    fn processing_time(&mut self) -> Option<ProcessingTime> {
        let pt = self.nested("processing_time", "an object {amount, unit}")?;
        let amount = self.amount(pt);
        let unit = self.unit(pt);
        self.check(
            "processing_time.amount",
            ProcessingTime::new(amount?, unit?),
            EventProblem::ProcessingTime,
        )
    }

    fn amount(&mut self, pt: &'a Map<String, Value>) -> Option<f64> {
        const FIELD: &str = "processing_time.amount";
        match pt.get("amount") {
            Some(Value::Number(n)) => n.as_f64(),
            None | Some(Value::Null) => {
                self.fail(FIELD, EventProblem::Missing);
                None
            }
            Some(_) => {
                self.fail(
                    FIELD,
                    EventProblem::WrongType {
                        expected: "a number",
                    },
                );
                None
            }
        }
    }

    fn unit(&mut self, pt: &'a Map<String, Value>) -> Option<TimeUnit> {
        const FIELD: &str = "processing_time.unit";
        let unit = TimeUnit::parse(self.required_text(pt, "unit", FIELD)?);
        if unit.is_none() {
            self.fail(FIELD, EventProblem::UnknownUnit);
        }
        unit
    }

    /// `{name, phone_last4}`; an applicant with neither is absent.
    fn applicant(&mut self) -> Option<Applicant> {
        let a = self.nested("applicant", "an object {name, phone_last4}")?;
        let name = self.name(a, "name", "applicant.name", MAX_APPLICANT_NAME_CHARS);
        let phone_last4 = self
            .text(a, "phone_last4", "applicant.phone_last4")
            .and_then(|p| {
                self.check(
                    "applicant.phone_last4",
                    validate_last4(p),
                    EventProblem::Last4,
                )
                .map(|()| p.to_string())
            });
        if name.is_none() && phone_last4.is_none() {
            None
        } else {
            Some(Applicant { name, phone_last4 })
        }
    }

    /// The note, trimmed (its line breaks kept); blank is absent.
    fn note(&mut self) -> Option<String> {
        let note = self.text(self.object, "note", "note")?.trim();
        if note.is_empty() {
            None
        } else if note.chars().count() > MAX_NOTE_CHARS {
            self.fail(
                "note",
                EventProblem::TooLong {
                    max: MAX_NOTE_CHARS,
                },
            );
            None
        } else {
            Some(note.to_string())
        }
    }
}

/// The readers the steps share.
impl<'a> Reader<'a> {
    fn fail(&mut self, field: &'static str, problem: EventProblem) {
        self.errors.push(EventError {
            index: self.index,
            field,
            problem,
        });
    }

    /// The value of a check, or `None` with its error recorded as `problem`.
    fn check<T, E>(
        &mut self,
        field: &'static str,
        result: Result<T, E>,
        problem: impl FnOnce(E) -> EventProblem,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.fail(field, problem(e));
                None
            }
        }
    }

    /// A string field: `None` when absent or null; type errors recorded.
    fn text(
        &mut self,
        object: &'a Map<String, Value>,
        key: &str,
        field: &'static str,
    ) -> Option<&'a str> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(_) => {
                self.fail(
                    field,
                    EventProblem::WrongType {
                        expected: "a string",
                    },
                );
                None
            }
        }
    }

    /// A string field that must be there: absent or null is recorded as missing.
    fn required_text(
        &mut self,
        object: &'a Map<String, Value>,
        key: &str,
        field: &'static str,
    ) -> Option<&'a str> {
        let value = self.text(object, key, field);
        if value.is_none() && object.get(key).is_none_or(Value::is_null) {
            self.fail(field, EventProblem::Missing);
        }
        value
    }

    /// A name: whitespace tidied, blank is absent, longer than `max` characters refused.
    fn name(
        &mut self,
        object: &'a Map<String, Value>,
        key: &str,
        field: &'static str,
        max: usize,
    ) -> Option<String> {
        let text = tidy(self.text(object, key, field)?);
        if text.is_empty() {
            return None;
        }
        if text.chars().count() > max {
            self.fail(field, EventProblem::TooLong { max });
            return None;
        }
        Some(text)
    }

    fn time(
        &mut self,
        object: &'a Map<String, Value>,
        key: &str,
        field: &'static str,
    ) -> Option<Timestamp> {
        let text = self.text(object, key, field)?;
        self.check(field, Timestamp::parse_rfc3339(text), EventProblem::Time)
    }

    /// A nested object of the event (`None` when absent or null; `expected` names its shape
    /// when it is something else).
    fn nested(
        &mut self,
        key: &'static str,
        expected: &'static str,
    ) -> Option<&'a Map<String, Value>> {
        match self.object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Object(nested)) => Some(nested),
            Some(_) => {
                self.fail(key, EventProblem::WrongType { expected });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{full, now};
    use super::*;
    use crate::deadline::ProcessingTimeError;
    use crate::dossier::code::CodeError;
    use serde_json::json;

    #[test]
    fn a_full_event_validates_and_normalises() {
        let e = Event::from_json(0, &full(), now()).unwrap();
        assert_eq!(e.dossier.to_string(), "000.00.06.H56-250310-0001");
        assert_eq!(e.status, Status::PROCESSING);
        assert_eq!(e.procedure_name.as_deref(), Some("Đăng ký khai sinh"));
        assert_eq!(e.note.as_deref(), Some("Đã chuyển phòng Tư pháp"));
        assert_eq!(e.processing_time.unwrap().unit, TimeUnit::WorkingDay);
        // Round trip through the canonical wire form.
        let again = e.to_ingest().validate(0, now()).unwrap();
        assert_eq!(again, e);
    }

    #[test]
    fn minimal_event_with_numeric_status() {
        let v = json!({"id": "x", "dossier": "G22.99-251225-020175", "status": 10, "at": "2025-12-26T01:00:00Z"});
        let now = Timestamp::parse_rfc3339("2025-12-26T09:00:00+07:00").unwrap();
        let e = Event::from_json(3, &v, now).unwrap();
        assert_eq!(e.status, Status::RESULT_DELIVERED);
    }

    #[test]
    fn every_field_reports_its_problem() {
        let v = json!({
            "id": "has space",
            "dossier": "000.00.06.H56-250230-0001",
            "status": "posting",
            "at": "2025-03-10 09:00",
            "procedure": "khai sinh",
            "agency": "H56",
            "received_at": 5,
            "processing_time": {"amount": -1, "unit": "WEEK"},
            "applicant": {"name": "An", "phone_last4": "12 4"},
            "note": "x".repeat(3000)
        });
        let errors = Event::from_json(7, &v, now()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "id",
                "dossier",
                "status",
                "at",
                "procedure",
                "agency",
                "received_at",
                "processing_time.unit",
                "applicant.phone_last4",
                "note"
            ]
        );
        assert!(errors.iter().all(|e| e.index == 7));
        assert_eq!(
            errors[1].problem,
            EventProblem::Code(CodeError::DateNotReal)
        );
        assert!(errors[0].to_string().starts_with("events[7].id:"));
    }

    #[test]
    fn missing_required_fields_and_future_and_order_checks() {
        let errors = Event::from_json(0, &json!({}), now()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["id", "dossier", "status", "at"]);
        assert!(errors.iter().all(|e| e.problem == EventProblem::Missing));

        let mut v = full();
        v["at"] = json!("2025-03-10T12:11:00+07:00");
        let errors = Event::from_json(0, &v, now()).unwrap_err();
        assert_eq!(errors[0].problem, EventProblem::InTheFuture);

        let mut v = full();
        v["appointment_at"] = json!("2025-03-09T08:30:00+07:00");
        let errors = Event::from_json(0, &v, now()).unwrap_err();
        assert_eq!(errors[0].problem, EventProblem::AppointmentBeforeReceipt);

        // Dates outside the window: the far future (year 9999) and before 2000.
        for (field, value, problem) in [
            (
                "received_at",
                "9999-12-31T00:00:00+07:00",
                EventProblem::InTheFuture,
            ),
            (
                "received_at",
                "1999-12-31T23:59:59+07:00",
                EventProblem::BeforeEarliest,
            ),
            (
                "appointment_at",
                "9999-12-31T00:00:00+07:00",
                EventProblem::TooFarAhead,
            ),
            (
                "appointment_at",
                "2031-03-10T08:30:00+07:00",
                EventProblem::TooFarAhead,
            ),
            ("at", "0001-01-01T00:00:00Z", EventProblem::BeforeEarliest),
        ] {
            let mut v = full();
            v[field] = json!(value);
            let errors = Event::from_json(0, &v, now()).unwrap_err();
            assert_eq!(
                errors
                    .iter()
                    .map(|e| (e.field, &e.problem))
                    .collect::<Vec<_>>(),
                [(field, &problem)],
                "{field} {value}"
            );
            assert!(!errors[0].to_string().contains('{'), "{}", errors[0]);
        }
        // Inside the window: the earliest instant, an appointment four years ahead.
        let mut v = full();
        v["at"] = json!("2000-01-01T00:00:00+07:00");
        v["received_at"] = json!("2000-01-01T00:00:00+07:00");
        v["appointment_at"] = json!("2029-03-10T08:30:00+07:00");
        assert!(Event::from_json(0, &v, now()).is_ok());

        let mut v = full();
        v["processing_time"] = json!({"amount": 1.5, "unit": "MONTH"});
        let errors = Event::from_json(0, &v, now()).unwrap_err();
        assert_eq!(
            errors[0].problem,
            EventProblem::ProcessingTime(ProcessingTimeError::FractionalCalendarUnit)
        );
        assert_eq!(
            Event::from_json(0, &json!([1]), now()).unwrap_err()[0].problem,
            EventProblem::NotAnObject
        );
    }
}
