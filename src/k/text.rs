//! Text forms of q values: `string` of an atom (the cell form used inside
//! tables and dictionaries) and the one-line `-3!` form (used by `.Q.s1`,
//! `0N!` and the console for atoms, vectors and list items).
//!
//! Every writer appends to a caller-owned `String`. The `-3!` writer takes a
//! length budget and stops visiting items once the text is longer than that,
//! so printing the first line of a huge vector costs only what is shown.

use std::fmt::Write;

use super::calendar::{self, MILLIS_PER_DAY, NANOS_PER_DAY};
use super::{
    Attr, Data, Dict, Enumeration, Func, INF_INT, INF_LONG, INF_SHORT, K, List, NULL_INT,
    NULL_LONG, NULL_SHORT, Scalar, SymVec, Table, Type, Vector,
};

/// Default float precision, as `\P 7`.
pub const DEFAULT_PRECISION: usize = 7;

/// Significant digits printed when the precision is `\P 0` (C's `%.17g`).
pub const MAX_PRECISION: usize = 17;

/// The number of significant digits for a `\P` setting: 0 means the maximum.
fn significant_digits(precision: usize) -> usize {
    if precision == 0 {
        MAX_PRECISION
    } else {
        precision.min(MAX_PRECISION)
    }
}

// ---------------------------------------------------------------------------
// Floats
// ---------------------------------------------------------------------------

/// Appends a finite float formatted like C's `%.{P}g`: `P` significant
/// digits, trailing zeros dropped, exponent form (`1e-08`, `1.234568e+08`)
/// when the decimal exponent is below -4 or at least `P`.
///
/// Infinities and NaN are the caller's business (q spells them per context);
/// here they come out as `inf`, `-inf` and `nan` like C.
pub fn write_float_g(out: &mut String, x: f64, precision: usize) {
    if !x.is_finite() {
        out.push_str(if x.is_nan() {
            "nan"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        });
        return;
    }
    let p = significant_digits(precision);
    // Rust's `{:.N e}` is correctly rounded (ties to even, like glibc), so
    // it gives exactly the digits and exponent that %g chooses between.
    let start = out.len();
    let _ = write!(out, "{:.*e}", p - 1, x);
    let mut digits = [0u8; MAX_PRECISION];
    let mut nd = 0;
    let mut negative = false;
    let mut exp: i32 = 0;
    {
        let sci = &out.as_bytes()[start..];
        let mut i = 0;
        if sci.first() == Some(&b'-') {
            negative = true;
            i = 1;
        }
        while i < sci.len() && sci[i] != b'e' {
            if sci[i].is_ascii_digit() && nd < digits.len() {
                digits[nd] = sci[i];
                nd += 1;
            }
            i += 1;
        }
        let mut exp_neg = false;
        for &c in sci.get(i + 1..).unwrap_or_default() {
            match c {
                b'-' => exp_neg = true,
                b'0'..=b'9' => exp = exp * 10 + i32::from(c - b'0'),
                _ => {}
            }
        }
        if exp_neg {
            exp = -exp;
        }
    }
    out.truncate(start);
    while nd > 1 && digits[nd - 1] == b'0' {
        nd -= 1;
    }
    if negative {
        out.push('-');
    }
    let push_digits = |out: &mut String, ds: &[u8]| {
        for &d in ds {
            out.push(char::from(d));
        }
    };
    if exp < -4 || exp >= p as i32 {
        push_digits(out, &digits[..1]);
        if nd > 1 {
            out.push('.');
            push_digits(out, &digits[1..nd]);
        }
        let _ = write!(
            out,
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.unsigned_abs()
        );
    } else if exp >= 0 {
        let int_len = exp as usize + 1;
        if nd <= int_len {
            push_digits(out, &digits[..nd]);
            for _ in nd..int_len {
                out.push('0');
            }
        } else {
            push_digits(out, &digits[..int_len]);
            out.push('.');
            push_digits(out, &digits[int_len..nd]);
        }
    } else {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        push_digits(out, &digits[..nd]);
    }
}

// ---------------------------------------------------------------------------
// Temporal items
// ---------------------------------------------------------------------------

/// Years q can print; dates outside them print as zeros.
const YEARS: std::ops::RangeInclusive<i64> = 1..=9999;

fn write_date(out: &mut String, days: i64) {
    let (y, m, d) = calendar::ymd(days);
    if YEARS.contains(&y) {
        let _ = write!(out, "{y:04}.{m:02}.{d:02}");
    } else {
        out.push_str("0000.00.00");
    }
}

fn write_month(out: &mut String, months: i64) {
    let (y, m) = calendar::year_month(months);
    if YEARS.contains(&y) {
        let _ = write!(out, "{y:04}.{m:02}");
    } else {
        out.push_str("0000.00");
    }
}

/// `hh:mm:ss.nnnnnnnnn` of a non-negative count of nanoseconds within a day
/// (hours may exceed 23 for timespans).
fn write_clock_nanos(out: &mut String, ns: u64) {
    let secs = ns / 1_000_000_000;
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}.{:09}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        ns % 1_000_000_000
    );
}

fn write_timestamp(out: &mut String, ns: i64) {
    write_date(out, ns.div_euclid(NANOS_PER_DAY));
    out.push('D');
    write_clock_nanos(out, ns.rem_euclid(NANOS_PER_DAY) as u64);
}

fn write_timespan(out: &mut String, ns: i64) {
    if ns < 0 {
        out.push('-');
    }
    let a = ns.unsigned_abs();
    let day = NANOS_PER_DAY as u64;
    let _ = write!(out, "{}D", a / day);
    write_clock_nanos(out, a % day);
}

fn write_datetime(out: &mut String, days: f64) {
    const OUT_OF_RANGE: &str = "0000.00.00T00:00:00.000";
    // Milliseconds, rounded half up like q. Bounds keep the i64 conversion
    // exact and the year within 1..9999.
    let ms = (days * MILLIS_PER_DAY as f64 + 0.5).floor();
    if !(-1.0e15..=1.0e15).contains(&ms) {
        out.push_str(OUT_OF_RANGE);
        return;
    }
    let ms = ms as i64;
    let day = ms.div_euclid(MILLIS_PER_DAY);
    if !YEARS.contains(&calendar::ymd(day).0) {
        out.push_str(OUT_OF_RANGE);
        return;
    }
    write_date(out, day);
    out.push('T');
    let t = ms.rem_euclid(MILLIS_PER_DAY);
    write_hms_millis(out, t as u64);
}

