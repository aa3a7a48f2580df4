//! Closing the bridge: `close()` and the drop of the last clone both drain
//! the running jobs, close the driver and join the thread, each within a
//! bound. A bridge that died is not waited for.

use std::sync::atomic::Ordering;
use std::thread::JoinHandle;
use std::time::Instant;

use cqlbridge_driver_api::{Error, Result, Session};

use crate::control::{CloseRequest, Msg};
use crate::inner::Inner;
use crate::on_bridge;
use crate::start::join_within;
use crate::thread::SHUTDOWN_GRACE;

impl Inner {
    /// Closes for every clone: later calls fail with `Closed`, running jobs
    /// finish with their real result (as long as their callers wait), then
    /// the driver is closed and the thread joined. Closing twice is `Ok`.
    pub(crate) fn close(&self) -> Result<()> {
        self.refuse_own_thread("close")?;
        // Held throughout, so a concurrent `close` returns only once done.
        let mut slot = self.thread_slot();
        let Some(handle) = slot.take() else {
            return Ok(());
        };
        self.closed.store(true, Ordering::SeqCst);
        let now = Instant::now();
        let drain_until = self.deadlines.latest(now);
        let close_by = drain_until + self.effective_timeout(None);
        let give_up_at = close_by + self.limits.margin + SHUTDOWN_GRACE;
        self.stop(handle, drain_until, close_by, give_up_at, None)
    }

    /// Sends the close request and waits, until `give_up_at`, for the reply
    /// and the thread's end. Past that the thread is left to finish alone.
    ///
    /// A bridge that stops without replying has died (a panic): its thread
    /// has nothing left to do but report the panic and unwind, which may
    /// take long (a backtrace) and is not waited for. The stop signal is
    /// raised before that, so this returns at once.
    fn stop(
        &self,
        handle: JoinHandle<()>,
        drain_until: Instant,
        close_by: Instant,
        give_up_at: Instant,
        session: Option<Session>,
    ) -> Result<()> {
        if self.stopped.is_raised() {
            return Ok(());
        }
        let (reply, answer) = crossbeam_channel::bounded(1);
        let request = CloseRequest {
            drain_until,
            close_by,
            reply,
            handle: session,
        };
        if self.control.send(Msg::Close(request)).is_err() {
            // The bridge already dropped its queue: it died.
            return Ok(());
        }
        let left = give_up_at.saturating_duration_since(Instant::now());
        let closed = crossbeam_channel::select! {
            recv(answer) -> reply => reply.ok(),
            // The bridge raises the signal after replying, so a reply sent
            // is in the channel by now.
            recv(self.stopped.signal()) -> _ => answer.try_recv().ok(),
            default(left) => return Err(Error::timeout(
                "the bridge did not finish closing in time; it was left to finish on its own",
            )),
        };
        let Some(closed) = closed else {
            // It stopped without replying: it died while closing.
            return Ok(());
        };
        // It replied: its thread ends within `SHUTDOWN_GRACE`.
        let joined = join_within(handle, &self.exit, give_up_at).ok_or_else(|| {
            Error::timeout(
                "the bridge thread did not stop in time; it was left to finish on its own",
            )
        });
        closed.and(joined.map(|_| ()))
    }
}

impl Drop for Inner {
    /// The last clone is gone: close like `close()`, but give up after the
    /// drop bound. On the bridge's own thread, only ask the bridge to close
    /// and leave it to finish (joining itself would never return).
    fn drop(&mut self) {
        let Some(handle) = self.thread_slot().take() else {
            return;
        };
        self.closed.store(true, Ordering::SeqCst);
        // Handed to the bridge, which drops it after closing the driver.
        let session = self.session.take();
        let now = Instant::now();
        let bound = self.limits.drop_timeout;
        let drain_until = self.deadlines.latest(now).min(now + bound / 2);
        let close_by = now + bound * 3 / 4;
        let give_up_at = now + bound;
        if on_bridge::is_bridge_thread(self.id) {
            let (reply, _) = crossbeam_channel::bounded(1);
            let request = CloseRequest {
                drain_until,
                close_by,
                reply,
                handle: session,
            };
            let _ = self.control.send(Msg::Close(request));
            drop(handle);
            return;
        }
        let _ = self.stop(handle, drain_until, close_by, give_up_at, session);
    }
}
