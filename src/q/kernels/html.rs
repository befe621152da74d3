//! The markup and text helpers of the `.h` namespace (doth.md): HTML
//! elements, escapes for XML and URIs, ISO-8601 text, and tables as XML,
//! CSV and TSV lines.

use crate::k::text::atom_string;
use crate::k::{K, Scalar, Type, qerr};

use super::KResult;
use super::keyed;
use super::list;

/// Digits for floats, as `string` shows them at the default `\P 7`.
const DIGITS: usize = 7;

/// `.h.sc`: the chars `.h.hu` leaves as they are, RFC 1738's safe and
/// extra chars and `.Q.an`.
pub const URI_SAFE: &[u8] =
    b"$-.+!*'(),abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789";

/// `.h.sa`: the style rules of anchors in the web console.
pub const ANCHOR_STYLE: &str =
    "a{text-decoration:none}a:link{color:024C7E}a:visited{color:024C7E}a:active{color:958600}";

/// `.h.sb`: the style rules of the web console's body.
pub const BODY_STYLE: &str = "body{font:10pt verdana;text-align:justify}";

/// `x` wrapped in the element `name`.
fn element(name: &str, x: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(x.len() + 2 * name.len() + 5);
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    out.push(b'>');
    out.extend_from_slice(x);
    out.extend_from_slice(b"</");
    out.extend_from_slice(name.as_bytes());
    out.push(b'>');
    out
}

/// `.h.html x`: a document with body `x` and the console's style rules.
pub fn html(x: K) -> KResult {
    let style = element("style", format!("{ANCHOR_STYLE}{BODY_STYLE}").as_bytes());
    let mut doc = element("head", &style);
    doc.extend_from_slice(&element("body", &text(&x)?));
    Ok(K::string(element("html", &doc)))
}

/// `.h.code x`: the tab-separated segments of `x` joined by blanks, every
/// second one marked up as code.
pub fn code(x: K) -> KResult {
    let s = text(&x)?;
    let mut out = Vec::with_capacity(s.len());
    for (i, seg) in s.split(|&c| c == b'\t').enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        if i % 2 == 1 {
            out.extend_from_slice(&element("code", &element("nobr", seg)));
        } else {
            out.extend_from_slice(seg);
        }
    }
    Ok(K::string(out))
}

/// `.h.text x`: each string of `x` as a paragraph, one a line.
pub fn paragraphs(x: K) -> KResult {
    let mut out = Vec::new();
    for line in list::items(&x) {
        out.extend_from_slice(&element("p", &text(&line)?));
        out.push(b'\n');
    }
    Ok(K::string(out))
}

/// `.h.http x`: `x` with each URL starting `http://` made a link to itself.
pub fn http(x: K) -> KResult {
    let s = text(&x)?;
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(b"http://") {
            let end = s[i..]
                .iter()
                .position(|c| c.is_ascii_whitespace())
                .map_or(s.len(), |p| i + p);
            let url = &s[i..end];
            out.extend_from_slice(b"<a href=\"");
            out.extend_from_slice(url);
            out.extend_from_slice(b"\">");
            out.extend_from_slice(url);
            out.extend_from_slice(b"</a>");
            i = end;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    Ok(K::string(out))
}

/// The text of a string or a char atom, else `'type`.
fn text(x: &K) -> KResult<Vec<u8>> {
    match x {
        K::Atom(Type::Char, Scalar::U8(c)) => Ok(vec![*c]),
        K::Vector(v) if v.ty == Type::Char => Ok(x.as_str_bytes().unwrap_or_default().to_vec()),
        K::List(l) if l.items.is_empty() => Ok(Vec::new()),
        _ => Err(qerr("type")),
    }
}

/// The name of an element: a symbol (or a string).
fn tag(x: &K) -> KResult<Vec<u8>> {
    match x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => Ok(s.as_bytes().to_vec()),
        _ => text(x),
    }
}

/// `string` of a cell: atoms as `string` shows them, strings as they are.
fn cell(x: &K) -> Vec<u8> {
    match x {
        K::Atom(t, s) => atom_string(*t, s, DIGITS).into_bytes(),
        K::Vector(v) if v.ty == Type::Char => x.as_str_bytes().unwrap_or_default().to_vec(),
        K::Enum(e) if e.atom && !e.values.is_empty() => e.values.get(0).to_vec(),
        _ => crate::k::text::one_line(x, DIGITS).into_bytes(),
    }
}

