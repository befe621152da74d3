//! kdb+ databases on disk: `\l dir` loads one (its data files, splayed
//! tables, partitions, segments listed in `par.txt`, and scripts), `\cd`
//! moves about, and the `.Q` functions that write and inspect them
//! (`.Q.dd .Q.par .Q.ens .Q.en .Q.dpft .Q.dpfts .Q.hdpf .Q.chk .Q.cn .Q.bv
//! .Q.bvi .Q.qt .Q.ind`) are defined in q over `set` and `get`.
//!
//! A partitioned table is not read when the database loads: a query
//! reads the partitions its leading constraints on the partition column
//! (`date`, `month`, `year` or `int`) let through, each partition's
//! columns end to end with the partition column in front, so every query
//! q-lite knows works on it (see `q::eval::parted`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::k::{K, QError};
use crate::q::eval::interp::{FileVerb, Interp};
use crate::q::kernels::listops;

use crate::k::qerr;
use crate::q::eval::interp::PartedTable;
use crate::q::kernels::storage;

use super::files::{
    data_error, os_error, read_splayed, read_value, run_script_file, splayed_columns,
};

/// The `.Q` functions for writing databases, in q.
pub const PRELUDE: &str = r#"
.Q.dd:{` sv x,`$string y}
.Q.par:{[d;p;t] h:` sv d,`par.txt; r:$[count key h; `$":",s (`long$p) mod count s:s where 0<count each s:read0 h; d]; ` sv r,(`$string p),t}
.Q.ens:{[d;t;n] c:cols[t] where 11h=type each value flip t; if[0=count c; :t]; m:(::)~d; if[not n in key `.; n set `symbol$()]; if[not m; f:` sv d,n; if[count key f; n set get f]]; v:value n; w:distinct[raze t c] except v; if[count w; n set v,w; if[not m; f set v,w]]; e:{x$y}[n] each t c; flip (cols t)!{[t;c;e;k] $[k in c; e c?k; t k]}[t;c;e] each cols t}
.Q.en:{[d;t] .Q.ens[d;t;`sym]}
.Q.dpfts:{[d;p;f;t;s] x:.Q.ens[d;value t;s]; if[not f in cols x; '"f"]; x:f xcols x iasc x f; (` sv .Q.par[d;p;t],`) set x; t}
.Q.dpft:{[d;p;f;t] .Q.dpfts[d;p;f;t;`sym]}
.Q.fsn:{[f;s;n] e:hcount s; {[f;s;n;x] r:"c"$read1(s;x;n); i:(count r)^1+last where "\n"=r; f ` vs i#r; x+i}[f;s;n]/[e>;0]}
.Q.fs:.Q.fsn[;;131000]
.Q.fpn:{[f;s;n] h:hopen `$":fifo://",1_string s; r:""; while[count b:read1(h;n); r,:"c"$b; if[count i:where "\n"=r; j:1+last i; f "\n" vs (j-1)#r; r:j _r]]; if[count r; f enlist r]; hclose h}
.Q.fps:.Q.fpn[;;131000]
.Q.hdpf:{[h;d;p;f] {[d;p;f;t] .Q.dpft[d;p;f;t]; t set 0#value t}[d;p;f] each tables`.; if[h:@[hopen;h;0]; h"\\l ."; hclose h]}
.Q.qt:{$[99h=type x; 98h=type key x; 98h=type x]}
.Q.ind:{[x;y] x y}
.Q.cn:{[x] if[not `pt in key `.Q; :count x]; t:first .Q.pt where {x~value y}[x] each .Q.pt; if[null t; :count x]; .Q.pn[t]:.qrepl.pn t; .Q.pn t}
.Q.bv:{[x] .Q.vp:m!{0#value x} each m:.qrepl.vp;}
.Q.bvi:{[x] .Q.bv x}
.Q.chk:{[x] if[0=count p:desc k where {all (string x) in ".0123456789"} each k:key x; :()]; if[(not `sym in key `.) & 0<count key s:` sv x,`sym; `sym set get s]; d:{` sv x,y}[x] each p; t:{k where {0<count key ` sv x,y,`.d}[x] each k:key x} each d; a:distinct raze t; {[d;t;a;i] m:a except t i; if[0=count m; :()]; {[d;t;i;n] j:first where n in/: t; (` sv d[i],n,`) set 0#get ` sv d[j],n,`}[d;t;i] each m; enlist d i}[d;t;a] each til count d}
"#;

/// `\cd`: the current directory; `\cd dir` changes it.
pub fn cd(arg: &str) -> Result<K, QError> {
    if arg.is_empty() {
        let d = std::env::current_dir().map_err(|e| os_error(Path::new("cd"), &e))?;
        return Ok(K::string(d.to_string_lossy().as_bytes()));
    }
    std::env::set_current_dir(arg).map_err(|e| os_error(Path::new(arg), &e))?;
    Ok(K::Nil)
}

/// How a partition directory's name reads.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Partition {
    Date,
    Month,
    Year,
    Int,
}

impl Partition {
    fn of(name: &str) -> Option<Partition> {
        let b = name.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        match b.len() {
            10 if digits(0..4) && b[4] == b'.' && digits(5..7) && b[7] == b'.' && digits(8..10) => {
                Some(Partition::Date)
            }
            7 if digits(0..4) && b[4] == b'.' && digits(5..7) => Some(Partition::Month),
            4 if digits(0..4) => Some(Partition::Year),
            1..=9 if digits(0..b.len()) => Some(Partition::Int),
            _ => None,
        }
    }

    fn column(self) -> &'static str {
        match self {
            Partition::Date => "date",
            Partition::Month => "month",
            Partition::Year => "year",
            Partition::Int => "int",
        }
    }
}

fn names(dir: &Path) -> Result<Vec<String>, QError> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map_err(|e| os_error(dir, &e))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    Ok(v)
}

/// `\l dir`: makes `dir` the current directory and loads the database in
/// it, as q does: data files become variables (`sym` first, since
/// enumerations need it), splayed directories tables, partition
/// directories partitioned tables with `.Q.pf`, `.Q.pv`, `.Q.PV`, `.Q.pt`,
/// `.Q.PD`, `.Q.pd`, `.Q.u`, `.Q.pn` and the partition list (`date`...),
/// then scripts (`*.q`) run. When `par.txt` is there, its lines name the
/// segments holding the partitions (segment.md), and `.Q.P` and `.Q.D`
/// list them and their partitions.
pub fn load(it: &mut Interp, dir: &str) -> Result<K, QError> {
    load_with(it, dir, true, true)
}

/// [`load`], staying in the current directory unless `cd`, and running the
/// database's scripts only with `scripts` (`.Q.lo`, dotq.md).
pub fn load_with(it: &mut Interp, dir: &str, cd: bool, scripts: bool) -> Result<K, QError> {
    let before = std::env::current_dir().map_err(|e| os_error(Path::new("."), &e))?;
    std::env::set_current_dir(dir).map_err(|e| os_error(Path::new(dir), &e))?;
    let loaded = load_here(it, scripts);
    if !cd {
        std::env::set_current_dir(&before).map_err(|e| os_error(&before, &e))?;
    }
    loaded
}

/// Loads the database in the current directory.
fn load_here(it: &mut Interp, run_scripts: bool) -> Result<K, QError> {
    let here = PathBuf::from(".");
    let mut entries = names(&here)?;
    if let Some(i) = entries.iter().position(|n| n == "sym") {
        let s = entries.remove(i);
        entries.insert(0, s);
    }
    let mut splayed = Vec::new();
    let mut scripts = Vec::new();
    for name in &entries {
        if name.starts_with('.') {
            continue;
        }
        let path = here.join(name);
        if path.is_dir() {
            if Partition::of(name).is_none() && path.join(".d").is_file() {
                let t = read_splayed(it, &path)?;
                splayed.push(t.clone());
                it.set_global(name, t);
            }
        } else if name.ends_with(".q") {
            scripts.push(name.clone());
        } else if !name.ends_with('#') && !name.contains('.') {
            // Files that are not kdb+ data are left alone, as q does.
            if let Ok(v) = read_value(it, &path) {
                it.set_global(name, v);
            }
        }
    }
    let segments = segments(&here)?;
    let (partitions, roots) = partitions_on_disk(&here, &segments)?;
    if partitions.is_empty() {
        it.set_parted(Vec::new());
    } else {
        load_partitions(it, partitions, &roots, segments.is_some())?;
    }
    for t in &splayed {
        it.note_splayed(t);
    }
    if run_scripts {
        for s in scripts {
            run_script_file(it, Path::new(&s))?;
        }
    }
    Ok(K::Nil)
}

/// The partition directories of the database in `here`: in it, or in the
/// segments `par.txt` lists; and the roots they are under.
fn partitions_on_disk(
    here: &Path,
    segments: &Option<Vec<String>>,
) -> Result<(Vec<Part>, Vec<String>), QError> {
    let roots = match segments {
        Some(segs) => segs.clone(),
        None => vec![".".to_string()],
    };
    let mut partitions = Vec::new();
    for (seg, root) in roots.iter().enumerate() {
        let root = match segments {
            Some(_) => Path::new(root),
            None => here,
        };
        for name in names(root)? {
            if let Some(kind) = Partition::of(&name)
                && root.join(&name).is_dir()
            {
                partitions.push(Part { name, kind, seg });
            }
        }
    }
    Ok((partitions, roots))
}

/// The file verbs that load databases: [`FileVerb::Load`] (`.Q.l`,
/// `.Q.lo`) and [`FileVerb::AddPartitions`] (`.Q.li`); the others go to
/// [`files::file`](super::files::file).
pub fn file_verb(it: &mut Interp, verb: FileVerb, args: Vec<K>) -> crate::q::eval::interp::R {
    let mut args = args.into_iter();
    let x = args.next().ok_or_else(|| qerr("rank"))?;
    super::files::check_permitted(it, verb, &x)?;
    Ok(match verb {
        FileVerb::Load => {
            let mut flag = || match args.next() {
                Some(f) => f.as_i64().map(|v| v != 0).ok_or_else(|| qerr("type")),
                None => Ok(true),
            };
            let (cd, scripts) = (flag()?, flag()?);
            let dir = x
                .as_sym()
                .and_then(|s| s.to_str_lossy().strip_prefix(':').map(str::to_string))
                .filter(|d| !d.is_empty())
                .ok_or_else(|| qerr("type"))?;
            load_with(it, &dir, cd, scripts)?
        }
        FileVerb::AddPartitions => add_partitions(it, &x)?,
        _ => return super::files::file(it, verb, std::iter::once(x).chain(args).collect()),
    })
}

/// `.Q.li x`: adds the partitions among `x` that are on disk to those of
/// the loaded database (dotq.md); partitions written since it loaded
/// stay out unless named.
pub fn add_partitions(it: &mut Interp, x: &K) -> Result<K, QError> {
    let loaded = it.lookup_global(".Q.PV").ok_or_else(|| qerr("par"))?;
    let here = PathBuf::from(".");
    let segments = segments(&here)?;
    let (mut partitions, roots) = partitions_on_disk(&here, &segments)?;
    let wanted: Vec<K> = [&loaded, x]
        .into_iter()
        .flat_map(|v| match v {
            K::Atom(..) => vec![v.clone()],
            _ => crate::q::kernels::list::items(v),
        })
        .collect();
    let mut kept = Vec::with_capacity(partitions.len());
    for p in partitions.drain(..) {
        let value = it.eval_str(&p.name)?;
        if wanted.iter().any(|w| same_partition(w, &value)) {
            kept.push(p);
        }
    }
    if !kept.is_empty() {
        load_partitions(it, kept, &roots, segments.is_some())?;
    }
    Ok(K::Nil)
}

/// Whether `w` names the partition whose directory reads as `value`: the
/// same date or month, or the same number for an int partition.
fn same_partition(w: &K, value: &K) -> bool {
    match (w.as_i64(), value.as_i64()) {
        (Some(a), Some(b)) => a == b,
        _ => crate::q::kernels::verbs::matches(w, value),
    }
}

/// The segment directories `par.txt` lists, one a line, or `None` when
/// there is no `par.txt`.
fn segments(root: &Path) -> Result<Option<Vec<String>>, QError> {
    let path = root.join("par.txt");
    if !path.is_file() {
        return Ok(None);
    }
    let text = fs::read(&path).map_err(|e| os_error(&path, &e))?;
    let segs: Vec<String> = String::from_utf8_lossy(&text)
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.is_empty())
        .collect();
    Ok(Some(segs))
}

/// A partition directory: its name, how that reads, and the segment
/// (index into the roots) holding it.
struct Part {
    name: String,
    kind: Partition,
    seg: usize,
}

impl Part {
    /// Where partitions sort: by value, then by segment.
    fn key(&self) -> (i64, String, usize) {
        match self.kind {
            Partition::Int => (
                self.name.parse().unwrap_or(i64::MAX),
                String::new(),
                self.seg,
            ),
            _ => (0, self.name.clone(), self.seg),
        }
    }
}

/// Puts the partitioned tables in force without reading them: each
/// table's directory in every partition, its columns, and its rows per
/// partition (from the column files' headers). Partitions sort by value,
/// those of one value in the order of their segments.
fn load_partitions(
    it: &mut Interp,
    mut parts: Vec<Part>,
    roots: &[String],
    segmented: bool,
) -> Result<(), QError> {
    let kind = parts[0].kind;
    parts.retain(|p| p.kind == kind);
    parts.sort_by_key(Part::key);
    let values: Vec<K> = parts
        .iter()
        .map(|p| it.eval_str(&p.name))
        .collect::<Result<_, _>>()?;
    let pv = match kind {
        Partition::Date | Partition::Month => listops::raze(&K::list(values)),
        _ => {
            let ints: Vec<i32> = values
                .iter()
                .map(|v| v.as_i64().unwrap_or(0) as i32)
                .collect();
            K::ints(ints)
        }
    };
    // Absolute, so the tables stay readable after `\cd`.
    let here = std::env::current_dir().map_err(|e| os_error(Path::new("."), &e))?;
    let dir_of = |p: &Part| match roots[p.seg].as_str() {
        "." => here.join(&p.name),
        root => here.join(root).join(&p.name),
    };
    // The tables are those of the last partition, as in q.
    let last = dir_of(&parts[parts.len() - 1]);
    let tables: Vec<String> = names(&last)?
        .into_iter()
        .filter(|t| last.join(t).join(".d").is_file())
        .collect();
    let mut counts = Vec::with_capacity(tables.len());
    let mut missing = Vec::new();
    let mut parted = Vec::with_capacity(tables.len());
    for t in &tables {
        let mut dirs = Vec::with_capacity(parts.len());
        let mut rows_each = Vec::with_capacity(parts.len());
        // The newest partition's, which it holds since its tables are those.
        let mut columns = Vec::new();
        for p in &parts {
            let dir = dir_of(p).join(t);
            if !dir.join(".d").is_file() {
                rows_each.push(0);
                dirs.push(None);
                if missing.last() != Some(t) {
                    missing.push(t.clone());
                }
                continue;
            }
            columns = column_names(it, &dir)?;
            rows_each.push(splayed_rows(it, &dir, &columns)? as i64);
            dirs.push(Some(dir));
        }
        parted.push((
            std::rc::Rc::from(t.as_str()),
            PartedTable {
                column: std::rc::Rc::from(kind.column()),
                values: pv.clone(),
                dirs,
                columns,
            },
        ));
        counts.push(K::longs(rows_each));
    }
    it.set_parted(parted);
    let pt = K::sym_list(tables.iter().map(String::as_str));
    let located: Vec<String> = parts.iter().map(|p| format!(":{}", roots[p.seg])).collect();
    let pd = K::sym_list(located.iter().map(String::as_str));
    let mut seen = std::collections::HashSet::new();
    let unique = parts.iter().all(|p| seen.insert(p.name.as_str()));
    it.set_global(".Q.pf", K::sym(kind.column()));
    it.set_global(".Q.pv", pv.clone());
    it.set_global(".Q.PV", pv.clone());
    it.set_global(".Q.pt", pt.clone());
    it.set_global(".Q.PD", pd.clone());
    it.set_global(".Q.pd", pd);
    it.set_global(".Q.u", K::bool(unique));
    // Counts are cached by `.Q.cn` (dotq.md); q-lite knows them already.
    let empty = K::list(tables.iter().map(|_| K::list(Vec::new())).collect());
    it.set_global(".Q.pn", K::dict(pt.clone(), empty));
    // Every partition's counts, and those `.Q.view` leaves visible.
    let counts = K::dict(pt, K::list(counts));
    it.set_global(".qrepl.PN", counts.clone());
    it.set_global(".qrepl.pn", counts);
    it.set_global(".qrepl.vp", K::sym_list(missing.iter().map(String::as_str)));
    if segmented {
        let p: Vec<String> = roots.iter().map(|r| format!(":{r}")).collect();
        it.set_global(".Q.P", K::sym_list(p.iter().map(String::as_str)));
        let d: Vec<K> = (0..roots.len())
            .map(|s| {
                let here: Vec<K> = (0..parts.len())
                    .filter(|&i| parts[i].seg == s)
                    .map(|i| item(&pv, i))
                    .collect();
                listops::raze(&K::list(here))
            })
            .collect();
        it.set_global(".Q.D", K::list(d));
    }
    it.set_global(kind.column(), pv);
    Ok(())
}

/// The columns a splayed table's `.d` lists, as names.
fn column_names(it: &Interp, dir: &Path) -> Result<Vec<std::rc::Rc<str>>, QError> {
    Ok(splayed_columns(it, dir)?
        .iter()
        .map(|n| std::rc::Rc::from(String::from_utf8_lossy(n).as_ref()))
        .collect())
}

/// The rows of a splayed table with `columns` (as its `.d` lists them),
/// from the header of a column file when one says, else by reading its
/// first column.
fn splayed_rows(it: &Interp, dir: &Path, columns: &[std::rc::Rc<str>]) -> Result<usize, QError> {
    for c in columns {
        let path = dir.join(&**c);
        if let Some(n) = header_count(&path) {
            return Ok(n);
        }
    }
    match columns.first() {
        Some(c) => Ok(read_value(it, &dir.join(&**c))?.count()),
        None => Ok(0),
    }
}

/// A column file's item count as its header gives it, reading at most
/// the 4096 bytes of a long header.
fn header_count(path: &Path) -> Option<usize> {
    use std::io::Read;
    let f = fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len() as usize;
    let mut head = Vec::with_capacity(4096);
    f.take(4096).read_to_end(&mut head).ok()?;
    storage::column_count(&head, len)
}

/// The rows of the partition at `k` of a partitioned table: none where
/// the partition lacks the table.
pub fn parted_rows(it: &Interp, t: &PartedTable, k: usize) -> Result<usize, QError> {
    match t.dirs.get(k).and_then(Option::as_ref) {
        Some(dir) => splayed_rows(it, dir, &column_names(it, dir)?),
        None => Ok(0),
    }
}

/// The partitions at `keep` of a partitioned table, read (large column
/// files mapped) and joined, the partition column in front. Partitions
/// without the table add no rows; with none left, the result is the
/// table's empty form.
pub fn read_parted(it: &Interp, t: &PartedTable, keep: &[usize]) -> Result<K, QError> {
    let mut pieces = Vec::with_capacity(keep.len());
    for &i in keep {
        let Some(dir) = t.dirs.get(i).and_then(Option::as_ref) else {
            continue;
        };
        pieces.push(stamped(it, t, dir, i)?);
    }
    if pieces.is_empty() {
        // The empty table: the newest partition's, with no rows.
        let Some((i, dir)) = t
            .dirs
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, d)| d.as_ref().map(|d| (i, d)))
        else {
            return Err(qerr("par"));
        };
        return Ok(listops::take_n(0, &stamped(it, t, dir, i)?));
    }
    if pieces.len() == 1 {
        return Ok(pieces.pop().unwrap_or(K::Nil));
    }
    let same: Option<Vec<&crate::k::Table>> = pieces
        .iter()
        .map(|p| match p {
            K::Table(t) => Some(&**t),
            _ => None,
        })
        .collect();
    let Some(tables) = same.filter(|ts| ts.iter().all(|t| t.names == ts[0].names)) else {
        // Columns in another order: joined as tables, which match them up.
        return concatenated(pieces);
    };
    let names = tables[0].names.clone();
    let cols = (0..names.len())
        .map(|c| concatenated(tables.iter().map(|t| t.cols[c].clone()).collect()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(K::table(names, cols))
}

/// One column from the partitions' pieces of it, end to end: an
/// enumeration's indices and symbols each copied once, anything else
/// joined in pairs, so each item is copied about log2(pieces) times.
fn concatenated(mut pieces: Vec<K>) -> Result<K, QError> {
    let enums: Option<Vec<&crate::k::Enumeration>> = pieces
        .iter()
        .map(|p| match p {
            K::Enum(e) if !e.atom => Some(&**e),
            _ => None,
        })
        .collect();
    if let Some(enums) = enums
        && let Some(first) = enums.first()
        && enums.iter().all(|e| e.domain == first.domain)
    {
        let n = enums.iter().map(|e| e.indices.len()).sum();
        let mut indices = Vec::with_capacity(n);
        let mut values = crate::k::SymVec::new();
        for e in &enums {
            indices.extend_from_slice(&e.indices);
            values.extend_from(&e.values);
        }
        return Ok(K::Enum(std::rc::Rc::new(crate::k::Enumeration {
            domain: first.domain.clone(),
            atom: false,
            attr: crate::k::Attr::None,
            indices,
            values,
            link: first.link,
            keys: first.keys.clone(),
        })));
    }
    while pieces.len() > 1 {
        let mut next = Vec::with_capacity(pieces.len().div_ceil(2));
        let mut rest = pieces.into_iter();
        while let Some(a) = rest.next() {
            next.push(match rest.next() {
                Some(b) => listops::join(&a, &b)?,
                None => a,
            });
        }
        pieces = next;
    }
    Ok(pieces.pop().unwrap_or(K::Nil))
}

/// One partition's part of a table, its partition column in front.
fn stamped(it: &Interp, t: &PartedTable, dir: &Path, i: usize) -> Result<K, QError> {
    let K::Table(part) = read_splayed(it, dir)? else {
        return Err(data_error(dir, qerr("type")));
    };
    let rows = part.cols.first().map_or(0, K::count);
    let stamp = listops::take_n(rows as i64, &item(&t.values, i));
    let mut names = crate::k::SymVec::new();
    names.push(t.column.as_bytes());
    names.extend_from(&part.names);
    let mut cols = vec![stamp];
    cols.extend(part.cols.iter().map(|c| whole_table_link(it, c, i)));
    Ok(K::table(names, cols))
}

/// A link column of partition `i` to a table partitioned alongside it, its
/// rows moved past that table's rows in the partitions before `i`: the
/// rows of the table read end to end, as a query on it reads them.
fn whole_table_link(it: &Interp, c: &K, i: usize) -> K {
    let K::Enum(e) = c else {
        return c.clone();
    };
    if !e.link {
        return c.clone();
    }
    let counts = it.global(".qrepl.PN").and_then(|pn| match pn {
        K::Dict(d) => {
            let names = crate::q::kernels::list::syms_of(&d.keys).ok()?;
            let p = names.iter().position(|n| n == e.domain.as_bytes())?;
            crate::q::kernels::list::longs_of(&crate::q::kernels::list::item(&d.values, p)).ok()
        }
        _ => None,
    });
    let Some(counts) = counts else {
        return c.clone();
    };
    let offset: i64 = counts.iter().take(i).sum();
    let rows = e
        .indices
        .iter()
        .map(|&r| {
            if r == crate::k::NULL_LONG {
                r
            } else {
                r + offset
            }
        })
        .collect();
    K::Enum(std::rc::Rc::new(crate::k::Enumeration {
        attr: e.attr,
        ..crate::k::Enumeration::link(e.domain.clone(), false, rows)
    }))
}

fn item(v: &K, i: usize) -> K {
    match v {
        K::Vector(v) => v.item(i),
        _ => K::Nil,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_names_are_told_apart() {
        assert_eq!(Partition::of("2024.01.31"), Some(Partition::Date));
        assert_eq!(Partition::of("2024.01"), Some(Partition::Month));
        assert_eq!(Partition::of("2024"), Some(Partition::Year));
        assert_eq!(Partition::of("17"), Some(Partition::Int));
        assert_eq!(Partition::of("trade"), None);
        assert_eq!(Partition::of("2024-01-31"), None);
    }

    #[test]
    fn partitions_sort_by_value_then_segment() {
        let part = |name: &str, seg| Part {
            name: name.to_string(),
            kind: Partition::of(name).unwrap(),
            seg,
        };
        let mut v = [part("10", 0), part("9", 1), part("9", 0)];
        v.sort_by_key(Part::key);
        let got: Vec<(&str, usize)> = v.iter().map(|p| (p.name.as_str(), p.seg)).collect();
        assert_eq!(got, [("9", 0), ("9", 1), ("10", 0)]);
    }

    #[test]
    fn the_type_of_the_partition_column() {
        assert_eq!(Partition::Date.column(), "date");
        assert_eq!(Partition::Int.column(), "int");
    }
}
