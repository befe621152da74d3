//! The system layer: what touches the OS or the process. Handles and IPC
//! calls, the listener, `.z` names and handlers, `\` commands, timers,
//! internal functions and files. It sits above the evaluator and gives it these
//! services through the evaluator's `Platform` table.

pub(crate) mod commands;
pub(crate) mod database;
pub(crate) mod dotz;
pub(crate) mod files;
pub(crate) mod handles;
pub(crate) mod http;
pub(crate) mod internal;
pub(crate) mod library;
pub(crate) mod streams;

pub use handles::{TRACE_VAR, WATCH_VAR, trace_target};

use crate::q::eval::interp::Platform;
use crate::q::eval::interp::{Host, Interp};

/// The services this layer gives the evaluator.
static SYSTEM: Platform = Platform {
    command: commands::run,
    special: dotz::value,
    hopen: files::hopen,
    hclose: files::hclose,
    internal: internal::call,
    send: files::send,
    one_shot: |it, s, args| it.one_shot(s, args),
    local_offset: dotz::local_offset_secs,
    file: database::file_verb,
    read_parted: database::read_parted,
    parted_rows: database::parted_rows,
};

impl Interp {
    /// A fresh interpreter writing through `host`, with the process's
    /// services: system commands, handles, the listener and `.z`.
    pub fn new(host: Box<dyn Host>) -> Interp {
        let mut it = Interp::detached(host);
        it.platform = &SYSTEM;
        let prelude = it.run_script(database::PRELUDE);
        debug_assert!(prelude.is_ok(), "the .Q prelude runs");
        let library = it.run_script(library::PRELUDE);
        debug_assert!(library.is_ok(), "the q library runs");
        it
    }
}
