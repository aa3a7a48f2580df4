//! Two of three nodes down, for each backend × API at once: what QUORUM
//! and ONE give.
//!
//! 1. **The bed's default configuration.** Cassandra reads roles at its
//!    `auth_read_consistency_level` (default `LOCAL_QUORUM`) and the bed
//!    keeps no auth caches (validity 0, so new roles apply at once): with
//!    nodes 2 and 3 killed, every request, ONE included, is refused. The
//!    run asserts that the caller gets a typed error, never `Other`, and
//!    reports its kind: a request is tried until the error is neither a
//!    timeout nor a connection error (what a request to a node not yet
//!    known to be down gets), at most [`SETTLE_TRIES`] times.
//! 2. **Auth out of the data path.** Node 1 is restarted (nodes 2 and 3
//!    still down) with `auth_read_consistency_level: ONE`, which its own
//!    replica of `system_auth` (RF 3) can serve. Then QUORUM fails fast
//!    with `Unavailable` (2 required, 1 alive), within the request
//!    timeout, and ONE succeeds.
//!
//! Afterwards nodes 2 and 3 are started again, and node 1 is restarted
//! without the override.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use cqlbridge::{BackendKind, Consistency, ErrorKind, Statement};
use cqlbridge_testbed::{ddl, Keyspace, TestBed};

use crate::load::Api;
use crate::nodes;
use crate::run::TIMEOUT;

/// Attempts at a request in the default configuration until its error
/// says more than a timeout or a broken connection.
const SETTLE_TRIES: usize = 10;

/// How long a session may take to serve again after node 1's restart.
const RECONNECT: Duration = Duration::from_secs(120);

/// What one backend × API got.
#[derive(Debug)]
pub(crate) struct TwoDown {
    /// `scylla async`, …
    pub(crate) who: String,
    /// Default configuration: the error kinds at QUORUM and at ONE.
    pub(crate) default_quorum: String,
    /// The same at ONE.
    pub(crate) default_one: String,
    /// Auth at ONE: the QUORUM error, and how long it took.
    pub(crate) quorum: String,
    /// Its latency.
    pub(crate) quorum_took: Duration,
    /// Auth at ONE: the ONE write's outcome.
    pub(crate) one: String,
}

/// One write at `cl` through `api`: `Ok` or the error.
async fn write(
    api: &Api,
    table: &str,
    k: i64,
    cl: Consistency,
) -> (cqlbridge::Result<()>, Duration) {
    let st = Statement::new(format!("INSERT INTO {table} (k, v) VALUES ({k}, {k})"))
        .with_consistency(cl)
        .with_timeout(TIMEOUT);
    let t = Instant::now();
    let r = match api {
        Api::Async(s) => s.execute(&st, ()).await.map(drop),
        Api::Sync(s) => {
            let s = s.clone();
            tokio::task::spawn_blocking(move || s.execute(&st, ()).map(drop))
                .await
                .unwrap_or_else(|e| Err(cqlbridge::Error::new(ErrorKind::Other, e.to_string())))
        }
    };
    (r, t.elapsed())
}

