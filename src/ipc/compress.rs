//! kdb+ IPC compression: the LZ-style scheme q applies to large messages,
//! reproduced byte for byte, and its bounds-checked inverse.
//!
//! The stream is a series of groups: a control byte, then eight tokens, one
//! per control bit from the lowest. A clear bit is one literal byte. A set
//! bit is a back-reference of two bytes: an index into a 256-entry table of
//! earlier positions (keyed by the xor of two adjacent bytes), and the
//! number of bytes beyond two to copy from there.

use super::header::{COMPRESSED_HEADER_LEN, HEADER_LEN, Header};
use super::{CAPABILITY_LIMIT, DecodeError, MAX_LEN_SMALL};

/// q compresses only messages longer than this many bytes, header included.
pub const COMPRESS_MIN_LEN: usize = 2000;

/// Most bytes one group can expand to: eight back-references of 257 bytes.
const GROUP_MAX_OUT: usize = 8 * 257;
/// Most bytes one group can take: a control byte and eight back-references.
const GROUP_MAX_IN: usize = 1 + 8 * 2;

fn read_u32(bytes: [u8; 4], big_endian: bool) -> u32 {
    if big_endian {
        u32::from_be_bytes(bytes)
    } else {
        u32::from_le_bytes(bytes)
    }
}

fn write_u32(x: u32, big_endian: bool) -> [u8; 4] {
    if big_endian {
        x.to_be_bytes()
    } else {
        x.to_le_bytes()
    }
}

/// Compresses a whole message (header included) exactly as kdb+ does, or
/// returns `None` when q would send it uncompressed: 2000 bytes or fewer,
/// too big for the 32-bit uncompressed-length field, or not shrinking to
/// under half its size.
///
/// Locality is the caller's decision: q never compresses to localhost or
/// over a Unix socket, while `-18!` ignores locality.
pub fn compress(msg: &[u8]) -> Option<Vec<u8>> {
    let total = msg.len();
    if total <= COMPRESS_MIN_LEN || total as u64 > MAX_LEN_SMALL {
        return None;
    }
    let big_endian = msg[0] == 0;
    let limit = total / 2;
    let mut out = vec![0u8; limit];
    out[..4].copy_from_slice(&msg[..4]);
    out[2] = 1;
    out[8..12].copy_from_slice(&write_u32(total as u32, big_endian));

    // Position of the last occurrence of each byte-pair hash; 0 = none
    // (positions start at 8, after the header).
    let mut table = [0usize; 256];
    let mut control_pos = COMPRESSED_HEADER_LEN;
    let mut d = COMPRESSED_HEADER_LEN;
    let mut control: u8 = 0;
    let mut bit: u8 = 0;
    let mut hash = 0usize;
    // The previous literal is indexed one step late, as q does.
    let mut pending_hash = 0usize;
    let mut pending_pos = 0usize;
    let mut s = HEADER_LEN;
    while s < total {
        if bit == 0 {
            if d + GROUP_MAX_IN > limit {
                return None;
            }
            bit = 1;
            out[control_pos] = control;
            control_pos = d;
            d += 1;
            control = 0;
        }
        let mut literal = s > total - 3;
        let mut earlier = 0;
        if !literal {
            hash = usize::from(msg[s] ^ msg[s + 1]);
            earlier = table[hash];
            // Only the first byte is compared: equal hashes then imply an
            // equal second byte.
            literal = earlier == 0 || msg[s] != msg[earlier];
        }
        if pending_pos > 0 {
            table[pending_hash] = pending_pos;
            pending_pos = 0;
        }
        if literal {
            pending_hash = hash;
            pending_pos = s;
            out[d] = msg[s];
            d += 1;
            s += 1;
        } else {
            table[hash] = s;
            control |= bit;
            let mut from = earlier + 2;
            s += 2;
            let start = s;
            let end = (s + 255).min(total);
            while msg[from] == msg[s] {
                s += 1;
                if s >= end {
                    break;
                }
                from += 1;
            }
            out[d] = hash as u8;
            out[d + 1] = (s - start) as u8;
            d += 2;
        }
        bit = bit.wrapping_mul(2);
    }
    out[control_pos] = control;
    out[4..8].copy_from_slice(&write_u32(d as u32, big_endian));
    out.truncate(d);
    Some(out)
}

