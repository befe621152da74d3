//! HTTP requests from q (kb/http.md): `` `:http://host:port "text" ``
//! sends the text as it is, a whole HTTP request, and returns the whole
//! response as a string, with a chunked body put back together. `.Q.hg`
//! and `.Q.hp` (the q library) are built on it. Plain `http://` only:
//! `https://` signals `'nyi`.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::k::{K, QError, qerr};
use crate::q::eval::interp::{Interp, R};

/// Whether a symbol names an HTTP server (`:http://...`, `:https://...`).
pub(crate) fn is_http_target(sym: &str) -> bool {
    sym.starts_with(":http://") || sym.starts_with(":https://")
}

/// Sends `request` (a string) to the server `target` names and returns
/// its response.
pub(crate) fn request(it: &mut Interp, target: &str, request: &K) -> R {
    if target.starts_with(":https://") {
        return Err(qerr("nyi: https").into());
    }
    let text = match request {
        K::Vector(_) if request.type_code() == 10 => request.as_str_bytes().unwrap_or(&[]),
        _ => return Err(qerr("type").into()),
    };
    let (host, port) = host_and_port(&target[":http://".len()..])?;
    let mut stream = connect(&host, port)?;
    stream.write_all(text).map_err(|e| {
        qerr(format!(
            "hop. OS reports: {}",
            crate::ipc::net::os_reason(&e)
        ))
    })?;
    let head_only = text.starts_with(b"HEAD ");
    let response = read_response(it, &mut stream, head_only)?;
    Ok(K::string(response))
}

/// The host and port of `host[:port][/path]` (port 80 if none).
fn host_and_port(rest: &str) -> Result<(String, u16), QError> {
    let authority = rest.split('/').next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    match authority.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() => {
            let port = p
                .parse()
                .map_err(|_| qerr("hop. OS reports: Invalid argument"))?;
            Ok((h.to_string(), port))
        }
        Some((h, _)) => Ok((h.to_string(), 80)),
        None if authority.is_empty() => Err(qerr("hop. OS reports: Invalid argument")),
        None => Ok((authority.to_string(), 80)),
    }
}

fn connect(host: &str, port: u16) -> Result<TcpStream, QError> {
    let os = |e: &std::io::Error| {
        qerr(format!(
            "hop. OS reports: {}",
            crate::ipc::net::os_reason(e)
        ))
    };
    let addrs = (host, port).to_socket_addrs().map_err(|e| os(&e))?;
    let mut last = None;
    for a in addrs {
        match TcpStream::connect_timeout(&a, Duration::from_secs(30)) {
            Ok(s) => return Ok(s),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) => os(&e),
        None => qerr("hop. OS reports: Invalid argument"),
    })
}

/// How the body of a response ends.
enum BodyEnd {
    Length(usize),
    Chunked,
    Close,
}

fn read_response(it: &Interp, s: &mut TcpStream, head_only: bool) -> Result<Vec<u8>, QError> {
    let mut reader = Reader::new(it, s)?;
    let head_end = loop {
        if let Some(i) = find(&reader.buf, b"\r\n\r\n") {
            break i + 4;
        }
        if !reader.more()? {
            return Ok(reader.buf);
        }
    };
    let head = String::from_utf8_lossy(&reader.buf[..head_end]).into_owned();
    let status: u32 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(200);
    let end = if head_only || status / 100 == 1 || status == 204 || status == 304 {
        BodyEnd::Length(0)
    } else if header(&head, "transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        BodyEnd::Chunked
    } else if let Some(n) = header(&head, "content-length").and_then(|v| v.parse().ok()) {
        BodyEnd::Length(n)
    } else {
        BodyEnd::Close
    };
    let mut out = reader.buf[..head_end].to_vec();
    let mut at = head_end;
    match end {
        BodyEnd::Length(n) => {
            while reader.buf.len() < head_end + n && reader.more()? {}
            let stop = reader.buf.len().min(head_end + n);
            out.extend_from_slice(&reader.buf[head_end..stop]);
        }
        BodyEnd::Close => {
            while reader.more()? {}
            out.extend_from_slice(&reader.buf[head_end..]);
        }
        BodyEnd::Chunked => loop {
            let line_end = loop {
                if let Some(i) = find(&reader.buf[at..], b"\r\n") {
                    break at + i;
                }
                if !reader.more()? {
                    return Ok(out);
                }
            };
            let size_text = String::from_utf8_lossy(&reader.buf[at..line_end]).into_owned();
            let size_text = size_text.split(';').next().unwrap_or("").trim().to_string();
            let size = usize::from_str_radix(&size_text, 16).map_err(|_| qerr("badmsg"))?;
            at = line_end + 2;
            if size == 0 {
                break;
            }
            while reader.buf.len() < at + size + 2 && reader.more()? {}
            let stop = reader.buf.len().min(at + size);
            out.extend_from_slice(&reader.buf[at..stop]);
            at = (at + size + 2).min(reader.buf.len());
        },
    }
    Ok(out)
}

/// The value of a header (name in lower case) in a response head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.split("\r\n").skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads a socket into a buffer, a piece at a time, giving up when the
/// peer stalls past the stall limit or the session is interrupted.
struct Reader<'a> {
    it: &'a Interp,
    s: &'a mut TcpStream,
    buf: Vec<u8>,
    limit: Duration,
}

impl<'a> Reader<'a> {
    fn new(it: &'a Interp, s: &'a mut TcpStream) -> Result<Reader<'a>, QError> {
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .map_err(|e| qerr(crate::ipc::net::os_reason(&e)))?;
        Ok(Reader {
            it,
            s,
            buf: Vec::new(),
            limit: it.stall_limit,
        })
    }

    /// Reads what comes next; false at the end of the stream.
    fn more(&mut self) -> Result<bool, QError> {
        let started = Instant::now();
        let mut piece = [0u8; 16384];
        loop {
            self.it.check_interrupt().map_err(|_| qerr("stop"))?;
            match self.s.read(&mut piece) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    self.buf.extend_from_slice(&piece[..n]);
                    return Ok(true);
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if started.elapsed() > self.limit {
                        return Err(qerr("timeout"));
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(qerr(crate::ipc::net::os_reason(&e))),
            }
        }
    }
}
