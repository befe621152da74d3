//! Evaluation: running text and scripts, looking names up and assigning
//! them, walking syntax trees, and calling q lambdas.

use std::rc::Rc;

use crate::k::{Func, K, Lambda, QError, Sym, qerr};
use crate::q::syntax::ast::{Assign, Closed, Expr, LambdaDef, Pos, Program, Slot, resolve_slots};
use crate::q::syntax::parse;

use super::builtin::{self, Compiled};
use super::interp::{
    EvalError, Failure, Flow, Frame, Interp, R, SuspendedFrame, TraceFrame, at, project, with_pos,
};

/// Deepest nesting of lambda calls before `'stack`.
const MAX_DEPTH: usize = 2000;
/// The most parameters of a lambda run by its closed form.
const CLOSED_PARAMS: usize = 3;

impl Interp {
    /// Parses and evaluates one console line or script chunk. Returns the
    /// value to display, or `None` when the console prints nothing (an
    /// assignment, or text ending in `;`).
    pub fn eval_text(&mut self, src: &str) -> Result<Option<K>, EvalError> {
        self.eval_text_in(src, None)
    }

    /// A console line, with the debugger on: a lambda the error stops in
    /// keeps its frame ([`EvalError::suspended`]). Given `frame`, the line
    /// runs in that suspended frame: its names are the lambda's arguments
    /// and locals, and what the line assigns to them stays with the frame.
    pub fn eval_console_line(
        &mut self,
        src: &str,
        frame: Option<&mut SuspendedFrame>,
    ) -> Result<Option<K>, EvalError> {
        self.suspending(true, |it| it.eval_text_in(src, frame))
    }

    fn eval_text_in(
        &mut self,
        src: &str,
        frame: Option<&mut SuspendedFrame>,
    ) -> Result<Option<K>, EvalError> {
        crate::k::depth::take_exhausted();
        let src_rc: Rc<str> = Rc::from(src);
        if let Some(cmd) = src.trim_start().strip_prefix('\\') {
            // A system command line; its result shows unless it is `::`.
            return match (self.platform.command)(self, cmd) {
                Ok(K::Nil) => Ok(None),
                Ok(v) => Ok(Some(v)),
                Err(err) => Err(EvalError {
                    err,
                    trace: vec![TraceFrame {
                        src: src_rc,
                        pos: None,
                        name: None,
                        func: None,
                    }],
                    signal: false,
                    suspended: Vec::new(),
                }),
            };
        }
        let program = parse_q_or_k(src).map_err(|(msg, pos)| EvalError {
            err: qerr(&msg),
            trace: vec![TraceFrame {
                src: src_rc.clone(),
                pos,
                name: None,
                func: None,
            }],
            signal: false,
            suspended: Vec::new(),
        })?;
        self.eval_program_in(&program, &src_rc, frame)
    }

    /// Evaluates a parsed program whose source is `src`.
    pub fn eval_program(
        &mut self,
        program: &Program,
        src: &Rc<str>,
    ) -> Result<Option<K>, EvalError> {
        self.eval_program_in(program, src, None)
    }

    fn eval_program_in(
        &mut self,
        program: &Program,
        src: &Rc<str>,
        frame: Option<&mut SuspendedFrame>,
    ) -> Result<Option<K>, EvalError> {
        let result = match super::views::first_defines_view(program) {
            Some(a) => self.contained(|it| it.define_view(a, src)),
            None => self.contained_text(Some(src.clone()), |it| match frame {
                Some(frame) => it.in_suspended(frame, |it| it.run_statements(&program.stmts)),
                None => it.run_statements(&program.stmts),
            }),
        };
        match result {
            Ok(v) => {
                let last_is_assign =
                    matches!(program.stmts.last(), Some(Expr::Assign(_) | Expr::Match(_)))
                        || super::views::first_defines_view(program).is_some();
                if program.silent || last_is_assign {
                    Ok(None)
                } else {
                    Ok(Some(v))
                }
            }
            // A `:x` at the top level ends the line with x.
            Err(Flow::Return(v)) => Ok(Some(v)),
            Err(Flow::Err(failure)) => {
                let Failure {
                    error: err,
                    pos,
                    mut trace,
                    signal,
                    suspended,
                } = *failure;
                trace.push(TraceFrame {
                    src: src.clone(),
                    pos,
                    name: None,
                    func: None,
                });
                Err(EvalError {
                    err,
                    trace,
                    signal,
                    suspended,
                })
            }
        }
    }

    /// Evaluates text and returns its value (`::` when silent); errors lose
    /// their backtrace. Used by `value "text"` and IPC requests.
    pub fn eval_str(&mut self, src: &str) -> Result<K, QError> {
        match self.eval_text(src) {
            Ok(v) => Ok(v.unwrap_or(K::Nil)),
            Err(e) => Err(e.err),
        }
    }

    /// `value "text"`: the value of the text's last statement, even an
    /// assignment (`::` when the text ends in `;`). It runs outside any
    /// lambda, as q evaluates strings in the global context. An error's
    /// backtrace shows the text as a frame of its own.
    pub(crate) fn value_text(&mut self, src: &str) -> R {
        let text: Rc<str> = Rc::from(src);
        let frame = |pos| TraceFrame {
            src: text.clone(),
            pos,
            name: None,
            func: None,
        };
        let program = match parse_q_or_k(src) {
            Ok(p) => p,
            Err((msg, pos)) => return Err(Flow::failure(qerr(msg), None, vec![frame(pos)])),
        };
        let result =
            self.contained_text(Some(text.clone()), |it| it.run_statements(&program.stmts));
        match result {
            Ok(v) => Ok(if program.silent { K::Nil } else { v }),
            Err(Flow::Return(v)) => Ok(v),
            Err(Flow::Err(mut failure)) => {
                let pos = failure.pos.take();
                failure.trace.push(frame(pos));
                Err(Flow::Err(failure))
            }
        }
    }

