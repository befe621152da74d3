//! kdb+ compressed data files as bytes, with no I/O: the container `set`
//! writes when given compression parameters (or `.z.zd`), and that `get`,
//! `hcount` and `-21!` see through.
//!
//! The container holds the bytes of the uncompressed file cut into logical
//! blocks of 2^lbs bytes (the last one shorter), each compressed on its
//! own:
//!
//! - `kxzipped` (8 bytes), then the compressed blocks end to end;
//! - a trailer: a 4-byte format number (3), the algorithm (1 byte), the
//!   level (1 byte, signed), 2 zero bytes, the uncompressed length
//!   (8 bytes), the offset of the trailer (8 bytes: the magic and the
//!   blocks), the logical block size in bytes (8 bytes), then per block
//!   its compressed length and its own algorithm (4 bytes each; 0 is a
//!   block stored as it is), and last the number of blocks (8 bytes).
//!
//! Algorithms: 1 kdb+ IPC compression, 2 zlib (gzip's deflate with a zlib
//! header), 3 snappy (raw), 4 lz4 (raw block; written with the fast
//! compressor, which any lz4hc reader reads), 5 zstd (a frame; written at
//! zstd's fastest level whatever the level asked). An IPC block is what
//! the IPC compressor makes of an 8-byte header and the block, less that
//! header: the 4-byte uncompressed length (block plus 8), then the stream.
//! (No file kdb+ compressed with algorithm 1 has been at hand to check
//! that block form against; the container around it is kdb+'s.)
//! A block that does not shrink (for IPC compression: does not halve) is
//! stored as it is, with algorithm 0 in its entry. Encrypted files
//! (`kxzippEd`) are not read.

use std::io::{Read, Write};

use crate::ipc;
use crate::k::{QError, qerr};

/// The first bytes of a compressed file.
pub const MAGIC: &[u8; 8] = b"kxzipped";
/// The first bytes of an encrypted (and maybe compressed) file.
const ENCRYPTED_MAGIC: &[u8; 8] = b"kxzippEd";
/// The format number at the start of the trailer.
const FORMAT: u32 = 3;
/// Bytes of the trailer before the block table.
const TRAILER_HEAD: usize = 32;
/// Bytes of one block-table entry.
const ENTRY: usize = 8;
/// Bytes of the block count closing the file.
const COUNT: usize = 8;
/// Smallest and largest logical block size, as powers of 2.
const BLOCK_LOG2: std::ops::RangeInclusive<u32> = 12..=20;

/// No compression (a block stored as it is).
pub const NONE: u8 = 0;
/// kdb+ IPC compression.
pub const IPC: u8 = 1;
/// zlib (gzip's deflate).
pub const GZIP: u8 = 2;
/// snappy.
pub const SNAPPY: u8 = 3;
/// lz4 (lz4hc when kdb+ writes it).
pub const LZ4: u8 = 4;
/// zstd.
pub const ZSTD: u8 = 5;
/// Encryption (AES256CBC), possibly with compression.
const ENCRYPTION: i64 = 16;

/// How to compress a file: `(lbs;alg;lvl)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Logical block size as a power of 2 (12 to 20).
    pub block_log2: u32,
    /// Algorithm, 1 to 5.
    pub algorithm: u8,
    /// Level, as the algorithm reads it.
    pub level: i8,
}

