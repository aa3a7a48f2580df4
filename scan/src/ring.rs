//! Reading the token ring: the partitioner and every node's tokens, from
//! `system.local` and `system.peers`.
//!
//! The two tables are read in two requests, which a cluster of several
//! nodes may route to two coordinators: `system.peers` lists every node but
//! its own coordinator, so `local` from node A with `peers` from node B
//! misses B. Nodes are told apart by `host_id`, and the reads are repeated
//! (at most [`MAX_READS`] times) until they prove the whole ring: a
//! `peers` answer that lacks a node seen through `system.local` came from
//! that node (together they are every node), and two different `peers`
//! answers came from two coordinators (each lists the other's).

use std::collections::{BTreeMap, BTreeSet};

use cqlbridge_driver_api::{Query, Row, Values};
use uuid::Uuid;

use crate::error::{ScanError, ScanResult};
use crate::source::{all_rows, Source};

/// The partitioner a token-range scan supports.
pub const MURMUR3: &str = "org.apache.cassandra.dht.Murmur3Partitioner";

/// The most reads of the two tables before the ring counts as unreadable.
const MAX_READS: usize = 12;

/// The ring as the coordinators see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ring {
    /// How many nodes own tokens.
    pub(crate) nodes: usize,
    /// Every node's tokens.
    pub(crate) tokens: Vec<i64>,
}

/// Reads the ring; a partitioner other than Murmur3 is
/// [`ScanError::UnsupportedPartitioner`], a ring the reads never prove whole
/// [`ScanError::BadRing`].
pub(crate) async fn read_ring(source: &dyn Source) -> ScanResult<Ring> {
    let mut owners: BTreeMap<Uuid, Vec<i64>> = BTreeMap::new();
    let mut locals: BTreeSet<Uuid> = BTreeSet::new();
    let mut peer_sets: Vec<BTreeSet<Uuid>> = Vec::new();
    for _ in 0..MAX_READS {
        let (local, tokens) = read_local(source).await?;
        owners.insert(local, tokens);
        locals.insert(local);
        let mut peers = BTreeSet::new();
        for (id, tokens) in read_peers(source).await? {
            owners.insert(id, tokens);
            peers.insert(id);
        }
        if !peer_sets.contains(&peers) {
            peer_sets.push(peers);
        }
        if let Some(all) = whole_ring(&locals, &peer_sets) {
            let mut nodes = 0;
            let mut tokens = Vec::new();
            for id in all {
                let own = owners.get(&id).map(Vec::as_slice).unwrap_or_default();
                nodes += usize::from(!own.is_empty());
                tokens.extend_from_slice(own);
            }
            return Ok(Ring { nodes, tokens });
        }
    }
    Err(ScanError::BadRing {
        reason: format!(
            "{MAX_READS} reads of system.local and system.peers never named every node \
             (nodes seen: {})",
            owners.len()
        ),
    })
}

/// Every node, when the answers prove it: a `peers` set without a node
/// seen as `local` (that node was its coordinator), or two different
/// `peers` sets (two coordinators, each listed by the other).
fn whole_ring(locals: &BTreeSet<Uuid>, peer_sets: &[BTreeSet<Uuid>]) -> Option<BTreeSet<Uuid>> {
    for peers in peer_sets {
        if let Some(coordinator) = locals.iter().find(|l| !peers.contains(l)) {
            let mut all = peers.clone();
            all.insert(*coordinator);
            return Some(all);
        }
    }
    match peer_sets {
        [a, b, ..] => Some(a.union(b).copied().collect()),
        _ => None,
    }
}

/// The coordinator's `host_id` and tokens, after checking its partitioner.
async fn read_local(source: &dyn Source) -> ScanResult<(Uuid, Vec<i64>)> {
    let what = "system.local";
    let query = Query::from("SELECT partitioner, host_id, tokens FROM system.local");
    let rows = all_rows(source, query, Values::Empty)
        .await
        .map_err(ScanError::query(what))?;
    let row = rows.first().ok_or_else(|| ScanError::BadRing {
        reason: "system.local has no row".into(),
    })?;
    let partitioner: String = row.get("partitioner").map_err(ScanError::query(what))?;
    if partitioner != MURMUR3 {
        return Err(ScanError::UnsupportedPartitioner { partitioner });
    }
    let id: Option<Uuid> = row.get("host_id").map_err(ScanError::query(what))?;
    let id = id.ok_or_else(|| ScanError::BadRing {
        reason: "system.local names no host_id".into(),
    })?;
    Ok((id, tokens_of(row)?))
}

/// Every peer with a `host_id`, and its tokens.
async fn read_peers(source: &dyn Source) -> ScanResult<Vec<(Uuid, Vec<i64>)>> {
    let what = "system.peers";
    let query = Query::from("SELECT host_id, tokens FROM system.peers");
    let rows = all_rows(source, query, Values::Empty)
        .await
        .map_err(ScanError::query(what))?;
    let mut peers = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: Option<Uuid> = row.get("host_id").map_err(ScanError::query(what))?;
        if let Some(id) = id {
            peers.push((id, tokens_of(row)?));
        }
    }
    Ok(peers)
}

/// A row's `tokens`, parsed.
fn tokens_of(row: &Row) -> ScanResult<Vec<i64>> {
    let own: Option<Vec<String>> = row.get("tokens").map_err(ScanError::query("node tokens"))?;
    own.unwrap_or_default()
        .iter()
        .map(|t| parse_token(t))
        .collect()
}

/// A Murmur3 token as `system.local` writes it: a decimal `i64`.
fn parse_token(text: &str) -> ScanResult<i64> {
    text.trim().parse().map_err(|_| ScanError::BadRing {
        reason: format!("token {text:?} is not a Murmur3 (bigint) token"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: &[u128]) -> BTreeSet<Uuid> {
        n.iter().map(|&i| Uuid::from_u128(i)).collect()
    }

    #[test]
    fn the_ring_is_whole_only_when_the_answers_prove_it() {
        // One node: no peers, and the local node is every node.
        assert_eq!(whole_ring(&ids(&[1]), &[ids(&[])]), Some(ids(&[1])));
        // local from A, peers from A: B and C.
        assert_eq!(
            whole_ring(&ids(&[1]), &[ids(&[2, 3])]),
            Some(ids(&[1, 2, 3]))
        );
        // local from A, peers from B: A and C; B is missing, so not yet.
        assert_eq!(whole_ring(&ids(&[1]), &[ids(&[1, 3])]), None);
        // A second peers answer from another coordinator completes it.
        assert_eq!(
            whole_ring(&ids(&[1]), &[ids(&[1, 3]), ids(&[1, 2])]),
            Some(ids(&[1, 2, 3]))
        );
        // Or a local answer from the first peers answer's coordinator.
        assert_eq!(
            whole_ring(&ids(&[1, 2]), &[ids(&[1, 3])]),
            Some(ids(&[1, 2, 3]))
        );
    }
}
