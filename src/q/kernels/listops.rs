//! List keywords and verbs: til, take, drop, join, find, where, group,
//! distinct, sorting, set operations, fills and the like.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::k::{Attr, Data, K, NULL_LONG, QError, Scalar, Type, is_null, qerr};

use super::KResult;
use super::hashing::Fast;
use super::list;
use super::verbs::Key;
use super::verbs::{self, Cmp};

/// `til n`.
pub fn til(x: K) -> KResult {
    let n = x
        .as_i64()
        .filter(|_| x.is_atom())
        .ok_or_else(|| qerr("type"))?;
    if n < 0 {
        return Err(qerr("domain"));
    }
    list::check_alloc(n as u64, 8)?;
    Ok(K::longs((0..n).collect()))
}

/// `first x`.
pub fn first(x: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    match x {
        K::Dict(d) if !x.is_keyed_table() => first(&d.values),
        K::Dict(d) => match (&d.keys, &d.values) {
            (K::Table(_), K::Table(v)) if v.rows() > 0 => list::row(v, 0),
            _ => K::Nil,
        },
        _ if x.is_atom() => x.clone(),
        _ if x.count() == 0 => list::null_item(x),
        _ => list::item(x, 0),
    }
}

/// `last x`.
pub fn last(x: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    match x {
        K::Dict(d) => last(&d.values),
        _ if x.is_atom() => x.clone(),
        _ if x.count() == 0 => list::null_item(x),
        _ => list::item(x, x.count() - 1),
    }
}

/// `where x`.
pub fn where_(x: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Dict(d) => {
            let idx = where_(&d.values)?;
            let pos = list::longs_of(&idx)?;
            Ok(list::gather(&d.keys, &pos))
        }
        K::Vector(v) if v.ty == Type::Boolean => match &v.data {
            Data::U8(b) => Ok(K::longs(super::pervade::where_true(b))),
            _ => Err(qerr("type")),
        },
        _ => {
            let counts = list::longs_of(x)?;
            let total = counts
                .iter()
                .fold(0u64, |t, &c| t.saturating_add(c.max(0) as u64));
            list::check_alloc(total, 8)?;
            let mut out = Vec::with_capacity(total as usize);
            for (i, c) in counts.into_iter().enumerate() {
                out.resize(out.len() + c.max(0) as usize, i as i64);
            }
            Ok(K::longs(out))
        }
    }
}

/// `reverse x`.
pub fn reverse(x: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    match x {
        K::Dict(d) => K::dict(reverse(&d.keys), reverse(&d.values)),
        _ if x.is_atom() => x.clone(),
        _ => {
            let n = x.count() as i64;
            let idx: Vec<i64> = (0..n).rev().collect();
            list::gather(x, &idx)
        }
    }
}

/// `group x`: distinct items to the positions where they occur.
pub fn group(x: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    if let K::Vector(v) = x {
        let g = super::hashing::groups(v);
        let keep: Vec<i64> = g.firsts.iter().map(|&i| i as i64).collect();
        let vals = g.positions().into_iter().map(K::longs).collect();
        return Ok(K::dict(list::gather(x, &keep), K::list(vals)));
    }
    let items = list::items(x);
    let mut order: Vec<K> = Vec::new();
    // Each item hashed once: the map gives its group's number.
    let mut numbers: HashMap<Key, usize, Fast> = HashMap::default();
    let mut positions: Vec<Vec<i64>> = Vec::new();
    for (i, it) in items.into_iter().enumerate() {
        let next = positions.len();
        let g = *numbers.entry(Key(it.clone())).or_insert(next);
        if g == next {
            order.push(it);
            positions.push(Vec::new());
        }
        positions[g].push(i as i64);
    }
    let vals: Vec<K> = positions.into_iter().map(K::longs).collect();
    let keys = if order.is_empty() {
        list::slice(x, 0, 0)
    } else {
        list::from_items(order)
    };
    Ok(K::dict(keys, K::list(vals)))
}

/// `key x` of a value: a dictionary's keys, a keyed table's key columns,
/// a vector's type name, an enumeration's domain, or `til x`. Names
/// (`` key `t ``) are the evaluator's to resolve.
pub fn key(x: &K) -> KResult {
    match x {
        K::Dict(d) => Ok(d.keys.clone()),
        K::Table(_) => Ok(K::sym_list(std::iter::empty())),
        K::Enum(e) => Ok(K::sym(e.domain.clone())),
        K::Vector(v) => Ok(K::sym(v.ty.name())),
        _ if x.as_i64().is_some() && x.is_atom() => til(x.clone()),
        _ => Err(qerr("type")),
    }
}

/// `distinct x`.
pub fn distinct(x: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    if x.is_atom() {
        return Err(qerr("type"));
    }
    if let K::Table(t) = x {
        let rows: Vec<K> = (0..t.rows()).map(|i| list::row(t, i)).collect();
        let mut seen = HashSet::new();
        let mut keep = Vec::new();
        for (i, r) in rows.into_iter().enumerate() {
            if seen.insert(Key(r)) {
                keep.push(i as i64);
            }
        }
        return Ok(list::gather(x, &keep));
    }
    if let K::Vector(v) = x {
        if let Some(data) = super::hashing::distinct_items(v) {
            return Ok(K::vector(v.ty, data));
        }
        let g = super::hashing::groups(v);
        let keep: Vec<i64> = g.firsts.iter().map(|&i| i as i64).collect();
        return Ok(list::gather(x, &keep));
    }
    let mut seen = HashSet::new();
    let mut keep = Vec::new();
    for (i, it) in list::items(x).into_iter().enumerate() {
        if seen.insert(Key(it)) {
            keep.push(i as i64);
        }
    }
    Ok(list::gather(x, &keep))
}

