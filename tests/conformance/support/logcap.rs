//! A minimal `tracing` layer that, while armed, keeps every event and span
//! field as text, so a case can search the logs (C02: the password must
//! never appear there). Disarmed (and with [`super::spancap`] disarmed),
//! it turns every callsite off at no cost.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

static ARMED: AtomicBool = AtomicBool::new(false);
static TEXT: Mutex<String> = Mutex::new(String::new());
/// Keep at most this much text.
const CAP: usize = 8 << 20;

/// The text-capturing layer (over a `Registry`, which also tracks the
/// current span for [`super::spancap`]).
struct Capture;

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

fn armed() -> bool {
    ARMED.load(Ordering::Relaxed)
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }
    fn enabled(&self, _: &Metadata<'_>, _: Context<'_, S>) -> bool {
        armed() || super::spancap::armed()
    }
    fn on_new_span(&self, span: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        if armed() {
            append(|t| {
                let _ = write!(t, "span {}", span.metadata().name());
                span.record(&mut Fields(t));
            });
        }
    }
    fn on_record(&self, _: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if armed() {
            append(|t| values.record(&mut Fields(t)));
        }
    }
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        if armed() {
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
    }
}

/// Installs the capturing subscriber (a `Registry` with this layer and
/// [`super::spancap`]'s) as the global default (once; later calls are no-ops).
pub fn install() {
    let subscriber = tracing_subscriber::registry()
        .with(Capture)
        .with(super::spancap::SpanCapture);
    let _ = tracing::subscriber::set_global_default(subscriber);
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
