//! The sync bridge's telemetry over the FakeDriver: a `SyncSession` call's
//! span is a child of the caller's span although the request runs on the
//! bridge thread; `SyncSession::metrics` and `add_observer` see the async
//! session's requests. A global subscriber (this binary's only test), since
//! the bridge thread does not see a thread-local one.

mod support;

use std::sync::Arc;

use cqlbridge_driver_api::{Config, Session};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};
use cqlbridge_sync_bridge::SyncSession;
use support::{Log, Spans};
use tracing_subscriber::layer::SubscriberExt;

#[test]
fn a_sync_call_span_is_a_child_of_the_callers_span() {
    let spans = Spans::default();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(spans.clone()))
        .unwrap();
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SELECT").unwrap())
        .returns(cqlbridge_driver_api::QueryResult::Void);
    let driver = fake;
    let s = SyncSession::new(move || async move {
        Ok(Session::with_config(Arc::new(driver), &Config::default()))
    })
    .unwrap();
    let log = Arc::new(Log::default());
    s.add_observer(log.clone());

    let caller = tracing::info_span!("caller");
    let caller_id = caller.id().unwrap().into_u64();
    caller.in_scope(|| {
        s.execute("SELECT 1", ()).unwrap();
        s.page("SELECT 2", (), None).unwrap();
    });
    s.execute("SELECT 3", ()).unwrap();

    let req = spans.requests();
    assert_eq!(req.len(), 3, "{req:#?}");
    assert_eq!(req[0].name, "cqlbridge.execute");
    assert_eq!(req[0].parent, Some(caller_id));
    assert_eq!(req[1].name, "cqlbridge.page");
    assert_eq!(req[1].parent, Some(caller_id));
    assert_eq!(req[2].parent, None, "no caller span: a root span");
    let m = s.metrics();
    assert_eq!((m.total.requests, m.total.errors), (3, 0));
    assert_eq!(log.seen().len(), 6, "start and end of each");
    s.close().unwrap();
}
