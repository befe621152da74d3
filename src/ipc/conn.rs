//! One IPC connection: its socket (non-blocking), the bytes received but
//! not yet framed, and the user-space queue of messages waiting to be written.
//!
//! A message being received lives once, in the receive buffer, at its
//! front: a large one is read up to its end and no further, only the next
//! read's room is initialized ahead of the bytes received, and once
//! complete it leaves as the buffer itself, never copied. A partly received
//! message of `n` bytes therefore costs `n` plus at most one read's room
//! ([`READ_PIECE`]) of resident memory.
//!
//! The large messages of a listener's clients share a [`Budget`]: one is
//! read past its first [`UNBUDGETED`] bytes only once its announced length
//! is reserved in the budget; until then its sender waits (the socket is
//! not read, so TCP flow control holds the client back). An admitted
//! message's buffer takes its announced length of address space at once,
//! so it is never moved as it fills; its pages become resident only as
//! bytes arrive, and the budget bounds what all of them reserve. Elsewhere
//! (no budget) capacity doubles as bytes arrive, never past the announced
//! length, so a header's claim alone costs nothing.

use std::collections::VecDeque;
use std::io::{self, IoSlice, Read, Write};
use std::net::TcpStream;
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use super::{DecodeError, DecodeOptions, Header, MAX_LEN_LARGE, decode_message_owned, frame_len};
use crate::k::K;

/// Smallest read, so small messages cost one read each.
const READ_CHUNK: usize = 64 * 1024;

/// Largest read into a message's body: the room initialized ahead of the
/// bytes received is at most this.
pub const READ_PIECE: usize = 1 << 20;

/// How much of a message a connection under a [`Budget`] may hold before
/// the message is admitted to the budget. Messages up to this size never
/// need admission.
pub const UNBUDGETED: usize = READ_CHUNK;

/// An empty receive buffer bigger than this is freed rather than kept.
const KEEP_BUFFER: usize = 4 * READ_CHUNK;

/// Most queued messages handed to one vectored write: a burst of small
/// async messages goes out in a few system calls rather than one each.
const WRITE_BATCH: usize = 256;

/// A connected socket.
#[derive(Debug)]
pub enum Stream {
    /// TCP.
    Tcp(TcpStream),
    /// Unix domain socket.
    Unix(UnixStream),
    /// TLS over TCP.
    Tls(Box<super::tls::TlsStream>),
}

impl Stream {
    /// The socket's file descriptor, which is also its q handle.
    pub fn fd(&self) -> RawFd {
        match self {
            Stream::Tcp(s) => s.as_raw_fd(),
            Stream::Unix(s) => s.as_raw_fd(),
            Stream::Tls(s) => s.fd(),
        }
    }

    /// Whether encrypted bytes are still waiting to go out (TLS only).
    fn tls_pending(&self) -> bool {
        matches!(self, Stream::Tls(s) if s.wants_write())
    }

    /// Writes what TLS still holds; returns whether all of it went out.
    fn flush_tls(&mut self) -> io::Result<bool> {
        match self {
            Stream::Tls(s) => {
                s.flush_tls()?;
                Ok(!s.wants_write())
            }
            _ => Ok(true),
        }
    }

    fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        match self {
            Stream::Tcp(s) => s.set_nonblocking(on),
            Stream::Unix(s) => s.set_nonblocking(on),
            Stream::Tls(s) => s.set_nonblocking(on),
        }
    }

    /// The peer's IPv4 address as q's `.z.a` int (0 for unix sockets).
    pub fn peer_ipv4(&self) -> i32 {
        let tcp = match self {
            Stream::Tcp(s) => s,
            Stream::Tls(s) => s.socket(),
            Stream::Unix(_) => return 0,
        };
        match tcp.peer_addr() {
            Ok(std::net::SocketAddr::V4(a)) => u32::from(*a.ip()) as i32,
            Ok(std::net::SocketAddr::V6(a)) => {
                a.ip().to_ipv4_mapped().map_or(0, |v4| u32::from(v4) as i32)
            }
            Err(_) => 0,
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.read(buf),
            Stream::Unix(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.write(buf),
            Stream::Unix(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        match self {
            Stream::Tcp(s) => s.write_vectored(bufs),
            Stream::Unix(s) => s.write_vectored(bufs),
            Stream::Tls(s) => s.write_vectored(bufs),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a non-blocking read found.
#[derive(Debug, PartialEq, Eq)]
pub enum Fill {
    /// Some bytes arrived.
    Data(usize),
    /// Nothing to read right now.
    Empty,
    /// The peer closed the connection.
    Closed,
}

/// The bytes that messages still being received may hold together: the
/// sum of the announced lengths of the admitted ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Most bytes admitted messages may announce in all.
    pub limit: usize,
    /// Bytes reserved by the admitted messages.
    pub held: usize,
    /// Whether connections are waiting for admission: one whose message
    /// arrives now queues behind them.
    pub queued: bool,
}

impl Budget {
    /// An empty budget of `limit` bytes.
    pub fn new(limit: usize) -> Budget {
        Budget {
            limit,
            held: 0,
            queued: false,
        }
    }

    fn fits(&self, n: usize) -> bool {
        self.held.checked_add(n).is_some_and(|t| t <= self.limit)
    }
}

/// Where a connection is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Accepted; waiting for the client's credentials.
    Handshake,
    /// Ready for messages.
    Open,
    /// Upgraded to a WebSocket: frames, not kdb+ messages.
    WebSocket,
}

/// One connection and its buffers.
#[derive(Debug)]
pub struct Conn {
    stream: Stream,
    /// Negotiated capability.
    pub capability: u8,
    /// Whether the peer is on this machine (never compress to it).
    pub local: bool,
    /// Handshake or open.
    pub state: State,
    /// User name the peer authenticated as (server side), for `.z.u`.
    pub user: String,
    /// Peer IPv4 as an int, for `.z.a`.
    pub addr: i32,
    /// Whether qrepl accepted this connection (rather than opened it).
    pub accepted: bool,
    /// Largest message accepted from the peer.
    pub max_msg: usize,
    /// When bytes last arrived or the connection opened.
    pub last_read: Instant,
    /// Sync requests from the peer whose response was deferred (`-30!`)
    /// and is still owed.
    pub deferred: u32,
    /// How many sync requests from the peer are being evaluated now.
    pub serving_sync: u32,
    /// Whether the sync request being evaluated asked (`-30!(::)`) to
    /// answer later.
    pub defer_current: bool,
    /// Responses still to come for sync requests that were interrupted
    /// (Ctrl-C) while waiting: each is read and dropped when it arrives.
    pub late_responses: u32,
    /// A WebSocket's fragmented message under way.
    pub websocket: super::websocket::Assembler,
    /// Received bytes are `rbuf[rstart..rend]`; `rbuf[rend..]` is room
    /// already zeroed for the next read (at most [`READ_PIECE`]), kept so
    /// reads do not zero it again.
    rbuf: Vec<u8>,
    rstart: usize,
    rend: usize,
    /// The announced length of the message at the front of the buffer once
    /// it is admitted to a [`Budget`]; 0 otherwise.
    reserved: usize,
    /// Since when the message at the front waits for admission.
    waiting_since: Option<Instant>,
    out: VecDeque<Vec<u8>>,
    out_pos: usize,
}

impl Conn {
    /// Wraps a connected socket, making it non-blocking.
    ///
    /// # Errors
    /// When the socket cannot be made non-blocking.
    pub fn new(stream: Stream, accepted: bool, local: bool) -> io::Result<Conn> {
        stream.set_nonblocking(true)?;
        // Small sync messages must not wait for Nagle's algorithm.
        match &stream {
            Stream::Tcp(s) => s.set_nodelay(true)?,
            Stream::Tls(s) => s.socket().set_nodelay(true)?,
            Stream::Unix(_) => {}
        }
        let addr = stream.peer_ipv4();
        Ok(Conn {
            stream,
            capability: 0,
            local,
            state: State::Open,
            user: String::new(),
            addr,
            accepted,
            max_msg: MAX_LEN_LARGE as usize,
            last_read: Instant::now(),
            deferred: 0,
            serving_sync: 0,
            defer_current: false,
            late_responses: 0,
            websocket: super::websocket::Assembler::new(),
            rbuf: Vec::new(),
            rstart: 0,
            rend: 0,
            reserved: 0,
            waiting_since: None,
            out: VecDeque::new(),
            out_pos: 0,
        })
    }

    /// The handle (file descriptor).
    pub fn fd(&self) -> RawFd {
        self.stream.fd()
    }

    /// Whether this is a plain (not TLS) TCP connection.
    pub fn is_plain_tcp(&self) -> bool {
        matches!(self.stream, Stream::Tcp(_))
    }

    /// Whether this connection runs over TLS.
    pub fn is_tls(&self) -> bool {
        matches!(self.stream, Stream::Tls(_))
    }

    /// Whether TLS holds decrypted bytes for this connection that a read
    /// would return though its socket has nothing new.
    pub fn tls_plaintext_pending(&mut self) -> bool {
        match &mut self.stream {
            Stream::Tls(s) => s.has_plaintext(),
            _ => false,
        }
    }

    /// Whether this TLS connection is still in its handshake.
    pub fn tls_handshaking(&self) -> bool {
        matches!(&self.stream, Stream::Tls(s) if s.is_handshaking())
    }

    /// The socket and the bytes received and not yet taken, for wrapping
    /// the socket in TLS once its first bytes say the peer speaks TLS.
    pub fn into_parts(self) -> (Stream, Vec<u8>) {
        let early = self.buffered().to_vec();
        (self.stream, early)
    }

    /// Bytes received and not yet taken.
    pub fn buffered(&self) -> &[u8] {
        &self.rbuf[self.rstart..self.rend]
    }

    /// Drops `n` taken bytes from the front of the receive buffer.
    pub fn consume(&mut self, n: usize) {
        self.rstart = (self.rstart + n).min(self.rend);
        self.reserved = 0;
        self.waiting_since = None;
        if self.rstart == self.rend {
            self.rstart = 0;
            self.rend = 0;
            if self.rbuf.capacity() > KEEP_BUFFER {
                self.rbuf = Vec::new();
            }
        }
    }

    /// Reads what is available without blocking.
    ///
    /// The buffer grows with what arrives, never by what a header merely
    /// claims; see the module documentation.
    ///
    /// # Errors
    /// Socket errors other than "would block" (a reset peer, for example).
    pub fn fill(&mut self) -> io::Result<Fill> {
        self.fill_within(None)
    }

    /// [`Conn::fill`] for a connection whose large messages share `budget`
    /// (when given): a message over [`UNBUDGETED`] bytes is read on only
    /// once its announced length fits in what the budget has left, and
    /// after every connection that was waiting before it. Until then the
    /// connection holds at most [`UNBUDGETED`] bytes and [`Conn::waiting`]
    /// says so.
    ///
    /// # Errors
    /// Socket errors other than "would block".
    pub fn fill_within(&mut self, mut budget: Option<&mut Budget>) -> io::Result<Fill> {
        // TLS may hold decrypted bytes that poll cannot see: read it dry.
        let tls = matches!(self.stream, Stream::Tls(_));
        let mut total = 0;
        loop {
            // The message being received starts the buffer, so that a large
            // one can leave as the buffer itself, never moved or copied.
            if self.rstart > 0 {
                self.rbuf.copy_within(self.rstart..self.rend, 0);
                self.rend -= self.rstart;
                self.rstart = 0;
            }
            let front = self.front_len();
            let have = self.rend;
            let in_body = front.is_some_and(|n| n > have);
            if total > 0 && !tls && !in_body {
                // A whole message (or a handshake, or a bad header) is
                // here: let the caller take it before reading on.
                return Ok(Fill::Data(total));
            }
            // A large message is read up to its end and no further, so it
            // can leave as the buffer; small ones are read in batches.
            let mut room = match front {
                Some(n) if n > have && n > READ_CHUNK => (n - have).min(READ_PIECE),
                _ => READ_CHUNK,
            };
            if let (Some(budget), Some(n)) = (budget.as_deref_mut(), front)
                && in_body
                && n > UNBUDGETED
                && self.reserved == 0
                && !self.admit(budget, n)
            {
                room = room.min(UNBUDGETED.saturating_sub(have));
                if room == 0 {
                    return Ok(if total > 0 {
                        Fill::Data(total)
                    } else {
                        Fill::Empty
                    });
                }
            }
            self.make_room(have + room, front)?;
            match self.stream.read(&mut self.rbuf[have..have + room]) {
                Ok(0) => {
                    return Ok(if total > 0 {
                        Fill::Data(total)
                    } else {
                        Fill::Closed
                    });
                }
                Ok(n) => {
                    self.rend += n;
                    total += n;
                    self.last_read = Instant::now();
                    // A short read means the socket is drained; TLS may
                    // still hold decrypted bytes, so it reads on.
                    if n < room && !tls {
                        return Ok(Fill::Data(total));
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    return Ok(if total > 0 {
                        Fill::Data(total)
                    } else {
                        Fill::Empty
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Makes `rbuf[..end]` initialized, zeroing only the new room (its
    /// pages become resident as the read fills them anyway).
    ///
    /// A message admitted to a budget has its announced length reserved
    /// there, so its buffer takes that capacity at once: address space
    /// only, never moved or copied as it fills. Otherwise capacity doubles
    /// as bytes arrive, never past the announced length.
    ///
    /// # Errors
    /// `OutOfMemory` when the buffer cannot grow.
    fn make_room(&mut self, end: usize, front: Option<usize>) -> io::Result<()> {
        let len = self.rbuf.len();
        if len >= end {
            return Ok(());
        }
        if self.rbuf.capacity() < end {
            let whole =
                self.reserved >= end && self.rbuf.try_reserve_exact(self.reserved - len).is_ok();
            if !whole {
                let mut cap = end.max(self.rbuf.capacity().saturating_mul(2));
                if let Some(n) = front
                    && n >= end
                {
                    cap = cap.min(n);
                }
                self.rbuf
                    .try_reserve_exact(cap - len)
                    .map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
            }
        }
        self.rbuf.resize(end, 0);
        Ok(())
    }

    /// The announced length of the message at the front of the buffer,
    /// once its header is there and valid.
    fn front_len(&self) -> Option<usize> {
        if self.state != State::Open {
            return None;
        }
        frame_len(self.buffered(), self.capability, self.max_msg)
            .ok()
            .flatten()
    }

    /// Admits the message at the front (`n` bytes announced) if it fits in
    /// `budget` and nobody waits before it; otherwise it waits.
    fn admit(&mut self, budget: &mut Budget, n: usize) -> bool {
        if self.waiting_since.is_some() || budget.queued || !budget.fits(n) {
            self.waiting_since.get_or_insert_with(Instant::now);
            budget.queued = true;
            return false;
        }
        budget.held += n;
        self.reserved = n;
        true
    }

    /// Admits the message this connection waits with, if it fits in
    /// `budget` now. Returns whether it no longer waits.
    pub(crate) fn admit_waiting(&mut self, budget: &mut Budget) -> bool {
        let Some(n) = self.front_len().filter(|&n| n > UNBUDGETED) else {
            self.waiting_since = None;
            return true;
        };
        if !budget.fits(n) {
            return false;
        }
        budget.held += n;
        self.reserved = n;
        self.waiting_since = None;
        true
    }

    /// Since when this connection's message waits for admission to the
    /// budget (`None`: it does not).
    pub fn waiting(&self) -> Option<Instant> {
        self.waiting_since
    }

    /// Whether this connection waits for admission and holds all it may
    /// meanwhile: reading it now would read nothing.
    pub(crate) fn blocked(&self) -> bool {
        self.waiting_since.is_some() && self.rend - self.rstart >= UNBUDGETED
    }

    /// The announced length of the admitted message being received, 0 if
    /// none: this connection's share of the budget.
    pub fn reserved(&self) -> usize {
        self.reserved
    }

    /// Takes the next complete message (header included) from the buffer.
    ///
    /// A message over 64 KiB takes the buffer itself (only bytes after it,
    /// less than one read, are copied), so its body is never held twice;
    /// small ones are copied and the buffer kept.
    ///
    /// # Errors
    /// When the header is invalid or announces more than `max_msg` bytes.
    pub fn take_frame(&mut self) -> Result<Option<Vec<u8>>, DecodeError> {
        let Some(n) = frame_len(self.buffered(), self.capability, self.max_msg)? else {
            return Ok(None);
        };
        let buffered = self.buffered().len();
        if buffered < n {
            return Ok(None);
        }
        if n > READ_CHUNK {
            if self.rstart > 0 {
                // Only when bytes were read past a message into this one
                // in the same fill (TLS); a plain socket starts it at 0.
                self.rbuf.copy_within(self.rstart..self.rend, 0);
            }
            self.rbuf.truncate(buffered);
            let rest = self.rbuf.split_off(n);
            self.rstart = 0;
            self.rend = rest.len();
            self.reserved = 0;
            self.waiting_since = None;
            return Ok(Some(std::mem::replace(&mut self.rbuf, rest)));
        }
        let frame = self.buffered()[..n].to_vec();
        self.consume(n);
        Ok(Some(frame))
    }

    /// Decodes a frame taken from this connection. The frame is consumed:
    /// its memory is returned as the decoding goes (see
    /// [`decode_message_owned`]).
    ///
    /// # Errors
    /// When the bytes are not a valid message.
    pub fn decode(&self, frame: Vec<u8>) -> Result<(Header, K), DecodeError> {
        decode_message_owned(
            frame,
            &DecodeOptions {
                capability: self.capability,
                max_len: self.max_msg,
            },
        )
    }

    /// Appends an encoded message to the output queue (nothing is written yet).
    pub fn queue(&mut self, msg: Vec<u8>) {
        self.out.push_back(msg);
    }

    /// Sizes of the queued messages, the first one counting only unsent bytes.
    pub fn queued_sizes(&self) -> Vec<i64> {
        self.out
            .iter()
            .enumerate()
            .map(|(i, m)| (m.len() - if i == 0 { self.out_pos } else { 0 }) as i64)
            .collect()
    }

    /// How many messages are queued (the first perhaps partly sent).
    pub fn queued(&self) -> usize {
        self.out.len()
    }

    /// Whether anything waits to be written.
    pub fn has_output(&self) -> bool {
        !self.out.is_empty() || self.stream.tls_pending()
    }

    /// Writes as much of the queue as the socket takes without blocking,
    /// up to 256 messages per system call. Returns whether the queue is now
    /// empty.
    ///
    /// # Errors
    /// Socket errors other than "would block".
    pub fn flush_some(&mut self) -> io::Result<bool> {
        while let Some(front) = self.out.front() {
            let written = if self.out.len() == 1 {
                // The common case of one request or response: a plain write.
                self.stream.write(&front[self.out_pos..])
            } else {
                let mut bufs = [IoSlice::new(&[]); WRITE_BATCH];
                let mut count = 0;
                for (slot, msg) in bufs.iter_mut().zip(&self.out) {
                    let unsent = if count == 0 {
                        &msg[self.out_pos..]
                    } else {
                        &msg[..]
                    };
                    *slot = IoSlice::new(unsent);
                    count += 1;
                }
                self.stream.write_vectored(&bufs[..count])
            };
            match written {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => self.advance_output(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.stream.flush_tls()
    }

    /// Drops `n` written bytes from the front of the output queue.
    fn advance_output(&mut self, mut n: usize) {
        while let Some(front) = self.out.front() {
            let unsent = front.len() - self.out_pos;
            if n < unsent {
                self.out_pos += n;
                return;
            }
            n -= unsent;
            self.out.pop_front();
            self.out_pos = 0;
        }
    }

    /// Writes the whole queue, waiting for the socket as needed, until
    /// `deadline` (if any). Returns whether everything was written.
    ///
    /// # Errors
    /// Socket errors.
    pub fn flush_all(&mut self, deadline: Option<Instant>) -> io::Result<bool> {
        loop {
            if self.flush_some()? {
                return Ok(true);
            }
            let wait = match deadline {
                Some(d) => match d.checked_duration_since(Instant::now()) {
                    Some(w) => Some(w),
                    None => return Ok(false),
                },
                None => Some(Duration::from_millis(100)),
            };
            wait_fd(self.fd(), libc::POLLOUT, wait)?;
        }
    }

    /// Discards queued output; returns how many messages were dropped.
    pub fn discard_output(&mut self) -> usize {
        let n = self.out.len();
        self.out.clear();
        self.out_pos = 0;
        n
    }

    /// Waits until the socket is readable (or `timeout` passes).
    ///
    /// # Errors
    /// When poll fails (for example when interrupted by a signal).
    pub fn wait_readable(&self, timeout: Option<Duration>) -> io::Result<bool> {
        wait_fd(self.fd(), libc::POLLIN, timeout)
    }

    /// Writes raw bytes directly (for the handshake reply), waiting as needed.
    ///
    /// # Errors
    /// Socket errors.
    pub fn write_now(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.queue(bytes.to_vec());
        self.flush_all(Some(Instant::now() + Duration::from_secs(5)))
            .and_then(|done| {
                if done {
                    Ok(())
                } else {
                    Err(io::ErrorKind::TimedOut.into())
                }
            })
    }
}

/// Waits for `events` on one descriptor. Returns whether it is ready.
///
/// # Errors
/// The OS error of `poll`, including `Interrupted` when a signal arrives.
pub fn wait_fd(fd: RawFd, events: i16, timeout: Option<Duration>) -> io::Result<bool> {
    let mut p = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    let ms = timeout.map_or(-1, |d| d.as_millis().min(i32::MAX as u128) as i32);
    // SAFETY: one valid pollfd for the duration of the call.
    let rc = unsafe { libc::poll(&mut p, 1, ms) };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(rc > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::{EncodeOptions, MsgType, encode_message};

    fn pair() -> (Conn, Conn) {
        let (a, b) = UnixStream::pair().unwrap();
        (
            Conn::new(Stream::Unix(a), false, true).unwrap(),
            Conn::new(Stream::Unix(b), true, true).unwrap(),
        )
    }

    #[test]
    fn queued_messages_are_framed_in_order() {
        let (mut a, mut b) = pair();
        a.capability = 3;
        b.capability = 3;
        for s in ["2+2", "x:1", "til 3"] {
            let m =
                encode_message(MsgType::Async, &K::string(s), &EncodeOptions::default()).unwrap();
            a.queue(m);
        }
        assert_eq!(a.queued_sizes(), vec![17, 17, 19]);
        assert!(a.flush_all(None).unwrap());
        assert!(a.queued_sizes().is_empty());
        let mut got = Vec::new();
        while got.len() < 3 {
            b.wait_readable(Some(Duration::from_secs(1))).unwrap();
            b.fill().unwrap();
            while let Some(f) = b.take_frame().unwrap() {
                got.push(b.decode(f).unwrap().1);
            }
        }
        assert_eq!(got[2], K::string("til 3"));
    }

    #[test]
    fn a_large_frame_takes_the_buffer_and_leaves_what_follows() {
        let (mut a, mut b) = pair();
        a.capability = 3;
        b.capability = 3;
        let big = K::longs((0..200_000).collect());
        let opts = EncodeOptions::default();
        a.queue(encode_message(MsgType::Async, &big, &opts).unwrap());
        a.queue(encode_message(MsgType::Sync, &K::string("2+2"), &opts).unwrap());
        let mut frames = Vec::new();
        while frames.len() < 2 {
            // More than a socket buffer holds: write and read in turns.
            a.flush_some().unwrap();
            b.wait_readable(Some(Duration::from_secs(1))).unwrap();
            b.fill().unwrap();
            while let Some(f) = b.take_frame().unwrap() {
                frames.push(f);
            }
        }
        assert!(b.buffered().is_empty());
        let (_, first) = b.decode(frames.remove(0)).unwrap();
        let (header, second) = b.decode(frames.remove(0)).unwrap();
        assert_eq!(first, big);
        assert_eq!((header.msg_type, second), (MsgType::Sync, K::string("2+2")));
    }

    #[test]
    fn batched_writes_resume_mid_message() {
        let (mut a, mut b) = pair();
        a.capability = 3;
        b.capability = 3;
        // Several socket buffers' worth, so writes stop part way through
        // a message and through a batch.
        let sent: Vec<K> = (0..3000i64)
            .map(|i| K::longs((i..i + 100 + i % 7).collect()))
            .collect();
        for k in &sent {
            a.queue(encode_message(MsgType::Async, k, &EncodeOptions::default()).unwrap());
        }
        let mut got = Vec::new();
        while got.len() < sent.len() {
            a.flush_some().unwrap();
            b.wait_readable(Some(Duration::from_secs(1))).unwrap();
            b.fill().unwrap();
            while let Some(f) = b.take_frame().unwrap() {
                got.push(b.decode(f).unwrap().1);
            }
        }
        assert!(a.queued_sizes().is_empty());
        assert_eq!(got, sent);
    }

    /// The first bytes of an async byte-vector message `len` bytes long.
    fn byte_vector_head(len: usize) -> Vec<u8> {
        let mut m = vec![1, 0, 0, 0];
        m.extend_from_slice(&(len as u32).to_le_bytes());
        m.extend_from_slice(&[4, 0]);
        m.extend_from_slice(&((len - 14) as i32).to_le_bytes());
        m
    }

    /// Moves bytes from `a` to `b` until `b` has `want` buffered or
    /// `a` has nothing left to send.
    fn pump(a: &mut Conn, b: &mut Conn, mut budget: Option<&mut Budget>, want: usize) {
        for _ in 0..10_000 {
            let done = a.flush_some().unwrap();
            if b.buffered().len() >= want {
                return;
            }
            if b.wait_readable(Some(Duration::from_millis(200))).unwrap() {
                b.fill_within(budget.as_deref_mut()).unwrap();
            } else if done {
                return;
            }
        }
    }

    #[test]
    fn a_partial_message_is_held_once() {
        let (mut a, mut b) = pair();
        b.capability = 3;
        let n = 8 << 20;
        let sent = 3 << 20;
        let mut part = byte_vector_head(n);
        part.resize(sent, 7);
        a.queue(part);
        pump(&mut a, &mut b, None, sent);
        assert_eq!(b.buffered().len(), sent);
        // Initialized: what arrived plus at most one read's room; capacity
        // at most double what arrived and never past the announced length.
        assert!(b.rbuf.len() <= sent + READ_PIECE, "{}", b.rbuf.len());
        assert!(
            b.rbuf.capacity() <= (2 * sent).min(n),
            "{}",
            b.rbuf.capacity()
        );
        a.queue(vec![7; n - sent]);
        pump(&mut a, &mut b, None, n);
        // The message leaves as the buffer itself: never copied.
        let at = b.rbuf.as_ptr();
        let frame = b.take_frame().unwrap().unwrap();
        assert_eq!((frame.len(), frame.as_ptr()), (n, at));
        assert!(b.buffered().is_empty());
        let (_, v) = b.decode(frame).unwrap();
        assert_eq!(v, K::bytes(vec![7; n - 14]));
    }

    #[test]
    fn a_message_waits_for_the_budget_holding_little() {
        let limit = 10 << 20;
        let (mut a1, mut b1) = pair();
        let (mut a2, mut b2) = pair();
        for b in [&mut b1, &mut b2] {
            b.capability = 3;
        }
        let n = 6 << 20;
        for a in [&mut a1, &mut a2] {
            let mut m = byte_vector_head(n);
            m.resize(n, 1);
            a.queue(m);
        }
        let mut budget = Budget::new(limit);
        pump(&mut a1, &mut b1, Some(&mut budget), 1 << 20);
        assert_eq!((b1.reserved(), budget.held), (n, n));
        // The second does not fit beside the first: it stops at 64 KiB.
        pump(&mut a2, &mut b2, Some(&mut budget), 1 << 20);
        assert_eq!(b2.reserved(), 0);
        assert!(b2.waiting().is_some() && b2.blocked());
        assert!(b2.buffered().len() <= UNBUDGETED);
        assert!(b2.rbuf.len() <= UNBUDGETED + READ_CHUNK);
        assert!(budget.queued);
        // Once the first is taken, the second is admitted and completes
        // (its buffer then takes the announced length at once).
        pump(&mut a1, &mut b1, Some(&mut budget), n);
        let frame = b1.take_frame().unwrap().unwrap();
        assert_eq!((frame.len(), b1.reserved()), (n, 0));
        let mut budget = Budget::new(limit);
        assert!(b2.admit_waiting(&mut budget));
        assert_eq!((b2.reserved(), budget.held), (n, n));
        pump(&mut a2, &mut b2, Some(&mut budget), n);
        assert!(b2.take_frame().unwrap().is_some());
        assert!(b2.waiting().is_none());
    }

    #[test]
    fn closed_peer_is_reported() {
        let (a, mut b) = pair();
        drop(a);
        b.wait_readable(Some(Duration::from_secs(1))).unwrap();
        assert_eq!(b.fill().unwrap(), Fill::Closed);
    }

    #[test]
    fn oversized_header_is_refused_before_allocation() {
        let (mut a, mut b) = pair();
        b.capability = 3;
        b.max_msg = 1000;
        // A header claiming 2 GB.
        a.write_now(&[1, 1, 0, 0, 0xff, 0xff, 0xff, 0x7f]).unwrap();
        b.wait_readable(Some(Duration::from_secs(1))).unwrap();
        b.fill().unwrap();
        assert!(b.take_frame().is_err());
        assert!(b.buffered().len() < 100);
    }
}
