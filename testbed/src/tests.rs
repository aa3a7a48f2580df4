//! Parsing from a map (never the process environment), the errors' texts
//! and the configs built from a bed.

use std::collections::HashMap;
use std::path::PathBuf;

use cqlbridge_driver_api::BackendKind;

use crate::vars::*;
use crate::{Keyspace, TestBed, TestBedError};

/// What `cargo xtask db up` writes for one node (`xtask/src/db/env.rs`).
fn written() -> HashMap<&'static str, String> {
    let tls = "/cache/tls/";
    [
        (HOSTS, "127.0.0.1:9042".to_string()),
        (TLS_HOSTS, "127.0.0.1:9142".into()),
        (TLS_REQUIRES_CLIENT_CERT, "1".into()),
        (USER, "cqlbridge".into()),
        (PASSWORD, "cqlbridge-pass".into()),
        (LIMITED_USER, "cqlbridge_limited".into()),
        (LIMITED_PASSWORD, "cqlbridge-limited-pass".into()),
        (CA, format!("{tls}ca.pem")),
        (OTHER_CA, format!("{tls}other-ca.pem")),
        (CLIENT_CERT, format!("{tls}client.pem")),
        (CLIENT_KEY, format!("{tls}client.key")),
        (OTHER_CLIENT_CERT, format!("{tls}other-client.pem")),
        (OTHER_CLIENT_KEY, format!("{tls}other-client.key")),
        (NODES, "1".into()),
        (DATACENTER, "datacenter1".into()),
        ("CQLBRIDGE_TEST_CASSANDRA_VERSION", "5.0.9".into()),
    ]
    .into_iter()
    .collect()
}

fn parse(vars: &HashMap<&'static str, String>) -> Result<Option<TestBed>, TestBedError> {
    TestBed::from_vars(|k| vars.get(k).cloned())
}

