//! WebSockets on the listener's port, end to end: a raw client written
//! here (the upgrade request, masked frames) against `qrepl -p PORT`,
//! `.z.ws` echoing text and binary messages, `.z.wo`/`.z.wc` recorded and
//! read back over kdb+ IPC, fragmentation, ping and close, and bad frames
//! closing only their sender with the right code; then Node's own
//! WebSocket client when Node is there.

mod common;
mod session;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use qrepl::ipc::{MsgType, decode_message};
use qrepl::k::K;
use session::Session;

/// The key of RFC 6455's example handshake and the answer it must get.
const KEY: &str = "dGhlIHNhbXBsZSBub25jZQ==";
const ACCEPT: &str = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

const TEXT: u8 = 1;
const BINARY: u8 = 2;
const CLOSE: u8 = 8;
const PING: u8 = 9;
const PONG: u8 = 10;

/// A WebSocket client over a raw socket.
struct Ws(TcpStream);

impl Ws {
    /// Connects and completes the upgrade, checking the server's answer.
    fn open(port: u16) -> Ws {
        Ws::open_with(port, "")
    }

    /// Sends the upgrade request with `extra` header lines; returns the
    /// socket and the head of the server's answer.
    fn request(port: u16, extra: &str) -> (TcpStream, String) {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET /chat HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Key: {KEY}\r\nSec-WebSocket-Version: 13\r\n\
             {extra}\r\n"
        )
        .unwrap();
        let mut head = Vec::new();
        let mut b = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut b).expect("upgrade answer");
            head.push(b[0]);
        }
        (s, String::from_utf8(head).unwrap())
    }

    /// [`Ws::open`] with `extra` header lines (each ending in CRLF).
    fn open_with(port: u16, extra: &str) -> Ws {
        let (s, head) = Ws::request(port, extra);
        assert!(
            head.starts_with("HTTP/1.1 101 Switching Protocols\r\n"),
            "{head}"
        );
        assert!(
            head.contains(&format!("Sec-WebSocket-Accept: {ACCEPT}\r\n")),
            "{head}"
        );
        assert!(head.to_ascii_lowercase().contains("upgrade: websocket"));
        Ws(s)
    }

    /// Sends one frame, masked unless `masked` is false.
    fn send(&mut self, fin: bool, opcode: u8, payload: &[u8], masked: bool) {
        let mut f = vec![if fin { 0x80 } else { 0 } | opcode];
        let bit = if masked { 0x80 } else { 0 };
        match payload.len() {
            n if n < 126 => f.push(bit | n as u8),
            n if n <= 0xffff => {
                f.push(bit | 126);
                f.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                f.push(bit | 127);
                f.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        if masked {
            let mask = [0x5a, 0x13, 0xc4, 0x7e];
            f.extend_from_slice(&mask);
            f.extend(payload.iter().zip(mask.iter().cycle()).map(|(b, m)| b ^ m));
        } else {
            f.extend_from_slice(payload);
        }
        self.0.write_all(&f).unwrap();
    }

    fn text(&mut self, s: &str) {
        self.send(true, TEXT, s.as_bytes(), true);
    }

    /// Reads one frame from the server (never masked): fin, opcode, payload.
    fn read(&mut self) -> (bool, u8, Vec<u8>) {
        let mut h = [0u8; 2];
        self.0.read_exact(&mut h).expect("frame header");
        assert_eq!(h[1] & 0x80, 0, "a server frame was masked");
        let len = match h[1] & 0x7f {
            126 => {
                let mut b = [0u8; 2];
                self.0.read_exact(&mut b).unwrap();
                u16::from_be_bytes(b) as usize
            }
            127 => {
                let mut b = [0u8; 8];
                self.0.read_exact(&mut b).unwrap();
                u64::from_be_bytes(b) as usize
            }
            n => n as usize,
        };
        let mut p = vec![0u8; len];
        self.0.read_exact(&mut p).unwrap();
        (h[0] & 0x80 != 0, h[0] & 0x0f, p)
    }

    /// Reads a close frame and returns its code, then checks the server
    /// closed the socket.
    fn closed_with(&mut self) -> u16 {
        let (fin, op, p) = self.read();
        assert!(fin);
        assert_eq!(op, CLOSE, "expected a close frame, got {p:?}");
        assert!(p.len() >= 2, "close frame without a code");
        let mut b = [0u8; 1];
        assert!(matches!(self.0.read(&mut b), Ok(0) | Err(_)));
        u16::from_be_bytes([p[0], p[1]])
    }
}

/// A logged-in kdb+ IPC client.
fn ipc(port: u16) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"ws-test:\x03\x00").unwrap();
    let mut cap = [0u8; 1];
    s.read_exact(&mut cap).unwrap();
    s
}

