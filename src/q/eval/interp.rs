//! The interpreter: global state, evaluation of syntax trees, and errors
//! with the source positions the console shows under a caret.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::k::{Func, K, QError, Sym, qerr};

use crate::q::syntax::ast::Pos;

/// Console and number-format settings that q keeps per session.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `\P`: significant digits for floats (0 means 17).
    pub precision: usize,
    /// `\c`: console rows and columns.
    pub console: (usize, usize),
    /// `\g`: the garbage-collection mode, 0 (deferred) or 1 (immediate).
    /// Memory here is freed as soon as it is unused, whichever is set.
    pub gc_mode: u8,
    /// `\o`: the local time's offset from UTC as set, in hours, or in
    /// minutes when its magnitude is over 23; `None` (shown as `0N`) takes
    /// the machine's offset.
    pub utc_offset: Option<i64>,
    /// `\e`: error trapping for client requests, 0, 1 or 2; at 2 a client
    /// request's error is written to stderr with its backtrace.
    pub error_trap: u8,
    /// `\W`: the start-of-week offset, 0 for Saturday (2, Monday, by default).
    pub week_offset: i32,
    /// `\C`: the rows and columns HTTP pages show before they truncate.
    pub http_size: (i32, i32),
    /// `\s`: secondary threads in use; parallel work runs on the main thread,
    /// so the most there can be is 0.
    pub secondary_threads: i32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            precision: 7,
            console: (25, 80),
            gc_mode: 0,
            utc_offset: None,
            error_trap: 0,
            week_offset: 2,
            http_size: (36, 2000),
            secondary_threads: 0,
        }
    }
}

impl Settings {
    /// The number of significant digits floats print with.
    pub fn digits(&self) -> usize {
        if self.precision == 0 {
            17
        } else {
            self.precision
        }
    }
}

/// What the interpreter needs from the application around it: where output
/// goes and how values are laid out for the console. The evaluator itself
/// never prints.
pub trait Host {
    /// Writes bytes to handle 1 (stdout) or 2 (stderr).
    fn write(&mut self, handle: i32, bytes: &[u8]);
    /// The console text for `x` (`.Q.s`), every line ending in a newline.
    fn render(&self, x: &K, settings: &Settings) -> String;
    /// Called about ten times a second while a sync request on `handle`
    /// waits, with the time waited and the bytes received so far (a
    /// terminal can show progress).
    fn waiting(&mut self, _handle: i32, _elapsed: std::time::Duration, _bytes: usize) {}
}

/// A host that collects output in memory; used by tests and by embedders
/// that evaluate without a console.
#[derive(Default, Debug)]
pub struct BufferHost {
    /// Everything written to handle 1.
    pub out: Vec<u8>,
    /// Everything written to handle 2.
    pub err: Vec<u8>,
}

impl Host for BufferHost {
    fn write(&mut self, handle: i32, bytes: &[u8]) {
        if handle == 2 {
            self.err.extend_from_slice(bytes);
        } else {
            self.out.extend_from_slice(bytes);
        }
    }
    fn render(&self, x: &K, _settings: &Settings) -> String {
        format!("{x:?}\n")
    }
}

/// One frame of an error's backtrace: the source text and the offset of
/// the failing application within it.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceFrame {
    /// Source text of the line or lambda (a named lambda's with its name
    /// in front, `f:{...}`).
    pub src: Rc<str>,
    /// Offset of the failing application, if known.
    pub pos: Option<Pos>,
    /// The lambda's name, when `src` starts with it.
    pub name: Option<Rc<str>>,
    /// The lambda, for a lambda's frame.
    pub func: Option<K>,
}

/// An error raised by evaluation, with its backtrace (innermost frame first).
#[derive(Clone, Debug, PartialEq)]
pub struct EvalError {
    /// The q error.
    pub err: QError,
    /// Frames from the innermost lambda out to the console line.
    pub trace: Vec<TraceFrame>,
    /// Raised by signal (`'x`) rather than by a failing primitive.
    pub signal: bool,
    /// The lambda frames the error left, innermost first, kept with their
    /// values when the console's debugger is on (see
    /// [`Interp::eval_console_line`]); empty otherwise.
    pub suspended: Vec<SuspendedFrame>,
}

/// A lambda's frame as an error left it, arguments and locals and all: the
/// console's debugger evaluates lines in it (debug.md).
#[derive(Clone, Debug, PartialEq)]
pub struct SuspendedFrame {
    pub(super) names: Rc<[Rc<str>]>,
    pub(super) locals: Vec<Option<K>>,
    pub(super) ctx: Sym,
    pub(super) func: Option<K>,
    /// Its place in the error's backtrace (innermost frame first).
    pub trace_index: usize,
}

