//! Iterators: each, over, scan, each-prior, each-right and each-left, and
//! the keywords built on them (`each`, `over`, `scan`, `prior`).

use crate::k::{Adverb, Func, K, Type, qerr};

use super::interp::{Interp, R};
use crate::q::kernels::list;
use crate::q::kernels::verbs;

/// The rank of `g` derived by `a`.
pub fn derived_rank(it: &Interp, a: Adverb, g: &K) -> usize {
    match a {
        Adverb::Each => it.rank(g),
        Adverb::Over | Adverb::Scan => it.rank(g).max(1),
        Adverb::EachPrior => 2,
        Adverb::EachRight | Adverb::EachLeft => 2,
    }
}

/// Applies `g` derived by iterator `a` to `args`.
pub fn apply(it: &mut Interp, a: Adverb, g: &K, args: Vec<K>) -> R {
    // `(f/) . ()`, like `f[]`, passes `::`.
    let args = if args.is_empty() { vec![K::Nil] } else { args };
    match a {
        Adverb::Each if is_case(g) => case(g, &args),
        Adverb::Each => each_n(it, g, args),
        Adverb::Over => over_scan(it, g, args, false),
        Adverb::Scan => over_scan(it, g, args, true),
        Adverb::EachPrior => each_prior(it, g, args),
        // Data, not a function, to the left: `x/:y` is `x sv y` and
        // `x\:y` is `x vs y` (maps.md).
        Adverb::EachRight | Adverb::EachLeft if args.len() == 1 && g.type_code() < 100 => {
            let y = args.into_iter().next().expect("y");
            Ok(if a == Adverb::EachRight {
                crate::q::kernels::strings::sv(g.clone(), y)?
            } else {
                crate::q::kernels::strings::vs(g.clone(), y)?
            })
        }
        Adverb::EachRight | Adverb::EachLeft => {
            if args.len() != 2 {
                return Err(qerr("rank").into());
            }
            let mut a2 = args.into_iter();
            let x = a2.next().expect("x");
            let y = a2.next().expect("y");
            if a == Adverb::EachRight {
                map_items(it, &y, |it, yi| it.apply_dyad(g, x.clone(), yi))
            } else {
                map_items(it, &x, |it, xi| it.apply_dyad(g, xi, y.clone()))
            }
        }
    }
}

/// Applies `f` to each item of `x`, keeping dictionaries' keys (a keyed
/// table's too: it is a dictionary whose values are its rows).
fn map_items(it: &mut Interp, x: &K, mut f: impl FnMut(&mut Interp, K) -> R) -> R {
    match x {
        K::Dict(d) => {
            let v = map_items(it, &d.values, f)?;
            Ok(K::dict(d.keys.clone(), v))
        }
        _ if x.is_atom() => f(it, x.clone()),
        _ => {
            let n = x.count();
            let mut out = Collect::with_capacity(n);
            for i in 0..n {
                it.check_interrupt()?;
                out.push(f(it, list::item(x, i))?);
            }
            Ok(out.finish())
        }
    }
}

