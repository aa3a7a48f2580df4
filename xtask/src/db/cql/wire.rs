//! The native protocol's framing and notation: the frame header, opcodes, the body
//! notation (`[short]`, `[int]`, `[string]`, `[bytes]`) in both directions, the envelope of
//! tracing id, warnings and custom payload, and ERROR bodies.

use super::error::CqlError;

/// Protocol version 4, request direction.
pub(crate) const VERSION: u8 = 0x04;
/// The length of a v3+ frame header.
pub(crate) const HEADER_LEN: usize = 9;
/// The largest body the protocol allows (256 MiB).
const MAX_BODY: u32 = 256 << 20;

/// Request and response opcodes.
pub(crate) mod op {
    /// ERROR.
    pub(crate) const ERROR: u8 = 0x00;
    /// STARTUP.
    pub(crate) const STARTUP: u8 = 0x01;
    /// READY.
    pub(crate) const READY: u8 = 0x02;
    /// AUTHENTICATE.
    pub(crate) const AUTHENTICATE: u8 = 0x03;
    /// QUERY.
    pub(crate) const QUERY: u8 = 0x07;
    /// RESULT.
    pub(crate) const RESULT: u8 = 0x08;
    /// AUTH_RESPONSE.
    pub(crate) const AUTH_RESPONSE: u8 = 0x0F;
    /// AUTH_SUCCESS.
    pub(crate) const AUTH_SUCCESS: u8 = 0x10;
}

/// A request frame: header for `stream` and `opcode`, then `body`.
pub(crate) fn request_frame(stream: i16, opcode: u8, body: &[u8]) -> Vec<u8> {
    let mut frame = Vec::with_capacity(HEADER_LEN + body.len());
    frame.push(VERSION);
    frame.push(0);
    frame.extend_from_slice(&stream.to_be_bytes());
    frame.push(opcode);
    frame.extend_from_slice(&(body.len() as u32).to_be_bytes());
    frame.extend_from_slice(body);
    frame
}

/// A response frame's header, decoded.
#[derive(Debug)]
pub(crate) struct Header {
    /// The envelope flags.
    pub(crate) flags: u8,
    /// The stream the frame answers.
    pub(crate) stream: i16,
    /// The opcode.
    pub(crate) opcode: u8,
    /// The body's length in bytes.
    pub(crate) length: usize,
}

impl Header {
    /// Decodes a v4 response header; fails on another version or direction, or a body longer
    /// than the protocol allows.
    pub(crate) fn parse(header: &[u8; HEADER_LEN]) -> Result<Self, CqlError> {
        if header[0] & 0x7f != VERSION || header[0] & 0x80 == 0 {
            return Err(CqlError::Protocol(format!(
                "unexpected frame version byte 0x{:02x}",
                header[0]
            )));
        }
        let length = u32::from_be_bytes([header[5], header[6], header[7], header[8]]);
        if length > MAX_BODY {
            return Err(CqlError::Protocol(format!("frame of {length} bytes")));
        }
        Ok(Self {
            flags: header[1],
            stream: i16::from_be_bytes([header[2], header[3]]),
            opcode: header[4],
            length: length as usize,
        })
    }
}

/// Removes the optional tracing id, custom payload and warnings that precede a body.
pub(crate) fn strip_envelope(flags: u8, body: Vec<u8>) -> Result<Vec<u8>, CqlError> {
    if flags & 0x0e == 0 {
        return Ok(body);
    }
    let mut r = Reader::new(&body);
    if flags & 0x02 != 0 {
        r.take(16)?;
    }
    if flags & 0x08 != 0 {
        let n = r.short()?;
        for _ in 0..n {
            r.string()?;
        }
    }
    if flags & 0x04 != 0 {
        let n = r.short()?;
        for _ in 0..n {
            r.string()?;
            r.bytes()?;
        }
    }
    Ok(body[r.pos..].to_vec())
}

