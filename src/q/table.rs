//! Tables and keyed tables: construction, flip, key/unkey, meta, insert,
//! upsert, joins, grouping and sorting by columns.

use std::collections::HashMap;
use std::rc::Rc;

use crate::k::{Data, K, QError, Scalar, SymVec, Table, Type, qerr};

use super::interp::{Interp, R};
use super::list::{self, Key};
use super::listops;

/// A table from named columns; atoms are repeated to the common length.
pub fn from_columns(cols: Vec<(Rc<str>, K)>) -> Result<K, QError> {
    let n = cols
        .iter()
        .filter(|(_, c)| !c.is_atom())
        .map(|(_, c)| c.count())
        .next();
    let Some(n) = n else {
        if cols.is_empty() {
            return Ok(K::table(SymVec::new(), Vec::new()));
        }
        return Err(qerr("rank"));
    };
    let mut names = SymVec::with_capacity(cols.len(), 0);
    let mut out = Vec::with_capacity(cols.len());
    for (name, c) in cols {
        if names.iter().any(|m| m == name.as_bytes()) {
            return Err(qerr(format!("dup names for cols/groups {name}")));
        }
        names.push(name.as_bytes());
        let c = if c.is_atom() {
            listops::take_n(n as i64, &c)
        } else if c.count() != n {
            return Err(qerr("length"));
        } else {
            c
        };
        out.push(c);
    }
    Ok(K::table(names, out))
}

fn table_of(x: &K) -> Result<&Table, QError> {
    match x {
        K::Table(t) => Ok(t),
        _ => Err(qerr("type")),
    }
}

/// `flip x`: dict of columns to table and back; transposes lists of lists.
pub fn flip(x: &K) -> Result<K, QError> {
    match x {
        K::Dict(d) if !x.is_keyed_table() => {
            let names = list::syms_of(&d.keys)?;
            let cols = list::items(&d.values);
            from_columns(
                names
                    .iter()
                    .map(|n| Rc::from(String::from_utf8_lossy(n).as_ref()))
                    .zip(cols)
                    .collect(),
            )
        }
        K::Table(t) => Ok(K::dict(K::syms(t.names.clone()), K::list(t.cols.clone()))),
        K::List(l) => {
            let n = l
                .items
                .iter()
                .filter(|i| !i.is_atom())
                .map(K::count)
                .next()
                .ok_or_else(|| qerr("rank"))?;
            if l.items.iter().any(|i| !i.is_atom() && i.count() != n) {
                return Err(qerr("length"));
            }
            let rows: Vec<K> = (0..n)
                .map(|r| {
                    list::from_items(
                        l.items
                            .iter()
                            .map(|i| {
                                if i.is_atom() {
                                    i.clone()
                                } else {
                                    list::item(i, r)
                                }
                            })
                            .collect(),
                    )
                })
                .collect();
            Ok(K::list(rows))
        }
        K::Vector(_) => Ok(x.clone()),
        _ => Err(qerr("rank")),
    }
}

/// `cols x`.
pub fn cols(it: &mut Interp, x: K) -> R {
    let x = resolve(it, x)?;
    Ok(match &x {
        K::Table(t) => K::syms(t.names.clone()),
        K::Dict(d) if x.is_keyed_table() => {
            let (k, v) = (table_of(&d.keys)?, table_of(&d.values)?);
            let mut n = k.names.clone();
            n.extend_from(&v.names);
            K::syms(n)
        }
        _ => return Err(qerr("type").into()),
    })
}

/// Resolves a table given by name (`` `t ``) to its value.
fn resolve(it: &mut Interp, x: K) -> Result<K, QError> {
    match &x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => it.get_var(&s.to_str_lossy()),
        _ => Ok(x),
    }
}

/// `keys x`.
pub fn keys(it: &mut Interp, x: K) -> R {
    let x = resolve(it, x)?;
    Ok(match &x {
        K::Dict(d) if x.is_keyed_table() => K::syms(table_of(&d.keys)?.names.clone()),
        _ => K::sym_list(std::iter::empty()),
    })
}

