//! What crosses from callers to the bridge thread: [`Msg`]s on a crossbeam
//! queue, with a doorbell that wakes the bridge runtime.
//!
//! A job is a boxed closure that, given the bridge's async `Session`, builds
//! the future to run as one task; the closure owns the caller's reply sender
//! and sends the result itself. The reply channel is a crossbeam channel of
//! capacity one, so the task's `send` never blocks, even when the caller has
//! given up waiting.

use std::sync::Arc;
use std::time::Instant;

use cqlbridge_driver_api::{Result, Session};
use crossbeam_channel::{Receiver, SendError, Sender};
use futures::future::BoxFuture;
use tokio::sync::Notify;

/// One call: builds, from the bridge's session, the task that runs the call
/// and replies to its caller.
pub(crate) type Job = Box<dyn FnOnce(&Session) -> BoxFuture<'static, ()> + Send>;

/// A message to the bridge thread.
pub(crate) enum Msg {
    /// Run a call as a new task.
    Job(Job),
    /// Stop taking jobs, drain the running ones, close the driver, exit.
    Close(CloseRequest),
    /// Panic the bridge thread outside any task (guard tests only).
    #[cfg(test)]
    Panic,
}

/// How long the bridge may take to shut down, and where to report.
pub(crate) struct CloseRequest {
    /// Running jobs get until then to finish; later ones are dropped.
    pub(crate) drain_until: Instant,
    /// The driver's `close()` gets until then.
    pub(crate) close_by: Instant,
    /// The result of closing the driver.
    pub(crate) reply: Sender<Result<()>>,
}

/// The callers' end of the job queue: a crossbeam sender plus a doorbell,
/// because the bridge runtime cannot block on a crossbeam receive.
#[derive(Debug)]
pub(crate) struct JobSender {
    tx: Sender<Msg>,
    bell: Arc<Notify>,
}

/// The bridge's end of the job queue.
pub(crate) struct JobReceiver {
    pub(crate) rx: Receiver<Msg>,
    pub(crate) bell: Arc<Notify>,
}

/// A job queue: unbounded, because each caller waits for its reply before
/// sending again, so the queue never holds more than one job per caller.
pub(crate) fn queue() -> (JobSender, JobReceiver) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let bell = Arc::new(Notify::new());
    (
        JobSender {
            tx,
            bell: bell.clone(),
        },
        JobReceiver { rx, bell },
    )
}

impl JobSender {
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
            Msg::Job(_) => f.write_str("Job"),
            Msg::Close(_) => f.write_str("Close"),
            #[cfg(test)]
            Msg::Panic => f.write_str("Panic"),
        }
    }
}
