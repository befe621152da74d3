//! Command-line flags as clap sees them (raw; [`crate::config`] resolves them).

use std::path::PathBuf;

use clap::{CommandFactory, Parser, ValueEnum};

/// A q-style REPL and kdb+ console client.
///
/// With no TARGET, qrepl evaluates q locally at a `q)` prompt. With a
/// TARGET (`[host]:port[:user[:pass]]`, `unix://port` or `tcps://host:port`)
/// every line runs on that kdb+ process and the result is shown here.
/// A first argument naming an existing file, a database directory, or ending in `.q`
/// is a script to load. With stdin not a terminal, lines are read from it without
/// prompts, errors go to stderr and the exit status says whether all succeeded.
#[derive(Parser, Debug, Clone)]
#[command(name = "qrepl", version)]
pub struct Cli {
    /// Script to load, or remote process to connect to.
    #[arg(value_name = "TARGET|SCRIPT")]
    pub target: Option<String>,

    /// Arguments for the script, available as `.z.x`.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = false
    )]
    pub args: Vec<String>,

    /// Listen on PORT for kdb+, HTTP and WebSocket clients (`0W` picks a
    /// free port).
    #[arg(short = 'p', long = "port", value_name = "PORT")]
    pub port: Option<String>,

    /// TLS on the listener: 0 plain clients only (the default), 1 plain
    /// and TLS clients on the same port, 2 TLS only. The certificate and
    /// key come from KX_SSL_CERT_FILE and KX_SSL_KEY_FILE (PEM).
    #[arg(short = 'E', value_name = "MODE", value_parser = clap::value_parser!(u8).range(0..=2))]
    pub tls_mode: Option<u8>,

    /// Users file; also blocks system commands and exit from remote clients.
    #[arg(short = 'u', value_name = "FILE", conflicts_with = "users_only")]
    pub users_restricted: Option<PathBuf>,

    /// Users file (clients must authenticate; no other restriction).
    #[arg(short = 'U', value_name = "FILE")]
    pub users_only: Option<PathBuf>,

    /// Blocked: clients may read but not change globals or files
    /// (`'noupdate`).
    #[arg(short = 'b')]
    pub blocked: bool,

    /// Console size: rows and columns (`\c`).
    #[arg(short = 'c', num_args = 2, value_names = ["ROWS", "COLS"])]
    pub console: Option<Vec<usize>>,

    /// Significant digits for floats (`\P`; 0 means 17).
    #[arg(short = 'P', value_name = "DIGITS")]
    pub precision: Option<usize>,

    /// Timer interval in milliseconds (`\t`): `.z.ts` runs that often,
    /// starting before a script loads.
    #[arg(short = 't', value_name = "MS")]
    pub timer: Option<u32>,

    /// Workspace limit in MB (`\w`): past it an operation fails with
    /// `'wsfull`. Without it, the limit is the machine's memory.
    #[arg(short = 'w', value_name = "MB")]
    pub workspace: Option<usize>,

    /// Timeout in seconds for a client's query (`\T`): past it the query
    /// stops with `'stop` and the server goes on.
    #[arg(short = 'T', value_name = "SECS")]
    pub timeout: Option<u32>,

    /// Quiet: no banner.
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,

    /// How results are printed.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "q")]
    pub format: Format,

    /// Evaluate EXPR, print its result and exit (may be repeated).
    #[arg(
        short = 'e',
        long = "eval",
        value_name = "EXPR",
        allow_hyphen_values = true
    )]
    pub eval: Vec<String>,

    /// Stop at the first line that fails (lines from a pipe, or -e).
    #[arg(long)]
    pub stop_on_error: bool,

    /// Never use colour.
    #[arg(long)]
    pub no_color: bool,

    /// History file (default: qrepl/history under the user's data directory).
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,

    /// Ask for the remote password at a prompt instead of taking it from
    /// the target or `QREPL_PASSWORD`.
    #[arg(long)]
    pub ask_password: bool,

    /// Largest IPC message accepted from a peer, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 30)]
    pub max_message: usize,

    /// Seconds a client may stall in its handshake or mid-message before
    /// it is dropped.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub stall_timeout: f64,

    /// Trace every IPC message on stderr, one line each (also
    /// `.qrepl.trace:1b` in a session).
    #[arg(long)]
    pub trace: bool,

    /// Trace every IPC message to FILE, appending (also
    /// `` .qrepl.trace:`:FILE `` in a session).
    #[arg(long, value_name = "FILE", conflicts_with = "trace")]
    pub trace_file: Option<PathBuf>,

    /// Print shell completions or the man page, then exit.
    #[arg(long, value_enum, value_name = "KIND")]
    pub generate: Option<Generate>,
}

