//! IoT sensor readings as a time series: one partition per sensor and day
//! (`PRIMARY KEY ((sensor, day), ts)`), newest first (`CLUSTERING ORDER BY
//! (ts DESC)`); the latest readings of every partition with `PER PARTITION
//! LIMIT`; an hour's range in one partition; and a day read page by page with
//! the paging state saved as bytes, the second half resumed from those bytes
//! by another session, the blocking `SyncSession`.
//!
//! `cargo run --example timeseries_iot --features all-drivers -- --backend scylla|cpp`

mod common;

use std::collections::BTreeSet;

use common::{other, outcome};
use cqlbridge::{Config, CqlDate, CqlTimestamp, Page, PageSize, PagingState, Result, Row, Session};

/// The sensors.
const SENSORS: [&str; 4] = ["boiler", "attic", "garage", "cellar"];
/// The days recorded, as days since 1970-01-01 (2026-03-01 and 2026-03-02).
const DAYS: [i64; 2] = [20_513, 20_514];
/// Minutes between two readings: 288 a day.
const EVERY_MINUTES: i64 = 5;
/// Rows per page when reading a whole day.
const PAGE_ROWS: u32 = 50;
/// Pages read by the first session before it saves its place.
const FIRST_SESSION_PAGES: usize = 3;

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 1_440 * MINUTE_MS;
const READINGS_PER_DAY: i64 = 1_440 / EVERY_MINUTES;

#[tokio::main]
async fn main() {
    common::finish("timeseries_iot", run().await);
}

async fn run() -> Result<()> {
    let config = common::config()?;
    let session = cqlbridge::connect(&config).await?;
    let ks = common::keyspace_name("timeseries_iot");
    common::create_keyspace(&session, &ks).await?;
    let result = readings(&session, &config, &ks).await;
    let dropped = common::drop_keyspace(&session, &ks).await;
    session.close().await?;
    result.and(dropped)
}

/// A reading's temperature: the same every run.
fn temperature(sensor: usize, minute: i64) -> f64 {
    let base = 15.0 + 3.0 * sensor as f64;
    base + (minute % 720) as f64 / 72.0
}

async fn readings(session: &Session, config: &Config, ks: &str) -> Result<()> {
    session
        .execute(
            common::ddl(format!(
                "CREATE TABLE {ks}.readings (sensor text, day date, ts timestamp, temp double, \
                 PRIMARY KEY ((sensor, day), ts)) WITH CLUSTERING ORDER BY (ts DESC)"
            )),
            (),
        )
        .await?;
    let insert = session
        .prepare(&format!(
            "INSERT INTO {ks}.readings (sensor, day, ts, temp) VALUES (?, ?, ?, ?)"
        ))
        .await?;
    let mut tasks = Vec::new();
    for (s, sensor) in SENSORS.iter().enumerate() {
        for day in DAYS {
            let (session, insert) = (session.clone(), insert.clone());
            tasks.push(tokio::spawn(async move {
                let date = CqlDate::from_days_since_epoch(day)?;
                for n in 0..READINGS_PER_DAY {
                    let minute = n * EVERY_MINUTES;
                    let ts = CqlTimestamp(day * DAY_MS + minute * MINUTE_MS);
                    let values = (*sensor, date, ts, temperature(s, minute));
                    session.execute(&insert, values).await?;
                }
                Ok::<_, cqlbridge::Error>(())
            }));
        }
    }
    for task in tasks {
        task.await.map_err(other)??;
    }
    let partitions = SENSORS.len() * DAYS.len();
    println!("wrote {READINGS_PER_DAY} readings a day for {partitions} (sensor, day) partitions");

    // The newest reading of every partition: the first row, clustering is DESC.
    let latest = format!("SELECT sensor, day, ts FROM {ks}.readings PER PARTITION LIMIT 1");
    let rows = session.execute(latest, ()).await?;
    let last_minute = 1_440 - EVERY_MINUTES;
    let mut at_last_minute = 0;
    for row in rows.rows() {
        let (day, ts): (CqlDate, CqlTimestamp) = (row.get("day")?, row.get("ts")?);
        if ts.millis() == day.days_since_epoch() * DAY_MS + last_minute * MINUTE_MS {
            at_last_minute += 1;
        }
    }
    println!(
        "PER PARTITION LIMIT 1: {} rows, {at_last_minute} at 23:55",
        rows.rows().len()
    );
    outcome("latest_rows", rows.rows().len());
    outcome("latest_at_2355", at_last_minute);
    let three = format!("SELECT ts FROM {ks}.readings PER PARTITION LIMIT 3");
    outcome(
        "per_partition_3_rows",
        session.execute(three, ()).await?.rows().len(),
    );

    // One hour of one partition: a clustering range, newest first.
    let hour = session
        .prepare(&format!(
            "SELECT ts, temp FROM {ks}.readings WHERE sensor = ? AND day = ? AND ts >= ? AND ts < ?"
        ))
        .await?;
    let noon = DAYS[0] * DAY_MS + 720 * MINUTE_MS;
    let date = CqlDate::from_days_since_epoch(DAYS[0])?;
    let window = (
        SENSORS[0],
        date,
        CqlTimestamp(noon),
        CqlTimestamp(noon + 60 * MINUTE_MS),
    );
    let rows = session.execute(&hour, window).await?;
    let first: CqlTimestamp = rows
        .first_row()
        .ok_or_else(|| other("no reading at noon"))?
        .get(0)?;
    let first_minute = (first.millis() - DAYS[0] * DAY_MS) / MINUTE_MS;
    println!(
        "12:00-13:00 of {}: {} readings, the first at minute {first_minute} (12:55)",
        SENSORS[0],
        rows.rows().len()
    );
    outcome("hour_rows", rows.rows().len());
    outcome("hour_first_minute", first_minute);

    page_through_a_day(session, config, ks).await
}

