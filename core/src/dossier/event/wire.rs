//! The wire shape of events, as one-stop systems send them (and as the CLI generates them):
//! plain serde types with every field as sent. [`IngestEvent::validate`] turns one into an
//! [`Event`].

use super::problem::EventError;
use super::Event;
use crate::deadline::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// The request body shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestBatch {
    pub events: Vec<IngestEvent>,
}

impl IngestEvent {
    /// Validates this event as if it were at `index` in a batch.
    pub fn validate(&self, index: usize, now: Timestamp) -> Result<Event, Vec<EventError>> {
        let value = serde_json::to_value(self).unwrap_or(Value::Null);
        Event::from_json(index, &value, now)
    }
}
