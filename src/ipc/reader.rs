//! A checked cursor over received bytes: every read is bounds-checked and
//! honours the message's byte order, so decoding cannot index past the input.
//!
//! Over a message the caller owns (a frame taken from a connection), the
//! cursor can also hand the pages it has read past back to the OS while it
//! copies large vectors out, so that decoding a 1 GB message does not hold
//! the message and its decoded value in memory at once.

use std::marker::PhantomData;
use std::ptr::NonNull;

use super::DecodeError;
use super::item::{Item, to_host_order};

/// Large vector bodies are copied out in pieces of this many bytes, with the
/// pages read so far released after each piece.
const COPY_PIECE: usize = 8 << 20;

/// Release only when at least this many bytes have been read since the last
/// release: small messages never pay for a system call.
const RELEASE_MIN: usize = 4 << 20;

/// Reads fixed-size fields from a message in a given byte order.
///
/// The cursor keeps a pointer to the message rather than a slice of it and
/// makes each slice it hands out from the unread bytes only. No slice it
/// made can outlive the next `&mut self` call, so when it releases the pages
/// before the cursor nothing still refers to them.
pub(crate) struct Reader<'a> {
    /// The first byte of the message.
    base: NonNull<u8>,
    len: usize,
    pos: usize,
    big_endian: bool,
    /// Whether the reader may release the pages before `pos` (only for a
    /// message it was handed mutably and that nobody else reads).
    releasable: bool,
    /// Bytes before this offset may already have been released.
    released: usize,
    _message: PhantomData<&'a [u8]>,
}

impl<'a> Reader<'a> {
    /// A reader over `buf` starting at offset `pos` (at most `buf.len()`),
    /// so that offsets in errors count from the start of `buf`. Multi-byte
    /// fields are big-endian if `big_endian`.
    pub(crate) fn at(buf: &'a [u8], pos: usize, big_endian: bool) -> Reader<'a> {
        Reader {
            base: NonNull::from(buf).cast(),
            len: buf.len(),
            pos: pos.min(buf.len()),
            big_endian,
            releasable: false,
            released: 0,
            _message: PhantomData,
        }
    }

    /// A reader over a message the caller gives up reading itself: the
    /// reader may release the pages it has read past (their bytes then read
    /// as zeros), so `buf` must not be read again once decoding starts.
    pub(crate) fn releasing(buf: &'a mut [u8], pos: usize, big_endian: bool) -> Reader<'a> {
        let len = buf.len();
        Reader {
            base: NonNull::from(buf).cast(),
            len,
            pos: pos.min(len),
            big_endian,
            releasable: true,
            released: 0,
            _message: PhantomData,
        }
    }

    /// `n` bytes from offset `start`.
    ///
    /// The caller has checked that `start + n <= self.len`, and `start` is
    /// the offset the cursor stood at before this read (never before
    /// `released`: pages are only released behind the cursor).
    fn bytes(&self, start: usize, n: usize) -> &[u8] {
        debug_assert!(start >= self.released && start + n <= self.len);
        // SAFETY: `base` points to `len` initialized bytes that live for
        // 'a, which outlives `self`; the range is inside them and not in a
        // released page; and the slice borrows `self`, so it is gone before
        // `release_read` can run again.
        unsafe { std::slice::from_raw_parts(self.base.as_ptr().add(start), n) }
    }

    /// Offset of the next byte.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes not yet read.
    pub(crate) fn remaining(&self) -> usize {
        self.len - self.pos
    }

    /// The unread bytes, without consuming them.
    pub(crate) fn rest(&self) -> &[u8] {
        self.bytes(self.pos, self.remaining())
    }

    fn check(&self, n: usize) -> Result<(), DecodeError> {
        if n > self.remaining() {
            return Err(DecodeError::Truncated {
                offset: self.pos,
                needed: n - self.remaining(),
            });
        }
        Ok(())
    }

    /// Consumes and returns the next `n` bytes.
    pub(crate) fn take(&mut self, n: usize) -> Result<&[u8], DecodeError> {
        self.check(n)?;
        let start = self.pos;
        self.pos += n;
        Ok(self.bytes(start, n))
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
    pub(crate) fn cstr(&mut self) -> Result<&[u8], DecodeError> {
        let end = memchr::memchr(0, self.rest()).ok_or(DecodeError::MissingNul(self.pos))?;
        let start = self.pos;
        self.pos += end + 1;
        Ok(self.bytes(start, end))
    }

    /// Consumes `n` items of type `T` written in the message's byte order:
    /// one copy, then a swap pass only if that order is not the host's.
    /// Large vectors are copied piece by piece, releasing what was read.
    pub(crate) fn items<T: Item>(&mut self, n: usize) -> Result<Vec<T>, DecodeError> {
        let width = size_of::<T>();
        self.check(n.saturating_mul(width))?;
        // Copied into fresh capacity, not over zeros written first.
        let mut items: Vec<T> = Vec::with_capacity(n);
        let total = n * width;
        let piece = if self.releasable { COPY_PIECE } else { total };
        let out = items.as_mut_ptr().cast::<u8>();
        let mut done = 0;
        while done < total {
            let len = piece.max(1).min(total - done);
            let src = self.take(len)?;
            // SAFETY: `out` has room for `total` bytes and `done + len <=
            // total`; `src` is `len` bytes of the message, which does not
            // overlap the new allocation.
            unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), out.add(done), len) };
            done += len;
            self.release_read();
        }
        // SAFETY: all `n` items were written above, and every bit pattern
        // is a valid `T` (`Item` types are plain old data).
        unsafe { items.set_len(n) };
        to_host_order(&mut items, self.big_endian);
        Ok(items)
    }

