//! Serialization of q values into IPC messages, sized exactly before the
//! single allocation, with the capability checks q applies when sending.

use super::header::{HEADER_LEN, Header};
use super::item::put_items;
use super::{
    CAPABILITY_COMPRESSION, CAPABILITY_GUID, CAPABILITY_LARGE, CAPABILITY_TEMPORAL, EncodeError,
    MAX_CAPABILITY, MAX_LEN_LARGE, MAX_LEN_SMALL, MsgType, compress, wire,
};
use crate::k::{Attr, Data, Dict, Enumeration, Func, K, Scalar, SymVec, Table, Type, Vector};

/// How to encode a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeOptions {
    /// The negotiated capability of the connection (0..6); it decides which
    /// types and sizes may be sent.
    pub capability: u8,
    /// Whether compression is allowed. The caller decides locality: never to
    /// localhost or a Unix socket; `-18!` always allows it. Compression is
    /// also skipped at capability 0.
    pub compress: bool,
}

impl Default for EncodeOptions {
    /// Our highest capability, uncompressed: what `-8!` produces.
    fn default() -> EncodeOptions {
        EncodeOptions {
            capability: MAX_CAPABILITY,
            compress: false,
        }
    }
}

/// The exact length of the uncompressed message holding `k`, header included
/// (q's `-22!x`), computed without serializing.
pub fn encoded_len(k: &K) -> usize {
    HEADER_LEN + object_len(k)
}

/// Encodes `k` as a complete message of type `msg_type`, always little-endian.
/// Enumerations go out as their symbols. A sorted dictionary goes out as type
/// 127 with its keys exactly as held (q's keys carry `s#`).
///
/// # Errors
/// [`EncodeError::Type`] for a guid below capability 3, a timestamp or
/// timespan at capability 0, or an error object inside another object;
/// [`EncodeError::Limit`] for a message over 2 GB below capability 5, over
/// 1 TB at any, or a vector of more than 2^31-1 items.
pub fn encode_message(
    msg_type: MsgType,
    k: &K,
    opts: &EncodeOptions,
) -> Result<Vec<u8>, EncodeError> {
    let len = encoded_len(k);
    let len64 = len as u64;
    if len64 > MAX_LEN_LARGE || (len64 > MAX_LEN_SMALL && opts.capability < CAPABILITY_LARGE) {
        return Err(EncodeError::Limit { len: len64 });
    }
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&Header::new(msg_type, len64).encode());
    Writer {
        out: &mut out,
        capability: opts.capability,
    }
    .object(k, true)?;
    debug_assert_eq!(out.len(), len, "encoded_len disagrees with the encoder");
    if opts.compress
        && opts.capability >= CAPABILITY_COMPRESSION
        && let Some(compressed) = compress(&out)
    {
        return Ok(compressed);
    }
    Ok(out)
}

/// Appends `k`'s serialized bytes, with no message header, to `out`: the
/// body of a kdb+ data file after its `0xff01` mark, and one item of a log
/// file. Enumerations go out as their symbols.
///
/// # Errors
/// [`EncodeError::Type`] for an error object inside another object, and
/// [`EncodeError::Stack`] for a value nested too deeply to walk.
pub fn encode_object(k: &K, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    out.reserve(object_len(k));
    Writer {
        out,
        capability: MAX_CAPABILITY,
    }
    .object(k, true)
}

/// A symbol's bytes as sent: q cuts a symbol at its first NUL.
fn sym_text(bytes: &[u8]) -> &[u8] {
    match memchr::memchr(0, bytes) {
        Some(p) => &bytes[..p],
        None => bytes,
    }
}

/// Wire bytes of a simple vector's header: type, attribute, count.
const VECTOR_HEADER_LEN: usize = 6;

/// Wire bytes of the items of `data`.
fn items_len(ty: Type, data: &Data) -> usize {
    match data {
        Data::Sym(s) => s.packed().len(),
        _ => data.len() * ty.width(),
    }
}

