//! The remote process of a remote session: its connection (reopened on
//! demand after it drops), its prompt, and the names it offers for
//! completion, fetched without the session ever waiting for them.

use std::time::{Duration, Instant};

use crate::ipc::target::Target;
use crate::k::{Data, K, QError};
use crate::q::Interp;

/// How long an unanswered request for the remote's names stays
/// outstanding; after that the next line asks again.
pub const NAMES_TIMEOUT: Duration = Duration::from_secs(2);

/// The global the remote's answer lands in on this side.
const NAMES_GLOBAL: &str = ".qrepl.names";

/// The names a remote offers for completion, as q computes them there:
/// its root variables and functions, every name in its own namespaces
/// (`.u.upd`), and the columns of its tables. A failure gives none.
const NAMES_EXPR: &str = "@[{distinct(system\"v\"),(system\"f\"),\
(raze{ns:` sv`,x;` sv/:ns,/:(key ns)except`}each(key`)except`q`Q`h`j`o`z),\
raze cols each system\"a\"};::;{0#`}]";

/// Asks the remote (asynchronously) to send [`NAMES_EXPR`] back
/// asynchronously: nothing on either side waits for the answer, and a
/// remote busy with a long query simply answers later.
fn names_request() -> String {
    format!("neg[.z.w](`.qrepl.names;{NAMES_EXPR})")
}

/// Asks a remote qrepl to send this connection its trace lines; a
/// process without qrepl's watch list (kdb+) changes nothing, whatever
/// its `key` makes of a namespace it lacks.
const WATCH_REQUEST: &str =
    "@[{if[`watch in key`.qrepl;.qrepl.watch:distinct .qrepl.watch,x]};.z.w;::]";

/// This side's handler for async messages in a remote session: it keeps
/// the names answer and evaluates anything else, as q's default does.
const NAMES_HANDLER: &str = ".z.ps:{$[`.qrepl.names~first x;[.qrepl.names::last x;::];value x]}";

/// A remote process and the session's connection to it.
pub struct Remote {
    target: Target,
    handle: Option<i32>,
    names_asked: Option<Instant>,
    /// Whether this connection's names have arrived at least once.
    names_known: bool,
}

impl Remote {
    /// A remote session's process; `target` carries the password to use
    /// (the first connection's is kept for reconnecting).
    pub fn new(target: Target) -> Remote {
        Remote {
            target,
            handle: None,
            names_asked: None,
            names_known: false,
        }
    }

    /// `host:port` (or `unix://port`) for prompts and messages.
    pub fn address(&self) -> String {
        self.target.address()
    }

    /// The prompt: `host:port>`.
    pub fn prompt(&self) -> String {
        format!("{}>", self.address())
    }

    /// The open connection's handle, if there is one.
    pub fn handle(&self) -> Option<i32> {
        self.handle
    }

    /// Opens the connection, installing this side's handler for the names
    /// answer first.
    ///
    /// # Errors
    /// q's error for the failed connection (`'access`, `'hop. OS reports: ...`).
    pub fn connect(&mut self, it: &mut Interp) -> Result<i32, QError> {
        install_names_handler(it);
        let mut target = self.target.clone();
        if target.password.is_some() && target.user.is_none() {
            target.user = Some(crate::q::user_name());
        }
        let h = it.open(&target)?;
        self.handle = Some(h);
        self.names_asked = None;
        self.names_known = false;
        if tracing(it) {
            // The remote side's messages join this side's trace. Queued
            // now, written by the event loop's next turn.
            let _ = it.request(-h, K::string(WATCH_REQUEST));
        }
        Ok(h)
    }

    /// Whether the connection was open and has just been found closed
    /// (the remote exited or the network dropped); forgets the handle.
    pub fn check_lost(&mut self, it: &Interp) -> bool {
        match self.handle {
            Some(h) if !it.is_open(h) => {
                self.handle = None;
                self.names_asked = None;
                true
            }
            _ => false,
        }
    }

    /// Sends `line` exactly as typed, as a string, and waits for the result.
    ///
    /// # Errors
    /// The remote's error, or `'close` when the connection drops.
    pub fn request(&mut self, it: &mut Interp, line: &str) -> Result<K, QError> {
        let h = self.handle.ok_or_else(|| crate::k::qerr("close"))?;
        it.request(h, K::string(line))
    }

