//! `record_timings`: a recording session counts every call and splits its
//! time three ways; a session that does not record reports nothing.

use std::time::Duration;

use cqlbridge_driver_mock::FakeDriver;

use super::support::{bridge, bridge_with, fake_sleeping_on_slow};
use crate::SyncSession;

#[test]
fn a_recording_session_counts_each_call_and_its_running_time() {
    let pause = Duration::from_millis(20);
    let fake = fake_sleeping_on_slow(pause);
    let session = bridge_with(
        SyncSession::builder().record_timings(true),
        &fake,
        Default::default(),
    );
    let start = session.timings().expect("recording");
    assert_eq!(start.calls, 0);
    for _ in 0..5 {
        session.execute("SLOW", ()).unwrap();
    }
    let spent = session.timings().expect("recording").since(&start);
    assert_eq!(spent.calls, 5);
    // Each call's task ran the 20 ms callback: the running total holds them.
    assert!(spent.running >= pause * 5, "{spent:?}");
    assert!(spent.per_call(spent.running) >= pause, "{spent:?}");
    assert_eq!(spent.per_call(Duration::ZERO), Duration::ZERO);
    session.close().unwrap();
}

#[test]
fn a_session_that_does_not_record_reports_none() {
    let fake = FakeDriver::new();
    let session = bridge(&fake);
    session.execute("INSERT x", ()).unwrap();
    assert_eq!(session.timings(), None);
    session.close().unwrap();
}