fn write_hms_millis(out: &mut String, ms: u64) {
    let secs = ms / 1000;
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}.{:03}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        ms % 1000
    );
}

fn write_minute(out: &mut String, m: i32) {
    if m < 0 {
        out.push('-');
    }
    let a = m.unsigned_abs();
    let _ = write!(out, "{:02}:{:02}", a / 60, a % 60);
}

fn write_second(out: &mut String, s: i32) {
    if s < 0 {
        out.push('-');
    }
    let a = s.unsigned_abs();
    let _ = write!(out, "{:02}:{:02}:{:02}", a / 3600, a / 60 % 60, a % 60);
}

fn write_time(out: &mut String, ms: i32) {
    if ms < 0 {
        out.push('-');
    }
    write_hms_millis(out, u64::from(ms.unsigned_abs()));
}

fn write_guid(out: &mut String, g: &[u8; 16]) {
    for (i, b) in g.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        let _ = write!(out, "{b:02x}");
    }
}

/// Appends symbol text (bytes, UTF-8 by convention) without quoting.
fn write_sym_text(out: &mut String, s: &[u8]) {
    match std::str::from_utf8(s) {
        Ok(t) => out.push_str(t),
        Err(_) => out.push_str(&String::from_utf8_lossy(s)),
    }
}

/// How an integral item compares with its type's special values.
enum Special {
    Null,
    Inf,
    NegInf,
    Value,
}

fn classify_i64(x: i64) -> Special {
    match x {
        NULL_LONG => Special::Null,
        INF_LONG => Special::Inf,
        x if x == -INF_LONG => Special::NegInf,
        _ => Special::Value,
    }
}

fn classify_i32(x: i32) -> Special {
    match x {
        NULL_INT => Special::Null,
        INF_INT => Special::Inf,
        x if x == -INF_INT => Special::NegInf,
        _ => Special::Value,
    }
}

fn classify_i16(x: i16) -> Special {
    match x {
        NULL_SHORT => Special::Null,
        INF_SHORT => Special::Inf,
        x if x == -INF_SHORT => Special::NegInf,
        _ => Special::Value,
    }
}

fn classify_f64(x: f64) -> Special {
    if x.is_nan() {
        Special::Null
    } else if x == f64::INFINITY {
        Special::Inf
    } else if x == f64::NEG_INFINITY {
        Special::NegInf
    } else {
        Special::Value
    }
}

fn classify(s: &Scalar) -> Special {
    match s {
        Scalar::I16(x) => classify_i16(*x),
        Scalar::I32(x) => classify_i32(*x),
        Scalar::I64(x) => classify_i64(*x),
        Scalar::F32(x) => classify_f64(f64::from(*x)),
        Scalar::F64(x) => classify_f64(*x),
        _ => Special::Value,
    }
}

/// Appends the ordinary (non-null, finite) text of a numeric or temporal item.
fn write_plain(out: &mut String, t: Type, s: &Scalar, precision: usize) {
    match (t, s) {
        (Type::Timestamp, Scalar::I64(x)) => write_timestamp(out, *x),
        (Type::Timespan, Scalar::I64(x)) => write_timespan(out, *x),
        (Type::Month, Scalar::I32(x)) => write_month(out, i64::from(*x)),
        (Type::Date, Scalar::I32(x)) => write_date(out, i64::from(*x)),
        (Type::Minute, Scalar::I32(x)) => write_minute(out, *x),
        (Type::Second, Scalar::I32(x)) => write_second(out, *x),
        (Type::Time, Scalar::I32(x)) => write_time(out, *x),
        (Type::Datetime, Scalar::F64(x)) => write_datetime(out, *x),
        (_, Scalar::I16(x)) => {
            let _ = write!(out, "{x}");
        }
        (_, Scalar::I32(x)) => {
            let _ = write!(out, "{x}");
        }
        (_, Scalar::I64(x)) => {
            let _ = write!(out, "{x}");
        }
        (_, Scalar::F32(x)) => write_float_g(out, f64::from(*x), precision),
        (_, Scalar::F64(x)) => write_float_g(out, *x, precision),
        (_, Scalar::U8(x)) => {
            let _ = write!(out, "{x}");
        }
        (_, Scalar::Guid(g)) => write_guid(out, g),
        (_, Scalar::Sym(s)) => write_sym_text(out, s),
    }
}

/// Whether infinities of this type are spelled with a lower-case `w`
/// (the floating-point types) rather than `W`.
fn float_based(t: Type) -> bool {
    matches!(t, Type::Real | Type::Float | Type::Datetime)
}

// ---------------------------------------------------------------------------
// `string`: the cell form of an atom
// ---------------------------------------------------------------------------

/// Appends q's `string` of an atom: no type suffix, no quotes or backticks,
/// nulls empty, infinities `0W -0W` (`0w -0w` for floating types).
pub fn write_atom_string(out: &mut String, t: Type, s: &Scalar, precision: usize) {
    match (t, s) {
        (Type::Boolean, Scalar::U8(b)) => out.push(if *b != 0 { '1' } else { '0' }),
        (Type::Byte, Scalar::U8(b)) => {
            let _ = write!(out, "{b:02x}");
        }
        (Type::Char, Scalar::U8(c)) => out.push(byte_char(*c)),
        (_, Scalar::Sym(s)) => write_sym_text(out, s),
        (_, Scalar::Guid(g)) => write_guid(out, g),
        _ => match classify(s) {
            Special::Null => {}
            Special::Inf => out.push_str(if float_based(t) { "0w" } else { "0W" }),
            Special::NegInf => out.push_str(if float_based(t) { "-0w" } else { "-0W" }),
            Special::Value => write_plain(out, t, s, precision),
        },
    }
}

/// q's `string` of an atom, e.g. `"1.5"` for `1.5e` and `""` for `0N`.
pub fn atom_string(t: Type, s: &Scalar, precision: usize) -> String {
    let mut out = String::new();
    write_atom_string(&mut out, t, s, precision);
    out
}

