//! `cqlbridge schema …`: the live schema, described and diffed against CQL
//! files ([`cqlbridge::schema`]).
//!
//! - `schema describe [KEYSPACE]` prints the live schema (one keyspace, or
//!   every non-system one) as CQL DDL that Cassandra accepts;
//! - `schema diff FILE.cql [--keyspace KS] [--allow-drop]` prints the
//!   changes from the live schema to the file's, in the order to run them;
//!   unsafe ones (a column's type, a primary key) as `-- UNSAFE` comments.
//!   Exit code 0: no change; 1: changes; 2: an error (a file that does not
//!   parse names its line and column, a bad connection, an unknown
//!   keyspace). Drops are shown only with `--allow-drop` (else stderr says
//!   how many were left out).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use cqlbridge::schema::{
    describe, describe_keyspace, diff, parse_file, DiffOptions, SchemaError, SyncSessionSchema,
};

use crate::args::Cli;
use crate::failure::{Failure, CQL_ERROR, USAGE_ERROR};
use crate::session::{config, connect};

/// `cqlbridge schema` and its subcommands.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// What to do with the schema.
    #[command(subcommand)]
    pub(crate) action: SchemaAction,
}

/// The `schema` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum SchemaAction {
    /// Prints the live schema as CQL DDL: one keyspace, or every
    /// non-system keyspace.
    #[command(after_help = "Example:\n  cqlbridge schema describe shop > shop.cql")]
    Describe {
        /// The keyspace (default: every non-system keyspace).
        keyspace: Option<String>,
    },
    /// Prints the changes from the live schema to a CQL file's (exit code
    /// 0: no change, 1: changes, 2: error).
    #[command(after_help = "Example:\n  cqlbridge schema diff schema.cql --keyspace shop")]
    Diff {
        /// The desired schema: CREATE KEYSPACE / TYPE / TABLE / INDEX /
        /// MATERIALIZED VIEW statements.
        file: PathBuf,
        /// The keyspace of the file's unqualified names (default: the
        /// configured keyspace).
        #[arg(long)]
        keyspace: Option<String>,
        /// Show drops (of columns, tables, types, indexes, views) too.
        #[arg(long)]
        allow_drop: bool,
    },
}

/// Runs `cqlbridge schema …`.
pub(crate) fn run(cli: &Cli, args: &SchemaArgs) -> Result<(), Failure> {
    match &args.action {
        SchemaAction::Describe { keyspace } => run_describe(cli, keyspace.as_deref()),
        SchemaAction::Diff {
            file,
            keyspace,
            allow_drop,
        } => {
            // For `diff`, 1 means "changes": every error is 2.
            let changes =
                run_diff(cli, file, keyspace.as_deref(), *allow_drop).map_err(|mut f| {
                    f.code = USAGE_ERROR;
                    f
                })?;
            match changes {
                None => Ok(()),
                Some(message) => Err(Failure {
                    message,
                    code: CQL_ERROR,
                }),
            }
        }
    }
}

/// A schema error as a [`Failure`]: unreadable files are usage errors,
/// the rest CQL or server errors.
fn failure(e: &SchemaError) -> Failure {
    let code = match e {
        SchemaError::Io { .. } | SchemaError::Parse { .. } => USAGE_ERROR,
        _ => CQL_ERROR,
    };
    Failure {
        message: e.to_string(),
        code,
    }
}

fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::output(&e))
}

fn run_describe(cli: &Cli, keyspace: Option<&str>) -> Result<(), Failure> {
    let session = connect(cli)?;
    let text = match keyspace {
        Some(ks) => describe_keyspace(&session.keyspace_schema(ks).map_err(|e| failure(&e))?),
        None => describe(&session.schema().map_err(|e| failure(&e))?),
    };
    print(&text)
}

/// Prints the diff; `Some(summary)` when there are changes.
fn run_diff(
    cli: &Cli,
    file: &std::path::Path,
    keyspace: Option<&str>,
    allow_drop: bool,
) -> Result<Option<String>, Failure> {
    let default_ks = match keyspace {
        Some(k) => Some(k.to_owned()),
        None => config(cli)?.keyspace,
    };
    let desired = parse_file(file, default_ks.as_deref()).map_err(|e| failure(&e))?;
    let session = connect(cli)?;
    let live = session.schema().map_err(|e| failure(&e))?;
    let d = diff(&live, &desired, DiffOptions { allow_drop }).map_err(|e| failure(&e))?;
    print(&d.script())?;
    if !d.withheld.is_empty() {
        eprintln!(
            "cqlbridge: {} drop(s) not shown: run with --allow-drop to see them",
            d.withheld.len()
        );
    }
    if d.is_empty() {
        eprintln!("no changes");
        return Ok(None);
    }
    let unsafe_count = d.changes.iter().filter(|c| c.is_unsafe()).count();
    Ok(Some(format!(
        "{} change(s), {unsafe_count} of them unsafe (shown as comments, not CQL)",
        d.changes.len()
    )))
}
