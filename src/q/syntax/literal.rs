//! The literal rules of q: how numbers, temporal values, nulls and
//! infinities are written in source (`12:30`, `1 2 3h`, `0Nd`), and how Tok
//! (`"J"$"12"`) reads text into an atom.
//!
//! The lexer classifies each numeric word with `parse_word` and re-reads
//! the words of a vector under one type with `parse_typed`; casts from
//! strings use [`parse_atom`]. Both share the routines below.

use crate::k::calendar::{self, MILLIS_PER_DAY, NANOS_PER_DAY, UNIX_EPOCH_DAYS};
use crate::k::{INF_INT, INF_LONG, INF_SHORT, K, Scalar, Type, null_scalar};

const NANOS_PER_SEC: i64 = 1_000_000_000;
const NANOS_PER_MINUTE: i64 = 60 * NANOS_PER_SEC;
const NANOS_PER_HOUR: i64 = 60 * NANOS_PER_MINUTE;
const NANOS_PER_MILLI: i64 = 1_000_000;

/// The characters Tok reads as boolean true (`"B"$"Y"` is `1b`).
const TRUTHY: &[u8] = b"txyTXY1";

/// Parses `text` as an atom of type `t` the way Tok (`"J"$"12"`) does.
///
/// Leading and trailing blanks are ignored. Text that does not read as the
/// type, or that overflows it, gives the type's null (`"I"$"2147483648"` is
/// `0Ni`); boolean and byte, which have no null, give `0b` and `0x00`.
/// Beyond the source forms, Tok accepts `2020-01-02` and `20200102` dates,
/// digits-only times (`"T"$"123456789"` is `12:34:56.789`), Unix seconds
/// for timestamps (9 to 11 digits), IP addresses for ints, and guids in
/// 8-4-4-4-12 form.
pub fn parse_atom(t: Type, text: &[u8]) -> K {
    let scalar = match t {
        // Symbols keep inner blanks; only the ends are trimmed.
        Type::Symbol => Scalar::Sym(trim(text).into()),
        Type::Char => Scalar::U8(text.first().copied().unwrap_or(b' ')),
        _ => tok(t, trim(text)).unwrap_or_else(|| null_scalar(t)),
    };
    K::Atom(t, scalar)
}

/// Tok's reading of trimmed text; `None` means null.
fn tok(t: Type, text: &[u8]) -> Option<Scalar> {
    match t {
        Type::Boolean => Some(Scalar::U8(
            text.first().is_some_and(|c| TRUTHY.contains(c)) as u8
        )),
        Type::Guid => parse_guid(text)
            .or_else(|| ip_address_guid(text))
            .map(Scalar::Guid),
        Type::Byte => tok_byte(text).map(Scalar::U8),
        Type::Short | Type::Int | Type::Long | Type::Real | Type::Float => {
            if let Some(s) = special(t, text) {
                return Some(s);
            }
            if t == Type::Int
                && let Some(ip) = parse_ip(text)
            {
                return Some(Scalar::I32(ip));
            }
            number(t, text)
        }
        Type::Char | Type::Symbol => None,
        Type::Timestamp => special(t, text).or_else(|| tok_timestamp(text).map(Scalar::I64)),
        Type::Datetime => special(t, text).or_else(|| {
            let ns = tok_timestamp(text)?;
            Some(Scalar::F64(datetime_from_nanos(ns)))
        }),
        Type::Month => special(t, text).or_else(|| {
            let (y, m) = match tok_month(text) {
                Some(ym) => ym,
                None => {
                    let (y, m, _) = calendar::ymd(tok_date(text)? as i64);
                    (y, m)
                }
            };
            i32::try_from(calendar::months(y, m)).ok().map(Scalar::I32)
        }),
        Type::Date => special(t, text).or_else(|| tok_date(text).map(Scalar::I32)),
        Type::Timespan => special(t, text).or_else(|| tok_clock_or_digits(text).map(Scalar::I64)),
        Type::Minute | Type::Second | Type::Time => special(t, text)
            .or_else(|| narrow_i32(tok_clock_or_digits(text)?.div_euclid(clock_unit(t)))),
    }
}

/// An IP address as a guid (tok.md): an IPv6 address's 16 bytes, and an
/// IPv4 address mapped into IPv6 (`::ffff:c000:201` for `192.0.2.1`).
fn ip_address_guid(text: &[u8]) -> Option<[u8; 16]> {
    let text = std::str::from_utf8(text).ok()?;
    if let Ok(v4) = text.parse::<std::net::Ipv4Addr>() {
        return Some(v4.to_ipv6_mapped().octets());
    }
    text.parse::<std::net::Ipv6Addr>()
        .ok()
        .map(|v6| v6.octets())
}

/// A numeric word of source text, classified by its own form.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Word {
    /// An atom: its type, value, and the type letter if one was written
    /// (`1h`, `0Nd`); `generic` marks an unlettered `0N`, `0W` or `-0W`,
    /// which may take the type of the words beside it.
    Atom {
        /// The atom's type.
        ty: Type,
        /// The atom's storage.
        value: Scalar,
        /// The suffix letter, if written.
        letter: Option<u8>,
        /// Whether this is an unlettered long null or infinity.
        generic: bool,
    },
    /// A word that is a whole vector by itself: `101b`, `0x0102`, `0x`.
    Vector(K),
}

/// The type a suffix letter gives a numeric literal (`h` short ... `t` time).
pub(crate) fn suffix_type(letter: u8) -> Option<Type> {
    match letter {
        b'b' | b'g' | b'h' | b'i' | b'j' | b'e' | b'f' | b'p' | b'm' | b'd' | b'z' | b'n'
        | b'u' | b'v' | b't' => Type::from_letter(letter),
        _ => None,
    }
}

