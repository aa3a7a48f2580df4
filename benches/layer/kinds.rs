//! What the layer bench measures: the statement ([`Op`]), who runs it
//! ([`Side`]) and how its requests are kept in flight ([`Load`]).

use std::fmt;

/// The statement measured.
#[derive(Clone, Copy)]
pub(crate) enum Op {
    Insert,
    Select,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Insert => "insert",
            Op::Select => "select",
        })
    }
}

/// Who runs it.
#[derive(Clone, Copy)]
pub(crate) enum Side {
    /// `cqlbridge::Session` over `ScyllaDriver`.
    Ours,
    /// The `scylla` crate used directly.
    Raw,
    /// A second raw session, for the A/A check (`CQLBRIDGE_LAYER_AA=1`):
    /// raw against raw shows what the bench itself can resolve.
    RawTwin,
}

impl Side {
    /// What the side is, for the summary's heading.
    pub(crate) fn long(self) -> &'static str {
        match self {
            Side::Ours => "ours (Session over ScyllaDriver)",
            Side::Raw => "raw (scylla crate)",
            Side::RawTwin => "raw twin (a second scylla session)",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Ours => "ours",
            Side::Raw => "raw",
            Side::RawTwin => "twin",
        })
    }
}

/// How the requests of a run are kept in flight.
#[derive(Clone, Copy)]
pub(crate) enum Load {
    /// One at a time: a loop of awaits (`c1`).
    Serial,
    /// 64 in flight from one task with `buffer_unordered` (`c64`): one
    /// thread polls every request, as a bulk loader would.
    OneTask,
    /// 64 spawned tasks with one request in flight each (`t64`): as a
    /// service that handles each request in a task of its own.
    Tasks,
}

/// Requests in flight at concurrency 64.
pub(crate) const IN_FLIGHT: usize = 64;

/// The loads measured.
pub(crate) const LOADS: [Load; 3] = [Load::Serial, Load::OneTask, Load::Tasks];

impl Load {
    pub(crate) fn concurrency(self) -> usize {
        match self {
            Load::Serial => 1,
            Load::OneTask | Load::Tasks => IN_FLIGHT,
        }
    }
}

impl fmt::Display for Load {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Load::Serial => write!(f, "c1"),
            Load::OneTask => write!(f, "c{IN_FLIGHT}"),
            Load::Tasks => write!(f, "t{IN_FLIGHT}"),
        }
    }
}
