//! Unit tests of migration files written from a diff: up and down
//! sections, inverses, unsafe and withheld changes, the next name.

use super::{civil_from_days, inverse, migration_text, next_name, utc_timestamp};
use crate::diff::{diff, Diff, DiffOptions};
use crate::migrate::{MigrateError, Migration};
use crate::parse::parse;
use cqlbridge_driver_api::CqlTimestamp;

/// The live schema: a keyspace, a table with an option, a state table.
const LIVE: &str = "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', \
                    'replication_factor': 1};\n\
                    CREATE TABLE ks.t (id int PRIMARY KEY, v text) WITH comment = 'a';\n\
                    CREATE TABLE ks.cqlbridge_migrations (name text PRIMARY KEY);\n";

/// The diff from [`LIVE`] to `desired` (tables of keyspace `ks`).
fn diff_to(desired: &str, allow_drop: bool) -> Diff {
    let live = parse(LIVE, "live.cql", None).expect("live parses");
    let want = parse(desired, "want.cql", Some("ks")).expect("desired parses");
    diff(&live, &want, DiffOptions { allow_drop }).expect("diffs")
}

/// The sections of a written file, as a migration.
fn load(text: &str) -> Migration {
    Migration::cql("20240101_001_test", text).expect("the written file loads")
}

/// The texts of `statements` (none: empty).
fn texts(statements: Option<&[crate::migrate::split::ScriptStatement]>) -> Vec<String> {
    statements
        .unwrap_or(&[])
        .iter()
        .map(|s| s.text.clone())
        .collect()
}

/// Created tables, types, indexes and an added column: a down of their
/// drops, newest first.
#[test]
fn creations_get_a_down_section_of_their_inverses_newest_first() {
    let d = diff_to(
        "CREATE TABLE t (id int PRIMARY KEY, v text, w int) WITH comment = 'a';\n\
         CREATE TABLE u (id int PRIMARY KEY, x text);\n\
         CREATE INDEX u_x ON u (x);\n\
         CREATE TYPE addr (zip int);\n\
         CREATE TABLE cqlbridge_migrations (name text PRIMARY KEY);\n",
        false,
    );
    let text = migration_text(&d, "schema.cql").expect("runnable changes");
    assert!(text.starts_with("-- Written by cqlbridge makemigration from schema.cql.\n-- +up\n"));
    let m = load(&text);
    assert_eq!(m.up_len(), 4, "{text}");
    assert_eq!(
        texts(m.down_statements()),
        vec![
            "DROP INDEX ks.u_x",
            "DROP TABLE ks.u",
            "ALTER TABLE ks.t DROP w",
            "DROP TYPE ks.addr",
        ],
        "{text}"
    );
}

/// A changed option has no inverse: no down section, a comment saying why
/// and the known inverses commented out.
#[test]
fn an_unknown_inverse_leaves_out_the_down_section_and_says_why() {
    let d = diff_to(
        "CREATE TABLE t (id int PRIMARY KEY, v text, w int) WITH comment = 'b';\n",
        false,
    );
    let text = migration_text(&d, "s.cql").expect("runnable changes");
    let m = load(&text);
    assert_eq!(m.up_len(), 2, "{text}");
    assert!(!m.has_down(), "{text}");
    assert!(
        text.contains("the previous options are not recorded"),
        "{text}"
    );
    assert!(text.contains("-- ALTER TABLE ks.t DROP w;"), "{text}");
}

/// Unsafe changes are comments; a diff of only unsafe changes (or none)
/// writes no file.
#[test]
fn unsafe_changes_are_comments_and_alone_write_nothing() {
    let retyped = diff_to(
        "CREATE TABLE t (id int PRIMARY KEY, v int) WITH comment = 'a';",
        false,
    );
    assert!(retyped.has_unsafe());
    assert_eq!(migration_text(&retyped, "s.cql"), None);
    let same = diff_to(
        "CREATE TABLE t (id int PRIMARY KEY, v text) WITH comment = 'a';",
        false,
    );
    assert_eq!(migration_text(&same, "s.cql"), None);

    let mixed = diff_to(
        "CREATE TABLE t (id int PRIMARY KEY, v int) WITH comment = 'a';\n\
         CREATE TABLE u (id int PRIMARY KEY);",
        false,
    );
    let text = migration_text(&mixed, "s.cql").expect("one runnable change");
    assert!(
        text.contains("\n-- UNSAFE ks.t.v: column type changes"),
        "{text}"
    );
    let m = load(&text);
    assert_eq!(m.up_len(), 1);
    assert_eq!(texts(m.down_statements()), vec!["DROP TABLE ks.u"]);
}

