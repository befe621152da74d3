//! Atomic verbs: arithmetic with q's result-type tables, comparison,
//! match, and the machinery that extends atomic functions over lists,
//! dictionaries and tables.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use crate::k::calendar::{MILLIS_PER_DAY, NANOS_PER_DAY};
use crate::k::{
    Attr, Data, Dict, K, NULL_INT, NULL_LONG, NULL_SHORT, QError, Scalar, Storage, Table, Type,
    is_null, null_float, qerr,
};

use super::hashing::Fast;
use super::list;

pub use super::pervade::{Arith, Cmp};

// ---- extension over structures ----

/// Whether `x` and `y` are keyed tables with different keys.
fn keyed_apart(x: &K, y: &K) -> bool {
    match (x, y) {
        (K::Dict(a), K::Dict(b)) => {
            x.is_keyed_table() && y.is_keyed_table() && !identical(&a.keys, &b.keys)
        }
        _ => false,
    }
}

/// Whether `x` and `y` meet key by key: two dictionaries, or two keyed
/// tables with different keys (keyed tables are dictionaries of rows).
fn meet_by_key(x: &K, y: &K) -> bool {
    matches!((x, y), (K::Dict(_), K::Dict(_)))
        && ((!x.is_keyed_table() && !y.is_keyed_table()) || keyed_apart(x, y))
}

/// Applies a binary atomic kernel `f` (which handles atoms and simple
/// vectors) pairwise through general lists, dictionaries and tables.
pub fn atomic2(x: &K, y: &K, f: &dyn Fn(&K, &K) -> Result<K, QError>) -> Result<K, QError> {
    crate::k::depth::check()?;
    match (x, y) {
        // With different keys, entries (or rows) meet by key and the keys
        // of both are kept.
        (K::Dict(a), K::Dict(b)) if meet_by_key(x, y) => dict_union(a, b, f, None),
        (K::Dict(d), _) if x.is_keyed_table() => {
            let yv = match y {
                K::Dict(e) if y.is_keyed_table() => e.values.clone(),
                _ => y.clone(),
            };
            Ok(K::dict(d.keys.clone(), atomic2(&d.values, &yv, f)?))
        }
        (_, K::Dict(d)) if y.is_keyed_table() => {
            Ok(K::dict(d.keys.clone(), atomic2(x, &d.values, f)?))
        }
        (K::Dict(d), _) => Ok(K::dict(d.keys.clone(), atomic2(&d.values, y, f)?)),
        (_, K::Dict(d)) => Ok(K::dict(d.keys.clone(), atomic2(x, &d.values, f)?)),
        (K::Table(a), K::Table(b)) => {
            if a.rows() != b.rows() {
                return Err(qerr("length"));
            }
            // Row by row this is dict op dict: common columns combine,
            // the others are kept.
            let mut names = a.names.clone();
            let mut cols = Vec::with_capacity(a.cols.len());
            for (i, n) in a.names.iter().enumerate() {
                cols.push(match b.names.iter().position(|m| m == n) {
                    Some(j) => atomic2(&a.cols[i], &b.cols[j], f)?,
                    None => a.cols[i].clone(),
                });
            }
            for (j, n) in b.names.iter().enumerate() {
                if !a.names.iter().any(|m| m == n) {
                    names.push(n);
                    cols.push(b.cols[j].clone());
                }
            }
            Ok(K::table(names, cols))
        }
        (K::Table(t), _) => {
            let cols = t
                .cols
                .iter()
                .map(|c| atomic2(c, y, f))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(K::table(t.names.clone(), cols))
        }
        (_, K::Table(t)) => {
            let cols = t
                .cols
                .iter()
                .map(|c| atomic2(x, c, f))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(K::table(t.names.clone(), cols))
        }
        (K::List(_), _) | (_, K::List(_)) => {
            let (xa, ya) = (x.is_atom(), y.is_atom());
            if !xa && !ya && x.count() != y.count() {
                return Err(qerr("length"));
            }
            let n = if xa { y.count() } else { x.count() };
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let xi = if xa { x.clone() } else { list::item(x, i) };
                let yi = if ya { y.clone() } else { list::item(y, i) };
                out.push(atomic2(&xi, &yi, f)?);
            }
            Ok(if n == 0 {
                K::list(out)
            } else {
                list::from_items(out)
            })
        }
        (K::Enum(e), _) => atomic2(&e.items(), y, f).map(|r| maybe_atom(r, e.atom)),
        (_, K::Enum(e)) => atomic2(x, &e.items(), f).map(|r| maybe_atom(r, e.atom)),
        _ => f(x, y),
    }
}

fn maybe_atom(r: K, atom: bool) -> K {
    if atom && r.count() == 1 && !r.is_atom() {
        list::item(&r, 0)
    } else {
        r
    }
}

/// A kernel of one value.
type Unary<'a> = dyn Fn(&K) -> Result<K, QError> + 'a;

/// Dict op dict: keys in both are combined; keys in one keep their value,
/// or take what `one_side` (left, right) gives them.
fn dict_union(
    a: &Dict,
    b: &Dict,
    f: &dyn Fn(&K, &K) -> Result<K, QError>,
    one_side: Option<(&Unary<'_>, &Unary<'_>)>,
) -> Result<K, QError> {
    let a_keys = list::items(&a.keys);
    let b_keys = list::items(&b.keys);
    let mut pos: HashMap<Key, usize, Fast> =
        HashMap::with_capacity_and_hasher(a_keys.len(), Fast::default());
    for (i, k) in a_keys.iter().enumerate() {
        pos.entry(Key(k.clone())).or_insert(i);
    }
    let mut vals: Vec<K> = list::items(&a.values);
    let mut matched = vec![false; vals.len()];
    let mut keys = a_keys.clone();
    for (j, k) in b_keys.iter().enumerate() {
        let bv = list::item(&b.values, j);
        match pos.get(&Key(k.clone())) {
            Some(&i) => {
                vals[i] = atomic2(&vals[i], &bv, f)?;
                matched[i] = true;
            }
            None => {
                keys.push(k.clone());
                vals.push(match one_side {
                    Some((_, right)) => right(&bv)?,
                    None => bv,
                });
            }
        }
    }
    // A key only on the left, when the verb says what it gives.
    if let Some((left, _)) = one_side {
        for (v, _) in vals.iter_mut().zip(&matched).filter(|(_, m)| !**m) {
            *v = left(v)?;
        }
    }
    Ok(K::dict(list::from_items(keys), list::from_items(vals)))
}

