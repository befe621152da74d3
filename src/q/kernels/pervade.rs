//! Typed loops over the items of simple vectors: one monomorphic loop per
//! operator and item type, q's null rules inside the loop and written as
//! selects rather than branches, so that the compiler can vectorize them.
//! These are the fast paths of the common cases (long and float vectors
//! and atoms); `verbs` and `math` keep the general paths for every type.

use crate::k::{NULL_LONG, QError, qerr};

/// An arithmetic verb.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Arith {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `%`
    Div,
    /// `&` (lesser; `and` on booleans)
    Min,
    /// `|` (greater; `or` on booleans)
    Max,
}

impl Arith {
    /// The verb of a primitive's code (`+` is 1 ... `|` is 6).
    pub fn of_prim(code: u8) -> Option<Arith> {
        Some(match code {
            1 => Arith::Add,
            2 => Arith::Sub,
            3 => Arith::Mul,
            4 => Arith::Div,
            5 => Arith::Min,
            6 => Arith::Max,
            _ => return None,
        })
    }
}

/// A comparison verb.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Cmp {
    /// `=`
    Eq,
    /// `<`
    Lt,
    /// `>`
    Gt,
}

/// The comparison tolerance of floats (`=`, `<`, `>`): relative 2^-43, as q.
pub const TOLERANCE: f64 = 1.0 / 8_796_093_022_208.0;

/// One side of an item-by-item operation: a whole vector or one item.
#[derive(Clone, Copy)]
pub enum Side<'a, T> {
    /// Every item of a vector.
    All(&'a [T]),
    /// One item, paired with every item of the other side.
    One(T),
}

impl<T: Copy> Side<'_, T> {
    /// The number of items, `None` for one item.
    pub fn count(&self) -> Option<usize> {
        match self {
            Side::All(v) => Some(v.len()),
            Side::One(_) => None,
        }
    }
}

/// `f` item by item, broadcasting a single item; `None` for two single
/// items, `'length` for vectors of different counts.
#[inline]
pub fn zip<T: Copy, U>(
    a: Side<'_, T>,
    b: Side<'_, T>,
    f: impl Fn(T, T) -> U,
) -> Result<Option<Vec<U>>, QError> {
    Ok(Some(match (a, b) {
        (Side::All(p), Side::All(q)) => {
            if p.len() != q.len() {
                return Err(qerr("length"));
            }
            p.iter().zip(q).map(|(&x, &y)| f(x, y)).collect()
        }
        (Side::All(p), Side::One(y)) => p.iter().map(|&x| f(x, y)).collect(),
        (Side::One(x), Side::All(q)) => q.iter().map(|&y| f(x, y)).collect(),
        (Side::One(_), Side::One(_)) => return Ok(None),
    }))
}

/// `f` item by item into `acc`, which holds the left operand (or, with
/// `left` false, the right one) and receives the result: the in-place form
/// of [`zip`] for a vector nothing else refers to.
///
/// # Errors
/// `'length` for vectors of different counts.
#[inline]
pub fn zip_into<T: Copy>(
    acc: &mut [T],
    other: Side<'_, T>,
    left: bool,
    f: impl Fn(T, T) -> T,
) -> Result<(), QError> {
    match other {
        Side::All(q) => {
            if q.len() != acc.len() {
                return Err(qerr("length"));
            }
            if left {
                acc.iter_mut().zip(q).for_each(|(p, &y)| *p = f(*p, y));
            } else {
                acc.iter_mut().zip(q).for_each(|(p, &x)| *p = f(x, *p));
            }
        }
        Side::One(y) if left => acc.iter_mut().for_each(|p| *p = f(*p, y)),
        Side::One(x) => acc.iter_mut().for_each(|p| *p = f(x, *p)),
    }
    Ok(())
}

/// [`long_arith`] into the buffer of one operand (`left`: it is the left
/// one). `%` is not done here: it changes the type.
///
/// # Errors
/// `'length` for vectors of different counts.
pub fn long_arith_into(
    op: Arith,
    acc: &mut [i64],
    other: Side<'_, i64>,
    left: bool,
) -> Result<(), QError> {
    match op {
        Arith::Add => zip_into(acc, other, left, |p, q| long_null(p, q, p.wrapping_add(q))),
        Arith::Sub => zip_into(acc, other, left, |p, q| long_null(p, q, p.wrapping_sub(q))),
        Arith::Mul => zip_into(acc, other, left, |p, q| long_null(p, q, p.wrapping_mul(q))),
        Arith::Min => zip_into(acc, other, left, |p, q| p.min(q)),
        Arith::Max => zip_into(acc, other, left, |p, q| p.max(q)),
        Arith::Div => zip_into(acc, other, left, |_, _| NULL_LONG),
    }
}