fn each_n(it: &mut Interp, g: &K, args: Vec<K>) -> R {
    if args.len() == 1 {
        let x = args.into_iter().next().expect("x");
        if let Some((lam, def)) = it.unary_lambda(g)? {
            // A lambda made of atomic operations gives, item by item, what
            // it gives on the whole vector: one call does.
            if matches!(&x, K::Vector(v) if !v.is_empty()) && is_atomic_body(def, &[true]) {
                return it.call_lambda(g, lam, def, std::iter::once(x));
            }
            // A lambda of one parameter: called straight, with no argument
            // list made per item.
            return map_items(it, &x, |it, xi| {
                let r = it.call_lambda(g, lam, def, std::iter::once(xi));
                if crate::k::depth::take_exhausted() {
                    return Err(qerr("stack").into());
                }
                r
            });
        }
        return map_items(it, &x, |it, xi| it.apply(g, vec![xi]));
    }
    // Join Each of two keyed tables pairs their rows by key, as `uj`
    // does: a key either lacks takes nulls (q for mortals §8.7).
    if let [x, y] = args.as_slice()
        && x.is_keyed_table()
        && y.is_keyed_table()
        && matches!(g, K::Func(f) if matches!(**f, Func::Binary(12)))
    {
        let mut a = args.into_iter();
        let (x, y) = (a.next().expect("x"), a.next().expect("y"));
        return Ok(crate::q::kernels::table::uj(x, y)?);
    }
    // Join Each of two tables of one count joins each row's dictionaries:
    // the second table's columns, replacing any of the same name, beside
    // the first's.
    if let [K::Table(x), K::Table(y)] = args.as_slice()
        && x.rows() == y.rows()
        && matches!(g, K::Func(f) if matches!(**f, Func::Binary(12)))
    {
        let (mut names, mut cols) = (x.names.clone(), x.cols.clone());
        for (name, col) in y.names.iter().zip(&y.cols) {
            list::put_column(&mut names, &mut cols, name, col.clone());
        }
        return Ok(K::table(names, cols));
    }
    // All list arguments must have the same count; atoms repeat.
    let mut n: Option<usize> = None;
    for a in &args {
        if !a.is_atom() {
            let c = a.count();
            if n.is_some_and(|m| m != c) {
                return Err(qerr("length").into());
            }
            n = Some(c);
        }
    }
    let Some(n) = n else {
        return it.apply(g, args);
    };
    // `{[a;b] a+b}'[v;w]`: atomic operations over equal-length vectors
    // (and atoms) give in one call what each would, item by item.
    if n > 0
        && let Some((lam, def)) = it.lambda_def(g)?
    {
        let vector: Vec<bool> = args.iter().map(|a| !a.is_atom()).collect();
        let simple = args
            .iter()
            .all(|a| a.is_atom() || matches!(a, K::Vector(_)));
        if simple && !args.iter().any(|a| matches!(a, K::Nil)) && is_atomic_body(def, &vector) {
            return it.call_lambda(g, lam, def, args);
        }
    }
    let exploded: Vec<Option<Vec<K>>> = args
        .iter()
        .map(|a| {
            if a.is_atom() {
                None
            } else {
                Some(list::items(a))
            }
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        it.check_interrupt()?;
        let call: Vec<K> = args
            .iter()
            .zip(&exploded)
            .map(|(a, e)| match e {
                Some(items) => items[i].clone(),
                None => a.clone(),
            })
            .collect();
        out.push(it.apply(g, call)?);
    }
    let r = if n == 0 {
        K::list(out)
    } else {
        list::from_items(out)
    };
    // Each over dictionaries keeps the first dictionary's keys.
    if let Some(K::Dict(d)) = args.iter().find(|a| matches!(a, K::Dict(_))) {
        return Ok(K::dict(d.keys.clone(), r));
    }
    Ok(r)
}

/// Whether `g'` is Case: an integer vector picking among arguments.
fn is_case(g: &K) -> bool {
    matches!(g, K::Vector(v) if list::vector_longs(v).is_some())
}

/// `i'[a;b;...]`: item `k` of the result is item `k` of argument `i[k]`
/// (atoms stand for every item).
fn case(g: &K, args: &[K]) -> R {
    let picks = list::longs_of(g)?;
    // Dictionaries may stand for lists when every list and dictionary
    // has the same count (`'length`) and the dictionaries the same keys
    // in the same order (`'domain`), maps.md.
    let dicts: Vec<&K> = args
        .iter()
        .filter_map(|a| match a {
            K::Dict(d) => Some(&d.keys),
            _ => None,
        })
        .collect();
    if let Some(first) = dicts.first() {
        let lists: Vec<usize> = args.iter().filter(|a| !a.is_atom()).map(K::count).collect();
        if lists.iter().any(|&n| n != lists[0]) {
            return Err(qerr("length").into());
        }
        if dicts
            .iter()
            .any(|keys| !crate::q::kernels::verbs::matches(keys, first))
        {
            return Err(qerr("domain").into());
        }
    }
    let mut out = Vec::with_capacity(picks.len());
    for (k, &p) in picks.iter().enumerate() {
        let arg = list::position(p, args.len())
            .map(|p| &args[p])
            .ok_or_else(|| qerr("index"))?;
        out.push(if arg.is_atom() {
            arg.clone()
        } else if k < arg.count() {
            list::item(arg, k)
        } else {
            return Err(qerr("length").into());
        });
    }
    Ok(if out.is_empty() {
        K::list(out)
    } else {
        list::from_items(out)
    })
}

/// The rank an accumulator sees: a function's rank, 2 for a matrix (a
/// finite-state machine indexed by state and input), else 1.
fn accumulator_rank(it: &Interp, g: &K) -> usize {
    match g {
        // A list of lists, or of unary functions (a state machine such as
        // `m:({0};{2*x="x"})`), indexes at depth two: `s m/x` folds.
        K::List(l)
            if !l.items.is_empty()
                && l.items.iter().all(|i| !i.is_atom() || i.type_code() >= 100) =>
        {
            2
        }
        _ => it.rank(g),
    }
}

/// The identity element of a primitive verb, used as the seed of a fold
/// applied to one argument.
fn identity(g: &K) -> Option<K> {
    match g {
        K::Func(f) => match **f {
            Func::Binary(1 | 2) => Some(K::long(0)),
            Func::Binary(3) => Some(K::long(1)),
            Func::Binary(12) => Some(K::list(Vec::new())),
            _ => None,
        },
        _ => None,
    }
}

fn over_scan(it: &mut Interp, g: &K, args: Vec<K>, scan: bool) -> R {
    let mut rank = accumulator_rank(it, g);
    // A function Over or Scan derives is ambivalent: applied to one
    // argument it is unary, so `raze/` (`(,/)/`) converges, flattening every
    // level (raze.md).
    // With a left argument it is unary too: `n (f/)/ x` applies it n
    // times and `c (f/)/ x` while `c` holds, as for any unary. So are the
    // Each Prior keywords: `prev\[2;x]` is x with its first two shifts.
    if matches!(g, K::Func(f) if matches!(**f, Func::Derived(Adverb::Over | Adverb::Scan | Adverb::EachPrior, _)))
        && args.len() <= 2
    {
        rank = 1;
    }
    if scan && args.len() == 2 && args[0].type_code() == -9 && g.type_code() < 100 {
        // `a b\c`: data scanned from a float is the built-in
        // `{z+x*y}\[a;b;c]` for floats (accumulators.md); from a count
        // it is Do, indexing `n` times.
        return Ok(crate::q::kernels::math::scan_linear(&args[0], g, &args[1])?);
    }
    match (args.len(), rank) {
        (1, 1) => converge(it, g, args.into_iter().next().expect("x"), scan),
        (2, 1) => {
            let mut a = args.into_iter();
            let ctl = a.next().expect("x");
            let x = a.next().expect("y");
            if let Some(n) = ctl.as_i64().filter(|_| ctl.type_code() < 0) {
                repeat(it, g, n, x, scan)
            } else {
                while_loop(it, g, &ctl, x, scan)
            }
        }
        (1, _) => {
            let x = args.into_iter().next().expect("x");
            fold(it, g, None, &x, scan)
        }
        (2, _) => {
            let mut a = args.into_iter();
            let seed = a.next().expect("x");
            let x = a.next().expect("y");
            fold(it, g, Some(seed), &x, scan)
        }
        (_, _) => {
            // f/[x;y;z]: fold over several lists in step. An operator
            // takes two arguments only.
            if matches!(g, K::Func(f) if matches!(**f, Func::Binary(_))) {
                return Err(qerr("rank").into());
            }
            let mut a = args.into_iter();
            let mut acc = a.next().expect("seed");
            let rest: Vec<K> = a.collect();
            let mut lists = rest.iter().filter(|r| !r.is_atom()).map(K::count);
            let n = lists.next().unwrap_or(1);
            if lists.any(|c| c != n) {
                return Err(qerr("length").into());
            }
            let mut results = Vec::new();
            for i in 0..n {
                let mut call = vec![acc];
                for r in &rest {
                    call.push(if r.is_atom() {
                        r.clone()
                    } else {
                        list::item(r, i)
                    });
                }
                acc = it.apply(g, call)?;
                if scan {
                    results.push(acc.clone());
                }
            }
            Ok(if scan { list::from_items(results) } else { acc })
        }
    }
}

fn fold(it: &mut Interp, g: &K, seed: Option<K>, x: &K, scan: bool) -> R {
    // Native forms of the common folds over whole vectors: sum, max, min,
    // raze, and their running forms (sums, maxs, mins).
    if seed.is_none()
        && let K::Func(f) = g
        && let Func::Binary(code) = **f
    {
        match (code, x, scan) {
            (1, K::Vector(_), false) => return Ok(crate::q::kernels::math::sum(x)?),
            (6, K::Vector(_), false) => return Ok(crate::q::kernels::math::max(x)?),
            (5, K::Vector(_), false) => return Ok(crate::q::kernels::math::min(x)?),
            (12, _, false) => return Ok(crate::q::kernels::listops::raze_checked(x)?),
            (1, K::Vector(v), true) => return Ok(crate::q::kernels::math::sums_vector(v)?),
            (3, K::Vector(v), true) => return Ok(crate::q::kernels::math::prds_vector(x, v)?),
            (6, K::Vector(v), true) => {
                return Ok(crate::q::kernels::math::running_extreme(v, true)?);
            }
            (5, K::Vector(v), true) => {
                return Ok(crate::q::kernels::math::running_extreme(v, false)?);
            }
            _ => {}
        }
    }
    // Running folds over a table go column by column.
    if scan && seed.is_none() {
        match x {
            K::Table(t) => {
                let mut cols = Vec::with_capacity(t.cols.len());
                for c in &t.cols {
                    cols.push(fold(it, g, None, c, true)?);
                }
                return Ok(K::table(t.names.clone(), cols));
            }
            K::Dict(d) if x.is_keyed_table() => {
                let v = fold(it, g, None, &d.values, true)?;
                return Ok(K::dict(d.keys.clone(), v));
            }
            _ => {}
        }
    }
    // A fold over an atom is the atom itself.
    if seed.is_none() && x.is_atom() {
        return Ok(x.clone());
    }
    // Join scans from its identity, (), so the first item is enlisted.
    let seed = match seed {
        None if scan && matches!(g, K::Func(f) if matches!(**f, Func::Binary(12))) => {
            Some(K::list(Vec::new()))
        }
        s => s,
    };
    if let K::Dict(d) = x {
        if !x.is_keyed_table() && scan {
            let r = fold(it, g, seed, &d.values, true)?;
            return Ok(K::dict(d.keys.clone(), r));
        }
        return fold(it, g, seed, &d.values, scan);
    }
    let items = if x.is_atom() {
        vec![x.clone()]
    } else {
        list::items(x)
    };
    let mut iter = items.into_iter();
    let mut acc = match seed {
        Some(s) => s,
        None => match iter.next() {
            Some(first) => {
                if scan {
                    // The first item stands as is.
                    let mut out = vec![first.clone()];
                    let mut acc = first;
                    for item in iter {
                        it.check_interrupt()?;
                        acc = it.apply_dyad(g, acc, item)?;
                        out.push(acc.clone());
                    }
                    return Ok(list::from_items(out));
                }
                first
            }
            None => return Ok(empty_fold(g, x)),
        },
    };
    let mut out = Vec::new();
    for item in iter {
        it.check_interrupt()?;
        acc = it.apply_dyad(g, acc, item)?;
        if scan {
            out.push(acc.clone());
        }
    }
    if scan {
        Ok(if out.is_empty() {
            list::slice(x, 0, 0)
        } else {
            list::from_items(out)
        })
    } else {
        Ok(acc)
    }
}

/// `f/` of an empty list: the verb's identity where q has one; for a
/// list value an empty list of its type; otherwise the generic empty list.
fn empty_fold(g: &K, x: &K) -> K {
    if let Some(i) = identity(g)
        && !matches!(g, K::Func(f) if matches!(**f, Func::Binary(12)))
    {
        return i;
    }
    match g {
        K::Func(f) if matches!(**f, Func::Binary(12)) => x.clone(),
        K::Vector(v) => K::empty(v.ty),
        _ => K::list(Vec::new()),
    }
}

fn converge(it: &mut Interp, g: &K, x: K, scan: bool) -> R {
    let mut out = vec![x.clone()];
    let mut prev = x.clone();
    loop {
        it.check_interrupt()?;
        let next = it.apply(g, vec![prev.clone()])?;
        if verbs::matches(&next, &prev) || verbs::matches(&next, &x) {
            break;
        }
        if scan {
            out.push(next.clone());
        }
        prev = next;
    }
    Ok(if scan { list::from_items(out) } else { prev })
}

fn repeat(it: &mut Interp, g: &K, n: i64, x: K, scan: bool) -> R {
    let mut out = vec![x.clone()];
    let mut acc = x;
    for _ in 0..n.max(0) {
        it.check_interrupt()?;
        acc = it.apply(g, vec![acc])?;
        if scan {
            out.push(acc.clone());
        }
    }
    Ok(if scan { list::from_items(out) } else { acc })
}

fn while_loop(it: &mut Interp, g: &K, cond: &K, x: K, scan: bool) -> R {
    let mut out = vec![x.clone()];
    let mut acc = x;
    loop {
        it.check_interrupt()?;
        let c = it.apply(cond, vec![acc.clone()])?;
        if !verbs::truthy(&c)? {
            break;
        }
        acc = it.apply(g, vec![acc])?;
        if scan {
            out.push(acc.clone());
        }
    }
    Ok(if scan { list::from_items(out) } else { acc })
}

fn each_prior(it: &mut Interp, g: &K, args: Vec<K>) -> R {
    let (seed, x) = match args.len() {
        1 => (None, args.into_iter().next().expect("x")),
        2 => {
            let mut a = args.into_iter();
            let s = a.next().expect("x");
            (Some(s), a.next().expect("y"))
        }
        _ => return Err(qerr("rank").into()),
    };
    if x.is_atom() {
        return match seed {
            Some(s) => it.apply(g, vec![x, s]),
            None => Ok(x),
        };
    }
    if let K::Table(t) = &x
        && matches!(g, K::Func(f) if matches!(**f, Func::Binary(_)))
    {
        // A primitive's each-prior (`deltas ratios prev`) is uniform: it
        // runs down each column of a table.
        let cols = t
            .cols
            .iter()
            .map(|c| {
                let mut a = vec![c.clone()];
                if let Some(s) = &seed {
                    a.insert(0, s.clone());
                }
                each_prior(it, g, a)
            })
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(K::table(t.names.clone(), cols));
    }
    if let K::Dict(d) = &x
        && x.is_keyed_table()
    {
        // A keyed table's value columns, under the same keys (`ratios k`, ratios.md).
        let mut a = vec![d.values.clone()];
        if let Some(s) = seed {
            a.insert(0, s);
        }
        let v = each_prior(it, g, a)?;
        return Ok(K::dict(d.keys.clone(), v));
    }
    if let K::Dict(d) = &x
        && !x.is_keyed_table()
    {
        let mut a = vec![d.values.clone()];
        if let Some(s) = seed {
            a.insert(0, s);
        }
        let v = each_prior(it, g, a)?;
        return Ok(K::dict(d.keys.clone(), v));
    }
    // `prev` of a vector: its items one place later, null first.
    if let (None, K::Vector(v)) = (&seed, &x)
        && matches!(g, K::Func(f) if matches!(**f, Func::Binary(0)))
    {
        let idx: Vec<i64> = (-1..v.len() as i64 - 1).collect();
        return Ok(list::gather(&x, &idx));
    }
    // An arithmetic primitive between neighbours of a vector (`deltas`,
    // `ratios`) is the verb applied once to the vector without its first
    // item and the vector without its last.
    if let (None, K::Vector(v)) = (&seed, &x)
        && v.len() >= 2
        && matches!(g, K::Func(f) if matches!(**f, Func::Binary(1..=6)))
        && !matches!(v.ty, Type::Symbol | Type::Guid | Type::Char)
    {
        let n = v.len();
        let item = list::item(&x, 0);
        let first = match first_prior(g, &item, &x) {
            Prior::Keep => item,
            Prior::With(p) => it.apply_dyad(g, item, p)?,
        };
        let rest = it.apply(g, vec![list::slice(&x, 1, n), list::slice(&x, 0, n - 1)])?;
        return Ok(list::join(&first, &rest));
    }
    let items = list::items(&x);
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let prior = if i == 0 {
            match &seed {
                Some(s) => s.clone(),
                None => {
                    // Without a seed, the first item pairs with the verb's
                    // neutral value: deltas and ratios keep it, prev gets null.
                    match first_prior(g, item, &x) {
                        Prior::Keep => {
                            out.push(item.clone());
                            continue;
                        }
                        Prior::With(p) => p,
                    }
                }
            }
        } else {
            items[i - 1].clone()
        };
        out.push(it.apply_dyad(g, item.clone(), prior)?);
    }
    Ok(if out.is_empty() {
        list::slice(&x, 0, 0)
    } else {
        list::from_items(out)
    })
}