/// Applies a unary atomic kernel through lists, dicts and tables.
pub fn atomic1(x: &K, f: &dyn Fn(&K) -> Result<K, QError>) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Dict(d) => Ok(K::dict(d.keys.clone(), atomic1(&d.values, f)?)),
        K::Table(t) => {
            let cols = t
                .cols
                .iter()
                .map(|c| atomic1(c, f))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(K::table(t.names.clone(), cols))
        }
        K::List(l) => {
            let out = l
                .items
                .iter()
                .map(|i| atomic1(i, f))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(if out.is_empty() {
                K::list(out)
            } else {
                list::from_items(out)
            })
        }
        K::Enum(e) => atomic1(&e.items(), f).map(|r| maybe_atom(r, e.atom)),
        _ => f(x),
    }
}

// ---- simple operands ----

/// An atom or simple vector viewed as typed storage plus an atom flag.
struct Simple<'a> {
    ty: Type,
    atom: bool,
    data: SimpleData<'a>,
}

enum SimpleData<'a> {
    Atom(Scalar),
    Vec(&'a Data),
}

fn simple(x: &K) -> Option<Simple<'_>> {
    match x {
        K::Atom(t, s) => Some(Simple {
            ty: *t,
            atom: true,
            data: SimpleData::Atom(s.clone()),
        }),
        K::Vector(v) => Some(Simple {
            ty: v.ty,
            atom: false,
            data: SimpleData::Vec(&v.data),
        }),
        _ => None,
    }
}

impl Simple<'_> {
    fn len(&self) -> usize {
        match &self.data {
            SimpleData::Atom(_) => 1,
            SimpleData::Vec(d) => d.len(),
        }
    }

    /// Items widened to i64, nulls to `NULL_LONG`, infinities kept as
    /// infinities, and temporal values converted into the unit of `unit`.
    fn longs(&self, unit: Type) -> Vec<i64> {
        let conv = unit_factor(self.ty, unit);
        let month_days = self.ty == Type::Month && (unit_is_sub_day(unit) || unit == Type::Date);
        if conv == 1 && !month_days {
            // Integer infinities are plain numbers here (q does no checks
            // for them: `0Wi+5` is 2147483652); only nulls stay null.
            return match &self.data {
                SimpleData::Atom(s) => vec![scalar_long_plain(s)],
                SimpleData::Vec(d) => data_longs_plain(d),
            };
        }
        let raw: Vec<i64> = match &self.data {
            SimpleData::Atom(s) => vec![scalar_long(self.ty, s)],
            SimpleData::Vec(d) => data_longs(self.ty, d),
        };
        raw.into_iter()
            .map(|v| {
                if v == NULL_LONG || v == i64::MAX || v == -i64::MAX {
                    v
                } else if month_days {
                    let (y, m) = crate::k::calendar::year_month(v);
                    crate::k::calendar::days(y, m, 1).wrapping_mul(conv)
                } else {
                    v.wrapping_mul(conv)
                }
            })
            .collect()
    }

    /// Items as f64 (nulls NaN), temporal values converted to `unit`
    /// (days for datetime).
    fn floats(&self, unit: Option<Type>) -> Vec<f64> {
        let scale = match unit {
            Some(u) => float_scale(self.ty, u),
            None => 1.0,
        };
        let raw: Vec<f64> = match &self.data {
            SimpleData::Atom(s) => vec![scalar_float(self.ty, s)],
            SimpleData::Vec(d) => data_floats(self.ty, d),
        };
        if scale == 1.0 {
            raw
        } else {
            raw.into_iter().map(|v| v * scale).collect()
        }
    }
}

fn unit_is_sub_day(u: Type) -> bool {
    matches!(u, Type::Timestamp | Type::Timespan)
}

/// Multiplier from `from`'s unit to `to`'s unit for integral temporal arithmetic.
fn unit_factor(from: Type, to: Type) -> i64 {
    let ns = |t: Type| -> Option<i64> {
        Some(match t {
            Type::Timestamp | Type::Timespan => 1,
            Type::Date | Type::Month => NANOS_PER_DAY,
            Type::Minute => 60_000_000_000,
            Type::Second => 1_000_000_000,
            Type::Time => 1_000_000,
            _ => return None,
        })
    };
    match (ns(from), ns(to)) {
        (Some(a), Some(b)) if a >= b && from != to => {
            if from == Type::Month {
                // Months become days first (see `longs`), then scale.
                NANOS_PER_DAY / b
            } else {
                a / b
            }
        }
        _ => 1,
    }
}

/// Scale from `from`'s value to days (for datetime results) or to `to`'s unit.
fn float_scale(from: Type, to: Type) -> f64 {
    if to == Type::Datetime {
        match from {
            Type::Minute => 1.0 / 1440.0,
            Type::Second => 1.0 / 86_400.0,
            Type::Time => 1.0 / MILLIS_PER_DAY as f64,
            Type::Timestamp | Type::Timespan => 1.0 / NANOS_PER_DAY as f64,
            _ => 1.0,
        }
    } else {
        1.0
    }
}

fn scalar_long(_t: Type, s: &Scalar) -> i64 {
    match s {
        Scalar::U8(b) => *b as i64,
        Scalar::I16(x) => list::widen16(*x),
        Scalar::I32(x) => list::widen32(*x),
        Scalar::I64(x) => *x,
        Scalar::F32(x) => float_to_long(*x as f64),
        Scalar::F64(x) => float_to_long(*x),
        Scalar::Guid(_) | Scalar::Sym(_) => 0,
    }
}

/// A short or int widened with its null kept and its infinities as the
/// numbers they are.
fn widen_plain(x: i64, null: bool) -> i64 {
    if null { NULL_LONG } else { x }
}

fn scalar_long_plain(s: &Scalar) -> i64 {
    match s {
        Scalar::I16(x) => widen_plain(*x as i64, *x == NULL_SHORT),
        Scalar::I32(x) => widen_plain(*x as i64, *x == NULL_INT),
        _ => scalar_long(Type::Long, s),
    }
}

fn data_longs_plain(d: &Data) -> Vec<i64> {
    match d {
        Data::I16(v) => v
            .iter()
            .map(|&x| widen_plain(x as i64, x == NULL_SHORT))
            .collect(),
        Data::I32(v) => v
            .iter()
            .map(|&x| widen_plain(x as i64, x == NULL_INT))
            .collect(),
        _ => data_longs(Type::Long, d),
    }
}

