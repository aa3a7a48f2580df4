//! The bridge thread: one named OS thread that owns a current-thread Tokio
//! runtime, builds the async `Session` on it, then turns every queued job
//! into a task until it is asked to close.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Error, ErrorKind, Result, Session};
use crossbeam_channel::{Sender, TryRecvError};

use crate::in_flight::InFlight;
use crate::job::{CloseRequest, JobReceiver, Msg};
use crate::start::Ready;

/// The bridge thread's name, as shown by `top -H`, debuggers and panics.
pub(crate) const THREAD_NAME: &str = "cqlbridge-bridge";

/// The name of the bridge runtime's blocking-pool threads.
const BLOCKING_THREAD_NAME: &str = "cqlbridge-blocking";

/// How long the runtime may take to stop its blocking tasks at exit.
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// Jobs taken in a row before the accept loop lets the tasks run.
const YIELD_EVERY: usize = 64;

/// Sets the shared "stopped" flag when dropped: when the bridge stops
/// serving, normally or by unwinding, before its tasks are dropped.
pub(crate) struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    /// A guard that sets `flag` when dropped.
    pub(crate) fn new(flag: Arc<AtomicBool>) -> Self {
        StopFlag(flag)
    }
}

impl Drop for StopFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

/// The bridge thread's body: build the runtime, then serve until closed.
pub(crate) fn bridge_main<F, Fut>(
    factory: F,
    ready: Sender<Result<Ready>>,
    receiver: JobReceiver,
    flag: StopFlag,
) where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<Session>>,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_name(BLOCKING_THREAD_NAME)
        .build();
    let runtime = match runtime {
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
    let _flag = flag;
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
    let request = accept(&session, &receiver, &in_flight).await;
    shut_down(session, &receiver, &in_flight, request).await;
}

/// Spawns one task per job until a close request (or until every sender is
/// gone, which a live `SyncSession` never allows).
async fn accept(
    session: &Session,
    receiver: &JobReceiver,
    in_flight: &InFlight,
) -> Option<CloseRequest> {
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
            Ok(Msg::Close(request)) => return Some(request),
            #[cfg(test)]
            Ok(Msg::Panic) => panic!("bridge thread killed by a test"),
            Err(TryRecvError::Empty) => receiver.bell.notified().await,
            Err(TryRecvError::Disconnected) => return None,
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
