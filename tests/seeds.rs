//! The two IPC tutorials the project started from, run with qrepl on both
//! sides: a server process and a client process, each fed the lines the
//! tutorial types, printing what the tutorial shows.

mod session;

use std::time::{Duration, Instant};

use session::Session;

fn client() -> Session {
    Session::start(&[], &[])
}

/// "kdb+ IPC for Beginners": connecting, .z.W and .z.H, sync requests in
/// all forms, dictionaries and value, and hclose.
#[test]
fn beginners_connecting_and_sync_requests() {
    let (mut srv, port) = Session::server(&[]);
    assert_eq!(srv.run("f:{x+y}"), "");
    let mut c = client();
    let h = c.run(&format!("hopen {port}"));
    assert!(h.trim().ends_with('i'), "hopen prints a handle: {h:?}");
    assert_eq!(c.run(&format!("h:hopen `::{port}")), "");
    assert_eq!(c.run("h\"2+2\""), "4\n");
    assert_eq!(c.run("h\"x:3\""), "");
    assert_eq!(srv.run("x"), "3\n");
    // show runs on the server and prints there.
    assert_eq!(c.run("h\"show 4\""), "");
    assert_eq!(srv.drain(Duration::from_millis(300)), "4\n");
    assert_eq!(c.run("h(+;2;2)"), "4\n");
    assert_eq!(c.run("h(`f;4;5)"), "9\n");
    // A dictionary as text comes back whole; as a value, value gives its values.
    assert_eq!(c.run("h\"`a`b`c!1 2 3\""), "a| 1\nb| 2\nc| 3\n");
    assert_eq!(c.run("h`a`b`c!1 2 3"), "1 2 3\n");
    // Two handles, both idle.
    let w = c.run(".z.W");
    assert_eq!(w.lines().count(), 2, "{w}");
    assert!(w.lines().all(|l| l.ends_with("| ")), "{w:?}");
    assert_eq!(c.run(".z.H~key .z.W"), "1b\n");
    let handles = c.run(".z.H");
    assert!(handles.trim().ends_with('i') && handles.split_whitespace().count() == 2);
    let first = c.run("first .z.H");
    assert_eq!(c.run(&format!("hclose {}", first.trim())), "");
    assert_eq!(c.run("count .z.W"), "1\n");
}

/// The output queue: an async message waits in .z.W until flushed.
#[test]
fn beginners_async_queue_and_flush() {
    let (_srv, port) = Session::server(&[]);
    let mut c = client();
    c.run(&format!("h:hopen`::{port}"));
    let w = c.run("neg[h]\"2+2\";.z.W");
    assert!(
        w.ends_with("| 17\n"),
        "one queued message of 17 bytes: {w:?}"
    );
    assert_eq!(c.run("-22!\"2+2\""), "17\n");
    assert_eq!(
        c.run("sleep:{now:.z.p; waittime:x * 00:00:01; while[waittime>.z.p - now]}"),
        ""
    );
    // Without a flush the message is still queued after the sleep...
    let w = c.run("neg[h]\"2+2\";sleep[1];.z.W");
    assert!(w.ends_with("| 17\n"), "{w:?}");
    // ...the loop has written it by the next line...
    assert!(c.run(".z.W").ends_with("| \n"));
    // ...and with one, nothing remains even inside the same line.
    let w = c.run("neg[h]\"2+2\";neg[h][];sleep[1];.z.W");
    assert!(w.ends_with("| \n"), "{w:?}");
    assert_eq!(c.run("neg[h]\"y:5\""), "");
    assert_eq!(c.run("h\"\""), "");
    assert_eq!(c.run("h\"y\""), "5\n");
}

/// .z.po / .z.pc keep a connections table; \x restores the default.
#[test]
fn beginners_open_and_close_handlers() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("connections:([]handle:`int$();ip:`int$();user:`$())");
    srv.run(".z.po:{`connections upsert (.z.w;.z.a;.z.u)}");
    srv.run(".z.pc:{delete from `connections where handle=x}");
    let mut c = Session::start(&[], &[("USER", "user123")]);
    c.run(&format!("h:hopen {port}"));
    let t = srv.run("connections");
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines[0].trim_end(), "handle ip         user");
    assert!(lines[2].contains("2130706433 user123"), "{t}");
    c.run("hclose h");
    // .z.pc runs when the server sees the close.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let t = srv.run("count connections");
        if t == "0\n" {
            break;
        }
        assert!(Instant::now() < deadline, "connection row not deleted: {t}");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(srv.run("connections"), "handle ip user\n--------------\n");
    assert_eq!(srv.run("\\x .z.po"), "");
    c.run(&format!("h:hopen {port}"));
    assert_eq!(srv.run("count connections"), "0\n");
}

/// .z.pw refuses users on a block list with 'access.
#[test]
fn beginners_password_handler_refuses() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("blacklist:`user123");
    srv.run(".z.pw:{[user;pass] $[user in blacklist;0b;1b]}");
    let mut c = Session::start(&[], &[("USER", "user123")]);
    let out = c.run(&format!("hopen {port}"));
    assert!(out.starts_with("'access\n"), "{out:?}");
    let mut ok = Session::start(&[], &[("USER", "someone")]);
    assert!(ok.run(&format!("hopen {port}")).trim().ends_with('i'));
}

