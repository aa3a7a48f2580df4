//! The node-loss run of issue 15 (`cargo xtask faults`, not part of
//! `cargo test`): on the real 3-node test bed, for each backend × API,
//! [`load::WORKERS`] writers at QUORUM (RF 3) for about a minute while node
//! 2 is killed with SIGKILL and started again; then every acknowledged
//! write is read back at ALL. Then, with two of three nodes down, what
//! QUORUM and ONE give: first in the bed's default configuration (auth
//! reads at LOCAL_QUORUM refuse everything), then with the last node
//! restarted with `auth_read_consistency_level: ONE` (see `quorum`).
//!
//! Asserted, per backend × API: 0 acknowledged writes lost; every error
//! typed (none `Other`); no call longer than its timeout plus the bridge's
//! wait margin; no error later than 10 s after the node answers CQL again.
//! The figures are printed as one table and written to
//! `target/faults/node_loss.json` (`two_down.json` when only the two-down
//! checks ran).

mod load;
mod nodes;
mod quorum;
mod report;
mod run;

use std::process::ExitCode;

use cqlbridge::BackendKind;
use cqlbridge_testbed::TestBed;

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() -> ExitCode {
    let bed = match TestBed::from_env() {
        Ok(Some(bed)) if bed.hosts.len() >= 3 => bed,
        Ok(Some(_)) => {
            return fail("the node-loss run needs the 3-node bed (`cargo xtask db up --nodes 3`)")
        }
        Ok(None) => return fail("no test bed: run it through `cargo xtask faults`"),
        Err(e) => return fail(&e.to_string()),
    };
    // `two-down` as the argument runs only the two-down checks.
    let only_two_down = std::env::args().any(|a| a == "two-down");
    let mut runs = Vec::new();
    for backend in [BackendKind::Scylla, BackendKind::Cpp]
        .into_iter()
        .filter(|_| !only_two_down)
    {
        for sync in [false, true] {
            match run::node_loss(&bed, backend, sync).await {
                Ok(r) => runs.push(r),
                Err(e) => {
                    return fail(&format!(
                        "{backend} {}: {e}",
                        if sync { "sync" } else { "async" }
                    ))
                }
            }
        }
    }
    let two_down = match quorum::two_down(&bed).await {
        Ok(r) => r,
        Err(e) => return fail(&format!("two nodes down: {e}")),
    };
    let text = report::table(&runs, &two_down);
    println!("{text}");
    let name = if only_two_down {
        "two_down"
    } else {
        "node_loss"
    };
    if let Err(e) = report::write_json(name, &runs, &two_down) {
        return fail(&e);
    }
    let broken: Vec<String> = runs.iter().flat_map(report::violations).collect();
    if broken.is_empty() {
        println!("node-loss: every check held");
        ExitCode::SUCCESS
    } else {
        fail(&broken.join("\n"))
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("node-loss: FAILED: {message}");
    ExitCode::FAILURE
}
