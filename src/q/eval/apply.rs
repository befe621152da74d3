//! Application: calling functions with arguments (including projections,
//! compositions and derived functions) and indexing lists, dicts and tables.

use std::rc::Rc;

use crate::k::{Data, Func, K, Scalar, Type, qerr};

use super::builtin::Compiled;
use super::builtin::{self, Native};
use super::interp::{Flow, Interp, R, project};
use crate::q::kernels::index;
use crate::q::kernels::list;

/// A q lambda value and its parsed definition, borrowed from the value.
type LambdaParts<'f> = (
    &'f crate::k::Lambda,
    &'f Rc<crate::q::syntax::ast::LambdaDef>,
);

impl Interp {
    /// Applies `f` to `args`: calls a function, or indexes a list, dict or table.
    pub(crate) fn apply(&mut self, f: &K, args: Vec<K>) -> R {
        match f {
            K::Func(func) => self.call(func, f, args),
            K::Nil => match args.len() {
                1 => Ok(args.into_iter().next().expect("one arg")),
                _ => Err(qerr("rank").into()),
            },
            K::Atom(Type::Short | Type::Int | Type::Long, _) if args.len() == 1 => {
                let x = args.into_iter().next().expect("one arg");
                self.apply_handle(f.clone(), x)
            }
            K::Atom(Type::Symbol, Scalar::Sym(s)) => {
                // `:host:port "query"` and `::[(target;timeout);query]` are
                // one-shot requests; other symbols name what they apply.
                if let Some(r) = (self.platform.one_shot)(self, s, &args) {
                    return r;
                }
                let target = self.get_var(&s.to_str_lossy())?;
                // A name may name itself (`a:`a; `a 1`): each step down
                // the chain needs room, or the application is 'stack.
                crate::k::depth::check()?;
                self.apply(&target, args)
            }
            _ => self.index(f, args),
        }
    }

    /// Indexes `x` at depth `args` (an elided index, given as `::`, takes
    /// all). A function met at any depth, as in `(sum;dev;var)[1;x]` or
    /// `(f;g)[;;x]`, is applied to the remaining indices, as indexing at
    /// depth is applying item by item.
    pub(crate) fn index(&mut self, x: &K, args: Vec<K>) -> R {
        index::index_deep_by(x, &args, &mut |f, rest| self.apply(f, rest))
    }

    /// Applies `f` to one argument written by juxtaposition (`f x`).
    #[inline(always)]
    pub(crate) fn apply_monad(&mut self, f: &K, x: K) -> R {
        // A compiled one-parameter lambda with a closed body: its body
        // straight over the argument.
        if let Some((lam, def, body)) = Interp::closed_unary(f)
            && !x.is_elided()
        {
            self.check_interrupt()?;
            return self.call_closed(f, lam, def, body, [x]);
        }
        self.apply_monad_general(f, x)
    }

    /// `f[x;y]`: a two-parameter lambda with a closed body runs straight
    /// over the pair, with no argument list made; anything else is applied.
    pub(crate) fn apply_dyad(&mut self, f: &K, x: K, y: K) -> R {
        if let Some((lam, def, body)) = Interp::closed_lambda(f, 2..=2)
            && !x.is_elided()
            && !y.is_elided()
        {
            self.check_interrupt()?;
            return self.call_closed(f, lam, def, body, [x, y]);
        }
        self.apply(f, vec![x, y])
    }

    /// [`Interp::apply_monad`] of anything but a closed lambda.
    #[inline(never)]
    fn apply_monad_general(&mut self, f: &K, x: K) -> R {
        if !x.is_elided()
            && let Some((lam, def)) = self.unary_lambda(f)?
        {
            // The commonest call, `f x` of a one-parameter lambda, makes
            // no argument list.
            let r = self.call_lambda(f, lam, def, std::iter::once(x));
            if crate::k::depth::take_exhausted() {
                return Err(qerr("stack").into());
            }
            return r;
        }
        self.apply(f, vec![x])
    }

