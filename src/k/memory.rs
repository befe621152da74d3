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
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};

use super::{QError, pool, qerr};

/// Bytes allocated, by every thread, less what each thread has yet to
/// report (see [`BATCH`]); briefly negative when one thread frees what
/// another allocated before either reports.
static USED: AtomicIsize = AtomicIsize::new(0);

static PEAK: AtomicUsize = AtomicUsize::new(0);
/// The `-w` limit in bytes; 0 when none was set.
static LIMIT: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting the bytes it has handed out; blocks of
/// up to 128 bytes come from the small-block pool.
pub struct Counting;

// SAFETY: small blocks come from the pool, which hands out each block once
// until it is freed; every other call is forwarded to the system allocator
// unchanged. The counters are only statistics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if pool::serves(layout) {
            let p = pool::take(layout.size());
            if !p.is_null() {
                grew(layout.size());
                return p;
            }
        }
        if layout.size() >= HUGE_PAGE_MIN && layout.align() <= 16 {
            if let Some(p) = BLOCKS.take(layout.size()) {
                grew(layout.size());
                return p;
            }
            // Large blocks are whole multiples of the block grain, so that
            // a freed one fits the next request of about the same size.
            let Ok(rounded) = Layout::from_size_align(grain(layout.size()), layout.align()) else {
                return std::ptr::null_mut();
            };
            // SAFETY: a valid non-zero layout; the block is at least as
            // large as the caller asked, which `dealloc` and `realloc`
            // (the system's, by the block's own header) allow.
            let p = unsafe { System.alloc(rounded) };
            if !p.is_null() {
                grew(layout.size());
                huge_pages(p, rounded.size());
            }
            return p;
        }
        // SAFETY: the caller upholds `alloc`'s contract, passed on as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if pool::serves(layout) {
            // SAFETY: as for `alloc`.
            let p = unsafe { self.alloc(layout) };
            if !p.is_null() {
                // SAFETY: the block holds at least `layout.size()` bytes.
                unsafe { std::ptr::write_bytes(p, 0, layout.size()) };
            }
            return p;
        }
        // A kept block is cleared in place: cheaper than faulting in the
        // fresh zero pages the system would hand out.
        if layout.size() >= HUGE_PAGE_MIN
            && layout.align() <= 16
            && let Some(p) = BLOCKS.take(layout.size())
        {
            grew(layout.size());
            // SAFETY: the kept block holds at least `layout.size()` bytes.
            unsafe { std::ptr::write_bytes(p, 0, layout.size()) };
            return p;
        }
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if pool::serves(layout) && pool::holds(ptr) {
            shrank(layout.size());
            // SAFETY: a block of this layout came from the pool.
            unsafe { pool::give(ptr, layout.size()) };
            return;
        }
        if is_map_sized(layout.size()) && MAPS.release(ptr) {
            return;
        }
        shrank(layout.size());
        if layout.size() >= HUGE_PAGE_MIN && layout.align() <= 16 && BLOCKS.keep(ptr, layout.size())
        {
            return;
        }
        // SAFETY: `ptr` came from this allocator with this layout.
        unsafe { System.dealloc(ptr, layout) };
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if pool::holds(ptr) {
            if pool::same_class(layout.size(), new_size) && new_size <= pool::MAX {
                resized(layout.size(), new_size);
                return ptr;
            }
            // Out of the pool's class: a new block, the items copied over.
            // SAFETY: as for `realloc`.
            return unsafe { self.move_block(ptr, layout, new_size) };
        }
        if is_map_sized(layout.size()) && MAPS.holds(ptr) {
            // A mapped vector that grows or shrinks moves to the heap.
            // SAFETY: as for `realloc`.
            return unsafe { self.move_block(ptr, layout, new_size) };
        }
        // SAFETY: as for `alloc`; `ptr` came from this allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            resized(layout.size(), new_size);
        }
        p
    }
}

