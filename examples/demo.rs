//! The main job: a small order-tracking workload against a real cluster,
//! run once through the async `Session` and once through the blocking
//! `SyncSession`, printing what it did.
//!
//! Configuration comes from `CQLBRIDGE_URL` (a `cql://` URL) or the
//! `CQLBRIDGE_*` variables (see `Config::from_env`); `cargo xtask demo`
//! starts the local test bed and sets them.

use std::time::{Duration, Instant};

use cqlbridge::{
    Batch, BatchKind, Config, Consistency, PageSize, Result, Session, Statement, SyncSession,
};
use futures::TryStreamExt;

const ORDERS: i32 = 2_000;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("demo failed: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    let config = Config::from_env()?;
    println!(
        "backend: {}  hosts: {:?}",
        config.backend, config.contact_points
    );

    let started = Instant::now();
    let session = cqlbridge::connect(&config).await?;
    println!("[async] connected in {:?}", started.elapsed());
    let ks = format!("cqlbridge_demo_{}", std::process::id());
    async_workload(&session, &ks).await?;

    let sync_config = config.clone();
    let ks2 = ks.clone();
    tokio::task::spawn_blocking(move || sync_workload(&sync_config, &ks2))
        .await
        .map_err(|e| cqlbridge::Error::new(cqlbridge::ErrorKind::Other, e.to_string()))??;

    session
        .execute(format!("DROP KEYSPACE IF EXISTS {ks}"), ())
        .await?;
    session.close().await?;
    println!("done in {:?}", started.elapsed());
    Ok(())
}

async fn async_workload(session: &Session, ks: &str) -> Result<()> {
    let version = session
        .execute("SELECT release_version FROM system.local", ())
        .await?;
    let version: String = version.first_row().expect("one row").get(0)?;
    println!("[async] server release_version = {version}");

    session
        .execute(
            format!(
                "CREATE KEYSPACE IF NOT EXISTS {ks} WITH replication = \
                 {{'class': 'SimpleStrategy', 'replication_factor': 1}}"
            ),
            (),
        )
        .await?;
    session
        .execute(
            format!(
                "CREATE TABLE IF NOT EXISTS {ks}.orders (customer int, id int, item text, \
                 qty int, PRIMARY KEY (customer, id))"
            ),
            (),
        )
        .await?;
    println!("[async] created keyspace {ks} and table orders");

    let insert = session
        .prepare(&format!(
            "INSERT INTO {ks}.orders (customer, id, item, qty) VALUES (?, ?, ?, ?)"
        ))
        .await?;
    let t = Instant::now();
    let mut tasks = Vec::new();
    for chunk in 0..8 {
        let (session, insert) = (session.clone(), insert.clone());
        tasks.push(tokio::spawn(async move {
            for id in (chunk..ORDERS).step_by(8) {
                let item = format!("item-{}", id % 17);
                session
                    .execute(&insert, (id % 10, id, item, 1 + id % 5))
                    .await?;
            }
            Ok::<_, cqlbridge::Error>(())
        }));
    }
    for t in tasks {
        t.await.expect("task")?;
    }
    println!(
        "[async] inserted {ORDERS} orders from 8 tasks in {:?}",
        t.elapsed()
    );

    let batch = Batch::new(BatchKind::Logged)
        .add(insert.clone(), (42i32, 1i32, "gift card", 1i32))
        .add(insert.clone(), (42i32, 2i32, "wrapping", 2i32))
        .with_consistency(Consistency::One);
    session.batch(&batch).await?;
    println!("[async] applied a logged batch of 2 at ONE");

    let scan = Statement::new(format!("SELECT customer, id, qty FROM {ks}.orders"))
        .with_page_size(PageSize::Rows(250));
    let t = Instant::now();
    let (mut rows, mut qty) = (0u64, 0i64);
    let mut stream = session.stream(scan, ());
    while let Some(row) = stream.try_next().await? {
        rows += 1;
        qty += i64::from(row.get::<i32>("qty")?);
    }
    println!(
        "[async] streamed {rows} rows in pages of 250 ({qty} items) in {:?}",
        t.elapsed()
    );

    let lwt = format!(
        "INSERT INTO {ks}.orders (customer, id, item, qty) VALUES (1, 1, 'x', 1) IF NOT EXISTS"
    );
    let applied = session.execute(lwt.as_str(), ()).await?.applied();
    println!("[async] INSERT … IF NOT EXISTS on an existing order applied = {applied:?}");
    Ok(())
}

fn sync_workload(config: &Config, ks: &str) -> Result<()> {
    let t = Instant::now();
    let sync: SyncSession = cqlbridge::connect_blocking(config)?;
    println!("[sync] bridge up and connected in {:?}", t.elapsed());
    let select = sync.prepare(&format!(
        "SELECT id, item FROM {ks}.orders WHERE customer = ?"
    ))?;
    let threads: Vec<_> = (0..4)
        .map(|n| {
            let (sync, select) = (sync.clone(), select.clone());
            std::thread::spawn(move || -> Result<usize> {
                let mut found = 0;
                for customer in (n..10).step_by(4) {
                    found += sync.execute(&select, (customer,))?.rows().len();
                }
                Ok(found)
            })
        })
        .collect();
    let mut found = 0;
    for th in threads {
        found += th.join().expect("thread")?;
    }
    println!("[sync] 4 threads read {found} orders by customer");
    let first_page = sync.page(
        Statement::new(format!("SELECT id FROM {ks}.orders WHERE customer = 3"))
            .with_page_size(PageSize::Rows(50))
            .with_timeout(Duration::from_secs(5)),
        (),
        None,
    )?;
    println!(
        "[sync] first page: {} rows, more pages: {}",
        first_page.rows.len(),
        first_page.has_more()
    );
    let all: usize = sync
        .iter(format!("SELECT id FROM {ks}.orders"), ())
        .map(|r| r.map(|_| 1))
        .sum::<Result<usize>>()?;
    println!("[sync] iterated {all} rows lazily");
    sync.close()?;
    println!("[sync] closed; bridge thread joined");
    Ok(())
}
