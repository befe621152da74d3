//! Building, taking apart and reshaping lists: the plumbing every verb uses
//! (collapsing atoms into typed vectors, items, gathers, joins, nulls).

use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::k::{
    Attr, Data, Dict, Enumeration, K, List, QError, Scalar, SymVec, Table, Type, Vector,
    null_scalar, qerr,
};

/// Makes a list from items the way q does for `(a;b;c)`: atoms that all
/// share one simple type become a typed vector, anything else a general list.
pub fn from_items(items: Vec<K>) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    if items.is_empty() {
        return K::list(items);
    }
    let t = match &items[0] {
        K::Atom(t, _) => *t,
        K::Enum(e) if e.atom => return collapse_enums(items),
        K::Dict(_) => return collapse_dicts(items),
        _ => return K::list(items),
    };
    if !items.iter().all(|x| matches!(x, K::Atom(u, _) if *u == t)) {
        return K::list(items);
    }
    let mut data = Data::with_capacity(t, items.len());
    for x in &items {
        if let K::Atom(_, s) = x {
            data.push(s);
        }
    }
    K::vector(t, data)
}

/// Dictionaries with the same symbol keys make a table (one row each),
/// as q's lists of conforming dictionaries are tables.
fn collapse_dicts(items: Vec<K>) -> K {
    let names = match &items[0] {
        K::Dict(d) => match &d.keys {
            K::Vector(v) if v.ty == Type::Symbol => match &v.data {
                Data::Sym(s) => s.clone(),
                _ => return K::list(items),
            },
            _ => return K::list(items),
        },
        _ => return K::list(items),
    };
    let conforming = items.iter().all(|x| {
        matches!(x, K::Dict(d) if matches!(&d.keys, K::Vector(v) if matches!(&v.data, Data::Sym(s) if *s == names)))
    });
    if !conforming || names.is_empty() {
        return K::list(items);
    }
    if let [K::Dict(d)] = &items[..] {
        // One dictionary is a one-row table: no need to take it apart.
        return enlist(K::Dict(d.clone()));
    }
    let cols: Vec<K> = (0..names.len())
        .map(|c| from_items(items.iter().map(|d| item(d, c)).collect()))
        .collect();
    K::table(names, cols)
}

fn collapse_enums(items: Vec<K>) -> K {
    let domain = match &items[0] {
        K::Enum(e) => e.domain.clone(),
        _ => return K::list(items),
    };
    if !items
        .iter()
        .all(|x| matches!(x, K::Enum(e) if e.atom && e.domain == domain))
    {
        return K::list(items);
    }
    let mut indices = Vec::with_capacity(items.len());
    let mut values = SymVec::new();
    let (mut link, mut keys) = (false, None);
    for x in &items {
        if let K::Enum(e) = x {
            indices.push(e.indices[0]);
            values.push(e.values.get(0));
            link = e.link;
            keys.clone_from(&e.keys);
        }
    }
    K::Enum(Rc::new(Enumeration {
        domain,
        atom: false,
        attr: crate::k::Attr::None,
        indices,
        values,
        link,
        keys,
    }))
}

/// Item `i` of a list-like value (vector, list, dict values, table row,
/// enumeration). Atoms return themselves.
///
/// # Panics
/// When `i` is out of range for a list-like value.
pub fn item(x: &K, i: usize) -> K {
    match x {
        K::Vector(v) => v.item(i),
        K::List(l) => l.items[i].clone(),
        K::Dict(d) => item(&d.values, i),
        K::Table(t) => row(t, i),
        K::Enum(e) if !e.atom => enum_item(e, i),
        _ => x.clone(),
    }
}

fn enum_item(e: &Enumeration, i: usize) -> K {
    let mut values = SymVec::new();
    values.push(e.values.get(i));
    K::Enum(Rc::new(Enumeration {
        domain: e.domain.clone(),
        atom: true,
        attr: crate::k::Attr::None,
        indices: vec![e.indices[i]],
        values,
        link: e.link,
        keys: e.keys.clone(),
    }))
}

