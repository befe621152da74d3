//! Fuzz-style robustness: random bytes and mutated valid messages (bit
//! flips, truncations, count and length edits) fed to the decoder, the
//! decompressor, the framing function and the handshake parser must give an
//! answer, never a panic. Iterations are bounded so this runs in seconds.

mod common;

use common::values::{Shape, corpus, message_value, nested};
use qrepl::ipc::handshake::Hello;
use qrepl::ipc::{self, EncodeOptions, MsgType, decode_message, encode_message, frame_len};
use qrepl::k::K;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// A small deterministic generator (xorshift64*), so every run feeds the
/// same inputs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn byte(&mut self) -> u8 {
        self.next() as u8
    }

    fn fill(&mut self, bytes: &mut [u8]) {
        bytes.iter_mut().for_each(|b| *b = self.byte());
    }
}

/// Runs every entry point on `bytes`; on a panic, reports the input.
fn feed(bytes: &[u8]) {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if let Ok((_, value)) = decode_message(bytes) {
            // Whatever decodes must encode again.
            let again = encode_message(MsgType::Async, &value, &EncodeOptions::default());
            if let Ok(msg) = again {
                assert_eq!(msg.len(), ipc::encoded_len(&value));
            }
        }
        let _ = ipc::decompress(bytes, 1 << 24);
        for capability in [3, 5] {
            let _ = frame_len(bytes, capability, 1 << 20);
        }
        let _ = Hello::decode(bytes);
    }));
    if outcome.is_err() {
        panic!("panicked on input {}", common::hex(bytes));
    }
}

/// Overwrites the header's length with the buffer's, so mutations reach
/// the object decoder instead of stopping at the length check.
fn fix_length(msg: &mut [u8]) {
    if msg.len() >= 8 {
        let len = msg.len() as u32;
        let bytes = if msg[0] == 0 {
            len.to_be_bytes()
        } else {
            len.to_le_bytes()
        };
        msg[4..8].copy_from_slice(&bytes);
        msg[3] = 0;
    }
}

const INTERESTING_I32: [i32; 8] = [0, 1, -1, 2, i32::MAX, i32::MIN, 0x7fff_fff0, 0x0100_0000];

fn mutate(rng: &mut Rng, msg: &[u8]) -> Vec<u8> {
    let mut m = msg.to_vec();
    if m.is_empty() {
        m.push(rng.byte());
    }
    match rng.below(6) {
        // Flip a few bits.
        0 => {
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(m.len());
                m[i] ^= 1 << rng.below(8);
            }
        }
        // Truncate.
        1 => m.truncate(rng.below(m.len())),
        // Overwrite a 4-byte window (a count or a length) with an edge value.
        2 => {
            if m.len() >= 4 {
                let i = rng.below(m.len() - 3);
                let v = INTERESTING_I32[rng.below(INTERESTING_I32.len())];
                m[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
        }
        // Replace a byte with a random one (type and attribute bytes).
        3 => {
            let i = rng.below(m.len());
            m[i] = rng.byte();
        }
        // Insert or delete a byte.
        4 => {
            let i = rng.below(m.len());
            if rng.below(2) == 0 {
                m.insert(i, rng.byte());
            } else {
                m.remove(i);
            }
        }
        // Splice in random bytes.
        _ => {
            let i = rng.below(m.len());
            let n = (1 + rng.below(15)).min(m.len() - i);
            rng.fill(&mut m[i..i + n]);
        }
    }
    if rng.below(4) != 0 {
        fix_length(&mut m);
    }
    m
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng::new(1);
    for _ in 0..20_000 {
        let len = rng.below(48);
        let mut bytes = vec![0u8; len];
        rng.fill(&mut bytes);
        feed(&bytes);
        // With a plausible header, the bytes reach the object decoder.
        if len >= 8 {
            bytes[0] = rng.below(2) as u8;
            bytes[1] = rng.below(3) as u8;
            bytes[2] = rng.below(2) as u8;
            fix_length(&mut bytes);
            feed(&bytes);
        }
    }
}

#[test]
fn mutated_messages_never_panic() {
    let values = corpus(message_value(Shape::FULL), 2, 400);
    let mut rng = Rng::new(3);
    for value in &values {
        let msg = encode_message(MsgType::Response, value, &EncodeOptions::default()).unwrap();
        feed(&msg);
        for _ in 0..100 {
            let mut m = mutate(&mut rng, &msg);
            feed(&m);
            // Mutations stack up.
            for _ in 0..3 {
                m = mutate(&mut rng, &m);
            }
            feed(&m);
        }
    }
}

#[test]
fn mutated_compressed_messages_never_panic() {
    let opts = EncodeOptions {
        compress: true,
        ..EncodeOptions::default()
    };
    let items = corpus(nested(Shape::FULL), 4, 200);
    let mut rng = Rng::new(5);
    let mut compressed = 0;
    for chunk in items.chunks(10) {
        let value = K::list(
            chunk
                .iter()
                .cycle()
                .take(chunk.len() * 30)
                .cloned()
                .collect(),
        );
        let msg = encode_message(MsgType::Async, &value, &opts).unwrap();
        if msg[2] != 1 {
            continue;
        }
        compressed += 1;
        for _ in 0..300 {
            feed(&mutate(&mut rng, &msg));
        }
    }
    assert!(compressed >= 10, "only {compressed} messages compressed");
}

#[test]
fn mutated_handshakes_never_panic() {
    let hello = Hello::new("user", "password").encode().unwrap();
    let mut rng = Rng::new(6);
    for _ in 0..20_000 {
        let m = mutate(&mut rng, &hello);
        let _ = Hello::decode(&m);
        // Every prefix, as the bytes arrive.
        for n in 0..=m.len() {
            let _ = Hello::decode(&m[..n]);
        }
    }
}

#[test]
fn hostile_headers_allocate_nothing_big() {
    // Headers claiming up to 1 TB over a handful of bytes: refused on the
    // spot (this test would abort on a huge allocation otherwise).
    for len in [u32::MAX, i32::MAX as u32, 1 << 31, 100_000_000] {
        let mut msg = vec![1, 1, 0, 0xff];
        msg.extend_from_slice(&len.to_le_bytes());
        msg.extend_from_slice(&[0x07, 0, 0xff, 0xff, 0xff, 0x7f]);
        assert!(decode_message(&msg).is_err());
        assert!(frame_len(&msg, 5, 1 << 20).is_err());
        // Compressed, claiming a 4 GB original.
        msg[2] = 1;
        assert!(ipc::decompress(&msg, usize::MAX).is_err());
    }
    // Valid length, absurd counts inside.
    for payload in [
        &[0x07u8, 0, 0xff, 0xff, 0xff, 0x7f][..],
        &[0x00, 0, 0xff, 0xff, 0xff, 0x7f, 0xff, 0x00],
        &[0x0b, 0, 0xff, 0xff, 0xff, 0x7f, 0x61, 0x00],
        &[0x68, 0xff, 0xff, 0xff, 0x7f, 0x65, 0x00],
    ] {
        let msg = common::message(0, payload);
        assert!(decode_message(&msg).is_err(), "{}", common::hex(payload));
    }
}