impl Params {
    /// Checks `(lbs;alg;lvl)` as given to `set`, `.z.zd` or `-19!`;
    /// `None` for algorithm 0 (write plainly).
    ///
    /// # Errors
    /// `'domain` for a block size outside 12-20, an unknown algorithm, or
    /// a level the algorithm does not take (gzip 0-9, lz4hc 0 up, zstd
    /// -7 to 22, others 0); `'nyi: encryption` for algorithm 16.
    pub fn new(lbs: i64, alg: i64, lvl: i64) -> Result<Option<Params>, QError> {
        if alg == ENCRYPTION {
            return Err(qerr("nyi: encryption"));
        }
        let levels = match u8::try_from(alg) {
            Ok(NONE) => return Ok(None),
            Ok(IPC | SNAPPY) => -128..=127,
            Ok(GZIP) => 0..=9,
            Ok(LZ4) => 0..=127,
            Ok(ZSTD) => -7..=22,
            _ => return Err(qerr("domain")),
        };
        let block_log2 = u32::try_from(lbs).map_err(|_| qerr("domain"))?;
        if !BLOCK_LOG2.contains(&block_log2) || !levels.contains(&lvl) {
            return Err(qerr("domain"));
        }
        Ok(Some(Params {
            block_log2,
            algorithm: alg as u8,
            // lz4hc levels past 16 work as 16.
            level: if alg == i64::from(LZ4) {
                lvl.min(16)
            } else {
                lvl
            } as i8,
        }))
    }
}

/// What is wrong with a compressed file, to be named with its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Damage {
    /// The trailer does not describe the file.
    Meta,
    /// Block `n` (from 0) does not decompress to its length.
    Block(usize),
    /// The file is encrypted.
    Encrypted,
    /// The uncompressed length is over what the caller allows.
    TooLarge,
}

impl Damage {
    /// q's error for this damage in the file at `path`.
    pub fn error(&self, path: &str) -> QError {
        match self {
            Damage::Meta => qerr(format!("bad meta data in file: {path}")),
            Damage::Block(b) => qerr(format!("decompression error at block {b} in {path}")),
            Damage::Encrypted => qerr(format!("nyi: encrypted file: {path}")),
            Damage::TooLarge => qerr("wsfull"),
        }
    }
}

/// What `-21!` reports of a compressed file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Bytes of the uncompressed file.
    pub uncompressed: u64,
    /// Algorithm of the file.
    pub algorithm: u8,
    /// Logical block size as a power of 2.
    pub block_log2: u32,
    /// Level recorded when it was written.
    pub level: i8,
}

impl Stats {
    /// The parameters to write another file as this one was written.
    pub fn params(&self) -> Option<Params> {
        (IPC..=ZSTD).contains(&self.algorithm).then_some(Params {
            block_log2: self.block_log2,
            algorithm: self.algorithm,
            level: self.level,
        })
    }
}

/// Whether `head` (a file's first bytes) starts a compressed or encrypted
/// file.
pub fn is_compressed(head: &[u8]) -> bool {
    head.starts_with(MAGIC) || head.starts_with(ENCRYPTED_MAGIC)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(x)
}

/// The trailer's length, from a file's length and its last 8 bytes.
///
/// # Errors
/// [`Damage::Meta`] when the block count cannot fit in the file.
pub fn trailer_len(file_len: u64, last: [u8; 8]) -> Result<usize, Damage> {
    let n = u64::from_le_bytes(last);
    let room = file_len.saturating_sub((MAGIC.len() + TRAILER_HEAD + COUNT) as u64) / ENTRY as u64;
    if n > room {
        return Err(Damage::Meta);
    }
    Ok(TRAILER_HEAD + n as usize * ENTRY + COUNT)
}

/// The parsed trailer: the statistics and each block's (length,
/// algorithm).
struct Trailer {
    stats: Stats,
    blocks: Vec<(usize, u8)>,
}

/// Reads a trailer (the file's last [`trailer_len`] bytes) of a file of
/// `file_len` bytes, checking that it describes the file.
fn trailer(t: &[u8], file_len: u64) -> Result<Trailer, Damage> {
    if t.len() < TRAILER_HEAD + COUNT {
        return Err(Damage::Meta);
    }
    let n = (t.len() - TRAILER_HEAD - COUNT) / ENTRY;
    if u64_at(t, t.len() - COUNT) != n as u64 {
        return Err(Damage::Meta);
    }
    let algorithm = t[4];
    let uncompressed = u64_at(t, 8);
    let block = u64_at(t, 24);
    if algorithm > ZSTD || !block.is_power_of_two() {
        return Err(Damage::Meta);
    }
    let block_log2 = block.trailing_zeros();
    if !BLOCK_LOG2.contains(&block_log2) || uncompressed.div_ceil(block) != n as u64 {
        return Err(Damage::Meta);
    }
    let mut blocks = Vec::with_capacity(n);
    let mut end = MAGIC.len() as u64;
    for i in 0..n {
        let at = TRAILER_HEAD + i * ENTRY;
        let len = u32_at(t, at);
        let alg = u32_at(t, at + 4);
        if alg > u32::from(ZSTD) {
            return Err(Damage::Meta);
        }
        end += u64::from(len);
        blocks.push((len as usize, alg as u8));
    }
    if end + t.len() as u64 != file_len {
        return Err(Damage::Meta);
    }
    Ok(Trailer {
        stats: Stats {
            uncompressed,
            algorithm,
            block_log2,
            level: t[5] as i8,
        },
        blocks,
    })
}

