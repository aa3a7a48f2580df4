//! Holding the bridge thread itself until the test lets go: a driver call
//! that blocks it ([`Stuck`]) and a panic report that does not end
//! ([`HeldReport`], as a slow backtrace). Tests then check that a caller,
//! a drop or a close returned *while* the bridge was still held, instead of
//! guessing from the clock how long the bridge would take.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Once};

use cqlbridge_driver_api::QueryResult;
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};
use crossbeam_channel::{Receiver, Sender};

use super::support::WATCHDOG;
use crate::on_bridge;
use crate::session::SyncSession;

/// Makes the fake's calls matching a pattern block the bridge thread (the
/// whole runtime, not just one task) until released, or the [`WATCHDOG`].
/// Dropping it releases them.
#[derive(Debug)]
pub(crate) struct Stuck {
    release: Option<Sender<()>>,
    unblocked: Arc<AtomicBool>,
}

impl Stuck {
    /// Calls of `fake` matching `pattern` block the bridge thread.
    pub(crate) fn on(fake: &FakeDriver, pattern: CqlPattern) -> Self {
        let (release, gate) = crossbeam_channel::bounded::<()>(0);
        let unblocked = Arc::new(AtomicBool::new(false));
        let seen = unblocked.clone();
        fake.when(pattern).with(move |_| {
            let _ = gate.recv_timeout(WATCHDOG);
            seen.store(true, Ordering::Release);
            Ok(QueryResult::Void)
        });
        Stuck {
            release: Some(release),
            unblocked,
        }
    }

    /// True while no stuck call has gone on (neither released nor past the
    /// watchdog).
    pub(crate) fn still_stuck(&self) -> bool {
        !self.unblocked.load(Ordering::Acquire)
    }

    /// Lets every stuck call, now or later, go on.
    pub(crate) fn release(&mut self) {
        self.release = None;
    }
}

impl Drop for Stuck {
    fn drop(&mut self) {
        self.release();
    }
}

/// One held report: the bridge it is for, and how far it got.
struct Entry {
    bridge: u64,
    gate: Receiver<()>,
    entered: Arc<AtomicBool>,
    reported: Arc<AtomicBool>,
}

/// The reports held now, by bridge.
static HELD: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// While it lives, a panic on the bridge thread of one session waits (at
/// most the [`WATCHDOG`]) before it is reported, as a backtrace that takes
/// long to print would. Panics elsewhere are reported as always.
#[derive(Debug)]
pub(crate) struct HeldReport {
    bridge: u64,
    entered: Arc<AtomicBool>,
    reported: Arc<AtomicBool>,
    _release: Sender<()>,
}

/// Holds the report of any panic on `session`'s bridge thread.
pub(crate) fn hold_panic_report(session: &SyncSession) -> HeldReport {
    install_hook();
    let (release, gate) = crossbeam_channel::bounded::<()>(0);
    let report = HeldReport {
        bridge: session.bridge_id_for_test(),
        entered: Arc::default(),
        reported: Arc::default(),
        _release: release,
    };
    lock().push(Entry {
        bridge: report.bridge,
        gate,
        entered: report.entered.clone(),
        reported: report.reported.clone(),
    });
    report
}

impl HeldReport {
    /// True once the bridge thread panicked (its report is being held).
    pub(crate) fn entered(&self) -> bool {
        self.entered.load(Ordering::Acquire)
    }

    /// True once the panic has been reported (the hold was let go).
    pub(crate) fn reported(&self) -> bool {
        self.reported.load(Ordering::Acquire)
    }
}

impl Drop for HeldReport {
    /// Lets the report go on (dropping the sender) and forgets it.
    fn drop(&mut self) {
        lock().retain(|e| e.bridge != self.bridge);
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Entry>> {
    HELD.lock().unwrap_or_else(|p| p.into_inner())
}

/// Puts a hook before the current one that holds the reports in [`HELD`].
fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let held = lock()
                .iter()
                .find(|e| on_bridge::is_bridge_thread(e.bridge))
                .map(|e| (e.gate.clone(), e.entered.clone(), e.reported.clone()));
            if let Some((gate, entered, _)) = &held {
                entered.store(true, Ordering::Release);
                let _ = gate.recv_timeout(WATCHDOG);
            }
            report(info);
            if let Some((_, _, reported)) = held {
                reported.store(true, Ordering::Release);
            }
        }));
    });
}
