//! `cqlbridge migrate …` and `cqlbridge makemigration` end to end: the
//! binary spawned against the test bed, on both backends, its output, exit
//! codes and the state table checked. Counter tables make a double run of
//! any statement visible. Without a test bed these tests fail.
//!
//! `makemigration` is tested in `migrate/make.rs`; the processes of two
//! runners at once and of a runner killed mid-file in
//! `migrate/processes.rs`.

#[allow(dead_code)]
#[path = "support/mod.rs"]
mod support;

#[path = "migrate/make.rs"]
mod make;
#[path = "migrate/processes.rs"]
mod processes;

use std::collections::BTreeMap;
use std::path::PathBuf;

use cqlbridge::{BackendKind, SyncSession};
use cqlbridge_testbed::TestBed;
use support::{for_each_backend, run, Keyspace, Output};

/// A folder of migrations of one test on one backend, removed at the end.
pub(crate) struct Dir(pub(crate) PathBuf);

impl Dir {
    /// An empty folder named after `test` and `backend`.
    pub(crate) fn new(test: &str, backend: &str) -> Self {
        let name = format!("cqlb-cli-migrate-{test}-{backend}-{}", std::process::id());
        let dir = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Dir(dir)
    }

    /// Writes file `name` in it.
    pub(crate) fn write(&self, name: &str, text: &str) {
        std::fs::write(self.0.join(name), text).expect("write a migration");
    }

    /// Its path as text.
    pub(crate) fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 temp dir")
    }

    /// The names of its files, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("read the folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `cqlbridge migrate ARGS… --dir DIR --keyspace KS`.
pub(crate) fn migrate(bed: &TestBed, backend: &str, ks: &str, dir: &Dir, args: &[&str]) -> Output {
    let mut all = vec!["migrate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--dir", dir.path(), "--keyspace", ks]);
    run(bed, backend, &all, "")
}

/// A blocking session on the test bed (scylla backend), for the checks.
pub(crate) fn session(bed: &TestBed) -> SyncSession {
    cqlbridge::connect_blocking(&bed.config(BackendKind::Scylla)).expect("connect")
}

/// Every `(step, n)` of counter table `ks.hits`.
pub(crate) fn counters(s: &SyncSession, ks: &str) -> BTreeMap<i32, i64> {
    let rows = s
        .execute(format!("SELECT step, n FROM {ks}.hits").as_str(), ())
        .expect("read the counters");
    rows.rows()
        .iter()
        .map(|r| (r.get("step").expect("step"), r.get("n").expect("n")))
        .collect()
}

/// Every `(name, (statements_done, statements_total, applied))` of the state table.
pub(crate) fn state(s: &SyncSession, ks: &str) -> BTreeMap<String, (i32, i32, bool)> {
    let cql = format!(
        "SELECT name, statements_done, statements_total, applied_at FROM {ks}.cqlbridge_migrations"
    );
    let rows = s.execute(cql.as_str(), ()).expect("read the state table");
    rows.rows()
        .iter()
        .map(|r| {
            let at: Option<cqlbridge::CqlTimestamp> = r.get("applied_at").expect("applied_at");
            let name: String = r.get("name").expect("name");
            let done: i32 = r.get("statements_done").expect("done");
            let total: i32 = r.get("statements_total").expect("total");
            (name, (done, total, at.is_some()))
        })
        .collect()
}

/// True when table `ks.table` exists.
fn table_exists(s: &SyncSession, ks: &str, table: &str) -> bool {
    let rows = s
        .execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
            (ks, table),
        )
        .expect("read system_schema");
    !rows.rows().is_empty()
}

