//! String and symbol keywords: string, case, trim, like, ss, ssr, sv, vs,
//! md5, hsym and number formatting (`.Q.f`, `.Q.fmt`).

use crate::k::{Data, K, QError, Scalar, Sym, Type, qerr};

use super::KResult;
use super::list;
use super::math;

/// `string x`.
pub fn string(x: &K, digits: usize) -> Result<K, QError> {
    string_with(x, digits)
}

fn string_with(x: &K, digits: usize) -> Result<K, QError> {
    crate::k::depth::check()?;
    Ok(match x {
        K::Atom(t, s) => K::string(crate::k::text::atom_string(*t, s, digits)),
        // A symbol's string is its text: copied once, with no atom made.
        K::Vector(v)
            if v.ty == Type::Symbol
                && let Data::Sym(syms) = &v.data =>
        {
            K::list(syms.iter().map(K::string).collect())
        }
        K::Vector(v) => {
            let items: Vec<K> = (0..v.len())
                .map(|i| K::string(crate::k::text::atom_string(v.ty, &v.data.get(i), digits)))
                .collect();
            K::list(items)
        }
        K::List(l) => K::list(
            l.items
                .iter()
                .map(|i| string_with(i, digits))
                .collect::<Result<_, _>>()?,
        ),
        K::Dict(d) => K::dict(d.keys.clone(), string_with(&d.values, digits)?),
        K::Table(t) => K::table(
            t.names.clone(),
            t.cols
                .iter()
                .map(|c| string_with(c, digits))
                .collect::<Result<_, _>>()?,
        ),
        K::Enum(e) => string_with(&e.items(), digits)?,
        K::Func(_) => K::string(crate::k::text::one_line(x, digits)),
        K::Nil => K::string(""),
        K::Error(e) => K::string(e.as_bytes()),
    })
}

fn case(x: &K, upper: bool) -> Result<K, QError> {
    crate::k::depth::check()?;
    super::verbs::atomic1(x, &|a| match a {
        K::Atom(Type::Symbol, _) | K::Vector(_)
            if matches!(a, K::Atom(Type::Symbol, _))
                || matches!(a, K::Vector(v) if v.ty == Type::Symbol) =>
        {
            list::map_syms(a, |s| {
                if upper {
                    s.to_ascii_uppercase()
                } else {
                    s.to_ascii_lowercase()
                }
            })
        }
        _ => list::map_chars(a, |c| {
            if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        }),
    })
}

/// `lower x`.
pub fn lower(x: K) -> KResult {
    case(&x, false)
}

/// `upper x`.
pub fn upper(x: K) -> KResult {
    case(&x, true)
}

fn trim_with(x: &K, left: bool, right: bool) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::List(l) => Ok(K::list(
            l.items
                .iter()
                .map(|i| trim_with(i, left, right))
                .collect::<Result<_, _>>()?,
        )),
        K::Dict(d) => Ok(K::dict(d.keys.clone(), trim_with(&d.values, left, right)?)),
        K::Table(t) => super::verbs::map_table(t, |c| trim_with(c, left, right)),
        K::Vector(v) if v.ty == Type::Char => {
            let b = x.as_str_bytes().unwrap_or(&[]);
            let start = if left {
                b.iter().position(|&c| c != b' ').unwrap_or(b.len())
            } else {
                0
            };
            let end = if right {
                b.iter().rposition(|&c| c != b' ').map_or(start, |p| p + 1)
            } else {
                b.len()
            };
            Ok(K::string(&b[start..end.max(start)]))
        }
        K::Vector(v) => {
            // Other vectors trim nulls from the ends.
            let n = v.len();
            let nulls: Vec<bool> = (0..n)
                .map(|i| crate::k::is_null(v.ty, &v.data.get(i)))
                .collect();
            let start = if left {
                nulls.iter().position(|z| !z).unwrap_or(n)
            } else {
                0
            };
            let end = if right {
                nulls.iter().rposition(|z| !z).map_or(start, |p| p + 1)
            } else {
                n
            };
            Ok(list::slice(x, start, end.max(start)))
        }
        _ => Ok(x.clone()),
    }
}

/// `trim x`.
pub fn trim(x: K) -> KResult {
    trim_with(&x, true, true)
}

/// `ltrim x`.
pub fn ltrim(x: K) -> KResult {
    trim_with(&x, true, false)
}