fn query(s: &mut TcpStream, text: &str) -> K {
    decode_message(&common::sync_message(s, text)).unwrap().1
}

/// A server recording WebSocket opens, closes and the `.z.w` each message
/// saw, and echoing messages back.
fn echo_server(extra: &[&str]) -> (Session, u16) {
    let (mut srv, port) = Session::server(extra);
    for line in [
        "opened:`int$(); closed:`int$(); seen:`int$()",
        ".z.wo:{opened,:x}",
        ".z.wc:{closed,:x}",
        ".z.ws:{seen,:.z.w; neg[.z.w] x}",
    ] {
        assert_eq!(srv.run(line), "", "{line}");
    }
    (srv, port)
}

#[test]
fn text_and_binary_messages_echo() {
    let (_srv, port) = echo_server(&[]);
    let mut ws = Ws::open(port);
    ws.text("hello");
    assert_eq!(ws.read(), (true, TEXT, b"hello".to_vec()));
    ws.send(true, BINARY, &[0, 1, 2, 255], true);
    assert_eq!(ws.read(), (true, BINARY, vec![0, 1, 2, 255]));
    // Lengths in 16 and 64 bits.
    let long: String = (0..70_000)
        .map(|i| (b'a' + (i % 26) as u8) as char)
        .collect();
    ws.text(&long[..300]);
    assert_eq!(ws.read().2, &long.as_bytes()[..300]);
    ws.text(&long);
    assert_eq!(ws.read().2, long.as_bytes());
    ws.text("");
    assert_eq!(ws.read(), (true, TEXT, Vec::new()));
}

#[test]
fn fragments_pings_and_the_close_handshake() {
    let (_srv, port) = echo_server(&[]);
    let mut ws = Ws::open(port);
    ws.send(false, TEXT, b"frag", true);
    ws.send(true, PING, b"are you there", true);
    assert_eq!(ws.read(), (true, PONG, b"are you there".to_vec()));
    ws.send(false, 0, b"men", true);
    ws.send(true, 0, b"ted", true);
    assert_eq!(ws.read(), (true, TEXT, b"fragmented".to_vec()));
    ws.send(false, BINARY, &[1], true);
    ws.send(true, 0, &[2, 3], true);
    assert_eq!(ws.read(), (true, BINARY, vec![1, 2, 3]));
    ws.send(true, CLOSE, &[0x03, 0xe8], true);
    assert_eq!(ws.closed_with(), 1000);
}

#[test]
fn handlers_see_the_handle_and_ipc_reads_what_they_recorded() {
    let (_srv, port) = echo_server(&[]);
    let mut q = ipc(port);
    let mut a = Ws::open(port);
    let mut b = Ws::open(port);
    a.text("from a");
    assert_eq!(a.read().2, b"from a");
    b.text("from b");
    assert_eq!(b.read().2, b"from b");
    assert_eq!(query(&mut q, "count opened"), K::long(2));
    assert_eq!(query(&mut q, "seen~opened"), K::bool(true));
    // WebSocket handles are handles: .z.H and .z.W list them, -38! says `w.
    assert_eq!(query(&mut q, "all opened in .z.H"), K::bool(true));
    assert_eq!(query(&mut q, "all opened in key .z.W"), K::bool(true));
    assert_eq!(query(&mut q, "(-38!opened)`p"), K::string("ww"));
    assert_eq!(
        query(&mut q, "-38!first opened"),
        query(&mut q, "`p`f`z`n`m!(\"w\";\"t\";0b;0;0)")
    );
    // Sending from the server to a client that did not ask.
    query(&mut q, "neg[first opened] \"pushed\"");
    assert_eq!(a.read(), (true, TEXT, b"pushed".to_vec()));
    a.send(true, CLOSE, &[], true);
    assert_eq!(a.closed_with(), 1000);
    assert_eq!(query(&mut q, "closed~1#opened"), K::bool(true));
    // A client gone without a close frame is closed too: once the server
    // has closed its socket, .z.wc has run.
    b.0.shutdown(std::net::Shutdown::Write).unwrap();
    let mut rest = Vec::new();
    let _ = b.0.read_to_end(&mut rest);
    assert_eq!(query(&mut q, "closed~opened"), K::bool(true));
}

