//! How deep a recursive walk over a value may go: the room left on the
//! thread's stack, and a flag that records when a walk ran out of it.
//!
//! Values can nest as deep as memory allows (`do[n;a:enlist a]`), but the
//! walks that match, hash, compare, print or serialize them recurse. Each
//! such walk asks [`room`] before it descends. When the stack is nearly
//! used up, `room` says no and raises a flag; the walk stops descending and
//! returns what it has, and the evaluator turns the flag into q's `'stack`
//! error with [`take_exhausted`]. Nothing overflows the stack, and no value
//! is half-built in silence.

use std::cell::Cell;

/// Stack kept free below the deepest walk, for the code that unwinds it.
const RESERVE: usize = 256 * 1024;

thread_local! {
    static LOW_END: usize = stack_low_end();
    static EXHAUSTED: Cell<bool> = const { Cell::new(false) };
}

/// Whether a walk may descend one more level. When it may not, the
/// exhaustion flag is raised for [`take_exhausted`] to report.
#[inline]
pub fn room() -> bool {
    let here = 0u8;
    let addr = std::ptr::addr_of!(here) as usize;
    let ok = LOW_END.with(|&low| low == 0 || addr >= low + RESERVE);
    if !ok {
        EXHAUSTED.with(|e| e.set(true));
    }
    ok
}

/// [`room`] as a q error: `'stack` when a walk may not descend.
#[inline]
pub fn check() -> Result<(), super::QError> {
    if room() {
        Ok(())
    } else {
        Err(super::qerr("stack"))
    }
}

/// Whether a walk ran out of stack since the last call; clears the flag.
pub fn take_exhausted() -> bool {
    EXHAUSTED.with(|e| e.replace(false))
}

#[cfg(not(target_os = "linux"))]
fn stack_low_end() -> usize {
    0
}

#[cfg(target_os = "linux")]
fn stack_low_end() -> usize {
    // SAFETY: the attribute object is initialised by pthread_getattr_np
    // before it is read, and destroyed after.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return 0;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        if rc != 0 { 0 } else { addr as usize }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn descend(n: usize) -> usize {
        if !room() {
            return n;
        }
        // Keep a frame's worth of stack alive across the call.
        let pad = std::hint::black_box([0u8; 512]);
        descend(n + 1) + pad[0] as usize
    }

    #[test]
    fn a_deep_walk_stops_before_the_stack_ends_and_says_so() {
        assert!(!take_exhausted());
        let depth = std::thread::Builder::new()
            .stack_size(4 << 20)
            .spawn(|| {
                let d = descend(0);
                (d, take_exhausted(), take_exhausted())
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(depth.0 > 1000, "walked {} levels", depth.0);
        assert!(depth.1, "the flag was raised");
        assert!(!depth.2, "and cleared by reading it");
    }
}
