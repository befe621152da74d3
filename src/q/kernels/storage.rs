//! kdb+ data files as bytes: the layouts `set` writes and `get` reads, with
//! no I/O. Three layouts exist, told apart by their first two bytes:
//!
//! - `ff 01`: any value, serialized as in IPC but with no message header
//!   (atoms, symbol vectors, general lists, dictionaries, tables, the `.d`
//!   and `sym` files). A symbol vector's count may be 0, meaning "all the
//!   NUL-terminated names that follow".
//! - `fe 20`: a simple vector ready to map: type at byte 2, attribute at 3,
//!   count (8 bytes) at 8, items from byte 16.
//! - `fd 20`: a 4096-byte header, with an enumeration's domain name from
//!   byte 16, and the vector header at 4080 (type at 4082, attribute at
//!   4083, count at 4088); items from byte 4096. Enumerations hold 8-byte
//!   indices.
//!
//! Before kdb+ 3.6 a nested column of simple vectors of one type (strings,
//! say) was two files: `col`, of type 77+t, holding each item's end offset
//! (8 bytes) into `col#`, a simple vector of type t holding all the items
//! end to end. That layout is read, not written.
//!
//! kdb+ 3.6 and later write general lists ("anymap", type 77) instead, and
//! so does `encode` for a list of atoms and vectors other than symbols:
//! `col` has the long header with type 77 (or 77+t) at 4082 and 01 at
//! 4081, then one 8-byte entry per item: the item's offset into the items
//! of `col#` (low 7 bytes) and its form (high byte). `col#` has the long
//! header with a byte vector's, then the items. An item of form 1 is short:
//! a vector as type+127, count (1 byte), items; an atom as 127-type, then
//! its value. An item of form 0 has a 16-byte header at an 8-byte boundary
//! (`fb 00`, type, attribute, 4 bytes, count at 8), then its items, or for
//! a general list (type 0 or 77 up) entries like `col`'s. A count of 0 in
//! `col` means as many entries as the file holds. Symbols, enumerated
//! against `col##`, and lists nested deeper are neither read nor written
//! here (`encode` serializes such lists).

use std::rc::Rc;

use crate::ipc::{decode_object, encode_object};
use crate::k::{Attr, Data, K, List, QError, Sym, SymVec, Type, Vector, qerr};

/// The mark of a serialized (`ff 01`) file.
const SERIAL: [u8; 2] = [0xff, 0x01];
/// The mark of a mappable simple vector.
const MAPPABLE: [u8; 2] = [0xfe, 0x20];
/// The mark of a file with the long header (enumerations).
const LONG_HEADER: [u8; 2] = [0xfd, 0x20];
/// Bytes before the items of a mappable vector.
pub const SHORT_LEN: usize = 16;
/// Bytes before the items of a long-header file.
const LONG_LEN: usize = 4096;
/// Where an enumeration's domain name starts in a long header.
const DOMAIN_AT: usize = 16;
/// Type codes of nested columns: 77 + the item type.
const NESTED_BASE: u8 = 77;
/// Byte 1 of the vector header of an anymap file's entries.
const ANYMAP_MARK: u8 = 0x01;
/// The offset of a short item's type code from 127 (vectors above, atoms
/// below).
const SHORT_TYPE_BASE: u8 = 0x7f;
/// The first byte of a long item's header.
const LONG_ITEM_MARK: u8 = 0xfb;
/// The form byte of a short anymap item's entry.
const SHORT_FORM: u64 = 1 << 56;
/// How deep general lists may nest in an anymap file.
const ANYMAP_DEPTH: usize = 64;

/// What a data file holds once its bytes are read.
#[derive(Debug, PartialEq)]
pub enum Stored {
    /// A value complete in itself.
    Value(K),
    /// An enumeration whose symbols live in the variable `domain`.
    Enum {
        /// The domain's name, e.g. `sym`.
        domain: Sym,
        /// The attribute.
        attr: Attr,
        /// Index of each item in the domain.
        indices: Vec<i64>,
    },
    /// A general list in kdb+ 4's layout: each entry locates an item in
    /// the companion `#` file (see [`anymap_items`]).
    Anymap {
        /// One entry per item.
        entries: Vec<u64>,
    },
    /// A nested column: the items are in the companion `#` file.
    Nested {
        /// The type of each item.
        item: Type,
        /// Each item's end offset into the companion file's vector.
        ends: Vec<i64>,
    },
}

/// The bytes of a data file, and of its companion `#` file for a nested
/// column.
#[derive(Debug, PartialEq)]
pub struct Image {
    /// The file itself.
    pub main: Vec<u8>,
    /// The `#` file, for a nested column.
    pub companion: Option<Vec<u8>>,
}

