//! q-lite: the lexer, parser, evaluator and builtins of the q subset qrepl runs.

pub mod ast;
pub mod literal;
