//! qSQL: `select`, `exec`, `update` and `delete` templates, and the
//! functional select `?[t;c;b;a]`.
//!
//! Queries work on row selections rather than copies: each phrase sees
//! only the columns it names, gathered for the rows it works on, and the
//! common aggregations of a grouped select run straight over the groups.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::rc::Rc;

use crate::k::{Data, K, QError, Scalar, SymVec, Table, Type, qerr};

use super::interp::PartedTable;
use super::interp::{FileVerb, Flow, Interp, R, at, with_pos};
use crate::q::kernels::table::{self, Groups};
use crate::q::kernels::{keyed, list};
use crate::q::syntax::ast::{Expr, Query, QueryKind, Slot};

/// A query term: an expression of a query template, or a parse tree of
/// a functional query (`?[t;c;b;a]`, `![t;c;b;a]`).
#[derive(Clone, Debug)]
enum Term {
    Expr(Expr),
    Tree(K),
}

/// A subphrase: an optional name and a term.
type Phrase = (Option<Rc<str>>, Term);

/// A query to run: a template's parts or a functional form's.
struct Plan {
    kind: QueryKind,
    limit: Option<Expr>,
    cols: Vec<Phrase>,
    by: Vec<Phrase>,
    filters: Vec<Term>,
    pos: crate::q::syntax::ast::Pos,
}

impl Plan {
    /// A plan from the functional forms' parse trees (`?[t;c;b;a]`, `![t;c;b;a]`).
    fn functional(kind: QueryKind, c: &K, by: Vec<Phrase>, cols: Vec<Phrase>) -> Plan {
        Plan {
            kind,
            limit: None,
            cols,
            by,
            filters: constraints(c),
            pos: 0,
        }
    }

    fn of_query(q: &Query) -> Plan {
        let phrases = |ps: &[(Option<Rc<str>>, Expr)]| -> Vec<Phrase> {
            ps.iter()
                .map(|(n, e)| (n.clone(), Term::Expr(e.clone())))
                .collect()
        };
        Plan {
            kind: q.kind,
            limit: q.limit.clone(),
            cols: phrases(&q.cols),
            by: phrases(&q.by),
            filters: q.filters.iter().cloned().map(Term::Expr).collect(),
            pos: q.pos,
        }
    }
}

/// The rows a query works on: all of a table's, or some, in order.
#[derive(Clone, Debug)]
enum Rows {
    All(usize),
    Some(Vec<i64>),
}

impl Rows {
    fn len(&self) -> usize {
        match self {
            Rows::All(n) => *n,
            Rows::Some(v) => v.len(),
        }
    }

    /// The row numbers.
    fn indices(&self) -> Vec<i64> {
        match self {
            Rows::All(n) => (0..*n as i64).collect(),
            Rows::Some(v) => v.clone(),
        }
    }

    /// A column's items at these rows.
    fn gather(&self, col: &K) -> K {
        match self {
            Rows::All(_) => col.clone(),
            Rows::Some(v) => list::gather(col, v),
        }
    }

    /// The table row behind position `p` of this selection.
    fn row(&self, p: usize) -> usize {
        match self {
            Rows::All(_) => p,
            Rows::Some(v) => v[p] as usize,
        }
    }

    /// The rows at positions `pos` of this selection.
    fn pick(&self, pos: impl Iterator<Item = usize>) -> Rows {
        Rows::Some(pos.map(|p| self.row(p) as i64).collect())
    }
}

/// The table a query reads, and how its rows are numbered for the
/// virtual column `i`: through the whole table, or, when it is a
/// partitioned table's partitions read end to end, within each
/// partition (qsql.md).
struct Source<'a> {
    table: &'a Table,
    partitions: Option<PartitionsRead>,
}

impl<'a> Source<'a> {
    /// A table whose rows are numbered through the whole table.
    fn plain(table: &'a Table) -> Source<'a> {
        Source {
            table,
            partitions: None,
        }
    }

    /// The values of `i` at `rows`.
    fn row_numbers(&self, it: &Interp, rows: &Rows) -> R<Vec<i64>> {
        let Some(partitions) = &self.partitions else {
            return Ok(rows.indices());
        };
        let starts = partitions.starts(it, self.table)?;
        let within = |r: i64| {
            let p = starts.partition_point(|&s| s as i64 <= r);
            p.checked_sub(1)
                .and_then(|p| starts.get(p))
                .map_or(r, |&s| r - s as i64)
        };
        Ok(match rows {
            Rows::All(n) => (0..*n as i64).map(within).collect(),
            Rows::Some(v) => v.iter().map(|&r| within(r)).collect(),
        })
    }
}

impl std::ops::Deref for Source<'_> {
    type Target = Table;

    fn deref(&self) -> &Table {
        self.table
    }
}

/// The partitions at `keep` of a partitioned table, read end to end as
/// a query's table; where each begins is found when `i` is first used.
struct PartitionsRead {
    table: Rc<PartedTable>,
    keep: Vec<usize>,
    starts: OnceCell<Vec<usize>>,
}

impl PartitionsRead {
    fn new(table: Rc<PartedTable>, keep: Vec<usize>) -> PartitionsRead {
        PartitionsRead {
            table,
            keep,
            starts: OnceCell::new(),
        }
    }

    /// Every partition of `table`, as a read of the whole table.
    fn whole(table: Rc<PartedTable>) -> PartitionsRead {
        let every = (0..table.dirs.len()).collect();
        PartitionsRead::new(table, every)
    }

    /// Where each partition's rows begin in `read`, the table read.
    fn starts(&self, it: &Interp, read: &Table) -> R<&[usize]> {
        if let Some(starts) = self.starts.get() {
            return Ok(starts);
        }
        let starts = it.partition_starts(&self.table, &self.keep, read)?;
        Ok(self.starts.get_or_init(|| starts))
    }
}

/// Evaluates a qSQL query.
pub(crate) fn eval_query(it: &mut Interp, q: &Query) -> R {
    let plan = Plan::of_query(q);
    // A partitioned table by name, unless a local hides it.
    if let Expr::Name(n, pos, _) = &q.from
        && it.is_local(n).is_none()
    {
        if changes_partitions(it, n, &plan) {
            return Err(at(qerr("par"), *pos));
        }
        if let Some(r) = by_partition(it, n, &plan) {
            return r.map_err(|e| with_pos(e, *pos));
        }
        if let Some(read) = parted_source(it, n, &plan) {
            let (source, partitions) = read.map_err(|e| with_pos(e, *pos))?;
            return query_table(it, &source, Some(partitions), &plan);
        }
    }
    let from = it.eval(&q.from)?;
    run(it, from, &plan)
}

/// Whether a plan would change the partitioned table `name`: `update`
/// and `delete` are `'par` on one, as in q.
fn changes_partitions(it: &Interp, name: &str, q: &Plan) -> bool {
    matches!(q.kind, QueryKind::Update | QueryKind::Delete) && it.parted_table(name).is_some()
}

/// For a `select` or `exec` from a partitioned table, the table with
/// only the partitions that the query's leading constraints on the
/// partition column let through (those constraints are then applied
/// again, to rows they all pass); `None` when `name` is no partitioned
/// table or the query does not start with such a constraint.
fn parted_source(it: &mut Interp, name: &str, q: &Plan) -> Option<R<(K, PartitionsRead)>> {
    if !matches!(q.kind, QueryKind::Select | QueryKind::Exec) {
        return None;
    }
    let table = it.parted_table(name)?;
    let keep = match partitions_kept(it, &table, q)? {
        Ok(keep) => keep,
        Err(e) => return Some(Err(e)),
    };
    Some(
        it.read_partitions(&table, &keep)
            .map(|read| (read, PartitionsRead::new(table, keep))),
    )
}

