//! The q value model: atoms, vectors, general lists, dictionaries, tables,
//! functions, the generic null and errors.
//!
//! Values are immutable and cheap to clone: compound values sit behind `Rc`,
//! and code that wants to change one uses `Rc::make_mut` (copy on write, as q
//! does with reference counts).

pub mod calendar;
pub mod depth;
pub mod memory;
mod pool;
mod release;
mod sym;
pub mod text;
mod types;

use std::any::Any;
use std::cell::OnceCell;
use std::fmt;
use std::rc::Rc;

pub use sym::{Sym, SymVec};
pub use types::{Attr, Storage, Type};

/// Null short `0Nh`.
pub const NULL_SHORT: i16 = i16::MIN;
/// Infinite short `0Wh`.
pub const INF_SHORT: i16 = i16::MAX;
/// Null int `0Ni` (also the null of month, date, minute, second, time).
pub const NULL_INT: i32 = i32::MIN;
/// Infinite int `0Wi`.
pub const INF_INT: i32 = i32::MAX;
/// Null long `0N` (also the null of timestamp and timespan).
pub const NULL_LONG: i64 = i64::MIN;
/// Infinite long `0W`.
pub const INF_LONG: i64 = i64::MAX;
/// The bit pattern q writes for a null float `0n` (x86's default NaN).
pub const NULL_FLOAT_BITS: u64 = 0xFFF8_0000_0000_0000;
/// The bit pattern q writes for a null real `0Ne`.
pub const NULL_REAL_BITS: u32 = 0xFFC0_0000;

/// q's null float, with the bit pattern q itself emits.
pub fn null_float() -> f64 {
    f64::from_bits(NULL_FLOAT_BITS)
}

/// q's null real, with the bit pattern q itself emits.
pub fn null_real() -> f32 {
    f32::from_bits(NULL_REAL_BITS)
}

/// The storage of one atom. Its meaning comes from the [`Type`] beside it.
#[derive(Debug)]
pub enum Scalar {
    /// boolean (0/1), byte, char.
    U8(u8),
    /// guid.
    Guid([u8; 16]),
    /// short.
    I16(i16),
    /// int, month, date, minute, second, time.
    I32(i32),
    /// long, timestamp, timespan.
    I64(i64),
    /// real.
    F32(f32),
    /// float, datetime.
    F64(f64),
    /// symbol.
    Sym(Sym),
}

impl Clone for Scalar {
    /// Atoms are copied on every name lookup: inlined, one arm per storage.
    #[inline(always)]
    fn clone(&self) -> Scalar {
        match self {
            Scalar::U8(x) => Scalar::U8(*x),
            Scalar::Guid(x) => Scalar::Guid(*x),
            Scalar::I16(x) => Scalar::I16(*x),
            Scalar::I32(x) => Scalar::I32(*x),
            Scalar::I64(x) => Scalar::I64(*x),
            Scalar::F32(x) => Scalar::F32(*x),
            Scalar::F64(x) => Scalar::F64(*x),
            Scalar::Sym(x) => Scalar::Sym(x.clone()),
        }
    }
}

impl PartialEq for Scalar {
    /// Identity: floats compare by bit pattern, so NaN payloads count.
    fn eq(&self, other: &Scalar) -> bool {
        match (self, other) {
            (Scalar::U8(a), Scalar::U8(b)) => a == b,
            (Scalar::Guid(a), Scalar::Guid(b)) => a == b,
            (Scalar::I16(a), Scalar::I16(b)) => a == b,
            (Scalar::I32(a), Scalar::I32(b)) => a == b,
            (Scalar::I64(a), Scalar::I64(b)) => a == b,
            (Scalar::F32(a), Scalar::F32(b)) => a.to_bits() == b.to_bits(),
            (Scalar::F64(a), Scalar::F64(b)) => a.to_bits() == b.to_bits(),
            (Scalar::Sym(a), Scalar::Sym(b)) => a == b,
            _ => false,
        }
    }
}

/// The items of a simple vector, grouped by storage.
#[derive(Clone, Debug)]
pub enum Data {
    /// boolean (0/1), byte, char.
    U8(Vec<u8>),
    /// guid.
    Guid(Vec<[u8; 16]>),
    /// short.
    I16(Vec<i16>),
    /// int, month, date, minute, second, time.
    I32(Vec<i32>),
    /// long, timestamp, timespan.
    I64(Vec<i64>),
    /// real.
    F32(Vec<f32>),
    /// float, datetime.
    F64(Vec<f64>),
    /// symbol.
    Sym(SymVec),
}