/// The statistics in a trailer (the file's last [`trailer_len`] bytes).
///
/// # Errors
/// [`Damage::Meta`] when the trailer does not describe a file of
/// `file_len` bytes.
pub fn stats(t: &[u8], file_len: u64) -> Result<Stats, Damage> {
    trailer(t, file_len).map(|t| t.stats)
}

/// The trailer of a whole compressed file.
fn whole_trailer(file: &[u8]) -> Result<Trailer, Damage> {
    if file.starts_with(ENCRYPTED_MAGIC) {
        return Err(Damage::Encrypted);
    }
    if !file.starts_with(MAGIC) || file.len() < MAGIC.len() + TRAILER_HEAD + COUNT {
        return Err(Damage::Meta);
    }
    let mut last = [0u8; 8];
    last.copy_from_slice(&file[file.len() - COUNT..]);
    let t_len = trailer_len(file.len() as u64, last)?;
    trailer(&file[file.len() - t_len..], file.len() as u64)
}

/// The statistics of a whole compressed file.
///
/// # Errors
/// As [`decompress`], before any block is read.
pub fn stats_of(file: &[u8]) -> Result<Stats, Damage> {
    whole_trailer(file).map(|t| t.stats)
}

/// The uncompressed bytes of a whole compressed file, refusing to produce
/// more than `max_len` bytes. Output grows only as blocks decompress.
///
/// # Errors
/// [`Damage::Encrypted`], [`Damage::Meta`] for a trailer that does not fit
/// the file, [`Damage::TooLarge`], or [`Damage::Block`] for the first
/// block that does not decompress to its length.
pub fn decompress(file: &[u8], max_len: u64) -> Result<Vec<u8>, Damage> {
    let t = whole_trailer(file)?;
    if t.stats.uncompressed > max_len {
        return Err(Damage::TooLarge);
    }
    let total = t.stats.uncompressed as usize;
    let block = 1usize << t.stats.block_log2;
    let mut out = Vec::with_capacity(total.min(file.len().saturating_mul(4)));
    let mut at = MAGIC.len();
    for (i, &(len, alg)) in t.blocks.iter().enumerate() {
        let want = block.min(total - out.len());
        let start = out.len();
        out.resize(start + want, 0);
        decode_block(alg, &file[at..at + len], &mut out[start..]).map_err(|()| Damage::Block(i))?;
        at += len;
    }
    Ok(out)
}

