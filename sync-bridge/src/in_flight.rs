//! Counting the bridge's running tasks, so that closing can drain them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Notify;

/// How many job tasks are running, and a signal when that reaches zero.
#[derive(Debug, Clone, Default)]
pub(crate) struct InFlight {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    count: AtomicUsize,
    idle: Notify,
}

/// Held by one running task; dropping it (the task ended, panicked or was
/// cancelled) counts the task out.
#[derive(Debug)]
pub(crate) struct TaskGuard {
    shared: Arc<Shared>,
}

impl InFlight {
    /// Counts a new task in.
    pub(crate) fn enter(&self) -> TaskGuard {
        self.shared.count.fetch_add(1, Ordering::SeqCst);
        TaskGuard {
            shared: self.shared.clone(),
        }
    }

    /// How many tasks are running.
    pub(crate) fn count(&self) -> usize {
        self.shared.count.load(Ordering::SeqCst)
    }

    /// Waits until no task runs or `deadline` passes; true when idle.
    pub(crate) async fn wait_idle(&self, deadline: Instant) -> bool {
        let deadline = tokio::time::Instant::from_std(deadline);
        while self.count() > 0 {
            // `notify_one` stores a permit, so a task ending between the
            // check and the wait is not missed; a stale permit only loops.
            let woken = tokio::time::timeout_at(deadline, self.shared.idle.notified()).await;
            if woken.is_err() {
                return self.count() == 0;
            }
        }
        true
    }
}

impl Drop for TaskGuard {
    fn drop(&mut self) {
        if self.shared.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.shared.idle.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn waits_for_the_last_task_and_gives_up_at_the_deadline() {
        let f = InFlight::default();
        let g = f.enter();
        let soon = Instant::now() + Duration::from_millis(30);
        assert!(!f.wait_idle(soon).await, "a task is still running");
        // On this current-thread runtime the task runs only once
        // `wait_idle` waits: the wake-up, not a sleep, ends the wait.
        let task = tokio::spawn(async move { drop(g) });
        let watchdog = Instant::now() + Duration::from_secs(60);
        assert!(f.wait_idle(watchdog).await);
        assert_eq!(f.count(), 0);
        task.await.unwrap();
    }
}
