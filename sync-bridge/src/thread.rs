//! The bridge thread: one named OS thread that owns the bridge's Tokio
//! runtime (current-thread by default, or multi-thread with workers of its
//! own), builds the
//! async `Session` on it, hands the callers a handle on both, then waits
//! for the request to close: drains the calls still running, closes the
//! driver and shuts the runtime down.

use std::future::Future;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Capabilities, Error, ErrorKind, ExecOptions, Result, Session};
use crossbeam_channel::{Sender, TryRecvError};
use tokio::runtime::Handle;

use crate::control::{CloseRequest, ControlReceiver, Msg};
use crate::in_flight::InFlight;
use crate::on_bridge;
use crate::stop::StopFlag;
use crate::tuning::RuntimeShape;

/// The bridge thread's name, as shown by `top -H`, debuggers and panics.
pub(crate) const THREAD_NAME: &str = "cqlbridge-bridge";

/// The name of the bridge runtime's other threads (its workers and its
/// blocking pool).
const RUNTIME_THREAD_NAME: &str = "cqlbridge-runtime";

/// How long the runtime may take to stop its blocking tasks at exit.
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// What the bridge reports once the session is built.
pub(crate) struct Ready {
    /// The callers' handle on the session (its tasks run on the runtime).
    pub(crate) session: Session,
    /// Where callers spawn their calls.
    pub(crate) runtime: Handle,
    /// The session's defaults.
    pub(crate) defaults: ExecOptions,
    /// The backend's capabilities.
    pub(crate) capabilities: Capabilities,
}

/// Why the bridge stopped waiting for a close request.
enum Ended {
    /// A close request: drain, close the driver, reply.
    Close(CloseRequest),
    /// Every sender is gone (a live `SyncSession` never allows it).
    Abandoned,
    /// The test kill switch.
    #[cfg(test)]
    Killed,
}

/// Builds the bridge runtime of `shape`; each of its threads is marked as
/// a thread of bridge `id` as it starts.
fn build_runtime(id: u64, shape: RuntimeShape) -> std::io::Result<tokio::runtime::Runtime> {
    let mut builder = match shape {
        RuntimeShape::CurrentThread => tokio::runtime::Builder::new_current_thread(),
        RuntimeShape::MultiThread(workers) => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(workers.get());
            b
        }
    };
    builder
        .enable_all()
        .thread_name(RUNTIME_THREAD_NAME)
        .on_thread_start(move || on_bridge::mark(id))
        .build()
}

/// What the bridge thread is started with.
pub(crate) struct Start {
    /// The bridge's id, marked on every runtime thread.
    pub(crate) id: u64,
    /// The runtime's shape.
    pub(crate) shape: RuntimeShape,
    /// Where the session (or the factory's error) is reported.
    pub(crate) ready: Sender<Result<Ready>>,
    /// The control queue.
    pub(crate) control: ControlReceiver,
    /// The calls running, counted by their callers.
    pub(crate) in_flight: InFlight,
    /// Raised (dropped) once the bridge stopped serving.
    pub(crate) flag: StopFlag,
}

/// The bridge thread's body: build the runtime, then serve until closed.
pub(crate) fn bridge_main<F, Fut>(start: Start, factory: F)
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Session>>,
{
    let runtime = match build_runtime(start.id, start.shape) {
        Ok(rt) => rt,
        Err(e) => {
            let msg = format!("cannot build the bridge runtime: {e}");
            let _ = start.ready.send(Err(Error::new(ErrorKind::Other, msg)));
            return;
        }
    };
    runtime.block_on(serve(factory, start));
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
}

async fn serve<F, Fut>(factory: F, start: Start)
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Session>>,
{
    let Start {
        ready,
        control,
        in_flight,
        flag,
        ..
    } = start;
    let session = match factory().await {
        Ok(s) => s,
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let info = Ready {
        session: session.clone(),
        runtime: Handle::current(),
        defaults: session.defaults().clone(),
        capabilities: session.capabilities(),
    };
    if ready.send(Ok(info)).is_err() {
        // The caller gave up waiting for the start: nobody will use it.
        let by = Instant::now() + session.defaults().timeout.unwrap_or(SHUTDOWN_GRACE);
        let _ = tokio::time::timeout_at(by.into(), session.close()).await;
        return;
    }
    drop(ready);
    let request = match wait_for_close(&control).await {
        Ended::Close(request) => Some(request),
        Ended::Abandoned => None,
        #[cfg(test)]
        Ended::Killed => {
            // Raised (dropped) before the panic, as by a bridge that detects
            // its own death: callers see a dead bridge at once, not once the
            // panic has been reported and unwound.
            drop(flag);
            panic!("bridge thread killed by a test");
        }
    };
    shut_down(session, &control, &in_flight, request).await;
    // The flag is raised (dropped) only now, after the close reply.
    drop(flag);
}

/// Waits for a close request (or for every sender to go, which a live
/// `SyncSession` never allows).
async fn wait_for_close(control: &ControlReceiver) -> Ended {
    loop {
        match control.rx.try_recv() {
            Ok(Msg::Close(request)) => return Ended::Close(request),
            #[cfg(test)]
            Ok(Msg::Panic) => return Ended::Killed,
            Err(TryRecvError::Empty) => control.bell.notified().await,
            Err(TryRecvError::Disconnected) => return Ended::Abandoned,
        }
    }
}

/// Drains the running calls (until the request's deadline), closes the
/// driver and reports; the callers' session handle, if the request carries
/// it, is dropped here, after the close.
async fn shut_down(
    session: Session,
    control: &ControlReceiver,
    in_flight: &InFlight,
    request: Option<CloseRequest>,
) {
    let now = Instant::now();
    let (drain_until, close_by, reply, handle) = match request {
        Some(r) => (r.drain_until, r.close_by, Some(r.reply), r.handle),
        None => (now + SHUTDOWN_GRACE, now + SHUTDOWN_GRACE * 2, None, None),
    };
    in_flight.wait_idle(drain_until).await;
    let closed = match tokio::time::timeout_at(close_by.into(), session.close()).await {
        Ok(r) => r,
        Err(_) => Err(Error::timeout("the driver did not close in time")),
    };
    drop(handle);
    // Only one close request is ever sent (the join handle is taken once).
    while control.rx.try_recv().is_ok() {}
    if let Some(reply) = reply {
        let _ = reply.send(closed);
    }
}
