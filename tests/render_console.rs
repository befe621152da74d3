//! Console rendering checked against real q console output.
//!
//! Each case builds by hand the value a q expression evaluates to and
//! compares `fmt::console::render` with the text q printed for it, looked
//! up by id in the shared display corpus (`display-dev.jsonl`). The q
//! expression is quoted beside each case. Without the corpus (a checkout
//! with no `../shared` beside it) the cases that need it pass unchecked.

mod common;

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use common::shared_vector;
use qrepl::fmt::console::{ConsoleOptions, render};
use qrepl::k::calendar::{NANOS_PER_DAY, days};
use qrepl::k::text::one_line;
use qrepl::k::{
    Adverb, Attr, Data, Enumeration, Func, INF_INT, INF_LONG, INF_SHORT, K, Lambda, NULL_INT,
    NULL_LONG, NULL_SHORT, Sym, Type, null_float,
};

/// One corpus record: the console settings its setup lines chose and the
/// expected text.
struct Expected {
    opts: ConsoleOptions,
    text: String,
}

/// The corpus by id; `None` when it is absent.
fn corpus() -> Option<&'static HashMap<String, Expected>> {
    static CORPUS_BY_ID: OnceLock<Option<HashMap<String, Expected>>> = OnceLock::new();
    let by_id = CORPUS_BY_ID.get_or_init(|| {
        let text = shared_vector("display-dev.jsonl")?;
        let by_id = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|line| {
                let rec: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
                let mut opts = ConsoleOptions::default();
                for s in rec["setup"].as_array().into_iter().flatten() {
                    let s = s.as_str().unwrap_or_default();
                    let nums: Vec<usize> = s
                        .split_whitespace()
                        .skip(1)
                        .filter_map(|n| n.parse().ok())
                        .collect();
                    if s.starts_with("\\P") {
                        opts.precision = nums[0];
                    } else if s.starts_with("\\c") {
                        opts.rows = nums[0];
                        opts.cols = nums[1];
                    }
                }
                let id = rec["id"].as_str().unwrap().to_owned();
                let text = rec["expected_output"].as_str().unwrap().to_owned();
                (id, Expected { opts, text })
            })
            .collect();
        Some(by_id)
    });
    by_id.as_ref()
}

/// Asserts that `x` renders as corpus record `id` says q prints it.
#[track_caller]
fn check(id: &str, x: K) {
    let Some(corpus) = corpus() else {
        return;
    };
    let want = &corpus[id];
    let mut text = want.text.clone();
    if !text.is_empty() {
        text.push('\n');
    }
    assert_eq!(render(&x, &want.opts), text, "case {id}");
}

/// Asserts that the one-line `-3!` form of `x` is record `id`'s text.
#[track_caller]
fn check_one_line(id: &str, x: K) {
    let Some(corpus) = corpus() else {
        return;
    };
    assert_eq!(one_line(&x, 7), corpus[id].text, "case {id}");
}

fn l(v: &[i64]) -> K {
    K::longs(v.to_vec())
}
fn i(v: &[i32]) -> K {
    K::ints(v.to_vec())
}
fn f(v: &[f64]) -> K {
    K::floats(v.to_vec())
}
fn s(v: &[&str]) -> K {
    K::sym_list(v.iter().copied())
}
fn c(text: &str) -> K {
    K::string(text)
}
fn list(v: Vec<K>) -> K {
    K::list(v)
}
fn strings(v: &[&str]) -> K {
    K::list(v.iter().map(K::string).collect())
}
fn dict(k: K, v: K) -> K {
    K::dict(k, v)
}
fn table(names: &[&str], cols: Vec<K>) -> K {
    K::table(names.iter().copied().collect(), cols)
}
fn vector(t: Type, data: Data) -> K {
    K::vector(t, data)
}
fn dates(v: &[(i64, u32, u32)]) -> K {
    vector(
        Type::Date,
        Data::I32(v.iter().map(|&(y, m, d)| days(y, m, d) as i32).collect()),
    )
}
fn ms(h: i32, m: i32, s: i32, milli: i32) -> i32 {
    ((h * 60 + m) * 60 + s) * 1000 + milli
}
fn lambda(src: &str) -> K {
    K::func(Func::Lambda(Lambda::new(Sym::null(), src)))
}
fn enumeration(domain: &str, atom: bool, values: &[&str]) -> K {
    K::Enum(Rc::new(Enumeration {
        domain: Sym::from(domain),
        atom,
        attr: qrepl::k::Attr::None,
        indices: (0..values.len() as i64).collect(),
        values: values.iter().copied().collect(),
        link: false,
        keys: None,
    }))
}
fn hex(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|p| u8::from_str_radix(&h[p..p + 2], 16).unwrap())
        .collect()
}

#[test]
fn atoms() {
    let mut g = [0u8; 16];
    g.copy_from_slice(&hex("8c680a015a495aab5a65d4bfddb6a661"));
    check("qd006", K::guid(g)); // "G"$"8c680a01-5a49-5aab-5a65-d4bfddb6a661"
    check("qd008", K::byte(0xff)); // 0b sv 8#1b
    check("qd013", K::int(-1)); // 0b sv 32#1b
    check("qd014", K::long(-1)); // 0b sv 64#1b
    check("qd054", K::char(b'b')); // 98|"a"
    check("qd056", K::sym("hello")); // `$"hello"
    check("qd060", K::sym("quick.brown.fox")); // ` sv `quick`brown`fox
    check("qd061", K::sym(":c:/q/test.txt")); // hsym`c:/q/test.txt
    check("qd337", K::sym("17.172.224.47")); // dns `apple
    check("qd502", K::byte(1)); // 0x01
    check("qd503", K::short(1)); // 1h
    check("qd504", K::int(1)); // 1i
    check("qd505", K::long(42)); // 42
    check("qd506", K::real(1.0)); // 1e
    check("qd507", K::real(1.5)); // 1.5e
    check("qd516", K::char(b'a')); // "a"
    check("qd517", K::sym("abc")); // `abc
}

