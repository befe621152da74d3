//! A trace of IPC messages, one line each: when, which handle, in or out,
//! what kind, how many bytes (and compressed bytes), how many messages
//! are then queued on that handle, and for responses to our own sync
//! requests how long we waited. Flushes of a handle's queue
//! (`neg[h][]`, `-25!(h;::)`) are lines too.
//!
//! ```text
//! 2026.12.04D17:19:47.123456789 handle=5 out sync bytes=22 queue=1
//! 2026.12.04D17:19:47.123501000 handle=5 out flush messages=1 bytes=22 queue=0
//! 2026.12.04D17:19:47.124012000 handle=5 in response bytes=17 queue=0 wait=0.511ms
//! 2026.12.04D17:19:48.001000000 handle=6 in async bytes=1000030 compressed=5012 queue=0
//! ```
//!
//! A peer can watch a process's trace: each line then also goes to it as
//! the async message `` (`.qrepl.traced;"line") ``, which the watching side
//! writes to its own trace, marked with the handle it came on:
//!
//! ```text
//! 2026.12.04D17:19:47.123600000 remote=5 handle=7 in sync bytes=30 queue=0
//! ```

use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::os::fd::RawFd;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::ipc::{EncodeOptions, MsgType, encode_message};
use crate::k::calendar::{NANOS_PER_DAY, ymd};
use crate::k::{K, Sym};

/// The symbol leading a trace line sent to a watching peer.
pub const REMOTE_LINE: &str = ".qrepl.traced";

/// Where trace lines go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceTarget {
    /// The process's standard error.
    Stderr,
    /// A file, appended to.
    File(PathBuf),
}

/// Which way a message went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Received from the peer.
    In,
    /// Queued for the peer.
    Out,
}

/// An open trace.
pub struct Trace {
    target: TraceTarget,
    sink: Box<dyn Write>,
}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trace")
            .field("target", &self.target)
            .finish()
    }
}

impl Trace {
    /// Opens a trace writing to `target`.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn open(target: TraceTarget) -> io::Result<Trace> {
        let sink: Box<dyn Write> = match &target {
            TraceTarget::Stderr => Box::new(io::stderr()),
            TraceTarget::File(p) => Box::new(OpenOptions::new().create(true).append(true).open(p)?),
        };
        Ok(Trace { target, sink })
    }

    /// Where this trace writes.
    pub fn target(&self) -> &TraceTarget {
        &self.target
    }

    /// Writes one line.
    pub fn write(&mut self, line: &str) {
        // A trace that cannot be written must not stop the messages.
        let _ = writeln!(self.sink, "{line}");
        let _ = self.sink.flush();
    }
}

/// The line for a flush of `fd`'s queue that wrote `messages` messages of
/// `bytes` bytes, leaving `queue` queued.
pub fn flush_line(fd: RawFd, messages: usize, bytes: usize, queue: usize) -> String {
    format!(
        "{} handle={fd} out flush messages={messages} bytes={bytes} queue={queue}",
        stamp_now()
    )
}

/// The async message carrying `line` to a watching peer.
pub fn remote_message(line: &str) -> Vec<u8> {
    let msg = K::list(vec![K::sym(REMOTE_LINE), K::string(line)]);
    // A two-item list of a symbol and a string always encodes.
    encode_message(MsgType::Async, &msg, &EncodeOptions::default()).unwrap_or_default()
}

/// Whether message `frame` (header included) is a trace line sent by a
/// watched peer, judged from its first bytes without decoding it.
pub fn is_remote_message(frame: &[u8]) -> bool {
    let little = frame.first() == Some(&1);
    let count: [u8; 4] = if little { [2, 0, 0, 0] } else { [0, 0, 0, 2] };
    let Some(body) = frame.get(8..) else {
        return false;
    };
    frame.get(1) == Some(&(MsgType::Async as u8))
        && frame.get(2) == Some(&0)
        && body.starts_with(&[0, 0])
        && body.get(2..6) == Some(&count[..])
        && body.get(6) == Some(&0xf5)
        && body.get(7..).is_some_and(|b| {
            b.starts_with(REMOTE_LINE.as_bytes()) && b.get(REMOTE_LINE.len()) == Some(&0)
        })
}

/// The text of a watched peer's trace line `msg`, if it is one.
pub fn remote_line(msg: &K) -> Option<String> {
    let K::List(l) = msg else { return None };
    match l.items.as_slice() {
        [head, text] if head.as_sym() == Some(&Sym::from(REMOTE_LINE)) => text
            .as_str_bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned()),
        _ => None,
    }
}