/// [`float_arith`] into the buffer of one operand (`left`: it is the left
/// one).
///
/// # Errors
/// `'length` for vectors of different counts.
pub fn float_arith_into(
    op: Arith,
    acc: &mut [f64],
    other: Side<'_, f64>,
    left: bool,
) -> Result<(), QError> {
    match op {
        Arith::Add => zip_into(acc, other, left, |p, q| p + q),
        Arith::Sub => zip_into(acc, other, left, |p, q| p - q),
        Arith::Mul => zip_into(acc, other, left, |p, q| p * q),
        Arith::Div => zip_into(acc, other, left, |p, q| p / q),
        Arith::Min => zip_into(acc, other, left, float_min),
        Arith::Max => zip_into(acc, other, left, float_max),
    }
}

/// [`float_arith`] with a long operand, widened item by item as the loop
/// reads it (a null long is a null float), rather than copied to floats
/// first.
///
/// # Errors
/// `'length` for vectors of different counts.
pub fn long_float_arith(
    op: Arith,
    longs: Side<'_, i64>,
    floats: Side<'_, f64>,
    long_left: bool,
) -> Result<Option<Vec<f64>>, QError> {
    match op {
        Arith::Add => widen_zip(longs, floats, long_left, |p, q| p + q),
        Arith::Sub => widen_zip(longs, floats, long_left, |p, q| p - q),
        Arith::Mul => widen_zip(longs, floats, long_left, |p, q| p * q),
        Arith::Div => widen_zip(longs, floats, long_left, |p, q| p / q),
        Arith::Min => widen_zip(longs, floats, long_left, float_min),
        Arith::Max => widen_zip(longs, floats, long_left, float_max),
    }
}

#[inline(always)]
fn widen_zip(
    longs: Side<'_, i64>,
    floats: Side<'_, f64>,
    long_left: bool,
    f: impl Fn(f64, f64) -> f64,
) -> Result<Option<Vec<f64>>, QError> {
    let widen = |x: i64| {
        if x == NULL_LONG { f64::NAN } else { x as f64 }
    };
    let pair = |l: i64, r: f64| {
        if long_left {
            f(widen(l), r)
        } else {
            f(r, widen(l))
        }
    };
    Ok(Some(match (longs, floats) {
        (Side::All(p), Side::All(q)) => {
            if p.len() != q.len() {
                return Err(qerr("length"));
            }
            p.iter().zip(q).map(|(&l, &r)| pair(l, r)).collect()
        }
        (Side::All(p), Side::One(r)) => p.iter().map(|&l| pair(l, r)).collect(),
        (Side::One(l), Side::All(q)) => q.iter().map(|&r| pair(l, r)).collect(),
        (Side::One(_), Side::One(_)) => return Ok(None),
    }))
}

/// A null in either operand makes the result null.
#[inline(always)]
fn long_null(p: i64, q: i64, r: i64) -> i64 {
    if (p == NULL_LONG) | (q == NULL_LONG) {
        NULL_LONG
    } else {
        r
    }
}

/// `+ - * & |` on longs (not `%`, which gives floats).
pub fn long_arith(
    op: Arith,
    a: Side<'_, i64>,
    b: Side<'_, i64>,
) -> Result<Option<Vec<i64>>, QError> {
    match op {
        Arith::Add => zip(a, b, |p, q| long_null(p, q, p.wrapping_add(q))),
        Arith::Sub => zip(a, b, |p, q| long_null(p, q, p.wrapping_sub(q))),
        Arith::Mul => zip(a, b, |p, q| long_null(p, q, p.wrapping_mul(q))),
        Arith::Min => zip(a, b, |p, q| p.min(q)),
        Arith::Max => zip(a, b, |p, q| p.max(q)),
        Arith::Div => zip(a, b, |_, _| NULL_LONG),
    }
}

/// `%` on longs: float division.
pub fn long_divide(a: Side<'_, i64>, b: Side<'_, i64>) -> Result<Option<Vec<f64>>, QError> {
    let f = |x: i64| {
        if x == NULL_LONG { f64::NAN } else { x as f64 }
    };
    zip(a, b, |p, q| f(p) / f(q))
}

