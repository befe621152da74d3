//! Kernels: pure functions from q values to q values. Arithmetic and
//! comparison, casts, strings, list operations, find, group and sort,
//! dictionary and table algebra, temporal arithmetic, random draws from a
//! generator passed in, and the parts of qSQL that call no user function.
//!
//! Nothing here knows the evaluator, touches the process or prints. A
//! kernel that must call back into q (`ssr` with a function, `fby`) takes
//! the call as a closure, so the evaluator supplies it.

use crate::k::{K, QError};

pub mod casts;
pub mod compressed;
pub mod dotq;
pub mod hashing;
pub mod html;
pub mod index;
pub mod json;
pub mod keyed;
pub mod list;
pub mod listops;
pub mod math;
pub mod matrix;
pub mod pervade;
pub mod random;
pub mod storage;
pub mod strings;
pub mod table;
pub mod text;
pub mod verbs;

/// What a kernel returns: a value, or the q error it signals.
pub type KResult<T = K> = Result<T, QError>;