impl EvalError {
    /// Renders the error the way the q console does (debug.md, signal.md):
    /// `'type`, then the frame where the console stops, as `  [n]  source`
    /// with a caret line. An error stops in the frame that failed. A signal
    /// destroys its own frame and stops in the caller: the two are shown,
    /// or only the console line when that is the caller.
    pub fn render(&self) -> String {
        self.render_above(0)
    }

    /// [`EvalError::render`] for an error raised above `below` frames that
    /// stay on the stack (the debugger's), which number the frames from
    /// there.
    pub fn render_above(&self, below: usize) -> String {
        let depth = self.trace.len();
        let shown = match (self.signal, depth) {
            (true, 2) => 1..2,
            (true, d) if d > 2 => 0..2,
            _ => 0..depth.min(1),
        };
        self.render_frames(shown, below)
    }

    /// Renders the error with every frame of its backtrace, innermost
    /// first, as `.Q.bt` lists them.
    pub fn render_full(&self) -> String {
        self.render_frames(0..self.trace.len(), 0)
    }

    /// Frame `i` of the backtrace alone, `  [n]  text` and its caret line,
    /// numbered above `below` frames.
    pub fn render_frame(&self, i: usize, below: usize) -> String {
        let text = self.render_frames(i..i + 1, below);
        text.split_once('\n')
            .map_or(String::new(), |(_, f)| f.to_string())
    }

    fn render_frames(&self, shown: std::ops::Range<usize>, below: usize) -> String {
        let mut out = format!("'{}\n", self.err.msg);
        let depth = self.trace.len();
        for (i, frame) in self.trace.iter().enumerate() {
            if !shown.contains(&i) {
                continue;
            }
            let n = below + depth - 1 - i;
            let prefix = format!("  [{n}]  ");
            // Multi-line sources show only the line holding the caret.
            let (line, col) = match frame.pos {
                Some(p) => line_and_column(&frame.src, p as usize),
                None => (frame.src.lines().next().unwrap_or("").to_string(), None),
            };
            out.push_str(&prefix);
            out.push_str(&line);
            out.push('\n');
            if let Some(c) = col {
                out.push_str(&" ".repeat(prefix.len() + c));
                out.push_str("^\n");
            }
        }
        out
    }
}

pub(crate) fn line_and_column(src: &str, pos: usize) -> (String, Option<usize>) {
    let pos = pos.min(src.len());
    let start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
    let col = src[start..pos].chars().count();
    (src[start..end].to_string(), Some(col))
}

/// Non-local exits while evaluating: errors and `:x` returns.
#[derive(Debug)]
pub(crate) enum Flow {
    /// An error. Boxed: every evaluation step returns a [`R`], which stays
    /// the size of a value only if the rare error is behind a pointer.
    Err(Box<Failure>),
    /// `:x` inside a lambda.
    Return(K),
}

/// An error on its way out of an evaluation.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) error: QError,
    /// The position of the failing application in the current frame, if
    /// known yet.
    pub(crate) pos: Option<Pos>,
    /// The frames it has left, innermost first.
    pub(crate) trace: Vec<TraceFrame>,
    /// Raised by signal (`'x`).
    pub(crate) signal: bool,
    /// The lambda frames it has left, kept for the debugger.
    pub(crate) suspended: Vec<SuspendedFrame>,
}

impl Flow {
    /// An error with its position and the frames it has left.
    pub(crate) fn failure(error: QError, pos: Option<Pos>, trace: Vec<TraceFrame>) -> Flow {
        Flow::Err(Box::new(Failure {
            error,
            pos,
            trace,
            signal: false,
            suspended: Vec::new(),
        }))
    }
}

impl From<QError> for Flow {
    fn from(e: QError) -> Flow {
        Flow::failure(e, None, Vec::new())
    }
}

pub(crate) type R<T = K> = Result<T, Flow>;

