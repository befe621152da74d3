//! Views (`v::expr` at the top level, view.md) and names that reach into
//! a global dictionary or table (`t.c`, `d.k`).
//!
//! A view keeps its text, parsed statements and the global names they
//! read. Naming it evaluates them against the globals as they are then,
//! so its inputs may be defined after it, and keeps the value with the
//! values its names had: until one of those changes, naming it again gives
//! that value. A view not computed since it was defined or since an input
//! changed is pending (`\B`). Assigning the name with `:` replaces the
//! view.

use std::rc::Rc;

use crate::k::{Attr, K, QError, Type, qerr};
use crate::q::syntax::ast::{Assign, Expr, Program};

use super::interp::{Interp, R, View};

/// Whether `a` written first on a line defines a view: `name::expr` with
/// no index, no operator and a name outside the dotted namespaces
/// (`prof.rpt::` is one; `.prof.rpt::` assigns).
pub(super) fn defines_view(a: &Assign) -> bool {
    a.global && a.indices.is_none() && a.op.is_none() && !a.name.starts_with('.')
}

/// The text after the `::` that follows position `pos` in `src`, without
/// a trailing comment.
fn view_text(src: &str, pos: usize) -> Option<&str> {
    let rest = src.get(pos..)?;
    let at = rest.find("::")?;
    let body = &rest[at + 2..];
    let body = match body.find(" /") {
        Some(c) if !body[..c].contains('"') => &body[..c],
        _ => body,
    };
    Some(body.trim())
}

impl Interp {
    /// Defines the view `a.name` from the text of its line `src`.
    pub(super) fn define_view(&mut self, a: &Assign, src: &str) -> R {
        let text = view_text(src, a.pos as usize).ok_or_else(|| qerr("parse"))?;
        let program = crate::q::syntax::parse::parse(text).map_err(|_| qerr("parse"))?;
        let ctx = self.current_ctx();
        let full = self.qualify(&a.name, &ctx);
        self.globals.remove(&full);
        let mut deps = Vec::new();
        for e in &program.stmts {
            names_read(e, &mut deps);
        }
        // A view that names itself reads its own previous value, which
        // no assignment changes: not an input.
        deps.retain(|n| super::builtin::lookup(n).is_none() && **n != *a.name);
        let seq = self.views.values().map(|v| v.seq + 1).max().unwrap_or(0);
        self.views.insert(
            full,
            Rc::new(View {
                text: Rc::from(text),
                program,
                deps,
                cache: std::cell::RefCell::new(None),
                computing: std::cell::Cell::new(false),
                seq,
            }),
        );
        Ok(K::Nil)
    }

    /// The current values of a view's inputs; another view's is its
    /// cached value, `None` while that one is pending.
    fn view_inputs(&self, v: &View, depth: usize) -> Option<Vec<Option<K>>> {
        v.deps
            .iter()
            .map(|d| match self.view_named(d) {
                Some(w) if depth < 64 && !self.is_pending(&w, depth + 1) => {
                    Some(w.cache.borrow().as_ref().map(|(k, _)| k.clone()))
                }
                Some(_) => None,
                None => Some(self.lookup(d)),
            })
            .collect()
    }

    fn view_named(&self, name: &str) -> Option<Rc<View>> {
        let ctx = self.current_ctx();
        let full = self.qualify(name, &ctx);
        self.views
            .get(&full)
            .or_else(|| self.views.get(name))
            .cloned()
    }

    /// Whether a view must be computed again before its value is known.
    fn is_pending(&self, v: &View, depth: usize) -> bool {
        let cache = v.cache.borrow();
        let Some((_, seen)) = &*cache else {
            return true;
        };
        match self.view_inputs(v, depth) {
            Some(now) => !now.iter().zip(seen).all(|(a, b)| same(a, b)),
            None => true,
        }
    }

    /// `\B`: the pending views of namespace `ns` (the root for `""`),
    /// sorted.
    pub fn pending_views(&self, ns: &str) -> K {
        let ns = ns.trim_start_matches('.');
        let mut names: Vec<&str> = self
            .views
            .iter()
            .filter(|(n, v)| {
                let home = match n.strip_prefix('.') {
                    Some(rest) => rest.rsplit_once('.').map_or("", |(h, _)| h),
                    None => "",
                };
                home == ns && self.is_pending(v, 0)
            })
            .map(|(n, _)| n.rsplit('.').next().unwrap_or(n))
            .collect();
        names.sort_unstable();
        K::sym_list(names)
    }

    /// `\b`: the views of namespace `ns` (the root for `""`), sorted
    /// and marked so.
    pub fn views_in(&self, ns: &str) -> K {
        let ns = ns.trim_start_matches('.');
        let mut names: Vec<&str> = self
            .views
            .keys()
            .filter(|n| {
                let home = match n.strip_prefix('.') {
                    Some(rest) => rest.rsplit_once('.').map_or("", |(h, _)| h),
                    None => "",
                };
                home == ns
            })
            .map(|n| n.rsplit('.').next().unwrap_or(n))
            .collect();
        names.sort_unstable();
        K::vector_attr(
            Type::Symbol,
            Attr::Sorted,
            crate::k::Data::Sym(names.iter().map(|n| n.as_bytes()).collect()),
        )
    }

