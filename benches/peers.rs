//! The qrepl side of the peer comparison that `bench/run` drives: it writes
//! the shared data sets, times qrepl's codec on them beside a plain copy of
//! the same bytes, and plays the network roles (a raw echo server, raw
//! clients, and qrepl's own client) against a listening `qrepl -p`.
//!
//! Every measurement is printed as one JSON object per line on stdout, for
//! `bench/harness.py` to collect. Run through the harness; by hand:
//! `cargo bench --bench peers -- <command> [args]` with one of
//!
//! - `data DIR [SCALE]`: writes `table.bin`, `floats.bin` and `small.bin`;
//! - `codec DIR [SET...]`: encode and decode throughput, and the copy
//!   floor, for every data set or the ones named;
//! - `echo-server`: answers the handshake, then replies to every message
//!   with the exact bytes of q's response to `2+2`; prints its port;
//! - `raw-ping PORT N`: sync round trips of `"2+2"` over a bare socket;
//! - `client-ping PORT N`: the same through qrepl's client (`h"2+2"`);
//! - `raw-async PORT N` and `client-async PORT N`: N async messages, then
//!   a sync chaser;
//! - `raw-fetch PORT EXPR` and `client-fetch PORT EXPR`: time a sync
//!   request whose (large) result is read and discarded;
//! - `listener-ping TARGET N` and `listener-fetch TARGET EXPR`: the same
//!   through qrepl's client to `TARGET` (`localhost:PORT` or
//!   `tcps://localhost:PORT`, trusting `KX_SSL_CA_CERT_FILE`);
//! - `ws-ping PORT N` and `ws-fetch PORT EXPR`: a WebSocket client sending
//!   text frames to a server whose `.z.ws` answers `neg[.z.w] value x`, so
//!   `"2+2"` comes back as a binary frame holding the serialized 4.

mod data;
use data::numbers;

use std::fs;
use std::hint::black_box;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use qrepl::ipc::target::Target;
use qrepl::ipc::{EncodeOptions, HEADER_LEN, MsgType, decode_message, encode_message};
use qrepl::k::{Data, K, SymVec, Type};
use qrepl::q::{BufferHost, Interp};
use serde_json::{Value, json};

/// Rows of the mixed table at scale 1.
const TABLE_ROWS: usize = 1_000_000;
/// Items of the float vector at scale 1: 100,000,000 bytes of floats.
const FLOAT_ITEMS: usize = 12_500_000;
/// Number of small messages at scale 1.
const SMALL_MESSAGES: usize = 1_000_000;

/// The message `h"2+2"` sends: a sync char vector.
const PING_REQUEST: &[u8] = b"\x01\x01\x00\x00\x11\x00\x00\x00\x0a\x00\x03\x00\x00\x002+2";
/// q's response to it: the long atom 4.
const PING_RESPONSE: &[u8] =
    b"\x01\x02\x00\x00\x11\x00\x00\x00\xf9\x04\x00\x00\x00\x00\x00\x00\x00";