#[test]
fn floats() {
    check("qd019", K::float(1.0 / 7.0)); // reciprocal 7
    check("qd020", K::float(2.0)); // avg 1 2 3
    check("qd022", K::float(256.0)); // 2 xexp 8
    check("qd023", K::float(123456789.0)); // 123456789f
    check("qd024", K::float(i64::MAX as f64)); // `float$0Wj
    check("qd027", K::float(5.0)); // 00:10%2
    check("qd028", K::float(300.0)); // 00:10:00%2
    check("qd030", K::float(32767f64.sqrt())); // sqrt 0Wh
    check("qd031", K::float(3.6875)); // var 2 3 5 7
    check("qd036", K::float(6.0)); // 2 3 5 7 scov 3 3 5 9
    check("qd037", K::float(1.0)); // 1 3 9 cor 1 3 9
    check("qd038", K::float(-1.0)); // 1 3 9 cor neg 1 3 9
    check("qd040", K::float(-0.08908708)); // 1000101000b cor 0010011001b
    check("qd041", K::float(0.5f64.ln())); // log 0.5
    check("qd043", K::float(3.0)); // 2 xlog 8
    check("qd044", K::float(-3.0)); // 2 xlog 0.125
    check("qd046", K::float(44.95 + 1032.0 + 107.15)); // sum 44.95 1032 107.15
    check("qd049", K::float(1.0)); // avg 1b
    check("qd050", K::float(122.0 / 97.0)); // "z"%"a"
    check("qd510", K::float(0.1)); // 0.1
    check("qd511", K::float(10.0 / 3.0)); // 10%3
    check("qd515", K::float(1e7)); // 10000000f
    check("qd469", K::float(2f64.powi(-43) * 1e12)); // t*a
}

#[test]
fn float_precision() {
    check("qd458", K::float(1.0 / 3.0)); // \P 3; 1%3
    check("qd462", K::float("96.099999999999994".parse().unwrap())); // \P 0; a:96.099999999999994
    check("qd463", K::float(96.10000000001)); // \P 0; b:96.10000000001
    check("qd466", f(&[1.0, 1.0 - 1e-13])); // \P 0; distinct a,b
}

#[test]
fn temporals() {
    let ns = |d: i64, milli: i64| d * NANOS_PER_DAY + milli * 1_000_000;
    let day = days(2000, 11, 22);
    check("qd062", K::timestamp(ns(day, 13_495_666))); // 2000.11.22 + 03:44:55.666
    check("qd063", K::timestamp(ns(day, -13_495_666))); // 2000.11.22 - 03:44:55.666
    // "P"$"2015-10-28D03:55:58.6542"
    let p = days(2015, 10, 28) * NANOS_PER_DAY + 14_158_654_200_000;
    check("qd064", K::timestamp(p));
    check("qd066", K::date(days(2000, 12, 31) as i32)); // abs 1999.01.01
    check("qd076", K::atom_i32(Type::Time, ms(12, 34, 56, 789))); // "T"$"123456789"
    // (12h;"m";`date)$42 43 44
    check(
        "qd080",
        list(vec![
            K::timestamp(42),
            K::atom_i32(Type::Month, 43),
            K::date(44),
        ]),
    );
    check("qd084", K::date(days(1, 1, 1) as i32 - 1)); // 0001.01.01-1
    check("qd085", K::timestamp(-INF_LONG)); // `timestamp$1666.09.02
    // 0p+ -0W 0Wp+1 -1
    check(
        "qd087",
        vector(Type::Timespan, Data::I64(vec![-INF_LONG + 1, INF_LONG - 1])),
    );
    // 2020.01.01+30 60 90 120
    check(
        "qd176",
        dates(&[(2020, 1, 31), (2020, 3, 1), (2020, 3, 31), (2020, 4, 30)]),
    );
    check("qd181", vector(Type::Month, Data::I32(vec![0, 215, 430]))); // 2017.12m*0 1 2
    let minutes = |v: &[i32]| vector(Type::Minute, Data::I32(v.to_vec()));
    check("qd182", minutes(&[750, 780, 810, 840])); // 12:00+30 60 90 120
    // 5 xbar 11:00 + 0 2 3 5 7 11 13
    check("qd183", minutes(&[660, 660, 660, 665, 665, 670, 670]));
    check("qd519", K::date(0)); // 2000.01.01
    check("qd523", K::atom_i32(Type::Minute, 750)); // 12:30
    check("qd557", dates(&[(2000, 1, 1), (2000, 1, 2)])); // 2000.01.01 2000.01.02
    check("qd558", vector(Type::Month, Data::I32(vec![0, 1]))); // 2000.01 2000.02m
}

