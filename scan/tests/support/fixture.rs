//! Fixture tables: `((p, s), c)` keys (a composite partition key), written
//! concurrently, and the set of keys written.

use std::collections::BTreeSet;

use cqlbridge_driver_api::{Row, Session, Statement};
use cqlbridge_scan::ScanError;
use cqlbridge_testbed::{ddl, Keyspace};
use futures::{StreamExt, TryStreamExt};

/// A row's key: `(p, c)`.
pub type Key = (i32, i32);

/// A table of `partitions × per_partition` rows in a keyspace of its own.
pub struct Fixture {
    /// The keyspace, dropped by [`Fixture::drop_with`].
    pub keyspace: Keyspace,
    /// The table's name.
    pub table: String,
    /// Every key written.
    pub keys: BTreeSet<Key>,
}

impl Fixture {
    /// Creates and fills the table through `session`.
    pub async fn create(
        session: &Session,
        tag: &str,
        partitions: i32,
        per_partition: i32,
    ) -> Fixture {
        let keyspace = Keyspace::create(session, tag, 1)
            .await
            .expect("create keyspace");
        let table = "rows".to_owned();
        let t = format!("{}.{table}", keyspace.name);
        ddl(
            session,
            &format!("CREATE TABLE {t} (p int, s text, c int, v text, PRIMARY KEY ((p, s), c))"),
        )
        .await
        .expect("create table");
        let insert = session
            .prepare(&format!("INSERT INTO {t} (p, s, c, v) VALUES (?, ?, ?, ?)"))
            .await
            .expect("prepare insert")
            .with_timeout(std::time::Duration::from_secs(30));
        let keys: BTreeSet<Key> = (0..partitions)
            .flat_map(|p| (0..per_partition).map(move |c| (p, c)))
            .collect();
        futures::stream::iter(keys.iter().copied())
            .map(|(p, c)| {
                let (session, insert) = (session.clone(), insert.clone());
                async move {
                    session
                        .execute(&insert, (p, format!("s{}", p % 3), c, format!("v{p}.{c}")))
                        .await
                }
            })
            .buffer_unordered(64)
            .try_for_each(|_| async { Ok(()) })
            .await
            .expect("fill the table");
        Fixture {
            keyspace,
            table,
            keys,
        }
    }

    /// Another table in the same keyspace, with one row.
    pub async fn other_table(&self, session: &Session) -> String {
        let name = "other".to_owned();
        let t = format!("{}.{name}", self.keyspace.name);
        ddl(
            session,
            &format!("CREATE TABLE IF NOT EXISTS {t} (k int PRIMARY KEY)"),
        )
        .await
        .expect("create");
        session
            .execute(
                Statement::new(format!("INSERT INTO {t} (k) VALUES (1)")),
                (),
            )
            .await
            .expect("insert");
        name
    }

    /// Drops the keyspace.
    pub async fn drop_with(self, session: &Session) {
        self.keyspace
            .drop_with(session)
            .await
            .expect("drop keyspace");
    }
}

/// The key of a scanned row.
pub fn key(row: &Row) -> Key {
    (row.get("p").expect("p"), row.get("c").expect("c"))
}

/// Collects a scan's keys, failing on the first error.
pub async fn keys_of(scan: impl futures::Stream<Item = Result<Row, ScanError>>) -> Vec<Key> {
    scan.map(|r| r.map(|row| key(&row)))
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("scan failed: {e}"))
}

/// Asserts `got` holds every key of `want` exactly once.
pub fn assert_exactly_once(got: &[Key], want: &BTreeSet<Key>, what: &str) {
    let distinct: BTreeSet<Key> = got.iter().copied().collect();
    assert_eq!(
        got.len(),
        distinct.len(),
        "{what}: {} rows, {} distinct: some rows came twice",
        got.len(),
        distinct.len()
    );
    let missing: Vec<_> = want.difference(&distinct).take(5).collect();
    let extra: Vec<_> = distinct.difference(want).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: missing {missing:?}, not written {extra:?}"
    );
    assert_eq!(got.len(), want.len(), "{what}");
}
