//! One live keyspace diffed against ten edited schema files: each file's
//! expected change list is held here (`{ks}` is the live keyspace). An
//! unsafe change is matched on its first sentence (what differs); the rest
//! of its comment is advice.

use cqlbridge_driver_api::BackendKind;
use cqlbridge_schema::{diff, parse, DiffOptions, SessionSchema};

use crate::support::{keyspace, run_script, session};

/// The live keyspace.
const LIVE: &str = "
CREATE TYPE {ks}.addr (street text, zip int);
CREATE TABLE {ks}.users (id int, region text, name text, email text, age int, home frozen<addr>,
    PRIMARY KEY (id, region)) WITH comment = 'people' AND gc_grace_seconds = 3600;
CREATE INDEX users_email ON {ks}.users (email);
";

/// The live keyspace as a schema file: every case below edits it.
const BASE: &str = "
CREATE TYPE addr (street text, zip int);
CREATE TABLE users (id int, region text, name text, email text, age int, home frozen<addr>,
    PRIMARY KEY (id, region)) WITH comment = 'people' AND gc_grace_seconds = 3600;
CREATE INDEX users_email ON users (email);
";

/// One case: its name, the edit (`from` → `to` in [`BASE`]), drops allowed,
/// the expected changes and the expected withheld drops.
struct Case {
    name: &'static str,
    edit: (&'static str, &'static str),
    allow_drop: bool,
    changes: &'static [&'static str],
    withheld: usize,
}

const CASES: &[Case] = &[
    Case { name: "no change", edit: ("", ""), allow_drop: true, changes: &[], withheld: 0 },
    Case {
        name: "added column",
        edit: ("age int,", "age int, phone text,"),
        allow_drop: false,
        changes: &["ALTER TABLE {ks}.users ADD phone text;"],
        withheld: 0,
    },
    Case {
        name: "dropped column (drops withheld)",
        edit: ("age int,", ""),
        allow_drop: false,
        changes: &[],
        withheld: 1,
    },
    Case {
        name: "dropped column",
        edit: ("age int,", ""),
        allow_drop: true,
        changes: &["ALTER TABLE {ks}.users DROP age;"],
        withheld: 0,
    },
    Case {
        name: "new table",
        edit: ("CREATE INDEX", "CREATE TABLE orders (id uuid PRIMARY KEY, total decimal);\nCREATE INDEX"),
        allow_drop: false,
        changes: &["CREATE TABLE {ks}.orders (\n    id uuid,\n    total decimal,\n    PRIMARY KEY ((id))\n);"],
        withheld: 0,
    },
    Case {
        name: "new index",
        edit: ("ON users (email);", "ON users (email);\nCREATE INDEX users_name ON users (name);"),
        allow_drop: false,
        changes: &["CREATE INDEX users_name ON {ks}.users (name);"],
        withheld: 0,
    },
    Case {
        name: "changed option",
        edit: ("'people'", "'members'"),
        allow_drop: false,
        changes: &["ALTER TABLE {ks}.users WITH comment = 'members';"],
        withheld: 0,
    },
    Case {
        name: "changed column type",
        edit: ("age int", "age bigint"),
        allow_drop: true,
        changes: &["-- UNSAFE {ks}.users.age: column type changes from int to bigint."],
        withheld: 0,
    },
    Case {
        name: "changed primary key",
        edit: ("PRIMARY KEY (id, region)", "PRIMARY KEY ((id, region))"),
        allow_drop: true,
        changes: &["-- UNSAFE {ks}.users: primary key changes from ((id), region ASC) to ((id, region))."],
        withheld: 0,
    },
    Case {
        name: "new UDT field",
        edit: ("zip int)", "zip int, country text)"),
        allow_drop: false,
        changes: &["ALTER TYPE {ks}.addr ADD country text;"],
        withheld: 0,
    },
    Case {
        name: "new view",
        edit: (
            "ON users (email);",
            "ON users (email);\nCREATE MATERIALIZED VIEW users_by_region AS SELECT name FROM users \
             WHERE region IS NOT NULL AND id IS NOT NULL PRIMARY KEY (region, id);",
        ),
        allow_drop: false,
        changes: &["CREATE MATERIALIZED VIEW {ks}.users_by_region AS\n    SELECT region, id, name FROM {ks}.users\n    \
                    WHERE region IS NOT NULL AND id IS NOT NULL\n    PRIMARY KEY ((region), id)\n\
                    WITH CLUSTERING ORDER BY (id ASC);"],
        withheld: 0,
    },
];

/// Every case against one live keyspace on `backend`.
pub(crate) async fn diff_cases(backend: BackendKind) {
    let session = session(backend).await;
    let ks = keyspace(&session, "schema_diff").await;
    run_script(&session, &ks.name, LIVE).await;
    let live = session.schema().await.expect("introspect");
    let mut failures = Vec::new();
    for case in CASES {
        let (from, to) = case.edit;
        assert!(
            from.is_empty() || BASE.contains(from),
            "{}: the edit's text is not in BASE",
            case.name
        );
        let file = if from.is_empty() {
            BASE.to_owned()
        } else {
            BASE.replacen(from, to, 1)
        };
        let desired = parse(&file, case.name, Some(&ks.name))
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let d = diff(
            &live,
            &desired,
            DiffOptions {
                allow_drop: case.allow_drop,
            },
        )
        .expect("diff");
        let got: Vec<String> = d.changes.iter().map(ToString::to_string).collect();
        let want: Vec<String> = case
            .changes
            .iter()
            .map(|c| c.replace("{ks}", &ks.name))
            .collect();
        let matches = got.len() == want.len()
            && got.iter().zip(&want).all(|(g, w)| {
                if w.starts_with("-- UNSAFE") {
                    g.starts_with(w.as_str())
                } else {
                    g == w
                }
            });
        if !matches || d.withheld.len() != case.withheld {
            failures.push(format!(
                "{}: got {got:#?} (withheld {}), want {want:#?} (withheld {})",
                case.name,
                d.withheld.len(),
                case.withheld
            ));
        }
        assert!(d.changes.iter().all(|c| c.is_unsafe() == c.cql().is_none()));
    }
    ks.drop_with(&session).await.expect("drop");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
