//! `cqlbridge scan` as real processes: 4 shards run at the same time, a
//! scan stopped by Ctrl-C (SIGINT) and one killed with SIGKILL, each
//! resumed from the checkpoint it left; the union is exactly the table.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cqlbridge_testbed::TestBed;

use super::{all_keys, csv_keys, scan, seed};
use crate::support::{for_each_backend, Keyspace, CHILD_LIMIT};

/// A `(p, c)` key of the seeded table.
type Key = (u32, u32);

/// A running `cqlbridge scan … --out csv --columns p,c` whose stdout is
/// read line by line as it comes.
struct Streaming {
    child: Child,
    lines: Receiver<String>,
    stderr: JoinHandle<String>,
}

impl Streaming {
    /// Starts `cqlbridge --backend BACKEND scan ARGS… --columns p,c --out csv`.
    fn start(bed: &TestBed, backend: &str, args: &[&str]) -> Self {
        let mut cmd: Command = bed.app_command(env!("CARGO_BIN_EXE_cqlbridge"));
        cmd.args(["--backend", backend, "scan"])
            .args(args)
            .args(["--columns", "p,c", "--out", "csv"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start cqlbridge");
        let stdout = child.stdout.take().expect("piped");
        let mut stderr = child.stderr.take().expect("piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Streaming {
            child,
            lines,
            stderr,
        }
    }

    /// The process id, for `kill`.
    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    /// Reads keys (skipping the CSV header) until `count` were read, or
    /// stdout closed; each line must come within [`CHILD_LIMIT`].
    fn keys(&self, count: usize) -> Vec<Key> {
        let mut keys = Vec::new();
        while keys.len() < count {
            match self.lines.recv_timeout(CHILD_LIMIT) {
                Ok(line) if line == "p,c" => {}
                Ok(line) => keys.push(parse_key(&line)),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!("no output for {CHILD_LIMIT:?}"),
            }
        }
        keys
    }

    /// Sends `signal` (a `kill` signal name), then reads the rest of stdout
    /// and waits for the exit, each within [`CHILD_LIMIT`].
    fn signal_and_finish(mut self, signal: &str, read: Vec<Key>) -> (Vec<Key>, ExitStatus, String) {
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid()])
            .status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -{signal}");
        let mut keys = read;
        keys.extend(self.keys(usize::MAX));
        let status = wait_bounded(&mut self.child);
        let stderr = self.stderr.join().expect("the stderr reader");
        (keys, status, stderr)
    }
}

/// `p,c` as a key.
fn parse_key(line: &str) -> Key {
    let (p, c) = line.split_once(',').expect("p,c");
    (p.parse().expect("p"), c.parse().expect("c"))
}

