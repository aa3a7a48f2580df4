//! Result kinds libcassandra hides, inferred from the statement: DDL → `SchemaChange`
//! (or `Void` when `IF [NOT] EXISTS` changed nothing), `USE` → `SetKeyspace`, with
//! unqualified names resolved in the keyspace the session is in.

use cqlbridge_driver_api::{QueryResult, SchemaChange, Session};
use cqlbridge_testbed::{ddl, Keyspace, TestBed};

use crate::common::{config, session, session_with};

fn change(c: &str, target: &str, keyspace: &str, name: &str) -> QueryResult {
    QueryResult::SchemaChange(SchemaChange {
        change: c.into(),
        target: target.into(),
        keyspace: keyspace.into(),
        name: name.into(),
    })
}

/// Runs `cql` (DDL-sized timeout) and returns its result.
async fn run(session: &Session, cql: &str) -> QueryResult {
    ddl(session, cql)
        .await
        .unwrap_or_else(|e| panic!("{cql}: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn ddl_and_use_report_their_kinds() {
    let Some(bed) = TestBed::for_test() else {
        return;
    };
    let session = session(&bed).await;
    let ks = Keyspace::create(&session, "kinds", 1).await.unwrap();
    let n = ks.name.as_str();

    let create = format!("CREATE TABLE {n}.t (k int PRIMARY KEY, v int)");
    assert_eq!(
        run(&session, &create).await,
        change("CREATED", "TABLE", n, "t")
    );
    let again = format!("CREATE TABLE IF NOT EXISTS {n}.t (k int PRIMARY KEY, v int)");
    assert_eq!(run(&session, &again).await, QueryResult::Void);
    let insert = format!("INSERT INTO {n}.t (k, v) VALUES (1, 2)");
    assert_eq!(run(&session, &insert).await, QueryResult::Void);

    assert_eq!(
        run(&session, &format!("USE {n}")).await,
        QueryResult::SetKeyspace(n.to_string())
    );
    // Unqualified names now resolve in the keyspace `USE` switched to.
    assert_eq!(
        run(&session, "ALTER TABLE t ADD w int").await,
        change("UPDATED", "TABLE", n, "t")
    );
    assert_eq!(
        run(&session, "CREATE TYPE IF NOT EXISTS addr (street text)").await,
        change("CREATED", "TYPE", n, "addr")
    );
    assert_eq!(
        run(&session, "DROP TABLE IF EXISTS t").await,
        change("DROPPED", "TABLE", n, "t")
    );
    assert_eq!(
        run(&session, "DROP TABLE IF EXISTS t").await,
        QueryResult::Void
    );

    // Prepared DDL is named the same way.
    let prepared = session
        .prepare("CREATE TABLE IF NOT EXISTS p (k int PRIMARY KEY)")
        .await
        .unwrap();
    assert_eq!(
        session.execute(&prepared, ()).await.unwrap(),
        change("CREATED", "TABLE", n, "p")
    );
    assert_eq!(
        session.execute(&prepared, ()).await.unwrap(),
        QueryResult::Void
    );

    let other = format!("{n}_x");
    let create_ks = format!(
        "CREATE KEYSPACE IF NOT EXISTS {other} WITH replication = \
         {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
    );
    assert_eq!(
        run(&session, &create_ks).await,
        change("CREATED", "KEYSPACE", &other, "")
    );
    assert_eq!(run(&session, &create_ks).await, QueryResult::Void);
    assert_eq!(
        run(&session, &format!("DROP KEYSPACE IF EXISTS {other}")).await,
        change("DROPPED", "KEYSPACE", &other, "")
    );
    ks.drop_with(&session).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_configured_and_switched_keyspaces_name_unqualified_tables() {
    let Some(bed) = TestBed::for_test() else {
        return;
    };
    let admin = session(&bed).await;
    let first = Keyspace::create(&admin, "cfg", 1).await.unwrap();
    let second = Keyspace::create(&admin, "sw", 1).await.unwrap();

    // libcassandra sends the configured keyspace unquoted: the server lower-cases it.
    let session = session_with(&config(&bed).keyspace(first.name.to_uppercase())).await;
    assert_eq!(
        run(&session, "CREATE TABLE a (k int PRIMARY KEY)").await,
        change("CREATED", "TABLE", &first.name, "a")
    );
    session.use_keyspace(&second.name).await.unwrap();
    assert_eq!(
        run(&session, "CREATE TABLE b (k int PRIMARY KEY)").await,
        change("CREATED", "TABLE", &second.name, "b")
    );
    session.close().await.unwrap();
    first.drop_with(&admin).await.unwrap();
    second.drop_with(&admin).await.unwrap();
}
