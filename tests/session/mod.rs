//! Drives real `qrepl` processes for end-to-end tests: each session's stdin
//! is a pipe, and its stdout and stderr are read together, one statement
//! at a time (a sentinel line marks where each statement's output ends).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

const SENTINEL: &str = "\u{1}end";

/// A running qrepl process.
pub struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
}

impl Session {
    /// Starts `qrepl` with `args`; `env` adds environment variables.
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        let (reader, writer) = std::io::pipe().expect("pipe");
        let err_writer = writer.try_clone().expect("pipe clone");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_qrepl"));
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(writer)
            .stderr(err_writer)
            .env_remove("QUDSPATH");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("qrepl starts");
        drop(cmd);
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        thread::spawn(move || {
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            stdin,
            lines: rx,
        }
    }

    /// Starts a server listening on a free port; returns it and the port.
    pub fn server(extra: &[&str]) -> (Session, u16) {
        let mut args = vec!["-p", "0W"];
        args.extend_from_slice(extra);
        let mut s = Session::start(&args, &[]);
        let port = s.port();
        (s, port)
    }

    /// The port this process listens on (`\p`).
    pub fn port(&mut self) -> u16 {
        let out = self.run("\\p");
        out.trim()
            .trim_end_matches('i')
            .parse()
            .unwrap_or_else(|_| panic!("\\p printed {out:?}"))
    }

    /// Sends a statement without waiting for its output.
    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{line}").expect("write to qrepl");
        stdin.flush().expect("flush");
    }

    /// Sends a statement and returns everything it printed (stdout and
    /// stderr interleaved), waiting up to 20 seconds.
    pub fn run(&mut self, line: &str) -> String {
        self.run_within(line, Duration::from_secs(20))
    }

    /// Like [`Session::run`] with a time limit.
    pub fn run_within(&mut self, line: &str, limit: Duration) -> String {
        self.send(line);
        self.send(&format!("-1\"{SENTINEL}\";"));
        self.read_until_sentinel(limit)
    }

    /// Output printed so far without a statement of ours (for example by
    /// handlers), waiting `quiet` for more to arrive.
    pub fn drain(&mut self, quiet: Duration) -> String {
        let mut out = String::new();
        while let Ok(l) = self.lines.recv_timeout(quiet) {
            out.push_str(&l);
            out.push('\n');
        }
        out
    }

    fn read_until_sentinel(&mut self, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        let mut out = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if l == SENTINEL => return out,
                Ok(l) => {
                    out.push_str(&l);
                    out.push('\n');
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no output end within {limit:?}; got {out:?}")
                }
                Err(RecvTimeoutError::Disconnected) => return out,
            }
        }
    }

    /// Closes stdin and waits for the exit status (up to 20 s).
    pub fn finish(mut self) -> (Option<i32>, String) {
        self.stdin = None;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                let rest = self.drain(Duration::from_millis(200));
                return (status.code(), rest);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("qrepl did not exit");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
