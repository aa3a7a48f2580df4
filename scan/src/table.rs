//! The table a scan reads: that it exists, its partition key (from
//! `system_schema.columns`), the chosen columns, and the two range queries
//! built from them.

use cqlbridge_driver_api::{Query, Value, Values};

use crate::error::{ScanError, ScanResult};
use crate::source::{all_rows, Source};

/// What a scan needs to know of its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableShape {
    /// The partition key columns, in key order.
    pub(crate) partition_key: Vec<String>,
    /// Every column.
    pub(crate) columns: Vec<String>,
}

/// `name` as a quoted CQL identifier (case kept, `"` doubled).
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Reads `keyspace.table`'s columns: an unknown keyspace or table is its
/// typed error.
pub(crate) async fn read_table(
    source: &dyn Source,
    keyspace: &str,
    table: &str,
) -> ScanResult<TableShape> {
    let ks = Values::Positional(vec![Value::Text(keyspace.to_owned())]);
    let found = all_rows(
        source,
        prepared(
            source,
            "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
        )
        .await?,
        ks,
    )
    .await
    .map_err(ScanError::query("system_schema.keyspaces"))?;
    if found.is_empty() {
        return Err(ScanError::UnknownKeyspace {
            keyspace: keyspace.to_owned(),
        });
    }
    let cql = "SELECT column_name, kind, position FROM system_schema.columns \
               WHERE keyspace_name = ? AND table_name = ?";
    let rows = all_rows(
        source,
        prepared(source, cql).await?,
        Values::Positional(vec![
            Value::Text(keyspace.to_owned()),
            Value::Text(table.to_owned()),
        ]),
    )
    .await
    .map_err(ScanError::query("system_schema.columns"))?;
    if rows.is_empty() {
        return Err(ScanError::UnknownTable {
            keyspace: keyspace.to_owned(),
            table: table.to_owned(),
        });
    }
    let mut key = Vec::new();
    let mut columns = Vec::new();
    for row in &rows {
        let name: String = row
            .get(0)
            .map_err(ScanError::query("system_schema.columns"))?;
        let kind: String = row
            .get(1)
            .map_err(ScanError::query("system_schema.columns"))?;
        let position: i32 = row
            .get(2)
            .map_err(ScanError::query("system_schema.columns"))?;
        if kind == "partition_key" {
            key.push((position, name.clone()));
        }
        columns.push(name);
    }
    key.sort();
    Ok(TableShape {
        partition_key: key.into_iter().map(|(_, n)| n).collect(),
        columns,
    })
}

async fn prepared(source: &dyn Source, cql: &str) -> ScanResult<Query> {
    source
        .prepare(cql.to_owned())
        .await
        .map(Query::Prepared)
        .map_err(ScanError::query("a schema query"))
}

impl TableShape {
    /// The select list for `chosen` (`*` when `None`); a column the table
    /// lacks is [`ScanError::UnknownColumn`].
    pub(crate) fn select_list(&self, table: &str, chosen: Option<&[String]>) -> ScanResult<String> {
        let Some(chosen) = chosen else {
            return Ok("*".into());
        };
        if chosen.is_empty() {
            return Err(ScanError::option("columns", "name at least one column"));
        }
        if let Some(missing) = chosen.iter().find(|c| !self.columns.contains(c)) {
            return Err(ScanError::UnknownColumn {
                table: table.to_owned(),
                column: missing.clone(),
            });
        }
        Ok(chosen
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", "))
    }

    /// The two range queries: `(open, from_min)`, for `token > ? AND token
    /// <= ?` and, for the first range, `token >= ? AND token <= ?`.
    pub(crate) fn range_cql(&self, keyspace: &str, table: &str, select: &str) -> (String, String) {
        let key: Vec<String> = self.partition_key.iter().map(|c| quote(c)).collect();
        let token = format!("token({})", key.join(", "));
        let from = format!(
            "SELECT {select} FROM {}.{} WHERE",
            quote(keyspace),
            quote(table)
        );
        (
            format!("{from} {token} > ? AND {token} <= ?"),
            format!("{from} {token} >= ? AND {token} <= ?"),
        )
    }
}
