//! Deadlines on evaluation: q's `-T` query timeout. A watchdog thread sets
//! the interpreter's interrupt flag when an armed deadline passes, and the
//! evaluation stops with `'stop` at its next check, as it does on Ctrl-C.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

/// A watchdog for one interrupt flag.
pub struct Deadline {
    /// Nanoseconds after `epoch` when the flag is to be set; 0 when disarmed.
    at: Arc<AtomicU64>,
    epoch: Instant,
    watcher: Thread,
}

impl Deadline {
    /// Starts a watchdog that sets `interrupt` when an armed deadline passes.
    pub fn start(interrupt: Arc<AtomicBool>) -> std::io::Result<Deadline> {
        let at = Arc::new(AtomicU64::new(0));
        let epoch = Instant::now();
        let watched = at.clone();
        let handle = thread::Builder::new()
            .name("deadline".into())
            .spawn(move || {
                loop {
                    let due = watched.load(Ordering::Acquire);
                    if due == 0 {
                        thread::park();
                        continue;
                    }
                    let now = epoch.elapsed().as_nanos() as u64;
                    if now < due {
                        thread::park_timeout(Duration::from_nanos(due - now));
                        continue;
                    }
                    if watched
                        .compare_exchange(due, 0, Ordering::AcqRel, Ordering::Acquire)
                        .is_ok()
                    {
                        interrupt.store(true, Ordering::Release);
                    }
                }
            })?;
        Ok(Deadline {
            at,
            epoch,
            watcher: handle.thread().clone(),
        })
    }

    /// Interrupts the evaluation `after` from now unless disarmed first.
    pub fn arm(&self, after: Duration) {
        let due = (self.epoch.elapsed() + after).as_nanos().max(1) as u64;
        self.at.store(due, Ordering::Release);
        self.watcher.unpark();
    }

    /// Cancels the armed deadline.
    pub fn disarm(&self) {
        self.at.store(0, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_armed_deadline_sets_the_flag_and_a_disarmed_one_does_not() {
        let flag = Arc::new(AtomicBool::new(false));
        let d = Deadline::start(flag.clone()).unwrap();
        d.arm(Duration::from_secs(60));
        d.disarm();
        d.arm(Duration::from_millis(20));
        let until = Instant::now() + Duration::from_secs(10);
        while !flag.load(Ordering::Acquire) {
            assert!(Instant::now() < until, "the watchdog never fired");
            thread::sleep(Duration::from_millis(5));
        }
        flag.store(false, Ordering::Release);
        d.arm(Duration::from_millis(10));
        d.disarm();
        thread::sleep(Duration::from_millis(50));
        assert!(!flag.load(Ordering::Acquire));
    }
}