fn data_longs(_t: Type, d: &Data) -> Vec<i64> {
    match d {
        Data::U8(v) => v.iter().map(|&b| b as i64).collect(),
        Data::I16(v) => v.iter().map(|&x| list::widen16(x)).collect(),
        Data::I32(v) => v.iter().map(|&x| list::widen32(x)).collect(),
        Data::I64(v) => v.clone(),
        Data::F32(v) => v.iter().map(|&x| float_to_long(x as f64)).collect(),
        Data::F64(v) => v.iter().map(|&x| float_to_long(x)).collect(),
        Data::Guid(v) => vec![0; v.len()],
        Data::Sym(v) => vec![0; v.len()],
    }
}

/// Rounds a float to a long the way q casts do (nulls and infinities kept).
pub fn float_to_long(x: f64) -> i64 {
    if x.is_nan() {
        NULL_LONG
    } else if x >= 9.223_372_036_854_776e18 {
        i64::MAX
    } else if x <= -9.223_372_036_854_776e18 {
        -i64::MAX
    } else {
        x.round() as i64
    }
}

/// A long as a float, with null as NaN and infinities as infinities.
pub fn long_to_float(x: i64) -> f64 {
    if x == NULL_LONG {
        null_float()
    } else {
        x as f64
    }
}

/// An item as a float: its numeric value (infinities of integral types are
/// their largest values, as in q: `sqrt 0Wh` is 181.0166), nulls NaN.
pub fn scalar_float(t: Type, s: &Scalar) -> f64 {
    match s {
        Scalar::F32(x) => *x as f64,
        Scalar::F64(x) => *x,
        Scalar::U8(b) => *b as f64,
        Scalar::I16(x) if *x == NULL_SHORT => null_float(),
        Scalar::I16(x) => *x as f64,
        Scalar::I32(x) if *x == NULL_INT => null_float(),
        Scalar::I32(x) => *x as f64,
        Scalar::I64(x) if *x == NULL_LONG => null_float(),
        Scalar::I64(x) => *x as f64,
        Scalar::Guid(_) | Scalar::Sym(_) => {
            let _ = t;
            null_float()
        }
    }
}

fn data_floats(t: Type, d: &Data) -> Vec<f64> {
    match d {
        Data::F64(v) => v.clone(),
        Data::F32(v) => v.iter().map(|&x| x as f64).collect(),
        _ => (0..d.len()).map(|i| scalar_float(t, &d.get(i))).collect(),
    }
}

/// Packs i64 lanes into a result of type `t`, narrowing storage.
pub fn pack_longs(t: Type, v: Vec<i64>, atom: bool) -> K {
    let data = match t.storage() {
        Storage::I64 => Data::I64(v),
        Storage::I32 => Data::I32(
            v.into_iter()
                .map(|x| if x == NULL_LONG { NULL_INT } else { x as i32 })
                .collect(),
        ),
        Storage::I16 => Data::I16(
            v.into_iter()
                .map(|x| if x == NULL_LONG { NULL_SHORT } else { x as i16 })
                .collect(),
        ),
        Storage::U8 => Data::U8(v.into_iter().map(|x| x as u8).collect()),
        Storage::F64 => Data::F64(v.into_iter().map(long_to_float).collect()),
        Storage::F32 => Data::F32(v.into_iter().map(|x| long_to_float(x) as f32).collect()),
        Storage::Guid | Storage::Sym => unreachable_storage(),
    };
    finish(t, data, atom)
}

fn unreachable_storage() -> Data {
    Data::I64(Vec::new())
}

/// Packs f64 lanes into a result of type `t`.
pub fn pack_floats(t: Type, v: Vec<f64>, atom: bool) -> K {
    let data = match t.storage() {
        Storage::F64 => Data::F64(v),
        Storage::F32 => Data::F32(v.into_iter().map(|x| x as f32).collect()),
        _ => return pack_longs(t, v.into_iter().map(float_to_long).collect(), atom),
    };
    finish(t, data, atom)
}

fn finish(t: Type, data: Data, atom: bool) -> K {
    if atom {
        K::Atom(t, data.get(0))
    } else {
        K::vector(t, data)
    }
}

/// Combines two lane vectors with broadcasting of atoms.
fn zip<T: Copy, U>(
    a: &[T],
    a_atom: bool,
    b: &[T],
    b_atom: bool,
    f: impl Fn(T, T) -> U,
) -> Result<Vec<U>, QError> {
    Ok(match (a_atom, b_atom) {
        (true, true) => vec![f(a[0], b[0])],
        (true, false) => b.iter().map(|&y| f(a[0], y)).collect(),
        (false, true) => a.iter().map(|&x| f(x, b[0])).collect(),
        (false, false) => {
            if a.len() != b.len() {
                return Err(qerr("length"));
            }
            a.iter().zip(b).map(|(&x, &y)| f(x, y)).collect()
        }
    })
}

// ---- arithmetic ----

fn is_intlike(t: Type) -> bool {
    matches!(
        t,
        Type::Boolean | Type::Byte | Type::Short | Type::Int | Type::Long
    )
}

/// Result types of `x+y`, `x-y` and `x*y`, rows for `x` and columns for
/// `y` in the order `b g x h i j e f c s p m d z n u v t`; `.` is a type
/// error. These are the range tables of add.md, subtract.md and
/// multiply.md.
const ADD_TYPES: [&str; 18] = [
    "i.iiijef..pmdznuvt",
    "..................",
    "i.iiijef..pmdznuvt",
    "i.iiijef..pmdznuvt",
    "i.iiijef..pmdznuvt",
    "j.jjjjef..pmdznuvt",
    "e.eeeeef..pmdznuvt",
    "f.fffffff.ffzzffff",
    ".......f..pmdznuvt",
    "..................",
    "p.pppppfp.n...pppp",
    "m.mmmmmfm..i..pppp",
    "d.dddddzd...i.pppp",
    "z.zzzzzzz....fpzzz",
    "n.nnnnnfn.ppppnnnn",
    "u.uuuuufu.pppznuvt",
    "v.vvvvvfv.pppznvvt",
    "t.tttttft.pppznttt",
];
const SUB_TYPES: [&str; 18] = [
    "i.iiijefi.pmdznuvt",
    "..................",
    "i.iiijefi.pmdznuvt",
    "i.iiijefi.pmdznuvt",
    "i.iiijefi.pmdznuvt",
    "j.jjjjefj.pmdznuvt",
    "e.eeeeefe.pmdznuvt",
    "f.fffffff.ffzzffff",
    ".......f..pmdznuvt",
    "..................",
    "p.pppppfp.n...pppp",
    "m.mmmmmfm..i..pppp",
    "d.dddddzd...i.pppp",
    "z.zzzzzzz....fpzzz",
    "n.nnnnnfn.ppppnnnn",
    "u.uuuuufu.pppznuvt",
    "v.vvvvvfv.pppznvvt",
    "t.tttttft.pppznttt",
];
const MUL_TYPES: [&str; 18] = [
    "i.iiijef..pmdznuvt",
    "..................",
    "i.iiijef..pmdznuvt",
    "i.iiijef..pmdznuvt",
    "i.iiijef..pmdznuvt",
    "j.jjjjef..pmdznuvt",
    "e.eeeeef..pmdznuvt",
    "f.fffffff.ffzzffff",
    ".......f..pmdznuvt",
    "..................",
    "p.pppppfp.........",
    "m.mmmmmfm.........",
    "d.dddddzd.........",
    "z.zzzzzzz.........",
    "n.nnnnnfn.........",
    "u.uuuuufu.........",
    "v.vvvvvfv.........",
    "t.tttttft.........",
];