#[test]
fn nulls_and_infinities() {
    check("qd052", K::float(f64::INFINITY)); // 1b%0b
    check("qd090", K::short(NULL_SHORT)); // "H"$"32768"
    check("qd091", K::int(NULL_INT)); // "I"$"2147483648"
    check("qd092", K::date(NULL_INT)); // "D"$"2147483648"
    check("qd095", K::float(null_float())); // avg -0w 0w
    check("qd096", K::float(null_float())); // 1 1 1 cor 1 3 9
    check("qd098", K::float(f64::INFINITY)); // 0w + 5
    check("qd099", K::long(NULL_LONG)); // v 5
    // neg (0W;-0w;0N)
    check(
        "qd102",
        list(vec![
            K::long(-INF_LONG),
            K::float(f64::INFINITY),
            K::long(NULL_LONG),
        ]),
    );
    let n = NULL_LONG;
    check("qd103", l(&[n, 2, 3, 3, 3, 7, 7])); // fills 0N 2 3 0N 0N 7 0N
    check("qd106", l(&[n, n, n, -3, -INF_LONG, -INF_LONG])); // 3 mmin 0N -3 -2 1 -0W 0
    let nf = null_float();
    let inf = f64::INFINITY;
    // avgs 1 2 3 0n 4 -0w 0w
    check("qd107", f(&[1.0, 1.5, 2.0, 2.0, 2.5, -inf, nf]));
    check("qd109", f(&[inf, 0.0, nf, 1.0 / 3.0, 0.1])); // reciprocal 0 0w 0n 3 10
    // sqrt -1 0n 0 25 50
    check("qd111", f(&[(-1f64).sqrt(), nf, 0.0, 5.0, 50f64.sqrt()]));
    check("qd112", f(&[nf, nf])); // sum (0n 8;8 0n)
    check("qd113", l(&[n, 6])); // sum (1 2;0N 4)
    check("qd114", f(&[nf, 3.0])); // avg (1 2;0N 4)
    // 5 mavg 0N 2 0N 5 7 0N
    check("qd115", f(&[nf, 2.0, 2.0, 3.5, 14.0 / 3.0, 14.0 / 3.0]));
    check("qd116", f(&[nf, nf])); // 0 mavg 2 3
    check("qd118", l(&[n, 2, 3, 5, 7])); // prev 2 3 5 7 11
    check("qd120", l(&[1, 2, 3, n, n, 4, 5])); // trim 0N 0N 1 2 3 0N 0N  4 5 0N 0N
    check("qd121", s(&["tom", "dick", "nobody", "harry"])); // `nobody^`tom`dick``harry
    check("qd123", s(&["mouton", "", "chat", ""])); // d `sheep`snake`cat`ant
    check("qd126", i(&[-1; 11])); // signum (0n;0N;0Nt;...)
    // trade 30000: a row of nulls
    check(
        "qd127",
        dict(
            s(&["stock", "price", "amt", "time"]),
            list(vec![
                K::sym(""),
                K::float(nf),
                K::long(n),
                K::atom_i32(Type::Time, NULL_INT),
            ]),
        ),
    );
    check("qd527", K::short(NULL_SHORT)); // 0Nh
    check("qd528", K::int(NULL_INT)); // 0Ni
    check("qd533", K::date(NULL_INT)); // 0Nd
    check("qd534", K::null(Type::Datetime)); // 0Nz
    check("qd536", K::null(Type::Minute)); // 0Nu
    check("qd541", K::long(INF_LONG)); // 0W
    check("qd542", K::long(-INF_LONG)); // -0W
    check("qd543", K::short(INF_SHORT)); // 0Wh
    check("qd544", K::int(INF_INT)); // 0Wi
    check("qd546", K::float(-inf)); // -0w
    check("qd562", f(&[nf, 1.5])); // 0n 1.5
}

#[test]
fn vectors() {
    check("qd132", l(&[1, 3, 5, 7])); // deltas 1 4 9 16
    check("qd134", i(&[0, -1, 0, 0, -1])); // neg 01001b
    check("qd142", f(&[8.0, 8.0])); // sum each flip(0n 8;8 0n)
    // 2.5 xbar til 16
    let xbar: Vec<f64> = (0..16)
        .map(|x| 2.5 * (f64::from(x) / 2.5).floor())
        .collect();
    check("qd145", f(&xbar));
    check("qd147", f(&[3.3, 4.4, 5.5])); // 3.3 4.4 5.5*1b
    check("qd149", f(&[1.0, 12f64.exp(), f64::INFINITY])); // exp 00:00:00 00:00:12 12:00:00
    // ({x*x}\)0.1 and {x*x} scan .01
    let squares = |mut x: f64| {
        let mut v = vec![x];
        while x * x != x {
            x *= x;
            v.push(x);
        }
        f(&v)
    };
    check("qd152", squares(0.1));
    check("qd153", squares(0.01));
    // ema[1%3;1,10#0]
    let a = 1.0 / 3.0;
    let mut ema = vec![1.0];
    for _ in 0..10 {
        let prev = *ema.last().unwrap();
        ema.push((1.0 - a) * prev + a * 0.0);
    }
    // The transcript came from a console wider than 80 columns (q 4.1
    // follows the terminal), so this case widens \c to print it whole.
    let wide = ConsoleOptions {
        cols: 200,
        ..ConsoleOptions::default()
    };
    if let Some(corpus) = corpus() {
        let want = format!("{}\n", corpus["qd154"].text);
        assert_eq!(render(&f(&ema), &wide), want, "case qd154");
    }
    check("qd159", K::bools(vec![false, true, false, false])); // not -1 0 1 2
    let bits = "0101101010000101".bytes().map(|b| b == b'1').collect();
    check("qd161", K::bools(bits)); // 0b vs 23173h
    check("qd162", K::bytes(vec![3, 4, 5])); // "x"$3 4 5
    check("qd163", K::bytes(b"abc".to_vec())); // "x"$"abc"
    check("qd165", K::bytes(hex("40a2da0000000000"))); // 0x0 vs 2413f
    // md5 "this is a not so secret message"
    check("qd166", K::bytes(hex("6cf192c1938b79012c323fa30e62787e")));
    check("qd167", c("ibm")); // lower"IBM"
    check("qd185", l(&[-365, 365])); // "j"$1999.01.01 2000.12.31
    let digits: Vec<String> = (1..=20).map(|n| n.to_string()).collect();
    check("qd188", K::sym_list(digits.iter().map(String::as_str))); // `$string 1+til 20
    check("qd547", K::shorts(vec![1, 2, 3])); // 1 2 3h
    check("qd549", l(&[1, 2, 3])); // 1 2 3
    check("qd550", K::reals(vec![1.0, 2.0, 3.0])); // 1 2 3e
    check("qd551", f(&[1.0, 2.0, 3.0])); // 1 2 3f
    check("qd552", f(&[1.5, 2.0, 3.0])); // 1.5 2 3
    check("qd553", K::bools(vec![true, false, true])); // 101b
    check("qd556", s(&["a", "b", "c"])); // `a`b`c
}

