//! Span capture for the telemetry cases (C34): while armed, every span
//! made anywhere in the process is kept with its name, its parent (as the
//! `Registry` resolved it, across threads) and its fields as text. Cases
//! run one at a time; a case picks its own spans by their root.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

static ARMED: AtomicBool = AtomicBool::new(false);
static SPANS: Mutex<Vec<SpanRec>> = Mutex::new(Vec::new());
/// Keep at most this many spans.
const CAP: usize = 100_000;

/// One span as captured.
#[derive(Debug, Clone)]
pub struct SpanRec {
    /// The registry's id (reused after the span closes).
    pub id: u64,
    /// The span's name.
    pub name: &'static str,
    /// The parent's id, `None` for a root.
    pub parent: Option<u64>,
    /// Every field recorded, as text.
    pub fields: BTreeMap<String, String>,
    /// Closed (its id may be reused).
    pub closed: bool,
}

impl SpanRec {
    /// The field `name`, if recorded.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// The layer (installed by `logcap::install`).
pub struct SpanCapture;

/// True while capturing.
pub fn armed() -> bool {
    ARMED.load(Ordering::Relaxed)
}

fn spans() -> std::sync::MutexGuard<'static, Vec<SpanRec>> {
    SPANS.lock().unwrap_or_else(|p| p.into_inner())
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

fn open_mut<'a>(all: &'a mut [SpanRec], id: &Id) -> Option<&'a mut SpanRec> {
    all.iter_mut()
        .rev()
        .find(|s| s.id == id.into_u64() && !s.closed)
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for SpanCapture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if !armed() {
            return;
        }
        let parent = ctx
            .span(id)
            .and_then(|s| s.parent())
            .map(|p| p.id().into_u64());
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut all = spans();
        if all.len() < CAP {
            all.push(SpanRec {
                id: id.into_u64(),
                name: attrs.metadata().name(),
                parent,
                fields,
                closed: false,
            });
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some(s) = open_mut(&mut spans(), id) {
            values.record(&mut Fields(&mut s.fields));
        }
    }

    fn on_close(&self, id: Id, _: Context<'_, S>) {
        if let Some(s) = open_mut(&mut spans(), &id) {
            s.closed = true;
        }
    }
}

/// Starts capturing, from an empty list.
pub fn arm() {
    spans().clear();
    ARMED.store(true, Ordering::Relaxed);
    tracing::callsite::rebuild_interest_cache();
}

/// Stops capturing and returns the spans captured.
pub fn disarm() -> Vec<SpanRec> {
    ARMED.store(false, Ordering::Relaxed);
    std::mem::take(&mut *spans())
}

/// The spans below `root` (children, grandchildren, …), in order.
pub fn below(all: &[SpanRec], root: u64) -> Vec<SpanRec> {
    let mut ids = vec![root];
    let mut out = Vec::new();
    for s in all {
        if s.parent.is_some_and(|p| ids.contains(&p)) {
            ids.push(s.id);
            out.push(s.clone());
        }
    }
    out
}