/// The services the system layer provides, as plain functions so that
/// they can call back into the interpreter they are given.
pub struct Platform {
    /// `\cmd` and `system "cmd"`.
    pub command: fn(&mut Interp, &str) -> Result<K, QError>,
    /// The value of a name the system owns (`.z.p`, `.z.W`...), if `name`
    /// is one.
    pub special: fn(&Interp, &str) -> Option<K>,
    /// `hopen x`.
    pub hopen: fn(&mut Interp, K) -> R,
    /// `hclose x`.
    pub hclose: fn(&mut Interp, K) -> R,
    /// `-n!x` for negative `n`.
    pub internal: fn(&mut Interp, i64, K) -> R,
    /// A connection handle applied to a message (`h x`, `neg[h] x`).
    pub send: fn(&mut Interp, i64, K) -> R,
    /// A symbol applied as a one-shot request (`` `:host:port "q" ``),
    /// or `None` when the symbol names no target.
    pub one_shot: fn(&mut Interp, &Sym, &[K]) -> Option<R>,
    /// Seconds the local time zone is ahead of UTC at a Unix time.
    pub local_offset: fn(i64) -> i64,
    /// A file verb on a file symbol (`` `:path ``), see [`FileVerb`].
    pub file: fn(&mut Interp, FileVerb, Vec<K>) -> R,
    /// The partitions at the given positions of a partitioned table, read
    /// and joined, the partition column in front.
    pub read_parted: fn(&Interp, &PartedTable, &[usize]) -> Result<K, QError>,
    /// The rows of the partition at the given position of a partitioned
    /// table, from its column files' headers where they say.
    pub parted_rows: fn(&Interp, &PartedTable, usize) -> Result<usize, QError>,
}

/// What the evaluator asks of files; the arguments are a file symbol (or
/// `(file;offset;length)` for reads) and, for writes, the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileVerb {
    /// The file's bytes, as a byte vector.
    Read,
    /// Replaces the file with the bytes given; returns the file symbol.
    Write,
    /// `hcount`: the size in bytes.
    Count,
    /// `hdel`: deletes a file or empty directory; returns the symbol.
    Delete,
    /// `key`: a directory's names, sorted; a file's own symbol; `()`.
    Key,
    /// `get`: the value a kdb+ data file or splayed directory holds.
    Get,
    /// `set`: writes a value as a kdb+ data file, or a table splayed when
    /// the name ends in `/`; returns the file symbol. The target may be
    /// `(file;lbs;alg;lvl)` or `(dir;dict)` to compress what is written.
    Set,
    /// An amend's write back (`.[`:f;();,;x]`): as `Set`, but files that
    /// were compressed stay compressed as they were.
    Replace,
    /// `.Q.lo[dir;cd;scripts]` (and `.Q.l`): loads a database as `\l`
    /// does, moving to it only with `cd`, running its scripts only with
    /// `scripts`.
    Load,
    /// `.Q.li x`: adds the partitions among `x` found on disk to the
    /// loaded database's.
    AddPartitions,
}

fn nyi(what: &str) -> QError {
    qerr(format!("nyi: {what}"))
}

/// No process access: every service signals `'nyi`, no name is special,
/// and local time is UTC.
pub static DETACHED: Platform = Platform {
    command: |_, _| Err(nyi("system")),
    special: |_, _| None,
    hopen: |_, _| Err(nyi("hopen").into()),
    hclose: |_, _| Err(nyi("hclose").into()),
    internal: |_, _, _| Err(nyi("internal function").into()),
    send: |_, _, _| Err(nyi("handle").into()),
    one_shot: |_, _, _| None,
    local_offset: |_| 0,
    file: |_, _, _| Err(nyi("file").into()),
    read_parted: |_, _, _| Err(nyi("partitioned table")),
    parted_rows: |_, _, _| Err(nyi("partitioned table")),
};

/// Local variables of one lambda call.
pub(crate) struct Frame {
    pub(super) names: Rc<[Rc<str>]>,
    /// Where this frame's values start in [`Interp::locals`]: one slot per
    /// name, `None` for a local not yet assigned.
    pub(super) base: usize,
    /// Namespace the lambda was defined in (empty for root).
    pub(super) ctx: Sym,
    /// A frame of table columns for a query: names not found here are
    /// looked up in the frame below (the enclosing lambda's locals).
    pub(super) transparent: bool,
    /// The lambda being evaluated (`.z.s`); none for column frames.
    /// Held as the function value, so a call costs one reference count.
    pub(super) func: Option<K>,
    /// Where the caller was ([`Interp::pos`] when the lambda was called).
    pub(super) caller_pos: Pos,
    /// A suspended frame the debugger's prompt runs lines in: they are not
    /// in the lambda's text, so a lambda they write is not nested in it.
    pub(super) debugger: bool,
}

