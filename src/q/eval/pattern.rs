//! Pattern matching (basics/pattern.md): a value matched against the
//! pattern of an assignment `(a;b):x`, of a lambda's parameter, or of a
//! case of the pattern conditional `:[v;p1;r1;...;rd]`.
//!
//! A match sets nothing until all of it has gone through, so a value that
//! fails leaves every name as it was. Its result is the value matched,
//! put back together with what any filter functions made of its parts.

use std::rc::Rc;

use crate::k::{K, QError, Table, qerr};
use crate::q::kernels::list::{from_items, item};
use crate::q::syntax::ast::{LambdaDef, MatchCond, Pattern, PatternAssign, Pos, TYPE_CHARS};

use super::interp::{Flow, Interp, R, at, with_pos};

/// What a successful match sets.
enum Binding {
    /// A name, to a value.
    Name(Rc<str>, K),
    /// Part of a name's value, as `a[i]:v` sets it.
    Item(Rc<str>, Vec<K>, K, Pos),
}

/// Why a match did not go through.
enum Failed {
    /// The value does not fit the pattern: `'match`, `'type` or `'length`,
    /// pointing at the part that failed. The pattern conditional tries
    /// its next case.
    Mismatch(QError, Pos),
    /// An error evaluating an index or applying a filter function.
    Error(Flow),
}

impl Failed {
    fn into_flow(self) -> Flow {
        match self {
            Failed::Mismatch(e, pos) => at(e, pos),
            Failed::Error(f) => f,
        }
    }
}

fn mismatch(msg: &str, pos: Pos) -> Failed {
    Failed::Mismatch(qerr(msg), pos)
}

type Matched = Result<K, Failed>;

/// The type number a type character checks for (datatypes.md): `b` 1,
/// `g` 2, `x` 4 ... `t` 19.
fn type_number(c: u8) -> i16 {
    const NUMBERS: [i16; 18] = [
        1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ];
    let lower = c.to_ascii_lowercase();
    TYPE_CHARS
        .iter()
        .position(|&t| t == lower)
        .map_or(0, |i| NUMBERS[i])
}

/// Where `key` is among a dictionary's keys, if it is.
fn key_index(keys: &K, key: &K) -> Option<usize> {
    let i = crate::q::kernels::listops::find(keys, key).as_i64()?;
    usize::try_from(i).ok().filter(|&i| i < keys.count())
}

impl Interp {
    /// `(pattern):value`.
    pub(super) fn eval_match(&mut self, m: &PatternAssign) -> R {
        let v = self.eval(&m.value)?;
        let mut binds = Vec::new();
        let r = self
            .match_pattern(&m.pattern, v, &mut binds)
            .map_err(Failed::into_flow)?;
        self.bind(binds)?;
        Ok(r)
    }

    /// `:[v;p1;r1;...;rd]`: the result of the first case whose pattern
    /// matches, the default, or `::` without one.
    pub(super) fn eval_match_cond(&mut self, c: &MatchCond) -> R {
        let v = self.eval(&c.value)?;
        for (pattern, result) in &c.arms {
            let mut binds = Vec::new();
            match self.match_pattern(pattern, v.clone(), &mut binds) {
                Ok(_) => {
                    self.bind(binds)?;
                    return self.eval(result);
                }
                Err(Failed::Mismatch(..)) => {}
                Err(Failed::Error(f)) => return Err(f),
            }
        }
        match &c.default {
            Some(d) => self.eval(d),
            None => Ok(K::Nil),
        }
    }

    /// Matches the arguments of a call, in its frame from `base`, against
    /// the lambda's parameter patterns, setting the locals they name.
    pub(super) fn match_params(&mut self, def: &LambdaDef, base: usize) -> R<()> {
        for (i, pattern) in &def.param_patterns {
            let v = self.locals[base + i].clone().unwrap_or(K::Nil);
            let mut binds = Vec::new();
            self.match_pattern(pattern, v, &mut binds)
                .map_err(Failed::into_flow)?;
            self.bind(binds)?;
        }
        Ok(())
    }

