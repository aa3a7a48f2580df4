//! A bulk importer: writes a CSV file of 100,000 orders to a temporary
//! directory, reads it back, and imports it twice, once in logged and once
//! in unlogged batches (one partition per batch), at most 16 batches in
//! flight, with an `indicatif` progress bar on stderr. The bar hides itself
//! when stderr is not a terminal (no control characters in a log). Prints
//! rows/s for each kind, then counts and sums what landed.
//!
//! `cargo run --example batch_importer --features all-drivers -- --backend scylla|cpp`

mod common;

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{other, outcome};
use cqlbridge::{Batch, BatchKind, Result, Session, Statement};
use futures::{StreamExt, TryStreamExt};
use indicatif::{ProgressBar, ProgressStyle};

/// Rows in the generated file.
const ROWS: usize = 100_000;
/// Orders per customer: one batch holds one customer's partition.
const PER_CUSTOMER: usize = 100;
/// Batches in flight at most.
const CONCURRENCY: usize = 16;

/// One CSV line: `customer,id,sku,qty,price_cents`.
#[derive(Debug, Clone)]
struct Order {
    customer: i32,
    id: i32,
    sku: String,
    qty: i32,
    price_cents: i32,
}

/// A directory removed again when dropped.
#[derive(Debug)]
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::main]
async fn main() {
    common::finish("batch_importer", run().await);
}

async fn run() -> Result<()> {
    let config = common::config()?;
    let dir =
        TempDir(std::env::temp_dir().join(format!("cqlbridge_import_{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).map_err(other)?;
    let csv = dir.0.join("orders.csv");
    let qty_sum = write_csv(&csv).map_err(other)?;
    let orders = read_csv(&csv)?;
    println!(
        "generated {} ({} rows, qty sum {qty_sum})",
        csv.display(),
        orders.len()
    );
    outcome("csv_rows", orders.len());
    outcome("csv_qty_sum", qty_sum);

    let session = cqlbridge::connect(&config).await?;
    let ks = common::keyspace_name("batch_importer");
    common::create_keyspace(&session, &ks).await?;
    let result = compare(&session, &ks, &orders).await;
    let dropped = common::drop_keyspace(&session, &ks).await;
    session.close().await?;
    result.and(dropped)
}

/// Imports the orders in logged, then unlogged batches, and compares the rates.
async fn compare(session: &Session, ks: &str, orders: &[Order]) -> Result<()> {
    let logged = import(session, ks, BatchKind::Logged, "logged", orders).await?;
    let unlogged = import(session, ks, BatchKind::Unlogged, "unlogged", orders).await?;
    println!(
        "unlogged / logged: {:.2}x the rows/s (one partition per batch: no batch log is \
         needed either way)",
        unlogged / logged
    );
    Ok(())
}

/// Writes [`ROWS`] orders sorted by customer; returns the sum of `qty`.
fn write_csv(path: &Path) -> std::io::Result<i64> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(out, "customer,id,sku,qty,price_cents")?;
    let mut qty_sum = 0;
    for i in 0..ROWS {
        let qty = 1 + i % 9;
        qty_sum += qty as i64;
        let (customer, id) = (i / PER_CUSTOMER, i % PER_CUSTOMER);
        let (sku, price) = ((i * 7919) % 50_000, 100 + (i * 37) % 10_000);
        writeln!(out, "{customer},{id},sku-{sku:05},{qty},{price}")?;
    }
    out.flush()?;
    Ok(qty_sum)
}

/// Parses the file back; a malformed line is an error naming it.
fn read_csv(path: &Path) -> Result<Vec<Order>> {
    let file = BufReader::new(File::open(path).map_err(other)?);
    let mut orders = Vec::with_capacity(ROWS);
    for (n, line) in file.lines().enumerate().skip(1) {
        let line = line.map_err(other)?;
        let bad = || other(format!("line {}: malformed: {line}", n + 1));
        let f: Vec<&str> = line.split(',').collect();
        let [customer, id, sku, qty, price] = f[..] else {
            return Err(bad());
        };
        let int = |s: &str| s.parse::<i32>().map_err(|_| bad());
        orders.push(Order {
            customer: int(customer)?,
            id: int(id)?,
            sku: sku.to_string(),
            qty: int(qty)?,
            price_cents: int(price)?,
        });
    }
    Ok(orders)
}

/// Imports `orders` into table `orders_NAME` in batches of `kind`, then
/// counts and sums what the table holds; returns the rows/s.
async fn import(
    session: &Session,
    ks: &str,
    kind: BatchKind,
    name: &str,
    orders: &[Order],
) -> Result<f64> {
    let table = format!("{ks}.orders_{name}");
    session
        .execute(
            common::ddl(format!(
                "CREATE TABLE {table} (customer int, id int, sku text, qty int, \
                 price_cents int, PRIMARY KEY (customer, id))"
            )),
            (),
        )
        .await?;
    let insert = session
        .prepare(&format!(
            "INSERT INTO {table} (customer, id, sku, qty, price_cents) VALUES (?, ?, ?, ?, ?)"
        ))
        .await?;
    let bar = ProgressBar::new(orders.len() as u64).with_style(
        ProgressStyle::with_template("{msg:>9} [{bar:40}] {pos}/{len} rows ({per_sec})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(name.to_string());
    let drawn = if bar.is_hidden() { "hidden" } else { "drawn" };
    println!(
        "importing in {name} batches; progress bar {drawn} (hidden unless stderr is a terminal)"
    );
    outcome(&format!("progress_bar[{name}]"), drawn);

    let (in_flight, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let started = Instant::now();
    futures::stream::iter(orders.chunks(PER_CUSTOMER))
        .map(|chunk| {
            let mut batch = Batch::new(kind);
            for o in chunk {
                let values = (o.customer, o.id, o.sku.as_str(), o.qty, o.price_cents);
                batch.push(&insert, values);
            }
            let (in_flight, peak, bar) = (&in_flight, &peak, &bar);
            async move {
                peak.fetch_max(
                    in_flight.fetch_add(1, Ordering::SeqCst) + 1,
                    Ordering::SeqCst,
                );
                let done = session.batch(&batch).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                bar.inc(chunk.len() as u64);
                done.map(drop)
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect::<()>()
        .await?;
    bar.finish_and_clear();
    let rate = orders.len() as f64 / started.elapsed().as_secs_f64();
    println!("{name}: {rate:.0} rows/s");
    outcome(&format!("rows_per_s[{name}]"), format!("{rate:.0}"));
    let peak = peak.load(Ordering::SeqCst);
    outcome(&format!("peak_in_flight[{name}]"), peak);

    let check = Statement::new(format!("SELECT COUNT(*), SUM(qty) FROM {table}"))
        .with_timeout(Duration::from_secs(60));
    let result = session.execute(check, ()).await?;
    let row = result
        .first_row()
        .ok_or_else(|| other("no aggregate row"))?;
    let (count, qty_sum): (i64, i32) = (row.get(0)?, row.get(1)?);
    outcome(&format!("rows[{name}]"), count);
    outcome(&format!("qty_sum[{name}]"), qty_sum);
    Ok(rate)
}
