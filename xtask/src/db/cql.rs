//! A minimal CQL client (native protocol v4), standard library only.
//!
//! Just enough for the test bed: STARTUP, SASL PLAIN login, unprepared QUERY with textual
//! rendering of the result, over plain TCP or over TLS. TLS runs through an `openssl s_client`
//! child process (its stdin/stdout carry the CQL bytes), which keeps xtask free of TLS crates
//! and checks the certificate chain and the IP SAN the way an independent client would.
//! Every read and write is bounded by [`IO_TIMEOUT`].

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// The bound on connecting and on each read or write.
pub(crate) const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Protocol version 4, request direction.
const VERSION: u8 = 0x04;

/// Request and response opcodes.
mod op {
    pub(super) const ERROR: u8 = 0x00;
    pub(super) const STARTUP: u8 = 0x01;
    pub(super) const READY: u8 = 0x02;
    pub(super) const AUTHENTICATE: u8 = 0x03;
    pub(super) const QUERY: u8 = 0x07;
    pub(super) const RESULT: u8 = 0x08;
    pub(super) const AUTH_RESPONSE: u8 = 0x0F;
    pub(super) const AUTH_SUCCESS: u8 = 0x10;
}

/// Consistency `ONE`.
pub(crate) const ONE: u16 = 0x0001;

/// What a CQL exchange can fail with.
#[derive(Debug)]
pub(crate) enum CqlError {
    /// Connecting, reading or writing failed, or the peer closed the connection.
    Io(String),
    /// The server answered with an ERROR frame.
    Server {
        /// The protocol error code (0x0100 = bad credentials).
        code: i32,
        /// The server's message.
        message: String,
    },
    /// The server's answer was not what the protocol allows here.
    Protocol(String),
}

impl std::fmt::Display for CqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(m) => write!(f, "I/O: {m}"),
            Self::Server { code, message } => write!(f, "server error 0x{code:04x}: {message}"),
            Self::Protocol(m) => write!(f, "protocol: {m}"),
        }
    }
}

impl From<io::Error> for CqlError {
    fn from(e: io::Error) -> Self {
        Self::Io(e.to_string())
    }
}

/// The client side of the TLS checks: which CA to trust, which certificate to present.
#[derive(Clone, Debug)]
pub(crate) struct TlsClient {
    /// The CA file the server's chain must verify against.
    pub(crate) ca: PathBuf,
    /// The client certificate and key, if one is presented.
    pub(crate) identity: Option<(PathBuf, PathBuf)>,
}

/// What a query returned, rendered as text.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    /// Each row's values; `None` is null.
    pub(crate) rows: Vec<Vec<Option<String>>>,
}

/// Anything the connection can run over.
trait Transport: Read + Write + Send {}
impl<T: Read + Write + Send> Transport for T {}

/// One open CQL connection.
pub(crate) struct Conn {
    io: Box<dyn Transport>,
    stream: i16,
}

impl Conn {
    /// Connects over plain TCP.
    pub(crate) fn plain(addr: SocketAddr) -> Result<Self, CqlError> {
        let tcp = TcpStream::connect_timeout(&addr, IO_TIMEOUT)
            .map_err(|e| CqlError::Io(format!("connect {addr}: {e}")))?;
        tcp.set_read_timeout(Some(IO_TIMEOUT))?;
        tcp.set_write_timeout(Some(IO_TIMEOUT))?;
        tcp.set_nodelay(true)?;
        Ok(Self {
            io: Box::new(tcp),
            stream: 0,
        })
    }

    /// Connects over TLS with `openssl s_client`, verifying the chain against `tls.ca` and the
    /// address against the certificate's IP SAN.
    pub(crate) fn tls(addr: SocketAddr, tls: &TlsClient) -> Result<Self, CqlError> {
        let mut cmd = Command::new("openssl");
        cmd.arg("s_client")
            .arg("-connect")
            .arg(addr.to_string())
            .arg("-quiet")
            .arg("-verify_return_error")
            .arg("-verify_ip")
            .arg(addr.ip().to_string())
            .arg("-CAfile")
            .arg(&tls.ca);
        if let Some((cert, key)) = &tls.identity {
            cmd.arg("-cert").arg(cert).arg("-key").arg(key);
        }
        let pipe = SslPipe::spawn(cmd)?;
        Ok(Self {
            io: Box::new(pipe),
            stream: 0,
        })
    }

