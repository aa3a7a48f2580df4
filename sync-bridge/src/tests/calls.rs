//! Every call reaches the driver with its values and options; calls from
//! many threads run concurrently; `iter` pages lazily.

use std::time::Duration;

use cqlbridge_driver_api::{
    Batch, BatchKind, Config, Consistency, ErrorKind, PageSize, QueryResult, Statement, Value,
    Values,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver, Op, BATCH_CQL};

use super::held::{Held, HOLD};
use super::support::{bridge, bridge_over, bridge_with, id_column, id_rows, WATCHDOG};
use crate::SyncSession;

#[test]
fn execute_passes_values_and_merged_options_through() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SELECT").unwrap())
        .returns_rows(id_column(), id_rows(1));
    let session = bridge(&fake);
    let read = Statement::new("SELECT id FROM ks.t WHERE id = ?")
        .with_consistency(Consistency::Quorum)
        .with_timeout(Duration::from_secs(2));
    let result = session.execute(read, (7i32,)).unwrap();
    assert_eq!(result.first_row().unwrap().get::<i32>("id").unwrap(), 0);

    let call = &fake.calls()[0];
    assert_eq!(call.op, Op::Execute);
    assert_eq!(call.values, Values::Positional(vec![Value::Int(7)]));
    assert_eq!(call.options.consistency, Some(Consistency::Quorum));
    assert_eq!(call.options.timeout, Some(Duration::from_secs(2)));
    assert_eq!(
        call.options.page_size,
        Some(PageSize::Rows(5000)),
        "session default"
    );
    session.close().unwrap();
}

#[test]
fn prepare_batch_use_keyspace_and_errors_round_trip() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("UPDATE").unwrap())
        .fails(ErrorKind::Overloaded, "busy");
    let session = bridge(&fake);

    let insert = session.prepare("INSERT INTO ks.t (id) VALUES (?)").unwrap();
    assert_eq!(
        session.execute(&insert, (1i32,)).unwrap(),
        QueryResult::Void
    );
    let batch = Batch::new(BatchKind::Unlogged)
        .add(&insert, (2i32,))
        .add("DELETE FROM ks.t WHERE id = ?", (3i32,))
        .with_consistency(Consistency::All);
    session.batch(&batch).unwrap();
    session.use_keyspace("shop").unwrap();
    let err = session.execute("UPDATE ks.t SET v = 1", ()).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Overloaded);
    assert!(session
        .batch(&Batch::new(BatchKind::Logged))
        .unwrap_err()
        .is_invalid());

    let ops: Vec<Op> = fake.calls().iter().map(|c| c.op).collect();
    assert_eq!(
        ops,
        [
            Op::Prepare,
            Op::ExecutePrepared,
            Op::Batch,
            Op::UseKeyspace,
            Op::Execute
        ]
    );
    let batch_call = &fake.calls()[2];
    assert_eq!(batch_call.cql, BATCH_CQL);
    assert_eq!(batch_call.options.consistency, Some(Consistency::All));
    assert_eq!(batch_call.batch.as_ref().unwrap().len(), 2);
    session.close().unwrap();
}

#[test]
fn calls_from_many_threads_run_concurrently() {
    let fake = FakeDriver::new();
    // Each call waits at a barrier that opens only when all four wait at
    // once: they return only if the bridge runs them as concurrent tasks.
    let calls = 4;
    let held = Held::barrier(&fake, calls);
    let session = bridge_over(held);
    let threads: Vec<_> = (0..calls)
        .map(|i| {
            let s = session.clone();
            let q = Statement::new(format!("{HOLD} INSERT {i}")).with_timeout(WATCHDOG);
            std::thread::spawn(move || s.execute(q, ()))
        })
        .collect();
    for t in threads {
        t.join().unwrap().expect("every call passed the barrier");
    }
    assert_eq!(fake.call_count(), calls);
    session.close().unwrap();
}

#[test]
fn page_resumes_from_the_returned_state() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any)
        .returns_paged(id_column(), id_rows(5));
    let session = bridge(&fake);
    let q = Statement::new("SELECT id FROM ks.t").with_page_size(PageSize::Rows(3));
    let first = session.page(q.clone(), (), None).unwrap();
    assert_eq!(first.rows.len(), 3);
    let state = first.paging_state.expect("more pages");
    let second = session.page(q, (), Some(state)).unwrap();
    assert_eq!(second.rows.len(), 2);
    assert!(!second.has_more());
    session.close().unwrap();
}

#[test]
fn iter_fetches_one_page_at_a_time_only_when_needed() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any)
        .returns_paged(id_column(), id_rows(250));
    let config = Config::default().page_size(PageSize::Rows(100));
    let session = bridge_with(SyncSession::builder(), &fake, config);

    let mut rows = session.iter("SELECT id FROM ks.t", ());
    assert_eq!(
        fake.call_count(),
        0,
        "nothing is fetched before the first next()"
    );
    assert_eq!(rows.next().unwrap().unwrap().get::<i32>(0).unwrap(), 0);
    assert_eq!(fake.call_count(), 1);
    assert_eq!(rows.buffered(), 99, "one page held");
    let mut ids = vec![0];
    for _ in 1..100 {
        ids.push(rows.next().unwrap().unwrap().get::<i32>(0).unwrap());
    }
    assert_eq!(
        fake.call_count(),
        1,
        "page 2 is not fetched before page 1 is used up"
    );
    for row in rows.by_ref() {
        ids.push(row.unwrap().get(0).unwrap());
    }
    assert_eq!(ids, (0..250).collect::<Vec<_>>());
    assert_eq!(fake.call_count(), 3);
    assert!(rows.next().is_none(), "fused");
    session.close().unwrap();
}

#[test]
fn iter_yields_the_error_then_ends() {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::Any)
        .fails(ErrorKind::Unauthorized, "no");
    let session = bridge(&fake);
    let mut rows = session.iter("SELECT id FROM ks.t", ());
    assert_eq!(
        rows.next().unwrap().unwrap_err().kind(),
        &ErrorKind::Unauthorized
    );
    assert!(rows.next().is_none());
    assert_eq!(fake.call_count(), 1);
    session.close().unwrap();
}

#[test]
fn sync_session_is_clone_send_sync() {
    fn check<T: Clone + Send + Sync + 'static>() {}
    check::<SyncSession>();
    fn send<T: Send>() {}
    send::<crate::RowIter>();
}
