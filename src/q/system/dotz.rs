//! The `.z` namespace values computed on access: clocks, process facts,
//! and the connection currently being served.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::k::calendar::{NANOS_PER_DAY, UNIX_EPOCH_DAYS};
use crate::k::{K, Type};

use crate::q::eval::interp::Interp;

/// Nanoseconds since 2000.01.01 UTC, now.
pub fn now_nanos() -> i64 {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    d.as_nanos() as i64 - UNIX_EPOCH_DAYS * NANOS_PER_DAY
}

/// The local time zone's offset from UTC in seconds at `unix_secs`.
pub fn local_offset_secs(unix_secs: i64) -> i64 {
    let t: libc::time_t = unix_secs as libc::time_t;
    // SAFETY: `tm` is plain data, fully written by localtime_r before use.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            return 0;
        }
        tm.tm_gmtoff
    }
}

/// Nanoseconds since 2000.01.01 in local time: the offset `\o` set, or
/// the machine's.
fn local_nanos(it: &Interp) -> i64 {
    let utc = now_nanos();
    if let Some(n) = it.settings.utc_offset {
        let minutes = if n.abs() > 23 { n } else { n * 60 };
        return utc + minutes * 60_000_000_000;
    }
    let unix_secs = utc / 1_000_000_000 + UNIX_EPOCH_DAYS * 86_400;
    utc + local_offset_secs(unix_secs) * 1_000_000_000
}

/// The OS user name.
pub fn user_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| {
            // SAFETY: getpwuid returns a pointer to static storage or null;
            // the name is copied out before any other call.
            unsafe {
                let pw = libc::getpwuid(libc::getuid());
                if pw.is_null() {
                    return String::new();
                }
                std::ffi::CStr::from_ptr((*pw).pw_name)
                    .to_string_lossy()
                    .into_owned()
            }
        })
}

/// The host name.
pub fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its whole length.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return String::new();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}

fn time_parts(ns: i64) -> (i64, i64) {
    (ns.div_euclid(NANOS_PER_DAY), ns.rem_euclid(NANOS_PER_DAY))
}

/// The value of a computed `.z` name, if `name` is one.
pub fn value(it: &Interp, name: &str) -> Option<K> {
    let z = name.strip_prefix(".z.")?;
    Some(match z {
        "p" => K::timestamp(now_nanos()),
        "P" => K::timestamp(local_nanos(it)),
        "n" => K::timespan(time_parts(now_nanos()).1),
        "N" => K::timespan(time_parts(local_nanos(it)).1),
        "d" => K::date(time_parts(now_nanos()).0 as i32),
        "D" => K::date(time_parts(local_nanos(it)).0 as i32),
        "t" => K::atom_i32(Type::Time, (time_parts(now_nanos()).1 / 1_000_000) as i32),
        "T" => K::atom_i32(
            Type::Time,
            (time_parts(local_nanos(it)).1 / 1_000_000) as i32,
        ),
        "z" => K::Atom(
            Type::Datetime,
            crate::k::Scalar::F64(now_nanos() as f64 / NANOS_PER_DAY as f64),
        ),
        "Z" => K::Atom(
            Type::Datetime,
            crate::k::Scalar::F64(local_nanos(it) as f64 / NANOS_PER_DAY as f64),
        ),
        "i" => K::int(std::process::id() as i32),
        // In the debugger: the primitive that failed, and its arguments.
        "ex" => it.suspended_op.as_ref()?.0.clone(),
        "ey" => it.suspended_op.as_ref()?.1.clone(),
        "K" => K::float(4.0),
        "k" => K::date(crate::k::calendar::days(2020, 10, 2) as i32),
        "o" => K::sym(if cfg!(target_arch = "aarch64") {
            "l64arm"
        } else {
            "l64"
        }),
        "h" => K::sym(host_name().as_str()),
        "u" => K::sym(it.current_user().as_str()),
        "a" => K::int(it.current_address()),
        "w" => K::int(it.current_handle),
        // Whether an update here would be blocked: in `reval`, or serving
        // a client under `-b` (dotz.md).
        "r" => K::bool(it.updates_blocked()),
        "W" => it.handles_dict(),
        "b" => it.view_dependencies(),
        "H" => K::ints(it.open_handles()),
        "x" => K::list(it.args.iter().map(|a| K::string(a.as_bytes())).collect()),
        // The raw command line, program first (dotz.md).
        "X" => K::list(std::env::args().map(|a| K::string(a.as_bytes())).collect()),
        "f" => K::sym(it.script_name.as_str()),
        "c" => K::int(std::thread::available_parallelism().map_or(1, |n| n.get()) as i32),
        "e" => K::dict(K::sym_list(std::iter::empty()), K::list(Vec::new())),
        _ => return None,
    })
}