/// A frame stack set aside while text runs in a fresh one (a console
/// line, `value "text"`, a client's request), with what the backtrace
/// shows of that text.
pub(crate) struct Outer {
    /// The frames of the code that started the text.
    pub(super) frames: Vec<Frame>,
    /// The text run, if it is source text.
    pub(super) text: Option<Rc<str>>,
    /// Where the code that started the text was.
    pub(super) caller_pos: Pos,
}

/// Largest message accepted from a peer unless configured otherwise (1 GiB).
pub const DEFAULT_MAX_MESSAGE: usize = 1 << 30;

/// How long a client may stall mid-handshake or mid-message by default.
pub const DEFAULT_STALL_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// A view's definition (`v::expr`, view.md).
pub(crate) struct View {
    /// The text after `::`, as `view` shows it.
    pub text: Rc<str>,
    /// Its statements; the last one's value is the view's.
    pub program: crate::q::syntax::ast::Program,
    /// The global names it reads, in the order they are written.
    pub deps: Vec<Rc<str>>,
    /// Its value when last computed, with the values its names had then
    /// (`None` for a name then undefined); none while pending.
    pub cache: std::cell::RefCell<Option<(K, Vec<Option<K>>)>>,
    /// Set while it is being computed: a view that names itself reads
    /// its previous value (view.md).
    pub computing: std::cell::Cell<bool>,
    /// Its place among the views in the order they were defined.
    pub seq: usize,
}

/// One partitioned table: where each partition keeps it.
#[derive(Clone, Debug)]
pub struct PartedTable {
    /// The partition column (`date`, `month`, `year` or `int`).
    pub column: Rc<str>,
    /// The partition values, one per partition, in order.
    pub values: K,
    /// The table's directory in each partition; `None` where a partition
    /// lacks the table (then it counts no rows, as after `.Q.bv`).
    pub dirs: Vec<Option<std::path::PathBuf>>,
    /// The table's columns (from its newest partition), the partition
    /// column not included.
    pub columns: Vec<Rc<str>>,
}

impl PartedTable {
    /// The same table seen through only the partitions at `keep`.
    pub fn restricted(&self, keep: &[usize]) -> PartedTable {
        PartedTable {
            column: self.column.clone(),
            values: crate::q::kernels::list::gather(
                &self.values,
                &keep.iter().map(|&i| i as i64).collect::<Vec<_>>(),
            ),
            dirs: keep.iter().map(|&i| self.dirs[i].clone()).collect(),
            columns: self.columns.clone(),
        }
    }
}

/// The partitioned tables in force, and those read whole so far.
#[derive(Default)]
pub struct Parted {
    /// Every partition, as the database loaded.
    pub(crate) all: Vec<(Rc<str>, Rc<PartedTable>)>,
    /// What is visible: all, or what `.Q.view` chose.
    pub(crate) visible: Vec<(Rc<str>, Rc<PartedTable>)>,
    /// Tables read whole, by name.
    pub(crate) whole: std::cell::RefCell<Vec<(Rc<str>, K)>>,
    /// The splayed tables the database loaded, as loaded.
    pub(crate) splayed: Vec<K>,
}

