//! A product catalog with a materialized view by category: products are
//! written to the base table only, and read by category from the view. The
//! view is updated by the server, eventually: every read of it polls, with a
//! bound, until it shows what the base table holds (after inserts, a product
//! moved to another category, one deleted, and a price changed).
//!
//! `cargo run --example materialized_views --features all-drivers -- --backend scylla|cpp`

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use common::outcome;
use cqlbridge::{Prepared, Result, Session};
use futures::TryStreamExt;

/// The categories; product `id` starts in `CATEGORIES[id % 3]`.
const CATEGORIES: [&str; 3] = ["books", "games", "tools"];
/// How many products are written.
const PRODUCTS: i32 = 24;
/// How long the view may lag behind the base table.
const VIEW_BOUND: Duration = Duration::from_secs(30);

/// Category → (product id → price), as one table or the view holds it.
type Catalog = BTreeMap<String, BTreeMap<i32, i32>>;

#[tokio::main]
async fn main() {
    common::finish("materialized_views", run().await);
}

async fn run() -> Result<()> {
    let config = common::config()?;
    let session = cqlbridge::connect(&config).await?;
    let ks = common::keyspace_name("materialized_views");
    common::create_keyspace(&session, &ks).await?;
    let result = catalog(&session, &ks).await;
    let dropped = common::drop_keyspace(&session, &ks).await;
    session.close().await?;
    result.and(dropped)
}

async fn catalog(session: &Session, ks: &str) -> Result<()> {
    session
        .execute(
            common::ddl(format!(
                "CREATE TABLE {ks}.products (id int PRIMARY KEY, category text, name text, \
                 price_cents int)"
            )),
            (),
        )
        .await?;
    session
        .execute(
            common::ddl(format!(
                "CREATE MATERIALIZED VIEW {ks}.products_by_category AS \
                 SELECT category, id, name, price_cents FROM {ks}.products \
                 WHERE category IS NOT NULL AND id IS NOT NULL \
                 PRIMARY KEY (category, id)"
            )),
            (),
        )
        .await?;
    println!("base table products, view products_by_category (PRIMARY KEY (category, id))");

    let insert = session
        .prepare(&format!(
            "INSERT INTO {ks}.products (id, category, name, price_cents) VALUES (?, ?, ?, ?)"
        ))
        .await?;
    for id in 0..PRODUCTS {
        let category = CATEGORIES[(id % 3) as usize];
        let values = (id, category, format!("{category} #{id}"), 100 * (id + 1));
        session.execute(&insert, values).await?;
    }
    println!("wrote {PRODUCTS} products to the base table");
    let by_category = session
        .prepare(&format!(
            "SELECT id, price_cents FROM {ks}.products_by_category WHERE category = ?"
        ))
        .await?;
    let view = view_catches_up(session, ks, &by_category, "inserts").await?;
    for (category, items) in &view {
        outcome(&format!("inserted[{category}]"), items.len());
    }

    // Writes to the base table only; the server moves, removes and updates view rows.
    let products = format!("{ks}.products");
    let changes = [
        format!("UPDATE {products} SET category = 'books' WHERE id = 1"),
        format!("DELETE FROM {products} WHERE id = 2"),
        format!("UPDATE {products} SET price_cents = 999 WHERE id = 3"),
    ];
    for cql in changes {
        session.execute(cql, ()).await?;
    }
    println!("moved product 1 to books, deleted product 2, repriced product 3");
    let view = view_catches_up(session, ks, &by_category, "changes").await?;
    for (category, items) in &view {
        let ids: Vec<String> = items.keys().map(i32::to_string).collect();
        outcome(&format!("ids[{category}]"), ids.join(" "));
    }
    let books = view.get("books").cloned().unwrap_or_default();
    outcome("books_has_1", books.contains_key(&1));
    outcome("price[3]", books.get(&3).copied().unwrap_or(-1));
    let all: usize = view.values().map(BTreeMap::len).sum();
    outcome("view_rows", all);
    Ok(())
}

/// The base table, grouped by category.
async fn base(session: &Session, ks: &str) -> Result<Catalog> {
    let cql = format!("SELECT id, category, price_cents FROM {ks}.products");
    let mut rows = session.stream(cql, ());
    let mut catalog = Catalog::new();
    while let Some(row) = rows.try_next().await? {
        let (id, category, price): (i32, String, i32) = row.into_typed()?;
        catalog.entry(category).or_default().insert(id, price);
    }
    Ok(catalog)
}

/// The view, read category by category.
async fn view(session: &Session, by_category: &Prepared) -> Result<Catalog> {
    let mut catalog = Catalog::new();
    for category in CATEGORIES {
        let result = session.execute(by_category, (category,)).await?;
        let items = result.map_rows(|r| Ok((r.get::<i32>(0)?, r.get::<i32>(1)?)))?;
        if !items.is_empty() {
            catalog.insert(category.to_string(), items.into_iter().collect());
        }
    }
    Ok(catalog)
}

/// Polls the view until it equals the base table, at most [`VIEW_BOUND`].
async fn view_catches_up(
    session: &Session,
    ks: &str,
    by_category: &Prepared,
    when: &str,
) -> Result<Catalog> {
    let want = base(session, ks).await?;
    let started = Instant::now();
    let mut reads = 0;
    let seen = common::poll(&format!("the view after the {when}"), VIEW_BOUND, || {
        reads += 1;
        let want = &want;
        async move {
            let seen = view(session, by_category).await?;
            Ok((seen == *want).then_some(seen))
        }
    })
    .await?;
    println!(
        "view matches the base table after the {when}: {reads} read(s), {:.2} s",
        started.elapsed().as_secs_f64()
    );
    outcome(&format!("view_matches_base[{when}]"), true);
    Ok(seen)
}