/// Withheld drops are counted; allowed drops are written and have no
/// inverse; the state tables are never dropped.
#[test]
fn drops_are_counted_or_written_but_never_of_the_state_tables() {
    let desired = "CREATE TABLE t (id int PRIMARY KEY) WITH comment = 'a';\n\
                   CREATE TABLE u (id int PRIMARY KEY);";
    let withheld = migration_text(&diff_to(desired, false), "s.cql").expect("a new table");
    assert!(
        withheld.contains("-- 1 drop(s) left out: run makemigration with --allow-drop"),
        "{withheld}"
    );
    let allowed = migration_text(&diff_to(desired, true), "s.cql").expect("changes");
    assert!(!allowed.contains("cqlbridge_migrations"), "{allowed}");
    let m = load(&allowed);
    let up = texts(m.up_statements());
    assert_eq!(up.len(), 2, "{allowed}");
    assert!(up[0].starts_with("CREATE TABLE ks.u"), "{allowed}");
    assert_eq!(up[1], "ALTER TABLE ks.t DROP v");
    assert!(!m.has_down(), "a drop has no inverse: {allowed}");
    assert!(
        allowed.contains("what it drops cannot be restored"),
        "{allowed}"
    );
}

/// A created keyspace, table and view are undone by their drops.
#[test]
fn inverses_of_keyspaces_and_views() {
    let live = parse(LIVE, "live.cql", None).expect("parses");
    let want = parse(
        "CREATE KEYSPACE ks2 WITH replication = {'class': 'SimpleStrategy', \
         'replication_factor': 1};\n\
         CREATE TABLE ks2.b (id int, c text, PRIMARY KEY (id, c));\n\
         CREATE MATERIALIZED VIEW ks2.b_by_c AS SELECT * FROM ks2.b WHERE c IS NOT NULL \
         AND id IS NOT NULL PRIMARY KEY (c, id);",
        "want.cql",
        None,
    )
    .expect("parses");
    let d = diff(&live, &want, DiffOptions::default()).expect("diffs");
    let downs: Vec<String> = d
        .changes
        .iter()
        .rev()
        .map(|c| inverse(c).expect("known"))
        .collect();
    assert_eq!(
        downs,
        vec![
            "DROP MATERIALIZED VIEW ks2.b_by_c",
            "DROP TABLE ks2.b",
            "DROP KEYSPACE ks2"
        ]
    );
}

/// A folder of this test's own, emptied.
fn folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cqlb-gen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The next number counts only the `.cql` files of the same date; bad
/// descriptions, dates and a full date are BadName.
#[test]
fn next_name_counts_the_files_of_the_same_date() {
    let dir = folder("next");
    assert_eq!(next_name(&dir, "20240101", "a").unwrap(), "20240101_001_a");
    for f in [
        "20240101_001_a.cql",
        "20240101_007_b.cql",
        "20240102_009_c.cql",
        "20240101_050_x.txt",
    ] {
        std::fs::write(dir.join(f), "-- +up\nSELECT 1;\n").unwrap();
    }
    assert_eq!(
        next_name(&dir, "20240101", "add_users").unwrap(),
        "20240101_008_add_users"
    );
    assert_eq!(next_name(&dir, "20240103", "z").unwrap(), "20240103_001_z");
    assert_eq!(
        next_name(&dir.join("absent"), "20240101", "z").unwrap(),
        "20240101_001_z"
    );
    for bad in ["", "Add", "a-b", "a b"] {
        let e = next_name(&dir, "20240101", bad).unwrap_err();
        assert!(matches!(e, MigrateError::BadName { .. }), "{bad}: {e:?}");
    }
    assert!(matches!(
        next_name(&dir, "20240230", "x").unwrap_err(),
        MigrateError::BadName { .. }
    ));
    std::fs::write(dir.join("20240104_999_full.cql"), "").unwrap();
    assert!(matches!(
        next_name(&dir, "20240104", "x").unwrap_err(),
        MigrateError::BadName { .. }
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Days since the epoch as dates, leap days included, and timestamps as UTC
/// text.
#[test]
fn civil_dates() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    assert_eq!(super::today_utc().len(), 8);
    assert_eq!(
        utc_timestamp(CqlTimestamp(1_709_164_800_000 + 3_723_000)),
        "2024-02-29 01:02:03 UTC"
    );
    assert_eq!(
        utc_timestamp(CqlTimestamp(-1000)),
        "1969-12-31 23:59:59 UTC"
    );
}
