//! What can be wrong with one field of one event. These texts are English: integrators read
//! them (in a refusal's `errors` list, and in the CLI), citizens never do.

use super::reader::{EARLIEST_EVENT_TIME, MAX_APPOINTMENT_YEARS, MAX_FUTURE_SKEW_SECONDS};
use crate::catalog::code::ProcedureCodeError;
use crate::deadline::{ProcessingTimeError, TimeError};
use crate::dossier::code::CodeError;
use crate::dossier::privacy::Last4Error;
use crate::dossier::status::StatusError;
use crate::messages::{Dossier, Lang, Message};
use std::fmt;

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
    ProcedureCode(ProcedureCodeError),
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
            EventProblem::ProcedureCode(_) => {
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