/// `rtrim x`.
pub fn rtrim(x: K) -> KResult {
    trim_with(&x, false, true)
}

/// `md5 x`: the MD5 digest of a string as 16 bytes.
pub fn md5(x: K) -> KResult {
    use md5::Digest;
    let b = x.as_str_bytes().ok_or_else(|| qerr("type"))?;
    Ok(K::bytes(md5::Md5::digest(b).to_vec()))
}

/// `hsym x`: prefixes symbols with `:`.
pub fn hsym(x: K) -> KResult {
    list::map_syms(&x, |s| {
        if s.starts_with(b":") {
            s.to_vec()
        } else {
            let mut v = vec![b':'];
            v.extend_from_slice(s);
            v
        }
    })
}

/// Where the set that opens `p` (at its `[`) closes: the offset of its `]`,
/// or `None` when it does not close. A `]` first in the set (after any
/// `^`) is one of its chars: `[]]` matches `]` (regex.md).
fn set_close(p: &[u8]) -> Option<usize> {
    let first = if p.get(1) == Some(&b'^') { 2 } else { 1 };
    p.iter()
        .skip(first + 1)
        .position(|&c| c == b']')
        .map(|i| i + first + 1)
}

/// Whether `text` matches q's `like` pattern (`*`, `?`, `[abc]`, `[^abc]`).
pub fn like_match(text: &[u8], pat: &[u8]) -> bool {
    fn go(t: &[u8], p: &[u8]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some(b'*') => (0..=t.len()).any(|i| go(&t[i..], &p[1..])),
            Some(b'?') => !t.is_empty() && go(&t[1..], &p[1..]),
            Some(b'[') => {
                let Some(close) = set_close(p) else {
                    return !t.is_empty() && t[0] == b'[' && go(&t[1..], &p[1..]);
                };
                let set = &p[1..close];
                let (neg, set) = match set.first() {
                    Some(b'^') => (true, &set[1..]),
                    _ => (false, set),
                };
                let Some(&c) = t.first() else { return false };
                let mut hit = false;
                let mut i = 0;
                while i < set.len() {
                    if i + 2 < set.len() && set[i + 1] == b'-' {
                        if set[i] <= c && c <= set[i + 2] {
                            hit = true;
                        }
                        i += 3;
                    } else {
                        if set[i] == c {
                            hit = true;
                        }
                        i += 1;
                    }
                }
                hit != neg && go(&t[1..], &p[close + 1..])
            }
            Some(&c) => t.first() == Some(&c) && go(&t[1..], &p[1..]),
        }
    }
    go(text, pat)
}

/// Whether a pattern has two or more `*` (outside `[…]`) with one of them
/// inside it, neither first nor last: q matches a leading, a trailing and
/// a single inner `*`, and says `'nyi` to the rest (regex.md: `"*the*"`
/// matches, `"*the*the*"` and `"*the*the"` are `'nyi`).
fn too_many_stars(pat: &[u8]) -> bool {
    let mut stars = 0;
    let mut inner = false;
    let mut i = 0;
    while i < pat.len() {
        match pat[i] {
            // A set's stars are its characters.
            b'[' => match set_close(&pat[i..]) {
                Some(close) => i += close,
                None => return false,
            },
            b'*' => {
                stars += 1;
                inner |= i != 0 && i + 1 != pat.len();
            }
            _ => {}
        }
        i += 1;
    }
    stars >= 2 && inner
}

/// `x like pattern`.
pub fn like(x: &K, y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    let pat = match y {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => s.as_bytes().to_vec(),
        _ => y.as_str_bytes().ok_or_else(|| qerr("type"))?.to_vec(),
    };
    if pat.windows(2).any(|w| w == b"**") || too_many_stars(&pat) {
        // errors.md: "a"like"**" is nyi.
        return Err(qerr("nyi"));
    }
    match x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => Ok(K::bool(like_match(s, &pat))),
        K::Atom(Type::Char, Scalar::U8(c)) => Ok(K::bool(like_match(&[*c], &pat))),
        K::Vector(v) if v.ty == Type::Char => {
            Ok(K::bool(like_match(x.as_str_bytes().unwrap_or(&[]), &pat)))
        }
        K::Vector(v) if v.ty == Type::Symbol => match &v.data {
            Data::Sym(d) => Ok(K::bools(d.iter().map(|s| like_match(s, &pat)).collect())),
            _ => Err(qerr("type")),
        },
        // List iteration goes one level down: each item is a string or
        // a symbol (implicit-iteration.md).
        K::List(l) => {
            let out: Vec<K> = l
                .items
                .iter()
                .map(|i| match i {
                    K::Vector(v) if v.ty == Type::Char => like(i, y),
                    K::Atom(Type::Symbol | Type::Char, _) => like(i, y),
                    _ => Err(qerr("type")),
                })
                .collect::<Result<_, _>>()?;
            Ok(list::from_items(out))
        }
        K::Dict(d) => Ok(K::dict(d.keys.clone(), like(&d.values, y)?)),
        _ => Err(qerr("type")),
    }
}

