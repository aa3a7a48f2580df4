//! Migration runners as real processes: two `migrate apply` started at the
//! same moment apply each migration exactly once, and a runner killed with
//! SIGKILL in the middle of a file leaves a lock that expires and a
//! partial record that the next run resumes at its next statement.
//! Counters show any statement run twice.

use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use cqlbridge::SyncSession;

use super::{counters, lines, migrate, session, state, Dir};
use crate::support::{for_each_backend, Keyspace, Output, CHILD_LIMIT};

/// `20240101_001_hits` (a counter table), then `steps` migrations that each
/// create a table and add 1 to their own counter.
fn counting(dir: &Dir, ks: &str, steps: usize) -> Vec<String> {
    dir.write(
        "20240101_001_hits.cql",
        &format!(
            "-- +up\nCREATE TABLE IF NOT EXISTS {ks}.hits (step int PRIMARY KEY, n counter);\n"
        ),
    );
    let mut names = vec!["20240101_001_hits".to_string()];
    for i in 1..=steps {
        let name = format!("20240101_{:03}_step{i}", i + 1);
        dir.write(
            &format!("{name}.cql"),
            &format!(
                "-- +up\nCREATE TABLE IF NOT EXISTS {ks}.t{i} (id int PRIMARY KEY);\n\
                 UPDATE {ks}.hits SET n = n + 1 WHERE step = {i};\n"
            ),
        );
        names.push(name);
    }
    names
}

/// Two `migrate apply` processes released by one barrier: each migration
/// applied by exactly one, every counter 1.
#[test]
fn two_runners_started_at_once_apply_each_migration_once() {
    for_each_backend("migrate two runners", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "mtwo");
        let dir = Dir::new("two", backend);
        let names = counting(&dir, &ks.name, 6);
        let start = Barrier::new(2);
        let outs: Vec<Output> = std::thread::scope(|s| {
            let runners: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        migrate(
                            bed,
                            backend,
                            &ks.name,
                            &dir,
                            &["apply", "--lock-wait", "50"],
                        )
                    })
                })
                .collect();
            runners
                .into_iter()
                .map(|r| r.join().expect("a runner thread"))
                .collect()
        });
        for out in &outs {
            out.expect_code(0);
        }
        let mut applied: Vec<String> = outs
            .iter()
            .flat_map(|o| o.stdout.lines())
            .filter_map(|l| l.strip_prefix("applied "))
            .map(|l| l.split(' ').next().unwrap_or_default().to_string())
            .collect();
        applied.sort();
        assert_eq!(
            applied, names,
            "runner 1:\n{}\nrunner 2:\n{}",
            outs[0].stdout, outs[1].stdout
        );

        let check = session(bed);
        let want: Vec<(i32, i64)> = (1..=6).map(|i| (i, 1)).collect();
        assert_eq!(
            counters(&check, &ks.name).into_iter().collect::<Vec<_>>(),
            want
        );
        let st = state(&check, &ks.name);
        assert_eq!(st.keys().cloned().collect::<Vec<_>>(), names);
        for (name, (done, total, at)) in &st {
            assert!(done == total && *at, "{name}: {done}/{total}, applied {at}");
        }
    });
}

/// Statements done of `name`, 0 while the state table or its row is absent.
fn done_of(s: &SyncSession, ks: &str, name: &str) -> i32 {
    let cql = format!("SELECT statements_done FROM {ks}.cqlbridge_migrations WHERE name = ?");
    s.execute(cql.as_str(), (name,))
        .ok()
        .and_then(|r| {
            r.first_row()
                .and_then(|row| row.get::<Option<i32>>(0).ok().flatten())
        })
        .unwrap_or(0)
}

/// The tables of `ks` named `r1`, `r2`, …
fn r_tables(s: &SyncSession, ks: &str) -> usize {
    let rows = s
        .execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?",
            (ks,),
        )
        .expect("read system_schema");
    rows.rows()
        .iter()
        .filter_map(|r| r.get::<String>(0).ok())
        .filter(|t| t.len() > 1 && t.starts_with('r') && t[1..].bytes().all(|b| b.is_ascii_digit()))
        .count()
}

