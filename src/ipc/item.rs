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

/// The items held in `bytes` (a whole number of items) written in the given
/// byte order: one copy, then a swap pass only if that order is not the host's.
pub(crate) fn get_items<T: Item>(bytes: &[u8], big_endian: bool) -> Vec<T> {
    let width = size_of::<T>();
    debug_assert_eq!(bytes.len() % width, 0);
    let mut items = vec![T::zeroed(); bytes.len() / width];
    bytemuck::cast_slice_mut::<T, u8>(&mut items).copy_from_slice(bytes);
    if big_endian != HOST_BIG_ENDIAN && width > 1 {
        for x in &mut items {
            *x = x.swap_bytes();
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_round_trip_in_both_orders() {
        let mut out = Vec::new();
        put_items(&mut out, &[1i32, -2]);
        assert_eq!(out, [1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
        assert_eq!(get_items::<i32>(&out, false), [1, -2]);
        assert_eq!(get_items::<i32>(&[0, 0, 0, 1], true), [1]);
        let nan = f64::from_bits(0x7ff8_0000_0000_0001);
        let mut out = Vec::new();
        put_items(&mut out, &[nan]);
        assert_eq!(get_items::<f64>(&out, false)[0].to_bits(), nan.to_bits());
    }

    #[test]
    fn guids_are_never_swapped() {
        let g: [u8; 16] = std::array::from_fn(|i| i as u8);
        assert_eq!(get_items::<[u8; 16]>(&g, true), [g]);
    }
}
