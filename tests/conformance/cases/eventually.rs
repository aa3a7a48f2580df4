//! [`Deadline`]: a bounded wait for things the server does later (a view
//! catching up with its base table, a TTL running out, an index becoming
//! queryable). A case polls, and each retry either sleeps a little or fails
//! once the bound is past, saying what it last saw — never an endless loop.

use std::fmt::Display;
use std::time::{Duration, Instant};

use super::prelude::{fail, Step};

/// How long a case sleeps between two polls.
pub const POLL_INTERVAL: Duration = Duration::from_millis(200);

/// A bound on one wait, started when made.
pub struct Deadline {
    what: String,
    started: Instant,
    bound: Duration,
}

impl Deadline {
    /// A wait for `what` that may last up to `bound`.
    pub fn new(what: impl Into<String>, bound: Duration) -> Self {
        Deadline {
            what: what.into(),
            started: Instant::now(),
            bound,
        }
    }

    /// Time since the wait started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Sleeps [`POLL_INTERVAL`] before the next poll, or fails naming the
    /// wait and `last_seen` once the bound has passed.
    pub async fn retry(&self, last_seen: impl Display) -> Step {
        if self.started.elapsed() >= self.bound {
            return Err(fail(format!(
                "{}: still not so after {} ms; last seen: {last_seen}",
                self.what,
                self.bound.as_millis()
            )));
        }
        tokio::time::sleep(POLL_INTERVAL).await;
        Ok(())
    }
}