/// A single byte as a char; bytes outside ASCII are not text on their own.
fn byte_char(c: u8) -> char {
    if c.is_ascii() {
        char::from(c)
    } else {
        char::REPLACEMENT_CHARACTER
    }
}

// ---------------------------------------------------------------------------
// `-3!`: the one-line form
// ---------------------------------------------------------------------------

/// The one-line `-3!` text of any value, e.g. `1 2 3h`, `,"a"`,
/// `` `a`b!1 2 ``, `+`a`b!(1 2;3 4)`, `{x+y}[1]`.
pub fn one_line(x: &K, precision: usize) -> String {
    let mut out = String::new();
    write_one_line(&mut out, x, precision, usize::MAX);
    out
}

/// Appends the `-3!` text of `x`, stopping soon after more than `max_len`
/// bytes have been appended.
///
/// Text past `max_len` is incomplete: callers that cut lines to a console
/// width pass the width and keep only what fits, so huge values cost only
/// the part that is shown.
pub fn write_one_line(out: &mut String, x: &K, precision: usize, max_len: usize) {
    let mut w = OneLine {
        out,
        stop: 0,
        precision,
    };
    w.stop = w.out.len().saturating_add(max_len);
    w.value(x);
}

/// The `-3!` writer: output buffer, the length after which to stop, and `\P`.
struct OneLine<'a> {
    out: &'a mut String,
    stop: usize,
    precision: usize,
}

impl OneLine<'_> {
    fn full(&self) -> bool {
        self.out.len() > self.stop
    }

    fn value(&mut self, x: &K) {
        if !super::depth::room() {
            return;
        }
        match x {
            K::Atom(t, s) => self.atom(*t, s),
            K::Vector(v) => self.vector(v),
            K::List(l) => self.list(l),
            K::Dict(d) => self.dict(d),
            K::Table(t) => self.table(t),
            K::Func(f) => self.func(f),
            K::Nil => self.out.push_str("::"),
            K::Error(msg) => {
                self.out.push('\'');
                write_sym_text(self.out, msg);
            }
            K::Enum(e) => self.enumeration(e),
        }
    }

    fn attr(&mut self, a: Attr) {
        if let Some(c) = a.letter() {
            self.out.push('`');
            self.out.push(c);
            self.out.push('#');
        }
    }

    /// An atom: its item text plus the type's suffix.
    fn atom(&mut self, t: Type, s: &Scalar) {
        match (t, s) {
            (Type::Boolean, Scalar::U8(b)) => {
                self.out.push_str(if *b != 0 { "1b" } else { "0b" });
            }
            (Type::Byte, Scalar::U8(b)) => {
                let _ = write!(self.out, "0x{b:02x}");
            }
            (Type::Char, Scalar::U8(c)) => {
                self.out.push('"');
                write_escaped(self.out, std::slice::from_ref(c));
                self.out.push('"');
            }
            (_, Scalar::Sym(s)) => {
                self.out.push('`');
                write_sym_text(self.out, s);
            }
            (_, Scalar::Guid(g)) => write_guid(self.out, g),
            _ => {
                let start = self.out.len();
                self.item(t, s);
                self.suffix(t, start);
            }
        }
    }

    /// The text of one numeric or temporal item inside a vector (or an atom
    /// before its suffix).
    fn item(&mut self, t: Type, s: &Scalar) {
        let special = classify(s);
        let letter = char::from(t.letter());
        // Types whose vectors carry no suffix spell their own nulls in full.
        let own_letter = matches!(
            t,
            Type::Timestamp
                | Type::Date
                | Type::Datetime
                | Type::Timespan
                | Type::Minute
                | Type::Second
                | Type::Time
        );
        match special {
            Special::Value => write_plain(self.out, t, s, self.precision),
            Special::Null => {
                self.out
                    .push_str(if t == Type::Float { "0n" } else { "0N" });
                if own_letter {
                    self.out.push(letter);
                }
            }
            Special::Inf | Special::NegInf => {
                if matches!(special, Special::NegInf) {
                    self.out.push('-');
                }
                self.out.push_str(if float_based(t) { "0w" } else { "0W" });
                if own_letter {
                    self.out.push(letter);
                }
            }
        }
    }

    /// The type suffix after the items written since `start`.
    fn suffix(&mut self, t: Type, start: usize) {
        match t {
            Type::Short => self.out.push('h'),
            Type::Int => self.out.push('i'),
            Type::Real => self.out.push('e'),
            Type::Month => self.out.push('m'),
            Type::Float => {
                let written = &self.out.as_bytes()[start..];
                if !written
                    .iter()
                    .any(|c| matches!(c, b'.' | b'e' | b'n' | b'w'))
                {
                    self.out.push('f');
                }
            }
            _ => {}
        }
    }

    fn vector(&mut self, v: &Vector) {
        self.attr(v.attr);
        self.vector_items(v.ty, &v.data);
    }

    fn vector_items(&mut self, t: Type, data: &Data) {
        let n = data.len();
        if n == 0 {
            if t == Type::Char {
                self.out.push_str("\"\"");
            } else {
                let _ = write!(self.out, "`{}$()", t.name());
            }
            return;
        }
        if n == 1 {
            self.out.push(',');
        }
        match (t, data) {
            (Type::Char, Data::U8(bytes)) => {
                self.out.push('"');
                // Escape in chunks so a huge string stops early.
                for chunk in bytes.chunks(256) {
                    write_escaped(self.out, chunk);
                    if self.full() {
                        return;
                    }
                }
                self.out.push('"');
            }
            (Type::Byte, Data::U8(bytes)) => {
                self.out.push_str("0x");
                for b in bytes {
                    let _ = write!(self.out, "{b:02x}");
                    if self.full() {
                        return;
                    }
                }
            }
            (Type::Boolean, Data::U8(bits)) => {
                for b in bits {
                    self.out.push(if *b != 0 { '1' } else { '0' });
                    if self.full() {
                        return;
                    }
                }
                self.out.push('b');
            }
            (_, Data::Sym(syms)) => self.sym_items(syms),
            (_, Data::Guid(gs)) => {
                for (i, g) in gs.iter().enumerate() {
                    if i > 0 {
                        self.out.push(' ');
                    }
                    write_guid(self.out, g);
                    if self.full() {
                        return;
                    }
                }
            }
            _ => {
                let start = self.out.len();
                for i in 0..n {
                    if i > 0 {
                        self.out.push(' ');
                    }
                    self.item(t, &data.get(i));
                    if self.full() {
                        return;
                    }
                }
                self.suffix(t, start);
            }
        }
    }

    fn sym_items(&mut self, syms: &SymVec) {
        for s in syms.iter() {
            self.out.push('`');
            write_sym_text(self.out, s);
            if self.full() {
                return;
            }
        }
    }

    fn list(&mut self, l: &List) {
        self.attr(l.attr);
        self.list_items(&l.items);
    }

    fn list_items(&mut self, items: &[K]) {
        match items {
            [] => self.out.push_str("()"),
            [only] => {
                self.out.push(',');
                self.value(only);
            }
            _ => {
                self.out.push('(');
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(';');
                    }
                    self.value(x);
                    if self.full() {
                        return;
                    }
                }
                self.out.push(')');
            }
        }
    }

    fn dict(&mut self, d: &Dict) {
        if d.sorted {
            self.out.push_str("`s#");
        }
        let parens = key_needs_parens(&d.keys, d.sorted);
        if parens {
            self.out.push('(');
        }
        match (&d.keys, d.sorted) {
            // The dictionary's own `s#` already says the keys are sorted.
            (K::Vector(v), true) => self.vector_items(v.ty, &v.data),
            (keys, _) => self.value(keys),
        }
        if self.full() {
            return;
        }
        if parens {
            self.out.push(')');
        }
        self.out.push('!');
        self.value(&d.values);
    }

    fn table(&mut self, t: &Table) {
        self.attr(t.attr);
        self.out.push('+');
        let single = t.names.len() == 1;
        if single {
            self.out.push('(');
        }
        if t.names.is_empty() {
            self.out.push_str("`symbol$()");
        } else {
            if single {
                self.out.push(',');
            }
            self.sym_items(&t.names);
        }
        if single {
            self.out.push(')');
        }
        self.out.push('!');
        self.list_items(&t.cols);
    }

    fn enumeration(&mut self, e: &Enumeration) {
        if let Some(keys) = e.key_values() {
            // A foreign key on values other than symbols: `` `kt$1002 1001 ``.
            self.attr(e.attr);
            self.out.push('`');
            write_sym_text(self.out, &e.domain);
            self.out.push('$');
            self.value(&keys);
            return;
        }
        if e.link {
            // A link shows its rows: `` `t!0 1 ``.
            self.attr(e.attr);
            self.out.push('`');
            write_sym_text(self.out, &e.domain);
            self.out.push('!');
            self.value(&e.positions());
            return;
        }
        self.attr(e.attr);
        self.out.push('`');
        write_sym_text(self.out, &e.domain);
        self.out.push('$');
        if e.atom {
            self.out.push('`');
            if !e.values.is_empty() {
                write_sym_text(self.out, e.values.get(0));
            }
        } else {
            // As q shows it: `` `p#`sym$`p#`a`a`b ``.
            self.attr(e.attr);
            match e.values.len() {
                0 => self.out.push_str("()"),
                1 => self.out.push(','),
                _ => {}
            }
            self.sym_items(&e.values);
        }
    }

    fn func(&mut self, f: &Func) {
        match f {
            Func::Lambda(l) => self.out.push_str(&l.src),
            Func::Unary(code) => write_unary(self.out, *code),
            Func::Binary(code) => write_binary(self.out, *code),
            Func::Iterator(code) => write_iterator(self.out, *code),
            Func::Projection(parts) => {
                let Some((head, args)) = parts.split_first() else {
                    return;
                };
                self.value(head);
                self.out.push('[');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        self.out.push(';');
                    }
                    if !a.is_elided() {
                        self.value(a);
                    }
                    if self.full() {
                        return;
                    }
                }
                self.out.push(']');
            }
            Func::Composition(parts) if negated_comparison(parts).is_some() => {
                self.out
                    .push_str(negated_comparison(parts).unwrap_or_default());
            }
            Func::Composition(parts) => {
                for p in parts {
                    self.value(p);
                }
            }
            Func::Derived(adverb, g) => {
                self.value(g);
                self.out.push_str(adverb.glyph());
            }
        }
    }
}

