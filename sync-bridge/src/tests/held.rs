//! [`Held`]: a driver whose `HOLD…` executes wait on the bridge runtime (at
//! a barrier or a gate) before the [`FakeDriver`] answers them, so that a
//! test orders events by signals instead of by sleeps. Waiting there is
//! asynchronous: the bridge keeps serving other calls meanwhile.
//!
//! The `Driver` trait is written with `async_trait`; its desugared
//! signatures are spelled out here, so the tests need no macro crate.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use cqlbridge_driver_api::{
    Batch, Capabilities, Driver, ExecOptions, Prepared, QueryResult, Result, Statement, Values,
};
use cqlbridge_driver_mock::FakeDriver;
use tokio::sync::{watch, Barrier};

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

type Reply<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

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

impl Driver for Held {
    fn name(&self) -> &'static str {
        self.fake.name()
    }

    fn capabilities(&self) -> Capabilities {
        self.fake.capabilities()
    }

    fn execute<'life0, 'life1, 'life2, 'life3, 'async_trait>(
        &'life0 self,
        statement: &'life1 Statement,
        values: &'life2 Values,
        options: &'life3 ExecOptions,
    ) -> Reply<'async_trait, QueryResult>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        'life3: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            if statement.cql().starts_with(HOLD) {
                self.wait().await;
            }
            self.fake.execute(statement, values, options).await
        })
    }

    fn prepare<'life0, 'life1, 'async_trait>(
        &'life0 self,
        cql: &'life1 str,
    ) -> Reply<'async_trait, Prepared>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        self.fake.prepare(cql)
    }

    fn execute_prepared<'life0, 'life1, 'life2, 'life3, 'async_trait>(
        &'life0 self,
        prepared: &'life1 Prepared,
        values: &'life2 Values,
        options: &'life3 ExecOptions,
    ) -> Reply<'async_trait, QueryResult>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        'life3: 'async_trait,
        Self: 'async_trait,
    {
        self.fake.execute_prepared(prepared, values, options)
    }

    fn batch<'life0, 'life1, 'life2, 'async_trait>(
        &'life0 self,
        batch: &'life1 Batch,
        options: &'life2 ExecOptions,
    ) -> Reply<'async_trait, QueryResult>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        Self: 'async_trait,
    {
        self.fake.batch(batch, options)
    }

    fn use_keyspace<'life0, 'life1, 'async_trait>(
        &'life0 self,
        keyspace: &'life1 str,
    ) -> Reply<'async_trait, ()>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        self.fake.use_keyspace(keyspace)
    }

    fn close<'life0, 'async_trait>(&'life0 self) -> Reply<'async_trait, ()>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        self.fake.close()
    }

    fn is_closed(&self) -> bool {
        self.fake.is_closed()
    }
}