/// Output formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Exactly what the q console prints.
    Q,
    /// Tables and dictionaries in boxes.
    Box,
    /// Comma-separated values, whole results.
    Csv,
    /// JSON, whole results.
    Json,
}

/// What `--generate` writes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Generate {
    /// Bash completions.
    Bash,
    /// Zsh completions.
    Zsh,
    /// Fish completions.
    Fish,
    /// Elvish completions.
    Elvish,
    /// PowerShell completions.
    Powershell,
    /// The man page (roff).
    Man,
}

/// A part of the manual beyond the flags: shown after `--help` and as a
/// section of the man page.
pub struct Section {
    /// The heading, in capitals as man pages have them.
    pub title: &'static str,
    /// Terms and what they mean.
    pub items: &'static [(&'static str, &'static str)],
}

/// The parts of the manual that are not flags.
pub const SECTIONS: &[Section] = &[
    Section {
        title: "ENVIRONMENT",
        items: &[
            (
                "QREPL_PASSWORD",
                "Password for a remote TARGET that carries none. Unlike a password \
                 written in TARGET, it never shows in the process list.",
            ),
            ("NO_COLOR", "When set and not empty, no colour is used."),
            (
                "KX_SSL_CA_CERT_FILE",
                "PEM file of the certificate authorities trusted for tcps:// \
                 (default: the system ones). KX_SSL_CA_CERT_PATH, KX_SSL_CERT_FILE, \
                 KX_SSL_KEY_FILE and KX_SSL_VERIFY_SERVER=NO work as in q.",
            ),
            (
                "QUDSPATH",
                "Directory of unix domain sockets for unix://PORT (default /tmp).",
            ),
        ],
    },
    Section {
        title: "EXIT STATUS",
        items: &[
            (
                "0",
                "Every line succeeded, or an interactive session ended, or the \
                 reader of the output went away (as with | head).",
            ),
            ("1", "A line read from a pipe or given with -e failed."),
            (
                "2",
                "The session could not start: a bad flag, users file, port or TARGET, \
                 or the remote process could not be reached.",
            ),
            ("N", "exit N was evaluated (\\\\ exits with 0)."),
        ],
    },
    Section {
        title: "FILES",
        items: &[(
            "qrepl/history",
            "Line history, under the user data directory \
             (on Linux ~/.local/share unless XDG_DATA_HOME says otherwise).",
        )],
    },
    Section {
        title: "EXAMPLES",
        items: &[
            ("qrepl", "A local q) prompt."),
            (
                "qrepl -p 5001",
                "The same, also serving kdb+ clients on port 5001.",
            ),
            (
                "qrepl :5001",
                "Every line runs on the process at localhost:5001; results print here.",
            ),
            (
                "qrepl -e 'til 5' --format json",
                "Print [0,1,2,3,4] and exit.",
            ),
            (
                "qrepl init.q a b",
                "Load init.q with .z.x set to (\"a\";\"b\").",
            ),
            (
                "printf '1+1\\n' | qrepl",
                "Evaluate piped lines without prompts; errors go to stderr.",
            ),
        ],
    },
];

