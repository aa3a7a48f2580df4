//! M07–M11: the sync bridge's guards — calls from inside a runtime and from
//! the bridge itself, failed connects, a bounded `Drop`, panicking driver
//! calls — over the fake.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use cqlbridge::mock::FakeDriver;
use cqlbridge::{Session, SyncSession};
use cqlbridge_sync_bridge::DEFAULT_WAIT_MARGIN;

use super::bridge::{leftover_threads, pat};
use super::over;
use crate::cases::prelude::*;
use crate::support::threads;

async fn sync_over(fake: &FakeDriver) -> Step<SyncSession> {
    let c = over(Mode::Sync, fake, &super::config()).await?;
    c.as_sync()
        .cloned()
        .ok_or_else(|| fail("not a sync client"))
}

/// M07: the blocking API called from inside Tokio runtimes works (and never
/// panics with "Cannot start a runtime from within a runtime").
pub async fn m07_in_runtime(_ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    let s = sync_over(&fake).await?;
    let s2 = s.clone();
    let r = tokio::task::spawn_blocking(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async { s2.execute("INSERT IN_CURRENT_THREAD_RT", ()) })
            .map_err(|e| e.to_string())?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async move {
            tokio::spawn(async move { s2.execute("INSERT IN_WORKER_TASK", ()) }).await
        })
        .map_err(|e| format!("the task panicked: {e}"))?
        .map_err(|e| e.to_string())?;
        Ok::<(), String>(())
    })
    .await
    .map_err(|e| fail(format!("panicked: {e}")))?;
    r.map_err(fail)?;
    s.close().ctx("close")?;
    ensure!(fake.call_count() >= 2, "the calls did not reach the driver");
    Ok(
        "calls from inside a current-thread runtime and from a multi-thread worker task succeeded"
            .into(),
    )
}

/// M08: a blocking call made on the bridge's own thread (from a driver
/// callback) fails at once instead of deadlocking.
pub async fn m08_on_bridge(_ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    let cell: Arc<OnceLock<SyncSession>> = Arc::new(OnceLock::new());
    let inner: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let (c2, i2) = (cell.clone(), inner.clone());
    fake.when(pat("REENTER")).with(move |_| {
        let r = match c2.get() {
            Some(s) => match s.execute("INSERT INNER", ()) {
                Ok(_) => "Ok".to_string(),
                Err(e) => format!("Err({e})"),
            },
            None => "no session".to_string(),
        };
        *i2.lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
        Ok(QueryResult::Void)
    });
    let s = sync_over(&fake).await?;
    let _ = cell.set(s.clone());
    let s2 = s.clone();
    // The inner call has the session default (7 s); had it blocked, the
    // bridge could not answer the outer call, whose caller gives up at its
    // own timeout plus the margin.
    let outer_timeout = Duration::from_secs(3);
    let outer_bound = outer_timeout + DEFAULT_WAIT_MARGIN;
    let t0 = Instant::now();
    let outer = tokio::task::spawn_blocking(move || {
        s2.execute(Statement::new("REENTER").with_timeout(outer_timeout), ())
    })
    .await
    .map_err(|e| fail(format!("panicked: {e}")))?;
    let took = t0.elapsed();
    let inner = inner.lock().unwrap_or_else(|p| p.into_inner()).clone();
    ensure!(
        outer.is_ok(),
        "the outer call failed: {:?} after {} ms",
        outer.err(),
        ms(took)
    );
    ensure!(
        took < outer_bound,
        "the outer call took {} ms, over its bound of {} ms: the inner call blocked",
        ms(took),
        ms(outer_bound)
    );
    ensure!(
        inner
            .as_deref()
            .is_some_and(|r| r.starts_with("Err(") && r.contains("own bridge thread")),
        "the call on the bridge thread returned {inner:?}, expected the own-thread error"
    );
    let _ = cell.get().map(|s| s.close());
    Ok(format!(
        "the inner call failed at once: {}",
        inner.unwrap_or_default()
    ))
}

/// M09: a connect that fails (or panics) returns its error and leaves no thread.
pub async fn m09_failed_connect(_ctx: &Ctx) -> CaseResult {
    let before = threads::snapshot();
    let r = tokio::task::spawn_blocking(|| {
        let a = SyncSession::new(|| async {
            Err::<Session, _>(Error::new(ErrorKind::Connection, "scripted refusal"))
        });
        let b = SyncSession::new(|| async { panic!("scripted factory panic") });
        (a.map(|_| ()), b.map(|_| ()))
    })
    .await
    .map_err(|e| fail(format!("panicked: {e}")))?;
    let e = expect_err(r.0, "failing factory")?;
    ensure!(e.is_connection(), "failing factory: got {}", show(&e));
    let p = expect_err(r.1, "panicking factory")?;
    let left = leftover_threads(&before).await;
    ensure!(
        left.is_empty(),
        "threads left after failed connects: {left:?}"
    );
    Ok(format!(
        "failing factory → {:?}; panicking factory → {:?}; no thread left",
        e.kind(),
        p.kind()
    ))
}

