//! C20 static column: one value per partition, shared by every row of it.
//! Written with a row, it shows on the partition's other rows; updated with
//! only the partition key (or with a new row), it changes for all of them at
//! once and never for another partition; it exists without any row, reads
//! back from `SELECT DISTINCT`, and its deletion nulls it for the partition.

use super::prelude::*;

/// `(c, s, v)` of each row of partition `p`, in clustering order.
type Rows = Vec<(Option<i32>, Option<String>, Option<String>)>;

async fn partition(c: &dyn Client, t: &str, p: i32) -> Step<Rows> {
    let r = c
        .execute(
            q(format!("SELECT c, s, v FROM {t} WHERE p = ?")),
            vals((p,)),
        )
        .await
        .ctx(format!("read partition {p}"))?;
    Ok(r.map_rows(|row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?)
}

/// The rows of a partition with clustering keys `cs`, values `v<c>`, all sharing `s`.
fn shared(s: Option<&str>, cs: &[i32]) -> Rows {
    cs.iter()
        .map(|c| (Some(*c), s.map(String::from), Some(format!("v{c}"))))
        .collect()
}

/// C20.
pub async fn c20(ctx: &Ctx) -> CaseResult {
    let t = ctx.t("stat");
    ctx.ddl(&format!(
        "CREATE TABLE {t} (p int, c int, s text static, v text, PRIMARY KEY (p, c))"
    ))
    .await?;
    let c = ctx.client().await?;
    let insert_row = c
        .prepare(&format!("INSERT INTO {t} (p, c, v) VALUES (?, ?, ?)"))
        .await
        .ctx("prepare row insert")?;
    let insert_with_static = format!("INSERT INTO {t} (p, c, s, v) VALUES (?, ?, ?, ?)");
    let set_static = format!("UPDATE {t} SET s = ? WHERE p = ?");

    c.execute(q(insert_with_static.as_str()), vals((1, 1, "first", "v1")))
        .await
        .ctx("insert p1 c1 with s")?;
    for (p, cl) in [(1, 2), (1, 3), (2, 1)] {
        c.execute(Query::from(&insert_row), vals((p, cl, format!("v{cl}"))))
            .await
            .ctx(format!("insert p{p} c{cl} without s"))?;
    }
    let got = partition(&*c, &t, 1).await?;
    ensure!(
        got == shared(Some("first"), &[1, 2, 3]),
        "rows inserted without s do not share the partition's s: {got:?}"
    );
    let other = partition(&*c, &t, 2).await?;
    ensure!(
        other == shared(None, &[1]),
        "partition 2 sees another partition's static value: {other:?}"
    );

    c.execute(q(set_static.as_str()), vals(("second", 1)))
        .await
        .ctx("update s by partition key only")?;
    let got = partition(&*c, &t, 1).await?;
    ensure!(
        got == shared(Some("second"), &[1, 2, 3]),
        "after UPDATE s by partition key: {got:?}"
    );

    c.execute(q(insert_with_static.as_str()), vals((1, 4, "third", "v4")))
        .await
        .ctx("insert a new row with s")?;
    let got = partition(&*c, &t, 1).await?;
    ensure!(
        got == shared(Some("third"), &[1, 2, 3, 4]),
        "a new row's s did not become every row's s: {got:?}"
    );
    ensure!(
        partition(&*c, &t, 2).await? == shared(None, &[1]),
        "updating partition 1's s changed partition 2"
    );

    c.execute(
        q(format!("INSERT INTO {t} (p, s) VALUES (?, ?)")),
        vals((3, "alone")),
    )
    .await
    .ctx("insert only the static column")?;
    let got = partition(&*c, &t, 3).await?;
    ensure!(
        got == vec![(None, Some("alone".into()), None)],
        "a partition holding only its static value reads {got:?}, expected one row with c and v null"
    );

    let r = c
        .execute(q(format!("SELECT DISTINCT p, s FROM {t}")), Values::Empty)
        .await
        .ctx("SELECT DISTINCT p, s")?;
    let mut distinct: Vec<(i32, Option<String>)> =
        r.map_rows(|row| Ok((row.get(0)?, row.get(1)?)))?;
    distinct.sort();
    let want = vec![
        (1, Some("third".to_string())),
        (2, None),
        (3, Some("alone".to_string())),
    ];
    ensure!(
        distinct == want,
        "SELECT DISTINCT p, s: {distinct:?}, expected {want:?}"
    );

    c.execute(q(format!("DELETE s FROM {t} WHERE p = ?")), vals((1,)))
        .await
        .ctx("delete s")?;
    let got = partition(&*c, &t, 1).await?;
    ensure!(
        got == shared(None, &[1, 2, 3, 4]),
        "after DELETE s the rows read {got:?}"
    );
    Ok("s shared by rows written without it; UPDATE by partition key and a new row's s changed all 4 rows, \
        not partition 2; a static-only partition; SELECT DISTINCT; DELETE s nulled it for the partition"
        .into())
}