    fn bind(&mut self, binds: Vec<Binding>) -> R<()> {
        for b in binds {
            match b {
                Binding::Name(name, v) => self.assign_var(&name, v, false)?,
                Binding::Item(name, index, v, pos) => {
                    let cur = self.lookup(&name).ok_or_else(|| at(qerr(&name), pos))?;
                    let updated = super::amend::amend(self, cur, &index, None, v)
                        .map_err(|f| with_pos(f, pos))?;
                    self.assign_var(&name, updated, false)?;
                }
            }
        }
        Ok(())
    }

    fn match_pattern(&mut self, p: &Pattern, v: K, binds: &mut Vec<Binding>) -> Matched {
        match p {
            Pattern::Null(_) => Ok(v),
            Pattern::Const(k, pos) => {
                if crate::q::kernels::verbs::matches(k, &v) {
                    Ok(v)
                } else {
                    Err(mismatch("match", *pos))
                }
            }
            Pattern::Name(name, _) => {
                binds.push(Binding::Name(name.clone(), v.clone()));
                Ok(v)
            }
            Pattern::Indexed(name, index, pos) => {
                let mut ix = Vec::with_capacity(index.len());
                for e in index.iter().rev() {
                    ix.push(self.eval(e).map_err(Failed::Error)?);
                }
                ix.reverse();
                binds.push(Binding::Item(name.clone(), ix, v.clone(), *pos));
                Ok(v)
            }
            Pattern::List(items, pos) => {
                if !matches!(v, K::Vector(_) | K::List(_) | K::Table(_) | K::Enum(_)) || v.is_atom()
                {
                    return Err(mismatch("type", *pos));
                }
                if v.count() != items.len() {
                    return Err(mismatch("length", *pos));
                }
                let mut parts = Vec::with_capacity(items.len());
                for (i, q) in items.iter().enumerate() {
                    parts.push(self.match_pattern(q, item(&v, i), binds)?);
                }
                Ok(if p.filters() { from_items(parts) } else { v })
            }
            Pattern::Keys(keys, values, pos) => self.match_keys(keys, values, *pos, v, binds),
            Pattern::Entries(entries, pos) => {
                let K::Dict(d) = &v else {
                    return Err(mismatch("type", *pos));
                };
                let (keys, vals) = (d.keys.clone(), d.values.clone());
                let mut changed = Vec::new();
                for (name, q) in entries {
                    let key = K::sym(&**name);
                    let i = key_index(&keys, &key).ok_or_else(|| mismatch("match", q.pos()))?;
                    let r = self.match_pattern(q, item(&vals, i), binds)?;
                    if q.filters() {
                        changed.push((key, r));
                    }
                }
                self.with_changes(v, changed)
            }
            Pattern::Table { keys, cols, pos } => {
                let (key_table, value_table) = match &v {
                    K::Table(_) if keys.is_empty() => (None, v.clone()),
                    K::Dict(d) if v.is_keyed_table() => (Some(d.keys.clone()), d.values.clone()),
                    _ => return Err(mismatch("type", *pos)),
                };
                let new_keys = match (&key_table, keys.is_empty()) {
                    (Some(kt), false) => Some(self.match_columns(keys, kt, binds)?),
                    (kt, _) => kt.clone(),
                };
                let new_values = self.match_columns(cols, &value_table, binds)?;
                Ok(match new_keys {
                    Some(kt) if p.filters() => K::dict(kt, new_values),
                    None if p.filters() => new_values,
                    _ => v,
                })
            }
            Pattern::KeyValue(kp, vp, pos) => {
                let K::Dict(d) = &v else {
                    return Err(mismatch("type", *pos));
                };
                let (keys, vals) = (d.keys.clone(), d.values.clone());
                let keys = self.match_pattern(kp, keys, binds)?;
                let vals = self.match_pattern(vp, vals, binds)?;
                Ok(if p.filters() { K::dict(keys, vals) } else { v })
            }
            Pattern::Flip(q, pos) => {
                if !matches!(v, K::Table(_)) {
                    return Err(mismatch("type", *pos));
                }
                let columns =
                    crate::q::kernels::table::flip(&v).map_err(|e| Failed::Mismatch(e, *pos))?;
                let r = self.match_pattern(q, columns, binds)?;
                if q.filters() {
                    crate::q::kernels::table::flip(&r).map_err(|e| Failed::Error(at(e, *pos)))
                } else {
                    Ok(v)
                }
            }
            Pattern::Type(q, c, pos) => {
                let want = type_number(*c);
                let want = if c.is_ascii_lowercase() { -want } else { want };
                if v.type_code() != want {
                    return Err(mismatch("type", *pos));
                }
                self.match_pattern(q, v, binds)
            }
            Pattern::Filter(q, f, pos) => {
                let f = self.eval(f).map_err(Failed::Error)?;
                let r = self
                    .apply_monad(&f, v)
                    .map_err(|fl| Failed::Error(with_pos(fl, *pos)))?;
                self.match_pattern(q, r, binds)
            }
        }
    }

