//! `cqlbridge scan` end to end: counts, rows, shards, checkpoints and bad
//! input, on both backends, with piped (non-terminal) streams.

use std::collections::BTreeSet;

use cqlbridge_testbed::TestBed;

use crate::support::{for_each_backend, run, Keyspace, Output};

mod processes;

/// Partitions and rows per partition of the seeded table.
const PARTITIONS: u32 = 30;
const ROWS_PER_PARTITION: u32 = 10;

/// Creates `ks.t (p, c, v)` with [`PARTITIONS`] × [`ROWS_PER_PARTITION`] rows.
fn seed(bed: &TestBed, backend: &str, ks: &str) {
    let mut script = format!(
        "CREATE TABLE {ks}.t (p int, c int, v text, PRIMARY KEY (p, c));\n\
         CREATE TABLE {ks}.other (id int PRIMARY KEY);\n"
    );
    for p in 0..PARTITIONS {
        script.push_str("BEGIN UNLOGGED BATCH\n");
        for c in 0..ROWS_PER_PARTITION {
            script.push_str(&format!(
                "INSERT INTO {ks}.t (p, c, v) VALUES ({p}, {c}, 'v{p}-{c}');\n"
            ));
        }
        script.push_str("APPLY BATCH;\n");
    }
    run(bed, backend, &["exec", "-f", "-"], &script).expect_code(0);
}

/// Every `(p, c)` the table holds.
fn all_keys() -> BTreeSet<(u32, u32)> {
    (0..PARTITIONS)
        .flat_map(|p| (0..ROWS_PER_PARTITION).map(move |c| (p, c)))
        .collect()
}

/// Runs a scan that must succeed, with no control characters in its output.
fn scan(bed: &TestBed, backend: &str, args: &[&str]) -> Output {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    let out = run(bed, backend, &all, "");
    out.expect_code(0).expect_no_control_characters();
    out
}

/// The `(p, c)` of each CSV record after the header `p,c`.
fn csv_keys(out: &Output) -> Vec<(u32, u32)> {
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("p,c"), "{}", out.stdout);
    lines
        .map(|l| {
            let (p, c) = l.split_once(',').expect("p,c");
            (p.parse().expect("p"), c.parse().expect("c"))
        })
        .collect()
}

/// The rows/s of the summary line `scanned … (R rows/s), …`.
fn rate(stderr: &str) -> f64 {
    let start = stderr.find('(').expect("a summary line") + 1;
    let end = stderr.find(" rows/s)").expect("a summary line");
    stderr[start..end].parse().expect("a rate")
}

#[test]
fn scan_counts_prints_and_shards_every_row_once() {
    for_each_backend("scan", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "scan");
        seed(bed, backend, &ks.name);
        let table = format!("{}.t", ks.name);

        let count = scan(bed, backend, &[&table, "--concurrency", "8"]);
        assert_eq!(count.stdout, "300\n");
        assert!(
            count
                .stderr
                .contains(&format!("scanned 300 rows of {table}")),
            "{}",
            count.stderr
        );

        let json = scan(bed, backend, &[&table, "--columns", "v", "--out", "json"]);
        let values: BTreeSet<&str> = json.stdout.lines().collect();
        assert_eq!(json.stdout.lines().count(), 300);
        assert_eq!(values.len(), 300);
        assert!(values.contains("{\"v\":\"v7-3\"}"), "{}", json.stdout);

        let slow = scan(bed, backend, &[&table, "--rate", "150"]);
        assert_eq!(slow.stdout, "300\n");
        let rate = rate(&slow.stderr);
        // The throttle's promise is the ceiling (the asked rate, +10% for
        // the rate limiter's burst over a 2 s run); the floor only checks that
        // it does not stall, with room for a loaded machine.
        assert!(
            (75.0..=165.0).contains(&rate),
            "150 rows/s asked, {rate} measured"
        );

        let mut union = Vec::new();
        for shard in ["0/3", "1/3", "2/3"] {
            let out = scan(
                bed,
                backend,
                &[
                    &table,
                    "--columns",
                    "p,c",
                    "--ranges",
                    "24",
                    "--shard",
                    shard,
                    "--out",
                    "csv",
                ],
            );
            let keys = csv_keys(&out);
            assert!(!keys.is_empty(), "shard {shard} read nothing");
            union.extend(keys);
        }
        assert_eq!(union.len(), 300, "the shards overlap or miss rows");
        assert_eq!(union.into_iter().collect::<BTreeSet<_>>(), all_keys());
    });
}

#[test]
fn scan_checkpoints_resume_and_never_overwrite() {
    for_each_backend("scan_checkpoint", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "scan_ckpt");
        seed(bed, backend, &ks.name);
        let table = format!("{}.t", ks.name);
        let file = std::env::temp_dir().join(format!("{}.ckpt", ks.name));
        let _ = std::fs::remove_file(&file);
        let path = file.to_str().expect("a UTF-8 path");

        assert_eq!(
            scan(bed, backend, &[&table, "--checkpoint", path]).stdout,
            "300\n"
        );
        let written = std::fs::read_to_string(&file).expect("the checkpoint was written");

        let again = run(bed, backend, &["scan", &table, "--checkpoint", path], "");
        again.expect_code(2).expect_no_control_characters();
        assert!(again.stderr.contains("--resume"), "{}", again.stderr);
        assert_eq!(
            std::fs::read_to_string(&file).expect("still there"),
            written
        );

        let resumed = scan(bed, backend, &[&table, "--checkpoint", path, "--resume"]);
        assert_eq!(
            resumed.stdout, "0\n",
            "a finished scan resumed reads nothing"
        );

        let other = format!("{}.other", ks.name);
        let mismatch = run(
            bed,
            backend,
            &["scan", &other, "--checkpoint", path, "--resume"],
            "",
        );
        mismatch.expect_code(2).expect_no_control_characters();
        assert_eq!(
            std::fs::read_to_string(&file).expect("still there"),
            written
        );

        std::fs::write(&file, "not json").expect("overwrite the checkpoint");
        let garbage = run(
            bed,
            backend,
            &["scan", &table, "--checkpoint", path, "--resume"],
            "",
        );
        let _ = std::fs::remove_file(&file);
        garbage.expect_code(2).expect_no_control_characters();
        assert!(garbage.stderr.contains("checkpoint"), "{}", garbage.stderr);
    });
}

#[test]
fn scan_rejects_bad_input_before_reading() {
    for_each_backend("scan_bad_input", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "scan_bad");
        seed(bed, backend, &ks.name);
        let table = format!("{}.t", ks.name);
        let cases: [(&[&str], i32, &str); 8] = [
            (&[&format!("{}.nope", ks.name)], 1, "nope"),
            (&["no_such_keyspace_here.t"], 1, "no_such_keyspace_here"),
            (&[&table, "--columns", "p,zz"], 1, "zz"),
            (&[&table, "--rate", "0"], 2, "rate"),
            (&[&table, "--shard", "3/3"], 2, "shard"),
            (&[&table, "--shard", "x"], 2, "I/N"),
            (&["notable"], 2, "KEYSPACE.TABLE"),
            (&[&table, "--resume"], 2, "--checkpoint"),
        ];
        for (args, code, word) in cases {
            let mut all = vec!["scan"];
            all.extend_from_slice(args);
            let out = run(bed, backend, &all, "");
            out.expect_code(code).expect_no_control_characters();
            assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
            assert!(out.stderr.contains(word), "{args:?}: {}", out.stderr);
        }
    });
}
