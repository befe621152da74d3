//! Builtins that need the interpreter as well as a kernel: they look up or
//! change global names (`` `t insert x ``, `` `sym$x ``, `` key `ns ``),
//! draw from the session's random generator, read its settings, or call a
//! q function the user passed (`ssr` with a function, `fby`). Each resolves
//! what it needs here and hands the values to a kernel.

use std::rc::Rc;

use crate::k::{Func, K, QError, Scalar, Sym, Type, qerr};
use crate::q::kernels::table::{self, AsOf};
use crate::q::kernels::{casts, listops, random, strings};

use super::interp::{FileVerb, Interp, R};

/// A table (or any value) given by name (`` `t ``) resolved to its value.
fn resolve(it: &Interp, x: K) -> Result<K, QError> {
    match &x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => it.get_var(&s.to_str_lossy()),
        _ => Ok(x),
    }
}

/// Runs `f` on the value of `y`. When `y` names a global, the result
/// replaces it and the name is returned, as q's in-place forms do.
/// A file symbol names a data file or splayed table: it is read, changed
/// and written back whole, as `` `c xasc `:db/t/ `` sorts a table on disk.
fn on_named(it: &mut Interp, y: &K, f: impl FnOnce(K) -> Result<K, QError>) -> R {
    match y {
        _ if super::files::is_file_sym(y) => {
            let cur = (it.platform.file)(it, FileVerb::Get, vec![y.clone()])?;
            let r = f(cur)?;
            (it.platform.file)(it, FileVerb::Replace, vec![y.clone(), r])?;
            Ok(y.clone())
        }
        K::Atom(Type::Symbol, Scalar::Sym(s)) => {
            let name = s.to_str_lossy().into_owned();
            it.check_global_update(&name)?;
            let r = f(it.get_global(&name)?)?;
            it.set_global(&name, r);
            Ok(K::sym(name.as_str()))
        }
        _ => Ok(f(y.clone())?),
    }
}

/// `cols x`.
pub fn cols(it: &mut Interp, x: K) -> R {
    Ok(table::cols(resolve(it, x)?)?)
}

/// `keys x`.
pub fn keys(it: &mut Interp, x: K) -> R {
    Ok(table::keys(resolve(it, x)?)?)
}

/// `meta x`.
pub fn meta(it: &mut Interp, x: K) -> R {
    let t = resolve(it, x)?;
    Ok(table::meta_with(t, &|d| is_keyed_domain(it, d))?)
}

/// Whether the enumeration domain `d` is a keyed table (a foreign key).
fn is_keyed_domain(it: &Interp, d: &Sym) -> bool {
    it.get_global(&d.to_str_lossy())
        .is_ok_and(|v| v.is_keyed_table())
}

/// `fkeys x`: the foreign-key columns of a table and their tables.
pub fn fkeys(it: &mut Interp, x: K) -> R {
    let t = crate::q::kernels::keyed::unkey(&resolve(it, x)?)?;
    let tt = crate::q::kernels::keyed::table_of(&t)?;
    let mut names = crate::k::SymVec::new();
    let mut domains = crate::k::SymVec::new();
    for (n, c) in tt.names.iter().zip(&tt.cols) {
        if let K::Enum(e) = c
            && is_keyed_domain(it, &e.domain)
        {
            names.push(n);
            domains.push(e.domain.as_bytes());
        }
    }
    Ok(K::dict(K::syms(names), K::syms(domains)))
}

/// `` `a`b xkey t ``.
pub fn xkey(it: &mut Interp, x: K, y: K) -> R {
    on_named(it, &y, |t| table::xkey(x, t))
}

/// `` `c xasc t ``.
pub fn xasc(it: &mut Interp, x: K, y: K) -> R {
    on_named(it, &y, |t| table::sort_by(x, t, false))
}

/// `` `c xdesc t ``.
pub fn xdesc(it: &mut Interp, x: K, y: K) -> R {
    on_named(it, &y, |t| table::sort_by(x, t, true))
}

