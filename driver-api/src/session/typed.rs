//! [`Session::execute_as`], [`Session::page_as`] and
//! [`Session::stream_as`]: a statement's rows decoded into the caller's
//! type as the backend reads them (see the [`decode`](crate::decode)
//! module), with every request's machinery (options, profiles, bound,
//! speculation, retry, span, metrics, observers) of [`Session::execute`].

use futures::future::BoxFuture;
use futures::stream::BoxStream;

use super::instrument::Request;
use super::stream::{self, Fetched};
use super::Session;
use crate::decode::{decode_result, DecodeRow, DecodedPage, PageDecoder, RowsOf, TypedPage};
use crate::error::{Error, Result};
use crate::observer::RequestKind;
use crate::options::ExecOptions;
use crate::paging::PagingState;
use crate::query_ref::QueryRef;
use crate::statement::Query;
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
        let own = query.options().clone();
        let values = values.into_values();
        self.decoded(RequestKind::Execute, &query, &values, &own)
            .await
    }

    /// One page of `query` as `T`s, as [`Session::page`] fetches pages: the
    /// first when `state` is `None`, else the page `state` points at.
    pub async fn page_as<'q, T: DecodeRow>(
        &self,
        query: impl Into<QueryRef<'q>>,
        values: impl IntoValues,
        state: Option<PagingState>,
    ) -> Result<TypedPage<T>> {
        let query = query.into();
        let mut own = query.options().clone();
        own.paging_state = state;
        let values = values.into_values();
        self.decoded(RequestKind::Page, &query, &values, &own).await
    }

    /// Every row of a query as a `T`, as [`Session::stream`] streams rows:
    /// the next page is fetched only when the current one is used up, at
    /// most one page is held, and an error ends the stream.
    pub fn stream_as<T: DecodeRow>(
        &self,
        query: impl Into<Query>,
        values: impl IntoValues,
    ) -> BoxStream<'static, Result<T>> {
        stream::pages(
            self.clone(),
            query.into(),
            values.into_values(),
            typed_page::<T>,
        )
    }

    /// One request of `kind` whose rows are decoded into `T`s, `own` the
    /// statement's options (before profiles and defaults).
    async fn decoded<T: DecodeRow>(
        &self,
        kind: RequestKind,
        query: &QueryRef<'_>,
        values: &Values,
        own: &ExecOptions,
    ) -> Result<TypedPage<T>> {
        let tel = &self.inner.telemetry;
        let mut req = Request::begin(tel, kind, Some(query.cql()), 1);
        let opts = req.resolved(self.resolve(own), own)?;
        let decoder = RowsOf::<T>::new();
        let (o, r, d) = (&opts, &req, &decoder as &dyn PageDecoder);
        let call = self.attempts(o, r, move |o| self.start_into(query, values, o, d));
        let page = req.run(call).await;
        let page = req.finish(page)?;
        if query.is_use() {
            // As `execute`: unqualified statements prepared before now name
            // the old keyspace's tables.
            self.inner.cache.clear();
        }
        page.into_typed()
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

/// One page of a [`Session::stream_as`] stream.
fn typed_page<'a, T: DecodeRow>(
    session: &'a Session,
    query: &'a Query,
    values: &'a Values,
    state: Option<PagingState>,
) -> BoxFuture<'a, Fetched<T>> {
    Box::pin(async move {
        let page = session.page_as::<T>(query, values, state).await?;
        Ok((page.rows, page.paging_state))
    })
}
