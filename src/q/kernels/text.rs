//! Text and binary records, the pure half of q's file verbs: lines of a
//! file (`read0`), lines to write (`` `:f 0: lines ``), tables prepared as
//! delimited text (`csv 0: t`), delimited and fixed-width text loaded by
//! type letters (`("SJF";enlist",") 0: x`, `("SJ";3 4) 0: x`), key-value
//! pairs (`"S=;" 0: x`), fixed-size binary records (`("ij";4 8) 1: x`),
//! and the bytes `1:` writes. Reading and writing the files themselves is
//! the system layer's.
//!
//! Loading follows q's rules for each letter: `B X H I J E F C S P M D Z N
//! U V T G` read a field as Tok (`"J"$`) does, `*` keeps it as a string, a
//! blank skips the column. An empty field is the type's null (`0b`, `0x00`
//! and `" "` for the types without one). A field may be enclosed in double
//! quotes, with `""` for a quote inside. Every row must have one field per
//! letter, else `'length`.

use std::borrow::Cow;

use crate::k::text::{one_line, write_atom_string};
use crate::k::{Data, K, QError, Scalar, SymVec, Type, null_scalar, qerr};
use crate::q::syntax::literal::parse_atom;

use super::KResult;

// ---------------------------------------------------------------- lines

/// The lines of `bytes`: split at `\n`, a `\r` before it dropped, and no
/// empty line after a final `\n`.
pub fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(bytes.len() / 32 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes) {
        out.push(strip_cr(&bytes[start..end]));
        start = end + 1;
    }
    if start < bytes.len() {
        out.push(strip_cr(&bytes[start..]));
    }
    out
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `read0`: the lines of `bytes` as a list of strings.
pub fn lines_value(bytes: &[u8]) -> K {
    K::list(split_lines(bytes).into_iter().map(K::string).collect())
}

/// The lines of a text value: a string is split at newlines, a list of
/// strings is its items (a char atom is a one-character line).
pub fn text_lines(x: &K) -> KResult<Vec<&[u8]>> {
    if let Some(b) = x.as_str_bytes() {
        return Ok(split_lines(b));
    }
    match x {
        K::List(l) => l
            .items
            .iter()
            .map(|i| line_of(i).ok_or_else(|| qerr("type")))
            .collect(),
        _ => Err(qerr("type")),
    }
}

fn line_of(x: &K) -> Option<&[u8]> {
    match x {
        K::Atom(Type::Char, Scalar::U8(c)) => Some(std::slice::from_ref(c)),
        _ => x.as_str_bytes(),
    }
}

/// The bytes `` `:f 0: lines `` writes: each line and a newline. A single
/// string is one line.
pub fn line_bytes(x: &K) -> KResult<Vec<u8>> {
    let lines: Vec<&[u8]> = match x {
        K::List(l) => l
            .items
            .iter()
            .map(|i| line_of(i).ok_or_else(|| qerr("type")))
            .collect::<KResult<_>>()?,
        _ => vec![line_of(x).ok_or_else(|| qerr("type"))?],
    };
    let mut out = Vec::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for l in lines {
        out.extend_from_slice(l);
        out.push(b'\n');
    }
    Ok(out)
}

