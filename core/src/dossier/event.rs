//! Status events from one-stop systems: the JSON shape ([`IngestEvent`]), validation into a
//! typed [`Event`] with per-field errors, and the all-or-nothing batch validator.

use super::code::{AgencyId, CodeError, DossierCode};
use super::privacy::{mask_name, validate_last4, Last4Error};
use super::status::{Status, StatusError};
use crate::deadline::{ProcessingTime, ProcessingTimeError, TimeError, TimeUnit, Timestamp};
use crate::messages::{Dossier, Lang, Message};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// Most events accepted in one POST. Each event is two D1 statements in one batch, and a Worker
/// invocation may run at most 1,000 D1 queries (paid plan): 200 events stay well inside it.
pub const MAX_EVENTS_PER_BATCH: usize = 200;
/// Largest request body accepted, in bytes (check `Content-Length` and the read body).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
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
/// Most problems listed in a rejection (the batch is rejected as a whole anyway).
pub const MAX_REPORTED_PROBLEMS: usize = 100;

const MAX_ID_LEN: usize = 128;
/// Real procedure names reach 1,192 characters (Gia Lai's list; 1,094 in the national crawl).
const MAX_NAME_CHARS: usize = 2000;
const MAX_NOTE_CHARS: usize = 2000;
const MAX_PROCEDURE_CODE_LEN: usize = 40;

/// The wire shape of one event, as the one-stop system sends it (and as the CLI generates it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestEvent {
    /// Unique per event across all senders (e.g. `<system>:<dossier>:<sequence>` or a UUID).
    pub id: String,
    /// The dossier code (mã hồ sơ).
    pub dossier: String,
    /// 1–10, or a national portal status string (`processing`), or a known label.
    pub status: Value,
    /// When the status took effect, RFC 3339.
    pub at: String,
    /// Procedure (TTHC) code, e.g. `1.001193`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure_name: Option<String>,
    /// Agency electronic identifier, e.g. `000.00.06.H56`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
    /// The appointment (ngày hẹn trả); a later value on a later event is an apology with a new
    /// date (phiếu xin lỗi và hẹn lại ngày trả).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processing_time: Option<IngestProcessingTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant: Option<IngestApplicant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestProcessingTime {
    pub amount: f64,
    /// WORKING_DAY, DAY, HOUR, MONTH or YEAR.
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestApplicant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_last4: Option<String>,
}

/// The applicant as an event carries it. In stored history the name is already masked and the
/// phone digits are gone (see [`Event::redacted`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub name: Option<String>,
    pub phone_last4: Option<String>,
}

/// A validated event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub dossier: DossierCode,
    pub status: Status,
    pub at: Timestamp,
    pub procedure: Option<String>,
    pub procedure_name: Option<String>,
    pub agency: Option<AgencyId>,
    pub agency_name: Option<String>,
    pub received_at: Option<Timestamp>,
    pub appointment_at: Option<Timestamp>,
    pub processing_time: Option<ProcessingTime>,
    pub applicant: Option<Applicant>,
    pub note: Option<String>,
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq)]
pub enum EventProblem {
    NotAnObject,
    Missing,
    WrongType {
        expected: &'static str,
    },
    Empty,
    TooLong {
        max: usize,
    },
    /// Ids are printable, without spaces or control characters.
    BadId,
    Code(CodeError),
    Agency(CodeError),
    Status(StatusError),
    Time(TimeError),
    /// More than [`MAX_FUTURE_SKEW_SECONDS`] ahead of the server clock.
    InTheFuture,
    /// Before [`EARLIEST_EVENT_TIME`].
    BeforeEarliest,
    /// An appointment more than [`MAX_APPOINTMENT_YEARS`] ahead of the server clock.
    TooFarAhead,
    /// Not a procedure code like `1.001193` or `1.012753.H19`.
    ProcedureCode,
    UnknownUnit,
    ProcessingTime(ProcessingTimeError),
    Last4(Last4Error),
    AppointmentBeforeReceipt,
    /// The same id twice in the batch with different content.
    ConflictingDuplicateId {
        first_index: usize,
    },
}

