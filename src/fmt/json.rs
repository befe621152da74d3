//! JSON mode: whole results (never truncated) as one compact JSON document
//! per line, for scripts.
//!
//! # How q values map to JSON
//!
//! | q value | JSON |
//! |---|---|
//! | boolean | `true` / `false` |
//! | byte, short, int, long | number (`42`) |
//! | real, float | number, the shortest text that reads back exactly (`0.1`, `2.0`, `1e-8`) |
//! | null of any type (`0N`, `0n`, `0Nd`, `` ` ``, `0Ng`, ...) | `null` |
//! | integral or temporal infinity | string `"0W"` / `"-0W"` |
//! | real, float or datetime infinity | string `"0w"` / `"-0w"` |
//! | char atom, string | string (bytes read as UTF-8, invalid bytes replaced) |
//! | symbol, enumeration item | string |
//! | guid | string `"8c680a01-5a49-5aab-5a65-d4bfddb6a661"` |
//! | timestamp | ISO-8601 string `"2000-01-01T09:30:00.000000000"` |
//! | month | `"2000-01"` |
//! | date | `"2000-01-01"` |
//! | datetime | `"2000-01-01T09:30:00.000"` |
//! | timespan | q text `"0D09:30:00.000000000"` (ISO-8601 has no such duration form) |
//! | minute, second, time | `"09:30"`, `"09:30:00"`, `"09:30:00.000"` |
//! | vector, general list | array |
//! | dictionary with symbol keys | object, keys in order |
//! | other dictionary | array of `[key, value]` pairs |
//! | table | array of row objects (`{"a":1,"b":"x"}`) |
//! | keyed table | array of row objects with key columns first, then value columns |
//! | function | string of its text (`"{x+y}"`) |
//! | `::` | `null` |
//! | error | object `{"error":"type"}` |
//!
//! Out-of-range dates print as q shows them (`"0000.00.00"`), converted the
//! same way (`"0000-00-00"`).

use std::fmt::Write;

use crate::k::text::{self, DEFAULT_PRECISION};
use crate::k::{Data, Dict, K, Scalar, Table, Type, is_null};

/// Renders `x` as one line of compact JSON followed by a newline.
pub fn render(x: &K) -> String {
    let mut out = String::new();
    write_value(&mut out, x);
    out.push('\n');
    out
}

fn write_value(out: &mut String, x: &K) {
    if !crate::k::depth::room() {
        return;
    }
    match x {
        K::Atom(t, s) => write_atom(out, *t, s),
        K::Vector(v) => {
            if v.ty == Type::Char {
                write_string(
                    out,
                    &String::from_utf8_lossy(x.as_str_bytes().unwrap_or_default()),
                );
            } else {
                write_array(out, v.len(), |out, i| write_item(out, v.ty, &v.data, i));
            }
        }
        K::List(l) => write_array(out, l.items.len(), |out, i| write_value(out, &l.items[i])),
        K::Dict(d) => write_dict(out, d),
        K::Table(t) => write_rows(out, &[t], t.rows()),
        K::Func(_) => write_string(out, &text::one_line(x, DEFAULT_PRECISION)),
        K::Nil => out.push_str("null"),
        K::Error(msg) => {
            out.push_str("{\"error\":");
            write_string(out, &msg.to_str_lossy());
            out.push('}');
        }
        K::Enum(e) => {
            if e.atom {
                write_sym(out, e.values.iter().next().unwrap_or_default());
            } else {
                write_array(out, e.values.len(), |out, i| {
                    write_sym(out, e.values.get(i))
                });
            }
        }
    }
}

/// A symbol as a string, the null symbol as `null`.
fn write_sym(out: &mut String, s: &[u8]) {
    if s.is_empty() {
        out.push_str("null");
    } else {
        write_string(out, &String::from_utf8_lossy(s));
    }
}

fn write_array(out: &mut String, n: usize, mut item: impl FnMut(&mut String, usize)) {
    out.push('[');
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        item(out, i);
    }
    out.push(']');
}

fn write_item(out: &mut String, t: Type, data: &Data, i: usize) {
    match data {
        // Avoid building a Scalar (and cloning a symbol) per item.
        Data::Sym(v) => write_sym(out, v.get(i)),
        _ => write_atom(out, t, &data.get(i)),
    }
}