/// The partitions of `table` that a query's constraints on the partition
/// column let through; `None` when it has none.
fn partitions_kept(it: &mut Interp, table: &PartedTable, q: &Plan) -> Option<R<Vec<usize>>> {
    let leading = q
        .filters
        .iter()
        .take_while(|f| tests_only_partitions(f, table))
        .count();
    // Later constraints that compare the partition column with values
    // (`where i<3, date=d`) pick the same partitions wherever they stand.
    let pruning: Vec<Term> = q.filters[..leading]
        .iter()
        .chain(
            q.filters[leading..]
                .iter()
                .filter(|f| compares_partitions(f, table)),
        )
        .cloned()
        .collect();
    if pruning.is_empty() {
        return None;
    }
    let mut names = SymVec::new();
    names.push(table.column.as_bytes());
    let K::Table(partitions) = K::table(names, vec![table.values.clone()]) else {
        return None;
    };
    Some(
        filter_rows(it, &Source::plain(&partitions), &pruning)
            .map(|rows| rows.indices().into_iter().map(|i| i as usize).collect()),
    )
}

/// `select … by date from t` (or `by date,sym`) of a partitioned table
/// grouped first by its partition column: no group spans partitions, so
/// each partition is read and selected from in turn, one in memory at a
/// time, and the groups joined in partition order, the order of their
/// keys, rather than the whole table read. `None` for any other query,
/// and where one value has partitions in several segments.
fn by_partition(it: &mut Interp, name: &str, q: &Plan) -> Option<R> {
    if q.kind != QueryKind::Select || q.limit.is_some() || strip_distinct(&q.cols).0 {
        return None;
    }
    let table = it.parted_table(name)?;
    let Some((_, Term::Expr(Expr::Name(by, _, _)))) = q.by.first() else {
        return None;
    };
    if **by != *table.column
        || crate::q::kernels::listops::distinct(&table.values)
            .ok()?
            .count()
            != table.values.count()
    {
        return None;
    }
    let keep = match partitions_kept(it, &table, q) {
        Some(Ok(keep)) => keep,
        Some(Err(e)) => return Some(Err(e)),
        None => (0..table.dirs.len()).collect(),
    };
    let keep: Vec<usize> = keep
        .into_iter()
        .filter(|&k| table.dirs[k].is_some())
        .collect();
    if keep.is_empty() {
        return None;
    }
    let mut keys = Vec::with_capacity(keep.len());
    let mut values = Vec::with_capacity(keep.len());
    for k in keep {
        let one = it.check_interrupt().and_then(|()| {
            let read = it.read_partitions(&table, &[k])?;
            query_table(
                it,
                &read,
                Some(PartitionsRead::new(table.clone(), vec![k])),
                q,
            )
        });
        match one {
            Ok(K::Dict(d)) => {
                keys.push(d.keys.clone());
                values.push(d.values.clone());
            }
            Ok(_) => return None,
            Err(e) => return Some(Err(e)),
        }
    }
    let raze = |parts: Vec<K>| crate::q::kernels::listops::raze(&K::list(parts));
    Some(Ok(K::dict(raze(keys), raze(values))))
}

/// Whether a constraint compares the partition column, item by item,
/// with values that read no column: `date=d`, `date<d`, `date within
/// (a;b)`, `date in ds`. Such a test passes or fails whole partitions,
/// whatever constraints come before it.
fn compares_partitions(f: &Term, table: &PartedTable) -> bool {
    let Term::Expr(Expr::Dyad {
        f, x, y: Some(y), ..
    }) = f
    else {
        return false;
    };
    let itemwise = match &**f {
        Expr::Prim { prim, .. } => matches!(prim.glyph(), "=" | "<" | ">" | "<=" | ">=" | "<>"),
        Expr::Name(n, _, _) => matches!(&**n, "within" | "in"),
        _ => false,
    };
    let on_column = matches!(&**x, Expr::Name(n, _, _) if **n == *table.column);
    let mut used = HashSet::new();
    referenced_names(y, &mut used);
    let reads_column = |n: &Rc<str>| **n == *table.column || reads_row_column(n, table);
    itemwise && on_column && !used.iter().any(reads_column)
}

/// Whether a name read in a constraint is a column of a partitioned
/// table's rows (or its dotted field, `time.minute`), or the row number `i`.
fn reads_row_column(n: &str, table: &PartedTable) -> bool {
    let head = n.split('.').next().unwrap_or(n);
    n == "i" || table.columns.iter().any(|c| **c == *head)
}

/// Whether a constraint reads the partition column and no other column
/// of a partitioned table (nor the row number `i`).
fn tests_only_partitions(f: &Term, table: &PartedTable) -> bool {
    let mut used = HashSet::new();
    match f {
        Term::Expr(e) => referenced_names(e, &mut used),
        Term::Tree(k) => tree_names(k, &mut used),
    }
    used.contains(&*table.column) && !used.iter().any(|n| reads_row_column(n, table))
}

/// Runs a plan against a table, keyed table or dictionary given by value
/// or by name.
fn run(it: &mut Interp, from: K, q: &Plan) -> R {
    let name = match &from {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => Some(s.to_str_lossy().into_owned()),
        _ => None,
    };
    if let Some(n) = &name
        && matches!(q.kind, QueryKind::Update | QueryKind::Delete)
        && !n.starts_with(':')
    {
        it.check_global_update(n)
            .map_err(|e| with_pos(e.into(), q.pos))?;
    }
    if q.kind == QueryKind::Delete
        && !q.cols.is_empty()
        && let Some(ns) = name.as_deref().filter(|n| is_namespace(it, n))
    {
        delete_globals(it, ns, q);
        return Ok(from);
    }
    if let Some(n) = &name
        && changes_partitions(it, n, q)
    {
        return Err(at(qerr("par"), q.pos));
    }
    let (source, partitions) = match &name {
        Some(n) => match parted_source(it, n, q) {
            Some(read) => {
                let (source, partitions) = read?;
                (source, Some(partitions))
            }
            // A table on disk (qsql.md): read as `get` reads it.
            None if n.starts_with(':') => {
                let read = (it.platform.file)(it, FileVerb::Get, vec![from.clone()]);
                (read.map_err(|e| with_pos(e, q.pos))?, None)
            }
            None => (it.get_var(n).map_err(|e| at(e, q.pos))?, None),
        },
        None => (from.clone(), None),
    };
    let partitions =
        partitions.or_else(|| it.parted_read_whole(&source).map(PartitionsRead::whole));
    let result = match &source {
        K::Dict(_) if !source.is_keyed_table() => query_dict(it, &source, q)?,
        _ => query_table(it, &source, partitions, q)?,
    };
    match (q.kind, name) {
        // Called by name on disk, the table is written back.
        (QueryKind::Update | QueryKind::Delete, Some(n)) if n.starts_with(':') => {
            (it.platform.file)(it, FileVerb::Replace, vec![from.clone(), result])
                .map_err(|e| with_pos(e, q.pos))?;
            Ok(from)
        }
        (QueryKind::Update | QueryKind::Delete, Some(n)) => {
            it.set_global(&n, result);
            Ok(from)
        }
        _ => Ok(result),
    }
}