    /// Applies an integer as a handle: 0 evaluates locally, 1 and 2 write to
    /// stdout/stderr (negative: with a newline), others talk to connections.
    fn apply_handle(&mut self, handle: K, x: K) -> R {
        let h = handle.as_i64().unwrap_or(0);
        match h {
            // A client under `-b` may not evaluate through handle 0
            // (errors.md: restricted).
            0 if self.blocked && self.current_handle != 0 => Err(qerr("restricted").into()),
            0 => self.value(x),
            1 | 2 | -1 | -2 => {
                let bytes: Vec<u8> = match &x {
                    K::Vector(v) if v.ty == Type::Char => match &v.data {
                        Data::U8(b) => b.clone(),
                        _ => Vec::new(),
                    },
                    K::Atom(Type::Char, Scalar::U8(c)) => vec![*c],
                    K::List(l) if h < 0 => {
                        // A list of strings writes one line each.
                        let mut out = Vec::new();
                        for (i, it) in l.items.iter().enumerate() {
                            let b = it.as_str_bytes().ok_or_else(|| qerr("type"))?;
                            out.extend_from_slice(b);
                            if i + 1 < l.items.len() {
                                out.push(b'\n');
                            }
                        }
                        out
                    }
                    _ => return Err(qerr("type").into()),
                };
                let mut bytes = bytes;
                if h < 0 {
                    bytes.push(b'\n');
                }
                self.host.write(h.unsigned_abs() as i32, &bytes);
                Ok(handle)
            }
            _ => (self.platform.send)(self, h, x),
        }
    }

    /// Calls a function value. A walk over a value that ran out of stack
    /// inside the call (match, hash, sort of a deeply nested value) makes
    /// the call fail with `'stack`.
    fn call(&mut self, func: &Rc<Func>, fval: &K, args: Vec<K>) -> R {
        let r = self.call_function(func, fval, args);
        if crate::k::depth::take_exhausted() {
            return Err(qerr("stack").into());
        }
        r
    }

    fn call_function(&mut self, func: &Rc<Func>, fval: &K, args: Vec<K>) -> R {
        if args.iter().any(K::is_elided) && !matches!(**func, Func::Projection(_)) {
            return self.projection(fval.clone(), args);
        }
        match &**func {
            Func::Unary(code) => match args.len() {
                1 => builtin::unary(self, *code, args.into_iter().next().expect("arg")),
                // enlist takes any number of arguments: enlist[1;2] is 1 2.
                _ if *code == 41 => Ok(list::from_items(args)),
                _ => Err(qerr("rank").into()),
            },
            Func::Binary(code) => match args.len() {
                1 => Ok(project(fval.clone(), args)),
                2 => {
                    let mut it = args.into_iter();
                    let x = it.next().expect("x");
                    let y = it.next().expect("y");
                    builtin::binary(self, *code, x, y)
                }
                3 | 4 => builtin::nary_prim(self, *code, args),
                // ?[t;c;b;a;n] and ?[t;c;b;a;n;o]: select[n] and select[n;>c].
                5 | 6 if *code == 17 => builtin::nary_prim(self, *code, args),
                _ => Err(qerr("rank").into()),
            },
            Func::Iterator(code) => {
                let adverb = crate::k::Adverb::from_code(*code).ok_or_else(|| qerr("type"))?;
                match (adverb, args.len()) {
                    // '[f;g;...] composes; an iterator applied to one function derives.
                    (crate::k::Adverb::Each, n) if n >= 2 => Ok(K::func(Func::Composition(args))),
                    (_, 1) => Ok(K::func(Func::Derived(
                        adverb,
                        args.into_iter().next().expect("f"),
                    ))),
                    _ => Err(qerr("rank").into()),
                }
            }
            Func::Lambda(lam) => {
                let compiled = self.compiled(lam)?;
                let compiled = compiled
                    .downcast_ref::<Compiled>()
                    .ok_or_else(|| qerr("bad lambda"))?;
                match compiled {
                    Compiled::Def(def, _) => {
                        let rank = def.params.len().max(1);
                        let def = def.clone();
                        if args.len() > rank {
                            return Err(qerr("rank").into());
                        }
                        if args.len() < rank {
                            return Ok(project(fval.clone(), args));
                        }
                        self.call_lambda(fval, lam, &def, args)
                    }
                    Compiled::Native(b) => self.call_native(b.imp, fval, args),
                }
            }
            Func::Projection(parts) => {
                let mut merged: Vec<K> = Vec::with_capacity(parts.len() + args.len());
                let mut new_args = args.into_iter();
                for p in &parts[1..] {
                    if p.is_elided() {
                        merged.push(new_args.next().unwrap_or_else(K::elided));
                    } else {
                        merged.push(p.clone());
                    }
                }
                merged.extend(new_args);
                let f = parts[0].clone();
                let rank = self.rank(&f);
                if merged.iter().any(K::is_elided) || merged.len() < rank {
                    // Still missing arguments: a new projection.
                    return self.projection(f, merged);
                }
                self.apply(&f, merged)
            }
            Func::Composition(fs) => {
                let (last, rest) = fs.split_last().ok_or_else(|| qerr("rank"))?;
                // Too few arguments for the last function: a projection of
                // the whole composition, which keeps its rank.
                if args.len() < self.fixed_rank(last) {
                    return Ok(project(fval.clone(), args));
                }
                let mut v = self.apply(last, args)?;
                for g in rest.iter().rev() {
                    v = self.apply(g, vec![v])?;
                }
                Ok(v)
            }
            Func::Derived(adverb, g) => super::adverb::apply(self, *adverb, g, args),
        }
    }

