//! Settings resolved from the command line and the environment: what to
//! run, how to listen, how to print.

use std::path::{Path, PathBuf};

use crate::cli::{Cli, Format};
use crate::fmt::Mode;
use crate::ipc::auth::{UsersFile, UsersFileError};
use crate::ipc::target::{Target, TargetError};

/// The environment variable a remote password may come from.
pub const PASSWORD_VAR: &str = "QREPL_PASSWORD";

/// Why the command line cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The users file cannot be read.
    #[error("users file {}: {}", path.display(), crate::ipc::net::os_reason(reason))]
    UsersFileRead {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        reason: std::io::Error,
    },
    /// The users file is malformed.
    #[error("users file {}: {reason}", path.display())]
    UsersFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: UsersFileError,
    },
    /// The TARGET is neither an existing script nor a process address.
    #[error("{text}: neither a script nor [host]:port[:user[:password]] ({reason})")]
    BadTarget {
        /// The argument as given.
        text: String,
        /// Why it does not parse as an address.
        reason: TargetError,
    },
    /// `-p` is not a port.
    #[error("-p {0}: not a port number")]
    BadPort(String),
    /// `--stall-timeout` is not a positive number of seconds.
    #[error("--stall-timeout {0}: not a positive number of seconds")]
    BadStallTimeout(f64),
    /// `-P` is out of range.
    #[error("-P {0}: digits must be 0 to 17")]
    BadPrecision(usize),
}

/// What the session runs against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Session {
    /// q evaluated locally.
    Local,
    /// Every line sent to a remote process. Its password, when not part
    /// of the target, comes from `QREPL_PASSWORD` or a prompt.
    Remote(Target),
}

/// Resolved settings.
#[derive(Debug)]
pub struct Config {
    /// Local or remote.
    pub session: Session,
    /// Script to load first.
    pub script: Option<PathBuf>,
    /// `.z.x`.
    pub script_args: Vec<String>,
    /// Port to listen on (`Some(-1)` for any free port).
    pub port: Option<i32>,
    /// `-E`: TLS on the listener (0 plain only, 1 both, 2 TLS only).
    pub tls_mode: u8,
    /// Users file and whether `-u` restrictions apply.
    pub users: Option<(UsersFile, bool)>,
    /// `-b`: clients may not change globals or files.
    pub blocked: bool,
    /// Where the users file is, for `\u` to read it again.
    pub users_path: Option<std::path::PathBuf>,
    /// `\c` from the command line.
    pub console: Option<(usize, usize)>,
    /// `\P` from the command line.
    pub precision: Option<usize>,
    /// No banner.
    pub quiet: bool,
    /// Output format.
    pub format: Mode,
    /// Expressions to evaluate and exit.
    pub eval: Vec<String>,
    /// Stop at the first error reading stdin.
    pub stop_on_error: bool,
    /// Whether colour is allowed at all (terminals still decide).
    pub color: bool,
    /// History file.
    pub history: Option<PathBuf>,
    /// Prompt for the remote password.
    pub ask_password: bool,
    /// Largest message accepted from a peer.
    pub max_message: usize,
    /// How long a client may stall before it is dropped.
    pub stall_timeout: std::time::Duration,
    /// `-t`: the timer interval in milliseconds.
    pub timer: Option<u32>,
    /// `-w`: the workspace limit in bytes.
    pub workspace: Option<usize>,
    /// `-T`: how long a client's query may run.
    pub query_timeout: Option<std::time::Duration>,
    /// `--trace`, `--trace-file`: where IPC messages are traced.
    pub trace: Option<crate::ipc::trace::TraceTarget>,
}

impl Config {
    /// Resolves the raw flags.
    ///
    /// # Errors
    /// A malformed users file, port or precision.
    pub fn from_cli(cli: Cli) -> Result<Config, ConfigError> {
        let (session, script) = match &cli.target {
            Some(t) if is_script(t) => (Session::Local, Some(PathBuf::from(t))),
            Some(t) => {
                let mut target = parse_target(t)?;
                if target.password.is_none() && !cli.ask_password {
                    target.password = std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty());
                }
                (Session::Remote(target), None)
            }
            None => (Session::Local, None),
        };
        let port = match &cli.port {
            None => None,
            Some(p) if p == "0W" => Some(-1),
            Some(p) => Some(
                p.parse::<u16>()
                    .map_err(|_| ConfigError::BadPort(p.clone()))? as i32,
            ),
        };
        let users = match (&cli.users_restricted, &cli.users_only) {
            (Some(path), _) => Some((read_users(path)?, true)),
            (None, Some(path)) => Some((read_users(path)?, false)),
            (None, None) => None,
        };
        if let Some(p) = cli.precision.filter(|p| *p > 17) {
            return Err(ConfigError::BadPrecision(p));
        }
        let stall_timeout = std::time::Duration::try_from_secs_f64(cli.stall_timeout)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or(ConfigError::BadStallTimeout(cli.stall_timeout))?;
        let color = !cli.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Ok(Config {
            session,
            script,
            script_args: cli.args,
            port,
            tls_mode: cli.tls_mode.unwrap_or(0),
            users,
            users_path: cli.users_restricted.clone().or(cli.users_only.clone()),
            blocked: cli.blocked,
            console: cli.console.map(|v| (v[0], v[1])),
            precision: cli.precision,
            quiet: cli.quiet,
            format: match cli.format {
                Format::Q => Mode::Console,
                Format::Box => Mode::Box,
                Format::Csv => Mode::Csv,
                Format::Json => Mode::Json,
            },
            eval: cli.eval,
            stop_on_error: cli.stop_on_error,
            color,
            history: cli.history.or_else(default_history),
            ask_password: cli.ask_password,
            max_message: cli.max_message,
            stall_timeout,
            timer: cli.timer.filter(|&ms| ms > 0),
            workspace: cli.workspace.filter(|&mb| mb > 0).map(|mb| mb << 20),
            query_timeout: cli
                .timeout
                .filter(|&s| s > 0)
                .map(|s| std::time::Duration::from_secs(s.into())),
            trace: match cli.trace_file {
                Some(p) => Some(crate::ipc::trace::TraceTarget::File(p)),
                None => cli.trace.then_some(crate::ipc::trace::TraceTarget::Stderr),
            },
        })
    }
}

