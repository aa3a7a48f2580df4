//! The bridge thread: one named OS thread that owns the bridge's Tokio
//! runtime (by default multi-thread, with workers of its own), builds the
//! async `Session` on it, then turns every queued job into a task until it
//! is asked to close.

use std::future::Future;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Capabilities, Error, ErrorKind, ExecOptions, Result, Session};
use crossbeam_channel::{Sender, TryRecvError};

use crate::in_flight::InFlight;
use crate::job::{CloseRequest, JobReceiver, Msg};
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

/// Jobs taken in a row before the accept loop lets the tasks run.
const YIELD_EVERY: usize = 64;

/// What the bridge reports once the session is built.
pub(crate) struct Ready {
    /// The session's defaults.
    pub(crate) defaults: ExecOptions,
    /// The backend's capabilities.
    pub(crate) capabilities: Capabilities,
}

/// Why the accept loop stopped taking jobs.
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

/// The bridge thread's body: build the runtime, then serve until closed.
pub(crate) fn bridge_main<F, Fut>(
    id: u64,
    shape: RuntimeShape,
    factory: F,
    ready: Sender<Result<Ready>>,
    receiver: JobReceiver,
    flag: StopFlag,
) where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Session>>,
{
    let runtime = match build_runtime(id, shape) {
        Ok(rt) => rt,
        Err(e) => {
            let msg = format!("cannot build the bridge runtime: {e}");
            let _ = ready.send(Err(Error::new(ErrorKind::Other, msg)));
            return;
        }
    };
    runtime.block_on(serve(factory, ready, receiver, flag));
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
}

async fn serve<F, Fut>(
    factory: F,
    ready: Sender<Result<Ready>>,
    receiver: JobReceiver,
    flag: StopFlag,
) where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Session>>,
{
    let session = match factory().await {
        Ok(s) => s,
        Err(e) => {
            let _ = ready.send(Err(e));
            return;
        }
    };
    let info = Ready {
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
    let in_flight = InFlight::default();
    let request = match accept(&session, &receiver, &in_flight).await {
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
    shut_down(session, &receiver, &in_flight, request).await;
    // The flag is raised (dropped) only now, after the close reply.
    drop(flag);
}

/// Spawns one task per job until a close request (or until every sender is
/// gone, which a live `SyncSession` never allows).
async fn accept(session: &Session, receiver: &JobReceiver, in_flight: &InFlight) -> Ended {
    let mut taken = 0usize;
    loop {
        match receiver.rx.try_recv() {
            Ok(Msg::Job(job)) => {
                let task = job(session);
                let guard = in_flight.enter();
                tokio::spawn(async move {
                    let _guard = guard;
                    task.await;
                });
                taken += 1;
                if taken == YIELD_EVERY {
                    taken = 0;
                    tokio::task::yield_now().await;
                }
            }
            Ok(Msg::Close(request)) => return Ended::Close(request),
            #[cfg(test)]
            Ok(Msg::Panic) => return Ended::Killed,
            Err(TryRecvError::Empty) => receiver.bell.notified().await,
            Err(TryRecvError::Disconnected) => return Ended::Abandoned,
        }
    }
}

/// Drains the running tasks (until the request's deadline), closes the
/// driver and reports. Jobs queued behind the request are dropped, so their
/// callers see a closed session at once.
async fn shut_down(
    session: Session,
    receiver: &JobReceiver,
    in_flight: &InFlight,
    request: Option<CloseRequest>,
) {
    while receiver.rx.try_recv().is_ok() {}
    let now = Instant::now();
    let (drain_until, close_by, reply) = match request {
        Some(r) => (r.drain_until, r.close_by, Some(r.reply)),
        None => (now + SHUTDOWN_GRACE, now + SHUTDOWN_GRACE * 2, None),
    };
    in_flight.wait_idle(drain_until).await;
    let closed = match tokio::time::timeout_at(close_by.into(), session.close()).await {
        Ok(r) => r,
        Err(_) => Err(Error::timeout("the driver did not close in time")),
    };
    if let Some(reply) = reply {
        let _ = reply.send(closed);
    }
}