/// Runs a plan against a table or keyed table, its rows numbered within
/// `partitions` when it is partitions of a partitioned table.
fn query_table(it: &mut Interp, source: &K, partitions: Option<PartitionsRead>, q: &Plan) -> R {
    let keyed_keys = match source {
        K::Dict(d) if source.is_keyed_table() => match &d.keys {
            K::Table(k) => Some(k.cols.len()),
            _ => None,
        },
        _ => None,
    };
    let flat = keyed::unkey(source).map_err(|e| at(e, q.pos))?;
    let K::Table(t) = &flat else {
        return Err(at(qerr("type"), q.pos));
    };
    let t = &Source {
        table: t,
        partitions,
    };
    let rows = filter_rows(it, t, &q.filters)?;
    match q.kind {
        QueryKind::Select => select(it, t, rows, q, keyed_keys),
        QueryKind::Exec => exec(it, t, rows, q),
        QueryKind::Update => rekey(update(it, t, rows, q)?, keyed_keys),
        QueryKind::Delete => rekey(delete(t, &rows, q)?, keyed_keys),
    }
}

fn rekey(r: K, keyed: Option<usize>) -> Result<K, Flow> {
    match keyed {
        Some(n) => Ok(keyed::key_by(n, &r)?),
        None => Ok(r),
    }
}

// ---- names ----

/// The names an expression refers to, outside any lambda in it.
fn referenced_names(e: &Expr, out: &mut HashSet<Rc<str>>) {
    let all = |es: &[Expr], out: &mut HashSet<Rc<str>>| {
        for e in es {
            referenced_names(e, out);
        }
    };
    match e {
        Expr::Name(n, _, _) => {
            out.insert(n.clone());
        }
        Expr::Derived { f, .. } | Expr::Paren(f) => referenced_names(f, out),
        Expr::Apply { f, args, .. } => {
            referenced_names(f, out);
            all(args, out);
        }
        Expr::Monad { f, x, .. } => {
            referenced_names(f, out);
            referenced_names(x, out);
        }
        Expr::Dyad { f, x, y, .. } => {
            referenced_names(f, out);
            referenced_names(x, out);
            if let Some(y) = y {
                referenced_names(y, out);
            }
        }
        Expr::List(es) | Expr::Cond(es, _) | Expr::Block(es) => all(es, out),
        Expr::Match(m) => {
            let mut names = Vec::new();
            m.pattern.names(&mut names);
            out.extend(names);
            m.pattern
                .exprs()
                .into_iter()
                .for_each(|e| referenced_names(e, out));
            referenced_names(&m.value, out);
        }
        Expr::MatchCond(c) => {
            referenced_names(&c.value, out);
            for (p, e) in &c.arms {
                let mut names = Vec::new();
                p.names(&mut names);
                out.extend(names);
                p.exprs().into_iter().for_each(|e| referenced_names(e, out));
                referenced_names(e, out);
            }
            if let Some(d) = &c.default {
                referenced_names(d, out);
            }
        }
        Expr::Assign(a) => {
            out.insert(a.name.clone());
            referenced_names(&a.value, out);
            if let Some(ix) = &a.indices {
                all(ix, out);
            }
            if let Some(op) = &a.op {
                referenced_names(op, out);
            }
        }
        Expr::If(c, body, _) | Expr::Do(c, body, _) | Expr::While(c, body, _) => {
            referenced_names(c, out);
            all(body, out);
        }
        Expr::Return(x) | Expr::Signal(x, _) => referenced_names(x, out),
        Expr::Table { keys, cols } => {
            for (_, e) in keys.iter().chain(cols) {
                referenced_names(e, out);
            }
        }
        Expr::Query(q) => {
            referenced_names(&q.from, out);
            for (_, e) in q.cols.iter().chain(&q.by) {
                referenced_names(e, out);
            }
            all(&q.filters, out);
            if let Some(l) = &q.limit {
                referenced_names(l, out);
            }
        }
        Expr::Empty | Expr::Const(_) | Expr::Prim { .. } | Expr::Iterator(..) | Expr::Lambda(_) => {
        }
    }
}

/// The values a dotted name reaches through foreign keys (`s.name`, where
/// the column `s` enumerates over the keyed table `s`), at `rows`.
fn foreign_column(it: &Interp, t: &Table, rows: &Rows, name: &str) -> Option<K> {
    let mut parts = name.split('.');
    let head = parts.next()?;
    let p = t.names.iter().position(|n| n == head.as_bytes())?;
    if !matches!(t.cols[p], K::Enum(_)) {
        return None;
    }
    let mut v = rows.gather(&t.cols[p]);
    for part in parts {
        v = it.follow_foreign_key(&v, part)?;
    }
    Some(v)
}

/// The field of a temporal column a dotted name reads (`time.minute`,
/// `time.hh`), at `rows`.
fn column_part(t: &Table, rows: &Rows, name: &str) -> Option<Result<K, QError>> {
    let (col, part) = name.split_once('.')?;
    let p = t.names.iter().position(|n| n == col.as_bytes())?;
    crate::q::kernels::casts::temporal_field(part, &rows.gather(&t.cols[p]))
}

/// The position of a Cond (`$[c;a;b]`) in a query phrase, outside
/// lambdas: q does not support Cond there and signals `'rank` (qsql.md).
fn cond_position(e: &Expr) -> Option<crate::q::syntax::ast::Pos> {
    let first = |es: &[Expr]| es.iter().find_map(cond_position);
    match e {
        Expr::Cond(_, pos) => Some(*pos),
        Expr::Derived { f, .. } => cond_position(f),
        Expr::Apply { f, args, .. } => cond_position(f).or_else(|| first(args)),
        Expr::Monad { f, x, .. } => cond_position(f).or_else(|| cond_position(x)),
        Expr::Dyad { f, x, y, .. } => cond_position(f)
            .or_else(|| cond_position(x))
            .or_else(|| y.as_deref().and_then(cond_position)),
        Expr::List(es) | Expr::Block(es) => first(es),
        _ => None,
    }
}

/// Evaluates `e` with the columns of `t` it names (and `i`, the row
/// numbers) bound to their values at `rows`.
fn eval_rows(it: &mut Interp, t: &Source, rows: &Rows, term: &Term) -> R {
    let mut used = HashSet::new();
    match term {
        Term::Expr(e) => {
            if let Some(pos) = cond_position(e) {
                return Err(at(qerr("rank"), pos));
            }
            referenced_names(e, &mut used);
        }
        Term::Tree(k) => tree_names(k, &mut used),
    }
    let mut names: Vec<Rc<str>> = Vec::new();
    let mut values: Vec<K> = Vec::new();
    for n in &used {
        if let Some(p) = t.names.iter().position(|m| m == n.as_bytes()) {
            names.push(n.clone());
            values.push(rows.gather(&t.cols[p]));
        } else if &**n == "i" {
            names.push(n.clone());
            values.push(K::longs(t.row_numbers(it, rows)?));
        } else if let Some(v) = foreign_column(it, t, rows, n) {
            names.push(n.clone());
            values.push(v);
        } else if let Some(v) = column_part(t, rows, n) {
            names.push(n.clone());
            values.push(v?);
        }
    }
    it.push_columns(names, values);
    let r = match term {
        Term::Expr(e) => it.eval(e),
        Term::Tree(k) => eval_tree(it, k),
    };
    it.pop_columns();
    r
}

/// The names a parse tree refers to: its symbol atoms.
fn tree_names(k: &K, out: &mut HashSet<Rc<str>>) {
    match k {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => {
            out.insert(Rc::from(s.to_str_lossy().as_ref()));
        }
        K::List(l) => {
            for i in &l.items {
                tree_names(i, out);
            }
        }
        _ => {}
    }
}