/// The bytes `` `:f 1: x `` writes: the items of a simple vector (or an
/// atom) as they are stored, little-endian.
pub fn raw_bytes(x: &K) -> KResult<Vec<u8>> {
    let data = match x {
        K::Vector(v) => Cow::Borrowed(&v.data),
        K::Atom(t, s) => {
            let mut d = Data::with_capacity(*t, 1);
            d.push(s);
            Cow::Owned(d)
        }
        K::List(l) if l.items.is_empty() => return Ok(Vec::new()),
        _ => return Err(qerr("type")),
    };
    Ok(match &*data {
        Data::U8(v) => v.clone(),
        Data::Guid(v) => v.iter().flatten().copied().collect(),
        Data::I16(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Data::I32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Data::I64(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Data::F32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Data::F64(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Data::Sym(_) => return Err(qerr("type")),
    })
}

// ---------------------------------------------------------------- prepare

/// `d 0: t`: a table as delimited text, a header line of column names then
/// one line per row. Cells are q's `string` of each item (nulls empty,
/// floats at `precision` digits); a string cell is its text; a cell
/// holding the delimiter, a double quote or a line break is quoted, with
/// inner quotes doubled. A keyed table gives its key columns first.
pub fn prepare(delim: u8, x: &K, precision: usize) -> KResult {
    let (names, cols): (Vec<&[u8]>, Vec<&K>) = match x {
        K::Table(t) => (t.names.iter().collect(), t.cols.iter().collect()),
        K::Dict(d) => match (&d.keys, &d.values) {
            (K::Table(k), K::Table(v)) => (
                k.names.iter().chain(v.names.iter()).collect(),
                k.cols.iter().chain(v.cols.iter()).collect(),
            ),
            _ => return Err(qerr("type")),
        },
        // A list of columns gives its rows, with no header (file-text.md).
        K::List(l) if !l.items.is_empty() && l.items.iter().all(|c| !c.is_atom()) => {
            let n = l.items[0].count();
            if l.items.iter().any(|c| c.count() != n) {
                return Err(qerr("length"));
            }
            (Vec::new(), l.items.iter().collect())
        }
        _ => return Err(qerr("type")),
    };
    // Each column must be a vector or a list of strings (or chars).
    let textual = |c: &&K| match c {
        K::List(l) => l
            .items
            .iter()
            .all(|s| s.type_code().abs() == Type::Char as i16),
        _ => !c.is_atom(),
    };
    if !cols.iter().all(textual) {
        return Err(qerr("type"));
    }
    let rows = cols.first().map_or(0, |c| c.count());
    let mut out = Vec::with_capacity(rows + 1);
    let mut line = Vec::new();
    if !names.is_empty() {
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                line.push(delim);
            }
            push_field(&mut line, n, delim);
        }
        out.push(K::string(&line));
    }
    let mut cell = String::new();
    for r in 0..rows {
        line.clear();
        for (i, c) in cols.iter().enumerate() {
            if i > 0 {
                line.push(delim);
            }
            cell.clear();
            cell_text(&mut cell, c, r, precision);
            push_field(&mut line, cell.as_bytes(), delim);
        }
        out.push(K::string(&line));
    }
    Ok(K::list(out))
}

/// Appends the text of item `i` of a column.
fn cell_text(out: &mut String, col: &K, i: usize, precision: usize) {
    match col {
        K::Vector(v) if i < v.len() => write_atom_string(out, v.ty, &v.data.get(i), precision),
        K::Enum(e) if i < e.values.len() => out.push_str(&e.values.sym(i).to_str_lossy()),
        K::List(l) => match l.items.get(i) {
            Some(K::Atom(t, s)) => write_atom_string(out, *t, s, precision),
            Some(x @ K::Vector(v)) if v.ty == Type::Char => out.push_str(&String::from_utf8_lossy(
                x.as_str_bytes().unwrap_or_default(),
            )),
            Some(x) => out.push_str(&one_line(x, precision)),
            None => {}
        },
        _ => {}
    }
}

/// A field of delimited text: quoted, with any `"` doubled, only when it
/// holds the delimiter or a line break; a lone `"` goes out as it is.
fn push_field(line: &mut Vec<u8>, field: &[u8], delim: u8) {
    if field
        .iter()
        .any(|&c| c == delim || c == b'\n' || c == b'\r')
    {
        line.push(b'"');
        for &c in field {
            if c == b'"' {
                line.push(b'"');
            }
            line.push(c);
        }
        line.push(b'"');
    } else {
        line.extend_from_slice(field);
    }
}

// ---------------------------------------------------------------- columns

/// One column being loaded: what a type letter reads fields into.
enum Column {
    /// A blank letter: the field is read past.
    Skip,
    /// `*`: each field as a string.
    Strings(Vec<K>),
    /// A simple type.
    Typed(Type, Data),
}

impl Column {
    fn new(letter: u8, rows: usize) -> KResult<Column> {
        Ok(match letter {
            b' ' => Column::Skip,
            b'*' => Column::Strings(Vec::with_capacity(rows)),
            _ => {
                let t = letter_type(letter.to_ascii_lowercase()).ok_or_else(|| qerr("type"))?;
                Column::Typed(t, Data::with_capacity(t, rows))
            }
        })
    }

    /// Reads one field. `trim` drops blanks around symbols (fixed width).
    fn push(&mut self, f: &[u8], trim: bool) {
        match self {
            Column::Skip => {}
            Column::Strings(v) => v.push(K::string(f)),
            Column::Typed(t, d) => push_typed(*t, d, f, trim),
        }
    }

    fn finish(self) -> Option<K> {
        match self {
            Column::Skip => None,
            Column::Strings(v) => Some(K::list(v)),
            Column::Typed(t, d) => Some(K::vector(t, d)),
        }
    }
}

/// The type of a load letter (lower case), as in casts: `j` long.
fn letter_type(c: u8) -> Option<Type> {
    Type::from_letter(c)
}

fn push_typed(t: Type, d: &mut Data, f: &[u8], trim: bool) {
    match (t, &mut *d) {
        (Type::Symbol, Data::Sym(v)) => return v.push(if trim { trim_blanks(f) } else { f }),
        (Type::Char, Data::U8(v)) => return v.push(f.first().copied().unwrap_or(b' ')),
        (Type::Long, Data::I64(v)) => {
            if let Some(x) = fast_int(f) {
                return v.push(x);
            }
        }
        (Type::Int, Data::I32(v)) => {
            if let Some(x) = fast_int(f) {
                return v.push(i32::try_from(x).unwrap_or(crate::k::NULL_INT));
            }
        }
        (Type::Float, Data::F64(v)) => {
            if let Some(x) = fast_float(f) {
                return v.push(x);
            }
        }
        (Type::Real, Data::F32(v)) => {
            if let Some(x) = fast_float(f) {
                return v.push(x as f32);
            }
        }
        _ => {}
    }
    let s = if f.is_empty() {
        null_scalar(t)
    } else {
        match parse_atom(t, f) {
            K::Atom(_, s) => s,
            _ => null_scalar(t),
        }
    };
    d.push(&s);
}

fn trim_blanks(f: &[u8]) -> &[u8] {
    let start = f.iter().position(|c| *c != b' ').unwrap_or(f.len());
    let end = f.iter().rposition(|c| *c != b' ').map_or(start, |e| e + 1);
    &f[start..end]
}

/// Plain decimal digits with an optional minus, short enough not to
/// overflow; anything else goes to Tok.
fn fast_int(f: &[u8]) -> Option<i64> {
    let (neg, digits) = match f.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, f),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut v: i64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as i64;
    }
    Some(if neg { -v } else { v })
}

