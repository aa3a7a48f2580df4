//! What each example must have printed: one check per example, on the
//! `outcome` lines of one run (see `runner.rs`).

use std::ops::RangeInclusive;

use cqlbridge::Feature;

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

/// Every page's total is exactly what 16 tasks × 20 rounds of `+ (i + 1)`
/// plus the counter batch's 1000 add up to; every visit counted once.
pub(crate) fn realtime_counters(run: &Run) {
    for (i, page) in ["home", "pricing", "docs", "blog", "about"]
        .iter()
        .enumerate()
    {
        let per_update = i64::try_from(i).expect("five pages") + 1;
        assert_eq!(
            run.int(&format!("views[{page}]")),
            16 * 20 * per_update + 1_000,
            "[{}] views of {page}",
            run.backend
        );
        assert_eq!(
            run.int(&format!("visitors[{page}]")),
            16 * 20,
            "[{}] visitors",
            run.backend
        );
    }
    run.expect("pages_exact", "5/5");
}

/// Exactly one of 16 registrants won each name, and it is the owner stored;
/// 16 optimistic edits all applied once: version 1 + 16, 16 editors.
pub(crate) fn lwt_registry(run: &Run) {
    for name in ["ada", "bob", "cy", "di", "eve", "fay", "gus", "hal"] {
        run.expect(&format!("winners[{name}]"), "1");
    }
    run.expect("owners_match", "8/8");
    run.expect("final_version", "17");
    run.expect("editors", "16");
    within(run, "conflicts", 0..=i64::MAX);
}

/// Both imports landed every row of the file (count and `qty` sum), at most
/// 16 batches in flight; the progress bar hid itself (stderr is a pipe here)
/// and wrote no control characters.
pub(crate) fn batch_importer(run: &Run) {
    run.expect("csv_rows", "100000");
    let csv_sum = run.get("csv_qty_sum");
    for kind in ["logged", "unlogged"] {
        run.expect(&format!("rows[{kind}]"), "100000");
        run.expect(&format!("qty_sum[{kind}]"), csv_sum);
        within(run, &format!("peak_in_flight[{kind}]"), 1..=16);
        within(run, &format!("rows_per_s[{kind}]"), 1..=i64::MAX);
        run.expect(&format!("progress_bar[{kind}]"), "hidden");
    }
    let control = run.stderr.chars().find(|c| c.is_control() && *c != '\n');
    assert_eq!(
        control, None,
        "[{}] control characters on stderr: {:?}",
        run.backend, run.stderr
    );
}

/// Every collection operator did exactly its part, the frozen list refused an
/// append, and the frozen set found its article.
pub(crate) fn collections_tags(run: &Run) {
    run.expect("tags", "async,cql,rust");
    run.expect("history", "imported,created,edited");
    run.expect("attrs", "author:ada");
    run.expect("revision", "1,2");
    run.expect("frozen_append", "rejected");
    run.expect("by_tags", "[1]");
}

/// The view caught up with the base table (within the example's bound) after
/// the inserts and after a move, a delete and a price change.
pub(crate) fn materialized_views(run: &Run) {
    for category in ["books", "games", "tools"] {
        run.expect(&format!("inserted[{category}]"), "8");
    }
    run.expect("view_matches_base[inserts]", "true");
    run.expect("view_matches_base[changes]", "true");
    run.expect("ids[books]", "0 1 3 6 9 12 15 18 21");
    run.expect("ids[games]", "4 7 10 13 16 19 22");
    run.expect("ids[tools]", "5 8 11 14 17 20 23");
    run.expect("books_has_1", "true");
    run.expect("price[3]", "999");
    run.expect("view_rows", "23");
}

/// Where the backend supports vectors: each ANN top-5 is the brute-force
/// cosine top-5 and the server's scores agree with Rust's. Where it does not,
/// the example says exactly that, and the capability agrees.
pub(crate) fn vector_search(run: &Run) {
    if !run.capabilities.supports(Feature::Vector) {
        run.expect("vector", "unsupported");
        assert!(
            run.stdout
                .contains("vector search: unsupported on this backend ("),
            "[{}] no unsupported report:\n{}",
            run.backend,
            run.stdout
        );
        return;
    }
    run.expect("vector", "supported");
    run.expect("items", "64");
    for q in 0..3 {
        let ann = run.get(&format!("ann[{q}]"));
        assert_eq!(
            ann.split(',').count(),
            5,
            "[{}] ann[{q}] = {ann}",
            run.backend
        );
        run.expect(&format!("brute[{q}]"), ann);
    }
    run.expect("matches", "3/3");
    run.expect("scores_agree", "true");
}

/// `PER PARTITION LIMIT` gave each of the 8 partitions' newest rows (23:55
/// first, clustering DESC); an hour is 12 readings from 12:55 down; a day of
/// 288 readings was paged 50 at a time, the second half resumed from the
/// saved paging state in another session, each row once, newest first.
pub(crate) fn timeseries_iot(run: &Run) {
    run.expect("latest_rows", "8");
    run.expect("latest_at_2355", "8");
    run.expect("per_partition_3_rows", "24");
    run.expect("hour_rows", "12");
    run.expect("hour_first_minute", "775");
    run.expect("paged_rows", "288");
    run.expect("paged_distinct", "288");
    run.expect("pages", "6");
    run.expect("resumed_after_page", "3");
    run.expect("paged_descending", "true");
}

/// All 358 events landed in their (run, severity) partitions; each group
/// partition holds its 6 runs (2 failed: a CRITICAL event); one test's two
/// attempts come newest first; six statements served every request.
pub(crate) fn argus_tracker(run: &Run) {
    run.expect("events_ingested", "358");
    run.expect("events_read", "358");
    for group in ["longevity", "upgrade"] {
        run.expect(&format!("runs[{group}]"), "6");
        run.expect(&format!("failed[{group}]"), "2");
    }
    run.expect("test_1_attempts", "2");
    run.expect("newest_first", "true");
    run.expect("errors[run1]", "4");
    run.expect("prepared_statements", "6");
    run.expect("prepare_again_cached", "true");
}

/// The slow-query log saw all 52 requests of its workload (1 prepare, 40
/// inserts, 10 reads, 1 failed read) once each, logged the failed one as
/// `invalid`, and the session's metrics count the same 52 (5 on the
/// `reporting` profile) with ordered latencies.
pub(crate) fn slow_query_log(run: &Run) {
    run.expect("rows_found", "10");
    run.expect("missing_table_failed", "true");
    run.expect("observed", "52");
    run.expect("logged_at_0ms", "52");
    run.expect("errors_logged", "1");
    run.expect("error_kind", "invalid");
    run.expect("slow_seen", "52");
    within(run, "slow_logged", 1..=52);
    run.expect("metrics_requests", "52");
    run.expect("metrics_reporting", "5");
    run.expect("latency_ordered", "true");
}
