//! [`Capabilities`]: what a backend supports, so that an unsupported case is
//! reported as unsupported (with a reason), never skipped silently.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::{Error, Result};

/// A feature a backend may or may not support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Feature {
    /// TLS with a custom CA.
    Tls,
    /// A client certificate (mutual TLS).
    MutualTls,
    /// Checking the server's certificate against its address.
    PeerIdentity,
    /// Username/password authentication.
    PasswordAuth,
    /// Per-statement consistency.
    Consistency,
    /// Per-statement serial consistency.
    SerialConsistency,
    /// Per-statement client timeout.
    Timeout,
    /// A client timeout on a batch.
    BatchTimeout,
    /// Paging with a page size.
    Paging,
    /// Resuming from saved paging-state bytes.
    PagingStateResume,
    /// Logged and unlogged batches.
    Batch,
    /// Counter batches.
    CounterBatch,
    /// Values bound by name.
    NamedValues,
    /// A client-side write timestamp.
    WriteTimestamp,
    /// `vector<T, N>` values.
    Vector,
    /// `duration` values.
    Duration,
    /// User-defined types.
    Udt,
    /// Prepared statements.
    Prepared,
    /// Result kinds beyond rows and void: `SchemaChange` for DDL and
    /// `SetKeyspace` for `USE`.
    ResultKinds,
    /// Preferring the local rack's nodes ([`Config::local_rack`](crate::Config::local_rack)).
    RackAwareBalancing,
    /// Exponential reconnection backoff with the bounds of
    /// [`Config::reconnect`](crate::Config::reconnect).
    ReconnectBackoff,
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// What one backend supports: everything except the listed features, each
/// with the reason a user would be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    backend: &'static str,
    unsupported: BTreeMap<Feature, &'static str>,
    self_bounded: bool,
    non_blocking: bool,
}

impl Capabilities {
    /// A backend that supports every feature.
    pub fn all(backend: &'static str) -> Self {
        Capabilities {
            backend,
            unsupported: BTreeMap::new(),
            self_bounded: false,
            non_blocking: false,
        }
    }

    /// The same, for a backend that bounds every call on its own: a request
    /// by its [`ExecOptions::timeout`](crate::ExecOptions::timeout) plus at
    /// most [`TIMEOUT_GRACE`](crate::backend::TIMEOUT_GRACE) (see
    /// [`bounded`](crate::backend::bounded)), and `prepare` / `use_keyspace`
    /// by the session default. [`Session`](crate::Session) then adds no outer timer of its
    /// own to each call (one timer per request instead of two). The
    /// conformance suite's timeout case holds every backend to its claim.
    pub fn self_bounded(mut self) -> Self {
        self.self_bounded = true;
        self
    }

    /// True when the backend bounds every call itself (see
    /// [`Capabilities::self_bounded`]); false means the session bounds each
    /// call with the statement's timeout plus
    /// [`TIMEOUT_GRACE`](crate::backend::TIMEOUT_GRACE).
    pub fn is_self_bounded(&self) -> bool {
        self.self_bounded
    }

    /// The same, for a backend whose call futures never block the thread
    /// that polls them: every wait happens on the backend's own threads or
    /// tasks and ends in a waker. A blocking bridge may then poll each call
    /// on its caller's thread (see `SyncSessionBuilder::calls_on_caller`),
    /// which it must not do for a backend that can hold the polling thread:
    /// there a caller could not give up at its bound.
    pub fn non_blocking(mut self) -> Self {
        self.non_blocking = true;
        self
    }

    /// True when the backend's call futures never block the polling thread
    /// (see [`Capabilities::non_blocking`]).
    pub fn is_non_blocking(&self) -> bool {
        self.non_blocking
    }

    /// The same, with `feature` unsupported for `reason`.
    pub fn without(mut self, feature: Feature, reason: &'static str) -> Self {
        self.unsupported.insert(feature, reason);
        self
    }

    /// The backend's name.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// True when `feature` is supported.
    pub fn supports(&self, feature: Feature) -> bool {
        !self.unsupported.contains_key(&feature)
    }

    /// Why `feature` is unsupported, or `None` when it is supported.
    pub fn reason(&self, feature: Feature) -> Option<&'static str> {
        self.unsupported.get(&feature).copied()
    }

    /// `Ok` when supported, else an `Unsupported` error naming backend and feature.
    pub fn check(&self, feature: Feature) -> Result<()> {
        match self.reason(feature) {
            None => Ok(()),
            Some(reason) => Err(Error::unsupported(
                self.backend,
                format!("{feature} ({reason})"),
            )),
        }
    }

    /// Every unsupported feature with its reason.
    pub fn unsupported(&self) -> impl Iterator<Item = (Feature, &'static str)> + '_ {
        self.unsupported.iter().map(|(f, r)| (*f, *r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_features_carry_their_reason() {
        let c = Capabilities::all("x").without(Feature::Vector, "driver too old");
        assert!(c.supports(Feature::Tls));
        assert!(!c.supports(Feature::Vector));
        let e = c.check(Feature::Vector).unwrap_err();
        assert!(e.is_unsupported());
        assert!(e.to_string().contains("driver too old"), "{e}");
        assert_eq!(c.unsupported().count(), 1);
    }
}
