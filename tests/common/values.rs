//! Arbitrary q values for property and interop tests: every atom and vector
//! type with arbitrary bit patterns (NaN payloads, nulls, infinities),
//! attributes, general lists, dictionaries, sorted dictionaries, tables,
//! keyed tables and every kind of function, nested.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use qrepl::k::{
    Adverb, Attr, Data, Dict, Func, INF_INT, INF_LONG, INF_SHORT, K, Lambda, List, NULL_FLOAT_BITS,
    NULL_INT, NULL_LONG, NULL_REAL_BITS, NULL_SHORT, Scalar, Storage, Sym, SymVec, Table, Type,
    Vector,
};
use std::rc::Rc;

/// Which values to generate.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Whether to include lambdas (type 100).
    pub lambdas: bool,
    /// Highest unary primitive code (1..; 0 is `::`, generated separately).
    pub max_unary: u8,
    /// Highest binary primitive code.
    pub max_binary: u8,
    /// Whether symbols and error texts may hold any non-NUL byte (else ASCII).
    pub any_bytes: bool,
    /// Levels of nesting.
    pub depth: u32,
    /// Most items in a generated vector or list.
    pub max_len: usize,
}

impl Shape {
    /// Everything the value model can hold and the wire can carry.
    pub const FULL: Shape = Shape {
        lambdas: true,
        max_unary: 0xfe,
        max_binary: 0xff,
        any_bytes: true,
        depth: 4,
        max_len: 8,
    };

    /// What KX's serializer in pykx handles without a licence: no lambdas
    /// (it cannot rebuild them and returns their source string), unary
    /// codes up to 41 and binary codes up to 34 (higher codes crash it),
    /// ASCII error texts (it turns them into Python exceptions).
    pub const PYKX: Shape = Shape {
        lambdas: false,
        max_unary: 41,
        max_binary: 34,
        any_bytes: false,
        depth: 4,
        max_len: 8,
    };
}

fn text(shape: Shape) -> BoxedStrategy<Vec<u8>> {
    if shape.any_bytes {
        prop_oneof![
            3 => prop::collection::vec(b'a'..=b'z', 0..5),
            1 => prop::collection::vec(1u8..=255, 0..5),
        ]
        .boxed()
    } else {
        prop::collection::vec(0x20u8..=0x7e, 0..5).boxed()
    }
}

/// Any storage for an item of type `t`, favouring nulls and infinities.
fn scalar(t: Type, shape: Shape) -> BoxedStrategy<Scalar> {
    match t.storage() {
        Storage::U8 if t == Type::Boolean => (0u8..=1).prop_map(Scalar::U8).boxed(),
        Storage::U8 => any::<u8>().prop_map(Scalar::U8).boxed(),
        Storage::Guid => prop_oneof![Just([0u8; 16]), any::<[u8; 16]>()]
            .prop_map(Scalar::Guid)
            .boxed(),
        Storage::I16 => prop_oneof![
            Just(NULL_SHORT),
            Just(INF_SHORT),
            Just(-INF_SHORT),
            any::<i16>()
        ]
        .prop_map(Scalar::I16)
        .boxed(),
        Storage::I32 => prop_oneof![Just(NULL_INT), Just(INF_INT), Just(-INF_INT), any::<i32>()]
            .prop_map(Scalar::I32)
            .boxed(),
        Storage::I64 => prop_oneof![
            Just(NULL_LONG),
            Just(INF_LONG),
            Just(-INF_LONG),
            any::<i64>()
        ]
        .prop_map(Scalar::I64)
        .boxed(),
        // Random bits are rarely NaN: also draw NaNs with random payloads
        // (either sign, quiet or signalling).
        Storage::F32 => prop_oneof![
            Just(NULL_REAL_BITS),
            (any::<bool>(), 1u32..(1 << 23))
                .prop_map(|(neg, m)| ((neg as u32) << 31) | 0x7f80_0000 | m),
            any::<u32>(),
        ]
        .prop_map(|b| Scalar::F32(f32::from_bits(b)))
        .boxed(),
        Storage::F64 => prop_oneof![
            Just(NULL_FLOAT_BITS),
            (any::<bool>(), 1u64..(1 << 52))
                .prop_map(|(neg, m)| ((neg as u64) << 63) | 0x7ff0_0000_0000_0000 | m),
            any::<u64>(),
        ]
        .prop_map(|b| Scalar::F64(f64::from_bits(b)))
        .boxed(),
        Storage::Sym => text(shape).prop_map(|b| Scalar::Sym(Sym::new(&b))).boxed(),
    }
}

