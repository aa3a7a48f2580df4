//! The bridge thread: one named OS thread that owns a current-thread Tokio
//! runtime, builds the async `Session` on it, then turns every queued job
//! into a task until it is asked to close.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Capabilities, Error, ErrorKind, ExecOptions, Result, Session};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, TryRecvError};

use crate::in_flight::InFlight;
use crate::job::{self, CloseRequest, JobReceiver, JobSender, Msg};
use crate::on_bridge;

/// The bridge thread's name, as shown by `top -H`, debuggers and panics.
pub(crate) const THREAD_NAME: &str = "cqlbridge-bridge";

/// The name of the bridge runtime's blocking-pool threads.
const BLOCKING_THREAD_NAME: &str = "cqlbridge-blocking";

/// How long the runtime may take to stop its blocking tasks at exit.
pub(crate) const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// Jobs taken in a row before the accept loop lets the tasks run.
const YIELD_EVERY: usize = 64;

/// A running bridge, as the callers' side sees it.
pub(crate) struct Started {
    /// Where to send jobs.
    pub(crate) jobs: JobSender,
    /// Disconnected once the thread's body has returned (or unwound).
    pub(crate) exit: Receiver<()>,
    /// Set once the bridge stopped serving jobs, for whatever reason.
    pub(crate) stopped: Arc<AtomicBool>,
    /// The thread, to join.
    pub(crate) handle: JoinHandle<()>,
    /// The session's defaults.
    pub(crate) defaults: ExecOptions,
    /// The backend's capabilities.
    pub(crate) capabilities: Capabilities,
}

/// What the bridge reports once the session is built.
struct Ready {
    defaults: ExecOptions,
    capabilities: Capabilities,
}

/// Starts bridge `id`: spawns the thread, runs `factory` on its runtime and
/// waits (at most `startup_timeout`) for the session. On failure the thread
/// is joined before the error is returned.
pub(crate) fn start<F, Fut>(id: u64, factory: F, startup_timeout: Duration) -> Result<Started>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = Result<Session>> + 'static,
{
    let (jobs, receiver) = job::queue();
    let (ready_tx, ready_rx) = crossbeam_channel::bounded(1);
    let (exit_tx, exit_rx) = crossbeam_channel::bounded::<()>(0);
    let stopped = Arc::new(AtomicBool::new(false));
    let flag = StopFlag(stopped.clone());
    let handle = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || {
            // Declared first, dropped last: its drop tells waiters the
            // thread is done, even when the thread unwinds.
            let _exit = exit_tx;
            on_bridge::mark(id);
            bridge_main(factory, ready_tx, receiver, flag);
        })
        .map_err(|e| {
            Error::new(
                ErrorKind::Other,
                format!("cannot start the bridge thread: {e}"),
            )
        })?;

    match ready_rx.recv_timeout(startup_timeout) {
        Ok(Ok(ready)) => Ok(Started {
            jobs,
            exit: exit_rx,
            stopped,
            handle,
            defaults: ready.defaults,
            capabilities: ready.capabilities,
        }),
        Ok(Err(e)) => {
            // The factory's error matters more than a slow exit.
            let _ = join_within(handle, &exit_rx, Instant::now() + SHUTDOWN_GRACE * 2);
            Err(e)
        }
        Err(RecvTimeoutError::Disconnected) => {
            // The thread ended without a word: the factory panicked.
            let why = match handle.join() {
                Err(panic) => panic_message(panic.as_ref()),
                Ok(()) => "no reason given".into(),
            };
            Err(Error::new(
                ErrorKind::Other,
                format!("the session factory panicked on the bridge thread: {why}"),
            ))
        }
        Err(RecvTimeoutError::Timeout) => {
            // Dropping `ready_rx` tells the thread nobody wants its session:
            // it closes it and exits as soon as the factory returns.
            drop(ready_rx);
            drop(handle);
            Err(Error::timeout(format!(
                "the session factory did not finish within {startup_timeout:?}; \
                 the bridge thread stops as soon as it does"
            )))
        }
    }
}

/// Waits until `deadline` for the thread's body to end, then joins it. When
/// the deadline passes first, the thread is left to finish on its own.
pub(crate) fn join_within(
    handle: JoinHandle<()>,
    exit: &Receiver<()>,
    deadline: Instant,
) -> Result<()> {
    match exit.recv_deadline(deadline) {
        // The body has returned: `join` only waits for the OS thread to end.
        Err(RecvTimeoutError::Disconnected) | Ok(()) => {
            let _ = handle.join();
            Ok(())
        }
        Err(RecvTimeoutError::Timeout) => Err(Error::timeout(
            "the bridge thread did not stop in time; it was left to finish on its own",
        )),
    }
}

/// Sets the shared "stopped" flag when dropped: when the bridge stops
/// serving, normally or by unwinding, before its tasks are dropped.
struct StopFlag(Arc<AtomicBool>);

impl Drop for StopFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

fn bridge_main<F, Fut>(
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

/// The text of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a non-text panic payload".into()
    }
}
