//! Fixed-width vector items: bulk copies between wire bytes and typed
//! vectors, with a byte swap only when the byte orders differ.

use bytemuck::Pod;

/// A fixed-width item type of a simple vector.
pub(crate) trait Item: Pod {
    /// The item with its bytes reversed (identity for single bytes and guids,
    /// which are never swapped).
    fn swap_bytes(self) -> Self;
}

impl Item for u8 {
    fn swap_bytes(self) -> u8 {
        self
    }
}

impl Item for [u8; 16] {
    fn swap_bytes(self) -> [u8; 16] {
        self
    }
}

impl Item for i16 {
    fn swap_bytes(self) -> i16 {
        i16::swap_bytes(self)
    }
}

impl Item for i32 {
    fn swap_bytes(self) -> i32 {
        i32::swap_bytes(self)
    }
}

impl Item for i64 {
    fn swap_bytes(self) -> i64 {
        i64::swap_bytes(self)
    }
}

impl Item for f32 {
    fn swap_bytes(self) -> f32 {
        f32::from_bits(self.to_bits().swap_bytes())
    }
}

impl Item for f64 {
    fn swap_bytes(self) -> f64 {
        f64::from_bits(self.to_bits().swap_bytes())
    }
}

/// Whether this machine is big-endian.
const HOST_BIG_ENDIAN: bool = cfg!(target_endian = "big");

/// Appends `items` in little-endian order: one copy on little-endian hosts.
pub(crate) fn put_items<T: Item>(out: &mut Vec<u8>, items: &[T]) {
    if HOST_BIG_ENDIAN {
        for &x in items {
            out.extend_from_slice(bytemuck::bytes_of(&x.swap_bytes()));
        }
    } else {
        out.extend_from_slice(bytemuck::cast_slice(items));
    }
}

/// Puts items copied from a message written in the given byte order into
/// the host's order: a swap pass only if the orders differ.
pub(crate) fn to_host_order<T: Item>(items: &mut [T], big_endian: bool) {
    if big_endian != HOST_BIG_ENDIAN && size_of::<T>() > 1 {
        for x in items {
            *x = x.swap_bytes();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_round_trip_in_both_orders() {
        let mut out = Vec::new();
        put_items(&mut out, &[1i32, -2]);
        assert_eq!(out, [1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
        let mut back: Vec<i32> = out
            .chunks(4)
            .map(|c| i32::from_ne_bytes(c.try_into().unwrap()))
            .collect();
        to_host_order(&mut back, false);
        assert_eq!(back, [1, -2]);
        let mut one = [i32::from_ne_bytes([0, 0, 0, 1])];
        to_host_order(&mut one, true);
        assert_eq!(one, [1]);
        let nan = f64::from_bits(0x7ff8_0000_0000_0001);
        let mut out = Vec::new();
        put_items(&mut out, &[nan]);
        let mut back = [f64::from_ne_bytes(out[..8].try_into().unwrap())];
        to_host_order(&mut back, false);
        assert_eq!(back[0].to_bits(), nan.to_bits());
    }

    #[test]
    fn guids_are_never_swapped() {
        let g: [u8; 16] = std::array::from_fn(|i| i as u8);
        let mut back = [g];
        to_host_order(&mut back, true);
        assert_eq!(back, [g]);
    }
}