impl PartialEq for Data {
    /// Identity: floats compare by bit pattern.
    fn eq(&self, other: &Data) -> bool {
        match (self, other) {
            (Data::U8(a), Data::U8(b)) => a == b,
            (Data::Guid(a), Data::Guid(b)) => a == b,
            (Data::I16(a), Data::I16(b)) => a == b,
            (Data::I32(a), Data::I32(b)) => a == b,
            (Data::I64(a), Data::I64(b)) => a == b,
            (Data::F32(a), Data::F32(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
            }
            (Data::F64(a), Data::F64(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
            }
            (Data::Sym(a), Data::Sym(b)) => a == b,
            _ => false,
        }
    }
}

impl Data {
    /// An empty store for items of type `t`.
    pub fn empty(t: Type) -> Data {
        Data::with_capacity(t, 0)
    }

    /// An empty store for `n` items of type `t`.
    pub fn with_capacity(t: Type, n: usize) -> Data {
        match t.storage() {
            Storage::U8 => Data::U8(Vec::with_capacity(n)),
            Storage::Guid => Data::Guid(Vec::with_capacity(n)),
            Storage::I16 => Data::I16(Vec::with_capacity(n)),
            Storage::I32 => Data::I32(Vec::with_capacity(n)),
            Storage::I64 => Data::I64(Vec::with_capacity(n)),
            Storage::F32 => Data::F32(Vec::with_capacity(n)),
            Storage::F64 => Data::F64(Vec::with_capacity(n)),
            Storage::Sym => Data::Sym(SymVec::with_capacity(n, n * 4)),
        }
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        match self {
            Data::U8(v) => v.len(),
            Data::Guid(v) => v.len(),
            Data::I16(v) => v.len(),
            Data::I32(v) => v.len(),
            Data::I64(v) => v.len(),
            Data::F32(v) => v.len(),
            Data::F64(v) => v.len(),
            Data::Sym(v) => v.len(),
        }
    }

    /// Whether there are no items.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Item `i`'s storage.
    ///
    /// # Panics
    /// When `i` is out of range.
    pub fn get(&self, i: usize) -> Scalar {
        match self {
            Data::U8(v) => Scalar::U8(v[i]),
            Data::Guid(v) => Scalar::Guid(v[i]),
            Data::I16(v) => Scalar::I16(v[i]),
            Data::I32(v) => Scalar::I32(v[i]),
            Data::I64(v) => Scalar::I64(v[i]),
            Data::F32(v) => Scalar::F32(v[i]),
            Data::F64(v) => Scalar::F64(v[i]),
            Data::Sym(v) => Scalar::Sym(v.sym(i)),
        }
    }

    /// Appends an item whose storage matches; returns false (and appends
    /// nothing) when it does not.
    pub fn push(&mut self, s: &Scalar) -> bool {
        match (self, s) {
            (Data::U8(v), Scalar::U8(x)) => v.push(*x),
            (Data::Guid(v), Scalar::Guid(x)) => v.push(*x),
            (Data::I16(v), Scalar::I16(x)) => v.push(*x),
            (Data::I32(v), Scalar::I32(x)) => v.push(*x),
            (Data::I64(v), Scalar::I64(x)) => v.push(*x),
            (Data::F32(v), Scalar::F32(x)) => v.push(*x),
            (Data::F64(v), Scalar::F64(x)) => v.push(*x),
            (Data::Sym(v), Scalar::Sym(x)) => v.push(x),
            _ => return false,
        }
        true
    }

    /// Replaces item `i` with one whose storage matches; returns false
    /// (and changes nothing) when it does not.
    ///
    /// # Panics
    /// When `i` is out of range.
    pub fn set(&mut self, i: usize, s: &Scalar) -> bool {
        match (self, s) {
            (Data::U8(v), Scalar::U8(x)) => v[i] = *x,
            (Data::Guid(v), Scalar::Guid(x)) => v[i] = *x,
            (Data::I16(v), Scalar::I16(x)) => v[i] = *x,
            (Data::I32(v), Scalar::I32(x)) => v[i] = *x,
            (Data::I64(v), Scalar::I64(x)) => v[i] = *x,
            (Data::F32(v), Scalar::F32(x)) => v[i] = *x,
            (Data::F64(v), Scalar::F64(x)) => v[i] = *x,
            (Data::Sym(v), Scalar::Sym(x)) => v.set(i, x.as_bytes()),
            _ => return false,
        }
        true
    }

    /// The items at `idx` (each must be in range).
    ///
    /// # Panics
    /// When an index is out of range.
    pub fn take(&self, idx: &[usize]) -> Data {
        match self {
            Data::U8(v) => Data::U8(idx.iter().map(|&i| v[i]).collect()),
            Data::Guid(v) => Data::Guid(idx.iter().map(|&i| v[i]).collect()),
            Data::I16(v) => Data::I16(idx.iter().map(|&i| v[i]).collect()),
            Data::I32(v) => Data::I32(idx.iter().map(|&i| v[i]).collect()),
            Data::I64(v) => Data::I64(idx.iter().map(|&i| v[i]).collect()),
            Data::F32(v) => Data::F32(idx.iter().map(|&i| v[i]).collect()),
            Data::F64(v) => Data::F64(idx.iter().map(|&i| v[i]).collect()),
            Data::Sym(v) => Data::Sym(idx.iter().map(|&i| v.get(i)).collect()),
        }
    }

    /// Item `r` is `other`'s item `from[r]` where that is one of its
    /// items, else this data's item `r`; `None` when the two are of
    /// different kinds.
    ///
    /// # Panics
    /// When `from` is longer than this data.
    pub fn merged(&self, other: &Data, from: &[i64]) -> Option<Data> {
        fn typed<T: Copy>(old: &[T], new: &[T], from: &[i64]) -> Vec<T> {
            from.iter()
                .enumerate()
                .map(|(r, &f)| match new.get(f as usize) {
                    Some(&x) if f >= 0 => x,
                    _ => old[r],
                })
                .collect()
        }
        Some(match (self, other) {
            (Data::U8(a), Data::U8(b)) => Data::U8(typed(a, b, from)),
            (Data::Guid(a), Data::Guid(b)) => Data::Guid(typed(a, b, from)),
            (Data::I16(a), Data::I16(b)) => Data::I16(typed(a, b, from)),
            (Data::I32(a), Data::I32(b)) => Data::I32(typed(a, b, from)),
            (Data::I64(a), Data::I64(b)) => Data::I64(typed(a, b, from)),
            (Data::F32(a), Data::F32(b)) => Data::F32(typed(a, b, from)),
            (Data::F64(a), Data::F64(b)) => Data::F64(typed(a, b, from)),
            (Data::Sym(a), Data::Sym(b)) => Data::Sym(a.merged(b, from)),
            _ => return None,
        })
    }

    /// Items at `idx`, with type `t`'s null for an index out of range,
    /// negative ones included: indexing as q does, typed.
    pub fn pick(&self, t: Type, idx: &[i64]) -> Data {
        let null = &null_scalar(t);
        fn typed<T: Copy>(v: &[T], idx: &[i64], null: T) -> Vec<T> {
            let n = v.len() as u64;
            idx.iter()
                .map(|&i| if (i as u64) < n { v[i as usize] } else { null })
                .collect()
        }
        match (self, null) {
            (Data::U8(v), Scalar::U8(z)) => Data::U8(typed(v, idx, *z)),
            (Data::Guid(v), Scalar::Guid(z)) => Data::Guid(typed(v, idx, *z)),
            (Data::I16(v), Scalar::I16(z)) => Data::I16(typed(v, idx, *z)),
            (Data::I32(v), Scalar::I32(z)) => Data::I32(typed(v, idx, *z)),
            (Data::I64(v), Scalar::I64(z)) => Data::I64(typed(v, idx, *z)),
            (Data::F32(v), Scalar::F32(z)) => Data::F32(typed(v, idx, *z)),
            (Data::F64(v), Scalar::F64(z)) => Data::F64(typed(v, idx, *z)),
            (Data::Sym(v), _) => Data::Sym(v.pick(idx)),
            _ => {
                let n = self.len() as u64;
                let mut d = Data::with_capacity(t, idx.len());
                for &i in idx {
                    if (i as u64) < n {
                        d.push(&self.get(i as usize));
                    } else {
                        d.push(null);
                    }
                }
                d
            }
        }
    }

    /// Items `start..end`.
    ///
    /// # Panics
    /// When the range is out of bounds.
    pub fn slice(&self, start: usize, end: usize) -> Data {
        match self {
            Data::U8(v) => Data::U8(v[start..end].to_vec()),
            Data::Guid(v) => Data::Guid(v[start..end].to_vec()),
            Data::I16(v) => Data::I16(v[start..end].to_vec()),
            Data::I32(v) => Data::I32(v[start..end].to_vec()),
            Data::I64(v) => Data::I64(v[start..end].to_vec()),
            Data::F32(v) => Data::F32(v[start..end].to_vec()),
            Data::F64(v) => Data::F64(v[start..end].to_vec()),
            Data::Sym(v) => Data::Sym((start..end).map(|i| v.get(i)).collect()),
        }
    }

    /// Appends items `start..end` of `other`; false (nothing appended) if
    /// storage differs.
    ///
    /// # Panics
    /// When the range is out of bounds.
    pub fn extend_range(&mut self, other: &Data, start: usize, end: usize) -> bool {
        match (self, other) {
            (Data::U8(a), Data::U8(b)) => a.extend_from_slice(&b[start..end]),
            (Data::Guid(a), Data::Guid(b)) => a.extend_from_slice(&b[start..end]),
            (Data::I16(a), Data::I16(b)) => a.extend_from_slice(&b[start..end]),
            (Data::I32(a), Data::I32(b)) => a.extend_from_slice(&b[start..end]),
            (Data::I64(a), Data::I64(b)) => a.extend_from_slice(&b[start..end]),
            (Data::F32(a), Data::F32(b)) => a.extend_from_slice(&b[start..end]),
            (Data::F64(a), Data::F64(b)) => a.extend_from_slice(&b[start..end]),
            (Data::Sym(a), Data::Sym(b)) => {
                for i in start..end {
                    a.push(b.get(i));
                }
            }
            _ => return false,
        }
        true
    }

    /// `n` copies of one item.
    pub fn repeat(t: Type, s: &Scalar, n: usize) -> Data {
        match s {
            Scalar::U8(x) => Data::U8(vec![*x; n]),
            Scalar::Guid(x) => Data::Guid(vec![*x; n]),
            Scalar::I16(x) => Data::I16(vec![*x; n]),
            Scalar::I32(x) => Data::I32(vec![*x; n]),
            Scalar::I64(x) => Data::I64(vec![*x; n]),
            Scalar::F32(x) => Data::F32(vec![*x; n]),
            Scalar::F64(x) => Data::F64(vec![*x; n]),
            Scalar::Sym(x) => {
                let mut v = SymVec::with_capacity(n, n * x.len());
                for _ in 0..n {
                    v.push(x);
                }
                let _ = t;
                Data::Sym(v)
            }
        }
    }

    /// Appends all items of `other`; false (nothing appended) if storage differs.
    pub fn extend(&mut self, other: &Data) -> bool {
        match (self, other) {
            (Data::U8(a), Data::U8(b)) => a.extend_from_slice(b),
            (Data::Guid(a), Data::Guid(b)) => a.extend_from_slice(b),
            (Data::I16(a), Data::I16(b)) => a.extend_from_slice(b),
            (Data::I32(a), Data::I32(b)) => a.extend_from_slice(b),
            (Data::I64(a), Data::I64(b)) => a.extend_from_slice(b),
            (Data::F32(a), Data::F32(b)) => a.extend_from_slice(b),
            (Data::F64(a), Data::F64(b)) => a.extend_from_slice(b),
            (Data::Sym(a), Data::Sym(b)) => a.extend_from(b),
            _ => return false,
        }
        true
    }
}

/// A simple vector: type, attribute and items.
#[derive(Clone, Debug, PartialEq)]
pub struct Vector {
    /// Item type.
    pub ty: Type,
    /// Attribute.
    pub attr: Attr,
    /// Items; their storage always matches `ty.storage()`.
    pub data: Data,
}

impl Vector {
    /// Number of items.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the vector is empty.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Item `i` as an atom.
    ///
    /// # Panics
    /// When `i` is out of range.
    pub fn item(&self, i: usize) -> K {
        K::Atom(self.ty, self.data.get(i))
    }
}

/// A general list (type 0).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct List {
    /// Attribute (rare on general lists, but carried on the wire).
    pub attr: Attr,
    /// Items.
    pub items: Vec<K>,
}

/// A dictionary (type 99), or a sorted dictionary (`` `s#d ``, type 127 on
/// the wire). A keyed table is a dictionary whose keys and values are tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Dict {
    /// Whether the dictionary carries `s#` (sent as type 127).
    pub sorted: bool,
    /// Keys: a vector or list.
    pub keys: K,
    /// Values: a vector or list of the same count.
    pub values: K,
}

