//! Starting a bridge: spawn the thread, wait (bounded) for the factory's
//! session, and on failure join the thread (bounded) before returning the
//! error.

use std::future::Future;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Capabilities, Error, ErrorKind, ExecOptions, Result, Session};
use crossbeam_channel::{Receiver, RecvTimeoutError};

use crate::control::{self, ControlSender};
use crate::in_flight::InFlight;
use crate::on_bridge;
use crate::stop::{stop_signal, Stopped};
use crate::thread::{bridge_main, Start, SHUTDOWN_GRACE, THREAD_NAME};
use crate::tuning::RuntimeShape;

/// A running bridge, as the callers' side sees it.
pub(crate) struct Started {
    /// Where to send the close request.
    pub(crate) control: ControlSender,
    /// The callers' handle on the session.
    pub(crate) session: Session,
    /// Where callers spawn their calls.
    pub(crate) runtime: tokio::runtime::Handle,
    /// The calls running, counted by their callers.
    pub(crate) in_flight: InFlight,
    /// Disconnected once the thread's body has returned (or unwound).
    pub(crate) exit: Receiver<()>,
    /// Raised once the bridge stopped serving jobs, for whatever reason.
    pub(crate) stopped: Stopped,
    /// The thread, to join.
    pub(crate) handle: JoinHandle<()>,
    /// The session's defaults.
    pub(crate) defaults: ExecOptions,
    /// The backend's capabilities.
    pub(crate) capabilities: Capabilities,
}

/// Starts bridge `id`: spawns the thread, runs `factory` on its runtime (of
/// `shape`) and waits (at most `startup_timeout`) for the session. On
/// failure the thread is joined (at most [`SHUTDOWN_GRACE`] twice over)
/// before the error is returned.
pub(crate) fn start<F, Fut>(
    id: u64,
    factory: F,
    startup_timeout: Duration,
    shape: RuntimeShape,
) -> Result<Started>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = Result<Session>> + 'static,
{
    let (control, receiver) = control::queue();
    let (ready_tx, ready_rx) = crossbeam_channel::bounded(1);
    let (exit_tx, exit_rx) = crossbeam_channel::bounded::<()>(0);
    let (flag, stopped) = stop_signal();
    let in_flight = InFlight::default();
    let start = Start {
        id,
        shape,
        ready: ready_tx,
        control: receiver,
        in_flight: in_flight.clone(),
        flag,
    };
    let handle = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || {
            // Declared first, dropped last: its drop tells waiters the
            // thread is done, even when the thread unwinds.
            let _exit = exit_tx;
            on_bridge::mark(id);
            bridge_main(start, factory);
        })
        .map_err(|e| {
            Error::new(
                ErrorKind::Other,
                format!("cannot start the bridge thread: {e}"),
            )
        })?;

    // After a failed start the body has only its runtime's shutdown (at
    // most `SHUTDOWN_GRACE`) or its unwinding left.
    let join_by = || Instant::now() + SHUTDOWN_GRACE * 2;
    match ready_rx.recv_timeout(startup_timeout) {
        Ok(Ok(ready)) => Ok(Started {
            control,
            session: ready.session,
            runtime: ready.runtime,
            in_flight,
            exit: exit_rx,
            stopped,
            handle,
            defaults: ready.defaults,
            capabilities: ready.capabilities,
        }),
        Ok(Err(e)) => {
            // The factory's error matters more than a slow exit.
            let _ = join_within(handle, &exit_rx, join_by());
            Err(e)
        }
        Err(RecvTimeoutError::Disconnected) => {
            // The thread ended without a word: the factory panicked. The
            // panic has been reported by now; only the unwinding is left.
            let why = match join_within(handle, &exit_rx, join_by()) {
                Some(Err(panic)) => panic_message(panic.as_ref()),
                Some(Ok(())) => "no reason given".into(),
                None => "unknown (the thread did not finish unwinding in time)".into(),
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

/// Waits until `deadline` for the thread's body to end, then joins it and
/// returns how it ended. `None` when the deadline passed first: the thread
/// is left to finish on its own.
pub(crate) fn join_within(
    handle: JoinHandle<()>,
    exit: &Receiver<()>,
    deadline: Instant,
) -> Option<std::thread::Result<()>> {
    match exit.recv_deadline(deadline) {
        // The body has returned: `join` only waits for the OS thread to end.
        Err(RecvTimeoutError::Disconnected) | Ok(()) => Some(handle.join()),
        Err(RecvTimeoutError::Timeout) => None,
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
