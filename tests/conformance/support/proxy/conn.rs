//! One proxied connection: a reader per direction and one writer to the
//! client, so a held-back response never blocks the others; a request
//! with an injected fault is answered here and never reaches the server.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::fault::{self, Fault};
use super::frame::{self, Frame, OP_BATCH, OP_EXECUTE, OP_PREPARE, OP_QUERY};
use super::{lock, Rule, Shared};

/// Copies bytes both ways, untouched (TLS passes through).
pub(super) async fn raw(mut client: TcpStream, upstream: SocketAddr) -> io::Result<()> {
    let mut server = TcpStream::connect(upstream).await?;
    tokio::io::copy_bidirectional(&mut client, &mut server)
        .await
        .map(|_| ())
}

/// Per-connection bookkeeping shared by the two directions.
#[derive(Default)]
struct Streams {
    /// Stream id → how long to hold its response.
    delayed: HashMap<i16, Duration>,
    /// Stream id → the fault that rewrites its response.
    rewritten: HashMap<i16, Fault>,
    /// Stream id of a `PREPARE` → the rules its text matched.
    preparing: HashMap<i16, Vec<Arc<Rule>>>,
}

/// Forwards frames, delaying the responses of marked requests.
pub(super) async fn frames(
    client: TcpStream,
    upstream: SocketAddr,
    shared: Arc<Shared>,
) -> io::Result<()> {
    let server = TcpStream::connect(upstream).await?;
    client.set_nodelay(true)?;
    server.set_nodelay(true)?;
    let (cr, mut cw) = client.into_split();
    let (sr, mut sw) = server.into_split();
    let streams = Arc::new(Mutex::new(Streams::default()));
    let (tx, mut rx) = mpsc::unbounded_channel::<Vec<u8>>();

    let writer = async move {
        while let Some(buf) = rx.recv().await {
            cw.write_all(&buf).await?;
        }
        io::Result::Ok(())
    };

    let (st, sh, to_client) = (streams.clone(), shared.clone(), tx.clone());
    let upward = async move {
        let mut cr = BufReader::new(cr);
        while let Some(f) = frame::read_frame(&mut cr).await? {
            if f.version() >= 5 {
                // Keep the connection on v4 framing, which the proxy can read.
                let msg = format!(
                    "Invalid or unsupported protocol version ({}); supported versions are (3/v3, 4/v4)",
                    f.version()
                );
                let _ = to_client.send(Frame::protocol_error(f.stream(), &msg).to_bytes());
                sh.downgrades.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            sh.version
                .fetch_max(f.version() as usize, Ordering::Relaxed);
            if f.compressed() {
                sh.opaque.fetch_add(1, Ordering::Relaxed);
            } else {
                match f.opcode() {
                    OP_QUERY | OP_EXECUTE | OP_BATCH => {
                        let action = sh.match_request(&f.body);
                        match action.fault {
                            Some(rewrite @ Fault::Rewrite { .. }) => {
                                lock(&st).rewritten.insert(f.stream(), rewrite);
                            }
                            Some(Fault::Stall(d)) => {
                                lock(&st).delayed.insert(f.stream(), d.max(action.delay));
                                sw.write_all(&f.to_bytes()).await?;
                                continue;
                            }
                            // Ends the connection: both directions close.
                            Some(Fault::DropConnection) => return Ok(()),
                            Some(fault) => {
                                if let Some(reply) = fault.reply(f.stream()) {
                                    let _ = to_client.send(reply.to_bytes());
                                    continue;
                                }
                            }
                            None => {}
                        }
                        if !action.delay.is_zero() {
                            lock(&st).delayed.insert(f.stream(), action.delay);
                        }
                    }
                    OP_PREPARE => {
                        let rules = sh.text_rules(&f.body);
                        if !rules.is_empty() {
                            lock(&st).preparing.insert(f.stream(), rules);
                        }
                    }
                    _ => {}
                }
            }
            sw.write_all(&f.to_bytes()).await?;
        }
        io::Result::Ok(())
    };

    let downward = async move {
        let mut sr = BufReader::new(sr);
        while let Some(f) = frame::read_frame(&mut sr).await? {
            let (delay, rules, rewrite) = {
                let mut s = lock(&streams);
                (
                    s.delayed.remove(&f.stream()),
                    s.preparing.remove(&f.stream()),
                    s.rewritten.remove(&f.stream()),
                )
            };
            let mut f = f;
            if let Some(Fault::Rewrite { from, to }) = rewrite {
                fault::rewrite(&mut f.body, from, to);
            }
            if let (Some(rules), Some(id)) = (rules, f.prepared_id()) {
                shared.link_id(id, rules);
            }
            let bytes = f.to_bytes();
            match delay {
                Some(d) => {
                    let tx = tx.clone();
                    let h = tokio::spawn(async move {
                        tokio::time::sleep(d).await;
                        let _ = tx.send(bytes);
                    });
                    shared.track(h.abort_handle());
                }
                None => {
                    if tx.send(bytes).is_err() {
                        break;
                    }
                }
            }
        }
        io::Result::Ok(())
    };

    tokio::select! {
        r = writer => r,
        r = upward => r,
        r = downward => r,
    }
}