fn read_users(path: &Path) -> Result<UsersFile, ConfigError> {
    let text = std::fs::read(path).map_err(|reason| ConfigError::UsersFileRead {
        path: path.to_path_buf(),
        reason,
    })?;
    UsersFile::parse(&text).map_err(|reason| ConfigError::UsersFile {
        path: path.to_path_buf(),
        reason,
    })
}

/// Whether a first argument names a script: an existing file or
/// directory (a database to load), or a name ending in `.q` (so a missing
/// script is reported as such, not as a bad address).
fn is_script(arg: &str) -> bool {
    arg.ends_with(".q") || Path::new(arg).is_file() || Path::new(arg).is_dir()
}

/// Parses a command-line TARGET: `[host]:port[:user[:password]]`, a bare
/// port, `unix://port[:user[:password]]` or `tcps://host:port[...]`. This is
/// `hopen`'s form without its leading colon.
///
/// # Errors
/// When the port is missing or not a number from 1 to 65535.
pub fn parse_target(text: &str) -> Result<Target, ConfigError> {
    let as_hopen = if text.bytes().all(|b| b.is_ascii_digit()) {
        text.to_string()
    } else {
        format!(":{text}")
    };
    Target::parse(&as_hopen).map_err(|reason| ConfigError::BadTarget {
        text: text.to_string(),
        reason,
    })
}

fn default_history() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("qrepl").join("history"))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::ipc::target::Transport;

    fn config(args: &[&str]) -> Result<Config, ConfigError> {
        let cli = Cli::try_parse_from(std::iter::once("qrepl").chain(args.iter().copied()))
            .expect("flags parse");
        Config::from_cli(cli)
    }

    fn remote(args: &[&str]) -> Target {
        match config(args).expect("valid").session {
            Session::Remote(t) => t,
            Session::Local => panic!("expected a remote session for {args:?}"),
        }
    }

    #[test]
    fn targets_take_the_console_forms() {
        let t = remote(&[":5001"]);
        assert_eq!((t.host.as_str(), t.port), ("", 5001));
        let t = remote(&["5001"]);
        assert_eq!((t.host.as_str(), t.port), ("", 5001));
        let t = remote(&["db1:5001:ann:pa:ss"]);
        assert_eq!((t.host.as_str(), t.port), ("db1", 5001));
        assert_eq!(t.user.as_deref(), Some("ann"));
        assert_eq!(t.password.as_deref(), Some("pa:ss"));
        assert_eq!(remote(&["unix://5002"]).transport, Transport::Unix);
        let t = remote(&["tcps://db2:5003"]);
        assert_eq!((t.transport, t.host.as_str()), (Transport::Tls, "db2"));
    }

    #[test]
    fn bad_targets_are_reported_with_the_argument() {
        let e = config(&["db1:port"]).expect_err("bad port");
        assert!(
            e.to_string().starts_with("db1:port: neither a script"),
            "{e}"
        );
        assert!(config(&["db1"]).is_err());
    }

    #[test]
    fn q_files_are_scripts_even_when_missing() {
        let c = config(&["nosuch.q", "a", "b"]).expect("valid");
        assert_eq!(c.session, Session::Local);
        assert_eq!(c.script, Some(PathBuf::from("nosuch.q")));
        assert_eq!(c.script_args, vec!["a", "b"]);
    }

    #[test]
    fn ports_precision_and_console() {
        assert_eq!(config(&["-p", "0W"]).expect("valid").port, Some(-1));
        assert_eq!(config(&["-p", "5001"]).expect("valid").port, Some(5001));
        assert!(matches!(config(&["-p", "x"]), Err(ConfigError::BadPort(_))));
        assert!(matches!(
            config(&["-P", "18"]),
            Err(ConfigError::BadPrecision(18))
        ));
        let c = config(&["-c", "20", "60", "-P", "3"]).expect("valid");
        assert_eq!((c.console, c.precision), (Some((20, 60)), Some(3)));
    }

    #[test]
    fn stall_timeouts_must_be_positive_and_finite() {
        let c = config(&["--stall-timeout", "2.5"]).expect("valid");
        assert_eq!(c.stall_timeout, std::time::Duration::from_millis(2500));
        for bad in ["0", "-1", "inf", "NaN", "1e300"] {
            assert!(
                matches!(
                    config(&[&format!("--stall-timeout={bad}")]),
                    Err(ConfigError::BadStallTimeout(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn formats_map_to_render_modes() {
        assert_eq!(config(&[]).expect("valid").format, Mode::Console);
        assert_eq!(
            config(&["--format", "json"]).expect("valid").format,
            Mode::Json
        );
    }

    #[test]
    fn missing_users_file_names_the_file_and_the_reason() {
        let e = config(&["-u", "/nonexistent/users"]).expect_err("error");
        assert_eq!(
            e.to_string(),
            "users file /nonexistent/users: No such file or directory"
        );
    }
}