    fn call_native(&mut self, imp: Native, fval: &K, args: Vec<K>) -> R {
        let rank = imp.rank();
        if args.len() > rank {
            // A unary builtin applied as f[] gets `::`; more is a rank error.
            return Err(qerr("rank").into());
        }
        if args.len() < rank {
            return Ok(project(fval.clone(), args));
        }
        let mut it = args.into_iter();
        match imp {
            Native::Unary(f) => f(self, it.next().expect("x")),
            Native::Binary(f) => {
                let x = it.next().expect("x");
                let y = it.next().expect("y");
                f(self, x, y)
            }
            Native::Nary(_, f) => f(self, it.collect()),
            Native::Kernel1(f) => Ok(f(it.next().expect("x"))?),
            Native::Kernel2(f) => {
                let x = it.next().expect("x");
                let y = it.next().expect("y");
                Ok(f(x, y)?)
            }
            Native::KernelN(_, f) => Ok(f(it.collect())?),
        }
    }

    /// The lambda and its definition when `f` is a q lambda of one
    /// parameter, for callers that apply it many times.
    pub(crate) fn unary_lambda<'f>(&self, f: &'f K) -> R<Option<LambdaParts<'f>>> {
        Ok(self.lambda_def(f)?.filter(|(_, def)| def.params.len() <= 1))
    }

    /// A lambda's parsed definition, whatever its rank; `None` for other
    /// functions and for natively implemented lambdas.
    pub(crate) fn lambda_def<'f>(&self, f: &'f K) -> R<Option<LambdaParts<'f>>> {
        let K::Func(func) = f else { return Ok(None) };
        let Func::Lambda(lam) = &**func else {
            return Ok(None);
        };
        let compiled = self.compiled(lam)?;
        Ok(match compiled.downcast_ref::<Compiled>() {
            Some(Compiled::Def(def, _)) => Some((lam, def)),
            _ => None,
        })
    }

    /// The projection of `f` over `args`, some of them elided: `'rank`
    /// when `f` cannot take that many arguments (`{x}[;1]`).
    pub(crate) fn projection(&self, f: K, args: Vec<K>) -> R {
        if self.max_args(&f).is_some_and(|m| args.len() > m) {
            return Err(qerr("rank").into());
        }
        Ok(project(f, args))
    }

    /// The most arguments function `f` takes, when that is known: a
    /// lambda's parameters, 1 for a unary primitive, 2 for an operator
    /// (up to 4 for `!`, `@` and `.`, 5 for `?`). `enlist`, iterators and
    /// derived functions take a varying number.
    fn max_args(&self, f: &K) -> Option<usize> {
        let K::Func(func) = f else { return None };
        match &**func {
            Func::Unary(41) => None,
            Func::Unary(_) => Some(1),
            Func::Binary(16 | 18 | 19) => Some(4),
            Func::Binary(17) => Some(6),
            Func::Binary(_) => Some(2),
            Func::Lambda(_) | Func::Projection(_) => Some(self.rank(f)),
            Func::Composition(fs) => fs.last().and_then(|g| self.max_args(g)),
            Func::Iterator(_) | Func::Derived(..) => None,
        }
    }

    /// The rank of a function that projects when given fewer arguments:
    /// lambdas, operators, projections and compositions of them. Other
    /// functions (iterators, derived functions, `enlist`) say 1.
    fn fixed_rank(&self, f: &K) -> usize {
        let K::Func(func) = f else { return 1 };
        match &**func {
            Func::Binary(_) | Func::Lambda(_) | Func::Projection(_) => self.rank(f),
            Func::Composition(fs) => fs.last().map_or(1, |g| self.fixed_rank(g)),
            _ => 1,
        }
    }

    /// The number of arguments a function takes (1 for non-functions).
    pub(crate) fn rank(&self, f: &K) -> usize {
        match f {
            K::Func(func) => match &**func {
                Func::Unary(_) => 1,
                Func::Binary(_) => 2,
                // '[f;g] composes two values; other iterators take one.
                Func::Iterator(0) => 2,
                Func::Iterator(_) => 1,
                Func::Lambda(lam) => match self.compiled(lam) {
                    Ok(c) => match c.downcast_ref::<Compiled>() {
                        Some(Compiled::Def(d, _)) => d.params.len().max(1),
                        Some(Compiled::Native(b)) => b.imp.rank(),
                        None => 1,
                    },
                    Err(_) => 1,
                },
                Func::Projection(parts) if matches!(&parts[0], K::Func(g) if **g == Func::Unary(41)) => {
                    parts[1..].iter().filter(|p| p.is_elided()).count().max(1)
                }
                Func::Projection(parts) => {
                    let base = self.rank(&parts[0]);
                    let filled = parts[1..].iter().filter(|p| !p.is_elided()).count();
                    base.saturating_sub(filled).max(1)
                }
                Func::Composition(fs) => fs.last().map_or(1, |f| self.rank(f)),
                Func::Derived(a, g) => super::adverb::derived_rank(self, *a, g),
            },
            _ => 1,
        }
    }

    /// `value x` / `.z.pg` default: evaluates strings, applies lists as
    /// function calls, returns a dict's values, resolves symbols.
    pub(crate) fn value(&mut self, x: K) -> R {
        // A file symbol followed by names is a path: `` get `:db/t`.d ``
        // reads `db/t/.d`.
        if let Some(path) = super::files::file_path_list(&x) {
            return (self.platform.file)(self, super::interp::FileVerb::Get, vec![path]);
        }
        match &x {
            K::Vector(v) if v.ty == Type::Char => {
                let text = match &v.data {
                    Data::U8(b) => String::from_utf8_lossy(b).into_owned(),
                    _ => String::new(),
                };
                let text = text.trim_start();
                if let Some(cmd) = text.strip_prefix('\\') {
                    return (self.platform.command)(self, cmd).map_err(Flow::from);
                }
                self.value_text(text)
            }
            K::Atom(Type::Char, Scalar::U8(c)) => {
                let s = (*c as char).to_string();
                self.eval_str(&s).map_err(Flow::from)
            }
            K::Atom(Type::Symbol, Scalar::Sym(s)) if s.starts_with(b":") => {
                (self.platform.file)(self, super::interp::FileVerb::Get, vec![x.clone()])
            }
            K::Atom(Type::Symbol, Scalar::Sym(s)) => {
                let name = s.to_str_lossy();
                match self.lookup_global(&name) {
                    Some(v) => Ok(v),
                    // A view's value.
                    None => match self.derived_name(&name) {
                        Some(r) => r,
                        None => Err(builtin::undefined(&name).into()),
                    },
                }
            }
            // `get`. `v`: a view's metadata is its own value.
            K::List(_) if self.is_view_metadata(&x) => Ok(x.clone()),
            K::List(l) if !l.items.is_empty() => {
                let f = l.items[0].clone();
                let f = match &f {
                    K::Atom(Type::Symbol, Scalar::Sym(s)) => self.get_var(&s.to_str_lossy())?,
                    // A string is evaluated first; so is one character
                    // (`value ("+";2;2)` is 4, ipc.md).
                    _ if f.type_code().abs() == Type::Char as i16 => self.value(f.clone())?,
                    _ => f,
                };
                let args: Vec<K> = l.items[1..].to_vec();
                if args.is_empty() {
                    return self.apply(&f, vec![K::Nil]);
                }
                self.apply(&f, args)
            }
            // A symbol list is an application too: `(`.u.sub;`;`) calls
            // .u.sub with two null symbols.
            K::Vector(v) if v.ty == Type::Symbol && !v.data.is_empty() => {
                self.value(K::list(list::items(&x)))
            }
            K::Dict(d) => Ok(d.values.clone()),
            // :: is the unary primitive with code 0.
            K::Nil => Ok(K::long(0)),
            K::Func(f) => match &**f {
                Func::Lambda(lam) => self.lambda_parts_value(lam),
                _ => Ok(super::builtin::value_of_function(f)),
            },
            // A foreign key's key values (q for mortals §8.5), a link's
            // rows; else the symbols the domain holds now at the
            // enumeration's indices.
            K::Enum(e) if e.keys.is_some() => Ok(e.items()),
            K::Enum(e) if e.link => Ok(e.positions()),
            K::Enum(_) => match self.resolve_enums(&x) {
                K::Enum(e) if e.atom => Ok(crate::q::kernels::listops::first(&K::syms(
                    e.values.clone(),
                ))),
                K::Enum(e) => Ok(K::syms(e.values.clone())),
                other => Ok(other),
            },
            _ => Ok(x),
        }
    }
}