enum Prior {
    Keep,
    With(K),
}

fn first_prior(g: &K, item: &K, x: &K) -> Prior {
    // A general list's first item pairs with the list's prototype
    // (`prev (1 2;"abc")` starts with `` `long$() ``, next.md).
    let null = || match x {
        K::List(_) => list::null_item(x),
        _ => list::null_like(item),
    };
    if let K::Func(f) = g
        && let Func::Binary(c) = **f
    {
        // The verb's identity pairs with the first item, so its type
        // follows the verb's (ratios 1 2 8 is 1 2 4f); join keeps it.
        // The verb's identity of the first item's own type, so that
        // `deltas 1 2 4i` stays int; a temporal first item is kept as it is
        // (deltas.md: the first item of the result is the first of x).
        let identity = |n: i64| match item {
            K::Atom(t, _) if t.is_temporal() => Prior::Keep,
            K::Atom(t, _) => crate::q::kernels::casts::cast_to(*t, &K::long(n))
                .map_or(Prior::With(K::long(n)), Prior::With),
            _ => Prior::With(K::long(n)),
        };
        return match c {
            1 | 2 => identity(0),
            3 => identity(1),
            4 => Prior::With(K::long(1)),
            12 => Prior::Keep,
            _ => Prior::With(null()),
        };
    }
    Prior::With(null())
}