/// `written()` with `changes` applied: `Some` sets, `None` removes.
fn with(changes: &[(&'static str, Option<&str>)]) -> Result<Option<TestBed>, TestBedError> {
    let mut vars = written();
    for (k, v) in changes {
        match v {
            Some(v) => vars.insert(k, v.to_string()),
            None => vars.remove(k),
        };
    }
    parse(&vars)
}

fn bed(changes: &[(&'static str, Option<&str>)]) -> TestBed {
    with(changes).expect("parses").expect("configured")
}

fn missing(var: &'static str, needed_by: &'static str) -> TestBedError {
    TestBedError::Missing { var, needed_by }
}

fn malformed_var(changes: &[(&'static str, Option<&str>)]) -> &'static str {
    match with(changes) {
        Err(e @ TestBedError::Malformed { .. }) => e.var(),
        other => panic!("expected Malformed, got {other:?}"),
    }
}

#[test]
fn the_test_beds_own_file_reads_whole() {
    let b = bed(&[]);
    assert_eq!(b.hosts, ["127.0.0.1:9042"]);
    assert_eq!(
        (b.user.as_str(), b.password.as_str()),
        ("cqlbridge", "cqlbridge-pass")
    );
    let limited = b.limited.as_ref().expect("limited role");
    assert_eq!(limited.user, "cqlbridge_limited");
    assert_eq!(limited.password, "cqlbridge-limited-pass");
    let tls = b.tls.as_ref().expect("tls");
    assert_eq!(tls.hosts, ["127.0.0.1:9142"]);
    assert_eq!(tls.ca, PathBuf::from("/cache/tls/ca.pem"));
    assert!(tls.requires_client_cert);
    let client = tls.client.as_ref().expect("client identity");
    assert_eq!(client.cert, PathBuf::from("/cache/tls/client.pem"));
    assert_eq!(client.key, PathBuf::from("/cache/tls/client.key"));
    assert_eq!(tls.other_ca, Some(PathBuf::from("/cache/tls/other-ca.pem")));
    let other = tls.other_client.as_ref().expect("other identity");
    assert_eq!(other.key, PathBuf::from("/cache/tls/other-client.key"));
    assert_eq!((b.nodes, b.datacenter.as_deref()), (1, Some("datacenter1")));
}

#[test]
fn no_hosts_is_no_test_bed_whatever_else_is_set() {
    assert_eq!(with(&[(HOSTS, None)]), Ok(None));
    assert_eq!(with(&[(HOSTS, Some("  "))]), Ok(None));
    assert_eq!(parse(&HashMap::new()), Ok(None));
}

#[test]
fn host_lists_are_trimmed_and_checked() {
    let b = bed(&[(HOSTS, Some(" 127.0.0.1:9042, 127.0.0.2:9042 ,,127.0.0.3 "))]);
    assert_eq!(b.hosts, ["127.0.0.1:9042", "127.0.0.2:9042", "127.0.0.3"]);
    for ok in [
        "localhost",
        "db-1.example:9042",
        "[::1]:9042",
        "::1",
        "10.0.0.1",
    ] {
        assert_eq!(bed(&[(HOSTS, Some(ok))]).hosts, [ok]);
    }
    for bad in [
        ",",
        "127.0.0.1:abc",
        "host:",
        "host:0",
        "a b:9042",
        "127.0.0.1:70000",
    ] {
        assert_eq!(malformed_var(&[(HOSTS, Some(bad))]), HOSTS, "{bad}");
    }
    assert_eq!(malformed_var(&[(TLS_HOSTS, Some("x:y"))]), TLS_HOSTS);
}

#[test]
fn a_named_bed_needs_its_superuser() {
    assert_eq!(with(&[(USER, None)]), Err(missing(USER, HOSTS)));
    assert_eq!(with(&[(PASSWORD, Some(""))]), Err(missing(PASSWORD, USER)));
}

#[test]
fn pairs_come_together_or_not_at_all() {
    assert_eq!(
        with(&[(LIMITED_PASSWORD, None)]),
        Err(missing(LIMITED_PASSWORD, LIMITED_USER))
    );
    assert_eq!(
        with(&[(LIMITED_USER, None)]),
        Err(missing(LIMITED_USER, LIMITED_PASSWORD))
    );
    let b = bed(&[(LIMITED_USER, None), (LIMITED_PASSWORD, None)]);
    assert_eq!(b.limited, None);
    assert_eq!(
        with(&[(CLIENT_KEY, None)]),
        Err(missing(CLIENT_KEY, CLIENT_CERT))
    );
    assert_eq!(
        with(&[(OTHER_CLIENT_CERT, None)]),
        Err(missing(OTHER_CLIENT_CERT, OTHER_CLIENT_KEY))
    );
}

#[test]
fn tls_is_there_with_its_hosts_and_needs_the_ca() {
    assert_eq!(bed(&[(TLS_HOSTS, None)]).tls, None);
    assert_eq!(with(&[(CA, None)]), Err(missing(CA, TLS_HOSTS)));
    let optional = bed(&[
        (TLS_REQUIRES_CLIENT_CERT, None),
        (CLIENT_CERT, None),
        (CLIENT_KEY, None),
        (OTHER_CA, None),
    ]);
    let tls = optional.tls.expect("tls");
    assert!(!tls.requires_client_cert && tls.client.is_none() && tls.other_ca.is_none());
    assert_eq!(
        with(&[(CLIENT_CERT, None), (CLIENT_KEY, None)]),
        Err(missing(CLIENT_CERT, TLS_REQUIRES_CLIENT_CERT))
    );
    assert!(
        !bed(&[(TLS_REQUIRES_CLIENT_CERT, Some("0"))])
            .tls
            .unwrap()
            .requires_client_cert
    );
    assert_eq!(
        malformed_var(&[(TLS_REQUIRES_CLIENT_CERT, Some("maybe"))]),
        TLS_REQUIRES_CLIENT_CERT
    );
}

#[test]
fn nodes_default_to_one_and_must_be_a_count() {
    assert_eq!(bed(&[(NODES, None)]).nodes, 1);
    assert_eq!(bed(&[(NODES, Some("3"))]).nodes, 3);
    for bad in ["three", "0", "-1", "1.5"] {
        assert_eq!(malformed_var(&[(NODES, Some(bad))]), NODES, "{bad}");
    }
}

#[test]
fn errors_name_the_variable_and_debug_hides_passwords() {
    let e = with(&[(NODES, Some("three"))]).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("test bed: {NODES}=\"three\": expected a whole number of at least 1")
    );
    let e = with(&[(USER, None)]).unwrap_err().to_string();
    assert!(
        e.contains(USER) && e.contains(HOSTS) && e.contains("cargo xtask db up"),
        "{e}"
    );
    let shown = format!("{:?}", bed(&[]));
    assert!(
        !shown.contains("cqlbridge-pass") && !shown.contains("limited-pass"),
        "{shown}"
    );
    assert!(shown.contains("cqlbridge_limited"), "{shown}");
}

#[test]
fn configs_carry_the_bed() {
    let b = bed(&[(HOSTS, Some("127.0.0.1:9042,127.0.0.2:9042"))]);
    let c = b.config(BackendKind::Cpp);
    assert_eq!(c.backend, BackendKind::Cpp);
    assert_eq!(c.contact_points, ["127.0.0.1:9042", "127.0.0.2:9042"]);
    let login = c.credentials.as_ref().expect("credentials");
    assert_eq!(
        (login.username.as_str(), login.password.expose()),
        ("cqlbridge", "cqlbridge-pass")
    );
    assert_eq!(c.connect_timeout, TestBed::CONNECT_TIMEOUT);
    assert!(c.tls.is_none());
    let l = b.limited_config(BackendKind::Scylla).unwrap();
    assert_eq!(l.credentials.unwrap().username, "cqlbridge_limited");
    let no_role = bed(&[(LIMITED_USER, None), (LIMITED_PASSWORD, None)]);
    let e = no_role.limited_config(BackendKind::Scylla).unwrap_err();
    assert_eq!(e.var(), LIMITED_USER);
    let e = bed(&[(TLS_HOSTS, None)])
        .tls_config(BackendKind::Scylla)
        .unwrap_err();
    assert_eq!(e.var(), TLS_HOSTS);
    // The files do not exist: the error names the variable and the path.
    match b.tls_config(BackendKind::Scylla).unwrap_err() {
        TestBedError::File { var, path, .. } => {
            assert_eq!((var, path), (CA, PathBuf::from("/cache/tls/ca.pem")));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_tls_config_reads_the_pem_files() {
    let dir = std::env::temp_dir().join(format!("cqlbridge-testbed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pem = |name: &str, body: &str| {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p.display().to_string()
    };
    let ca = pem(
        "ca.pem",
        "-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n",
    );
    let cert = pem(
        "c.pem",
        "-----BEGIN CERTIFICATE-----\nc\n-----END CERTIFICATE-----\n",
    );
    let key = pem(
        "c.key",
        "-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----\n",
    );
    let not_pem = pem("junk.key", "not a key");
    let b = bed(&[
        (CA, Some(&ca)),
        (CLIENT_CERT, Some(&cert)),
        (CLIENT_KEY, Some(&key)),
    ]);
    let c = b.tls_config(BackendKind::Scylla).unwrap();
    assert_eq!(c.contact_points, ["127.0.0.1:9142"]);
    let tls = c.tls.expect("tls");
    assert!(tls
        .ca_pem
        .unwrap()
        .starts_with(b"-----BEGIN CERTIFICATE-----\nca"));
    assert!(tls
        .client_key_pem
        .unwrap()
        .starts_with(b"-----BEGIN PRIVATE KEY-----"));
    let junk = bed(&[
        (CA, Some(&ca)),
        (CLIENT_CERT, Some(&cert)),
        (CLIENT_KEY, Some(&not_pem)),
    ]);
    let e = junk.tls_config(BackendKind::Scylla).unwrap_err();
    assert_eq!(e.var(), CLIENT_KEY, "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keyspace_names_are_unique_and_valid() {
    let a = Keyspace::unique_name("C10.udt with-a-very-long-tag-indeed");
    let b = Keyspace::unique_name("C10.udt with-a-very-long-tag-indeed");
    assert_ne!(a, b);
    assert!(a.len() <= 48, "{a}");
    assert!(a.starts_with("cqlb_c10_udt_with_a_v_"), "{a}");
    assert!(
        a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        "{a}"
    );
}