/// Three migrations: a counter table, two increments (with a down), a
/// table (without a down).
fn three(dir: &Dir, ks: &str) {
    dir.write(
        "20240101_001_create.cql",
        &format!(
            "-- +up\nCREATE TABLE IF NOT EXISTS {ks}.hits (step int PRIMARY KEY, n counter);\n\
             -- +down\nDROP TABLE {ks}.hits;\n"
        ),
    );
    dir.write(
        "20240101_002_count.cql",
        &format!(
            "-- +up\nUPDATE {ks}.hits SET n = n + 1 WHERE step = 1;\n\
             UPDATE {ks}.hits SET n = n + 1 WHERE step = 2;\n\
             -- +down\nUPDATE {ks}.hits SET n = n - 1 WHERE step = 1;\n\
             UPDATE {ks}.hits SET n = n - 1 WHERE step = 2;\n"
        ),
    );
    dir.write(
        "20240102_001_extra.cql",
        &format!("-- +up\nCREATE TABLE {ks}.extra (id int PRIMARY KEY);\n"),
    );
}

/// The lines of `out`'s stdout.
fn lines(out: &Output) -> Vec<&str> {
    out.stdout.lines().collect()
}

/// status, dry-run (runs nothing), apply --to, rollback, apply: the lines
/// printed, the counters, and typed refusals.
#[test]
fn status_dry_run_apply_and_rollback_round_trip() {
    for_each_backend("migrate round trip", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "mround");
        let dir = Dir::new("round", backend);
        three(&dir, &ks.name);
        let check = session(bed);
        let m = |args: &[&str]| migrate(bed, backend, &ks.name, &dir, args);

        let status = m(&["status"]);
        status.expect_code(0).expect_no_control_characters();
        assert_eq!(
            lines(&status),
            vec![
                "20240101_001_create  pending       0/1",
                "20240101_002_count   pending       0/2",
                "20240102_001_extra   pending       0/1",
                "3 pending",
            ]
        );

        let plan = m(&["dry-run"]);
        plan.expect_code(0);
        let want = format!(
            "would apply 20240101_001_create: statements 1-1 of 1\n   1  CREATE TABLE IF NOT \
             EXISTS {ks}.hits (step int PRIMARY KEY, n counter);\nwould apply \
             20240101_002_count: statements 1-2 of 2\n   1  UPDATE {ks}.hits SET n = n + 1 WHERE \
             step = 1;\n   2  UPDATE {ks}.hits SET n = n + 1 WHERE step = 2;\nwould apply \
             20240102_001_extra: statements 1-1 of 1\n   1  CREATE TABLE {ks}.extra (id int \
             PRIMARY KEY);\n3 migration(s), 4 statement(s) to run; nothing was run\n",
            ks = ks.name
        );
        assert_eq!(plan.stdout, want);
        assert!(
            !table_exists(&check, &ks.name, "hits"),
            "the dry run ran something"
        );
        assert!(!table_exists(&check, &ks.name, "cqlbridge_migrations"));

        let to = m(&["apply", "--to", "20240101_002_count"]);
        to.expect_code(0);
        assert_eq!(
            lines(&to),
            vec![
                "applied 20240101_001_create (1 statement(s))",
                "applied 20240101_002_count (2 statement(s))",
                "2 migration(s) applied, 3 statement(s) run",
            ]
        );
        let status = m(&["status"]);
        status.expect_code(0);
        let l = lines(&status);
        assert!(
            l[0].starts_with("20240101_001_create  applied       1/1  at 20"),
            "{l:?}"
        );
        assert!(
            l[1].starts_with("20240101_002_count   applied       2/2  at 20"),
            "{l:?}"
        );
        assert_eq!(
            l[2..],
            [
                "20240102_001_extra   pending       0/1",
                "2 applied, 1 pending"
            ]
        );
        assert_eq!(counters(&check, &ks.name), BTreeMap::from([(1, 1), (2, 1)]));

        let back = m(&["rollback"]);
        back.expect_code(0);
        assert_eq!(
            lines(&back),
            vec![
                "rolled back 20240101_002_count",
                "1 migration(s) rolled back, 2 statement(s) run"
            ]
        );
        assert_eq!(counters(&check, &ks.name), BTreeMap::from([(1, 0), (2, 0)]));
        assert!(lines(&m(&["status"]))[1].starts_with("20240101_002_count   pending"));

        let rest = m(&["apply"]);
        rest.expect_code(0);
        assert_eq!(
            lines(&rest)[2],
            "2 migration(s) applied, 3 statement(s) run",
            "{}",
            rest.stdout
        );
        assert_eq!(counters(&check, &ks.name), BTreeMap::from([(1, 1), (2, 1)]));
        assert!(table_exists(&check, &ks.name, "extra"));
        let again = m(&["apply"]);
        again.expect_code(0);
        assert_eq!(
            again.stdout,
            "nothing to apply: every migration is applied\n"
        );
        let plan = m(&["dry-run"]);
        plan.expect_code(0);
        assert_eq!(plan.stdout, "nothing to apply\n");

        // Typed refusals: no down, an unknown target, a bad option.
        let no_down = m(&["rollback", "--steps", "2"]);
        no_down.expect_code(2);
        assert!(
            no_down
                .stderr
                .contains("20240102_001_extra has no down section"),
            "{}",
            no_down.stderr
        );
        assert_eq!(lines(&m(&["status"])).last(), Some(&"3 applied"));
        let unknown = m(&["dry-run", "--to", "20240101_009_nope"]);
        unknown.expect_code(2);
        assert!(unknown
            .stderr
            .contains("no migration is named 20240101_009_nope"));
        let ttl = m(&["apply", "--lock-ttl", "1"]);
        ttl.expect_code(2);
        assert!(
            ttl.stderr.contains("lock_ttl: must be at least 3 s"),
            "{}",
            ttl.stderr
        );
        let no_ks = run(
            bed,
            backend,
            &["migrate", "status", "--dir", dir.path()],
            "",
        );
        no_ks.expect_code(2);
        assert!(
            no_ks.stderr.contains("no keyspace for the state tables"),
            "{}",
            no_ks.stderr
        );
        let missing = migrate(bed, backend, "cqlb_no_such_ks", &dir, &["apply"]);
        missing.expect_code(2);
        assert!(
            missing.stderr.contains("cqlb_no_such_ks"),
            "{}",
            missing.stderr
        );
    });
}

