//! Ranges from a ring: every token covered exactly once, sorted and
//! disjoint, the ring's own cuts kept; and shards that split the ranges.

use proptest::prelude::*;

use crate::plan::{ring_hash, shard_indices, Plan};
use crate::token::{covers_ring, ring_ranges, split, subdivide, TokenRange, TOKEN_SPACE};

/// The ranges holding `token`, by a linear search.
fn holders(ranges: &[TokenRange], token: i64) -> usize {
    ranges.iter().filter(|r| r.contains(token)).count()
}

#[test]
fn no_tokens_give_the_whole_ring() {
    assert_eq!(ring_ranges(&[]), vec![TokenRange::full()]);
    assert_eq!(TokenRange::full().width(), TOKEN_SPACE);
}

#[test]
fn the_minimum_token_is_in_the_first_range_only() {
    let ranges = ring_ranges(&[0, -5, 100]);
    assert_eq!(
        ranges,
        vec![
            TokenRange {
                start: i64::MIN,
                end: -5
            },
            TokenRange { start: -5, end: 0 },
            TokenRange { start: 0, end: 100 },
            TokenRange {
                start: 100,
                end: i64::MAX
            },
        ]
    );
    assert!(ranges[0].contains(i64::MIN) && ranges[0].includes_start());
    assert!(!ranges[1].contains(-5) && ranges[1].contains(0));
    assert_eq!(holders(&ranges, i64::MIN), 1);
    assert_eq!(holders(&ranges, i64::MAX), 1);
    assert_eq!(ranges[0].to_string(), format!("[{}, -5]", i64::MIN));
    assert_eq!(ranges[1].to_string(), "(-5, 0]");
}

#[test]
fn ring_tokens_at_the_ends_make_no_empty_range() {
    let ranges = ring_ranges(&[i64::MIN, i64::MAX, 7, 7]);
    assert_eq!(
        ranges,
        vec![
            TokenRange {
                start: i64::MIN,
                end: 7
            },
            TokenRange {
                start: 7,
                end: i64::MAX
            },
        ]
    );
    assert!(covers_ring(&ranges));
}

#[test]
fn a_range_splits_into_at_most_its_width() {
    let r = TokenRange { start: 10, end: 13 };
    let parts = split(r, 10);
    assert_eq!(parts.len(), 3);
    assert_eq!(parts.iter().map(TokenRange::width).sum::<u128>(), 3);
    let first = TokenRange {
        start: i64::MIN,
        end: i64::MIN + 1,
    };
    assert_eq!(first.width(), 2);
    // A cut at i64::MIN would leave that one token on its own: it is not made.
    assert_eq!(split(first, 2), vec![first]);
    let three = TokenRange {
        start: i64::MIN,
        end: i64::MIN + 2,
    };
    assert_eq!(
        split(three, 3),
        vec![
            TokenRange {
                start: i64::MIN,
                end: i64::MIN + 1
            },
            TokenRange {
                start: i64::MIN + 1,
                end: i64::MIN + 2
            },
        ]
    );
}

#[test]
fn covers_ring_rejects_gaps_overlaps_and_missing_ends() {
    let r = |start, end| TokenRange { start, end };
    assert!(covers_ring(&[r(i64::MIN, 0), r(0, i64::MAX)]));
    assert!(!covers_ring(&[r(i64::MIN, 0), r(1, i64::MAX)]), "a gap");
    assert!(
        !covers_ring(&[r(i64::MIN, 1), r(0, i64::MAX)]),
        "an overlap"
    );
    assert!(!covers_ring(&[r(i64::MIN, 0)]), "no end");
    assert!(!covers_ring(&[r(-1, i64::MAX)]), "no start");
    assert!(!covers_ring(&[]));
}

#[test]
fn subdividing_one_node_reaches_the_target() {
    // 16 vnodes spread evenly, as a default single node has.
    let step = u64::MAX / 16;
    let tokens: Vec<i64> = (0..16u64).map(|i| (i * step) as i64 ^ i64::MIN).collect();
    let ranges = subdivide(&ring_ranges(&tokens), 64);
    assert!(covers_ring(&ranges));
    assert!((60..=70).contains(&ranges.len()), "{} ranges", ranges.len());
}

#[test]
fn shards_are_disjoint_and_cover_every_range() {
    for n in 1..=7u32 {
        let mut all: Vec<usize> = (0..n).flat_map(|i| shard_indices(23, (i, n))).collect();
        all.sort_unstable();
        assert_eq!(all, (0..23).collect::<Vec<_>>(), "n = {n}");
    }
    assert_eq!(shard_indices(10, (1, 4)), vec![1, 5, 9]);
    assert_eq!(
        shard_indices(10, (1, 4)),
        shard_indices(10, (1, 4)),
        "deterministic"
    );
}

#[test]
fn plans_share_their_ranges_and_hash_only_for_the_same_ring() {
    let a = Plan::new("ks", "t", &[1, 2, 3], 32, (0, 2));
    let b = Plan::new("ks", "t", &[3, 2, 1], 32, (1, 2));
    assert_eq!(a.ranges, b.ranges);
    assert_eq!(a.ring_hash, b.ring_hash);
    assert!((a.share() + b.share() - 1.0).abs() < 1e-9);
    let other = Plan::new("ks", "t", &[1, 2, 4], 32, (0, 2));
    assert_ne!(other.ring_hash, a.ring_hash);
    assert_eq!(ring_hash(&[]), ring_hash(&[]));
}

proptest! {
    #[test]
    fn every_token_is_covered_exactly_once(
        tokens in prop::collection::vec(any::<i64>(), 0..40),
        target in 1usize..300,
        probes in prop::collection::vec(any::<i64>(), 20),
    ) {
        let ring = ring_ranges(&tokens);
        let ranges = subdivide(&ring, target);
        prop_assert!(covers_ring(&ring));
        prop_assert!(covers_ring(&ranges), "not sorted, disjoint and complete");
        prop_assert!(ranges.len() >= ring.len());
        prop_assert!(ranges.len() >= target, "{} ranges for a target of {}", ranges.len(), target);
        prop_assert_eq!(ranges.iter().map(TokenRange::width).sum::<u128>(), TOKEN_SPACE);
        // The ring's own cuts survive: each range lies in one node's range.
        for t in tokens.iter().filter(|&&t| t != i64::MIN && t != i64::MAX) {
            prop_assert!(ranges.iter().any(|r| r.end == *t), "cut {} lost", t);
        }
        let edges = [i64::MIN, i64::MIN + 1, -1, 0, 1, i64::MAX - 1, i64::MAX];
        for t in probes.iter().chain(&edges).chain(&tokens) {
            prop_assert_eq!(holders(&ranges, *t), 1, "token {}", t);
        }
    }
}
