//! What the evaluator asks of the process around it: system commands,
//! `.z` names, handles, internal functions and the local time zone. The
//! system layer, above the evaluator, supplies these; an interpreter made
//! without it ([`DETACHED`]) evaluates q but has no access to the process.

use crate::k::{K, QError, Sym, qerr};

use super::interp::{Interp, R};

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
};
