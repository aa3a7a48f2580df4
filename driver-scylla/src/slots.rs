//! Heap slots for request futures, kept and reused from one request to the
//! next.
//!
//! Behind `dyn Driver` a request's future lives on the heap, and a request of
//! the `scylla` crate is a future of about 4 KB. A fresh block of that size
//! for every request takes glibc's large-chunk path each time (and makes it
//! consolidate its fast bins), which costs more than the rest of our layer:
//! boxing the same request once more in the raw `scylla` bench side added
//! about 1,600 instructions per request (`benches/layer_one.rs` under
//! callgrind). A [`FutureSlots`] keeps the blocks of finished requests and
//! writes the next request into one of them in place (one copy of the
//! future): every request that goes through it is the same future type, so
//! the block always fits.
//!
//! A slot holds no request once it is back (it is emptied when its request
//! finishes), and a request dropped before it finished (cancelled) drops
//! its slot with it instead of returning it.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard};
use std::task::{Context, Poll};

use cqlbridge_driver_api::{Error, QueryResult, Result};

/// Free slots kept at most: about 4 KB each, so at most about half a
/// megabyte stays allocated after a burst of many requests in flight.
const MAX_FREE: usize = 128;

/// One heap block for a request future of type `F`: `None` while free.
type Slot<F> = Pin<Box<Option<F>>>;

/// The free slots of one backend, each a `Box<Slot<F>>` for the one future
/// type `F` that goes through [`FutureSlots::run`].
#[derive(Default)]
pub(crate) struct FutureSlots {
    free: Mutex<Vec<Box<dyn Any + Send>>>,
}

impl std::fmt::Debug for FutureSlots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FutureSlots")
            .field("free", &self.lock().len())
            .finish()
    }
}

impl FutureSlots {
    /// `request` written into a free slot (a new one when none is free),
    /// as a small future that returns the slot when the request finishes.
    /// A plain function, so the caller's future never holds `request`
    /// itself, only the slot.
    pub(crate) fn run<F>(&self, request: F) -> InSlot<'_, F>
    where
        F: Future<Output = Result<QueryResult>> + Send + 'static,
    {
        // Taken in its own statement: the lock is released before the
        // request is written into the slot.
        let free = self.lock().pop();
        // A slot made for another future type (none is: one type goes
        // through here) would be dropped, and a new one made.
        let slot = match free.and_then(|b| b.downcast::<Slot<F>>().ok()) {
            Some(mut slot) => {
                slot.set(Some(request));
                slot
            }
            None => Box::new(Box::pin(Some(request))),
        };
        InSlot {
            slot: Some(slot),
            slots: self,
        }
    }

    /// Frees every kept slot (when the backend closes).
    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    /// How many free slots are kept.
    #[cfg(test)]
    fn free(&self) -> usize {
        self.lock().len()
    }

    fn put_back(&self, slot: Box<dyn Any + Send>) {
        let mut free = self.lock();
        if free.len() < MAX_FREE {
            free.push(slot);
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Box<dyn Any + Send>>> {
        // The list stays valid whatever panicked while it was held.
        self.free.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A request running in a slot of [`FutureSlots`]; the slot goes back when
/// the request finishes.
pub(crate) struct InSlot<'a, F> {
    /// `None` once the request has finished.
    slot: Option<Box<Slot<F>>>,
    slots: &'a FutureSlots,
}

impl<F> Future for InSlot<'_, F>
where
    F: Future<Output = Result<QueryResult>> + Send + 'static,
{
    type Output = Result<QueryResult>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(request) = this.slot.as_mut().and_then(|s| (**s).as_mut().as_pin_mut()) else {
            return Poll::Ready(Err(Error::invalid("a finished request was polled again")));
        };
        let out = std::task::ready!(request.poll(cx));
        if let Some(mut slot) = this.slot.take() {
            slot.set(None);
            this.slots.put_back(slot);
        }
        Poll::Ready(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// A request that owns `held` and finishes with `Void`.
    async fn request(held: Arc<()>) -> Result<QueryResult> {
        tokio::task::yield_now().await;
        drop(held);
        Ok(QueryResult::Void)
    }

    #[tokio::test]
    async fn a_finished_request_returns_its_slot_holding_nothing() {
        let slots = FutureSlots::default();
        let held = Arc::new(());
        let out = slots.run(request(Arc::clone(&held))).await;
        assert!(matches!(out, Ok(QueryResult::Void)));
        assert_eq!(slots.free(), 1);
        assert_eq!(Arc::strong_count(&held), 1, "the kept slot owns nothing");
        // The next request reuses it.
        slots.run(request(Arc::clone(&held))).await.unwrap();
        assert_eq!(slots.free(), 1);
    }

    #[tokio::test]
    async fn a_cancelled_request_drops_its_slot_and_what_it_owned() {
        let slots = FutureSlots::default();
        let held = Arc::new(());
        let mut running = slots.run(request(Arc::clone(&held)));
        let waker = futures::task::noop_waker();
        let pending = Pin::new(&mut running).poll(&mut Context::from_waker(&waker));
        assert!(pending.is_pending());
        drop(running);
        assert_eq!(slots.free(), 0);
        assert_eq!(Arc::strong_count(&held), 1);
    }

    #[tokio::test]
    async fn polling_a_finished_request_again_is_an_error() {
        let slots = FutureSlots::default();
        let mut running = slots.run(async { Ok(QueryResult::Void) });
        (&mut running).await.unwrap();
        let e = (&mut running).await.unwrap_err();
        assert_eq!(e.kind(), &cqlbridge_driver_api::ErrorKind::Invalid);
    }

    #[tokio::test]
    async fn at_most_max_free_slots_are_kept_and_clear_frees_them() {
        let slots = FutureSlots::default();
        let running: Vec<_> = (0..MAX_FREE + 3)
            .map(|_| slots.run(request(Arc::new(()))))
            .collect();
        futures::future::join_all(running).await;
        assert_eq!(slots.free(), MAX_FREE);
        slots.clear();
        assert_eq!(slots.free(), 0);
    }
}
