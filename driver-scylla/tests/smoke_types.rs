//! Smoke: every CQL type written and read back equal, bound to CQL text and
//! to a prepared statement.

mod common;

use std::net::IpAddr;
use std::str::FromStr;

use cqlbridge_driver_api::{
    CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Query, Session, Statement,
    Value, Values,
};
use uuid::Uuid;

fn columns(ks: &str) -> Vec<(&'static str, &'static str, Value)> {
    let mut huge = vec![0x40];
    huge.extend([0x5a; 30]);
    let point = |x: f32| {
        Value::udt(
            ks,
            "point",
            vec![("x".into(), Value::Float(x)), ("y".into(), Value::Null)],
        )
    };
    vec![
        ("a", "ascii", Value::Ascii("plain ascii".into())),
        ("t", "text", Value::Text("ünïcödé ✓ 日本".into())),
        (
            "b",
            "blob",
            Value::Blob((0..=255u8).cycle().take(1 << 20).collect()),
        ),
        ("bo", "boolean", Value::Boolean(false)),
        ("ti", "tinyint", Value::TinyInt(i8::MIN)),
        ("si", "smallint", Value::SmallInt(i16::MAX)),
        ("i", "int", Value::Int(i32::MIN)),
        ("bi", "bigint", Value::BigInt(i64::MAX)),
        (
            "vi",
            "varint",
            Value::Varint(CqlVarint::from_be_bytes(huge.clone())),
        ),
        (
            "de",
            "decimal",
            Value::Decimal(CqlDecimal {
                unscaled: CqlVarint::from_be_bytes(huge),
                scale: 12,
            }),
        ),
        ("f", "float", Value::Float(f32::NAN)),
        ("d", "double", Value::Double(f64::NEG_INFINITY)),
        ("da", "date", Value::Date(CqlDate(0))),
        (
            "tm",
            "time",
            Value::Time(CqlTime::from_nanos(86_399_999_999_999).unwrap()),
        ),
        (
            "ts",
            "timestamp",
            Value::Timestamp(CqlTimestamp(-62_135_596_800_000)),
        ),
        (
            "du",
            "duration",
            Value::Duration(CqlDuration {
                months: 14,
                days: 3,
                nanoseconds: 5_000_000_001,
            }),
        ),
        (
            "u",
            "uuid",
            Value::Uuid(Uuid::from_u128(0x1234_5678_9abc_4def_8123_4567_89ab_cdef)),
        ),
        (
            "tu",
            "timeuuid",
            Value::TimeUuid(Uuid::from_str("a8098c1a-f86e-11da-bd1a-00112444be1e").unwrap()),
        ),
        (
            "ip",
            "inet",
            Value::Inet(IpAddr::from_str("2001:db8::1").unwrap()),
        ),
        (
            "l",
            "list<int>",
            Value::List(vec![Value::Int(3), Value::Int(1), Value::Int(3)]),
        ),
        (
            "s",
            "set<text>",
            Value::Set(vec![Value::Text("a".into()), Value::Text("b".into())]),
        ),
        (
            "m",
            "map<text, frozen<list<int>>>",
            Value::Map(vec![(
                Value::Text("k".into()),
                Value::List(vec![Value::Int(1)]),
            )]),
        ),
        ("fe", "frozen<list<int>>", Value::List(vec![])),
        (
            "tp",
            "tuple<int, text, frozen<set<int>>>",
            Value::Tuple(vec![
                Value::Int(1),
                Value::Null,
                Value::Set(vec![Value::Int(2)]),
            ]),
        ),
        (
            "ud",
            "frozen<addr>",
            Value::udt(
                ks,
                "addr",
                vec![
                    ("street".into(), Value::Text("Main".into())),
                    ("no".into(), Value::Null),
                    ("loc".into(), point(1.5)),
                    ("tags".into(), Value::List(vec![Value::Text("x".into())])),
                ],
            ),
        ),
        (
            "ud2",
            "addr",
            Value::udt(
                ks,
                "addr",
                vec![
                    ("street".into(), Value::Null),
                    ("no".into(), Value::Int(7)),
                    ("loc".into(), point(-2.0)),
                    ("tags".into(), Value::Null),
                ],
            ),
        ),
        (
            "v",
            "vector<float, 3>",
            Value::Vector(vec![
                Value::Float(0.5),
                Value::Float(-1.0),
                Value::Float(3.25),
            ]),
        ),
    ]
}

