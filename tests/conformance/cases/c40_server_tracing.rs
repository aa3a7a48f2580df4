//! C40 server-side tracing: a read, a prepared write and a batch run
//! `with_tracing(true)` each return a tracing id; `Session::trace` reads the
//! complete trace from `system_traces` (a coordinator of the test bed, a
//! duration, a request kind, events) through the API under test, async
//! or blocking; an untraced statement has no id; an
//! id that names no trace is a `Timeout` at the documented bound.

use uuid::Uuid;

use super::prelude::*;

/// How long the case lets the server take to finish writing a trace.
const TRACE_WAIT: Duration = Duration::from_secs(30);

/// C40.
pub async fn c40(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("t");
    ctx.ddl(&format!("CREATE TABLE {t} (k int PRIMARY KEY, v int)"))
        .await?;
    let c = ctx.client().await?;
    let ins = format!("INSERT INTO {t} (k, v) VALUES (?, ?)");
    let sel = format!("SELECT v FROM {t} WHERE k = ?");

    let plain = c
        .execute(Statement::new(sel.as_str()).into(), vals((1i32,)))
        .await
        .ctx("an untraced read")?;
    ensure!(
        plain.tracing_id().is_none(),
        "an untraced read has a tracing id"
    );
    let p = c.prepare(&ins).await.ctx("prepare")?;
    let write = c
        .execute(p.clone().with_tracing(true).into(), vals((1i32, 10i32)))
        .await
        .ctx("a traced prepared write")?;
    let read = c
        .execute(
            Statement::new(sel.as_str()).with_tracing(true).into(),
            vals((1i32,)),
        )
        .await
        .ctx("a traced read")?;
    ensure!(
        one_row(&read, "traced read")?.get::<i32>(0)? == 10,
        "the traced read's rows are wrong"
    );
    let batch = Batch::new(BatchKind::Logged)
        .add(&p, (2i32, 20i32))
        .with_tracing(true);
    let batched = c.batch(&batch).await.ctx("a traced batch")?;

    let mut events = 0;
    for (what, result) in [("write", &write), ("read", &read), ("batch", &batched)] {
        let id = result
            .tracing_id()
            .ok_or_else(|| fail(format!("the traced {what} has no tracing id")))?;
        events += check_trace(ctx, &*c, id, what).await?;
    }

    let nobody = Uuid::from_u128(0x0bad_0000_0000_1000_8000_0000_0000_0001);
    let bound = Duration::from_millis(500);
    let started = Instant::now();
    let e = expect_err(
        c.trace_within(nobody, bound).await,
        "the trace of an id that names none",
    )?;
    ensure!(
        e.is_timeout() && started.elapsed() >= bound,
        "unknown trace: {} after {:?}",
        show(&e),
        started.elapsed()
    );
    Ok(format!(
        "traced read, prepared write and batch: ids, complete traces ({events} events); untraced has none; unknown id times out at its bound"
    ))
}

/// Reads trace `id` and checks it; returns its number of events.
async fn check_trace(ctx: &Ctx, c: &dyn Client, id: Uuid, what: &str) -> Step<usize> {
    let trace = c
        .trace_within(id, TRACE_WAIT)
        .await
        .ctx(format!("the trace of the {what}"))?;
    let hosts: Vec<String> = ctx.config().contact_addresses();
    let coordinator = trace
        .coordinator
        .ok_or_else(|| fail(format!("{what}: the trace names no coordinator")))?;
    ensure!(
        hosts
            .iter()
            .any(|h| h.starts_with(&coordinator.to_string())),
        "{what}: coordinator {coordinator} is not a test bed node ({hosts:?})"
    );
    ensure!(
        trace.id == id && !trace.duration.is_zero() && !trace.request.is_empty(),
        "{what}: incomplete trace {trace:?}"
    );
    ensure!(
        !trace.events.is_empty() && trace.events.iter().all(|e| !e.activity.is_empty()),
        "{what}: trace without events: {trace:?}"
    );
    Ok(trace.events.len())
}
