//! Console input on its own thread, so the event loop can serve sockets
//! while a line is being typed: an interactive line editor, or q lines
//! read from a pipe with q's script rules. A byte on a pipe wakes the loop.

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;
use std::time::Duration;

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};

use super::helper::QHelper;

/// What the input thread delivers.
#[derive(Debug, PartialEq, Eq)]
pub enum Input {
    /// A complete statement (possibly several lines) to evaluate.
    Line(String),
    /// Ctrl-C at the prompt: the line was abandoned.
    Interrupted,
    /// A lone `\` in piped input: it leaves the debugger, or else ends the
    /// input. The reader waits for [`Console::after_backslash`].
    Backslash,
    /// End of input.
    Eof,
}

/// The receiving end of console input.
pub struct Console {
    rx: Receiver<Input>,
    wake: UnixStream,
    prompt_tx: Option<Sender<String>>,
    /// Piped input: whether reading goes on after a lone `\`.
    backslash_tx: Option<Sender<bool>>,
}

impl Console {
    /// The descriptor the event loop polls: readable when input is waiting.
    pub fn wake_fd(&self) -> RawFd {
        self.wake.as_raw_fd()
    }

    /// Takes the next input, if one has arrived.
    pub fn try_next(&mut self) -> Option<Input> {
        let mut buf = [0u8; 64];
        let _ = self.wake.read(&mut buf);
        match self.rx.try_recv() {
            Ok(i) => Some(i),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Input::Eof),
        }
    }

    /// Asks the line editor to show `prompt` and read the next line
    /// (no-op for piped input, which reads ahead on its own).
    pub fn request(&self, prompt: &str) {
        if let Some(tx) = &self.prompt_tx {
            let _ = tx.send(prompt.to_string());
        }
    }

    /// Tells the piped reader, waiting after a lone `\`, whether to read
    /// on (it left the debugger) or stop (it ended the input).
    pub fn after_backslash(&self, read_on: bool) {
        if let Some(tx) = &self.backslash_tx {
            let _ = tx.send(read_on);
        }
    }

    /// Whether this is an interactive line editor.
    pub fn is_interactive(&self) -> bool {
        self.prompt_tx.is_some()
    }
}

/// The lowest descriptor the session's own sockets take, so that the
/// handles `hopen` gives start at 3, as q's do (handles.md).
const OWN_FDS_FROM: libc::c_int = 64;

/// A connected pair of sockets for the session's own signalling, on
/// descriptors out of the way of the handles q code sees.
pub(super) fn socket_pair() -> std::io::Result<(UnixStream, UnixStream)> {
    let (a, b) = UnixStream::pair()?;
    Ok((out_of_the_way(a)?, out_of_the_way(b)?))
}

fn out_of_the_way(s: UnixStream) -> std::io::Result<UnixStream> {
    use std::os::fd::FromRawFd;
    // SAFETY: duplicating a descriptor this function owns; the copy is
    // owned by the stream made from it, and the original is dropped.
    let fd = unsafe { libc::fcntl(s.as_raw_fd(), libc::F_DUPFD_CLOEXEC, OWN_FDS_FROM) };
    if fd < 0 {
        return Ok(s);
    }
    // SAFETY: fd was just returned by fcntl and nothing else owns it.
    Ok(unsafe { UnixStream::from_raw_fd(fd) })
}

fn wake_pair() -> std::io::Result<(UnixStream, UnixStream)> {
    let (r, w) = socket_pair()?;
    r.set_nonblocking(true)?;
    Ok((r, w))
}

/// How long piped input may pause before a finished statement runs even
/// though a continuation line could still follow. Lets a program drive
/// qrepl through a pipe one statement at a time; unfinished statements
/// (open brackets or strings) always wait for more input.
const PIPE_PAUSE: Duration = Duration::from_millis(50);

/// Starts reading lines from a piped stdin with q's script rules.
///
/// # Errors
/// When the wake pipe cannot be made.
pub fn piped() -> std::io::Result<Console> {
    let (r, mut w) = wake_pair()?;
    let (tx, rx) = mpsc::channel();
    let (backslash_tx, backslash_rx) = mpsc::channel();
    thread::spawn(move || {
        crate::k::memory::decline_pool();
        let mut send = |input: Input| {
            let ok = tx.send(input).is_ok();
            let _ = w.write_all(&[1]);
            ok
        };
        let mut lines = PipeLines::stdin();
        let mut reader = ScriptReader::default();
        loop {
            if reader.has_finished_statement()
                && !lines.ready_within(PIPE_PAUSE)
                && let Some(c) = reader.finish()
                && !send(Input::Line(c))
            {
                return;
            }
            let Some(line) = lines.next_line() else { break };
            let (chunks, done) = reader.push(&line);
            for c in chunks {
                if !send(Input::Line(c)) {
                    return;
                }
            }
            // A lone `\`: read on only if it left the debugger.
            if done && !(send(Input::Backslash) && backslash_rx.recv() == Ok(true)) {
                break;
            }
        }
        if let Some(c) = reader.finish() {
            let _ = send(Input::Line(c));
        }
        let _ = send(Input::Eof);
    });
    Ok(Console {
        rx,
        wake: r,
        prompt_tx: None,
        backslash_tx: Some(backslash_tx),
    })
}

