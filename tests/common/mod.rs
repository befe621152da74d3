//! Code shared by the integration tests: hex, message wrapping, the
//! Python interpreter that runs the interop peers (KX's serializer via pykx,
//! and aiokdb), the shared test vectors, generated values and their
//! canonical descriptions.
#![allow(dead_code)]

pub mod describe;
pub mod values;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Written into the venv once its packages are installed.
const READY_MARKER: &str = ".qrepl-ready";

fn run(cmd: &mut Command, what: &str) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("{what}: cannot start {cmd:?}: {e}"));
    assert!(status.success(), "{what}: {cmd:?} exited with {status}");
}

/// The interpreter to run interop scripts with: `QREPL_PYTHON` if set,
/// else the repository's `.ci/venv`, created on first use (with pykx and
/// aiokdb from PyPI) under a file lock so parallel test binaries do not race.
///
/// # Panics
/// When `QREPL_PYTHON` names a missing file, or the venv cannot be created
/// (no `python3`, or no access to PyPI): the interop tests need it.
pub fn python() -> PathBuf {
    // Empty counts as unset, as in .ci/run.
    if let Some(p) = std::env::var_os("QREPL_PYTHON").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(p.exists(), "QREPL_PYTHON={} does not exist", p.display());
        return p;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let venv = root.join(".ci/venv");
    let python = venv.join("bin/python");
    let lock_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("qrepl-venv.lock");
    let lock = File::create(&lock_path)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", lock_path.display()));
    lock.lock()
        .unwrap_or_else(|e| panic!("cannot lock {}: {e}", lock_path.display()));
    if !venv.join(READY_MARKER).exists() {
        let what = "creating the interop venv (set QREPL_PYTHON to use another Python)";
        if !python.exists() {
            run(
                Command::new("python3").arg("-m").arg("venv").arg(&venv),
                what,
            );
        }
        run(
            Command::new(&python).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "pykx",
                "aiokdb",
            ]),
            what,
        );
        std::fs::write(venv.join(READY_MARKER), b"")
            .unwrap_or_else(|e| panic!("{what}: cannot write the marker: {e}"));
    }
    drop(lock);
    python
}

/// A command running `script` (a path under `tests/interop/`) with the
/// interop interpreter, pykx in unlicensed mode.
pub fn python_script(script: &str) -> Command {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop")
        .join(script);
    let mut cmd = Command::new(python());
    cmd.arg(path)
        .env("PYKX_UNLICENSED", "true")
        .env("PYKX_SUPPRESS_WARNINGS", "true");
    cmd
}

/// Bytes from hex text; whitespace is ignored.
///
/// # Panics
/// On text that is not an even number of hex digits (a broken test table).
pub fn unhex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {s:?}"
    );
    digits
        .chunks(2)
        .map(|pair| {
            let text = std::str::from_utf8(pair).expect("ascii hex");
            u8::from_str_radix(text, 16).unwrap_or_else(|_| panic!("bad hex {text:?} in {s:?}"))
        })
        .collect()
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A little-endian message of type `msg_type` around `payload`.
pub fn message(msg_type: u8, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(8 + payload.len()).expect("test message under 4 GB");
    let mut m = vec![1, msg_type, 0, 0];
    m.extend_from_slice(&len.to_le_bytes());
    m.extend_from_slice(payload);
    m
}

/// The text of `name` from the shared test vectors, kept beside the
/// checkout in `../shared/vectors` rather than in it. When the file is
/// absent (as in a fresh clone) this says on stderr that the test is
/// skipped and gives `None`; the caller then returns, and the test passes.
///
/// # Panics
/// When the file is there but cannot be read.
pub fn shared_vector(name: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: ../shared/vectors/{name} is absent");
            None
        }
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// The `name=value` lines a peer script prints, in order.
pub fn key_values(stdout: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The value a peer printed for `name`.
pub fn get<'a>(results: &'a [(String, String)], name: &str) -> &'a str {
    results
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {results:?}"))
}

/// Reads one whole IPC message (header and body, 32-bit length) from a
/// raw connection.
pub fn read_message(s: &mut std::net::TcpStream) -> Vec<u8> {
    use std::io::Read;
    let mut msg = vec![0u8; 8];
    s.read_exact(&mut msg).expect("message header");
    let len = u32::from_le_bytes(msg[4..8].try_into().unwrap()) as usize;
    msg.resize(len, 0);
    s.read_exact(&mut msg[8..]).expect("message body");
    msg
}

/// Sends `text` as a sync request over a logged-in raw connection and
/// returns the response message, undecoded.
pub fn sync_message(s: &mut std::net::TcpStream, text: &str) -> Vec<u8> {
    use qrepl::ipc::{EncodeOptions, MsgType, encode_message};
    use std::io::Write;
    let m = encode_message(
        MsgType::Sync,
        &qrepl::k::K::string(text),
        &EncodeOptions::default(),
    )
    .unwrap();
    s.write_all(&m).unwrap();
    read_message(s)
}

/// A port on 127.0.0.1 that nothing listens on now.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("its address").port()
}

/// A child process, killed and reaped when dropped, so that a failing
/// test leaves no server behind.
pub struct Reaped(pub std::process::Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs a peer program (a Python or Node script printing `key=value`
/// lines), asserting it succeeded; its stdout and those pairs.
pub fn peer_output(cmd: &mut Command) -> (String, Vec<(String, String)>) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pairs = key_values(&out.stdout);
    (stdout, pairs)
}

/// Runs qrepl as a piped session in `dir` with `input` on stdin, and
/// returns what it printed: stdout, then stderr.
pub fn piped_session(dir: &Path, input: &str) -> String {
    let (out, err) = piped_output(dir, input);
    out + &err
}

/// [`piped_session`], with stdout and stderr apart.
pub fn piped_output(dir: &Path, input: &str) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn qrepl");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
