//! M07–M11: the sync bridge's guards — calls from inside a runtime and from
//! the bridge itself, failed connects, a bounded `Drop`, panicking driver
//! calls — over the fake.

use std::sync::{Arc, Mutex, OnceLock};

use cqlbridge::mock::FakeDriver;
use cqlbridge::{Session, SyncSession};

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
        let s3 = s2.clone();
        rt.block_on(async move {
            tokio::spawn(async move { s3.execute("INSERT IN_WORKER_TASK", ()) }).await
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
    let t0 = Instant::now();
    let outer = tokio::task::spawn_blocking(move || {
        s2.execute(
            Statement::new("REENTER").with_timeout(Duration::from_secs(3)),
            (),
        )
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
        took < Duration::from_secs(1),
        "the outer call took {} ms: the inner call blocked",
        ms(took)
    );
    ensure!(
        inner.as_deref().is_some_and(|r| r.starts_with("Err(")),
        "the call on the bridge thread returned {inner:?}, expected an error"
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
    let left = leftover_threads(&before, Duration::from_secs(2)).await;
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

/// M10: dropping the last clone while a call is stuck on the bridge returns
/// within the drop bound.
pub async fn m10_drop(_ctx: &Ctx) -> CaseResult {
    let fake = FakeDriver::new();
    fake.when(pat("STUCK")).with(|_| {
        std::thread::sleep(Duration::from_secs(3)); // blocks the bridge thread itself
        Ok(QueryResult::Void)
    });
    let f2 = fake.clone();
    let r = tokio::task::spawn_blocking(move || {
        let s = SyncSession::builder()
            .drop_timeout(Duration::from_secs(1))
            .build(move || async move { Ok(Session::new(Arc::new(f2))) })
            .map_err(|e| e.to_string())?;
        let s2 = s.clone();
        let caller = std::thread::spawn(move || {
            let t0 = Instant::now();
            let r = s2.execute(
                Statement::new("STUCK").with_timeout(Duration::from_millis(200)),
                (),
            );
            (r.map(|_| ()), t0.elapsed())
        });
        let (r, waited) = caller
            .join()
            .map_err(|_| "the caller panicked".to_string())?;
        let t0 = Instant::now();
        drop(s);
        Ok::<_, String>((r, waited, t0.elapsed()))
    })
    .await
    .map_err(|e| fail(format!("panicked: {e}")))?;
    let (call, waited, dropped) = r.map_err(fail)?;
    ensure!(call.is_err(), "the stuck call returned Ok");
    ensure!(
        waited < Duration::from_millis(2900),
        "the stuck call's caller waited {} ms (no bound)",
        ms(waited)
    );
    ensure!(
        dropped <= Duration::from_millis(1500),
        "drop took {} ms with a 1 s bound",
        ms(dropped)
    );
    Ok(format!(
        "stuck call → error after {} ms; drop returned in {} ms (bound 1 s)",
        ms(waited),
        ms(dropped)
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
    let t0 = Instant::now();
    let (a, b) = tokio::task::spawn_blocking(move || {
        let a = s2
            .execute(
                Statement::new("PANIC").with_timeout(Duration::from_secs(2)),
                (),
            )
            .map(|_| ());
        let b = s2.execute("INSERT AFTER", ()).map(|_| ());
        (a, b)
    })
    .await
    .map_err(|e| fail(format!("the caller panicked: {e}")))?;
    let e = expect_err(a, "panicking call")?;
    ensure!(
        t0.elapsed() < Duration::from_secs(2),
        "the panicking call took {} ms",
        ms(t0.elapsed())
    );
    b.ctx("a call after the panic")?;
    s.close().ctx("close")?;
    Ok(format!(
        "panicking driver call → {:?} ({}); next call ok",
        e.kind(),
        e.message()
    ))
}
