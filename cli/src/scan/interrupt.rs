//! Ctrl-C during a scan: the first SIGINT asks the scan loop to stop (it
//! flushes its output and writes its checkpoint, then exits 130); a second
//! one exits at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::failure::INTERRUPTED;

/// Set by the first SIGINT; read by the scan loop after each row.
#[derive(Debug, Clone)]
pub(crate) struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    /// Installs the SIGINT handler. Without one (the process already has a
    /// handler), Ctrl-C keeps its default effect and the flag stays clear.
    pub(crate) fn install() -> Self {
        let flag = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&flag);
        let installed = ctrlc::set_handler(move || {
            if seen.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(INTERRUPTED));
            }
        });
        if let Err(e) = installed {
            eprintln!("cqlbridge: warning: Ctrl-C will not write a checkpoint: {e}");
        }
        Interrupt(flag)
    }

    /// True once SIGINT arrived.
    pub(crate) fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
