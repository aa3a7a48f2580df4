//! One `db up` / `db down` at a time: several engineers and test scripts share the machine.
//!
//! The lock is `<root>/testbed.lock`, created atomically and holding the owner's pid. A second
//! caller waits (bounded) for the owner to finish, then goes on: a concurrent `db up` then
//! finds the test bed up and returns at once. A lock whose owner died is taken over.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::thread;
use std::time::{Duration, Instant};

use super::layout::{show, Layout};
use super::process::alive;

/// How long a caller waits for another `up`/`down` to finish.
const WAIT_LIMIT: Duration = Duration::from_secs(600);

/// Held while it lives; removes the lock file on drop.
pub(crate) struct Lock {
    path: PathBuf,
}

/// Takes the test bed lock, waiting for another holder at most [`WAIT_LIMIT`].
pub(crate) fn acquire(layout: &Layout) -> Result<Lock, String> {
    fs::create_dir_all(&layout.root)
        .map_err(|e| format!("cannot create {}: {e}", show(&layout.root)))?;
    let path = layout.root.join("testbed.lock");
    let deadline = Instant::now() + WAIT_LIMIT;
    let mut told = false;
    loop {
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                let _ = writeln!(file, "{}", std::process::id());
                return Ok(Lock { path });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let owner = fs::read_to_string(&path)
                    .ok()
                    .and_then(|s| s.trim().parse::<u32>().ok());
                match owner {
                    Some(pid) if alive(pid) => {
                        if !told {
                            eprintln!(
                                "waiting for another `cargo xtask db` (pid {pid}) to finish ..."
                            );
                            told = true;
                        }
                        if Instant::now() >= deadline {
                            return Err(format!(
                                "another `cargo xtask db` (pid {pid}) held {} for {} s",
                                show(&path),
                                WAIT_LIMIT.as_secs()
                            ));
                        }
                    }
                    // Dead owner, or a file still being written: remove only if it stays stale.
                    _ => {
                        thread::sleep(Duration::from_millis(200));
                        let again = fs::read_to_string(&path)
                            .ok()
                            .and_then(|s| s.trim().parse::<u32>().ok());
                        if again == owner && !owner.is_some_and(alive) {
                            let _ = fs::remove_file(&path);
                        }
                        continue;
                    }
                }
                thread::sleep(Duration::from_millis(500));
            }
            Err(e) => return Err(format!("cannot create {}: {e}", show(&path))),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
