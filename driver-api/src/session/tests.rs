//! The session's own logic that needs no backend: the outer timeout bound,
//! and how a self-bounded backend runs without it.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use async_trait::async_trait;

use crate::{
    Capabilities, Driver, Error, ExecOptions, Prepared, QueryResult, Result, Session, Statement,
    Values,
};

/// A backend that answers every execute after `delay`, ignoring timeouts,
/// and claims to bound its own calls when `self_bounded`.
#[derive(Debug)]
struct Slow {
    delay: Duration,
    self_bounded: bool,
}

#[async_trait]
impl Driver for Slow {
    fn name(&self) -> &'static str {
        "slow"
    }

    fn capabilities(&self) -> Capabilities {
        let all = Capabilities::all("slow");
        if self.self_bounded {
            all.self_bounded()
        } else {
            all
        }
    }

    async fn execute(&self, _: &Statement, _: &Values, _: &ExecOptions) -> Result<QueryResult> {
        tokio::time::sleep(self.delay).await;
        Ok(QueryResult::Void)
    }

    async fn prepare(&self, _: &str) -> Result<Prepared> {
        Err(Error::unsupported("slow", "prepare"))
    }

    async fn execute_prepared(
        &self,
        _: &Prepared,
        _: &Values,
        _: &ExecOptions,
    ) -> Result<QueryResult> {
        Err(Error::unsupported("slow", "execute_prepared"))
    }

    async fn close(&self) -> Result<()> {
        Ok(())
    }

    fn is_closed(&self) -> bool {
        false
    }
}

fn session(self_bounded: bool) -> Session {
    Session::new(Arc::new(Slow {
        delay: Duration::from_millis(400),
        self_bounded,
    }))
}

// Tokio's paused clock: the bounds below are exact, whatever the machine's load.
#[tokio::test(start_paused = true)]
async fn a_backend_that_does_not_bound_itself_is_cut_off_at_the_timeout() {
    let s = session(false);
    let start = Instant::now();
    let st = Statement::new("UPDATE t SET v = 1").with_timeout(Duration::from_millis(60));
    let err = s.execute(st, ()).await.unwrap_err();
    let took = start.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        took,
        Duration::from_millis(60) + crate::backend::TIMEOUT_GRACE,
        "the session's bound is the timeout plus the grace"
    );
}

#[tokio::test(start_paused = true)]
async fn a_self_bounded_backend_runs_without_the_session_timer() {
    let s = session(true);
    let start = Instant::now();
    let st = Statement::new("UPDATE t SET v = 1").with_timeout(Duration::from_millis(60));
    let result = s.execute(st, ()).await.unwrap();
    assert_eq!(result, QueryResult::Void);
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(400),
        "ran to the driver's end"
    );
}

#[test]
fn empty_options_borrow_the_defaults_and_others_merge() {
    let s = session(false);
    let own = ExecOptions::new();
    assert!(own.is_empty());
    assert!(matches!(
        s.resolve(&own).unwrap(),
        std::borrow::Cow::Borrowed(_)
    ));
    let own = ExecOptions::new().idempotent(true);
    assert!(!own.is_empty());
    let merged = s.resolve(&own).unwrap();
    assert_eq!(merged.idempotent, Some(true));
    assert_eq!(merged.timeout, s.defaults().timeout);
    let bad = ExecOptions::new().timeout(Duration::ZERO);
    assert!(s.resolve(&bad).unwrap_err().is_invalid());
}
