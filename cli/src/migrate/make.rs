//! `cqlbridge makemigration --name NAME schema.cql`: the next migration
//! file of the folder, written from the diff of the live schema to the
//! file's ([`cqlbridge::schema::migrate::migration_text`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use cqlbridge::schema::migrate::{is_state_table_drop, migration_text, next_name, today_utc};
use cqlbridge::schema::{diff, parse_file, DiffOptions, SchemaError, SyncSessionSchema};

use crate::args::Cli;
use crate::failure::{Failure, CQL_ERROR, USAGE_ERROR};
use crate::session::{config, connect};

use super::failure as migrate_failure;

/// The text after `makemigration --help`: examples and exit codes.
const MAKE_HELP: &str = "\
Examples:
  cqlbridge makemigration --name add_email schema.cql --keyspace shop
  cqlbridge makemigration --name drop_legacy schema.cql --allow-drop --dir db/migrations

Writes DIR/YYYYMMDD_NNN_NAME.cql (today's UTC date; NNN one more than the
highest of that date in DIR) and prints its path. Its `-- +up` section holds
the runnable changes; unsafe ones (a column's type, a primary key) are
comments. Its `-- +down` section holds the inverses (drop of a created
table, type, index or view, drop of an added column) when every change has
one; otherwise a comment says which have none.

Exit codes:
  0  a file was written, or there is no change (nothing written)
  1  only unsafe changes (nothing runnable; nothing written), or a CQL or
     server error
  2  bad input: a bad NAME, a schema file that cannot be read or parsed,
     an unknown keyspace, a bad connection configuration";

/// `cqlbridge makemigration`.
#[derive(Debug, Args)]
#[command(after_help = MAKE_HELP)]
pub(crate) struct MakemigrationArgs {
    /// The description part of the file name: lowercase letters, digits, `_`.
    #[arg(long, value_name = "NAME")]
    pub(crate) name: String,
    /// The desired schema: CREATE KEYSPACE / TYPE / TABLE / INDEX /
    /// MATERIALIZED VIEW statements.
    pub(crate) file: PathBuf,
    /// The folder of the migrations (created when missing).
    #[arg(long, value_name = "DIR", default_value = "migrations")]
    pub(crate) dir: PathBuf,
    /// The keyspace of the file's unqualified names (default: the
    /// configured keyspace).
    #[arg(long, value_name = "KS")]
    pub(crate) keyspace: Option<String>,
    /// Write drops (of columns, tables, types, indexes, views) too.
    #[arg(long)]
    pub(crate) allow_drop: bool,
}

/// A schema error: every one is bad input but a failing cluster.
fn schema_failure(e: &SchemaError) -> Failure {
    let code = match e {
        SchemaError::Io { .. }
        | SchemaError::Parse { .. }
        | SchemaError::UnknownKeyspace { .. } => USAGE_ERROR,
        _ => CQL_ERROR,
    };
    Failure {
        message: e.to_string(),
        code,
    }
}

/// Runs `cqlbridge makemigration`.
pub(crate) fn run(cli: &Cli, args: &MakemigrationArgs) -> Result<(), Failure> {
    let name = next_name(&args.dir, &today_utc(), &args.name).map_err(|e| migrate_failure(&e))?;
    let default_ks = match &args.keyspace {
        Some(k) => Some(k.clone()),
        None => config(cli)?.keyspace,
    };
    let desired = parse_file(&args.file, default_ks.as_deref()).map_err(|e| schema_failure(&e))?;
    let session = connect(cli)?;
    let live = session.schema().map_err(|e| schema_failure(&e))?;
    let _ = session.close();
    let options = DiffOptions {
        allow_drop: args.allow_drop,
    };
    let d = diff(&live, &desired, options).map_err(|e| schema_failure(&e))?;
    let withheld = d
        .withheld
        .iter()
        .filter(|c| !is_state_table_drop(c))
        .count();
    if withheld > 0 {
        eprintln!("cqlbridge: {withheld} drop(s) left out: run with --allow-drop to include them");
    }
    let source = args.file.display().to_string();
    let Some(text) = migration_text(&d, &source) else {
        if d.changes.iter().all(is_state_table_drop) {
            eprintln!("no change: nothing written");
            return Ok(());
        }
        for c in d.changes.iter().filter(|c| c.is_unsafe()) {
            eprintln!("{c}");
        }
        return Err(Failure {
            message: "only unsafe changes (above): nothing runnable, nothing written".into(),
            code: CQL_ERROR,
        });
    };
    let path = write_new(&args.dir, &format!("{name}.cql"), &text)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", path.display())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::output(&e))
}

/// Writes `text` to a new file `file` of `dir` (created when missing);
/// an existing file is never overwritten.
fn write_new(dir: &Path, file: &str, text: &str) -> Result<PathBuf, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::usage(format!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join(file);
    let cannot =
        |e: std::io::Error| Failure::usage(format!("cannot write {}: {e}", path.display()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(cannot)?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(cannot)?;
    Ok(path)
}