/// A file changed after it was applied: apply, dry-run and rollback exit 2
/// naming it; status says CHANGED; nothing ran.
#[test]
fn a_tampered_file_is_refused() {
    for_each_backend("migrate tampered", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "mtamper");
        let dir = Dir::new("tamper", backend);
        three(&dir, &ks.name);
        let m = |args: &[&str]| migrate(bed, backend, &ks.name, &dir, args);
        m(&["apply", "--to", "20240101_002_count"]).expect_code(0);

        let path = dir.0.join("20240101_002_count.cql");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace("step = 2", "step = 3")).expect("tamper");
        for action in ["apply", "dry-run", "rollback"] {
            let out = m(&[action]);
            out.expect_code(2);
            assert!(
                out.stderr
                    .contains("20240101_002_count was changed after it was applied"),
                "{action}: {}",
                out.stderr
            );
        }
        let status = m(&["status"]);
        status.expect_code(0);
        assert!(
            lines(&status)[1].starts_with("20240101_002_count   CHANGED       2/2  checksum "),
            "{}",
            status.stdout
        );
        let check = session(bed);
        assert_eq!(counters(&check, &ks.name), BTreeMap::from([(1, 1), (2, 1)]));
        assert!(!table_exists(&check, &ks.name, "extra"));
        assert_eq!(state(&check, &ks.name).len(), 2);

        // A file that does not parse names its line.
        dir.write("20240103_001_bad.cql", "-- +up\nSELECT 'open;\n");
        std::fs::write(&path, text).expect("restore");
        let bad = m(&["status"]);
        bad.expect_code(2);
        assert!(
            bad.stderr
                .contains("20240103_001_bad.cql: line 2: unclosed quote"),
            "{}",
            bad.stderr
        );
    });
}
