//! Views (`v::expr` at the top level, view.md) and names that reach into
//! a global dictionary or table (`t.c`, `d.k`).
//!
//! A view keeps its text and parsed statements; naming it evaluates them
//! against the globals as they are then, so its inputs may be defined
//! after it. Assigning the name with `:` replaces the view.

use std::rc::Rc;

use crate::k::{Attr, K, QError, Type, qerr};
use crate::q::syntax::ast::{Assign, Expr, Program};

use super::interp::{Interp, R, View};

/// Whether `a` written first on a line defines a view: `name::expr` with
/// no index, no operator and an undotted name.
pub(super) fn defines_view(a: &Assign) -> bool {
    a.global && a.indices.is_none() && a.op.is_none() && !a.name.contains('.')
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
        self.views.insert(
            full,
            Rc::new(View {
                text: Rc::from(text),
                program,
            }),
        );
        Ok(K::Nil)
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
        let K::Dict(d) = self.lookup(&e.domain.to_str_lossy())? else {
            return None;
        };
        let vt = crate::q::kernels::keyed::table_of(&d.values).ok()?;
        let p = vt.names.iter().position(|n| n == part.as_bytes())?;
        let picked = crate::q::kernels::list::gather(&vt.cols[p], &e.indices);
        Some(if e.atom {
            crate::q::kernels::list::item(&picked, 0)
        } else {
            picked
        })
    }

    fn view_value(&mut self, v: &View) -> R {
        let saved = std::mem::take(&mut self.frames);
        let r = self.run_statements(&v.program.stmts);
        self.frames = saved;
        let r = r?;
        Ok(if v.program.silent { K::Nil } else { r })
    }

    /// `view x`: the text defining the view named `x`.
    pub fn view_text_of(&self, x: &K) -> Result<K, QError> {
        let name = x.as_sym().ok_or_else(|| qerr("type"))?.to_str_lossy();
        match self.views.get(&*name) {
            Some(v) => Ok(K::string(v.text.as_bytes())),
            None => Err(qerr(&*name)),
        }
    }

    /// `views[]`: the sorted names of the views in the root namespace.
    pub fn view_names(&self) -> K {
        let mut names: Vec<&Rc<str>> = self.views.keys().filter(|n| !n.starts_with('.')).collect();
        names.sort();
        K::vector_attr(
            Type::Symbol,
            Attr::Sorted,
            crate::k::Data::Sym(names.iter().map(|n| n.as_bytes()).collect()),
        )
    }
}

/// Whether the first statement of a program defines a view.
pub(super) fn first_defines_view(program: &Program) -> Option<&Assign> {
    match program.stmts.first() {
        Some(Expr::Assign(a)) if defines_view(a) => Some(a),
        _ => None,
    }
}
