//! Every CQL type round-trips, bound through a prepared statement and through an
//! unprepared one (which the backend prepares under the hood), and read back both from
//! typed binding and from CQL literals.

use cqlbridge_driver_api::{
    CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlVarint, Query, Session, Statement,
    Value, Values,
};
use uuid::Uuid;

use crate::bed;
use crate::common::{ddl, Keyspace};

const COLUMNS: &[&str] = &[
    "a", "t", "b", "bo", "ti", "si", "i", "bi", "vi", "de", "f", "d", "da", "tm", "ts", "du", "u",
    "tu", "ip", "l", "s", "m", "nl", "nm", "tup", "p", "v", "fl", "vt",
];

async fn schema(session: &Session, ks: &str) {
    ddl(
        session,
        &format!("CREATE TYPE {ks}.addr (street text, no int)"),
    )
    .await;
    ddl(
        session,
        &format!("CREATE TYPE {ks}.person (name text, home frozen<addr>, tags list<text>)"),
    )
    .await;
    ddl(
        session,
        &format!(
            "CREATE TABLE {ks}.all_types (k int PRIMARY KEY, a ascii, t text, b blob, bo boolean, \
             ti tinyint, si smallint, i int, bi bigint, vi varint, de decimal, f float, d double, \
             da date, tm time, ts timestamp, du duration, u uuid, tu timeuuid, ip inet, \
             l list<int>, s set<text>, m map<text, int>, nl list<frozen<list<int>>>, \
             nm map<text, frozen<set<int>>>, tup tuple<int, text, double>, p frozen<person>, \
             v vector<float, 3>, fl frozen<list<text>>, vt vector<text, 2>)"
        ),
    )
    .await;
}

fn udt(ks: &str, name: &str, fields: Vec<(&str, Value)>) -> Value {
    Value::udt(
        ks,
        name,
        fields
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect(),
    )
}

/// One row of values, in `COLUMNS` order: `max` picks the upper limits.
fn row(ks: &str, max: bool) -> Vec<Value> {
    let pick = |lo: i64, hi: i64| if max { hi } else { lo };
    let mut blob = vec![0u8; 1 << 20];
    blob.iter_mut()
        .enumerate()
        .for_each(|(i, b)| *b = (i % 251) as u8);
    let mut huge = vec![0x7f];
    huge.extend([0xff; 24]);
    vec![
        Value::Ascii("plain ascii".into()),
        Value::Text("héllo wörld ✓ 日本".into()),
        Value::Blob(if max { blob } else { Vec::new() }),
        Value::Boolean(max),
        Value::TinyInt(pick(i8::MIN.into(), i8::MAX.into()) as i8),
        Value::SmallInt(pick(i16::MIN.into(), i16::MAX.into()) as i16),
        Value::Int(pick(i32::MIN.into(), i32::MAX.into()) as i32),
        Value::BigInt(pick(i64::MIN, i64::MAX)),
        Value::Varint(if max {
            CqlVarint::from_be_bytes(huge)
        } else {
            CqlVarint::from(-129i64)
        }),
        Value::Decimal(CqlDecimal::new(
            pick(-12345, 98765432109876),
            if max { 30 } else { -2 },
        )),
        Value::Float(if max { f32::INFINITY } else { f32::NAN }),
        Value::Double(if max { f64::NEG_INFINITY } else { -0.5e-300 }),
        Value::Date(CqlDate::from_days_since_epoch(pick(-719_162, 2_932_896)).unwrap()),
        Value::Time(CqlTime::from_nanos(pick(0, CqlTime::NANOS_PER_DAY - 1)).unwrap()),
        Value::Timestamp(CqlTimestamp(pick(-62_135_596_800_000, 253_402_300_799_999))),
        Value::Duration(if max {
            CqlDuration {
                months: 14,
                days: 3,
                nanoseconds: 3_723_000_000_007,
            }
        } else {
            CqlDuration {
                months: -1,
                days: -2,
                nanoseconds: -3,
            }
        }),
        Value::Uuid(Uuid::parse_str("00112233-4455-4677-8899-aabbccddeeff").unwrap()),
        Value::TimeUuid(Uuid::parse_str("5f8bcb50-6f7a-11ee-b962-0242ac120002").unwrap()),
        Value::Inet(if max {
            "2001:db8::ff".parse().unwrap()
        } else {
            "10.1.2.3".parse().unwrap()
        }),
        Value::List(vec![Value::Int(3), Value::Int(1), Value::Int(3)]),
        Value::Set(vec![Value::Text("a".into()), Value::Text("b".into())]),
        Value::Map(vec![
            (Value::Text("x".into()), Value::Int(1)),
            (Value::Text("y".into()), Value::Int(-1)),
        ]),
        Value::List(vec![
            Value::List(vec![Value::Int(1), Value::Int(2)]),
            Value::List(vec![]),
        ]),
        Value::Map(vec![(
            Value::Text("k".into()),
            Value::Set(vec![Value::Int(7), Value::Int(9)]),
        )]),
        Value::Tuple(vec![
            Value::Int(1),
            if max {
                Value::Null
            } else {
                Value::Text("two".into())
            },
            Value::Double(3.5),
        ]),
        udt(
            ks,
            "person",
            vec![
                ("name", Value::Text("Ada".into())),
                (
                    "home",
                    udt(
                        ks,
                        "addr",
                        vec![
                            ("street", Value::Text("Main".into())),
                            ("no", Value::Int(7)),
                        ],
                    ),
                ),
                (
                    "tags",
                    if max {
                        Value::Null
                    } else {
                        Value::List(vec![Value::Text("x".into())])
                    },
                ),
            ],
        ),
        Value::Vector(vec![
            Value::Float(1.5),
            Value::Float(-2.25),
            Value::Float(if max { f32::MAX } else { 0.0 }),
        ]),
        Value::List(if max {
            vec![Value::Text("only".into())]
        } else {
            vec![]
        }),
        Value::Vector(vec![Value::Text("α".into()), Value::Text(String::new())]),
    ]
}

