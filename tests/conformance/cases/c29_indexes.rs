//! C29 secondary indexes: a custom-named secondary index
//! (`CREATE INDEX by_city ON t (city)`) and SAI indexes (`CREATE CUSTOM
//! INDEX … USING 'StorageAttachedIndex'` on an int and on a set), each
//! listed under its own name in `system_schema.indexes` with its kind and
//! class, and each queried: equality on the named index, a range and an
//! equality on the SAI int, `CONTAINS` on the SAI set, and two SAI
//! conditions together — every answer equal to the rows computed from the
//! data written (text and prepared). A query by a column without an index
//! (and without `ALLOW FILTERING`) is refused (`Invalid`).

use std::collections::BTreeMap;

use super::eventually::Deadline;
use super::prelude::*;

/// One row written.
struct Place {
    k: i32,
    city: &'static str,
    score: i32,
    tags: Vec<&'static str>,
}

/// The rows written: three cities in turn, scores spread over 0..50, and
/// each tag on every third key.
fn data() -> Vec<Place> {
    let cities = ["Oslo", "Lima", "Pune"];
    let tags = ["red", "green", "blue", "gold"];
    (0..30)
        .map(|k| Place {
            k,
            city: cities[k as usize % 3],
            score: (k * 7) % 50,
            tags: tags
                .iter()
                .enumerate()
                .filter(|(i, _)| (k as usize + i).is_multiple_of(3))
                .map(|(_, t)| *t)
                .collect(),
        })
        .collect()
}

/// The keys of `rows`, sorted.
fn keys_of(rows: &[Row]) -> Step<Vec<i32>> {
    let mut keys: Vec<i32> = rows
        .iter()
        .map(|r| r.get(0))
        .collect::<cqlbridge::Result<_>>()?;
    keys.sort_unstable();
    Ok(keys)
}

/// `name → (kind, class_name option)` of the indexes of `table`.
async fn listed(c: &dyn Client, ks: &str, table: &str) -> Step<BTreeMap<String, (String, String)>> {
    let r = c
        .execute(
            q(
                "SELECT index_name, kind, options FROM system_schema.indexes \
               WHERE keyspace_name = ? AND table_name = ?",
            ),
            vals((ks, table)),
        )
        .await
        .ctx("read system_schema.indexes")?;
    Ok(r.map_rows(|row| {
        let options: BTreeMap<String, String> = row.get(2)?;
        let class = options.get("class_name").cloned().unwrap_or_default();
        Ok((row.get(0)?, (row.get(1)?, class)))
    })?
    .into_iter()
    .collect())
}

/// C29.
pub async fn c29(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("places");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (k int PRIMARY KEY, city text, score int, tags set<text>, note text)"
    ))
    .await?;
    let c = ctx.client().await?;
    for cql in [
        format!("CREATE INDEX by_city ON {t} (city)"),
        format!("CREATE CUSTOM INDEX score_sai ON {t} (score) USING 'StorageAttachedIndex'"),
        format!("CREATE CUSTOM INDEX tags_sai ON {t} (tags) USING 'StorageAttachedIndex'"),
    ] {
        c.execute(
            Statement::new(cql.as_str())
                .with_timeout(crate::support::keyspace::DDL_TIMEOUT)
                .into(),
            Values::Empty,
        )
        .await
        .ctx(format!("`{cql}`"))?;
    }
    let indexes = listed(&*c, &ctx.ks, "places").await?;
    let names: Vec<&str> = indexes.keys().map(String::as_str).collect();
    ensure!(
        names == ["by_city", "score_sai", "tags_sai"],
        "system_schema.indexes lists {names:?}"
    );
    ensure!(
        indexes["by_city"].0 == "COMPOSITES",
        "by_city is a {:?} index, expected a COMPOSITES (legacy secondary) index",
        indexes["by_city"]
    );
    for sai in ["score_sai", "tags_sai"] {
        ensure!(
            indexes[sai].0 == "CUSTOM" && indexes[sai].1.ends_with("StorageAttachedIndex"),
            "{sai} is {:?}, expected a CUSTOM StorageAttachedIndex",
            indexes[sai]
        );
    }

    let rows = data();
    let ins = c
        .prepare(&format!(
            "INSERT INTO {t} (k, city, score, tags) VALUES (?, ?, ?, ?)"
        ))
        .await
        .ctx("prepare insert")?;
    for r in &rows {
        let tags = Value::Set(r.tags.iter().map(|s| Value::Text(s.to_string())).collect());
        c.execute(Query::from(&ins), vals((r.k, r.city, r.score, tags)))
            .await
            .ctx("insert")?;
    }
    let expect = |f: &dyn Fn(&Place) -> bool| -> Vec<i32> {
        rows.iter().filter(|r| f(r)).map(|r| r.k).collect()
    };
    let queries: Vec<(String, Values, Vec<i32>)> = vec![
        (
            format!("SELECT k FROM {t} WHERE city = ?"),
            vals(("Lima",)),
            expect(&|r| r.city == "Lima"),
        ),
        (
            format!("SELECT k FROM {t} WHERE score > ? AND score <= ?"),
            vals((10, 30)),
            expect(&|r| r.score > 10 && r.score <= 30),
        ),
        (
            format!("SELECT k FROM {t} WHERE score = ?"),
            vals((14,)),
            expect(&|r| r.score == 14),
        ),
        (
            format!("SELECT k FROM {t} WHERE tags CONTAINS ?"),
            vals(("gold",)),
            expect(&|r| r.tags.contains(&"gold")),
        ),
        (
            format!("SELECT k FROM {t} WHERE score < ? AND tags CONTAINS ?"),
            vals((25, "red")),
            expect(&|r| r.score < 25 && r.tags.contains(&"red")),
        ),
    ];
    for (cql, values, want) in &queries {
        ensure!(
            !want.is_empty(),
            "`{cql}` would match no row; the data must make it match some"
        );
        let p = c.prepare(cql).await.ctx(format!("prepare `{cql}`"))?;
        for (how, query) in [("text", q(cql.as_str())), ("prepared", Query::from(&p))] {
            // A new index may still be building; wait (bounded) until it answers.
            let wait = Deadline::new(format!("{how} `{cql}` to match"), Duration::from_secs(30));
            loop {
                let got = match c.execute(query.clone(), values.clone()).await {
                    Ok(r) => keys_of(r.rows())?,
                    Err(e) => {
                        wait.retry(show(&e)).await?;
                        continue;
                    }
                };
                if got == *want {
                    break;
                }
                wait.retry(format!("keys {got:?}, expected {want:?}"))
                    .await?;
            }
        }
    }
    let e = expect_err(
        c.execute(q(format!("SELECT k FROM {t} WHERE note = ?")), vals(("x",)))
            .await,
        "query by a column without an index",
    )?;
    ensure!(
        matches!(e.kind(), ErrorKind::Invalid),
        "query by a column without an index: {}",
        show(&e)
    );
    Ok(format!(
        "by_city (COMPOSITES), score_sai and tags_sai (StorageAttachedIndex) listed by name; {} queries \
         (named index =, SAI range, =, CONTAINS, two SAI conditions) matched the data, text and prepared",
        queries.len()
    ))
}
