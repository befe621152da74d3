//! What partly received messages cost a listening qrepl, measured from the
//! server's own `/proc/PID/status`: one message's body is held once.

mod session;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use qrepl::ipc::{EncodeOptions, MsgType, decode_message, encode_message};
use qrepl::k::K;
use session::Session;

const MB: usize = 1_000_000;

/// A field of `/proc/PID/status` (`VmRSS`, `VmHWM`), in bytes.
fn status_bytes(pid: u32, field: &str) -> usize {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{field}:")))
        .unwrap_or_else(|| panic!("no {field} in status"));
    let kb: usize = line
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect("a number of kB");
    kb * 1024
}

fn rss(pid: u32) -> usize {
    status_bytes(pid, "VmRSS")
}

/// Connects and completes the handshake at capability 3.
fn client(port: u16) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(b"mem:\x03\x00").unwrap();
    let mut cap = [0u8; 1];
    s.read_exact(&mut cap).expect("capability byte");
    assert_eq!(cap[0], 3);
    s
}

fn read_reply(s: &mut TcpStream) -> K {
    let mut head = [0u8; 8];
    s.read_exact(&mut head).expect("response header");
    let len = u32::from_le_bytes(head[4..8].try_into().unwrap()) as usize;
    let mut msg = head.to_vec();
    msg.resize(len, 0);
    s.read_exact(&mut msg[8..]).expect("response body");
    decode_message(&msg).unwrap().1
}

fn sync(s: &mut TcpStream, text: &str) -> K {
    let m = encode_message(MsgType::Sync, &K::string(text), &EncodeOptions::default()).unwrap();
    s.write_all(&m).unwrap();
    read_reply(s)
}

/// The first bytes of a sync message carrying a byte vector, `len` bytes
/// long in all: header, type 4, attribute, count.
fn byte_vector_head(len: usize) -> Vec<u8> {
    let mut m = vec![1, MsgType::Sync as u8, 0, 0];
    m.extend_from_slice(&u32::try_from(len).unwrap().to_le_bytes());
    m.extend_from_slice(&[4, 0]);
    m.extend_from_slice(&i32::try_from(len - 14).unwrap().to_le_bytes());
    m
}

/// Writes `n` bytes of a message body in pieces.
fn write_body(s: &mut TcpStream, n: usize) {
    let piece = vec![0x5a_u8; MB];
    let mut left = n;
    while left > 0 {
        let k = left.min(piece.len());
        s.write_all(&piece[..k]).unwrap();
        left -= k;
    }
}

/// Waits until the server's RSS has grown by at least `at_least` over
/// `base` and then stops growing; returns the growth.
fn settled_growth(pid: u32, base: usize, at_least: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = rss(pid);
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let now = rss(pid);
        if now.saturating_sub(base) >= at_least && now == last {
            return now - base;
        }
        assert!(
            Instant::now() < deadline,
            "server RSS grew by {} bytes, expected at least {at_least}",
            now.saturating_sub(base)
        );
        last = now;
    }
}

#[test]
fn half_a_message_costs_about_its_bytes() {
    let (mut srv, port) = Session::server(&[]);
    let pid = srv.pid();
    srv.run(".z.pg:{$[10h=type x;value x;count x]}");
    let base = rss(pid);
    let hwm_before = status_bytes(pid, "VmHWM");
    let announced = 200 * MB;
    let sent = 100 * MB;
    let mut c = client(port);
    c.write_all(&byte_vector_head(announced)).unwrap();
    write_body(&mut c, sent - 14);
    // Socket buffers may still hold a few MB the server has not read.
    let growth = settled_growth(pid, base, sent - 8 * MB);
    let hwm = status_bytes(pid, "VmHWM");
    eprintln!(
        "partial message: announced {announced}, sent {sent}, RSS {base} -> {} (+{growth}, {:.3}x), \
         peak {hwm} (was {hwm_before})",
        base + growth,
        growth as f64 / sent as f64
    );
    assert!(
        growth as f64 <= 1.1 * sent as f64,
        "{sent} bytes received cost {growth} bytes of RSS"
    );
    assert!(
        hwm.saturating_sub(base) as f64 <= 1.1 * sent as f64,
        "peak RSS {hwm} is more than 1.1x the {sent} bytes above {base}"
    );
    // Others are served meanwhile, and the sender's connection is fine.
    let mut other = client(port);
    assert_eq!(sync(&mut other, "1+1"), K::long(2));
    write_body(&mut c, announced - sent);
    assert_eq!(read_reply(&mut c), K::long((announced - 14) as i64));
}
