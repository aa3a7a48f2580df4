//! [`Plan`]: the ranges one scan reads, the shard it takes of them, and the
//! identity a checkpoint must match.

use crate::token::{self, TokenRange};

/// The ranges of one scan: every range of the table's ring (the same list in
/// every process that sees the same ring and asks for the same count) and
/// the indices of those this scan's shard reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The keyspace.
    pub keyspace: String,
    /// The table.
    pub table: String,
    /// Every range, sorted, covering the ring once.
    pub ranges: Vec<TokenRange>,
    /// `(i, n)`: shard `i` of `n` (`(0, 1)` for the whole table).
    pub shard: (u32, u32),
    /// Indices into [`Plan::ranges`] of the ranges this shard reads.
    pub selected: Vec<usize>,
    /// [`ring_hash`] of [`Plan::ranges`].
    pub ring_hash: String,
}

impl Plan {
    /// The plan for `keyspace.table` over `ring_tokens` (every node's
    /// tokens), cut into about `target` ranges, for `shard`.
    pub fn new(
        keyspace: &str,
        table: &str,
        ring_tokens: &[i64],
        target: usize,
        shard: (u32, u32),
    ) -> Plan {
        let ranges = token::subdivide(&token::ring_ranges(ring_tokens), target);
        Plan {
            keyspace: keyspace.to_owned(),
            table: table.to_owned(),
            selected: shard_indices(ranges.len(), shard),
            ring_hash: ring_hash(&ranges),
            ranges,
            shard,
        }
    }

    /// The share of the token space this shard reads, in `0..=1`.
    pub fn share(&self) -> f64 {
        self.selected
            .iter()
            .map(|&i| self.ranges[i].fraction())
            .sum()
    }
}

/// Shard `i` of `n` of `count` ranges: the indices `i, i + n, i + 2n, …`.
/// Deterministic, disjoint across `i`, and together every index; each
/// shard's ranges are spread over the whole ring. `n` must not be 0.
pub fn shard_indices(count: usize, (i, n): (u32, u32)) -> Vec<usize> {
    (i as usize..count).step_by(n.max(1) as usize).collect()
}

/// A stable fingerprint of `ranges` (64-bit FNV-1a over their bounds, in
/// hex): equal lists give equal hashes in every process and release.
pub fn ring_hash(ranges: &[TokenRange]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    for r in ranges {
        for byte in r.start.to_be_bytes().into_iter().chain(r.end.to_be_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:016x}")
}
