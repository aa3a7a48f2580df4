//! [`SyncSession::trace`]: the blocking form of `Session::trace`, one task
//! on the bridge that waits, bounded, for the trace to be complete.

use std::time::Duration;

use cqlbridge_driver_api::{Result, Trace, DEFAULT_TRACE_WAIT};
use uuid::Uuid;

use crate::session::SyncSession;

/// What the two reads of a trace may add to its wait (each is bounded by
/// 5 s on the runtime).
const READS: Duration = Duration::from_secs(10);

impl SyncSession {
    /// The trace `id` (from `QueryResult::tracing_id`), waiting up to
    /// `DEFAULT_TRACE_WAIT` for it to be complete; see
    /// [`SyncSession::trace_within`].
    pub fn trace(&self, id: Uuid) -> Result<Trace> {
        self.trace_within(id, DEFAULT_TRACE_WAIT)
    }

    /// The trace `id`, read from `system_traces` once it is complete; see
    /// `Session::trace_within`. Fails with `Timeout` after `wait` (the
    /// bridge's own bound is `wait` plus the reads' bounds plus the margin).
    pub fn trace_within(&self, id: Uuid, wait: Duration) -> Result<Trace> {
        self.inner.call(
            "trace",
            Some(wait.saturating_add(READS)),
            move |s| async move { s.trace_within(id, wait).await },
        )
    }
}