    /// Whether a names request is out and not yet answered or timed out.
    pub fn names_pending(&self) -> bool {
        self.handle.is_some()
            && self
                .names_asked
                .is_some_and(|t| t.elapsed() < NAMES_TIMEOUT)
    }

    /// Whether the open connection's names have not arrived yet (asked for
    /// after every line until they do).
    pub fn names_wanted(&self) -> bool {
        self.handle.is_some() && !self.names_known
    }

    /// Asks for the remote's names unless an earlier request is still
    /// within its timeout. Never waits.
    pub fn ask_names(&mut self, it: &mut Interp) {
        let Some(h) = self.handle else { return };
        if self.names_pending() {
            return;
        }
        // Queued now, written by the event loop's next turn.
        if it.request(-h, K::string(names_request())).is_ok() {
            self.names_asked = Some(Instant::now());
        }
    }

    /// The names the remote sent, once its answer has arrived.
    pub fn take_names(&mut self, it: &mut Interp) -> Option<Vec<String>> {
        let names = it.global(NAMES_GLOBAL)?;
        let list = match names {
            K::Vector(v) => match &v.data {
                Data::Sym(syms) => syms
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        it.remove_global(NAMES_GLOBAL);
        self.names_asked = None;
        self.names_known = true;
        Some(list)
    }
}

/// Whether this side traces its messages (`--trace`, `.qrepl.trace`).
fn tracing(it: &Interp) -> bool {
    it.global(crate::q::system::TRACE_VAR)
        .and_then(crate::q::system::trace_target)
        .is_some()
}

/// Sets this side's `.z.ps` to [`NAMES_HANDLER`] unless one is set already.
fn install_names_handler(it: &mut Interp) {
    if it.global(".z.ps").is_none() {
        // A fixed, parseable definition: failure here is a bug in it,
        // and completion just goes without remote names.
        let _ = it.eval_text(NAMES_HANDLER);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::q::BufferHost;

    fn interp() -> Interp {
        let mut it = Interp::new(Box::new(BufferHost::default()));
        install_names_handler(&mut it);
        it
    }

    fn remote() -> Remote {
        Remote::new(crate::config::parse_target("db1:5010").expect("target"))
    }

    #[test]
    fn the_names_answer_is_kept_and_taken_once() {
        let mut it = interp();
        let mut r = remote();
        assert_eq!(r.take_names(&mut it), None);
        it.eval_text(".z.ps(`.qrepl.names;`trade`vwap)")
            .expect("handler runs");
        assert_eq!(
            r.take_names(&mut it),
            Some(vec!["trade".to_string(), "vwap".to_string()])
        );
        assert_eq!(r.take_names(&mut it), None);
    }

    #[test]
    fn the_names_cover_namespaces_functions_and_columns() {
        let mut it = interp();
        it.eval_text(".u.upd:{x};.u.w:1;trade:([]sym:`a`b;price:1 2.);f:{x}")
            .expect("define");
        it.eval_text(&format!(".z.ps(`.qrepl.names;{NAMES_EXPR})"))
            .expect("names");
        let names = remote().take_names(&mut it).expect("names arrived");
        for n in ["trade", "f", ".u.upd", ".u.w", "sym", "price"] {
            assert!(names.iter().any(|m| m == n), "{n} missing from {names:?}");
        }
        assert!(
            !names.iter().any(|m| m.starts_with(".q.")),
            "q's own namespaces stay out: {names:?}"
        );
    }

    #[test]
    fn other_async_messages_are_evaluated_as_by_default() {
        let mut it = interp();
        it.eval_text(".z.ps\"x:6*7\"").expect("handler runs");
        assert_eq!(it.global("x"), Some(&K::long(42)));
    }

    #[test]
    fn a_handler_already_set_is_kept() {
        let mut it = Interp::new(Box::new(BufferHost::default()));
        it.eval_text(".z.ps:{seen::x}").expect("define");
        install_names_handler(&mut it);
        it.eval_text(".z.ps 1").expect("handler runs");
        assert_eq!(it.global("seen"), Some(&K::long(1)));
    }

    #[test]
    fn the_request_parses_and_prompts_name_the_address() {
        assert!(crate::q::parse::parse(&names_request()).is_ok());
        assert!(crate::q::parse::parse(WATCH_REQUEST).is_ok());
        let r = remote();
        assert_eq!(r.prompt(), "db1:5010>");
        assert!(!r.names_pending(), "nothing is asked before connecting");
    }
}
