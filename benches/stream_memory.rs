//! Memory while streaming (issue 13 item 2): 1,000,000 rows through
//! `Session::stream` and `SyncSession::iter`, on both backends, against the
//! test bed; the growth of this process's peak RSS, measured by the bench
//! itself, after 100,000 rows and after all of them.
//!
//! # How
//!
//! A table `rows (p int, c int, v text, PRIMARY KEY (p, c))` of 1,000
//! partitions × 1,000 rows, a 64-byte text each, written first with
//! unlogged batches of 100 rows of one partition, 8 in flight. For each backend × API:
//! the peak RSS (`VmHWM`) is reset to the current RSS by writing `5` to
//! `/proc/self/clear_refs` (Linux ≥ 4.0; where refused, the bench samples
//! `VmRSS` every 1,000 rows instead and says so), then `SELECT p, c, v FROM
//! rows` (page size 5,000) is read to the end, every row counted and its
//! text checked; growth = peak − RSS at the start. Target: under 32 MB and
//! the same at 100,000 and 1,000,000 rows (a stream holds one page).
//!
//! `cargo test --benches` runs it on 20,000 rows (it works, not how much).
//! Run: `source ~/.cache/cqlbridge/testbed.env && cargo bench --features all-drivers --bench stream_memory`.

mod support;

use std::time::Instant;

use cqlbridge::{BackendKind, Batch, BatchKind, PageSize, Row, Statement};
use futures::StreamExt;
use support::{config, Keyspace, PAYLOAD};

/// Rows per partition.
const PER_PARTITION: u32 = 1_000;
/// Rows per batch when filling.
const BATCH_ROWS: u32 = 100;
/// The checkpoint: growth is reported here and at the end.
const CHECKPOINT: u64 = 100_000;
/// Attempts at one fill batch.
const FILL_TRIES: u32 = 5;
/// The target on peak RSS growth.
const TARGET_MB: f64 = 32.0;

/// A field of `/proc/self/status` in KiB.
fn status_kib(field: &str) -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Peak-RSS tracking from now: resets `VmHWM` if the kernel lets it.
struct Peak {
    start_kib: u64,
    resettable: bool,
    sampled_kib: u64,
}

impl Peak {
    fn start() -> Peak {
        let resettable = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let start_kib = status_kib("VmRSS:").unwrap_or(0);
        Peak {
            start_kib,
            resettable,
            sampled_kib: start_kib,
        }
    }

    /// Every 1,000 rows, where the peak cannot be reset.
    fn sample(&mut self) {
        if !self.resettable {
            self.sampled_kib = self.sampled_kib.max(status_kib("VmRSS:").unwrap_or(0));
        }
    }

    /// Growth of the peak so far, in MB.
    fn growth_mb(&self) -> f64 {
        let peak = if self.resettable {
            status_kib("VmHWM:").unwrap_or(0)
        } else {
            self.sampled_kib
        };
        peak.saturating_sub(self.start_kib) as f64 / 1024.0
    }
}

/// What one stream measured.
struct Measured {
    rows: u64,
    at_checkpoint: f64,
    at_end: f64,
    secs: f64,
}

/// Counts and checks `row`; records the checkpoint.
fn take(row: cqlbridge::Result<Row>, n: &mut u64, peak: &mut Peak, at: &mut f64) {
    let row = row.unwrap_or_else(|e| panic!("row {n}: {e}"));
    let v: String = row.get(2).unwrap_or_else(|e| panic!("row {n}: {e}"));
    assert_eq!(v, PAYLOAD, "row {n}");
    *n += 1;
    if (*n).is_multiple_of(1_000) {
        peak.sample();
    }
    if *n == CHECKPOINT {
        *at = peak.growth_mb();
    }
}

fn select() -> Statement {
    Statement::new("SELECT p, c, v FROM rows").with_page_size(PageSize::Rows(5_000))
}

