//! Golden bytes from the protocol notes (ipc-protocol.md §2, §3, §4): each
//! value built in Rust must encode to exactly these bytes, decode back from
//! them, and have them as its `-22!` length.

mod common;

use common::{hex, message, unhex};
use qrepl::ipc::{
    self, DecodeError, EncodeError, EncodeOptions, Header, MsgType, decode_message, encode_message,
    encoded_len,
};
use qrepl::k::{Adverb, Attr, Data, Dict, Func, K, Lambda, Scalar, Sym, Table, Type, Vector};
use sha2::{Digest, Sha256};
use std::rc::Rc;

fn vector_attr(ty: Type, attr: Attr, data: Data) -> K {
    K::Vector(Rc::new(Vector { ty, attr, data }))
}

fn lambda(ctx: &str, src: &str) -> K {
    K::func(Func::Lambda(Lambda::new(Sym::from(ctx), src)))
}

fn binary(code: u8) -> K {
    K::func(Func::Binary(code))
}

fn projection(items: Vec<K>) -> K {
    K::func(Func::Projection(items))
}

fn table(attr: Attr, names: &[&str], cols: Vec<K>) -> K {
    K::Table(Rc::new(Table {
        attr,
        names: names.iter().copied().collect(),
        cols,
    }))
}

/// (what, value, payload hex): objects from §3.
fn payload_cases() -> Vec<(&'static str, K, &'static str)> {
    vec![
        ("-8!1i", K::int(1), "fa01000000"),
        ("-234h", K::short(-234), "fb16ff"),
        ("0b", K::bool(false), "ff00"),
        ("0x2a", K::byte(0x2a), "fc2a"),
        ("\"0\"", K::char(b'0'), "f630"),
        ("`abc", K::sym("abc"), "f561626300"),
        ("`", K::sym(""), "f500"),
        ("0Ni", K::null(Type::Int), "fa00000080"),
        ("0Nh", K::null(Type::Short), "fb0080"),
        (
            "0n as q emits it",
            K::null(Type::Float),
            "f7000000000000f8ff",
        ),
        ("0Ne as q emits it", K::null(Type::Real), "f80000c0ff"),
        ("2001.01m", K::atom_i32(Type::Month, 12), "f30c000000"),
        ("2001.01.01", K::date(366), "f26e010000"),
        (
            "2000.01.04D05:36:57.600",
            K::timestamp(0x0000_fe20_faca_c000),
            "f400c0cafa20fe0000",
        ),
        (
            "2000.01.04T05:36:57.600",
            K::Atom(Type::Datetime, Scalar::F64(3.234)),
            "f1ac1c5a643bdf0940",
        ),
        (
            "0D05:36:57.600",
            K::timespan(0x0000_1263_46dd_c000),
            "f000c0dd4663120000",
        ),
        ("12:01", K::atom_i32(Type::Minute, 721), "efd1020000"),
        ("12:05:00", K::atom_i32(Type::Second, 43500), "eeeca90000"),
        (
            "12:04:59.123",
            K::atom_i32(Type::Time, 43_499_123),
            "ed73be9702",
        ),
        (
            "\"G\"$\"8c680a01-5a49-5aab-5a65-d4bfddb6a661\"",
            K::guid([
                0x8c, 0x68, 0x0a, 0x01, 0x5a, 0x49, 0x5a, 0xab, 0x5a, 0x65, 0xd4, 0xbf, 0xdd, 0xb6,
                0xa6, 0x61,
            ]),
            "fe8c680a015a495aab5a65d4bfddb6a661",
        ),
        ("`a`b", K::sym_list(["a", "b"]), "0b00 02000000 6100 6200"),
        ("``", K::sym_list(["", ""]), "0b00 02000000 00 00"),
        ("\"abc\"", K::string("abc"), "0a00 03000000 616263"),
        ("\"\"", K::string(""), "0a00 00000000"),
        ("enlist \"3\"", K::string("3"), "0a00 01000000 33"),
        ("enlist 1i", K::ints(vec![1]), "0600 01000000 01000000"),
        (
            "`byte$til 5",
            K::bytes(vec![0, 1, 2, 3, 4]),
            "0400 05000000 0001020304",
        ),
        (
            "`s#1 2",
            vector_attr(Type::Long, Attr::Sorted, Data::I64(vec![1, 2])),
            "0701 02000000 0100000000000000 0200000000000000",
        ),
        (
            "`u#`a",
            vector_attr(
                Type::Symbol,
                Attr::Unique,
                Data::Sym(["a"].into_iter().collect()),
            ),
            "0b02 01000000 6100",
        ),
        (
            "`p#1 1i",
            vector_attr(Type::Int, Attr::Parted, Data::I32(vec![1, 1])),
            "0603 02000000 01000000 01000000",
        ),
        (
            "`g#\"ab\"",
            vector_attr(Type::Char, Attr::Grouped, Data::U8(b"ab".to_vec())),
            "0a04 02000000 6162",
        ),
        (
            "`byte$enlist til 5",
            K::list(vec![K::bytes(vec![0, 1, 2, 3, 4])]),
            "0000 01000000 0400 05000000 0001020304",
        ),
        ("()", K::list(vec![]), "0000 00000000"),
        (
            "(42;::;`foo)",
            K::list(vec![K::long(42), K::Nil, K::sym("foo")]),
            "0000 03000000 f92a00000000000000 6500 f5666f6f00",
        ),
        (
            "`a`b!2 3i",
            K::dict(K::sym_list(["a", "b"]), K::ints(vec![2, 3])),
            "63 0b00 02000000 6100 6200 0600 02000000 02000000 03000000",
        ),
        (
            "`s#`a`b!2 3i",
            K::Dict(Rc::new(Dict {
                sorted: true,
                keys: vector_attr(
                    Type::Symbol,
                    Attr::Sorted,
                    Data::Sym(["a", "b"].into_iter().collect()),
                ),
                values: K::ints(vec![2, 3]),
            })),
            "7f 0b01 02000000 6100 6200 0600 02000000 02000000 03000000",
        ),
        (
            "([]a:enlist 2i;b:enlist 3i)",
            table(
                Attr::None,
                &["a", "b"],
                vec![K::ints(vec![2]), K::ints(vec![3])],
            ),
            "62 00 63 0b00 02000000 6100 6200 0000 02000000 \
             0600 01000000 02000000 0600 01000000 03000000",
        ),
        (
            "`s#([]a:enlist 2i;b:enlist 3i)",
            table(
                Attr::Sorted,
                &["a", "b"],
                vec![
                    vector_attr(Type::Int, Attr::Parted, Data::I32(vec![2])),
                    K::ints(vec![3]),
                ],
            ),
            "62 01 63 0b00 02000000 6100 6200 0000 02000000 \
             0603 01000000 02000000 0600 01000000 03000000",
        ),
        (
            "([a:enlist 2i]b:enlist 3i)",
            K::dict(
                table(Attr::None, &["a"], vec![K::ints(vec![2])]),
                table(Attr::None, &["b"], vec![K::ints(vec![3])]),
            ),
            "63 62 00 63 0b00 01000000 6100 0000 01000000 0600 01000000 02000000 \
             62 00 63 0b00 01000000 6200 0000 01000000 0600 01000000 03000000",
        ),
        (
            "`s#([a:enlist 2i]b:enlist 3i)",
            K::Dict(Rc::new(Dict {
                sorted: true,
                keys: table(Attr::Sorted, &["a"], vec![K::ints(vec![2])]),
                values: table(Attr::None, &["b"], vec![K::ints(vec![3])]),
            })),
            "7f 62 01 63 0b00 01000000 6100 0000 01000000 0600 01000000 02000000 \
             62 00 63 0b00 01000000 6200 0000 01000000 0600 01000000 03000000",
        ),
        (
            "{x+y}",
            lambda("", "{x+y}"),
            "64 00 0a00 05000000 7b782b797d",
        ),
        (
            "{x+y} in \\d .d",
            lambda("d", "{x+y}"),
            "64 6400 0a00 05000000 7b782b797d",
        ),
        ("::", K::Nil, "6500"),
        ("not", K::func(Func::Unary(0x0f)), "650f"),
        ("and", binary(0x05), "6605"),
        ("\\", K::func(Func::Iterator(2)), "6702"),
        (
            "{x+y}[3]",
            projection(vec![lambda("", "{x+y}"), K::long(3)]),
            "68 02000000 64000a0005000000 7b782b797d f90300000000000000",
        ),
        (
            "{x+y}[;3]",
            projection(vec![lambda("", "{x+y}"), K::elided(), K::long(3)]),
            "68 03000000 64000a0005000000 7b782b797d 65ff f90300000000000000",
        ),
        (
            "insert[1]",
            projection(vec![binary(0x1c), K::long(1)]),
            "68 02000000 661c f90100000000000000",
        ),
        (
            "md5 (-15!)",
            projection(vec![binary(0x10), K::long(-15)]),
            "68 02000000 6610 f9f1ffffffffffffff",
        ),
        (
            "{x+y}\"a\"",
            projection(vec![lambda("", "{x+y}"), K::char(b'a')]),
            "68 02000000 6400 0a00 05000000 7b782b797d f661",
        ),
        (
            "any",
            K::func(Func::Composition(vec![
                K::func(Func::Unary(0x1c)),
                projection(vec![binary(0x0b), K::char(b'b')]),
            ])),
            "69 02000000 651c 68 02000000 660b f662",
        ),
        (
            "raze",
            K::func(Func::Derived(Adverb::Over, binary(0x0c))),
            "6b660c",
        ),
        (
            "sums",
            K::func(Func::Derived(Adverb::Scan, binary(0x01))),
            "6c6601",
        ),
        (
            "prev",
            K::func(Func::Derived(Adverb::EachPrior, binary(0x00))),
            "6d6600",
        ),
        (
            "+/:",
            K::func(Func::Derived(Adverb::EachRight, binary(0x01))),
            "6e6601",
        ),
        (
            "save",
            K::func(Func::Derived(
                Adverb::Each,
                lambda(
                    "q",
                    "k){$[1=#p:`\\:*|`\\:x:-1!x;set[x;. *p];   x 0:.h.tx[p 1]@.*p]}",
                ),
            )),
            "6a6471000a003c0000006b297b245b313d23703a605c3a2a7c605c3a783a2d3121783b7365745b783b\
             2e202a705d3b2020207820303a2e682e74785b7020315d402e2a705d7d",
        ),
        ("'type", K::Error(Sym::from("type")), "807479706500"),
    ]
}

