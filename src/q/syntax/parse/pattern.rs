//! Patterns (basics/pattern.md): the left side of `(a;b):x`, lambda
//! parameters such as `{[(a;b);c:`j]}`, and the cases of the pattern
//! conditional `:[v;p1;r1;...;rd]`.
//!
//! A pattern is read like an expression, right to left: in `a!b:`J` the
//! type check applies to `b`, and in `(a;b):`F` to the whole list.

use std::rc::Rc;

use crate::k::{K, Scalar, Type};

use super::super::ast::{Expr, MatchCond, Pattern, PatternAssign, Pos, Prim, TYPE_CHARS};
use super::super::error::ParseError;
use super::super::lex::{Tok, Token};
use super::Parser;

/// The primitive code of `!`.
const PRIM_BANG: Prim = Prim(16);

impl Parser<'_> {
    /// The index of the `)` closing the `(` at `open`, if it is there.
    fn closing(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut j = open;
        while j < self.end {
            match self.toks[j].tok {
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(j);
                    }
                }
                _ => {}
            }
            j += 1;
        }
        None
    }

    /// A pattern assignment starting here: `(pattern):value`. `None`, with
    /// nothing read, when the text is not one, or is the older assignment
    /// to a parenthesised name `(a):v` or indexed name `(a[1]):v`.
    pub(super) fn pattern_assignment(&mut self) -> Result<Option<Expr>, ParseError> {
        if self.peek() != Some(&Tok::LParen) {
            return Ok(None);
        }
        let start = self.i;
        let Some(close) = self.closing(start) else {
            return Ok(None);
        };
        if self.peek_at(close + 1) != Some(&Tok::Colon) {
            return Ok(None);
        }
        let pattern = match self.pattern_primary() {
            Ok(p) if self.i == close + 1 => p,
            _ => {
                self.i = start;
                return Ok(None);
            }
        };
        let colon = self.toks[close + 1].pos;
        let pattern = match pattern {
            Pattern::Name(..) | Pattern::Indexed(..) => {
                self.i = start;
                return Ok(None);
            }
            // A constant alone is matched where the assignment is.
            Pattern::Const(k, _) => Pattern::Const(k, colon),
            p => p,
        };
        let text: Rc<str> =
            Rc::from(&self.src[self.toks[start].pos as usize..self.toks[close].end as usize]);
        self.i = close + 2;
        let (value, _) = self.expr()?;
        Ok(Some(Expr::Match(Box::new(PatternAssign {
            pattern,
            value,
            pos: colon,
            text,
        }))))
    }

    /// Whether a pattern conditional `:[v;p1;r1;...]` starts here: `:`
    /// touching a bracket of at least three parts (fewer is an application
    /// of `:`).
    pub(super) fn match_cond_ahead(&self) -> bool {
        self.peek() == Some(&Tok::Colon) && self.match_cond_parts().is_some_and(|n| n >= 3)
    }

    /// The number of parts in the brackets touching the `:` here.
    fn match_cond_parts(&self) -> Option<usize> {
        let Some(Token {
            tok: Tok::LBracket,
            spaced: false,
            ..
        }) = self.token(self.i + 1)
        else {
            return None;
        };
        let mut depth = 0usize;
        let mut parts = 1;
        for t in &self.toks[self.i + 1..self.end] {
            match t.tok {
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(parts);
                    }
                }
                Tok::Semi if depth == 1 => parts += 1,
                _ => {}
            }
        }
        None
    }

    /// `:[v;p1;r1;p2;r2;...;rd]`, after [`Parser::match_cond_ahead`].
    pub(super) fn match_cond(&mut self) -> Result<Expr, ParseError> {
        let pos = self.toks[self.i].pos;
        let parts = self.match_cond_parts().unwrap_or(1);
        self.i += 2;
        let (value, _) = self.expr()?;
        let mut arms = Vec::new();
        // After the value, pattern and result pairs; an odd part left
        // over is the default.
        for _ in 0..(parts - 1) / 2 {
            self.expect(&Tok::Semi)?;
            let pattern = self.pattern_item()?;
            self.expect(&Tok::Semi)?;
            let (result, _) = self.expr()?;
            arms.push((pattern, result));
        }
        let default = if parts.is_multiple_of(2) {
            self.expect(&Tok::Semi)?;
            Some(self.expr()?.0)
        } else {
            None
        };
        self.expect(&Tok::RBracket)?;
        Ok(Expr::MatchCond(Box::new(MatchCond {
            value,
            arms,
            default,
            pos,
        })))
    }

    /// Reads `tok`, which must come next.
    fn expect(&mut self, tok: &Tok) -> Result<(), ParseError> {
        if self.peek() == Some(tok) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    /// One pattern up to `;` or a closer: nothing (the null pattern), an
    /// operand, and a type check ``:`t`` or a filter function `:f` after it.
    pub(super) fn pattern_item(&mut self) -> Result<Pattern, ParseError> {
        let pos = self.here();
        if self.at_stop() {
            return Ok(Pattern::Null(pos));
        }
        let base = if self.peek() == Some(&Tok::Colon) {
            Pattern::Null(pos)
        } else {
            self.pattern_operand()?
        };
        if self.peek() != Some(&Tok::Colon) {
            return Ok(base);
        }
        let colon = self.here();
        self.i += 1;
        if let Some(Tok::Const(K::Atom(Type::Symbol, Scalar::Sym(s)))) = self.peek()
            && let [c] = s.as_bytes()
            && TYPE_CHARS.contains(&c.to_ascii_lowercase())
            && self.stops_at(self.i + 1)
        {
            let c = *c;
            self.i += 1;
            return Ok(Pattern::Type(Box::new(base), c, colon));
        }
        if self.at_stop() {
            return Err(self.unexpected());
        }
        let (f, _) = self.expr()?;
        Ok(Pattern::Filter(Box::new(base), f, colon))
    }

    /// `flip p`, `p!q` (a dictionary pattern when `p` is a constant), or
    /// a primary pattern.
    fn pattern_operand(&mut self) -> Result<Pattern, ParseError> {
        let pos = self.here();
        if matches!(self.peek(), Some(Tok::Name(n)) if &**n == "flip") {
            self.i += 1;
            let inner = self.pattern_item()?;
            return Ok(Pattern::Flip(Box::new(inner), pos));
        }
        let bang = |p: &Self| {
            matches!(
                p.peek(),
                Some(Tok::Prim {
                    prim: PRIM_BANG,
                    unary: false
                })
            )
        };
        let left = if bang(self) {
            Pattern::Null(pos)
        } else {
            self.pattern_primary()?
        };
        if !bang(self) {
            return Ok(left);
        }
        let at = self.here();
        self.i += 1;
        let right = if self.at_stop() {
            Pattern::Null(at)
        } else {
            self.pattern_item()?
        };
        Ok(match left {
            Pattern::Const(keys, _) => Pattern::Keys(keys, Box::new(right), at),
            left => Pattern::KeyValue(Box::new(left), Box::new(right), at),
        })
    }

    /// A name (with an index `a[i]`), a constant, or a parenthesised
    /// pattern: a list `(p;q)`, a dictionary `([k:p])` or a table `([]c:p)`.
    fn pattern_primary(&mut self) -> Result<Pattern, ParseError> {
        let Some(token) = self.token(self.i).cloned() else {
            return Err(self.unexpected());
        };
        let pos = token.pos;
        match token.tok {
            Tok::Name(n) => {
                self.i += 1;
                if self.touching_bracket() {
                    self.i += 1;
                    let index = self.seq(Tok::RBracket)?;
                    return Ok(Pattern::Indexed(n, index, pos));
                }
                Ok(Pattern::Name(n, pos))
            }
            Tok::Const(k) => {
                self.i += 1;
                Ok(Pattern::Const(k, pos))
            }
            Tok::LParen => {
                self.i += 1;
                match self.peek() {
                    Some(Tok::RParen) => {
                        self.i += 1;
                        Ok(Pattern::Const(K::list(Vec::new()), pos))
                    }
                    Some(Tok::LBracket) => {
                        self.i += 1;
                        let keys = self.pattern_entries(&Tok::RBracket)?;
                        let cols = self.pattern_entries(&Tok::RParen)?;
                        Ok(if cols.is_empty() && !keys.is_empty() {
                            Pattern::Entries(keys, pos)
                        } else {
                            Pattern::Table { keys, cols, pos }
                        })
                    }
                    _ => {
                        let mut items = Vec::new();
                        loop {
                            items.push(self.pattern_item()?);
                            match self.peek() {
                                Some(Tok::Semi) => self.i += 1,
                                Some(Tok::RParen) => {
                                    self.i += 1;
                                    break;
                                }
                                _ => return Err(self.unexpected()),
                            }
                        }
                        Ok(match items.len() {
                            1 => items.pop().unwrap_or(Pattern::Null(pos)),
                            _ => Pattern::List(items, pos),
                        })
                    }
                }
            }
            _ => Err(self.unexpected()),
        }
    }

    /// The `name:pattern` (or bare `name`, which sets `name`) entries of a
    /// dictionary or table pattern up to `close`, which is consumed. A
    /// name with nothing after its colon must be there but is not matched.
    fn pattern_entries(&mut self, close: &Tok) -> Result<Vec<(Rc<str>, Pattern)>, ParseError> {
        let mut entries = Vec::new();
        loop {
            let Some(Token {
                tok: Tok::Name(name),
                pos,
                ..
            }) = self.token(self.i).cloned()
            else {
                if self.peek() == Some(close) {
                    self.i += 1;
                    return Ok(entries);
                }
                return Err(self.unexpected());
            };
            self.i += 1;
            let pattern = if self.peek() == Some(&Tok::Colon) {
                let colon = self.here();
                self.i += 1;
                if self.at_stop() {
                    Pattern::Null(colon)
                } else {
                    self.pattern_item()?
                }
            } else {
                Pattern::Name(name.clone(), pos)
            };
            entries.push((name, pattern));
            match self.peek() {
                Some(Tok::Semi) => self.i += 1,
                Some(t) if t == close => {}
                _ => return Err(self.unexpected()),
            }
        }
    }

    /// The position of the next token, or of the end.
    fn here(&self) -> Pos {
        self.token(self.i).map_or_else(|| self.end_pos(), |t| t.pos)
    }
}
