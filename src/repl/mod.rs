//! The terminal application: local and remote sessions, and the one event
//! loop that serves console input, listening sockets, incoming messages
//! and async queues together (as q does, on one thread).

pub mod debugger;
pub mod helper;
pub mod host;
pub mod input;
pub mod remote;

use std::io::{IsTerminal, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::config::{Config, Session};
use crate::fmt::Mode;
use crate::ipc::target::Target;
use crate::k::K;
use crate::q::Interp;

use self::debugger::Suspension;
use self::helper::{Names, QHelper};
use self::host::{ConsoleHost, render_result};
use self::input::{Console, Editing, Input};
use self::remote::Remote;

/// How long queued async messages may take to go out at exit.
const EXIT_FLUSH: Duration = Duration::from_secs(5);

/// How often the loop wakes while a remote names request is outstanding,
/// so the answer reaches completion soon after it arrives.
const NAMES_POLL: Duration = Duration::from_millis(200);

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
    /// `-E 1|2` without a usable certificate and key.
    #[error("-E {mode}: {reason}")]
    Tls {
        /// The mode asked for.
        mode: u8,
        /// What is wrong with the certificate or key.
        reason: crate::ipc::tls::TlsError,
    },
    /// The remote process could not be reached.
    #[error("{address}: '{msg}")]
    Connect {
        /// Where.
        address: String,
        /// q's wording of the failure.
        msg: String,
    },
    /// `--ask-password` without a terminal to ask on.
    #[error("--ask-password: no terminal to read the password from")]
    NoTerminal,
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
    /// Whether error text may be coloured (stderr is a terminal).
    color_errors: bool,
    errors: usize,
    names: Names,
    broken_pipe: Arc<AtomicBool>,
    interrupt: Arc<AtomicBool>,
    interactive: bool,
    /// Whether an error inside lambdas suspends them (console input; not
    /// `-e` lines or the script).
    debugger: bool,
    /// The debugger's levels, innermost last.
    debug: Vec<Suspension>,
    /// Whether lines are k, after a lone `\` with no suspension
    /// (syscmds.md): the prompt is two spaces, and a `\` switches back.
    k_mode: bool,
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
    // Held for the whole session, and restored when it ends.
    let _type_ahead = interactive.then(input::TypeAhead::keep);
    let editing = if interactive {
        // The editor draws on stdout: colour only when that is a terminal too.
        let color = config.color && std::io::stdout().is_terminal();
        let helper = QHelper::new(crate::q::builtin_names(), names.clone(), color);
        let mut e = Editing::new(helper, config.history.clone())?;
        if let Ok(p) = e.printer() {
            host.set_printer(Box::new(p));
        }
        Some(e)
    } else {
        None
    };
    let mut it = Interp::new(Box::new(host));
    let (rows, cols) = config.console.unwrap_or_else(default_console);
    it.settings.console = (rows.clamp(10, 2000), cols.clamp(10, 2000));
    if let Some(p) = config.precision {
        it.settings.precision = p;
    }
    it.args = config.script_args.clone();
    it.net.max_msg = config.max_message;
    it.stall_limit = config.stall_timeout;
    it.query_timeout = config.query_timeout;
    if let Some(t) = &config.trace {
        it.set_global(crate::q::system::TRACE_VAR, trace_setting(t));
    }
    // Peers that watch this process's trace (`qrepl host:port --trace`).
    it.set_global(crate::q::system::WATCH_VAR, K::ints(Vec::new()));
    if let Some(ms) = config.timer {
        it.set_timer(ms);
    }
    if let Some(bytes) = config.workspace {
        crate::k::memory::set_limit(bytes);
    }
    it.blocked = config.blocked;
    if let Some((users, restricted)) = &config.users {
        it.users = Some(users.clone());
        it.users_path = config.users_path.clone();
        it.restricted = *restricted;
    }
    if config.tls_mode != 0 {
        it.net
            .set_tls_mode(config.tls_mode)
            .map_err(|e| StartError::Tls {
                mode: config.tls_mode,
                reason: e,
            })?;
    }
    if let Some(port) = config.port {
        it.listen(port).map_err(|e| StartError::Listen {
            port,
            msg: e.msg.to_string(),
        })?;
    }
    let interrupt = it.interrupt_flag();
    // SIGINT (Ctrl-C) stops the evaluation under way, at the console and
    // in a server alike; at the prompt the editor (in raw mode) reads
    // Ctrl-C as a key instead.
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, interrupt.clone());
    // SIGTERM stops any evaluation too, then the session ends (after
    // `.z.exit`). A second SIGTERM ends the process at once, for a
    // computation that does not stop between steps.
    let term = Arc::new(AtomicBool::new(false));
    let _ = signal_hook::flag::register_conditional_shutdown(
        signal_hook::consts::SIGTERM,
        143,
        term.clone(),
    );
    let _ = signal_hook::flag::register(signal_hook::consts::SIGTERM, term.clone());
    let _ = signal_hook::flag::register(signal_hook::consts::SIGTERM, interrupt.clone());
    let (sig_r, sig_w) = input::socket_pair()?;
    sig_r.set_nonblocking(true)?;
    let _ = signal_hook::low_level::pipe::register(signal_hook::consts::SIGTERM, sig_w);

    let remote = match &config.session {
        Session::Local => None,
        Session::Remote(t) => Some(Remote::new(with_password(t, config.ask_password)?)),
    };
    let mut s = App {
        it,
        mode: config.format,
        remote,
        color_errors: config.color && std::io::stderr().is_terminal(),
        errors: 0,
        names,
        broken_pipe,
        interrupt,
        interactive,
        debugger: false,
        debug: Vec::new(),
        k_mode: false,
    };
    if let Some(r) = &mut s.remote {
        r.connect(&mut s.it).map_err(|e| StartError::Connect {
            address: r.address(),
            msg: e.msg.to_string(),
        })?;
    }
    if interactive && !config.quiet {
        s.banner();
    }
    if let Some(script) = &config.script {
        s.load_script(script);
    }
    let stop_on_error = config.stop_on_error && !interactive;
    if (stop_on_error && s.errors > 0) || term.load(Ordering::Relaxed) {
        return Ok(s.finish());
    }
    if !config.eval.is_empty() || s.it.exit_request.is_some() {
        for e in &config.eval {
            if s.should_stop(stop_on_error) || term.load(Ordering::Relaxed) {
                break;
            }
            s.line(e);
        }
        return Ok(s.finish());
    }
    let console = match editing {
        Some(e) => e.start()?,
        None => input::piped()?,
    };
    s.serve_console(console, stop_on_error, &term, sig_r.as_raw_fd());
    Ok(s.finish())
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

