//! The `.j` namespace (j.md): `.j.j` writes a value as JSON text the way
//! q does, `.j.jd` does so with options, `.j.k` reads JSON text into q.
//!
//! q's mapping differs from the console's JSON mode (`fmt::json`): q
//! writes numbers as their `string` (so `0w` is `inf`), temporal values as
//! their q text with the date's dots made dashes (`"2020-01-02D03:04:05.000000000"`),
//! and reads every JSON number as a float.

use crate::k::text::atom_string;
use crate::k::{K, QError, Scalar, Type, qerr};

use super::KResult;
use super::keyed;
use super::list::{self, from_items};

/// How to write: floats to `digits` significant digits (as `string`
/// shows them under `\P`), and infinities as `null` when `null0w`.
#[derive(Clone, Copy)]
struct Opts {
    null0w: bool,
    digits: usize,
}

/// `.j.j x`: the JSON text of `x`, floats to `digits` significant digits.
pub fn j(x: K, digits: usize) -> KResult {
    let mut out = String::new();
    let o = Opts {
        null0w: false,
        digits,
    };
    write(&mut out, &x, o)?;
    Ok(K::string(out))
}

/// `.j.jd (x;d)`: `.j.j x`, with `0w` and `-0w` written `null` when
/// `d`'s `null0w` is true.
pub fn jd(x: K, digits: usize) -> KResult {
    let parts = match &x {
        K::List(l) if l.items.len() == 2 => l.items.clone(),
        K::List(_) => return Err(qerr("length")),
        _ => return Err(qerr("type")),
    };
    let null0w = match &parts[1] {
        K::Dict(d) => {
            let keys = list::items(&d.keys);
            let vals = list::items(&d.values);
            keys.iter()
                .position(|k| matches!(k.as_sym(), Some(s) if s.as_bytes() == b"null0w"))
                .map(|i| matches!(vals[i], K::Atom(Type::Boolean, Scalar::U8(1))))
                .unwrap_or(false)
        }
        _ => return Err(qerr("type")),
    };
    let mut out = String::new();
    write(&mut out, &parts[0], Opts { null0w, digits })?;
    Ok(K::string(out))
}

/// Appends `s` as a JSON string, quoted and escaped.
fn quote(out: &mut String, s: &[u8]) {
    crate::fmt::json::write_string(out, &String::from_utf8_lossy(s));
}

/// Appends one atom.
fn atom(out: &mut String, t: Type, s: &Scalar, o: Opts) {
    match t {
        Type::Boolean => out.push_str(if matches!(s, Scalar::U8(0)) {
            "false"
        } else {
            "true"
        }),
        Type::Char => quote(
            out,
            &[match s {
                Scalar::U8(c) => *c,
                _ => b' ',
            }],
        ),
        Type::Symbol => match s {
            Scalar::Sym(s) => quote(out, s.as_bytes()),
            _ => out.push_str("null"),
        },
        Type::Guid | Type::Byte => quote(out, atom_string(t, s, o.digits).as_bytes()),
        Type::Short | Type::Int | Type::Long | Type::Real | Type::Float => {
            let text = atom_string(t, s, o.digits);
            match text.as_str() {
                "" => out.push_str("null"),
                "0w" | "-0w" if o.null0w => out.push_str("null"),
                "0w" => out.push_str("inf"),
                "-0w" => out.push_str("-inf"),
                _ => out.push_str(&text),
            }
        }
        Type::Timestamp | Type::Month | Type::Date | Type::Datetime => {
            let text = atom_string(t, s, o.digits);
            if text.is_empty() {
                return out.push_str("null");
            }
            let dashed: String = text
                .char_indices()
                .map(|(i, c)| if i < 8 && c == '.' { '-' } else { c })
                .collect();
            quote(out, dashed.as_bytes());
        }
        Type::Timespan | Type::Minute | Type::Second | Type::Time => {
            let text = atom_string(t, s, o.digits);
            if text.is_empty() {
                out.push_str("null");
            } else {
                quote(out, text.as_bytes());
            }
        }
    }
}

fn write(out: &mut String, x: &K, o: Opts) -> KResult<()> {
    if !crate::k::depth::room() {
        return Err(qerr("stack"));
    }
    match x {
        K::Atom(t, s) => atom(out, *t, s, o),
        K::Vector(v) if v.ty == Type::Char => match &v.data {
            crate::k::Data::U8(b) => quote(out, b),
            _ => quote(out, b""),
        },
        K::Vector(v) => {
            out.push('[');
            for i in 0..v.len() {
                if i > 0 {
                    out.push(',');
                }
                atom(out, v.ty, &v.data.get(i), o);
            }
            out.push(']');
        }
        K::List(l) => {
            out.push('[');
            for (i, item) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item, o)?;
            }
            out.push(']');
        }
        K::Enum(_) => {
            let syms = list::from_items(list::items(x));
            write(out, &resolve(&syms), o)?;
        }
        K::Dict(_) if x.is_keyed_table() => write(out, &keyed::unkey(x)?, o)?,
        K::Dict(d) => {
            out.push('{');
            let keys = list::items(&d.keys);
            let vals = list::items(&d.values);
            for (i, (k, v)) in keys.iter().zip(&vals).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match k {
                    K::Atom(Type::Symbol, Scalar::Sym(s)) => quote(out, s.as_bytes()),
                    K::Atom(t, s) => quote(out, atom_string(*t, s, o.digits).as_bytes()),
                    K::Vector(v) if v.ty == Type::Char => write(out, k, o)?,
                    _ => return Err(qerr("type")),
                }
                out.push(':');
                write(out, v, o)?;
            }
            out.push('}');
        }
        K::Table(t) => {
            out.push('[');
            for r in 0..t.rows() {
                if r > 0 {
                    out.push(',');
                }
                out.push('{');
                for (c, col) in t.cols.iter().enumerate() {
                    if c > 0 {
                        out.push(',');
                    }
                    quote(out, t.names.get(c));
                    out.push(':');
                    write(out, &list::item(col, r), o)?;
                }
                out.push('}');
            }
            out.push(']');
        }
        K::Nil => out.push_str("null"),
        K::Func(_) | K::Error(_) => {
            let text = crate::k::text::one_line(x, o.digits);
            quote(out, text.as_bytes());
        }
    }
    Ok(())
}