/// The name a column expression gets when none is written (qsql.md: the
/// leftmost term, else `x`). An arithmetic or comparison primitive's left
/// argument is its leftmost term, a structural one's right; a function
/// called by name (`f x`, `size wavg price`,
/// `5 xbar time.minute`) is named after its last argument, as is an
/// iterated function applied infix (`-3#'time`). Constants, iterated
/// functions applied prefix and the virtual column `i` give no name.
fn default_name(e: &Expr) -> Option<Rc<str>> {
    match e {
        Expr::Name(n, _, _) => {
            let last = n.rsplit('.').next().unwrap_or(n);
            (last != "i" && !last.is_empty()).then(|| Rc::from(last))
        }
        Expr::Monad { x, .. } => default_name(x),
        Expr::Dyad { f, x, y, .. } => match &**f {
            // A symbol or character on the left is a type or a value the
            // column is compared with (`` `time$avg t ``, `` `a=s ``): the
            // name comes from the right.
            Expr::Prim { .. } if is_text_constant(x) => y.as_deref().and_then(default_name),
            // A structural primitive's left is a count, keys or a fill
            // (q for mortals §9: `2#dt` is `dt`, `p!v` and `p,'v` are
            // `v`); arithmetic and comparison take their left (qsql.md:
            // `c3*2` is `c3`, `2*c2` is `x`).
            Expr::Prim { prim, .. } if prim.shapes_its_right() => {
                y.as_deref().and_then(default_name)
            }
            Expr::Prim { .. } => default_name(x),
            Expr::Name(..) => y.as_deref().and_then(default_name),
            // An iterated function takes its name from the right
            // (programming-idioms.md: `-3#'time` is `time`).
            Expr::Derived { .. } => y.as_deref().and_then(default_name),
            _ => None,
        },
        Expr::Apply { f, args, .. } => match &**f {
            Expr::Prim { .. } => args.first().and_then(default_name),
            Expr::Name(n, _, _) if !is_function_name(n) && args.len() == 1 => default_name(f),
            Expr::Name(..) | Expr::Lambda(_) => args.last().and_then(default_name),
            // iterators/index.md: `rng'[price]` is `price`.
            Expr::Derived { .. } => args.last().and_then(default_name),
            _ => None,
        },
        _ => None,
    }
}

fn is_text_constant(e: &Expr) -> bool {
    matches!(e, Expr::Const(k) if matches!(k.type_code().abs(), 10 | 11))
}

fn is_function_name(n: &str) -> bool {
    super::builtin::lookup(n).is_some()
}

/// Result column names: written, derived, or `x`, made unique with
/// suffixes `1`, `2`...
fn term_name(t: &Term) -> Option<Rc<str>> {
    match t {
        Term::Expr(e) => default_name(e),
        Term::Tree(k) => k
            .as_sym()
            .map(|s| Rc::from(s.to_str_lossy().as_ref()))
            .filter(|n: &Rc<str>| &**n != "i"),
    }
}

fn column_names(cols: &[Phrase]) -> Vec<Rc<str>> {
    let mut out: Vec<Rc<str>> = Vec::with_capacity(cols.len());
    for (name, e) in cols {
        let base = name
            .clone()
            .or_else(|| term_name(e))
            .unwrap_or_else(|| Rc::from("x"));
        let mut n = base.clone();
        let mut k = 1;
        while out.contains(&n) {
            n = Rc::from(format!("{base}{k}"));
            k += 1;
        }
        out.push(n);
    }
    out
}

/// The names of a query's result columns, as the query would name them.
pub(super) fn query_column_names(cols: &[(Option<Rc<str>>, Expr)]) -> Vec<Rc<str>> {
    let phrases: Vec<Phrase> = cols
        .iter()
        .map(|(n, e)| (n.clone(), Term::Expr(e.clone())))
        .collect();
    column_names(&phrases)
}

fn to_table(names: &[Rc<str>], vals: Vec<K>) -> Result<K, QError> {
    table::from_columns(names.iter().cloned().zip(vals).collect())
}

// ---- where, limits ----

/// Row positions that pass every where-constraint, each applied to the
/// rows the previous ones left.
fn filter_rows(it: &mut Interp, t: &Source, filters: &[Term]) -> R<Rows> {
    let mut rows = Rows::All(t.rows());
    for f in filters {
        let v = eval_rows(it, t, &rows, f)?;
        let keep: Vec<usize> = match &v {
            K::Vector(vec) if vec.ty == Type::Boolean => {
                if vec.len() != rows.len() {
                    return Err(qerr("length").into());
                }
                table::true_positions(&v)?
                    .into_iter()
                    .map(|p| p as usize)
                    .collect()
            }
            K::Atom(Type::Boolean, Scalar::U8(b)) => {
                if *b != 0 {
                    continue;
                }
                Vec::new()
            }
            K::Vector(_) => list::longs_of(&v)?
                .into_iter()
                .filter(|&p| p >= 0 && (p as usize) < rows.len())
                .map(|p| p as usize)
                .collect(),
            // A function applied to each of no rows gives `()`: no rows.
            K::List(l) if l.items.is_empty() && rows.len() == 0 => Vec::new(),
            _ => return Err(qerr("type").into()),
        };
        rows = rows.pick(keep.into_iter());
    }
    Ok(rows)
}

/// A `select[...]` limit: how many rows (or which) and an order.
struct Limit<'a> {
    count: Option<&'a Expr>,
    order: Option<(bool, &'a Expr)>,
}

fn parse_limit(e: &Expr) -> Limit<'_> {
    fn order(e: &Expr) -> Option<(bool, &Expr)> {
        match e {
            Expr::Monad { f, x, .. } => match &**f {
                Expr::Prim { prim, .. } if prim.glyph() == "<" => Some((false, &**x)),
                Expr::Prim { prim, .. } if prim.glyph() == ">" => Some((true, &**x)),
                _ => None,
            },
            _ => None,
        }
    }
    match e {
        Expr::List(parts) if parts.len() == 2 => Limit {
            count: Some(&parts[0]),
            order: order(&parts[1]),
        },
        _ => match order(e) {
            Some(o) => Limit {
                count: None,
                order: Some(o),
            },
            None => Limit {
                count: Some(e),
                order: None,
            },
        },
    }
}

/// Applies a select limit to the selected rows: sorts them by the order
/// expression, then keeps the first or last n, or n from m.
fn limit_rows(it: &mut Interp, t: &Source, rows: Rows, l: &Expr) -> R<Rows> {
    let lim = parse_limit(l);
    let mut rows = rows;
    if let Some((desc, e)) = lim.order {
        let key = eval_rows(it, t, &rows, &Term::Expr(e.clone()))?;
        let g = crate::q::kernels::listops::grade(&key, desc)?;
        rows = rows.pick(g.into_iter());
    }
    if let Some(c) = lim.count {
        let n = it.eval(c)?;
        let len = rows.len() as i64;
        let (start, end) = match list::longs_of(&n)?.as_slice() {
            [n] if *n >= 0 => (0, (*n).min(len)),
            [n] => ((len + n).max(0), len),
            [s, n] => ((*s).clamp(0, len), (s + n).clamp(0, len)),
            _ => return Err(qerr("length").into()),
        };
        rows = rows.pick(start as usize..end.max(start) as usize);
    }
    Ok(rows)
}

