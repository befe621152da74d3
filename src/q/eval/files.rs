//! The file verbs as the evaluator sees them: `read0`, `read1`, `hcount`,
//! `hdel`, `key` on a file symbol, `0:` and `1:`. Which form of `0:` or
//! `1:` is meant follows from the arguments; the text and record work is
//! the kernels' (`kernels/text.rs`), and the files themselves are reached
//! through the `Platform`'s `file` entry.

use crate::k::{Data, K, Scalar, Type, qerr};
use crate::q::kernels::text;

use super::interp::{FileVerb, Interp, R};

/// Whether `x` is a file symbol, `` `:path ``.
pub(crate) fn is_file_sym(x: &K) -> bool {
    matches!(x, K::Atom(Type::Symbol, Scalar::Sym(s)) if s.as_bytes().first() == Some(&b':'))
}

/// A symbol vector of a file symbol and names (`` `:db/t`.d ``) as the one
/// file symbol it spells (`` `:db/t/.d ``); `None` for anything else.
pub(crate) fn file_path_list(x: &K) -> Option<K> {
    let K::Vector(v) = x else { return None };
    let Data::Sym(syms) = &v.data else {
        return None;
    };
    if syms.len() < 2 || syms.get(0).first() != Some(&b':') {
        return None;
    }
    let mut path = syms.get(0).to_vec();
    for name in syms.iter().skip(1) {
        if path.last() != Some(&b'/') {
            path.push(b'/');
        }
        path.extend_from_slice(name);
    }
    Some(K::sym(&path[..]))
}

/// Whether `x` names file contents to read: a file symbol or
/// `(file;offset;length)`.
fn is_file_ref(x: &K) -> bool {
    match x {
        K::List(l) => matches!(l.items.len(), 2 | 3) && is_file_sym(&l.items[0]),
        _ => is_file_sym(x),
    }
}

/// The data argument of a load by `0:` or `1:`, or of `read0` and
/// `read1`: a symbol names a file there, with or without its leading
/// colon (`` `data.csv ``).
fn load_source(y: K) -> K {
    match &y {
        K::Atom(Type::Symbol, Scalar::Sym(s)) if !s.as_bytes().is_empty() && !is_file_sym(&y) => {
            let mut path = b":".to_vec();
            path.extend_from_slice(s.as_bytes());
            K::sym(path.as_slice())
        }
        _ => y,
    }
}

fn file(it: &mut Interp, verb: FileVerb, args: Vec<K>) -> R {
    (it.platform.file)(it, verb, args)
}

/// The bytes of a file reference.
fn read(it: &mut Interp, x: K) -> R {
    if !is_file_ref(&x) {
        return Err(qerr("type").into());
    }
    file(it, FileVerb::Read, vec![x])
}

/// `read0 f`: the lines of a file.
pub(crate) fn read0(it: &mut Interp, x: K) -> R {
    let b = read(it, load_source(x))?;
    Ok(text::lines_value(text::bytes_of(&b)?))
}

/// `read1 f`: the bytes of a file; `read1 h` or `read1 (h;n)` the next
/// bytes of a handle from `` hopen`:fifo://f `` (named-pipes.md).
pub(crate) fn read1(it: &mut Interp, x: K) -> R {
    let handle = match &x {
        K::Atom(..) => x.as_i64(),
        K::Vector(_) | K::List(_) if x.count() == 2 => {
            crate::q::kernels::list::item(&x, 0).as_i64()
        }
        _ => None,
    };
    if handle.is_some_and(|h| i32::try_from(h).is_ok_and(|h| it.files.contains_key(&h))) {
        return file(it, FileVerb::Read, vec![x]);
    }
    read(it, load_source(x))
}

/// `hcount f`: a file's size in bytes.
pub(crate) fn hcount(it: &mut Interp, x: K) -> R {
    if !is_file_sym(&x) {
        return Err(qerr("type").into());
    }
    file(it, FileVerb::Count, vec![x])
}

/// `hdel f`: deletes a file; returns its symbol.
pub(crate) fn hdel(it: &mut Interp, x: K) -> R {
    if !is_file_sym(&x) {
        // hdel is `~:` (parsetrees.md): on anything but a file, `not`.
        return Ok(crate::q::kernels::math::not(&x)?);
    }
    file(it, FileVerb::Delete, vec![x])
}

/// `key f` for a file symbol.
pub(crate) fn key(it: &mut Interp, x: K) -> R {
    file(it, FileVerb::Key, vec![x])
}