/// Wire bytes of one object.
fn object_len(k: &K) -> usize {
    if !crate::k::depth::room() {
        return 0;
    }
    match k {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => 2 + sym_text(s).len(),
        K::Atom(t, _) => 1 + t.width(),
        K::Vector(v) => VECTOR_HEADER_LEN + items_len(v.ty, &v.data),
        K::List(l) => VECTOR_HEADER_LEN + l.items.iter().map(object_len).sum::<usize>(),
        K::Dict(d) => 1 + object_len(&d.keys) + object_len(&d.values),
        K::Table(t) => table_len(t),
        K::Func(f) => func_len(f),
        K::Nil => 2,
        K::Error(s) => 2 + sym_text(s).len(),
        K::Enum(e) => enum_len(e),
    }
}

fn table_len(t: &Table) -> usize {
    // 62 attr 63, the names vector, the general list of columns.
    3 + VECTOR_HEADER_LEN
        + t.names.packed().len()
        + VECTOR_HEADER_LEN
        + t.cols.iter().map(object_len).sum::<usize>()
}

fn func_len(f: &Func) -> usize {
    match f {
        Func::Lambda(l) => 1 + sym_text(&l.ctx).len() + 1 + VECTOR_HEADER_LEN + l.src.len(),
        Func::Unary(_) | Func::Binary(_) | Func::Iterator(_) => 2,
        Func::Projection(items) | Func::Composition(items) => {
            5 + items.iter().map(object_len).sum::<usize>()
        }
        Func::Derived(_, inner) => 1 + object_len(inner),
    }
}

fn enum_len(e: &Enumeration) -> usize {
    // A foreign key on other values than symbols travels as its key
    // values, a link as its row numbers.
    if let Some(keys) = e.key_values() {
        return object_len(&keys);
    }
    if e.link {
        return object_len(&e.positions());
    }
    if e.atom {
        2 + enum_atom_text(e).len()
    } else {
        VECTOR_HEADER_LEN + e.values.packed().len()
    }
}

/// The symbol an enumeration atom stands for (null if it holds none).
fn enum_atom_text(e: &Enumeration) -> &[u8] {
    if e.values.is_empty() {
        b""
    } else {
        e.values.get(0)
    }
}

/// Writes objects into a buffer sized by [`object_len`].
struct Writer<'a> {
    out: &'a mut Vec<u8>,
    capability: u8,
}

