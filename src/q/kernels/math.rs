//! Numeric keywords: aggregates (sum, avg, min, max, var...), unary math
//! (neg, abs, floor, sqrt...), moving windows, statistics and rounding.

use crate::k::{
    Data, INF_INT, INF_LONG, INF_SHORT, K, NULL_INT, NULL_LONG, NULL_SHORT, QError, Scalar, Type,
    Vector, null_float, qerr,
};

use super::KResult;
use super::list;
use super::pervade;
use super::verbs::{self, Arith, Cmp, atomic1, atomic2, pack_floats, pack_longs};

/// Items of a numeric simple value as floats (nulls NaN), or `'type`.
pub fn floats_of(x: &K) -> Result<Vec<f64>, QError> {
    match x {
        K::Atom(t, s) if numeric(*t) => Ok(vec![scalar_f64(*t, s)]),
        K::Vector(v) if numeric(v.ty) => Ok((0..v.len())
            .map(|i| scalar_f64(v.ty, &v.data.get(i)))
            .collect()),
        K::List(l) if l.items.is_empty() => Ok(Vec::new()),
        _ => Err(qerr("type")),
    }
}

fn numeric(t: Type) -> bool {
    !matches!(t, Type::Symbol | Type::Guid)
}

fn scalar_f64(t: Type, s: &Scalar) -> f64 {
    verbs::scalar_float(t, s)
}

/// Items of an integral value as longs, or `None`.
fn longs(x: &K) -> Option<(Type, Vec<i64>)> {
    match x {
        K::Vector(v) => list::vector_longs(v)
            .map(|l| (v.ty, l))
            .or_else(|| match &v.data {
                Data::I32(d) => Some((v.ty, d.iter().map(|&x| list::widen32(x)).collect())),
                Data::I64(d) => Some((v.ty, d.clone())),
                _ => None,
            }),
        _ => None,
    }
}

/// `sum x`: nulls count as zero in a vector; lists of lists add item-wise.
pub fn sum(x: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Atom(..) => Ok(x.clone()),
        K::Vector(v) => sum_vector(v),
        K::List(l) if l.items.is_empty() => Ok(K::long(0)),
        K::List(_) => aggregate_with(x, Arith::Add),
        K::Dict(d) => sum(&d.values),
        K::Table(t) => dict_of_columns(t, sum),
        _ => Err(qerr("type")),
    }
}

/// The type of a sum or running sum of items of type `t` (sum.md's range:
/// booleans, bytes, shorts and ints give int; others keep their type).
fn sum_type(t: Type) -> Result<Type, QError> {
    match t {
        Type::Boolean | Type::Byte | Type::Short | Type::Int => Ok(Type::Int),
        Type::Symbol | Type::Guid | Type::Char => Err(qerr("type")),
        t => Ok(t),
    }
}

fn sum_vector(v: &Vector) -> Result<K, QError> {
    let rt = sum_type(v.ty)?;
    Ok(match &v.data {
        Data::U8(d) => K::Atom(rt, Scalar::I32(d.iter().map(|&b| b as i32).sum())),
        Data::I16(d) => {
            let s = d
                .iter()
                .filter(|&&x| x != NULL_SHORT)
                .fold(0i32, |a, &x| a.wrapping_add(x as i32));
            K::Atom(rt, Scalar::I32(s))
        }
        Data::I32(d) => {
            let s = d
                .iter()
                .filter(|&&x| x != NULL_INT)
                .fold(0i32, |a, &x| a.wrapping_add(x));
            K::Atom(rt, Scalar::I32(s))
        }
        Data::I64(d) => K::Atom(rt, Scalar::I64(pervade::sum_longs(d))),
        Data::F64(d) => K::Atom(rt, Scalar::F64(pervade::sum_floats(d))),
        Data::F32(d) => {
            let s = d.iter().filter(|x| !x.is_nan()).fold(0.0f32, |a, &x| a + x);
            K::Atom(rt, Scalar::F32(s))
        }
        Data::Guid(_) | Data::Sym(_) => return Err(qerr("type")),
    })
}

/// Running sums of a vector (`sums`, `+\`): nulls count as zero.
pub fn sums_vector(v: &Vector) -> Result<K, QError> {
    let rt = sum_type(v.ty)?;
    fn run<T: Copy, A: Copy>(d: &[T], zero: A, f: impl Fn(A, T) -> A) -> Vec<A> {
        let mut acc = zero;
        d.iter()
            .map(|&x| {
                acc = f(acc, x);
                acc
            })
            .collect()
    }
    let data = match &v.data {
        Data::U8(d) => Data::I32(run(d, 0i32, |a, b| a + b as i32)),
        Data::I16(d) => Data::I32(run(d, 0i32, |a, b| {
            if b == NULL_SHORT {
                a
            } else {
                a.wrapping_add(b as i32)
            }
        })),
        Data::I32(d) => Data::I32(run(d, 0i32, |a, b| {
            if b == NULL_INT { a } else { a.wrapping_add(b) }
        })),
        Data::I64(d) => Data::I64(run(d, 0i64, |a, b| {
            if b == NULL_LONG { a } else { a.wrapping_add(b) }
        })),
        Data::F64(d) => Data::F64(run(d, 0.0, |a, b: f64| if b.is_nan() { a } else { a + b })),
        Data::F32(d) => Data::F32(run(
            d,
            0.0f32,
            |a, b: f32| if b.is_nan() { a } else { a + b },
        )),
        Data::Guid(_) | Data::Sym(_) => return Err(qerr("type")),
    };
    Ok(K::vector(rt, data))
}

fn aggregate_with(x: &K, op: Arith) -> Result<K, QError> {
    crate::k::depth::check()?;
    let items = list::items(x);
    let mut it = items.into_iter();
    let mut acc = it.next().unwrap_or(K::long(0));
    for item in it {
        acc = verbs::arith(op, &acc, &item)?;
    }
    Ok(acc)
}

fn dict_of_columns(t: &crate::k::Table, f: impl Fn(&K) -> Result<K, QError>) -> Result<K, QError> {
    let vals = t.cols.iter().map(f).collect::<Result<Vec<_>, _>>()?;
    Ok(K::dict(K::syms(t.names.clone()), list::from_items(vals)))
}

/// Whether `l` is a list of rows: not empty, and no item an atom.
fn is_rows(l: &crate::k::List) -> bool {
    !l.items.is_empty() && l.items.iter().all(|i| !i.is_atom())
}

