//! The syntax tree of q-lite: what the parser produces and the evaluator walks.
//!
//! q evaluates right to left with no precedence. The parser resolves the
//! shape of every sentence (which terms are applied to which), so the
//! evaluator never has to look at tokens.

use std::rc::Rc;

use crate::k::{Adverb, K};

/// Byte offset into the source text, used to put the caret of an error
/// display under the failing application.
pub type Pos = u32;

/// A primitive verb, identified by its binary-primitive code as it travels
/// on the wire (`+` is 1, `,` is 12 ... see [`Prim::glyph`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Prim(pub u8);

impl Prim {
    /// The glyphs of the primitives in code order: `:` is 0, `+` is 1 ... `.` is 19.
    pub const GLYPHS: [&'static str; 20] = [
        ":", "+", "-", "*", "%", "&", "|", "^", "=", "<", ">", "$", ",", "#", "_", "~", "!", "?",
        "@", ".",
    ];

    /// The primitive written `glyph`, if any (`<=`, `>=` and `<>` are not
    /// primitives; the parser turns them into names of q functions).
    pub fn from_glyph(glyph: &str) -> Option<Prim> {
        Prim::GLYPHS
            .iter()
            .position(|g| *g == glyph)
            .map(|i| Prim(i as u8))
    }

    /// The primitive's glyph.
    pub fn glyph(self) -> &'static str {
        Prim::GLYPHS.get(self.0 as usize).copied().unwrap_or("?")
    }

    /// Whether the primitive's left argument shapes its right one (a
    /// count, keys, a fill, a type) rather than being data like it: an
    /// unnamed column `2#dt` or `p!v` is named from the right.
    pub fn shapes_its_right(self) -> bool {
        matches!(
            self.glyph(),
            "^" | "$" | "," | "#" | "_" | "!" | "?" | "@" | "."
        )
    }
}