#[test]
fn empties_and_singletons() {
    check("qd193", l(&[3])); // enlist 3
    check("qd199", K::empty(Type::Symbol)); // keys`trade
    check("qd203", strings(&["red", "green", "", "blue"])); // "|" vs "red|green||blue"
    // 0x02 vs 0x0102010201
    check("qd205", list(vec![K::bytes(vec![1]); 3]));
    check("qd208", K::Nil); // f 10 with f:{2*x;}
    check("qd209", list(vec![K::Nil])); // enlist {1;}[]
    check("qd210", list((0..4).map(|x| l(&[x])).collect())); // enlist each til 4
    check("qd211", dict(s(&["b"]), l(&[2]))); // (enlist `b)!(enlist 2)
    check("qd567", K::empty(Type::Float)); // `float$()
    check("qd568", K::empty(Type::Boolean)); // 0#1b
    check("qd574", list(vec![c("abc")])); // enlist "abc"
    check("qd593", K::Nil); // (::)
}

#[test]
fn general_lists() {
    // (0;1 2.5;01b),(`a;"abc")
    check(
        "qd215",
        list(vec![
            K::long(0),
            f(&[1.0, 2.5]),
            K::bools(vec![false, true]),
            K::sym("a"),
            c("abc"),
        ]),
    );
    // raze b with b:(1 2;(3 4;5 6);7;8)
    check(
        "qd219",
        list(vec![
            K::long(1),
            K::long(2),
            l(&[3, 4]),
            l(&[5, 6]),
            K::long(7),
            K::long(8),
        ]),
    );
    // upper(`The;(`quick`brown;(`fox;`jumps`over));`a;`lazy`dog)
    check(
        "qd220",
        list(vec![
            K::sym("THE"),
            list(vec![
                s(&["QUICK", "BROWN"]),
                list(vec![K::sym("FOX"), s(&["JUMPS", "OVER"])]),
            ]),
            K::sym("A"),
            s(&["LAZY", "DOG"]),
        ]),
    );
    // lower("THE";("Quick";"Brown");"FOX")
    check(
        "qd221",
        list(vec![c("the"), strings(&["quick", "brown"]), c("fox")]),
    );
    // 10 100 1000 * (1 2 3;4 5 6;7 8)
    check(
        "qd223",
        list(vec![
            l(&[10, 20, 30]),
            l(&[400, 500, 600]),
            l(&[7000, 8000]),
        ]),
    );
    // 1 4 7 < (1 2 3;4 5 6;7 8)
    let b = |v: &[u8]| K::bools(v.iter().map(|&x| x == 1).collect());
    check(
        "qd224",
        list(vec![b(&[0, 1, 1]), b(&[0, 1, 1]), b(&[0, 1])]),
    );
    // 3 0N#til 10
    check(
        "qd230",
        list(vec![l(&[0, 1, 2]), l(&[3, 4, 5]), l(&[6, 7, 8, 9])]),
    );
    check("qd231", strings(&["one", "two", "three"])); // "," vs "one,two,three"
    check("qd233", strings(&["!!!!!", "!!!!!"])); // 2 5#"!"
    // d . enlist 1
    check("qd236", list(vec![l(&[8, 9]), K::long(10), l(&[11, 12])]));
    // ({count x,y}\)("The";"quick";"brown";"fox")
    check(
        "qd241",
        list(vec![c("The"), K::long(8), K::long(6), K::long(4)]),
    );
    // (f;102) with f: +
    check("qd246", list(vec![K::func(Func::Binary(1)), K::long(102)]));
    // "BXH"$("42";"42";"42")
    check(
        "qd247",
        list(vec![K::bool(false), K::byte(0x42), K::short(42)]),
    );
    // 8 {x,sum -2#x}\1 1
    let mut fib = vec![1, 1];
    let mut rows = vec![l(&fib)];
    for _ in 0..8 {
        fib.push(fib[fib.len() - 1] + fib[fib.len() - 2]);
        rows.push(l(&fib));
    }
    check("qd249", list(rows));
    check("qd250", list(vec![K::long(1), K::long(2), K::Nil])); // c[::]
    check("qd282", list(vec![K::long(9), l(&[20, -30])])); // (3;4 5)xbar(10;20 -30)
    // sqrt (10;20 30)
    check(
        "qd283",
        list(vec![
            K::float(10f64.sqrt()),
            f(&[20f64.sqrt(), 30f64.sqrt()]),
        ]),
    );
    check("qd284", list(vec![K::float(3.0), f(&[9.0, 27.0])])); // 3 xexp(1;2 3)
    check("qd285", list(vec![K::int(1), i(&[-1, 1])])); // signum(10;-20 30)
    // (10;20 30)%(2;3 4)
    check("qd286", list(vec![K::float(5.0), f(&[20.0 / 3.0, 7.5])]));
    check("qd576", list(vec![K::long(1), l(&[2, 3])])); // (1;2 3)
    check("qd579", strings(&["ab", "cd"])); // ("ab";"cd")
    check("qd580", list(vec![b(&[1, 0, 1]), b(&[0, 1, 0])])); // (101b;010b)
    // {(x;count x)}"Zürich" and "日本"
    check("qd470", list(vec![c("Zürich"), K::long(7)]));
    check("qd471", list(vec![c("日本"), K::long(6)]));
    check("qd477", c("deabc")); // 3 rotate "abcde"
    check("qd481", c("orez")); // (|:)"zero"
}

