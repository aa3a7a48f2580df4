//! A minimal CQL client (native protocol v4), standard library only.
//!
//! Just enough for the test bed: STARTUP, SASL PLAIN login, unprepared QUERY with textual
//! rendering of the result, over plain TCP or over TLS. TLS runs through an `openssl s_client`
//! child process (its stdin/stdout carry the CQL bytes; see `ssl_pipe`), which keeps xtask free
//! of TLS crates and checks the certificate chain and the IP SAN the way an independent client
//! would. Every read and write is bounded by [`IO_TIMEOUT`]. The framing and notation are in
//! `wire`, the rendering of rows in `rows`, the errors in `error`.

mod error;
mod rows;
mod ssl_pipe;
mod wire;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

pub(crate) use error::CqlError;
pub(crate) use rows::Rows;

use error::closed;
use ssl_pipe::SslPipe;
use wire::{op, put_int, put_short, put_string, Header, Reader, HEADER_LEN};

/// The bound on connecting and on each read or write.
pub(crate) const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Consistency `ONE`.
pub(crate) const ONE: u16 = 0x0001;

/// The client side of the TLS checks: which CA to trust, which certificate to present.
#[derive(Clone, Debug)]
pub(crate) struct TlsClient {
    /// The CA file the server's chain must verify against.
    pub(crate) ca: PathBuf,
    /// The client certificate and key, if one is presented.
    pub(crate) identity: Option<(PathBuf, PathBuf)>,
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
        let pipe = SslPipe::spawn(cmd, IO_TIMEOUT)?;
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
            _ => wire::expect(opcode, op::READY, &body).map(|()| None),
        }
    }

    /// Sends the SASL PLAIN answer; succeeds on AUTH_SUCCESS.
    pub(crate) fn authenticate(&mut self, user: &str, password: &str) -> Result<(), CqlError> {
        let token = format!("\0{user}\0{password}");
        let mut body = Vec::new();
        put_int(&mut body, token.len() as i32);
        body.extend_from_slice(token.as_bytes());
        let (opcode, body) = self.request(op::AUTH_RESPONSE, &body)?;
        wire::expect(opcode, op::AUTH_SUCCESS, &body)
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
        wire::expect(opcode, op::RESULT, &body)?;
        rows::parse_result(&body)
    }

    /// Writes one frame and reads frames until the answer on the same stream.
    fn request(&mut self, opcode: u8, body: &[u8]) -> Result<(u8, Vec<u8>), CqlError> {
        self.stream = (self.stream + 1) % 0x7fff;
        self.io
            .write_all(&wire::request_frame(self.stream, opcode, body))?;
        self.io.flush()?;
        loop {
            let mut header = [0u8; HEADER_LEN];
            self.io.read_exact(&mut header).map_err(closed)?;
            let header = Header::parse(&header)?;
            let mut body = vec![0u8; header.length];
            self.io.read_exact(&mut body).map_err(closed)?;
            if header.stream != self.stream {
                continue; // an event or a stale answer
            }
            return Ok((header.opcode, wire::strip_envelope(header.flags, body)?));
        }
    }
}