/// One expression.
#[derive(Clone, Debug)]
pub enum Expr {
    /// Nothing: an empty statement, an empty argument slot in `f[;y]`, or
    /// `()` is not this (that is `Const` of an empty list). Evaluates to `::`,
    /// or marks an elided argument inside `Apply`.
    Empty,
    /// A literal value: atom, vector (`1 2 3`, `` `a`b ``), string, `::`.
    Const(K),
    /// A name reference: `x`, `.z.p`, `.foo.bar`, with where the enclosing
    /// lambda's frame keeps it, if it is one of the lambda's names.
    Name(Rc<str>, Pos, Slot),
    /// A primitive verb used as a value or a function: `+`, `(+)`, `+:`
    /// (`unary` is true for the explicit unary forms written with a trailing `:`,
    /// like `-:`; `:` alone is `Prim(0)` with `unary` false).
    Prim {
        /// Which primitive.
        prim: Prim,
        /// Written with a trailing `:` (`#:`), meaning the unary form.
        unary: bool,
        /// Position of the glyph.
        pos: Pos,
    },
    /// A bare iterator glyph used as a noun, e.g. `(/)` or the `'` in `'[f;g]`.
    Iterator(Adverb, Pos),
    /// A function derived by an iterator: `f'`, `+/`, `{x}\:`.
    Derived {
        /// The function or value the iterator applies to.
        f: Box<Expr>,
        /// Which iterator.
        adverb: Adverb,
        /// Position of the iterator glyph.
        pos: Pos,
    },
    /// Bracket application `f[a;b]`. An argument that is [`Expr::Empty`] is
    /// elided (`f[;2]` projects). `f[]` has a single `Empty` argument.
    Apply {
        /// The function, list or dictionary applied.
        f: Box<Expr>,
        /// The arguments in source order.
        args: Vec<Expr>,
        /// Position of the start of `f`.
        pos: Pos,
    },
    /// Application by juxtaposition or prefix: `f x`, `-x`, `count x`, `h"2+2"`.
    /// A primitive here takes its unary form (`-x` is `neg x`).
    Monad {
        /// The function, list or dictionary applied.
        f: Box<Expr>,
        /// The argument.
        x: Box<Expr>,
        /// Position of the start of `f`.
        pos: Pos,
    },
    /// Infix application `x f y` of a verb: a primitive, a derived verb, or a
    /// q keyword that is used infix (`in`, `within`, `xexp`, `each`, `mod`...,
    /// which appear here as `Name`).
    Dyad {
        /// The verb.
        f: Box<Expr>,
        /// Left argument.
        x: Box<Expr>,
        /// Right argument, or `None` for a left projection like `(2+)`.
        y: Option<Box<Expr>>,
        /// Position of the verb.
        pos: Pos,
    },
    /// A general list `(a;b;c)`; items may be `Empty` (which q treats as `::`).
    List(Vec<Expr>),
    /// A lambda `{...}`.
    Lambda(Rc<LambdaDef>),
    /// Assignment in all its forms (see [`Assign`]).
    Assign(Box<Assign>),
    /// `$[c1;t1;c2;t2;...;else]`; with fewer than three parts it is an
    /// ordinary application of `$` and the parser emits `Apply` instead.
    Cond(Vec<Expr>, Pos),
    /// `if[c;e1;e2;...]`.
    If(Box<Expr>, Vec<Expr>, Pos),
    /// `do[n;e1;e2;...]`.
    Do(Box<Expr>, Vec<Expr>, Pos),
    /// `while[c;e1;e2;...]`.
    While(Box<Expr>, Vec<Expr>, Pos),
    /// `:x` (return from the enclosing lambda). `x` may be `Empty` (`:` alone).
    Return(Box<Expr>),
    /// `'x` (signal an error; the value is a symbol or string).
    Signal(Box<Expr>, Pos),
    /// A table literal `([k1:e1;...] c1:e1; c2:e2)`; `keys` is empty for an
    /// unkeyed table. A column given as a bare name `([] a; b)` is named after it.
    Table {
        /// Key columns, in order.
        keys: Vec<(Rc<str>, Expr)>,
        /// Value columns, in order.
        cols: Vec<(Rc<str>, Expr)>,
    },
    /// A qSQL query (`select`, `exec`, `update`, `delete`).
    Query(Box<Query>),
    /// A sequence of expressions evaluated in order, value of the last:
    /// produced for a bracketed block `[e1;e2]` used as an expression.
    Block(Vec<Expr>),
    /// A parenthesized expression that ends in a verb with no right
    /// argument, `(+)` or `(1+)`: a noun, so `type (+)` applies `type` to
    /// the operator rather than composing with it.
    Paren(Box<Expr>),
    /// A pattern assignment `(a;b):e` (see [`PatternAssign`]).
    Match(Box<PatternAssign>),
    /// The pattern conditional `:[v;p1;r1;p2;r2;...;rd]` (see [`MatchCond`]).
    MatchCond(Box<MatchCond>),
}

/// `(pattern):value`: the value is matched against the pattern, and the
/// names in the pattern are set only when all of it matches. Its value is
/// the value assigned, as changed by any filter functions in the pattern.
#[derive(Clone, Debug)]
pub struct PatternAssign {
    /// What the value must look like.
    pub pattern: Pattern,
    /// The value matched.
    pub value: Expr,
    /// Position of the assignment's `:`.
    pub pos: Pos,
    /// The pattern as written, parentheses included.
    pub text: Rc<str>,
}

/// `:[v;p1;r1;p2;r2;...;rd]`: the result for the first pattern `v`
/// matches, or the default when none does. Only what is needed is
/// evaluated.
#[derive(Clone, Debug)]
pub struct MatchCond {
    /// The value matched.
    pub value: Expr,
    /// Each pattern with its result.
    pub arms: Vec<(Pattern, Expr)>,
    /// The result when no pattern matches; `::` when absent.
    pub default: Option<Expr>,
    /// Position of the `:`.
    pub pos: Pos,
}

