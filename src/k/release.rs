//! Dropping values without recursion. A value can nest as deep as memory
//! allows; dropping it the default way would recurse once per level and
//! overflow the stack. Containers instead move their children onto a work
//! list and free them one by one.

use std::rc::Rc;

use super::{Dict, Func, K, List, Table};

/// Whether dropping `x` could recurse: it holds a container.
#[inline]
fn nests(x: &K) -> bool {
    matches!(x, K::List(_) | K::Dict(_) | K::Table(_) | K::Func(_))
}

/// Frees everything on `work`, taking the children of each container this
/// is the last owner of onto the list first, so no drop recurses.
fn release(mut work: Vec<K>) {
    while let Some(mut x) = work.pop() {
        match &mut x {
            K::List(rc) => {
                if let Some(l) = Rc::get_mut(rc) {
                    work.append(&mut l.items);
                }
            }
            K::Dict(rc) => {
                if let Some(d) = Rc::get_mut(rc) {
                    work.push(std::mem::replace(&mut d.keys, K::Nil));
                    work.push(std::mem::replace(&mut d.values, K::Nil));
                }
            }
            K::Table(rc) => {
                if let Some(t) = Rc::get_mut(rc) {
                    work.append(&mut t.cols);
                }
            }
            K::Func(rc) => {
                if let Some(f) = Rc::get_mut(rc) {
                    match f {
                        Func::Projection(parts) | Func::Composition(parts) => {
                            work.append(parts);
                        }
                        Func::Derived(_, g) => work.push(std::mem::replace(g, K::Nil)),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        // `x` drops here with its children moved out: no recursion.
    }
}

impl Drop for List {
    fn drop(&mut self) {
        if self.items.iter().any(nests) {
            release(std::mem::take(&mut self.items));
        }
    }
}

impl Drop for Dict {
    fn drop(&mut self) {
        if nests(&self.keys) || nests(&self.values) {
            let keys = std::mem::replace(&mut self.keys, K::Nil);
            let values = std::mem::replace(&mut self.values, K::Nil);
            release(vec![keys, values]);
        }
    }
}

impl Drop for Table {
    fn drop(&mut self) {
        if self.cols.iter().any(nests) {
            release(std::mem::take(&mut self.cols));
        }
    }
}

impl Drop for Func {
    fn drop(&mut self) {
        match self {
            Func::Projection(parts) | Func::Composition(parts) if parts.iter().any(nests) => {
                release(std::mem::take(parts));
            }
            Func::Derived(_, g) if nests(g) => release(vec![std::mem::replace(g, K::Nil)]),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_million_levels_drop_on_a_small_stack() {
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(|| {
                let mut a = K::long(1);
                for i in 0..1_000_000 {
                    a = match i % 3 {
                        0 => K::list(vec![a]),
                        1 => K::dict(K::sym_list(["k"]), K::list(vec![a])),
                        _ => K::func(Func::Projection(vec![a, K::long(0)])),
                    };
                }
                drop(a);
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
    }

    #[test]
    fn shared_children_survive_their_parent() {
        let child = K::list(vec![K::long(1), K::list(vec![K::long(2)])]);
        let parent = K::list(vec![child.clone(), K::long(3)]);
        drop(parent);
        assert_eq!(child.count(), 2);
    }
}
