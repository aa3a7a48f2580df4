//! Runs a list of cases for one backend in both modes: a fresh keyspace per
//! case, an overall time bound, panics caught, and one [`Record`] each.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge::{BackendKind, Session};
use futures::FutureExt;

use super::case::Case;
use super::check::Failure;
use super::client::Mode;
use super::ctx::Ctx;
use super::keyspace;
use super::matrix::{Record, Status};
use super::target::Target;

/// How long tidying up after a case may take.
const CLEANUP_BOUND: Duration = Duration::from_secs(30);

fn record(
    case: &str,
    backend: BackendKind,
    mode: &str,
    status: Status,
    detail: String,
    millis: u128,
) -> Record {
    let r = Record {
        case: case.into(),
        backend: backend.as_str().into(),
        mode: mode.into(),
        status,
        detail,
        millis,
    };
    println!(
        "{:<12} {:<7} {:<6} {:<12} {:>7}ms  {}",
        r.case,
        r.backend,
        r.mode,
        r.status.as_str(),
        millis,
        r.detail
    );
    r
}

/// True when `id` passes the filters (no filters: every case).
pub fn selected(id: &str, filters: &[String]) -> bool {
    filters.is_empty()
        || filters
            .iter()
            .any(|f| id.to_ascii_uppercase().starts_with(f.as_str()))
}

/// Runs `cases` for `backend`; `needs_server` cases get a keyspace and an admin session.
pub async fn run_backend(
    target: &Arc<Target>,
    backend: BackendKind,
    cases: &[Case],
    filters: &[String],
    needs_server: bool,
) -> Vec<Record> {
    let mut out = Vec::new();
    let cases: Vec<&Case> = cases.iter().filter(|c| selected(c.id, filters)).collect();
    if cases.is_empty() {
        return out;
    }
    let admin = if needs_server {
        let cfg = target.base_config(backend);
        match tokio::time::timeout(Duration::from_secs(60), cqlbridge::connect(&cfg)).await {
            Ok(Ok(s)) => Some(s),
            Ok(Err(e)) => {
                let why = format!(
                    "cannot connect the admin session to {:?}: {e}",
                    target.hosts
                );
                for c in &cases {
                    for mode in c.modes {
                        out.push(record(
                            c.id,
                            backend,
                            mode.as_str(),
                            Status::Fail,
                            why.clone(),
                            0,
                        ));
                    }
                }
                return out;
            }
            Err(_) => {
                for c in &cases {
                    for mode in c.modes {
                        out.push(record(
                            c.id,
                            backend,
                            mode.as_str(),
                            Status::Fail,
                            "admin connect timed out".into(),
                            0,
                        ));
                    }
                }
                return out;
            }
        }
    } else {
        None
    };
    for mode in Mode::BOTH {
        for case in cases.iter().filter(|c| c.modes.contains(&mode)) {
            out.push(run_one(target, backend, mode, case, admin.clone()).await);
        }
    }
    if let Some(a) = admin {
        match keyspace::leftovers(&a).await {
            Ok(left) if left.is_empty() => {}
            Ok(left) => out.push(record(
                "cleanup",
                backend,
                "-",
                Status::Fail,
                format!("keyspaces left behind: {left:?}"),
                0,
            )),
            Err(e) => eprintln!("warning: cannot list keyspaces: {e}"),
        }
        let _ = tokio::time::timeout(CLEANUP_BOUND, a.close()).await;
    }
    out
}

async fn run_one(
    target: &Arc<Target>,
    backend: BackendKind,
    mode: Mode,
    case: &Case,
    admin: Option<Session>,
) -> Record {
    let t0 = Instant::now();
    let ks = match &admin {
        Some(a) => {
            let ks = keyspace::unique_name(case.id, mode.as_str(), "");
            if let Err(e) = keyspace::create(a, &ks, 1).await {
                let d = format!("cannot create keyspace {ks}: {e}");
                return record(
                    case.id,
                    backend,
                    mode.as_str(),
                    Status::Fail,
                    d,
                    t0.elapsed().as_millis(),
                );
            }
            ks
        }
        None => String::new(),
    };
    let ctx = Ctx::new(
        case.id,
        backend,
        mode,
        target.clone(),
        ks.clone(),
        admin.clone(),
    );
    let fut = AssertUnwindSafe((case.run)(&ctx)).catch_unwind();
    let (status, detail) = match tokio::time::timeout(case.limit, fut).await {
        Err(_) => (
            Status::Fail,
            format!(
                "timed out after {:?} (the case's overall bound)",
                case.limit
            ),
        ),
        Ok(Err(panic)) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "non-text panic".into());
            (Status::Fail, format!("panicked: {msg}"))
        }
        Ok(Ok(Ok(note))) => (Status::Pass, note),
        Ok(Ok(Err(Failure::Fail(m)))) => (Status::Fail, m),
        Ok(Ok(Err(Failure::Unsupported(m)))) => (Status::Unsupported, m),
    };
    ctx.close_client(CLEANUP_BOUND).await;
    if let Some(a) = &admin {
        for k in ctx
            .take_extra_keyspaces()
            .into_iter()
            .chain(std::iter::once(ks))
        {
            if let Err(e) = keyspace::drop(a, &k).await {
                eprintln!("warning: could not drop keyspace {k}: {e}");
            }
        }
    }
    drop(ctx);
    record(
        case.id,
        backend,
        mode.as_str(),
        status,
        detail,
        t0.elapsed().as_millis(),
    )
}