/// `f` of each column of the equal-length rows `l` (`'length` when they
/// differ): `med (1 2;3 4)` is `med 1 3` and `med 2 4`.
fn columns_of_rows(l: &crate::k::List, f: impl Fn(K) -> KResult) -> KResult {
    let width = l.items[0].count();
    if l.items.iter().any(|i| i.count() != width) {
        return Err(qerr("length"));
    }
    let per_column = (0..width)
        .map(|c| {
            f(list::from_items(
                l.items.iter().map(|i| list::item(i, c)).collect(),
            ))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(list::from_items(per_column))
}

/// `prds x` of a vector: running products with nulls counted as one
/// (prd.md), in `prd`'s result type.
pub fn prds_vector(x: &K, v: &Vector) -> Result<K, QError> {
    match v.ty {
        Type::Float | Type::Real => {
            let mut acc = 1.0;
            let out: Vec<f64> = floats_of(x)?
                .into_iter()
                .map(|f| {
                    if !f.is_nan() {
                        acc *= f;
                    }
                    acc
                })
                .collect();
            Ok(pack_floats(v.ty, out, false))
        }
        t if t.is_temporal() || matches!(t, Type::Char | Type::Symbol | Type::Guid) => {
            Err(qerr("type"))
        }
        _ => {
            let (t, l) = longs(x).ok_or_else(|| qerr("type"))?;
            let mut acc = 1i64;
            let out: Vec<i64> = l
                .into_iter()
                .map(|p| {
                    if p != NULL_LONG {
                        acc = acc.wrapping_mul(p);
                    }
                    acc
                })
                .collect();
            let rt = if t == Type::Long {
                Type::Long
            } else {
                Type::Int
            };
            Ok(pack_longs(rt, out, false))
        }
    }
}

/// `prd x`: nulls count as one in a vector.
pub fn prd(x: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Vector(v) if matches!(v.ty, Type::Float | Type::Real) => {
            let p: f64 = floats_of(x)?
                .into_iter()
                .filter(|f| !f.is_nan())
                .fold(1.0, |a, b| a * b);
            Ok(if v.ty == Type::Real {
                K::real(p as f32)
            } else {
                K::float(p)
            })
        }
        K::Vector(v) if v.ty.is_temporal() || matches!(v.ty, Type::Char) => Err(qerr("type")),
        K::Vector(_) => {
            let (t, l) = longs(x).ok_or_else(|| qerr("type"))?;
            let p = l
                .into_iter()
                .filter(|&v| v != NULL_LONG)
                .fold(1i64, i64::wrapping_mul);
            Ok(pack_longs(
                if t == Type::Long {
                    Type::Long
                } else {
                    Type::Int
                },
                vec![p],
                true,
            ))
        }
        K::List(l) if l.items.is_empty() => Ok(K::long(1)),
        K::List(_) => aggregate_with(x, Arith::Mul),
        K::Dict(d) => prd(&d.values),
        K::Table(t) => dict_of_columns(t, prd),
        _ => Ok(x.clone()),
    }
}

/// `avg x`: float mean; a vector ignores nulls, a mixed list counts
/// them as zero, a list of rows makes them null.
pub fn avg(x: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Table(t) => dict_of_columns(t, avg),
        K::Dict(d) => avg(&d.values),
        K::List(l) if is_rows(l) => {
            let s = aggregate_with(x, Arith::Add)?;
            verbs::arith(Arith::Div, &s, &K::long(l.items.len() as i64))
        }
        K::Vector(v) if matches!(v.ty, Type::Symbol | Type::Guid | Type::Char) => Err(qerr("type")),
        K::Vector(v) if matches!(v.data, Data::I64(_) | Data::F64(_)) => {
            // Without a copy: the hot path of `avg` in queries.
            let (s, n) = match &v.data {
                Data::I64(d) => d
                    .iter()
                    .filter(|&&x| x != NULL_LONG)
                    .fold((0.0, 0usize), |(s, n), &x| (s + x as f64, n + 1)),
                Data::F64(d) => d
                    .iter()
                    .filter(|x| !x.is_nan())
                    .fold((0.0, 0usize), |(s, n), &x| (s + x, n + 1)),
                _ => (0.0, 0),
            };
            Ok(K::float(mean_of(
                s,
                n,
                || matches!(&v.data, Data::F64(d) if d.contains(&f64::INFINITY) && d.contains(&f64::NEG_INFINITY)),
            )))
        }
        _ => {
            let f = floats_of_atoms(x)?;
            // A vector ignores its nulls; a mixed list counts them as zero.
            let count = match x {
                K::List(l) => l.items.len(),
                _ => f.iter().filter(|v| !v.is_nan()).count(),
            };
            let vals: Vec<f64> = f.into_iter().filter(|v| !v.is_nan()).collect();
            let s: f64 = vals.iter().fold(0.0, |a, b| a + b);
            Ok(K::float(mean_of(s, count, || {
                vals.contains(&f64::INFINITY) && vals.contains(&f64::NEG_INFINITY)
            })))
        }
    }
}

/// A mean from a sum and count: null when empty or when both infinities occur.
fn mean_of(s: f64, n: usize, both_infinities: impl Fn() -> bool) -> f64 {
    if n == 0 || ((s.is_infinite() || s.is_nan()) && both_infinities()) {
        null_float()
    } else if s.is_infinite() {
        s
    } else {
        s / n as f64
    }
}

/// The largest (or smallest) non-null item of a vector; the type's
/// negative (positive) infinity when there is none.
fn extreme_vector(v: &Vector, want_max: bool) -> Result<K, QError> {
    fn pick<T: Copy + PartialOrd>(
        d: &[T],
        is_null: impl Fn(T) -> bool,
        want_max: bool,
        none: T,
    ) -> T {
        let mut best: Option<T> = None;
        for &x in d {
            if is_null(x) {
                continue;
            }
            best = Some(match best {
                Some(b) if (want_max && b >= x) || (!want_max && b <= x) => b,
                _ => x,
            });
        }
        best.unwrap_or(none)
    }
    let t = v.ty;
    Ok(match &v.data {
        Data::Sym(_) | Data::Guid(_) => return Err(qerr("type")),
        Data::U8(d) if d.is_empty() => empty_extreme(t, want_max),
        Data::U8(d) => K::Atom(t, Scalar::U8(pick(d, |_| false, want_max, 0))),
        Data::I16(d) => K::Atom(
            t,
            Scalar::I16(pick(
                d,
                |x| x == NULL_SHORT,
                want_max,
                if want_max { -INF_SHORT } else { INF_SHORT },
            )),
        ),
        Data::I32(d) => K::Atom(
            t,
            Scalar::I32(pick(
                d,
                |x| x == NULL_INT,
                want_max,
                if want_max { -INF_INT } else { INF_INT },
            )),
        ),
        Data::I64(d) => K::Atom(
            t,
            Scalar::I64(pervade::extreme_longs(
                d,
                want_max,
                if want_max { -INF_LONG } else { INF_LONG },
            )),
        ),
        Data::F64(d) => K::Atom(
            t,
            Scalar::F64(pervade::extreme_floats(
                d,
                want_max,
                if want_max {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                },
            )),
        ),
        Data::F32(d) => K::Atom(
            t,
            Scalar::F32(pick(
                d,
                f32::is_nan,
                want_max,
                if want_max {
                    f32::NEG_INFINITY
                } else {
                    f32::INFINITY
                },
            )),
        ),
    })
}

