//! The suite's machinery: the `CASES.md` check, target selection, the
//! two-mode client, keyspaces, the frame proxy, the matrix and the runner.

pub mod case;
pub mod case_list;
pub mod check;
pub mod client;
pub mod connect;
pub mod ctx;
pub mod keyspace;
pub mod logcap;
pub mod matrix;
pub mod proxy;
pub mod runner;
pub mod spancap;
pub mod sync_client;
pub mod target;
pub mod threads;
