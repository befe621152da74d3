//! The listener's life and limits, driven over raw sockets: stopping with
//! `\p 0`, plain HTTP, serving after stdin ends until `exit` or SIGTERM,
//! async errors on the server console, and clients that send oversize
//! headers or garbage, stall, or arrive a thousand at once; and clients
//! kept from changing anything, by `-b` or by `reval` in `.z.pg`.

mod common;
mod session;

use std::io::{BufRead, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Reaped;
use qrepl::ipc::{EncodeOptions, MsgType, decode_message, encode_message};
use qrepl::k::K;
use session::Session;

/// A raw IPC client: handshake done, capability 3.
struct Raw(TcpStream);

impl Raw {
    fn connect(port: u16) -> Raw {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(b"raw:\x03\x00").unwrap();
        let mut cap = [0u8; 1];
        s.read_exact(&mut cap).expect("capability byte");
        assert_eq!(cap[0], 3);
        Raw(s)
    }

    fn send(&mut self, t: MsgType, x: &K) {
        let m = encode_message(t, x, &EncodeOptions::default()).unwrap();
        self.0.write_all(&m).unwrap();
    }

    fn sync(&mut self, text: &str) -> K {
        self.send(MsgType::Sync, &K::string(text));
        self.read()
    }

    fn read(&mut self) -> K {
        let mut head = [0u8; 8];
        self.0.read_exact(&mut head).expect("response header");
        let len = u32::from_le_bytes(head[4..8].try_into().unwrap()) as usize;
        let mut msg = head.to_vec();
        msg.resize(len, 0);
        self.0.read_exact(&mut msg[8..]).expect("response body");
        decode_message(&msg).unwrap().1
    }

    /// Whether the server has closed this connection (within 5 s).
    fn closed(&mut self) -> bool {
        self.0
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut b = [0u8; 1];
        matches!(self.0.read(&mut b), Ok(0) | Err(_))
    }
}

#[test]
fn stop_listening_with_p_zero() {
    let (mut srv, port) = Session::server(&[]);
    let mut c = Raw::connect(port);
    assert_eq!(c.sync("1+1"), K::long(2));
    assert_eq!(srv.run("\\p 0"), "");
    assert_eq!(srv.run("\\p"), "0i\n");
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    // Existing clients stay connected.
    assert_eq!(c.sync("2+2"), K::long(4));
}

#[test]
fn http_get_shows_a_value() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("t:([]a:1 2;b:`x`y)");
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"GET /?t HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut page = String::new();
    s.read_to_string(&mut page).unwrap();
    assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
    assert!(page.contains("Content-Type: text/html"));
    assert!(page.contains("<pre>a b\n---\n1 x\n2 y\n</pre>"), "{page}");
    // A custom .z.ph answers instead.
    srv.run(".z.ph:{\"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nhi\"}");
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(b"GET /anything HTTP/1.1\r\n\r\n").unwrap();
    let mut page = String::new();
    s.read_to_string(&mut page).unwrap();
    assert!(page.ends_with("\r\n\r\nhi"), "{page:?}");
}

#[test]
fn http_get_evaluates_with_h_val() {
    // doth.md: the default .z.ph evaluates the request with .h.val.
    let (mut srv, port) = Session::server(&[]);
    srv.run(".h.val:{\"seen \",x}");
    let page = http(port, "GET /?abc HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert!(page.contains("<pre>\"seen abc\"\n</pre>"), "{page}");
}

/// Sends one raw HTTP request and returns the whole answer.
fn http(port: u16, request: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut page = String::new();
    s.read_to_string(&mut page).unwrap();
    page
}

/// A reply whose body is `x`, as the handlers below build it.
const REPLY: &str =
    "r:{\"HTTP/1.1 200 OK\\r\\nContent-Length: \",string[count x],\"\\r\\n\\r\\n\",x}";

