//! Vector similarity search: items with a `vector<float, 8>` embedding (made
//! deterministically here, no model), an SAI index with cosine similarity,
//! and `ORDER BY v ANN OF ? LIMIT k`, checked against a brute-force cosine
//! top-k computed in Rust (the index is approximate; on this small data set
//! the answers should be the same). A backend without vector support says
//! so, and does nothing else.
//!
//! `cargo run --example vector_search --features all-drivers -- --backend scylla|cpp`

mod common;

use std::time::Duration;

use common::{other, outcome};
use cqlbridge::{Feature, Result, Session, Statement};

/// The embedding's dimension.
const DIM: usize = 8;
/// How many items are stored.
const ITEMS: u64 = 64;
/// How many neighbours each query asks for.
const K: usize = 5;
/// The query vectors' seeds.
const QUERIES: [u64; 3] = [1_001, 1_002, 1_003];

#[tokio::main]
async fn main() {
    common::finish("vector_search", run().await);
}

async fn run() -> Result<()> {
    let config = common::config()?;
    let session = cqlbridge::connect(&config).await?;
    let ks = common::keyspace_name("vector_search");
    common::create_keyspace(&session, &ks).await?;
    let result = search(&session, &ks).await;
    let dropped = common::drop_keyspace(&session, &ks).await;
    session.close().await?;
    result.and(dropped)
}

/// A deterministic embedding: `DIM` floats in [-1, 1) from a splitmix64 stream.
fn embedding(seed: u64) -> Vec<f32> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..DIM)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            ((z >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        })
        .collect()
}

/// The cosine similarity of `a` and `b`.
fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    let norm = |v: &[f32]| v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    dot / (norm(a) * norm(b))
}

/// The `K` item ids most similar to `query`, most similar first.
fn brute_force(items: &[(i32, Vec<f32>)], query: &[f32]) -> Vec<i32> {
    let mut scored: Vec<(f64, i32)> = items
        .iter()
        .map(|(id, v)| (cosine(v, query), *id))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(K).map(|(_, id)| id).collect()
}

async fn search(session: &Session, ks: &str) -> Result<()> {
    if let Some(reason) = session.capabilities().reason(Feature::Vector) {
        println!("vector search: unsupported on this backend ({reason})");
        outcome("vector", "unsupported");
        return Ok(());
    }
    outcome("vector", "supported");
    session
        .execute(
            common::ddl(format!(
                "CREATE TABLE {ks}.items (id int PRIMARY KEY, label text, v vector<float, {DIM}>)"
            )),
            (),
        )
        .await?;
    session
        .execute(
            common::ddl(format!(
                "CREATE INDEX items_v ON {ks}.items (v) USING 'sai' \
                 WITH OPTIONS = {{'similarity_function': 'cosine'}}"
            )),
            (),
        )
        .await?;
    println!("table items (v vector<float, {DIM}>), SAI index items_v (cosine)");

    let insert = session
        .prepare(&format!(
            "INSERT INTO {ks}.items (id, label, v) VALUES (?, ?, ?)"
        ))
        .await?;
    let mut items = Vec::new();
    for seed in 0..ITEMS {
        let id = i32::try_from(seed).expect("a few items");
        let v = embedding(seed);
        session
            .execute(&insert, (id, format!("item-{id}"), v.clone()))
            .await?;
        items.push((id, v));
    }
    println!("stored {ITEMS} items with deterministic embeddings");

    let ann = session
        .prepare(&format!(
            "SELECT id, similarity_cosine(v, ?) FROM {ks}.items ORDER BY v ANN OF ? LIMIT {K}"
        ))
        .await?;
    let mut matches = 0;
    let mut worst_score_error = 0.0f64;
    for (q, seed) in QUERIES.iter().enumerate() {
        let query = embedding(*seed);
        // The index may take a moment to become queryable after CREATE INDEX.
        let result = common::poll("an ANN answer", Duration::from_secs(30), || {
            let values = (query.clone(), query.clone());
            let ann = &ann;
            async move {
                match session.execute(ann, values).await {
                    Ok(r) => Ok(Some(r)),
                    Err(e) if e.is_invalid() && e.to_string().contains("not yet") => Ok(None),
                    Err(e) => Err(e),
                }
            }
        })
        .await?;
        let mut ann_ids = Vec::new();
        for row in result.rows() {
            let (id, score): (i32, f32) = (row.get(0)?, row.get(1)?);
            let (_, v) = items
                .iter()
                .find(|(i, _)| *i == id)
                .ok_or_else(|| other("unknown id"))?;
            // Cassandra's similarity_cosine is (1 + cos) / 2.
            let want = (1.0 + cosine(v, &query)) / 2.0;
            worst_score_error = worst_score_error.max((f64::from(score) - want).abs());
            ann_ids.push(id);
        }
        let exact = brute_force(&items, &query);
        println!("query {q}: ANN top-{K} {ann_ids:?}, brute-force cosine top-{K} {exact:?}");
        outcome(&format!("ann[{q}]"), format!("{ann_ids:?}"));
        outcome(&format!("brute[{q}]"), format!("{exact:?}"));
        if ann_ids == exact {
            matches += 1;
        }
    }
    outcome("matches", format!("{matches}/{}", QUERIES.len()));
    outcome("scores_agree", worst_score_error < 1e-4);
    println!("largest difference of similarity_cosine from Rust's: {worst_score_error:.2e}");
    let count = Statement::new(format!("SELECT COUNT(*) FROM {ks}.items"));
    let stored: i64 = session
        .execute(count, ())
        .await?
        .first_row()
        .ok_or_else(|| other("no count"))?
        .get(0)?;
    outcome("items", stored);
    Ok(())
}
