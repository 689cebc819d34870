//! Dossiers (hồ sơ): codes, the ten statuses, ingestion events and their validation, the
//! state machine, request signatures, privacy (masked names, phone verifiers), the lookup view
//! and the D1 statements. The edge Worker and the widget are thin shells over this module.
//!
//! Ingest, as the edge runs it:
//! 1. [`verify`] the signature headers against the raw body (`INGEST_SECRET`);
//! 2. [`validate_batch`] the body (all or nothing);
//! 3. for each event, [`store::ingest_statements`] → one D1 batch (transaction);
//!    `meta.changes == 0` on the first statement of a pair = duplicate.
//!
//! Lookup: [`DossierCode::parse`] → [`store::select_state`] + [`store::select_history`] →
//! [`DossierView::build`].

mod code;
mod event;
mod privacy;
mod signature;
mod state;
mod status;
pub mod store;
mod view;

pub use code::{AgencyError, AgencyId, CodeError, DossierCode, SEQUENCE_DIGITS};
pub use event::{
    validate_batch, Applicant, BatchError, Event, EventError, EventProblem, IngestApplicant,
    IngestBatch, IngestEvent, IngestProcessingTime, MAX_BODY_BYTES, MAX_EVENTS_PER_BATCH,
    MAX_FUTURE_SKEW_SECONDS, MAX_REPORTED_PROBLEMS,
};
pub use privacy::{
    check_verifier, mask_name, validate_last4, verifier_hash, Last4Error, VerifyLockPolicy,
    VERIFY_LOCK,
};
pub use signature::{
    sign, verify, SignatureError, SIGNATURE_HEADER, SIGNATURE_WINDOW_SECONDS, TIMESTAMP_HEADER,
};
pub use state::{decide, fold, merge, ApplyContext, Decision, DossierState, EventKey};
pub use status::{check_status_tables, Status, StatusError, StatusInfo, StatusTableError};
pub use view::{
    AgencyView, ApplicantView, DossierView, ProcedureView, Staleness, StatusView, TimelineEntry,
    Verification,
};
