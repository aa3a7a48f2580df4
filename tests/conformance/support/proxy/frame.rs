//! CQL native-protocol frames (v3/v4 envelopes): a 9-byte header — version
//! (high bit set on responses), flags, stream id (i16), opcode, body length
//! (u32) — and the body. Only what the proxy needs is decoded.

use std::io;

use tokio::io::{AsyncRead, AsyncReadExt};

/// Header length of protocol v3 and later.
pub const HEADER_LEN: usize = 9;
/// The largest body the protocol allows (256 MiB).
const MAX_BODY: usize = 256 << 20;

/// `ERROR`.
pub const OP_ERROR: u8 = 0x00;
/// `QUERY`.
pub const OP_QUERY: u8 = 0x07;
/// `RESULT`.
pub const OP_RESULT: u8 = 0x08;
/// `PREPARE`.
pub const OP_PREPARE: u8 = 0x09;
/// `EXECUTE`.
pub const OP_EXECUTE: u8 = 0x0A;
/// `BATCH`.
pub const OP_BATCH: u8 = 0x0D;

const FLAG_COMPRESSED: u8 = 0x01;
const FLAG_TRACING: u8 = 0x02;
const FLAG_CUSTOM_PAYLOAD: u8 = 0x04;
const FLAG_WARNING: u8 = 0x08;

/// One frame, header and body as read.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The raw header.
    pub header: [u8; HEADER_LEN],
    /// The raw body.
    pub body: Vec<u8>,
}

impl Frame {
    /// Protocol version without the direction bit.
    pub fn version(&self) -> u8 {
        self.header[0] & 0x7f
    }
    /// Stream id.
    pub fn stream(&self) -> i16 {
        i16::from_be_bytes([self.header[2], self.header[3]])
    }
    /// Opcode.
    pub fn opcode(&self) -> u8 {
        self.header[4]
    }
    /// True when the body is compressed (the proxy then cannot look inside).
    pub fn compressed(&self) -> bool {
        self.header[1] & FLAG_COMPRESSED != 0
    }
    /// Header and body as one buffer, to forward.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(HEADER_LEN + self.body.len());
        v.extend_from_slice(&self.header);
        v.extend_from_slice(&self.body);
        v
    }

    /// A v4 `ERROR` response with protocol-error code `0x000A` on `stream`.
    pub fn protocol_error(stream: i16, message: &str) -> Frame {
        let mut body = Vec::new();
        body.extend_from_slice(&0x000Au32.to_be_bytes());
        body.extend_from_slice(&(message.len() as u16).to_be_bytes());
        body.extend_from_slice(message.as_bytes());
        let mut header = [0u8; HEADER_LEN];
        header[0] = 0x84;
        header[2..4].copy_from_slice(&stream.to_be_bytes());
        header[4] = OP_ERROR;
        header[5..9].copy_from_slice(&(body.len() as u32).to_be_bytes());
        Frame { header, body }
    }

    /// For a `RESULT` of kind `Prepared`: the statement id.
    pub fn prepared_id(&self) -> Option<Vec<u8>> {
        if self.opcode() != OP_RESULT || self.compressed() {
            return None;
        }
        let mut b = Reader(&self.body);
        let flags = self.header[1];
        if flags & FLAG_TRACING != 0 {
            b.take(16)?;
        }
        if flags & FLAG_WARNING != 0 {
            for _ in 0..b.short()? {
                let n = b.short()?;
                b.take(n)?;
            }
        }
        if flags & FLAG_CUSTOM_PAYLOAD != 0 {
            for _ in 0..b.short()? {
                let n = b.short()?;
                b.take(n)?;
                let n = b.int()?;
                if n > 0 {
                    b.take(n as usize)?;
                }
            }
        }
        if b.int()? != 4 {
            return None;
        }
        let n = b.short()?;
        Some(b.take(n)?.to_vec())
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn short(&mut self) -> Option<usize> {
        let b = self.take(2)?;
        Some(u16::from_be_bytes([b[0], b[1]]) as usize)
    }
    fn int(&mut self) -> Option<i32> {
        let b = self.take(4)?;
        Some(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Reads one frame; `Ok(None)` on a clean end of stream between frames.
pub async fn read_frame(r: &mut (impl AsyncRead + Unpin)) -> io::Result<Option<Frame>> {
    let mut header = [0u8; HEADER_LEN];
    let mut got = 0;
    while got < HEADER_LEN {
        let n = r.read(&mut header[got..]).await?;
        if n == 0 {
            return if got == 0 {
                Ok(None)
            } else {
                Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "end of stream inside a frame header",
                ))
            };
        }
        got += n;
    }
    let len = u32::from_be_bytes([header[5], header[6], header[7], header[8]]) as usize;
    if len > MAX_BODY {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame body of {len} bytes"),
        ));
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body).await?;
    Ok(Some(Frame { header, body }))
}

/// True when `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && hay.len() >= needle.len()
        && hay.windows(needle.len()).any(|w| w == needle)
}
