//! C11 prepared: prepare once, execute many; the statement stays usable
//! after its table is altered (the server may drop it; the driver must
//! re-prepare transparently and decode the new result shape).
//!
//! C11.named: `Values::Named` binds by name, in any order — on a prepared
//! statement with `:name` markers, on one with `?` markers (named after
//! their columns), and on text with values (insert, update and select); a
//! name that matches no marker fails `Invalid`, naming it, on both paths,
//! and the session stays usable.

use cqlbridge::ColumnType;

use super::prelude::*;

const N: i32 = 200;

/// C11.
pub async fn c11(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Prepared).await?;
    let t = ctx.t("prep");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v text)"))
        .await?;
    let c = ctx.client().await?;
    let ins = c
        .prepare(&format!("INSERT INTO {t} (k, v) VALUES (?, ?)"))
        .await
        .ctx("prepare insert")?;
    let markers: Vec<(String, ColumnType)> = ins
        .bind_markers()
        .iter()
        .map(|m| (m.name.clone(), m.typ.clone()))
        .collect();
    ensure!(
        markers
            == vec![
                ("k".to_string(), ColumnType::Int),
                ("v".to_string(), ColumnType::Text)
            ],
        "bind markers {markers:?}, expected k int, v text"
    );
    let sel = c
        .prepare(&format!("SELECT k, v FROM {t} WHERE k = ?"))
        .await
        .ctx("prepare select")?;
    let star = c
        .prepare(&format!("SELECT * FROM {t} WHERE k = ?"))
        .await
        .ctx("prepare select *")?;

    for i in 0..N {
        c.execute(Query::from(&ins), vals((i, format!("v{i}"))))
            .await
            .ctx(format!("execute insert #{i}"))?;
    }
    for i in (0..N).step_by(7) {
        let r = c
            .execute(Query::from(&sel), vals((i,)))
            .await
            .ctx(format!("execute select #{i}"))?;
        let got: String = one_row(&r, "select")?.get("v")?;
        ensure!(got == format!("v{i}"), "k = {i}: read {got}");
    }

    ctx.ddl(&format!("ALTER TABLE {t} ADD w int")).await?;
    ctx.ddl(&format!("UPDATE {t} SET w = 42 WHERE k = 1"))
        .await?;

    c.execute(Query::from(&ins), vals((N, "after")))
        .await
        .ctx("insert prepared before ALTER")?;
    let r = c
        .execute(Query::from(&sel), vals((N,)))
        .await
        .ctx("select prepared before ALTER")?;
    ensure!(
        one_row(&r, "select")?.get::<String>("v")? == "after",
        "the old select read a wrong value after ALTER"
    );
    let r = c
        .execute(Query::from(&star), vals((1i32,)))
        .await
        .ctx("SELECT * prepared before ALTER")?;
    let row = one_row(&r, "select *")?;
    let names: Vec<&str> = row.columns().iter().map(|c| c.name.as_str()).collect();
    ensure!(
        row.get::<i32>("k")? == 1 && row.get::<String>("v")? == "v1",
        "SELECT * after ALTER decoded k/v wrong: {row:?}"
    );
    let w = if names.contains(&"w") {
        let w: Option<i32> = row.get("w")?;
        ensure!(
            w == Some(42),
            "SELECT * after ALTER: w = {w:?}, expected 42"
        );
        "includes the new column w = 42"
    } else {
        "still has the old columns"
    };
    Ok(format!(
        "1 prepare, {N} inserts and {} selects; after ALTER TABLE ADD both still work and \
         SELECT * {w} ({names:?}); Prepared::result_columns() of the select: {} (informational)",
        (0..N).step_by(7).count(),
        sel.result_columns().len()
    ))
}

/// Reads `(v, n)` of row `k` through the admin session.
async fn read_vn(ctx: &Ctx, t: &str, k: i32) -> Step<(Option<String>, Option<i32>)> {
    let r = ctx
        .admin()?
        .execute(q(format!("SELECT v, n FROM {t} WHERE k = ?")), (k,))
        .await
        .ctx(format!("reading k = {k} as the superuser"))?;
    let row = one_row(&r, "read back")?;
    Ok((row.get("v")?, row.get("n")?))
}

