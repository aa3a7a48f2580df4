//! What to execute: [`Statement`] (CQL text), [`Prepared`] (a server-side
//! prepared statement), and [`Query`], which is either.

use crate::column::ColumnSpec;
use crate::options::ExecOptions;
use std::any::Any;
use std::sync::Arc;

/// A CQL statement sent as text, with its own options.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    cql: Arc<str>,
    options: ExecOptions,
}

impl Statement {
    /// A statement with no options of its own.
    pub fn new(cql: impl Into<Arc<str>>) -> Self {
        Statement {
            cql: cql.into(),
            options: ExecOptions::default(),
        }
    }

    /// The CQL text.
    pub fn cql(&self) -> &str {
        &self.cql
    }

    option_setters!();
}

impl From<&str> for Statement {
    fn from(cql: &str) -> Self {
        Statement::new(cql)
    }
}

impl From<String> for Statement {
    fn from(cql: String) -> Self {
        Statement::new(cql)
    }
}

/// A statement prepared on the server by one backend.
///
/// Cheap to clone (one reference count and its own options). It carries the
/// backend's own prepared object as an opaque handle that only the backend
/// that made it can use; handing it to another backend is an `Invalid`
/// error, not a panic.
#[derive(Clone)]
pub struct Prepared {
    shared: Arc<PreparedShared>,
    options: ExecOptions,
}

/// What every copy of one prepared statement shares.
struct PreparedShared {
    cql: Arc<str>,
    backend: &'static str,
    bind_markers: Arc<[ColumnSpec]>,
    result_columns: Arc<[ColumnSpec]>,
    handle: Arc<dyn Any + Send + Sync>,
    is_use: bool,
}

impl Prepared {
    /// Wraps a backend's prepared statement. For backend authors.
    pub fn new(
        cql: impl Into<Arc<str>>,
        backend: &'static str,
        bind_markers: Vec<ColumnSpec>,
        result_columns: Vec<ColumnSpec>,
        handle: Arc<dyn Any + Send + Sync>,
    ) -> Self {
        let cql = cql.into();
        Prepared {
            shared: Arc::new(PreparedShared {
                is_use: is_use_statement(&cql),
                cql,
                backend,
                bind_markers: bind_markers.into(),
                result_columns: result_columns.into(),
                handle,
            }),
            options: ExecOptions::default(),
        }
    }

    /// The CQL text that was prepared.
    pub fn cql(&self) -> &str {
        &self.shared.cql
    }

    /// The name of the backend that prepared it.
    pub fn backend(&self) -> &'static str {
        self.shared.backend
    }

    /// Names and types of the bind markers, in order.
    pub fn bind_markers(&self) -> &[ColumnSpec] {
        &self.shared.bind_markers
    }

    /// Names and types of the result columns: empty for writes, and on
    /// backends that cannot see them before execution (the C++ driver's C API
    /// does not expose a prepared statement's result metadata).
    pub fn result_columns(&self) -> &[ColumnSpec] {
        &self.shared.result_columns
    }

    /// The result columns as one shared list, for a backend that gives its
    /// rows these column specs instead of building equal ones for every
    /// page. For backend authors.
    pub fn shared_result_columns(&self) -> &Arc<[ColumnSpec]> {
        &self.shared.result_columns
    }

    /// The backend's own prepared object, if it is a `T`. For backend authors.
    pub fn handle<T: Any + Send + Sync>(&self) -> Option<&T> {
        self.shared.handle.downcast_ref::<T>()
    }

    /// True for a prepared `USE keyspace`.
    pub(crate) fn is_use(&self) -> bool {
        self.shared.is_use
    }

    option_setters!();
}

/// True for a `USE keyspace` statement (any case, leading whitespace allowed).
pub(crate) fn is_use_statement(cql: &str) -> bool {
    // Called on every executed statement: compare bytes instead of
    // splitting words. The first word is `use` in any case, followed by
    // whitespace or by nothing.
    let text = cql.trim_start();
    match text.as_bytes().get(..3) {
        Some(head) if head.eq_ignore_ascii_case(b"use") => {
            // The first three bytes are ASCII, so 3 is a char boundary.
            text[3..].chars().next().is_none_or(char::is_whitespace)
        }
        _ => false,
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("cql", &self.shared.cql)
            .field("backend", &self.shared.backend)
            .field("bind_markers", &self.shared.bind_markers.len())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Either kind of executable statement.
#[derive(Debug, Clone)]
pub enum Query {
    /// CQL text.
    Statement(Statement),
    /// A prepared statement.
    Prepared(Prepared),
}

impl Query {
    /// The CQL text.
    pub fn cql(&self) -> &str {
        match self {
            Query::Statement(s) => s.cql(),
            Query::Prepared(p) => p.cql(),
        }
    }

    /// The statement's own options.
    pub fn options(&self) -> &ExecOptions {
        match self {
            Query::Statement(s) => s.options(),
            Query::Prepared(p) => p.options(),
        }
    }
}

impl From<Statement> for Query {
    fn from(s: Statement) -> Self {
        Query::Statement(s)
    }
}

impl From<&Statement> for Query {
    fn from(s: &Statement) -> Self {
        Query::Statement(s.clone())
    }
}

impl From<Prepared> for Query {
    fn from(p: Prepared) -> Self {
        Query::Prepared(p)
    }
}

impl From<&Prepared> for Query {
    fn from(p: &Prepared) -> Self {
        Query::Prepared(p.clone())
    }
}

impl From<&str> for Query {
    fn from(cql: &str) -> Self {
        Query::Statement(Statement::new(cql))
    }
}

impl From<String> for Query {
    fn from(cql: String) -> Self {
        Query::Statement(Statement::new(cql))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consistency::Consistency;
    use std::time::Duration;

    #[test]
    fn use_statements_are_told_by_their_first_word() {
        for yes in ["USE ks", "use ks", "  \n\tUsE\tks;", "use", "use\u{a0}ks"] {
            assert!(is_use_statement(yes), "{yes:?}");
        }
        for no in [
            "user",
            "users ks",
            "use;",
            "SELECT use FROM t",
            "",
            "  ",
            "us",
            "ús ks",
        ] {
            assert!(!is_use_statement(no), "{no:?}");
        }
    }

    #[test]
    fn builders_set_only_their_field() {
        let s = Statement::new("SELECT 1")
            .with_consistency(Consistency::All)
            .with_timeout(Duration::from_millis(5));
        assert_eq!(s.options().consistency, Some(Consistency::All));
        assert_eq!(s.options().timeout, Some(Duration::from_millis(5)));
        assert_eq!(s.options().page_size, None);
    }

    #[test]
    fn prepared_handle_downcasts_only_to_its_type() {
        let p = Prepared::new("SELECT 1", "fake", vec![], vec![], Arc::new(42u32));
        assert_eq!(p.handle::<u32>(), Some(&42));
        assert!(p.handle::<String>().is_none());
        let q: Query = (&p).into();
        assert_eq!(q.cql(), "SELECT 1");
    }
}
