//! Requests go through libcassandra; closing and dropping keep its blocking
//! calls off the async threads; statements prepared under the hood follow
//! the keyspace.

use std::time::{Duration, Instant};

use cqlbridge_driver_api::backend::close_bound;
use cqlbridge_driver_api::{Driver, QueryResult};
use cqlbridge_driver_cpp::CppDriver;
use cqlbridge_testbed::{ddl, Keyspace, TestBed};

use crate::common::{config, session};

#[tokio::test(flavor = "multi_thread")]
async fn the_server_sees_a_cpp_driver_client() {
    let Some(bed) = TestBed::for_test() else {
        return;
    };
    let session = session(&bed).await;
    let clients = session
        .execute(
            "SELECT driver_name, driver_version, protocol_version FROM system_views.clients",
            (),
        )
        .await
        .unwrap();
    let ours: Vec<String> = clients
        .rows()
        .iter()
        .filter_map(|r| {
            let name: String = r.get::<Option<String>>("driver_name").ok()??;
            let version: Option<String> = r.get("driver_version").unwrap_or(None);
            let protocol: Option<i32> = r.get("protocol_version").unwrap_or(None);
            name.contains("C/C++")
                .then(|| format!("{name} {version:?} v{protocol:?}"))
        })
        .collect();
    println!("clients: {ours:?}");
    assert!(
        !ours.is_empty(),
        "the server does not see a C/C++ driver client"
    );
    session.close().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn closing_on_a_current_thread_runtime_does_not_block_it() {
    let Some(bed) = TestBed::for_test() else {
        return;
    };
    let driver = CppDriver::connect(&config(&bed)).await.unwrap();
    let ticker = tokio::spawn(async {
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    driver.close().await.unwrap();
    ticker.await.unwrap();
    // A driver dropped without close() is freed off this thread: the drop
    // returns within the documented close bound, whatever libcassandra does.
    let cfg = config(&bed);
    let dropped = CppDriver::connect(&cfg).await.unwrap();
    let started = Instant::now();
    drop(dropped);
    assert!(
        started.elapsed() < close_bound(&cfg),
        "drop blocked for {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn use_keyspace_switches_unqualified_statements_with_values() {
    let Some(bed) = TestBed::for_test() else {
        return;
    };
    let session = session(&bed).await;
    let one = Keyspace::create(&session, "use1", 1).await.unwrap();
    let two = Keyspace::create(&session, "use2", 1).await.unwrap();
    for (ks, v) in [(&one.name, 1), (&two.name, 2)] {
        ddl(
            &session,
            &format!("CREATE TABLE {ks}.t (k int PRIMARY KEY, v int)"),
        )
        .await
        .unwrap();
        session
            .execute(format!("INSERT INTO {ks}.t (k, v) VALUES (0, {v})"), ())
            .await
            .unwrap();
    }
    let read = || async {
        let r = session
            .execute("SELECT v FROM t WHERE k = ?", (0,))
            .await
            .unwrap();
        r.first_row().unwrap().get::<i32>("v").unwrap()
    };
    let stale = "a statement prepared under the hood kept the old keyspace";
    session.use_keyspace(&one.name).await.unwrap();
    assert_eq!(read().await, 1);
    session.use_keyspace(&two.name).await.unwrap();
    assert_eq!(read().await, 2, "{stale}");
    let r = session
        .execute(format!("USE {}", one.name), ())
        .await
        .unwrap();
    assert_eq!(
        r,
        QueryResult::SetKeyspace(one.name.clone()),
        "SET_KEYSPACE is inferred from the statement"
    );
    assert_eq!(read().await, 1, "{stale}");
    one.drop_with(&session).await.unwrap();
    two.drop_with(&session).await.unwrap();
}
