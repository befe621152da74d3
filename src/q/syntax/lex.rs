//! The q-lite lexer: source text to tokens, with q's whitespace rules.
//!
//! The lexer settles every question that depends on spacing, so the parser
//! never looks at bytes: whether `/` starts a comment or is Over, whether
//! `-1` is a negative literal or Minus, which numeric words form one vector
//! (`1 2 3h`), and where a newline ends a statement (at the top level, when
//! the next line does not start with a blank). It also checks that brackets
//! balance, so the parser can rely on every opener having its closer.

use std::rc::Rc;

use crate::k::{Adverb, Data, K, Scalar, SymVec, Type};

use super::ast::{Pos, Prim};
use super::error::ParseError;
use super::literal::{self, Word};

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A literal: number, vector, string, symbol or symbol vector.
    Const(K),
    /// A name: `x`, `.z.pg`, `count`, `select`.
    Name(Rc<str>),
    /// A primitive glyph; `unary` when written with a trailing colon (`#:`).
    Prim {
        /// Which primitive.
        prim: Prim,
        /// Written with a trailing `:`.
        unary: bool,
    },
    /// A verb spelled with glyphs that is not a primitive: `<=`, `>=`, `<>`,
    /// and the file verbs `0:`, `1:`, `2:`.
    Verb(Rc<str>),
    /// An iterator glyph: `'` `/` `\` `':` `/:` `\:`.
    Adverb(Adverb),
    /// `:` on its own.
    Colon,
    /// `::`.
    DoubleColon,
    /// `(`.
    LParen,
    /// `)`.
    RParen,
    /// `[`.
    LBracket,
    /// `]`.
    RBracket,
    /// `{`.
    LBrace,
    /// `}`.
    RBrace,
    /// `;`.
    Semi,
    /// A newline that ends a top-level statement.
    Newline,
}

/// A token with its place in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Byte offset of its first character.
    pub pos: Pos,
    /// Byte offset just past its last character.
    pub end: Pos,
    /// Whether blanks (or a comment, or a line break) come right before it.
    pub spaced: bool,
}

/// The glyphs of the primitives, other than `:` which the lexer keeps apart.
const GLYPHS: &[u8] = b"+-*%&|^=<>$,#_~!?@.";

/// Splits `src` into tokens.
///
/// # Errors
/// A [`ParseError`] for an unterminated string (`"`), an unclosed bracket
/// (`(`, `[` or `{`, at the opener), a closer with no opener or of the
/// wrong kind (at the closer), a character q does not use (`char`), a
/// malformed numeric literal (the literal's text), or a system command
/// (`\l file`, which belongs to the script loader or the console).
pub fn lex(src: &str) -> Result<Vec<Token>, ParseError> {
    Lexer {
        src: src.as_bytes(),
        i: 0,
        tokens: Vec::new(),
        depth: Vec::new(),
        spaced: true,
    }
    .run()
}

struct Lexer<'a> {
    src: &'a [u8],
    i: usize,
    tokens: Vec<Token>,
    /// Open brackets: the opener and its position.
    depth: Vec<(u8, usize)>,
    /// Whether blanks came since the last token.
    spaced: bool,
}

fn err(msg: impl Into<String>, pos: usize) -> ParseError {
    ParseError::new(msg, pos as Pos)
}

/// Characters that end a noun, after which `-` is always Minus.
fn ends_noun(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b')' | b']' | b'}' | b'"' | b'`')
}

fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == b'\r'
}

impl<'a> Lexer<'a> {
    fn peek(&self, k: usize) -> Option<u8> {
        self.src.get(self.i + k).copied()
    }

    fn prev(&self) -> Option<u8> {
        self.i.checked_sub(1).map(|j| self.src[j])
    }

    fn push(&mut self, tok: Tok, start: usize) {
        self.tokens.push(Token {
            tok,
            pos: start as Pos,
            end: self.i as Pos,
            spaced: self.spaced,
        });
        self.spaced = false;
    }