#[test]
fn documented_objects_encode_and_decode_exactly() {
    for (what, value, payload) in payload_cases() {
        let want = message(0, &unhex(payload));
        let got = encode_message(MsgType::Async, &value, &EncodeOptions::default())
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(hex(&got), hex(&want), "{what}: encode");
        assert_eq!(encoded_len(&value), want.len(), "{what}: encoded_len");
        let (header, back) = decode_message(&want).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            header,
            Header::new(MsgType::Async, want.len() as u64),
            "{what}"
        );
        assert_eq!(back, value, "{what}: decode");
    }
}

/// (what, message type, value, whole message hex): the exchanges of §2.3.
fn message_cases() -> Vec<(&'static str, MsgType, K, &'static str)> {
    vec![
        (
            "h\"2+2\"",
            MsgType::Sync,
            K::string("2+2"),
            "01010000 11000000 0a00 03000000 322b32",
        ),
        (
            "reply 4",
            MsgType::Response,
            K::long(4),
            "01020000 11000000 f9 0400000000000000",
        ),
        (
            "h\"1+`\" fails",
            MsgType::Response,
            K::Error(Sym::from("type")),
            "01020000 0e000000 80 7479706500",
        ),
        (
            "neg[h]\"a:10\"",
            MsgType::Async,
            K::string("a:10"),
            "01000000 12000000 0a00 04000000 613a3130",
        ),
        (
            "h(`add;2;3)",
            MsgType::Sync,
            K::list(vec![K::sym("add"), K::long(2), K::long(3)]),
            "01010000 25000000 0000 03000000 f5 61646400 \
             f9 0200000000000000 f9 0300000000000000",
        ),
        (
            "neg[h]\"\"",
            MsgType::Async,
            K::string(""),
            "01000000 0e000000 0a00 00000000",
        ),
        (
            "-8!1 2 3",
            MsgType::Async,
            K::longs(vec![1, 2, 3]),
            "01000000 26000000 0700 03000000 \
             0100000000000000 0200000000000000 0300000000000000",
        ),
    ]
}

