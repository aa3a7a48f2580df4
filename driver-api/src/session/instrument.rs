//! [`Request`]: the telemetry of one `Session` call — its `tracing` span,
//! its metrics and its observer calls — from the call to its result.
//!
//! Each request gets one span at INFO, named `cqlbridge.execute`,
//! `cqlbridge.page`, `cqlbridge.batch` or `cqlbridge.prepare`, with fields
//! after OpenTelemetry's database conventions:
//!
//! | field | value |
//! |-------|-------|
//! | `db.system` | `cassandra` |
//! | `db.operation` | the first keyword (`SELECT`, `INSERT`, …), or `batch` / `prepare` |
//! | `db.namespace` | the keyspace of a qualified name, else the session's, else empty |
//! | `db.query.text` | the CQL text, only with `Config::trace_statement_text(true)` |
//! | `db.cassandra.consistency_level` | e.g. `LOCAL_QUORUM` |
//! | `db.cassandra.page_size` | rows per page, `-1` when unpaged |
//! | `db.cassandra.idempotence` | `true` / `false` |
//! | `db.response.returned_rows` | rows returned (on success) |
//! | `error.type` | the [`ErrorKind::name`](crate::ErrorKind::name) (on failure) |
//! | `cqlbridge.backend` | the backend's name |
//! | `cqlbridge.profile` | the execution profile, if any |
//! | `cqlbridge.attempts` | attempts made: 1, 2 after the session's retry |
//! | `cqlbridge.speculative` | speculative attempts started, if any |
//! | `cqlbridge.cancelled` | `true` when the caller dropped the request |
//!
//! Bound values are never recorded. With no subscriber (or the level
//! off), the span is disabled and every record on it is skipped.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use tracing::field::Empty;
use tracing::instrument::Instrumented;
use tracing::{Instrument, Span};

use super::cql;
use super::telemetry::{Observers, Telemetry};
use crate::decode::DecodedPage;
use crate::error::Result;
use crate::metrics::Bucket;
use crate::observer::{RequestInfo, RequestKind, RequestOutcome};
use crate::options::ExecOptions;
use crate::result::{Page, QueryResult};
use crate::statement::Prepared;

/// What a request returns, for `db.response.returned_rows`.
pub(super) trait Returned {
    /// Rows returned.
    fn rows(&self) -> usize;
}

impl Returned for QueryResult {
    fn rows(&self) -> usize {
        QueryResult::rows(self).len()
    }
}

impl Returned for Page {
    fn rows(&self) -> usize {
        self.rows.len()
    }
}

impl Returned for DecodedPage {
    fn rows(&self) -> usize {
        self.len()
    }
}

impl Returned for Prepared {
    fn rows(&self) -> usize {
        0
    }
}

/// The span of one request named `$name`, every field declared.
macro_rules! request_span {
    ($name:literal, $backend:expr) => {
        tracing::span!(
            tracing::Level::INFO,
            $name,
            otel.kind = "client",
            db.system = "cassandra",
            db.operation = Empty,
            db.namespace = Empty,
            db.query.text = Empty,
            db.cassandra.consistency_level = Empty,
            db.cassandra.page_size = Empty,
            db.cassandra.idempotence = Empty,
            db.response.returned_rows = Empty,
            error.type = Empty,
            otel.status_code = Empty,
            cqlbridge.backend = $backend,
            cqlbridge.profile = Empty,
            cqlbridge.attempts = Empty,
            cqlbridge.speculative = Empty,
            cqlbridge.cancelled = Empty,
        )
    };
}