/// `t upsert rows` (or `` `t upsert rows `` to change a global, or
/// `` `:f upsert y `` to append to a data file or splayed table, which
/// keeps its compression, as file-compression.md shows). Upserting to a
/// file or directory that does not exist yet writes `y` there.
pub fn upsert(it: &mut Interp, x: K, y: K) -> R {
    if super::files::is_file_sym(&x) {
        let found = (it.platform.file)(it, FileVerb::Key, vec![x.clone()])?;
        if matches!(&found, K::List(l) if l.items.is_empty()) {
            (it.platform.file)(it, FileVerb::Replace, vec![x.clone(), y])?;
            return Ok(x);
        }
        return on_named(it, &x, |cur| match cur {
            K::Table(_) | K::Dict(_) => Ok(table::upsert(cur, y)?),
            _ => Ok(listops::join(&cur, &y)?),
        });
    }
    if let K::Atom(Type::Symbol, Scalar::Sym(s)) = &x
        && let Some(r) = upsert_global_table(it, &s.to_str_lossy(), &y)
    {
        return r;
    }
    on_named(it, &x, |t| table::upsert(t, y))
}

/// The global a name means here: the current namespace's when it has one
/// of that name (or there is none at the root), else the root's.
fn global_full_name(it: &Interp, name: &str) -> String {
    let ctx = it.current_ctx();
    if name.starts_with('.') || ctx.is_empty() {
        return name.to_string();
    }
    let qualified = format!("{ctx}.{name}");
    if it.global(&qualified).is_some() || it.global(name).is_none() {
        qualified
    } else {
        name.to_string()
    }
}

/// `` `t upsert rows `` on a global simple table: the rows go into its own
/// columns, as for `insert`. `None` when the name is not such a table.
fn upsert_global_table(it: &mut Interp, name: &str, y: &K) -> Option<R> {
    if it.is_local(name).is_some() {
        return None;
    }
    if let Err(e) = it.check_global_update(name) {
        return Some(Err(e.into()));
    }
    let full = global_full_name(it, name);
    let rows = match it.global(&full) {
        Some(K::Table(t)) => match table::upsert_rows(t, y) {
            Ok(rows) => rows,
            Err(e) => return Some(Err(e.into())),
        },
        Some(v @ K::Dict(_)) if v.is_keyed_table() => {
            // A keyed table: updated in its own columns when it can be.
            let cur = it.take_global(&full)?;
            return Some(match table::upsert_keyed_owned(cur, y) {
                Ok(r) => {
                    it.set_global(&full, r);
                    Ok(K::sym(name))
                }
                Err((cur, e)) => {
                    it.set_global(&full, cur);
                    Err(e.into())
                }
            });
        }
        _ => return None,
    };
    let cur = it.take_global(&full)?;
    Some(
        append_to_global(it, &full, cur, &rows)
            .map(|_| K::sym(name))
            .map_err(Into::into),
    )
}

/// Appends `y` to `cur`, the value taken out of global `full`, and puts
/// the result back there (or `cur` unchanged on an error): the index of
/// the first new row and the number added.
fn append_to_global(it: &mut Interp, full: &str, cur: K, y: &K) -> Result<(usize, usize), QError> {
    let enumerated = match &cur {
        K::Table(t) if enumerated_columns(t).next().is_some() => {
            match table::as_rows(t, y).and_then(|rows| enumerate_rows(it, t, rows)) {
                Ok(rows) => Some(rows),
                Err(e) => {
                    it.set_global(full, cur);
                    return Err(e);
                }
            }
        }
        _ => None,
    };
    match table::append_rows_owned(cur, enumerated.as_ref().unwrap_or(y)) {
        Ok((r, first, added)) => {
            it.set_global(full, r);
            Ok((first, added))
        }
        Err((cur, e)) => {
            it.set_global(full, cur);
            Err(e)
        }
    }
}

/// `` `t insert rows ``: appends to a global table; returns the new row
/// indices. Inserting a table into an undefined name creates it.
pub fn insert(it: &mut Interp, x: K, y: K) -> R {
    let name = x
        .as_sym()
        .ok_or_else(|| qerr("type"))?
        .to_str_lossy()
        .into_owned();
    if it.is_local(&name).is_none() {
        it.check_global_update(&name)?;
    }
    let full = global_full_name(it, &name);
    // It is taken out while the rows go in, so that its columns, held
    // nowhere else, grow in place.
    let taken = match it.is_local(&name) {
        None => it.take_global(&full),
        Some(_) => None,
    };
    let table = matches!(y, K::Table(_)) || y.is_keyed_table();
    let cur = match taken {
        Some(v) => v,
        None => match it.get_var(&name) {
            Ok(v) => v,
            Err(_) if table => K::list(Vec::new()),
            Err(e) => return Err(e.into()),
        },
    };
    // An undefined name or an empty list takes the table as it is (KX's
    // csvguess.q starts its chunked loads from `DATA:()`).
    if table && matches!(&cur, K::List(l) if l.items.is_empty()) {
        let n = y.count() as i64;
        it.set_global(&full, y);
        return Ok(K::longs((0..n).collect()));
    }
    let (first, added) = append_to_global(it, &full, cur, &y)?;
    Ok(K::longs((first as i64..(first + added) as i64).collect()))
}

