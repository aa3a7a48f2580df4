//! [`Session::execute_as`]: a statement's rows decoded into the caller's
//! type as the backend reads them (see the [`decode`](crate::decode)
//! module), with every request's machinery (options, profiles, bound,
//! speculation, retry, span, metrics, observers) of [`Session::execute`].

use futures::future::BoxFuture;

use super::instrument::Request;
use super::Session;
use crate::decode::{decode_result, DecodeRow, DecodedPage, PageDecoder, RowsOf, TypedPage};
use crate::error::{Error, Result};
use crate::observer::RequestKind;
use crate::options::ExecOptions;
use crate::query_ref::QueryRef;
use crate::values::{IntoValues, Values};

impl Session {
    /// Executes `query` with `values` and returns its page of rows as `T`s
    /// (a `#[derive(FromRow)]` struct), each built straight from the
    /// backend's cells where the backend decodes into the caller's type
    /// (both shipped backends do, for a prepared statement), else from the
    /// row's values; the rows, types and errors are the same either way.
    /// A statement without rows gives an empty page; a column a field needs
    /// and the result lacks is a `Type` error naming the field.
    ///
    /// With `#[derive(FromRow)] struct User { id: i64, name: String }`:
    /// `session.execute_as::<User>(&prepared, (7i64,)).await?.rows` is a
    /// `Vec<User>`; `paging_state` resumes the next page as with
    /// [`Session::execute`].
    pub async fn execute_as<'q, T: DecodeRow>(
        &self,
        query: impl Into<QueryRef<'q>>,
        values: impl IntoValues,
    ) -> Result<TypedPage<T>> {
        let query = query.into();
        let tel = &self.inner.telemetry;
        let mut req = Request::begin(tel, RequestKind::Execute, Some(query.cql()), 1);
        let opts = req.resolved(self.resolve(query.options()), query.options())?;
        let values = values.into_values();
        let decoder = RowsOf::<T>::new();
        let (q, v, o, r, d) = (&query, &values, &opts, &req, &decoder as &dyn PageDecoder);
        let call = self.attempts(o, r, move |o| self.start_into(q, v, o, d));
        let page = req.run(call).await;
        req.finish(page)?.into_typed()
    }

    /// The backend's decoding call for `query`, after the checks every call
    /// makes; not yet bounded. Text statements run as they are and decode
    /// from their rows' values.
    fn start_into<'a>(
        &'a self,
        query: &'a QueryRef<'_>,
        values: &'a Values,
        opts: &'a ExecOptions,
        decoder: &'a dyn PageDecoder,
    ) -> Result<BoxFuture<'a, Result<DecodedPage>>> {
        self.ensure_open()?;
        let driver = &self.inner.driver;
        match query {
            QueryRef::Statement(s) => Ok(Box::pin(async move {
                decode_result(driver.execute(s, values, opts).await?, decoder)
            })),
            QueryRef::Prepared(p) if p.backend() != driver.name() => {
                Err(Error::foreign_prepared(p.backend(), driver.name()))
            }
            QueryRef::Prepared(p) => Ok(driver.execute_prepared_into(p, values, opts, decoder)),
        }
    }
}
