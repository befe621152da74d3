//! The q-lite parser: tokens to the syntax tree of [`super::ast`].
//!
//! q has no precedence: an expression is read right to left, every verb
//! taking as its right argument everything to its right and as its left
//! argument the single noun before it. The parser resolves that shape once,
//! so the evaluator sees only [`Expr::Monad`], [`Expr::Dyad`] and
//! [`Expr::Apply`] nodes. Nouns followed by nouns apply by juxtaposition
//! (`f g x` is `f (g x)`); verbs (primitives, derived functions and the q
//! keywords that are infix, like `in` or `xexp`) sit between their arguments.
//!
//! Two spellings map onto existing nodes: `<=`, `>=`, `<>` and the file
//! verbs `0:`, `1:`, `2:` become [`Expr::Name`]s used infix, and an
//! expression that ends in a verb after another verb, such as `(0|+)`, is
//! the composition `'[0|;+]`: an [`Expr::Apply`] of the Each iterator.

use std::rc::Rc;

use crate::k::{Adverb, K};

use super::ast::{
    Assign, Closed, Expr, LambdaDef, Pattern, Pos, Prim, Program, Query, QueryKind, Slot,
    resolve_slots,
};
use super::error::ParseError;
use super::lex::{Tok, Token, lex};

mod pattern;

/// Parses q source text into statements.
///
/// Statements are separated by `;` and by newlines at the top level (a
/// line that starts with a blank continues the one before). A final `;`
/// makes the program silent and adds no statement; blank lines add none.
///
/// # Errors
/// A [`ParseError`] for unbalanced brackets, an unterminated string, a
/// malformed literal, a system command (`\l`), or a malformed lambda or query.
pub fn parse(src: &str) -> Result<Program, ParseError> {
    let program = parse_k(src)?;
    // The sort of `select[n;<c]` is written as a prefix grade, and stays. A
    // query is met before the parts of its limit.
    let mut sorts: Vec<*const Expr> = Vec::new();
    let mut refused = None;
    for stmt in &program.stmts {
        stmt.walk(&mut |e| {
            match e {
                Expr::Query(q) => match &q.limit {
                    Some(Expr::List(parts)) => sorts.extend(parts.iter().map(|p| p as *const Expr)),
                    Some(one) => sorts.push(one),
                    None => {}
                },
                Expr::Monad { .. } if !sorts.contains(&(e as *const Expr)) => {
                    refused = bare_unary_glyph(e);
                }
                _ => {}
            }
            refused.is_none()
        });
        if let Some((glyph, pos)) = refused {
            return Err(ParseError::new(glyph, pos));
        }
    }
    Ok(program)
}

/// q disables the unary forms of the operator glyphs (parsetrees.md: `$42`
/// is `'$`, `+d` is `'+`); the q keywords stand in for them. The glyph and
/// where it stands when `e` applies one prefix, bare. Parenthesised (`(+)d`)
/// or written unary (`+:d`), the unary form stays, and `-x` negates.
fn bare_unary_glyph(e: &Expr) -> Option<(&'static str, Pos)> {
    match e {
        Expr::Monad { f, .. } => match &**f {
            Expr::Prim {
                prim,
                unary: false,
                pos,
            } if prim.glyph() != "-" => Some((prim.glyph(), *pos)),
            _ => None,
        },
        _ => None,
    }
}

/// [`parse`] for k text, where the glyphs' unary forms apply prefix.
///
/// # Errors
/// As [`parse`].
pub fn parse_k(src: &str) -> Result<Program, ParseError> {
    let tokens = lex(src)?;
    let mut p = Parser::new(src, tokens);
    let mut stmts = Vec::new();
    let mut silent = false;
    loop {
        p.skip_newlines();
        if p.peek().is_none() {
            break;
        }
        let (e, _) = p.expr()?;
        stmts.push(e);
        match p.peek() {
            None => break,
            Some(Tok::Newline) => {}
            Some(Tok::Semi) => {
                p.i += 1;
                p.skip_newlines();
                if p.peek().is_none() {
                    silent = true;
                    break;
                }
            }
            Some(_) => return Err(p.unexpected()),
        }
    }
    Ok(Program { stmts, silent })
}

/// The q keywords that are used infix (`x in y`, `2 xexp 8`, `f each x`).
pub const INFIX_KEYWORDS: &[&str] = &[
    "aj", "aj0", "ajf", "ajf0", "and", "asof", "bin", "binr", "cor", "cov", "cross", "cut", "div",
    "dsave", "each", "ej", "ema", "except", "fby", "ij", "ijf", "in", "insert", "inter", "like",
    "lj", "ljf", "lsq", "mavg", "mcount", "mdev", "mmax", "mmin", "mmu", "mod", "msum", "or",
    "over", "peach", "pj", "prior", "rotate", "scan", "scov", "set", "setenv", "ss", "sublist",
    "sv", "uj", "ujf", "union", "upsert", "vs", "wavg", "within", "wj", "wj1", "wsum", "xasc",
    "xbar", "xcol", "xcols", "xdesc", "xexp", "xgroup", "xkey", "xlog", "xprev", "xrank",
];

/// q's reserved words that name functions; a table column written as an
/// expression is named after its first name that is not one of these.
const FUNCTION_WORDS: &[&str] = &[
    "abs",
    "acos",
    "aj",
    "aj0",
    "ajf",
    "ajf0",
    "all",
    "and",
    "any",
    "asc",
    "asin",
    "asof",
    "atan",
    "attr",
    "avg",
    "avgs",
    "bin",
    "binr",
    "ceiling",
    "cols",
    "cor",
    "cos",
    "count",
    "cov",
    "cross",
    "csv",
    "cut",
    "deltas",
    "desc",
    "dev",
    "differ",
    "distinct",
    "div",
    "dsave",
    "each",
    "ej",
    "ema",
    "enlist",
    "eval",
    "except",
    "exit",
    "exp",
    "fby",
    "fills",
    "first",
    "fkeys",
    "flip",
    "floor",
    "get",
    "getenv",
    "group",
    "gtime",
    "hclose",
    "hcount",
    "hdel",
    "hopen",
    "hsym",
    "iasc",
    "idesc",
    "ij",
    "ijf",
    "in",
    "insert",
    "inter",
    "inv",
    "key",
    "keys",
    "last",
    "like",
    "lj",
    "ljf",
    "load",
    "log",
    "lower",
    "lsq",
    "ltime",
    "ltrim",
    "mavg",
    "max",
    "maxs",
    "mcount",
    "md5",
    "mdev",
    "med",
    "meta",
    "min",
    "mins",
    "mmax",
    "mmin",
    "mmu",
    "mod",
    "msum",
    "neg",
    "next",
    "not",
    "null",
    "or",
    "over",
    "parse",
    "peach",
    "pj",
    "prd",
    "prds",
    "prev",
    "prior",
    "rand",
    "rank",
    "ratios",
    "raze",
    "read0",
    "read1",
    "reciprocal",
    "reval",
    "reverse",
    "rload",
    "rotate",
    "rsave",
    "rtrim",
    "save",
    "scan",
    "scov",
    "sdev",
    "set",
    "setenv",
    "show",
    "signum",
    "sin",
    "sqrt",
    "ss",
    "ssr",
    "string",
    "sublist",
    "sum",
    "sums",
    "sv",
    "svar",
    "system",
    "tables",
    "tan",
    "til",
    "trim",
    "type",
    "uj",
    "ujf",
    "ungroup",
    "union",
    "upper",
    "upsert",
    "value",
    "var",
    "view",
    "views",
    "vs",
    "wavg",
    "where",
    "within",
    "wj",
    "wj1",
    "wsum",
    "xasc",
    "xbar",
    "xcol",
    "xcols",
    "xdesc",
    "xexp",
    "xgroup",
    "xkey",
    "xlog",
    "xprev",
    "xrank",
];

/// Deepest nesting of brackets, lambdas and signals the parser follows;
/// deeper text is refused with `'stack` rather than exhausting the stack.
const MAX_NESTING: usize = 100;

/// Most terms on the path from the root of a tree to any leaf: a
/// sentence of more terms (`1+1+...`) is refused with `'stack`, since the
/// tree would be as deep and too deep to walk or drop safely.
const MAX_SPINE: usize = 8192;

/// Most parameters a lambda may declare.
const MAX_PARAMS: usize = 8;

/// The primitive code of `,` (Join), which separates qSQL phrases.
const PRIM_JOIN: Prim = Prim(12);
/// The primitive code of `$` (Cast, Tok, and Cond when followed by brackets).
const PRIM_DOLLAR: Prim = Prim(11);