/// What the server defines for the async test: a counter and a handler
/// in the shape of a tickerplant's `upd`.
const ASYNC_SETUP: &str = "n:0;upd:{[t;x] n::n+1}";
/// The async message, as q text for qrepl's client.
const ASYNC_MESSAGE_Q: &str = "(`upd;`trade;(`ABC;101.5;100))";

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; nothing else here takes flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["data", dir] => write_data(Path::new(dir), 1.0),
        ["data", dir, scale] => match scale.parse() {
            Ok(s) => write_data(Path::new(dir), s),
            Err(_) => Err(format!("bad scale {scale:?}")),
        },
        ["codec", dir, sets @ ..] => codec(Path::new(dir), sets),
        ["echo-server"] => echo_server().map_err(|e| e.to_string()),
        ["raw-ping", port, n] => with_port_n(port, n, raw_ping),
        ["client-ping", port, n] => with_port_n(port, n, client_ping),
        ["raw-async", port, n] => with_port_n(port, n, raw_async),
        ["client-async", port, n] => with_port_n(port, n, client_async),
        ["raw-fetch", port, expr] => parse_port(port).and_then(|p| raw_fetch(p, expr)),
        ["listener-ping", target, n] => match n.parse() {
            Ok(n) => listener_ping(target, n),
            Err(_) => Err(format!("bad count {n:?}")),
        },
        ["listener-fetch", target, expr] => listener_fetch(target, expr),
        ["ws-ping", port, n] => with_port_n(port, n, ws_ping),
        ["ws-fetch", port, expr] => parse_port(port).and_then(|p| ws_fetch(p, expr)),
        ["client-fetch", port, expr] => parse_port(port).and_then(|p| client_fetch(p, expr)),
        _ => Err(format!("usage: see the module docs of {}", file!())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("peers: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_port(port: &str) -> Result<u16, String> {
    port.parse().map_err(|_| format!("bad port {port:?}"))
}

fn with_port_n(
    port: &str,
    n: &str,
    run: fn(u16, usize) -> Result<(), String>,
) -> Result<(), String> {
    let n = n.parse().map_err(|_| format!("bad count {n:?}"))?;
    run(parse_port(port)?, n)
}

fn emit(v: Value) {
    println!("{v}");
}

// ---- data sets ----

/// 500 ticker-like symbols of 3 to 6 letters.
fn symbol_pool() -> Vec<String> {
    numbers(7)
        .take(500)
        .enumerate()
        .map(|(i, r)| {
            let len = 3 + (r % 4) as usize;
            let mut s: String = (0..len)
                .map(|j| (b'A' + ((r >> (8 * j)) % 26) as u8) as char)
                .collect();
            // Distinct even when the letters collide.
            s.push_str(&format!("{}", i % 10));
            s
        })
        .collect()
}

/// A trade table: time, sym, price, size, side (timestamp, symbol, float,
/// long and char columns).
fn mixed_table(rows: usize) -> K {
    let pool = symbol_pool();
    let time = K::vector(
        Type::Timestamp,
        Data::I64(
            (0..rows as i64)
                .map(|i| 800_000_000_000_000_000 + i * 1_000)
                .collect(),
        ),
    );
    let sym: SymVec = numbers(3)
        .take(rows)
        .map(|r| pool[(r % pool.len() as u64) as usize].as_str())
        .collect();
    let price = K::floats(
        numbers(2)
            .take(rows)
            .map(|x| (x % 1_000_000) as f64 / 100.0)
            .collect(),
    );
    let size = K::longs(numbers(1).take(rows).map(|x| (x % 10_000) as i64).collect());
    let side = K::vector(
        Type::Char,
        Data::U8(
            numbers(4)
                .take(rows)
                .map(|x| if x % 2 == 0 { b'B' } else { b'S' })
                .collect(),
        ),
    );
    K::table(
        ["time", "sym", "price", "size", "side"]
            .into_iter()
            .collect(),
        vec![time, K::syms(sym), price, size, side],
    )
}

fn float_vector(items: usize) -> K {
    K::floats(
        numbers(5)
            .take(items)
            .map(|x| (x >> 11) as f64 / (1u64 << 53) as f64)
            .collect(),
    )
}

/// `(`upd;`trade;(sym;price;size))`: one tick, as a feed publishes it.
fn tick(pool: &[String], r: u64) -> K {
    K::list(vec![
        K::sym("upd"),
        K::sym("trade"),
        K::list(vec![
            K::sym(pool[(r % pool.len() as u64) as usize].as_str()),
            K::float((r % 100_000) as f64 / 100.0),
            K::long(((r >> 20) % 1_000) as i64),
        ]),
    ])
}

fn encode(k: &K) -> Result<Vec<u8>, String> {
    encode_message(MsgType::Async, k, &EncodeOptions::default()).map_err(|e| e.to_string())
}

fn write_data(dir: &Path, scale: f64) -> Result<(), String> {
    let scaled = |n: usize| ((n as f64 * scale) as usize).max(1);
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    write("table.bin", &encode(&mixed_table(scaled(TABLE_ROWS)))?)?;
    write("floats.bin", &encode(&float_vector(scaled(FLOAT_ITEMS)))?)?;
    let pool = symbol_pool();
    let mut small = Vec::new();
    for r in numbers(9).take(scaled(SMALL_MESSAGES)) {
        small.extend_from_slice(&encode(&tick(&pool, r))?);
    }
    write("small.bin", &small)
}

// ---- codec ----

/// Splits concatenated messages by their header lengths.
fn split_messages(mut bytes: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let len = bytes
            .get(4..8)
            .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize)
            .filter(|&len| len >= HEADER_LEN && len <= bytes.len())
            .ok_or("bad message framing in data file")?;
        let (m, rest) = bytes.split_at(len);
        out.push(m);
        bytes = rest;
    }
    Ok(out)
}

