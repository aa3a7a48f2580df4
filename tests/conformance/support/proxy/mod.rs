//! A small CQL proxy on `127.0.0.1:<ephemeral>` in front of the test bed.
//!
//! It reads every frame in both directions (protocol v3/v4 envelopes; the
//! drivers under test speak v4, and a client that opens with v5 is told
//! "unsupported protocol version" so it falls back to v4, where frames stay
//! visible). For each request (`QUERY`, `EXECUTE`, `BATCH`) it finds the
//! [rules](Proxy::delay) whose marker occurs in the body — as CQL text, or as
//! the id of a statement whose `PREPARE` text held the marker — counts the
//! request for each, and when a rule has a delay it holds back the *response*
//! on that request's stream id for that long. Other streams on the same
//! connection flow freely, so only the marked statement is slow.
//!
//! [`Proxy::count`] tells how many requests matched a marker: the conformance
//! suite uses it to prove a statement really went through the proxy and to
//! watch how lazily a row stream fetches its pages.

mod conn;
pub mod fault;
pub mod frame;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::AbortHandle;

use fault::Fault;

/// One marker: requests containing it are counted and delayed by `delay`,
/// and the first `faults_left` of them answered with `fault` instead.
struct Rule {
    marker: Vec<u8>,
    delay: Duration,
    hits: AtomicUsize,
    fault: Option<Fault>,
    faults_left: AtomicUsize,
}

/// What to do with a matched request.
#[derive(Default)]
struct Action {
    /// Hold its response this long.
    delay: Duration,
    /// Answer it with this fault instead of forwarding it.
    fault: Option<Fault>,
}

/// A prepared-statement id and the rules its `PREPARE` text matched.
type LinkedId = (Vec<u8>, Vec<Arc<Rule>>);

/// State shared by the proxy's connections.
#[derive(Default)]
pub(crate) struct Shared {
    rules: Mutex<Vec<Arc<Rule>>>,
    /// Prepared-statement ids whose `PREPARE` text held markers.
    ids: Mutex<Vec<LinkedId>>,
    tasks: Mutex<Vec<AbortHandle>>,
    connections: AtomicUsize,
    requests: AtomicUsize,
    opaque: AtomicUsize,
    /// v5+ openings answered with "unsupported protocol version".
    downgrades: AtomicUsize,
    /// The highest protocol version forwarded.
    version: AtomicUsize,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    /// Rules whose marker text occurs in `body`.
    fn text_rules(&self, body: &[u8]) -> Vec<Arc<Rule>> {
        lock(&self.rules)
            .iter()
            .filter(|r| frame::contains(body, &r.marker))
            .cloned()
            .collect()
    }

    /// Rules matched by text or by a linked prepared id; counts each match
    /// and takes one fault of the first rule that has one left.
    fn match_request(&self, body: &[u8]) -> Action {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let mut matched = self.text_rules(body);
        for (id, rules) in lock(&self.ids).iter() {
            if frame::contains(body, id) {
                for r in rules {
                    if !matched.iter().any(|m| Arc::ptr_eq(m, r)) {
                        matched.push(r.clone());
                    }
                }
            }
        }
        let mut action = Action::default();
        for r in &matched {
            r.hits.fetch_add(1, Ordering::Relaxed);
            action.delay = action.delay.max(r.delay);
            let take = |n: usize| n.checked_sub(1);
            if action.fault.is_none()
                && r.fault.is_some()
                && r.faults_left
                    .fetch_update(Ordering::AcqRel, Ordering::Acquire, take)
                    .is_ok()
            {
                action.fault = r.fault;
            }
        }
        action
    }

    fn link_id(&self, id: Vec<u8>, rules: Vec<Arc<Rule>>) {
        let mut ids = lock(&self.ids);
        if let Some(e) = ids.iter_mut().find(|(i, _)| *i == id) {
            e.1 = rules;
        } else {
            ids.push((id, rules));
        }
    }

    fn track(&self, h: AbortHandle) {
        let mut t = lock(&self.tasks);
        t.retain(|h| !h.is_finished());
        t.push(h);
    }
}

/// A running proxy; dropping it closes every connection it holds.
pub struct Proxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Proxy {
    /// A frame-reading proxy on `127.0.0.1:<ephemeral>` forwarding to `upstream`.
    pub async fn start(upstream: SocketAddr) -> io::Result<Proxy> {
        Self::listen(&[IpAddr::V4(Ipv4Addr::LOCALHOST)], upstream, false).await
    }

