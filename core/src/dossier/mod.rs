//! Dossiers (hồ sơ): codes, the ten statuses, ingestion events and their validation, the
//! state machine, request signatures, privacy (masked names, phone verifiers), the lookup
//! decision and its view, and the D1 statements. The edge Worker and the widget are thin shells over this module.
//!
//! Ingest, as the edge runs it:
//! 1. [`verify`] the signature headers against the raw body (`INGEST_SECRET`);
//! 2. [`validate_batch`] the body (all or nothing);
//! 3. for each event, [`store::ingest_statements_reporting`] → one D1 batch (transaction);
//!    [`store::IngestOutcome::count`] reads each event's fate from the results.
//!
//! Lookup: [`DossierCode::parse`] → [`store::lookup_reads`] (or [`store::decoy_reads`] for a
//! malformed code), with [`store::count_verify_attempt`] in the same batch when verifying →
//! [`lookup::needs_refresh`] (pull from upstream) → [`lookup::decide`] → its write-back and its
//! answer (a [`DossierView`] showing what the caller may see, or not found, locked,
//! unavailable).

pub mod attempts;
mod code;
mod event;
pub mod lookup;
mod privacy;
mod signature;
mod state;
mod status;
pub mod store;
mod view;

pub use attempts::{AttemptRow, AttemptVerdict, Scope, Tier, VerifyPolicy, VERIFY_POLICY};
pub use code::{AgencyError, AgencyId, CodeError, DossierCode, SEQUENCE_DIGITS};
pub use event::{
    validate_batch, Applicant, BatchError, Event, EventError, EventProblem, IngestApplicant,
    IngestBatch, IngestEvent, IngestProcessingTime, EARLIEST_EVENT_TIME, MAX_APPOINTMENT_YEARS,
    MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH, MAX_FUTURE_SKEW_SECONDS, MAX_REPORTED_PROBLEMS,
};
pub use privacy::{check_verifier, mask_name, validate_last4, verifier_hash, Last4Error};
pub use signature::{
    sign, verify, verify_rotating, SecretUsed, SignatureError, SIGNATURE_HEADER,
    SIGNATURE_WINDOW_SECONDS, TIMESTAMP_HEADER,
};
pub use state::{decide, fold, merge, ApplyContext, Decision, DossierState, EventKey};
pub use status::{check_status_tables, Status, StatusError, StatusInfo, StatusTableError};
pub use view::{
    AgencyView, ApplicantView, DossierView, ProcedureView, Staleness, StatusView, TimelineEntry,
    Verification,
};