/// One element of an `ss` pattern: a literal byte, `?` (any byte) or a
/// set `[abc]`, `[a-z]`, `[^abc]`.
enum PatItem {
    Byte(u8),
    Any,
    Set { neg: bool, items: Vec<u8> },
}

impl PatItem {
    fn matches(&self, c: u8) -> bool {
        match self {
            PatItem::Byte(b) => *b == c,
            PatItem::Any => true,
            PatItem::Set { neg, items } => {
                let mut hit = false;
                let mut i = 0;
                while i < items.len() {
                    if i + 2 < items.len() && items[i + 1] == b'-' {
                        hit |= items[i] <= c && c <= items[i + 2];
                        i += 3;
                    } else {
                        hit |= items[i] == c;
                        i += 1;
                    }
                }
                hit != *neg
            }
        }
    }
}

fn compile_pattern(pat: &[u8]) -> Vec<PatItem> {
    let mut out = Vec::with_capacity(pat.len());
    let mut i = 0;
    while i < pat.len() {
        match pat[i] {
            b'?' => out.push(PatItem::Any),
            b'[' => {
                if let Some(close) = pat[i + 1..].iter().position(|&c| c == b']') {
                    let set = &pat[i + 1..i + 1 + close];
                    let (neg, items) = match set.first() {
                        Some(b'^') => (true, set[1..].to_vec()),
                        _ => (false, set.to_vec()),
                    };
                    out.push(PatItem::Set { neg, items });
                    i += close + 2;
                    continue;
                }
                out.push(PatItem::Byte(b'['));
            }
            c => out.push(PatItem::Byte(c)),
        }
        i += 1;
    }
    out
}

/// Start positions of the non-overlapping matches of `pat` in `hay`.
fn find_all(hay: &[u8], pat: &[u8]) -> Vec<usize> {
    let items = compile_pattern(pat);
    let n = items.len();
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    if items.iter().all(|p| matches!(p, PatItem::Byte(_))) {
        let mut i = 0;
        while let Some(p) = memchr::memmem::find(&hay[i..], pat) {
            out.push(i + p);
            i += p + pat.len();
        }
        return out;
    }
    let mut i = 0;
    while i + n <= hay.len() {
        if items.iter().zip(&hay[i..i + n]).all(|(p, &c)| p.matches(c)) {
            out.push(i);
            i += n;
        } else {
            i += 1;
        }
    }
    out
}

/// The text of an `ss` or `ssr` pattern: `'length` when it is empty or
/// holds a `*`, which these keywords cannot match (regex.md).
fn search_pattern(y: &K) -> Result<&[u8], QError> {
    let needle = y.as_str_bytes().ok_or_else(|| qerr("type"))?;
    if needle.is_empty() || needle.contains(&b'*') {
        return Err(qerr("length"));
    }
    Ok(needle)
}

/// `x ss y`: positions of pattern y in string x.
pub fn ss(x: &K, y: &K) -> Result<K, QError> {
    let hay = x.as_str_bytes().ok_or_else(|| qerr("type"))?;
    let needle = search_pattern(y)?;
    Ok(K::longs(
        find_all(hay, needle)
            .into_iter()
            .map(|i| i as i64)
            .collect(),
    ))
}