fn main() {
    let bed = support::bed("stream_memory");
    let measuring = support::measuring();
    let total: u64 = if measuring { 1_000_000 } else { 20_000 };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let admin = rt
        .block_on(cqlbridge::connect(&config(&bed, BackendKind::Scylla)))
        .expect("connect");
    let ks = rt.block_on(Keyspace::create(&admin, "stream_memory"));
    let t = Instant::now();
    rt.block_on(async {
        let table = "CREATE TABLE rows (p int, c int, v text, PRIMARY KEY (p, c))";
        admin
            .execute(Statement::new(table).with_timeout(support::DDL_TIMEOUT), ())
            .await
            .expect("table");
        let insert = admin
            .prepare("INSERT INTO rows (p, c, v) VALUES (?, ?, ?)")
            .await
            .expect("prepare");
        let batches = (total / u64::from(BATCH_ROWS)) as u32;
        futures::stream::iter(0..batches)
            .map(|b| {
                let (admin, insert) = (&admin, &insert);
                async move {
                    let first = b * BATCH_ROWS;
                    let mut batch = Batch::new(BatchKind::Unlogged);
                    for i in first..first + BATCH_ROWS {
                        let (p, c) = ((i / PER_PARTITION) as i32, (i % PER_PARTITION) as i32);
                        batch = batch.add(insert, (p, c, PAYLOAD));
                    }
                    // The same rows again are the same rows: idempotent,
                    // so a server timeout under the fill's load is retried
                    // (by the session, then here, a bounded number of times).
                    let batch = batch.with_idempotent(true);
                    let mut tries = 0;
                    while let Err(e) = admin.batch(&batch).await {
                        tries += 1;
                        assert!(tries < FILL_TRIES, "fill batch {b}: {e}");
                        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    }
                }
            })
            .buffer_unordered(8)
            .collect::<Vec<()>>()
            .await;
    });
    println!("filled {total} rows in {:.1} s", t.elapsed().as_secs_f64());
    println!("\nstream memory: peak RSS growth while reading {total} rows (page size 5000)");
    println!(
        "{:<7} {:<6} {:>9} {:>14} {:>14} {:>9} {:>7}",
        "backend", "API", "rows", "MB at 100k", "MB at end", "rows/s", "target"
    );
    let mut measured = Vec::new();
    for backend in [BackendKind::Scylla, BackendKind::Cpp] {
        let mut cfg = config(&bed, backend);
        cfg.keyspace = Some(ks.name.clone());
        let session = rt.block_on(cqlbridge::connect(&cfg)).expect("connect");
        let m = rt.block_on(async {
            let (mut n, mut at) = (0u64, f64::NAN);
            let t = Instant::now();
            let mut peak = Peak::start();
            let mut rows = session.stream(select(), ());
            while let Some(row) = rows.next().await {
                take(row, &mut n, &mut peak, &mut at);
            }
            Measured {
                rows: n,
                at_checkpoint: at,
                at_end: peak.growth_mb(),
                secs: t.elapsed().as_secs_f64(),
            }
        });
        measured.push((backend, "async", m));
        let _ = rt.block_on(session.close());
        let sync = cqlbridge::connect_blocking(&cfg).expect("connect (sync)");
        let (mut n, mut at) = (0u64, f64::NAN);
        let t = Instant::now();
        let mut peak = Peak::start();
        for row in sync.iter(select(), ()) {
            take(row, &mut n, &mut peak, &mut at);
        }
        let m = Measured {
            rows: n,
            at_checkpoint: at,
            at_end: peak.growth_mb(),
            secs: t.elapsed().as_secs_f64(),
        };
        measured.push((backend, "sync", m));
        let _ = sync.close();
    }
    for (backend, api, m) in &measured {
        assert_eq!(m.rows, total, "{backend} {api}: rows read");
        let met = m.at_end < TARGET_MB
            && (!measuring || (m.at_end - m.at_checkpoint).abs() < TARGET_MB / 4.0);
        println!(
            "{:<7} {:<6} {:>9} {:>14.1} {:>14.1} {:>9.0} {:>7}",
            backend.to_string(),
            api,
            m.rows,
            m.at_checkpoint,
            m.at_end,
            m.rows as f64 / m.secs,
            if met { "met" } else { "MISSED" }
        );
    }
    if !Peak::start().resettable {
        println!("(the peak could not be reset here: VmRSS sampled every 1,000 rows instead)");
    }
    rt.block_on(ks.drop_with(&admin));
    let _ = rt.block_on(admin.close());
}
