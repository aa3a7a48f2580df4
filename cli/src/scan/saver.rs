//! The scan's checkpoint file, written by the tool itself rather than by
//! the scan: always after the rows it covers were flushed to stdout, so a
//! process killed at any moment leaves a checkpoint that never counts a
//! row it did not print.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use cqlbridge::scan::ScanIter;

use crate::failure::Failure;
use crate::output::RowPrinter;

/// Where and how often the checkpoint is written.
#[derive(Debug)]
pub(crate) struct Saver {
    path: Option<PathBuf>,
    every: Duration,
    last: Instant,
}

impl Saver {
    /// A saver for `path` (none: nothing is written), every `every`.
    pub(crate) fn new(path: Option<PathBuf>, every: Duration) -> Result<Self, Failure> {
        if let Some(path) = &path {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            if !dir.unwrap_or(std::path::Path::new(".")).is_dir() {
                return Err(Failure::usage(format!(
                    "checkpoint {}: its folder does not exist",
                    path.display()
                )));
            }
        }
        Ok(Saver {
            path,
            every,
            last: Instant::now(),
        })
    }

    /// The file, if there is one.
    pub(crate) fn path(&self) -> Option<&PathBuf> {
        self.path.as_ref()
    }

    /// True when the interval has passed since the last write.
    pub(crate) fn due(&self) -> bool {
        self.path.is_some() && self.last.elapsed() >= self.every
    }

    /// Flushes the printed rows, then writes the checkpoint of every row
    /// handed out so far (all of them printed).
    pub(crate) fn save<W: Write>(
        &mut self,
        printer: Option<&mut RowPrinter<W>>,
        rows: &ScanIter,
    ) -> Result<(), Failure> {
        if let Some(p) = printer {
            p.flush().map_err(|e| Failure::output(&e))?;
        }
        self.last = Instant::now();
        match &self.path {
            Some(path) => rows.checkpoint().save(path).map_err(|e| super::failure(&e)),
            None => Ok(()),
        }
    }
}
