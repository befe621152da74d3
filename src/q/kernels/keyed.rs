//! Tables as values: their columns by name, keying and unkeying, and
//! upserting rows into a keyed table.

use std::collections::HashMap;
use std::rc::Rc;

use crate::k::{K, QError, SymVec, Table, qerr};

use super::hashing::Fast;
use super::list;
use super::verbs::Key;

/// Position of column `name` in `t`, or the error q gives for a missing name.
pub fn column_index(t: &Table, name: &[u8]) -> Result<usize, QError> {
    t.names
        .iter()
        .position(|n| n == name)
        .ok_or_else(|| qerr(String::from_utf8_lossy(name)))
}

/// The columns of `t` named in `names`, in that order.
pub fn columns(t: &Table, names: &SymVec) -> Result<Vec<K>, QError> {
    names
        .iter()
        .map(|n| column_index(t, n).map(|p| t.cols[p].clone()))
        .collect()
}

/// The table `x` is, or `'type`.
pub fn table_of(x: &K) -> Result<&Table, QError> {
    match x {
        K::Table(t) => Ok(t),
        _ => Err(qerr("type")),
    }
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
    let n = k.rows();
    let mut index: HashMap<Vec<Key>, usize, Fast> =
        HashMap::with_capacity_and_hasher(n, Fast::default());
    for r in 0..n {
        index.insert(k.cols.iter().map(|c| Key(list::item(c, r))).collect(), r);
    }
    let rk: Vec<K> = k
        .names
        .iter()
        .map(|n| col(rt, n))
        .collect::<Result<_, _>>()?;
    let rv: Vec<Option<K>> = v.names.iter().map(|n| col(rt, n).ok()).collect();
    // Each output row reads from the old table (i < n) or from an input
    // row (n + r); the last input row for a key wins.
    let mut from: Vec<i64> = (0..n as i64).collect();
    let mut new_rows: Vec<i64> = Vec::new();
    for r in 0..rt.rows() {
        let key: Vec<Key> = rk.iter().map(|c| Key(list::item(c, r))).collect();
        let pos = *index.entry(key).or_insert_with(|| {
            new_rows.push(r as i64);
            from.push(-1);
            from.len() - 1
        });
        from[pos] = (n + r) as i64;
    }
    let kcols: Vec<K> = k
        .cols
        .iter()
        .zip(&rk)
        .map(|(c, add)| list::join(c, &list::gather(add, &new_rows)))
        .collect();
    let vcols: Vec<K> = v
        .cols
        .iter()
        .zip(&rv)
        .map(|(c, add)| match add {
            Some(add) => list::gather(&list::join(c, add), &from),
            None => {
                // A column the rows lack keeps its values; new rows get nulls.
                let keep: Vec<i64> = from
                    .iter()
                    .enumerate()
                    .map(|(i, &f)| if i < n { i as i64 } else { f.min(-1) })
                    .collect();
                list::gather(c, &keep)
            }
        })
        .collect();
    Ok(K::dict(
        K::table(k.names.clone(), kcols),
        K::table(v.names.clone(), vcols),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trade() -> K {
        K::table(
            ["sym", "px"].into_iter().collect(),
            vec![K::sym_list(["a", "b"]), K::longs(vec![10, 20])],
        )
    }

    #[test]
    fn keying_and_unkeying_round_trip() {
        let kt = key_by(1, &trade()).unwrap();
        assert!(kt.is_keyed_table());
        assert_eq!(unkey(&kt).unwrap(), trade());
    }

    #[test]
    fn a_missing_column_is_named_in_the_error() {
        let t = trade();
        let t = table_of(&t).unwrap();
        assert_eq!(column_index(t, b"px").unwrap(), 1);
        assert_eq!(column_index(t, b"qty").unwrap_err(), qerr("qty"));
    }

    #[test]
    fn upsert_replaces_existing_keys_and_appends_new_ones() {
        let kt = key_by(1, &trade()).unwrap();
        let rows = K::table(
            ["sym", "px"].into_iter().collect(),
            vec![K::sym_list(["b", "c"]), K::longs(vec![25, 30])],
        );
        let r = unkey(&upsert_keyed(&kt, &rows).unwrap()).unwrap();
        let want = K::table(
            ["sym", "px"].into_iter().collect(),
            vec![K::sym_list(["a", "b", "c"]), K::longs(vec![10, 25, 30])],
        );
        assert_eq!(r, want);
    }
}