/// `.h.htc[x;y]`: `y` as the content of element `x`.
pub fn htc(x: K, y: K) -> KResult {
    let t = tag(&x)?;
    let mut out = Vec::new();
    out.push(b'<');
    out.extend_from_slice(&t);
    out.push(b'>');
    out.extend_from_slice(&text(&y)?);
    out.extend_from_slice(b"</");
    out.extend_from_slice(&t);
    out.push(b'>');
    Ok(K::string(out))
}

/// The start tag of element `x` with the attributes in dictionary `y`.
fn start_tag(x: &K, y: &K) -> KResult<Vec<u8>> {
    let K::Dict(d) = y else {
        return Err(qerr("type"));
    };
    let mut out = vec![b'<'];
    out.extend_from_slice(&tag(x)?);
    let keys = list::items(&d.keys);
    let vals = list::items(&d.values);
    for (k, v) in keys.iter().zip(&vals) {
        out.push(b' ');
        out.extend_from_slice(&cell(k));
        out.extend_from_slice(b"=\"");
        out.extend_from_slice(&cell(v));
        out.push(b'"');
    }
    out.push(b'>');
    Ok(out)
}

/// `.h.hta[x;y]`: the start tag of element `x` with attributes `y`.
pub fn hta(x: K, y: K) -> KResult {
    Ok(K::string(start_tag(&x, &y)?))
}

/// `.h.htac[x;y;z]`: element `x` with attributes `y` and content `z`.
pub fn htac(args: Vec<K>) -> KResult {
    let mut out = start_tag(&args[0], &args[1])?;
    out.extend_from_slice(&text(&args[2])?);
    out.extend_from_slice(b"</");
    out.extend_from_slice(&tag(&args[0])?);
    out.push(b'>');
    Ok(K::string(out))
}

/// An anchor: a string address quoted, a symbol's text as it is.
fn anchor(attrs: &[u8], x: &K, y: &K) -> KResult {
    let href = match x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => s.as_bytes().to_vec(),
        _ => {
            let mut quoted = vec![b'"'];
            quoted.extend_from_slice(&text(x)?);
            quoted.push(b'"');
            quoted
        }
    };
    let mut out = b"<a ".to_vec();
    out.extend_from_slice(attrs);
    out.extend_from_slice(b"href=");
    out.extend_from_slice(&href);
    out.push(b'>');
    out.extend_from_slice(&text(y)?);
    out.extend_from_slice(b"</a>");
    Ok(K::string(out))
}

/// `.h.ha[x;y]`: an anchor to `x` with text `y`.
pub fn ha(x: K, y: K) -> KResult {
    anchor(b"", &x, &y)
}

/// `.h.hb[x;y]`: an anchor to `x` with text `y`, opening in frame `v`.
pub fn hb(x: K, y: K) -> KResult {
    anchor(b"target=v ", &x, &y)
}

/// Replaces each char of `x` found in `from` by its text in `to`.
fn replace(x: &[u8], from: &[u8], to: &[&str]) -> Vec<u8> {
    let mut out = Vec::with_capacity(x.len());
    for &c in x {
        match from.iter().position(|&f| f == c) {
            Some(i) => out.extend_from_slice(to[i].as_bytes()),
            None => out.push(c),
        }
    }
    out
}

/// `.h.hc x`: `<` escaped as `&lt;`.
pub fn hc(x: K) -> KResult {
    Ok(K::string(replace(&text(&x)?, b"<", &["&lt;"])))
}

/// `.h.xs x`: `&`, `<` and `>` escaped for XML.
pub fn xs(x: K) -> KResult {
    Ok(K::string(replace(
        &text(&x)?,
        b"&<>",
        &["&amp;", "&lt;", "&gt;"],
    )))
}

/// `.h.hr x`: a rule of `-` as long as `x`.
pub fn hr(x: K) -> KResult {
    Ok(K::string(vec![b'-'; x.count()]))
}

/// `.h.nbr x`: `x` in a `nobr` element.
pub fn nbr(x: K) -> KResult {
    htc(K::sym("nobr"), x)
}

/// `.h.pre x`: strings `x` as lines of a `pre` element.
pub fn pre(x: K) -> KResult {
    let mut body = Vec::new();
    for line in list::items(&x) {
        body.extend_from_slice(&text(&line)?);
        body.push(b'\n');
    }
    if let K::Vector(v) = &x
        && v.ty == Type::Char
    {
        // A single string: its chars are the lines.
        body = x
            .as_str_bytes()
            .unwrap_or_default()
            .iter()
            .flat_map(|&c| [c, b'\n'])
            .collect();
    }
    htc(K::sym("pre"), K::string(body))
}

