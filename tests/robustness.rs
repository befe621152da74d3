//! Hostile clients, faults and load against `qrepl -p`, over raw sockets:
//! every misbehaving client loses only its own connection, memory stays
//! bounded, other clients and the console keep working, and nothing a
//! client queued is lost.

mod common;
mod session;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use qrepl::ipc::{EncodeOptions, MsgType, decode_message, encode_message};
use qrepl::k::K;
use session::Session;

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Sends credentials; returns the capability byte, or `None` if the
/// server closed the connection instead.
fn hello(s: &mut TcpStream, bytes: &[u8]) -> Option<u8> {
    s.write_all(bytes).ok()?;
    let mut b = [0u8; 1];
    match s.read(&mut b) {
        Ok(1) => Some(b[0]),
        _ => None,
    }
}

fn sync(s: &mut TcpStream, text: &str) -> K {
    decode_message(&common::sync_message(s, text)).unwrap().1
}

fn closed_within(s: &mut TcpStream, limit: Duration) -> bool {
    s.set_read_timeout(Some(limit)).unwrap();
    let mut b = [0u8; 64];
    matches!(s.read(&mut b), Ok(0))
        || matches!(s.read(&mut b), Err(e) if e.kind() != std::io::ErrorKind::WouldBlock && e.kind() != std::io::ErrorKind::TimedOut)
}

fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count())
}

#[test]
fn stalled_and_half_open_clients_are_dropped() {
    let (mut srv, port) = Session::server(&["--stall-timeout", "1"]);
    srv.run("gone:0");
    srv.run(".z.pc:{gone::gone+1}");
    // Connected, never a byte.
    let mut silent = connect(port);
    // Half a handshake.
    let mut partial = connect(port);
    partial.write_all(b"slow").unwrap();
    // A message header, then a stall in the middle of the body.
    let mut stalled = connect(port);
    assert_eq!(hello(&mut stalled, b"u:p\x03\x00"), Some(3));
    stalled
        .write_all(&[1, 1, 0, 0, 100, 0, 0, 0, 10, 0, 5, 0, 0, 0])
        .unwrap();
    let start = Instant::now();
    for s in [&mut silent, &mut partial, &mut stalled] {
        assert!(
            closed_within(s, Duration::from_secs(5)),
            "stalled client kept"
        );
    }
    assert!(start.elapsed() < Duration::from_secs(5));
    // Only the open (post-handshake) client counts as closed for .z.pc.
    assert_eq!(srv.run("gone"), "1\n");
    let mut ok = connect(port);
    assert_eq!(hello(&mut ok, b"u:p\x03\x00"), Some(3));
    assert_eq!(sync(&mut ok, "1+1"), K::long(2));
}

