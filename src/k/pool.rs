//! Small blocks: a free list per size class and per thread, carved from
//! one address range reserved at start, so that the atoms, lists and
//! reference counts made item by item (a decoded message, a lambda's frame,
//! a row) cost a pointer pop to allocate and a pointer push to free.
//!
//! A block is known to be the pool's by its address. A freed block goes to
//! the free list of the thread that frees it, and the range is never given
//! back: its memory stays in the pool for the next small block, as q keeps
//! freed memory. Threads that only hand data to the session (the line
//! readers) [`decline`] the pool, so their blocks do not pile up in the
//! session's lists.

use std::alloc::Layout;
use std::cell::UnsafeCell;
use std::ptr;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The largest block served from the pool.
pub const MAX: usize = 128;
/// Block sizes are multiples of this, and blocks are aligned to it.
const GRAIN: usize = 16;
const CLASSES: usize = MAX / GRAIN;
/// Bytes a thread carves from the range at a time.
const CHUNK: usize = 256 << 10;
/// The most address space reserved: pages are only committed as blocks
/// are carved from them.
const RESERVE_MAX: usize = 64 << 30;
/// Below this there is no pool, and every block comes from the system.
const RESERVE_MIN: usize = 64 << 20;

static RESERVED: Once = Once::new();
/// The range: its start and length (0 when none could be reserved).
static BASE: AtomicUsize = AtomicUsize::new(0);
static LEN: AtomicUsize = AtomicUsize::new(0);
/// Bytes of the range handed to threads so far.
static CARVED: AtomicUsize = AtomicUsize::new(0);

/// One thread's pool: the head of each class's free list (each free block
/// holds the address of the next), and the unused tail of its last chunk.
struct Pool {
    free: [*mut u8; CLASSES],
    next: *mut u8,
    end: *mut u8,
    declined: bool,
    /// Bytes allocated (less freed) not yet added to the shared count.
    pending: isize,
    /// Allocations made by this thread.
    allocations: usize,
}

thread_local! {
    // Constant-initialized and without drop glue: reachable from the
    // allocator at any point of a thread's life, even while it exits.
    static POOL: UnsafeCell<Pool> = const {
        UnsafeCell::new(Pool {
            free: [ptr::null_mut(); CLASSES],
            next: ptr::null_mut(),
            end: ptr::null_mut(),
            declined: false,
            pending: 0,
            allocations: 0,
        })
    };
}

/// This thread's pool. The pool is constant-initialized without drop
/// glue, so the access is a plain thread-local address, inlined.
#[inline(always)]
fn this_thread() -> *mut Pool {
    POOL.with(UnsafeCell::get)
}

/// Adds `delta` bytes to this thread's pending count (and one allocation
/// when `allocation`); the whole pending count when it reaches `batch`
/// either way, to be added to the shared count, and 0 otherwise.
#[inline(always)]
pub fn note(delta: isize, allocation: bool, batch: isize) -> isize {
    // SAFETY: the pool is this thread's alone; no reference to it lives
    // across this function.
    let pool = unsafe { &mut *this_thread() };
    pool.allocations += usize::from(allocation);
    let v = pool.pending + delta;
    if v.abs() < batch {
        pool.pending = v;
        0
    } else {
        pool.pending = 0;
        v
    }
}

/// Allocations this thread has made.
pub fn allocations() -> usize {
    // SAFETY: as in `note`.
    unsafe { (*this_thread()).allocations }
}

/// Whether a block of `layout` may come from the pool.
#[inline(always)]
pub fn serves(layout: Layout) -> bool {
    layout.size() <= MAX && layout.align() <= GRAIN
}

/// Whether `block` lies in the pool's range.
#[inline(always)]
pub fn holds(block: *mut u8) -> bool {
    (block as usize).wrapping_sub(BASE.load(Ordering::Relaxed)) < LEN.load(Ordering::Relaxed)
}

#[inline(always)]
fn class(size: usize) -> usize {
    size.saturating_sub(1) / GRAIN
}

/// Whether `a` and `b` bytes take blocks of the same class.
#[inline(always)]
pub fn same_class(a: usize, b: usize) -> bool {
    class(a) == class(b)
}

/// This thread takes no new blocks from the pool; blocks freed here are
/// still reused here.
pub fn decline() {
    // SAFETY: the pool is this thread's alone.
    unsafe { (*this_thread()).declined = true };
}

/// A block of at least `size` bytes (at most [`MAX`]), aligned to 16; null
/// when the pool has none to give, and the system is to be asked.
#[inline(always)]
pub fn take(size: usize) -> *mut u8 {
    let c = class(size);
    // SAFETY: the pool is this thread's alone, and nothing here calls back
    // into the allocator while the reference lives.
    let pool = unsafe { &mut *this_thread() };
    let head = pool.free[c];
    if !head.is_null() {
        // SAFETY: a free block's first word holds the next free block.
        pool.free[c] = unsafe { head.cast::<*mut u8>().read() };
        return head;
    }
    carve_block(pool, c)
}