/// `.h.hug[x;y]`: `y` with every char not in `x` written `%xx`.
pub fn hug(x: K, y: K) -> KResult {
    let keep = text(&x)?;
    Ok(K::string(escape_uri(&text(&y)?, &keep)))
}

fn escape_uri(s: &[u8], keep: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if keep.contains(&c) {
            out.push(c);
        } else {
            out.extend_from_slice(format!("%{c:02x}").as_bytes());
        }
    }
    out
}

/// `.h.hu x`: `x` escaped for a URI.
pub fn hu(x: K) -> KResult {
    Ok(K::string(escape_uri(&text(&x)?, URI_SAFE)))
}

/// `.h.uh x`: `%xx` escapes of `x` undone.
pub fn uh(x: K) -> KResult {
    let s = text(&x)?;
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (s[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(K::string(out))
}

/// `.h.iso8601 x`: nanoseconds since 2000.01.01 (or a timestamp) as
/// ISO-8601 text.
pub fn iso8601(x: K) -> KResult {
    let ns = match &x {
        K::Atom(Type::Long | Type::Timestamp | Type::Timespan, Scalar::I64(n)) => *n,
        K::Atom(Type::Int, Scalar::I32(n)) if *n != crate::k::NULL_INT => i64::from(*n),
        K::Atom(Type::Int, _) => crate::k::NULL_LONG,
        K::Atom(..) => return Err(qerr("type")),
        _ => return Err(qerr("rank")),
    };
    if ns == crate::k::NULL_LONG {
        return Ok(K::string(""));
    }
    let p = atom_string(Type::Timestamp, &Scalar::I64(ns), DIGITS).into_bytes();
    let mut p = p;
    for (i, c) in [(4, b'-'), (7, b'-'), (10, b'T')] {
        if let Some(b) = p.get_mut(i) {
            *b = c;
        }
    }
    Ok(K::string(p))
}

/// A table's columns (a keyed table unkeyed), or `'type`.
fn columns(x: &K) -> KResult<(Vec<Vec<u8>>, Vec<K>, usize)> {
    let t = keyed::unkey(x)?;
    let K::Table(t) = &t else {
        return Err(qerr("type"));
    };
    let names = t.names.iter().map(<[u8]>::to_vec).collect();
    Ok((names, t.cols.clone(), t.rows()))
}

/// `.h.xd x`: table `x` as lines of XML.
pub fn xd(x: K) -> KResult {
    let (names, cols, rows) = columns(&x)?;
    let mut lines = vec![K::string("<R>")];
    for r in 0..rows {
        let mut line = b"<r>".to_vec();
        for (n, c) in names.iter().zip(&cols) {
            line.push(b'<');
            line.extend_from_slice(n);
            line.push(b'>');
            line.extend_from_slice(&cell(&list::item(c, r)));
            line.extend_from_slice(b"</");
            line.extend_from_slice(n);
            line.push(b'>');
        }
        line.extend_from_slice(b"</r>");
        lines.push(K::string(line));
    }
    lines.push(K::string("</R>"));
    Ok(K::list(lines))
}

/// The first line of a SpreadsheetML workbook, as `.h.ed` and `.h.edsn` give it.
const WORKBOOK_PROLOGUE: &str = "<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>";

/// `.h.ed x`: table `x` as an Excel (SpreadsheetML) workbook of one
/// sheet, the column names its first row.
pub fn ed(x: K) -> KResult {
    workbook(
        "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:o=\"urn:schemas-microsoft-com:office:office\" \
         xmlns:x=\"urn:schemas-microsoft-com:office:excel\" \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:html=\"http://www.w3.org/TR/REC-html40\">",
        &[(b"Sheet1".as_slice(), x)],
    )
}

/// `.h.edsn x!y`: tables `y` as the sheets, named `x`, of one Excel
/// (SpreadsheetML) workbook.
pub fn edsn(x: K) -> KResult {
    let K::Dict(d) = &x else {
        return Err(qerr("type"));
    };
    if x.is_keyed_table() {
        return Err(qerr("type"));
    }
    let names = list::syms_of(&d.keys)?;
    let sheets: Vec<(&[u8], K)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name, list::item(&d.values, i)))
        .collect();
    workbook(
        "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" \
         xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">",
        &sheets,
    )
}

/// A workbook as q gives it: two strings, the XML prologue and then the
/// whole workbook on one line (doth.md, and `read0` of a saved `.xls` in
/// save.md, show just those two lines).
fn workbook(open: &str, sheets: &[(&[u8], K)]) -> KResult {
    let mut body = open.as_bytes().to_vec();
    for (name, table) in sheets {
        worksheet(&mut body, name, table)?;
    }
    body.extend_from_slice(b"</Workbook>");
    Ok(K::list(vec![K::string(WORKBOOK_PROLOGUE), K::string(body)]))
}