/// Splits a leading `distinct` off a select phrase.
fn strip_distinct(cols: &[Phrase]) -> (bool, Vec<Phrase>) {
    match cols.first() {
        Some((None, Term::Expr(Expr::Name(n, _, _)))) if &**n == "distinct" => {
            (true, cols[1..].to_vec())
        }
        Some((name, Term::Expr(Expr::Monad { f, x, .. }))) if matches!(&**f, Expr::Name(n, _, _) if &**n == "distinct") =>
        {
            let mut rest = cols.to_vec();
            rest[0] = (name.clone(), Term::Expr((**x).clone()));
            (true, rest)
        }
        _ => (false, cols.to_vec()),
    }
}

// ---- select ----

fn select(it: &mut Interp, t: &Source, rows: Rows, q: &Plan, keyed: Option<usize>) -> R {
    let (distinct, cols) = strip_distinct(&q.cols);
    let rows = match (&q.limit, q.by.is_empty()) {
        (Some(l), true) => limit_rows(it, t, rows, l)?,
        _ => rows,
    };
    let r = if !q.by.is_empty() {
        let r = select_by(it, t, &rows, q, &cols)?;
        match &q.limit {
            Some(l) => match parse_limit(l).count {
                Some(c) => {
                    let n = it.eval(c)?;
                    let n = n.as_i64().ok_or_else(|| qerr("type"))?;
                    crate::q::kernels::listops::take_n(
                        n.clamp(-(r.count() as i64), r.count() as i64),
                        &r,
                    )
                }
                None => r,
            },
            None => r,
        }
    } else if cols.is_empty() {
        let sub = K::table(
            t.names.clone(),
            t.cols.iter().map(|c| rows.gather(c)).collect(),
        );
        return rekey(if distinct { distinct_rows(&sub)? } else { sub }, keyed);
    } else {
        let names = column_names(&cols);
        let mut vals = Vec::with_capacity(names.len());
        for (_, e) in &cols {
            vals.push(eval_rows(it, t, &rows, e)?);
        }
        if vals.iter().all(K::is_atom) {
            vals = vals.into_iter().map(list::enlist).collect();
        }
        to_table(&names, vals)?
    };
    Ok(if distinct { distinct_rows(&r)? } else { r })
}

fn distinct_rows(x: &K) -> Result<K, QError> {
    crate::q::kernels::table::distinct(x)
}

/// The groups of a by phrase over the selected rows, in ascending order
/// of their keys, with the key table.
struct ByGroups {
    names: Vec<Rc<str>>,
    groups: Groups,
    /// Group numbers in key order.
    order: Vec<usize>,
    /// The key columns, one item per group, in key order.
    keys: Vec<K>,
}

fn group_phrase(it: &mut Interp, t: &Source, rows: &Rows, by: &[Phrase]) -> R<ByGroups> {
    let names = column_names(by);
    let mut vals = Vec::with_capacity(by.len());
    for (_, e) in by {
        vals.push(eval_rows(it, t, rows, e)?);
    }
    let n = rows.len();
    if vals.iter().any(|v| !v.is_atom() && v.count() != n) {
        return Err(qerr("length").into());
    }
    let groups = table::group_by(&vals, n);
    let first: Vec<i64> = groups.first.iter().map(|&r| r as i64).collect();
    let key_cols: Vec<K> = vals
        .iter()
        .map(|v| {
            if v.is_atom() {
                crate::q::kernels::listops::take_n(first.len() as i64, v)
            } else {
                list::gather(v, &first)
            }
        })
        .collect();
    let key_table = K::table(
        names.iter().map(|n| n.as_bytes()).collect(),
        key_cols.clone(),
    );
    let order = crate::q::kernels::listops::grade(&key_table, false)?;
    let sorted: Vec<i64> = order.iter().map(|&g| g as i64).collect();
    let keys = key_cols.iter().map(|c| list::gather(c, &sorted)).collect();
    Ok(ByGroups {
        names,
        groups,
        order,
        keys,
    })
}

fn select_by(it: &mut Interp, t: &Source, rows: &Rows, q: &Plan, cols: &[Phrase]) -> R {
    let bg = group_phrase(it, t, rows, &q.by)?;
    let (col_names, col_exprs): (Vec<Rc<str>>, Vec<Term>) = if cols.is_empty() {
        // select by c from t: the last row of each group.
        let names: Vec<Rc<str>> = table::column_names(t)
            .into_iter()
            .filter(|n| !bg.names.iter().any(|b| &**b == n.as_str()))
            .map(|n| Rc::from(n.as_str()))
            .collect();
        let exprs = names
            .iter()
            .map(|n| {
                Term::Expr(Expr::Monad {
                    f: Box::new(Expr::Name(Rc::from("last"), q.pos, Slot::NONE)),
                    x: Box::new(Expr::Name(n.clone(), q.pos, Slot::NONE)),
                    pos: q.pos,
                })
            })
            .collect();
        (names, exprs)
    } else {
        let names = column_names(cols);
        // A column named like a group is an error (qsql.md).
        if let Some(n) = names.iter().find(|n| bg.names.contains(n)) {
            return Err(at(qerr(format!("dup names for cols/groups {n}")), q.pos));
        }
        (names, cols.iter().map(|(_, e)| e.clone()).collect())
    };
    let mut vals = Vec::with_capacity(col_exprs.len());
    for e in &col_exprs {
        vals.push(grouped_column(it, t, rows, &bg, e)?);
    }
    let key_table = K::table(bg.names.iter().map(|n| n.as_bytes()).collect(), bg.keys);
    let value_table = if vals.is_empty() {
        K::table(SymVec::new(), Vec::new())
    } else {
        K::table(col_names.iter().map(|n| n.as_bytes()).collect(), vals)
    };
    Ok(K::dict(key_table, value_table))
}

/// One result column of a grouped select: a value per group, in key order.
fn grouped_column(it: &mut Interp, t: &Source, rows: &Rows, bg: &ByGroups, e: &Term) -> R {
    if let Some(v) = fast_aggregate(t, rows, bg, e)? {
        return Ok(v);
    }
    let mut out = Vec::with_capacity(bg.order.len());
    for &g in &bg.order {
        let grows = rows.pick(bg.groups.rows(g).iter().copied());
        out.push(eval_rows(it, t, &grows, e)?);
    }
    Ok(if out.is_empty() {
        K::list(out)
    } else {
        list::from_items(out)
    })
}

/// `agg column` for the common aggregations, computed in one pass over
/// the groups; `None` when the expression is anything else.
/// The aggregate and column of `agg col` (or the tree `(agg;`col)`).
fn aggregate_of(e: &Term) -> Option<(Rc<str>, Rc<str>)> {
    match e {
        Term::Expr(e) => {
            let (f, x) = match e {
                Expr::Monad { f, x, .. } => (&**f, &**x),
                Expr::Apply { f, args, .. } if args.len() == 1 => (&**f, &args[0]),
                _ => return None,
            };
            match (f, x) {
                (Expr::Name(agg, _, _), Expr::Name(col, _, _)) => Some((agg.clone(), col.clone())),
                _ => None,
            }
        }
        Term::Tree(K::List(l)) if l.items.len() == 2 => {
            let col = l.items[1].as_sym()?;
            let agg = match &l.items[0] {
                K::Func(f) => match **f {
                    crate::k::Func::Unary(13) => "count",
                    crate::k::Func::Unary(3) => "first",
                    crate::k::Func::Unary(24) => "last",
                    crate::k::Func::Unary(25) => "sum",
                    crate::k::Func::Unary(23) => "avg",
                    crate::k::Func::Unary(27) => "min",
                    crate::k::Func::Unary(28) => "max",
                    _ => return None,
                },
                _ => return None,
            };
            Some((Rc::from(agg), Rc::from(col.to_str_lossy().as_ref())))
        }
        Term::Tree(_) => None,
    }
}

