//! A blocking [`SyncSession`] over cqlbridge's async `Session`, for
//! applications without an async runtime.
//!
//! # How it works
//!
//! [`SyncSession::new`] starts one named OS thread, `cqlbridge-bridge`, that
//! owns a Tokio runtime. The factory you pass runs **on that runtime**
//! (drivers bind to the runtime that created them) and the constructor
//! returns only once it has built the `Session`, or with its error after
//! joining the thread.
//!
//! The runtime is a current-thread runtime on the bridge thread by default;
//! `SyncSessionBuilder::worker_threads(n)` gives it `n` workers instead
//! (measured on 2 cores, workers won nothing under load and cost latency
//! at one caller: see `benches/sync_load.rs`). The driver's connection tasks
//! run there. A call runs in one of two ways:
//!
//! - **On its caller** (the default for a backend whose futures never block
//!   the polling thread, `Capabilities::is_non_blocking`: the scylla and cpp
//!   backends). The caller polls the call itself, inside the runtime's
//!   context, and parks between polls; the driver's reply wakes it directly.
//!   Each caller serializes its own request and decodes its own reply, so the
//!   bridge thread only drives connections.
//! - **As a task on the runtime** (the default for any other driver). The
//!   caller spawns it with a one-shot reply channel, and parks on the reply.
//!   A driver that blocks the thread that polls it then holds the bridge,
//!   never the caller past its bound.
//!
//! Either way the caller waits with a bound: the statement's timeout (else
//! the session default) plus a margin ([`DEFAULT_WAIT_MARGIN`], 1 s, by
//! default). `SyncSessionBuilder::calls_on_caller` overrides the choice.
//!
//! # Guards
//!
//! - A call made on the bridge's own threads (the bridge thread or any
//!   thread of its runtime: inside a task or driver callback running there)
//!   returns an error instead of deadlocking.
//! - A call from inside another Tokio runtime works: the caller never starts
//!   a runtime or blocks one's scheduler; it only parks its own thread.
//! - After [`SyncSession::close`], every call on every clone fails with
//!   `Closed`; closing twice is fine.
//! - If the bridge thread dies, every waiting and later caller gets a
//!   `Closed` error that says so, not a hang.
//! - `close()` drains running calls, closes the driver and joins the thread;
//!   dropping the last clone does the same within a bound
//!   ([`DEFAULT_DROP_TIMEOUT`], 5 s, by default) and never hangs. A bridge
//!   that died is not waited for: neither its panic's report nor its
//!   unwinding holds up `close()` or the drop.
//!
//! # Examples
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use cqlbridge_driver_api::{Session, Statement};
//! use cqlbridge_driver_mock::{CqlPattern, FakeDriver};
//! use cqlbridge_sync_bridge::SyncSession;
//!
//! // In a real application the factory connects a backend, e.g.
//! // `SyncSession::new(move || async move { cqlbridge::connect(&config).await })`.
//! let fake = FakeDriver::new();
//! let driver = fake.clone();
//! let session = SyncSession::new(move || async move { Ok(Session::new(Arc::new(driver))) })?;
//!
//! let insert = Statement::new("INSERT INTO ks.users (id, name) VALUES (?, ?)")
//!     .with_timeout(Duration::from_secs(2));
//! session.execute(insert, (1i32, "ada"))?;
//! assert_eq!(fake.calls().len(), 1);
//!
//! // Clones share the bridge; any thread may call.
//! let other = session.clone();
//! std::thread::spawn(move || other.execute("DELETE FROM ks.users WHERE id = 2", ()))
//!     .join()
//!     .unwrap()?;
//!
//! session.close()?;
//! assert!(fake.closed());
//! assert!(session.execute("SELECT 1", ()).unwrap_err().is_closed());
//! # Ok::<(), cqlbridge_driver_api::Error>(())
//! ```

mod agreement;
mod builder;
mod control;
mod deadlines;
mod here;
mod in_flight;
mod inner;
mod iter;
mod limits;
mod on_bridge;
mod session;
mod shutdown;
mod start;
mod stop;
mod thread;
mod timings;
mod trace;
mod tuning;

#[cfg(test)]
mod tests;

pub use builder::SyncSessionBuilder;
pub use iter::RowIter;
pub use limits::{
    DEFAULT_DROP_TIMEOUT, DEFAULT_FALLBACK_TIMEOUT, DEFAULT_STARTUP_TIMEOUT, DEFAULT_WAIT_MARGIN,
};
pub use session::SyncSession;
pub use timings::BridgeTimings;