/// A table (type 98): a flipped dictionary of column names to equal-length columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Table attribute byte (`s#` on a sorted table).
    pub attr: Attr,
    /// Column names.
    pub names: SymVec,
    /// Columns, one per name, all of the same count.
    pub cols: Vec<K>,
}

impl Table {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.cols.first().map_or(0, K::count)
    }
}

/// Which iterator derived a function (types 106..111).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u8)]
pub enum Adverb {
    /// `'` each (type 106).
    Each = 0,
    /// `/` over (107).
    Over = 1,
    /// `\` scan (108).
    Scan = 2,
    /// `':` each-prior (109).
    EachPrior = 3,
    /// `/:` each-right (110).
    EachRight = 4,
    /// `\:` each-left (111).
    EachLeft = 5,
}

impl Adverb {
    /// The adverb for an iterator code 0..5.
    pub fn from_code(code: u8) -> Option<Adverb> {
        Some(match code {
            0 => Adverb::Each,
            1 => Adverb::Over,
            2 => Adverb::Scan,
            3 => Adverb::EachPrior,
            4 => Adverb::EachRight,
            5 => Adverb::EachLeft,
            _ => return None,
        })
    }

    /// The adverb's glyph.
    pub fn glyph(self) -> &'static str {
        ["'", "/", "\\", "':", "/:", "\\:"][self as usize]
    }
}