/// `f each x` (and `peach`).
pub fn each(it: &mut Interp, f: K, x: K) -> R {
    apply(it, Adverb::Each, &f, vec![x])
}

/// `f over x`.
pub fn over(it: &mut Interp, f: K, x: K) -> R {
    apply(it, Adverb::Over, &f, vec![x])
}

/// `f scan x`.
pub fn scan(it: &mut Interp, f: K, x: K) -> R {
    apply(it, Adverb::Scan, &f, vec![x])
}

/// `f prior x`.
pub fn prior(it: &mut Interp, f: K, x: K) -> R {
    apply(it, Adverb::EachPrior, &f, vec![x])
}

/// The results of applying a function item by item, kept as a typed
/// vector while they are all long or all float atoms (the usual case),
/// and as items otherwise.
enum Collect {
    Longs(Vec<i64>),
    Floats(Vec<f64>),
    Items(Vec<K>),
}

impl Collect {
    fn with_capacity(n: usize) -> Collect {
        // The first result decides; until then, an empty item list.
        Collect::Items(Vec::with_capacity(n))
    }

    #[inline]
    fn push(&mut self, k: K) {
        match (&mut *self, k) {
            (Collect::Longs(v), K::Atom(crate::k::Type::Long, crate::k::Scalar::I64(x))) => {
                v.push(x)
            }
            (Collect::Floats(v), K::Atom(crate::k::Type::Float, crate::k::Scalar::F64(x))) => {
                v.push(x)
            }
            (Collect::Items(v), k) if !v.is_empty() => v.push(k),
            (Collect::Items(v), k) => {
                let n = v.capacity();
                *self = match k {
                    K::Atom(crate::k::Type::Long, crate::k::Scalar::I64(x)) => {
                        let mut l = Vec::with_capacity(n);
                        l.push(x);
                        Collect::Longs(l)
                    }
                    K::Atom(crate::k::Type::Float, crate::k::Scalar::F64(x)) => {
                        let mut l = Vec::with_capacity(n);
                        l.push(x);
                        Collect::Floats(l)
                    }
                    k => {
                        v.push(k);
                        return;
                    }
                };
            }
            (typed, k) => {
                // A result of another kind: the typed ones become items.
                let mut items = match typed {
                    Collect::Longs(v) => v.iter().map(|&x| K::long(x)).collect::<Vec<_>>(),
                    Collect::Floats(v) => v.iter().map(|&x| K::float(x)).collect(),
                    Collect::Items(_) => unreachable!("items take every result"),
                };
                items.push(k);
                *self = Collect::Items(items);
            }
        }
    }

