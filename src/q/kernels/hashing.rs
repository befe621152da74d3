//! Typed hashing for simple vectors: the item identities that `distinct`,
//! `group`, `?` (find) and `in` need, computed on the vector's own storage
//! with no per-item boxing. Floats hash by value with every NaN alike and
//! -0.0 equal to 0.0, as match (`~`) has it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::k::{Data, Vector};

/// A multiply-rotate hasher for keys that are already well spread words.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(w));
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Hash maps keyed by words or short names, hashed with [`WordHasher`].
pub type Fast = BuildHasherDefault<WordHasher>;

/// Items of a vector numbered by first appearance: `ids[i]` is the group
/// of item `i`, `firsts[g]` the position where group `g` first appears.
pub struct Groups {
    /// The group of each item.
    pub ids: Vec<u32>,
    /// The first position of each group, in order of appearance.
    pub firsts: Vec<usize>,
}

impl Groups {
    /// Positions of each group's items, in order, group by group.
    pub fn positions(&self) -> Vec<Vec<i64>> {
        let mut counts = vec![0usize; self.firsts.len()];
        for &g in &self.ids {
            counts[g as usize] += 1;
        }
        let mut out: Vec<Vec<i64>> = counts.into_iter().map(Vec::with_capacity).collect();
        for (i, &g) in self.ids.iter().enumerate() {
            out[g as usize].push(i as i64);
        }
        out
    }
}

/// The word that stands for a float's identity under match.
#[inline]
fn float_word(x: f64) -> u64 {
    if x.is_nan() {
        u64::MAX
    } else if x == 0.0 {
        0
    } else {
        x.to_bits()
    }
}

fn number<T: Copy>(items: &[T], word: impl Fn(T) -> u64) -> Groups {
    let mut map: HashMap<u64, u32, Fast> = HashMap::with_capacity_and_hasher(64, Fast::default());
    let mut ids = Vec::with_capacity(items.len());
    let mut firsts = Vec::new();
    for (i, &x) in items.iter().enumerate() {
        let next = firsts.len() as u32;
        let g = *map.entry(word(x)).or_insert_with(|| {
            firsts.push(i);
            next
        });
        ids.push(g);
    }
    Groups { ids, firsts }
}

fn number_keys<'a, K: std::hash::Hash + Eq + 'a>(items: impl Iterator<Item = K>) -> Groups {
    let mut map: HashMap<K, u32, Fast> = HashMap::with_capacity_and_hasher(64, Fast::default());
    let mut ids = Vec::new();
    let mut firsts = Vec::new();
    for (i, x) in items.enumerate() {
        let next = firsts.len() as u32;
        let g = *map.entry(x).or_insert_with(|| {
            firsts.push(i);
            next
        });
        ids.push(g);
    }
    Groups { ids, firsts }
}

/// The groups of a simple vector's items.
pub fn groups(v: &Vector) -> Groups {
    match &v.data {
        Data::U8(d) => number(d, |x| x as u64),
        Data::I16(d) => number(d, |x| x as u64),
        Data::I32(d) => number(d, |x| x as u64),
        Data::I64(d) => number(d, |x| x as u64),
        Data::F32(d) => number(d, |x| float_word(x as f64)),
        Data::F64(d) => number(d, float_word),
        Data::Guid(d) => number_keys(d.iter().copied()),
        Data::Sym(s) => number_keys(s.iter()),
    }
}

/// For each item of `probes`, its first position in `v`, or `v`'s count
/// when absent. `None` when the two store their items differently.
pub fn find(v: &Vector, probes: &Vector) -> Option<Vec<i64>> {
    let n = v.len() as i64;
    fn first_positions<T: Copy>(
        items: &[T],
        probes: &[T],
        word: impl Fn(T) -> u64,
        n: i64,
    ) -> Vec<i64> {
        if probes.len() <= 16 {
            // A few probes: scanning beats hashing every item.
            return probes
                .iter()
                .map(|&p| {
                    let w = word(p);
                    items
                        .iter()
                        .position(|&x| word(x) == w)
                        .map_or(n, |i| i as i64)
                })
                .collect();
        }
        let mut map: HashMap<u64, i64, Fast> =
            HashMap::with_capacity_and_hasher(items.len().min(1 << 20), Fast::default());
        for (i, &x) in items.iter().enumerate() {
            map.entry(word(x)).or_insert(i as i64);
        }
        probes
            .iter()
            .map(|&p| map.get(&word(p)).copied().unwrap_or(n))
            .collect()
    }
    Some(match (&v.data, &probes.data) {
        (Data::U8(a), Data::U8(b)) => first_positions(a, b, |x| x as u64, n),
        (Data::I16(a), Data::I16(b)) => first_positions(a, b, |x| x as u64, n),
        (Data::I32(a), Data::I32(b)) => first_positions(a, b, |x| x as u64, n),
        (Data::I64(a), Data::I64(b)) => first_positions(a, b, |x| x as u64, n),
        (Data::F64(a), Data::F64(b)) => first_positions(a, b, float_word, n),
        (Data::F32(a), Data::F32(b)) => first_positions(a, b, |x| float_word(x as f64), n),
        (Data::Sym(a), Data::Sym(b)) => {
            let mut map: HashMap<&[u8], i64, Fast> = HashMap::default();
            for (i, s) in a.iter().enumerate() {
                map.entry(s).or_insert(i as i64);
            }
            b.iter().map(|p| map.get(p).copied().unwrap_or(n)).collect()
        }
        (Data::Guid(a), Data::Guid(b)) => {
            let mut map: HashMap<[u8; 16], i64, Fast> = HashMap::default();
            for (i, g) in a.iter().enumerate() {
                map.entry(*g).or_insert(i as i64);
            }
            b.iter().map(|p| map.get(p).copied().unwrap_or(n)).collect()
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::{K, Type};

    fn vector(k: K) -> Vector {
        match k {
            K::Vector(v) => (*v).clone(),
            _ => panic!("a vector"),
        }
    }

    #[test]
    fn groups_number_items_by_first_appearance() {
        let g = groups(&vector(K::longs(vec![5, 3, 5, 7, 3])));
        assert_eq!(g.ids, [0, 1, 0, 2, 1]);
        assert_eq!(g.firsts, [0, 1, 3]);
        assert_eq!(g.positions(), vec![vec![0, 2], vec![1, 4], vec![3]]);
    }

    #[test]
    fn floats_group_as_match_compares_them() {
        let g = groups(&vector(K::floats(vec![f64::NAN, 0.0, -0.0, f64::NAN, 1.5])));
        assert_eq!(g.ids, [0, 1, 1, 0, 2]);
    }

    #[test]
    fn find_gives_first_positions_or_the_count() {
        let v = vector(K::sym_list(["a", "b", "a"]));
        let p = vector(K::sym_list(["a", "c", "b"]));
        assert_eq!(find(&v, &p), Some(vec![0, 3, 1]));
        let ints = vector(K::vector(Type::Int, Data::I32(vec![1, 2])));
        assert_eq!(find(&ints, &vector(K::longs(vec![1]))), None);
    }
}