/// The type characters a type check may name (datatypes.md), lower case
/// for an atom and upper case for a vector.
pub const TYPE_CHARS: &[u8] = b"bgxhijefcspmdznuvt";

/// A pattern: the left side of a pattern assignment, a lambda parameter,
/// or a case of the pattern conditional. Each carries the position an
/// error in matching it points at.
#[derive(Clone, Debug)]
pub enum Pattern {
    /// Matches anything: an elided item `(a;;b)`, a key with no pattern
    /// `([k:])`, an elided parameter `{[x;]}`.
    Null(Pos),
    /// A value that must match exactly (`~`).
    Const(K, Pos),
    /// A name, set to the value matched.
    Name(Rc<str>, Pos),
    /// A name and an index, `a[1]`: the item set as in `a[1]:v`.
    Indexed(Rc<str>, Vec<Expr>, Pos),
    /// `(p1;p2;...)`: a list of exactly as many items, each matched in turn.
    List(Vec<Pattern>, Pos),
    /// `keys!p`, keys a constant: the values at those keys of a dictionary,
    /// matched against `p` (item by item when `p` is a list pattern).
    Keys(K, Box<Pattern>, Pos),
    /// `([k1:p1;k2:p2])`: the values at those keys of a dictionary.
    Entries(Vec<(Rc<str>, Pattern)>, Pos),
    /// `([k:p]c:q)` or `([]c:q)`: the columns of a table, keyed or not.
    Table {
        /// Patterns for key columns, by name.
        keys: Vec<(Rc<str>, Pattern)>,
        /// Patterns for value columns, by name.
        cols: Vec<(Rc<str>, Pattern)>,
        /// Position of the `(`.
        pos: Pos,
    },
    /// `p!q`: a dictionary's keys matched against `p`, its values against `q`.
    KeyValue(Box<Pattern>, Box<Pattern>, Pos),
    /// `flip p`: a table, flipped to its dictionary of columns and matched against `p`.
    Flip(Box<Pattern>, Pos),
    /// ``p:`t``: a type check (lower case an atom, upper case a vector),
    /// then `p`.
    Type(Box<Pattern>, u8, Pos),
    /// `p:f`: `f` applied to the value, and its result matched against `p`.
    Filter(Box<Pattern>, Expr, Pos),
}

impl Pattern {
    /// Where an error in matching this pattern points.
    pub fn pos(&self) -> Pos {
        match self {
            Pattern::Null(p)
            | Pattern::Const(_, p)
            | Pattern::Name(_, p)
            | Pattern::Indexed(_, _, p)
            | Pattern::List(_, p)
            | Pattern::Keys(_, _, p)
            | Pattern::Entries(_, p)
            | Pattern::Table { pos: p, .. }
            | Pattern::KeyValue(_, _, p)
            | Pattern::Flip(_, p)
            | Pattern::Type(_, _, p)
            | Pattern::Filter(_, _, p) => *p,
        }
    }

    /// The names the pattern sets (not those it indexes into), in order.
    pub fn names(&self, out: &mut Vec<Rc<str>>) {
        match self {
            Pattern::Name(n, _) => {
                if !out.contains(n) {
                    out.push(n.clone());
                }
            }
            Pattern::Null(_) | Pattern::Const(..) | Pattern::Indexed(..) => {}
            Pattern::List(ps, _) => ps.iter().for_each(|p| p.names(out)),
            Pattern::Entries(es, _) => es.iter().for_each(|(_, p)| p.names(out)),
            Pattern::Table { keys, cols, .. } => {
                keys.iter().chain(cols).for_each(|(_, p)| p.names(out))
            }
            Pattern::KeyValue(k, v, _) => {
                k.names(out);
                v.names(out);
            }
            Pattern::Keys(_, p, _)
            | Pattern::Flip(p, _)
            | Pattern::Type(p, _, _)
            | Pattern::Filter(p, _, _) => p.names(out),
        }
    }

