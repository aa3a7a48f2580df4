//! Schema work over any cqlbridge backend: introspection of the live
//! schema from `system_schema`, CQL DDL rendering and parsing, the diff
//! from a live schema to a desired one, and versioned migrations
//! ([`migrate`]).
//!
//! - [`SessionSchema`] (and, with `sync`, `SyncSessionSchema`):
//!   `session.schema()` and `session.keyspace_schema(name)` read
//!   `system_schema` with ordinary statements into a [`Schema`] — keyspaces
//!   ([`KeyspaceDef`]) with replication and durable writes, tables
//!   ([`TableDef`]: key, clustering order, columns and types, static
//!   columns, options), indexes ([`IndexDef`], custom and SAI ones too),
//!   user-defined types ([`TypeDef`]) and materialized views ([`ViewDef`]).
//!   The same on every backend.
//! - [`describe()`] / [`describe_keyspace`] / [`statements`]: a description as
//!   CQL DDL that Cassandra accepts (creating from it and introspecting
//!   again gives an equal description).
//! - [`parse()`] / [`parse_file`]: the desired schema from CQL files (the
//!   grammar is in [`mod@parse`]); errors name the file, line and column.
//! - [`diff()`]: the ordered [`Change`]s from live to desired; unsafe
//!   changes are comments, drops only when allowed.
//!
//! ```no_run
//! # async fn demo(session: cqlbridge_driver_api::Session) -> Result<(), cqlbridge_schema::SchemaError> {
//! use cqlbridge_schema::{diff, parse, DiffOptions, SessionSchema};
//!
//! let live = session.schema().await?;
//! let desired = parse("CREATE TABLE t (id int PRIMARY KEY, name text);", "schema.cql", Some("shop"))?;
//! for change in diff(&live, &desired, DiffOptions::default())?.changes {
//!     println!("{change}");
//! }
//! # Ok(()) }
//! ```

pub mod describe;
pub mod diff;
mod error;
mod ext;
pub mod ident;
pub mod introspect;
pub mod migrate;
mod model;
pub mod parse;
mod types;

#[cfg(test)]
mod tests;

pub use describe::{describe, describe_keyspace, statements};
pub use diff::{diff, diff_keyspace, Change, Diff, DiffOptions};
pub use error::{SchemaError, SchemaResult};
pub use ext::SessionSchema;
#[cfg(feature = "sync")]
pub use ext::SyncSessionSchema;
pub use model::{
    ColumnDef, ColumnKind, IndexDef, IndexTarget, KeyspaceDef, KeyspaceParams, OptionValue,
    Options, Order, Schema, TableDef, TypeDef, ViewDef,
};
pub use parse::{normalize_where, parse, parse_file};
pub use types::CqlType;