/// Whether `x` can be a column of a splayed table: a simple vector, an
/// enumeration, or a list of atoms and simple vectors (not symbols).
pub fn is_splayable(x: &K) -> bool {
    match x {
        K::Vector(v) => v.ty != Type::Symbol,
        K::Enum(e) => !e.atom,
        K::List(l) => l.items.is_empty() || is_anymap(l),
        _ => false,
    }
}

/// Whether `l` is written in the anymap layout: a non-empty list of atoms
/// and vectors of simple types other than symbol.
fn is_anymap(l: &List) -> bool {
    !l.items.is_empty()
        && l.items.iter().all(|item| match item {
            K::Atom(t, _) => *t != Type::Symbol,
            K::Vector(v) => v.ty != Type::Symbol,
            _ => false,
        })
}

/// The file image of `x`: a mappable vector, an enumeration with the long
/// header, a list of atoms and vectors in the anymap layout with its
/// companion, or else the serialized value. Attributes that need an index on disk (`u# p# g#`) are not
/// written; `s#` is.
///
/// # Errors
/// `'type` for a value that cannot be serialized (an error object).
pub fn encode(x: &K) -> Result<Image, QError> {
    let main = match x {
        K::Vector(v) if v.ty != Type::Symbol => mappable(v.ty as u8, disk_attr(v.attr), &v.data),
        K::Enum(e) if !e.atom => {
            let mut out = vec![0u8; LONG_LEN];
            out[..2].copy_from_slice(&LONG_HEADER);
            let name = e.domain.as_bytes();
            let n = name.len().min(LONG_LEN - SHORT_LEN - DOMAIN_AT - 1);
            out[DOMAIN_AT..DOMAIN_AT + n].copy_from_slice(&name[..n]);
            let h = LONG_LEN - SHORT_LEN;
            out[h] = LONG_HEADER[0];
            out[h + 2] = 20;
            out[h + 3] = disk_attr(e.attr);
            out[h + 8..h + 16].copy_from_slice(&(e.indices.len() as u64).to_le_bytes());
            out.reserve(e.indices.len() * 8);
            out.extend_from_slice(bytemuck::cast_slice(&e.indices));
            out
        }
        K::List(l) if is_anymap(l) => return Ok(anymap(l)),
        _ => {
            let mut out = SERIAL.to_vec();
            encode_object(x, &mut out).map_err(|_| qerr("type"))?;
            out
        }
    };
    Ok(Image {
        main,
        companion: None,
    })
}

/// The file image of a splayed table's column or `.d`: as [`encode`], but
/// with the count in the header left 0 when no attribute is set, as kdb+
/// leaves it in every such file (tests/golden/kdb); readers take the count
/// from the file's length.
///
/// # Errors
/// As [`encode`].
pub fn encode_column(x: &K) -> Result<Image, QError> {
    let mut img = encode(x)?;
    let m = &mut img.main;
    let h = LONG_LEN - SHORT_LEN;
    match [m[0], m[1]] {
        MAPPABLE if m[3] == 0 => m[8..16].fill(0),
        LONG_HEADER if m[h + 3] == 0 => m[h + 8..LONG_LEN].fill(0),
        SERIAL if m[2] == Type::Symbol as u8 && m[3] == 0 => m[4..8].fill(0),
        _ => {}
    }
    Ok(img)
}

/// Only `s#` lives in a file's header alone.
fn disk_attr(a: Attr) -> u8 {
    match a {
        Attr::Sorted => Attr::Sorted as u8,
        _ => 0,
    }
}