    /// Whether a filter function may change the value matched, so that
    /// the match's result has to be put back together.
    pub fn filters(&self) -> bool {
        match self {
            Pattern::Filter(..) => true,
            Pattern::Null(_) | Pattern::Const(..) | Pattern::Name(..) | Pattern::Indexed(..) => {
                false
            }
            Pattern::List(ps, _) => ps.iter().any(Pattern::filters),
            Pattern::Entries(es, _) => es.iter().any(|(_, p)| p.filters()),
            Pattern::Table { keys, cols, .. } => keys.iter().chain(cols).any(|(_, p)| p.filters()),
            Pattern::KeyValue(k, v, _) => k.filters() || v.filters(),
            Pattern::Keys(_, p, _) | Pattern::Flip(p, _) | Pattern::Type(p, _, _) => p.filters(),
        }
    }

    /// The expressions inside the pattern: indices and filter functions.
    pub fn exprs_mut(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        match self {
            Pattern::Indexed(_, ix, _) => ix.iter_mut().for_each(f),
            Pattern::Filter(p, e, _) => {
                p.exprs_mut(f);
                f(e);
            }
            Pattern::Null(_) | Pattern::Const(..) | Pattern::Name(..) => {}
            Pattern::List(ps, _) => ps.iter_mut().for_each(|p| p.exprs_mut(f)),
            Pattern::Entries(es, _) => es.iter_mut().for_each(|(_, p)| p.exprs_mut(f)),
            Pattern::Table { keys, cols, .. } => keys
                .iter_mut()
                .chain(cols.iter_mut())
                .for_each(|(_, p)| p.exprs_mut(f)),
            Pattern::KeyValue(k, v, _) => {
                k.exprs_mut(f);
                v.exprs_mut(f);
            }
            Pattern::Keys(_, p, _) | Pattern::Flip(p, _) | Pattern::Type(p, _, _) => p.exprs_mut(f),
        }
    }

    /// [`Pattern::exprs_mut`] for reading.
    pub fn exprs(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        self.collect_exprs(&mut out);
        out
    }

    fn collect_exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        match self {
            Pattern::Indexed(_, ix, _) => out.extend(ix),
            Pattern::Filter(p, e, _) => {
                p.collect_exprs(out);
                out.push(e);
            }
            Pattern::Null(_) | Pattern::Const(..) | Pattern::Name(..) => {}
            Pattern::List(ps, _) => ps.iter().for_each(|p| p.collect_exprs(out)),
            Pattern::Entries(es, _) => es.iter().for_each(|(_, p)| p.collect_exprs(out)),
            Pattern::Table { keys, cols, .. } => keys
                .iter()
                .chain(cols)
                .for_each(|(_, p)| p.collect_exprs(out)),
            Pattern::KeyValue(k, v, _) => {
                k.collect_exprs(out);
                v.collect_exprs(out);
            }
            Pattern::Keys(_, p, _) | Pattern::Flip(p, _) | Pattern::Type(p, _, _) => {
                p.collect_exprs(out)
            }
        }
    }
}

/// An assignment: `x:e`, `x::e`, `x+:e`, `x[i]:e`, `x[i;j]+:e`, `d[`k],:e`.
#[derive(Clone, Debug)]
pub struct Assign {
    /// The variable name (may be dotted, like `.z.pg`).
    pub name: Rc<str>,
    /// Index arguments when assigning into part of the variable (`x[i;j]:`).
    pub indices: Option<Vec<Expr>>,
    /// The verb of a compound assignment (`+` in `x+:1`, `,` in `x,:y`); `None` for plain `:`.
    pub op: Option<Expr>,
    /// The value assigned.
    pub value: Expr,
    /// `::` at the top level of a lambda assigns a global even if a local of that name exists.
    pub global: bool,
    /// Position of the name.
    pub pos: Pos,
    /// Position of the assignment token (`:`, `::`, or the verb of `op:`):
    /// where q points when amending part of the variable fails.
    pub op_pos: Pos,
    /// Where the enclosing lambda's frame keeps the name, if it is one of
    /// the lambda's names.
    pub slot: Slot,
}

