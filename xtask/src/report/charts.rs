//! The report's SVG charts (plotters): horizontal grouped bars, one group
//! per operation at concurrency 64 — throughput per backend × API, and
//! latency p50 / p99 per backend for each API.

use std::path::Path;

use plotters::prelude::*;

use super::results::{Cell, Results};

/// One bar series: its name, one value per category, its colour.
pub(crate) struct Series {
    pub(crate) name: String,
    pub(crate) values: Vec<f64>,
    pub(crate) color: RGBColor,
}

const COLORS: [RGBColor; 4] = [
    RGBColor(31, 119, 180),
    RGBColor(174, 199, 232),
    RGBColor(214, 39, 40),
    RGBColor(255, 152, 150),
];

/// Draws `series` over `categories` into `path`.
pub(crate) fn bars(
    path: &Path,
    title: &str,
    unit: &str,
    categories: &[String],
    series: &[Series],
) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("{}: {e}", path.display());
    let height = 120 + categories.len() as u32 * (14 * series.len() as u32 + 10);
    let root = SVGBackend::new(path, (960, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let top = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max)
        .max(1e-9)
        * 1.1;
    let n = categories.len() as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(35)
        .y_label_area_size(230)
        .build_cartesian_2d(0.0..top, 0.0..n)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(categories.len() * 2 + 1)
        .y_label_formatter(&|y| {
            let i = (n - y - 0.5).round();
            let centred = (n - y - 0.5 - i).abs() < 1e-6;
            match (centred, categories.get(i as usize)) {
                (true, Some(name)) if i >= 0.0 => name.clone(),
                _ => String::new(),
            }
        })
        .x_desc(unit)
        .draw()
        .map_err(|e| err(&e))?;
    let band = 0.8 / series.len() as f64;
    for (s_i, s) in series.iter().enumerate() {
        let color = s.color;
        let rects = s.values.iter().enumerate().map(move |(c, v)| {
            let y0 = n - c as f64 - 0.9 + s_i as f64 * band;
            Rectangle::new([(0.0, y0), (*v, y0 + band)], color.filled())
        });
        chart
            .draw_series(rects)
            .map_err(|e| err(&e))?
            .label(s.name.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerRight)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}

fn value(cells: &[&Cell], op: &str, backend: &str, api: &str, f: fn(&Cell) -> f64) -> f64 {
    cells
        .iter()
        .find(|c| c.op == op && c.backend == backend && c.api == api)
        .map_or(0.0, |c| f(c))
}

/// Writes every chart into `dir`; (title, file name) of each.
pub(crate) fn write_all(r: &Results, dir: &Path) -> Result<Vec<(String, String)>, String> {
    let cells: Vec<&Cell> = r.cells.iter().filter(|c| c.concurrency == 64).collect();
    let mut ops: Vec<String> = Vec::new();
    for c in &cells {
        if !ops.contains(&c.op) {
            ops.push(c.op.clone());
        }
    }
    let mut backends: Vec<String> = cells.iter().map(|c| c.backend.clone()).collect();
    backends.sort();
    backends.dedup();
    let mut out = Vec::new();
    let mut series = Vec::new();
    for (i, (b, api)) in backends
        .iter()
        .flat_map(|b| ["async", "sync"].map(|a| (b.clone(), a)))
        .enumerate()
    {
        series.push(Series {
            name: format!("{b} {api}"),
            values: ops
                .iter()
                .map(|o| value(&cells, o, &b, api, |c| c.ops))
                .collect(),
            color: COLORS[i % COLORS.len()],
        });
    }
    let title = "Throughput at concurrency 64 (median of rounds)".to_string();
    bars(
        &dir.join("throughput_c64.svg"),
        &title,
        "ops/s",
        &ops,
        &series,
    )?;
    out.push((title, "throughput_c64.svg".to_string()));
    for api in ["async", "sync"] {
        let mut series = Vec::new();
        for (i, (b, (q, f))) in backends
            .iter()
            .flat_map(|b| {
                [
                    ("p50", (|c: &Cell| c.p50) as fn(&Cell) -> f64),
                    ("p99", |c: &Cell| c.p99),
                ]
                .map(|p| (b.clone(), p))
            })
            .enumerate()
        {
            series.push(Series {
                name: format!("{b} {q}"),
                values: ops.iter().map(|o| value(&cells, o, &b, api, f)).collect(),
                color: COLORS[i % COLORS.len()],
            });
        }
        let title = format!("Latency at concurrency 64, {api} API: p50 and p99");
        let file = format!("latency_c64_{api}.svg");
        bars(&dir.join(&file), &title, "ms", &ops, &series)?;
        out.push((title, file));
    }
    Ok(out)
}