/// Decompresses a whole compressed message (header included) into the
/// uncompressed message, header included, refusing to produce more than
/// `max_len` bytes.
///
/// # Errors
/// A header that is not a compressed message of exactly `msg.len()` bytes,
/// an uncompressed length over `max_len` or beyond what the stream could
/// expand to, a back-reference past the end of the output, a stream that
/// ends early, or bytes left after it.
pub fn decompress(msg: &[u8], max_len: usize) -> Result<Vec<u8>, DecodeError> {
    let header = Header::decode(msg, CAPABILITY_LIMIT)?;
    if !header.compressed {
        return Err(DecodeError::Decompress("message is not compressed"));
    }
    if header.len != msg.len() as u64 {
        return Err(DecodeError::LengthMismatch {
            header: header.len,
            actual: msg.len(),
        });
    }
    let Some(&len_bytes) = msg[HEADER_LEN..].first_chunk::<4>() else {
        return Err(DecodeError::Truncated {
            offset: msg.len(),
            needed: COMPRESSED_HEADER_LEN - msg.len(),
        });
    };
    let total = read_u32(len_bytes, header.big_endian) as usize;
    if total < HEADER_LEN {
        return Err(DecodeError::Decompress("uncompressed length below 8"));
    }
    if total > max_len {
        return Err(DecodeError::TooLarge {
            len: total as u64,
            max: max_len as u64,
        });
    }
    let stream = &msg[COMPRESSED_HEADER_LEN..];
    let most = stream.len().div_ceil(GROUP_MAX_IN) * GROUP_MAX_OUT;
    if total - HEADER_LEN > most {
        return Err(DecodeError::Decompress(
            "uncompressed length beyond what the stream can hold",
        ));
    }

    let mut dst = vec![0u8; total];
    dst[..4].copy_from_slice(&msg[..4]);
    dst[2] = 0;
    dst[3] = 0;
    dst[4..8].copy_from_slice(&write_u32(total as u32, header.big_endian));

    let ends_early = DecodeError::Decompress("stream ends before the message");
    let mut table = [0usize; 256];
    let mut src = stream.iter().copied();
    let mut s = HEADER_LEN;
    let mut p = HEADER_LEN;
    let mut bit: u32 = 0;
    let mut control: u32 = 0;
    while s < total {
        if bit == 0 {
            control = u32::from(src.next().ok_or(ends_early.clone())?);
            bit = 1;
        }
        let mut copied = 0;
        if control & bit != 0 {
            let from = table[usize::from(src.next().ok_or(ends_early.clone())?)];
            let extra = usize::from(src.next().ok_or(ends_early.clone())?);
            copied = 2 + extra;
            if s + copied > total {
                return Err(DecodeError::Decompress("back-reference past the end"));
            }
            // `from` is an earlier position, so the source starts before the
            // destination; when they overlap the copy must run forward byte
            // by byte (a run-length repeat).
            if s - from >= copied {
                dst.copy_within(from..from + copied, s);
            } else {
                for m in 0..copied {
                    dst[s + m] = dst[from + m];
                }
            }
            s += 2;
        } else {
            dst[s] = src.next().ok_or(ends_early.clone())?;
            s += 1;
        }
        while p + 1 < s {
            table[usize::from(dst[p] ^ dst[p + 1])] = p;
            p += 1;
        }
        if copied > 0 {
            // The interior of a match is not indexed.
            s += copied - 2;
            p = s;
        }
        bit *= 2;
        if bit == 256 {
            bit = 0;
        }
    }
    match src.len() {
        0 => Ok(dst),
        _ => Err(DecodeError::Decompress("bytes left after the stream")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `2000#1b` as an async message, compressed (javakdb's test vector).
    const BOOLS_COMPRESSED: &str = "01000100 26000000 de070000 00 0100d00700000101 \
                                    ff 00ff00ff00ff00ff00ff00ff00ff00c5";

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn bools_message() -> Vec<u8> {
        let mut m = vec![1, 0, 0, 0, 0xde, 0x07, 0, 0, 1, 0, 0xd0, 0x07, 0, 0];
        m.extend(std::iter::repeat_n(1u8, 2000));
        m
    }

    #[test]
    fn compresses_the_documented_boolean_vector() {
        let got = compress(&bools_message()).unwrap();
        assert_eq!(got.len(), 0x26);
        assert_eq!(got, unhex(BOOLS_COMPRESSED));
    }

    #[test]
    fn decompresses_what_it_compresses() {
        let msg = bools_message();
        let packed = compress(&msg).unwrap();
        assert_eq!(decompress(&packed, usize::MAX).unwrap(), msg);
    }

    #[test]
    fn small_or_incompressible_messages_stay_as_they_are() {
        let mut small = bools_message();
        small.truncate(2000);
        assert_eq!(compress(&small), None);
        // Bytes from a simple generator do not halve.
        let mut x: u32 = 1;
        let noise: Vec<u8> = (0..5000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        assert_eq!(compress(&noise), None);
    }

    #[test]
    fn malformed_streams_are_errors() {
        let packed = compress(&bools_message()).unwrap();
        // Stream cut short (header length adjusted to match).
        let mut short = packed[..30].to_vec();
        short[4] = 30;
        assert!(matches!(
            decompress(&short, usize::MAX),
            Err(DecodeError::Decompress(_))
        ));
        // Extra byte after the stream.
        let mut long = packed.clone();
        long.push(0);
        long[4] += 1;
        assert!(matches!(
            decompress(&long, usize::MAX),
            Err(DecodeError::Decompress(_))
        ));
        // Uncompressed length larger than the caller allows.
        assert!(matches!(
            decompress(&packed, 1000),
            Err(DecodeError::TooLarge { .. })
        ));
        // Uncompressed length larger than the stream could produce.
        let mut huge = packed.clone();
        huge[8..12].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
        assert!(matches!(
            decompress(&huge, usize::MAX),
            Err(DecodeError::Decompress(_))
        ));
        // A back-reference running past the end of the output.
        let mut over = packed.clone();
        over[9] = 0x06; // total 0x6de < what the references expand to
        assert!(matches!(
            decompress(&over, usize::MAX),
            Err(DecodeError::Decompress(_))
        ));
    }
}
