//! Symbols: the interned-by-value byte strings of q, as atoms and as packed vectors.

use std::borrow::Borrow;
use std::cell::OnceCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::rc::Rc;

/// A symbol atom's text. q symbols are byte strings (UTF-8 by convention, never
/// validated), so the text is kept as bytes and shared cheaply.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(Rc<[u8]>);

impl Sym {
    /// A symbol holding `bytes`.
    pub fn new(bytes: &[u8]) -> Sym {
        Sym(Rc::from(bytes))
    }

    /// A symbol holding `bytes`, shared with the last symbol of the same
    /// text seen here when there is one: a decoder that meets the same few
    /// names in every message (`` `upd ``, table names, tickers) then
    /// allocates nothing for them.
    pub fn shared(bytes: &[u8]) -> Sym {
        const SLOTS: usize = 1024;
        thread_local! {
            static RECENT: std::cell::RefCell<Vec<Option<Sym>>> =
                std::cell::RefCell::new(vec![None; SLOTS]);
        }
        if bytes.len() > 32 {
            return Sym::new(bytes);
        }
        let mut h = bytes.len() as u64;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h ^ u64::from_le_bytes(word)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
        let slot = (h >> 54) as usize % SLOTS;
        RECENT
            .try_with(|recent| {
                let mut recent = recent.borrow_mut();
                match &recent[slot] {
                    Some(s) if *s.0 == *bytes => s.clone(),
                    _ => {
                        let s = Sym::new(bytes);
                        recent[slot] = Some(s.clone());
                        s
                    }
                }
            })
            .unwrap_or_else(|_| Sym::new(bytes))
    }

    /// The null symbol `` ` ``.
    pub fn null() -> Sym {
        Sym::new(b"")
    }

    /// The symbol's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The symbol as text, replacing invalid UTF-8.
    pub fn to_str_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }

    /// Whether this is the null symbol.
    pub fn is_null(&self) -> bool {
        self.0.is_empty()
    }
}

impl Deref for Sym {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Borrow<[u8]> for Sym {
    fn borrow(&self) -> &[u8] {
        &self.0
    }
}

impl From<&str> for Sym {
    fn from(s: &str) -> Sym {
        Sym::new(s.as_bytes())
    }
}

impl From<&[u8]> for Sym {
    fn from(s: &[u8]) -> Sym {
        Sym::new(s)
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}", self.to_str_lossy())
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_str_lossy())
    }
}

/// A symbol vector packed the way it travels on the wire: every item's bytes
/// followed by a NUL, back to back, plus the offset just past each item's text.
///
/// Keeping the wire layout makes encoding a single copy and decoding a
/// count of NULs plus a copy, with no allocation per symbol. Where each item
/// ends is found the first time an item is read, so a vector that is only
/// passed on, saved or sent back is never indexed.
#[derive(Clone, Default)]
pub struct SymVec {
    /// Item texts, each terminated by NUL.
    data: Vec<u8>,
    /// Number of items: the NULs in `data`.
    len: usize,
    /// `ends[i]` is the offset of item i's terminating NUL in `data`, once
    /// an item has been read.
    ends: OnceCell<Vec<usize>>,
}

impl PartialEq for SymVec {
    /// The same items in the same order: the same packed bytes.
    fn eq(&self, other: &SymVec) -> bool {
        self.data == other.data
    }
}

impl Eq for SymVec {}

impl Hash for SymVec {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.data.hash(state);
    }
}

impl SymVec {
    /// An empty symbol vector.
    pub fn new() -> SymVec {
        SymVec::with_capacity(0, 0)
    }

    /// An empty vector with room for `n` items of about `bytes` total text.
    pub fn with_capacity(n: usize, bytes: usize) -> SymVec {
        SymVec {
            data: Vec::with_capacity(bytes + n),
            len: 0,
            ends: OnceCell::from(Vec::with_capacity(n)),
        }
    }

    /// Builds a vector from already NUL-terminated packed bytes.
    ///
    /// Returns `None` when `data` does not end in NUL (an item would be
    /// unterminated) or holds a different number of items than `n`.
    pub fn from_packed(data: Vec<u8>, n: usize) -> Option<SymVec> {
        if data.last().is_some_and(|&b| b != 0) || end_of_nuls(&data, n) != Some(data.len()) {
            return None;
        }
        Some(SymVec {
            data,
            len: n,
            ends: OnceCell::new(),
        })
    }

    /// The first `n` NUL-terminated items at the start of `bytes`, copied
    /// out in one count and one copy; `None` when `bytes` holds fewer.
    pub fn take_packed(bytes: &[u8], n: usize) -> Option<SymVec> {
        let len = end_of_nuls(bytes, n)?;
        Some(SymVec {
            data: bytes[..len].to_vec(),
            len: n,
            ends: OnceCell::new(),
        })
    }

