//! Queries that once ended a server, sent by a client to `qrepl -p`: deep
//! nesting, huge allocations, runaway growth and endless loops each get
//! q's error (`'stack`, `'wsfull`, `'stop`) or q's answer, and the server
//! then answers the next client.

mod common;
mod session;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use qrepl::ipc::decode_message;
use qrepl::k::{K, Sym};
use session::Session;

/// A connected, logged-in client.
fn client(port: u16) -> TcpStream {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(b"limits:\x03\x00").unwrap();
    let mut cap = [0u8; 1];
    s.read_exact(&mut cap).expect("handshake answered");
    s
}

/// Sends `text` as a sync request; the reply, decoded on a thread whose
/// stack can hold a deeply nested answer.
fn sync(s: &mut TcpStream, text: &str) -> String {
    let msg = common::sync_message(s, text);
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || match decode_message(&msg) {
            Ok((_, K::Error(e))) => format!("'{}", e.to_str_lossy()),
            Ok((_, v)) => format!("{v:?}"),
            Err(e) => format!("undecodable: {e}"),
        })
        .unwrap()
        .join()
        .unwrap()
}

fn error(msg: &str) -> String {
    format!("'{}", Sym::from(msg).to_str_lossy())
}

/// The server is still there and well: a new client's `1+1` is 2.
fn answers(port: u16) {
    let mut c = client(port);
    assert_eq!(sync(&mut c, "1+1"), format!("{:?}", K::long(2)));
}

#[test]
fn deep_nesting_gets_answers_or_stack_and_never_kills_the_server() {
    let (_srv, port) = Session::server(&["-T", "60"]);
    let mut c = client(port);
    sync(&mut c, "a:1;do[100000;a:enlist a]");
    assert_eq!(sync(&mut c, "a~a"), format!("{:?}", K::bool(true)));
    // The value itself goes back to the client whole.
    let back = sync(&mut c, "a");
    assert!(
        !back.starts_with('\'') && !back.starts_with("undecodable"),
        "{back}"
    );
    assert_eq!(
        sync(&mut c, "count -8!a"),
        format!("{:?}", K::long(600_016))
    );
    assert_eq!(sync(&mut c, "count string a"), format!("{:?}", K::long(1)));
    // Dropping it frees every level without recursion.
    sync(&mut c, "a:0");
    answers(port);

    // Deeper than the stack can walk: 'stack, from match and from -8!.
    sync(&mut c, "b:3000000 enlist/1");
    assert_eq!(sync(&mut c, "b~b"), error("stack"));
    assert_eq!(sync(&mut c, "count -8!b"), error("stack"));
    assert_eq!(sync(&mut c, "b"), error("stack"));
    sync(&mut c, "b:0");
    // Runaway recursion in a lambda.
    assert_eq!(sync(&mut c, "g:{g x};g 1"), error("stack"));
    // A name that names itself, applied.
    assert_eq!(sync(&mut c, "n:`n;`n 1"), error("stack"));
    answers(port);
}

#[test]
fn nesting_costs_no_more_than_its_depth() {
    // Each level used to double the cost; forty levels must finish long
    // before the query timeout.
    let (_srv, port) = Session::server(&["-T", "30"]);
    let mut c = client(port);
    let r = sync(&mut c, "a:1;do[40;a:(enlist`k)!enlist a];count -8!a");
    assert!(!r.starts_with('\''), "{r}");
    answers(port);
}

#[test]
fn huge_and_runaway_allocations_get_wsfull() {
    let (_srv, port) = Session::server(&["-w", "512"]);
    let mut c = client(port);
    assert_eq!(
        sync(&mut c, "count (til 100000) cross til 100000"),
        error("wsfull")
    );
    assert_eq!(sync(&mut c, "f:{f x,x};f 1 2 3"), error("wsfull"));
    assert_eq!(sync(&mut c, "count 100000000#1"), error("wsfull"));
    // \w shows the limit it enforces; a smaller workload still fits.
    assert_eq!(
        sync(&mut c, "(system\"w\")3"),
        format!("{:?}", K::long(512 << 20))
    );
    assert_eq!(
        sync(&mut c, "count til 1000000"),
        format!("{:?}", K::long(1_000_000))
    );
    answers(port);
}

#[test]
fn a_query_past_the_timeout_stops_and_the_server_goes_on() {
    let (mut srv, port) = Session::server(&["-T", "1"]);
    let mut c = client(port);
    assert_eq!(sync(&mut c, "while[1;]"), error("stop"));
    // A lambda that sets a global runs item by item, so the timer stops it.
    let r = sync(&mut c, "{g::x} each til 100000000");
    assert!(r == error("stop"), "{}", &r[..r.len().min(200)]);
    // The same client carries on, and so does the console.
    assert_eq!(sync(&mut c, "2+2"), format!("{:?}", K::long(4)));
    assert_eq!(srv.run("\\T"), "1i\n");
    answers(port);
}

#[test]
fn handles_apply_as_functions_and_traps_catch_remote_errors() {
    let (_srv, port) = Session::server(&[]);
    let mut console = Session::start(&["-q"], &[]);
    console.run(&format!("h:hopen {port}"));
    assert_eq!(console.run("@[h;\"2+2\";{x}]"), "4\n");
    assert_eq!(
        console.run("@[h;\"2+`a\";{\"remote \",x}]"),
        "\"remote type\"\n"
    );
    assert_eq!(console.run(".[h;enlist \"2+2\";{x}]"), "4\n");
    assert_eq!(console.run("h . enlist \"3+3\""), "6\n");
    assert_eq!(console.run("@[h;\"4+4\"]"), "8\n");
    assert_eq!(console.run("h each (\"1+1\";\"2+2\")"), "2 4\n");
    assert_eq!(console.run("(neg h)\"x:42\";h\"x\""), "42\n");
}

#[test]
fn a_session_under_an_address_space_limit_says_wsfull_and_goes_on() {
    // 10 GB of strings under a 3 GB `ulimit -v`: the allocation that
    // would not fit would end the process, so the evaluator stops first.
    let mut child = std::process::Command::new("sh")
        .args(["-c", "ulimit -v 3000000 && exec \"$0\" -q"])
        .arg(env!("CARGO_BIN_EXE_qrepl"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn qrepl under ulimit");
    let input = "v:{10000#\"b\"} each til 1000000\nv:{(x;10000#\"b\")} each til 1000000\n1+2\n";
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("qrepl ends");
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "ended by a signal: {errors}");
    assert_eq!(errors.matches("'wsfull").count(), 2, "{errors}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "3\n");
}
