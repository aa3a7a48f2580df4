//! Consistency levels, regular and serial (parsed from text in
//! `config::levels`).

use std::fmt;

/// The consistency level of a request: how many replicas must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Consistency {
    /// A write is stored by any node, hints included.
    Any,
    /// One replica.
    One,
    /// Two replicas.
    Two,
    /// Three replicas.
    Three,
    /// A majority of replicas across all data centers.
    Quorum,
    /// Every replica.
    All,
    /// A majority of replicas in the local data center.
    LocalQuorum,
    /// A majority of replicas in each data center.
    EachQuorum,
    /// One replica in the local data center.
    LocalOne,
    /// Paxos read across data centers (reads of LWT-written data).
    Serial,
    /// Paxos read in the local data center.
    LocalSerial,
}

impl Consistency {
    /// The name the server and `cqlsh` use, e.g. `LOCAL_QUORUM`.
    pub fn as_str(self) -> &'static str {
        match self {
            Consistency::Any => "ANY",
            Consistency::One => "ONE",
            Consistency::Two => "TWO",
            Consistency::Three => "THREE",
            Consistency::Quorum => "QUORUM",
            Consistency::All => "ALL",
            Consistency::LocalQuorum => "LOCAL_QUORUM",
            Consistency::EachQuorum => "EACH_QUORUM",
            Consistency::LocalOne => "LOCAL_ONE",
            Consistency::Serial => "SERIAL",
            Consistency::LocalSerial => "LOCAL_SERIAL",
        }
    }

    /// Every level, in protocol order.
    pub const ALL_LEVELS: [Consistency; 11] = [
        Consistency::Any,
        Consistency::One,
        Consistency::Two,
        Consistency::Three,
        Consistency::Quorum,
        Consistency::All,
        Consistency::LocalQuorum,
        Consistency::EachQuorum,
        Consistency::Serial,
        Consistency::LocalSerial,
        Consistency::LocalOne,
    ];
}

impl fmt::Display for Consistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The consistency of the Paxos phase of a lightweight transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SerialConsistency {
    /// Paxos across all data centers.
    Serial,
    /// Paxos in the local data center.
    LocalSerial,
}

impl SerialConsistency {
    /// The name the server uses.
    pub fn as_str(self) -> &'static str {
        match self {
            SerialConsistency::Serial => "SERIAL",
            SerialConsistency::LocalSerial => "LOCAL_SERIAL",
        }
    }
}

impl From<SerialConsistency> for Consistency {
    fn from(s: SerialConsistency) -> Self {
        match s {
            SerialConsistency::Serial => Consistency::Serial,
            SerialConsistency::LocalSerial => Consistency::LocalSerial,
        }
    }
}

impl fmt::Display for SerialConsistency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
