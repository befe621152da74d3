//! Indexing: items of lists, dictionaries and tables by position, key or
//! column name, at depth (`x[i;j]`), and finding a key's position.

use crate::k::{Data, K, QError, Scalar, Type, qerr};

use super::list;
use super::verbs::Key;

/// Indexes `x` at depth: `x[i;j;...]`.
pub fn index_deep(x: &K, idx: &[K]) -> Result<K, QError> {
    index_deep_by(x, idx, &mut |_, _| Err(qerr("type")))
}

/// Applies a function met while indexing to the indices left over.
pub type CallAt<'a, E> = dyn FnMut(&K, Vec<K>) -> Result<K, E> + 'a;

/// Indexes `x` at depth, handing a function met on the way, with the
/// indices still to use, to `call`: indexing at depth applies item by
/// item, so `(neg;abs)[1;-1]` is `abs -1`.
pub fn index_deep_by<E: From<QError>>(x: &K, idx: &[K], call: &mut CallAt<'_, E>) -> Result<K, E> {
    crate::k::depth::check()?;
    let Some((first, rest)) = idx.split_first() else {
        return Ok(x.clone());
    };
    if x.type_code() >= 100 {
        return call(x, idx.to_vec());
    }
    let first = if first.is_elided() { &K::Nil } else { first };
    // d[;i]: every value indexed at i, under the same keys.
    if matches!(first, K::Nil)
        && !rest.is_empty()
        && let K::Dict(d) = x
        && !matches!(d.keys, K::Table(_))
    {
        let mut out = Vec::with_capacity(d.values.count());
        for it in list::items(&d.values) {
            out.push(index_deep_by(&it, rest, call)?);
        }
        return Ok(K::dict(d.keys.clone(), list::from_items(out)));
    }
    let r = index1(x, first)?;
    if rest.is_empty() {
        return Ok(r);
    }
    let first_is_atom = first.is_atom() && !matches!(first, K::Nil);
    if first_is_atom {
        index_deep_by(&r, rest, call)
    } else {
        let mut out = Vec::with_capacity(r.count());
        for it in list::items(&r) {
            out.push(index_deep_by(&it, rest, call)?);
        }
        Ok(list::from_items(out))
    }
}

