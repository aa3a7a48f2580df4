//! C44 speculative execution (issue 15): with
//! `Config::speculative(constant(200 ms, 1))` and no retries, the first
//! reply to a marked request is held back by the frame proxy for 3 s. An
//! idempotent read is answered by the extra attempt the session starts
//! after 200 ms (two requests at the proxy, the answer before the stalled
//! reply, one speculative attempt in the metrics); a write not marked
//! idempotent is sent once and waits for the stalled reply.

use super::prelude::*;
use super::telemetry::metrics;
use cqlbridge::{RetryPolicy, SpeculativePolicy};

use crate::support::proxy::fault::Fault;

/// How long the proxy holds the first reply.
const STALL: Duration = Duration::from_secs(3);
/// When the session starts the extra attempt.
const DELAY: Duration = Duration::from_millis(200);

/// C44.
pub async fn c44(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("speculative");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v int)"))
        .await?;
    ctx.ddl(&format!("INSERT INTO {t} (k, v) VALUES (0, 7)"))
        .await?;
    let proxy = ctx.proxy().await?;
    let config = ctx
        .via(&proxy)
        .request_timeout(Duration::from_secs(10))
        .retry_policy(RetryPolicy::Never)
        .speculative(SpeculativePolicy::constant(DELAY, 1));
    let c = ctx
        .connect(&config)
        .await
        .ctx("connect through the proxy")?;

    let read = format!("spec_read_{}", c.mode());
    proxy.inject(&read, Fault::Stall(STALL), 1);
    let st =
        Statement::new(format!("SELECT v FROM {t} WHERE k = 0 /* {read} */")).with_idempotent(true);
    let t0 = Instant::now();
    let r = c
        .execute(st.into(), Values::Empty)
        .await
        .ctx("the idempotent read")?;
    let read_took = t0.elapsed();
    let v: i32 = r
        .rows()
        .first()
        .ok_or_else(|| fail("the read returned no row"))?
        .get(0)?;
    ensure!(v == 7, "read {v}, expected 7");
    let seen = proxy.count(&read);
    ensure!(
        seen == 2,
        "the proxy saw {seen} attempts at the read, expected 2"
    );
    ensure!(
        read_took < STALL,
        "the read took {read_took:?}: the stalled reply ({STALL:?}) answered, not the extra attempt"
    );
    let spec = metrics(&*c)?.total.speculative_attempts;
    ensure!(
        spec == 1,
        "metrics count {spec} speculative attempts, expected 1"
    );

    let write = format!("spec_write_{}", c.mode());
    proxy.inject(&write, Fault::Stall(STALL), 1);
    let st = Statement::new(format!(
        "INSERT INTO {t} (k, v) VALUES (1, 1) /* {write} */"
    ));
    let t0 = Instant::now();
    c.execute(st.into(), Values::Empty).await.ctx("the write")?;
    let write_took = t0.elapsed();
    let seen = proxy.count(&write);
    ensure!(
        seen == 1,
        "the write not marked idempotent was sent {seen} times"
    );
    ensure!(
        write_took >= STALL,
        "the write took {write_took:?}, less than the stall: its reply was not the one held"
    );
    let spec = metrics(&*c)?.total.speculative_attempts;
    ensure!(spec == 1, "the write added speculative attempts: {spec}");
    let _ = c.close().await;
    Ok(format!(
        "read: 2 attempts, answered in {} ms (stall {} ms, delay {} ms), 1 speculative attempt \
         counted; non-idempotent write: 1 attempt, {} ms",
        read_took.as_millis(),
        STALL.as_millis(),
        DELAY.as_millis(),
        write_took.as_millis()
    ))
}