/// Enumerated items as their symbols.
fn resolve(x: &K) -> K {
    match x {
        K::Enum(e) => e.items(),
        _ => x.clone(),
    }
}

/// `.j.k x`: the q value of JSON text `x`.
pub fn k(x: K) -> KResult {
    let text: Vec<u8> = match &x {
        K::Vector(v) if v.ty == Type::Char => x.as_str_bytes().unwrap_or_default().to_vec(),
        K::Atom(Type::Char, Scalar::U8(c)) => vec![*c],
        _ => return Err(qerr("type")),
    };
    let mut p = Reader { s: &text, i: 0 };
    p.space();
    let v = p.value()?;
    p.space();
    if p.i < text.len() {
        return Err(p.illegal());
    }
    Ok(v)
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn illegal(&self) -> QError {
        qerr("illegal char")
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn word(&mut self, w: &[u8], v: K) -> KResult {
        if self.s[self.i..].starts_with(w) {
            self.i += w.len();
            Ok(v)
        } else {
            Err(self.illegal())
        }
    }

    fn value(&mut self) -> KResult {
        if !crate::k::depth::room() {
            return Err(qerr("stack"));
        }
        match self.peek().ok_or_else(|| qerr("length"))? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => Ok(K::string(self.string()?)),
            b't' => self.word(b"true", K::bool(true)),
            b'f' => self.word(b"false", K::bool(false)),
            b'n' => self.word(b"null", K::float(crate::k::null_float())),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.illegal()),
        }
    }

    fn number(&mut self) -> KResult {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.illegal())?;
        text.parse::<f64>()
            .map(K::float)
            .map_err(|_| self.illegal())
    }

    fn hex4(&mut self) -> KResult<u32> {
        let h = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| qerr("length"))?;
        let h = std::str::from_utf8(h).map_err(|_| self.illegal())?;
        let n = u32::from_str_radix(h, 16).map_err(|_| self.illegal())?;
        self.i += 4;
        Ok(n)
    }

    fn string(&mut self) -> KResult<Vec<u8>> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let c = self.peek().ok_or_else(|| qerr("length"))?;
            self.i += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let e = self.peek().ok_or_else(|| qerr("length"))?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let mut n = self.hex4()?;
                            if (0xd800..0xdc00).contains(&n) && self.s[self.i..].starts_with(b"\\u")
                            {
                                self.i += 2;
                                let lo = self.hex4()?;
                                n = 0x10000
                                    + ((n - 0xd800) << 10)
                                    + (lo.wrapping_sub(0xdc00) & 0x3ff);
                            }
                            let c = char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER);
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn array(&mut self) -> KResult {
        self.i += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(K::list(items));
        }
        loop {
            self.space();
            items.push(self.value()?);
            self.space();
            match self.peek().ok_or_else(|| qerr("length"))? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.illegal()),
            }
        }
        Ok(from_items(items))
    }

    fn object(&mut self) -> KResult {
        self.i += 1;
        let mut keys = crate::k::SymVec::new();
        let mut vals = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(K::dict(K::list(vec![]), K::list(vec![])));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return Err(self.illegal());
            }
            keys.push(&self.string()?);
            self.space();
            if self.peek() != Some(b':') {
                return Err(self.illegal());
            }
            self.i += 1;
            self.space();
            vals.push(self.value()?);
            self.space();
            match self.peek().ok_or_else(|| qerr("length"))? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.illegal()),
            }
        }
        Ok(K::dict(K::syms(keys), from_items(vals)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jt(x: K) -> String {
        String::from_utf8(j(x, 7).unwrap().as_str_bytes().unwrap().to_vec()).unwrap()
    }

    #[test]
    fn writes_atoms_and_lists() {
        assert_eq!(jt(K::long(1)), "1");
        assert_eq!(jt(K::float(1.5)), "1.5");
        assert_eq!(jt(K::float(f64::INFINITY)), "inf");
        assert_eq!(jt(K::bool(true)), "true");
        assert_eq!(jt(K::string("a\"b\n")), "\"a\\\"b\\n\"");
        assert_eq!(jt(K::longs(vec![1, crate::k::NULL_LONG])), "[1,null]");
        assert_eq!(jt(K::date(0)), "\"2000-01-01\"");
        assert_eq!(jt(K::Nil), "null");
    }

    #[test]
    fn reads_json() {
        let v = k(K::string("[1,2,null]")).unwrap();
        assert_eq!(v.type_code(), 9);
        let v = k(K::string("{\"a\":true,\"b\":false}")).unwrap();
        assert_eq!(v.type_code(), 99);
        assert!(k(K::string("[1,")).is_err());
        assert!(k(K::long(1)).is_err());
        let v = k(K::string("\"\\u00e9\"")).unwrap();
        assert_eq!(v.as_str_bytes().unwrap(), "é".as_bytes());
    }
}