/// Decimal text (`1.5`, `-2`, `3e-5`); anything else goes to Tok.
fn fast_float(f: &[u8]) -> Option<f64> {
    if let Some(x) = exact_decimal(f) {
        return Some(x);
    }
    if f.is_empty()
        || !f
            .iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    std::str::from_utf8(f).ok()?.parse().ok()
}

/// `[-]digits[.digits]` with at most 15 digits: the digits as an integer
/// and a power of ten are both exact in a double, so one division gives
/// the correctly rounded value (Clinger's fast path).
fn exact_decimal(f: &[u8]) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let (neg, body) = match f.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, f),
    };
    let mut m: u64 = 0;
    let mut digits = 0;
    let mut frac: Option<usize> = None;
    for &c in body {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + (c - b'0') as u64;
                digits += 1;
                if let Some(n) = &mut frac {
                    *n += 1;
                }
            }
            b'.' if frac.is_none() => frac = Some(0),
            _ => return None,
        }
        if digits > 15 {
            return None;
        }
    }
    if digits == 0 {
        return None;
    }
    let v = m as f64 / POW10[frac.unwrap_or(0)];
    Some(if neg { -v } else { v })
}

// ---------------------------------------------------------------- delimited

/// Splits a delimited line into fields, unquoting fields that start with
/// a double quote.
fn split_fields<'a>(line: &'a [u8], delim: u8, out: &mut Vec<Cow<'a, [u8]>>) {
    out.clear();
    if memchr::memchr(b'"', line).is_none() {
        let mut start = 0;
        for end in memchr::memchr_iter(delim, line) {
            out.push(Cow::Borrowed(&line[start..end]));
            start = end + 1;
        }
        out.push(Cow::Borrowed(&line[start..]));
        return;
    }
    let mut i = 0;
    loop {
        if line.get(i) == Some(&b'"') {
            let mut field = Vec::new();
            i += 1;
            while i < line.len() {
                match line[i] {
                    b'"' if line.get(i + 1) == Some(&b'"') => {
                        field.push(b'"');
                        i += 2;
                    }
                    b'"' => {
                        i += 1;
                        break;
                    }
                    c => {
                        field.push(c);
                        i += 1;
                    }
                }
            }
            // Text after the closing quote, up to the delimiter, is kept.
            let end = memchr::memchr(delim, &line[i..]).map_or(line.len(), |p| i + p);
            field.extend_from_slice(&line[i..end]);
            out.push(Cow::Owned(field));
            i = end;
        } else {
            let end = memchr::memchr(delim, &line[i..]).map_or(line.len(), |p| i + p);
            out.push(Cow::Borrowed(&line[i..end]));
            i = end;
        }
        if i >= line.len() {
            break;
        }
        i += 1; // the delimiter
        if i == line.len() {
            out.push(Cow::Borrowed(&line[i..]));
            break;
        }
    }
}

/// The type letters of a load spec: a string or a char atom.
pub fn spec_letters(x: &K) -> KResult<Vec<u8>> {
    match x {
        K::Atom(Type::Char, Scalar::U8(c)) => Ok(vec![*c]),
        _ => x
            .as_str_bytes()
            .map(<[u8]>::to_vec)
            .ok_or_else(|| qerr("type")),
    }
}

/// `(letters;delim) 0: lines`: delimited text loaded by type letters.
/// With `header`, the first line names the columns and the result is a
/// table; otherwise the result is the list of columns.
pub fn load_delimited(letters: &[u8], delim: u8, header: bool, lines: &[&[u8]]) -> KResult {
    let mut load = Load::new(letters, delim, header, lines.len())?;
    let mut fields = Vec::with_capacity(letters.len());
    for line in lines {
        split_fields(line, delim, &mut fields);
        load.row(&fields)?;
    }
    load.finish()
}

