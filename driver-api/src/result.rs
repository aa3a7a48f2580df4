//! What a statement returns: [`QueryResult`] and [`Page`].

use std::sync::Arc;

use crate::column::ColumnSpec;
use crate::error::Result;
use crate::paging::PagingState;
use crate::row::Row;
use crate::value::Value;
use uuid::Uuid;

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
    /// The result of a request the server traced (run `with_tracing(true)`):
    /// every accessor reads through to `result`; [`QueryResult::tracing_id`]
    /// names the trace.
    Traced {
        /// The id of the trace in `system_traces` (see `Session::trace`).
        id: Uuid,
        /// What the request returned.
        result: Box<QueryResult>,
    },
}

impl QueryResult {
    /// `result`, marked as traced under `id` (for backends).
    pub fn traced(result: QueryResult, id: Option<Uuid>) -> QueryResult {
        match id {
            Some(id) => QueryResult::Traced {
                id,
                result: Box::new(result),
            },
            None => result,
        }
    }

    /// The server's trace id, when the request ran `with_tracing(true)`.
    pub fn tracing_id(&self) -> Option<Uuid> {
        match self {
            QueryResult::Traced { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The result itself, without its tracing mark.
    pub fn untraced(&self) -> &QueryResult {
        match self {
            QueryResult::Traced { result, .. } => result.untraced(),
            other => other,
        }
    }

    /// Takes the result out of its tracing mark.
    pub fn into_untraced(self) -> QueryResult {
        match self {
            QueryResult::Traced { result, .. } => result.into_untraced(),
            other => other,
        }
    }

    /// The page, if this result has rows.
    pub fn page(&self) -> Option<&Page> {
        match self.untraced() {
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
        match self.into_untraced() {
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
        match self.into_untraced() {
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
    fn a_traced_result_reads_through() {
        let id = Uuid::from_u128(7);
        let traced = QueryResult::traced(lwt(true), Some(id));
        assert_eq!(traced.tracing_id(), Some(id));
        assert_eq!(traced.applied(), Some(true));
        assert_eq!(traced.rows().len(), 1);
        assert_eq!(traced.untraced(), &lwt(true));
        assert_eq!(traced.clone().into_page().rows.len(), 1);
        assert!(traced.into_first_row().is_some());
        assert_eq!(
            QueryResult::traced(QueryResult::Void, None),
            QueryResult::Void
        );
        assert_eq!(lwt(true).tracing_id(), None);
    }

    #[test]
    fn map_rows_converts_every_row() {
        let r = lwt(true);
        let vs = r.map_rows(|row| row.get::<i32>("v")).unwrap();
        assert_eq!(vs, vec![3]);
        assert!(r.map_rows(|row| row.get::<String>("v")).is_err());
    }
}
