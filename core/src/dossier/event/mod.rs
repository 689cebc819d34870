//! Status events from one-stop systems: the domain [`Event`], its [`wire`] shape
//! ([`IngestEvent`]), the [`reader`] that validates one event object into it with per-field
//! [`problem`]s, and the all-or-nothing batch validator ([`validate`]).

mod problem;
mod reader;
mod validate;
mod wire;

pub use problem::{EventError, EventProblem};
pub use reader::{EARLIEST_EVENT_TIME, MAX_APPOINTMENT_YEARS, MAX_FUTURE_SKEW_SECONDS};
pub use validate::{
    validate_batch, BatchError, MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH, MAX_REPORTED_PROBLEMS,
};
pub use wire::{IngestApplicant, IngestBatch, IngestEvent, IngestProcessingTime};

use super::code::{AgencyId, DossierCode};
use super::privacy::mask_name;
use super::status::Status;
use crate::deadline::{ProcessingTime, Timestamp};
use serde_json::Value;

/// The applicant as an event carries it. In stored history the name is already masked and the
/// phone digits are gone (see [`Event::redacted`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub name: Option<String>,
    pub phone_last4: Option<String>,
}

/// A validated event ([`Event::from_json`] reads one).
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

impl Event {
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

/// An event with every field set, and the clock the tests validate it against.
#[cfg(test)]
mod fixtures {
    use crate::deadline::Timestamp;
    use serde_json::{json, Value};

    pub fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2025-03-10T12:00:00+07:00").unwrap()
    }

    pub fn full() -> Value {
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
}

#[cfg(test)]
mod tests {
    use super::fixtures::{full, now};
    use super::*;

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
}