/// Text lines from a value or a file reference.
fn with_lines<T>(it: &mut Interp, y: K, f: impl FnOnce(&[&[u8]]) -> R<T>) -> R<T> {
    if is_file_ref(&y) {
        let b = read(it, y)?;
        f(&text::split_lines(text::bytes_of(&b)?))
    } else {
        f(&text::text_lines(&y)?)
    }
}

/// `x 0: y`: writes lines to a file (`` `:f 0: lines ``), prepares a
/// table as delimited text (`csv 0: t`), loads key-value pairs
/// (`"S=;" 0: text`), delimited text (`("SJ";",") 0: x`, or with a
/// header line `("SJ";enlist",") 0: x`) or fixed-width text
/// (`("SJ";3 4) 0: x`).
pub(crate) fn zero_colon(it: &mut Interp, x: K, y: K) -> R {
    if is_file_sym(&x) {
        let bytes = text::line_bytes(&y)?;
        return file(it, FileVerb::Write, vec![x, K::bytes(bytes)]);
    }
    if let K::Atom(Type::Char, Scalar::U8(d)) = x {
        return Ok(text::prepare(d, &y, it.settings.digits())?);
    }
    if let Some(spec) = x.as_str_bytes() {
        let spec = spec.to_vec();
        let bytes = if is_file_ref(&y) { read(it, y)? } else { y };
        let t = match text::bytes_of(&bytes) {
            Ok(b) => b.to_vec(),
            Err(_) => text::text_lines(&bytes)?.join(&b'\n'),
        };
        return Ok(text::key_value(&spec, &t)?);
    }
    let K::List(l) = &x else {
        return Err(qerr("type").into());
    };
    let (letters, how, multiline) = match &l.items[..] {
        [letters, how] => (letters, how, false),
        [letters, how, flag] => (letters, how, embedded_breaks(flag)?),
        _ => return Err(qerr("length").into()),
    };
    let letters = text::spec_letters(letters)?;
    let y = load_source(y);
    let delimited = match how {
        K::Atom(Type::Char, Scalar::U8(d)) => Some((*d, false)),
        K::Vector(v) if v.ty == Type::Char && v.len() == 1 => {
            how.as_str_bytes().map(|b| (b[0], true))
        }
        _ => None,
    };
    match delimited {
        Some((d, header)) if is_file_ref(&y) => {
            let b = read(it, y)?;
            let bytes = text::bytes_of(&b)?;
            Ok(text::load_delimited_bytes(
                &letters, d, header, bytes, multiline,
            )?)
        }
        Some((d, header)) if multiline => with_lines(it, y, |lines| {
            let joined = lines.join(&b'\n');
            Ok(text::load_delimited_bytes(
                &letters, d, header, &joined, true,
            )?)
        }),
        Some((d, header)) => with_lines(it, y, |lines| {
            Ok(text::load_delimited(&letters, d, header, lines)?)
        }),
        None => {
            let widths = crate::q::kernels::list::longs_of(how)?;
            with_lines(it, y, |lines| {
                Ok(text::load_fixed(&letters, &widths, lines)?)
            })
        }
    }
}

/// The third item of a load spec, `0` or `1`: whether quoted fields may
/// hold line breaks.
fn embedded_breaks(flag: &K) -> R<bool> {
    match flag.as_i64() {
        Some(0) => Ok(false),
        Some(1) => Ok(true),
        Some(_) => Err(qerr("domain").into()),
        None => Err(qerr("type").into()),
    }
}

/// `x 1: y`: writes bytes to a file (`` `:f 1: 0x0102 ``; a general list,
/// dict, table or function is written as `set` writes it), or reads
/// binary records (`("ij";4 8) 1: bytes`, the bytes or a file).
pub(crate) fn one_colon(it: &mut Interp, x: K, y: K) -> R {
    // `(file;lbs;alg;lvl)` writes compressed (file-binary.md).
    let compressed_target =
        matches!(&x, K::List(l) if l.items.len() == 4 && is_file_sym(&l.items[0]));
    if is_file_sym(&x) || compressed_target {
        // Structures are written whole, to be read back with `get`.
        let structured = match &y {
            K::List(l) => !l.items.is_empty(),
            K::Dict(_) | K::Table(_) | K::Func(_) => true,
            _ => false,
        };
        if structured {
            return file(it, FileVerb::Set, vec![x, y]);
        }
        let bytes = text::raw_bytes(&y)?;
        return file(it, FileVerb::Write, vec![x, K::bytes(bytes)]);
    }
    let K::List(l) = &x else {
        return Err(qerr("type").into());
    };
    let [first, second] = &l.items[..] else {
        return Err(qerr("length").into());
    };
    // The widths given first read the fields big-endian.
    let big_endian = first.type_code().abs() != Type::Char as i16;
    let (letters, widths) = if big_endian {
        (second, first)
    } else {
        (first, second)
    };
    let letters = text::spec_letters(letters)?;
    let widths = crate::q::kernels::list::longs_of(widths)?;
    let y = load_source(y);
    let bytes = if is_file_ref(&y) { read(it, y)? } else { y };
    Ok(text::load_binary(
        &letters,
        &widths,
        text::bytes_of(&bytes)?,
        big_endian,
    )?)
}

