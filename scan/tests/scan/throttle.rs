//! The throttle: at 5,000 rows/s, the rate measured over 10 s is within the
//! documented ±10%.

use std::time::{Duration, Instant};

use cqlbridge_driver_api::BackendKind;
use cqlbridge_scan::{scan, ScanOptions};
use futures::TryStreamExt;

use crate::support::fixture::Fixture;
use crate::support::session;

const RATE: u32 = 5_000;
const WINDOW: Duration = Duration::from_secs(10);

/// The check, on `backend`.
pub(crate) async fn throttle_holds_the_rate(backend: BackendKind) {
    let session = session(backend).await;
    // More rows (56,000) than the window hands out at the rate (50,000).
    let fx = Fixture::create(&session, &format!("scan_rate_{backend}"), 14_000, 4).await;
    let options = ScanOptions::new()
        .concurrency(4)
        .ranges(32)
        .page_size(200)
        .rate_limit(RATE);
    let mut rows = scan(&session, &fx.keyspace.name, &fx.table, options)
        .await
        .unwrap();
    let started = Instant::now();
    let mut count = 0u64;
    while started.elapsed() < WINDOW {
        let next = tokio::time::timeout(Duration::from_secs(10), rows.try_next()).await;
        next.expect("a row within 10 s")
            .unwrap()
            .expect("the table outlasts the window");
        count += 1;
    }
    let measured = count as f64 / started.elapsed().as_secs_f64();
    let low = f64::from(RATE) * 0.9;
    let high = f64::from(RATE) * 1.1;
    assert!(
        (low..=high).contains(&measured),
        "{measured:.0} rows/s at a limit of {RATE}"
    );
    drop(rows);
    fx.drop_with(&session).await;
}
