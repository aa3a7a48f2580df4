//! Session telemetry over the FakeDriver: metrics (counts, errors by kind,
//! profiles, prepared cache, cancellation, latency in µs) and observers
//! (start and end paired, outcomes, a panicking observer caught). The
//! spans are in `telemetry_spans.rs`, a binary of their own.

mod support;

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{Batch, BatchKind, RequestKind, Statement};
use futures::TryStreamExt;
use support::fixture::{config, fake, rt, session};
use support::Log;

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