    fn finish(self) -> K {
        match self {
            Collect::Longs(v) => K::longs(v),
            Collect::Floats(v) => K::floats(v),
            Collect::Items(v) if v.is_empty() => K::list(v),
            Collect::Items(v) => list::from_items(v),
        }
    }
}

/// What an expression of a lambda's one parameter gives: an atom whatever
/// the argument, or an atom per item of the argument.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Atom,
    PerItem,
}

/// Primitives that apply item by item (`+ - * % & | = < >`), as codes.
const ATOMIC_PRIMS: [u8; 9] = [1, 2, 3, 4, 5, 6, 8, 9, 10];

/// q's atomic unary keywords.
const ATOMIC_UNARY: [&str; 17] = [
    "neg",
    "abs",
    "not",
    "sqrt",
    "exp",
    "log",
    "floor",
    "ceiling",
    "signum",
    "reciprocal",
    "sin",
    "cos",
    "tan",
    "asin",
    "acos",
    "atan",
    "null",
];

/// q's atomic binary keywords and the comparisons written with two glyphs.
const ATOMIC_BINARY: [&str; 6] = ["mod", "div", "xexp", "<=", ">=", "<>"];

/// Whether a lambda is one expression of atomic operations on its
/// parameters and atom constants, each item of the result depending on
/// an argument that is a vector: `{x+1}`, `{neg x*x}`, `{(x mod 3)=0}`,
/// `{[a;b] a+b*2}`. `vector[i]` says whether argument `i` is a (non-empty,
/// simple) vector; the others are atoms. Applied to such arguments once,
/// the lambda gives exactly what `each` would collect item by item.
fn is_atomic_body(def: &crate::q::syntax::ast::LambdaDef, vector: &[bool]) -> bool {
    if def.params.len() != vector.len() || !def.locals.is_empty() {
        return false;
    }
    let shape = |name: &str| {
        let i = def.params.iter().position(|p| **p == *name)?;
        Some(if vector[i] {
            Shape::PerItem
        } else {
            Shape::Atom
        })
    };
    matches!(&def.body[..], [e] if shape_of(e, &shape) == Some(Shape::PerItem))
}

