//! The evaluator: environments and globals, lambdas and projections,
//! application and indexing, iterators, amend, qSQL planning, and errors
//! with their backtraces and carets. It calls kernels for the work on
//! values and reaches the process only through the `Platform` table in `interp.rs`.

pub(crate) mod adverb;
pub(crate) mod amend;
pub(crate) mod apply;
pub(crate) mod builtin;
pub(crate) mod deadline;
pub(crate) mod files;
pub(crate) mod globals;
pub(crate) mod interp;
pub(crate) mod parted;
pub(crate) mod pattern;
pub(crate) mod sql;
pub(crate) mod stateful;
pub(crate) mod trap;
pub(crate) mod tree;
pub(crate) mod views;
pub(crate) mod walk;