fn fast_aggregate(t: &Table, rows: &Rows, bg: &ByGroups, e: &Term) -> Result<Option<K>, QError> {
    let Some((agg, col)) = aggregate_of(e) else {
        return Ok(None);
    };
    let groups = &bg.groups;
    if &*agg == "count" && (&*col == "i" || t.names.iter().any(|n| n == col.as_bytes())) {
        return Ok(Some(K::longs(
            bg.order
                .iter()
                .map(|&g| groups.rows(g).len() as i64)
                .collect(),
        )));
    }
    let Some(p) = t.names.iter().position(|n| n == col.as_bytes()) else {
        return Ok(None);
    };
    let column = &t.cols[p];
    match &*agg {
        "first" | "last" => {
            let pick: Vec<i64> = bg
                .order
                .iter()
                .map(|&g| {
                    let r = groups.rows(g);
                    let p = if &*agg == "first" {
                        r[0]
                    } else {
                        r[r.len() - 1]
                    };
                    rows.row(p) as i64
                })
                .collect();
            Ok(Some(list::gather(column, &pick)))
        }
        "sum" | "avg" | "max" | "min" => {
            let K::Vector(v) = column else {
                return Ok(None);
            };
            // One pass down the column, folding each row into its group's
            // accumulator: rows are read in order (so sums add up as a fold
            // over each group's rows would), with no gathering group by group.
            let ids = (&groups.ids[..], groups.len());
            let skip_long = |x: i64| x == crate::k::NULL_LONG;
            let out = match (&*agg, &v.data) {
                ("sum", Data::I64(d)) => {
                    let per = per_group(ids, rows, d, 0i64, |a, x| {
                        if skip_long(x) { a } else { a.wrapping_add(x) }
                    });
                    K::vector(v.ty, Data::I64(in_order(&bg.order, per)))
                }
                ("sum", Data::F64(d)) => {
                    let per = per_group(
                        ids,
                        rows,
                        d,
                        0.0f64,
                        |a, x| {
                            if x.is_nan() { a } else { a + x }
                        },
                    );
                    K::vector(v.ty, Data::F64(in_order(&bg.order, per)))
                }
                ("avg", Data::I64(d)) => {
                    let per = per_group(ids, rows, d, (0.0f64, 0usize), |(s, n), x| {
                        if skip_long(x) {
                            (s, n)
                        } else {
                            (s + x as f64, n + 1)
                        }
                    });
                    K::floats(
                        in_order(&bg.order, per)
                            .into_iter()
                            .map(|(s, n)| {
                                if n == 0 {
                                    crate::k::null_float()
                                } else {
                                    s / n as f64
                                }
                            })
                            .collect(),
                    )
                }
                ("avg", Data::F64(d)) if v.ty == Type::Float => {
                    let per = per_group(ids, rows, d, (0.0f64, 0usize), |(s, n), x| {
                        if x.is_nan() { (s, n) } else { (s + x, n + 1) }
                    });
                    K::floats(
                        in_order(&bg.order, per)
                            .into_iter()
                            .map(|(s, n)| {
                                if n == 0 || s.is_nan() {
                                    crate::k::null_float()
                                } else if s.is_infinite() {
                                    s
                                } else {
                                    s / n as f64
                                }
                            })
                            .collect(),
                    )
                }
                ("max", Data::I64(d)) => {
                    // Null is the smallest long; a group of nulls gives -0W.
                    let per = per_group(ids, rows, d, -crate::k::INF_LONG, |a, x| {
                        if skip_long(x) { a } else { a.max(x) }
                    });
                    K::vector(v.ty, Data::I64(in_order(&bg.order, per)))
                }
                ("min", Data::I64(d)) => {
                    let per = per_group(ids, rows, d, crate::k::INF_LONG, |a, x| {
                        if skip_long(x) { a } else { a.min(x) }
                    });
                    K::vector(v.ty, Data::I64(in_order(&bg.order, per)))
                }
                _ => return Ok(None),
            };
            Ok(Some(out))
        }
        _ => Ok(None),
    }
}

/// Per-group values taken in key order.
fn in_order<A: Copy>(order: &[usize], per: Vec<A>) -> Vec<A> {
    order.iter().map(|&g| per[g]).collect()
}

/// Folds each selected row's item of `d` into its group's accumulator
/// (`ids`: the group of each selected row), reading rows in order.
fn per_group<T: Copy, A: Copy>(
    (ids, groups): (&[u32], usize),
    rows: &Rows,
    d: &[T],
    init: A,
    f: impl Fn(A, T) -> A,
) -> Vec<A> {
    let mut acc = vec![init; groups];
    match rows {
        Rows::All(_) => {
            for (&g, &x) in ids.iter().zip(d) {
                let a = &mut acc[g as usize];
                *a = f(*a, x);
            }
        }
        Rows::Some(picked) => {
            for (&g, &r) in ids.iter().zip(picked.iter()) {
                let a = &mut acc[g as usize];
                *a = f(*a, d[r as usize]);
            }
        }
    }
    acc
}

// ---- exec ----

fn exec(it: &mut Interp, t: &Source, rows: Rows, q: &Plan) -> R {
    if q.by.is_empty() {
        if q.cols.is_empty() {
            // exec from t: the last record.
            return Ok(match rows.len() {
                0 => list::null_item(&K::Table(Rc::new(t.table.clone()))),
                n => list::row(t, rows.row(n - 1)),
            });
        }
        if q.cols.len() == 1 && q.cols[0].0.is_none() {
            return eval_rows(it, t, &rows, &q.cols[0].1);
        }
        let names = column_names(&q.cols);
        let mut vals = Vec::with_capacity(names.len());
        for (_, e) in &q.cols {
            vals.push(eval_rows(it, t, &rows, e)?);
        }
        return Ok(K::dict(
            K::syms(names.iter().map(|n| n.as_bytes()).collect()),
            list::from_items(vals),
        ));
    }
    // exec ... by <atom>: the columns as a table.
    if q.by.len() == 1 && matches!(&q.by[0], (None, Term::Expr(Expr::Const(k))) if k.is_atom()) {
        let names = column_names(&q.cols);
        let mut vals = Vec::with_capacity(names.len());
        for (_, e) in &q.cols {
            vals.push(eval_rows(it, t, &rows, e)?);
        }
        return Ok(to_table(&names, vals)?);
    }
    let r = select_by(it, t, &rows, q, &q.cols)?;
    let K::Dict(d) = &r else {
        return Ok(r);
    };
    // Unnamed single phrases give vectors; named ones give tables.
    let keys = match &d.keys {
        K::Table(k) if k.cols.len() == 1 && q.by[0].0.is_none() => k.cols[0].clone(),
        other => other.clone(),
    };
    let vals = match &d.values {
        K::Table(v) if v.cols.len() == 1 && q.cols.len() == 1 && q.cols[0].0.is_none() => {
            v.cols[0].clone()
        }
        other => other.clone(),
    };
    Ok(K::dict(keys, vals))
}

// ---- update ----