    /// The text of the line starting at `start`, without its newline.
    fn line_at(&self, start: usize) -> &'a [u8] {
        let rest = &self.src[start..];
        let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
        &rest[..end]
    }

    /// Whether the line at `start` holds just `c` (trailing blanks allowed).
    fn line_is(&self, start: usize, c: u8) -> bool {
        let line = self.line_at(start);
        line.first() == Some(&c) && line[1..].iter().all(|&b| is_blank(b))
    }

    fn run(mut self) -> Result<Vec<Token>, ParseError> {
        while self.i < self.src.len() {
            let at_line_start = self.i == 0 || self.src[self.i - 1] == b'\n';
            if at_line_start && self.line_start()? {
                break;
            }
            if self.i >= self.src.len() {
                break;
            }
            let c = self.src[self.i];
            let start = self.i;
            match c {
                b'\n' => self.newline(),
                c if is_blank(c) => {
                    self.i += 1;
                    self.spaced = true;
                }
                b'/' if self.prev().is_none_or(|p| is_blank(p) || p == b'\n') => {
                    self.skip_line();
                }
                b'"' => self.string()?,
                b'`' => self.symbols(),
                b'0'..=b'9' => self.number_or_file_verb()?,
                b'.' if self.number_starts_at(0) => self.numbers()?,
                b'-' if self.starts_negative_literal() => self.numbers()?,
                c if c.is_ascii_alphabetic() => self.name(),
                b'.' if self.peek(1).is_some_and(|d| d.is_ascii_alphabetic()) => self.name(),
                b'(' | b'[' | b'{' => {
                    self.depth.push((c, start));
                    self.i += 1;
                    let tok = match c {
                        b'(' => Tok::LParen,
                        b'[' => Tok::LBracket,
                        _ => Tok::LBrace,
                    };
                    self.push(tok, start);
                }
                b')' | b']' | b'}' => {
                    let opener = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    match self.depth.pop() {
                        Some((o, _)) if o == opener => {}
                        _ => return Err(err((c as char).to_string(), start)),
                    }
                    self.i += 1;
                    let tok = match c {
                        b')' => Tok::RParen,
                        b']' => Tok::RBracket,
                        _ => Tok::RBrace,
                    };
                    self.push(tok, start);
                }
                b';' => {
                    self.i += 1;
                    self.push(Tok::Semi, start);
                }
                b'\'' | b'/' | b'\\' => {
                    let colon = self.peek(1) == Some(b':');
                    let adverb = match (c, colon) {
                        (b'\'', false) => Adverb::Each,
                        (b'\'', true) => Adverb::EachPrior,
                        (b'/', false) => Adverb::Over,
                        (b'/', true) => Adverb::EachRight,
                        (_, false) => Adverb::Scan,
                        (_, true) => Adverb::EachLeft,
                    };
                    self.i += 1 + colon as usize;
                    self.push(Tok::Adverb(adverb), start);
                }
                b':' => {
                    if self.peek(1) == Some(b':') {
                        self.i += 2;
                        self.push(Tok::DoubleColon, start);
                    } else {
                        self.i += 1;
                        self.push(Tok::Colon, start);
                    }
                }
                c if GLYPHS.contains(&c) => self.glyph(),
                _ => return Err(err("char", start)),
            }
        }
        if let Some(&(open, pos)) = self.depth.last() {
            return Err(err((open as char).to_string(), pos));
        }
        Ok(self.tokens)
    }

    /// Handles what only matters at the start of a line: block comments,
    /// the end-of-script `\`, and system commands. Returns true when the
    /// rest of the source is to be ignored.
    fn line_start(&mut self) -> Result<bool, ParseError> {
        loop {
            if self.line_is(self.i, b'/') {
                // A block comment runs to a line holding only `\`, or to the end.
                self.skip_line();
                loop {
                    if self.i >= self.src.len() {
                        return Ok(true);
                    }
                    self.i += 1; // the newline
                    if self.i >= self.src.len() {
                        return Ok(true);
                    }
                    let closes = self.line_is(self.i, b'\\');
                    self.skip_line();
                    if closes {
                        break;
                    }
                }
                self.spaced = true;
                if self.i >= self.src.len() {
                    return Ok(false);
                }
                self.i += 1;
                continue;
            }
            if self.depth.is_empty() && self.src.get(self.i) == Some(&b'\\') {
                if self.line_is(self.i, b'\\') {
                    return Ok(true);
                }
                return Err(err("\\", self.i));
            }
            return Ok(false);
        }
    }

    fn skip_line(&mut self) {
        while self.i < self.src.len() && self.src[self.i] != b'\n' {
            self.i += 1;
        }
        self.spaced = true;
    }

    /// A line break: a statement separator at the top level unless the next
    /// line starts with a blank (a continuation); whitespace inside brackets.
    fn newline(&mut self) {
        let start = self.i;
        self.i += 1;
        let continues = self.peek(0).is_some_and(is_blank);
        if self.depth.is_empty() && !continues {
            self.push(Tok::Newline, start);
        }
        self.spaced = true;
    }

    fn string(&mut self) -> Result<(), ParseError> {
        let start = self.i;
        self.i += 1;
        let mut bytes = Vec::new();
        loop {
            let Some(c) = self.peek(0) else {
                return Err(err("\"", start));
            };
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek(0) else {
                        return Err(err("\"", start));
                    };
                    self.i += 1;
                    match e {
                        b'n' => bytes.push(b'\n'),
                        b't' => bytes.push(b'\t'),
                        b'r' => bytes.push(b'\r'),
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.peek(0) {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            bytes.push(v as u8);
                        }
                        other => bytes.push(other),
                    }
                }
                _ => bytes.push(c),
            }
        }
        let value = match bytes.as_slice() {
            [c] => K::char(*c),
            _ => K::string(bytes),
        };
        self.push(Tok::Const(value), start);
        Ok(())
    }

    /// One symbol or a run of them written without spaces (`` `a`b`c ``).
    fn symbols(&mut self) {
        let start = self.i;
        let mut syms = SymVec::new();
        while self.peek(0) == Some(b'`') {
            self.i += 1;
            let from = self.i;
            let mut seen_colon = false;
            while let Some(c) = self.peek(0) {
                let ok = c.is_ascii_alphanumeric()
                    || matches!(c, b'.' | b'_' | b':')
                    || (c == b'/' && seen_colon);
                if !ok {
                    break;
                }
                seen_colon |= c == b':';
                self.i += 1;
            }
            syms.push(&self.src[from..self.i]);
        }
        let value = if syms.len() == 1 {
            K::Atom(Type::Symbol, Scalar::Sym(syms.sym(0)))
        } else {
            K::syms(syms)
        };
        self.push(Tok::Const(value), start);
    }

    fn name(&mut self) {
        let start = self.i;
        self.i += 1;
        while let Some(c) = self.peek(0) {
            let part_of_name = c.is_ascii_alphanumeric()
                || c == b'_'
                || (c == b'.' && self.peek(1).is_some_and(|d| d.is_ascii_alphanumeric()));
            if !part_of_name {
                break;
            }
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.src[start..self.i]).unwrap_or("");
        self.push(Tok::Name(Rc::from(text)), start);
    }

    /// A primitive glyph, with `<=`, `>=`, `<>` and the trailing-colon unary forms.
    fn glyph(&mut self) {
        let start = self.i;
        let c = self.src[self.i];
        let pair = self.peek(1);
        let two = match (c, pair) {
            (b'<', Some(b'=')) => Some("<="),
            (b'>', Some(b'=')) => Some(">="),
            (b'<', Some(b'>')) => Some("<>"),
            _ => None,
        };
        if let Some(two) = two {
            self.i += 2;
            self.push(Tok::Verb(Rc::from(two)), start);
            return;
        }
        self.i += 1;
        let unary = self.peek(0) == Some(b':') && self.peek(1) != Some(b':');
        if unary {
            self.i += 1;
        }
        let glyph = (c as char).to_string();
        let prim = Prim::from_glyph(&glyph).unwrap_or(Prim(0));
        self.push(Tok::Prim { prim, unary }, start);
    }

    /// Whether the `-` here is the sign of a literal: it must touch a digit
    /// (or `.digit`) on its right and not follow a noun it touches on its left.
    fn starts_negative_literal(&self) -> bool {
        // `_` ends a noun when it is part of a name (`x_-1`), not when it is
        // the drop verb itself (`1_-10_s`).
        let after_drop = self.prev() == Some(b'_')
            && matches!(self.tokens.last(), Some(t) if matches!(t.tok, Tok::Prim { .. }));
        self.number_starts_at(1) && (after_drop || !self.prev().is_some_and(ends_noun))
    }

    /// Whether an unsigned number starts `k` bytes ahead: a digit, or `.` and a digit.
    fn number_starts_at(&self, k: usize) -> bool {
        match self.peek(k) {
            Some(d) if d.is_ascii_digit() => true,
            Some(b'.') => self.peek(k + 1).is_some_and(|d| d.is_ascii_digit()),
            _ => false,
        }
    }

    /// `0:`, `1:` or `2:` (a file verb), or the numeric words starting here.
    fn number_or_file_verb(&mut self) -> Result<(), ParseError> {
        if self.is_file_verb_here() {
            let start = self.i;
            self.i += 2;
            let name = format!("{}:", self.src[start] as char);
            self.push(Tok::Verb(Rc::from(name.as_str())), start);
            return Ok(());
        }
        self.numbers()
    }

    /// Scans one numeric word (sign included) and returns its extent.
    fn word(&mut self) -> (usize, usize) {
        let start = self.i;
        if self.peek(0) == Some(b'-') {
            self.i += 1;
        }
        let hex = self.src[self.i..].starts_with(b"0x");
        while let Some(c) = self.peek(0) {
            let so_far = &self.src[start..self.i];
            let take = if c.is_ascii_alphanumeric() || c == b'.' {
                true
            } else if c == b':' {
                // Clock colons: `12:30`, `0D05:36`, never a file verb or assignment.
                self.peek(1).is_some_and(|d| d.is_ascii_digit()) && !hex
            } else if c == b'-' || c == b'+' {
                // An exponent sign: `1e-3`.
                !hex && so_far.last() == Some(&b'e')
                    && self.peek(1).is_some_and(|d| d.is_ascii_digit())
                    && so_far
                        .iter()
                        .all(|&d| d.is_ascii_digit() || matches!(d, b'.' | b'e' | b'-'))
            } else {
                false
            };
            if !take {
                break;
            }
            self.i += 1;
        }
        (start, self.i)
    }

    /// A run of numeric words separated by blanks, merged into one literal:
    /// `1 2 3` is a vector, and a trailing type letter types them all (`1 2 3h`).
    fn numbers(&mut self) -> Result<(), ParseError> {
        let start = self.i;
        let mut words = vec![self.word()];
        loop {
            let save = self.i;
            // A vector goes on past a line break where the break is
            // whitespace: inside brackets, or before an indented line.
            while let Some(c) = self.peek(0) {
                let blank = c == b' '
                    || c == b'\t'
                    || c == b'\n' && (!self.depth.is_empty() || self.peek(1).is_some_and(is_blank));
                if !blank {
                    break;
                }
                self.i += 1;
            }
            let more = self.i > save
                && match self.peek(0) {
                    Some(b'-') => self.number_starts_at(1),
                    _ => self.number_starts_at(0) && !self.is_file_verb_here(),
                };
            if !more {
                self.i = save;
                break;
            }
            words.push(self.word());
        }
        let texts: Vec<&[u8]> = words.iter().map(|&(s, e)| &self.src[s..e]).collect();
        let value = merge_words(&texts).ok_or_else(|| {
            let bad = texts
                .iter()
                .find(|t| literal::parse_word(t).is_none())
                .unwrap_or(&texts[0]);
            err(String::from_utf8_lossy(bad), start)
        })?;
        self.push(Tok::Const(value), start);
        Ok(())
    }

    /// Whether `0:`, `1:` or `2:` stands here (not a clock like `0:30`);
    /// before a byte literal (`1:0x0100`), or right after a string or a
    /// closing bracket (`","0:10 10#x`), it is the verb.
    fn is_file_verb_here(&self) -> bool {
        let clock = self
            .peek(2)
            .is_some_and(|d| d.is_ascii_digit() || d == b':')
            && self.src[self.i..].get(2..4) != Some(b"0x")
            // Touching a bracket or string on its left it is the verb.
            && !matches!(self.prev(), Some(b')' | b']' | b'}' | b'"'));
        matches!(self.peek(0), Some(b'0'..=b'2')) && self.peek(1) == Some(b':') && !clock
    }
}

