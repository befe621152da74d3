//! Files: reading, writing, sizing, deleting and listing what a file
//! symbol (`` `:path ``) names, and file handles from `hopen`.
//!
//! Writes go to a temporary file beside the target and are renamed over
//! it once complete, so a failed or interrupted write leaves the old file
//! as it was. Errors name the file as q does:
//! `'path. OS reports: No such file or directory`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use std::rc::Rc;

use crate::k::{Attr, Data, Enumeration, K, QError, Scalar, Sym, SymVec, Type, qerr};

use crate::q::eval::interp::{FileVerb, Interp, R};
use crate::q::kernels::compressed::{self, Params};
use crate::q::kernels::storage::{self, Stored};
use crate::q::kernels::text;

/// The path a file symbol names, without its leading colon.
fn path_of(x: &K) -> Result<PathBuf, QError> {
    match x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => match s.as_bytes().strip_prefix(b":") {
            Some(p) if !p.is_empty() => Ok(PathBuf::from(String::from_utf8_lossy(p).as_ref())),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

/// q's error for a failed file operation.
pub(crate) fn os_error(path: &Path, e: &io::Error) -> QError {
    let reason = crate::ipc::net::os_reason(e);
    qerr(format!("{}. OS reports: {reason}", path.display()))
}

/// Runs the q script in a file, as `\l` does: a `\d` inside it lasts
/// only while it runs.
pub(crate) fn run_script_file(it: &mut Interp, path: &Path) -> Result<(), QError> {
    let bytes = fs::read(path).map_err(|e| os_error(path, &e))?;
    let text = script_text(bytes);
    let namespace = it.namespace.clone();
    let r = it.run_script(&text);
    it.namespace = namespace;
    r.map_err(|e| e.err)
}

/// A script's text. Scripts written for kdb+ may hold bytes that are not
/// UTF-8 (Latin-1 in comments and strings): each such byte is read as the
/// Latin-1 character it stands for rather than refusing the script.
pub fn script_text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.into_bytes();
            let mut text = String::with_capacity(bytes.len() + 16);
            for chunk in bytes.utf8_chunks() {
                text.push_str(chunk.valid());
                text.extend(chunk.invalid().iter().map(|&b| char::from(b)));
            }
            text
        }
    }
}

/// Carries out a file verb for the evaluator.
pub fn file(it: &mut Interp, verb: FileVerb, args: Vec<K>) -> R {
    let mut args = args.into_iter();
    let x = args.next().ok_or_else(|| qerr("rank"))?;
    Ok(match verb {
        FileVerb::Read => match read_handle(it, &x) {
            Some(r) => r?,
            None => read(&x)?,
        },
        FileVerb::Write => {
            let y = args.next().ok_or_else(|| qerr("rank"))?;
            let (target, zip) = match &x {
                // `(file;lbs;alg;lvl) 1: bytes` writes them compressed.
                K::List(l) if l.items.len() == 4 => (&l.items[0], zip_params(&l.items)?),
                _ => (&x, None),
            };
            let path = path_of(target)?;
            make_parent(&path)?;
            write_file(&path, text::bytes_of(&y)?, zip)?;
            target.clone()
        }
        FileVerb::Count => {
            let path = path_of(&x)?;
            let m = fs::metadata(&path).map_err(|e| os_error(&path, &e))?;
            // A compressed file counts as the file it holds.
            match zip_stats_of(&path)? {
                Some((s, _)) => K::long(s.uncompressed as i64),
                None => K::long(m.len() as i64),
            }
        }
        FileVerb::Delete => {
            let path = path_of(&x)?;
            let r = match fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => fs::remove_dir(&path),
                Ok(_) => fs::remove_file(&path),
                Err(e) => Err(e),
            };
            r.map_err(|e| os_error(&path, &e))?;
            x
        }
        FileVerb::Get => get(it, &x)?,
        FileVerb::Set => {
            let y = args.next().ok_or_else(|| qerr("rank"))?;
            set(it, &x, &y)?
        }
        FileVerb::Replace => {
            let y = args.next().ok_or_else(|| qerr("rank"))?;
            replace(it, &x, &y)?;
            x
        }
        // Databases are `database`'s; the platform sends them there.
        FileVerb::Load | FileVerb::AddPartitions => return Err(qerr("nyi").into()),
        FileVerb::Key => {
            let path = path_of(&x)?;
            match fs::metadata(&path) {
                Ok(m) if m.is_dir() => {
                    let mut names: Vec<Vec<u8>> = fs::read_dir(&path)
                        .map_err(|e| os_error(&path, &e))?
                        .filter_map(|e| e.ok())
                        .map(|e| e.file_name().into_encoded_bytes())
                        .collect();
                    names.sort();
                    K::syms(names.iter().map(Vec::as_slice).collect())
                }
                Ok(_) => x,
                Err(_) => K::list(Vec::new()),
            }
        }
    })
}