/// The q-lite interpreter.
pub struct Interp {
    pub(super) globals: super::globals::Globals,
    /// Session settings (`\P`, `\c`).
    pub settings: Settings,
    /// Current namespace from `\d` (empty for root, else like `.foo`).
    pub namespace: Rc<str>,
    pub(crate) host: Box<dyn Host>,
    pub(super) frames: Vec<Frame>,
    /// The values of every frame's names, frame after frame: one stack, so
    /// a call allocates nothing for its arguments and locals.
    pub(super) locals: Vec<Option<K>>,
    pub(crate) interrupt: Arc<AtomicBool>,
    /// Whether remote clients may not run system commands or `exit` (`-u`).
    pub restricted: bool,
    /// Inside `reval`: no global or file may change, files outside the
    /// working directory may not be read, and system commands that change
    /// state and `exit` signal `'access` (eval.md).
    pub(crate) in_reval: bool,
    /// `-b`: requests from clients (handles other than 0) may not change
    /// globals or files (cmdline.md).
    pub blocked: bool,
    /// Inside `.z.vs`: assignments it makes do not call it again.
    pub(crate) in_value_set: bool,
    /// The indices of the last indexed assignment, for `.z.vs`.
    pub(crate) assigned_at: Option<K>,
    /// Handle whose request is being evaluated (`.z.w`); 0 at the console.
    pub current_handle: i32,
    /// Exit code requested by `exit` or `\\`, for the application to act on.
    pub exit_request: Option<i32>,
    /// Random number generator for `?`.
    pub(crate) rng: crate::q::kernels::random::Rng,
    /// Seed last set with `\S`; `None` while it is still the default.
    pub(crate) seed: Option<i64>,
    /// Command-line arguments after the script (`.z.x`).
    pub args: Vec<String>,
    /// The script being run (`.z.f`), empty at the console.
    pub script_name: String,
    /// Listening sockets and connections.
    pub net: crate::ipc::net::Net,
    /// The `-u`/`-U` users file, when one is in force.
    pub users: Option<crate::ipc::auth::UsersFile>,
    /// Where the users file was read from, for `\u` to read it again.
    pub users_path: Option<std::path::PathBuf>,
    /// How long a client may stall in its handshake or mid-message before
    /// it is dropped.
    pub stall_limit: std::time::Duration,
    /// The `\t` timer: its interval and when `.z.ts` next runs.
    pub(crate) timer: Option<(std::time::Duration, std::time::Instant)>,
    /// The process services the system layer provides.
    pub(crate) platform: &'static Platform,
    /// `-T`: how long a client's query may run before it is stopped.
    pub query_timeout: Option<std::time::Duration>,
    /// The watchdog that enforces `query_timeout`, started when first needed.
    pub(crate) deadline: Option<super::deadline::Deadline>,
    /// Files opened with `hopen`, by handle.
    pub(crate) files: HashMap<i32, std::fs::File>,
    /// Of the file handles open on a kdb+ vector file, its item type, read
    /// once when opened: writing items of that type adds to its count.
    pub(crate) vector_files: HashMap<i32, u8>,
    /// Views by full name (`v::expr`).
    pub(crate) views: HashMap<Rc<str>, Rc<View>>,
    /// The offset in its source of the application being made, for the
    /// carets of a backtrace taken while it runs (`.Q.bt`, `.Q.trp`).
    pub(crate) pos: Pos,
    /// Frame stacks set aside by [`Interp::contained`], outermost first.
    pub(crate) outer: Vec<Outer>,
    /// The partitioned tables of the loaded database.
    pub(crate) parted: Parted,
    /// Whether a failing lambda keeps its frame for the debugger: on for
    /// console lines, off under a trap and for what clients and the timer
    /// run (the error-trap modes of debug.md).
    pub(crate) suspend_errors: bool,
    /// While the debugger's prompt runs a line: the suspended stack as
    /// `.Q.bt[]` shows it there, `>>` marking the frame the prompt is in.
    pub suspended_backtrace: Option<String>,
    /// The primitive a console line's error began in, and its arguments.
    pub failed_op: Option<(K, K)>,
    /// While the debugger's prompt runs a line: the primitive whose error
    /// it stopped at and its arguments, `.z.ex` and `.z.ey`.
    pub suspended_op: Option<(K, K)>,
}

impl Interp {
    /// A fresh interpreter writing through `host`, with no access to the
    /// process: system commands, handles and `.z` names are the system
    /// layer's (`Interp::new` there gives an interpreter with them).
    pub fn detached(host: Box<dyn Host>) -> Interp {
        // A session starts reading slashed dates month first (`\z 0`).
        crate::q::syntax::literal::set_slashed_dates_day_first(false);
        Interp {
            globals: super::globals::Globals::default(),
            settings: Settings::default(),
            namespace: Rc::from(""),
            host,
            frames: Vec::new(),
            locals: Vec::new(),
            interrupt: Arc::new(AtomicBool::new(false)),
            restricted: false,
            in_reval: false,
            blocked: false,
            in_value_set: false,
            assigned_at: None,
            current_handle: 0,
            exit_request: None,
            rng: crate::q::kernels::random::Rng::new(
                crate::q::kernels::random::DEFAULT_SEED as u64,
            ),
            seed: None,
            args: Vec::new(),
            script_name: String::new(),
            net: crate::ipc::net::Net::new(DEFAULT_MAX_MESSAGE),
            users: None,
            users_path: None,
            stall_limit: DEFAULT_STALL_LIMIT,
            timer: None,
            platform: &DETACHED,
            query_timeout: None,
            deadline: None,
            files: HashMap::new(),
            vector_files: HashMap::new(),
            views: HashMap::new(),
            pos: 0,
            outer: Vec::new(),
            parted: Default::default(),
            suspend_errors: false,
            suspended_backtrace: None,
            failed_op: None,
            suspended_op: None,
        }
    }

