//! System commands: `\p \c \P \t \ts \x \v \f \a \d \l \S \z \\` and, for
//! anything else, the operating system's shell (as `system "sleep 1"` does in q).

use std::path::Path;
use std::process::Command;
use std::rc::Rc;
use std::time::Instant;

use crate::k::{K, QError, qerr};

use crate::q::eval::interp::Interp;

use super::files::os_error;

/// `arg` up to a `/` that follows a blank and some text: a comment.
fn without_comment(arg: &str) -> &str {
    let b = arg.as_bytes();
    match (1..b.len()).find(|&i| b[i] == b'/' && b[i - 1].is_ascii_whitespace()) {
        Some(i) => arg[..i].trim_end(),
        None => arg,
    }
}

/// `\z`: how `"D"$` reads a slashed date, 0 for `mm/dd/yyyy` and 1 for
/// `dd/mm/yyyy`; `\z 0|1` sets it.
fn date_order(arg: &str) -> Result<K, QError> {
    use crate::q::syntax::literal;
    match arg {
        "" => Ok(K::long(i64::from(literal::slashed_dates_day_first()))),
        "0" | "1" => {
            literal::set_slashed_dates_day_first(arg == "1");
            Ok(K::Nil)
        }
        _ => Err(qerr("type")),
    }
}

/// Whether a system command only shows something, and so may run inside
/// `reval`: a setting named alone, a namespace's names or views, or the
/// time an expression takes.
fn only_reads(name: &str, arg: &str) -> bool {
    const SETTINGS: &[&str] = &[
        "p", "E", "c", "P", "S", "v", "f", "a", "d", "w", "T", "e", "g", "o", "W", "C", "z", "b",
        "B", "t", "ts", "cd", "1", "2", "",
    ];
    match name {
        "v" | "f" | "a" | "b" | "B" => true,
        "t" | "ts" => arg.is_empty() || arg.parse::<u32>().is_err(),
        n if n.starts_with("t:") || n.starts_with("ts:") => true,
        n => arg.is_empty() && SETTINGS.contains(&n),
    }
}

