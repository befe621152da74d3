//! Matrix algebra on float vectors and matrices (lists of float vectors):
//! `mmu` (and `$` between floats), `inv`, `lsq`.

use crate::k::{Data, K, QError, Type, qerr};

use super::KResult;
use super::list;

/// A float vector's items, or `None` for anything else.
fn float_row(x: &K) -> Option<Vec<f64>> {
    match x {
        K::Vector(v) if v.ty == Type::Float => match &v.data {
            Data::F64(d) => Some(d.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `x` is a float vector or a non-empty list of float vectors.
pub fn is_float_operand(x: &K) -> bool {
    match x {
        K::Vector(v) => v.ty == Type::Float,
        K::List(l) => !l.items.is_empty() && l.items.iter().all(|r| float_row(r).is_some()),
        _ => false,
    }
}

/// A float operand: a vector, or a matrix whose rows are float vectors of
/// one length.
enum Operand {
    Vector(Vec<f64>),
    Matrix(Vec<Vec<f64>>),
}

fn operand(x: &K) -> Result<Operand, QError> {
    if let Some(v) = float_row(x) {
        return Ok(Operand::Vector(v));
    }
    match x {
        K::List(l) if !l.items.is_empty() => Ok(Operand::Matrix(matrix(x)?)),
        _ => Err(qerr("type")),
    }
}

/// Rows of a float matrix; rows of different lengths are a length error.
fn matrix(x: &K) -> Result<Vec<Vec<f64>>, QError> {
    let rows: Vec<Vec<f64>> = list::items(x)
        .iter()
        .map(|r| float_row(r).ok_or_else(|| qerr("type")))
        .collect::<Result<_, _>>()?;
    if rows.windows(2).any(|w| w[0].len() != w[1].len()) {
        return Err(qerr("length"));
    }
    Ok(rows)
}

fn to_k(m: Vec<Vec<f64>>) -> K {
    K::list(m.into_iter().map(K::floats).collect())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

fn columns(m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = m.first().map_or(0, Vec::len);
    (0..n).map(|j| m.iter().map(|r| r[j]).collect()).collect()
}

fn product(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let bt = columns(b);
    a.iter()
        .map(|r| bt.iter().map(|c| dot(r, c)).collect())
        .collect()
}

/// `x mmu y` (`x$y`): the matrix or dot product of float vectors and
/// matrices (mmu.md); `count y` must match `count x` for a vector `x`,
/// else `count first x`.
pub fn mmu(x: K, y: K) -> KResult {
    let (a, b) = (operand(&x)?, operand(&y)?);
    let inner = |n: usize, m: usize| if n == m { Ok(()) } else { Err(qerr("length")) };
    match (a, b) {
        (Operand::Vector(p), Operand::Vector(q)) => {
            inner(p.len(), q.len())?;
            Ok(K::float(dot(&p, &q)))
        }
        (Operand::Vector(p), Operand::Matrix(m)) => {
            inner(p.len(), m.len())?;
            Ok(K::floats(columns(&m).iter().map(|c| dot(&p, c)).collect()))
        }
        (Operand::Matrix(m), Operand::Vector(q)) => {
            inner(m[0].len(), q.len())?;
            Ok(K::floats(m.iter().map(|r| dot(r, &q)).collect()))
        }
        (Operand::Matrix(m), Operand::Matrix(n)) => {
            inner(m[0].len(), n.len())?;
            Ok(to_k(product(&m, &n)))
        }
    }
}

/// Solves `a z = b` for `z` (each column of `b`) by Gauss-Jordan
/// elimination with partial pivoting; `None` when `a` is singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col] == 0.0 || a[pivot][col].is_nan() {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let p = a[col][col];
        a[col].iter_mut().for_each(|v| *v /= p);
        b[col].iter_mut().for_each(|v| *v /= p);
        let (pivot_a, pivot_b) = (a[col].clone(), b[col].clone());
        for i in (0..n).filter(|&i| i != col) {
            let f = a[i][col];
            if f == 0.0 {
                continue;
            }
            a[i].iter_mut().zip(&pivot_a).for_each(|(v, p)| *v -= f * p);
            b[i].iter_mut().zip(&pivot_b).for_each(|(v, p)| *v -= f * p);
        }
    }
    Some(b)
}

fn square(m: &[Vec<f64>]) -> Result<(), QError> {
    if m.iter().any(|r| r.len() != m.len()) {
        return Err(qerr("length"));
    }
    Ok(())
}

/// `inv x`: the inverse of a non-singular square float matrix (inv.md);
/// a singular matrix gives nulls.
pub fn inv(x: K) -> KResult {
    let m = match operand(&x)? {
        Operand::Matrix(m) => m,
        Operand::Vector(_) => return Err(qerr("rank")),
    };
    square(&m)?;
    let n = m.len();
    let identity: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    Ok(to_k(solve(m, identity).unwrap_or_else(|| {
        vec![vec![crate::k::null_float(); n]; n]
    })))
}

/// `x lsq y`: the least-squares solution `z` of `x = z mmu y` (lsq.md),
/// from the normal equations `(y mmu flip y) mmu flip z = y mmu flip x`.
pub fn lsq(x: K, y: K) -> KResult {
    let xs = match operand(&x)? {
        Operand::Matrix(m) => m,
        Operand::Vector(v) => vec![v],
    };
    let ys = match operand(&y)? {
        Operand::Matrix(m) => m,
        Operand::Vector(_) => return Err(qerr("rank")),
    };
    if xs[0].len() != ys[0].len() {
        return Err(qerr("length"));
    }
    let yt = columns(&ys);
    let gram = product(&ys, &yt);
    let rhs = product(&ys, &columns(&xs));
    let n = ys.len();
    let z = solve(gram, rhs).unwrap_or_else(|| vec![vec![crate::k::null_float(); xs.len()]; n]);
    Ok(to_k(columns(&z)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(rows: &[&[f64]]) -> K {
        K::list(rows.iter().map(|r| K::floats(r.to_vec())).collect())
    }

    #[test]
    fn inverse_times_matrix_is_identity() {
        let a = m(&[&[2.0, 4.0, 8.0], &[3.0, 5.0, 6.0], &[0.0, 7.0, 1.0]]);
        let i = inv(a.clone()).unwrap();
        let p = matrix(&mmu(a, i).unwrap()).unwrap();
        for (r, row) in p.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let want = if r == c { 1.0 } else { 0.0 };
                assert!((v - want).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn ragged_and_non_float_operands_are_errors() {
        assert_eq!(
            mmu(K::longs(vec![1, 2]), K::longs(vec![1, 2])),
            Err(qerr("type"))
        );
        assert_eq!(
            mmu(K::floats(vec![1.0, 2.0]), K::floats(vec![1.0])),
            Err(qerr("length"))
        );
        assert_eq!(inv(m(&[&[1.0, 2.0]])), Err(qerr("length")));
    }
}
