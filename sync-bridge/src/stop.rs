//! The bridge's stop signal: raised once the bridge stops serving jobs, for
//! whatever reason, so that callers and the closing side can tell a stopped
//! bridge without waiting for its thread to end.
//!
//! The bridge raises it when its serving loop ends: after replying to a
//! close request, or while unwinding from a panic. A death the bridge itself
//! causes (the test kill switch) raises it *before* panicking, so nothing
//! on the callers' side waits for the panic's report (a backtrace may take
//! a second to print) or for the unwinding.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};

/// The bridge's end: raises the signal when dropped.
#[derive(Debug)]
pub(crate) struct StopFlag {
    raised: Arc<AtomicBool>,
    /// Dropped when raised, which disconnects every [`Stopped::signal`].
    signal: Option<Sender<()>>,
}

/// The callers' end: whether the bridge has stopped, and a channel to wait
/// on for it.
#[derive(Debug)]
pub(crate) struct Stopped {
    raised: Arc<AtomicBool>,
    signal: Receiver<()>,
}

/// A new, lowered stop signal.
pub(crate) fn stop_signal() -> (StopFlag, Stopped) {
    let raised = Arc::new(AtomicBool::new(false));
    let (tx, rx) = crossbeam_channel::bounded(0);
    (
        StopFlag {
            raised: raised.clone(),
            signal: Some(tx),
        },
        Stopped { raised, signal: rx },
    )
}

impl Drop for StopFlag {
    fn drop(&mut self) {
        // The flag first: whoever wakes on the disconnect sees it set.
        self.raised.store(true, Ordering::Release);
        self.signal = None;
    }
}

impl Stopped {
    /// True once the bridge has stopped serving jobs.
    pub(crate) fn is_raised(&self) -> bool {
        self.raised.load(Ordering::Acquire)
    }

    /// A channel that never delivers and disconnects once the signal is
    /// raised: a `select!` on it wakes when the bridge stops.
    pub(crate) fn signal(&self) -> &Receiver<()> {
        &self.signal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossbeam_channel::TryRecvError;

    #[test]
    fn dropping_the_flag_sets_it_and_disconnects_the_signal() {
        let (flag, stopped) = stop_signal();
        assert!(!stopped.is_raised());
        assert_eq!(stopped.signal().try_recv(), Err(TryRecvError::Empty));
        drop(flag);
        assert!(stopped.is_raised());
        assert_eq!(stopped.signal().try_recv(), Err(TryRecvError::Disconnected));
    }
}