#[test]
fn documented_messages_encode_and_decode_exactly() {
    for (what, msg_type, value, msg) in message_cases() {
        let want = unhex(msg);
        let got = encode_message(msg_type, &value, &EncodeOptions::default()).unwrap();
        assert_eq!(hex(&got), hex(&want), "{what}");
        let (header, back) = decode_message(&want).unwrap();
        assert_eq!(header.msg_type, msg_type, "{what}");
        assert_eq!(back, value, "{what}");
    }
}

#[test]
fn big_endian_messages_decode_to_the_same_values() {
    // h(`add;2;3) as a big-endian peer sends it.
    let be = unhex(
        "00010000 00000025 0000 00000003 f5 61646400 \
         f9 0000000000000002 f9 0000000000000003",
    );
    let (header, value) = decode_message(&be).unwrap();
    assert!(header.big_endian);
    assert_eq!(value, K::list(vec![K::sym("add"), K::long(2), K::long(3)]));
    // Every fixed-width type swaps; guids do not.
    let be = unhex(
        "00000000 00000044 0000 00000004 \
         0500 00000001 0102 \
         0800 00000001 3f800000 \
         0900 00000001 3ff0000000000000 \
         0200 00000001 000102030405060708090a0b0c0d0e0f",
    );
    let (_, value) = decode_message(&be).unwrap();
    let guid: [u8; 16] = std::array::from_fn(|i| i as u8);
    assert_eq!(
        value,
        K::list(vec![
            K::shorts(vec![0x0102]),
            K::reals(vec![1.0]),
            K::floats(vec![1.0]),
            K::vector(Type::Guid, Data::Guid(vec![guid])),
        ])
    );
}

