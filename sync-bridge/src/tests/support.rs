//! Helpers shared by the bridge tests.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::QueryResult;
use cqlbridge_driver_api::{ColumnSpec, ColumnType, Config, Driver, Session, Value};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use crate::{SyncSession, SyncSessionBuilder};

/// A bridge over `fake` with the default config and bounds.
pub(crate) fn bridge(fake: &FakeDriver) -> SyncSession {
    bridge_with(SyncSession::builder(), fake, Config::default())
}

/// A bridge over `fake` with `config`'s defaults and `builder`'s bounds.
pub(crate) fn bridge_with(
    builder: SyncSessionBuilder,
    fake: &FakeDriver,
    config: Config,
) -> SyncSession {
    let driver = fake.clone();
    builder
        .connect_with(config, move |config| async move {
            Ok(Session::with_config(Arc::new(driver), &config))
        })
        .expect("the bridge starts")
}

/// A bridge over `driver` with the default config and bounds.
pub(crate) fn bridge_over(driver: impl Driver) -> SyncSession {
    SyncSession::new(move || async move { Ok(Session::new(Arc::new(driver))) })
        .expect("the bridge starts")
}

/// A fake whose `SLOW` statement sleeps `pause` in its callback (on
/// whichever thread runs the call), then returns nothing.
pub(crate) fn fake_sleeping_on_slow(pause: Duration) -> FakeDriver {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::exact("SLOW").unwrap())
        .with(move |_| {
            std::thread::sleep(pause);
            Ok(QueryResult::Void)
        });
    fake
}

/// One `int` column named `id`.
pub(crate) fn id_column() -> Vec<ColumnSpec> {
    vec![ColumnSpec::new("id", ColumnType::Int)]
}

/// Rows `0..n` of [`id_column`].
pub(crate) fn id_rows(n: i32) -> Vec<Vec<Value>> {
    (0..n).map(|i| vec![Value::Int(i)]).collect()
}

/// How long a test waits for something that a working bridge makes happen
/// at once (a call to start, a signal to arrive, a thread to end). Only a
/// broken bridge ever reaches it: it is a watchdog, not a timing claim.
pub(crate) const WATCHDOG: Duration = Duration::from_secs(60);

/// Polls `cond` every 5 ms until it holds or the [`WATCHDOG`] passes.
pub(crate) fn eventually(cond: impl Fn() -> bool) -> bool {
    let end = Instant::now() + WATCHDOG;
    while Instant::now() < end {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    cond()
}

/// Sets its flag when the thread that holds it exits.
struct ExitProbe(Arc<AtomicBool>);

impl Drop for ExitProbe {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

thread_local! {
    static PROBE: RefCell<Option<ExitProbe>> = const { RefCell::new(None) };
}

/// Arms `flag` to be set when the *current* thread exits (thread-local
/// destructors run before `join` returns).
pub(crate) fn flag_on_thread_exit(flag: Arc<AtomicBool>) {
    PROBE.with(|p| *p.borrow_mut() = Some(ExitProbe(flag)));
}
