//! What each example must have printed: one check per example, on the
//! `outcome` lines of one run (see `runner.rs`).

use std::ops::RangeInclusive;

use crate::runner::Run;

/// Asserts the outcome `key` is an integer within `range`.
fn within(run: &Run, key: &str, range: RangeInclusive<i64>) {
    let v = run.int(key);
    assert!(
        range.contains(&v),
        "[{}] outcome {key} = {v}, expected within {range:?}",
        run.backend
    );
}

/// Default, short, long and no TTL read back with `TTL(col)`; exactly the
/// rows whose TTL ran out are gone, and the column with its own TTL is null.
pub(crate) fn ttl_sessions(run: &Run) {
    run.expect("rows_before", "7");
    within(run, "ttl[d1]", 1..=3);
    for sid in ["s1", "s2"] {
        within(run, &format!("ttl[{sid}]"), 1..=2);
    }
    for sid in ["d2", "r1", "r2"] {
        within(run, &format!("ttl[{sid}]"), 590..=600);
    }
    run.expect("ttl[p1]", "null");
    within(run, "data_ttl[p1]", 1..=2);
    run.expect("survivors", "d2,p1,r1,r2");
    run.expect("expired", "d1,s1,s2");
    run.expect("p1_data_after", "null");
}