/// [`load_delimited`] on the bytes of a whole file, read in one pass. With
/// `multiline` (q's flag `1`), a quoted field may hold line breaks.
pub fn load_delimited_bytes(
    letters: &[u8],
    delim: u8,
    header: bool,
    bytes: &[u8],
    multiline: bool,
) -> KResult {
    let rows = memchr::memchr_iter(b'\n', bytes).count() + 1;
    let mut load = Load::new(letters, delim, header, rows)?;
    let mut fields: Vec<Cow<[u8]>> = Vec::with_capacity(letters.len());
    let mut field_start = 0;
    let mut skip_to = 0;
    for p in memchr::memchr3_iter(delim, b'\n', b'"', bytes) {
        if p < skip_to {
            continue;
        }
        match bytes[p] {
            b'\n' => {
                fields.push(Cow::Borrowed(strip_cr(&bytes[field_start..p])));
                load.row(&fields)?;
                fields.clear();
                field_start = p + 1;
            }
            b'"' => {
                // A quoted field: this line is split the slow way.
                let line_start = p - bytes[..p].iter().rev().take_while(|c| **c != b'\n').count();
                let end = if multiline {
                    record_end(bytes, p)
                } else {
                    memchr::memchr(b'\n', &bytes[p..]).map_or(bytes.len(), |e| p + e)
                };
                split_fields(strip_cr(&bytes[line_start..end]), delim, &mut fields);
                load.row(&fields)?;
                fields.clear();
                field_start = (end + 1).min(bytes.len());
                skip_to = end + 1;
            }
            _ => {
                fields.push(Cow::Borrowed(&bytes[field_start..p]));
                field_start = p + 1;
            }
        }
    }
    if field_start < bytes.len() {
        fields.push(Cow::Borrowed(strip_cr(&bytes[field_start..])));
        load.row(&fields)?;
    }
    load.finish()
}

/// Where the record holding the opening quote at `quote` ends: the first
/// line break outside quotes, or the end of the bytes.
fn record_end(bytes: &[u8], quote: usize) -> usize {
    let mut quoted = false;
    for p in memchr::memchr2_iter(b'"', b'\n', &bytes[quote..]) {
        match bytes[quote + p] {
            b'"' => quoted = !quoted,
            _ if !quoted => return quote + p,
            _ => {}
        }
    }
    bytes.len()
}

/// Delimited text being loaded, row by row.
struct Load<'l> {
    letters: &'l [u8],
    header: bool,
    names: Option<SymVec>,
    cols: Vec<Column>,
}