#[test]
fn http_handlers_see_headers_bodies_and_methods() {
    let (mut srv, port) = Session::server(&[]);
    srv.run(REPLY);
    // .z.ph gets the request text and the headers as a dictionary.
    srv.run(".z.ph:{r x[0],\"|\",x[1]`Host}");
    let page = http(port, "GET /?a+b%20c HTTP/1.1\r\nHost: example\r\n\r\n");
    assert!(page.ends_with("\r\n\r\n?a+b%20c|example"), "{page:?}");
    // .z.pp gets the path, a blank and the body, read to Content-Length.
    srv.run(".z.pp:{r x 0}");
    let page = http(
        port,
        "POST /upd HTTP/1.1\r\nContent-Length: 11\r\n\r\n{\"a\":[1,2]}",
    );
    assert!(page.ends_with("\r\n\r\nupd {\"a\":[1,2]}"), "{page:?}");
    // Other methods go to .z.pm with the method's name first.
    srv.run(".z.pm:{r string[x 0],\" \",x 1}");
    let page = http(port, "DELETE /row/3 HTTP/1.1\r\n\r\n");
    assert!(page.ends_with("\r\n\r\nDELETE row/3"), "{page:?}");
}

#[test]
fn z_ac_decides_who_may_use_http() {
    let (mut srv, port) = Session::server(&[]);
    srv.run(REPLY);
    srv.run(".z.ph:{r string .z.u}");
    srv.run(
        ".z.ac:{t:x[1]`Token; $[t~\"good\";(1;\"ann\");t~\"custom\";(2;r \"go away\");t~\"basic\";(4;\"\");(0;\"\")]}",
    );
    let ask = |token: &str| http(port, &format!("GET / HTTP/1.1\r\nToken: {token}\r\n\r\n"));
    let page = ask("good");
    assert!(page.ends_with("\r\n\r\nann"), "{page:?}");
    assert!(ask("bad").starts_with("HTTP/1.1 401"));
    assert!(ask("custom").ends_with("\r\n\r\ngo away"));
    // (4;"") falls back to basic authentication: with no -u, anyone.
    assert!(ask("basic").starts_with("HTTP/1.1 200"));
    // An error in .z.ac refuses, and the server goes on.
    srv.run(".z.ac:{'oops}");
    assert!(ask("good").starts_with("HTTP/1.1 401"));
    assert_eq!(srv.run("1+1"), "2\n");
}

fn wait_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "port {port} never opened");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serves_after_stdin_ends_until_a_client_exits_it() {
    let port = common::free_port();
    let mut child = Reaped(
        Command::new(env!("CARGO_BIN_EXE_qrepl"))
            .args(["-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    wait_listening(port);
    let mut c = Raw::connect(port);
    assert_eq!(c.sync(".z.exit:{-1\"bye \",string x};"), K::Nil);
    assert_eq!(c.sync("3*3"), K::long(9));
    c.send(MsgType::Async, &K::string("exit 3"));
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.0.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "qrepl kept running after exit 3");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(3));
    let mut out = String::new();
    child
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out, "bye 3\n");
}

