//! The scorecard: one record per case × backend × mode, written to
//! `<workspace>/target/conformance/matrix.json` and printed as a table.

use std::fmt::Write as _;
use std::path::PathBuf;

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every check held.
    Pass,
    /// A check failed, the case panicked or timed out.
    Fail,
    /// The backend's `Capabilities` says it cannot do this.
    Unsupported,
}

impl Status {
    /// `pass`, `fail` or `unsupported`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unsupported => "unsupported",
        }
    }
}

/// One row of the matrix.
#[derive(Debug, Clone)]
pub struct Record {
    /// Case id, e.g. `C04` or `C10.vector`; mock cases are `M..`.
    pub case: String,
    /// Backend name.
    pub backend: String,
    /// `async` or `sync`.
    pub mode: String,
    /// The outcome.
    pub status: Status,
    /// What was checked, or what went wrong.
    pub detail: String,
    /// Wall time of the case in milliseconds.
    pub millis: u128,
}

/// Where the matrix is written, independent of `CARGO_TARGET_DIR`.
pub fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("conformance")
        .join("matrix.json")
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The records as a JSON array.
pub fn to_json(records: &[Record]) -> String {
    let mut out = String::from("[\n");
    for (i, r) in records.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {{ \"case\": {}, \"backend\": {}, \"mode\": {}, \"status\": {}, \"detail\": {}, \"millis\": {} }}{}",
            json_str(&r.case),
            json_str(&r.backend),
            json_str(&r.mode),
            json_str(r.status.as_str()),
            json_str(&r.detail),
            r.millis,
            if i + 1 < records.len() { "," } else { "" }
        );
    }
    out.push(']');
    out.push('\n');
    out
}

/// Writes the JSON file, creating its directory.
pub fn write(records: &[Record]) -> std::io::Result<PathBuf> {
    let p = path();
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&p, to_json(records))?;
    Ok(p)
}

fn clip(s: &str, n: usize) -> String {
    let one_line = s.replace('\n', " ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        let mut t: String = one_line.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The table: one line per record, grouped as recorded, mock rows marked.
pub fn table(records: &[Record]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<12} {:<7} {:<6} {:<12} {:>7}  detail",
        "case", "backend", "mode", "status", "ms"
    );
    let _ = writeln!(out, "{}", "-".repeat(100));
    let mut last_backend = String::new();
    for r in records {
        if r.backend != last_backend {
            if r.backend == "mock" {
                let _ = writeln!(
                    out,
                    "-- mock backend (FakeDriver, no server): evidence for option passing, errors and the bridge only --"
                );
            } else {
                let _ = writeln!(out, "-- {} backend against the real test bed --", r.backend);
            }
            last_backend = r.backend.clone();
        }
        let _ = writeln!(
            out,
            "{:<12} {:<7} {:<6} {:<12} {:>7}  {}",
            r.case,
            r.backend,
            r.mode,
            r.status.as_str(),
            r.millis,
            clip(&r.detail, 160)
        );
    }
    out
}

/// `(passed, failed, skipped)`.
pub fn counts(records: &[Record]) -> (usize, usize, usize) {
    let n = |s: Status| records.iter().filter(|r| r.status == s).count();
    (n(Status::Pass), n(Status::Fail), n(Status::Unsupported))
}
