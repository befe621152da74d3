//! Random numbers for `?`: roll (`5?10`), deal (`-5?10`), random floats and
//! picks from a list, from a seedable generator (`\S`).

use crate::k::{Data, K, NULL_LONG, QError, Scalar, SymVec, Type, qerr};

use std::collections::HashMap;

use super::hashing::Fast;
use super::list;

/// q's default seed (`\S` shows it as `-314159i`).
pub const DEFAULT_SEED: i64 = -314_159;

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

    /// The generator's state: a seed that carries on from here.
    pub fn state(&self) -> u64 {
        self.0
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

/// `n?y`: `n` random picks (with replacement; without when `n` is
/// negative; a permutation when `n` is null), from a list or from the
/// range an atom describes (deal.md).
pub fn roll(rng: &mut Rng, n: i64, y: &K) -> Result<K, QError> {
    if n == NULL_LONG {
        // Permute: 0N?10 or 0N?list.
        let c = match y {
            K::Atom(..) => y.as_i64().ok_or_else(|| qerr("type"))?,
            _ => y.count() as i64,
        };
        // A null or negative range has no permutation (and negating a
        // null long gives it back).
        if c < 0 {
            return Err(qerr("domain"));
        }
        let r = roll(rng, -c, y)?;
        return Ok(r);
    }
    let deal = n < 0;
    list::check_alloc(n.unsigned_abs(), 16)?;
    let count = n.unsigned_abs() as usize;
    let K::Atom(t, s) = y else {
        let c = y.count() as u64;
        if c == 0 {
            return Err(qerr("length"));
        }
        if deal
            && dense(count, c)
            && let K::Vector(v) = y
            && let Some(data) = shuffled_data(rng, &v.data, count)?
        {
            return Ok(K::vector(v.ty, data));
        }
        let picks = pick(rng, count, c, deal)?;
        let idx: Vec<i64> = picks.into_iter().map(|p| p as i64).collect();
        return Ok(list::gather(y, &idx));
    };
    let t = *t;
    match (t, s) {
        (Type::Guid, _) => {
            let mut g = Vec::with_capacity(count);
            for _ in 0..count {
                let mut b = [0u8; 16];
                b[..8].copy_from_slice(&rng.next_u64().to_be_bytes());
                b[8..].copy_from_slice(&rng.next_u64().to_be_bytes());
                g.push(b);
            }
            Ok(K::vector(Type::Guid, Data::Guid(g)))
        }
        (Type::Symbol, Scalar::Sym(len)) => {
            // `n: symbols of n letters from a to p.
            let n: usize = std::str::from_utf8(len)
                .ok()
                .and_then(|s| s.parse().ok())
                .filter(|&n: &usize| (1..=8).contains(&n))
                .ok_or_else(|| qerr("type"))?;
            let mut out = SymVec::with_capacity(count, count * n);
            let mut seen = std::collections::HashSet::new();
            while out.len() < count {
                let sym: Vec<u8> = (0..n)
                    .map(|_| b"abcdefghijklmnop"[rng.below(16) as usize])
                    .collect();
                if !deal || seen.insert(sym.clone()) {
                    out.push(&sym);
                }
            }
            Ok(K::syms(out))
        }
        _ if deal && !matches!(t, Type::Short | Type::Int | Type::Long) => Err(qerr("type")),
        (Type::Boolean, _) => Ok(K::bools((0..count).map(|_| rng.below(2) == 1).collect())),
        (Type::Byte, _) => Ok(K::bytes((0..count).map(|_| rng.below(256) as u8).collect())),
        (Type::Char, _) => Ok(K::string(
            (0..count)
                .map(|_| b"abcdefghijklmnopqrstuvwxyz"[rng.below(26) as usize])
                .collect::<Vec<u8>>(),
        )),
        (Type::Float | Type::Real | Type::Datetime, _) => {
            let hi = match s {
                Scalar::F64(f) => *f,
                Scalar::F32(f) => *f as f64,
                _ => 0.0,
            };
            let v: Vec<f64> = (0..count).map(|_| rng.unit() * hi).collect();
            Ok(super::verbs::pack_floats(t, v, false))
        }
        (Type::Int | Type::Long, _) if y.as_i64() == Some(0) => {
            // 0i and 0 give random ints and longs over their whole range.
            let v: Vec<i64> = (0..count).map(|_| rng.next_u64() as i64).collect();
            let v = if t == Type::Int {
                v.into_iter().map(|x| (x as i32) as i64).collect()
            } else {
                v
            };
            Ok(super::verbs::pack_longs(t, v, false))
        }
        _ => {
            let hi = match s {
                // A zero timespan rolls within one day: `n?0D0` makes
                // times of day (brief-introduction.md).
                Scalar::I64(0) if t == Type::Timespan && !deal => 86_400_000_000_000,
                Scalar::I16(x) => *x as i64,
                Scalar::I32(x) => *x as i64,
                Scalar::I64(x) => *x,
                _ => return Err(qerr("type")),
            };
            if hi <= 0 {
                return Err(qerr("domain"));
            }
            let picks = pick(rng, count, hi as u64, deal)?;
            Ok(super::verbs::pack_longs(
                t,
                picks.into_iter().map(|p| p as i64).collect(),
                false,
            ))
        }
    }
}

/// Whether a deal of `count` from `range` takes enough of it to permute
/// the whole range rather than a sparse map of it.
fn dense(count: usize, range: u64) -> bool {
    range <= 4 * count as u64 + 64
}

/// The first `count` items of a Fisher-Yates shuffle of `v`:
/// the same draws, and so the same items, as [`pick`] dealing positions
/// and gathering them, without the positions.
fn shuffled<T: Copy>(rng: &mut Rng, mut v: Vec<T>, count: usize) -> Vec<T> {
    let range = v.len() as u64;
    for i in 0..count {
        let j = i + rng.below(range - i as u64) as usize;
        v.swap(i, j);
    }
    v.truncate(count);
    v
}

/// A deal of `count` items straight from a vector's data; `None` for
/// symbols, which are gathered.
fn shuffled_data(rng: &mut Rng, d: &Data, count: usize) -> Result<Option<Data>, QError> {
    if count > d.len() {
        return Err(qerr("length"));
    }
    Ok(Some(match d {
        Data::U8(v) => Data::U8(shuffled(rng, v.clone(), count)),
        Data::Guid(v) => Data::Guid(shuffled(rng, v.clone(), count)),
        Data::I16(v) => Data::I16(shuffled(rng, v.clone(), count)),
        Data::I32(v) => Data::I32(shuffled(rng, v.clone(), count)),
        Data::I64(v) => Data::I64(shuffled(rng, v.clone(), count)),
        Data::F32(v) => Data::F32(shuffled(rng, v.clone(), count)),
        Data::F64(v) => Data::F64(shuffled(rng, v.clone(), count)),
        Data::Sym(_) => return Ok(None),
    }))
}

fn pick(rng: &mut Rng, count: usize, range: u64, deal: bool) -> Result<Vec<u64>, QError> {
    if !deal {
        return Ok((0..count).map(|_| rng.below(range)).collect());
    }
    if count as u64 > range {
        return Err(qerr("length"));
    }
    // Partial Fisher-Yates: over the whole range when the deal takes a good
    // share of it, else over a sparse permutation. Both draw the same
    // numbers, so a seed deals the same cards either way.
    if dense(count, range) {
        return Ok(shuffled(rng, (0..range).collect(), count));
    }
    let mut out = Vec::with_capacity(count);
    let mut swapped: HashMap<u64, u64, Fast> = HashMap::default();
    for i in 0..count as u64 {
        let j = i + rng.below(range - i);
        let vi = *swapped.get(&i).unwrap_or(&i);
        let vj = *swapped.get(&j).unwrap_or(&j);
        swapped.insert(j, vi);
        out.push(vj);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permutation_of_a_null_or_negative_range_is_a_domain_error() {
        let mut rng = Rng::new(7);
        for y in [K::long(NULL_LONG), K::long(-3), K::int(crate::k::NULL_INT)] {
            let err = roll(&mut rng, NULL_LONG, &y).unwrap_err();
            assert_eq!(err.to_string(), "'domain", "0N?{y:?}");
        }
        let shuffled = roll(&mut rng, NULL_LONG, &K::long(5)).unwrap();
        assert_eq!(shuffled.count(), 5);
    }

    #[test]
    fn a_zero_timespan_rolls_times_of_one_day() {
        let mut rng = Rng::new(3);
        let zero = K::Atom(Type::Timespan, Scalar::I64(0));
        let rolled = roll(&mut rng, 1000, &zero).unwrap();
        let K::Vector(v) = &rolled else {
            panic!("not a vector: {rolled:?}")
        };
        assert_eq!(v.ty, Type::Timespan);
        let day = 86_400_000_000_000;
        let ns: Vec<i64> = (0..1000)
            .filter_map(|i| match v.item(i) {
                K::Atom(Type::Timespan, Scalar::I64(n)) => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(ns.len(), 1000);
        assert!(ns.iter().all(|&n| (0..day).contains(&n)));
        assert!(ns.iter().any(|&n| n > day / 2), "spread over the day");
        // A zero time, and a deal of zero timespans, stay errors.
        assert!(roll(&mut rng, -3, &zero).is_err());
        assert!(roll(&mut rng, 3, &K::Atom(Type::Time, Scalar::I32(0))).is_err());
    }

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

    #[test]
    fn a_deal_is_distinct_and_the_same_for_a_seed_however_it_is_drawn() {
        // A deal of 3 from 10 draws over the whole range; from 1000 over a
        // sparse permutation. Both must give distinct, in-range picks, and
        // the first three draws of a full permutation must agree with them.
        for range in [10u64, 1000] {
            let dealt = pick(&mut Rng::new(11), 3, range, true).unwrap();
            let mut seen = dealt.clone();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), 3);
            assert!(dealt.iter().all(|&p| p < range));
            let sparse = {
                let mut rng = Rng::new(11);
                let mut swapped = std::collections::HashMap::new();
                (0..3u64)
                    .map(|i| {
                        let j = i + rng.below(range - i);
                        let vi = *swapped.get(&i).unwrap_or(&i);
                        let vj = *swapped.get(&j).unwrap_or(&j);
                        swapped.insert(j, vi);
                        vj
                    })
                    .collect::<Vec<u64>>()
            };
            assert_eq!(dealt, sparse);
        }
        assert!(pick(&mut Rng::new(1), 11, 10, true).is_err());
    }

    #[test]
    fn dealing_a_vector_gives_the_items_its_positions_would() {
        let items: Vec<i64> = (100..140).collect();
        for count in [1, 7, 40] {
            let direct = shuffled(&mut Rng::new(5), items.clone(), count);
            let at = pick(&mut Rng::new(5), count, items.len() as u64, true).unwrap();
            let gathered: Vec<i64> = at.iter().map(|&p| items[p as usize]).collect();
            assert_eq!(direct, gathered);
        }
    }
}
