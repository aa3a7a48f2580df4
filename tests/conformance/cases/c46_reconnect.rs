//! C46 reconnection backoff (issue 15): a backend that supports
//! `Config::reconnect` connects with it and, after the frame proxy drops
//! its connection, serves again no sooner than the policy's first wait
//! allows (less the backend's jitter) and within 30 s; a backend that does
//! not refuses the config at connect with `Unsupported`, and the case is
//! counted unsupported with its reason.

use super::eventually::Deadline;
use super::prelude::*;
use cqlbridge::{ReconnectPolicy, RetryPolicy};

use crate::support::proxy::fault::Fault;

/// The first wait before a reconnection attempt.
const BASE: Duration = Duration::from_secs(2);
/// The earliest a reconnection may come: the first wait less 25 % jitter.
const EARLIEST: Duration = Duration::from_millis(1500);
/// The bound on serving again.
const RECOVERY: Duration = Duration::from_secs(30);

/// C46.
pub async fn c46(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("reconnect");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v int)"))
        .await?;
    let proxy = ctx.proxy().await?;
    let config = ctx
        .via(&proxy)
        .request_timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::Never)
        .reconnect(ReconnectPolicy::exponential(BASE, Duration::from_secs(8)));
    let caps = ctx.caps().await?;
    let c = match ctx.connect(&config).await {
        Ok(c) => c,
        Err(e) if e.is_unsupported() => {
            let why = caps.reason(Feature::ReconnectBackoff);
            ensure!(
                why.is_some(),
                "Unsupported at connect, but Capabilities claims it: {e}"
            );
            return Err(Failure::Unsupported(format!("ReconnectBackoff: {e}")));
        }
        Err(e) => {
            return Err(fail(format!(
                "connect with a reconnection backoff: {}",
                show(&e)
            )))
        }
    };
    ensure!(
        caps.supports(Feature::ReconnectBackoff),
        "connected with a backoff the backend says it does not support"
    );
    let marker = format!("reconnect_{}", c.mode());
    proxy.inject(&marker, Fault::DropConnection, 1);
    let st = Statement::new(format!("SELECT v FROM {t} WHERE k = 0 /* {marker} */"));
    let dropped = Instant::now();
    let e = expect_err(
        c.execute(st.into(), Values::Empty).await,
        "the dropped request",
    )?;
    let wait = Deadline::new("the session to serve again", RECOVERY);
    let mut failures = 0u32;
    let recovered = loop {
        let read = Statement::new(format!("SELECT v FROM {t} WHERE k = 0"));
        match c.execute(read.into(), Values::Empty).await {
            Ok(_) => break dropped.elapsed(),
            Err(e) => {
                failures += 1;
                wait.retry(show(&e)).await?;
            }
        }
    };
    let _ = c.close().await;
    ensure!(
        recovered >= EARLIEST || failures == 0,
        "served again {recovered:?} after the drop, before the first wait of {BASE:?}"
    );
    Ok(format!(
        "dropped request: {}; served again after {} ms ({failures} requests refused meanwhile; \
         first wait {} ms)",
        e.kind().name(),
        recovered.as_millis(),
        BASE.as_millis()
    ))
}
