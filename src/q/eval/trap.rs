//! Backtraces as values: `.Q.trp` and `.Q.trpd` (trap with the backtrace
//! handed to the handler), `.Q.sbt` (a backtrace as text) and `.Q.bt`
//! (the backtrace of the code running, written to handle 1); dotq.md and
//! debug.md.
//!
//! A backtrace object is a list of frames, innermost first, each
//! `(function; (name; file; line; text); position; index)`: the lambda
//! (`::` for source text), its name (`""` if none), the file it was
//! loaded from (`""`) and line (`-1`), its source text (`""` for a
//! function whose source q hides, shown as `(name)`), the offset of the
//! caret in the text (`-1` if none) and the frame's number as the
//! console shows it (`[n]`).

use std::rc::Rc;

use crate::k::{K, QError, qerr};
use crate::q::syntax::ast::Pos;

use super::interp::{Failure, Flow, Frame, Interp, R, TraceFrame, line_and_column};

/// One frame of a backtrace.
struct BtFrame {
    func: K,
    name: Rc<str>,
    text: Rc<str>,
    pos: Option<Pos>,
}

impl BtFrame {
    /// The frame of an error's trace, with its name split off the text.
    fn of_trace(t: TraceFrame) -> BtFrame {
        let func = t.func.unwrap_or(K::Nil);
        match t.name {
            Some(name) if t.src.starts_with(&*name) && t.src.len() > name.len() => {
                let skip = name.len() + 1;
                BtFrame {
                    func,
                    text: Rc::from(&t.src[skip..]),
                    pos: t.pos.map(|p| p.saturating_sub(skip as Pos)),
                    name,
                }
            }
            _ => BtFrame {
                func,
                name: Rc::from(""),
                text: t.src,
                pos: t.pos,
            },
        }
    }

    /// The frame of a function whose source is not shown, `(.Q.trp)`.
    fn hidden(it: &Interp, name: &str) -> BtFrame {
        BtFrame {
            func: it.get_var(name).unwrap_or(K::Nil),
            name: Rc::from(name),
            text: Rc::from(""),
            pos: None,
        }
    }

    fn value(&self, index: usize) -> K {
        K::list(vec![
            self.func.clone(),
            K::list(vec![
                K::string(self.name.as_bytes()),
                K::string(""),
                K::long(-1),
                K::string(self.text.as_bytes()),
            ]),
            K::long(self.pos.map_or(-1, i64::from)),
            K::long(index as i64),
        ])
    }
}

/// The backtrace object of frames listed innermost first.
fn object(frames: &[BtFrame]) -> K {
    let n = frames.len();
    K::list(
        frames
            .iter()
            .enumerate()
            .map(|(i, f)| f.value(n - 1 - i))
            .collect(),
    )
}

impl Interp {
    /// The frames of the code running now, innermost first, with the
    /// innermost caret at `site`: the lambdas being evaluated and the
    /// texts they were called from, out to the console line.
    fn live_backtrace(&self, site: Pos) -> Vec<BtFrame> {
        let mut out = Vec::new();
        let mut cur = site;
        self.push_frames(&self.frames, &mut cur, &mut out);
        for o in self.outer.iter().rev() {
            if let Some(text) = &o.text {
                out.push(BtFrame {
                    func: K::Nil,
                    name: Rc::from(""),
                    text: text.clone(),
                    pos: Some(cur),
                });
            }
            cur = o.caller_pos;
            self.push_frames(&o.frames, &mut cur, &mut out);
        }
        out
    }

    /// The frames of lambdas in `frames`, innermost first, the innermost
    /// with its caret at `cur`; leaves `cur` at the outermost's caller.
    fn push_frames(&self, frames: &[Frame], cur: &mut Pos, out: &mut Vec<BtFrame>) {
        for f in frames.iter().rev() {
            // The debugger's own frame is hidden (debug.md).
            let Some(func) = f.func.as_ref().filter(|_| !f.debugger) else {
                continue;
            };
            if let Some((def, name)) = self.lambda_parts(func) {
                out.push(BtFrame {
                    func: func.clone(),
                    name: name.unwrap_or_else(|| Rc::from("")),
                    text: def.src.clone(),
                    pos: Some(cur.saturating_sub(def.offset)),
                });
            }
            *cur = f.caller_pos;
        }
    }
}