/// The page's `ts` column, in milliseconds.
fn millis(page: &Page) -> Result<Vec<i64>> {
    let ts = |r: &Row| r.get::<CqlTimestamp>(0).map(|t| t.millis());
    page.rows.iter().map(ts).collect()
}

/// Reads one whole partition [`PAGE_ROWS`] at a time: the first pages here,
/// the rest in a `SyncSession` resumed from the saved paging-state bytes.
async fn page_through_a_day(session: &Session, config: &Config, ks: &str) -> Result<()> {
    let cql = format!("SELECT ts FROM {ks}.readings WHERE sensor = ? AND day = ?");
    let day = session
        .prepare(&cql)
        .await?
        .with_page_size(PageSize::Rows(PAGE_ROWS));
    let key = (SENSORS[1], CqlDate::from_days_since_epoch(DAYS[1])?);
    let mut seen: Vec<i64> = Vec::new();
    let mut state: Option<PagingState> = None;
    let mut pages = 0;
    while pages < FIRST_SESSION_PAGES {
        let page = session.page(&day, key, state.take()).await?;
        pages += 1;
        seen.extend(millis(&page)?);
        state = page.paging_state;
        if state.is_none() {
            break;
        }
    }
    // What an application would store (a file, a cookie): the raw bytes.
    let saved: Option<Vec<u8>> = state.map(|s| s.to_bytes().to_vec());
    println!(
        "async Session read {pages} pages ({} rows); saved paging state: {} bytes",
        seen.len(),
        saved.as_ref().map_or(0, Vec::len)
    );
    let resumed_at = pages;
    let config = config.clone();
    let (more, rest) = tokio::task::spawn_blocking(move || -> Result<(usize, Vec<i64>)> {
        let sync = cqlbridge::connect_blocking(&config)?;
        let day = sync
            .prepare(&cql)?
            .with_page_size(PageSize::Rows(PAGE_ROWS));
        let mut state = saved.map(PagingState::from_bytes).transpose()?;
        let (mut pages, mut rows) = (0, Vec::new());
        while let Some(from) = state.take() {
            let page = sync.page(&day, key, Some(from))?;
            pages += 1;
            rows.extend(millis(&page)?);
            state = page.paging_state;
        }
        sync.close()?;
        Ok((pages, rows))
    })
    .await
    .map_err(other)??;
    println!(
        "SyncSession resumed from the saved bytes: {more} more pages ({} rows)",
        rest.len()
    );
    seen.extend(rest);
    let descending = seen.windows(2).all(|w| w[0] > w[1]);
    let distinct: BTreeSet<i64> = seen.iter().copied().collect();
    outcome("paged_rows", seen.len());
    outcome("paged_distinct", distinct.len());
    outcome("pages", resumed_at + more);
    outcome("resumed_after_page", resumed_at);
    outcome("paged_descending", descending);
    Ok(())
}