/// C11.named.
pub async fn c11_named(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Prepared).await?;
    ctx.require(Feature::NamedValues).await?;
    let t = ctx.t("named");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, v text, n int)"
    ))
    .await?;
    let c = ctx.client().await?;
    let colon = format!("INSERT INTO {t} (k, v, n) VALUES (:k, :v, :n)");
    let question = format!("INSERT INTO {t} (k, v, n) VALUES (?, ?, ?)");

    // Prepared, `:name` markers, names out of marker order.
    let p = c.prepare(&colon).await.ctx("prepare with :name markers")?;
    let names: Vec<&str> = p.bind_markers().iter().map(|m| m.name.as_str()).collect();
    ensure!(
        names == ["k", "v", "n"],
        "bind markers {names:?}, expected k, v, n"
    );
    c.execute(
        Query::from(&p),
        Values::named([
            ("n", Value::Int(10)),
            ("v", Value::Text("one".into())),
            ("k", Value::Int(1)),
        ]),
    )
    .await
    .ctx("prepared :name markers, bound by name")?;
    // Prepared, `?` markers: their names are the columns'.
    let p2 = c.prepare(&question).await.ctx("prepare with ? markers")?;
    c.execute(
        Query::from(&p2),
        Values::named([
            ("v", Value::Text("two".into())),
            ("n", Value::Int(20)),
            ("k", Value::Int(2)),
        ]),
    )
    .await
    .ctx("prepared ? markers, bound by column name")?;
    // Text with values.
    c.execute(
        q(colon.as_str()),
        Values::named([
            ("v", Value::Text("three".into())),
            ("k", Value::Int(3)),
            ("n", Value::Int(30)),
        ]),
    )
    .await
    .ctx("text with :name markers, bound by name")?;
    c.execute(
        q(format!("UPDATE {t} SET v = :v WHERE k = :k")),
        Values::named([("k", Value::Int(3)), ("v", Value::Text("three!".into()))]),
    )
    .await
    .ctx("text UPDATE bound by name")?;

    for (k, want) in [(1, ("one", 10)), (2, ("two", 20)), (3, ("three!", 30))] {
        let got = read_vn(ctx, &t, k).await?;
        ensure!(
            got == (Some(want.0.to_string()), Some(want.1)),
            "k = {k}: read {got:?}, expected {want:?}"
        );
    }
    // Reading with a named marker, prepared and as text.
    let sel = format!("SELECT v FROM {t} WHERE k = :key");
    let ps = c.prepare(&sel).await.ctx("prepare select with :key")?;
    for (how, query) in [("prepared", Query::from(&ps)), ("text", q(sel.as_str()))] {
        let r = c
            .execute(query, Values::named([("key", 2i32)]))
            .await
            .ctx(format!("{how} select bound by name"))?;
        let v: String = one_row(&r, "select by name")?.get(0)?;
        ensure!(
            v == "two",
            "{how} select by name read `{v}`, expected `two`"
        );
    }

    // A name no marker has.
    let mut refused = Vec::new();
    for (how, query) in [("prepared", Query::from(&p)), ("text", q(colon.as_str()))] {
        let bad = Values::named([
            ("k", Value::Int(9)),
            ("v", Value::Text("x".into())),
            ("nope", Value::Int(1)),
        ]);
        let e = expect_err(c.execute(query, bad).await, &format!("{how}: unknown name"))?;
        ensure!(
            e.is_invalid() && e.to_string().contains("nope"),
            "{how}: an unknown name: expected Invalid naming `nope`, got {}",
            show(&e)
        );
        refused.push(format!("{how} → {:?}", e.kind()));
    }
    let r = ctx
        .admin()?
        .execute(q(format!("SELECT count(*) FROM {t}")), ())
        .await
        .ctx("count")?;
    let n: i64 = one_row(&r, "count")?.get(0)?;
    ensure!(
        n == 3,
        "{n} rows, expected 3: a refused statement wrote one"
    );
    c.execute(q(question.as_str()), vals((4i32, "after", 40i32)))
        .await
        .ctx("the session after the refusals")?;
    Ok(format!(
        "bound by name, out of order: prepared (:name and ? markers), text insert/update/select, \
         prepared select; a name no marker has: {}",
        refused.join(", ")
    ))
}
