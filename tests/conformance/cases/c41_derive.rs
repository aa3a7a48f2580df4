//! C41 derive macros: structs with `#[derive(IntoValues)]` (by name, and
//! `#[cql(positional)]`), `#[derive(FromRow)]` (renamed columns, `Option`
//! for nulls) and nested `#[derive(Udt)]` written and read back through the
//! case's API (async or blocking), prepared and as text with values; a row
//! without a field's column is a `Type` error naming the struct's field.
//! Built without the feature `derive`, the case is unsupported.

#[cfg(not(feature = "derive"))]
use super::prelude::*;

/// C41, without the `derive` feature: unsupported.
#[cfg(not(feature = "derive"))]
pub async fn c41(_ctx: &Ctx) -> CaseResult {
    Err(Failure::Unsupported(
        "built without the `derive` feature (cqlbridge::FromRow and co.)".into(),
    ))
}

#[cfg(feature = "derive")]
pub use with_derive::c41;

#[cfg(feature = "derive")]
mod with_derive {
    use cqlbridge::{FromRow, IntoValues, Udt};

    use super::super::prelude::*;

    #[derive(Debug, Clone, PartialEq, Udt)]
    struct Point {
        x: i32,
        #[cql(rename = "y_pos")]
        y: Option<i32>,
    }

    #[derive(Debug, Clone, PartialEq, Udt)]
    struct Place {
        label: String,
        at: Point,
    }

    #[derive(Debug, Clone, PartialEq, FromRow, IntoValues)]
    struct User {
        id: i64,
        #[cql(rename = "user_name")]
        name: String,
        nick: Option<String>,
        home: Option<Place>,
        path: Vec<Point>,
    }

    #[derive(Debug, IntoValues)]
    #[cql(positional)]
    struct ById {
        id: i64,
    }

    #[derive(Debug, FromRow)]
    #[allow(dead_code, reason = "read only for its error")]
    struct Wrong {
        id: i64,
        missing: i32,
    }

    fn users() -> [User; 2] {
        let home = Place {
            label: "home".into(),
            at: Point { x: 1, y: Some(2) },
        };
        [
            User {
                id: 1,
                name: "ada".into(),
                nick: Some("a".into()),
                home: Some(home),
                path: vec![Point { x: 3, y: None }, Point { x: 4, y: Some(5) }],
            },
            User {
                id: 2,
                name: "bob".into(),
                nick: None,
                home: None,
                path: vec![Point { x: 0, y: None }],
            },
        ]
    }

    /// C41.
    pub async fn c41(ctx: &Ctx) -> CaseResult {
        let ks = &ctx.ks;
        ctx.ddl(&format!("CREATE TYPE {ks}.point (x int, y_pos int)"))
            .await?;
        ctx.ddl(&format!(
            "CREATE TYPE {ks}.place (label text, at frozen<point>)"
        ))
        .await?;
        ctx.ddl(&format!(
            "CREATE TABLE {ks}.users (id bigint PRIMARY KEY, user_name text, nick text, \
             home frozen<place>, path list<frozen<point>>)"
        ))
        .await?;
        let c = ctx.client().await?;
        let insert_cql = format!(
            "INSERT INTO {ks}.users (id, user_name, nick, home, path) \
             VALUES (:id, :user_name, :nick, :home, :path)"
        );
        let select_cql = format!("SELECT * FROM {ks}.users WHERE id = ?");
        let insert = c.prepare(&insert_cql).await.ctx("prepare the insert")?;
        let select = c.prepare(&select_cql).await.ctx("prepare the select")?;
        let [ada, bob] = users();
        c.execute(insert.into(), ada.clone().into_values())
            .await
            .ctx("insert a struct, prepared, by name")?;
        c.execute(q(insert_cql.as_str()), bob.clone().into_values())
            .await
            .ctx("insert a struct as text with values")?;
        for u in [&ada, &bob] {
            let r = c
                .execute(select.clone().into(), ById { id: u.id }.into_values())
                .await
                .ctx(format!("select {} by a positional struct", u.id))?;
            let row = r
                .into_first_row()
                .ok_or_else(|| fail(format!("user {} not found", u.id)))?;
            let read = User::from_row(row.clone()).ctx(format!("FromRow of user {}", u.id))?;
            ensure!(&read == u, "user {}: read back {read:?}", u.id);
            let e = expect_err(Wrong::from_row(row), "FromRow without a column")?;
            ensure!(
                e.is_type() && e.message().contains("Wrong.missing"),
                "missing column: {}",
                show(&e)
            );
        }
        Ok("named and positional IntoValues, FromRow with renames and nulls, nested UDTs, prepared and text; a missing column is a Type error naming the field".into())
    }
}
