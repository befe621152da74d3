//! A checked cursor over received bytes: every read is bounds-checked and
//! honours the message's byte order, so decoding cannot index past the input.

use super::DecodeError;

/// Reads fixed-size fields from a byte slice in a given byte order.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    big_endian: bool,
}

impl<'a> Reader<'a> {
    /// A reader over `buf` starting at offset `pos` (at most `buf.len()`),
    /// so that offsets in errors count from the start of `buf`. Multi-byte
    /// fields are big-endian if `big_endian`.
    pub(crate) fn at(buf: &'a [u8], pos: usize, big_endian: bool) -> Reader<'a> {
        Reader {
            buf,
            pos: pos.min(buf.len()),
            big_endian,
        }
    }

    /// Whether multi-byte fields are big-endian.
    pub(crate) fn big_endian(&self) -> bool {
        self.big_endian
    }

    /// Offset of the next byte.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes not yet read.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The unread bytes, without consuming them.
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    /// Consumes and returns the next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if n > self.remaining() {
            return Err(DecodeError::Truncated {
                offset: self.pos,
                needed: n - self.remaining(),
            });
        }
        let bytes = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    /// Consumes the next `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// Consumes one byte.
    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }

    /// Consumes one signed byte.
    pub(crate) fn i8(&mut self) -> Result<i8, DecodeError> {
        Ok(self.u8()? as i8)
    }

    /// Consumes an i16.
    pub(crate) fn i16(&mut self) -> Result<i16, DecodeError> {
        let b = self.array()?;
        Ok(if self.big_endian {
            i16::from_be_bytes(b)
        } else {
            i16::from_le_bytes(b)
        })
    }

    /// Consumes an i32.
    pub(crate) fn i32(&mut self) -> Result<i32, DecodeError> {
        let b = self.array()?;
        Ok(if self.big_endian {
            i32::from_be_bytes(b)
        } else {
            i32::from_le_bytes(b)
        })
    }

    /// Consumes an i64.
    pub(crate) fn i64(&mut self) -> Result<i64, DecodeError> {
        let b = self.array()?;
        Ok(if self.big_endian {
            i64::from_be_bytes(b)
        } else {
            i64::from_le_bytes(b)
        })
    }

    /// Consumes an f32, keeping its bit pattern.
    pub(crate) fn f32(&mut self) -> Result<f32, DecodeError> {
        Ok(f32::from_bits(self.i32()? as u32))
    }

    /// Consumes an f64, keeping its bit pattern.
    pub(crate) fn f64(&mut self) -> Result<f64, DecodeError> {
        Ok(f64::from_bits(self.i64()? as u64))
    }

    /// Consumes bytes up to a NUL and the NUL; returns the bytes before it.
    pub(crate) fn cstr(&mut self) -> Result<&'a [u8], DecodeError> {
        let rest = self.rest();
        let end = memchr::memchr(0, rest).ok_or(DecodeError::MissingNul(self.pos))?;
        self.pos += end + 1;
        Ok(&rest[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_honour_byte_order() {
        let bytes = [0, 0, 0, 1, 2];
        assert_eq!(Reader::at(&bytes, 0, true).i32().unwrap(), 1);
        assert_eq!(Reader::at(&bytes, 0, false).i32().unwrap(), 0x0100_0000);
    }

    #[test]
    fn short_input_is_an_error_not_a_panic() {
        let mut r = Reader::at(&[1, 2, 3], 0, false);
        assert_eq!(
            r.i64(),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 5
            })
        );
        assert_eq!(r.take(3).unwrap(), &[1, 2, 3]);
        assert!(r.u8().is_err());
    }

    #[test]
    fn cstr_needs_a_terminator() {
        let mut r = Reader::at(b"ab\0c", 0, false);
        assert_eq!(r.cstr().unwrap(), b"ab");
        assert_eq!(r.cstr(), Err(DecodeError::MissingNul(3)));
    }
}