/// Runs system command `cmd` (the text after `\`, or the argument of `system`).
pub fn run(it: &mut Interp, cmd: &str) -> Result<K, QError> {
    let cmd = cmd.trim_end();
    let (name, arg) = match cmd.find([' ', '\t']) {
        Some(i) => (&cmd[..i], cmd[i..].trim()),
        None => (cmd, ""),
    };
    // q's own settings take a trailing comment, as scripts write them
    // (`\S 104831  / random seed`); shell commands keep their text.
    // A setting's argument never starts with `/`, so there the whole
    // argument may be a comment (`\d  / current namespace`); a path may.
    let arg = match name {
        "l" | "cd" => without_comment(arg),
        "p" | "E" | "c" | "P" | "S" | "x" | "v" | "f" | "a" | "d" | "w" | "T" | "e" | "g" | "o"
        | "W" | "C" | "z" | "b" | "B"
            if arg.starts_with('/') =>
        {
            ""
        }
        "p" | "E" | "c" | "P" | "S" | "x" | "v" | "f" | "a" | "d" | "w" | "T" | "e" | "g" | "o"
        | "W" | "C" | "z" | "b" | "B" => without_comment(arg),
        _ => arg,
    };
    let remote = it.current_handle != 0;
    if remote && it.restricted {
        return Err(qerr("access"));
    }
    if !only_reads(name, arg) {
        it.check_access()?;
    }
    match name {
        "p" => port(it, arg),
        "E" => tls_mode(it, arg),
        "c" => console(it, arg),
        "P" => precision(it, arg),
        // \t alone shows the timer, \t N sets it (0 stops it), and
        // \t expr times an expression.
        "t" if arg.is_empty() => Ok(K::int(it.timer_interval_ms() as i32)),
        "t" if arg.parse::<u32>().is_ok() => {
            it.set_timer(arg.parse::<u32>().unwrap_or(0));
            Ok(K::Nil)
        }
        "t" | "ts" => time(it, name == "ts", 1, arg),
        n if n.starts_with("t:") || n.starts_with("ts:") => {
            let (space, reps) = match n.strip_prefix("ts:") {
                Some(r) => (true, r),
                None => (false, &n[2..]),
            };
            // The count may be a name holding it (`n:10` then `\t:n f[]`).
            let reps: u64 = match reps.parse() {
                Ok(r) => r,
                Err(_) => {
                    let v = it.eval_str(reps)?;
                    match v.as_i64() {
                        Some(r) if v.is_atom() => u64::try_from(r).unwrap_or(0),
                        _ => return Err(qerr("type")),
                    }
                }
            };
            time(it, space, reps, arg)
        }
        "x" => {
            if arg.is_empty() {
                return Err(qerr("x"));
            }
            it.check_global_update(arg)?;
            it.remove_global(arg);
            Ok(K::Nil)
        }
        "v" | "f" | "a" if !namespace_exists(it, arg) => Err(qerr(arg)),
        "v" => Ok(names(it, arg, |v| !matches!(v, K::Func(_)))),
        "f" => Ok(names(it, arg, |v| matches!(v, K::Func(_)))),
        "a" => Ok(names(it, arg, |v| {
            matches!(v, K::Table(_)) || v.is_keyed_table()
        })),
        "d" => namespace(it, arg),
        "l" => load(it, arg),
        "S" => random_seed(it, arg),
        "\\" => {
            if remote && it.restricted {
                return Err(qerr("access"));
            }
            it.exit_request = Some(0);
            Err(qerr("exit"))
        }
        "" => Ok(K::Nil),
        "w" => workspace(arg),
        "T" => timeout(it, arg),
        // `\B [ns]`: the pending views of a namespace (syscmds.md).
        "B" => Ok(it.pending_views(&namespace_or_current(it, arg))),
        // `\b [ns]`: the views of a namespace, sorted (syscmds.md).
        "b" => Ok(it.views_in(&namespace_or_current(it, arg))),
        "o" => utc_offset(it, arg),
        // `\_` alone: whether client writes are blocked (`-b`).
        "_" if arg.trim().is_empty() => Ok(K::bool(it.blocked)),
        "g" => gc_mode(it, arg),
        "z" => date_order(arg),
        "e" => error_trap(it, arg),
        "W" => week_offset(it, arg),
        "C" => http_size(it, arg),
        "s" => secondary_threads(it, arg),
        "u" => reload_users(it),
        "r" if !arg.is_empty() => rename(arg),
        "1" | "2" => redirect(if name == "1" { 1 } else { 2 }, arg),
        "U" | "r" | "_" => Err(qerr(format!("nyi: \\{name}"))),
        "cd" => super::database::cd(arg),
        _ => shell(cmd),
    }
}

/// `\w`: memory in use, as q lists it (used, heap, peak, limit, mapped,
/// physical); `\w N` sets the limit to N MB (0 removes it).
fn workspace(arg: &str) -> Result<K, QError> {
    use crate::k::memory;
    if arg.is_empty() {
        return Ok(K::longs(memory::stats().to_vec()));
    }
    let mb: i64 = arg.parse().map_err(|_| qerr("type"))?;
    if mb < 0 {
        return Err(qerr("domain"));
    }
    memory::set_limit((mb as usize).saturating_mul(1 << 20));
    Ok(K::long(memory::limit() as i64))
}

/// `\T`: the client query timeout in seconds; `\T N` sets it (0: none).
fn timeout(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        return Ok(K::int(it.query_timeout.map_or(0, |d| d.as_secs() as i32)));
    }
    let secs: i64 = arg.parse().map_err(|_| qerr("type"))?;
    if secs < 0 {
        return Err(qerr("domain"));
    }
    it.query_timeout = (secs > 0).then(|| std::time::Duration::from_secs(secs as u64));
    Ok(K::Nil)
}

/// `\p`: the listening port; `\p n` listens on `n` (`0W` any free port,
/// `0` none).
fn port(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        return Ok(K::int(it.listening_port()));
    }
    if arg == "0W" {
        it.listen(-1)?;
        return Ok(K::Nil);
    }
    // `-5000` asks for multithreaded input, which this process serves on
    // its one thread; `2000/2010` takes the first free port of a range
    // (listening-port.md).
    let (first, last) = match arg.trim_start_matches('-').split_once('/') {
        Some((a, b)) => (port_number(a)?, port_number(b)?),
        None => {
            let p = port_number(arg.trim_start_matches('-'))?;
            (p, p)
        }
    };
    if first > last || last > i32::from(u16::MAX) {
        return Err(qerr("domain"));
    }
    let mut failed = qerr("type");
    for p in first..=last {
        match it.listen(p) {
            Ok(()) => return Ok(K::Nil),
            Err(e) => failed = e,
        }
    }
    Err(failed)
}

