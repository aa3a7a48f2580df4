//! What the telemetry cases (C34–C37, M13) share: the session's metrics
//! and observer registration for either mode, and an observer that logs
//! its calls.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cqlbridge::{MetricsSnapshot, RequestInfo, RequestKind, RequestObserver, RequestOutcome};

use crate::support::check::{fail, Step};
use crate::support::client::Client;

/// The metrics of the session behind `c` (async or sync).
pub fn metrics(c: &dyn Client) -> Step<MetricsSnapshot> {
    match (c.as_async(), c.as_sync()) {
        (Some(s), _) => Ok(s.metrics()),
        (_, Some(s)) => Ok(s.metrics()),
        _ => Err(fail("the client has no session")),
    }
}

/// Registers `o` on the session behind `c`.
pub fn observe(c: &dyn Client, o: Arc<dyn RequestObserver>) -> Step {
    match (c.as_async(), c.as_sync()) {
        (Some(s), _) => s.add_observer(o),
        (_, Some(s)) => s.add_observer(o),
        _ => return Err(fail("the client has no session")),
    }
    Ok(())
}

/// One `on_end` call.
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    /// The request's kind.
    pub kind: RequestKind,
    /// Its operation.
    pub operation: &'static str,
    /// Its profile.
    pub profile: Option<String>,
    /// `ok N`, `err KIND` or `cancelled`.
    pub outcome: String,
    /// Its latency.
    pub latency: Duration,
}

/// Counts `on_start`, keeps every `on_end`; panics on each call when `panics`.
#[derive(Debug, Default)]
pub struct Log {
    /// `on_start` calls.
    pub starts: Mutex<usize>,
    /// `on_end` calls.
    pub ends: Mutex<Vec<Ended>>,
    /// Panic in every call (after logging it).
    pub panics: bool,
}

impl Log {
    /// A log that panics on every call.
    pub fn panicking() -> Self {
        Log {
            panics: true,
            ..Log::default()
        }
    }

    /// `on_start` calls so far.
    pub fn starts(&self) -> usize {
        *self.starts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `on_end` calls so far.
    pub fn ends(&self) -> Vec<Ended> {
        self.ends.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl RequestObserver for Log {
    fn on_start(&self, _: &RequestInfo<'_>) {
        *self.starts.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        if self.panics {
            panic!("scripted observer panic (start)");
        }
    }

    fn on_end(&self, info: &RequestInfo<'_>, latency: Duration, outcome: &RequestOutcome<'_>) {
        let outcome = match outcome {
            RequestOutcome::Ok { rows } => format!("ok {rows}"),
            RequestOutcome::Err(e) => format!("err {}", e.kind().name()),
            RequestOutcome::Cancelled => "cancelled".into(),
            _ => "other".into(),
        };
        self.ends
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Ended {
                kind: info.kind,
                operation: info.operation,
                profile: info.options.profile.clone(),
                outcome,
                latency,
            });
        if self.panics {
            panic!("scripted observer panic (end)");
        }
    }
}