/// The target with its password filled in from a prompt when asked for
/// (`QREPL_PASSWORD` was already read into it by the configuration).
fn with_password(target: &Target, ask: bool) -> Result<Target, StartError> {
    let mut t = target.clone();
    if ask && t.password.is_none() {
        t.password = Some(prompt_password(&format!("password for {}: ", t.address()))?);
    }
    Ok(t)
}

/// Reads a password from the controlling terminal with echo off, so it
/// works even when stdin is a pipe of q lines.
fn prompt_password(prompt: &str) -> Result<String, StartError> {
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| StartError::NoTerminal)?;
    tty.write_all(prompt.as_bytes())?;
    tty.flush()?;
    let fd = tty.as_raw_fd();
    // SAFETY: termios is plain data that tcgetattr fills before use.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: fd is the open terminal; saved is a valid termios to fill.
    let have = unsafe { libc::tcgetattr(fd, &mut saved) } == 0;
    if have {
        let mut quiet = saved;
        quiet.c_lflag &= !libc::ECHO;
        // SAFETY: fd is the open terminal; quiet is a valid termios.
        unsafe { libc::tcsetattr(fd, libc::TCSANOW, &quiet) };
    }
    let mut line = String::new();
    let read = std::io::BufRead::read_line(&mut std::io::BufReader::new(&tty), &mut line);
    if have {
        // SAFETY: restores the settings read above.
        unsafe { libc::tcsetattr(fd, libc::TCSANOW, &saved) };
    }
    let _ = tty.write_all(b"\n");
    read?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

impl App {
    fn banner(&mut self) {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut out = format!(
            "qrepl {} {}/ {cores}()core {} {}\n",
            env!("CARGO_PKG_VERSION"),
            std::env::consts::OS,
            crate::q::user_name(),
            crate::q::host_name(),
        );
        if let Some(r) = &self.remote {
            out.push_str(&format!("connected to {}\n", r.address()));
        }
        out.push('\n');
        self.out(&out);
    }

