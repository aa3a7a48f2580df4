//! What every example shares: the configuration (`CQLBRIDGE_URL` or the
//! `CQLBRIDGE_*` variables, see `Config::from_env`) with `--backend scylla|cpp`
//! from the command line on top, a keyspace of its own, the `outcome` lines
//! that `tests/examples.rs` reads, and the exit code on failure.
//!
//! Each example includes it with `mod common;`; an example uses only some of
//! these helpers, so the ones it leaves unused are not warnings.
#![allow(dead_code)]

use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

use cqlbridge::{Config, Error, ErrorKind, Result, Session, Statement, SyncSession};

/// How long schema statements may take: a busy single node needs seconds.
pub(crate) const DDL_TIMEOUT: Duration = Duration::from_secs(60);

/// The configuration from the environment, with the backend that
/// `--backend NAME` (or `--backend=NAME`) names, if given.
pub(crate) fn config() -> Result<Config> {
    let mut config = Config::from_env()?;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let name = match arg.strip_prefix("--backend=") {
            Some(name) => name.to_string(),
            None if arg == "--backend" => args
                .next()
                .ok_or_else(|| Error::config("--backend needs a value: scylla or cpp"))?,
            None => return Err(Error::config(format!("unexpected argument `{arg}`"))),
        };
        config.backend = name.parse()?;
    }
    println!(
        "backend: {}  hosts: {:?}",
        config.backend, config.contact_points
    );
    Ok(config)
}

/// A keyspace name of this example's own: `cqlbridge_ex_<name>_<pid>`.
pub(crate) fn keyspace_name(example: &str) -> String {
    format!("cqlbridge_ex_{example}_{}", std::process::id())
}

/// A schema statement with [`DDL_TIMEOUT`].
pub(crate) fn ddl(cql: impl Into<String>) -> Statement {
    Statement::new(cql.into()).with_timeout(DDL_TIMEOUT)
}

/// `CREATE KEYSPACE` with replication factor 1, printed as `keyspace: NAME`.
pub(crate) async fn create_keyspace(session: &Session, ks: &str) -> Result<()> {
    session
        .execute(
            ddl(format!(
                "CREATE KEYSPACE {ks} WITH replication = \
                 {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
            )),
            (),
        )
        .await?;
    println!("keyspace: {ks}");
    Ok(())
}

/// `DROP KEYSPACE IF EXISTS`.
pub(crate) async fn drop_keyspace(session: &Session, ks: &str) -> Result<()> {
    session
        .execute(ddl(format!("DROP KEYSPACE IF EXISTS {ks}")), ())
        .await?;
    println!("dropped keyspace {ks}");
    Ok(())
}

/// [`create_keyspace`] through the blocking API.
pub(crate) fn create_keyspace_blocking(session: &SyncSession, ks: &str) -> Result<()> {
    session.execute(
        ddl(format!(
            "CREATE KEYSPACE {ks} WITH replication = \
             {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
        )),
        (),
    )?;
    println!("keyspace: {ks}");
    Ok(())
}

/// [`drop_keyspace`] through the blocking API.
pub(crate) fn drop_keyspace_blocking(session: &SyncSession, ks: &str) -> Result<()> {
    session.execute(ddl(format!("DROP KEYSPACE IF EXISTS {ks}")), ())?;
    println!("dropped keyspace {ks}");
    Ok(())
}

/// Prints one result the example computed, as `outcome KEY = VALUE`: the
/// lines `tests/examples.rs` checks.
pub(crate) fn outcome(key: &str, value: impl Display) {
    println!("outcome {key} = {value}");
}

/// An error for something that is not the database's fault (a task that
/// panicked, a file that cannot be written, a check that failed).
pub(crate) fn other(what: impl Display) -> Error {
    Error::new(ErrorKind::Other, what.to_string())
}

/// Calls `probe` every 200 ms until it returns `Some`, for at most `bound`;
/// a timeout is an error naming `what`. For eventually consistent reads.
pub(crate) async fn poll<T, F, Fut>(what: &str, bound: Duration, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let started = Instant::now();
    loop {
        if let Some(found) = probe().await? {
            return Ok(found);
        }
        if started.elapsed() >= bound {
            return Err(other(format!("{what}: not seen within {bound:?}")));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Runs an example's body, printing its error and exiting with code 1 on failure.
pub(crate) fn finish(name: &str, result: Result<()>) {
    match result {
        Ok(()) => println!("{name}: done"),
        Err(e) => {
            eprintln!("{name} failed: {e}");
            std::process::exit(1);
        }
    }
}
