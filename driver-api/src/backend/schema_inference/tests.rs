//! Unit tests of [`classify`](super::classify) and [`may_change_schema`](super::may_change_schema).

use super::*;

fn sc(cql: &str) -> (String, String, String, String) {
    match classify(cql, Some("cur")).map(|c| c.result) {
        Some(QueryResult::SchemaChange(s)) => (s.change, s.target, s.keyspace, s.name),
        other => panic!("{cql}: {other:?}"),
    }
}

fn t(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
    (a.into(), b.into(), c.into(), d.into())
}

#[test]
fn keyspace_table_type_function() {
    assert_eq!(
        sc("CREATE KEYSPACE IF NOT EXISTS Ks1 WITH replication = {}"),
        t("CREATED", "KEYSPACE", "ks1", "")
    );
    assert_eq!(
        sc("  -- note\n create table ks.\"MyT\" (k int primary key)"),
        t("CREATED", "TABLE", "ks", "MyT")
    );
    assert_eq!(
        sc("ALTER TABLE t ADD v int"),
        t("UPDATED", "TABLE", "cur", "t")
    );
    assert_eq!(
        sc("DROP TABLE IF EXISTS ks.t"),
        t("DROPPED", "TABLE", "ks", "t")
    );
    assert_eq!(
        sc("CREATE TYPE ks.addr (s text)"),
        t("CREATED", "TYPE", "ks", "addr")
    );
    assert_eq!(
        sc("CREATE OR REPLACE FUNCTION ks.f (x int) CALLED ON NULL INPUT"),
        t("CREATED", "FUNCTION", "ks", "f")
    );
    assert_eq!(
        sc("CREATE MATERIALIZED VIEW ks.mv AS SELECT"),
        t("CREATED", "TABLE", "ks", "mv")
    );
}

#[test]
fn indexes_update_their_table() {
    assert_eq!(
        sc("CREATE INDEX IF NOT EXISTS i ON ks.t (v)"),
        t("UPDATED", "TABLE", "ks", "t")
    );
    assert_eq!(
        sc("CREATE INDEX ON t (v)"),
        t("UPDATED", "TABLE", "cur", "t")
    );
    assert_eq!(sc("DROP INDEX ks.i"), t("UPDATED", "TABLE", "ks", ""));
}

#[test]
fn guards_probe_the_schema_tables() {
    let g = classify("CREATE TABLE IF NOT EXISTS ks.t (k int)", None)
        .unwrap()
        .guard
        .unwrap();
    assert!(g.if_not_exists && g.no_op(true) && !g.no_op(false));
    assert_eq!(
        g.probe,
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks' AND table_name = 't'"
    );
    let g = classify("DROP KEYSPACE IF EXISTS \"it's\"", None)
        .unwrap()
        .guard
        .unwrap();
    assert!(!g.if_not_exists && g.no_op(false));
    assert!(g.probe.ends_with("keyspace_name = 'it''s'"), "{}", g.probe);
    let g = classify("CREATE TYPE IF NOT EXISTS cur_t (a int)", Some("k1"));
    assert!(g
        .unwrap()
        .guard
        .unwrap()
        .probe
        .contains("system_schema.types"));
    assert!(classify("CREATE TABLE t (k int)", None)
        .unwrap()
        .guard
        .is_none());
    assert!(classify("CREATE INDEX IF NOT EXISTS i ON t (v)", Some("k"))
        .unwrap()
        .guard
        .is_none());
    for yes in [
        "create table",
        "  DROP x",
        "Alter t",
        "-- c\nCREATE",
        "/* */ drop",
    ] {
        assert!(may_change_schema(yes), "{yes}");
    }
    for no in ["INSERT", "select", "use ks", "cr", "", "UPDATE t"] {
        assert!(!may_change_schema(no), "{no}");
    }
}

#[test]
fn may_classify_is_schema_changes_and_use() {
    for yes in ["create table", "  USE ks", "drop x", "-- c\nINSERT"] {
        assert!(may_classify(yes), "{yes}");
    }
    for no in ["INSERT INTO t", "select 1", "UPDATE t", "BEGIN BATCH", ""] {
        assert!(!may_classify(no), "{no}");
        assert!(classify(no, Some("ks")).is_none(), "{no}");
    }
}

#[test]
fn use_and_plain_writes() {
    let set = |cql: &str| classify(cql, None).map(|c| c.result);
    assert_eq!(
        set("USE \"Ks\""),
        Some(QueryResult::SetKeyspace("Ks".into()))
    );
    assert_eq!(set("use KS;"), Some(QueryResult::SetKeyspace("ks".into())));
    assert_eq!(classify("INSERT INTO t (k) VALUES (1)", None), None);
    assert_eq!(classify("CREATE ROLE r", None), None);
    assert_eq!(classify("TRUNCATE t", None), None);
    assert_eq!(classify("", None), None);
    assert_eq!(classify("/* x */", None), None);
}

#[test]
fn triggers_and_views() {
    assert_eq!(
        sc("CREATE TRIGGER tr ON ks.t USING 'org.Example'"),
        t("UPDATED", "TABLE", "ks", "t")
    );
    assert_eq!(
        sc("DROP TRIGGER IF EXISTS tr ON t"),
        t("UPDATED", "TABLE", "cur", "t")
    );
    assert_eq!(
        sc("CREATE CUSTOM INDEX IF NOT EXISTS \"I\" ON \"Ks\".\"T\" (v) USING 'x'"),
        t("UPDATED", "TABLE", "Ks", "T")
    );
    let g = classify("DROP MATERIALIZED VIEW IF EXISTS ks.mv", None)
        .unwrap()
        .guard
        .unwrap();
    assert!(!g.if_not_exists);
    assert_eq!(
        g.probe,
        "SELECT view_name FROM system_schema.views WHERE keyspace_name = 'ks' AND view_name = 'mv'"
    );
    assert!(classify("CREATE FUNCTION IF NOT EXISTS ks.f (x int)", None)
        .unwrap()
        .guard
        .is_none());
}

#[test]
fn malformed_text_names_nothing() {
    for cql in [
        "CREATE",
        "DROP TABLE",
        "CREATE TABLE ks.",
        "CREATE INDEX i (v)",
        "ALTER KEYSPACE",
        "USE",
        "CREATE 42",
        "-- only a comment",
    ] {
        assert_eq!(classify(cql, Some("cur")), None, "{cql}");
    }
    // An unterminated quote or comment ends the text; it does not panic.
    assert_eq!(
        sc("DROP TABLE \"unterminated"),
        t("DROPPED", "TABLE", "cur", "unterminated")
    );
    assert_eq!(classify("/* never closed", None), None);
}

#[test]
fn the_prefilter_keeps_every_recognised_statement() {
    assert_eq!(
        classify("\n\tuse ks", None).map(|c| c.result),
        Some(QueryResult::SetKeyspace("ks".into()))
    );
    assert_eq!(
        classify("/* a */ USE ks", None).map(|c| c.result),
        Some(QueryResult::SetKeyspace("ks".into()))
    );
    assert_eq!(sc("// c\nDROP TYPE ty"), t("DROPPED", "TYPE", "cur", "ty"));
    assert_eq!(classify("users", None), None);
    assert_eq!(classify("SELECT * FROM t", None), None);
    assert_eq!(classify("é", None), None);
}
