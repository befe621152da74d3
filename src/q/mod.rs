//! q-lite: the lexer, parser, evaluator and builtins of the q subset qrepl runs.

pub mod ast;
pub mod lex;
pub mod literal;
pub mod parse;
pub mod script;
