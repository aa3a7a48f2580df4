//! The cqlbridge conformance suite: the cases of `CONFORMANCE.md`, written
//! once, run for every selected backend through `Session` (async) and
//! `SyncSession` (sync). A custom runner (`harness = false`): it prints each
//! result, the matrix as a table, writes `target/conformance/matrix.json`, ends
//! with `conformance: N passed, M failed, K skipped`, and exits non-zero when a
//! case failed.
//!
//! Run: `cargo test --features sync --test conformance` (after
//! `cargo xtask db up` and `source ~/.cache/cqlbridge/testbed.env`). Arguments
//! (or `CQLBRIDGE_TEST_CASES`) select cases by id prefix: `-- C04 C06`.
//! The environment is documented in `support/target.rs`.
//!
//! Before any case runs, `CASES.md` (one line per case) is checked against
//! the registered cases (`support/case_list.rs`): a missing, repeated or
//! unregistered id fails the run, naming the ids.

// Items are `pub` inside private modules for readability; some helpers serve
// only the mock or only the real-backend cases, depending on features.
#![allow(unreachable_pub, dead_code)]

mod cases;
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cqlbridge::BackendKind;

use support::case_list;
use support::matrix::{self, Record, Status};
use support::runner;
use support::target::{self, Target, NO_TESTBED};

/// The `CASES.md` check (see `support/case_list.rs`), as a failed record
/// naming the mismatched ids, or `None` when the list matches.
fn case_list_record() -> Option<Record> {
    let registered: Vec<_> = cases::real_cases()
        .into_iter()
        .chain(cases::mock_cases())
        .collect();
    let outcome = case_list::self_test().and_then(|()| case_list::check_registered(&registered));
    match outcome {
        Ok(_) => None,
        Err(detail) => {
            eprintln!("{detail}");
            Some(Record {
                case: "CASES.md".into(),
                backend: "-".into(),
                mode: "-".into(),
                status: Status::Fail,
                detail,
                millis: 0,
            })
        }
    }
}

async fn run() -> Vec<Record> {
    let mut records: Vec<Record> = case_list_record().into_iter().collect();
    let target = match Target::from_env() {
        Ok(t) => Arc::new(t),
        Err(e) => {
            records.push(Record {
                case: "setup".into(),
                backend: "-".into(),
                mode: "-".into(),
                status: Status::Fail,
                detail: e,
                millis: 0,
            });
            return records;
        }
    };
    let filters = target::case_filters();
    for &backend in &target.backends {
        if backend == BackendKind::Mock {
            let cases = cases::mock_cases();
            records.extend(runner::run_backend(&target, backend, &cases, &filters, false).await);
            continue;
        }
        if target.hosts.is_empty() {
            records.push(Record {
                case: "setup".into(),
                backend: backend.as_str().into(),
                mode: "-".into(),
                status: Status::Fail,
                detail: NO_TESTBED.into(),
                millis: 0,
            });
            continue;
        }
        let cases = cases::real_cases();
        records.extend(runner::run_backend(&target, backend, &cases, &filters, true).await);
    }
    records
}

/// Panics the mock cases provoke on purpose print one line, not a backtrace.
fn quiet_scripted_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if msg.contains("scripted") {
            eprintln!("(expected panic in a case: {msg})");
        } else {
            default(info);
        }
    }));
}

fn main() {
    support::logcap::install();
    quiet_scripted_panics();
    let t0 = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("conf-rt")
        .thread_keep_alive(Duration::from_millis(200))
        .enable_all()
        .build()
        .expect("the runner's Tokio runtime");
    let records = rt.block_on(run());
    rt.shutdown_timeout(Duration::from_secs(5));

    println!();
    print!("{}", matrix::table(&records));
    match matrix::write(&records) {
        Ok(p) => println!("matrix: {}", p.display()),
        Err(e) => eprintln!("cannot write {}: {e}", matrix::path().display()),
    }
    let (passed, failed, skipped) = matrix::counts(&records);
    if records.is_empty() {
        println!("no case matched the filters");
    }
    println!("time: {:.1} s", t0.elapsed().as_secs_f64());
    println!("conformance: {passed} passed, {failed} failed, {skipped} skipped");
    if failed > 0 || records.is_empty() {
        std::process::exit(1);
    }
}
