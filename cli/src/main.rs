//! `cqlbridge`: CQL from the command line, over either cqlbridge backend
//! (`--backend scylla|cpp`).
//!
//! - `cqlbridge query "CQL" [--format table|json|csv]` prints the rows of
//!   one statement: an aligned table, JSON lines, or CSV (RFC 4180 quoting);
//! - `cqlbridge exec -f FILE` runs a script's statements in order (split on
//!   `;` outside quotes and comments) and stops at the first error, naming
//!   the line its statement starts on;
//! - `cqlbridge scan KEYSPACE.TABLE [--columns a,b] [--ranges N]
//!   [--concurrency N] [--rate R] [--checkpoint FILE] [--resume]
//!   [--shard I/N] [--out json|csv|count]` reads every row by token range
//!   ([`cqlbridge::scan`]), with a progress bar on stderr when it is a
//!   terminal, and a closing summary;
//! - `cqlbridge schema describe [KS]` and `cqlbridge schema diff FILE`
//!   ([`cqlbridge::schema`]): the live schema as CQL, and the changes to a
//!   file's (exit 0: none, 1: changes);
//! - `cqlbridge migrate status|apply|rollback|dry-run` and
//!   `cqlbridge makemigration --name NAME FILE`: versioned migrations
//!   ([`cqlbridge::schema::migrate`]).
//!
//! Configuration comes from `--url cql://…`, else the `CQLBRIDGE_*`
//! environment ([`cqlbridge::Config::from_env`]); `--backend` overrides
//! either.
//!
//! # Exit codes
//!
//! - `0`: success;
//! - `1`: a CQL or server error (syntax, invalid query, an unknown
//!   keyspace, table or column, unavailable, timeout, no connection);
//! - `2`: a usage or configuration error (bad flags, a bad URL or
//!   environment, an unreadable file, a rate of 0, a shard out of range, an
//!   existing checkpoint without `--resume`, an unreadable or mismatched
//!   checkpoint);
//! - `130`: interrupted by SIGINT (Ctrl-C); `scan` flushes what it printed
//!   and writes its checkpoint before it exits, so `--resume` continues
//!   with the next row.
//!
//! Nothing it prints holds control characters when stdout or stderr is not
//! a terminal: help and errors are coloured only on a terminal, table cells
//! are escaped, JSON escapes them itself, and CSV quotes its fields.

mod args;
mod exec;
mod failure;
mod migrate_cmd;
mod output;
mod query;
mod scan;
mod schema_cmd;
mod session;
mod value;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Query { cql, format } => query::run(&cli, cql, *format),
        Command::Exec { file } => exec::run(&cli, file),
        Command::Scan(args) => scan::run(&cli, args),
        Command::Schema(args) => schema_cmd::run(&cli, args),
        Command::Migrate(args) => migrate_cmd::run(&cli, args),
        Command::Makemigration(args) => migrate_cmd::run_makemigration(&cli, args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("cqlbridge: {}", output::printable(&failure.message));
            ExitCode::from(failure.code)
        }
    }
}
