//! Type strings: `system_schema`'s spellings parse, print back the same,
//! and CQL spellings reach the same canonical form.

use crate::CqlType;

#[test]
fn system_schema_type_strings_round_trip() {
    for s in [
        "int",
        "text",
        "frozen<map<text, frozen<list<int>>>>",
        "list<frozen<tuple<int, frozen<list<int>>>>>",
        "vector<float, 3>",
        "frozen<\"Big\">",
        "map<text, int>",
        "set<text>",
        "frozen<person>",
        "person",
        "'org.apache.cassandra.db.marshal.BytesType'",
    ] {
        let t = CqlType::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(t.to_string(), s);
    }
}

#[test]
fn cql_spellings_become_canonical() {
    for (cql, canonical) in [
        (
            "frozen<map<text, list<int>>>",
            "frozen<map<text, frozen<list<int>>>>",
        ),
        ("tuple<int, text>", "frozen<tuple<int, text>>"),
        ("VARCHAR", "text"),
        ("Frozen< Person >", "frozen<person>"),
        ("frozen<ks.addr>", "frozen<addr>"),
        ("frozen<frozen<list<int>>>", "frozen<list<int>>"),
    ] {
        assert_eq!(
            CqlType::parse(cql).expect(cql).to_string(),
            canonical,
            "{cql}"
        );
    }
    assert_eq!(
        CqlType::parse("frozen<map<text, list<\"Addr\">>>")
            .expect("parse")
            .udts(),
        ["Addr"]
    );
}

#[test]
fn bad_type_strings_are_errors_with_a_position() {
    for bad in [
        "list<int",
        "map<int>",
        "vector<float, 0>",
        "vector<float>",
        "<int>",
        "int int",
    ] {
        let e = CqlType::parse(bad).expect_err(bad);
        assert!(matches!(e, crate::SchemaError::Parse { .. }), "{bad}: {e}");
    }
}
