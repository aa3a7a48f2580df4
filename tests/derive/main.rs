//! The derives against the test bed on both backends, async and blocking:
//! a struct bound by name (`IntoValues`), a key bound by position, a nested
//! UDT and a list of UDTs (`Udt`), and the rows read back into the struct
//! (`FromRow`) equal to what was written; a missing column is a `Type`
//! error naming the field and the column.

#[path = "../common/derive_model.rs"]
mod model;

use cqlbridge::{BackendKind, FromRow, Result, Session};
use cqlbridge_testbed::{ddl, Keyspace, TestBed};
use model::{insert_cql, schema, select_cql, users, ById, User, Wrong};

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
    let insert = session.prepare(&insert_cql(n)).await?;
    let select = session.prepare(&select_cql(n)).await?;
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
    let insert = s.prepare(&insert_cql(&ks))?;
    let select = s.prepare(&select_cql(&ks))?;
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
