//! The terminal application: local and remote sessions, and the one event
//! loop that serves console input, listening sockets, incoming messages
//! and async queues together (as q does, on one thread).

pub mod helper;
pub mod host;
pub mod input;

use std::io::{IsTerminal, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::config::{Config, Session};
use crate::fmt::Mode;
use crate::k::K;
use crate::q::Interp;

use self::helper::{Names, QHelper};
use self::host::{ConsoleHost, render_result};
use self::input::{Editing, Input};

/// How long queued async messages may take to go out at exit.
const EXIT_FLUSH: Duration = Duration::from_secs(5);

/// Why the session could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Listening failed (the port is taken, for example).
    #[error("-p {port}: {msg}")]
    Listen {
        /// The port asked for.
        port: i32,
        /// q's wording of the failure.
        msg: String,
    },
    /// The remote process could not be reached.
    #[error("{target}: '{msg}")]
    Connect {
        /// Where.
        target: String,
        /// q's wording of the failure.
        msg: String,
    },
    /// The terminal or a pipe could not be set up.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The line editor could not be set up.
    #[error("line editor: {0}")]
    Editor(#[from] rustyline::error::ReadlineError),
}

/// A running session.
struct App {
    it: Interp,
    mode: Mode,
    remote: Option<Remote>,
    color: bool,
    errors: usize,
    names: Names,
    broken_pipe: Arc<AtomicBool>,
}

/// The remote process of a remote session.
struct Remote {
    target: String,
    handle: Option<i32>,
    prompt: String,
}

/// Runs a session to its end; returns the process exit status.
///
/// # Errors
/// When listening, connecting or the terminal cannot be set up.
pub fn run(config: Config) -> Result<i32, StartError> {
    raise_open_file_limit();
    let interactive = std::io::stdin().is_terminal() && config.eval.is_empty();
    let broken_pipe = Arc::new(AtomicBool::new(false));
    let names: Names = Arc::new(Mutex::new(Vec::new()));
    let mut host = ConsoleHost::new(broken_pipe.clone());
    let editing = if interactive {
        let helper = QHelper::new(crate::q::builtin_names(), names.clone(), config.color);
        let mut e = Editing::new(helper, config.history.clone())?;
        if let Ok(p) = e.printer() {
            host.set_printer(Box::new(p));
        }
        Some(e)
    } else {
        None
    };
    let mut it = Interp::new(Box::new(host));
    it.settings.console = config.console.unwrap_or_else(default_console);
    it.settings.console = (
        it.settings.console.0.clamp(10, 2000),
        it.settings.console.1.clamp(10, 2000),
    );
    if let Some(p) = config.precision {
        it.settings.precision = p;
    }
    it.args = config.script_args.clone();
    it.net.max_msg = config.max_message;
    it.stall_limit = config.stall_timeout;
    if let Some((users, restricted)) = &config.users {
        it.users = Some(users.clone());
        it.restricted = *restricted;
    }
    if let Some(port) = config.port {
        it.listen(port).map_err(|e| StartError::Listen {
            port,
            msg: e.msg.to_string(),
        })?;
    }
    if interactive {
        // Ctrl-C while evaluating stops the evaluation; at the prompt the
        // editor handles it.
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, it.interrupt_flag());
    }
    let term = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGTERM, term.clone());
    let (sig_r, sig_w) = UnixStream::pair()?;
    sig_r.set_nonblocking(true)?;
    let _ = signal_hook::low_level::pipe::register(signal_hook::consts::SIGTERM, sig_w);

    let remote = match &config.session {
        Session::Local => None,
        Session::Remote(t) => Some(Remote {
            target: t.clone(),
            handle: None,
            prompt: format!(
                "{}>",
                crate::ipc::target::Target::parse(t).map_or_else(|_| t.clone(), |t| t.address())
            ),
        }),
    };
    let mut s = App {
        it,
        mode: config.format,
        remote,
        color: config.color && std::io::stderr().is_terminal(),
        errors: 0,
        names,
        broken_pipe,
    };
    if let Some(r) = &mut s.remote {
        let password = password_for(&r.target, config.ask_password);
        let h = open_remote(&mut s.it, &r.target, password.as_deref()).map_err(|msg| {
            StartError::Connect {
                target: r.target.clone(),
                msg,
            }
        })?;
        r.handle = Some(h);
    }
    if interactive && !config.quiet {
        banner(&s);
    }
    if let Some(script) = &config.script {
        s.it.script_name = script.display().to_string();
        match std::fs::read_to_string(script) {
            Ok(text) => {
                if let Err(e) = s.it.run_script(&text) {
                    s.report(&e.render());
                }
            }
            Err(e) => s.report(&format!(
                "'{}. OS reports: {}\n",
                script.display(),
                crate::ipc::net::os_reason(&e)
            )),
        }
    }
    if !config.eval.is_empty() {
        for e in &config.eval {
            s.line(e);
            if s.it.exit_request.is_some() || s.broken_pipe.load(Ordering::Relaxed) {
                break;
            }
        }
        return Ok(s.finish(false));
    }
    let mut console = match editing {
        Some(e) => e.start()?,
        None => input::piped()?,
    };
    s.refresh_names();
    console.request(&s.prompt());
    let mut stdin_open = true;
    let mut finished = false;
    while !finished {
        if s.it.exit_request.is_some() {
            break;
        }
        if term.load(Ordering::Relaxed) || s.broken_pipe.load(Ordering::Relaxed) {
            break;
        }
        let extra: Vec<i32> = if stdin_open {
            vec![console.wake_fd(), sig_r.as_raw_fd()]
        } else {
            vec![sig_r.as_raw_fd()]
        };
        let ready = match s.it.serve_once(&extra, None) {
            Ok(r) => r,
            Err(_) => break,
        };
        if !ready.contains(&console.wake_fd()) {
            continue;
        }
        while let Some(input) = console.try_next() {
            match input {
                Input::Line(l) => {
                    s.line(&l);
                    // Queued async messages go out once the line has finished.
                    s.it.flush_queues_now();
                    if config.stop_on_error && s.errors > 0 && !console.is_interactive() {
                        s.it.exit_request = Some(1);
                    }
                    if s.it.exit_request.is_some() || s.broken_pipe.load(Ordering::Relaxed) {
                        break;
                    }
                    s.refresh_names();
                    console.request(&s.prompt());
                }
                Input::Interrupted => console.request(&s.prompt()),
                Input::Eof => {
                    stdin_open = false;
                    // With a port open, keep serving clients until exit.
                    if !s.it.is_listening() || console.is_interactive() {
                        if console.is_interactive() {
                            println!();
                        }
                        finished = true;
                    }
                    break;
                }
            }
        }
    }
    Ok(s.finish(console.is_interactive()))
}