/// Whether `verb` may touch the file `x` here: where updates are blocked
/// (`reval`, or a client under `-b`) nothing is written, deleted or
/// loaded, and inside `reval` only the working directory and below are
/// read (eval.md).
pub(super) fn check_permitted(it: &Interp, verb: FileVerb, x: &K) -> Result<(), QError> {
    match verb {
        FileVerb::Read | FileVerb::Count | FileVerb::Key | FileVerb::Get => {
            let target = match x {
                K::List(l) => l.items.first().unwrap_or(x),
                _ => x,
            };
            match path_of(target) {
                Ok(path) if !is_below_working_dir(&path) => it.check_access(),
                _ => Ok(()),
            }
        }
        FileVerb::Write
        | FileVerb::Delete
        | FileVerb::Set
        | FileVerb::Replace
        | FileVerb::Load
        | FileVerb::AddPartitions => it.check_file_update(),
    }
}

/// A relative path that never climbs out through `..`.
fn is_below_working_dir(path: &Path) -> bool {
    use std::path::Component;
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// `read1 h` or `read1 (h;n)` of a handle from `` hopen`:fifo://f ``: one
/// read of at most 65,536 (or n) bytes, blocking until some come; empty at
/// the end (named-pipes.md). `None` when `x` is no such handle.
fn read_handle(it: &mut Interp, x: &K) -> Option<Result<K, QError>> {
    let (h, n) = match x {
        K::Atom(..) => (x.as_i64()?, 65_536),
        K::Vector(_) | K::List(_) if x.count() == 2 => {
            let items = crate::q::kernels::list::items(x);
            (items[0].as_i64()?, items[1].as_i64()?)
        }
        _ => return None,
    };
    let f = it.files.get_mut(&i32::try_from(h).ok()?)?;
    if n < 0 {
        return Some(Err(qerr("domain")));
    }
    let mut buf = vec![0u8; n.min(1 << 30) as usize];
    Some(loop {
        match f.read(&mut buf) {
            Ok(got) => {
                buf.truncate(got);
                break Ok(K::bytes(buf));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                break Err(qerr(format!(
                    "read1. OS reports: {}",
                    crate::ipc::net::os_reason(&e)
                )));
            }
        }
    })
}

/// The bytes of `` `:f ``, of `(`:f;offset)` (to the end) or of
/// `(`:f;offset;length)`.
fn read(x: &K) -> Result<K, QError> {
    let (target, range) = match x {
        K::List(l) if matches!(l.items.len(), 2 | 3) => {
            let off = l.items[1].as_i64().ok_or_else(|| qerr("type"))?;
            let len = match l.items.get(2) {
                Some(len) => len.as_i64().ok_or_else(|| qerr("type"))?,
                None => i64::MAX,
            };
            if off < 0 || len < 0 {
                return Err(qerr("domain"));
            }
            (&l.items[0], Some((off as u64, len as u64)))
        }
        _ => (x, None),
    };
    let path = path_of(target)?;
    let err = |e: io::Error| os_error(&path, &e);
    let mut f = File::open(&path).map_err(err)?;
    let size = f.metadata().map_err(err)?.len();
    if f.metadata().map_err(err)?.is_dir() {
        return Err(os_error(&path, &io::Error::from_raw_os_error(libc::EISDIR)));
    }
    if zip_stats_of(&path)?.is_some() {
        // The bytes of the file it holds.
        let all = read_data(&path)?;
        let (off, len) = range.unwrap_or((0, all.len() as u64));
        let start = off.min(all.len() as u64) as usize;
        let end = start + len.min((all.len() - start) as u64) as usize;
        return Ok(K::bytes(all[start..end].to_vec()));
    }
    let (off, len) = range.unwrap_or((0, size));
    let len = len.min(size.saturating_sub(off));
    // Large reads map the file: the text `0:` parses is then never copied.
    if let Some(v) = crate::k::memory::map_items(&f, size as usize, off as usize, len as usize) {
        return Ok(K::bytes(v));
    }
    crate::q::kernels::list::check_alloc(len, 1)?;
    let mut buf = Vec::with_capacity(len as usize);
    f.seek(SeekFrom::Start(off)).map_err(err)?;
    f.take(len).read_to_end(&mut buf).map_err(err)?;
    Ok(K::bytes(buf))
}

/// Writes `bytes` to a new file beside `path`, then renames it over
/// `path`: readers see the old contents or the new, never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if path.is_dir() {
        return Err(io::Error::from_raw_os_error(libc::EISDIR));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let r = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_data()?;
        fs::rename(&tmp, path)
    })();
    if r.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    r
}

