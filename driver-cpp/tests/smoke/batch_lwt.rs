//! Lightweight transactions and batches (logged, unlogged, counter, with a timestamp).

use std::time::Duration;

use cqlbridge_driver_api::{Batch, BatchKind, Value};

use crate::bed;
use crate::common::{ddl, Keyspace};

#[tokio::test(flavor = "multi_thread")]
async fn lwt_reports_applied_and_the_existing_row() {
    let bed = bed!();
    let session = bed.session().await;
    let ks = Keyspace::create(&session, "lwt", 1).await;
    ddl(
        &session,
        &format!("CREATE TABLE {}.t (k int PRIMARY KEY, v text)", ks.name),
    )
    .await;
    let insert = format!(
        "INSERT INTO {}.t (k, v) VALUES (?, ?) IF NOT EXISTS",
        ks.name
    );
    let r = session
        .execute(insert.as_str(), (1, "first"))
        .await
        .unwrap();
    assert_eq!(r.applied(), Some(true));
    let r = session
        .execute(insert.as_str(), (1, "second"))
        .await
        .unwrap();
    assert_eq!(r.applied(), Some(false));
    assert_eq!(r.first_row().unwrap().get::<String>("v").unwrap(), "first");
    let update = format!("UPDATE {}.t SET v = ? WHERE k = 1 IF v = ?", ks.name);
    assert_eq!(
        session
            .execute(update.as_str(), ("third", "nope"))
            .await
            .unwrap()
            .applied(),
        Some(false)
    );
    assert_eq!(
        session
            .execute(update.as_str(), ("third", "first"))
            .await
            .unwrap()
            .applied(),
        Some(true)
    );
    ks.drop_now(&session).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn logged_unlogged_and_counter_batches_apply() {
    let bed = bed!();
    let session = bed.session().await;
    let ks = Keyspace::create(&session, "batch", 1).await;
    let n = &ks.name;
    ddl(
        &session,
        &format!("CREATE TABLE {n}.t (k int PRIMARY KEY, v int)"),
    )
    .await;
    ddl(
        &session,
        &format!("CREATE TABLE {n}.c (k int PRIMARY KEY, n counter)"),
    )
    .await;
    let prepared = session
        .prepare(&format!("INSERT INTO {n}.t (k, v) VALUES (?, ?)"))
        .await
        .unwrap();
    let logged = Batch::new(BatchKind::Logged)
        .add(&prepared, (1, 10))
        .add(
            format!("INSERT INTO {n}.t (k, v) VALUES (2, 20)").as_str(),
            (),
        )
        .add(
            format!("INSERT INTO {n}.t (k, v) VALUES (?, ?)").as_str(),
            (3, 30),
        )
        .with_timeout(Duration::from_secs(10));
    session.batch(&logged).await.unwrap();
    let unlogged = Batch::new(BatchKind::Unlogged)
        .add(&prepared, (4, 40))
        .add(&prepared, (5, 50))
        .with_timestamp(1_000);
    session.batch(&unlogged).await.unwrap();
    // The batch's timestamp (1000 µs) is older than this write, which therefore wins.
    session.execute(&prepared, (6, 60)).await.unwrap();
    session
        .batch(
            &Batch::new(BatchKind::Unlogged)
                .add(&prepared, (6, 66))
                .with_timestamp(1_000),
        )
        .await
        .unwrap();
    let r = session
        .execute(format!("SELECT k, v, writetime(v) AS w FROM {n}.t"), ())
        .await
        .unwrap();
    let mut got: Vec<(i32, i32)> = r
        .rows()
        .iter()
        .map(|row| (row.get("k").unwrap(), row.get("v").unwrap()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![(1, 10), (2, 20), (3, 30), (4, 40), (5, 50), (6, 60)]
    );
    let w4 = r
        .rows()
        .iter()
        .find(|row| row.get::<i32>("k").unwrap() == 4)
        .unwrap();
    assert_eq!(w4.get::<i64>("w").unwrap(), 1_000);

    let bump = format!("UPDATE {n}.c SET n = n + ? WHERE k = ?");
    let counter = Batch::new(BatchKind::Counter)
        .add(bump.as_str(), (2i64, 1))
        .add(bump.as_str(), (3i64, 1));
    session.batch(&counter).await.unwrap();
    let r = session
        .execute(format!("SELECT n FROM {n}.c WHERE k = 1"), ())
        .await
        .unwrap();
    assert_eq!(
        r.first_row().unwrap().value("n").unwrap(),
        &Value::Counter(5)
    );
    ks.drop_now(&session).await;
}