/// Splits a word into its body and its suffix letter, if it has one.
pub(crate) fn split_suffix(word: &[u8]) -> (&[u8], Option<u8>) {
    // `0n` and `0w` are float null and infinity, not `0` with a timespan or second suffix.
    let unsigned = word.strip_prefix(b"-").unwrap_or(word);
    if unsigned == b"0n" || unsigned == b"0w" {
        return (word, None);
    }
    match word.split_last() {
        Some((&last, body))
            if suffix_type(last).is_some()
                && !body.is_empty()
                && !word.starts_with(b"0x")
                && body
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.') =>
        {
            (body, Some(last))
        }
        _ => (word, None),
    }
}

/// Classifies one numeric word of source text (sign included), or `None`
/// when it is not a valid literal.
pub(crate) fn parse_word(word: &[u8]) -> Option<Word> {
    if let Some(hex) = word.strip_prefix(b"0x") {
        return parse_hex_word(hex);
    }
    if word.len() > 2
        && word.ends_with(b"b")
        && word[..word.len() - 1]
            .iter()
            .all(|c| *c == b'0' || *c == b'1')
    {
        let bits = word[..word.len() - 1].iter().map(|c| *c == b'1').collect();
        return Some(Word::Vector(K::bools(bits)));
    }
    let (body, letter) = split_suffix(word);
    if let Some(letter) = letter {
        let ty = suffix_type(letter)?;
        let value = parse_typed(ty, body)?;
        return Some(Word::Atom {
            ty,
            value,
            letter: Some(letter),
            generic: false,
        });
    }
    let (ty, value) = classify(body)?;
    let generic = ty == Type::Long && matches!(body, b"0N" | b"0W" | b"-0W");
    Some(Word::Atom {
        ty,
        value,
        letter: None,
        generic,
    })
}

/// Reads a byte word after its `0x`: one byte for one or two hex digits,
/// else a vector (an odd count is padded on the left with a zero nibble).
fn parse_hex_word(hex: &[u8]) -> Option<Word> {
    let nibbles: Vec<u8> = hex.iter().map(|&c| hex_value(c)).collect::<Option<_>>()?;
    let mut bytes = Vec::with_capacity(nibbles.len().div_ceil(2));
    let mut rest = &nibbles[..];
    if nibbles.len() % 2 == 1 {
        bytes.push(nibbles[0]);
        rest = &nibbles[1..];
    }
    for pair in rest.chunks(2) {
        bytes.push(pair[0] << 4 | pair[1]);
    }
    match (hex.len(), bytes.as_slice()) {
        (1 | 2, [b]) => Some(Word::Atom {
            ty: Type::Byte,
            value: Scalar::U8(*b),
            letter: None,
            generic: false,
        }),
        _ => Some(Word::Vector(K::bytes(bytes))),
    }
}

/// The type and value of an unlettered word, from its form alone.
fn classify(body: &[u8]) -> Option<(Type, Scalar)> {
    let unsigned = body.strip_prefix(b"-").unwrap_or(body);
    let typed = |t: Type| parse_typed(t, body).map(|v| (t, v));
    match unsigned {
        b"0N" | b"0W" => return typed(Type::Long),
        b"0n" | b"0w" => return typed(Type::Float),
        _ => {}
    }
    if let Some(d) = unsigned.iter().position(|&c| c == b'D') {
        let left = &unsigned[..d];
        return if left.iter().all(u8::is_ascii_digit) {
            typed(Type::Timespan)
        } else {
            typed(Type::Timestamp)
        };
    }
    if unsigned.contains(&b'T') {
        return typed(Type::Datetime);
    }
    if unsigned.contains(&b':') {
        let (clock, frac) = match unsigned.iter().position(|&c| c == b'.') {
            Some(dot) => (&unsigned[..dot], unsigned.len() - dot - 1),
            None => (unsigned, 0),
        };
        let colons = clock.iter().filter(|&&c| c == b':').count();
        return match (colons, frac) {
            (1, 0) if !unsigned.contains(&b'.') => typed(Type::Minute),
            (2, 0) if !unsigned.contains(&b'.') => typed(Type::Second),
            (2, 0..=3) => typed(Type::Time),
            (2, _) => typed(Type::Timespan),
            _ => None,
        };
    }
    if unsigned.iter().filter(|&&c| c == b'.').count() == 2 {
        return typed(Type::Date);
    }
    if unsigned.iter().all(u8::is_ascii_digit) {
        return typed(Type::Long);
    }
    typed(Type::Float)
}

