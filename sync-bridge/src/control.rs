//! What crosses from callers to the bridge thread itself: [`Msg`]s on a
//! crossbeam queue, with a doorbell that wakes the bridge's accept loop.
//!
//! Calls do not take this path: a caller spawns its call straight onto the
//! bridge runtime (see `inner.rs`). The bridge thread only waits here for
//! the one request that ends it, `Close`.

use std::sync::Arc;
use std::time::Instant;

use cqlbridge_driver_api::{Result, Session};
use crossbeam_channel::{Receiver, SendError, Sender};
use tokio::sync::Notify;

/// A message to the bridge thread.
pub(crate) enum Msg {
    /// Stop taking calls, drain the running ones, close the driver, exit.
    Close(CloseRequest),
    /// Panic the bridge thread outside any task (guard tests only).
    #[cfg(test)]
    Panic,
}

/// How long the bridge may take to shut down, and where to report.
pub(crate) struct CloseRequest {
    /// Running calls get until then to finish.
    pub(crate) drain_until: Instant,
    /// The driver's `close()` gets until then.
    pub(crate) close_by: Instant,
    /// The result of closing the driver.
    pub(crate) reply: Sender<Result<()>>,
    /// The callers' handle on the session, when they give it up: dropped on
    /// the bridge, after the driver was closed, so that the driver's last
    /// handle never goes away outside its runtime.
    pub(crate) handle: Option<Session>,
}

/// The callers' end of the control queue: a crossbeam sender plus a
/// doorbell, because the bridge runtime cannot block on a crossbeam receive.
#[derive(Debug)]
pub(crate) struct ControlSender {
    tx: Sender<Msg>,
    bell: Arc<Notify>,
}

/// The bridge's end of the control queue.
pub(crate) struct ControlReceiver {
    pub(crate) rx: Receiver<Msg>,
    pub(crate) bell: Arc<Notify>,
}

/// A control queue (unbounded: it carries at most a close request or two).
pub(crate) fn queue() -> (ControlSender, ControlReceiver) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let bell = Arc::new(Notify::new());
    (
        ControlSender {
            tx,
            bell: bell.clone(),
        },
        ControlReceiver { rx, bell },
    )
}

impl ControlSender {
    /// Queues `msg` and rings the doorbell. Fails (giving `msg` back) only
    /// when the bridge thread has stopped and dropped its receiver.
    pub(crate) fn send(&self, msg: Msg) -> Result<(), SendError<Msg>> {
        self.tx.send(msg)?;
        // A permit is stored if the bridge is not waiting right now, so a
        // ring between its last empty poll and its next wait is not lost.
        self.bell.notify_one();
        Ok(())
    }
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Msg::Close(_) => f.write_str("Close"),
            #[cfg(test)]
            Msg::Panic => f.write_str("Panic"),
        }
    }
}