/// The position of a type in the tables' order.
fn table_index(t: Type) -> usize {
    Type::ALL.iter().position(|&u| u == t).unwrap_or(0)
}

/// The result type of `x op y` per q's Add/Subtract/Multiply tables.
fn arith_type(op: Arith, a: Type, b: Type) -> Option<Type> {
    use Type::*;
    let table = match op {
        Arith::Div => {
            return match (a, b) {
                (Symbol | Guid, _) | (_, Symbol | Guid) => None,
                _ => Some(Float),
            };
        }
        Arith::Add => &ADD_TYPES,
        Arith::Sub => &SUB_TYPES,
        Arith::Mul => &MUL_TYPES,
        Arith::Min | Arith::Max => return lesser_greater_type(a, b),
    };
    let letter = table[table_index(a)].as_bytes()[table_index(b)];
    if letter == b'.' {
        None
    } else {
        Type::from_letter(letter)
    }
}

/// The result type of `x&y` and `x|y`.
fn lesser_greater_type(a: Type, b: Type) -> Option<Type> {
    use Type::*;
    let numeric = |t: Type| matches!(t, Boolean | Byte | Short | Int | Long | Real | Float);
    if numeric(a) && numeric(b) {
        // `&` and `|` keep the larger type, booleans included.
        return Some(if a as u8 >= b as u8 { a } else { b });
    }
    if a == b && a != Symbol && a != Guid {
        return Some(a);
    }
    if a.is_temporal() && is_intlike(b) {
        return Some(a);
    }
    if b.is_temporal() && is_intlike(a) {
        return Some(b);
    }
    if a == Char || b == Char {
        // `98|"a"` is "b": chars compare with integers as their codes.
        let other = if a == Char { b } else { a };
        if other == Char || is_intlike(other) {
            return Some(Char);
        }
    }
    None
}

/// `x op y` for arithmetic verbs, extended over structures.
pub fn arith(op: Arith, x: &K, y: &K) -> Result<K, QError> {
    if let Some(r) = atom_arith(op, x, y) {
        return Ok(r);
    }
    // Dict minus dict: a key only on the right gives the negated value
    // (subtract.md: `d-`b`c!...` has `c| -1000 -2000 -3000`).
    if op == Arith::Sub
        && let (K::Dict(a), K::Dict(b)) = (x, y)
        && meet_by_key(x, y)
    {
        let zero = K::long(0);
        let neg = |v: &K| atomic2(&zero, v, &|p, q| arith_simple(op, p, q));
        let same = |v: &K| Ok(v.clone());
        return dict_union(a, b, &|p, q| arith(op, p, q), Some((&same, &neg)));
    }
    atomic2(x, y, &|a, b| arith_simple(op, a, b))
}

/// [`arith`] taking its operands, so that a vector nothing else refers to
/// (a temporary, or a variable being amended with `x+:1`) receives the
/// result in its own buffer instead of a new one.
///
/// # Errors
/// As [`arith`].
pub fn arith_owned(op: Arith, x: K, y: K) -> Result<K, QError> {
    if let Some(r) = atom_arith(op, &x, &y) {
        return Ok(r);
    }
    match arith_in_place(op, x, y) {
        Ok(r) => Ok(r),
        Err((x, y)) => arith(op, &x, &y),
    }
}

/// The in-place cases of [`arith_owned`]: long with long (not `%`) and
/// float with float of matching counts, where one operand is a vector
/// nothing else refers to, of the result's type. Nothing can fail once
/// they are recognised; any other operands come back untouched.
///
/// # Errors
/// The operands, when this is not such a case.
#[allow(clippy::result_large_err)]
pub fn arith_in_place(op: Arith, mut x: K, mut y: K) -> Result<K, (K, K)> {
    let long_ok = op != Arith::Div;
    for left in [true, false] {
        let (acc, other) = if left { (&mut x, &y) } else { (&mut y, &x) };
        let K::Vector(v) = acc else { continue };
        let Some(v) = Rc::get_mut(v) else { continue };
        let n = v.data.len();
        let counts_match = |c: Option<usize>| c.is_none_or(|c| c == n);
        let done = match (&mut v.data, v.ty) {
            (Data::I64(d), Type::Long) if long_ok => match long_side(other) {
                Some((Type::Long, side)) if counts_match(side.count()) => {
                    pervade::long_arith_into(op, d, side, left).is_ok()
                }
                _ => false,
            },
            (Data::F64(d), Type::Float) => match float_side(other) {
                Some(side) if counts_match(side.count()) => {
                    pervade::float_arith_into(op, d, side, left).is_ok()
                }
                _ => false,
            },
            _ => false,
        };
        if done {
            v.attr = Attr::None;
            return Ok(if left { x } else { y });
        }
    }
    Err((x, y))
}

/// Two long or float atoms, the commonest case in a lambda's body, with
/// no vectors made on the way.
#[inline(always)]
pub(crate) fn atom_arith(op: Arith, x: &K, y: &K) -> Option<K> {
    let float = |v: f64| Some(K::float(v));
    match (x, y) {
        (K::Atom(Type::Long, Scalar::I64(p)), K::Atom(Type::Long, Scalar::I64(q))) => {
            if op == Arith::Div {
                return float(long_to_float(*p) / long_to_float(*q));
            }
            Some(K::long(long_op(op, *p, *q)))
        }
        (K::Atom(Type::Float, Scalar::F64(p)), K::Atom(Type::Float, Scalar::F64(q))) => {
            float(float_op(op, *p, *q))
        }
        (K::Atom(Type::Long, Scalar::I64(p)), K::Atom(Type::Float, Scalar::F64(q))) => {
            float(float_op(op, long_to_float(*p), *q))
        }
        (K::Atom(Type::Float, Scalar::F64(p)), K::Atom(Type::Long, Scalar::I64(q))) => {
            float(float_op(op, *p, long_to_float(*q)))
        }
        _ => None,
    }
}

