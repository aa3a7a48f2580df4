//! Heap slots for request futures, kept and reused from one request to the
//! next.
//!
//! Behind `dyn Driver` a request's future lives on the heap, and a request of
//! the `scylla` crate is a future of about 4 KB. A fresh block of that size
//! for every request takes glibc's large-chunk path each time (and makes it
//! consolidate its fast bins): boxing the same request once more in the raw
//! `scylla` side of the layer bench added about 1,600 instructions per
//! request (`benches/layer_one.rs` under callgrind), over a third of what
//! our whole layer cost at 64 requests in flight. Each thread keeps the
//! blocks of the requests that finished on it, and [`run`] makes the next
//! request right in one of them: every request that goes through it is the
//! same future type, so the block always fits. The lists are per thread, so
//! taking and returning a slot touches no memory another thread writes.
//!
//! A slot holds no request once it is back (it is emptied when its request
//! finishes), and a request dropped before it finished (cancelled) drops
//! its slot with it instead of returning it. A thread keeps at most
//! [`MAX_FREE`] slots (about 256 KB), freed when the thread ends.

use std::any::Any;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use cqlbridge_driver_api::{Error, QueryResult, Result};

/// Free slots a thread keeps at most (about 4 KB each).
const MAX_FREE: usize = 64;

/// One heap block for a request future of type `F`: `None` while free.
type Slot<F> = Pin<Box<Option<F>>>;

thread_local! {
    /// This thread's free slots, each a `Box<Slot<F>>` for the one future
    /// type `F` that goes through [`run`].
    static FREE: RefCell<Vec<Box<dyn Any + Send>>> = const { RefCell::new(Vec::new()) };
}

/// The future `request()` makes, written into a free slot of this thread (a
/// new one when none is free), as a small future that returns the slot when
/// the request finishes. A plain function, so the caller's future never
/// holds the request itself, only the slot.
///
/// It takes a maker, not the future: a future is moved whole (its 4 KB, not
/// just what it has captured), and made here it is written into the slot
/// directly. Handed over ready-made it was copied twice more on the way
/// (about 1,000 instructions of `memcpy` per request, under callgrind).
pub(crate) fn run<F>(request: impl FnOnce() -> F) -> InSlot<F>
where
    F: Future<Output = Result<QueryResult>> + Send + 'static,
{
    let free = FREE.try_with(|f| f.borrow_mut().pop()).ok().flatten();
    // A slot made for another future type (none is: one type goes through
    // here) is dropped, and a new one made.
    let slot = match free.and_then(|b| b.downcast::<Slot<F>>().ok()) {
        Some(mut slot) => {
            slot.set(Some(request()));
            slot
        }
        None => Box::new(Box::pin(Some(request()))),
    };
    InSlot { slot: Some(slot) }
}

/// Keeps `slot` on this thread's list, unless the list is full (or the
/// thread is ending): then it is freed.
fn put_back(slot: Box<dyn Any + Send>) {
    let rejected = FREE
        .try_with(|f| {
            let mut free = f.borrow_mut();
            if free.len() < MAX_FREE {
                free.push(slot);
                None
            } else {
                Some(slot)
            }
        })
        .unwrap_or(None);
    drop(rejected);
}

/// How many free slots this thread keeps.
#[cfg(test)]
fn free() -> usize {
    FREE.with(|f| f.borrow().len())
}

/// A request running in a slot (see [`run`]); the slot goes back when the
/// request finishes.
pub(crate) struct InSlot<F> {
    /// `None` once the request has finished.
    slot: Option<Box<Slot<F>>>,
}

impl<F> Future for InSlot<F>
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
            put_back(slot);
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
        let held = Arc::new(());
        let out = run(|| request(Arc::clone(&held))).await;
        assert!(matches!(out, Ok(QueryResult::Void)));
        assert_eq!(free(), 1);
        assert_eq!(Arc::strong_count(&held), 1, "the kept slot owns nothing");
        // The next request reuses it.
        run(|| request(Arc::clone(&held))).await.unwrap();
        assert_eq!(free(), 1);
    }

    #[tokio::test]
    async fn a_cancelled_request_drops_its_slot_and_what_it_owned() {
        let held = Arc::new(());
        let mut running = run(|| request(Arc::clone(&held)));
        let waker = futures::task::noop_waker();
        let pending = Pin::new(&mut running).poll(&mut Context::from_waker(&waker));
        assert!(pending.is_pending());
        drop(running);
        assert_eq!(free(), 0);
        assert_eq!(Arc::strong_count(&held), 1);
    }

    #[tokio::test]
    async fn polling_a_finished_request_again_is_an_error() {
        let mut running = run(|| async { Ok(QueryResult::Void) });
        (&mut running).await.unwrap();
        let e = (&mut running).await.unwrap_err();
        assert_eq!(e.kind(), &cqlbridge_driver_api::ErrorKind::Invalid);
    }

    #[tokio::test]
    async fn a_thread_keeps_at_most_max_free_slots() {
        let running: Vec<_> = (0..MAX_FREE + 3)
            .map(|_| run(|| request(Arc::new(()))))
            .collect();
        futures::future::join_all(running).await;
        assert_eq!(free(), MAX_FREE);
    }

    #[test]
    fn a_slot_goes_back_to_the_thread_its_request_finished_on() {
        let held = Arc::new(());
        let running = run(|| request(Arc::clone(&held)));
        let finished_on_other = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            rt.block_on(running).unwrap();
            free()
        });
        assert_eq!(finished_on_other.join().unwrap(), 1);
        assert_eq!(free(), 0);
        assert_eq!(Arc::strong_count(&held), 1);
    }
}