    /// Runs `f` with errors not suspending lambdas: under a trap, which
    /// catches them, or for a client's request or a timer tick.
    pub(crate) fn unsuspended<T>(&mut self, f: impl FnOnce(&mut Interp) -> T) -> T {
        self.suspending(false, f)
    }

    /// Runs `f` with failing lambdas keeping their frames for the
    /// debugger, or not, as `on` says; the setting before comes back after.
    pub(crate) fn suspending<T>(&mut self, on: bool, f: impl FnOnce(&mut Interp) -> T) -> T {
        let saved = std::mem::replace(&mut self.suspend_errors, on);
        let r = f(self);
        self.suspend_errors = saved;
        r
    }

    /// A flag that, when set (e.g. by a SIGINT handler), stops the current
    /// evaluation with `'stop`.
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        self.interrupt.clone()
    }

    /// The host the interpreter writes through.
    pub fn host_mut(&mut self) -> &mut dyn Host {
        &mut *self.host
    }

    /// `'stop` after an interrupt (Ctrl-C, SIGINT, SIGTERM, a `-T`
    /// deadline) and `'wsfull` past the workspace limit: checked between
    /// steps of loops, iterators and lambda calls.
    #[inline(always)]
    pub(crate) fn check_interrupt(&self) -> R<()> {
        if self.interrupt.load(Ordering::Relaxed) || crate::k::memory::over_ceiling() {
            return self.interrupted();
        }
        Ok(())
    }

    /// [`Interp::check_interrupt`] when the flag is up or memory is over.
    #[cold]
    #[inline(never)]
    fn interrupted(&self) -> R<()> {
        if self.interrupt.swap(false, Ordering::Relaxed) {
            return Err(qerr("stop").into());
        }
        crate::k::memory::check()?;
        Ok(())
    }

    /// Runs `f` in a fresh frame stack, as a console line or a client's
    /// request runs. Should a bug panic inside it, the panic stops here as
    /// an error naming it, the frames are restored, and the session (or
    /// server) goes on.
    pub(crate) fn contained<T>(&mut self, f: impl FnOnce(&mut Interp) -> R<T>) -> R<T> {
        self.contained_text(None, f)
    }

    /// [`Interp::contained`] for source text, which a backtrace shows as a
    /// frame of its own.
    pub(crate) fn contained_text<T>(
        &mut self,
        text: Option<Rc<str>>,
        f: impl FnOnce(&mut Interp) -> R<T>,
    ) -> R<T> {
        let frames = std::mem::take(&mut self.frames);
        self.outer.push(Outer {
            frames,
            text,
            caller_pos: self.pos,
        });
        let depth = self.locals.len();
        let caller_pos = self.pos;
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self)));
        self.frames = self.outer.pop().map(|o| o.frames).unwrap_or_default();
        self.pos = caller_pos;
        self.locals.truncate(depth);
        r.unwrap_or_else(|p| {
            let what = p
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| p.downcast_ref::<&str>().copied())
                .unwrap_or("panic");
            Err(qerr(format!("internal error: {what}")).into())
        })
    }

    /// Runs `f` under the `-T` query timeout, if one is set: past it the
    /// evaluation stops with `'stop`.
    pub fn with_query_timeout<T>(&mut self, f: impl FnOnce(&mut Interp) -> T) -> T {
        let Some(limit) = self.query_timeout else {
            return f(self);
        };
        if self.deadline.is_none() {
            self.deadline = super::deadline::Deadline::start(self.interrupt.clone()).ok();
        }
        if let Some(d) = &self.deadline {
            d.arm(limit);
        }
        let r = f(self);
        if let Some(d) = &self.deadline {
            d.disarm();
        }
        r
    }

    /// Brings enumerations up to date with their domains, so a value shows
    /// (and is sent) with the symbols its domain holds now.
    pub fn resolve_enums(&self, x: &K) -> K {
        self.resolved_enums(x).unwrap_or_else(|| x.clone())
    }

    /// `x` with its enumerations brought up to date, or `None` when it
    /// holds none (so nothing is copied).
    fn resolved_enums(&self, x: &K) -> Option<K> {
        if !crate::k::depth::room() {
            return None;
        }
        match x {
            K::Enum(e) => {
                let dom = self.lookup(&e.domain.to_str_lossy());
                let Some(K::Vector(d)) = dom else {
                    return None;
                };
                let crate::k::Data::Sym(syms) = &d.data else {
                    return None;
                };
                let values = e
                    .indices
                    .iter()
                    .map(|&i| {
                        crate::q::kernels::list::position(i, syms.len())
                            .map_or(&b""[..], |p| syms.get(p))
                    })
                    .collect();
                Some(K::Enum(Rc::new(crate::k::Enumeration {
                    values,
                    ..(**e).clone()
                })))
            }
            K::List(l) => self.resolved_items(&l.items).map(K::list),
            K::Dict(d) => {
                let (k, v) = (self.resolved_enums(&d.keys), self.resolved_enums(&d.values));
                if k.is_none() && v.is_none() {
                    return None;
                }
                Some(K::dict(
                    k.unwrap_or_else(|| d.keys.clone()),
                    v.unwrap_or_else(|| d.values.clone()),
                ))
            }
            K::Table(t) => self
                .resolved_items(&t.cols)
                .map(|cols| K::table(t.names.clone(), cols)),
            _ => None,
        }
    }

    /// Items with their enumerations brought up to date, or `None` when
    /// none of them holds one.
    fn resolved_items(&self, items: &[K]) -> Option<Vec<K>> {
        let mut out: Option<Vec<K>> = None;
        for (i, item) in items.iter().enumerate() {
            match (self.resolved_enums(item), &mut out) {
                (Some(r), Some(o)) => o.push(r),
                (Some(r), None) => {
                    let mut o = items[..i].to_vec();
                    o.push(r);
                    out = Some(o);
                }
                (None, Some(o)) => o.push(item.clone()),
                (None, None) => {}
            }
        }
        out
    }

    // ---- variables ----

    /// The value of a global variable by full name (`x`, `.z.pg`).
    pub fn global(&self, name: &str) -> Option<&K> {
        self.globals.get(name)
    }

    /// Sets a global variable by full name.
    pub fn set_global(&mut self, name: &str, v: K) {
        self.globals.set(name, v);
    }

    /// The value of a global by full name, taken out with `::` left in its
    /// place until [`Interp::set_global`] puts one back.
    pub(crate) fn take_global(&mut self, name: &str) -> Option<K> {
        self.globals.take(name)
    }

    /// Removes a global; returns whether it existed.
    pub fn remove_global(&mut self, name: &str) -> bool {
        self.globals.remove(name).is_some()
    }

    /// Names of the globals in namespace `ns` (`""` for root), sorted.
    pub fn global_names(&self, ns: &str) -> Vec<Rc<str>> {
        let mut v: Vec<Rc<str>> = self
            .globals
            .keys()
            .filter(|k| {
                if ns.is_empty() {
                    !k.starts_with('.')
                } else {
                    k.strip_prefix(ns)
                        .and_then(|r| r.strip_prefix('.'))
                        .is_some_and(|r| !r.contains('.'))
                }
            })
            .cloned()
            .collect();
        v.sort();
        v
    }

    /// The namespaces directly inside namespace `ns` (`.fee.fi` is in
    /// `.fee` once `.fee.fi.fo` is set), as their last names, sorted.
    pub fn child_namespaces(&self, ns: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .globals
            .keys()
            .filter_map(|k| k.strip_prefix(ns)?.strip_prefix('.'))
            .filter_map(|rest| rest.split_once('.').map(|(child, _)| child.to_string()))
            .filter(|child| !child.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The full global name `name` refers to from namespace `ctx`.
    pub(super) fn qualify(&self, name: &str, ctx: &str) -> Rc<str> {
        if name.starts_with('.') || ctx.is_empty() {
            Rc::from(name)
        } else {
            Rc::from(format!("{ctx}.{name}"))
        }
    }

    /// Makes table columns visible as variables (for qSQL expressions).
    pub(crate) fn push_columns(&mut self, names: Vec<Rc<str>>, values: Vec<K>) {
        let ctx = self.frames.last().map_or_else(
            || Sym::from(self.namespace.trim_start_matches('.')),
            |f| f.ctx.clone(),
        );
        let base = self.locals.len();
        self.locals.extend(values.into_iter().map(Some));
        self.frames.push(Frame {
            names: names.into(),
            base,
            ctx,
            transparent: true,
            func: None,
            caller_pos: self.pos,
            debugger: false,
        });
    }

    /// Removes the frame pushed by [`Interp::push_columns`].
    pub(crate) fn pop_columns(&mut self) {
        self.pop_frame();
    }

    /// Removes the innermost frame and its values.
    pub(super) fn pop_frame(&mut self) {
        if let Some(f) = self.frames.pop() {
            self.locals.truncate(f.base);
        }
    }

    pub(super) fn current_ctx(&self) -> Rc<str> {
        /// The root's name, and the last namespace with its dotted name.
        type Names = (Rc<str>, Option<(Sym, Rc<str>)>);
        thread_local! {
            /// Kept: a lambda looks globals up in its namespace on every call.
            static NAMES: std::cell::RefCell<Names> = std::cell::RefCell::new((Rc::from(""), None));
        }
        match self.frames.last() {
            Some(f) if !f.ctx.is_empty() => NAMES.with_borrow_mut(|(_, last)| match last {
                Some((ctx, dotted)) if *ctx == f.ctx => dotted.clone(),
                _ => {
                    let dotted: Rc<str> = Rc::from(format!(".{}", f.ctx));
                    *last = Some((f.ctx.clone(), dotted.clone()));
                    dotted
                }
            }),
            Some(_) => NAMES.with_borrow(|(root, _)| root.clone()),
            None => self.namespace.clone(),
        }
    }

    /// The namespaces: q's own, then those the session has defined. Like
    /// `.z`, `.qrepl` (this process's own settings, such as the trace) is
    /// not listed.
    pub(crate) fn namespaces(&self) -> Vec<String> {
        let mut user: Vec<String> = self
            .globals
            .keys()
            .filter_map(|k| k.strip_prefix('.'))
            .filter_map(|k| k.split_once('.').map(|(ns, _)| ns.to_string()))
            .filter(|ns| !["q", "Q", "h", "j", "o", "z", "qrepl"].contains(&ns.as_str()))
            .collect();
        user.sort();
        user.dedup();
        ["q", "Q", "h", "j", "o"]
            .iter()
            .map(|s| s.to_string())
            .chain(user)
            .collect()
    }

    /// The slot in [`Interp::locals`] of `name` when it is a name of the
    /// innermost frame.
    pub(super) fn is_local(&self, name: &str) -> Option<usize> {
        self.frames.last().and_then(|f| {
            f.names
                .iter()
                .position(|n| same_name(n, name))
                .map(|i| f.base + i)
        })
    }

    /// Takes a variable's value out (leaving it unset) so it can be changed
    /// in place without copying, or `None` if it is not set.
    pub(super) fn take_var(&mut self, name: &str) -> Option<K> {
        if let Some(i) = self.is_local(name) {
            return self.locals[i].take();
        }
        let ctx = self.current_ctx();
        if !ctx.is_empty()
            && !name.starts_with('.')
            && let Some(v) = self.globals.take(&self.qualify(name, &ctx))
        {
            return Some(v);
        }
        self.globals.take(name)
    }
}

/// Attaches a position to an error that has none yet in the current
/// frame (an error from a called lambda gets the position of the call).
pub(crate) fn with_pos(f: Flow, pos: Pos) -> Flow {
    match f {
        Flow::Err(mut failure) if failure.pos.is_none() => {
            failure.pos = Some(pos);
            Flow::Err(failure)
        }
        other => other,
    }
}

/// An error at a position.
pub(crate) fn at(e: QError, pos: Pos) -> Flow {
    Flow::failure(e, Some(pos), Vec::new())
}

/// A signal (`'x`) of `e` at `pos`.
pub(crate) fn signalled(e: QError, pos: Pos) -> Flow {
    Flow::Err(Box::new(Failure {
        error: e,
        pos: Some(pos),
        trace: Vec::new(),
        signal: true,
        suspended: Vec::new(),
    }))
}

/// A projection of `f` over `args` (some of which may be elided).
pub(crate) fn project(f: K, args: Vec<K>) -> K {
    let mut parts = Vec::with_capacity(args.len() + 1);
    parts.push(f);
    parts.extend(args);
    // Trailing elided arguments are implied by the function's rank, except
    // for `enlist`, which takes any number: `(1;;)` is `enlist[1;;]`; and
    // a lambda keeps them as written (`{x+y}[42;]`, q for mortals §6).
    let kept = matches!(&parts[0], K::Func(f) if matches!(**f, Func::Unary(41) | Func::Lambda(_)));
    while !kept && parts.len() > 2 && parts.last().is_some_and(K::is_elided) {
        parts.pop();
    }
    K::func(Func::Projection(parts))
}

/// Whether two variable names are the same, compared in line: names are
/// short and most pairs differ in length or first letter, so this is
/// cheaper than a general string comparison on every lookup.
#[inline(always)]
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && (a.as_ptr() == b.as_ptr() || a.iter().zip(b).all(|(x, y)| x == y))
}