/// One parsed term: a noun or a verb, and where it starts.
struct Term {
    expr: Expr,
    /// Whether the term is a verb: it takes a left argument when a noun
    /// precedes it, and ends an expression as a function value.
    verb: bool,
    pos: Pos,
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    i: usize,
    /// Tokens at or past `end` are out of reach (the bounds of a qSQL phrase).
    end: usize,
    /// How many expressions enclose the one being read.
    nesting: usize,
    /// Terms in the sentences enclosing the one being read, and in it so
    /// far: a bound on the depth of the tree being built.
    spine: usize,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, toks: Vec<Token>) -> Parser<'a> {
        let end = toks.len();
        Parser {
            src,
            toks,
            i: 0,
            end,
            nesting: 0,
            spine: 0,
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.peek_at(self.i)
    }

    fn peek_at(&self, i: usize) -> Option<&Tok> {
        if i < self.end {
            Some(&self.toks[i].tok)
        } else {
            None
        }
    }

    fn token(&self, i: usize) -> Option<&Token> {
        if i < self.end { self.toks.get(i) } else { None }
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.i += 1;
        }
    }

    /// Whether a `[` follows with no blank before it (`$[`, `'[`).
    fn touching_bracket(&self) -> bool {
        matches!(
            self.token(self.i),
            Some(Token {
                tok: Tok::LBracket,
                spaced: false,
                ..
            })
        )
    }

    /// Whether the expression ends here.
    fn at_stop(&self) -> bool {
        self.stops_at(self.i)
    }

    fn stops_at(&self, i: usize) -> bool {
        matches!(
            self.peek_at(i),
            None | Some(Tok::Semi | Tok::Newline | Tok::RParen | Tok::RBracket | Tok::RBrace)
        )
    }

    /// The position just past the reachable tokens, for errors at the end.
    fn end_pos(&self) -> Pos {
        match self.end.checked_sub(1).and_then(|j| self.toks.get(j)) {
            Some(t) => t.end,
            None => self.src.len() as Pos,
        }
    }

    fn unexpected(&self) -> ParseError {
        match self.token(self.i) {
            Some(t) => {
                let text = &self.src[t.pos as usize..t.end as usize];
                ParseError::new(text, t.pos)
            }
            None => ParseError::new("syntax", self.end_pos()),
        }
    }

    /// One expression, up to `;`, a closer, a top-level newline or the bound.
    /// Also says whether it is a train: a function value with nothing to
    /// its right (a bare verb, a left projection `2+`, or a composition).
    ///
    /// The terms are read left to right into a flat list and the tree is
    /// built from the right, so a long sentence (`a,b,c,...`) costs no
    /// stack; only brackets, lambdas and signals nest.
    fn expr(&mut self) -> Result<(Expr, bool), ParseError> {
        if self.at_stop() {
            return Ok((Expr::Empty, false));
        }
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            let pos = self.token(self.i).map_or_else(|| self.end_pos(), |t| t.pos);
            return Err(ParseError::new("stack", pos));
        }
        let result = self.sentence();
        self.nesting -= 1;
        result
    }

    fn sentence(&mut self) -> Result<(Expr, bool), ParseError> {
        // `:/[x]` iterates the verb `:` (assign.md) rather than returning.
        let iterated = matches!(self.token(self.i + 1).map(|t| &t.tok), Some(Tok::Adverb(_)));
        if self.peek() == Some(&Tok::Colon)
            && !self.stops_at(self.i + 1)
            && !iterated
            && !self.match_cond_ahead()
        {
            self.i += 1;
            let (value, _) = self.expr()?;
            return Ok((Expr::Return(Box::new(value)), false));
        }
        // Read the terms, noting assignments: an assignment takes the rest.
        let mut items = Vec::new();
        let spine = self.spine;
        let mut composed = false;
        while !self.at_stop() {
            // A trailing `::` makes the terms before it one composition:
            // `sum abs::` is `'[sum;abs]`, of the rank of its last term.
            if !items.is_empty() && self.trailing_double_colon() {
                self.i += 1;
                composed = true;
                break;
            }
            self.spine += 1;
            if self.spine > MAX_SPINE {
                return Err(ParseError::new("stack", self.toks[self.i].pos));
            }
            // `(a;b):x` takes the rest, as any assignment does.
            if let Some(assign) = self.pattern_assignment()? {
                let pos = match &assign {
                    Expr::Match(m) => m.pos,
                    _ => 0,
                };
                items.push(Item::Term(Term {
                    expr: assign,
                    verb: false,
                    pos,
                }));
                break;
            }
            let term = self.term()?;
            // `x[i][j]:y` amends nothing q can name: 'assign (q for mortals
            // §3.6), where `x[i;j]:y` is the way.
            if let Expr::Apply { f, .. } = &term.expr
                && matches!(**f, Expr::Apply { .. })
                && let Some(colon) = self.token(self.i).filter(|t| t.tok == Tok::Colon)
            {
                return Err(ParseError::new("assign", colon.pos));
            }
            let assign = self.assignment_op(&term);
            items.push(Item::Term(term));
            if let Some(op) = assign {
                self.i += 1;
                items.push(op);
                // `:/[x]` iterates the verb `:` (assign.md) rather than returning.
                let iterated =
                    matches!(self.token(self.i + 1).map(|t| &t.tok), Some(Tok::Adverb(_)));
                if self.peek() == Some(&Tok::Colon)
                    && !self.stops_at(self.i + 1)
                    && !iterated
                    && !self.match_cond_ahead()
                {
                    let (value, _) = self.expr()?;
                    items.push(Item::Term(Term {
                        expr: value,
                        verb: false,
                        pos: 0,
                    }));
                    break;
                }
            }
        }
        self.spine = spine;
        Ok(build(items, composed))
    }

    /// Whether the next token is `::` with nothing after it.
    fn trailing_double_colon(&self) -> bool {
        self.peek() == Some(&Tok::DoubleColon) && self.stops_at(self.i + 1)
    }

    /// The assignment that follows `term`, if `term` is a name (or an
    /// indexed name) and the next token is `:`, `::` or a compound `op:`.
    fn assignment_op(&self, term: &Term) -> Option<Item> {
        let target = match &term.expr {
            Expr::Name(..) => !term.verb || self.peek() == Some(&Tok::Colon),
            Expr::Apply { f, .. } => matches!(**f, Expr::Name(..)),
            // `(x i):y`: a parenthesised name and index, as x[i]:y.
            Expr::Monad { f, .. } => matches!(**f, Expr::Name(..)),
            _ => false,
        };
        if !target {
            return None;
        }
        let tok = self.token(self.i)?;
        match tok.tok {
            Tok::Colon => Some(Item::Assign {
                op: None,
                global: false,
                pos: tok.pos,
            }),
            Tok::DoubleColon if !self.trailing_double_colon() => Some(Item::Assign {
                op: None,
                global: true,
                pos: tok.pos,
            }),
            Tok::Prim { prim, unary: true } => Some(Item::Assign {
                op: Some(Expr::Prim {
                    prim,
                    unary: false,
                    pos: tok.pos,
                }),
                global: false,
                pos: tok.pos,
            }),
            _ => None,
        }
    }

    /// One term with its postfix iterators and bracket arguments.
    fn term(&mut self) -> Result<Term, ParseError> {
        let Some(token) = self.token(self.i).cloned() else {
            return Err(self.unexpected());
        };
        let pos = token.pos;
        self.i += 1;
        let (mut expr, mut verb) = match token.tok {
            Tok::Const(k) => (Expr::Const(k), false),
            Tok::Name(name) => match &*name {
                "select" => (self.query(QueryKind::Select, pos)?, false),
                "exec" => (self.query(QueryKind::Exec, pos)?, false),
                "update" => (self.query(QueryKind::Update, pos)?, false),
                "delete" => (self.query(QueryKind::Delete, pos)?, false),
                "if" | "do" | "while" if self.peek() == Some(&Tok::LBracket) => {
                    self.i += 1;
                    let mut args = self.seq(Tok::RBracket)?.into_iter();
                    let first = Box::new(args.next().unwrap_or(Expr::Empty));
                    let rest: Vec<Expr> = args.collect();
                    let control = match &*name {
                        "if" => Expr::If(first, rest, pos),
                        "do" => Expr::Do(first, rest, pos),
                        _ => Expr::While(first, rest, pos),
                    };
                    (control, false)
                }
                _ => {
                    let verb = INFIX_KEYWORDS.contains(&&*name);
                    (Expr::Name(name, pos, Slot::NONE), verb)
                }
            },
            Tok::Prim { prim, unary } => {
                if prim == PRIM_DOLLAR && !unary && self.touching_bracket() {
                    self.i += 1;
                    let args = self.seq(Tok::RBracket)?;
                    let cond = if args.len() >= 3 {
                        Expr::Cond(args, pos)
                    } else {
                        Expr::Apply {
                            f: Box::new(Expr::Prim { prim, unary, pos }),
                            args,
                            pos,
                        }
                    };
                    (cond, false)
                } else {
                    (Expr::Prim { prim, unary, pos }, true)
                }
            }
            Tok::Verb(name) => (Expr::Name(name, pos, Slot::NONE), true),
            Tok::Adverb(adverb) => {
                if adverb == Adverb::Each && !self.touching_bracket() && !self.at_stop() {
                    // `'x` signals; it takes everything to its right.
                    let (value, _) = self.expr()?;
                    return Ok(Term {
                        expr: Expr::Signal(Box::new(value), pos),
                        verb: false,
                        pos,
                    });
                }
                (Expr::Iterator(adverb, pos), false)
            }
            Tok::Colon
                if {
                    self.i -= 1;
                    let cond = self.match_cond_ahead();
                    self.i += 1;
                    cond
                } =>
            {
                self.i -= 1;
                (self.match_cond()?, false)
            }
            Tok::Colon => (
                Expr::Prim {
                    prim: Prim(0),
                    unary: false,
                    pos,
                },
                true,
            ),
            Tok::DoubleColon => (Expr::Const(K::Nil), false),
            Tok::LParen => (self.paren()?, false),
            Tok::LBrace => (self.lambda(pos)?, false),
            Tok::LBracket => (Expr::Block(self.seq(Tok::RBracket)?), false),
            Tok::RParen | Tok::RBracket | Tok::RBrace | Tok::Semi | Tok::Newline => {
                self.i -= 1;
                return Err(self.unexpected());
            }
        };
        loop {
            match self.token(self.i) {
                // An iterator touching what it follows derives from it. A
                // quote apart from a function's name, glyph or derivation
                // still iterates it (`avg ''`); elsewhere it starts a signal.
                Some(Token {
                    tok: Tok::Adverb(adverb),
                    spaced,
                    pos: at,
                    ..
                }) if !*spaced
                    || matches!(adverb, Adverb::Each | Adverb::EachPrior)
                        && matches!(
                            expr,
                            Expr::Name(..)
                                | Expr::Derived { .. }
                                | Expr::Prim {
                                    prim: Prim(1..),
                                    ..
                                }
                        ) =>
                {
                    let (adverb, at) = (*adverb, *at);
                    self.i += 1;
                    expr = Expr::Derived {
                        f: Box::new(expr),
                        adverb,
                        pos: at,
                    };
                    verb = true;
                }
                Some(Token {
                    tok: Tok::LBracket, ..
                }) => {
                    self.i += 1;
                    let args = self.seq(Tok::RBracket)?;
                    expr = Expr::Apply {
                        f: Box::new(expr),
                        args,
                        pos,
                    };
                    verb = false;
                }
                _ => break,
            }
        }
        Ok(Term { expr, verb, pos })
    }

    /// Expressions separated by `;` up to `close`, which is consumed.
    fn seq(&mut self, close: Tok) -> Result<Vec<Expr>, ParseError> {
        let mut items = Vec::new();
        loop {
            let (e, _) = self.expr()?;
            items.push(e);
            match self.peek() {
                Some(Tok::Semi) => self.i += 1,
                Some(t) if *t == close => {
                    self.i += 1;
                    return Ok(items);
                }
                _ => return Err(self.unexpected()),
            }
        }
    }

    /// After `(`: the empty list, a table, a list, or a grouped expression.
    fn paren(&mut self) -> Result<Expr, ParseError> {
        match self.peek() {
            Some(Tok::RParen) => {
                self.i += 1;
                Ok(Expr::Const(K::list(Vec::new())))
            }
            Some(Tok::LBracket) => {
                self.i += 1;
                let keys = self.columns(&Tok::RBracket)?;
                let cols = self.columns(&Tok::RParen)?;
                Ok(Expr::Table { keys, cols })
            }
            _ => {
                let mut items = self.seq(Tok::RParen)?;
                if items.len() == 1 {
                    let e = items.pop().unwrap_or(Expr::Empty);
                    Ok(if e.dangles() {
                        Expr::Paren(Box::new(e))
                    } else {
                        e
                    })
                } else {
                    Ok(Expr::List(items))
                }
            }
        }
    }

    /// Table columns `name:expr` or bare expressions, separated by `;`, up
    /// to `close` (consumed).
    fn columns(&mut self, close: &Tok) -> Result<Vec<(Rc<str>, Expr)>, ParseError> {
        let mut cols = Vec::new();
        loop {
            match self.peek() {
                Some(t) if t == close => {
                    self.i += 1;
                    return Ok(cols);
                }
                Some(Tok::Semi) => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            let named = match (self.peek(), self.peek_at(self.i + 1)) {
                (Some(Tok::Name(n)), Some(Tok::Colon)) => Some(n.clone()),
                // `([]a::e)` is a parse error since 4.1, not a global amend.
                (Some(Tok::Name(_)), Some(Tok::DoubleColon)) => {
                    let pos = self.token(self.i + 1).map_or(0, |t| t.pos);
                    return Err(ParseError::new("parse", pos));
                }
                _ => None,
            };
            if let Some(name) = named {
                self.i += 2;
                let (e, _) = self.expr()?;
                cols.push((name, e));
            } else {
                // An unnamed column is named after its first name, or `x`;
                // a name already taken gets the first free suffix (x1, x2).
                let (e, _) = self.expr()?;
                let base = column_name(&e);
                let taken = |n: &str| cols.iter().any(|(m, _): &(Rc<str>, Expr)| &**m == n);
                let name = if taken(&base) {
                    let k = (1..).find(|k| !taken(&format!("{base}{k}"))).unwrap_or(1);
                    Rc::from(format!("{base}{k}"))
                } else {
                    base
                };
                cols.push((name, e));
            }
            match self.peek() {
                Some(Tok::Semi) => self.i += 1,
                Some(t) if t == close => {}
                _ => return Err(self.unexpected()),
            }
        }
    }

    /// After `{`: parameters, body, and the facts the evaluator needs.
    fn lambda(&mut self, open: Pos) -> Result<Expr, ParseError> {
        let body_start = self.i;
        let mut params: Vec<Rc<str>> = Vec::new();
        let mut param_patterns = Vec::new();
        let explicit = self.peek() == Some(&Tok::LBracket);
        if explicit {
            self.i += 1;
            if self.peek() == Some(&Tok::RBracket) {
                self.i += 1;
            } else {
                loop {
                    let at = self.token(self.i).map_or_else(|| self.end_pos(), |t| t.pos);
                    let bad = || ParseError::new("params", at);
                    let pattern = self.pattern_item().map_err(|_| bad())?;
                    let index = params.len();
                    match pattern {
                        Pattern::Name(n, _) if !n.contains('.') => {
                            if params.contains(&n) {
                                return Err(bad());
                            }
                            params.push(n)
                        }
                        Pattern::Name(..) | Pattern::Indexed(..) => return Err(bad()),
                        // An elided parameter takes an argument it ignores.
                        Pattern::Null(_) => params.push(hidden_param(index)),
                        pattern => {
                            params.push(hidden_param(index));
                            param_patterns.push((index, pattern));
                        }
                    }
                    match self.peek() {
                        Some(Tok::Semi) => self.i += 1,
                        Some(Tok::RBracket) => {
                            self.i += 1;
                            break;
                        }
                        _ => return Err(bad()),
                    }
                }
            }
            if params.len() > MAX_PARAMS {
                return Err(ParseError::new("params", open));
            }
        }
        let body = self.seq(Tok::RBrace)?;
        let close = &self.toks[self.i - 1];
        let src: Rc<str> = Rc::from(&self.src[open as usize..close.end as usize]);
        if !explicit {
            params = implicit_params(&self.toks[body_start..self.i - 1]);
        }
        let mut assigned = Assigned::default();
        for e in &body {
            collect_locals(e, &mut assigned);
        }
        if let Some((name, pos)) = assigned.global_then_local {
            return Err(ParseError::new(name.to_string(), pos));
        }
        let mut locals = assigned.locals;
        for (_, p) in &param_patterns {
            p.names(&mut locals);
        }
        locals.retain(|l| !params.contains(l));
        let closed = if param_patterns.is_empty() {
            Closed::of_body(&body, &params).map(Rc::new)
        } else {
            None
        };
        let frame_names = LambdaDef::frame_names_of(&params, &locals);
        let mut body = body;
        resolve_slots(&mut body, &frame_names);
        Ok(Expr::Lambda(Rc::new(LambdaDef {
            frame_names,
            closed,
            param_patterns,
            params,
            explicit_params: explicit,
            locals,
            body,
            src,
            offset: open,
        })))
    }

    /// A qSQL query after its keyword: `select[n] cols by cols from t where c1, c2`.
    /// It takes the rest of the expression.
    fn query(&mut self, kind: QueryKind, pos: Pos) -> Result<Expr, ParseError> {
        let mut limit = None;
        if kind == QueryKind::Select && self.peek() == Some(&Tok::LBracket) {
            self.i += 1;
            let mut parts = self.seq(Tok::RBracket)?;
            limit = Some(if parts.len() == 1 {
                parts.pop().unwrap_or(Expr::Empty)
            } else {
                Expr::List(parts)
            });
        }
        let start = self.i;
        let (mut by, mut from, mut filter) = (None, None, None);
        // A query inside the from phrase takes the `where` after it as its
        // own (KX's csvguess.q: exec c from`ci xasc select ci,c from info
        // where not t=" ").
        let mut nested = false;
        let mut depth = 0usize;
        let mut stop = start;
        while stop < self.end {
            match &self.toks[stop].tok {
                Tok::LParen | Tok::LBracket | Tok::LBrace => depth += 1,
                Tok::RParen | Tok::RBracket | Tok::RBrace => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Tok::Semi | Tok::Newline if depth == 0 => break,
                Tok::Name(n) if depth == 0 => match &**n {
                    "by" if by.is_none() && from.is_none() => by = Some(stop),
                    "from" if from.is_none() => from = Some(stop),
                    "select" | "exec" | "update" | "delete" if from.is_some() => nested = true,
                    "where" if from.is_some() && filter.is_none() && !nested => filter = Some(stop),
                    _ => {}
                },
                _ => {}
            }
            stop += 1;
        }
        let from = from.ok_or_else(|| ParseError::new("from", pos))?;
        let cols = self.phrases(start, by.unwrap_or(from), true)?;
        let by_cols = match by {
            Some(b) => self.phrases(b + 1, from, true)?,
            None => Vec::new(),
        };
        let table = self.bounded_expr(from + 1, filter.unwrap_or(stop))?;
        let filters = match filter {
            Some(w) => self
                .phrases(w + 1, stop, false)?
                .into_iter()
                .map(|(_, e)| e)
                .collect(),
            None => Vec::new(),
        };
        self.i = stop;
        Ok(Expr::Query(Box::new(Query {
            kind,
            limit,
            cols,
            by: by_cols,
            from: table,
            filters,
            pos,
        })))
    }

    /// The comma-separated phrases of a query clause in tokens `from..to`,
    /// each optionally named (`name:expr`) when `named`.
    #[allow(clippy::type_complexity)]
    fn phrases(
        &mut self,
        from: usize,
        to: usize,
        named: bool,
    ) -> Result<Vec<(Option<Rc<str>>, Expr)>, ParseError> {
        let mut out = Vec::new();
        let mut depth = 0usize;
        let mut start = from;
        for j in from..=to {
            let split = if j == to {
                true
            } else {
                match &self.toks[j].tok {
                    Tok::LParen | Tok::LBracket | Tok::LBrace => {
                        depth += 1;
                        false
                    }
                    Tok::RParen | Tok::RBracket | Tok::RBrace => {
                        depth = depth.saturating_sub(1);
                        false
                    }
                    Tok::Prim {
                        prim: PRIM_JOIN,
                        unary: false,
                    } => {
                        // `,/` and `,'` are derived verbs, not separators.
                        let derived = matches!(
                            self.toks.get(j + 1),
                            Some(Token {
                                tok: Tok::Adverb(_),
                                spaced: false,
                                ..
                            })
                        );
                        depth == 0 && !derived
                    }
                    _ => false,
                }
            };
            if !split {
                continue;
            }
            if j > start {
                let name = match (&self.toks[start].tok, self.toks.get(start + 1)) {
                    (
                        Tok::Name(n),
                        Some(Token {
                            tok: Tok::Colon, ..
                        }),
                    ) if named && start + 2 <= j => Some(n.clone()),
                    _ => None,
                };
                let expr_start = if name.is_some() { start + 2 } else { start };
                let e = self.bounded_expr(expr_start, j)?;
                out.push(match (name, e) {
                    // Parentheses group but do not hide a name: the phrase
                    // `(c:e)` names its column `c` as `c:e` does.
                    (None, Expr::Assign(a)) if named && is_plain_assign(&a) => {
                        (Some(a.name), a.value)
                    }
                    (name, e) => (name, e),
                });
            }
            start = j + 1;
        }
        Ok(out)
    }

    /// Parses tokens `from..to` as exactly one expression.
    fn bounded_expr(&mut self, from: usize, to: usize) -> Result<Expr, ParseError> {
        let saved = self.end;
        self.end = to;
        self.i = from;
        let result = self.expr();
        let leftover = self.i < to;
        let err = if leftover {
            Some(self.unexpected())
        } else {
            None
        };
        self.end = saved;
        let (e, _) = result?;
        match err {
            Some(e) => Err(e),
            None => Ok(e),
        }
    }
}