#[test]
fn matrices() {
    check("qd251", list(vec![l(&[1, 4]), l(&[2, 5]), l(&[3, 6])])); // flip (1 2 3;4 5 6)
    // cos (1 2 3; 4 5 6)
    let cos = |v: [f64; 3]| f(&v.map(f64::cos));
    check(
        "qd253",
        list(vec![cos([1.0, 2.0, 3.0]), cos([4.0, 5.0, 6.0])]),
    );
    // 2 4#`Arthur`Steve`Dennis
    check(
        "qd256",
        list(vec![
            s(&["Arthur", "Steve", "Dennis", "Arthur"]),
            s(&["Steve", "Dennis", "Arthur", "Steve"]),
        ]),
    );
    // first 2 3 4#til 5
    check(
        "qd259",
        list(vec![l(&[0, 1, 2, 3]), l(&[4, 0, 1, 2]), l(&[3, 4, 0, 1])]),
    );
    check("qd260", list(vec![i(&[6, 7]), i(&[-6, -7])])); // `int$(neg\)6.1 6.6
    // -7 7 mod/:\:-2.5 -2 2 2.5
    check(
        "qd270",
        list(vec![f(&[-2.0, -1.0, 1.0, 0.5]), f(&[-0.5, -1.0, 1.0, 2.0])]),
    );
    // 10 vs(1995;1996 1997)
    check(
        "qd274",
        list(vec![
            l(&[1, 1, 1]),
            l(&[9, 9, 9]),
            l(&[9, 9, 9]),
            l(&[5, 6, 7]),
        ]),
    );
    // (x;0 (0|+)\x) with x:-100 2 3 4 -100 6 7 8 9 -100
    let x = [-100, 2, 3, 4, -100, 6, 7, 8, 9, -100];
    let mut acc = 0;
    let run: Vec<i64> = x
        .iter()
        .map(|v| {
            acc = (acc + v).max(0);
            acc
        })
        .collect();
    check("qd275", list(vec![l(&x), l(&run)]));
    // trade `stock`amt
    check(
        "qd277",
        list(vec![
            s(&["ibm", "bac", "usb", "ibm", "bac", "usb"]),
            l(&[1000, 500, 800, 1000, 500, 800]),
        ]),
    );
    // trade[1 0;`stock`amt]
    check(
        "qd278",
        list(vec![
            list(vec![K::sym("bac"), K::long(500)]),
            list(vec![K::sym("ibm"), K::long(1000)]),
        ]),
    );
    // trim(("fox";("jumps ";"over   "));("a";"dog "))
    check(
        "qd279",
        list(vec![
            list(vec![c("fox"), strings(&["jumps", "over"])]),
            list(vec![K::char(b'a'), c("dog")]),
        ]),
    );
    check("qd578", list(vec![l(&[1, 2]), l(&[10, 20])])); // (1 2;10 20)
}

