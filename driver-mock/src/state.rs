//! The state every clone of a [`FakeDriver`](crate::FakeDriver) shares: the
//! rules, the call log, the closed flag and the in-flight count.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::call::Call;
use crate::rule::{Reply, Rule};

/// Rules, log and flags. The lock is never held across an `.await` or while
/// a user's closure runs.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    state: Mutex<State>,
    in_flight: AtomicUsize,
}

#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) rules: Vec<Rule>,
    pub(crate) calls: Vec<Call>,
    pub(crate) closed: bool,
    /// Whether the fake claims [`Capabilities::non_blocking`](cqlbridge_driver_api::Capabilities::non_blocking).
    pub(crate) non_blocking: bool,
}

/// What a call does once it has been logged.
pub(crate) enum Decision {
    /// The fake is closed.
    Closed,
    /// No rule applies: the default reply.
    Default,
    /// This rule's delay and reply.
    Rule(Option<Duration>, Reply),
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // Every update is a single push or field write, so a state behind a
        // poisoned lock is still consistent.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn push_rule(&self, rule: Rule) {
        self.lock().rules.push(rule);
    }

    /// Logs `call`, then picks the first rule that applies to one of
    /// `texts`. The rule counts as used only when `consume` says so.
    pub(crate) fn begin(
        &self,
        call: &Call,
        texts: &[&str],
        consume: impl Fn(&Reply) -> bool,
    ) -> Decision {
        let mut st = self.lock();
        st.calls.push(call.clone());
        if st.closed {
            return Decision::Closed;
        }
        let Some(rule) = st.rules.iter_mut().find(|r| r.applies(texts)) else {
            return Decision::Default;
        };
        if consume(&rule.reply) {
            if let Some(n) = rule.remaining.as_mut() {
                *n -= 1;
            }
        }
        Decision::Rule(rule.delay, rule.reply.clone())
    }

    /// Counts a call as in flight until the guard drops (also when the
    /// caller's future is cancelled, e.g. by a session timeout).
    pub(crate) fn enter(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(self)
    }

    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }
}

/// Decrements the in-flight count on drop.
pub(crate) struct InFlight<'a>(&'a Shared);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}