impl fmt::Display for EventProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventProblem::NotAnObject => f.write_str("each event must be a JSON object"),
            EventProblem::Missing => f.write_str("required"),
            EventProblem::WrongType { expected } => write!(f, "must be {expected}"),
            EventProblem::Empty => f.write_str("must not be empty"),
            EventProblem::TooLong { max } => write!(f, "longer than {max} characters"),
            EventProblem::BadId => f.write_str("ids are printable characters without spaces"),
            EventProblem::Code(e) | EventProblem::Agency(e) => e.fmt(f),
            EventProblem::Status(e) => e.fmt(f),
            EventProblem::Time(e) => e.fmt(f),
            EventProblem::InTheFuture => write!(
                f,
                "more than {MAX_FUTURE_SKEW_SECONDS} s in the future; check the sender's clock"
            ),
            EventProblem::BeforeEarliest => f.write_str(&Dossier::EventBeforeEarliest.fill(
                Lang::En,
                &[("earliest", &EARLIEST_EVENT_TIME.to_rfc3339_vn())],
            )),
            EventProblem::TooFarAhead => f.write_str(
                &Dossier::EventTooFarAhead.fill(Lang::En, &[("years", &MAX_APPOINTMENT_YEARS)]),
            ),
            EventProblem::ProcedureCode => {
                f.write_str("not a procedure code such as 1.001193 or 1.012753.H19")
            }
            EventProblem::UnknownUnit => {
                f.write_str("unit must be WORKING_DAY, DAY, HOUR, MONTH or YEAR")
            }
            EventProblem::ProcessingTime(e) => e.fmt(f),
            EventProblem::Last4(e) => e.fmt(f),
            EventProblem::AppointmentBeforeReceipt => {
                f.write_str("appointment_at is before received_at")
            }
            EventProblem::ConflictingDuplicateId { first_index } => write!(
                f,
                "the same id is used by event {first_index} with different content"
            ),
        }
    }
}

/// One problem: which event (index in the batch), which field, what.
#[derive(Debug, Clone, PartialEq)]
pub struct EventError {
    pub index: usize,
    /// JSON path inside the event, e.g. `status`, `applicant.phone_last4`.
    pub field: &'static str,
    pub problem: EventProblem,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "events[{}].{}: {}", self.index, self.field, self.problem)
    }
}

impl std::error::Error for EventError {}

