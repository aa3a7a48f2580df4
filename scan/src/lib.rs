//! Full-table scans by token range over any cqlbridge backend: parallel,
//! in bounded memory, resumable from a checkpoint, throttled, and
//! shardable across processes.
//!
//! [`scan`](fn@scan) reads `keyspace.table` on an async `Session` and
//! returns a [`Scan`], a `Stream` of rows; `scan_blocking` (feature `sync`)
//! does the same on a blocking `SyncSession` and returns an iterator
//! (`ScanIter`). [`SessionScan`] (and, with `sync`, `SyncSessionScan`)
//! make them methods: `session.scan(keyspace, table, options)`.
//!
//! # How a table is split
//!
//! The ring is read from `system.local` (the partitioner and the node's
//! tokens) and `system.peers` (every other node's tokens). Only the
//! Murmur3 partitioner is supported: any other is
//! [`ScanError::UnsupportedPartitioner`] before any work. The token space
//! (every `i64`) is cut at the ring's tokens, so each range is owned by one
//! node, then each range is cut again in proportion to its width to reach
//! the target count ([`ScanOptions::ranges`]; by default nodes ×
//! [`DEFAULT_CORES_PER_NODE`] × [`DEFAULT_SPLIT_FACTOR`]). Each range is
//! read as `token(pk) > a AND token(pk) <= b`, the first as
//! `token(pk) >= -2⁶³ AND token(pk) <= b` (so the minimum token is read
//! once) and the last up to `2⁶³ - 1` (the wrap-around range): every token
//! is in exactly one range, and no row is read twice.
//!
//! # Concurrency and memory
//!
//! At most [`ScanOptions::concurrency`] ranges are read at once, each page
//! by page through `Session::page`; at most `concurrency` pages are held
//! (fetched, being fetched or being handed out), so at most
//! `concurrency × page size` rows.
//!
//! # Checkpoints
//!
//! A [`Checkpoint`] (JSON) holds the scan's identity (keyspace, table, a
//! fingerprint of the ring's ranges, the range count, the shard), the
//! finished ranges and, for each range in flight, the paging state of the
//! page being handed out and how many of its rows were. It records only
//! rows the caller has received, so resuming with [`ScanOptions::resume`]
//! reads no finished range again and hands out every other row exactly once
//! (as long as the table does not change in between). A checkpoint of
//! another table, ring or shard is [`ScanError::CheckpointMismatch`].
//! With [`ScanOptions::checkpoint_file`] it is written atomically at an
//! interval, when the scan ends or fails, and when the [`Scan`] is dropped.
//!
//! # Shards across machines
//!
//! [`ScanOptions::shard`]`(i, n)` reads every `n`-th range from the `i`-th:
//! `n` processes, on as many machines, given shards `0..n` and the same
//! range count, read the table once between them with no coordinator
//! (each can checkpoint and resume on its own). For jobs larger than a
//! handful of machines can read, or that must join or reshape the data on
//! the way, a Spark-based tool (the Spark Cassandra Connector, the
//! ScyllaDB Migrator) is the next step.
//!
//! # Throttle and retries
//!
//! [`ScanOptions::rate_limit`] caps the rows handed out per second (through
//! `governor`). A page that fails with a transient error is retried with
//! bounded exponential backoff ([`RetryPolicy`]); after the last attempt
//! the stream yields [`ScanError::PageFailed`] and ends, and its
//! checkpoint resumes it from that page.

mod checkpoint;
mod error;
mod ext;
mod fetch;
mod options;
mod plan;
mod progress;
mod ring;
mod scan;
mod source;
mod start;
mod table;
mod throttle;
mod token;
mod tracker;
mod worker;

#[cfg(feature = "sync")]
mod blocking;

#[cfg(test)]
mod tests;

pub use checkpoint::{Checkpoint, InFlight, CHECKPOINT_VERSION};
pub use error::{ScanError, ScanResult};
pub use ext::SessionScan;
#[cfg(feature = "sync")]
pub use ext::SyncSessionScan;
pub use options::{
    ProgressFn, RetryPolicy, ScanOptions, DEFAULT_CHECKPOINT_INTERVAL, DEFAULT_CONCURRENCY,
    DEFAULT_CORES_PER_NODE, DEFAULT_PAGE_SIZE, DEFAULT_SPLIT_FACTOR, MAX_RANGES,
};
pub use plan::{ring_hash, shard_indices, Plan};
pub use progress::ScanProgress;
pub use ring::MURMUR3;
pub use scan::Scan;
pub use start::scan;
pub use token::{covers_ring, ring_ranges, split, subdivide, TokenRange, MAX_PIECES, TOKEN_SPACE};

#[cfg(feature = "sync")]
pub use blocking::{scan_blocking, ScanIter};
