//! `cargo xtask scorecard [--matrix PATH] [--bench PATH] [--out PATH]`: the
//! maturity scorecard, `docs/scorecard.md`, generated from measured results
//! and nothing typed by hand:
//!
//! - the conformance matrix a run of the suite wrote
//!   (`target/conformance/matrix.json`): one record per case × backend ×
//!   mode, pass / fail / unsupported (the backend's `Capabilities` reason);
//! - the case titles of `tests/conformance/CASES.md` (each row's feature);
//! - the backends bench's figures (`target/bench/backends.json`, written by
//!   `cargo bench --bench backends`), when present, for each backend's
//!   throughput relative to the other;
//! - the grade rule of [`grade`], written into the file with the grades.
//!
//! The mock backend's records are left out: they prove the layer's logic,
//! never that a backend works.

mod input;
mod render;
#[cfg(test)]
mod tests;

use std::fs;
use std::path::PathBuf;

pub(crate) use input::{Bench, Record};

/// The grade rule, as written into the scorecard.
pub(crate) const GRADE_RULE: &str = "A: no failing cell and at least 95 % of the backend's cells \
pass; B: no failing cell and at least 85 % pass; C: at most 2 % of cells fail; D: otherwise. \
A cell is one case in one mode (async `Session`, blocking `SyncSession`); an unsupported cell \
counts against the pass share but is not a failure.";

/// The grade of a backend with `pass`, `fail` and `unsupported` cells.
pub(crate) fn grade(pass: usize, fail: usize, unsupported: usize) -> char {
    let total = (pass + fail + unsupported).max(1) as f64;
    let (pass_share, fail_share) = (pass as f64 / total, fail as f64 / total);
    match () {
        _ if fail == 0 && pass_share >= 0.95 => 'A',
        _ if fail == 0 && pass_share >= 0.85 => 'B',
        _ if fail_share <= 0.02 => 'C',
        _ => 'D',
    }
}

/// The workspace root.
fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Runs `scorecard`.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let root = workspace();
    let mut matrix = root.join("target/conformance/matrix.json");
    let mut bench = root.join("target/bench/backends.json");
    let mut out = root.join("docs/scorecard.md");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let slot = match a.as_str() {
            "--matrix" => &mut matrix,
            "--bench" => &mut bench,
            "--out" => &mut out,
            other => return Err(format!("unexpected argument `{other}`")),
        };
        *slot = PathBuf::from(it.next().ok_or(format!("{a} needs a path"))?);
    }
    let read = |p: &PathBuf| {
        fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let records = input::records(&read(&matrix)?)?;
    let titles = input::titles(&read(&root.join("tests/conformance/CASES.md"))?);
    let bench = match fs::read_to_string(&bench) {
        Ok(text) => Some(input::bench(&text)?),
        Err(_) => None,
    };
    let text = render::scorecard(&records, &titles, bench.as_ref());
    if let Some(dir) = out.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("scorecard: {} records -> {}", records.len(), out.display());
    Ok(())
}
