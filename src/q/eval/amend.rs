//! Amend: indexed assignment (`x[i]:v`, `x[i;j]+:v`, `d[`k]:v`) and the
//! functional forms `@[x;i;f]`, `@[x;i;f;y]`, `.[x;i;f]`, `.[x;i;f;y]`.

use std::rc::Rc;

use crate::k::{K, QError, Scalar, Type, qerr};

use super::interp::{Interp, R};
use crate::q::kernels::hashing::Fast;
use crate::q::kernels::index::find_one;
use crate::q::kernels::list;
use crate::q::kernels::verbs::Key;
use std::collections::hash_map::Entry;

/// What to do with the item found at an index.
#[derive(Clone, Copy)]
enum Op<'a> {
    /// Replace it with the value.
    Assign,
    /// Replace it with `f[item]`.
    Unary(&'a K),
    /// Replace it with `f[item; value]`.
    Binary(&'a K),
}

/// `x[idx]:v`, or `x[idx] op: v` when `op` is given; `idx` indexes at depth.
pub(crate) fn amend(it: &mut Interp, x: K, idx: &[K], op: Option<&K>, v: K) -> R {
    let op = match op {
        Some(f) => Op::Binary(f),
        None => Op::Assign,
    };
    amend_at(it, x, idx, op, v)
}

/// The functional forms of amend. `deep` is true for `.`, where the index
/// is a list of per-depth indices; `@` indexes at the top level only.
pub(crate) fn functional(it: &mut Interp, deep: bool, args: Vec<K>) -> R {
    let mut a = args.into_iter();
    let target = a.next().expect("x");
    let index = a.next().expect("i");
    let f = a.next().expect("f");
    let y = a.next();
    let idx: Vec<K> = if deep {
        match &index {
            K::Nil => vec![K::Nil],
            i if i.is_atom() => vec![i.clone()],
            i => list::items(i),
        }
    } else {
        vec![index]
    };
    // `@[`:db/t;`;:;t]` assigns the whole table splayed, as `` ` sv `:db/t`` ` ``
    // names the directory `` `:db/t/ ``.
    if !deep
        && super::files::is_file_sym(&target)
        && matches!(&idx[0], K::Atom(Type::Symbol, Scalar::Sym(s)) if s.is_empty())
        && matches!(&f, K::Func(p) if matches!(**p, crate::k::Func::Binary(0)))
        && let Some(table) = &y
    {
        let dir = super::files::file_path_list(&K::syms(
            [list::syms_of(&target)?.get(0), b""].into_iter().collect(),
        ))
        .unwrap_or(K::Nil);
        (it.platform.file)(it, super::interp::FileVerb::Set, vec![dir, table.clone()])?;
        return Ok(target);
    }
    // `@[`:db/t;`c;f;y]` on a splayed table's directory amends the file of
    // each column named, whole (`.d` too, as `@[dir;`.d;,;`c]` adds a name).
    if !deep
        && super::files::is_file_sym(&target)
        && matches!(&idx[0], K::Atom(Type::Symbol, _) | K::Vector(_))
        && let Ok(names) = list::syms_of(&idx[0])
        && matches!(
            (it.platform.file)(it, super::interp::FileVerb::Key, vec![target.clone()])?,
            K::Vector(ref v) if v.ty == Type::Symbol
        )
    {
        for name in names.iter() {
            let file = super::files::file_path_list(&K::syms(
                [list::syms_of(&target)?.get(0), name].into_iter().collect(),
            ))
            .unwrap_or(K::Nil);
            let mut args = vec![file, K::list(Vec::new()), f.clone()];
            args.extend(y.clone());
            functional(it, true, args)?;
        }
        return Ok(target);
    }
    let is_assign = matches!(&f, K::Func(p) if matches!(**p, crate::k::Func::Binary(0)));
    // Assigning the whole of a name needs no old value: `.[`a;();:;v]`
    // makes `a`, and `.[`:f;();:;v]` writes the file `f`.
    let whole = is_assign && y.is_some() && idx.is_empty();
    let (name, x) = match &target {
        K::Atom(Type::Symbol, _) if super::files::is_file_sym(&target) => {
            let joins = matches!(&f, K::Func(p) if matches!(**p, crate::k::Func::Binary(12)));
            let v = if whole {
                K::Nil
            } else {
                match (it.platform.file)(it, super::interp::FileVerb::Get, vec![target.clone()]) {
                    Ok(v) => v,
                    // Appending to a file or splayed table not there yet
                    // makes it (`.[`:db/t/;();,;t]`, as KX's csvguess.q
                    // saves in chunks).
                    Err(_) if joins && idx.is_empty() && y.is_some() => K::list(Vec::new()),
                    Err(e) => return Err(e),
                }
            };
            (None, v)
        }
        K::Atom(Type::Symbol, Scalar::Sym(s)) => {
            let n = s.to_str_lossy().into_owned();
            if it.is_local(&n).is_none() {
                it.check_global_update(&n)?;
            }
            let v = match it.get_var(&n) {
                Ok(v) => v,
                Err(_) if whole => K::Nil,
                Err(e) => return Err(e.into()),
            };
            (Some(n), v)
        }
        _ => (None, target.clone()),
    };
    let result = match (&y, is_assign) {
        (Some(v), true) => amend_at(it, x, &idx, Op::Assign, v.clone())?,
        (Some(v), false) => amend_at(it, x, &idx, Op::Binary(&f), v.clone())?,
        (None, _) => amend_at(it, x, &idx, Op::Unary(&f), K::Nil)?,
    };
    match name {
        // A namespace (`` `. ``, `` `.u ``) amended: each entry back to
        // its variable, as `@[`.;`t`q;0#]` empties tables.
        Some(n) if is_namespace(it, &n) => {
            if let K::Dict(d) = &result
                && let K::Vector(keys) = &d.keys
                && let crate::k::Data::Sym(keys) = &keys.data
            {
                for (i, k) in keys.iter().enumerate() {
                    if k.is_empty() {
                        continue;
                    }
                    let k = String::from_utf8_lossy(k);
                    let full = if n == "." {
                        k.into_owned()
                    } else {
                        format!("{n}.{k}")
                    };
                    it.set_global(&full, list::item(&d.values, i));
                }
            }
            Ok(target)
        }
        Some(n) => {
            it.set_global(&n, result);
            Ok(target)
        }
        None if super::files::is_file_sym(&target) => {
            (it.platform.file)(
                it,
                super::interp::FileVerb::Replace,
                vec![target.clone(), result],
            )?;
            Ok(target)
        }
        None => Ok(result),
    }
}

fn apply_op(it: &mut Interp, op: Op<'_>, item: K, v: K) -> R {
    match op {
        Op::Assign => Ok(v),
        Op::Unary(f) => it.apply(f, vec![item]),
        Op::Binary(f) => it.apply(f, vec![item, v]),
    }
}

fn amend_at(it: &mut Interp, x: K, idx: &[K], op: Op<'_>, v: K) -> R {
    let Some((i, rest)) = idx.split_first() else {
        return apply_op(it, op, x, v);
    };
    match &x {
        K::Dict(_) if !x.is_keyed_table() => amend_dict(it, x, i, rest, op, v),
        K::Dict(_) => amend_keyed(it, x, i, rest, op, v),
        K::Table(_) if matches!(i, K::Atom(Type::Symbol, _)) || is_sym_vector(i) => {
            amend_table_columns(it, x, i, rest, op, v)
        }
        _ => match i {
            // An enumeration amends the items at its indices into the domain.
            K::Enum(e) => amend_list(it, x, &e.positions(), rest, op, v),
            _ => amend_list(it, x, i, rest, op, v),
        },
    }
}

fn is_sym_vector(i: &K) -> bool {
    matches!(i, K::Vector(v) if v.ty == Type::Symbol)
}

/// Pairs each index position with the value it receives.
fn spread(i: &K, v: &K, n: usize, op: Op<'_>) -> Result<Vec<(i64, K)>, QError> {
    let positions: Vec<i64> = match i {
        K::Nil => (0..n as i64).collect(),
        _ if i.is_atom() => {
            let p = i.as_i64().ok_or_else(|| qerr("type"))?;
            return Ok(vec![(p, v.clone())]);
        }
        _ => list::longs_of(i)?,
    };
    let pairwise = !v.is_atom() && !matches!(op, Op::Unary(_));
    if pairwise && v.count() != positions.len() {
        return Err(qerr("length"));
    }
    Ok(positions
        .into_iter()
        .enumerate()
        .map(|(k, p)| {
            (
                p,
                if pairwise {
                    list::item(v, k)
                } else {
                    v.clone()
                },
            )
        })
        .collect())
}

fn amend_list(it: &mut Interp, x: K, i: &K, rest: &[K], op: Op<'_>, v: K) -> R {
    // A general list of indices amends each in turn.
    if let K::List(l) = i {
        let mut acc = x;
        let pairwise = !v.is_atom();
        if pairwise && v.count() != l.items.len() {
            return Err(qerr("length").into());
        }
        for (k, sub) in l.items.iter().enumerate() {
            let vk = if pairwise {
                list::item(&v, k)
            } else {
                v.clone()
            };
            acc = amend_list(it, acc, sub, rest, op, vk)?;
        }
        return Ok(acc);
    }
    let n = x.count();
    let pairs = spread(i, &v, n, op)?;
    match x {
        K::Vector(mut vec) => {
            for (p, vk) in pairs {
                let pos = list::position(p, n).ok_or_else(|| qerr("length"))?;
                let old = vec.item(pos);
                let new = amend_at(it, old, rest, op, vk)?;
                match new {
                    K::Atom(t, s) if t == vec.ty => set_item(Rc::make_mut(&mut vec), pos, &s),
                    _ => {
                        // A different type can only go into a general list.
                        return Err(qerr("type").into());
                    }
                }
            }
            Ok(K::Vector(vec))
        }
        K::List(mut l) => {
            for (p, vk) in pairs {
                let pos = list::position(p, n).ok_or_else(|| qerr("length"))?;
                let old = std::mem::replace(&mut Rc::make_mut(&mut l).items[pos], K::Nil);
                let new = amend_at(it, old, rest, op, vk)?;
                Rc::make_mut(&mut l).items[pos] = new;
            }
            Ok(collapse_if_uniform(K::List(l)))
        }
        K::Table(t) => {
            // t[i]:dict replaces a row.
            let mut cols: Vec<K> = t.cols.clone();
            for (p, vk) in pairs {
                let pos = list::position(p, n).ok_or_else(|| qerr("length"))?;
                let row = list::row(&t, pos);
                let new = amend_at(it, row, rest, op, vk)?;
                let vals = match &new {
                    K::Dict(d) => list::items(&d.values),
                    _ => return Err(qerr("type").into()),
                };
                if vals.len() != cols.len() {
                    return Err(qerr("length").into());
                }
                for (c, val) in cols.iter_mut().zip(vals) {
                    let col = std::mem::replace(c, K::Nil);
                    *c = amend_at(it, col, &[K::long(pos as i64)], Op::Assign, val)?;
                }
            }
            Ok(K::table(t.names.clone(), cols))
        }
        K::Dict(_) => amend_dict(it, x, i, rest, op, v),
        _ => Err(qerr("type").into()),
    }
}

/// A general list whose items are now all atoms of one type becomes a
/// vector, as q's amend does (amend.md shows `600 500`).
fn collapse_if_uniform(x: K) -> K {
    match &x {
        K::List(l) if !l.items.is_empty() && l.items.iter().all(|i| matches!(i, K::Atom(..))) => {
            list::from_items(l.items.clone())
        }
        _ => x,
    }
}

/// `x[i]:v` for one index into a vector nothing else holds, with an atom
/// of the vector's own type: written into its buffer, since nothing can
/// fail once the index is known to be in range. Anything else comes back
/// for the general amend.
pub(crate) fn set_in_place(x: K, idx: &[K], plain: bool, v: &K) -> Result<K, K> {
    let mut vec = match x {
        K::Vector(vec) => vec,
        K::Dict(d) => return set_entry_in_place(d, idx, plain, v),
        other => return Err(other),
    };
    let ([K::Atom(Type::Short | Type::Int | Type::Long, _)], true, K::Atom(t, s)) = (idx, plain, v)
    else {
        return Err(K::Vector(vec));
    };
    let n = vec.len();
    let fits = *t == vec.ty;
    match (Rc::get_mut(&mut vec), idx[0].as_i64()) {
        (Some(body), Some(p)) if fits && (0..n as i64).contains(&p) => {
            set_item(body, p as usize, s);
            Ok(K::Vector(vec))
        }
        _ => Err(K::Vector(vec)),
    }
}

/// `x[i],:y` with one index into a general list, or one key of a
/// dictionary with simple keys and a general list of values, when nothing
/// else holds them: the item joined in its own buffer. A vector or list
/// item takes an atom, vector or list; anything else is left to the
/// general path (`Err` gives `x` back untouched).
pub(crate) fn join_at_in_place(x: K, idx: &[K], y: &K) -> Result<K, K> {
    let [i @ K::Atom(it, _)] = idx else {
        return Err(x);
    };
    if !matches!(y, K::Atom(..) | K::Vector(_) | K::List(_)) {
        return Err(x);
    }
    let grow = |items: &mut Vec<K>, p: usize| -> bool {
        if !matches!(items[p], K::Vector(_) | K::List(_)) {
            return false;
        }
        let item = std::mem::replace(&mut items[p], K::Nil);
        items[p] = list::append_in_place(item, y.clone())
            .unwrap_or_else(|(item, y)| list::join(&item, &y));
        true
    };
    match x {
        K::List(mut l) => {
            let p = match (it, i.as_i64()) {
                (Type::Short | Type::Int | Type::Long, Some(p)) if p >= 0 => p as usize,
                _ => return Err(K::List(l)),
            };
            let done = match Rc::get_mut(&mut l) {
                Some(body) => p < body.items.len() && grow(&mut body.items, p),
                None => false,
            };
            if done {
                Ok(K::List(l))
            } else {
                Err(K::List(l))
            }
        }
        K::Dict(mut d) => {
            let keyed = matches!(&d.keys, K::Vector(w) if w.ty == *it) && !d.sorted;
            let Some(p) = find_one(&d.keys, i).filter(|_| keyed) else {
                return Err(K::Dict(d));
            };
            let done = match Rc::get_mut(&mut d) {
                Some(body) => match &mut body.values {
                    K::List(l) => match Rc::get_mut(l) {
                        Some(values) => grow(&mut values.items, p),
                        None => false,
                    },
                    _ => false,
                },
                None => false,
            };
            if done {
                Ok(K::Dict(d))
            } else {
                Err(K::Dict(d))
            }
        }
        other => Err(other),
    }
}

/// `d[k]:v` on a dictionary nothing else holds, with simple keys and an
/// atom key and value of their types: the value set, or the key and value
/// appended, in the dictionary's own lists (a dictionary a loop fills).
fn set_entry_in_place(mut d: Rc<crate::k::Dict>, idx: &[K], plain: bool, v: &K) -> Result<K, K> {
    let ([key @ K::Atom(kt, _)], true, K::Atom(vt, vs)) = (idx, plain, v) else {
        return Err(K::Dict(d));
    };
    let fits = |c: &K, t: &Type| match c {
        K::Vector(w) => w.ty == *t,
        K::List(l) => !l.items.is_empty(),
        _ => false,
    };
    let simple_keys = matches!(&d.keys, K::Vector(w) if w.ty == *kt);
    let Some(body) =
        Rc::get_mut(&mut d).filter(|b| !b.sorted && simple_keys && fits(&b.values, vt))
    else {
        return Err(K::Dict(d));
    };
    match find_one(&body.keys, key) {
        Some(p) => match &mut body.values {
            K::Vector(w) => match Rc::get_mut(w) {
                Some(w) => set_item(w, p, vs),
                None => return Err(K::Dict(d)),
            },
            K::List(l) => match Rc::get_mut(l) {
                Some(l) => l.items[p] = v.clone(),
                None => return Err(K::Dict(d)),
            },
            _ => return Err(K::Dict(d)),
        },
        None => {
            let keys = std::mem::replace(&mut body.keys, K::Nil);
            let values = std::mem::replace(&mut body.values, K::Nil);
            match (
                list::append_in_place(keys, key.clone()),
                list::append_in_place(values, v.clone()),
            ) {
                (Ok(k), Ok(w)) => {
                    body.keys = k;
                    body.values = w;
                }
                (k, w) => {
                    // One grew and the other did not: both as joins.
                    let (k, w) = (
                        k.unwrap_or_else(|(k, y)| list::join(&k, &y)),
                        w.unwrap_or_else(|(w, y)| list::join(&w, &y)),
                    );
                    body.keys = k;
                    body.values = w;
                }
            }
        }
    }
    Ok(K::Dict(d))
}

fn set_item(v: &mut crate::k::Vector, pos: usize, s: &Scalar) {
    v.attr = crate::k::Attr::None;
    v.data.set(pos, s);
}

fn amend_dict(it: &mut Interp, x: K, i: &K, rest: &[K], op: Op<'_>, v: K) -> R {
    let K::Dict(d) = x else {
        return Err(qerr("type").into());
    };
    let mut keys = d.keys.clone();
    let mut values = d.values.clone();
    // A list of lists as keys takes a simple list as one key, as find does.
    let one_key = i.is_atom()
        || (matches!(keys, K::List(_))
            && !matches!(i, K::Nil)
            && crate::q::kernels::index::is_one_probe(&keys, i));
    let probes: Vec<K> = match i {
        K::Nil => list::items(&keys),
        _ if one_key => vec![i.clone()],
        _ => list::items(i),
    };
    let pairwise = !one_key && !v.is_atom() && !matches!(op, Op::Unary(_));
    if pairwise && v.count() != probes.len() {
        return Err(qerr("length").into());
    }
    let n = keys.count();
    let positions = key_positions(&keys, i, one_key);
    // Keys new to the dictionary, and their values, appended at the end;
    // a new key met again amends its own new value.
    let mut new_keys: Vec<K> = Vec::new();
    let mut new_values: Vec<K> = Vec::new();
    let mut new_slots: std::collections::HashMap<Key, usize, Fast> = Default::default();
    for (k, key) in probes.into_iter().enumerate() {
        let vk = if pairwise {
            list::item(&v, k)
        } else {
            v.clone()
        };
        match positions[k] {
            p if p < n => {
                let old = list::item(&values, p);
                let new = amend_at(it, old, rest, op, vk)?;
                values = replace_item(values, p, new)?;
            }
            _ => match new_slots.entry(Key(key)) {
                Entry::Occupied(e) => {
                    let s = *e.get();
                    let old = std::mem::replace(&mut new_values[s], K::Nil);
                    new_values[s] = amend_at(it, old, rest, op, vk)?;
                }
                Entry::Vacant(e) => {
                    let old = list::null_item(&values);
                    let new = amend_at(it, old, rest, op, vk)?;
                    new_keys.push(e.key().0.clone());
                    e.insert(new_keys.len() - 1);
                    new_values.push(new);
                }
            },
        }
    }
    if !new_keys.is_empty() {
        keys = append_items(keys, new_keys);
        values = append_items(values, new_values);
    }
    Ok(K::dict(keys, values))
}

/// Where each key `i` names is among `keys` (their count when it is not):
/// every key for `::`, `i` itself as one key, else each of its items.
fn key_positions(keys: &K, i: &K, one_key: bool) -> Vec<usize> {
    let n = keys.count();
    match i {
        K::Nil => (0..n).collect(),
        _ if one_key => vec![find_one(keys, i).unwrap_or(n)],
        _ => crate::q::kernels::listops::key_positions(keys, i),
    }
}

/// `items` appended to `list`: a vector stays one while they are atoms
/// of its type; anything else makes a general list.
fn append_items(list_so_far: K, items: Vec<K>) -> K {
    match &list_so_far {
        K::List(l) if l.items.is_empty() => list::from_items(items),
        K::Vector(v)
            if items
                .iter()
                .all(|x| matches!(x, K::Atom(t, _) if *t == v.ty)) =>
        {
            list::join(&list_so_far, &list::from_items(items))
        }
        _ if items.iter().all(K::is_atom) && !matches!(list_so_far, K::Vector(_)) => {
            list::join(&list_so_far, &list::from_items(items))
        }
        _ => {
            let mut all = list::items(&list_so_far);
            all.extend(items);
            K::list(all)
        }
    }
}

/// `kt[k]:v` on a keyed table: the row of key `k` (an atom for one key
/// column, a list of key values, or a dictionary of them) amended, or a
/// new row when the key is not there, as upsert adds it.
fn amend_keyed(it: &mut Interp, x: K, i: &K, rest: &[K], op: Op<'_>, v: K) -> R {
    let row = keyed_row(it, &x, i, rest, op, v)?;
    put_row(x, row)
}

/// The row [`amend_keyed`] puts back: the keys and the amended values.
fn keyed_row(it: &mut Interp, x: &K, i: &K, rest: &[K], op: Op<'_>, v: K) -> R {
    let K::Dict(d) = x else {
        return Err(qerr("type").into());
    };
    let (K::Table(kt), K::Table(vt)) = (&d.keys, &d.values) else {
        return Err(qerr("type").into());
    };
    let nk = kt.names.len();
    let key_values: Vec<K> = match i {
        K::Dict(kd) => {
            let names = list::syms_of(&kd.keys)?;
            let vals = list::items(&kd.values);
            let mut out = Vec::with_capacity(nk);
            for n in kt.names.iter() {
                let p = names
                    .iter()
                    .position(|m| m == n)
                    .ok_or_else(|| qerr("type"))?;
                out.push(vals[p].clone());
            }
            out
        }
        _ if i.is_atom() && nk == 1 => vec![i.clone()],
        _ if !i.is_atom() && i.count() == nk && list::items(i).iter().all(K::is_atom) => {
            list::items(i)
        }
        _ => return Err(qerr("type").into()),
    };
    let probe = if nk == 1 {
        key_values[0].clone()
    } else {
        K::list(key_values.clone())
    };
    let old = crate::q::kernels::index::index1(x, &probe)?;
    let new = amend_at(it, old, rest, op, v)?;
    let new_values = match &new {
        K::Dict(nd) => {
            let names = list::syms_of(&nd.keys)?;
            let vals = list::items(&nd.values);
            let mut out = Vec::with_capacity(vt.names.len());
            for n in vt.names.iter() {
                out.push(match names.iter().position(|m| m == n) {
                    Some(p) => vals[p].clone(),
                    None => return Err(qerr("mismatch").into()),
                });
            }
            out
        }
        _ if new.is_atom() && vt.names.len() == 1 => vec![new],
        _ if !new.is_atom() && new.count() == vt.names.len() => list::items(&new),
        _ => return Err(qerr("length").into()),
    };
    let mut names = kt.names.clone();
    for n in vt.names.iter() {
        names.push(n);
    }
    Ok(K::dict(
        K::syms(names),
        list::from_items([key_values, new_values].concat()),
    ))
}

/// Puts an amended row back into keyed table `x`: in its own columns when
/// nothing else holds it, else as upsert makes a new table.
fn put_row(x: K, row: K) -> R {
    crate::q::kernels::table::upsert_keyed_owned(x, &row).map_err(|(_, e)| e.into())
}

/// `kt[k;...]:v` (or `op:`) on a keyed table a variable held, taken out of
/// it: the table with the row amended, in place when it can be. On an
/// error the table comes back as it was, with the error.
pub(crate) fn amend_keyed_owned(
    it: &mut Interp,
    x: K,
    idx: &[K],
    op: Option<&K>,
    v: K,
) -> Result<K, (K, super::interp::Flow)> {
    let op = match op {
        Some(f) => Op::Binary(f),
        None => Op::Assign,
    };
    let Some((i, rest)) = idx.split_first() else {
        return Err((x, qerr("type").into()));
    };
    let row = match keyed_row(it, &x, i, rest, op, v) {
        Ok(row) => row,
        Err(fl) => return Err((x, fl)),
    };
    crate::q::kernels::table::upsert_keyed_owned(x, &row).map_err(|(x, e)| (x, e.into()))
}

/// Replaces item `pos`, turning a typed vector into a general list when
/// the new item does not fit (dictionaries are forgiving where vectors are not).
fn replace_item(values: K, pos: usize, new: K) -> Result<K, QError> {
    match values {
        K::Vector(mut v) => match &new {
            K::Atom(t, s) if *t == v.ty => {
                set_item(Rc::make_mut(&mut v), pos, s);
                Ok(K::Vector(v))
            }
            _ => {
                let mut items = list::items(&K::Vector(v));
                items[pos] = new;
                Ok(K::list(items))
            }
        },
        K::List(mut l) => {
            Rc::make_mut(&mut l).items[pos] = new;
            Ok(K::List(l))
        }
        other => {
            let mut items = list::items(&other);
            items[pos] = new;
            Ok(list::from_items(items))
        }
    }
}

fn amend_table_columns(it: &mut Interp, x: K, i: &K, rest: &[K], op: Op<'_>, v: K) -> R {
    let K::Table(t) = x else {
        return Err(qerr("type").into());
    };
    let as_dict = K::dict(K::syms(t.names.clone()), K::list(t.cols.clone()));
    let r = amend_dict(it, as_dict, i, rest, op, v)?;
    match r {
        K::Dict(d) => {
            let names = list::syms_of(&d.keys)?;
            let cols = list::items(&d.values);
            crate::q::kernels::table::from_columns(
                names
                    .iter()
                    .map(|n| Rc::from(String::from_utf8_lossy(n).as_ref()))
                    .zip(cols)
                    .collect(),
            )
            .map_err(Into::into)
        }
        _ => Err(qerr("type").into()),
    }
}

/// Whether `name` is the root or a namespace rather than a variable.
fn is_namespace(it: &Interp, name: &str) -> bool {
    name == "." || (name.starts_with('.') && !name[1..].contains('.') && it.global(name).is_none())
}