use super::pervade::{self, Side};

pub(crate) fn long_side(x: &K) -> Option<(Type, Side<'_, i64>)> {
    match x {
        K::Vector(v) => match &v.data {
            Data::I64(d) if v.ty == Type::Long => Some((v.ty, Side::All(d))),
            _ => None,
        },
        K::Atom(Type::Long, Scalar::I64(a)) => Some((Type::Long, Side::One(*a))),
        _ => None,
    }
}

pub(crate) fn float_side(x: &K) -> Option<Side<'_, f64>> {
    match x {
        K::Vector(v) => match &v.data {
            Data::F64(d) if v.ty == Type::Float => Some(Side::All(d)),
            _ => None,
        },
        K::Atom(Type::Float, Scalar::F64(a)) => Some(Side::One(*a)),
        _ => None,
    }
}

/// Long with long and float with float (vectors, or a vector and an
/// atom) straight over the items, without widening copies.
fn same_type_arith(op: Arith, x: &K, y: &K) -> Result<Option<K>, QError> {
    if let (Some((_, a)), Some((_, b))) = (long_side(x), long_side(y)) {
        if a.count().is_none() && b.count().is_none() {
            return Ok(None);
        }
        if op == Arith::Div {
            return Ok(pervade::long_divide(a, b)?.map(K::floats));
        }
        return Ok(pervade::long_arith(op, a, b)?.map(K::longs));
    }
    if let (Some(a), Some(b)) = (float_side(x), float_side(y)) {
        return Ok(pervade::float_arith(op, a, b)?.map(K::floats));
    }
    if let (Some((_, a)), Some(b)) = (long_side(x), float_side(y)) {
        return Ok(pervade::long_float_arith(op, a, b, true)?.map(K::floats));
    }
    if let (Some(a), Some((_, b))) = (float_side(x), long_side(y)) {
        return Ok(pervade::long_float_arith(op, b, a, false)?.map(K::floats));
    }
    Ok(None)
}

fn arith_simple(op: Arith, x: &K, y: &K) -> Result<K, QError> {
    if let Some(r) = same_type_arith(op, x, y)? {
        return Ok(r);
    }
    let (a, b) = match (simple(x), simple(y)) {
        (Some(a), Some(b)) => (a, b),
        _ => return Err(qerr("type")),
    };
    let rt = arith_type(op, a.ty, b.ty).ok_or_else(|| qerr("type"))?;
    if !a.atom && !b.atom && a.len() != b.len() {
        return Err(qerr("length"));
    }
    let atom = a.atom && b.atom;
    // Booleans under & and | stay booleans.
    if rt == Type::Boolean {
        let av = a.longs(rt);
        let bv = b.longs(rt);
        let r = zip(&av, a.atom, &bv, b.atom, |p, q| match op {
            Arith::Min => p.min(q),
            _ => p.max(q),
        })?;
        return Ok(pack_longs(rt, r, atom));
    }
    match rt.storage() {
        Storage::F64 | Storage::F32 => {
            let unit = if rt == Type::Datetime {
                Some(Type::Datetime)
            } else {
                None
            };
            // Fast path: float op float vectors.
            let av = a.floats(unit);
            let bv = b.floats(unit);
            let r = zip(&av, a.atom, &bv, b.atom, |p, q| float_op(op, p, q))?;
            Ok(pack_floats(rt, r, atom))
        }
        _ => {
            // Integral: the unit is the result type's unit, except that the
            // difference of two dates/months/timestamps is in their own unit.
            let unit = if rt.is_temporal() { rt } else { a.ty.max(b.ty) };
            let (ua, ub) = if rt.is_temporal() {
                (unit, unit)
            } else {
                (a.ty, b.ty)
            };
            let av = a.longs(ua);
            let bv = b.longs(ub);
            let r = zip(&av, a.atom, &bv, b.atom, |p, q| long_op(op, p, q))?;
            Ok(pack_longs(rt, r, atom))
        }
    }
}

#[inline]
fn long_op(op: Arith, p: i64, q: i64) -> i64 {
    match op {
        Arith::Min => p.min(q),
        Arith::Max => p.max(q),
        _ if p == NULL_LONG || q == NULL_LONG => NULL_LONG,
        Arith::Add => p.wrapping_add(q),
        Arith::Sub => p.wrapping_sub(q),
        Arith::Mul => p.wrapping_mul(q),
        Arith::Div => NULL_LONG,
    }
}

#[inline]
fn float_op(op: Arith, p: f64, q: f64) -> f64 {
    match op {
        Arith::Add => p + q,
        Arith::Sub => p - q,
        Arith::Mul => p * q,
        Arith::Div => p / q,
        // q's lesser/greater treat null as the smallest value.
        Arith::Min => {
            if p.is_nan() || q.is_nan() {
                null_float()
            } else {
                p.min(q)
            }
        }
        Arith::Max => {
            if p.is_nan() {
                q
            } else if q.is_nan() {
                p
            } else {
                p.max(q)
            }
        }
    }
}

// ---- comparison ----

/// Total order on floats with null (NaN) below everything.
pub fn cmp_f64(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
    }
}

/// The type of an atom or vector.
fn simple_type_of(x: &K) -> Option<Type> {
    match x {
        K::Atom(t, _) => Some(*t),
        K::Vector(v) => Some(v.ty),
        _ => None,
    }
}

/// Whether `t` is a point in time: timestamp or datetime.
fn is_ordinal_time(t: Type) -> bool {
    matches!(t, Type::Timestamp | Type::Datetime)
}

/// Whether `t` counts time within a day: minute, second or time.
fn is_time_of_day(t: Type) -> bool {
    matches!(t, Type::Minute | Type::Second | Type::Time)
}