fn type_letter(c: &K) -> u8 {
    match c {
        K::Vector(v) => v.ty.letter(),
        K::Enum(_) => b's',
        K::List(l) => match l.items.first() {
            Some(K::Vector(v))
                if l.items
                    .iter()
                    .all(|i| matches!(i, K::Vector(w) if w.ty == v.ty)) =>
            {
                v.ty.letter().to_ascii_uppercase()
            }
            _ => b' ',
        },
        _ => b' ',
    }
}

/// `meta t`.
pub fn meta(it: &mut Interp, x: K) -> R {
    let x = resolve(it, x)?;
    let t = match &x {
        K::Table(t) => (**t).clone(),
        K::Dict(d) if x.is_keyed_table() => {
            let (k, v) = (table_of(&d.keys)?, table_of(&d.values)?);
            let mut names = k.names.clone();
            names.extend_from(&v.names);
            Table {
                attr: crate::k::Attr::None,
                names,
                cols: k.cols.iter().chain(&v.cols).cloned().collect(),
            }
        }
        _ => return Err(qerr("type").into()),
    };
    let letters: Vec<u8> = t.cols.iter().map(type_letter).collect();
    let attrs: SymVec = t
        .cols
        .iter()
        .map(|c| match c {
            K::Vector(v) => match v.attr.letter() {
                Some('s') => "s",
                Some('u') => "u",
                Some('p') => "p",
                Some('g') => "g",
                _ => "",
            },
            _ => "",
        })
        .collect();
    let foreign: SymVec = t.cols.iter().map(|_| "").collect();
    let key = K::table(["c"].into_iter().collect(), vec![K::syms(t.names.clone())]);
    let val = K::table(
        ["t", "f", "a"].into_iter().collect(),
        vec![K::string(letters), K::syms(foreign), K::syms(attrs)],
    );
    Ok(K::dict(key, val))
}

/// `n!t`: key the first n columns (0 unkeys).
pub fn key_by(n: usize, x: &K) -> Result<K, QError> {
    let t = unkey(x)?;
    let t = table_of(&t)?;
    if n == 0 {
        return Ok(K::Table(Rc::new(t.clone())));
    }
    if n > t.cols.len() {
        return Err(qerr("length"));
    }
    let kn: SymVec = t.names.iter().take(n).collect();
    let vn: SymVec = t.names.iter().skip(n).collect();
    Ok(K::dict(
        K::table(kn, t.cols[..n].to_vec()),
        K::table(vn, t.cols[n..].to_vec()),
    ))
}

/// A keyed table as a plain table (key columns first); tables as they are.
pub fn unkey(x: &K) -> Result<K, QError> {
    match x {
        K::Table(_) => Ok(x.clone()),
        K::Dict(d) if x.is_keyed_table() => {
            let (k, v) = (table_of(&d.keys)?, table_of(&d.values)?);
            let mut names = k.names.clone();
            names.extend_from(&v.names);
            Ok(K::table(
                names,
                k.cols.iter().chain(&v.cols).cloned().collect(),
            ))
        }
        _ => Err(qerr("type")),
    }
}

/// `` `a`b xkey t ``.
pub fn xkey(it: &mut Interp, x: K, y: K) -> R {
    let (name, t) = named(it, &y)?;
    let keys = list::syms_of(&x)?;
    let flat = unkey(&t)?;
    let ft = table_of(&flat)?;
    let mut order: Vec<usize> = Vec::with_capacity(ft.cols.len());
    for k in keys.iter() {
        let p = ft
            .names
            .iter()
            .position(|n| n == k)
            .ok_or_else(|| qerr(String::from_utf8_lossy(k)))?;
        order.push(p);
    }
    for i in 0..ft.cols.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    let names: SymVec = order.iter().map(|&i| ft.names.get(i)).collect();
    let cols: Vec<K> = order.iter().map(|&i| ft.cols[i].clone()).collect();
    let r = key_by(keys.len(), &K::table(names, cols))?;
    store(it, name, r)
}

fn named(it: &mut Interp, y: &K) -> Result<(Option<String>, K), QError> {
    match y {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => {
            let n = s.to_str_lossy().into_owned();
            let v = it.get_var(&n)?;
            Ok((Some(n), v))
        }
        _ => Ok((None, y.clone())),
    }
}