    /// The packed NUL-terminated bytes, exactly as serialized.
    pub fn packed(&self) -> &[u8] {
        &self.data
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the vector has no items.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where each item ends, found on first use.
    fn ends(&self) -> &[usize] {
        self.ends
            .get_or_init(|| nul_positions(&self.data, self.len))
    }

    fn ends_mut(&mut self) -> &mut Vec<usize> {
        if self.ends.get().is_none() {
            let _ = self.ends.set(nul_positions(&self.data, self.len));
        }
        match self.ends.get_mut() {
            Some(ends) => ends,
            None => unreachable!("set just above"),
        }
    }

    /// Item `i`'s bytes (without the NUL).
    ///
    /// # Panics
    /// When `i` is out of range.
    pub fn get(&self, i: usize) -> &[u8] {
        let ends = self.ends();
        let start = if i == 0 { 0 } else { ends[i - 1] + 1 };
        &self.data[start..ends[i]]
    }

    /// Item `i` as a symbol atom.
    pub fn sym(&self, i: usize) -> Sym {
        Sym::new(self.get(i))
    }

    /// Appends an item. Bytes after an embedded NUL are dropped, as q does when
    /// it makes a symbol from a string containing NUL.
    pub fn push(&mut self, item: &[u8]) {
        let item = match memchr::memchr(0, item) {
            Some(p) => &item[..p],
            None => item,
        };
        self.data.extend_from_slice(item);
        let end = self.data.len();
        self.ends_mut().push(end);
        self.data.push(0);
        self.len += 1;
    }

    /// Replaces item `i` with `item` (up to any NUL in it), moving the
    /// items after it when the lengths differ.
    ///
    /// # Panics
    /// When `i` is out of range.
    pub fn set(&mut self, i: usize, item: &[u8]) {
        let item = match memchr::memchr(0, item) {
            Some(p) => &item[..p],
            None => item,
        };
        let ends = self.ends_mut();
        let start = if i == 0 { 0 } else { ends[i - 1] + 1 };
        let end = ends[i];
        let grow = item.len() as isize - (end - start) as isize;
        if grow != 0 {
            for e in &mut ends[i..] {
                *e = (*e as isize + grow) as usize;
            }
        }
        self.data.splice(start..end, item.iter().copied());
    }

    /// Iterates over item bytes.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        let ends = self.ends();
        (0..self.len).map(move |i| {
            let start = if i == 0 { 0 } else { ends[i - 1] + 1 };
            &self.data[start..ends[i]]
        })
    }

    /// The items at `idx`, the null symbol where an index is out of
    /// range: each item's text copied once, with no search for NULs.
    pub fn pick(&self, idx: &[i64]) -> SymVec {
        self.picked(idx.len(), |r| (self, idx[r]))
    }

    /// Item `r` is `other`'s item `from[r]` where that is one of its
    /// items, else this vector's item `r`: one table's column updated
    /// from another's rows, with no vector in between.
    pub fn merged(&self, other: &SymVec, from: &[i64]) -> SymVec {
        self.picked(from.len(), |r| match from[r] {
            f if (f as u64) < other.len as u64 => (other, f),
            _ => (self, r as i64),
        })
    }

    /// `n` items, item `r` being item `at(r).1` of vector `at(r).0` (the
    /// null symbol when out of range).
    fn picked<'a>(&'a self, n: usize, at: impl Fn(usize) -> (&'a SymVec, i64)) -> SymVec {
        let per_item = self.data.len().checked_div(self.len).unwrap_or(1);
        let mut data = Vec::with_capacity(n * per_item);
        let mut picked_ends = Vec::with_capacity(n);
        for r in 0..n {
            let (v, i) = at(r);
            if (i as u64) < v.len as u64 {
                data.extend_from_slice(v.get(i as usize));
            }
            picked_ends.push(data.len());
            data.push(0);
        }
        SymVec {
            data,
            len: n,
            ends: OnceCell::from(picked_ends),
        }
    }

    /// Appends every item of `other`.
    pub fn extend_from(&mut self, other: &SymVec) {
        let base = self.data.len();
        let more = other.ends();
        self.ends_mut().extend(more.iter().map(|e| e + base));
        self.data.extend_from_slice(&other.data);
        self.len += other.len;
    }
}

impl<'a> FromIterator<&'a [u8]> for SymVec {
    fn from_iter<I: IntoIterator<Item = &'a [u8]>>(iter: I) -> SymVec {
        let mut v = SymVec::new();
        for s in iter {
            v.push(s);
        }
        v
    }
}

