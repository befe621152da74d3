//! The checked-in shell completions and man page match what
//! `qrepl --generate` prints now, and the man page passes groff's lint.

use std::path::Path;
use std::process::Command;

use qrepl::cli::Generate;
use qrepl::generate::{path, render};

const KINDS: [Generate; 6] = [
    Generate::Bash,
    Generate::Zsh,
    Generate::Fish,
    Generate::Elvish,
    Generate::Powershell,
    Generate::Man,
];

fn checked_in(kind: Generate) -> Vec<u8> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(path(kind));
    std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

#[test]
fn generated_files_are_up_to_date() {
    let stale: Vec<&str> = KINDS
        .into_iter()
        .filter(|&k| checked_in(k) != render(k))
        .map(path)
        .collect();
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; regenerate with `cargo run -q -- --generate KIND > FILE`"
    );
}

#[test]
fn the_binary_prints_what_is_checked_in() {
    let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .args(["--generate", "zsh"])
        .output()
        .expect("run qrepl");
    assert!(out.status.success());
    assert_eq!(out.stdout, checked_in(Generate::Zsh));
}

#[test]
fn man_page_passes_groff_lint() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join(path(Generate::Man));
    let out = match Command::new("groff")
        .args(["-man", "-ww", "-z"])
        .arg(&page)
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("groff is not installed; man page lint not run");
            return;
        }
        Err(e) => panic!("groff: {e}"),
    };
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && warnings.is_empty(),
        "groff: {warnings}"
    );
}