#[test]
fn queue_sizes_match_the_documented_z_w_figures() {
    // neg[h]"11+1111111" queues 24 bytes.
    assert_eq!(encoded_len(&K::string("11+1111111")), 24);
    // neg[h]({};til 1000000) and neg[h]({};til 10): 8000030 and 110 bytes.
    let til = |n: i64| K::longs((0..n).collect());
    assert_eq!(
        encoded_len(&K::list(vec![lambda("", "{}"), til(1_000_000)])),
        8_000_030
    );
    assert_eq!(encoded_len(&K::list(vec![lambda("", "{}"), til(10)])), 110);
}

/// `-18!` compresses whatever the locality.
fn minus_18(value: &K) -> Vec<u8> {
    let opts = EncodeOptions {
        compress: true,
        ..EncodeOptions::default()
    };
    encode_message(MsgType::Async, value, &opts).unwrap()
}

#[test]
fn compressed_boolean_vector_matches_section_4_2() {
    let want = unhex(
        "01000100 26000000 de070000 00 0100d00700000101 \
         ff 00ff00ff00ff00ff00ff00ff00ff00c5",
    );
    let value = K::bools(vec![true; 2000]);
    assert_eq!(hex(&minus_18(&value)), hex(&want));
    let (header, back) = decode_message(&want).unwrap();
    assert!(header.compressed);
    assert_eq!(back, value);
}