/// One piece of a sentence as read left to right.
enum Item {
    /// A noun or verb.
    Term(Term),
    /// An assignment token after a target term; the rest is the value.
    Assign {
        op: Option<Expr>,
        global: bool,
        pos: Pos,
    },
}

/// How one term combines with the already-built expression to its right.
enum Frame {
    /// `target: rest`.
    Assign {
        target: Term,
        op: Option<Expr>,
        global: bool,
        pos: Pos,
    },
    /// `verb rest`: prefix application, or composition when rest is a train.
    Verb(Term),
    /// `noun verb rest`: infix application.
    Infix(Term, Term),
    /// `noun rest`: juxtaposition.
    Noun(Term),
}

/// Builds the tree of a sentence from its items, right to left: a verb
/// takes everything to its right, a noun followed by a verb is that verb's
/// left argument, and a noun followed by a noun applies to it. With
/// `composed` (a trailing `::`), every term composes with the rest.
fn build(items: Vec<Item>, composed: bool) -> (Expr, bool) {
    let n = items.len();
    let mut items: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    let is_assign =
        |items: &[Option<Item>], j: usize| matches!(items.get(j), Some(Some(Item::Assign { .. })));
    let is_verb = |items: &[Option<Item>], j: usize| matches!(items.get(j), Some(Some(Item::Term(t))) if t.verb);
    let mut frames = Vec::new();
    let mut base = (Expr::Empty, false);
    let mut i = 0;
    while i < n {
        let Some(Item::Term(term)) = items[i].take() else {
            i += 1;
            continue;
        };
        if is_assign(&items, i + 1) {
            if let Some(Item::Assign { op, global, pos }) = items[i + 1].take() {
                frames.push(Frame::Assign {
                    target: term,
                    op,
                    global,
                    pos,
                });
            }
            i += 2;
            continue;
        }
        if i + 1 == n {
            base = (term.expr, term.verb || composed);
            break;
        }
        if term.verb {
            frames.push(Frame::Verb(term));
            i += 1;
            continue;
        }
        // A verb followed by an assignment is that assignment's target.
        if is_verb(&items, i + 1) && !is_assign(&items, i + 2) {
            let Some(Item::Term(verb)) = items[i + 1].take() else {
                unreachable!("checked to be a verb");
            };
            if i + 2 == n {
                base = (left_projection(term, verb), true);
                break;
            }
            frames.push(Frame::Infix(term, verb));
            i += 2;
            continue;
        }
        frames.push(Frame::Noun(term));
        i += 1;
    }
    let mut acc = base;
    while let Some(frame) = frames.pop() {
        let (rhs, train) = acc;
        acc = match frame {
            Frame::Assign {
                target,
                op,
                global,
                pos: op_pos,
            } => {
                let (name, indices, pos) = match target.expr {
                    Expr::Name(n, pos, _) => (n, None, pos),
                    Expr::Apply { f, args, .. } => match *f {
                        Expr::Name(n, pos, _) => (n, Some(args), pos),
                        _ => unreachable!("assignment targets are names"),
                    },
                    Expr::Monad { f, x, .. } => match *f {
                        Expr::Name(n, pos, _) => (n, Some(vec![*x]), pos),
                        _ => unreachable!("assignment targets are names"),
                    },
                    _ => unreachable!("assignment targets are names"),
                };
                let assign = Assign {
                    name,
                    indices,
                    op,
                    value: rhs,
                    global,
                    pos,
                    op_pos,
                    slot: Slot::NONE,
                };
                (Expr::Assign(Box::new(assign)), false)
            }
            Frame::Verb(f) if train => (compose(f.expr, rhs, f.pos), true),
            // `f g 1+`: a noun applied to a train composes with it.
            Frame::Noun(f) if train => (compose(f.expr, rhs, f.pos), true),
            Frame::Verb(f) | Frame::Noun(f) => (
                Expr::Monad {
                    f: Box::new(unary_if_parenthesised(f.expr)),
                    x: Box::new(rhs),
                    pos: f.pos,
                },
                false,
            ),
            Frame::Infix(x, f) => {
                if train {
                    let pos = x.pos;
                    (compose(left_projection(x, f), rhs, pos), true)
                } else {
                    (
                        Expr::Dyad {
                            f: Box::new(f.expr),
                            x: Box::new(x.expr),
                            y: Some(Box::new(rhs)),
                            pos: f.pos,
                        },
                        false,
                    )
                }
            }
        };
    }
    acc
}

