//! Injected faults: what the proxy answers, instead of the server, to a
//! marked request — a forged `ERROR` reply of the kind a node sends on a bad
//! day, or the connection dropped with the request in flight.

use super::frame::{Frame, HEADER_LEN, OP_ERROR};

/// Consistency `ONE` as the protocol writes it.
const ONE: u16 = 0x0001;

/// One fault, forged by the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `ERROR 0x1001 Overloaded`.
    Overloaded,
    /// `ERROR 0x1002 Is_bootstrapping`.
    IsBootstrapping,
    /// `ERROR 0x0000 Server error`.
    ServerError,
    /// `ERROR 0x1000 Unavailable` at ONE: 1 required, 0 alive.
    Unavailable,
    /// `ERROR 0x1200 Read_timeout` at ONE: 1 of 1 answered, no data: what
    /// a retry policy may retry.
    ReadTimeout,
    /// `ERROR 0x1100 Write_timeout` at ONE, write type `SIMPLE`, 0 of 1.
    WriteTimeout,
    /// No reply: the client's connection is closed with the request in flight.
    DropConnection,
    /// The server's reply, forwarded after this long (other streams flow):
    /// a slow node, for speculative execution to overtake.
    Stall(std::time::Duration),
    /// The server's reply, forwarded with every `from` replaced by `to`
    /// (as long as `from`): e.g. a text cell made invalid UTF-8.
    Rewrite {
        /// The bytes to find.
        from: &'static [u8],
        /// What to write in their place.
        to: &'static [u8],
    },
}

impl Fault {
    /// Every fault, for a case to walk through.
    pub const ALL: [Fault; 7] = [
        Fault::Overloaded,
        Fault::IsBootstrapping,
        Fault::ServerError,
        Fault::Unavailable,
        Fault::ReadTimeout,
        Fault::WriteTimeout,
        Fault::DropConnection,
    ];

    /// A short name, for case details.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Overloaded => "Overloaded",
            Fault::IsBootstrapping => "IsBootstrapping",
            Fault::ServerError => "ServerError",
            Fault::Unavailable => "Unavailable",
            Fault::ReadTimeout => "ReadTimeout",
            Fault::WriteTimeout => "WriteTimeout",
            Fault::DropConnection => "dropped connection",
            Fault::Rewrite { .. } => "rewritten reply",
            Fault::Stall(_) => "stalled reply",
        }
    }

    /// The forged reply on `stream`; `None` for the faults that forge none
    /// ([`Fault::DropConnection`], [`Fault::Rewrite`], [`Fault::Stall`]).
    pub fn reply(self, stream: i16) -> Option<Frame> {
        let mut body = Vec::new();
        let code: u32 = match self {
            Fault::Overloaded => 0x1001,
            Fault::IsBootstrapping => 0x1002,
            Fault::ServerError => 0x0000,
            Fault::Unavailable => 0x1000,
            Fault::ReadTimeout => 0x1200,
            Fault::WriteTimeout => 0x1100,
            Fault::DropConnection | Fault::Rewrite { .. } | Fault::Stall(_) => return None,
        };
        body.extend_from_slice(&code.to_be_bytes());
        put_string(
            &mut body,
            &format!("injected by the proxy: {}", self.name()),
        );
        match self {
            Fault::Unavailable => {
                body.extend_from_slice(&ONE.to_be_bytes());
                body.extend_from_slice(&1i32.to_be_bytes());
                body.extend_from_slice(&0i32.to_be_bytes());
            }
            Fault::ReadTimeout => {
                body.extend_from_slice(&ONE.to_be_bytes());
                body.extend_from_slice(&1i32.to_be_bytes());
                body.extend_from_slice(&1i32.to_be_bytes());
                body.push(0);
            }
            Fault::WriteTimeout => {
                body.extend_from_slice(&ONE.to_be_bytes());
                body.extend_from_slice(&0i32.to_be_bytes());
                body.extend_from_slice(&1i32.to_be_bytes());
                put_string(&mut body, "SIMPLE");
            }
            _ => {}
        }
        let mut header = [0u8; HEADER_LEN];
        header[0] = 0x84;
        header[2..4].copy_from_slice(&stream.to_be_bytes());
        header[4] = OP_ERROR;
        header[5..9].copy_from_slice(&(body.len() as u32).to_be_bytes());
        Some(Frame { header, body })
    }
}

/// `body` with every `from` replaced by `to` (the same length; else as is).
pub fn rewrite(body: &mut [u8], from: &[u8], to: &[u8]) {
    if from.is_empty() || from.len() != to.len() {
        return;
    }
    let mut i = 0;
    while i + from.len() <= body.len() {
        if &body[i..i + from.len()] == from {
            body[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
}

/// A protocol `[string]`: a u16 length, then UTF-8 bytes.
fn put_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u16).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}