/// The path of `hopen`'s argument when it names a file rather than a
/// process: a symbol `` `:path `` with no port.
fn file_target(x: &K) -> Option<PathBuf> {
    let p = path_of(x).ok()?;
    let text = x.as_sym()?.to_str_lossy().into_owned();
    match crate::ipc::target::Target::parse(&text) {
        Err(crate::ipc::target::TargetError::NotProcess(_)) => Some(p),
        _ => None,
    }
}

/// `hopen x`: a file handle for appending when `x` names a file, else a
/// connection.
pub fn hopen(it: &mut Interp, x: K) -> R {
    // A string names what its symbol would: `hopen ":dir/f.dat"`.
    let x = match x.as_str_bytes() {
        Some(b) if b.first() == Some(&b':') && !x.is_atom() => K::sym(b),
        _ => x,
    };
    // `` `:fifo://path ``: a named pipe (or any file) opened to read in
    // order, `read1 h` taking what it has (named-pipes.md).
    if let Some(path) = x
        .as_sym()
        .and_then(|s| s.to_str_lossy().strip_prefix(":fifo://").map(PathBuf::from))
    {
        let f = File::open(&path).map_err(|e| os_error(&path, &e))?;
        let h = f.as_raw_fd();
        it.files.insert(h, f);
        return Ok(K::int(h));
    }
    let Some(path) = file_target(&x) else {
        return it.hopen(x);
    };
    it.check_file_update()?;
    // As `set` does, a file handle makes the directories it lies in.
    make_parent(Path::new(&path))?;
    let f = OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .map_err(|e| os_error(&path, &e))?;
    let h = f.as_raw_fd();
    it.files.insert(h, f);
    if let Some(t) = vector_file_type(h) {
        it.vector_files.insert(h, t);
    }
    Ok(K::int(h))
}

/// `hclose h`: closes a file handle, or a connection.
pub fn hclose(it: &mut Interp, x: K) -> R {
    if let Some(h) = x.as_i64()
        && it.files.remove(&(h.unsigned_abs() as i32)).is_some()
    {
        it.vector_files.remove(&(h.unsigned_abs() as i32));
        return Ok(K::Nil);
    }
    it.hclose(x)
}

/// A handle applied to a value: appends to a file handle (`h "text"`,
/// `neg[h] "line"` with a newline, `neg[h] lines`, `h bytes`), or sends
/// on a connection.
pub fn send(it: &mut Interp, h: i64, x: K) -> R {
    let fd = h.unsigned_abs() as i32;
    if it.files.contains_key(&fd) {
        it.check_file_update()?;
    }
    let Some(f) = it.files.get_mut(&fd) else {
        return it.remote_apply(h, x);
    };
    if let (false, K::List(l)) = (h < 0, &x) {
        return append_records(f, fd, h, &l.items);
    }
    let bytes = match (h < 0, &x) {
        (true, _) => text::line_bytes(&x)?,
        (false, K::Atom(Type::Char, Scalar::U8(c))) => vec![*c],
        (false, _) => match x.as_str_bytes() {
            Some(b) => b.to_vec(),
            None => text::raw_bytes(&x)?,
        },
    };
    f.write_all(&bytes)
        .map_err(|e| qerr(format!("Cannot write to handle {h}. OS reports: {e}")))?;
    if h > 0 && it.vector_files.get(&fd).map(|&t| i16::from(t)) == Some(x.type_code().abs()) {
        count_appended_items(fd, &x);
    }
    Ok(K::int(h as i32))
}

/// A second, positioned handle on the file a file handle appends to, to
/// rewrite the count in its header.
fn header_handle(fd: i32) -> Option<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .open(format!("/proc/self/fd/{fd}"))
        .ok()
}

/// The item type of the kdb+ vector file (`` `:f set 10 20 30 ``) a file
/// handle is open on, if it is one.
fn vector_file_type(fd: i32) -> Option<u8> {
    use std::os::unix::fs::FileExt;
    let mut head = [0u8; 16];
    header_handle(fd)?.read_exact_at(&mut head, 0).ok()?;
    (head[..2] == [0xfe, 0x20]).then_some(head[2])
}

