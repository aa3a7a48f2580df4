//! What the scorecard reads: the conformance matrix, the case titles, the
//! backends bench's figures.

use std::collections::BTreeMap;

use serde_json::Value;

/// One record of the conformance matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    /// Case id (`C04`, `C10.vector`).
    pub(crate) case: String,
    /// Backend name.
    pub(crate) backend: String,
    /// `async` or `sync`.
    pub(crate) mode: String,
    /// `pass`, `fail` or `unsupported`.
    pub(crate) status: String,
    /// What was checked, or why not.
    pub(crate) detail: String,
}

fn text(v: &Value, key: &str) -> Result<String, String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or(format!("a matrix record has no text `{key}`"))
}

/// The records of `json` (the matrix file), the mock backend's left out.
pub(crate) fn records(json: &str) -> Result<Vec<Record>, String> {
    let all: Vec<Value> =
        serde_json::from_str(json).map_err(|e| format!("the matrix is not a JSON array: {e}"))?;
    let mut out = Vec::new();
    for v in &all {
        let r = Record {
            case: text(v, "case")?,
            backend: text(v, "backend")?,
            mode: text(v, "mode")?,
            status: text(v, "status")?,
            detail: text(v, "detail")?,
        };
        if !["pass", "fail", "unsupported"].contains(&r.status.as_str()) {
            return Err(format!(
                "{} {}: unknown status `{}`",
                r.case, r.backend, r.status
            ));
        }
        if r.backend != "mock" {
            out.push(r);
        }
    }
    if out.is_empty() {
        return Err("the matrix holds no record of a real backend".into());
    }
    Ok(out)
}

/// Case id → title, from the `ID — title: what it proves` lines.
pub(crate) fn titles(cases_md: &str) -> BTreeMap<String, String> {
    cases_md
        .lines()
        .filter_map(|l| {
            let (id, rest) = l.split_once(" — ")?;
            let id = id.trim();
            let starts_like_an_id =
                id.starts_with(['C', 'M']) && id[1..].starts_with(|c: char| c.is_ascii_digit());
            let mut parts = rest.splitn(3, ": ");
            let mut title = parts.next().unwrap_or(rest).trim().to_string();
            // A sub-case (`C10.vector`) shares its case's title: its own
            // first phrase tells it apart, when short.
            if let (true, Some(own)) = (id.contains('.'), parts.next()) {
                if parts.next().is_some() && own.trim().len() <= 40 {
                    title = format!("{title}: {}", own.trim());
                }
            }
            starts_like_an_id.then(|| (id.to_string(), title))
        })
        .collect()
}

/// The backends bench's figures: per operation, the median ops/s of each
/// backend and the spread of the per-round ratio.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bench {
    /// Where and when it ran (the bench's own header).
    pub(crate) context: String,
    /// One row per operation × concurrency.
    pub(crate) rows: Vec<BenchRow>,
}

/// One operation × concurrency of the bench.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BenchRow {
    /// e.g. `insert c64`.
    pub(crate) op: String,
    /// Median ops/s by backend.
    pub(crate) ops: BTreeMap<String, f64>,
    /// cpp/scylla throughput: median, min, max of the per-round ratios.
    pub(crate) ratio: [f64; 3],
}

/// Parses `target/bench/backends.json`.
pub(crate) fn bench(json: &str) -> Result<Bench, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("backends.json: {e}"))?;
    let context = v
        .get("context")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let rows = v
        .get("rows")
        .and_then(Value::as_array)
        .ok_or("backends.json has no `rows`")?
        .iter()
        .map(|r| {
            let op = r
                .get("op")
                .and_then(Value::as_str)
                .ok_or("a bench row has no `op`")?;
            let ops = r
                .get("ops_per_s")
                .and_then(Value::as_object)
                .ok_or("a bench row has no `ops_per_s`")?
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
                .collect();
            let ratio = r
                .get("ratio")
                .and_then(Value::as_array)
                .and_then(|a| {
                    Some([
                        a.first()?.as_f64()?,
                        a.get(1)?.as_f64()?,
                        a.get(2)?.as_f64()?,
                    ])
                })
                .ok_or("a bench row has no `ratio` [median, min, max]")?;
            Ok(BenchRow {
                op: op.to_string(),
                ops,
                ratio,
            })
        })
        .collect::<Result<Vec<_>, &str>>()?;
    Ok(Bench { context, rows })
}