/// Indexes `x` by one index: a position, positions, a key, keys, or `::`.
pub fn index1(x: &K, i: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    if matches!(i, K::Nil) {
        return Ok(x.clone());
    }
    // A list indexed by the empty general list is that list (`L[()]` is
    // `()` whatever L holds; q for mortals §3).
    if matches!(i, K::List(l) if l.items.is_empty()) && matches!(x, K::Vector(_) | K::List(_)) {
        return Ok(K::list(Vec::new()));
    }
    match x {
        K::Dict(d) => {
            if let K::Table(kt) = &d.keys {
                let i = list::de_enumerate(i);
                if d.sorted
                    && kt.cols.len() == 1
                    && let Some(rows) = step_keyed_lookup(kt, &d.values, &i)
                {
                    return Ok(rows);
                }
                return keyed_lookup(kt, &d.values, &i);
            }
            match list::matchable(&d.keys, i) {
                Some((keys, i)) => dict_lookup(&keys, &d.values, &i),
                None => dict_lookup(&d.keys, &d.values, i),
            }
        }
        K::Table(t) if matches!(i, K::Atom(Type::Symbol, _)) => {
            let name = list::syms_of(i)?;
            Ok(t.cols[super::keyed::column_index(t, name.get(0))?].clone())
        }
        K::Table(t) if matches!(i, K::Vector(v) if v.ty == Type::Symbol) => {
            let names = list::syms_of(i)?;
            Ok(K::list(super::keyed::columns(t, &names)?))
        }
        // Positions pick rows of a table as they pick items of a list.
        K::Table(_) | K::Vector(_) | K::List(_) | K::Enum(_) => match i {
            K::Atom(..) => {
                let p = i.as_i64().ok_or_else(|| qerr("type"))?;
                match list::position(p, x.count()) {
                    Some(p) => Ok(list::item(x, p)),
                    None => Ok(list::null_item(x)),
                }
            }
            K::Vector(_) => {
                let idx = list::longs_of(i)?;
                Ok(picked(x, &idx))
            }
            K::List(l) => {
                let mut out = Vec::with_capacity(l.items.len());
                for it in &l.items {
                    out.push(index1(x, it)?);
                }
                Ok(if l.items.is_empty() {
                    list::slice(x, 0, 0)
                } else {
                    list::from_items(out)
                })
            }
            K::Dict(d) => Ok(K::dict(d.keys.clone(), index1(x, &d.values)?)),
            // An enumeration picks by its indices into the domain.
            K::Enum(e) => index1(x, &e.positions()),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

/// Finds each key of `i` in `keys` and returns the matching values (nulls when absent).
fn dict_lookup(keys: &K, values: &K, i: &K) -> Result<K, QError> {
    // Sorted keys make a step dictionary: each index takes the value of
    // the last key at or below it (dictsort.md's step functions).
    if let K::Vector(kv) = keys
        && kv.attr == crate::k::Attr::Sorted
    {
        return Ok(step_lookup(keys, values, i));
    }
    let key_is_atom = match keys {
        K::Vector(_) | K::Enum(_) => i.is_atom(),
        K::List(l) => {
            // A general-list key: the index is one key when it has the
            // rank of an item (find.md), or matches one outright.
            i.is_atom()
                || is_one_probe(keys, i)
                || l.items.iter().any(|k| super::verbs::identical(k, i))
        }
        _ => i.is_atom(),
    };
    if key_is_atom {
        let pos = find_one(keys, i);
        return Ok(match pos {
            Some(p) => list::item(values, p),
            None => list::null_item(values),
        });
    }
    let probes = list::items(i);
    let positions = super::verbs::find_positions(keys, &probes);
    let n = keys.count() as i64;
    let idx: Vec<i64> = positions
        .into_iter()
        .map(|p| if p as i64 >= n { -1 } else { p as i64 })
        .collect();
    Ok(picked(values, &idx))
}

/// The position of the last of sorted `keys` at or below `probe`, or -1.
fn step_position(keys: &K, probe: &K) -> i64 {
    let (mut lo, mut hi) = (0usize, keys.count());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let at = super::verbs::cmp_atoms(&list::item(keys, mid), probe);
        if at == std::cmp::Ordering::Greater {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo as i64 - 1
}

/// A sorted keyed table with one key column is a step function too
/// (corporate-actions whitepaper): each key, or each row of a table of
/// keys, takes the row of the last key at or below it. `None` for a
/// probe that names no key column.
fn step_keyed_lookup(kt: &crate::k::Table, values: &K, i: &K) -> Option<K> {
    let keys = &kt.cols[0];
    let probes = match i {
        K::Table(pt) => pt
            .names
            .iter()
            .position(|m| m == kt.names.get(0))
            .map(|p| pt.cols[p].clone())?,
        _ => i.clone(),
    };
    Some(step_lookup(keys, values, &probes))
}

/// The values of sorted `keys` as a step function at `probes` (an atom or
/// a list): each takes the value of the last key at or below it, or a
/// null below the first.
fn step_lookup(keys: &K, values: &K, probes: &K) -> K {
    if probes.is_atom() {
        return match usize::try_from(step_position(keys, probes)) {
            Ok(p) => list::item(values, p),
            Err(_) => list::null_item(values),
        };
    }
    let idx: Vec<i64> = list::items(probes)
        .iter()
        .map(|p| step_position(keys, p))
        .collect();
    picked(values, &idx)
}

/// The items of `x` at positions `idx`. Picked from a general list, atoms
/// that all share one type make a vector (`` `.ns `v`w `` is `6 7`,
/// glossary.md), as they do in `(a;b)`.
fn picked(x: &K, idx: &[i64]) -> K {
    let r = list::gather(x, idx);
    match &r {
        K::List(l) if !l.items.is_empty() => list::from_items(l.items.clone()),
        _ => r,
    }
}

/// Position of one key in a key list.
pub fn find_one(keys: &K, k: &K) -> Option<usize> {
    match (keys, k) {
        (K::Vector(v), K::Atom(t, s)) if v.ty == *t => match (&v.data, s) {
            (Data::Sym(d), Scalar::Sym(s)) => d.iter().position(|x| x == s.as_bytes()),
            (Data::I64(d), Scalar::I64(s)) => d.iter().position(|x| x == s),
            (Data::I32(d), Scalar::I32(s)) => d.iter().position(|x| x == s),
            _ => (0..v.len()).position(|j| super::verbs::identical(&v.item(j), k)),
        },
        _ => {
            let key = Key(k.clone());
            list::items(keys).into_iter().position(|x| Key(x) == key)
        }
    }
}

/// Whether `i` is a general list of keys to a key of `nkeys` columns:
/// every item a list of that many values.
fn many_keys(i: &K, nkeys: usize) -> bool {
    match i {
        K::List(l) => {
            !l.items.is_empty()
                && l.items
                    .iter()
                    .all(|k| !k.is_atom() && !matches!(k, K::Dict(_)) && k.count() == nkeys)
        }
        _ => false,
    }
}

/// Looks up rows of `kt`, the key of a keyed table or of any dictionary
/// keyed by a table (`group` of a table), and gives the matching values.
fn keyed_lookup(kt: &crate::k::Table, values: &K, i: &K) -> Result<K, QError> {
    let nkeys = kt.cols.len();
    let nrows = kt.rows();
    // One key column and a vector of keys (or a table of them) of its
    // type: a typed find, as `?` makes.
    let probe_column = match i {
        K::Table(pt) if nkeys == 1 => pt
            .names
            .iter()
            .position(|m| m == kt.names.get(0))
            .map(|p| &pt.cols[p]),
        K::Vector(_) if nkeys == 1 => Some(i),
        _ => None,
    };
    if let (Some(K::Vector(probes)), K::Vector(keys)) = (probe_column, &kt.cols[0])
        && probes.ty == keys.ty
        && let Some(found) = super::hashing::find(keys, probes)
    {
        let idx: Vec<i64> = found
            .into_iter()
            .map(|p| if p >= nrows as i64 { -1 } else { p })
            .collect();
        return Ok(list::gather(values, &idx));
    }
    // One key column and one key: a typed scan of the column.
    if nkeys == 1 && i.is_atom() {
        return Ok(match find_one(&kt.cols[0], i) {
            Some(p) => match values {
                K::Table(vt) => list::row(vt, p),
                _ => list::item(values, p),
            },
            None => list::null_item(values),
        });
    }
    // Rows of the key table, as lists of key values, to compare against.
    let probe_rows: Vec<Vec<K>> = match i {
        K::Table(pt) => {
            // A table of keys: match by column name.
            let mut cols = Vec::with_capacity(nkeys);
            for n in kt.names.iter() {
                let p = pt
                    .names
                    .iter()
                    .position(|m| m == n)
                    .ok_or_else(|| qerr("mismatch"))?;
                cols.push(&pt.cols[p]);
            }
            (0..pt.rows())
                .map(|r| cols.iter().map(|c| list::item(c, r)).collect())
                .collect()
        }
        K::Dict(d) => vec![list::items(&d.values)],
        _ if nkeys == 1 && i.is_atom() => vec![vec![i.clone()]],
        K::Vector(_) if nkeys == 1 => list::items(i).into_iter().map(|x| vec![x]).collect(),
        // A list of keys, each as many values as there are key columns
        // (`kt (enlist 1001;enlist 1002)`, `ktc (`a`b;`c`d)`).
        _ if many_keys(i, nkeys) => list::items(i).iter().map(list::items).collect(),
        _ => vec![list::items(i)],
    };
    let idx: Vec<i64> = if probe_rows.len() > 16 {
        // Many probes: the key rows hashed once, so the lookup is linear.
        let first = super::verbs::first_rows(kt);
        probe_rows
            .iter()
            .map(|pr| {
                let key: Vec<Key> = pr.iter().map(|v| Key(v.clone())).collect();
                first.get(&key).map_or(-1, |&r| r as i64)
            })
            .collect()
    } else {
        probe_rows
            .iter()
            .map(|pr| {
                (0..nrows)
                    .find(|&r| {
                        kt.cols
                            .iter()
                            .zip(pr)
                            .all(|(c, v)| super::verbs::identical(&list::item(c, r), v))
                    })
                    .map_or(-1, |f| f as i64)
            })
            .collect()
    };
    let single = !(matches!(i, K::Table(_))
        || nkeys == 1 && matches!(i, K::Vector(_))
        || many_keys(i, nkeys));
    if single {
        let r = idx[0];
        Ok(match (list::position(r, nrows), values) {
            (Some(p), K::Table(vt)) => list::row(vt, p),
            (Some(p), _) => list::item(values, p),
            (None, _) => list::null_item(values),
        })
    } else {
        Ok(list::gather(values, &idx))
    }
}

/// The rank find.md speaks of: 0 for an atom, 1 for a vector, and one more
/// than its first item's for a general list.
pub fn list_rank(x: &K) -> usize {
    match x {
        K::List(l) => 1 + l.items.first().map_or(0, list_rank),
        K::Table(_) => 2,
        K::Dict(d) => list_rank(&d.values),
        _ if x.is_atom() => 0,
        _ => 1,
    }
}

/// Whether `y` is one item to look for in `x` rather than a list of them,
/// by find.md's rule: a list of lists matches a simple list whole.
/// Dictionaries look up and amend their keys by the same rule.
pub fn is_one_probe(x: &K, y: &K) -> bool {
    !matches!(y, K::Dict(_) | K::Table(_)) && list_rank(y) < list_rank(x).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexing_at_depth_walks_each_level() {
        let m = K::list(vec![K::longs(vec![1, 2, 3]), K::longs(vec![4, 5, 6])]);
        assert_eq!(
            index_deep(&m, &[K::long(1), K::long(2)]).unwrap(),
            K::long(6)
        );
        // An elided first index takes every row.
        assert_eq!(
            index_deep(&m, &[K::Nil, K::long(0)]).unwrap(),
            K::longs(vec![1, 4])
        );
    }

    #[test]
    fn a_dict_gives_nulls_for_missing_keys() {
        let d = K::dict(K::sym_list(["a", "b"]), K::longs(vec![1, 2]));
        assert_eq!(index1(&d, &K::sym("b")).unwrap(), K::long(2));
        assert_eq!(index1(&d, &K::sym("c")).unwrap(), K::null(Type::Long));
        assert_eq!(find_one(&K::sym_list(["a", "b"]), &K::sym("b")), Some(1));
    }
}
