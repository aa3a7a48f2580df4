//! Which bridge, if any, owns the current thread.
//!
//! The bridge thread, and every thread of its runtime (its workers and its
//! blocking pool), carries its bridge's id in a thread-local. Every task and
//! driver callback of the bridge runs on one of them; a blocking call made
//! there would hold a thread the runtime needs to answer it (with a
//! current-thread runtime, the only one: a sure deadlock; with workers, one
//! of a few, so a handful of such calls stall it). [`is_bridge_thread`] lets
//! the caller side refuse the call instead.

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