/// After `h x` appends the items of `x` to a kdb+ vector file of their
/// type, adds them to the count in its header, so `get` sees them (q for
/// mortals §11: `h 42` then `get` gives 4 items).
fn count_appended_items(fd: i32, x: &K) {
    use std::os::unix::fs::FileExt;
    let Some(hf) = header_handle(fd) else {
        return;
    };
    let mut head = [0u8; 16];
    if hf.read_exact_at(&mut head, 0).is_err() {
        return;
    }
    let n = u64::from_le_bytes(head[8..16].try_into().expect("8 bytes"));
    // A count of 0 means "as the file's length says" (column files).
    if n != 0 {
        let _ = hf.write_all_at(&(n + x.count() as u64).to_le_bytes(), 8);
    }
}

/// A file symbol's path and whether it names a directory (ends in `/`).
fn dir_path(x: &K) -> Result<(PathBuf, bool), QError> {
    let p = path_of(x)?;
    let splay = p.as_os_str().as_encoded_bytes().ends_with(b"/");
    Ok((p, splay))
}

/// An error about a data file, naming it: `'type: db/t/price`.
pub(super) fn data_error(path: &Path, e: QError) -> QError {
    qerr(format!("{}: {}", e.msg, path.display()))
}

/// How `set` compresses a file it writes.
#[derive(Clone, Copy, Debug)]
enum Zip {
    /// As `.z.zd` says (these parameters), for names with no extension.
    Default(Option<Params>),
    /// As given to `set`; `None` writes plainly.
    Given(Option<Params>),
}

impl Zip {
    /// The parameters for the file at `path`.
    fn params_for(self, path: &Path) -> Option<Params> {
        match self {
            Zip::Given(p) => p,
            Zip::Default(p) => {
                let name = path.file_name().map(|n| n.as_encoded_bytes());
                p.filter(|_| !name.is_some_and(|n| n.contains(&b'.')))
            }
        }
    }
}

/// Compression parameters from an int or long vector `(lbs;alg;lvl)`.
fn params_of(x: &K) -> Result<Option<Params>, QError> {
    let items = crate::q::kernels::list::items(x);
    if !matches!(x, K::Vector(v) if matches!(v.ty, Type::Int | Type::Long | Type::Short)) {
        return Err(qerr("type"));
    }
    let [lbs, alg, lvl] = items.as_slice() else {
        return Err(qerr("length"));
    };
    let n = |k: &K| k.as_i64().ok_or_else(|| qerr("type"));
    Params::new(n(lbs)?, n(alg)?, n(lvl)?)
}

/// What `.z.zd` asks for: nothing when it is unset (or `3#0`).
fn default_zip(it: &Interp) -> Result<Zip, QError> {
    match it.global(".z.zd") {
        None => Ok(Zip::Default(None)),
        Some(zd) => Ok(Zip::Default(params_of(zd)?)),
    }
}

/// Per-column compression from `(dir;dict)`: the dictionary maps column
/// names (or `` ` `` for the rest) to `(lbs;alg;lvl)`.
struct ColumnZip {
    names: Vec<Vec<u8>>,
    zips: Vec<Zip>,
    rest: Zip,
}

impl ColumnZip {
    /// The same compression for every file.
    fn all(z: Zip) -> ColumnZip {
        ColumnZip {
            names: Vec::new(),
            zips: Vec::new(),
            rest: z,
        }
    }

    /// From the dictionary of `(dir;dict)`, with `.z.zd` for the columns
    /// it leaves out (unless it has a `` ` `` entry).
    fn of(it: &Interp, d: &K) -> Result<ColumnZip, QError> {
        let K::Dict(d) = d else {
            return Err(qerr("type"));
        };
        let K::Vector(keys) = &d.keys else {
            return Err(qerr("type"));
        };
        let Data::Sym(keys) = &keys.data else {
            return Err(qerr("type"));
        };
        let values = crate::q::kernels::list::items(&d.values);
        let mut out = ColumnZip {
            names: Vec::new(),
            zips: Vec::new(),
            rest: default_zip(it)?,
        };
        for (k, v) in keys.iter().zip(&values) {
            let z = Zip::Given(params_of(v)?);
            if k.is_empty() {
                out.rest = z;
            } else {
                out.names.push(k.to_vec());
                out.zips.push(z);
            }
        }
        Ok(out)
    }

    fn zip_for(&self, name: &[u8]) -> Zip {
        self.names
            .iter()
            .position(|n| n == name)
            .map_or(self.rest, |i| self.zips[i])
    }
}

