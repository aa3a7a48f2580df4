//! What the telemetry tests share: a `tracing_subscriber` layer that keeps
//! every span (name, parent, fields as text), and an observer that logs
//! its calls.

#![allow(dead_code, unreachable_pub)]

pub mod fixture;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cqlbridge_driver_api::{RequestInfo, RequestKind, RequestObserver, RequestOutcome};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

/// One span as the layer saw it.
#[derive(Debug, Clone)]
pub struct SpanRec {
    pub id: u64,
    pub name: &'static str,
    pub parent: Option<u64>,
    pub fields: BTreeMap<String, String>,
    pub closed: bool,
}

impl SpanRec {
    /// The field `name` as text, if recorded.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// Every span made while installed, in order.
#[derive(Debug, Clone, Default)]
pub struct Spans(pub Arc<Mutex<Vec<SpanRec>>>);

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

impl Spans {
    /// The spans so far.
    pub fn all(&self) -> Vec<SpanRec> {
        self.0.lock().unwrap().clone()
    }

    /// The spans named `name`.
    pub fn named(&self, name: &str) -> Vec<SpanRec> {
        self.all().into_iter().filter(|s| s.name == name).collect()
    }

    /// The spans whose name starts with `cqlbridge.`.
    pub fn requests(&self) -> Vec<SpanRec> {
        self.all()
            .into_iter()
            .filter(|s| s.name.starts_with("cqlbridge."))
            .collect()
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Spans {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let parent = ctx
            .span(id)
            .and_then(|s| s.parent())
            .map(|p| p.id().into_u64());
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(SpanRec {
            id: id.into_u64(),
            name: attrs.metadata().name(),
            parent,
            fields,
            closed: false,
        });
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut all = self.0.lock().unwrap();
        if let Some(s) = all
            .iter_mut()
            .rev()
            .find(|s| s.id == id.into_u64() && !s.closed)
        {
            values.record(&mut Fields(&mut s.fields));
        }
    }

    fn on_close(&self, id: Id, _: Context<'_, S>) {
        let mut all = self.0.lock().unwrap();
        if let Some(s) = all
            .iter_mut()
            .rev()
            .find(|s| s.id == id.into_u64() && !s.closed)
        {
            s.closed = true;
        }
    }
}

/// One observer call: `start`/`end`, the kind, operation, profile, and
/// for `end` the outcome as text (`ok N`, `err KIND`, `cancelled`).
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub event: &'static str,
    pub kind: RequestKind,
    pub operation: &'static str,
    pub profile: Option<String>,
    pub outcome: String,
    pub latency: Duration,
}

/// Logs every call; panics on every call when `panics`.
#[derive(Debug, Default)]
pub struct Log {
    pub seen: Mutex<Vec<Seen>>,
    pub panics: bool,
}

impl Log {
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    fn push(
        &self,
        event: &'static str,
        info: &RequestInfo<'_>,
        outcome: String,
        latency: Duration,
    ) {
        self.seen.lock().unwrap().push(Seen {
            event,
            kind: info.kind,
            operation: info.operation,
            profile: info.options.profile.clone(),
            outcome,
            latency,
        });
        if self.panics {
            panic!("scripted observer panic");
        }
    }
}

impl RequestObserver for Log {
    fn on_start(&self, info: &RequestInfo<'_>) {
        self.push("start", info, String::new(), Duration::ZERO);
    }
    fn on_end(&self, info: &RequestInfo<'_>, latency: Duration, outcome: &RequestOutcome<'_>) {
        let outcome = match outcome {
            RequestOutcome::Ok { rows } => format!("ok {rows}"),
            RequestOutcome::Err(e) => format!("err {}", e.kind().name()),
            RequestOutcome::Cancelled => "cancelled".to_string(),
            _ => "other".to_string(),
        };
        self.push("end", info, outcome, latency);
    }
}
