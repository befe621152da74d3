//! q's simple type codes and vector attributes.

/// A simple (atom or vector) type: the absolute value of q's type number, 1..19.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
#[repr(u8)]
pub enum Type {
    /// `1b`, type 1, char `b`.
    Boolean = 1,
    /// type 2, char `g`.
    Guid = 2,
    /// `0x2a`, type 4, char `x`.
    Byte = 4,
    /// `1h`, type 5.
    Short = 5,
    /// `1i`, type 6.
    Int = 6,
    /// `1` / `1j`, type 7.
    Long = 7,
    /// `1e`, type 8.
    Real = 8,
    /// `1f`, type 9.
    Float = 9,
    /// `"a"`, type 10.
    Char = 10,
    /// `` `a ``, type 11.
    Symbol = 11,
    /// nanoseconds since 2000.01.01D00:00, type 12.
    Timestamp = 12,
    /// months since 2000.01, type 13.
    Month = 13,
    /// days since 2000.01.01, type 14.
    Date = 14,
    /// fractional days since 2000.01.01, type 15.
    Datetime = 15,
    /// nanoseconds, type 16.
    Timespan = 16,
    /// minutes, type 17.
    Minute = 17,
    /// seconds, type 18.
    Second = 18,
    /// milliseconds, type 19.
    Time = 19,
}

/// How a simple type's items are stored.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Storage {
    /// One byte: boolean, byte, char.
    U8,
    /// Sixteen raw bytes.
    Guid,
    /// i16: short.
    I16,
    /// i32: int, month, date, minute, second, time.
    I32,
    /// i64: long, timestamp, timespan.
    I64,
    /// f32: real.
    F32,
    /// f64: float, datetime.
    F64,
    /// NUL-terminated bytes.
    Sym,
}

impl Type {
    /// Every simple type in type-number order.
    pub const ALL: [Type; 18] = [
        Type::Boolean,
        Type::Guid,
        Type::Byte,
        Type::Short,
        Type::Int,
        Type::Long,
        Type::Real,
        Type::Float,
        Type::Char,
        Type::Symbol,
        Type::Timestamp,
        Type::Month,
        Type::Date,
        Type::Datetime,
        Type::Timespan,
        Type::Minute,
        Type::Second,
        Type::Time,
    ];

    /// The type for a positive type number 1..19 (not 3).
    pub fn from_code(code: i8) -> Option<Type> {
        let code = code.unsigned_abs();
        Type::ALL.iter().copied().find(|t| *t as u8 == code)
    }

    /// The type number (positive, as for vectors).
    pub fn code(self) -> i8 {
        self as i8
    }

    /// The type's letter, as used by `meta` and casts (`"j"$`).
    pub fn letter(self) -> u8 {
        b" bg xhijefcspmdznuvt"[self as usize]
    }

    /// The type for a cast letter (lower case), e.g. `b'j'`.
    pub fn from_letter(c: u8) -> Option<Type> {
        let pos = b" bg xhijefcspmdznuvt".iter().position(|&x| x == c)?;
        if pos == 0 || pos == 3 {
            return None;
        }
        Type::from_code(pos as i8)
    }

    /// The type's name, as used by casts (`` `long$ ``).
    pub fn name(self) -> &'static str {
        match self {
            Type::Boolean => "boolean",
            Type::Guid => "guid",
            Type::Byte => "byte",
            Type::Short => "short",
            Type::Int => "int",
            Type::Long => "long",
            Type::Real => "real",
            Type::Float => "float",
            Type::Char => "char",
            Type::Symbol => "symbol",
            Type::Timestamp => "timestamp",
            Type::Month => "month",
            Type::Date => "date",
            Type::Datetime => "datetime",
            Type::Timespan => "timespan",
            Type::Minute => "minute",
            Type::Second => "second",
            Type::Time => "time",
        }
    }

    /// The type named `name` (`"long"`), if any.
    pub fn from_name(name: &str) -> Option<Type> {
        Type::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// How items of this type are stored.
    pub fn storage(self) -> Storage {
        match self {
            Type::Boolean | Type::Byte | Type::Char => Storage::U8,
            Type::Guid => Storage::Guid,
            Type::Short => Storage::I16,
            Type::Int | Type::Month | Type::Date | Type::Minute | Type::Second | Type::Time => {
                Storage::I32
            }
            Type::Long | Type::Timestamp | Type::Timespan => Storage::I64,
            Type::Real => Storage::F32,
            Type::Float | Type::Datetime => Storage::F64,
            Type::Symbol => Storage::Sym,
        }
    }

    /// Bytes per item on the wire; 0 for symbols, whose items vary.
    pub fn width(self) -> usize {
        match self.storage() {
            Storage::U8 => 1,
            Storage::Guid => 16,
            Storage::I16 => 2,
            Storage::I32 | Storage::F32 => 4,
            Storage::I64 | Storage::F64 => 8,
            Storage::Sym => 0,
        }
    }

    /// Whether the type is temporal (timestamp through time).
    pub fn is_temporal(self) -> bool {
        (self as u8) >= 12
    }

    /// Whether the type has a null value (all but boolean and byte).
    pub fn has_null(self) -> bool {
        !matches!(self, Type::Boolean | Type::Byte)
    }
}

/// A vector attribute (`s# u# p# g#`), as encoded in the attribute byte.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
#[repr(u8)]
pub enum Attr {
    /// No attribute.
    #[default]
    None = 0,
    /// `` `s# `` sorted.
    Sorted = 1,
    /// `` `u# `` unique.
    Unique = 2,
    /// `` `p# `` parted.
    Parted = 3,
    /// `` `g# `` grouped.
    Grouped = 4,
}

impl Attr {
    /// The attribute for a wire byte.
    pub fn from_byte(b: u8) -> Option<Attr> {
        Some(match b {
            0 => Attr::None,
            1 => Attr::Sorted,
            2 => Attr::Unique,
            3 => Attr::Parted,
            4 => Attr::Grouped,
            _ => return None,
        })
    }

    /// The attribute's letter as displayed (`s`, `u`, `p`, `g`), or `None` for none.
    pub fn letter(self) -> Option<char> {
        match self {
            Attr::None => None,
            Attr::Sorted => Some('s'),
            Attr::Unique => Some('u'),
            Attr::Parted => Some('p'),
            Attr::Grouped => Some('g'),
        }
    }

    /// The attribute for a letter, as in `` `s#x ``.
    pub fn from_letter(c: u8) -> Option<Attr> {
        Some(match c {
            b's' => Attr::Sorted,
            b'u' => Attr::Unique,
            b'p' => Attr::Parted,
            b'g' => Attr::Grouped,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_codes_agree() {
        for t in Type::ALL {
            assert_eq!(Type::from_letter(t.letter()), Some(t));
            assert_eq!(Type::from_code(t.code()), Some(t));
            assert_eq!(Type::from_code(-t.code()), Some(t));
            assert_eq!(Type::from_name(t.name()), Some(t));
        }
        assert_eq!(Type::Long.letter(), b'j');
        assert_eq!(Type::Time.letter(), b't');
        assert_eq!(Type::from_code(3), None);
        assert_eq!(Type::from_code(20), None);
    }
}