    /// `keys!values` with constant keys: the dictionary's values at
    /// those keys, matched item by item when `values` is a list pattern of
    /// as many items, and as a whole otherwise. A missing key fails where
    /// its pattern is.
    fn match_keys(
        &mut self,
        keys: &K,
        values: &Pattern,
        pos: Pos,
        v: K,
        binds: &mut Vec<Binding>,
    ) -> Matched {
        let K::Dict(d) = &v else {
            return Err(mismatch("type", pos));
        };
        let (dict_keys, dict_values) = (d.keys.clone(), d.values.clone());
        let wanted: Vec<K> = if keys.is_atom() {
            vec![keys.clone()]
        } else {
            (0..keys.count()).map(|i| item(keys, i)).collect()
        };
        let per_key = match values {
            Pattern::List(ps, _) if !keys.is_atom() && ps.len() == wanted.len() => Some(ps),
            _ => None,
        };
        let mut found = Vec::with_capacity(wanted.len());
        for (j, key) in wanted.iter().enumerate() {
            let at_pos = per_key.map_or(values.pos(), |ps| ps[j].pos());
            let i = key_index(&dict_keys, key).ok_or_else(|| mismatch("match", at_pos))?;
            found.push(item(&dict_values, i));
        }
        let mut changed = Vec::new();
        match per_key {
            Some(ps) => {
                for ((q, key), value) in ps.iter().zip(&wanted).zip(found) {
                    let r = self.match_pattern(q, value, binds)?;
                    if q.filters() {
                        changed.push((key.clone(), r));
                    }
                }
            }
            None => {
                let whole = if keys.is_atom() {
                    found.pop().unwrap_or(K::Nil)
                } else {
                    from_items(found)
                };
                let r = self.match_pattern(values, whole, binds)?;
                if values.filters() {
                    if keys.is_atom() {
                        changed.push((keys.clone(), r));
                    } else {
                        for (j, key) in wanted.iter().enumerate() {
                            changed.push((key.clone(), item(&r, j)));
                        }
                    }
                }
            }
        }
        self.with_changes(v, changed)
    }

    /// The columns of `table` named by `cols`, each matched against its
    /// pattern; the table with what filters made of them.
    fn match_columns(
        &mut self,
        cols: &[(Rc<str>, Pattern)],
        table: &K,
        binds: &mut Vec<Binding>,
    ) -> Matched {
        let K::Table(t) = table else {
            return Ok(table.clone());
        };
        let mut columns = t.cols.clone();
        for (name, q) in cols {
            let i = t
                .names
                .iter()
                .position(|n| n == name.as_bytes())
                .ok_or_else(|| mismatch("match", q.pos()))?;
            columns[i] = self.match_pattern(q, t.cols[i].clone(), binds)?;
        }
        if !cols.iter().any(|(_, q)| q.filters()) {
            return Ok(table.clone());
        }
        Ok(K::Table(Rc::new(Table {
            attr: t.attr,
            names: t.names.clone(),
            cols: columns,
        })))
    }

    /// `d` with the values at some keys replaced.
    fn with_changes(&mut self, d: K, changed: Vec<(K, K)>) -> Matched {
        let mut d = d;
        for (key, value) in changed {
            d = super::amend::amend(self, d, &[key], None, value).map_err(Failed::Error)?;
        }
        Ok(d)
    }
}