/// `x set y` for a file symbol: a data file, or a splayed table when the
/// name ends in `/`; `x` may also be `(file;lbs;alg;lvl)` or `(dir;dict)`
/// to compress. Every file is written beside its target and renamed over
/// it, and a splayed table's `.d` last. Returns the file symbol.
fn set(it: &Interp, x: &K, y: &K) -> R {
    // `(tgt;lbs;alg;lvl) set `:src` compresses the file src to tgt, as
    // `-19!` does (wp/compress, symfiles.md).
    if let (K::List(l), K::Atom(Type::Symbol, Scalar::Sym(s))) = (x, y)
        && l.items.len() == 4
        && s.as_bytes().starts_with(b":")
    {
        let mut args = vec![y.clone()];
        args.extend(l.items.iter().cloned());
        compress_file(&K::list(args))?;
        return Ok(l.items[0].clone());
    }
    let (target, columns) = match x {
        K::List(l) if l.items.len() == 4 => (
            &l.items[0],
            ColumnZip::all(Zip::Given(zip_params(&l.items)?)),
        ),
        K::List(l) if l.items.len() == 2 => (&l.items[0], ColumnZip::of(it, &l.items[1])?),
        _ => (x, ColumnZip::all(default_zip(it)?)),
    };
    let (path, splay) = dir_path(target)?;
    if splay {
        splay_table(&path, y, &columns)?;
    } else {
        write_value(&path, y, columns.rest)?;
    }
    Ok(target.clone())
}

/// The compression parameters of a `(file;lbs;alg;lvl)` target (none for
/// algorithm 0).
fn zip_params(target: &[K]) -> Result<Option<Params>, QError> {
    let n = |k: &K| k.as_i64().ok_or_else(|| qerr("type"));
    Params::new(n(&target[1])?, n(&target[2])?, n(&target[3])?)
}

/// Writes `y` back over the file or splayed table `x` after an amend:
/// each file that was compressed is compressed again with the parameters
/// it had (file-compression.md: appending keeps a file compressed); new
/// files follow `.z.zd`.
fn replace(it: &Interp, x: &K, y: &K) -> Result<(), QError> {
    let (path, splay) = dir_path(x)?;
    // A splayed table named without its `/` (`update … from `:db/t`).
    let splay = splay || path.is_dir();
    let fallback = default_zip(it)?;
    let kept = |p: &Path| match zip_stats_of(p) {
        Ok(Some((s, _))) => Zip::Given(s.params()),
        _ => fallback,
    };
    if !splay {
        // A column of a splayed table keeps the column layout.
        if path.parent().is_some_and(|d| d.join(".d").is_file()) {
            return write_image(&path, storage::encode_column(y)?, kept(&path));
        }
        return write_value(&path, y, kept(&path));
    }
    let mut zips = ColumnZip::all(kept(&path.join(".d")));
    if let K::Table(t) = y {
        for name in t.names.iter() {
            let col = path.join(String::from_utf8_lossy(name).as_ref());
            zips.names.push(name.to_vec());
            zips.zips.push(kept(&col));
        }
    }
    splay_table(&path, y, &zips)
}

fn write_value(path: &Path, y: &K, zip: Zip) -> Result<(), QError> {
    write_image(path, storage::encode(y)?, zip)
}

/// Writes a data file's image (and its `#` companion).
fn write_image(path: &Path, img: storage::Image, zip: Zip) -> Result<(), QError> {
    make_parent(path)?;
    if let Some(c) = &img.companion {
        let hash = companion_path(path);
        write_file(&hash, c, zip.params_for(path))?;
    }
    write_file(path, &img.main, zip.params_for(path))
}

/// Writes a file's bytes, compressed when `p` says so.
fn write_file(path: &Path, bytes: &[u8], p: Option<Params>) -> Result<(), QError> {
    let packed;
    let bytes = match p {
        Some(p) => {
            packed = compressed::compress(bytes, p)?;
            &packed[..]
        }
        None => bytes,
    };
    write_atomically(path, bytes).map_err(|e| os_error(path, &e))
}

/// The bytes a data file holds: its own, or those its compressed form
/// holds.
fn read_data(path: &Path) -> Result<Vec<u8>, QError> {
    let bytes = fs::read(path).map_err(|e| os_error(path, &e))?;
    inflate(path, bytes)
}

/// A file's bytes as written, decompressed when kdb+ compressed them.
fn inflate(path: &Path, bytes: Vec<u8>) -> Result<Vec<u8>, QError> {
    if !compressed::is_compressed(&bytes) {
        return Ok(bytes);
    }
    let name = path.display().to_string();
    let s = compressed::stats_of(&bytes).map_err(|d| d.error(&name))?;
    crate::q::kernels::list::check_alloc(s.uncompressed, 1)?;
    compressed::decompress(&bytes, s.uncompressed).map_err(|d| d.error(&name))
}

