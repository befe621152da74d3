//! Shell completions and the man page, generated from the clap command so
//! they never drift from the flags.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, Generate};

/// The text `--generate kind` prints.
pub fn render(kind: Generate) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    let shell = match kind {
        Generate::Bash => Shell::Bash,
        Generate::Zsh => Shell::Zsh,
        Generate::Fish => Shell::Fish,
        Generate::Elvish => Shell::Elvish,
        Generate::Powershell => Shell::PowerShell,
        Generate::Man => {
            // Writing to a Vec cannot fail.
            let _ = clap_mangen::Man::new(cmd).render(&mut out);
            return out;
        }
    };
    clap_complete::generate(shell, &mut cmd, "qrepl", &mut out);
    out
}

/// Where each generated file lives in the repository.
pub fn path(kind: Generate) -> &'static str {
    match kind {
        Generate::Bash => "completions/qrepl.bash",
        Generate::Zsh => "completions/_qrepl",
        Generate::Fish => "completions/qrepl.fish",
        Generate::Elvish => "completions/qrepl.elv",
        Generate::Powershell => "completions/_qrepl.ps1",
        Generate::Man => "man/qrepl.1",
    }
}