/// A block of class `c` from the unused tail of the thread's chunk, or
/// from a new chunk.
#[cold]
#[inline(never)]
fn carve_block(pool: &mut Pool, c: usize) -> *mut u8 {
    let bytes = (c + 1) * GRAIN;
    if (pool.end as usize) - (pool.next as usize) < bytes {
        if pool.declined {
            return ptr::null_mut();
        }
        let Some(chunk) = carve() else {
            return ptr::null_mut();
        };
        pool.next = chunk;
        // SAFETY: one past the end of the chunk carved.
        pool.end = unsafe { chunk.add(CHUNK) };
    }
    let block = pool.next;
    // SAFETY: at least `bytes` remain in the chunk.
    pool.next = unsafe { pool.next.add(bytes) };
    block
}

/// Returns a block of `size` bytes to this thread's free list.
///
/// # Safety
/// `block` came from [`take`] with a size of the same class, and is no
/// longer used.
#[inline(always)]
pub unsafe fn give(block: *mut u8, size: usize) {
    let c = class(size);
    // SAFETY: as in `take`.
    let pool = unsafe { &mut *this_thread() };
    // SAFETY: the block is at least 16 bytes, aligned, and free.
    unsafe { block.cast::<*mut u8>().write(pool.free[c]) };
    pool.free[c] = block;
}

/// The next chunk of the range, reserving the range on first use.
fn carve() -> Option<*mut u8> {
    RESERVED.call_once(reserve);
    let len = LEN.load(Ordering::Relaxed);
    let at = CARVED.fetch_add(CHUNK, Ordering::Relaxed);
    if at + CHUNK > len {
        CARVED.fetch_sub(CHUNK, Ordering::Relaxed);
        return None;
    }
    Some((BASE.load(Ordering::Relaxed) + at) as *mut u8)
}

/// Reserves the range: a sixteenth of the address-space limit, if one is
/// set, at most [`RESERVE_MAX`], halved until the system grants it.
#[cfg(unix)]
fn reserve() {
    let mut want = RESERVE_MAX;
    if let Some(limit) = address_limit() {
        want = want.min(limit / 16);
    }
    while want >= RESERVE_MIN {
        // SAFETY: a fresh anonymous mapping; the kernel picks the address.
        let base = unsafe {
            libc::mmap(
                ptr::null_mut(),
                want,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if base != libc::MAP_FAILED {
            BASE.store(base as usize, Ordering::Relaxed);
            LEN.store(want, Ordering::Relaxed);
            return;
        }
        want /= 2;
    }
}

#[cfg(not(unix))]
fn reserve() {}

/// The process's address-space limit (`ulimit -v`) in bytes, if one is set.
#[cfg(unix)]
pub fn address_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit fills a plain struct owned here.
    let got = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } == 0;
    (got && limit.rlim_cur != libc::RLIM_INFINITY)
        .then(|| usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX))
}

/// Elsewhere no limit is known.
#[cfg(not(unix))]
pub fn address_limit() -> Option<usize> {
    None
}

/// Bytes of the range handed to threads (part of `\w`'s heap).
pub fn carved() -> usize {
    CARVED.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_freed_block_is_the_next_of_its_class() {
        let a = take(24);
        let b = take(40);
        assert_ne!(a, b);
        assert_eq!(a as usize % GRAIN, 0);
        // SAFETY: both blocks came from `take` and are unused.
        unsafe { give(a, 24) };
        assert_eq!(take(32), a, "24 and 32 bytes share a class");
        // SAFETY: as above.
        unsafe { give(b, 40) };
        assert_ne!(take(16), b, "16 bytes is another class");
    }

    #[test]
    fn blocks_do_not_overlap() {
        let sizes: Vec<usize> = (0..100_000).map(|i| 1 + i % MAX).collect();
        let blocks: Vec<*mut u8> = sizes.iter().map(|&n| take(n)).collect();
        for (i, (&b, &n)) in blocks.iter().zip(&sizes).enumerate() {
            assert!(holds(b));
            // SAFETY: the block holds at least `n` bytes.
            unsafe { ptr::write_bytes(b, i as u8, n) };
        }
        for (i, (&b, &n)) in blocks.iter().zip(&sizes).enumerate() {
            // SAFETY: as above; every block was filled.
            let bytes = unsafe { std::slice::from_raw_parts(b, n) };
            assert!(
                bytes.iter().all(|&x| x == i as u8),
                "block {i} was overwritten"
            );
        }
        for (&b, &n) in blocks.iter().zip(&sizes) {
            // SAFETY: each block came from `take` with this size.
            unsafe { give(b, n) };
        }
    }

    #[test]
    fn a_declining_thread_reuses_its_own_frees_only() {
        std::thread::spawn(|| {
            decline();
            let b = Box::new([7u8; 40]);
            let from_system = &*b as *const [u8; 40] as *mut u8;
            assert!(!holds(from_system));
            drop(b);
        })
        .join()
        .unwrap();
    }
}
