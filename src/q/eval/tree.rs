//! Parse trees (parse.md, eval.md): `parse` turns q text into the lists q
//! shows for it, and `eval` evaluates such lists.
//!
//! A parse tree is a name (a symbol), a constant (any other value; a
//! symbol or a general list is enlisted so it is not taken for a name or
//! an application), or a list `(f;a;b...)` applying `f` to the values
//! of `a`, `b`... Primitives applied to one argument take their unary
//! form (`-x` is `(-:;`x)`), keywords are their values (`count` is
//! `#:`), lambdas are lambdas, and queries are their functional forms
//! (`select a from t` is `(?;`t;();0b;(,`a)!,`a)`).

use std::rc::Rc;

use crate::k::{Adverb, Func, K, Scalar, Type, qerr};

use super::builtin::{self, prim_value};
use super::interp::{Flow, Interp, R};
use crate::q::kernels::list::{self, from_items};
use crate::q::syntax::ast::{Assign, Expr, Query, QueryKind};

/// `parse x`: the parse tree of q text `x`.
pub(crate) fn parse(it: &Interp, x: &K) -> R {
    let src: Vec<u8> = match x {
        K::Vector(v) if v.ty == Type::Char => x.as_str_bytes().unwrap_or_default().to_vec(),
        K::Atom(Type::Char, Scalar::U8(c)) => vec![*c],
        K::List(l) if l.items.is_empty() => Vec::new(),
        _ => return Err(qerr("type").into()),
    };
    let src = String::from_utf8_lossy(&src);
    let prog = crate::q::syntax::parse::parse(&src).map_err(|e| qerr(e.msg))?;
    let mut trees: Vec<K> = prog.stmts.iter().map(|e| tree(it, e)).collect();
    Ok(match trees.len() {
        0 => K::Nil,
        1 => trees.pop().unwrap_or(K::Nil),
        _ => {
            trees.insert(0, K::char(b';'));
            K::list(trees)
        }
    })
}

/// A constant as a parse tree: symbols and general lists enlisted.
fn constant(k: &K) -> K {
    match k {
        K::Atom(Type::Symbol, _) => list::enlist(k.clone()),
        K::Vector(v) if v.ty == Type::Symbol => K::list(vec![k.clone()]),
        K::List(l) if !l.items.is_empty() => K::list(vec![k.clone()]),
        _ => k.clone(),
    }
}

/// A parse tree passed as a value (the column of `exec a from t` is
/// `` ,`a ``): enlisted unless it evaluates to itself.
fn constant_tree(t: K) -> K {
    match &t {
        K::Atom(Type::Symbol, _) | K::Vector(_) | K::List(_) => K::list(vec![t]),
        _ => t,
    }
}

/// The value of a name in a parse tree: a q keyword's value, else the name.
fn name(n: &str) -> K {
    if !n.starts_with('.')
        && let Some(v) = builtin::lookup(n)
    {
        return v;
    }
    K::sym(n)
}

/// An application `(f;args...)`.
fn app(f: K, mut args: Vec<K>) -> K {
    args.insert(0, f);
    from_items(args)
}