/// How long M10 lets its stuck call block the bridge if the case never lets
/// it go; only a drop that waits for the stuck bridge reaches it.
const M10_WATCHDOG: Duration = Duration::from_secs(30);

/// M10: dropping the last clone while a call is stuck on the bridge returns
/// at the drop bound, while the bridge is still stuck.
pub async fn m10_drop(_ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    // Blocks the runtime's only thread (a current-thread bridge) until the
    // case lets it go: nothing on the bridge can make progress.
    let (release, gate) = crossbeam_channel::bounded::<()>(0);
    let unblocked = Arc::new(AtomicBool::new(false));
    let seen = unblocked.clone();
    fake.when(pat("STUCK")).with(move |_| {
        let _ = gate.recv_timeout(M10_WATCHDOG);
        seen.store(true, Ordering::Release);
        Ok(QueryResult::Void)
    });
    let drop_bound = Duration::from_secs(1);
    let timeout = Duration::from_millis(200);
    let call_bound = timeout + DEFAULT_WAIT_MARGIN;
    let f2 = fake.clone();
    let u2 = unblocked.clone();
    let r = tokio::task::spawn_blocking(move || {
        let s = SyncSession::builder()
            .current_thread_runtime()
            .drop_timeout(drop_bound)
            .build(move || async move { Ok(Session::new(Arc::new(f2))) })
            .map_err(|e| e.to_string())?;
        let s2 = s.clone();
        let caller = std::thread::spawn(move || {
            let t0 = Instant::now();
            let r = s2.execute(Statement::new("STUCK").with_timeout(timeout), ());
            (r.map(|_| ()), t0.elapsed())
        });
        let (r, waited) = caller
            .join()
            .map_err(|_| "the caller panicked".to_string())?;
        let t0 = Instant::now();
        drop(s);
        let dropped = t0.elapsed();
        let still_stuck = !u2.load(Ordering::Acquire);
        drop(release);
        Ok::<_, String>((r, waited, dropped, still_stuck))
    })
    .await
    .map_err(|e| fail(format!("panicked: {e}")))?;
    let (call, waited, dropped, still_stuck) = r.map_err(fail)?;
    let e = expect_err(call, "the stuck call")?;
    ensure!(e.is_timeout(), "the stuck call: got {}", show(&e));
    ensure!(
        e.message().contains(&format!("{call_bound:?}")),
        "the stuck call's error does not name its bound of {call_bound:?}: {}",
        show(&e)
    );
    ensure!(
        waited >= call_bound,
        "the stuck call gave up after {} ms, before its bound of {} ms",
        ms(waited),
        ms(call_bound)
    );
    ensure!(
        dropped >= drop_bound,
        "drop gave up after {} ms, before its bound of {} ms",
        ms(dropped),
        ms(drop_bound)
    );
    ensure!(
        still_stuck,
        "the caller or the drop waited for the stuck bridge ({} ms, {} ms)",
        ms(waited),
        ms(dropped)
    );
    Ok(format!(
        "stuck call → Timeout after {} ms (bound {} ms); drop returned after {} ms \
         (bound {} ms), the bridge still stuck",
        ms(waited),
        ms(call_bound),
        ms(dropped),
        ms(drop_bound)
    ))
}

/// M11: a driver call that panics on the bridge becomes an error for its
/// caller, and the session keeps working.
pub async fn m11_panic(_ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    fake.when(pat("PANIC"))
        .with(|_| panic!("scripted driver panic"));
    let s = sync_over(&fake).await?;
    let s2 = s.clone();
    // The caller learns of the panic once the task has unwound, after the
    // panic's report (a backtrace may take a while): a long timeout keeps
    // that well inside the caller's bound.
    let timeout = Duration::from_secs(30);
    let bound = timeout + DEFAULT_WAIT_MARGIN;
    let (a, took, b) = tokio::task::spawn_blocking(move || {
        let t0 = Instant::now();
        let a = s2
            .execute(Statement::new("PANIC").with_timeout(timeout), ())
            .map(|_| ());
        let took = t0.elapsed();
        let b = s2.execute("INSERT AFTER", ()).map(|_| ());
        (a, took, b)
    })
    .await
    .map_err(|e| fail(format!("the caller panicked: {e}")))?;
    let e = expect_err(a, "panicking call")?;
    ensure!(
        !e.is_timeout() && e.message().contains("panicked"),
        "the panicking call: expected the panic error, got {}",
        show(&e)
    );
    ensure!(
        took < bound,
        "the panicking call took {} ms, over its bound of {} ms",
        ms(took),
        ms(bound)
    );
    b.ctx("a call after the panic")?;
    s.close().ctx("close")?;
    Ok(format!(
        "panicking driver call → {:?} ({}); next call ok",
        e.kind(),
        e.message()
    ))
}