/// Seconds taken by each of `reps` runs of `f`; what `f` returns is
/// dropped after the clock stops, so freeing is not counted.
fn time_runs<T>(reps: usize, mut f: impl FnMut() -> T) -> Vec<f64> {
    (0..reps)
        .map(|_| {
            let start = Instant::now();
            let kept = black_box(f());
            let secs = start.elapsed().as_secs_f64();
            drop(kept);
            secs
        })
        .collect()
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn codec(dir: &Path, only: &[&str]) -> Result<(), String> {
    for (set, reps) in [("table", 10), ("floats", 10), ("small", 5)] {
        if !only.is_empty() && !only.contains(&set) {
            continue;
        }
        let path = dir.join(format!("{set}.bin"));
        let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let msgs = split_messages(&bytes)?;
        let values: Vec<K> = msgs
            .iter()
            .map(|m| decode_message(m).map(|(_, k)| k))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("{set}: {e}"))?;
        let same = values
            .iter()
            .zip(&msgs)
            .all(|(k, m)| encode(k).is_ok_and(|e| e == *m));
        let report = |op: &str, peer: &str, runs: Vec<f64>| {
            emit(json!({
                "test": "codec", "set": set, "op": op, "peer": peer,
                "bytes": bytes.len(), "messages": msgs.len(),
                "secs": median(&runs), "best": runs.iter().copied().fold(f64::INFINITY, f64::min),
                "round_trip_exact": same,
            }));
        };
        report(
            "copy",
            "memcpy",
            time_runs(reps, || msgs.iter().map(|m| m.to_vec()).collect::<Vec<_>>()),
        );
        report(
            "decode",
            "qrepl",
            time_runs(reps, || {
                msgs.iter()
                    .map(|m| decode_message(m).map(|(_, k)| k))
                    .collect::<Result<Vec<_>, _>>()
            }),
        );
        report(
            "encode",
            "qrepl",
            time_runs(reps, || {
                values
                    .iter()
                    .map(|k| encode_message(MsgType::Async, k, &EncodeOptions::default()))
                    .collect::<Result<Vec<_>, _>>()
            }),
        );
    }
    Ok(())
}

// ---- network roles ----

fn io_err(what: &str) -> impl Fn(io::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// Connects to `port` on loopback and performs the client handshake.
fn raw_connect(port: u16) -> Result<TcpStream, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(io_err("connect"))?;
    s.set_nodelay(true).map_err(io_err("nodelay"))?;
    s.write_all(b"bench:\x03\x00").map_err(io_err("hello"))?;
    let mut cap = [0u8; 1];
    s.read_exact(&mut cap).map_err(io_err("handshake reply"))?;
    Ok(s)
}

/// Reads one whole message into `buf` (reusing its allocation).
fn read_message(s: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.resize(HEADER_LEN, 0);
    s.read_exact(buf)?;
    let len =
        u32::from_le_bytes([buf[4], buf[5], buf[6], buf[7]]) as u64 | (u64::from(buf[3]) << 32);
    let len = usize::try_from(len).map_err(|_| io::Error::other("message too large"))?;
    if len < HEADER_LEN {
        return Err(io::Error::other("bad message length"));
    }
    buf.resize(len, 0);
    s.read_exact(&mut buf[HEADER_LEN..])
}

/// Serves clients one after another: handshake, then the ping response to
/// every message. Runs until killed.
fn echo_server() -> io::Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    println!("{}", listener.local_addr()?.port());
    io::stdout().flush()?;
    for stream in listener.incoming() {
        let mut s = stream?;
        s.set_nodelay(true)?;
        let mut hello = Vec::new();
        let mut b = [0u8; 1];
        while s.read(&mut b)? == 1 && b[0] != 0 {
            hello.push(b[0]);
        }
        s.write_all(&[3])?;
        let mut buf = Vec::new();
        while read_message(&mut s, &mut buf).is_ok() {
            if s.write_all(PING_RESPONSE).is_err() {
                break;
            }
        }
    }
    Ok(())
}