/// A mappable vector: the 16-byte header, then the items.
fn mappable(ty: u8, attr: u8, data: &Data) -> Vec<u8> {
    let bytes = item_bytes(data);
    let mut out = Vec::with_capacity(SHORT_LEN + bytes.len());
    out.extend_from_slice(&MAPPABLE);
    out.extend_from_slice(&[ty, attr, 0, 0, 0, 0]);
    out.extend_from_slice(&(data.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
    out
}

/// The items of a simple vector as the little-endian bytes q stores.
fn item_bytes(data: &Data) -> &[u8] {
    match data {
        Data::U8(v) => v,
        Data::Guid(v) => bytemuck::cast_slice(v),
        Data::I16(v) => bytemuck::cast_slice(v),
        Data::I32(v) => bytemuck::cast_slice(v),
        Data::I64(v) => bytemuck::cast_slice(v),
        Data::F32(v) => bytemuck::cast_slice(v),
        Data::F64(v) => bytemuck::cast_slice(v),
        Data::Sym(v) => v.packed(),
    }
}

/// The most bytes of items a short anymap item holds.
const SHORT_ITEM_MAX: usize = 0x5f;

/// A list in the anymap layout: `col` with an entry per item, `col#` with
/// the items. Short items are packed; long ones start at 8-byte
/// boundaries. Counts in the headers are left 0, as kdb+ leaves them.
fn anymap(l: &List) -> Image {
    let mut main = vec![0u8; LONG_LEN];
    main[..2].copy_from_slice(&LONG_HEADER);
    let h = LONG_LEN - SHORT_LEN;
    main[h..h + 3].copy_from_slice(&[LONG_HEADER[0], ANYMAP_MARK, NESTED_BASE]);
    main.reserve(l.items.len() * 8);
    let mut heap = vec![0u8; LONG_LEN];
    heap[..2].copy_from_slice(&LONG_HEADER);
    heap[h] = LONG_HEADER[0];
    heap[h + 2] = Type::Byte as u8;
    for item in &l.items {
        let at = (heap.len() - LONG_LEN) as u64;
        let entry = match item {
            K::Atom(t, x) => {
                heap.push(SHORT_TYPE_BASE - *t as u8);
                heap.extend_from_slice(item_bytes(&Data::repeat(*t, x, 1)));
                SHORT_FORM | at
            }
            K::Vector(v) => {
                let b = item_bytes(&v.data);
                if b.len() <= SHORT_ITEM_MAX && v.attr == Attr::None {
                    heap.extend_from_slice(&[SHORT_TYPE_BASE + v.ty as u8, v.data.len() as u8]);
                    heap.extend_from_slice(b);
                    SHORT_FORM | at
                } else {
                    heap.resize(LONG_LEN + (heap.len() - LONG_LEN).next_multiple_of(8), 0);
                    let at = (heap.len() - LONG_LEN) as u64;
                    heap.extend_from_slice(&[LONG_ITEM_MARK, 0, v.ty as u8, disk_attr(v.attr)]);
                    heap.extend_from_slice(&1u32.to_le_bytes());
                    heap.extend_from_slice(&(v.data.len() as u64).to_le_bytes());
                    heap.extend_from_slice(b);
                    at
                }
            }
            // `is_anymap` admits nothing else.
            _ => continue,
        };
        main.extend_from_slice(&entry.to_le_bytes());
    }
    Image {
        main,
        companion: Some(heap),
    }
}

/// Reads a data file's bytes.
///
/// # Errors
/// `'type` when the bytes are not a kdb+ data file, `'length` when the
/// file is shorter than its header says.
pub fn decode(bytes: &[u8]) -> Result<Stored, QError> {
    if bytes.len() < 2 {
        return Err(qerr("type"));
    }
    match [bytes[0], bytes[1]] {
        SERIAL => serialized(bytes),
        MAPPABLE => vector_at(bytes, 0, SHORT_LEN),
        LONG_HEADER => {
            if bytes.len() < LONG_LEN {
                return Err(qerr("length"));
            }
            let h = LONG_LEN - SHORT_LEN;
            match bytes[h + 2] {
                20..=76 => {
                    let name = &bytes[DOMAIN_AT..h];
                    let end = memchr::memchr(0, name).unwrap_or(name.len());
                    let n = count_at(bytes, h + 8, LONG_LEN, 8, bytes[h + 3])?;
                    let indices = read_i64s(&bytes[LONG_LEN..LONG_LEN + n * 8]);
                    Ok(Stored::Enum {
                        domain: Sym::new(&name[..end]),
                        attr: attr_of(bytes[h + 3]),
                        indices,
                    })
                }
                77..=97 if bytes[h + 1] == ANYMAP_MARK => {
                    let n = count_at(bytes, h + 8, LONG_LEN, 8, 0)?;
                    let entries = cast(&bytes[LONG_LEN..LONG_LEN + n * 8], 8);
                    Ok(Stored::Anymap { entries })
                }
                _ => vector_at(bytes, h, LONG_LEN),
            }
        }
        _ => Err(qerr("type")),
    }
}

fn attr_of(b: u8) -> Attr {
    match b {
        1 => Attr::Sorted,
        2 => Attr::Unique,
        3 => Attr::Parted,
        4 => Attr::Grouped,
        _ => Attr::None,
    }
}

/// The number of items a header at `at` gives, checked against the bytes
/// present. A count of 0 with no attribute (or `s#`, which adds nothing
/// after the items) means "as many as the file holds", as kdb+ leaves it.
fn count_at(
    bytes: &[u8],
    at: usize,
    data_at: usize,
    width: usize,
    attr: u8,
) -> Result<usize, QError> {
    let mut raw = [0u8; 8];
    raw.copy_from_slice(&bytes[at..at + 8]);
    items_in(u64::from_le_bytes(raw), bytes.len(), data_at, width, attr)
}

/// [`count_at`] for a header count `n` in a file of `len` bytes.
fn items_in(n: u64, len: usize, data_at: usize, width: usize, attr: u8) -> Result<usize, QError> {
    let room = (len - data_at) / width;
    if n == 0 && attr <= Attr::Sorted as u8 {
        // Then only a whole number of items shows the file is whole.
        if !(len - data_at).is_multiple_of(width) {
            return Err(qerr("length"));
        }
        return Ok(room);
    }
    if n > room as u64 {
        return Err(qerr("length"));
    }
    Ok(n as usize)
}

/// A simple vector file that can be mapped rather than read, from its
/// first 16 bytes and its length: the item type, attribute, number of
/// items, and where they start. `None` for any other kind of file.
///
/// # Errors
/// `'length` when the file is shorter than its header says.
pub fn mappable_layout(
    head: &[u8; SHORT_LEN],
    len: usize,
) -> Result<Option<(Type, Attr, usize, usize)>, QError> {
    if head[..2] != MAPPABLE || len < SHORT_LEN {
        return Ok(None);
    }
    let Some(ty) = Type::from_code(head[2] as i8).filter(|t| *t != Type::Symbol && (*t as u8) >= 1)
    else {
        return Ok(None);
    };
    let mut raw = [0u8; 8];
    raw.copy_from_slice(&head[8..16]);
    let n = items_in(u64::from_le_bytes(raw), len, SHORT_LEN, ty.width(), head[3])?;
    Ok(Some((ty, attr_of(head[3]), n, SHORT_LEN)))
}

/// How many items a column file holds, from its first bytes (up to the
/// long header's 4096) and its length, when its header says: a mappable
/// vector's or an enumeration's. `None` for files that must be decoded
/// to be counted, and for headers that do not fit the file.
pub fn column_count(head: &[u8], len: usize) -> Option<usize> {
    if head.len() >= SHORT_LEN && head[..2] == MAPPABLE {
        let mut short = [0u8; SHORT_LEN];
        short.copy_from_slice(&head[..SHORT_LEN]);
        return mappable_layout(&short, len).ok().flatten().map(|l| l.2);
    }
    if head.len() >= LONG_LEN && head[..2] == LONG_HEADER && len >= LONG_LEN {
        let h = LONG_LEN - SHORT_LEN;
        // Enumerations are types 20 to 76.
        if !(20..77).contains(&head[h + 2]) {
            return None;
        }
        let mut raw = [0u8; 8];
        raw.copy_from_slice(&head[h + 8..h + 16]);
        return items_in(u64::from_le_bytes(raw), len, LONG_LEN, 8, head[h + 3]).ok();
    }
    None
}

/// A simple or nested-column vector whose 16-byte header is at `h` and
/// items at `data_at`.
fn vector_at(bytes: &[u8], h: usize, data_at: usize) -> Result<Stored, QError> {
    if bytes.len() < data_at {
        return Err(qerr("length"));
    }
    let code = bytes[h + 2];
    let attr = bytes[h + 3];
    if code > NESTED_BASE && code <= NESTED_BASE + 19 {
        let item = Type::from_code((code - NESTED_BASE) as i8)
            .filter(|t| *t != Type::Symbol)
            .ok_or_else(|| qerr("type"))?;
        let n = count_at(bytes, h + 8, data_at, 8, attr)?;
        let ends = read_i64s(&bytes[data_at..data_at + n * 8]);
        return Ok(Stored::Nested { item, ends });
    }
    let ty = Type::from_code(code as i8)
        .filter(|t| *t != Type::Symbol && (*t as u8) >= 1)
        .ok_or_else(|| qerr("type"))?;
    let width = ty.width();
    let n = count_at(bytes, h + 8, data_at, width, attr)?;
    let data = typed(ty, &bytes[data_at..data_at + n * width]);
    Ok(Stored::Value(K::Vector(Rc::new(Vector {
        ty,
        attr: attr_of(attr),
        data,
    }))))
}

fn read_i64s(b: &[u8]) -> Vec<i64> {
    cast(b, 8)
}

/// Little-endian items of width `w` copied once into a typed vector.
fn cast<T: bytemuck::Pod + Default + Clone>(b: &[u8], w: usize) -> Vec<T> {
    let n = b.len() / w;
    let mut v = vec![T::default(); n];
    bytemuck::cast_slice_mut(&mut v).copy_from_slice(&b[..n * w]);
    v
}

/// Items of type `ty` copied once from little-endian bytes.
fn typed(ty: Type, b: &[u8]) -> Data {
    let mut d = Data::empty(ty);
    match &mut d {
        Data::U8(v) => v.extend_from_slice(b),
        Data::Guid(v) => {
            *v = b
                .chunks_exact(16)
                .map(|c| {
                    let mut g = [0u8; 16];
                    g.copy_from_slice(c);
                    g
                })
                .collect()
        }
        Data::I16(v) => *v = cast(b, 2),
        Data::I32(v) => *v = cast(b, 4),
        Data::I64(v) => *v = cast(b, 8),
        Data::F32(v) => *v = cast(b, 4),
        Data::F64(v) => *v = cast(b, 8),
        Data::Sym(_) => {}
    }
    d
}

/// An `ff 01` file: a serialized value. A symbol vector is read as all
/// the names that follow, whatever its count says: kdb+ leaves it 0, and
/// enumerating (`.Q.en`, `` `:sym?x ``) adds names to a `sym` file without
/// updating it.
///
/// # Errors
/// `'type` for bytes that are no serialized value, or names cut short.
fn serialized(bytes: &[u8]) -> Result<Stored, QError> {
    if bytes.len() >= 8 && bytes[2] == Type::Symbol as u8 {
        let rest = &bytes[8..];
        if rest.last().is_some_and(|&b| b != 0) {
            return Err(qerr("type"));
        }
        let n = memchr::memchr_iter(0, rest).count();
        let syms = SymVec::from_packed(rest.to_vec(), n).ok_or_else(|| qerr("type"))?;
        return Ok(Stored::Value(K::Vector(Rc::new(Vector {
            ty: Type::Symbol,
            attr: attr_of(bytes[3]),
            data: Data::Sym(syms),
        }))));
    }
    decode_object(bytes, 2)
        .map(Stored::Value)
        .map_err(|_| qerr("type"))
}

/// The items area of an anymap file's `#` companion: the bytes after its
/// long header, which describes a byte vector.
///
/// # Errors
/// `'type` when the bytes are not such a file.
pub fn anymap_heap(bytes: &[u8]) -> Result<&[u8], QError> {
    let h = LONG_LEN - SHORT_LEN;
    if bytes.len() < LONG_LEN || bytes[..2] != LONG_HEADER || bytes[h + 2] != Type::Byte as u8 {
        return Err(qerr("type"));
    }
    Ok(&bytes[LONG_LEN..])
}

/// The items of an anymap file: each entry read from `heap`, the items
/// area of its `#` companion.
///
/// # Errors
/// `'length` for an item that runs past the heap, `'type` for a malformed
/// one, `'nyi` for symbols, dictionaries, tables and other items not read.
pub fn anymap_items(entries: &[u64], heap: &[u8]) -> Result<K, QError> {
    let items = entries
        .iter()
        .map(|&e| anymap_item(e, heap, 0))
        .collect::<Result<Vec<K>, QError>>()?;
    Ok(K::list(items))
}

/// The bytes `heap[at..at + n]`, or `'length`.
fn heap_slice(heap: &[u8], at: usize, n: usize) -> Result<&[u8], QError> {
    at.checked_add(n)
        .and_then(|end| heap.get(at..end))
        .ok_or_else(|| qerr("length"))
}

/// A simple type an anymap item may have, or `'nyi` (symbols, enumerations
/// and the rest).
fn anymap_type(code: u8) -> Result<Type, QError> {
    match Type::from_code(code as i8) {
        Some(t) if (1..=19).contains(&code) && t != Type::Symbol => Ok(t),
        _ => Err(qerr(format!("nyi: anymap item of type {code}"))),
    }
}

/// One item of an anymap file from its entry.
fn anymap_item(entry: u64, heap: &[u8], depth: usize) -> Result<K, QError> {
    if depth > ANYMAP_DEPTH {
        return Err(qerr("type"));
    }
    let at = usize::try_from(entry & 0x00ff_ffff_ffff_ffff).map_err(|_| qerr("length"))?;
    match (entry >> 56) as u8 {
        1 => {
            let code = *heap.get(at).ok_or_else(|| qerr("length"))?;
            if code > SHORT_TYPE_BASE {
                let ty = anymap_type(code - SHORT_TYPE_BASE)?;
                let n = usize::from(*heap.get(at + 1).ok_or_else(|| qerr("length"))?);
                let b = heap_slice(heap, at + 2, n * ty.width())?;
                Ok(K::vector(ty, typed(ty, b)))
            } else {
                let ty = anymap_type(SHORT_TYPE_BASE - code)?;
                let b = heap_slice(heap, at + 1, ty.width())?;
                Ok(K::Atom(ty, typed(ty, b).get(0)))
            }
        }
        0 => {
            let h = heap_slice(heap, at, SHORT_LEN)?;
            if h[0] != LONG_ITEM_MARK {
                return Err(qerr("type"));
            }
            let code = h[2];
            let mut raw = [0u8; 8];
            raw.copy_from_slice(&h[8..16]);
            let n = usize::try_from(u64::from_le_bytes(raw)).map_err(|_| qerr("length"))?;
            if code == 0 || (NESTED_BASE..=NESTED_BASE + 20).contains(&code) {
                let b = heap_slice(
                    heap,
                    at + SHORT_LEN,
                    n.checked_mul(8).ok_or_else(|| qerr("length"))?,
                )?;
                let entries: Vec<u64> = cast(b, 8);
                let items = entries
                    .iter()
                    .map(|&e| anymap_item(e, heap, depth + 1))
                    .collect::<Result<Vec<K>, QError>>()?;
                return Ok(K::list(items));
            }
            let ty = anymap_type(code)?;
            let len = n.checked_mul(ty.width()).ok_or_else(|| qerr("length"))?;
            let b = heap_slice(heap, at + SHORT_LEN, len)?;
            Ok(K::vector_attr(ty, attr_of(h[3]), typed(ty, b)))
        }
        _ => Err(qerr("type")),
    }
}

/// A nested column from its end offsets and the companion file's vector.
///
/// # Errors
/// `'type` when the companion is not a simple vector of the item type,
/// `'length` when an offset runs past it or goes backwards.
pub fn join_nested(item: Type, ends: &[i64], companion: &K) -> Result<K, QError> {
    let v = match companion {
        K::Vector(v) if v.ty == item => v,
        _ => return Err(qerr("type")),
    };
    let mut items = Vec::with_capacity(ends.len());
    let mut start = 0usize;
    for &e in ends {
        let end = usize::try_from(e).map_err(|_| qerr("length"))?;
        if end < start || end > v.data.len() {
            return Err(qerr("length"));
        }
        items.push(K::vector(item, v.data.slice(start, end)));
        start = end;
    }
    Ok(K::list(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::Enumeration;

    fn value(b: &[u8]) -> K {
        match decode(b).unwrap() {
            Stored::Value(k) => k,
            other => panic!("not a value: {other:?}"),
        }
    }

    #[test]
    fn long_vector_is_mappable_with_its_count() {
        let img = encode(&K::longs(vec![1, 2, 3])).unwrap();
        let mut want = vec![0xfe, 0x20, 7, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0];
        for x in [1i64, 2, 3] {
            want.extend_from_slice(&x.to_le_bytes());
        }
        assert_eq!(img.main, want);
        assert_eq!(value(&img.main), K::longs(vec![1, 2, 3]));
    }

    #[test]
    fn symbols_and_atoms_are_serialized() {
        let img = encode(&K::sym_list(["ab", "c"])).unwrap();
        assert_eq!(img.main, b"\xff\x01\x0b\x00\x02\x00\x00\x00ab\0c\0");
        assert_eq!(value(&img.main), K::sym_list(["ab", "c"]));
        let img = encode(&K::long(42)).unwrap();
        assert_eq!(&img.main[..3], &[0xff, 0x01, 0xf9]);
        assert_eq!(value(&img.main), K::long(42));
    }

    #[test]
    fn symbol_file_with_zero_count_reads_every_name() {
        assert_eq!(
            value(b"\xff\x01\x0b\x00\x00\x00\x00\x00ww\0x\0"),
            K::sym_list(["ww", "x"])
        );
    }

    #[test]
    fn a_symbol_file_reads_every_name_whatever_its_count() {
        // A sym file enumerating added names to: count 2, three names.
        assert_eq!(
            value(b"\xff\x01\x0b\x00\x02\x00\x00\x00a\0b\0c\0"),
            K::sym_list(["a", "b", "c"])
        );
        assert_eq!(
            value(b"\xff\x01\x0b\x00\x09\x00\x00\x00a\0"),
            K::sym_list(["a"])
        );
        assert_eq!(value(b"\xff\x01\x0b\x00\x00\x00\x00\x00"), K::sym_list([]));
        assert!(decode(b"\xff\x01\x0b\x00\x02\x00\x00\x00a\0bc").is_err());
    }

    #[test]
    fn zero_count_vector_takes_its_length_from_the_file() {
        let mut b = vec![0xfe, 0x20, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        b.extend_from_slice(&[1, 0, 1]);
        assert_eq!(value(&b), K::bools(vec![true, false, true]));
    }

    #[test]
    fn enumeration_uses_the_long_header() {
        let e = K::Enum(Rc::new(Enumeration {
            domain: Sym::new(b"sym"),
            atom: false,
            attr: crate::k::Attr::None,
            indices: vec![0, 1, 0],
            values: SymVec::new(),
            link: false,
            keys: None,
        }));
        let img = encode(&e).unwrap();
        assert_eq!(img.main.len(), 4096 + 24);
        assert_eq!(&img.main[..2], &[0xfd, 0x20]);
        assert_eq!(&img.main[16..20], b"sym\0");
        assert_eq!(img.main[4082], 20);
        assert_eq!(
            decode(&img.main).unwrap(),
            Stored::Enum {
                domain: Sym::new(b"sym"),
                attr: Attr::None,
                indices: vec![0, 1, 0]
            }
        );
    }

    #[test]
    fn sorted_is_written_in_the_header_and_read_back() {
        let v = K::vector_attr(Type::Long, Attr::Sorted, Data::I64(vec![1, 2, 3]));
        let img = encode_column(&v).unwrap();
        // Attribute byte 1 (as in IPC), and the count kept.
        assert_eq!(&img.main[..4], &[0xfe, 0x20, 7, 1]);
        assert_eq!(img.main[8], 3);
        assert_eq!(decode(&img.main).unwrap(), Stored::Value(v));
        let e = K::Enum(Rc::new(Enumeration {
            domain: Sym::new(b"sym"),
            atom: false,
            attr: Attr::Sorted,
            indices: vec![0, 0, 1],
            values: SymVec::new(),
            link: false,
            keys: None,
        }));
        let img = encode_column(&e).unwrap();
        assert_eq!(img.main[4083], 1);
        assert_eq!(img.main[4088], 3);
        assert_eq!(
            decode(&img.main).unwrap(),
            Stored::Enum {
                domain: Sym::new(b"sym"),
                attr: Attr::Sorted,
                indices: vec![0, 0, 1]
            }
        );
    }

    #[test]
    fn attributes_with_an_index_are_not_written() {
        // kdb+ keeps a hash table after the items of a u#, p# or g# list,
        // in a layout it does not document; the list is written plain.
        for a in [Attr::Unique, Attr::Parted, Attr::Grouped] {
            let v = K::vector_attr(Type::Long, a, Data::I64(vec![1, 2, 3]));
            let img = encode(&v).unwrap();
            assert_eq!(img.main[3], 0);
            assert_eq!(img.main.len(), 16 + 24);
        }
    }

    #[test]
    fn an_index_after_the_items_is_passed_over() {
        // As kdb+ writes `u#`: the count in the header, then the index.
        let mut b = vec![0xfe, 0x20, 7, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0];
        b.extend_from_slice(&5i64.to_le_bytes());
        b.extend_from_slice(&9i64.to_le_bytes());
        b.extend_from_slice(&[0xff; 64]);
        assert_eq!(
            value(&b),
            K::vector_attr(Type::Long, Attr::Unique, Data::I64(vec![5, 9]))
        );
    }

    #[test]
    fn lists_of_atoms_and_vectors_are_written_as_anymap() {
        let x = K::list(vec![
            K::string("ab"),
            K::char(b'c'),
            K::string(""),
            K::longs((0..20).collect()),
            K::long(7),
        ]);
        let img = encode(&x).unwrap();
        assert_eq!(img.main.len(), 4096 + 5 * 8);
        assert_eq!(&img.main[4080..4084], &[0xfd, 0x01, 77, 0]);
        let heap = img.companion.unwrap();
        assert_eq!(&heap[4080..4084], &[0xfd, 0x00, 4, 0]);
        // Short items packed, the long one at the next 8-byte boundary.
        assert_eq!(
            &heap[4096..4104],
            &[0x89, 2, b'a', b'b', 0x75, b'c', 0x89, 0]
        );
        assert_eq!(&heap[4104..4112], &[0xfb, 0, 7, 0, 1, 0, 0, 0]);
        let Stored::Anymap { entries } = decode(&img.main).unwrap() else {
            panic!("not anymap")
        };
        assert_eq!(entries[..4], [1 << 56, 1 << 56 | 4, 1 << 56 | 6, 8]);
        assert_eq!(
            anymap_items(&entries, anymap_heap(&heap).unwrap()).unwrap(),
            x
        );
        // Symbols and deeper lists keep the serialized form.
        for x in [
            K::list(vec![K::sym("a"), K::long(1)]),
            K::list(vec![K::list(vec![K::long(1), K::string("a")]), K::long(1)]),
        ] {
            assert_eq!(&encode(&x).unwrap().main[..2], &SERIAL);
        }
    }

    #[test]
    fn nested_columns_of_earlier_versions_are_read() {
        // `col` (type 87, item ends) and `col#` (the chars end to end).
        let mut main = vec![0xfe, 0x20, 87, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0];
        for e in [2i64, 2, 5] {
            main.extend_from_slice(&e.to_le_bytes());
        }
        let mut hash = vec![0xfe, 0x20, 10, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0];
        hash.extend_from_slice(b"abcde");
        let Stored::Nested { item, ends } = decode(&main).unwrap() else {
            panic!("not nested")
        };
        assert_eq!((item, ends.clone()), (Type::Char, vec![2, 2, 5]));
        let all = value(&hash);
        let x = K::list(vec![K::string("ab"), K::string(""), K::string("cde")]);
        assert_eq!(join_nested(item, &ends, &all).unwrap(), x);
        assert_eq!(
            join_nested(item, &[2, 9], &all).unwrap_err().msg.as_ref(),
            "length"
        );
    }

    /// The items area of an anymap `#` file holding "ab", the atom 7, the
    /// vector 1 2 (long form) and the general list ("ab";7).
    fn anymap_heap_bytes() -> Vec<u8> {
        let mut h = vec![0x89, 2, b'a', b'b', 0x78];
        h.extend_from_slice(&7i64.to_le_bytes());
        h.resize(16, 0);
        h.extend_from_slice(&[0xfb, 0, 7, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
        h.extend_from_slice(&1i64.to_le_bytes());
        h.extend_from_slice(&2i64.to_le_bytes());
        h.extend_from_slice(&[0xfb, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
        h.extend_from_slice(&(1u64 << 56).to_le_bytes());
        h.extend_from_slice(&(1u64 << 56 | 4).to_le_bytes());
        h
    }

    #[test]
    fn anymap_items_are_read_from_the_companion() {
        let heap = anymap_heap_bytes();
        let entries = [1 << 56, 1 << 56 | 4, 16, 48];
        let want = K::list(vec![
            K::string("ab"),
            K::long(7),
            K::longs(vec![1, 2]),
            K::list(vec![K::string("ab"), K::long(7)]),
        ]);
        assert_eq!(anymap_items(&entries, &heap).unwrap(), want);
        // The column file: the long header, type 77, count 0 (from the size).
        let mut col = vec![0u8; 4096];
        col[..2].copy_from_slice(&[0xfd, 0x20]);
        col[4080..4084].copy_from_slice(&[0xfd, 0x01, 77, 0]);
        for e in entries {
            col.extend_from_slice(&e.to_le_bytes());
        }
        assert_eq!(
            decode(&col).unwrap(),
            Stored::Anymap {
                entries: entries.to_vec()
            }
        );
        let mut hash = vec![0u8; 4096];
        hash[..2].copy_from_slice(&[0xfd, 0x20]);
        hash[4080..4084].copy_from_slice(&[0xfd, 0x00, 4, 0]);
        hash.extend_from_slice(&heap);
        assert_eq!(anymap_heap(&hash).unwrap(), &heap[..]);
        assert!(anymap_heap(&heap).is_err());
    }

    #[test]
    fn bad_anymap_items_are_errors_not_panics() {
        let heap = anymap_heap_bytes();
        for (e, err) in [
            (1 << 56 | 1000, "length"),
            (2 << 56, "type"),
            (1, "type"),
            (u64::MAX, "type"),
        ] {
            assert_eq!(
                anymap_item(e, &heap, 0).unwrap_err().msg.as_ref(),
                err,
                "{e:x}"
            );
        }
        // A short vector longer than the heap.
        assert_eq!(
            anymap_items(&[1 << 56], &[0x89, 200, b'a'])
                .unwrap_err()
                .msg
                .as_ref(),
            "length"
        );
        // A symbol vector item, and a list that contains itself.
        let mut sym = vec![0x8a, 1];
        sym.extend_from_slice(b"a\0");
        assert!(
            anymap_items(&[1 << 56], &sym)
                .unwrap_err()
                .msg
                .starts_with("nyi")
        );
        let mut cycle = vec![0xfb, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
        cycle.extend_from_slice(&0u64.to_le_bytes());
        assert!(anymap_items(&[0], &cycle).is_err());
    }

    #[test]
    fn any_anymap_damage_is_an_error_or_a_value_never_a_panic() {
        let heap = anymap_heap_bytes();
        let entries = [1 << 56, 1 << 56 | 4, 16, 48];
        let mut x: u32 = 5;
        for i in 0..heap.len() {
            for _ in 0..8 {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let mut bad = heap.clone();
                bad[i] = (x >> 16) as u8;
                let _ = anymap_items(&entries, &bad);
                let e = u64::from(x) << 32 | u64::from(x.rotate_left(7));
                let _ = anymap_items(&[e, e & 0x01ff_0000_0000_00ff], &heap);
            }
            let _ = anymap_items(&entries, &heap[..i]);
        }
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        for b in [
            &b""[..],
            b"\xfe",
            b"\xfe\x20\x07\x00",
            b"\xfe\x20\x07\x00\0\0\0\0\x09\0\0\0\0\0\0\0\x01",
            b"\xff\x01\x07\x00\x05\x00\x00\x00",
            b"\xfd\x20\x14",
            b"hello world",
        ] {
            assert!(decode(b).is_err(), "{b:?}");
        }
    }
}