/// Lets the process use as many sockets as the hard limit allows, so a
/// server can hold thousands of clients where the soft limit is low.
fn raise_open_file_limit() {
    // SAFETY: getrlimit/setrlimit on a plain struct owned here.
    unsafe {
        let mut l: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) == 0 && l.rlim_cur < l.rlim_max {
            l.rlim_cur = l.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &l);
        }
    }
}

fn default_console() -> (usize, usize) {
    if std::io::stdout().is_terminal()
        && let Ok((cols, rows)) = crossterm::terminal::size()
    {
        return (rows as usize, cols as usize);
    }
    (25, 80)
}

fn banner(s: &App) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut out = format!(
        "qrepl {} {}/ {cores}()core {} {}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        crate::q::user_name(),
        crate::q::host_name(),
    );
    if let Some(r) = &s.remote {
        out.push_str(&format!(
            "connected to {}\n",
            r.prompt.trim_end_matches('>')
        ));
    }
    out.push('\n');
    print!("{out}");
}

/// The password for a remote target: from the target itself, or
/// `QREPL_PASSWORD`, or a prompt (without echo) when asked for.
fn password_for(target: &str, ask: bool) -> Option<String> {
    if ask {
        return prompt_password(&format!("password for {target}: "));
    }
    std::env::var("QREPL_PASSWORD").ok()
}

fn prompt_password(prompt: &str) -> Option<String> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let fd = std::io::stdin().as_raw_fd();
    // SAFETY: termios is plain data filled by tcgetattr before use; echo is
    // restored before returning.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        let have = libc::tcgetattr(fd, &mut t) == 0;
        let saved = t;
        if have {
            t.c_lflag &= !libc::ECHO;
            libc::tcsetattr(fd, libc::TCSANOW, &t);
        }
        let mut line = String::new();
        let r = std::io::stdin().read_line(&mut line);
        if have {
            libc::tcsetattr(fd, libc::TCSANOW, &saved);
        }
        let _ = writeln!(err);
        r.ok()
            .map(|_| line.trim_end_matches(['\n', '\r']).to_string())
    }
}

/// Opens the remote process, adding a password that did not come on the
/// command line (so it never sits in the process list).
fn open_remote(it: &mut Interp, target: &str, password: Option<&str>) -> Result<i32, String> {
    let mut t = crate::ipc::target::Target::parse(target).map_err(|e| e.to_string())?;
    if t.password.is_none()
        && let Some(p) = password
    {
        if t.user.is_none() {
            t.user = Some(crate::q::user_name());
        }
        t.password = Some(p.to_string());
    }
    it.open(&t).map_err(|e| e.msg.to_string())
}