/// A parsed lambda.
#[derive(Clone, Debug)]
pub struct LambdaDef {
    /// Parameter names: explicit `[a;b]`, or implicit `x`, `y`, `z` (as many as
    /// the highest one used; `{1}` takes one parameter `x`).
    pub params: Vec<Rc<str>>,
    /// Whether the parameters were written explicitly.
    pub explicit_params: bool,
    /// Names assigned with single `:` anywhere in the body (outside nested
    /// lambdas), other than parameters: q makes these local.
    pub locals: Vec<Rc<str>>,
    /// Statements. The value of the lambda is the last statement's value, or
    /// `::` when the last statement is empty (`{x;}`).
    pub body: Vec<Expr>,
    /// Exact source text, braces included, e.g. `{[a;b] a+b}`.
    pub src: Rc<str>,
    /// Offset of the source text within the text it was parsed from.
    pub offset: Pos,
    /// The parameters then the locals: the names of a call's frame, made
    /// once rather than on every call.
    pub frame_names: Rc<[Rc<str>]>,
    /// The body as a [`Closed`] expression, when it is one.
    pub closed: Option<Rc<Closed>>,
    /// Parameters written as patterns (`{[(a;b);c]}`, `{[x:`j]}`), by
    /// position: the argument is matched against the pattern before the
    /// body runs, and the names it sets are locals.
    pub param_patterns: Vec<(usize, Pattern)>,
}

/// A lambda body that is one expression of its parameters, constants and
/// primitives that read nothing else, change nothing and call no
/// function: `{x+1}`, `{[a;b] (a*a)+b}`, `{x,-1#y}`. Evaluating it needs no
/// frame, and evaluating it twice gives the same result both times.
#[derive(Debug)]
pub enum Closed {
    /// The parameter at this position.
    Param(usize),
    /// A constant.
    Const(K),
    /// A primitive's unary form applied (`-x`, `#x`).
    Unary(Prim, Box<Closed>),
    /// A primitive between two operands.
    Binary(Prim, Box<Closed>, Box<Closed>),
}

impl Closed {
    /// The value of a parameter or a constant, as it stands.
    #[inline]
    pub fn operand<'a>(&'a self, params: &'a [K]) -> Option<&'a K> {
        match self {
            Closed::Param(i) => params.get(*i),
            Closed::Const(k) => Some(k),
            _ => None,
        }
    }

    /// Primitives that may appear: all but `:` (assigns), `?` (draws
    /// random numbers), `@` and `.` (call functions and evaluate text).
    fn allowed(p: Prim) -> bool {
        !matches!(p.0, 0 | 17 | 18 | 19)
    }

    /// The closed form of a lambda body over `params`, if it has one.
    pub fn of_body(body: &[Expr], params: &[Rc<str>]) -> Option<Closed> {
        match body {
            [e] => Closed::of(e, params),
            _ => None,
        }
    }

    fn of(e: &Expr, params: &[Rc<str>]) -> Option<Closed> {
        Some(match e {
            Expr::Const(k) => Closed::Const(k.clone()),
            Expr::Name(n, _, _) => Closed::Param(params.iter().position(|p| p == n)?),
            Expr::Monad { f, x, .. } if !x.dangles() => match &**f {
                Expr::Prim { prim, .. } if Closed::allowed(*prim) => {
                    Closed::Unary(*prim, Box::new(Closed::of(x, params)?))
                }
                _ => return None,
            },
            Expr::Dyad {
                f, x, y: Some(y), ..
            } if !y.dangles() => match &**f {
                Expr::Prim {
                    prim, unary: false, ..
                } if Closed::allowed(*prim) => Closed::Binary(
                    *prim,
                    Box::new(Closed::of(x, params)?),
                    Box::new(Closed::of(y, params)?),
                ),
                _ => return None,
            },
            _ => return None,
        })
    }
}

