//! Deserialization of IPC messages into q values, validating everything a
//! hostile peer could get wrong before allocating for it.

use std::rc::Rc;

use super::header::{HEADER_LEN, Header, MIN_OBJECT_LEN};
use super::reader::Reader;
use super::{CAPABILITY_LIMIT, DecodeError, decompress, wire};
use crate::k::{
    Adverb, Attr, Data, Dict, Func, K, Lambda, List, Scalar, Storage, Sym, SymVec, Table, Type,
    Vector,
};

/// How deeply objects may nest before a message is refused. Real data
/// rarely nests more than a few levels, but q sends whatever nests, and a
/// peer that made a deep value should get it back. A level costs about
/// 0.5 KB of stack in an optimized build, so the bound also caps the stack
/// a hostile message can make the process touch (about 100 MB); the
/// decoder stops sooner, with the same error, on a thread whose stack is
/// nearly spent.
pub const MAX_DEPTH: usize = 200_000;

/// Limits applied while decoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    /// The connection's negotiated capability: header byte 3 (the 40-bit
    /// length) is accepted only at 5 or more.
    pub capability: u8,
    /// The largest message accepted, compressed or after decompression.
    pub max_len: usize,
}

impl Default for DecodeOptions {
    /// Everything the protocol allows (what `-9!` accepts).
    fn default() -> DecodeOptions {
        DecodeOptions {
            capability: CAPABILITY_LIMIT,
            max_len: usize::MAX,
        }
    }
}

/// Decodes one complete message (as framed by [`super::frame_len`]),
/// decompressing it if needed, with the protocol's own limits.
///
/// The header returned is the one received (its `compressed` flag and
/// length describe the bytes on the wire). A top-level error object (type
/// -128, as in an error response) decodes to [`K::Error`].
///
/// # Errors
/// Any malformation: see [`DecodeError`].
pub fn decode_message(msg: &[u8]) -> Result<(Header, K), DecodeError> {
    decode_message_with(msg, &DecodeOptions::default())
}

/// [`decode_message`] with a connection's capability and size limit.
///
/// # Errors
/// Any malformation: see [`DecodeError`].
pub fn decode_message_with(msg: &[u8], opts: &DecodeOptions) -> Result<(Header, K), DecodeError> {
    let header = check_header(msg, opts)?;
    let k = if header.compressed {
        let mut plain = decompress(msg, opts.max_len)?;
        decode_payload(Reader::releasing(&mut plain, HEADER_LEN, header.big_endian))?
    } else {
        decode_payload(Reader::at(msg, HEADER_LEN, header.big_endian))?
    };
    Ok((header, k))
}

/// [`decode_message_with`] for a message the caller hands over, such as a
/// frame taken from a connection. While large vectors are copied out, the
/// pages of the message already read are returned to the OS, so a large
/// message and its decoded value are not both held in full: decoding a 1 GB
/// vector peaks near 1 GB rather than 2.
///
/// # Errors
/// Any malformation: see [`DecodeError`].
pub fn decode_message_owned(
    mut msg: Vec<u8>,
    opts: &DecodeOptions,
) -> Result<(Header, K), DecodeError> {
    let header = check_header(&msg, opts)?;
    if header.compressed {
        let mut plain = decompress(&msg, opts.max_len)?;
        drop(msg);
        let k = decode_payload(Reader::releasing(&mut plain, HEADER_LEN, header.big_endian))?;
        return Ok((header, k));
    }
    let k = decode_payload(Reader::releasing(&mut msg, HEADER_LEN, header.big_endian))?;
    Ok((header, k))
}

/// The header of the whole message `msg`, checked against its length and
/// the limits.
fn check_header(msg: &[u8], opts: &DecodeOptions) -> Result<Header, DecodeError> {
    let header = Header::decode(msg, opts.capability)?;
    if header.len != msg.len() as u64 {
        return Err(DecodeError::LengthMismatch {
            header: header.len,
            actual: msg.len(),
        });
    }
    if header.len > opts.max_len as u64 {
        return Err(DecodeError::TooLarge {
            len: header.len,
            max: opts.max_len as u64,
        });
    }
    Ok(header)
}

/// Decodes the single object that makes up the payload of an uncompressed
/// message, read by `r` from just after the header (error offsets count
/// from the start of the message).
fn decode_payload(r: Reader<'_>) -> Result<K, DecodeError> {
    let mut d = Decoder { r, depth: 0 };
    let k = d.object(true)?;
    match d.r.remaining() {
        0 => Ok(k),
        n => Err(DecodeError::TrailingBytes(n)),
    }
}

