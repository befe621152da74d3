//! Partitioned tables of a loaded database (`\l dir`): what the evaluator
//! knows of them, and how it reads them only when they are used.
//!
//! A partitioned table is not read when the database loads. A query
//! whose first `where` constraints test only the partition column
//! (`select from t where date=2024.01.02`, `date within …`, `date in …`),
//! or with a later constraint that compares it with values (`where i<3,
//! date=d`), reads just the partitions they pass. Any other use of the table's name
//! reads every visible partition once, and the result is kept until the
//! database reloads or `.Q.view` changes what is visible.
//!
//! In a partitioned table the virtual column `i` is the row's index
//! within its partition, not within the whole table (qsql.md), so a
//! query on partitions read end to end learns where each begins.

use std::rc::Rc;

use crate::k::{Data, K, QError, Table, Type, qerr};

use super::interp::{Interp, Parted, PartedTable, R};

impl Interp {
    /// Puts a loaded database's partitioned tables in force, replacing
    /// any earlier database's.
    pub fn set_parted(&mut self, tables: Vec<(Rc<str>, PartedTable)>) {
        for (name, _) in &tables {
            self.globals.remove(name);
        }
        let all: Vec<(Rc<str>, Rc<PartedTable>)> =
            tables.into_iter().map(|(n, t)| (n, Rc::new(t))).collect();
        self.parted = Parted {
            visible: all.clone(),
            all,
            whole: Default::default(),
            splayed: Vec::new(),
        };
    }

    /// Notes a splayed table the database loaded, which `.Q.qp` tells
    /// from tables made in memory.
    pub fn note_splayed(&mut self, t: &K) {
        self.parted.splayed.push(t.clone());
    }