fn update(it: &mut Interp, t: &Source, rows: Rows, q: &Plan) -> R {
    let names = column_names(&q.cols);
    let n = t.rows();
    let all_rows = matches!(rows, Rows::All(_));
    let mut out = t.table.clone();
    // With by, each column is computed per group and spread back.
    let groups: Option<ByGroups> = if q.by.is_empty() {
        None
    } else {
        Some(group_phrase(it, t, &rows, &q.by)?)
    };
    for (c, (_, e)) in q.cols.iter().enumerate() {
        let name = names[c].as_bytes();
        let existing = out.names.iter().position(|m| m == name);
        // Positions (table rows) and the values they receive.
        let (positions, values): (Vec<i64>, K) = match &groups {
            None => {
                let v = eval_rows(it, t, &rows, e)?;
                if !v.is_atom() && v.count() != rows.len() {
                    return Err(qerr("length").into());
                }
                let v = if v.is_atom() {
                    crate::q::kernels::listops::take_n(rows.len() as i64, &v)
                } else {
                    v
                };
                (rows.indices(), v)
            }
            Some(bg) => {
                // Each group's values, an atom repeated for its rows, then
                // all joined typed.
                let mut pos = Vec::with_capacity(rows.len());
                let mut pieces = Vec::with_capacity(bg.groups.len());
                for g in 0..bg.groups.len() {
                    let grows = rows.pick(bg.groups.rows(g).iter().copied());
                    let v = eval_rows(it, t, &grows, e)?;
                    if !v.is_atom() && v.count() != grows.len() {
                        return Err(qerr("length").into());
                    }
                    pos.extend(grows.indices());
                    pieces.push(if v.is_atom() {
                        crate::q::kernels::listops::take_n(grows.len() as i64, &v)
                    } else {
                        v
                    });
                }
                let vals = if pos.is_empty() {
                    K::list(Vec::new())
                } else if pieces
                    .iter()
                    .all(|p| matches!(p, K::Vector(_) | K::Enum(_)))
                {
                    crate::q::kernels::listops::raze(&K::list(pieces))
                } else {
                    // Lists, dictionaries and tables give their items one
                    // by one, a dictionary its values.
                    let items = pieces
                        .iter()
                        .flat_map(|p| (0..p.count()).map(|k| list::item(p, k)));
                    list::from_items(items.collect())
                };
                (pos, vals)
            }
        };
        let col = if all_rows && groups.is_none() {
            values
        } else {
            let base = match existing {
                Some(p) => out.cols[p].clone(),
                None => {
                    // A new column holds the values' null item where the
                    // update does not reach: a typed null, or for a list of
                    // lists the empty list of its first item's type (`""`).
                    match list::null_item(&values) {
                        null @ (K::Atom(..) | K::Enum(_) | K::Nil) => {
                            crate::q::kernels::listops::take_n(n as i64, &null)
                        }
                        empty => K::list(vec![empty; n]),
                    }
                }
            };
            scatter(base, &positions, &values, existing.is_some() && !all_rows)?
        };
        match existing {
            Some(p) => out.cols[p] = col,
            None => {
                out.names.push(name);
                out.cols.push(col);
            }
        }
    }
    Ok(K::Table(Rc::new(out)))
}

/// Whether every value of type `from` is a value of type `to`: booleans,
/// bytes, shorts and ints into wider integers, reals into floats.
fn widens_losslessly(from: Type, to: Type) -> bool {
    let rank = |t: Type| match t {
        Type::Boolean => Some(0),
        Type::Byte => Some(1),
        Type::Short => Some(2),
        Type::Int => Some(3),
        Type::Long => Some(4),
        _ => None,
    };
    match (rank(from), rank(to)) {
        (Some(a), Some(b)) => a < b,
        _ => from == Type::Real && to == Type::Float,
    }
}

/// Writes `values` into `base` at `positions`. A partial update must keep
/// a typed column's type (`strict`); values of a narrower type that
/// widens without loss (an int into a long column, as KX's csvguess.q
/// does with `sum` of booleans) take the column's type.
fn scatter(base: K, positions: &[i64], values: &K, strict: bool) -> Result<K, QError> {
    if let (K::Vector(b), K::Vector(v)) = (&base, values)
        && b.ty != v.ty
        && widens_losslessly(v.ty, b.ty)
    {
        let widened = crate::q::kernels::casts::cast_to(b.ty, values)?;
        return scatter(base, positions, &widened, strict);
    }
    if let (K::Vector(b), K::Vector(v)) = (&base, values)
        && b.ty == v.ty
    {
        // Row r takes value from[r], or keeps its own where that is -1.
        let mut from = vec![-1i64; b.data.len()];
        for (k, &p) in positions.iter().enumerate() {
            from[p as usize] = k as i64;
        }
        if let Some(data) = b.data.merged(&v.data, &from) {
            return Ok(K::vector(b.ty, data));
        }
    }
    if strict && let K::Vector(b) = &base {
        let same = match values {
            K::Vector(v) => v.ty == b.ty,
            K::List(l) => l.items.is_empty(),
            _ => false,
        };
        if !same {
            return Err(qerr("type"));
        }
    }
    let mut items = list::items(&base);
    for (k, &p) in positions.iter().enumerate() {
        items[p as usize] = list::item(values, k);
    }
    Ok(list::from_items(items))
}

// ---- delete ----

fn delete(t: &Table, rows: &Rows, q: &Plan) -> R {
    if !q.cols.is_empty() {
        let drop: Vec<Rc<str>> = q
            .cols
            .iter()
            .filter_map(|(n, e)| n.clone().or_else(|| term_name(e)))
            .collect();
        let mut names = SymVec::new();
        let mut cols = Vec::new();
        for (i, n) in t.names.iter().enumerate() {
            if !drop.iter().any(|d| d.as_bytes() == n) {
                names.push(n);
                cols.push(t.cols[i].clone());
            }
        }
        return Ok(K::table(names, cols));
    }
    let mut gone = vec![false; t.rows()];
    for r in rows.indices() {
        gone[r as usize] = true;
    }
    let keep: Vec<i64> = (0..t.rows() as i64)
        .filter(|&r| !gone[r as usize])
        .collect();
    Ok(K::table(
        t.names.clone(),
        t.cols.iter().map(|c| list::gather(c, &keep)).collect(),
    ))
}

/// Whether a symbol names a namespace (`` `. `` or `` `.foo ``).
fn is_namespace(it: &Interp, name: &str) -> bool {
    name == "."
        || (name.starts_with('.') && it.global(name).is_none() && !it.global_names(name).is_empty())
}

/// `delete a from `.`: removes variables from a namespace.
fn delete_globals(it: &mut Interp, ns: &str, q: &Plan) {
    for (n, e) in &q.cols {
        if let Some(v) = n.clone().or_else(|| term_name(e)) {
            let full = if ns == "." {
                v.to_string()
            } else {
                format!("{ns}.{v}")
            };
            it.remove_global(&full);
        }
    }
}

// ---- dictionaries ----

/// `update` and `delete` on a dictionary: its keys act as column names.
fn query_dict(it: &mut Interp, d: &K, q: &Plan) -> R {
    let K::Dict(dict) = d else {
        return Err(qerr("type").into());
    };
    match q.kind {
        QueryKind::Delete if !q.cols.is_empty() => {
            let drop: Vec<K> = q
                .cols
                .iter()
                .filter_map(|(n, e)| n.clone().or_else(|| term_name(e)))
                .map(|n| K::sym(&*n))
                .collect();
            let keep: Vec<i64> = list::items(&dict.keys)
                .iter()
                .enumerate()
                .filter(|(_, k)| {
                    !drop
                        .iter()
                        .any(|x| crate::q::kernels::verbs::identical(x, k))
                })
                .map(|(i, _)| i as i64)
                .collect();
            Ok(K::dict(
                list::gather(&dict.keys, &keep),
                list::gather(&dict.values, &keep),
            ))
        }
        QueryKind::Update if q.by.is_empty() => {
            let names = list::syms_of(&dict.keys)?;
            let table = Table {
                attr: crate::k::Attr::None,
                names: names.clone(),
                cols: list::items(&dict.values),
            };
            let mut out = d.clone();
            for (n, (_, e)) in column_names(&q.cols).iter().zip(&q.cols) {
                let v = eval_rows(it, &Source::plain(&table), &Rows::All(1), e)?;
                out = super::amend::amend(it, out, &[K::sym(&**n)], None, v)?;
            }
            Ok(out)
        }
        _ => Err(qerr("type").into()),
    }
}