fn tree(it: &Interp, e: &Expr) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    let t = |e: &Expr| tree(it, e);
    match e {
        Expr::Empty => K::Nil,
        Expr::Const(k) => constant(k),
        Expr::Name(n, _, _) => name(n),
        Expr::Prim { prim, unary, .. } => prim_value(*prim, *unary),
        Expr::Iterator(a, _) => K::func(Func::Iterator(*a as u8)),
        Expr::Derived { f, adverb, .. } => app(K::func(Func::Iterator(*adverb as u8)), vec![t(f)]),
        Expr::Apply { f, args, .. } => {
            let args = if args.len() == 1 {
                vec![t(&args[0])]
            } else {
                args.iter()
                    .map(|a| match a {
                        Expr::Empty => K::elided(),
                        a => t(a),
                    })
                    .collect()
            };
            app(t(f), args)
        }
        Expr::Monad { f, x, .. } => {
            let f = match &**f {
                Expr::Prim { prim, .. } => prim_value(*prim, true),
                f => t(f),
            };
            app(f, vec![t(x)])
        }
        Expr::Dyad { f, x, y, .. } => {
            let mut args = vec![t(x)];
            if let Some(y) = y {
                args.push(t(y));
            }
            app(t(f), args)
        }
        Expr::List(es) => app(name("enlist"), es.iter().map(t).collect()),
        Expr::Lambda(def) => it.lambda_value(def),
        Expr::Assign(a) => assign(it, a),
        Expr::Cond(es, _) => app(
            prim_value(crate::q::syntax::ast::Prim(11), false),
            es.iter().map(t).collect(),
        ),
        Expr::If(c, b, _) => control("if", it, c, b),
        Expr::Do(c, b, _) => control("do", it, c, b),
        Expr::While(c, b, _) => control("while", it, c, b),
        Expr::Return(x) => app(
            prim_value(crate::q::syntax::ast::Prim(0), false),
            vec![t(x)],
        ),
        Expr::Signal(x, _) => app(K::func(Func::Iterator(Adverb::Each as u8)), vec![t(x)]),
        Expr::Table { keys, cols } => {
            let flip = |cs: &[(Rc<str>, Expr)]| {
                let names = K::sym_list(cs.iter().map(|(n, _)| &**n));
                let vals = app(name("enlist"), cs.iter().map(|(_, e)| t(e)).collect());
                app(
                    K::func(Func::Unary(1)),
                    vec![app(K::func(Func::Binary(16)), vec![constant(&names), vals])],
                )
            };
            if keys.is_empty() {
                flip(cols)
            } else {
                app(K::func(Func::Binary(16)), vec![flip(keys), flip(cols)])
            }
        }
        Expr::Query(q) => query(it, q),
        Expr::Paren(e) => t(e),
        Expr::Block(es) => {
            let mut items = vec![K::char(b';')];
            items.extend(es.iter().map(t));
            K::list(items)
        }
        // A pattern has no parse tree of its own: it shows as its text.
        Expr::Match(m) => K::list(vec![
            K::func(Func::Binary(0)),
            K::string(m.text.as_bytes()),
            t(&m.value),
        ]),
        Expr::MatchCond(c) => {
            let mut items = vec![K::func(Func::Binary(0)), t(&c.value)];
            for (_, result) in &c.arms {
                items.push(K::Nil);
                items.push(t(result));
            }
            items.extend(c.default.iter().map(t));
            K::list(items)
        }
    }
}

fn control(word: &str, it: &Interp, c: &Expr, body: &[Expr]) -> K {
    let mut items = vec![K::sym(word), tree(it, c)];
    items.extend(body.iter().map(|e| tree(it, e)));
    K::list(items)
}

/// `x:e` is `(:;`x;e)`, `x::e` `(::;`x;e)`, `x[i]:e` `(:;(`x;i);e)`, and
/// `x+:e` `(+:;`x;e)`.
fn assign(it: &Interp, a: &Assign) -> K {
    let target = match &a.indices {
        None => K::sym(&*a.name),
        Some(ix) => {
            let mut items = vec![K::sym(&*a.name)];
            items.extend(ix.iter().map(|e| match e {
                Expr::Empty => K::Nil,
                e => tree(it, e),
            }));
            K::list(items)
        }
    };
    let value = tree(it, &a.value);
    let f = match &a.op {
        None if a.global => K::Nil,
        None => K::func(Func::Binary(0)),
        Some(Expr::Prim { prim, .. }) => K::func(Func::Unary(prim.0)),
        Some(op) => {
            // x f:e with f not a primitive: x:x f e.
            let op = tree(it, op);
            let cur = match &target {
                K::List(l) => app(K::func(Func::Binary(18)), l.items.clone()),
                t => t.clone(),
            };
            return K::list(vec![
                K::func(Func::Binary(0)),
                target,
                app(op, vec![cur, value]),
            ]);
        }
    };
    K::list(vec![f, target, value])
}

