//! The state every clone of a `SyncSession` shares, and the one way a call
//! reaches the bridge: [`Inner::call`], which spawns the call as a task on
//! the bridge runtime and waits, bounded, for its reply on a one-shot
//! channel.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Capabilities, Error, ErrorKind, ExecOptions, Result, Session};
use crossbeam_channel::Receiver;
use oneshot::RecvTimeoutError;
use tokio::runtime::Handle;
use tracing::Instrument;

use crate::control::ControlSender;
use crate::deadlines::Deadlines;
use crate::here::{self, NoReply};
use crate::in_flight::InFlight;
use crate::limits::Limits;
use crate::on_bridge;
use crate::start::Started;
use crate::stop::Stopped;
use crate::timings::TimingCounters;

/// Shared by every clone; dropping the last one shuts the bridge down
/// (see `shutdown.rs`).
#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) id: u64,
    pub(crate) control: ControlSender,
    /// The callers' handle on the session; `None` only while dropping.
    pub(crate) session: Option<Session>,
    /// Where calls are spawned.
    pub(crate) runtime: Handle,
    /// The calls running; closing drains them.
    pub(crate) in_flight: InFlight,
    pub(crate) exit: Receiver<()>,
    pub(crate) stopped: Stopped,
    pub(crate) closed: AtomicBool,
    pub(crate) thread: Mutex<Option<JoinHandle<()>>>,
    pub(crate) deadlines: Deadlines,
    pub(crate) defaults: ExecOptions,
    pub(crate) capabilities: Capabilities,
    pub(crate) limits: Limits,
    /// Where calls add their timings, when the session records them.
    pub(crate) timings: Option<Arc<TimingCounters>>,
    /// Whether calls run on their callers' threads (`here.rs`) instead of
    /// as tasks on the bridge runtime.
    pub(crate) on_caller: bool,
}

impl Inner {
    /// The shared state of a freshly started bridge.
    pub(crate) fn new(
        id: u64,
        started: Started,
        limits: Limits,
        timings: Option<Arc<TimingCounters>>,
        on_caller: bool,
    ) -> Self {
        Inner {
            id,
            control: started.control,
            session: Some(started.session),
            runtime: started.runtime,
            in_flight: started.in_flight,
            exit: started.exit,
            stopped: started.stopped,
            closed: AtomicBool::new(false),
            thread: Mutex::new(Some(started.handle)),
            deadlines: Deadlines::new(),
            defaults: started.defaults,
            capabilities: started.capabilities,
            limits,
            timings,
            on_caller,
        }
    }