fn store(it: &mut Interp, name: Option<String>, v: K) -> R {
    match name {
        Some(n) => {
            it.set_global(&n, v);
            Ok(K::sym(n.as_str()))
        }
        None => Ok(v),
    }
}

/// `` `new`names xcol t ``.
pub fn xcol(_: &mut Interp, x: K, y: K) -> R {
    let new = list::syms_of(&x)?;
    let rename = |t: &Table| -> Table {
        let names: SymVec = t
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| if i < new.len() { new.get(i) } else { n })
            .collect();
        Table {
            attr: t.attr,
            names,
            cols: t.cols.clone(),
        }
    };
    match &y {
        K::Table(t) => Ok(K::Table(Rc::new(rename(t)))),
        _ => Err(qerr("type").into()),
    }
}

/// `` `c`a xcols t ``.
pub fn xcols(_: &mut Interp, x: K, y: K) -> R {
    let first = list::syms_of(&x)?;
    let t = table_of(&y)?;
    let mut order = Vec::new();
    for f in first.iter() {
        let p = t
            .names
            .iter()
            .position(|n| n == f)
            .ok_or_else(|| qerr(String::from_utf8_lossy(f)))?;
        order.push(p);
    }
    for i in 0..t.cols.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    Ok(K::table(
        order.iter().map(|&i| t.names.get(i)).collect(),
        order.iter().map(|&i| t.cols[i].clone()).collect(),
    ))
}

fn sort_by(it: &mut Interp, x: K, y: K, desc: bool) -> R {
    let (name, tv) = named(it, &y)?;
    let keyed = tv.is_keyed_table();
    let flat = unkey(&tv)?;
    let t = table_of(&flat)?;
    let by = list::syms_of(&x)?;
    let mut key_cols = Vec::new();
    for b in by.iter() {
        let p = t
            .names
            .iter()
            .position(|n| n == b)
            .ok_or_else(|| qerr(String::from_utf8_lossy(b)))?;
        key_cols.push(t.cols[p].clone());
    }
    let keys = K::table(by.clone(), key_cols);
    let g = listops::grade(&keys, desc)?;
    let idx: Vec<i64> = g.into_iter().map(|i| i as i64).collect();
    let mut r = list::gather(&flat, &idx);
    if keyed && let K::Dict(d) = &tv {
        r = key_by(table_of(&d.keys)?.cols.len(), &r)?;
    }
    store(it, name, r)
}

/// `` `c xasc t ``.
pub fn xasc(it: &mut Interp, x: K, y: K) -> R {
    sort_by(it, x, y, false)
}

/// `` `c xdesc t ``.
pub fn xdesc(it: &mut Interp, x: K, y: K) -> R {
    sort_by(it, x, y, true)
}

/// Groups the rows of `t` by the columns `by`; returns the distinct key
/// rows and, for each, the row positions.
pub fn group_rows(t: &Table, by: &[K]) -> (Vec<Vec<K>>, Vec<Vec<i64>>) {
    let n = t.rows();
    let mut order: Vec<Vec<K>> = Vec::new();
    let mut index: HashMap<Vec<Key>, usize> = HashMap::new();
    let mut rows: Vec<Vec<i64>> = Vec::new();
    for r in 0..n {
        let key: Vec<K> = by.iter().map(|c| list::item(c, r)).collect();
        let hk: Vec<Key> = key.iter().cloned().map(Key).collect();
        let g = *index.entry(hk).or_insert_with(|| {
            order.push(key);
            rows.push(Vec::new());
            order.len() - 1
        });
        rows[g].push(r as i64);
    }
    (order, rows)
}

