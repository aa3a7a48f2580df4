//! Reading the token ring: the partitioner and every node's tokens, from
//! `system.local` and `system.peers`.

use cqlbridge_driver_api::{Query, Values};

use crate::error::{ScanError, ScanResult};
use crate::source::{all_rows, Source};

/// The partitioner a token-range scan supports.
pub const MURMUR3: &str = "org.apache.cassandra.dht.Murmur3Partitioner";

/// The ring as the coordinator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ring {
    /// How many nodes own tokens.
    pub(crate) nodes: usize,
    /// Every node's tokens.
    pub(crate) tokens: Vec<i64>,
}

/// Reads the ring; a partitioner other than Murmur3 is
/// [`ScanError::UnsupportedPartitioner`].
pub(crate) async fn read_ring(source: &dyn Source) -> ScanResult<Ring> {
    let local = all_rows(
        source,
        Query::from("SELECT partitioner, tokens FROM system.local"),
        Values::Empty,
    )
    .await
    .map_err(ScanError::query("system.local"))?;
    let row = local.first().ok_or_else(|| ScanError::BadRing {
        reason: "system.local has no row".into(),
    })?;
    let partitioner: String = row.get(0).map_err(ScanError::query("system.local"))?;
    if partitioner != MURMUR3 {
        return Err(ScanError::UnsupportedPartitioner { partitioner });
    }
    let mut nodes = 0;
    let mut tokens = Vec::new();
    let peers = all_rows(
        source,
        Query::from("SELECT tokens FROM system.peers"),
        Values::Empty,
    )
    .await
    .map_err(ScanError::query("system.peers"))?;
    for row in local.iter().chain(&peers) {
        let own: Option<Vec<String>> =
            row.get("tokens").map_err(ScanError::query("node tokens"))?;
        let own = own.unwrap_or_default();
        if !own.is_empty() {
            nodes += 1;
        }
        tokens.extend(
            own.iter()
                .map(|t| parse_token(t))
                .collect::<ScanResult<Vec<_>>>()?,
        );
    }
    Ok(Ring { nodes, tokens })
}

/// A Murmur3 token as `system.local` writes it: a decimal `i64`.
fn parse_token(text: &str) -> ScanResult<i64> {
    text.trim().parse().map_err(|_| ScanError::BadRing {
        reason: format!("token {text:?} is not a Murmur3 (bigint) token"),
    })
}