/// p50, p99 and mean of round-trip times, in microseconds.
fn latency_summary(mut rtts: Vec<Duration>) -> Value {
    rtts.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let pct = |p: f64| us(rtts[((rtts.len() - 1) as f64 * p).round() as usize]);
    let mean = rtts.iter().map(|&d| us(d)).sum::<f64>() / rtts.len() as f64;
    json!({"p50_us": pct(0.50), "p99_us": pct(0.99), "mean_us": mean, "n": rtts.len()})
}

/// Untimed round trips before the timed ones.
fn warmup(n: usize) -> usize {
    (n / 10).clamp(100, 2_000)
}

fn raw_ping(port: u16, n: usize) -> Result<(), String> {
    let mut s = raw_connect(port)?;
    let mut buf = Vec::new();
    let mut rtts = Vec::with_capacity(n);
    for i in 0..warmup(n) + n {
        let start = Instant::now();
        s.write_all(PING_REQUEST).map_err(io_err("send"))?;
        read_message(&mut s, &mut buf).map_err(io_err("receive"))?;
        if i >= warmup(n) {
            rtts.push(start.elapsed());
        }
    }
    if buf != PING_RESPONSE {
        return Err(format!("unexpected response {buf:02x?}"));
    }
    let mut v = latency_summary(rtts);
    v["test"] = json!("latency");
    v["client"] = json!("raw");
    emit(v);
    Ok(())
}

/// qrepl's client: an interpreter with `h` open on `port`.
fn client(port: u16) -> Result<(Interp, i32), String> {
    client_at(&format!("localhost:{port}"))
}

/// qrepl's client connected to `target`, as `h`.
fn client_at(target: &str) -> Result<(Interp, i32), String> {
    let mut it = Interp::new(Box::new(BufferHost::default()));
    let target = Target::parse(target).map_err(|e| e.to_string())?;
    let h = it.open(&target).map_err(|e| format!("hopen: '{}", e.msg))?;
    it.set_global("h", K::int(h));
    Ok((it, h))
}

fn client_ping(port: u16, n: usize) -> Result<(), String> {
    let mut v = latency_summary(pings_through(&format!("localhost:{port}"), n)?);
    v["test"] = json!("latency");
    v["client"] = json!("qrepl");
    emit(v);
    Ok(())
}

/// Round-trip times of `h"2+2"` through qrepl's client to `target`,
/// after untimed warm-up ones.
fn pings_through(target: &str, n: usize) -> Result<Vec<Duration>, String> {
    let (mut it, _) = client_at(target)?;
    let mut rtts = Vec::with_capacity(n);
    for i in 0..warmup(n) + n {
        let start = Instant::now();
        let r = it.eval_str("h\"2+2\"").map_err(|e| format!("'{}", e.msg))?;
        let took = start.elapsed();
        if r != K::long(4) {
            return Err(format!("h\"2+2\" gave {r:?}"));
        }
        if i >= warmup(n) {
            rtts.push(took);
        }
    }
    Ok(rtts)
}

fn report_async(client: &str, n: usize, secs: f64) {
    emit(json!({
        "test": "async", "client": client, "messages": n, "secs": secs,
        "msgs_per_sec": n as f64 / secs,
    }));
}

/// Checks the server counted `n` messages.
fn check_count(got: &K, n: usize) -> Result<(), String> {
    match got.as_i64() {
        Some(c) if c == n as i64 => Ok(()),
        _ => Err(format!("server counted {got:?}, expected {n}")),
    }
}

