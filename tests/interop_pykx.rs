//! Interop with KX's own serializer: pykx (KX's C library) in unlicensed
//! mode. Over seeded corpora of 10,000 random values of every type and
//! nesting, KX must decode every message qrepl encodes to an equal value
//! (compared through a canonical description of KX's in-memory object, and
//! by KX re-serializing to the same bytes), and qrepl must decode every
//! message KX encodes to an equal value and re-encode it byte for byte.
//!
//! What pykx cannot do unlicensed, and is therefore excluded here (the
//! golden and q-written vectors cover it instead):
//! - lambdas (type 100): KX cannot rebuild them without the q interpreter
//!   and hands back their source string;
//! - unary primitives above code 41 and binary primitives above 34: KX's
//!   unlicensed library crashes the process on them;
//! - error texts that are not ASCII: pykx raises errors as Python strings;
//! - in the KX-to-qrepl direction, datetimes, attributes and functions:
//!   pykx has no unlicensed way to build them (the qrepl-to-KX direction
//!   covers them).

mod common;

use common::describe::describe;
use common::values::{Shape, corpus, message_value, nested};
use common::{hex, python_script, unhex};
use qrepl::ipc::{EncodeOptions, MsgType, decode_message, encode_message};
use qrepl::k::{Func, K};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

const CORPUS_SIZE: usize = 10_000;

fn work_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// Type codes (with 127 for sorted dictionaries) and attributes present in `k`.
fn coverage(k: &K, types: &mut BTreeSet<i16>, attrs: &mut BTreeSet<u8>) {
    types.insert(match k {
        K::Dict(d) if d.sorted => 127,
        _ => k.type_code(),
    });
    match k {
        K::Vector(v) => {
            attrs.insert(v.attr as u8);
        }
        K::List(l) => l.items.iter().for_each(|x| coverage(x, types, attrs)),
        K::Dict(d) => {
            coverage(&d.keys, types, attrs);
            coverage(&d.values, types, attrs);
        }
        K::Table(t) => t.cols.iter().for_each(|x| coverage(x, types, attrs)),
        K::Func(f) => match &**f {
            Func::Projection(xs) | Func::Composition(xs) => {
                xs.iter().for_each(|x| coverage(x, types, attrs))
            }
            Func::Derived(_, x) => coverage(x, types, attrs),
            _ => {}
        },
        _ => {}
    }
}

fn assert_covers_every_type(values: &[K]) {
    let (mut types, mut attrs) = (BTreeSet::new(), BTreeSet::new());
    values
        .iter()
        .for_each(|v| coverage(v, &mut types, &mut attrs));
    let mut want: BTreeSet<i16> = (1..=19).filter(|t| *t != 3).flat_map(|t| [t, -t]).collect();
    want.extend([0, 98, 99, 127, 101, 102, 103, 104, 105, -128]);
    want.extend(106..=111);
    let missing: Vec<_> = want.difference(&types).collect();
    assert!(missing.is_empty(), "corpus lacks types {missing:?}");
    assert_eq!(attrs.len(), 5, "corpus lacks some attributes: {attrs:?}");
}

#[test]
fn kx_decodes_what_qrepl_encodes() {
    let values = corpus(message_value(Shape::PYKX), 11, CORPUS_SIZE);
    assert_covers_every_type(&values);
    let path = work_file("interop-qrepl-to-kx.tsv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for (i, value) in values.iter().enumerate() {
        let msg_type = match value {
            K::Error(_) => MsgType::Response,
            _ if i % 2 == 0 => MsgType::Async,
            _ => MsgType::Sync,
        };
        let msg = encode_message(msg_type, value, &EncodeOptions::default()).unwrap();
        writeln!(out, "{}\t-\t{}", hex(&msg), describe(value)).unwrap();
    }
    // Compressed messages: KX must decompress what qrepl compresses.
    let items = corpus(nested(Shape::PYKX), 12, 3000);
    let opts = EncodeOptions {
        compress: true,
        ..EncodeOptions::default()
    };
    let mut compressed = 0;
    for chunk in items.chunks(10) {
        let value = K::list(
            chunk
                .iter()
                .cycle()
                .take(chunk.len() * 40)
                .cloned()
                .collect(),
        );
        let msg = encode_message(MsgType::Async, &value, &opts).unwrap();
        if msg[2] == 1 {
            compressed += 1;
            let plain = encode_message(MsgType::Async, &value, &EncodeOptions::default()).unwrap();
            writeln!(out, "{}\t{}\t{}", hex(&msg), hex(&plain), describe(&value)).unwrap();
        }
    }
    assert!(compressed >= 100, "only {compressed} compressed messages");
    drop(out);

    let output = python_script("pykx_peer.py")
        .arg("check")
        .arg(&path)
        .output()
        .expect("run pykx_peer.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "KX disagrees with qrepl's encoding ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let want = format!("\"checked\": {}", CORPUS_SIZE + compressed);
    assert!(stdout.contains(&want), "unexpected summary: {stdout}");
}

#[test]
fn qrepl_decodes_what_kx_encodes() {
    let path = work_file("interop-kx-to-qrepl.tsv");
    let output = python_script("pykx_peer.py")
        .args(["generate", "12", &CORPUS_SIZE.to_string()])
        .arg(&path)
        .output()
        .expect("run pykx_peer.py");
    assert!(
        output.status.success(),
        "pykx could not generate its corpus ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let mut checked = 0;
    for (number, line) in text.lines().enumerate() {
        let (msg_hex, want) = line.split_once('\t').expect("hex<TAB>description");
        let msg = unhex(msg_hex);
        let (header, value) =
            decode_message(&msg).unwrap_or_else(|e| panic!("line {}: {e}\n{msg_hex}", number + 1));
        assert_eq!(describe(&value), want, "line {}: value", number + 1);
        let again = encode_message(header.msg_type, &value, &EncodeOptions::default()).unwrap();
        assert_eq!(hex(&again), msg_hex, "line {}: re-encoding", number + 1);
        checked += 1;
    }
    assert_eq!(checked, CORPUS_SIZE);
}
