//! qrepl: a q-style REPL and console client that speaks the native kdb+ IPC
//! protocol, both as a client and as a listening server.
//!
//! # Layout
//!
//! Layers depend only on the ones above them in this list (checked in CI by
//! `.ci/check-layers`, which also fails on any import circle):
//!
//! ```text
//! k                    values: atoms, vectors, lists, dicts, tables, functions
//! ipc, fmt             the kdb+ codec and connections; rendering as text
//! q::syntax            lexer, parser, syntax tree, literals
//! q::kernels           pure functions on values (no interpreter, no I/O)
//! q::eval              the interpreter: names, lambdas, apply, iterators,
//!                      amend, qSQL, errors with carets
//! q::system            handles, listener, .z, \ commands, timers, files
//! repl, cli, config    the terminal application
//! ```
//!
//! Where new things go:
//!
//! - A builtin that maps values to values: a kernel in `q/kernels`, bound to
//!   its name in the table in `q/eval/builtin.rs` (`Kernel1`, `Kernel2`).
//!   If it must read or set globals, draw random numbers or call a q
//!   function, a thin wrapper in `q/eval/stateful.rs` resolves that and
//!   calls the kernel (a kernel takes a q call as a closure).
//! - A `.z` name or handler: `q/system/dotz.rs` for values, and the call
//!   sites in `q/system/handles.rs` for handlers run on connection events.
//! - A system command (`\x`): `q/system/commands.rs`.
//! - Anything the evaluator needs from the process: a field of
//!   `Platform` in `q/eval/interp.rs`, filled in by `q/system/mod.rs`.
//!
//! - [`k`]: the q value model.
//! - [`ipc`]: the native kdb+ IPC codec, sans I/O, then connections.
//! - [`fmt`]: rendering values as text: the q console layout, boxes, CSV, JSON.
//! - [`q`]: q-lite, the q language (see its layers above).
//! - [`cli`], [`config`], [`generate`], [`repl`]: the terminal application.
#![warn(missing_docs)]

pub mod cli;
pub mod config;
pub mod fmt;
pub mod generate;
pub mod ipc;
pub mod k;
pub mod q;
pub mod repl;

/// Every allocation is counted, for the workspace limit (`-w`, `\w`).
#[global_allocator]
static ALLOCATOR: k::memory::Counting = k::memory::Counting;
