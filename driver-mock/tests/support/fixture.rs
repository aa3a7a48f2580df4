//! The fake backend, config and runtime the telemetry tests share.

use std::sync::Arc;
use std::time::Duration;

use cqlbridge_driver_api::{
    ColumnSpec, ColumnType, Config, Consistency, ErrorKind, ExecOptions, Session, Value,
};
use cqlbridge_driver_mock::{CqlPattern, FakeDriver};

/// A fake with scripted SELECT, PAGED, BAD and SLOW statements.
pub fn fake() -> FakeDriver {
    let fake = FakeDriver::new();
    fake.when(CqlPattern::prefix("SELECT").unwrap())
        .delay(Duration::from_millis(2))
        .returns_rows(
            vec![ColumnSpec::new("n", ColumnType::Int)],
            vec![vec![Value::Int(1)], vec![Value::Int(2)]],
        );
    fake.when(CqlPattern::prefix("PAGED").unwrap())
        .returns_paged(
            vec![ColumnSpec::new("n", ColumnType::Int)],
            (0..5).map(|i| vec![Value::Int(i)]).collect(),
        );
    fake.when(CqlPattern::prefix("BAD").unwrap())
        .fails(ErrorKind::Syntax, "scripted syntax error");
    fake.when(CqlPattern::prefix("SLOW").unwrap())
        .delay(Duration::from_secs(30))
        .returns(cqlbridge_driver_api::QueryResult::Void);
    fake
}

/// A config with keyspace `app` and a profile `fast`.
pub fn config() -> Config {
    Config::default()
        .keyspace("app")
        .profile("fast", ExecOptions::new().consistency(Consistency::One))
}

/// A session over `fake`.
pub fn session(fake: &FakeDriver, config: &Config) -> Session {
    Session::with_config(Arc::new(fake.clone()), config)
}

/// A current-thread runtime.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}
