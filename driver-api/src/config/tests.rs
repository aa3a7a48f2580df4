//! Tests of building, validating and reading a [`Config`] from the environment.

use super::*;

#[test]
fn debug_never_prints_the_password() {
    let c = Config::new(["10.0.0.1"]).credentials("app", "hunter2-very-secret");
    let dbg = format!("{c:?} {:?}", c.credentials);
    assert!(!dbg.contains("hunter2"), "{dbg}");
    assert!(dbg.contains("app"));
    assert_eq!(
        c.credentials.unwrap().password.expose(),
        "hunter2-very-secret"
    );
}

#[test]
fn defaults_become_session_options() {
    let o = Config::default().default_options();
    assert_eq!(o.consistency, Some(Consistency::LocalQuorum));
    assert_eq!(o.page_size, Some(PageSize::Rows(5000)));
    assert_eq!(o.timeout, Some(Duration::from_secs(12)));
}

#[test]
fn validate_rejects_bad_configs() {
    assert!(Config::new(Vec::<String>::new())
        .validate()
        .unwrap_err()
        .to_string()
        .contains("contact"));
    assert!(Config::default().keyspace("a;DROP").validate().is_err());
    assert!(Config::default()
        .request_timeout(Duration::ZERO)
        .validate()
        .is_err());
    assert!(Config::default().validate().is_ok());
}

#[test]
fn env_reads_individual_variables() {
    let env = |k: &str| match k {
        "CQLBRIDGE_HOSTS" => Some("h1, h2:9043".to_string()),
        "CQLBRIDGE_BACKEND" => Some("cpp".to_string()),
        "CQLBRIDGE_USER" => Some("u".to_string()),
        "CQLBRIDGE_PASSWORD" => Some("p".to_string()),
        _ => None,
    };
    let c = Config::from_env_with(env).unwrap();
    assert_eq!(c.contact_addresses(), vec!["h1:9042", "h2:9043"]);
    assert_eq!(c.backend, BackendKind::Cpp);
    assert_eq!(c.credentials.unwrap().username, "u");
    let bad = |k: &str| (k == "CQLBRIDGE_BACKEND").then(|| "oracle".to_string());
    let half = |k: &str| (k == "CQLBRIDGE_CLIENT_CERT").then(|| "/c.pem".to_string());
    assert!(Config::from_env_with(half)
        .unwrap_err()
        .to_string()
        .contains("together"));
    assert!(Config::from_env_with(bad)
        .unwrap_err()
        .to_string()
        .contains("oracle"));
}
