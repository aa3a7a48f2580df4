//! What a statement returns: [`QueryResult`] and [`Page`].

use std::sync::Arc;

use crate::column::ColumnSpec;
use crate::error::Result;
use crate::paging::PagingState;
use crate::row::Row;
use crate::value::Value;

/// One page of rows, with the state to fetch the next page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Column metadata, shared with every row.
    pub columns: Arc<[ColumnSpec]>,
    /// The rows of this page.
    pub rows: Vec<Row>,
    /// Where the next page starts; `None` on the last page.
    pub paging_state: Option<PagingState>,
}

impl Page {
    /// True when more pages follow.
    pub fn has_more(&self) -> bool {
        self.paging_state.is_some()
    }
}

/// What changed, for a schema-change result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaChange {
    /// `CREATED`, `UPDATED` or `DROPPED`.
    pub change: String,
    /// `KEYSPACE`, `TABLE`, `TYPE`, `FUNCTION` or `AGGREGATE`.
    pub target: String,
    /// The keyspace affected.
    pub keyspace: String,
    /// The table, type or function affected; empty for a keyspace.
    pub name: String,
}

/// The result of executing a statement.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum QueryResult {
    /// A write or other statement that returns nothing.
    Void,
    /// Rows (a `SELECT`, or the outcome of a lightweight transaction).
    Rows(Page),
    /// A `USE` statement switched the keyspace.
    SetKeyspace(String),
    /// A DDL statement changed the schema.
    SchemaChange(SchemaChange),
}

impl QueryResult {
    /// The page, if this result has rows.
    pub fn page(&self) -> Option<&Page> {
        match self {
            QueryResult::Rows(p) => Some(p),
            _ => None,
        }
    }

    /// The rows, or an empty slice for a result without rows.
    pub fn rows(&self) -> &[Row] {
        self.page().map(|p| p.rows.as_slice()).unwrap_or(&[])
    }

    /// Takes the page out, or an empty page for a result without rows.
    pub fn into_page(self) -> Page {
        match self {
            QueryResult::Rows(p) => p,
            _ => Page::default(),
        }
    }

    /// The first row, if any.
    pub fn first_row(&self) -> Option<&Row> {
        self.rows().first()
    }

    /// Takes the first row out, if any (the rest are dropped).
    pub fn into_first_row(self) -> Option<Row> {
        match self {
            QueryResult::Rows(p) => p.rows.into_iter().next(),
            _ => None,
        }
    }

    /// For a lightweight transaction (`… IF …`): whether it applied.
    /// `None` when the result has no `[applied]` column.
    pub fn applied(&self) -> Option<bool> {
        let row = self.first_row()?;
        match row.value("[applied]") {
            Ok(Value::Boolean(b)) => Some(*b),
            _ => None,
        }
    }

    /// Every row converted with `f`; stops at the first error.
    pub fn map_rows<T>(&self, f: impl FnMut(&Row) -> Result<T>) -> Result<Vec<T>> {
        self.rows().iter().map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::column::ColumnType;

    fn lwt(applied: bool) -> QueryResult {
        let cols: Arc<[ColumnSpec]> = vec![
            ColumnSpec::new("[applied]", ColumnType::Boolean),
            ColumnSpec::new("v", ColumnType::Int),
        ]
        .into();
        let row = Row::new(cols.clone(), vec![Value::Boolean(applied), Value::Int(3)]).unwrap();
        QueryResult::Rows(Page {
            columns: cols,
            rows: vec![row],
            paging_state: None,
        })
    }

    #[test]
    fn applied_reads_the_lwt_column() {
        assert_eq!(lwt(true).applied(), Some(true));
        let not = lwt(false);
        assert_eq!(not.applied(), Some(false));
        assert_eq!(not.first_row().unwrap().get::<i32>("v").unwrap(), 3);
        assert_eq!(QueryResult::Void.applied(), None);
        assert!(QueryResult::Void.rows().is_empty());
    }

    #[test]
    fn map_rows_converts_every_row() {
        let r = lwt(true);
        let vs = r.map_rows(|row| row.get::<i32>("v")).unwrap();
        assert_eq!(vs, vec![3]);
        assert!(r.map_rows(|row| row.get::<String>("v")).is_err());
    }
}
