//! The [`Driver`] trait: the one contract every backend implements.

use std::fmt::Debug;

use async_trait::async_trait;

use crate::batch::Batch;
use crate::capabilities::Capabilities;
use crate::decode::{decode_result, DecodedPage, PageDecoder};
use crate::error::{Error, Result};
use crate::options::ExecOptions;
use crate::result::QueryResult;
use crate::statement::{Prepared, Statement};
use crate::values::Values;

/// A CQL backend. Object-safe: sessions hold it as `Arc<dyn Driver>`.
///
/// The `options` passed to each call are authoritative and already merged
/// with the session defaults; a backend sets every one of them explicitly on
/// the underlying request, because the underlying drivers' own defaults
/// differ. The statement's own [`options`](Statement::options) are *not* read
/// by backends. Methods added later get default bodies that return
/// [`Error::unsupported`], so existing backends keep compiling.
///
/// [`Session`](crate::Session) makes the checks every backend would (an open
/// session, a statement prepared by this backend, a batch that is not
/// empty, options that validate) before it calls the backend; a backend
/// called directly must still answer bad input with an error, never a
/// panic. What backends share is in the [`backend`](crate::backend) kit:
/// resolve `options` with
/// [`ResolvedOptions`](crate::backend::ResolvedOptions), bound a call with
/// [`bounded`](crate::backend::bounded), cache statements in a
/// [`StatementCache`](crate::backend::StatementCache).
#[cfg_attr(feature = "mockall", mockall::automock)]
#[async_trait]
pub trait Driver: Send + Sync + Debug + 'static {
    /// The backend's short name (`"scylla"`, `"cpp"`, `"fake"`, …).
    fn name(&self) -> &'static str;

    /// What this backend supports.
    fn capabilities(&self) -> Capabilities;

    /// Executes CQL text with `values`.
    async fn execute(
        &self,
        statement: &Statement,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult>;

    /// Prepares `cql` on the server.
    async fn prepare(&self, cql: &str) -> Result<Prepared>;

    /// Executes a statement this backend prepared.
    async fn execute_prepared(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult>;

    /// Executes a statement this backend prepared and hands each row of its
    /// result to a sink of `decoder`, cell by cell as the backend reads
    /// them, with no row of [`Value`](crate::Value)s in between. A result
    /// without rows is [`PageDecoder::empty`]. The default runs
    /// [`Driver::execute_prepared`] and feeds the decoder the rows' values
    /// ([`decode_result`]): the same rows, errors and types, less directly.
    #[allow(
        unused_parens,
        reason = "mockall needs the trait object's lifetime spelt out, in parentheses"
    )]
    async fn execute_prepared_into(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
        decoder: &(dyn PageDecoder + 'static),
    ) -> Result<DecodedPage> {
        let result = self.execute_prepared(prepared, values, options).await?;
        decode_result(result, decoder)
    }

    /// Executes a batch.
    async fn batch(&self, batch: &Batch, options: &ExecOptions) -> Result<QueryResult> {
        let _ = (batch, options);
        Err(Error::unsupported(self.name(), "batch"))
    }

    /// Switches the session's keyspace.
    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        let _ = keyspace;
        Err(Error::unsupported(self.name(), "use_keyspace"))
    }

    /// Closes the connection pool. Later calls fail with `Closed`; closing
    /// twice is not an error.
    async fn close(&self) -> Result<()>;

    /// True once [`Driver::close`] has been called.
    fn is_closed(&self) -> bool;
}