/// `tables[]`: the names of the tables in the current namespace.
pub fn tables(it: &mut Interp, _x: K) -> R {
    let ns = it.namespace.to_string();
    let mut names: Vec<Rc<str>> = it
        .global_names(&ns)
        .into_iter()
        .filter(|n| {
            matches!(it.global(n), Some(K::Table(_))) || it.global(n).is_some_and(K::is_keyed_table)
        })
        .collect();
    it.add_parted_names(&ns, &mut names);
    Ok(K::syms(names.iter().map(|n| n.as_bytes()).collect()))
}

/// `.Q.qp x`: whether `x` is a partitioned table.
pub fn dot_q_qp(it: &mut Interp, x: K) -> R {
    Ok(it.is_partitioned_value(&x))
}

/// `.Q.view x`: the partitions visible to queries.
pub fn dot_q_view(it: &mut Interp, x: K) -> R {
    it.view_partitions(&x)
}

/// A directory named by a file symbol or a plain one (`` `db ``).
fn directory(x: &K) -> Result<K, QError> {
    match x.as_sym() {
        Some(s) if s.as_bytes().starts_with(b":") => Ok(x.clone()),
        Some(s) if !s.as_bytes().is_empty() => {
            Ok(K::sym(format!(":{}", s.to_str_lossy()).as_str()))
        }
        _ => Err(qerr("type")),
    }
}

/// `.Q.l x`: loads the database in directory `x`, as `\l` does.
pub fn dot_q_l(it: &mut Interp, x: K) -> R {
    let dir = directory(&x)?;
    (it.platform.file)(it, FileVerb::Load, vec![dir])
}

/// `.Q.lo[dir;cd;scripts]`: loads a database, moving to its directory
/// only with `cd` and running its scripts only with `scripts`.
pub fn dot_q_lo(it: &mut Interp, args: Vec<K>) -> R {
    let mut args = args.into_iter();
    let dir = directory(&args.next().unwrap_or(K::Nil))?;
    (it.platform.file)(
        it,
        FileVerb::Load,
        std::iter::once(dir).chain(args).collect(),
    )
}

/// `.Q.li x`: adds the partitions among `x` that are on disk.
pub fn dot_q_li(it: &mut Interp, x: K) -> R {
    (it.platform.file)(it, FileVerb::AddPartitions, vec![x])
}

/// `.Q.MAP[]`: q keeps partitions mapped for the selects that follow.
/// q-lite reads a partition's columns when a query needs them, mapping
/// the files where it can, so there is nothing to keep: it does nothing.
pub fn dot_q_map(_it: &mut Interp, _x: K) -> R {
    Ok(K::Nil)
}

/// `(f;col) fby grp`.
pub fn fby(it: &mut Interp, x: K, y: K) -> R {
    table::fby_with(&x, &y, |f, group| it.apply(f, vec![group]))
}

fn as_of_join(it: &mut Interp, args: Vec<K>, how: AsOf) -> R {
    let (c, t1, t2) = (&args[0], &args[1], &args[2]);
    on_named(it, t1, |left| table::as_of_join(c, &left, t2, how))
}

/// `aj[c;t1;t2]`.
pub fn aj(it: &mut Interp, args: Vec<K>) -> R {
    as_of_join(it, args, AsOf::Aj)
}

/// `aj0[c;t1;t2]`.
pub fn aj0(it: &mut Interp, args: Vec<K>) -> R {
    as_of_join(it, args, AsOf::Aj0)
}

/// `ajf[c;t1;t2]`.
pub fn ajf(it: &mut Interp, args: Vec<K>) -> R {
    as_of_join(it, args, AsOf::Ajf)
}

/// `ajf0[c;t1;t2]`.
pub fn ajf0(it: &mut Interp, args: Vec<K>) -> R {
    as_of_join(it, args, AsOf::Ajf0)
}

