//! C06 timeout: through the frame proxy, replies to statements on table
//! `slow_t` come 2 s late. A statement with a shorter timeout fails with
//! `Timeout`, not before its timeout and before the late reply arrives (so
//! the timeout, not the reply, ended the call: the code's bound is the
//! timeout plus `backend::TIMEOUT_GRACE`, but how late a timer's wake-up
//! runs on a loaded machine is the scheduler's, so no tighter wall-clock
//! figure is asserted); the session stays usable; a per-statement timeout
//! overrides the session default both ways.

use super::prelude::*;

const DELAY: Duration = Duration::from_secs(2);
const SHORT: Duration = Duration::from_millis(400);
/// How much earlier than its timeout a call may end: a backend that hands
/// the timeout to its driver in whole milliseconds may round it.
const EARLY: Duration = Duration::from_millis(50);
const VERSION: &str = "SELECT release_version FROM system.local";

/// Runs `query` and checks it times out within `[limit - EARLY, DELAY)`:
/// not early, and before the delayed reply would have answered it.
async fn times_out(c: &dyn Client, query: Query, limit: Duration, what: &str) -> Step<u128> {
    let t0 = Instant::now();
    let r = c.execute(query, vals((0i32,))).await;
    let took = t0.elapsed();
    let e = expect_err(r, what)?;
    ensure!(
        e.is_timeout(),
        "{what}: expected Timeout, got {} after {} ms",
        show(&e),
        ms(took)
    );
    ensure!(
        took < DELAY,
        "{what}: Timeout after {} ms, not before the reply delayed by {} ms",
        ms(took),
        ms(DELAY)
    );
    ensure!(
        took + EARLY >= limit,
        "{what}: Timeout after only {} ms of {} ms",
        ms(took),
        ms(limit)
    );
    Ok(ms(took))
}

/// Fails unless a plain query answers within its (bounded) timeout.
async fn usable(c: &dyn Client, what: &str) -> Step {
    c.execute(q(VERSION), Values::Empty).await.ctx(what)?;
    Ok(())
}

/// C06.
pub async fn c06(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Timeout).await?;
    // A self-bounded backend runs without the session's own timer: then
    // every bound measured here is the backend's.
    let bounded_by = match ctx.caps().await?.is_self_bounded() {
        true => "the backend (self-bounded)",
        false => "the session",
    };
    ctx.ddl(&format!(
        "CREATE TABLE {} (k int PRIMARY KEY, v int)",
        ctx.t("slow_t")
    ))
    .await?;
    ctx.ddl(&format!(
        "INSERT INTO {} (k, v) VALUES (0, 7)",
        ctx.t("slow_t")
    ))
    .await?;
    let proxy = ctx.proxy().await?;
    proxy.delay("slow_t", DELAY);
    let sel = format!("SELECT v FROM {} WHERE k = ?", ctx.t("slow_t"));

    // Session default 10 s; the statement asks for 400 ms.
    let long_default = ctx
        .connect(&ctx.via(&proxy).request_timeout(Duration::from_secs(10)))
        .await
        .ctx("connect via proxy")?;
    usable(&*long_default, "a query through the proxy").await?;
    let a = times_out(
        &*long_default,
        Statement::new(sel.as_str()).with_timeout(SHORT).into(),
        SHORT,
        "text, 400 ms over a 10 s default",
    )
    .await?;
    ensure!(
        proxy.count("slow_t") >= 1,
        "the slow statement never went through the proxy"
    );
    usable(&*long_default, "the session right after a timeout").await?;
    let p = long_default
        .prepare(&sel)
        .await
        .ctx("prepare through the proxy")?;
    let b = times_out(
        &*long_default,
        p.clone().with_timeout(SHORT).into(),
        SHORT,
        "prepared, 400 ms over a 10 s default",
    )
    .await?;

    // Session default 400 ms: it applies, and a statement's 5 s overrides it.
    let short_default = ctx
        .connect(&ctx.via(&proxy).request_timeout(SHORT))
        .await
        .ctx("connect with a 400 ms default")?;
    let c = times_out(
        &*short_default,
        Statement::new(sel.as_str()).into(),
        SHORT,
        "no own timeout, 400 ms default",
    )
    .await?;
    let t0 = Instant::now();
    let r = short_default
        .execute(
            Statement::new(sel.as_str())
                .with_timeout(Duration::from_secs(5))
                .into(),
            vals((0i32,)),
        )
        .await
        .ctx("5 s statement timeout over a 400 ms default, 2 s reply")?;
    let slow = t0.elapsed();
    ensure!(
        one_row(&r, "slow read")?.get::<i32>(0)? == 7,
        "the slow read returned a wrong value"
    );
    ensure!(
        slow >= DELAY - Duration::from_millis(100),
        "the slow read was not delayed ({} ms): the proxy rule did not apply",
        ms(slow)
    );

    // Late replies have arrived by now: both sessions still work.
    tokio::time::sleep(DELAY).await;
    usable(&*long_default, "the first session after the late replies").await?;
    usable(&*short_default, "the second session after the late replies").await?;
    let r = long_default
        .execute(p.with_timeout(Duration::from_secs(5)).into(), vals((0i32,)))
        .await
        .ctx("prepared, 5 s")?;
    ensure!(
        one_row(&r, "prepared read")?.get::<i32>(0)? == 7,
        "the prepared read returned a wrong value"
    );
    let _ = long_default.close().await;
    let _ = short_default.close().await;
    Ok(format!(
        "Timeout after {a} ms (text) and {b} ms (prepared) for 400 ms, {c} ms via the 400 ms default, \
         bounded by {bounded_by}; 5 s override waited {} ms for the 2 s reply; sessions usable after; \
         {} requests matched; protocol v{} ({} v5 openings turned down)",
        ms(slow),
        proxy.count("slow_t"),
        proxy.protocol().0,
        proxy.protocol().1
    ))
}
