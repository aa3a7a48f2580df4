//! Property tests of the parsers that take user text (issue 15): a `cql://`
//! URL and the CQL lexer behind `schema_inference`. Any input gives a value
//! or a typed error, never a panic; well-formed URLs parse to what they say;
//! the cheap pre-checks never reject what `classify` would find.

use cqlbridge_driver_api::backend::schema_inference::{classify, may_change_schema, may_classify};
use std::time::Duration;

use cqlbridge_driver_api::{Config, ErrorKind, PageSize};
use proptest::prelude::*;

/// A consistency level as the URL spells it, in any case.
fn level() -> impl Strategy<Value = String> {
    proptest::sample::select(vec!["ONE", "quorum", "Local_Quorum", "ALL", "each_quorum"])
        .prop_map(str::to_string)
}

/// A keyspace name: letters, digits and underscores, a letter first.
fn keyspace() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,20}"
}

#[path = "common/fuzz_config.rs"]
mod fuzz_config;
use fuzz_config::fuzz_config;

proptest! {
    #![proptest_config(fuzz_config(1024))]

    #[test]
    fn any_text_as_a_url_is_a_config_or_a_config_error(text in any::<String>()) {
        if let Err(e) = Config::from_url(&text) {
            prop_assert_eq!(e.kind(), &ErrorKind::Config, "{}: {}", text, e);
        }
    }

    #[test]
    fn url_shaped_text_is_a_config_or_a_config_error(
        tail in "[a-zA-Z0-9:@,/?&=._%-]{0,60}",
        tls in any::<bool>(),
    ) {
        let url = format!("{}://{tail}", if tls { "cqls" } else { "cql" });
        if let Err(e) = Config::from_url(&url) {
            prop_assert_eq!(e.kind(), &ErrorKind::Config, "{}: {}", url, e);
        }
    }

    #[test]
    fn a_well_formed_url_parses_to_what_it_says(
        port in 1u16..,
        ks in keyspace(),
        page in 1u32..100_000,
        timeout in 1u64..3_600_000,
        cl in level(),
    ) {
        let url = format!(
            "cql://db.example:{port}/{ks}?consistency={cl}&page_size={page}&timeout_ms={timeout}"
        );
        let c = Config::from_url(&url).map_err(|e| TestCaseError::fail(format!("{url}: {e}")))?;
        prop_assert_eq!(c.keyspace.as_deref(), Some(ks.as_str()));
        prop_assert_eq!(c.contact_points.len(), 1);
        prop_assert!(c.contact_points[0].starts_with("db.example"), "{:?}", c.contact_points);
        prop_assert!(
            c.port == port || c.contact_points[0].ends_with(&format!(":{port}")),
            "port {} in {:?} / {}", port, c.contact_points, c.port
        );
        prop_assert_eq!(c.page_size, PageSize::Rows(page));
        prop_assert_eq!(c.request_timeout, Duration::from_millis(timeout));
        prop_assert_eq!(c.consistency.as_str(), cl.to_ascii_uppercase());
    }

    #[test]
    fn classifying_any_text_never_panics(text in any::<String>(), ks in proptest::option::of(keyspace())) {
        let _ = classify(&text, ks.as_deref());
    }

    #[test]
    fn the_cheap_checks_never_reject_what_classify_finds(
        text in "(( |\\n|--[^\\n]*\\n|/\\*[^*]*\\*/)?(USE|use|CREATE|create|ALTER|DROP|drop|select|INSERT|\"ks\"|ks|\\.|IF|NOT|EXISTS|TABLE|KEYSPACE|TYPE|INDEX|t|;|\\(|\\)) ?){1,8}",
        ks in proptest::option::of(keyspace()),
    ) {
        if let Some(found) = classify(&text, ks.as_deref()) {
            prop_assert!(may_classify(&text), "{:?} classified as {:?}", text, found.result);
            if !format!("{:?}", found.result).starts_with("SetKeyspace") {
                prop_assert!(may_change_schema(&text), "{:?} classified as {:?}", text, found.result);
            }
        }
    }
}