/// Rows `left` of table `a` beside rows `right` of table `b`, as one
/// table: `a`'s columns, then those only `b` has; a column both have
/// takes `b`'s values, as a row join does (`ej`, `cross`).
pub fn paired_rows(a: &Table, left: &[i64], b: &Table, right: &[i64]) -> K {
    let mut names = a.names.clone();
    let mut cols: Vec<K> = a.cols.iter().map(|c| gather(c, left)).collect();
    for (n, c) in b.names.iter().zip(&b.cols) {
        put_column(&mut names, &mut cols, n, gather(c, right));
    }
    K::table(names, cols)
}

/// Sets the column `name` of a table's `names` and `cols` to `col`: the
/// column of that name replaced, or added last.
pub fn put_column(names: &mut SymVec, cols: &mut Vec<K>, name: &[u8], col: K) {
    let at = names.iter().position(|m| m == name);
    match at {
        Some(p) => cols[p] = col,
        None => {
            names.push(name);
            cols.push(col);
        }
    }
}

/// Row `i` of a table as a dictionary of column name to value.
pub fn row(t: &Table, i: usize) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    let vals: Vec<K> = t.cols.iter().map(|c| item(c, i)).collect();
    K::dict(K::syms(t.names.clone()), from_items(vals))
}

/// All items of a value as separate values (a vector's atoms, a list's items,
/// a dict's values, a table's rows). An atom gives itself once.
pub fn items(x: &K) -> Vec<K> {
    match x {
        K::List(l) => l.items.clone(),
        K::Vector(_) | K::Table(_) | K::Enum(_) => (0..x.count()).map(|i| item(x, i)).collect(),
        K::Dict(d) => items(&d.values),
        _ => vec![x.clone()],
    }
}

/// The null an out-of-range index of `x` yields: the typed null of a
/// vector, the null of a general list's first item, an empty-row dict for a table.
pub fn null_item(x: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    match x {
        K::Vector(v) => K::Atom(v.ty, null_scalar(v.ty)),
        K::List(l) => l.items.first().map_or(K::Nil, prototype),
        K::Dict(d) => null_item(&d.values),
        K::Table(t) => {
            let vals: Vec<K> = t.cols.iter().map(null_item).collect();
            K::dict(K::syms(t.names.clone()), from_items(vals))
        }
        K::Enum(e) => {
            let mut values = SymVec::new();
            values.push(b"");
            K::Enum(Rc::new(Enumeration {
                domain: e.domain.clone(),
                atom: true,
                attr: crate::k::Attr::None,
                indices: vec![crate::k::NULL_LONG],
                values,
                link: e.link,
                keys: e.keys.clone(),
            }))
        }
        _ => K::Nil,
    }
}

/// The item a general list gives for a missing index, shaped by its first
/// item `first`: an atom's null, an empty vector of a vector's type
/// (`next (1 2;"abc")` ends with `` `long$() ``), a table with no rows
/// (alternative-in-memory-layouts.md), and for a general list the same of
/// each of its items, so that `m 5` of a list of matrices is a row of
/// empty cells.
fn prototype(first: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    match first {
        K::Vector(v) => K::vector(v.ty, Data::with_capacity(v.ty, 0)),
        K::List(l) => K::list(l.items.iter().map(prototype).collect()),
        K::Table(_) => gather(first, &[]),
        _ => null_like(first),
    }
}

/// The null shaped like `x`: typed null atom for atoms, nulls of each item
/// for lists (q's prototype).
pub fn null_like(x: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    match x {
        K::Atom(t, _) => K::Atom(*t, null_scalar(*t)),
        K::Vector(v) => {
            let n = v.len();
            let mut d = Data::with_capacity(v.ty, n);
            let s = null_scalar(v.ty);
            for _ in 0..n {
                d.push(&s);
            }
            K::vector(v.ty, d)
        }
        K::List(l) => K::list(l.items.iter().map(null_like).collect()),
        // A dictionary's prototype keeps its keys, so a list of them indexed
        // out of range gives `x| 0N` and amending a missing key at depth
        // starts from it.
        K::Dict(d) if !x.is_keyed_table() => K::dict(d.keys.clone(), null_like(&d.values)),
        _ => K::Nil,
    }
}

