//! `SCHEMA_CHANGE` and `SET_KEYSPACE` results, inferred from the statement text.
//!
//! libcassandra's C API has no call for a result's kind: it consumes these results
//! itself (waiting for schema agreement, switching its connections' keyspace) and hands
//! back an empty result, indistinguishable from `VOID`. So, like the scylla backend, this
//! one names them with [`schema_inference`]: a statement that may be DDL is classified
//! before it runs, with the session's [`Current`](crate::keyspace::Current) keyspace,
//! and when it carries `IF [NOT] EXISTS` its object's existence is probed first; after a
//! zero-column answer [`kind`] picks `SchemaChange`, `SetKeyspace` or `Void`.

use cqlbridge_driver_api::schema_inference::{self, Classified};
use cqlbridge_driver_api::{Consistency, Error, ErrorKind, QueryResult, Result};

use crate::ffi::StatementH;
use crate::options::Applied;

/// What a possible schema change is, read before it runs, and for `IF [NOT] EXISTS`
/// whether its object existed then.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Before {
    classified: Option<Classified>,
    existed: Option<bool>,
}

impl Before {
    /// Reads `cql` before it runs; `None` (and no work) for anything but DDL.
    pub(crate) fn read(cql: &str, current: Option<&str>) -> Option<Before> {
        if !schema_inference::may_change_schema(cql) {
            return None;
        }
        Some(Before {
            classified: schema_inference::classify(cql, current),
            existed: None,
        })
    }

    /// The `system_schema` query to run before the statement, if it is guarded.
    pub(crate) fn probe(&self) -> Option<&str> {
        let guard = self.classified.as_ref()?.guard.as_ref()?;
        Some(&guard.probe)
    }

    /// Records whether the probe found the object.
    pub(crate) fn probed(&mut self, existed: bool) {
        self.existed = Some(existed);
    }
}

/// The probe as a statement: the request's timeout, at `ONE` (the schema tables are
/// local), unpaged and from the start whatever the request's paging.
pub(crate) fn probe_request(probe: &str, a: &Applied) -> Result<(StatementH, Applied)> {
    let statement = StatementH::simple(probe).ok_or_else(|| {
        Error::new(
            ErrorKind::Other,
            "libcassandra could not create a statement",
        )
    })?;
    let applied = Applied {
        consistency: Consistency::One,
        page_size: -1,
        paging_state: None,
        idempotent: true,
        timestamp: None,
        ..a.clone()
    };
    Ok((statement, applied))
}

/// The kind of a zero-column result of `cql`: a keyspace switch, a schema change (void
/// when a guarded DDL changed nothing) or void. `before` is what [`Before::read`] saw;
/// without it `cql` is classified now (that is how `USE` is recognised).
pub(crate) fn kind(cql: &str, current: Option<&str>, before: Option<Before>) -> QueryResult {
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
    use cqlbridge_driver_api::{Consistency, QueryResult, SchemaChange, SerialConsistency};

    use super::{kind, probe_request, Before};
    use crate::options::Applied;

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
            kind(cql, Some("ks"), before),
            change("CREATED", "TABLE", "ks", "t")
        );
        assert_eq!(
            kind("USE \"Ks\"", Some("ks"), Before::read("USE \"Ks\"", None)),
            QueryResult::SetKeyspace("Ks".into())
        );
        let insert = "INSERT INTO t (k) VALUES (1)";
        assert_eq!(Before::read(insert, Some("ks")), None);
        assert_eq!(kind(insert, Some("ks"), None), QueryResult::Void);
        assert_eq!(kind("CREATE ROLE r", None, None), QueryResult::Void);
    }

    #[test]
    fn guarded_ddl_is_void_when_it_changed_nothing() {
        let cql = "CREATE TABLE IF NOT EXISTS ks.t (k int PRIMARY KEY)";
        let read = || Before::read(cql, None).unwrap();
        assert!(read().probe().unwrap().contains("system_schema.tables"));
        let mut existed = read();
        existed.probed(true);
        assert_eq!(kind(cql, None, Some(existed)), QueryResult::Void);
        let mut missing = read();
        missing.probed(false);
        assert_eq!(
            kind(cql, None, Some(missing)),
            change("CREATED", "TABLE", "ks", "t")
        );
        // Not probed (no guard answer): reported as the change, as the server would
        // for a statement that did change something.
        assert_eq!(
            kind(cql, None, Some(read())),
            change("CREATED", "TABLE", "ks", "t")
        );
        let drop = "DROP KEYSPACE IF EXISTS gone";
        let mut b = Before::read(drop, None).unwrap();
        b.probed(false);
        assert_eq!(kind(drop, None, Some(b)), QueryResult::Void);
    }

    #[test]
    fn the_keyspace_seen_before_the_statement_wins() {
        let cql = "DROP TABLE t";
        let before = Before::read(cql, Some("old"));
        assert_eq!(
            kind(cql, Some("new"), before),
            change("DROPPED", "TABLE", "old", "t")
        );
    }

    #[test]
    fn the_probe_reads_from_the_start_at_one() {
        let a = Applied {
            consistency: Consistency::All,
            serial: SerialConsistency::Serial,
            timeout_ms: 1234,
            page_size: 10,
            paging_state: Some(
                cqlbridge_driver_api::PagingState::from_bytes(vec![1u8, 2]).unwrap(),
            ),
            idempotent: false,
            timestamp: Some(5),
        };
        let (_, p) = probe_request("SELECT keyspace_name FROM system_schema.keyspaces", &a)
            .expect("a statement");
        assert_eq!(p.consistency, Consistency::One);
        assert_eq!((p.page_size, p.paging_state, p.timestamp), (-1, None, None));
        assert_eq!(p.timeout_ms, 1234);
    }
}