/// A lambda: its namespace, its source text, and a slot where the
/// interpreter caches its compiled form.
#[derive(Clone)]
pub struct Lambda {
    /// Namespace the lambda was defined in, without the leading dot (empty for root).
    pub ctx: Sym,
    /// Source text, e.g. `{x+y}`.
    pub src: Rc<str>,
    /// Compiled form, filled by the interpreter on first use. Not part of the value.
    pub compiled: OnceCell<Rc<dyn Any>>,
}

impl Lambda {
    /// A lambda with source `src` in namespace `ctx`, not yet compiled.
    pub fn new(ctx: Sym, src: &str) -> Lambda {
        Lambda {
            ctx,
            src: Rc::from(src),
            compiled: OnceCell::new(),
        }
    }
}

/// The type of a function whose source is `src`: 100 for a lambda, and for
/// the keywords q defines in k and shows in k (`~:`, `$`, `![-15]`,
/// `$["b"]~~':`), the type of what the k text is: a unary or binary
/// primitive, a derived function, a projection or a composition.
fn shown_type(src: &str) -> i16 {
    let b = src.as_bytes();
    if b.first() == Some(&b'{') || src.starts_with("k)") {
        return 100;
    }
    match b {
        [_] => 102,
        [_, b':'] => 101,
        [_, b'\''] => 106,
        [_, b'/'] => 107,
        [_, b'\\'] => 108,
        [_, b'[', .., b']'] if src[1..].find(']') == Some(src.len() - 2) => 104,
        _ => 105,
    }
}

