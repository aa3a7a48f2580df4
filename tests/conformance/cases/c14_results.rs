//! C14 results: DDL → `SchemaChange` with keyspace and table; `USE` →
//! `SetKeyspace`; `INSERT` → `Void`.

use cqlbridge::SchemaChange;

use super::prelude::*;
use crate::support::keyspace::{random_suffix, DDL_TIMEOUT};

fn schema(
    r: QueryResult,
    change: &str,
    target: &str,
    keyspace: &str,
    name: &str,
    what: &str,
) -> Step {
    let want = SchemaChange {
        change: change.into(),
        target: target.into(),
        keyspace: keyspace.into(),
        name: name.into(),
    };
    match r {
        QueryResult::SchemaChange(got) if got == want => Ok(()),
        other => Err(fail(format!("{what}: got {other:?}, expected {want:?}"))),
    }
}

/// C14.
pub async fn c14(ctx: &Ctx) -> CaseResult {
    let c = ctx.client().await?;
    let ks = ctx.ks.as_str();
    let ddl = |cql: String| Query::from(Statement::new(cql).with_timeout(DDL_TIMEOUT));

    let r = c
        .execute(
            ddl(format!("CREATE TABLE {ks}.r14 (k int PRIMARY KEY, v int)")),
            Values::Empty,
        )
        .await
        .ctx("CREATE TABLE")?;
    schema(r, "CREATED", "TABLE", ks, "r14", "CREATE TABLE")?;
    let r = c
        .execute(
            ddl(format!("ALTER TABLE {ks}.r14 ADD w int")),
            Values::Empty,
        )
        .await
        .ctx("ALTER TABLE")?;
    schema(r, "UPDATED", "TABLE", ks, "r14", "ALTER TABLE")?;
    let r = c
        .execute(ddl(format!("CREATE TYPE {ks}.ty14 (a int)")), Values::Empty)
        .await
        .ctx("CREATE TYPE")?;
    schema(r, "CREATED", "TYPE", ks, "ty14", "CREATE TYPE")?;

    let r = c
        .execute(
            q(format!("INSERT INTO {ks}.r14 (k, v) VALUES (1, 2)")),
            Values::Empty,
        )
        .await
        .ctx("INSERT")?;
    ensure!(
        matches!(r, QueryResult::Void),
        "INSERT returned {r:?}, expected Void"
    );
    let r = c
        .execute(
            q(format!("SELECT v FROM {ks}.r14 WHERE k = 1")),
            Values::Empty,
        )
        .await
        .ctx("SELECT")?;
    ensure!(
        matches!(&r, QueryResult::Rows(p) if p.rows.len() == 1),
        "SELECT returned {r:?}, expected Rows with one row"
    );

    let r = c
        .execute(q(format!("USE {ks}")), Values::Empty)
        .await
        .ctx("USE")?;
    ensure!(
        r == QueryResult::SetKeyspace(ks.to_string()),
        "USE returned {r:?}, expected SetKeyspace({ks})"
    );
    c.use_keyspace(ks).await.ctx("use_keyspace")?;
    let r = c
        .execute(q("SELECT v FROM r14 WHERE k = 1"), Values::Empty)
        .await
        .ctx("unqualified SELECT after use_keyspace")?;
    ensure!(
        one_row(&r, "unqualified")?.get::<i32>("v")? == 2,
        "unqualified read after use_keyspace returned a wrong value"
    );

    let r = c
        .execute(ddl(format!("DROP TABLE {ks}.r14")), Values::Empty)
        .await
        .ctx("DROP TABLE")?;
    schema(r, "DROPPED", "TABLE", ks, "r14", "DROP TABLE")?;

    let other = format!("cqlb_c14_ks_{}", random_suffix());
    let r = c
        .execute(ddl(format!("CREATE KEYSPACE {other} WITH replication = {{'class': 'SimpleStrategy', 'replication_factor': 1}}")), Values::Empty)
        .await;
    let dropped = c
        .execute(
            ddl(format!("DROP KEYSPACE IF EXISTS {other}")),
            Values::Empty,
        )
        .await;
    schema(
        r.ctx("CREATE KEYSPACE")?,
        "CREATED",
        "KEYSPACE",
        &other,
        "",
        "CREATE KEYSPACE",
    )?;
    schema(
        dropped.ctx("DROP KEYSPACE")?,
        "DROPPED",
        "KEYSPACE",
        &other,
        "",
        "DROP KEYSPACE",
    )?;
    Ok("CREATE/ALTER/DROP TABLE, CREATE TYPE, CREATE/DROP KEYSPACE → SchemaChange with keyspace and name; INSERT → Void; SELECT → Rows; USE → SetKeyspace; use_keyspace works".into())
}