/// Decompresses one block into `out`, which it must fill exactly.
fn decode_block(alg: u8, src: &[u8], out: &mut [u8]) -> Result<(), ()> {
    match alg {
        NONE if src.len() == out.len() => out.copy_from_slice(src),
        IPC => {
            let mut msg = Vec::with_capacity(ipc::HEADER_LEN + src.len());
            msg.extend_from_slice(&[1, 0, 1, 0]);
            let len = u32::try_from(ipc::HEADER_LEN + src.len()).map_err(|_| ())?;
            msg.extend_from_slice(&len.to_le_bytes());
            msg.extend_from_slice(src);
            let whole = ipc::decompress(&msg, ipc::HEADER_LEN + out.len()).map_err(|_| ())?;
            if whole.len() != ipc::HEADER_LEN + out.len() {
                return Err(());
            }
            out.copy_from_slice(&whole[ipc::HEADER_LEN..]);
        }
        GZIP => {
            let mut rest = src;
            if src.starts_with(&[0x1f, 0x8b]) {
                read_exactly(flate2::read::GzDecoder::new(&mut rest), out)?;
            } else {
                read_exactly(flate2::read::ZlibDecoder::new(&mut rest), out)?;
            }
            if !rest.is_empty() {
                return Err(());
            }
        }
        SNAPPY => {
            if snap::raw::decompress_len(src).map_err(|_| ())? != out.len() {
                return Err(());
            }
            snap::raw::Decoder::new()
                .decompress(src, out)
                .map_err(|_| ())?;
        }
        LZ4 => {
            if lz4_flex::block::decompress_into(src, out).map_err(|_| ())? != out.len() {
                return Err(());
            }
        }
        ZSTD => {
            let mut rest = src;
            let d = ruzstd::decoding::StreamingDecoder::new_with_max_window_size(
                &mut rest,
                ZSTD_MAX_WINDOW,
            )
            .map_err(|_| ())?;
            read_exactly(d, out)?;
            if !rest.is_empty() {
                return Err(());
            }
        }
        _ => return Err(()),
    }
    Ok(())
}

/// The largest zstd window a block's frame may ask for: a frame of one
/// block never needs more than the block.
const ZSTD_MAX_WINDOW: u64 = 1 << 23;

/// Fills `out` from `r`, which must then be at its end.
fn read_exactly(mut r: impl Read, out: &mut [u8]) -> Result<(), ()> {
    r.read_exact(out).map_err(|_| ())?;
    let mut more = [0u8; 1];
    match r.read(&mut more) {
        Ok(0) => Ok(()),
        _ => Err(()),
    }
}

/// The compressed file holding `raw` (an uncompressed file's bytes).
///
/// # Errors
/// `'limit` when `raw` is too long for the container's 4-byte block
/// lengths (it never is, with blocks of at most 1MB).
pub fn compress(raw: &[u8], p: Params) -> Result<Vec<u8>, QError> {
    let block = 1usize << p.block_log2;
    let n = raw.len().div_ceil(block);
    let mut out =
        Vec::with_capacity(MAGIC.len() + raw.len() / 2 + TRAILER_HEAD + n * ENTRY + COUNT);
    out.extend_from_slice(MAGIC);
    let mut table = Vec::with_capacity(n * ENTRY);
    for chunk in raw.chunks(block) {
        let start = out.len();
        let alg = encode_block(p, chunk, &mut out);
        let len = u32::try_from(out.len() - start).map_err(|_| qerr("limit"))?;
        table.extend_from_slice(&len.to_le_bytes());
        table.extend_from_slice(&u32::from(alg).to_le_bytes());
    }
    let blocks_end = out.len() as u64;
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&[p.algorithm, p.level as u8, 0, 0]);
    out.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    out.extend_from_slice(&blocks_end.to_le_bytes());
    out.extend_from_slice(&(block as u64).to_le_bytes());
    out.extend_from_slice(&table);
    out.extend_from_slice(&(n as u64).to_le_bytes());
    Ok(out)
}

/// Appends block `src` compressed as `p` says to `out`; returns the
/// algorithm the block was stored with: a block that does not shrink is
/// stored as it is (algorithm 0), as kdb+ stores a splayed table's short
/// `.d`.
fn encode_block(p: Params, src: &[u8], out: &mut Vec<u8>) -> u8 {
    match pack(p, src) {
        Some(packed) if packed.len() < src.len() => {
            out.extend_from_slice(&packed);
            p.algorithm
        }
        _ => {
            out.extend_from_slice(src);
            NONE
        }
    }
}

