//! What partly received messages cost a listening qrepl, measured from the
//! server's own `/proc/PID/status`: one message's body is held once, and
//! the large messages of all clients together stay within the budget
//! (`--max-message`), their senders waiting rather than being dropped.

mod common;
mod session;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use qrepl::ipc::{MsgType, decode_message};
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
    decode_message(&common::read_message(s)).unwrap().1
}

fn sync(s: &mut TcpStream, text: &str) -> K {
    decode_message(&common::sync_message(s, text)).unwrap().1
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
    // Warm up: one whole large message first, so the allocator's state
    // after serving big messages is part of what is measured.
    let mut warm = client(port);
    let warm_len = 20 * MB;
    warm.write_all(&byte_vector_head(warm_len)).unwrap();
    write_body(&mut warm, warm_len - 14);
    assert_eq!(read_reply(&mut warm), K::long((warm_len - 14) as i64));
    drop(warm);
    assert_eq!(srv.run("1+1"), "2\n");

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

#[test]
fn partial_messages_of_all_clients_share_one_budget() {
    let budget = 50 * MB;
    let (mut srv, port) = Session::server(&["--max-message", &budget.to_string()]);
    let pid = srv.pid();
    srv.run(".z.pg:{$[10h=type x;value x;count x]}");
    let base = rss(pid);
    let clients = 8;
    let len = 40 * MB;
    let half = len / 2;
    let go = Arc::new(AtomicBool::new(false));
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let go = go.clone();
            std::thread::spawn(move || {
                let mut s = client(port);
                s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
                s.write_all(&byte_vector_head(len)).unwrap();
                write_body(&mut s, half - 14);
                while !go.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                write_body(&mut s, len - half);
                read_reply(&mut s).as_i64()
            })
        })
        .collect();
    // One client's half (the first admitted) arrives; the others wait.
    let growth = settled_growth(pid, base, half - 8 * MB);
    std::thread::sleep(Duration::from_millis(500));
    let growth = growth.max(rss(pid).saturating_sub(base));
    let peak = status_bytes(pid, "VmHWM").saturating_sub(base);
    eprintln!(
        "{clients} clients sending {half} of {len} bytes each: RSS +{growth}, peak +{peak}, \
         budget {budget}"
    );
    assert!(
        growth <= budget && peak <= budget,
        "partial messages hold {growth} (peak {peak}), over the budget of {budget}"
    );
    // Without a budget they would hold 8 x 20 MB.
    assert!(
        growth < 2 * half,
        "more than one message admitted: {growth}"
    );
    // The server stays up and serves small messages meanwhile.
    let mut fresh = client(port);
    assert_eq!(sync(&mut fresh, "1+1"), K::long(2));
    assert_eq!(srv.run("1+1"), "2\n");
    // Once they send the rest, every message is served in turn.
    go.store(true, Ordering::Relaxed);
    for t in threads {
        assert_eq!(t.join().unwrap(), Some((len - 14) as i64));
    }
    assert_eq!(sync(&mut fresh, "2+2"), K::long(4));
}

#[test]
fn a_stalled_sender_frees_the_budget_and_waiting_is_no_stall() {
    let len = 18 * MB;
    let (mut srv, port) = Session::server(&[
        "--max-message",
        &(20 * MB).to_string(),
        "--stall-timeout",
        "1",
    ]);
    srv.run(".z.pg:{$[10h=type x;value x;count x]}");
    // Admitted, and kept alive a byte at a time for a while.
    let mut slow = client(port);
    slow.write_all(&byte_vector_head(len)).unwrap();
    write_body(&mut slow, 5 * MB);
    std::thread::sleep(Duration::from_millis(200));
    // Held back from the start, for longer than the stall timeout; then,
    // once the slow client stops and is dropped, served.
    let started = Instant::now();
    let waiting = std::thread::spawn(move || {
        let mut s = client(port);
        s.write_all(&byte_vector_head(len)).unwrap();
        write_body(&mut s, len - 14);
        read_reply(&mut s).as_i64()
    });
    let trickle = Duration::from_millis(2500);
    while started.elapsed() < trickle {
        slow.write_all(&[0x5a]).unwrap();
        std::thread::sleep(Duration::from_millis(250));
        assert!(
            !waiting.is_finished(),
            "the second message was not held back"
        );
    }
    assert_eq!(waiting.join().unwrap(), Some((len - 14) as i64));
    assert!(started.elapsed() > trickle);
    // The slow client was dropped once it stalled.
    slow.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut b = [0u8; 1];
    assert!(matches!(slow.read(&mut b), Ok(0) | Err(_)));
}