fn write_atom(out: &mut String, t: Type, s: &Scalar) {
    if is_null(t, s) {
        out.push_str("null");
        return;
    }
    match (t, s) {
        (Type::Boolean, Scalar::U8(b)) => out.push_str(if *b != 0 { "true" } else { "false" }),
        (Type::Byte, Scalar::U8(b)) => {
            let _ = write!(out, "{b}");
        }
        (Type::Char, Scalar::U8(c)) => {
            write_string(out, &String::from_utf8_lossy(std::slice::from_ref(c)));
        }
        // Debug is the shortest text that reads back exactly, with an
        // exponent for very large or small magnitudes: valid JSON numbers.
        (Type::Real, Scalar::F32(x)) if x.is_finite() => {
            let _ = write!(out, "{x:?}");
        }
        (Type::Float, Scalar::F64(x)) if x.is_finite() => {
            let _ = write!(out, "{x:?}");
        }
        (Type::Short | Type::Int | Type::Long, _) => {
            // Infinities come out as "0W"/"-0W", other values as digits.
            let text = text::atom_string(t, s, DEFAULT_PRECISION);
            if text.contains('W') {
                write_string(out, &text);
            } else {
                out.push_str(&text);
            }
        }
        _ => {
            let text = text::atom_string(t, s, 0);
            if t.is_temporal() && !text.contains(['W', 'w']) {
                write_string(out, &iso_8601(t, &text));
            } else {
                write_string(out, &text);
            }
        }
    }
}

/// q's temporal text with ISO-8601 separators: `2000.01.01D09:30` becomes
/// `2000-01-01T09:30`.
fn iso_8601(t: Type, q_text: &str) -> String {
    match t {
        Type::Timestamp | Type::Month | Type::Date | Type::Datetime => {
            let s = q_text.replacen('D', "T", 1);
            // Only the date part uses dots.
            match s.find('T') {
                Some(p) => s[..p].replace('.', "-") + &s[p..],
                None => s.replace('.', "-"),
            }
        }
        _ => q_text.to_owned(),
    }
}

fn write_dict(out: &mut String, d: &Dict) {
    match (&d.keys, &d.values) {
        (K::Table(k), K::Table(v)) => write_rows(out, &[k, v], k.rows()),
        (K::Vector(keys), values) if keys.ty == Type::Symbol => {
            let Data::Sym(names) = &keys.data else {
                return;
            };
            out.push('{');
            for i in 0..names.len() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, &String::from_utf8_lossy(names.get(i)));
                out.push(':');
                write_list_item(out, values, i);
            }
            out.push('}');
        }
        (keys, values) => write_array(out, keys.count(), |out, i| {
            out.push('[');
            write_list_item(out, keys, i);
            out.push(',');
            write_list_item(out, values, i);
            out.push(']');
        }),
    }
}

/// Item `i` of a list-like value (`null` when out of range).
fn write_list_item(out: &mut String, x: &K, i: usize) {
    match x {
        K::Vector(v) if i < v.len() => write_item(out, v.ty, &v.data, i),
        K::List(l) if i < l.items.len() => write_value(out, &l.items[i]),
        K::Enum(e) if i < e.values.len() => write_sym(out, e.values.get(i)),
        K::Table(t) if i < t.rows() => write_rows_range(out, &[t], i),
        _ => out.push_str("null"),
    }
}

/// Rows of one table, or of a key table and a value table side by side.
fn write_rows(out: &mut String, parts: &[&Table], rows: usize) {
    write_array(out, rows, |out, r| write_rows_range(out, parts, r));
}

/// Row `r` as an object.
fn write_rows_range(out: &mut String, parts: &[&Table], r: usize) {
    out.push('{');
    let mut first = true;
    for t in parts {
        for (c, col) in t.cols.iter().enumerate() {
            if !first {
                out.push(',');
            }
            first = false;
            write_string(out, &super::console::column_name(&t.names, c));
            out.push(':');
            write_list_item(out, col, r);
        }
    }
    out.push('}');
}

/// Appends a JSON string literal.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::{INF_LONG, NULL_LONG, null_float};

    #[test]
    fn atoms() {
        assert_eq!(render(&K::long(42)), "42\n");
        assert_eq!(render(&K::long(NULL_LONG)), "null\n");
        assert_eq!(render(&K::long(INF_LONG)), "\"0W\"\n");
        assert_eq!(render(&K::long(-INF_LONG)), "\"-0W\"\n");
        assert_eq!(render(&K::float(0.1)), "0.1\n");
        assert_eq!(render(&K::float(2.0)), "2.0\n");
        assert_eq!(render(&K::float(1e-8)), "1e-8\n");
        assert_eq!(render(&K::float(null_float())), "null\n");
        assert_eq!(render(&K::float(f64::NEG_INFINITY)), "\"-0w\"\n");
        assert_eq!(render(&K::bool(true)), "true\n");
        assert_eq!(render(&K::sym("a\"b")), "\"a\\\"b\"\n");
        assert_eq!(render(&K::date(0)), "\"2000-01-01\"\n");
        assert_eq!(
            render(&K::timestamp(0)),
            "\"2000-01-01T00:00:00.000000000\"\n"
        );
        assert_eq!(render(&K::Nil), "null\n");
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut s = String::new();
        write_string(&mut s, "a\u{1}\n");
        assert_eq!(s, "\"a\\u0001\\n\"");
    }
}