/// `ssr[x;y;z]`: x with each match of pattern y replaced by what
/// `replace` makes of the matched text (q's `z`, or `z` applied to it).
pub fn ssr_with<E: From<QError>>(
    hay: &K,
    pattern: &K,
    mut replace: impl FnMut(&[u8]) -> Result<K, E>,
) -> Result<K, E> {
    // The text is a string: a char atom is not in its domain (glossary.md).
    let hay = match hay {
        K::Vector(v) if v.ty == Type::Char => hay.as_str_bytes().unwrap_or(&[]),
        _ => return Err(qerr("type").into()),
    };
    let needle = search_pattern(pattern)?;
    let width = compile_pattern(needle).len();
    let mut out = Vec::with_capacity(hay.len());
    let mut last = 0;
    for p in find_all(hay, needle) {
        out.extend_from_slice(&hay[last..p]);
        let r = replace(&hay[p..p + width])?;
        out.extend_from_slice(r.as_str_bytes().ok_or_else(|| qerr("type"))?);
        last = p + width;
    }
    out.extend_from_slice(&hay[last..]);
    Ok(K::string(out))
}

/// `x sv y`.
pub fn sv(x: K, y: K) -> KResult {
    match &x {
        // Strings joined with a separator.
        K::Vector(v) if v.ty == Type::Char => join_strings(x.as_str_bytes().unwrap_or(&[]), &y),
        K::Atom(Type::Char, Scalar::U8(c)) => join_strings(&[*c], &y),
        K::Atom(Type::Symbol, Scalar::Sym(s)) if s.is_null() => {
            if let K::List(_) = &y {
                // Lines, each ending in the host's line separator.
                let mut out = Vec::new();
                for it in list::items(&y) {
                    out.extend_from_slice(it.as_str_bytes().ok_or_else(|| qerr("type"))?);
                    out.push(b'\n');
                }
                return Ok(K::string(out));
            }
            let parts = list::syms_of(&y)?;
            // A file handle first joins a path with slashes.
            let sep = if !parts.is_empty() && parts.get(0).starts_with(b":") {
                b'/'
            } else {
                b'.'
            };
            let joined: Vec<u8> = parts.iter().collect::<Vec<_>>().join(&sep);
            Ok(K::sym(Sym::new(&joined)))
        }
        K::Atom(Type::Boolean, _) => {
            // 0b sv bits: an integer of 8, 16, 32 or 64 bits, or a guid of 128.
            let bits = list::longs_of(&y)?;
            if bits.len() == 128 {
                let mut g = [0u8; 16];
                for (i, b) in bits.iter().enumerate() {
                    g[i / 8] |= ((*b != 0) as u8) << (7 - i % 8);
                }
                return Ok(K::guid(g));
            }
            let mut v: u64 = 0;
            for b in &bits {
                v = (v << 1) | (*b != 0) as u64;
            }
            Ok(match bits.len() {
                8 => K::byte(v as u8),
                16 => K::short(v as u16 as i16),
                32 => K::int(v as u32 as i32),
                64 => K::long(v as i64),
                _ => return Err(qerr("length")),
            })
        }
        K::Atom(Type::Byte, _) | K::Vector(_)
            if (x.is_atom() || byte_items(&x).is_some()) && is_list_of_byte_vectors(&y) =>
        {
            join_byte_vectors(byte_items(&x).unwrap_or(&x_byte_atom(&x)), &y)
        }
        K::Atom(Type::Byte, _) => {
            let bytes = match &y {
                K::Vector(v) => match &v.data {
                    Data::U8(b) => b.clone(),
                    _ => return Err(qerr("type")),
                },
                _ => return Err(qerr("type")),
            };
            let mut v: u64 = 0;
            for b in &bytes {
                v = (v << 8) | *b as u64;
            }
            if let Ok(g) = <[u8; 16]>::try_from(bytes.as_slice()) {
                return Ok(K::guid(g));
            }
            Ok(match bytes.len() {
                2 => K::short(v as u16 as i16),
                4 => K::int(v as u32 as i32),
                8 => K::long(v as i64),
                _ => return Err(qerr("length")),
            })
        }
        _ => {
            // Base conversion: 10 sv 1 2 3 is 123.
            let base = list::longs_of(&x)?;
            let digits = list::longs_of(&y)?;
            if base.len() != 1 && base.len() != digits.len() {
                return Err(qerr("length"));
            }
            let mut v: i64 = 0;
            for (i, d) in digits.iter().enumerate() {
                let b = if base.len() == 1 { base[0] } else { base[i] };
                v = v.wrapping_mul(b).wrapping_add(*d);
            }
            Ok(K::long(v))
        }
    }
}