fn simple_type() -> impl Strategy<Value = Type> {
    prop::sample::select(Type::ALL.to_vec())
}

fn attr() -> impl Strategy<Value = Attr> {
    prop_oneof![
        6 => Just(Attr::None),
        1 => Just(Attr::Sorted),
        1 => Just(Attr::Unique),
        1 => Just(Attr::Parted),
        1 => Just(Attr::Grouped),
    ]
}

fn atom(shape: Shape) -> BoxedStrategy<K> {
    simple_type()
        .prop_flat_map(move |t| scalar(t, shape).prop_map(move |s| K::Atom(t, s)))
        .boxed()
}

/// A vector of type `t` with exactly `n` items.
fn vector_of(t: Type, n: usize, shape: Shape) -> BoxedStrategy<K> {
    (prop::collection::vec(scalar(t, shape), n), attr())
        .prop_map(move |(items, attr)| {
            let mut data = Data::with_capacity(t, items.len());
            for s in &items {
                data.push(s);
            }
            K::Vector(Rc::new(Vector { ty: t, attr, data }))
        })
        .boxed()
}

/// A vector of any type with exactly `n` items.
fn any_vector_of(n: usize, shape: Shape) -> BoxedStrategy<K> {
    simple_type()
        .prop_flat_map(move |t| vector_of(t, n, shape))
        .boxed()
}

fn vector(shape: Shape) -> BoxedStrategy<K> {
    (0..=shape.max_len)
        .prop_flat_map(move |n| any_vector_of(n, shape))
        .boxed()
}

/// A function that needs no nesting.
fn primitive(shape: Shape) -> BoxedStrategy<K> {
    let lambda =
        (prop::sample::select(vec!["", "d", "q", ".z"]), "[ -~]{0,8}").prop_map(|(ctx, body)| {
            K::func(Func::Lambda(Lambda::new(
                Sym::from(ctx),
                &format!("{{{body}}}"),
            )))
        });
    let unary = (1..=shape.max_unary).prop_map(|c| K::func(Func::Unary(c)));
    let binary = (0..=shape.max_binary).prop_map(|c| K::func(Func::Binary(c)));
    let iterator = (0u8..=5).prop_map(|c| K::func(Func::Iterator(c)));
    if shape.lambdas {
        prop_oneof![unary, binary, iterator, lambda].boxed()
    } else {
        prop_oneof![unary, binary, iterator].boxed()
    }
}

fn adverb() -> impl Strategy<Value = Adverb> {
    (0u8..=5).prop_map(|c| Adverb::from_code(c).expect("codes 0..5"))
}

/// A table with `rows` rows whose columns come from `inner` (general list
/// columns) or are vectors.
fn table_of(rows: usize, inner: BoxedStrategy<K>, shape: Shape) -> BoxedStrategy<K> {
    let column = prop_oneof![
        3 => any_vector_of(rows, shape),
        1 => prop::collection::vec(inner, rows).prop_map(K::list),
    ];
    (
        prop::collection::vec((text(shape), column), 1..4),
        prop_oneof![4 => Just(Attr::None), 1 => Just(Attr::Sorted)],
    )
        .prop_map(|(cols, attr)| {
            // Names must be distinct: suffix each with its position.
            let mut names = SymVec::new();
            for (i, (name, _)) in cols.iter().enumerate() {
                let mut unique = name.clone();
                unique.extend_from_slice(i.to_string().as_bytes());
                names.push(&unique);
            }
            K::Table(Rc::new(Table {
                attr,
                names,
                cols: cols.into_iter().map(|(_, c)| c).collect(),
            }))
        })
        .boxed()
}