/// A compressed file's statistics and its length on disk, reading only
/// its head and its trailer; `None` for a file that is not compressed.
fn zip_stats_of(path: &Path) -> Result<Option<(compressed::Stats, u64)>, QError> {
    let err = |e: io::Error| os_error(path, &e);
    let mut f = File::open(path).map_err(err)?;
    let len = f.metadata().map_err(err)?.len();
    let mut head = [0u8; 8];
    if len < 8 || f.read_exact(&mut head).is_err() || !compressed::is_compressed(&head) {
        return Ok(None);
    }
    let name = path.display().to_string();
    if head != *compressed::MAGIC {
        return Err(compressed::Damage::Encrypted.error(&name));
    }
    if len < 16 {
        return Err(compressed::Damage::Meta.error(&name));
    }
    let mut last = [0u8; 8];
    f.seek(SeekFrom::End(-8)).map_err(err)?;
    f.read_exact(&mut last).map_err(err)?;
    let t_len = compressed::trailer_len(len, last).map_err(|d| d.error(&name))?;
    let mut t = vec![0u8; t_len];
    f.seek(SeekFrom::Start(len - t_len as u64)).map_err(err)?;
    f.read_exact(&mut t).map_err(err)?;
    let s = compressed::stats(&t, len).map_err(|d| d.error(&name))?;
    Ok(Some((s, len)))
}

/// `-21!x`: a compressed file's statistics, or an empty dictionary for a
/// file that is not compressed.
pub fn zip_stats(x: &K) -> Result<K, QError> {
    let path = path_of(x)?;
    let Some((s, len)) = zip_stats_of(&path)? else {
        return Ok(K::dict(K::list(Vec::new()), K::list(Vec::new())));
    };
    Ok(K::dict(
        K::syms(SymVec::from_iter([
            &b"compressedLength"[..],
            b"uncompressedLength",
            b"algorithm",
            b"logicalBlockSize",
            b"zipLevel",
        ])),
        K::list(vec![
            K::long(len as i64),
            K::long(s.uncompressed as i64),
            K::int(i32::from(s.algorithm)),
            K::int(s.block_log2 as i32),
            K::int(i32::from(s.level)),
        ]),
    ))
}

/// `-19!(src;tgt;lbs;alg;lvl)`: writes file `src` to `tgt` (a file, or a
/// directory to put it in) compressed as the parameters say (algorithm 0
/// writes it plainly); a nested column's `#` (and `##`) file goes along,
/// as file-compression.md says. Returns `tgt`.
pub fn compress_file(x: &K) -> Result<K, QError> {
    let items = crate::q::kernels::list::items(x);
    let [src, tgt, lbs, alg, lvl] = items.as_slice() else {
        return Err(qerr("length"));
    };
    let n = |k: &K| k.as_i64().ok_or_else(|| qerr("type"));
    let p = Params::new(n(lbs)?, n(alg)?, n(lvl)?)?;
    let from = path_of(src)?;
    let mut to = path_of(tgt)?;
    if to.is_dir()
        && let Some(name) = from.file_name()
    {
        to = to.join(name);
    }
    let bytes = read_data(&from)?;
    make_parent(&to)?;
    let (mut from_c, mut to_c) = (from.clone(), to.clone());
    for _ in 0..2 {
        (from_c, to_c) = (companion_path(&from_c), companion_path(&to_c));
        if from_c.is_file() {
            let c = read_data(&from_c)?;
            write_file(&to_c, &c, p)?;
        }
    }
    write_file(&to, &bytes, p)?;
    Ok(tgt.clone())
}

fn make_parent(path: &Path) -> Result<(), QError> {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => fs::create_dir_all(d).map_err(|e| os_error(d, &e)),
        _ => Ok(()),
    }
}

/// The `#` file beside a nested column.
fn companion_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("#");
    PathBuf::from(s)
}

/// Splays table `t` into directory `dir`: one file per column and `.d`.
/// Symbol columns must be enumerated first (`.Q.en`); keyed tables and
/// other values are `'type`.
fn splay_table(dir: &Path, t: &K, zips: &ColumnZip) -> Result<(), QError> {
    let K::Table(t) = t else {
        return Err(qerr("type"));
    };
    if let Some(i) = t.cols.iter().position(|c| !storage::is_splayable(c)) {
        return Err(data_error(
            &dir.join(String::from_utf8_lossy(t.names.get(i)).as_ref()),
            qerr("type"),
        ));
    }
    fs::create_dir_all(dir).map_err(|e| os_error(dir, &e))?;
    for (i, col) in t.cols.iter().enumerate() {
        let name = t.names.get(i);
        let zip = zips.zip_for(name);
        let img = storage::encode_column(col)?;
        write_image(&dir.join(String::from_utf8_lossy(name).as_ref()), img, zip)?;
    }
    let d = storage::encode_column(&K::syms(t.names.clone()))?;
    write_image(&dir.join(".d"), d, zips.rest)
}