/// A port given as a number or a service name from `/etc/services`
/// (`\p commplex-main`).
fn port_number(text: &str) -> Result<i32, QError> {
    if let Ok(p) = text.parse::<i32>() {
        return Ok(p);
    }
    let services = std::fs::read_to_string("/etc/services").unwrap_or_default();
    services
        .lines()
        .filter_map(|l| {
            let mut words = l.split('#').next()?.split_whitespace();
            let name = words.next()?;
            let (port, proto) = words.next()?.split_once('/')?;
            (proto == "tcp" && (name == text || words.any(|alias| alias == text))).then_some(port)
        })
        .find_map(|p| p.parse().ok())
        .ok_or_else(|| qerr("type"))
}

/// `\E`: the listener's TLS mode (0 plain, 1 plain and TLS, 2 TLS only);
/// `\E n` sets it.
fn tls_mode(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        return Ok(K::int(it.net.tls_mode() as i32));
    }
    let mode: u8 = arg.parse().map_err(|_| qerr("type"))?;
    if mode > 2 {
        return Err(qerr("domain"));
    }
    it.net
        .set_tls_mode(mode)
        .map_err(|e| qerr(format!("E. {e}")))?;
    Ok(K::Nil)
}

fn console(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        let (r, c) = it.settings.console;
        return Ok(K::ints(vec![r as i32, c as i32]));
    }
    it.settings.console = size_pair(arg)?;
    Ok(K::Nil)
}

/// `\S`: the seed last set (the default shows as `-314159i`); `\S 0N`
/// the generator's current state, which `\S` of it restores; `\S n`
/// starts the generator again from `n`.
fn random_seed(it: &mut Interp, arg: &str) -> Result<K, QError> {
    use crate::q::kernels::random::{DEFAULT_SEED, Rng};
    match arg {
        "" => Ok(match it.seed {
            None => K::int(DEFAULT_SEED as i32),
            Some(s) => K::long(s),
        }),
        "0N" => Ok(K::long(it.rng.state() as i64)),
        _ => {
            let s: i64 = arg.parse().map_err(|_| qerr("type"))?;
            it.seed = Some(s);
            it.rng = Rng::new(s as u64);
            Ok(K::Nil)
        }
    }
}

/// `\e [0|1|2]`: the error-trap mode for client requests.
fn error_trap(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        return Ok(K::int(i32::from(it.settings.error_trap)));
    }
    match arg.parse::<i64>().map_err(|_| qerr("type"))? {
        m @ 0..=2 => it.settings.error_trap = m as u8,
        _ => return Err(qerr("domain")),
    }
    Ok(K::Nil)
}

/// `\W [n]`: the start-of-week offset, 0 for Saturday.
fn week_offset(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        return Ok(K::int(it.settings.week_offset));
    }
    let n: i32 = arg.parse().map_err(|_| qerr("type"))?;
    if !(0..7).contains(&n) {
        return Err(qerr("domain"));
    }
    it.settings.week_offset = n;
    Ok(K::Nil)
}

/// `\C [rows cols]`: the size HTTP pages truncate at, each kept within
/// 10 to 2000 as `\c` keeps the console's.
fn http_size(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        let (r, c) = it.settings.http_size;
        return Ok(K::ints(vec![r, c]));
    }
    let (r, c) = size_pair(arg)?;
    it.settings.http_size = (r as i32, c as i32);
    Ok(K::Nil)
}

/// Two sizes, each brought within 10 to 2000.
fn size_pair(arg: &str) -> Result<(usize, usize), QError> {
    let parts: Vec<usize> = arg
        .split_whitespace()
        .map(|p| p.parse::<usize>().map_err(|_| qerr("type")))
        .collect::<Result<_, _>>()?;
    if parts.len() != 2 {
        return Err(qerr("length"));
    }
    let clamp = |v: usize| v.clamp(10, 2000);
    Ok((clamp(parts[0]), clamp(parts[1])))
}

