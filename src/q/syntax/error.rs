//! Parse errors: what a lexer or parser reports, with the position the
//! caret goes under. Both the lexer and the parser produce them.

use super::ast::Pos;

/// A syntax error, as q reports it: a short message and where it happened.
///
/// The messages follow q: `(`, `[`, `{` for an opener never closed, `)`,
/// `]`, `}` for a closer with no opener, `"` for an unterminated string,
/// `char` for a character q does not use, `params` for more than eight
/// lambda parameters, `from` for a query without `from`, and the offending
/// text for a malformed literal.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{msg}")]
pub struct ParseError {
    /// The error text without the leading `'`.
    pub msg: String,
    /// Byte offset in the source where the caret goes.
    pub pos: Pos,
}

impl ParseError {
    /// An error with text `msg` at byte offset `pos`.
    pub fn new(msg: impl Into<String>, pos: Pos) -> ParseError {
        ParseError {
            msg: msg.into(),
            pos,
        }
    }

    /// Whether the text is merely unfinished: a bracket left open or a
    /// string not yet closed, so more lines could complete it.
    pub fn is_unclosed(&self) -> bool {
        matches!(self.msg.as_str(), "(" | "[" | "{" | "\"")
    }
}
