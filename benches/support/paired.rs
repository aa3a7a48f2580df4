//! Paired measurement of two sides of a comparison: many short rounds, each
//! one block of each side, the order swapped every round (A B, B A, …), so
//! that the drift of a shared machine and of the server (GC pauses,
//! compaction, flushes) falls on both sides alike.

use std::time::Duration;

use super::stats::{add_cpu, median, ops_per_sec, process_cpu};

/// What [`measure`] saw, per side: index 0 is side A, 1 is side B.
pub(crate) struct Paired {
    /// Operations per second of each block.
    pub(crate) rates: [Vec<f64>; 2],
    /// A's rate over B's, per round.
    pub(crate) ratios: Vec<f64>,
    /// Wall time of all blocks.
    pub(crate) elapsed: [Duration; 2],
    /// Client CPU of all blocks (`None` where `/proc` is missing).
    pub(crate) cpu: [Option<Duration>; 2],
    /// Operations per side over all rounds.
    pub(crate) ops: u64,
}

impl Paired {
    /// The median of the per-round ratios A/B.
    pub(crate) fn median_ratio(&self) -> f64 {
        median(&self.ratios)
    }

    /// A's total operations per second over B's (all rounds, as one run).
    pub(crate) fn total_ratio(&self) -> f64 {
        self.elapsed[1].as_secs_f64() / self.elapsed[0].as_secs_f64().max(1e-9)
    }
}

/// `rounds` rounds of `n` operations per side; `run(side, n)` runs one block
/// of side 0 (A) or 1 (B) and returns its wall time.
pub(crate) fn measure(
    rounds: usize,
    n: u64,
    mut run: impl FnMut(usize, u64) -> Duration,
) -> Paired {
    let mut p = Paired {
        rates: [Vec::with_capacity(rounds), Vec::with_capacity(rounds)],
        ratios: Vec::with_capacity(rounds),
        elapsed: [Duration::ZERO; 2],
        cpu: [Some(Duration::ZERO); 2],
        ops: n * rounds as u64,
    };
    for r in 0..rounds {
        let order = if r % 2 == 0 { [0, 1] } else { [1, 0] };
        let mut pair = [0.0; 2];
        for side in order {
            let cpu_before = process_cpu();
            let took = run(side, n);
            p.cpu[side] = add_cpu(p.cpu[side], cpu_before, process_cpu());
            p.elapsed[side] += took;
            pair[side] = ops_per_sec(n, took);
        }
        p.rates[0].push(pair[0]);
        p.rates[1].push(pair[1]);
        p.ratios.push(pair[0] / pair[1]);
    }
    p
}

/// A distribution-free 95% confidence interval of the median of `xs`: the
/// order statistics at ranks n/2 ∓ 1.96·√n/2 (normal approximation of the
/// binomial; for n < 6 the whole range).
pub(crate) fn median_ci95(xs: &[f64]) -> (f64, f64) {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n < 6 {
        return (v[0], v[n - 1]);
    }
    let half = 1.96 * (n as f64).sqrt() / 2.0;
    let lo = ((n as f64) / 2.0 - half).floor().max(0.0) as usize;
    let hi = ((n as f64) / 2.0 + half).ceil().min((n - 1) as f64) as usize;
    (v[lo], v[hi])
}