impl PartialEq for Lambda {
    fn eq(&self, other: &Lambda) -> bool {
        self.ctx == other.ctx && self.src == other.src
    }
}

impl fmt::Debug for Lambda {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lambda({:?}, {:?})", self.ctx, self.src)
    }
}

/// A function value (types 100..111).
#[derive(Clone, Debug, PartialEq)]
pub enum Func {
    /// `{x+y}` (100).
    Lambda(Lambda),
    /// A unary primitive by code, e.g. `-:` (101). Code 0 is `::` (see
    /// [`K::Nil`]) and code 0xff marks an elided projection argument.
    Unary(u8),
    /// A binary primitive (operator) by code, e.g. `+` (102).
    Binary(u8),
    /// A bare iterator by code (103).
    Iterator(u8),
    /// A projection (104): the function, then its arguments, elided ones
    /// being [`K::elided`]. Trailing missing arguments are omitted.
    Projection(Vec<K>),
    /// A composition (105) of functions.
    Composition(Vec<K>),
    /// A function derived by an iterator (106..111).
    Derived(Adverb, K),
}

/// Unary primitive code that marks an elided argument in a projection.
pub const ELIDED: u8 = 0xff;

/// A q value.
#[derive(Debug, PartialEq)]
pub enum K {
    /// An atom: its type and storage.
    Atom(Type, Scalar),
    /// A simple vector.
    Vector(Rc<Vector>),
    /// A general list.
    List(Rc<List>),
    /// A dictionary or keyed table.
    Dict(Rc<Dict>),
    /// A table.
    Table(Rc<Table>),
    /// A function.
    Func(Rc<Func>),
    /// The generic null `::`.
    Nil,
    /// An error object (type -128), as carried by an error response.
    Error(Sym),
    /// An enumeration (types 20..76) against a named symbol domain.
    Enum(Rc<Enumeration>),
}

impl K {
    /// Lets go of a value: an atom that owns nothing is forgotten where it
    /// is, with no call to the drop glue (hot loops drop many of them).
    #[inline(always)]
    pub fn discard(self) {
        match &self {
            K::Atom(_, s) if !matches!(s, Scalar::Sym(_)) => std::mem::forget(self),
            K::Nil => std::mem::forget(self),
            _ => drop(self),
        }
    }
}

impl Clone for K {
    /// Values are copied on every name lookup: inlined, and an atom or a
    /// reference count at most.
    #[inline(always)]
    fn clone(&self) -> K {
        match self {
            K::Atom(_, Scalar::Sym(s)) | K::Error(s) => std::mem::forget(s.clone()),
            K::Vector(v) => std::mem::forget(Rc::clone(v)),
            K::List(l) => std::mem::forget(Rc::clone(l)),
            K::Dict(d) => std::mem::forget(Rc::clone(d)),
            K::Table(t) => std::mem::forget(Rc::clone(t)),
            K::Func(f) => std::mem::forget(Rc::clone(f)),
            K::Enum(e) => std::mem::forget(Rc::clone(e)),
            K::Atom(..) | K::Nil => {}
        }
        // SAFETY: whatever the value refers to has just been counted once
        // more, so a copy of its bits is a second, independent owner.
        // Copied as whole words: built field by field, the copy would be
        // written in pieces that the next read of it has to wait for.
        unsafe { std::ptr::read(self) }
    }
}

/// An enumeration: indices into the symbol list held by the variable `domain`.
///
/// `values` is the resolved symbols at the time the value was made or last
/// refreshed; it is what travels over IPC, where q sends enumerations as symbols.
#[derive(Clone, Debug, PartialEq)]
pub struct Enumeration {
    /// Name of the domain variable, e.g. `sym`.
    pub domain: Sym,
    /// Whether this is an atom (`` `sym$`a ``) rather than a vector.
    pub atom: bool,
    /// Attribute of a vector (`` `p#`sym$… ``, as a partitioned table's
    /// `sym` column usually has); always none on an atom.
    pub attr: Attr,
    /// Index of each item in the domain.
    pub indices: Vec<i64>,
    /// The symbol each index refers to; for a link, the index's digits.
    pub values: SymVec,
    /// Whether the domain is a table whose rows the indices pick: a link
    /// column (`` `t!0 1 ``) or a foreign key on a compound key. A link
    /// shows, and travels, as its row numbers.
    pub link: bool,
    /// For a foreign key on a keyed table's one key column that is not
    /// symbols (`` `kt$1002 1001 ``): that column, whose items the indices
    /// pick. Such a key shows, and its `value` is, the key values.
    pub keys: Option<K>,
}

impl Enumeration {
    /// What the items stand for, as a vector: their symbols, or a link's
    /// row numbers.
    pub fn items(&self) -> K {
        if let Some(keys) = self.key_values() {
            keys
        } else if self.link {
            K::longs(self.indices.clone())
        } else {
            K::syms(self.values.clone())
        }
    }

