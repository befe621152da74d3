//! Typed hashing for simple vectors: the item identities that `distinct`,
//! `group`, `?` (find) and `in` need, computed on the vector's own storage
//! with no per-item boxing. Floats hash by value with every NaN alike and
//! -0.0 equal to 0.0, as match (`~`) has it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::k::{Data, Vector};

/// A folded-multiply hasher for words and short names.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.write_u64(u64::from_le_bytes(w.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let tail = rest
                .iter()
                .rev()
                .fold(0u64, |w, &b| (w << 8) | u64::from(b));
            self.write_u64(tail);
        }
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        // A folded multiply: the product's high half depends on every bit
        // of the word, so words alike in their low bits still spread over
        // the table, which indexes by the low bits.
        let m = u128::from(self.0 ^ n) * 0x51_7c_c1_b7_27_22_0a_95u128;
        self.0 = (m as u64) ^ ((m >> 64) as u64);
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

/// Each symbol of a vector as one word (its bytes, and its length in the
/// top byte) when none is longer than 7 bytes, as tickers and codes are:
/// they then hash and compare as integers. `None` otherwise.
fn short_sym_words(v: &crate::k::SymVec) -> Option<Vec<u64>> {
    let mut words = Vec::with_capacity(v.len());
    for s in v.iter() {
        if s.len() > 7 {
            return None;
        }
        let mut word = [0u8; 8];
        word[..s.len()].copy_from_slice(s);
        word[7] = s.len() as u8;
        words.push(u64::from_le_bytes(word));
    }
    Some(words)
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

/// Each item the first time it appears, in order, taking items to be the
/// same by `word`: `distinct`, with no group numbers kept.
fn first_seen<T: Copy>(items: &[T], word: impl Fn(T) -> u64) -> Vec<T> {
    let mut seen: std::collections::HashSet<u64, Fast> =
        std::collections::HashSet::with_capacity_and_hasher(
            items.len().min(1 << 16),
            Fast::default(),
        );
    let mut out = Vec::new();
    for &x in items {
        if seen.insert(word(x)) {
            out.push(x);
        }
    }
    out
}

/// [`first_seen`] for integers whose range is small beside their count:
/// a bit per value of the range instead of a hash table, so every lookup
/// stays in cache. `None` when the range is too wide.
fn first_seen_in_range<T: Copy + Into<i64>>(items: &[T]) -> Option<Vec<T>> {
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for &x in items {
        let x: i64 = x.into();
        lo = lo.min(x);
        hi = hi.max(x);
    }
    if items.is_empty() {
        return Some(Vec::new());
    }
    let span = hi.checked_sub(lo)? as u64 + 1;
    // At most a bit per item of the vector, or 8 MB of bits.
    if span
        > (items.len() as u64)
            .saturating_mul(8)
            .clamp(1 << 16, 1 << 26)
    {
        return None;
    }
    let mut seen = vec![0u64; span.div_ceil(64) as usize];
    let mut out = Vec::new();
    for &x in items {
        let k = (x.into() - lo) as usize;
        let (w, b) = (k / 64, 1u64 << (k % 64));
        if seen[w] & b == 0 {
            seen[w] |= b;
            out.push(x);
        }
    }
    Some(out)
}

/// The distinct items of a simple vector of numbers, chars or booleans, in
/// order of first appearance; `None` for guids and symbols.
pub fn distinct_items(v: &Vector) -> Option<Data> {
    Some(match &v.data {
        Data::U8(d) => Data::U8(first_seen(d, |x| x as u64)),
        Data::I16(d) => {
            Data::I16(first_seen_in_range(d).unwrap_or_else(|| first_seen(d, |x| x as u64)))
        }
        Data::I32(d) => {
            Data::I32(first_seen_in_range(d).unwrap_or_else(|| first_seen(d, |x| x as u64)))
        }
        Data::I64(d) => {
            Data::I64(first_seen_in_range(d).unwrap_or_else(|| first_seen(d, |x| x as u64)))
        }
        Data::F32(d) => Data::F32(first_seen(d, |x| float_word(x as f64))),
        Data::F64(d) => Data::F64(first_seen(d, float_word)),
        Data::Guid(_) | Data::Sym(_) => return None,
    })
}

/// [`number`] for integers whose range is no wider than their count: a
/// slot per value of the range holds its group, so no item is hashed.
/// `None` when the range is too wide.
fn number_in_range<T: Copy + Into<i64>>(items: &[T]) -> Option<Groups> {
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for &x in items {
        let x: i64 = x.into();
        lo = lo.min(x);
        hi = hi.max(x);
    }
    if items.is_empty() {
        return Some(Groups {
            ids: Vec::new(),
            firsts: Vec::new(),
        });
    }
    let span = hi.checked_sub(lo)? as u64 + 1;
    if span > (items.len() as u64).clamp(1 << 10, 1 << 24) {
        return None;
    }
    let mut slot = vec![u32::MAX; span as usize];
    let mut ids = Vec::with_capacity(items.len());
    let mut firsts = Vec::new();
    for (i, &x) in items.iter().enumerate() {
        let s = &mut slot[(x.into() - lo) as usize];
        if *s == u32::MAX {
            *s = firsts.len() as u32;
            firsts.push(i);
        }
        ids.push(*s);
    }
    Some(Groups { ids, firsts })
}

/// The groups of a simple vector's items.
pub fn groups(v: &Vector) -> Groups {
    match &v.data {
        Data::U8(d) => number(d, |x| x as u64),
        Data::I16(d) => number_in_range(d).unwrap_or_else(|| number(d, |x| x as u64)),
        Data::I32(d) => number_in_range(d).unwrap_or_else(|| number(d, |x| x as u64)),
        Data::I64(d) => number_in_range(d).unwrap_or_else(|| number(d, |x| x as u64)),
        Data::F32(d) => number(d, |x| float_word(x as f64)),
        Data::F64(d) => number(d, float_word),
        Data::Guid(d) => number_keys(d.iter().copied()),
        Data::Sym(s) => match short_sym_words(s) {
            Some(words) => number(&words, |w| w),
            None => number_keys(s.iter()),
        },
    }
}

/// `v`'s groups, and the group of each of `probes` among them (the number
/// of groups for one no item of `v` matches): only the groups' keys are
/// hashed for the lookup, not every item.
pub fn groups_and_probes(v: &Vector, probes: &Vector) -> Option<(Groups, Vec<i64>)> {
    let g = groups(v);
    let firsts: Vec<i64> = g.firsts.iter().map(|&f| f as i64).collect();
    let keys = Vector {
        ty: v.ty,
        attr: crate::k::Attr::None,
        data: v.data.pick(v.ty, &firsts),
    };
    let found = find(&keys, probes)?;
    Some((g, found))
}

/// [`find`] of integers spanning a range at most a few times their count
/// (keys numbered `til n`, dates): a slot per value in the range holds
/// the first position, so neither side is hashed. `None` for a wider
/// range, or few probes, which the other ways serve better.
fn dense_first_positions<T: Copy + Into<i64>>(
    items: &[T],
    probes: &[T],
    n: i64,
) -> Option<Vec<i64>> {
    if probes.len() <= 16 || items.is_empty() {
        return None;
    }
    let (lo, hi) = items.iter().fold((i64::MAX, i64::MIN), |(lo, hi), &x| {
        let x = x.into();
        (lo.min(x), hi.max(x))
    });
    let span = (hi as i128 - lo as i128) as u128;
    if span >= (4 * items.len() as u128).max(1024) {
        return None;
    }
    let mut slots = vec![n; span as usize + 1];
    // Last to first, so the first of equal items keeps its slot.
    for (i, &x) in items.iter().enumerate().rev() {
        slots[(x.into() - lo) as usize] = i as i64;
    }
    Some(
        probes
            .iter()
            .map(|&p| {
                let d = p.into() as i128 - lo as i128;
                if (0..=span as i128).contains(&d) {
                    slots[d as usize]
                } else {
                    n
                }
            })
            .collect(),
    )
}

/// The first position in `items` where `hit` holds, testing 16 items at
/// a time without branching so that the tests vectorize.
fn scan<T: Copy>(items: &[T], hit: impl Fn(T) -> bool) -> Option<usize> {
    let mut base = 0;
    for chunk in items.chunks(16) {
        if chunk.iter().fold(false, |any, &x| any | hit(x)) {
            return chunk.iter().position(|&x| hit(x)).map(|i| base + i);
        }
        base += chunk.len();
    }
    None
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
                    scan(items, |x| word(x) == w).map_or(n, |i| i as i64)
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
        (Data::I16(a), Data::I16(b)) => {
            dense_first_positions(a, b, n).unwrap_or_else(|| first_positions(a, b, |x| x as u64, n))
        }
        (Data::I32(a), Data::I32(b)) => {
            dense_first_positions(a, b, n).unwrap_or_else(|| first_positions(a, b, |x| x as u64, n))
        }
        (Data::I64(a), Data::I64(b)) => {
            dense_first_positions(a, b, n).unwrap_or_else(|| first_positions(a, b, |x| x as u64, n))
        }
        (Data::F64(a), Data::F64(b)) => first_positions(a, b, float_word, n),
        (Data::F32(a), Data::F32(b)) => first_positions(a, b, |x| float_word(x as f64), n),
        (Data::Sym(a), Data::Sym(b)) if b.len() <= 16 => b
            .iter()
            .map(|p| a.iter().position(|s| s == p).map_or(n, |i| i as i64))
            .collect(),
        (Data::Sym(a), Data::Sym(b)) => {
            let mut map: HashMap<&[u8], i64, Fast> =
                HashMap::with_capacity_and_hasher(a.len(), Fast::default());
            for (i, s) in a.iter().enumerate() {
                map.entry(s).or_insert(i as i64);
            }
            b.iter().map(|p| map.get(p).copied().unwrap_or(n)).collect()
        }
        (Data::Guid(a), Data::Guid(b)) => {
            let mut map: HashMap<[u8; 16], i64, Fast> =
                HashMap::with_capacity_and_hasher(a.len(), Fast::default());
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

    #[test]
    fn short_symbols_group_as_their_text_does() {
        let syms = |items: &[&str]| vector(K::syms(items.iter().copied().collect()));
        // All of at most 7 bytes (words), and one of 8 (text).
        let short = ["abcdefg", "a", "", "a", "abcdefg", "ab", "b"];
        let mut long = short.to_vec();
        long.push("abcdefgh");
        for items in [&short[..], &long[..]] {
            let g = groups(&syms(items));
            let text = number_keys(items.iter().map(|s| s.as_bytes()));
            assert_eq!((&g.ids, &g.firsts), (&text.ids, &text.firsts));
        }
        assert_eq!(groups(&syms(&short)).ids, [0, 1, 2, 1, 0, 3, 4]);
    }

    fn vector(k: K) -> Vector {
        match k {
            K::Vector(v) => (*v).clone(),
            _ => panic!("a vector"),
        }
    }

    #[test]
    fn a_few_probes_are_found_by_scanning_in_blocks() {
        // Repeated keys wider than any slot range, probed by fewer than 17
        // items: first positions in, at the end of and past a block of 16.
        let keys: Vec<i64> = (0..100).map(|i| (i % 40) * 1_000_000_007).collect();
        let probes: Vec<i64> = vec![
            0,
            15 * 1_000_000_007,
            16 * 1_000_000_007,
            39 * 1_000_000_007,
            5,
        ];
        let found = find(&vector(K::longs(keys)), &vector(K::longs(probes))).expect("longs");
        assert_eq!(found, vec![0, 15, 16, 39, 100]);
        let syms = vector(K::syms(["a", "b", "c", "b"].into_iter().collect()));
        let probes = vector(K::syms(["b", "z"].into_iter().collect()));
        assert_eq!(find(&syms, &probes), Some(vec![1, 4]));
    }

    #[test]
    fn finding_by_slots_agrees_with_finding_by_hashing() {
        // Keys in a narrow range, repeated, with probes below, inside and
        // above it: the first position of each, or the count.
        let keys: Vec<i64> = (0..500).map(|i| 1000 + (i * 7919) % 300).collect();
        let probes: Vec<i64> = (0..400).map(|i| 950 + (i * 31) % 400).collect();
        let n = keys.len() as i64;
        let by_slots = dense_first_positions(&keys, &probes, n).expect("a narrow range");
        let by_scan: Vec<i64> = probes
            .iter()
            .map(|p| keys.iter().position(|k| k == p).map_or(n, |i| i as i64))
            .collect();
        assert_eq!(by_slots, by_scan);
        // A null (the least long) among the keys makes the range too wide.
        let mut with_null = keys.clone();
        with_null.push(i64::MIN);
        assert!(dense_first_positions(&with_null, &probes, n + 1).is_none());
    }

    #[test]
    fn word_hashes_spread_keys_that_differ_only_in_high_bits() {
        // Hash tables index by the low bits: keys alike there (longs that
        // are multiples of 2^40, symbols sharing their first letters) must
        // still land in different buckets.
        let low_bits = |h: &dyn Fn(&mut WordHasher)| {
            let mut w = WordHasher::default();
            h(&mut w);
            w.finish() & 1023
        };
        let longs: std::collections::HashSet<u64> = (0..1024u64)
            .map(|i| low_bits(&|w| w.write_u64(i << 40)))
            .collect();
        assert!(longs.len() > 600, "{} buckets of 1024", longs.len());
        let names: std::collections::HashSet<u64> = (0..1024u32)
            .map(|i| {
                let name = format!("abcdef{:04}", i);
                low_bits(&|w| w.write(name.as_bytes()))
            })
            .collect();
        assert!(names.len() > 600, "{} buckets of 1024", names.len());
    }

    #[test]
    fn distinct_items_keep_first_appearances_narrow_or_wide() {
        let firsts = |v: Vec<i64>| match distinct_items(&vector(K::longs(v))) {
            Some(Data::I64(d)) => d,
            _ => panic!("longs"),
        };
        // A narrow range (bits), with nulls and negatives.
        assert_eq!(
            firsts(vec![5, -3, 5, i64::MIN, -3, 0, i64::MIN]),
            [5, -3, i64::MIN, 0]
        );
        assert_eq!(firsts(vec![2, 1, 2, 0]), [2, 1, 0]);
        // A range wider than the bits allowed, and one that overflows.
        assert_eq!(firsts(vec![1 << 40, 7, 1 << 40, 7]), [1 << 40, 7]);
        assert_eq!(
            firsts(vec![i64::MAX, i64::MIN + 1, i64::MAX]),
            [i64::MAX, i64::MIN + 1]
        );
        assert_eq!(firsts(vec![]), Vec::<i64>::new());
        let floats = distinct_items(&vector(K::floats(vec![f64::NAN, -0.0, 0.0, f64::NAN, 1.5])));
        assert!(
            matches!(floats, Some(Data::F64(d)) if d.len() == 3 && d[0].is_nan() && d[2] == 1.5)
        );
    }

    #[test]
    fn groups_of_narrow_and_wide_ranges_agree() {
        let items: Vec<i64> = (0..5000).map(|i| (i * 7919) % 613 - 300).collect();
        let narrow = number_in_range(&items).expect("narrow");
        let hashed = number(&items, |x| x as u64);
        assert_eq!((narrow.ids, narrow.firsts), (hashed.ids, hashed.firsts));
        assert!(number_in_range(&[0i64, 1 << 40]).is_none());
        assert!(number_in_range(&[i64::MIN, i64::MAX]).is_none());
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
