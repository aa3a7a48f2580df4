//! Batches: several writes sent as one request, with their own options.

use crate::options::ExecOptions;
use crate::statement::Query;
use crate::values::{IntoValues, Values};

/// The kind of batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BatchKind {
    /// Atomic through the batch log.
    #[default]
    Logged,
    /// Not atomic; no batch log.
    Unlogged,
    /// Counter updates only.
    Counter,
}

/// A batch of statements with their values and its own options
/// (consistency, timeout, …; the statements' own options are not used).
#[derive(Debug, Clone, Default)]
pub struct Batch {
    kind: BatchKind,
    items: Vec<(Query, Values)>,
    options: ExecOptions,
}

impl Batch {
    /// An empty batch of `kind`.
    pub fn new(kind: BatchKind) -> Self {
        Batch {
            kind,
            items: Vec::new(),
            options: ExecOptions::default(),
        }
    }

    /// Adds a statement (text or prepared) with its values.
    pub fn add(mut self, query: impl Into<Query>, values: impl IntoValues) -> Self {
        self.items.push((query.into(), values.into_values()));
        self
    }

    /// Adds a statement in place.
    pub fn push(&mut self, query: impl Into<Query>, values: impl IntoValues) {
        self.items.push((query.into(), values.into_values()));
    }

    /// The kind of batch.
    pub fn kind(&self) -> BatchKind {
        self.kind
    }

    /// The statements and their values, in order.
    pub fn items(&self) -> &[(Query, Values)] {
        &self.items
    }

    /// How many statements the batch holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when the batch holds no statement.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    option_setters!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_keeps_order_and_values() {
        let b = Batch::new(BatchKind::Unlogged)
            .add("INSERT INTO t (k) VALUES (?)", (1i32,))
            .add("INSERT INTO t (k) VALUES (2)", ());
        assert_eq!(b.kind(), BatchKind::Unlogged);
        assert_eq!(b.len(), 2);
        assert_eq!(b.items()[0].1.len(), 1);
        assert!(b.items()[1].1.is_empty());
    }
}