/// The time of day of each timestamp or datetime of `x`, in minutes,
/// seconds or milliseconds as `to` counts; nulls stay null.
fn time_of_day_as(x: &K, to: Type) -> K {
    let unit_nanos: i64 = match to {
        Type::Minute => 60_000_000_000,
        Type::Second => 1_000_000_000,
        _ => 1_000_000,
    };
    let of_nanos = |ns: i64| ns.rem_euclid(NANOS_PER_DAY).div_euclid(unit_nanos);
    let of_days = |d: f64| {
        if d.is_nan() {
            NULL_LONG
        } else {
            of_nanos(((d * MILLIS_PER_DAY as f64).round() as i64).saturating_mul(1_000_000))
        }
    };
    let (atom, values): (bool, Vec<i64>) = match x {
        K::Atom(_, Scalar::I64(ns)) => (
            true,
            vec![if *ns == NULL_LONG {
                NULL_LONG
            } else {
                of_nanos(*ns)
            }],
        ),
        K::Atom(_, Scalar::F64(d)) => (true, vec![of_days(*d)]),
        K::Vector(v) => match &v.data {
            Data::I64(d) => (
                false,
                d.iter()
                    .map(|&ns| {
                        if ns == NULL_LONG {
                            NULL_LONG
                        } else {
                            of_nanos(ns)
                        }
                    })
                    .collect(),
            ),
            Data::F64(d) => (false, d.iter().map(|&f| of_days(f)).collect()),
            _ => return x.clone(),
        },
        _ => return x.clone(),
    };
    pack_longs(to, values, atom)
}

/// `x = y`, `x < y`, `x > y`, extended over structures.
pub fn compare(op: Cmp, x: &K, y: &K) -> Result<K, QError> {
    if let (K::Atom(Type::Long, Scalar::I64(p)), K::Atom(Type::Long, Scalar::I64(q))) = (x, y) {
        return Ok(K::bool(match op {
            Cmp::Eq => p == q,
            Cmp::Lt => p < q,
            Cmp::Gt => p > q,
        }));
    }
    // Dict with dict: a key on one side only meets a null (q for
    // mortals §5: `(`a`b`c!0N 20 30)=`b`c`d!20 300 0N` is 1 1 0 1).
    if let (K::Dict(a), K::Dict(b)) = (x, y)
        && meet_by_key(x, y)
    {
        let left = |v: &K| compare(op, v, &list::null_like(v));
        let right = |v: &K| compare(op, &list::null_like(v), v);
        return dict_union(a, b, &|p, q| compare(op, p, q), Some((&left, &right)));
    }
    atomic2(x, y, &|a, b| compare_simple(op, a, b))
}

fn compare_simple(op: Cmp, x: &K, y: &K) -> Result<K, QError> {
    // A point in time compared with a time of day is taken as its time of
    // day in the other's unit (comparison.md: `tab.timeStamp=09:29`).
    if let (Some(tx), Some(ty)) = (simple_type_of(x), simple_type_of(y)) {
        if is_ordinal_time(tx) && is_time_of_day(ty) {
            return compare_simple(op, &time_of_day_as(x, ty), y);
        }
        if is_time_of_day(tx) && is_ordinal_time(ty) {
            return compare_simple(op, x, &time_of_day_as(y, tx));
        }
    }
    // Long with long and float with float straight over the items.
    if let (Some((_, a)), Some((_, b))) = (long_side(x), long_side(y))
        && let Some(r) = pervade::long_compare(op, a, b)?
    {
        return Ok(K::vector(Type::Boolean, Data::U8(r)));
    }
    if let (Some(a), Some(b)) = (float_side(x), float_side(y))
        && let Some(r) = pervade::float_compare(op, a, b)?
    {
        return Ok(K::vector(Type::Boolean, Data::U8(r)));
    }
    let (a, b) = match (simple(x), simple(y)) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            // `::` and functions compare by identity for `=`; against a
            // vector there is nothing to compare item by item.
            let vector = |k: &K| matches!(k, K::Vector(_)) || matches!(k, K::Enum(e) if !e.atom);
            if op == Cmp::Eq && !vector(x) && !vector(y) {
                return Ok(K::bool(matches(x, y)));
            }
            return Err(qerr("type"));
        }
    };
    if !a.atom && !b.atom && a.len() != b.len() {
        return Err(qerr("length"));
    }
    let atom = a.atom && b.atom;
    let want = |o: Ordering| -> u8 {
        (match op {
            Cmp::Eq => o == Ordering::Equal,
            Cmp::Lt => o == Ordering::Less,
            Cmp::Gt => o == Ordering::Greater,
        }) as u8
    };
    let result: Vec<u8> = match (a.ty, b.ty) {
        (Type::Symbol, Type::Symbol) => {
            let sa = sym_items(&a);
            let sb = sym_items(&b);
            zip(&sa, a.atom, &sb, b.atom, |p: &[u8], q: &[u8]| {
                want(p.cmp(q))
            })?
        }
        (Type::Symbol, _) | (_, Type::Symbol) => return Err(qerr("type")),
        (Type::Guid, Type::Guid) => {
            let ga = guid_items(&a);
            let gb = guid_items(&b);
            zip(&ga, a.atom, &gb, b.atom, |p, q| want(p.cmp(&q)))?
        }
        (Type::Guid, _) | (_, Type::Guid) => return Err(qerr("type")),
        (ta, tb) => {
            let floaty = |t: Type| matches!(t, Type::Real | Type::Float | Type::Datetime);
            if floaty(ta) || floaty(tb) {
                let unit = if ta == Type::Datetime || tb == Type::Datetime {
                    Some(Type::Datetime)
                } else {
                    None
                };
                let av = a.floats(unit);
                let bv = b.floats(unit);
                zip(&av, a.atom, &bv, b.atom, |p, q| want(cmp_tolerant(p, q)))?
            } else {
                let unit = common_unit(ta, tb);
                let av = a.longs(unit);
                let bv = b.longs(unit);
                zip(&av, a.atom, &bv, b.atom, |p, q| want(p.cmp(&q)))?
            }
        }
    };
    Ok(if atom {
        K::bool(result[0] != 0)
    } else {
        K::vector(Type::Boolean, Data::U8(result))
    })
}

/// The finest unit two temporal types compare in.
fn common_unit(a: Type, b: Type) -> Type {
    if a == b || !a.is_temporal() || !b.is_temporal() {
        return if a.is_temporal() { a } else { b };
    }
    let fine = |t: Type| -> u8 {
        match t {
            Type::Timestamp | Type::Timespan => 0,
            Type::Time => 1,
            Type::Second => 2,
            Type::Minute => 3,
            // A month meets a date as its first day (q for mortals §4:
            // `2015.07m=2015.07.01` is true).
            Type::Date => 4,
            _ => 5,
        }
    };
    if fine(a) <= fine(b) { a } else { b }
}