/// The clap command: flags, `--help` text with [`SECTIONS`] after it. Help,
/// completions and the man page all come from this one command.
pub fn command() -> clap::Command {
    Cli::command().after_long_help(sections_text())
}

/// [`SECTIONS`] as plain text for `--help`.
fn sections_text() -> String {
    let mut out = String::new();
    for s in SECTIONS {
        out.push_str(s.title);
        out.push('\n');
        for (term, text) in s.items {
            out.push_str(&format!("  {term}\n          {text}\n"));
        }
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Moves qrepl's own options that follow a script name to before it, as q
/// takes its options wherever they stand: `qrepl tick.q sym . -p 5010`
/// listens on 5010, and `.z.x` is `("sym";".")`. Anything else after the
/// script, options q-lite does not know included, stays for `.z.x`.
pub fn hoist_options(argv: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut cmd = Cli::command();
    cmd.build();
    // How many values follow an option token, if it is one of ours.
    let arity = |tok: &str| -> Option<usize> {
        let arg = if let Some(long) = tok.strip_prefix("--") {
            if long.contains('=') {
                return Some(0);
            }
            cmd.get_arguments().find(|a| a.get_long() == Some(long))?
        } else {
            let mut chars = tok.strip_prefix('-')?.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            cmd.get_arguments().find(|a| a.get_short() == Some(c))?
        };
        Some(if arg.get_action().takes_values() {
            arg.get_num_args().map_or(1, |r| r.min_values())
        } else {
            0
        })
    };
    let text = |i: usize| argv.get(i).and_then(|s| s.to_str()).unwrap_or("");
    // Find the first positional argument: the script or target.
    let mut i = 1;
    while i < argv.len() {
        let tok = text(i);
        if tok == "--" || !tok.starts_with('-') || tok == "-" {
            break;
        }
        i += 1 + arity(tok).unwrap_or(0);
    }
    if i >= argv.len() || text(i) == "--" {
        return argv;
    }
    let target = i;
    let mut hoisted = Vec::new();
    let mut rest = Vec::new();
    let mut j = target + 1;
    while j < argv.len() {
        match arity(text(j)) {
            Some(n) if j + n < argv.len() => {
                hoisted.extend(argv[j..=j + n].iter().cloned());
                j += n + 1;
            }
            _ => {
                rest.push(argv[j].clone());
                j += 1;
            }
        }
    }
    let mut out = argv[..target].to_vec();
    out.extend(hoisted);
    out.push(argv[target].clone());
    if !rest.is_empty() {
        // What is left is the script's, dashes and all (`-log 1`).
        out.push("--".into());
    }
    out.extend(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hoist(args: &[&str]) -> Vec<String> {
        let argv = std::iter::once("qrepl")
            .chain(args.iter().copied())
            .map(std::ffi::OsString::from)
            .collect();
        hoist_options(argv)
            .into_iter()
            .skip(1)
            .map(|s| s.into_string().unwrap())
            .collect()
    }

    #[test]
    fn options_after_a_script_are_ours_and_the_rest_its() {
        assert_eq!(
            hoist(&["tick.q", "sym", ".", "-p", "5010"]),
            ["-p", "5010", "tick.q", "--", "sym", "."]
        );
        assert_eq!(
            hoist(&[
                "-q", "r.q", ":5010", "-c", "20", "80", "-foo", "bar", "-t", "100"
            ]),
            [
                "-q", "-c", "20", "80", "-t", "100", "r.q", "--", ":5010", "-foo", "bar"
            ]
        );
        // Values of options before the script are not taken for it.
        assert_eq!(
            hoist(&["-p", "5001", "s.q", "x"]),
            ["-p", "5001", "s.q", "--", "x"]
        );
        // An option missing its value is left for the script.
        assert_eq!(hoist(&["s.q", "-p"]), ["s.q", "--", "-p"]);
        assert_eq!(hoist(&["-p", "5001"]), ["-p", "5001"]);
    }
}