/// An index into a list: a non-negative position, or out of range.
pub fn position(i: i64, n: usize) -> Option<usize> {
    if i >= 0 && (i as u64) < n as u64 {
        Some(i as usize)
    } else {
        None
    }
}

/// The items of `x` at positions `idx`; positions out of range give nulls.
pub fn gather(x: &K, idx: &[i64]) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    let n = x.count();
    if matches!(x, K::Table(_))
        && idx.len() == n
        && idx.iter().enumerate().all(|(p, &i)| i == p as i64)
    {
        // Every row in order is the table itself; copying would walk every
        // nested column.
        return x.clone();
    }
    match x {
        K::Vector(v) => K::vector(v.ty, v.data.pick(v.ty, idx)),
        K::List(l) => {
            let null = null_item(x);
            K::List(Rc::new(List {
                attr: Attr::None,
                items: idx
                    .iter()
                    .map(|&i| position(i, n).map_or_else(|| null.clone(), |p| l.items[p].clone()))
                    .collect(),
            }))
        }
        K::Table(t) => K::Table(Rc::new(Table {
            attr: Attr::None,
            names: t.names.clone(),
            cols: t.cols.iter().map(|c| gather(c, idx)).collect(),
        })),
        K::Dict(d) => K::dict(gather(&d.keys, idx), gather(&d.values, idx)),
        K::Enum(e) if !e.atom => {
            let mut values = SymVec::new();
            let mut indices = Vec::with_capacity(idx.len());
            for &i in idx {
                match position(i, n) {
                    Some(p) => {
                        values.push(e.values.get(p));
                        indices.push(e.indices[p]);
                    }
                    None => {
                        values.push(b"");
                        indices.push(crate::k::NULL_LONG);
                    }
                }
            }
            K::Enum(Rc::new(Enumeration {
                domain: e.domain.clone(),
                atom: false,
                attr: crate::k::Attr::None,
                indices,
                values,
                link: e.link,
                keys: e.keys.clone(),
            }))
        }
        _ => x.clone(),
    }
}

/// Items `start..end` (clamped) of a list-like value.
pub fn slice(x: &K, start: usize, end: usize) -> K {
    let n = x.count();
    let end = end.min(n);
    let start = start.min(end);
    match x {
        K::Vector(v) => K::vector(v.ty, v.data.slice(start, end)),
        _ => {
            let idx: Vec<i64> = (start as i64..end as i64).collect();
            gather(x, &idx)
        }
    }
}

