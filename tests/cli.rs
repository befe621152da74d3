//! End-to-end tests of the `qrepl` binary: piped sessions, `-e`, output
//! formats, scripts, startup errors, and remote sessions against a
//! `qrepl -p 0W` server started by the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const QREPL: &str = env!("CARGO_BIN_EXE_qrepl");

/// A qrepl command with no terminal, no colour and no password from the
/// caller's environment.
fn qrepl(args: &[&str]) -> Command {
    let mut c = Command::new(QREPL);
    c.args(args)
        .env_remove("QREPL_PASSWORD")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// What a finished run printed and how it exited.
#[derive(Debug)]
struct Run {
    out: String,
    err: String,
    code: i32,
}

/// Runs qrepl with `args`, `input` on stdin, and waits for it to end.
fn run(args: &[&str], input: &str) -> Run {
    let mut child = qrepl(args).spawn().expect("spawn qrepl");
    let mut stdin = child.stdin.take().expect("stdin");
    // qrepl may end before reading everything (an exit, a startup error).
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    let out = child.wait_with_output().expect("wait for qrepl");
    Run {
        out: String::from_utf8_lossy(&out.stdout).into_owned(),
        err: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// A file in a fresh directory under the system temp dir.
fn temp_file(name: &str, text: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "qrepl-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path
}

// ---- piped sessions ----

#[test]
fn piped_lines_print_results_without_prompts() {
    let r = run(&[], "x:til 5\nx+1\n\"abc\"\n`a`b\n([]a:1 2;b:`x`y)\n");
    assert_eq!(r.out, "1 2 3 4 5\n\"abc\"\n`a`b\na b\n---\n1 x\n2 y\n");
    assert_eq!((r.err.as_str(), r.code), ("", 0));
}

// namespaces.md: key ` lists q's namespaces and the session's own; qrepl's
// settings namespace (.qrepl, with the trace and its watchers) is not one
// of them, as .z is not, even while tracing.
#[test]
fn key_of_the_root_lists_only_q_and_user_namespaces() {
    let r = run(&["--trace-file", "/dev/null"], "key `\n.foo.a:1\nkey `\n");
    assert_eq!(r.out, "`q`Q`h`j`o\n`q`Q`h`j`o`foo\n");
    assert_eq!(r.code, 0);
}

#[test]
fn errors_go_to_stderr_with_a_caret_and_fail_the_session() {
    let r = run(&[], "1+`a\n2+2\n");
    assert_eq!(r.out, "4\n");
    assert_eq!(r.err, "'type\n  [0]  1+`a\n        ^\n");
    assert_eq!(r.code, 1);
}

#[test]
fn stop_on_error_skips_the_rest() {
    let r = run(&["--stop-on-error"], "1\n'`boom\n2\n");
    assert_eq!(r.out, "1\n");
    assert_eq!(r.err, "'boom\n  [0]  '`boom\n       ^\n");
    assert_eq!(r.code, 1);
    // Without the flag every line runs.
    let r = run(&[], "1\n'`boom\n2\n");
    assert_eq!((r.out.as_str(), r.code), ("1\n2\n", 1));
}

#[test]
fn exit_and_double_backslash_end_the_session() {
    let r = run(&[], "1\nexit 3\n2\n");
    assert_eq!((r.out.as_str(), r.code), ("1\n", 3));
    let r = run(&[], "1\n\\\\\n2\n");
    assert_eq!((r.out.as_str(), r.code), ("1\n", 0));
}

#[test]
fn piped_lines_follow_script_continuation_rules() {
    let r = run(
        &[],
        "f:{[a;b]\n  a+b}\n/ a comment\n/\nnot code\n\\\nf[2;3]\n\\\n99\n",
    );
    assert_eq!((r.out.as_str(), r.err.as_str(), r.code), ("5\n", "", 0));
}

#[test]
fn a_statement_runs_when_piped_input_pauses() {
    // A program driving qrepl gets each answer before sending more.
    let mut child = qrepl(&[]).spawn().expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    stdin.write_all(b"6*7\n").expect("write");
    stdin.flush().expect("flush");
    let mut line = String::new();
    out.read_line(&mut line).expect("read");
    assert_eq!(line, "42\n");
    drop(stdin);
    assert!(child.wait().expect("wait").success());
}

// ---- -e ----

#[test]
fn eval_flags_run_in_order_and_exit() {
    let r = run(&["-e", "a:6", "-e", "a*7", "-e", "-1 \"done\";"], "");
    assert_eq!(
        (r.out.as_str(), r.err.as_str(), r.code),
        ("42\ndone\n", "", 0)
    );
}

#[test]
fn eval_failures_set_the_status() {
    let r = run(&["-e", "1+`a", "-e", "2"], "");
    assert_eq!((r.out.as_str(), r.code), ("2\n", 1));
    assert!(r.err.starts_with("'type\n"), "{}", r.err);
    let r = run(&["--stop-on-error", "-e", "1+`a", "-e", "2"], "");
    assert_eq!((r.out.as_str(), r.code), ("", 1));
}

// ---- formats ----

#[test]
fn csv_json_and_box_formats() {
    let t = "([]a:1 2;b:`x`y)";
    let csv = run(&["--format", "csv", "-e", t], "");
    assert_eq!(csv.out, "a,b\n1,x\n2,y\n");
    let json = run(&["--format", "json", "-e", t], "");
    assert_eq!(json.out, "[{\"a\":1,\"b\":\"x\"},{\"a\":2,\"b\":\"y\"}]\n");
    let boxed = run(&["--format", "box", "-e", t], "");
    assert_eq!(
        boxed.out,
        "┌───┬───┐\n│ a ┆ b │\n╞═══╪═══╡\n│ 1 ┆ x │\n│ 2 ┆ y │\n└───┴───┘\n"
    );
}

#[test]
fn format_command_switches_modes_mid_session() {
    let r = run(
        &[],
        "\\format\n\\format json\n\\format\n1 2\n\\format q\n1 2\n\\format xml\n",
    );
    assert_eq!(r.out, "q\njson\n[1,2]\n1 2\n");
    assert_eq!(r.err, "'format: use q, box, csv or json\n");
    assert_eq!(r.code, 1);
}

// ---- closed pipes ----

/// Reads one line of `stdout`, then closes it, as `| head -1` does.
fn read_one_line_and_close(stdout: ChildStdout) -> String {
    let mut out = BufReader::new(stdout);
    let mut line = String::new();
    out.read_line(&mut line).expect("read");
    line
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = qrepl(&["--format", "csv", "-e", "([]a:til 200000)"])
        .spawn()
        .expect("spawn");
    drop(child.stdin.take());
    let first = read_one_line_and_close(child.stdout.take().expect("stdout"));
    assert_eq!(first, "a\n");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr");
    let status = child.wait().expect("wait");
    assert_eq!((status.code(), err.as_str()), (Some(0), ""));
}

#[test]
fn a_closed_pipe_stops_piped_sessions_too() {
    let mut child = qrepl(&[]).spawn().expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // Keep feeding lines that print; qrepl must stop on its own.
    let writer = std::thread::spawn(move || {
        for i in 0..100_000 {
            if stdin.write_all(format!("{i}\n").as_bytes()).is_err() {
                break;
            }
        }
    });
    let first = read_one_line_and_close(child.stdout.take().expect("stdout"));
    assert_eq!(first, "0\n");
    let status = child.wait().expect("wait");
    let _ = writer.join();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn generated_text_through_a_closed_pipe_is_fine() {
    let mut child = qrepl(&["--generate", "man"]).spawn().expect("spawn");
    let first = read_one_line_and_close(child.stdout.take().expect("stdout"));
    assert!(!first.is_empty());
    assert_eq!(child.wait().expect("wait").code(), Some(0));
}

// ---- scripts, console size, precision ----

#[test]
fn scripts_load_with_continuations_and_args() {
    let script = temp_file(
        "init.q",
        "show .z.x\nf:{[a;b]\n  a+b}\n/ comment\n/\nblock comment\n\\\n-1 string f[2;3];\n",
    );
    let path = script.to_str().expect("utf-8 path");
    let r = run(&[path, "alpha", "beta"], "f[10;20]\n");
    assert_eq!(r.out, "\"alpha\"\n\"beta\"\n5\n30\n");
    assert_eq!((r.err.as_str(), r.code), ("", 0));
    // Options the script takes, dashes and all, are its own (`.z.x`);
    // qrepl's own options after it still apply to qrepl.
    let r = run(&[path, "-log", "1", "-P", "3", "-db", "x"], "1%3\n");
    assert_eq!(r.out, "\"-log\"\n,\"1\"\n\"-db\"\n,\"x\"\n5\n0.333\n");
    assert_eq!((r.err.as_str(), r.code), ("", 0));
}

#[test]
fn a_script_may_exit_the_process() {
    let script = temp_file("exit.q", "-1 \"loaded\";\nexit 4\n-1 \"not reached\";\n");
    let path = script.to_str().expect("utf-8 path");
    let r = run(&[path, "-e", "-1 \"not run\";"], "");
    assert_eq!(
        (r.out.as_str(), r.err.as_str(), r.code),
        ("loaded\n", "", 4)
    );
}

#[test]
fn stop_on_error_covers_the_script_too() {
    let script = temp_file("bad.q", "1+`a\n");
    let path = script.to_str().expect("utf-8 path");
    let r = run(&[path, "--stop-on-error"], "1+1\n");
    assert_eq!((r.out.as_str(), r.code), ("", 1));
    assert!(r.err.starts_with("'type\n"), "{}", r.err);
}

#[test]
fn a_missing_script_is_an_error_the_session_survives() {
    let r = run(&["/nonexistent/init.q"], "1+1\n");
    assert_eq!(r.out, "2\n");
    assert_eq!(
        r.err,
        "'/nonexistent/init.q. OS reports: No such file or directory\n"
    );
    assert_eq!(r.code, 1);
}

#[test]
fn console_size_and_precision_flags() {
    let r = run(&["-c", "10", "20", "-e", "til 100"], "");
    assert_eq!(r.out, "0 1 2 3 4 5 6 7 8..\n");
    let r = run(&["-P", "3", "-e", "1%3", "-e", "\\P"], "");
    assert_eq!(r.out, "0.333\n3i\n");
    let r = run(&["-P", "18"], "");
    assert_eq!(r.err, "qrepl: -P 18: digits must be 0 to 17\n");
    assert_eq!(r.code, 2);
}

// ---- startup errors ----

#[test]
fn users_file_errors_stop_startup() {
    let r = run(&["-u", "/nonexistent/users.txt", "-e", "1"], "");
    assert_eq!(
        (r.out.as_str(), r.err.as_str(), r.code),
        (
            "",
            "qrepl: users file /nonexistent/users.txt: No such file or directory\n",
            2
        )
    );
    let bad = temp_file("users.txt", "no colon here\n");
    let r = run(&["-U", bad.to_str().expect("utf-8"), "-e", "1"], "");
    assert_eq!(
        r.err,
        format!(
            "qrepl: users file {}: line 1: expected user:password\n",
            bad.display()
        )
    );
    assert_eq!(r.code, 2);
}

#[test]
fn bad_targets_and_unreachable_remotes_stop_startup() {
    let r = run(&["db1:notaport"], "");
    assert_eq!(r.code, 2);
    assert!(
        r.err
            .starts_with("qrepl: db1:notaport: neither a script nor [host]:port"),
        "{}",
        r.err
    );
    let port = free_port();
    let r = run(&[&format!(":{port}")], "1\n");
    assert_eq!(
        r.err,
        format!("qrepl: localhost:{port}: 'hop. OS reports: Connection refused\n")
    );
    assert_eq!(r.code, 2);
}

// ---- remote sessions ----

/// A port nothing listens on (just released by the OS).
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// A `qrepl -p 0W` server fed from a pipe; killed when dropped.
struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    port: u16,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut all = vec!["-p", "0W"];
        all.extend_from_slice(args);
        Server::on(&all)
    }

    /// Starts qrepl with `args` and asks it for its port: `\p` shows it as
    /// `12345i`, and a piped statement runs as soon as input pauses.
    fn on(args: &[&str]) -> Server {
        let mut child = qrepl(args).spawn().expect("spawn server");
        let mut stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        stdin.write_all(b"\\p\n").expect("ask the port");
        stdin.flush().expect("flush");
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read the port");
        let port = line
            .trim_end()
            .strip_suffix('i')
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("server said {line:?}"));
        Server {
            child,
            stdin,
            stdout,
            port,
        }
    }

    /// Evaluates `line` in the server's own console and returns the one
    /// line it prints (so `line` must print exactly one).
    fn eval(&mut self, line: &str) -> String {
        self.stdin
            .write_all(format!("{line}\n").as_bytes())
            .expect("write to server");
        self.stdin.flush().expect("flush");
        let mut out = String::new();
        self.stdout.read_line(&mut out).expect("server output");
        out
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn remote_lines_run_on_the_server_and_render_here() {
    let server = Server::start(&[]);
    let target = format!(":{}", server.port);
    let r = run(
        &[&target],
        "a:til 3\na+1\n1+`a\n\\\\format json\n([]x:1 2)\n\\\\c 10 20\n\\\\format q\ntil 100\n",
    );
    assert_eq!(r.out, "1 2 3\n[{\"x\":1},{\"x\":2}]\n0 1 2 3 4 5 6 7 8..\n");
    // Remote errors carry no caret: the text was evaluated over there.
    assert_eq!((r.err.as_str(), r.code), ("'type\n", 1));
    // The variable lives on the server.
    let r = run(&[&format!("localhost:{}", server.port), "-e", "a"], "");
    assert_eq!((r.out.as_str(), r.code), ("0 1 2\n", 0));
}

#[test]
fn the_line_is_sent_exactly_as_typed() {
    let mut server = Server::start(&[]);
    assert_eq!(server.eval(".z.pg:{seen::x;value x};-1\"ok\";"), "ok\n");
    let r = run(&[&format!(":{}", server.port)], "  1+1 / sum\n");
    assert_eq!(r.out, "2\n");
    assert_eq!(server.eval("seen"), "\"  1+1 / sum\"\n");
}

#[test]
fn passwords_from_the_environment_authenticate_and_stay_out_of_argv() {
    let users = temp_file("users.txt", "ann:s3cret\n");
    let server = Server::start(&["-U", users.to_str().expect("utf-8")]);
    let target = format!("localhost:{}:ann", server.port);

    // No password: the server refuses.
    let r = run(&[&target, "-e", "1"], "");
    assert_eq!(r.code, 2);
    assert!(r.err.ends_with(": 'access\n"), "{}", r.err);

    // The password from QREPL_PASSWORD works, and the process list
    // shows only what was typed on the command line.
    let mut child = qrepl(&[&target])
        .env("QREPL_PASSWORD", "s3cret")
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    stdin.write_all(b".z.u\n").expect("write");
    stdin.flush().expect("flush");
    let mut line = String::new();
    out.read_line(&mut line).expect("read");
    assert_eq!(line, "`ann\n");
    let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id())).expect("cmdline");
    let cmdline = String::from_utf8_lossy(&cmdline);
    assert!(cmdline.contains(&target), "{cmdline}");
    assert!(!cmdline.contains("s3cret"), "{cmdline}");
    drop(stdin);
    assert!(child.wait().expect("wait").success());
}

#[test]
fn a_dropped_remote_is_reported_and_the_next_line_reconnects() {
    let server = Server::start(&[]);
    let port = server.port;
    let mut client = qrepl(&[&format!(":{port}")]).spawn().expect("spawn");
    let mut stdin = client.stdin.take().expect("stdin");
    let mut out = BufReader::new(client.stdout.take().expect("stdout"));
    let mut err = BufReader::new(client.stderr.take().expect("stderr"));
    let mut send = |line: &str| {
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .expect("write");
        stdin.flush().expect("flush");
    };
    let mut line = String::new();
    send("1+1");
    out.read_line(&mut line).expect("read");
    assert_eq!(line, "2\n");

    drop(server);
    line.clear();
    err.read_line(&mut line).expect("read");
    assert_eq!(
        line,
        format!("connection to localhost:{port} lost; the next line reconnects\n")
    );

    // Nothing listens: the line fails and the session goes on.
    send("2+2");
    line.clear();
    err.read_line(&mut line).expect("read");
    assert_eq!(line, "'hop. OS reports: Connection refused\n");

    // A new server on the same port: the next line reconnects.
    let _again = Server::on(&["-p", &port.to_string()]);
    send("3+3");
    line.clear();
    err.read_line(&mut line).expect("read");
    assert_eq!(line, format!("reconnected to localhost:{port}\n"));
    line.clear();
    out.read_line(&mut line).expect("read");
    assert_eq!(line, "6\n");

    // `\\` asks for exit 0 whatever failed before.
    send("\\\\");
    assert_eq!(client.wait().expect("wait").code(), Some(0));
}

#[test]
fn sync_and_async_messages_from_a_local_session() {
    let mut server = Server::start(&[]);
    let script = format!(
        "h:hopen {}\nh\"a:1\"\nneg[h]\"b:a+1\"\nh\"b\"\nh\"1+`x\"\nneg[h]\"1+`x\"\nh\"c:3\"\nhclose h\n",
        server.port
    );
    let r = run(&[], &script);
    // A sync request returns what the server's value gives: for an
    // assignment, the value assigned.
    assert_eq!(r.out, "1\n2\n3\n");
    assert_eq!(r.err, "'type\n  [0]  h\"1+`x\"\n       ^\n");
    // The async error is reported by the server, not the sender.
    assert_eq!(server.eval("c"), "3\n");
}

// ---- system commands that reach the process ----

// syscmds.md: `\1 f` and `\2 f` append stdout and stderr to a file, made
// with its directories; `\1 /dev/stdin` gives stdout back.
#[test]
fn backslash_1_and_2_redirect_output_to_files() {
    let marker = temp_file("marker", "");
    let dir = marker.parent().expect("dir").join("logs");
    let out = dir.join("out.txt");
    let err = dir.join("err.txt");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(&out, "before\n").unwrap();
    let input = format!(
        "1\n\\1 {}\n\\2 {}\ntil 3\n2+`a\n\\1 /dev/stdin\n4\n",
        out.display(),
        err.display()
    );
    let r = run(&[], &input);
    assert_eq!(r.out, "1\n4\n");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "before\n0 1 2\n");
    assert!(std::fs::read_to_string(&err).unwrap().starts_with("'type"));
    assert!(!r.err.contains("'type"), "{:?}", r.err);
}

