//! M05–M06: close and concurrency, over the fake.

use std::sync::Arc;

use cqlbridge::mock::{CqlPattern, FakeDriver};
use cqlbridge::{ColumnSpec, ColumnType, Page};

use super::{config, over};
use crate::cases::prelude::*;
use crate::support::threads;

pub(super) fn pat(s: &str) -> CqlPattern {
    CqlPattern::exact(s).expect("valid pattern")
}

/// How long a joined thread may take to leave the thread list (the kernel
/// drops its entry just after `join` returns): a watchdog that only a
/// thread left running reaches, well inside a case's 60 s limit.
const THREAD_EXIT_WATCHDOG: Duration = Duration::from_secs(20);

/// New threads (not the runner's own) still alive once they had until the
/// [`THREAD_EXIT_WATCHDOG`] to end.
pub(super) async fn leftover_threads(before: &threads::Threads) -> Vec<String> {
    let deadline = Instant::now() + THREAD_EXIT_WATCHDOG;
    loop {
        let left = threads::new_since(before, &threads::snapshot(), &["conf-rt"]);
        if left.is_empty() || Instant::now() > deadline {
            return left;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// M05: after close every call is `Closed`, twice is fine, the driver is
/// closed and (sync) the bridge thread is gone.
pub async fn m05_close(ctx: &Ctx) -> CaseResult {
    let before = threads::snapshot();
    let fake = FakeDriver::new();
    let c = over(ctx.mode, &fake, &config()).await?;
    c.execute(q("INSERT X"), Values::Empty)
        .await
        .ctx("before close")?;
    c.close().await.ctx("close")?;
    c.close().await.ctx("close twice")?;
    ensure!(fake.closed(), "the driver was not closed");
    ensure!(c.is_closed(), "is_closed() is false");
    for (what, r) in [
        (
            "execute",
            c.execute(q("INSERT X"), Values::Empty).await.map(|_| ()),
        ),
        ("prepare", c.prepare("INSERT X").await.map(|_| ())),
        (
            "batch",
            c.batch(&Batch::new(BatchKind::Logged).add(Statement::new("INSERT X"), ()))
                .await
                .map(|_| ()),
        ),
        (
            "page",
            c.page(q("SELECT X"), Values::Empty, None).await.map(|_| ()),
        ),
        ("use_keyspace", c.use_keyspace("ks").await),
    ] {
        let e = expect_err(r, what)?;
        ensure!(e.is_closed(), "{what} after close: {}", show(&e));
    }
    let left = leftover_threads(&before).await;
    ensure!(left.is_empty(), "threads left after close: {left:?}");
    Ok("every call → Closed; close twice ok; driver closed; no thread left".into())
}

fn echo(fake: &FakeDriver) {
    let cols: Arc<[ColumnSpec]> = vec![ColumnSpec::new("k", ColumnType::Int)].into();
    fake.when(pat("ECHO"))
        .delay(Duration::from_millis(1))
        .with(move |call| {
            let v = match &call.values {
                Values::Positional(v) => v.clone(),
                _ => vec![Value::Null],
            };
            let row = Row::new(cols.clone(), v)?;
            Ok(QueryResult::Rows(Page {
                columns: cols.clone(),
                rows: vec![row],
                paging_state: None,
            }))
        });
}

/// M06: 1,000 calls from 100 tasks (async) or 16 threads (sync) each get
/// their own reply.
pub async fn m06_concurrency(ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    echo(&fake);
    let c = over(ctx.mode, &fake, &config()).await?;
    let check = |k: i32, r: cqlbridge::Result<QueryResult>| -> Result<(), String> {
        let got = r
            .map_err(|e| e.to_string())?
            .first_row()
            .map(|row| row.get::<i32>(0))
            .transpose()
            .map_err(|e| e.to_string())?;
        if got == Some(k) {
            Ok(())
        } else {
            Err(format!("call {k} got {got:?}"))
        }
    };
    if let Some(s) = c.as_sync() {
        let s = s.clone();
        tokio::task::spawn_blocking(move || {
            std::thread::scope(|scope| {
                let hs: Vec<_> = (0..16)
                    .map(|w| {
                        let s = s.clone();
                        scope.spawn(move || {
                            (w..1000)
                                .step_by(16)
                                .try_for_each(|k| check(k, s.execute("ECHO", (k,))))
                        })
                    })
                    .collect();
                hs.into_iter()
                    .try_for_each(|h| h.join().map_err(|_| "a thread panicked".to_string())?)
            })
        })
        .await
        .map_err(|e| fail(format!("panicked: {e}")))?
        .map_err(fail)?;
    } else {
        let mut tasks = Vec::new();
        for w in 0..100 {
            let c2 = c.clone_client();
            tasks.push(tokio::spawn(async move {
                for k in (w * 10)..(w * 10 + 10) {
                    check(k, c2.execute(q("ECHO"), vals((k,))).await)?;
                }
                Ok::<(), String>(())
            }));
        }
        for t in tasks {
            t.await
                .map_err(|e| fail(format!("a task panicked: {e}")))?
                .map_err(fail)?;
        }
    }
    ensure!(
        fake.call_count() == 1000,
        "the fake saw {} calls",
        fake.call_count()
    );
    Ok(format!(
        "1000 calls from {} each got its own reply",
        if ctx.mode == Mode::Sync {
            "16 threads"
        } else {
            "100 tasks"
        }
    ))
}