/// Joins two values as q's `,` does for lists: same-typed vectors stay typed,
/// anything else becomes a general list. Tables and dicts are handled by the caller.
pub fn join(x: &K, y: &K) -> K {
    match (x, y) {
        // A new vector of exactly the joined size: copying `a` then
        // growing it would double its capacity, and leave a block the next
        // join of that size cannot reuse.
        (K::Vector(a), K::Vector(b)) if a.ty == b.ty => {
            let mut data = Data::with_capacity(a.ty, a.len() + b.len());
            data.extend(&a.data);
            data.extend(&b.data);
            joined(a, data)
        }
        (K::Vector(a), K::Atom(t, s)) if a.ty == *t => {
            let mut data = Data::with_capacity(a.ty, a.len() + 1);
            data.extend(&a.data);
            data.push(s);
            joined(a, data)
        }
        (K::Atom(t, s), K::Vector(b)) if b.ty == *t => {
            let mut d = Data::with_capacity(*t, b.len() + 1);
            d.push(s);
            d.extend(&b.data);
            K::vector(*t, d)
        }
        (K::Atom(t, s), K::Atom(u, r)) if t == u => {
            let mut d = Data::with_capacity(*t, 2);
            d.push(s);
            d.push(r);
            K::vector(*t, d)
        }
        (K::List(l), _) if l.items.is_empty() => {
            if y.is_atom() {
                enlist(y.clone())
            } else {
                y.clone()
            }
        }
        (_, K::List(l)) if l.items.is_empty() => {
            if x.is_atom() {
                enlist(x.clone())
            } else {
                x.clone()
            }
        }
        // One domain: the indices and symbols side by side, not boxed
        // item by item.
        (K::Enum(a), K::Enum(b)) if a.domain == b.domain && a.link == b.link => {
            // Made at the joined size, as vectors are.
            let mut indices = Vec::with_capacity(a.indices.len() + b.indices.len());
            indices.extend_from_slice(&a.indices);
            let text = a.values.packed().len() + b.values.packed().len();
            let mut values = SymVec::with_capacity(indices.capacity(), text);
            values.extend_from(&a.values);
            let mut e = Enumeration {
                domain: a.domain.clone(),
                atom: a.atom,
                attr: a.attr,
                indices,
                values,
                link: a.link,
                keys: a.keys.clone(),
            };
            append_enum(&mut e, b);
            K::Enum(Rc::new(e))
        }
        (K::Enum(_), _) | (_, K::Enum(_)) if !(same_domain(x, y) || x.is_atom() && y.is_atom()) => {
            // Lists not of one domain join as the symbols they stand for.
            join(&de_enumerate(x), &de_enumerate(y))
        }
        _ => {
            let mut all = if x.is_atom() {
                vec![x.clone()]
            } else {
                items(x)
            };
            if y.is_atom() {
                all.push(y.clone());
            } else {
                all.extend(items(y));
            }
            if matches!((x, y), (K::List(_), _) | (_, K::List(_))) {
                K::list(all)
            } else {
                from_items(all)
            }
        }
    }
}

/// Appends enumeration `f`'s items to `e`, of the same domain: `e` is a
/// vector after it, with no attribute.
fn append_enum(e: &mut Enumeration, f: &Enumeration) {
    e.atom = false;
    e.attr = Attr::None;
    e.indices.extend_from_slice(&f.indices);
    e.values.extend_from(&f.values);
    if e.keys.is_none() {
        e.keys.clone_from(&f.keys);
    }
}

/// `a` with items appended, now `data`: its attribute where that still
/// holds.
fn joined(a: &Vector, data: Data) -> K {
    let mut v = Vector {
        ty: a.ty,
        attr: a.attr,
        data,
    };
    v.attr = kept_attr(&v, a.len());
    K::Vector(Rc::new(v))
}

/// The attribute a vector keeps once items are appended in memory after
/// its first `old` (set-attribute.md): `g#` always, `s#` while the items
/// stay in ascending order, `u#` while none repeats (q for mortals §8.6:
/// `` L:`u#2 1 4 8; L,:3 `` keeps it, `L,:1` drops it); `p#` is dropped.
fn kept_attr(v: &Vector, old: usize) -> Attr {
    match v.attr {
        Attr::Grouped => Attr::Grouped,
        Attr::Sorted if ascending_from(&v.data, old.saturating_sub(1)) => Attr::Sorted,
        Attr::Unique if unique_from(v, old) => Attr::Unique,
        _ => Attr::None,
    }
}

/// Whether each item from `old` on is the first of its value in `v`.
/// A few items added to a long vector would be checked by a scan of the
/// whole vector at every append, quadratic in a loop (q keeps a hash for
/// `u#`; q-lite does not): past 4,096 items such appends drop `u#`.
fn unique_from(v: &Vector, old: usize) -> bool {
    const SCANNED: usize = 1 << 12;
    if old > SCANNED && v.len() - old <= 16 {
        return false;
    }
    let added = Vector {
        ty: v.ty,
        attr: Attr::None,
        data: v.data.slice(old, v.len()),
    };
    super::hashing::find(v, &added).is_some_and(|at| {
        at.iter()
            .enumerate()
            .all(|(k, &p)| usize::try_from(p) == Ok(old + k))
    })
}

