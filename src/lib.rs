//! qrepl: a q-style REPL and console client that speaks the native kdb+ IPC
//! protocol, both as a client and as a listening server.
//!
//! # Layout
//!
//! Layers depend only on the ones above them in this list:
//!
//! - [`k`]: the q value model (atoms, vectors, lists, dicts, tables, functions).
//! - [`ipc`]: the native kdb+ IPC codec, sans I/O (framing, encode/decode,
//!   compression, the handshake), then connections and the socket table.
//! - [`q`]: q-lite, the q language subset: syntax tree, parser, evaluator,
//!   builtins, and handles as the evaluator sees them.
//! - [`fmt`]: rendering values as text: the q console layout, boxes, CSV, JSON.
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
