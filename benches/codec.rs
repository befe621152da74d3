//! Codec throughput: encode and decode of a 1,000,000-row table (long,
//! float, symbol, timestamp and char columns), of its symbol column alone,
//! and of a 100 MB long vector, each beside a plain copy of the same bytes
//! (allocate + memcpy) as the baseline. Run with `cargo bench --bench codec`.

mod data;
use data::numbers;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use qrepl::ipc::{EncodeOptions, MsgType, decode_message, encode_message};
use qrepl::k::{Data, K, SymVec, Type};
use std::hint::black_box;
use std::time::Duration;

const ROWS: usize = 1_000_000;
const LONGS_BYTES: usize = 100 << 20;

fn symbols(n: usize) -> K {
    let pool: Vec<String> = (0..500).map(|i| format!("SYM{i}.{}", i % 7)).collect();
    let syms: SymVec = numbers(3)
        .take(n)
        .map(|r| pool[(r % pool.len() as u64) as usize].as_str())
        .collect();
    K::syms(syms)
}

fn table() -> K {
    let longs = K::longs(numbers(1).take(ROWS).map(|x| x as i64).collect());
    let floats = K::floats(numbers(2).take(ROWS).map(|x| x as f64 / 7.0).collect());
    let stamps = K::vector(
        Type::Timestamp,
        Data::I64(
            (0..ROWS as i64)
                .map(|i| 800_000_000_000_000_000 + i * 1_000)
                .collect(),
        ),
    );
    let chars = K::vector(
        Type::Char,
        Data::U8(
            numbers(4)
                .take(ROWS)
                .map(|x| b'a' + (x % 26) as u8)
                .collect(),
        ),
    );
    K::table(
        ["long", "float", "sym", "time", "char"]
            .into_iter()
            .collect(),
        vec![longs, floats, symbols(ROWS), stamps, chars],
    )
}

fn bench_value(c: &mut Criterion, name: &str, value: &K) {
    let msg = encode_message(MsgType::Async, value, &EncodeOptions::default()).unwrap();
    let mut group = c.benchmark_group(name);
    group
        .throughput(Throughput::Bytes(msg.len() as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function(BenchmarkId::new("memcpy", msg.len()), |b| {
        b.iter(|| black_box(black_box(&msg[..]).to_vec()))
    });
    group.bench_function(BenchmarkId::new("encode", msg.len()), |b| {
        b.iter(|| {
            encode_message(MsgType::Async, black_box(value), &EncodeOptions::default()).unwrap()
        })
    });
    group.bench_function(BenchmarkId::new("decode", msg.len()), |b| {
        b.iter(|| decode_message(black_box(&msg)).unwrap())
    });
    group.finish();
}

fn codec(c: &mut Criterion) {
    let t = table();
    bench_value(c, "table_1m_rows", &t);
    bench_value(c, "symbol_column_1m", &symbols(ROWS));
    drop(t);
    let longs = K::longs(numbers(5).take(LONGS_BYTES / 8).map(|x| x as i64).collect());
    bench_value(c, "longs_100mb", &longs);
}

criterion_group!(benches, codec);
criterion_main!(benches);