fn raw_async(port: u16, n: usize) -> Result<(), String> {
    let (mut it, h) = client(port)?;
    it.request(h, K::string(ASYNC_SETUP))
        .map_err(|e| format!("'{}", e.msg))?;
    let msg = encode(
        &it.eval_str(ASYNC_MESSAGE_Q)
            .map_err(|e| format!("'{}", e.msg))?,
    )?;
    let chaser = encode_message(MsgType::Sync, &K::string("n"), &EncodeOptions::default())
        .map_err(|e| e.to_string())?;
    let mut s = raw_connect(port)?;
    // Pre-encoded bytes in 64 KiB writes: what the server can absorb.
    let per_write = (64 * 1024 / msg.len()).max(1);
    let batch = msg.repeat(per_write);
    let start = Instant::now();
    let mut left = n;
    while left > 0 {
        let k = left.min(per_write);
        s.write_all(&batch[..k * msg.len()])
            .map_err(io_err("send"))?;
        left -= k;
    }
    s.write_all(&chaser).map_err(io_err("send"))?;
    let mut buf = Vec::new();
    read_message(&mut s, &mut buf).map_err(io_err("receive"))?;
    let secs = start.elapsed().as_secs_f64();
    let (_, got) = decode_message(&buf).map_err(|e| e.to_string())?;
    check_count(&got, n)?;
    report_async("raw", n, secs);
    Ok(())
}

fn client_async(port: u16, n: usize) -> Result<(), String> {
    let (mut it, h) = client(port)?;
    it.request(h, K::string(ASYNC_SETUP))
        .map_err(|e| format!("'{}", e.msg))?;
    let start = Instant::now();
    let got = it
        .eval_str(&format!("do[{n};neg[h]{ASYNC_MESSAGE_Q}];h\"n\""))
        .map_err(|e| format!("'{}", e.msg))?;
    let secs = start.elapsed().as_secs_f64();
    check_count(&got, n)?;
    report_async("qrepl", n, secs);
    Ok(())
}

fn report_fetch(client: &str, expr: &str, bytes: usize, secs: f64) {
    emit(json!({
        "test": "fetch", "client": client, "expr": expr, "bytes": bytes, "secs": secs,
        "mb_per_sec": bytes as f64 / secs / 1e6,
    }));
}

/// The bytes of the response only: the floor for moving a result.
fn raw_fetch(port: u16, expr: &str) -> Result<(), String> {
    let mut s = raw_connect(port)?;
    let request = encode_message(MsgType::Sync, &K::string(expr), &EncodeOptions::default())
        .map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    let start = Instant::now();
    s.write_all(&request).map_err(io_err("send"))?;
    read_message(&mut s, &mut buf).map_err(io_err("receive"))?;
    let secs = start.elapsed().as_secs_f64();
    report_fetch("raw", expr, buf.len(), secs);
    Ok(())
}

/// qrepl's client: the request, the response decoded, then discarded.
fn client_fetch(port: u16, expr: &str) -> Result<(), String> {
    let (bytes, secs) = fetch_through(&format!("localhost:{port}"), expr)?;
    report_fetch("qrepl", expr, bytes, secs);
    Ok(())
}

/// The size of `expr`'s result, fetched and decoded through qrepl's
/// client to `target`, and the seconds that took.
fn fetch_through(target: &str, expr: &str) -> Result<(usize, f64), String> {
    let (mut it, h) = client_at(target)?;
    let start = Instant::now();
    let got = it
        .request(h, K::string(expr))
        .map_err(|e| format!("'{}", e.msg))?;
    let secs = start.elapsed().as_secs_f64();
    let bytes = qrepl::ipc::encoded_len(&got);
    drop(black_box(got));
    Ok((bytes, secs))
}

// ---- the listener's other transports: TLS and WebSocket ----

/// Sync round trips of `h"2+2"` through qrepl's client to `target`.
fn listener_ping(target: &str, n: usize) -> Result<(), String> {
    let mut v = latency_summary(pings_through(target, n)?);
    v["test"] = json!("listener");
    v["kind"] = json!("ping");
    v["transport"] = json!(transport_of(target));
    emit(v);
    Ok(())
}

/// A sync request to `target` whose large result is decoded, then dropped.
fn listener_fetch(target: &str, expr: &str) -> Result<(), String> {
    let (bytes, secs) = fetch_through(target, expr)?;
    report_listener_fetch(transport_of(target), bytes, secs);
    Ok(())
}

fn transport_of(target: &str) -> &'static str {
    if target.starts_with("tcps://") {
        "tls"
    } else {
        "plain"
    }
}