/// A parenthesised primitive applied prefix, `(+)x` or `($)42`, is its
/// unary form (`+:` and `$:`), as the unparenthesised one is; applied with
/// brackets, `(+)[x]`, it stays the binary one and projects.
fn unary_if_parenthesised(f: Expr) -> Expr {
    match f {
        Expr::Paren(inner) => match *inner {
            Expr::Prim {
                prim,
                unary: false,
                pos,
            } => Expr::Prim {
                prim,
                unary: true,
                pos,
            },
            other => Expr::Paren(Box::new(other)),
        },
        other => other,
    }
}

/// `x f` with no right argument: the projection `f[x;]`.
fn left_projection(x: Term, f: Term) -> Expr {
    Expr::Dyad {
        f: Box::new(f.expr),
        x: Box::new(x.expr),
        y: None,
        pos: f.pos,
    }
}

/// The composition `'[f;g]`: `g` first, then `f`.
fn compose(f: Expr, g: Expr, pos: Pos) -> Expr {
    Expr::Apply {
        f: Box::new(Expr::Iterator(Adverb::Each, pos)),
        args: vec![f, g],
        pos,
    }
}

/// The undotted names `p` sets, added to `out`.
fn pattern_locals(p: &Pattern, out: &mut Vec<Rc<str>>) {
    let mut names = Vec::new();
    p.names(&mut names);
    for n in names {
        if !n.contains('.') && !out.contains(&n) {
            out.push(n);
        }
    }
}

/// The name in a lambda's frame of parameter `index` written as a
/// pattern: no q name, so the body cannot read it.
fn hidden_param(index: usize) -> Rc<str> {
    Rc::from(format!("({index})"))
}

/// The implicit parameters of a lambda body: `x`, `x y` or `x y z`, up to
/// the highest of them used outside nested lambdas (at least `x`).
fn implicit_params(body: &[Token]) -> Vec<Rc<str>> {
    let mut highest = 1;
    let mut depth = 0usize;
    for t in body {
        match &t.tok {
            Tok::LBrace => depth += 1,
            Tok::RBrace => depth = depth.saturating_sub(1),
            Tok::Name(n) if depth == 0 => match &**n {
                "y" => highest = highest.max(2),
                "z" => highest = 3,
                _ => {}
            },
            _ => {}
        }
    }
    ["x", "y", "z"][..highest]
        .iter()
        .map(|&p| Rc::from(p))
        .collect()
}

/// What a lambda body assigns, outside nested lambdas, in source order.
#[derive(Default)]
struct Assigned {
    /// The locals: names assigned plainly with `:` or set by a pattern.
    locals: Vec<Rc<str>>,
    /// Names assigned with `::` while not (yet) local.
    globals: Vec<Rc<str>>,
    /// The first name assigned as a global and then as a local (`a::1;a:1`):
    /// q's compiler refuses the body with the name as the error, its caret
    /// on the local assignment (debug.md, "global used as local").
    global_then_local: Option<(Rc<str>, Pos)>,
}

