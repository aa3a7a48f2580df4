//! [`Ctx`]: what a case gets — its backend, mode, fresh keyspace, a client
//! of the mode under test, and helpers for setup (done through an async
//! admin session, so setup never depends on the mode under test).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cqlbridge::{
    BackendKind, Capabilities, Config, Feature, IntoValues, Query, QueryResult, Session, Values,
};
use futures::stream::{self, StreamExt, TryStreamExt};
use tokio::sync::OnceCell;

use super::check::{fail, Context, Failure, Step};
use super::client::{Client, Mode};
use super::connect;
use super::keyspace;
use super::proxy::Proxy;
use super::target::Target;

/// Everything a case runs with.
pub struct Ctx {
    /// Case id, e.g. `C04`.
    pub case: &'static str,
    /// The backend under test.
    pub backend: BackendKind,
    /// The API under test.
    pub mode: Mode,
    /// Where the test bed is.
    pub target: Arc<Target>,
    /// The case's own keyspace (replication factor 1); empty for mock cases.
    pub ks: String,
    admin: Option<Session>,
    client: OnceCell<Arc<dyn Client>>,
    extra_keyspaces: Mutex<Vec<String>>,
}

impl Ctx {
    /// A context; the keyspace must already exist when `admin` is given.
    pub fn new(
        case: &'static str,
        backend: BackendKind,
        mode: Mode,
        target: Arc<Target>,
        ks: String,
        admin: Option<Session>,
    ) -> Self {
        Ctx {
            case,
            backend,
            mode,
            target,
            ks,
            admin,
            client: OnceCell::new(),
            extra_keyspaces: Mutex::new(Vec::new()),
        }
    }

    /// The config cases start from: the test bed, the superuser, this backend.
    pub fn config(&self) -> Config {
        self.target.base_config(self.backend)
    }

    /// The admin session (async, same backend), for setup and checks.
    pub fn admin(&self) -> Step<&Session> {
        self.admin
            .as_ref()
            .ok_or_else(|| fail("this case needs a server, but runs without one"))
    }

    /// The case's main client (connected on first use with [`Ctx::config`]).
    pub async fn client(&self) -> Step<Arc<dyn Client>> {
        self.client
            .get_or_try_init(|| async { connect::connect(self.mode, &self.config()).await })
            .await
            .cloned()
            .ctx("connecting the main client")
    }

    /// A new client of this case's mode with `config`.
    pub async fn connect(&self, config: &Config) -> cqlbridge::Result<Arc<dyn Client>> {
        connect::connect(self.mode, config).await
    }

    /// The backend's capabilities (from the main client).
    pub async fn caps(&self) -> Step<Capabilities> {
        Ok(self.client().await?.capabilities())
    }

    /// `Unsupported` (with the backend's reason) unless `feature` is supported.
    pub async fn require(&self, feature: Feature) -> Step {
        let caps = self.caps().await?;
        match caps.reason(feature) {
            None => Ok(()),
            Some(why) => Err(Failure::Unsupported(format!("{feature}: {why}"))),
        }
    }

    /// `table` qualified with the case keyspace.
    pub fn t(&self, table: &str) -> String {
        format!("{}.{}", self.ks, table)
    }

    /// Runs DDL (or any setup statement) through the admin session.
    pub async fn ddl(&self, cql: &str) -> Step {
        keyspace::ddl(self.admin()?, cql)
            .await
            .ctx(format!("setup `{cql}`"))
    }

    /// Executes through the main client.
    pub async fn exec(
        &self,
        query: impl Into<Query>,
        values: impl IntoValues,
    ) -> cqlbridge::Result<QueryResult> {
        match self.client().await {
            Ok(c) => c.execute(query.into(), values.into_values()).await,
            Err(Failure::Fail(m) | Failure::Unsupported(m)) => {
                Err(cqlbridge::Error::new(cqlbridge::ErrorKind::Other, m))
            }
        }
    }

    /// One more keyspace with replication factor `rf`, dropped after the case.
    pub async fn keyspace_rf(&self, tag: &str, rf: u32) -> Step<String> {
        let name = keyspace::unique_name(self.case, self.mode.as_str(), tag);
        keyspace::create(self.admin()?, &name, rf)
            .await
            .ctx(format!("creating keyspace {name}"))?;
        self.extra_keyspaces
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(name.clone());
        Ok(name)
    }

    /// The extra keyspaces this case made.
    pub fn take_extra_keyspaces(&self) -> Vec<String> {
        std::mem::take(
            &mut *self
                .extra_keyspaces
                .lock()
                .unwrap_or_else(|p| p.into_inner()),
        )
    }

    /// A frame proxy in front of the first test-bed host.
    pub async fn proxy(&self) -> Step<Proxy> {
        let up = self.target.first_host_addr()?;
        Proxy::start(up)
            .await
            .map_err(|e| fail(format!("starting the proxy: {e}")))
    }

    /// [`Ctx::config`] pointed at `proxy`.
    pub fn via(&self, proxy: &Proxy) -> Config {
        let mut c = self.config();
        c.contact_points = vec![proxy.addr().ip().to_string()];
        c.port = proxy.addr().port();
        c
    }

    /// Inserts every row of `rows` with the prepared `insert` through the admin
    /// session, 64 at a time.
    pub async fn fill(&self, insert: &str, rows: impl IntoIterator<Item = Values>) -> Step {
        let admin = self.admin()?.clone();
        let p = admin
            .prepare(insert)
            .await
            .ctx(format!("preparing `{insert}`"))?;
        stream::iter(rows)
            .map(|v| {
                let (admin, p) = (admin.clone(), p.clone());
                async move { admin.execute(&p, v).await }
            })
            .buffer_unordered(64)
            .try_for_each(|_| async { Ok(()) })
            .await
            .ctx(format!("filling with `{insert}`"))
    }

    /// Closes the main client if it was opened, within `bound`.
    pub async fn close_client(&self, bound: Duration) {
        if let Some(c) = self.client.get() {
            let _ = tokio::time::timeout(bound, c.close()).await;
        }
    }
}
