//! Bytes written by real q (shared/vectors/QExpressions3.out and
//! QCompressedExpressions3.out): every payload must decode, and encoding the
//! decoded value must give back exactly q's bytes; compressed payloads must
//! decompress, and our compressor must reproduce q's compressed bytes.

mod common;

use common::{hex, message, shared_vector, unhex};
use qrepl::ipc::{self, EncodeOptions, MsgType, decode_message, encode_message, encoded_len};

/// (q expression, payload bytes) pairs from a file of alternating lines;
/// `None` when the file is absent.
fn pairs(name: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let text = shared_vector(name)?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len().is_multiple_of(2), "{name}: odd number of lines");
    Some(
        lines
            .chunks(2)
            .map(|pair| (pair[0].to_string(), unhex(pair[1])))
            .collect(),
    )
}

#[test]
fn every_q_payload_decodes_and_re_encodes_identically() {
    let Some(cases) = pairs("QExpressions3.out") else {
        return;
    };
    assert!(cases.len() >= 100, "only {} cases", cases.len());
    for (expr, payload) in &cases {
        let msg = message(ipc::MSG_RESPONSE, payload);
        let (_, value) = decode_message(&msg).unwrap_or_else(|e| panic!("{expr}: {e}"));
        let again = encode_message(MsgType::Response, &value, &EncodeOptions::default())
            .unwrap_or_else(|e| panic!("{expr}: {e}"));
        assert_eq!(hex(&again), hex(&msg), "{expr}");
        assert_eq!(encoded_len(&value), msg.len(), "{expr}");
    }
}

/// The compressed file holds each compressed message without its first 8
/// bytes: it starts at the uncompressed length. Rebuild the header.
fn compressed_message(rest: &[u8]) -> Vec<u8> {
    let len = u32::try_from(8 + rest.len()).unwrap();
    let mut m = vec![1, ipc::MSG_ASYNC, 1, 0];
    m.extend_from_slice(&len.to_le_bytes());
    m.extend_from_slice(rest);
    m
}

#[test]
fn every_q_compressed_payload_decompresses_and_recompresses_identically() {
    let Some(cases) = pairs("QCompressedExpressions3.out") else {
        return;
    };
    assert!(cases.len() >= 3, "only {} cases", cases.len());
    for (expr, rest) in &cases {
        let packed = compressed_message(rest);
        let plain = ipc::decompress(&packed, usize::MAX).unwrap_or_else(|e| panic!("{expr}: {e}"));
        let (header, value) = decode_message(&packed).unwrap_or_else(|e| panic!("{expr}: {e}"));
        assert!(header.compressed, "{expr}");
        let encoded = encode_message(MsgType::Async, &value, &EncodeOptions::default()).unwrap();
        assert_eq!(hex(&encoded), hex(&plain), "{expr}: re-encoding");
        let ours = ipc::compress(&encoded).unwrap_or_else(|| panic!("{expr}: not compressed"));
        assert_eq!(hex(&ours), hex(&packed), "{expr}: compression");
        let opts = EncodeOptions {
            compress: true,
            ..EncodeOptions::default()
        };
        let via_encode = encode_message(MsgType::Async, &value, &opts).unwrap();
        assert_eq!(via_encode, packed, "{expr}: -18!");
    }
}
