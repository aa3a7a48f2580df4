//! The report on a fixture results file: the tables hold every cell, the
//! charts are SVG, the comparison flags a drop beyond the noise and not one
//! within it.

use super::compare::regressions;
use super::results::parse;
use super::{charts, markdown};

fn cell(op: &str, backend: &str, api: &str, rounds: [f64; 3], errors: u64) -> String {
    format!(
        r#"{{ "op": "{op}", "concurrency": 64, "backend": "{backend}", "api": "{api}",
        "ops_per_s_median": {}, "ops_per_s_rounds": [{}, {}, {}], "p50_ms": 1.5, "p90_ms": 2.0,
        "p99_ms": 4.25, "p999_ms": 6.0, "max_ms": 9.0, "cpu_us_per_op": 12.5, "calls": 600,
        "errors": {errors} }}"#,
        rounds[1], rounds[0], rounds[1], rounds[2]
    )
}

fn results(insert: [f64; 3], select_errors: u64) -> String {
    results_with_aa(insert, select_errors, "[]")
}

fn results_with_aa(insert: [f64; 3], select_errors: u64, aa: &str) -> String {
    format!(
        r#"{{ "machine": {{ "cpus": 2, "cpu": "test cpu" }}, "commit": "abc", "rounds": 3,
        "load_average": {{ "before": "1", "after": "2" }}, "not_run": ["paged read at 64: not run"],
        "aa": {aa}, "cells": [{}, {}] }}"#,
        cell("insert", "scylla", "async", insert, 0),
        cell(
            "select",
            "cpp",
            "sync",
            [900.0, 1000.0, 1100.0],
            select_errors
        )
    )
}

#[test]
fn the_report_lists_every_cell_and_draws_svg() {
    let r = parse(&results([9000.0, 10000.0, 11000.0], 0)).unwrap();
    let dir = std::env::temp_dir().join(format!("cqlbridge-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let charts = charts::write_all(&r, &dir).unwrap();
    assert_eq!(charts.len(), 3);
    for (_, file) in &charts {
        let svg = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("insert"), "{file}");
    }
    let md = markdown(&r, &charts);
    assert!(md.contains("| insert | scylla | async | 10000 (9000–11000) | 1.50 | 2.00 | 4.25 | 6.00 | 9.00 | 12.5 | 0 |"), "{md}");
    assert!(
        md.contains("![Throughput at concurrency 64 (median of rounds)](bench/throughput_c64.svg)")
    );
    assert!(md.contains("- paged read at 64: not run"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_drop_beyond_the_noise_is_flagged_and_one_within_it_is_not() {
    let base = parse(&results([9000.0, 10000.0, 11000.0], 0)).unwrap();
    let within = parse(&results([8500.0, 9200.0, 9900.0], 0)).unwrap();
    assert!(regressions(&base, &within).is_empty());
    let beyond = parse(&results([5000.0, 5500.0, 6000.0], 0)).unwrap();
    let found = regressions(&base, &beyond);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].key.starts_with("insert c64 scylla async"),
        "{found:?}"
    );
    let erring = parse(&results([9000.0, 10000.0, 11000.0], 3)).unwrap();
    let found = regressions(&base, &erring);
    assert_eq!(found.len(), 1);
    assert!(found[0].why.contains("3 errors"));
}

#[test]
fn a_file_without_cells_is_refused() {
    assert!(parse("{}").unwrap_err().contains("cells"));
    assert!(parse(r#"{ "cells": [] }"#).unwrap_err().contains("no cell"));
}

/// An A/A figure for the insert cell, its rounds `ratios`.
fn insert_aa(ratios: [f64; 3]) -> String {
    format!(
        r#"[{{ "op": "insert", "concurrency": 64, "api": "async", "ratio_median": {},
        "ratio_rounds": [{}, {}, {}] }}]"#,
        ratios[1], ratios[0], ratios[1], ratios[2]
    )
}

#[test]
fn the_aa_spread_widens_the_noise_and_is_reported() {
    // Rounds within 2 % of each other; the A/A figure strays 40 % from 1.
    let base = parse(&results_with_aa(
        [9900.0, 10000.0, 10100.0],
        0,
        &insert_aa([0.6, 1.0, 1.1]),
    ))
    .unwrap();
    let now = parse(&results([6900.0, 7000.0, 7100.0], 0)).unwrap();
    assert!(
        regressions(&base, &now).is_empty(),
        "a 30 % drop is within the A/A noise"
    );
    let quiet = parse(&results([9900.0, 10000.0, 10100.0], 0)).unwrap();
    assert_eq!(
        regressions(&quiet, &now).len(),
        1,
        "without A/A noise it is flagged"
    );
    let md = markdown(&base, &[]);
    assert!(
        md.contains("| insert | 64 | async | 1.000 | 0.600–1.100 |"),
        "{md}"
    );
}