impl Counting {
    /// `realloc` by moving: a new block of `new_size` bytes, the items
    /// copied over, and the old block freed by its layout (a pool block
    /// goes back to its list, a mapped one is unmapped).
    ///
    /// # Safety
    /// As for [`GlobalAlloc::realloc`].
    unsafe fn move_block(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(to) = Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        // SAFETY: a valid layout of non-zero size (Vec never reallocates
        // to zero bytes).
        let p = unsafe { self.alloc(to) };
        if !p.is_null() {
            // SAFETY: both blocks hold at least the bytes copied and do not
            // overlap; the old block came from this allocator with `layout`.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        p
    }
}

/// Counts a block that changed size in place from `old` to `new` bytes.
#[inline]
fn resized(old: usize, new: usize) {
    if new >= old {
        grew(new - old);
    } else {
        shrank(old - new);
    }
}

/// This thread takes its small blocks from the system rather than the
/// pool: for threads that make data the session thread frees (the line
/// readers), which would otherwise move blocks into the session's lists
/// without end.
pub fn decline_pool() {
    pool::decline();
}

/// Freed large blocks kept for the next request of the same size, as q
/// keeps freed memory for reuse: a loop over large vectors then fills
/// memory it already has instead of faulting in fresh pages each time.
/// [`release_kept`] (`.Q.gc`) returns them to the system.
static BLOCKS: BlockCache = BlockCache::new();

/// Large blocks are sized in multiples of this.
const GRAIN: usize = 2 << 20;

/// Most bytes of freed blocks kept.
const KEEP_MAX: usize = 1 << 30;

fn grain(size: usize) -> usize {
    size.div_ceil(GRAIN).saturating_mul(GRAIN)
}

/// A few freed large blocks: (rounded size, address) pairs in a fixed
/// array, so that keeping and taking them never allocates.
struct BlockCache {
    slots: std::sync::Mutex<[(usize, usize); 16]>,
}

impl BlockCache {
    const fn new() -> BlockCache {
        BlockCache {
            slots: std::sync::Mutex::new([(0, 0); 16]),
        }
    }

    /// A kept block of at least `size` bytes and not much more, if there
    /// is one.
    fn take(&self, size: usize) -> Option<*mut u8> {
        let most = grain(size) + GRAIN;
        let mut slots = self.slots.lock().ok()?;
        let slot = slots
            .iter_mut()
            .find(|(s, _)| *s != 0 && (size..=most).contains(s))?;
        let addr = slot.1;
        *slot = (0, 0);
        Some(addr as *mut u8)
    }

    /// Keeps a freed block unless the cache is full; whether it was kept.
    /// It is filed under the size the system allocator says it has.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn keep(&self, ptr: *mut u8, _size: usize) -> bool {
        // SAFETY: `ptr` is a live block from the system allocator.
        let rounded = unsafe { libc::malloc_usable_size(ptr.cast()) };
        let Ok(mut slots) = self.slots.lock() else {
            return false;
        };
        let held: usize = slots.iter().map(|(s, _)| s).sum();
        if held + rounded > KEEP_MAX.min(ceiling() / 8) {
            return false;
        }
        match slots.iter_mut().find(|(s, _)| *s == 0) {
            Some(slot) => {
                *slot = (rounded, ptr as usize);
                true
            }
            None => false,
        }
    }

    /// Elsewhere blocks go straight back to the system.
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    fn keep(&self, _ptr: *mut u8, _size: usize) -> bool {
        false
    }

    /// Frees every kept block; the bytes released.
    fn release(&self) -> usize {
        let Ok(mut slots) = self.slots.lock() else {
            return 0;
        };
        let mut freed = 0;
        for slot in slots.iter_mut().filter(|(s, _)| *s != 0) {
            let (size, addr) = *slot;
            *slot = (0, 0);
            if let Ok(layout) = Layout::from_size_align(size, 16) {
                // SAFETY: the block came from the system allocator and was
                // freed by its owner; glibc frees by the block's header.
                unsafe { System.dealloc(addr as *mut u8, layout) };
                freed += size;
            }
        }
        freed
    }

    /// Bytes held in kept blocks.
    fn held(&self) -> usize {
        self.slots
            .lock()
            .map(|slots| slots.iter().map(|(s, _)| s).sum())
            .unwrap_or(0)
    }
}

/// Returns the freed large blocks kept for reuse to the system (`.Q.gc`);
/// the number of bytes released.
pub fn release_kept() -> usize {
    BLOCKS.release()
}

/// Bytes of freed large blocks kept for reuse (part of `\w`'s heap).
pub fn kept() -> usize {
    BLOCKS.held()
}

/// Vector files whose items take at least this many bytes are mapped
/// rather than read: their pages come from the file as they are touched,
/// and the kernel may drop them again under memory pressure.
pub const MAP_MIN: usize = 1 << 20;

/// Most files mapped at once; past this, files are read.
const MAP_SLOTS: usize = 4096;

static MAPS: MapTable = MapTable::new();
/// How many mappings are live (so that frees skip the table when none is).
static MAP_COUNT: AtomicUsize = AtomicUsize::new(0);
/// Bytes of files mapped (`\w`'s mapped figure).
static MAPPED: AtomicUsize = AtomicUsize::new(0);

#[inline]
fn is_map_sized(size: usize) -> bool {
    size >= MAP_MIN && MAP_COUNT.load(Ordering::Relaxed) > 0
}

/// The live file mappings: (items address, mapping address, mapping
/// length) in a fixed array, so that the allocator can look a block up
/// without allocating.
struct MapTable {
    slots: std::sync::Mutex<[(usize, usize, usize); MAP_SLOTS]>,
}