    /// A view's metadata, as `` `. `v `` holds it (value.md): its cached
    /// value (`::` while pending), parse tree, inputs and text.
    pub(super) fn view_metadata(&self, v: &View) -> K {
        let value = if self.is_pending(v, 0) {
            K::Nil
        } else {
            v.cache.borrow().as_ref().map_or(K::Nil, |(k, _)| k.clone())
        };
        let tree = match v.program.stmts.as_slice() {
            [e] => self.expr_tree(e),
            es => {
                let mut items = vec![K::char(b';')];
                items.extend(es.iter().map(|e| self.expr_tree(e)));
                K::list(items)
            }
        };
        K::list(vec![
            value,
            tree,
            K::sym_list(v.deps.iter().map(|d| &**d)),
            K::string(v.text.as_bytes()),
        ])
    }

    /// The views of the root namespace with their metadata.
    pub(super) fn root_views(&self) -> Vec<(Rc<str>, K)> {
        let mut names: Vec<&Rc<str>> = self.views.keys().filter(|n| !n.starts_with('.')).collect();
        names.sort();
        names
            .into_iter()
            .filter_map(|n| Some((n.clone(), self.view_metadata(self.views.get(n)?))))
            .collect()
    }

    /// Whether `x` is the metadata of a view (`get`. `v`, value.md).
    pub(super) fn is_view_metadata(&self, x: &K) -> bool {
        let K::List(l) = x else { return false };
        let [_, _, deps, text] = l.items.as_slice() else {
            return false;
        };
        deps.type_code() == 11
            && text.type_code() == 10
            && self
                .views
                .values()
                .any(|v| Some(v.text.as_bytes()) == text.as_str_bytes())
    }

    /// Forgets a view when its name is assigned.
    pub(super) fn drop_view(&mut self, full: &str) {
        if !self.views.is_empty() {
            self.views.remove(full);
        }
    }

    /// The value of a name the variables lack: a view's current value, or
    /// a column or entry of a global table or dictionary (`t.c`).
    pub(super) fn derived_name(&mut self, name: &str) -> Option<R> {
        // A partitioned table that could not be read: its error.
        if let Some(Err(e)) = self.parted_whole(name) {
            return Some(Err(e.into()));
        }
        let ctx = self.current_ctx();
        let full = self.qualify(name, &ctx);
        if let Some(v) = self
            .views
            .get(&full)
            .or_else(|| self.views.get(name))
            .cloned()
        {
            return Some(self.view_value(&v));
        }
        let (head, rest) = name.split_once('.')?;
        if head.is_empty() {
            return None;
        }
        let mut v = match self.lookup(head) {
            Some(v) => v,
            // Views do not support dot notation (views.md).
            None if self.view_named(head).is_some() => return Some(Err(qerr("nyi").into())),
            None => match self.derived_name(head)? {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            },
        };
        for part in rest.split('.') {
            v = match v {
                K::Dict(_) | K::Table(_) => {
                    crate::q::kernels::index::index1(&v, &K::sym(part)).ok()?
                }
                K::Atom(..) | K::Vector(_) => {
                    match crate::q::kernels::casts::temporal_field(part, &v)? {
                        Ok(field) => field,
                        Err(e) => return Some(Err(e.into())),
                    }
                }
                _ => self.follow_foreign_key(&v, part)?,
            };
        }
        Some(Ok(v))
    }

    /// The column `part` of the rows a foreign key `v` (an enumeration
    /// over a keyed table) refers to: `s.name` in a query on `sp`.
    pub(crate) fn follow_foreign_key(&self, v: &K, part: &str) -> Option<K> {
        let K::Enum(e) = v else {
            return None;
        };
        use crate::q::kernels::keyed::{table_of, unkey};
        let rows = match self.get_global(&e.domain.to_str_lossy()).ok()? {
            // A link reaches any column of its table, a keyed table's key
            // columns too; a foreign key on symbols, the value columns.
            t if e.link => unkey(&t).ok()?,
            K::Dict(d) => d.values.clone(),
            _ => return None,
        };
        let t = table_of(&rows).ok()?;
        let p = t.names.iter().position(|n| n == part.as_bytes())?;
        let picked = crate::q::kernels::list::gather(&t.cols[p], &e.indices);
        Some(if e.atom {
            crate::q::kernels::list::item(&picked, 0)
        } else {
            picked
        })
    }

    fn view_value(&mut self, v: &View) -> R {
        if v.computing.get() {
            // Named while it is computed: its previous value, if it has
            // one (view.md's self-referencing views).
            return match &*v.cache.borrow() {
                Some((k, _)) => Ok(k.clone()),
                None => Err(qerr("loop").into()),
            };
        }
        if !self.is_pending(v, 0)
            && let Some((k, _)) = &*v.cache.borrow()
        {
            return Ok(k.clone());
        }
        let saved = std::mem::take(&mut self.frames);
        v.computing.set(true);
        let r = self.run_statements(&v.program.stmts);
        v.computing.set(false);
        self.frames = saved;
        let r = r?;
        let value = if v.program.silent { K::Nil } else { r };
        // The inputs as they are now; a view input is computed first.
        let mut inputs = Vec::with_capacity(v.deps.len());
        for d in &v.deps {
            inputs.push(match self.view_named(d) {
                Some(w) => Some(self.view_value(&w)?),
                None => self.lookup(d),
            });
        }
        *v.cache.borrow_mut() = Some((value.clone(), inputs));
        Ok(value)
    }

