//! C26 `PER PARTITION LIMIT`: at most n rows of each partition, the first n
//! in clustering order (ascending and, on a `CLUSTERING ORDER BY … DESC`
//! table, descending), literal and bound (`PER PARTITION LIMIT ? LIMIT ?`,
//! text and prepared) and with `IN` on the partition key. C26.paged: through
//! pages smaller than the result, the pages together are the same rows.

use std::collections::BTreeMap;

use super::prelude::*;

/// Partitions and rows per partition written to each table.
const PARTITIONS: i32 = 5;
const ROWS: i32 = 6;

/// The rows `(p, c)` the server must return for a per-partition limit of
/// `n`: per partition, the first `n` clustering keys in `order`.
fn expected(n: usize, partitions: &[i32], descending: bool) -> BTreeMap<i32, Vec<i32>> {
    partitions
        .iter()
        .map(|p| {
            let mut cs: Vec<i32> = (0..ROWS).collect();
            if descending {
                cs.reverse();
            }
            cs.truncate(n);
            (*p, cs)
        })
        .collect()
}

/// Groups `(p, c)` rows by partition, keeping the order within each.
fn grouped(rows: &[Row]) -> Step<BTreeMap<i32, Vec<i32>>> {
    let mut out: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for row in rows {
        out.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    Ok(out)
}

/// The two tables, `(name, descending)`: one per clustering order.
const TABLES: [(&str, bool); 2] = [("ascending", false), ("descending", true)];

/// Creates table `table` (clustering `c` DESC when `descending`) and
/// writes [`PARTITIONS`] × [`ROWS`] rows; returns its qualified name.
async fn table_with_rows(ctx: &Ctx, table: &str, descending: bool) -> Step<String> {
    let t = ctx.t(table);
    let order = if descending {
        " WITH CLUSTERING ORDER BY (c DESC)"
    } else {
        ""
    };
    ctx.ddl(&format!(
        "CREATE TABLE {t} (p int, c int, v int, PRIMARY KEY (p, c)){order}"
    ))
    .await?;
    let rows = (0..PARTITIONS).flat_map(|p| (0..ROWS).map(move |c| vals((p, c, p * 100 + c))));
    ctx.fill(&format!("INSERT INTO {t} (p, c, v) VALUES (?, ?, ?)"), rows)
        .await?;
    Ok(t)
}

/// C26.
pub async fn c26(ctx: &Ctx) -> CaseResult {
    let all: Vec<i32> = (0..PARTITIONS).collect();
    let mut checks = 0;
    for (table, descending) in TABLES {
        let t = table_with_rows(ctx, table, descending).await?;
        let c = ctx.client().await?;

        let r = c
            .execute(
                q(format!("SELECT p, c FROM {t} PER PARTITION LIMIT 2")),
                Values::Empty,
            )
            .await
            .ctx("literal PER PARTITION LIMIT 2")?;
        let got = grouped(r.rows())?;
        let want = expected(2, &all, descending);
        ensure!(
            got == want,
            "{table}: PER PARTITION LIMIT 2 returned {got:?}, expected {want:?}"
        );
        checks += 1;

        let bound = format!("SELECT p, c FROM {t} PER PARTITION LIMIT ? LIMIT ?");
        let p_bound = c.prepare(&bound).await.ctx("prepare bound limits")?;
        for (how, query) in [
            ("text", q(bound.as_str())),
            ("prepared", Query::from(&p_bound)),
        ] {
            let r = c
                .execute(query, vals((3, 7)))
                .await
                .ctx(format!("{how}: PER PARTITION LIMIT ? LIMIT ?"))?;
            let rows = r.rows();
            let got = grouped(rows)?;
            let within = got
                .iter()
                .all(|(p, cs)| cs.len() <= 3 && expected(3, &[*p], descending)[p].starts_with(cs));
            ensure!(
                rows.len() == 7 && within,
                "{table} {how}: PER PARTITION LIMIT 3 LIMIT 7 returned {} rows {got:?}: \
                 expected 7, each partition's first ≤ 3",
                rows.len()
            );
            checks += 1;
        }

        let r = c
            .execute(
                q(format!(
                    "SELECT p, c FROM {t} WHERE p IN (?, ?) PER PARTITION LIMIT ?"
                )),
                vals((1, 3, 1)),
            )
            .await
            .ctx("IN with PER PARTITION LIMIT 1")?;
        let got = grouped(r.rows())?;
        let want = expected(1, &[1, 3], descending);
        ensure!(
            got == want,
            "{table}: p IN (1, 3) PER PARTITION LIMIT 1 returned {got:?}, expected {want:?}"
        );
        checks += 1;
    }
    Ok(format!(
        "{checks} checks on ASC and DESC tables ({PARTITIONS} partitions × {ROWS} rows): literal, bound \
         (text and prepared) with LIMIT, with IN — each partition's first n rows"
    ))
}

/// C26.paged.
pub async fn c26_paged(ctx: &Ctx) -> CaseResult {
    ctx.require(Feature::Paging).await?;
    let all: Vec<i32> = (0..PARTITIONS).collect();
    for (table, descending) in TABLES {
        let t = table_with_rows(ctx, table, descending).await?;
        let c = ctx.client().await?;
        let paged = Statement::new(format!("SELECT p, c FROM {t} PER PARTITION LIMIT 2"))
            .with_page_size(PageSize::rows(3)?);
        let mut state = None;
        let mut rows = Vec::new();
        let mut pages = 0;
        loop {
            let page = c
                .page(paged.clone().into(), Values::Empty, state.take())
                .await
                .ctx(format!("page {}", pages + 1))?;
            pages += 1;
            ensure!(
                page.rows.len() <= 3,
                "{table}: a page of {} rows, page size 3",
                page.rows.len()
            );
            rows.extend(page.rows);
            ensure!(pages <= 20, "{table}: more than 20 pages for 10 rows");
            match page.paging_state {
                Some(s) => state = Some(s),
                None => break,
            }
        }
        let got = grouped(&rows)?;
        let want = expected(2, &all, descending);
        ensure!(
            got == want && rows.len() == 10,
            "{table}: PER PARTITION LIMIT 2 in pages of 3 returned {got:?}, expected {want:?}"
        );
    }
    Ok(format!(
        "PER PARTITION LIMIT 2 read in pages of at most 3 rows (ASC and DESC): the pages together are \
         each partition's first 2 rows of {PARTITIONS} × {ROWS}"
    ))
}