/// Decodes serialized objects laid end to end with no message headers, as
/// in a log file or the body of a `0xff01` data file, starting at `start`.
/// Stops at the first object that is cut short or malformed, or after
/// `limit` objects. Returns the objects and the offset just past the last
/// whole one: a reader of a log file reports a damaged tail from it.
pub fn decode_objects(buf: &[u8], start: usize, limit: usize) -> (Vec<K>, usize) {
    let mut items = Vec::new();
    let mut end = start.min(buf.len());
    while items.len() < limit && end < buf.len() {
        let mut d = Decoder {
            r: Reader::at(buf, end, false),
            depth: 0,
        };
        match d.object(true) {
            Ok(k) => {
                end = d.r.pos();
                items.push(k);
            }
            Err(_) => break,
        }
    }
    (items, end)
}

/// Decodes the one object that fills `buf` from `start`.
///
/// # Errors
/// Any malformation, or bytes left over after the object.
pub fn decode_object(buf: &[u8], start: usize) -> Result<K, DecodeError> {
    decode_payload(Reader::at(buf, start, false))
}

struct Decoder<'a> {
    r: Reader<'a>,
    depth: usize,
}

impl Decoder<'_> {
    /// One object. The dispatch only calls out, so that each level of
    /// nesting costs two small stack frames (this one and the container's).
    fn object(&mut self, top: bool) -> Result<K, DecodeError> {
        if self.depth >= MAX_DEPTH || !crate::k::depth::room() {
            crate::k::depth::take_exhausted();
            return Err(DecodeError::TooDeep(self.depth));
        }
        // An error abandons the whole message, so depth is only restored on
        // success.
        self.depth += 1;
        let t = self.r.i8()?;
        let k = match t {
            wire::LIST => self.list(),
            wire::TABLE => self.table(),
            wire::DICT | wire::SORTED_DICT => self.dict(t == wire::SORTED_DICT),
            wire::LAMBDA => self.lambda(),
            wire::UNARY | wire::BINARY | wire::ITERATOR => self.primitive(t),
            wire::PROJECTION | wire::COMPOSITION => self.function_list(t),
            wire::EACH..=wire::EACH_LEFT => self.derived(t),
            wire::ERROR => self.error(top),
            20..=97 | -97..=-20 | wire::FOREIGN => Err(DecodeError::UnsupportedType(t)),
            _ => self.simple(t),
        }?;
        self.depth -= 1;
        Ok(k)
    }

    /// An atom (negative type) or vector of a simple type.
    fn simple(&mut self, t: i8) -> Result<K, DecodeError> {
        match Type::from_code(t) {
            Some(ty) if t < 0 => self.atom(ty),
            Some(ty) => self.vector(ty),
            None => Err(DecodeError::UnknownType(t)),
        }
    }

    fn dict(&mut self, sorted: bool) -> Result<K, DecodeError> {
        let keys = self.object(false)?;
        let values = self.object(false)?;
        Ok(K::Dict(Rc::new(Dict {
            sorted,
            keys,
            values,
        })))
    }

    /// A unary, binary or iterator primitive: one code byte.
    fn primitive(&mut self, t: i8) -> Result<K, DecodeError> {
        let code = self.r.u8()?;
        Ok(match t {
            wire::UNARY if code == 0 => K::Nil,
            wire::UNARY => K::func(Func::Unary(code)),
            wire::BINARY => K::func(Func::Binary(code)),
            _ => {
                Adverb::from_code(code).ok_or(DecodeError::BadIterator(code))?;
                K::func(Func::Iterator(code))
            }
        })
    }

    /// A projection or composition: a count, then that many objects.
    fn function_list(&mut self, t: i8) -> Result<K, DecodeError> {
        let n = self.count(MIN_OBJECT_LEN)?;
        if n == 0 {
            return Err(DecodeError::EmptyFunction);
        }
        let items = self.objects(n)?;
        Ok(K::func(if t == wire::PROJECTION {
            Func::Projection(items)
        } else {
            Func::Composition(items)
        }))
    }

    fn derived(&mut self, t: i8) -> Result<K, DecodeError> {
        let adverb =
            Adverb::from_code((t - wire::EACH) as u8).ok_or(DecodeError::UnknownType(t))?;
        let inner = self.object(false)?;
        Ok(K::func(Func::Derived(adverb, inner)))
    }

    fn error(&mut self, top: bool) -> Result<K, DecodeError> {
        if !top {
            return Err(DecodeError::NestedError);
        }
        Ok(K::Error(Sym::new(self.r.cstr()?)))
    }

    /// Reads a count and checks that items of at least `min_item_len` bytes
    /// each could fit in what remains, before anything is reserved for them.
    fn count(&mut self, min_item_len: usize) -> Result<usize, DecodeError> {
        let n = self.r.i32()?;
        let count = usize::try_from(n).map_err(|_| DecodeError::NegativeCount(n))?;
        let needed = count.saturating_mul(min_item_len);
        if needed > self.r.remaining() {
            return Err(DecodeError::CountTooLarge {
                count,
                needed,
                available: self.r.remaining(),
            });
        }
        Ok(count)
    }

    fn attr(&mut self) -> Result<Attr, DecodeError> {
        let b = self.r.u8()?;
        Attr::from_byte(b).ok_or(DecodeError::BadAttr(b))
    }

    fn objects(&mut self, n: usize) -> Result<Vec<K>, DecodeError> {
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(self.object(false)?);
        }
        Ok(items)
    }

    fn atom(&mut self, ty: Type) -> Result<K, DecodeError> {
        let s = match ty.storage() {
            Storage::U8 => {
                let b = self.r.u8()?;
                if ty == Type::Boolean && b > 1 {
                    return Err(DecodeError::BadBoolean(b));
                }
                Scalar::U8(b)
            }
            Storage::Guid => Scalar::Guid(self.r.array()?),
            Storage::I16 => Scalar::I16(self.r.i16()?),
            Storage::I32 => Scalar::I32(self.r.i32()?),
            Storage::I64 => Scalar::I64(self.r.i64()?),
            Storage::F32 => Scalar::F32(self.r.f32()?),
            Storage::F64 => Scalar::F64(self.r.f64()?),
            Storage::Sym => Scalar::Sym(Sym::shared(self.r.cstr()?)),
        };
        Ok(K::Atom(ty, s))
    }

    fn vector(&mut self, ty: Type) -> Result<K, DecodeError> {
        let attr = self.attr()?;
        let data = self.vector_items(ty)?;
        Ok(K::Vector(Rc::new(Vector { ty, attr, data })))
    }

    /// The count and items of a simple vector of type `ty`.
    fn vector_items(&mut self, ty: Type) -> Result<Data, DecodeError> {
        if ty == Type::Symbol {
            // Every symbol takes at least its NUL.
            let n = self.count(1)?;
            return Ok(Data::Sym(self.syms(n)?));
        }
        let n = self.count(ty.width())?;
        Ok(match ty.storage() {
            Storage::U8 => {
                let bytes = self.r.items::<u8>(n)?;
                if ty == Type::Boolean
                    && let Some(&b) = bytes.iter().find(|&&b| b > 1)
                {
                    return Err(DecodeError::BadBoolean(b));
                }
                Data::U8(bytes)
            }
            Storage::Guid => Data::Guid(self.r.items(n)?),
            Storage::I16 => Data::I16(self.r.items(n)?),
            Storage::I32 => Data::I32(self.r.items(n)?),
            Storage::I64 => Data::I64(self.r.items(n)?),
            Storage::F32 => Data::F32(self.r.items(n)?),
            Storage::F64 => Data::F64(self.r.items(n)?),
            Storage::Sym => unreachable!("symbols handled above"),
        })
    }

    /// `n` NUL-terminated symbols, kept packed as they arrived.
    fn syms(&mut self, n: usize) -> Result<SymVec, DecodeError> {
        let start = self.r.pos();
        let rest = self.r.rest();
        let syms =
            SymVec::take_packed(rest, n).ok_or(DecodeError::MissingNul(start + rest.len()))?;
        self.r.take(syms.packed().len())?;
        self.r.release_read();
        Ok(syms)
    }

    fn list(&mut self) -> Result<K, DecodeError> {
        let attr = self.attr()?;
        let n = self.count(MIN_OBJECT_LEN)?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(self.object(false)?);
        }
        Ok(K::List(Rc::new(List { attr, items })))
    }

    /// `62 attr 63 <symbol vector> <general list>`. The attributes of the
    /// name vector and of the column list are not kept: q never sets them.
    fn table(&mut self) -> Result<K, DecodeError> {
        let attr = self.attr()?;
        if self.r.i8()? != wire::DICT {
            return Err(DecodeError::BadTable("no dictionary after the table type"));
        }
        if Type::from_code(self.r.i8()?) != Some(Type::Symbol) {
            return Err(DecodeError::BadTable(
                "column names are not a symbol vector",
            ));
        }
        self.attr()?;
        let n = self.count(1)?;
        let names = self.syms(n)?;
        if self.r.i8()? != wire::LIST {
            return Err(DecodeError::BadTable("columns are not a general list"));
        }
        self.attr()?;
        let ncols = self.count(MIN_OBJECT_LEN)?;
        if ncols != names.len() {
            return Err(DecodeError::BadTable("column and name counts differ"));
        }
        if ncols == 0 {
            return Err(DecodeError::BadTable("no columns"));
        }
        let cols = self.objects(ncols)?;
        let rows = cols[0].count();
        for c in &cols {
            if !matches!(c, K::Vector(_) | K::List(_)) {
                return Err(DecodeError::BadTable("a column is not a list"));
            }
            if c.count() != rows {
                return Err(DecodeError::BadTable("columns differ in length"));
            }
        }
        Ok(K::Table(Rc::new(Table { attr, names, cols })))
    }

    /// `64 <context> 0a attr count <source>`.
    fn lambda(&mut self) -> Result<K, DecodeError> {
        let ctx = Sym::new(self.r.cstr()?);
        if Type::from_code(self.r.i8()?) != Some(Type::Char) {
            return Err(DecodeError::BadLambda("source is not a string"));
        }
        self.attr()?;
        let n = self.count(1)?;
        let src = std::str::from_utf8(self.r.take(n)?)
            .map_err(|_| DecodeError::BadLambda("source is not UTF-8"))?;
        Ok(K::func(Func::Lambda(Lambda::new(ctx, src))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ipc::{EncodeOptions, MsgType, encode_message};

    /// An async little-endian message around `payload`.
    fn message(payload: &[u8]) -> Vec<u8> {
        let mut m = Header::new(
            super::super::MsgType::Async,
            (HEADER_LEN + payload.len()) as u64,
        )
        .encode()
        .to_vec();
        m.extend_from_slice(payload);
        m
    }

    fn decode(payload: &[u8]) -> Result<K, DecodeError> {
        decode_message(&message(payload)).map(|(_, k)| k)
    }

    #[test]
    fn documented_objects_decode() {
        assert_eq!(decode(&[0xfa, 1, 0, 0, 0]), Ok(K::int(1)));
        assert_eq!(decode(b"\xf5abc\0"), Ok(K::sym("abc")));
        assert_eq!(decode(&[0x65, 0]), Ok(K::Nil));
        assert_eq!(decode(&[0x65, 0xff]), Ok(K::elided()));
        assert_eq!(
            decode(&[0x0b, 0, 2, 0, 0, 0, 0, 0]),
            Ok(K::sym_list(["", ""]))
        );
    }

    #[test]
    fn owned_messages_decode_as_borrowed_ones() {
        let long_floats = K::floats((0..3_000_000).map(|i| i as f64 / 3.0).collect());
        let table = K::table(
            ["a", "s"].into_iter().collect(),
            vec![
                K::longs((0..1_000_000).collect()),
                K::sym_list((0..1_000_000).map(|i| if i % 3 == 0 { "x" } else { "yz" })),
            ],
        );
        let plain = |k: &K| encode_message(MsgType::Async, k, &EncodeOptions::default()).unwrap();
        let compressed = encode_message(
            MsgType::Async,
            &K::bools(vec![true; 5000]),
            &EncodeOptions {
                capability: 3,
                compress: true,
            },
        )
        .unwrap();
        assert_eq!(compressed[2], 1, "the sample is compressed");
        let big_endian = vec![
            0, 0, 0, 0, 0, 0, 0, 22, 7, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 2,
        ];
        for msg in [plain(&long_floats), plain(&table), compressed, big_endian] {
            let borrowed = decode_message(&msg).unwrap();
            let owned = decode_message_owned(msg, &DecodeOptions::default()).unwrap();
            assert_eq!(owned, borrowed);
        }
        let truncated = plain(&long_floats)[..100].to_vec();
        assert!(decode_message_owned(truncated, &DecodeOptions::default()).is_err());
    }

    #[test]
    fn big_endian_messages_decode() {
        let msg = [
            0, 0, 0, 0, 0, 0, 0, 22, // header, length 22
            7, 0, 0, 0, 0, 1, // long vector of 1
            0, 0, 0, 0, 0, 0, 1, 2, // 258
        ];
        assert_eq!(decode_message(&msg).unwrap().1, K::longs(vec![258]));
    }

    #[test]
    fn header_length_must_match_the_bytes() {
        let mut msg = message(&[0xfa, 1, 0, 0, 0]);
        msg.push(0);
        assert!(matches!(
            decode_message(&msg),
            Err(DecodeError::LengthMismatch { .. })
        ));
    }

    #[test]
    fn malformed_objects_are_typed_errors() {
        use DecodeError::*;
        let cases: &[(&[u8], DecodeError)] = &[
            (
                &[0xfa, 1, 0],
                Truncated {
                    offset: 9,
                    needed: 2,
                },
            ),
            (&[0xfd, 0], UnknownType(-3)),
            (&[0x14, 0, 0, 0, 0, 0], UnsupportedType(20)),
            (&[0xec, 0, 0, 0, 0], UnsupportedType(-20)),
            (&[0x70, 0], UnsupportedType(112)),
            (&[0x07, 0, 0xff, 0xff, 0xff, 0xff], NegativeCount(-1)),
            (&[0x07, 5, 0, 0, 0, 0], BadAttr(5)),
            (&[0xff, 2], BadBoolean(2)),
            (&[0x01, 0, 2, 0, 0, 0, 1, 7], BadBoolean(7)),
            (b"\xf5ab", MissingNul(9)),
            (b"\x0b\0\x02\0\0\0a\0b", MissingNul(17)),
            (&[0x67, 6], BadIterator(6)),
            (&[0x68, 0, 0, 0, 0], EmptyFunction),
            (&[0x00, 0, 1, 0, 0, 0, 0x80, 0], NestedError),
            (&[0xfa, 1, 0, 0, 0, 0], TrailingBytes(1)),
        ];
        for (payload, want) in cases {
            assert_eq!(decode(payload).as_ref(), Err(want), "{payload:02x?}");
        }
    }

    #[test]
    fn overlong_counts_are_refused_before_allocating() {
        // A long vector claiming 2^31-1 items in 8 bytes.
        let err = decode(&[0x07, 0, 0xff, 0xff, 0xff, 0x7f, 0, 0]).unwrap_err();
        assert!(matches!(err, DecodeError::CountTooLarge { .. }), "{err}");
        // A general list claiming more items than bytes.
        let err = decode(&[0x00, 0, 0xff, 0xff, 0xff, 0x7f, 0xff, 0]).unwrap_err();
        assert!(matches!(err, DecodeError::CountTooLarge { .. }), "{err}");
    }

    #[test]
    fn nesting_is_bounded_by_the_stack() {
        // On a small stack deep nesting stops with an error, not an overflow.
        let small = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let mut payload = Vec::new();
                for _ in 0..100_000 {
                    payload.extend_from_slice(&[0, 0, 1, 0, 0, 0]);
                }
                payload.extend_from_slice(&[0xff, 1]);
                let deep = decode(&payload).map(|_| ());
                let hostile: Vec<u8> = std::iter::repeat_n([0x6a], 1_000_000).flatten().collect();
                (deep, decode(&hostile).map(|_| ()))
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(
            matches!(small.0, Err(DecodeError::TooDeep(d)) if d > 500),
            "{:?}",
            small.0
        );
        assert!(
            matches!(small.1, Err(DecodeError::TooDeep(_))),
            "{:?}",
            small.1
        );
        // A nesting the stack can hold decodes and encodes again.
        let mut payload = Vec::new();
        for _ in 0..512 {
            payload.extend_from_slice(&[0, 0, 1, 0, 0, 0]);
        }
        payload.extend_from_slice(&[0xff, 1]);
        let deepest = decode(&payload).unwrap();
        let msg = encode_message(MsgType::Async, &deepest, &EncodeOptions::default()).unwrap();
        assert_eq!(msg, message(&payload));
    }

    #[test]
    fn tables_must_be_well_formed() {
        let ok = b"\x62\x00\x63\x0b\x00\x01\x00\x00\x00a\x00\x00\x00\x01\x00\x00\x00\x07\x00\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00";
        assert!(matches!(decode(ok), Ok(K::Table(_))));
        // Column is an atom.
        let atom_col = b"\x62\x00\x63\x0b\x00\x01\x00\x00\x00a\x00\x00\x00\x01\x00\x00\x00\xf9\x01\x00\x00\x00\x00\x00\x00\x00";
        assert!(matches!(decode(atom_col), Err(DecodeError::BadTable(_))));
        // No columns.
        let empty = b"\x62\x00\x63\x0b\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00";
        assert!(matches!(decode(empty), Err(DecodeError::BadTable(_))));
    }

    #[test]
    fn lambdas_keep_context_and_source() {
        let k = decode(b"\x64d\0\x0a\x00\x05\x00\x00\x00{x+y}").unwrap();
        assert_eq!(
            k,
            K::func(Func::Lambda(Lambda::new(Sym::from("d"), "{x+y}")))
        );
        assert!(matches!(
            decode(b"\x64\0\x0a\x00\x01\x00\x00\x00\xff"),
            Err(DecodeError::BadLambda(_))
        ));
    }
}