    /// The key values a foreign key on a non-symbol key picks, as a
    /// vector (an atom for an atom); a null index gives a null.
    pub fn key_values(&self) -> Option<K> {
        let K::Vector(keys) = self.keys.as_ref()? else {
            return None;
        };
        let mut data = Data::with_capacity(keys.ty, self.indices.len());
        for &i in &self.indices {
            let item = match usize::try_from(i).ok().filter(|&i| i < keys.len()) {
                Some(i) => keys.data.get(i),
                None => null_scalar(keys.ty),
            };
            data.push(&item);
        }
        Some(if self.atom && data.len() == 1 {
            K::Atom(keys.ty, data.get(0))
        } else {
            K::vector(keys.ty, data)
        })
    }

    /// A link to rows `indices` of the table named `domain`.
    pub fn link(domain: Sym, atom: bool, indices: Vec<i64>) -> Enumeration {
        let mut values = SymVec::with_capacity(indices.len(), indices.len() * 2);
        for &i in &indices {
            // A null row shows blank, as a null long does.
            if i == NULL_LONG {
                values.push(b"");
            } else {
                values.push(i.to_string().as_bytes());
            }
        }
        Enumeration {
            domain,
            atom,
            attr: Attr::None,
            indices,
            values,
            link: true,
            keys: None,
        }
    }

    /// The indices into the domain, as a long atom or vector: what an
    /// enumeration picks when it indexes a list.
    pub fn positions(&self) -> K {
        match (self.atom, self.indices.first()) {
            (true, Some(&i)) => K::long(i),
            _ => K::longs(self.indices.clone()),
        }
    }
}

/// A q error signalled during evaluation or received from a remote, e.g. `'type`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{msg}")]
pub struct QError {
    /// The error text without the leading `'`.
    pub msg: Rc<str>,
}

impl QError {
    /// An error with text `msg`.
    pub fn new(msg: impl AsRef<str>) -> QError {
        QError {
            msg: Rc::from(msg.as_ref()),
        }
    }
}

/// Shorthand for a q error: `qerr("type")` is `'type`.
pub fn qerr(msg: impl AsRef<str>) -> QError {
    QError::new(msg)
}

impl K {
    // ---- atoms ----

    /// A boolean atom.
    pub fn bool(b: bool) -> K {
        K::Atom(Type::Boolean, Scalar::U8(b as u8))
    }
    /// A byte atom.
    pub fn byte(b: u8) -> K {
        K::Atom(Type::Byte, Scalar::U8(b))
    }
    /// A short atom.
    pub fn short(x: i16) -> K {
        K::Atom(Type::Short, Scalar::I16(x))
    }
    /// An int atom.
    pub fn int(x: i32) -> K {
        K::Atom(Type::Int, Scalar::I32(x))
    }
    /// A long atom.
    pub fn long(x: i64) -> K {
        K::Atom(Type::Long, Scalar::I64(x))
    }
    /// A real atom.
    pub fn real(x: f32) -> K {
        K::Atom(Type::Real, Scalar::F32(x))
    }
    /// A float atom.
    pub fn float(x: f64) -> K {
        K::Atom(Type::Float, Scalar::F64(x))
    }
    /// A char atom.
    pub fn char(c: u8) -> K {
        K::Atom(Type::Char, Scalar::U8(c))
    }
    /// A symbol atom.
    pub fn sym(s: impl Into<Sym>) -> K {
        K::Atom(Type::Symbol, Scalar::Sym(s.into()))
    }
    /// A guid atom.
    pub fn guid(g: [u8; 16]) -> K {
        K::Atom(Type::Guid, Scalar::Guid(g))
    }
    /// An atom of a temporal or other type stored as i32.
    pub fn atom_i32(t: Type, x: i32) -> K {
        debug_assert_eq!(t.storage(), Storage::I32);
        K::Atom(t, Scalar::I32(x))
    }
    /// An atom of a type stored as i64.
    pub fn atom_i64(t: Type, x: i64) -> K {
        debug_assert_eq!(t.storage(), Storage::I64);
        K::Atom(t, Scalar::I64(x))
    }
    /// A timestamp atom (nanoseconds since 2000.01.01).
    pub fn timestamp(ns: i64) -> K {
        K::Atom(Type::Timestamp, Scalar::I64(ns))
    }
    /// A date atom (days since 2000.01.01).
    pub fn date(d: i32) -> K {
        K::Atom(Type::Date, Scalar::I32(d))
    }
    /// A timespan atom (nanoseconds).
    pub fn timespan(ns: i64) -> K {
        K::Atom(Type::Timespan, Scalar::I64(ns))
    }
    /// The null atom of type `t` (boolean and byte have none and give 0).
    pub fn null(t: Type) -> K {
        K::Atom(t, null_scalar(t))
    }

    // ---- vectors ----