/// The file a `save`/`load` argument names, and the variable: `` `t `` is
/// the file `` `:t `` and the variable `t`; `` `:dir/t.csv `` the file as
/// given and the variable `t`.
fn save_target(x: &K) -> R<(String, String)> {
    let s = x.as_sym().ok_or_else(|| qerr("type"))?;
    let text = s.to_str_lossy();
    let path = text.strip_prefix(':').unwrap_or(&text).to_string();
    let base = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let var = base.split('.').next().unwrap_or("").to_string();
    if var.is_empty() {
        return Err(qerr("type").into());
    }
    Ok((path, var))
}

fn file_sym(path: &str) -> K {
    K::sym(format!(":{path}").as_str())
}

/// `save x`: writes the global `x` to the file of that name; a `.csv`,
/// `.txt` or `.psv` name is written as delimited text, an `.xml`, `.xls`
/// or `.json` one in that format. Returns the file.
pub(crate) fn save(it: &mut Interp, x: K) -> R {
    if let K::Vector(_) = x {
        return each_name(it, x, save);
    }
    let (path, var) = save_target(&x)?;
    let v = it.get_var(&var)?;
    let f = file_sym(&path);
    let lines = match path.rsplit_once('.').map(|(_, e)| e) {
        Some("csv") => text::prepare(b',', &v, it.settings.digits())?,
        Some("txt") => text::prepare(b'\t', &v, it.settings.digits())?,
        Some("psv") => text::prepare(b'|', &v, it.settings.digits())?,
        // The other text formats are `.h.tx`'s (save.md): XML, Excel and
        // JSON lines.
        Some(ext @ ("xml" | "xls" | "json")) => {
            let formats = it.lookup_global(".h.tx").ok_or_else(|| qerr(".h.tx"))?;
            let format = it.index(&formats, vec![K::sym(ext)])?;
            it.apply(&format, vec![v])?
        }
        _ => {
            file(it, FileVerb::Set, vec![f.clone(), v])?;
            return Ok(f);
        }
    };
    file(
        it,
        FileVerb::Write,
        vec![f.clone(), K::bytes(text::line_bytes(&lines)?)],
    )?;
    Ok(f)
}

/// `load x`: reads the file named into the global of that name; returns
/// the name.
pub(crate) fn load(it: &mut Interp, x: K) -> R {
    if let K::Vector(_) = x {
        return each_name(it, x, load);
    }
    let (path, var) = save_target(&x)?;
    it.check_global_update(&var)?;
    let v = file(it, FileVerb::Get, vec![file_sym(&path)])?;
    it.set_global(&var, v);
    Ok(K::sym(var.as_str()))
}

/// `rsave x`: splays the table `x` to the directory of that name.
pub(crate) fn rsave(it: &mut Interp, x: K) -> R {
    let (path, var) = save_target(&x)?;
    let v = it.get_var(&var)?;
    let f = file_sym(&format!("{}/", path.trim_end_matches('/')));
    file(it, FileVerb::Set, vec![f.clone(), v])?;
    Ok(f)
}

/// `rload x`: reads the splayed table in the directory of that name.
pub(crate) fn rload(it: &mut Interp, x: K) -> R {
    let (path, var) = save_target(&x)?;
    it.check_global_update(&var)?;
    let v = file(it, FileVerb::Get, vec![file_sym(&path)])?;
    it.set_global(&var, v);
    Ok(K::sym(var.as_str()))
}

/// A `save`/`load` over each name of a symbol vector.
fn each_name(it: &mut Interp, x: K, f: fn(&mut Interp, K) -> R) -> R {
    let K::Vector(v) = &x else {
        return Err(qerr("type").into());
    };
    if v.ty != Type::Symbol {
        return Err(qerr("type").into());
    }
    let mut out = Vec::with_capacity(v.len());
    for i in 0..v.len() {
        out.push(f(it, v.item(i))?);
    }
    Ok(crate::q::kernels::list::from_items(out))
}
