//! The builtin table: q keywords and primitives, what each name is bound
//! to, and dispatch from primitive codes to their implementations.

use std::rc::Rc;
use std::sync::OnceLock;

use crate::k::{Adverb, Func, K, Lambda, QError, Scalar, Sym, Type, qerr};

use super::interp::{Flow, Interp, R};
use super::{adverb, amend, files, stateful, trap};
use crate::q::kernels::KResult;
use crate::q::kernels::verbs::{self, Arith, Cmp};
use crate::q::kernels::{
    casts, dotq, html, index, json, keyed, listops, math, matrix, strings, table,
};
use crate::q::syntax::ast::LambdaDef;
use crate::q::syntax::ast::Prim;

/// The compiled form cached in a lambda value.
pub(crate) enum Compiled {
    /// A parsed q lambda, and the name it was defined under (`f` for
    /// `f:{...}`, `f@` for a lambda written inside `f`), shown in backtraces.
    Def(Rc<LambdaDef>, Option<Rc<str>>),
    /// A builtin written in Rust.
    Native(&'static Builtin),
}

/// How a builtin written in Rust takes its arguments.
#[derive(Clone, Copy)]
pub enum Native {
    /// One argument.
    Unary(fn(&mut Interp, K) -> R),
    /// Two arguments.
    Binary(fn(&mut Interp, K, K) -> R),
    /// A fixed number of arguments.
    Nary(usize, fn(&mut Interp, Vec<K>) -> R),
    /// A kernel of one argument: no interpreter needed.
    Kernel1(fn(K) -> KResult),
    /// A kernel of two arguments.
    Kernel2(fn(K, K) -> KResult),
    /// A kernel of a fixed number of arguments.
    KernelN(usize, fn(Vec<K>) -> KResult),
}

impl Native {
    /// The number of arguments.
    pub fn rank(self) -> usize {
        match self {
            Native::Unary(_) | Native::Kernel1(_) => 1,
            Native::Binary(_) | Native::Kernel2(_) => 2,
            Native::Nary(n, _) | Native::KernelN(n, _) => n,
        }
    }
}

/// A builtin keyword implemented in Rust. In q such keywords are lambdas,
/// so they are values of type 100 whose source text names the keyword.
pub struct Builtin {
    /// The keyword.
    pub name: &'static str,
    /// The implementation.
    pub imp: Native,
}

/// A table entry: `native!("til", Kernel1(listops::til))`.
macro_rules! native {
    ($name:expr, $kind:ident($($arg:expr),+)) => {
        Builtin {
            name: $name,
            imp: Native::$kind($($arg),+),
        }
    };
}

/// Keywords that are unary primitives in q, with their codes.
const UNARY_KEYWORDS: &[(&str, u8)] = &[
    ("flip", 1),
    ("neg", 2),
    ("first", 3),
    ("reciprocal", 4),
    ("where", 5),
    ("reverse", 6),
    ("null", 7),
    ("group", 8),
    ("hopen", 9),
    ("hclose", 10),
    ("string", 11),
    ("count", 13),
    ("floor", 14),
    ("not", 15),
    ("key", 16),
    ("distinct", 17),
    ("type", 18),
    ("value", 19),
    ("get", 19),
    ("read0", 20),
    ("read1", 21),
    ("avg", 23),
    ("last", 24),
    ("sum", 25),
    ("prd", 26),
    ("min", 27),
    ("max", 28),
    ("exit", 29),
    ("getenv", 30),
    ("abs", 31),
    ("sqrt", 32),
    ("log", 33),
    ("exp", 34),
    ("sin", 35),
    ("asin", 36),
    ("cos", 37),
    ("acos", 38),
    ("tan", 39),
    ("atan", 40),
    ("enlist", 41),
    ("var", 42),
];

/// Keywords that are binary primitives in q, with their codes.
const BINARY_KEYWORDS: &[(&str, u8)] = &[
    ("and", 5),
    ("or", 6),
    ("in", 23),
    ("within", 24),
    ("like", 25),
    ("bin", 26),
    ("ss", 27),
    ("insert", 28),
    ("wsum", 29),
    ("wavg", 30),
    ("div", 31),
    ("xexp", 32),
    ("setenv", 33),
    ("binr", 34),
    ("cov", 35),
    ("cor", 36),
];

/// Keywords that are functions derived from a primitive by an iterator.
const DERIVED_KEYWORDS: &[(&str, Adverb, u8)] = &[
    ("sums", Adverb::Scan, 1),
    ("prds", Adverb::Scan, 3),
    ("maxs", Adverb::Scan, 6),
    ("mins", Adverb::Scan, 5),
    ("raze", Adverb::Over, 12),
    ("deltas", Adverb::EachPrior, 2),
    ("ratios", Adverb::EachPrior, 4),
    ("prev", Adverb::EachPrior, 0),
];

/// `null x`, item by item; an enumeration is never null, even of the null
/// symbol (null.md).
fn null_of(x: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    match x {
        K::Enum(e) if e.atom => Ok(K::bool(false)),
        K::Enum(e) => Ok(K::bools(vec![false; e.indices.len()])),
        K::List(l) if l.items.iter().any(|i| matches!(i, K::Enum(_))) => {
            Ok(crate::q::kernels::list::from_items(
                l.items.iter().map(null_of).collect::<Result<Vec<_>, _>>()?,
            ))
        }
        K::Dict(d) if !x.is_keyed_table() => Ok(K::dict(d.keys.clone(), null_of(&d.values)?)),
        K::Table(t) if t.cols.iter().any(|c| matches!(c, K::Enum(_))) => Ok(K::table(
            t.names.clone(),
            t.cols.iter().map(null_of).collect::<Result<Vec<_>, _>>()?,
        )),
        _ => verbs::atomic1(x, &verbs::null_simple),
    }
}

/// Names the unary primitive codes print as (the k glyph plus `:` for the
/// first twenty, keywords after).
pub const UNARY_NAMES: [&str; 43] = [
    "::", "+:", "-:", "*:", "%:", "&:", "|:", "^:", "=:", "<:", ">:", "$:", ",:", "#:", "_:", "~:",
    "!:", "?:", "@:", ".:", "0::", "1::", "2::", "avg", "last", "sum", "prd", "min", "max", "exit",
    "getenv", "abs", "sqrt", "log", "exp", "sin", "asin", "cos", "acos", "tan", "atan", "enlist",
    "var",
];

/// Names the binary primitive codes print as.
pub const BINARY_NAMES: [&str; 37] = [
    ":", "+", "-", "*", "%", "&", "|", "^", "=", "<", ">", "$", ",", "#", "_", "~", "!", "?", "@",
    ".", "0:", "1:", "2:", "in", "within", "like", "bin", "ss", "insert", "wsum", "wavg", "div",
    "xexp", "setenv", "binr", "cov", "cor",
];

/// q keywords that exist in q but not in q-lite: naming one signals
/// `'nyi: name` rather than an undefined-name error.
const UNIMPLEMENTED: &[&str] = &["plist", "2:"];

/// q keywords defined in q, in the `.q` namespace, when an interpreter
/// starts: reserved like the others.
const Q_DEFINED: &[&str] = &["dsave"];

/// Namespaces of q's own that q-lite implements only in part: an
/// undefined name in them is `'nyi` (`.Q.dpft`, `.h.htc`, `.j.j`...).
const PARTIAL_NAMESPACES: &[&str] = &[".Q.", ".h.", ".j.", ".m."];

/// The error for a name that is not defined: `'nyi: name` for a q keyword
/// or system-namespace name q-lite lacks, else the name error `'name`.
pub fn undefined(name: &str) -> QError {
    let bare = name.strip_prefix(".q.").unwrap_or(name);
    if UNIMPLEMENTED.contains(&bare) || PARTIAL_NAMESPACES.iter().any(|p| name.starts_with(p)) {
        qerr(format!("nyi: {name}"))
    } else {
        qerr(name)
    }
}

fn natives() -> &'static [Builtin] {
    static TABLE: OnceLock<Vec<Builtin>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v = vec![
            native!("til", Kernel1(listops::til)),
            native!("asc", Kernel1(listops::asc)),
            native!("desc", Kernel1(listops::desc)),
            native!("iasc", Kernel1(listops::iasc)),
            native!("idesc", Kernel1(listops::idesc)),
            native!("rank", Kernel1(listops::rank)),
            native!("fills", Kernel1(listops::fills)),
            native!("next", Kernel1(listops::next)),
            native!("differ", Kernel1(listops::differ)),
            native!("ceiling", Kernel1(math::ceiling)),
            native!("signum", Kernel1(math::signum)),
            native!("med", Kernel1(math::med)),
            native!("dev", Kernel1(math::dev)),
            native!("sdev", Kernel1(math::sdev)),
            native!("svar", Kernel1(math::svar)),
            native!("avgs", Kernel1(math::avgs)),
            native!("all", Kernel1(math::all)),
            native!("any", Kernel1(math::any)),
            native!("lower", Kernel1(strings::lower)),
            native!("upper", Kernel1(strings::upper)),
            native!("trim", Kernel1(strings::trim)),
            native!("ltrim", Kernel1(strings::ltrim)),
            native!("rtrim", Kernel1(strings::rtrim)),
            native!("md5", Kernel1(strings::md5)),
            native!("hsym", Kernel1(strings::hsym)),
            native!("hcount", Unary(files::hcount)),
            native!("hdel", Unary(files::hdel)),
            native!("save", Unary(files::save)),
            native!("load", Unary(files::load)),
            native!("rsave", Unary(files::rsave)),
            native!("rload", Unary(files::rload)),
            native!("cols", Unary(stateful::cols)),
            native!("keys", Unary(stateful::keys)),
            native!("meta", Unary(stateful::meta)),
            native!("ungroup", Kernel1(table::ungroup)),
            native!("tables", Unary(stateful::tables)),
            native!("show", Unary(show)),
            native!("system", Unary(system)),
            native!("attr", Kernel1(listops::attr)),
            native!("inv", Kernel1(matrix::inv)),
            native!("mmu", Kernel2(matrix::mmu)),
            native!("lsq", Kernel2(matrix::lsq)),
            native!("parse", Unary(parse_fn)),
            native!("eval", Unary(eval_fn)),
            native!("each", Binary(adverb::each)),
            native!("peach", Binary(adverb::each)),
            native!("over", Binary(adverb::over)),
            native!("scan", Binary(adverb::scan)),
            native!("prior", Binary(adverb::prior)),
            native!("mod", Kernel2(math::modulo)),
            native!("xlog", Kernel2(math::xlog)),
            native!("xbar", Kernel2(math::xbar)),
            native!("mavg", Kernel2(math::mavg)),
            native!("msum", Kernel2(math::msum)),
            native!("mmax", Kernel2(math::mmax)),
            native!("mmin", Kernel2(math::mmin)),
            native!("mcount", Kernel2(math::mcount)),
            native!("mdev", Kernel2(math::mdev)),
            native!("ema", Kernel2(math::ema)),
            native!("scov", Kernel2(math::scov)),
            native!("except", Kernel2(listops::except)),
            native!("inter", Kernel2(listops::inter)),
            native!("union", Kernel2(listops::union)),
            native!("cross", Kernel2(listops::cross)),
            native!("rotate", Kernel2(listops::rotate)),
            native!("sublist", Kernel2(listops::sublist)),
            native!("xprev", Kernel2(listops::xprev)),
            native!("cut", Kernel2(listops::cut)),
            native!("sv", Kernel2(strings::sv)),
            native!("vs", Kernel2(strings::vs)),
            native!("xkey", Binary(stateful::xkey)),
            native!("xcol", Kernel2(table::xcol)),
            native!("xcols", Kernel2(table::xcols)),
            native!("xasc", Binary(stateful::xasc)),
            native!("xdesc", Binary(stateful::xdesc)),
            native!("xgroup", Kernel2(table::xgroup)),
            native!("upsert", Binary(stateful::upsert)),
            native!("lj", Kernel2(table::lj)),
            native!("ljf", Kernel2(table::ljf)),
            native!("ij", Kernel2(table::ij)),
            native!("ijf", Kernel2(table::ijf)),
            native!("uj", Kernel2(table::uj)),
            native!("pj", Kernel2(table::pj)),
            native!("set", Binary(set_fn)),
            native!("fby", Binary(stateful::fby)),
            native!("ssr", Nary(3, stateful::ssr)),
            native!("aj", Nary(3, stateful::aj)),
            native!("aj0", Nary(3, stateful::aj0)),
            native!("ajf", Nary(3, stateful::ajf)),
            native!("ajf0", Nary(3, stateful::ajf0)),
            native!("asof", Kernel2(table::asof)),
            native!("ujf", Kernel2(table::ujf)),
            native!("wj", Nary(4, stateful::wj)),
            native!("view", Unary(view)),
            native!("fkeys", Unary(stateful::fkeys)),
            native!("views", Unary(views)),
            native!("wj1", Nary(4, stateful::wj1)),
            native!("ej", KernelN(3, table::ej)),
            native!(".Q.fmt", KernelN(3, strings::qfmt)),
            native!(".Q.s", Unary(dot_q_s)),
            native!(".Q.s1", Unary(dot_q_s1)),
            native!(".Q.w", Kernel1(dot_q_w)),
            native!(".Q.qp", Unary(stateful::dot_q_qp)),
            native!(".Q.view", Unary(stateful::dot_q_view)),
            native!(".Q.l", Unary(stateful::dot_q_l)),
            native!(".Q.lo", Nary(3, stateful::dot_q_lo)),
            native!(".Q.li", Unary(stateful::dot_q_li)),
            native!(".Q.MAP", Unary(stateful::dot_q_map)),
            native!(".Q.gc", Kernel1(dot_q_gc)),
            native!(".Q.f", Kernel2(strings::qf)),
            native!(".Q.id", Kernel1(dot_q_id)),
            native!(".Q.addmonths", Kernel2(dotq::addmonths)),
            native!(".Q.atob", Kernel1(dotq::atob)),
            native!(".Q.btoa", Kernel1(dotq::btoa)),
            native!(".Q.ty", Kernel1(dotq::ty)),
            native!(".Q.gz", Kernel1(dotq::gz)),
            native!(".Q.ld", Kernel1(statement_groups)),
            native!(".Q.ts", Binary(dot_q_ts)),
            native!(".Q.trp", Nary(3, trap::trp)),
            native!(".Q.trpd", Nary(3, trap::trpd)),
            native!(".Q.bt", Unary(trap::bt)),
            native!(".Q.sbt", Kernel1(trap::sbt)),
            native!("reval", Unary(reval)),
            native!("rand", Unary(stateful::rand)),
            native!("ltime", Unary(ltime)),
            native!("gtime", Unary(gtime)),
            native!("xrank", Kernel2(listops::xrank)),
            native!(".j.j", Unary(dot_j_j)),
            native!(".j.jd", Unary(dot_j_jd)),
            native!(".j.k", Kernel1(json::k)),
            native!(".h.htc", Kernel2(html::htc)),
            native!(".h.hta", Kernel2(html::hta)),
            native!(".h.htac", KernelN(3, html::htac)),
            native!(".h.ha", Kernel2(html::ha)),
            native!(".h.hb", Kernel2(html::hb)),
            native!(".h.hc", Kernel1(html::hc)),
            native!(".h.xs", Kernel1(html::xs)),
            native!(".h.hr", Kernel1(html::hr)),
            native!(".h.nbr", Kernel1(html::nbr)),
            native!(".h.pre", Kernel1(html::pre)),
            native!(".h.hu", Kernel1(html::hu)),
            native!(".h.hug", Kernel2(html::hug)),
            native!(".h.uh", Kernel1(html::uh)),
            native!(".h.iso8601", Kernel1(html::iso8601)),
            native!(".h.xd", Kernel1(html::xd)),
            native!(".h.ed", Kernel1(html::ed)),
            native!(".h.edsn", Kernel1(html::edsn)),
            native!(".h.cd", Unary(dot_h_cd)),
            native!(".h.jx", Binary(dot_h_jx)),
            native!(".h.td", Kernel1(html::td)),
            native!(".h.hn", KernelN(3, html::hn)),
            native!(".h.hy", Kernel2(html::hy)),
            native!(".h.he", Kernel1(html::he)),
            native!(".h.hp", Kernel1(html::hp)),
            native!(".h.html", Kernel1(html::html)),
            native!(".h.code", Kernel1(html::code)),
            native!(".h.text", Kernel1(html::paragraphs)),
            native!(".h.http", Kernel1(html::http)),
        ];
        v.sort_by_key(|b| b.name);
        v
    })
}

