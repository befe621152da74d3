//! The 8-byte message header, and the framing function connections use to know
//! how many bytes a message needs before reading it.

use super::{CAPABILITY_LARGE, DecodeError, MAX_LEN_LARGE, MsgType};

/// Bytes in a message header.
pub const HEADER_LEN: usize = 8;
/// Header byte 0 of a little-endian message (what we always write).
pub const LITTLE_ENDIAN: u8 = 1;
/// Header byte 0 of a big-endian message.
pub const BIG_ENDIAN: u8 = 0;
/// The smallest object (`ff 00`, `65 00`, `f5 00`) takes two bytes.
pub(crate) const MIN_OBJECT_LEN: usize = 2;
/// A compressed message also carries its uncompressed length.
pub(crate) const COMPRESSED_HEADER_LEN: usize = 12;

/// A decoded message header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Whether the message's multi-byte fields are big-endian (byte 0 = 0).
    pub big_endian: bool,
    /// Async, sync or response.
    pub msg_type: MsgType,
    /// Whether the payload is compressed.
    pub compressed: bool,
    /// Total message length on the wire, header included (40 bits at most).
    pub len: u64,
}

impl Header {
    /// The header of an uncompressed little-endian message of `len` bytes.
    pub fn new(msg_type: MsgType, len: u64) -> Header {
        Header {
            big_endian: false,
            msg_type,
            compressed: false,
            len,
        }
    }

    /// The header's bytes: length bits 0..31 at 4..8 in the header's byte
    /// order, bits 32..39 in byte 3.
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let low = (self.len & 0xffff_ffff) as u32;
        let low = if self.big_endian {
            low.to_be_bytes()
        } else {
            low.to_le_bytes()
        };
        [
            if self.big_endian {
                BIG_ENDIAN
            } else {
                LITTLE_ENDIAN
            },
            self.msg_type as u8,
            self.compressed as u8,
            ((self.len >> 32) & 0xff) as u8,
            low[0],
            low[1],
            low[2],
            low[3],
        ]
    }

    /// Decodes the first 8 bytes of `bytes`. Byte 3 (length bits 32..39) is
    /// accepted only when `capability` is 5 or more.
    ///
    /// # Errors
    /// Fewer than 8 bytes, or a bad endianness, message type or compression
    /// byte, or a length that uses byte 3 without the capability or is
    /// smaller than the smallest message.
    pub fn decode(bytes: &[u8], capability: u8) -> Result<Header, DecodeError> {
        let Some(b) = bytes.first_chunk::<HEADER_LEN>() else {
            return Err(DecodeError::Truncated {
                offset: bytes.len(),
                needed: HEADER_LEN - bytes.len(),
            });
        };
        let big_endian = match b[0] {
            LITTLE_ENDIAN => false,
            BIG_ENDIAN => true,
            other => return Err(DecodeError::BadEndianness(other)),
        };
        let msg_type = MsgType::from_byte(b[1]).ok_or(DecodeError::BadMsgType(b[1]))?;
        let compressed = match b[2] {
            0 => false,
            1 => true,
            other => return Err(DecodeError::BadCompressedFlag(other)),
        };
        if b[3] != 0 && capability < CAPABILITY_LARGE {
            return Err(DecodeError::LargeLengthNotNegotiated { capability });
        }
        let low = [b[4], b[5], b[6], b[7]];
        let low = if big_endian {
            u32::from_be_bytes(low)
        } else {
            u32::from_le_bytes(low)
        };
        let len = (u64::from(b[3]) << 32) | u64::from(low);
        let min = if compressed {
            COMPRESSED_HEADER_LEN
        } else {
            HEADER_LEN + MIN_OBJECT_LEN
        };
        if len < min as u64 {
            return Err(DecodeError::LengthTooSmall(len));
        }
        debug_assert!(len <= MAX_LEN_LARGE);
        Ok(Header {
            big_endian,
            msg_type,
            compressed,
            len,
        })
    }
}