/// `get` of a file symbol: a data file's value, or a splayed table.
fn get(it: &mut Interp, x: &K) -> R {
    let (path, _) = dir_path(x)?;
    let meta = fs::metadata(&path).map_err(|e| os_error(&path, &e))?;
    if meta.is_dir() {
        return Ok(read_splayed(it, &path)?);
    }
    Ok(read_value(it, &path)?)
}

/// The value in one data file, with enumerations resolved against their
/// domain variables and nested columns joined with their `#` files.
pub fn read_value(it: &Interp, path: &Path) -> Result<K, QError> {
    let err = |e: io::Error| os_error(path, &e);
    // One open serves both ways of reading.
    let mut f = File::open(path).map_err(err)?;
    let len = f.metadata().map_err(err)?.len() as usize;
    if let Some(v) = map_vector(&mut f, path, len)? {
        return Ok(v);
    }
    f.rewind().map_err(err)?;
    crate::q::kernels::list::check_alloc(len as u64, 1)?;
    let mut bytes = Vec::with_capacity(len);
    f.read_to_end(&mut bytes).map_err(err)?;
    drop(f);
    let bytes = inflate(path, bytes)?;
    let stored = storage::decode(&bytes).map_err(|e| data_error(path, e))?;
    drop(bytes);
    match stored {
        Stored::Value(k) => Ok(k),
        Stored::Enum {
            domain,
            attr,
            indices,
        } => enumerate(it, domain, attr, indices).map_err(|e| data_error(path, e)),
        Stored::Anymap { entries } => {
            let hash = companion_path(path);
            let bytes = read_data(&hash)?;
            let heap = storage::anymap_heap(&bytes).map_err(|e| data_error(&hash, e))?;
            storage::anymap_items(&entries, heap).map_err(|e| data_error(&hash, e))
        }
        Stored::Nested { item, ends } => {
            let hash = companion_path(path);
            let bytes = read_data(&hash)?;
            let all = match storage::decode(&bytes).map_err(|e| data_error(&hash, e))? {
                Stored::Value(k) => k,
                _ => return Err(data_error(&hash, qerr("type"))),
            };
            storage::join_nested(item, &ends, &all).map_err(|e| data_error(path, e))
        }
    }
}

/// A large simple vector file as a vector over a private mapping of the
/// file, so that its items are read as they are used and are never held
/// twice; `None` for files that are small, compressed or of another kind.
fn map_vector(f: &mut File, path: &Path, len: usize) -> Result<Option<K>, QError> {
    use crate::k::memory::{MAP_MIN, map_items};
    let err = |e: io::Error| os_error(path, &e);
    if len < MAP_MIN {
        return Ok(None);
    }
    let mut head = [0u8; storage::SHORT_LEN];
    f.read_exact(&mut head).map_err(err)?;
    let Some((ty, attr, n, at)) =
        storage::mappable_layout(&head, len).map_err(|e| data_error(path, e))?
    else {
        return Ok(None);
    };
    let data = match ty.storage() {
        crate::k::Storage::U8 => map_items(f, len, at, n).map(Data::U8),
        crate::k::Storage::Guid => map_items(f, len, at, n).map(Data::Guid),
        crate::k::Storage::I16 => map_items(f, len, at, n).map(Data::I16),
        crate::k::Storage::I32 => map_items(f, len, at, n).map(Data::I32),
        crate::k::Storage::I64 => map_items(f, len, at, n).map(Data::I64),
        crate::k::Storage::F32 => map_items(f, len, at, n).map(Data::F32),
        crate::k::Storage::F64 => map_items(f, len, at, n).map(Data::F64),
        crate::k::Storage::Sym => None,
    };
    Ok(data.map(|data| K::Vector(Rc::new(crate::k::Vector { ty, attr, data }))))
}

/// An enumeration read from disk, its symbols taken from the variable
/// `domain` (`'sym` when that is not a symbol list, as in q); a domain
/// that is a table makes it a link to that table's rows.
fn enumerate(it: &Interp, domain: Sym, attr: Attr, indices: Vec<i64>) -> Result<K, QError> {
    let name = domain.to_str_lossy().into_owned();
    let found = it.global(&name);
    // A link in a partition to a table partitioned alongside it picks rows
    // of that partition's table (the reader offsets them).
    let is_table = match found {
        Some(t) => matches!(t, K::Table(_)) || t.is_keyed_table(),
        None => it.parted_table(&name).is_some(),
    };
    if is_table {
        return Ok(K::Enum(Rc::new(Enumeration {
            attr,
            ..Enumeration::link(domain, false, indices)
        })));
    }
    let Some(K::Vector(d)) = found else {
        return Err(qerr(name));
    };
    let Data::Sym(syms) = &d.data else {
        return Err(qerr(name));
    };
    let mut values = SymVec::with_capacity(indices.len(), indices.len() * 4);
    for &i in &indices {
        let s = usize::try_from(i).ok().filter(|&i| i < syms.len());
        values.push(s.map_or(&b""[..], |i| syms.get(i)));
    }
    Ok(K::Enum(Rc::new(Enumeration {
        domain,
        atom: false,
        attr,
        indices,
        values,
        link: false,
        keys: None,
    })))
}

