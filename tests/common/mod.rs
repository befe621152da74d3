//! Helpers shared by the integration tests: hex, message wrapping, the
//! Python interpreter used by interop tests, generated values and their
//! canonical descriptions.
#![allow(dead_code)]

pub mod describe;
pub mod python;
pub mod values;

/// Bytes from hex text; whitespace is ignored.
///
/// # Panics
/// On text that is not an even number of hex digits (a broken test table).
pub fn unhex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(
        digits.len().is_multiple_of(2),
        "odd number of hex digits in {s:?}"
    );
    digits
        .chunks(2)
        .map(|pair| {
            let text = std::str::from_utf8(pair).expect("ascii hex");
            u8::from_str_radix(text, 16).unwrap_or_else(|_| panic!("bad hex {text:?} in {s:?}"))
        })
        .collect()
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A little-endian message of type `msg_type` around `payload`.
pub fn message(msg_type: u8, payload: &[u8]) -> Vec<u8> {
    let len = u32::try_from(8 + payload.len()).expect("test message under 4 GB");
    let mut m = vec![1, msg_type, 0, 0];
    m.extend_from_slice(&len.to_le_bytes());
    m.extend_from_slice(payload);
    m
}

/// A path under the shared test vectors directory.
pub fn vector_path(name: &str) -> String {
    format!("{}/../shared/vectors/{name}", env!("CARGO_MANIFEST_DIR"))
}