    /// A byte-for-byte proxy (for TLS) forwarding to `upstream`, listening on
    /// the same ephemeral port of every address in `ips`; [`Proxy::addr`] is
    /// the first. (Drivers reach the node at the address `system.local`
    /// names — 127.0.0.1 — on the port they first connected to, so a proxy
    /// on another address must answer there too.)
    pub async fn start_raw(ips: &[IpAddr], upstream: SocketAddr) -> io::Result<Proxy> {
        Self::listen(ips, upstream, true).await
    }

    /// Binds one listener per address, all on one port.
    async fn bind_all(ips: &[IpAddr]) -> io::Result<Vec<TcpListener>> {
        let mut last = io::Error::new(io::ErrorKind::AddrInUse, "no free common port");
        for _ in 0..20 {
            let first = TcpListener::bind(SocketAddr::new(ips[0], 0)).await?;
            let port = first.local_addr()?.port();
            let mut all = vec![first];
            for ip in &ips[1..] {
                match TcpListener::bind(SocketAddr::new(*ip, port)).await {
                    Ok(l) => all.push(l),
                    Err(e) => {
                        last = e;
                        break;
                    }
                }
            }
            if all.len() == ips.len() {
                return Ok(all);
            }
        }
        Err(last)
    }

    async fn listen(ips: &[IpAddr], upstream: SocketAddr, raw: bool) -> io::Result<Proxy> {
        let listeners = Self::bind_all(ips).await?;
        let addr = listeners[0].local_addr()?;
        let shared = Arc::new(Shared::default());
        for listener in listeners {
            let s = shared.clone();
            let accept = tokio::spawn(async move {
                while let Ok((client, _)) = listener.accept().await {
                    s.connections.fetch_add(1, Ordering::Relaxed);
                    let s2 = s.clone();
                    let h = tokio::spawn(async move {
                        let _ = if raw {
                            conn::raw(client, upstream).await
                        } else {
                            conn::frames(client, upstream, s2).await
                        };
                    });
                    s.track(h.abort_handle());
                }
            });
            shared.track(accept.abort_handle());
        }
        Ok(Proxy { addr, shared })
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Delays the response to every request whose body holds `marker` by `delay`
    /// (zero: only count them).
    pub fn delay(&self, marker: &str, delay: Duration) {
        self.rule(marker, delay, None, 0);
    }

    /// Answers the next `times` requests whose body holds `marker` with
    /// `fault` instead of forwarding them (later ones pass); every one of
    /// them is counted by [`Proxy::count`].
    pub fn inject(&self, marker: &str, fault: Fault, times: usize) {
        self.rule(marker, Duration::ZERO, Some(fault), times);
    }

    fn rule(&self, marker: &str, delay: Duration, fault: Option<Fault>, times: usize) {
        lock(&self.shared.rules).push(Arc::new(Rule {
            marker: marker.as_bytes().to_vec(),
            delay,
            hits: AtomicUsize::new(0),
            fault,
            faults_left: AtomicUsize::new(times),
        }));
    }

    /// Counts requests holding `marker`, without delaying them.
    pub fn watch(&self, marker: &str) {
        self.delay(marker, Duration::ZERO);
    }

    /// How many requests matched the rules for `marker` so far.
    pub fn count(&self, marker: &str) -> usize {
        lock(&self.shared.rules)
            .iter()
            .filter(|r| r.marker == marker.as_bytes())
            .map(|r| r.hits.load(Ordering::Relaxed))
            .sum()
    }

    /// Client connections accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Requests (`QUERY`, `EXECUTE`, `BATCH`) seen so far.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// `(highest protocol version forwarded, v5+ openings turned down)`.
    pub fn protocol(&self) -> (usize, usize) {
        (
            self.shared.version.load(Ordering::Relaxed),
            self.shared.downgrades.load(Ordering::Relaxed),
        )
    }

    /// Frames the proxy could not look into (compressed bodies).
    pub fn opaque_frames(&self) -> usize {
        self.shared.opaque.load(Ordering::Relaxed)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        for h in lock(&self.shared.tasks).drain(..) {
            h.abort();
        }
    }
}
