//! A canonical text for a q value, written the same way by
//! `tests/interop/kdescribe.py` from the in-memory K object that KX's own
//! deserializer builds, so the two sides can compare values exactly (bit
//! patterns included) without a q licence.
//!
//! Grammar (hex is lower case, items little-endian as in memory):
//!
//! ```text
//! atom          a<t>:<hex of the value>          symbol: hex of its text
//! vector        v<t>#<attr>[<n>]:<hex of items>  symbols: hex texts joined by ","
//! general list  l#<attr>[<n>](<x>;<x>...)
//! dictionary    d<sorted 0|1>(<keys>;<values>)
//! table         t#<attr>(<dictionary of names to columns>)
//! primitive     f<101|102|103>:<code hex>        (`::` is f101:00)
//! projection    f104[<n>](<x>;...)   composition f105[<n>](...)
//! derived       f<106..111>(<function>)
//! lambda        f100:<context hex>:<source hex>
//! error         e:<hex of text>
//! ```

use qrepl::k::{Data, Func, K, Scalar};

fn hex(bytes: &[u8]) -> String {
    super::hex(bytes)
}

fn scalar_bytes(s: &Scalar) -> Vec<u8> {
    match s {
        Scalar::U8(x) => vec![*x],
        Scalar::Guid(g) => g.to_vec(),
        Scalar::I16(x) => x.to_le_bytes().to_vec(),
        Scalar::I32(x) => x.to_le_bytes().to_vec(),
        Scalar::I64(x) => x.to_le_bytes().to_vec(),
        Scalar::F32(x) => x.to_bits().to_le_bytes().to_vec(),
        Scalar::F64(x) => x.to_bits().to_le_bytes().to_vec(),
        Scalar::Sym(x) => x.as_bytes().to_vec(),
    }
}

fn items(data: &Data) -> String {
    match data {
        Data::Sym(s) => s.iter().map(hex).collect::<Vec<_>>().join(","),
        _ => (0..data.len())
            .map(|i| hex(&scalar_bytes(&data.get(i))))
            .collect(),
    }
}

fn joined(xs: &[K]) -> String {
    xs.iter().map(describe).collect::<Vec<_>>().join(";")
}

/// The canonical text of `k`.
pub fn describe(k: &K) -> String {
    match k {
        K::Atom(t, s) => format!("a{}:{}", *t as u8, hex(&scalar_bytes(s))),
        K::Vector(v) => format!(
            "v{}#{}[{}]:{}",
            v.ty as u8,
            v.attr as u8,
            v.len(),
            items(&v.data)
        ),
        K::List(l) => format!(
            "l#{}[{}]({})",
            l.attr as u8,
            l.items.len(),
            joined(&l.items)
        ),
        K::Dict(d) => format!(
            "d{}({};{})",
            d.sorted as u8,
            describe(&d.keys),
            describe(&d.values)
        ),
        K::Table(t) => format!(
            "t#{}(d0(v11#0[{}]:{};l#0[{}]({})))",
            t.attr as u8,
            t.names.len(),
            t.names.iter().map(hex).collect::<Vec<_>>().join(","),
            t.cols.len(),
            joined(&t.cols)
        ),
        K::Func(f) => match &**f {
            Func::Lambda(l) => format!("f100:{}:{}", hex(&l.ctx), hex(l.src.as_bytes())),
            Func::Unary(c) => format!("f101:{c:02x}"),
            Func::Binary(c) => format!("f102:{c:02x}"),
            Func::Iterator(c) => format!("f103:{c:02x}"),
            Func::Projection(xs) => format!("f104[{}]({})", xs.len(), joined(xs)),
            Func::Composition(xs) => format!("f105[{}]({})", xs.len(), joined(xs)),
            Func::Derived(a, x) => format!("f{}({})", 106 + *a as u8, describe(x)),
        },
        K::Nil => "f101:00".to_string(),
        K::Error(s) => format!("e:{}", hex(s)),
        K::Enum(e) => {
            if e.atom {
                format!(
                    "a11:{}",
                    hex(if e.values.is_empty() {
                        b""
                    } else {
                        e.values.get(0)
                    })
                )
            } else {
                format!(
                    "v11#0[{}]:{}",
                    e.values.len(),
                    e.values.iter().map(hex).collect::<Vec<_>>().join(",")
                )
            }
        }
    }
}
