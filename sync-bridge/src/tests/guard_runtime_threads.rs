//! Guard 1 with several runtime threads: whichever thread of the bridge
//! runtime a driver callback runs on (a worker, or the bridge thread of a
//! current-thread runtime), a blocking call made there is refused.

use std::collections::BTreeSet;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use cqlbridge_driver_api::{ErrorKind, QueryResult, Statement};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

use super::support::bridge_with;
use crate::{SyncSession, SyncSessionBuilder};

/// What each callback saw: its thread's name and the nested call's error.
type Seen = Arc<Mutex<Vec<(String, Option<ErrorKind>, String)>>>;

/// Runs `calls` calls (from 8 threads) whose driver callback makes a
/// blocking call of its own on the same session; returns what each saw.
fn nested_calls(
    builder: SyncSessionBuilder,
    calls: usize,
) -> Vec<(String, Option<ErrorKind>, String)> {
    let fake = FakeDriver::new();
    let session = bridge_with(builder, &fake, Default::default());
    let slot: Arc<Mutex<Option<SyncSession>>> = Arc::new(Mutex::new(Some(session.clone())));
    let seen: Seen = Arc::default();
    let (s, out) = (slot.clone(), seen.clone());
    fake.when(CqlPattern::exact("NESTED").unwrap())
        .with(move |_| {
            let sync = s.lock().unwrap().clone().expect("session in slot");
            let name = std::thread::current().name().unwrap_or("").to_string();
            let nested = sync.execute(Statement::new("INSERT x"), ());
            let (kind, text) = match nested {
                Ok(_) => (None, String::new()),
                Err(e) => (Some(e.kind().clone()), e.to_string()),
            };
            out.lock().unwrap().push((name, kind, text));
            Ok(QueryResult::Void)
        });
    std::thread::scope(|scope| {
        for _ in 0..8 {
            let session = session.clone();
            scope.spawn(move || {
                for _ in 0..calls / 8 {
                    session.execute("NESTED", ()).expect("the outer call");
                }
            });
        }
    });
    slot.lock().unwrap().take();
    session.close().unwrap();
    let seen = seen.lock().unwrap().clone();
    seen
}

fn assert_all_refused(seen: &[(String, Option<ErrorKind>, String)]) {
    for (thread, kind, text) in seen {
        assert_eq!(
            kind.as_ref(),
            Some(&ErrorKind::Other),
            "on {thread}: {text}"
        );
        assert!(text.contains("own bridge thread"), "on {thread}: {text}");
    }
}

#[test]
fn a_nested_call_on_any_worker_thread_is_refused() {
    let workers = NonZeroUsize::new(4).unwrap();
    let seen = nested_calls(SyncSession::builder().worker_threads(workers), 256);
    assert_eq!(seen.len(), 256, "every callback ran");
    assert_all_refused(&seen);
    let threads: BTreeSet<&str> = seen.iter().map(|(t, _, _)| t.as_str()).collect();
    assert!(
        threads.iter().all(|t| *t == "cqlbridge-runtime"),
        "callbacks ran on the runtime's workers: {threads:?}"
    );
}

#[test]
fn a_nested_call_on_a_current_thread_bridge_is_refused() {
    let seen = nested_calls(SyncSession::builder().current_thread_runtime(), 64);
    assert_eq!(seen.len(), 64, "every callback ran");
    assert_all_refused(&seen);
    assert!(
        seen.iter().all(|(t, _, _)| t == "cqlbridge-bridge"),
        "a current-thread bridge runs every call on the bridge thread"
    );
}
