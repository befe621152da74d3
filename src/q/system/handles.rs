//! Connection handles as the evaluator sees them: `hopen`, `hclose`, sync
//! requests (serving the remote's own requests on that handle while
//! waiting), async queues, `.z.W`/`.z.H`, and serving accepted connections
//! through `.z.pw .z.po .z.pg .z.ps .z.pc .z.ph`, WebSockets through
//! `.z.wo .z.ws .z.wc`.

use std::io;
use std::os::fd::RawFd;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::ipc::conn::State;
use crate::ipc::handshake::{Hello, reply};
use crate::ipc::net::{ConnectError, Event};
use crate::ipc::target::{Target, Transport};
use crate::ipc::trace::{Trace, TraceTarget};
use crate::ipc::websocket::{self, Message, Opcode};
use crate::ipc::{EncodeOptions, MsgType, encode_message};
use crate::k::{Data, Func, K, QError, Scalar, Sym, Type, qerr};

use crate::q::eval::interp::{Flow, Interp, R};
use crate::q::kernels::list;

/// The global that switches the message trace: `1b` to stderr, a file
/// symbol or string to that file, `0b` off.
pub const TRACE_VAR: &str = ".qrepl.trace";

/// Where a value of [`TRACE_VAR`] sends the trace: `1b` to stderr, a file
/// symbol or a non-empty string to that file; anything else nowhere.
pub fn trace_target(v: &K) -> Option<TraceTarget> {
    if let K::Atom(Type::Boolean, Scalar::U8(b)) = v {
        return (*b != 0).then_some(TraceTarget::Stderr);
    }
    let path = match v.as_sym() {
        Some(s) => Some(s.to_str_lossy().trim_start_matches(':').to_string()),
        None => v
            .as_str_bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned()),
    };
    path.filter(|p| !p.is_empty())
        .map(|p| TraceTarget::File(p.into()))
}

/// The global listing the handles that watch this process's trace: each
/// trace line also goes to them (`.qrepl.watch,:.z.w` from a peer).
pub const WATCH_VAR: &str = ".qrepl.watch";

/// How long `hclose` and exit wait for queued messages to be written.
pub const CLOSE_FLUSH: Duration = Duration::from_secs(2);
fn cannot_write(h: i64) -> QError {
    qerr(format!(
        "Cannot write to handle {h}. OS reports: Bad file descriptor"
    ))
}

/// Async messages queued on one handle past which a new one also writes
/// what the socket takes (q writes async messages as the socket allows);
/// fewer wait for the end of the line, where `.z.W` shows them.
const ASYNC_HIGH_WATER: usize = 1024;

impl Interp {
    // ---- client side ----

    /// Opens a connection to `target` (for remote sessions); returns the handle.
    ///
    /// # Errors
    /// q's errors: `'access`, `'timeout`, `'hop. OS reports: ...`.
    pub fn open(&mut self, target: &Target) -> Result<i32, QError> {
        let user = target.user.clone().unwrap_or_else(super::dotz::user_name);
        let password = target.password.clone().unwrap_or_default();
        match self.net.connect(target, &user, &password, None) {
            Ok(fd) => Ok(fd),
            Err(ConnectError::Access) => Err(qerr("access")),
            Err(ConnectError::Timeout) => Err(qerr("timeout")),
            Err(e) => Err(qerr(e.to_string())),
        }
    }

    /// Sends `x` as a sync request on `handle` and returns the response.
    ///
    /// # Errors
    /// The remote's error, or `'close` when the connection drops.
    pub fn request(&mut self, handle: i32, x: K) -> Result<K, QError> {
        match self.remote_apply(handle as i64, x) {
            Ok(v) => Ok(v),
            Err(Flow::Err(failure)) => Err(failure.error),
            Err(Flow::Return(v)) => Ok(v),
        }
    }

    /// Whether `handle` is an open connection.
    pub fn is_open(&self, handle: i32) -> bool {
        self.net.get(handle).is_some()
    }

    /// Runs `.z.exit` (if set) with the exit code.
    pub fn run_exit_handler(&mut self, code: i32) {
        self.call_handler(0, ".z.exit", K::int(code), 0);
    }

    /// `hopen x`: a port, `` `:host:port[:user:pass] ``, a string form, or
    /// `(target;timeout_ms)`. Returns the handle (0 for our own port).
    pub(crate) fn hopen(&mut self, x: K) -> R {
        let (target, timeout) = match &x {
            K::List(l) if l.items.len() == 2 => {
                let ms = l.items[1].as_i64().ok_or_else(|| qerr("type"))?;
                (
                    l.items[0].clone(),
                    Some(Duration::from_millis(ms.max(0) as u64)),
                )
            }
            _ => (x.clone(), None),
        };
        let text = match &target {
            K::Atom(Type::Symbol, Scalar::Sym(s)) => s.to_str_lossy().into_owned(),
            K::Atom(..) if target.as_i64().is_some() => target.as_i64().expect("int").to_string(),
            _ => match target.as_str_bytes() {
                Some(b) => String::from_utf8_lossy(b).into_owned(),
                None => return Err(qerr("type").into()),
            },
        };
        let target = Target::parse(&text).map_err(|e| match e {
            crate::ipc::target::TargetError::NotProcess(_) => qerr("nyi: file handles"),
            crate::ipc::target::TargetError::BadPort(_) => {
                qerr("hop. OS reports: Invalid argument")
            }
        })?;
        if target.transport == Transport::Tcp
            && target.is_local()
            && self.net.port() != 0
            && target.port == self.net.port()
        {
            return Ok(K::int(0));
        }
        let user = target.user.clone().unwrap_or_else(super::dotz::user_name);
        let password = target.password.clone().unwrap_or_default();
        match self.net.connect(&target, &user, &password, timeout) {
            Ok(fd) => Ok(K::int(fd)),
            Err(ConnectError::Access) => Err(qerr("access").into()),
            Err(ConnectError::Timeout) => Err(qerr("timeout").into()),
            Err(e) => Err(qerr(e.to_string()).into()),
        }
    }

