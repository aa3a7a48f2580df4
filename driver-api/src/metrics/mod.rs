//! Request metrics measured at the `Session` layer, so that they mean the
//! same on every backend: counts, errors by [`ErrorKind`], requests in
//! flight, latency in µs from an HDR histogram, prepared-cache hits and
//! misses; for the whole session, the session defaults, and each execution
//! profile.
//!
//! The hot path takes no global lock: counters are atomics, latencies go
//! to one of several histograms chosen by thread (see [`histogram`]).
//! [`Session::metrics`](crate::Session::metrics) copies them into a
//! [`MetricsSnapshot`]. With the `metrics` cargo feature, every update is
//! also sent to the [`metrics`](https://docs.rs/metrics) crate's facade
//! (see `export.rs`).

#[cfg(feature = "metrics")]
mod export;
mod histogram;
mod kinds;
mod snapshot;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

pub use snapshot::{Latency, MetricsSnapshot, RequestMetrics};

use crate::error::ErrorKind;
use histogram::ShardedHistogram;
use kinds::{KIND_COUNT, KIND_NAMES};

/// The live metrics of one set of requests (the defaults, or one profile).
#[derive(Debug)]
pub(crate) struct Bucket {
    /// The profile's name, `""` for the session defaults (an export label).
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    profile: String,
    requests: AtomicU64,
    errors: [AtomicU64; KIND_COUNT],
    cancelled: AtomicU64,
    retries: AtomicU64,
    speculative: AtomicU64,
    in_flight: AtomicU64,
    latency: ShardedHistogram,
}

impl Bucket {
    fn new(profile: &str) -> Self {
        Bucket {
            profile: profile.to_string(),
            requests: AtomicU64::new(0),
            errors: std::array::from_fn(|_| AtomicU64::new(0)),
            cancelled: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            speculative: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
            latency: ShardedHistogram::new(),
        }
    }

    /// A request of this bucket started.
    pub(crate) fn started(&self, _backend: &'static str) {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        #[cfg(feature = "metrics")]
        export::in_flight(_backend, 1.0);
    }

    /// A request of this bucket (of `_kind`: execute, page, …) completed
    /// after `micros` µs, with `error` when it failed.
    pub(crate) fn completed(
        &self,
        _backend: &'static str,
        _kind: &'static str,
        micros: u64,
        error: Option<&ErrorKind>,
    ) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if let Some(kind) = error {
            self.errors[kinds::index(kind)].fetch_add(1, Ordering::Relaxed);
        }
        self.latency.record(micros);
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        #[cfg(feature = "metrics")]
        export::completed(_backend, &self.profile, _kind, micros, error);
    }

    /// A request of this bucket is tried again (the session's retry policy).
    pub(crate) fn retried(&self, _backend: &'static str) {
        self.retries.fetch_add(1, Ordering::Relaxed);
        #[cfg(feature = "metrics")]
        export::retried(_backend, &self.profile);
    }

    /// A request of this bucket started a speculative attempt
    /// (`Config::speculative`).
    pub(crate) fn speculated(&self, _backend: &'static str) {
        self.speculative.fetch_add(1, Ordering::Relaxed);
        #[cfg(feature = "metrics")]
        export::speculated(_backend, &self.profile);
    }

    /// A started request of this bucket was dropped before it completed.
    pub(crate) fn cancelled(&self, _backend: &'static str) {
        self.cancelled.fetch_add(1, Ordering::Relaxed);
        self.in_flight.fetch_sub(1, Ordering::Relaxed);
        #[cfg(feature = "metrics")]
        export::cancelled(_backend, &self.profile);
    }

    /// The counts, and the merged latency histogram.
    fn snapshot(&self) -> (RequestMetrics, Option<hdrhistogram::Histogram<u64>>) {
        let latency = self.latency.merged();
        let errors_by_kind: BTreeMap<&'static str, u64> = self
            .errors
            .iter()
            .zip(KIND_NAMES)
            .map(|(n, name)| (name, n.load(Ordering::Relaxed)))
            .filter(|&(_, n)| n > 0)
            .collect();
        let m = RequestMetrics {
            requests: self.requests.load(Ordering::Relaxed),
            errors: errors_by_kind.values().sum(),
            errors_by_kind,
            cancelled: self.cancelled.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            speculative_attempts: self.speculative.load(Ordering::Relaxed),
            in_flight: self.in_flight.load(Ordering::Relaxed),
            latency: Latency::of(latency.as_ref()),
        };
        (m, latency)
    }
}

/// The live metrics of one session: a bucket for the defaults and one per
/// execution profile, and the session-wide counters.
#[derive(Debug)]
pub(crate) struct Recorder {
    backend: &'static str,
    defaults: Bucket,
    profiles: BTreeMap<String, Bucket>,
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
    observer_panics: AtomicU64,
}