    fn prompt(&self) -> String {
        match &self.remote {
            Some(r) => r.prompt(),
            // Each level of the debugger adds a `)`: `q))`.
            None if self.k_mode && self.debug.is_empty() => "  ".to_string(),
            None => format!("q{}){}", self.it.namespace, ")".repeat(self.debug.len())),
        }
    }

    fn out(&mut self, text: &str) {
        self.it.host_mut().write(1, text.as_bytes());
    }

    /// Writes an error (red on a terminal) and counts it.
    fn report(&mut self, text: &str) {
        self.errors += 1;
        self.note(text);
    }

    /// Writes a message to stderr without counting it as a failure.
    fn note(&mut self, text: &str) {
        let text = if self.color_errors {
            format!("\x1b[31m{text}\x1b[0m")
        } else {
            text.to_string()
        };
        self.it.host_mut().write(2, text.as_bytes());
    }

    fn show(&mut self, v: &K) {
        crate::k::depth::take_exhausted();
        let v = self.it.resolve_enums(v);
        let text = render_result(&v, self.mode, &self.it.settings);
        if crate::k::depth::take_exhausted() {
            // Too deep to lay out: say so rather than print part of it.
            self.report("'stack\n");
            return;
        }
        self.out(&text);
    }

    fn load_script(&mut self, script: &std::path::Path) {
        self.it.script_name = script.display().to_string();
        if script.is_dir() {
            // A database directory loads as `\l dir` does.
            if let Err(e) = self.it.run_script(&format!("\\l {}\n", script.display())) {
                self.report(&e.render());
            }
            return;
        }
        match std::fs::read(script).map(crate::q::system::files::script_text) {
            Ok(text) => match self.it.run_script(&text) {
                Ok(()) => {}
                // A script may end the process with `exit` or `\\`.
                Err(_) if self.it.exit_request.is_some() => {}
                Err(e) => self.report(&e.render()),
            },
            Err(e) => self.report(&format!(
                "'{}. OS reports: {}\n",
                script.display(),
                crate::ipc::net::os_reason(&e)
            )),
        }
    }

    /// Whether the session should end now: an exit was asked for, SIGTERM
    /// came, stdout was closed, or a line failed under `--stop-on-error`.
    fn should_stop(&self, stop_on_error: bool) -> bool {
        self.it.exit_request.is_some()
            || self.broken_pipe.load(Ordering::Relaxed)
            || (stop_on_error && self.errors > 0)
    }

    /// The event loop: console lines, clients, remote answers and queued
    /// messages, until the session ends. `sig_fd` becomes readable on SIGTERM.
    fn serve_console(
        &mut self,
        mut console: Console,
        stop_on_error: bool,
        term: &AtomicBool,
        sig_fd: RawFd,
    ) {
        // Console input runs with the debugger on (debug.md).
        self.debugger = true;
        self.after_line();
        console.request(&self.prompt());
        let mut stdin_open = true;
        loop {
            if self.should_stop(stop_on_error) || term.load(Ordering::Relaxed) {
                return;
            }
            // Input has ended and nothing is left to serve (a timer that
            // was running has been stopped, the last client has gone).
            if !stdin_open && !self.serving_clients() {
                return;
            }
            let mut extra = vec![sig_fd];
            if stdin_open {
                extra.push(console.wake_fd());
            }
            let timeout = self.awaiting_names().then_some(NAMES_POLL);
            let Ok(ready) = self.it.serve_once(&extra, timeout) else {
                return;
            };
            self.after_serving();
            if !ready.contains(&console.wake_fd()) {
                continue;
            }
            while let Some(input) = console.try_next() {
                match input {
                    // A lone `\` leaves the debugger; otherwise it ends
                    // piped input, as the end of the input does.
                    Input::Backslash if !self.debug.is_empty() => {
                        self.debug.pop();
                        console.after_backslash(true);
                        console.request(&self.prompt());
                    }
                    Input::Line(l) => {
                        self.line(&l);
                        // Queued async messages go out once the line has finished.
                        self.it.flush_queues_now();
                        // SIGTERM during the line: no more lines run.
                        if self.should_stop(stop_on_error) || term.load(Ordering::Relaxed) {
                            break;
                        }
                        let wanted = self.remote.as_ref().is_none_or(Remote::names_wanted);
                        if wanted || may_define(&l) {
                            self.after_line();
                        }
                        console.request(&self.prompt());
                    }
                    Input::Interrupted => console.request(&self.prompt()),
                    Input::Backslash | Input::Eof => {
                        console.after_backslash(false);
                        stdin_open = false;
                        if self.interactive {
                            // Ctrl-D: end the prompt's line, then leave.
                            self.out("\n");
                            return;
                        }
                        // With clients to serve keep going, as q does with
                        // stdin closed.
                        if !self.serving_clients() {
                            return;
                        }
                        break;
                    }
                }
            }
        }
    }