fn shape_of(
    e: &crate::q::syntax::ast::Expr,
    param: &dyn Fn(&str) -> Option<Shape>,
) -> Option<Shape> {
    use crate::q::syntax::ast::Expr;
    let either = |a: Shape, b: Shape| {
        if a == Shape::Atom && b == Shape::Atom {
            Shape::Atom
        } else {
            Shape::PerItem
        }
    };
    match e {
        Expr::Const(k) if k.is_atom() && !matches!(k, K::Nil) => Some(Shape::Atom),
        Expr::Name(n, _, _) => param(n),
        Expr::Dyad {
            f, x, y: Some(y), ..
        } => {
            let atomic = match &**f {
                Expr::Prim { prim, .. } => ATOMIC_PRIMS.contains(&prim.0),
                Expr::Name(n, _, _) => ATOMIC_BINARY.contains(&&**n),
                _ => false,
            };
            if !atomic {
                return None;
            }
            Some(either(shape_of(x, param)?, shape_of(y, param)?))
        }
        Expr::Monad { f, x, .. } => {
            let atomic = match &**f {
                Expr::Prim { prim, .. } => prim.0 == 2,
                Expr::Name(n, _, _) => ATOMIC_UNARY.contains(&&**n),
                _ => false,
            };
            if atomic { shape_of(x, param) } else { None }
        }
        _ => None,
    }
}