fn join_strings(sep: &[u8], y: &K) -> KResult {
    let mut out = Vec::new();
    let items = list::items(y);
    for (i, it) in items.iter().enumerate() {
        let b = it.as_str_bytes().ok_or_else(|| qerr("type"))?;
        if i > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(b);
    }
    Ok(K::string(out))
}

/// Whether `y` is a non-empty general list whose items are all byte vectors.
fn is_list_of_byte_vectors(y: &K) -> bool {
    matches!(y, K::List(l) if !l.items.is_empty() && l.items.iter().all(|i| byte_items(i).is_some()))
}

/// The byte of a byte atom, as a one-byte delimiter.
fn x_byte_atom(x: &K) -> [u8; 1] {
    match x {
        K::Atom(Type::Byte, Scalar::U8(b)) => [*b],
        _ => [0],
    }
}

/// `x vs y` of a byte vector `y`: the pieces between occurrences of the
/// byte or bytes `x` (vs.md, since 4.1t 2024.01.11).
fn split_byte_vector(x: &K, y: &K) -> KResult {
    let atom = x_byte_atom(x);
    let sep = byte_items(x).unwrap_or(&atom);
    let s = byte_items(y).ok_or_else(|| qerr("type"))?;
    Ok(K::list(
        split_at_delimiter(sep, s)?
            .into_iter()
            .map(|p| K::bytes(p.to_vec()))
            .collect(),
    ))
}

/// `x vs y`.
pub fn vs(x: K, y: K) -> KResult {
    match &x {
        K::Vector(v) if v.ty == Type::Char => split_string(x.as_str_bytes().unwrap_or(&[]), &y),
        K::Atom(Type::Char, Scalar::U8(c)) => split_string(&[*c], &y),
        K::Atom(Type::Symbol, Scalar::Sym(s)) if s.is_null() => {
            let text = match &y {
                K::Vector(v) if v.ty == Type::Byte => match &v.data {
                    Data::U8(b) => Some(b.as_slice()),
                    _ => None,
                },
                _ => y.as_str_bytes(),
            };
            if let Some(text) = text {
                return Ok(lines(text));
            }
            let s = y.as_sym().ok_or_else(|| qerr("type"))?;
            if s.starts_with(b":") {
                // A file handle splits into directory and file.
                return Ok(match s.iter().rposition(|&c| c == b'/') {
                    Some(p) => K::syms([&s[..p], &s[p + 1..]].into_iter().collect()),
                    None => K::syms([&b""[..], &s[..]].into_iter().collect()),
                });
            }
            Ok(K::syms(s.split(|&c| c == b'.').collect()))
        }
        K::Atom(Type::Boolean, _) => {
            // A guid's 128 bits (vs.md, since 4.1).
            if let K::Atom(Type::Guid, Scalar::Guid(g)) = &y {
                return Ok(K::bools(
                    (0..128)
                        .map(|i| (g[i / 8] >> (7 - i % 8)) & 1 == 1)
                        .collect(),
                ));
            }
            let (bits, v) = match &y {
                K::Atom(Type::Byte, Scalar::U8(b)) => (8, *b as u64),
                K::Atom(Type::Short, Scalar::I16(b)) => (16, *b as u16 as u64),
                K::Atom(Type::Int, Scalar::I32(b)) => (32, *b as u32 as u64),
                K::Atom(Type::Long, Scalar::I64(b)) => (64, *b as u64),
                _ => return Err(qerr("type")),
            };
            Ok(K::bools(
                (0..bits).rev().map(|i| (v >> i) & 1 == 1).collect(),
            ))
        }
        K::Atom(Type::Byte, _) => match &y {
            K::Atom(t, s) if *t != Type::Byte => {
                let bytes: Vec<u8> = match s {
                    Scalar::I16(v) => v.to_be_bytes().to_vec(),
                    Scalar::I32(v) => v.to_be_bytes().to_vec(),
                    Scalar::I64(v) => v.to_be_bytes().to_vec(),
                    Scalar::F32(v) => v.to_be_bytes().to_vec(),
                    Scalar::F64(v) => v.to_be_bytes().to_vec(),
                    Scalar::U8(v) => vec![*v],
                    Scalar::Guid(g) => g.to_vec(),
                    _ => return Err(qerr("type")),
                };
                Ok(K::bytes(bytes))
            }
            K::Vector(v) if v.ty == Type::Byte => split_byte_vector(&x, &y),
            _ => Err(qerr("type")),
        },
        K::Vector(v) if v.ty == Type::Byte => split_byte_vector(&x, &y),
        K::Vector(_) => {
            // Mixed radix: as many digits as bases.
            let bases = list::longs_of(&x)?;
            mixed_radix(&bases, &y)
        }
        _ => {
            let base = x.as_i64().ok_or_else(|| qerr("type"))?;
            if base < 2 {
                return Err(qerr("domain"));
            }
            if y.is_atom() {
                let v = y.as_i64().ok_or_else(|| qerr("type"))?;
                return Ok(K::longs(digits(v, base, 0)));
            }
            // Several numbers: digit rows of a common width, one row per
            // digit position; items of a general list keep their shape.
            let width = all_longs(&y)?
                .into_iter()
                .map(|v| digits(v, base, 0).len())
                .max()
                .unwrap_or(0);
            Ok(digit_rows(&y, base, width)?)
        }
    }
}