#[test]
fn compressed_til_1000_matches_section_4_3() {
    let value = K::longs((0..1000).collect());
    assert_eq!(encoded_len(&value), 8014);
    let packed = minus_18(&value);
    assert_eq!(packed.len(), 3276);
    assert_eq!(
        hex(&packed[..24]),
        "01000100cc0c00004e1f0000400700e8030000000601ad00"
    );
    assert_eq!(
        hex(&Sha256::digest(&packed)),
        "e2b4cede6920e0f4e949c8a81e849ded84f05dd735c0aef6474dd23e151f2634"
    );
    assert_eq!(decode_message(&packed).unwrap().1, value);
    assert_eq!(
        ipc::decompress(&packed, usize::MAX).unwrap(),
        encode_message(MsgType::Async, &value, &EncodeOptions::default()).unwrap()
    );
}

#[test]
fn small_messages_are_never_compressed() {
    let value = K::bools(vec![true; 1992]); // 2006 bytes: compresses
    assert!(minus_18(&value)[2] == 1);
    let value = K::bools(vec![true; 1986]); // exactly 2000 bytes: does not
    assert_eq!(minus_18(&value).len(), 2000);
    assert_eq!(minus_18(&value)[2], 0);
}

#[test]
fn oversized_messages_are_refused_before_allocating() {
    // One shared 1 MiB vector, listed enough times to pass 2 GB: nothing of
    // that size is ever allocated, because the size is checked first.
    let mib = K::bytes(vec![0; 1 << 20]);
    let over_2gb = K::list(vec![mib.clone(); 2049]);
    assert!(encoded_len(&over_2gb) > i32::MAX as usize);
    let cap3 = EncodeOptions {
        capability: 3,
        compress: false,
    };
    let err = encode_message(MsgType::Async, &over_2gb, &cap3).unwrap_err();
    assert!(matches!(err, EncodeError::Limit { .. }), "{err}");
    assert_eq!(&*qrepl::k::QError::from(err).msg, "limit");
    // Past 1 TB even capability 5 refuses.
    let over_1tb = K::list(vec![mib; 1 << 20]);
    assert!(encoded_len(&over_1tb) as u64 > ipc::MAX_LEN_LARGE);
    let err = encode_message(MsgType::Async, &over_1tb, &EncodeOptions::default()).unwrap_err();
    assert!(matches!(err, EncodeError::Limit { .. }), "{err}");
}

#[test]
fn enumerations_travel_as_symbols() {
    let e = K::Enum(Rc::new(qrepl::k::Enumeration {
        domain: Sym::from("sym"),
        atom: false,
        attr: qrepl::k::Attr::None,
        indices: vec![1, 0],
        values: ["b", "a"].into_iter().collect(),
        link: false,
        keys: None,
    }));
    let msg = encode_message(MsgType::Async, &e, &EncodeOptions::default()).unwrap();
    assert_eq!(hex(&msg[8..]), "0b000200000062006100");
    assert_eq!(encoded_len(&e), msg.len());
    assert_eq!(decode_message(&msg).unwrap().1, K::sym_list(["b", "a"]));
}

#[test]
fn unreceivable_types_are_bad_messages() {
    for payload in [
        "1400 01000000 00000000",
        "ec 00000000",
        "4d00",
        "6100",
        "7000",
    ] {
        let err = decode_message(&message(0, &unhex(payload))).unwrap_err();
        assert!(
            matches!(err, DecodeError::UnsupportedType(_)),
            "{payload}: {err}"
        );
        assert_eq!(&*qrepl::k::QError::from(err).msg, "badmsg");
    }
}