/// Merges the numeric words of one vector literal into a value, or `None`
/// when a word is malformed or the words do not agree on a type.
fn merge_words(texts: &[&[u8]]) -> Option<K> {
    let words: Vec<Word> = texts
        .iter()
        .map(|t| literal::parse_word(t))
        .collect::<Option<_>>()?;
    if let [word] = words.as_slice() {
        return Some(match word {
            Word::Atom { ty, value, .. } => K::Atom(*ty, value.clone()),
            Word::Vector(v) => v.clone(),
        });
    }
    let mut atoms = Vec::with_capacity(words.len());
    for w in &words {
        match w {
            Word::Atom {
                ty,
                value,
                letter,
                generic,
            } => atoms.push((*ty, value.clone(), *letter, *generic)),
            // `101b` and `0x01` are whole vectors; they do not join others.
            Word::Vector(_) => return None,
        }
    }
    let last_letter = atoms.last().and_then(|a| a.2);
    let ty = if let Some(letter) = last_letter {
        // The trailing letter types every word (`1 2 3h`, `2000.01 2000.02m`).
        let ty = literal::suffix_type(letter)?;
        if atoms.iter().any(|a| a.2.is_some_and(|l| l != letter)) {
            return None;
        }
        ty
    } else {
        let fixed: Vec<Type> = atoms.iter().filter(|a| !a.3).map(|a| a.0).collect();
        match fixed.first() {
            None => Type::Long,
            Some(&first) if fixed.iter().all(|t| *t == first) => first,
            // Longs and floats mix into floats (`1 2.5`).
            Some(_)
                if fixed.iter().all(|t| matches!(t, Type::Long | Type::Float))
                    && atoms.iter().all(|a| a.2.is_none()) =>
            {
                Type::Float
            }
            // Times of day mix into the finest (`12:34 01:02:03` is
            // seconds, q for mortals §3).
            Some(_)
                if fixed
                    .iter()
                    .all(|t| matches!(t, Type::Minute | Type::Second | Type::Time)) =>
            {
                [Type::Time, Type::Second, Type::Minute]
                    .into_iter()
                    .find(|t| fixed.contains(t))?
            }
            Some(_) => return None,
        }
    };
    let mut data = Data::with_capacity(ty, atoms.len());
    for ((t, value, letter, _), text) in atoms.iter().zip(texts) {
        let scalar = if *t == ty && (letter.is_some() || last_letter.is_none()) {
            value.clone()
        } else {
            let (body, _) = literal::split_suffix(text);
            literal::parse_typed(ty, body)?
        };
        if !data.push(&scalar) {
            return None;
        }
    }
    Some(K::vector(ty, data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::{NULL_INT, NULL_LONG, null_float};

    fn toks(src: &str) -> Vec<Tok> {
        lex(src).unwrap().into_iter().map(|t| t.tok).collect()
    }

    fn one_const(src: &str) -> K {
        match toks(src).as_slice() {
            [Tok::Const(k)] => k.clone(),
            other => panic!("{src}: expected one literal, got {other:?}"),
        }
    }

    fn name(s: &str) -> Tok {
        Tok::Name(Rc::from(s))
    }

    fn prim(g: &str) -> Tok {
        Tok::Prim {
            prim: Prim::from_glyph(g).unwrap(),
            unary: false,
        }
    }

    #[test]
    fn vectors_merge_juxtaposed_words() {
        assert_eq!(one_const("1 2 3"), K::longs(vec![1, 2, 3]));
        assert_eq!(one_const("1 2 3h"), K::shorts(vec![1, 2, 3]));
        assert_eq!(one_const("1 2 3e"), K::reals(vec![1.0, 2.0, 3.0]));
        assert_eq!(one_const("1 2.5"), K::floats(vec![1.0, 2.5]));
        assert_eq!(one_const("1 0N 3"), K::longs(vec![1, NULL_LONG, 3]));
        assert_eq!(one_const("3.23 0n").count(), 2);
        assert_eq!(one_const("1 -1"), K::longs(vec![1, -1]));
        assert_eq!(
            one_const("2000.01 2000.02m"),
            K::vector(Type::Month, Data::I32(vec![0, 1]))
        );
        assert_eq!(
            one_const("2001.01.01 2000.05.01 0Nd"),
            K::vector(Type::Date, Data::I32(vec![366, 121, NULL_INT]))
        );
        assert_eq!(
            one_const("12:01 0Nu"),
            K::vector(Type::Minute, Data::I32(vec![721, NULL_INT]))
        );
        assert_eq!(
            one_const("-0W 0Wp"),
            K::vector(Type::Timestamp, Data::I64(vec![-i64::MAX, i64::MAX]))
        );
        assert_eq!(one_const("0n 1.5"), K::floats(vec![null_float(), 1.5]));
    }

    #[test]
    fn minus_is_a_sign_only_away_from_nouns() {
        assert_eq!(
            toks("x-1"),
            vec![name("x"), prim("-"), Tok::Const(K::long(1))]
        );
        assert_eq!(toks("x -1"), vec![name("x"), Tok::Const(K::long(-1))]);
        assert_eq!(
            toks("3.5-1"),
            vec![Tok::Const(K::float(3.5)), prim("-"), Tok::Const(K::long(1))]
        );
        assert_eq!(toks("x[1]-1")[4..], [prim("-"), Tok::Const(K::long(1))]);
        assert_eq!(toks("2*-1")[2], Tok::Const(K::long(-1)));
        assert_eq!(toks("(-1)")[1], Tok::Const(K::long(-1)));
        assert_eq!(toks("- 1")[0], prim("-"));
    }

    #[test]
    fn slash_is_a_comment_after_a_blank_and_over_otherwise() {
        assert_eq!(
            toks("+/x"),
            vec![prim("+"), Tok::Adverb(Adverb::Over), name("x")]
        );
        assert_eq!(toks("x / comment"), vec![name("x")]);
        assert_eq!(toks("/ whole line"), vec![]);
        assert_eq!(
            toks("f/:x"),
            vec![name("f"), Tok::Adverb(Adverb::EachRight), name("x")]
        );
        assert_eq!(
            toks("a\n/\nignored\n\\\nb"),
            vec![name("a"), Tok::Newline, name("b")]
        );
    }

    #[test]
    fn newlines_separate_only_top_level_unindented_lines() {
        assert_eq!(toks("a\nb"), vec![name("a"), Tok::Newline, name("b")]);
        assert_eq!(toks("a\n b"), vec![name("a"), name("b")]);
        assert_eq!(
            toks("(a;\nb)"),
            vec![Tok::LParen, name("a"), Tok::Semi, name("b"), Tok::RParen]
        );
    }

    #[test]
    fn strings_symbols_and_names() {
        assert_eq!(one_const("\"a\""), K::char(b'a'));
        assert_eq!(one_const("\"\""), K::string(""));
        assert_eq!(one_const(r#""a\n\t\\\"\101""#), K::string("a\n\t\\\"A"));
        assert_eq!(one_const("`a`b`c"), K::sym_list(["a", "b", "c"]));
        assert_eq!(one_const("`"), K::sym(""));
        assert_eq!(one_const("``"), K::sym_list(["", ""]));
        assert_eq!(one_const("`a`"), K::sym_list(["a", ""]));
        assert_eq!(one_const("`:host:5001"), K::sym(":host:5001"));
        assert_eq!(one_const("`:path/to/x"), K::sym(":path/to/x"));
        assert_eq!(one_const("`c:/q/test.txt"), K::sym("c:/q/test.txt"));
        assert_eq!(toks(".z.pg"), vec![name(".z.pg")]);
        assert_eq!(toks("x.y"), vec![name("x.y")]);
        assert_eq!(toks("a_b"), vec![name("a_b")]);
        assert_eq!(toks("a _ b")[1], prim("_"));
    }

    #[test]
    fn glyph_forms() {
        assert_eq!(
            toks("x+:1")[1],
            Tok::Prim {
                prim: Prim::from_glyph("+").unwrap(),
                unary: true
            }
        );
        assert_eq!(toks("a<=b")[1], Tok::Verb(Rc::from("<=")));
        assert_eq!(toks("a<>b")[1], Tok::Verb(Rc::from("<>")));
        assert_eq!(toks("x::1")[1], Tok::DoubleColon);
        assert_eq!(toks("`:f 0: x")[1], Tok::Verb(Rc::from("0:")));
        assert_eq!(toks("0:x")[0], Tok::Verb(Rc::from("0:")));
        // Before a byte literal the digit and colon are the verb, not a clock.
        assert_eq!(toks("s 1:0x0100")[1], Tok::Verb(Rc::from("1:")));
        assert_eq!(toks("1:0x0100").len(), 2);
        assert_eq!(toks("\",\"0:10 10")[1], Tok::Verb(Rc::from("0:")));
        assert_eq!(toks("0:10").len(), 1);
        assert_eq!(one_const("00:10"), K::atom_i32(Type::Minute, 10));
        assert_eq!(toks("f':x")[1], Tok::Adverb(Adverb::EachPrior));
    }

    #[test]
    fn errors_name_the_offending_character() {
        let e = lex("\"abc").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), ("\"", 0));
        let e = lex("1+(2").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), ("(", 2));
        let e = lex("f[1;{x}").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), ("[", 1));
        let e = lex("1+2)").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), (")", 3));
        let e = lex("(1]").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), ("]", 2));
        let e = lex("1 2ab").unwrap_err();
        assert_eq!(e.msg, "2ab");
        let e = lex("a\n\\l x.q").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), ("\\", 2));
        assert_eq!(lex("a\n\\\nb c d").unwrap().len(), 2);
    }
}
