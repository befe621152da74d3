//! `$`: casts between types, parsing strings (`"J"$"12"`), symbols from
//! strings, padding (`-9$"abc"`) and enumerations (`` `sym$`a`b ``).

use std::collections::HashMap;
use std::rc::Rc;

use crate::k::calendar::{self, NANOS_PER_DAY};
use crate::k::{
    Enumeration, K, NULL_LONG, QError, Scalar, Sym, SymVec, Type, is_null, null_float, qerr,
};

use super::KResult;
use super::hashing::Fast;
use super::list;
use super::verbs::{atomic1, float_to_long, long_to_float, pack_floats, pack_longs};

/// `x$y`. A symbol that names no type (`` `sym$`a`b ``) enumerates
/// against a variable, which `enumerate` looks up for the kernel.
pub fn dollar(x: K, y: K, enumerate: &mut dyn FnMut(&Sym, &K) -> KResult) -> KResult {
    crate::k::depth::check()?;
    match &x {
        K::Atom(Type::Symbol, Scalar::Sym(s)) => {
            if s.is_null() {
                return to_symbol(&y);
            }
            let name = s.to_str_lossy();
            if let Some(t) = Type::from_name(&name) {
                return cast_to(t, &y);
            }
            if let Some(part) = TimePart::from_name(&name) {
                return atomic1(&y, &|a| time_part(part, a));
            }
            enumerate(s, &y)
        }
        K::Atom(Type::Char, Scalar::U8(c)) => {
            if *c == b'*' {
                return Ok(y);
            }
            if c.is_ascii_uppercase() {
                let t = Type::from_letter(c.to_ascii_lowercase()).ok_or_else(|| qerr("type"))?;
                return parse_strings(t, &y);
            }
            if *c == b's' {
                return to_symbol(&y);
            }
            let t = Type::from_letter(*c).ok_or_else(|| qerr("type"))?;
            Ok(cast_to(t, &y)?)
        }
        K::Atom(Type::Short, Scalar::I16(code)) => {
            if *code == 0 {
                return Ok(y);
            }
            if *code < 0 {
                let t = Type::from_code(-*code as i8).ok_or_else(|| qerr("type"))?;
                return parse_strings(t, &y);
            }
            let t = Type::from_code(*code as i8).ok_or_else(|| qerr("type"))?;
            Ok(cast_to(t, &y)?)
        }
        K::Atom(Type::Int | Type::Long, _)
            if y.as_str_bytes().is_some() || matches!(y, K::List(_) | K::Dict(_) | K::Table(_)) =>
        {
            let n = x.as_i64().expect("int");
            Ok(pad(n, &y)?)
        }
        // Between float vectors and matrices, `$` is matrix multiply (mmu.md).
        _ if super::matrix::is_float_operand(&x) && super::matrix::is_float_operand(&y) => {
            super::matrix::mmu(x, y)
        }
        K::Vector(_) | K::List(_) if !y.is_atom() && x.count() != y.count() => Err(qerr("length")),
        K::Vector(_) | K::List(_) => {
            // A list of casts applies pairwise: (12h;"m";`date)$42 43 44.
            let xs = list::items(&x);
            let mut out = Vec::with_capacity(xs.len());
            for (i, xi) in xs.into_iter().enumerate() {
                let yi = if y.is_atom() {
                    y.clone()
                } else {
                    list::item(&y, i)
                };
                out.push(dollar(xi, yi, enumerate)?);
            }
            Ok(list::from_items(out))
        }
        _ => Err(qerr("type")),
    }
}

fn pad(n: i64, y: &K) -> Result<K, QError> {
    list::check_alloc(n.unsigned_abs(), 1)?;
    atomic_strings(y, &|s: &[u8]| {
        let w = n.unsigned_abs() as usize;
        let mut out = Vec::with_capacity(w);
        if n < 0 {
            let keep = &s[s.len().saturating_sub(w)..];
            out.resize(w - keep.len(), b' ');
            out.extend_from_slice(keep);
        } else {
            out.extend_from_slice(&s[..s.len().min(w)]);
            out.resize(w, b' ');
        }
        Ok(K::string(out))
    })
}

