//! [`Checkpoint`]: where a scan stands, as JSON; read, written atomically
//! (a temporary file, then a rename), and checked against the scan it is
//! meant to resume.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use cqlbridge_driver_api::PagingState;
use serde::{Deserialize, Serialize};

use crate::error::{ScanError, ScanResult};
use crate::plan::Plan;

/// The checkpoint format this crate writes and reads.
pub const CHECKPOINT_VERSION: u32 = 1;

/// Where a scan stands: its identity (table, ring, range count, shard), the
/// ranges it finished, and, for each range in flight, the paging state of
/// the page it was reading and how many rows of that page were handed out.
/// Resuming from it reads every other row exactly once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// [`CHECKPOINT_VERSION`].
    pub version: u32,
    /// The keyspace scanned.
    pub keyspace: String,
    /// The table scanned.
    pub table: String,
    /// The fingerprint of the ring's ranges ([`crate::plan::ring_hash`]).
    pub ring_hash: String,
    /// How many ranges the ring was cut into.
    pub ranges_total: usize,
    /// `[i, n]`: the shard scanned.
    pub shard: [u32; 2],
    /// Indices of the finished ranges, sorted.
    pub finished: Vec<usize>,
    /// The ranges in flight, by index.
    pub in_flight: Vec<InFlight>,
    /// Rows handed out by every run so far.
    pub rows: u64,
}

/// A range in flight: where its current page starts and how much of it was
/// handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InFlight {
    /// The range's index in the plan.
    pub range: usize,
    /// The paging state the current page was fetched with, in base64;
    /// `None` for the range's first page.
    pub paging_state: Option<String>,
    /// Rows of that page already handed out (skipped on resume).
    pub skip: u64,
}

impl InFlight {
    /// An entry for `range`, its page fetched from `state`, `skip` rows out.
    pub fn new(range: usize, state: Option<&PagingState>, skip: u64) -> Self {
        InFlight {
            range,
            paging_state: state.map(|s| BASE64.encode(s.as_bytes())),
            skip,
        }
    }

    /// The decoded paging state.
    pub fn state(&self) -> ScanResult<Option<PagingState>> {
        let Some(text) = &self.paging_state else {
            return Ok(None);
        };
        let bytes = BASE64
            .decode(text)
            .map_err(|e| unreadable(None, format!("paging state of range {}: {e}", self.range)))?;
        PagingState::from_bytes(bytes)
            .map(Some)
            .map_err(|e| unreadable(None, format!("paging state of range {}: {e}", self.range)))
    }
}

fn unreadable(path: Option<&Path>, reason: impl Into<String>) -> ScanError {
    ScanError::CheckpointUnreadable {
        path: path.map(Path::to_path_buf),
        reason: reason.into(),
    }
}

impl Checkpoint {
    /// A checkpoint of `plan` with nothing done.
    pub(crate) fn empty(plan: &Plan) -> Self {
        Checkpoint {
            version: CHECKPOINT_VERSION,
            keyspace: plan.keyspace.clone(),
            table: plan.table.clone(),
            ring_hash: plan.ring_hash.clone(),
            ranges_total: plan.ranges.len(),
            shard: [plan.shard.0, plan.shard.1],
            finished: Vec::new(),
            in_flight: Vec::new(),
            rows: 0,
        }
    }

    /// The checkpoint as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a checkpoint always serializes")
    }

    /// A checkpoint from JSON.
    pub fn from_json(json: &str) -> ScanResult<Self> {
        let checkpoint: Checkpoint =
            serde_json::from_str(json).map_err(|e| unreadable(None, e.to_string()))?;
        checkpoint.check_shape()?;
        Ok(checkpoint)
    }

    /// Reads a checkpoint file.
    pub fn load(path: impl AsRef<Path>) -> ScanResult<Self> {
        let path = path.as_ref();
        let with_path = |e: ScanError| match e {
            ScanError::CheckpointUnreadable { reason, .. } => unreadable(Some(path), reason),
            other => other,
        };
        let json =
            std::fs::read_to_string(path).map_err(|e| unreadable(Some(path), e.to_string()))?;
        Self::from_json(&json).map_err(with_path)
    }

    /// Writes the checkpoint to `path` atomically: to `path.tmp`, synced,
    /// then renamed over `path`, so a reader sees the old or the new one.
    pub fn save(&self, path: &Path) -> ScanResult<()> {
        use std::io::Write as _;
        let failed = |e: std::io::Error| ScanError::CheckpointWrite {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let tmp = temp_path(path);
        let mut file = std::fs::File::create(&tmp).map_err(failed)?;
        file.write_all(self.to_json().as_bytes()).map_err(failed)?;
        file.sync_all().map_err(failed)?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(failed)
    }

    /// Rejects a version this crate does not read and entries that cannot
    /// be (a paging state that is not base64, an index past the end).
    fn check_shape(&self) -> ScanResult<()> {
        if self.version != CHECKPOINT_VERSION {
            return Err(unreadable(
                None,
                format!(
                    "version {} (this library reads {CHECKPOINT_VERSION})",
                    self.version
                ),
            ));
        }
        let past = self
            .finished
            .iter()
            .chain(self.in_flight.iter().map(|f| &f.range))
            .find(|&&i| i >= self.ranges_total);
        if let Some(i) = past {
            return Err(unreadable(
                None,
                format!("range {i} of {} ranges", self.ranges_total),
            ));
        }
        self.in_flight.iter().try_for_each(|f| f.state().map(drop))
    }

    /// Rejects a checkpoint of another scan than `plan`'s.
    pub(crate) fn check_matches(&self, plan: &Plan) -> ScanResult<()> {
        let table = |ks: &str, t: &str| format!("{ks}.{t}");
        if (self.keyspace.as_str(), self.table.as_str())
            != (plan.keyspace.as_str(), plan.table.as_str())
        {
            return Err(ScanError::mismatch(
                "table",
                table(&plan.keyspace, &plan.table),
                table(&self.keyspace, &self.table),
            ));
        }
        if self.ranges_total != plan.ranges.len() {
            return Err(ScanError::mismatch(
                "range count",
                plan.ranges.len(),
                self.ranges_total,
            ));
        }
        if self.ring_hash != plan.ring_hash {
            return Err(ScanError::mismatch(
                "ring",
                &plan.ring_hash,
                &self.ring_hash,
            ));
        }
        if self.shard != [plan.shard.0, plan.shard.1] {
            let shard = |[i, n]: [u32; 2]| format!("{i}/{n}");
            return Err(ScanError::mismatch(
                "shard",
                shard([plan.shard.0, plan.shard.1]),
                shard(self.shard),
            ));
        }
        Ok(())
    }
}

/// The temporary file [`Checkpoint::save`] writes first, beside `path`.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}
