//! (being written)

use super::CommandResult;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> CommandResult {
    Err("not built yet".into())
}