/// One sheet: its header row of column names, then a row per record,
/// numbers as numbers and everything else as escaped text.
fn worksheet(out: &mut Vec<u8>, name: &[u8], x: &K) -> KResult<()> {
    let (names, cols, rows) = columns(x)?;
    let escape = |b: &[u8]| replace(b, b"&<>\"", &["&amp;", "&lt;", "&gt;", "&quot;"]);
    out.extend_from_slice(b"<Worksheet ss:Name=\"");
    out.extend_from_slice(&escape(name));
    out.extend_from_slice(b"\"><Table>");
    let mut row = |cells: Vec<(bool, Vec<u8>)>| {
        out.extend_from_slice(b"<Row>");
        for (number, text) in cells {
            if text.is_empty() {
                out.extend_from_slice(b"<Cell/>");
                continue;
            }
            out.extend_from_slice(if number {
                b"<Cell><Data ss:Type=\"Number\">".as_slice()
            } else {
                b"<Cell><Data ss:Type=\"String\">".as_slice()
            });
            out.extend_from_slice(&escape(&text));
            out.extend_from_slice(b"</Data></Cell>");
        }
        out.extend_from_slice(b"</Row>");
    };
    row(names.iter().map(|n| (false, n.clone())).collect());
    for r in 0..rows {
        row(cols.iter().map(|c| sheet_cell(&list::item(c, r))).collect());
    }
    out.extend_from_slice(b"</Table></Worksheet>");
    Ok(())
}

/// A cell of a sheet: whether it is a number, and its text (empty for a
/// null). Numbers show all their digits, not the console's seven; an
/// infinity is text.
fn sheet_cell(v: &K) -> (bool, Vec<u8>) {
    let K::Atom(t, s) = v else {
        return (false, cell(v));
    };
    if crate::k::is_null(*t, s) {
        return (false, Vec::new());
    }
    match (t, s) {
        (Type::Float, Scalar::F64(f)) if f.is_finite() => (true, f.to_string().into_bytes()),
        (Type::Real, Scalar::F32(f)) if f.is_finite() => (true, f.to_string().into_bytes()),
        (Type::Boolean, Scalar::U8(b)) => (true, vec![b'0' + *b]),
        (Type::Byte, Scalar::U8(b)) => (true, b.to_string().into_bytes()),
        (Type::Short | Type::Int | Type::Long, _) => {
            let text = cell(v);
            (!text.contains(&b'W'), text)
        }
        _ => (false, cell(v)),
    }
}

/// A field of delimited text, quoted (any `"` doubled) when it holds the
/// delimiter or a newline.
fn field(s: Vec<u8>, sep: u8) -> Vec<u8> {
    if !s.iter().any(|&c| c == sep || c == b'\n') {
        return s;
    }
    let mut out = vec![b'"'];
    for c in s {
        if c == b'"' {
            out.push(b'"');
        }
        out.push(c);
    }
    out.push(b'"');
    out
}

/// Lines of table `x` with fields between `sep`; the items of a cell
/// that is a list (not a string) between `sub` when one is given.
fn delimited(x: &K, sep: u8, sub: Option<&[u8]>) -> KResult {
    let (names, cols, rows) = match x {
        // A list of columns gives its rows, with no header (doth.md `.h.cd`).
        K::List(l) if !l.items.is_empty() && l.items.iter().all(|c| !c.is_atom()) => {
            let rows = l.items[0].count();
            if l.items.iter().any(|c| c.count() != rows) {
                return Err(qerr("length"));
            }
            (Vec::new(), l.items.clone(), rows)
        }
        _ => columns(x)?,
    };
    let header = !names.is_empty();
    let join = |fs: Vec<Vec<u8>>| K::string(fs.join(&sep));
    let text = |v: &K| match (sub, v) {
        (Some(d), K::Vector(_) | K::List(_)) if v.type_code() != 10 => {
            list::items(v).iter().map(cell).collect::<Vec<_>>().join(d)
        }
        _ => cell(v),
    };
    let mut lines = Vec::with_capacity(rows + 1);
    if header {
        lines.push(join(names.into_iter().map(|n| field(n, sep)).collect()));
    }
    for r in 0..rows {
        lines.push(join(
            cols.iter()
                .map(|c| field(text(&list::item(c, r)), sep))
                .collect(),
        ));
    }
    Ok(K::list(lines))
}

