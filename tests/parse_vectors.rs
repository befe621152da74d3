//! Parses the q expressions of the shared test vectors: every expression
//! and setup line of the console display cases, and every expression real
//! q serialised, checking each literal against the bytes q wrote for it.

mod common;

use common::shared_vector;
use qrepl::k::{Data, K, Scalar, SymVec, Type, null_float, null_real};
use qrepl::q::ast::Expr;
use qrepl::q::parse::parse;
use qrepl::q::script::{Chunk, split};

#[test]
fn every_display_case_parses() {
    let Some(text) = shared_vector("display-dev.jsonl") else {
        return;
    };
    let (mut exprs, mut setups, mut commands) = (0, 0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let id = case["id"].as_str().unwrap_or("?");
        for setup in case["setup"].as_array().into_iter().flatten() {
            let setup = setup.as_str().expect("setup text");
            for chunk in split(setup) {
                match chunk {
                    Chunk::Q { text, .. } => {
                        if let Err(e) = parse(&text) {
                            panic!("{id}: setup {text:?}: {e} at {}", e.pos);
                        }
                        setups += 1;
                    }
                    Chunk::System { .. } => commands += 1,
                }
            }
        }
        let expr = case["expr"].as_str().expect("expr text");
        match parse(expr) {
            Ok(p) => assert!(!p.stmts.is_empty(), "{id}: {expr:?} has no statement"),
            Err(e) => panic!("{id}: {expr:?}: {e} at {}", e.pos),
        }
        exprs += 1;
    }
    assert!(exprs >= 250, "only {exprs} expressions");
    assert!(setups >= 60, "only {setups} setup lines");
    eprintln!("{exprs} expressions, {setups} setup lines, {commands} system commands");
    assert!(commands >= 5, "only {commands} system commands");
}

/// The expression/bytes pairs of QExpressions3.out: a q expression on one
/// line, the hex of the serialised value (no message header) on the next;
/// `None` when the file is absent.
fn q_expressions() -> Option<Vec<(String, Vec<u8>)>> {
    let text = shared_vector("QExpressions3.out")?;
    let lines: Vec<&str> = text.lines().collect();
    let pairs = lines
        .chunks(2)
        .map(|pair| {
            let hex = pair[1].trim();
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect();
            (pair[0].to_string(), bytes)
        })
        .collect();
    Some(pairs)
}

/// A minimal reader of q's serialised atoms, simple vectors, general lists
/// and `::`, enough to check literals; `None` for anything else.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.bytes.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }

    fn item(&mut self, t: Type) -> Option<Scalar> {
        let w = t.width();
        Some(match t {
            Type::Symbol => {
                let rest = &self.bytes[self.at..];
                let end = rest.iter().position(|&b| b == 0)?;
                let s = Scalar::Sym(rest[..end].into());
                self.at += end + 1;
                s
            }
            Type::Guid => Scalar::Guid(self.take(16)?.try_into().ok()?),
            _ => {
                let b = self.take(w)?;
                match w {
                    1 => Scalar::U8(b[0]),
                    2 => Scalar::I16(i16::from_le_bytes(b.try_into().ok()?)),
                    4 if t == Type::Real => Scalar::F32(f32::from_le_bytes(b.try_into().ok()?)),
                    4 => Scalar::I32(i32::from_le_bytes(b.try_into().ok()?)),
                    _ if t == Type::Float || t == Type::Datetime => {
                        Scalar::F64(f64::from_le_bytes(b.try_into().ok()?))
                    }
                    _ => Scalar::I64(i64::from_le_bytes(b.try_into().ok()?)),
                }
            }
        })
    }

    fn value(&mut self) -> Option<K> {
        let code = self.take(1)?[0] as i8;
        match code {
            101 => (self.take(1)?[0] == 0).then_some(K::Nil),
            0 => {
                self.take(1)?;
                let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
                let items = (0..n).map(|_| self.value()).collect::<Option<_>>()?;
                Some(K::list(items))
            }
            c if c < 0 => {
                let t = Type::from_code(c)?;
                Some(K::Atom(t, self.item(t)?))
            }
            c => {
                let t = Type::from_code(c)?;
                self.take(1)?;
                let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
                let mut data = Data::with_capacity(t, n);
                if t == Type::Symbol {
                    let mut syms = SymVec::new();
                    for _ in 0..n {
                        match self.item(t)? {
                            Scalar::Sym(s) => syms.push(&s),
                            _ => return None,
                        }
                    }
                    data = Data::Sym(syms);
                } else {
                    for _ in 0..n {
                        data.push(&self.item(t)?);
                    }
                }
                Some(K::vector(t, data))
            }
        }
    }
}

/// `k` with every NaN replaced by q's null pattern: q accepts any NaN as
/// null, and the files differ from the project in which one they write.
fn canonical(k: &K) -> K {
    match k {
        K::Atom(t, Scalar::F64(v)) if v.is_nan() => K::Atom(*t, Scalar::F64(null_float())),
        K::Atom(t, Scalar::F32(v)) if v.is_nan() => K::Atom(*t, Scalar::F32(null_real())),
        K::Vector(v) => {
            let data = match &v.data {
                Data::F64(xs) => Data::F64(
                    xs.iter()
                        .map(|x| if x.is_nan() { null_float() } else { *x })
                        .collect(),
                ),
                Data::F32(xs) => Data::F32(
                    xs.iter()
                        .map(|x| if x.is_nan() { null_real() } else { *x })
                        .collect(),
                ),
                other => other.clone(),
            };
            K::vector(v.ty, data)
        }
        K::List(l) => K::list(l.items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

#[test]
fn every_serialised_expression_parses_and_literals_match_q() {
    let Some(cases) = q_expressions() else {
        return;
    };
    assert!(cases.len() >= 110, "only {} cases", cases.len());
    let mut checked = 0;
    for (expr, bytes) in &cases {
        let program = parse(expr).unwrap_or_else(|e| panic!("{expr:?}: {e} at {}", e.pos));
        let [Expr::Const(parsed)] = program.stmts.as_slice() else {
            continue;
        };
        let Some(want) = (Reader { bytes, at: 0 }).value() else {
            continue;
        };
        assert_eq!(canonical(parsed), canonical(&want), "literal {expr}");
        checked += 1;
    }
    eprintln!(
        "{checked} of {} literals compared with q's bytes",
        cases.len()
    );
    // Atoms of every type, nulls, vectors, strings and symbols.
    assert!(checked >= 55, "only {checked} literals compared");
}