/// One request in progress. Made by [`Request::begin`] when the call
/// starts; [`Request::start`] (or [`Request::resolved`]) once its options
/// are known; ended by [`Request::finish`], or, if its future is dropped
/// first, as cancelled.
pub(super) struct Request<'a> {
    tel: &'a Telemetry,
    kind: RequestKind,
    cql: Option<&'a str>,
    statements: usize,
    clock: Instant,
    span: Span,
    /// Set by `start`: the metrics bucket of the request's profile.
    bucket: Option<&'a Bucket>,
    /// The observers, and the options they are shown (cloned only for them).
    observers: Option<(Observers, ExecOptions)>,
    /// Attempts made: 1, or more after the session retried (see `retry.rs`).
    attempts: AtomicU32,
    /// The options of the retry, once there is one.
    retry_options: OnceLock<ExecOptions>,
    done: bool,
}

impl<'a> Request<'a> {
    /// A request of `kind` on `cql` (`None` for a batch of `statements`).
    pub(super) fn begin(
        tel: &'a Telemetry,
        kind: RequestKind,
        cql: Option<&'a str>,
        statements: usize,
    ) -> Self {
        let clock = Instant::now();
        let backend = tel.recorder.backend();
        let span = match kind {
            RequestKind::Execute => request_span!("cqlbridge.execute", backend),
            RequestKind::Page => request_span!("cqlbridge.page", backend),
            RequestKind::Batch => request_span!("cqlbridge.batch", backend),
            RequestKind::Prepare => request_span!("cqlbridge.prepare", backend),
        };
        let req = Request {
            tel,
            kind,
            cql,
            statements,
            clock,
            span,
            bucket: None,
            observers: None,
            attempts: AtomicU32::new(1),
            retry_options: OnceLock::new(),
            done: false,
        };
        if !req.span.is_disabled() {
            req.span.record("db.operation", req.operation());
            let known = cql.and_then(cql::keyspace).map(str::to_string);
            let ns = known.or_else(|| tel.keyspace().map(|k| k.to_string()));
            req.span.record("db.namespace", ns.as_deref().unwrap_or(""));
            if let Some(text) = cql.filter(|_| tel.trace_text) {
                req.span.record("db.query.text", text);
            }
        }
        req
    }