/// Applies `f` to every string inside `y` (strings are the leaves).
fn atomic_strings(y: &K, f: &dyn Fn(&[u8]) -> Result<K, QError>) -> Result<K, QError> {
    crate::k::depth::check()?;
    if let Some(s) = y.as_str_bytes() {
        return f(s);
    }
    match y {
        K::List(l) => Ok(K::list(
            l.items
                .iter()
                .map(|i| atomic_strings(i, f))
                .collect::<Result<_, _>>()?,
        )),
        K::Dict(d) => Ok(K::dict(d.keys.clone(), atomic_strings(&d.values, f)?)),
        K::Table(t) => super::verbs::map_table(t, |c| atomic_strings(c, f)),
        _ => Err(qerr("type")),
    }
}

/// A symbol from a string: leading and trailing blanks are dropped.
fn trimmed_sym(s: &[u8]) -> Sym {
    let start = s.iter().position(|&c| c != b' ').unwrap_or(s.len());
    let end = s.iter().rposition(|&c| c != b' ').map_or(start, |p| p + 1);
    Sym::new(&s[start..end])
}

fn to_symbol(y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    if let Some(s) = y.as_str_bytes() {
        return Ok(K::sym(trimmed_sym(s)));
    }
    match y {
        K::Atom(Type::Symbol, _) => Ok(y.clone()),
        K::Vector(v) if v.ty == Type::Symbol => Ok(y.clone()),
        K::List(l) if l.items.is_empty() => Ok(K::empty(Type::Symbol)),
        K::List(l) => {
            let mut out = SymVec::with_capacity(l.items.len(), 0);
            let mut all_strings = true;
            for it in &l.items {
                match it.as_str_bytes() {
                    Some(b) => out.push(&trimmed_sym(b)),
                    None => {
                        all_strings = false;
                        break;
                    }
                }
            }
            if all_strings && !l.items.is_empty() {
                return Ok(K::syms(out));
            }
            Ok(K::list(
                l.items.iter().map(to_symbol).collect::<Result<_, _>>()?,
            ))
        }
        K::Dict(d) => Ok(K::dict(d.keys.clone(), to_symbol(&d.values)?)),
        _ => Err(qerr("type")),
    }
}

fn parse_strings(t: Type, y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    if t == Type::Symbol {
        return to_symbol(y);
    }
    if t == Type::Char {
        return Ok(y.clone());
    }
    if let Some(s) = y.as_str_bytes() {
        return Ok(crate::q::syntax::literal::parse_atom(t, s));
    }
    match y {
        K::List(l) => {
            let out: Vec<K> = l
                .items
                .iter()
                .map(|i| parse_strings(t, i))
                .collect::<Result<_, _>>()?;
            Ok(if out.is_empty() {
                K::empty(t)
            } else {
                list::from_items(out)
            })
        }
        K::Dict(d) => Ok(K::dict(d.keys.clone(), parse_strings(t, &d.values)?)),
        K::Table(tb) => super::verbs::map_table(tb, |c| parse_strings(t, c)),
        _ => Err(qerr("type")),
    }
}

/// Converts a value to simple type `t` (`` `int$x ``), item by item.
pub fn cast_to(t: Type, y: &K) -> Result<K, QError> {
    crate::k::depth::check()?;
    if matches!(y, K::List(l) if l.items.is_empty()) {
        return Ok(K::empty(t));
    }
    // An enumeration casts to a number as its indices (`"i"$e`, enumerate.md).
    if let K::Enum(e) = y {
        if !matches!(t, Type::Short | Type::Int | Type::Long) {
            return Err(qerr("type"));
        }
        return Ok(pack_longs(t, e.indices.clone(), e.atom));
    }
    atomic1(y, &|a| cast_simple(t, a))
}