impl<'a> FromIterator<&'a str> for SymVec {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> SymVec {
        iter.into_iter().map(str::as_bytes).collect()
    }
}

impl fmt::Debug for SymVec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in self.iter() {
            write!(f, "`{}", String::from_utf8_lossy(s))?;
        }
        Ok(())
    }
}

/// The high bit of each byte of the result is set exactly where that byte of
/// `w` is 0 (no carries cross bytes, unlike `w - 0x01..`).
#[inline]
fn zero_bytes(w: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((w & LOW7).wrapping_add(LOW7)) | w | LOW7)
}

/// The offset just past the `n`th NUL of `bytes` (0 for none), or `None`
/// when there are fewer. Whole 64-byte blocks are skipped while the NULs
/// wanted lie beyond them, counted by a loop the compiler vectorizes; the
/// block holding the last one is searched a word at a time.
fn end_of_nuls(bytes: &[u8], n: usize) -> Option<usize> {
    const BLOCK: usize = 64;
    let mut left = n;
    let mut skipped = 0;
    for block in bytes.chunks_exact(BLOCK) {
        let here = block.iter().fold(0u8, |acc, &b| acc + u8::from(b == 0));
        if usize::from(here) >= left {
            break;
        }
        left -= usize::from(here);
        skipped += BLOCK;
    }
    end_of_nuls_by_words(&bytes[skipped..], left).map(|end| skipped + end)
}

/// [`end_of_nuls`] a word at a time, nothing recorded.
fn end_of_nuls_by_words(bytes: &[u8], n: usize) -> Option<usize> {
    if n == 0 {
        return Some(0);
    }
    let mut left = n;
    let mut words = bytes.chunks_exact(8);
    for (i, w) in words.by_ref().enumerate() {
        let mut zeros = zero_bytes(u64::from_le_bytes(w.try_into().ok()?));
        let here = zeros.count_ones() as usize;
        if here >= left {
            for _ in 1..left {
                zeros &= zeros - 1;
            }
            return Some(i * 8 + (zeros.trailing_zeros() / 8) as usize + 1);
        }
        left -= here;
    }
    let base = bytes.len() - words.remainder().len();
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == 0 {
            left -= 1;
            if left == 0 {
                return Some(base + i + 1);
            }
        }
    }
    None
}