#[test]
fn connection_floods_leave_no_leaks() {
    let (mut srv, port) = Session::server(&[]);
    let pid = srv.pid();
    let before = open_fds(pid);
    for _ in 0..2000 {
        let mut s = connect(port);
        let _ = hello(&mut s, b"u:p\x03\x00");
    }
    // Abrupt closes are all noticed.
    let deadline = Instant::now() + Duration::from_secs(10);
    while open_fds(pid) > before + 2 {
        assert!(
            Instant::now() < deadline,
            "descriptors leaked: {} vs {before}",
            open_fds(pid)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(srv.run("1+1"), "2\n");
}

fn users_file(text: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!(
        "qrepl-robust-{}-{}",
        std::process::id(),
        text.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("users");
    std::fs::write(&f, text).unwrap();
    let p = f.to_string_lossy().into_owned();
    (dir, p)
}

#[test]
fn users_file_cannot_be_bypassed() {
    let (dir, file) = users_file("abc:pass1\nxyz:pass2\n");
    let (mut srv, port) = Session::server(&["-u", &file]);
    let attempts: &[&[u8]] = &[
        b"\x03\x00",             // empty user and password
        b"abc\x03\x00",          // no colon, no password
        b"abc:\x03\x00",         // empty password
        b":pass1\x03\x00",       // empty user
        b"abc:pass1x\x03\x00",   // password with a suffix
        b"abc:pass\x03\x00",     // password prefix
        b"ABC:pass1\x03\x00",    // other case
        b"abc\x00pass1\x03\x00", // NUL inside: the credentials end at it
        b"abc:pass1\x07\x00",    // a control byte that is no capability
        b"abc:pass2\x03\x00",    // another user's password
        b"abc:pass2\x00",        // the same, with no capability byte
        b"abc:pass\x00\x00",     // a password prefix, capability 0
    ];
    for a in attempts {
        let mut s = connect(port);
        assert_eq!(hello(&mut s, a), None, "accepted {a:?}");
    }
    // Oversize credentials with no NUL.
    let mut s = connect(port);
    let _ = s.write_all(&vec![b'a'; 5000]);
    assert!(closed_within(&mut s, Duration::from_secs(5)));
    // Wrong passwords at a high rate do not wear the server down.
    let start = Instant::now();
    for i in 0..500 {
        let mut s = connect(port);
        assert_eq!(
            hello(&mut s, format!("abc:wrong{i}\x03\x00").as_bytes()),
            None
        );
    }
    assert!(start.elapsed() < Duration::from_secs(30));
    let mut good = connect(port);
    assert_eq!(hello(&mut good, b"abc:pass1\x03\x00"), Some(3));
    assert_eq!(sync(&mut good, "2+3"), K::long(5));
    assert_eq!(srv.run("1+1"), "2\n");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_million_async_messages_from_ten_clients_apply_once_in_order() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("seen:10#-1;bad:0;n:0");
    srv.run(".z.ps:{[m] c:m 1; s:m 2; if[s<>1+seen c; bad::bad+1]; seen[c]::s; n::n+1}");
    let per_client = 100_000i64;
    let threads: Vec<_> = (0..10i64)
        .map(|c| {
            std::thread::spawn(move || {
                let mut s = connect(port);
                assert_eq!(hello(&mut s, b"u:p\x03\x00"), Some(3));
                let mut buf = Vec::with_capacity(1 << 20);
                for seq in 0..per_client {
                    let m = K::list(vec![K::sym("rec"), K::long(c), K::long(seq)]);
                    buf.extend(
                        encode_message(MsgType::Async, &m, &EncodeOptions::default()).unwrap(),
                    );
                    if buf.len() > (1 << 20) {
                        s.write_all(&buf).unwrap();
                        buf.clear();
                    }
                }
                s.write_all(&buf).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
                // The chaser answers after all of this client's messages ran.
                sync(&mut s, &format!("seen {c}")).as_i64()
            })
        })
        .collect();
    for (c, t) in threads.into_iter().enumerate() {
        assert_eq!(t.join().unwrap(), Some(per_client - 1), "client {c}");
    }
    assert_eq!(srv.run("n"), "1000000\n");
    assert_eq!(srv.run("bad"), "0\n");
}

#[test]
fn queued_async_messages_are_sent_before_exit() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("got:0");
    let mut child = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "h:hopen {port}").unwrap();
        writeln!(stdin, "do[20000;neg[h]\"got+:1\"];.z.W h").unwrap();
    }
    assert!(child.wait().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = srv.run("got");
        if got == "20000\n" {
            break;
        }
        assert!(Instant::now() < deadline, "server got {got}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A few async messages wait in `.z.W` for the end of the line; a long
/// stream is written as it goes, so the server works through it meanwhile
/// and the client's queue never holds it all.
#[test]
fn a_long_async_stream_is_written_while_the_line_runs() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("got:0");
    let mut c = Session::start(&[], &[]);
    c.run(&format!("h:hopen {port}"));
    assert_eq!(c.run("do[10;neg[h]\"got+:1\"];count .z.W h"), "10\n");
    c.run("h\"\"");
    let queued: usize = c
        .run("do[100000;neg[h]\"got+:1\"];count .z.W h")
        .trim()
        .parse()
        .unwrap();
    assert!(queued < 100_000 / 10, "{queued} of 100000 still queued");
    assert_eq!(c.run("h\"got\""), "100010\n");
}

#[test]
fn startup_errors_are_clear() {
    let taken = std::net::TcpListener::bind("0.0.0.0:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .args(["-p", &port.to_string()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("-p {port}")) && err.contains("in use"),
        "{err}"
    );

    let (dir, file) = users_file("abc:pass1\nnocolon\n");
    let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .args(["-p", "0W", "-u", &file])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2: expected user:password"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn passwords_from_the_environment_stay_out_of_sight() {
    let (dir, file) = users_file("abc:s3cret-pw\n");
    let (_srv, port) = Session::server(&["-U", &file]);
    // A remote session authenticating with QREPL_PASSWORD.
    let mut remote = Session::start(
        &[&format!("localhost:{port}:abc")],
        &[("QREPL_PASSWORD", "s3cret-pw")],
    );
    // Remote sessions run every line remotely, so read until output stops.
    remote.send("1+2");
    assert_eq!(remote.drain(Duration::from_millis(1500)), "3\n");
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", remote.pid())).unwrap();
    assert!(!String::from_utf8_lossy(&cmdline).contains("s3cret"));
    // A refused password is not echoed in the error.
    let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .arg(format!("localhost:{port}:abc"))
        .env("QREPL_PASSWORD", "wrong-pw")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("'access"), "{all}");
    assert!(!all.contains("wrong-pw"), "{all}");
    let _ = std::fs::remove_dir_all(dir);
}

/// A peer that completes the handshake and then never reads again.
fn deaf_server() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in l.incoming() {
            let Ok(mut s) = s else { break };
            let mut b = [0u8; 64];
            let _ = s.read(&mut b);
            let _ = s.write_all(&[3]);
            held.push(s);
        }
    });
    port
}