/// `+ - * % & |` on floats. Lesser takes a null as the smallest value;
/// greater skips it.
pub fn float_arith(
    op: Arith,
    a: Side<'_, f64>,
    b: Side<'_, f64>,
) -> Result<Option<Vec<f64>>, QError> {
    match op {
        Arith::Add => zip(a, b, |p, q| p + q),
        Arith::Sub => zip(a, b, |p, q| p - q),
        Arith::Mul => zip(a, b, |p, q| p * q),
        Arith::Div => zip(a, b, |p, q| p / q),
        Arith::Min => zip(a, b, float_min),
        Arith::Max => zip(a, b, float_max),
    }
}

/// Lesser of floats: a null is the smallest value.
#[inline(always)]
fn float_min(p: f64, q: f64) -> f64 {
    if p.is_nan() | q.is_nan() {
        f64::NAN
    } else {
        p.min(q)
    }
}

/// Greater of floats: a null loses.
#[inline(always)]
fn float_max(p: f64, q: f64) -> f64 {
    p.max(q)
}

/// Whether two finite floats are equal within the tolerance.
#[inline(always)]
fn near(p: f64, q: f64) -> bool {
    let d = (p - q).abs();
    (d < f64::INFINITY) & (d <= TOLERANCE * p.abs().max(q.abs()))
}

/// `= < >` on floats, tolerantly, with null below every number.
pub fn float_compare(
    op: Cmp,
    a: Side<'_, f64>,
    b: Side<'_, f64>,
) -> Result<Option<Vec<u8>>, QError> {
    // Against one number: a plain comparison, with the tolerant test only
    // where an item lies within the tolerance band beside that number.
    match (op, &a, &b) {
        (Cmp::Gt, Side::All(d), Side::One(q)) | (Cmp::Lt, Side::One(q), Side::All(d))
            if !q.is_nan() =>
        {
            return Ok(Some(beyond_number(d, *q, true)));
        }
        (Cmp::Lt, Side::All(d), Side::One(q)) | (Cmp::Gt, Side::One(q), Side::All(d))
            if !q.is_nan() =>
        {
            return Ok(Some(beyond_number(d, *q, false)));
        }
        _ => {}
    }
    match op {
        Cmp::Eq => zip(a, b, |p, q| {
            ((p == q) | (p.is_nan() & q.is_nan()) | near(p, q)) as u8
        }),
        Cmp::Lt => zip(a, b, |p, q| tolerantly_below(p, q) as u8),
        Cmp::Gt => zip(a, b, |p, q| tolerantly_below(q, p) as u8),
    }
}

/// Whether float `p` is below `q` and not tolerantly equal to it, with
/// null below every number: q's `p<q` (and `q>p`).
#[inline(always)]
fn tolerantly_below(p: f64, q: f64) -> bool {
    !q.is_nan() & (p.is_nan() | ((p < q) & !near(p, q)))
}

/// For each item of `d`: whether it is above number `q` (`above`), or
/// below it (nulls are below every number), and not tolerantly equal to it.
/// Past `q` by more than twice the tolerance no item is near `q`, so the
/// plain comparison decides; a chunk with an item in the band between gets
/// the exact test for those items.
fn beyond_number(d: &[f64], q: f64, above: bool) -> Vec<u8> {
    let band = 1.0 - 2.0 * TOLERANCE;
    // The far edge of the band on the side being tested.
    let edge = match (above, q >= 0.0) {
        (true, true) | (false, false) => q / band,
        (true, false) | (false, true) => q * band,
    };
    let mut out = vec![0u8; d.len()];
    for (o, c) in out.chunks_mut(64).zip(d.chunks(64)) {
        let mut close = false;
        for (o, &p) in o.iter_mut().zip(c) {
            let (past, within) = if above {
                (p > q, p <= edge)
            } else {
                ((p < q) | p.is_nan(), p >= edge)
            };
            *o = past as u8;
            close |= past & within;
        }
        if close {
            for (o, &p) in o.iter_mut().zip(c) {
                if *o == 1 && !p.is_nan() && near(p, q) {
                    *o = 0;
                }
            }
        }
    }
    out
}