impl LambdaDef {
    /// The frame names of `params` and `locals`.
    pub fn frame_names_of(params: &[Rc<str>], locals: &[Rc<str>]) -> Rc<[Rc<str>]> {
        params
            .iter()
            .chain(locals)
            .cloned()
            .collect::<Vec<_>>()
            .into()
    }
}

/// Where a lambda's frame keeps a name its body reads or assigns: the
/// name's index among the lambda's parameters and locals, found once when
/// the lambda is parsed. The name then shares its text with the frame's
/// name, so a call can confirm the slot with one pointer comparison rather
/// than search the frame by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot(u32);

impl Slot {
    /// Not resolved: a name outside any lambda, or built by the evaluator.
    pub const NONE: Slot = Slot(u32::MAX);

    /// Resolved against the enclosing lambda, and not one of its names: a
    /// global, or a column of a query in its body.
    pub const GLOBAL: Slot = Slot(u32::MAX - 1);

    /// The index in the frame, if any.
    pub fn index(self) -> Option<usize> {
        (self.0 < Slot::GLOBAL.0).then_some(self.0 as usize)
    }
}

/// Gives every name in `body` that is one of `frames_names` its slot, and
/// the frame's copy of its text. Nested lambdas have frames of their own
/// and are left alone.
pub fn resolve_slots(body: &mut [Expr], frame_names: &[Rc<str>]) {
    for e in body {
        resolve_slots_in(e, frame_names);
    }
}

fn resolve_slots_in(e: &mut Expr, names: &[Rc<str>]) {
    let slot_of = |name: &mut Rc<str>| match names.iter().position(|n| n == name) {
        Some(i) => {
            *name = names[i].clone();
            Slot(i as u32)
        }
        None => Slot::GLOBAL,
    };
    let mut visit = |e: &mut Expr| resolve_slots_in(e, names);
    match e {
        Expr::Name(name, _, slot) => *slot = slot_of(name),
        Expr::Assign(a) => {
            a.slot = slot_of(&mut a.name);
            if let Some(indices) = &mut a.indices {
                indices.iter_mut().for_each(&mut visit);
            }
            if let Some(op) = &mut a.op {
                visit(op);
            }
            visit(&mut a.value);
        }
        Expr::Lambda(_) | Expr::Empty | Expr::Const(_) | Expr::Prim { .. } | Expr::Iterator(..) => {
        }
        Expr::Derived { f, .. } => visit(f),
        Expr::Apply { f, args, .. } => {
            visit(f);
            args.iter_mut().for_each(visit);
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
            items.iter_mut().for_each(visit)
        }
        Expr::If(c, body, _) | Expr::Do(c, body, _) | Expr::While(c, body, _) => {
            visit(c);
            body.iter_mut().for_each(visit);
        }
        Expr::Return(x) | Expr::Signal(x, _) | Expr::Paren(x) => visit(x),
        Expr::Match(m) => {
            m.pattern.exprs_mut(&mut visit);
            visit(&mut m.value);
        }
        Expr::MatchCond(c) => {
            visit(&mut c.value);
            for (p, e) in &mut c.arms {
                p.exprs_mut(&mut visit);
                visit(e);
            }
            if let Some(d) = &mut c.default {
                visit(d);
            }
        }
        Expr::Table { keys, cols } => keys.iter_mut().chain(cols).for_each(|(_, e)| visit(e)),
        Expr::Query(q) => {
            if let Some(limit) = &mut q.limit {
                visit(limit);
            }
            q.cols
                .iter_mut()
                .chain(&mut q.by)
                .for_each(|(_, e)| visit(e));
            visit(&mut q.from);
            q.filters.iter_mut().for_each(visit);
        }
    }
}

