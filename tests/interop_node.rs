//! `qrepl -p` against node-q, the kdb+ client for Node.js: sync and async
//! requests, a function call, a dictionary, a table, a q error, and a users
//! file, each checked from the Node side by `tests/interop/node_q_peer.js`.
//!
//! node-q comes from npm: `.ci/run` installs it into `.ci/node` and sets
//! `QREPL_NODE_MODULES` to its `node_modules` folder. Without that variable,
//! or without `node`, these tests say so on stderr and pass.

mod common;
mod session;

use common::get;

use std::path::{Path, PathBuf};
use std::process::Command;

use session::Session;

/// The folder holding node-q, or `None` (after saying why) when the tests
/// cannot run.
///
/// # Panics
/// When `QREPL_NODE_MODULES` is set but holds no node-q.
fn node_modules() -> Option<PathBuf> {
    // Empty counts as unset, as for QREPL_PYTHON.
    let Some(dir) = std::env::var_os("QREPL_NODE_MODULES").filter(|d| !d.is_empty()) else {
        eprintln!("skipped: QREPL_NODE_MODULES is unset (.ci/run installs node-q and sets it)");
        return None;
    };
    let dir = PathBuf::from(dir);
    assert!(
        dir.join("node-q/package.json").exists(),
        "QREPL_NODE_MODULES={} has no node-q",
        dir.display()
    );
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: node is not installed");
        return None;
    }
    Some(dir)
}

/// Runs node_q_peer.js with `args`; returns its `name=value` lines, the
/// values as JSON text.
fn run_peer(modules: &Path, args: &[&str]) -> Vec<(String, String)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/node_q_peer.js");
    let out = Command::new("node")
        .arg("--no-deprecation")
        .arg(script)
        .args(args)
        .env("NODE_PATH", modules)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "node-q peer {args:?} exited with {}:\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    common::key_values(&out.stdout)
}

#[test]
fn node_q_client_queries_a_qrepl_server() {
    let Some(modules) = node_modules() else {
        return;
    };
    let (mut srv, port) = Session::server(&[]);
    let r = run_peer(&modules, &["client", &port.to_string()]);
    assert_eq!(get(&r, "sum"), "2");
    assert_eq!(
        get(&r, "async"),
        "42",
        "an async assignment, then a sync read"
    );
    assert_eq!(
        get(&r, "count"),
        "100",
        "async messages applied before the sync"
    );
    assert_eq!(get(&r, "call"), "42");
    assert_eq!(get(&r, "dict"), r#"{"a":1,"b":2}"#);
    assert_eq!(
        get(&r, "table"),
        r#"[{"a":1,"b":"x"},{"a":2,"b":"y"},{"a":3,"b":"z"}]"#
    );
    assert_eq!(get(&r, "error"), r#""type""#);
    assert_eq!(get(&r, "after"), "4");
    // The async messages ran on the server.
    assert_eq!(srv.run("x,n"), "42 100\n");
}

#[test]
fn node_q_client_with_a_users_file() {
    let Some(modules) = node_modules() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("qrepl-node-users-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("users");
    std::fs::write(&file, "alice:wonder\nbob:builder\n").unwrap();
    let (_srv, port) = Session::server(&["-u", file.to_str().unwrap()]);
    let port = port.to_string();
    let auth = |args: &[&str]| {
        let mut all = vec!["auth", port.as_str()];
        all.extend_from_slice(args);
        get(&run_peer(&modules, &all), "auth").to_string()
    };
    assert_eq!(auth(&["alice", "wonder"]), "2");
    assert_eq!(auth(&["bob", "builder"]), "2");
    assert_eq!(auth(&["alice", "wrong"]), r#""refused""#);
    assert_eq!(
        auth(&["alice", "builder"]),
        r#""refused""#,
        "bob's password"
    );
    assert_eq!(
        auth(&["carol", "wonder"]),
        r#""refused""#,
        "an unknown user"
    );
    assert_eq!(auth(&[]), r#""refused""#, "no credentials");
    let _ = std::fs::remove_dir_all(&dir);
}
