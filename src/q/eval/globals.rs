//! The session's global variables by full name, and the functions that code
//! has looked up among them, remembered until a global changes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::k::K;
use crate::q::kernels::hashing::Fast;

/// How many looked-up functions are remembered at once.
const REMEMBERED: usize = 64;

/// Global variables, counting their changes.
#[derive(Default)]
pub(crate) struct Globals {
    map: HashMap<Rc<str>, K, Fast>,
    /// Bumped by every insert and removal: a remembered lookup made at an
    /// older count no longer stands.
    changes: u64,
    /// Functions found by names written in code, by the address of the
    /// name's text (which the entry keeps alive, so no other name can take
    /// that address while it is here).
    remembered: RefCell<Vec<Option<Remembered>>>,
}

/// A function a name written in code found among the globals.
struct Remembered {
    name: Rc<str>,
    /// The namespace the lookup ran in (empty for the root).
    ctx: Rc<[u8]>,
    changes: u64,
    value: K,
}

impl Globals {
    pub(crate) fn get(&self, name: &str) -> Option<&K> {
        self.map.get(name)
    }

    pub(crate) fn contains_key(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &Rc<str>> {
        self.map.keys()
    }

    pub(crate) fn insert(&mut self, name: Rc<str>, v: K) -> Option<K> {
        self.changes += 1;
        let old = self.map.insert(name, v);
        self.let_go(&old);
        old
    }

    /// Sets `name` to `v`, keeping the entry when there is one: a value
    /// that is no function replacing another leaves remembered functions
    /// standing, so a loop that updates a counter keeps its lookups.
    pub(crate) fn set(&mut self, name: &str, v: K) {
        match self.map.get_mut(name) {
            Some(slot) => {
                let function = matches!(slot, K::Func(_)) || matches!(v, K::Func(_));
                let old = std::mem::replace(slot, v);
                if function {
                    self.changes += 1;
                    self.let_go(&Some(old));
                }
            }
            None => {
                self.insert(Rc::from(name), v);
            }
        }
    }

    /// The value of `name` taken out, `::` left in its place until
    /// [`Globals::set`] puts one back: the caller then holds the only
    /// reference, so the value can be updated in its own buffer.
    pub(crate) fn take(&mut self, name: &str) -> Option<K> {
        let slot = self.map.get_mut(name)?;
        let old = std::mem::replace(slot, K::Nil);
        if matches!(old, K::Func(_)) {
            self.changes += 1;
            self.remembered.borrow_mut().clear();
        }
        Some(old)
    }

    pub(crate) fn remove(&mut self, name: &str) -> Option<K> {
        self.changes += 1;
        let old = self.map.remove(name);
        self.let_go(&old);
        old
    }

    /// A function replaced or removed may be remembered: the memory it
    /// holds (a projection's arguments) is let go of with it.
    fn let_go(&self, old: &Option<K>) {
        if matches!(old, Some(K::Func(_))) {
            self.remembered.borrow_mut().clear();
        }
    }

    fn slot(name: &Rc<str>) -> usize {
        (Rc::as_ptr(name) as *const u8 as usize >> 4) % REMEMBERED
    }

    /// The function `name` (this very text) found in namespace `ctx`, if
    /// remembered since the last change.
    #[inline]
    pub(crate) fn recall(&self, name: &Rc<str>, ctx: &[u8]) -> Option<K> {
        let remembered = self.remembered.borrow();
        match remembered.get(Self::slot(name))? {
            Some(r)
                if r.changes == self.changes
                    && Rc::ptr_eq(&r.name, name)
                    && r.ctx.len() == ctx.len()
                    && (ctx.is_empty() || *r.ctx == *ctx) =>
            {
                Some(r.value.clone())
            }
            _ => None,
        }
    }

    /// Remembers that `name` found function `value` in namespace `ctx`.
    pub(crate) fn remember(&self, name: &Rc<str>, ctx: &[u8], value: &K) {
        let mut remembered = self.remembered.borrow_mut();
        if remembered.is_empty() {
            remembered.resize_with(REMEMBERED, || None);
        }
        remembered[Self::slot(name)] = Some(Remembered {
            name: name.clone(),
            ctx: Rc::from(ctx),
            changes: self.changes,
            value: value.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn function(n: i64) -> K {
        K::func(crate::k::Func::Projection(vec![
            K::func(crate::k::Func::Unary(0)),
            K::long(n),
        ]))
    }

    #[test]
    fn a_remembered_function_stands_until_any_global_changes() {
        let mut g = Globals::default();
        let name: Rc<str> = Rc::from("f");
        g.insert(name.clone(), function(1));
        g.remember(&name, b"", &function(1));
        assert!(g.recall(&name, b"").is_some());
        // Another namespace, or the same text at another address, is not it.
        assert!(g.recall(&name, b"ns").is_none());
        assert!(g.recall(&Rc::from("f"), b"").is_none());
        g.insert(Rc::from("other"), K::long(2));
        assert!(g.recall(&name, b"").is_none());
        g.remember(&name, b"", &function(1));
        g.remove("other");
        assert!(g.recall(&name, b"").is_none());
        // Replacing the function lets go of the old one.
        g.remember(&name, b"", &function(1));
        let held = function(7);
        g.remember(&Rc::from("h"), b"", &held);
        g.insert(name.clone(), function(2));
        assert!(g.remembered.borrow().iter().all(Option::is_none));
    }
}