    /// `view x`: the text defining the view named `x`.
    pub fn view_text_of(&self, x: &K) -> Result<K, QError> {
        let name = x.as_sym().ok_or_else(|| qerr("type"))?.to_str_lossy();
        match self.views.get(&*name) {
            Some(v) => Ok(K::string(v.text.as_bytes())),
            None => Err(qerr(&*name)),
        }
    }

    /// `.z.b`: each name views read, with the views that read it, in the
    /// order the views were defined (dotz.md, q for mortals §4).
    pub fn view_dependencies(&self) -> K {
        let mut views: Vec<(&Rc<str>, &Rc<View>)> = self.views.iter().collect();
        views.sort_by_key(|(_, v)| v.seq);
        let mut inputs: Vec<(&str, Vec<&str>)> = Vec::new();
        for (name, v) in views {
            for d in &v.deps {
                match inputs.iter_mut().find(|(n, _)| *n == &**d) {
                    Some((_, readers)) => readers.push(name),
                    None => inputs.push((d, vec![name])),
                }
            }
        }
        K::dict(
            K::sym_list(inputs.iter().map(|(n, _)| *n)),
            K::list(
                inputs
                    .iter()
                    .map(|(_, r)| K::sym_list(r.iter().copied()))
                    .collect(),
            ),
        )
    }

    /// `views[]`: the sorted names of the views in the root namespace.
    pub fn view_names(&self) -> K {
        let mut names: Vec<&Rc<str>> = self.views.keys().filter(|n| !n.starts_with('.')).collect();
        names.sort();
        // With none, `` `symbol$() `` bare (view.md, parse.md).
        let attr = if names.is_empty() {
            Attr::None
        } else {
            Attr::Sorted
        };
        K::vector_attr(
            Type::Symbol,
            attr,
            crate::k::Data::Sym(names.iter().map(|n| n.as_bytes()).collect()),
        )
    }
}

/// Whether two values are the same: one object, or equal.
fn same(a: &Option<K>, b: &Option<K>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let shared = match (a, b) {
                (K::Vector(x), K::Vector(y)) => Rc::ptr_eq(x, y),
                (K::List(x), K::List(y)) => Rc::ptr_eq(x, y),
                (K::Dict(x), K::Dict(y)) => Rc::ptr_eq(x, y),
                (K::Table(x), K::Table(y)) => Rc::ptr_eq(x, y),
                (K::Func(x), K::Func(y)) => Rc::ptr_eq(x, y),
                _ => false,
            };
            shared || a == b
        }
        (None, None) => true,
        _ => false,
    }
}

/// The names an expression reads, outside lambdas, in the order written;
/// of a query, the table's.
fn names_read(e: &Expr, out: &mut Vec<Rc<str>>) {
    names_used(e, out, false);
}

/// [`names_read`], with the names assigned as well when `assigned`.
pub(super) fn names_used(e: &Expr, out: &mut Vec<Rc<str>>, assigned: bool) {
    if let Expr::Name(n, _, _) = e {
        if !out.contains(n) {
            out.push(n.clone());
        }
        return;
    }
    if let Expr::Assign(a) = e
        && assigned
        && !out.contains(&a.name)
    {
        out.push(a.name.clone());
    }
    let mut go = |e: &Expr| names_used(e, out, assigned);
    match e {
        Expr::Derived { f, .. } | Expr::Return(f) | Expr::Signal(f, _) | Expr::Paren(f) => go(f),
        Expr::Apply { f, args, .. } => {
            go(f);
            args.iter().for_each(go);
        }
        Expr::Monad { f, x, .. } => {
            go(f);
            go(x);
        }
        Expr::Dyad { f, x, y, .. } => {
            go(x);
            go(f);
            if let Some(y) = y {
                go(y);
            }
        }
        Expr::List(es) | Expr::Cond(es, _) | Expr::Block(es) => es.iter().for_each(go),
        Expr::If(c, b, _) | Expr::Do(c, b, _) | Expr::While(c, b, _) => {
            go(c);
            b.iter().for_each(go);
        }
        Expr::Assign(a) => {
            if let Some(ix) = &a.indices {
                ix.iter().for_each(&mut go);
            }
            go(&a.value);
        }
        Expr::Table { keys, cols } => keys.iter().chain(cols).for_each(|(_, e)| go(e)),
        Expr::Query(q) => go(&q.from),
        _ => {}
    }
}

/// Whether the first statement of a program defines a view.
pub(super) fn first_defines_view(program: &Program) -> Option<&Assign> {
    match program.stmts.first() {
        Some(Expr::Assign(a)) if defines_view(a) => Some(a),
        _ => None,
    }
}
