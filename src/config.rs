//! Settings resolved from the command line and the environment: what to
//! run, how to listen, how to print.

use std::path::PathBuf;

use crate::cli::{Cli, Format};
use crate::fmt::Mode;
use crate::ipc::auth::{UsersFile, UsersFileError};

/// Why the command line cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The users file cannot be read.
    #[error("{path}: {source}")]
    UsersFileRead {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The users file is malformed.
    #[error("{path}: {source}")]
    UsersFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        source: UsersFileError,
    },
    /// `-p` is not a port.
    #[error("-p {0}: not a port number")]
    BadPort(String),
    /// `-P` is out of range.
    #[error("-P {0}: digits must be 0 to 17")]
    BadPrecision(usize),
}

/// What the session runs against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Session {
    /// q evaluated locally.
    Local,
    /// Every line sent to a remote process.
    Remote(String),
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
    /// Users file and whether `-u` restrictions apply.
    pub users: Option<(UsersFile, bool)>,
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
}

impl Config {
    /// Resolves the raw flags.
    ///
    /// # Errors
    /// A malformed users file, port or precision.
    pub fn from_cli(cli: Cli) -> Result<Config, ConfigError> {
        let (session, script) = match &cli.target {
            Some(t) if t.ends_with(".q") || std::path::Path::new(t).is_file() => {
                (Session::Local, Some(PathBuf::from(t)))
            }
            Some(t) => (Session::Remote(t.clone()), None),
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
        let color = !cli.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Ok(Config {
            session,
            script,
            script_args: cli.args,
            port,
            users,
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
            stall_timeout: std::time::Duration::from_secs_f64(cli.stall_timeout.max(0.001)),
        })
    }
}

fn read_users(path: &std::path::Path) -> Result<UsersFile, ConfigError> {
    let text = std::fs::read(path).map_err(|source| ConfigError::UsersFileRead {
        path: path.to_path_buf(),
        source,
    })?;
    UsersFile::parse(&text).map_err(|source| ConfigError::UsersFile {
        path: path.to_path_buf(),
        source,
    })
}

fn default_history() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("qrepl").join("history"))
}
