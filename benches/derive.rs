//! Row → struct without I/O, over 1,000 pre-built rows of five columns:
//! `#[derive(FromRow)]` (by name) against a tuple (by position) and against
//! `row.get("name")` per column. The `scylla` crate's own `DeserializeRow`
//! is not compared here (it decodes from serialized frames, which this
//! bench does not build).

mod derive_model;

use std::hint::black_box;
use std::sync::Arc;

use cqlbridge::{ColumnSpec, ColumnType, FromRow, Row, Value};
use criterion::{BatchSize, Criterion};
use derive_model::User;

fn rows() -> Vec<Row> {
    let cols: Arc<[ColumnSpec]> = vec![
        ColumnSpec::new("id", ColumnType::BigInt),
        ColumnSpec::new("name", ColumnType::Text),
        ColumnSpec::new("email", ColumnType::Text),
        ColumnSpec::new("age", ColumnType::Int),
        ColumnSpec::new("score", ColumnType::Double),
    ]
    .into();
    (0..1000)
        .map(|i| {
            Row::new(
                cols.clone(),
                vec![
                    Value::BigInt(i),
                    Value::Text(format!("user number {i}")),
                    Value::Text(format!("u{i}@example.invalid")),
                    Value::Int(i as i32),
                    Value::Double(i as f64 / 3.0),
                ],
            )
            .expect("one value per column")
        })
        .collect()
}

fn decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("row_to_struct_1000");
    g.bench_function("derive_from_row", |b| {
        b.iter_batched(
            rows,
            |rs| {
                for r in rs {
                    black_box(User::from_row(r).expect("decodes"));
                }
            },
            BatchSize::LargeInput,
        );
    });
    g.bench_function("tuple", |b| {
        b.iter_batched(
            rows,
            |rs| {
                for r in rs {
                    let t: (i64, String, Option<String>, i32, f64) =
                        r.into_typed().expect("decodes");
                    black_box(t);
                }
            },
            BatchSize::LargeInput,
        );
    });
    g.bench_function("row_get_by_name", |b| {
        b.iter_batched(
            rows,
            |rs| {
                for r in rs {
                    let u = User {
                        id: r.get("id").expect("decodes"),
                        name: r.get("name").expect("decodes"),
                        email: r.get("email").expect("decodes"),
                        age: r.get("age").expect("decodes"),
                        score: r.get("score").expect("decodes"),
                    };
                    black_box(u);
                }
            },
            BatchSize::LargeInput,
        );
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    decode(&mut c);
    c.final_summary();
}