impl Recorder {
    /// Empty metrics for a session over `backend` with these profiles.
    pub(crate) fn new<'a>(backend: &'static str, profiles: impl Iterator<Item = &'a str>) -> Self {
        #[cfg(feature = "metrics")]
        export::describe();
        Recorder {
            backend,
            defaults: Bucket::new(""),
            profiles: profiles.map(|p| (p.to_string(), Bucket::new(p))).collect(),
            cache_hits: AtomicU64::new(0),
            cache_misses: AtomicU64::new(0),
            observer_panics: AtomicU64::new(0),
        }
    }

    /// The backend's name.
    pub(crate) fn backend(&self) -> &'static str {
        self.backend
    }

    /// The bucket of `profile`: the defaults' when `None` or unknown.
    pub(crate) fn bucket(&self, profile: Option<&str>) -> &Bucket {
        profile
            .and_then(|p| self.profiles.get(p))
            .unwrap_or(&self.defaults)
    }

    /// A `prepare` answered from the cache (`true`) or sent to the server.
    pub(crate) fn prepared_cache(&self, hit: bool) {
        let counter = if hit {
            &self.cache_hits
        } else {
            &self.cache_misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        #[cfg(feature = "metrics")]
        export::prepared_cache(self.backend, hit);
    }

    /// An observer call panicked (and was caught).
    pub(crate) fn observer_panicked(&self) {
        self.observer_panics.fetch_add(1, Ordering::Relaxed);
        #[cfg(feature = "metrics")]
        export::observer_panic(self.backend);
    }

    /// Everything, copied out now.
    pub(crate) fn snapshot(&self) -> MetricsSnapshot {
        let (defaults, mut all) = self.defaults.snapshot();
        let mut total = defaults.clone();
        let mut profiles = BTreeMap::new();
        for (name, bucket) in &self.profiles {
            let (m, h) = bucket.snapshot();
            total.requests += m.requests;
            total.errors += m.errors;
            for (kind, n) in &m.errors_by_kind {
                *total.errors_by_kind.entry(kind).or_insert(0) += n;
            }
            total.cancelled += m.cancelled;
            total.retries += m.retries;
            total.speculative_attempts += m.speculative_attempts;
            total.in_flight += m.in_flight;
            if let (Some(all), Some(h)) = (all.as_mut(), h.as_ref()) {
                // Same bounds: cannot fail (else the profile's latencies are
                // missing from the total only).
                let _ = all.add(h);
            }
            profiles.insert(name.clone(), m);
        }
        total.latency = Latency::of(all.as_ref());
        MetricsSnapshot {
            backend: self.backend,
            total,
            defaults,
            profiles,
            prepared_cache_hits: self.cache_hits.load(Ordering::Relaxed),
            prepared_cache_misses: self.cache_misses.load(Ordering::Relaxed),
            observer_panics: self.observer_panics.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_add_up_to_the_total() {
        let r = Recorder::new("fake", ["a", "b"].into_iter());
        for (profile, micros) in [(None, 100), (Some("a"), 200), (Some("nope"), 300)] {
            let b = r.bucket(profile);
            b.started("fake");
            b.completed("fake", "execute", micros, None);
        }
        let b = r.bucket(Some("b"));
        b.started("fake");
        b.completed("fake", "batch", 50, Some(&ErrorKind::Timeout));
        b.started("fake");
        b.cancelled("fake");
        b.started("fake");
        r.prepared_cache(true);
        r.prepared_cache(false);
        r.prepared_cache(false);
        r.observer_panicked();
        let s = r.snapshot();
        assert_eq!(s.backend, "fake");
        assert_eq!(s.defaults.requests, 2, "none and the unknown profile");
        assert_eq!(s.profile("a").unwrap().requests, 1);
        let pb = s.profile("b").unwrap();
        assert_eq!(
            (pb.requests, pb.errors, pb.cancelled, pb.in_flight),
            (1, 1, 1, 1)
        );
        assert_eq!(pb.errors_of("timeout"), 1);
        assert_eq!(s.total.requests, 4);
        assert_eq!(s.total.errors_by_kind.get("timeout"), Some(&1));
        assert_eq!(s.total.latency.count, 4);
        assert_eq!(s.total.latency.min_us, 50);
        assert!(s.total.latency.max_us >= 300 && s.total.latency.max_us < 303);
        assert_eq!(s.total.in_flight, 1);
        assert_eq!((s.prepared_cache_hits, s.prepared_cache_misses), (1, 2));
        assert_eq!(s.observer_panics, 1);
        assert_eq!(s.total.retries + s.total.speculative_attempts, 0);
    }
}