/// The grade and column of an order in `select[n;>c]`: `<c` (code 9,
/// ascending) or `>c` (10, descending).
fn order(e: &Expr) -> Option<(u8, &str)> {
    match e {
        Expr::Monad { f, x, .. } => match (&**f, &**x) {
            (Expr::Prim { prim, .. }, Expr::Name(n, _, _)) if matches!(prim.0, 9 | 10) => {
                Some((prim.0, &**n))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The functional form of a query (funsql.md).
fn query(it: &Interp, q: &Query) -> K {
    let t = |e: &Expr| tree(it, e);
    let from = t(&q.from);
    let c = if q.filters.is_empty() {
        K::list(vec![])
    } else {
        K::list(vec![from_items(q.filters.iter().map(t).collect())])
    };
    let named = |ps: &[(Option<Rc<str>>, Expr)]| {
        let names = super::sql::query_column_names(ps);
        K::dict(
            K::sym_list(names.iter().map(|n| &**n)),
            from_items(ps.iter().map(|(_, e)| t(e)).collect()),
        )
    };
    let sel = |k: u8, args: Vec<K>| app(K::func(Func::Binary(k)), args);
    match q.kind {
        QueryKind::Select | QueryKind::Update => {
            let b = if q.by.is_empty() {
                K::bool(false)
            } else {
                named(&q.by)
            };
            let a = if q.cols.is_empty() {
                K::list(vec![])
            } else {
                named(&q.cols)
            };
            if q.kind == QueryKind::Update {
                return K::list(vec![K::func(Func::Binary(16)), from, c, b, a]);
            }
            let mut args = vec![from, c, b, a];
            match &q.limit {
                // select[n;>c]: the count, then the order as
                // ,(>:;`c) (funsql.md).
                Some(Expr::List(parts)) if parts.len() == 2 && order(&parts[1]).is_some() => {
                    args.push(t(&parts[0]));
                    if let Some((grade, col)) = order(&parts[1]) {
                        let by = app(K::func(Func::Unary(grade)), vec![K::sym(col)]);
                        args.push(list::enlist(by));
                    }
                }
                Some(n) => args.push(t(n)),
                None => {}
            }
            sel(17, args)
        }
        QueryKind::Exec => {
            let one = |ps: &[(Option<Rc<str>>, Expr)]| match ps {
                [] => K::list(vec![]),
                [(None, e)] => constant_tree(t(e)),
                ps => named(ps),
            };
            K::list(vec![
                K::func(Func::Binary(17)),
                from,
                c,
                one(&q.by),
                one(&q.cols),
            ])
        }
        QueryKind::Delete => {
            let names: Vec<&str> = q
                .cols
                .iter()
                .filter_map(|(n, e)| match (n, e) {
                    (Some(n), _) => Some(&**n),
                    (None, Expr::Name(n, _, _)) => Some(&**n),
                    _ => None,
                })
                .collect();
            let a = if names.is_empty() {
                K::empty(Type::Symbol)
            } else {
                constant(&K::sym_list(names))
            };
            K::list(vec![K::func(Func::Binary(16)), from, c, K::bool(false), a])
        }
    }
}

// ---- evaluation ----

/// The entry points others reach, as methods so that the files below
/// this one (the builtin table, qSQL) name none of it.
impl Interp {
    /// The parse tree of a statement.
    pub(crate) fn expr_tree(&self, e: &Expr) -> K {
        tree(self, e)
    }

    /// `parse x`.
    pub(crate) fn parse_text(&self, x: &K) -> R {
        parse(self, x)
    }

    /// Evaluates a parse tree.
    pub(crate) fn eval_tree(&mut self, tree: &K) -> R {
        eval(self, tree)
    }
}

/// Evaluates a parse tree: a symbol is a name, a one-item list quotes its
/// item, `(f;a;b)` applies `f`, with q's special forms for assignment,
/// `$[c;t;f]`, `if`, `do`, `while`, `(";";...)` and signals.
pub(crate) fn eval(it: &mut Interp, tree: &K) -> R {
    if !crate::k::depth::room() {
        return Err(qerr("stack").into());
    }
    match tree {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => Ok(it.get_var(&s.to_str_lossy())?),
        // A one-item list quotes its item: (=;`c;enlist`y) compares with `y.
        K::List(l) if l.items.len() == 1 => Ok(l.items[0].clone()),
        K::Vector(v) if v.len() == 1 => Ok(v.item(0)),
        // (`f;`x) collapses to `f`x: an application of names.
        K::Vector(v) if v.ty == Type::Symbol && v.len() > 1 => {
            let items: Vec<K> = (0..v.len()).map(|i| v.item(i)).collect();
            apply_tree(it, &items)
        }
        K::List(l) if !l.items.is_empty() => apply_tree(it, &l.items),
        _ => Ok(tree.clone()),
    }
}

fn apply_tree(it: &mut Interp, items: &[K]) -> R {
    let (head, rest) = (&items[0], &items[1..]);
    if let Some(r) = special(it, head, rest) {
        return r;
    }
    // As q evaluates `f[a;b]`: the arguments right to left, then the head.
    let mut args = Vec::with_capacity(rest.len());
    for a in rest.iter().rev() {
        args.push(if a.is_elided() {
            a.clone()
        } else {
            eval(it, a)?
        });
    }
    args.reverse();
    let f = eval(it, head)?;
    it.apply(&f, args)
}

/// The special forms, or `None` for an ordinary application.
fn special(it: &mut Interp, head: &K, rest: &[K]) -> Option<R> {
    let f = match head {
        K::Func(f) => &**f,
        K::Nil if rest.len() == 2 => return Some(assign_tree(it, None, &rest[0], &rest[1])),
        K::Atom(Type::Char, Scalar::U8(b';')) => {
            return Some((|| {
                let mut v = K::Nil;
                for e in rest {
                    v = eval(it, e)?;
                }
                Ok(v)
            })());
        }
        K::Atom(Type::Symbol, Scalar::Sym(s)) if !rest.is_empty() => {
            return match s.as_bytes() {
                b"if" => Some(control_tree(it, 0, rest)),
                b"do" => Some(control_tree(it, 1, rest)),
                b"while" => Some(control_tree(it, 2, rest)),
                _ => None,
            };
        }
        _ => return None,
    };
    match (f, rest.len()) {
        (Func::Binary(0), 1) => Some(eval(it, &rest[0])),
        (Func::Binary(0), 2) => Some(assign_tree(it, None, &rest[0], &rest[1])),
        (Func::Unary(c @ 1..=19), 2) if is_target(&rest[0]) => {
            Some(assign_tree(it, Some(*c), &rest[0], &rest[1]))
        }
        (Func::Binary(11), n) if n >= 3 => Some(cond_tree(it, rest)),
        (Func::Iterator(0), 1) => Some((|| {
            let x = eval(it, &rest[0])?;
            match &x {
                K::Atom(Type::Symbol, Scalar::Sym(s)) => Err(qerr(s.to_str_lossy()).into()),
                K::Vector(v) if v.ty == Type::Char => Err(qerr(String::from_utf8_lossy(
                    x.as_str_bytes().unwrap_or_default(),
                ))
                .into()),
                K::Atom(Type::Char, Scalar::U8(c)) => Err(qerr((*c as char).to_string()).into()),
                _ => it.apply(head, vec![x]),
            }
        })()),
        _ => None,
    }
}

fn is_target(x: &K) -> bool {
    match x {
        K::Atom(Type::Symbol, _) => true,
        K::List(l) => matches!(l.items.first(), Some(K::Atom(Type::Symbol, _))),
        _ => false,
    }
}

/// Assignment: plain, or through binary primitive `op`, to a name or
/// part of one.
fn assign_tree(it: &mut Interp, op: Option<u8>, target: &K, value: &K) -> R {
    let name = match target {
        K::List(l) => l.items.first(),
        _ => Some(target),
    };
    if let Some(K::Atom(Type::Symbol, Scalar::Sym(s))) = name {
        it.check_global_update(&s.to_str_lossy())?;
    }
    let v = eval(it, value)?;
    match target {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => {
            let n = s.to_str_lossy().into_owned();
            let v = match op {
                Some(c) => {
                    let cur = it.get_var(&n)?;
                    it.apply(&K::func(Func::Binary(c)), vec![cur, v])?
                }
                None => v,
            };
            it.set_global(&n, v.clone());
            Ok(v)
        }
        K::List(l) if matches!(l.items.first(), Some(K::Atom(Type::Symbol, _))) => {
            let mut ix = Vec::with_capacity(l.items.len() - 1);
            for e in &l.items[1..] {
                ix.push(eval(it, e)?);
            }
            let op = K::func(Func::Binary(op.unwrap_or(0)));
            let args = vec![l.items[0].clone(), K::list(ix), op, v.clone()];
            it.apply(&K::func(Func::Binary(19)), args)?;
            Ok(v)
        }
        _ => Err(qerr("type").into()),
    }
}

fn truth(x: &K) -> R<bool> {
    match x {
        K::Atom(_, _) => Ok(x.as_i64().is_some_and(|n| n != 0)
            || matches!(x, K::Atom(_, Scalar::F64(f)) if *f != 0.0)
            || matches!(x, K::Atom(_, Scalar::F32(f)) if *f != 0.0)),
        _ => Err(qerr("type").into()),
    }
}

fn cond_tree(it: &mut Interp, parts: &[K]) -> R {
    let mut i = 0;
    while i + 1 < parts.len() {
        let c = eval(it, &parts[i])?;
        if truth(&c)? {
            return eval(it, &parts[i + 1]);
        }
        i += 2;
    }
    if i < parts.len() {
        eval(it, &parts[i])
    } else {
        Ok(K::Nil)
    }
}

/// `if`, `do` and `while` (kind 0, 1, 2) as parse trees.
fn control_tree(it: &mut Interp, kind: u8, rest: &[K]) -> R {
    let (c, body) = (&rest[0], &rest[1..]);
    let run = |it: &mut Interp| -> Result<(), Flow> {
        for e in body {
            eval(it, e)?;
        }
        Ok(())
    };
    match kind {
        0 => {
            if truth(&eval(it, c)?)? {
                run(it)?;
            }
        }
        1 => {
            let n = eval(it, c)?.as_i64().ok_or_else(|| qerr("type"))?;
            for _ in 0..n.max(0) {
                it.check_interrupt()?;
                run(it)?;
            }
        }
        _ => {
            while truth(&eval(it, c)?)? {
                it.check_interrupt()?;
                run(it)?;
            }
        }
    }
    Ok(K::Nil)
}
