//! Unit tests (no server): ranges and their coverage, shards, options,
//! checkpoints, and the engine over a scripted fake cluster.

mod checkpoint;
mod options;
mod tokens;