/// How a composition of `not` with a comparison shows: q defines `<>` as
/// `~=` (not equal), `<=` as `~>` (not greater) and `>=` as `~<`, and shows
/// them so (array.md: `(<=;>=)` prints as `(~>;~<)`).
fn negated_comparison(parts: &[K]) -> Option<&'static str> {
    let [K::Func(f), K::Func(g)] = parts else {
        return None;
    };
    match (&**f, &**g) {
        (Func::Unary(15), Func::Binary(8)) => Some("~="),
        (Func::Unary(15), Func::Binary(10)) => Some("~>"),
        (Func::Unary(15), Func::Binary(9)) => Some("~<"),
        _ => None,
    }
}

/// Whether dictionary keys need parentheses to read back as the left
/// argument of `!`: anything but a plain list of two or more items (or `()`).
/// The keys of a sorted dictionary print without their own `s#`.
fn key_needs_parens(keys: &K, sorted: bool) -> bool {
    match keys {
        K::Vector(v) => v.len() < 2 || (v.attr != Attr::None && !sorted),
        K::List(l) => l.items.len() == 1 || l.attr != Attr::None,
        // `` `c!1 2 3 ``, as q for mortals §5 shows it.
        K::Atom(..) => false,
        _ => true,
    }
}

/// Appends string bytes with q's escapes: `\n \r \t \" \\`, other bytes
/// outside printable ASCII as three octal digits.
fn write_escaped(out: &mut String, bytes: &[u8]) {
    for &c in bytes {
        match c {
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(char::from(c)),
            _ => {
                let _ = write!(out, "\\{c:03o}");
            }
        }
    }
}

/// Glyphs of the binary primitives by code, then the keyword operators.
const BINARY_NAMES: [&str; 37] = [
    ":", "+", "-", "*", "%", "&", "|", "^", "=", "<", ">", "$", ",", "#", "_", "~", "!", "?", "@",
    ".", "0:", "1:", "2:", "in", "within", "like", "bin", "ss", "insert", "wsum", "wavg", "div",
    "xexp", "setenv", "binr", "cov", "cor",
];

