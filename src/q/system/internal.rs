//! Internal functions `-n!x`: serialization (`-8! -9! -18! -22!`), hashes,
//! one-line text (`-3!`), file size (`-7!`), the IPC broadcast (`-25!`) and deferred
//! responses (`-30!`), log replay (`-11!`), compressed files (`-19!`
//! compresses one, `-21!` describes one), reference counts (`-16!`) and
//! enumeration types (`-10!`), and those replaced by keywords and `.Q`
//! utilities (`-1! -2! -6! -20! -24! -29! -31! -32! -34! -35!`), and host
//! names and addresses (`-12! -13!`, `.Q.host .Q.addr`).

use sha1::Digest;

use crate::ipc::{self, EncodeOptions, MsgType};
use crate::k::{Data, K, QError, Type, qerr};

use crate::q::eval::interp::{Interp, R};

fn bytes_of(x: &K) -> Result<&[u8], QError> {
    match x {
        K::Vector(v) if v.ty == Type::Byte => match &v.data {
            Data::U8(b) => Ok(b),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

/// The keywords and utilities internal functions were replaced by
/// (internal.md), which they still are.
const REPLACED: &[(i64, &str)] = &[
    (-1, "hsym"),
    (-2, "attr"),
    (-6, "eval"),
    (-20, ".Q.gc"),
    (-24, "reval"),
    (-29, ".j.k"),
    (-31, ".j.jd"),
    (-32, ".Q.btoa"),
    (-34, ".Q.ts"),
    (-35, ".Q.gz"),
];

/// Applies internal function `-n` to `x`.
pub fn call(it: &mut Interp, n: i64, x: K) -> R {
    if let Some((_, name)) = REPLACED.iter().find(|(m, _)| *m == n) {
        let f = it.get_var(name)?;
        // .Q.ts takes its function and arguments as a pair.
        let args = match (n, &x) {
            (-34, K::List(l)) if l.items.len() == 2 => l.items.clone(),
            (-34, _) => return Err(qerr("type").into()),
            _ => vec![x],
        };
        return it.apply(&f, args);
    }
    Ok(match n {
        -3 => K::string(crate::k::text::one_line(&x, it.settings.digits())),
        -8 => K::bytes(
            ipc::encode_message(MsgType::Async, &x, &EncodeOptions::default())
                .map_err(QError::from)?,
        ),
        -9 => {
            let b = bytes_of(&x)?;
            let (_, v) = ipc::decode_message(b).map_err(QError::from)?;
            v
        }
        -18 => {
            let raw = ipc::encode_message(MsgType::Async, &x, &EncodeOptions::default())
                .map_err(QError::from)?;
            K::bytes(ipc::compress(&raw).unwrap_or(raw))
        }
        -22 => K::long(ipc::encoded_len(&x) as i64),
        -15 => {
            let s = x.as_str_bytes().ok_or_else(|| qerr("type"))?;
            K::bytes(md5::Md5::digest(s).to_vec())
        }
        -33 => {
            let s = x.as_str_bytes().ok_or_else(|| qerr("type"))?;
            K::bytes(sha1::Sha1::digest(s).to_vec())
        }
        -4 => tokens(&x)?,
        -5 => return it.parse_text(&x),
        -27 => precision_format(&x)?,
        -25 => return it.broadcast(x),
        -11 => return super::files::replay(it, x),
        -19 => super::files::compress_file(&x)?,
        -21 => super::files::zip_stats(&x)?,
        -30 => return it.deferred_response(x),
        -38 => return it.socket_table(x),
        -26 => tls_settings(it, &x)?,
        -10 => enum_type_free(it, &x)?,
        -16 => K::long(reference_count(&x)),
        -7 => return crate::q::eval::files::hcount(it, x),
        // Memory domain: q-lite has no `.m` heap, so everything is in 0.
        -120 => K::long(0),
        -12 => host_of(&x)?,
        -13 => address_of(&x)?,
        _ => return Err(qerr(format!("nyi: {n}!")).into()),
    })
}

/// `-26!()` (or `-26!h` for an open handle): the process's TLS settings
/// as a dictionary of symbols (internal.md), which apply to every handle.
fn tls_settings(it: &Interp, x: &K) -> Result<K, QError> {
    let whole_process = matches!(x, K::Nil) || (x.count() == 0 && !x.is_atom());
    if !whole_process {
        let h = x.as_i64().ok_or_else(|| qerr("type"))?;
        if !i32::try_from(h).is_ok_and(|h| it.is_open(h.abs())) {
            return Err(qerr("domain"));
        }
    }
    let settings = crate::ipc::tls::settings();
    Ok(K::dict(
        K::sym_list(settings.iter().map(|(k, _)| *k)),
        K::sym_list(settings.iter().map(|(_, v)| v.as_str())),
    ))
}

/// `-13!x` (`.Q.addr`): the IPv4 address of a host name or dotted
/// address (a symbol) as an int, `-1i` if it does not resolve (dotq.md).
fn address_of(x: &K) -> Result<K, QError> {
    use std::net::ToSocketAddrs;
    let name = match x {
        K::Atom(Type::Symbol, crate::k::Scalar::Sym(s)) => s.to_str_lossy().into_owned(),
        _ => return Err(qerr("type")),
    };
    if let Ok(ip) = name.parse::<std::net::Ipv4Addr>() {
        return Ok(K::int(u32::from(ip) as i32));
    }
    let found = (name.as_str(), 0)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| {
            addrs.find_map(|a| match a.ip() {
                std::net::IpAddr::V4(v4) => Some(u32::from(v4) as i32),
                std::net::IpAddr::V6(_) => None,
            })
        });
    Ok(K::int(found.unwrap_or(-1)))
}

/// `-12!x` (`.Q.host`): the host name of an IPv4 address given as an int,
/// as a symbol; the null symbol when the address has no name.
fn host_of(x: &K) -> Result<K, QError> {
    let ip = match x {
        K::Atom(Type::Int, crate::k::Scalar::I32(i)) => *i as u32,
        _ => return Err(qerr("type")),
    };
    // SAFETY: getnameinfo reads the socket address given with its length
    // and writes at most the buffer's length into the buffer.
    let name = unsafe {
        let mut sa: libc::sockaddr_in = std::mem::zeroed();
        sa.sin_family = libc::AF_INET as libc::sa_family_t;
        sa.sin_addr.s_addr = ip.to_be();
        let mut buf = [0 as libc::c_char; 1025];
        let rc = libc::getnameinfo(
            (&sa as *const libc::sockaddr_in).cast(),
            std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            buf.as_mut_ptr(),
            buf.len() as libc::socklen_t,
            std::ptr::null_mut(),
            0,
            libc::NI_NAMEREQD,
        );
        if rc != 0 {
            String::new()
        } else {
            std::ffi::CStr::from_ptr(buf.as_ptr())
                .to_string_lossy()
                .into_owned()
        }
    };
    Ok(K::sym(name.as_str()))
}

/// `-16!x`: how many references hold `x`'s value, not counting the one
/// this call was handed. Atoms are not shared: 1.
fn reference_count(x: &K) -> i64 {
    let n = match x {
        K::Vector(v) => std::rc::Rc::strong_count(v),
        K::List(l) => std::rc::Rc::strong_count(l),
        K::Dict(d) => std::rc::Rc::strong_count(d),
        K::Table(t) => std::rc::Rc::strong_count(t),
        K::Func(f) => std::rc::Rc::strong_count(f),
        K::Enum(e) => std::rc::Rc::strong_count(e),
        _ => return 1,
    };
    (n as i64 - REFS_IN_CALL).max(1)
}

/// References to an argument the evaluator holds while `-16!` runs.
const REFS_IN_CALL: i64 = 1;

/// `-10!t`: whether enumeration type `t` (20h..76h) is free, i.e. no
/// global holds an enumeration of it yet. q-lite gives every enumeration
/// type 20h.
fn enum_type_free(it: &Interp, x: &K) -> Result<K, QError> {
    let t = match x {
        K::Atom(Type::Short, crate::k::Scalar::I16(t)) => *t,
        _ => return Err(qerr("type")),
    };
    if !(20..=76).contains(&t) {
        return Err(qerr("domain"));
    }
    if t > 20 {
        return Ok(K::bool(true));
    }
    fn holds_enum(v: &K) -> bool {
        match v {
            K::Enum(_) => true,
            K::Table(tb) => tb.cols.iter().any(|c| matches!(c, K::Enum(_))),
            K::Dict(d) => holds_enum(&d.values),
            _ => false,
        }
    }
    let used = it
        .global_names("")
        .iter()
        .any(|n| it.global(n).is_some_and(holds_enum));
    Ok(K::bool(!used))
}

/// `-4!x`: the q tokens of string `x`, with the blanks between them as
/// tokens of their own (internal.md).
fn tokens(x: &K) -> Result<K, QError> {
    let src = x.as_str_bytes().ok_or_else(|| qerr("type"))?;
    let text = std::str::from_utf8(src).map_err(|_| qerr("type"))?;
    let toks = crate::q::syntax::lex::lex(text).map_err(|_| qerr("parse"))?;
    let mut out = Vec::new();
    let mut at = 0usize;
    for t in toks {
        let (start, end) = (t.pos as usize, t.end as usize);
        if start > at {
            out.push(K::string(&src[at..start]));
        }
        if end > start {
            out.push(K::string(&src[start..end]));
        }
        at = at.max(end);
    }
    if at < src.len() {
        out.push(K::string(&src[at..]));
    }
    Ok(K::list(out))
}

/// `-27!(n;y)`: float(s) `y` as strings with `n` decimals, rounded from
/// the exact binary value (internal.md: `-27!(2i;.045)` is "0.04").
fn precision_format(x: &K) -> Result<K, QError> {
    let items = crate::q::kernels::list::items(x);
    let [n, y] = items.as_slice() else {
        return Err(qerr("length"));
    };
    let n = match n {
        K::Atom(Type::Int | Type::Long | Type::Short, _) => n.as_i64().unwrap_or(0),
        _ => return Err(qerr("type")),
    };
    if !(0..=99).contains(&n) {
        return Err(qerr("domain"));
    }
    let fmt = |f: f64| -> K {
        K::string(if f.is_nan() {
            String::new()
        } else if f.is_infinite() {
            if f > 0.0 { "0w" } else { "-0w" }.to_string()
        } else {
            format!("{:.*}", n as usize, f)
        })
    };
    match y {
        K::Atom(Type::Float, crate::k::Scalar::F64(f)) => Ok(fmt(*f)),
        K::Atom(Type::Real, crate::k::Scalar::F32(f)) => Ok(fmt(*f as f64)),
        K::Vector(v) => match &v.data {
            Data::F64(d) => Ok(K::list(d.iter().map(|&f| fmt(f)).collect())),
            Data::F32(d) => Ok(K::list(d.iter().map(|&f| fmt(f as f64)).collect())),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}