/// `\`` vs text: lines split at `\n` (a `\r` before it dropped), with no
/// empty line for a final terminator.
fn lines(text: &[u8]) -> K {
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    if text.is_empty() {
        return K::list(Vec::new());
    }
    K::list(
        body.split(|&c| c == b'\n')
            .map(|l| K::string(l.strip_suffix(b"\r").unwrap_or(l)))
            .collect(),
    )
}

fn mixed_radix(bases: &[i64], y: &K) -> KResult {
    let encode = |mut v: i64| -> Vec<i64> {
        let mut out = vec![0; bases.len()];
        for (i, &b) in bases.iter().enumerate().rev() {
            if b == 0 {
                out[i] = v;
                v = 0;
            } else {
                // Wrapping: the null long by -1 has no quotient in range.
                out[i] = v.wrapping_rem_euclid(b);
                v = v.wrapping_div_euclid(b);
            }
        }
        out
    };
    if y.is_atom() {
        let v = y.as_i64().ok_or_else(|| qerr("type"))?;
        return Ok(K::longs(encode(v)));
    }
    let vals = list::longs_of(y)?;
    let cols: Vec<Vec<i64>> = vals.into_iter().map(encode).collect();
    Ok(K::list(
        (0..bases.len())
            .map(|r| K::longs(cols.iter().map(|c| c[r]).collect()))
            .collect(),
    ))
}

fn all_longs(y: &K) -> Result<Vec<i64>, QError> {
    match y {
        K::List(l) => Ok(l
            .items
            .iter()
            .map(all_longs)
            .collect::<Result<Vec<_>, _>>()?
            .concat()),
        _ => list::longs_of(y),
    }
}

fn digit_rows(y: &K, base: i64, width: usize) -> Result<K, QError> {
    match y {
        K::List(l) => {
            let per: Vec<K> = l
                .items
                .iter()
                .map(|i| digit_rows(i, base, width))
                .collect::<Result<_, _>>()?;
            let rows: Vec<K> = (0..width)
                .map(|r| list::from_items(per.iter().map(|p| list::item(p, r)).collect()))
                .collect();
            Ok(K::list(rows))
        }
        _ if y.is_atom() => {
            let v = y.as_i64().ok_or_else(|| qerr("type"))?;
            Ok(K::longs(digits(v, base, width)))
        }
        _ => {
            let vals = list::longs_of(y)?;
            let cols: Vec<Vec<i64>> = vals.iter().map(|&v| digits(v, base, width)).collect();
            Ok(K::list(
                (0..width)
                    .map(|r| K::longs(cols.iter().map(|c| c[r]).collect()))
                    .collect(),
            ))
        }
    }
}

fn digits(mut v: i64, base: i64, width: usize) -> Vec<i64> {
    let mut out = Vec::new();
    while v > 0 {
        out.push(v % base);
        v /= base;
    }
    while out.len() < width {
        out.push(0);
    }
    out.reverse();
    out
}

fn split_string(sep: &[u8], y: &K) -> KResult {
    // A byte vector splits as text when the delimiter is text (vs.md).
    let s = y
        .as_str_bytes()
        .or_else(|| byte_items(y))
        .ok_or_else(|| qerr("type"))?;
    Ok(K::list(
        split_at_delimiter(sep, s)?
            .into_iter()
            .map(K::string)
            .collect(),
    ))
}