/// Why a whole batch was refused. Nothing from a refused batch may be stored.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchError {
    BodyTooLarge {
        bytes: usize,
        max: usize,
    },
    /// Not JSON (the parser's message, without the body).
    NotJson(String),
    /// JSON, but not `{"events": [...]}`.
    NoEventsArray,
    Empty,
    TooManyEvents {
        count: usize,
        max: usize,
    },
    /// At least one event is invalid; up to [`MAX_REPORTED_PROBLEMS`] problems listed.
    Invalid(Vec<EventError>),
}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::BodyTooLarge { bytes, max } => {
                write!(f, "body of {bytes} bytes exceeds {max}")
            }
            BatchError::NotJson(msg) => write!(f, "body is not JSON: {msg}"),
            BatchError::NoEventsArray => f.write_str(r#"body must be {"events": [...]}"#),
            BatchError::Empty => f.write_str("the events array is empty"),
            BatchError::TooManyEvents { count, max } => {
                write!(f, "{count} events exceed the limit of {max} per batch")
            }
            BatchError::Invalid(errors) => {
                write!(f, "{} invalid field(s)", errors.len())?;
                for e in errors.iter().take(3) {
                    write!(f, "; {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BatchError {}

/// Collapses runs of whitespace (real names carry tabs and line breaks) and trims.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Reader<'a> {
    index: usize,
    object: &'a Map<String, Value>,
    errors: Vec<EventError>,
}

impl<'a> Reader<'a> {
    fn fail(&mut self, field: &'static str, problem: EventProblem) {
        self.errors.push(EventError {
            index: self.index,
            field,
            problem,
        });
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

    fn required_text(&mut self, key: &str, field: &'static str) -> Option<&'a str> {
        let value = self.text(self.object, key, field);
        if value.is_none() && self.object.get(key).is_none_or(Value::is_null) {
            self.fail(field, EventProblem::Missing);
        }
        value
    }

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
        match Timestamp::parse_rfc3339(text) {
            Ok(t) => Some(t),
            Err(e) => {
                self.fail(field, EventProblem::Time(e));
                None
            }
        }
    }
}

impl Reader<'_> {
    /// `t` when it lies between [`EARLIEST_EVENT_TIME`] and `latest` (Unix seconds); otherwise
    /// records `too_late` or [`EventProblem::BeforeEarliest`] for `field`.
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
}

fn is_procedure_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() <= MAX_PROCEDURE_CODE_LEN
        && b.len() >= 3
        && b[0].is_ascii_digit()
        && b[1] == b'.'
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'-')
        && !code.ends_with('.')
        && !code.contains("..")
}

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

        let id = r.required_text("id", "id").map(str::trim).and_then(|id| {
            if id.is_empty() {
                r.fail("id", EventProblem::Empty);
                None
            } else if id.len() > MAX_ID_LEN {
                r.fail("id", EventProblem::TooLong { max: MAX_ID_LEN });
                None
            } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                r.fail("id", EventProblem::BadId);
                None
            } else {
                Some(id.to_string())
            }
        });
        let dossier =
            r.required_text("dossier", "dossier")
                .and_then(|text| match DossierCode::parse(text) {
                    Ok(code) => Some(code),
                    Err(e) => {
                        r.fail("dossier", EventProblem::Code(e));
                        None
                    }
                });
        let status = match object.get("status") {
            None | Some(Value::Null) => {
                r.fail("status", EventProblem::Missing);
                None
            }
            Some(v) => match Status::from_json(v) {
                Ok(s) => Some(s),
                Err(e) => {
                    r.fail("status", EventProblem::Status(e));
                    None
                }
            },
        };
        let at = if r.required_text("at", "at").is_some() {
            r.time(object, "at", "at")
        } else {
            None
        };
        let at = r.within(
            "at",
            at,
            now.0 + MAX_FUTURE_SKEW_SECONDS,
            EventProblem::InTheFuture,
        );

        let procedure = r
            .text(object, "procedure", "procedure")
            .map(str::trim)
            .and_then(|code| {
                if code.is_empty() {
                    None
                } else if is_procedure_code(code) {
                    Some(code.to_string())
                } else {
                    r.fail("procedure", EventProblem::ProcedureCode);
                    None
                }
            });
        let procedure_name = r.name(object, "procedure_name", "procedure_name", MAX_NAME_CHARS);
        let agency = r.text(object, "agency", "agency").and_then(|text| {
            if text.trim().is_empty() {
                return None;
            }
            match AgencyId::parse(text) {
                Ok(a) => Some(a),
                Err(e) => {
                    r.fail("agency", EventProblem::Agency(e));
                    None
                }
            }
        });
        let agency_name = r.name(object, "agency_name", "agency_name", MAX_NAME_CHARS);
        // Dates outside a sane window are refused, not shown mis-converted to citizens.
        let received_at = r.time(object, "received_at", "received_at");
        let received_at = r.within(
            "received_at",
            received_at,
            now.0 + MAX_FUTURE_SKEW_SECONDS,
            EventProblem::InTheFuture,
        );
        let appointment_at = r.time(object, "appointment_at", "appointment_at");
        let appointment_at = r.within(
            "appointment_at",
            appointment_at,
            now.0 + MAX_APPOINTMENT_AHEAD_SECONDS,
            EventProblem::TooFarAhead,
        );
        if let (Some(received), Some(appointment)) = (received_at, appointment_at) {
            if appointment < received {
                r.fail("appointment_at", EventProblem::AppointmentBeforeReceipt);
            }
        }

        let processing_time = match object.get("processing_time") {
            None | Some(Value::Null) => None,
            Some(Value::Object(pt)) => {
                let amount = match pt.get("amount") {
                    Some(Value::Number(n)) => n.as_f64(),
                    None | Some(Value::Null) => {
                        r.fail("processing_time.amount", EventProblem::Missing);
                        None
                    }
                    Some(_) => {
                        r.fail(
                            "processing_time.amount",
                            EventProblem::WrongType {
                                expected: "a number",
                            },
                        );
                        None
                    }
                };
                let unit = match r.text(pt, "unit", "processing_time.unit") {
                    Some(u) => match TimeUnit::parse(u) {
                        Some(unit) => Some(unit),
                        None => {
                            r.fail("processing_time.unit", EventProblem::UnknownUnit);
                            None
                        }
                    },
                    None => {
                        if pt.get("unit").is_none_or(Value::is_null) {
                            r.fail("processing_time.unit", EventProblem::Missing);
                        }
                        None
                    }
                };
                match (amount, unit) {
                    (Some(amount), Some(unit)) => match ProcessingTime::new(amount, unit) {
                        Ok(pt) => Some(pt),
                        Err(e) => {
                            r.fail("processing_time.amount", EventProblem::ProcessingTime(e));
                            None
                        }
                    },
                    _ => None,
                }
            }
            Some(_) => {
                r.fail(
                    "processing_time",
                    EventProblem::WrongType {
                        expected: "an object {amount, unit}",
                    },
                );
                None
            }
        };

        let applicant = match object.get("applicant") {
            None | Some(Value::Null) => None,
            Some(Value::Object(a)) => {
                let name = r.name(a, "name", "applicant.name", 200);
                let phone_last4 = r
                    .text(a, "phone_last4", "applicant.phone_last4")
                    .and_then(|p| match validate_last4(p) {
                        Ok(()) => Some(p.to_string()),
                        Err(e) => {
                            r.fail("applicant.phone_last4", EventProblem::Last4(e));
                            None
                        }
                    });
                if name.is_none() && phone_last4.is_none() {
                    None
                } else {
                    Some(Applicant { name, phone_last4 })
                }
            }
            Some(_) => {
                r.fail(
                    "applicant",
                    EventProblem::WrongType {
                        expected: "an object {name, phone_last4}",
                    },
                );
                None
            }
        };
        let note = r.text(object, "note", "note").and_then(|n| {
            let n = n.trim();
            if n.is_empty() {
                None
            } else if n.chars().count() > MAX_NOTE_CHARS {
                r.fail(
                    "note",
                    EventProblem::TooLong {
                        max: MAX_NOTE_CHARS,
                    },
                );
                None
            } else {
                Some(n.to_string())
            }
        });

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

    /// The canonical wire form (status as its code, times in +07:00).
    pub fn to_ingest(&self) -> IngestEvent {
        IngestEvent {
            id: self.id.clone(),
            dossier: self.dossier.to_string(),
            status: Value::from(self.status.code()),
            at: self.at.to_rfc3339_vn(),
            procedure: self.procedure.clone(),
            procedure_name: self.procedure_name.clone(),
            agency: self.agency.as_ref().map(ToString::to_string),
            agency_name: self.agency_name.clone(),
            received_at: self.received_at.map(Timestamp::to_rfc3339_vn),
            appointment_at: self.appointment_at.map(Timestamp::to_rfc3339_vn),
            processing_time: self.processing_time.map(|pt| IngestProcessingTime {
                amount: pt.amount,
                unit: pt.unit.as_str().to_string(),
            }),
            applicant: self.applicant.as_ref().map(|a| IngestApplicant {
                name: a.name.clone(),
                phone_last4: a.phone_last4.clone(),
            }),
            note: self.note.clone(),
        }
    }

    /// The event as it may be stored: applicant name masked, phone digits removed.
    pub fn redacted(&self) -> Event {
        let mut event = self.clone();
        event.applicant = self.applicant.as_ref().and_then(|a| {
            a.name.as_deref().map(|name| Applicant {
                name: Some(mask_name(name)),
                phone_last4: None,
            })
        });
        event
    }

    /// The JSON stored in `dossier_events.payload`: the redacted canonical form.
    pub fn stored_payload(&self) -> String {
        serde_json::to_string(&self.redacted().to_ingest()).unwrap_or_default()
    }

    /// Reads a stored payload back (history rows). `None` if the row is unreadable.
    pub fn from_stored_payload(payload: &str) -> Option<Event> {
        let value: Value = serde_json::from_str(payload).ok()?;
        // Stored events were valid when stored; the clock check does not apply to history.
        Event::from_json(0, &value, Timestamp(i64::MAX / 2)).ok()
    }
}

