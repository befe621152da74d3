//! Handles and the listener against independent implementations: pykx
//! (KX's own library, unlicensed) and aiokdb as clients of `qrepl -p`, and
//! aiokdb as a fake q server for qrepl's client side. Also a server that
//! never answers the handshake, refused ports, unix sockets, and re-entrant
//! sync requests between two qrepl processes.

mod common;
mod session;

use common::get;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use session::Session;

/// A Python peer running in the background until dropped.
struct Peer {
    child: Child,
}

impl Peer {
    /// Starts a server mode of peers.py and returns it with its port.
    fn server(mode: &str) -> (Peer, u16) {
        let mut child = common::python_script("peers.py")
            .arg(mode)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python peer starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("peer prints its port");
        let port = line
            .trim()
            .strip_prefix("PORT=")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("peer printed {line:?}"));
        (Peer { child }, port)
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a client mode of peers.py; returns its `name=value` lines.
fn run_client(args: &[&str]) -> Vec<(String, String)> {
    let out = common::python_script("peers.py")
        .args(args)
        .output()
        .expect("python client runs");
    assert!(
        out.status.success(),
        "peer client failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    common::key_values(&out.stdout)
}

#[test]
fn pykx_client_queries_a_qrepl_server() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("connections:([]h:`int$();u:`$())");
    srv.run(".z.po:{`connections upsert (x;.z.u)}");
    srv.run(".z.pc:{delete from `connections where h=x}");
    let r = run_client(&["pykx-client", &port.to_string()]);
    assert_eq!(get(&r, "sum"), "4");
    assert_eq!(get(&r, "til"), "[0, 1, 2, 3, 4]");
    assert_eq!(get(&r, "table"), "{'a': [1, 2], 'b': ['x', 'y']}");
    assert_eq!(get(&r, "dict"), "{'a': 1, 'b': 2}");
    assert_eq!(get(&r, "call"), "42");
    assert_eq!(get(&r, "guid"), "8c680a01-5a49-5aab-5a65-d4bfddb6a661");
    assert_eq!(get(&r, "error"), "type");
    assert_eq!(get(&r, "chaser"), "99");
    assert_eq!(get(&r, "ts"), "2000-01-02T00:00:00");
    assert_eq!(get(&r, "string"), "hello");
    // The client has gone: .z.po added a row and .z.pc removed it.
    wait_for(&mut srv, "count connections", "0\n");
}

#[test]
fn pykx_default_connection_with_its_context_interface() {
    let (_srv, port) = Session::server(&[]);
    let r = run_client(&["pykx-ctx-client", &port.to_string()]);
    assert_eq!(get(&r, "sum"), "4");
    assert_eq!(get(&r, "til"), "[0, 1, 2]");
    assert_eq!(get(&r, "ctxsum"), "6");
}

#[test]
fn pykx_client_with_a_users_file() {
    let dir = std::env::temp_dir().join(format!("qrepl-peer-users-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("users");
    std::fs::write(&file, "alice:wonder\n").unwrap();
    let (_srv, port) = Session::server(&["-U", file.to_str().unwrap()]);
    let r = run_client(&["pykx-client", &port.to_string(), "alice", "wonder"]);
    assert_eq!(get(&r, "sum"), "4");
    let refused = common::python_script("peers.py")
        .args(["pykx-client", &port.to_string(), "alice", "wrong"])
        .output()
        .unwrap();
    assert!(
        !refused.status.success(),
        "a wrong password must be refused"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn aiokdb_client_sync_async_and_errors() {
    let (_srv, port) = Session::server(&[]);
    let r = run_client(&["aiokdb-client", &port.to_string(), "bob", ""]);
    assert_eq!(get(&r, "sum"), "4");
    assert_eq!(get(&r, "list"), "9");
    assert_eq!(
        get(&r, "count"),
        "100",
        "async messages applied before the chaser"
    );
    assert_eq!(get(&r, "error"), "custom");
}

#[test]
fn qrepl_client_against_a_fake_q_server() {
    let (_peer, port) = Peer::server("aiokdb-server");
    let mut c = Session::start(&[], &[]);
    assert_eq!(c.run(&format!("h:hopen {port}")), "");
    assert_eq!(c.run("h\"ping\""), "`pong\n");
    assert_eq!(c.run("h\"2+2\""), "4\n");
    assert_eq!(c.run("h\"err\""), "'boom\n  [0]  h\"err\"\n       ^\n");
    // An async message the server pushes while replying is run by .z.ps.
    assert_eq!(c.run("h\"pushasync\""), "1\n");
    assert_eq!(c.run("pushed"), "42\n");
    // h[] waits for the next async message and returns it.
    assert_eq!(c.run("h\"later\";h[]"), "\"delivered\"\n");
    // Queue sizes before and after the flush: header 8, list 6, `rec 5, long 9.
    assert_eq!(c.run("neg[h](`rec;0);.z.W h"), ",28\n");
    assert_eq!(c.run("neg[h][];.z.W h"), "`long$()\n");
    assert_eq!(c.run("h\"check\""), "1\n");
    // The server closes the socket during a sync request.
    assert_eq!(c.run(".z.pc:{closed::x}"), "");
    let out = c.run("h\"close\"");
    assert!(out.starts_with("'close\n"), "{out:?}");
    assert_eq!(c.run("closed~h"), "1b\n");
    assert_eq!(c.run("count .z.W"), "0\n");
    let out = c.run("h\"2+2\"");
    assert!(out.starts_with("'Cannot write to handle "), "{out:?}");
}

#[test]
fn hundred_thousand_async_messages_arrive_in_order() {
    let (_peer, port) = Peer::server("aiokdb-server");
    let mut c = Session::start(&[], &[]);
    c.run(&format!("h:hopen {port}"));
    assert_eq!(c.run("n:0;do[100000;neg[h](`rec;n);n+:1]"), "");
    let out = c.run_within("h\"check\"", Duration::from_secs(120));
    assert_eq!(out, "100000\n");
}

#[test]
fn hopen_timeout_against_a_server_that_never_answers() {
    let (_peer, port) = Peer::server("mute-server");
    let mut c = Session::start(&[], &[]);
    let start = Instant::now();
    let out = c.run(&format!("hopen (`::{port};300)"));
    assert!(out.starts_with("'timeout\n"), "{out:?}");
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(250), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn hopen_refused_and_closed_handles() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut c = Session::start(&[], &[]);
    let out = c.run(&format!("l:hopen {port}"));
    assert_eq!(
        out,
        format!("'hop. OS reports: Connection refused\n  [0]  l:hopen {port}\n         ^\n")
    );
    let out = c.run("hclose 99");
    assert!(out.starts_with("'Cannot write to handle 99."), "{out:?}");
}

#[test]
fn unix_domain_sockets() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("x:42");
    let mut c = Session::start(&[], &[]);
    assert_eq!(c.run(&format!("h:hopen `:unix://{port}")), "");
    assert_eq!(c.run("h\"x\""), "42\n");
    // The server sees a unix client with address 0.
    assert_eq!(c.run("h\".z.a\""), "0i\n");
}

#[test]
fn reentrant_sync_requests_between_qrepl_processes() {
    let (mut srv, port) = Session::server(&[]);
    // The server asks the client something while answering it.
    srv.run("ask:{[q] .z.w q}");
    let mut c = Session::start(&[], &[]);
    c.run("secret:6*7");
    c.run(&format!("h:hopen {port}"));
    assert_eq!(c.run("h\"ask\\\"secret\\\"\""), "42\n");
    // .z.po can call back into the client: its hopen has returned by then.
    srv.run(".z.po:{[h] seen::h\"secret\"}");
    c.run(&format!("h2:hopen {port}"));
    wait_for(&mut srv, "seen", "42\n");
}

#[test]
fn hopen_of_our_own_port_is_handle_zero() {
    let (mut srv, port) = Session::server(&[]);
    assert_eq!(srv.run(&format!("hopen {port}")), "0i\n");
    assert_eq!(srv.run("0\"1+1\""), "2\n");
}

fn wait_for(s: &mut Session, line: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = s.run(line);
        if got == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{line} gave {got:?}, wanted {want:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A self-signed certificate and key for `localhost`, made with openssl.
fn self_signed(dir: &std::path::Path) -> (String, String) {
    std::fs::create_dir_all(dir).unwrap();
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    let status = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .expect("openssl is needed to make a test certificate");
    assert!(status.success());
    (
        cert.to_string_lossy().into_owned(),
        key.to_string_lossy().into_owned(),
    )
}

#[test]
fn tls_connections_verify_the_server_certificate() {
    let dir = std::env::temp_dir().join(format!("qrepl-tls-{}", std::process::id()));
    let (cert, key) = self_signed(&dir);
    let tls_server = || {
        let mut child = common::python_script("peers.py")
            .args(["aiokdb-tls-server", &cert, &key])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python peer starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port: u16 = line.trim().strip_prefix("PORT=").unwrap().parse().unwrap();
        (Peer { child }, port)
    };
    // Trusted through KX_SSL_CA_CERT_FILE.
    let (_p1, port) = tls_server();
    let mut c = Session::start(&[], &[("KX_SSL_CA_CERT_FILE", &cert)]);
    assert_eq!(c.run(&format!("h:hopen `:tcps://localhost:{port}")), "");
    assert_eq!(c.run("h\"ping\""), "`pong\n");
    assert_eq!(c.run("neg[h](`rec;0);h\"count\""), "1\n");
    // Not trusted: the system's roots do not know it.
    let (_p2, port) = tls_server();
    let mut c = Session::start(&[], &[]);
    let out = c.run(&format!("h:hopen `:tcps://localhost:{port}"));
    assert!(out.starts_with("'hop. OS reports: "), "{out:?}");
    assert!(out.to_lowercase().contains("certificate"), "{out:?}");
    // Verification switched off.
    let (_p3, port) = tls_server();
    let mut c = Session::start(&[], &[("KX_SSL_VERIFY_SERVER", "NO")]);
    assert_eq!(c.run(&format!("h:hopen `:tcps://localhost:{port}")), "");
    assert_eq!(c.run("h\"2+2\""), "4\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stdin_end_does_not_keep_a_client_alive() {
    let (_peer, port) = Peer::server("aiokdb-server");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            writeln!(stdin, "h:hopen {port}\nh\"ping\"")?;
            drop(stdin);
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "`pong\n");
}

#[test]
fn one_shot_requests() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("x:7");
    let mut c = Session::start(&[], &[]);
    assert_eq!(c.run(&format!("`::{port} \"x*6\"")), "42\n");
    assert_eq!(
        c.run(&format!("`::[(\":localhost:{port}\";1000);\"2+3\"]")),
        "5\n"
    );
    // Nothing stays open.
    assert_eq!(c.run("count .z.W"), "0\n");
}

#[test]
fn broadcast_queues_one_message_on_several_handles() {
    let (mut a, pa) = Session::server(&[]);
    let (mut b, pb) = Session::server(&[]);
    let mut c = Session::start(&[], &[]);
    c.run(&format!("h1:hopen {pa};h2:hopen {pb}"));
    // One message of 18 bytes (header 8, string 6 + 4) on each handle.
    assert_eq!(
        c.run("-25!((h1;h2);\"x:42\");value sum each .z.W"),
        "18 18\n"
    );
    // (::) flushes them.
    assert_eq!(c.run("-25!((h1;h2);::);value sum each .z.W"), "0 0\n");
    assert_eq!(a.run("x"), "42\n");
    assert_eq!(b.run("x"), "42\n");
    let out = c.run("-25!((h1;99);\"y:1\")");
    assert!(out.starts_with("'99 is not an ipc handle"), "{out:?}");
}

#[test]
fn an_empty_qudspath_turns_unix_sockets_off() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut srv = Session::start(&["-p", &port.to_string()], &[("QUDSPATH", "")]);
    assert_eq!(srv.run("\\p"), format!("{port}i\n"));
    let mut c = Session::start(&[], &[]);
    assert!(c.run(&format!("hopen {port}")).trim_end().ends_with('i'));
    let out = c.run(&format!("hopen `:unix://{port}"));
    assert!(out.starts_with("'hop. OS reports: "), "{out:?}");
}