fn cast_simple(t: Type, a: &K) -> Result<K, QError> {
    let (from, atom) = match a {
        K::Atom(f, _) => (*f, true),
        K::Vector(v) => (v.ty, false),
        _ => return Err(qerr("type")),
    };
    if from == t {
        return Ok(a.clone());
    }
    // Symbols and guids only convert among themselves and to strings.
    match (from, t) {
        (Type::Symbol, _) | (_, Type::Symbol) | (Type::Guid, _) | (_, Type::Guid) => {
            return Err(qerr("type"));
        }
        _ => {}
    }
    let out_floats = matches!(t, Type::Float | Type::Real | Type::Datetime);
    // Integers to integers (`` `minute$t ``, `` `date$ts ``): straight
    // from the items, with no list of scalars between.
    if let K::Vector(vector) = a
        && !out_floats
        && t != Type::Boolean
    {
        if let (Some(from_unit), Some(to_unit)) = (span_unit(from), span_unit(t)) {
            // Spans and times of day to one another: a scaling, null kept.
            let scale = |x: i64| {
                if x == NULL_LONG {
                    x
                } else {
                    x.wrapping_mul(from_unit).div_euclid(to_unit)
                }
            };
            let scaled: Option<Vec<i64>> = match &vector.data {
                crate::k::Data::I32(d) => Some(
                    d.iter()
                        .map(|&x| {
                            scale(if x == crate::k::NULL_INT {
                                NULL_LONG
                            } else {
                                i64::from(x)
                            })
                        })
                        .collect(),
                ),
                crate::k::Data::I64(d) => Some(d.iter().map(|&x| scale(x)).collect()),
                _ => None,
            };
            if let Some(v) = scaled {
                return Ok(pack_longs(t, clamped(t, v), false));
            }
        }
        let integers: Option<Vec<i64>> = match &vector.data {
            crate::k::Data::I16(d) => Some(
                d.iter()
                    .map(|&x| to_long_in(from, &Scalar::I16(x), t))
                    .collect(),
            ),
            crate::k::Data::I32(d) => Some(
                d.iter()
                    .map(|&x| to_long_in(from, &Scalar::I32(x), t))
                    .collect(),
            ),
            crate::k::Data::I64(d) => Some(
                d.iter()
                    .map(|&x| to_long_in(from, &Scalar::I64(x), t))
                    .collect(),
            ),
            _ => None,
        };
        if let Some(v) = integers {
            return Ok(pack_longs(t, clamped(t, v), false));
        }
    }
    let items: Vec<Scalar> = match a {
        K::Atom(_, s) => vec![s.clone()],
        K::Vector(v) => (0..v.len()).map(|i| v.data.get(i)).collect(),
        _ => Vec::new(),
    };
    if out_floats {
        let v: Vec<f64> = items.iter().map(|s| to_float_in(from, s, t)).collect();
        return Ok(pack_floats(t, v, atom));
    }
    let v: Vec<i64> = items.iter().map(|s| to_long_in(from, s, t)).collect();
    if t == Type::Boolean {
        let b: Vec<i64> = items
            .iter()
            .map(|s| match s {
                Scalar::F64(f) => (*f != 0.0) as i64,
                Scalar::F32(f) => (*f != 0.0) as i64,
                _ => (raw_long(from, s) != 0) as i64,
            })
            .collect();
        return Ok(pack_longs(t, b, atom));
    }
    Ok(pack_longs(t, clamped(t, v), atom))
}

/// Nanoseconds in one unit of a span or time of day: the temporal types
/// that convert to one another by scaling alone.
fn span_unit(t: Type) -> Option<i64> {
    Some(match t {
        Type::Timespan => 1,
        Type::Time => 1_000_000,
        Type::Second => 1_000_000_000,
        Type::Minute => 60_000_000_000,
        _ => return None,
    })
}