    /// Sends STARTUP; returns the authenticator's class name if the server asks for
    /// authentication, `None` if it is ready without.
    pub(crate) fn startup(&mut self) -> Result<Option<String>, CqlError> {
        let mut body = Vec::new();
        put_short(&mut body, 1);
        put_string(&mut body, "CQL_VERSION");
        put_string(&mut body, "3.0.0");
        let (opcode, body) = self.request(op::STARTUP, &body)?;
        match opcode {
            op::READY => Ok(None),
            op::AUTHENTICATE => Ok(Some(Reader::new(&body).string()?)),
            _ => expect(opcode, op::READY, &body).map(|()| None),
        }
    }

    /// Sends the SASL PLAIN answer; succeeds on AUTH_SUCCESS.
    pub(crate) fn authenticate(&mut self, user: &str, password: &str) -> Result<(), CqlError> {
        let token = format!("\0{user}\0{password}");
        let mut body = Vec::new();
        put_int(&mut body, token.len() as i32);
        body.extend_from_slice(token.as_bytes());
        let (opcode, body) = self.request(op::AUTH_RESPONSE, &body)?;
        expect(opcode, op::AUTH_SUCCESS, &body)
    }

    /// STARTUP then, if asked, login as `user`.
    pub(crate) fn login(&mut self, user: &str, password: &str) -> Result<(), CqlError> {
        match self.startup()? {
            Some(_) => self.authenticate(user, password),
            None => Ok(()),
        }
    }

    /// Runs one unprepared statement at `consistency`; returns its rows (empty if none).
    pub(crate) fn query(&mut self, cql: &str, consistency: u16) -> Result<Rows, CqlError> {
        let mut body = Vec::new();
        put_int(&mut body, cql.len() as i32);
        body.extend_from_slice(cql.as_bytes());
        put_short(&mut body, consistency);
        body.push(0); // no flags: no values, default page size
        let (opcode, body) = self.request(op::QUERY, &body)?;
        expect(opcode, op::RESULT, &body)?;
        parse_result(&body)
    }

    /// Writes one frame and reads frames until the answer on the same stream.
    fn request(&mut self, opcode: u8, body: &[u8]) -> Result<(u8, Vec<u8>), CqlError> {
        self.stream = (self.stream + 1) % 0x7fff;
        let mut frame = Vec::with_capacity(9 + body.len());
        frame.push(VERSION);
        frame.push(0);
        frame.extend_from_slice(&self.stream.to_be_bytes());
        frame.push(opcode);
        frame.extend_from_slice(&(body.len() as u32).to_be_bytes());
        frame.extend_from_slice(body);
        self.io.write_all(&frame)?;
        self.io.flush()?;
        loop {
            let mut header = [0u8; 9];
            self.io.read_exact(&mut header).map_err(closed)?;
            if header[0] & 0x7f != VERSION || header[0] & 0x80 == 0 {
                return Err(CqlError::Protocol(format!(
                    "unexpected frame version byte 0x{:02x}",
                    header[0]
                )));
            }
            let flags = header[1];
            let stream = i16::from_be_bytes([header[2], header[3]]);
            let length = u32::from_be_bytes([header[5], header[6], header[7], header[8]]);
            if length > 256 << 20 {
                return Err(CqlError::Protocol(format!("frame of {length} bytes")));
            }
            let mut body = vec![0u8; length as usize];
            self.io.read_exact(&mut body).map_err(closed)?;
            if stream != self.stream {
                continue; // an event or a stale answer
            }
            return Ok((header[4], strip_envelope(flags, body)?));
        }
    }
}

/// Maps an unexpected end of stream to a clear message.
fn closed(e: io::Error) -> CqlError {
    if e.kind() == io::ErrorKind::UnexpectedEof && e.get_ref().is_none() {
        CqlError::Io("the server closed the connection".into())
    } else {
        CqlError::Io(e.to_string())
    }
}