/// `\s [N]`: secondary threads in use, and `\s 0N` the most allowed.
/// `peach` runs on the main thread, so the most is 0 and only 0 is set.
fn secondary_threads(it: &mut Interp, arg: &str) -> Result<K, QError> {
    const MOST: i32 = 0;
    match arg {
        "" => Ok(K::int(it.settings.secondary_threads)),
        "0N" => Ok(K::int(MOST)),
        _ => {
            let n: i32 = arg.parse().map_err(|_| qerr("type"))?;
            if n.unsigned_abs() > MOST.unsigned_abs() {
                return Err(qerr("limit"));
            }
            it.settings.secondary_threads = n;
            Ok(K::Nil)
        }
    }
}

/// `\u`: reads the `-u`/`-U` users file again, so changes to it apply
/// to the next client that logs in. A file that no longer parses leaves
/// the users as they were.
fn reload_users(it: &mut Interp) -> Result<K, QError> {
    let Some(path) = it.users_path.clone() else {
        return Ok(K::Nil);
    };
    let text = std::fs::read(&path).map_err(|e| os_error(&path, &e))?;
    let users = crate::ipc::auth::UsersFile::parse(&text)
        .map_err(|e| qerr(format!("{}: {e}", path.display())))?;
    it.users = Some(users);
    Ok(K::Nil)
}

/// `\r src dst`: renames a file, as `mv` does.
fn rename(arg: &str) -> Result<K, QError> {
    let mut parts = arg.split_whitespace();
    let (Some(src), Some(dst), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(qerr("length"));
    };
    std::fs::rename(src, dst).map_err(|e| os_error(Path::new(src), &e))?;
    Ok(K::Nil)
}

/// `\1 file` and `\2 file`: stdout or stderr appended to `file` from now
/// on, its directories made as needed; `/dev/stdin` (or `/dev/tty`)
/// gives the stream back to where it went at the start.
fn redirect(fd: i32, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        return Err(qerr("length"));
    }
    let path = Path::new(arg);
    super::streams::redirect(fd, path).map_err(|e| os_error(path, &e))?;
    Ok(K::Nil)
}

fn precision(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        return Ok(K::int(it.settings.precision as i32));
    }
    let p: usize = arg.parse().map_err(|_| qerr("type"))?;
    if p > 17 {
        return Err(qerr("domain"));
    }
    it.settings.precision = p;
    Ok(K::Nil)
}

/// `\g`: the garbage-collection mode; `\g 0` or `\g 1` sets it.
fn gc_mode(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        return Ok(K::int(i32::from(it.settings.gc_mode)));
    }
    match arg.parse::<i64>().map_err(|_| qerr("type"))? {
        m @ (0 | 1) => it.settings.gc_mode = m as u8,
        _ => return Err(qerr("domain")),
    }
    Ok(K::Nil)
}

fn time(it: &mut Interp, space: bool, reps: u64, expr: &str) -> Result<K, QError> {
    let start = Instant::now();
    let mut last = K::Nil;
    for _ in 0..reps.max(1) {
        last = it.eval_str(expr)?;
    }
    let ms = start.elapsed().as_millis() as i64;
    if space {
        // Bytes of the result, the closest measure of space qrepl keeps.
        let bytes = crate::ipc::encoded_len(&last) as i64;
        return Ok(K::longs(vec![ms, bytes]));
    }
    Ok(K::long(ms))
}

/// Whether `\v \f \a` may list the namespace `ns`: the current one
/// (`ns` empty), the root, q's own, or one holding a name.
fn namespace_exists(it: &Interp, ns: &str) -> bool {
    if ns.is_empty() || ns == "." || ns == it.namespace.as_ref() {
        return true;
    }
    let top = ns.trim_start_matches('.').split('.').next().unwrap_or("");
    if ns.starts_with('.') && ["q", "Q", "h", "j", "o", "z"].contains(&top) {
        return true;
    }
    !it.global_names(ns).is_empty()
}

/// The namespace a command's argument names: the current one when the
/// argument is empty.
fn namespace_or_current(it: &Interp, arg: &str) -> String {
    match arg.trim() {
        "" => it.namespace.to_string(),
        ns => ns.to_string(),
    }
}

