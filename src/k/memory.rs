//! The workspace: how much memory values hold, and q's workspace limit
//! (`-w`, `\w`), past which an operation fails with `'wsfull` instead of
//! taking the machine's memory or aborting the process.
//!
//! Every allocation is counted by [`Counting`], the process's allocator.
//! Operations whose size comes from user input (`til`, `#`, `cross`, `?`,
//! joins) ask [`reserve`] before they allocate, and the evaluator asks
//! [`check`] between steps, so growth a little at a time is caught too.
//! With no `-w`, the limit is the machine's physical memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{QError, qerr};

static USED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Allocations made by this thread (to tell per-item from per-vector work).
    static ALLOCATIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The `-w` limit in bytes; 0 when none was set.
static LIMIT: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting the bytes it has handed out.
pub struct Counting;

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counters are only statistics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract, passed on as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
            huge_pages(p, layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator with this layout.
        unsafe { System.dealloc(ptr, layout) };
        USED.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`; `ptr` came from this allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                USED.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

/// Blocks at least this large are backed by huge pages where the kernel
/// allows it: a vector of millions of items then costs a few hundred page
/// faults to fill, not hundreds of thousands.
const HUGE_PAGE_MIN: usize = 4 << 20;

/// Asks for huge pages over the whole pages inside a new large block.
#[inline]
fn huge_pages(p: *mut u8, size: usize) {
    if size < HUGE_PAGE_MIN {
        return;
    }
    let page = 4096usize;
    let start = (p as usize).next_multiple_of(page);
    let end = (p as usize + size) / page * page;
    if end > start {
        // SAFETY: the range lies inside the block just allocated; the
        // advice changes how it is backed, never its contents.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
}

#[inline]
fn grew(n: usize) {
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
    let now = USED.fetch_add(n, Ordering::Relaxed) + n;
    if now > PEAK.load(Ordering::Relaxed) {
        PEAK.store(now, Ordering::Relaxed);
    }
}

/// How many allocations (and reallocations that grew) this thread has made.
pub fn thread_allocations() -> usize {
    ALLOCATIONS.try_with(std::cell::Cell::get).unwrap_or(0)
}

/// Bytes allocated now.
pub fn used() -> usize {
    USED.load(Ordering::Relaxed)
}

/// The most bytes allocated at once so far.
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// The `-w` limit in bytes (0: none set).
pub fn limit() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

/// Sets the workspace limit in bytes (0 removes it).
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
}

/// The machine's physical memory in bytes (0 when unknown).
pub fn physical() -> usize {
    static PHYSICAL: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *PHYSICAL.get_or_init(read_physical)
}

fn read_physical() -> usize {
    // SAFETY: sysconf has no preconditions.
    let (pages, size) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    if pages <= 0 || size <= 0 {
        0
    } else {
        (pages as usize).saturating_mul(size as usize)
    }
}

/// The limit in force: `-w`, or else physical memory.
fn ceiling() -> usize {
    match limit() {
        0 => match physical() {
            0 => usize::MAX,
            p => p,
        },
        l => l,
    }
}

/// The figures of q's `\w`: bytes in use, heap (the same here: memory is
/// returned to the system as values are freed), peak, the `-w` limit (0
/// for none), mapped bytes, and the machine's physical memory.
pub fn stats() -> [i64; 6] {
    [
        used() as i64,
        used() as i64,
        peak() as i64,
        limit() as i64,
        0,
        physical() as i64,
    ]
}

/// `'wsfull` unless `bytes` more can be allocated within the limit.
pub fn reserve(bytes: usize) -> Result<(), QError> {
    if used().saturating_add(bytes) > ceiling() {
        Err(qerr("wsfull"))
    } else {
        Ok(())
    }
}

/// [`reserve`] for `n` items of `width` bytes each.
pub fn reserve_items(n: usize, width: usize) -> Result<(), QError> {
    reserve(n.checked_mul(width).ok_or_else(|| qerr("wsfull"))?)
}

/// `'wsfull` when more is allocated than the limit allows.
pub fn check() -> Result<(), QError> {
    if used() > ceiling() {
        Err(qerr("wsfull"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_past_physical_memory_are_refused() {
        let too_big = physical().max(1 << 40).saturating_mul(4);
        assert_eq!(reserve(too_big).unwrap_err(), qerr("wsfull"));
        assert_eq!(
            reserve_items(usize::MAX / 2, 8).unwrap_err(),
            qerr("wsfull")
        );
        assert!(reserve(1 << 10).is_ok());
    }

    #[test]
    fn allocations_are_counted() {
        let v: Vec<u8> = Vec::with_capacity(64 << 20);
        assert!(used() >= 64 << 20, "{} bytes counted", used());
        assert!(peak() >= used());
        drop(v);
    }
}