    /// Handles one statement typed or piped in.
    fn line(&mut self, line: &str) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return;
        }
        // A stray interrupt from before this line must not stop it.
        self.interrupt.store(false, Ordering::Relaxed);
        if self.remote.is_some() {
            // `\\cmd` is this side's command; `\\` alone leaves.
            match trimmed.strip_prefix("\\\\") {
                Some("") => self.it.exit_request = Some(0),
                Some(cmd) => self.local_command(cmd.trim_start()),
                None => self.remote_line(line),
            }
            return;
        }
        match trimmed.strip_prefix('\\') {
            // A lone `\` with no suspension switches between q and k.
            Some("") if self.debug.is_empty() => self.k_mode = !self.k_mode,
            Some(cmd) if is_format_command(cmd) => self.local_command(cmd),
            None if self.k_mode && self.debug.is_empty() => self.eval_local(&format!("k){line}")),
            _ => self.eval_local(line),
        }
    }

    /// `\format ...`, or a system command run on this side (`\c`, `\P`).
    fn local_command(&mut self, cmd: &str) {
        if is_format_command(cmd) {
            self.set_format(cmd["format".len()..].trim());
        } else {
            self.eval_local(&format!("\\{cmd}"));
        }
    }

    fn eval_local(&mut self, text: &str) {
        // Debugger levels open only with the debugger on (console input).
        if let Some(level) = self.debug.last_mut()
            && let Some(command) = level.command(text.trim())
        {
            match command {
                debugger::Command::Leave => {
                    self.debug.pop();
                }
                debugger::Command::Show(frame) => self.out(&frame),
                debugger::Command::Resume => {
                    self.report("'nyi: resuming a suspended function; \\ leaves it\n")
                }
            }
            return;
        }
        let below = self.debug.last().map_or(0, Suspension::height);
        self.it.suspended_backtrace = self.debug.last().map(Suspension::backtrace);
        self.it.suspended_op = self.debug.last().and_then(Suspension::failed_op);
        self.it.failed_op = None;
        let frame = self.debug.last_mut().and_then(Suspension::frame);
        let result = if self.debugger {
            self.it.eval_console_line(text, frame)
        } else {
            self.it.eval_text(text)
        };
        self.it.suspended_backtrace = None;
        match result {
            Ok(Some(v)) => self.show(&v),
            Ok(None) => {}
            // An `exit` is not an error.
            Err(_) if self.it.exit_request.is_some() => {}
            // A signal from the prompt itself (`'err`, whose name need not
            // be defined) destroys the deepest frame.
            Err(e)
                if text.trim_start().starts_with('\'')
                    && e.trace.len() == 1
                    && !self.debug.is_empty() =>
            {
                let level = self.debug.last_mut().expect("a level");
                let (shown, open) = level.signal(&e);
                if !open {
                    self.debug.pop();
                }
                self.report(&shown);
            }
            Err(e) => {
                self.report(&e.render_above(below));
                let failed_op = self.it.failed_op.take();
                if let Some(level) = Suspension::of(e, below, failed_op) {
                    self.debug.push(level);
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
        let Some(mut r) = self.remote.take() else {
            return;
        };
        let mut ready = r.handle().is_some();
        if !ready {
            match r.connect(&mut self.it) {
                Ok(_) => {
                    self.note(&format!("reconnected to {}\n", r.address()));
                    ready = true;
                }
                Err(e) => self.report(&format!("'{}\n", e.msg)),
            }
        }
        if ready {
            match r.request(&mut self.it, line) {
                Ok(K::Nil) => {}
                // The remote answers an assignment with its value; the
                // console shows nothing for one, so neither do we.
                Ok(_) if crate::q::console_is_silent(line) => {}
                Ok(v) => self.show(&v),
                Err(e) => {
                    self.report(&format!("'{}\n", e.msg));
                    if r.check_lost(&self.it) {
                        self.note(&lost_message(&r));
                    }
                }
            }
        }
        self.remote = Some(r);
    }

    /// Whether a remote names request is outstanding (the loop then wakes
    /// now and again to collect the answer).
    fn awaiting_names(&self) -> bool {
        self.remote.as_ref().is_some_and(Remote::names_pending)
    }

    /// After each turn of the loop: notice a dropped remote, collect names.
    fn after_serving(&mut self) {
        let Some(mut r) = self.remote.take() else {
            return;
        };
        if r.check_lost(&self.it) {
            self.note(&lost_message(&r));
        }
        if let Some(list) = r.take_names(&mut self.it) {
            self.set_names(list);
        }
        self.remote = Some(r);
    }

    /// After a line: refresh the names offered for completion (a remote
    /// is asked once it connects and after lines that may define names).
    fn after_line(&mut self) {
        if !self.interactive {
            return;
        }
        if let Some(r) = &mut self.remote {
            r.ask_names(&mut self.it);
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
        self.set_names(v);
    }

    fn set_names(&mut self, list: Vec<String>) {
        if let Ok(mut names) = self.names.lock() {
            *names = list;
        }
    }

    /// Whether clients may still talk to this process (so a closed stdin
    /// does not end it).
    /// A script's process also stays while it holds a connection it opened
    /// (a subscriber waiting for its publisher's updates); a piped session
    /// with no script file, or a remote session, ends at EOF.
    fn serving_clients(&self) -> bool {
        let subscriber = !self.it.script_name.is_empty() && self.remote.is_none();
        self.it.listening_port() != 0
            || self.it.timer_active()
            || self.it.net.all().into_iter().any(|fd| {
                self.it
                    .net
                    .get(fd)
                    .is_some_and(|c| c.accepted || subscriber)
            })
    }

    /// Ends the session: runs `.z.exit`, writes queued messages; returns
    /// the exit status.
    fn finish(mut self) -> i32 {
        // Scripted sessions report errors in their status; an interactive
        // session ends normally however many lines failed.
        let failed = !self.interactive && self.errors > 0;
        let code = self.it.exit_request.unwrap_or(i32::from(failed));
        self.it.run_exit_handler(code);
        let dropped = self.it.flush_all_queues(EXIT_FLUSH);
        if dropped > 0 {
            self.note(&format!(
                "warning: {dropped} queued message(s) could not be sent before exit\n"
            ));
        }
        code
    }
}

fn is_format_command(cmd: &str) -> bool {
    cmd == "format" || cmd.starts_with("format ")
}

fn lost_message(r: &Remote) -> String {
    format!(
        "connection to {} lost; the next line reconnects\n",
        r.address()
    )
}

/// The value of `.qrepl.trace` that traces to `t`.
fn trace_setting(t: &crate::ipc::trace::TraceTarget) -> crate::k::K {
    use crate::ipc::trace::TraceTarget;
    match t {
        TraceTarget::Stderr => crate::k::K::bool(true),
        TraceTarget::File(p) => crate::k::K::string(p.to_string_lossy().as_bytes()),
    }
}

/// Whether a line may define or load names: an assignment or amend (any
/// `:`), a system command, or a keyword that sets or loads values.
fn may_define(line: &str) -> bool {
    const WORDS: &[&str] = &["set", "load", "rload", "value", "eval", "reval", "system"];
    line.contains(':')
        || line.trim_start().starts_with('\\')
        || line
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .any(|w| WORDS.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::may_define;

    #[test]
    fn lines_that_may_define_names_refresh_a_remote_s_names() {
        for line in [
            "a:1",
            "t,:x",
            "`t set x",
            "\\l db",
            "value\"f:1\"",
            ".u.upd:{x}",
        ] {
            assert!(may_define(line), "{line}");
        }
        for line in ["select from trade", "count t", "1+2", "settle 3"] {
            assert!(!may_define(line), "{line}");
        }
    }
}
