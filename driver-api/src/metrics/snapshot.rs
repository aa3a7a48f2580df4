//! What [`Session::metrics`](crate::Session::metrics) returns: plain values,
//! copied out of the live counters at one moment.

use std::collections::BTreeMap;

use hdrhistogram::Histogram;

/// A session's request metrics at one moment: the whole session, the
/// requests run on the session defaults, and each execution profile.
///
/// Measured at the `Session` layer, around the backend's call, so the
/// numbers mean the same on every backend: latency in µs from the call to
/// its result, as the application sees it. A `SyncSession` reports the
/// metrics of the async session it runs on (without the bridge hop).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct MetricsSnapshot {
    /// The backend's name (`"scylla"`, `"cpp"`, `"fake"`, …).
    pub backend: &'static str,
    /// Every request of the session.
    pub total: RequestMetrics,
    /// The requests run without an execution profile.
    pub defaults: RequestMetrics,
    /// The requests of each execution profile the session knows, by name
    /// (every profile is listed, used or not).
    pub profiles: BTreeMap<String, RequestMetrics>,
    /// `Session::prepare` calls answered from the session's cache.
    pub prepared_cache_hits: u64,
    /// `Session::prepare` calls that went to the server.
    pub prepared_cache_misses: u64,
    /// Calls into a [`RequestObserver`](crate::RequestObserver) that
    /// panicked (each was caught; the request went on).
    pub observer_panics: u64,
}

impl MetricsSnapshot {
    /// The metrics of profile `name`, if the session knows it.
    pub fn profile(&self, name: &str) -> Option<&RequestMetrics> {
        self.profiles.get(name)
    }
}

/// The counts and latencies of a set of requests (`execute`, `page`, each
/// page of a stream, `batch`, and `prepare` when not answered from the
/// cache).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct RequestMetrics {
    /// Requests completed, successfully or not (cancelled ones not included).
    pub requests: u64,
    /// Requests completed with an error.
    pub errors: u64,
    /// Errors by [`ErrorKind::name`](crate::ErrorKind::name); kinds never
    /// seen are absent.
    pub errors_by_kind: BTreeMap<&'static str, u64>,
    /// Requests whose future was dropped before it completed.
    pub cancelled: u64,
    /// Retries the session made under its retry policy (`Config::retry`).
    pub retries: u64,
    /// Speculative attempts the session started under its speculative
    /// policy (`Config::speculative`).
    pub speculative_attempts: u64,
    /// Requests started and not yet completed.
    pub in_flight: u64,
    /// The latency of the completed requests (errors included).
    pub latency: Latency,
}

impl RequestMetrics {
    /// The errors of kind `name` (see [`ErrorKind::name`](crate::ErrorKind::name)).
    pub fn errors_of(&self, name: &str) -> u64 {
        self.errors_by_kind.get(name).copied().unwrap_or(0)
    }
}

/// Latency percentiles in microseconds, from an HDR histogram (two
/// significant digits: each value is exact to within 1%). All zero when
/// nothing was recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[non_exhaustive]
pub struct Latency {
    /// Latencies recorded.
    pub count: u64,
    /// The smallest, in µs.
    pub min_us: u64,
    /// The mean, in µs.
    pub mean_us: f64,
    /// The median, in µs.
    pub p50_us: u64,
    /// The 95th percentile, in µs.
    pub p95_us: u64,
    /// The 99th percentile, in µs.
    pub p99_us: u64,
    /// The 99.9th percentile, in µs.
    pub p999_us: u64,
    /// The largest, in µs.
    pub max_us: u64,
}

impl Latency {
    /// The percentiles of `h`.
    pub(crate) fn of(h: Option<&Histogram<u64>>) -> Self {
        let Some(h) = h.filter(|h| !h.is_empty()) else {
            return Latency::default();
        };
        Latency {
            count: h.len(),
            min_us: h.min(),
            mean_us: h.mean(),
            p50_us: h.value_at_quantile(0.5),
            p95_us: h.value_at_quantile(0.95),
            p99_us: h.value_at_quantile(0.99),
            p999_us: h.value_at_quantile(0.999),
            max_us: h.max(),
        }
    }
}
