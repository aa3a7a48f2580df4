//! Smoke: connecting (auth, TLS, mutual TLS), failures mapped to the right
//! kind, and close.

mod common;

use std::error::Error as _;
use std::time::Instant;

use cqlbridge_driver_api::{Config, ErrorKind, TlsConfig};
use cqlbridge_driver_scylla::ScyllaDriver;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_with_auth_reads_release_version() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session().await;
    let r = s
        .execute("SELECT release_version FROM system.local", ())
        .await
        .unwrap();
    let v: String = r.first_row().unwrap().get("release_version").unwrap();
    println!("release_version = {v}");
    assert!(v.starts_with('5'), "{v}");
    s.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutual_tls_with_the_test_ca_works() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session_for(&bed.tls_config()).await;
    let r = s
        .execute("SELECT release_version FROM system.local", ())
        .await
        .unwrap();
    assert_eq!(r.rows().len(), 1);
    s.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_is_auth() {
    let Some(bed) = bed_or_skip!() else { return };
    let c = Config::new(bed.hosts.clone()).credentials(bed.user.clone(), "not-the-password");
    let e = ScyllaDriver::connect(&c).await.unwrap_err();
    println!("wrong password: {e}");
    assert_eq!(e.kind(), &ErrorKind::Auth, "{e:?}");
    assert!(e.source().is_some());
    assert!(!format!("{e} {e:?}").contains("not-the-password"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_credentials_is_auth() {
    let Some(bed) = bed_or_skip!() else { return };
    let e = ScyllaDriver::connect(&Config::new(bed.hosts.clone()))
        .await
        .unwrap_err();
    println!("no credentials: {e}");
    assert_eq!(e.kind(), &ErrorKind::Auth, "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_ca_is_tls() {
    let Some(bed) = bed_or_skip!() else { return };
    let tls = TlsConfig::new()
        .ca_file(&bed.other_ca)
        .unwrap()
        .client_identity_files(&bed.client_cert, &bed.client_key)
        .unwrap();
    let c = Config::new(bed.tls_hosts.clone())
        .credentials(bed.user.clone(), bed.password.clone())
        .tls(tls);
    let e = ScyllaDriver::connect(&c).await.unwrap_err();
    println!("wrong CA: {e}");
    assert_eq!(e.kind(), &ErrorKind::Tls, "{e:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_to_the_plain_port_fails_as_tls_not_plaintext() {
    let Some(bed) = bed_or_skip!() else { return };
    let mut c = bed.tls_config();
    c.contact_points = bed.hosts.clone();
    match ScyllaDriver::connect(&c).await {
        // The plain port may accept TLS too (`optional: true`): then it must
        // really be TLS, which the handshake above proved.
        Ok(_) => println!("plain port also accepts TLS"),
        Err(e) => {
            println!("TLS to plain port: {e}");
            assert!(
                matches!(e.kind(), ErrorKind::Tls | ErrorKind::Connection),
                "{e:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_is_connection_within_the_bound() {
    let Some(_bed) = bed_or_skip!() else { return };
    let c = Config::new(["127.0.0.1:1"])
        .connect_timeout(std::time::Duration::from_secs(1))
        .request_timeout(std::time::Duration::from_secs(1));
    let t = Instant::now();
    let e = ScyllaDriver::connect(&c).await.unwrap_err();
    println!("unreachable: {e} after {:?}", t.elapsed());
    assert_eq!(e.kind(), &ErrorKind::Connection, "{e:?}");
    assert!(t.elapsed() < std::time::Duration::from_secs(4));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_makes_every_call_closed() {
    let Some(bed) = bed_or_skip!() else { return };
    let config = bed.config();
    let driver = std::sync::Arc::new(ScyllaDriver::connect(&config).await.unwrap());
    let s = cqlbridge_driver_api::Session::with_config(driver.clone(), &config);
    let p = s
        .prepare("SELECT release_version FROM system.local")
        .await
        .unwrap();
    use cqlbridge_driver_api::Driver;
    driver.close().await.unwrap();
    driver.close().await.unwrap();
    assert!(driver.is_closed());
    let opts = config.default_options();
    let st = cqlbridge_driver_api::Statement::new("SELECT now() FROM system.local");
    let values = cqlbridge_driver_api::Values::Empty;
    assert!(driver
        .execute(&st, &values, &opts)
        .await
        .unwrap_err()
        .is_closed());
    assert!(driver
        .execute_prepared(&p, &values, &opts)
        .await
        .unwrap_err()
        .is_closed());
    assert!(driver.prepare("SELECT 1").await.unwrap_err().is_closed());
    assert!(driver.use_keyspace("system").await.unwrap_err().is_closed());
    let b = cqlbridge_driver_api::Batch::default().add("INSERT", ());
    assert!(driver.batch(&b, &opts).await.unwrap_err().is_closed());
    assert!(s.execute("SELECT 1", ()).await.unwrap_err().is_closed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyspace_and_local_dc_from_the_config() {
    let Some(bed) = bed_or_skip!() else { return };
    let dc = std::env::var("CQLBRIDGE_TEST_DATACENTER").unwrap_or_else(|_| "datacenter1".into());
    let c = bed.config().keyspace("system").local_dc(dc);
    let s = bed.session_for(&c).await;
    let r = s
        .execute("SELECT release_version FROM local", ())
        .await
        .unwrap();
    assert_eq!(r.rows().len(), 1);
    s.close().await.unwrap();
    let missing = bed.config().keyspace("no_such_keyspace_here");
    let e = ScyllaDriver::connect(&missing).await.unwrap_err();
    println!("missing keyspace: {e}");
    assert!(e.is_invalid(), "{e:?}");
}