async fn write_read(s: &Session, ks: &str, key: i32, query: Query) -> Vec<(String, Value)> {
    let cols = columns(ks);
    let mut values = vec![Value::Int(key)];
    values.extend(cols.iter().map(|c| c.2.clone()));
    s.execute(query, Values::Positional(values)).await.unwrap();
    let r = s
        .execute(format!("SELECT * FROM {ks}.all_types WHERE k = ?"), (key,))
        .await
        .unwrap();
    let row = r.first_row().expect("the row").clone();
    cols.iter()
        .map(|(name, _, _)| (name.to_string(), row.value(*name).unwrap().clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_type_round_trips_unprepared_and_prepared() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session().await;
    let ks = common::keyspace(&s, "scy_types", 1).await;
    s.execute(format!("CREATE TYPE {ks}.point (x float, y float)"), ())
        .await
        .unwrap();
    s.execute(
        format!(
            "CREATE TYPE {ks}.addr (street text, no int, loc frozen<point>, tags frozen<list<text>>)"
        ),
        (),
    )
    .await
    .unwrap();
    let cols = columns(&ks);
    let defs: Vec<String> = cols.iter().map(|(n, t, _)| format!("{n} {t}")).collect();
    s.execute(
        format!(
            "CREATE TABLE {ks}.all_types (k int PRIMARY KEY, {})",
            defs.join(", ")
        ),
        (),
    )
    .await
    .unwrap();
    let names: Vec<&str> = cols.iter().map(|c| c.0).collect();
    let marks = vec!["?"; names.len() + 1].join(", ");
    let insert = format!(
        "INSERT INTO {ks}.all_types (k, {}) VALUES ({marks})",
        names.join(", ")
    );
    let prepared = s.prepare(&insert).await.unwrap();
    for (key, query) in [
        (1, Query::from(Statement::new(insert.clone()))),
        (2, Query::from(prepared)),
    ] {
        let got = write_read(&s, &ks, key, query).await;
        for ((name, v), (_, _, sent)) in got.iter().zip(&cols) {
            assert!(
                v.same_as(sent),
                "key {key} column {name}:\n sent {sent:?}\n read {v:?}"
            );
        }
    }
    // Cassandra stores an empty non-frozen collection as null.
    s.execute(
        format!("INSERT INTO {ks}.all_types (k, l, s) VALUES (3, ?, ?)"),
        (Value::List(vec![]), Value::Set(vec![])),
    )
    .await
    .unwrap();
    let r = s
        .execute(
            format!("SELECT l, s, fe FROM {ks}.all_types WHERE k = 3"),
            (),
        )
        .await
        .unwrap();
    println!(
        "empty non-frozen list/set read back as: {:?}",
        r.first_row().unwrap().values()
    );
    // A value that does not fit names its column.
    let e = s
        .execute(
            format!("INSERT INTO {ks}.all_types (k, ti) VALUES (?, ?)"),
            (4, 300i32),
        )
        .await
        .unwrap_err();
    println!("overflow: {e}");
    assert!(e.is_type() && e.to_string().contains("ti"), "{e}");
    common::drop_keyspace(&s, &ks).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_and_nulls() {
    let Some(bed) = bed_or_skip!() else { return };
    let s = bed.session().await;
    let ks = common::keyspace(&s, "scy_counter", 1).await;
    s.execute(
        format!("CREATE TABLE {ks}.c (k int PRIMARY KEY, n counter)"),
        (),
    )
    .await
    .unwrap();
    s.execute(format!("UPDATE {ks}.c SET n = n + ? WHERE k = 1"), (5i64,))
        .await
        .unwrap();
    s.execute(
        format!("UPDATE {ks}.c SET n = n + ? WHERE k = 1"),
        (Value::Counter(-2),),
    )
    .await
    .unwrap();
    let r = s
        .execute(format!("SELECT n FROM {ks}.c WHERE k = 1"), ())
        .await
        .unwrap();
    assert_eq!(
        r.first_row().unwrap().value("n").unwrap(),
        &Value::Counter(3)
    );
    s.execute(
        format!("CREATE TABLE {ks}.n (k int PRIMARY KEY, a int, b text)"),
        (),
    )
    .await
    .unwrap();
    s.execute(
        format!("INSERT INTO {ks}.n (k, a, b) VALUES (1, 1, 'x')"),
        (),
    )
    .await
    .unwrap();
    s.execute(
        format!("INSERT INTO {ks}.n (k, a, b) VALUES (?, ?, ?)"),
        (1, Value::Null, Value::Unset),
    )
    .await
    .unwrap();
    let r = s
        .execute(format!("SELECT a, b FROM {ks}.n WHERE k = 1"), ())
        .await
        .unwrap();
    assert_eq!(
        r.first_row().unwrap().values(),
        &[Value::Null, Value::Text("x".into())]
    );
    common::drop_keyspace(&s, &ks).await;
}