/// Succeeds if `opcode` is `want`; turns an ERROR frame into [`CqlError::Server`].
pub(crate) fn expect(opcode: u8, want: u8, body: &[u8]) -> Result<(), CqlError> {
    if opcode == want {
        return Ok(());
    }
    if opcode == op::ERROR {
        let mut r = Reader::new(body);
        let code = r.int()?;
        let message = r.string()?;
        return Err(CqlError::Server { code, message });
    }
    Err(CqlError::Protocol(format!(
        "expected opcode 0x{want:02x}, got 0x{opcode:02x}"
    )))
}

/// A cursor over a frame body.
pub(crate) struct Reader<'a> {
    /// The body.
    buf: &'a [u8],
    /// How far it has been read.
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A cursor at the start of `buf`.
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    /// The next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], CqlError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.buf.len())
            .ok_or_else(|| CqlError::Protocol("truncated frame body".into()))?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// A `[short]`.
    pub(crate) fn short(&mut self) -> Result<u16, CqlError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// An `[int]`.
    pub(crate) fn int(&mut self) -> Result<i32, CqlError> {
        let b = self.take(4)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A `[string]`.
    pub(crate) fn string(&mut self) -> Result<String, CqlError> {
        let n = self.short()? as usize;
        Ok(String::from_utf8_lossy(self.take(n)?).into_owned())
    }

    /// `[bytes]`: a negative length is null.
    pub(crate) fn bytes(&mut self) -> Result<Option<&'a [u8]>, CqlError> {
        let n = self.int()?;
        if n < 0 {
            Ok(None)
        } else {
            self.take(n as usize).map(Some)
        }
    }
}

/// Appends a `[short]`.
pub(crate) fn put_short(buf: &mut Vec<u8>, v: u16) {
    buf.extend_from_slice(&v.to_be_bytes());
}

/// Appends an `[int]`.
pub(crate) fn put_int(buf: &mut Vec<u8>, v: i32) {
    buf.extend_from_slice(&v.to_be_bytes());
}

/// Appends a `[string]`.
pub(crate) fn put_string(buf: &mut Vec<u8>, s: &str) {
    put_short(buf, s.len() as u16);
    buf.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_frame_has_the_v4_header() {
        let frame = request_frame(7, op::QUERY, b"abc");
        assert_eq!(frame, [4, 0, 0, 7, 0x07, 0, 0, 0, 3, b'a', b'b', b'c']);
    }

    #[test]
    fn a_response_header_is_checked() {
        let header = Header::parse(&[0x84, 0x08, 0, 7, op::RESULT, 0, 0, 1, 0]).unwrap();
        assert_eq!(
            (header.flags, header.stream, header.opcode, header.length),
            (0x08, 7, op::RESULT, 256)
        );
        let request = Header::parse(&[0x04, 0, 0, 7, op::RESULT, 0, 0, 0, 0]);
        assert!(matches!(request, Err(CqlError::Protocol(_))));
        let v5 = Header::parse(&[0x85, 0, 0, 7, op::RESULT, 0, 0, 0, 0]);
        assert!(matches!(v5, Err(CqlError::Protocol(_))));
        let huge = Header::parse(&[0x84, 0, 0, 7, op::RESULT, 0x20, 0, 0, 0]);
        assert!(matches!(huge, Err(CqlError::Protocol(_))));
    }

    #[test]
    fn warnings_are_stripped_and_errors_decoded() {
        let mut body = Vec::new();
        put_short(&mut body, 1);
        put_string(&mut body, "a warning");
        put_int(&mut body, 0x0100);
        put_string(&mut body, "bad credentials");
        let body = strip_envelope(0x08, body).unwrap();
        match expect(op::ERROR, op::READY, &body) {
            Err(CqlError::Server { code, message }) => {
                assert_eq!((code, message.as_str()), (0x0100, "bad credentials"));
            }
            other => panic!("{other:?}"),
        }
        assert!(expect(op::READY, op::READY, &[]).is_ok());
    }

    #[test]
    fn a_truncated_body_is_an_error() {
        let mut r = Reader::new(&[0, 5, b'a']);
        assert!(matches!(r.string(), Err(CqlError::Protocol(_))));
    }
}
