//! Property tests: for arbitrary values of every type and nesting,
//! decode(encode(v)) == v (floats compared by bit pattern, so NaN payloads
//! must survive), `encoded_len` is the encoded length, compression is
//! lossless, and big-endian messages decode to the same values.

mod common;

use common::values::{Shape, message_value, nested};
use proptest::prelude::*;
use qrepl::ipc::{EncodeOptions, MsgType, decode_message, encode_message, encoded_len};
use qrepl::k::{Data, Func, K, Scalar, Type};

/// A big-endian encoding of `k`'s payload, written independently of the
/// library's encoder (which only writes little-endian).
fn big_endian_payload(k: &K, out: &mut Vec<u8>) {
    fn count(out: &mut Vec<u8>, n: usize) {
        out.extend_from_slice(&(n as i32).to_be_bytes());
    }
    fn scalar(out: &mut Vec<u8>, s: &Scalar) {
        match s {
            Scalar::U8(x) => out.push(*x),
            Scalar::Guid(g) => out.extend_from_slice(g),
            Scalar::I16(x) => out.extend_from_slice(&x.to_be_bytes()),
            Scalar::I32(x) => out.extend_from_slice(&x.to_be_bytes()),
            Scalar::I64(x) => out.extend_from_slice(&x.to_be_bytes()),
            Scalar::F32(x) => out.extend_from_slice(&x.to_bits().to_be_bytes()),
            Scalar::F64(x) => out.extend_from_slice(&x.to_bits().to_be_bytes()),
            Scalar::Sym(x) => {
                out.extend_from_slice(x);
                out.push(0);
            }
        }
    }
    match k {
        K::Atom(t, s) => {
            out.push((-(*t as i8)) as u8);
            scalar(out, s);
        }
        K::Vector(v) => {
            out.extend_from_slice(&[v.ty as u8, v.attr as u8]);
            count(out, v.len());
            for i in 0..v.len() {
                scalar(out, &v.data.get(i));
            }
        }
        K::List(l) => {
            out.extend_from_slice(&[0, l.attr as u8]);
            count(out, l.items.len());
            l.items.iter().for_each(|x| big_endian_payload(x, out));
        }
        K::Dict(d) => {
            out.push(if d.sorted { 127 } else { 99 });
            big_endian_payload(&d.keys, out);
            big_endian_payload(&d.values, out);
        }
        K::Table(t) => {
            out.extend_from_slice(&[98, t.attr as u8, 99, Type::Symbol as u8, 0]);
            count(out, t.names.len());
            out.extend_from_slice(t.names.packed());
            out.extend_from_slice(&[0, 0]);
            count(out, t.cols.len());
            t.cols.iter().for_each(|x| big_endian_payload(x, out));
        }
        K::Func(f) => match &**f {
            Func::Lambda(l) => {
                out.push(100);
                out.extend_from_slice(&l.ctx);
                out.extend_from_slice(&[0, Type::Char as u8, 0]);
                count(out, l.src.len());
                out.extend_from_slice(l.src.as_bytes());
            }
            Func::Unary(c) => out.extend_from_slice(&[101, *c]),
            Func::Binary(c) => out.extend_from_slice(&[102, *c]),
            Func::Iterator(c) => out.extend_from_slice(&[103, *c]),
            Func::Projection(xs) | Func::Composition(xs) => {
                out.push(if matches!(**f, Func::Projection(_)) {
                    104
                } else {
                    105
                });
                count(out, xs.len());
                xs.iter().for_each(|x| big_endian_payload(x, out));
            }
            Func::Derived(a, x) => {
                out.push(106 + *a as u8);
                big_endian_payload(x, out);
            }
        },
        K::Nil => out.extend_from_slice(&[101, 0]),
        K::Error(s) => {
            out.push(0x80);
            out.extend_from_slice(s);
            out.push(0);
        }
        K::Enum(_) => unreachable!("not generated"),
    }
}

fn big_endian_message(k: &K) -> Vec<u8> {
    let mut payload = Vec::new();
    big_endian_payload(k, &mut payload);
    let mut msg = vec![0, 2, 0, 0];
    msg.extend_from_slice(&((payload.len() + 8) as u32).to_be_bytes());
    msg.extend_from_slice(&payload);
    msg
}

/// Whether any float in `k` is a NaN with a payload other than q's null.
fn has_nan_payload(k: &K) -> bool {
    match k {
        K::Atom(_, Scalar::F64(x)) => x.is_nan() && x.to_bits() != qrepl::k::NULL_FLOAT_BITS,
        K::Vector(v) => match &v.data {
            Data::F64(xs) => xs
                .iter()
                .any(|x| x.is_nan() && x.to_bits() != qrepl::k::NULL_FLOAT_BITS),
            _ => false,
        },
        K::List(l) => l.items.iter().any(has_nan_payload),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn values_survive_a_round_trip(value in message_value(Shape::FULL)) {
        let msg = encode_message(MsgType::Response, &value, &EncodeOptions::default()).unwrap();
        prop_assert_eq!(msg.len(), encoded_len(&value));
        let (header, back) = decode_message(&msg).unwrap();
        prop_assert_eq!(header.len as usize, msg.len());
        prop_assert_eq!(back, value);
    }

    #[test]
    fn big_endian_messages_decode_to_the_same_values(value in message_value(Shape::FULL)) {
        let (header, back) = decode_message(&big_endian_message(&value)).unwrap();
        prop_assert!(header.big_endian);
        prop_assert_eq!(back, value);
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn compressed_values_survive_a_round_trip(
        items in prop::collection::vec(nested(Shape::FULL), 0..24),
        repeat in 1usize..64,
    ) {
        // Repetition makes the message big and compressible enough to be
        // compressed at least some of the time.
        let value = K::list(items.iter().cycle().take(items.len() * repeat).cloned().collect());
        let opts = EncodeOptions { compress: true, ..EncodeOptions::default() };
        let msg = encode_message(MsgType::Async, &value, &opts).unwrap();
        let plain_len = encoded_len(&value);
        if msg[2] == 1 {
            prop_assert!(plain_len > 2000 && msg.len() < plain_len / 2);
        } else {
            prop_assert_eq!(msg.len(), plain_len);
        }
        prop_assert_eq!(decode_message(&msg).unwrap().1, value);
    }
}

#[test]
fn nan_payloads_are_generated_and_kept() {
    // The round-trip property only proves NaN payloads survive if the
    // generator produces them: check that it does, and that they survive.
    let values = common::values::corpus(nested(Shape::FULL), 7, 2000);
    let with_payload: Vec<&K> = values.iter().filter(|v| has_nan_payload(v)).collect();
    assert!(!with_payload.is_empty(), "no NaN payloads generated");
    for v in with_payload {
        let msg = encode_message(MsgType::Async, v, &EncodeOptions::default()).unwrap();
        assert_eq!(&decode_message(&msg).unwrap().1, v);
    }
}
