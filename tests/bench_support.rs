//! Unit tests of the benches' own statistics (`benches/support/`), which
//! the bench binaries cannot run themselves (they have no test harness).

#![allow(dead_code)]

#[path = "../benches/support/stats.rs"]
mod stats;

#[path = "../benches/support/paired.rs"]
mod paired;

use std::time::Duration;

use paired::{measure, median_ci95};

#[test]
fn ci_brackets_the_median_and_narrows_with_more_rounds() {
    let xs: Vec<f64> = (0..101).map(|i| f64::from(i) / 100.0).collect();
    let (lo, hi) = median_ci95(&xs);
    assert!(lo < 0.5 && 0.5 < hi, "{lo} {hi}");
    assert!(
        (lo - 0.40).abs() < 0.011 && (hi - 0.60).abs() < 0.011,
        "{lo} {hi}"
    );
    assert_eq!(median_ci95(&[3.0, 1.0, 2.0]), (1.0, 3.0));
}

#[test]
fn rounds_alternate_the_order_and_add_up() {
    let mut order = Vec::new();
    let p = measure(4, 10, |side, n| {
        order.push(side);
        Duration::from_millis(n * (side as u64 + 1))
    });
    assert_eq!(order, [0, 1, 1, 0, 0, 1, 1, 0]);
    assert_eq!(p.ops, 40);
    assert!(p.ratios.iter().all(|r| (r - 2.0).abs() < 1e-9));
    assert!((p.total_ratio() - 2.0).abs() < 1e-9);
    assert!((p.median_ratio() - 2.0).abs() < 1e-9);
}
