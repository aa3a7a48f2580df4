//! M03–M04: timeouts and paging through the session (and the bridge),
//! observed in the fake's call log.

use cqlbridge::mock::FakeDriver;
use cqlbridge::{ColumnSpec, ColumnType};
use cqlbridge_driver_api::backend::TIMEOUT_GRACE;
use cqlbridge_sync_bridge::DEFAULT_WAIT_MARGIN;

use super::bridge::pat;
use super::{config, over};
use crate::cases::prelude::*;

/// M03: timeouts, their bound, and overrides in both directions.
pub async fn m03_timeout(ctx: &Ctx) -> CaseResult {
    let slow = Duration::from_secs(2);
    let fake = FakeDriver::new();
    fake.when(pat("SLOW"))
        .delay(slow)
        .returns(QueryResult::Void);
    fake.when(pat("MEDIUM"))
        .delay(Duration::from_millis(600))
        .returns(QueryResult::Void);
    let short = Duration::from_millis(300);
    // The documented bound on a call with a timeout is the timeout plus the
    // kit's grace (async; a blocking caller's is the timeout plus the
    // bridge's wait margin, which covers that grace). How late a timer's
    // wake-up runs on a loaded machine is the scheduler's, so the case
    // asserts what that bound means instead of a wall-clock figure: the
    // call did not end early, and it ended before the fake's late reply
    // (so the timeout, not the reply, ended it).
    let bound = short
        + match ctx.mode {
            Mode::Async => TIMEOUT_GRACE,
            Mode::Sync => DEFAULT_WAIT_MARGIN,
        };
    let within = |t0: Instant, what: &str| -> Step {
        let took = t0.elapsed();
        ensure!(
            took < slow,
            "{what}: Timeout after {} ms, not before the reply {} ms late (bound {} ms)",
            ms(took),
            ms(slow),
            ms(bound)
        );
        ensure!(took >= short, "{what}: Timeout after only {} ms", ms(took));
        Ok(())
    };
    let long = over(
        ctx.mode,
        &fake,
        &config().request_timeout(Duration::from_secs(10)),
    )
    .await?;
    let t0 = Instant::now();
    let e = expect_err(
        long.execute(
            Statement::new("SLOW").with_timeout(short).into(),
            Values::Empty,
        )
        .await,
        "300 ms over 10 s",
    )?;
    ensure!(
        e.is_timeout(),
        "300 ms statement: expected Timeout, got {}",
        show(&e)
    );
    within(t0, "300 ms statement")?;
    long.execute(q("FAST"), Values::Empty)
        .await
        .ctx("the session after a timeout")?;

    let shortc = over(ctx.mode, &fake, &config().request_timeout(short)).await?;
    let t0 = Instant::now();
    let e = expect_err(
        shortc.execute(q("SLOW"), Values::Empty).await,
        "300 ms default",
    )?;
    ensure!(
        e.is_timeout(),
        "300 ms default: expected Timeout, got {}",
        show(&e)
    );
    within(t0, "300 ms default")?;
    let t0 = Instant::now();
    shortc
        .execute(
            Statement::new("MEDIUM")
                .with_timeout(Duration::from_secs(3))
                .into(),
            Values::Empty,
        )
        .await
        .ctx("3 s over a 300 ms default")?;
    ensure!(
        t0.elapsed() >= Duration::from_millis(600),
        "the 600 ms reply came early"
    );
    let _ = long.close().await;
    let _ = shortc.close().await;
    Ok(format!(
        "Timeout not before the timeout and before the late reply (documented bound {} ms) via statement and via session default; \
         3 s statement overrides a 300 ms default; usable after",
        ms(bound)
    ))
}

/// M04: paging through the session (and the bridge), resume from bytes in a
/// fresh session, and a lazy stream (calls counted in the fake's log).
pub async fn m04_paging(ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    fake.when(pat("SELECT ALL")).returns_paged(
        vec![ColumnSpec::new("c", ColumnType::Int)],
        (0..1000).map(|i| vec![Value::Int(i)]).collect(),
    );
    let c = over(ctx.mode, &fake, &config().page_size(PageSize::Rows(100))).await?;
    let p1 = c
        .page(q("SELECT ALL"), Values::Empty, None)
        .await
        .ctx("page 1")?;
    ensure!(
        p1.rows.len() == 100 && p1.paging_state.is_some(),
        "page 1: {} rows, state {:?}",
        p1.rows.len(),
        p1.paging_state
    );
    let saved = p1
        .paging_state
        .clone()
        .map(|s| s.to_bytes().to_vec())
        .unwrap_or_default();
    let fresh = over(ctx.mode, &fake, &config().page_size(PageSize::Rows(100))).await?;
    let p2 = fresh
        .page(
            q("SELECT ALL"),
            Values::Empty,
            Some(PagingState::from_bytes(saved).ctx("restore")?),
        )
        .await
        .ctx("page 2")?;
    ensure!(
        p2.rows.first().map(|r| r.get::<i32>(0)).transpose()? == Some(100),
        "resumed page starts at {:?}",
        p2.rows.first()
    );

    fake.clear_calls();
    let mut cur = c.stream(q("SELECT ALL"), Values::Empty).await;
    let mut k = 0usize;
    while let Some(r) = cur.next_row().await {
        ensure!(r?.get::<i32>(0)? == k as i32, "row {k} out of order");
        k += 1;
        let calls = fake.call_count();
        ensure!(
            calls <= k / 100 + 1,
            "after {k} rows the stream made {calls} page calls: more than one page ahead"
        );
    }
    ensure!(k == 1000, "the stream yielded {k} rows");
    Ok(format!("pages of 100, resume from bytes in a fresh session, stream of 1000 rows in {} lazy page calls", fake.call_count()))
}
