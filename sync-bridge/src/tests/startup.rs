//! Construction: the factory runs on the bridge runtime; a failing,
//! panicking or slow factory leaves no thread behind.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{Error, ErrorKind, Session};
use cqlbridge_driver_mock::FakeDriver;

use super::support::{eventually, flag_on_thread_exit, WATCHDOG};
use crate::SyncSession;

#[test]
fn the_factory_runs_on_the_named_bridge_thread_inside_its_runtime() {
    let seen = Arc::new(Mutex::new(None));
    let record = seen.clone();
    let session = SyncSession::new(move || async move {
        let name = std::thread::current().name().map(str::to_owned);
        let in_runtime = tokio::runtime::Handle::try_current().is_ok();
        *record.lock().unwrap() = Some((name, in_runtime));
        Ok(Session::new(Arc::new(FakeDriver::new())))
    })
    .unwrap();
    let (name, in_runtime) = seen.lock().unwrap().clone().expect("the factory ran");
    assert_eq!(name.as_deref(), Some("cqlbridge-bridge"));
    assert!(
        in_runtime,
        "the driver must be built inside the bridge runtime"
    );
    assert_ne!(std::thread::current().name(), Some("cqlbridge-bridge"));
    session.close().unwrap();
}

#[test]
fn a_failing_factory_returns_its_error_after_the_thread_is_gone() {
    let exited = Arc::new(AtomicBool::new(false));
    let flag = exited.clone();
    let err = SyncSession::new(move || async move {
        flag_on_thread_exit(flag);
        Err::<Session, _>(Error::new(ErrorKind::Connection, "no host reachable"))
    })
    .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Connection);
    assert_eq!(err.message(), "no host reachable");
    assert!(
        exited.load(Ordering::Acquire),
        "the bridge thread must have exited (joined) before the error is returned"
    );
}

#[test]
fn a_panicking_factory_is_an_error_and_leaves_no_thread() {
    let exited = Arc::new(AtomicBool::new(false));
    let flag = exited.clone();
    let err = SyncSession::new(move || async move {
        flag_on_thread_exit(flag);
        panic!("factory exploded");
    })
    .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Other);
    assert!(err.to_string().contains("factory exploded"), "{err}");
    assert!(exited.load(Ordering::Acquire), "the thread was joined");
}

#[test]
fn a_slow_factory_times_out_and_its_thread_stops_when_the_factory_returns() {
    let exited = Arc::new(AtomicBool::new(false));
    let flag = exited.clone();
    let fake = FakeDriver::new();
    let driver = fake.clone();
    // The factory returns only once the test lets it (or at the watchdog).
    let (finish, finished) = tokio::sync::oneshot::channel::<()>();
    let returned = Arc::new(AtomicBool::new(false));
    let factory_returned = returned.clone();
    let startup_timeout = Duration::from_millis(100);
    let start = Instant::now();
    let err = SyncSession::builder()
        .startup_timeout(startup_timeout)
        .build(move || async move {
            flag_on_thread_exit(flag);
            let _ = tokio::time::timeout(WATCHDOG, finished).await;
            factory_returned.store(true, Ordering::Release);
            Ok(Session::new(Arc::new(driver)))
        })
        .unwrap_err();
    let took = start.elapsed();
    assert!(
        !returned.load(Ordering::Acquire),
        "construction waited for the factory"
    );
    assert!(err.is_timeout(), "{err}");
    assert!(took >= startup_timeout, "gave up early: {took:?}");
    finish.send(()).unwrap();
    assert!(
        eventually(|| exited.load(Ordering::Acquire)),
        "the bridge thread must stop once the late factory returns"
    );
    assert!(fake.closed(), "the late session is closed, not leaked");
}

#[test]
fn connect_with_hands_the_config_to_the_factory() {
    let config =
        cqlbridge_driver_api::Config::default().request_timeout(Duration::from_millis(1234));
    let session = SyncSession::connect_with(config, |config| async move {
        Ok(Session::with_config(Arc::new(FakeDriver::new()), &config))
    })
    .unwrap();
    assert_eq!(
        session.defaults().timeout,
        Some(Duration::from_millis(1234))
    );
    assert!(session
        .capabilities()
        .supports(cqlbridge_driver_api::Feature::Batch));
    session.close().unwrap();
}
