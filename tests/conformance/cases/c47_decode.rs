//! C47 rows decoded straight into a struct: `execute_as` with a
//! `#[derive(FromRow)]` struct through the case's API, prepared (the
//! backend's own cells, no row of `Value`s) and as text (from the row's
//! values); both give exactly what `FromRow` over `execute` gives, nulls as
//! `None`, an `int` column widened into an `i64` field, page by page with
//! the paging state, and streamed (`stream_as`, `iter_as`) over pages of
//! 2; a missing column is a `Type` error naming the field,
//! and a write read this way is an empty page. Built without the feature
//! `derive`, the case is unsupported.

#[cfg(not(feature = "derive"))]
use super::prelude::*;

/// C47, without the `derive` feature: unsupported.
#[cfg(not(feature = "derive"))]
pub async fn c47(_ctx: &Ctx) -> CaseResult {
    Err(Failure::Unsupported(
        "built without the `derive` feature (cqlbridge::FromRow)".into(),
    ))
}

#[cfg(feature = "derive")]
pub use with_derive::c47;

#[cfg(feature = "derive")]
mod with_derive {
    use cqlbridge::{CqlTimestamp, DecodeRow, FromRow, TypedPage};
    use uuid::Uuid;

    use super::super::prelude::*;

    /// A row of the case's table.
    #[derive(Debug, Clone, PartialEq, FromRow)]
    struct Run {
        id: i64,
        name: String,
        score: f64,
        ok: bool,
        at: CqlTimestamp,
        uid: Uuid,
        note: Option<String>,
        tags: Option<Vec<String>>,
        #[cql(rename = "small")]
        wide: i64,
    }

    /// A struct with a field the table has no column for.
    #[derive(Debug, FromRow)]
    #[allow(dead_code, reason = "read only for its error")]
    struct Missing {
        id: i64,
        absent: i32,
    }

    fn runs() -> Vec<Run> {
        (1..=3)
            .map(|i| Run {
                id: i,
                name: if i == 2 {
                    String::new()
                } else {
                    format!("run {i}")
                },
                score: i as f64 / 4.0,
                ok: i % 2 == 1,
                at: CqlTimestamp(1_700_000_000_000 + i),
                uid: Uuid::from_u128(i as u128),
                note: (i != 3).then(|| format!("note {i}")),
                tags: (i != 3).then(|| vec!["nightly".to_string(), format!("t{i}")]),
                wide: i * 1_000,
            })
            .collect()
    }

    /// `execute_as` through the case's API.
    async fn execute_as<T: DecodeRow>(
        c: &dyn Client,
        query: Query,
        values: Values,
    ) -> Step<cqlbridge::Result<TypedPage<T>>> {
        if let Some(s) = c.as_async() {
            return Ok(s.execute_as::<T>(query, values).await);
        }
        let s = c
            .as_sync()
            .ok_or_else(|| fail("the client is neither async nor blocking"))?
            .clone();
        tokio::task::spawn_blocking(move || s.execute_as::<T>(query, values))
            .await
            .map_err(|e| fail(format!("the blocking call panicked: {e}")))
    }

    /// Every row as a `T` through the case's API: `stream_as` or `iter_as`.
    async fn all_as<T: DecodeRow>(c: &dyn Client, query: Query) -> Step<cqlbridge::Result<Vec<T>>> {
        if let Some(s) = c.as_async() {
            use futures::TryStreamExt;
            return Ok(s.stream_as::<T>(query, Values::Empty).try_collect().await);
        }
        let s = c
            .as_sync()
            .ok_or_else(|| fail("the client is neither async nor blocking"))?
            .clone();
        tokio::task::spawn_blocking(move || s.iter_as::<T>(query, Values::Empty).collect())
            .await
            .map_err(|e| fail(format!("the blocking call panicked: {e}")))
    }