impl Interp {
    /// `value` of a lambda, laid out as value.md has it since V3.5:
    /// `(bytecode;parameters;locals;(namespace,globals);m;n;f;l;s)`. q-lite
    /// has no bytecode (an empty byte vector), lists no constants, and
    /// knows no source positions (`m` is -1) or file (`f` is "", `l` -1);
    /// `n` is the name it was defined under and `s` its source.
    fn lambda_parts_value(&self, lam: &crate::k::Lambda) -> R {
        let compiled = self.compiled(lam)?;
        let Some(Compiled::Def(def, name)) = compiled.downcast_ref::<Compiled>() else {
            // A builtin shown as a lambda: its text.
            return Ok(K::string(lam.src.as_bytes()));
        };
        let syms = |names: &[Rc<str>]| K::syms(names.iter().map(|n| n.as_bytes()).collect());
        let mut used = Vec::new();
        for e in &def.body {
            super::views::names_used(e, &mut used, true);
        }
        let mut globals = vec![Rc::from(lam.ctx.to_str_lossy().as_ref())];
        globals.extend(used.into_iter().filter(|n| {
            !def.params.contains(n) && !def.locals.contains(n) && builtin::lookup(n).is_none()
        }));
        let ctx = lam.ctx.to_str_lossy();
        let name = match name {
            Some(n) if n.starts_with('.') => K::string(n.as_bytes()),
            Some(n) if ctx.is_empty() => K::string(format!("..{n}").as_bytes()),
            Some(n) => K::string(format!(".{ctx}.{n}").as_bytes()),
            None => K::list(Vec::new()),
        };
        Ok(K::list(vec![
            K::bytes(Vec::new()),
            syms(&def.params),
            syms(&def.locals),
            syms(&globals),
            K::long(-1),
            name,
            K::string(""),
            K::long(-1),
            K::string(lam.src.as_bytes()),
        ]))
    }
}