    /// A one-shot request when `s` (applied to `args`) is a process
    /// handle: opens, sends the query, closes. `None` when it is not one.
    pub(crate) fn one_shot(&mut self, s: &Sym, args: &[K]) -> Option<R> {
        let text = s.to_str_lossy();
        if let [q] = args
            && super::http::is_http_target(&text)
        {
            return Some(super::http::request(self, &text, q));
        }
        let (target, query) = match args {
            [q] if text.starts_with(':') && text[1..].contains(':') => {
                (K::sym(s.clone()), q.clone())
            }
            [t, q] if text == "::" => (t.clone(), q.clone()),
            _ => return None,
        };
        Some(self.request_once(target, query))
    }

    fn request_once(&mut self, target: K, query: K) -> R {
        let h = self.hopen(target)?;
        let h = h.as_i64().unwrap_or(0);
        if h == 0 {
            return self.value(query);
        }
        let r = self.remote_apply(h, query);
        if let Some(mut c) = self.net.remove(h as RawFd) {
            let _ = c.flush_all(Some(Instant::now() + CLOSE_FLUSH));
        }
        match r {
            Err(Flow::Err(mut failure)) if &*failure.error.msg == "close" => {
                failure.error = qerr("expected response msg");
                Err(Flow::Err(failure))
            }
            other => other,
        }
    }

    /// `hclose h`: writes what is queued (for a short while), then closes.
    pub(crate) fn hclose(&mut self, x: K) -> R {
        let h = x.as_i64().ok_or_else(|| qerr("type"))?;
        if h == 0 {
            return Ok(K::Nil);
        }
        let fd = h.unsigned_abs() as RawFd;
        let Some(mut conn) = self.net.remove(fd) else {
            return Err(cannot_write(h).into());
        };
        if conn.state == State::WebSocket {
            conn.queue(websocket::close_frame(websocket::CLOSE_NORMAL, ""));
        }
        // q 3.6+ drops unsent data here; qrepl writes it first so nothing
        // a user queued is lost silently.
        let flushed = conn
            .flush_all(Some(Instant::now() + CLOSE_FLUSH))
            .unwrap_or(false);
        if !flushed {
            let dropped = conn.discard_output();
            if dropped > 0 {
                self.host.write(
                    2,
                    format!("warning: hclose {h}: {dropped} queued message(s) could not be sent\n")
                        .as_bytes(),
                );
            }
        }
        Ok(K::Nil)
    }

    fn encode_for(&self, fd: RawFd, msg_type: MsgType, x: &K) -> Result<Vec<u8>, QError> {
        let conn = self.net.get(fd).ok_or_else(|| cannot_write(fd as i64))?;
        if conn.state == State::WebSocket {
            return websocket_frame(&self.resolve_enums(x));
        }
        let opts = EncodeOptions {
            capability: conn.capability,
            compress: !conn.local,
        };
        let x = self.resolve_enums(x);
        encode_message(msg_type, &x, &opts).map_err(QError::from)
    }

    /// Applies handle `h` to `x`: sync for positive handles, async for
    /// negative; `h[]` waits for an async message, `neg[h][]` flushes.
    pub(crate) fn remote_apply(&mut self, h: i64, x: K) -> R {
        let fd = h.unsigned_abs() as RawFd;
        let Some(state) = self.net.get(fd).map(|c| c.state) else {
            // Only data can be written: `3[::]` or `1000 f` is a type error
            // before it is a write to a handle that is not open.
            if matches!(x, K::Nil | K::Func(_)) {
                return Err(qerr("type").into());
            }
            return Err(cannot_write(h).into());
        };
        match state {
            State::Handshake => return Err(cannot_write(h).into()),
            // WebSockets are async only.
            State::WebSocket if h > 0 => return Err(qerr("nyi: sync on a websocket").into()),
            _ => {}
        }
        self.update_trace();
        match (h > 0, matches!(x, K::Nil)) {
            (true, true) => self.wait_async(fd),
            (true, false) => self.sync_request(fd, x),
            (false, true) => {
                self.flush_handle(fd, true)?;
                Ok(K::Nil)
            }
            (false, false) => {
                let msg = self.encode_for(fd, MsgType::Async, &x)?;
                self.net.queue(fd, msg);
                // A long queue is written as far as the socket takes it
                // without waiting, so the peer works through it meanwhile.
                let full = self
                    .net
                    .get_mut(fd)
                    .filter(|c| c.queued() >= ASYNC_HIGH_WATER)
                    .map(|c| c.flush_some());
                if let Some(Err(_)) = full {
                    self.drop_conn(fd, true);
                    return Err(cannot_write(h).into());
                }
                Ok(K::Nil)
            }
        }
    }

    /// Writes `fd`'s queue; `traced`: as a line of the trace (an explicit
    /// flush rather than a sync request's).
    fn flush_handle(&mut self, fd: RawFd, traced: bool) -> Result<(), QError> {
        let ok = match self.net.get_mut(fd) {
            Some(_) if traced => self.net.flush_traced(fd).is_ok(),
            Some(c) => c.flush_all(None).is_ok(),
            None => false,
        };
        if !ok {
            self.drop_conn(fd, true);
            return Err(cannot_write(fd as i64));
        }
        Ok(())
    }

    /// Sends a sync request and waits for its response, serving requests
    /// the remote makes on the same handle meanwhile (and nothing else).
    fn sync_request(&mut self, fd: RawFd, x: K) -> R {
        let msg = self.encode_for(fd, MsgType::Sync, &x)?;
        // Pending async messages go first, then the request.
        self.net.queue(fd, msg);
        self.flush_handle(fd, false)?;
        self.await_message(fd, true)
    }

    /// `h[]`: blocks until an async message arrives on `h`; returns it.
    fn wait_async(&mut self, fd: RawFd) -> R {
        self.await_message(fd, false)
    }

