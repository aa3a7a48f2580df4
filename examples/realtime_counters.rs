//! Real-time page-view counters: many tasks increment `counter` columns at
//! once (`views = views + ?`, never retried: a counter update is not
//! idempotent), a counter batch adds a bulk import, and the totals read back
//! are exact.
//!
//! `cargo run --example realtime_counters --features all-drivers -- --backend scylla|cpp`

mod common;

use std::time::Instant;

use common::{other, outcome};
use cqlbridge::{Batch, BatchKind, Result, Session};

/// The pages counted; page `i` gets `i + 1` views per increment.
const PAGES: [&str; 5] = ["home", "pricing", "docs", "blog", "about"];
/// How many tasks increment at once.
const TASKS: i64 = 16;
/// How many increments of every page each task makes.
const ROUNDS: i64 = 20;
/// What the counter batch adds to every page's views.
const BATCH_VIEWS: i64 = 1_000;

#[tokio::main]
async fn main() {
    common::finish("realtime_counters", run().await);
}

async fn run() -> Result<()> {
    let config = common::config()?;
    let session = cqlbridge::connect(&config).await?;
    let ks = common::keyspace_name("realtime_counters");
    common::create_keyspace(&session, &ks).await?;
    let result = count(&session, &ks).await;
    let dropped = common::drop_keyspace(&session, &ks).await;
    session.close().await?;
    result.and(dropped)
}

async fn count(session: &Session, ks: &str) -> Result<()> {
    session
        .execute(
            common::ddl(format!(
                "CREATE TABLE {ks}.page_views (page text PRIMARY KEY, views counter, \
                 visitors counter)"
            )),
            (),
        )
        .await?;
    let increment = session
        .prepare(&format!(
            "UPDATE {ks}.page_views SET views = views + ?, visitors = visitors + 1 WHERE page = ?"
        ))
        .await?
        .with_idempotent(false);

    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (session, increment) = (session.clone(), increment.clone());
            tokio::spawn(async move {
                for _ in 0..ROUNDS {
                    for (i, page) in PAGES.iter().enumerate() {
                        let delta = i64::try_from(i).expect("a few pages") + 1;
                        session.execute(&increment, (delta, *page)).await?;
                    }
                }
                Ok::<_, cqlbridge::Error>(())
            })
        })
        .collect();
    for task in tasks {
        task.await.map_err(other)??;
    }
    let updates = TASKS * ROUNDS * PAGES.len() as i64;
    println!(
        "{TASKS} tasks made {updates} counter updates in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // A bulk import of views from another system: one counter batch for every page.
    let bulk = session
        .prepare(&format!(
            "UPDATE {ks}.page_views SET views = views + ? WHERE page = ?"
        ))
        .await?;
    let mut batch = Batch::new(BatchKind::Counter).with_idempotent(false);
    for page in PAGES {
        batch.push(&bulk, (BATCH_VIEWS, page));
    }
    session.batch(&batch).await?;
    println!("a counter batch added {BATCH_VIEWS} views to each page");

    let read = format!("SELECT page, views, visitors FROM {ks}.page_views");
    let rows = session.execute(read.as_str(), ()).await?;
    println!("totals read back (exact: every update counted once):");
    let mut exact = 0;
    for (i, page) in PAGES.iter().enumerate() {
        let row = rows
            .rows()
            .iter()
            .find(|r| r.get::<String>("page").is_ok_and(|p| p == *page))
            .ok_or_else(|| other(format!("page {page} has no counter row")))?;
        let (views, visitors): (i64, i64) = (row.get("views")?, row.get("visitors")?);
        let per_update = i64::try_from(i).expect("a few pages") + 1;
        let want_views = TASKS * ROUNDS * per_update + BATCH_VIEWS;
        let want_visitors = TASKS * ROUNDS;
        outcome(&format!("views[{page}]"), views);
        outcome(&format!("visitors[{page}]"), visitors);
        if views == want_views && visitors == want_visitors {
            exact += 1;
        }
    }
    outcome("pages_exact", format!("{exact}/{}", PAGES.len()));
    Ok(())
}