impl<'l> Load<'l> {
    fn new(letters: &'l [u8], _delim: u8, header: bool, rows: usize) -> KResult<Load<'l>> {
        let cols = letters
            .iter()
            .map(|&c| Column::new(c, rows))
            .collect::<KResult<Vec<_>>>()?;
        Ok(Load {
            letters,
            header,
            names: None,
            cols,
        })
    }

    /// One line's fields. Fields beyond the type letters are ignored, as
    /// q ignores them; a blank line is a row of nulls, and another line
    /// with fewer fields than letters is `'length`.
    fn row(&mut self, fields: &[Cow<[u8]>]) -> KResult<()> {
        if let [only] = fields
            && only.is_empty()
            && self.cols.len() > 1
            && (!self.header || self.names.is_some())
        {
            // A blank line is a row of nulls (as at the end of many files).
            for c in self.cols.iter_mut() {
                c.push(b"", false);
            }
            return Ok(());
        }
        if fields.len() < self.cols.len() {
            return Err(qerr("length"));
        }
        let fields = &fields[..self.cols.len()];
        if self.header && self.names.is_none() {
            let mut names = SymVec::with_capacity(fields.len(), 8 * fields.len());
            for (f, &c) in fields.iter().zip(self.letters) {
                if c != b' ' {
                    names.push(trim_blanks(f));
                }
            }
            self.names = Some(names);
            return Ok(());
        }
        for (c, f) in self.cols.iter_mut().zip(fields) {
            c.push(f, false);
        }
        Ok(())
    }

    fn finish(self) -> KResult {
        let cols: Vec<K> = self.cols.into_iter().filter_map(Column::finish).collect();
        Ok(match (self.header, self.names) {
            (true, Some(n)) => K::table(n, cols),
            (true, None) => return Err(qerr("length")),
            (false, _) => K::list(cols),
        })
    }
}

/// `(letters;widths) 0: lines`: fixed-width text, each line cut into
/// fields of the given widths. Lines shorter than the widths are
/// `'length`; symbols lose the blanks that pad them.
pub fn load_fixed(letters: &[u8], widths: &[i64], lines: &[&[u8]]) -> KResult {
    if letters.len() != widths.len() {
        return Err(qerr("length"));
    }
    if widths.iter().any(|w| *w < 0) {
        return Err(qerr("domain"));
    }
    let total = widths
        .iter()
        .try_fold(0usize, |a, w| a.checked_add(*w as usize))
        .ok_or_else(|| qerr("length"))?;
    let mut cols = letters
        .iter()
        .map(|&c| Column::new(c, lines.len()))
        .collect::<KResult<Vec<_>>>()?;
    for line in lines {
        if line.len() < total {
            return Err(qerr("length"));
        }
        let mut at = 0;
        for (c, w) in cols.iter_mut().zip(widths) {
            let w = *w as usize;
            c.push(&line[at..at + w], true);
            at += w;
        }
    }
    Ok(K::list(
        cols.into_iter().filter_map(Column::finish).collect(),
    ))
}

/// `"S=;" 0: text`: key-value pairs. The spec is the key type (`S`, `I`
/// or `J`), the separator between key and value, and the separator
/// between pairs. A four-character spec with `*` third lets a value in
/// double quotes hold the pair separator (`"S=*,"`); the quotes are
/// dropped. The result is (keys;values), values as strings.
pub fn key_value(spec: &[u8], text: &[u8]) -> KResult {
    let (kt, fsep, quoted, rsep) = match spec {
        [k, f, r] => (*k, *f, false, *r),
        [k, f, q, r] => (*k, *f, *q == b'*', *r),
        _ => return Err(qerr("length")),
    };
    let t = match kt {
        b'S' => Type::Symbol,
        b'I' => Type::Int,
        b'J' => Type::Long,
        _ => return Err(qerr("type")),
    };
    let mut keys = Column::Typed(t, Data::empty(t));
    let mut values = Vec::new();
    let is_rsep = |c: u8| c == rsep || c == b'\n';
    let mut i = 0;
    while i < text.len() {
        if is_rsep(text[i]) {
            i += 1;
            continue;
        }
        let key_end = (i..text.len())
            .find(|&j| text[j] == fsep || is_rsep(text[j]))
            .unwrap_or(text.len());
        keys.push(&text[i..key_end], true);
        i = key_end;
        if i == text.len() || text[i] != fsep {
            values.push(K::string(b""));
            continue;
        }
        i += 1;
        if quoted && text.get(i) == Some(&b'"') {
            let close = memchr::memchr(b'"', &text[i + 1..]).map_or(text.len(), |p| i + 1 + p);
            values.push(K::string(&text[i + 1..close]));
            i = (close + 1).min(text.len());
            while i < text.len() && !is_rsep(text[i]) {
                i += 1;
            }
        } else {
            let end = (i..text.len())
                .find(|&j| is_rsep(text[j]))
                .unwrap_or(text.len());
            values.push(K::string(&text[i..end]));
            i = end;
        }
    }
    Ok(K::list(vec![
        keys.finish().unwrap_or_else(|| K::empty(t)),
        K::list(values),
    ]))
}

// ---------------------------------------------------------------- binary

/// `(letters;widths) 1: bytes`: fixed-size binary records. Letters are
/// lower case (`b x h i j e f c s p m d z n u v t g`, `*` for a string,
/// blank to skip); each width must be its type's size (any width for `s`,
/// whose text ends at the first NUL, and for `*`). Fields are little-endian,
/// or big-endian when q is given the widths first (`big_endian`). Bytes
/// past the last whole record are ignored.
pub fn load_binary(letters: &[u8], widths: &[i64], bytes: &[u8], big_endian: bool) -> KResult {
    if letters.len() != widths.len() {
        return Err(qerr("length"));
    }
    let mut fields = Vec::with_capacity(letters.len());
    for (&c, &w) in letters.iter().zip(widths) {
        if w < 0 {
            return Err(qerr("domain"));
        }
        let field = match c {
            b' ' => BinaryField::Skip,
            b'*' => BinaryField::Text,
            _ => BinaryField::Typed(letter_type(c).ok_or_else(|| qerr("type"))?),
        };
        if let BinaryField::Typed(t) = field
            && t != Type::Symbol
            && t.width() != w as usize
        {
            return Err(qerr("length"));
        }
        fields.push(field);
    }
    let record = widths
        .iter()
        .try_fold(0usize, |a, w| a.checked_add(*w as usize))
        .ok_or_else(|| qerr("length"))?;
    let n = bytes.len().checked_div(record).unwrap_or(0);
    let mut out = Vec::with_capacity(fields.len());
    let mut at = 0;
    for (field, w) in fields.iter().zip(widths) {
        let w = *w as usize;
        let cells = (0..n).map(|r| &bytes[r * record + at..r * record + at + w]);
        match *field {
            BinaryField::Skip => {}
            BinaryField::Text => out.push(K::list(cells.map(K::string).collect())),
            BinaryField::Typed(t) => out.push(K::vector(t, binary_column(t, cells, big_endian))),
        }
        at += w;
    }
    Ok(K::list(out))
}

/// What one field of a binary record becomes.
#[derive(Clone, Copy)]
enum BinaryField {
    Skip,
    Text,
    Typed(Type),
}

/// One column of binary records: each cell is exactly the type's width.
fn binary_column<'a>(t: Type, cells: impl Iterator<Item = &'a [u8]>, big_endian: bool) -> Data {
    macro_rules! numbers {
        ($variant:ident, $ty:ty) => {
            Data::$variant(
                cells
                    .map(|c| {
                        let b = arr(c);
                        if big_endian {
                            <$ty>::from_be_bytes(b)
                        } else {
                            <$ty>::from_le_bytes(b)
                        }
                    })
                    .collect(),
            )
        };
    }
    match t.storage() {
        crate::k::Storage::U8 => Data::U8(cells.map(|c| c[0]).collect()),
        crate::k::Storage::Guid => {
            Data::Guid(cells.map(|c| c.try_into().unwrap_or([0; 16])).collect())
        }
        crate::k::Storage::I16 => numbers!(I16, i16),
        crate::k::Storage::I32 => numbers!(I32, i32),
        crate::k::Storage::I64 => numbers!(I64, i64),
        crate::k::Storage::F32 => numbers!(F32, f32),
        crate::k::Storage::F64 => numbers!(F64, f64),
        crate::k::Storage::Sym => {
            let mut v = SymVec::with_capacity(0, 0);
            for c in cells {
                v.push(c);
            }
            Data::Sym(v)
        }
    }
}