/// Names assigned with `:` (plain, indexed or compound) outside nested
/// lambdas; dotted names are always global.
fn collect_locals(e: &Expr, out: &mut Assigned) {
    let mut visit = |e: &Expr| collect_locals(e, out);
    match e {
        Expr::Assign(a) => {
            if let Some(indices) = &a.indices {
                indices.iter().for_each(&mut visit);
            }
            if let Some(op) = &a.op {
                visit(op);
            }
            visit(&a.value);
            // Only plain assignment (`a:1`) makes a local. Modified and
            // indexed assignment (`j+:1`, `w[x],:v`) to a name the function
            // does not assign plainly amends the global, as kdb+tick's
            // .u.upd and .u.add rely on.
            let plain = a.indices.is_none() && a.op.is_none();
            if !plain || a.name.contains('.') {
                return;
            }
            let known = out.locals.contains(&a.name);
            if !a.global {
                if out.global_then_local.is_none() && out.globals.contains(&a.name) {
                    out.global_then_local = Some((a.name.clone(), a.pos));
                }
                if !known {
                    out.locals.push(a.name.clone());
                }
            } else if !known {
                // `::` to a name already local sets the local.
                out.globals.push(a.name.clone());
            }
        }
        Expr::Lambda(_)
        | Expr::Empty
        | Expr::Const(_)
        | Expr::Name(..)
        | Expr::Prim { .. }
        | Expr::Iterator(..) => {}
        Expr::Derived { f, .. } => visit(f),
        Expr::Apply { f, args, .. } => {
            visit(f);
            args.iter().for_each(visit);
        }
        Expr::Monad { f, x, .. } => {
            visit(f);
            visit(x);
        }
        Expr::Dyad { f, x, y, .. } => {
            visit(f);
            visit(x);
            if let Some(y) = y {
                visit(y);
            }
        }
        Expr::List(items) | Expr::Cond(items, _) | Expr::Block(items) => {
            items.iter().for_each(visit)
        }
        Expr::If(c, body, _) | Expr::Do(c, body, _) | Expr::While(c, body, _) => {
            visit(c);
            body.iter().for_each(visit);
        }
        Expr::Return(x) | Expr::Signal(x, _) | Expr::Paren(x) => visit(x),
        Expr::Table { keys, cols } => keys.iter().chain(cols).for_each(|(_, e)| visit(e)),
        Expr::Query(q) => {
            if let Some(limit) = &q.limit {
                visit(limit);
            }
            q.cols.iter().chain(&q.by).for_each(|(_, e)| visit(e));
            visit(&q.from);
            q.filters.iter().for_each(visit);
        }
        // The names a pattern sets are locals, as those of `a:e` are.
        Expr::Match(m) => {
            m.pattern.exprs().into_iter().for_each(&mut visit);
            visit(&m.value);
            pattern_locals(&m.pattern, &mut out.locals);
        }
        Expr::MatchCond(c) => {
            visit(&c.value);
            for (p, e) in &c.arms {
                p.exprs().into_iter().for_each(&mut visit);
                visit(e);
            }
            if let Some(d) = &c.default {
                visit(d);
            }
            for (p, _) in &c.arms {
                pattern_locals(p, &mut out.locals);
            }
        }
    }
}

/// The name q gives a table column written as an expression: the name
/// itself for a bare name, else the first name in it that is not a q
/// function (from the right of a primitive that shapes its right), else
/// `x`.
fn column_name(e: &Expr) -> Rc<str> {
    if let Expr::Name(n, _, _) = e {
        return n.clone();
    }
    first_data_name(e).unwrap_or_else(|| Rc::from("x"))
}

fn first_data_name(e: &Expr) -> Option<Rc<str>> {
    match e {
        Expr::Name(n, _, _) if !FUNCTION_WORDS.contains(&&**n) => Some(n.clone()),
        Expr::Monad { f, x, .. } => first_data_name(f).or_else(|| first_data_name(x)),
        // learn/brief-introduction.md: `([]n?item)` has the column `item`.
        Expr::Dyad { f, x, y, .. } if matches!(**f, Expr::Prim { prim, .. } if prim.shapes_its_right()) => {
            y.as_deref()
                .and_then(first_data_name)
                .or_else(|| first_data_name(x))
        }
        Expr::Dyad { f, x, y, .. } => first_data_name(x)
            .or_else(|| first_data_name(f))
            .or_else(|| y.as_deref().and_then(first_data_name)),
        Expr::Apply { f, args, .. } => {
            first_data_name(f).or_else(|| args.iter().find_map(first_data_name))
        }
        Expr::Derived { f, .. } => first_data_name(f),
        Expr::List(items) => items.iter().find_map(first_data_name),
        // faq.md: `` ([] `long$amount:()) `` has the column `amount`.
        Expr::Assign(a) => Some(a.name.clone()),
        Expr::Paren(x) => first_data_name(x),
        _ => None,
    }
}