/// The errors of a write at `cl` in the default configuration, tried until
/// one is neither a timeout nor a connection error: each typed, none a
/// success; shown as the kinds seen, the last with its message.
async fn refused(
    api: &Api,
    table: &str,
    k: i64,
    cl: Consistency,
    what: &str,
) -> Result<String, String> {
    let mut early = Vec::new();
    for _ in 0..SETTLE_TRIES {
        match write(api, table, k, cl).await.0 {
            Ok(()) => return Err(format!("{what}: succeeded with two of three nodes down")),
            Err(e) if matches!(e.kind(), ErrorKind::Other) => {
                return Err(format!("{what}: untyped: {e}"))
            }
            Err(e) if matches!(e.kind(), ErrorKind::Timeout | ErrorKind::Connection) => {
                early.push(e.kind().name());
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => {
                let message: String = e.message().chars().take(110).collect();
                let before = if early.is_empty() {
                    String::new()
                } else {
                    format!("after {early:?}: ")
                };
                return Ok(format!("{before}{} ({message})", e.kind().name()));
            }
        }
    }
    Ok(format!("only {early:?}"))
}

async fn db(args: Vec<String>) -> Result<(), String> {
    tokio::task::spawn_blocking(move || {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        nodes::db(&refs)
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Runs the two-down checks.
pub(crate) async fn two_down(bed: &TestBed) -> Result<Vec<TwoDown>, String> {
    let admin = cqlbridge::connect(
        &bed.config(BackendKind::Scylla)
            .request_timeout(Duration::from_secs(30)),
    )
    .await
    .map_err(|e| format!("admin connect: {e}"))?;
    let ks = Keyspace::create(&admin, "twodown", 3)
        .await
        .map_err(|e| e.to_string())?;
    let table = format!("{}.writes", ks.name);
    ddl(
        &admin,
        &format!("CREATE TABLE {table} (k bigint PRIMARY KEY, v bigint)"),
    )
    .await
    .map_err(|e| e.to_string())?;
    let _ = admin.close().await;
    let mut apis = BTreeMap::new();
    for backend in [BackendKind::Scylla, BackendKind::Cpp] {
        let config = bed.config(backend).request_timeout(TIMEOUT);
        apis.insert(
            format!("{backend} async"),
            Api::Async(
                cqlbridge::connect(&config)
                    .await
                    .map_err(|e| e.to_string())?,
            ),
        );
        let sync = tokio::task::spawn_blocking(move || cqlbridge::connect_blocking(&config))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        apis.insert(format!("{backend} sync"), Api::Sync(sync));
    }
    let result = checks(&apis, &table).await;
    // Back to the bed's own configuration: nodes 2 and 3 first (node 1
    // alone, at its default auth level, could not log anyone in), then
    // node 1 restarted without the override.
    let restore: [&[&str]; 4] = [
        &["start-node", "2"],
        &["start-node", "3"],
        &["stop-node", "1"],
        &["start-node", "1"],
    ];
    for args in restore {
        if let Err(e) = db(args.iter().map(|a| a.to_string()).collect()).await {
            eprintln!("node-loss: restoring the bed ({}): {e}", args.join(" "));
        }
    }
    result
}

async fn checks(apis: &BTreeMap<String, Api>, table: &str) -> Result<Vec<TwoDown>, String> {
    db(vec!["kill-node".into(), "2".into()]).await?;
    db(vec!["kill-node".into(), "3".into()]).await?;
    let mut defaults = BTreeMap::new();
    for (i, (who, api)) in apis.iter().enumerate() {
        let k = i as i64 * 10;
        let q = refused(
            api,
            table,
            k,
            Consistency::Quorum,
            &format!("{who}, default config, QUORUM"),
        )
        .await?;
        let o = refused(
            api,
            table,
            k + 1,
            Consistency::One,
            &format!("{who}, default config, ONE"),
        )
        .await?;
        defaults.insert(who.clone(), (q, o));
    }
    db(vec!["kill-node".into(), "1".into()]).await?;
    db(vec![
        "start-node".into(),
        "1".into(),
        "--auth-read-consistency".into(),
        "ONE".into(),
    ])
    .await?;
    let mut out = Vec::new();
    for (i, (who, api)) in apis.iter().enumerate() {
        let k = 1000 + i as i64 * 10;
        let deadline = Instant::now() + RECONNECT;
        let one = loop {
            match write(api, table, k, Consistency::One).await {
                (Ok(()), took) => break format!("ok ({} ms)", took.as_millis()),
                (Err(e), _) if Instant::now() < deadline => {
                    eprintln!("node-loss: {who}: ONE not yet served: {e}");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                (Err(e), _) => {
                    return Err(format!(
                        "{who}: ONE not served within {RECONNECT:?} of node 1's restart: {e}"
                    ))
                }
            }
        };
        let (q, quorum_took) = write(api, table, k + 1, Consistency::Quorum).await;
        let quorum = match q {
            Err(e) if matches!(e.kind(), ErrorKind::Unavailable { required: 2, alive: 1, .. }) => e.kind().name().to_string(),
            other => return Err(format!("{who}: QUORUM with one node up: expected Unavailable (2 required, 1 alive), got {other:?}")),
        };
        if quorum_took >= TIMEOUT {
            return Err(format!(
                "{who}: Unavailable took {quorum_took:?}, not under the timeout of {TIMEOUT:?}"
            ));
        }
        let (dq, d1) = defaults.remove(who).unwrap_or_default();
        out.push(TwoDown {
            who: who.clone(),
            default_quorum: dq,
            default_one: d1,
            quorum,
            quorum_took,
            one,
        });
    }
    Ok(out)
}
