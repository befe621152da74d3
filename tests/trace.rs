//! The IPC message trace (`--trace`, `--trace-file`, `.qrepl.trace`):
//! one line per message with time, handle, direction, kind, size, queue
//! depth and, for our own sync requests, the wait.

mod session;

use std::time::Duration;

use session::Session;

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qrepl-trace-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

/// The value of `key=` in `line`.
fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    line.split(' ')
        .find_map(|w| w.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
}

fn is_stamp(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 29 && b[4] == b'.' && b[7] == b'.' && b[10] == b'D' && b[13] == b':'
}

#[test]
fn a_client_traces_sync_async_and_flushes_to_a_file() {
    let (mut srv, port) = Session::server(&[]);
    srv.run("a:0");
    let path = temp_path("client.log");
    let mut client = Session::start(&["--trace-file", path.to_str().unwrap()], &[]);
    let h = client.run(&format!("h:hopen {port}"));
    assert_eq!(h, "");
    assert_eq!(client.run("h\"2+2\""), "4\n");
    // Queues are written after each console line; flush within the line.
    client.run("neg[h]\"a:1\"; neg[h]\"a+:1\"; neg[h][]");
    client.run("-25!(enlist h;::)");
    assert_eq!(client.run("h\"a\""), "2\n");
    let h = client.run("h").trim().trim_end_matches('i').to_string();
    let text = std::fs::read_to_string(&path).expect("trace file");
    let lines: Vec<&str> = text.lines().collect();
    for l in &lines {
        assert!(is_stamp(l.split(' ').next().unwrap()), "{l}");
        assert_eq!(field(l, "handle"), Some(h.as_str()), "{l}");
        assert!(field(l, "queue").is_some(), "{l}");
        assert!(field(l, "bytes").is_some(), "{l}");
    }
    let kinds: Vec<String> = lines
        .iter()
        .map(|l| l.split(' ').skip(2).take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        kinds,
        [
            "out sync",
            "in response",
            "out async",
            "out async",
            "out flush",
            "out flush",
            "out sync",
            "in response"
        ],
        "{text}"
    );
    // Queue depths: the second async message queues behind the first.
    assert_eq!(field(lines[2], "queue"), Some("1"), "{text}");
    assert_eq!(field(lines[3], "queue"), Some("2"), "{text}");
    assert_eq!(field(lines[4], "messages"), Some("2"), "{text}");
    assert_eq!(field(lines[4], "queue"), Some("0"), "{text}");
    assert_eq!(field(lines[5], "messages"), Some("0"), "{text}");
    // Only responses to our sync requests carry the wait.
    let wait = field(lines[1], "wait").expect("wait");
    assert!(wait.ends_with("ms"), "{wait}");
    assert!(field(lines[0], "wait").is_none());
    // `"2+2"` as sent: an 8-byte header, type, attributes, length, 3 chars.
    assert_eq!(field(lines[0], "bytes"), Some("17"), "{text}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_server_traces_to_stderr_and_can_be_switched() {
    let (mut srv, port) = Session::server(&["--trace"]);
    let mut client = Session::start(&[], &[]);
    client.run(&format!("h:hopen {port}"));
    assert_eq!(client.run("h\"1+1\""), "2\n");
    let out = srv.drain(Duration::from_millis(300));
    assert!(out.contains(" in sync bytes="), "{out:?}");
    assert!(out.contains(" out response bytes="), "{out:?}");
    client.run("neg[h]\"b:1\"");
    client.run("neg[h][]");
    let out = srv.drain(Duration::from_millis(300));
    assert!(out.contains(" in async bytes="), "{out:?}");
    // Off inside the session...
    srv.run(".qrepl.trace:0b");
    assert_eq!(client.run("h\"b\""), "1\n");
    let out = srv.drain(Duration::from_millis(300));
    assert!(!out.contains("handle="), "{out:?}");
    // ...and on again, to a file.
    let path = temp_path("server.log");
    srv.run(&format!(".qrepl.trace:`$\":{}\"", path.display()));
    assert_eq!(client.run("h\"b+1\""), "2\n");
    let text = std::fs::read_to_string(&path).expect("trace file");
    assert!(text.contains(" in sync bytes="), "{text}");
    assert!(text.contains(" out response bytes="), "{text}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_remote_session_traces_the_remote_sides_messages_too() {
    let (mut srv, port) = Session::server(&[]);
    let path = temp_path("remote.log");
    let target = format!("localhost:{port}");
    let mut client = Session::start(&[&target, "--trace-file", path.to_str().unwrap()], &[]);
    client.send("1+1");
    client.send("a:til 3");
    client.send("count a");
    let (code, _) = client.finish();
    assert_eq!(code, Some(0));
    let text = std::fs::read_to_string(&path).expect("trace file");
    let remote: Vec<&str> = text.lines().filter(|l| l.contains(" remote=")).collect();
    // The server's view of our requests: received as sync messages, then
    // answered. (The server may read the first request together with the
    // watch request, before it starts sending lines.)
    assert!(
        remote
            .iter()
            .any(|l| l.contains(" in sync bytes=") && field(l, "handle").is_some()),
        "{text}"
    );
    assert!(
        remote.iter().any(|l| l.contains(" out response ")),
        "{text}"
    );
    for l in &remote {
        assert!(is_stamp(l.split(' ').next().unwrap()), "{l}");
    }
    // This side's own lines are there as before, and the server, which
    // traces nothing itself, wrote no trace of its own.
    assert!(
        text.lines()
            .any(|l| !l.contains(" remote=") && l.contains(" out sync bytes=17 ")),
        "{text}"
    );
    // A closed watcher is forgotten once the server sees the close.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let mut out = srv.run(".qrepl.watch");
    while out != "`int$()\n" && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        out = srv.run(".qrepl.watch");
    }
    assert_eq!(out, "`int$()\n");
    let _ = std::fs::remove_file(&path);
}