/// Block `src` compressed as `p` says, if the compressor takes it.
fn pack(p: Params, src: &[u8]) -> Option<Vec<u8>> {
    match p.algorithm {
        IPC => {
            let mut msg = Vec::with_capacity(ipc::HEADER_LEN + src.len());
            msg.extend_from_slice(&[1, 0, 0, 0]);
            msg.extend_from_slice(&((ipc::HEADER_LEN + src.len()) as u32).to_le_bytes());
            msg.extend_from_slice(src);
            ipc::compress(&msg).map(|packed| packed[ipc::HEADER_LEN..].to_vec())
        }
        GZIP => {
            let level = flate2::Compression::new(p.level.clamp(0, 9) as u32);
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), level);
            z.write_all(src).and_then(|()| z.finish()).ok()
        }
        SNAPPY => snap::raw::Encoder::new().compress_vec(src).ok(),
        LZ4 => Some(lz4_flex::block::compress(src)),
        ZSTD => Some(ruzstd::encoding::compress_to_vec(
            src,
            ruzstd::encoding::CompressionLevel::Fastest,
        )),
        _ => None,
    }
}

/// A gzip stream (RFC 1952) of `src` at deflate level `level` (0-9), as
/// `.Q.gz` makes it: no name, no time, made on Unix.
pub fn gzip(src: &[u8], level: u32) -> Vec<u8> {
    let mut z = flate2::GzBuilder::new()
        .operating_system(3)
        .write(Vec::new(), flate2::Compression::new(level.min(9)));
    z.write_all(src)
        .and_then(|()| z.finish())
        .unwrap_or_default()
}

