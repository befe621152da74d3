//! Functions of the `.Q` namespace that map values to values (dotq.md):
//! `.Q.id .Q.res .Q.addmonths .Q.atob .Q.btoa .Q.t .Q.ty .Q.gz`.

use std::rc::Rc;

use crate::k::calendar;
use crate::k::{Data, K, NULL_INT, QError, Scalar, SymVec, Table, Type, qerr};

use super::KResult;
use super::list;

/// `.Q.t`: type letters indexed by type number.
pub const TYPE_LETTERS: &str = " bg xhijefcspmdznuvts";

/// `.Q.res`: q's control words and the keywords k defines, which a column
/// may not be named in `.Q.id` (a `1` is appended).
pub const RESERVED: &[&str] = &[
    "abs", "acos", "asin", "atan", "avg", "bin", "binr", "cor", "cos", "cov", "delete", "dev",
    "div", "do", "enlist", "exec", "exit", "exp", "getenv", "hopen", "if", "in", "insert", "last",
    "like", "log", "max", "min", "prd", "select", "setenv", "sin", "sqrt", "ss", "sum", "tan",
    "update", "var", "wavg", "while", "within", "wsum", "xexp",
];

/// A name made a valid q name: only letters, digits and underscores, and
/// an `a` before one that does not start with a letter.
fn sanitize(s: &[u8]) -> Vec<u8> {
    let kept: Vec<u8> = s
        .iter()
        .copied()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .collect();
    if kept.first().is_some_and(|c| c.is_ascii_alphabetic()) {
        kept
    } else {
        let mut out = b"a".to_vec();
        out.extend(kept);
        out
    }
}

/// Column names sanitized, with a `1` after one that is a reserved word,
/// then `1`, `2`... after a name already taken by a column before it.
fn column_names<'a>(
    names: impl Iterator<Item = &'a [u8]>,
    reserved: &dyn Fn(&[u8]) -> bool,
) -> SymVec {
    let mut bases: Vec<Vec<u8>> = Vec::new();
    let mut out: Vec<Vec<u8>> = Vec::new();
    for s in names {
        let mut n = sanitize(s);
        if reserved(&n) {
            n.push(b'1');
        }
        let seen = bases.iter().filter(|b| **b == n).count();
        bases.push(n.clone());
        if seen > 0 {
            n.extend(seen.to_string().bytes());
        }
        out.push(n);
    }
    out.iter().map(|v| v.as_slice()).collect()
}

/// `.Q.id x` checking names against [`RESERVED`] only.
pub fn id(x: K) -> KResult {
    id_clear_of(x, &|n| RESERVED.iter().any(|r| r.as_bytes() == n))
}

/// `.Q.id x`: a symbol sanitized to a valid name; a table's column names
/// or a dictionary's keys sanitized, kept clear of the words `reserved`
/// accepts and of each other.
pub fn id_clear_of(x: K, reserved: &dyn Fn(&[u8]) -> bool) -> KResult {
    match &x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => Ok(K::sym(&*sanitize(s.as_bytes()))),
        K::Table(t) => Ok(K::Table(Rc::new(Table {
            attr: t.attr,
            names: column_names(t.names.iter(), reserved),
            cols: t.cols.clone(),
        }))),
        K::Dict(d) if x.is_keyed_table() => {
            let k = id_clear_of(d.keys.clone(), reserved)?;
            let v = id_clear_of(d.values.clone(), reserved)?;
            Ok(K::dict(k, v))
        }
        K::Dict(d) => {
            let keys = list::syms_of(&d.keys)?;
            let names = column_names(keys.iter(), reserved);
            Ok(K::dict(K::syms(names), d.values.clone()))
        }
        _ => Err(qerr("type")),
    }
}

/// Days of date `d` plus `n` months, keeping the day of the month (which
/// may spill into the next month).
fn add_months(d: i64, n: i64) -> i64 {
    let (y, m, day) = calendar::ymd(d);
    let (y2, m2) = calendar::year_month(calendar::months(y, m) + n);
    calendar::days(y2, m2, 1) + day as i64 - 1
}

