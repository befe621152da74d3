//! The Python interpreter that runs the interop peers (KX's serializer via
//! pykx, and aiokdb): `QREPL_PYTHON` if set, else the repository's
//! `.ci/venv`, created on first use under a lock so that parallel test
//! binaries do not race.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Written into the venv once its packages are installed.
const READY_MARKER: &str = ".qrepl-ready";

fn run(cmd: &mut Command, what: &str) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("{what}: cannot start {cmd:?}: {e}"));
    assert!(status.success(), "{what}: {cmd:?} exited with {status}");
}

/// The interpreter to run interop scripts with.
///
/// # Panics
/// When `QREPL_PYTHON` names a missing file, or the venv cannot be created
/// (no `python3`, or no access to PyPI): the interop tests need it.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("QREPL_PYTHON") {
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
pub fn script(script: &str) -> Command {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop")
        .join(script);
    let mut cmd = Command::new(python());
    cmd.arg(path)
        .env("PYKX_UNLICENSED", "true")
        .env("PYKX_SUPPRESS_WARNINGS", "true");
    cmd
}
