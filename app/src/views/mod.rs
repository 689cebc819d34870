//! One module per view (search with its procedure detail, dossier status), and the pieces they
//! share, each named for what it holds.

pub(crate) mod a11y;
pub mod detail;
mod facts;
mod loading;
pub mod search;
pub mod status;
