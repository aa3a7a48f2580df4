//! C14 results: DDL → `SchemaChange` with keyspace and table; `USE` →
//! `SetKeyspace`; `INSERT` → `Void`.
//!
//! `C14` checks what every backend must do (writes → `Void`, reads → `Rows`,
//! DDL and `use_keyspace` work); `C14.kinds` checks the `SchemaChange` and
//! `SetKeyspace` results, which `Feature::ResultKinds` governs.

use cqlbridge::SchemaChange;

use super::prelude::*;
use crate::support::keyspace::{random_suffix, DDL_TIMEOUT};

/// Checks a DDL result: the exact `SchemaChange` when `kinds`, else any result.
fn schema(r: QueryResult, want: [&str; 4], kinds: bool, what: &str) -> Step {
    let [change, target, keyspace, name] = want;
    let want = SchemaChange {
        change: change.into(),
        target: target.into(),
        keyspace: keyspace.into(),
        name: name.into(),
    };
    match r {
        _ if !kinds => Ok(()),
        QueryResult::SchemaChange(got) if got == want => Ok(()),
        other => Err(fail(format!("{what}: got {other:?}, expected {want:?}"))),
    }
}

async fn run(ctx: &Ctx, kinds: bool) -> Step {
    let c = ctx.client().await?;
    let ks = ctx.ks.as_str();
    let ddl = |cql: String| Query::from(Statement::new(cql).with_timeout(DDL_TIMEOUT));
    let exec = |query: Query, what: &'static str| {
        let c = c.clone();
        async move { c.execute(query, Values::Empty).await.ctx(what) }
    };

    let create = format!("CREATE TABLE {ks}.r14 (k int PRIMARY KEY, v int)");
    let r = exec(ddl(create), "CREATE TABLE").await?;
    schema(r, ["CREATED", "TABLE", ks, "r14"], kinds, "CREATE TABLE")?;
    let r = exec(
        ddl(format!("ALTER TABLE {ks}.r14 ADD w int")),
        "ALTER TABLE",
    )
    .await?;
    schema(r, ["UPDATED", "TABLE", ks, "r14"], kinds, "ALTER TABLE")?;
    let r = exec(ddl(format!("CREATE TYPE {ks}.ty14 (a int)")), "CREATE TYPE").await?;
    schema(r, ["CREATED", "TYPE", ks, "ty14"], kinds, "CREATE TYPE")?;

    let insert = q(format!("INSERT INTO {ks}.r14 (k, v) VALUES (1, 2)"));
    let r = exec(insert, "INSERT").await?;
    ensure!(
        matches!(r, QueryResult::Void),
        "INSERT returned {r:?}, expected Void"
    );
    let r = exec(q(format!("SELECT v FROM {ks}.r14 WHERE k = 1")), "SELECT").await?;
    ensure!(
        matches!(&r, QueryResult::Rows(p) if p.rows.len() == 1),
        "SELECT returned {r:?}, expected Rows with one row"
    );

    if kinds {
        let r = exec(q(format!("USE {ks}")), "USE").await?;
        ensure!(
            r == QueryResult::SetKeyspace(ks.to_string()),
            "USE returned {r:?}, expected SetKeyspace({ks})"
        );
    }
    c.use_keyspace(ks).await.ctx("use_keyspace")?;
    let r = exec(
        q("SELECT v FROM r14 WHERE k = 1"),
        "unqualified SELECT after use_keyspace",
    )
    .await?;
    let v: i32 = one_row(&r, "unqualified")?.get("v")?;
    ensure!(v == 2, "unqualified read after use_keyspace returned {v}");

    let r = exec(ddl(format!("DROP TABLE {ks}.r14")), "DROP TABLE").await?;
    schema(r, ["DROPPED", "TABLE", ks, "r14"], kinds, "DROP TABLE")?;

    let other = format!("cqlb_c14_ks_{}", random_suffix());
    let create = format!(
        "CREATE KEYSPACE {other} WITH replication = \
         {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
    );
    let r = c.execute(ddl(create), Values::Empty).await;
    let dropped = c
        .execute(
            ddl(format!("DROP KEYSPACE IF EXISTS {other}")),
            Values::Empty,
        )
        .await;
    let r = r.ctx("CREATE KEYSPACE")?;
    schema(
        r,
        ["CREATED", "KEYSPACE", &other, ""],
        kinds,
        "CREATE KEYSPACE",
    )?;
    let r = dropped.ctx("DROP KEYSPACE")?;
    schema(
        r,
        ["DROPPED", "KEYSPACE", &other, ""],
        kinds,
        "DROP KEYSPACE",
    )?;
    Ok(())
}

/// C14.
pub async fn c14(ctx: &Ctx) -> CaseResult {
    run(ctx, false).await?;
    Ok("INSERT → Void; SELECT → Rows; DDL (table, type, keyspace) succeeds; use_keyspace makes unqualified reads work".into())
}

/// C14.kinds.
pub async fn c14_kinds(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::ResultKinds).await?;
    run(ctx, true).await?;
    Ok("CREATE/ALTER/DROP TABLE, CREATE TYPE, CREATE/DROP KEYSPACE → SchemaChange with keyspace and name; USE → SetKeyspace".into())
}