/// `` `a xgroup t ``.
pub fn xgroup(_: &mut Interp, x: K, y: K) -> R {
    let by = list::syms_of(&x)?;
    let flat = unkey(&y)?;
    let t = table_of(&flat)?;
    let mut by_cols = Vec::new();
    for b in by.iter() {
        let p = t
            .names
            .iter()
            .position(|n| n == b)
            .ok_or_else(|| qerr(String::from_utf8_lossy(b)))?;
        by_cols.push(t.cols[p].clone());
    }
    let (keys, rows) = group_rows(t, &by_cols);
    let key_cols: Vec<K> = (0..by.len())
        .map(|c| list::from_items(keys.iter().map(|k| k[c].clone()).collect()))
        .collect();
    let mut vnames = SymVec::new();
    let mut vcols = Vec::new();
    for (i, n) in t.names.iter().enumerate() {
        if by.iter().any(|b| b == n) {
            continue;
        }
        vnames.push(n);
        vcols.push(K::list(
            rows.iter().map(|r| list::gather(&t.cols[i], r)).collect(),
        ));
    }
    Ok(K::dict(K::table(by, key_cols), K::table(vnames, vcols)))
}

/// `ungroup t`.
pub fn ungroup(_: &mut Interp, x: K) -> R {
    let flat = unkey(&x)?;
    let t = table_of(&flat)?;
    let counts: Vec<usize> = (0..t.rows())
        .map(|r| {
            t.cols
                .iter()
                .map(|c| list::item(c, r))
                .find(|v| !v.is_atom())
                .map_or(1, |v| v.count())
        })
        .collect();
    let mut cols = Vec::with_capacity(t.cols.len());
    for c in &t.cols {
        let mut out = Vec::new();
        for (r, n) in counts.iter().enumerate() {
            let v = list::item(c, r);
            if v.is_atom() {
                out.extend(std::iter::repeat_n(v, *n));
            } else {
                out.extend(list::items(&v));
            }
        }
        cols.push(list::from_items(out));
    }
    Ok(K::table(t.names.clone(), cols))
}

/// `tables[]`.
pub fn tables(it: &mut Interp, _x: K) -> R {
    let ns = it.namespace.to_string();
    let names: Vec<Rc<str>> = it
        .global_names(&ns)
        .into_iter()
        .filter(|n| {
            matches!(it.global(n), Some(K::Table(_))) || it.global(n).is_some_and(K::is_keyed_table)
        })
        .collect();
    Ok(K::syms(names.iter().map(|n| n.as_bytes()).collect()))
}

/// Rows of `y` as a table with `t`'s columns (a row list, a dict or a table).
fn as_rows(t: &Table, y: &K) -> Result<K, QError> {
    match y {
        K::Table(_) => Ok(y.clone()),
        K::Dict(d) if !y.is_keyed_table() => {
            let names = list::syms_of(&d.keys)?;
            let vals = list::items(&d.values);
            let all_atoms = vals.iter().all(K::is_atom);
            let cols = if all_atoms {
                vals.into_iter().map(list::enlist).collect()
            } else {
                vals
            };
            Ok(K::table(names, cols))
        }
        _ => {
            let vals = list::items(y);
            if vals.len() != t.cols.len() {
                return Err(qerr("length"));
            }
            // A list holding any atom is one row (its lists are cells, like
            // a query string); a list of equal-length lists is columns.
            let one_row = vals.iter().any(K::is_atom);
            let cols = if one_row {
                vals.into_iter().map(list::enlist).collect()
            } else {
                vals
            };
            Ok(K::table(t.names.clone(), cols))
        }
    }
}

/// Appends rows to a table, casting where columns are typed.
fn append_rows(t: &Table, rows: &K) -> Result<K, QError> {
    let r = table_of(rows)?;
    let mut cols = Vec::with_capacity(t.cols.len());
    for (i, n) in t.names.iter().enumerate() {
        let p = r
            .names
            .iter()
            .position(|m| m == n)
            .ok_or_else(|| qerr("mismatch"))?;
        let add = &r.cols[p];
        let joined = match (&t.cols[i], add) {
            (K::Vector(a), K::Vector(b)) if a.ty != b.ty => return Err(qerr("type")),
            (K::Vector(a), K::List(l)) if !l.items.is_empty() && !a.is_empty() => {
                let _ = a;
                return Err(qerr("type"));
            }
            (c, a) => list::join(c, a),
        };
        cols.push(joined);
    }
    if r.names.len() != t.names.len() {
        return Err(qerr("mismatch"));
    }
    Ok(K::table(t.names.clone(), cols))
}