/// `wj[w;c;t;(q;(f0;c0);(f1;c1)...)]` and `wj1`: each aggregate of `q`'s
/// columns over each row's window, as a column of `t` named after the
/// aggregate's last column (wj.md).
fn window_join(it: &mut Interp, args: Vec<K>, prevailing: bool) -> R {
    let (w, c, t, spec) = (&args[0], &args[1], &args[2], &args[3]);
    let parts = crate::q::kernels::list::items(spec);
    let Some((q, aggs)) = parts.split_first() else {
        return Err(qerr("length").into());
    };
    let q = resolve(it, q.clone())?;
    let named = t.as_sym().map(|s| s.to_str_lossy().into_owned());
    let t = resolve(it, t.clone())?;
    let windows = table::window_rows(w, c, &t, &q, prevailing)?;
    let flat_q = crate::q::kernels::keyed::unkey(&q)?;
    let q_table = crate::q::kernels::keyed::table_of(&flat_q)?;
    let mut out = t.clone();
    for agg in aggs {
        let terms = crate::q::kernels::list::items(agg);
        let Some((f, names)) = terms.split_first() else {
            return Err(qerr("length").into());
        };
        let cols: Vec<K> = names
            .iter()
            .map(|n| {
                let n = n.as_sym().ok_or_else(|| qerr("type"))?;
                let p = crate::q::kernels::keyed::column_index(q_table, n.as_bytes())?;
                Ok(q_table.cols[p].clone())
            })
            .collect::<Result<_, QError>>()?;
        let Some(last) = names.last().and_then(K::as_sym) else {
            return Err(qerr("length").into());
        };
        let mut values = Vec::with_capacity(windows.len());
        for rows in &windows {
            let picked = cols
                .iter()
                .map(|col| crate::q::kernels::list::gather(col, rows))
                .collect();
            values.push(it.apply(f, picked)?);
        }
        let values = crate::q::kernels::list::from_items(values);
        out = table::with_column(&out, last.as_bytes(), values)?;
    }
    match named {
        Some(name) => {
            it.check_global_update(&name)?;
            it.set_global(&name, out);
            Ok(K::sym(name.as_str()))
        }
        None => Ok(out),
    }
}

/// `wj[w;c;t;(q;(f;c)...)]`: windows include the prevailing row.
pub fn wj(it: &mut Interp, args: Vec<K>) -> R {
    window_join(it, args, true)
}

/// `wj1[w;c;t;(q;(f;c)...)]`: windows hold only rows within them.
pub fn wj1(it: &mut Interp, args: Vec<K>) -> R {
    window_join(it, args, false)
}

/// `ssr[x;y;z]`: `z` is a replacement string or a function of each match.
pub fn ssr(it: &mut Interp, args: Vec<K>) -> R {
    let (hay, pattern, z) = (&args[0], &args[1], &args[2]);
    if z.type_code() >= 100 {
        strings::ssr_with(hay, pattern, |found| it.apply(z, vec![K::string(found)]))
    } else {
        Ok(strings::ssr_with(hay, pattern, |_| {
            Ok::<K, QError>(z.clone())
        })?)
    }
}

/// `string x`, with floats at the session's `\P` precision.
pub fn string(it: &Interp, x: &K) -> Result<K, QError> {
    strings::string(x, it.settings.digits())
}

