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
#[path = "../../common/derive_model.rs"]
mod model;

#[cfg(feature = "derive")]
mod with_derive {
    use cqlbridge::{FromRow, IntoValues};

    use super::super::prelude::*;
    use super::model::{insert_cql, schema, select_cql, users, ById, User, Wrong};

    /// C41.
    pub async fn c41(ctx: &Ctx) -> CaseResult {
        let ks = &ctx.ks;
        for cql in schema(ks) {
            ctx.ddl(&cql).await?;
        }
        let c = ctx.client().await?;
        let insert_cql = insert_cql(ks);
        let select_cql = select_cql(ks);
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