// ---- functional forms ----

/// The constraints `c` of a functional query: a list of parse trees.
fn constraints(c: &K) -> Vec<Term> {
    match c {
        K::List(l) => l.items.iter().cloned().map(Term::Tree).collect(),
        _ if c.count() == 0 => Vec::new(),
        _ => vec![Term::Tree(c.clone())],
    }
}

/// Named phrases from a dictionary of names to parse trees.
fn named_trees(d: &K) -> R<Vec<Phrase>> {
    let K::Dict(d) = d else {
        return Err(qerr("type").into());
    };
    let names = list::syms_of(&d.keys)?;
    Ok(names
        .iter()
        .zip(list::items(&d.values))
        .map(|(n, t)| {
            (
                Some(Rc::from(String::from_utf8_lossy(n).as_ref())),
                Term::Tree(t),
            )
        })
        .collect())
}

/// `?[t;c;b;a]`: functional select (b is `0b` or a dict of groups) and
/// exec (b is `()` or a column name); `?[t;i;p]`: simple exec of a parse
/// tree over rows `i`.
fn functional_select(it: &mut Interp, args: Vec<K>) -> R {
    let mut a = args.into_iter();
    let t = a.next().expect("t");
    let c = a.next().expect("c");
    let b = a.next().expect("b");
    let Some(cols) = a.next() else {
        return simple_exec(it, t, &c, &b);
    };
    if matches!(&b, K::Vector(v) if v.ty == Type::Symbol && !v.is_empty()) {
        return exec_keyed_by_nothing(it, t, c, cols);
    }
    let (kind, by) = match &b {
        K::Atom(Type::Boolean, _) => (QueryKind::Select, Vec::new()),
        // Named groups with one expression (not a dict of columns) is
        // `exec e by s:s from t`, a table keying a list (exec.md).
        K::Dict(_) if !matches!(cols, K::Dict(_)) && cols.count() > 0 => {
            (QueryKind::Exec, named_trees(&b)?)
        }
        K::Dict(_) => (QueryKind::Select, named_trees(&b)?),
        K::Atom(Type::Symbol, _) => (QueryKind::Exec, vec![(None, Term::Tree(b.clone()))]),
        _ if b.count() == 0 => (QueryKind::Exec, Vec::new()),
        // A parse tree: exec ... by one expression.
        K::List(_) => (QueryKind::Exec, vec![(None, Term::Tree(b.clone()))]),
        _ => return Err(qerr("type").into()),
    };
    let cols = match &cols {
        K::Dict(_) => named_trees(&cols)?,
        K::Atom(Type::Symbol, _) => vec![(None, Term::Tree(cols.clone()))],
        _ if cols.count() == 0 => Vec::new(),
        // A parse tree: exec of one expression.
        K::List(_) => vec![(None, Term::Tree(cols.clone()))],
        _ => return Err(qerr("type").into()),
    };
    let r = run(it, t, &Plan::functional(kind, &c, by, cols))?;
    // A by of 1b selects distinct rows (funsql.md: `?[t;();1b;...]`).
    if let K::Atom(Type::Boolean, Scalar::U8(1)) = b {
        return Ok(distinct_rows(&r)?);
    }
    Ok(r)
}

/// `?[t;c;b;a]` with `b` a list of column names (funsql.md, "Group by
/// columns"): the exec of `a` over the whole table, keyed by the empty
/// symbol. A column name gives `` (enlist`)!enlist `` its value; a
/// dictionary of columns gives a one-row table keyed by a column `` ` ``
/// holding `` ` ``.
fn exec_keyed_by_nothing(it: &mut Interp, t: K, c: K, cols: K) -> R {
    let by_columns = matches!(cols, K::Dict(_));
    let r = functional_select(it, vec![t, c, K::list(Vec::new()), cols])?;
    let empty = || crate::k::SymVec::from_iter([&b""[..]]);
    match r {
        K::Dict(d) if by_columns => {
            let names = list::syms_of(&d.keys)?;
            let columns = list::items(&d.values)
                .into_iter()
                .map(|v| list::from_items(vec![v]))
                .collect();
            Ok(K::dict(
                K::table(empty(), vec![K::syms(empty())]),
                K::table(names, columns),
            ))
        }
        other => Ok(K::dict(K::syms(empty()), K::list(vec![other]))),
    }
}

fn simple_exec(it: &mut Interp, t: K, i: &K, p: &K) -> R {
    let t = match &t {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => it.get_var(&s.to_str_lossy())?,
        _ => t,
    };
    let flat = keyed::unkey(&t)?;
    let K::Table(tb) = &flat else {
        return Err(qerr("type").into());
    };
    let rows = Rows::Some(list::longs_of(i)?);
    let source = Source {
        table: tb,
        partitions: it.parted_read_whole(&t).map(PartitionsRead::whole),
    };
    eval_rows(it, &source, &rows, &Term::Tree(p.clone()))
}

/// `![t;c;b;a]`: functional update (a is a dict of new columns) and
/// delete (a is a list of column names, or empty to delete the rows
/// matching c).
fn functional_update(it: &mut Interp, args: Vec<K>) -> R {
    let mut a = args.into_iter();
    let t = a.next().expect("t");
    let c = a.next().expect("c");
    let b = a.next().expect("b");
    let cols = a.next().expect("a");
    let by = match &b {
        K::Dict(_) => named_trees(&b)?,
        _ => Vec::new(),
    };
    let (kind, cols) = match &cols {
        K::Dict(_) => (QueryKind::Update, named_trees(&cols)?),
        _ => {
            let names = if cols.count() == 0 {
                SymVec::new()
            } else {
                list::syms_of(&cols)?
            };
            let phrases = names
                .iter()
                .map(|n| {
                    (
                        Some(Rc::from(String::from_utf8_lossy(n).as_ref())),
                        Term::Tree(K::sym(n)),
                    )
                })
                .collect();
            (QueryKind::Delete, phrases)
        }
    };
    run(it, t, &Plan::functional(kind, &c, by, cols))
}

/// Evaluates a parse tree (see `tree.rs`).
fn eval_tree(it: &mut Interp, tree: &K) -> R {
    it.eval_tree(tree)
}

/// The qSQL entry points that builtins reach (`?`, `!` and `eval` with
/// their functional forms), as methods so that the builtin table, below
/// this file, names none of it.
impl Interp {
    /// `?[t;c;b;a]` and `?[t;i;p]`.
    pub(crate) fn select_functional(&mut self, args: Vec<K>) -> R {
        functional_select(self, args)
    }

    /// `![t;c;b;a]`.
    pub(crate) fn update_functional(&mut self, args: Vec<K>) -> R {
        functional_update(self, args)
    }

    /// `eval x`: evaluates a parse tree.
    pub(crate) fn eval_parse_tree(&mut self, tree: &K) -> R {
        eval_tree(self, tree)
    }
}
