//! q-lite: the lexer, parser, evaluator and builtins of the q subset qrepl runs.

mod adverb;
mod amend;
mod apply;
pub mod ast;
mod builtin;
mod casts;
mod dotz;
mod handles;
mod internal;
mod interp;
pub mod lex;
mod list;
mod listops;
pub mod literal;
mod math;
pub mod parse;
mod random;
pub mod script;
mod sql;
mod strings;
mod system;
mod table;
mod verbs;

pub use builtin::names as builtin_names;
pub use dotz::{host_name, user_name};
pub use interp::{BufferHost, EvalError, Host, Interp, Settings, TraceFrame};

/// Whether the q console prints nothing for this line whatever its value:
/// an assignment, or text ending in `;`. Remote sessions use this to show
/// remote results as the console would.
pub fn console_is_silent(line: &str) -> bool {
    match parse::parse(line) {
        Ok(p) => p.silent || matches!(p.stmts.last(), Some(ast::Expr::Assign(_))),
        Err(_) => false,
    }
}
