//! [`TokenRange`]: a slice of the Murmur3 token space, and how the ring's
//! tokens become ranges that cover every token exactly once.
//!
//! The Murmur3 space is every `i64`. A range covers the tokens `t` with
//! `start < t <= end` (half-open, as the ring assigns ownership), except the
//! one that starts at [`i64::MIN`], which covers `i64::MIN <= t <= end`: the
//! minimum token is covered once, by the first range. [`ring_ranges`] cuts
//! the space at the ring's tokens (the last range runs up to [`i64::MAX`],
//! the wrap-around range), and [`subdivide`] cuts those ranges further, in
//! proportion to their width.

use serde::{Deserialize, Serialize};

/// The number of tokens in the Murmur3 space: 2⁶⁴.
pub const TOKEN_SPACE: u128 = 1 << 64;

/// A slice of the token space: `start < token <= end`, or, when `start` is
/// [`i64::MIN`], `start <= token <= end`. Always `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TokenRange {
    /// The exclusive lower bound (inclusive when it is `i64::MIN`).
    pub start: i64,
    /// The inclusive upper bound.
    pub end: i64,
}

impl TokenRange {
    /// The range `(start, end]` (or `[i64::MIN, end]`); `None` unless
    /// `start < end`.
    pub fn new(start: i64, end: i64) -> Option<Self> {
        (start < end).then_some(TokenRange { start, end })
    }

    /// The whole ring: `[i64::MIN, i64::MAX]`.
    pub fn full() -> Self {
        TokenRange {
            start: i64::MIN,
            end: i64::MAX,
        }
    }

    /// True when the range holds its start, which only the range from
    /// `i64::MIN` does.
    pub fn includes_start(&self) -> bool {
        self.start == i64::MIN
    }

    /// The exclusive lower bound as an `i128` (one below `i64::MIN` for the
    /// first range), so every range is `(low, end]`.
    fn low(&self) -> i128 {
        i128::from(self.start) - i128::from(self.includes_start())
    }

    /// How many tokens the range covers.
    pub fn width(&self) -> u128 {
        (i128::from(self.end) - self.low()) as u128
    }

    /// True when `token` lies in the range.
    pub fn contains(&self, token: i64) -> bool {
        i128::from(token) > self.low() && token <= self.end
    }

    /// The range's share of the whole token space, in `0..=1`.
    pub fn fraction(&self) -> f64 {
        self.width() as f64 / TOKEN_SPACE as f64
    }
}

impl std::fmt::Display for TokenRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let open = if self.includes_start() { '[' } else { '(' };
        write!(f, "{open}{}, {}]", self.start, self.end)
    }
}

/// The ranges between the ring's `tokens` (in any order, repeats allowed),
/// sorted: `[i64::MIN, t0]`, `(t0, t1]`, …, `(tk, i64::MAX]`. A token equal
/// to `i64::MIN` cuts nothing (the first range holds it), and one equal to
/// `i64::MAX` leaves no range after it. No tokens give the whole ring.
pub fn ring_ranges(tokens: &[i64]) -> Vec<TokenRange> {
    let mut cuts: Vec<i64> = tokens.iter().copied().filter(|&t| t != i64::MIN).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut ranges = Vec::with_capacity(cuts.len() + 1);
    let mut start = i64::MIN;
    for end in cuts.into_iter().chain(std::iter::once(i64::MAX)) {
        if let Some(range) = TokenRange::new(start, end) {
            ranges.push(range);
            start = end;
        }
    }
    ranges
}

/// The most pieces [`split`] cuts one range into.
pub const MAX_PIECES: u128 = 1 << 32;

/// `range` cut into `pieces` ranges of (nearly) equal width, in order;
/// `pieces` is clamped to `1..=width` and to [`MAX_PIECES`].
pub fn split(range: TokenRange, pieces: u128) -> Vec<TokenRange> {
    let pieces = pieces.clamp(1, range.width().min(MAX_PIECES));
    let low = range.low();
    let width = range.width() as i128;
    let n = pieces as i128;
    let mut out = Vec::with_capacity(pieces as usize);
    let mut start = range.start;
    for j in 1..=n {
        let end = if j == n {
            range.end
        } else {
            // low + width·j/n without overflow: width ≤ 2⁶⁴, j ≤ n ≤ 2³².
            (low + (width / n) * j + (width % n) * j / n) as i64
        };
        // A cut at i64::MIN would leave a first piece of that one token,
        // which no range can hold apart: it stays with the next piece.
        if end == i64::MIN {
            continue;
        }
        out.push(TokenRange { start, end });
        start = end;
    }
    out
}

/// `ranges` (sorted, covering the ring) cut so that there are about
/// `target` in all and never fewer: each is cut in proportion to its width,
/// rounded up (so into at least one piece).
pub fn subdivide(ranges: &[TokenRange], target: usize) -> Vec<TokenRange> {
    let target = target as u128;
    ranges
        .iter()
        .flat_map(|&r| {
            let pieces = r
                .width()
                .saturating_mul(target)
                .saturating_add(TOKEN_SPACE - 1)
                / TOKEN_SPACE;
            split(r, pieces.max(1))
        })
        .collect()
}

/// True when `ranges` are sorted, disjoint and together cover every token
/// of the ring exactly once.
pub fn covers_ring(ranges: &[TokenRange]) -> bool {
    let Some(first) = ranges.first() else {
        return false;
    };
    let chained = ranges
        .windows(2)
        .all(|w| w[0].end == w[1].start && w[1].start != i64::MIN);
    first.start == i64::MIN
        && chained
        && ranges.last().is_some_and(|r| r.end == i64::MAX)
        && ranges.iter().all(|r| r.start < r.end)
}
