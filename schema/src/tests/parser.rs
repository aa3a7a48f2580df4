//! The parser: every statement kind, CQL's case rules, and errors with
//! file, line and column.

use crate::{parse, ColumnKind, IndexTarget, OptionValue, Order, SchemaError};

const FILE: &str = "\
-- a schema
CREATE KEYSPACE Shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}
    AND durable_writes = false;
USE shop;
CREATE TYPE addr (street text, \"Zip\" int);
CREATE TYPE IF NOT EXISTS person (name text, home frozen<addr>, tags set<text>);
/* the main table */
CREATE TABLE \"Events\" (
    p int, \"C\" text, c2 timeuuid, s text STATIC,
    v frozen<map<text, list<int>>>, who frozen<person>, vec vector<float, 3>, tags set<text>,
    PRIMARY KEY ((p), \"C\", c2)
) WITH CLUSTERING ORDER BY (\"C\" DESC, c2 ASC) AND comment = 'it''s'
  AND gc_grace_seconds = 3600 AND compaction = {'class': 'LeveledCompactionStrategy'};
CREATE INDEX ON \"Events\" (tags);
CREATE CUSTOM INDEX ev_vec ON shop.\"Events\" (vec) USING 'StorageAttachedIndex'
    WITH OPTIONS = {'similarity_function': 'cosine'};
CREATE MATERIALIZED VIEW by_c AS SELECT p, v FROM \"Events\"
    WHERE p IS NOT NULL and \"C\" is not null AND c2 IS NOT NULL
    PRIMARY KEY ((\"C\"), p, c2) WITH CLUSTERING ORDER BY (p DESC, c2 ASC)
";

#[test]
fn every_statement_kind_parses_with_cql_case_rules() {
    let s = parse(FILE, "schema.cql", None).expect("parse");
    assert_eq!(s.keyspaces.keys().collect::<Vec<_>>(), ["shop"]);
    let ks = &s.keyspaces["shop"];
    let params = ks.params.as_ref().expect("params");
    assert!(!params.durable_writes);
    assert_eq!(params.replication["replication_factor"], "1");
    assert_eq!(ks.types["addr"].fields[1].0, "Zip");
    let t = &ks.tables["Events"];
    assert_eq!(t.partition_key(), ["p"]);
    assert_eq!(t.clustering(), ["C", "c2"]);
    assert_eq!(t.clustering_order, [Order::Desc, Order::Asc]);
    assert_eq!(t.column("s").map(|c| c.kind), Some(ColumnKind::Static));
    assert_eq!(
        t.column("v").map(|c| c.ty.to_string()).as_deref(),
        Some("frozen<map<text, frozen<list<int>>>>")
    );
    assert_eq!(t.options["comment"], OptionValue::Text("it's".into()));
    assert_eq!(
        t.options["gc_grace_seconds"],
        OptionValue::Number("3600".into())
    );
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["p", "C", "c2", "s", "tags", "v", "vec", "who"]);
    let idx = &ks.indexes["Events_tags_idx"];
    assert_eq!(idx.target, IndexTarget::Values("tags".into()));
    assert_eq!(idx.class, None);
    let sai = &ks.indexes["ev_vec"];
    assert_eq!(sai.class.as_deref(), Some("StorageAttachedIndex"));
    assert_eq!(sai.options["similarity_function"], "cosine");
    let v = &ks.views["by_c"];
    assert_eq!(v.base_table, "Events");
    assert_eq!(
        v.where_clause,
        "p IS NOT NULL AND \"C\" IS NOT NULL AND c2 IS NOT NULL"
    );
    let cols: Vec<&str> = v.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["C", "p", "c2", "v"]);
    assert_eq!(v.clustering_order, [Order::Desc, Order::Asc]);
}

#[test]
fn described_schema_parses_back_equal() {
    let s = parse(FILE, "schema.cql", None).expect("parse");
    let text = crate::describe(&s);
    let again = parse(&text, "described.cql", None).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(again, s, "{text}");
}

/// `(source, line, column, part of the message)`.
const BAD: &[(&str, usize, usize, &str)] = &[
    ("CREATE TABLE t (a int PRIMARY KEY)", 1, 1, "no keyspace"),
    (
        "CREATE TABLE ks.t (a int,\n  b text)",
        1,
        1,
        "no PRIMARY KEY",
    ),
    (
        "CREATE TABLE ks.t (a int PRIMARY KEY,\n   b lst<int>)",
        2,
        9,
        "expected `)`, found `<`",
    ),
    (
        "CREATE TABLE ks.t (a int PRIMARY KEY) WITH comment = ;",
        1,
        54,
        "option value",
    ),
    (
        "CREATE TABLE ks.t (a int PRIMARY KEY, b 'x)",
        1,
        41,
        "unterminated string",
    ),
    (
        "CREATE TABEL ks.t (a int PRIMARY KEY)",
        1,
        8,
        "expected KEYSPACE",
    ),
    ("DROP TABLE ks.t", 1, 1, "expected CREATE, found `DROP`"),
    ("CREATE INDEX ON ks.t (a)", 1, 1, "table t is not defined"),
    (
        "CREATE TABLE ks.t (a int, b int, PRIMARY KEY (a, b)) WITH CLUSTERING ORDER BY (a DESC)",
        1,
        1,
        "CLUSTERING ORDER BY",
    ),
    (
        "CREATE TABLE ks.t (a int PRIMARY KEY, a text)",
        1,
        39,
        "defined twice",
    ),
    (
        "CREATE TABLE ks.t (a int PRIMARY KEY)\nCREATE TABLE ks.u (a int PRIMARY KEY)",
        2,
        1,
        "expected `;`",
    ),
    (
        "CREATE TABLE ks.t (a int PRIMARY KEY, b \"\" int)",
        1,
        41,
        "empty quoted",
    ),
];

#[test]
fn errors_name_file_line_and_column() {
    for (src, line, column, part) in BAD {
        match parse(src, "bad.cql", None) {
            Err(SchemaError::Parse {
                file,
                line: l,
                column: c,
                message,
            }) => {
                assert_eq!(
                    (file.as_str(), l, c),
                    ("bad.cql", *line, *column),
                    "{src}: {message}"
                );
                assert!(message.contains(part), "{src}: {message}");
            }
            other => panic!("{src}: {other:?}"),
        }
    }
}

#[test]
fn quoted_identifiers_keep_case_and_escape_quotes() {
    let s = parse(
        "CREATE TABLE \"My\"\"Ks\".\"T\" (\"Id\" int PRIMARY KEY, \"select\" text, Plain int)",
        "q.cql",
        None,
    )
    .expect("parse");
    let t = &s.keyspaces["My\"Ks"].tables["T"];
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Id", "plain", "select"]);
    let text = crate::describe(&s);
    assert!(text.contains("\"My\"\"Ks\".\"T\""), "{text}");
    assert!(text.contains("\"select\" text"), "{text}");
}