/// Reads the body of a numeric word (suffix removed) as type `t` under the
/// source rules: nulls and infinities (`0N`, `0W`, `-0W`, and `0n`, `0w` for
/// floats), plain numbers, and the type's own temporal form. `None` when
/// the text is not such a literal or does not fit the type.
pub(crate) fn parse_typed(t: Type, body: &[u8]) -> Option<Scalar> {
    if let Some(s) = special(t, body) {
        return Some(s);
    }
    match t {
        Type::Boolean => match body {
            b"0" => Some(Scalar::U8(0)),
            b"1" => Some(Scalar::U8(1)),
            _ => None,
        },
        Type::Guid | Type::Byte | Type::Char | Type::Symbol => None,
        Type::Short | Type::Int | Type::Long | Type::Real | Type::Float => number(t, body),
        Type::Timestamp => {
            let (neg, text) = sign(body);
            let ns = match text.iter().position(|&c| c == b'D') {
                Some(d) => {
                    let days = parse_dotted_date(&text[..d])? as i64;
                    let clock = parse_clock(&text[d + 1..])?;
                    days.checked_mul(NANOS_PER_DAY)?.checked_add(clock)?
                }
                None => match parse_dotted_date(text) {
                    Some(days) => days as i64 * NANOS_PER_DAY,
                    None => parse_integer(text)?,
                },
            };
            Some(Scalar::I64(negate(neg, ns)))
        }
        Type::Datetime => {
            let (neg, text) = sign(body);
            let days = match text.iter().position(|&c| c == b'T') {
                Some(tpos) => {
                    let days = parse_dotted_date(&text[..tpos])? as i64;
                    let clock = parse_clock(&text[tpos + 1..])?;
                    // Days and the time of day apart: days*ns overflows
                    // before 1707.
                    days as f64 + datetime_from_nanos(clock)
                }
                None => match parse_dotted_date(text) {
                    Some(days) => days as f64,
                    None => parse_float_text(text)?,
                },
            };
            Some(Scalar::F64(if neg { -days } else { days }))
        }
        Type::Month => {
            let (neg, text) = sign(body);
            let months = match parse_dotted_month(text) {
                Some((y, m)) => calendar::months(y, m),
                None => parse_integer(text)?,
            };
            narrow_i32(negate(neg, months))
        }
        Type::Date => {
            let (neg, text) = sign(body);
            let days = match parse_dotted_date(text) {
                Some(d) => d as i64,
                None => parse_integer(text)?,
            };
            narrow_i32(negate(neg, days))
        }
        Type::Timespan => {
            let (neg, text) = sign(body);
            let ns = match text.iter().position(|&c| c == b'D') {
                Some(d) => {
                    let days = if d == 0 {
                        0
                    } else {
                        parse_integer(&text[..d])?
                    };
                    let clock = parse_clock(&text[d + 1..])?;
                    days.checked_mul(NANOS_PER_DAY)?.checked_add(clock)?
                }
                None if text.contains(&b':') => parse_clock(text)?,
                None => parse_integer(text)?,
            };
            Some(Scalar::I64(negate(neg, ns)))
        }
        Type::Minute | Type::Second | Type::Time => {
            let (neg, text) = sign(body);
            let count = if text.contains(&b':') {
                parse_clock(text)?.div_euclid(clock_unit(t))
            } else {
                parse_integer(text)?
            };
            narrow_i32(negate(neg, count))
        }
    }
}

/// `0N`, `0W` and `-0W` (and `0n`, `0w`, `-0w` for real and float, `0n` for
/// short, int and long) as type `t`.
fn special(t: Type, text: &[u8]) -> Option<Scalar> {
    let float_like = matches!(t, Type::Real | Type::Float | Type::Datetime);
    match text {
        b"0N" => Some(null_scalar(t)).filter(|_| t.has_null()),
        // A vector with an integral suffix takes `0n` as its null (fill.md).
        b"0n" if float_like || matches!(t, Type::Short | Type::Int | Type::Long) => {
            Some(null_scalar(t))
        }
        b"0W" => infinity(t, false),
        b"-0W" => infinity(t, true),
        b"0w" if float_like => infinity(t, false),
        b"-0w" if float_like => infinity(t, true),
        _ => None,
    }
}

/// The infinity of type `t` (negated when `neg`), if the type has one.
fn infinity(t: Type, neg: bool) -> Option<Scalar> {
    let sign: i32 = if neg { -1 } else { 1 };
    Some(match t {
        Type::Short => Scalar::I16(sign as i16 * INF_SHORT),
        Type::Int | Type::Month | Type::Date | Type::Minute | Type::Second | Type::Time => {
            Scalar::I32(sign * INF_INT)
        }
        Type::Long | Type::Timestamp | Type::Timespan => Scalar::I64(sign as i64 * INF_LONG),
        Type::Real => Scalar::F32(sign as f32 * f32::INFINITY),
        Type::Float | Type::Datetime => Scalar::F64(sign as f64 * f64::INFINITY),
        _ => return None,
    })
}

/// A plain number of a numeric type: an integer in range for the integral
/// types (the null value itself is out of range), a float for real and float.
fn number(t: Type, text: &[u8]) -> Option<Scalar> {
    match t {
        Type::Short => {
            let v = parse_integer(text)?;
            (v.unsigned_abs() <= INF_SHORT as u64).then_some(Scalar::I16(v as i16))
        }
        Type::Int => {
            let v = parse_integer(text)?;
            (v.unsigned_abs() <= INF_INT as u64).then_some(Scalar::I32(v as i32))
        }
        Type::Long => parse_integer(text)
            .filter(|v| *v != i64::MIN)
            .map(Scalar::I64),
        Type::Real => {
            if !is_float_text(text) {
                return None;
            }
            std::str::from_utf8(text)
                .ok()?
                .parse::<f32>()
                .ok()
                .map(Scalar::F32)
        }
        Type::Float => parse_float_text(text).map(Scalar::F64),
        _ => None,
    }
}

/// An optionally signed decimal integer that fits an i64.
fn parse_integer(text: &[u8]) -> Option<i64> {
    let (neg, digits) = sign(text);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v: i64 = 0;
    for &c in digits {
        v = v.checked_mul(10)?.checked_sub((c - b'0') as i64)?;
    }
    if neg { Some(v) } else { v.checked_neg() }
}