    /// A vector of type `t` holding `data` (whose storage must match).
    pub fn vector(t: Type, data: Data) -> K {
        K::vector_attr(t, Attr::None, data)
    }
    /// A vector with an attribute.
    pub fn vector_attr(t: Type, attr: Attr, data: Data) -> K {
        debug_assert!(matches!(
            (t.storage(), &data),
            (Storage::U8, Data::U8(_))
                | (Storage::Guid, Data::Guid(_))
                | (Storage::I16, Data::I16(_))
                | (Storage::I32, Data::I32(_))
                | (Storage::I64, Data::I64(_))
                | (Storage::F32, Data::F32(_))
                | (Storage::F64, Data::F64(_))
                | (Storage::Sym, Data::Sym(_))
        ));
        K::Vector(Rc::new(Vector { ty: t, attr, data }))
    }
    /// An empty vector of type `t`.
    pub fn empty(t: Type) -> K {
        K::vector(t, Data::empty(t))
    }
    /// A boolean vector.
    pub fn bools(v: Vec<bool>) -> K {
        K::vector(
            Type::Boolean,
            Data::U8(v.into_iter().map(u8::from).collect()),
        )
    }
    /// A byte vector.
    pub fn bytes(v: Vec<u8>) -> K {
        K::vector(Type::Byte, Data::U8(v))
    }
    /// A short vector.
    pub fn shorts(v: Vec<i16>) -> K {
        K::vector(Type::Short, Data::I16(v))
    }
    /// An int vector.
    pub fn ints(v: Vec<i32>) -> K {
        K::vector(Type::Int, Data::I32(v))
    }
    /// A long vector.
    pub fn longs(v: Vec<i64>) -> K {
        K::vector(Type::Long, Data::I64(v))
    }
    /// A real vector.
    pub fn reals(v: Vec<f32>) -> K {
        K::vector(Type::Real, Data::F32(v))
    }
    /// A float vector.
    pub fn floats(v: Vec<f64>) -> K {
        K::vector(Type::Float, Data::F64(v))
    }
    /// A string (char vector).
    pub fn string(s: impl AsRef<[u8]>) -> K {
        K::vector(Type::Char, Data::U8(s.as_ref().to_vec()))
    }
    /// A symbol vector.
    pub fn syms(v: SymVec) -> K {
        K::vector(Type::Symbol, Data::Sym(v))
    }
    /// A symbol vector from texts.
    pub fn sym_list<'a>(v: impl IntoIterator<Item = &'a str>) -> K {
        K::syms(v.into_iter().collect())
    }

    // ---- compound ----

    /// A general list.
    pub fn list(items: Vec<K>) -> K {
        K::List(Rc::new(List {
            attr: Attr::None,
            items,
        }))
    }
    /// A dictionary (no count check; see the evaluator for `!`).
    pub fn dict(keys: K, values: K) -> K {
        K::Dict(Rc::new(Dict {
            sorted: false,
            keys,
            values,
        }))
    }
    /// A table from names and equal-length columns (no check).
    pub fn table(names: SymVec, cols: Vec<K>) -> K {
        K::Table(Rc::new(Table {
            attr: Attr::None,
            names,
            cols,
        }))
    }
    /// A function value.
    pub fn func(f: Func) -> K {
        K::Func(Rc::new(f))
    }
    /// The elided-argument marker used inside projections.
    pub fn elided() -> K {
        K::func(Func::Unary(ELIDED))
    }

    // ---- inspection ----

    /// q's `type x` as a number: negative for atoms, 0 for lists, 98 table,
    /// 99 dict, 100+ functions, -128 error, 101 for `::`.
    pub fn type_code(&self) -> i16 {
        match self {
            K::Atom(t, _) => -(*t as i16),
            K::Vector(v) => v.ty as i16,
            K::List(_) => 0,
            K::Table(_) => 98,
            K::Dict(_) => 99,
            K::Nil => 101,
            K::Error(_) => -128,
            K::Enum(e) => {
                if e.atom {
                    -20
                } else {
                    20
                }
            }
            K::Func(f) => match &**f {
                Func::Lambda(l) => shown_type(&l.src),
                Func::Unary(_) => 101,
                Func::Binary(_) => 102,
                Func::Iterator(_) => 103,
                Func::Projection(_) => 104,
                Func::Composition(_) => 105,
                Func::Derived(a, _) => 106 + *a as i16,
            },
        }
    }

    /// Whether this is an atom (including functions, `::` and errors, as q's `count` sees them).
    pub fn is_atom(&self) -> bool {
        match self {
            K::Vector(_) | K::List(_) | K::Dict(_) | K::Table(_) => false,
            K::Enum(e) => e.atom,
            _ => true,
        }
    }

    /// q's `count`: items of a list or dict, rows of a table, 1 for atoms.
    pub fn count(&self) -> usize {
        // A loop, not recursion: a table's first column may itself be a
        // table, as deep as the value nests.
        let mut x = self;
        loop {
            return match x {
                K::Vector(v) => v.len(),
                K::List(l) => l.items.len(),
                K::Dict(d) => {
                    x = &d.keys;
                    continue;
                }
                K::Table(t) => match t.cols.first() {
                    Some(c) => {
                        x = c;
                        continue;
                    }
                    None => 0,
                },
                K::Enum(e) if !e.atom => e.indices.len(),
                _ => 1,
            };
        }
    }

    /// Whether this is the elided-argument marker.
    pub fn is_elided(&self) -> bool {
        matches!(self, K::Func(f) if matches!(**f, Func::Unary(ELIDED)))
    }

    /// Whether this is a keyed table (a dict of table to table).
    pub fn is_keyed_table(&self) -> bool {
        matches!(self, K::Dict(d) if matches!(d.keys, K::Table(_)) && matches!(d.values, K::Table(_)))
    }

    /// The value as a long, if it is an integral atom (boolean through long).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            K::Atom(Type::Boolean | Type::Byte, Scalar::U8(x)) => Some(*x as i64),
            K::Atom(Type::Short, Scalar::I16(x)) => Some(*x as i64),
            K::Atom(Type::Int, Scalar::I32(x)) => Some(*x as i64),
            K::Atom(Type::Long, Scalar::I64(x)) => Some(*x),
            _ => None,
        }
    }

    /// The bytes of a string (char vector) or char atom.
    pub fn as_str_bytes(&self) -> Option<&[u8]> {
        match self {
            K::Vector(v) if v.ty == Type::Char => match &v.data {
                Data::U8(b) => Some(b),
                _ => None,
            },
            K::Atom(Type::Char, Scalar::U8(c)) => Some(std::slice::from_ref(c)),
            _ => None,
        }
    }

    /// The symbol, if this is a symbol atom.
    pub fn as_sym(&self) -> Option<&Sym> {
        match self {
            K::Atom(Type::Symbol, Scalar::Sym(s)) => Some(s),
            _ => None,
        }
    }
}