/// Lines read from a descriptor with a buffer this side owns, so the
/// reader can tell whether more input is already waiting.
struct PipeLines {
    fd: RawFd,
    buf: Vec<u8>,
    eof: bool,
}

impl PipeLines {
    fn stdin() -> PipeLines {
        PipeLines {
            fd: std::io::stdin().as_raw_fd(),
            buf: Vec::new(),
            eof: false,
        }
    }

    /// Whether a whole line is buffered, or input arrives within `wait`.
    fn ready_within(&self, wait: Duration) -> bool {
        self.eof
            || memchr::memchr(b'\n', &self.buf).is_some()
            || crate::ipc::conn::wait_fd(self.fd, libc::POLLIN, Some(wait)).unwrap_or(true)
    }

    /// The next line without its newline; `None` at end of input. Bytes
    /// that are not UTF-8 are replaced, as q strings shown on a console are.
    fn next_line(&mut self) -> Option<String> {
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf) {
                let line: Vec<u8> = self.buf.drain(..=i).take(i).collect();
                return Some(String::from_utf8_lossy(&line).into_owned());
            }
            if self.eof {
                if self.buf.is_empty() {
                    return None;
                }
                let line = std::mem::take(&mut self.buf);
                return Some(String::from_utf8_lossy(&line).into_owned());
            }
            let mut chunk = [0u8; 64 * 1024];
            // SAFETY: reading into a live stack buffer of the stated length.
            let n = unsafe { libc::read(self.fd, chunk.as_mut_ptr().cast(), chunk.len()) };
            match n {
                0 => self.eof = true,
                n if n > 0 => self.buf.extend_from_slice(&chunk[..n as usize]),
                _ => {
                    if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                        self.eof = true;
                    }
                }
            }
        }
    }
}

/// An interactive line editor with history at `history`.
pub struct Editing {
    editor: Editor<QHelper, DefaultHistory>,
    history: Option<PathBuf>,
}

impl Editing {
    /// Creates the editor (on the calling thread, so its printer can be
    /// handed to the output side before the thread starts).
    ///
    /// # Errors
    /// When the terminal cannot be set up.
    pub fn new(helper: QHelper, history: Option<PathBuf>) -> rustyline::Result<Editing> {
        let config = Config::builder()
            .auto_add_history(false)
            .max_history_size(10_000)?
            .history_ignore_space(true)
            .completion_type(rustyline::CompletionType::List)
            .build();
        let mut editor = Editor::with_config(config)?;
        editor.set_helper(Some(helper));
        if let Some(h) = &history {
            let _ = editor.load_history(h);
        }
        Ok(Editing { editor, history })
    }

    /// A printer that writes above the prompt.
    ///
    /// # Errors
    /// When the terminal does not support it.
    pub fn printer(
        &mut self,
    ) -> rustyline::Result<impl rustyline::ExternalPrinter + Send + 'static> {
        self.editor.create_external_printer()
    }

    /// Starts the editor thread.
    ///
    /// # Errors
    /// When the wake pipe cannot be made.
    pub fn start(self) -> std::io::Result<Console> {
        let (r, mut w) = wake_pair()?;
        let (tx, rx) = mpsc::channel();
        let (ptx, prx) = mpsc::channel::<String>();
        let Editing {
            mut editor,
            history,
        } = self;
        thread::spawn(move || {
            crate::k::memory::decline_pool();
            if let Some(h) = &history
                && let Some(dir) = h.parent()
            {
                let _ = std::fs::create_dir_all(dir);
            }
            while let Ok(prompt) = prx.recv() {
                let input = match editor.readline(&prompt) {
                    Ok(line) => {
                        if !line.trim().is_empty() {
                            let _ = editor.add_history_entry(line.as_str());
                            if let Some(h) = &history {
                                // Saved as we go; an unwritable file must not stop the session.
                                let _ = editor.append_history(h);
                            }
                        }
                        Input::Line(line)
                    }
                    Err(ReadlineError::Interrupted) => Input::Interrupted,
                    Err(_) => Input::Eof,
                };
                let eof = input == Input::Eof;
                if tx.send(input).is_err() {
                    break;
                }
                let _ = w.write_all(&[1]);
                if eof {
                    break;
                }
            }
        });
        Ok(Console {
            rx,
            wake: r,
            prompt_tx: Some(ptx),
            backslash_tx: None,
        })
    }
}

/// Groups piped lines into statements the way q reads a script: indented
/// lines continue the previous one, `/` lines are comments, a lone `/`
/// starts a block comment that a lone `\` ends, and a lone `\` outside a
/// comment ends the input.
#[derive(Default, Debug)]
pub struct ScriptReader {
    pending: Option<String>,
    in_block: bool,
}