    /// Reads from `fd` until a response (`want_response`) or an async
    /// message (otherwise) arrives, serving other messages on `fd`.
    fn await_message(&mut self, fd: RawFd, want_response: bool) -> R {
        let start = Instant::now();
        self.update_trace();
        loop {
            // Messages already buffered come first.
            loop {
                let frame = match self.net.get_mut(fd) {
                    Some(c) => c.take_frame(),
                    None => return Err(qerr("close").into()),
                };
                let frame = match frame {
                    Ok(Some(f)) => f,
                    Ok(None) => break,
                    Err(_) => {
                        self.drop_conn(fd, true);
                        return Err(qerr("badmsg").into());
                    }
                };
                if self.net.tracing() {
                    let response = frame.get(1) == Some(&(MsgType::Response as u8));
                    let wait = (want_response && response).then(|| start.elapsed());
                    self.net.trace_in(fd, &frame, wait);
                }
                let decoded = self.net.get(fd).map(|c| c.decode(frame));
                let (header, v) = match decoded {
                    Some(Ok(d)) => d,
                    _ => {
                        self.drop_conn(fd, true);
                        return Err(qerr("badmsg").into());
                    }
                };
                if header.msg_type == MsgType::Response
                    && let Some(c) = self.net.get_mut(fd)
                    && c.late_responses > 0
                {
                    // The answer to a request given up on earlier.
                    c.late_responses -= 1;
                    continue;
                }
                match header.msg_type {
                    MsgType::Response if want_response => {
                        return match v {
                            K::Error(e) => Err(qerr(e.to_str_lossy()).into()),
                            v => Ok(v),
                        };
                    }
                    MsgType::Async if !want_response => return Ok(v),
                    MsgType::Response => {}
                    t => self.serve_message(fd, t, v),
                }
            }
            let ready = match self.net.get(fd) {
                Some(c) => c.wait_readable(Some(Duration::from_millis(100))),
                None => return Err(qerr("close").into()),
            };
            if self.interrupt.swap(false, Ordering::Relaxed) {
                // The handle stays usable: the response, when it comes,
                // is dropped.
                if want_response && let Some(c) = self.net.get_mut(fd) {
                    c.late_responses += 1;
                }
                return Err(qerr(format!(
                    "rcv handle: {fd}. OS reports: Interrupted system call"
                ))
                .into());
            }
            match ready {
                Ok(true) => {}
                Ok(false) => {
                    let bytes = self.net.get(fd).map_or(0, |c| c.buffered().len());
                    self.host.waiting(fd, start.elapsed(), bytes);
                    continue;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    self.drop_conn(fd, true);
                    return Err(qerr("close").into());
                }
            }
            let fill = match self.net.get_mut(fd) {
                Some(c) => c.fill(),
                None => return Err(qerr("close").into()),
            };
            match fill {
                Ok(crate::ipc::conn::Fill::Closed) | Err(_) => {
                    self.drop_conn(fd, true);
                    return Err(qerr("close").into());
                }
                Ok(_) => {}
            }
        }
    }

    /// `-25!(handles;msg)`: queues one message on several handles, or
    /// flushes them when msg is `::`.
    pub(crate) fn broadcast(&mut self, x: K) -> R {
        if x.count() != 2 {
            return Err(qerr("length").into());
        }
        // Handles may be ints, longs, or a mixed list of both.
        let handles: Vec<i64> = list::items(&list::item(&x, 0))
            .iter()
            .map(|h| h.as_i64().ok_or_else(|| qerr("type")))
            .collect::<Result<_, _>>()?;
        let msg = list::item(&x, 1);
        self.update_trace();
        for &h in &handles {
            let fd = h.unsigned_abs() as RawFd;
            if self.net.get(fd).is_none() {
                return Err(qerr(format!("{h} is not an ipc handle")).into());
            }
        }
        if matches!(msg, K::Nil) {
            for &h in &handles {
                self.flush_handle(h.unsigned_abs() as RawFd, true)?;
            }
            return Ok(K::Nil);
        }
        let mut encoded = Vec::with_capacity(handles.len());
        for &h in &handles {
            let fd = h.unsigned_abs() as RawFd;
            let m = self
                .encode_for(fd, MsgType::Async, &msg)
                .map_err(|e| qerr(format!("{} error serializing for handle {h}", e.msg)))?;
            encoded.push((fd, m));
        }
        for (fd, m) in encoded {
            self.net.queue(fd, m);
        }
        Ok(K::Nil)
    }

    /// `-38!h`: what kind of socket each handle is (internal.md): its
    /// protocol `p` (`q` or `w` for WebSocket), family `f` (`t` TCP, `u`
    /// Unix), whether messages to it may be compressed `z`, and how many
    /// messages `n` and bytes `m` wait unsent.
    pub(crate) fn socket_table(&mut self, x: K) -> R {
        let handles = list::longs_of(&x)?;
        let (mut p, mut f, mut z, mut n, mut m) = (vec![], vec![], vec![], vec![], vec![]);
        for &h in &handles {
            let c = self
                .net
                .get(h as RawFd)
                .ok_or_else(|| qerr(format!("{h} is not an ipc handle")))?;
            let websocket = c.state == State::WebSocket;
            p.push(if websocket { b'w' } else { b'q' });
            f.push(if c.addr == 0 && c.local { b'u' } else { b't' });
            z.push(!c.local && !websocket && c.capability >= 1);
            let queued = c.queued_sizes();
            n.push(queued.len() as i64);
            m.push(queued.iter().sum::<i64>());
        }
        let names = ["p", "f", "z", "n", "m"];
        if x.is_atom() {
            return Ok(K::dict(
                K::sym_list(names),
                K::list(vec![
                    K::char(p[0]),
                    K::char(f[0]),
                    K::bool(z[0]),
                    K::long(n[0]),
                    K::long(m[0]),
                ]),
            ));
        }
        Ok(K::table(
            names.into_iter().collect(),
            vec![
                K::string(p),
                K::string(f),
                K::bools(z),
                K::longs(n),
                K::longs(m),
            ],
        ))
    }

    /// `.z.W`: each open handle and the sizes of its queued messages.
    pub(crate) fn handles_dict(&self) -> K {
        let hs = self.net.handles();
        let sizes: Vec<K> = hs
            .iter()
            .map(|&h| {
                K::longs(
                    self.net
                        .get(h)
                        .map(|c| c.queued_sizes())
                        .unwrap_or_default(),
                )
            })
            .collect();
        K::dict(K::ints(hs), K::list(sizes))
    }

