//! `cqlbridge schema describe` and `cqlbridge schema diff` end to end: the
//! binary spawned with piped streams against the test bed, on both
//! backends, its output and exit codes checked (diff: 0 no change, 1
//! changes, 2 error). Without a test bed these tests fail.

#[allow(dead_code)]
#[path = "support/mod.rs"]
mod support;

use std::path::PathBuf;

use support::{for_each_backend, run, Keyspace};

/// The keyspace's objects: a type, a table with clustering order DESC,
/// a static column and options, an index and an SAI index.
fn seed(bed: &cqlbridge_testbed::TestBed, backend: &str, ks: &str) {
    let script = format!(
        "CREATE TYPE {ks}.addr (street text, zip int);\n\
         CREATE TABLE {ks}.t (id int, ts int, s text STATIC, home frozen<addr>, v text, \
         PRIMARY KEY (id, ts)) WITH CLUSTERING ORDER BY (ts DESC) AND comment = 'seeded';\n\
         CREATE INDEX t_v ON {ks}.t (v);\n\
         CREATE CUSTOM INDEX t_s ON {ks}.t (s) USING 'StorageAttachedIndex';\n"
    );
    run(bed, backend, &["exec", "-f", "-"], &script).expect_code(0);
}

/// A schema file in a directory of this process's own.
fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cqlbridge-cli-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the schema file");
    path
}

#[test]
fn describe_prints_ddl_that_recreates_the_keyspace() {
    for_each_backend("schema describe", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "sdesc");
        seed(bed, backend, &ks.name);
        let out = run(bed, backend, &["schema", "describe", &ks.name], "");
        out.expect_code(0).expect_no_control_characters();
        let ddl = &out.stdout;
        assert!(
            ddl.starts_with(&format!("CREATE KEYSPACE {} WITH replication = ", ks.name)),
            "{ddl}"
        );
        for part in [
            format!(
                "CREATE TYPE {}.addr (\n    street text,\n    zip int\n);",
                ks.name
            ),
            "    s text static,".to_owned(),
            "WITH CLUSTERING ORDER BY (ts DESC)".to_owned(),
            "AND comment = 'seeded'".to_owned(),
            format!("CREATE INDEX t_v ON {}.t (v);", ks.name),
            format!(
                "CREATE CUSTOM INDEX t_s ON {}.t (s) USING 'StorageAttachedIndex';",
                ks.name
            ),
        ] {
            assert!(ddl.contains(&part), "no {part:?} in:\n{ddl}");
        }

        // Run it (less CREATE KEYSPACE) in another keyspace: it describes the same.
        let copy = Keyspace::create(bed, backend, "sdesc_copy");
        let (_, rest) = ddl.split_once(";\n").expect("statements");
        let renamed = rest.replace(&format!("{}.", ks.name), &format!("{}.", copy.name));
        run(bed, backend, &["exec", "-f", "-"], &renamed).expect_code(0);
        let again = run(bed, backend, &["schema", "describe", &copy.name], "");
        again.expect_code(0);
        let (_, again_rest) = again.stdout.split_once(";\n").expect("statements");
        assert_eq!(again_rest, renamed);

        // Every keyspace: both are there, no system keyspace is.
        let all = run(bed, backend, &["schema", "describe"], "");
        all.expect_code(0);
        assert!(all
            .stdout
            .contains(&format!("CREATE TABLE {}.t (", ks.name)));
        assert!(all
            .stdout
            .contains(&format!("CREATE TABLE {}.t (", copy.name)));
        assert!(
            !all.stdout.contains("CREATE KEYSPACE system"),
            "system keyspaces described"
        );

        let missing = run(bed, backend, &["schema", "describe", "cqlb_no_such_ks"], "");
        missing.expect_code(1);
        assert!(
            missing.stderr.contains("cqlb_no_such_ks does not exist"),
            "{}",
            missing.stderr
        );
    });
}

#[test]
fn diff_prints_changes_with_exit_codes() {
    for_each_backend("schema diff", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "sdiff");
        seed(bed, backend, &ks.name);
        let base = "CREATE TYPE addr (street text, zip int);\n\
                    CREATE TABLE t (id int, ts int, s text STATIC, home frozen<addr>, v text,\n\
                    PRIMARY KEY (id, ts)) WITH CLUSTERING ORDER BY (ts DESC) AND comment = 'seeded';\n\
                    CREATE INDEX t_v ON t (v);\n\
                    CREATE CUSTOM INDEX t_s ON t (s) USING 'StorageAttachedIndex';\n";
        let diff = |name: &str, text: &str, extra: &[&str]| {
            let path = file(&format!("{backend}-{name}.cql"), text);
            let path = path.to_str().expect("utf-8 path").to_owned();
            let mut args = vec![
                "schema",
                "diff",
                path.as_str(),
                "--keyspace",
                ks.name.as_str(),
            ];
            args.extend_from_slice(extra);
            run(bed, backend, &args, "")
        };

        let same = diff("same", base, &[]);
        same.expect_code(0);
        assert_eq!(same.stdout, "");

        let added = diff(
            "added",
            &base.replace("v text,", "v text, w list<int>,"),
            &[],
        );
        added.expect_code(1).expect_no_control_characters();
        assert_eq!(
            added.stdout,
            format!("ALTER TABLE {}.t ADD w list<int>;\n", ks.name)
        );
        assert!(
            added.stderr.contains("1 change(s), 0 of them unsafe"),
            "{}",
            added.stderr
        );

        let dropped = base
            .replace("v text,", "")
            .replace("CREATE INDEX t_v ON t (v);\n", "");
        let withheld = diff("dropped", &dropped, &[]);
        withheld.expect_code(0);
        assert_eq!(withheld.stdout, "");
        assert!(
            withheld.stderr.contains("2 drop(s) not shown"),
            "{}",
            withheld.stderr
        );
        let shown = diff("dropped", &dropped, &["--allow-drop"]);
        shown.expect_code(1);
        assert_eq!(
            shown.stdout,
            format!(
                "DROP INDEX {ks}.t_v;\nALTER TABLE {ks}.t DROP v;\n",
                ks = ks.name
            )
        );

        let retyped = diff("retyped", &base.replace("v text", "v int"), &[]);
        retyped.expect_code(1);
        assert!(
            retyped.stdout.starts_with(&format!(
                "-- UNSAFE {}.t.v: column type changes from text to int.",
                ks.name
            )),
            "{}",
            retyped.stdout
        );
        assert!(
            retyped.stderr.contains("1 of them unsafe"),
            "{}",
            retyped.stderr
        );

        let bad = diff(
            "bad",
            "CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (id in PRIMARY KEY, );\n",
            &[],
        );
        bad.expect_code(2);
        assert!(bad.stderr.contains("bad.cql:2:"), "{}", bad.stderr);
        assert_eq!(bad.stdout, "");

        let absent = run(
            bed,
            backend,
            &["schema", "diff", "/nonexistent/schema.cql"],
            "",
        );
        absent.expect_code(2);
        assert!(
            absent
                .stderr
                .contains("cannot read /nonexistent/schema.cql"),
            "{}",
            absent.stderr
        );

        let path = file(&format!("{backend}-other.cql"), base);
        let unknown = run(
            bed,
            backend,
            &[
                "schema",
                "diff",
                path.to_str().expect("path"),
                "--keyspace",
                "cqlb_no_such_ks",
            ],
            "",
        );
        unknown.expect_code(2);
        assert!(
            unknown.stderr.contains("cqlb_no_such_ks does not exist"),
            "{}",
            unknown.stderr
        );
    });
}
