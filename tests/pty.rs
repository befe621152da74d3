//! The interactive REPL driven through a pseudo-terminal: keys go in, and a
//! terminal emulator (vt100) keeps the screen that the tests read. Covers
//! completion, multi-line input, Ctrl-C, Ctrl-D, history and colour.

mod session;

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::num::NonZeroU16;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

const QREPL: &str = env!("CARGO_BIN_EXE_qrepl");
const ROWS: NonZeroU16 = NonZeroU16::new(30).unwrap();
const COLS: NonZeroU16 = NonZeroU16::new(100).unwrap();
/// How long a screen may take to show what a test waits for.
const PATIENCE: Duration = Duration::from_secs(10);
/// The terminal's query for the cursor position, which the line editor
/// sends before each prompt.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// qrepl running on a pseudo-terminal.
struct Session {
    child: Child,
    master: File,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Session {
    /// Starts qrepl with `args` on a fresh terminal, with its own history file.
    fn start(args: &[&str], envs: &[(&str, &str)]) -> Session {
        let mut master_fd = -1;
        let mut slave_fd = -1;
        let size = libc::winsize {
            ws_row: ROWS.get(),
            ws_col: COLS.get(),
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: openpty fills the two descriptors; the other arguments
        // may be null or point to a valid winsize.
        let rc = unsafe {
            libc::openpty(
                &mut master_fd,
                &mut slave_fd,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
        // SAFETY: both descriptors were just opened and are owned here.
        let (master, slave) =
            unsafe { (File::from_raw_fd(master_fd), OwnedFd::from_raw_fd(slave_fd)) };
        let mut cmd = Command::new(QREPL);
        cmd.args(args)
            .env("TERM", "xterm")
            .env_remove("NO_COLOR")
            .env_remove("QREPL_PASSWORD")
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave));
        for (k, v) in envs {
            cmd.env(k, v);
        }
        // SAFETY: only async-signal-safe calls between fork and exec: a new
        // session whose controlling terminal is the pty on stdin, so Ctrl-C
        // raises SIGINT in qrepl as it would in a real terminal.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("spawn qrepl on a pty");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().expect("dup master");
        let mut answer = master.try_clone().expect("dup master");
        let (screen2, raw2) = (screen.clone(), raw.clone());
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Ends when qrepl exits and the pty reports EIO.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut raw = raw2.lock().expect("raw");
                let before = raw.len().saturating_sub(CURSOR_QUERY.len() - 1);
                raw.extend_from_slice(&buf[..n]);
                let queries = raw[before..]
                    .windows(CURSOR_QUERY.len())
                    .filter(|w| *w == CURSOR_QUERY)
                    .count();
                drop(raw);
                let mut screen = screen2.lock().expect("screen");
                screen.process(&buf[..n]);
                for _ in 0..queries {
                    let (row, col) = screen.screen().cursor_position();
                    let _ = write!(answer, "\x1b[{};{}R", row + 1, col + 1);
                }
            }
        });
        Session {
            child,
            master,
            screen,
            raw,
        }
    }

    /// The screen's text, rows joined with newlines, trailing blanks trimmed.
    fn contents(&self) -> String {
        let screen = self.screen.lock().expect("screen");
        let rows: Vec<String> = screen
            .screen()
            .rows(0, COLS.get())
            .map(|r| r.trim_end().to_string())
            .collect();
        rows.join("\n").trim_end().to_string()
    }

    /// Waits until the screen satisfies `test`; panics with the screen if not.
    fn wait_for(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let text = self.contents();
            if test(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{text}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the last non-blank line of the screen is exactly `line`.
    fn wait_last_line(&self, line: &str) -> String {
        self.wait_for(&format!("last line {line:?}"), |s| {
            s.lines().last().is_some_and(|l| l == line)
        })
    }

    /// Types `keys` (control characters included).
    fn keys(&mut self, keys: &str) {
        self.master.write_all(keys.as_bytes()).expect("type");
        self.master.flush().expect("flush");
    }

    /// Types `line` and Enter, once the prompt `prompt` is waiting.
    fn enter(&mut self, prompt: &str, line: &str) {
        self.wait_last_line(prompt);
        self.keys(line);
        self.wait_last_line(&format!("{prompt}{line}"));
        self.keys("\r");
    }

    /// Waits for qrepl to exit and returns its status code.
    fn wait_exit(&mut self) -> Option<i32> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.code();
            }
            assert!(
                Instant::now() < deadline,
                "qrepl did not exit; screen:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().expect("raw").clone()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether one line of `screen` holds all of `words` (a completion list).
fn has_line_with(screen: &str, words: &[&str]) -> bool {
    screen
        .lines()
        .any(|l| words.iter().all(|w| l.split_whitespace().any(|x| x == *w)))
}

/// A history file path in a fresh directory (which qrepl creates).
fn history_path() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir()
        .join(format!(
            "qrepl-pty-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ))
        .join("history")
        .to_string_lossy()
        .into_owned()
}

fn local(extra: &[&str]) -> (Session, String) {
    let history = history_path();
    let mut args = vec!["-q", "--history", history.as_str()];
    args.extend_from_slice(extra);
    (Session::start(&args, &[("NO_COLOR", "1")]), history)
}

#[test]
fn tab_completes_keywords_and_variables() {
    let (mut s, _) = local(&[]);
    s.wait_last_line("q)");
    s.keys("ti\t");
    s.wait_last_line("q)til");
    s.keys(" 3\r");
    s.wait_for("til 3", |t| t.contains("q)til 3\n0 1 2"));
    s.enter("q)", "myvariable:42");
    s.wait_last_line("q)");
    s.keys("myv\t");
    s.wait_last_line("q)myvariable");
    s.keys("\r");
    s.wait_for("the value", |t| t.ends_with("q)myvariable\n42\nq)"));
    s.keys(".z.p\t\t");
    s.wait_for("the .z.p names", |t| {
        has_line_with(t, &[".z.pc", ".z.pg", ".z.ps"])
    });
}

#[test]
fn open_brackets_continue_on_the_next_line() {
    let (mut s, _) = local(&[]);
    s.enter("q)", "f:{x+");
    // No result and no prompt yet: the editor waits for the rest.
    s.wait_last_line("q)f:{x+");
    s.keys(" y}");
    s.wait_last_line(" y}");
    s.keys("\r");
    s.enter("q)", "f[2;3]");
    s.wait_for("the sum", |t| t.ends_with("q)f[2;3]\n5\nq)"));
}

#[test]
fn ctrl_c_clears_the_line() {
    let (mut s, _) = local(&[]);
    s.wait_last_line("q)");
    s.keys("half typed");
    s.wait_last_line("q)half typed");
    s.keys("\x03");
    s.wait_last_line("q)");
    s.enter("q)", "1+1");
    let screen = s.wait_for("the result", |t| t.ends_with("q)1+1\n2\nq)"));
    assert!(!screen.contains("'half"), "{screen}");
}

#[test]
fn ctrl_c_interrupts_a_long_evaluation() {
    let (mut s, _) = local(&[]);
    s.enter("q)", "do[10000000000;]");
    // The loop would run for hours. A Ctrl-C that lands before evaluation
    // starts is dropped with the line's stale state, so press until heard.
    // Each press gets a second to be heard, so no spare Ctrl-C reaches the
    // next prompt.
    let stopped = |s: &Session| s.contents().contains("'stop");
    let deadline = Instant::now() + PATIENCE;
    while !stopped(&s) {
        assert!(Instant::now() < deadline, "not stopped:\n{}", s.contents());
        thread::sleep(Duration::from_millis(200));
        s.keys("\x03");
        let heard_by = Instant::now() + Duration::from_secs(1);
        while !stopped(&s) && Instant::now() < heard_by {
            thread::sleep(Duration::from_millis(20));
        }
    }
    s.enter("q)", "2+2");
    s.wait_for("the next result", |t| t.ends_with("q)2+2\n4\nq)"));
}

#[test]
fn ctrl_d_and_double_backslash_exit() {
    let (mut s, _) = local(&[]);
    s.wait_last_line("q)");
    s.keys("\x04");
    assert_eq!(s.wait_exit(), Some(0));
    let (mut s, _) = local(&[]);
    s.enter("q)", "\\\\");
    assert_eq!(s.wait_exit(), Some(0));
}

#[test]
fn a_lone_backslash_switches_to_k_and_back() {
    // syscmds.md: with no suspension, `\` toggles between q and k, and
    // the k prompt is two spaces.
    let (mut s, _) = local(&[]);
    s.enter("q)", "\\");
    // The k prompt is blank on screen: wait for it to be drawn.
    let k_prompt = |raw: &[u8]| raw.windows(5).any(|w| w == b"\x1b[K  ");
    let deadline = Instant::now() + PATIENCE;
    while !k_prompt(&s.raw_output()) {
        assert!(Instant::now() < deadline, "no k prompt: {}", s.contents());
        thread::sleep(Duration::from_millis(20));
    }
    s.keys("#:'(1 2;\"abc\")");
    s.wait_last_line("  #:'(1 2;\"abc\")");
    s.keys("\r");
    s.wait_for("the k result", |t| t.ends_with("  #:'(1 2;\"abc\")\n2 3"));
    s.keys("\\");
    s.wait_last_line("  \\");
    s.keys("\r");
    s.enter("q)", "count each (1 2;\"abc\")");
    s.wait_for("the q result", |t| {
        t.ends_with("q)count each (1 2;\"abc\")\n2 3\nq)")
    });
}

#[test]
fn an_error_in_a_lambda_opens_the_debugger_prompt() {
    let (mut s, _) = local(&[]);
    s.enter("q)", "f:{x+`a}");
    s.enter("q)", "f 7");
    // One `)` more for each level of the debugger (debug.md).
    s.enter("q))", "x");
    s.wait_for("the local x", |t| t.ends_with("q))x\n7\nq))"));
    s.enter("q))", "\\");
    s.wait_last_line("q)");
}

#[test]
fn history_persists_across_sessions() {
    let (mut s, history) = local(&[]);
    s.enter("q)", "a:6*7");
    s.enter("q)", "\\\\");
    assert_eq!(s.wait_exit(), Some(0));
    let saved = std::fs::read_to_string(&history).expect("history file");
    assert!(saved.lines().any(|l| l == "a:6*7"), "{saved}");

    let mut s = Session::start(&["-q", "--history", &history], &[("NO_COLOR", "1")]);
    s.wait_last_line("q)");
    // Up arrow recalls the line before `\\`.
    s.keys("\x1b[A\x1b[A");
    s.wait_last_line("q)a:6*7");
    // Ctrl-U clears it; Ctrl-R finds it again by a piece of it.
    s.keys("\x15");
    s.wait_last_line("q)");
    s.keys("\x126*");
    s.wait_for("the search", |t| {
        t.lines()
            .last()
            .is_some_and(|l| l.contains("reverse-i-search") && l.contains("a:6*7"))
    });
    s.keys("\r");
    s.enter("q)", "a");
    s.wait_for("the value", |t| t.ends_with("q)a\n42\nq)"));
}

#[test]
fn the_banner_shows_unless_quiet() {
    let history = history_path();
    let s = Session::start(&["--history", &history], &[("NO_COLOR", "1")]);
    let screen = s.wait_last_line("q)");
    assert!(screen.starts_with("qrepl "), "{screen}");
}

#[test]
fn colour_only_without_no_color() {
    let history = history_path();
    let mut s = Session::start(&["-q", "--history", &history], &[]);
    s.enter("q)", "s:\"green\"");
    s.enter("q)", "1+`a");
    s.wait_for("the error", |t| t.contains("'type"));
    let raw = String::from_utf8_lossy(&s.raw_output()).into_owned();
    assert!(raw.contains("\x1b[32m\"green\""), "strings are green");
    assert!(raw.contains("\x1b[31m'type"), "errors are red");

    let (mut s, _) = local(&[]);
    s.enter("q)", "s:\"plain\"");
    s.enter("q)", "1+`a");
    s.wait_for("the error", |t| t.contains("'type"));
    let raw = String::from_utf8_lossy(&s.raw_output()).into_owned();
    assert!(!raw.contains("\x1b[3"), "NO_COLOR means no colour: {raw:?}");
}

/// A `qrepl -p 0W` server fed from a pipe; killed when dropped.
struct Server {
    child: Child,
    _stdin: ChildStdin,
    port: u16,
}

impl Server {
    /// Starts the server with `args`, runs `setup` in its console and
    /// learns its port.
    fn start(args: &[&str], setup: &str) -> Server {
        let mut child = Command::new(QREPL)
            .args(["-p", "0W"])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn server");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        stdin
            .write_all(format!("{setup}\n\\p\n").as_bytes())
            .expect("write");
        stdin.flush().expect("flush");
        let mut line = String::new();
        stdout.read_line(&mut line).expect("port");
        let port = line
            .trim_end()
            .trim_end_matches('i')
            .parse()
            .unwrap_or_else(|_| panic!("server said {line:?}"));
        Server {
            child,
            _stdin: stdin,
            port,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn remote_sessions_complete_remote_names() {
    let server = Server::start(
        &[],
        "remotevar:1;remotefn:{x};.feed.upd:{x};quotes:([]sym:1#`a;bidsize:1#1)",
    );
    let port = server.port;
    let history = history_path();
    let target = format!(":{port}");
    let mut s = Session::start(
        &["-q", "--history", &history, &target],
        &[("NO_COLOR", "1")],
    );
    let prompt = format!("localhost:{port}>");
    s.wait_last_line(&prompt);
    // The names arrive in the background; completion offers them then.
    s.keys("remote");
    let deadline = Instant::now() + PATIENCE;
    while !has_line_with(&s.contents(), &["remotefn", "remotevar"]) {
        assert!(
            Instant::now() < deadline,
            "no remote names:\n{}",
            s.contents()
        );
        s.keys("\t\t");
        thread::sleep(Duration::from_millis(200));
    }
    s.keys("\x03");
    // Names defined by a line are offered after it.
    s.enter(&prompt, "newremote:2");
    s.wait_last_line(&prompt);
    // The refreshed names arrive in the background too: Tab until they do.
    s.keys("newr");
    let completed = format!("{prompt}newremote");
    let deadline = Instant::now() + PATIENCE;
    while s.contents().lines().last() != Some(completed.as_str()) {
        assert!(
            Instant::now() < deadline,
            "no new remote name:\n{}",
            s.contents()
        );
        s.keys("\t");
        thread::sleep(Duration::from_millis(200));
    }
    s.keys("\r");
    s.wait_for("the remote value", |t| {
        t.ends_with(&format!("{prompt}newremote\n2\n{prompt}"))
    });
    // Names inside the remote's namespaces, and its tables' columns.
    s.keys(".feed.u\t");
    s.wait_last_line(&format!("{prompt}.feed.upd"));
    s.keys("\x03");
    s.wait_last_line(&prompt);
    s.keys("bidsi\t");
    s.wait_last_line(&format!("{prompt}bidsize"));
    s.keys("\x03");
}

#[test]
fn ask_password_reads_it_without_echo() {
    let dir = std::path::PathBuf::from(history_path());
    let users = dir.with_file_name("users.txt");
    std::fs::create_dir_all(users.parent().expect("dir")).expect("dir");
    std::fs::write(&users, "ann:s3cret\n").expect("users file");
    let server = Server::start(&["-U", users.to_str().expect("utf-8")], "");
    let history = history_path();
    let target = format!("localhost:{}:ann", server.port);
    let mut s = Session::start(
        &["-q", "--ask-password", "--history", &history, &target],
        &[("NO_COLOR", "1")],
    );
    let asked = format!("password for localhost:{}: ", server.port);
    s.wait_last_line(asked.trim_end());
    s.keys("s3cret\r");
    let prompt = format!("localhost:{}>", server.port);
    s.enter(&prompt, ".z.u");
    let screen = s.wait_for("the user", |t| t.ends_with(&format!("`ann\n{prompt}")));
    assert!(
        !screen.contains("s3cret"),
        "the password was echoed:\n{screen}"
    );
}

/// A console session waiting on a sync call that a server takes 8 s to
/// answer, past the first second (its spinner shows the wait).
fn waiting_on_a_slow_server() -> (session::Session, Session) {
    let (srv, port) = session::Session::server(&[]);
    let (mut s, _) = local(&[]);
    s.enter("q)", &format!("h:hopen {port}"));
    s.enter("q)", "h\"system \\\"sleep 8\\\"\"");
    s.wait_for("the spinner", |t| t.contains("waiting on handle"));
    (srv, s)
}

/// Presses Ctrl-C until the sync call being waited on reports that it was
/// interrupted (the first may come before the wait has begun).
fn interrupt_the_wait(s: &mut Session) {
    let heard = |s: &Session| s.contents().contains("Interrupted system call");
    let deadline = Instant::now() + PATIENCE;
    while !heard(s) {
        assert!(
            Instant::now() < deadline,
            "not interrupted:\n{}",
            s.contents()
        );
        s.keys("\x03");
        let by = Instant::now() + Duration::from_secs(1);
        while !heard(s) && Instant::now() < by {
            thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn ctrl_c_stops_waiting_for_a_sync_answer() {
    let (_srv, mut s) = waiting_on_a_slow_server();
    interrupt_the_wait(&mut s);
    let screen = s.contents();
    assert!(screen.contains("'rcv handle: "), "{screen}");
    // The handle stays open; the late answer is dropped when it comes.
    s.enter("q)", "count .z.W");
    s.wait_for("the handle", |t| t.ends_with("q)count .z.W\n1\nq)"));
    s.enter("q)", "h\"1+1\"");
    s.wait_for("the next answer", |t| t.ends_with("q)h\"1+1\"\n2\nq)"));
}

#[test]
fn lines_typed_while_waiting_run_after_ctrl_c() {
    let (_srv, mut s) = waiting_on_a_slow_server();
    // Typed ahead while the call waits, then the call is interrupted.
    s.keys("6*7\r");
    thread::sleep(Duration::from_millis(200));
    interrupt_the_wait(&mut s);
    // The line typed ahead is kept and runs next.
    s.wait_for("the typed-ahead line", |t| t.contains("\n42\n"));
}

#[test]
fn handler_output_appears_above_the_line_being_typed() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (mut s, _) = local(&["-p", &port.to_string()]);
    s.wait_last_line("q)");
    s.keys("half typed");
    s.wait_last_line("q)half typed");
    // A client asks this session to show something while the line is open.
    let mut client = session::Session::start(&[], &[]);
    assert_eq!(client.run(&format!("h:hopen {port}")), "");
    assert_eq!(client.run("h\"show 6*7\""), "");
    let screen = s.wait_for("the shown value", |t| t.contains("42"));
    assert!(
        screen.lines().last() == Some("q)half typed"),
        "the typed line survives below the output:\n{screen}"
    );
    s.keys("\x15");
    s.enter("q)", "1+1");
    s.wait_for("the result", |t| t.ends_with("q)1+1\n2\nq)"));
}

#[test]
fn an_unwritable_history_file_does_not_stop_the_session() {
    let mut s = Session::start(
        &["-q", "--history", "/proc/qrepl-no-such-dir/history"],
        &[("NO_COLOR", "1")],
    );
    s.enter("q)", "1+1");
    s.wait_for("the result", |t| t.ends_with("q)1+1\n2\nq)"));
    s.enter("q)", "2+2");
    s.wait_for("the next result", |t| t.ends_with("q)2+2\n4\nq)"));
}