/// `.h.cd x`: table `x` as CSV lines, the items of list cells joined by
/// `d` (`.h.d`, a string or char).
pub fn cd(x: K, d: &K) -> KResult {
    let sub = match d {
        K::Atom(Type::Char, Scalar::U8(c)) => vec![*c],
        _ => d.as_str_bytes().ok_or_else(|| qerr("type"))?.to_vec(),
    };
    delimited(&x, b',', Some(&sub))
}

/// `.h.td x`: table `x` as tab-separated lines.
pub fn td(x: K) -> KResult {
    delimited(&x, b'\t', None)
}

/// `.h.ty`: MIME types by file extension.
pub fn ty() -> K {
    let pairs: [(&str, &str); 14] = [
        ("htm", "text/html"),
        ("html", "text/html"),
        ("csv", "text/comma-separated-values"),
        ("txt", "text/plain"),
        ("xml", "text/plain"),
        ("xls", "application/msexcel"),
        ("gif", "image/gif"),
        ("png", "image/png"),
        ("jpg", "image/jpeg"),
        ("svg", "image/svg+xml"),
        ("js", "application/javascript"),
        ("css", "text/css"),
        ("json", "application/json"),
        ("pdf", "application/pdf"),
    ];
    K::dict(
        K::sym_list(pairs.iter().map(|(k, _)| *k)),
        K::list(pairs.iter().map(|(_, v)| K::string(v)).collect()),
    )
}

/// The MIME type of extension `x` (`""` when `.h.ty` lacks it).
fn mime(x: &K) -> KResult<Vec<u8>> {
    let K::Atom(Type::Symbol, Scalar::Sym(ext)) = x else {
        return Err(qerr("type"));
    };
    let K::Dict(d) = ty() else {
        return Ok(Vec::new());
    };
    let keys = list::items(&d.keys);
    let vals = list::items(&d.values);
    Ok(keys
        .iter()
        .position(|k| k.as_sym() == Some(ext))
        .map(|i| vals[i].as_str_bytes().unwrap_or_default().to_vec())
        .unwrap_or_default())
}

/// An HTTP response: status `x`, content type `y`, body `z`.
fn response(status: &[u8], ext: &K, body: &[u8]) -> KResult {
    let mut out = b"HTTP/1.1 ".to_vec();
    out.extend_from_slice(status);
    out.extend_from_slice(b"\r\nContent-Type: ");
    out.extend_from_slice(&mime(ext)?);
    out.extend_from_slice(b"\r\nConnection: close\r\nContent-Length: ");
    out.extend_from_slice(body.len().to_string().as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(body);
    Ok(K::string(out))
}

/// `.h.hn[x;y;z]`: an HTTP response with status `x`, content type for
/// extension `y` and body `z`.
pub fn hn(args: Vec<K>) -> KResult {
    response(&text(&args[0])?, &args[1], &text(&args[2])?)
}

/// `.h.hy[x;y]`: `y` as an HTTP 200 response of content type for extension `x`.
pub fn hy(x: K, y: K) -> KResult {
    response(b"200 OK", &x, &text(&y)?)
}

/// `.h.he x`: an HTTP 400 response carrying error text `x`.
pub fn he(x: K) -> KResult {
    let mut body = vec![b'\''];
    body.extend_from_slice(&text(&x)?);
    response(b"400 Bad Request", &K::sym("txt"), &body)
}

/// `.h.hp x`: strings `x` as an HTTP 200 response, in a `pre` element.
pub fn hp(x: K) -> KResult {
    let body = pre(x)?;
    response(
        b"200 OK",
        &K::sym("htm"),
        body.as_str_bytes().unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: KResult) -> String {
        String::from_utf8(x.unwrap().as_str_bytes().unwrap().to_vec()).unwrap()
    }

    #[test]
    fn markup() {
        assert_eq!(s(htc(K::sym("p"), K::string("blah"))), "<p>blah</p>");
        assert_eq!(s(xs(K::string("<a&b>"))), "&lt;a&amp;b&gt;");
        assert_eq!(
            s(hu(K::string("http://www.kx.com"))),
            "http%3a%2f%2fwww.kx.com"
        );
        assert_eq!(
            s(uh(K::string("http%3a%2F%2fwww.kx.com"))),
            "http://www.kx.com"
        );
        assert_eq!(s(iso8601(K::long(100))), "2000-01-01T00:00:00.000000100");
        assert!(htc(K::long(1), K::long(2)).is_err());
        assert_eq!(
            s(hy(K::sym("json"), K::string("[0,1,2]"))),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: 7\r\n\r\n[0,1,2]"
        );
    }
}