#[test]
fn dictionaries() {
    // `tom`dick`harry!1040 59 27
    check(
        "qd288",
        dict(s(&["tom", "dick", "harry"]), l(&[1040, 59, 27])),
    );
    // `names`ages!(`bob`carol`ted`alice;42 39 51 44)
    check(
        "qd290",
        dict(
            s(&["names", "ages"]),
            list(vec![
                s(&["bob", "carol", "ted", "alice"]),
                l(&[42, 39, 51, 44]),
            ]),
        ),
    );
    // `name`dob`sex!(`jack`jill`john;1982.09.15 1984.07.05 1990.11.16;`m`f`m)
    check(
        "qd291",
        dict(
            s(&["name", "dob", "sex"]),
            list(vec![
                s(&["jack", "jill", "john"]),
                dates(&[(1982, 9, 15), (1984, 7, 5), (1990, 11, 16)]),
                s(&["m", "f", "m"]),
            ]),
        ),
    );
    check("qd295", dict(s(&["a", "c", "d"]), l(&[10, 30, 10]))); // `b`x _ d
    check("qd298", dict(s(&["a", "b", "c"]), l(&[105, 205, 305]))); // 5+`a`b`c!100 200 300
    // 1.1*`a`b`c!5 10 20
    check(
        "qd299",
        dict(s(&["a", "b", "c"]), f(&[1.1 * 5.0, 1.1 * 10.0, 1.1 * 20.0])),
    );
    // -9$`a`b`c!("quick";"brown";"fox")
    check(
        "qd301",
        dict(
            s(&["a", "b", "c"]),
            strings(&["    quick", "    brown", "      fox"]),
        ),
    );
    // ceiling`a`b!(1.2;3.4 5.6)
    check(
        "qd308",
        dict(s(&["a", "b"]), list(vec![K::long(2), l(&[4, 6])])),
    );
    check("qd313", dict(s(&["b", "a", "c"]), l(&[1, 2, 3]))); // asc `a`b`c!2 1 3
    check("qd315", dict(s(&["a", "b"]), f(&[4.0, 7.0]))); // avg ([]a:3 5; b:6 8f)
    // 2 sublist `a`b`c!(1 2 3;"xyz";2 3 5)
    check(
        "qd318",
        dict(s(&["a", "b"]), list(vec![l(&[1, 2, 3]), c("xyz")])),
    );
    // (`a`b)!(1 2 3;`x`y`z)
    check(
        "qd321",
        dict(
            s(&["a", "b"]),
            list(vec![l(&[1, 2, 3]), s(&["x", "y", "z"])]),
        ),
    );
    // d-1 with d:`a`b!(10 -21 3;4 5 -6)
    check(
        "qd323",
        dict(s(&["a", "b"]), list(vec![l(&[9, -22, 2]), l(&[3, 4, -7])])),
    );
    // log d
    let ln = |v: [f64; 3]| f(&v.map(f64::ln));
    check(
        "qd325",
        dict(
            s(&["a", "b"]),
            list(vec![ln([10.0, -21.0, 3.0]), ln([4.0, 5.0, -6.0])]),
        ),
    );
    // sin `x`y`z!3 4#til[12]%10
    let sin_row = |r: i32| {
        f(&(0..4)
            .map(|k| (f64::from(r * 4 + k) / 10.0).sin())
            .collect::<Vec<_>>())
    };
    check(
        "qd327",
        dict(
            s(&["x", "y", "z"]),
            list(vec![sin_row(0), sin_row(1), sin_row(2)]),
        ),
    );
    // t[1;] with t:([]name:`Tom`Dick`Harry;age:34 42 17)
    check(
        "qd330",
        dict(s(&["name", "age"]), list(vec![K::sym("Dick"), K::long(42)])),
    );
    // first t
    check(
        "qd331",
        dict(
            s(&["names", "ages"]),
            list(vec![K::sym("bob"), K::long(42)]),
        ),
    );
    // first trade
    check(
        "qd332",
        dict(
            s(&["stock", "price", "amt", "time"]),
            list(vec![
                K::sym("ibm"),
                K::float(121.3),
                K::long(1000),
                K::atom_i32(Type::Time, ms(9, 3, 6, 0)),
            ]),
        ),
    );
    check("qd333", dict(s(&["eye", "sex"]), s(&["brown", "m"]))); // ku `Tom`Lagos
    // flip ec1
    check(
        "qd335",
        dict(
            s(&["city", "country", "pop"]),
            list(vec![
                s(&["Istanbul", "Moscow", "London", "StPetersburg"]),
                s(&["Turkey", "Russia", "UK", "Russia"]),
                l(&[15067724, 12615279, 9126366, 5383890]),
            ]),
        ),
    );
    // (!/)yrp`from`to
    let cities = ["London", "Paris", "Genoa", "Milan", "Vienna", "Berlin"];
    let to = ["Paris", "Genoa", "Milan", "Vienna", "Berlin", "London"];
    check("qd336", dict(s(&cities), s(&to)));
    // (enlist `b)!([] a:enlist 1;b:enlist 2)
    check(
        "qd339",
        dict(s(&["b"]), table(&["a", "b"], vec![l(&[1]), l(&[2])])),
    );
    check("qd340", dict(s(&["a", "b"]), l(&[1, 2]))); // (`a`b)!(1 2)
    // `a`b!("abc";"de")
    check("qd583", dict(s(&["a", "b"]), strings(&["abc", "de"])));
    check("qd584", dict(s(&["a", "b", "c"]), c("xyz"))); // `a`b`c!"xyz"
}