fn native(name: &str) -> Option<&'static Builtin> {
    let t = natives();
    t.binary_search_by_key(&name, |b| b.name)
        .ok()
        .map(|i| &t[i])
}

/// The value a builtin name is bound to, if it is one.
pub fn lookup(name: &str) -> Option<K> {
    let name = name.strip_prefix(".q.").unwrap_or(name);
    if let Some((_, c)) = UNARY_KEYWORDS.iter().find(|(n, _)| *n == name) {
        return Some(K::func(Func::Unary(*c)));
    }
    if let Some((_, c)) = BINARY_KEYWORDS.iter().find(|(n, _)| *n == name) {
        return Some(K::func(Func::Binary(*c)));
    }
    if let Some((_, a, c)) = DERIVED_KEYWORDS.iter().find(|(n, _, _)| *n == name) {
        return Some(K::func(Func::Derived(*a, K::func(Func::Binary(*c)))));
    }
    match name {
        // Compositions of `not` with a comparison (type 105).
        "<>" | "<=" | ">=" => {
            let cmp = match name {
                "<>" => 8,
                "<=" => 10,
                _ => 9,
            };
            return Some(K::func(Func::Composition(vec![
                K::func(Func::Unary(15)),
                K::func(Func::Binary(cmp)),
            ])));
        }
        ".Q.n" => return Some(K::string("0123456789")),
        ".Q.t" => return Some(K::string(dotq::TYPE_LETTERS)),
        ".Q.res" => return Some(K::sym_list(dotq::RESERVED.iter().copied())),
        ".Q.a" => return Some(K::string("abcdefghijklmnopqrstuvwxyz")),
        ".Q.A" => return Some(K::string("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        ".Q.an" => {
            return Some(K::string(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789",
            ));
        }
        ".Q.nA" => return Some(K::string("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        // The base-64 digits of binhex (dotq.md).
        ".Q.b6" => {
            return Some(K::string(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            ));
        }
        "csv" => return Some(K::char(b',')),
        // The file verbs, written infix (`` `:f 0: lines ``).
        "0:" => return Some(K::func(Func::Binary(20))),
        "1:" => return Some(K::func(Func::Binary(21))),
        ".h.c0" => return Some(K::sym("024C7E")),
        ".h.c1" => return Some(K::sym("958600")),
        ".h.br" => return Some(K::string("<br>")),
        ".h.sa" => return Some(K::string(html::ANCHOR_STYLE)),
        ".h.sb" => return Some(K::string(html::BODY_STYLE)),
        ".h.ty" => return Some(html::ty()),
        ".h.HOME" => return Some(K::string("html")),
        ".h.sc" => return Some(K::string(html::URI_SAFE)),
        _ => {}
    }
    native(name).and_then(native_value)
}

/// The text q's console shows for keywords whose definitions it prints
/// (documented console output); other builtins show a q lambda calling them.
const SHOWN_AS: &[(&str, &str)] = &[
    ("iasc", "k){$[0h>@x;'`rank;<x]}"),
    ("idesc", "k){$[0h>@x;'`rank;>x]}"),
    ("til", "k){$[0>@x;!x;'`type]}"),
    ("each", "k){x'y}"),
    ("peach", "k){x':y}"),
    ("fby", "k){@[(#y)#x[0]0#x 1;g;:;x[0]'x[1]g:.=y]}"),
    ("lj", "k){.Q.ft[,\\:[;y];x]}"),
    ("xbar", "k){x*y div x:$[16h=abs[@x];\"j\"$x;x]}"),
    // The keywords q defines as k primitives, compositions and
    // projections show those (.q's listing).
    ("not", "~:"),
    ("hdel", "~:"),
    ("ltime", "%:"),
    ("mmu", "$"),
    ("lsq", "!"),
    ("inv", "!:"),
    ("fills", "^\\"),
    ("ceiling", "-_-:"),
    ("union", "?,"),
    ("differ", "$[\"b\"]~~':"),
    ("all", "min$[\"b\"]"),
    ("any", "max$[\"b\"]"),
    ("upsert", ".[;();,;]"),
    ("hsym", "$[\"s\"]!'[-1]"),
    ("system", ".,[\"\\\\\"]"),
    ("md5", "![-15]"),
    ("attr", "![-2]"),
    ("hcount", "![-7]"),
    ("eval", "![-6]"),
    ("reval", "![-24]"),
];

fn native_value(b: &'static Builtin) -> Option<K> {
    let src = match (SHOWN_AS.iter().find(|(n, _)| *n == b.name), b.imp) {
        (Some((_, text)), _) => text.to_string(),
        (None, Native::Unary(_) | Native::Kernel1(_)) => format!("{{{} x}}", b.name),
        (None, Native::Binary(_) | Native::Kernel2(_)) if is_infix_name(b.name) => {
            format!("{{x {} y}}", b.name)
        }
        (None, Native::Binary(_) | Native::Kernel2(_)) => format!("{{{}[x;y]}}", b.name),
        (None, Native::Nary(3, _) | Native::KernelN(3, _)) => format!("{{{}[x;y;z]}}", b.name),
        (None, Native::Nary(4, _) | Native::KernelN(4, _)) => {
            format!("{{[a;b;c;d]{}[a;b;c;d]}}", b.name)
        }
        (None, Native::Nary(..) | Native::KernelN(..)) => format!("{{{} x}}", b.name),
    };
    let lam = Lambda::new(Sym::from("q"), &src);
    let c: Rc<dyn std::any::Any> = Rc::new(Compiled::Native(b));
    let _ = lam.compiled.set(c);
    Some(K::func(Func::Lambda(lam)))
}

fn is_infix_name(name: &str) -> bool {
    !name.starts_with('.')
}

/// Whether `name` is a reserved word that cannot be assigned.
pub fn is_reserved(name: &str) -> bool {
    thread_local! {
        static RESERVED: std::collections::HashSet<&'static str, crate::q::kernels::hashing::Fast> = names()
            .into_iter()
            .chain(UNIMPLEMENTED.iter().copied())
            .chain(["csv"])
            .filter(|n| is_reserved_by_tables(n))
            .collect();
    }
    // Every reserved name is a builtin name; the set answers in one probe.
    RESERVED.with(|r| r.contains(name))
}

fn is_reserved_by_tables(name: &str) -> bool {
    UNARY_KEYWORDS.iter().any(|(n, _)| *n == name)
        || UNIMPLEMENTED.contains(&name)
        || Q_DEFINED.contains(&name)
        || name == "csv"
        || BINARY_KEYWORDS.iter().any(|(n, _)| *n == name)
        || DERIVED_KEYWORDS.iter().any(|(n, _, _)| *n == name)
        || (native(name).is_some() && !name.starts_with('.'))
}

/// The data (not functions) that [`lookup`] gives in q's own namespaces.
const NAMESPACE_CONSTANTS: &[&str] = &[
    ".Q.n", ".Q.t", ".Q.res", ".Q.a", ".Q.A", ".Q.an", ".Q.nA", ".Q.b6", ".h.c0", ".h.c1", ".h.br",
    ".h.sa", ".h.sb", ".h.ty", ".h.HOME", ".h.sc",
];

/// All builtin names (for completion and namespace listings).
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = UNARY_KEYWORDS
        .iter()
        .map(|(n, _)| *n)
        .chain(BINARY_KEYWORDS.iter().map(|(n, _)| *n))
        .chain(DERIVED_KEYWORDS.iter().map(|(n, _, _)| *n))
        .chain(natives().iter().map(|b| b.name))
        .chain(Q_DEFINED.iter().copied())
        .chain(NAMESPACE_CONSTANTS.iter().copied())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The function value of a primitive glyph (`unary` for the `+:` forms).
pub fn prim_value(p: Prim, unary: bool) -> K {
    if unary {
        K::func(Func::Unary(p.0))
    } else {
        K::func(Func::Binary(p.0))
    }
}

/// `value f` for a function: its parts, as q shows them.
pub fn value_of_function(f: &Rc<Func>) -> K {
    match &**f {
        Func::Projection(parts) | Func::Composition(parts) => K::list(parts.clone()),
        Func::Derived(_, g) => g.clone(),
        Func::Lambda(l) => K::string(l.src.as_bytes()),
        // An operator's value is its internal code (value.md).
        Func::Unary(c) | Func::Binary(c) => K::long(*c as i64),
        _ => K::func((**f).clone()),
    }
}

/// `flip c!s`, the form `\l` gives a mapped table (flip-splayed.md): the
/// columns `c` of the splayed table in directory `s` (`` `:db/t/ ``), or of
/// the partitioned table named `s`. `None` for anything else.
fn flip_splayed(it: &mut Interp, x: &K) -> Option<R> {
    let K::Dict(d) = x else { return None };
    let K::Atom(Type::Symbol, Scalar::Sym(s)) = &d.values else {
        return None;
    };
    if !matches!(&d.keys, K::Vector(v) if v.ty == Type::Symbol) {
        return None;
    }
    if !s.starts_with(b":") {
        // A partitioned table, its partition column first.
        let name = s.to_str_lossy();
        return Some(match it.parted_whole(&name) {
            Some(t) => t.map_err(Flow::from),
            None => Err(qerr(&*name).into()),
        });
    }
    let whole = (it.platform.file)(it, super::interp::FileVerb::Get, vec![d.values.clone()]);
    Some(whole.and_then(|t| Ok(listops::take(&d.keys, &t)?)))
}

// ---- primitive dispatch ----

/// Applies unary primitive `code` to `x`.
pub fn unary(it: &mut Interp, code: u8, x: K) -> R {
    Ok(match code {
        0 => x,
        1 => match flip_splayed(it, &x) {
            Some(t) => t?,
            None => table::flip(&x)?,
        },
        2 => math::neg(&x)?,
        3 => listops::first(&x),
        4 => verbs::arith(Arith::Div, &K::float(1.0), &x)?,
        5 => listops::where_(&x)?,
        6 => listops::reverse(&x),
        7 => null_of(&x)?,
        8 => listops::group(&x)?,
        9 => return (it.platform.hopen)(it, x),
        10 => return (it.platform.hclose)(it, x),
        11 => stateful::string(it, &x)?,
        12 | 41 => crate::q::kernels::list::enlist(x),
        13 => K::long(x.count() as i64),
        14 => math::floor(&x)?,
        15 => math::not(&x)?,
        16 if files::is_file_sym(&x) => return files::key(it, x),
        16 => stateful::key(it, &x)?,
        17 => crate::q::kernels::table::distinct(&x)?,
        18 => K::short(x.type_code()),
        19 => return it.value(x),
        23 => math::avg(&x)?,
        24 => listops::last(&x),
        25 => math::sum(&x)?,
        26 => math::prd(&x)?,
        27 => math::min(&x)?,
        28 => math::max(&x)?,
        29 => return exit(it, x),
        30 => getenv(&x)?,
        31 => math::abs(&x)?,
        32..=40 => math::float_fn(code, &x)?,
        42 => math::var(&x)?,
        20 => return files::read0(it, x),
        21 => return files::read1(it, x),
        c => {
            return Err(qerr(format!(
                "nyi: {}",
                UNARY_NAMES.get(c as usize).unwrap_or(&"?")
            ))
            .into());
        }
    })
}

/// Applies binary primitive `code` to `x` and `y`.
/// The arithmetic verb a function value is, if it is one of `+ - * % & |`.
pub(crate) fn arith_of(f: &K) -> Option<Arith> {
    let K::Func(func) = f else { return None };
    match **func {
        crate::k::Func::Binary(code) => match code {
            1 => Some(Arith::Add),
            2 => Some(Arith::Sub),
            3 => Some(Arith::Mul),
            4 => Some(Arith::Div),
            5 => Some(Arith::Min),
            6 => Some(Arith::Max),
            _ => None,
        },
        _ => None,
    }
}

pub fn binary(it: &mut Interp, code: u8, x: K, y: K) -> R {
    Ok(match code {
        0 => y,
        1 => verbs::arith_owned(Arith::Add, x, y)?,
        2 => verbs::arith_owned(Arith::Sub, x, y)?,
        3 => verbs::arith_owned(Arith::Mul, x, y)?,
        4 => verbs::arith_owned(Arith::Div, x, y)?,
        5 => verbs::arith_owned(Arith::Min, x, y)?,
        6 => verbs::arith_owned(Arith::Max, x, y)?,
        7 => listops::fill(&x, &y)?,
        8 => verbs::compare(Cmp::Eq, &x, &y)?,
        9 => verbs::compare(Cmp::Lt, &x, &y)?,
        10 => verbs::compare(Cmp::Gt, &x, &y)?,
        11 => return stateful::dollar(it, x, y),
        12 => listops::join(&x, &y)?,
        13 => listops::take(&x, &y)?,
        14 => listops::drop(&x, &y)?,
        15 => K::bool(verbs::matches(&x, &y)),
        16 => return bang(it, x, y),
        17 => return stateful::query(it, x, y),
        18 => return at(it, x, y),
        19 => return dot(it, x, y),
        20 => return files::zero_colon(it, x, y),
        21 => return files::one_colon(it, x, y),
        23 => listops::in_(&x, &y)?,
        24 => listops::within(&x, &y)?,
        25 => strings::like(&x, &y)?,
        26 => listops::bin(&x, &y, false)?,
        27 => strings::ss(&x, &y)?,
        28 => return stateful::insert(it, x, y),
        29 => math::wsum(&x, &y)?,
        30 => math::wavg(&x, &y)?,
        31 => math::div(&x, &y)?,
        32 => math::xexp(&x, &y)?,
        33 => setenv(&x, &y)?,
        34 => listops::bin(&x, &y, true)?,
        35 => math::cov(&x, &y)?,
        36 => math::cor(&x, &y)?,
        c => {
            return Err(qerr(format!(
                "nyi: {}",
                BINARY_NAMES.get(c as usize).unwrap_or(&"?")
            ))
            .into());
        }
    })
}

/// Applies a binary primitive to three or four arguments: amend (`@`, `.`),
/// vector conditional and functional select (`?`), protected evaluation.
pub fn nary_prim(it: &mut Interp, code: u8, args: Vec<K>) -> R {
    match code {
        18 | 19 => {
            // Protected evaluation: @[f;x;handler] / .[f;args;handler]. A
            // name in front means amend (`@[`t;`c;f]`), as in q.
            if args.len() == 3 && applies(&args[0]) && !matches!(args[0], K::Atom(Type::Symbol, _))
            {
                let mut a = args.into_iter();
                let f = a.next().expect("f");
                let x = a.next().expect("x");
                let handler = a.next().expect("handler");
                // What the trap catches never reaches the debugger.
                let r = it.unsuspended(|it| {
                    if code == 18 {
                        it.apply(&f, vec![x])
                    } else {
                        let xs = crate::q::kernels::list::items(&x);
                        it.apply(&f, xs)
                    }
                });
                return match r {
                    Ok(v) => Ok(v),
                    Err(Flow::Err(failure)) => {
                        if handler.type_code() >= 100 {
                            it.apply(&handler, vec![K::string(failure.error.msg.as_bytes())])
                        } else {
                            Ok(handler)
                        }
                    }
                    Err(other) => Err(other),
                };
            }
            amend::functional(it, code == 19, args)
        }
        17 => stateful::query_n(it, args),
        16 if args.len() == 4 => it.update_functional(args),
        _ => Err(qerr("rank").into()),
    }
}

/// Whether `@` and `.` apply `x` rather than index it: a function, a
/// name, or a handle (an integer atom: a connection, or 0, 1 and 2).
fn applies(x: &K) -> bool {
    x.type_code() >= 100
        || matches!(
            x,
            K::Atom(Type::Symbol | Type::Short | Type::Int | Type::Long, _)
        )
}

fn at(it: &mut Interp, x: K, y: K) -> R {
    if applies(&x) {
        return it.apply(&x, vec![y]);
    }
    Ok(index::index_deep(&x, &[y])?)
}

fn dot(it: &mut Interp, x: K, y: K) -> R {
    let args = match &y {
        K::Nil => vec![K::Nil],
        _ if y.is_atom() => return Err(qerr("rank").into()),
        _ => crate::q::kernels::list::items(&y),
    };
    if applies(&x) {
        return it.apply(&x, args);
    }
    it.index(&x, args)
}

/// `x!y`: dictionary, keyed table, or an internal function when `x` is a
/// negative integer (`-8!x`) or `0N!x`.
fn bang(it: &mut Interp, x: K, y: K) -> R {
    if let Some(n) = x.as_i64()
        && x.type_code() < 0
        && !matches!(x, K::Atom(Type::Boolean, _))
    {
        if n == crate::k::NULL_LONG || (x.type_code() == -6 && n == crate::k::NULL_INT as i64) {
            // 0N!x prints x's one-line form and returns x.
            let line = crate::k::text::one_line(&y, it.settings.digits());
            it.host.write(1, format!("{line}\n").as_bytes());
            return Ok(y);
        }
        if n < 0 {
            return (it.platform.internal)(it, n, y);
        }
        if let K::Table(_) | K::Dict(_) = y {
            return Ok(keyed::key_by(n as usize, &y)?);
        }
        // n!`t keys (or unkeys) the table named t in place.
        if let Some(name) = y.as_sym() {
            let name = name.to_str_lossy().into_owned();
            if let Ok(t @ (K::Table(_) | K::Dict(_))) = it.get_var(&name) {
                it.check_global_update(&name)?;
                let r = keyed::key_by(n as usize, &t)?;
                it.set_global(&name, r);
                return Ok(y);
            }
        }
    }
    if let K::Atom(Type::Symbol, Scalar::Sym(d)) = &x
        && !d.is_null()
        && matches!(y.type_code().abs(), 5..=7)
    {
        match it.get_global(&d.to_str_lossy()) {
            // `d!ints` with `d` naming a symbol list: an enumeration.
            Ok(dom) if dom.type_code() == 11 => {
                return Ok(crate::q::kernels::casts::enumeration(d, &dom, &y)?);
            }
            // A name of any other value: a dictionary, below.
            Ok(dom) if !matches!(dom, K::Table(_)) && !dom.is_keyed_table() => {}
            // `t!ints` with `t` naming a table, or naming nothing yet, so a
            // table can link to its own rows (q for mortals §14: `pid:`tree!0N
            // 0 0 1 1` inside the definition of `tree`): a link to its rows.
            _ => {
                let rows = crate::q::kernels::list::longs_of(&y)?;
                return Ok(K::Enum(Rc::new(crate::k::Enumeration::link(
                    d.clone(),
                    y.is_atom(),
                    rows,
                ))));
            }
        }
    }
    Ok(crate::q::kernels::list::make_dict(x, y)?)
}

/// `view x`.
fn view(it: &mut Interp, x: K) -> R {
    Ok(it.view_text_of(&x)?)
}

/// `views[]`.
fn views(it: &mut Interp, _x: K) -> R {
    Ok(it.view_names())
}

/// `.Q.ts[x;y]`: `.[x;y]` with the time and space `\ts` gives it, as
/// `((ms;bytes);result)` (dotq.md); the space is the result's size, as
/// `\ts` measures it.
fn dot_q_ts(it: &mut Interp, x: K, y: K) -> R {
    let args = match &y {
        K::Nil => vec![K::Nil],
        _ if y.is_atom() => return Err(qerr("rank").into()),
        _ => crate::q::kernels::list::items(&y),
    };
    let start = std::time::Instant::now();
    let r = it.apply(&x, args)?;
    let ms = start.elapsed().as_millis() as i64;
    let bytes = crate::ipc::encoded_len(&r) as i64;
    Ok(K::list(vec![K::longs(vec![ms, bytes]), r]))
}

/// `.Q.ld x`: the lines of a script (strings) grouped as `\l` evaluates
/// them: their first line numbers, and their texts.
fn statement_groups(x: K) -> KResult {
    let lines: Vec<K> = match &x {
        K::List(l) => l.items.clone(),
        K::Vector(v) if v.ty == Type::Char => vec![x.clone()],
        _ => return Err(qerr("type")),
    };
    let texts = lines
        .iter()
        .map(|l| match l {
            K::Atom(Type::Char, Scalar::U8(c)) => Ok(std::slice::from_ref(c)),
            _ => l.as_str_bytes().ok_or_else(|| qerr("type")),
        })
        .collect::<Result<Vec<&[u8]>, QError>>()?;
    let (numbers, groups): (Vec<i64>, Vec<K>) = crate::q::syntax::script::statement_groups(texts)
        .into_iter()
        .map(|(n, text)| (n as i64, K::string(text)))
        .unzip();
    Ok(K::list(vec![K::longs(numbers), K::list(groups)]))
}

/// `.h.cd x`: CSV lines, list cells joined by `.h.d` (doth.md).
fn dot_h_cd(it: &mut Interp, x: K) -> R {
    let d = it.get_var(".h.d").unwrap_or_else(|_| K::string(" "));
    Ok(html::cd(x, &d)?)
}

/// Rows of a page of `.h.jx`.
const JX_PAGE: i64 = 32;

/// `.h.jx[j;t]`: a page of the table named `t` from row `j` for the web
/// console: links to the first, previous, next and last pages with the
/// row count and `[j]`, an empty line, then the page's rows as the
/// console shows them (doth.md).
fn dot_h_jx(it: &mut Interp, j: K, t: K) -> R {
    let j = match (&j, j.as_i64()) {
        (K::Atom(..), Some(j)) if !matches!(j, crate::k::NULL_LONG) => j,
        _ => return Err(qerr("type").into()),
    };
    let table = match t.as_sym() {
        Some(name) => it.get_var(&name.to_str_lossy())?,
        None => t,
    };
    if !matches!(table, K::Table(_)) && !table.is_keyed_table() {
        return Err(qerr("type").into());
    }
    let n = table.count() as i64;
    let link = |to: i64, label: &str| format!("<a href=\"?[{to}\">{label}</a> ");
    let head = format!(
        "{}{}{}{}{n}[{j}]",
        link(0, "home"),
        link((j - JX_PAGE).max(0), "up"),
        link(j + JX_PAGE, "down"),
        link(n - JX_PAGE, "end"),
    );
    let from = j.clamp(0, n);
    let rows = JX_PAGE.min(n - from);
    let page = it.apply(&K::func(Func::Binary(14)), vec![K::long(from), table])?;
    let page = it.apply(&K::func(Func::Binary(13)), vec![K::long(rows), page])?;
    let mut settings = it.settings.clone();
    settings.console.0 = usize::MAX / 2;
    let text = it.host.render(&page, &settings);
    let mut lines = vec![K::string(head), K::string("")];
    lines.extend(text.lines().map(K::string));
    Ok(K::list(lines))
}

/// `.Q.id`: names kept clear of `.Q.res` and of the q keywords (`key `.q`).
fn dot_q_id(x: K) -> KResult {
    dotq::id_clear_of(x, &|n| {
        dotq::RESERVED.iter().any(|r| r.as_bytes() == n)
            || std::str::from_utf8(n).is_ok_and(|n| lookup(n).is_some() && !n.starts_with('.'))
    })
}

fn show(it: &mut Interp, x: K) -> R {
    let text = it.host.render(&x, &it.settings);
    it.host.write(1, text.as_bytes());
    Ok(K::Nil)
}

fn dot_q_s(it: &mut Interp, x: K) -> R {
    let text = it.host.render(&x, &it.settings);
    Ok(K::string(text))
}

/// `.Q.w[]`: memory statistics as a dictionary (dotq.md), with the
/// symbol count and bytes of the interned symbols left at 0.
fn dot_q_w(_: K) -> KResult {
    let [used, heap, peak, wmax, mmap, mphy] = crate::k::memory::stats();
    Ok(K::dict(
        K::sym_list([
            "used", "heap", "peak", "wmax", "mmap", "mphy", "syms", "symw",
        ]),
        K::longs(vec![used, heap, peak, wmax, mmap, mphy, 0, 0]),
    ))
}

/// `.Q.gc[]`: returns the freed memory kept for reuse to the system; the
/// number of bytes released.
fn dot_q_gc(_: K) -> KResult {
    Ok(K::long(crate::k::memory::release_kept() as i64))
}

/// `.j.j x`: floats written to `\P` digits, as `string` writes them.
fn dot_j_j(it: &mut Interp, x: K) -> R {
    Ok(json::j(x, it.settings.digits())?)
}

/// `.j.jd (x;d)`.
fn dot_j_jd(it: &mut Interp, x: K) -> R {
    Ok(json::jd(x, it.settings.digits())?)
}

fn dot_q_s1(it: &mut Interp, x: K) -> R {
    Ok(K::string(crate::k::text::one_line(
        &x,
        it.settings.digits(),
    )))
}

fn system(it: &mut Interp, x: K) -> R {
    let cmd = x.as_str_bytes().ok_or_else(|| qerr("type"))?;
    let cmd = String::from_utf8_lossy(cmd).into_owned();
    Ok((it.platform.command)(it, &cmd)?)
}

fn exit(it: &mut Interp, x: K) -> R {
    it.check_access()?;
    if it.restricted && it.current_handle != 0 {
        return Err(qerr("access").into());
    }
    let code = x.as_i64().ok_or_else(|| qerr("type"))?;
    it.exit_request = Some(code as i32);
    Err(qerr("exit").into())
}

fn getenv(x: &K) -> Result<K, QError> {
    let name = x.as_sym().ok_or_else(|| qerr("type"))?;
    Ok(K::string(
        std::env::var_os(&*name.to_str_lossy())
            .map(|v| v.to_string_lossy().into_owned())
            .unwrap_or_default(),
    ))
}

fn setenv(x: &K, y: &K) -> Result<K, QError> {
    let name = x.as_sym().ok_or_else(|| qerr("type"))?;
    let val = y.as_str_bytes().ok_or_else(|| qerr("type"))?;
    // SAFETY: qrepl evaluates on one thread; the environment is only
    // changed from the interpreter.
    unsafe {
        std::env::set_var(&*name.to_str_lossy(), String::from_utf8_lossy(val).as_ref());
    }
    Ok(K::Nil)
}

fn set_fn(it: &mut Interp, x: K, y: K) -> R {
    // (file;lbs;alg;lvl) and (dir;dict) carry compression parameters.
    if let K::List(l) = &x
        && matches!(l.items.len(), 2 | 4)
        && super::files::is_file_sym(&l.items[0])
    {
        return (it.platform.file)(it, super::interp::FileVerb::Set, vec![x, y]);
    }
    let name = x.as_sym().ok_or_else(|| qerr("type"))?;
    if name.starts_with(b":") {
        return (it.platform.file)(it, super::interp::FileVerb::Set, vec![x, y]);
    }
    it.check_global_update(&name.to_str_lossy())?;
    it.set_global(&name.to_str_lossy(), y);
    Ok(x)
}

fn parse_fn(it: &mut Interp, x: K) -> R {
    it.parse_text(&x)
}

/// `eval x`: evaluates a parse tree (funsql.md's rules).
fn eval_fn(it: &mut Interp, x: K) -> R {
    it.eval_parse_tree(&x)
}

/// `reval`: `eval` with updates blocked, as with `-b` and `-u 1`
/// (eval.md): see [`Interp::updates_blocked`].
fn reval(it: &mut Interp, x: K) -> R {
    let was = std::mem::replace(&mut it.in_reval, true);
    let r = eval_fn(it, x);
    it.in_reval = was;
    r
}

/// Shifts timestamps or datetimes by the local time zone's offset from
/// UTC at each instant: `sign` 1 for `ltime`, -1 for `gtime`.
fn shift_zone(x: &K, sign: i64, local_offset: fn(i64) -> i64) -> Result<K, QError> {
    use crate::k::calendar::UNIX_EPOCH_DAYS;
    verbs::atomic1(x, &|a| {
        let (t, atom) = match a {
            K::Atom(t, _) => (*t, true),
            K::Vector(v) => (v.ty, false),
            _ => return Err(qerr("type")),
        };
        let ns = match t {
            Type::Timestamp => a.clone(),
            Type::Datetime => casts::cast_to(Type::Timestamp, a)?,
            _ => return Err(qerr("type")),
        };
        let shifted: Vec<i64> = crate::q::kernels::list::items(&ns)
            .iter()
            .map(|p| match p {
                K::Atom(_, crate::k::Scalar::I64(v)) if *v != crate::k::NULL_LONG => {
                    let unix = v.div_euclid(1_000_000_000) + UNIX_EPOCH_DAYS * 86_400;
                    v + sign * local_offset(unix) * 1_000_000_000
                }
                _ => crate::k::NULL_LONG,
            })
            .collect();
        let r = verbs::pack_longs(Type::Timestamp, shifted, atom);
        if t == Type::Datetime {
            casts::cast_to(Type::Datetime, &r)
        } else {
            Ok(r)
        }
    })
}

/// `ltime x`: UTC timestamps or datetimes as local time.
fn ltime(it: &mut Interp, x: K) -> R {
    Ok(shift_zone(&x, 1, it.platform.local_offset)?)
}

/// `gtime x`: local timestamps or datetimes as UTC.
fn gtime(it: &mut Interp, x: K) -> R {
    Ok(shift_zone(&x, -1, it.platform.local_offset)?)
}