    /// `db.operation`: the first keyword, or `batch` / `prepare`.
    fn operation(&self) -> &'static str {
        match (self.kind, self.cql) {
            (RequestKind::Batch, _) => "batch",
            (RequestKind::Prepare, _) => "prepare",
            (_, Some(cql)) => cql::operation(cql),
            (_, None) => "OTHER",
        }
    }

    fn info<'b>(&'b self, options: &'b ExecOptions) -> RequestInfo<'b> {
        RequestInfo {
            kind: self.kind,
            operation: self.operation(),
            backend: self.tel.recorder.backend(),
            cql: self.cql,
            statements: self.statements,
            options,
        }
    }

    /// The request runs with `opts`: counted in flight in its profile's
    /// bucket, its options on the span, the observers' `on_start` called.
    pub(super) fn start(&mut self, opts: &ExecOptions) {
        let bucket = self.tel.recorder.bucket(opts.profile.as_deref());
        bucket.started(self.tel.recorder.backend());
        self.bucket = Some(bucket);
        if !self.span.is_disabled() {
            let s = &self.span;
            if let Some(c) = opts.consistency {
                s.record("db.cassandra.consistency_level", c.as_str());
            }
            if let Some(p) = opts.page_size {
                s.record("db.cassandra.page_size", p.as_i32().map_or(-1, i64::from));
            }
            s.record("db.cassandra.idempotence", opts.idempotent.unwrap_or(false));
            if let Some(p) = &opts.profile {
                s.record("cqlbridge.profile", p.as_str());
            }
        }
        if let Some(observers) = self.tel.observers() {
            let info = self.info(opts);
            for o in observers.iter() {
                self.tel.guarded(|| o.on_start(&info));
            }
            self.observers = Some((observers, opts.clone()));
        }
    }

    /// Starts the request with the resolved options, or, when they could
    /// not be resolved, with the statement's `own` and ends it with that
    /// error at once.
    pub(super) fn resolved<T>(&mut self, r: Result<T>, own: &ExecOptions) -> Result<T>
    where
        T: std::ops::Deref<Target = ExecOptions>,
    {
        match r {
            Ok(opts) => {
                self.start(&opts);
                Ok(opts)
            }
            Err(e) => {
                self.start(own);
                self.end(&RequestOutcome::Err(&e));
                Err(e)
            }
        }
    }

    /// Time since the request began.
    pub(super) fn elapsed(&self) -> std::time::Duration {
        self.clock.elapsed()
    }

    /// The session is about to make attempt `attempt` after `error` with
    /// `options`: counted, told to the observers; the options are kept
    /// here for the attempt to borrow.
    pub(super) fn retried(
        &self,
        attempt: u32,
        error: &crate::error::Error,
        options: ExecOptions,
    ) -> &ExecOptions {
        self.attempts.store(attempt, Ordering::Relaxed);
        if let Some(b) = self.bucket {
            b.retried(self.tel.recorder.backend());
        }
        if let Some((observers, opts)) = &self.observers {
            let info = self.info(opts);
            for o in observers.iter() {
                self.tel.guarded(|| o.on_retry(&info, attempt, error));
            }
        }
        self.retry_options.get_or_init(|| options)
    }

    /// The session started speculative attempt `n` (1 for the first extra
    /// one): counted and shown on the span.
    pub(super) fn speculated(&self, n: u32) {
        if let Some(b) = self.bucket {
            b.speculated(self.tel.recorder.backend());
        }
        self.span.record("cqlbridge.speculative", n);
    }

    /// `fut` inside the request's span.
    pub(super) fn run<F: Future>(&self, fut: F) -> Instrumented<F> {
        fut.instrument(self.span.clone())
    }

    /// Ends the request with `result`, which it returns.
    pub(super) fn finish<T: Returned>(&mut self, result: Result<T>) -> Result<T> {
        match &result {
            Ok(v) => {
                self.end(&RequestOutcome::Ok { rows: v.rows() });
                if self.kind == RequestKind::Execute {
                    self.note_use();
                }
            }
            Err(e) => self.end(&RequestOutcome::Err(e)),
        }
        result
    }

    /// After a successful `USE ks`, `ks` is the namespace of unqualified names.
    fn note_use(&self) {
        if let Some(cql) = self.cql.filter(|c| crate::statement::is_use_statement(c)) {
            if let Some(ks) = cql::keyspace(cql) {
                self.tel.set_keyspace(ks);
            }
        }
    }

    fn end(&mut self, outcome: &RequestOutcome<'_>) {
        if std::mem::replace(&mut self.done, true) {
            return;
        }
        let latency = self.clock.elapsed();
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        let error = match outcome {
            RequestOutcome::Err(e) => Some(e.kind()),
            _ => None,
        };
        let backend = self.tel.recorder.backend();
        if let Some(b) = self.bucket {
            match outcome {
                RequestOutcome::Cancelled => b.cancelled(backend),
                _ => b.completed(backend, self.kind.as_str(), micros, error),
            }
        }
        if !self.span.is_disabled() {
            let s = &self.span;
            s.record(
                "cqlbridge.attempts",
                u64::from(self.attempts.load(Ordering::Relaxed)),
            );
            match outcome {
                RequestOutcome::Ok { rows } => {
                    s.record("db.response.returned_rows", *rows as u64);
                }
                RequestOutcome::Err(e) => {
                    s.record("error.type", e.kind().name());
                    s.record("otel.status_code", "ERROR");
                }
                RequestOutcome::Cancelled => {
                    s.record("cqlbridge.cancelled", true);
                }
            }
        }
        if let Some((observers, opts)) = &self.observers {
            let info = self.info(opts);
            for o in observers.iter() {
                self.tel.guarded(|| o.on_end(&info, latency, outcome));
            }
        }
    }
}

impl Drop for Request<'_> {
    fn drop(&mut self) {
        if self.bucket.is_some() {
            self.end(&RequestOutcome::Cancelled);
        }
    }
}
