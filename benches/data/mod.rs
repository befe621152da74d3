//! Data shared by the benchmarks: a fast, deterministic number sequence.

/// A deterministic pseudo-random sequence (xorshift64*).
pub fn numbers(seed: u64) -> impl Iterator<Item = u64> {
    let mut x = seed | 1;
    std::iter::from_fn(move || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        Some(x.wrapping_mul(0x2545_f491_4f6c_dd1d))
    })
}
