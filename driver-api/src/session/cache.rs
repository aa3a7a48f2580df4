//! A bounded LRU cache of prepared statements, keyed by CQL text.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

use crate::statement::Prepared;

/// Prepared statements by CQL text; the least recently used is evicted
/// when full. The lock is held only to look up or insert, never across I/O.
#[derive(Debug)]
pub(super) struct PreparedCache {
    entries: Mutex<LruCache<String, Prepared>>,
}

impl PreparedCache {
    /// A cache holding at most `capacity` statements (at least one).
    pub(super) fn new(capacity: usize) -> Self {
        let cap = NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN);
        PreparedCache {
            entries: Mutex::new(LruCache::new(cap)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<String, Prepared>> {
        // A panic while holding this lock cannot leave the cache inconsistent
        // (each operation is one LruCache call), so a poisoned lock is usable.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The cached statement for `cql`, marking it recently used.
    pub(super) fn get(&self, cql: &str) -> Option<Prepared> {
        self.lock().get(cql).cloned()
    }

    /// Caches `prepared` under `cql`.
    pub(super) fn put(&self, cql: &str, prepared: Prepared) {
        self.lock().put(cql.to_string(), prepared);
    }

    /// Number of cached statements.
    pub(super) fn len(&self) -> usize {
        self.lock().len()
    }

    /// Empties the cache.
    pub(super) fn clear(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn prepared(cql: &str) -> Prepared {
        Prepared::new(cql, "t", vec![], vec![], Arc::new(()))
    }

    #[test]
    fn evicts_the_least_recently_used() {
        let c = PreparedCache::new(2);
        c.put("a", prepared("a"));
        c.put("b", prepared("b"));
        assert!(c.get("a").is_some());
        c.put("c", prepared("c"));
        assert!(c.get("b").is_none(), "b was least recently used");
        assert!(c.get("a").is_some() && c.get("c").is_some());
        assert_eq!(c.len(), 2);
        c.clear();
        assert_eq!(c.len(), 0);
    }
}