    /// `.z.H`: the open handles.
    pub(crate) fn open_handles(&self) -> Vec<i32> {
        self.net.handles()
    }

    /// `.z.u`: the connected user inside a handler, the OS user otherwise.
    pub(crate) fn current_user(&self) -> String {
        if self.current_handle != 0
            && let Some(c) = self.net.get(self.current_handle)
        {
            return c.user.clone();
        }
        super::dotz::user_name()
    }

    /// `.z.a`: the peer's IPv4 inside a handler, this host's otherwise.
    pub(crate) fn current_address(&self) -> i32 {
        if self.current_handle != 0
            && let Some(c) = self.net.get(self.current_handle)
        {
            return c.addr;
        }
        local_ipv4()
    }

    /// The port being listened on (0 when not listening).
    pub fn listening_port(&self) -> i32 {
        self.net.port() as i32
    }

    /// Starts listening on `port` (`-1` for any free port), or stops with 0.
    ///
    /// # Errors
    /// `'port` style errors when the port cannot be bound.
    pub fn listen(&mut self, port: i32) -> Result<(), QError> {
        let want = match port {
            0 => Some(0),
            p if p < 0 => None,
            p if p <= u16::MAX as i32 => Some(p as u16),
            _ => return Err(qerr("domain")),
        };
        // Asking again for the port already listened on changes nothing.
        if want.is_some_and(|p| p != 0 && i32::from(p) == self.listening_port()) {
            return Ok(());
        }
        self.net
            .listen(want)
            .map(|_| ())
            .map_err(|e| qerr(format!("{port}: {}", crate::ipc::net::os_reason(&e))))
    }

    // ---- serving ----