/// `= < >` on longs (null is the smallest long).
pub fn long_compare(
    op: Cmp,
    a: Side<'_, i64>,
    b: Side<'_, i64>,
) -> Result<Option<Vec<u8>>, QError> {
    match op {
        Cmp::Eq => zip(a, b, |p, q| (p == q) as u8),
        Cmp::Lt => zip(a, b, |p, q| (p < q) as u8),
        Cmp::Gt => zip(a, b, |p, q| (p > q) as u8),
    }
}

/// Lanes summed side by side: independent running sums let the adds
/// overlap and vectorize.
const LANES: usize = 8;

/// The sum of floats, nulls counting as zero.
pub fn sum_floats(d: &[f64]) -> f64 {
    let mut acc = [0.0f64; LANES];
    let chunks = d.chunks_exact(LANES);
    let rest = chunks.remainder();
    for c in chunks {
        for i in 0..LANES {
            acc[i] += if c[i].is_nan() { 0.0 } else { c[i] };
        }
    }
    let mut s = acc.iter().sum::<f64>();
    for &x in rest {
        s += if x.is_nan() { 0.0 } else { x };
    }
    s
}

/// The sum of longs, nulls counting as zero, wrapping as q does.
pub fn sum_longs(d: &[i64]) -> i64 {
    d.iter().fold(0i64, |a, &x| {
        a.wrapping_add(if x == NULL_LONG { 0 } else { x })
    })
}

/// The largest (or smallest) float that is not null; `start` when none.
pub fn extreme_floats(d: &[f64], want_max: bool, start: f64) -> f64 {
    let mut acc = [start; LANES];
    let chunks = d.chunks_exact(LANES);
    let rest = chunks.remainder();
    // max/min of a NaN and a number is the number: nulls drop out. In the
    // loops a comparison with a NaN is false, so the lane keeps its value
    // (and the compiler can use the machine's max and min).
    if want_max {
        for c in chunks {
            for i in 0..LANES {
                acc[i] = if c[i] > acc[i] { c[i] } else { acc[i] };
            }
        }
        rest.iter().chain(acc.iter()).fold(start, |a, &x| a.max(x))
    } else {
        for c in chunks {
            for i in 0..LANES {
                acc[i] = if c[i] < acc[i] { c[i] } else { acc[i] };
            }
        }
        rest.iter().chain(acc.iter()).fold(start, |a, &x| a.min(x))
    }
}

/// The largest (or smallest) long that is not null; `start` when none.
pub fn extreme_longs(d: &[i64], want_max: bool, start: i64) -> i64 {
    if want_max {
        // Null is the smallest long: it never wins a max.
        d.iter().fold(start, |a, &x| a.max(x))
    } else {
        d.iter()
            .fold(start, |a, &x| if x == NULL_LONG { a } else { a.min(x) })
    }
}

/// The indices of the true items of a boolean vector, written without a
/// branch per item.
pub fn where_true(b: &[u8]) -> Vec<i64> {
    // First a mask of the true items, 64 to a word, and their count.
    let chunks = b.chunks_exact(64);
    let rest = chunks.remainder();
    let masks: Vec<u64> = chunks.map(mask64).collect();
    let n = masks.iter().map(|m| m.count_ones() as usize).sum::<usize>()
        + rest.iter().filter(|&&x| x != 0).count();
    // Room for a whole chunk past the last position, so that a dense
    // chunk may write every position and keep only the true ones.
    let mut out: Vec<i64> = Vec::with_capacity(n + 64);
    let spare = out.spare_capacity_mut();
    let mut len = 0usize;
    for (c, &mask) in masks.iter().enumerate() {
        let base = (c * 64) as i64;
        if mask.count_ones() > 8 {
            // Dense: every position written, no branch per item.
            for k in 0..64 {
                spare[len].write(base + k as i64);
                len += ((mask >> k) & 1) as usize;
            }
        } else {
            // Sparse: one step per true item.
            let mut m = mask;
            while m != 0 {
                spare[len].write(base + i64::from(m.trailing_zeros()));
                len += 1;
                m &= m - 1;
            }
        }
    }
    let base = b.len() - rest.len();
    for (i, &x) in rest.iter().enumerate() {
        if x != 0 {
            spare[len].write((base + i) as i64);
            len += 1;
        }
    }
    debug_assert_eq!(len, n);
    // SAFETY: positions 0..len were written above, and len == n is within
    // the capacity.
    unsafe { out.set_len(len) };
    out
}