/// Whether `a` is `name:value`, a whole undotted name assigned with `:`.
fn is_plain_assign(a: &super::ast::Assign) -> bool {
    a.indices.is_none() && a.op.is_none() && !a.global && !a.name.contains('.')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::k::{Data, Scalar, Type};

    /// A compact rendering of a tree: `2*3+4` is `(* 2 (+ 3 4))`.
    pub(crate) fn show(e: &Expr) -> String {
        match e {
            Expr::Empty => "·".into(),
            Expr::Const(k) => show_k(k),
            Expr::Name(n, _, _) => n.to_string(),
            Expr::Prim { prim, unary, .. } => {
                format!("{}{}", prim.glyph(), if *unary { ":" } else { "" })
            }
            Expr::Iterator(a, _) => format!("<{}>", a.glyph()),
            Expr::Derived { f, adverb, .. } => format!("{}{}", show(f), adverb.glyph()),
            Expr::Apply { f, args, .. } => {
                let args: Vec<String> = args.iter().map(show).collect();
                format!("{}[{}]", show(f), args.join(";"))
            }
            Expr::Monad { f, x, .. } => format!("({} {})", show(f), show(x)),
            Expr::Dyad { f, x, y, .. } => match y {
                Some(y) => format!("({} {} {})", show(f), show(x), show(y)),
                None => format!("({} {} ·)", show(f), show(x)),
            },
            Expr::List(items) => {
                let items: Vec<String> = items.iter().map(show).collect();
                format!("(list {})", items.join(" "))
            }
            Expr::Lambda(l) => l.src.to_string(),
            Expr::Assign(a) => {
                let target = match &a.indices {
                    Some(ix) => {
                        let ix: Vec<String> = ix.iter().map(show).collect();
                        format!("{}[{}]", a.name, ix.join(";"))
                    }
                    None => a.name.to_string(),
                };
                let op = match &a.op {
                    Some(op) => format!("{}:", show(op)),
                    None if a.global => "::".into(),
                    None => ":".into(),
                };
                format!("({op} {target} {})", show(&a.value))
            }
            Expr::Cond(items, _) => {
                let items: Vec<String> = items.iter().map(show).collect();
                format!("(cond {})", items.join(" "))
            }
            Expr::If(c, body, _) => control("if", c, body),
            Expr::Do(c, body, _) => control("do", c, body),
            Expr::While(c, body, _) => control("while", c, body),
            Expr::Return(x) => format!("(return {})", show(x)),
            Expr::Signal(x, _) => format!("(signal {})", show(x)),
            Expr::Match(m) => format!("(match {} {})", m.text, show(&m.value)),
            Expr::MatchCond(c) => {
                let mut parts = vec![show(&c.value)];
                for (p, e) in &c.arms {
                    parts.push(format!("{p:?}"));
                    parts.push(show(e));
                }
                if let Some(d) = &c.default {
                    parts.push(show(d));
                }
                format!("(matchcond {})", parts.join(" "))
            }
            Expr::Table { keys, cols } => {
                let render = |cs: &[(Rc<str>, Expr)]| -> String {
                    cs.iter()
                        .map(|(n, e)| format!("{n}:{}", show(e)))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                format!("(table [{}] {})", render(keys), render(cols))
            }
            Expr::Query(q) => {
                let phrase = |ps: &[(Option<Rc<str>>, Expr)]| -> String {
                    ps.iter()
                        .map(|(n, e)| match n {
                            Some(n) => format!("{n}:{}", show(e)),
                            None => show(e),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let mut s = format!("({:?}", q.kind).to_lowercase();
                if let Some(limit) = &q.limit {
                    s += &format!("[{}]", show(limit));
                }
                s += &format!(" [{}]", phrase(&q.cols));
                if !q.by.is_empty() {
                    s += &format!(" by [{}]", phrase(&q.by));
                }
                s += &format!(" from {}", show(&q.from));
                if !q.filters.is_empty() {
                    let fs: Vec<String> = q.filters.iter().map(show).collect();
                    s += &format!(" where [{}]", fs.join(", "));
                }
                s + ")"
            }
            Expr::Block(items) => {
                let items: Vec<String> = items.iter().map(show).collect();
                format!("(block {})", items.join(" "))
            }
            Expr::Paren(x) => show(x),
        }
    }

    fn control(word: &str, c: &Expr, body: &[Expr]) -> String {
        let mut parts = vec![show(c)];
        parts.extend(body.iter().map(show));
        format!("({word} {})", parts.join(" "))
    }

    fn show_atom(t: Type, s: &Scalar) -> String {
        match (t, s) {
            (Type::Long, Scalar::I64(v)) => v.to_string(),
            (Type::Float, Scalar::F64(v)) => format!("{v}f"),
            (Type::Boolean, Scalar::U8(v)) => format!("{v}b"),
            (Type::Char, Scalar::U8(c)) => format!("{:?}", *c as char),
            (Type::Symbol, Scalar::Sym(s)) => format!("`{s}"),
            (Type::Short, Scalar::I16(v)) => format!("{v}h"),
            (Type::Int, Scalar::I32(v)) => format!("{v}i"),
            (Type::Real, Scalar::F32(v)) => format!("{v}e"),
            (Type::Byte, Scalar::U8(v)) => format!("0x{v:02x}"),
            (t, s) => format!("{}:{s:?}", t.letter() as char),
        }
    }

    pub(crate) fn show_k(k: &K) -> String {
        match k {
            K::Atom(t, s) => show_atom(*t, s),
            K::Nil => "::".into(),
            K::List(l) if l.items.is_empty() => "()".into(),
            K::Vector(v) if v.ty == Type::Char => match &v.data {
                Data::U8(b) => format!("{:?}", String::from_utf8_lossy(b)),
                _ => unreachable!(),
            },
            K::Vector(v) if v.ty == Type::Symbol => (0..v.len())
                .map(|i| show_k(&v.item(i)))
                .collect::<Vec<_>>()
                .join(""),
            K::Vector(v) => {
                let items: Vec<String> = (0..v.len()).map(|i| show_k(&v.item(i))).collect();
                format!("[{}]", items.join(" "))
            }
            other => format!("{other:?}"),
        }
    }

    fn one(src: &str) -> String {
        let prog = parse(src).unwrap_or_else(|e| panic!("{src}: {e} at {}", e.pos));
        assert_eq!(prog.stmts.len(), 1, "{src}: {:?}", prog.stmts);
        show(&prog.stmts[0])
    }

    macro_rules! shapes {
        ($($name:ident: $src:expr => $want:expr;)*) => {
            $(
                #[test]
                fn $name() {
                    assert_eq!(one($src), $want, "parsing {}", $src);
                }
            )*
        };
    }

    shapes! {
        right_to_left: "2*3+4" => "(* 2 (+ 3 4))";
        juxtaposition_nests: "f g x" => "(f (g x))";
        noun_between_nouns_applies: "x f y" => "(x (f y))";
        infix_keyword: "2 xexp 8" => "(xexp 2 8)";
        infix_keyword_after_vector: "1 3 9 cor neg 1 3 9" => "(cor [1 3 9] (neg [1 3 9]))";
        each_is_infix: "enlist each til 4" => "(each enlist (til 4))";
        derived_infix: "0 +/ 1 2" => "(+/ 0 [1 2])";
        derived_prefix: "+/ 1 2" => "(+/ [1 2])";
        lambda_derived_infix: "x {x+y}/ y" => "({x+y}/ x y)";
        each_right_each_left: "-7 7 mod/:\\:-2.5 -2" => "(mod/:\\: [-7 7] [-2.5f -2f])";
        left_projection: "(2+)" => "(+ 2 ·)";
        verb_as_value: "(+)" => "+";
        parenthesized_verb_is_an_argument: "type (+)" => "(type +)";
        parenthesized_projection_is_an_argument: "type (1+)" => "(type (+ 1 ·))";
        unparenthesized_verb_is_projected: "type +" => "(+ type ·)";
        assign_verb: "f:+" => "(: f +)";
        prefix_minus: "-x" => "(- x)";
        unary_form: "(|:)\"zero\"" => "(|: \"zero\")";
        unary_form_prefix: "#:x" => "(#: x)";
        bracket_apply: "f[x;y]" => "f[x;y]";
        elision: "f[;y]" => "f[·;y]";
        niladic: "f[]" => "f[·]";
        chained_index: "f[1][2]" => "f[1][2]";
        matrix_index: "x[i;j]" => "x[i;j]";
        apply_after_space: "insert [1]" => "insert[1]";
        minus_is_verb_after_name: "x-1" => "(- x 1)";
        minus_literal_after_space: "x -1" => "(x -1)";
        vector_with_negative: "1 -1" => "[1 -1]";
        paren_minus: "(a+b)- 1" => "(- (+ a b) 1)";
        indexed_minus: "x[1]-1" => "(- x[1] 1)";
        empty_list: "()" => "()";
        general_list: "(1;`a;\"bc\")" => "(list 1 `a \"bc\")";
        list_with_holes: "(a+b;;c-d;)" => "(list (+ a b) · (- c d) ·)";
        grouping: "(1+2)*3" => "(* (+ 1 2) 3)";
        nil_value: "(::)" => "::";
        nil_in_list: "(1; 2; ::)" => "(list 1 2 ::)";
        assign: "a:1+2" => "(: a (+ 1 2))";
        global_assign: "a::b" => "(:: a b)";
        compound_assign: "x+:1" => "(+: x 1)";
        join_assign: "x,:y" => "(,: x y)";
        indexed_assign: "d[`k]:v" => "(: d[`k] v)";
        matrix_assign: "x[i;j]:v" => "(: x[i;j] v)";
        indexed_compound: "d[`k],:v" => "(,: d[`k] v)";
        nested_assign: "2+a:3" => "(+ 2 (: a 3))";
        dotted_assign: ".z.pg:{x}" => "(: .z.pg {x})";
        cond: "$[a;b;c]" => "(cond a b c)";
        cond_many: "$[a;b;c;d;e]" => "(cond a b c d e)";
        dollar_with_two: "$[a;b]" => "$[a;b]";
        if_control: "if[x>0;y:1;z:2]" => "(if (> x 0) (: y 1) (: z 2))";
        do_control: "do[3;x+:1]" => "(do 3 (+: x 1))";
        while_control: "while[x<5;x+:1]" => "(while (< x 5) (+: x 1))";
        signal: "'`type" => "(signal `type)";
        signal_string: "'\"oops\"" => "(signal \"oops\")";
        composition_form: "'[f;g]" => "<'>[f;g]";
        train_composition: "(0|+)" => "<'>[(| 0 ·);+]";
        iterator_noun: "(/)" => "</>";
        iterator_list: "eval (/;+)" => "(eval (list </> +))";
        parenthesised_derived: "(!/)yrp`from`to" => "(!/ (yrp `from`to))";
        scan_lambda: "({x*x}\\)0.1" => "({x*x}\\ 0.1f)";
        scan_keyword: "{x*x} scan .01" => "(scan {x*x} 0.01f)";
        infix_derived_lambda: "8 {x,sum -2#x}\\1 1" => "({x,sum -2#x}\\ 8 [1 1])";
        less_equal: "a<=b" => "(<= a b)";
        not_equal: "a<>b" => "(<> a b)";
        file_verb: "`:f 0: (\"a\";\"b\")" => "(0: `:f (list 'a' 'b'))";
        handle_write: "1 \"abc\\n\"" => "(1 \"abc\\n\")";
        neg_handle: "-1 .Q.s1 x" => "(-1 (.Q.s1 x))";
        neg_handle_projection: "neg[h][]" => "neg[h][·]";
        handle_query: "h\"2+2\"" => "(h \"2+2\")";
        handle_list: "h(+;2;2)" => "(h (list + 2 2))";
        namespace_name: ".z.W" => ".z.W";
        name_path: "x.y" => "x.y";
        block: "[a;b]" => "(block a b)";
        dot_apply: "d . enlist 1" => "(. d (enlist 1))";
        at_apply: "@[f;x;:;1]" => "@[f;x;:;1]";
        drop_with_spaces: "`b`x _ d" => "(_ `b`x d)";
        each_prior: "-':[x]" => "-':[x]";
        fby_infix: "(avg;x) fby y" => "(fby (list avg x) y)";
        symbol_then_verb: "`s#1 2 3" => "(# `s [1 2 3])";
        comment_after_code: "1+2 / three" => "(+ 1 2)";
        temporal_plus: "2000.11.22 + 03:44:55.666" => "(+ d:I32(326) t:I32(13495666))";
        timestamp_vector: "0p+ -0W 0Wp+1 -1" => "(+ p:I64(0) (+ [p:I64(-9223372036854775807) p:I64(9223372036854775807)] [1 -1]))";
        table_unkeyed: "([] a:1 2; b:3 4)" => "(table [] a:[1 2] b:[3 4])";
        table_keyed: "([k:`a`b] v:1 2)" => "(table [k:`a`b] v:[1 2])";
        table_bare_names: "([] sym; price)" => "(table [] sym:sym price:price)";
        table_key_name_only: "([id]name;country)" => "(table [id:id] name:name country:country)";
        table_unnamed_expr: "([]0 1)" => "(table [] x:[0 1])";
        table_derived_name: "([] neg price)" => "(table [] price:(neg price))";
        select_all: "select from t" => "(select [] from t)";
        select_where: "select a,b from t where c>1, d<2" =>
            "(select [a, b] from t where [(> c 1), (< d 2)])";
        select_named_by: "select n:count i by sym from t" =>
            "(select [n:(count i)] by [sym] from t)";
        select_limit: "select[2] from t" => "(select[2] [] from t)";
        select_limit_sort: "select[5;>price] from t" => "(select[(list 5 (> price))] [] from t)";
        select_comma_in_brackets: "select f[a,b] from t" => "(select [f[(, a b)]] from t)";
        select_from_expression: "select from (t,u) where a in `x`y" =>
            "(select [] from (, t u) where [(in a `x`y)])";
        select_raze_join_over: "select ,/[a] from t" => "(select [,/[a]] from t)";
        exec_by: "exec a by b from t" => "(exec [a] by [b] from t)";
        update_where: "update a:1 from t where b" => "(update [a:1] from t where [b])";
        delete_cols: "delete a,b from t" => "(delete [a, b] from t)";
        delete_rows: "delete from `t where x=1" => "(delete [] from `t where [(= x 1)])";
        query_in_lambda: "{select from t}[]" => "{select from t}[·]";
        query_inside_application: "count select from t where a" =>
            "(count (select [] from t where [a]))";
        fby_in_where: "select from t where price=(max;price) fby sym" =>
            "(select [] from t where [(= price (fby (list max price) sym))])";
        return_value: ":x+1" => "(return (+ x 1))";
        colon_as_argument: "@[d;`k;:;2]" => "@[d;`k;:;2]";
        multiline_continuation: "a:1+\n  2" => "(: a (+ 1 2))";
        keyword_as_apply: "each[f;x]" => "each[f;x]";
        view_global: "v::a+1" => "(:: v (+ a 1))";
    }

    #[test]
    fn cast_of_symbol_is_a_dyad() {
        assert_eq!(one("`float$0Wj"), "($ `float 9223372036854775807)");
    }

    #[test]
    fn statements_split_on_semicolons_and_newlines() {
        let p = parse("a:1;b:2\nc").unwrap();
        let shown: Vec<String> = p.stmts.iter().map(show).collect();
        assert_eq!(shown, ["(: a 1)", "(: b 2)", "c"]);
        assert!(!p.silent);
        let p = parse("a:1;").unwrap();
        assert_eq!(p.stmts.len(), 1);
        assert!(p.silent);
        let p = parse("a:1; / quiet\n").unwrap();
        assert!(p.silent);
        let p = parse("1;;2").unwrap();
        let shown: Vec<String> = p.stmts.iter().map(show).collect();
        assert_eq!(shown, ["1", "·", "2"]);
        let p = parse("\n\n1\n\n2\n").unwrap();
        assert_eq!(p.stmts.len(), 2);
        assert!(parse("").unwrap().stmts.is_empty());
        assert!(parse("/ just a comment").unwrap().stmts.is_empty());
    }

    fn lambda(src: &str) -> Rc<LambdaDef> {
        match parse(src).unwrap().stmts.as_slice() {
            [Expr::Lambda(l)] => l.clone(),
            [Expr::Assign(a)] => match &a.value {
                Expr::Lambda(l) => l.clone(),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    fn names(v: &[Rc<str>]) -> Vec<&str> {
        v.iter().map(|s| &**s).collect()
    }

    #[test]
    fn lambda_implicit_params() {
        assert_eq!(names(&lambda("{x+y}").params), ["x", "y"]);
        assert_eq!(names(&lambda("{x+z*10}").params), ["x", "y", "z"]);
        assert_eq!(names(&lambda("{1}").params), ["x"]);
        assert_eq!(names(&lambda("{y}").params), ["x", "y"]);
        // A nested lambda's x y z are its own.
        assert_eq!(names(&lambda("{{x+y+z}}").params), ["x"]);
        assert!(!lambda("{x}").explicit_params);
    }

    #[test]
    fn lambda_explicit_params_and_locals() {
        let l = lambda("{[a;b] a2:a*a; b2::b; a2+b2}");
        assert!(l.explicit_params);
        assert_eq!(names(&l.params), ["a", "b"]);
        assert_eq!(names(&l.locals), ["a2"]);
        let l = lambda("{[] 42}");
        assert!(l.params.is_empty());
        let l = lambda("{a:1; r,:x; d[`k]:2; .g.v:3; f:{q:1}; if[x;t:2]; a}");
        assert_eq!(names(&l.locals), ["a", "f", "t"]);
        let l = lambda("{x:x+1; x}");
        assert!(l.locals.is_empty());
    }

    #[test]
    fn lambda_source_and_body() {
        let l = lambda("f:{[a;b] a+b}");
        assert_eq!(&*l.src, "{[a;b] a+b}");
        assert_eq!(l.offset, 2);
        assert_eq!(l.body.len(), 1);
        let l = lambda("{2*x;}");
        assert_eq!(l.body.len(), 2);
        assert!(matches!(l.body[1], Expr::Empty));
        let l = lambda("{[a;b]   / sum\n  a2:a*a;\n  a2+b\n  }");
        assert_eq!(l.body.len(), 2);
        assert_eq!(show(&l.body[1]), "(+ a2 b)");
    }

    #[test]
    fn lambda_with_too_many_params_is_an_error() {
        let e = parse("{[a;b;c;d;e;f;g;h;i] a}").unwrap_err();
        assert_eq!(e.msg, "params");
        assert!(parse("{[a;b;c;d;e;f;g;h] a}").is_ok());
        assert_eq!(parse("{[a+b] a}").unwrap_err().msg, "params");
    }

    #[test]
    fn duplicate_parameter_names_are_an_error() {
        assert_eq!(parse("{[a;b;a] a}").unwrap_err().msg, "params");
        assert_eq!(parse("{[a;b;c;d;e;f;g;h;e]}").unwrap_err().msg, "params");
        assert!(parse("{[a;b] a}").is_ok());
    }

    #[test]
    fn parameters_may_be_patterns() {
        let l = lambda("{[(a;b);c:`j;;d:neg] a}");
        assert_eq!(l.params.len(), 4);
        assert_eq!(names(&l.params[1..2]), ["(1)"]);
        let patterned: Vec<usize> = l.param_patterns.iter().map(|(i, _)| *i).collect();
        assert_eq!(patterned, [0, 1, 3]);
        assert_eq!(names(&l.locals), ["a", "b", "c", "d"]);
        assert!(l.closed.is_none());
        assert_eq!(lambda("{[x;]x}").params.len(), 2);
        assert!(lambda("{[x;]x}").param_patterns.is_empty());
        assert_eq!(parse("{[a.b] a}").unwrap_err().msg, "params");
        assert_eq!(parse("{[a[1]] a}").unwrap_err().msg, "params");
    }

    #[test]
    fn pattern_assignments_take_the_rest() {
        assert_eq!(one("(a;b):1 2"), "(match (a;b) [1 2])");
        assert_eq!(one("r:(a;:1+):x"), "(: r (match (a;:1+) x))");
        assert_eq!(one("([k:v]):d"), "(match ([k:v]) d)");
        assert_eq!(one("(1):2"), "(match (1) 2)");
        // A parenthesised name, indexed or not, is the older assignment.
        assert_eq!(one("(a):1"), "(: a 1)");
        assert_eq!(one("(a[1]):1"), "(: a[1] 1)");
        assert_eq!(one("(x i):y"), "(: x[i] y)");
        // Patterns the local names of a lambda.
        assert_eq!(names(&lambda("{(a;b:`j):x; a+b}").locals), ["a", "b"]);
    }

    #[test]
    fn pattern_conditional_needs_three_parts() {
        let shown = one(":[v;1;`one;`other]");
        assert!(shown.starts_with("(matchcond v Const"), "{shown}");
        assert!(shown.ends_with("`one `other)"), "{shown}");
        assert!(one("a: :[v;p;r]").starts_with("(: a (matchcond"));
        // Two parts apply `:`; a `:` then anything else returns.
        assert_eq!(one(":[a;b]"), "(return (block a b))");
        assert_eq!(one(":x"), "(return x)");
    }

    fn pos_of(src: &str) -> Pos {
        match &parse(src).unwrap().stmts[0] {
            Expr::Monad { pos, .. } | Expr::Dyad { pos, .. } | Expr::Apply { pos, .. } => *pos,
            Expr::Assign(a) => match &a.value {
                Expr::Monad { pos, .. } | Expr::Dyad { pos, .. } | Expr::Apply { pos, .. } => *pos,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn positions_point_where_the_caret_goes() {
        assert_eq!(pos_of("2+\"hi\""), 1);
        assert_eq!(pos_of("l:hopen 5678"), 2);
        assert_eq!(pos_of("h\"1*1\""), 0);
        assert_eq!(pos_of("f[1;2]"), 0);
        assert_eq!(pos_of("1 2 3 xexp `a"), 6);
        match &parse("x:1").unwrap().stmts[0] {
            Expr::Assign(a) => assert_eq!(a.pos, 0),
            other => panic!("{other:?}"),
        }
        match &parse("  foo").unwrap().stmts[0] {
            Expr::Name(_, pos, _) => assert_eq!(*pos, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_carry_q_messages_and_positions() {
        let e = parse("f[1;2").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), ("[", 1));
        assert!(e.is_unclosed());
        let e = parse("{x+1").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), ("{", 0));
        let e = parse("\"abc").unwrap_err();
        assert_eq!(e.to_string(), "'\"");
        let e = parse("1+2)").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), (")", 3));
        assert!(!e.is_unclosed());
        let e = parse("select a t").unwrap_err();
        assert_eq!((e.msg.as_str(), e.pos), ("from", 0));
        let e = parse("x:1\u{a0}").unwrap_err();
        assert_eq!(e.msg, "char");
    }

    #[test]
    fn literals_of_every_type_reach_the_tree() {
        let k = |src: &str| match parse(src).unwrap().stmts.as_slice() {
            [Expr::Const(k)] => k.clone(),
            other => panic!("{src}: {other:?}"),
        };
        assert_eq!(k("1b"), K::bool(true));
        assert_eq!(k("0x2a"), K::byte(0x2a));
        assert_eq!(k("1h"), K::short(1));
        assert_eq!(k("1i"), K::int(1));
        assert_eq!(k("1j"), K::long(1));
        assert_eq!(k("1e"), K::real(1.0));
        assert_eq!(k("1f"), K::float(1.0));
        assert_eq!(k("\"a\""), K::char(b'a'));
        assert_eq!(k("`a"), K::sym("a"));
        assert_eq!(
            k("2000.01.01D12:00:00.000"),
            K::timestamp(43_200_000_000_000)
        );
        assert_eq!(k("2000.01m"), K::atom_i32(Type::Month, 0));
        assert_eq!(k("2000.01.02"), K::date(1));
        assert_eq!(
            k("2000.01.01T12:00:00.000"),
            K::Atom(Type::Datetime, Scalar::F64(0.5))
        );
        assert_eq!(k("0D12:00:00.000000000"), K::timespan(43_200_000_000_000));
        assert_eq!(k("12:30"), K::atom_i32(Type::Minute, 750));
        assert_eq!(k("12:30:00"), K::atom_i32(Type::Second, 45_000));
        assert_eq!(k("12:30:00.000"), K::atom_i32(Type::Time, 45_000_000));
        assert_eq!(k("101b"), K::bools(vec![true, false, true]));
        assert_eq!(k("0x0102"), K::bytes(vec![1, 2]));
        assert_eq!(k("::"), K::Nil);
        assert_eq!(k("0Nt"), K::atom_i32(Type::Time, i32::MIN));
        assert_eq!(k("0Wi"), K::int(i32::MAX));
        assert_eq!(k("-0w"), K::float(f64::NEG_INFINITY));
        assert_eq!(k("0Nm"), K::atom_i32(Type::Month, i32::MIN));
        assert_eq!(k("0Nv"), K::atom_i32(Type::Second, i32::MIN));
    }

    /// Every q line of the IPC seed notes (shared/seeds/*.md), picked out by
    /// hand, with the shape each must take. System commands (`\p 1234`,
    /// `\x .z.po`) are checked in the script tests.
    const SEED_LINES: &[(&str, &str)] = &[
        ("h:hopen 1234", "(: h (hopen 1234))"),
        ("h", "h"),
        ("h1: `:localhost:1234", "(: h1 `:localhost:1234)"),
        (
            "h1:`::1234 // if we dont provide host, it defaults to localhost",
            "(: h1 `::1234)",
        ),
        ("h1", "h1"),
        (".z.W", ".z.W"),
        ("// server", ""),
        ("//client", ""),
        ("hclose h1", "(hclose h1)"),
        ("hclose 4i", "(hclose 4i)"),
        (
            "permittedusers:`abc`xyz`pqr",
            "(: permittedusers `abc`xyz`pqr)",
        ),
        (
            ".z.pw:{[u;p] (u in permittedusers) and (p~\"pass\")}",
            "(: .z.pw {[u;p] (u in permittedusers) and (p~\"pass\")})",
        ),
        ("h:hopen `::1234", "(: h (hopen `::1234))"),
        ("h:hopen `::1234:abc:pass", "(: h (hopen `::1234:abc:pass))"),
        (
            ".z.po:{[x] show(.z.a;.z.p;.z.u;x)}",
            "(: .z.po {[x] show(.z.a;.z.p;.z.u;x)})",
        ),
        (
            "h2:hopen `::1234:abc:pass",
            "(: h2 (hopen `::1234:abc:pass))",
        ),
        (
            ".z.pc:{[x] show(.z.h;.z.p;x)}",
            "(: .z.pc {[x] show(.z.h;.z.p;x)})",
        ),
        ("hclose h2", "(hclose h2)"),
        ("system \"sleep 60\"", "(system \"sleep 60\")"),
        (
            "h2:hopen (`::1234:abc:pass;10)",
            "(: h2 (hopen (list `::1234:abc:pass 10)))",
        ),
        (
            "h2:hopen `::1234:abc:pass1",
            "(: h2 (hopen `::1234:abc:pass1))",
        ),
        ("hopen 1234", "(hopen 1234)"),
        ("hopen `::1234", "(hopen `::1234)"),
        (".z.H", ".z.H"),
        (".z.H~key .z.W", "(~ .z.H (key .z.W))"),
        (
            "hopen `:host:port:user:password",
            "(hopen `:host:port:user:password)",
        ),
        (
            "hopen (`:host:port:user:password;1000)",
            "(hopen (list `:host:port:user:password 1000))",
        ),
        ("hclose 5", "(hclose 5)"),
        ("h\"2+2\"", "(h \"2+2\")"),
        ("h\"x:3\"", "(h \"x:3\")"),
        ("x", "x"),
        ("h\"show 4\"", "(h \"show 4\")"),
        ("h(+;2;2)", "(h (list + 2 2))"),
        ("f:{x+y}", "(: f {x+y})"),
        ("h(`f;4;5)", "(h (list `f 4 5))"),
        ("neg[h]\"y:5\"", "(neg[h] \"y:5\")"),
        ("neg[h][]", "neg[h][·]"),
        ("h\"\"", "(h \"\")"),
        ("h:hopen`::1234", "(: h (hopen `::1234))"),
        ("neg[h]\"2+2\";.z.W", "(neg[h] \"2+2\") ; .z.W"),
        ("-22!\"2+2\"", "(! -22 \"2+2\")"),
        (
            "sleep:{now:.z.p; waittime:x * 00:00:01; while[waittime>.z.p - now]}",
            "(: sleep {now:.z.p; waittime:x * 00:00:01; while[waittime>.z.p - now]})",
        ),
        (
            "neg[h]\"2+2\";sleep[5];.z.W",
            "(neg[h] \"2+2\") ; sleep[5] ; .z.W",
        ),
        (
            "neg[h]\"2+2\";neg[h][];sleep[5];.z.W",
            "(neg[h] \"2+2\") ; neg[h][·] ; sleep[5] ; .z.W",
        ),
        (
            "connections:([]handle:`int$();ip:`int$();user:`$())",
            "(: connections (table [] handle:($ `int ()) ip:($ `int ()) user:($ ` ())))",
        ),
        (
            ".z.po:{`connections upsert (.z.w;.z.a;.z.u)}",
            "(: .z.po {`connections upsert (.z.w;.z.a;.z.u)})",
        ),
        ("connections", "connections"),
        (
            ".z.pc:{delete from `connections where handle=x}",
            "(: .z.pc {delete from `connections where handle=x})",
        ),
        ("hclose h", "(hclose h)"),
        ("blacklist:`user123", "(: blacklist `user123)"),
        (
            ".z.pw:{[user;pass] $[user in blacklist;0b;1b]}",
            "(: .z.pw {[user;pass] $[user in blacklist;0b;1b]})",
        ),
        (
            "query_tracker:([]time:`timestamp$();user:`$();query:())",
            "(: query_tracker (table [] time:($ `timestamp ()) user:($ ` ()) query:()))",
        ),
        (
            ".z.pg:{[x]`query_tracker upsert (.z.p;.z.u;.z.u;x);value x}",
            "(: .z.pg {[x]`query_tracker upsert (.z.p;.z.u;.z.u;x);value x})",
        ),
        ("h\"`a`b`c!1 2 3\"", "(h \"`a`b`c!1 2 3\")"),
        ("h`a`b`c!1 2 3", "(h (! `a`b`c [1 2 3]))"),
        (
            "h\"c:10\";system \"sleep 10\"",
            "(h \"c:10\") ; (system \"sleep 10\")",
        ),
        ("c", "c"),
        (
            "neg[h]\"c:11\";system \"sleep 10\"",
            "(neg[h] \"c:11\") ; (system \"sleep 10\")",
        ),
    ];

    #[test]
    fn seed_lines_parse_to_their_shapes() {
        for (src, want) in SEED_LINES {
            let program = parse(src).unwrap_or_else(|e| panic!("{src}: {e} at {}", e.pos));
            let shown: Vec<String> = program.stmts.iter().map(show).collect();
            assert_eq!(shown.join(" ; "), *want, "parsing {src}");
        }
    }

    #[test]
    fn seed_lambdas_know_their_params_and_locals() {
        let l = lambda(".z.pw:{[u;p] (u in permittedusers) and (p~\"pass\")}");
        assert_eq!(names(&l.params), ["u", "p"]);
        match &l.body[0] {
            Expr::Dyad { f, .. } => assert_eq!(show(f), "and"),
            other => panic!("{other:?}"),
        }
        let l = lambda("sleep:{now:.z.p; waittime:x * 00:00:01; while[waittime>.z.p - now]}");
        assert_eq!(names(&l.params), ["x"]);
        assert_eq!(names(&l.locals), ["now", "waittime"]);
        assert_eq!(show(&l.body[2]), "(while (> waittime (- .z.p now)))");
        let l = lambda(".z.pc:{delete from `connections where handle=x}");
        assert_eq!(
            show(&l.body[0]),
            "(delete [] from `connections where [(= handle x)])"
        );
        let l = lambda(".z.pg:{[x]`query_tracker upsert (.z.p;.z.u;.z.u;x);value x}");
        assert_eq!(
            show(&l.body[0]),
            "(upsert `query_tracker (list .z.p .z.u .z.u x))"
        );
        assert_eq!(show(&l.body[1]), "(value x)");
    }

    #[test]
    fn deep_text_is_refused_not_a_crash() {
        let long = "1+".repeat(3000) + "1";
        assert!(parse(&long).is_ok());
        let too_long = "1+".repeat(5000) + "1";
        assert_eq!(parse(&too_long).unwrap_err().msg, "stack");
        let nested = "(".repeat(60) + "1" + &")".repeat(60);
        assert_eq!(one(&nested), "1");
        let too_nested = "(".repeat(500) + "1" + &")".repeat(500);
        assert_eq!(parse(&too_nested).unwrap_err().msg, "stack");
        let signals = "'".repeat(10_000) + "x";
        assert_eq!(parse(&signals).unwrap_err().msg, "stack");
        let lambdas = "{".repeat(300) + &"}".repeat(300);
        assert_eq!(parse(&lambdas).unwrap_err().msg, "stack");
        // Long lists and vectors are flat, not deep.
        let list = format!("({})", vec!["1"; 100_000].join(";"));
        assert!(parse(&list).is_ok());
        let juxtaposed = "f ".repeat(8000) + "x";
        assert!(parse(&juxtaposed).is_ok());
        let assigns = "a:".repeat(3000) + "1";
        assert!(parse(&assigns).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn any_ascii_text_parses_or_errs(src in "[ -~\n\t]{0,60}") {
            let _ = parse(&src);
        }

        #[test]
        fn any_text_parses_or_errs(src in ".{0,40}") {
            let _ = parse(&src);
        }

        #[test]
        fn q_like_text_parses_or_errs(src in "[-0-9a-z.:;`'/\\\\\"(){}\\[\\]+*%!#$,@_ ]{0,50}") {
            if let Err(e) = parse(&src) {
                proptest::prop_assert!(e.pos as usize <= src.len());
            }
        }
    }
    #[test]
    fn lambda_names_know_whether_they_are_locals() {
        let prog = parse("{[a] b:a+c}").unwrap();
        let [Expr::Lambda(def)] = prog.stmts.as_slice() else {
            panic!("not a lambda")
        };
        let [Expr::Assign(assign)] = def.body.as_slice() else {
            panic!("not an assignment")
        };
        assert_eq!(assign.slot.index(), Some(1));
        let Expr::Dyad { x, y: Some(y), .. } = &assign.value else {
            panic!("not a dyad")
        };
        assert!(matches!(**x, Expr::Name(_, _, s) if s.index() == Some(0)));
        assert!(matches!(**y, Expr::Name(_, _, Slot::GLOBAL)));
        // Outside a lambda a name is not resolved.
        let prog = parse("c").unwrap();
        assert!(matches!(prog.stmts[0], Expr::Name(_, _, Slot::NONE)));
    }
}