/// A value past a short's or an int's range casts to its infinity, as
/// q for mortals shows (`` `short$123456789 `` is `32767h`), and as
/// cast.md's longs past `0Wi` becoming `0xff` imply; nulls stay null.
fn clamped(t: Type, v: Vec<i64>) -> Vec<i64> {
    let limit = match t {
        Type::Short => i64::from(i16::MAX),
        Type::Int => i64::from(i32::MAX),
        _ => return v,
    };
    v.into_iter()
        .map(|x| {
            if x == NULL_LONG {
                x
            } else {
                x.clamp(-limit, limit)
            }
        })
        .collect()
}

/// An item's integer value. Nulls widen to the long null; infinities of
/// shorts and ints keep their values (`` `float$0Wh `` is 32767f, as cast.md
/// shows).
fn raw_long(t: Type, s: &Scalar) -> i64 {
    match s {
        Scalar::U8(b) => *b as i64,
        Scalar::I16(x) if *x == crate::k::NULL_SHORT => NULL_LONG,
        Scalar::I16(x) => *x as i64,
        Scalar::I32(x) if *x == crate::k::NULL_INT => NULL_LONG,
        Scalar::I32(x) => *x as i64,
        Scalar::I64(x) => *x,
        Scalar::F32(x) => float_to_long(*x as f64),
        Scalar::F64(x) => float_to_long(*x),
        _ => {
            let _ = t;
            0
        }
    }
}

/// Nanoseconds (since 2000.01.01, or of the day) held by a temporal item.
fn nanos(t: Type, s: &Scalar) -> Option<i64> {
    if is_null(t, s) {
        return None;
    }
    let v = raw_long(t, s);
    // Points beyond the timestamp range saturate to the infinities.
    let days_to_ns = |d: i64| {
        d.checked_mul(NANOS_PER_DAY)
            .unwrap_or(if d < 0 { -i64::MAX } else { i64::MAX })
    };
    Some(match t {
        Type::Timestamp | Type::Timespan => v,
        Type::Date => days_to_ns(v),
        Type::Month => {
            let (y, m) = calendar::year_month(v);
            days_to_ns(calendar::days(y, m, 1))
        }
        Type::Datetime => match s {
            Scalar::F64(f) => (f * NANOS_PER_DAY as f64).round() as i64,
            _ => 0,
        },
        Type::Minute => v * 60_000_000_000,
        Type::Second => v * 1_000_000_000,
        Type::Time => v * 1_000_000,
        _ => return None,
    })
}

#[inline]
fn to_long_in(from: Type, s: &Scalar, t: Type) -> i64 {
    // A blank is the char null but still the code 32 (`"x"$"a b"` is 0x612062).
    if is_null(from, s) && from != Type::Char {
        return NULL_LONG;
    }
    let v = raw_long(from, s);
    if (v == i64::MAX || v == -i64::MAX) && (!from.is_temporal() || !t.is_temporal()) {
        return v;
    }
    if from.is_temporal() && t.is_temporal() {
        let ns = match nanos(from, s) {
            Some(n) => n,
            None => return NULL_LONG,
        };
        let time_of_day = |n: i64| n.rem_euclid(NANOS_PER_DAY);
        // Times of day from a point in time keep only the time part.
        let day_relative = matches!(
            from,
            Type::Timestamp | Type::Date | Type::Month | Type::Datetime
        );
        return match t {
            Type::Timestamp => ns,
            // A span from a point in time is its time of day, as the time
            // column of a tickerplant's `"n"$.z.P` shows.
            Type::Timespan if day_relative && from != Type::Month => time_of_day(ns),
            Type::Timespan => ns,
            Type::Date => ns.div_euclid(NANOS_PER_DAY),
            Type::Month => {
                let (y, m, _) = calendar::ymd(ns.div_euclid(NANOS_PER_DAY));
                calendar::months(y, m)
            }
            Type::Minute => {
                (if day_relative { time_of_day(ns) } else { ns }).div_euclid(60_000_000_000)
            }
            Type::Second => {
                (if day_relative { time_of_day(ns) } else { ns }).div_euclid(1_000_000_000)
            }
            Type::Time => (if day_relative { time_of_day(ns) } else { ns }).div_euclid(1_000_000),
            _ => v,
        };
    }
    if t == Type::Byte && from == Type::Long && v > i32::MAX as i64 {
        // Longs above int infinity cast to 0xff (cast.md).
        return 0xff;
    }
    if t == Type::Char || t == Type::Byte {
        return v & 0xff;
    }
    v
}