/// The null storage for type `t` (zero for boolean and byte, which have no null).
pub fn null_scalar(t: Type) -> Scalar {
    match t.storage() {
        Storage::U8 => Scalar::U8(if t == Type::Char { b' ' } else { 0 }),
        Storage::Guid => Scalar::Guid([0; 16]),
        Storage::I16 => Scalar::I16(NULL_SHORT),
        Storage::I32 => Scalar::I32(NULL_INT),
        Storage::I64 => Scalar::I64(NULL_LONG),
        Storage::F32 => Scalar::F32(null_real()),
        Storage::F64 => Scalar::F64(null_float()),
        Storage::Sym => Scalar::Sym(Sym::null()),
    }
}

/// Whether `s`, an item of type `t`, is q's null for that type.
pub fn is_null(t: Type, s: &Scalar) -> bool {
    match s {
        Scalar::U8(c) => t == Type::Char && *c == b' ',
        Scalar::Guid(g) => g.iter().all(|&b| b == 0),
        Scalar::I16(x) => *x == NULL_SHORT,
        Scalar::I32(x) => *x == NULL_INT,
        Scalar::I64(x) => *x == NULL_LONG,
        Scalar::F32(x) => x.is_nan(),
        Scalar::F64(x) => x.is_nan(),
        Scalar::Sym(s) => s.is_null(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picking_out_of_range_gives_the_types_null() {
        let idx = [2, -1, 0, 3, i64::MIN];
        let longs = Data::I64(vec![10, 20, 30]).pick(Type::Long, &idx);
        assert_eq!(
            longs,
            Data::I64(vec![30, NULL_LONG, 10, NULL_LONG, NULL_LONG])
        );
        let chars = Data::U8(b"abc".to_vec()).pick(Type::Char, &idx);
        assert_eq!(chars, Data::U8(b"c a  ".to_vec()));
        let floats = Data::F64(vec![1.5]).pick(Type::Float, &[0, 1]);
        assert!(matches!(&floats, Data::F64(f) if f[0] == 1.5 && f[1].is_nan()));
        let syms: SymVec = ["a", "bb", "c"].iter().map(|s| s.as_bytes()).collect();
        let picked = Data::Sym(syms).pick(Type::Symbol, &idx);
        let want: SymVec = ["c", "", "a", "", ""]
            .iter()
            .map(|s| s.as_bytes())
            .collect();
        assert_eq!(picked, Data::Sym(want));
    }

    #[test]
    fn type_codes_follow_q() {
        assert_eq!(K::long(1).type_code(), -7);
        assert_eq!(K::longs(vec![1, 2]).type_code(), 7);
        assert_eq!(K::list(vec![]).type_code(), 0);
        assert_eq!(K::Nil.type_code(), 101);
        assert_eq!(K::func(Func::Binary(1)).type_code(), 102);
        assert_eq!(
            K::func(Func::Derived(Adverb::EachLeft, K::func(Func::Binary(1)))).type_code(),
            111
        );
        assert_eq!(K::Error(Sym::from("type")).type_code(), -128);
    }

    #[test]
    fn nan_payloads_count_for_identity() {
        let a = K::float(f64::from_bits(0x7FF8_0000_0000_0001));
        let b = K::float(f64::from_bits(0x7FF8_0000_0000_0002));
        assert_ne!(a, b);
        assert_eq!(a, a.clone());
        assert!(is_null(Type::Float, &Scalar::F64(null_float())));
    }

    #[test]
    fn counts() {
        let t = K::table(
            ["a", "b"].into_iter().collect(),
            vec![K::longs(vec![1, 2, 3]), K::sym_list(["x", "y", "z"])],
        );
        assert_eq!(t.count(), 3);
        assert_eq!(K::dict(K::sym_list(["a"]), K::longs(vec![1])).count(), 1);
        assert_eq!(K::long(5).count(), 1);
    }
}