/// Whether the items from `from` on are in ascending order, nulls first.
fn ascending_from(data: &Data, from: usize) -> bool {
    fn by<T, U: PartialOrd>(v: &[T], from: usize, key: impl Fn(&T) -> U) -> bool {
        v.get(from..)
            .is_none_or(|v| v.windows(2).all(|w| key(&w[0]) <= key(&w[1])))
    }
    let float = |f: f64| if f.is_nan() { f64::NEG_INFINITY } else { f };
    match data {
        Data::U8(v) => by(v, from, |x| *x),
        Data::Guid(v) => by(v, from, |x| *x),
        Data::I16(v) => by(v, from, |x| *x),
        Data::I32(v) => by(v, from, |x| *x),
        Data::I64(v) => by(v, from, |x| *x),
        Data::F32(v) => by(v, from, |x| float(f64::from(*x))),
        Data::F64(v) => by(v, from, |x| float(*x)),
        Data::Sym(v) => {
            let items: Vec<&[u8]> = v.iter().skip(from).collect();
            items.windows(2).all(|w| w[0] <= w[1])
        }
    }
}

/// `x,y` made in `x`'s own buffer when nothing else holds it: a simple
/// vector takes a vector or atom of its type, a general list (not empty)
/// any atom or list. The result is what [`join`] gives; the operands come
/// back unchanged for every other case.
#[allow(clippy::result_large_err)]
pub fn append_in_place(mut x: K, y: K) -> Result<K, (K, K)> {
    let done = match (&mut x, &y) {
        (K::Vector(v), K::Vector(w)) if v.ty == w.ty => match Rc::get_mut(v) {
            Some(v) => {
                let n = v.data.len();
                v.data.extend(&w.data);
                v.attr = kept_attr(v, n);
                true
            }
            None => false,
        },
        (K::Vector(v), K::Atom(t, s)) if v.ty == *t => match Rc::get_mut(v) {
            Some(v) => {
                let n = v.data.len();
                v.data.push(s);
                v.attr = kept_attr(v, n);
                true
            }
            None => false,
        },
        (K::Enum(e), K::Enum(f)) if !e.atom && e.domain == f.domain && e.link == f.link => {
            match Rc::get_mut(e) {
                Some(e) => {
                    append_enum(e, f);
                    true
                }
                None => false,
            }
        }
        (K::List(l), K::Atom(..) | K::Vector(_) | K::List(_)) if !l.items.is_empty() => {
            match Rc::get_mut(l) {
                Some(l) => {
                    l.attr = Attr::None;
                    match &y {
                        K::List(m) => l.items.extend(m.items.iter().cloned()),
                        K::Vector(_) => l.items.extend(items(&y)),
                        _ => l.items.push(y.clone()),
                    }
                    true
                }
                None => false,
            }
        }
        _ => false,
    };
    if done { Ok(x) } else { Err((x, y)) }
}