async fn read(session: &Session, ks: &str, k: i32) -> Vec<Value> {
    let cql = format!(
        "SELECT {} FROM {ks}.all_types WHERE k = ?",
        COLUMNS.join(", ")
    );
    let r = session.execute(Statement::new(cql), (k,)).await.unwrap();
    r.first_row().expect("a row").values().to_vec()
}

fn compare(got: &[Value], want: &[Value], how: &str) {
    for ((name, g), w) in COLUMNS.iter().zip(got).zip(want) {
        assert!(g.same_as(w), "{how}: column {name}: got {g:?}, want {w:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_type_round_trips_prepared_and_unprepared() {
    let bed = bed!();
    let session = bed.session().await;
    let ks = Keyspace::create(&session, "types", 1).await;
    schema(&session, &ks.name).await;
    let insert = format!(
        "INSERT INTO {}.all_types (k, {}) VALUES (?, {})",
        ks.name,
        COLUMNS.join(", "),
        vec!["?"; COLUMNS.len()].join(", ")
    );
    let prepared = session.prepare(&insert).await.unwrap();
    assert_eq!(prepared.bind_markers().len(), COLUMNS.len() + 1);
    for (k, max, query) in [
        (1, false, Query::from(prepared.clone())),
        (2, true, Query::from(prepared.clone())),
        (3, false, Query::from(insert.as_str())),
        (4, true, Query::from(insert.as_str())),
    ] {
        let want = row(&ks.name, max);
        let mut values = vec![Value::Int(k)];
        values.extend(want.iter().cloned());
        session
            .execute(query, Values::Positional(values))
            .await
            .unwrap_or_else(|e| panic!("insert {k}: {e}"));
        compare(
            &read(&session, &ks.name, k).await,
            &want,
            &format!("row {k}"),
        );
    }
    ks.drop_now(&session).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn literals_nulls_and_named_values_read_back() {
    let bed = bed!();
    let session = bed.session().await;
    let ks = Keyspace::create(&session, "literals", 1).await;
    schema(&session, &ks.name).await;
    let n = &ks.name;
    ddl(
        &session,
        &format!(
            "INSERT INTO {n}.all_types (k, i, vi, de, du, v, tup, s, ip, da, tm) VALUES (1, 42, \
             123456789012345678901234567890, 1.25, 1mo2d3ns, [1.0, 2.0, 3.0], (1, 'a', 2.0), \
             {{'z', 'a'}}, '::1', '2024-02-29', '13:14:15.123456789')"
        ),
    )
    .await;
    let got = read(&session, n, 1).await;
    let at = |c: &str| &got[COLUMNS.iter().position(|x| *x == c).unwrap()];
    assert_eq!(at("i"), &Value::Int(42));
    let Value::Varint(v) = at("vi") else {
        panic!("{:?}", at("vi"))
    };
    assert_eq!(v.to_i128().unwrap(), 123456789012345678901234567890);
    assert_eq!(at("de"), &Value::Decimal(CqlDecimal::new(125i64, 2)));
    assert_eq!(
        at("du"),
        &Value::Duration(CqlDuration {
            months: 1,
            days: 2,
            nanoseconds: 3
        })
    );
    assert_eq!(
        at("v"),
        &Value::Vector(vec![
            Value::Float(1.0),
            Value::Float(2.0),
            Value::Float(3.0)
        ])
    );
    assert_eq!(
        at("s"),
        &Value::Set(vec![Value::Text("a".into()), Value::Text("z".into())])
    );
    assert_eq!(
        at("tup"),
        &Value::Tuple(vec![
            Value::Int(1),
            Value::Text("a".into()),
            Value::Double(2.0)
        ])
    );
    assert_eq!(
        at("da"),
        &Value::Date(CqlDate::from_days_since_epoch(19782).unwrap())
    );
    assert_eq!(
        at("tm"),
        &Value::Time(CqlTime::from_nanos(47_655_123_456_789).unwrap())
    );
    assert_eq!(at("t"), &Value::Null);
    // Named values; an unset value leaves the column untouched, a null clears it.
    let update = format!("UPDATE {n}.all_types SET t = :t, i = :i WHERE k = :k");
    let named = Values::Named(vec![
        ("k".into(), Value::Int(1)),
        ("t".into(), Value::Text("set".into())),
        ("i".into(), Value::Unset),
    ]);
    session.execute(update.as_str(), named).await.unwrap();
    let got = read(&session, n, 1).await;
    assert_eq!(got[1], Value::Text("set".into()));
    assert_eq!(got[6], Value::Int(42), "unset left i alone");
    let nulls = Values::Named(vec![
        ("k".into(), Value::Int(1)),
        ("t".into(), Value::Null),
        ("i".into(), Value::Null),
    ]);
    session.execute(update.as_str(), nulls).await.unwrap();
    let got = read(&session, n, 1).await;
    assert_eq!((&got[1], &got[6]), (&Value::Null, &Value::Null));
    ks.drop_now(&session).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn counters_read_back_as_counters() {
    let bed = bed!();
    let session = bed.session().await;
    let ks = Keyspace::create(&session, "counters", 1).await;
    ddl(
        &session,
        &format!("CREATE TABLE {}.c (k int PRIMARY KEY, n counter)", ks.name),
    )
    .await;
    let bump = format!("UPDATE {}.c SET n = n + ? WHERE k = 1", ks.name);
    session.execute(bump.as_str(), (5i64,)).await.unwrap();
    session
        .execute(bump.as_str(), (Value::Counter(-2),))
        .await
        .unwrap();
    let r = session
        .execute(format!("SELECT n FROM {}.c WHERE k = 1", ks.name), ())
        .await
        .unwrap();
    assert_eq!(
        r.first_row().unwrap().value("n").unwrap(),
        &Value::Counter(3)
    );
    ks.drop_now(&session).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_prepared_select_star_survives_alter_table() {
    let bed = bed!();
    let session = bed.session().await;
    let ks = Keyspace::create(&session, "alter", 1).await;
    let n = &ks.name;
    ddl(
        &session,
        &format!("CREATE TABLE {n}.t (k int PRIMARY KEY, v text)"),
    )
    .await;
    let insert = session
        .prepare(&format!("INSERT INTO {n}.t (k, v) VALUES (?, ?)"))
        .await
        .unwrap();
    let star = session
        .prepare(&format!("SELECT * FROM {n}.t WHERE k = ?"))
        .await
        .unwrap();
    session.execute(&insert, (1, "one")).await.unwrap();
    let r = session.execute(&star, (1,)).await.unwrap();
    assert_eq!(r.first_row().unwrap().len(), 2);
    ddl(&session, &format!("ALTER TABLE {n}.t ADD w int")).await;
    ddl(&session, &format!("UPDATE {n}.t SET w = 42 WHERE k = 1")).await;
    session.execute(&insert, (2, "two")).await.unwrap();
    let r = session.execute(&star, (1,)).await.unwrap();
    let row = r.first_row().unwrap();
    let names: Vec<&str> = row.columns().iter().map(|c| c.name.as_str()).collect();
    println!("SELECT * after ALTER: {names:?} {:?}", row.values());
    assert_eq!(row.get::<i32>("k").unwrap(), 1);
    assert_eq!(row.get::<String>("v").unwrap(), "one");
    if names.contains(&"w") {
        assert_eq!(row.get::<Option<i32>>("w").unwrap(), Some(42));
    }
    ks.drop_now(&session).await;
}