    /// One turn of the event loop: waits up to `timeout` for console input
    /// (`extra` descriptors), new clients, messages and writable sockets,
    /// and serves everything that is ready. Returns the ready `extra`
    /// descriptors.
    ///
    /// # Errors
    /// When polling itself fails for a reason other than a signal.
    pub fn serve_once(
        &mut self,
        extra: &[RawFd],
        timeout: Option<Duration>,
    ) -> io::Result<Vec<RawFd>> {
        // Wake in time to drop stalled clients even when nothing happens.
        let timeout = if self.net.all().iter().any(|&fd| {
            self.net.get(fd).is_some_and(|c| {
                c.accepted && (c.state == State::Handshake || !c.buffered().is_empty())
            })
        }) {
            Some(timeout.map_or(self.stall_limit, |t| t.min(self.stall_limit)))
        } else {
            timeout
        };
        // ...and in time for the timer.
        let timeout = match self.timer {
            Some((_, next)) => {
                let until = next.saturating_duration_since(Instant::now());
                Some(timeout.map_or(until, |t| t.min(until)))
            }
            None => timeout,
        };
        let events = match self.net.poll(extra, timeout) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Vec::new(),
            Err(e) => return Err(e),
        };
        let mut ready = Vec::new();
        for ev in events {
            match ev {
                Event::Accepted(fd) | Event::Readable(fd) => self.process_input(fd),
                Event::Closed(fd) => self.drop_conn(fd, true),
                Event::TlsFailed(fd, why) => {
                    self.host
                        .write(2, format!("tls: handle {fd} closed: {why}\n").as_bytes());
                    self.drop_conn(fd, true);
                }
                Event::Extra(fd) => ready.push(fd),
            }
        }
        self.reap_stalled();
        self.run_timer();
        self.flush_queues_now();
        Ok(ready)
    }

    /// Sets the `\t` timer to every `ms` milliseconds (0 stops it).
    pub fn set_timer(&mut self, ms: u32) {
        self.timer = (ms > 0).then(|| {
            let every = Duration::from_millis(ms as u64);
            (every, Instant::now() + every)
        });
    }

    /// The timer's interval in milliseconds (0 when it is off).
    pub fn timer_interval_ms(&self) -> u64 {
        self.timer.map_or(0, |(every, _)| every.as_millis() as u64)
    }

    /// Whether a timer is set (the session then keeps running after
    /// console input ends, to let it fire).
    pub fn timer_active(&self) -> bool {
        self.timer.is_some()
    }

    /// Runs `.z.ts` with the current time when the timer is due. Ticks
    /// missed while something else ran are skipped, not queued, as in q.
    fn run_timer(&mut self) {
        let Some((every, next)) = self.timer else {
            return;
        };
        let now = Instant::now();
        if now < next {
            return;
        }
        let mut due = next + every;
        if due <= now {
            due = now + every;
        }
        self.timer = Some((every, due));
        let stamp = K::timestamp(super::dotz::now_nanos());
        self.call_handler(0, ".z.ts", stamp, 0);
    }

    /// Writes what every socket takes now, without waiting (the queues
    /// go out after each console line, as in q).
    pub fn flush_queues_now(&mut self) {
        for fd in self.net.flush_all_some() {
            self.drop_conn(fd, true);
        }
    }

    /// Writes every queue (for up to `limit`); returns how many messages
    /// could not be sent. Used before exit.
    pub fn flush_all_queues(&mut self, limit: Duration) -> usize {
        let deadline = Instant::now() + limit;
        let mut dropped = 0;
        for fd in self.net.all() {
            if let Some(c) = self.net.get_mut(fd)
                && !c.flush_all(Some(deadline)).unwrap_or(false)
            {
                dropped += c.discard_output();
            }
        }
        dropped
    }

    /// Whether this process is listening for clients (it then keeps
    /// serving after console input ends).
    pub fn is_listening(&self) -> bool {
        self.net.port() != 0
    }

    fn reap_stalled(&mut self) {
        let now = Instant::now();
        for fd in self.net.all() {
            let Some(c) = self.net.get(fd) else { continue };
            let idle = now.duration_since(c.last_read);
            match c.state {
                State::Handshake if idle > self.stall_limit => {
                    self.net.remove(fd);
                }
                State::Open | State::WebSocket
                    if c.accepted && !c.buffered().is_empty() && idle > self.stall_limit =>
                {
                    self.drop_conn(fd, true);
                }
                _ => {}
            }
        }
    }

    fn process_input(&mut self, fd: RawFd) {
        self.update_trace();
        loop {
            let Some(c) = self.net.get_mut(fd) else {
                return;
            };
            match c.state {
                State::Handshake => {
                    match self.net.sniff_tls(fd) {
                        // The buffered bytes went to TLS; what they
                        // carry arrives with the next reads.
                        Ok(true) => return,
                        Ok(false) => {}
                        Err(e) => {
                            self.host
                                .write(2, format!("tls: handle {fd} closed: {e}\n").as_bytes());
                            self.net.remove(fd);
                            return;
                        }
                    }
                    let Some(c) = self.net.get_mut(fd) else {
                        return;
                    };
                    if looks_like_http(c.buffered()) {
                        self.serve_http(fd);
                        return;
                    }
                    match Hello::decode(c.buffered()) {
                        Ok(None) => return,
                        Err(_) => {
                            self.net.remove(fd);
                            return;
                        }
                        Ok(Some((hello, n))) => {
                            c.consume(n);
                            if !self.authenticate(&hello) {
                                // Closing the socket is how the client learns 'access.
                                self.net.remove(fd);
                                return;
                            }
                            let Some(c) = self.net.get_mut(fd) else {
                                return;
                            };
                            let cap = reply(hello.capability);
                            if c.write_now(&[cap]).is_err() {
                                self.net.remove(fd);
                                return;
                            }
                            c.capability = cap;
                            c.state = State::Open;
                            c.user = String::from_utf8_lossy(&hello.user).into_owned();
                            self.call_handler(fd, ".z.po", K::int(fd), fd);
                        }
                    }
                }
                State::Open => {
                    let frame = match c.take_frame() {
                        Ok(Some(f)) => f,
                        Ok(None) => return,
                        Err(_) => {
                            self.bad_message(fd);
                            return;
                        }
                    };
                    self.net.trace_in(fd, &frame, None);
                    let Some(c) = self.net.get(fd) else {
                        return;
                    };
                    let decoded = c.decode(frame);
                    match decoded {
                        Ok((h, _)) if h.msg_type == MsgType::Response => {
                            // Only an interrupted request's answer comes
                            // unasked: it is dropped.
                            if let Some(c) = self.net.get_mut(fd) {
                                c.late_responses = c.late_responses.saturating_sub(1);
                            }
                        }
                        Ok((h, v)) => self.serve_message(fd, h.msg_type, v),
                        Err(_) => {
                            self.bad_message(fd);
                            return;
                        }
                    }
                }
                State::WebSocket => {
                    let max = c.max_msg;
                    let frame = match websocket::decode_frame(c.buffered(), max) {
                        Ok(Some((frame, n))) => {
                            c.consume(n);
                            frame
                        }
                        Ok(None) => return,
                        Err(e) => {
                            self.refuse_websocket(fd, &e);
                            return;
                        }
                    };
                    match c.websocket.push(frame, max) {
                        Ok(Some(m)) => self.serve_websocket(fd, m),
                        Ok(None) => {}
                        Err(e) => {
                            self.refuse_websocket(fd, &e);
                            return;
                        }
                    }
                }
            }
        }
    }

    /// Completes a WebSocket upgrade on `fd` (whose request head took
    /// `head_len` bytes) and calls `.z.wo`.
    fn open_websocket(&mut self, fd: RawFd, key: &str, head_len: usize) {
        let Some(c) = self.net.get_mut(fd) else {
            return;
        };
        c.consume(head_len);
        if c.write_now(&websocket::upgrade_response(key)).is_err() {
            self.net.remove(fd);
            return;
        }
        c.state = State::WebSocket;
        self.call_handler(fd, ".z.wo", K::int(fd), fd);
    }

    /// Acts on one WebSocket message: `.z.ws` for data (the default echoes
    /// it back), a pong for a ping, the close handshake for a close.
    fn serve_websocket(&mut self, fd: RawFd, message: Message) {
        let data = match message {
            Message::Text(b) => K::string(b),
            Message::Binary(b) => K::bytes(b),
            Message::Ping(p) => {
                self.send_frame(fd, websocket::encode_frame(Opcode::Pong, &p));
                return;
            }
            Message::Pong(_) => return,
            Message::Close(code) => {
                let code = code.unwrap_or(websocket::CLOSE_NORMAL);
                self.send_frame(fd, websocket::close_frame(code, ""));
                self.drop_conn(fd, true);
                return;
            }
        };
        let saved = std::mem::replace(&mut self.current_handle, fd);
        self.interrupt
            .store(false, std::sync::atomic::Ordering::Relaxed);
        let r = self.with_query_timeout(|it| {
            it.contained(|it| match it.global(".z.ws").cloned() {
                Some(f) => it.apply(&f, vec![data]),
                None => it.remote_apply(-(fd as i64), data),
            })
        });
        self.current_handle = saved;
        // What .z.ws sent is written with the other queues, after this
        // turn of the loop, so a client that does not read holds no one up.
        if let Err(Flow::Err(failure)) = r {
            self.host
                .write(2, format!("'{}\n", failure.error.msg).as_bytes());
        }
    }

    /// Writes one WebSocket frame on `fd` now (waiting a little if needed).
    fn send_frame(&mut self, fd: RawFd, frame: Vec<u8>) {
        if let Some(c) = self.net.get_mut(fd)
            && c.write_now(&frame).is_err()
        {
            self.drop_conn(fd, true);
        }
    }

    /// Closes a WebSocket whose peer broke the protocol (or sent too much),
    /// with the close code that says why, and calls `.z.wc`.
    fn refuse_websocket(&mut self, fd: RawFd, e: &websocket::FrameError) {
        self.host.write(
            2,
            format!("websocket: handle {fd} closed: {e}\n").as_bytes(),
        );
        let reason = match e {
            websocket::FrameError::Protocol(why) => why,
            websocket::FrameError::TooBig(_) => "message too big",
            websocket::FrameError::InvalidText => "text is not UTF-8",
        };
        if let Some(c) = self.net.get_mut(fd) {
            let _ = c.write_now(&websocket::close_frame(e.close_code(), reason));
        }
        self.drop_conn(fd, true);
    }

    fn bad_message(&mut self, fd: RawFd) {
        self.host
            .write(2, format!("'badmsg: handle {fd}\n").as_bytes());
        self.drop_conn(fd, true);
    }

    fn authenticate(&mut self, hello: &Hello) -> bool {
        if let Some(users) = &self.users
            && !users.check(&hello.user, &hello.password)
        {
            return false;
        }
        if let Some(pw) = self.global(".z.pw").cloned() {
            let user = K::sym(Sym::new(&hello.user));
            let pass = K::string(&hello.password);
            return match self.apply(&pw, vec![user, pass]) {
                Ok(v) => crate::q::kernels::verbs::truthy(&v).unwrap_or(false),
                Err(_) => false,
            };
        }
        true
    }

    /// Closes a connection the peer dropped (or that failed), calling `.z.pc`
    /// (`.z.wc` for a WebSocket).
    pub(crate) fn drop_conn(&mut self, fd: RawFd, call_pc: bool) {
        let Some(c) = self.net.remove(fd) else {
            return;
        };
        self.forget_watcher(fd);
        match c.state {
            State::Open if call_pc => self.call_handler(0, ".z.pc", K::int(fd), fd),
            State::WebSocket if call_pc => self.call_handler(0, ".z.wc", K::int(fd), fd),
            _ => {}
        }
    }

    /// Takes a closed handle out of [`WATCH_VAR`], so that a connection
    /// given the same number later does not inherit the trace.
    fn forget_watcher(&mut self, fd: RawFd) {
        let Some(v) = self.global(WATCH_VAR) else {
            return;
        };
        let Ok(handles) = crate::q::kernels::list::longs_of(v) else {
            return;
        };
        if handles.contains(&i64::from(fd)) {
            let kept: Vec<i32> = handles
                .into_iter()
                .filter(|&h| h != i64::from(fd))
                .map(|h| h as i32)
                .collect();
            self.set_global(WATCH_VAR, K::ints(kept));
        }
    }

    /// Calls handler `name` (if set) with `arg`, as handle `as_handle`;
    /// errors are printed on the console.
    fn call_handler(&mut self, as_handle: RawFd, name: &str, arg: K, _fd: RawFd) {
        let Some(f) = self.global(name).cloned() else {
            return;
        };
        let saved = std::mem::replace(&mut self.current_handle, as_handle);
        let r = self.unsuspended(|it| it.apply(&f, vec![arg]));
        self.current_handle = saved;
        if let Err(Flow::Err(failure)) = r {
            self.host
                .write(2, format!("'{}\n", failure.error.msg).as_bytes());
        }
    }

    /// Evaluates a message received on `fd` with `.z.pg` (sync) or `.z.ps`
    /// (async), answering sync requests.
    pub(crate) fn serve_message(&mut self, fd: RawFd, msg_type: MsgType, x: K) {
        if msg_type == MsgType::Async
            && let Some(line) = crate::ipc::trace::remote_line(&x)
        {
            // A watched peer's trace line goes to this side's trace.
            self.net.trace_remote(fd, &line);
            return;
        }
        let handler = match msg_type {
            MsgType::Sync => ".z.pg",
            MsgType::Async => ".z.ps",
            MsgType::Response => return,
        };
        let sync = msg_type == MsgType::Sync;
        let saved_defer = match self.net.get_mut(fd) {
            Some(c) if sync => {
                c.serving_sync += 1;
                Some(std::mem::replace(&mut c.defer_current, false))
            }
            _ => None,
        };
        let saved = std::mem::replace(&mut self.current_handle, fd);
        // Nothing left over from before this message may stop it.
        self.interrupt
            .store(false, std::sync::atomic::Ordering::Relaxed);
        crate::k::depth::take_exhausted();
        // A client's request never stops in the console's debugger.
        let r = self.with_query_timeout(|it| {
            it.unsuspended(|it| {
                it.contained(|it| match it.global(handler).cloned() {
                    Some(f) => it.apply(&f, vec![x]),
                    None => it.value(x),
                })
            })
        });
        self.current_handle = saved;
        let r = match r {
            Ok(v) => Ok(v),
            Err(Flow::Err(failure)) => {
                // `\e 2`: the error and its backtrace go to stderr too.
                if self.settings.error_trap == 2 {
                    let shown = crate::q::eval::interp::EvalError {
                        err: failure.error.clone(),
                        trace: failure.trace.clone(),
                        signal: failure.signal,
                        suspended: Vec::new(),
                    };
                    self.host.write(2, shown.render_full().as_bytes());
                }
                Err(failure.error)
            }
            Err(Flow::Return(v)) => Ok(v),
        };
        match msg_type {
            MsgType::Sync => {
                let deferred = match (self.net.get_mut(fd), saved_defer) {
                    (Some(c), Some(before)) => {
                        c.serving_sync = c.serving_sync.saturating_sub(1);
                        let now = std::mem::replace(&mut c.defer_current, before);
                        // An error after `-30!(::)` is still answered, so
                        // the client is not left waiting.
                        if now && r.is_ok() {
                            c.deferred += 1;
                        }
                        now && r.is_ok()
                    }
                    _ => false,
                };
                if !deferred {
                    self.send_response(fd, r);
                }
            }
            _ => {
                if let Err(e) = r {
                    self.host.write(2, format!("'{}\n", e.msg).as_bytes());
                }
            }
        }
    }

    /// Queues the response to a sync request on `fd` and writes it out.
    fn send_response(&mut self, fd: RawFd, r: Result<K, QError>) {
        let error = |e: &QError| K::Error(Sym::from(&*e.msg));
        let reply = match r {
            Ok(v) => self
                .encode_for(fd, MsgType::Response, &v)
                .or_else(|e| self.encode_for(fd, MsgType::Response, &error(&e))),
            Err(e) => self.encode_for(fd, MsgType::Response, &error(&e)),
        };
        self.update_trace();
        if let Ok(m) = reply
            && self.net.queue(fd, m)
            && let Some(c) = self.net.get_mut(fd)
            && c.flush_all(Some(Instant::now() + Duration::from_secs(60)))
                .is_err()
        {
            self.drop_conn(fd, true);
        }
    }

    /// `-30!x`: deferred responses. `-30!(::)` inside `.z.pg` sends no
    /// response when `.z.pg` returns; `-30!(h;0b;v)` later sends `v` as
    /// the response to handle `h`, `-30!(h;1b;"text")` the error `'text`.
    pub(crate) fn deferred_response(&mut self, x: K) -> R {
        if matches!(x, K::Nil) {
            let fd = self.current_handle;
            return match self.net.get_mut(fd) {
                Some(c) if c.serving_sync > 0 => {
                    c.defer_current = true;
                    Ok(K::Nil)
                }
                _ => Err(qerr("domain").into()),
            };
        }
        if x.is_atom() || !matches!(x, K::List(_) | K::Vector(_)) {
            return Err(qerr("type").into());
        }
        if x.count() != 3 {
            return Err(qerr("length").into());
        }
        let h = match list::item(&x, 0) {
            h @ K::Atom(Type::Short | Type::Int | Type::Long, _) => {
                h.as_i64().ok_or_else(|| qerr("type"))?
            }
            _ => return Err(qerr("type").into()),
        };
        let is_error = match list::item(&x, 1) {
            K::Atom(Type::Boolean, Scalar::U8(b)) => b != 0,
            _ => return Err(qerr("type").into()),
        };
        let value = list::item(&x, 2);
        let r = if is_error {
            let text = match &value {
                K::Atom(Type::Symbol, Scalar::Sym(s)) => s.to_str_lossy().into_owned(),
                v => match v.as_str_bytes() {
                    Some(b) => String::from_utf8_lossy(b).into_owned(),
                    None => return Err(qerr("type").into()),
                },
            };
            Err(qerr(text))
        } else {
            Ok(value)
        };
        let fd = RawFd::try_from(h).map_err(|_| qerr("domain"))?;
        match self.net.get_mut(fd) {
            Some(c) if c.deferred > 0 => c.deferred -= 1,
            Some(_) => {
                return Err(qerr(format!("Handle {fd} was not expecting a response msg")).into());
            }
            None => return Err(qerr("domain").into()),
        }
        self.send_response(fd, r);
        Ok(K::Nil)
    }

    /// Opens, switches or closes the message trace to match the global
    /// [`TRACE_VAR`]: `1b` traces to stderr, a file symbol or a string to
    /// that file (appending), anything else or nothing turns it off. A
    /// file that cannot be opened turns it off with a warning.
    fn update_trace(&mut self) {
        let watchers: Vec<RawFd> = match self.global(WATCH_VAR) {
            Some(v) => crate::q::kernels::list::longs_of(v)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|h| RawFd::try_from(h).ok())
                .filter(|&h| self.net.get(h).is_some())
                .collect(),
            None => Vec::new(),
        };
        self.net.watchers = watchers;
        let want = self.global(TRACE_VAR).and_then(trace_target);
        if want.as_ref() == self.net.trace.as_ref().map(Trace::target) {
            return;
        }
        self.net.trace = match want {
            None => None,
            Some(target) => match Trace::open(target.clone()) {
                Ok(t) => Some(t),
                Err(e) => {
                    let TraceTarget::File(p) = target else {
                        return;
                    };
                    self.host.write(
                        2,
                        format!(
                            "warning: trace file {}: {}\n",
                            p.display(),
                            crate::ipc::net::os_reason(&e)
                        )
                        .as_bytes(),
                    );
                    self.set_global(TRACE_VAR, K::bool(false));
                    None
                }
            },
        };
    }

    fn serve_http(&mut self, fd: RawFd) {
        let Some(c) = self.net.get_mut(fd) else {
            return;
        };
        let buf = c.buffered().to_vec();
        let Some(end) = find(&buf, b"\r\n\r\n").or_else(|| find(&buf, b"\n\n")) else {
            if buf.len() > HTTP_HEAD_MAX {
                self.net.remove(fd);
            }
            return;
        };
        let sep = if buf[end..].starts_with(b"\r\n\r\n") {
            4
        } else {
            2
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        // A body is waited for, up to the size the message limit allows.
        let body_len = content_length(&head).unwrap_or(0);
        if body_len > self.net.max_msg {
            self.net.remove(fd);
            return;
        }
        if buf.len() < end + sep + body_len {
            return;
        }
        let body = &buf[end + sep..end + sep + body_len];
        let first = head.lines().next().unwrap_or("");
        let mut words = first.split_whitespace();
        let method = words.next().unwrap_or("GET").to_ascii_uppercase();
        let path = words.next().unwrap_or("/");
        // Handlers get the text as sent; the default one decodes it, as
        // q's `.z.ph` calls `.h.uh`.
        let request = path.trim_start_matches('/').to_string();
        let headers = header_dict(&head);
        let saved = std::mem::replace(&mut self.current_handle, fd);
        let refused = self.authorize_http(fd, &head, &request, &headers);
        self.current_handle = saved;
        if let Some(answer) = refused {
            if let Some(c) = self.net.get_mut(fd) {
                let _ = c.write_now(answer.as_bytes());
            }
            self.net.remove(fd);
            return;
        }
        if websocket::upgrade_key(&head).is_some() && !websocket::version_supported(&head) {
            if let Some(c) = self.net.get_mut(fd) {
                let _ = c.write_now(websocket::VERSION_REFUSED.as_bytes());
            }
            self.net.remove(fd);
            return;
        }
        if let Some(key) = websocket::upgrade_key(&head) {
            self.open_websocket(fd, key, end + sep);
            return;
        }
        let saved = std::mem::replace(&mut self.current_handle, fd);
        let (handler, arg) = match method.as_str() {
            "GET" | "HEAD" => (".z.ph", K::list(vec![K::string(&request), headers])),
            "POST" => {
                let mut text = request.clone().into_bytes();
                text.push(b' ');
                text.extend_from_slice(body);
                (".z.pp", K::list(vec![K::string(&text), headers]))
            }
            _ => (
                ".z.pm",
                K::list(vec![K::sym(method.as_str()), K::string(&request), headers]),
            ),
        };
        let answer = match self.global(handler).cloned() {
            Some(f) => match self.apply(&f, vec![arg]) {
                Ok(v) => v
                    .as_str_bytes()
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default(),
                Err(Flow::Err(failure)) => http_page(
                    &format!("'{}", failure.error.msg),
                    "500 Internal Server Error",
                ),
                Err(Flow::Return(_)) => String::new(),
            },
            None if handler == ".z.ph" => {
                let request = url_decode(request.trim_start_matches('?'));
                // `.h.val` evaluates the request (doth.md); as q's
                // default, `value`, the console's text of an error.
                let custom = self
                    .global(".h.val")
                    .filter(|f| !matches!(f, K::Func(g) if **g == Func::Unary(19)))
                    .cloned();
                let text = if request.is_empty() {
                    String::new()
                } else if let Some(f) = custom {
                    match self.apply(&f, vec![K::string(&request)]) {
                        Ok(v) => self.host.render(&v, &self.settings),
                        Err(Flow::Err(failure)) => format!("'{}\n", failure.error.msg),
                        Err(Flow::Return(v)) => self.host.render(&v, &self.settings),
                    }
                } else {
                    match self.eval_text(&request) {
                        Ok(Some(v)) => self.host.render(&v, &self.settings),
                        Ok(None) => String::new(),
                        Err(e) => e.render(),
                    }
                };
                http_page(&html_escape(&text), "200 OK")
            }
            // q has no default for POST and the other methods.
            None => http_page("", "405 Method Not Allowed"),
        };
        self.current_handle = saved;
        if let Some(c) = self.net.get_mut(fd) {
            let _ = c.write_now(answer.as_bytes());
        }
        self.net.remove(fd);
    }

    /// Whether an HTTP request may be served: `None` when it may (and
    /// `.z.u` is then its user), else the answer to send instead. `.z.ac`
    /// decides when defined: `(0;"")` refuses, `(1;"user")` admits,
    /// `(2;"response")` answers for it, `(4;"")` falls back to basic
    /// authentication, checked as IPC clients are (`-u`/`-U`, `.z.pw`;
    /// with neither set, everyone is let in).
    fn authorize_http(
        &mut self,
        fd: RawFd,
        head: &str,
        request: &str,
        headers: &K,
    ) -> Option<String> {
        let mut basic = true;
        if let Some(ac) = self.global(".z.ac").cloned() {
            let arg = K::list(vec![K::string(request), headers.clone()]);
            let verdict = self.apply(&ac, vec![arg]).ok();
            let (code, text) = match verdict.as_ref() {
                Some(K::List(l)) if l.items.len() == 2 => (
                    l.items[0].as_i64(),
                    l.items[1]
                        .as_str_bytes()
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_default(),
                ),
                _ => (None, String::new()),
            };
            match code {
                Some(1) => {
                    if let Some(c) = self.net.get_mut(fd) {
                        c.user = text;
                    }
                    return None;
                }
                Some(2) => return Some(text),
                Some(4) => {}
                // `(0;"")`, anything else, or an error: refused.
                _ => basic = false,
            }
        }
        let (user, password) = crate::ipc::auth::basic_credentials(head).unwrap_or_default();
        if !basic || !self.authenticate(&Hello::new(user.clone(), password)) {
            return Some(UNAUTHORIZED.to_string());
        }
        if let Some(c) = self.net.get_mut(fd) {
            c.user = String::from_utf8_lossy(&user).into_owned();
        }
        None
    }
}