/// Whether `y` may be appended to `x` in place (`x,:y`): a simple vector
/// takes only items of its own type, a dictionary of simple values only
/// values of their type, a table only columns of the types of its own
/// (join.md); else `'type`.
pub fn check_append(x: &K, y: &K) -> Result<(), QError> {
    let simple_type = |v: &K| match v {
        K::Vector(a) => Some(a.ty),
        K::Atom(t, _) => Some(*t),
        _ => None,
    };
    match (x, y) {
        (K::Vector(a), K::Vector(_) | K::Atom(..)) if simple_type(y) != Some(a.ty) => {
            return Err(crate::k::qerr("type"));
        }
        (K::Dict(a), K::Dict(b)) if !x.is_keyed_table() && !y.is_keyed_table() => {
            if let (K::Vector(va), Some(tb)) = (&a.values, simple_type(&b.values))
                && va.ty != tb
            {
                return Err(crate::k::qerr("type"));
            }
        }
        (K::Table(a), K::Table(b)) => {
            for (n, c) in b.names.iter().zip(&b.cols) {
                if let Some(p) = a.names.iter().position(|m| m == n)
                    && let (Some(ta), Some(tb)) = (simple_type(&a.cols[p]), simple_type(c))
                    && ta != tb
                {
                    return Err(crate::k::qerr("type"));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Whether `x` and `y` are enumerations over the same domain.
fn same_domain(x: &K, y: &K) -> bool {
    matches!((x, y), (K::Enum(a), K::Enum(b)) if a.domain == b.domain)
}

/// The symbols an enumeration stands for (a link's row numbers); other
/// values as they are.
pub fn de_enumerate(x: &K) -> K {
    match x {
        K::Enum(e) if e.keys.is_some() => e.items(),
        K::Enum(e) if e.link => e.positions(),
        K::Enum(e) if e.atom => K::sym(e.values.get(0)),
        K::Enum(e) => K::syms(e.values.clone()),
        _ => x.clone(),
    }
}

/// `x` and `y` ready to be matched item against item: an enumeration met
/// by anything but an enumeration over its own domain stands for its
/// symbols (`` `a`b?`sym$`b `` is 1), so find, `in` and dictionary keys
/// see through it. `None` when neither is an enumeration to resolve.
pub fn matchable(x: &K, y: &K) -> Option<(K, K)> {
    let resolve = (matches!(x, K::Enum(_)) || matches!(y, K::Enum(_))) && !same_domain(x, y);
    resolve.then(|| (de_enumerate(x), de_enumerate(y)))
}

/// `enlist x`: a one-item list.
pub fn enlist(x: K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    match x {
        K::Atom(t, s) => {
            let mut d = Data::with_capacity(t, 1);
            d.push(&s);
            K::vector(t, d)
        }
        // A dictionary with no keys stays one item: a table of no columns
        // would have no rows.
        K::Dict(ref d) if matches!(d.keys, K::Vector(ref v) if v.ty == Type::Symbol && !v.is_empty()) =>
        {
            // enlist of a dict with symbol keys is a one-row table.
            let names = match &d.keys {
                K::Vector(v) => match &v.data {
                    Data::Sym(s) => s.clone(),
                    _ => unreachable_names(),
                },
                _ => unreachable_names(),
            };
            // Each value becomes a one-item column. A table of values gives
            // its rows as one-row tables, taken directly: going through row
            // dictionaries would rebuild every nested level again.
            let cols = match &d.values {
                K::Table(t) => (0..t.rows() as i64)
                    .map(|i| gather(&d.values, &[i]))
                    .collect(),
                _ => items(&d.values).into_iter().map(enlist).collect(),
            };
            K::table(names, cols)
        }
        K::Enum(ref e) if e.atom => K::Enum(Rc::new(Enumeration {
            atom: false,
            attr: crate::k::Attr::None,
            ..(**e).clone()
        })),
        other => K::list(vec![other]),
    }
}

fn unreachable_names() -> SymVec {
    SymVec::new()
}

/// The symbols of a symbol atom or vector.
pub fn syms_of(x: &K) -> Result<SymVec, QError> {
    match x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => {
            let mut v = SymVec::new();
            v.push(s);
            Ok(v)
        }
        K::Vector(v) => match &v.data {
            Data::Sym(s) => Ok(s.clone()),
            _ => Err(qerr("type")),
        },
        K::List(l) if l.items.is_empty() => Ok(SymVec::new()),
        K::Enum(e) => Ok(e.values.clone()),
        _ => Err(qerr("type")),
    }
}

/// Indices from an integral atom or vector (booleans, bytes, shorts, ints, longs).
pub fn longs_of(x: &K) -> Result<Vec<i64>, QError> {
    match x {
        K::Atom(..) => x.as_i64().map(|i| vec![i]).ok_or_else(|| qerr("type")),
        K::Vector(v) => vector_longs(v).ok_or_else(|| qerr("type")),
        K::List(l) if l.items.is_empty() => Ok(Vec::new()),
        _ => Err(qerr("type")),
    }
}

/// A vector's items as longs when its type is integral.
pub fn vector_longs(v: &Vector) -> Option<Vec<i64>> {
    match (&v.data, v.ty) {
        (Data::U8(d), Type::Boolean | Type::Byte) => Some(d.iter().map(|&b| b as i64).collect()),
        (Data::I16(d), _) => Some(d.iter().map(|&b| widen16(b)).collect()),
        (Data::I32(d), Type::Int) => Some(d.iter().map(|&b| widen32(b)).collect()),
        (Data::I64(d), Type::Long) => Some(d.clone()),
        _ => None,
    }
}

/// Widens a short keeping null and infinities.
pub fn widen16(x: i16) -> i64 {
    match x {
        crate::k::NULL_SHORT => crate::k::NULL_LONG,
        crate::k::INF_SHORT => crate::k::INF_LONG,
        x if x == -crate::k::INF_SHORT => -crate::k::INF_LONG,
        x => x as i64,
    }
}

/// Widens an int keeping null and infinities.
pub fn widen32(x: i32) -> i64 {
    match x {
        crate::k::NULL_INT => crate::k::NULL_LONG,
        crate::k::INF_INT => crate::k::INF_LONG,
        x if x == -crate::k::INF_INT => -crate::k::INF_LONG,
        x => x as i64,
    }
}

fn hash_scalar<H: Hasher>(s: &Scalar, h: &mut H) {
    match s {
        Scalar::U8(x) => x.hash(h),
        Scalar::Guid(x) => x.hash(h),
        Scalar::I16(x) => x.hash(h),
        Scalar::I32(x) => x.hash(h),
        Scalar::I64(x) => x.hash(h),
        Scalar::F32(x) => canonical_f64(*x as f64).hash(h),
        Scalar::F64(x) => canonical_f64(*x).hash(h),
        Scalar::Sym(x) => x.as_bytes().hash(h),
    }
}

fn canonical_f64(x: f64) -> u64 {
    if x.is_nan() {
        u64::MAX
    } else if x == 0.0 {
        0
    } else {
        x.to_bits()
    }
}

/// Feeds a value to a hasher so that values that match (`~`) hash alike.
pub fn hash_value<H: Hasher>(x: &K, h: &mut H) {
    x.type_code().hash(h);
    if !crate::k::depth::room() {
        return;
    }
    match x {
        K::Atom(_, s) => hash_scalar(s, h),
        K::Vector(v) => {
            v.len().hash(h);
            // The first items, a slice at a time where their bytes are
            // what matching compares (floats are made canonical first).
            let n = v.len().min(16);
            match &v.data {
                Data::U8(d) => h.write(&d[..n]),
                Data::I16(d) => d[..n].iter().for_each(|x| h.write_u16(*x as u16)),
                Data::I32(d) => d[..n].iter().for_each(|x| h.write_u32(*x as u32)),
                Data::I64(d) => d[..n].iter().for_each(|x| h.write_u64(*x as u64)),
                Data::F32(d) => d[..n]
                    .iter()
                    .for_each(|x| h.write_u64(canonical_f64(*x as f64))),
                Data::F64(d) => d[..n].iter().for_each(|x| h.write_u64(canonical_f64(*x))),
                Data::Guid(d) => d[..n].iter().for_each(|g| h.write(g)),
                Data::Sym(d) => (0..n).for_each(|i| d.get(i).hash(h)),
            }
        }
        K::List(l) => {
            l.items.len().hash(h);
            for it in l.items.iter().take(8) {
                hash_value(it, h);
            }
        }
        K::Enum(e) => {
            for s in e.values.iter().take(8) {
                s.hash(h);
            }
        }
        // A table's rows are dictionaries: keyed by their values too, or
        // every row would meet every other in one bucket.
        K::Dict(d) => {
            hash_value(&d.keys, h);
            hash_value(&d.values, h);
        }
        K::Table(t) => {
            t.names.len().hash(h);
            for c in t.cols.iter().take(8) {
                hash_value(c, h);
            }
        }
        _ => {}
    }
}

/// Whether a list of `n` items of `width` bytes each can be made: past
/// q's limit of 2^40-1 items it is `'limit`, past the workspace limit (`-w`,
/// else the machine's memory) `'wsfull` (errors.md), rather than an
/// allocation that aborts.
pub fn check_alloc(n: u64, width: u64) -> Result<(), QError> {
    if n >= 1 << 40 {
        return Err(qerr("limit"));
    }
    crate::k::memory::reserve_items(n as usize, width.max(1) as usize)
}

/// The bytes one item of `x` takes when repeated into a list.
pub fn item_width(x: &K) -> u64 {
    match x {
        K::Atom(t, _) => t.width().max(8) as u64,
        _ => std::mem::size_of::<K>() as u64,
    }
}

/// A dictionary value from keys and values, checking counts. Column names
/// and one symbol, a splayed table's directory or a partitioned table's
/// name, are the parts of a mapped table (flip-splayed.md).
pub fn make_dict(keys: K, values: K) -> Result<K, QError> {
    let mapped_table = matches!(&keys, K::Vector(v) if v.ty == Type::Symbol)
        && matches!(&values, K::Atom(Type::Symbol, _));
    if keys.count() != values.count() && !(keys.is_atom() && values.is_atom()) && !mapped_table {
        return Err(qerr("length"));
    }
    Ok(K::Dict(Rc::new(Dict {
        sorted: false,
        keys,
        values,
    })))
}

/// Maps the bytes of a char atom or vector.
pub fn map_chars(x: &K, f: impl Fn(u8) -> u8) -> Result<K, QError> {
    match x {
        K::Atom(Type::Char, Scalar::U8(c)) => Ok(K::char(f(*c))),
        K::Vector(v) if v.ty == Type::Char => match &v.data {
            Data::U8(b) => Ok(K::string(b.iter().map(|&c| f(c)).collect::<Vec<u8>>())),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

/// Maps the text of a symbol atom or vector.
pub fn map_syms(x: &K, f: impl Fn(&[u8]) -> Vec<u8>) -> Result<K, QError> {
    match x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => Ok(K::sym(crate::k::Sym::new(&f(s)))),
        K::Vector(v) if v.ty == Type::Symbol => match &v.data {
            Data::Sym(d) => {
                let mut out = SymVec::with_capacity(d.len(), d.packed().len());
                for s in d.iter() {
                    out.push(&f(s));
                }
                Ok(K::syms(out))
            }
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash_of(x: &K) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        hash_value(x, &mut h);
        h.finish()
    }

    #[test]
    fn vectors_that_match_hash_alike() {
        // Match (`~`) takes -0.0 as 0.0 and every NaN as null.
        let odd_nan = f64::from_bits(f64::NAN.to_bits() | 1);
        assert_eq!(
            hash_of(&K::floats(vec![0.0, f64::NAN, 1.5])),
            hash_of(&K::floats(vec![-0.0, odd_nan, 1.5]))
        );
        // Strings by their bytes, symbols by their names.
        assert_eq!(hash_of(&K::string(b"abc")), hash_of(&K::string(b"abc")));
        assert_ne!(hash_of(&K::string(b"abc")), hash_of(&K::string(b"abd")));
        assert_eq!(
            hash_of(&K::sym_list(["ab", "c"])),
            hash_of(&K::sym_list(["ab", "c"]))
        );
        // Items past the first sixteen do not count; the length does.
        let long = |last: i64| K::longs((0..20).chain([last]).collect());
        assert_eq!(hash_of(&long(1)), hash_of(&long(2)));
        assert_ne!(
            hash_of(&K::longs(vec![1, 2])),
            hash_of(&K::longs(vec![1, 2, 3]))
        );
    }

    #[test]
    fn atoms_of_one_type_collapse() {
        assert_eq!(
            from_items(vec![K::long(1), K::long(2)]),
            K::longs(vec![1, 2])
        );
        assert!(matches!(
            from_items(vec![K::long(1), K::int(2)]),
            K::List(_)
        ));
        assert!(matches!(from_items(vec![]), K::List(_)));
    }

    #[test]
    fn gather_out_of_range_gives_nulls() {
        let v = K::longs(vec![10, 20]);
        assert_eq!(gather(&v, &[1, 5]), K::longs(vec![20, crate::k::NULL_LONG]));
    }

    #[test]
    fn join_keeps_types() {
        assert_eq!(join(&K::longs(vec![1]), &K::long(2)), K::longs(vec![1, 2]));
        assert!(matches!(join(&K::long(1), &K::sym("a")), K::List(_)));
    }
}
