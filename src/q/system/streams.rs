//! Where the process's standard output and error go: `\1 file` and
//! `\2 file` send them to a file, `\1 /dev/stdin` back to where they went
//! at the start.

use std::cell::RefCell;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::path::Path;

thread_local! {
    /// Duplicates of descriptors 1 and 2 as they were before the first
    /// redirection, to go back to.
    static ORIGINAL: RefCell<[Option<RawFd>; 2]> = const { RefCell::new([None, None]) };
}

/// Points descriptor `fd` (1 or 2) at `path`, appended to and made with
/// its directories if need be. `/dev/stdin` and `/dev/tty` restore the
/// stream the process started with.
///
/// # Errors
/// The file or its directories cannot be made or opened.
pub(crate) fn redirect(fd: RawFd, path: &Path) -> io::Result<()> {
    let slot = usize::from(fd == 2);
    flush(fd);
    if path == Path::new("/dev/stdin") || path == Path::new("/dev/tty") {
        let Some(orig) = ORIGINAL.with(|o| o.borrow()[slot]) else {
            return Ok(());
        };
        return dup_onto(orig, fd);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let file = OpenOptions::new().create(true).append(true).open(path)?;
    if ORIGINAL.with(|o| o.borrow()[slot].is_none()) {
        // SAFETY: dup of a descriptor the process holds open.
        let saved = unsafe { libc::dup(fd) };
        if saved < 0 {
            return Err(io::Error::last_os_error());
        }
        ORIGINAL.with(|o| o.borrow_mut()[slot] = Some(saved));
    }
    dup_onto(file.as_raw_fd(), fd)
}

fn flush(fd: RawFd) {
    let _ = if fd == 1 {
        io::stdout().flush()
    } else {
        io::stderr().flush()
    };
}

fn dup_onto(from: RawFd, to: RawFd) -> io::Result<()> {
    // SAFETY: both descriptors are open; dup2 replaces `to` atomically.
    if unsafe { libc::dup2(from, to) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}
