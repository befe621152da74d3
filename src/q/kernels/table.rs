//! Tables and keyed tables: construction, flip, key/unkey, meta, insert,
//! upsert, joins, grouping and sorting by columns.

use std::collections::HashMap;
use std::rc::Rc;

use crate::k::{Attr, Data, K, QError, Scalar, SymVec, Table, Type, qerr};

use super::KResult;
use super::hashing::Fast;
use super::keyed::{column_index, columns, key_by, table_of, unkey, upsert_keyed};
use super::list;
use super::listops;
use super::verbs::Key;

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

/// `t` with the columns named in `first` moved to the front, in that order.
fn columns_first(t: &Table, first: &SymVec) -> Result<Table, QError> {
    let mut order: Vec<usize> = Vec::with_capacity(t.cols.len());
    for f in first.iter() {
        order.push(column_index(t, f)?);
    }
    for i in 0..t.cols.len() {
        if !order.contains(&i) {
            order.push(i);
        }
    }
    Ok(Table {
        attr: crate::k::Attr::None,
        names: order.iter().map(|&i| t.names.get(i)).collect(),
        cols: order.iter().map(|&i| t.cols[i].clone()).collect(),
    })
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
pub fn cols(x: K) -> KResult {
    Ok(match &x {
        K::Table(t) => K::syms(t.names.clone()),
        K::Dict(d) if x.is_keyed_table() => {
            let (k, v) = (table_of(&d.keys)?, table_of(&d.values)?);
            let mut n = k.names.clone();
            n.extend_from(&v.names);
            K::syms(n)
        }
        _ => return Err(qerr("type")),
    })
}

/// `keys x`.
pub fn keys(x: K) -> KResult {
    Ok(match &x {
        K::Dict(d) if x.is_keyed_table() => K::syms(table_of(&d.keys)?.names.clone()),
        _ => K::sym_list(std::iter::empty()),
    })
}

fn type_letter(c: &K) -> u8 {
    match c {
        K::Vector(v) => v.ty.letter(),
        // A link holds row numbers, longs (fkeys.md shows `j`).
        K::Enum(e) if e.link => b'j',
        K::Enum(_) => b's',
        // Only the first item is looked at (meta.md).
        K::List(l) => match l.items.first() {
            Some(K::Vector(v)) => v.ty.letter().to_ascii_uppercase(),
            _ => b' ',
        },
        _ => b' ',
    }
}

/// `meta t`.
pub fn meta(x: K) -> KResult {
    meta_with(x, &|_| false)
}

/// `meta t`, where `keyed` says which enumeration domains are keyed
/// tables: their columns are foreign keys, shown in the `f` column.
pub fn meta_with(x: K, keyed: &dyn Fn(&crate::k::Sym) -> bool) -> KResult {
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
        _ => return Err(qerr("type")),
    };
    let letters: Vec<u8> = t.cols.iter().map(type_letter).collect();
    let attrs: SymVec = t
        .cols
        .iter()
        .map(|c| match c {
            K::Vector(_) | K::Enum(_) => match super::listops::attr_of(c).letter() {
                Some('s') => "s",
                Some('u') => "u",
                Some('p') => "p",
                Some('g') => "g",
                _ => "",
            },
            _ => "",
        })
        .collect();
    let foreign: SymVec = t
        .cols
        .iter()
        .map(|c| match c {
            K::Enum(e) if e.link || keyed(&e.domain) => e.domain.as_bytes(),
            _ => b"",
        })
        .collect();
    let key = K::table(["c"].into_iter().collect(), vec![K::syms(t.names.clone())]);
    let val = K::table(
        ["t", "f", "a"].into_iter().collect(),
        vec![K::string(letters), K::syms(foreign), K::syms(attrs)],
    );
    Ok(K::dict(key, val))
}

/// `` `a`b xkey t ``.
pub fn xkey(x: K, t: K) -> KResult {
    let keys = list::syms_of(&x)?;
    let flat = unkey(&t)?;
    let ft = table_of(&flat)?;
    let reordered = columns_first(ft, &keys)?;
    key_by(keys.len(), &K::Table(Rc::new(reordered)))
}

/// `` `new`names xcol t ``.
pub fn xcol(x: K, y: K) -> KResult {
    // A dictionary renames the columns in its keys to its values (cols.md).
    if let K::Dict(d) = &x {
        let (from, to) = (list::syms_of(&d.keys)?, list::syms_of(&d.values)?);
        let K::Table(t) = &y else {
            return Err(qerr("type"));
        };
        let mut names: Vec<&[u8]> = t.names.iter().collect();
        for (i, old) in from.iter().enumerate() {
            let p = names
                .iter()
                .position(|n| *n == old)
                .ok_or_else(|| qerr("length"))?;
            names[p] = to.get(i);
        }
        return Ok(K::Table(Rc::new(Table {
            attr: t.attr,
            names: names.into_iter().collect(),
            cols: t.cols.clone(),
        })));
    }
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
        _ => Err(qerr("type")),
    }
}

/// `` `c`a xcols t ``.
pub fn xcols(x: K, y: K) -> KResult {
    let first = list::syms_of(&x)?;
    let t = table_of(&y)?;
    Ok(K::Table(Rc::new(columns_first(t, &first)?)))
}

/// `` `c xasc t `` (or `xdesc` when `desc`): the table sorted by columns `x`.
pub fn sort_by(x: K, tv: K, desc: bool) -> KResult {
    let keyed = tv.is_keyed_table();
    let flat = unkey(&tv)?;
    let t = table_of(&flat)?;
    let by = list::syms_of(&x)?;
    let keys = K::table(by.clone(), columns(t, &by)?);
    let g = listops::grade(&keys, desc)?;
    let idx: Vec<i64> = g.into_iter().map(|i| i as i64).collect();
    let mut r = list::gather(&flat, &idx);
    // xasc sets the sorted attribute on the first column it sorts by.
    let first = match (&r, by.iter().next()) {
        (K::Table(rt), Some(f)) => rt.names.iter().position(|n| n == f),
        _ => None,
    };
    if !desc
        && let (K::Table(rt), Some(p)) = (&mut r, first)
        && let K::Vector(v) = &mut Rc::make_mut(rt).cols[p]
    {
        Rc::make_mut(v).attr = crate::k::Attr::Sorted;
    }
    if keyed && let K::Dict(d) = &tv {
        r = key_by(table_of(&d.keys)?.cols.len(), &r)?;
    }
    Ok(r)
}

/// Rows grouped by the values of some columns. Groups are numbered in
/// order of first appearance; the rows of group `g` are
/// `members[offsets[g]..offsets[g + 1]]`, ascending.
pub struct Groups {
    /// The group of each row (groups numbered in order of appearance).
    pub ids: Vec<u32>,
    /// The first row of each group.
    pub first: Vec<usize>,
    /// Rows, group by group, and where each group's rows start in them
    /// (one more offset than groups): made when first asked for, since an
    /// aggregation that runs down `ids` needs neither.
    members: std::cell::OnceCell<(Vec<usize>, Vec<usize>)>,
}

impl Groups {
    /// The number of groups.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// Whether there are no groups (no rows).
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// The rows of group `g`.
    pub fn rows(&self, g: usize) -> &[usize] {
        let (members, offsets) = self.members.get_or_init(|| {
            let mut offsets = vec![0usize; self.first.len() + 1];
            for &g in &self.ids {
                offsets[g as usize + 1] += 1;
            }
            for g in 0..self.first.len() {
                offsets[g + 1] += offsets[g];
            }
            let mut fill = offsets.clone();
            let mut members = vec![0usize; self.ids.len()];
            for (r, &g) in self.ids.iter().enumerate() {
                members[fill[g as usize]] = r;
                fill[g as usize] += 1;
            }
            (members, offsets)
        });
        &members[offsets[g]..offsets[g + 1]]
    }

    /// The rows of group `g` as indices.
    pub fn indices(&self, g: usize) -> Vec<i64> {
        self.rows(g).iter().map(|&r| r as i64).collect()
    }
}

