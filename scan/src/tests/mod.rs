//! Unit tests (no server): ranges and their coverage, shards, options,
//! checkpoints, and the engine over a scripted fake cluster.

mod checkpoint;
mod engine;
mod fake_cluster;
mod options;
mod tokens;
