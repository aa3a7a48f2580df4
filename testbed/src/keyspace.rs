//! [`Keyspace`]: a keyspace of one test's own on the test bed, and [`ddl`],
//! schema statements with a bound a busy node can meet.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cqlbridge_driver_api::{QueryResult, Result, Session, Statement};

/// The timeout of [`ddl`]: a loaded single node can take many seconds to
/// agree on a schema change.
pub const DDL_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs one schema (or setup) statement with [`DDL_TIMEOUT`].
pub async fn ddl(session: &Session, cql: &str) -> Result<QueryResult> {
    session
        .execute(Statement::new(cql).with_timeout(DDL_TIMEOUT), ())
        .await
}

/// A keyspace (`SimpleStrategy`) made for one test: the name is unique to
/// this process and run; drop it with [`Keyspace::drop_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyspace {
    /// `cqlb_<tag>_<pid>_<n>_<nanos>`, at most 48 characters.
    pub name: String,
}

impl Keyspace {
    /// A fresh name for `tag`: letters, digits and `_` only.
    pub fn unique_name(tag: &str) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let tag: String = tag
            .chars()
            .take(16)
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        format!(
            "cqlb_{tag}_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// Creates a keyspace for `tag` with replication factor `rf` through
    /// `session`.
    pub async fn create(session: &Session, tag: &str, rf: u32) -> Result<Keyspace> {
        let name = Self::unique_name(tag);
        ddl(
            session,
            &format!(
                "CREATE KEYSPACE {name} WITH replication = \
                 {{'class': 'SimpleStrategy', 'replication_factor': {rf}}}"
            ),
        )
        .await?;
        Ok(Keyspace { name })
    }

    /// Drops the keyspace (`IF EXISTS`) through `session`.
    pub async fn drop_with(self, session: &Session) -> Result<()> {
        ddl(session, &format!("DROP KEYSPACE IF EXISTS {}", self.name))
            .await
            .map(drop)
    }
}