impl ScriptReader {
    /// Feeds one line; returns finished statements and whether input ends here.
    pub fn push(&mut self, raw: &str) -> (Vec<String>, bool) {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_end();
        let mut out = Vec::new();
        if self.in_block {
            if trimmed == "\\" {
                self.in_block = false;
            }
            return (out, false);
        }
        if trimmed == "/" {
            self.in_block = true;
            out.extend(self.pending.take());
            return (out, false);
        }
        if trimmed == "\\" {
            out.extend(self.pending.take());
            return (out, true);
        }
        if line.starts_with('\\') {
            // A system command is a line of its own.
            out.extend(self.pending.take());
            out.push(trimmed.to_string());
            return (out, false);
        }
        let continues = line.starts_with([' ', '\t']);
        if continues {
            if trimmed.is_empty() {
                return (out, false);
            }
            match &mut self.pending {
                Some(p) => {
                    p.push('\n');
                    p.push_str(line);
                }
                None => self.pending = Some(line.to_string()),
            }
            return (out, false);
        }
        out.extend(self.pending.take());
        if trimmed.is_empty() || line.starts_with('/') {
            return (out, false);
        }
        self.pending = Some(line.to_string());
        (out, false)
    }

    /// The statement held back in case a continuation line follows: at
    /// end of input, or when input pauses after a finished statement.
    pub fn finish(&mut self) -> Option<String> {
        self.pending.take()
    }

    /// Whether a statement is held back and is complete as it stands (no
    /// bracket or string left open), so it may run before more input.
    pub fn has_finished_statement(&self) -> bool {
        self.pending
            .as_deref()
            .is_some_and(|p| !crate::q::script::is_incomplete(p))
    }
}

/// Keeps what is typed ahead when Ctrl-C interrupts an evaluation: the
/// terminal otherwise discards its pending input on an interrupt. Lines
/// typed while a call was waiting then run next, as in a shell. The
/// terminal's setting is put back when this is dropped.
pub struct TypeAhead {
    saved: Option<libc::termios>,
}

impl TypeAhead {
    /// Sets `NOFLSH` on standard input when it is a terminal.
    pub fn keep() -> TypeAhead {
        let fd = libc::STDIN_FILENO;
        // SAFETY: termios is plain data; tcgetattr fills it or fails, and
        // only a filled one is used.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut t) } != 0 {
            return TypeAhead { saved: None };
        }
        let saved = t;
        t.c_lflag |= libc::NOFLSH;
        // SAFETY: t came from tcgetattr on the same descriptor.
        if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &t) } != 0 {
            return TypeAhead { saved: None };
        }
        TypeAhead { saved: Some(saved) }
    }
}

impl Drop for TypeAhead {
    fn drop(&mut self) {
        if let Some(saved) = self.saved {
            // SAFETY: restores the settings read at start; a failure leaves
            // the terminal as the session had it.
            unsafe {
                let mut now: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(libc::STDIN_FILENO, &mut now) == 0 {
                    now.c_lflag = (now.c_lflag & !libc::NOFLSH) | (saved.c_lflag & libc::NOFLSH);
                    libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &now);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_sockets_leave_the_low_descriptors_to_handles() {
        let (a, b) = socket_pair().expect("pair");
        assert!(a.as_raw_fd() >= OWN_FDS_FROM && b.as_raw_fd() >= OWN_FDS_FROM);
        // Still a connected pair.
        (&a).write_all(b"x").expect("write");
        let mut got = [0u8; 1];
        (&b).read_exact(&mut got).expect("read");
        assert_eq!(&got, b"x");
    }

    fn read(text: &str) -> Vec<String> {
        let mut r = ScriptReader::default();
        let mut out = Vec::new();
        for l in text.lines() {
            let (c, done) = r.push(l);
            out.extend(c);
            if done {
                return out;
            }
        }
        out.extend(r.finish());
        out
    }

    #[test]
    fn continuation_and_comments() {
        assert_eq!(
            read("a:1\nf:{x+\n  y}\n/ comment\nb:2"),
            vec!["a:1", "f:{x+\n  y}", "b:2"]
        );
    }

    #[test]
    fn block_comments_and_end_of_script() {
        assert_eq!(
            read("a:1\n/\nnot code\n\\\nb:2\n\\\nc:3"),
            vec!["a:1", "b:2"]
        );
    }

    #[test]
    fn system_lines_pass_through() {
        assert_eq!(read("\\p 1234\n1+1"), vec!["\\p 1234", "1+1"]);
    }

    #[test]
    fn system_lines_take_no_continuation() {
        assert_eq!(
            read("a:1\n\\c 10 20\n  b:2"),
            vec!["a:1", "\\c 10 20", "  b:2"]
        );
    }

    #[test]
    fn only_complete_statements_may_run_early() {
        let mut r = ScriptReader::default();
        assert!(!r.has_finished_statement());
        r.push("f:{x+");
        assert!(!r.has_finished_statement());
        r.push("  y}");
        assert!(r.has_finished_statement());
        assert_eq!(r.finish().as_deref(), Some("f:{x+\n  y}"));
    }
}