    /// Hands the whole pages before the cursor back to the OS, if this
    /// reader may and enough has been read since the last time. Their bytes
    /// are never read again; the allocation itself stays with its owner.
    pub(crate) fn release_read(&mut self) {
        if !self.releasable || self.pos - self.released < RELEASE_MIN {
            return;
        }
        // SAFETY: sysconf has no preconditions.
        let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
            p if p > 0 => p as usize,
            _ => return,
        };
        let base = self.base.as_ptr() as usize;
        let start = (base + self.released).next_multiple_of(page);
        let end = (base + self.pos) / page * page;
        if end > start {
            // SAFETY: [start, end) is whole pages inside the message, which
            // the reader was lent mutably for 'a, and before `pos`: no slice
            // of it exists any more (slices borrow `self`) and none will be
            // made again. MADV_DONTNEED on private memory only replaces its
            // contents with zeros (what a write of zeros could do), keeping
            // the mapping valid for the allocator that owns it. A failure
            // just leaves the pages in place.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
            }
            self.released = end - base;
        }
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
        assert!(r.items::<i32>(1).is_err());
    }

    #[test]
    fn cstr_needs_a_terminator() {
        let mut r = Reader::at(b"ab\0c", 0, false);
        assert_eq!(r.cstr().unwrap(), b"ab");
        assert_eq!(r.cstr(), Err(DecodeError::MissingNul(3)));
    }

    #[test]
    fn items_come_out_in_host_order() {
        let bytes = [0, 0, 0, 1, 0xff, 0xff, 0xff, 0xfe];
        assert_eq!(
            Reader::at(&bytes, 0, true).items::<i32>(2).unwrap(),
            [1, -2]
        );
        assert_eq!(
            Reader::at(&bytes, 4, false).items::<i32>(1).unwrap(),
            [-16_777_217]
        );
        assert_eq!(
            Reader::at(&bytes, 0, false).items::<i32>(3),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 4
            })
        );
    }

    #[test]
    fn releasing_reader_copies_large_vectors_whole() {
        // Several copy pieces and release points, with an odd start offset.
        let n = (3 * COPY_PIECE) / 8 + 5;
        let want: Vec<i64> = (0..n as i64).map(|i| i * 7 - 3).collect();
        let mut msg = vec![0xaa; 3];
        msg.extend(want.iter().flat_map(|x| x.to_le_bytes()));
        msg.push(0x55);
        let mut r = Reader::releasing(&mut msg, 3, false);
        assert_eq!(r.items::<i64>(n).unwrap(), want);
        assert_eq!(r.u8().unwrap(), 0x55);
        assert_eq!(r.remaining(), 0);
    }

    #[test]
    fn pages_read_are_handed_back() {
        let mut msg = vec![0xaa_u8; 4 * COPY_PIECE];
        let read = Reader::releasing(&mut msg, 0, false).items::<u8>(3 * COPY_PIECE);
        assert_eq!(read.unwrap().len(), 3 * COPY_PIECE);
        // Released pages read back as zeros; the unread tail is untouched.
        let middle = COPY_PIECE..2 * COPY_PIECE;
        assert!(msg[middle].iter().all(|&b| b == 0));
        assert!(msg[3 * COPY_PIECE..].iter().all(|&b| b == 0xaa));
        // A borrowed message is never released.
        let msg = vec![0xaa_u8; 2 * COPY_PIECE];
        let mut r = Reader::at(&msg, 0, false);
        r.items::<u8>(2 * COPY_PIECE).unwrap();
        assert!(msg.iter().all(|&b| b == 0xaa));
    }
}