/// `.Q.trp[f;x;g]`: `f x`, or on an error `g[message;backtrace]`.
pub(super) fn trp(it: &mut Interp, args: Vec<K>) -> R {
    trap(it, args, false)
}

/// `.Q.trpd[f;x;g]`: `f . x`, or on an error `g[message;backtrace]`.
pub(super) fn trpd(it: &mut Interp, args: Vec<K>) -> R {
    trap(it, args, true)
}

fn trap(it: &mut Interp, args: Vec<K>, dot: bool) -> R {
    let [f, x, g]: [K; 3] = args.try_into().map_err(|_| qerr("rank"))?;
    let site = it.pos;
    let r = it.unsuspended(|it| {
        if dot {
            let xs = match &x {
                K::Nil => vec![K::Nil],
                _ => crate::q::kernels::list::items(&x),
            };
            it.apply(&f, xs)
        } else {
            it.apply(&f, vec![x])
        }
    });
    match r {
        Err(Flow::Err(failure)) => {
            let Failure {
                error: e, trace, ..
            } = *failure;
            let mut frames: Vec<BtFrame> = trace.into_iter().map(BtFrame::of_trace).collect();
            frames.push(BtFrame::hidden(it, if dot { ".Q.trpd" } else { ".Q.trp" }));
            frames.extend(it.live_backtrace(site));
            let message = K::string(e.msg.as_bytes());
            it.apply(&g, vec![message, object(&frames)])
        }
        other => other,
    }
}

/// `.Q.bt[]`: writes the backtrace of the code running to handle 1.
pub(super) fn bt(it: &mut Interp, _x: K) -> R {
    // At the debugger's prompt: the stack it suspended (debug.md).
    if let Some(text) = &it.suspended_backtrace
        && it.frames.iter().all(|f| f.debugger)
    {
        let text = text.clone().into_bytes();
        it.host.write(1, &text);
        return Ok(K::Nil);
    }
    let frames = it.live_backtrace(it.pos);
    let text = sbt(object(&frames))?;
    if let Some(b) = text.as_str_bytes() {
        let b = b.to_vec();
        it.host.write(1, &b);
    }
    Ok(K::Nil)
}

/// `.Q.sbt x`: a backtrace object as the console shows it, each frame
/// `  [n]  text` and a caret line under the failing application.
pub(super) fn sbt(x: K) -> Result<K, QError> {
    let frames = match &x {
        K::List(_) => crate::q::kernels::list::items(&x),
        _ if x.count() == 0 && !x.is_atom() => Vec::new(),
        _ => return Err(qerr("type")),
    };
    let mut out = String::new();
    for frame in frames {
        let (name, text, pos, index) = frame_parts(&frame).ok_or_else(|| qerr("type"))?;
        let prefix = format!("  [{index}]  ");
        out.push_str(&prefix);
        if text.is_empty() {
            out.push('(');
            out.push_str(&name);
            out.push_str(")\n\n");
            continue;
        }
        let (shown, pos) = if name.is_empty() {
            (text, pos)
        } else {
            let skip = name.len() as i64 + 1;
            (format!("{name}:{text}"), pos.map(|p| p + skip))
        };
        match pos {
            Some(p) => {
                let (line, col) = line_and_column(&shown, p as usize);
                out.push_str(&line);
                out.push('\n');
                if let Some(c) = col {
                    out.push_str(&" ".repeat(prefix.len() + c));
                    out.push('^');
                }
                out.push('\n');
            }
            None => {
                out.push_str(shown.lines().next().unwrap_or(""));
                out.push_str("\n\n");
            }
        }
    }
    Ok(K::string(out))
}

/// A frame's name, text, caret offset and number.
fn frame_parts(frame: &K) -> Option<(String, String, Option<i64>, i64)> {
    let K::List(_) = frame else { return None };
    let items = crate::q::kernels::list::items(frame);
    let [_, info, pos, index] = items.as_slice() else {
        return None;
    };
    let info = crate::q::kernels::list::items(info);
    let [name, _, _, text] = info.as_slice() else {
        return None;
    };
    let string = |k: &K| match k {
        K::Vector(_) if k.count() == 0 => Some(String::new()),
        _ => k
            .as_str_bytes()
            .map(|b| String::from_utf8_lossy(b).into_owned()),
    };
    let pos = pos.as_i64()?;
    Some((
        string(name)?,
        string(text)?,
        (pos >= 0).then_some(pos),
        index.as_i64()?,
    ))
}
