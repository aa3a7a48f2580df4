//! The `metrics` cargo feature: every update of the session's metrics also
//! goes to the [`metrics`] crate's facade, to whatever recorder the
//! application installed (Prometheus, StatsD, …); with none installed,
//! the facade drops them.
//!
//! | name | type | labels |
//! |------|------|--------|
//! | `cqlbridge_requests_total` | counter | `backend`, `profile`, `kind` |
//! | `cqlbridge_errors_total` | counter | `backend`, `profile`, `kind`, `error` |
//! | `cqlbridge_requests_cancelled_total` | counter | `backend`, `profile` |
//! | `cqlbridge_request_latency_us` | histogram (µs) | `backend`, `profile`, `kind` |
//! | `cqlbridge_requests_in_flight` | gauge | `backend` |
//! | `cqlbridge_prepared_cache_hits_total` | counter | `backend` |
//! | `cqlbridge_prepared_cache_misses_total` | counter | `backend` |
//! | `cqlbridge_observer_panics_total` | counter | `backend` |
//!
//! `profile` is `""` for requests on the session defaults; `kind` is
//! `execute`, `page`, `batch` or `prepare`; `error` an
//! [`ErrorKind::name`].

use metrics::{
    counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram, Unit,
};

use crate::error::ErrorKind;

/// Describes every metric to the installed recorder (once per session).
pub(super) fn describe() {
    describe_counter!(
        "cqlbridge_requests_total",
        "Requests completed, successfully or not"
    );
    describe_counter!("cqlbridge_errors_total", "Requests completed with an error");
    describe_counter!(
        "cqlbridge_requests_cancelled_total",
        "Requests dropped before they completed"
    );
    describe_counter!(
        "cqlbridge_retries_total",
        "Requests the session tried again (Config::retry)"
    );
    describe_counter!(
        "cqlbridge_speculative_attempts_total",
        "Extra attempts at slow idempotent requests (Config::speculative)"
    );
    describe_histogram!(
        "cqlbridge_request_latency_us",
        Unit::Microseconds,
        "Request latency at the Session layer"
    );
    describe_gauge!(
        "cqlbridge_requests_in_flight",
        "Requests started, not completed"
    );
    describe_counter!(
        "cqlbridge_prepared_cache_hits_total",
        "prepare() answered from the cache"
    );
    describe_counter!(
        "cqlbridge_prepared_cache_misses_total",
        "prepare() sent to the server"
    );
    describe_counter!(
        "cqlbridge_observer_panics_total",
        "RequestObserver calls that panicked"
    );
}

/// Requests in flight moved by `delta`.
pub(super) fn in_flight(backend: &'static str, delta: f64) {
    gauge!("cqlbridge_requests_in_flight", "backend" => backend).increment(delta);
}

/// One request completed.
pub(super) fn completed(
    backend: &'static str,
    profile: &str,
    kind: &'static str,
    micros: u64,
    error: Option<&ErrorKind>,
) {
    let profile = profile.to_string();
    counter!("cqlbridge_requests_total", "backend" => backend, "profile" => profile.clone(), "kind" => kind)
        .increment(1);
    // Latencies are at most 24 h in µs, well within f64's exact integers.
    #[allow(clippy::cast_precision_loss)]
    let value = micros as f64;
    histogram!("cqlbridge_request_latency_us", "backend" => backend, "profile" => profile.clone(), "kind" => kind)
        .record(value);
    if let Some(e) = error {
        counter!("cqlbridge_errors_total", "backend" => backend, "profile" => profile, "kind" => kind, "error" => e.name())
            .increment(1);
    }
    in_flight(backend, -1.0);
}

/// One request dropped before it completed.
pub(super) fn cancelled(backend: &'static str, profile: &str) {
    counter!("cqlbridge_requests_cancelled_total", "backend" => backend, "profile" => profile.to_string())
        .increment(1);
    in_flight(backend, -1.0);
}

/// One retry of a request.
pub(super) fn retried(backend: &'static str, profile: &str) {
    counter!("cqlbridge_retries_total", "backend" => backend, "profile" => profile.to_string())
        .increment(1);
}