// syscmds.md: `\r src dst` renames a file; `\s`, `\W`, `\C` and `\e`
// show and set their settings.
#[test]
fn rename_and_process_settings() {
    let f = temp_file("a.txt", "x\n");
    let g = f.with_file_name("b.txt");
    let input = format!(
        "\\r {} {}\n\\s\n\\s 0N\n\\s 4\n\\W\n\\W 0\n\\W\n\\C\n\\C 5 3000\n\\C\n\\e\n\\e 3\n\\e 1\n\\e\n",
        f.display(),
        g.display()
    );
    let r = run(&[], &input);
    assert!(!f.exists());
    assert_eq!(std::fs::read_to_string(&g).unwrap(), "x\n");
    assert_eq!(r.out, "0i\n0i\n2i\n0i\n36 2000i\n10 2000i\n0i\n1i\n");
    assert!(
        r.err.contains("'limit") && r.err.contains("'domain"),
        "{:?}",
        r.err
    );
}

// Scripts written for kdb+ may hold Latin-1 bytes (in comments most
// often): they load, each such byte read as its Latin-1 character.
#[test]
fn scripts_with_latin1_bytes_load() {
    let path = temp_file("latin1.q", "");
    std::fs::write(&path, b"a:1 / caf\xe9\nb:\"\xc3\xa9\"\n").expect("write");
    let r = run(&[path.to_str().expect("utf-8")], "a\ncount b\n");
    assert_eq!(r.out, "1\n2\n");
    assert_eq!(r.err, "");
    let r = run(&[], &format!("\\l {}\na\n", path.display()));
    assert_eq!(r.out, "1\n");
}
