//! q-lite: the q language as qrepl runs it, in four layers that depend
//! one way (each uses only those before it):
//!
//! - [`syntax`]: lexer, parser, syntax tree, literals.
//! - [`kernels`]: pure functions from values to values.
//! - [`eval`]: the interpreter: names, lambdas, application, iterators,
//!   amend, qSQL, errors with carets.
//! - [`system`]: handles, the listener, `.z`, `\` commands, timers.

pub mod eval;
pub mod kernels;
pub mod syntax;
pub mod system;

pub use eval::builtin::names as builtin_names;
pub use eval::interp::{BufferHost, EvalError, Host, Interp, Settings, SuspendedFrame, TraceFrame};
pub use syntax::{ast, lex, literal, parse, script};
pub use system::dotz::{host_name, user_name};

/// Whether the q console prints nothing for this line whatever its value:
/// an assignment, or text ending in `;`. Remote sessions use this to show
/// remote results as the console would.
pub fn console_is_silent(line: &str) -> bool {
    match syntax::parse::parse(line) {
        Ok(p) => {
            p.silent
                || matches!(
                    p.stmts.last(),
                    Some(syntax::ast::Expr::Assign(_) | syntax::ast::Expr::Match(_))
                )
        }
        Err(_) => false,
    }
}