fn extreme(x: &K, want_max: bool) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Atom(..) => Ok(x.clone()),
        K::Vector(v) => extreme_vector(v, want_max),
        K::List(_) => aggregate_with(x, if want_max { Arith::Max } else { Arith::Min }),
        K::Dict(d) => extreme(&d.values, want_max),
        K::Table(t) => dict_of_columns(t, if want_max { max } else { min }),
        _ => Err(qerr("type")),
    }
}

/// Running maximums (`maxs`) or minimums (`mins`) of a vector: nulls are
/// skipped, and leading nulls give the type's infinity.
pub fn running_extreme(v: &Vector, want_max: bool) -> Result<K, QError> {
    fn run<T: Copy + PartialOrd>(
        d: &[T],
        is_null: impl Fn(T) -> bool,
        want_max: bool,
        start: T,
    ) -> Vec<T> {
        let mut acc = start;
        d.iter()
            .map(|&x| {
                if !is_null(x) && ((want_max && x > acc) || (!want_max && x < acc)) {
                    acc = x;
                }
                acc
            })
            .collect()
    }
    let data = match &v.data {
        Data::Sym(_) | Data::Guid(_) => return Err(qerr("type")),
        Data::U8(d) => Data::U8(run(
            d,
            |_| false,
            want_max,
            if want_max { 0 } else { u8::MAX },
        )),
        Data::I16(d) => Data::I16(run(
            d,
            |x| x == NULL_SHORT,
            want_max,
            if want_max { -INF_SHORT } else { INF_SHORT },
        )),
        Data::I32(d) => Data::I32(run(
            d,
            |x| x == NULL_INT,
            want_max,
            if want_max { -INF_INT } else { INF_INT },
        )),
        Data::I64(d) => Data::I64(run(
            d,
            |x| x == NULL_LONG,
            want_max,
            if want_max { -INF_LONG } else { INF_LONG },
        )),
        Data::F64(d) => Data::F64(run(
            d,
            f64::is_nan,
            want_max,
            if want_max {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            },
        )),
        Data::F32(d) => Data::F32(run(
            d,
            f32::is_nan,
            want_max,
            if want_max {
                f32::NEG_INFINITY
            } else {
                f32::INFINITY
            },
        )),
    };
    Ok(K::vector(v.ty, data))
}

