//! Shell completions and the man page, generated from the clap command so
//! they never drift from the flags.

use clap_complete::Shell;
use roff::{Roff, bold, roman};

use crate::cli::{Generate, SECTIONS, command};

/// The text `--generate kind` prints.
pub fn render(kind: Generate) -> Vec<u8> {
    let shell = match kind {
        Generate::Bash => Shell::Bash,
        Generate::Zsh => Shell::Zsh,
        Generate::Fish => Shell::Fish,
        Generate::Elvish => Shell::Elvish,
        Generate::Powershell => Shell::PowerShell,
        Generate::Man => return render_man().into_bytes(),
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command(), "qrepl", &mut out);
    out
}

/// The man page: clap_mangen's name, synopsis, description and options,
/// then [`SECTIONS`], then the version.
fn render_man() -> String {
    // The sections get their own man headings rather than clap_mangen's
    // single EXTRA section for the text after --help.
    let cmd = command().after_long_help(None::<&str>);
    let mut page = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = clap_mangen::Man::new(cmd).render(&mut page);
    let page = String::from_utf8_lossy(&page).into_owned();
    let mut extra = Roff::new();
    for s in SECTIONS {
        extra.control("SH", [s.title]);
        for (term, text) in s.items {
            extra.control("TP", []);
            extra.text([bold(*term)]);
            extra.text([roman(*text)]);
        }
    }
    // Rendered with roff's apostrophe handling (shell examples keep straight
    // quotes); its preamble is already at the top of the page.
    let extra = extra.render();
    let extra = extra.find(".SH").map_or("", |i| &extra[i..]);
    match page.find("\n.SH VERSION") {
        Some(i) => format!("{}\n{extra}{}", &page[..i], &page[i + 1..]),
        None => page + extra,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn man() -> String {
        String::from_utf8(render(Generate::Man)).expect("utf-8")
    }

    #[test]
    fn man_page_has_the_extra_sections_before_the_version() {
        let page = man();
        let env = page.find(".SH ENVIRONMENT").expect("environment section");
        let exit = page
            .find(".SH \"EXIT STATUS\"")
            .expect("exit status section");
        let version = page.find(".SH VERSION").expect("version section");
        assert!(env < exit && exit < version);
        assert!(page.contains("QREPL_PASSWORD"));
        assert!(!page.contains(".SH EXTRA"));
    }

    #[test]
    fn shell_quotes_stay_straight() {
        let page = man();
        assert!(page.contains(r"qrepl \-e \*(Aqtil 5\*(Aq"), "{page}");
        assert_eq!(page.matches(r".ds Aq").count(), 2, "one preamble");
    }

    #[test]
    fn completions_know_the_flags() {
        let bash = String::from_utf8(render(Generate::Bash)).expect("utf-8");
        for flag in ["--format", "--stop-on-error", "--generate", "-e"] {
            assert!(bash.contains(flag), "{flag}");
        }
    }
}
