//! Connect, authenticate, TLS, close.

use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge_driver_api::{
    Config, Driver, ErrorKind, ExecOptions, Session, Statement, TlsConfig, Values,
};
use cqlbridge_driver_cpp::CppDriver;

use crate::bed;
use crate::common::session_with;

#[tokio::test(flavor = "multi_thread")]
async fn connects_with_credentials_and_reads_the_release_version() {
    let bed = bed!();
    let session = bed.session().await;
    let result = session
        .execute("SELECT release_version FROM system.local", ())
        .await
        .unwrap();
    let version: String = result.first_row().unwrap().get("release_version").unwrap();
    println!("release_version = {version}");
    assert!(version.starts_with(char::is_numeric), "{version}");
    // Which protocol version and driver the server sees for this client.
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
        .filter(|r| {
            let name: Option<String> = r.get("driver_name").unwrap_or(None);
            name.is_some_and(|n| n.contains("C/C++"))
        })
        .map(|r| {
            let name: Option<String> = r.get("driver_name").unwrap_or(None);
            let version: Option<String> = r.get("driver_version").unwrap_or(None);
            let protocol: Option<i32> = r.get("protocol_version").unwrap_or(None);
            format!("{name:?} {version:?} v{protocol:?}")
        })
        .collect();
    println!("clients: {ours:?}");
    assert!(
        !ours.is_empty(),
        "the server does not see a C/C++ driver client"
    );
    let clone = session.clone();
    let task =
        tokio::spawn(async move { clone.execute("SELECT now() FROM system.local", ()).await });
    assert_eq!(task.await.unwrap().unwrap().rows().len(), 1);
    session.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_or_none_is_an_auth_error() {
    let bed = bed!();
    let wrong = bed
        .config()
        .credentials(&bed.user, "definitely-not-the-password");
    let e = CppDriver::connect(&wrong).await.unwrap_err();
    println!("wrong password: {e}");
    assert_eq!(e.kind(), &ErrorKind::Auth, "{e}");
    assert!(!format!("{e} {e:?}").contains("definitely-not-the-password"));
    let mut none = bed.config();
    none.credentials = None;
    let e = CppDriver::connect(&none).await.unwrap_err();
    println!("no credentials: {e}");
    assert_eq!(e.kind(), &ErrorKind::Auth, "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_cluster_is_a_connection_error_within_the_bound() {
    let _bed = bed!();
    let config = Config::new(["127.0.0.1:1"]).connect_timeout(Duration::from_millis(500));
    let started = Instant::now();
    let e = CppDriver::connect(&config).await.unwrap_err();
    println!("unreachable: {e} after {:?}", started.elapsed());
    assert_eq!(e.kind(), &ErrorKind::Connection, "{e}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_keyspace_fails_the_connect() {
    let bed = bed!();
    let e = CppDriver::connect(&bed.config().keyspace("no_such_keyspace_cqlb"))
        .await
        .unwrap_err();
    println!("missing keyspace: {e}");
    assert!(
        matches!(e.kind(), ErrorKind::Invalid | ErrorKind::Config),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn mutual_tls_with_the_test_ca_works_and_checks_the_peer_identity() {
    let bed = bed!();
    let session = session_with(&bed.tls_config()).await;
    let r = session
        .execute("SELECT release_version FROM system.local", ())
        .await
        .unwrap();
    assert_eq!(r.rows().len(), 1);
    session.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn tls_with_another_ca_or_without_a_client_cert_fails() {
    let bed = bed!();
    let mut other = bed.tls_config();
    other.tls = Some(
        TlsConfig::new()
            .ca_file(&bed.other_ca)
            .unwrap()
            .client_identity_files(&bed.client_cert, &bed.client_key)
            .unwrap(),
    );
    let e = CppDriver::connect(&other).await.unwrap_err();
    println!("other CA: {e}");
    assert!(
        matches!(e.kind(), ErrorKind::Tls | ErrorKind::Connection),
        "{e}"
    );
    let mut no_cert = bed.tls_config();
    no_cert.tls = Some(TlsConfig::new().ca_file(&bed.ca).unwrap());
    let e = CppDriver::connect(&no_cert).await.unwrap_err();
    println!("no client certificate: {e}");
    assert!(
        matches!(e.kind(), ErrorKind::Tls | ErrorKind::Connection),
        "{e}"
    );
    // TLS configured against the plain port must fail, never fall back to plaintext.
    let mut plain_port = bed.tls_config();
    plain_port.contact_points = bed.hosts.clone();
    let e = CppDriver::connect(&plain_port).await.unwrap_err();
    println!("TLS to the plain port: {e}");
    assert!(
        matches!(e.kind(), ErrorKind::Tls | ErrorKind::Connection),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn after_close_every_call_is_closed_and_closing_twice_is_fine() {
    let bed = bed!();
    let config = bed.config();
    let driver = Arc::new(CppDriver::connect(&config).await.unwrap());
    let session = Session::with_config(driver.clone(), &config);
    let prepared = session
        .prepare("SELECT key FROM system.local")
        .await
        .unwrap();
    driver.close().await.unwrap();
    driver.close().await.unwrap();
    assert!(driver.is_closed());
    let opts = config.default_options();
    let stmt = Statement::new("SELECT key FROM system.local");
    assert!(driver
        .execute(&stmt, &Values::Empty, &opts)
        .await
        .unwrap_err()
        .is_closed());
    assert!(driver
        .execute_prepared(&prepared, &Values::Empty, &opts)
        .await
        .unwrap_err()
        .is_closed());
    assert!(driver.prepare("SELECT 1").await.unwrap_err().is_closed());
    assert!(driver.use_keyspace("system").await.unwrap_err().is_closed());
    let batch = cqlbridge_driver_api::Batch::new(cqlbridge_driver_api::BatchKind::Logged)
        .add("SELECT 1", ());
    assert!(driver
        .batch(&batch, &ExecOptions::new())
        .await
        .unwrap_err()
        .is_closed());
    assert!(session
        .execute("SELECT key FROM system.local", ())
        .await
        .unwrap_err()
        .is_closed());
}

#[tokio::test(flavor = "current_thread")]
async fn closing_on_a_current_thread_runtime_does_not_block_it() {
    let bed = bed!();
    let driver = CppDriver::connect(&bed.config()).await.unwrap();
    let ticker = tokio::spawn(async {
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    driver.close().await.unwrap();
    ticker.await.unwrap();
    // A driver dropped without close() is freed off this thread.
    let dropped = CppDriver::connect(&bed.config()).await.unwrap();
    let started = Instant::now();
    drop(dropped);
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "drop blocked for {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn use_keyspace_switches_unqualified_statements_with_values() {
    let bed = bed!();
    let session = bed.session().await;
    let one = crate::common::Keyspace::create(&session, "use1", 1).await;
    let two = crate::common::Keyspace::create(&session, "use2", 1).await;
    for (ks, v) in [(&one.name, 1), (&two.name, 2)] {
        crate::common::ddl(
            &session,
            &format!("CREATE TABLE {ks}.t (k int PRIMARY KEY, v int)"),
        )
        .await;
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
    session.use_keyspace(&one.name).await.unwrap();
    assert_eq!(read().await, 1);
    session.use_keyspace(&two.name).await.unwrap();
    assert_eq!(
        read().await,
        2,
        "a statement prepared under the hood kept the old keyspace"
    );
    let r = session
        .execute(format!("USE {}", one.name), ())
        .await
        .unwrap();
    assert_eq!(
        r,
        cqlbridge_driver_api::QueryResult::SetKeyspace(one.name.clone()),
        "SET_KEYSPACE is inferred from the statement"
    );
    assert_eq!(
        read().await,
        1,
        "a statement prepared under the hood kept the old keyspace"
    );
    one.drop_now(&session).await;
    two.drop_now(&session).await;
}
