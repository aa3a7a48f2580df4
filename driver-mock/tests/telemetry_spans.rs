//! Session `tracing` spans over the FakeDriver: one per request, the
//! OpenTelemetry fields, statement text only when enabled, a child of the
//! caller's span, one per page of a stream, the namespace after `USE`.
//!
//! A binary of their own: `tracing` caches each callsite's interest
//! process-wide, and a test without a subscriber running beside a test with
//! a thread-local one could leave a callsite cached as uninteresting, so
//! every test here installs an interested subscriber.

mod support;

use cqlbridge_driver_api::{Config, PageSize, Statement};
use futures::TryStreamExt;
use support::fixture::{config, fake, rt, session};
use support::Spans;
use tracing::Instrument;
use tracing_subscriber::layer::SubscriberExt;

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
