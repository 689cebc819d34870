//! The procedure catalog: the canonical [`model`], streaming [`import`]ers and the versioned
//! artefact the edge and widget load.

pub mod clean;
pub mod import;
mod labels;
pub mod model;

pub use model::{
    Channel, Document, Fee, FeeKind, Field, Form, LegalBasis, Level, OnlineLevel, Procedure,
    ProcedureResult, ProcessingTime, Summary, TimeUnit, Way,
};