/// .z.pg can log queries and still answer them.
#[test]
fn beginners_get_handler_tracks_queries() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("query_tracker:([]time:`timestamp$();user:`$();query:())");
    srv.run(".z.pg:{[x]`query_tracker upsert (.z.p;.z.u;x);value x}");
    let mut c = Session::start(&[], &[("USER", "user123")]);
    c.run(&format!("h:hopen {port}"));
    assert_eq!(c.run("h\"2+2\""), "4\n");
    let t = srv.run("query_tracker");
    assert!(
        t.starts_with("time                          user    query"),
        "{t}"
    );
    assert!(
        t.lines().nth(2).unwrap().contains(" user123 \"2+2\""),
        "{t}"
    );
    // The tutorial's version passes four values to a three-column table.
    srv.run(".z.pg:{[x]`query_tracker upsert (.z.p;.z.u;.z.u;x);value x}");
    assert!(c.run("h\"2+2\"").starts_with("'length"));
}

/// Sync vs async while the client sleeps: a sync message has run by the
/// time it returns; an async one waits in the queue until the sleep ends.
#[test]
fn beginners_sync_and_async_with_a_sleeping_client() {
    let (mut srv, port) = Session::server(&[]);
    let mut c = client();
    c.run(&format!("h:hopen {port}"));
    c.send("h\"c:10\";system \"sleep 2\"");
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(srv.run("c"), "10\n");
    c.run("");
    c.send("neg[h]\"c:11\";system \"sleep 2\"");
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(srv.run("c"), "10\n", "the async message is still queued");
    c.run("");
    assert_eq!(srv.run("c"), "11\n");
    let out = srv.run("d");
    assert!(out.starts_with("'d\n  [0]  d\n       ^\n"), "{out:?}");
}

/// "IPC: Connecting": \p, hopen forms and .z.W.
#[test]
fn connecting_ports_and_handles() {
    let mut q = client();
    assert_eq!(q.run("\\p"), "0i\n");
    let mut srv = client();
    let port = free_port();
    assert_eq!(srv.run(&format!("\\p {port}")), "");
    assert_eq!(srv.run("\\p"), format!("{port}i\n"));
    let (mut s2, _) = Session::server(&[]);
    let p2 = s2.port();
    assert!(p2 > 0);
    assert_eq!(q.run(&format!("h:hopen {port}")), "");
    assert_eq!(q.run(&format!("h1:hopen `:localhost:{port}")), "");
    assert_eq!(q.run(&format!("h2:hopen `::{port}")), "");
    assert_eq!(q.run("count .z.W"), "3\n");
    assert_eq!(q.run("hclose h1"), "");
    assert_eq!(q.run("hclose h2"), "");
    assert_eq!(q.run("count .z.W"), "1\n");
}

/// .z.pw with permitted users; the failed hopen shows the caret under hopen.
#[test]
fn connecting_password_check_with_caret() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("permittedusers:`abc`xyz`pqr");
    srv.run(".z.pw:{[u;p] (u in permittedusers) and (p~\"pass\")}");
    let mut c = client();
    let out = c.run(&format!("h:hopen `::{port}"));
    assert_eq!(
        out,
        format!("'access\n  [0]  h:hopen `::{port}\n         ^\n")
    );
    assert_eq!(c.run(&format!("h:hopen `::{port}:abc:pass")), "");
    assert_eq!(c.run("count .z.W"), "1\n");
}

/// .z.po and .z.pc output appears on the server's console.
#[test]
fn connecting_open_and_close_handlers_show() {
    let (mut srv, port) = Session::server(&[]);
    srv.run(".z.po:{[x] show(.z.a;.z.u;x)}");
    srv.run(".z.pc:{[x] show(`closed;x)}");
    let mut c = client();
    c.run(&format!("h2:hopen `::{port}:abc:pass"));
    let shown = srv.drain(Duration::from_millis(300));
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[0], "2130706433i");
    assert_eq!(lines[1], "`abc");
    assert!(lines[2].ends_with('i'));
    c.run("hclose h2");
    let shown = srv.drain(Duration::from_millis(300));
    assert!(shown.starts_with("`closed\n"), "{shown:?}");
}

/// A server busy in `system "sleep 60"` cannot answer the handshake, so a
/// hopen with a timeout gives 'timeout.
#[test]
fn connecting_timeout_against_a_busy_server() {
    let (mut srv, port) = Session::server(&[]);
    srv.send("system \"sleep 5\"");
    std::thread::sleep(Duration::from_millis(300));
    let mut c = client();
    let start = Instant::now();
    let out = c.run(&format!("h2:hopen (`::{port}:abc:pass;10)"));
    assert!(out.starts_with("'timeout\n  [0]  h2:hopen (`::"), "{out:?}");
    assert!(start.elapsed() < Duration::from_secs(3));
}

/// -u users file: only listed user/password pairs get in.
#[test]
fn connecting_users_file() {
    let dir = std::env::temp_dir().join(format!("qrepl-users-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("users.txt");
    std::fs::write(&file, "abc:pass1\nxyz:pass2\nqwe:pass3").unwrap();
    let (_srv, port) = Session::server(&["-u", file.to_str().unwrap()]);
    let mut c = client();
    assert!(
        c.run(&format!("h2:hopen `::{port}:abc:pass"))
            .starts_with("'access\n")
    );
    assert_eq!(c.run(&format!("h2:hopen `::{port}:abc:pass1")), "");
    assert!(
        c.run(&format!("h2:hopen `::{port}:xyz:pass1"))
            .starts_with("'access\n")
    );
    assert_eq!(c.run(&format!("h2:hopen `::{port}:xyz:pass2")), "");
    // -u also blocks system commands and exit from clients.
    assert!(c.run("h2\"\\\\p\"").starts_with("'access"));
    assert!(c.run("h2\"exit 0\"").starts_with("'access"));
    assert_eq!(c.run("h2\"1+1\""), "2\n");
    let _ = std::fs::remove_dir_all(&dir);
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}
