//! Running a call's future on its caller's own thread, parked between
//! polls, within a deadline: the driver's connection tasks stay on the
//! bridge runtime, but the call itself (the layer's work, encoding and
//! decoding) runs where the caller is, and the driver's reply wakes the
//! caller directly instead of a bridge task that then wakes it.
//!
//! The future is polled inside the bridge runtime's context, so the timers
//! and sockets it creates belong to that runtime. A caller parks for at
//! most [`STOP_CHECK`] at a time and then looks at the stop signal, so a
//! bridge that dies turns a waiting call into an error within that bound
//! even when nothing wakes it.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;
use std::time::{Duration, Instant};

use tokio::runtime::Handle;

use crate::stop::Stopped;
use crate::timings::TimingCounters;

/// The longest a parked caller goes without looking at the stop signal.
pub(crate) const STOP_CHECK: Duration = Duration::from_millis(100);

/// How a call run here ended, when it did not return.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NoReply {
    /// The deadline passed first.
    TimedOut,
    /// The bridge stopped while the call waited.
    Stopped,
    /// Polling the call panicked (a driver bug, or a runtime torn down
    /// under it).
    Panicked,
}

/// Wakes one parked caller thread.
struct CallerWaker {
    thread: Thread,
    woken: AtomicBool,
    /// When recording: the last wake-up, in nanoseconds after `base`.
    last_wake: Option<(Instant, AtomicU64)>,
}

impl CallerWaker {
    /// The last wake-up, when recording and woken at least once.
    fn last_wake(&self) -> Option<Instant> {
        let (base, nanos) = self.last_wake.as_ref()?;
        match nanos.load(Ordering::Acquire) {
            0 => None,
            n => Some(*base + Duration::from_nanos(n)),
        }
    }
}

impl Wake for CallerWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if let Some((base, nanos)) = &self.last_wake {
            let since = u64::try_from(base.elapsed().as_nanos()).unwrap_or(u64::MAX);
            nanos.store(since.max(1), Ordering::Release);
        }
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Where a call run here is bounded and reports.
pub(crate) struct Bounds<'a> {
    /// When the caller stops waiting.
    pub(crate) deadline: Instant,
    /// The bridge's stop signal.
    pub(crate) stopped: &'a Stopped,
    /// Where the call adds its timings, when the session records them.
    pub(crate) timings: Option<&'a TimingCounters>,
}

/// Polls `call` on this thread, in `runtime`'s context, until it is ready,
/// the deadline passes or the bridge stops. When recording, `running` ends
/// at the last wake-up before the call was ready (or when it was ready, if
/// nothing woke it) and `waking` is the rest (`queued` is the gap before
/// the first poll).
pub(crate) fn run_here<F: Future>(
    runtime: &Handle,
    call: F,
    bounds: &Bounds<'_>,
) -> Result<F::Output, NoReply> {
    let sent = Instant::now();
    let out = poll_here(runtime, call, bounds)?;
    if let Some((counters, (started, last))) = bounds.timings.zip(out.1) {
        // Ready without a wake-up: it all ran, nothing woke the caller.
        let ready = Instant::now();
        let woke = last.unwrap_or(ready);
        counters.add_bridge(sent, started, woke);
        counters.add_wake(woke, ready);
    }
    Ok(out.0)
}

/// When recording: the first poll, and the last wake-up if there was one.
type Clocked = (Instant, Option<Instant>);

/// The poll loop of [`run_here`]: the output, and when recording, the first
/// poll and the last wake-up.
fn poll_here<F: Future>(
    runtime: &Handle,
    call: F,
    bounds: &Bounds<'_>,
) -> Result<(F::Output, Option<Clocked>), NoReply> {
    let Bounds {
        deadline, stopped, ..
    } = *bounds;
    let _context = runtime.enter();
    let recording = bounds.timings.is_some();
    let state = Arc::new(CallerWaker {
        thread: std::thread::current(),
        woken: AtomicBool::new(false),
        last_wake: recording.then(|| (Instant::now(), AtomicU64::new(0))),
    });
    let started = recording.then(Instant::now);
    let waker = Waker::from(state.clone());
    let mut cx = Context::from_waker(&waker);
    let mut call = pin!(call);
    loop {
        if stopped.is_raised() {
            return Err(NoReply::Stopped);
        }
        let polled = catch_unwind(AssertUnwindSafe(|| call.as_mut().poll(&mut cx)));
        match polled {
            Ok(Poll::Ready(out)) => return Ok((out, started.map(|s| (s, state.last_wake())))),
            Ok(Poll::Pending) => {}
            Err(_) => return Err(NoReply::Panicked),
        }
        loop {
            if state.woken.swap(false, Ordering::Acquire) {
                break;
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(NoReply::TimedOut);
            }
            std::thread::park_timeout((deadline - now).min(STOP_CHECK));
            if stopped.is_raised() {
                return Err(NoReply::Stopped);
            }
        }
    }
}