/// Removes the optional tracing id, custom payload and warnings that precede a body.
fn strip_envelope(flags: u8, body: Vec<u8>) -> Result<Vec<u8>, CqlError> {
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
fn expect(opcode: u8, want: u8, body: &[u8]) -> Result<(), CqlError> {
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

/// Parses a RESULT body; only `Rows` carries data.
fn parse_result(body: &[u8]) -> Result<Rows, CqlError> {
    let mut r = Reader::new(body);
    if r.int()? != 2 {
        return Ok(Rows::default());
    }
    let flags = r.int()?;
    let count = r.int()?;
    if flags & 0x0002 != 0 {
        r.bytes()?; // paging state
    }
    if flags & 0x0004 != 0 {
        return Err(CqlError::Protocol("rows without metadata".into()));
    }
    let global = flags & 0x0001 != 0;
    if global {
        r.string()?;
        r.string()?;
    }
    let mut types = Vec::new();
    for _ in 0..count {
        if !global {
            r.string()?;
            r.string()?;
        }
        r.string()?; // the column name
        types.push(ColType::parse(&mut r)?);
    }
    let n = r.int()?;
    let mut rows = Vec::new();
    for _ in 0..n {
        let row = types
            .iter()
            .map(|ty| Ok(r.bytes()?.map(|b| ty.render(b))))
            .collect::<Result<Vec<_>, CqlError>>()?;
        rows.push(row);
    }
    Ok(Rows { rows })
}

/// A column type, as far as rendering needs it.
#[derive(Debug)]
enum ColType {
    /// ascii, text, varchar.
    Text,
    /// int.
    Int,
    /// bigint, counter.
    BigInt,
    /// boolean.
    Boolean,
    /// inet.
    Inet,
    /// uuid, timeuuid.
    Uuid,
    /// list or set of the inner type.
    Collection(Box<ColType>),
    /// Anything else: rendered as hex.
    Other,
}

impl ColType {
    /// Reads an `[option]` type, skipping the parts of types it does not render.
    fn parse(r: &mut Reader<'_>) -> Result<Self, CqlError> {
        Ok(match r.short()? {
            0x0001 | 0x000D => Self::Text,
            0x0009 => Self::Int,
            0x0002 | 0x0005 => Self::BigInt,
            0x0004 => Self::Boolean,
            0x0010 => Self::Inet,
            0x000C | 0x000F => Self::Uuid,
            0x0000 => {
                r.string()?;
                Self::Other
            }
            0x0020 | 0x0022 => Self::Collection(Box::new(Self::parse(r)?)),
            0x0021 => {
                Self::parse(r)?;
                Self::parse(r)?;
                Self::Other
            }
            0x0030 => {
                r.string()?;
                r.string()?;
                for _ in 0..r.short()? {
                    r.string()?;
                    Self::parse(r)?;
                }
                Self::Other
            }
            0x0031 => {
                for _ in 0..r.short()? {
                    Self::parse(r)?;
                }
                Self::Other
            }
            _ => Self::Other,
        })
    }

    /// Renders one non-null value.
    fn render(&self, b: &[u8]) -> String {
        match (self, b.len()) {
            (Self::Text, _) => String::from_utf8_lossy(b).into_owned(),
            (Self::Int, 4) => i32::from_be_bytes([b[0], b[1], b[2], b[3]]).to_string(),
            (Self::BigInt, 8) => {
                i64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]).to_string()
            }
            (Self::Boolean, 1) => (b[0] != 0).to_string(),
            (Self::Inet, 4) => Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string(),
            (Self::Inet, 16) => {
                let mut a = [0u8; 16];
                a.copy_from_slice(b);
                IpAddr::from(Ipv6Addr::from(a)).to_string()
            }
            (Self::Uuid, 16) => {
                let h = hex(b);
                format!(
                    "{}-{}-{}-{}-{}",
                    &h[..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..]
                )
            }
            (Self::Collection(inner), _) => {
                let mut r = Reader::new(b);
                let items: Result<Vec<String>, CqlError> = (0..r.int().unwrap_or(0))
                    .map(|_| Ok(r.bytes()?.map_or("null".into(), |v| inner.render(v))))
                    .collect();
                items.map_or_else(
                    |_| format!("0x{}", hex(b)),
                    |v| format!("[{}]", v.join(", ")),
                )
            }
            _ => format!("0x{}", hex(b)),
        }
    }
}