/// A qSQL query.
#[derive(Clone, Debug)]
pub struct Query {
    /// Which kind of query.
    pub kind: QueryKind,
    /// `select[n]`/`select[m n]`/`select[>col]` limit expression, if written.
    pub limit: Option<Expr>,
    /// Result columns: `name: expr` or bare `expr` (name then derived from the
    /// expression's last name). For `delete`, the column names listed.
    pub cols: Vec<(Option<Rc<str>>, Expr)>,
    /// `by` columns.
    pub by: Vec<(Option<Rc<str>>, Expr)>,
    /// The table expression after `from`.
    pub from: Expr,
    /// `where` constraints, applied left to right.
    pub filters: Vec<Expr>,
    /// Position of the query keyword.
    pub pos: Pos,
}

/// The four qSQL templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryKind {
    /// `select`.
    Select,
    /// `exec`.
    Exec,
    /// `update`.
    Update,
    /// `delete`.
    Delete,
}

/// A parsed chunk of source: statements separated by `;` or newlines.
#[derive(Clone, Debug)]
pub struct Program {
    /// Statements in order.
    pub stmts: Vec<Expr>,
    /// Whether the text ended with `;` (the console then prints nothing).
    pub silent: bool,
}

impl Expr {
    /// Whether the expression ends in a verb with no right argument
    /// (`1+`, `value@`, `neg +`), which makes what is applied to it a
    /// composition.
    pub fn dangles(&self) -> bool {
        match self {
            Expr::Dyad { y: None, .. } | Expr::Prim { unary: false, .. } => true,
            Expr::Dyad { y: Some(y), .. } => y.dangles(),
            Expr::Monad { x, .. } => x.dangles(),
            _ => false,
        }
    }

    /// Calls `f` on this expression and every expression inside it (lambda
    /// bodies included); stops early when `f` returns false. Returns
    /// whether the walk went through.
    pub fn walk(&self, f: &mut dyn FnMut(&Expr) -> bool) -> bool {
        if !f(self) {
            return false;
        }
        let all = |es: &[Expr], f: &mut dyn FnMut(&Expr) -> bool| es.iter().all(|e| e.walk(f));
        match self {
            Expr::Empty
            | Expr::Const(_)
            | Expr::Name(..)
            | Expr::Prim { .. }
            | Expr::Iterator(..) => true,
            Expr::Derived { f: g, .. } => g.walk(f),
            Expr::Apply { f: g, args, .. } => g.walk(f) && all(args, f),
            Expr::Monad { f: g, x, .. } => g.walk(f) && x.walk(f),
            Expr::Dyad { f: g, x, y, .. } => {
                g.walk(f) && x.walk(f) && y.as_ref().is_none_or(|y| y.walk(f))
            }
            Expr::List(es) | Expr::Cond(es, _) | Expr::Block(es) => all(es, f),
            Expr::Lambda(d) => all(&d.body, f),
            Expr::Assign(a) => {
                a.indices.as_ref().is_none_or(|i| all(i, f))
                    && a.op.as_ref().is_none_or(|o| o.walk(f))
                    && a.value.walk(f)
            }
            Expr::If(c, b, _) | Expr::Do(c, b, _) | Expr::While(c, b, _) => c.walk(f) && all(b, f),
            Expr::Return(x) | Expr::Signal(x, _) | Expr::Paren(x) => x.walk(f),
            Expr::Match(m) => m.pattern.exprs().into_iter().all(|e| e.walk(f)) && m.value.walk(f),
            Expr::MatchCond(c) => {
                c.value.walk(f)
                    && c.arms
                        .iter()
                        .all(|(p, e)| p.exprs().into_iter().all(|e| e.walk(f)) && e.walk(f))
                    && c.default.as_ref().is_none_or(|d| d.walk(f))
            }
            Expr::Table { keys, cols } => keys.iter().chain(cols).all(|(_, e)| e.walk(f)),
            Expr::Query(q) => {
                q.limit.as_ref().is_none_or(|l| l.walk(f))
                    && q.cols.iter().chain(&q.by).all(|(_, e)| e.walk(f))
                    && q.from.walk(f)
                    && all(&q.filters, f)
            }
        }
    }
}
