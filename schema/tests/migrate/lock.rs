//! The lock: a dead runner's lock row keeps others out (a typed error
//! naming it when the wait is short) until its TTL runs out; two runners
//! started at once apply each migration exactly once.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{BackendKind, Statement};
use cqlbridge_schema::migrate::{MigrateError, LOCK_TABLE};

use super::support::{
    builder, drop_keyspace, folder, hits, keyspace, records, session, summary, write,
};

pub(crate) async fn dead_runners_lock_expires(backend: BackendKind) {
    let s = session(backend).await;
    let ks = keyspace(&s, "mig_deadlock").await;
    let dir = folder("deadlock", backend);
    // Creates the state tables, applies nothing.
    builder(&dir, &ks)
        .build()
        .unwrap()
        .apply(&s)
        .await
        .expect("empty apply");
    s.execute(
        Statement::new(format!(
            "INSERT INTO {ks}.{LOCK_TABLE} (id, owner, since) VALUES ('migrate', 'dead-runner', \
             toTimestamp(now())) IF NOT EXISTS USING TTL 4"
        )),
        (),
    )
    .await
    .expect("a dead runner's lock");
    write(
        &dir,
        "20240101_001_a",
        &format!("-- +up\nCREATE TABLE {ks}.a (id int PRIMARY KEY);\n"),
    );

    let impatient = builder(&dir, &ks)
        .lock_wait(Duration::from_millis(500))
        .build()
        .unwrap();
    match impatient.apply(&s).await {
        Err(MigrateError::LockHeld { owner, waited }) => {
            assert_eq!(owner, "dead-runner");
            assert!(waited >= Duration::from_millis(500), "{waited:?}");
        }
        other => panic!("expected LockHeld: {other:?}"),
    }
    assert!(
        records(&impatient, &s).await.is_empty(),
        "nothing applied without the lock"
    );

    let started = Instant::now();
    let patient = builder(&dir, &ks)
        .lock_wait(Duration::from_secs(30))
        .build()
        .unwrap();
    let report = patient.apply(&s).await.expect("the expired lock is taken");
    assert_eq!(report.applied, ["20240101_001_a"]);
    assert!(started.elapsed() < Duration::from_secs(30));
    let lock = s
        .execute(
            Statement::new(format!("SELECT owner FROM {ks}.{LOCK_TABLE}")),
            (),
        )
        .await
        .unwrap();
    assert!(
        lock.rows().is_empty(),
        "the lock was released: {:?}",
        lock.rows()
    );
    drop_keyspace(&s, &ks).await;
}

pub(crate) async fn two_runners_apply_once(backend: BackendKind) {
    let (s1, s2) = (session(backend).await, session(backend).await);
    let ks = keyspace(&s1, "mig_two").await;
    let dir = folder("two", backend);
    write(
        &dir,
        "20240101_001_hits",
        &format!("-- +up\nCREATE TABLE {ks}.hits (id int PRIMARY KEY, n counter);\n"),
    );
    for id in 1..=4 {
        write(
            &dir,
            &format!("20240101_00{}_bump", id + 1),
            &format!("-- +up\nUPDATE {ks}.hits SET n = n + 1 WHERE id = {id};\n"),
        );
    }
    let a = builder(&dir, &ks).owner("runner-a").build().unwrap();
    let b = builder(&dir, &ks).owner("runner-b").build().unwrap();
    let (ra, rb) = tokio::join!(a.apply(&s1), b.apply(&s2));
    let (ra, rb) = (ra.expect("runner a"), rb.expect("runner b"));
    let (sa, sb): (BTreeSet<_>, BTreeSet<_>) =
        (ra.applied.iter().collect(), rb.applied.iter().collect());
    assert!(sa.is_disjoint(&sb), "{ra:?} {rb:?}");
    assert_eq!(sa.len() + sb.len(), 5, "{ra:?} {rb:?}");
    for id in 1..=4 {
        assert_eq!(hits(&s1, &ks, id).await, 1, "bump {id} ran exactly once");
    }
    assert!(summary(&records(&a, &s1).await)
        .iter()
        .all(|(_, d, t, c)| d == t && *c));
    drop_keyspace(&s1, &ks).await;
}