/// Sends SIGTERM to `child` and waits (up to ten seconds) for it to end.
fn terminate(child: &mut Reaped) {
    // SAFETY: sending a signal to our own child process.
    unsafe {
        libc::kill(child.0.id() as i32, libc::SIGTERM);
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.0.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "qrepl ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigterm_ends_a_serving_session() {
    let port = common::free_port();
    let mut child = Reaped(
        Command::new(env!("CARGO_BIN_EXE_qrepl"))
            .args(["-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_listening(port);
    terminate(&mut child);
}

#[test]
fn async_errors_print_on_the_server_console() {
    let (mut srv, port) = Session::server(&[]);
    let mut c = Raw::connect(port);
    c.send(MsgType::Async, &K::string("1+`a"));
    assert_eq!(c.sync("1"), K::long(1));
    assert_eq!(srv.drain(Duration::from_millis(300)), "'type\n");
}

#[test]
fn oversize_header_closes_only_that_client() {
    let (mut srv, port) = Session::server(&["--max-message", "1000000"]);
    srv.run("closed:()");
    srv.run(".z.pc:{closed::closed,x}");
    let mut good = Raw::connect(port);
    let mut bad = Raw::connect(port);
    // A header claiming 2 GB.
    bad.0
        .write_all(&[1, 1, 0, 0, 0xff, 0xff, 0xff, 0x7f])
        .unwrap();
    assert!(bad.closed(), "the server must drop the oversize client");
    assert_eq!(good.sync("1+1"), K::long(2));
    let out = srv.run("count closed");
    assert!(out.starts_with("'badmsg"), "the console says why: {out:?}");
    assert!(out.ends_with("\n1\n"), ".z.pc ran once: {out:?}");
    // The server's memory did not grow by the claimed size.
    let rss = rss_kb(srv.pid());
    assert!(rss < 200_000, "server RSS {rss} kB");
}

#[test]
fn garbage_and_bad_messages_close_the_sender() {
    let (mut srv, port) = Session::server(&[]);
    // Garbage instead of a handshake.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(&[0xff; 2000]).unwrap();
    let mut r = Raw(s);
    assert!(r.closed());
    // A valid header with a body that is not a q object.
    let mut c = Raw::connect(port);
    c.0.write_all(&[1, 1, 0, 0, 14, 0, 0, 0, 0x70, 0, 0, 0, 0, 0])
        .unwrap();
    assert!(c.closed());
    let out = srv.drain(Duration::from_millis(300));
    assert!(out.contains("'badmsg"), "{out:?}");
    let mut ok = Raw::connect(port);
    assert_eq!(ok.sync("`ok"), K::sym("ok"));
}

#[test]
fn a_thousand_concurrent_connections() {
    let (_srv, port) = Session::server(&[]);
    let mut clients: Vec<Raw> = (0..1000).map(|_| Raw::connect(port)).collect();
    for (i, c) in clients.iter_mut().enumerate() {
        c.send(MsgType::Sync, &K::string(format!("{i}*2")));
    }
    for (i, c) in clients.iter_mut().enumerate() {
        assert_eq!(c.read(), K::long(i as i64 * 2));
    }
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// This machine's first non-loopback IPv4 address, if it has one.
fn outside_address() -> Option<std::net::Ipv4Addr> {
    // SAFETY: getifaddrs fills a list that is read, then freed, here.
    unsafe {
        let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
        if libc::getifaddrs(&mut list) != 0 {
            return None;
        }
        let mut found = None;
        let mut p = list;
        while !p.is_null() {
            let a = (*p).ifa_addr;
            if !a.is_null() && (*a).sa_family as i32 == libc::AF_INET {
                let sin = a as *const libc::sockaddr_in;
                let ip = std::net::Ipv4Addr::from(u32::from_be((*sin).sin_addr.s_addr));
                if !ip.is_loopback() {
                    found = Some(ip);
                    break;
                }
            }
            p = (*p).ifa_next;
        }
        libc::freeifaddrs(list);
        found
    }
}

/// The raw response to a sync request for `text`, sent over `addr`.
fn raw_response(addr: std::net::Ipv4Addr, port: u16, text: &str) -> Vec<u8> {
    let mut s = TcpStream::connect((addr, port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"raw:\x03\x00").unwrap();
    let mut cap = [0u8; 1];
    s.read_exact(&mut cap).unwrap();
    common::sync_message(&mut s, text)
}

#[test]
fn large_results_are_compressed_except_to_this_host() {
    let Some(outside) = outside_address() else {
        eprintln!("no non-loopback IPv4 address: compression over a network not testable here");
        return;
    };
    let (mut srv, port) = Session::server(&[]);
    srv.run("v:til 100000");
    let plain = raw_response(std::net::Ipv4Addr::LOCALHOST, port, "v");
    assert_eq!(plain[2], 0, "never compressed to localhost");
    assert_eq!(plain.len(), 800_014);
    let packed = raw_response(outside, port, "v");
    assert_eq!(packed[2], 1, "compressed over {outside}");
    assert!(packed.len() < plain.len() / 2, "{} bytes", packed.len());
    assert_eq!(
        decode_message(&packed).unwrap().1,
        decode_message(&plain).unwrap().1
    );
}

#[test]
fn timer_runs_z_ts_until_stopped() {
    let mut s = Session::start(&[], &[]);
    assert_eq!(s.run("\\t"), "0i\n");
    // \t with an expression still times it.
    assert!(s.run("\\t sum til 1000").trim().parse::<i64>().is_ok());
    s.run("ticks:`timestamp$()");
    s.run(".z.ts:{ticks::ticks,x; if[5=count ticks; system\"t 0\"]}");
    assert_eq!(s.run("\\t 50"), "");
    assert_eq!(s.run("\\t"), "50i\n");
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.run("count ticks") != "5\n" {
        assert!(Instant::now() < deadline, "the timer did not tick 5 times");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(s.run("\\t"), "0i\n");
    // Ticks never come early: each gap is at least the interval.
    let gaps = s.run("min 1_deltas `long$ticks");
    let ns: i64 = gaps.trim().parse().unwrap();
    assert!(ns >= 45_000_000, "ticks {ns} ns apart");
}

#[test]
fn a_timer_keeps_a_piped_session_going_until_it_stops() {
    let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            let mut stdin = child.stdin.take().unwrap();
            writeln!(stdin, "n:0")?;
            writeln!(
                stdin,
                ".z.ts:{{n::n+1; if[n=3; -1\"three ticks\"; system\"t 0\"]}}"
            )?;
            writeln!(stdin, "\\t 20")?;
            drop(stdin);
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "three ticks\n");
}

/// Waits until the server has deferred `n` "slow" requests (each check is
/// a round trip to it).
fn wait_held(srv: &mut Session, n: usize) {
    let want = format!("{n}\n");
    for _ in 0..10_000 {
        if srv.run("held") == want {
            return;
        }
    }
    panic!("the server never held {n} requests");
}

fn interrupt(s: &Session) {
    // SAFETY: signalling a child process this test started.
    assert_eq!(unsafe { libc::kill(s.pid() as i32, libc::SIGINT) }, 0);
}

#[test]
fn an_interrupted_sync_call_leaves_the_handle_usable() {
    let (mut srv, port) = Session::server(&[]);
    // A "slow" request is answered only when the test says so.
    srv.run("held:0; pending:0Ni");
    srv.run(".z.pg:{$[x~\"slow\";[pending::.z.w;held+:1;-30!(::)];value x]}");
    let mut client = Session::start(&[], &[]);
    client.run(&format!("h:hopen {port}"));
    client.send("h\"slow\"");
    wait_held(&mut srv, 1);
    interrupt(&client);
    // The next line runs only once the interrupted call has returned.
    let out = client.run("count .z.W");
    assert!(out.starts_with("'rcv handle: "), "{out:?}");
    assert!(out.ends_with("\n1\n"), "{out:?}");
    // The late answer arrives while idle and is dropped; the next call
    // gets its own.
    srv.run("-30!(pending;0b;`late)");
    assert_eq!(client.run("h\"1+1\""), "2\n");
    assert_eq!(client.run("h\"2+3\""), "5\n");
    // A late answer that arrives while the next call waits is dropped too.
    client.send("h\"slow\"");
    wait_held(&mut srv, 2);
    interrupt(&client);
    let out = client.run("1b");
    assert!(out.starts_with("'rcv handle: "), "{out:?}");
    client.send("h\"slow\"");
    wait_held(&mut srv, 3);
    srv.run("-30!(pending;0b;`late)");
    srv.run("-30!(pending;0b;`own)");
    assert_eq!(client.run("1b"), "`own\n1b\n");
}

#[test]
fn error_trap_2_writes_a_client_request_error_with_its_backtrace() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("f:{x+`a}");
    let mut c = Raw::connect(port);
    assert_eq!(c.sync("f 1"), K::Error("type".into()));
    assert_eq!(srv.drain(Duration::from_millis(200)), "", "mode 0 is quiet");
    assert_eq!(srv.run("\\e 2"), "");
    assert_eq!(srv.run("\\e"), "2i\n");
    assert_eq!(c.sync("f 1"), K::Error("type".into()));
    let out = srv.drain(Duration::from_millis(300));
    assert!(out.starts_with("'type\n  [1]  f:{x+`a}\n"), "{out:?}");
    assert!(out.contains("^"), "{out:?}");
}

// internal.md: -38! describes sockets as p f z n m; a handle to this
// machine is q over TCP, uncompressed, nothing unsent.
#[test]
fn socket_table_describes_a_client_handle() {
    let (_srv, port) = Session::server(&[]);
    let mut c = Session::start(&[], &[]);
    c.run(&format!("h:hopen {port}"));
    assert_eq!(c.run("-38!h"), "p| \"q\"\nf| \"t\"\nz| 0b\nn| 0\nm| 0\n");
    assert_eq!(
        c.run("{([]h)!-38!h:.z.H}[]"),
        format!(
            "h| p f z n m\n-| ---------\n{}| q t 0 0 0\n",
            c.run("h").trim().trim_end_matches('i')
        )
    );
}

// SIGTERM stops the piped line under way (a loop that never ends) and
// the session ends there: the lines after it do not run.
#[test]
fn sigterm_stops_piped_input_at_the_line_under_way() {
    let mut child = Reaped(
        Command::new(env!("CARGO_BIN_EXE_qrepl"))
            .args(["-q"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut stdin = child.0.stdin.take().unwrap();
    stdin
        .write_all(b"-1 \"started\";\n{x+1}/[{1b};0]\n-1 \"after\";\n")
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.0.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, "started\n");
    std::thread::sleep(Duration::from_millis(200));
    terminate(&mut child);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(!rest.contains("after"), "a line after SIGTERM ran: {rest}");
    drop(stdin);
}

// A computation that does not stop between steps (here a shell command)
// keeps running after one SIGTERM; a second ends the process at once.
#[test]
fn a_second_sigterm_ends_the_process_at_once() {
    let mut child = Reaped(
        Command::new(env!("CARGO_BIN_EXE_qrepl"))
            .args(["-q", "-e", "system \"sleep 30\""])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    std::thread::sleep(Duration::from_millis(500));
    let pid = child.0.id() as i32;
    let term = || {
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
    };
    term();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.0.try_wait().unwrap().is_none(),
        "the sleep is still under way"
    );
    term();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            assert_eq!(status.code(), Some(143));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "a second SIGTERM did not end qrepl"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn blocked_clients_read_but_change_nothing() {
    let dir = std::env::temp_dir().join(format!("qrepl_blocked_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("kept");
    std::fs::write(&file, "as it was\n").unwrap();
    let (mut srv, port) = Session::server(&["-b"]);
    assert_eq!(srv.run("\\_"), "1b\n");
    srv.run("aa:([]bb:til 4)");
    let mut c = Raw::connect(port);
    assert_eq!(c.sync("count aa"), K::long(4));
    let path = file.to_string_lossy();
    for update in [
        "aa:10#aa".to_string(),
        "`aa insert 9".to_string(),
        "update bb:0 from `aa".to_string(),
        "@[`aa;`bb;neg]".to_string(),
        "`new set 1".to_string(),
        format!("`:{path} 0: enlist \"changed\""),
        format!("hdel `:{path}"),
        format!("hopen `:{path}"),
    ] {
        match c.sync(&update) {
            K::Error(e) => assert!(e.to_str_lossy().starts_with("noupdate"), "{update}: {e:?}"),
            other => panic!("{update} was allowed: {other:?}"),
        }
    }
    // A client is told updates are blocked, and may not evaluate through
    // handle 0 either (errors.md: restricted).
    assert_eq!(c.sync(".z.r"), K::bool(true));
    assert_eq!(c.sync("0\"aa:1\""), K::Error("restricted".into()));
    assert_eq!(srv.run(".z.r"), "0b\n");
    // Nothing changed, the client may still read, and the console may write.
    assert_eq!(c.sync("sum aa`bb"), K::long(6));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "as it was\n");
    assert_eq!(srv.run("aa:2#aa; count aa"), "2\n");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn reval_in_z_pg_makes_a_read_only_server() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("a:1");
    srv.run(".z.pg:{reval(value;enlist x)}");
    let mut c = Raw::connect(port);
    assert_eq!(c.sync("a+1"), K::long(2));
    assert_eq!(c.sync("{x*2} a"), K::long(2));
    assert_eq!(c.sync("a:4"), K::Error("noupdate: `. `a".into()));
    for forbidden in ["system \"p 0\"", "exit 0", "read0 `:/etc/hostname"] {
        assert_eq!(c.sync(forbidden), K::Error("access".into()), "{forbidden}");
    }
    assert_eq!(srv.run("a"), "1\n");
}