    /// The visible partitioned table `name`, unless a variable of that
    /// name hides it.
    pub(crate) fn parted_table(&self, name: &str) -> Option<Rc<PartedTable>> {
        if self.parted.visible.is_empty() || name.starts_with('.') {
            return None;
        }
        if self.globals.contains_key(name) {
            return None;
        }
        self.parted
            .visible
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, t)| t.clone())
    }

    /// The partitioned table `name` with every visible partition, read
    /// once and kept; `None` when `name` is no partitioned table.
    pub(crate) fn parted_whole(&self, name: &str) -> Option<Result<K, QError>> {
        let table = self.parted_table(name)?;
        if let Some((_, t)) = self
            .parted
            .whole
            .borrow()
            .iter()
            .find(|(n, _)| &**n == name)
        {
            return Some(Ok(t.clone()));
        }
        let every: Vec<usize> = (0..table.dirs.len()).collect();
        let read = (self.platform.read_parted)(self, &table, &every);
        if let Ok(t) = &read {
            self.parted
                .whole
                .borrow_mut()
                .push((Rc::from(name), t.clone()));
        }
        Some(read)
    }

    /// `names`, some of `namespace`'s variables (its tables for
    /// `tables`, `\v`, `\a`), with the partitioned tables that no
    /// variable hides when `namespace` is the root, whose tables they
    /// are, then sorted.
    pub(crate) fn add_parted_names(&self, namespace: &str, names: &mut Vec<Rc<str>>) {
        if !(namespace.is_empty() || namespace == ".") {
            return;
        }
        names.extend(
            self.parted
                .visible
                .iter()
                .filter(|(n, _)| !self.globals.contains_key(n))
                .map(|(n, _)| n.clone()),
        );
        names.sort();
    }

    /// Reads the partitions at `keep` of a partitioned table.
    pub(crate) fn read_partitions(&self, table: &PartedTable, keep: &[usize]) -> R {
        Ok((self.platform.read_parted)(self, table, keep)?)
    }

    /// The partitioned table that `x` is every visible partition of, as
    /// `parted_whole` read it; `None` for any other value, a table
    /// selected from it included.
    pub(crate) fn parted_read_whole(&self, x: &K) -> Option<Rc<PartedTable>> {
        let K::Table(x) = x else {
            return None;
        };
        let whole = self.parted.whole.borrow();
        let (name, _) = whole
            .iter()
            .find(|(_, w)| matches!(w, K::Table(w) if Rc::ptr_eq(w, x)))?;
        self.parted
            .visible
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
    }

    /// Where each partition's rows begin in `read`, the partitions at
    /// `keep` of `table` read end to end (`read_partitions`); partitions
    /// without the table have no rows there and no start. A partition's
    /// rows are those stamped with its value; partitions of one value
    /// (in several segments) are told apart by reading each.
    pub(crate) fn partition_starts(
        &self,
        table: &PartedTable,
        keep: &[usize],
        read: &Table,
    ) -> Result<Vec<usize>, QError> {
        let present: Vec<usize> = keep
            .iter()
            .copied()
            .filter(|&k| table.dirs.get(k).is_some_and(Option::is_some))
            .collect();
        let stamps = read
            .names
            .iter()
            .position(|n| n == table.column.as_bytes())
            .map(|p| &read.cols[p]);
        let (Some(K::Vector(stamps)), K::Vector(values)) = (stamps, &table.values) else {
            return self.starts_by_reading(table, &present);
        };
        let (Data::I32(stamps), Data::I32(values)) = (&stamps.data, &values.data) else {
            return self.starts_by_reading(table, &present);
        };
        let mut starts = Vec::with_capacity(present.len());
        let mut row = 0;
        let mut at = 0;
        while at < present.len() {
            let Some(&value) = values.get(present[at]) else {
                return self.starts_by_reading(table, &present);
            };
            let same = present[at..]
                .iter()
                .take_while(|&&k| values.get(k) == Some(&value))
                .count();
            let end = row + stamps[row..].partition_point(|&s| s == value);
            let mut start = row;
            for &k in &present[at..at + same - 1] {
                starts.push(start);
                start += self.partition_rows(table, k)?;
            }
            starts.push(start);
            row = end;
            at += same;
        }
        Ok(starts)
    }

    /// Where each partition at `present` begins, from reading each.
    fn starts_by_reading(
        &self,
        table: &PartedTable,
        present: &[usize],
    ) -> Result<Vec<usize>, QError> {
        let mut starts = Vec::with_capacity(present.len());
        let mut start = 0;
        for &k in present {
            starts.push(start);
            start += self.partition_rows(table, k)?;
        }
        Ok(starts)
    }

    /// The rows of the partition at `k` of a partitioned table.
    fn partition_rows(&self, table: &PartedTable, k: usize) -> Result<usize, QError> {
        (self.platform.parted_rows)(self, table, k)
    }

    /// `count t`, `cols t` and `meta t` of a partitioned table not read
    /// whole yet, as kdb+ answers them: the rows from each partition's
    /// column headers, the columns and their types from the newest
    /// partition, rather than every partition read. `None` for any other
    /// function, or a table already read (its value answers at once).
    pub(super) fn parted_at_a_glance(&mut self, f: &str, name: &str) -> Option<R> {
        if !matches!(f, "count" | "cols" | "meta") {
            return None;
        }
        let table = self.parted_table(name)?;
        if self.parted.whole.borrow().iter().any(|(n, _)| &**n == name) {
            return None;
        }
        Some(match f {
            "count" => (0..table.dirs.len())
                .map(|k| self.partition_rows(&table, k))
                .sum::<Result<usize, QError>>()
                .map(|n| K::long(n as i64))
                .map_err(Into::into),
            "cols" => {
                let names = std::iter::once(&table.column)
                    .chain(&table.columns)
                    .map(|c| &**c);
                Ok(K::sym_list(names))
            }
            _ => {
                let newest = (0..table.dirs.len())
                    .rev()
                    .find(|&k| table.dirs[k].is_some());
                let one = match newest {
                    Some(k) => (self.platform.read_parted)(self, &table, &[k]),
                    None => (self.platform.read_parted)(self, &table, &[]),
                };
                one.map_err(Into::into)
                    .and_then(|t| super::stateful::meta(self, t))
            }
        })
    }

    /// `.Q.qp x`: `1b` for a partitioned table (as its name gives it),
    /// `0b` for a splayed table the database loaded, `0` for anything
    /// else, a table selected from them included (dotq.md).
    pub(crate) fn is_partitioned_value(&self, x: &K) -> K {
        let same = |w: &K| match (w, x) {
            (K::Table(w), K::Table(t)) => Rc::ptr_eq(w, t),
            _ => false,
        };
        if self.parted.whole.borrow().iter().any(|(_, w)| same(w)) {
            return K::bool(true);
        }
        if self.parted.splayed.iter().any(same) {
            return K::bool(false);
        }
        K::long(0)
    }

    /// `.Q.view x`: only the partitions whose values are in `x` are
    /// visible (`.Q.pv` and the partition column's list become those);
    /// `.Q.view[]` makes every partition visible again.
    pub(crate) fn view_partitions(&mut self, x: &K) -> R {
        let Some((_, first)) = self.parted.all.first().cloned() else {
            return Err(qerr("par").into());
        };
        let all_values = first.values.clone();
        let keep: Vec<usize> = if matches!(x, K::Nil) {
            (0..all_values.count()).collect()
        } else {
            let wanted = crate::q::kernels::listops::in_(&all_values, x)?;
            let K::Vector(v) = &wanted else {
                return Err(qerr("type").into());
            };
            match &v.data {
                crate::k::Data::U8(b) if v.ty == Type::Boolean => {
                    (0..b.len()).filter(|&i| b[i] != 0).collect()
                }
                _ => return Err(qerr("type").into()),
            }
        };
        if keep.is_empty() {
            return Err(qerr("invalid partition filter").into());
        }
        self.parted.visible = self
            .parted
            .all
            .iter()
            .map(|(n, t)| (n.clone(), Rc::new(t.restricted(&keep))))
            .collect();
        self.parted.whole.borrow_mut().clear();
        let pv = first.restricted(&keep).values;
        self.set_global(".Q.pv", pv.clone());
        self.set_global(&first.column, pv);
        // `.Q.pd` is `.Q.PD` as viewed; `.Q.pn` is cleared, and `.Q.cn`
        // counts the visible partitions (dotq.md).
        let at: Vec<i64> = keep.iter().map(|&i| i as i64).collect();
        let gather = |x: &K| crate::q::kernels::list::gather(x, &at);
        if let Some(pd) = self.globals.get(".Q.PD").map(gather) {
            self.set_global(".Q.pd", pd);
        }
        if let Some(K::Dict(counts)) = self.globals.get(".qrepl.PN").cloned() {
            let tables = counts.keys.clone();
            let cleared = K::list((0..tables.count()).map(|_| K::list(Vec::new())).collect());
            let seen = crate::q::kernels::list::items(&counts.values)
                .iter()
                .map(gather)
                .collect();
            self.set_global(".Q.pn", K::dict(tables.clone(), cleared));
            self.set_global(".qrepl.pn", K::dict(tables, K::list(seen)));
        }
        Ok(K::Nil)
    }
}
