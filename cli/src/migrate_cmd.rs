//! `cqlbridge migrate …` and `cqlbridge makemigration`: versioned
//! migrations ([`cqlbridge::schema::migrate`]).

use clap::{Args, Subcommand};

use crate::args::Cli;
use crate::failure::Failure;

/// `cqlbridge migrate` and its subcommands.
#[derive(Debug, Args)]
pub(crate) struct MigrateArgs {
    /// What to do with the migrations.
    #[command(subcommand)]
    pub(crate) action: MigrateAction,
}

/// The `migrate` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum MigrateAction {}

/// Runs `cqlbridge migrate …`.
pub(crate) fn run(_cli: &Cli, args: &MigrateArgs) -> Result<(), Failure> {
    match args.action {}
}