/// `` `t insert rows ``: appends to a global table; returns the new row indices.
pub fn insert(it: &mut Interp, x: K, y: K) -> R {
    let name = x
        .as_sym()
        .ok_or_else(|| qerr("type"))?
        .to_str_lossy()
        .into_owned();
    let cur = it.get_var(&name)?;
    let (r, first, added) = match &cur {
        K::Table(t) => {
            let rows = as_rows(t, &y)?;
            let added = rows.count();
            let first = t.rows();
            (append_rows(t, &rows)?, first, added)
        }
        K::Dict(d) if cur.is_keyed_table() => {
            let flat = unkey(&cur)?;
            let ft = table_of(&flat)?;
            let rows = as_rows(ft, &y)?;
            let kt = table_of(&d.keys)?;
            // Inserting an existing key is an error.
            let nk = kt.cols.len();
            let rt = table_of(&rows)?;
            for r in 0..rt.rows() {
                let probe = K::list(rt.cols[..nk].iter().map(|c| list::item(c, r)).collect());
                if super::apply::index1(&cur, &probe).is_ok_and(|v| !is_null_row(&v)) {
                    return Err(qerr("insert").into());
                }
            }
            let added = rows.count();
            let first = ft.rows();
            (key_by(nk, &append_rows(ft, &rows)?)?, first, added)
        }
        _ => return Err(qerr("type").into()),
    };
    it.set_global(&name, r);
    Ok(K::longs((first as i64..(first + added) as i64).collect()))
}

fn is_null_row(v: &K) -> bool {
    match v {
        K::Dict(d) => list::items(&d.values).iter().all(|x| match x {
            K::Atom(t, s) => crate::k::is_null(*t, s),
            _ => false,
        }),
        _ => true,
    }
}

/// `t upsert rows` (or `` `t upsert rows `` to change a global).
pub fn upsert(it: &mut Interp, x: K, y: K) -> R {
    let (name, cur) = named(it, &x)?;
    let r = match &cur {
        K::Table(t) => {
            let rows = as_rows(t, &y)?;
            append_rows(t, &rows)?
        }
        K::Dict(_) if cur.is_keyed_table() => {
            let flat = unkey(&cur)?;
            let rows = as_rows(table_of(&flat)?, &y)?;
            upsert_keyed(&cur, &rows)?
        }
        K::Dict(_) => listops::join(&cur, &y)?,
        _ => return Err(qerr("type").into()),
    };
    store(it, name, r)
}

/// Upserts rows (a table with the key columns) into a keyed table.
pub fn upsert_keyed(kt: &K, rows: &K) -> Result<K, QError> {
    let K::Dict(d) = kt else {
        return Err(qerr("type"));
    };
    let (k, v) = (table_of(&d.keys)?, table_of(&d.values)?);
    let rows = unkey(rows)?;
    let rt = table_of(&rows)?;
    let col = |t: &Table, name: &[u8]| -> Result<K, QError> {
        t.names
            .iter()
            .position(|n| n == name)
            .map(|p| t.cols[p].clone())
            .ok_or_else(|| qerr("mismatch"))
    };
    let mut kcols: Vec<K> = k.cols.clone();
    let mut vcols: Vec<K> = v.cols.clone();
    let mut index: HashMap<Vec<Key>, usize> = HashMap::new();
    for r in 0..k.rows() {
        index.insert(k.cols.iter().map(|c| Key(list::item(c, r))).collect(), r);
    }
    let rk: Vec<K> = k
        .names
        .iter()
        .map(|n| col(rt, n))
        .collect::<Result<_, _>>()?;
    let rv: Vec<Option<K>> = v.names.iter().map(|n| col(rt, n).ok()).collect();
    for r in 0..rt.rows() {
        let key: Vec<Key> = rk.iter().map(|c| Key(list::item(c, r))).collect();
        match index.get(&key) {
            Some(&pos) => {
                for (ci, c) in rv.iter().enumerate() {
                    if let Some(c) = c {
                        let val = list::item(c, r);
                        let mut items = list::items(&vcols[ci]);
                        items[pos] = val;
                        vcols[ci] = list::from_items(items);
                    }
                }
            }
            None => {
                let pos = kcols.first().map_or(0, K::count);
                for (ci, c) in rk.iter().enumerate() {
                    kcols[ci] = list::join(&kcols[ci], &list::item(c, r));
                }
                for (ci, c) in rv.iter().enumerate() {
                    let val = match c {
                        Some(c) => list::item(c, r),
                        None => list::null_item(&vcols[ci]),
                    };
                    vcols[ci] = list::join(&vcols[ci], &val);
                }
                index.insert(key, pos);
            }
        }
    }
    Ok(K::dict(
        K::table(k.names.clone(), kcols),
        K::table(v.names.clone(), vcols),
    ))
}