/// The columns a splayed table's `.d` lists, in order.
pub fn splayed_columns(it: &Interp, dir: &Path) -> Result<SymVec, QError> {
    let d = dir.join(".d");
    match read_value(it, &d)? {
        K::Vector(v) => match &v.data {
            Data::Sym(s) => Ok(s.clone()),
            _ => Err(data_error(&d, qerr("type"))),
        },
        _ => Err(data_error(&d, qerr("type"))),
    }
}

/// A splayed table from its directory: the columns `.d` lists.
pub fn read_splayed(it: &Interp, dir: &Path) -> Result<K, QError> {
    let names = splayed_columns(it, dir)?;
    let mut cols = Vec::with_capacity(names.len());
    for name in names.iter() {
        let p = dir.join(String::from_utf8_lossy(name).as_ref());
        cols.push(read_value(it, &p)?);
    }
    let n = cols.first().map_or(0, K::count);
    if cols.iter().any(|c| c.count() != n) {
        return Err(data_error(dir, qerr("length")));
    }
    Ok(K::table(names, cols))
}

/// `h list` on a file handle: appends each item serialized, as a log
/// file's records, and when the file begins as a kdb+ list (`` `:f set ()
/// ``) adds them to the count in its header, so `get` sees every record.
fn append_records(f: &mut File, fd: i32, h: i64, items: &[K]) -> R {
    let cannot = |e: io::Error| qerr(format!("Cannot write to handle {h}. OS reports: {e}"));
    let mut bytes = Vec::new();
    for item in items {
        crate::ipc::encode_object(item, &mut bytes).map_err(|_| qerr("type"))?;
    }
    f.write_all(&bytes).map_err(cannot)?;
    use std::os::unix::fs::FileExt;
    if let Some(hf) = header_handle(fd) {
        let mut head = [0u8; 8];
        if hf.read_exact_at(&mut head, 0).is_ok() && head[..3] == [0xff, 0x01, 0x00] {
            let n = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
            let n = n.saturating_add(items.len() as u32);
            hf.write_all_at(&n.to_le_bytes(), 4).map_err(cannot)?;
        }
    }
    Ok(K::int(h as i32))
}

/// `-11!x`: replays the records of a log file through `.z.ps` (or
/// `value`): all of them (`-11!f`, `-11!(-1;f)`, `'badtail` after the
/// last whole one if the file ends damaged), the first n (`-11!(n;f)`),
/// or counts the whole records without running them (`-11!(-2;f)`: their
/// number, or that and the length of the whole part when the tail is
/// damaged).
pub fn replay(it: &mut Interp, x: K) -> R {
    let (n, file) = match &x {
        K::List(l) if l.items.len() == 2 => (
            l.items[0].as_i64().ok_or_else(|| qerr("type"))?,
            &l.items[1],
        ),
        _ => (-1, &x),
    };
    let path = path_of(file)?;
    let buf = fs::read(&path).map_err(|e| os_error(&path, &e))?;
    let start = if buf.len() >= 8 && buf[..3] == [0xff, 0x01, 0x00] {
        8
    } else {
        0
    };
    if n == -2 {
        let mut pos = start;
        let mut count = 0i64;
        loop {
            let (items, end) = crate::ipc::decode_objects(&buf, pos, 1);
            if items.is_empty() {
                break;
            }
            count += 1;
            pos = end;
        }
        return Ok(if pos == buf.len() {
            K::long(count)
        } else {
            K::longs(vec![count, pos as i64])
        });
    }
    if n < -2 {
        return Err(qerr("domain").into());
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let handler = it.global(".z.ps").cloned();
    let mut pos = start;
    let mut done = 0usize;
    while done < limit {
        let (mut items, end) = crate::ipc::decode_objects(&buf, pos, 1);
        let Some(record) = items.pop() else {
            break;
        };
        pos = end;
        match &handler {
            Some(f) => {
                it.apply(f, vec![record])?;
            }
            None => {
                it.value(record)?;
            }
        }
        done += 1;
    }
    if n < 0 && pos != buf.len() {
        return Err(qerr("badtail").into());
    }
    Ok(K::long(done as i64))
}
