//! CSV mode: whole results (never truncated) as comma-separated lines for
//! scripts.
//!
//! - A table gives a header line of column names, then one line per row; a
//!   keyed table gives its key columns, then its value columns.
//! - A dictionary gives two columns, `key,value`.
//! - A list gives one item per line, an atom one line; `::` gives nothing.
//!
//! Cells use q's `string` form (no type suffix, nulls empty, `\P` digits).
//! A string cell is its raw text; other nested cells use the `-3!` form.
//! Fields holding a comma, a double quote, CR or LF are quoted as RFC 4180
//! says, with inner quotes doubled. Lines end in `\n`.

use crate::k::text::{self, atom_string};
use crate::k::{K, SymVec, Type};

/// Renders `x` as CSV with float precision `precision` (`\P`).
pub fn render(x: &K, precision: usize) -> String {
    let mut out = String::new();
    match x {
        K::Nil => {}
        K::Table(t) => write_table(&mut out, &[(&t.names, &t.cols)], t.rows(), precision),
        K::Dict(d) => match (&d.keys, &d.values) {
            (K::Table(k), K::Table(v)) => write_table(
                &mut out,
                &[(&k.names, &k.cols), (&v.names, &v.cols)],
                k.rows(),
                precision,
            ),
            (keys, values) => {
                out.push_str("key,value\n");
                for i in 0..keys.count() {
                    write_field(&mut out, &cell(keys, i, precision));
                    out.push(',');
                    write_field(&mut out, &cell(values, i, precision));
                    out.push('\n');
                }
            }
        },
        x if !x.is_atom() => {
            for i in 0..x.count() {
                write_field(&mut out, &cell(x, i, precision));
                out.push('\n');
            }
        }
        atom => {
            write_field(&mut out, &item_text(atom, precision));
            out.push('\n');
        }
    }
    out
}

/// Header and rows of the columns of one or more tables side by side.
fn write_table(out: &mut String, parts: &[(&SymVec, &Vec<K>)], rows: usize, precision: usize) {
    let names = parts.iter().flat_map(|(n, _)| n.iter());
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_field(out, &String::from_utf8_lossy(name));
    }
    out.push('\n');
    let cols: Vec<&K> = parts.iter().flat_map(|(_, c)| c.iter()).collect();
    for r in 0..rows {
        for (i, col) in cols.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_field(out, &cell(col, r, precision));
        }
        out.push('\n');
    }
}

/// The text of item `i` of a list (empty when out of range).
fn cell(list: &K, i: usize, precision: usize) -> String {
    match list {
        K::Vector(v) if i < v.len() => atom_string(v.ty, &v.data.get(i), precision),
        K::Enum(e) if i < e.values.len() => e.values.sym(i).to_str_lossy().into_owned(),
        K::List(l) => l
            .items
            .get(i)
            .map_or_else(String::new, |x| item_text(x, precision)),
        _ => String::new(),
    }
}

/// The text of one value in a cell: `string` for atoms, raw text for
/// strings, `-3!` for anything else.
fn item_text(x: &K, precision: usize) -> String {
    match x {
        K::Atom(t, s) => atom_string(*t, s, precision),
        K::Vector(v) if v.ty == Type::Char => x
            .as_str_bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default(),
        K::Enum(e) if e.atom => e
            .values
            .iter()
            .next()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default(),
        _ => text::one_line(x, precision),
    }
}

/// Appends a field, quoted when it holds a comma, quote, CR or LF.
fn write_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\r', '\n']) {
        out.push('"');
        for c in s.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::text::DEFAULT_PRECISION;

    #[test]
    fn quoting_follows_rfc_4180() {
        let mut s = String::new();
        write_field(&mut s, "a,b");
        s.push('|');
        write_field(&mut s, "say \"hi\"");
        s.push('|');
        write_field(&mut s, "line\nbreak");
        s.push('|');
        write_field(&mut s, "plain");
        assert_eq!(s, "\"a,b\"|\"say \"\"hi\"\"\"|\"line\nbreak\"|plain");
    }

    #[test]
    fn lists_and_atoms() {
        assert_eq!(render(&K::longs(vec![1, 2]), DEFAULT_PRECISION), "1\n2\n");
        assert_eq!(render(&K::float(2.0), DEFAULT_PRECISION), "2\n");
        assert_eq!(render(&K::Nil, DEFAULT_PRECISION), "");
        let l = K::list(vec![K::string("a,b"), K::longs(vec![1, 2])]);
        assert_eq!(render(&l, DEFAULT_PRECISION), "\"a,b\"\n1 2\n");
    }
}
