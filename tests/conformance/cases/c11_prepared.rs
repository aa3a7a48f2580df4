//! C11 prepared: prepare once, execute many; the statement stays usable
//! after its table is altered (the server may drop it; the driver must
//! re-prepare transparently and decode the new result shape).

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