fn to_float_in(from: Type, s: &Scalar, t: Type) -> f64 {
    if is_null(from, s) {
        return null_float();
    }
    // Dates and months convert by days, within any range.
    if t == Type::Datetime && matches!(from, Type::Date | Type::Month) {
        if let Scalar::I32(x) = s
            && x.unsigned_abs() == crate::k::INF_INT as u32
        {
            return x.signum() as f64 * f64::INFINITY;
        }
        let v = raw_long(from, s);
        return if from == Type::Month {
            let (y, m) = calendar::year_month(v);
            calendar::days(y, m, 1) as f64
        } else {
            v as f64
        };
    }
    if t == Type::Datetime && from.is_temporal() {
        return match nanos(from, s) {
            Some(n) => n as f64 / NANOS_PER_DAY as f64,
            None => null_float(),
        };
    }
    match s {
        Scalar::F64(f) => *f,
        Scalar::F32(f) => *f as f64,
        _ => {
            let v = raw_long(from, s);
            if v == i64::MAX {
                // `float$0W is 9.223372e+18, not infinity.
                return v as f64;
            }
            long_to_float(v)
        }
    }
}

/// Enumerates `y` against the symbols `domain_values` of the domain named
/// `domain`; with `extend`, symbols not yet in the domain are appended (`?`).
/// Returns the enumeration and, when it grew, the new domain.
pub fn enumerate(
    domain: &Sym,
    domain_values: &K,
    y: &K,
    extend: bool,
) -> Result<(K, Option<K>), QError> {
    let mut dom_syms = list::syms_of(domain_values)?;
    let before = dom_syms.len();
    let ys = list::syms_of(y)?;
    let mut indices = Vec::with_capacity(ys.len());
    // Many symbols hash the domain once, and symbols new to it as they are
    // added, so the whole cast is linear; a few scan it, which beats
    // hashing all of it.
    let mut added = SymVec::new();
    {
        let mut slots: Option<HashMap<&[u8], usize, Fast>> = (ys.len() > 16).then(|| {
            let mut m = HashMap::with_capacity_and_hasher(before, Fast::default());
            for (i, d) in dom_syms.iter().enumerate() {
                m.entry(d).or_insert(i);
            }
            m
        });
        for s in ys.iter() {
            let found = match &slots {
                Some(m) => m.get(s).copied(),
                None => dom_syms
                    .iter()
                    .position(|d| d == s)
                    .or_else(|| added.iter().position(|d| d == s).map(|p| before + p)),
            };
            let pos = match found {
                Some(p) => p,
                None if extend => {
                    let p = before + added.len();
                    if let Some(m) = &mut slots {
                        m.insert(s, p);
                    }
                    added.push(s);
                    p
                }
                None => return Err(qerr("cast")),
            };
            indices.push(pos as i64);
        }
    }
    dom_syms.extend_from(&added);
    // The symbols added are new to the domain, so a unique (or grouped)
    // domain stays so; a sorted one only while the additions sort after it.
    let had = match domain_values {
        K::Vector(v) => v.attr,
        _ => crate::k::Attr::None,
    };
    let attr = match had {
        a @ (crate::k::Attr::Unique | crate::k::Attr::Grouped) => a,
        crate::k::Attr::Sorted
            if dom_syms
                .iter()
                .zip(dom_syms.iter().skip(1))
                .all(|(a, b)| a <= b) =>
        {
            crate::k::Attr::Sorted
        }
        _ => crate::k::Attr::None,
    };
    let grown = (dom_syms.len() > before)
        .then(|| K::vector_attr(Type::Symbol, attr, crate::k::Data::Sym(dom_syms)));
    let e = K::Enum(Rc::new(Enumeration {
        domain: domain.clone(),
        atom: y.is_atom(),
        attr: crate::k::Attr::None,
        indices,
        values: ys,
        link: false,
        keys: None,
    }));
    Ok((e, grown))
}

