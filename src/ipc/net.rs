//! The socket table: listening sockets, open connections by handle, the
//! client side of connecting (with the handshake), TLS on accepted
//! connections as `-E` asks, and one `poll` step of the event loop that
//! serves them all.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::os::fd::{AsRawFd, RawFd};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener, UnixStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::ServerConfig;

use super::conn::{Budget, Conn, Fill, State, Stream, wait_fd};
use super::handshake::{Hello, negotiated};
use super::target::{Target, Transport, unix_socket_name};
use super::tls::{HANDSHAKE_RECORD, TlsError, TlsStream};
use super::trace::{self, Direction, Trace};

/// Why `hopen` failed, worded as q words it.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The OS refused or failed the connection (`'hop. OS reports: ...`).
    #[error("hop. OS reports: {0}")]
    Hop(String),
    /// The server closed the socket instead of answering the handshake.
    #[error("access")]
    Access,
    /// The connection or the handshake took longer than the timeout.
    #[error("timeout")]
    Timeout,
    /// The target cannot be reached this way.
    #[error("{0}")]
    Unsupported(String),
}

/// Something that happened during one [`Net::poll`].
#[derive(Debug, PartialEq, Eq)]
pub enum Event {
    /// A client connected; its handshake is pending.
    Accepted(RawFd),
    /// Bytes arrived on a connection.
    Readable(RawFd),
    /// A connection was closed by its peer (or failed).
    Closed(RawFd),
    /// A TLS connection failed (a refused handshake, say), for this reason.
    TlsFailed(RawFd, String),
    /// One of the caller's own descriptors is readable.
    Extra(RawFd),
}

/// Listening sockets and open connections.
#[derive(Debug, Default)]
pub struct Net {
    conns: BTreeMap<RawFd, Conn>,
    tcp: Option<TcpListener>,
    unix: Option<UnixListener>,
    port: u16,
    /// Largest message accepted from any peer.
    pub max_msg: usize,
    /// Most bytes the large messages that accepted clients are still
    /// sending may announce together (`None`: `max_msg`). Each client's
    /// message is read past its first 64 KiB only once its length fits in
    /// what is left; meanwhile that client waits. A client's messages may
    /// not be longer than this.
    pub partial_budget: Option<usize>,
    /// Where each message is traced, when tracing is on.
    pub trace: Option<Trace>,
    /// Connections that watch the trace: each line goes to them too, as
    /// an async message that is itself not traced.
    pub watchers: Vec<RawFd>,
    /// `-E`: 0 plain clients only, 1 plain and TLS, 2 TLS only.
    tls_mode: u8,
    /// The listener's TLS configuration, when `tls_mode` is 1 or 2.
    tls_server: Option<Arc<ServerConfig>>,
}

/// Why a client of the listener is refused before its kdb+ handshake.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    /// A plain client while only TLS is accepted (`-E 2`).
    #[error("plain connection refused (-E 2 accepts TLS clients only)")]
    PlainRefused,
    /// TLS could not start on the socket.
    #[error("{0}")]
    Tls(String),
}