fn sym_items<'a>(s: &'a Simple<'_>) -> Vec<&'a [u8]> {
    match &s.data {
        SimpleData::Atom(Scalar::Sym(x)) => vec![x.as_bytes()],
        SimpleData::Vec(Data::Sym(v)) => v.iter().collect(),
        _ => Vec::new(),
    }
}

fn guid_items(s: &Simple<'_>) -> Vec<[u8; 16]> {
    match &s.data {
        SimpleData::Atom(Scalar::Guid(g)) => vec![*g],
        SimpleData::Vec(Data::Guid(v)) => v.clone(),
        _ => Vec::new(),
    }
}

/// Orders two atoms of any simple types as q's sort does.
pub fn cmp_atoms(x: &K, y: &K) -> Ordering {
    match (x, y) {
        (K::Atom(Type::Symbol, Scalar::Sym(a)), K::Atom(Type::Symbol, Scalar::Sym(b))) => {
            a.as_bytes().cmp(b.as_bytes())
        }
        (K::Atom(ta, sa), K::Atom(tb, sb)) => {
            let floaty = |t: &Type| matches!(t, Type::Real | Type::Float | Type::Datetime);
            if floaty(ta) || floaty(tb) {
                cmp_f64(scalar_float(*ta, sa), scalar_float(*tb, sb))
            } else if let (Scalar::Guid(a), Scalar::Guid(b)) = (sa, sb) {
                a.cmp(b)
            } else {
                scalar_long(*ta, sa).cmp(&scalar_long(*tb, sb))
            }
        }
        _ => x.type_code().cmp(&y.type_code()),
    }
}

// ---- match ----

/// `x ~ y`: same type, shape and items (nulls match nulls); floats
/// compare with q's comparison tolerance (precision.md).
pub fn matches(x: &K, y: &K) -> bool {
    same(x, y, true)
}

/// Exact identity with null matching null: what find, group, distinct and
/// dictionary keys use (they ignore comparison tolerance).
pub fn identical(x: &K, y: &K) -> bool {
    same(x, y, false)
}

fn same(x: &K, y: &K, tolerant: bool) -> bool {
    if !crate::k::depth::room() {
        return false;
    }
    let eq = |u: f64, v: f64| {
        if tolerant {
            cmp_tolerant(u, v) == Ordering::Equal
        } else {
            cmp_f64(u, v) == Ordering::Equal
        }
    };
    match (x, y) {
        (K::Atom(ta, sa), K::Atom(tb, sb)) => {
            ta == tb
                && match (sa, sb) {
                    (Scalar::F64(p), Scalar::F64(q)) => eq(*p, *q),
                    (Scalar::F32(p), Scalar::F32(q)) => eq(*p as f64, *q as f64),
                    _ => sa == sb,
                }
        }
        (K::Vector(a), K::Vector(b)) => {
            a.ty == b.ty
                && a.len() == b.len()
                && match (&a.data, &b.data) {
                    (Data::F64(p), Data::F64(q)) => p.iter().zip(q).all(|(u, v)| eq(*u, *v)),
                    (Data::F32(p), Data::F32(q)) => {
                        p.iter().zip(q).all(|(u, v)| eq(*u as f64, *v as f64))
                    }
                    (p, q) => p == q,
                }
        }
        (K::List(a), K::List(b)) => {
            a.items.len() == b.items.len()
                && a.items
                    .iter()
                    .zip(&b.items)
                    .all(|(p, q)| same(p, q, tolerant))
        }
        (K::Dict(a), K::Dict(b)) => {
            same(&a.keys, &b.keys, tolerant) && same(&a.values, &b.values, tolerant)
        }
        (K::Table(a), K::Table(b)) => {
            a.names == b.names
                && a.cols
                    .iter()
                    .zip(&b.cols)
                    .all(|(p, q)| same(p, q, tolerant))
        }
        (K::Enum(a), K::Enum(b)) => {
            a.atom == b.atom && a.domain == b.domain && a.values == b.values
        }
        (K::Nil, K::Nil) => true,
        (K::Func(a), K::Func(b)) => a == b,
        (K::Error(a), K::Error(b)) => a == b,
        _ => false,
    }
}

/// q's comparison tolerance, 2^-43 (precision.md).
use pervade::TOLERANCE;

/// Orders floats as `=`, `<` and `>` do: values within the comparison
/// tolerance of each other (relative to the larger) are equal; nulls
/// sort first.
pub fn cmp_tolerant(a: f64, b: f64) -> Ordering {
    if a.is_finite() && b.is_finite() && a != b && (a - b).abs() <= TOLERANCE * a.abs().max(b.abs())
    {
        return Ordering::Equal;
    }
    cmp_f64(a, b)
}

/// Whether a condition value is true: a non-zero (non-null) atom.
pub fn truthy(x: &K) -> Result<bool, QError> {
    crate::k::depth::check()?;
    match x {
        K::Atom(t, s) => Ok(match s {
            Scalar::U8(b) => *b != 0,
            Scalar::I16(v) => *v != 0,
            Scalar::I32(v) => *v != 0,
            Scalar::I64(v) => *v != 0,
            Scalar::F32(v) => *v != 0.0,
            Scalar::F64(v) => *v != 0.0,
            Scalar::Guid(g) => g.iter().any(|&b| b != 0),
            Scalar::Sym(_) => {
                let _ = t;
                return Err(qerr("type"));
            }
        }),
        K::Vector(v) if v.len() == 1 => truthy(&v.item(0)),
        _ => Err(qerr("type")),
    }
}

/// Positions of each probe in `keys` (count of keys when absent), using a
/// hash index when there are many probes.
pub fn find_positions(keys: &K, probes: &[K]) -> Vec<usize> {
    let n = keys.count();
    if let (K::Vector(kv), true) = (keys, probes.iter().all(|p| matches!(p, K::Atom(..))))
        && let Data::Sym(ks) = &kv.data
    {
        let mut index: HashMap<&[u8], usize> = HashMap::with_capacity(n);
        for (i, s) in ks.iter().enumerate().collect::<Vec<_>>().into_iter().rev() {
            index.insert(s, i);
        }
        return probes
            .iter()
            .map(|p| match p {
                K::Atom(Type::Symbol, Scalar::Sym(s)) => {
                    index.get(s.as_bytes()).copied().unwrap_or(n)
                }
                _ => n,
            })
            .collect();
    }
    let key_items = list::items(keys);
    let mut index: HashMap<Key, usize, Fast> =
        HashMap::with_capacity_and_hasher(n, Fast::default());
    for (i, k) in key_items.into_iter().enumerate().rev() {
        index.insert(Key(k), i);
    }
    probes
        .iter()
        .map(|p| index.get(&Key(p.clone())).copied().unwrap_or(n))
        .collect()
}

