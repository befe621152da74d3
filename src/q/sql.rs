//! qSQL: `select`, `exec`, `update` and `delete` templates, and the
//! functional select `?[t;c;b;a]`.

use std::rc::Rc;

use crate::k::{K, QError, Scalar, SymVec, Table, Type, qerr};

use super::ast::{Expr, Query, QueryKind};
use super::interp::{Flow, Interp, R, at};
use super::list;
use super::table;

/// Evaluates a qSQL query.
pub(crate) fn eval_query(it: &mut Interp, q: &Query) -> R {
    let from = it.eval(&q.from)?;
    let (name, source) = match &from {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => {
            let n = s.to_str_lossy().into_owned();
            (Some(n.clone()), it.get_var(&n).map_err(|e| at(e, q.pos))?)
        }
        _ => (None, from.clone()),
    };
    let keyed_keys = match &source {
        K::Dict(d) if source.is_keyed_table() => match &d.keys {
            K::Table(k) => Some(k.cols.len()),
            _ => None,
        },
        _ => None,
    };
    let flat = table::unkey(&source).map_err(|e| at(e, q.pos))?;
    let K::Table(t) = &flat else {
        return Err(at(qerr("type"), q.pos));
    };
    let t = (**t).clone();
    let rows = filter_rows(it, &t, &q.filters)?;
    let result = match q.kind {
        QueryKind::Select => select(it, &t, &rows, q, keyed_keys)?,
        QueryKind::Exec => exec(it, &t, &rows, q)?,
        QueryKind::Update => {
            let r = update(it, &t, &rows, q)?;
            rekey(r, keyed_keys)?
        }
        QueryKind::Delete => {
            let r = delete(&t, &rows, q)?;
            rekey(r, keyed_keys)?
        }
    };
    match (q.kind, name) {
        (QueryKind::Update | QueryKind::Delete, Some(n)) => {
            it.set_global(&n, result);
            Ok(from)
        }
        _ => Ok(result),
    }
}

fn rekey(r: K, keyed: Option<usize>) -> Result<K, Flow> {
    match keyed {
        Some(n) => Ok(table::key_by(n, &r)?),
        None => Ok(r),
    }
}

/// Row positions that pass every where-constraint (each applied to the
/// rows the previous ones left).
fn filter_rows(it: &mut Interp, t: &Table, filters: &[Expr]) -> R<Vec<i64>> {
    let mut rows: Vec<i64> = (0..t.rows() as i64).collect();
    for f in filters {
        let sub = subset(t, &rows);
        let v = eval_in(it, &sub, &rows, f)?;
        let keep = match &v {
            K::Vector(vec) if vec.ty == Type::Boolean => table::true_positions(&v)?,
            K::Atom(Type::Boolean, _) => {
                if table::true_positions(&v)?.is_empty() {
                    Vec::new()
                } else {
                    (0..rows.len() as i64).collect()
                }
            }
            K::Vector(_) => list::longs_of(&v)?,
            _ => return Err(qerr("type").into()),
        };
        rows = keep
            .into_iter()
            .filter_map(|i| rows.get(i as usize).copied())
            .collect();
    }
    Ok(rows)
}

fn subset(t: &Table, rows: &[i64]) -> Table {
    if rows.len() == t.rows() && rows.iter().enumerate().all(|(i, r)| i as i64 == *r) {
        return t.clone();
    }
    Table {
        attr: crate::k::Attr::None,
        names: t.names.clone(),
        cols: t.cols.iter().map(|c| list::gather(c, rows)).collect(),
    }
}

/// Evaluates `e` with the columns of `t` (and `i`, the row numbers) as variables.
fn eval_in(it: &mut Interp, t: &Table, rows: &[i64], e: &Expr) -> R {
    let mut names: Vec<Rc<str>> = table::column_names(t)
        .into_iter()
        .map(|n| Rc::from(n.as_str()))
        .collect();
    let mut values = t.cols.clone();
    names.push(Rc::from("i"));
    values.push(K::longs(rows.to_vec()));
    it.push_columns(names, values);
    let r = it.eval(e);
    it.pop_columns();
    r
}

