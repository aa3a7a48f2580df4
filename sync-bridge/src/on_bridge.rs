//! Which bridge, if any, owns the current thread.
//!
//! The bridge thread carries its bridge's id in a thread-local. The bridge
//! runtime is a current-thread runtime, so every task and driver callback of
//! the bridge runs on that one thread; a blocking call made there would wait
//! for a runtime that can only make progress once that very call returns: a
//! deadlock. [`is_bridge_thread`] lets the caller side refuse the call
//! instead.
//!
//! Threads of the runtime's blocking pool are not marked: a call from one of
//! them blocks only that thread while the bridge thread serves it.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

thread_local! {
    /// The id of the bridge whose runtime runs on this thread; 0 for none.
    static BRIDGE_ID: Cell<u64> = const { Cell::new(0) };
}

/// Source of bridge ids; 0 is reserved for "no bridge".
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A fresh, process-unique bridge id.
pub(crate) fn new_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// Marks the current thread as a thread of bridge `id`.
pub(crate) fn mark(id: u64) {
    BRIDGE_ID.with(|c| c.set(id));
}

/// True when the current thread belongs to bridge `id`.
pub(crate) fn is_bridge_thread(id: u64) -> bool {
    BRIDGE_ID.with(|c| c.get() == id)
}
