//! The command line: global options and subcommands (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::migrate_cmd::{MakemigrationArgs, MigrateArgs};
use crate::output::Format;
use crate::scan::ScanArgs;
use crate::schema_cmd::SchemaArgs;

/// The text after `--help`: examples, the environment and the exit codes.
const AFTER_HELP: &str = "\
Examples:
  cqlbridge query \"SELECT release_version FROM system.local\"
  cqlbridge --backend cpp query \"SELECT * FROM ks.users\" --format csv > users.csv
  cqlbridge --url cql://app:secret@10.0.0.1:9042/ks query \"SELECT * FROM t\" --format json
  cqlbridge exec -f schema.cql
  cqlbridge scan ks.events --out count
  cqlbridge scan ks.events --columns id,ts --rate 5000 --checkpoint events.ckpt --out csv > events.csv
  cqlbridge scan ks.events --checkpoint events.ckpt --resume --out csv >> events.csv
  cqlbridge scan ks.events --shard 0/4 --out json   # one of 4 machines
  cqlbridge schema describe shop > shop.cql
  cqlbridge schema diff schema.cql --keyspace shop   # exit 1: there are changes
  cqlbridge makemigration --name add_email schema.cql --keyspace shop
  cqlbridge migrate status --keyspace shop
  cqlbridge migrate apply --keyspace shop --lock-wait 30

Configuration:
  --url cql://USER:PASSWORD@HOST[:PORT][,HOST...][/KEYSPACE][?...], else the
  environment: CQLBRIDGE_URL, or CQLBRIDGE_HOSTS, CQLBRIDGE_USER,
  CQLBRIDGE_PASSWORD, CQLBRIDGE_KEYSPACE, CQLBRIDGE_BACKEND, CQLBRIDGE_CA,
  CQLBRIDGE_CLIENT_CERT, CQLBRIDGE_CLIENT_KEY. --backend overrides both.

Exit codes:
  0  success
  1  CQL or server error (syntax, invalid query, an unknown keyspace, table or
     column, unavailable, timeout, no connection)
  2  usage or configuration error (bad flags, bad URL or environment, unreadable
     file, a rate of 0, a shard out of range, an existing checkpoint without
     --resume, an unreadable or mismatched checkpoint)
  130  interrupted (Ctrl-C): a scan writes its checkpoint first; a second
       Ctrl-C stops at once
  `schema diff` exits 0 when there is no change and 1 when there are
  changes; `migrate --help` lists its own codes.";

/// Runs CQL against Apache Cassandra or ScyllaDB over either cqlbridge backend.
#[derive(Debug, Parser)]
#[command(name = "cqlbridge", version, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    /// The driver to connect with (default: CQLBRIDGE_BACKEND, else scylla).
    #[arg(long, global = true, value_enum)]
    pub(crate) backend: Option<Backend>,
    /// A `cql://` URL to connect to, instead of the CQLBRIDGE_* environment.
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The backends the tool is built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Backend {
    /// The native Rust driver (the `scylla` crate).
    Scylla,
    /// The DataStax C++ driver (libcassandra).
    Cpp,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Runs one CQL statement and prints its rows (every page).
    #[command(
        after_help = "Example:\n  cqlbridge query \"SELECT * FROM ks.t WHERE id = 1\" --format json"
    )]
    Query {
        /// The statement.
        cql: String,
        /// How to print the rows.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Runs the statements of a CQL file in order, stopping at the first
    /// error (printed with the line its statement starts on).
    #[command(after_help = "Example:\n  cqlbridge exec -f schema.cql")]
    Exec {
        /// The file (`-` for standard input).
        #[arg(short, long, value_name = "FILE")]
        file: PathBuf,
    },
    /// Reads every row of a table by token range, in parallel, with a
    /// progress bar on stderr (on a terminal) and a closing summary.
    #[command(
        after_help = "Example:\n  cqlbridge scan ks.t --concurrency 8 --checkpoint t.ckpt --out csv > t.csv"
    )]
    Scan(ScanArgs),
    /// Describes the live schema, or diffs it against CQL files.
    Schema(SchemaArgs),
    /// Applies, rolls back or reports versioned migrations (a folder of
    /// YYYYMMDD_NNN_description.cql files).
    Migrate(MigrateArgs),
    /// Writes the next migration file from the diff of the live schema to
    /// a CQL file's, and prints its path.
    Makemigration(MakemigrationArgs),
}
