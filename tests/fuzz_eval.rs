//! Random q expressions and random nested values through q-lite: whatever
//! goes in, the answer is a value or a q error, never a panic or an abort.
//!
//! The run is bounded so it suits CI. `QREPL_FUZZ_CASES=N` runs N cases of
//! each kind instead, and `QREPL_FUZZ_SEED=S` starts from another seed.

mod eval_support;

use qrepl::fmt::json;
use qrepl::ipc::{EncodeOptions, MsgType, decode_message, encode_message};
use qrepl::k::K;
use qrepl::q::kernels::random::Rng;

/// The session's own seedable generator, so a failing case can be
/// reproduced from its seed.
struct Gen(Rng);

impl Gen {
    fn below(&mut self, n: usize) -> usize {
        self.0.below(n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

fn cases() -> usize {
    std::env::var("QREPL_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500)
}

fn seed() -> u64 {
    std::env::var("QREPL_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD)
}

const ATOMS: &[&str] = &[
    "0",
    "1",
    "-1",
    "0N",
    "0W",
    "-0W",
    "2i",
    "0Ni",
    "3h",
    "0b",
    "1b",
    "0x0f",
    "2.5",
    "0n",
    "-0w",
    "1e",
    "\"a\"",
    "\" \"",
    "`a",
    "`",
    "`sym",
    "2000.01.01",
    "0Nd",
    "12:00:00.000",
    "00:01",
    "2020.01.01D00:00:00",
    "0D01",
    "2020.01m",
    "0Ng",
    "(::)",
];

const VECTORS: &[&str] = &[
    "()",
    "1 2 3",
    "3 1 2 1",
    "0N 1 0W",
    "1.5 0n -2.5",
    "0101b",
    "\"hello\"",
    "\"\"",
    "`a`b`c",
    "`b`a`b",
    "2000.01.01 2001.01.01",
    "til 5",
    "til 0",
    "10?10",
    "(1;`a;\"x\")",
    "(1 2;3 4)",
    "(1 2;3 4 5)",
    "((1;2);(3;4))",
    "enlist 1",
    "enlist enlist 1",
    "`a`b!1 2",
    "`a`b!(1 2;3 4)",
    "([]a:1 2 3;b:`x`y`z)",
    "([k:`a`b]v:1 2)",
    "([]a:1 2;b:(1 2;3 4))",
    "1 2!3 4",
    "`s#1 2 3",
    "`u#`a`b",
    "0x0102",
    "1 2 3i",
    "1 2h",
    "1 2e",
];

const MONADS: &[&str] = &[
    "neg",
    "not",
    "null",
    "count",
    "first",
    "last",
    "reverse",
    "where",
    "distinct",
    "group",
    "asc",
    "desc",
    "iasc",
    "idesc",
    "til",
    "sum",
    "prd",
    "min",
    "max",
    "avg",
    "sums",
    "prds",
    "maxs",
    "mins",
    "deltas",
    "ratios",
    "abs",
    "sqrt",
    "exp",
    "log",
    "floor",
    "ceiling",
    "string",
    "key",
    "value",
    "type",
    "enlist",
    "raze",
    "flip",
    "cols",
    "keys",
    "fills",
    "differ",
    "rank",
    "signum",
    "med",
    "dev",
    "var",
    "any",
    "all",
    "lower",
    "upper",
    "trim",
    "reciprocal",
    "next",
    "prev",
    "attr",
    "-8!",
    "-3!",
    ".Q.s1",
    "-9!-8!",
    "{x}",
    "{x,x}",
    "{x+1}",
    "{(x;x)}",
    "ungroup",
    "meta",
    "md5",
    "hsym",
    "rand",
];

const DYADS: &[&str] = &[
    "+", "-", "*", "%", "&", "|", "=", "<", ">", "<=", ">=", "<>", "~", ",", "#", "_", "^", "!",
    "?", "$", "@", "in", "within", "like", "bin", "binr", "div", "mod", "xexp", "xbar", "except",
    "inter", "union", "cross", "rotate", "sublist", "cut", "sv", "vs", "and", "or", "wavg", "wsum",
    "cov", "cor", "ss", "xprev", "mavg", "msum", "mmax", "ema", "xrank",
];

const ADVERBS: &[&str] = &["'", "/", "\\", "':", "/:", "\\:"];

fn noun(g: &mut Gen, depth: usize) -> String {
    match (depth, g.below(6)) {
        (0, _) | (_, 0) => g.pick(ATOMS).to_string(),
        (_, 1 | 2) => g.pick(VECTORS).to_string(),
        (_, 3) => format!("({};{})", noun(g, depth - 1), noun(g, depth - 1)),
        _ => format!("({})", expr(g, depth - 1)),
    }
}

fn expr(g: &mut Gen, depth: usize) -> String {
    match g.below(5) {
        0 => format!("{} {}", g.pick(MONADS), noun(g, depth)),
        1 | 2 => format!("{} {} {}", noun(g, depth), g.pick(DYADS), noun(g, depth)),
        3 => format!(
            "{} {}{} {}",
            noun(g, depth),
            g.pick(DYADS),
            g.pick(ADVERBS),
            noun(g, depth)
        ),
        _ => format!(
            "{}{} {}",
            g.pick(MONADS),
            g.pick(&["'", "/", "\\"]),
            noun(g, depth)
        ),
    }
}

#[test]
fn random_expressions_give_values_or_q_errors() {
    let mut g = Gen(Rng::new(seed()));
    let (mut it, out) = eval_support::interp();
    // Loops that never converge stop with 'stop, and runaway growth with
    // 'wsfull, as they would for a client of a server run with -T and -w.
    it.query_timeout = Some(std::time::Duration::from_secs(1));
    qrepl::k::memory::set_limit(4 << 30);
    for case in 0..cases() {
        let text = expr(&mut g, 3);
        if std::env::var_os("QREPL_FUZZ_SHOW").is_some() {
            eprintln!("{case}: {text}");
        }
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let r = it.with_query_timeout(|it| it.eval_text(&text));
            if let Ok(Some(v)) = &r {
                // What a client or the console would do with the answer.
                let settings = it.settings.clone();
                let _ = it.host_mut().render(v, &settings);
                let _ = json::render(v);
                if let Ok(m) = encode_message(MsgType::Response, v, &EncodeOptions::default()) {
                    let _ = decode_message(&m);
                }
            }
            r.map(|_| ()).map_err(|e| e.err.msg.to_string())
        }));
        out.borrow_mut().clear();
        // A bug that panics inside evaluation is contained and reported as
        // an internal error: that is a failure here too.
        if let Ok(Err(msg)) = &r {
            assert!(
                !msg.starts_with("internal error"),
                "case {case} on `{text}`: {msg}"
            );
        }
        if let Err(p) = r {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("case {case} panicked on `{text}`: {msg}");
        }
        // Each case starts afresh from the names the last one left.
        let _ = it.eval_text("\\x a");
    }
}

#[test]
fn random_nested_values_survive_every_walk() {
    let mut g = Gen(Rng::new(seed() ^ 0xFACE));
    for case in 0..cases() / 3 {
        // A random value, nested to a random depth through lists,
        // dictionaries, tables and projections.
        let mut v = K::long(g.below(100) as i64);
        let levels = g.below(2000);
        for _ in 0..levels {
            v = match g.below(4) {
                0 => K::list(vec![v, K::long(1)]),
                1 => K::list(vec![v]),
                2 => K::dict(K::sym_list(["k"]), K::list(vec![v])),
                _ => K::table(["c"].into_iter().collect(), vec![K::list(vec![v])]),
            };
        }
        let (mut it, _out) = eval_support::interp();
        it.set_global("v", v.clone());
        for walk in [
            "v~v",
            "count string v",
            "count -8!v",
            "count -3!v",
            "count .Q.s1 v",
            "count distinct (v;v)",
            "iasc (v;v)",
            "v=v",
            "count raze v",
            "v?v",
            "first v",
            "type each v",
            "count .Q.s v",
        ] {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                it.eval_text(walk).err().map(|e| e.err.msg.to_string())
            }));
            match r {
                Ok(Some(msg)) => assert!(
                    !msg.starts_with("internal error"),
                    "case {case}: `{walk}` on a value {levels} deep: {msg}"
                ),
                Ok(None) => {}
                Err(_) => panic!("case {case}: `{walk}` panicked on a value {levels} deep"),
            }
        }
        let m = encode_message(MsgType::Sync, &v, &EncodeOptions::default());
        if let Ok(m) = m {
            let _ = decode_message(&m);
        }
        drop(v);
    }
}