#[test]
fn unsendable_messages_are_reported_at_hclose_and_exit() {
    let port = deaf_server();
    let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            let mut stdin = child.stdin.take().unwrap();
            writeln!(stdin, "h:hopen {port}")?;
            writeln!(stdin, "neg[h] -8!til 5000000;hclose h")?;
            writeln!(stdin, "h2:hopen {port}")?;
            writeln!(stdin, "neg[h2] -8!til 5000000")?;
            drop(stdin);
            child.wait_with_output()
        })
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("queued message(s) could not be sent"),
        "hclose and exit must say what was dropped: {err:?}"
    );
    assert_eq!(
        err.matches("could not be sent").count(),
        2,
        "once for hclose, once at exit: {err:?}"
    );
}

/// Waits up to `limit` for `child` to end; its status, or `None`.
fn ended_within(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn a_subscriber_script_lives_as_long_as_its_publisher_connection() {
    let (publisher, port) = Session::server(&[]);
    let dir = std::env::temp_dir().join(format!("qrepl-sub-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("sub.q");
    std::fs::write(
        &script,
        format!("upd:{{[t;x] -1 string x;}}\nh:hopen {port}\n"),
    )
    .unwrap();
    // `qrepl sub.q </dev/null &`: the open connection keeps it running.
    let mut sub = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .arg(&script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    assert_eq!(ended_within(&mut sub, Duration::from_millis(1500)), None);
    // When the publisher goes, so does the subscriber.
    drop(publisher);
    let status = ended_within(&mut sub, Duration::from_secs(10));
    let _ = sub.kill();
    assert!(status.is_some(), "the subscriber outlived its publisher");
    // Piped lines with no script file end at EOF, connection or not.
    let (_publisher, port) = Session::server(&[]);
    let mut piped = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    piped
        .stdin
        .take()
        .unwrap()
        .write_all(format!("h:hopen {port}\n").as_bytes())
        .unwrap();
    assert!(ended_within(&mut piped, Duration::from_secs(10)).is_some());
    let _ = std::fs::remove_dir_all(dir);
}