/// The name a column expression gets when none is written (qsql.md: the
/// leftmost term, else `x`). A primitive's left argument is its leftmost
/// term; a function called by name (`f x`, `size wavg price`,
/// `5 xbar time.minute`) is named after its last argument. Constants,
/// iterated functions and the virtual column `i` give no name.
fn default_name(e: &Expr) -> Option<Rc<str>> {
    match e {
        Expr::Name(n, _) => {
            let last = n.rsplit('.').next().unwrap_or(n);
            (last != "i" && !last.is_empty()).then(|| Rc::from(last))
        }
        Expr::Monad { x, .. } => default_name(x),
        Expr::Dyad { f, x, y, .. } => match &**f {
            Expr::Prim { .. } => default_name(x),
            Expr::Name(..) => y.as_deref().and_then(default_name),
            _ => None,
        },
        Expr::Apply { f, args, .. } => match &**f {
            Expr::Prim { .. } => args.first().and_then(default_name),
            Expr::Name(n, _) if !is_function_name(n) && args.len() == 1 => default_name(f),
            Expr::Name(..) | Expr::Lambda(_) => args.last().and_then(default_name),
            _ => None,
        },
        _ => None,
    }
}

fn is_function_name(n: &str) -> bool {
    super::builtin::lookup(n).is_some()
}

