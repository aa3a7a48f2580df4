//! Consistency reaches the server: a keyspace whose replication factor exceeds the live
//! nodes accepts ONE and fails QUORUM with `Unavailable` naming QUORUM — per statement,
//! prepared and unprepared, and in batches; serial consistency likewise for LWTs.

use cqlbridge_driver_api::{
    Batch, BatchKind, Consistency, ErrorKind, SerialConsistency, Statement,
};

use crate::bed;
use crate::common::{ddl, Keyspace};

fn unavailable(e: &cqlbridge_driver_api::Error, want: Consistency, nodes: u32) {
    match e.kind() {
        ErrorKind::Unavailable {
            consistency,
            required,
            alive,
        } => {
            assert_eq!(*consistency, want, "{e}");
            assert_eq!(*alive, nodes as i32, "{e}");
            assert!(*required > *alive, "{e}");
        }
        other => panic!("expected Unavailable at {want}, got {other:?}: {e}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn one_succeeds_and_quorum_is_unavailable_naming_quorum() {
    let bed = bed!();
    let session = bed.session().await;
    // QUORUM of 2n+1 replicas needs n+1: one more than the n nodes alive.
    let ks = Keyspace::create(&session, "cl", 2 * bed.nodes + 1).await;
    ddl(
        &session,
        &format!("CREATE TABLE {}.t (k int PRIMARY KEY, v int)", ks.name),
    )
    .await;
    let cql = format!("INSERT INTO {}.t (k, v) VALUES (?, ?)", ks.name);
    let stmt = |c| Statement::new(cql.as_str()).with_consistency(c);

    session
        .execute(stmt(Consistency::One), (1, 1))
        .await
        .unwrap();
    session
        .execute(stmt(Consistency::LocalOne), (2, 2))
        .await
        .unwrap();
    let e = session
        .execute(stmt(Consistency::Quorum), (3, 3))
        .await
        .unwrap_err();
    println!("unprepared QUORUM: {e}");
    unavailable(&e, Consistency::Quorum, bed.nodes);
    let e = session
        .execute(stmt(Consistency::All), (3, 3))
        .await
        .unwrap_err();
    unavailable(&e, Consistency::All, bed.nodes);
    let literal = Statement::new(format!("INSERT INTO {}.t (k, v) VALUES (9, 9)", ks.name))
        .with_consistency(Consistency::Quorum);
    unavailable(
        &session.execute(literal, ()).await.unwrap_err(),
        Consistency::Quorum,
        bed.nodes,
    );

    let prepared = session.prepare(&cql).await.unwrap();
    session
        .execute(prepared.clone().with_consistency(Consistency::One), (4, 4))
        .await
        .unwrap();
    let e = session
        .execute(
            prepared.clone().with_consistency(Consistency::Quorum),
            (5, 5),
        )
        .await
        .unwrap_err();
    unavailable(&e, Consistency::Quorum, bed.nodes);

    let batch = |c| {
        Batch::new(BatchKind::Logged)
            .add(&prepared, (6, 6))
            .add(cql.as_str(), (7, 7))
            .with_consistency(c)
    };
    session.batch(&batch(Consistency::One)).await.unwrap();
    let e = session
        .batch(&batch(Consistency::Quorum))
        .await
        .unwrap_err();
    println!("batch QUORUM: {e}");
    unavailable(&e, Consistency::Quorum, bed.nodes);

    // Serial consistency reaches the server too: Paxos needs a quorum of replicas, and
    // Cassandra 5 names the Paxos quorum it missed — QUORUM for SERIAL, LOCAL_QUORUM for
    // LOCAL_SERIAL — so the two answers differ only if the level was sent.
    let lwt = format!(
        "INSERT INTO {}.t (k, v) VALUES (10, 10) IF NOT EXISTS",
        ks.name
    );
    for (serial, named) in [
        (SerialConsistency::Serial, Consistency::Quorum),
        (SerialConsistency::LocalSerial, Consistency::LocalQuorum),
    ] {
        let s = Statement::new(lwt.as_str())
            .with_consistency(Consistency::One)
            .with_serial_consistency(serial);
        let e = session.execute(s, ()).await.unwrap_err();
        println!("LWT at {serial}: {e}");
        unavailable(&e, named, bed.nodes);
    }
    ks.drop_now(&session).await;
}