/// Waits for `child`, killing it (and failing) after [`CHILD_LIMIT`].
fn wait_bounded(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + CHILD_LIMIT;
    loop {
        if let Some(status) = child.try_wait().expect("wait for cqlbridge") {
            return status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("cqlbridge still running after {CHILD_LIMIT:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits, within [`CHILD_LIMIT`], until `path` exists.
fn wait_for_file(path: &std::path::Path) {
    let deadline = Instant::now() + CHILD_LIMIT;
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "no checkpoint at {} after {CHILD_LIMIT:?}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Asserts `parts` together are the table exactly; returns how many keys
/// were read more than once.
fn assert_union_is_the_table(parts: &[&[Key]]) -> usize {
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let union: BTreeSet<Key> = parts.iter().flat_map(|p| p.iter().copied()).collect();
    let all = all_keys();
    let lost: Vec<&Key> = all.difference(&union).take(5).collect();
    assert!(lost.is_empty(), "rows lost, e.g. {lost:?}");
    assert_eq!(union, all, "rows outside the table");
    total - union.len()
}

#[test]
fn scan_four_shards_as_four_concurrent_processes() {
    for_each_backend("scan_four_shards", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "scan_shards4");
        seed(bed, backend, &ks.name);
        let table = format!("{}.t", ks.name);
        let shards = ["0/4", "1/4", "2/4", "3/4"];
        let running: Vec<Streaming> = shards
            .iter()
            .map(|s| Streaming::start(bed, backend, &[&table, "--ranges", "32", "--shard", s]))
            .collect();
        let mut parts = Vec::new();
        for (shard, mut run) in shards.iter().zip(running) {
            let keys = run.keys(usize::MAX);
            let status = wait_bounded(&mut run.child);
            let stderr = run.stderr.join().expect("the stderr reader");
            assert!(status.success(), "shard {shard}: {status}: {stderr}");
            assert!(!keys.is_empty(), "shard {shard} read nothing");
            parts.push(keys);
        }
        let parts: Vec<&[Key]> = parts.iter().map(Vec::as_slice).collect();
        assert_eq!(assert_union_is_the_table(&parts), 0, "the shards overlap");
    });
}

/// A checkpoint path of this test's own, removed first.
fn checkpoint(ks: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("{ks}.ckpt"));
    let _ = std::fs::remove_file(&path);
    path
}

/// The keys a `--resume` of the scan of `table` from the checkpoint `file`
/// prints; the checkpoint is removed after.
fn resume_keys(bed: &TestBed, backend: &str, table: &str, file: &std::path::Path) -> Vec<Key> {
    let path = file.to_str().expect("a UTF-8 path");
    let args = [
        table,
        "--columns",
        "p,c",
        "--out",
        "csv",
        "--checkpoint",
        path,
        "--resume",
    ];
    let keys = csv_keys(&scan(bed, backend, &args));
    let _ = std::fs::remove_file(file);
    keys
}

#[test]
fn scan_stopped_by_ctrl_c_writes_its_checkpoint_and_resumes() {
    for_each_backend("scan_sigint", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "scan_sigint");
        seed(bed, backend, &ks.name);
        let table = format!("{}.t", ks.name);
        let file = checkpoint(&ks.name);
        let path = file.to_str().expect("a UTF-8 path");
        // 100 rows/s over 300 rows, a checkpoint every second: SIGINT
        // after the first one lands about a third of the way. (Stdout is
        // buffered: the rows come through the pipe only at a flush.)
        let args = [
            table.as_str(),
            "--rate",
            "100",
            "--checkpoint",
            path,
            "--checkpoint-every",
            "1",
        ];
        let run = Streaming::start(bed, backend, &args);
        wait_for_file(&file);
        let (before, status, stderr) = run.signal_and_finish("INT", Vec::new());
        assert_eq!(status.code(), Some(130), "exit code after SIGINT: {stderr}");
        assert!(stderr.contains("--resume"), "{stderr}");
        assert!(
            before.len() < 300,
            "{} rows: the scan was not stopped",
            before.len()
        );

        let rest = resume_keys(bed, backend, &table, &file);
        // Ctrl-C flushes, then writes the checkpoint: no row is read twice.
        assert_eq!(
            assert_union_is_the_table(&[&before, &rest]),
            0,
            "rows read twice"
        );
    });
}

#[test]
fn scan_killed_with_sigkill_resumes_from_its_checkpoint() {
    for_each_backend("scan_sigkill", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "scan_sigkill");
        seed(bed, backend, &ks.name);
        let table = format!("{}.t", ks.name);
        let file = checkpoint(&ks.name);
        let path = file.to_str().expect("a UTF-8 path");
        let args = [
            table.as_str(),
            "--rate",
            "100",
            "--checkpoint",
            path,
            "--checkpoint-every",
            "0",
        ];
        let run = Streaming::start(bed, backend, &args);
        let read = run.keys(150);
        let (before, status, _) = run.signal_and_finish("KILL", read);
        assert_eq!(status.signal(), Some(9), "killed, not finished: {status}");
        assert!(
            before.len() < 300,
            "{} rows: the scan was not stopped",
            before.len()
        );

        let rest = resume_keys(bed, backend, &table, &file);
        // The checkpoint follows every printed row: a kill between the two
        // repeats at most that one row.
        let repeats = assert_union_is_the_table(&[&before, &rest]);
        assert!(repeats <= 1, "{repeats} rows read twice");
    });
}
