//! A minimal `tracing` subscriber that, while armed, keeps every event and
//! span field as text, so a case can search the logs (C02: the password must
//! never appear there). Disarmed, it turns every callsite off at no cost.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

static ARMED: AtomicBool = AtomicBool::new(false);
static TEXT: Mutex<String> = Mutex::new(String::new());
/// Keep at most this much text.
const CAP: usize = 8 << 20;

struct Capture {
    next_id: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

fn append(f: impl FnOnce(&mut String)) {
    let mut t = TEXT.lock().unwrap_or_else(|p| p.into_inner());
    if t.len() < CAP {
        f(&mut t);
        t.push('\n');
    }
}

impl Subscriber for Capture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        ARMED.load(Ordering::Relaxed)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        append(|t| {
            let _ = write!(t, "span {}", span.metadata().name());
            span.record(&mut Fields(t));
        });
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed).max(1))
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        append(|t| values.record(&mut Fields(t)));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        append(|t| {
            let _ = write!(
                t,
                "{} {}",
                event.metadata().level(),
                event.metadata().target()
            );
            event.record(&mut Fields(t));
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Installs the capturing subscriber as the global default (once; later calls are no-ops).
pub fn install() {
    let _ = tracing::subscriber::set_global_default(Capture {
        next_id: AtomicU64::new(1),
    });
    tracing::callsite::rebuild_interest_cache();
}

/// Starts capturing, from an empty buffer.
pub fn arm() {
    TEXT.lock().unwrap_or_else(|p| p.into_inner()).clear();
    ARMED.store(true, Ordering::Relaxed);
}

/// Stops capturing and returns what was captured.
pub fn disarm() -> String {
    ARMED.store(false, Ordering::Relaxed);
    std::mem::take(&mut *TEXT.lock().unwrap_or_else(|p| p.into_inner()))
}