/// Unary primitives by code: glyphs with `:`, then keywords.
const UNARY_NAMES: [&str; 43] = [
    "::", "+:", "-:", "*:", "%:", "&:", "|:", "^:", "=:", "<:", ">:", "$:", ",:", "#:", "_:", "~:",
    "!:", "?:", "@:", ".:", "0::", "1::", "2::", "avg", "last", "sum", "prd", "min", "max", "exit",
    "getenv", "abs", "sqrt", "log", "exp", "sin", "asin", "cos", "acos", "tan", "atan", "enlist",
    "var",
];

fn write_unary(out: &mut String, code: u8) {
    match UNARY_NAMES.get(usize::from(code)) {
        Some(name) => out.push_str(name),
        // The elided-argument marker prints as the generic null, as in
        // the parse tree of `f[;y]`; a projection's display leaves it out.
        None if code == super::ELIDED => out.push_str("::"),
        None => {
            let _ = write!(out, "(101h;{code})");
        }
    }
}

fn write_binary(out: &mut String, code: u8) {
    match BINARY_NAMES.get(usize::from(code)) {
        Some(name) => out.push_str(name),
        None => {
            let _ = write!(out, "(102h;{code})");
        }
    }
}

fn write_iterator(out: &mut String, code: u8) {
    match super::Adverb::from_code(code) {
        Some(a) => out.push_str(a.glyph()),
        None => {
            let _ = write!(out, "(103h;{code})");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::{Adverb, Enumeration, Lambda, Sym, null_float, null_real};
    use std::rc::Rc;

    fn q(x: &K) -> String {
        one_line(x, DEFAULT_PRECISION)
    }

    fn g(x: f64, p: usize) -> String {
        let mut s = String::new();
        write_float_g(&mut s, x, p);
        s
    }

    #[test]
    fn float_g_matches_c_printf() {
        // Reference values from C's printf("%.7g") and "%.17g".
        assert_eq!(g(1.0 / 7.0, 7), "0.1428571");
        assert_eq!(g(123456789.0, 7), "1.234568e+08");
        assert_eq!(g(i64::MAX as f64, 7), "9.223372e+18");
        assert_eq!(g(1e-8, 7), "1e-08");
        assert_eq!(g(1e-256, 7), "1e-256");
        assert_eq!(g(300000.0, 7), "300000");
        assert_eq!(g(1000000.0, 7), "1000000");
        assert_eq!(g(10000000.0, 7), "1e+07");
        assert_eq!(g(0.0001, 7), "0.0001");
        assert_eq!(g(0.00001234, 7), "1.234e-05");
        assert_eq!(g(3e11, 7), "3e+11");
        assert_eq!(g(0.5f64.ln(), 7), "-0.6931472");
        assert_eq!(g(1.0 / 3.0, 0), "0.33333333333333331");
        assert_eq!(g(0.045, 0), "0.044999999999999998");
        assert_eq!(g(96.1, 0), "96.099999999999994");
        assert_eq!(g(1.0 / 3.0, 3), "0.333");
        assert_eq!(g(1.0 / 3.0, 10), "0.3333333333");
        assert_eq!(g(0.0, 7), "0");
        assert_eq!(g(-0.0, 7), "-0");
        assert_eq!(g(1184.1, 7), "1184.1");
        assert_eq!(g(0.125, 2), "0.12");
        assert_eq!(g(2.5, 1), "2");
        assert_eq!(g(99999995.0, 7), "1e+08");
        assert_eq!(g(5e-324, 0), "4.9406564584124654e-324");
    }

    /// C's own `%.*g`, the reference q's float text follows.
    fn c_printf_g(x: f64, p: usize) -> String {
        let mut buf = [0u8; 64];
        let fmt = c"%.*g";
        // SAFETY: the buffer is large enough for any %.17g output and
        // snprintf never writes past the size it is given.
        let n = unsafe {
            libc::snprintf(
                buf.as_mut_ptr().cast(),
                buf.len(),
                fmt.as_ptr(),
                p as libc::c_int,
                x,
            )
        };
        String::from_utf8_lossy(&buf[..n as usize]).into_owned()
    }

    proptest::proptest! {
        #[test]
        fn float_g_agrees_with_libc(bits in proptest::num::u64::ANY, p in 1usize..=17) {
            let x = f64::from_bits(bits);
            proptest::prop_assume!(x.is_finite());
            proptest::prop_assert_eq!(g(x, p), c_printf_g(x, p));
        }

        #[test]
        fn float_g_agrees_with_libc_on_plain_values(x in -1e9f64..1e9, p in 1usize..=17) {
            proptest::prop_assert_eq!(g(x, p), c_printf_g(x, p));
        }
    }

    #[test]
    fn atoms_one_line() {
        assert_eq!(q(&K::byte(0xff)), "0xff"); // 0b sv 8#1b
        assert_eq!(q(&K::int(-1)), "-1i"); // 0b sv 32#1b
        assert_eq!(q(&K::long(-1)), "-1"); // 0b sv 64#1b
        assert_eq!(q(&K::short(1)), "1h");
        assert_eq!(q(&K::real(1.0)), "1e");
        assert_eq!(q(&K::real(1.5)), "1.5e");
        assert_eq!(q(&K::float(2.0)), "2f"); // avg 1 2 3
        assert_eq!(q(&K::float(-1.0)), "-1f");
        assert_eq!(q(&K::float(0.1)), "0.1");
        assert_eq!(q(&K::float(123456789.0)), "1.234568e+08");
        assert_eq!(q(&K::float(1e7)), "1e+07"); // 10000000f
        assert_eq!(q(&K::bool(true)), "1b");
        assert_eq!(q(&K::bool(false)), "0b");
        assert_eq!(q(&K::char(b'a')), "\"a\"");
        assert_eq!(q(&K::char(b'\n')), "\"\\n\"");
        assert_eq!(q(&K::sym("abc")), "`abc");
        assert_eq!(q(&K::sym("")), "`");
        assert_eq!(q(&K::sym(":c:/q/test.txt")), "`:c:/q/test.txt");
        assert_eq!(q(&K::sym("hello world")), "`hello world");
        let g = [
            0x8c, 0x68, 0x0a, 0x01, 0x5a, 0x49, 0x5a, 0xab, 0x5a, 0x65, 0xd4, 0xbf, 0xdd, 0xb6,
            0xa6, 0x61,
        ];
        assert_eq!(q(&K::guid(g)), "8c680a01-5a49-5aab-5a65-d4bfddb6a661");
        assert_eq!(
            q(&K::null(Type::Guid)),
            "00000000-0000-0000-0000-000000000000"
        );
    }

    #[test]
    fn nulls_and_infinities_per_type() {
        let cases: [(K, &str); 30] = [
            (K::null(Type::Short), "0Nh"),
            (K::short(INF_SHORT), "0Wh"),
            (K::short(-INF_SHORT), "-0Wh"),
            (K::null(Type::Int), "0Ni"),
            (K::int(INF_INT), "0Wi"),
            (K::null(Type::Long), "0N"),
            (K::long(INF_LONG), "0W"),
            (K::long(-INF_LONG), "-0W"),
            (K::real(null_real()), "0Ne"),
            (K::real(f32::INFINITY), "0we"),
            (K::float(null_float()), "0n"),
            (K::float(f64::INFINITY), "0w"),
            (K::float(f64::NEG_INFINITY), "-0w"),
            (K::char(b' '), "\" \""),
            (K::null(Type::Timestamp), "0Np"),
            (K::timestamp(INF_LONG), "0Wp"),
            (K::timestamp(-INF_LONG), "-0Wp"),
            (K::null(Type::Month), "0Nm"),
            (K::atom_i32(Type::Month, INF_INT), "0Wm"),
            (K::null(Type::Date), "0Nd"),
            (K::date(INF_INT), "0Wd"),
            (K::date(-INF_INT), "-0Wd"),
            (K::null(Type::Datetime), "0Nz"),
            (K::Atom(Type::Datetime, Scalar::F64(f64::INFINITY)), "0wz"),
            (K::null(Type::Timespan), "0Nn"),
            (K::timespan(INF_LONG), "0Wn"),
            (K::null(Type::Minute), "0Nu"),
            (K::null(Type::Second), "0Nv"),
            (K::null(Type::Time), "0Nt"),
            (K::atom_i32(Type::Time, INF_INT), "0Wt"),
        ];
        for (x, want) in cases {
            assert_eq!(q(&x), want, "{x:?}");
        }
    }

    #[test]
    fn temporal_atoms() {
        // 2000.11.22 + 03:44:55.666
        let ns = (326 * 86_400_000 + 13_495_666) * 1_000_000;
        assert_eq!(q(&K::timestamp(ns)), "2000.11.22D03:44:55.666000000");
        // 2000.11.22 - 03:44:55.666
        let ns = (326 * 86_400_000 - 13_495_666) * 1_000_000;
        assert_eq!(q(&K::timestamp(ns)), "2000.11.21D20:15:04.334000000");
        assert_eq!(q(&K::date(366)), "2001.01.01");
        assert_eq!(q(&K::date(365)), "2000.12.31"); // abs 1999.01.01
        assert_eq!(q(&K::atom_i32(Type::Month, 12)), "2001.01m");
        assert_eq!(q(&K::atom_i32(Type::Minute, 750)), "12:30");
        assert_eq!(q(&K::atom_i32(Type::Second, 43500)), "12:05:00");
        assert_eq!(q(&K::atom_i32(Type::Time, 45_296_789)), "12:34:56.789"); // "T"$"123456789"
        assert_eq!(q(&K::atom_i32(Type::Time, -1)), "-00:00:00.001");
        assert_eq!(q(&K::timespan(0)), "0D00:00:00.000000000");
        assert_eq!(q(&K::timespan(20_217_600_000_000)), "0D05:36:57.600000000");
        assert_eq!(q(&K::timespan(-1_000_000_000)), "-0D00:00:01.000000000");
        // 2000.01.04T05:36:57.600 is 3.234 days.
        assert_eq!(
            q(&K::Atom(Type::Datetime, Scalar::F64(3.234))),
            "2000.01.04T05:36:57.600"
        );
        assert_eq!(
            q(&K::Atom(Type::Datetime, Scalar::F64(0.0))),
            "2000.01.01T00:00:00.000"
        );
    }

    #[test]
    fn out_of_range_temporals_print_zeros() {
        // 0001.01.01-1
        let d = calendar::days(1, 1, 1) - 1;
        assert_eq!(q(&K::date(d as i32)), "0000.00.00");
        assert_eq!(
            q(&K::Atom(Type::Datetime, Scalar::F64(-1e9))),
            "0000.00.00T00:00:00.000"
        );
        assert_eq!(
            q(&K::date(calendar::days(9999, 12, 31) as i32)),
            "9999.12.31"
        );
    }

    #[test]
    fn extreme_timespans() {
        // 0p+ -0W 0Wp+1 -1: timespans one away from the infinities.
        let v = K::vector(Type::Timespan, Data::I64(vec![-INF_LONG + 1, INF_LONG - 1]));
        assert_eq!(
            q(&v),
            "-106751D23:47:16.854775806 106751D23:47:16.854775806"
        );
    }

    #[test]
    fn vectors_and_suffixes() {
        assert_eq!(q(&K::shorts(vec![1, 2, 3])), "1 2 3h");
        assert_eq!(q(&K::longs(vec![1, 2, 3])), "1 2 3");
        assert_eq!(q(&K::reals(vec![1.0, 2.0, 3.0])), "1 2 3e");
        assert_eq!(q(&K::floats(vec![1.0, 2.0, 3.0])), "1 2 3f");
        assert_eq!(q(&K::floats(vec![1.5, 2.0, 3.0])), "1.5 2 3");
        assert_eq!(q(&K::floats(vec![8.0, 8.0])), "8 8f"); // sum each flip(0n 8;8 0n)
        assert_eq!(q(&K::floats(vec![null_float(), 3.0])), "0n 3"); // avg (1 2;0N 4)
        assert_eq!(q(&K::floats(vec![null_float(), null_float()])), "0n 0n");
        // reciprocal 0 0w 0n 3 10
        assert_eq!(
            q(&K::floats(vec![
                f64::INFINITY,
                0.0,
                null_float(),
                1.0 / 3.0,
                0.1
            ])),
            "0w 0 0n 0.3333333 0.1"
        );
        // exp 00:00:00 00:00:12 12:00:00
        assert_eq!(
            q(&K::floats(vec![1.0, 162754.791419, f64::INFINITY])),
            "1 162754.8 0w"
        );
        assert_eq!(q(&K::bools(vec![false, true, false, false])), "0100b"); // not -1 0 1 2
        assert_eq!(q(&K::bytes(vec![3, 4, 5])), "0x030405");
        assert_eq!(q(&K::string("ibm")), "\"ibm\"");
        assert_eq!(q(&K::ints(vec![0, -1, 0, 0, -1])), "0 -1 0 0 -1i"); // neg 01001b
        assert_eq!(q(&K::sym_list(["a", "b", "c"])), "`a`b`c");
        // d `sheep`snake`cat`ant
        assert_eq!(
            q(&K::sym_list(["mouton", "", "chat", ""])),
            "`mouton``chat`"
        );
        assert_eq!(
            q(&K::longs(vec![NULL_LONG, 2, 3, 3, 3, 7, 7])),
            "0N 2 3 3 3 7 7"
        );
        assert_eq!(
            q(&K::longs(vec![
                NULL_LONG, NULL_LONG, NULL_LONG, -3, -INF_LONG, -INF_LONG
            ])),
            "0N 0N 0N -3 -0W -0W"
        );
        assert_eq!(
            q(&K::vector(Type::Month, Data::I32(vec![0, 215, 430]))),
            "2000.01 2017.12 2035.11m"
        );
        assert_eq!(
            q(&K::vector(Type::Minute, Data::I32(vec![750, 780]))),
            "12:30 13:00"
        );
        assert_eq!(
            q(&K::vector(Type::Date, Data::I32(vec![0, NULL_INT]))),
            "2000.01.01 0Nd"
        );
        assert_eq!(q(&K::ints(vec![1, NULL_INT, 3])), "1 0N 3i");
        assert_eq!(
            q(&K::reals(vec![1.0, null_real(), f32::INFINITY])),
            "1 0N 0we"
        );
    }

    #[test]
    fn float_vectors_follow_precision() {
        let v = K::floats(vec![1.0 / 3.0, 2.0]);
        assert_eq!(one_line(&v, 3), "0.333 2");
        assert_eq!(one_line(&v, 0), "0.33333333333333331 2");
        // \P 0: distinct a,b with a:1f, b:a-10 xexp -13
        let v = K::floats(vec![1.0, 1.0 - 1e-13]);
        assert_eq!(one_line(&v, 0), "1 0.99999999999989997");
    }

    #[test]
    fn singletons_and_empties() {
        assert_eq!(q(&K::longs(vec![3])), ",3"); // enlist 3
        assert_eq!(q(&K::string("a")), ",\"a\"");
        assert_eq!(q(&K::sym_list(["a"])), ",`a");
        assert_eq!(q(&K::bytes(vec![1])), ",0x01");
        assert_eq!(q(&K::shorts(vec![1])), ",1h");
        assert_eq!(q(&K::list(vec![K::longs(vec![1])])), ",,1");
        assert_eq!(q(&K::empty(Type::Long)), "`long$()");
        assert_eq!(q(&K::empty(Type::Symbol)), "`symbol$()");
        assert_eq!(q(&K::empty(Type::Float)), "`float$()");
        assert_eq!(q(&K::empty(Type::Boolean)), "`boolean$()"); // 0#1b
        assert_eq!(q(&K::empty(Type::Char)), "\"\"");
        assert_eq!(q(&K::list(vec![])), "()");
    }

    #[test]
    fn strings_are_escaped() {
        // {(x;count x)}"Zürich"
        assert_eq!(q(&K::string("Zürich")), "\"Z\\303\\274rich\"");
        assert_eq!(q(&K::string("日本")), "\"\\346\\227\\245\\346\\234\\254\"");
        assert_eq!(
            q(&K::string("a\"b\\c\td\r\n\x01")),
            "\"a\\\"b\\\\c\\td\\r\\n\\001\""
        );
    }

    #[test]
    fn general_lists() {
        let l = K::list(vec![K::long(1), K::sym("a"), K::char(b'b')]);
        assert_eq!(q(&l), "(1;`a;\"b\")");
        let nested = K::list(vec![K::sym("f"), K::list(vec![K::sym("f"), K::long(1)])]);
        assert_eq!(q(&nested), "(`f;(`f;1))");
        // {x cross x}til 3 printed by 0N!
        let pairs: Vec<K> = (0..3)
            .flat_map(|a| (0..3).map(move |b| K::longs(vec![a, b])))
            .collect();
        assert_eq!(q(&K::list(pairs)), "(0 0;0 1;0 2;1 0;1 1;1 2;2 0;2 1;2 2)");
        assert_eq!(q(&K::list(vec![K::long(1), K::Nil])), "(1;::)");
        assert_eq!(q(&K::list(vec![K::Nil])), ",::");
        // lower("THE";("Quick";"Brown");"FOX") item 1
        let l = K::list(vec![K::string("quick"), K::string("brown")]);
        assert_eq!(q(&l), "(\"quick\";\"brown\")");
    }

    #[test]
    fn dicts_and_tables() {
        let d = K::dict(K::sym_list(["a", "b"]), K::longs(vec![1, 2]));
        assert_eq!(q(&d), "`a`b!1 2");
        let d = K::dict(K::sym_list(["b"]), K::sym_list(["test"]));
        assert_eq!(q(&d), "(,`b)!,`test");
        let t = K::table(
            ["a", "b"].into_iter().collect(),
            vec![K::longs(vec![1, 2]), K::longs(vec![3, 4])],
        );
        assert_eq!(q(&t), "+`a`b!(1 2;3 4)");
        let t1 = K::table(["a"].into_iter().collect(), vec![K::longs(vec![1, 2])]);
        assert_eq!(q(&t1), "+(,`a)!,1 2");
        let kt = K::dict(
            t1.clone(),
            K::table(["b"].into_iter().collect(), vec![K::longs(vec![3, 4])]),
        );
        assert_eq!(q(&kt), "(+(,`a)!,1 2)!+(,`b)!,3 4");
        assert_eq!(q(&K::dict(K::list(vec![]), K::list(vec![]))), "()!()");
        let sorted = K::Dict(Rc::new(Dict {
            sorted: true,
            keys: K::vector_attr(
                Type::Symbol,
                Attr::Sorted,
                Data::Sym(["a", "b"].into_iter().collect()),
            ),
            values: K::longs(vec![1, 2]),
        }));
        assert_eq!(q(&sorted), "`s#`a`b!1 2");
    }

    #[test]
    fn attributes_and_enumerations() {
        let v = K::vector_attr(Type::Long, Attr::Sorted, Data::I64(vec![1, 2, 3, 3]));
        assert_eq!(q(&v), "`s#1 2 3 3");
        let s = K::vector_attr(Type::Char, Attr::Sorted, Data::U8(b"aabb".to_vec()));
        assert_eq!(q(&s), "`s#\"aabb\"");
        let e = K::Enum(Rc::new(Enumeration {
            domain: Sym::from("e"),
            atom: false,
            attr: crate::k::Attr::None,
            indices: vec![0, 0, 2, 1],
            values: ["a", "a", "c", "b"].into_iter().collect(),
            link: false,
            keys: None,
        }));
        assert_eq!(q(&e), "`e$`a`a`c`b");
        let a = K::Enum(Rc::new(Enumeration {
            domain: Sym::from("sym"),
            atom: true,
            attr: crate::k::Attr::None,
            indices: vec![1],
            values: ["b"].into_iter().collect(),
            link: false,
            keys: None,
        }));
        assert_eq!(q(&a), "`sym$`b");
    }

    fn lambda(src: &str) -> K {
        K::func(Func::Lambda(Lambda::new(Sym::null(), src)))
    }

    #[test]
    fn functions() {
        assert_eq!(q(&lambda("{x+y}")), "{x+y}");
        assert_eq!(q(&K::func(Func::Binary(1))), "+");
        assert_eq!(q(&K::func(Func::Binary(0x1c))), "insert");
        assert_eq!(q(&K::func(Func::Binary(0x24))), "cor");
        assert_eq!(q(&K::func(Func::Unary(2))), "-:");
        assert_eq!(q(&K::func(Func::Unary(0x12))), "@:"); // type
        assert_eq!(q(&K::func(Func::Unary(0x1c))), "max");
        assert_eq!(q(&K::func(Func::Iterator(1))), "/");
        // {x+y}[1]
        let p = K::func(Func::Projection(vec![lambda("{x+y}"), K::long(1)]));
        assert_eq!(q(&p), "{x+y}[1]");
        // +[2]
        let p = K::func(Func::Projection(vec![K::func(Func::Binary(1)), K::long(2)]));
        assert_eq!(q(&p), "+[2]");
        // {x}[;2]
        let p = K::func(Func::Projection(vec![
            lambda("{x}"),
            K::elided(),
            K::long(2),
        ]));
        assert_eq!(q(&p), "{x}[;2]");
        // any: max composed with "b"$
        let cast_b = K::func(Func::Projection(vec![
            K::func(Func::Binary(0x0b)),
            K::char(b'b'),
        ]));
        let any = K::func(Func::Composition(vec![K::func(Func::Unary(0x1c)), cast_b]));
        assert_eq!(q(&any), "max$[\"b\"]");
        let derived = |a, f| K::func(Func::Derived(a, f));
        assert_eq!(q(&derived(Adverb::Over, K::func(Func::Binary(1)))), "+/");
        assert_eq!(q(&derived(Adverb::Over, K::func(Func::Binary(12)))), ",/");
        assert_eq!(
            q(&derived(Adverb::EachPrior, K::func(Func::Binary(2)))),
            "-':"
        );
        assert_eq!(q(&derived(Adverb::EachRight, lambda("{x}"))), "{x}/:");
        assert_eq!(q(&K::Nil), "::");
        assert_eq!(q(&K::Error(Sym::from("type"))), "'type");
    }

    #[test]
    fn cell_strings() {
        let s = |t, x| atom_string(t, &x, DEFAULT_PRECISION);
        assert_eq!(s(Type::Real, Scalar::F32(1.5)), "1.5");
        assert_eq!(s(Type::Float, Scalar::F64(2.0)), "2");
        assert_eq!(s(Type::Boolean, Scalar::U8(1)), "1");
        assert_eq!(s(Type::Month, Scalar::I32(0)), "2000.01");
        assert_eq!(s(Type::Byte, Scalar::U8(10)), "0a");
        assert_eq!(s(Type::Long, Scalar::I64(NULL_LONG)), "");
        assert_eq!(s(Type::Float, Scalar::F64(null_float())), "");
        assert_eq!(s(Type::Date, Scalar::I32(NULL_INT)), "");
        assert_eq!(s(Type::Symbol, Scalar::Sym(Sym::null())), "");
        assert_eq!(s(Type::Char, Scalar::U8(b' ')), " ");
        assert_eq!(s(Type::Long, Scalar::I64(INF_LONG)), "0W");
        assert_eq!(s(Type::Long, Scalar::I64(-INF_LONG)), "-0W");
        assert_eq!(s(Type::Float, Scalar::F64(f64::INFINITY)), "0w");
        assert_eq!(s(Type::Float, Scalar::F64(f64::NEG_INFINITY)), "-0w");
        assert_eq!(s(Type::Symbol, Scalar::Sym(Sym::from("ibm"))), "ibm");
        assert_eq!(s(Type::Time, Scalar::I32(32_586_000)), "09:03:06.000");
    }

    #[test]
    fn budget_stops_early_on_huge_vectors() {
        let v = K::longs((0..1_000_000).collect());
        let mut out = String::new();
        write_one_line(&mut out, &v, DEFAULT_PRECISION, 80);
        assert!(out.len() > 80 && out.len() < 100, "{}", out.len());
        assert!(out.starts_with("0 1 2 3 4 5 6 7 8 9 10"));
        let s = K::string(vec![b'x'; 1_000_000]);
        let mut out = String::new();
        write_one_line(&mut out, &s, DEFAULT_PRECISION, 80);
        assert!(out.len() < 1000);
    }
}