#[test]
fn tables() {
    let empty = list(vec![]);
    // trade:([]time:();sym:();price:();size:())
    check(
        "qd213",
        table(
            &["time", "sym", "price", "size"],
            vec![empty.clone(), empty.clone(), empty.clone(), empty],
        ),
    );
    // ([] sym; price) with sym:`aapl`msft`goog, price:100 200 300
    check(
        "qd342",
        table(
            &["sym", "price"],
            vec![s(&["aapl", "msft", "goog"]), l(&[100, 200, 300])],
        ),
    );
    // ([] sym:enlist`aapl; price:100)
    check(
        "qd344",
        table(&["sym", "price"], vec![s(&["aapl"]), l(&[100])]),
    );
    // ([]names:`bob`carol`ted`alice; ages:42 39 51 44)
    check(
        "qd345",
        table(
            &["names", "ages"],
            vec![s(&["bob", "carol", "ted", "alice"]), l(&[42, 39, 51, 44])],
        ),
    );
    // ([]a:1 2 3;b:4 5 6;c:7 9 0)
    check(
        "qd348",
        table(
            &["a", "b", "c"],
            vec![l(&[1, 2, 3]), l(&[4, 5, 6]), l(&[7, 9, 0])],
        ),
    );
    // flip D with D:`sym`price`size!(`IBM`MSFT;10.2 23.45;100 100)
    check(
        "qd351",
        table(
            &["sym", "price", "size"],
            vec![s(&["IBM", "MSFT"]), f(&[10.2, 23.45]), l(&[100, 100])],
        ),
    );
    // flip `sym`price`size!(`I;10.2 23.45 45.67;100)
    check(
        "qd352",
        table(
            &["sym", "price", "size"],
            vec![
                s(&["I", "I", "I"]),
                f(&[10.2, 23.45, 45.67]),
                l(&[100, 100, 100]),
            ],
        ),
    );
    // enlist `a`b`c!(1;2 3; 4)
    check(
        "qd354",
        table(
            &["a", "b", "c"],
            vec![l(&[1]), list(vec![l(&[2, 3])]), l(&[4])],
        ),
    );
    // string ([]a:1 2 3;b:`ibm`goog`aapl)
    check(
        "qd360",
        table(
            &["a", "b"],
            vec![strings(&["1", "2", "3"]), strings(&["ibm", "goog", "aapl"])],
        ),
    );
    // -9$string([]a:`quick`brown`fox;b:`jumps`over`the)
    check(
        "qd361",
        table(
            &["a", "b"],
            vec![
                strings(&["    quick", "    brown", "      fox"]),
                strings(&["    jumps", "     over", "      the"]),
            ],
        ),
    );
    // rtrim ([]a:("fox";("jumps ";"over   "));b:("a";"dog "))
    check(
        "qd362",
        table(
            &["a", "b"],
            vec![
                list(vec![c("fox"), strings(&["jumps", "over"])]),
                list(vec![K::char(b'a'), c("dog")]),
            ],
        ),
    );
    // ([] code:`F1; vr:(enlist 2.3))
    check("qd363", table(&["code", "vr"], vec![s(&["F1"]), f(&[2.3])]));
    // ([]term;pages)
    check(
        "qd365",
        table(
            &["term", "pages"],
            vec![
                s(&["analytical engine", "Babbage, Charles", "difference engine"]),
                list(vec![l(&[5, 17, 324]), l(&[1, 5, 17]), l(&[17, 359])]),
            ],
        ),
    );
    // ku ([]city:`LA`Lagos; name:`Jo`Tom)
    check(
        "qd369",
        table(&["eye", "sex"], vec![s(&["blue", "brown"]), s(&["f", "m"])]),
    );
    // ec1
    check(
        "qd370",
        table(
            &["city", "country", "pop"],
            vec![
                s(&["Istanbul", "Moscow", "London", "StPetersburg"]),
                s(&["Turkey", "Russia", "UK", "Russia"]),
                l(&[15067724, 12615279, 9126366, 5383890]),
            ],
        ),
    );
    // flip`city`country`pop!(`Berlin`Kyiv`Madrid;`Germany`Ukraine`Spain;3748148 3703100 3223334)
    check(
        "qd372",
        table(
            &["city", "country", "pop"],
            vec![
                s(&["Berlin", "Kyiv", "Madrid"]),
                s(&["Germany", "Ukraine", "Spain"]),
                l(&[3748148, 3703100, 3223334]),
            ],
        ),
    );
    // s uj t
    check(
        "qd376",
        table(
            &["a", "b", "c", "d"],
            vec![
                l(&[1, 2, 1, 2, 3]),
                l(&[2, 3, 2, 3, 7]),
                l(&[5, 7, 10, 20, 30]),
                c("  ABC"),
            ],
        ),
    );
    // x pj y
    check(
        "qd377",
        table(
            &["a", "b", "c", "d"],
            vec![
                l(&[1, 2, 3]),
                s(&["x", "y", "z"]),
                l(&[11, 20, 32]),
                l(&[10, 0, 20]),
            ],
        ),
    );
    // t,s
    check(
        "qd379",
        table(
            &["a", "b"],
            vec![l(&[1, 2, 3, 10, 11]), s(&["a", "b", "c", "d", "e"])],
        ),
    );
    // 0!t with t:([a:1 2 3]b:10 20 30;c:`x`y`z)
    check(
        "qd383",
        table(
            &["a", "b", "c"],
            vec![l(&[1, 2, 3]), l(&[10, 20, 30]), s(&["x", "y", "z"])],
        ),
    );
    check("qd384", table(&["c"], vec![s(&["d", "e", "f"])])); // `a`b _ t
    check("qd396", table(&["x"], vec![l(&[0, 1])])); // {select from t}[] with t:([]0 1)
    check("qd397", table(&["a"], vec![K::empty(Type::Date)])); // 0#([] a:2000.01.01 2000.01.02)
    // 0!kt
    check(
        "qd404",
        table(
            &["name", "city", "eye", "sex"],
            vec![
                s(&["Tom", "Jo", "Tom"]),
                s(&["NYC", "LA", "Lagos"]),
                s(&["green", "blue", "brown"]),
                s(&["m", "f", "m"]),
            ],
        ),
    );
    check("qd585", table(&["a"], vec![strings(&["abc", "de"])])); // ([]a:("abc";"de"))
}