/// `null x` for one simple value.
pub fn null_simple(x: &K) -> Result<K, QError> {
    match x {
        K::Atom(t, s) => Ok(K::bool(is_null(*t, s))),
        K::Vector(v) => {
            let out: Vec<u8> = (0..v.len())
                .map(|i| is_null(v.ty, &v.data.get(i)) as u8)
                .collect();
            Ok(K::vector(Type::Boolean, Data::U8(out)))
        }
        K::Nil => Ok(K::bool(true)),
        _ => Ok(K::bool(false)),
    }
}

/// Replaces a table's columns keeping its names.
pub fn map_table(t: &Table, f: impl Fn(&K) -> Result<K, QError>) -> Result<K, QError> {
    let cols = t.cols.iter().map(f).collect::<Result<Vec<_>, _>>()?;
    Ok(K::table(t.names.clone(), cols))
}

/// A key for hashing and equality of atoms and values with q's match semantics.
#[derive(Clone, Debug)]
pub struct Key(pub K);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        identical(&self.0, &other.0)
    }
}

impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        list::hash_value(&self.0, h);
    }
}

/// Row `r` of table `t` as a key: its items, compared as match compares.
pub fn row_key(t: &crate::k::Table, r: usize) -> Vec<Key> {
    t.cols.iter().map(|c| Key(list::item(c, r))).collect()
}

/// Each distinct row of `t` and the position where it first appears:
/// what finds rows by value hash once.
pub fn first_rows(t: &crate::k::Table) -> HashMap<Vec<Key>, usize, Fast> {
    let n = t.rows();
    let mut first = HashMap::with_capacity_and_hasher(n, Fast::default());
    for r in (0..n).rev() {
        first.insert(row_key(t, r), r);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_ptr(k: &K) -> *const u8 {
        match k {
            K::Vector(v) => match &v.data {
                Data::I64(d) => d.as_ptr().cast(),
                Data::F64(d) => d.as_ptr().cast(),
                _ => std::ptr::null(),
            },
            _ => std::ptr::null(),
        }
    }

    #[test]
    fn a_unique_vector_receives_the_result_in_its_own_buffer() {
        let x = K::longs(vec![1, 2, NULL_LONG]);
        let before = data_ptr(&x);
        let r = arith_owned(Arith::Add, x, K::long(10)).expect("add");
        assert_eq!(data_ptr(&r), before);
        assert_eq!(r, K::longs(vec![11, 12, NULL_LONG]));
        // The right operand's buffer serves when it is the unique vector.
        let y = K::floats(vec![1.0, 2.0]);
        let before = data_ptr(&y);
        let r = arith_owned(Arith::Div, K::float(1.0), y).expect("divide");
        assert_eq!(data_ptr(&r), before);
        assert_eq!(r, K::floats(vec![1.0, 0.5]));
    }

    #[test]
    fn a_shared_vector_is_copied_and_left_unchanged() {
        let x = K::longs(vec![1, 2, 3]);
        let keep = x.clone();
        let r = arith_owned(Arith::Mul, x, K::long(2)).expect("times");
        assert_eq!(r, K::longs(vec![2, 4, 6]));
        assert_eq!(keep, K::longs(vec![1, 2, 3]));
        assert_ne!(data_ptr(&r), data_ptr(&keep));
    }

    #[test]
    fn in_place_declines_what_changes_type_or_count() {
        // Long % long is float: a new vector.
        let r = arith_owned(Arith::Div, K::longs(vec![1, 2]), K::long(2)).expect("div");
        assert_eq!(r, K::floats(vec![0.5, 1.0]));
        let e = arith_owned(Arith::Add, K::longs(vec![1, 2]), K::longs(vec![1, 2, 3]));
        assert_eq!(e, Err(qerr("length")));
    }

    #[test]
    fn type_table_samples() {
        assert_eq!(
            arith_type(Arith::Add, Type::Boolean, Type::Boolean),
            Some(Type::Int)
        );
        assert_eq!(
            arith_type(Arith::Add, Type::Short, Type::Long),
            Some(Type::Long)
        );
        assert_eq!(
            arith_type(Arith::Add, Type::Date, Type::Time),
            Some(Type::Timestamp)
        );
        assert_eq!(
            arith_type(Arith::Sub, Type::Date, Type::Date),
            Some(Type::Int)
        );
        assert_eq!(
            arith_type(Arith::Add, Type::Minute, Type::Long),
            Some(Type::Minute)
        );
        assert_eq!(
            arith_type(Arith::Mul, Type::Month, Type::Long),
            Some(Type::Month)
        );
        assert_eq!(
            arith_type(Arith::Add, Type::Date, Type::Float),
            Some(Type::Datetime)
        );
        assert_eq!(arith_type(Arith::Add, Type::Symbol, Type::Long), None);
        assert_eq!(
            arith_type(Arith::Div, Type::Long, Type::Long),
            Some(Type::Float)
        );
    }

    #[test]
    fn long_arithmetic_propagates_nulls() {
        let r = arith(Arith::Add, &K::longs(vec![1, NULL_LONG]), &K::long(1)).unwrap();
        assert_eq!(r, K::longs(vec![2, NULL_LONG]));
    }

    #[test]
    fn date_plus_time_is_timestamp() {
        // 2000.01.02 + 00:00:01.000
        let r = arith(Arith::Add, &K::date(1), &K::atom_i32(Type::Time, 1000)).unwrap();
        assert_eq!(r, K::timestamp(NANOS_PER_DAY + 1_000_000_000));
    }

    #[test]
    fn length_mismatch() {
        let e = arith(Arith::Add, &K::longs(vec![1, 2]), &K::longs(vec![1])).unwrap_err();
        assert_eq!(&*e.msg, "length");
    }

    #[test]
    fn float_nulls_sort_first() {
        assert_eq!(cmp_f64(f64::NAN, f64::NEG_INFINITY), Ordering::Less);
        let r = compare(Cmp::Lt, &K::float(f64::NAN), &K::float(1.0)).unwrap();
        assert_eq!(r, K::bool(true));
    }
}
