//! The node-loss figures: a table for the terminal and the note,
//! `target/faults/node_loss.json`, and the checks each run must pass.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;

use crate::quorum::TwoDown;
use crate::run::NodeLoss;

/// The longest a run may keep failing after the node answers again.
pub(crate) const RECOVERY_BOUND: Duration = Duration::from_secs(10);

fn ms(d: Duration) -> u128 {
    d.as_millis()
}

/// The broken promises of `r`, one line each.
pub(crate) fn violations(r: &NodeLoss) -> Vec<String> {
    let who = format!("{} {}", r.backend, r.api);
    let mut out = Vec::new();
    if r.lost > 0 {
        out.push(format!(
            "{who}: {} of {} acknowledged writes lost",
            r.lost, r.acked
        ));
    }
    if r.acked == 0 {
        out.push(format!("{who}: no write was acknowledged"));
    }
    if !r.untyped.is_empty() {
        out.push(format!("{who}: untyped errors: {:?}", r.untyped));
    }
    if r.longest > r.bound {
        out.push(format!(
            "{who}: a call took {:?}, over {:?}",
            r.longest, r.bound
        ));
    }
    if r.recovery > RECOVERY_BOUND {
        out.push(format!(
            "{who}: errors went on {:?} after the node answered again (bound {RECOVERY_BOUND:?})",
            r.recovery
        ));
    }
    out
}

/// The table of every run and of the two-down checks.
pub(crate) fn table(runs: &[NodeLoss], two: &[TwoDown]) -> String {
    let mut t = String::from(
        "| backend | API | writes | acknowledged | lost | errors by kind | longest call (bound) | killed / back at | errors after back | last error after back |\n\
         |---|---|---:|---:|---:|---|---|---|---:|---:|\n",
    );
    for r in runs {
        let errors: Vec<String> = r.errors.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} | {} ms ({} ms) | {:.1} s / {:.1} s | {} | {} ms |",
            r.backend,
            r.api,
            r.calls,
            r.acked,
            r.lost,
            if errors.is_empty() {
                "none".into()
            } else {
                errors.join(", ")
            },
            ms(r.longest),
            ms(r.bound),
            r.killed_at.as_secs_f64(),
            r.back_at.as_secs_f64(),
            r.errors_after_back,
            ms(r.recovery),
        );
    }
    t.push_str(
        "\n| two of three down | default config: QUORUM | default config: ONE | auth at ONE: QUORUM | ONE |\n|---|---|---|---|---|\n",
    );
    for d in two {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} in {} ms | {} |",
            d.who,
            d.default_quorum,
            d.default_one,
            d.quorum,
            ms(d.quorum_took),
            d.one
        );
    }
    t
}

/// Writes every figure to `target/faults/<name>.json`.
pub(crate) fn write_json(name: &str, runs: &[NodeLoss], two: &[TwoDown]) -> Result<(), String> {
    let runs: Vec<_> = runs
        .iter()
        .map(|r| {
            json!({
                "backend": r.backend, "api": r.api, "writes": r.calls, "acknowledged": r.acked,
                "lost": r.lost, "errors": r.errors, "untyped": r.untyped,
                "longest_ms": ms(r.longest), "bound_ms": ms(r.bound),
                "killed_at_ms": ms(r.killed_at), "back_at_ms": ms(r.back_at), "ran_ms": ms(r.ran),
                "errors_after_back": r.errors_after_back, "recovery_ms": ms(r.recovery),
                "kill_disruption_ms": ms(r.kill_disruption),
            })
        })
        .collect();
    let two: Vec<_> = two
        .iter()
        .map(|d| {
            json!({
                "who": d.who, "default_quorum": d.default_quorum, "default_one": d.default_one,
                "quorum": d.quorum, "quorum_ms": ms(d.quorum_took), "one": d.one,
            })
        })
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("faults");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(&json!({ "runs": runs, "two_down": two }))
        .map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("node-loss: figures in {}", path.display());
    Ok(())
}