/// `` `d!y ``: the enumeration over the symbols `domain_values` of the
/// domain named `domain` with indices `y` (enumeration.md); an index
/// outside the domain enumerates the empty symbol.
pub fn enumeration(domain: &Sym, domain_values: &K, y: &K) -> Result<K, QError> {
    let dom = list::syms_of(domain_values)?;
    let indices = list::longs_of(y)?;
    let mut values = SymVec::new();
    for &i in &indices {
        match list::position(i, dom.len()) {
            Some(p) => values.push(dom.get(p)),
            None => values.push(b""),
        }
    }
    Ok(K::Enum(Rc::new(Enumeration {
        domain: domain.clone(),
        atom: y.is_atom(),
        attr: crate::k::Attr::None,
        indices,
        values,
        link: false,
        keys: None,
    })))
}

/// A temporal value's field by dot notation (`time.minute`, `date.month`,
/// `time.hh`): a type name casts (`date minute second time`…), and a part
/// name reads that part as an int (`year dd hh uu ss week`, cast.md). `mm`
/// is the month of a date but the minute of a time of day, as
/// `(time.hh;time.mm;time.ss)` in the knowledge base's programming
/// idioms shows. `None` when `x` is not temporal or `field` names none of
/// these.
pub fn temporal_field(field: &str, x: &K) -> Option<Result<K, QError>> {
    let t = match x {
        K::Atom(t, _) => *t,
        K::Vector(v) => v.ty,
        _ => return None,
    };
    if !t.is_temporal() {
        return None;
    }
    if let Some(to) = Type::from_name(field).filter(|to| to.is_temporal()) {
        return Some(cast_to(to, x));
    }
    let part = match TimePart::from_name(field)? {
        TimePart::MonthOfYear if !TimePart::MonthOfYear.applies_to(t) => TimePart::Minute,
        part => part,
    };
    Some(atomic1(x, &|a| time_part(part, a)))
}

/// A part of a temporal value named in a cast (`` `hh$t ``, `` `year$d ``).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TimePart {
    Year,
    Month,
    MonthOfYear,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

impl TimePart {
    fn from_name(name: &str) -> Option<TimePart> {
        Some(match name {
            "year" => TimePart::Year,
            "month" => TimePart::Month,
            "mm" => TimePart::MonthOfYear,
            "week" => TimePart::Week,
            "dd" => TimePart::Day,
            "hh" => TimePart::Hour,
            "uu" => TimePart::Minute,
            "ss" => TimePart::Second,
            _ => return None,
        })
    }

    /// Whether values of type `t` have this part (cast.md's table).
    fn applies_to(self, t: Type) -> bool {
        let dated = matches!(t, Type::Timestamp | Type::Date | Type::Datetime);
        match self {
            TimePart::Year | TimePart::Month | TimePart::MonthOfYear => dated || t == Type::Month,
            TimePart::Week | TimePart::Day => dated,
            TimePart::Hour | TimePart::Minute | TimePart::Second => {
                t.is_temporal() && !matches!(t, Type::Month | Type::Date)
            }
        }
    }
}