/// `x^y`: y with nulls replaced by x.
pub fn fill(x: &K, y: &K) -> Result<K, QError> {
    verbs::atomic2(x, y, &|a, b| {
        // Atomic: lists pair up item by item, and an atom goes with each.
        let spread;
        let b = match (a.is_atom(), b.is_atom()) {
            (false, false) if a.count() != b.count() => return Err(qerr("length")),
            (false, true) => {
                spread = take_n(a.count() as i64, b);
                &spread
            }
            _ => b,
        };
        let nulls = verbs::null_simple(b)?;
        let mask: Vec<bool> = match &nulls {
            K::Atom(_, Scalar::U8(v)) => vec![*v != 0],
            K::Vector(v) => match &v.data {
                Data::U8(m) => m.iter().map(|&z| z != 0).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        // The result type follows fill.md's table: the wider of two
        // numeric types, a temporal type over a number, else y's type.
        let tb = match b {
            K::Atom(t, _) => *t,
            K::Vector(v) => v.ty,
            _ => return Err(qerr("type")),
        };
        let ta = match a {
            K::Atom(t, _) => *t,
            K::Vector(v) => v.ty,
            _ => return Err(qerr("type")),
        };
        let ty = fill_type(ta, tb).ok_or_else(|| qerr("type"))?;
        let b = &super::casts::cast_to(ty, b)?;
        let filler = super::casts::cast_to(ty, a)?;
        if b.is_atom() {
            return Ok(if mask[0] { filler } else { b.clone() });
        }
        let mut items = list::items(b);
        for (i, m) in mask.iter().enumerate() {
            if *m {
                items[i] = if filler.is_atom() {
                    filler.clone()
                } else {
                    list::item(&filler, i)
                };
            }
        }
        Ok(list::from_items(items))
    })
}

/// Result types of `x^y`, rows for `x` and columns for `y` in the order
/// `b g x h i j e f c s p m d z n u v t`; `.` is a type error (fill.md).
const FILL_TYPES: [&str; 18] = [
    "b.xhijefc.pmdznuvt",
    ".g................",
    "x.xhijefc.pmdznuvt",
    "h.hhijefc.pmdznuvt",
    "i.iiijefc.pmdznuvt",
    "j.jjjjefc.pmdznuvt",
    "e.eeeeefc.pmdznuvt",
    "f.ffffffc.pmdznuvt",
    "c.ccccccc.pmdznuvt",
    ".........s........",
    "p.ppppppp.ppppnuvt",
    "m.mmmmmmm.pmd.....",
    "d.ddddddd.pddz....",
    "z.zzzzzzz.p.zznuvt",
    "n.nnnnnnn.n..nnnnn",
    "u.uuuuuuu.u..unuvt",
    "v.vvvvvvv.v..vnvvt",
    "t.ttttttt.t..tnttt",
];

/// The type of `x^y` for items of types `a` and `b` (fill.md).
fn fill_type(a: Type, b: Type) -> Option<Type> {
    let index = |t: Type| Type::ALL.iter().position(|&u| u == t).unwrap_or(0);
    match FILL_TYPES[index(a)].as_bytes()[index(b)] {
        b'.' => None,
        l => Type::from_letter(l),
    }
}

/// `x,y`.
pub fn join(x: &K, y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    list::check_alloc(
        x.count() as u64 + y.count() as u64,
        list::item_width(x).min(list::item_width(y)),
    )?;
    match (x, y) {
        (K::Dict(_), K::Dict(_)) if x.is_keyed_table() && y.is_keyed_table() => {
            super::keyed::upsert_keyed(x, y)
        }
        (K::Dict(a), K::Dict(b)) => Ok(join_dicts(a, b)),
        (K::Table(a), K::Table(b)) => {
            if a.names != b.names {
                // Same columns in another order are reordered; otherwise mismatch.
                let mut cols = Vec::with_capacity(a.cols.len());
                if a.names.len() != b.names.len() {
                    return Err(qerr("mismatch"));
                }
                for (i, n) in a.names.iter().enumerate() {
                    let p = b
                        .names
                        .iter()
                        .position(|m| m == n)
                        .ok_or_else(|| qerr("mismatch"))?;
                    cols.push(list::join(&a.cols[i], &b.cols[p]));
                }
                return Ok(K::table(a.names.clone(), cols));
            }
            let cols = a
                .cols
                .iter()
                .zip(&b.cols)
                .map(|(c, d)| list::join(c, d))
                .collect();
            Ok(K::table(a.names.clone(), cols))
        }
        (K::Table(_), K::Dict(_)) => join(x, &list::enlist(y.clone())),
        // An atom or simple list does not join a dictionary (raze.md).
        (K::Atom(..) | K::Vector(_), K::Dict(_)) if !y.is_keyed_table() => Err(qerr("type")),
        _ => Ok(list::join(x, y)),
    }
}

/// Where each item of `probes` is among the dictionary keys `keys`, the
/// count of keys where it is not: hashed all at once where the shapes
/// allow, else searched for one by one.
pub fn key_positions(keys: &K, probes: &K) -> Vec<usize> {
    let n = keys.count();
    let m = probes.count();
    if let K::Vector(found) = find(keys, probes)
        && found.len() == m
        && let Ok(found) = list::longs_of(&K::Vector(found))
    {
        return found.into_iter().map(|p| p as usize).collect();
    }
    (0..m)
        .map(|j| super::index::find_one(keys, &list::item(probes, j)).unwrap_or(n))
        .collect()
}

/// `x,y` of dictionaries: y's entries replace x's, and its new keys are
/// appended in order (a key new to x that y repeats takes y's last value).
fn join_dicts(a: &crate::k::Dict, b: &crate::k::Dict) -> K {
    let n = a.keys.count();
    // x's entry r takes y's value from[r]; y's entries `added` are new.
    let mut from = vec![-1i64; n];
    let mut added: Vec<i64> = Vec::new();
    let mut slot_of_new: HashMap<Key, usize, Fast> = HashMap::default();
    for (j, p) in key_positions(&a.keys, &b.keys).into_iter().enumerate() {
        if p < n {
            from[p] = j as i64;
            continue;
        }
        match slot_of_new.entry(Key(list::item(&b.keys, j))) {
            std::collections::hash_map::Entry::Occupied(e) => added[*e.get()] = j as i64,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(added.len());
                added.push(j as i64);
            }
        }
    }
    let typed = match (&a.values, &b.values) {
        (K::Vector(x), K::Vector(y)) if x.ty == y.ty => {
            x.data.merged(&y.data, &from).map(|d| K::vector(x.ty, d))
        }
        _ => None,
    };
    let replaced = typed.unwrap_or_else(|| {
        let mut vals = list::items(&a.values);
        for (r, &f) in from.iter().enumerate() {
            if f >= 0 {
                vals[r] = list::item(&b.values, f as usize);
            }
        }
        list::from_items(vals)
    });
    if added.is_empty() {
        return K::dict(a.keys.clone(), replaced);
    }
    K::dict(
        list::join(&a.keys, &list::gather(&b.keys, &added)),
        list::join(&replaced, &list::gather(&b.values, &added)),
    )
}

/// `x#y`.
pub fn take(x: &K, y: &K) -> Result<K, QError> {
    if let (K::Atom(Type::Symbol, Scalar::Sym(s)), false) = (x, y.is_atom()) {
        // `#x removes attributes; `s#x `u#x `p#x `g#x set one.
        match s.as_bytes() {
            [] => return set_attr(Attr::None, y),
            [c] if Attr::from_letter(*c).is_some() => {
                return set_attr(Attr::from_letter(*c).expect("letter"), y);
            }
            _ => {}
        }
    }
    let is_syms =
        matches!(x, K::Atom(Type::Symbol, _)) || matches!(x, K::Vector(v) if v.ty == Type::Symbol);
    if is_syms {
        return take_keys(x, y);
    }
    match x {
        K::Vector(v) if v.len() == 1 && list::vector_longs(v).is_some() => {
            let dims = list::vector_longs(v).expect("ints");
            list::check_alloc(dims[0].unsigned_abs(), list::item_width(y))?;
            Ok(take_n(dims[0], y))
        }
        K::Vector(v) if v.len() == 2 && list::vector_longs(v).is_some() => {
            let dims = list::vector_longs(v).expect("ints");
            reshape(dims[0], dims[1], y)
        }
        K::Vector(v) if v.len() > 2 && list::vector_longs(v).is_some() => {
            let dims = list::vector_longs(v).expect("ints");
            // Nulls, negatives, and an empty dimension before the last are
            // 'domain (take.md: `1 0 2#` is, `1 2 0#` is not).
            let (last, outer) = dims.split_last().expect("more than two");
            if *last < 0 || outer.iter().any(|&d| d <= 0) {
                return Err(qerr("domain"));
            }
            let total = dims
                .iter()
                .try_fold(1u64, |a, &d| a.checked_mul(d as u64))
                .ok_or_else(|| qerr("limit"))?;
            list::check_alloc(total, list::item_width(y))?;
            Ok(reshape_dims(&dims, &take_n(total as i64, y)))
        }
        K::Table(_) if matches!(y, K::Dict(d) if matches!(d.keys, K::Table(_))) => {
            // ([]k:..)#kt: rows of a keyed table by key, keys included; a
            // dictionary keyed by a table (`group` of a table) the same.
            Ok(K::dict(x.clone(), super::index::index1(y, x)?))
        }
        _ => {
            let n = x
                .as_i64()
                .filter(|_| x.is_atom())
                .ok_or_else(|| qerr("type"))?;
            list::check_alloc(n.unsigned_abs(), list::item_width(y))?;
            Ok(take_n(n, y))
        }
    }
}

/// `` `s#x ``: applies an attribute, checking what it promises.
fn set_attr(a: Attr, y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    match y {
        K::Vector(v) => {
            let n = v.len();
            if a == Attr::Sorted {
                let items = list::items(y);
                if items
                    .windows(2)
                    .any(|w| cmp_k(&w[0], &w[1]) == Ordering::Greater)
                {
                    return Err(qerr("s-fail"));
                }
            }
            if a == Attr::Unique {
                let set: HashSet<Key, Fast> = list::items(y).into_iter().map(Key).collect();
                if set.len() != n {
                    return Err(qerr("u-fail"));
                }
            }
            if a == Attr::Parted {
                // Each value's occurrences must be adjacent.
                let items = list::items(y);
                let mut seen: HashSet<Key, Fast> = HashSet::default();
                for (i, it) in items.iter().enumerate() {
                    if (i == 0 || !verbs::identical(it, &items[i - 1]))
                        && !seen.insert(Key(it.clone()))
                    {
                        return Err(qerr("u-fail"));
                    }
                }
            }
            let mut w = (**v).clone();
            w.attr = a;
            Ok(K::Vector(Rc::new(w)))
        }
        K::Enum(e) if !e.atom => {
            // The checks are those of the symbols it stands for.
            let syms = K::Vector(Rc::new(crate::k::Vector {
                ty: crate::k::Type::Symbol,
                attr: Attr::None,
                data: crate::k::Data::Sym(e.values.clone()),
            }));
            set_attr(a, &syms)?;
            let mut e2 = (**e).clone();
            e2.attr = a;
            Ok(K::Enum(Rc::new(e2)))
        }
        K::Dict(d) if a == Attr::Sorted => {
            let mut d2 = (**d).clone();
            d2.sorted = true;
            d2.keys = match &d.keys {
                // A keyed table's key table is marked sorted, its columns
                // left as they are (serialization.md, "Sorted keyed table").
                K::Table(t) => {
                    let mut keys = (**t).clone();
                    keys.attr = a;
                    K::Table(Rc::new(keys))
                }
                keys => set_attr(a, keys)?,
            };
            Ok(K::Dict(Rc::new(d2)))
        }
        K::Table(t) => {
            let mut t2 = (**t).clone();
            t2.attr = a;
            // `s# on a table marks its first column parted (set-attribute.md).
            if a == Attr::Sorted
                && let Some(first) = t2.cols.first_mut()
            {
                *first = set_attr(Attr::Parted, first)?;
            }
            Ok(K::Table(Rc::new(t2)))
        }
        K::List(l) => {
            let mut l2 = (**l).clone();
            l2.attr = a;
            Ok(K::List(Rc::new(l2)))
        }
        _ => Err(qerr("type")),
    }
}

fn take_keys(x: &K, y: &K) -> Result<K, QError> {
    match y {
        K::Table(t) => {
            let names = list::syms_of(x)?;
            let cols = super::keyed::columns(t, &names)?;
            Ok(K::table(names, cols))
        }
        K::Dict(d) => {
            let keys = if x.is_atom() {
                list::enlist(x.clone())
            } else {
                x.clone()
            };
            let vals = super::index::index1(y, &keys)?;
            let _ = d;
            Ok(K::dict(keys, vals))
        }
        _ => Err(qerr("type")),
    }
}

/// The first `n` items of `y` (last `-n` when negative), repeating cyclically.
pub fn take_n(n: i64, y: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    if let K::Dict(d) = y {
        return K::dict(take_n(n, &d.keys), take_n(n, &d.values));
    }
    if let K::Atom(t, sc) = y {
        return K::vector(*t, Data::repeat(*t, sc, n.unsigned_abs() as usize));
    }
    if let K::Vector(v) = y {
        return take_vector(n, v);
    }
    if let K::Enum(e) = y
        && e.atom
    {
        // `n#` of an enumerated atom keeps the domain, even when `n` is 0.
        return super::list::gather(
            &super::list::enlist(y.clone()),
            &vec![0; n.unsigned_abs() as usize],
        );
    }
    if y.is_atom() {
        let items = vec![y.clone(); n.unsigned_abs() as usize];
        return if items.is_empty() {
            match y {
                K::Atom(t, _) => K::empty(*t),
                _ => K::list(items),
            }
        } else {
            list::from_items(items)
        };
    }
    let c = y.count() as i64;
    if c == 0 {
        // Taking from the empty general list repeats its prototype, `()`:
        // `2#()` is `(();())`, a dictionary of empty lists to append to.
        if matches!(y, K::List(_)) {
            return K::list(vec![K::list(Vec::new()); n.unsigned_abs() as usize]);
        }
        return list::gather(y, &vec![-1; n.unsigned_abs() as usize]);
    }
    let idx: Vec<i64> = if n >= 0 {
        (0..n).map(|i| i % c).collect()
    } else {
        let m = -n;
        (0..m).map(|i| (c - m + i).rem_euclid(c)).collect()
    };
    let r = list::gather(y, &idx);
    if n >= 0 && n <= c { keep_attr(y, r) } else { r }
}

/// `n#v` for a simple vector by whole-slice copies (cyclic when `n`
/// exceeds the count; from the end when negative).
fn take_vector(n: i64, v: &Rc<crate::k::Vector>) -> K {
    let c = v.len();
    let m = n.unsigned_abs() as usize;
    if c == 0 {
        return list::gather(&K::Vector(v.clone()), &vec![-1; m]);
    }
    let mut data = Data::with_capacity(v.ty, m);
    // The first item taken: 0 going forward, or m items back from the end.
    let mut pos = if n >= 0 {
        0
    } else {
        (c as i64 - m as i64).rem_euclid(c as i64) as usize
    };
    let mut left = m;
    while left > 0 {
        let k = left.min(c - pos);
        data.extend_range(&v.data, pos, pos + k);
        left -= k;
        pos = (pos + k) % c;
    }
    let attr = if n >= 0 && m <= c && v.attr == Attr::Sorted {
        Attr::Sorted
    } else {
        Attr::None
    };
    K::vector_attr(v.ty, attr, data)
}

fn keep_attr(src: &K, r: K) -> K {
    match (src, r) {
        (K::Vector(s), K::Vector(mut v)) if s.attr == Attr::Sorted => {
            Rc::make_mut(&mut v).attr = Attr::Sorted;
            K::Vector(v)
        }
        (_, r) => r,
    }
}

/// Splits `flat` into nested lists of the given dimensions.
fn reshape_dims(dims: &[i64], flat: &K) -> K {
    if dims.len() == 1 {
        return flat.clone();
    }
    let inner: i64 = dims[1..].iter().product();
    let parts: Vec<K> = (0..dims[0])
        .map(|i| {
            let part = list::slice(flat, (i * inner) as usize, ((i + 1) * inner) as usize);
            reshape_dims(&dims[1..], &part)
        })
        .collect();
    K::list(parts)
}

fn reshape(rows: i64, cols: i64, y: &K) -> Result<K, QError> {
    let total = y.count() as i64;
    if rows == NULL_LONG && cols == NULL_LONG {
        return Err(qerr("length"));
    }
    if (rows < 0 && rows != NULL_LONG) || (cols < 0 && cols != NULL_LONG) {
        return Err(qerr("domain"));
    }
    if rows != NULL_LONG && cols != NULL_LONG {
        list::check_alloc(
            (rows as u64).saturating_mul(cols as u64),
            list::item_width(y),
        )?;
    }
    if rows != NULL_LONG {
        // The rows themselves, even empty ones (`0W 0#x`).
        list::check_alloc(rows as u64, std::mem::size_of::<K>() as u64)?;
    }
    let (rows, cols) = if rows == NULL_LONG {
        // 0N 3#x: as many full rows as fit, then the rest (no cycling).
        let cols = cols.max(1);
        let r = (total + cols - 1) / cols;
        let out = (0..r)
            .map(|i| list::slice(y, (i * cols) as usize, ((i + 1) * cols) as usize))
            .collect();
        return Ok(K::list(out));
    } else if cols == NULL_LONG {
        // 3 0N#x: rows of as-equal-as-possible lengths, longer at the end.
        let r = rows.max(1);
        let base = total / r;
        let extra = total % r;
        let mut out = Vec::with_capacity(r as usize);
        let mut start = 0;
        for i in 0..r {
            let len = base + if i >= r - extra { 1 } else { 0 };
            out.push(list::slice(y, start as usize, (start + len) as usize));
            start += len;
        }
        return Ok(K::list(out));
    } else {
        (rows, cols)
    };
    let flat = take_n(rows * cols, y);
    let mut out = Vec::with_capacity(rows.max(0) as usize);
    for r in 0..rows {
        let start = (r * cols) as usize;
        let end = start + cols as usize;
        out.push(list::slice(&flat, start, end.min(flat.count())));
    }
    Ok(K::list(out))
}

/// `x _ y`.
pub fn drop(x: &K, y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    let count_left =
        x.is_atom() && x.as_i64().is_some() && (!y.is_atom() || matches!(y, K::Dict(_)));
    match (x, y) {
        (K::Atom(..), _) if count_left => {
            let n = x.as_i64().expect("int");
            let c = y.count() as i64;
            if let K::Dict(d) = y {
                return Ok(K::dict(drop(x, &d.keys)?, drop(x, &d.values)?));
            }
            Ok(if n >= 0 {
                list::slice(y, n.min(c) as usize, c as usize)
            } else {
                list::slice(y, 0, (c + n).max(0) as usize)
            })
        }
        (K::Vector(v), _)
            if list::vector_longs(v).is_some()
                && !y.is_atom()
                && v.ty != Type::Boolean
                && !matches!(y, K::Dict(_)) =>
        {
            // Cut at the given positions.
            let pos = list::vector_longs(v).expect("ints");
            let c = y.count() as i64;
            let mut out = Vec::with_capacity(pos.len());
            for (i, &p) in pos.iter().enumerate() {
                let end = pos.get(i + 1).copied().unwrap_or(c);
                if p > end || p < 0 || end > c {
                    return Err(qerr("domain"));
                }
                out.push(list::slice(y, p as usize, end as usize));
            }
            Ok(K::list(out))
        }
        (_, K::Atom(..)) if !x.is_atom() && !matches!(x, K::Dict(_)) => {
            // list _ i: remove item i.
            let i = y.as_i64().ok_or_else(|| qerr("type"))?;
            let c = x.count() as i64;
            let idx: Vec<i64> = (0..c).filter(|&j| j != i).collect();
            Ok(list::gather(x, &idx))
        }
        (K::Dict(d), _) => {
            // d _ key: remove one key (a list of keys goes on the left).
            if !y.is_atom() {
                return Err(qerr("type"));
            }
            remove_keys(&d.keys, &d.values, std::slice::from_ref(y))
        }
        (_, K::Dict(d)) => {
            let keys = if x.is_atom() {
                vec![x.clone()]
            } else {
                list::items(x)
            };
            remove_keys(&d.keys, &d.values, &keys)
        }
        (_, K::Table(t)) if !x.is_atom() => {
            // `a`b _ t removes columns.
            let names = list::syms_of(x)?;
            let mut keep_names = crate::k::SymVec::new();
            let mut cols = Vec::new();
            for (i, n) in t.names.iter().enumerate() {
                if !names.iter().any(|m| m == n) {
                    keep_names.push(n);
                    cols.push(t.cols[i].clone());
                }
            }
            Ok(K::table(keep_names, cols))
        }
        _ => Err(qerr("type")),
    }
}

fn remove_keys(keys: &K, values: &K, drop: &[K]) -> Result<K, QError> {
    let set: HashSet<Key, Fast> = drop.iter().cloned().map(Key).collect();
    let idx: Vec<i64> = list::items(keys)
        .into_iter()
        .enumerate()
        .filter(|(_, k)| !set.contains(&Key(k.clone())))
        .map(|(i, _)| i as i64)
        .collect();
    Ok(K::dict(
        list::gather(keys, &idx),
        list::gather(values, &idx),
    ))
}

/// `x?y` where x is a list or dictionary: find, or for a dictionary the
/// key of the first matching value (reverse lookup).
pub fn find_in(x: &K, y: &K) -> KResult {
    if x.is_atom() {
        return Err(qerr("type"));
    }
    if let K::Dict(d) = x {
        let pos = find(&d.values, y);
        if let Some(p) = pos.as_i64().filter(|_| pos.is_atom()) {
            return Ok(match list::position(p, d.keys.count()) {
                Some(p) => list::item(&d.keys, p),
                None => list::null_item(&d.keys),
            });
        }
        let p = list::longs_of(&pos)?;
        return Ok(list::gather(&d.keys, &p));
    }
    Ok(find(x, y))
}

/// Where `s` first occurs in the ascending integral items `d` (their
/// count when it does not), by binary search: `` `s# `` makes find
/// logarithmic (set-attribute.md). `None` for other storage.
fn sorted_position(d: &Data, s: &Scalar) -> Option<usize> {
    fn lower<T: Ord + Copy>(v: &[T], x: T) -> usize {
        let p = v.partition_point(|&i| i < x);
        if v.get(p) == Some(&x) { p } else { v.len() }
    }
    Some(match (d, s) {
        (Data::I16(v), Scalar::I16(x)) => lower(v, *x),
        (Data::I32(v), Scalar::I32(x)) => lower(v, *x),
        (Data::I64(v), Scalar::I64(x)) => lower(v, *x),
        _ => return None,
    })
}

/// Positions of y's items in x. Find is rank-sensitive: x of rank n looks
/// for objects of rank n-1; y of that rank is one probe, y of higher rank
/// is searched item by item, and anything lower is not found.
pub fn find(x: &K, y: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    if let K::Table(t) = x {
        return find_rows(t, y);
    }
    if let Some((x, y)) = list::matchable(x, y) {
        return find(&x, &y);
    }
    let target = super::index::list_rank(x).saturating_sub(1);
    let r = super::index::list_rank(y);
    if r == target || (r < target && !matches!(x, K::List(_))) {
        if let (K::Vector(xv), K::Atom(t, s)) = (x, y)
            && xv.attr == Attr::Sorted
            && xv.ty == *t
            && let Some(p) = sorted_position(&xv.data, s)
        {
            return K::long(p as i64);
        }
        let p = super::index::find_one(x, y).unwrap_or(x.count());
        return K::long(p as i64);
    }
    if r < target {
        return K::long(x.count() as i64);
    }
    if let (K::Vector(xv), K::Vector(yv)) = (x, y)
        && xv.ty == yv.ty
        && let Some(pos) = super::hashing::find(xv, yv)
    {
        return K::longs(pos);
    }
    match y {
        K::Vector(_) | K::Enum(_) => {
            let probes = list::items(y);
            let pos = verbs::find_positions(x, &probes);
            K::longs(pos.into_iter().map(|p| p as i64).collect())
        }
        K::Dict(d) => K::dict(d.keys.clone(), find(x, &d.values)),
        // Many probes into a general list: its items hashed once, each probe
        // of the searched rank looked up (`strings in strings`).
        K::List(probes) if probes.items.len() > 8 && matches!(x, K::List(_)) => {
            let items = list::items(x);
            let mut first: HashMap<Key, usize, Fast> =
                HashMap::with_capacity_and_hasher(items.len(), Fast::default());
            for (p, item) in items.into_iter().enumerate().rev() {
                first.insert(Key(item), p);
            }
            let n = x.count();
            let out: Vec<K> = probes
                .items
                .iter()
                .map(|i| {
                    if super::index::list_rank(i) == target {
                        let key = Key(i.clone());
                        K::long(first.get(&key).copied().unwrap_or(n) as i64)
                    } else {
                        find(x, i)
                    }
                })
                .collect();
            list::from_items(out)
        }
        _ => {
            let out: Vec<K> = list::items(y).iter().map(|i| find(x, i)).collect();
            if out.is_empty() {
                K::longs(Vec::new())
            } else {
                list::from_items(out)
            }
        }
    }
}

/// `t?r`: the first row of `t` matching a record (a list or dict), or
/// each row of a table.
fn find_rows(t: &crate::k::Table, y: &K) -> K {
    let n = t.rows();
    let index = verbs::first_rows(t);
    let look = |vals: Vec<K>| -> i64 {
        let k: Vec<Key> = vals.into_iter().map(Key).collect();
        index.get(&k).map_or(n as i64, |&p| p as i64)
    };
    let in_order = |names: &crate::k::SymVec, vals: Vec<K>| -> Option<Vec<K>> {
        t.names
            .iter()
            .map(|c| names.iter().position(|m| m == c).map(|p| vals[p].clone()))
            .collect()
    };
    match y {
        K::Table(u) => {
            let cols: Option<Vec<K>> = t
                .names
                .iter()
                .map(|c| {
                    u.names
                        .iter()
                        .position(|m| m == c)
                        .map(|p| u.cols[p].clone())
                })
                .collect();
            let Some(cols) = cols else {
                return K::longs(vec![n as i64; u.rows()]);
            };
            K::longs(
                (0..u.rows())
                    .map(|r| look(cols.iter().map(|c| list::item(c, r)).collect()))
                    .collect(),
            )
        }
        K::Dict(d) => match list::syms_of(&d.keys) {
            Ok(names) => match in_order(&names, list::items(&d.values)) {
                Some(vals) => K::long(look(vals)),
                None => K::long(n as i64),
            },
            Err(_) => K::long(n as i64),
        },
        // A list of records, each a value per column: a position each
        // (`t?((`Dent;98);(`Prefect;126))`, `t?enlist each 1001 1002`).
        K::List(l)
            if !l.items.is_empty()
                && l.items.iter().all(|r| {
                    !r.is_atom() && !matches!(r, K::Dict(_)) && r.count() == t.names.len()
                }) =>
        {
            K::longs(l.items.iter().map(|r| look(list::items(r))).collect())
        }
        _ => K::long(look(list::items(y))),
    }
}

/// `?[c;a;b]`: the vector conditional, items of `a` where `c` is true
/// and of `b` elsewhere. `c` is boolean, and `a` and `b` are atoms or as
/// long as `c`, of one type when both are simple (vector-conditional.md).
pub fn vector_conditional(c: &K, a: &K, b: &K) -> KResult {
    if c.type_code().abs() != Type::Boolean as i16 {
        return Err(qerr("type"));
    }
    if c.is_atom() {
        return Ok(if c.as_i64() == Some(0) { b } else { a }.clone());
    }
    let mask = list::longs_of(c)?;
    let n = mask.len();
    if [a, b].iter().any(|s| !s.is_atom() && s.count() != n) {
        return Err(qerr("length"));
    }
    let simple = |k: &K| matches!(k, K::Atom(..) | K::Vector(_) | K::Enum(_));
    if simple(a) && simple(b) && a.type_code().abs() != b.type_code().abs() {
        return Err(qerr("type"));
    }
    let mut out = Vec::with_capacity(n);
    for (i, m) in mask.into_iter().enumerate() {
        let src = if m != 0 { a } else { b };
        out.push(if src.is_atom() {
            src.clone()
        } else {
            list::item(src, i)
        });
    }
    Ok(list::from_items(out))
}

/// `x in y`: left-atomic against an atom or vector `y`; against a general
/// list, whether x is an item of y (found with Find's rank rules).
pub fn in_(x: &K, y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    if let Some((x, y)) = list::matchable(x, y) {
        return in_(&x, &y);
    }
    if let K::List(_) = y {
        let r = find(y, x);
        let n = y.count() as i64;
        return Ok(match &r {
            K::Atom(..) => K::bool(r.as_i64().is_some_and(|p| p < n)),
            _ => verbs::atomic1(&r, &|p| {
                let pos = list::longs_of(p)?;
                let found: Vec<bool> = pos.into_iter().map(|q| q < n).collect();
                Ok(if p.is_atom() {
                    K::bool(found[0])
                } else {
                    K::bools(found)
                })
            })?,
        });
    }
    match x {
        K::List(l) => {
            let out: Vec<K> = l
                .items
                .iter()
                .map(|i| in_(i, y))
                .collect::<Result<_, _>>()?;
            Ok(if out.is_empty() {
                K::bools(Vec::new())
            } else {
                list::from_items(out)
            })
        }
        K::Dict(d) => Ok(K::dict(d.keys.clone(), in_(&d.values, y)?)),
        _ => {
            let (tx, ty) = (simple_type(x), simple_type(y));
            if let (Some(a), Some(b)) = (tx, ty)
                && a != b
            {
                // Mixed types work only against an atom or a one-item list
                // (in.md), by comparison.
                if y.count() != 1 {
                    return Err(qerr("type"));
                }
                let probe = if y.is_atom() {
                    y.clone()
                } else {
                    list::item(y, 0)
                };
                return verbs::compare(Cmp::Eq, x, &probe);
            }
            if x.is_atom() {
                return Ok(K::bool(super::index::find_one(y, x).is_some()));
            }
            if let (K::Vector(xv), K::Vector(yv)) = (x, y)
                && xv.ty == yv.ty
                && let Some(pos) = super::hashing::find(yv, xv)
            {
                let n = yv.len() as i64;
                return Ok(K::bools(pos.into_iter().map(|p| p < n).collect()));
            }
            let probes = list::items(x);
            let n = y.count();
            let pos = verbs::find_positions(y, &probes);
            Ok(K::bools(pos.into_iter().map(|p| p < n).collect()))
        }
    }
}

/// The simple type of an atom or vector.
fn simple_type(x: &K) -> Option<Type> {
    match x {
        K::Atom(t, _) => Some(*t),
        K::Vector(v) => Some(v.ty),
        K::Enum(_) => Some(Type::Symbol),
        _ => None,
    }
}

/// `x within (lo;hi)`.
pub fn within(x: &K, y: &K) -> Result<K, QError> {
    if y.count() != 2 {
        return Err(qerr("length"));
    }
    let lo = list::item(y, 0);
    let hi = list::item(y, 1);
    let ge = super::math::not(&verbs::compare(Cmp::Lt, x, &lo)?)?;
    let le = super::math::not(&verbs::compare(Cmp::Gt, x, &hi)?)?;
    verbs::arith(verbs::Arith::Min, &ge, &le)
}

/// `x bin y` / `x binr y`: binary search in sorted x (bin.md). A simple
/// `x` is atomic in `y`; a nested `x` compares items lexicographically; a
/// dictionary's values are searched and its keys returned; a table's
/// rows are matched on all but the last column and searched on the last.
pub fn bin(x: &K, y: &K, right: bool) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Dict(d) => {
            let r = bin(&d.values, y, right)?;
            let idx = list::longs_of(&r)?;
            let keys = list::gather(&d.keys, &idx);
            Ok(if r.is_atom() {
                list::item(&keys, 0)
            } else {
                keys
            })
        }
        K::Table(t) => bin_table(t, y, right),
        K::List(_) => {
            let items = list::items(x);
            let search = |v: &K| search_sorted(&items, v, right, listops_cmp);
            // One probe when y is shaped like an item of x.
            let one = match (items.first(), y) {
                (_, K::Atom(..)) => true,
                (Some(first), _) if !first.is_atom() => {
                    !matches!(y, K::List(l) if l.items.iter().any(|i| !i.is_atom()))
                }
                _ => false,
            };
            if one {
                Ok(K::long(search(y)))
            } else {
                Ok(K::longs(list::items(y).iter().map(search).collect()))
            }
        }
        _ => {
            let items = list::items(x);
            bin_atomic(&items, y, right)
        }
    }
}

