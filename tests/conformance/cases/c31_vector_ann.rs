//! C31 vector ANN: `vector<float, 3>` with an SAI index using
//! `similarity_function: 'cosine'`, queried with `ORDER BY v ANN OF ? LIMIT
//! ?` (the query vector bound, text and prepared) and a literal `ANN OF
//! [...]`. The ids returned are the brute-force top k by cosine computed
//! here, best first, and `similarity_cosine(v, ?)` reads back as the
//! normalised score `(1 + cos) / 2` computed here. The vectors are spread
//! far apart (4° steps on an arc) and every query lies inside the arc, so
//! the approximate search has no near ties to get wrong. A `LIMIT` above the row count returns every row.

use super::eventually::Deadline;
use super::prelude::*;

/// Rows written.
const ROWS: i32 = 40;

/// A vector at `degrees` around the z axis, lifted by `z`.
fn at(degrees: f32, z: f32) -> [f32; 3] {
    let angle = degrees.to_radians();
    [angle.cos(), angle.sin(), z]
}

/// The vector of `id`: 4° per id, from 0° to 156°.
fn vector(id: i32) -> [f32; 3] {
    at(id as f32 * 4.0, 0.25)
}

fn cosine(a: &[f32; 3], b: &[f32; 3]) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    let norm = |v: &[f32; 3]| v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    dot / (norm(a) * norm(b))
}

fn as_value(v: &[f32; 3]) -> Value {
    Value::Vector(v.iter().map(|x| Value::Float(*x)).collect())
}

/// The ids of the `k` rows most similar to `query`, best first.
fn brute_force(query: &[f32; 3], k: usize) -> Vec<i32> {
    let mut scored: Vec<(f64, i32)> = (0..ROWS)
        .map(|id| (cosine(&vector(id), query), id))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(k).map(|(_, id)| id).collect()
}

/// `(id, similarity)` rows of an ANN query, polled (bounded) while the new
/// index may still be building.
async fn ann(c: &dyn Client, query: Query, values: Values, what: &str) -> Step<Vec<(i32, f32)>> {
    let wait = Deadline::new(format!("{what} to answer"), Duration::from_secs(30));
    loop {
        match c.execute(query.clone(), values.clone()).await {
            Ok(r) => return Ok(r.map_rows(|row| Ok((row.get(0)?, row.get(1)?)))?),
            Err(e) => wait.retry(show(&e)).await?,
        }
    }
}

/// Checks ANN rows against the brute-force top `k` for `query`.
fn check(got: &[(i32, f32)], query: &[f32; 3], k: usize, what: &str) -> Step {
    let ids: Vec<i32> = got.iter().map(|(id, _)| *id).collect();
    let want = brute_force(query, k);
    ensure!(
        ids == want,
        "{what}: ANN returned ids {ids:?}, brute-force top {k} is {want:?}"
    );
    for (id, score) in got {
        let expected = (1.0 + cosine(&vector(*id), query)) / 2.0;
        let close = (f64::from(*score) - expected).abs() < 1e-4;
        ensure!(
            close,
            "{what}: similarity_cosine for id {id} is {score}, computed {expected:.6}"
        );
    }
    Ok(())
}

/// C31.
pub async fn c31(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Vector).await?;
    let t = ctx.t("embeddings");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (id int PRIMARY KEY, v vector<float, 3>)"
    ))
    .await?;
    ctx.ddl(&format!(
        "CREATE CUSTOM INDEX embeddings_ann ON {t} (v) USING 'StorageAttachedIndex' \
         WITH OPTIONS = {{'similarity_function': 'cosine'}}"
    ))
    .await?;
    let c = ctx.client().await?;
    let ins = c
        .prepare(&format!("INSERT INTO {t} (id, v) VALUES (?, ?)"))
        .await
        .ctx("prepare insert")?;
    for id in 0..ROWS {
        c.execute(Query::from(&ins), vals((id, as_value(&vector(id)))))
            .await
            .ctx("insert a vector")?;
    }

    let cql = format!("SELECT id, similarity_cosine(v, ?) FROM {t} ORDER BY v ANN OF ? LIMIT ?");
    let p = c.prepare(&cql).await.ctx("prepare the ANN query")?;
    let mut checked = 0;
    // Odd angles inside the stored arc, never halfway between two stored
    // vectors (no ties); one a longer vector (cosine ignores length). None
    // far outside the arc: there the search is approximate, as ANN may be.
    let queries = [
        at(41.0, 0.25),
        at(101.0, 0.5).map(|x| x * 3.0),
        at(137.0, -0.1),
    ];
    for (i, query) in queries.iter().enumerate() {
        let k = 5;
        let values = vals((as_value(query), as_value(query), k as i32));
        for (how, stmt) in [("text", q(cql.as_str())), ("prepared", Query::from(&p))] {
            let what = format!("{how} query {i}");
            let got = ann(&*c, stmt, values.clone(), &what).await?;
            check(&got, query, k, &what)?;
            checked += 1;
        }
    }

    let literal = [0.6f32, 0.8, 0.1];
    let got = ann(
        &*c,
        q(format!(
            "SELECT id, similarity_cosine(v, [0.6, 0.8, 0.1]) FROM {t} \
             ORDER BY v ANN OF [0.6, 0.8, 0.1] LIMIT 3"
        )),
        Values::Empty,
        "literal ANN OF",
    )
    .await?;
    check(&got, &literal, 3, "literal ANN OF [0.6, 0.8, 0.1]")?;

    let all = ROWS as usize;
    let got = ann(
        &*c,
        Query::from(&p),
        vals((as_value(&literal), as_value(&literal), 1000)),
        "LIMIT above the row count",
    )
    .await?;
    check(&got, &literal, all, "LIMIT 1000")?;
    Ok(format!(
        "{checked} bound ANN queries (text and prepared), a literal one and LIMIT 1000: ids equal the brute-force \
         cosine top k, best first, similarity_cosine = (1 + cos) / 2 (± 1e-4), {ROWS} rows"
    ))
}