fn names(it: &Interp, ns: &str, keep: impl Fn(&K) -> bool) -> K {
    let ns = namespace_or_current(it, ns);
    if [".Q", ".h", ".j", ".o"].contains(&ns.as_str()) {
        // q's own namespaces hold builtins besides any globals; their
        // names are listed in order.
        let mut picked: Vec<Vec<u8>> = Vec::new();
        if let Ok(K::Dict(d)) = it.get_var(&ns) {
            let values = crate::q::kernels::list::items(&d.values);
            if let Ok(keys) = crate::q::kernels::list::syms_of(&d.keys) {
                for (name, v) in keys.iter().zip(&values) {
                    if !name.is_empty() && keep(v) {
                        picked.push(name.to_vec());
                    }
                }
            }
        }
        picked.sort();
        picked.dedup();
        return K::syms(picked.iter().map(Vec::as_slice).collect());
    }
    let mut picked: Vec<Rc<str>> = it
        .global_names(&ns)
        .into_iter()
        .filter(|n| it.global(n).is_some_and(&keep))
        .collect();
    if keep(&K::table(crate::k::SymVec::new(), Vec::new())) {
        // Partitioned tables are the root's tables (and variables).
        it.add_parted_names(&ns, &mut picked);
    }
    K::syms(
        picked
            .iter()
            .map(|n| n.rsplit('.').next().unwrap_or(n).as_bytes())
            .collect(),
    )
}

fn namespace(it: &mut Interp, arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        let ns = if it.namespace.is_empty() {
            "."
        } else {
            &it.namespace
        };
        return Ok(K::sym(ns));
    }
    if arg == "." {
        it.namespace = Rc::from("");
    } else if arg.starts_with('.') {
        it.namespace = Rc::from(arg);
    } else {
        return Err(qerr("type"));
    }
    Ok(K::Nil)
}

fn load(it: &mut Interp, path: &str) -> Result<K, QError> {
    if path.is_empty() {
        return Err(qerr("nyi: \\l of a directory"));
    }
    if std::path::Path::new(path).is_dir() {
        return super::database::load(it, path);
    }
    super::files::run_script_file(it, std::path::Path::new(path))?;
    Ok(K::Nil)
}

fn shell(cmd: &str) -> Result<K, QError> {
    // The command's output goes to a file read once the shell has ended,
    // not to a pipe read to its end: a command left running in the
    // background (`cmd > fifo &`, named-pipes.md) would hold a pipe open.
    // Its stderr goes to the console, as q has it.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let path = std::env::temp_dir().join(format!(
        "qrepl-system-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let os = |e: std::io::Error| qerr(format!("os: {}", crate::ipc::net::os_reason(&e)));
    let file = std::fs::File::create(&path).map_err(os)?;
    let status = Command::new("/bin/sh")
        .arg("-c")
        .arg(cmd)
        .stdout(file)
        .stderr(std::process::Stdio::inherit())
        .status();
    let text = std::fs::read(&path);
    let _ = std::fs::remove_file(&path);
    if !status.map_err(os)?.success() {
        return Err(qerr("os"));
    }
    let text = text.map_err(os)?;
    if text.is_empty() {
        return Ok(K::list(Vec::new()));
    }
    let mut lines: Vec<K> = text
        .split(|&b| b == b'\n')
        .map(|l| K::string(l.strip_suffix(b"\r").unwrap_or(l)))
        .collect();
    if text.ends_with(b"\n") {
        lines.pop();
    }
    Ok(K::list(lines))
}

/// `\o [n]`: show (`0N` while the machine's is used) or set the local
/// time's offset from UTC, in hours, or minutes when `abs n` is over 23.
fn utc_offset(it: &mut Interp, arg: &str) -> Result<K, QError> {
    let arg = arg.trim();
    if arg.is_empty() {
        return Ok(K::long(it.settings.utc_offset.unwrap_or(i64::MIN)));
    }
    match arg.parse::<i64>() {
        Ok(n) if n.abs() < 24 * 60 => {
            it.settings.utc_offset = Some(n);
            Ok(K::Nil)
        }
        Ok(_) => Err(qerr("domain")),
        Err(_) => Err(qerr("type")),
    }
}
