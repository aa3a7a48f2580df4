//! C30 materialized view: a product catalog read by category through a
//! view keyed `(category, id)`. Views are updated after the base write
//! (eventually), so every read of the view is polled with a bound until it
//! shows what the base table holds: inserted rows appear, a product moved
//! to another category leaves the old one and joins the new, a changed
//! price shows, a deleted product disappears. The view reads through text
//! and prepared statements, is listed in `system_schema.views` with its
//! base table, and refuses direct writes (`Invalid`).

use std::collections::BTreeMap;

use super::eventually::Deadline;
use super::prelude::*;

/// How long a view may lag its base table on a busy single node.
const VIEW_BOUND: Duration = Duration::from_secs(30);

/// The catalog as the base table holds it: id → (category, name, price).
type Catalog = BTreeMap<i32, (&'static str, &'static str, i32)>;

/// `(id, name, price)` of one category, by id, computed from `catalog`.
fn in_category(catalog: &Catalog, category: &str) -> Vec<(i32, String, i32)> {
    catalog
        .iter()
        .filter(|(_, (cat, _, _))| *cat == category)
        .map(|(id, (_, name, price))| (*id, name.to_string(), *price))
        .collect()
}

/// Polls the view until every category in `categories` reads as `catalog` says.
async fn converge(
    c: &dyn Client,
    view: &Prepared,
    catalog: &Catalog,
    categories: &[&str],
    step: &str,
) -> Step<Duration> {
    let wait = Deadline::new(
        format!("the view to show the catalog after {step}"),
        VIEW_BOUND,
    );
    'poll: loop {
        for cat in categories {
            let r = c
                .execute(Query::from(view), vals((*cat,)))
                .await
                .ctx(format!("read the view for {cat}"))?;
            let got: Vec<(i32, String, i32)> =
                r.map_rows(|row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            let want = in_category(catalog, cat);
            if got != want {
                wait.retry(format!("{cat}: {got:?}, base says {want:?}"))
                    .await?;
                continue 'poll;
            }
        }
        return Ok(wait.elapsed());
    }
}

/// C30.
pub async fn c30(ctx: &Ctx) -> CaseResult {
    let base = ctx.t("products");
    let view = ctx.t("by_category");
    ctx.ddl(&format!(
        "CREATE TABLE {base} (id int PRIMARY KEY, category text, name text, price int)"
    ))
    .await?;
    ctx.ddl(&format!(
        "CREATE MATERIALIZED VIEW {view} AS SELECT category, id, name, price FROM {base} \
         WHERE category IS NOT NULL AND id IS NOT NULL PRIMARY KEY (category, id)"
    ))
    .await?;
    let c = ctx.client().await?;
    let r = c
        .execute(
            q("SELECT base_table_name FROM system_schema.views WHERE keyspace_name = ? AND view_name = ?"),
            vals((ctx.ks.as_str(), "by_category")),
        )
        .await
        .ctx("read system_schema.views")?;
    let base_name: String = one_row(&r, "system_schema.views")?.get(0)?;
    ensure!(
        base_name == "products",
        "the view's base table is {base_name:?}"
    );

    let read = format!("SELECT id, name, price FROM {view} WHERE category = ?");
    let p_read = c.prepare(&read).await.ctx("prepare the view read")?;
    let upsert = c
        .prepare(&format!(
            "INSERT INTO {base} (id, category, name, price) VALUES (?, ?, ?, ?)"
        ))
        .await
        .ctx("prepare insert")?;
    let categories = ["books", "tools", "games"];
    let mut catalog: Catalog = BTreeMap::new();
    for (id, cat, name, price) in [
        (1, "books", "Dune", 12),
        (2, "tools", "Hammer", 25),
        (3, "books", "Emma", 8),
        (4, "games", "Go", 30),
        (5, "tools", "Saw", 18),
    ] {
        c.execute(Query::from(&upsert), vals((id, cat, name, price)))
            .await
            .ctx("insert a product")?;
        catalog.insert(id, (cat, name, price));
    }
    let mut waited = vec![converge(&*c, &p_read, &catalog, &categories, "the inserts").await?];

    c.execute(
        q(format!("UPDATE {base} SET category = ? WHERE id = ?")),
        vals(("games", 3)),
    )
    .await
    .ctx("move a product")?;
    catalog.insert(3, ("games", "Emma", 8));
    c.execute(
        q(format!("UPDATE {base} SET price = ? WHERE id = ?")),
        vals((20, 5)),
    )
    .await
    .ctx("change a price")?;
    catalog.insert(5, ("tools", "Saw", 20));
    waited.push(
        converge(
            &*c,
            &p_read,
            &catalog,
            &categories,
            "a move and a price change",
        )
        .await?,
    );

    c.execute(q(format!("DELETE FROM {base} WHERE id = ?")), vals((2,)))
        .await
        .ctx("delete a product")?;
    catalog.remove(&2);
    waited.push(converge(&*c, &p_read, &catalog, &categories, "a delete").await?);

    let r = c
        .execute(q(read.as_str()), vals(("games",)))
        .await
        .ctx("text read of the view")?;
    let got: Vec<(i32, String, i32)> =
        r.map_rows(|row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    ensure!(
        got == in_category(&catalog, "games"),
        "a text read of the view (after the prepared reads converged) returned {got:?}"
    );

    let e = expect_err(
        c.execute(
            q(format!(
                "INSERT INTO {view} (category, id, name, price) VALUES ('x', 9, 'y', 1)"
            )),
            Values::Empty,
        )
        .await,
        "a direct write to the view",
    )?;
    ensure!(
        matches!(e.kind(), ErrorKind::Invalid),
        "a direct write to the view: {}",
        show(&e)
    );
    let shown: Vec<String> = waited.iter().map(|d| format!("{} ms", ms(*d))).collect();
    Ok(format!(
        "the view converged to the base table after inserts, a category move + price change, a delete \
         (waits {}); text and prepared reads; listed with its base; direct write → Invalid",
        shown.join(", ")
    ))
}
