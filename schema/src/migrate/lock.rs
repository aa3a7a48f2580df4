//! The migration lock: one row of `cqlbridge_migrations_lock`, taken with
//! a lightweight transaction (`INSERT … IF NOT EXISTS USING TTL`) that
//! names its owner (a fresh id per runner).
//!
//! - A second runner retries every 250 ms up to its wait bound, then fails
//!   with [`MigrateError::LockHeld`], naming the holder.
//! - The holder refreshes the row from a background task every third of
//!   the TTL (`UPDATE … USING TTL … IF owner = me`), so a long migration
//!   keeps it; a runner that dies stops refreshing, and its lock expires
//!   at most one TTL later.
//! - A refresh that finds another owner (or fails for a whole TTL) marks
//!   the lock lost: the runner stops before its next statement with
//!   [`MigrateError::LockLost`].
//! - Releasing deletes the row only if this runner still owns it
//!   (`DELETE … IF owner = me`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::QueryResult;
use tokio::task::AbortHandle;

use crate::migrate::error::{MigrateError, MigrateResult};
use crate::migrate::state::{State, LOCK_TABLE};

/// The key of the one lock row.
const LOCK_ID: &str = "migrate";
/// How long a waiting runner sleeps between two tries.
const RETRY_EVERY: Duration = Duration::from_millis(250);

/// A held lock; [`Lock::release`] gives it back. Dropped without a
/// release, it stops refreshing and expires with its TTL.
#[derive(Debug)]
pub(crate) struct Lock {
    state: State,
    owner: String,
    lost: Arc<AtomicBool>,
    heartbeat: AbortHandle,
}

impl Drop for Lock {
    fn drop(&mut self) {
        self.heartbeat.abort();
    }
}

/// The owner named by a not-applied LWT result.
fn holder(result: &QueryResult) -> Option<String> {
    result
        .first_row()
        .and_then(|r| r.get::<Option<String>>("owner").ok().flatten())
}

/// The TTL in whole seconds, at least 1.
fn ttl_secs(ttl: Duration) -> i32 {
    i32::try_from(ttl.as_secs().max(1)).unwrap_or(i32::MAX)
}

impl Lock {
    /// Takes the lock for `owner`, waiting at most `wait` for a holder to
    /// release it or for its TTL to run out.
    pub(crate) async fn acquire(
        state: &State,
        owner: &str,
        ttl: Duration,
        wait: Duration,
    ) -> MigrateResult<Lock> {
        let started = Instant::now();
        let cql = format!(
            "INSERT INTO {}.{LOCK_TABLE} (id, owner, since) VALUES (?, ?, toTimestamp(now())) \
             IF NOT EXISTS USING TTL ?",
            state.keyspace
        );
        let mut last_holder: String;
        loop {
            let tried = state
                .run(
                    "taking the lock",
                    cql.clone(),
                    (LOCK_ID, owner, ttl_secs(ttl)),
                )
                .await;
            match tried {
                Ok(r) if r.applied() == Some(true) => break,
                // Our own row: an earlier try that timed out did take it.
                Ok(r) if holder(&r).as_deref() == Some(owner) => break,
                Ok(r) => last_holder = holder(&r).unwrap_or_else(|| "unknown".into()),
                // A timed-out LWT may or may not have applied: the next try tells.
                Err(e) if started.elapsed() < wait => last_holder = e.to_string(),
                Err(e) => return Err(e),
            }
            let left = wait.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(MigrateError::LockHeld {
                    owner: last_holder,
                    waited: started.elapsed(),
                });
            }
            tokio::time::sleep(left.min(RETRY_EVERY)).await;
        }
        let lost = Arc::new(AtomicBool::new(false));
        let heartbeat = tokio::spawn(refresh(
            state.clone(),
            owner.to_string(),
            ttl,
            Arc::clone(&lost),
        ))
        .abort_handle();
        Ok(Lock {
            state: state.clone(),
            owner: owner.to_string(),
            lost,
            heartbeat,
        })
    }

    /// This runner's id.
    pub(crate) fn owner(&self) -> &str {
        &self.owner
    }

    /// A flag the refresh raises when the lock is lost.
    pub(crate) fn lost_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.lost)
    }

    /// Fails with [`MigrateError::LockLost`] once the lock is lost.
    pub(crate) fn check(&self) -> MigrateResult<()> {
        if self.lost.load(Ordering::Acquire) {
            return Err(MigrateError::LockLost {
                owner: self.owner.clone(),
            });
        }
        Ok(())
    }

    /// Stops refreshing and deletes the row if this runner still owns it.
    pub(crate) async fn release(self) -> MigrateResult<()> {
        self.heartbeat.abort();
        let cql = format!(
            "DELETE FROM {}.{LOCK_TABLE} WHERE id = ? IF owner = ?",
            self.state.keyspace
        );
        self.state
            .run("releasing the lock", cql, (LOCK_ID, self.owner.as_str()))
            .await
            .map(drop)
    }
}

/// Refreshes the lock every third of `ttl` until it is aborted, or until a
/// refresh finds another owner or none has succeeded for a whole `ttl`.
async fn refresh(state: State, owner: String, ttl: Duration, lost: Arc<AtomicBool>) {
    let cql = format!(
        "UPDATE {}.{LOCK_TABLE} USING TTL ? SET owner = ?, since = toTimestamp(now()) \
         WHERE id = ? IF owner = ?",
        state.keyspace
    );
    let mut last_ok = Instant::now();
    loop {
        tokio::time::sleep(ttl / 3).await;
        let values = (ttl_secs(ttl), owner.as_str(), LOCK_ID, owner.as_str());
        match state.run("refreshing the lock", cql.clone(), values).await {
            Ok(r) if r.applied() == Some(true) => last_ok = Instant::now(),
            Ok(_) => break,
            Err(_) if last_ok.elapsed() < ttl => {}
            Err(_) => break,
        }
    }
    lost.store(true, Ordering::Release);
}