fn empty_extreme(t: Type, want_max: bool) -> K {
    let inf = match t {
        Type::Float | Type::Datetime => {
            return K::float(if want_max {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        Type::Real => {
            return K::real(if want_max {
                f32::NEG_INFINITY
            } else {
                f32::INFINITY
            });
        }
        _ => i64::MAX,
    };
    pack_longs(
        if t == Type::Boolean || t == Type::Byte || t == Type::Char {
            Type::Long
        } else {
            t
        },
        vec![if want_max { -inf } else { inf }],
        true,
    )
}

/// `max x`.
pub fn max(x: &K) -> Result<K, QError> {
    extreme(x, true)
}

/// `min x`.
pub fn min(x: &K) -> Result<K, QError> {
    extreme(x, false)
}

/// Applies a uniform function column by column to a table (and to the
/// value columns of a keyed table), or to a dictionary's values; `None`
/// for other values.
pub fn uniform(x: &K, f: &dyn Fn(&K) -> Result<K, QError>) -> Option<Result<K, QError>> {
    if !crate::k::depth::room() {
        return Some(Err(qerr("stack")));
    }
    match x {
        K::Table(t) => Some(verbs::map_table(t, f)),
        K::Dict(d) if x.is_keyed_table() => {
            Some(uniform(&d.values, f)?.map(|v| K::dict(d.keys.clone(), v)))
        }
        K::Dict(d) => Some(f(&d.values).map(|v| K::dict(d.keys.clone(), v))),
        _ => None,
    }
}

fn variance(x: &K, sample: bool) -> Result<f64, QError> {
    crate::k::depth::check()?;
    let v: Vec<f64> = floats_of_atoms(x)?
        .into_iter()
        .filter(|f| !f.is_nan())
        .collect();
    let n = v.len() as f64;
    if v.is_empty() || (sample && v.len() < 2) {
        return Ok(null_float());
    }
    let mean = v.iter().sum::<f64>() / n;
    let ss: f64 = v.iter().map(|a| (a - mean) * (a - mean)).sum();
    Ok(ss / if sample { n - 1.0 } else { n })
}

/// Items of a numeric simple value, or of a general list of numeric atoms
/// (`avg (1;0n;2;3)`), as floats with nulls NaN; `'type` otherwise.
fn floats_of_atoms(x: &K) -> Result<Vec<f64>, QError> {
    match x {
        K::List(l) if l.items.iter().all(K::is_atom) => l
            .items
            .iter()
            .map(|item| match item {
                K::Atom(t, s) if numeric(*t) => Ok(scalar_f64(*t, s)),
                _ => Err(qerr("type")),
            })
            .collect(),
        _ => floats_of(x),
    }
}

/// Which spread statistic: population or sample, variance or deviation.
#[derive(Clone, Copy)]
struct Spread {
    sample: bool,
    root: bool,
}

/// A spread statistic of a simple list; of each column of a table (a
/// dictionary from the column names); of a dictionary's values; and item
/// by item down a list of equal-length rows (`dev (2 3;4 0N;1 7)` is
/// `1.247219 2`, dev.md).
fn spread(x: &K, how: Spread) -> KResult {
    crate::k::depth::check()?;
    match x {
        K::Table(t) => dict_of_columns(t, |c| spread(c, how)),
        K::Dict(d) if !x.is_keyed_table() => spread(&d.values, how),
        K::List(l) if is_rows(l) => columns_of_rows(l, |c| spread(&c, how)),
        _ => {
            let v = variance(x, how.sample)?;
            Ok(K::float(if how.root { v.sqrt() } else { v }))
        }
    }
}

/// `var x`.
pub fn var(x: &K) -> Result<K, QError> {
    spread(
        x,
        Spread {
            sample: false,
            root: false,
        },
    )
}

/// `svar x`.
pub fn svar(x: K) -> KResult {
    spread(
        &x,
        Spread {
            sample: true,
            root: false,
        },
    )
}

/// `dev x`.
pub fn dev(x: K) -> KResult {
    spread(
        &x,
        Spread {
            sample: false,
            root: true,
        },
    )
}

/// `sdev x`.
pub fn sdev(x: K) -> KResult {
    spread(
        &x,
        Spread {
            sample: true,
            root: true,
        },
    )
}

/// `med x`: of each column of a table (the value columns of a keyed
/// table), of a dictionary's values, and item-wise of a list of lists.
pub fn med(x: K) -> KResult {
    crate::k::depth::check()?;
    match &x {
        K::Table(t) => return dict_of_columns(t, |c| med(c.clone())),
        K::Dict(d) => return med(d.values.clone()),
        K::List(l) if is_rows(l) => return columns_of_rows(l, med),
        _ => {}
    }
    let mut v: Vec<f64> = floats_of(&x)?.into_iter().filter(|f| !f.is_nan()).collect();
    if v.is_empty() {
        return Ok(K::float(null_float()));
    }
    // The middle one or two found by selection, not a whole sort.
    let n = v.len();
    let (below, &mut mid, _) = v.select_nth_unstable_by(n / 2, |a, b| verbs::cmp_f64(*a, *b));
    Ok(K::float(if n % 2 == 1 {
        mid
    } else {
        let lower = below.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lower + mid) / 2.0
    }))
}

/// `avgs x`: running means.
pub fn avgs(x: K) -> KResult {
    by_column(&x, &running_means)
}

fn running_means(x: &K) -> Result<K, QError> {
    let f = floats_of(x)?;
    let mut out = Vec::with_capacity(f.len());
    let (mut s, mut n) = (0.0, 0.0);
    for v in f {
        if !v.is_nan() {
            s += v;
            n += 1.0;
        }
        out.push(if n == 0.0 {
            null_float()
        } else if s.is_infinite() {
            s
        } else {
            s / n
        });
    }
    Ok(K::floats(out))
}

/// `neg x`.
pub fn neg(x: &K) -> Result<K, QError> {
    atomic1(x, &|a| match a {
        K::Atom(Type::Boolean | Type::Byte, _) | K::Vector(_) if is_bool_or_byte(a) => {
            verbs::arith(Arith::Sub, &K::int(0), a)
        }
        _ => {
            let t = simple_type(a)?;
            match t {
                Type::Float | Type::Real | Type::Datetime => {
                    let f = floats_of(a)?;
                    Ok(pack_floats(
                        t,
                        f.into_iter().map(|v| -v).collect(),
                        a.is_atom(),
                    ))
                }
                Type::Symbol | Type::Guid | Type::Char => Err(qerr("type")),
                _ => {
                    let l = long_items(a)?;
                    Ok(pack_longs(
                        t,
                        l.into_iter()
                            .map(|v| if v == NULL_LONG { v } else { v.wrapping_neg() })
                            .collect(),
                        a.is_atom(),
                    ))
                }
            }
        }
    })
}

fn is_bool_or_byte(x: &K) -> bool {
    matches!(simple_type(x), Ok(Type::Boolean | Type::Byte))
}

fn simple_type(x: &K) -> Result<Type, QError> {
    match x {
        K::Atom(t, _) => Ok(*t),
        K::Vector(v) => Ok(v.ty),
        _ => Err(qerr("type")),
    }
}

fn long_items(x: &K) -> Result<Vec<i64>, QError> {
    crate::k::depth::check()?;
    match x {
        K::Atom(t, s) => Ok(vec![match s {
            Scalar::U8(b) => *b as i64,
            Scalar::I16(v) => list::widen16(*v),
            Scalar::I32(v) => list::widen32(*v),
            Scalar::I64(v) => *v,
            _ => {
                let _ = t;
                return Err(qerr("type"));
            }
        }]),
        K::Vector(v) => match &v.data {
            Data::U8(d) => Ok(d.iter().map(|&b| b as i64).collect()),
            Data::I16(d) => Ok(d.iter().map(|&b| list::widen16(b)).collect()),
            Data::I32(d) => Ok(d.iter().map(|&b| list::widen32(b)).collect()),
            Data::I64(d) => Ok(d.clone()),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

/// `abs x`.
pub fn abs(x: &K) -> Result<K, QError> {
    atomic1(x, &|a| {
        let t = simple_type(a)?;
        match t {
            Type::Float | Type::Real | Type::Datetime => {
                let f = floats_of(a)?;
                Ok(pack_floats(
                    t,
                    f.into_iter().map(f64::abs).collect(),
                    a.is_atom(),
                ))
            }
            Type::Symbol | Type::Guid | Type::Char => Err(qerr("type")),
            _ => {
                let rt = if matches!(t, Type::Boolean | Type::Byte) {
                    Type::Int
                } else {
                    t
                };
                let l = long_items(a)?;
                Ok(pack_longs(
                    rt,
                    l.into_iter()
                        .map(|v| if v == NULL_LONG { v } else { v.wrapping_abs() })
                        .collect(),
                    a.is_atom(),
                ))
            }
        }
    })
}

/// `signum x`: -1, 0 or 1 as ints.
pub fn signum(x: K) -> KResult {
    atomic1(&x, &|a| {
        let f = floats_of(a)?;
        let r: Vec<i64> = f
            .into_iter()
            .map(|v| {
                if v.is_nan() || v < 0.0 {
                    -1
                } else if v > 0.0 {
                    1
                } else {
                    0
                }
            })
            .collect();
        Ok(pack_longs(Type::Int, r, a.is_atom()))
    })
}

/// `floor x` (and lower case for strings).
pub fn floor(x: &K) -> Result<K, QError> {
    atomic1(x, &|a| {
        let t = simple_type(a)?;
        match t {
            Type::Char => list::map_chars(a, |c| c.to_ascii_lowercase()),
            Type::Symbol => list::map_syms(a, |s| s.to_ascii_lowercase()),
            Type::Float | Type::Real => round_to_longs(a, f64::floor),
            Type::Boolean | Type::Byte | Type::Short | Type::Int | Type::Long => Ok(a.clone()),
            _ => Err(qerr("type")),
        }
    })
}

/// Floats rounded by `round` (floor or ceiling) to longs; nulls stay null
/// and out-of-range values become infinities.
fn round_to_longs(a: &K, round: fn(f64) -> f64) -> Result<K, QError> {
    let f = floats_of(a)?;
    Ok(pack_longs(
        Type::Long,
        f.into_iter()
            .map(|v| verbs::float_to_long(round(v)))
            .collect(),
        a.is_atom(),
    ))
}

/// `ceiling x`.
pub fn ceiling(x: K) -> KResult {
    atomic1(&x, &|a| {
        let t = simple_type(a)?;
        match t {
            Type::Float | Type::Real => round_to_longs(a, f64::ceil),
            // The least integer of a boolean is an int (`ceiling 01b` is `0 1i`).
            Type::Boolean => super::casts::cast_to(Type::Int, a),
            Type::Byte | Type::Short | Type::Int | Type::Long => Ok(a.clone()),
            _ => Err(qerr("type")),
        }
    })
}

/// `not x`: 1b where x is zero.
pub fn not(x: &K) -> Result<K, QError> {
    atomic1(x, &|a| {
        let t = simple_type(a)?;
        if matches!(t, Type::Symbol) {
            return Err(qerr("type"));
        }
        let r = verbs::compare(Cmp::Eq, a, &K::Atom(t, zero(t)))?;
        Ok(r)
    })
}

fn zero(t: Type) -> Scalar {
    match t.storage() {
        crate::k::Storage::U8 => Scalar::U8(0),
        crate::k::Storage::Guid => Scalar::Guid([0; 16]),
        crate::k::Storage::I16 => Scalar::I16(0),
        crate::k::Storage::I32 => Scalar::I32(0),
        crate::k::Storage::I64 => Scalar::I64(0),
        crate::k::Storage::F32 => Scalar::F32(0.0),
        crate::k::Storage::F64 => Scalar::F64(0.0),
        crate::k::Storage::Sym => Scalar::Sym(crate::k::Sym::null()),
    }
}

/// `sqrt exp log sin asin cos acos tan atan` by unary code.
pub fn float_fn(code: u8, x: &K) -> Result<K, QError> {
    let f: fn(f64) -> f64 = match code {
        32 => f64::sqrt,
        33 => f64::ln,
        34 => f64::exp,
        35 => f64::sin,
        36 => f64::asin,
        37 => f64::cos,
        38 => f64::acos,
        39 => f64::tan,
        _ => f64::atan,
    };
    atomic1(x, &|a| {
        let v = floats_of(a)?;
        let r: Vec<f64> = v
            .into_iter()
            .map(|v| {
                let r = f(v);
                // Domain errors are null, as q shows them.
                if r.is_nan() { null_float() } else { r }
            })
            .collect();
        Ok(pack_floats(Type::Float, r, a.is_atom()))
    })
}

/// `x xexp y`, computed as `exp y * log x` (exp.md): `2 xexp 3` is
/// 7.9999999999999982, a negative `x` gives null; any `x` to the power
/// 0 is 1.
pub fn xexp(x: &K, y: &K) -> Result<K, QError> {
    atomic2(x, y, &|a, b| {
        float2(a, b, |base, power| {
            if power == 0.0 && !base.is_nan() {
                1.0
            } else {
                (power * base.ln()).exp()
            }
        })
    })
}

/// `x xlog y`.
pub fn xlog(x: K, y: K) -> KResult {
    atomic2(&x, &y, &|a, b| float2(a, b, |p, q| q.ln() / p.ln()))
}

fn float2(a: &K, b: &K, f: impl Fn(f64, f64) -> f64) -> Result<K, QError> {
    let av = floats_of(a)?;
    let bv = floats_of(b)?;
    let (aa, ba) = (a.is_atom(), b.is_atom());
    if !aa && !ba && av.len() != bv.len() {
        return Err(qerr("length"));
    }
    let n = if aa { bv.len() } else { av.len() };
    let r: Vec<f64> = (0..n)
        .map(|i| {
            let r = f(av[if aa { 0 } else { i }], bv[if ba { 0 } else { i }]);
            if r.is_nan() { null_float() } else { r }
        })
        .collect();
    Ok(pack_floats(Type::Float, r, aa && ba))
}

/// `x div y`: integer division rounding down.
pub fn div(x: &K, y: &K) -> Result<K, QError> {
    if let (Some((_, a)), Some((_, b))) = (verbs::long_side(x), verbs::long_side(y))
        && let Some(r) = pervade::long_div(a, b)?
    {
        return Ok(K::longs(r));
    }
    atomic2(x, y, &|a, b| {
        let (ta, tb) = (simple_type(a)?, simple_type(b)?);
        if matches!(ta, Type::Symbol | Type::Guid) || matches!(tb, Type::Symbol | Type::Guid) {
            return Err(qerr("type"));
        }
        // div.md: the result keeps x's type, except that booleans, bytes,
        // shorts and chars give ints and reals give floats.
        let rt = match ta {
            Type::Boolean | Type::Byte | Type::Short | Type::Int | Type::Char => Type::Int,
            Type::Real | Type::Float => Type::Float,
            Type::Datetime => Type::Datetime,
            t => t,
        };
        let floaty = |t: Type| matches!(t, Type::Float | Type::Real | Type::Datetime);
        if floaty(ta) || floaty(tb) {
            let r = float2(a, b, |p, q| (p / q).floor())?;
            let f = floats_of(&r)?;
            return Ok(if rt.storage() == crate::k::Storage::F64 {
                pack_floats(rt, f, r.is_atom())
            } else {
                pack_longs(
                    rt,
                    f.into_iter().map(verbs::float_to_long).collect(),
                    r.is_atom(),
                )
            });
        }
        let av = long_items(a)?;
        let bv = long_items(b)?;
        let (aa, ba) = (a.is_atom(), b.is_atom());
        if !aa && !ba && av.len() != bv.len() {
            return Err(qerr("length"));
        }
        let n = if aa { bv.len() } else { av.len() };
        let r: Vec<i64> = (0..n)
            .map(|i| {
                let (p, q) = (av[if aa { 0 } else { i }], bv[if ba { 0 } else { i }]);
                pervade::floor_div(p, q).unwrap_or(NULL_LONG)
            })
            .collect();
        Ok(pack_longs(rt, r, aa && ba))
    })
}

/// `x mod y`: remainder with the sign of y.
pub fn modulo(x: K, y: K) -> KResult {
    if let (Some((_, a)), Some((_, b))) = (verbs::long_side(&x), verbs::long_side(&y))
        && let Some(r) = pervade::long_mod(a, b)?
    {
        return Ok(K::longs(r));
    }
    atomic2(&x, &y, &|a, b| {
        let (ta, tb) = (simple_type(a)?, simple_type(b)?);
        if matches!(ta, Type::Float | Type::Real) || matches!(tb, Type::Float | Type::Real) {
            return float2(a, b, |p, q| p - q * (p / q).floor());
        }
        let av = long_items(a)?;
        let bv = long_items(b)?;
        let rt = if ta == Type::Long || tb == Type::Long {
            Type::Long
        } else {
            ta.max(tb)
        };
        let (aa, ba) = (a.is_atom(), b.is_atom());
        if !aa && !ba && av.len() != bv.len() {
            return Err(qerr("length"));
        }
        let n = if aa { bv.len() } else { av.len() };
        let r: Vec<i64> = (0..n)
            .map(|i| {
                let (p, q) = (av[if aa { 0 } else { i }], bv[if ba { 0 } else { i }]);
                pervade::floor_mod(p, q).unwrap_or(NULL_LONG)
            })
            .collect();
        Ok(pack_longs(rt, r, aa && ba))
    })
}

/// [`xbar`] of a vector of minutes, seconds, times, dates or months by an
/// integral step (`5 xbar time.minute`), in the vector's own units and
/// type, typed. `None` for any other pair, a null or outsized step, or
/// infinite items.
fn temporal_bar(x: &K, y: &K) -> Option<K> {
    let K::Vector(v) = y else { return None };
    let crate::k::Data::I32(items) = &v.data else {
        return None;
    };
    let step = match x {
        K::Atom(t, s) if *t != Type::Datetime => match s {
            Scalar::I64(n) => *n,
            Scalar::I32(n) if *n != crate::k::NULL_INT => i64::from(*n),
            Scalar::I16(n) if *n != crate::k::NULL_SHORT => i64::from(*n),
            _ => return None,
        },
        _ => return None,
    };
    // Infinities widen to the long ones in the arithmetic: the general
    // path keeps that.
    if !v.ty.is_temporal()
        || step == 0
        || step.unsigned_abs() > i32::MAX as u64
        || items.iter().any(|&i| i.unsigned_abs() == i32::MAX as u32)
    {
        return None;
    }
    let bars = items
        .iter()
        .map(|&item| match pervade::floor_div(i64::from(item), step) {
            Some(d) if item != crate::k::NULL_INT => (step * d) as i32,
            _ => crate::k::NULL_INT,
        })
        .collect();
    Some(K::vector(v.ty, crate::k::Data::I32(bars)))
}

/// `x xbar y`: round y down to a multiple of x.
pub fn xbar(x: K, y: K) -> KResult {
    if let (Some((_, a)), Some((_, b))) = (verbs::long_side(&x), verbs::long_side(&y))
        && let Some(r) = pervade::long_bar(a, b)?
    {
        return Ok(K::longs(r));
    }
    if let Some(r) = temporal_bar(&x, &y) {
        return Ok(r);
    }
    atomic2(&x, &y, &|a, b| {
        let (ta, tb) = (simple_type(a)?, simple_type(b)?);
        if matches!(ta, Type::Float | Type::Real) || matches!(tb, Type::Float | Type::Real) {
            return float2(a, b, |p, q| p * (q / p).floor());
        }
        // Keep y's type: integer arithmetic in y's units. A temporal bar
        // (`0D00:15 xbar time`, `00:15 xbar minutes`) counts in its own
        // units, which match y's when the two are alike.
        let raw;
        let a = if ta.is_temporal() {
            raw = super::casts::cast_to(Type::Long, a)?;
            &raw
        } else {
            a
        };
        let d = div(b, a)?;
        verbs::arith(Arith::Mul, a, &d).and_then(|m| {
            if tb.is_temporal() {
                super::casts::cast_to(tb, &m)
            } else {
                Ok(m)
            }
        })
    })
}

/// `x wsum y`.
pub fn wsum(x: &K, y: &K) -> Result<K, QError> {
    // Two simple lists are weighed in floats, skipping null pairs.
    if let (K::Vector(a), K::Vector(b)) = (x, y)
        && numeric_vector(a)
        && numeric_vector(b)
    {
        let (num, _) = weighed(x, y)?;
        return Ok(K::float(num));
    }
    sum(&verbs::arith(Arith::Mul, x, y)?)
}

fn numeric_vector(v: &Vector) -> bool {
    !matches!(v.ty, Type::Symbol | Type::Guid | Type::Char) && !v.ty.is_temporal()
}

/// Sums of `w*v` and of `w` over the pairs where neither is null.
fn weighed(x: &K, y: &K) -> Result<(f64, f64), QError> {
    if let (Some(w), Some(pervade::Side::All(v))) = (verbs::float_side(x), verbs::float_side(y)) {
        return pervade::weighed(w, v);
    }
    let w = floats_of(x)?;
    let v = floats_of(y)?;
    if w.len() != v.len() && !x.is_atom() {
        return Err(qerr("length"));
    }
    let (mut num, mut den) = (0.0, 0.0);
    for (i, val) in v.iter().enumerate() {
        let wi = if x.is_atom() { w[0] } else { w[i] };
        if !val.is_nan() && !wi.is_nan() {
            num += wi * val;
            den += wi;
        }
    }
    Ok((num, den))
}

/// `x wavg y`: `(sum x*y)%sum x`, skipping null pairs of simple lists.
pub fn wavg(x: &K, y: &K) -> Result<K, QError> {
    if matches!(y, K::Vector(_)) && matches!(x, K::Vector(_) | K::Atom(..)) {
        let (num, den) = weighed(x, y)?;
        return Ok(K::float(num / den));
    }
    let num = sum(&verbs::arith(Arith::Mul, x, y)?)?;
    let den = sum(x)?;
    verbs::arith(Arith::Div, &num, &den)
}

fn pair_floats(x: &K, y: &K) -> Result<(Vec<f64>, Vec<f64>), QError> {
    let a = floats_of(x)?;
    let b = floats_of(y)?;
    if a.len() != b.len() {
        return Err(qerr("length"));
    }
    Ok((a, b))
}

fn covariance(x: &K, y: &K, sample: bool) -> Result<f64, QError> {
    let (a, b) = pair_floats(x, y)?;
    let n = a.len() as f64;
    let ma = a.iter().sum::<f64>() / n;
    let mb = b.iter().sum::<f64>() / n;
    let s: f64 = a.iter().zip(&b).map(|(p, q)| (p - ma) * (q - mb)).sum();
    Ok(s / if sample { n - 1.0 } else { n })
}

/// `x cov y`.
pub fn cov(x: &K, y: &K) -> Result<K, QError> {
    Ok(K::float(covariance(x, y, false)?))
}

/// `x scov y`.
pub fn scov(x: K, y: K) -> KResult {
    Ok(K::float(covariance(&x, &y, true)?))
}

/// `x cor y`.
pub fn cor(x: &K, y: &K) -> Result<K, QError> {
    // Nulls are ignored along with their pairs (cor.md).
    let (a, b) = pair_floats(x, y)?;
    let (a, b): (Vec<f64>, Vec<f64>) = a
        .into_iter()
        .zip(b)
        .filter(|(p, q)| !p.is_nan() && !q.is_nan())
        .unzip();
    let (a, b) = (K::floats(a), K::floats(b));
    let c = covariance(&a, &b, false)?;
    let vx = variance(&a, false)?;
    let vy = variance(&b, false)?;
    let r = c / (vx * vy).sqrt();
    Ok(K::float(if r.is_nan() { null_float() } else { r }))
}

/// `all` or `any` of each column of a table, as a dictionary
/// (all-any.md); symbols and guids are type errors.
fn each_column(x: &K, f: fn(K) -> KResult) -> Option<KResult> {
    match x {
        K::Table(t) => Some(
            t.cols
                .iter()
                .map(|c| f(c.clone()))
                .collect::<Result<Vec<_>, _>>()
                .map(|v| K::dict(K::syms(t.names.clone()), list::from_items(v))),
        ),
        K::Atom(Type::Symbol | Type::Guid, _) | K::Enum(_) => Some(Err(qerr("type"))),
        K::Vector(v) if matches!(v.ty, Type::Symbol | Type::Guid) => Some(Err(qerr("type"))),
        _ => None,
    }
}

/// `all x`.
pub fn all(x: K) -> KResult {
    if let Some(r) = each_column(&x, all) {
        return r;
    }
    if let Some(r) = flags_of_lists(&x, Arith::Min) {
        return r;
    }
    if let Some(found) = any_flag(&x, false) {
        return Ok(K::bool(!found));
    }
    let items = list::items(&x);
    for i in items {
        if !verbs::truthy(&i).unwrap_or(true) {
            return Ok(K::bool(false));
        }
    }
    Ok(K::bool(true))
}

/// `any`/`all` of a general list holding lists: the items as flags,
/// combined item by item with `|` (any) or `&` (all), as `max` and `min`
/// of the flags (so `not any x#'flags` gives a vector, as KX's scripts
/// rely on).
fn flags_of_lists(x: &K, op: Arith) -> Option<KResult> {
    let K::List(l) = x else { return None };
    if l.items.iter().all(K::is_atom) {
        return None;
    }
    let flags = |i: &K| super::casts::cast_to(Type::Boolean, i);
    let mut items = l.items.iter();
    let first = items.next()?;
    Some((|| {
        let mut acc = flags(first)?;
        for i in items {
            acc = verbs::arith_owned(op, acc, flags(i)?)?;
        }
        Ok(acc)
    })())
}

/// Whether a simple numeric vector has an item that is (`want` true) or
/// is not (`want` false) non-zero, looked at in place; `None` for other
/// values.
fn any_flag(x: &K, want: bool) -> Option<bool> {
    let K::Vector(v) = x else { return None };
    let hit = |nonzero: bool| nonzero == want;
    Some(match &v.data {
        Data::U8(d) if v.ty != Type::Char => d.iter().any(|&b| hit(b != 0)),
        Data::I16(d) => d.iter().any(|&b| hit(b != 0)),
        Data::I32(d) => d.iter().any(|&b| hit(b != 0)),
        Data::I64(d) => d.iter().any(|&b| hit(b != 0)),
        Data::F64(d) => d.iter().any(|&b| hit(b != 0.0)),
        _ => return None,
    })
}

/// `any x`.
pub fn any(x: K) -> KResult {
    if let Some(r) = each_column(&x, any) {
        return r;
    }
    if let Some(r) = flags_of_lists(&x, Arith::Max) {
        return r;
    }
    if let Some(found) = any_flag(&x, true) {
        return Ok(K::bool(found));
    }
    let items = list::items(&x);
    for i in items {
        if verbs::truthy(&i).unwrap_or(false) {
            return Ok(K::bool(true));
        }
    }
    Ok(K::bool(false))
}

fn moving(x: &K, y: &K, f: impl Fn(&[f64]) -> f64) -> Result<K, QError> {
    let n = x.as_i64().ok_or_else(|| qerr("type"))?;
    let v = floats_of(y)?;
    let mut out = Vec::with_capacity(v.len());
    for i in 0..v.len() {
        if n <= 0 {
            out.push(null_float());
            continue;
        }
        let start = (i + 1).saturating_sub(n as usize);
        out.push(f(&v[start..=i]));
    }
    Ok(K::floats(out))
}

/// Applies `f` to `y`, or column by column when `y` is a table, keyed
/// table or dictionary (uniform functions apply to those item-wise).
fn by_column(y: &K, f: &dyn Fn(&K) -> Result<K, QError>) -> Result<K, QError> {
    if let K::Dict(d) = y
        && !y.is_keyed_table()
    {
        return Ok(K::dict(d.keys.clone(), by_column(&d.values, f)?));
    }
    match uniform(y, f) {
        Some(r) => r,
        None => down_rows(y, f).unwrap_or_else(|| f(y)),
    }
}

/// Applies `f` down each position of a list of equal-length rows and
/// reassembles the rows (`2 mdev (10 21 3;4 5 6)` is `(0 0 0f;3 8 1.5)`);
/// `None` for anything else.
fn down_rows(y: &K, f: &dyn Fn(&K) -> Result<K, QError>) -> Option<Result<K, QError>> {
    let K::List(l) = y else { return None };
    if l.items.is_empty()
        || l.items
            .iter()
            .any(|i| i.is_atom() || matches!(i, K::List(_)))
    {
        return None;
    }
    Some(columns_of_rows(l, |c| f(&c)).map(|columns| {
        list::from_items(
            (0..l.items.len())
                .map(|r| {
                    list::from_items(
                        (0..columns.count())
                            .map(|c| list::item(&list::item(&columns, c), r))
                            .collect(),
                    )
                })
                .collect(),
        )
    }))
}

/// `n mavg x`.
pub fn mavg(x: K, y: K) -> KResult {
    by_column(&y, &|c| {
        moving(&x, c, |w| {
            let (s, n) = w
                .iter()
                .filter(|v| !v.is_nan())
                .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
            if n == 0 { null_float() } else { s / n as f64 }
        })
    })
}

/// `n msum x`: nulls count as zero; integral lists give integral sums.
pub fn msum(x: K, y: K) -> KResult {
    by_column(&y, &|c| {
        let t = match c {
            K::Vector(v) => v.ty,
            _ => return Err(qerr("type")),
        };
        if matches!(t, Type::Float | Type::Real | Type::Datetime) {
            let r = moving(&x, c, |w| {
                w.iter().filter(|v| !v.is_nan()).fold(0.0, |a, b| a + b)
            })?;
            return if t == Type::Float {
                Ok(r)
            } else {
                super::casts::cast_to(t, &r)
            };
        }
        let rt = sum_type(t)?;
        let n = x.as_i64().ok_or_else(|| qerr("type"))?;
        let vals: Vec<i64> = long_items(c)?
            .into_iter()
            .map(|v| if v == NULL_LONG { 0 } else { v })
            .collect();
        let mut out = Vec::with_capacity(vals.len());
        let mut acc = 0i64;
        for i in 0..vals.len() {
            acc = acc.wrapping_add(vals[i]);
            if n > 0 && i as i64 >= n {
                acc = acc.wrapping_sub(vals[i - n as usize]);
            }
            out.push(if n > 0 { acc } else { 0 });
        }
        Ok(pack_longs(rt, out, false))
    })
}

fn moving_extreme(x: &K, y: &K, want_max: bool) -> Result<K, QError> {
    // Pairwise lesser/greater over the window, so a null (the smallest
    // value) wins a minimum as it does in q; a maximum skips nulls, and a
    // window of nulls only gives negative infinity.
    let n = x.as_i64().ok_or_else(|| qerr("type"))?;
    // Guids and symbols have no order to take extremes by, as in `max`.
    if matches!(y.type_code().abs(), 2 | 11) {
        return Err(qerr("type"));
    }
    if n <= 0 {
        return Ok(y.clone());
    }
    let items = list::items(y);
    let op = if want_max { Arith::Max } else { Arith::Min };
    let mut out = Vec::with_capacity(items.len());
    for i in 0..items.len() {
        let start = (i + 1).saturating_sub(n as usize);
        let mut acc = items[start].clone();
        for it in &items[start + 1..=i] {
            acc = verbs::arith(op, &acc, it)?;
        }
        if want_max
            && let K::Atom(t, s) = &acc
            && crate::k::is_null(*t, s)
        {
            acc = empty_extreme(*t, true);
        }
        out.push(acc);
    }
    Ok(if out.is_empty() {
        y.clone()
    } else {
        list::from_items(out)
    })
}

/// `n mmax x`.
pub fn mmax(x: K, y: K) -> KResult {
    by_column(&y, &|c| moving_extreme(&x, c, true))
}

/// `n mmin x`.
pub fn mmin(x: K, y: K) -> KResult {
    by_column(&y, &|c| moving_extreme(&x, c, false))
}

/// `n mcount x`.
pub fn mcount(x: K, y: K) -> KResult {
    by_column(&y, &|c| moving_count(&x, c))
}

fn moving_count(x: &K, y: &K) -> KResult {
    let n = x.as_i64().ok_or_else(|| qerr("type"))?;
    let v = floats_of(y)?;
    let mut out = Vec::with_capacity(v.len());
    for i in 0..v.len() {
        let start = (i + 1).saturating_sub(n.max(0) as usize);
        out.push(v[start..=i].iter().filter(|f| !f.is_nan()).count() as i64);
    }
    Ok(K::longs(out))
}

/// `n mdev x`.
pub fn mdev(x: K, y: K) -> KResult {
    by_column(&y, &|c| {
        moving(&x, c, |w| {
            let vals: Vec<f64> = w.iter().copied().filter(|v| !v.is_nan()).collect();
            let n = vals.len() as f64;
            let m = vals.iter().sum::<f64>() / n;
            (vals.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n).sqrt()
        })
    })
}

/// `a ema x`: exponential moving average.
pub fn ema(a: K, x: K) -> KResult {
    let alpha = floats_of(&a)?;
    let v = floats_of(&x)?;
    if !a.is_atom() && alpha.len() != v.len() {
        return Err(qerr("length"));
    }
    if a.is_atom() && alpha.is_empty() {
        return Err(qerr("type"));
    }
    let mut out = Vec::with_capacity(v.len());
    let mut prev = f64::NAN;
    for (i, val) in v.into_iter().enumerate() {
        let al = if a.is_atom() { alpha[0] } else { alpha[i] };
        prev = if i == 0 {
            val
        } else {
            al * val + (1.0 - al) * prev
        };
        out.push(prev);
    }
    Ok(K::floats(out))
}

/// `a b\c`, Scan's built-in `{z+x*y}\[a;b;c]` over floats
/// (accumulators.md): each item is `c[i]` plus the one before times
/// `b[i]`, starting from `a`. `b` and `c` are atoms or lists of one length.
pub fn scan_linear(a: &K, b: &K, c: &K) -> Result<K, QError> {
    if !a.is_atom() {
        return Err(qerr("type"));
    }
    let seed = floats_of(a)?[0];
    let (mult, add) = (floats_of(b)?, floats_of(c)?);
    let n = match (b.is_atom(), c.is_atom()) {
        (true, true) => 1,
        (true, false) => add.len(),
        (false, true) => mult.len(),
        (false, false) if mult.len() == add.len() => add.len(),
        (false, false) => return Err(qerr("length")),
    };
    let (step_b, step_c) = (usize::from(!b.is_atom()), usize::from(!c.is_atom()));
    let mut out = Vec::with_capacity(n);
    let mut prev = seed;
    for i in 0..n {
        prev = add[i * step_c] + prev * mult[i * step_b];
        out.push(prev);
    }
    Ok(if b.is_atom() && c.is_atom() {
        K::float(prev)
    } else {
        K::floats(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_linear_is_z_plus_x_times_y_from_the_seed() {
        // accumulators.md: a:1000f;b:1 2 3 4f;c:5 6 7 8f; a b\c
        let got = scan_linear(
            &K::float(1000.0),
            &K::floats(vec![1.0, 2.0, 3.0, 4.0]),
            &K::floats(vec![5.0, 6.0, 7.0, 8.0]),
        );
        assert_eq!(
            got.unwrap(),
            K::floats(vec![1005.0, 2016.0, 6055.0, 24228.0])
        );
        let short = scan_linear(
            &K::float(0.0),
            &K::floats(vec![1.0]),
            &K::floats(vec![1.0, 2.0]),
        );
        assert_eq!(short.unwrap_err().msg.as_ref(), "length");
    }

    #[test]
    fn sum_types() {
        assert_eq!(sum(&K::bools(vec![true, true])).unwrap(), K::int(2));
        assert_eq!(sum(&K::longs(vec![1, NULL_LONG, 2])).unwrap(), K::long(3));
        assert_eq!(sum(&K::floats(vec![0.5, 1.5])).unwrap(), K::float(2.0));
    }

    #[test]
    fn div_rounds_down() {
        assert_eq!(div(&K::long(-7), &K::long(2)).unwrap(), K::long(-4));
        assert_eq!(div(&K::long(7), &K::long(2)).unwrap(), K::long(3));
    }
}
