//! Streaming importers. Each reads its source record by record from `&str` or `BufRead`
//! (core does no file I/O), turns every good record into a [`Procedure`] and hands it to a
//! [`CatalogBuilder`], which merges records that share a code. A bad record becomes an
//! [`Issue`] with its position and never stops the others.
//!
//! - [`portal_api`]: the national portal's API JSON (detail and list objects) and summary lists;
//! - [`crawl`]: the flattened crawl of the portal's detail pages (JSON lines);
//! - [`table`]: the portal's spreadsheet export and CSV.
//!
//! [`Procedure`]: super::Procedure

mod builder;
pub mod crawl;
pub mod portal_api;
mod record;
mod report;
pub mod table;

pub use builder::{merge_into, CatalogBuilder, CatalogReport, ProvinceChoice};
pub use report::{ImportReport, Issue, IssueKind, Position, Severity};

/// Which importer a record came from. The order is the merge priority: when two records of
/// the same code both state a field, the richer source's value is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// A spreadsheet / CSV row: code, name, agencies, field.
    Table,
    /// A list (summary) object of the national portal.
    PortalSummary,
    /// The flattened crawl of detail pages.
    Crawl,
    /// A detail object of the national portal's API.
    PortalDetail,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Table => "table",
            SourceKind::PortalSummary => "portal_summary",
            SourceKind::Crawl => "crawl",
            SourceKind::PortalDetail => "portal_detail",
        }
    }
}
