//! cqlbridge developer tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! - `db up [--nodes N] | down | status | logs [--lines N] | env`: the Apache Cassandra test bed
//!   (see the `db` module).
//! - `cpp-driver`: provisions libcassandra for the `cpp` backend (see the `cpp_driver` module).
//! - `test`, `demo`, `bench`: the composite tasks (see the `flow` module).
//! - `scorecard`: the maturity scorecard from measured results (see the `scorecard` module).
//! - `faults`: the node-loss run on the 3-node bed (see the `faults` module).
//!
//! Every task prints what it does on standard error; `db up`, `db env` and `cpp-driver` print
//! `export` lines on standard output, so `eval "$(cargo xtask db env)"` works.

mod cache;
mod cmd;
mod cpp_driver;
mod db;
mod faults;
mod flow;
mod report;
mod scorecard;

use std::process::ExitCode;

/// The usage text printed by `cargo xtask help` and on an unknown task.
const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  db up [--nodes 1|2|3]   fetch Apache Cassandra, start the test bed, create test roles
  db down                 stop the test bed's processes and remove their data
  db status               pids, CQL, auth, TLS and `nodetool status` of the test bed
  db logs [--lines N]     the tail of each node's system.log
  db env                  the environment variables the test suite reads, as `export` lines
  db stop-node N | kill-node N
                          stop (SIGTERM) or kill (SIGKILL) node N, keeping its data
  db start-node N [--auth-read-consistency CL]
                          start node N again and wait until it answers CQL
  cpp-driver              provision libcassandra for the cpp backend
  test [--no-cpp] [--keep-db] [-- ARGS]
                          provision, start the test bed, run every test and the
                          conformance suite for every backend, stop the test bed
                          (if this task started it)
  demo [--backend scylla|cpp] [--keep-db]
                          the main job: the demo workload against the test bed
  bench [--no-cpp] [--keep-db] [-- ARGS]
                          every bench against the test bed, then the
                          report when the workload bench ran
  bench --report          docs/benchmarks.md (tables, SVG charts) from
                          target/bench/results.json; writes nothing else
  bench --compare FILE    the results against a baseline results file; fails on
                          a regression beyond the bench's own round spread
  scorecard [--matrix P] [--bench P] [--out P]
                          docs/scorecard.md from the conformance matrix and the
                          backends bench's figures
  faults [--keep-db] [--two-down]
                          the node-loss run on the 3-node bed (kills and restarts
                          nodes; minutes; not part of `test`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("db") => db::run(&args[1..]),
        Some("cpp-driver") => cpp_driver::run(&args[1..]),
        Some("test") => flow::test(&args[1..]),
        Some("demo") => flow::demo(&args[1..]),
        Some("bench") => flow::bench(&args[1..]),
        Some("faults") => faults::run(&args[1..]),
        Some("scorecard") => scorecard::run(&args[1..]),
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}
