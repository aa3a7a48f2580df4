//! Smoke test for libcassandra: proves the C++ driver links, loads and answers through FFI.
//!
//! Connects to `CQLBRIDGE_CPP_SMOKE_HOST` (default `127.0.0.1`, port 9042) as
//! `CQLBRIDGE_CPP_SMOKE_USER`/`CQLBRIDGE_CPP_SMOKE_PASSWORD` (default `cassandra`/`cassandra`)
//! and asks for `release_version`. Without a server the driver's own connection error is the
//! expected outcome and still proves the library works: a link or load failure would stop the
//! program before `main`.
//!
//! Exit codes: 0 when a server answered, 2 for a connection error (library fine, no session),
//! 1 for anything else.

use std::process::ExitCode;
use std::time::Duration;

use cassandra_cpp::{AsRustType, Cluster, LogLevel};

/// Runs the smoke test; see the module docs.
fn main() -> ExitCode {
    cassandra_cpp::set_level(LogLevel::DISABLED);
    let setting =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let host = setting("CQLBRIDGE_CPP_SMOKE_HOST", "127.0.0.1");
    let user = setting("CQLBRIDGE_CPP_SMOKE_USER", "cassandra");
    let password = setting("CQLBRIDGE_CPP_SMOKE_PASSWORD", "cassandra");
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cpp_smoke: cannot start a runtime: {err}");
            return ExitCode::from(1);
        }
    };
    let attempt = runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(20), query(&host, &user, &password)).await
    });
    match attempt {
        Ok(Ok(version)) => {
            println!("cpp_smoke: connected to {host}: release_version = {version}");
            ExitCode::SUCCESS
        }
        Ok(Err(Failure::Connect(err))) => {
            println!("cpp_smoke: libcassandra loaded; could not connect to {host}: {err}");
            ExitCode::from(2)
        }
        Ok(Err(Failure::Other(err))) => {
            eprintln!("cpp_smoke: connected to {host} but the query failed: {err}");
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!("cpp_smoke: no answer from {host} within 20 s");
            ExitCode::from(1)
        }
    }
}

/// Why the smoke test did not get a version.
enum Failure {
    /// The session could not be opened.
    Connect(String),
    /// The session opened but the query failed.
    Other(String),
}

/// Connects to `host` as `user` and reads `release_version` from `system.local`.
async fn query(host: &str, user: &str, password: &str) -> Result<String, Failure> {
    let mut cluster = Cluster::default();
    cluster
        .set_contact_points(host)
        .map_err(|err| Failure::Other(err.to_string()))?;
    cluster
        .set_credentials(user, password)
        .map_err(|err| Failure::Other(err.to_string()))?;
    cluster.set_connect_timeout(Duration::from_secs(3));
    cluster.set_request_timeout(Duration::from_secs(5));
    let session = cluster
        .connect()
        .await
        .map_err(|err| Failure::Connect(err.to_string()))?;
    let result = session
        .execute("SELECT release_version FROM system.local")
        .await
        .map_err(|err| Failure::Other(err.to_string()))?;
    let row = result
        .first_row()
        .ok_or_else(|| Failure::Other("system.local returned no row".into()))?;
    let version: String = row
        .get_by_name("release_version")
        .map_err(|err| Failure::Other(err.to_string()))?;
    Ok(version)
}