/// One speculative attempt of a request.
pub(super) fn speculated(backend: &'static str, profile: &str) {
    counter!("cqlbridge_speculative_attempts_total", "backend" => backend, "profile" => profile.to_string())
        .increment(1);
}

/// One `prepare` answered from the cache or not.
pub(super) fn prepared_cache(backend: &'static str, hit: bool) {
    if hit {
        counter!("cqlbridge_prepared_cache_hits_total", "backend" => backend).increment(1);
    } else {
        counter!("cqlbridge_prepared_cache_misses_total", "backend" => backend).increment(1);
    }
}

/// One observer call panicked.
pub(super) fn observer_panic(backend: &'static str) {
    counter!("cqlbridge_observer_panics_total", "backend" => backend).increment(1);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use metrics::{
        Counter, CounterFn, Gauge, Histogram, HistogramFn, Key, KeyName, Metadata, Recorder,
        SharedString,
    };

    use crate::error::ErrorKind;
    use crate::metrics::Recorder as Live;

    /// Counts increments and histogram values by metric name and labels.
    #[derive(Debug, Default)]
    struct Tally(Mutex<BTreeMap<String, Arc<Cell>>>);

    #[derive(Debug, Default)]
    struct Cell(AtomicU64);

    impl CounterFn for Cell {
        fn increment(&self, n: u64) {
            self.0.fetch_add(n, Ordering::Relaxed);
        }
        fn absolute(&self, n: u64) {
            self.0.store(n, Ordering::Relaxed);
        }
    }

    impl HistogramFn for Cell {
        fn record(&self, _: f64) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    impl Tally {
        fn cell(&self, key: &Key) -> Arc<Cell> {
            let labels: Vec<String> = key
                .labels()
                .map(|l| format!("{}={}", l.key(), l.value()))
                .collect();
            let name = format!("{}{{{}}}", key.name(), labels.join(","));
            self.0.lock().unwrap().entry(name).or_default().clone()
        }
        fn get(&self, name: &str) -> u64 {
            self.0
                .lock()
                .unwrap()
                .get(name)
                .map_or(0, |c| c.0.load(Ordering::Relaxed))
        }
    }

    impl Recorder for Tally {
        fn describe_counter(&self, _: KeyName, _: Option<metrics::Unit>, _: SharedString) {}
        fn describe_gauge(&self, _: KeyName, _: Option<metrics::Unit>, _: SharedString) {}
        fn describe_histogram(&self, _: KeyName, _: Option<metrics::Unit>, _: SharedString) {}
        fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
            Counter::from_arc(self.cell(key))
        }
        fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
            Gauge::noop()
        }
        fn register_histogram(&self, key: &Key, _: &Metadata<'_>) -> Histogram {
            Histogram::from_arc(self.cell(key))
        }
    }

    #[test]
    fn updates_reach_the_metrics_facade() {
        let tally = Tally::default();
        metrics::with_local_recorder(&tally, || {
            let live = Live::new("fake", ["olap"].into_iter());
            for profile in [None, Some("olap"), Some("olap")] {
                let b = live.bucket(profile);
                b.started("fake");
                b.completed("fake", "execute", 120, None);
            }
            let b = live.bucket(None);
            b.started("fake");
            b.completed("fake", "batch", 80, Some(&ErrorKind::Overloaded));
            live.prepared_cache(true);
        });
        let ok = "cqlbridge_requests_total{backend=fake,profile=olap,kind=execute}";
        assert_eq!(tally.get(ok), 2);
        let err = "cqlbridge_errors_total{backend=fake,profile=,kind=batch,error=overloaded}";
        assert_eq!(tally.get(err), 1);
        let lat = "cqlbridge_request_latency_us{backend=fake,profile=,kind=execute}";
        assert_eq!(tally.get(lat), 1);
        assert_eq!(
            tally.get("cqlbridge_prepared_cache_hits_total{backend=fake}"),
            1
        );
    }
}
