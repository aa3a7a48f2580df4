//! The `scylla` crate used directly, as a user of the crate would write it,
//! with the settings the cqlbridge sessions of the benches use (LOCAL_ONE,
//! page size, timeout) set explicitly on its execution profile and on each
//! prepared statement: the baseline of `benches/layer.rs`.

use std::time::Duration;

use scylla::client::execution_profile::ExecutionProfile;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::response::PagingState;
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::Consistency;

use super::{check, n_of, TestBed, INSERT, KEYS, PAGE_SIZE, PAYLOAD, SELECT, TIMEOUT};

/// A raw `scylla` session on the bench keyspace, statements prepared.
pub(crate) struct Raw {
    session: Session,
    insert: PreparedStatement,
    select: PreparedStatement,
}

impl Raw {
    /// Connects to the test bed, uses `keyspace` and prepares [`INSERT`] and
    /// [`SELECT`].
    pub(crate) async fn connect(bed: &TestBed, keyspace: &str) -> Raw {
        let profile = ExecutionProfile::builder()
            .consistency(Consistency::LocalOne)
            .request_timeout(Some(TIMEOUT))
            .build();
        let session = SessionBuilder::new()
            .known_nodes(&bed.hosts)
            .user(&bed.user, &bed.password)
            .connection_timeout(Duration::from_secs(10))
            .default_execution_profile_handle(profile.into_handle())
            .use_keyspace(keyspace, false)
            .build()
            .await
            .unwrap_or_else(|e| panic!("raw scylla session: {e}"));
        let insert = prepare(&session, INSERT).await;
        let select = prepare(&session, SELECT).await;
        Raw {
            session,
            insert,
            select,
        }
    }

    /// Writes row `i mod KEYS` (`execute_unpaged`).
    pub(crate) async fn insert(&self, i: u64) -> Result<(), String> {
        let id = (i % KEYS) as i64;
        self.session
            .execute_unpaged(&self.insert, (id, n_of(id), PAYLOAD))
            .await
            .map(drop)
            .map_err(|e| format!("raw insert id {id}: {e}"))
    }

    /// Reads row `i mod KEYS` (`execute_single_page`) into
    /// `(i64, i32, String)`, and [`check`]s it.
    pub(crate) async fn select(&self, i: u64) -> Result<(), String> {
        let id = (i % KEYS) as i64;
        let err = |e: &dyn std::fmt::Display| format!("raw select id {id}: {e}");
        let (result, _) = self
            .session
            .execute_single_page(&self.select, (id,), PagingState::start())
            .await
            .map_err(|e| err(&e))?;
        let rows = result.into_rows_result().map_err(|e| err(&e))?;
        let got = rows
            .single_row::<(i64, i32, String)>()
            .map_err(|e| err(&e))?;
        check(id, got)
    }
}

/// `cql` prepared, with every setting written on the statement itself.
async fn prepare(session: &Session, cql: &str) -> PreparedStatement {
    let mut ps = session
        .prepare(cql)
        .await
        .unwrap_or_else(|e| panic!("raw prepare {cql}: {e}"));
    ps.set_consistency(Consistency::LocalOne);
    ps.set_request_timeout(Some(TIMEOUT));
    ps.set_page_size(PAGE_SIZE as i32);
    ps
}
