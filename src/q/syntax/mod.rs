//! q syntax: the lexer, the parser, the syntax tree, literals, and the
//! splitting of scripts into statements. It knows nothing of evaluation;
//! what goes wrong is a [`ParseError`] value.

pub mod ast;
mod error;
pub mod lex;
pub mod literal;
pub mod parse;
pub mod script;

pub use error::ParseError;
