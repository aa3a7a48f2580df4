//! Medians, quantiles and throughput.

use std::time::Duration;

/// The median of `xs` (sorted here; the mean of the middle two when even).
pub(crate) fn median(xs: &[f64]) -> f64 {
    assert!(!xs.is_empty(), "median of nothing");
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// The value at quantile `q` (0..=1) of the sorted `xs`, nearest rank.
pub(crate) fn quantile(sorted: &[Duration], q: f64) -> Duration {
    assert!(!sorted.is_empty(), "quantile of nothing");
    let rank = ((sorted.len() as f64) * q).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Operations per second for `n` operations in `elapsed`.
pub(crate) fn ops_per_sec(n: u64, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64().max(1e-9)
}

/// The smallest and largest of `xs`.
pub(crate) fn range(xs: &[f64]) -> (f64, f64) {
    xs.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

/// The 1-, 5- and 15-minute load averages from `/proc/loadavg`, as printed.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

/// CPU time this process has used so far, all threads, user + system, from
/// `/proc/self/stat` (in clock ticks, taken as 100 per second, Linux's
/// `USER_HZ`): summed over many blocks, a measure of the client's own work
/// per operation that other load on the machine barely moves. `None` where
/// there is no `/proc`.
pub(crate) fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses: state is
    // field 3, utime 14 and stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    Some(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
}

/// Client CPU per operation, in µs, or `-` when unknown.
pub(crate) fn cpu_per_op(cpu: Option<Duration>, ops: u64) -> String {
    match cpu {
        Some(t) if ops > 0 => format!("{:.1}", t.as_secs_f64() * 1e6 / ops as f64),
        _ => "-".to_string(),
    }
}

/// `total` plus the CPU used between `before` and `after`; unknown stays unknown.
pub(crate) fn add_cpu(
    total: Option<Duration>,
    before: Option<Duration>,
    after: Option<Duration>,
) -> Option<Duration> {
    Some(total? + after?.checked_sub(before?)?)
}