impl MapTable {
    const fn new() -> MapTable {
        MapTable {
            slots: std::sync::Mutex::new([(0, 0, 0); MAP_SLOTS]),
        }
    }

    fn add(&self, items: usize, base: usize, len: usize) -> bool {
        let Ok(mut slots) = self.slots.lock() else {
            return false;
        };
        match slots.iter_mut().find(|s| s.0 == 0) {
            Some(slot) => {
                *slot = (items, base, len);
                MAP_COUNT.fetch_add(1, Ordering::Relaxed);
                MAPPED.fetch_add(len, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }

    fn holds(&self, items: *mut u8) -> bool {
        self.slots
            .lock()
            .is_ok_and(|slots| slots.iter().any(|s| s.0 == items as usize))
    }

    /// Unmaps the mapping whose items start at `items`; whether there was
    /// one.
    fn release(&self, items: *mut u8) -> bool {
        let Ok(mut slots) = self.slots.lock() else {
            return false;
        };
        let Some(slot) = slots.iter_mut().find(|s| s.0 == items as usize) else {
            return false;
        };
        let (_, base, len) = *slot;
        *slot = (0, 0, 0);
        MAP_COUNT.fetch_sub(1, Ordering::Relaxed);
        MAPPED.fetch_sub(len, Ordering::Relaxed);
        // SAFETY: `base..base+len` is a mapping made by `map_items`, and
        // the vector that used it is being freed.
        unsafe { libc::munmap(base as *mut libc::c_void, len) };
        true
    }
}

/// `n` items of `T` starting `offset` bytes into `file` (of `file_len`
/// bytes), as a vector whose memory is a private, copy-on-write mapping
/// of the file: changing the vector never changes the file, and freeing
/// it unmaps the file. `None` when the items are too few to be worth
/// mapping, do not fit the file, are misaligned, or the system refuses.
pub fn map_items<T: bytemuck::Pod>(
    file: &std::fs::File,
    file_len: usize,
    offset: usize,
    n: usize,
) -> Option<Vec<T>> {
    use std::os::fd::AsRawFd;
    let bytes = n.checked_mul(std::mem::size_of::<T>())?;
    if bytes < MAP_MIN
        || offset.checked_add(bytes)? > file_len
        || !offset.is_multiple_of(std::mem::align_of::<T>())
    {
        return None;
    }
    // SAFETY: a fresh private mapping of an open file; the kernel picks
    // the address.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            file_len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE,
            file.as_raw_fd(),
            0,
        )
    };
    if base == libc::MAP_FAILED {
        return None;
    }
    let items = base as usize + offset;
    if !MAPS.add(items, base as usize, file_len) {
        // SAFETY: the mapping just made, not yet used.
        unsafe { libc::munmap(base, file_len) };
        return None;
    }
    // SAFETY: the mapping is readable and writable, page-aligned plus an
    // offset that suits `T`, and holds `n` items of `T` (any bytes are a
    // valid `T`). The allocator knows the block by its address: freeing
    // or growing the vector unmaps the file instead of freeing heap.
    Some(unsafe { Vec::from_raw_parts(items as *mut T, n, n) })
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

/// Each thread adds its allocations to [`USED`] in batches of this many
/// bytes: small blocks come and go without touching the shared counter,
/// and the workspace figures lag by at most this much a thread.
const BATCH: isize = 64 << 10;

#[inline(always)]
fn grew(n: usize) {
    settle(pool::note(n as isize, true, BATCH));
}

#[inline(always)]
fn shrank(n: usize) {
    settle(pool::note(-(n as isize), false, BATCH));
}

#[inline(always)]
fn settle(whole: isize) {
    if whole != 0 {
        add_used(whole);
    }
}

#[cold]
fn add_used(whole: isize) {
    let now = USED.fetch_add(whole, Ordering::Relaxed) + whole;
    if now > 0 && now as usize > PEAK.load(Ordering::Relaxed) {
        PEAK.store(now as usize, Ordering::Relaxed);
    }
}

/// How many allocations (and reallocations that grew) this thread has made.
pub fn thread_allocations() -> usize {
    pool::allocations()
}

/// Bytes allocated now.
#[inline]
pub fn used() -> usize {
    USED.load(Ordering::Relaxed).max(0) as usize
}

/// The most bytes allocated at once so far.
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// The `-w` limit in bytes (0: none set).
#[inline]
pub fn limit() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

/// Sets the workspace limit in bytes (0 removes it).
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
    CEILING.store(0, Ordering::Relaxed);
}

/// The machine's physical memory in bytes (0 when unknown).
#[inline]
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
#[inline(always)]
fn ceiling() -> usize {
    match CEILING.load(Ordering::Relaxed) {
        0 => work_out_ceiling(),
        c => c,
    }
}

#[cold]
#[inline(never)]
fn work_out_ceiling() -> usize {
    let c = match limit() {
        0 => match physical() {
            0 => usize::MAX,
            p => p,
        }
        .min(address_room()),
        l => l,
    };
    CEILING.store(c, Ordering::Relaxed);
    c
}

/// Bytes values may take under the process's address-space limit
/// (`ulimit -v`), leaving room for the session's stack, the small-block
/// range and the program itself: past it an allocation would fail and
/// end the process, so the evaluator says `'wsfull` first.
fn address_room() -> usize {
    let Some(lim) = pool::address_limit() else {
        return usize::MAX;
    };
    // A quarter is left for the allocator's own overhead.
    lim.saturating_sub(lim / 16 + (320 << 20)) / 4 * 3
}

/// [`ceiling`] once worked out (0: not yet, or the limit changed), so the
/// check between loop steps is two loads.
static CEILING: AtomicUsize = AtomicUsize::new(0);

/// The figures of q's `\w`: bytes in use, heap (in use, plus freed large
/// blocks kept for reuse), peak, the `-w` limit (0 for none), mapped
/// bytes, and the machine's physical memory.
pub fn stats() -> [i64; 6] {
    [
        used() as i64,
        (used().max(pool::carved()) + kept()) as i64,
        peak() as i64,
        limit() as i64,
        MAPPED.load(Ordering::Relaxed) as i64,
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

/// Whether more is allocated than the limit allows.
#[inline(always)]
pub fn over_ceiling() -> bool {
    used() > ceiling()
}

/// `'wsfull` when more is allocated than the limit allows.
#[inline]
pub fn check() -> Result<(), QError> {
    if over_ceiling() {
        Err(qerr("wsfull"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn freed_large_blocks_serve_requests_of_about_their_size() {
        let cache = BlockCache::new();
        let size = 5 << 20;
        let layout = Layout::from_size_align(grain(size), 8).expect("layout");
        // SAFETY: a valid layout; the block is freed by `release` below.
        let p = unsafe { System.alloc(layout) };
        assert!(!p.is_null());
        assert!(cache.keep(p, size));
        assert!(cache.held() >= grain(size));
        // Too large a request, or one much smaller, is not served by it.
        assert_eq!(cache.take(size * 4), None);
        assert_eq!(cache.take(HUGE_PAGE_MIN / 2), None);
        assert_eq!(cache.take(size - 1000), Some(p));
        assert_eq!(cache.held(), 0);
        assert!(cache.keep(p, size));
        assert!(cache.release() >= grain(size));
        assert_eq!(cache.held(), 0);
        assert_eq!(cache.take(size), None);
    }

    #[test]
    fn mapped_items_read_the_file_and_never_write_it() {
        use std::io::Write;
        let path = std::env::temp_dir().join(format!("qrepl_map_{}", std::process::id()));
        let n = MAP_MIN / 8 + 100;
        let mut bytes = vec![0u8; 16];
        for i in 0..n as i64 {
            bytes.extend_from_slice(&(i * 3).to_le_bytes());
        }
        std::fs::File::create(&path)
            .unwrap()
            .write_all(&bytes)
            .unwrap();
        let f = std::fs::File::open(&path).unwrap();
        // Too few items to be worth a mapping.
        assert!(map_items::<i64>(&f, bytes.len(), 16, 10).is_none());
        // More items than the file holds.
        assert!(map_items::<i64>(&f, bytes.len(), 16, n + 1).is_none());
        let before = MAPPED.load(Ordering::Relaxed);
        let mut v = map_items::<i64>(&f, bytes.len(), 16, n).expect("mapped");
        assert_eq!(v.len(), n);
        assert_eq!((v[0], v[n - 1]), (0, (n as i64 - 1) * 3));
        assert!(MAPPED.load(Ordering::Relaxed) >= before + bytes.len());
        // Changing the vector leaves the file alone.
        v[0] = 42;
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        // Growing moves it to the heap, keeping the items.
        v.push(7);
        assert_eq!((v[0], v[1], v[n]), (42, 3, 7));
        drop(v);
        let w = map_items::<i64>(&f, bytes.len(), 16, n).expect("mapped");
        assert_eq!(w[0], 0);
        drop(w);
        let _ = std::fs::remove_file(&path);
    }

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
    fn zeroed_blocks_are_zero_even_when_reused() {
        for _ in 0..3 {
            let dirty = vec![0xabu8; HUGE_PAGE_MIN * 2];
            drop(std::hint::black_box(dirty));
            let clean = vec![0u8; HUGE_PAGE_MIN * 2];
            assert!(clean.iter().all(|&b| b == 0));
        }
    }

    #[test]
    fn allocations_are_counted() {
        let v: Vec<u8> = Vec::with_capacity(64 << 20);
        assert!(used() >= 64 << 20, "{} bytes counted", used());
        assert!(peak() >= used());
        drop(v);
    }
}
