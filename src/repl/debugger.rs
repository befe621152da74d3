//! The console's debugger: an error inside lambdas leaves their frames
//! suspended, with their arguments and locals, and console lines run in
//! them until `\` leaves (debug.md).

use crate::k::K;
use crate::q::{EvalError, SuspendedFrame};

/// One level of the debugger: an error and the frames it stopped.
pub struct Suspension {
    error: EvalError,
    /// Frames numbered below this error's backtrace: the levels under it
    /// and their debugger frames.
    below: usize,
    /// The backtrace index of the frame the prompt is in.
    current: usize,
    /// The innermost frame still alive: a signal destroys its own.
    top: usize,
    /// The primitive that failed and its arguments (`.z.ex`, `.z.ey`).
    failed_op: Option<(K, K)>,
}

/// What a debugger command asks of the console.
#[derive(Debug, PartialEq)]
pub enum Command {
    /// `\`: leave this level.
    Leave,
    /// Text to show (a frame, after `` ` ``, `.` or `&`).
    Show(String),
    /// `:e`, resuming the suspended code, which the debugger cannot do.
    Resume,
}

impl Suspension {
    /// The level an error opens: when it stopped inside a lambda still
    /// alive, numbered above `below` frames.
    pub fn of(error: EvalError, below: usize, failed_op: Option<(K, K)>) -> Option<Suspension> {
        // A signal has destroyed its own frame, the innermost.
        let top = innermost_from(&error, usize::from(error.signal))?;
        Some(Suspension {
            error,
            below,
            current: top,
            top,
            failed_op,
        })
    }

    /// The frame lines run in, if the prompt is in a lambda's.
    pub fn frame(&mut self) -> Option<&mut SuspendedFrame> {
        let i = self.current;
        self.error.suspended.iter_mut().find(|f| f.trace_index == i)
    }

    /// How many frames a line's own errors are numbered above: the frames
    /// alive at this level, and the debugger's own.
    pub fn height(&self) -> usize {
        self.below + self.error.trace.len() - self.top + 1
    }

    /// The console's debugger commands: `\` leaves, `` ` `` and `.` go up
    /// and down the stack, `&` shows where it stopped, `:e` would resume.
    /// `None` for a line to evaluate.
    pub fn command(&mut self, line: &str) -> Option<Command> {
        let last = self.error.trace.len().saturating_sub(1);
        // A command may carry a comment: `` ` / up ``.
        let line = match line.find(" /").or_else(|| line.find("\t/")) {
            Some(i) => line[..i].trim_end(),
            None => line,
        };
        match line {
            "\\" => Some(Command::Leave),
            "`" => {
                self.current = (self.current + 1).min(last);
                Some(Command::Show(self.shown_frame()))
            }
            "." => {
                self.current = self.current.saturating_sub(1).max(self.top);
                Some(Command::Show(self.shown_frame()))
            }
            "&" => Some(Command::Show(format!(
                "'{}\n{}",
                self.error.err.msg,
                self.shown_frame()
            ))),
            _ if line.starts_with(':') => Some(Command::Resume),
            _ => None,
        }
    }

    /// The stack as `.Q.bt[]` shows it at the prompt: the frames still
    /// alive, `>>` marking the one the prompt is in.
    pub fn backtrace(&self) -> String {
        let mut out = String::new();
        for i in self.top..self.error.trace.len() {
            let frame = self.error.render_frame(i, self.below);
            match frame.strip_prefix("  ") {
                Some(rest) if i == self.current => {
                    out.push_str(">>");
                    out.push_str(rest);
                }
                _ => out.push_str(&frame),
            }
        }
        out
    }

    /// The primitive that failed and its arguments, for `.z.ex`/`.z.ey`.
    pub fn failed_op(&self) -> Option<(K, K)> {
        self.failed_op.clone()
    }

    fn shown_frame(&self) -> String {
        self.error.render_frame(self.current, self.below)
    }

    /// A signal from the prompt (`'err`): it destroys the deepest frame,
    /// and the debugger stops in the next one out with the new error.
    /// Returns what to show, and whether this level is still open.
    pub fn signal(&mut self, raised: &EvalError) -> (String, bool) {
        self.error.err = raised.err.clone();
        let next = innermost_from(&self.error, self.top + 1);
        let open = next.is_some();
        // With no lambda left, the error stops at the console line.
        let at = next.unwrap_or(self.error.trace.len().saturating_sub(1));
        self.top = at;
        self.current = at;
        let text = format!("'{}\n{}", raised.err.msg, self.shown_frame());
        (text, open)
    }
}

/// The innermost suspended frame of `error` at backtrace index `from` or
/// further out.
fn innermost_from(error: &EvalError, from: usize) -> Option<usize> {
    error
        .suspended
        .iter()
        .map(|f| f.trace_index)
        .filter(|&i| i >= from)
        .min()
}