fn time_part(part: TimePart, a: &K) -> Result<K, QError> {
    let (t, atom) = match a {
        K::Atom(t, _) => (*t, true),
        K::Vector(v) => (v.ty, false),
        _ => return Err(qerr("type")),
    };
    if !part.applies_to(t) {
        return Err(qerr("type"));
    }
    let items: Vec<Scalar> = match a {
        K::Atom(_, s) => vec![s.clone()],
        K::Vector(v) => (0..v.len()).map(|i| v.data.get(i)).collect(),
        _ => Vec::new(),
    };
    const NS_SEC: i64 = 1_000_000_000;
    let values: Vec<i64> = items
        .iter()
        .map(|s| {
            let Some(ns) = nanos(t, s) else {
                return NULL_LONG;
            };
            let day = ns.div_euclid(NANOS_PER_DAY);
            // Points in time count hours within their day; spans count all.
            let of_day = if matches!(t, Type::Timestamp | Type::Datetime) {
                ns.rem_euclid(NANOS_PER_DAY)
            } else {
                ns
            };
            let (y, m, d) = calendar::ymd(day);
            match part {
                TimePart::Year => y,
                TimePart::Month => calendar::months(y, m),
                TimePart::MonthOfYear => m as i64,
                // Weeks start on Mondays; 2000.01.03 was one.
                TimePart::Week => day - (day - 2).rem_euclid(7),
                TimePart::Day => d as i64,
                TimePart::Hour => of_day.div_euclid(3600 * NS_SEC),
                TimePart::Minute => of_day.div_euclid(60 * NS_SEC).rem_euclid(60),
                TimePart::Second => of_day.div_euclid(NS_SEC).rem_euclid(60),
            }
        })
        .collect();
    let rt = match part {
        TimePart::Month => Type::Month,
        TimePart::Week => Type::Date,
        _ => Type::Int,
    };
    Ok(pack_longs(rt, values, atom))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_domains(_: &Sym, _: &K) -> KResult {
        Err(qerr("no domain"))
    }

    #[test]
    fn casts_by_name_letter_and_code_agree() {
        let y = K::floats(vec![1.6, -1.6]);
        let by_name = dollar(K::sym("long"), y.clone(), &mut no_domains).unwrap();
        let by_letter = dollar(K::char(b'j'), y.clone(), &mut no_domains).unwrap();
        let by_code = dollar(K::short(7), y, &mut no_domains).unwrap();
        assert_eq!(by_name, K::longs(vec![2, -2]));
        assert_eq!(by_letter, by_name);
        assert_eq!(by_code, by_name);
    }

    #[test]
    fn upper_case_letters_parse_strings() {
        let r = dollar(K::char(b'J'), K::string("42"), &mut no_domains).unwrap();
        assert_eq!(r, K::long(42));
    }

    #[test]
    fn a_domain_name_is_handed_to_the_caller() {
        let mut asked = None;
        let r = dollar(K::sym("sym"), K::sym("a"), &mut |d, _| {
            asked = Some(d.to_str_lossy().into_owned());
            Ok(K::long(0))
        });
        assert_eq!(r.unwrap(), K::long(0));
        assert_eq!(asked.as_deref(), Some("sym"));
    }

    #[test]
    fn enumerate_extends_the_domain_only_when_asked() {
        let dom = K::sym_list(["a"]);
        let y = K::sym_list(["a", "b"]);
        assert_eq!(
            enumerate(&Sym::from("d"), &dom, &y, false).unwrap_err(),
            qerr("cast")
        );
        let (_, grown) = enumerate(&Sym::from("d"), &dom, &y, true).unwrap();
        assert_eq!(grown, Some(K::sym_list(["a", "b"])));
    }

    #[test]
    fn enumerating_many_symbols_hashes_and_keeps_first_positions() {
        // More than a few symbols take the hashed path; repeated and new
        // symbols must number as the scanning path numbers them.
        let names: Vec<String> = (0..40).map(|i| format!("s{}", i % 25)).collect();
        let dom = K::sym_list(["s3", "s0", "s3"]);
        let y = K::sym_list(names.iter().map(String::as_str));
        assert_eq!(
            enumerate(&Sym::from("d"), &dom, &y, false).unwrap_err(),
            qerr("cast")
        );
        let (e, grown) = enumerate(&Sym::from("d"), &dom, &y, true).unwrap();
        let K::Enum(e) = e else {
            panic!("an enumeration")
        };
        let grown = list::syms_of(&grown.unwrap()).unwrap();
        assert_eq!(grown.len(), 3 + 23);
        assert_eq!(&e.indices[..5], &[1, 3, 4, 0, 5]);
        for (i, name) in names.iter().enumerate() {
            assert_eq!(grown.get(e.indices[i] as usize), name.as_bytes());
        }
    }
}