/// Lower-case hex of `b`.
fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A cursor over a frame body.
struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Self { buf, pos: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CqlError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.buf.len())
            .ok_or_else(|| CqlError::Protocol("truncated frame body".into()))?;
        let out = &self.buf[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    fn short(&mut self) -> Result<u16, CqlError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn int(&mut self) -> Result<i32, CqlError> {
        let b = self.take(4)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> Result<String, CqlError> {
        let n = self.short()? as usize;
        Ok(String::from_utf8_lossy(self.take(n)?).into_owned())
    }

    /// `[bytes]`: a negative length is null.
    fn bytes(&mut self) -> Result<Option<&'a [u8]>, CqlError> {
        let n = self.int()?;
        if n < 0 {
            Ok(None)
        } else {
            self.take(n as usize).map(Some)
        }
    }
}

fn put_short(buf: &mut Vec<u8>, v: u16) {
    buf.extend_from_slice(&v.to_be_bytes());
}

fn put_int(buf: &mut Vec<u8>, v: i32) {
    buf.extend_from_slice(&v.to_be_bytes());
}

fn put_string(buf: &mut Vec<u8>, s: &str) {
    put_short(buf, s.len() as u16);
    buf.extend_from_slice(s.as_bytes());
}

/// A TLS connection through an `openssl s_client` child: its stdin and stdout carry the
/// plaintext. Reads time out through a reader thread; the child is killed on drop.
struct SslPipe {
    child: Child,
    stdin: std::process::ChildStdin,
    chunks: Receiver<Vec<u8>>,
    pending: Vec<u8>,
    stderr: Receiver<Vec<u8>>,
}

impl SslPipe {
    fn spawn(mut cmd: Command) -> Result<Self, CqlError> {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| CqlError::Io(format!("cannot start openssl s_client: {e}")))?;
        let (stdin, stdout, stderr) =
            match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
                (Some(i), Some(o), Some(e)) => (i, o, e),
                _ => return Err(CqlError::Io("openssl s_client pipes missing".into())),
            };
        Ok(Self {
            child,
            stdin,
            chunks: pump(stdout),
            pending: Vec::new(),
            stderr: pump(stderr),
        })
    }

    /// What s_client said on stderr so far, for error messages.
    fn diagnostics(&mut self) -> String {
        let _ = self.child.try_wait();
        thread::sleep(Duration::from_millis(100));
        let mut text = Vec::new();
        while let Ok(chunk) = self.stderr.try_recv() {
            text.extend(chunk);
        }
        let text = String::from_utf8_lossy(&text);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        lines[lines.len().saturating_sub(3)..].join(" | ")
    }
}

/// Forwards everything `pipe` yields to a channel, from a helper thread.
fn pump<R: Read + Send + 'static>(mut pipe: R) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            match pipe.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        break;
                    }
                }
            }
        }
    });
    rx
}

impl Read for SslPipe {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            match self.chunks.recv_timeout(IO_TIMEOUT) {
                Ok(chunk) => self.pending = chunk,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "TLS read timed out",
                    ))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let why = self.diagnostics();
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("TLS connection closed (openssl: {why})"),
                    ));
                }
            }
        }
        let n = out.len().min(self.pending.len());
        out[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

impl Write for SslPipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stdin.write(buf).map_err(|e| {
            let why = self.diagnostics();
            io::Error::new(
                e.kind(),
                format!("TLS connection closed: {e} (openssl: {why})"),
            )
        })
    }
    fn flush(&mut self) -> io::Result<()> {
        self.stdin.flush()
    }
}

impl Drop for SslPipe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