/// The OS's wording of an I/O error, without Rust's "(os error N)".
pub fn os_reason(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl Net {
    /// An empty table accepting messages up to `max_msg` bytes.
    pub fn new(max_msg: usize) -> Net {
        Net {
            max_msg,
            ..Net::default()
        }
    }

    /// The port being listened on, 0 when not listening.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `-E`: 0 when the listener takes plain clients only, 1 plain and
    /// TLS clients on the same port, 2 TLS clients only.
    pub fn tls_mode(&self) -> u8 {
        self.tls_mode
    }

    /// Sets the `-E` mode; 1 and 2 load the server's certificate and key
    /// (see [`super::tls::server_config`]).
    ///
    /// # Errors
    /// A mode over 2 ([`TlsError::Config`]), or the certificate or key
    /// missing or unreadable.
    pub fn set_tls_mode(&mut self, mode: u8) -> Result<(), TlsError> {
        match mode {
            0 => self.tls_server = None,
            1 | 2 => {
                if self.tls_server.is_none() {
                    self.tls_server = Some(super::tls::server_config()?);
                }
            }
            _ => return Err(TlsError::Config(format!("-E {mode}: not 0, 1 or 2"))),
        }
        self.tls_mode = mode;
        Ok(())
    }

    /// Looks at the first bytes of a client accepted on TCP, still before
    /// its kdb+ handshake: a TLS hello (when `-E` is 1 or 2) wraps the
    /// socket in TLS, the buffered bytes going to TLS. Returns whether the
    /// connection is now TLS.
    ///
    /// # Errors
    /// A plain client under `-E 2`, or a hello TLS refuses: the caller
    /// closes the connection.
    pub fn sniff_tls(&mut self, fd: RawFd) -> Result<bool, AcceptError> {
        let Some(c) = self.conns.get(&fd) else {
            return Ok(false);
        };
        let Some(&first) = c.buffered().first() else {
            return Ok(false);
        };
        if self.tls_mode == 0 || !c.accepted || !c.is_plain_tcp() || c.state != State::Handshake {
            return Ok(false);
        }
        let Some(config) = self.tls_server.clone() else {
            return Ok(false);
        };
        if first != HANDSHAKE_RECORD {
            return if self.tls_mode == 2 {
                Err(AcceptError::PlainRefused)
            } else {
                Ok(false)
            };
        }
        let Some(c) = self.conns.remove(&fd) else {
            return Ok(false);
        };
        let (local, max_msg) = (c.local, c.max_msg);
        let (stream, early) = c.into_parts();
        let Stream::Tcp(sock) = stream else {
            return Ok(false);
        };
        let tls =
            TlsStream::accept(sock, config, &early).map_err(|e| AcceptError::Tls(os_reason(&e)))?;
        let mut c = Conn::new(Stream::Tls(Box::new(tls)), true, local)
            .map_err(|e| AcceptError::Tls(os_reason(&e)))?;
        c.state = State::Handshake;
        c.max_msg = max_msg;
        self.conns.insert(fd, c);
        Ok(true)
    }

    /// Listens on `port` on all interfaces and on the abstract unix socket
    /// `/tmp/kx.PORT` (unless `QUDSPATH` is empty). Port 0 stops listening;
    /// `None` picks a free port. Returns the port now listened on.
    ///
    /// # Errors
    /// When the port is taken or cannot be bound.
    pub fn listen(&mut self, port: Option<u16>) -> io::Result<u16> {
        if port == Some(0) {
            self.tcp = None;
            self.unix = None;
            self.port = 0;
            return Ok(0);
        }
        let tcp = TcpListener::bind(("0.0.0.0", port.unwrap_or(0)))?;
        tcp.set_nonblocking(true)?;
        let bound = tcp.local_addr()?.port();
        let unix = match unix_socket_name(bound) {
            Some(name) => {
                let addr = SocketAddr::from_abstract_name(name.as_bytes())?;
                match UnixListener::bind_addr(&addr) {
                    Ok(l) => {
                        l.set_nonblocking(true)?;
                        Some(l)
                    }
                    // Another process may hold the unix name; TCP still works.
                    Err(_) => None,
                }
            }
            None => None,
        };
        self.tcp = Some(tcp);
        self.unix = unix;
        self.port = bound;
        Ok(bound)
    }

    /// Opens a connection and performs the client handshake.
    ///
    /// # Errors
    /// A [`ConnectError`] worded as q reports it.
    pub fn connect(
        &mut self,
        target: &Target,
        user: &str,
        password: &str,
        timeout: Option<Duration>,
    ) -> Result<RawFd, ConnectError> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let stream = match target.transport {
            Transport::Tcp => Stream::Tcp(connect_tcp(target, timeout)?),
            Transport::Unix => {
                let name = unix_socket_name(target.port)
                    .ok_or_else(|| ConnectError::Unsupported("unix sockets disabled".into()))?;
                let addr = SocketAddr::from_abstract_name(name.as_bytes())
                    .map_err(|e| ConnectError::Hop(os_reason(&e)))?;
                Stream::Unix(
                    UnixStream::connect_addr(&addr)
                        .map_err(|e| ConnectError::Hop(os_reason(&e)))?,
                )
            }
            Transport::Tls => {
                let sock = connect_tcp(target, timeout)?;
                let tls = super::tls::TlsStream::connect(sock, target.host_or_local(), deadline)
                    .map_err(|e| match e.kind() {
                        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                            ConnectError::Timeout
                        }
                        _ => ConnectError::Hop(os_reason(&e)),
                    })?;
                Stream::Tls(Box::new(tls))
            }
        };
        let mut stream = stream;
        let hello = Hello::new(user.as_bytes(), password.as_bytes());
        let bytes = hello
            .encode()
            .map_err(|e| ConnectError::Unsupported(e.to_string()))?;
        stream
            .write_all(&bytes)
            .map_err(|e| ConnectError::Hop(os_reason(&e)))?;
        let fd = stream.fd();
        let wait = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        match wait_fd(fd, libc::POLLIN, wait) {
            Ok(true) => {}
            Ok(false) => return Err(ConnectError::Timeout),
            Err(e) => return Err(ConnectError::Hop(os_reason(&e))),
        }
        let mut reply = [0u8; 1];
        match stream.read(&mut reply) {
            Ok(1) => {}
            Ok(_) => return Err(ConnectError::Access),
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => {
                return Err(ConnectError::Access);
            }
            Err(e) => return Err(ConnectError::Hop(os_reason(&e))),
        }
        let mut conn = Conn::new(stream, false, target.is_local())
            .map_err(|e| ConnectError::Hop(os_reason(&e)))?;
        conn.capability = negotiated(hello.capability, reply[0]);
        conn.max_msg = self.max_msg;
        self.conns.insert(fd, conn);
        Ok(fd)
    }

    /// The connection with handle `fd`.
    pub fn get(&self, fd: RawFd) -> Option<&Conn> {
        self.conns.get(&fd)
    }

    /// The connection with handle `fd`, mutably.
    pub fn get_mut(&mut self, fd: RawFd) -> Option<&mut Conn> {
        self.conns.get_mut(&fd)
    }

    /// Queues encoded message `msg` on `fd` (traced when tracing is on);
    /// returns whether `fd` is a connection.
    pub fn queue(&mut self, fd: RawFd, msg: Vec<u8>) -> bool {
        let tracing = self.tracing();
        let Some(c) = self.conns.get_mut(&fd) else {
            return false;
        };
        // WebSocket frames are not kdb+ messages: they are not traced.
        let traced = tracing && c.state != State::WebSocket;
        let queue = c.queued() + 1;
        let line = traced.then(|| {
            trace::message_line(&trace::stamp_now(), fd, Direction::Out, &msg, queue, None)
        });
        c.queue(msg);
        if let Some(line) = line {
            self.emit(&line);
        }
        true
    }

    /// Whether messages are being traced, to a sink or to watchers.
    pub fn tracing(&self) -> bool {
        self.trace.is_some() || !self.watchers.is_empty()
    }

    /// Traces message `frame` received on `fd` (when tracing is on);
    /// `wait` is how long a sync request waited for it. A watched peer's
    /// own trace line is written to this side's trace, marked, instead.
    pub fn trace_in(&mut self, fd: RawFd, frame: &[u8], wait: Option<Duration>) {
        if !self.tracing() || trace::is_remote_message(frame) {
            return;
        }
        let queue = self.conns.get(&fd).map_or(0, Conn::queued);
        let line = trace::message_line(&trace::stamp_now(), fd, Direction::In, frame, queue, wait);
        self.emit(&line);
    }

    /// Writes a watched peer's trace `line`, received on `fd`, to this
    /// side's trace (not to this side's own watchers).
    pub fn trace_remote(&mut self, fd: RawFd, line: &str) {
        if let Some(t) = self.trace.as_mut() {
            t.write(&trace::marked_remote_line(fd, line));
        }
    }

    /// Writes a trace line to the trace and queues it to each watcher.
    fn emit(&mut self, line: &str) {
        if let Some(t) = self.trace.as_mut() {
            t.write(line);
        }
        if self.watchers.is_empty() {
            return;
        }
        let msg = trace::remote_message(line);
        for w in &self.watchers {
            if let Some(c) = self.conns.get_mut(w) {
                c.queue(msg.clone());
            }
        }
    }

    /// Writes `fd`'s whole queue, waiting as long as it takes (traced when
    /// tracing is on).
    ///
    /// # Errors
    /// When `fd` is not a connection or its socket fails.
    pub fn flush_traced(&mut self, fd: RawFd) -> io::Result<()> {
        let c = self
            .conns
            .get_mut(&fd)
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotConnected))?;
        let sizes = c.queued_sizes();
        c.flush_all(None)?;
        let queue = c.queued();
        if self.tracing() {
            let bytes = sizes.iter().sum::<i64>() as usize;
            self.emit(&trace::flush_line(fd, sizes.len(), bytes, queue));
        }
        Ok(())
    }

    /// Removes (and so closes) a connection.
    pub fn remove(&mut self, fd: RawFd) -> Option<Conn> {
        self.watchers.retain(|&w| w != fd);
        self.conns.remove(&fd)
    }

    /// Open handles in ascending order (connections past their handshake,
    /// WebSockets included).
    pub fn handles(&self) -> Vec<RawFd> {
        self.conns
            .iter()
            .filter(|(_, c)| c.state != State::Handshake)
            .map(|(fd, _)| *fd)
            .collect()
    }

    /// The budget shared by the messages accepted clients are sending.
    pub fn budget_limit(&self) -> usize {
        self.partial_budget.unwrap_or(self.max_msg)
    }

    /// Bytes reserved in the budget by the messages accepted clients are
    /// sending (their announced lengths).
    pub fn budget_held(&self) -> usize {
        self.conns
            .values()
            .filter(|c| c.accepted)
            .map(Conn::reserved)
            .sum()
    }

    /// Admits waiting messages, oldest first, while they fit; returns the
    /// budget with what is left and whether anyone still waits.
    fn admit_waiting(&mut self) -> Budget {
        let mut budget = Budget::new(self.budget_limit());
        budget.held = self.budget_held();
        let mut waiting: Vec<(Instant, RawFd)> = self
            .conns
            .iter()
            .filter_map(|(fd, c)| Some((c.waiting()?, *fd)))
            .collect();
        waiting.sort();
        for (_, fd) in waiting {
            let Some(c) = self.conns.get_mut(&fd) else {
                continue;
            };
            // First come, first served: nobody overtakes a message that
            // does not fit yet.
            if budget.queued || !c.admit_waiting(&mut budget) {
                budget.queued = true;
            }
        }
        budget
    }

    /// Every connection, including those still in their handshake.
    pub fn all(&self) -> Vec<RawFd> {
        self.conns.keys().copied().collect()
    }

    /// Writes queued output on every connection without blocking.
    /// Returns the handles whose socket failed.
    pub fn flush_all_some(&mut self) -> Vec<RawFd> {
        let mut failed = Vec::new();
        for (fd, c) in self.conns.iter_mut() {
            if c.has_output() && c.flush_some().is_err() {
                failed.push(*fd);
            }
        }
        failed
    }

    /// Waits up to `timeout` for activity on the listeners, connections and
    /// `extra` descriptors, accepts new clients, writes queued output, reads
    /// what arrived, and reports what happened.
    ///
    /// # Errors
    /// When `poll` itself fails (`Interrupted` if a signal arrived).
    pub fn poll(&mut self, extra: &[RawFd], timeout: Option<Duration>) -> io::Result<Vec<Event>> {
        let mut budget = self.admit_waiting();
        let mut fds: Vec<libc::pollfd> = Vec::with_capacity(self.conns.len() + extra.len() + 2);
        let listen_fds: Vec<RawFd> = self
            .tcp
            .iter()
            .map(AsRawFd::as_raw_fd)
            .chain(self.unix.iter().map(AsRawFd::as_raw_fd))
            .collect();
        for &fd in &listen_fds {
            fds.push(pollfd(fd, libc::POLLIN));
        }
        for &fd in extra {
            fds.push(pollfd(fd, libc::POLLIN));
        }
        let conn_start = fds.len();
        for (fd, c) in &self.conns {
            // A client waiting for the budget is not read: it waits too.
            let mut ev = if c.blocked() { 0 } else { libc::POLLIN };
            if c.has_output() {
                ev |= libc::POLLOUT;
            }
            fds.push(pollfd(*fd, ev));
        }
        // TLS may hold decrypted bytes that poll cannot see (read no further
        // while the connection waited for the budget): those are read now.
        let tls_pending: Vec<RawFd> = self
            .conns
            .iter_mut()
            .filter(|(_, c)| c.is_tls() && !c.blocked())
            .filter_map(|(fd, c)| c.tls_plaintext_pending().then_some(*fd))
            .collect();
        let ms = if tls_pending.is_empty() {
            timeout.map_or(-1, |d| d.as_millis().min(i32::MAX as u128) as i32)
        } else {
            0
        };
        // SAFETY: `fds` is a valid array of pollfd for the call's duration.
        let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
        if rc < 0 {
            return Err(io::Error::last_os_error());
        }
        // The time a client spends waiting for the budget is ours, not a
        // stall of its own.
        let now = Instant::now();
        for c in self.conns.values_mut().filter(|c| c.blocked()) {
            c.last_read = now;
        }
        let mut events = Vec::new();
        for p in &fds[..listen_fds.len()] {
            if p.revents & libc::POLLIN != 0 {
                self.accept_from(p.fd, &mut events);
            }
        }
        for p in &fds[listen_fds.len()..conn_start] {
            if p.revents != 0 {
                events.push(Event::Extra(p.fd));
            }
        }
        for p in &mut fds[conn_start..] {
            if tls_pending.contains(&p.fd) {
                p.revents |= libc::POLLIN;
            }
            if p.revents == 0 {
                continue;
            }
            let Some(c) = self.conns.get_mut(&p.fd) else {
                continue;
            };
            if p.revents & libc::POLLOUT != 0 && c.flush_some().is_err() {
                events.push(Event::Closed(p.fd));
                continue;
            }
            if p.events & libc::POLLIN == 0 {
                // Not read while it waits for the budget; a hang-up or an
                // error still ends it.
                if p.revents & (libc::POLLHUP | libc::POLLERR) != 0 {
                    events.push(Event::Closed(p.fd));
                }
                continue;
            }
            if p.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0 {
                let fill = if c.accepted {
                    c.fill_within(Some(&mut budget))
                } else {
                    c.fill()
                };
                match fill {
                    Ok(Fill::Data(_)) => events.push(Event::Readable(p.fd)),
                    Ok(Fill::Empty) => {}
                    Err(e) if c.is_tls() && e.kind() == io::ErrorKind::InvalidData => {
                        events.push(Event::TlsFailed(p.fd, os_reason(&e)));
                    }
                    Ok(Fill::Closed) | Err(_) => events.push(Event::Closed(p.fd)),
                }
            }
        }
        Ok(events)
    }

    fn accept_from(&mut self, listen_fd: RawFd, events: &mut Vec<Event>) {
        loop {
            let accepted = if self
                .tcp
                .as_ref()
                .is_some_and(|l| l.as_raw_fd() == listen_fd)
            {
                match self.tcp.as_ref().map(TcpListener::accept) {
                    Some(Ok((s, addr))) => Some((Stream::Tcp(s), addr.ip().is_loopback())),
                    _ => None,
                }
            } else {
                match self.unix.as_ref().map(UnixListener::accept) {
                    Some(Ok((s, _))) => Some((Stream::Unix(s), true)),
                    _ => None,
                }
            };
            let Some((stream, local)) = accepted else {
                return;
            };
            let fd = stream.fd();
            if let Ok(mut c) = Conn::new(stream, true, local) {
                c.state = State::Handshake;
                // A message longer than the budget could never be admitted.
                c.max_msg = self.max_msg.min(self.budget_limit());
                self.conns.insert(fd, c);
                events.push(Event::Accepted(fd));
            }
        }
    }
}

fn pollfd(fd: RawFd, events: i16) -> libc::pollfd {
    libc::pollfd {
        fd,
        events,
        revents: 0,
    }
}

fn connect_tcp(target: &Target, timeout: Option<Duration>) -> Result<TcpStream, ConnectError> {
    let host = target.host_or_local();
    let addrs: Vec<std::net::SocketAddr> = (host, target.port)
        .to_socket_addrs()
        .map_err(|e| ConnectError::Hop(os_reason(&e)))?
        .collect();
    // Prefer IPv4, as q does for localhost.
    let mut ordered: Vec<_> = addrs.iter().filter(|a| a.is_ipv4()).collect();
    ordered.extend(addrs.iter().filter(|a| a.is_ipv6()));
    let mut last = io::Error::from(io::ErrorKind::AddrNotAvailable);
    for a in ordered {
        let r = match timeout {
            Some(t) => TcpStream::connect_timeout(a, t.max(Duration::from_millis(1))),
            None => TcpStream::connect(a),
        };
        match r {
            Ok(s) => return Ok(s),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => return Err(ConnectError::Timeout),
            Err(e) => last = e,
        }
    }
    Err(ConnectError::Hop(os_reason(&last)))
}
