//! `cqlbridge makemigration` end to end: a file written from the diff of
//! the live schema to a schema file, applied, then `schema diff` finds no
//! change; rolled back with its down section; the next number of the
//! date; only unsafe changes and bad names refused.

use std::path::{Path, PathBuf};

use cqlbridge_testbed::TestBed;

use super::{lines, migrate, Dir};
use crate::support::{for_each_backend, run, Keyspace, Output};

/// The schema file of the makemigration test: `users.name`'s type, more
/// columns of `users` and its options.
fn schema_text(name_type: &str, extra: &str, with: &str) -> String {
    format!(
        "CREATE TYPE addr (street text, zip int);\n\
         CREATE TABLE users (id int PRIMARY KEY, name {name_type}, email text{extra}){with};\n\
         CREATE TABLE orders (id int PRIMARY KEY, customer int, total int);\n\
         CREATE INDEX orders_customer ON orders (customer);\n"
    )
}

/// `cqlbridge makemigration --name NAME FILE --dir DIR --keyspace KS`.
fn make(bed: &TestBed, backend: &str, ks: &str, dir: &Dir, name: &str, file: &Path) -> Output {
    let file = file.to_str().expect("utf-8");
    let args = [
        "makemigration",
        "--name",
        name,
        file,
        "--dir",
        dir.path(),
        "--keyspace",
        ks,
    ];
    run(bed, backend, &args, "")
}

/// makemigration, apply, schema diff exits 0; its down undoes it; the next
/// file is 002; unsafe-only and bad names write nothing.
#[test]
fn makemigration_writes_a_file_that_applies_to_no_diff() {
    for_each_backend("makemigration", |bed, backend| {
        let ks = Keyspace::create(bed, backend, "mmake");
        let seed = format!(
            "CREATE TABLE {}.users (id int PRIMARY KEY, name text);",
            ks.name
        );
        run(bed, backend, &["exec", "-f", "-"], &seed).expect_code(0);
        let dir = Dir::new("make", backend);
        let files = Dir::new("make-schema", backend);
        files.write("schema.cql", &schema_text("text", "", ""));
        let schema = files.0.join("schema.cql");
        let schema_s = schema.to_str().expect("utf-8");
        let diff = || {
            run(
                bed,
                backend,
                &["schema", "diff", schema_s, "--keyspace", &ks.name],
                "",
            )
        };

        let out = make(bed, backend, &ks.name, &dir, "add_orders", &schema);
        out.expect_code(0).expect_no_control_characters();
        let path = PathBuf::from(out.stdout.trim_end());
        let file = path
            .file_name()
            .expect("a file")
            .to_string_lossy()
            .into_owned();
        let (date, rest) = file.split_at(8);
        assert!(date.bytes().all(|b| b.is_ascii_digit()), "{file}");
        assert_eq!(rest, "_001_add_orders.cql");
        assert_eq!(dir.files(), vec![file.clone()]);
        let text = std::fs::read_to_string(&path).expect("read the written file");
        let (up, down) = text.split_once("-- +down\n").expect("a down section");
        for part in [
            format!("CREATE TYPE {}.addr (", ks.name),
            format!("ALTER TABLE {}.users ADD email text;", ks.name),
            format!(
                "CREATE INDEX orders_customer ON {}.orders (customer);",
                ks.name
            ),
        ] {
            assert!(up.contains(&part), "no {part:?} in:\n{text}");
        }
        let want_down = format!(
            "DROP INDEX {ks}.orders_customer;\nALTER TABLE {ks}.users DROP email;\n\
             DROP TABLE {ks}.orders;\nDROP TYPE {ks}.addr;\n",
            ks = ks.name
        );
        assert_eq!(down, want_down);

        diff().expect_code(1);
        let applied = migrate(bed, backend, &ks.name, &dir, &["apply"]);
        applied.expect_code(0);
        assert_eq!(
            lines(&applied)[0],
            format!("applied {} (4 statement(s))", file.trim_end_matches(".cql"))
        );
        diff().expect_code(0);
        let none = make(bed, backend, &ks.name, &dir, "again", &schema);
        none.expect_code(0);
        assert_eq!(none.stdout, "");
        assert!(
            none.stderr.contains("no change: nothing written"),
            "{}",
            none.stderr
        );
        assert_eq!(dir.files().len(), 1);

        // The down section undoes it; applying again restores it.
        migrate(bed, backend, &ks.name, &dir, &["rollback"]).expect_code(0);
        diff().expect_code(1);
        migrate(bed, backend, &ks.name, &dir, &["apply"]).expect_code(0);
        diff().expect_code(0);

        // The next file of the same date is 002; a changed option has no down.
        files.write(
            "schema.cql",
            &schema_text("text", ", phone text", " WITH comment = 'x'"),
        );
        let next = make(bed, backend, &ks.name, &dir, "add_phone", &schema);
        next.expect_code(0);
        let second = PathBuf::from(next.stdout.trim_end());
        let second_name = second
            .file_name()
            .expect("file")
            .to_string_lossy()
            .into_owned();
        if second_name.starts_with(date) {
            assert_eq!(&second_name[8..], "_002_add_phone.cql");
        }
        let text = std::fs::read_to_string(&second).expect("read");
        assert!(!text.contains("-- +down"), "{text}");
        assert!(
            text.contains("the previous options are not recorded"),
            "{text}"
        );
        migrate(bed, backend, &ks.name, &dir, &["apply"]).expect_code(0);
        diff().expect_code(0);

        // Only an unsafe change: nothing written, exit 1. A bad name: exit 2.
        files.write(
            "schema.cql",
            &schema_text("int", ", phone text", " WITH comment = 'x'"),
        );
        let unsafe_only = make(bed, backend, &ks.name, &dir, "retype", &schema);
        unsafe_only.expect_code(1);
        assert!(
            unsafe_only.stderr.contains("-- UNSAFE"),
            "{}",
            unsafe_only.stderr
        );
        assert!(
            unsafe_only.stderr.contains("nothing written"),
            "{}",
            unsafe_only.stderr
        );
        let bad = make(bed, backend, &ks.name, &dir, "Add-Phone", &schema);
        bad.expect_code(2);
        assert!(bad.stderr.contains("bad migration name"), "{}", bad.stderr);
        assert_eq!(dir.files().len(), 2);
    });
}