/// The offsets of the first `most` NUL bytes of `bytes`, found a word at a
/// time: symbols are short, so a call per item (as `memchr` would make)
/// costs more than the scan itself.
fn nul_positions(bytes: &[u8], most: usize) -> Vec<usize> {
    let mut ends: Vec<usize> = Vec::with_capacity(most.min(bytes.len()));
    let room = ends.capacity().min(most);
    let out = &mut ends.spare_capacity_mut()[..room];
    let mut found = 0;
    let mut words = bytes.chunks_exact(8);
    let mut base = 0;
    'scan: {
        for w in words.by_ref() {
            let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
            let mut zeros = zero_bytes(w);
            while zeros != 0 {
                let Some(slot) = out.get_mut(found) else {
                    break 'scan;
                };
                slot.write(base + (zeros.trailing_zeros() / 8) as usize);
                found += 1;
                zeros &= zeros - 1;
            }
            base += 8;
        }
        for (i, &b) in words.remainder().iter().enumerate() {
            if b == 0 {
                let Some(slot) = out.get_mut(found) else {
                    break 'scan;
                };
                slot.write(base + i);
                found += 1;
            }
        }
    }
    // SAFETY: the first `found` slots were written above.
    unsafe { ends.set_len(found) };
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picked_and_merged_items_keep_the_packed_layout() {
        let v: SymVec = ["ab", "", "c"].into_iter().collect();
        let w: SymVec = ["x", "yy"].into_iter().collect();
        // Out of range, either way, is the null symbol.
        let p = v.pick(&[2, 0, -1, 3, 1, 0]);
        assert_eq!(p.packed(), b"c\0ab\0\0\0\0ab\0");
        assert_eq!(p.len(), 6);
        assert_eq!(p.get(1), b"ab");
        let m = v.merged(&w, &[1, -1, 0]);
        assert_eq!(m.iter().collect::<Vec<_>>(), [&b"yy"[..], b"", b"x"]);
        assert_eq!(m, ["yy", "", "x"].into_iter().collect::<SymVec>());
        assert_eq!(v.merged(&w, &[5, -1, -1]), v);
    }

    #[test]
    fn an_item_is_replaced_by_a_longer_or_shorter_one() {
        let mut v: SymVec = ["a", "bb", "c"].into_iter().collect();
        v.set(1, b"xyz");
        assert_eq!(v.iter().collect::<Vec<_>>(), [&b"a"[..], b"xyz", b"c"]);
        v.set(0, b"");
        v.set(2, b"dd\0ignored");
        assert_eq!(v.iter().collect::<Vec<_>>(), [&b""[..], b"xyz", b"dd"]);
        assert_eq!(v.packed(), b"\0xyz\0dd\0");
        let w: SymVec = ["", "xyz", "dd"].into_iter().collect();
        assert_eq!(v, w);
    }

    #[test]
    fn packed_layout_matches_wire() {
        let v: SymVec = ["a", "", "bc"].into_iter().collect();
        assert_eq!(v.packed(), b"a\0\0bc\0");
        assert_eq!(v.len(), 3);
        assert_eq!(v.get(1), b"");
        assert_eq!(v.get(2), b"bc");
    }

    #[test]
    fn take_packed_finds_the_end_of_the_nth_symbol() {
        // Lengths 0..69 cross word boundaries every way; bytes 1 and 0xff
        // next to a NUL must not be taken for one.
        let mut packed = Vec::new();
        let mut ends = Vec::new();
        for i in 0..300 {
            packed.extend((0..i % 70).map(|j| [b'a', 1, 0xff, 0x80][j % 4]));
            packed.push(0);
            ends.push(packed.len());
        }
        for (i, &end) in ends.iter().enumerate() {
            let v = SymVec::take_packed(&packed, i + 1).expect("enough symbols");
            assert_eq!(v.packed().len(), end, "symbol {i}");
            assert_eq!(v.get(i).len(), i % 70, "symbol {i}");
        }
        assert!(SymVec::take_packed(&packed, ends.len() + 1).is_none());
        assert!(SymVec::take_packed(b"abc", 1).is_none());
        assert_eq!(SymVec::take_packed(&[0; 64], 64).unwrap().len(), 64);
        assert!(SymVec::take_packed(b"", 0).unwrap().is_empty());
        let all = SymVec::from_packed(packed.clone(), 300).unwrap();
        assert_eq!(all.packed(), &packed[..]);
    }

    #[test]
    fn from_packed_rejects_missing_terminator_or_wrong_count() {
        assert!(SymVec::from_packed(b"a\0b".to_vec(), 2).is_none());
        assert!(SymVec::from_packed(b"a\0b\0".to_vec(), 3).is_none());
        let v = SymVec::from_packed(b"a\0b\0".to_vec(), 2).unwrap();
        assert_eq!(v.get(1), b"b");
        assert!(SymVec::from_packed(Vec::new(), 0).unwrap().is_empty());
    }

    #[test]
    fn a_received_vector_reads_appends_and_compares_as_a_built_one() {
        let built: SymVec = ["ibm", "", "msft"].into_iter().collect();
        let mut got = SymVec::take_packed(b"ibm\0\0msft\0rest", 3).unwrap();
        assert_eq!(got.len(), 3);
        // Equal before and after its items are first read.
        assert_eq!(got, built);
        assert_eq!(got.iter().collect::<Vec<_>>(), [&b"ibm"[..], b"", b"msft"]);
        assert_eq!(got, built);
        let mut fresh = SymVec::take_packed(b"a\0", 1).unwrap();
        fresh.push(b"b");
        assert_eq!(fresh.get(1), b"b");
        got.extend_from(&fresh);
        assert_eq!(got.len(), 5);
        assert_eq!(got.get(4), b"b");
        assert_eq!(got.packed(), b"ibm\0\0msft\0a\0b\0");
    }

    #[test]
    fn end_of_nuls_counts_across_words() {
        let bytes = b"abcdefg\0\0\0abcdefghijk\0x\0";
        assert_eq!(end_of_nuls(bytes, 0), Some(0));
        assert_eq!(end_of_nuls(bytes, 1), Some(8));
        assert_eq!(end_of_nuls(bytes, 3), Some(10));
        assert_eq!(end_of_nuls(bytes, 4), Some(22));
        assert_eq!(end_of_nuls(bytes, 5), Some(24));
        assert_eq!(end_of_nuls(bytes, 6), None);
        // Whole blocks of NULs skipped, the last one found in the block
        // after them or in the tail past the last whole block.
        let nuls = [0u8; 130];
        assert_eq!(end_of_nuls(&nuls, 64), Some(64));
        assert_eq!(end_of_nuls(&nuls, 65), Some(65));
        assert_eq!(end_of_nuls(&nuls, 129), Some(129));
        assert_eq!(end_of_nuls(&nuls, 130), Some(130));
        assert_eq!(end_of_nuls(&nuls, 131), None);
    }

    #[test]
    fn push_truncates_at_nul() {
        let mut v = SymVec::new();
        v.push(b"ab\0cd");
        assert_eq!(v.get(0), b"ab");
        assert_eq!(v.packed(), b"ab\0");
    }
}