impl App {
    fn prompt(&self) -> String {
        match &self.remote {
            Some(r) => r.prompt.clone(),
            None => {
                if self.it.namespace.is_empty() {
                    "q)".to_string()
                } else {
                    format!("q{})", self.it.namespace)
                }
            }
        }
    }

    fn out(&mut self, text: &str) {
        self.it.host_mut().write(1, text.as_bytes());
    }

    fn report(&mut self, text: &str) {
        self.errors += 1;
        let text = if self.color {
            format!("\x1b[31m{text}\x1b[0m")
        } else {
            text.to_string()
        };
        self.it.host_mut().write(2, text.as_bytes());
    }

    fn show(&mut self, v: &K) {
        let v = self.it.resolve_enums(v);
        let text = render_result(&v, self.mode, &self.it.settings);
        self.out(&text);
    }

    /// Handles one statement typed or piped in.
    fn line(&mut self, line: &str) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return;
        }
        // Local commands: `\format x` here, `\\format x` in remote sessions.
        let local_cmd = match &self.remote {
            Some(_) => trimmed.strip_prefix("\\\\").filter(|c| !c.is_empty()),
            None => trimmed.strip_prefix('\\'),
        };
        if let Some(cmd) = local_cmd
            && let Some(arg) = cmd.strip_prefix("format")
        {
            self.set_format(arg.trim());
            return;
        }
        if self.remote.is_some() {
            if trimmed == "\\\\" {
                self.it.exit_request = Some(0);
                return;
            }
            self.remote_line(line);
            return;
        }
        match self.it.eval_text(line) {
            Ok(Some(v)) => self.show(&v),
            Ok(None) => {}
            Err(e) => {
                if self.it.exit_request.is_none() {
                    self.report(&e.render());
                }
            }
        }
    }

    fn set_format(&mut self, arg: &str) {
        self.mode = match arg {
            "" => {
                let name = match self.mode {
                    Mode::Console => "q",
                    Mode::Box => "box",
                    Mode::Csv => "csv",
                    Mode::Json => "json",
                };
                self.out(&format!("{name}\n"));
                return;
            }
            "q" => Mode::Console,
            "box" => Mode::Box,
            "csv" => Mode::Csv,
            "json" => Mode::Json,
            _ => {
                self.report("'format: use q, box, csv or json\n");
                return;
            }
        };
    }

    fn remote_line(&mut self, line: &str) {
        let Some(r) = &mut self.remote else { return };
        if r.handle.is_none() {
            let target = r.target.clone();
            match open_remote(
                &mut self.it,
                &target,
                std::env::var("QREPL_PASSWORD").ok().as_deref(),
            ) {
                Ok(h) => {
                    if let Some(r) = &mut self.remote {
                        r.handle = Some(h);
                    }
                    self.out(&format!("reconnected to {target}\n"));
                }
                Err(msg) => {
                    self.report(&format!("'{msg}\n"));
                    return;
                }
            }
        }
        let Some(h) = self.remote.as_ref().and_then(|r| r.handle) else {
            return;
        };
        match self.it.request(h, K::string(line)) {
            Ok(v) => {
                if !matches!(v, K::Nil) {
                    self.show(&v);
                }
            }
            Err(e) => {
                self.report(&format!("'{}\n", e.msg));
                if !self.it.is_open(h)
                    && let Some(r) = &mut self.remote
                {
                    r.handle = None;
                    let msg = format!(
                        "connection to {} lost; the next line reconnects\n",
                        r.prompt.trim_end_matches('>')
                    );
                    self.report(&msg);
                }
            }
        }
    }

    fn refresh_names(&mut self) {
        if self.remote.is_some() {
            return;
        }
        let mut v: Vec<String> = self
            .it
            .global_names("")
            .iter()
            .map(|n| n.to_string())
            .collect();
        if !self.it.namespace.is_empty() {
            let ns = self.it.namespace.to_string();
            v.extend(self.it.global_names(&ns).iter().map(|n| n.to_string()));
        }
        if let Ok(mut names) = self.names.lock() {
            *names = v;
        }
    }

    /// Ends the session: runs `.z.exit`, writes queued messages; returns
    /// the exit status.
    fn finish(mut self, interactive: bool) -> i32 {
        // Scripted sessions report errors in their status; an interactive
        // session ends normally however many lines failed.
        let failed = !interactive && self.errors > 0;
        let code = self.it.exit_request.unwrap_or(i32::from(failed));
        self.it.run_exit_handler(code);
        let dropped = self.it.flush_all_queues(EXIT_FLUSH);
        if dropped > 0 {
            self.report(&format!(
                "warning: {dropped} queued message(s) could not be sent before exit\n"
            ));
        }
        code
    }
}
