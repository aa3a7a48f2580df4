//! `target/bench/results.json` as the report reads it.

use serde_json::Value;

/// One cell of the workload bench.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub(crate) op: String,
    pub(crate) concurrency: u64,
    pub(crate) backend: String,
    pub(crate) api: String,
    pub(crate) ops: f64,
    pub(crate) rounds: Vec<f64>,
    pub(crate) p50: f64,
    pub(crate) p90: f64,
    pub(crate) p99: f64,
    pub(crate) p999: f64,
    pub(crate) max: f64,
    pub(crate) cpu_us: f64,
    pub(crate) errors: u64,
}

impl Cell {
    /// `op c64 backend api`, the key comparisons match cells by.
    pub(crate) fn key(&self) -> String {
        format!(
            "{} c{} {} {}",
            self.op, self.concurrency, self.backend, self.api
        )
    }

    /// The lowest and highest round's ops/s.
    pub(crate) fn round_range(&self) -> (f64, f64) {
        let lo = self.rounds.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = self
            .rounds
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        if self.rounds.is_empty() {
            (self.ops, self.ops)
        } else {
            (lo, hi)
        }
    }
}

/// One A/A figure: the scylla backend's ops/s over its repeat's (its own
/// sessions, same rounds) for one operation × concurrency × API.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AaFigure {
    pub(crate) op: String,
    pub(crate) concurrency: u64,
    pub(crate) api: String,
    pub(crate) median: f64,
    pub(crate) rounds: Vec<f64>,
}

impl AaFigure {
    /// The farthest any round's ratio lies from 1 (0.1 = 10 %).
    pub(crate) fn spread(&self) -> f64 {
        self.rounds
            .iter()
            .chain(std::iter::once(&self.median))
            .map(|r| (r - 1.0).abs())
            .fold(0.0, f64::max)
    }

    /// Whether it measures the noise of `c`'s operation, concurrency and API.
    pub(crate) fn covers(&self, c: &Cell) -> bool {
        self.op == c.op && self.concurrency == c.concurrency && self.api == c.api
    }
}

/// A whole results file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Results {
    pub(crate) cpus: u64,
    pub(crate) cpu: String,
    pub(crate) commit: String,
    pub(crate) rounds: u64,
    pub(crate) load_before: String,
    pub(crate) load_after: String,
    pub(crate) cells: Vec<Cell>,
    pub(crate) aa: Vec<AaFigure>,
    pub(crate) not_run: Vec<String>,
}

impl Results {
    /// The A/A spread that covers `c`, 0 when the run has none.
    pub(crate) fn aa_spread(&self, c: &Cell) -> f64 {
        self.aa
            .iter()
            .filter(|a| a.covers(c))
            .map(AaFigure::spread)
            .fold(0.0, f64::max)
    }
}

fn numbers(v: &Value, key: &str) -> Vec<f64> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn aa_figures(v: &Value) -> Result<Vec<AaFigure>, String> {
    let Some(list) = v.get("aa").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    list.iter()
        .map(|a| {
            Ok(AaFigure {
                op: text(a, "op"),
                concurrency: num(a, "concurrency")? as u64,
                api: text(a, "api"),
                median: num(a, "ratio_median")?,
                rounds: numbers(a, "ratio_rounds"),
            })
        })
        .collect()
}

fn num(v: &Value, key: &str) -> Result<f64, String> {
    v.get(key)
        .and_then(Value::as_f64)
        .ok_or(format!("a cell has no number `{key}`"))
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Parses a results file.
pub(crate) fn parse(json: &str) -> Result<Results, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("results.json: {e}"))?;
    let cells = v
        .get("cells")
        .and_then(Value::as_array)
        .ok_or("results.json has no `cells`")?
        .iter()
        .map(|c| {
            Ok(Cell {
                op: text(c, "op"),
                concurrency: num(c, "concurrency")? as u64,
                backend: text(c, "backend"),
                api: text(c, "api"),
                ops: num(c, "ops_per_s_median")?,
                rounds: numbers(c, "ops_per_s_rounds"),
                p50: num(c, "p50_ms")?,
                p90: num(c, "p90_ms")?,
                p99: num(c, "p99_ms")?,
                p999: num(c, "p999_ms")?,
                max: num(c, "max_ms")?,
                cpu_us: num(c, "cpu_us_per_op")?,
                errors: num(c, "errors")? as u64,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    if cells.is_empty() {
        return Err("results.json holds no cell".into());
    }
    let machine = v.get("machine").cloned().unwrap_or_default();
    let load = v.get("load_average").cloned().unwrap_or_default();
    Ok(Results {
        cpus: machine.get("cpus").and_then(Value::as_u64).unwrap_or(0),
        cpu: text(&machine, "cpu"),
        commit: text(&v, "commit"),
        rounds: v.get("rounds").and_then(Value::as_u64).unwrap_or(0),
        load_before: text(&load, "before"),
        load_after: text(&load, "after"),
        cells,
        aa: aa_figures(&v)?,
        not_run: v
            .get("not_run")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    })
}