/// Looks up each row of `t` in keyed table `kt`; returns row positions (-1 if none).
fn match_keys(t: &Table, kt: &K) -> Result<(Vec<i64>, Table, Table), QError> {
    let K::Dict(d) = kt else {
        return Err(qerr("type"));
    };
    let (k, v) = (table_of(&d.keys)?.clone(), table_of(&d.values)?.clone());
    let mut index: HashMap<Vec<Key>, usize> = HashMap::new();
    for r in (0..k.rows()).rev() {
        index.insert(k.cols.iter().map(|c| Key(list::item(c, r))).collect(), r);
    }
    let tcols: Vec<K> = k
        .names
        .iter()
        .map(|n| {
            t.names
                .iter()
                .position(|m| m == n)
                .map(|p| t.cols[p].clone())
                .ok_or_else(|| qerr("mismatch"))
        })
        .collect::<Result<_, _>>()?;
    let pos: Vec<i64> = (0..t.rows())
        .map(|r| {
            let key: Vec<Key> = tcols.iter().map(|c| Key(list::item(c, r))).collect();
            index.get(&key).map_or(-1, |&p| p as i64)
        })
        .collect();
    Ok((pos, k, v))
}

fn add_columns(t: &Table, v: &Table, pos: &[i64], keep_existing_when_null: bool) -> K {
    let mut names = t.names.clone();
    let mut cols = t.cols.clone();
    for (i, n) in v.names.iter().enumerate() {
        let looked = list::gather(&v.cols[i], pos);
        let existing = names.iter().position(|m| m == n);
        match existing {
            Some(p) => {
                if keep_existing_when_null {
                    // Existing values stay where the lookup found nothing.
                    let mut items = list::items(&cols[p]);
                    for (r, &q) in pos.iter().enumerate() {
                        if q >= 0 {
                            items[r] = list::item(&looked, r);
                        }
                    }
                    cols[p] = list::from_items(items);
                } else {
                    cols[p] = looked;
                }
            }
            None => {
                names.push(n);
                cols.push(looked);
            }
        }
    }
    K::table(names, cols)
}

/// `t lj kt`.
pub fn lj(_: &mut Interp, x: K, y: K) -> R {
    let keyed = x.is_keyed_table();
    let flat = unkey(&x)?;
    let t = table_of(&flat)?;
    let (pos, _, v) = match_keys(t, &y)?;
    let r = add_columns(t, &v, &pos, true);
    if keyed && let K::Dict(d) = &x {
        return Ok(key_by(table_of(&d.keys)?.cols.len(), &r)?);
    }
    Ok(r)
}

/// `t ij kt`.
pub fn ij(_: &mut Interp, x: K, y: K) -> R {
    let flat = unkey(&x)?;
    let t = table_of(&flat)?;
    let (pos, _, v) = match_keys(t, &y)?;
    let keep: Vec<i64> = pos
        .iter()
        .enumerate()
        .filter(|(_, p)| **p >= 0)
        .map(|(i, _)| i as i64)
        .collect();
    let sub = list::gather(&flat, &keep);
    let kept_pos: Vec<i64> = pos.into_iter().filter(|p| *p >= 0).collect();
    Ok(add_columns(table_of(&sub)?, &v, &kept_pos, false))
}

