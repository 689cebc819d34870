//! One module per subcommand; each has `Args` (clap) and `run`.

pub mod dossiers;
pub mod import;
pub mod kv;
pub mod publish;
pub mod search;
pub mod stats;
pub mod validate;
pub mod versions;

/// What a subcommand returns on failure; printed once by `main`.
pub type CommandResult = Result<(), Box<dyn std::error::Error>>;
