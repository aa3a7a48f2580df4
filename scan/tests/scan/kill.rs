//! A scanning process killed with SIGKILL mid-scan: this test starts the
//! scan in a child process (this test binary again, running
//! [`kill_child`]), reads the keys it prints, kills it near half the table,
//! and resumes from the checkpoint file it left. The union is the table;
//! rows repeat only from the page in hand; no finished range is requested
//! again.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use cqlbridge_driver_api::BackendKind;
use cqlbridge_scan::{scan, Checkpoint, ScanOptions};
use futures::TryStreamExt;

use crate::resume::{assert_no_finished_range_read, counted};
use crate::support::fixture::{key, keys_of, Fixture, Key};
use crate::support::{checkpoint_path, session};

/// The variable that makes [`kill_child`] scan: `backend keyspace table path`.
const CHILD: &str = "CQLBRIDGE_SCAN_KILL_CHILD";
const PAGE: u32 = 300;
/// Keys read before the kill: half the table.
const BEFORE_KILL: usize = 10_000;

fn options() -> ScanOptions {
    ScanOptions::new().concurrency(4).ranges(32).page_size(PAGE)
}

/// The child: scans as [`CHILD`] says, printing `KEY p c` for each row,
/// checkpointing at every page, until it is killed.
pub(crate) fn kill_child() {
    let spec = std::env::var(CHILD)
        .expect("run by killed_process_resumes, which sets CQLBRIDGE_SCAN_KILL_CHILD");
    let [backend, ks, t, path]: [&str; 4] = spec
        .split(' ')
        .collect::<Vec<_>>()
        .try_into()
        .expect("4 fields");
    let backend: BackendKind = backend.parse().expect("a backend");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let session = session(backend).await;
        let options = options()
            .checkpoint_file(path)
            .checkpoint_interval(Duration::ZERO);
        let mut rows = scan(&session, ks, t, options)
            .await
            .expect("the scan starts");
        let mut out = std::io::stdout().lock();
        while let Some(row) = rows.try_next().await.expect("a row") {
            let (p, c) = key(&row);
            writeln!(out, "KEY {p} {c}")
                .and_then(|()| out.flush())
                .expect("stdout");
        }
    });
}

/// Reads the child's `KEY` lines: `BEFORE_KILL` of them, then (after
/// `kill` ran) the rest it printed before dying.
fn read_keys(stdout: impl std::io::Read, kill: impl FnOnce()) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut kill = Some(kill);
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("the child's stdout");
        // The harness may print its `test kill_child ... ` before the first key.
        if let Some(rest) = line.find("KEY ").map(|at| &line[at + 4..]) {
            let (p, c) = rest.split_once(' ').expect("KEY p c");
            keys.push((p.parse().expect("p"), c.parse().expect("c")));
        }
        if keys.len() == BEFORE_KILL {
            if let Some(kill) = kill.take() {
                kill();
            }
        }
    }
    keys
}

/// The check, on `backend`.
pub(crate) async fn killed_process_resumes(backend: BackendKind) {
    let session = session(backend).await;
    let fx = Fixture::create(&session, &format!("scan_kill_{backend}"), 5000, 4).await;
    let (ks, t) = (fx.keyspace.name.clone(), fx.table.clone());
    let path = checkpoint_path("kill", backend);
    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "kill_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, format!("{backend} {ks} {t} {}", path.display()))
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the child");
    let stdout = child.stdout.take().expect("piped");
    let pid = child.id();
    let reading = tokio::task::spawn_blocking(move || {
        read_keys(stdout, || {
            // SIGKILL, as `kill -9` would.
            let status = Command::new("kill").args(["-9", &pid.to_string()]).status();
            assert!(status.is_ok_and(|s| s.success()), "kill -9 {pid}");
        })
    });
    let before = tokio::time::timeout(Duration::from_secs(120), reading)
        .await
        .expect("the child printed 10,000 rows within 120 s")
        .expect("the reader");
    let status = child.wait().expect("the child ends");
    assert_eq!(
        status.signal(),
        Some(9),
        "the child was killed, not finished: {status:?}"
    );
    assert!(
        before.len() >= BEFORE_KILL && before.len() < fx.keys.len(),
        "{} rows before the kill",
        before.len()
    );

    let at_kill = Checkpoint::load(&path).expect("the checkpoint file the child left");
    let (counted_session, counting) = counted(backend).await;
    let mut resumed = scan(&counted_session, &ks, &t, options().resume(at_kill.clone()))
        .await
        .unwrap();
    let ranges = resumed.plan().ranges.clone();
    let rest = keys_of(&mut resumed).await;
    let union: BTreeSet<Key> = before.iter().chain(&rest).copied().collect();
    let lost: Vec<&Key> = fx.keys.difference(&union).take(5).collect();
    assert_eq!(
        union.len(),
        fx.keys.len(),
        "killed + resumed: rows lost, e.g. {lost:?}"
    );
    assert_eq!(union, fx.keys, "killed + resumed: the union is the table");
    let repeats = before.len() + rest.len() - fx.keys.len();
    assert!(
        repeats <= PAGE as usize,
        "{repeats} rows repeated: more than the page in hand"
    );
    assert_no_finished_range_read(&counting.requests(), &ranges, &at_kill);
    fx.drop_with(&session).await;
}