fn column_names(cols: &[(Option<Rc<str>>, Expr)]) -> Vec<Rc<str>> {
    let mut out: Vec<Rc<str>> = Vec::with_capacity(cols.len());
    for (name, e) in cols {
        let base = name
            .clone()
            .or_else(|| default_name(e))
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

fn to_table(names: &[Rc<str>], vals: Vec<K>) -> Result<K, QError> {
    table::from_columns(names.iter().cloned().zip(vals).collect())
}

fn select(it: &mut Interp, t: &Table, rows: &[i64], q: &Query, keyed: Option<usize>) -> R {
    let sub = subset(t, rows);
    if q.by.is_empty() {
        if q.cols.is_empty() {
            let r = K::Table(Rc::new(sub));
            let r = limit(it, r, q)?;
            return rekey(r, keyed);
        }
        let names = column_names(&q.cols);
        let mut vals = Vec::with_capacity(names.len());
        for (_, e) in &q.cols {
            vals.push(eval_in(it, &sub, rows, e)?);
        }
        if vals.iter().all(K::is_atom) {
            vals = vals.into_iter().map(list::enlist).collect();
        }
        let r = to_table(&names, vals)?;
        return limit(it, r, q);
    }
    // Grouped: evaluate by-expressions over the filtered rows, then each
    // column expression over each group.
    let by_names = column_names(&q.by);
    let mut by_vals = Vec::with_capacity(q.by.len());
    for (_, e) in &q.by {
        by_vals.push(eval_in(it, &sub, rows, e)?);
    }
    let gt = Table {
        attr: crate::k::Attr::None,
        names: by_names.iter().map(|n| n.as_bytes()).collect(),
        cols: by_vals.clone(),
    };
    let (keys, groups) = table::group_rows(&gt, &by_vals);
    // Groups are shown in ascending key order.
    let key_table = K::table(
        gt.names.clone(),
        (0..by_vals.len())
            .map(|c| list::from_items(keys.iter().map(|k| k[c].clone()).collect()))
            .collect(),
    );
    let order = super::listops::grade(&key_table, false)?;
    let (col_names, col_exprs): (Vec<Rc<str>>, Vec<Expr>) = if q.cols.is_empty() {
        // select by c from t: the last row of each group.
        let names: Vec<Rc<str>> = table::column_names(t)
            .into_iter()
            .filter(|n| !by_names.iter().any(|b| &**b == n.as_str()))
            .map(|n| Rc::from(n.as_str()))
            .collect();
        let exprs = names
            .iter()
            .map(|n| Expr::Monad {
                f: Box::new(Expr::Name(Rc::from("last"), q.pos)),
                x: Box::new(Expr::Name(n.clone(), q.pos)),
                pos: q.pos,
            })
            .collect();
        (names, exprs)
    } else {
        let names = column_names(&q.cols);
        // A column named like a group is an error (qsql.md).
        if let Some(n) = names.iter().find(|n| by_names.contains(n)) {
            return Err(at(qerr(format!("dup names for cols/groups {n}")), q.pos));
        }
        (names, q.cols.iter().map(|(_, e)| e.clone()).collect())
    };
    let mut cols: Vec<Vec<K>> = vec![Vec::with_capacity(groups.len()); col_names.len()];
    for &g in &order {
        let grows: Vec<i64> = groups[g].iter().map(|&r| rows[r as usize]).collect();
        let gsub = subset(t, &grows);
        for (c, e) in col_exprs.iter().enumerate() {
            cols[c].push(eval_in(it, &gsub, &grows, e)?);
        }
    }
    let sorted_keys = list::gather(
        &key_table,
        &order.iter().map(|&i| i as i64).collect::<Vec<_>>(),
    );
    let vals: Vec<K> = cols
        .into_iter()
        .map(|c| {
            if c.is_empty() {
                K::list(c)
            } else {
                list::from_items(c)
            }
        })
        .collect();
    let value_table = if vals.is_empty() {
        K::table(SymVec::new(), Vec::new())
    } else {
        K::table(col_names.iter().map(|n| n.as_bytes()).collect(), vals)
    };
    Ok(K::dict(sorted_keys, value_table))
}

fn limit(it: &mut Interp, r: K, q: &Query) -> R {
    let Some(l) = &q.limit else {
        return Ok(r);
    };
    let n = it.eval(l)?;
    match list::longs_of(&n)?.as_slice() {
        [n] => Ok(super::listops::take_n(
            (*n).min(r.count() as i64).max(-(r.count() as i64)),
            &r,
        )),
        [s, n] => Ok(list::slice(&r, *s as usize, (*s + *n) as usize)),
        _ => Err(qerr("length").into()),
    }
}

fn exec(it: &mut Interp, t: &Table, rows: &[i64], q: &Query) -> R {
    let sub = subset(t, rows);
    if q.by.is_empty() {
        if q.cols.len() == 1 && q.cols[0].0.is_none() {
            return eval_in(it, &sub, rows, &q.cols[0].1);
        }
        let names = column_names(&q.cols);
        let mut vals = Vec::with_capacity(names.len());
        for (_, e) in &q.cols {
            vals.push(eval_in(it, &sub, rows, e)?);
        }
        return Ok(K::dict(
            K::syms(names.iter().map(|n| n.as_bytes()).collect()),
            list::from_items(vals),
        ));
    }
    let r = select(it, t, rows, q, None)?;
    match &r {
        K::Dict(d) => {
            let keys = match &d.keys {
                K::Table(k) if k.cols.len() == 1 => k.cols[0].clone(),
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
        _ => Ok(r),
    }
}

fn update(it: &mut Interp, t: &Table, rows: &[i64], q: &Query) -> R {
    let names = column_names(&q.cols);
    let n = t.rows();
    let all_rows = rows.len() == n;
    let mut out = t.clone();
    let sub = subset(t, rows);
    // With by, each column is computed per group and spread back.
    let groups: Vec<Vec<i64>> = if q.by.is_empty() {
        vec![(0..rows.len() as i64).collect()]
    } else {
        let mut by_vals = Vec::new();
        for (_, e) in &q.by {
            by_vals.push(eval_in(it, &sub, rows, e)?);
        }
        let gt = Table {
            attr: crate::k::Attr::None,
            names: (0..by_vals.len()).map(|_| "g").collect(),
            cols: by_vals.clone(),
        };
        table::group_rows(&gt, &by_vals).1
    };
    for (c, (_, e)) in q.cols.iter().enumerate() {
        let mut new_vals: Vec<Option<K>> = vec![None; rows.len()];
        for g in &groups {
            let grows: Vec<i64> = g.iter().map(|&r| rows[r as usize]).collect();
            let gsub = subset(t, &grows);
            let v = eval_in(it, &gsub, &grows, e)?;
            if !v.is_atom() && v.count() != g.len() {
                return Err(qerr("length").into());
            }
            for (k, &r) in g.iter().enumerate() {
                new_vals[r as usize] = Some(if v.is_atom() {
                    v.clone()
                } else {
                    list::item(&v, k)
                });
            }
        }
        let name = names[c].as_bytes();
        let existing = out.names.iter().position(|m| m == name);
        let base: Vec<K> = match existing {
            Some(p) => list::items(&out.cols[p]),
            None => {
                let proto = new_vals.iter().flatten().next().cloned().unwrap_or(K::Nil);
                vec![list::null_like(&proto); n]
            }
        };
        let mut items = base;
        for (k, v) in new_vals.into_iter().enumerate() {
            if let Some(v) = v {
                items[rows[k] as usize] = v;
            }
        }
        let col = if items.is_empty() {
            match existing {
                Some(p) => out.cols[p].clone(),
                None => K::list(items),
            }
        } else {
            list::from_items(items)
        };
        if let (Some(p), false) = (existing, all_rows) {
            // A partial update must keep the column's type.
            if matches!((&out.cols[p], &col), (K::Vector(a), K::Vector(b)) if a.ty != b.ty) {
                return Err(qerr("type").into());
            }
        }
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

fn delete(t: &Table, rows: &[i64], q: &Query) -> R {
    if !q.cols.is_empty() {
        let drop: Vec<Rc<str>> = q
            .cols
            .iter()
            .filter_map(|(n, e)| n.clone().or_else(|| default_name(e)))
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
    let gone: std::collections::HashSet<i64> = rows.iter().copied().collect();
    let keep: Vec<i64> = (0..t.rows() as i64).filter(|r| !gone.contains(r)).collect();
    Ok(K::Table(Rc::new(subset(t, &keep))))
}

/// `?[t;c;b;a]`: select with parse-tree constraints, groups and columns.
pub(crate) fn functional_select(it: &mut Interp, args: Vec<K>) -> R {
    let source = match &args[0] {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => it.get_var(&s.to_str_lossy())?,
        other => other.clone(),
    };
    let flat = table::unkey(&source)?;
    let K::Table(t) = &flat else {
        return Err(qerr("type").into());
    };
    let t = (**t).clone();
    let mut rows: Vec<i64> = (0..t.rows() as i64).collect();
    for c in list::items(&args[1]) {
        let sub = subset(&t, &rows);
        let v = eval_tree_in(it, &sub, &rows, &c)?;
        let keep = table::true_positions(&v)?;
        rows = keep.into_iter().map(|i| rows[i as usize]).collect();
    }
    let sub = subset(&t, &rows);
    let cols = &args[3];
    if let K::Dict(d) = cols {
        let names = list::syms_of(&d.keys)?;
        let mut vals = Vec::new();
        for tree in list::items(&d.values) {
            vals.push(eval_tree_in(it, &sub, &rows, &tree)?);
        }
        if vals.iter().all(K::is_atom) {
            vals = vals.into_iter().map(list::enlist).collect();
        }
        return Ok(table::from_columns(
            names
                .iter()
                .map(|n| Rc::from(String::from_utf8_lossy(n).as_ref()))
                .zip(vals)
                .collect(),
        )?);
    }
    Ok(K::Table(Rc::new(sub)))
}

fn eval_tree_in(it: &mut Interp, t: &Table, rows: &[i64], tree: &K) -> R {
    let mut names: Vec<Rc<str>> = table::column_names(t)
        .into_iter()
        .map(|n| Rc::from(n.as_str()))
        .collect();
    let mut values = t.cols.clone();
    names.push(Rc::from("i"));
    values.push(K::longs(rows.to_vec()));
    it.push_columns(names, values);
    let r = eval_tree(it, tree);
    it.pop_columns();
    r
}

/// Evaluates a parse tree: `(f;a;b)` applies, a symbol is a name, an
/// enlisted value is a constant.
fn eval_tree(it: &mut Interp, tree: &K) -> R {
    match tree {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => Ok(it.get_var(&s.to_str_lossy())?),
        K::List(l) if !l.items.is_empty() => {
            let f = eval_tree(it, &l.items[0])?;
            if l.items.len() == 1 {
                return Ok(f);
            }
            let mut args = Vec::with_capacity(l.items.len() - 1);
            for a in &l.items[1..] {
                args.push(eval_tree(it, a)?);
            }
            it.apply(&f, args)
        }
        _ => Ok(tree.clone()),
    }
}