fn report_listener_fetch(transport: &str, bytes: usize, secs: f64) {
    emit(json!({
        "test": "listener", "kind": "fetch", "transport": transport, "bytes": bytes,
        "secs": secs, "mb_per_sec": bytes as f64 / secs / 1e6,
    }));
}

/// A WebSocket client over loopback: the opening handshake, masked text
/// frames out, and whole (unmasked) frames back.
struct WebSocket {
    stream: TcpStream,
    mask: [u8; 4],
}

impl WebSocket {
    fn connect(port: u16) -> Result<WebSocket, String> {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(io_err("connect"))?;
        stream.set_nodelay(true).map_err(io_err("nodelay"))?;
        let request = format!(
            "GET / HTTP/1.1\r\nHost: localhost:{port}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
             Sec-WebSocket-Version: 13\r\n\r\n"
        );
        stream
            .write_all(request.as_bytes())
            .map_err(io_err("upgrade"))?;
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            stream
                .read_exact(&mut byte)
                .map_err(io_err("upgrade reply"))?;
            head.push(byte[0]);
        }
        if !head.starts_with(b"HTTP/1.1 101") {
            return Err(format!(
                "upgrade refused: {}",
                String::from_utf8_lossy(&head)
            ));
        }
        Ok(WebSocket {
            stream,
            mask: [0x37, 0xfa, 0x21, 0x3d],
        })
    }

    fn send_text(&mut self, text: &str) -> io::Result<()> {
        let payload = text.as_bytes();
        let mut frame = vec![0x81];
        match payload.len() {
            n @ 0..=125 => frame.push(0x80 | n as u8),
            n @ 126..=0xffff => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&self.mask);
        frame.extend(
            payload
                .iter()
                .enumerate()
                .map(|(i, b)| b ^ self.mask[i % 4]),
        );
        self.stream.write_all(&frame)
    }

    /// Reads one whole frame's payload into `buf`; returns its opcode.
    fn read_frame(&mut self, buf: &mut Vec<u8>) -> io::Result<u8> {
        let mut head = [0u8; 2];
        self.stream.read_exact(&mut head)?;
        let len = match head[1] & 0x7f {
            126 => {
                let mut b = [0u8; 2];
                self.stream.read_exact(&mut b)?;
                u64::from(u16::from_be_bytes(b))
            }
            127 => {
                let mut b = [0u8; 8];
                self.stream.read_exact(&mut b)?;
                u64::from_be_bytes(b)
            }
            n => u64::from(n),
        };
        let len = usize::try_from(len).map_err(|_| io::Error::other("frame too large"))?;
        buf.clear();
        buf.resize(len, 0);
        self.stream.read_exact(buf)?;
        Ok(head[0] & 0x0f)
    }
}

/// Round trips of the text frame `2+2`, answered by a binary frame.
fn ws_ping(port: u16, n: usize) -> Result<(), String> {
    let mut ws = WebSocket::connect(port)?;
    let mut buf = Vec::new();
    let mut rtts = Vec::with_capacity(n);
    for i in 0..warmup(n) + n {
        let start = Instant::now();
        ws.send_text("2+2").map_err(io_err("send"))?;
        ws.read_frame(&mut buf).map_err(io_err("receive"))?;
        if i >= warmup(n) {
            rtts.push(start.elapsed());
        }
    }
    let (_, got) = decode_message(&buf).map_err(|e| format!("decode: {e}"))?;
    if got != K::long(4) {
        return Err(format!("2+2 over the WebSocket gave {got:?}"));
    }
    let mut v = latency_summary(rtts);
    v["test"] = json!("listener");
    v["kind"] = json!("ping");
    v["transport"] = json!("websocket");
    emit(v);
    Ok(())
}

/// A request whose large result comes back as one binary frame, decoded.
fn ws_fetch(port: u16, expr: &str) -> Result<(), String> {
    let mut ws = WebSocket::connect(port)?;
    let mut buf = Vec::new();
    let start = Instant::now();
    ws.send_text(expr).map_err(io_err("send"))?;
    ws.read_frame(&mut buf).map_err(io_err("receive"))?;
    let (_, got) = decode_message(&buf).map_err(|e| format!("decode: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    let bytes = qrepl::ipc::encoded_len(&got);
    drop(black_box(got));
    report_listener_fetch("websocket", bytes, secs);
    Ok(())
}
