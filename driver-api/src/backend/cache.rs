//! [`StatementCache`]: a bounded LRU cache of prepared statements keyed by
//! CQL text, shared by [`Session`](crate::Session) and any backend that
//! prepares statements on its own behalf.

use std::fmt;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};

use lru::LruCache;

/// Statements by CQL text, at most a fixed number; the least recently used
/// is evicted when full. The lock is held only to look up, insert or clear,
/// never across I/O. `V` is what a cache hit hands out (a
/// [`Prepared`](crate::Prepared), or a backend's own handle), cloned.
pub struct StatementCache<V> {
    entries: Mutex<LruCache<Arc<str>, V>>,
}

impl<V> fmt::Debug for StatementCache<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cache = self.lock();
        f.debug_struct("StatementCache")
            .field("len", &cache.len())
            .field("capacity", &cache.cap())
            .finish()
    }
}

impl<V> StatementCache<V> {
    /// A cache holding at most `capacity` statements (at least one).
    pub fn new(capacity: usize) -> Self {
        let cap = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        StatementCache {
            entries: Mutex::new(LruCache::new(cap)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, LruCache<Arc<str>, V>> {
        // Each operation is one LruCache call, so a panic while the lock is
        // held cannot leave the cache inconsistent: a poisoned lock is usable.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Caches `value` under `cql`, evicting the least recently used entry
    /// when full.
    pub fn put(&self, cql: &str, value: V) {
        self.lock().put(Arc::from(cql), value);
    }

    /// How many statements the cache holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every statement (after a keyspace switch, or on close).
    pub fn clear(&self) {
        self.lock().clear();
    }
}

impl<V: Clone> StatementCache<V> {
    /// The cached statement for `cql`, marked recently used.
    pub fn get(&self, cql: &str) -> Option<V> {
        self.lock().get(cql).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evicts_the_least_recently_used() {
        let c = StatementCache::new(2);
        c.put("a", 1);
        c.put("b", 2);
        assert_eq!(c.get("a"), Some(1));
        c.put("c", 3);
        assert_eq!(c.get("b"), None, "b was least recently used");
        assert_eq!((c.get("a"), c.get("c")), (Some(1), Some(3)));
        assert_eq!(c.len(), 2);
        c.clear();
        assert!(c.is_empty());
        assert!(format!("{c:?}").contains("capacity: 2"));
    }

    #[test]
    fn a_zero_capacity_still_holds_one() {
        let c = StatementCache::new(0);
        c.put("a", 1);
        c.put("b", 2);
        assert_eq!((c.get("a"), c.get("b")), (None, Some(2)));
    }
}