impl Writer<'_> {
    fn object(&mut self, k: &K, top: bool) -> Result<(), EncodeError> {
        if !crate::k::depth::room() {
            return Err(EncodeError::Stack);
        }
        match k {
            K::Atom(t, s) => self.atom(*t, s),
            K::Vector(v) => self.vector(v, v.attr),
            K::List(l) => {
                self.list_header(wire::LIST, l.attr, l.items.len())?;
                l.items.iter().try_for_each(|x| self.object(x, false))
            }
            K::Dict(d) => self.dict(d),
            K::Table(t) => self.table(t),
            K::Func(f) => self.func(f),
            K::Nil => {
                self.out.extend_from_slice(&[wire::UNARY as u8, 0]);
                Ok(())
            }
            K::Error(s) => {
                if !top {
                    return Err(EncodeError::Type("error object inside another object"));
                }
                self.out.push(wire::ERROR as u8);
                self.cstr(s);
                Ok(())
            }
            K::Enum(e) if e.keys.is_some() => match e.key_values() {
                Some(keys) => self.object(&keys, false),
                None => self.object(&e.positions(), false),
            },
            K::Enum(e) if e.link => self.object(&e.positions(), false),
            K::Enum(e) => {
                if e.atom {
                    self.out.push(-(Type::Symbol.code()) as u8);
                    self.cstr(enum_atom_text(e));
                    Ok(())
                } else {
                    self.syms(Attr::None, &e.values)
                }
            }
        }
    }

    /// Refuses types the connection's capability cannot carry.
    fn check_type(&self, t: Type) -> Result<(), EncodeError> {
        match t {
            Type::Guid if self.capability < CAPABILITY_GUID => {
                Err(EncodeError::Type("guid needs capability 3"))
            }
            Type::Timestamp | Type::Timespan if self.capability < CAPABILITY_TEMPORAL => Err(
                EncodeError::Type("timestamp and timespan need capability 1"),
            ),
            _ => Ok(()),
        }
    }

    fn cstr(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(sym_text(bytes));
        self.out.push(0);
    }

    fn atom(&mut self, t: Type, s: &Scalar) -> Result<(), EncodeError> {
        self.check_type(t)?;
        self.out.push(-t.code() as u8);
        match s {
            Scalar::U8(x) => self.out.push(*x),
            Scalar::Guid(g) => self.out.extend_from_slice(g),
            Scalar::I16(x) => self.out.extend_from_slice(&x.to_le_bytes()),
            Scalar::I32(x) => self.out.extend_from_slice(&x.to_le_bytes()),
            Scalar::I64(x) => self.out.extend_from_slice(&x.to_le_bytes()),
            Scalar::F32(x) => self.out.extend_from_slice(&x.to_bits().to_le_bytes()),
            Scalar::F64(x) => self.out.extend_from_slice(&x.to_bits().to_le_bytes()),
            Scalar::Sym(x) => self.cstr(x),
        }
        Ok(())
    }

    fn list_header(&mut self, ty: i8, attr: Attr, n: usize) -> Result<(), EncodeError> {
        let n = i32::try_from(n).map_err(|_| EncodeError::Limit { len: n as u64 })?;
        self.out.push(ty as u8);
        self.out.push(attr as u8);
        self.out.extend_from_slice(&n.to_le_bytes());
        Ok(())
    }

    fn vector(&mut self, v: &Vector, attr: Attr) -> Result<(), EncodeError> {
        self.check_type(v.ty)?;
        if let Data::Sym(s) = &v.data {
            return self.syms(attr, s);
        }
        self.list_header(v.ty.code(), attr, v.len())?;
        match &v.data {
            Data::U8(x) => put_items(self.out, x),
            Data::Guid(x) => put_items(self.out, x),
            Data::I16(x) => put_items(self.out, x),
            Data::I32(x) => put_items(self.out, x),
            Data::I64(x) => put_items(self.out, x),
            Data::F32(x) => put_items(self.out, x),
            Data::F64(x) => put_items(self.out, x),
            Data::Sym(_) => unreachable!("handled above"),
        }
        Ok(())
    }

    /// A symbol vector: its packed form is already the wire layout.
    fn syms(&mut self, attr: Attr, s: &SymVec) -> Result<(), EncodeError> {
        self.list_header(Type::Symbol.code(), attr, s.len())?;
        self.out.extend_from_slice(s.packed());
        Ok(())
    }

    fn dict(&mut self, d: &Dict) -> Result<(), EncodeError> {
        let ty = if d.sorted {
            wire::SORTED_DICT
        } else {
            wire::DICT
        };
        self.out.push(ty as u8);
        self.object(&d.keys, false)?;
        self.object(&d.values, false)
    }

    fn table(&mut self, t: &Table) -> Result<(), EncodeError> {
        self.out
            .extend_from_slice(&[wire::TABLE as u8, t.attr as u8, wire::DICT as u8]);
        self.syms(Attr::None, &t.names)?;
        self.list_header(wire::LIST, Attr::None, t.cols.len())?;
        t.cols.iter().try_for_each(|c| self.object(c, false))
    }

    fn func(&mut self, f: &Func) -> Result<(), EncodeError> {
        match f {
            Func::Lambda(l) => {
                self.out.push(wire::LAMBDA as u8);
                self.cstr(&l.ctx);
                self.list_header(Type::Char.code(), Attr::None, l.src.len())?;
                self.out.extend_from_slice(l.src.as_bytes());
            }
            Func::Unary(code) => self.out.extend_from_slice(&[wire::UNARY as u8, *code]),
            Func::Binary(code) => self.out.extend_from_slice(&[wire::BINARY as u8, *code]),
            Func::Iterator(code) => self.out.extend_from_slice(&[wire::ITERATOR as u8, *code]),
            Func::Projection(items) | Func::Composition(items) => {
                let ty = if matches!(f, Func::Projection(_)) {
                    wire::PROJECTION
                } else {
                    wire::COMPOSITION
                };
                let n = i32::try_from(items.len()).map_err(|_| EncodeError::Limit {
                    len: items.len() as u64,
                })?;
                self.out.push(ty as u8);
                self.out.extend_from_slice(&n.to_le_bytes());
                for x in items {
                    self.object(x, false)?;
                }
            }
            Func::Derived(adverb, inner) => {
                self.out.push((wire::EACH + *adverb as i8) as u8);
                self.object(inner, false)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::{Adverb, Lambda, Sym};
    use std::rc::Rc;

    fn payload(k: &K) -> Vec<u8> {
        let msg = encode_message(MsgType::Async, k, &EncodeOptions::default()).unwrap();
        assert_eq!(msg.len(), encoded_len(k));
        msg[HEADER_LEN..].to_vec()
    }

    #[test]
    fn atoms_and_vectors() {
        assert_eq!(payload(&K::int(1)), [0xfa, 1, 0, 0, 0]);
        assert_eq!(payload(&K::short(-234)), [0xfb, 0x16, 0xff]);
        assert_eq!(payload(&K::sym("abc")), b"\xf5abc\0");
        assert_eq!(
            payload(&K::sym_list(["a", "b"])),
            [0x0b, 0, 2, 0, 0, 0, b'a', 0, b'b', 0]
        );
        assert_eq!(payload(&K::ints(vec![1])), [6, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    }

    #[test]
    fn symbols_are_cut_at_nul() {
        assert_eq!(payload(&K::sym(Sym::new(b"ab\0cd"))), b"\xf5ab\0");
        assert_eq!(payload(&K::Error(Sym::new(b"no\0pe"))), b"\x80no\0");
    }

    #[test]
    fn enumerations_go_out_as_symbols() {
        let e = |atom, idx: Vec<i64>, vals: &[&str]| {
            K::Enum(Rc::new(Enumeration {
                domain: Sym::from("sym"),
                atom,
                attr: crate::k::Attr::None,
                indices: idx,
                values: vals.iter().copied().collect(),
                link: false,
                keys: None,
            }))
        };
        assert_eq!(payload(&e(true, vec![1], &["b"])), payload(&K::sym("b")));
        assert_eq!(
            payload(&e(false, vec![0, 1], &["a", "b"])),
            payload(&K::sym_list(["a", "b"]))
        );
    }

    #[test]
    fn functions() {
        let lambda = K::func(Func::Lambda(Lambda::new(Sym::from("d"), "{x}")));
        assert_eq!(payload(&lambda), b"\x64d\0\x0a\x00\x03\x00\x00\x00{x}");
        assert_eq!(payload(&K::Nil), [0x65, 0]);
        assert_eq!(payload(&K::elided()), [0x65, 0xff]);
        let sums = K::func(Func::Derived(Adverb::Scan, K::func(Func::Binary(1))));
        assert_eq!(payload(&sums), [0x6c, 0x66, 0x01]);
    }

    #[test]
    fn capability_refuses_guids_and_nanosecond_types() {
        let cap = |capability| EncodeOptions {
            capability,
            compress: false,
        };
        let guid = K::list(vec![K::guid([1; 16])]);
        assert_eq!(
            encode_message(MsgType::Async, &guid, &cap(2)),
            Err(EncodeError::Type("guid needs capability 3"))
        );
        assert!(encode_message(MsgType::Async, &guid, &cap(3)).is_ok());
        let ts = K::vector(Type::Timespan, Data::I64(vec![1]));
        assert!(encode_message(MsgType::Async, &ts, &cap(0)).is_err());
        assert!(encode_message(MsgType::Async, &ts, &cap(1)).is_ok());
        assert!(encode_message(MsgType::Async, &K::timestamp(0), &cap(0)).is_err());
    }

    #[test]
    fn errors_only_at_top_level() {
        let e = K::Error(Sym::from("type"));
        assert_eq!(payload(&e), b"\x80type\0");
        assert!(
            encode_message(
                MsgType::Response,
                &K::list(vec![e]),
                &EncodeOptions::default()
            )
            .is_err()
        );
    }

    #[test]
    fn compression_only_when_allowed_and_worth_it() {
        let big = K::bools(vec![true; 2000]);
        let plain = encode_message(MsgType::Async, &big, &EncodeOptions::default()).unwrap();
        assert_eq!(plain.len(), 2014);
        let opts = EncodeOptions {
            capability: 3,
            compress: true,
        };
        let packed = encode_message(MsgType::Async, &big, &opts).unwrap();
        assert_eq!(packed.len(), 38);
        let opts0 = EncodeOptions {
            capability: 0,
            compress: true,
        };
        assert_eq!(encode_message(MsgType::Async, &big, &opts0).unwrap(), plain);
    }
}
