//! Random numbers for `?`: roll (`5?10`), deal (`-5?10`), random floats and
//! picks from a list, from a seedable generator (`\S`).

use crate::k::{K, QError, Type, qerr};

use super::interp::Interp;
use super::list;

/// q's default seed.
pub const DEFAULT_SEED: u64 = 314_159;

/// A small, fast generator (xorshift64*), seeded per session.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced, as xorshift cannot start at 0).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniform integer in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        // Rejection sampling avoids modulo bias.
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let r = self.next_u64();
            if r < zone {
                return r % n;
            }
        }
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n?y`: `n` random picks (with replacement; without when `n` is negative).
pub fn roll(it: &mut Interp, n: i64, y: &K) -> Result<K, QError> {
    let deal = n < 0;
    let count = n.unsigned_abs() as usize;
    match y {
        K::Atom(Type::Float, _) => {
            let hi = y.as_f64_lossy();
            Ok(K::floats((0..count).map(|_| it.rng.unit() * hi).collect()))
        }
        K::Atom(..) => {
            let hi = y.as_i64().ok_or_else(|| qerr("type"))?;
            if hi <= 0 {
                return Err(qerr("domain"));
            }
            let picks = pick(it, count, hi as u64, deal)?;
            let r = K::longs(picks.into_iter().map(|p| p as i64).collect());
            match y {
                K::Atom(Type::Long, _) => Ok(r),
                K::Atom(t, _) => super::casts::cast_to(*t, &r),
                _ => Ok(r),
            }
        }
        _ => {
            let c = y.count() as u64;
            if c == 0 {
                return Err(qerr("length"));
            }
            let picks = pick(it, count, c, deal)?;
            let idx: Vec<i64> = picks.into_iter().map(|p| p as i64).collect();
            Ok(list::gather(y, &idx))
        }
    }
}

fn pick(it: &mut Interp, count: usize, range: u64, deal: bool) -> Result<Vec<u64>, QError> {
    if !deal {
        return Ok((0..count).map(|_| it.rng.below(range)).collect());
    }
    if count as u64 > range {
        return Err(qerr("length"));
    }
    // Partial Fisher-Yates over a sparse permutation.
    let mut swapped = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(count);
    for i in 0..count as u64 {
        let j = i + it.rng.below(range - i);
        let vi = *swapped.get(&i).unwrap_or(&i);
        let vj = *swapped.get(&j).unwrap_or(&j);
        swapped.insert(j, vi);
        out.push(vj);
    }
    Ok(out)
}

trait AsF64 {
    fn as_f64_lossy(&self) -> f64;
}

impl AsF64 for K {
    fn as_f64_lossy(&self) -> f64 {
        match self {
            K::Atom(_, crate::k::Scalar::F64(f)) => *f,
            _ => self.as_i64().unwrap_or(0) as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_is_reproducible() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..1000 {
            let x = a.below(10);
            assert!(x < 10);
            assert_eq!(x, b.below(10));
        }
    }
}