/// A fast hasher for the small integer keys grouping uses.
#[derive(Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ b as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, x: u32) {
        self.write_u64(x as u64);
    }
    fn write_i64(&mut self, x: i64) {
        self.write_u64(x as u64);
    }
    fn write_i32(&mut self, x: i32) {
        self.write_u64(x as u32 as u64);
    }
    fn write_i16(&mut self, x: i16) {
        self.write_u64(x as u16 as u64);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

/// Numbers the distinct values of one column (or repeats one atom) in
/// order of first appearance.
fn column_ids(c: &K, n: usize) -> Vec<u32> {
    fn number<T: std::hash::Hash + Eq>(items: impl Iterator<Item = T>, n: usize) -> Vec<u32> {
        let mut seen: FastMap<T, u32> = FastMap::default();
        let mut out = Vec::with_capacity(n);
        for x in items {
            let next = seen.len() as u32;
            out.push(*seen.entry(x).or_insert(next));
        }
        out
    }
    match c {
        _ if c.is_atom() => vec![0; n],
        // Typed: a slot per value for integers in a narrow range.
        K::Vector(v) => crate::q::kernels::hashing::groups(v).ids,
        K::Enum(e) => number(e.values.iter(), n),
        _ => number(list::items(c).into_iter().map(Key), n),
    }
}

/// Each row's group by several columns, numbered in order of appearance,
/// from each column's numbering: the numbers mixed into one word per row
/// and that numbered as integers are. `None` when the mix would not fit
/// in a word.
fn combined_ids(per: &[Vec<u32>], n: usize) -> Option<Vec<u32>> {
    let mut words = vec![0u64; n];
    let mut span: u64 = 1;
    for ids in per {
        let m = ids.iter().map(|&g| u64::from(g) + 1).max().unwrap_or(1);
        span = span.checked_mul(m)?;
        for (w, &g) in words.iter_mut().zip(ids) {
            *w = *w * m + u64::from(g);
        }
    }
    let words = crate::k::Vector {
        ty: Type::Long,
        attr: Attr::None,
        data: Data::I64(words.into_iter().map(|w| w as i64).collect()),
    };
    Some(crate::q::kernels::hashing::groups(&words).ids)
}

/// Groups `n` rows by the values of the columns `by` (atoms stand for
/// every row).
pub fn group_by(by: &[K], n: usize) -> Groups {
    if let [K::Vector(v)] = by {
        // One typed column: its numbering comes with each group's first row.
        let g = crate::q::kernels::hashing::groups(v);
        return Groups {
            ids: g.ids,
            first: g.firsts,
            members: std::cell::OnceCell::new(),
        };
    }
    let ids: Vec<u32> = match by {
        [] => vec![0; n],
        [one] => column_ids(one, n),
        _ => {
            let per: Vec<Vec<u32>> = by.iter().map(|c| column_ids(c, n)).collect();
            if let Some(ids) = combined_ids(&per, n) {
                ids
            } else {
                let mut seen: FastMap<Vec<u32>, u32> = FastMap::default();
                (0..n)
                    .map(|r| {
                        let key: Vec<u32> = per.iter().map(|p| p[r]).collect();
                        let next = seen.len() as u32;
                        *seen.entry(key).or_insert(next)
                    })
                    .collect()
            }
        }
    };
    // Groups are numbered in order of appearance: each new one starts at
    // the row where the numbering first reaches it.
    let mut first = Vec::new();
    for (r, &g) in ids.iter().enumerate() {
        if g as usize == first.len() {
            first.push(r);
        }
    }
    Groups {
        ids,
        first,
        members: std::cell::OnceCell::new(),
    }
}

/// `` `a xgroup t ``.
pub fn xgroup(x: K, y: K) -> KResult {
    let by = list::syms_of(&x)?;
    let flat = unkey(&y)?;
    let t = table_of(&flat)?;
    let by_cols = columns(t, &by)?;
    let groups = group_by(&by_cols, t.rows());
    // Groups come out in ascending order of their keys.
    let first: Vec<i64> = groups.first.iter().map(|&r| r as i64).collect();
    let keys = K::table(
        by.clone(),
        by_cols.iter().map(|c| list::gather(c, &first)).collect(),
    );
    let order = listops::grade(&keys, false)?;
    let sorted: Vec<i64> = order.iter().map(|&g| g as i64).collect();
    let key_cols: Vec<K> = match list::gather(&keys, &sorted) {
        K::Table(k) => k.cols.clone(),
        _ => Vec::new(),
    };
    let rows: Vec<Vec<i64>> = order.iter().map(|&g| groups.indices(g)).collect();
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
pub fn ungroup(x: K) -> KResult {
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
    // Each column is its rows' lists joined, an atom repeated as often
    // as its row's lists are long.
    let mut cols = Vec::with_capacity(t.cols.len());
    for c in &t.cols {
        let pieces = counts
            .iter()
            .enumerate()
            .map(|(r, &n)| {
                let v = list::item(c, r);
                match &v {
                    K::Atom(ty, s) => K::vector(*ty, Data::repeat(*ty, s, n)),
                    _ if v.is_atom() => list::from_items(vec![v; n]),
                    _ => v,
                }
            })
            .collect();
        cols.push(listops::raze(&K::list(pieces)));
    }
    Ok(K::table(t.names.clone(), cols))
}

/// Rows of `y` as a table with `t`'s columns: a table (keyed ones lose
/// their key), a dict, one record, columns (as many lists as `t` has
/// columns), or a list of records.
pub fn as_rows(t: &Table, y: &K) -> Result<K, QError> {
    match y {
        K::Table(_) => Ok(y.clone()),
        K::Dict(_) if y.is_keyed_table() => unkey(y),
        K::Dict(d) => {
            let names = list::syms_of(&d.keys)?;
            // `` `t upsert `sym`name!(`a;"xq") `` is one record.
            let cols = record_or_columns(list::items(&d.values));
            if cols.iter().any(|c| c.count() != cols[0].count()) {
                return Err(qerr("length"));
            }
            Ok(K::table(names, cols))
        }
        _ => {
            let vals = list::items(y);
            let n = t.cols.len();
            if vals.len() != n {
                // A list of records, each as many items as there are columns.
                if vals.is_empty() || vals.iter().any(|r| r.is_atom() || r.count() != n) {
                    return Err(qerr("length"));
                }
                return Ok(records_table(t, &vals));
            }
            let cols = record_or_columns(vals);
            if cols.iter().any(|c| c.count() != cols[0].count()) {
                return Err(qerr("length"));
            }
            Ok(K::table(t.names.clone(), cols))
        }
    }
}

/// Records, each with as many items as `t` has columns, as a table with
/// `t`'s column names.
fn records_table(t: &Table, records: &[K]) -> K {
    let cols = (0..t.cols.len())
        .map(|c| list::from_items(records.iter().map(|r| list::item(r, c)).collect()))
        .collect();
    K::table(t.names.clone(), cols)
}

/// The columns of one row's values: any atom makes them one record (its
/// lists are cell values); lists only are columns already.
fn record_or_columns(vals: Vec<K>) -> Vec<K> {
    if vals.iter().any(K::is_atom) {
        vals.into_iter().map(list::enlist).collect()
    } else {
        vals
    }
}

/// Appends rows to a table. Columns the rows lack are filled with nulls;
/// typed columns take only items of their type, and untyped (empty
/// general) columns take their type from the first rows.
fn append_rows(t: &Table, rows: &K) -> Result<K, QError> {
    Ok(joined_columns(t, column_additions(t, rows)?))
}

/// A new table of `t`'s columns each joined with its addition; an empty
/// column takes the addition whole, as `` (`int$()),5 `` is `,5`.
fn joined_columns(t: &Table, adds: Vec<K>) -> K {
    let cols = t
        .cols
        .iter()
        .zip(adds)
        .map(|(c, add)| {
            if c.count() == 0 && matches!(c, K::Vector(_) | K::List(_)) {
                add
            } else {
                list::join(c, &add)
            }
        })
        .collect();
    K::table(t.names.clone(), cols)
}

/// What each column of `t` takes from `rows`, checked: `'mismatch` for a
/// column `t` lacks, `'type` for items a typed column cannot take.
fn column_additions(t: &Table, rows: &K) -> Result<Vec<K>, QError> {
    let r = table_of(rows)?;
    if r.names.iter().any(|n| !t.names.iter().any(|m| m == n)) {
        return Err(qerr("mismatch"));
    }
    let added = r.rows();
    let mut adds = Vec::with_capacity(t.cols.len());
    for (i, n) in t.names.iter().enumerate() {
        let add = match r.names.iter().position(|m| m == n) {
            Some(p) => r.cols[p].clone(),
            None => list::gather(&t.cols[i], &vec![-1; added]),
        };
        // An empty table takes its first rows as they come: q for mortals
        // §9.1 appends `(`Prefect;126)` to `([] name:`symbol$(); iq:`int$())`.
        match (&t.cols[i], &add) {
            (K::Vector(_), _) if t.rows() == 0 => {}
            (K::Vector(a), K::Vector(b)) if a.ty != b.ty => return Err(qerr("type")),
            (K::Vector(a), K::Atom(u, _)) if a.ty != *u => return Err(qerr("type")),
            (K::Vector(_), K::List(l)) if !l.items.is_empty() => return Err(qerr("type")),
            _ => {}
        }
        adds.push(add);
    }
    Ok(adds)
}

/// Appends `rows` to the table `cur`, in its own columns when nothing
/// else holds the table or them (a table a loop inserts into grows by the
/// rows alone, not by a copy of itself). The index of the first new row
/// and the number added come back with it. On an error `cur` comes back
/// unchanged.
///
/// # Errors
/// As [`insert_rows`].
#[allow(clippy::result_large_err)]
pub fn append_rows_owned(cur: K, y: &K) -> Result<(K, usize, usize), (K, QError)> {
    // One row with a new key goes into a keyed table's own columns.
    let cur = match cur {
        K::Dict(_) if cur.is_keyed_table() => {
            let first = cur.count();
            match insert_keyed_in_place(cur, y) {
                Ok(r) => return Ok((r, first, 1)),
                Err(cur) => cur,
            }
        }
        cur => cur,
    };
    let K::Table(t) = &cur else {
        return match insert_rows(&cur, y) {
            Ok(r) => Ok(r),
            Err(e) => Err((cur, e)),
        };
    };
    let prepared = as_rows(t, y).and_then(|rows| column_additions(t, &rows));
    let adds = match prepared {
        Ok(a) => a,
        Err(e) => return Err((cur, e)),
    };
    let first = t.rows();
    let added = adds.first().map_or(0, K::count);
    let mut cur = cur;
    let K::Table(rc) = &mut cur else {
        unreachable!("checked above")
    };
    match Rc::get_mut(rc) {
        Some(t) => {
            for (c, add) in t.cols.iter_mut().zip(adds) {
                let col = std::mem::replace(c, K::Nil);
                *c = match col {
                    col @ (K::Vector(_) | K::List(_)) if col.count() == 0 => add,
                    col => list::append_in_place(col, add)
                        .unwrap_or_else(|(col, add)| list::join(&col, &add)),
                };
            }
            Ok((cur, first, added))
        }
        None => Ok((joined_columns(rc, adds), first, added)),
    }
}

/// Appends `y` to the table (or keyed table) `cur`: the new table, and
/// the index of the first new row and how many were added.
pub fn insert_rows(cur: &K, y: &K) -> Result<(K, usize, usize), QError> {
    Ok(match cur {
        K::Table(t) => {
            let rows = as_rows(t, y)?;
            let added = rows.count();
            let first = t.rows();
            (append_rows(t, &rows)?, first, added)
        }
        K::Dict(d) if cur.is_keyed_table() => {
            let flat = unkey(cur)?;
            let ft = table_of(&flat)?;
            let rows = as_rows(ft, y)?;
            let kt = table_of(&d.keys)?;
            // Inserting an existing key is an error.
            let nk = kt.cols.len();
            let (found, _, _) = match_keys(table_of(&rows)?, cur)?;
            if found.iter().any(|&p| p >= 0) {
                return Err(qerr("insert"));
            }
            let added = rows.count();
            let first = ft.rows();
            (key_by(nk, &append_rows(ft, &rows)?)?, first, added)
        }
        _ => return Err(qerr("type")),
    })
}

/// What `x,:y` does besides `x,y` (join.md's Append).
pub enum Appended {
    /// The new value of `x`.
    Done(K),
    /// Join this to `x` with `,`.
    Join(K),
}

/// `x,:y`: a table takes `y` as rows (a record, a list of records, a
/// dictionary or a table), its missing columns filled with nulls; a keyed
/// table upserts; a general list one rank above `y` takes `y` as one item.
pub fn append(cur: &K, y: K) -> Result<Appended, QError> {
    Ok(match cur {
        K::Table(t) => Appended::Done(append_rows(t, &rows_to_append(t, y)?)?),
        K::Dict(_) if cur.is_keyed_table() => Appended::Done(upsert(cur.clone(), y)?),
        // The general empty list has no first item to give it a rank:
        // appending it changes nothing.
        K::List(_) if matches!(&y, K::List(l) if l.items.is_empty()) => Appended::Join(y),
        K::List(_) if super::index::list_rank(cur) == super::index::list_rank(&y) + 1 => {
            Appended::Join(list::enlist(y))
        }
        _ => Appended::Join(y),
    })
}

/// `t,:y` for a table held nowhere else: the rows go into its own columns.
/// On an error the table comes back unchanged.
///
/// # Errors
/// As [`append`].
#[allow(clippy::result_large_err)]
pub fn append_to_table(cur: K, y: K) -> Result<K, (K, QError)> {
    let rows = match &cur {
        K::Table(t) => rows_to_append(t, y),
        _ => Err(qerr("type")),
    };
    match rows {
        Ok(rows) => append_rows_owned(cur, &rows).map(|(t, _, _)| t),
        Err(e) => Err((cur, e)),
    }
}

/// The rows `t,:y` appends: a record, a list of records, a dictionary or
/// a table, as a table.
pub fn rows_to_append(t: &Table, y: K) -> Result<K, QError> {
    match &y {
        K::Table(_) | K::Dict(_) => as_rows(t, &y),
        _ if y.is_atom() => Err(qerr("type")),
        _ => {
            let items = list::items(&y);
            let records = if items.iter().any(K::is_atom) {
                vec![y]
            } else {
                items
            };
            let n = t.cols.len();
            if records.is_empty() || records.iter().any(|r| r.count() != n) {
                return Err(qerr("length"));
            }
            Ok(records_table(t, &records))
        }
    }
}

/// The rows `t upsert y` appends to a simple table, as a table. A list
/// of lists each as long as a row is a list of records, even when there
/// are as many as columns (q for mortals §9.1: `t upsert ((`a;1);(`b;2))`
/// adds two rows); `insert` reads that square shape as columns.
///
/// # Errors
/// `'length` or `'type` where `y` has no row shape.
pub fn upsert_rows(t: &Table, y: &K) -> Result<K, QError> {
    let n = t.cols.len();
    match y {
        K::List(l)
            if !l.items.is_empty()
                && l.items.iter().all(|r| {
                    !r.is_atom() && r.count() == n && !matches!(r, K::Dict(_) | K::Table(_))
                }) =>
        {
            Ok(records_table(t, &l.items))
        }
        _ => as_rows(t, y),
    }
}

/// `t upsert rows` (or `` `t upsert rows `` to change a global).
pub fn upsert(cur: K, y: K) -> KResult {
    let r = match &cur {
        K::Table(t) => append_rows(t, &upsert_rows(t, &y)?)?,
        K::Dict(_) if cur.is_keyed_table() => {
            let flat = unkey(&cur)?;
            let flat = table_of(&flat)?;
            let rows = as_rows(flat, &y)?;
            // Typed columns take only items of their type, as insert's do.
            column_additions(flat, &rows)?;
            upsert_keyed(&cur, &rows)?
        }
        // temporal-data.md: a stepped (`s#`) dictionary refuses upserts.
        K::Dict(d) if d.sorted => return Err(qerr("step")),
        K::Dict(_) => listops::join(&cur, &y)?,
        _ => return Err(qerr("type")),
    };
    Ok(r)
}

/// [`upsert`] of rows into a keyed table nothing else holds, made in its
/// own columns: a row whose key the table has overwrites that row's
/// values where they are, and one row with a new key is appended, so a
/// table updated a row at a time is not copied each time. `Err` hands
/// `cur` back untouched when that cannot be done (a column shared, of
/// another type or with an attribute, rows with other columns, several
/// new keys): the general [`upsert`] then applies.
pub fn upsert_keyed_in_place(cur: K, y: &K) -> Result<K, K> {
    match in_place_plan(&cur, y) {
        Some((positions, rows)) => Ok(apply_in_place(cur, &positions, &rows)),
        None => Err(cur),
    }
}

/// [`upsert`] into keyed table `cur`: in its own columns when it can be
/// ([`upsert_keyed_in_place`]), else as a new table. On an error `cur`
/// comes back as it was, with the error.
#[allow(clippy::result_large_err)]
pub fn upsert_keyed_owned(cur: K, y: &K) -> Result<K, (K, QError)> {
    match upsert_keyed_in_place(cur, y) {
        Ok(r) => Ok(r),
        Err(cur) => upsert(cur.clone(), y.clone()).map_err(|e| (cur, e)),
    }
}

/// `insert` of one row with a new key into a keyed table nothing else
/// holds, appended to its own columns; `Err` hands `cur` back otherwise
/// (several rows, a key it has, a column that cannot take the row).
pub fn insert_keyed_in_place(cur: K, y: &K) -> Result<K, K> {
    match in_place_plan(&cur, y) {
        Some((positions, rows)) if positions == [None] => {
            Ok(apply_in_place(cur, &positions, &rows))
        }
        _ => Err(cur),
    }
}

/// Carries out a plan of [`in_place_plan`]: values overwritten at the
/// positions found, the row of a new key appended.
fn apply_in_place(cur: K, positions: &[Option<usize>], rows: &K) -> K {
    let mut cur = cur;
    let K::Dict(d) = &mut cur else {
        unreachable!("planned on a keyed table")
    };
    let d = Rc::get_mut(d).expect("checked unique");
    let rt = table_of(rows).expect("planned on a table");
    for (part, is_key) in [(&mut d.keys, true), (&mut d.values, false)] {
        let K::Table(t) = part else {
            unreachable!("planned on a keyed table")
        };
        let t = Rc::get_mut(t).expect("checked unique");
        for (name, col) in t.names.iter().zip(t.cols.iter_mut()) {
            let p = rt.names.iter().position(|m| m == name).expect("planned");
            let src = &rt.cols[p];
            for (r, &at) in positions.iter().enumerate() {
                // Keys stay where they are; values are overwritten.
                if is_key && at.is_some() {
                    continue;
                }
                match (&mut *col, src) {
                    (K::Vector(v), K::Vector(w)) => {
                        let v = Rc::get_mut(v).expect("checked unique");
                        let item = w.data.get(r);
                        match at {
                            Some(at) => v.data.set(at, &item),
                            None => v.data.push(&item),
                        };
                    }
                    (K::List(l), _) => {
                        let l = Rc::get_mut(l).expect("checked unique");
                        let item = list::item(src, r);
                        match at {
                            Some(at) => l.items[at] = item,
                            None => l.items.push(item),
                        }
                    }
                    _ => unreachable!("planned on vectors and lists"),
                }
            }
        }
    }
    cur
}

/// Whether [`upsert_keyed_in_place`] can take `y` into `cur`: the rows as
/// a table, and each row's position among the keys (`None` for the one
/// new key allowed).
fn in_place_plan(cur: &K, y: &K) -> Option<(Vec<Option<usize>>, K)> {
    let K::Dict(d) = cur else { return None };
    if Rc::strong_count(d) != 1 || !cur.is_keyed_table() {
        return None;
    }
    let rows = {
        let flat = unkey(cur).ok()?;
        as_rows(table_of(&flat).ok()?, y).ok()?
    };
    let rt = table_of(&rows).ok()?;
    let (found, _, _) = match_keys(rt, cur).ok()?;
    let positions: Vec<Option<usize>> = found.iter().map(|&p| usize::try_from(p).ok()).collect();
    if positions.iter().filter(|p| p.is_none()).count() > 1 {
        return None;
    }
    let (kt, vt) = (table_of(&d.keys).ok()?, table_of(&d.values).ok()?);
    if rt.names.len() != kt.names.len() + vt.names.len() {
        return None;
    }
    for (part, t, is_key) in [(&d.keys, kt, true), (&d.values, vt, false)] {
        let K::Table(rc) = part else { return None };
        if Rc::strong_count(rc) != 1 {
            return None;
        }
        for (name, col) in t.names.iter().zip(&t.cols) {
            let src = &rt.cols[rt.names.iter().position(|m| m == name)?];
            // A `u#` key column stays unique: the one key appended is new.
            let kept = |a: Attr| a == Attr::None || (is_key && a == Attr::Unique);
            let fits = match (col, src) {
                (K::Vector(v), K::Vector(w)) => {
                    Rc::strong_count(v) == 1 && kept(v.attr) && v.ty == w.ty
                }
                (K::List(l), K::List(_)) => {
                    Rc::strong_count(l) == 1 && l.attr == Attr::None && !l.items.is_empty()
                }
                _ => false,
            };
            if !fits {
                return None;
            }
        }
    }
    Some((positions, rows))
}

/// The rows of keyed table `kt` whose keys are `y`: one key (as many
/// atoms as `kt` has key columns) or a list of them. `'cast` for a key
/// `kt` lacks, `'length` for keys of the wrong shape. With it, whether
/// `y` was one key.
pub fn key_rows(kt: &K, y: &K) -> Result<(Vec<i64>, bool), QError> {
    let K::Dict(d) = kt else {
        return Err(qerr("type"));
    };
    let k = table_of(&d.keys)?;
    let width = k.cols.len();
    let items = list::items(y);
    let one = y.is_atom() || (items.len() == width && items.iter().all(K::is_atom));
    let keys: Vec<K> = if one { vec![y.clone()] } else { items };
    if keys
        .iter()
        .any(|r| r.count() != width || (width > 1 && r.is_atom()))
    {
        return Err(qerr("length"));
    }
    let cols = (0..width)
        .map(|c| {
            list::from_items(
                keys.iter()
                    .map(|r| {
                        if r.is_atom() {
                            r.clone()
                        } else {
                            list::item(r, c)
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    let probe = K::table(k.names.clone(), cols);
    let (rows, _, _) = match_keys(table_of(&probe)?, kt)?;
    if rows.contains(&-1) {
        return Err(qerr("cast"));
    }
    Ok((rows, one))
}

/// Looks up each row of `t` in keyed table `kt`; returns row positions (-1 if none).
fn match_keys(t: &Table, kt: &K) -> Result<(Vec<i64>, Table, Table), QError> {
    let K::Dict(d) = kt else {
        return Err(qerr("type"));
    };
    let (k, v) = (table_of(&d.keys)?.clone(), table_of(&d.values)?.clone());
    // One key column of the same simple type on both sides: a typed find.
    if let [K::Vector(kc)] = k.cols.as_slice()
        && let Some(p) = t.names.iter().position(|m| m == k.names.get(0))
        && let K::Vector(tc) = &t.cols[p]
        && tc.ty == kc.ty
        && let Some(found) = super::hashing::find(kc, tc)
    {
        let n = kc.len() as i64;
        let pos = found
            .into_iter()
            .map(|p| if p < n { p } else { -1 })
            .collect();
        return Ok((pos, k, v));
    }
    let index = super::verbs::first_rows(&k);
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

/// How joined values from `y` meet common columns of `x`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Common {
    /// Matched rows take y's value, even a null (`lj`, `ij`).
    Replace,
    /// Matched rows take y's value unless it is null (`ljf`, `ijf`).
    ReplaceUnlessNull,
}

fn add_columns(t: &Table, v: &Table, pos: &[i64], common: Common) -> K {
    let mut names = t.names.clone();
    let mut cols = t.cols.clone();
    for (i, n) in v.names.iter().enumerate() {
        let existing = names.iter().position(|m| m == n);
        match existing {
            Some(p) => {
                if let (K::Vector(old), K::Vector(new)) = (&cols[p], &v.cols[i])
                    && old.ty == new.ty
                    && let Some(merged) = replaced_items(old, new, pos, common)
                {
                    cols[p] = merged;
                    continue;
                }
                let looked = list::gather(&v.cols[i], pos);
                // Existing values stay where the lookup found nothing.
                let mut items = list::items(&cols[p]);
                for (r, &q) in pos.iter().enumerate() {
                    if q < 0 {
                        continue;
                    }
                    let val = list::item(&looked, r);
                    let null = matches!(&val, K::Atom(t, s) if crate::k::is_null(*t, s));
                    if !(null && common == Common::ReplaceUnlessNull) {
                        items[r] = val;
                    }
                }
                cols[p] = list::from_items(items);
            }
            None => {
                names.push(n);
                cols.push(list::gather(&v.cols[i], pos));
            }
        }
    }
    K::table(names, cols)
}

/// [`add_columns`] of a column both tables have, of one type: `old`
/// with row `r` taken from row `pos[r]` of `new` where the lookup found
/// one (and, for [`Common::ReplaceUnlessNull`], its item is not null).
fn replaced_items(
    old: &crate::k::Vector,
    new: &crate::k::Vector,
    pos: &[i64],
    common: Common,
) -> Option<K> {
    let data = match common {
        Common::Replace => old.data.merged(&new.data, pos)?,
        Common::ReplaceUnlessNull => {
            let from: Vec<i64> = pos
                .iter()
                .map(|&q| match q {
                    q if q >= 0 && !crate::k::is_null(new.ty, &new.data.get(q as usize)) => q,
                    _ => -1,
                })
                .collect();
            old.data.merged(&new.data, &from)?
        }
    };
    Some(K::vector(old.ty, data))
}

fn left_join(x: K, y: K, common: Common) -> KResult {
    if matches!(&y, K::List(l) if l.items.is_empty()) {
        return Ok(x);
    }
    if !y.is_keyed_table() {
        return Err(qerr("type"));
    }
    let keyed = x.is_keyed_table();
    let flat = unkey(&x)?;
    let t = table_of(&flat)?;
    let (pos, _, v) = match_keys(t, &y)?;
    let r = add_columns(t, &v, &pos, common);
    if keyed && let K::Dict(d) = &x {
        return key_by(table_of(&d.keys)?.cols.len(), &r);
    }
    Ok(r)
}

/// `t lj kt`.
pub fn lj(x: K, y: K) -> KResult {
    left_join(x, y, Common::Replace)
}

/// `t ljf kt`: as `lj`, but nulls in `kt` leave `t`'s values.
pub fn ljf(x: K, y: K) -> KResult {
    left_join(x, y, Common::ReplaceUnlessNull)
}

fn inner_join(x: K, y: K, common: Common) -> KResult {
    if !y.is_keyed_table() {
        return Err(qerr("type"));
    }
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
    Ok(add_columns(table_of(&sub)?, &v, &kept_pos, common))
}

/// `t ij kt`.
pub fn ij(x: K, y: K) -> KResult {
    inner_join(x, y, Common::Replace)
}

/// `t ijf kt`: as `ij`, but nulls in `kt` leave `t`'s values.
pub fn ijf(x: K, y: K) -> KResult {
    inner_join(x, y, Common::ReplaceUnlessNull)
}

/// `t pj kt`: adds matching values.
pub fn pj(x: K, y: K) -> KResult {
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
pub fn uj(x: K, y: K) -> KResult {
    if x.is_keyed_table() && y.is_keyed_table() {
        return upsert_keyed(&widen_keyed(&x, &y)?, &y);
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

/// `x ujf y`: as `uj`, but for keyed tables a null in a matching row of
/// `y` keeps the value of `x` (uj.md).
pub fn ujf(x: K, y: K) -> KResult {
    if !(x.is_keyed_table() && y.is_keyed_table()) {
        return uj(x, y);
    }
    let K::Dict(dy) = &y else {
        return Err(qerr("type"));
    };
    // Rows of y whose keys x lacks are appended as uj appends them.
    let ykeys = table_of(&dy.keys)?;
    let (pos, _, _) = match_keys(ykeys, &x)?;
    let fresh: Vec<i64> = (0..pos.len() as i64)
        .filter(|&r| pos[r as usize] < 0)
        .collect();
    let new_rows = K::dict(
        list::gather(&dy.keys, &fresh),
        list::gather(&dy.values, &fresh),
    );
    let updated = ljf(x.clone(), y.clone())?;
    uj(updated, new_rows)
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

/// The columns of `t` named in `names`, or the name error of a missing one.
fn named_columns(t: &Table, names: &SymVec) -> Result<Vec<K>, QError> {
    names
        .iter()
        .map(|n| {
            t.names
                .iter()
                .position(|m| m == n)
                .map(|p| t.cols[p].clone())
                .ok_or_else(|| qerr(String::from_utf8_lossy(n)))
        })
        .collect()
}

/// How an as-of join fills its result.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// `aj`: the boundary time from the left table.
    Aj,
    /// `aj0`: the matched time from the right table.
    Aj0,
    /// `ajf`: as `aj`, keeping left values where the right ones are null.
    Ajf,
    /// `ajf0`: as `aj0`, keeping left values where the right ones are null.
    Ajf0,
}

/// The rows of `src` grouped by their values in the columns `eq` (in row
/// order), and each group's values in the column `time`.
struct TimeGroups {
    index: HashMap<Vec<Key>, Vec<usize>, Fast>,
    time: K,
}

fn by_group(src: &Table, c: &SymVec) -> Result<(TimeGroups, SymVec), QError> {
    let eq_names: SymVec = c.iter().take(c.len() - 1).collect();
    let time_set: SymVec = [c.get(c.len() - 1)].into_iter().collect();
    let eq = named_columns(src, &eq_names)?;
    let time = named_columns(src, &time_set)?.remove(0);
    let mut index: HashMap<Vec<Key>, Vec<usize>, Fast> = HashMap::default();
    for r in 0..src.rows() {
        let key: Vec<Key> = eq.iter().map(|col| Key(list::item(col, r))).collect();
        index.entry(key).or_default().push(r);
    }
    Ok((TimeGroups { index, time }, eq_names))
}

/// For each row of `probe`, the last row of `src` equal to it on all but
/// the last of the columns `c` and at or before it on the last (-1 if none).
fn as_of_rows(probe: &Table, src: &Table, c: &SymVec) -> Result<Vec<i64>, QError> {
    let (groups, eq_names) = by_group(src, c)?;
    let time_set: SymVec = [c.get(c.len() - 1)].into_iter().collect();
    let p_eq = named_columns(probe, &eq_names)?;
    let p_time = named_columns(probe, &time_set)?.remove(0);
    Ok((0..probe.rows())
        .map(|r| {
            let key: Vec<Key> = p_eq.iter().map(|col| Key(list::item(col, r))).collect();
            let Some(rows) = groups.index.get(&key) else {
                return -1;
            };
            let t = list::item(&p_time, r);
            // The last row at or before t: rows before the first one after it.
            let after = rows.partition_point(|&i| {
                super::verbs::cmp_atoms(&list::item(&groups.time, i), &t)
                    != std::cmp::Ordering::Greater
            });
            if after == 0 {
                -1
            } else {
                rows[after - 1] as i64
            }
        })
        .collect())
}

/// `t asof d`: for a dictionary `d` (or each row of a table `d`), the
/// other columns of the last row of `t` matching `d` on all but its last
/// key and at or before it on the last (asof.md); nulls where none does.
pub fn asof(t: K, d: K) -> KResult {
    let flat = unkey(&t)?;
    let src = table_of(&flat)?;
    let (probe, one) = match &d {
        K::Dict(dd) if !d.is_keyed_table() => {
            let names = list::syms_of(&dd.keys)?;
            let cols = (0..names.len())
                .map(|i| list::enlist(list::item(&dd.values, i)))
                .collect();
            (
                Table {
                    attr: crate::k::Attr::None,
                    names,
                    cols,
                },
                true,
            )
        }
        _ => {
            let flat_d = unkey(&d)?;
            (table_of(&flat_d)?.clone(), false)
        }
    };
    if probe.names.is_empty() {
        return Err(qerr("length"));
    }
    let found = as_of_rows(&probe, src, &probe.names)?;
    let mut names = SymVec::new();
    let mut cols = Vec::new();
    for (i, n) in src.names.iter().enumerate() {
        if !probe.names.iter().any(|m| m == n) {
            names.push(n);
            cols.push(list::gather(&src.cols[i], &found));
        }
    }
    if one {
        let row = cols.iter().map(|c| list::item(c, 0)).collect();
        return Ok(K::dict(K::syms(names), list::from_items(row)));
    }
    Ok(K::table(names, cols))
}

/// For each row of `t`, the rows of `q` in its window for `wj` and `wj1`
/// (wj.md): rows equal to it on all but the last of the columns `c`, with
/// times within the row's `(begin;end)` from `w`, both ends included.
/// With `prevailing` (`wj`), the last row at or before the window's
/// begin counts too.
pub fn window_rows(w: &K, c: &K, t: &K, q: &K, prevailing: bool) -> Result<Vec<Vec<i64>>, QError> {
    let c = list::syms_of(c)?;
    if c.is_empty() {
        return Err(qerr("length"));
    }
    if w.count() != 2 {
        return Err(qerr("length"));
    }
    let (begin, end) = (list::item(w, 0), list::item(w, 1));
    let (flat_t, flat_q) = (unkey(t)?, unkey(q)?);
    let (tt, qt) = (table_of(&flat_t)?, table_of(&flat_q)?);
    if begin.count() != tt.rows() || end.count() != tt.rows() {
        return Err(qerr("length"));
    }
    let (groups, eq_names) = by_group(qt, &c)?;
    let t_eq = named_columns(tt, &eq_names)?;
    let before = |rows: &[usize], x: &K, inclusive: bool| {
        rows.partition_point(|&i| {
            let o = super::verbs::cmp_atoms(&list::item(&groups.time, i), x);
            o == std::cmp::Ordering::Less || (inclusive && o == std::cmp::Ordering::Equal)
        })
    };
    Ok((0..tt.rows())
        .map(|r| {
            let key: Vec<Key> = t_eq.iter().map(|col| Key(list::item(col, r))).collect();
            let Some(rows) = groups.index.get(&key) else {
                return Vec::new();
            };
            let (b, e) = (list::item(&begin, r), list::item(&end, r));
            let mut lo = before(rows, &b, false);
            let starts_on_begin = rows.get(lo).is_some_and(|&i| {
                super::verbs::cmp_atoms(&list::item(&groups.time, i), &b)
                    == std::cmp::Ordering::Equal
            });
            if prevailing && lo > 0 && !starts_on_begin {
                lo -= 1;
            }
            let hi = before(rows, &e, true).max(lo);
            rows[lo..hi].iter().map(|&i| i as i64).collect()
        })
        .collect())
}

/// `t` with the column `name` set to `values` (replaced, or added last).
pub fn with_column(t: &K, name: &[u8], values: K) -> KResult {
    let flat = unkey(t)?;
    let tt = table_of(&flat)?;
    let mut names = tt.names.clone();
    let mut cols = tt.cols.clone();
    list::put_column(&mut names, &mut cols, name, values);
    Ok(K::table(names, cols))
}

/// `aj[c;t1;t2]` and its variants: for each row of `t1`, the last row of
/// `t2` that equals it on all but the last of the columns `c` and is at
/// or before it on the last (aj.md). `t2` is taken as sorted on that last
/// column within each group, as q requires.
pub fn as_of_join(c: &K, left: &K, right: &K, how: AsOf) -> KResult {
    let c = list::syms_of(c)?;
    let lt = table_of(left)?.clone();
    let rt = table_of(right)?;
    if c.is_empty() {
        return Err(qerr("length"));
    }
    let eq_names: SymVec = c.iter().take(c.len() - 1).collect();
    let time_name = c.get(c.len() - 1);
    let (l_eq, r_eq) = (
        named_columns(&lt, &eq_names)?,
        named_columns(rt, &eq_names)?,
    );
    let time_set: SymVec = [time_name].into_iter().collect();
    let l_time = named_columns(&lt, &time_set)?.remove(0);
    let r_time = named_columns(rt, &time_set)?.remove(0);
    let found = match typed_as_of_rows(&l_eq, &r_eq, &l_time, &r_time) {
        Some(found) => found,
        None => as_of_rows(&lt, rt, &c)?,
    };
    // The right table's other columns join as a lookup does; aj and ajf
    // keep the left side's time, aj0 and ajf0 take the right side's.
    let mut contrib = Table {
        attr: crate::k::Attr::None,
        names: SymVec::new(),
        cols: Vec::new(),
    };
    for (i, n) in rt.names.iter().enumerate() {
        let is_eq = eq_names.iter().any(|m| m == n);
        let is_time = n == time_name;
        if !(is_eq || (is_time && matches!(how, AsOf::Aj | AsOf::Ajf))) {
            contrib.names.push(n);
            contrib.cols.push(rt.cols[i].clone());
        }
    }
    let common = if matches!(how, AsOf::Ajf | AsOf::Ajf0) {
        Common::ReplaceUnlessNull
    } else {
        Common::Replace
    };
    Ok(add_columns(&lt, &contrib, &found, common))
}

/// [`as_of_rows`] on typed storage: key columns that are simple vectors
/// of one type on both sides, and times of one type: any temporal type,
/// shorts, ints, longs, reals or floats. `None` otherwise.
fn typed_as_of_rows(l_eq: &[K], r_eq: &[K], l_time: &K, r_time: &K) -> Option<Vec<i64>> {
    let (K::Vector(lt), K::Vector(rt)) = (l_time, r_time) else {
        return None;
    };
    if lt.ty != rt.ty {
        return None;
    }
    let (lt, rt) = (ordered_words(&lt.data)?, ordered_words(&rt.data)?);
    let (probe_groups, groups, n_groups) = match (l_eq, r_eq) {
        ([], []) => (vec![0; lt.len()], vec![0; rt.len()], 1),
        _ => {
            let (le, re) = key_vectors(l_eq, r_eq)?;
            let (groups, probes) = super::hashing::groups_and_probes(&re, &le)?;
            let n = groups.firsts.len();
            (probes, groups.ids, n)
        }
    };
    Some(if is_ascending(&lt) && is_ascending(&rt) {
        merged_as_of_rows(&lt, &rt, &probe_groups, &groups, n_groups)
    } else {
        searched_as_of_rows(&lt, &rt, &probe_groups, &groups, n_groups)
    })
}

/// The key columns of both sides as one vector each: the column itself
/// when there is one, else each row's keys numbered as one long (the
/// right side's groups of each column, mixed), where the numbers fit.
fn key_vectors<'a>(
    l_eq: &'a [K],
    r_eq: &'a [K],
) -> Option<(
    std::borrow::Cow<'a, crate::k::Vector>,
    std::borrow::Cow<'a, crate::k::Vector>,
)> {
    use crate::k::Vector;
    use std::borrow::Cow;
    let pairs: Vec<(&Vector, &Vector)> = l_eq
        .iter()
        .zip(r_eq)
        .map(|(l, r)| match (l, r) {
            (K::Vector(l), K::Vector(r)) if l.ty == r.ty => Some((&**l, &**r)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if pairs.len() != l_eq.len() || l_eq.len() != r_eq.len() {
        return None;
    }
    if let [(l, r)] = pairs.as_slice() {
        return Some((Cow::Borrowed(*l), Cow::Borrowed(*r)));
    }
    let (mut left, mut right) = (vec![0i64; pairs[0].0.len()], vec![0i64; pairs[0].1.len()]);
    let mut span: i64 = 1;
    for (l, r) in pairs {
        let (groups, found) = super::hashing::groups_and_probes(r, l)?;
        let n = groups.firsts.len().max(1) as i64;
        span = span.checked_mul(n)?;
        for (k, &g) in right.iter_mut().zip(&groups.ids) {
            *k = *k * n + i64::from(g);
        }
        // A key no right row has leaves its row unmatched: -1.
        for (k, &g) in left.iter_mut().zip(&found) {
            *k = if *k >= 0 && g < n { *k * n + g } else { -1 };
        }
    }
    let long = |v: Vec<i64>| {
        Cow::Owned(Vector {
            ty: Type::Long,
            attr: Attr::None,
            data: Data::I64(v),
        })
    };
    Some((long(left), long(right)))
}

/// [`typed_as_of_rows`] when the times do not ascend: each group's rows
/// and times side by side in one flat layout, searched from where the
/// group's last probe stopped. `probe_groups[i]` is left row `i`'s group
/// among the right rows' `groups`, of which there are `n_groups` (any
/// other number when it has none).
fn searched_as_of_rows(
    left_times: &[i64],
    right_times: &[i64],
    probe_groups: &[i64],
    groups: &[u32],
    n_groups: usize,
) -> Vec<i64> {
    // Group `g`'s rows and times are at `start[g]..start[g + 1]`.
    let mut start = vec![0usize; n_groups + 1];
    for &g in groups {
        start[g as usize + 1] += 1;
    }
    for g in 0..n_groups {
        start[g + 1] += start[g];
    }
    let mut fill = start.clone();
    let (mut rows, mut times) = (vec![0i64; groups.len()], vec![0i64; groups.len()]);
    for (i, &g) in groups.iter().enumerate() {
        let at = &mut fill[g as usize];
        rows[*at] = i as i64;
        times[*at] = right_times[i];
        *at += 1;
    }
    // How far into its times the last probe of each group reached:
    // probes come in time order in the usual case, so each group's
    // times are walked once, forward.
    let mut reached = vec![(i64::MIN, 0usize); n_groups];
    probe_groups
        .iter()
        .zip(left_times)
        .map(|(&g, &t)| {
            let Some(&(last, mut at)) = reached.get(g as usize) else {
                return -1;
            };
            let g = g as usize;
            let ts = &times[start[g]..start[g + 1]];
            if t >= last {
                // Forward from where the group's last probe stopped, in
                // growing steps, then halving.
                let mut step = 1;
                while at + step <= ts.len() && ts[at + step - 1] <= t {
                    at += step;
                    step *= 2;
                }
                at += ts[at..(at + step).min(ts.len())].partition_point(|&x| x <= t);
            } else {
                at = ts.partition_point(|&x| x <= t);
            }
            reached[g] = (t, at);
            if at == 0 { -1 } else { rows[start[g] + at - 1] }
        })
        .collect()
}

fn is_ascending(x: &[i64]) -> bool {
    x.windows(2).all(|w| w[0] <= w[1])
}

/// [`typed_as_of_rows`] when both sides' times ascend: one walk through
/// both tables in time order, keeping each group's latest right row, so
/// every read is in sequence. The groups as for [`searched_as_of_rows`].
fn merged_as_of_rows(
    left_times: &[i64],
    right_times: &[i64],
    probe_groups: &[i64],
    groups: &[u32],
    n_groups: usize,
) -> Vec<i64> {
    let mut latest = vec![-1i64; n_groups];
    let mut next = 0;
    left_times
        .iter()
        .zip(probe_groups)
        .map(|(&t, &g)| {
            while next < right_times.len() && right_times[next] <= t {
                latest[groups[next] as usize] = next as i64;
                next += 1;
            }
            latest.get(g as usize).copied().unwrap_or(-1)
        })
        .collect()
}

/// Times as longs in the same order as the times (nulls the smallest),
/// borrowed when they are longs already.
fn ordered_words(d: &Data) -> Option<std::borrow::Cow<'_, [i64]>> {
    use std::borrow::Cow;
    Some(match d {
        Data::I64(v) => Cow::Borrowed(v.as_slice()),
        Data::I32(v) => Cow::Owned(v.iter().map(|&x| i64::from(x)).collect()),
        Data::I16(v) => Cow::Owned(v.iter().map(|&x| i64::from(x)).collect()),
        Data::F64(v) => Cow::Owned(v.iter().map(|&x| float_order(x)).collect()),
        Data::F32(v) => Cow::Owned(v.iter().map(|&x| float_order(f64::from(x))).collect()),
        _ => return None,
    })
}

/// A float's place in the order `cmp_f64` gives: nulls first, then
/// -0w up to 0w, with -0 and 0 equal.
fn float_order(x: f64) -> i64 {
    if x.is_nan() {
        return i64::MIN;
    }
    // Adding zero turns -0 into 0.
    let bits = (x + 0.0).to_bits() as i64;
    // Negative floats order backwards as integers: their magnitude bits
    // are flipped.
    if bits < 0 { bits ^ i64::MAX } else { bits }
}

/// `distinct x`; of a table, the first row of each group of equal rows,
/// the rows grouped column by column as `select by` groups them.
pub fn distinct(x: &K) -> KResult {
    match x {
        K::Table(t) => {
            let groups = group_by(&t.cols, t.rows());
            let keep: Vec<i64> = groups.first.iter().map(|&r| r as i64).collect();
            Ok(list::gather(x, &keep))
        }
        _ => listops::distinct(x),
    }
}

/// `ej[c;t1;t2]`: each row of `t1` joined with every row of `t2` that
/// matches it on the columns `c`, in `t1`'s order (ej.md).
pub fn ej(args: Vec<K>) -> KResult {
    let mut a = args.into_iter();
    let c = list::syms_of(&a.next().expect("c"))?;
    let left = unkey(&a.next().expect("t1"))?;
    let right = unkey(&a.next().expect("t2"))?;
    let (lt, rt) = (table_of(&left)?, table_of(&right)?);
    let (l_key, r_key) = (named_columns(lt, &c)?, named_columns(rt, &c)?);
    let mut index: HashMap<Vec<Key>, Vec<usize>, Fast> = HashMap::default();
    for r in 0..rt.rows() {
        let key: Vec<Key> = r_key.iter().map(|col| Key(list::item(col, r))).collect();
        index.entry(key).or_default().push(r);
    }
    let (mut from_left, mut from_right) = (Vec::new(), Vec::new());
    for l in 0..lt.rows() {
        let key: Vec<Key> = l_key.iter().map(|col| Key(list::item(col, l))).collect();
        for &r in index.get(&key).into_iter().flatten() {
            from_left.push(l as i64);
            from_right.push(r as i64);
        }
    }
    // The columns of `t1`, then those only `t2` has (ej.md).
    Ok(list::paired_rows(lt, &from_left, rt, &from_right))
}

/// `(f;col) fby grp`: f of col within each row's group, one value per row
/// (a list result spreads over the group's rows). `apply` is given `f` and
/// a group's items.
pub fn fby_with<E: From<QError>>(
    x: &K,
    y: &K,
    mut apply: impl FnMut(&K, K) -> Result<K, E>,
) -> Result<K, E> {
    let K::List(pair) = x else {
        return Err(qerr("type").into());
    };
    let [f, col] = &pair.items[..] else {
        return Err(qerr("length").into());
    };
    let by = match &y {
        K::Table(t) => t.cols.clone(),
        _ => vec![y.clone()],
    };
    let n = col.count();
    // The groups must cover the column, one key per item.
    if by.iter().any(|b| b.is_atom() || b.count() != n) {
        return Err(qerr("length").into());
    }
    let groups = group_by(&by, n);
    let results = (0..groups.len())
        .map(|g| apply(f, list::gather(col, &groups.indices(g))))
        .collect::<Result<Vec<K>, E>>()?;
    if let Some(out) = spread_by_group(&groups, &results) {
        return Ok(out);
    }
    let mut out: Vec<K> = vec![K::Nil; n];
    for (g, v) in results.into_iter().enumerate() {
        let rows = groups.rows(g);
        if !v.is_atom() && v.count() == rows.len() {
            for (k, &r) in rows.iter().enumerate() {
                out[r] = list::item(&v, k);
            }
        } else {
            for &r in rows {
                out[r] = v.clone();
            }
        }
    }
    Ok(list::from_items(out))
}

/// Each group's result of [`fby_with`] back on the group's rows, as one
/// gather from the results joined: a result with an item per row gives
/// each row its own, any other (an aggregate's atom) goes to every row.
/// `None` when a result is a dictionary or table, which the rows take
/// one by one.
fn spread_by_group(groups: &Groups, results: &[K]) -> Option<K> {
    let mut pieces = Vec::with_capacity(results.len());
    // Where each group's values start in the joined results, and whether
    // it has one per row.
    let mut starts = Vec::with_capacity(results.len());
    let mut next = 0i64;
    for (g, v) in results.iter().enumerate() {
        let per_row = matches!(v, K::Vector(_) | K::List(_)) && v.count() == groups.rows(g).len();
        starts.push((next, per_row));
        match v {
            _ if per_row => {
                next += v.count() as i64;
                pieces.push(v.clone());
            }
            K::Dict(_) | K::Table(_) => return None,
            _ => {
                next += 1;
                pieces.push(list::enlist(v.clone()));
            }
        }
    }
    let joined = listops::raze(&K::list(pieces));
    let mut seen = vec![0i64; results.len()];
    let idx: Vec<i64> = groups
        .ids
        .iter()
        .map(|&g| {
            let (start, per_row) = starts[g as usize];
            let at = start + if per_row { seen[g as usize] } else { 0 };
            seen[g as usize] += 1;
            at
        })
        .collect();
    Some(list::gather(&joined, &idx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_times_order_as_floats_compare() {
        let xs = [
            f64::NAN,
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -1e-300,
            -0.0,
            0.0,
            1e-300,
            2.5,
            1e300,
            f64::INFINITY,
        ];
        for &a in &xs {
            for &b in &xs {
                let want = crate::q::kernels::verbs::cmp_f64(a, b);
                assert_eq!(float_order(a).cmp(&float_order(b)), want, "{a} against {b}");
            }
        }
    }

    #[test]
    fn rows_group_by_several_columns_in_order_of_appearance() {
        let a = K::sym_list(["x", "y", "x", "y", "x", "z"]);
        let b = K::longs(vec![1, 1, 1, 2, 1, 1]);
        let c = K::longs(vec![7, 7, 8, 7, 7, 7]);
        let g = group_by(&[a.clone(), b.clone()], 6);
        assert_eq!(g.ids, [0, 1, 0, 2, 0, 3]);
        assert_eq!(g.first, [0, 1, 3, 5]);
        let g = group_by(&[a, b, c], 6);
        assert_eq!(g.ids, [0, 1, 2, 3, 0, 4]);
        // The mix of each column's numbers is what keys rows apart.
        let per = vec![vec![0, 1, 0, 1], vec![1, 0, 0, 1]];
        assert_eq!(combined_ids(&per, 4), Some(vec![0, 1, 2, 3]));
        assert_eq!(
            combined_ids(
                &[vec![u32::MAX - 1; 2], vec![u32::MAX - 1; 2], vec![1, 0]],
                2
            ),
            None
        );
    }

    /// `([k:1 2] v:1.5 2.5; n:("a";"bb"))`, built afresh so nothing else
    /// holds its columns.
    fn keyed_table() -> K {
        let names = |n: &[&str]| n.iter().copied().collect::<SymVec>();
        K::dict(
            K::table(names(&["k"]), vec![K::longs(vec![1, 2])]),
            K::table(
                names(&["v", "n"]),
                vec![
                    K::floats(vec![1.5, 2.5]),
                    K::list(vec![K::string(b"a"), K::string(b"bb")]),
                ],
            ),
        )
    }

    #[test]
    fn upserting_in_place_gives_what_the_general_upsert_gives() {
        let row = |k: i64, v: f64, n: &[u8]| K::list(vec![K::long(k), K::float(v), K::string(n)]);
        // An existing key, then a new one.
        for y in [row(2, 9.5, b"z"), row(3, 0.5, b"new")] {
            let want = upsert(keyed_table(), y.clone()).expect("general upsert");
            let got = upsert_keyed_in_place(keyed_table(), &y).expect("made in place");
            assert!(crate::q::kernels::verbs::matches(&got, &want), "{y:?}");
        }
    }

    #[test]
    fn upserting_in_place_declines_what_it_cannot_do_in_place() {
        let row = K::list(vec![K::long(2), K::float(9.5), K::string(b"z")]);
        // Held elsewhere too: the other holder must not see the change.
        let kt = keyed_table();
        let held = kt.clone();
        assert!(upsert_keyed_in_place(kt, &row).is_err());
        // A value of another type, and two new keys at once.
        let int_value = K::list(vec![K::long(2), K::int(9), K::string(b"z")]);
        assert!(upsert_keyed_in_place(keyed_table(), &int_value).is_err());
        let k = K::table(["k"].into_iter().collect(), vec![K::longs(vec![7, 8])]);
        let v = K::table(
            ["v", "n"].into_iter().collect(),
            vec![
                K::floats(vec![1.0, 2.0]),
                K::list(vec![K::string(b"x"), K::string(b"y")]),
            ],
        );
        assert!(upsert_keyed_in_place(keyed_table(), &K::dict(k, v)).is_err());
        drop(held);
    }

    #[test]
    fn typed_as_of_rows_agree_with_the_boxed_walk() {
        // Keys absent on the right, a null time, times before any quote,
        // and int-typed times widened to longs.
        let ints = |v: Vec<i32>| {
            K::Vector(Rc::new(crate::k::Vector {
                ty: Type::Int,
                attr: crate::k::Attr::None,
                data: Data::I32(v),
            }))
        };
        let l_eq = vec![K::longs(vec![1, 2, 3, 1, 2, crate::k::NULL_LONG])];
        let r_eq = vec![K::longs(vec![2, 1, 1, 2, crate::k::NULL_LONG])];
        let l_time = ints(vec![5, 1, 9, 30, 40, 7]);
        let r_time = ints(vec![2, 3, 20, 35, i32::MIN]);
        let names = || ["k", "t"].into_iter().collect::<SymVec>();
        let probe = Table {
            attr: crate::k::Attr::None,
            names: names(),
            cols: vec![l_eq[0].clone(), l_time.clone()],
        };
        let src = Table {
            attr: crate::k::Attr::None,
            names: names(),
            cols: vec![r_eq[0].clone(), r_time.clone()],
        };
        let typed = typed_as_of_rows(&l_eq, &r_eq, &l_time, &r_time).expect("typed path");
        assert_eq!(typed, as_of_rows(&probe, &src, &names()).expect("boxed"));
        assert_eq!(typed, vec![1, -1, -1, 2, 3, 4]);
    }

    fn t() -> K {
        K::table(
            ["k", "v"].into_iter().collect(),
            vec![K::sym_list(["x", "y", "x"]), K::longs(vec![1, 2, 3])],
        )
    }

    #[test]
    fn insert_rows_reports_where_the_new_rows_start() {
        let (r, first, added) = insert_rows(&t(), &K::list(vec![K::sym("z"), K::long(4)])).unwrap();
        assert_eq!((first, added), (3, 1));
        assert_eq!(r.count(), 4);
    }

    #[test]
    fn fby_calls_back_once_per_group() {
        let mut calls = 0;
        let x = K::list(vec![K::Nil, K::longs(vec![1, 2, 3])]);
        let r = fby_with(&x, &K::sym_list(["x", "y", "x"]), |_, g| {
            calls += 1;
            Ok::<K, QError>(K::long(g.count() as i64))
        })
        .unwrap();
        assert_eq!(calls, 2);
        assert_eq!(r, K::longs(vec![2, 1, 2]));
    }

    #[test]
    fn sorting_by_a_column_sorts_whole_rows() {
        let r = sort_by(K::sym("k"), t(), true).unwrap();
        let K::Table(rt) = &r else { panic!("a table") };
        assert_eq!(rt.cols[1], K::longs(vec![2, 1, 3]));
    }
}
