//! The figures of one cell (operation × concurrency × backend × API) over
//! its rounds, and their JSON.

use std::time::Duration;

use hdrhistogram::Histogram;
use serde_json::{json, Value};

use crate::exec::Block;
use crate::support::stats::median;

/// One cell's rounds, merged.
pub(crate) struct Cell {
    pub(crate) op: &'static str,
    pub(crate) concurrency: usize,
    pub(crate) backend: String,
    pub(crate) api: &'static str,
    pub(crate) rates: Vec<f64>,
    pub(crate) latency_us: Histogram<u64>,
    pub(crate) cpu: Duration,
    pub(crate) calls: u64,
    pub(crate) errors: u64,
    pub(crate) first_error: Option<String>,
}

impl Cell {
    pub(crate) fn new(
        op: &'static str,
        concurrency: usize,
        backend: String,
        api: &'static str,
    ) -> Cell {
        Cell {
            op,
            concurrency,
            backend,
            api,
            rates: Vec::new(),
            latency_us: Histogram::new_with_bounds(1, 120_000_000, 3).expect("histogram bounds"),
            cpu: Duration::ZERO,
            calls: 0,
            errors: 0,
            first_error: None,
        }
    }

    /// Adds one round's block, which made `calls` calls using `cpu`.
    pub(crate) fn add(&mut self, b: Block, calls: u64, cpu: Duration) {
        self.rates
            .push(calls as f64 / b.elapsed.as_secs_f64().max(1e-9));
        self.latency_us.add(&b.latency_us).expect("same bounds");
        self.cpu += cpu;
        self.calls += calls;
        self.errors += b.errors;
        self.first_error = self.first_error.take().or(b.first_error);
    }

    fn ms(&self, q: f64) -> f64 {
        self.latency_us.value_at_quantile(q) as f64 / 1000.0
    }

    /// Client CPU per call, µs.
    pub(crate) fn cpu_us(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.calls.max(1) as f64
    }

    /// One line of the table.
    pub(crate) fn line(&self) -> String {
        format!(
            "{:<28} {:>4} {:<7} {:<6} {:>9.0} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>9.1} {:>6}",
            self.op,
            self.concurrency,
            self.backend,
            self.api,
            median(&self.rates),
            self.ms(0.5),
            self.ms(0.9),
            self.ms(0.99),
            self.ms(0.999),
            self.latency_us.max() as f64 / 1000.0,
            self.cpu_us(),
            self.errors
        )
    }

    /// The cell as JSON.
    pub(crate) fn json(&self) -> Value {
        json!({
            "op": self.op, "concurrency": self.concurrency, "backend": self.backend, "api": self.api,
            "ops_per_s_median": median(&self.rates), "ops_per_s_rounds": self.rates,
            "p50_ms": self.ms(0.5), "p90_ms": self.ms(0.9), "p99_ms": self.ms(0.99),
            "p999_ms": self.ms(0.999), "max_ms": self.latency_us.max() as f64 / 1000.0,
            "cpu_us_per_op": self.cpu_us(), "calls": self.calls, "errors": self.errors,
            "first_error": self.first_error,
        })
    }
}

/// The table's header.
pub(crate) const HEADER: &str = "operation                    conc backend API        ops/s  p50 ms   p90 ms   p99 ms  p99.9 ms  max ms  cpu µs/op errors";

/// The A/A figure of one operation × concurrency × API: the first side's
/// ops/s over its repeat's (the same backend again), per round. Its spread
/// around 1 is the noise the bench measures for itself.
pub(crate) struct AaFigure {
    op: &'static str,
    concurrency: usize,
    api: &'static str,
    ratios: Vec<f64>,
}

impl AaFigure {
    /// The figure of `a` against its repeat `b` (same rounds).
    pub(crate) fn of(a: &Cell, b: &Cell) -> AaFigure {
        AaFigure {
            op: a.op,
            concurrency: a.concurrency,
            api: a.api,
            ratios: a
                .rates
                .iter()
                .zip(&b.rates)
                .map(|(x, y)| x / y.max(1e-9))
                .collect(),
        }
    }

    /// One line of the table.
    pub(crate) fn line(&self) -> String {
        let lo = self.ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = self.ratios.iter().copied().fold(0.0, f64::max);
        format!(
            "{:<28} {:>4} A/A     {:<6} ratio {:.3} (rounds {lo:.3}–{hi:.3})",
            self.op,
            self.concurrency,
            self.api,
            median(&self.ratios)
        )
    }

    /// The figure as JSON.
    pub(crate) fn json(&self) -> Value {
        json!({
            "op": self.op, "concurrency": self.concurrency, "api": self.api,
            "ratio_median": median(&self.ratios), "ratio_rounds": self.ratios,
        })
    }
}