/// How many bytes the whole message starting at `buf[0]` needs, header
/// included: `Ok(None)` until the 8 header bytes are there.
///
/// `capability` is the connection's negotiated capability (byte 3 of the
/// length is only valid at 5 or more). `max_len` is the largest message the
/// caller will accept; it is enforced here, before anything is allocated.
///
/// # Errors
/// A malformed header, or a length over `max_len`.
pub fn frame_len(buf: &[u8], capability: u8, max_len: usize) -> Result<Option<usize>, DecodeError> {
    if buf.len() < HEADER_LEN {
        return Ok(None);
    }
    let header = Header::decode(buf, capability)?;
    if header.len > max_len as u64 {
        return Err(DecodeError::TooLarge {
            len: header.len,
            max: max_len as u64,
        });
    }
    // Fits in usize: it is at most max_len.
    Ok(Some(header.len as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_documented_header() {
        // -8!1i
        let h = Header::decode(&[1, 0, 0, 0, 0x0d, 0, 0, 0], 3).unwrap();
        assert_eq!(h, Header::new(MsgType::Async, 13));
        assert_eq!(h.encode(), [1, 0, 0, 0, 0x0d, 0, 0, 0]);
    }

    #[test]
    fn big_endian_lengths_are_read_in_their_order() {
        let h = Header::decode(&[0, 2, 0, 0, 0, 0, 1, 0], 3).unwrap();
        assert!(h.big_endian);
        assert_eq!(h.msg_type, MsgType::Response);
        assert_eq!(h.len, 256);
        assert_eq!(h.encode(), [0, 2, 0, 0, 0, 0, 1, 0]);
    }

    #[test]
    fn byte_three_extends_the_length_only_with_capability_five() {
        let bytes = [1, 1, 0, 0x02, 0x10, 0, 0, 0];
        assert_eq!(
            Header::decode(&bytes, 3),
            Err(DecodeError::LargeLengthNotNegotiated { capability: 3 })
        );
        let h = Header::decode(&bytes, 5).unwrap();
        assert_eq!(h.len, (2 << 32) | 0x10);
        assert_eq!(h.encode(), bytes);
    }

    #[test]
    fn bad_header_bytes_are_rejected() {
        assert_eq!(
            Header::decode(&[2, 0, 0, 0, 10, 0, 0, 0], 3),
            Err(DecodeError::BadEndianness(2))
        );
        assert_eq!(
            Header::decode(&[1, 3, 0, 0, 10, 0, 0, 0], 3),
            Err(DecodeError::BadMsgType(3))
        );
        assert_eq!(
            Header::decode(&[1, 0, 2, 0, 10, 0, 0, 0], 3),
            Err(DecodeError::BadCompressedFlag(2))
        );
        assert_eq!(
            Header::decode(&[1, 0, 0, 0, 9, 0, 0, 0], 3),
            Err(DecodeError::LengthTooSmall(9))
        );
        assert_eq!(
            Header::decode(&[1, 0, 1, 0, 11, 0, 0, 0], 3),
            Err(DecodeError::LengthTooSmall(11))
        );
    }

    #[test]
    fn frame_len_waits_for_the_header_then_enforces_the_limit() {
        let msg = [1, 0, 0, 0, 0x0d, 0, 0, 0, 0xfa, 1, 0, 0, 0];
        for n in 0..HEADER_LEN {
            assert_eq!(frame_len(&msg[..n], 3, 100), Ok(None));
        }
        assert_eq!(frame_len(&msg[..8], 3, 100), Ok(Some(13)));
        assert_eq!(frame_len(&msg, 3, 13), Ok(Some(13)));
        assert_eq!(
            frame_len(&msg, 3, 12),
            Err(DecodeError::TooLarge { len: 13, max: 12 })
        );
        // A header claiming 2 GB is refused from its 8 bytes alone.
        let huge = [1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f];
        assert!(matches!(
            frame_len(&huge, 3, 1 << 20),
            Err(DecodeError::TooLarge { .. })
        ));
    }
}
