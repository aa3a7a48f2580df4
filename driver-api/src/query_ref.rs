//! [`QueryRef`]: the statement a [`Session`](crate::Session) call runs,
//! borrowed or owned.

use std::borrow::Cow;

use crate::options::ExecOptions;
use crate::statement::{is_use_statement, Prepared, Query, Statement};

/// What [`Session::execute`](crate::Session::execute) and
/// [`Session::page`](crate::Session::page) run: CQL text or a prepared
/// statement, borrowed or owned. Anything that converts into a [`Query`]
/// converts into it; a borrowed statement (`&prepared`, `&statement`,
/// `&query`) is used in place, with no clone and no reference count.
#[derive(Debug, Clone)]
pub enum QueryRef<'a> {
    /// CQL text.
    Statement(Cow<'a, Statement>),
    /// A prepared statement.
    Prepared(Cow<'a, Prepared>),
}

impl QueryRef<'_> {
    /// The CQL text.
    pub fn cql(&self) -> &str {
        match self {
            QueryRef::Statement(s) => s.cql(),
            QueryRef::Prepared(p) => p.cql(),
        }
    }

    /// The statement's own options.
    pub fn options(&self) -> &ExecOptions {
        match self {
            QueryRef::Statement(s) => s.options(),
            QueryRef::Prepared(p) => p.options(),
        }
    }

    /// True for a `USE keyspace` statement.
    pub(crate) fn is_use(&self) -> bool {
        match self {
            QueryRef::Statement(s) => is_use_statement(s.cql()),
            QueryRef::Prepared(p) => p.is_use(),
        }
    }

    /// The statement as an owned [`Query`] (a clone when borrowed).
    pub fn into_owned(self) -> Query {
        match self {
            QueryRef::Statement(s) => Query::Statement(s.into_owned()),
            QueryRef::Prepared(p) => Query::Prepared(p.into_owned()),
        }
    }
}

impl From<Query> for QueryRef<'_> {
    fn from(q: Query) -> Self {
        match q {
            Query::Statement(s) => QueryRef::Statement(Cow::Owned(s)),
            Query::Prepared(p) => QueryRef::Prepared(Cow::Owned(p)),
        }
    }
}

impl<'a> From<&'a Query> for QueryRef<'a> {
    fn from(q: &'a Query) -> Self {
        match q {
            Query::Statement(s) => QueryRef::Statement(Cow::Borrowed(s)),
            Query::Prepared(p) => QueryRef::Prepared(Cow::Borrowed(p)),
        }
    }
}

/// `From` an owned statement of each kind (kept as it is) and a borrowed one
/// (used in place).
macro_rules! from_statement {
    ($($kind:ident),*) => {$(
        impl From<$kind> for QueryRef<'_> {
            fn from(s: $kind) -> Self {
                QueryRef::$kind(Cow::Owned(s))
            }
        }

        impl<'a> From<&'a $kind> for QueryRef<'a> {
            fn from(s: &'a $kind) -> Self {
                QueryRef::$kind(Cow::Borrowed(s))
            }
        }
    )*};
}

from_statement!(Statement, Prepared);

impl From<&str> for QueryRef<'_> {
    fn from(cql: &str) -> Self {
        QueryRef::Statement(Cow::Owned(Statement::new(cql)))
    }
}

impl From<String> for QueryRef<'_> {
    fn from(cql: String) -> Self {
        QueryRef::Statement(Cow::Owned(Statement::new(cql)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consistency::Consistency;

    #[test]
    fn borrowed_and_owned_read_the_same_statement() {
        let s = Statement::new("USE ks").with_consistency(Consistency::All);
        let owned: QueryRef<'_> = s.clone().into();
        let borrowed: QueryRef<'_> = (&s).into();
        for q in [&owned, &borrowed] {
            assert_eq!(q.cql(), "USE ks");
            assert_eq!(q.options().consistency, Some(Consistency::All));
            assert!(q.is_use());
        }
        assert!(matches!(borrowed, QueryRef::Statement(Cow::Borrowed(_))));
        assert!(matches!(owned, QueryRef::Statement(Cow::Owned(_))));
        let q = Query::from(&s);
        assert!(matches!(
            QueryRef::from(&q),
            QueryRef::Statement(Cow::Borrowed(_))
        ));
        assert_eq!(QueryRef::from(q).into_owned().cql(), "USE ks");
        assert!(!QueryRef::from("SELECT 1").is_use());
    }

    #[test]
    fn a_borrowed_prepared_statement_is_used_in_place() {
        let p = Prepared::new("SELECT 1", "fake", vec![], vec![], std::sync::Arc::new(()));
        let q = QueryRef::from(&p);
        assert!(matches!(q, QueryRef::Prepared(Cow::Borrowed(b)) if std::ptr::eq(b, &p)));
        assert!(matches!(
            QueryRef::from(p.clone()),
            QueryRef::Prepared(Cow::Owned(_))
        ));
        assert_eq!(q.into_owned().cql(), "SELECT 1");
    }
}
