//! [`Held`]: a driver whose `HOLD…` executes wait on the bridge runtime (at
//! a barrier or a gate) before the [`FakeDriver`] answers them, so that a
//! test orders events by signals instead of by sleeps. Waiting there is
//! asynchronous: the bridge keeps serving other calls meanwhile.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use std::thread::JoinHandle;

use cqlbridge_driver_api::backend::async_trait;
use cqlbridge_driver_api::{
    Batch, Capabilities, Driver, ExecOptions, Prepared, QueryResult, Result, Statement, Values,
};
use cqlbridge_driver_mock::FakeDriver;
use tokio::sync::{watch, Barrier};

use super::support::{eventually, WATCHDOG};
use crate::SyncSession;

/// The CQL prefix of the executes that are held.
pub(crate) const HOLD: &str = "HOLD";

/// What a held execute waits for.
#[derive(Debug)]
enum Hold {
    /// Until this many held executes wait at once.
    Barrier(Barrier),
    /// Until the test opens the gate.
    Gate(watch::Sender<bool>),
}

/// A [`FakeDriver`] behind a hold; clones share the hold and the count.
#[derive(Debug, Clone)]
pub(crate) struct Held {
    fake: FakeDriver,
    hold: Arc<Hold>,
    waiting: Arc<AtomicUsize>,
}

impl Held {
    /// Held executes go on only once `n` of them wait at once: they all
    /// return only if the bridge runs them concurrently.
    pub(crate) fn barrier(fake: &FakeDriver, n: usize) -> Self {
        Self::new(fake, Hold::Barrier(Barrier::new(n)))
    }

    /// Held executes go on once [`Held::open`] is called.
    pub(crate) fn gate(fake: &FakeDriver) -> Self {
        Self::new(fake, Hold::Gate(watch::channel(false).0))
    }

    fn new(fake: &FakeDriver, hold: Hold) -> Self {
        Held {
            fake: fake.clone(),
            hold: Arc::new(hold),
            waiting: Arc::default(),
        }
    }

    /// Lets every held execute, waiting or later, go on.
    pub(crate) fn open(&self) {
        if let Hold::Gate(gate) = &*self.hold {
            gate.send_replace(true);
        }
    }

    /// How many executes wait at the hold now.
    pub(crate) fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Acquire)
    }

    async fn wait(&self) {
        self.waiting.fetch_add(1, Ordering::AcqRel);
        match &*self.hold {
            Hold::Barrier(barrier) => {
                barrier.wait().await;
            }
            Hold::Gate(gate) => {
                let _ = gate.subscribe().wait_for(|open| *open).await;
            }
        }
        self.waiting.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A close that starts while a call runs: `cql` (a `HOLD…` execute, bounded
/// by the [`WATCHDOG`]) runs on a thread of its own until `held` holds it,
/// then `close()` starts on another thread and the session reports closed.
/// Returns both threads, to join once the test has opened the hold.
pub(crate) fn close_while_held(
    session: &SyncSession,
    held: &Held,
    cql: String,
) -> (JoinHandle<Result<QueryResult>>, JoinHandle<Result<()>>) {
    let running = {
        let s = session.clone();
        let q = Statement::new(cql).with_timeout(WATCHDOG);
        std::thread::spawn(move || s.execute(q, ()))
    };
    assert!(eventually(|| held.waiting() == 1), "the call never started");
    let closing = {
        let s = session.clone();
        std::thread::spawn(move || s.close())
    };
    assert!(
        eventually(|| session.is_closed()),
        "the session never closed"
    );
    (running, closing)
}

#[async_trait]
impl Driver for Held {
    fn name(&self) -> &'static str {
        self.fake.name()
    }

    fn capabilities(&self) -> Capabilities {
        self.fake.capabilities()
    }

    async fn execute(
        &self,
        statement: &Statement,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        if statement.cql().starts_with(HOLD) {
            self.wait().await;
        }
        self.fake.execute(statement, values, options).await
    }

    async fn prepare(&self, cql: &str) -> Result<Prepared> {
        self.fake.prepare(cql).await
    }

    async fn execute_prepared(
        &self,
        prepared: &Prepared,
        values: &Values,
        options: &ExecOptions,
    ) -> Result<QueryResult> {
        self.fake.execute_prepared(prepared, values, options).await
    }

    async fn batch(&self, batch: &Batch, options: &ExecOptions) -> Result<QueryResult> {
        self.fake.batch(batch, options).await
    }

    async fn use_keyspace(&self, keyspace: &str) -> Result<()> {
        self.fake.use_keyspace(keyspace).await
    }

    async fn close(&self) -> Result<()> {
        self.fake.close().await
    }

    fn is_closed(&self) -> bool {
        self.fake.is_closed()
    }
}
