//! Server-side tracing: [`Session::trace`] reads what the server recorded
//! for a request run `with_tracing(true)` from `system_traces`, waiting,
//! bounded, until the trace is complete.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use uuid::Uuid;

use crate::consistency::Consistency;
use crate::error::{Error, Result};
use crate::session::Session;
use crate::statement::Statement;
use crate::value::CqlTimestamp;

/// How long [`Session::trace`] waits for a trace to be complete.
pub const DEFAULT_TRACE_WAIT: Duration = Duration::from_secs(10);
/// How long to wait between two reads of an incomplete trace.
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// The bound on one read of `system_traces`.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// What the server recorded about one traced request.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Trace {
    /// The trace id ([`QueryResult::tracing_id`](crate::QueryResult::tracing_id)).
    pub id: Uuid,
    /// The node that coordinated the request.
    pub coordinator: Option<IpAddr>,
    /// The request's kind, as the server names it (e.g. `Execute CQL3 query`).
    pub request: String,
    /// The request's parameters (consistency, page size, the query text…).
    pub parameters: BTreeMap<String, String>,
    /// When the coordinator began.
    pub started_at: Option<CqlTimestamp>,
    /// How long the coordinator took.
    pub duration: Duration,
    /// Each step, in the order the server recorded them.
    pub events: Vec<TraceEvent>,
}

/// One step of a [`Trace`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TraceEvent {
    /// What happened.
    pub activity: String,
    /// The node where it happened.
    pub source: Option<IpAddr>,
    /// Time since the request reached that node.
    pub source_elapsed: Duration,
    /// The server thread.
    pub thread: String,
}

impl Session {
    /// The trace `id` (from [`QueryResult::tracing_id`](crate::QueryResult::tracing_id)),
    /// waiting up to [`DEFAULT_TRACE_WAIT`] for it to be complete; see
    /// [`Session::trace_within`].
    pub async fn trace(&self, id: Uuid) -> Result<Trace> {
        self.trace_within(id, DEFAULT_TRACE_WAIT).await
    }

    /// The trace `id`, read from `system_traces.sessions` and
    /// `system_traces.events` at `ONE`. The server writes a trace in the
    /// background, so this reads it every 100 ms until its session row has
    /// a duration (the request is over), then its events; after `wait` it
    /// fails with [`ErrorKind::Timeout`](crate::ErrorKind::Timeout). A
    /// failed read fails at once. The trace is read at least once.
    pub async fn trace_within(&self, id: Uuid, wait: Duration) -> Result<Trace> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(mut trace) = self.trace_session(id).await? {
                trace.events = self.trace_events(id).await?;
                return Ok(trace);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::timeout(format!(
                    "trace {id} not complete within {wait:?} (no such trace, or the server \
                     has not finished writing it)"
                )));
            }
            tokio::time::sleep(left.min(POLL_INTERVAL)).await;
        }
    }

    /// The session row of trace `id`, once it has a duration.
    async fn trace_session(&self, id: Uuid) -> Result<Option<Trace>> {
        let read = traces_read(
            "SELECT coordinator, request, parameters, started_at, duration \
             FROM system_traces.sessions WHERE session_id = ?",
        );
        let result = self.execute(read, (id,)).await?;
        let Some(row) = result.first_row() else {
            return Ok(None);
        };
        let Some(micros) = row.get::<Option<i32>>("duration")? else {
            return Ok(None);
        };
        Ok(Some(Trace {
            id,
            coordinator: row.get("coordinator")?,
            request: row.get::<Option<String>>("request")?.unwrap_or_default(),
            parameters: row
                .get::<Option<BTreeMap<String, String>>>("parameters")?
                .unwrap_or_default(),
            started_at: row.get("started_at")?,
            duration: micros_to_duration(micros),
            events: Vec::new(),
        }))
    }

    /// The events of trace `id`, in the order of their time-based ids.
    async fn trace_events(&self, id: Uuid) -> Result<Vec<TraceEvent>> {
        let read = traces_read(
            "SELECT activity, source, source_elapsed, thread \
             FROM system_traces.events WHERE session_id = ?",
        );
        let result = self.execute(read, (id,)).await?;
        result.map_rows(|row| {
            Ok(TraceEvent {
                activity: row.get::<Option<String>>("activity")?.unwrap_or_default(),
                source: row.get("source")?,
                source_elapsed: micros_to_duration(
                    row.get::<Option<i32>>("source_elapsed")?.unwrap_or(0),
                ),
                thread: row.get::<Option<String>>("thread")?.unwrap_or_default(),
            })
        })
    }
}

/// A read of `system_traces`: at `ONE`, unpaged by size (a trace is small),
/// bounded, idempotent.
fn traces_read(cql: &'static str) -> Statement {
    Statement::new(cql)
        .with_consistency(Consistency::One)
        .with_timeout(READ_TIMEOUT)
        .with_idempotent(true)
}

/// Microseconds as a duration (a negative count, which the server never
/// writes, as zero).
fn micros_to_duration(micros: i32) -> Duration {
    Duration::from_micros(u64::try_from(micros).unwrap_or(0))
}
