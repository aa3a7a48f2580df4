//! The kind of a result without rows, for backends whose client library
//! hides `SCHEMA_CHANGE` and `SET_KEYSPACE`: [`Before`] reads a statement
//! before it runs, [`result_kind`] names its answer afterwards. Both follow
//! the steps of [`schema_inference`](super::schema_inference).

use super::schema_inference::{self, Classified};
use crate::result::QueryResult;

/// What a statement that may change the schema is, read before it runs,
/// and for `IF [NOT] EXISTS` whether its object existed then.
#[derive(Debug, Default, PartialEq)]
pub struct Before {
    classified: Option<Classified>,
    existed: Option<bool>,
}

impl Before {
    /// Reads `cql` before it runs, with the session's `current` keyspace;
    /// `None` (and no work) for anything that cannot be DDL.
    pub fn read(cql: &str, current: Option<&str>) -> Option<Before> {
        if !schema_inference::may_change_schema(cql) {
            return None;
        }
        Some(Before {
            classified: schema_inference::classify(cql, current),
            existed: None,
        })
    }

    /// The `system_schema` query to run before the statement, when it is
    /// guarded by `IF [NOT] EXISTS`; run it with
    /// [`ResolvedOptions::for_probe`](super::ResolvedOptions::for_probe)
    /// and pass whether it returned a row to [`Before::probed`].
    pub fn probe(&self) -> Option<&str> {
        let guard = self.classified.as_ref()?.guard.as_ref()?;
        Some(&guard.probe)
    }

    /// Records whether the probe found the object.
    pub fn probed(&mut self, existed: bool) {
        self.existed = Some(existed);
    }
}

/// The kind of `cql`'s answer when the server sent no rows: a keyspace
/// switch, a schema change (void when a guarded statement changed nothing)
/// or void. `before` is what [`Before::read`] saw; without it `cql` is
/// classified now, with `current` (that is how `USE` is recognised).
pub fn result_kind(cql: &str, current: Option<&str>, before: Option<Before>) -> QueryResult {
    let Before {
        classified,
        existed,
    } = before.unwrap_or_else(|| Before {
        classified: schema_inference::classify(cql, current),
        existed: None,
    });
    let Some(c) = classified else {
        return QueryResult::Void;
    };
    match (c.result, c.guard, existed) {
        (_, Some(g), Some(existed)) if g.no_op(existed) => QueryResult::Void,
        (result, _, _) => result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::SchemaChange;

    fn change(c: &str, target: &str, ks: &str, name: &str) -> QueryResult {
        QueryResult::SchemaChange(SchemaChange {
            change: c.into(),
            target: target.into(),
            keyspace: ks.into(),
            name: name.into(),
        })
    }

    #[test]
    fn ddl_use_and_writes() {
        let cql = "CREATE TABLE t (k int PRIMARY KEY)";
        let before = Before::read(cql, Some("ks"));
        assert!(before.as_ref().is_some_and(|b| b.probe().is_none()));
        assert_eq!(
            result_kind(cql, Some("ks"), before),
            change("CREATED", "TABLE", "ks", "t")
        );
        let use_ks = "USE \"Ks\"";
        assert_eq!(
            result_kind(use_ks, Some("ks"), Before::read(use_ks, None)),
            QueryResult::SetKeyspace("Ks".into())
        );
        let insert = "INSERT INTO t (k) VALUES (1)";
        assert_eq!(Before::read(insert, Some("ks")), None);
        assert_eq!(result_kind(insert, Some("ks"), None), QueryResult::Void);
        assert_eq!(result_kind("CREATE ROLE r", None, None), QueryResult::Void);
    }

    #[test]
    fn guarded_ddl_is_void_when_it_changed_nothing() {
        let cql = "CREATE TABLE IF NOT EXISTS ks.t (k int PRIMARY KEY)";
        let read = || Before::read(cql, None).unwrap();
        assert!(read().probe().unwrap().contains("system_schema.tables"));
        let mut existed = read();
        existed.probed(true);
        assert_eq!(result_kind(cql, None, Some(existed)), QueryResult::Void);
        let mut missing = read();
        missing.probed(false);
        let created = change("CREATED", "TABLE", "ks", "t");
        assert_eq!(result_kind(cql, None, Some(missing)), created);
        // Not probed: reported as the change, as the server would for a
        // statement that did change something.
        assert_eq!(result_kind(cql, None, Some(read())), created);
        let drop = "DROP KEYSPACE IF EXISTS gone";
        let mut b = Before::read(drop, None).unwrap();
        b.probed(false);
        assert_eq!(result_kind(drop, None, Some(b)), QueryResult::Void);
    }

    #[test]
    fn the_keyspace_seen_before_the_statement_wins() {
        let cql = "DROP TABLE t";
        let before = Before::read(cql, Some("old"));
        assert_eq!(
            result_kind(cql, Some("new"), before),
            change("DROPPED", "TABLE", "old", "t")
        );
    }
}