/// Most bytes of an HTTP request's head.
const HTTP_HEAD_MAX: usize = 64 * 1024;

/// The `Content-Length` an HTTP head gives.
fn content_length(head: &str) -> Option<usize> {
    head.lines().skip(1).find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    })
}

/// An HTTP request's headers as q hands them to `.z.ph`: a dictionary
/// from each header's name, as sent, to its value.
fn header_dict(head: &str) -> K {
    let mut names = Vec::new();
    let mut values = Vec::new();
    for line in head.lines().skip(1) {
        if let Some((name, value)) = line.split_once(':') {
            names.push(name.trim().to_string());
            values.push(K::string(value.trim()));
        }
    }
    K::dict(
        K::sym_list(names.iter().map(String::as_str)),
        K::list(values),
    )
}

/// The WebSocket frame that sends `x`: a text frame for a string, a
/// binary frame of the bytes for a byte vector, and a binary frame of the
/// serialized value (`-8!x`) otherwise.
fn websocket_frame(x: &K) -> Result<Vec<u8>, QError> {
    if let K::Vector(v) = x
        && let Data::U8(bytes) = &v.data
    {
        match v.ty {
            Type::Char => return Ok(websocket::encode_frame(Opcode::Text, bytes)),
            Type::Byte => return Ok(websocket::encode_frame(Opcode::Binary, bytes)),
            _ => {}
        }
    }
    let bytes = encode_message(MsgType::Async, x, &EncodeOptions::default())?;
    Ok(websocket::encode_frame(Opcode::Binary, &bytes))
}

/// The answer to an HTTP request whose credentials are refused.
const UNAUTHORIZED: &str = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"qrepl\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

fn looks_like_http(buf: &[u8]) -> bool {
    [
        &b"GET "[..],
        b"POST ",
        b"HEAD ",
        b"PUT ",
        b"DELETE ",
        b"OPTIONS ",
        b"PATCH ",
    ]
    .iter()
    .any(|m| buf.starts_with(m))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn url_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn http_page(body: &str, status: &str) -> String {
    let html =
        format!("<html><head><title>qrepl</title></head><body><pre>{body}</pre></body></html>");
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    )
}

/// This host's IPv4 address as an int (0 if it cannot be found).
fn local_ipv4() -> i32 {
    use std::net::ToSocketAddrs;
    let host = super::dotz::host_name();
    (host.as_str(), 0)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.find(|a| a.is_ipv4()))
        .map_or(0, |a| match a.ip() {
            std::net::IpAddr::V4(v4) => u32::from(v4) as i32,
            _ => 0,
        })
}