/// The bytes a gzip stream (or a zlib one) holds; `None` if it is not one.
pub fn gunzip(src: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let ok = if src.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(src).read_to_end(&mut out)
    } else {
        flate2::read::ZlibDecoder::new(src).read_to_end(&mut out)
    };
    ok.ok().map(|_| out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longs(n: i64) -> Vec<u8> {
        let mut b = vec![0xfe, 0x20, 7, 0, 0, 0, 0, 0];
        b.extend_from_slice(&(n as u64).to_le_bytes());
        for i in 0..n {
            b.extend_from_slice(&(i % 97).to_le_bytes());
        }
        b
    }

    fn params(lbs: i64, alg: i64, lvl: i64) -> Params {
        Params::new(lbs, alg, lvl).unwrap().unwrap()
    }

    #[test]
    fn every_algorithm_round_trips_over_several_blocks() {
        let raw = longs(20_000);
        for alg in 1..=5 {
            let p = params(12, alg, if alg == 2 { 6 } else { 0 });
            let z = compress(&raw, p).unwrap();
            assert!(z.starts_with(MAGIC));
            assert!(z.len() < raw.len(), "algorithm {alg} did not shrink");
            assert_eq!(decompress(&z, u64::MAX).unwrap(), raw, "algorithm {alg}");
            let mut last = [0u8; 8];
            last.copy_from_slice(&z[z.len() - 8..]);
            let t = trailer_len(z.len() as u64, last).unwrap();
            let s = stats(&z[z.len() - t..], z.len() as u64).unwrap();
            assert_eq!(
                s,
                Stats {
                    uncompressed: raw.len() as u64,
                    algorithm: alg as u8,
                    block_log2: 12,
                    level: p.level
                }
            );
        }
    }

    #[test]
    fn the_trailer_has_the_documented_layout() {
        let raw = longs(1000);
        let z = compress(&raw, params(17, 2, 4)).unwrap();
        let n = z.len();
        // One block: a 48-byte trailer.
        let t = &z[n - 48..];
        assert_eq!(&t[..8], &[3, 0, 0, 0, 2, 4, 0, 0]);
        assert_eq!(u64_at(t, 8), 8016);
        assert_eq!(u64_at(t, 16), (n - 48) as u64);
        assert_eq!(u64_at(t, 24), 1 << 17);
        assert_eq!(u32_at(t, 32) as usize, n - 48 - 8);
        assert_eq!(u32_at(t, 36), 2);
        assert_eq!(u64_at(t, 40), 1);
        // The block is a zlib stream.
        let mut plain = Vec::new();
        flate2::read::ZlibDecoder::new(&z[8..n - 48])
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, raw);
    }

    #[test]
    fn blocks_that_do_not_shrink_are_stored_plainly() {
        let mut x: u32 = 7;
        let noise: Vec<u8> = (0..10_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (x >> 16) as u8
            })
            .collect();
        let z = compress(&noise, params(12, 1, 0)).unwrap();
        assert_eq!(decompress(&z, u64::MAX).unwrap(), noise);
        let t = &z[z.len() - (32 + 3 * 8 + 8)..];
        assert_eq!(u32_at(t, 36), 0);
    }

    #[test]
    fn a_block_that_does_not_shrink_is_stored_as_it_is() {
        // A splayed table's `.d` as kdb+ compresses it (gzip, level 6).
        let d = b"\xff\x01\x0b\x00\x00\x00\x00\x00id\0nestChar\0";
        let z = compress(d, params(17, 2, 6)).unwrap();
        let mut want = b"kxzipped".to_vec();
        want.extend_from_slice(d);
        want.extend_from_slice(&[3, 0, 0, 0, 2, 6, 0, 0]);
        for x in [20u64, 28, 1 << 17] {
            want.extend_from_slice(&x.to_le_bytes());
        }
        want.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(z, want);
        assert_eq!(decompress(&z, u64::MAX).unwrap(), d);
    }

    #[test]
    fn any_damage_is_an_error_or_a_value_never_a_panic() {
        let raw = longs(1500);
        for alg in 1..=5 {
            let z = compress(&raw, params(12, alg, 0)).unwrap();
            let mut x: u32 = 99;
            for i in 0..z.len() {
                for _ in 0..4 {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    let mut bad = z.clone();
                    bad[i] = (x >> 16) as u8;
                    let _ = decompress(&bad, 1 << 20);
                }
                let _ = decompress(&z[..i], 1 << 20);
            }
        }
    }

    #[test]
    fn parameters_are_checked() {
        assert_eq!(Params::new(17, 0, 0).unwrap(), None);
        for (lbs, alg, lvl) in [
            (11, 2, 6),
            (21, 2, 6),
            (17, 6, 0),
            (17, 2, 10),
            (17, 5, 23),
            (17, -1, 0),
        ] {
            assert_eq!(
                Params::new(lbs, alg, lvl).unwrap_err().msg.as_ref(),
                "domain",
                "{lbs} {alg} {lvl}"
            );
        }
        assert!(Params::new(17, 16, 6).unwrap_err().msg.starts_with("nyi"));
        assert_eq!(params(17, 4, 40).level, 16);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let raw = longs(3000);
        let z = compress(&raw, params(12, 2, 6)).unwrap();
        // Cut anywhere: the trailer no longer fits.
        for cut in [0, 7, 8, 20, z.len() / 2, z.len() - 1] {
            assert!(decompress(&z[..cut], u64::MAX).is_err(), "cut at {cut}");
        }
        // A flipped byte inside the first block.
        let mut bad = z.clone();
        bad[12] ^= 0xff;
        assert_eq!(decompress(&bad, u64::MAX), Err(Damage::Block(0)));
        // A block count too large for the file.
        let mut bad = z.clone();
        let n = bad.len();
        bad[n - 8..].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(decompress(&bad, u64::MAX), Err(Damage::Meta));
        // An unknown algorithm in the trailer.
        let mut bad = z.clone();
        let t = n - (32 + 6 * 8 + 8);
        bad[t + 4] = 9;
        assert_eq!(decompress(&bad, u64::MAX), Err(Damage::Meta));
        // An uncompressed length that the blocks cannot hold.
        let mut bad = z.clone();
        bad[t + 8..t + 16].copy_from_slice(&(1u64 << 40).to_le_bytes());
        assert_eq!(decompress(&bad, u64::MAX), Err(Damage::Meta));
        assert_eq!(decompress(&z, 100), Err(Damage::TooLarge));
        let mut enc = z.clone();
        enc[..8].copy_from_slice(ENCRYPTED_MAGIC);
        assert_eq!(decompress(&enc, u64::MAX), Err(Damage::Encrypted));
    }
}
