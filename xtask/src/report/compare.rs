//! Results against a baseline. The noise is the bench's own: the spread of
//! a cell's rounds (highest over lowest ops/s, in each run) and its A/A
//! spread (how far the scylla backend measured against itself strayed from
//! 1 for the same operation, concurrency and API). A cell regressed when
//! its median ops/s fell below the baseline's by more than the largest of
//! these, in either run, and below the baseline's slowest round; or when
//! it has errors the baseline had not.

use super::results::{Cell, Results};

/// One regressed cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Regression {
    pub(crate) key: String,
    pub(crate) baseline: f64,
    pub(crate) now: f64,
    pub(crate) noise: f64,
    pub(crate) why: String,
}

/// The relative spread of a cell's rounds (0.1 = 10 %).
fn spread(c: &Cell) -> f64 {
    let (lo, hi) = c.round_range();
    if lo > 0.0 {
        hi / lo - 1.0
    } else {
        0.0
    }
}

/// Every cell of `now` that regressed against `base` (cells in one only
/// are left out; [`summary`] counts them).
pub(crate) fn regressions(base: &Results, now: &Results) -> Vec<Regression> {
    let mut out = Vec::new();
    for n in &now.cells {
        let Some(b) = base.cells.iter().find(|b| b.key() == n.key()) else {
            continue;
        };
        let noise = spread(b)
            .max(spread(n))
            .max(base.aa_spread(b))
            .max(now.aa_spread(n));
        let (slowest, _) = b.round_range();
        if n.ops < b.ops * (1.0 - noise) && n.ops < slowest {
            out.push(Regression {
                key: n.key(),
                baseline: b.ops,
                now: n.ops,
                noise,
                why: format!(
                    "{:.0} → {:.0} ops/s ({:+.0} %, noise ±{:.0} %)",
                    b.ops,
                    n.ops,
                    (n.ops / b.ops - 1.0) * 100.0,
                    noise * 100.0
                ),
            });
        } else if n.errors > 0 && b.errors == 0 {
            out.push(Regression {
                key: n.key(),
                baseline: b.ops,
                now: n.ops,
                noise,
                why: format!("{} errors, none in the baseline", n.errors),
            });
        }
    }
    out
}

/// What the comparison found, for the terminal.
pub(crate) fn summary(base: &Results, now: &Results, found: &[Regression]) -> String {
    let matched = now
        .cells
        .iter()
        .filter(|n| base.cells.iter().any(|b| b.key() == n.key()))
        .count();
    let mut s = format!(
        "compared {matched} cells with the baseline (commit {}): {} regressed beyond the noise\n",
        base.commit,
        found.len()
    );
    for r in found {
        s.push_str(&format!("  REGRESSED {}: {}\n", r.key, r.why));
    }
    let only = now.cells.len() - matched;
    if only > 0 {
        s.push_str(&format!("  ({only} cells have no baseline)\n"));
    }
    s
}