/// `key x`: for a name, the names in a namespace, the keys of a named
/// dictionary, whether a name is defined (the name, or `()`); for a
/// value, the kernel's answer.
pub fn key(it: &Interp, x: &K) -> Result<K, QError> {
    let K::Atom(Type::Symbol, Scalar::Sym(s)) = x else {
        return listops::key(x);
    };
    if s.is_null() {
        return Ok(K::syms(
            it.namespaces().iter().map(|n| n.as_bytes()).collect(),
        ));
    }
    let name = s.to_str_lossy().into_owned();
    let ns = if name == "." { "" } else { name.as_str() };
    let children = if ns.starts_with('.') {
        it.child_namespaces(ns)
    } else {
        Vec::new()
    };
    let in_namespace = !it.global_names(ns).is_empty() || !children.is_empty();
    // q's own namespaces also hold builtins: their keys come from the
    // namespace's value.
    let builtin_ns = matches!(name.as_str(), ".q" | ".Q" | ".h" | ".j" | ".z");
    if name == "."
        || (!builtin_ns && name.starts_with('.') && it.global(&name).is_none() && in_namespace)
    {
        let direct = it.global_names(ns);
        let mut names: Vec<&str> = direct
            .iter()
            .map(|n| n.rsplit('.').next().unwrap_or(n))
            .chain(children.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        // A namespace's dictionary starts with the null symbol.
        let lead: Option<&str> = (!ns.is_empty()).then_some("");
        return Ok(K::syms(
            lead.into_iter().chain(names).map(str::as_bytes).collect(),
        ));
    }
    // `..a` names the root's `a` from any namespace.
    if let Some(root_name) = name.strip_prefix("..") {
        return match it.global(root_name) {
            Some(v @ K::Dict(_)) => key(it, &v.clone()),
            Some(_) => Ok(x.clone()),
            None => Ok(K::list(Vec::new())),
        };
    }
    match it.get_var(&name) {
        Ok(v @ K::Dict(_)) => key(it, &v),
        Ok(_) => Ok(x.clone()),
        Err(_) => Ok(K::list(Vec::new())),
    }
}

/// The columns of `t` that are enumerations a value can be enumerated
/// into: over a symbol list or a keyed table's key (not links to rows).
fn enumerated_columns(t: &crate::k::Table) -> impl Iterator<Item = (usize, &Sym)> {
    t.cols.iter().enumerate().filter_map(|(i, c)| match c {
        K::Enum(e) if !e.link || e.keys.is_some() => Some((i, &e.domain)),
        _ => None,
    })
}

/// `rows` (a table) ready to append to `t`: each column `t` holds as an
/// enumeration is enumerated against its domain, so the column stays
/// one (join.md: append enumerates; `'cast` for a value not in the
/// domain).
///
/// # Errors
/// `'cast` for a value the domain lacks.
pub fn enumerate_rows(it: &mut Interp, t: &crate::k::Table, rows: K) -> Result<K, QError> {
    let K::Table(r) = &rows else {
        return Ok(rows);
    };
    let mut cols = r.cols.clone();
    for (i, domain) in enumerated_columns(t) {
        let name = t.names.get(i);
        if let Some(p) = r.names.iter().position(|m| m == name)
            && !matches!(cols[p], K::Enum(_))
        {
            cols[p] = enumerate(it, domain, &cols[p], false)?;
        }
    }
    Ok(K::table(r.names.clone(), cols))
}

/// `y` ready for `t,:y`: unchanged unless `t` has enumerated columns,
/// else its rows, enumerated as [`enumerate_rows`] does.
///
/// # Errors
/// As [`table::rows_to_append`] and [`enumerate_rows`].
pub fn enumerate_append(it: &mut Interp, t: &crate::k::Table, y: K) -> Result<K, QError> {
    if enumerated_columns(t).next().is_none() {
        return Ok(y);
    }
    let rows = table::rows_to_append(t, y)?;
    enumerate_rows(it, t, rows)
}

/// Enumerates `y` against the global named `domain`; with `extend`, new
/// symbols are appended to that global (`?`).
pub fn enumerate(it: &mut Interp, domain: &Sym, y: &K, extend: bool) -> Result<K, QError> {
    let name = domain.to_str_lossy().into_owned();
    let values = it.get_global(&name)?;
    if let K::Dict(d) = &values
        && values.is_keyed_table()
    {
        // A keyed table's key column is the domain of a foreign key; a
        // compound (or not symbol) key makes a link to the rows of the keys.
        let keys = crate::q::kernels::keyed::table_of(&d.keys)?;
        if keys.cols.len() == 1 && keys.cols[0].type_code() == 11 {
            let (e, _) = casts::enumerate(domain, &keys.cols[0], y, false)?;
            return Ok(e);
        }
        let (rows, one) = table::key_rows(&values, y)?;
        let link = crate::k::Enumeration::link(domain.clone(), one, rows);
        // One key column of other values: the key shows its values
        // (q for mortals §8.5: `` `kt$1002 1001 ``).
        let keys = (keys.cols.len() == 1).then(|| keys.cols[0].clone());
        return Ok(K::Enum(Rc::new(crate::k::Enumeration { keys, ..link })));
    }
    let (e, grown) = casts::enumerate(domain, &values, y, extend)?;
    if let Some(d) = grown {
        it.check_global_update(&name)?;
        it.set_global(&name, d);
    }
    Ok(e)
}

/// `` `:dir/name?y ``: reads the symbols of the file (none when it is
/// missing) into the global `name`, enumerates `y` against it, and writes
/// the domain back when new symbols were added or the file was new.
fn enumerate_into_file(it: &mut Interp, file: K, y: &K) -> R {
    let path = file
        .as_sym()
        .map(|s| s.to_str_lossy().into_owned())
        .unwrap_or_default();
    let name = path
        .trim_start_matches(':')
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    if name.is_empty() {
        return Err(qerr("type").into());
    }
    let exists = !matches!(
        (it.platform.file)(it, FileVerb::Key, vec![file.clone()])?,
        K::List(ref l) if l.items.is_empty()
    );
    let stored = if exists {
        (it.platform.file)(it, FileVerb::Get, vec![file.clone()])?
    } else {
        K::syms(crate::k::SymVec::new())
    };
    if stored.type_code() != 11 {
        return Err(qerr("type").into());
    }
    let before = stored.count();
    it.check_global_update(&name)?;
    it.set_global(&name, stored);
    let e = enumerate(it, &Sym::from(name.as_str()), y, true)?;
    let domain = it.get_global(&name)?;
    if !exists || domain.count() != before {
        (it.platform.file)(it, FileVerb::Set, vec![file, domain])?;
    }
    Ok(e)
}

/// `x$y`: a cast, or an enumeration against a global domain.
pub fn dollar(it: &mut Interp, x: K, y: K) -> R {
    Ok(casts::dollar(x, y, &mut |domain, y| {
        enumerate(it, domain, y, false)
    })?)
}

/// `x?y`: roll or deal from the session's generator, enumeration
/// extending a domain, or find.
pub fn query(it: &mut Interp, x: K, y: K) -> R {
    if let Some(n) = x
        .as_i64()
        .filter(|_| x.is_atom() && !matches!(x, K::Atom(Type::Boolean, _)))
    {
        return Ok(random::roll(&mut it.rng, n, &y)?);
    }
    if super::files::is_file_sym(&x) {
        return enumerate_into_file(it, x, &y);
    }
    if let K::Atom(Type::Symbol, Scalar::Sym(domain)) = &x {
        return Ok(enumerate(it, domain, &y, true)?);
    }
    Ok(listops::find_in(&x, &y)?)
}

/// `?[c;a;b]` vector conditional, `?[t;i;p]` simple exec and
/// `?[t;c;b;a]` functional select.
pub fn query_n(it: &mut Interp, args: Vec<K>) -> R {
    match args.len() {
        3 if matches!(args[0], K::Table(_)) || args[0].is_keyed_table() => {
            it.select_functional(args)
        }
        3 => Ok(listops::vector_conditional(&args[0], &args[1], &args[2])?),
        4 => it.select_functional(args),
        // ?[t;c;b;a;n]: the first n rows of the result (select[n]).
        5 => {
            let mut args = args;
            let n = args.pop().unwrap_or(K::Nil);
            let r = it.select_functional(args)?;
            Ok(listops::sublist(n, r)?)
        }
        // ?[t;c;b;a;n;o]: the rows of t sorted by the order o, `(<:;`c)`
        // or `(>:;`c)` (iasc or idesc) or a list of them, as select[n;>c]
        // sorts them, then the first n rows of the result.
        6 => {
            let mut args = args;
            let o = args.pop().unwrap_or(K::Nil);
            let n = args.pop().unwrap_or(K::Nil);
            let mut t = match args[0].as_sym() {
                Some(name) => it.get_var(&name.to_str_lossy())?,
                None => args[0].clone(),
            };
            let orders = match crate::q::kernels::list::items(&o).first() {
                Some(f) if f.type_code() >= 100 => vec![o.clone()],
                _ => crate::q::kernels::list::items(&o),
            };
            // The first order is the major one: sort by the others first.
            for by in orders.iter().rev() {
                let parts = crate::q::kernels::list::items(by);
                let [grade, col] = parts.as_slice() else {
                    return Err(qerr("type").into());
                };
                let values = it.apply(&t, vec![col.clone()])?;
                let g = match grade {
                    K::Func(f) if **f == Func::Unary(9) => listops::iasc(values)?,
                    K::Func(f) if **f == Func::Unary(10) => listops::idesc(values)?,
                    f => it.apply(f, vec![values])?,
                };
                t = it.apply(&t, vec![g])?;
            }
            args[0] = t;
            let r = it.select_functional(args)?;
            Ok(listops::sublist(n, r)?)
        }
        _ => Err(qerr("rank").into()),
    }
}

/// `rand x`: one random pick, as `first 1?x`.
pub fn rand(it: &mut Interp, x: K) -> R {
    let r = random::roll(&mut it.rng, 1, &x)?;
    Ok(listops::first(&r))
}