    /// C47.
    pub async fn c47(ctx: &Ctx) -> CaseResult {
        let ks = &ctx.ks;
        let table = format!("{ks}.c47_runs");
        ctx.ddl(&format!(
            "CREATE TABLE {table} (p int, id bigint, name text, score double, ok boolean, \
             at timestamp, uid uuid, note text, tags list<text>, small int, \
             PRIMARY KEY (p, id))"
        ))
        .await?;
        let c = ctx.client().await?;
        let insert_cql = format!(
            "INSERT INTO {table} (p, id, name, score, ok, at, uid, note, tags, small) \
             VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        );
        let insert = c.prepare(&insert_cql).await.ctx("prepare the insert")?;
        let want = runs();
        for r in &want {
            c.execute(insert.clone().into(), r.clone_row())
                .await
                .ctx(format!("insert run {}", r.id))?;
        }
        let select_cql = format!(
            "SELECT id, name, score, ok, at, uid, note, tags, small FROM {table} WHERE p = 0"
        );
        let select = c.prepare(&select_cql).await.ctx("prepare the select")?;
        let by_value: Vec<Run> = c
            .execute(select.clone().into(), Values::Empty)
            .await
            .ctx("select through execute")?
            .into_page()
            .rows
            .into_iter()
            .map(Run::from_row)
            .collect::<cqlbridge::Result<_>>()
            .ctx("FromRow over execute")?;
        ensure!(by_value == want, "FromRow read {by_value:?}");
        let direct = execute_as::<Run>(&*c, select.clone().into(), Values::Empty)
            .await?
            .ctx("execute_as, prepared")?;
        ensure!(
            direct.rows == want,
            "execute_as (prepared) read {:?}",
            direct.rows
        );
        ensure!(!direct.has_more(), "one page expected");
        let text = execute_as::<Run>(&*c, q(select_cql.as_str()), Values::Empty)
            .await?
            .ctx("execute_as, text")?;
        ensure!(text.rows == want, "execute_as (text) read {:?}", text.rows);
        // Page by page: 2 rows, then the last one.
        let paged = select.clone().with_page_size(PageSize::Rows(2));
        let first = execute_as::<Run>(&*c, paged.clone().into(), Values::Empty)
            .await?
            .ctx("first page")?;
        ensure!(first.rows == want[..2], "first page {:?}", first.rows);
        let state = first
            .paging_state
            .clone()
            .ok_or_else(|| fail("the first page has no paging state"))?;
        let mut resume = paged.options().clone();
        resume.paging_state = Some(state);
        let second = execute_as::<Run>(&*c, paged.with_options(resume).into(), Values::Empty)
            .await?
            .ctx("second page")?;
        ensure!(
            second.rows == want[2..] && !second.has_more(),
            "second page {:?} (more: {})",
            second.rows,
            second.has_more()
        );
        let streamed = all_as::<Run>(&*c, select.clone().with_page_size(PageSize::Rows(2)).into())
            .await?
            .ctx("stream_as / iter_as over pages of 2")?;
        ensure!(streamed == want, "streamed {streamed:?}");
        let missing = execute_as::<Missing>(&*c, select.into(), Values::Empty).await?;
        let e = expect_err(missing, "a struct with a field the result lacks")?;
        ensure!(
            e.is_type() && e.message().contains("Missing.absent"),
            "missing column: {}",
            show(&e)
        );
        let write = execute_as::<Run>(&*c, insert.into(), want[0].clone_row())
            .await?
            .ctx("a write read through execute_as")?;
        ensure!(write.rows.is_empty(), "a write gave rows: {:?}", write.rows);
        Ok("execute_as prepared and text equal FromRow over execute (nulls, empty text, a widened int, list, uuid, timestamp), paged with the state, streamed over pages of 2; a missing column is a Type error naming the field; a write is an empty page".into())
    }

    impl Run {
        /// The insert's values for this run.
        fn clone_row(&self) -> Values {
            vals((
                self.id,
                self.name.clone(),
                self.score,
                self.ok,
                self.at,
                self.uid,
                self.note.clone(),
                self.tags.clone(),
                self.wide as i32,
            ))
        }
    }
}