fn dates_of(x: &K) -> Result<Vec<i32>, QError> {
    match x {
        K::Atom(Type::Date, Scalar::I32(d)) => Ok(vec![*d]),
        K::Vector(v) if v.ty == Type::Date => match &v.data {
            Data::I32(d) => Ok(d.clone()),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

/// `.Q.addmonths[x;y]`: dates `x` plus `y` months.
pub fn addmonths(x: K, y: K) -> KResult {
    let ds = dates_of(&x)?;
    let ns = list::longs_of(&y)?;
    if !x.is_atom() && !y.is_atom() && ds.len() != ns.len() {
        return Err(qerr("length"));
    }
    let count = if x.is_atom() { ns.len() } else { ds.len() };
    let out: Vec<i32> = (0..count)
        .map(|i| {
            let d = ds[if x.is_atom() { 0 } else { i }];
            let n = ns[if y.is_atom() { 0 } else { i }];
            if d == NULL_INT || n == crate::k::NULL_LONG {
                NULL_INT
            } else {
                add_months(d as i64, n) as i32
            }
        })
        .collect();
    Ok(if x.is_atom() && y.is_atom() {
        K::date(out[0])
    } else {
        K::vector(Type::Date, Data::I32(out))
    })
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn text_bytes(x: &K) -> Result<&[u8], QError> {
    match x {
        K::Vector(v) if matches!(v.ty, Type::Char | Type::Byte) => match &v.data {
            Data::U8(b) => Ok(b),
            _ => Err(qerr("type")),
        },
        K::List(l) if l.items.is_empty() => Ok(&[]),
        _ => Err(qerr("type")),
    }
}

/// `.Q.btoa x`: base64 of a string or bytes, as a string.
pub fn btoa(x: K) -> KResult {
    let b = match &x {
        K::Atom(Type::Char | Type::Byte, Scalar::U8(c)) => vec![*c],
        _ => text_bytes(&x)?.to_vec(),
    };
    let mut out = Vec::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(B64[(v >> (18 - 6 * k) & 63) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    Ok(K::string(out))
}

/// `.Q.atob x`: bytes from base64 text (chars or bytes); data not
/// correctly padded is a domain error.
pub fn atob(x: K) -> KResult {
    let s = text_bytes(&x)?;
    if s.len() % 4 != 0 {
        return Err(qerr("domain"));
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    for (ci, chunk) in s.chunks(4).enumerate() {
        let last = ci + 1 == s.len() / 4;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return Err(qerr("domain"));
        }
        let mut v = 0u32;
        for &c in &chunk[..4 - pad] {
            let d = B64
                .iter()
                .position(|&b| b == c)
                .ok_or_else(|| qerr("domain"))?;
            v = v << 6 | d as u32;
        }
        v <<= 6 * pad as u32;
        let bytes = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Ok(K::bytes(out))
}

/// `.Q.ty x`: the type letter of a list: lower case for a vector, upper
/// case for a list of vectors of one type, else a blank.
pub fn ty(x: K) -> KResult {
    let letter = |t: Type| TYPE_LETTERS.as_bytes()[t as usize];
    Ok(K::char(match &x {
        K::Atom(t, _) => letter(*t),
        K::Vector(v) => letter(v.ty),
        K::Enum(_) => b's',
        K::List(l) => {
            let first = match l.items.first() {
                Some(K::Vector(v)) => Some(v.ty),
                _ => None,
            };
            match first {
                Some(t)
                    if l.items
                        .iter()
                        .all(|i| matches!(i, K::Vector(v) if v.ty == t)) =>
                {
                    letter(t).to_ascii_uppercase()
                }
                _ => b' ',
            }
        }
        _ => b' ',
    }))
}

/// `.Q.gz`: `.Q.gz[::]` is whether gzip is at hand (it is); `.Q.gz x` of a
/// gzip stream (chars or bytes) is what it holds; `.Q.gz(level;x)` is `x`
/// compressed at `level` (0-9). Results keep the type of `x`.
pub fn gz(x: K) -> KResult {
    if let K::Nil = x {
        return Ok(K::bool(true));
    }
    let same_type = |src: &K, bytes: Vec<u8>| match src.type_code() {
        4 => K::bytes(bytes),
        _ => K::string(bytes),
    };
    if let K::List(l) = &x
        && l.items.len() == 2
        && l.items[0].is_atom()
    {
        let level = l.items[0]
            .as_i64()
            .filter(|_| matches!(l.items[0].type_code(), -7..=-5))
            .ok_or_else(|| qerr("type"))?;
        if !(0..=9).contains(&level) {
            return Err(qerr("domain"));
        }
        let data = &l.items[1];
        let packed = super::compressed::gzip(text_bytes(data)?, level as u32);
        return Ok(same_type(data, packed));
    }
    let plain = super::compressed::gunzip(text_bytes(&x)?).ok_or_else(|| qerr("domain"))?;
    Ok(same_type(&x, plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for s in ["", "h", "he", "hel", "hello", "Hello World!"] {
            let enc = btoa(K::string(s)).unwrap();
            let dec = atob(enc).unwrap();
            assert_eq!(dec, K::bytes(s.as_bytes().to_vec()));
        }
    }

    fn names(v: &[&str]) -> Vec<String> {
        let reserved = |n: &[u8]| n == b"count" || RESERVED.iter().any(|r| r.as_bytes() == n);
        column_names(v.iter().map(|s| s.as_bytes()), &reserved)
            .iter()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect()
    }

    #[test]
    fn column_names_avoid_keywords_and_each_other() {
        // dotq.md, .Q.id: duplicates get 1, 2... after the rules before.
        assert_eq!(
            names(&["count+", "count*", "count1"]),
            ["count1", "count11", "count12"]
        );
        assert_eq!(names(&["aa", "=", "+"]), ["aa", "a", "a1"]);
        assert_eq!(names(&["3aa", "_aa", "_aa"]), ["a3aa", "a_aa", "a_aa1"]);
        assert_eq!(names(&["in", "a/b", "b"]), ["in1", "ab", "b"]);
    }

    #[test]
    fn months_spill_over() {
        let d = calendar::days(2006, 10, 29);
        assert_eq!(add_months(d, 4), calendar::days(2007, 3, 1));
    }
}