fn listops_cmp(a: &K, b: &K) -> Ordering {
    if a.is_atom() && b.is_atom() {
        verbs::cmp_atoms(a, b)
    } else {
        cmp_k(a, b)
    }
}

/// Searches a simple sorted `items` for each atom of `y`, keeping `y`'s shape.
fn bin_atomic(items: &[K], y: &K, right: bool) -> Result<K, QError> {
    crate::k::depth::check()?;
    match y {
        K::List(l) if !l.items.is_empty() => {
            let out = l
                .items
                .iter()
                .map(|i| bin_atomic(items, i, right))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(list::from_items(out))
        }
        K::Dict(d) => Ok(K::dict(
            d.keys.clone(),
            bin_atomic(items, &d.values, right)?,
        )),
        _ if y.is_atom() => Ok(K::long(search_sorted(items, y, right, verbs::cmp_atoms))),
        _ => Ok(K::longs(
            list::items(y)
                .iter()
                .map(|v| search_sorted(items, v, right, verbs::cmp_atoms))
                .collect(),
        )),
    }
}

/// The index of the last item `<= v` (`bin`, -1 if none) or of the first
/// item `>= v` (`binr`).
fn search_sorted(items: &[K], v: &K, right: bool, cmp: fn(&K, &K) -> Ordering) -> i64 {
    let (mut lo, mut hi) = (0usize, items.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let o = cmp(&items[mid], v);
        let go_right = if right {
            o == Ordering::Less
        } else {
            o != Ordering::Greater
        };
        if go_right {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if right { lo as i64 } else { lo as i64 - 1 }
}

/// `t bin y` for a table: for each row `y` (a dictionary, a list of the
/// column values, or the rows of a table), the last row of `t` whose
/// first n-1 columns match and whose last column is not greater (`bin`;
/// `binr`: the first not less); `0N` if none.
fn bin_table(t: &crate::k::Table, y: &K, right: bool) -> Result<K, QError> {
    let n = t.cols.len();
    if n == 0 {
        return Err(qerr("length"));
    }
    let probe_row = |r: &K| -> Result<Vec<K>, QError> {
        let vals = match r {
            K::Dict(d) => {
                let mut out = Vec::with_capacity(n);
                for name in t.names.iter() {
                    let k = K::sym(name);
                    let p = list::items(&d.keys)
                        .iter()
                        .position(|kk| verbs::matches(kk, &k))
                        .ok_or_else(|| qerr("length"))?;
                    out.push(list::item(&d.values, p));
                }
                out
            }
            _ => list::items(r),
        };
        if vals.len() != n {
            return Err(qerr("length"));
        }
        Ok(vals)
    };
    // The rows of each class of equal first n-1 columns, in order, with
    // their last column's values: found once, so each probe is a hash
    // lookup and a binary search.
    let mut classes: HashMap<Vec<Key>, (Vec<usize>, Vec<K>), Fast> = HashMap::default();
    for i in 0..t.rows() {
        let key: Vec<Key> = t.cols[..n - 1]
            .iter()
            .map(|c| Key(list::item(c, i)))
            .collect();
        let (rows, last) = classes.entry(key).or_default();
        rows.push(i);
        last.push(list::item(&t.cols[n - 1], i));
    }
    let search = |vals: Vec<K>| -> i64 {
        let mut vals = vals;
        let Some(v) = vals.pop() else {
            return NULL_LONG;
        };
        let key: Vec<Key> = vals.into_iter().map(Key).collect();
        let Some((rows, last)) = classes.get(&key) else {
            return NULL_LONG;
        };
        let p = search_sorted(last, &v, right, listops_cmp);
        if p < 0 || p as usize >= rows.len() {
            NULL_LONG
        } else {
            rows[p as usize] as i64
        }
    };
    match y {
        K::Table(u) => {
            let mut out = Vec::with_capacity(u.rows());
            for i in 0..u.rows() {
                out.push(search(probe_row(&list::row(u, i))?));
            }
            Ok(K::longs(out))
        }
        _ => Ok(K::long(search(probe_row(y)?))),
    }
}

/// Compares items `a` and `b` of `x` (a vector, table, dict values or
/// general list) as q's sorts do.
fn item_order<'a>(x: &'a K) -> Box<dyn Fn(usize, usize) -> Ordering + 'a> {
    match x {
        K::Vector(v) => match &v.data {
            Data::I64(d) => Box::new(move |a, b| d[a].cmp(&d[b])),
            Data::I32(d) => Box::new(move |a, b| d[a].cmp(&d[b])),
            Data::I16(d) => Box::new(move |a, b| d[a].cmp(&d[b])),
            Data::U8(d) => Box::new(move |a, b| d[a].cmp(&d[b])),
            Data::F64(d) => Box::new(move |a, b| verbs::cmp_f64(d[a], d[b])),
            Data::F32(d) => Box::new(move |a, b| verbs::cmp_f64(d[a] as f64, d[b] as f64)),
            Data::Sym(d) => Box::new(move |a, b| d.get(a).cmp(d.get(b))),
            Data::Guid(d) => Box::new(move |a, b| d[a].cmp(&d[b])),
        },
        K::Enum(e) => Box::new(move |a, b| e.values.get(a).cmp(e.values.get(b))),
        K::Dict(d) => item_order(&d.values),
        K::Table(t) => {
            let cols: Vec<Box<dyn Fn(usize, usize) -> Ordering + 'a>> =
                t.cols.iter().map(item_order).collect();
            Box::new(move |a, b| {
                for c in &cols {
                    let o = c(a, b);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                Ordering::Equal
            })
        }
        _ => {
            let items = list::items(x);
            Box::new(move |a, b| cmp_k(&items[a], &items[b]))
        }
    }
}

/// Order-preserving unsigned keys for the items of a numeric vector
/// (floats with null first), or `None` for other values.
fn sort_keys(x: &K) -> Option<Vec<u64>> {
    const TOP: u64 = 1 << 63;
    let float_key = |f: f64| -> u64 {
        if f.is_nan() {
            0
        } else {
            let b = (f + 0.0).to_bits();
            if b & TOP != 0 { !b } else { b | TOP }
        }
    };
    let K::Vector(v) = x else {
        return None;
    };
    Some(match &v.data {
        Data::I64(d) => d.iter().map(|&x| x as u64 ^ TOP).collect(),
        Data::I32(d) => d.iter().map(|&x| (x as i64) as u64 ^ TOP).collect(),
        Data::I16(d) => d.iter().map(|&x| (x as i64) as u64 ^ TOP).collect(),
        Data::U8(d) => d.iter().map(|&x| x as u64).collect(),
        Data::F64(d) => d.iter().map(|&x| float_key(x)).collect(),
        Data::F32(d) => d.iter().map(|&x| float_key(x as f64)).collect(),
        Data::Sym(syms) => symbol_ranks(syms),
        Data::Guid(_) => return None,
    })
}

/// Each symbol's place among the distinct symbols in byte order: a key
/// that sorts symbols as their text does.
fn symbol_ranks(syms: &crate::k::SymVec) -> Vec<u64> {
    let mut ids: HashMap<&[u8], u32, super::hashing::Fast> = HashMap::default();
    let mut distinct: Vec<&[u8]> = Vec::new();
    let raw: Vec<u32> = syms
        .iter()
        .map(|b| {
            *ids.entry(b).or_insert_with(|| {
                distinct.push(b);
                (distinct.len() - 1) as u32
            })
        })
        .collect();
    let mut by_text: Vec<u32> = (0..distinct.len() as u32).collect();
    by_text.sort_unstable_by(|&a, &b| distinct[a as usize].cmp(distinct[b as usize]));
    let mut rank = vec![0u64; distinct.len()];
    for (r, &d) in by_text.iter().enumerate() {
        rank[d as usize] = r as u64;
    }
    raw.into_iter().map(|i| rank[i as usize]).collect()
}

/// Positions of `x` sorted ascending, or descending; both are stable
/// (equal items keep their order).
pub fn grade(x: &K, descending: bool) -> Result<Vec<usize>, QError> {
    if x.is_atom() {
        return Err(qerr("rank"));
    }
    let n = x.count();
    let key_columns: Option<Vec<Vec<u64>>> = match x {
        K::Table(t) => t.cols.iter().map(sort_keys).collect(),
        K::Dict(d) => sort_keys(&d.values).map(|k| vec![k]),
        _ => sort_keys(x).map(|k| vec![k]),
    };
    if let Some(cols) = key_columns {
        // Sort by the last key first, then stably by each earlier one.
        let mut order: Vec<usize> = (0..n).collect();
        for keys in cols.iter().rev() {
            let key = |i: usize| if descending { !keys[i] } else { keys[i] };
            if order.windows(2).all(|w| key(w[0]) <= key(w[1])) {
                continue;
            }
            let keys: Vec<u64> = order.iter().map(|&i| key(i)).collect();
            order = stable_order(&keys).into_iter().map(|j| order[j]).collect();
        }
        return Ok(order);
    }
    let mut idx: Vec<usize> = (0..n).collect();
    let order = item_order(x);
    if descending {
        idx.sort_by(|&a, &b| order(b, a));
    } else {
        idx.sort_by(|&a, &b| order(a, b));
    }
    Ok(idx)
}

/// The positions of `keys` in ascending order of key, equal keys in the
/// order they come: a counting sort when the keys span a range not much
/// wider than their count, else a radix sort sixteen bits at a time over
/// the bits the keys differ in.
fn stable_order(keys: &[u64]) -> Vec<usize> {
    let n = keys.len();
    let (lo, hi) = keys
        .iter()
        .fold((u64::MAX, 0), |(lo, hi), &k| (lo.min(k), hi.max(k)));
    if n == 0 || lo == hi {
        return (0..n).collect();
    }
    let span = hi - lo;
    if span < (2 * n as u64).max(1024) {
        let mut starts = vec![0usize; span as usize + 2];
        for &k in keys {
            starts[(k - lo) as usize + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut out = vec![0usize; n];
        for (j, &k) in keys.iter().enumerate() {
            let at = &mut starts[(k - lo) as usize];
            out[*at] = j;
            *at += 1;
        }
        return out;
    }
    // (key less the smallest, position) pairs, moved digit by digit.
    let mut pairs: Vec<(u64, usize)> = keys.iter().enumerate().map(|(j, &k)| (k - lo, j)).collect();
    let mut moved = vec![(0u64, 0usize); n];
    let bits = 64 - span.leading_zeros();
    let mut counts = vec![0usize; (1 << 16) + 1];
    for shift in (0..bits).step_by(16) {
        counts.fill(0);
        for &(k, _) in &pairs {
            counts[((k >> shift) & 0xffff) as usize + 1] += 1;
        }
        for b in 1..counts.len() {
            counts[b] += counts[b - 1];
        }
        for &(k, j) in &pairs {
            let at = &mut counts[((k >> shift) & 0xffff) as usize];
            moved[*at] = (k, j);
            *at += 1;
        }
        std::mem::swap(&mut pairs, &mut moved);
    }
    pairs.into_iter().map(|(_, j)| j).collect()
}

/// Orders any two values: atoms by value, lists item by item.
pub fn cmp_k(a: &K, b: &K) -> Ordering {
    if !crate::k::depth::room() {
        return Ordering::Equal;
    }
    match (a.is_atom(), b.is_atom()) {
        // A mixed list sorts by type first (asc.md), then by value.
        (true, true) => (a.type_code().unsigned_abs())
            .cmp(&b.type_code().unsigned_abs())
            .then_with(|| verbs::cmp_atoms(a, b)),
        (false, false) => {
            let (x, y) = (list::items(a), list::items(b));
            for (p, q) in x.iter().zip(&y) {
                let o = cmp_k(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
    }
}

fn sorted(x: &K, descending: bool) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Table(t) => return sort_table(t, descending),
        K::Dict(d) if x.is_keyed_table() => {
            let K::Table(v) = &d.values else {
                return Err(qerr("type"));
            };
            let K::Table(keys) = &d.keys else {
                return Err(qerr("type"));
            };
            let order = rows_grade(v, descending)?;
            let values = sort_table(v, descending)?;
            return Ok(K::dict(
                list::gather(&K::Table(keys.clone()), &order),
                values,
            ));
        }
        _ => {}
    }
    let g = grade(x, descending)?;
    let idx: Vec<i64> = g.into_iter().map(|i| i as i64).collect();
    let r = list::gather(x, &idx);
    Ok(match r {
        K::Vector(mut v) if !descending => {
            Rc::make_mut(&mut v).attr = Attr::Sorted;
            K::Vector(v)
        }
        // A general list carries `s too, though the console does not show it.
        K::List(mut l) if !descending => {
            Rc::make_mut(&mut l).attr = Attr::Sorted;
            K::List(l)
        }
        K::Dict(d) if !descending => {
            let mut d2 = (*d).clone();
            if let K::Vector(v) = &mut d2.values {
                Rc::make_mut(v).attr = Attr::Sorted;
            }
            K::Dict(Rc::new(d2))
        }
        other => other,
    })
}

/// The grade of a table's rows, lexicographically by all its columns (stable).
fn rows_grade(t: &crate::k::Table, descending: bool) -> Result<Vec<i64>, QError> {
    if t.cols.is_empty() {
        return Ok(Vec::new());
    }
    Ok(grade(&K::Table(Rc::new(t.clone())), descending)?
        .into_iter()
        .map(|i| i as i64)
        .collect())
}

/// A table sorted lexicographically by its columns (asc.md): ascending
/// sets the sorted attribute on the first column when it is the only
/// one, else the parted attribute.
fn sort_table(t: &crate::k::Table, descending: bool) -> Result<K, QError> {
    let order = rows_grade(t, descending)?;
    let mut cols: Vec<K> = t.cols.iter().map(|c| list::gather(c, &order)).collect();
    if !descending && let Some(K::Vector(v)) = cols.first_mut() {
        Rc::make_mut(v).attr = if t.cols.len() == 1 {
            Attr::Sorted
        } else {
            Attr::Parted
        };
    }
    Ok(K::table(t.names.clone(), cols))
}

/// `asc x`.
pub fn asc(x: K) -> KResult {
    sorted(&x, false)
}

/// `desc x`.
pub fn desc(x: K) -> KResult {
    sorted(&x, true)
}

/// `iasc x` (a dictionary's keys in the order of its values).
pub fn iasc(x: K) -> KResult {
    grade_indices(&x, false)
}

/// `idesc x`.
pub fn idesc(x: K) -> KResult {
    grade_indices(&x, true)
}

fn grade_indices(x: &K, descending: bool) -> Result<K, QError> {
    let g: Vec<i64> = grade(x, descending)?
        .into_iter()
        .map(|i| i as i64)
        .collect();
    Ok(match x {
        K::Dict(d) => list::gather(&d.keys, &g),
        _ => K::longs(g),
    })
}

/// `rank x`: the position each item would take in sorted order.
pub fn rank(x: K) -> KResult {
    let g = grade(&x, false)?;
    let mut r = vec![0i64; g.len()];
    for (pos, i) in g.into_iter().enumerate() {
        r[i] = pos as i64;
    }
    Ok(K::longs(r))
}

/// `fills x`: nulls replaced by the previous non-null (column by column
/// in a table).
pub fn fills(x: K) -> KResult {
    if let Some(r) = super::math::uniform(&x, &fill_forward) {
        return r;
    }
    fill_forward(&x)
}

fn fill_forward(x: &K) -> Result<K, QError> {
    let K::Vector(v) = x else {
        return Ok(x.clone());
    };
    let n = v.len();
    let mut last: Option<Scalar> = None;
    let mut d = Data::with_capacity(v.ty, n);
    for i in 0..n {
        let s = v.data.get(i);
        if is_null(v.ty, &s) {
            d.push(last.as_ref().unwrap_or(&s));
        } else {
            d.push(&s);
            last = Some(s);
        }
    }
    Ok(K::vector(v.ty, d))
}

/// `next x`.
pub fn next(x: K) -> KResult {
    let n = x.count() as i64;
    let idx: Vec<i64> = (1..=n).collect();
    Ok(list::gather(&x, &idx))
}

/// `x xprev y`.
pub fn xprev(x: K, y: K) -> KResult {
    let k = x.as_i64().ok_or_else(|| qerr("type"))?;
    let n = y.count() as i64;
    let idx: Vec<i64> = (0..n).map(|i| i - k).collect();
    Ok(list::gather(&y, &idx))
}

/// `differ x`.
pub fn differ(x: K) -> KResult {
    if let K::Vector(v) = &x {
        return Ok(K::vector(Type::Boolean, Data::U8(differ_items(&v.data))));
    }
    let items = list::items(&x);
    let out: Vec<u8> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (i == 0 || !verbs::matches(it, &items[i - 1])) as u8)
        .collect();
    Ok(K::vector(Type::Boolean, Data::U8(out)))
}

/// [`differ`] of a vector's items: 1 for the first and for each item that
/// does not match the one before (floats within the comparison
/// tolerance, and nulls, matching as `~` has them).
fn differ_items(d: &Data) -> Vec<u8> {
    fn by<T>(v: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<u8> {
        let mut out = Vec::with_capacity(v.len());
        if !v.is_empty() {
            out.push(1);
        }
        out.extend(v.windows(2).map(|w| !same(&w[0], &w[1]) as u8));
        out
    }
    match d {
        Data::U8(v) => by(v, |a, b| a == b),
        Data::Guid(v) => by(v, |a, b| a == b),
        Data::I16(v) => by(v, |a, b| a == b),
        Data::I32(v) => by(v, |a, b| a == b),
        Data::I64(v) => by(v, |a, b| a == b),
        Data::F32(v) => by(v, |a, b| {
            verbs::cmp_tolerant(f64::from(*a), f64::from(*b)).is_eq()
        }),
        Data::F64(v) => by(v, |a, b| verbs::cmp_tolerant(*a, *b).is_eq()),
        Data::Sym(v) => {
            let mut before: Option<&[u8]> = None;
            v.iter()
                .map(|s| (before.replace(s) != Some(s)) as u8)
                .collect()
        }
    }
}

/// `x except y`.
pub fn except(x: K, y: K) -> KResult {
    if let Some(found) = found_in(&x, &y) {
        return Ok(list::gather(&x, &positions_where(&found, false)));
    }
    let drop: HashSet<Key, Fast> = if y.is_atom() {
        [Key(y.clone())].into_iter().collect()
    } else {
        list::items(&y).into_iter().map(Key).collect()
    };
    let idx: Vec<i64> = list::items(&x)
        .into_iter()
        .enumerate()
        .filter(|(_, i)| !drop.contains(&Key(i.clone())))
        .map(|(i, _)| i as i64)
        .collect();
    Ok(list::gather(&x, &idx))
}

/// `x inter y`.
pub fn inter(x: K, y: K) -> KResult {
    // Of dictionaries, the common values (inter.md).
    let values = |d: K| match d {
        K::Dict(ref e) if !d.is_keyed_table() => e.values.clone(),
        other => other,
    };
    let (x, y) = (values(x), values(y));
    if let Some(found) = found_in(&x, &y) {
        return Ok(list::gather(&x, &positions_where(&found, true)));
    }
    let keep: HashSet<Key, Fast> = list::items(&y).into_iter().map(Key).collect();
    let idx: Vec<i64> = list::items(&x)
        .into_iter()
        .enumerate()
        .filter(|(_, i)| keep.contains(&Key(i.clone())))
        .map(|(i, _)| i as i64)
        .collect();
    Ok(list::gather(&x, &idx))
}

/// Whether each item of vector `x` is in vector `y` of its type, found
/// with a typed hash (no item boxed); `None` for other arguments.
fn found_in(x: &K, y: &K) -> Option<Vec<bool>> {
    let (K::Vector(xv), K::Vector(yv)) = (x, y) else {
        return None;
    };
    if xv.ty != yv.ty {
        return None;
    }
    let n = yv.len() as i64;
    super::hashing::find(yv, xv).map(|pos| pos.into_iter().map(|p| p < n).collect())
}

/// The positions where `found` is `want`.
fn positions_where(found: &[bool], want: bool) -> Vec<i64> {
    (0..found.len() as i64)
        .filter(|&i| found[i as usize] == want)
        .collect()
}

/// `x union y`.
pub fn union(x: K, y: K) -> KResult {
    distinct(&join(&x, &y)?)
}

/// `x cross y`.
pub fn cross(x: K, y: K) -> KResult {
    let (nx, ny) = (x.count() as u64, y.count() as u64);
    if let (K::Table(a), K::Table(b)) = (&x, &y) {
        // Every row of x with every row of y: columns gathered, not rows
        // joined one by one (and an empty side gives an empty table).
        list::check_alloc(nx.saturating_mul(ny), 8)?;
        let (nx, ny) = (nx as i64, ny as i64);
        let left: Vec<i64> = (0..nx)
            .flat_map(|i| std::iter::repeat_n(i, ny as usize))
            .collect();
        let right: Vec<i64> = (0..nx).flat_map(|_| 0..ny).collect();
        return Ok(list::paired_rows(a, &left, b, &right));
    }
    // Each result item is a pair: the pair's list and its two items.
    list::check_alloc(nx.saturating_mul(ny), 64)?;
    let xs = list::items(&x);
    let ys = list::items(&y);
    let mut out = Vec::with_capacity(xs.len() * ys.len());
    for a in &xs {
        for b in &ys {
            out.push(join(a, b)?);
        }
    }
    Ok(list::from_items(out))
}

/// `n rotate x`.
pub fn rotate(x: K, y: K) -> KResult {
    let n = x.as_i64().ok_or_else(|| qerr("type"))?;
    let c = y.count() as i64;
    if c == 0 || y.is_atom() {
        return Ok(y);
    }
    let idx: Vec<i64> = (0..c).map(|i| (i + n).rem_euclid(c)).collect();
    Ok(list::gather(&y, &idx))
}

/// `n sublist x` or `(start;n) sublist x`.
pub fn sublist(x: K, y: K) -> KResult {
    sublist_of(&x, &y)
}

fn sublist_of(x: &K, y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    if let K::Dict(d) = y {
        return Ok(K::dict(sublist_of(x, &d.keys)?, sublist_of(x, &d.values)?));
    }
    let c = y.count();
    let (start, len) = match list::longs_of(x)?.as_slice() {
        [n] if *n >= 0 => (0usize, *n as usize),
        [n] => (
            c.saturating_sub(n.unsigned_abs() as usize),
            n.unsigned_abs() as usize,
        ),
        [s, n] => (*s as usize, *n as usize),
        _ => return Err(qerr("length")),
    };
    Ok(list::slice(y, start, start.saturating_add(len)))
}

/// `x cut y`.
pub fn cut(x: K, y: K) -> KResult {
    if let Some(n) = x.as_i64().filter(|_| x.is_atom()) {
        let c = y.count() as i64;
        let mut out = Vec::new();
        let mut s = 0;
        while s < c {
            out.push(list::slice(&y, s as usize, (s + n) as usize));
            s += n.max(1);
        }
        return Ok(K::list(out));
    }
    drop(&x, &y)
}

/// The attribute `x` carries.
pub fn attr_of(x: &K) -> Attr {
    match x {
        K::Vector(v) => v.attr,
        K::List(l) => l.attr,
        K::Table(t) => t.attr,
        K::Enum(e) => e.attr,
        K::Dict(d) if d.sorted => Attr::Sorted,
        _ => Attr::None,
    }
}

/// `attr x`.
pub fn attr(x: K) -> KResult {
    let a = attr_of(&x);
    Ok(K::sym(
        match a.letter() {
            Some(c) => c.to_string(),
            None => String::new(),
        }
        .as_str(),
    ))
}

/// `raze x` where joining an item fails as `,` does: an atom or simple list
/// followed by a dictionary is `'type` (raze.md).
pub fn raze_checked(x: &K) -> KResult {
    if let K::List(l) = x
        && let Some(first_dict) = l
            .items
            .iter()
            .position(|i| matches!(i, K::Dict(_)) && !i.is_keyed_table())
        && l.items[..first_dict]
            .iter()
            .any(|i| matches!(i, K::Atom(..) | K::Vector(_)))
    {
        return Err(qerr("type"));
    }
    Ok(raze(x))
}

/// `raze x`.
pub fn raze(x: &K) -> K {
    if !crate::k::depth::room() {
        return K::Nil;
    }
    match x {
        K::List(l) => {
            let mut it = l.items.iter();
            let Some(first) = it.next() else {
                return x.clone();
            };
            if let Some(joined) = raze_simple(&l.items) {
                return joined;
            }
            let mut acc = if first.is_atom() {
                list::enlist(first.clone())
            } else {
                first.clone()
            };
            // Once the result is a general list, the items that follow are
            // gathered in one buffer rather than joined one copy at a time.
            let mut flat: Option<Vec<K>> = None;
            for item in it {
                if let Some(v) = &mut flat {
                    match item {
                        K::Atom(..) => {
                            v.push(item.clone());
                            continue;
                        }
                        K::Vector(_) | K::List(_) => {
                            v.extend(list::items(item));
                            continue;
                        }
                        _ => acc = K::list(std::mem::take(v)),
                    }
                    flat = None;
                }
                acc = join(&acc, item).unwrap_or_else(|_| list::join(&acc, item));
                if let K::List(l) = &acc
                    && !l.items.is_empty()
                {
                    flat = Some(l.items.clone());
                }
            }
            match flat {
                Some(v) => K::list(v),
                None => acc,
            }
        }
        K::Dict(d) => raze(&d.values),
        // An atom is returned as a list (raze.md: `raze 42` is `,42`).
        K::Atom(..) => list::enlist(x.clone()),
        K::Enum(e) if e.atom => list::enlist(x.clone()),
        _ => x.clone(),
    }
}

/// `raze` of two or more vectors and atoms of one simple type: their
/// items copied once into one vector.
fn raze_simple(items: &[K]) -> Option<K> {
    if items.len() < 2 {
        return None;
    }
    let ty = match &items[0] {
        K::Vector(v) => v.ty,
        K::Atom(t, _) => *t,
        _ => return None,
    };
    let mut n = 0;
    for i in items {
        match i {
            K::Vector(v) if v.ty == ty => n += v.len(),
            K::Atom(t, _) if *t == ty => n += 1,
            _ => return None,
        }
    }
    let mut data = Data::with_capacity(ty, n);
    for i in items {
        match i {
            K::Vector(v) => {
                data.extend(&v.data);
            }
            K::Atom(_, s) => {
                data.push(s);
            }
            _ => {}
        }
    }
    Some(K::vector(ty, data))
}

/// `x xrank y`: which of `x` equal-sized buckets each item of `y` falls
/// in, by its rank.
pub fn xrank(x: K, y: K) -> KResult {
    let n = x.as_i64().ok_or_else(|| qerr("type"))?;
    let g = grade(&y, false)?;
    let count = g.len() as i64;
    let mut r = vec![0i64; g.len()];
    for (pos, i) in g.into_iter().enumerate() {
        r[i] = n * pos as i64 / count.max(1);
    }
    Ok(K::longs(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::qerr;

    #[test]
    fn stable_order_is_a_stable_sort_of_the_keys() {
        // Narrow ranges (counted), wide ones (radix), the extremes, ties.
        let mut seed = 12345u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for (n, modulus) in [
            (0, 1),
            (1, 1),
            (7, 1),
            (1000, 10),
            (5000, 3000),
            (5000, 1 << 40),
            (3000, 0),
        ] {
            let keys: Vec<u64> = (0..n)
                .map(|_| match modulus {
                    0 => [0, u64::MAX, 1 << 63][(next() % 3) as usize],
                    m => next() % m + 17,
                })
                .collect();
            let mut expected: Vec<usize> = (0..n).collect();
            expected.sort_by_key(|&j| keys[j]);
            assert_eq!(stable_order(&keys), expected, "{n} keys below {modulus}");
        }
    }

    fn longs(v: &[i64]) -> K {
        K::longs(v.to_vec())
    }

    #[test]
    fn til_counts_up_and_rejects_a_list() {
        assert_eq!(til(K::long(4)).unwrap(), longs(&[0, 1, 2, 3]));
        assert_eq!(til(longs(&[1, 2])).unwrap_err(), qerr("type"));
    }

    #[test]
    fn distinct_keeps_first_occurrences_in_order() {
        assert_eq!(
            distinct(&longs(&[3, 1, 3, 2, 1])).unwrap(),
            longs(&[3, 1, 2])
        );
    }

    #[test]
    fn group_maps_each_item_to_its_positions() {
        let g = group(&K::sym_list(["a", "b", "a"])).unwrap();
        let K::Dict(d) = g else { panic!("a dict") };
        assert_eq!(d.keys, K::sym_list(["a", "b"]));
        assert_eq!(d.values, K::list(vec![longs(&[0, 2]), longs(&[1])]));
    }

    #[test]
    fn take_repeats_and_takes_from_the_end() {
        assert_eq!(
            take(&K::long(5), &longs(&[1, 2])).unwrap(),
            longs(&[1, 2, 1, 2, 1])
        );
        assert_eq!(
            take(&K::long(-2), &longs(&[1, 2, 3])).unwrap(),
            longs(&[2, 3])
        );
    }

    #[test]
    fn find_gives_count_for_missing_items() {
        assert_eq!(
            find(&longs(&[10, 20, 30]), &longs(&[20, 99])),
            longs(&[1, 3])
        );
    }

    #[test]
    fn sorting_is_stable_and_grades_agree() {
        assert_eq!(asc(longs(&[3, 1, 2])).unwrap(), {
            let mut v = longs(&[1, 2, 3]);
            if let K::Vector(x) = &mut v {
                std::rc::Rc::make_mut(x).attr = crate::k::Attr::Sorted;
            }
            v
        });
        assert_eq!(iasc(longs(&[3, 1, 2])).unwrap(), longs(&[1, 2, 0]));
        assert_eq!(idesc(longs(&[3, 1, 2])).unwrap(), longs(&[0, 2, 1]));
    }

    #[test]
    fn set_operations_follow_the_left_argument() {
        assert_eq!(
            except(longs(&[1, 2, 3, 2]), K::long(2)).unwrap(),
            longs(&[1, 3])
        );
        assert_eq!(
            inter(longs(&[1, 2, 3]), longs(&[3, 1])).unwrap(),
            longs(&[1, 3])
        );
        assert_eq!(
            union(longs(&[1, 2]), longs(&[2, 3])).unwrap(),
            longs(&[1, 2, 3])
        );
    }

    #[test]
    fn vector_conditional_picks_item_by_item() {
        let r = vector_conditional(
            &K::bools(vec![true, false, true]),
            &longs(&[1, 2, 3]),
            &K::long(0),
        );
        assert_eq!(r.unwrap(), longs(&[1, 0, 3]));
    }

    #[test]
    fn vector_conditional_checks_its_arguments() {
        let err = |c: K, a: K, b: K| vector_conditional(&c, &a, &b).unwrap_err().to_string();
        let mask = || K::bools(vec![true, false]);
        assert_eq!(err(mask(), longs(&[1]), K::long(0)), "'length");
        assert_eq!(err(mask(), K::long(1), longs(&[1, 2, 3])), "'length");
        assert_eq!(err(longs(&[1, 0]), K::long(1), K::long(2)), "'type");
        assert_eq!(err(mask(), longs(&[1, 2]), K::sym("a")), "'type");
        let picked = vector_conditional(&K::bool(false), &K::long(1), &K::sym("a"));
        assert_eq!(picked.unwrap(), K::sym("a"));
    }
}