/// The bytes of a byte vector.
fn byte_items(y: &K) -> Option<&[u8]> {
    match y {
        K::Vector(v) if v.ty == Type::Byte => match &v.data {
            Data::U8(b) => Some(b.as_slice()),
            _ => None,
        },
        _ => None,
    }
}

/// The pieces of `s` between occurrences of `sep`; `'domain` for an empty
/// delimiter.
fn split_at_delimiter<'a>(sep: &[u8], s: &'a [u8]) -> Result<Vec<&'a [u8]>, QError> {
    if sep.is_empty() {
        return Err(qerr("domain"));
    }
    let mut parts = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while i + sep.len() <= s.len() {
        if &s[i..i + sep.len()] == sep {
            parts.push(&s[last..i]);
            i += sep.len();
            last = i;
        } else {
            i += 1;
        }
    }
    parts.push(&s[last..]);
    Ok(parts)
}

/// `x sv y` of byte vectors: joined with the byte or bytes `x` (sv.md).
fn join_byte_vectors(sep: &[u8], y: &K) -> KResult {
    let mut out = Vec::new();
    for (i, item) in list::items(y).iter().enumerate() {
        let b = byte_items(item).ok_or_else(|| qerr("type"))?;
        if i > 0 {
            out.extend_from_slice(sep);
        }
        out.extend_from_slice(b);
    }
    Ok(K::bytes(out))
}

/// `.Q.f[d;x]`: x formatted with d decimals.
pub fn qf(d: K, x: K) -> KResult {
    let d = d.as_i64().ok_or_else(|| qerr("type"))?;
    if !(0..=1000).contains(&d) {
        return Err(qerr("domain"));
    }
    let d = d as usize;
    let f = math::floats_of(&x)?;
    Ok(K::string(qf_text(d, f.first().copied().unwrap_or(0.0))))
}

/// `.Q.f` as q defines it: `y` times `10^d` rounded to a whole number,
/// with a point put `d` digits from the right (so `.Q.f[2;.045]` is
/// "0.05", dotq.md); numbers below 1 go through `10+y`.
fn qf_text(d: usize, y: f64) -> String {
    if y.is_nan() {
        return String::new();
    }
    if y < 0.0 {
        return format!("-{}", qf_text(d, -y));
    }
    if y < 1.0 {
        return qf_text(d, 10.0 + y)[1..].to_string();
    }
    let scaled = y * 10f64.powi(d as i32);
    if scaled.is_finite() && scaled < 9e15 {
        let j = (scaled.round() as i64).to_string();
        let cut = j.len().saturating_sub(d);
        format!("{}.{}", &j[..cut], &j[cut..])
    } else {
        crate::k::text::one_line(&K::float(y), 7)
    }
}

/// `.Q.fmt[w;d;x]`: x formatted with d decimals, right-aligned in w chars.
pub fn qfmt(args: Vec<K>) -> KResult {
    let w = args[0].as_i64().ok_or_else(|| qerr("type"))?;
    let d = args[1].as_i64().ok_or_else(|| qerr("type"))?;
    if !(0..=1000).contains(&w) || !(0..=1000).contains(&d) {
        return Err(qerr("domain"));
    }
    let (w, d) = (w as usize, d as usize);
    let f = math::floats_of(&args[2])?;
    let one = |v: f64| {
        let s = format!("{v:>w$.d$}");
        if s.len() > w { "*".repeat(w) } else { s }
    };
    if args[2].is_atom() {
        Ok(K::string(one(f[0])))
    } else {
        Ok(K::list(f.into_iter().map(|v| K::string(one(v))).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns() {
        assert!(like_match(b"hello", b"h*"));
        assert!(like_match(b"hello", b"h?llo"));
        assert!(like_match(b"hello", b"[gh]ello"));
        assert!(!like_match(b"hello", b"[^h]ello"));
        assert!(like_match(b"a1", b"a[0-9]"));
        assert!(!like_match(b"hello", b"h*x"));
    }

    #[test]
    fn digits_in_base() {
        assert_eq!(digits(1995, 10, 0), vec![1, 9, 9, 5]);
        assert_eq!(digits(5, 2, 4), vec![0, 1, 0, 1]);
    }
}
