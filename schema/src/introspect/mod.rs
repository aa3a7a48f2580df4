//! The live schema from `system_schema`: six ordinary `SELECT`s
//! (`keyspaces`, `tables`, `columns`, `indexes`, `types`, `views`), the same
//! on every backend, turned into a [`Schema`] by [`build`].
//!
//! [`schema`] reads every keyspace but the system ones ([`is_system`]);
//! [`keyspace`] reads one (an absent one is
//! [`SchemaError::UnknownKeyspace`]). The blocking forms
//! ([`schema_blocking`], [`keyspace_blocking`], feature `sync`) run the same
//! queries on a `SyncSession`.

mod build;

use std::time::Duration;

use cqlbridge_driver_api::{Row, Session, Statement, Value, Values};
use futures::TryStreamExt;

use crate::error::{SchemaError, SchemaResult};
use crate::model::{KeyspaceDef, Schema};

pub use build::build;

/// The bound of each `system_schema` query.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(30);

/// The `system_schema` tables read, in [`Raw`] order.
pub const SYSTEM_TABLES: [&str; 6] = [
    "keyspaces",
    "tables",
    "columns",
    "indexes",
    "types",
    "views",
];

/// The rows of the six `system_schema` tables.
#[derive(Debug, Default, Clone)]
pub struct Raw {
    /// `system_schema.keyspaces`.
    pub keyspaces: Vec<Row>,
    /// `system_schema.tables`.
    pub tables: Vec<Row>,
    /// `system_schema.columns`.
    pub columns: Vec<Row>,
    /// `system_schema.indexes`.
    pub indexes: Vec<Row>,
    /// `system_schema.types`.
    pub types: Vec<Row>,
    /// `system_schema.views`.
    pub views: Vec<Row>,
}

impl Raw {
    /// Keeps only the rows of the keyspaces `keep` accepts.
    pub fn retain_keyspaces(&mut self, keep: impl Fn(&str) -> bool) {
        for i in 0..SYSTEM_TABLES.len() {
            self.slot(i).retain(|row| {
                row.get::<String>("keyspace_name")
                    .map_or(true, |k| keep(&k))
            });
        }
    }

    fn slot(&mut self, i: usize) -> &mut Vec<Row> {
        match i {
            0 => &mut self.keyspaces,
            1 => &mut self.tables,
            2 => &mut self.columns,
            3 => &mut self.indexes,
            4 => &mut self.types,
            _ => &mut self.views,
        }
    }
}

/// True for the keyspaces the server owns (`system`, `system_*`).
pub fn is_system(keyspace: &str) -> bool {
    keyspace == "system" || keyspace.starts_with("system_")
}

/// The query for `table` (of one keyspace when `one`), bounded.
fn query(table: &str, one: bool) -> Statement {
    let filter = if one { " WHERE keyspace_name = ?" } else { "" };
    Statement::new(format!("SELECT * FROM system_schema.{table}{filter}"))
        .with_timeout(QUERY_TIMEOUT)
}

fn values(keyspace: Option<&str>) -> Values {
    match keyspace {
        Some(k) => Values::Positional(vec![Value::Text(k.to_owned())]),
        None => Values::Empty,
    }
}

/// Reads the rows of `keyspace` (every keyspace when `None`).
pub async fn read_raw(session: &Session, keyspace: Option<&str>) -> SchemaResult<Raw> {
    let mut raw = Raw::default();
    for (i, table) in SYSTEM_TABLES.iter().enumerate() {
        let what = format!("system_schema.{table}");
        let rows: Vec<Row> = session
            .stream(query(table, keyspace.is_some()), values(keyspace))
            .try_collect()
            .await
            .map_err(SchemaError::query(&what))?;
        *raw.slot(i) = rows;
    }
    Ok(raw)
}

/// Every non-system keyspace of the live schema.
pub async fn schema(session: &Session) -> SchemaResult<Schema> {
    let mut raw = read_raw(session, None).await?;
    raw.retain_keyspaces(|k| !is_system(k));
    build(&raw)
}

/// One keyspace of the live schema.
pub async fn keyspace(session: &Session, name: &str) -> SchemaResult<KeyspaceDef> {
    one(build(&read_raw(session, Some(name)).await?)?, name)
}

fn one(mut s: Schema, name: &str) -> SchemaResult<KeyspaceDef> {
    s.keyspaces
        .remove(name)
        .ok_or_else(|| SchemaError::UnknownKeyspace {
            keyspace: name.to_owned(),
        })
}

/// [`read_raw`] on a blocking session.
#[cfg(feature = "sync")]
pub fn read_raw_blocking(
    session: &cqlbridge_sync_bridge::SyncSession,
    keyspace: Option<&str>,
) -> SchemaResult<Raw> {
    let mut raw = Raw::default();
    for (i, table) in SYSTEM_TABLES.iter().enumerate() {
        let what = format!("system_schema.{table}");
        let rows: Vec<Row> = session
            .iter(query(table, keyspace.is_some()), values(keyspace))
            .collect::<Result<_, _>>()
            .map_err(SchemaError::query(&what))?;
        *raw.slot(i) = rows;
    }
    Ok(raw)
}

/// [`schema`] on a blocking session.
#[cfg(feature = "sync")]
pub fn schema_blocking(session: &cqlbridge_sync_bridge::SyncSession) -> SchemaResult<Schema> {
    let mut raw = read_raw_blocking(session, None)?;
    raw.retain_keyspaces(|k| !is_system(k));
    build(&raw)
}

/// [`keyspace`] on a blocking session.
#[cfg(feature = "sync")]
pub fn keyspace_blocking(
    session: &cqlbridge_sync_bridge::SyncSession,
    name: &str,
) -> SchemaResult<KeyspaceDef> {
    one(build(&read_raw_blocking(session, Some(name))?)?, name)
}