/// Whether `text` has the form of a decimal float: `[-]digits[.digits][e[+-]digits]`
/// with at least one mantissa digit.
fn is_float_text(text: &[u8]) -> bool {
    let (_, text) = sign(text);
    let mut i = 0;
    let mut mantissa = 0;
    while i < text.len() && text[i].is_ascii_digit() {
        i += 1;
        mantissa += 1;
    }
    if i < text.len() && text[i] == b'.' {
        i += 1;
        while i < text.len() && text[i].is_ascii_digit() {
            i += 1;
            mantissa += 1;
        }
    }
    if mantissa == 0 {
        return false;
    }
    if i < text.len() && (text[i] == b'e' || text[i] == b'E') {
        i += 1;
        if i < text.len() && (text[i] == b'+' || text[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < text.len() && text[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == text.len()
}

/// A decimal float, or `None` when the text is not one.
fn parse_float_text(text: &[u8]) -> Option<f64> {
    if !is_float_text(text) {
        return None;
    }
    std::str::from_utf8(text).ok()?.parse::<f64>().ok()
}

/// Splits a leading `-`.
fn sign(text: &[u8]) -> (bool, &[u8]) {
    match text.strip_prefix(b"-") {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

fn negate(neg: bool, v: i64) -> i64 {
    if neg { -v } else { v }
}

/// Nanoseconds in one unit of a minute, second or time value.
fn clock_unit(t: Type) -> i64 {
    match t {
        Type::Minute => NANOS_PER_MINUTE,
        Type::Second => NANOS_PER_SEC,
        _ => NANOS_PER_MILLI,
    }
}

/// An i32-stored temporal count, refusing values that do not fit (or that are the null).
fn narrow_i32(v: i64) -> Option<Scalar> {
    i32::try_from(v)
        .ok()
        .filter(|v| *v != i32::MIN)
        .map(Scalar::I32)
}

/// Exactly `n` ASCII digits as a number.
fn fixed_digits(text: &[u8], n: usize) -> Option<u32> {
    if text.len() != n || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0, |v, c| v * 10 + (c - b'0') as u32))
}

/// `yyyy.mm.dd` as days since 2000.01.01, checking the calendar.
fn parse_dotted_date(text: &[u8]) -> Option<i32> {
    parse_ymd(text, b".")
}

/// `yyyy<sep>mm<sep>dd` for a separator in `seps`, as days since 2000.01.01.
fn parse_ymd(text: &[u8], seps: &[u8]) -> Option<i32> {
    if text.len() != 10 || text[4] != text[7] || !seps.contains(&text[4]) {
        return None;
    }
    let y = fixed_digits(&text[..4], 4)?;
    let m = fixed_digits(&text[5..7], 2)?;
    let d = fixed_digits(&text[8..10], 2)?;
    days_checked(y as i64, m, d)
}

fn days_checked(y: i64, m: u32, d: u32) -> Option<i32> {
    if !calendar::is_valid(y, m, d) {
        return None;
    }
    i32::try_from(calendar::days(y, m, d)).ok()
}

/// `yyyy.mm` as (year, month).
fn parse_dotted_month(text: &[u8]) -> Option<(i64, u32)> {
    if text.len() != 7 || text[4] != b'.' {
        return None;
    }
    let y = fixed_digits(&text[..4], 4)?;
    let m = fixed_digits(&text[5..], 2)?;
    (1..=12).contains(&m).then_some((y as i64, m))
}

/// A clock `h[h][:mm[:ss[.fffffffff]]]` as nanoseconds. Hours may exceed 23
/// (times and timespans count past a day); minutes and seconds must be
/// below 60; fraction digits past nanoseconds are dropped. An empty text is
/// midnight, as in `2000.01.01D`.
fn parse_clock(text: &[u8]) -> Option<i64> {
    if text.is_empty() {
        return Some(0);
    }
    let (hms, frac) = match text.iter().position(|&c| c == b'.') {
        Some(dot) => (&text[..dot], Some(&text[dot + 1..])),
        None => (text, None),
    };
    let mut parts = hms.split(|&c| c == b':');
    let hours = parts.next()?;
    if hours.is_empty() || hours.len() > 9 || !hours.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut ns = parse_integer(hours)? * NANOS_PER_HOUR;
    let mut fields = 1;
    for (part, unit) in parts.zip([NANOS_PER_MINUTE, NANOS_PER_SEC]) {
        let v = fixed_digits(part, 2)?;
        if v >= 60 {
            return None;
        }
        ns += v as i64 * unit;
        fields += 1;
    }
    if hms.iter().filter(|&&c| c == b':').count() + 1 != fields {
        return None;
    }
    if let Some(frac) = frac {
        // A fraction only follows seconds.
        if fields != 3 || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
        ns += fraction_nanos(frac);
    }
    Some(ns)
}

/// Decimal fraction digits as nanoseconds (digits past the ninth are dropped).
fn fraction_nanos(frac: &[u8]) -> i64 {
    let mut ns = 0;
    for i in 0..9 {
        ns = ns * 10 + frac.get(i).map_or(0, |c| (c - b'0') as i64);
    }
    ns
}

/// Nanoseconds since 2000.01.01 as a datetime (fractional days, millisecond precision).
fn datetime_from_nanos(ns: i64) -> f64 {
    ns.div_euclid(NANOS_PER_MILLI) as f64 / MILLIS_PER_DAY as f64
}

fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|v| v as u8)
}

/// A guid in 8-4-4-4-12 form, or as 32 bare hex digits.
fn parse_guid(text: &[u8]) -> Option<[u8; 16]> {
    let hex: Vec<u8> = match text.len() {
        36 => {
            if [8, 13, 18, 23].iter().any(|&i| text[i] != b'-') {
                return None;
            }
            text.iter().copied().filter(|&c| c != b'-').collect()
        }
        32 => text.to_vec(),
        _ => return None,
    };
    let mut g = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        g[i] = hex_value(pair[0])? << 4 | hex_value(pair[1])?;
    }
    Some(g)
}

/// Tok's byte: one or two hex digits.
fn tok_byte(text: &[u8]) -> Option<u8> {
    match text {
        [a] => hex_value(*a),
        [a, b] => Some(hex_value(*a)? << 4 | hex_value(*b)?),
        _ => None,
    }
}

/// A dotted-quad IP address as the int q makes of it (`"I"$"192.168.1.34"`).
fn parse_ip(text: &[u8]) -> Option<i32> {
    let mut parts = text.split(|&c| c == b'.');
    let mut v: u32 = 0;
    for _ in 0..4 {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let octet = part.iter().fold(0u32, |v, c| v * 10 + (c - b'0') as u32);
        if octet > 255 {
            return None;
        }
        v = v << 8 | octet;
    }
    parts.next().is_none().then_some(v as i32)
}

/// The month names Tok reads in `ddMMMyyyy` dates.
const MONTH_NAMES: [&[u8]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];

thread_local! {
    /// `\z 1`: a slashed date reads `dd/mm/yyyy` rather than `mm/dd/yyyy`.
    static DAY_FIRST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `\z`: whether `"D"$` reads `dd/mm/yyyy` (1) or `mm/dd/yyyy` (0).
pub fn slashed_dates_day_first() -> bool {
    DAY_FIRST.with(std::cell::Cell::get)
}

/// Sets the order `\z` shows.
pub fn set_slashed_dates_day_first(day_first: bool) {
    DAY_FIRST.with(|d| d.set(day_first));
}

/// Tok's date forms: `yyyy.mm.dd` (or with `-` or `/`), `yyyymmdd`,
/// `yymmdd`, `ddMMMyyyy`, `ddMMMyy` and `mm/dd/yyyy` (or with `.` or
/// `-`; `dd/mm/yyyy` after `\z 1`).
fn tok_date(text: &[u8]) -> Option<i32> {
    if let Some(d) = parse_ymd(text, b".-/") {
        return Some(d);
    }
    match text.len() {
        8 if text.iter().all(u8::is_ascii_digit) => days_checked(
            fixed_digits(&text[..4], 4)? as i64,
            fixed_digits(&text[4..6], 2)?,
            fixed_digits(&text[6..], 2)?,
        ),
        6 if text.iter().all(u8::is_ascii_digit) => days_checked(
            century(fixed_digits(&text[..2], 2)?),
            fixed_digits(&text[2..4], 2)?,
            fixed_digits(&text[4..], 2)?,
        ),
        7 | 9 if text[2..5].iter().all(u8::is_ascii_alphabetic) => {
            let name = text[2..5].to_ascii_lowercase();
            let m = MONTH_NAMES.iter().position(|n| *n == name.as_slice())? as u32 + 1;
            let d = fixed_digits(&text[..2], 2)?;
            let y = if text.len() == 9 {
                fixed_digits(&text[5..], 4)? as i64
            } else {
                century(fixed_digits(&text[5..], 2)?)
            };
            days_checked(y, m, d)
        }
        // `dd Mmm yyyy`, as in mail headers.
        11 if text[2] == b' ' && text[6] == b' ' => {
            let compact = [&text[..2], &text[3..6], &text[7..]].concat();
            tok_date(&compact)
        }
        // `mm/dd/yyyy`, or with `.` or `-` (q for mortals §7).
        10 if text[2] == text[5] && matches!(text[2], b'/' | b'.' | b'-') => {
            let (first, second) = (fixed_digits(&text[..2], 2)?, fixed_digits(&text[3..5], 2)?);
            let (m, d) = if slashed_dates_day_first() {
                (second, first)
            } else {
                (first, second)
            };
            days_checked(fixed_digits(&text[6..], 4)? as i64, m, d)
        }
        _ => None,
    }
}

/// A two-digit year: below 50 is 20yy, else 19yy.
fn century(yy: u32) -> i64 {
    if yy < 50 {
        2000 + yy as i64
    } else {
        1900 + yy as i64
    }
}

/// Tok's month forms: `yyyy.mm` (or `-`, `/`) and `yyyymm`.
fn tok_month(text: &[u8]) -> Option<(i64, u32)> {
    let (y, m) = match text.len() {
        7 if matches!(text[4], b'.' | b'-' | b'/') => {
            (fixed_digits(&text[..4], 4)?, fixed_digits(&text[5..], 2)?)
        }
        6 => (fixed_digits(&text[..4], 4)?, fixed_digits(&text[4..], 2)?),
        _ => return None,
    };
    (1..=12).contains(&m).then_some((y as i64, m))
}

/// Tok's timestamp forms: a date, optionally followed by `D`, `T`, `-` or a
/// blank and a clock; or Unix seconds as 9 to 11 digits with an optional
/// fraction. Nanoseconds since 2000.01.01.
fn tok_timestamp(text: &[u8]) -> Option<i64> {
    let int_len = text.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = &text[int_len..];
    if (9..=11).contains(&int_len) && (rest.is_empty() || rest[0] == b'.') {
        // Shift to seconds since 2000 first: Unix nanoseconds overflow past 2262.
        let secs = parse_integer(&text[..int_len])? - UNIX_EPOCH_DAYS * 86_400;
        let frac = match rest.split_first() {
            Some((_, f)) if f.iter().all(u8::is_ascii_digit) => fraction_nanos(f),
            Some(_) => return None,
            None => 0,
        };
        return secs.checked_mul(NANOS_PER_SEC)?.checked_add(frac);
    }
    // The date is 10 characters when separated, 8 when compact, 11 as
    // `dd Mmm yyyy`.
    for date_len in [11, 10, 8] {
        if text.len() < date_len {
            continue;
        }
        let Some(days) = tok_date(&text[..date_len]) else {
            continue;
        };
        let clock = match &text[date_len..] {
            [] => 0,
            [b'D' | b'T' | b'-' | b' ', clock @ ..] => parse_clock(clock)?,
            _ => continue,
        };
        return (days as i64).checked_mul(NANOS_PER_DAY)?.checked_add(clock);
    }
    None
}

/// Tok's clock forms: `[-][d]Dhh:mm:ss.f`, `hh:mm[:ss[.f]]`, digits-only
/// `HHMMSS` followed by fraction digits (`"T"$"123456789"` is `12:34:56.789`),
/// or hours and a fraction of a second (`"N"$"1.5"` is `0D01:00:00.5`). A
/// zone offset's `+` sign is allowed (`"T"$"+0900"`).
fn tok_clock_or_digits(text: &[u8]) -> Option<i64> {
    let (neg, body) = sign(text.strip_prefix(b"+").unwrap_or(text));
    let ns = if let Some(d) = body.iter().position(|&c| c == b'D') {
        let days = if d == 0 {
            0
        } else {
            parse_integer(&body[..d])?
        };
        days.checked_mul(NANOS_PER_DAY)?
            .checked_add(parse_clock(&body[d + 1..])?)?
    } else if body.contains(&b':') {
        parse_clock(body)?
    } else if let Some(dot) = body.iter().position(|&c| c == b'.') {
        let (hours, frac) = (&body[..dot], &body[dot + 1..]);
        if hours.is_empty() || !hours.iter().chain(frac).all(u8::is_ascii_digit) {
            return None;
        }
        parse_integer(hours)?.checked_mul(NANOS_PER_HOUR)? + fraction_nanos(frac)
    } else if !body.is_empty() && body.iter().all(u8::is_ascii_digit) {
        let field = |r: std::ops::Range<usize>| -> Option<i64> {
            match body.get(r) {
                Some(f) => Some(fixed_digits(f, 2)? as i64),
                None => Some(0),
            }
        };
        if body.len() % 2 == 1 && body.len() < 6 {
            return None;
        }
        let (h, m, s) = (field(0..2)?, field(2..4)?, field(4..6)?);
        if m >= 60 || s >= 60 {
            return None;
        }
        let frac = body.get(6..).map_or(0, fraction_nanos);
        h * NANOS_PER_HOUR + m * NANOS_PER_MINUTE + s * NANOS_PER_SEC + frac
    } else {
        return None;
    };
    Some(negate(neg, ns))
}

/// Trims ASCII blanks from both ends.
fn trim(text: &[u8]) -> &[u8] {
    let start = text.iter().position(|c| !c.is_ascii_whitespace());
    let end = text.iter().rposition(|c| !c.is_ascii_whitespace());
    match (start, end) {
        (Some(s), Some(e)) => &text[s..=e],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::k::{NULL_INT, NULL_LONG, NULL_SHORT, null_float, null_real};

    fn atom(t: Type, text: &str) -> K {
        parse_atom(t, text.as_bytes())
    }

    fn date(y: i64, m: u32, d: u32) -> i32 {
        calendar::days(y, m, d) as i32
    }

    #[test]
    fn tok_integers_overflow_to_null() {
        assert_eq!(atom(Type::Long, "12"), K::long(12));
        assert_eq!(atom(Type::Long, " -12 "), K::long(-12));
        assert_eq!(atom(Type::Int, "2147483648"), K::int(NULL_INT));
        assert_eq!(atom(Type::Int, "2147483647"), K::int(INF_INT));
        assert_eq!(atom(Type::Short, "32768"), K::short(NULL_SHORT));
        assert_eq!(atom(Type::Short, "42"), K::short(42));
        assert_eq!(atom(Type::Long, "abc"), K::long(NULL_LONG));
        assert_eq!(atom(Type::Long, ""), K::long(NULL_LONG));
        assert_eq!(atom(Type::Long, "99999999999999999999"), K::long(NULL_LONG));
    }

    #[test]
    fn tok_int_reads_ip_addresses() {
        assert_eq!(atom(Type::Int, "192.168.1.34"), K::int(-1062731486));
        assert_eq!(atom(Type::Int, "127.0.0.1"), K::int(2130706433));
    }

    #[test]
    fn tok_booleans_and_bytes() {
        assert_eq!(atom(Type::Boolean, "1"), K::bool(true));
        assert_eq!(atom(Type::Boolean, "42"), K::bool(false));
        assert_eq!(atom(Type::Boolean, "   Y  "), K::bool(true));
        assert_eq!(atom(Type::Boolean, "true"), K::bool(true));
        assert_eq!(atom(Type::Boolean, "no"), K::bool(false));
        assert_eq!(atom(Type::Byte, "42"), K::byte(0x42));
        assert_eq!(atom(Type::Byte, "ff"), K::byte(0xff));
        assert_eq!(atom(Type::Byte, "zz"), K::byte(0));
    }

    #[test]
    fn tok_floats_and_reals() {
        assert_eq!(atom(Type::Real, "2.5"), K::real(2.5));
        assert_eq!(atom(Type::Real, "0.1"), K::real(0.1f32));
        assert_eq!(atom(Type::Float, "1.5"), K::float(1.5));
        assert_eq!(atom(Type::Float, "1e3"), K::float(1000.0));
        assert_eq!(atom(Type::Float, "0w"), K::float(f64::INFINITY));
        assert_eq!(atom(Type::Float, "x"), K::float(null_float()));
        assert_eq!(atom(Type::Float, "inf"), K::float(null_float()));
    }

    #[test]
    fn tok_chars_and_symbols() {
        assert_eq!(atom(Type::Symbol, "   IBM   "), K::sym("IBM"));
        assert_eq!(atom(Type::Symbol, "a b"), K::sym("a b"));
        assert_eq!(atom(Type::Char, "xy"), K::char(b'x'));
        assert_eq!(atom(Type::Char, ""), K::char(b' '));
    }

    #[test]
    fn tok_guids() {
        let g = atom(Type::Guid, "8c680a01-5a49-5aab-5a65-d4bfddb6a661");
        assert_eq!(
            g,
            K::guid([
                0x8c, 0x68, 0x0a, 0x01, 0x5a, 0x49, 0x5a, 0xab, 0x5a, 0x65, 0xd4, 0xbf, 0xdd, 0xb6,
                0xa6, 0x61
            ])
        );
        assert_eq!(atom(Type::Guid, "nonsense"), K::guid([0; 16]));
    }

    #[test]
    fn tok_dates_in_many_forms() {
        let d = K::date(date(2020, 1, 2));
        assert_eq!(atom(Type::Date, "2020.01.02"), d);
        assert_eq!(atom(Type::Date, "2020-01-02"), d);
        assert_eq!(atom(Type::Date, "2020/01/02"), d);
        assert_eq!(atom(Type::Date, "20200102"), d);
        assert_eq!(atom(Type::Date, "200102"), d);
        assert_eq!(atom(Type::Date, "02Jan2020"), d);
        assert_eq!(atom(Type::Date, "01/02/2020"), d);
        assert_eq!(atom(Type::Date, "2000-12-12"), K::date(date(2000, 12, 12)));
        assert_eq!(atom(Type::Date, "2147483648"), K::date(NULL_INT));
        assert_eq!(atom(Type::Date, "2020.02.30"), K::date(NULL_INT));
    }

    #[test]
    fn tok_times() {
        // 12:34:56.789 as milliseconds.
        assert_eq!(
            atom(Type::Time, "123456789"),
            K::atom_i32(Type::Time, 45_296_789)
        );
        assert_eq!(
            atom(Type::Time, "12:34:56.789"),
            K::atom_i32(Type::Time, 45_296_789)
        );
        assert_eq!(
            atom(Type::Minute, "12:13:14"),
            K::atom_i32(Type::Minute, 733)
        );
        assert_eq!(
            atom(Type::Second, "12:13:14"),
            K::atom_i32(Type::Second, 44_000 - 6)
        );
        assert_eq!(
            atom(Type::Timespan, "123456123987654"),
            K::timespan(45_296 * NANOS_PER_SEC + 123_987_654)
        );
        assert_eq!(atom(Type::Time, "12:61"), K::atom_i32(Type::Time, NULL_INT));
    }

    #[test]
    fn tok_timestamps() {
        let want = K::timestamp(
            date(2015, 10, 28) as i64 * NANOS_PER_DAY
                + 3 * NANOS_PER_HOUR
                + 55 * NANOS_PER_MINUTE
                + 58 * NANOS_PER_SEC
                + 654_200_000,
        );
        assert_eq!(atom(Type::Timestamp, "2015-10-28D03:55:58.6542"), want);
        assert_eq!(atom(Type::Timestamp, "2015.10.28D03:55:58.6542"), want);
        let unix = K::timestamp(date(2290, 12, 31) as i64 * NANOS_PER_DAY);
        assert_eq!(atom(Type::Timestamp, "10129708800"), unix);
        assert_eq!(
            atom(Type::Timestamp, "00000000000.123456789"),
            K::timestamp(-UNIX_EPOCH_DAYS * NANOS_PER_DAY + 123_456_789)
        );
        let compact = K::timestamp(
            date(2019, 11, 22) as i64 * NANOS_PER_DAY
                + 11 * NANOS_PER_HOUR
                + 11 * NANOS_PER_MINUTE
                + 11 * NANOS_PER_SEC
                + 123_000_000,
        );
        assert_eq!(atom(Type::Timestamp, "20191122-11:11:11.123"), compact);
        assert_eq!(atom(Type::Timestamp, "junk"), K::timestamp(NULL_LONG));
    }

    #[test]
    fn tok_datetime_and_month() {
        assert_eq!(
            atom(Type::Datetime, "2000.01.04T05:36:57.600"),
            K::Atom(Type::Datetime, Scalar::F64(3.234))
        );
        assert_eq!(atom(Type::Month, "2001.01"), K::atom_i32(Type::Month, 12));
        assert_eq!(atom(Type::Month, "2001-01"), K::atom_i32(Type::Month, 12));
        assert_eq!(atom(Type::Month, "200101"), K::atom_i32(Type::Month, 12));
        assert_eq!(
            atom(Type::Month, "2001.13"),
            K::atom_i32(Type::Month, NULL_INT)
        );
    }

    #[test]
    fn mail_header_dates_and_zone_offsets() {
        // `Tue, 04 Jun 2013 07:00:13 +0900` cut into its date-time and zone.
        let z = atom(Type::Timestamp, "04 Jun 2013 07:00:13");
        assert_eq!(
            z,
            K::timestamp(date(2013, 6, 4) as i64 * NANOS_PER_DAY + 25_213 * NANOS_PER_SEC)
        );
        assert_eq!(atom(Type::Date, "04 jun 2013"), K::date(date(2013, 6, 4)));
        assert_eq!(
            atom(Type::Time, "+0900"),
            K::atom_i32(Type::Time, 9 * 3_600_000)
        );
        assert_eq!(
            atom(Type::Time, "-0500"),
            K::atom_i32(Type::Time, -5 * 3_600_000)
        );
        assert_eq!(atom(Type::Date, "04 Jux 2013"), K::date(crate::k::NULL_INT));
    }

    #[test]
    fn timespans_read_hours_and_a_fraction_of_a_second() {
        assert_eq!(
            atom(Type::Timespan, "0.123456789"),
            K::timespan(123_456_789)
        );
        assert_eq!(
            atom(Type::Timespan, "1.123456789"),
            K::timespan(NANOS_PER_HOUR + 123_456_789)
        );
        assert_eq!(atom(Type::Timespan, "1.x"), K::timespan(NULL_LONG));
    }

    #[test]
    fn words_classify_by_form() {
        let atom_of = |w: &str| match parse_word(w.as_bytes()) {
            Some(Word::Atom { ty, value, .. }) => Some(K::Atom(ty, value)),
            Some(Word::Vector(v)) => Some(v),
            None => None,
        };
        assert_eq!(atom_of("42"), Some(K::long(42)));
        assert_eq!(atom_of("-42"), Some(K::long(-42)));
        assert_eq!(atom_of("1.5"), Some(K::float(1.5)));
        assert_eq!(atom_of("1e3"), Some(K::float(1000.0)));
        assert_eq!(atom_of("1e"), Some(K::real(1.0)));
        assert_eq!(atom_of("5.5e"), Some(K::real(5.5)));
        assert_eq!(atom_of("1f"), Some(K::float(1.0)));
        assert_eq!(atom_of("-234h"), Some(K::short(-234)));
        assert_eq!(atom_of("1i"), Some(K::int(1)));
        assert_eq!(atom_of("1j"), Some(K::long(1)));
        assert_eq!(atom_of("1b"), Some(K::bool(true)));
        assert_eq!(atom_of("101b"), Some(K::bools(vec![true, false, true])));
        assert_eq!(atom_of("0x2a"), Some(K::byte(0x2a)));
        assert_eq!(atom_of("0x0"), Some(K::byte(0)));
        assert_eq!(atom_of("0x0102"), Some(K::bytes(vec![1, 2])));
        assert_eq!(atom_of("0x123"), Some(K::bytes(vec![1, 0x23])));
        assert_eq!(atom_of("0x"), Some(K::bytes(vec![])));
        assert_eq!(atom_of("0n"), Some(K::float(null_float())));
        assert_eq!(atom_of("-0w"), Some(K::float(f64::NEG_INFINITY)));
        assert_eq!(atom_of("0N"), Some(K::long(NULL_LONG)));
        assert_eq!(atom_of("-0W"), Some(K::long(-INF_LONG)));
        assert_eq!(atom_of("0Wh"), Some(K::short(INF_SHORT)));
        assert_eq!(atom_of("0Ne"), Some(K::real(null_real())));
        assert_eq!(atom_of("0Ng"), Some(K::guid([0; 16])));
        assert_eq!(atom_of("0p"), Some(K::timestamp(0)));
        assert_eq!(atom_of("0Wp"), Some(K::timestamp(INF_LONG)));
        assert_eq!(atom_of("2000.01.02"), Some(K::date(1)));
        assert_eq!(atom_of("2001.01m"), Some(K::atom_i32(Type::Month, 12)));
        assert_eq!(atom_of("12:30"), Some(K::atom_i32(Type::Minute, 750)));
        assert_eq!(atom_of("12:30:00"), Some(K::atom_i32(Type::Second, 45_000)));
        assert_eq!(
            atom_of("12:04:59.123"),
            Some(K::atom_i32(Type::Time, 43_499_123))
        );
        assert_eq!(atom_of("00:00:00.000000001"), Some(K::timespan(1)));
        assert_eq!(atom_of("1D"), Some(K::timespan(NANOS_PER_DAY)));
        assert_eq!(
            atom_of("0D05:36:57.600"),
            Some(K::timespan(20_217_600 * NANOS_PER_MILLI))
        );
        assert_eq!(
            atom_of("2000.01.04D05:36:57.600"),
            Some(K::timestamp(
                3 * NANOS_PER_DAY + 20_217_600 * NANOS_PER_MILLI
            ))
        );
        assert_eq!(atom_of("2000.01.01D"), Some(K::timestamp(0)));
        assert_eq!(
            atom_of("2000.01.01T"),
            Some(K::Atom(Type::Datetime, Scalar::F64(0.0)))
        );
        assert_eq!(
            atom_of("0Nz"),
            Some(K::Atom(Type::Datetime, Scalar::F64(null_float())))
        );
        assert_eq!(atom_of("12ab"), None);
        assert_eq!(atom_of("32768h"), None);
        assert_eq!(atom_of("2000.13.01"), None);
        assert_eq!(atom_of("1.5h"), None);
    }

    proptest::proptest! {
        #[test]
        fn tok_never_panics(text in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            for t in Type::ALL {
                let k = parse_atom(t, &text);
                proptest::prop_assert_eq!(k.type_code(), -(t as i16));
            }
        }

        #[test]
        fn words_never_panic(word in "-?[0-9.:a-zA-Z+-]{0,24}") {
            let _ = parse_word(word.as_bytes());
        }
    }
}
