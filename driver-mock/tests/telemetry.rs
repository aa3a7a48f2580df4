//! Session telemetry over the FakeDriver: metrics (counts, errors by kind,
//! profiles, prepared cache, cancellation, latency in µs), observers (start
//! and end paired, outcomes, a panicking observer caught) and `tracing`
//! spans (one per request, the OpenTelemetry fields, statement text only
//! when enabled, a child of the caller's span, one per page of a stream).

mod support;

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{
    Batch, BatchKind, ColumnSpec, ColumnType, Config, Consistency, ErrorKind, ExecOptions,
    PageSize, RequestKind, Session, Statement, Value,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};
use futures::TryStreamExt;
use support::{Log, Spans};
use tracing_subscriber::layer::SubscriberExt;

fn fake() -> FakeDriver {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SELECT").unwrap())
        .delay(Duration::from_millis(2))
        .returns_rows(
            vec![ColumnSpec::new("n", ColumnType::Int)],
            vec![vec![Value::Int(1)], vec![Value::Int(2)]],
        );
    fake.when(CqlPattern::prefix("PAGED").unwrap())
        .returns_paged(
            vec![ColumnSpec::new("n", ColumnType::Int)],
            (0..5).map(|i| vec![Value::Int(i)]).collect(),
        );
    fake.when(CqlPattern::prefix("BAD").unwrap())
        .fails(ErrorKind::Syntax, "scripted syntax error");
    fake.when(CqlPattern::prefix("SLOW").unwrap())
        .delay(Duration::from_secs(30))
        .returns(cqlbridge_driver_api::QueryResult::Void);
    fake
}

fn config() -> Config {
    Config::default()
        .keyspace("app")
        .profile("fast", ExecOptions::new().consistency(Consistency::One))
}

fn session(fake: &FakeDriver, config: &Config) -> Session {
    Session::with_config(Arc::new(fake.clone()), config)
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn metrics_count_every_request_by_profile_and_kind() {
    rt().block_on(async {
        let fake = fake();
        let s = session(&fake, &config());
        for _ in 0..7 {
            s.execute("SELECT n FROM ks.t", ()).await.unwrap();
        }
        for _ in 0..3 {
            let st = Statement::new("SELECT n FROM ks.t").with_profile("fast");
            s.execute(st, ()).await.unwrap();
        }
        assert!(s.execute("BAD", ()).await.is_err());
        let unknown = Statement::new("SELECT 1").with_profile("nope");
        assert!(s.execute(unknown, ()).await.is_err());
        s.page("PAGED", (), None).await.unwrap();
        let b = Batch::new(BatchKind::Logged).add(Statement::new("INSERT x"), ());
        s.batch(&b).await.unwrap();
        let empty = Batch::new(BatchKind::Logged);
        assert!(s.batch(&empty).await.is_err());
        s.prepare("SELECT n FROM ks.t").await.unwrap();
        s.prepare("SELECT n FROM ks.t").await.unwrap();

        let m = s.metrics();
        assert_eq!(m.backend, "fake");
        assert_eq!(m.total.requests, 7 + 3 + 2 + 1 + 2 + 1, "{m:#?}");
        assert_eq!(m.profile("fast").unwrap().requests, 3);
        assert_eq!(m.defaults.requests, 13);
        assert_eq!(m.total.errors, 3);
        assert_eq!(m.total.errors_of("syntax"), 1);
        assert_eq!(m.total.errors_of("config"), 1, "the unknown profile");
        assert_eq!(m.total.errors_of("invalid"), 1, "the empty batch");
        assert_eq!((m.prepared_cache_hits, m.prepared_cache_misses), (1, 1));
        assert_eq!(m.total.in_flight, 0);
        assert_eq!((m.total.retries, m.total.speculative_attempts), (0, 0));
        let l = m.profile("fast").unwrap().latency;
        assert_eq!(l.count, 3);
        assert!(l.p50_us >= 2_000, "the fake's 2 ms delay, in µs: {l:?}");
        assert!(l.p50_us < 2_000_000, "{l:?}");
        let t = m.total.latency;
        assert!(t.min_us <= t.p50_us && t.p50_us <= t.p95_us && t.p95_us <= t.p99_us);
        assert!(t.p99_us <= t.p999_us && t.p999_us <= t.max_us);
    });
}

#[test]
fn a_dropped_request_is_cancelled_not_in_flight() {
    rt().block_on(async {
        let fake = fake();
        let s = session(&fake, &config());
        let log = Arc::new(Log::default());
        s.add_observer(log.clone());
        let slow = s.execute("SLOW", ());
        assert!(tokio::time::timeout(Duration::from_millis(20), slow)
            .await
            .is_err());
        let m = s.metrics();
        assert_eq!(
            (m.total.cancelled, m.total.in_flight, m.total.requests),
            (1, 0, 0)
        );
        let seen = log.seen();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[1].outcome, "cancelled");
    });
}

