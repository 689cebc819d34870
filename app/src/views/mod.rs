//! One module per view (search with its procedure detail, dossier status), and the pieces they
//! share, each named for what it holds.

pub(crate) mod a11y;
mod checklist;
pub mod detail;
mod device;
mod facts;
pub mod filters;
mod loading;
pub mod on_demand;
pub mod results;
pub mod search;
mod share;
pub(crate) mod staged;
pub mod status;
mod voice;