fn with_keys_sorted(keys: K) -> K {
    match keys {
        K::Vector(v) => K::Vector(Rc::new(Vector {
            attr: Attr::Sorted,
            ..(*v).clone()
        })),
        K::Table(t) => {
            let mut sorted: Table = (*t).clone();
            sorted.attr = Attr::Sorted;
            K::Table(Rc::new(sorted))
        }
        other => other,
    }
}

fn compound(inner: BoxedStrategy<K>, shape: Shape) -> BoxedStrategy<K> {
    let n = 0..=shape.max_len;
    let list = (prop::collection::vec(inner.clone(), n.clone()), attr())
        .prop_map(|(items, attr)| K::List(Rc::new(List { attr, items })));
    let dict = {
        let inner = inner.clone();
        (n.clone(), any::<bool>())
            .prop_flat_map(move |(n, sorted)| {
                let values = prop_oneof![
                    any_vector_of(n, shape),
                    prop::collection::vec(inner.clone(), n).prop_map(K::list),
                ];
                (any_vector_of(n, shape), values).prop_map(move |(keys, values)| {
                    let keys = if sorted { with_keys_sorted(keys) } else { keys };
                    K::Dict(Rc::new(Dict {
                        sorted,
                        keys,
                        values,
                    }))
                })
            })
            .boxed()
    };
    let table = {
        let inner = inner.clone();
        n.clone()
            .prop_flat_map(move |rows| table_of(rows, inner.clone(), shape))
            .boxed()
    };
    let keyed = {
        let inner = inner.clone();
        (n, any::<bool>())
            .prop_flat_map(move |(rows, sorted)| {
                (
                    table_of(rows, inner.clone(), shape),
                    table_of(rows, inner.clone(), shape),
                )
                    .prop_map(move |(keys, values)| {
                        let keys = if sorted { with_keys_sorted(keys) } else { keys };
                        K::Dict(Rc::new(Dict {
                            sorted,
                            keys,
                            values,
                        }))
                    })
            })
            .boxed()
    };
    let function = prop_oneof![primitive(shape), inner.clone()];
    let argument = prop_oneof![4 => inner.clone(), 1 => Just(K::elided())];
    let projection =
        (primitive(shape), prop::collection::vec(argument, 1..4)).prop_map(|(f, args)| {
            let mut items = vec![f];
            items.extend(args);
            K::func(Func::Projection(items))
        });
    let composition =
        prop::collection::vec(primitive(shape), 2..4).prop_map(|fs| K::func(Func::Composition(fs)));
    let derived = (adverb(), function).prop_map(|(a, f)| K::func(Func::Derived(a, f)));
    prop_oneof![
        3 => list,
        2 => dict,
        2 => table,
        1 => keyed,
        1 => projection,
        1 => composition,
        1 => derived,
    ]
    .boxed()
}

/// Any value that can sit inside another: no error objects.
pub fn nested(shape: Shape) -> BoxedStrategy<K> {
    let leaf = prop_oneof![
        4 => atom(shape),
        4 => vector(shape),
        1 => Just(K::Nil),
        1 => Just(K::elided()),
        2 => primitive(shape),
    ];
    leaf.prop_recursive(shape.depth, 48, shape.max_len as u32, move |inner| {
        compound(inner, shape)
    })
    .boxed()
}

/// Any value a message can carry, including a top-level error object.
pub fn message_value(shape: Shape) -> BoxedStrategy<K> {
    prop_oneof![
        15 => nested(shape),
        1 => text(shape).prop_map(|t| K::Error(Sym::new(&t))),
    ]
    .boxed()
}

/// `n` values drawn from `strategy` with a fixed seed: the same values on
/// every run.
pub fn corpus(strategy: BoxedStrategy<K>, seed: u8, n: usize) -> Vec<K> {
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    (0..n)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("value strategies never reject")
                .current()
        })
        .collect()
}