impl IngestEvent {
    /// Validates this event as if it were at `index` in a batch.
    pub fn validate(&self, index: usize, now: Timestamp) -> Result<Event, Vec<EventError>> {
        let value = serde_json::to_value(self).unwrap_or(Value::Null);
        Event::from_json(index, &value, now)
    }
}

/// The request body shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestBatch {
    pub events: Vec<IngestEvent>,
}

/// Validates a whole request body: size, shape, count, then every event. All or nothing: any
/// invalid event rejects the batch with the list of problems. Events repeated with identical
/// content within the batch are kept once.
pub fn validate_batch(body: &[u8], now: Timestamp) -> Result<Vec<Event>, BatchError> {
    if body.len() > MAX_BODY_BYTES {
        return Err(BatchError::BodyTooLarge {
            bytes: body.len(),
            max: MAX_BODY_BYTES,
        });
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| BatchError::NotJson(format!("line {} column {}", e.line(), e.column())))?;
    let Some(Value::Array(items)) = value.get("events") else {
        return Err(BatchError::NoEventsArray);
    };
    if items.is_empty() {
        return Err(BatchError::Empty);
    }
    if items.len() > MAX_EVENTS_PER_BATCH {
        return Err(BatchError::TooManyEvents {
            count: items.len(),
            max: MAX_EVENTS_PER_BATCH,
        });
    }
    let mut events: Vec<(usize, Event)> = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match Event::from_json(index, item, now) {
            Ok(event) => match events.iter().find(|(_, e)| e.id == event.id) {
                Some((first, existing)) if *existing != event => errors.push(EventError {
                    index,
                    field: "id",
                    problem: EventProblem::ConflictingDuplicateId {
                        first_index: *first,
                    },
                }),
                Some(_) => {}
                None => events.push((index, event)),
            },
            Err(mut e) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(events.into_iter().map(|(_, e)| e).collect())
    } else {
        errors.truncate(MAX_REPORTED_PROBLEMS);
        Err(BatchError::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2025-03-10T12:00:00+07:00").unwrap()
    }

    fn full() -> Value {
        json!({
            "id": "igate:1",
            "dossier": "000.00.06.h56 – 250310 – 0001",
            "status": "processing",
            "at": "2025-03-10T09:00:00+07:00",
            "procedure": "1.001193",
            "procedure_name": "Đăng ký\tkhai sinh\n",
            "agency": "000.00.06.H56",
            "agency_name": "Trung tâm Phục vụ hành chính công tỉnh",
            "received_at": "2025-03-10T08:30:00+07:00",
            "appointment_at": "2025-03-13T08:30:00+07:00",
            "processing_time": {"amount": 3, "unit": "working_day"},
            "applicant": {"name": "Nguyễn Văn An", "phone_last4": "1234"},
            "note": " Đã chuyển phòng Tư pháp "
        })
    }

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
    fn stored_payloads_carry_no_phone_and_a_masked_name() {
        let e = Event::from_json(0, &full(), now()).unwrap();
        let payload = e.stored_payload();
        assert!(!payload.contains("1234"), "{payload}");
        assert!(!payload.contains("Văn An"), "{payload}");
        assert!(payload.contains("Nguyễn V. A."));
        let back = Event::from_stored_payload(&payload).unwrap();
        assert_eq!(back, e.redacted());
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

    #[test]
    fn batches_are_all_or_nothing() {
        let good = full();
        let mut bad = full();
        bad["id"] = json!("igate:2");
        bad["status"] = json!(11);
        let body = serde_json::to_vec(&json!({"events": [good, bad]})).unwrap();
        match validate_batch(&body, now()) {
            Err(BatchError::Invalid(errors)) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].index, 1);
                assert_eq!(errors[0].field, "status");
            }
            other => panic!("{other:?}"),
        }
        let body = serde_json::to_vec(&json!({"events": [full(), full()]})).unwrap();
        assert_eq!(
            validate_batch(&body, now()).unwrap().len(),
            1,
            "identical repeat kept once"
        );
        let mut changed = full();
        changed["status"] = json!(5);
        let body = serde_json::to_vec(&json!({"events": [full(), changed]})).unwrap();
        assert!(matches!(
            validate_batch(&body, now()),
            Err(BatchError::Invalid(e)) if e[0].problem == EventProblem::ConflictingDuplicateId { first_index: 0 }
        ));
    }

    #[test]
    fn batch_limits() {
        assert!(matches!(
            validate_batch(b"{", now()),
            Err(BatchError::NotJson(_))
        ));
        assert_eq!(validate_batch(b"[]", now()), Err(BatchError::NoEventsArray));
        assert_eq!(
            validate_batch(br#"{"events":{}}"#, now()),
            Err(BatchError::NoEventsArray)
        );
        assert_eq!(
            validate_batch(br#"{"events":[]}"#, now()),
            Err(BatchError::Empty)
        );
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert!(matches!(
            validate_batch(&big, now()),
            Err(BatchError::BodyTooLarge { .. })
        ));
        let many: Vec<Value> = (0..=MAX_EVENTS_PER_BATCH)
            .map(|i| {
                let mut e = full();
                e["id"] = json!(format!("e{i}"));
                e
            })
            .collect();
        let body = serde_json::to_vec(&json!({ "events": many })).unwrap();
        assert_eq!(
            validate_batch(&body, now()),
            Err(BatchError::TooManyEvents {
                count: MAX_EVENTS_PER_BATCH + 1,
                max: MAX_EVENTS_PER_BATCH
            })
        );
    }
}
