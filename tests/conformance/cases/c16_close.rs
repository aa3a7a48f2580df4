//! C16 close: after `close()` every call (on the session and on a clone)
//! returns `Closed`; closing twice is fine; no thread or task is left behind.
//!
//! The case runs on its own OS thread with its own current-thread runtime,
//! so every thread it starts (bridge thread, driver I/O threads) and every
//! task it spawns is attributable: threads are compared by id against a
//! snapshot taken before connecting, and the runtime's live-task count must
//! return to zero — both checked after `close()`, while the session handle
//! is still held.

use super::prelude::*;
use crate::support::connect;
use crate::support::threads;

/// How long stragglers may take to go away after `close()` returns.
const SETTLE: Duration = Duration::from_secs(5);

/// Expects `r` to be a `Closed` error.
fn closed<T: std::fmt::Debug>(r: cqlbridge::Result<T>, what: &str) -> Step {
    let e = expect_err(r, &format!("{what} after close"))?;
    ensure!(
        e.is_closed(),
        "{what} after close: expected Closed, got {}",
        show(&e)
    );
    Ok(())
}

async fn every_call_closed(c: &dyn Client, ks: &str) -> Step<usize> {
    let sel = "SELECT release_version FROM system.local";
    closed(c.execute(q(sel), Values::Empty).await, "execute")?;
    closed(c.prepare(sel).await, "prepare")?;
    closed(
        c.batch(
            &Batch::new(BatchKind::Logged)
                .add(Statement::new("INSERT INTO x.y (k) VALUES (1)"), ()),
        )
        .await,
        "batch",
    )?;
    closed(c.page(q(sel), Values::Empty, None).await, "page")?;
    closed(c.use_keyspace(ks).await, "use_keyspace")?;
    let mut cur = c.stream(q(sel), Values::Empty).await;
    match cur.next_row().await {
        Some(r) => closed(r, "stream")?,
        None => return Err(fail("stream after close: ended without an error")),
    }
    ensure!(c.is_closed(), "is_closed() is false after close");
    Ok(6)
}

async fn run(mode: Mode, config: cqlbridge::Config, ks: String) -> CaseResult {
    let before = threads::snapshot();
    let c = connect::connect(mode, &config).await.ctx("connect")?;
    c.execute(q("SELECT release_version FROM system.local"), Values::Empty)
        .await
        .ctx("query before close")?;
    let during = threads::new_since(&before, &threads::snapshot(), &["conf-rt"]);
    let clone = c.clone_client();
    c.close().await.ctx("close")?;
    c.close().await.ctx("close twice")?;
    clone.close().await.ctx("close on a clone after close")?;
    let n = every_call_closed(&*c, &ks).await? + every_call_closed(&*clone, &ks).await?;

    let deadline = Instant::now() + SETTLE;
    let (left, tasks) = loop {
        let left = threads::new_since(&before, &threads::snapshot(), &["conf-rt"]);
        let tasks = tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks();
        if (left.is_empty() && tasks == 0) || Instant::now() > deadline {
            break (left, tasks);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    ensure!(
        left.is_empty(),
        "threads still alive {} s after close: {left:?}",
        SETTLE.as_secs()
    );
    ensure!(
        tasks == 0,
        "{tasks} runtime tasks still alive {} s after close",
        SETTLE.as_secs()
    );
    drop(clone);
    drop(c);
    Ok(format!(
        "{n} calls on the session and a clone → Closed; close ×3 ok; threads started by the session ({}) all gone, 0 tasks left",
        if during.is_empty() { "none".to_string() } else { during.join(", ") }
    ))
}

/// C16.
pub async fn c16(ctx: &Ctx) -> CaseResult {
    ensure!(
        threads::available(),
        "/proc/self/task is not readable: cannot count threads"
    );
    let (mode, config, ks) = (ctx.mode, ctx.config(), ctx.ks.clone());
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("cqlb-c16".into())
        .spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .thread_name("cqlb-c16-blk")
                .thread_keep_alive(Duration::from_millis(50))
                .build();
            let r = match rt {
                Ok(rt) => {
                    let r = rt.block_on(run(mode, config, ks));
                    rt.shutdown_timeout(Duration::from_secs(5));
                    r
                }
                Err(e) => Err(fail(format!("runtime: {e}"))),
            };
            let _ = tx.send(r);
        })
        .map_err(|e| fail(format!("spawning the case thread: {e}")))?;
    rx.await.map_err(|_| fail("the case thread panicked"))?
}