/// Bit k set where byte k of 64 is not zero, eight bytes a word at a time.
#[inline]
fn mask64(chunk: &[u8]) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Byte i of a word of 0/1 bytes, gathered to bit i of the top byte.
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let mut mask = 0u64;
    for (i, w) in chunk.chunks_exact(8).enumerate() {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        // 1 in each byte that is not zero, with no carry between bytes.
        let nz = ((((w & LOW7) + LOW7) | w) >> 7) & ONES;
        mask |= (nz.wrapping_mul(GATHER) >> 56) << (8 * i);
    }
    mask
}

/// `(sum w*v; sum w)` over the pairs where neither is null.
pub fn weighed(w: Side<'_, f64>, v: &[f64]) -> Result<(f64, f64), QError> {
    let mut num = [0.0f64; LANES];
    let mut den = [0.0f64; LANES];
    let pair = |wi: f64, vi: f64| {
        let keep = !(wi.is_nan() | vi.is_nan());
        (
            if keep { wi * vi } else { 0.0 },
            if keep { wi } else { 0.0 },
        )
    };
    match w {
        Side::All(w) => {
            if w.len() != v.len() {
                return Err(qerr("length"));
            }
            let (wc, vc) = (w.chunks_exact(LANES), v.chunks_exact(LANES));
            let (wr, vr) = (wc.remainder(), vc.remainder());
            for (a, b) in wc.zip(vc) {
                for i in 0..LANES {
                    let (n, d) = pair(a[i], b[i]);
                    num[i] += n;
                    den[i] += d;
                }
            }
            for (&a, &b) in wr.iter().zip(vr) {
                let (n, d) = pair(a, b);
                num[0] += n;
                den[0] += d;
            }
        }
        Side::One(wi) => {
            for (i, &b) in v.iter().enumerate() {
                let (n, d) = pair(wi, b);
                num[i % LANES] += n;
                den[i % LANES] += d;
            }
        }
    }
    Ok((num.iter().sum(), den.iter().sum()))
}

/// `x xbar y` on longs: y rounded down to a multiple of x (null for a
/// null or zero x or a null y).
pub fn long_bar(a: Side<'_, i64>, b: Side<'_, i64>) -> Result<Option<Vec<i64>>, QError> {
    zip(a, b, |x, y| {
        floor_div(y, x).map_or(NULL_LONG, |d| x.wrapping_mul(d))
    })
}

/// `x mod y` on longs: the remainder with the sign of y.
pub fn long_mod(a: Side<'_, i64>, b: Side<'_, i64>) -> Result<Option<Vec<i64>>, QError> {
    zip(a, b, |p, q| floor_mod(p, q).unwrap_or(NULL_LONG))
}

/// `x div y` on longs: the quotient rounded down.
pub fn long_div(a: Side<'_, i64>, b: Side<'_, i64>) -> Result<Option<Vec<i64>>, QError> {
    zip(a, b, |p, q| floor_div(p, q).unwrap_or(NULL_LONG))
}

/// The quotient of two longs rounded down (q's `div`); `None` when either
/// is null or `q` is 0, where q's answer is null.
#[inline(always)]
pub fn floor_div(p: i64, q: i64) -> Option<i64> {
    if (p == NULL_LONG) | (q == NULL_LONG) | (q == 0) {
        return None;
    }
    let d = p.wrapping_div(q);
    Some(if p.wrapping_rem(q) != 0 && ((p < 0) != (q < 0)) {
        d - 1
    } else {
        d
    })
}