    /// True after `close()`, or once the bridge thread stopped.
    pub(crate) fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire) || self.stopped.is_raised()
    }

    /// The timeout a call with `own` (the statement's timeout) runs under.
    pub(crate) fn effective_timeout(&self, own: Option<Duration>) -> Duration {
        own.or(self.defaults.timeout)
            .unwrap_or(self.limits.fallback_timeout)
    }

    /// The join handle slot; a poisoned lock is still usable (it only
    /// guards an `Option` that is taken once).
    pub(crate) fn thread_slot(&self) -> MutexGuard<'_, Option<JoinHandle<()>>> {
        self.thread.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Refuses a blocking call made on one of this bridge's own threads (from
    /// a task or callback running on its runtime): waiting there for the
    /// runtime would deadlock it.
    pub(crate) fn refuse_own_thread(&self, what: &str) -> Result<()> {
        if on_bridge::is_bridge_thread(self.id) {
            return Err(Error::new(
                ErrorKind::Other,
                format!(
                    "SyncSession::{what} was called on the session's own bridge thread \
                     (from a task or callback running on the bridge runtime); a blocking \
                     call there would deadlock, so use the async Session instead"
                ),
            ));
        }
        Ok(())
    }

    /// Refuses calls that cannot be served: from the bridge's own threads,
    /// and after close or the bridge thread's death.
    pub(crate) fn check_caller(&self, what: &str) -> Result<()> {
        self.refuse_own_thread(what)?;
        if self.stopped.is_raised() && !self.closed.load(Ordering::Acquire) {
            return Err(stopped_error());
        }
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::closed());
        }
        Ok(())
    }

    /// Runs `make(session)` and waits for its result, at most `timeout`
    /// (else the session default) plus the margin: polled on this thread
    /// when `on_caller` (`here.rs`), else as one task on the bridge runtime.
    /// Either way it runs inside the caller's current `tracing` span, so the
    /// request's span is a child of the caller's.
    pub(crate) fn call<T, F, Fut>(
        &self,
        what: &str,
        timeout: Option<Duration>,
        make: F,
    ) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(Session) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T>> + Send + 'static,
    {
        self.check_caller(what)?;
        let timeout = self.effective_timeout(timeout);
        let bound = timeout.saturating_add(self.limits.margin);
        self.deadlines.extend(bound);
        let Some(session) = self.session.clone() else {
            return Err(Error::closed());
        };
        // Counted in before the closed check: a close that the check missed
        // drains this call (both orders are sequentially consistent).
        let guard = self.in_flight.enter();
        if self.closed.load(Ordering::SeqCst) {
            return Err(Error::closed());
        }
        if self.on_caller {
            let bounds = here::Bounds {
                deadline: Instant::now() + bound,
                stopped: &self.stopped,
                timings: self.timings.as_deref(),
            };
            let call = async move {
                let _guard = guard;
                make(session).await
            };
            return match here::run_here(&self.runtime, call, &bounds) {
                Ok(result) => result,
                Err(NoReply::TimedOut) => Err(self.no_reply(bound, timeout)),
                Err(NoReply::Stopped) => Err(self.lost_error()),
                Err(NoReply::Panicked) => Err(Error::new(
                    ErrorKind::Other,
                    "the driver panicked while running this call",
                )),
            };
        }
        let (reply, answer) = oneshot::channel();
        let clock = self.timings.clone().map(|t| (t, Instant::now()));
        let caller_span = tracing::Span::current();
        // A runtime that has shut down (a dead bridge) drops the task at
        // once; the caller then sees the reply channel closed.
        let task = async move {
            let _guard = guard;
            let started = clock.as_ref().map(|_| Instant::now());
            let result = make(session).await;
            let replied = clock.zip(started).map(|((counters, sent), started)| {
                let now = Instant::now();
                counters.add_bridge(sent, started, now);
                now
            });
            // The caller may have given up: a failed send is fine.
            let _ = reply.send((result, replied));
        };
        drop(self.runtime.spawn(task.instrument(caller_span)));
        match answer.recv_timeout(bound) {
            Ok((result, replied)) => {
                if let Some((counters, replied)) = self.timings.as_ref().zip(replied) {
                    counters.add_wake(replied, Instant::now());
                }
                result
            }
            Err(RecvTimeoutError::Timeout) => Err(self.no_reply(bound, timeout)),
            Err(RecvTimeoutError::Disconnected) => Err(self.lost_error()),
        }
    }

    /// The caller waited out its bound: `timeout` plus the margin.
    fn no_reply(&self, bound: Duration, timeout: Duration) -> Error {
        Error::timeout(format!(
            "no reply from the bridge within {bound:?} (the timeout of {timeout:?} plus a \
             margin of {:?})",
            self.limits.margin
        ))
    }

    /// Why a job or its reply was dropped without an answer.
    fn lost_error(&self) -> Error {
        if self.closed.load(Ordering::Acquire) {
            Error::closed()
        } else if self.stopped.is_raised() {
            stopped_error()
        } else {
            Error::new(
                ErrorKind::Other,
                "the task running this call panicked on the bridge runtime",
            )
        }
    }
}

/// The bridge thread stopped without being closed (it panicked).
pub(crate) fn stopped_error() -> Error {
    Error::new(
        ErrorKind::Closed,
        "the bridge thread stopped unexpectedly (it panicked); the session is unusable",
    )
}
