//! kdb+ databases on disk: `\l dir` loads one (its data files, splayed
//! tables, partitions and scripts), `\cd` moves about, and the `.Q`
//! functions that write them (`.Q.dd .Q.par .Q.en .Q.dpft .Q.hdpf`) are
//! defined in q over `set` and `get`.
//!
//! A partitioned table is read whole: each partition's columns end to end,
//! with the partition column (`date`, `month`, `year` or `int`) in front,
//! so every query q-lite knows works on it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::k::{K, QError};
use crate::q::eval::interp::Interp;
use crate::q::kernels::listops;

use super::files::{os_error, read_splayed, read_value, run_script_file};

/// The `.Q` functions for writing databases, in q.
pub const PRELUDE: &str = r#"
.Q.dd:{` sv x,`$string y}
.Q.par:{[d;p;t] ` sv d,(`$string p),t}
.Q.en:{[d;t] c:cols[t] where 11h=type each value flip t; if[0=count c; :t]; f:` sv d,`sym; if[not `sym in key `.; sym::`symbol$()]; if[count key f; sym::get f]; n:distinct[raze t c] except sym; if[count n; sym::sym,n; f set sym]; e:{`sym$x} each t c; flip (cols t)!{[t;c;e;k] $[k in c; e c?k; t k]}[t;c;e] each cols t}
.Q.dpft:{[d;p;f;t] x:.Q.en[d] value t; if[not f in cols x; '"f"]; x:f xcols x iasc x f; (` sv .Q.par[d;p;t],`) set x; t}
.Q.fsn:{[f;s;n] e:hcount s; {[f;s;n;x] r:"c"$read1(s;x;n); i:(count r)^1+last where "\n"=r; f ` vs i#r; x+i}[f;s;n]/[e>;0]}
.Q.fs:.Q.fsn[;;131000]
.Q.hdpf:{[h;d;p;f] {[d;p;f;t] .Q.dpft[d;p;f;t]; t set 0#value t}[d;p;f] each tables`.; if[h:@[hopen;h;0]; h"\\l ."; hclose h]}
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
/// directories partitioned tables with `.Q.pf`, `.Q.pv`, `.Q.PV`, `.Q.pt`
/// and the partition list (`date`...), then scripts (`*.q`) run.
pub fn load(it: &mut Interp, dir: &str) -> Result<K, QError> {
    std::env::set_current_dir(dir).map_err(|e| os_error(Path::new(dir), &e))?;
    let here = PathBuf::from(".");
    let mut entries = names(&here)?;
    if let Some(i) = entries.iter().position(|n| n == "sym") {
        let s = entries.remove(i);
        entries.insert(0, s);
    }
    let mut partitions: Vec<(String, Partition)> = Vec::new();
    let mut scripts = Vec::new();
    for name in &entries {
        if name.starts_with('.') {
            continue;
        }
        let path = here.join(name);
        if path.is_dir() {
            if let Some(p) = Partition::of(name) {
                partitions.push((name.clone(), p));
            } else if path.join(".d").is_file() {
                let t = read_splayed(it, &path)?;
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
    if !partitions.is_empty() {
        load_partitions(it, &partitions)?;
    }
    for s in scripts {
        run_script_file(it, Path::new(&s))?;
    }
    Ok(K::Nil)
}

/// Reads every partitioned table whole, the partition column in front.
fn load_partitions(it: &mut Interp, parts: &[(String, Partition)]) -> Result<(), QError> {
    let kind = parts[0].1;
    let parts: Vec<&String> = parts
        .iter()
        .filter(|(_, k)| *k == kind)
        .map(|(n, _)| n)
        .collect();
    let values: Vec<K> = parts
        .iter()
        .map(|n| it.eval_str(n))
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
    // The tables are those of the last partition, as in q.
    let last = PathBuf::from(parts[parts.len() - 1]);
    let tables: Vec<String> = names(&last)?
        .into_iter()
        .filter(|t| last.join(t).join(".d").is_file())
        .collect();
    for t in &tables {
        let mut whole: Option<K> = None;
        for (i, p) in parts.iter().enumerate() {
            let dir = PathBuf::from(p).join(t);
            if !dir.join(".d").is_file() {
                continue;
            }
            let K::Table(part) = read_splayed(it, &dir)? else {
                continue;
            };
            let rows = part.cols.first().map_or(0, K::count);
            let stamp = listops::take_n(rows as i64, &item(&pv, i));
            let mut names = crate::k::SymVec::new();
            names.push(kind.column().as_bytes());
            names.extend_from(&part.names);
            let mut cols = vec![stamp];
            cols.extend(part.cols.iter().cloned());
            let piece = K::table(names, cols);
            whole = Some(match whole {
                None => piece,
                Some(w) => listops::join(&w, &piece)?,
            });
        }
        if let Some(w) = whole {
            it.set_global(t, w);
        }
    }
    it.set_global(".Q.pf", K::sym(kind.column()));
    it.set_global(".Q.pv", pv.clone());
    it.set_global(".Q.PV", pv.clone());
    it.set_global(".Q.pt", K::sym_list(tables.iter().map(String::as_str)));
    it.set_global(kind.column(), pv);
    Ok(())
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
    fn the_type_of_the_partition_column() {
        assert_eq!(Partition::Date.column(), "date");
        assert_eq!(Partition::Int.column(), "int");
    }
}