/// `t pj kt`: adds matching values.
pub fn pj(_: &mut Interp, x: K, y: K) -> R {
    let flat = unkey(&x)?;
    let t = table_of(&flat)?;
    let (pos, _, v) = match_keys(t, &y)?;
    let mut names = t.names.clone();
    let mut cols = t.cols.clone();
    for (i, n) in v.names.iter().enumerate() {
        let looked = list::gather(&v.cols[i], &pos);
        let filled = listops::fill(&K::long(0), &looked)?;
        let existing = names.iter().position(|m| m == n);
        match existing {
            Some(p) => cols[p] = super::verbs::arith(super::verbs::Arith::Add, &cols[p], &filled)?,
            None => {
                names.push(n);
                cols.push(filled);
            }
        }
    }
    Ok(K::table(names, cols))
}

/// `t uj u`: union join (all columns, rows appended, nulls filled).
pub fn uj(_: &mut Interp, x: K, y: K) -> R {
    if x.is_keyed_table() && y.is_keyed_table() {
        return Ok(upsert_keyed(&widen_keyed(&x, &y)?, &y)?);
    }
    let a = table_of(&x)?;
    let b = table_of(&y)?;
    let mut names = a.names.clone();
    for n in b.names.iter() {
        if !names.iter().any(|m| m == n) {
            names.push(n);
        }
    }
    let (na, nb) = (a.rows(), b.rows());
    let mut cols = Vec::with_capacity(names.len());
    for n in names.iter() {
        let ca = a
            .names
            .iter()
            .position(|m| m == n)
            .map(|p| a.cols[p].clone());
        let cb = b
            .names
            .iter()
            .position(|m| m == n)
            .map(|p| b.cols[p].clone());
        let proto = ca.clone().or_else(|| cb.clone()).expect("column exists");
        let ca = ca.unwrap_or_else(|| list::gather(&proto, &vec![-1; na]));
        let cb = cb.unwrap_or_else(|| list::gather(&proto, &vec![-1; nb]));
        cols.push(list::join(&ca, &cb));
    }
    Ok(K::table(names, cols))
}

fn widen_keyed(x: &K, y: &K) -> Result<K, QError> {
    let (K::Dict(dx), K::Dict(dy)) = (x, y) else {
        return Err(qerr("type"));
    };
    let (vx, vy) = (table_of(&dx.values)?, table_of(&dy.values)?);
    let n = vx.rows();
    let mut names = vx.names.clone();
    let mut cols = vx.cols.clone();
    for (i, m) in vy.names.iter().enumerate() {
        if !names.iter().any(|k| k == m) {
            names.push(m);
            cols.push(list::gather(&vy.cols[i], &vec![-1; n]));
        }
    }
    Ok(K::dict(dx.keys.clone(), K::table(names, cols)))
}

/// `(f;col) fby grp`: f of col within each row's group, one value per row.
pub fn fby(it: &mut Interp, x: K, y: K) -> R {
    if x.count() != 2 {
        return Err(qerr("length").into());
    }
    let f = list::item(&x, 0);
    let col = list::item(&x, 1);
    let by = match &y {
        K::Table(t) => t.cols.clone(),
        _ => vec![y.clone()],
    };
    let n = col.count();
    let t = Table {
        attr: crate::k::Attr::None,
        names: (0..by.len()).map(|_| "g").collect(),
        cols: by,
    };
    let (_, rows) = group_rows(&t, &t.cols);
    let mut out: Vec<K> = vec![K::Nil; n];
    for r in rows {
        let v = it.apply(&f, vec![list::gather(&col, &r)])?;
        for i in r {
            out[i as usize] = v.clone();
        }
    }
    Ok(list::from_items(out))
}

/// The column names of a table value.
pub fn column_names(t: &Table) -> Vec<String> {
    t.names
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

/// A boolean vector's set positions.
pub fn true_positions(x: &K) -> Result<Vec<i64>, QError> {
    match x {
        K::Vector(v) if v.ty == Type::Boolean => match &v.data {
            Data::U8(b) => Ok(b
                .iter()
                .enumerate()
                .filter(|(_, z)| **z != 0)
                .map(|(i, _)| i as i64)
                .collect()),
            _ => Err(qerr("type")),
        },
        K::Atom(Type::Boolean, Scalar::U8(b)) => Ok(if *b != 0 { vec![0] } else { Vec::new() }),
        _ => Err(qerr("type")),
    }
}
