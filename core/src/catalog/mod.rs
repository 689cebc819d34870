//! The procedure catalog: the canonical [`model`], streaming importers and the versioned
//! artefact the edge and widget load.

pub mod model;

pub use model::{
    Channel, Document, Fee, FeeKind, Field, Form, LegalBasis, Level, OnlineLevel, Procedure,
    ProcedureResult, ProcessingTime, Summary, TimeUnit, Way,
};