    /// Runs a q script: its statements and system commands in order,
    /// stopping at the first error.
    pub fn run_script(&mut self, text: &str) -> Result<(), EvalError> {
        for chunk in crate::q::syntax::script::split(text) {
            match chunk {
                crate::q::syntax::script::Chunk::Q { text, .. } => {
                    self.eval_text(&text)?;
                }
                crate::q::syntax::script::Chunk::System { text, .. } => {
                    (self.platform.command)(self, &text).map_err(|err| EvalError {
                        err,
                        trace: Vec::new(),
                        signal: false,
                        suspended: Vec::new(),
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Runs `f` in a frame an error suspended, then keeps the frame's
    /// values as `f` left them.
    fn in_suspended<T>(
        &mut self,
        frame: &mut SuspendedFrame,
        f: impl FnOnce(&mut Interp) -> R<T>,
    ) -> R<T> {
        let base = self.locals.len();
        let count = frame.locals.len();
        let depth = self.frames.len();
        self.locals.append(&mut frame.locals);
        self.frames.push(Frame {
            names: frame.names.clone(),
            base,
            ctx: frame.ctx.clone(),
            transparent: false,
            func: frame.func.clone(),
            caller_pos: self.pos,
            debugger: true,
        });
        // The frame gets its values back even if `f` panics (the line
        // that called it reports the panic as an error and goes on).
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self)));
        frame.locals = self.locals.split_off(base.min(self.locals.len()));
        frame.locals.resize(count, None);
        self.frames.truncate(depth);
        r.unwrap_or_else(|p| std::panic::resume_unwind(p))
    }

    pub(super) fn run_statements(&mut self, stmts: &[Expr]) -> R {
        let mut last = K::Nil;
        for s in stmts {
            last = self.eval(s)?;
        }
        Ok(last)
    }

    /// The index in [`Interp::locals`] of a name the innermost frame keeps
    /// at `slot`: confirmed by the name sharing its text with the frame's
    /// name there, which holds only for the lambda whose body it is in.
    #[inline]
    fn slot_index(&self, name: &Rc<str>, slot: Slot) -> Option<usize> {
        let i = slot.index()?;
        let f = self.frames.last()?;
        (!f.transparent && f.names.get(i).is_some_and(|n| Rc::ptr_eq(n, name))).then(|| f.base + i)
    }

    /// [`Interp::lookup`] of a name with its slot, found without a search
    /// when it is a local of the running lambda.
    #[inline]
    fn lookup_slot(&self, name: &Rc<str>, slot: Slot) -> Option<K> {
        match self.slot_index(name, slot) {
            Some(i) => Some(match &self.locals[i] {
                Some(v) => v.clone(),
                // A local not yet assigned is the empty list.
                None => K::list(Vec::new()),
            }),
            // Not the lambda's own: only query columns and globals.
            None => self.lookup_in(name, Some(name), slot == Slot::GLOBAL),
        }
    }

    /// `count t` (`cols t`, `meta t`) of a partitioned table, which no
    /// variable hides: from what is on disk, with no partition read whole.
    #[inline(never)]
    fn parted_monad(&mut self, f: &Expr, x: &Expr) -> Option<R> {
        let (Expr::Name(f, _, _), Expr::Name(t, _, _)) = (f, x) else {
            return None;
        };
        if self.is_local(t).is_some() {
            return None;
        }
        self.parted_at_a_glance(f, t)
    }

    pub(super) fn lookup(&self, name: &str) -> Option<K> {
        self.lookup_in(name, None, false)
    }

    /// [`Interp::lookup`]; given the name's text as written in code, a
    /// function found among the globals is remembered for the next lookup
    /// by that same text, until a global changes. `past_lambda` skips the
    /// running lambda's frame, for a name known not to be among its own.
    #[inline]
    fn lookup_in(&self, name: &str, written: Option<&Rc<str>>, past_lambda: bool) -> Option<K> {
        for f in self.frames.iter().rev() {
            if past_lambda && !f.transparent {
                break;
            }
            if let Some(i) = f
                .names
                .iter()
                .position(|n| super::interp::same_name(n, name))
            {
                match &self.locals[f.base + i] {
                    Some(v) => return Some(v.clone()),
                    // A local not yet assigned is the empty list.
                    None if !f.transparent => return Some(K::list(Vec::new())),
                    None => {}
                }
            }
            if !f.transparent {
                break;
            }
        }
        if name.starts_with('.') && name == ".z.s" {
            // The lambda being evaluated.
            return self.frames.iter().rev().find_map(|f| f.func.clone());
        }
        match written {
            Some(written) => self.remembered_global(written),
            None => self.lookup_global(name),
        }
    }

    /// [`Interp::lookup_global`], remembering a function it finds among
    /// the globals: a loop that calls `f` then skips the hash lookup.
    fn remembered_global(&self, name: &Rc<str>) -> Option<K> {
        let ctx = match self.frames.last() {
            Some(f) => f.ctx.as_bytes(),
            None => self.namespace.trim_start_matches('.').as_bytes(),
        };
        if let Some(v) = self.globals.recall(name, ctx) {
            return Some(v);
        }
        match self.stored_global(name) {
            Some(v) => {
                if matches!(v, K::Func(_)) {
                    self.globals.remember(name, ctx, v);
                }
                Some(v.clone())
            }
            None => self.unstored_global(name),
        }
    }

    /// Looks a name up past any lambda's locals: the current namespace,
    /// then the root, builtins and `.z` names. A symbol names a global
    /// (`value`, `get`), never a local.
    pub(crate) fn lookup_global(&self, name: &str) -> Option<K> {
        match self.stored_global(name) {
            Some(v) => Some(v.clone()),
            None => self.unstored_global(name),
        }
    }

    /// A global variable's value: in the current namespace, else the root.
    fn stored_global(&self, name: &str) -> Option<&K> {
        let in_root = match self.frames.last() {
            Some(f) => f.ctx.is_empty(),
            None => self.namespace.is_empty(),
        };
        if !in_root && !name.starts_with('.') {
            let ctx = self.current_ctx();
            thread_local! {
                static FULL: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
            }
            // `.ns.name`, built in a reused buffer rather than a new string.
            let found = FULL.with_borrow_mut(|full| {
                full.clear();
                full.push_str(&ctx);
                full.push('.');
                full.push_str(name);
                self.globals.get(full.as_str())
            });
            if found.is_some() {
                return found;
            }
        }
        self.globals.get(name)
    }

    /// What a name that is no global variable names: a partitioned table,
    /// a builtin, a `.z` name, a namespace or a q keyword.
    fn unstored_global(&self, name: &str) -> Option<K> {
        if !self.parted.visible.is_empty()
            && let Some(Ok(t)) = self.parted_whole(name)
        {
            return Some(t);
        }
        builtin::lookup(name)
            .or_else(|| self.special_name(name))
            .or_else(|| self.namespace_value(name))
            .or_else(|| self.q_keyword(name))
    }

    /// A q keyword defined in q (`dsave`): the `.q` name, seen from
    /// everywhere.
    fn q_keyword(&self, name: &str) -> Option<K> {
        if name.starts_with('.') || name.is_empty() {
            return None;
        }
        self.globals.get(format!(".q.{name}").as_str()).cloned()
    }

    /// A namespace as a value (`.q`, `.foo`, or a root name such as `iris`
    /// with globals under it): a dictionary of its names,
    /// led by the null symbol mapped to `::`, as q has it.
    pub(super) fn namespace_value(&self, name: &str) -> Option<K> {
        if name == "." {
            // The root: its variables, with no leading null entry.
            let names = self.global_names("");
            let mut keys = crate::k::SymVec::new();
            let mut values = Vec::with_capacity(names.len());
            for n in names {
                keys.push(n.as_bytes());
                values.push(self.globals.get(&n).cloned().unwrap_or(K::Nil));
            }
            // Views hold their metadata (value.md).
            for (n, meta) in self.root_views() {
                keys.push(n.as_bytes());
                values.push(meta);
            }
            return Some(K::dict(
                K::syms(keys),
                crate::q::kernels::list::from_items(values),
            ));
        }
        // A root name that globals were assigned under with dots
        // (`iris.X:…`) is a dictionary of them, as a namespace is.
        let dotted = name.starts_with('.');
        let ns = name.strip_prefix('.').unwrap_or(name);
        if ns.is_empty() || ns.contains('.') {
            return None;
        }
        let mut keys = crate::k::SymVec::new();
        let mut values = vec![K::Nil];
        keys.push(b"");
        if dotted && ns == "q" {
            // The keywords: named builtins outside other namespaces.
            let word = |n: &str| {
                n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && n.chars().all(|c| c.is_ascii_alphanumeric())
            };
            for n in builtin::names() {
                if word(n)
                    && let Some(v) = builtin::lookup(n)
                {
                    keys.push(n.as_bytes());
                    values.push(v);
                }
            }
        } else {
            // q's own namespaces (`.Q`, `.h`, `.j`) hold builtins too.
            let prefix = format!("{name}.");
            for n in builtin::names() {
                if let Some(rest) = n.strip_prefix(&prefix)
                    && !rest.contains('.')
                    && let Some(v) = builtin::lookup(n)
                {
                    keys.push(rest.as_bytes());
                    values.push(v);
                }
            }
            let names = self.global_names(name);
            if names.is_empty() && keys.len() == 1 {
                return None;
            }
            for n in names {
                keys.push(n.rsplit('.').next().unwrap_or(&n).as_bytes());
                values.push(self.globals.get(&n).cloned().unwrap_or(K::Nil));
            }
        }
        Some(K::dict(K::syms(keys), K::list(values)))
    }

    /// Values computed on access: `.z.*` and friends.
    pub(super) fn special_name(&self, name: &str) -> Option<K> {
        (self.platform.special)(self, name)
    }

    /// Looks a variable up the way the evaluator does (locals, namespace, root, builtins).
    pub fn get_var(&self, name: &str) -> Result<K, QError> {
        self.found(name, self.lookup(name))
    }

    /// The global a symbol names, past any lambda's locals and a query's
    /// columns: `` `sym?x `` in an update extends the global `sym`, not
    /// the column.
    pub fn get_global(&self, name: &str) -> Result<K, QError> {
        self.found(name, self.lookup_global(name))
    }

    /// What a lookup of `name` found, or the error of a partitioned table
    /// of that name that cannot be read, or `'name`.
    fn found(&self, name: &str, v: Option<K>) -> Result<K, QError> {
        if let Some(v) = v {
            return Ok(v);
        }
        if let Some(Err(e)) = self.parted_whole(name) {
            return Err(e);
        }
        Err(builtin::undefined(name))
    }

    /// Sets a variable. In a lambda, `::` (`global`) assigns the root's
    /// variable unless the name is an argument or a local, which it then
    /// sets (function-notation.md).
    pub(super) fn assign_var(&mut self, name: &str, v: K, global: bool) -> R<()> {
        let _ = global;
        if let Some(i) = self.is_local(name) {
            self.locals[i] = Some(v);
            return Ok(());
        }
        if builtin::is_reserved(name) {
            return Err(qerr("assign").into());
        }
        let ctx = self.current_ctx();
        let full = if name.starts_with('.') || ctx.is_empty() {
            std::borrow::Cow::Borrowed(name)
        } else {
            std::borrow::Cow::Owned(format!("{ctx}.{name}"))
        };
        if self.updates_blocked() {
            return Err(noupdate(&full).into());
        }
        self.drop_view(&full);
        self.globals.set(&full, v);
        Ok(())
    }

    /// [`Interp::eval`] with constants and names done in line: the
    /// operands of most verbs are one or the other.
    #[inline(always)]
    fn operand(&mut self, e: &Expr) -> R {
        match e {
            Expr::Const(k) => Ok(k.clone()),
            Expr::Name(n, _, slot) => match self.lookup_slot(n, *slot) {
                Some(v) => Ok(v),
                // Views and dotted names: the general path.
                None => self.eval(e),
            },
            _ => self.eval(e),
        }
    }

    /// An expression's value. Names, constants and assignments, the
    /// steps of every loop, are taken here; the rest in [`Interp::eval_node`].
    #[inline]
    pub(crate) fn eval(&mut self, e: &Expr) -> R {
        match e {
            Expr::Const(k) => Ok(k.clone()),
            Expr::Name(n, _, slot) => match self.lookup_slot(n, *slot) {
                Some(v) => Ok(v),
                None => self.eval_node(e),
            },
            Expr::Assign(a) => self.eval_assign(a),
            Expr::Monad { f, x, pos } if !x.dangles() => self.eval_monad(f, x, *pos),
            _ => self.eval_node(e),
        }
    }

    /// Keeps the primitive a console line's error began in, and its
    /// arguments, for `.z.ex` and `.z.ey` in the debugger (debug.md). The
    /// arguments are read again from names and constants; an operand that
    /// was an expression is not evaluated twice, and shows as `::`.
    #[cold]
    #[inline(never)]
    fn note_failed(&mut self, failed: &Flow, prim: K, operands: &[&Expr]) {
        let began_here = matches!(failed, Flow::Err(f) if f.pos.is_none() && f.trace.is_empty());
        if !self.suspend_errors || !began_here {
            return;
        }
        let mut args: Vec<K> = operands
            .iter()
            .map(|e| match e {
                Expr::Const(k) => k.clone(),
                Expr::Name(n, _, slot) => self.lookup_slot(n, *slot).unwrap_or(K::Nil),
                _ => K::Nil,
            })
            .collect();
        let args = match args.len() {
            1 => args.pop().unwrap_or(K::Nil),
            _ => K::list(args),
        };
        self.failed_op = Some((prim, args));
    }

    /// A statement whose value is not wanted (a loop's body, a lambda's
    /// statements before its last): a local's assignment stores the value
    /// without keeping a copy to return.
    #[inline]
    fn exec(&mut self, e: &Expr) -> R<()> {
        if let Expr::Assign(a) = e
            && let Some(i) = self.plain_local(a)
        {
            let v = self.eval(&a.value)?;
            self.put_local(i, v);
            return Ok(());
        }
        self.eval(e)?.discard();
        Ok(())
    }

    /// `f x`: a function (or a primitive's unary form) applied to a value.
    fn eval_monad(&mut self, f: &Expr, x: &Expr, pos: Pos) -> R {
        if !self.parted.visible.is_empty()
            && let Some(r) = self.parted_monad(f, x)
        {
            return r.map_err(|fl| with_pos(fl, pos));
        }
        let xv = self.operand(x)?;
        // A primitive glyph in prefix position is its unary form:
        // -x is neg x, #x is count x, @x is type x.
        self.pos = pos;
        if let Expr::Prim { prim, .. } = f {
            let r = builtin::unary(self, prim.0, xv);
            if crate::k::depth::take_exhausted() {
                return Err(at(qerr("stack"), pos));
            }
            if let Err(fl) = &r {
                self.note_failed(fl, builtin::prim_value(*prim, true), &[x]);
            }
            return r.map_err(|fl| with_pos(fl, pos));
        }
        let fv = self.operand(f)?;
        self.pos = pos;
        if let K::Func(func) = &fv
            && let Func::Binary(code @ (20 | 21)) = **func
        {
            // `0:x` and `1:x` applied prefix read the file, as `read0` and
            // `read1` do (k's unary forms, which KX's k scripts use).
            return builtin::unary(self, code, xv).map_err(|fl| with_pos(fl, pos));
        }
        self.apply_monad(&fv, xv).map_err(|fl| with_pos(fl, pos))
    }

    fn eval_node(&mut self, e: &Expr) -> R {
        match e {
            Expr::Empty => Ok(K::Nil),
            Expr::Const(k) => Ok(k.clone()),
            // Not found by `eval`: views, derived names, or undefined.
            Expr::Name(n, pos, _) => match self.derived_name(n) {
                Some(r) => r.map_err(|fl| with_pos(fl, *pos)),
                None => Err(at(builtin::undefined(n), *pos)),
            },
            Expr::Prim { prim, unary, .. } => Ok(builtin::prim_value(*prim, *unary)),
            Expr::Iterator(a, _) => Ok(K::func(Func::Iterator(*a as u8))),
            Expr::Derived { f, adverb, .. } => {
                let f = self.eval(f)?;
                Ok(K::func(Func::Derived(*adverb, f)))
            }
            Expr::Lambda(def) => Ok(self.lambda_value(def)),
            Expr::Paren(e) => self.eval(e),
            Expr::List(items) => {
                // q evaluates list items right to left.
                let mut vals = Vec::with_capacity(items.len());
                let mut holes = false;
                for it in items.iter().rev() {
                    if matches!(it, Expr::Empty) {
                        holes = true;
                        vals.push(K::elided());
                    } else {
                        vals.push(self.eval(it)?);
                    }
                }
                vals.reverse();
                if holes {
                    // (`f;) is a projection of enlist: (`f;)1 is (`f;1).
                    return Ok(project(K::func(Func::Unary(41)), vals));
                }
                Ok(crate::q::kernels::list::from_items(vals))
            }
            Expr::Apply { f, args, pos } if args.len() == 1 => {
                // f[x] (and f[], which passes `::`): no argument list made.
                let x = self.operand(&args[0])?;
                let fv = self.operand(f)?;
                self.pos = *pos;
                self.apply_monad(&fv, x).map_err(|fl| with_pos(fl, *pos))
            }
            Expr::Apply { f, args, pos } => {
                let mut vals = Vec::with_capacity(args.len());
                let mut any_elided = false;
                for a in args.iter().rev() {
                    if matches!(a, Expr::Empty) && args.len() > 1 {
                        vals.push(K::elided());
                        any_elided = true;
                    } else {
                        vals.push(self.eval(a)?);
                    }
                }
                vals.reverse();
                let fv = self.eval(f)?;
                self.pos = *pos;
                if any_elided {
                    if fv.type_code() < 100 && !matches!(fv, K::Atom(..)) {
                        // Indexing data with an elided index means "all": t[1;].
                        let idx: Vec<K> = vals
                            .into_iter()
                            .map(|v| if v.is_elided() { K::Nil } else { v })
                            .collect();
                        return self.index(&fv, idx).map_err(|fl| with_pos(fl, *pos));
                    }
                    if matches!(&fv, K::Func(f) if matches!(**f, Func::Projection(_))) {
                        return self.apply(&fv, vals).map_err(|fl| with_pos(fl, *pos));
                    }
                    return self.projection(fv, vals).map_err(|fl| with_pos(fl, *pos));
                }
                self.apply(&fv, vals).map_err(|fl| with_pos(fl, *pos))
            }
            Expr::Monad { f, x, pos } if x.dangles() => {
                // `neg 1+`, `f g h@`: a function applied to an expression
                // that ends in a verb with no right argument is a
                // composition (a train), not an application.
                let g = self.eval(x)?;
                let fv = match &**f {
                    Expr::Prim { prim, .. } => builtin::prim_value(*prim, true),
                    _ => self.eval(f)?,
                };
                Ok(compose(fv, g))
            }
            Expr::Dyad {
                f,
                x,
                y: Some(y),
                pos: _,
            } if y.dangles() => {
                // `a~2#key g@`: the left projection of the verb, composed.
                let g = self.eval(y)?;
                let fv = self.eval(f)?;
                let xv = self.eval(x)?;
                Ok(compose(project(fv, vec![xv, K::elided()]), g))
            }
            Expr::Monad { f, x, pos } => self.eval_monad(f, x, *pos),
            Expr::Dyad {
                f,
                x,
                y: Some(y),
                pos,
            } if matches!(**f, Expr::Prim { unary: false, .. }) => {
                // A primitive between two values: straight to its code,
                // with no function value made on the way.
                let yv = self.operand(y)?;
                let xv = self.operand(x)?;
                let Expr::Prim { prim, .. } = &**f else {
                    unreachable!("matched a primitive")
                };
                self.pos = *pos;
                // `i+1` in a loop: two long or float atoms, computed here.
                if let Some(op) = crate::q::kernels::pervade::Arith::of_prim(prim.0)
                    && let Some(r) = crate::q::kernels::verbs::atom_arith(op, &xv, &yv)
                {
                    return Ok(r);
                }
                let r = builtin::binary(self, prim.0, xv, yv);
                if crate::k::depth::take_exhausted() {
                    return Err(at(qerr("stack"), *pos));
                }
                if let Err(fl) = &r {
                    self.note_failed(fl, builtin::prim_value(*prim, false), &[x, y]);
                }
                r.map_err(|fl| with_pos(fl, *pos))
            }
            Expr::Dyad { f, x, y, pos } => {
                // Right to left, the function last, as a parse tree
                // `(f;x;y)` is evaluated: in `(x:til n) g[1+x]/ y` the
                // projection sees the x just assigned.
                let yv = match y {
                    Some(y) => Some(self.eval(y)?),
                    None => None,
                };
                let xv = self.eval(x)?;
                let fv = self.eval(f)?;
                self.pos = *pos;
                match yv {
                    Some(yv) => self
                        .apply(&fv, vec![xv, yv])
                        .map_err(|fl| with_pos(fl, *pos)),
                    None => Ok(project(fv, vec![xv, K::elided()])),
                }
            }
            Expr::Assign(a) => self.eval_assign(a),
            Expr::Cond(parts, pos) => self.eval_cond(parts, *pos),
            Expr::If(c, body, pos) => {
                let cv = self.eval(c)?;
                if crate::q::kernels::verbs::truthy(&cv).map_err(|e| at(e, *pos))? {
                    for s in body {
                        self.exec(s)?;
                    }
                }
                Ok(K::Nil)
            }
            Expr::Do(n, body, pos) => {
                let nv = self.eval(n)?;
                let n = nv.as_i64().ok_or_else(|| at(qerr("type"), *pos))?;
                for _ in 0..n.max(0) {
                    self.check_interrupt()?;
                    for s in body {
                        self.exec(s)?;
                    }
                }
                Ok(K::Nil)
            }
            Expr::While(c, body, pos) => {
                loop {
                    self.check_interrupt()?;
                    let cv = self.eval(c)?;
                    if !crate::q::kernels::verbs::truthy(&cv).map_err(|e| at(e, *pos))? {
                        break;
                    }
                    for s in body {
                        self.exec(s)?;
                    }
                }
                Ok(K::Nil)
            }
            Expr::Return(x) => {
                let v = self.eval(x)?;
                Err(Flow::Return(v))
            }
            Expr::Signal(x, pos) => {
                let v = self.eval(x)?;
                let msg = match &v {
                    K::Atom(_, crate::k::Scalar::Sym(s)) => s.to_str_lossy().into_owned(),
                    // signal.md: q will not signal a char atom either.
                    K::Atom(..) => return Err(at(qerr("stype"), *pos)),
                    _ => match v.as_str_bytes() {
                        Some(b) => String::from_utf8_lossy(b).into_owned(),
                        // errors.md: '42 is 'stype.
                        None => return Err(at(qerr("stype"), *pos)),
                    },
                };
                Err(super::interp::signalled(QError::new(msg), *pos))
            }
            Expr::Table { keys, cols } => self.eval_table_literal(keys, cols),
            Expr::Query(q) => super::sql::eval_query(self, q),
            Expr::Block(stmts) => self.run_statements(stmts),
            Expr::Match(m) => self.eval_match(m),
            Expr::MatchCond(c) => self.eval_match_cond(c),
        }
    }

    pub(super) fn eval_cond(&mut self, parts: &[Expr], pos: Pos) -> R {
        let mut i = 0;
        while i + 1 < parts.len() {
            let c = self.eval(&parts[i])?;
            if crate::q::kernels::verbs::truthy(&c).map_err(|e| at(e, pos))? {
                return self.eval(&parts[i + 1]);
            }
            i += 2;
        }
        if i < parts.len() {
            self.eval(&parts[i])
        } else {
            Ok(K::Nil)
        }
    }

    pub(super) fn eval_table_literal(
        &mut self,
        keys: &[(Rc<str>, Expr)],
        cols: &[(Rc<str>, Expr)],
    ) -> R {
        let mut key_vals = Vec::with_capacity(keys.len());
        let mut holes = false;
        for (n, e) in keys {
            let v = if matches!(e, Expr::Empty) && cols.is_empty() {
                holes = true;
                K::elided()
            } else {
                self.eval(e)?
            };
            key_vals.push((n.clone(), v));
        }
        if holes {
            // `([a:1;b:])`: missing values make a projection, like the
            // list `(1;)`, whose result is the dictionary (q 4.1).
            let names = crate::k::SymVec::from_iter(key_vals.iter().map(|(n, _)| n.as_bytes()));
            let values: Vec<K> = key_vals.into_iter().map(|(_, v)| v).collect();
            let make = project(K::func(Func::Binary(16)), vec![K::syms(names), K::elided()]);
            let fill = project(K::func(Func::Unary(41)), values);
            return Ok(K::func(Func::Composition(vec![make, fill])));
        }
        // `([a:1;b:2])`, keys and no columns: a dictionary literal (q 4.1).
        if cols.is_empty() && !key_vals.is_empty() {
            let mut names = crate::k::SymVec::new();
            let mut values = Vec::with_capacity(key_vals.len());
            for (n, v) in key_vals {
                names.push(n.as_bytes());
                values.push(v);
            }
            return Ok(K::dict(
                K::syms(names),
                crate::q::kernels::list::from_items(values),
            ));
        }
        let mut col_vals = Vec::with_capacity(cols.len());
        for (n, e) in cols {
            col_vals.push((n.clone(), self.eval(e)?));
        }
        let value = crate::q::kernels::table::from_columns(col_vals)?;
        if keys.is_empty() {
            Ok(value)
        } else {
            let key = crate::q::kernels::table::from_columns(key_vals)?;
            if key.count() != value.count() && !cols.is_empty() {
                return Err(qerr("length").into());
            }
            Ok(K::dict(key, value))
        }
    }

    pub(super) fn eval_assign(&mut self, a: &Assign) -> R {
        // `i:e` of a local, the commonest statement in a loop.
        if let Some(i) = self.plain_local(a) {
            let v = self.eval(&a.value)?;
            self.put_local(i, v.clone());
            return Ok(v);
        }
        self.eval_assign_general(a)
    }

    /// The slot of a plain `i:e` of a local of the running lambda (no
    /// indices, no operator, no lambda defined): what a slot store does.
    #[inline(always)]
    fn plain_local(&self, a: &Assign) -> Option<usize> {
        if a.indices.is_none() && a.op.is_none() && !matches!(a.value, Expr::Lambda(_)) {
            self.slot_index(&a.name, a.slot)
        } else {
            None
        }
    }

    /// Puts `v` in local slot `i`, letting go of what was there.
    #[inline(always)]
    fn put_local(&mut self, i: usize, v: K) {
        if let Some(old) = self.locals[i].replace(v) {
            old.discard();
        }
    }

    /// Whether globals and files may not change here: inside `reval`, or
    /// serving a client under `-b`.
    pub(crate) fn updates_blocked(&self) -> bool {
        self.in_reval || (self.blocked && self.current_handle != 0)
    }

    /// `'noupdate` for an update of global `name` (as written, in the
    /// current namespace) where updates are blocked.
    pub(crate) fn check_global_update(&self, name: &str) -> Result<(), QError> {
        if !self.updates_blocked() {
            return Ok(());
        }
        let ctx = self.current_ctx();
        Err(noupdate(&self.qualify(name, &ctx)))
    }

    /// `'noupdate` for a write to a file where updates are blocked.
    pub(crate) fn check_file_update(&self) -> Result<(), QError> {
        if self.updates_blocked() {
            return Err(qerr("noupdate"));
        }
        Ok(())
    }

    /// `'access` for what `reval` forbids outright: system commands that
    /// change state, `exit`, and files outside the working directory.
    pub(crate) fn check_access(&self) -> Result<(), QError> {
        if self.in_reval {
            return Err(qerr("access"));
        }
        Ok(())
    }

    #[inline(never)]
    fn eval_assign_general(&mut self, a: &Assign) -> R {
        let global = self.slot_index(&a.name, a.slot).is_none() && self.is_local(&a.name).is_none();
        let r = self.assign_general(a)?;
        // `.z.vs[name;index]` after a global of the default namespace is
        // set (dotz.md): `()` for the whole variable, else its indices.
        if global
            && !self.in_value_set
            && !a.name.starts_with('.')
            && self.current_ctx().is_empty()
            && let Some(f) = self.globals.get(".z.vs").cloned()
        {
            let index = match a.indices {
                Some(_) => self.assigned_at.take().unwrap_or(K::Nil),
                None => K::list(Vec::new()),
            };
            self.in_value_set = true;
            let called = self.apply(&f, vec![K::sym(&*a.name), index]);
            self.in_value_set = false;
            called.map_err(|fl| with_pos(fl, a.pos))?;
        }
        Ok(r)
    }

    fn assign_general(&mut self, a: &Assign) -> R {
        if self.slot_index(&a.name, a.slot).is_none() && self.is_local(&a.name).is_none() {
            // Checked before the value is taken out of the variable.
            self.check_global_update(&a.name)
                .map_err(|e| at(e, a.pos))?;
        }
        let v = match (&a.value, &a.indices, &a.op) {
            // f:{...} names the lambda f.
            (Expr::Lambda(def), None, None) => self.named_lambda(def, Some(a.name.clone())),
            _ => self.eval(&a.value)?,
        };
        let local = self
            .slot_index(&a.name, a.slot)
            .or_else(|| self.is_local(&a.name));
        if let (Some(i), None, None) = (local, &a.indices, &a.op) {
            // A local found by name (a lambda value, or a name with no slot).
            self.put_local(i, v.clone());
            return Ok(v);
        }
        // `n+:1` on an atom: the primitive straight, with no function
        // value or argument list made (counters in loops).
        if let (
            None,
            Some(Expr::Prim {
                prim, unary: false, ..
            }),
        ) = (&a.indices, &a.op)
            && (1..=6).contains(&prim.0)
            && matches!(v, K::Atom(..))
            && let Some(i) = local
            && let Some(cur @ K::Atom(..)) = &self.locals[i]
        {
            let r =
                builtin::binary(self, prim.0, cur.clone(), v).map_err(|fl| with_pos(fl, a.pos))?;
            self.locals[i] = Some(r.clone());
            return Ok(r);
        }
        // The same for a global atom: taken out, updated, put back.
        if let (
            None,
            Some(Expr::Prim {
                prim, unary: false, ..
            }),
            None,
        ) = (&a.indices, &a.op, local)
            && (1..=6).contains(&prim.0)
            && matches!(v, K::Atom(..))
            && let Some(cur) = self.take_var(&a.name)
        {
            if !matches!(cur, K::Atom(..)) {
                self.assign_var(&a.name, cur, a.global)?;
            } else {
                return match builtin::binary(self, prim.0, cur.clone(), v.clone()) {
                    Ok(r) => {
                        self.assign_var(&a.name, r.clone(), a.global)
                            .map_err(|fl| with_pos(fl, a.pos))?;
                        Ok(r)
                    }
                    Err(fl) => {
                        self.assign_var(&a.name, cur, a.global)?;
                        Err(with_pos(fl, a.pos))
                    }
                };
            }
        }
        let op = match &a.op {
            Some(op) => Some(self.eval(op)?),
            None => None,
        };
        match &a.indices {
            None => {
                let newv = match op {
                    None => v,
                    Some(f) => {
                        // The variable is taken out while the verb runs, so
                        // that a vector nothing else holds is updated in its
                        // own buffer; it is put back if the verb fails.
                        // An undefined name starts from the verb's identity.
                        let (mut cur, taken) = match self.take_var(&a.name) {
                            Some(c) => (c, true),
                            None => match self.lookup(&a.name) {
                                Some(c) => (c, false),
                                None => {
                                    let id = identity_of(&f);
                                    (id.ok_or_else(|| at(qerr(&*a.name), a.pos))?, false)
                                }
                            },
                        };
                        let mut v = v;
                        if let Some(Expr::Prim { prim, pos, .. }) = &a.op
                            && prim.glyph() == ","
                        {
                            // `x,:y` keeps x's type, takes rows into a table
                            // and one item into a list of lists (join.md).
                            use crate::q::kernels::table::{Appended, append};
                            if let K::Enum(e) = &cur
                                && (matches!(v, K::Atom(crate::k::Type::Symbol, _))
                                    || matches!(&v, K::Vector(s) if s.ty == crate::k::Type::Symbol))
                            {
                                // Joined onto an enumeration, symbols are
                                // enumerated against its domain: `'cast`
                                // for one not in it (join.md).
                                match super::stateful::enumerate(self, &e.domain, &v, false) {
                                    Ok(enumerated) => v = enumerated,
                                    Err(e) => {
                                        if taken {
                                            self.assign_var(&a.name, cur, a.global)?;
                                        }
                                        return Err(at(e, *pos));
                                    }
                                }
                            }
                            // Rows for a table's enumerated columns are
                            // enumerated against their domains.
                            if let K::Table(t) = &cur {
                                match super::stateful::enumerate_append(self, t, v) {
                                    Ok(rows) => v = rows,
                                    Err(e) => {
                                        if taken {
                                            self.assign_var(&a.name, cur, a.global)?;
                                        }
                                        return Err(at(e, *pos));
                                    }
                                }
                            }
                            // A table or keyed table nothing else holds
                            // takes the rows in its own columns (`t,:row`
                            // and `kt,:row` in a loop).
                            if taken && (cur.is_keyed_table() || matches!(cur, K::Table(_))) {
                                use crate::q::kernels::{list, table};
                                let done = if cur.is_keyed_table() {
                                    table::upsert_keyed_owned(cur, &v)
                                } else {
                                    list::check_append(&cur, &v)
                                        .map_err(|e| (cur.clone(), e))
                                        .and_then(|()| table::append_to_table(cur, v))
                                };
                                return match done {
                                    Ok(r) => {
                                        self.assign_var(&a.name, r.clone(), a.global)
                                            .map_err(|fl| with_pos(fl, a.pos))?;
                                        Ok(r)
                                    }
                                    Err((old, e)) => {
                                        self.assign_var(&a.name, old, a.global)?;
                                        Err(at(e, *pos))
                                    }
                                };
                            }
                            let checked = crate::q::kernels::list::check_append(&cur, &v)
                                .and_then(|()| append(&cur, v));
                            match checked {
                                Ok(Appended::Join(y)) => v = y,
                                Ok(Appended::Done(r)) => {
                                    self.assign_var(&a.name, r.clone(), a.global)
                                        .map_err(|fl| with_pos(fl, a.pos))?;
                                    return Ok(r);
                                }
                                Err(e) => {
                                    if taken {
                                        self.assign_var(&a.name, cur, a.global)?;
                                    }
                                    return Err(at(e, *pos));
                                }
                            }
                            // A list nothing else holds takes the items in
                            // its own buffer (`r,:enlist x` in a loop).
                            if taken {
                                match crate::q::kernels::list::append_in_place(cur, v) {
                                    Ok(done) => {
                                        self.assign_var(&a.name, done.clone(), a.global)?;
                                        return Ok(done);
                                    }
                                    Err((c, y)) => (cur, v) = (c, y),
                                }
                            }
                        }
                        let (cur, v) = match builtin::arith_of(&f) {
                            Some(op) if taken => {
                                match crate::q::kernels::verbs::arith_in_place(op, cur, v) {
                                    Ok(done) => {
                                        self.assign_var(&a.name, done.clone(), a.global)?;
                                        return Ok(done);
                                    }
                                    Err(back) => back,
                                }
                            }
                            _ => (cur, v),
                        };
                        let backup = if taken { Some(cur.clone()) } else { None };
                        match self.apply(&f, vec![cur, v]) {
                            Ok(r) => r,
                            Err(fl) => {
                                if let Some(old) = backup {
                                    self.assign_var(&a.name, old, a.global)?;
                                }
                                return Err(with_pos(fl, a.pos));
                            }
                        }
                    }
                };
                self.assign_var(&a.name, newv.clone(), a.global)
                    .map_err(|fl| with_pos(fl, a.pos))?;
                Ok(newv)
            }
            Some(idx) => {
                let mut iv = Vec::with_capacity(idx.len());
                for e in idx.iter().rev() {
                    iv.push(if matches!(e, Expr::Empty) {
                        K::Nil
                    } else {
                        self.eval(e)?
                    });
                }
                iv.reverse();
                self.assigned_at = Some(crate::q::kernels::list::from_items(iv.clone()));
                let cur = match self.take_var(&a.name) {
                    Some(c) => c,
                    None => return Err(at(qerr(&*a.name), a.pos)),
                };
                // `x[i]op:y` is worth the new `x[i]` (`1+a[2]+:5` is 8 when
                // a[2] was 2, assign.md); `x[i]:y` is worth y.
                let worth = |it: &mut Self, updated: &K| -> R {
                    if op.is_some() {
                        it.apply(updated, iv.clone())
                    } else {
                        Ok(v.clone())
                    }
                };
                let cur = match super::amend::set_in_place(cur, &iv, op.is_none(), &v) {
                    Ok(done) => {
                        self.assign_var(&a.name, done, a.global)?;
                        return Ok(v);
                    }
                    Err(cur) => cur,
                };
                // `x[i],:y`: the item grows in its own buffer.
                let cur = match &a.op {
                    Some(Expr::Prim { prim, .. }) if prim.glyph() == "," => {
                        match super::amend::join_at_in_place(cur, &iv, &v) {
                            Ok(done) => {
                                let result = worth(self, &done);
                                self.assign_var(&a.name, done, a.global)?;
                                return result.map_err(|fl| with_pos(fl, a.pos));
                            }
                            Err(cur) => cur,
                        }
                    }
                    _ => cur,
                };
                // A keyed table's row goes back in its own columns: the
                // table is handed back as it was on an error.
                if cur.is_keyed_table() {
                    return match super::amend::amend_keyed_owned(
                        self,
                        cur,
                        &iv,
                        op.as_ref(),
                        v.clone(),
                    ) {
                        Ok(newv) => {
                            let result = worth(self, &newv);
                            self.assign_var(&a.name, newv, a.global)?;
                            result.map_err(|fl| with_pos(fl, a.pos))
                        }
                        Err((old, fl)) => {
                            self.assign_var(&a.name, old, a.global)?;
                            Err(with_pos(fl, a.op_pos))
                        }
                    };
                }
                let backup = cur.clone();
                match super::amend::amend(self, cur, &iv, op.as_ref(), v.clone()) {
                    Ok(newv) => {
                        let result = worth(self, &newv);
                        self.assign_var(&a.name, newv, a.global)?;
                        result.map_err(|fl| with_pos(fl, a.pos))
                    }
                    Err(fl) => {
                        // q points at the assignment, not the name, when
                        // part of a variable cannot take the value.
                        self.assign_var(&a.name, backup, a.global)?;
                        Err(with_pos(fl, a.op_pos))
                    }
                }
            }
        }
    }

    pub(crate) fn lambda_value(&self, def: &Rc<LambdaDef>) -> K {
        // A lambda written inside a named one is known as `name@`.
        let name = self
            .frames
            .iter()
            .rev()
            .find(|f| f.func.is_some())
            .filter(|f| !f.debugger)
            .and_then(|f| f.func.as_ref())
            .and_then(|f| match f {
                K::Func(func) => match &**func {
                    Func::Lambda(lam) => lambda_name(lam),
                    _ => None,
                },
                _ => None,
            })
            .map(|n| Rc::from(format!("{n}@")));
        self.named_lambda(def, name)
    }

    pub(super) fn named_lambda(&self, def: &Rc<LambdaDef>, name: Option<Rc<str>>) -> K {
        let ctx = self.current_ctx();
        let lam = Lambda::new(Sym::from(ctx.trim_start_matches('.')), &def.src);
        let def = query_masked(def);
        let compiled: Rc<dyn std::any::Any> = Rc::new(Compiled::Def(def, name));
        let _ = lam.compiled.set(compiled);
        K::func(Func::Lambda(lam))
    }

    /// The compiled form of a lambda value, parsing its source on first use.
    pub(crate) fn compiled<'a>(&self, lam: &'a Lambda) -> R<&'a Rc<dyn std::any::Any>> {
        if let Some(c) = lam.compiled.get() {
            return Ok(c);
        }
        let src: &str = &lam.src;
        let prog = parse_q_or_k(src).map_err(|(msg, _)| qerr(msg))?;
        let def = match prog.stmts.as_slice() {
            [Expr::Lambda(d)] => query_masked(d),
            _ => return Err(qerr("bad lambda").into()),
        };
        let c: Rc<dyn std::any::Any> = Rc::new(Compiled::Def(def, None));
        Ok(lam.compiled.get_or_init(|| c))
    }

    /// A q lambda's definition and the name it was defined under, for a
    /// function value that is one (and has been called).
    pub(super) fn lambda_parts(&self, f: &K) -> Option<(Rc<LambdaDef>, Option<Rc<str>>)> {
        let K::Func(func) = f else { return None };
        let Func::Lambda(lam) = &**func else {
            return None;
        };
        match lam.compiled.get()?.downcast_ref::<Compiled>()? {
            Compiled::Def(def, name) => Some((def.clone(), name.clone())),
            Compiled::Native(_) => None,
        }
    }

    /// Calls a parsed lambda with exactly its rank of arguments.
    /// `fval` is the lambda as a value (`.z.s` inside the call).
    pub(crate) fn call_lambda(
        &mut self,
        fval: &K,
        lam: &Lambda,
        def: &Rc<LambdaDef>,
        args: impl IntoIterator<Item = K>,
    ) -> R {
        if let Some(body) = &def.closed
            && def.params.len() <= CLOSED_PARAMS
        {
            self.check_interrupt()?;
            let mut args = args.into_iter();
            let mut arg = || args.next().unwrap_or(K::Nil);
            return match def.params.len() {
                0 | 1 => self.call_closed(fval, lam, def, body, [arg()]),
                2 => self.call_closed(fval, lam, def, body, [arg(), arg()]),
                _ => self.call_closed(fval, lam, def, body, [arg(), arg(), arg()]),
            };
        }
        self.call_framed(fval, lam, def, args)
    }

    /// A one-parameter lambda with a closed body, already compiled: what
    /// [`Interp::call_closed`] needs to run its body straight over an
    /// argument.
    #[inline(always)]
    pub(super) fn closed_unary(f: &K) -> Option<(&Lambda, &Rc<LambdaDef>, &Closed)> {
        Interp::closed_lambda(f, 0..=1)
    }

    /// A lambda with a closed body, already compiled, taking a number of
    /// parameters in `params`.
    #[inline(always)]
    pub(super) fn closed_lambda(
        f: &K,
        params: std::ops::RangeInclusive<usize>,
    ) -> Option<(&Lambda, &Rc<LambdaDef>, &Closed)> {
        let K::Func(func) = f else { return None };
        let Func::Lambda(lam) = &**func else {
            return None;
        };
        match lam.compiled.get()?.downcast_ref::<Compiled>()? {
            Compiled::Def(def, _) if params.contains(&def.params.len()) => {
                Some((lam, def, def.closed.as_ref()?))
            }
            _ => None,
        }
    }

    /// [`Interp::call_lambda`] of a closed body over its arguments.
    #[inline(always)]
    pub(super) fn call_closed<const N: usize>(
        &mut self,
        fval: &K,
        lam: &Lambda,
        def: &Rc<LambdaDef>,
        body: &Closed,
        values: [K; N],
    ) -> R {
        if let Some(v) = self.eval_closed(body, &values) {
            let values = std::mem::ManuallyDrop::new(values);
            for v in values.iter() {
                // SAFETY: each value is read out once, from an array that is
                // not dropped, so each is let go of exactly once.
                unsafe { std::ptr::read(v) }.discard();
            }
            return Ok(v);
        }
        // It failed: the call again with a frame, for q's error and
        // backtrace (a closed body has no effects to repeat).
        self.call_framed(fval, lam, def, values)
    }

    /// A closed lambda body's value over `params`, or `None` if any step
    /// fails (or runs out of stack).
    fn eval_closed(&mut self, e: &Closed, params: &[K]) -> Option<K> {
        let v = self.eval_closed_steps(e, params);
        // A step that ran out of stack leaves the flag set; the steps after
        // it have no effects, so one look at the end does.
        if crate::k::depth::take_exhausted() {
            return None;
        }
        v
    }

    fn eval_closed_steps(&mut self, e: &Closed, params: &[K]) -> Option<K> {
        match e {
            Closed::Param(i) => Some(params[*i].clone()),
            Closed::Const(k) => Some(k.clone()),
            Closed::Unary(p, x) => {
                let x = self.eval_closed_steps(x, params)?;
                builtin::unary(self, p.0, x).ok()
            }
            Closed::Binary(p, x, y) => {
                // `x+1`: two long or float atoms at hand, added where they are.
                if let (Some(a), Some(b), Some(op)) = (
                    x.operand(params),
                    y.operand(params),
                    crate::q::kernels::pervade::Arith::of_prim(p.0),
                ) && let Some(r) = crate::q::kernels::verbs::atom_arith(op, a, b)
                {
                    return Some(r);
                }
                let y = self.eval_closed_steps(y, params)?;
                let x = self.eval_closed_steps(x, params)?;
                builtin::binary(self, p.0, x, y).ok()
            }
        }
    }

    /// [`Interp::call_lambda`] with a frame for the arguments and locals.
    fn call_framed(
        &mut self,
        fval: &K,
        lam: &Lambda,
        def: &Rc<LambdaDef>,
        args: impl IntoIterator<Item = K>,
    ) -> R {
        if self.frames.len() >= MAX_DEPTH || !crate::k::depth::room() {
            return Err(qerr("stack").into());
        }
        self.check_interrupt()?;
        let nparams = def.params.len();
        let names = def.frame_names.clone();
        let base = self.locals.len();
        let mut args = args.into_iter();
        for _ in 0..nparams {
            self.locals.push(Some(args.next().unwrap_or(K::Nil)));
        }
        self.locals.resize(base + names.len(), None);
        self.frames.push(Frame {
            names,
            base,
            ctx: lam.ctx.clone(),
            transparent: false,
            func: Some(fval.clone()),
            caller_pos: self.pos,
            debugger: false,
        });
        let mut result = Ok(K::Nil);
        let params_matched = if def.param_patterns.is_empty() {
            Ok(())
        } else {
            self.match_params(def, base)
        };
        let body = match params_matched {
            Ok(()) => &def.body[..],
            Err(fl) => {
                result = Err(fl);
                &[]
            }
        };
        for (i, s) in body.iter().enumerate() {
            let r = if i + 1 == def.body.len() {
                self.eval(s)
            } else {
                self.exec(s).map(|()| K::Nil)
            };
            match r {
                Ok(v) => {
                    if i + 1 == def.body.len() {
                        result = Ok(v);
                    }
                }
                Err(fl) => {
                    result = Err(fl);
                    break;
                }
            }
        }
        let result = match result {
            Err(Flow::Return(v)) => Ok(v),
            Err(Flow::Err(mut failure)) => {
                let pos = failure.pos.take();
                // A named lambda shows as `name:{...}` (debug.md).
                let pos = pos.map(|p| p.saturating_sub(def.offset));
                let frame = match lambda_name(lam) {
                    Some(n) => TraceFrame {
                        src: Rc::from(format!("{n}:{}", def.src)),
                        pos: pos.map(|p| p + n.len() as Pos + 1),
                        name: Some(n),
                        func: Some(fval.clone()),
                    },
                    None => TraceFrame {
                        src: def.src.clone(),
                        pos,
                        name: None,
                        func: Some(fval.clone()),
                    },
                };
                failure.trace.push(frame);
                if self.suspend_errors
                    && let Some(f) = self.frames.last()
                {
                    failure.suspended.push(SuspendedFrame {
                        names: f.names.clone(),
                        locals: self.locals[base..].to_vec(),
                        ctx: lam.ctx.clone(),
                        func: Some(fval.clone()),
                        trace_index: failure.trace.len() - 1,
                    });
                }
                Err(Flow::Err(failure))
            }
            ok => ok,
        };
        if let Some(f) = self.frames.last() {
            self.pos = f.caller_pos;
        }
        self.pop_frame();
        result
    }
}

/// A lambda's definition with its implicit parameters counted as q counts
/// them: `x`, `y` and `z` inside the select, by and where phrases of a
/// query do not make parameters (qsql.md), so `{select from t where a=x,b=y}`
/// takes one argument. Definitions with nothing to change come back as
/// they are.
/// `f` composed with `g`: `g` applies first, then `f` to its result.
fn compose(f: K, g: K) -> K {
    K::func(Func::Composition(vec![f, g]))
}

fn query_masked(def: &Rc<LambdaDef>) -> Rc<LambdaDef> {
    if def.explicit_params
        || def.params.len() < 2
        || !["select", "exec", "update", "delete"]
            .iter()
            .any(|k| def.src.contains(k))
    {
        return def.clone();
    }
    let mut highest = 1;
    for e in &def.body {
        highest = highest.max(implicit_rank(e));
    }
    if highest >= def.params.len() {
        return def.clone();
    }
    let mut masked = (**def).clone();
    masked.params.truncate(highest);
    masked.frame_names = LambdaDef::frame_names_of(&masked.params, &masked.locals);
    resolve_slots(&mut masked.body, &masked.frame_names);
    Rc::new(masked)
}

/// The highest implicit parameter (`x` 1, `y` 2, `z` 3) an expression
/// names outside nested lambdas and query phrases.
fn implicit_rank(e: &Expr) -> usize {
    let all = |es: &[Expr]| es.iter().map(implicit_rank).max().unwrap_or(0);
    match e {
        Expr::Name(n, _, _) => match &**n {
            "x" => 1,
            "y" => 2,
            "z" => 3,
            _ => 0,
        },
        Expr::Derived { f, .. } | Expr::Return(f) | Expr::Signal(f, _) | Expr::Paren(f) => {
            implicit_rank(f)
        }
        Expr::Apply { f, args, .. } => implicit_rank(f).max(all(args)),
        Expr::Monad { f, x, .. } => implicit_rank(f).max(implicit_rank(x)),
        Expr::Dyad { f, x, y, .. } => implicit_rank(f)
            .max(implicit_rank(x))
            .max(y.as_deref().map_or(0, implicit_rank)),
        Expr::List(es) | Expr::Cond(es, _) | Expr::Block(es) => all(es),
        Expr::Assign(a) => {
            let base = match &*a.name {
                "x" => 1,
                "y" => 2,
                "z" => 3,
                _ => 0,
            };
            base.max(implicit_rank(&a.value))
                .max(a.indices.as_deref().map_or(0, all))
                .max(a.op.as_ref().map_or(0, implicit_rank))
        }
        Expr::If(c, body, _) | Expr::Do(c, body, _) | Expr::While(c, body, _) => {
            implicit_rank(c).max(all(body))
        }
        Expr::Table { keys, cols } => keys
            .iter()
            .chain(cols)
            .map(|(_, e)| implicit_rank(e))
            .max()
            .unwrap_or(0),
        // Only the table expression of a query is outside the mask.
        Expr::Query(q) => implicit_rank(&q.from),
        Expr::Match(m) => {
            let mut names = Vec::new();
            m.pattern.names(&mut names);
            let set = names
                .iter()
                .map(|n| match &**n {
                    "x" => 1,
                    "y" => 2,
                    "z" => 3,
                    _ => 0,
                })
                .max()
                .unwrap_or(0);
            m.pattern
                .exprs()
                .into_iter()
                .map(implicit_rank)
                .max()
                .unwrap_or(0)
                .max(set)
                .max(implicit_rank(&m.value))
        }
        Expr::MatchCond(c) => c
            .arms
            .iter()
            .flat_map(|(p, e)| p.exprs().into_iter().chain([e]))
            .chain(c.default.as_ref())
            .map(implicit_rank)
            .max()
            .unwrap_or(0)
            .max(implicit_rank(&c.value)),
        Expr::Empty | Expr::Const(_) | Expr::Prim { .. } | Expr::Iterator(..) | Expr::Lambda(_) => {
            0
        }
    }
}

/// The identity element of a verb used in `x op: y` when `x` is undefined.
fn identity_of(f: &K) -> Option<K> {
    match f {
        K::Func(p) => match **p {
            Func::Binary(1 | 2) => Some(K::long(0)),
            Func::Binary(3) => Some(K::long(1)),
            Func::Binary(12) => Some(K::list(Vec::new())),
            _ => None,
        },
        _ => None,
    }
}

/// The name a lambda value was defined under, if any.
fn lambda_name(lam: &Lambda) -> Option<Rc<str>> {
    let c = lam.compiled.get()?;
    match c.downcast_ref::<Compiled>()? {
        Compiled::Def(_, name) => name.clone(),
        Compiled::Native(_) => None,
    }
}

/// Parses q, or `k)` text whose meaning is the same read as q.
///
/// k and q share their syntax except for words and a few monadic glyphs;
/// of those this evaluator has, only monadic `<` and `>` (grade in k,
/// hopen/hclose here) differ. k text using them, or that does not parse
/// as q, is refused with `'nyi` rather than given a wrong meaning. Clients
/// such as pykx send small k lambdas of the compatible kind.
fn parse_q_or_k(src: &str) -> Result<Program, (String, Option<Pos>)> {
    let Some(k) = src.trim_start().strip_prefix("k)") else {
        return parse::parse(src).map_err(|e| (e.msg, Some(e.pos)));
    };
    let nyi = || ("nyi: k code".to_string(), None);
    let program = parse::parse_k(k).map_err(|_| nyi())?;
    let grade = |e: &Expr| match e {
        Expr::Prim {
            prim, unary: true, ..
        } => matches!(prim.glyph(), "<" | ">"),
        Expr::Monad { f, .. } => {
            matches!(&**f, Expr::Prim { prim, .. } if matches!(prim.glyph(), "<" | ">"))
        }
        _ => false,
    };
    if program.stmts.iter().all(|s| s.walk(&mut |e| !grade(e))) {
        let mut program = program;
        program.stmts.iter_mut().for_each(mark_k_lambda);
        Ok(program)
    } else {
        Err(nyi())
    }
}

/// A lambda written in k (`k)f:{…}`) keeps the `k)` in its source, as q
/// shows it (`value.md`: the source is the last item of `value f`).
fn mark_k_lambda(stmt: &mut Expr) {
    let def = match stmt {
        Expr::Lambda(d) => d,
        Expr::Assign(a) => match &mut a.value {
            Expr::Lambda(d) => d,
            _ => return,
        },
        _ => return,
    };
    let d = Rc::make_mut(def);
    d.src = Rc::from(format!("k){}", d.src));
    d.offset = d.offset.saturating_sub(2);
}

/// `'noupdate` for an assignment to global `full` under `reval`, naming its
/// namespace and its last part: `` noupdate: `. `a ``.
fn noupdate(full: &str) -> QError {
    let (ns, leaf) = match full.rfind('.') {
        Some(i) if i > 0 => (&full[..i], &full[i + 1..]),
        _ => (".", full.trim_start_matches('.')),
    };
    qerr(format!("noupdate: `{ns} `{leaf}"))
}
