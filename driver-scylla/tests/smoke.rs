//! Smoke tests of what only the scylla backend promises, against the test bed
//! (`cargo xtask db up`, then `source ~/.cache/cqlbridge/testbed.env`).
//!
//! What every backend must do is the conformance suite's (`tests/conformance`):
//! connecting, auth, TLS, consistency, paging, types, results, batches, LWT,
//! errors and close are proven there, for both backends, async and sync. These
//! tests cover two promises of this backend that the suite does not check:
//! rows share the column specs of the prepared statement (no copy per reply),
//! and a server certificate from another CA is `Tls`, never `Connection`.
//!
//! Without a test bed (`CQLBRIDGE_TEST_HOSTS` unset) each test prints a
//! SKIPPED line, counted, and returns.

use std::sync::Arc;

use cqlbridge_driver_api::{BackendKind, Config, ErrorKind, Session, TlsConfig};
use cqlbridge_driver_scylla::ScyllaDriver;
use cqlbridge_testbed::{ddl, Keyspace, TestBed};

/// A session over a scylla driver connected with `config`.
async fn session(config: &Config) -> Session {
    let driver = ScyllaDriver::connect(config)
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    Session::with_config(Arc::new(driver), config)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prepared_rows_share_the_prepared_columns_until_the_table_changes() {
    let Some(bed) = TestBed::for_test() else {
        return;
    };
    let s = session(&bed.config(BackendKind::Scylla)).await;
    let ks = Keyspace::create(&s, "scy_cols", 1).await.unwrap();
    let t = format!("{}.t", ks.name);
    ddl(&s, &format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await
        .unwrap();
    s.execute(format!("INSERT INTO {t} (k, v) VALUES (1, 'a')"), ())
        .await
        .unwrap();
    let sel = s
        .prepare(&format!("SELECT * FROM {t} WHERE k = ?"))
        .await
        .unwrap();
    let first = s.execute(&sel, (1,)).await.unwrap().into_page();
    let second = s.execute(&sel, (1,)).await.unwrap().into_page();
    // One list of column specs for every reply, the one prepare returned.
    assert!(Arc::ptr_eq(&first.columns, &second.columns));
    assert_eq!(&first.columns[..], sel.result_columns());
    assert!(std::ptr::eq(
        first.columns.as_ptr(),
        first.rows[0].columns().as_ptr()
    ));
    assert_eq!(first.rows[0].get::<String>("v").unwrap(), "a");

    // After ALTER the reply has another column: rows get specs of their own.
    ddl(&s, &format!("ALTER TABLE {t} ADD w int"))
        .await
        .unwrap();
    let after = s.execute(&sel, (1,)).await.unwrap().into_page();
    let names: Vec<&str> = after.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["k", "v", "w"]);
    assert!(!Arc::ptr_eq(&after.columns, &first.columns));
    assert_eq!(after.rows[0].get::<Option<i32>>("w").unwrap(), None);
    assert_eq!(after.rows[0].get::<String>("v").unwrap(), "a");
    ks.drop_with(&s).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_certificate_from_another_ca_is_tls_not_connection() {
    let Some(bed) = TestBed::for_test() else {
        return;
    };
    let tls = bed.require_tls().unwrap();
    let other_ca = tls.other_ca.as_ref().expect("CQLBRIDGE_TEST_OTHER_CA");
    let mut config = bed.tls_config(BackendKind::Scylla).unwrap();
    let right = config.tls.take().expect("the test bed's TLS settings");
    let mut wrong = TlsConfig::new().ca_file(other_ca).unwrap();
    (wrong.client_cert_pem, wrong.client_key_pem) = (right.client_cert_pem, right.client_key_pem);
    let e = ScyllaDriver::connect(&config.tls(wrong)).await.unwrap_err();
    println!("another CA: {e}");
    // The conformance suite (C03) accepts Tls or Connection; rustls tells.
    assert_eq!(e.kind(), &ErrorKind::Tls, "{e:?}");
}
