//! The procedure catalog: the canonical [`model`], procedure [`code`]s, streaming
//! [`import`]ers, the versioned [`artefact`], what makes it unpublishable ([`check`]) and its
//! [`kv`] layout.

pub mod artefact;
pub mod check;
pub mod clean;
pub mod code;
pub mod import;
pub mod kv;
mod labels;
pub mod model;

pub use artefact::{Artefact, ArtefactError, Counts, FORMAT_VERSION};
pub use code::{ProcedureCode, ProcedureCodeError};
pub use import::{CatalogBuilder, ImportReport, Issue, IssueKind, Position, Severity, SourceKind};
pub use model::{
    Channel, Document, Fee, FeeKind, Field, Form, LegalBasis, Level, OnlineLevel, Procedure,
    ProcedureResult, ProcessingTime, Summary, TimeUnit, Way,
};