/// A watched peer's `line` as this side writes it: marked with the handle
/// it arrived on, after the peer's time.
pub fn marked_remote_line(fd: RawFd, line: &str) -> String {
    match line.split_once(' ') {
        Some((stamp, rest)) => format!("{stamp} remote={fd} {rest}"),
        None => format!("remote={fd} {line}"),
    }
}

/// One message's trace line, after the time `stamp`.
pub fn message_line(
    stamp: &str,
    fd: RawFd,
    dir: Direction,
    frame: &[u8],
    queue: usize,
    wait: Option<Duration>,
) -> String {
    let dir = match dir {
        Direction::In => "in",
        Direction::Out => "out",
    };
    let kind = match frame.get(1) {
        Some(0) => "async",
        Some(1) => "sync",
        Some(2) => "response",
        _ => "unknown",
    };
    let compressed = frame.get(2).is_some_and(|&c| c != 0) && frame.len() >= 12;
    let size = if compressed {
        let b: [u8; 4] = frame[8..12].try_into().expect("4 bytes");
        if frame[0] == 1 {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
        .to_string()
            + &format!(" compressed={}", frame.len())
    } else {
        frame.len().to_string()
    };
    let mut line = format!("{stamp} handle={fd} {dir} {kind} bytes={size} queue={queue}");
    if let Some(w) = wait {
        line.push_str(&format!(" wait={:.3}ms", w.as_secs_f64() * 1000.0));
    }
    line
}

/// The time now as a q timestamp, `2026.12.04D17:19:47.123456789` (UTC).
pub fn stamp_now() -> String {
    let unix = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos() as i64;
    stamp(unix)
}

/// A Unix time in nanoseconds as a q timestamp (UTC).
pub fn stamp(unix_nanos: i64) -> String {
    let days = unix_nanos.div_euclid(NANOS_PER_DAY);
    let ns = unix_nanos.rem_euclid(NANOS_PER_DAY);
    // `ymd` counts days from 2000.01.01.
    let (y, m, d) = ymd(days - crate::k::calendar::UNIX_EPOCH_DAYS);
    let secs = ns / 1_000_000_000;
    format!(
        "{y:04}.{m:02}.{d:02}D{:02}:{:02}:{:02}.{:09}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        ns % 1_000_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_lines_for_watchers_are_recognised_from_their_bytes() {
        let line = "2026.12.04D17:19:47.123456789 handle=7 in sync bytes=30 queue=0";
        let msg = remote_message(line);
        assert!(is_remote_message(&msg));
        let (_, value) = crate::ipc::decode_message(&msg).expect("decodes");
        assert_eq!(remote_line(&value).as_deref(), Some(line));
        assert_eq!(
            marked_remote_line(5, line),
            "2026.12.04D17:19:47.123456789 remote=5 handle=7 in sync bytes=30 queue=0"
        );
        // Other async messages, and a sync message of the same value, are not.
        let other = K::list(vec![K::sym(".qrepl.trace"), K::string("x")]);
        let other = encode_message(MsgType::Async, &other, &EncodeOptions::default()).unwrap();
        assert!(!is_remote_message(&other));
        let mut sync = msg.clone();
        sync[1] = MsgType::Sync as u8;
        assert!(!is_remote_message(&sync));
        assert!(!is_remote_message(&msg[..12]));
    }

    #[test]
    fn stamps_are_q_timestamps() {
        assert_eq!(stamp(0), "1970.01.01D00:00:00.000000000");
        assert_eq!(
            stamp(946_684_800_000_000_000 + 3_723_000_000_001),
            "2000.01.01D01:02:03.000000001"
        );
    }

    #[test]
    fn lines_name_kind_size_and_wait() {
        let mut frame = vec![1, 1, 0, 0, 14, 0, 0, 0];
        frame.extend_from_slice(&[0; 6]);
        assert_eq!(
            message_line("T", 5, Direction::Out, &frame, 2, None),
            "T handle=5 out sync bytes=14 queue=2"
        );
        frame[1] = 2;
        assert_eq!(
            message_line(
                "T",
                5,
                Direction::In,
                &frame,
                0,
                Some(Duration::from_micros(1500))
            ),
            "T handle=5 in response bytes=14 queue=0 wait=1.500ms"
        );
        let compressed = [1, 0, 1, 0, 12, 0, 0, 0, 0x10, 0x27, 0, 0];
        assert_eq!(
            message_line("T", 6, Direction::In, &compressed, 0, None),
            "T handle=6 in async bytes=10000 compressed=12 queue=0"
        );
    }
}
