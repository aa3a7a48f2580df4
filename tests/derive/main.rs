//! The derives against the test bed on both backends, async and blocking:
//! a struct bound by name (`IntoValues`), a key bound by position, a nested
//! UDT and a list of UDTs (`Udt`), and the rows read back into the struct
//! (`FromRow`) equal to what was written; a missing column is a `Type`
//! error naming the field and the column.

use cqlbridge::{BackendKind, FromRow, IntoValues, Result, Session, Udt};
use cqlbridge_testbed::{ddl, Keyspace, TestBed};

#[derive(Debug, Clone, PartialEq, Udt)]
struct Point {
    x: i32,
    #[cql(rename = "y_pos")]
    y: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Udt)]
struct Place {
    label: String,
    at: Point,
}

#[derive(Debug, Clone, PartialEq, FromRow, IntoValues)]
struct User {
    id: i64,
    #[cql(rename = "user_name")]
    name: String,
    nick: Option<String>,
    home: Option<Place>,
    path: Vec<Point>,
}

#[derive(Debug, IntoValues)]
#[cql(positional)]
struct ById {
    id: i64,
}

#[derive(Debug, FromRow)]
#[allow(dead_code, reason = "read only to see the error")]
struct Wrong {
    id: i64,
    missing: i32,
}

fn users() -> Vec<User> {
    vec![
        User {
            id: 1,
            name: "ada".into(),
            nick: Some("a".into()),
            home: Some(Place {
                label: "home".into(),
                at: Point { x: 1, y: Some(2) },
            }),
            path: vec![Point { x: 3, y: None }, Point { x: 4, y: Some(5) }],
        },
        User {
            id: 2,
            name: "bob".into(),
            nick: None,
            home: None,
            // An empty list is stored as null: a `Vec` field needs one element.
            path: vec![Point { x: 0, y: None }],
        },
    ]
}

fn schema(ks: &str) -> [String; 3] {
    [
        format!("CREATE TYPE {ks}.point (x int, y_pos int)"),
        format!("CREATE TYPE {ks}.place (label text, at frozen<point>)"),
        format!(
            "CREATE TABLE {ks}.users (id bigint PRIMARY KEY, user_name text, nick text, \
             home frozen<place>, path list<frozen<point>>)"
        ),
    ]
}

async fn round_trip(backend: BackendKind) -> Result<()> {
    let Some(bed) = TestBed::for_test() else {
        return Ok(());
    };
    let session: Session = cqlbridge::connect(&bed.config(backend)).await?;
    let ks = Keyspace::create(&session, "derive", 1).await?;
    for cql in schema(&ks.name) {
        ddl(&session, &cql).await?;
    }
    let n = &ks.name;
    let insert = session
        .prepare(&format!(
            "INSERT INTO {n}.users (id, user_name, nick, home, path) \
             VALUES (:id, :user_name, :nick, :home, :path)"
        ))
        .await?;
    let select = session
        .prepare(&format!("SELECT * FROM {n}.users WHERE id = ?"))
        .await?;
    for u in users() {
        session.execute(&insert, u.clone()).await?;
        let r = session.execute(&select, ById { id: u.id }).await?;
        let row = r.into_first_row().expect("the row just written");
        assert_eq!(User::from_row(row.clone())?, u, "{backend:?}");
        let e = Wrong::from_row(row).unwrap_err();
        assert!(e.is_type() && e.message().contains("Wrong.missing"), "{e}");
    }
    ks.drop_with(&session).await?;
    session.close().await
}

fn round_trip_blocking(backend: BackendKind) -> Result<()> {
    let Some(bed) = TestBed::for_test() else {
        return Ok(());
    };
    let s = cqlbridge::connect_blocking(&bed.config(backend))?;
    let ks = Keyspace::unique_name("derive_sync");
    let ddl_t = std::time::Duration::from_secs(60);
    let run = |cql: &str| {
        s.execute(cqlbridge::Statement::new(cql).with_timeout(ddl_t), ())
            .map(drop)
    };
    run(&format!(
        "CREATE KEYSPACE {ks} WITH replication = \
         {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
    ))?;
    for cql in schema(&ks) {
        run(&cql)?;
    }
    let insert = s.prepare(&format!(
        "INSERT INTO {ks}.users (id, user_name, nick, home, path) \
         VALUES (:id, :user_name, :nick, :home, :path)"
    ))?;
    let select = s.prepare(&format!("SELECT * FROM {ks}.users WHERE id = ?"))?;
    for u in users() {
        s.execute(&insert, u.clone())?;
        let r = s.execute(&select, ById { id: u.id })?;
        let row = r.into_first_row().expect("the row just written");
        assert_eq!(User::from_row(row)?, u, "{backend:?} blocking");
    }
    run(&format!("DROP KEYSPACE IF EXISTS {ks}"))?;
    s.close()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scylla_async() -> Result<()> {
    round_trip(BackendKind::Scylla).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cpp_async() -> Result<()> {
    round_trip(BackendKind::Cpp).await
}

#[test]
fn scylla_blocking() -> Result<()> {
    round_trip_blocking(BackendKind::Scylla)
}

#[test]
fn cpp_blocking() -> Result<()> {
    round_trip_blocking(BackendKind::Cpp)
}
