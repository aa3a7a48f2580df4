//! What the live schema tests share: the test bed (its absence FAILS the
//! test), sessions on either backend, a keyspace per test, and the schema
//! that uses every feature of the introspection.

#![allow(dead_code, unreachable_pub)]

use std::sync::Arc;

use cqlbridge_driver_api::{BackendKind, Config, Driver, Session};
use cqlbridge_testbed::{ddl, Keyspace, TestBed};

/// The test bed; without one the test fails, naming how to set it.
pub fn bed() -> TestBed {
    match TestBed::from_env() {
        Ok(Some(bed)) => bed,
        Ok(None) => panic!(
            "no test bed: CQLBRIDGE_TEST_HOSTS is unset. Run `cargo xtask db up` and \
             `source ~/.cache/cqlbridge/testbed.env` (the schema tests need a real cluster)"
        ),
        Err(e) => panic!("{e}"),
    }
}

/// The config of `backend` on the bed.
pub fn config(backend: BackendKind) -> Config {
    bed().config(backend)
}

/// A session of `backend` on the bed.
pub async fn session(backend: BackendKind) -> Session {
    let config = config(backend);
    let connected: cqlbridge_driver_api::Result<Arc<dyn Driver>> = match backend {
        BackendKind::Scylla => cqlbridge_driver_scylla::ScyllaDriver::connect(&config)
            .await
            .map(|d| Arc::new(d) as _),
        #[cfg(feature = "test-cpp")]
        BackendKind::Cpp => cqlbridge_driver_cpp::CppDriver::connect(&config)
            .await
            .map(|d| Arc::new(d) as _),
        other => panic!("no real backend {other}"),
    };
    let driver = connected.unwrap_or_else(|e| panic!("connect {backend}: {e}"));
    Session::with_config(driver, &config)
}

/// A fresh keyspace for `tag`.
pub async fn keyspace(session: &Session, tag: &str) -> Keyspace {
    Keyspace::create(session, tag, 1)
        .await
        .expect("create keyspace")
}

/// Runs each `;`-separated statement of `script` (with `{ks}` replaced).
pub async fn run_script(session: &Session, ks: &str, script: &str) {
    for stmt in script.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let stmt = stmt.replace("{ks}", ks);
        ddl(session, &stmt)
            .await
            .unwrap_or_else(|e| panic!("{stmt}: {e}"));
    }
}

/// A schema with every feature the introspection reads: a composite
/// partition key, clustering order DESC, a quoted column, a static column,
/// nested frozen collections, a vector, nested UDTs, options, a secondary
/// index, an index on a collection's values and on a map's keys, a custom
/// SAI index with options, and a materialized view with options.
pub const EVERY_FEATURE: &str = "
CREATE TYPE {ks}.addr (street text, zip int);
CREATE TYPE {ks}.person (name text, home frozen<addr>, phones list<text>);
CREATE TABLE {ks}.events (
    p int, k text, \"C\" text, c2 timeuuid, s text STATIC,
    v frozen<map<text, list<int>>>, who frozen<person>, vec vector<float, 3>,
    tags set<text>, note text, pair tuple<int, text>,
    PRIMARY KEY ((p, k), \"C\", c2)
) WITH CLUSTERING ORDER BY (\"C\" DESC, c2 ASC) AND comment = 'it''s all here'
  AND default_time_to_live = 100 AND gc_grace_seconds = 3600
  AND compaction = {'class': 'LeveledCompactionStrategy'};
CREATE INDEX events_note ON {ks}.events (note);
CREATE INDEX ON {ks}.events (tags);
CREATE CUSTOM INDEX events_vec ON {ks}.events (vec) USING 'StorageAttachedIndex'
    WITH OPTIONS = {'similarity_function': 'cosine'};
CREATE TABLE {ks}.plain (id uuid PRIMARY KEY, m map<text, int>, who addr)
    WITH caching = {'keys': 'NONE', 'rows_per_partition': 'NONE'};
CREATE INDEX plain_keys ON {ks}.plain (keys(m));
CREATE MATERIALIZED VIEW {ks}.by_c AS
    SELECT p, k, \"C\", c2, note FROM {ks}.events
    WHERE p IS NOT NULL AND k IS NOT NULL AND \"C\" IS NOT NULL AND c2 IS NOT NULL
    PRIMARY KEY ((\"C\"), p, k, c2) WITH CLUSTERING ORDER BY (p DESC, k ASC, c2 ASC)
    AND comment = 'by C';
";
