//! Tests of the bridge and of each of its guards, over the `FakeDriver`.
//!
//! No test bounds a time by a figure of its own: an upper bound is the one
//! the code documents (a statement's timeout plus the wait margin, the drop
//! bound), computed from the same constants; where the code gives up *at*
//! its bound, the test checks that it waited at least that long and that it
//! returned while the bridge was still held ([`held`], [`stuck`]), instead
//! of guessing the scheduler's lateness. Event waits use the
//! [`support::WATCHDOG`], which only a broken bridge reaches.

mod calls;
mod guard_closed;
mod guard_dead_thread;
mod guard_drain_and_drop;
mod guard_own_thread;
mod guard_runtime_threads;
mod guard_timeout;
mod guard_user_runtime;
mod held;
mod on_caller;
mod startup;
mod stuck;
mod support;
mod timings;