/// The remainder of two longs with the sign of `q` (q's `mod`); `None`
/// when either is null or `q` is 0.
#[inline(always)]
pub fn floor_mod(p: i64, q: i64) -> Option<i64> {
    if (p == NULL_LONG) | (q == NULL_LONG) | (q == 0) {
        return None;
    }
    let r = p.wrapping_rem(q);
    Some(if r != 0 && ((r < 0) != (q < 0)) {
        r + q
    } else {
        r
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_sums_skip_nulls_across_lanes() {
        let mut v: Vec<f64> = (1..=19).map(f64::from).collect();
        v[3] = f64::NAN;
        assert_eq!(sum_floats(&v), 190.0 - 4.0);
        assert_eq!(sum_floats(&[]), 0.0);
    }

    #[test]
    fn extremes_skip_nulls() {
        let v = [
            f64::NAN,
            3.0,
            -1.0,
            f64::NAN,
            2.0,
            9.0,
            0.0,
            1.0,
            4.0,
            f64::NAN,
        ];
        assert_eq!(extreme_floats(&v, true, f64::NEG_INFINITY), 9.0);
        assert_eq!(extreme_floats(&v, false, f64::INFINITY), -1.0);
        assert_eq!(
            extreme_floats(&[f64::NAN], true, f64::NEG_INFINITY),
            f64::NEG_INFINITY
        );
        assert_eq!(extreme_longs(&[NULL_LONG, 5, -2], false, i64::MAX), -2);
        assert_eq!(extreme_longs(&[NULL_LONG, 5, -2], true, -i64::MAX), 5);
    }

    #[test]
    fn where_true_gives_positions() {
        assert_eq!(where_true(&[0, 1, 1, 0, 1]), vec![1, 2, 4]);
        // Dense and sparse chunks, any non-zero byte, and a tail.
        let b: Vec<u8> = (0..300u32)
            .map(|i| {
                if i < 128 {
                    (i % 3 != 0) as u8 * (i as u8 | 1)
                } else {
                    (i % 37 == 0) as u8 * 255
                }
            })
            .collect();
        let want: Vec<i64> = (0..300).filter(|&i| b[i as usize] != 0).collect();
        assert_eq!(where_true(&b), want);
        assert_eq!(where_true(&[]), Vec::<i64>::new());
        assert_eq!(where_true(&[0, 0]), Vec::<i64>::new());
    }

    #[test]
    fn tolerant_comparison_and_nulls() {
        let a = [1.0, 1.0 + 1e-15, f64::NAN, 2.0, f64::INFINITY];
        let gt = float_compare(Cmp::Gt, Side::All(&a), Side::One(1.0))
            .unwrap()
            .unwrap();
        assert_eq!(gt, vec![0, 0, 0, 1, 1]);
        let eq = float_compare(Cmp::Eq, Side::All(&a), Side::One(1.0))
            .unwrap()
            .unwrap();
        assert_eq!(eq, vec![1, 1, 0, 0, 0]);
        let lt = float_compare(Cmp::Lt, Side::All(&a), Side::One(1.0))
            .unwrap()
            .unwrap();
        assert_eq!(lt, vec![0, 0, 1, 0, 0]);
    }

    #[test]
    fn comparison_with_a_number_agrees_with_the_general_test() {
        // Items near each number (within, at and past the tolerance), far
        // from it, infinite and null, against numbers of both signs.
        let general = |op: Cmp, p: f64, q: f64| -> u8 {
            match op {
                Cmp::Gt => tolerantly_below(q, p) as u8,
                Cmp::Lt => tolerantly_below(p, q) as u8,
                Cmp::Eq => unreachable!(),
            }
        };
        for q in [
            0.0,
            1.0,
            -1.0,
            50.0,
            -3e10,
            1e-300,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            let mut d = vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0];
            for k in -40..=40 {
                let step = f64::from(k) * TOLERANCE / 8.0;
                d.push(q + q.abs() * step);
                d.push(q * (1.0 + step));
                d.push(q + f64::from(k));
            }
            for (op, left) in [
                (Cmp::Gt, true),
                (Cmp::Lt, true),
                (Cmp::Gt, false),
                (Cmp::Lt, false),
            ] {
                let got = if left {
                    float_compare(op, Side::All(&d), Side::One(q))
                } else {
                    float_compare(op, Side::One(q), Side::All(&d))
                };
                let want: Vec<u8> = d
                    .iter()
                    .map(|&p| {
                        if left {
                            general(op, p, q)
                        } else {
                            general(op, q, p)
                        }
                    })
                    .collect();
                assert_eq!(got.unwrap().unwrap(), want, "q {q} left {left}");
            }
        }
    }

    #[test]
    fn integer_division_rounds_down() {
        let r = long_div(Side::All(&[7, -7, 7, -7, NULL_LONG]), Side::One(2))
            .unwrap()
            .unwrap();
        assert_eq!(r, vec![3, -4, 3, -4, NULL_LONG]);
        let m = long_mod(Side::All(&[7, -7]), Side::One(-2))
            .unwrap()
            .unwrap();
        assert_eq!(m, vec![-1, -1]);
        let b = long_bar(Side::One(5), Side::All(&[0, 4, 5, 11, -1]))
            .unwrap()
            .unwrap();
        assert_eq!(b, vec![0, 0, 5, 10, -5]);
    }
}