#[test]
fn observers_see_start_and_end_with_the_outcome() {
    rt().block_on(async {
        let fake = fake();
        let s = session(&fake, &config());
        let log = Arc::new(Log::default());
        let s = s.with_observer(log.clone());
        let panicky = Arc::new(Log {
            panics: true,
            ..Log::default()
        });
        s.clone().add_observer(panicky.clone());
        let r = s.execute("SELECT n FROM ks.t", ()).await.unwrap();
        assert_eq!(r.rows().len(), 2, "a panicking observer changes nothing");
        s.execute(Statement::new("SELECT 2").with_profile("fast"), ())
            .await
            .unwrap();
        assert!(s.execute("BAD", ()).await.unwrap_err().is_syntax());
        s.prepare("INSERT y").await.unwrap();
        let b = Batch::new(BatchKind::Unlogged).add(Statement::new("INSERT x"), ());
        s.batch(&b).await.unwrap();
        let rows: Vec<_> = s.stream("PAGED", ()).try_collect().await.unwrap();
        assert_eq!(rows.len(), 5);

        let seen = log.seen();
        let ends: Vec<_> = seen.iter().filter(|x| x.event == "end").collect();
        let starts = seen.iter().filter(|x| x.event == "start").count();
        assert_eq!(starts, ends.len());
        let got: Vec<_> = ends
            .iter()
            .map(|e| (e.kind, e.operation, e.outcome.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (RequestKind::Execute, "SELECT", "ok 2"),
                (RequestKind::Execute, "SELECT", "ok 2"),
                (RequestKind::Execute, "OTHER", "err syntax"),
                (RequestKind::Prepare, "prepare", "ok 0"),
                (RequestKind::Batch, "batch", "ok 0"),
                (RequestKind::Page, "OTHER", "ok 5"),
            ],
            "the stream is one page: the session's page size is 5000"
        );
        assert_eq!(ends[1].profile.as_deref(), Some("fast"));
        assert!(ends[0].latency >= Duration::from_millis(2));
        assert_eq!(panicky.seen().len(), seen.len(), "called, then caught");
        assert_eq!(s.metrics().observer_panics, seen.len() as u64);
    });
}

#[test]
fn each_request_has_a_span_with_the_database_fields() {
    let spans = Spans::default();
    let sub = tracing_subscriber::registry().with(spans.clone());
    tracing::subscriber::with_default(sub, || {
        rt().block_on(async {
            let fake = fake();
            let s = session(&fake, &config());
            let texts = session(&fake, &config().trace_statement_text(true));
            let paged = Statement::new("PAGED").with_page_size(PageSize::Rows(2));
            let outer = tracing::info_span!("caller");
            let outer_id = outer.id().unwrap().into_u64();
            async {
                s.execute("SELECT n FROM ks.t WHERE k = ?", (42i32,))
                    .await
                    .unwrap();
                s.execute("BAD", ()).await.unwrap_err();
                texts.execute("SELECT n FROM t", ()).await.unwrap();
                let rows: Vec<_> = s.stream(paged, ()).try_collect().await.unwrap();
                assert_eq!(rows.len(), 5);
            }
            .instrument(outer)
            .await;

            let req = spans.requests();
            assert_eq!(req.len(), 3 + 3, "3 executes, 3 pages of 2, 2 and 1 rows");
            assert!(req.iter().all(|r| r.parent == Some(outer_id)), "{req:#?}");
            let ok = &req[0];
            assert_eq!(ok.name, "cqlbridge.execute");
            assert_eq!(ok.get("db.system"), Some("cassandra"));
            assert_eq!(ok.get("db.operation"), Some("SELECT"));
            assert_eq!(ok.get("db.namespace"), Some("ks"));
            assert_eq!(
                ok.get("db.cassandra.consistency_level"),
                Some("LOCAL_QUORUM")
            );
            assert_eq!(ok.get("db.cassandra.page_size"), Some("5000"));
            assert_eq!(ok.get("db.cassandra.idempotence"), Some("false"));
            assert_eq!(ok.get("cqlbridge.backend"), Some("fake"));
            assert_eq!(ok.get("cqlbridge.attempts"), Some("1"));
            assert_eq!(ok.get("db.response.returned_rows"), Some("2"));
            assert_eq!(ok.get("db.query.text"), None, "text is off by default");
            assert!(
                !ok.fields.values().any(|v| v.contains("42")),
                "bound values never: {ok:?}"
            );
            assert_eq!(req[1].get("error.type"), Some("syntax"));
            assert_eq!(req[1].get("otel.status_code"), Some("ERROR"));
            assert_eq!(req[2].get("db.query.text"), Some("SELECT n FROM t"));
            assert_eq!(
                req[2].get("db.namespace"),
                Some("app"),
                "the config's keyspace"
            );
            let pages: Vec<_> = req[3..]
                .iter()
                .map(|p| (p.name, p.get("db.response.returned_rows").unwrap()))
                .collect();
            assert_eq!(
                pages,
                [
                    ("cqlbridge.page", "2"),
                    ("cqlbridge.page", "2"),
                    ("cqlbridge.page", "1")
                ]
            );
            assert_eq!(req[3].get("db.cassandra.page_size"), Some("2"));
        });
    });
}

use tracing::Instrument;

#[test]
fn use_changes_the_namespace_of_later_spans() {
    let spans = Spans::default();
    let sub = tracing_subscriber::registry().with(spans.clone());
    tracing::subscriber::with_default(sub, || {
        rt().block_on(async {
            let fake = fake();
            let s = session(&fake, &Config::default());
            s.execute("SELECT 1", ()).await.unwrap();
            s.execute("USE other", ()).await.unwrap();
            s.execute("SELECT 1", ()).await.unwrap();
            let ns: Vec<_> = spans
                .requests()
                .iter()
                .map(|r| r.get("db.namespace").unwrap_or("?").to_string())
                .collect();
            assert_eq!(ns, ["", "other", "other"]);
        });
    });
}
