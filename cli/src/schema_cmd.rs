//! `cqlbridge schema …`: the live schema, described and diffed against CQL
//! files ([`cqlbridge::schema`]).

use clap::{Args, Subcommand};

use crate::args::Cli;
use crate::failure::Failure;

/// `cqlbridge schema` and its subcommands.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// What to do with the schema.
    #[command(subcommand)]
    pub(crate) action: SchemaAction,
}

/// The `schema` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum SchemaAction {}

/// Runs `cqlbridge schema …`.
pub(crate) fn run(_cli: &Cli, args: &SchemaArgs) -> Result<(), Failure> {
    match args.action {}
}