#[test]
fn keyed_tables() {
    // ([names:`bob`carol`bob`alice;city:`NYC`CHI`SFO`SFO]; ages:42 39 51 44)
    check(
        "qd400",
        dict(
            table(
                &["names", "city"],
                vec![
                    s(&["bob", "carol", "bob", "alice"]),
                    s(&["NYC", "CHI", "SFO", "SFO"]),
                ],
            ),
            table(&["ages"], vec![l(&[42, 39, 51, 44])]),
        ),
    );
    let people = || {
        dict(
            table(
                &["name", "city"],
                vec![s(&["Tom", "Jo", "Tom"]), s(&["NYC", "LA", "Lagos"])],
            ),
            table(
                &["eye", "sex"],
                vec![s(&["green", "blue", "brown"]), s(&["m", "f", "m"])],
            ),
        )
    };
    check("qd402", people()); // 2!([]name:...; city:...; eye:...; sex:...)
    check("qd403", people()); // ([]name:...; city:...)!([]eye:...; sex:...)
    // ([sym:`ibm`goog`msoft]qty:1000 2000 3000;p:1550 375 98)
    check(
        "qd405",
        dict(
            table(&["sym"], vec![s(&["ibm", "goog", "msoft"])]),
            table(
                &["qty", "p"],
                vec![l(&[1000, 2000, 3000]), l(&[1550, 375, 98])],
            ),
        ),
    );
    // ([a:1 2]b:`x`y;c:10 20)
    check(
        "qd410",
        dict(
            table(&["a"], vec![l(&[1, 2])]),
            table(&["b", "c"], vec![s(&["x", "y"]), l(&[10, 20])]),
        ),
    );
    // `a`b xgroup ([]a:0 0 1 1 2;b:`a`a`c`d`e;c:til 5)
    check(
        "qd414",
        dict(
            table(
                &["a", "b"],
                vec![l(&[0, 1, 1, 2]), s(&["a", "c", "d", "e"])],
            ),
            table(
                &["c"],
                vec![list(vec![l(&[0, 1]), l(&[2]), l(&[3]), l(&[4])])],
            ),
        ),
    );
    // 2!t with t:([]a:1 2 3;b:10 20 30;c:`x`y`z)
    check(
        "qd415",
        dict(
            table(&["a", "b"], vec![l(&[1, 2, 3]), l(&[10, 20, 30])]),
            table(&["c"], vec![s(&["x", "y", "z"])]),
        ),
    );
    // ([a:til 3]b:3 3#"abc";c:3 3#1 2 3)
    check(
        "qd416",
        dict(
            table(&["a"], vec![l(&[0, 1, 2])]),
            table(
                &["b", "c"],
                vec![
                    strings(&["abc", "abc", "abc"]),
                    list(vec![l(&[1, 2, 3]); 3]),
                ],
            ),
        ),
    );
    // ([id]name;country;city)
    check(
        "qd417",
        dict(
            table(&["id"], vec![l(&[1001, 1002, 1003])]),
            table(
                &["name", "country", "city"],
                vec![
                    s(&["Stock Exchange", "Boersen", "NYSE"]),
                    s(&["United Kingdom", "Denmark", "United States"]),
                    s(&["London", "Copenhagen", "New York"]),
                ],
            ),
        ),
    );
    // meta trade
    check(
        "qd419",
        dict(
            table(&["c"], vec![s(&["stock", "price", "amt", "time"])]),
            table(
                &["t", "f", "a"],
                vec![c("sfjt"), s(&["", "", "", ""]), s(&["", "", "", ""])],
            ),
        ),
    );
    // meta([]term;pages)
    check(
        "qd420",
        dict(
            table(&["c"], vec![s(&["term", "pages"])]),
            table(&["t", "f", "a"], vec![c("sJ"), s(&["", ""]), s(&["", ""])]),
        ),
    );
    // ([k:`a`b]v:1 2)
    check(
        "qd592",
        dict(
            table(&["k"], vec![s(&["a", "b"])]),
            table(&["v"], vec![l(&[1, 2])]),
        ),
    );
}

#[test]
fn functions() {
    check("qd425", lambda("{x+y}")); // {x+y}
    check("qd426", lambda("{[x;y] x*y}")); // {[x;y] x*y}
    check("qd427", lambda("k){$[0h>@x;'`rank;<x]}")); // iasc
    check("qd428", K::func(Func::Unary(0x12))); // type
    // deltas
    check(
        "qd429",
        K::func(Func::Derived(Adverb::EachPrior, K::func(Func::Binary(2)))),
    );
    // eval (/;+)
    check(
        "qd430",
        K::func(Func::Derived(Adverb::Over, K::func(Func::Binary(1)))),
    );
    // value +[2]
    check("qd434", list(vec![K::func(Func::Binary(1)), K::long(2)]));
}

#[test]
fn attributes_and_enumerations() {
    let sorted = |v: &[i64]| K::vector_attr(Type::Long, Attr::Sorted, Data::I64(v.to_vec()));
    check("qd441", sorted(&[1, 2, 6])); // asc 2 1 6
    check("qd446", sorted(&[1, 2, 3, 3])); // `s#1 2 3 3
    let y = [
        "a", "b", "c", "b", "a", "b", "c", "c", "c", "c", "c", "c", "c",
    ];
    check("qd450", enumeration("d", false, &y)); // `d$y
    let mut o = y;
    o[0] = "o";
    o[4] = "o";
    check("qd451", enumeration("d", false, &o)); // e after d[0]:`o
    check("qd455", enumeration("e", false, &["a", "a", "c", "b"])); // x:`e$`a`a`c`b
    // (`sym$`b),`sym2$`b
    check(
        "qd456",
        list(vec![
            enumeration("sym", true, &["b"]),
            enumeration("sym2", true, &["b"]),
        ]),
    );
}

#[test]
fn truncation() {
    // \c 5 5; til each 20+til 10
    check(
        "qd485",
        list((20..30).map(|n| l(&(0..n).collect::<Vec<_>>())).collect()),
    );
    // (`$string x;20#`fizz;20#`buzz;20#`fizzbuzz) with x:1+til 20
    let numbers: Vec<String> = (1..=20).map(|n| n.to_string()).collect();
    check(
        "qd486",
        list(vec![
            K::sym_list(numbers.iter().map(String::as_str)),
            s(&["fizz"; 20]),
            s(&["buzz"; 20]),
            s(&["fizzbuzz"; 20]),
        ]),
    );
    check("qd489", l(&(0..30).collect::<Vec<_>>())); // \c 25 80; til 30
}

#[test]
fn one_line_forms() {
    // {}0N!b with b:{x cross x}til 3
    let pairs = (0..3)
        .flat_map(|a| (0..3).map(move |b| l(&[a, b])))
        .collect();
    check_one_line("qd498", list(pairs));
    // -1 .Q.s1 (1 2;3 4) cross (5 6;7 8);
    check_one_line(
        "qd499",
        list(vec![
            l(&[1, 2, 5, 6]),
            l(&[1, 2, 7, 8]),
            l(&[3, 4, 5, 6]),
            l(&[3, 4, 7, 8]),
        ]),
    );
}

#[test]
fn ten_million_rows_print_their_first_rows() {
    let n = 10_000_000;
    let t = table(
        &["id", "px"],
        vec![
            K::longs((0..n).collect()),
            K::floats((0..n).map(|x| x as f64 / 4.0).collect()),
        ],
    );
    let out = render(&t, &ConsoleOptions::default());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 23);
    assert_eq!(lines[0], "id px  ");
    assert_eq!(lines[2], "0  0   ");
    assert_eq!(lines[21], "19 4.75");
    assert_eq!(lines[22], "..");
}