#[test]
fn values_that_are_not_strings_go_serialized_in_binary_frames() {
    let (mut srv, port) = Session::server(&[]);
    srv.run(".z.ws:{neg[.z.w] $[x~\"bytes\";0x0102ff;x~\"list\";til 3;(`a`b!1 2)]}");
    let mut ws = Ws::open(port);
    ws.text("bytes");
    assert_eq!(ws.read(), (true, BINARY, vec![1, 2, 255]));
    ws.text("list");
    let (_, op, p) = ws.read();
    assert_eq!(op, BINARY);
    let (header, v) = decode_message(&p).unwrap();
    assert_eq!(header.msg_type, MsgType::Async);
    assert_eq!(v, K::longs(vec![0, 1, 2]));
    ws.text("dict");
    let (_, op, p) = ws.read();
    assert_eq!(op, BINARY);
    assert_eq!(
        decode_message(&p).unwrap().1,
        K::dict(K::sym_list(["a", "b"]), K::longs(vec![1, 2]))
    );
}

#[test]
fn without_z_ws_messages_echo() {
    let (_srv, port) = Session::server(&[]);
    let mut ws = Ws::open(port);
    ws.text("echo me");
    assert_eq!(ws.read(), (true, TEXT, b"echo me".to_vec()));
    ws.send(true, BINARY, &[9, 8, 7], true);
    assert_eq!(ws.read(), (true, BINARY, vec![9, 8, 7]));
}

#[test]
fn an_unmasked_frame_is_a_protocol_error_for_that_client_only() {
    let (mut srv, port) = echo_server(&[]);
    let mut q = ipc(port);
    let mut good = Ws::open(port);
    let mut bad = Ws::open(port);
    bad.send(true, TEXT, b"no mask", false);
    assert_eq!(bad.closed_with(), 1002);
    good.text("still here");
    assert_eq!(good.read().2, b"still here");
    assert_eq!(query(&mut q, "count closed"), K::long(1));
    assert_eq!(query(&mut q, "1+1"), K::long(2));
    let log = srv.run("1b");
    assert!(log.contains("websocket: handle"), "{log:?}");
    // Other protocol errors: a reserved opcode, a continuation out of the
    // blue, a long ping.
    for (op, payload) in [(3u8, vec![]), (0, b"x".to_vec()), (PING, vec![0; 126])] {
        let mut ws = Ws::open(port);
        ws.send(true, op, &payload, true);
        assert_eq!(ws.closed_with(), 1002, "opcode {op}");
    }
    let mut ws = Ws::open(port);
    ws.send(false, TEXT, b"a", true);
    ws.send(true, BINARY, b"b", true);
    assert_eq!(ws.closed_with(), 1002);
    good.text("and still");
    assert_eq!(good.read().2, b"and still");
}

#[test]
fn an_oversized_message_closes_with_1009() {
    let (_srv, port) = echo_server(&["--max-message", "1000"]);
    let mut good = Ws::open(port);
    let mut big = Ws::open(port);
    // Refused from the header: the payload never needs to arrive.
    big.0
        .write_all(&[0x82, 0xff, 0, 0, 0, 0, 0, 1, 0, 0])
        .unwrap();
    assert_eq!(big.closed_with(), 1009);
    // Fragments adding up to too much.
    let mut frags = Ws::open(port);
    frags.send(false, BINARY, &[1; 600], true);
    frags.send(true, 0, &[1; 600], true);
    assert_eq!(frags.closed_with(), 1009);
    good.send(true, BINARY, &[7; 900], true);
    assert_eq!(good.read().2, vec![7; 900]);
}

#[test]
fn text_that_is_not_utf8_closes_with_1007() {
    let (_srv, port) = echo_server(&[]);
    let mut good = Ws::open(port);
    let mut bad = Ws::open(port);
    bad.send(true, TEXT, b"caf\xc3", true);
    assert_eq!(bad.closed_with(), 1007);
    // The same bytes as a binary frame are fine, and a character split
    // across two fragments is whole once they are joined.
    good.send(true, BINARY, b"caf\xc3", true);
    assert_eq!(good.read().2, b"caf\xc3");
    good.send(false, TEXT, b"caf\xc3", true);
    good.send(true, 0, b"\xa9", true);
    assert_eq!(good.read(), (true, TEXT, "café".as_bytes().to_vec()));
}

