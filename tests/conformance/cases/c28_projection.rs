//! C28 column projection: a `SELECT` of some columns returns exactly those,
//! in the order asked, with their names and CQL types in the metadata and
//! their values in the row — also for aliases (`AS`), functions
//! (`WRITETIME`, `count(*)`), `DISTINCT` and `*` (every column, partition
//! key first, then clustering). A projection of no matching row still
//! carries its columns. The columns' keyspace and table, and a prepared
//! statement's result metadata before it runs, are checked where the
//! backend reports them (libcassandra's C API exposes neither).

use cqlbridge::ColumnType;

use super::prelude::*;

/// `(name, type)` of each column.
type Shape = Vec<(String, ColumnType)>;

fn shape(columns: &[cqlbridge::ColumnSpec]) -> Shape {
    columns
        .iter()
        .map(|c| (c.name.clone(), c.typ.clone()))
        .collect()
}

fn want(cols: &[(&str, ColumnType)]) -> Shape {
    cols.iter()
        .map(|(n, t)| (n.to_string(), t.clone()))
        .collect()
}

/// Runs `cql` and checks the columns of the page against `expected`;
/// returns the page's rows.
async fn projected(c: &dyn Client, cql: &str, values: Values, expected: &Shape) -> Step<Vec<Row>> {
    let r = c.execute(q(cql), values).await.ctx(format!("`{cql}`"))?;
    let page = r
        .page()
        .ok_or_else(|| fail(format!("`{cql}` returned {r:?}, not rows")))?;
    let got = shape(&page.columns);
    ensure!(
        got == *expected,
        "`{cql}`: columns {got:?}, expected {expected:?}"
    );
    for row in &page.rows {
        ensure!(
            shape(row.columns()) == *expected && row.values().len() == expected.len(),
            "`{cql}`: a row has columns {:?} and {} values",
            shape(row.columns()),
            row.values().len()
        );
    }
    Ok(page.rows.clone())
}

/// C28.
pub async fn c28(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("proj");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int, c int, a text, b bigint, d list<int>, PRIMARY KEY (k, c))"
    ))
    .await?;
    let c = ctx.client().await?;
    c.execute(
        q(format!(
            "INSERT INTO {t} (k, c, a, b, d) VALUES (?, ?, ?, ?, ?) USING TIMESTAMP 777"
        )),
        vals((1, 2, "alpha", 40i64, vec![7, 8])),
    )
    .await
    .ctx("insert")?;
    use ColumnType as T;

    let sub = format!("SELECT b, a FROM {t} WHERE k = ?");
    let sub_shape = want(&[("b", T::BigInt), ("a", T::Text)]);
    let rows = projected(&*c, &sub, vals((1,)), &sub_shape).await?;
    ensure!(
        rows.len() == 1 && rows[0].values() == [Value::BigInt(40), Value::Text("alpha".into())],
        "SELECT b, a: rows {rows:?}"
    );
    let r = c.execute(q(sub.as_str()), vals((1,))).await.ctx("again")?;
    // libcassandra does not expose a result column's keyspace and table, so
    // a backend may leave them empty; when it names them, they must be right.
    let mut reported = false;
    for col in r.page().map(|p| &p.columns[..]).unwrap_or(&[]) {
        let named = !col.keyspace.is_empty() || !col.table.is_empty();
        reported |= named;
        ensure!(
            !named || (col.keyspace == ctx.ks && col.table == "proj"),
            "column {} names keyspace {:?} and table {:?}, expected {} and proj",
            col.name,
            col.keyspace,
            col.table,
            ctx.ks
        );
    }
    // Empty where the backend cannot see them before execution (the C++
    // driver's C API; see `Prepared::result_columns`); otherwise exact.
    let p = c.prepare(&sub).await.ctx("prepare SELECT b, a")?;
    let before_run = shape(p.result_columns());
    ensure!(
        before_run.is_empty() || before_run == sub_shape,
        "the prepared SELECT b, a has result columns {before_run:?}"
    );
    let r = c
        .execute(Query::from(&p), vals((1,)))
        .await
        .ctx("prepared SELECT b, a")?;
    ensure!(
        r.first_row().map(|row| shape(row.columns())) == Some(sub_shape.clone()),
        "prepared SELECT b, a returned {r:?}"
    );
    projected(&*c, &sub, vals((99,)), &sub_shape).await?;

    let rows = projected(
        &*c,
        &format!("SELECT a AS label, WRITETIME(b) AS written, d FROM {t} WHERE k = 1"),
        Values::Empty,
        &want(&[
            ("label", T::Text),
            ("written", T::BigInt),
            ("d", T::List(Box::new(T::Int))),
        ]),
    )
    .await?;
    ensure!(
        rows.len() == 1
            && rows[0].get::<String>(0)? == "alpha"
            && rows[0].get::<i64>(1)? == 777
            && rows[0].get::<Vec<i32>>(2)? == [7, 8],
        "aliases and WRITETIME: rows {rows:?}"
    );

    let rows = projected(
        &*c,
        &format!("SELECT count(*) FROM {t}"),
        Values::Empty,
        &want(&[("count", T::BigInt)]),
    )
    .await?;
    ensure!(
        rows.len() == 1 && rows[0].get::<i64>(0)? == 1,
        "count(*): {rows:?}"
    );
    projected(
        &*c,
        &format!("SELECT DISTINCT k FROM {t}"),
        Values::Empty,
        &want(&[("k", T::Int)]),
    )
    .await?;

    let r = c
        .execute(q(format!("SELECT * FROM {t}")), Values::Empty)
        .await
        .ctx("SELECT *")?;
    let star = shape(r.page().map(|p| &p.columns[..]).unwrap_or(&[]));
    let names: Vec<&str> = star.iter().map(|(n, _)| n.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    ensure!(
        names.len() == 5 && names[..2] == ["k", "c"] && sorted == ["a", "b", "c", "d", "k"],
        "SELECT * has columns {names:?}: expected 5, partition key k then clustering c first"
    );
    Ok(format!(
        "SELECT b, a (text, prepared metadata, no match), aliases with WRITETIME, count(*), DISTINCT, *: \
         names and types exact, values in the order asked; keyspace and table {}; prepared metadata {}",
        if reported { "named correctly" } else { "not reported by this backend" },
        if before_run.is_empty() { "not reported by this backend" } else { "exact" }
    ))
}