fn arr<const N: usize>(b: &[u8]) -> [u8; N] {
    b.try_into().unwrap_or([0; N])
}

/// Bytes of a byte or char vector.
pub fn bytes_of(x: &K) -> KResult<&[u8]> {
    match x {
        K::Vector(v) if matches!(v.ty, Type::Byte | Type::Char) => match &v.data {
            Data::U8(b) => Ok(b),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

/// The error for a value of the wrong form.
pub fn type_error() -> QError {
    qerr("type")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::text::DEFAULT_PRECISION;

    fn strings(x: &K) -> Vec<String> {
        match x {
            K::List(l) => l
                .items
                .iter()
                .map(|i| String::from_utf8_lossy(i.as_str_bytes().unwrap()).into_owned())
                .collect(),
            _ => panic!("not a list: {x:?}"),
        }
    }

    fn cols(x: &K) -> Vec<K> {
        match x {
            K::List(l) => l.items.clone(),
            K::Table(t) => t.cols.clone(),
            _ => panic!("not columns: {x:?}"),
        }
    }

    #[test]
    fn lines_split_at_newlines_and_drop_carriage_returns() {
        assert_eq!(
            split_lines(b"a\r\nb\n\nc"),
            vec![&b"a"[..], b"b", b"", b"c"]
        );
        assert_eq!(split_lines(b"a\n"), vec![&b"a"[..]]);
        assert!(split_lines(b"").is_empty());
        assert_eq!(strings(&lines_value(b"x\ny\n")), ["x", "y"]);
    }

    #[test]
    fn lines_to_write_end_in_newlines() {
        let x = K::list(vec![K::string("ab"), K::char(b'c'), K::string("")]);
        assert_eq!(line_bytes(&x).unwrap(), b"ab\nc\n\n");
        assert_eq!(line_bytes(&K::string("one")).unwrap(), b"one\n");
        assert!(line_bytes(&K::list(vec![K::long(1)])).is_err());
    }

    #[test]
    fn raw_bytes_are_little_endian() {
        assert_eq!(raw_bytes(&K::bytes(vec![1, 2])).unwrap(), [1, 2]);
        assert_eq!(raw_bytes(&K::ints(vec![1])).unwrap(), [1, 0, 0, 0]);
        assert_eq!(raw_bytes(&K::short(-1)).unwrap(), [255, 255]);
        assert!(raw_bytes(&K::sym_list(["a"])).is_err());
    }

    #[test]
    fn prepare_quotes_fields_holding_the_delimiter() {
        let t = K::table(
            SymVec::from_iter([&b"a"[..], b"b", b"c"]),
            vec![
                K::longs(vec![1, crate::k::NULL_LONG]),
                K::floats(vec![1.5, crate::k::null_float()]),
                K::list(vec![K::string("x,y"), K::string("say \"hi\"")]),
            ],
        );
        let got = strings(&prepare(b',', &t, DEFAULT_PRECISION).unwrap());
        // Only the delimiter calls for quotes: a cell with `"` alone is bare.
        assert_eq!(got, ["a,b,c", "1,1.5,\"x,y\"", ",,say \"hi\""]);
        let got = strings(&prepare(b'|', &t, DEFAULT_PRECISION).unwrap());
        assert_eq!(got[1], "1|1.5|x,y");
        assert!(prepare(b',', &K::long(1), DEFAULT_PRECISION).is_err());
        // A column that is neither a vector nor a list of strings.
        let mixed = K::table(
            SymVec::from_iter([&b"s"[..]]),
            vec![K::list(vec![
                K::string("ab"),
                K::list(vec![K::string("c")]),
            ])],
        );
        assert!(prepare(b',', &mixed, DEFAULT_PRECISION).is_err());
    }

    #[test]
    fn quoted_fields_are_unquoted() {
        let mut f = Vec::new();
        split_fields(b"\"a,b\",c,\"x\"\"y\"", b',', &mut f);
        assert_eq!(f, vec![&b"a,b"[..], b"c", b"x\"y"]);
        split_fields(b"a,", b',', &mut f);
        assert_eq!(f, vec![&b"a"[..], b""]);
        split_fields(b"\"a\",", b',', &mut f);
        assert_eq!(f, vec![&b"a"[..], b""]);
        split_fields(b"\"open", b',', &mut f);
        assert_eq!(f, vec![&b"open"[..]]);
    }

    #[test]
    fn line_breaks_inside_quotes_need_the_flag() {
        let text = b"s,x\n1,\"a\nb\"\n2,c";
        let t = load_delimited_bytes(b"J*", b',', true, text, true).unwrap();
        let K::Table(tb) = &t else { panic!() };
        assert_eq!(tb.cols[0], K::longs(vec![1, 2]));
        assert_eq!(tb.cols[1], K::list(vec![K::string("a\nb"), K::string("c")]));
        // Without it the quoted field ends with its line, leaving `b"` a
        // row of one field.
        assert!(load_delimited_bytes(b"J*", b',', true, text, false).is_err());
    }

    #[test]
    fn delimited_with_header_is_a_table() {
        let lines: Vec<&[u8]> = vec![b"s,j,f", b"a,1,1.5", b"b,,"];
        let t = load_delimited(b"SJF", b',', true, &lines).unwrap();
        let K::Table(tb) = &t else { panic!() };
        assert_eq!(tb.names.iter().collect::<Vec<_>>(), [b"s", b"j", b"f"]);
        assert_eq!(tb.cols[0], K::sym_list(["a", "b"]));
        assert_eq!(tb.cols[1], K::longs(vec![1, crate::k::NULL_LONG]));
        let K::Vector(f) = &tb.cols[2] else { panic!() };
        assert!(matches!(f.data.get(1), Scalar::F64(x) if x.is_nan()));
    }

    #[test]
    fn delimited_without_header_is_columns_and_skips_blanks() {
        let lines: Vec<&[u8]> = vec![b"a|x|1", b"b|y|2"];
        let c = cols(&load_delimited(b"S I", b'|', false, &lines).unwrap());
        assert_eq!(c, vec![K::sym_list(["a", "b"]), K::ints(vec![1, 2])]);
        let c = cols(&load_delimited(b"**C", b'|', false, &lines).unwrap());
        assert_eq!(c[0], K::list(vec![K::string("a"), K::string("b")]));
        assert_eq!(c[2], K::string("12"));
    }

    #[test]
    fn every_letter_loads() {
        let line: &[u8] =
            b"1,0a,3,4,5,6.5,7.25,c,s,2020.01.02D03:04:05.000000006,2020.01,2020.01.02,\
2020.01.02T03:04:05.006,0D01:02:03.000000004,01:02,01:02:03,01:02:03.004,\
8c680a01-5a49-5aab-5a65-d4bfddb6a661";
        let c = cols(&load_delimited(b"BXHIJEFCSPMDZNUVTG", b',', false, &[line]).unwrap());
        let want = [
            "1b",
            "0x0a",
            "3h",
            "4i",
            "5",
            "6.5e",
            "7.25",
            "\"c\"",
            "`s",
            "2020.01.02D03:04:05.000000006",
            "2020.01m",
            "2020.01.02",
            "2020.01.02T03:04:05.006",
            "0D01:02:03.000000004",
            "01:02",
            "01:02:03",
            "01:02:03.004",
            "8c680a01-5a49-5aab-5a65-d4bfddb6a661",
        ];
        for (c, w) in c.iter().zip(want) {
            let K::Vector(v) = c else { panic!() };
            assert_eq!(v.len(), 1);
            assert_eq!(one_line(&v.item(0), DEFAULT_PRECISION), w);
        }
    }

    #[test]
    fn empty_fields_are_nulls() {
        let line: &[u8] = b",,,,,,,,,,,,,,,,,";
        let c = cols(&load_delimited(b"BXHIJEFCSPMDZNUVTG", b',', false, &[line]).unwrap());
        let shown: Vec<String> = c
            .iter()
            .map(|c| match c {
                K::Vector(v) => one_line(&v.item(0), DEFAULT_PRECISION),
                _ => panic!(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "0b",
                "0x00",
                "0Nh",
                "0Ni",
                "0N",
                "0Ne",
                "0n",
                "\" \"",
                "`",
                "0Np",
                "0Nm",
                "0Nd",
                "0Nz",
                "0Nn",
                "0Nu",
                "0Nv",
                "0Nt",
                "00000000-0000-0000-0000-000000000000"
            ]
        );
    }

    #[test]
    fn too_few_fields_are_length_errors_and_extra_fields_are_ignored() {
        let lines: Vec<&[u8]> = vec![b"a,1", b"b"];
        assert_eq!(
            load_delimited(b"SJ", b',', false, &lines)
                .unwrap_err()
                .msg
                .as_ref(),
            "length"
        );
        // Fields past the letters are ignored, as the KX data loader relies on.
        let lines: Vec<&[u8]> = vec![b"a,1,2", b"b,3"];
        let got = load_delimited(b"SJ", b',', false, &lines).unwrap();
        assert_eq!(
            got,
            K::list(vec![K::sym_list(["a", "b"]), K::longs(vec![1, 3])])
        );
        let lines: Vec<&[u8]> = vec![b"a,b", b"x,1"];
        assert!(load_delimited(b"SJF", b',', true, &lines).is_err());
        // A blank line (the end of many files) is a row of nulls.
        let got = load_delimited_bytes(b"SJ", b',', false, b"a,1\n\nb,2\n", false).unwrap();
        assert_eq!(
            got,
            K::list(vec![
                K::sym_list(["a", "", "b"]),
                K::longs(vec![1, crate::k::NULL_LONG, 2])
            ])
        );
        assert!(load_delimited(b"SQ", b',', false, &[b"a,1"]).is_err());
    }

    #[test]
    fn whole_files_load_as_lines_do() {
        let text: &[u8] = b"s,v\r\na,1\n\"b,c\",2\n\"\"\"q\",3\nd,4";
        let want = load_delimited(b"SJ", b',', true, &split_lines(text)).unwrap();
        assert_eq!(
            load_delimited_bytes(b"SJ", b',', true, text, false).unwrap(),
            want
        );
        assert_eq!(cols(&want)[0], K::sym_list(["a", "b,c", "\"q", "d"]));
        let with_newline = [text, b"\n"].concat();
        assert_eq!(
            load_delimited_bytes(b"SJ", b',', true, &with_newline, false).unwrap(),
            want
        );
        assert!(load_delimited_bytes(b"SJ", b',', true, b"a,b\n1\n", false).is_err());
        assert!(load_delimited_bytes(b"SJ", b',', true, b"", false).is_err());
        assert_eq!(
            load_delimited_bytes(b"SJ", b',', false, b"", false).unwrap(),
            K::list(vec![K::empty(Type::Symbol), K::empty(Type::Long)])
        );
    }

    #[test]
    fn exact_decimals_match_the_standard_parser() {
        for t in [
            "0",
            "1.5",
            "-2.25",
            "121.3",
            "0.1",
            "999999.999999999",
            "1.",
            ".5",
            "-0",
        ] {
            let want: f64 = t.parse().unwrap();
            assert_eq!(
                fast_float(t.as_bytes()).unwrap().to_bits(),
                want.to_bits(),
                "{t}"
            );
        }
        assert_eq!(
            fast_float(b"1234567890.1234567").unwrap(),
            1234567890.1234567
        );
        assert_eq!(fast_float(b"1e3"), Some(1000.0));
        assert_eq!(exact_decimal(b"."), None);
        assert_eq!(exact_decimal(b"1.2.3"), None);
    }

    #[test]
    fn fixed_width_fields() {
        let lines: Vec<&[u8]> = vec![b"ab 1234", b"cde  56"];
        let c = cols(&load_fixed(b"SJ", &[3, 4], &lines).unwrap());
        assert_eq!(
            c,
            vec![K::sym_list(["ab", "cde"]), K::longs(vec![1234, 56])]
        );
        assert!(load_fixed(b"SJ", &[3, 5], &lines).is_err());
        assert!(load_fixed(b"SJ", &[3], &lines).is_err());
    }

    #[test]
    fn key_value_pairs() {
        let r = key_value(b"S=;", b"a=1;b=2").unwrap();
        assert_eq!(
            r,
            K::list(vec![
                K::sym_list(["a", "b"]),
                K::list(vec![K::string("1"), K::string("2")])
            ])
        );
        let r = key_value(b"J:|", b"1:x|2:y|").unwrap();
        assert_eq!(cols(&r)[0], K::longs(vec![1, 2]));
        assert!(key_value(b"S=", b"a=1").is_err());
        // `*` third: a quoted value may hold the pair separator.
        let r = key_value(b"S=*,", b"a=\"x,y\",b=1").unwrap();
        assert_eq!(cols(&r)[0], K::sym_list(["a", "b"]));
        assert_eq!(cols(&r)[1], K::list(vec![K::string("x,y"), K::string("1")]));
        let r = key_value(b"S=;", b"a=\"x;y\"").unwrap();
        assert_eq!(cols(&r)[0], K::sym_list(["a", "y\""]));
        assert!(key_value(b"F=;", b"a=1").is_err());
    }

    #[test]
    fn binary_records() {
        let mut b = Vec::new();
        for (i, j) in [(1i32, 10i64), (-2, 20)] {
            b.extend_from_slice(&i.to_le_bytes());
            b.extend_from_slice(&j.to_le_bytes());
        }
        b.push(9); // part of a record: ignored
        let c = cols(&load_binary(b"ij", &[4, 8], &b, false).unwrap());
        assert_eq!(c, vec![K::ints(vec![1, -2]), K::longs(vec![10, 20])]);
        let c = cols(&load_binary(b" j", &[4, 8], &b, false).unwrap());
        assert_eq!(c, vec![K::longs(vec![10, 20])]);
        assert!(load_binary(b"ij", &[4, 4], &b, false).is_err());
        assert!(load_binary(b"ij", &[4], &b, false).is_err());
        assert_eq!(
            cols(&load_binary(b"", &[], &b, false).unwrap()),
            Vec::<K>::new()
        );
        // Big-endian fields, and `*` cells as strings.
        let c = cols(&load_binary(b"h*", &[2, 3], b"\x00\x01abc\x01\x00def", true).unwrap());
        assert_eq!(c[0], K::shorts(vec![1, 256]));
        assert_eq!(c[1], K::list(vec![K::string("abc"), K::string("def")]));
    }
}
