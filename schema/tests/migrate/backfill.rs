//! A code migration's backfill over `ctx.scan_table` that fails half-way
//! resumes where it stopped: the rerun reads exactly the rows the first
//! run did not (no finished range again), and the checkpoints go once it
//! is applied.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cqlbridge_driver_api::{BackendKind, Statement};
use cqlbridge_scan::ScanOptions;
use cqlbridge_schema::migrate::{MigrateError, Migration, Migrator, SCAN_TABLE};

use super::support::{drop_keyspace, keyspace, records, session, summary};

const ROWS: i32 = 400;
const FAIL_AT: usize = 200;

pub(crate) async fn backfill_resumes_where_it_stopped(backend: BackendKind) {
    let s = session(backend).await;
    let ks = keyspace(&s, "mig_backfill").await;
    for cql in [
        format!("CREATE TABLE {ks}.src (id int PRIMARY KEY, v int)"),
        format!("CREATE TABLE {ks}.dst (id int PRIMARY KEY, v int)"),
    ] {
        cqlbridge_testbed::ddl(&s, &cql).await.expect("ddl");
    }
    let insert = s
        .prepare(&format!("INSERT INTO {ks}.src (id, v) VALUES (?, ?)"))
        .await
        .unwrap();
    for id in 0..ROWS {
        s.execute(&insert, (id, id * 2)).await.expect("seed");
    }

    let seen: Arc<Mutex<Vec<i32>>> = Arc::default();
    let fail = Arc::new(AtomicBool::new(true));
    let (seen_in, fail_in, ks_in) = (Arc::clone(&seen), Arc::clone(&fail), ks.clone());
    let backfill = Migration::code("20240101_001_backfill", move |ctx| {
        let (seen, fail, ks) = (Arc::clone(&seen_in), Arc::clone(&fail_in), ks_in.clone());
        async move {
            let options = ScanOptions::new().ranges(16).page_size(25).concurrency(2);
            let mut rows = ctx.scan_table_with(&ks, "src", options).await?;
            let write = ctx
                .session()
                .prepare(&format!("INSERT INTO {ks}.dst (id, v) VALUES (?, ?)"))
                .await
                .map_err(|e| MigrateError::Code {
                    name: "backfill".into(),
                    reason: e.to_string(),
                })?;
            while let Some(row) = rows.next_row().await? {
                let id: i32 = row.get("id").expect("id");
                if fail.load(Ordering::SeqCst) && seen.lock().unwrap().len() == FAIL_AT {
                    return Err(MigrateError::Code {
                        name: ctx.migration().into(),
                        reason: "failed half-way on purpose".into(),
                    });
                }
                let v: i32 = row.get("v").expect("v");
                ctx.session()
                    .execute(&write, (id, v))
                    .await
                    .map_err(|e| MigrateError::Code {
                        name: "backfill".into(),
                        reason: e.to_string(),
                    })?;
                seen.lock().unwrap().push(id);
            }
            Ok(())
        }
    })
    .unwrap();
    let migrator = Migrator::builder()
        .migration(backfill)
        .keyspace(&ks)
        .scan_save_interval(Duration::ZERO)
        .build()
        .unwrap();

    match migrator.apply(&s).await {
        Err(MigrateError::Code { reason, .. }) => assert!(reason.contains("on purpose")),
        other => panic!("expected the backfill to fail: {other:?}"),
    }
    assert_eq!(
        summary(&records(&migrator, &s).await),
        vec![("20240101_001_backfill".to_string(), 0, 1, false)]
    );
    let first: Vec<i32> = std::mem::take(&mut *seen.lock().unwrap());
    assert_eq!(first.len(), FAIL_AT);
    let saved = s
        .execute(
            Statement::new(format!("SELECT checkpoint FROM {ks}.{SCAN_TABLE}")),
            (),
        )
        .await
        .unwrap();
    assert_eq!(saved.rows().len(), 1, "the scan's checkpoint is kept");

    fail.store(false, Ordering::SeqCst);
    let report = migrator.apply(&s).await.expect("the rerun finishes");
    assert_eq!(report.resumed, None);
    assert_eq!(report.applied, ["20240101_001_backfill"]);
    let second: Vec<i32> = seen.lock().unwrap().clone();
    let (a, b): (BTreeSet<i32>, BTreeSet<i32>) = (
        first.iter().copied().collect(),
        second.iter().copied().collect(),
    );
    assert_eq!(a.len(), first.len(), "no row twice in the first run");
    assert_eq!(b.len(), second.len(), "no row twice in the rerun");
    assert!(
        a.is_disjoint(&b),
        "the rerun read no row the first run had done"
    );
    assert_eq!(a.union(&b).count(), ROWS as usize, "every row once in all");
    let dst = s
        .execute(
            Statement::new(format!("SELECT id FROM {ks}.dst"))
                .with_page_size(cqlbridge_driver_api::PageSize::Rows(1000)),
            (),
        )
        .await
        .unwrap();
    assert_eq!(dst.rows().len(), ROWS as usize);
    let saved = s
        .execute(
            Statement::new(format!("SELECT checkpoint FROM {ks}.{SCAN_TABLE}")),
            (),
        )
        .await
        .unwrap();
    assert!(
        saved.rows().is_empty(),
        "the checkpoints go once it is applied"
    );
    assert!(summary(&records(&migrator, &s).await)[0].3);
    drop_keyspace(&s, &ks).await;
}
