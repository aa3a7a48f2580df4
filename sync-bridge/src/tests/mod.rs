//! Tests of the bridge and of each of its guards, over the `FakeDriver`.

mod calls;
mod guard_closed;
mod guard_dead_thread;
mod guard_drain_and_drop;
mod guard_own_thread;
mod guard_timeout;
mod guard_user_runtime;
mod startup;
mod support;