/// SIGKILL after statement 1 of a 40-statement file is recorded (polled,
/// bounded): the lock is held (exit 1), status says partial; the next run
/// waits for the lock to expire and resumes at the next statement.
#[test]
fn a_runner_killed_mid_file_resumes_at_its_next_statement() {
    const PAIRS: i32 = 20;
    const LONG: &str = "20240101_002_long";
    for_each_backend("migrate killed", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "mkill");
        let dir = Dir::new("kill", backend);
        counting(&dir, &ks.name, 0);
        let mut long = String::from("-- +up\n");
        for i in 1..=PAIRS {
            long.push_str(&format!(
                "CREATE TABLE IF NOT EXISTS {ks}.r{i} (id int PRIMARY KEY);\n\
                 UPDATE {ks}.hits SET n = n + 1 WHERE step = {i};\n",
                ks = ks.name
            ));
        }
        dir.write(&format!("{LONG}.cql"), &long);
        let total = 2 * PAIRS;
        let check = session(bed);

        let mut cmd = bed.app_command(env!("CARGO_BIN_EXE_cqlbridge"));
        cmd.args(["--backend", backend, "migrate", "apply", "--lock-ttl", "10"])
            .args(["--dir", dir.path(), "--keyspace", &ks.name])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("start cqlbridge");
        let deadline = Instant::now() + CHILD_LIMIT;
        while done_of(&check, &ks.name, LONG) < 1 {
            if let Some(status) = child.try_wait().expect("poll the runner") {
                panic!("the runner ended ({status}) before its first statement was seen");
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("statement 1 of {LONG} not recorded within {CHILD_LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.kill().expect("SIGKILL the runner");
        let status = child.wait().expect("reap the runner");
        assert_eq!(status.signal(), Some(9), "{status}");

        // The dead runner's lock is still held: a runner that does not wait fails.
        let held = migrate(bed, backend, &ks.name, &dir, &["apply", "--lock-wait", "0"]);
        held.expect_code(1);
        assert!(
            held.stderr.contains("holds the migration lock"),
            "{}",
            held.stderr
        );
        // Read after that run: a write the runner had sent before it died
        // may have reached the server after the kill.
        let (k, t, applied) = state(&check, &ks.name)[LONG];
        assert!(
            (1..total).contains(&k) && t == total && !applied,
            "{k}/{t} applied {applied}"
        );
        let status = migrate(bed, backend, &ks.name, &dir, &["status"]);
        status.expect_code(0);
        let want = format!(
            "{LONG}  partial       {k}/{total}  apply resumes at statement {}",
            k + 1
        );
        assert_eq!(lines(&status)[1], want);

        // It expires; the next run resumes at statement k + 1.
        let resumed = migrate(
            bed,
            backend,
            &ks.name,
            &dir,
            &["apply", "--lock-wait", "50"],
        );
        resumed.expect_code(0);
        assert_eq!(
            lines(&resumed),
            vec![
                format!(
                    "applied {LONG} (resumed: statements {}-{total} of {total})",
                    k + 1
                ),
                format!("1 migration(s) applied, {} statement(s) run", total - k),
            ]
        );
        assert_eq!(state(&check, &ks.name)[LONG], (total, total, true));
        assert_eq!(r_tables(&check, &ks.name), 20);
        // Statement 2i adds to step i. Only the statement in flight when
        // the runner died (k + 1) may have run twice.
        for (step, n) in counters(&check, &ks.name) {
            if 2 * step == k + 1 {
                assert!(n == 1 || n == 2, "step {step}: {n}");
            } else {
                assert_eq!(n, 1, "step {step} (killed after statement {k})");
            }
        }
        assert_eq!(counters(&check, &ks.name).len(), 20);
    });
}
