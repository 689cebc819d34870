//! The procedure catalog: the canonical [`model`], procedure [`code`]s, streaming
//! [`import`]ers, the versioned [`artefact`], what makes it unpublishable ([`check`]) and its
//! [`kv`] layout. After merging, the importers shape documents as a [`checklist`], merge
//! [`legal`] basis lines, mark [`duplicates`] and fit agency names to the catalog's
//! [`province`].

pub mod artefact;
pub mod check;
pub mod checklist;
pub mod clean;
pub mod code;
pub mod duplicates;
pub mod import;
pub mod kv;
mod labels;
pub mod legal;
pub mod model;
pub mod province;

pub use artefact::{Artefact, ArtefactError, Counts, FORMAT_VERSION};
pub use code::{ProcedureCode, ProcedureCodeError};
pub use import::{
    CatalogBuilder, CatalogReport, ImportReport, Issue, IssueKind, Position, ProvinceChoice,
    Severity, SourceKind,
};
pub use model::{
    Channel, Document, DocumentNote, Fee, FeeKind, Field, FilledPart, Form, LegalBasis, Level,
    OnlineLevel, Procedure, ProcedureResult, ProcessingTime, Summary, TimeUnit, Way,
};