#[test]
fn node_websocket_client_talks_to_the_listener() {
    let probe = Command::new("node")
        .args([
            "--experimental-websocket",
            "-e",
            "typeof WebSocket==='function'||process.exit(3)",
        ])
        .output();
    match probe {
        Ok(o) if o.status.success() => {}
        _ => {
            println!("skipped: no node with a WebSocket client (node --experimental-websocket)");
            return;
        }
    }
    let (mut srv, port) = echo_server(&[]);
    srv.run(".z.ws:{seen,:.z.w; neg[.z.w] $[10h=type x; upper x; reverse x]}");
    let script = format!(
        r#"
const ws = new WebSocket("ws://127.0.0.1:{port}/");
ws.binaryType = "arraybuffer";
const got = [];
ws.onopen = () => {{ ws.send("hello node"); ws.send(new Uint8Array([1, 2, 3])); }};
ws.onmessage = (e) => {{
  got.push(typeof e.data === "string" ? "text=" + e.data : "bytes=" + Array.from(new Uint8Array(e.data)).join(","));
  if (got.length === 2) ws.close(1000);
}};
ws.onclose = (e) => {{ console.log(got.join("\n")); console.log("close=" + e.code); }};
ws.onerror = (e) => {{ console.log("error=" + e.message); process.exit(1); }};
"#
    );
    let (stdout, results) =
        common::peer_output(Command::new("node").args(["--experimental-websocket", "-e", &script]));
    assert_eq!(common::get(&results, "text"), "HELLO NODE", "{stdout}");
    assert_eq!(common::get(&results, "bytes"), "3,2,1", "{stdout}");
    assert_eq!(common::get(&results, "close"), "1000", "{stdout}");
    let mut q = ipc(port);
    assert_eq!(
        query(&mut q, "(count opened;count closed;count seen)"),
        K::longs(vec![1, 1, 2])
    );
}

#[test]
fn clients_with_a_users_file_authenticate_with_basic_credentials() {
    let users = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("ws-users-{}.txt", std::process::id()));
    std::fs::write(&users, "ann:s3cret\n").unwrap();
    let (mut srv, port) = Session::server(&["-U", users.to_str().unwrap()]);
    srv.run(".z.ws:{neg[.z.w] string .z.u}");
    // No credentials, or wrong ones: 401 and closed, before any upgrade.
    for extra in ["", "Authorization: Basic YW5uOndyb25n\r\n"] {
        let (mut s, head) = Ws::request(port, extra);
        assert!(head.starts_with("HTTP/1.1 401 Unauthorized\r\n"), "{head}");
        assert!(head.contains("WWW-Authenticate: Basic"), "{head}");
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
        assert!(rest.is_empty());
    }
    // ann:s3cret is let in, and .z.u is ann.
    let mut ws = Ws::open_with(port, "Authorization: Basic YW5uOnMzY3JldA==\r\n");
    ws.text("who");
    assert_eq!(ws.read(), (true, TEXT, b"ann".to_vec()));
    // Plain HTTP is checked the same way.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"GET /?1+1 HTTP/1.1\r\n\r\n").unwrap();
    let mut page = String::new();
    let _ = s.read_to_string(&mut page);
    assert!(page.starts_with("HTTP/1.1 401 "), "{page}");
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"GET /?1+1 HTTP/1.1\r\nAuthorization: Basic YW5uOnMzY3JldA==\r\n\r\n")
        .unwrap();
    let mut page = String::new();
    let _ = s.read_to_string(&mut page);
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    let _ = std::fs::remove_file(&users);
}

#[test]
fn the_server_closes_a_websocket_with_hclose() {
    let (_srv, port) = echo_server(&[]);
    let mut q = ipc(port);
    let mut ws = Ws::open(port);
    ws.text("hi");
    assert_eq!(ws.read().2, b"hi");
    // Sync requests make no sense on a WebSocket: refused, handle kept.
    let refused = query(&mut q, "@[first opened;\"1+1\";{`$x}]");
    assert!(matches!(refused, K::Atom(..)), "{refused:?}");
    assert_ne!(refused, K::long(2));
    query(&mut q, "neg[first opened] \"bye\"; hclose first opened");
    assert_eq!(ws.read(), (true, TEXT, b"bye".to_vec()));
    assert_eq!(ws.closed_with(), 1000);
    assert_eq!(query(&mut q, "count .z.W"), K::long(1));
}

#[test]
fn an_unknown_protocol_version_is_refused_with_426() {
    let (_srv, port) = echo_server(&[]);
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: {KEY}\r\nSec-WebSocket-Version: 8\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 426 "), "{answer}");
    assert!(answer.contains("Sec-WebSocket-Version: 13\r\n"), "{answer}");
    // Version 13 is served.
    let mut ws = Ws::open(port);
    ws.text("ok");
    assert_eq!(ws.read().2, b"ok");
}
