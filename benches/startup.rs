//! Start-up time of the `qrepl` binary: `qrepl -e 1+1` from spawn to exit,
//! and an interactive session from spawn to its first `q)` prompt on a
//! pseudo-terminal. Run with `cargo bench --bench startup`.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

const QREPL: &str = env!("CARGO_BIN_EXE_qrepl");

fn eval_and_exit(c: &mut Criterion) {
    c.bench_function("qrepl -e 1+1", |b| {
        b.iter(|| {
            let out = Command::new(QREPL)
                .args(["-e", "1+1"])
                .stdin(Stdio::null())
                .output()
                .expect("run qrepl");
            assert_eq!(out.stdout, b"2\n");
        });
    });
}

/// Spawns qrepl on a new pseudo-terminal and returns once `q)` is on it.
fn first_prompt(history: &str) {
    let (mut master_fd, mut slave_fd) = (-1, -1);
    // SAFETY: openpty fills both descriptors; null means default settings.
    let rc = unsafe {
        libc::openpty(
            &mut master_fd,
            &mut slave_fd,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both descriptors were just opened and are owned here.
    let (mut master, slave) =
        unsafe { (File::from_raw_fd(master_fd), OwnedFd::from_raw_fd(slave_fd)) };
    let mut cmd = Command::new(QREPL);
    cmd.args(["-q", "--history", history])
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .stdin(Stdio::from(slave.try_clone().expect("dup")))
        .stdout(Stdio::from(slave.try_clone().expect("dup")))
        .stderr(Stdio::from(slave));
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            libc::ioctl(0, libc::TIOCSCTTY, 0);
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("spawn qrepl");
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !seen.windows(2).any(|w| w == b"q)") {
        let n = master.read(&mut buf).expect("read pty");
        assert!(n > 0, "qrepl closed the terminal");
        seen.extend_from_slice(&buf[..n]);
        if seen.windows(4).any(|w| w == b"\x1b[6n") {
            // The editor asks where the cursor is before drawing the prompt.
            master.write_all(b"\x1b[1;1R").expect("answer");
            seen.clear();
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn prompt(c: &mut Criterion) {
    let history = std::env::temp_dir().join(format!("qrepl-bench-{}", std::process::id()));
    let history = history.to_string_lossy().into_owned();
    c.bench_function("qrepl to first prompt", |b| {
        b.iter(|| first_prompt(&history))
    });
    let _ = std::fs::remove_file(&history);
}

criterion_group! {
    name = startup;
    config = Criterion::default().measurement_time(Duration::from_secs(5));
    targets = eval_and_exit, prompt
}
criterion_main!(startup);
