//! The scan's progress bar on stderr (hidden unless stderr is a terminal)
//! and the closing summary line.

use std::io::IsTerminal;
use std::time::Duration;

use cqlbridge::scan::ScanProgress;
use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar on stderr, hidden when stderr is not a terminal.
pub(crate) fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(1000);
    let style = ProgressStyle::with_template("{bar:30} {percent:>3}% {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Moves the bar to `p`: the token space covered, rows, rate and ETA.
pub(crate) fn show(bar: &ProgressBar, p: &ScanProgress) {
    bar.set_position((p.fraction * 1000.0).round() as u64);
    let eta = p.eta.map_or("?".into(), |d| format!("{} s", d.as_secs()));
    bar.set_message(format!(
        "{} rows, {:.0} rows/s, ranges {}/{}, ETA {eta}",
        p.rows, p.rows_per_sec, p.ranges_done, p.ranges_total
    ));
}

/// The closing line: rows, table, time, rate, ranges, and why it stopped
/// early (`ending` is empty when the scan finished).
pub(crate) fn summary(p: &ScanProgress, table: &str, ending: &str) -> String {
    format!(
        "scanned {} rows of {table} in {:.1} s ({:.0} rows/s), ranges {}/{}{ending}",
        p.rows,
        p.elapsed.as_secs_f64(),
        p.rows_per_sec,
        p.ranges_done,
        p.ranges_total,
    )
}
