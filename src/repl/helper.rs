//! The line editor's helper: completion of keywords, `.z` names and
//! variables (local, or the remote process's), multi-line input while
//! brackets or strings are open, and light syntax colouring.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

/// Names offered for completion besides the keywords; shared with the
/// event loop, which refreshes them after each line.
pub type Names = Arc<Mutex<Vec<String>>>;

const DOTZ: &[&str] = &[
    ".z.a", ".z.c", ".z.d", ".z.D", ".z.exit", ".z.f", ".z.h", ".z.H", ".z.i", ".z.K", ".z.k",
    ".z.n", ".z.N", ".z.o", ".z.p", ".z.P", ".z.pc", ".z.pg", ".z.ph", ".z.po", ".z.ps", ".z.pw",
    ".z.t", ".z.T", ".z.u", ".z.w", ".z.W", ".z.x", ".z.z", ".z.Z", ".Q.s", ".Q.s1", ".Q.f",
    ".Q.fmt", ".Q.n", ".Q.a", ".Q.A",
];

/// The q-aware editor helper.
pub struct QHelper {
    keywords: Vec<&'static str>,
    names: Names,
    color: bool,
}

impl QHelper {
    /// A helper completing `keywords` and the shared `names`, colouring when `color`.
    pub fn new(keywords: Vec<&'static str>, names: Names, color: bool) -> QHelper {
        QHelper {
            keywords,
            names,
            color,
        }
    }

    /// Candidates starting with `prefix`, sorted and without duplicates.
    pub fn candidates(&self, prefix: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .keywords
            .iter()
            .copied()
            .chain(DOTZ.iter().copied())
            .filter(|k| k.starts_with(prefix))
            .map(str::to_string)
            .collect();
        if let Ok(names) = self.names.lock() {
            out.extend(names.iter().filter(|n| n.starts_with(prefix)).cloned());
        }
        out.sort();
        out.dedup();
        out
    }
}

fn word_start(line: &str, pos: usize) -> usize {
    line[..pos]
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '.'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

impl Completer for QHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = word_start(line, pos);
        let prefix = &line[start..pos];
        if prefix.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let pairs = self
            .candidates(prefix)
            .into_iter()
            .map(|c| Pair {
                display: c.clone(),
                replacement: c,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for QHelper {
    type Hint = String;
}

impl Validator for QHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        let text = ctx.input();
        if text.starts_with('\\') {
            return Ok(ValidationResult::Valid(None));
        }
        Ok(if crate::q::script::is_incomplete(text) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

/// Colours q text: strings green, symbols cyan, comments grey.
pub fn colorize(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.push_str("\x1b[32m");
            out.push_str(&line[start..i]);
            out.push_str("\x1b[0m");
        } else if c == b'`' {
            let start = i;
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b"._:/`".contains(&b[i])) {
                i += 1;
            }
            out.push_str("\x1b[36m");
            out.push_str(&line[start..i]);
            out.push_str("\x1b[0m");
        } else if c == b'/' && (i == 0 || b[i - 1] == b' ') {
            out.push_str("\x1b[90m");
            out.push_str(&line[i..]);
            out.push_str("\x1b[0m");
            i = b.len();
        } else {
            let ch = line[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

impl Highlighter for QHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.color {
            Cow::Owned(colorize(line))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.color
    }
}

impl Helper for QHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper(names: &[&str]) -> QHelper {
        QHelper::new(
            vec!["til", "tables", "count"],
            Arc::new(Mutex::new(names.iter().map(|s| s.to_string()).collect())),
            false,
        )
    }

    #[test]
    fn completes_keywords_dotz_and_variables() {
        let h = helper(&["trade", "total"]);
        assert_eq!(h.candidates("t"), vec!["tables", "til", "total", "trade"]);
        assert!(h.candidates(".z.p").contains(&".z.pg".to_string()));
        assert_eq!(word_start("x:count tr", 10), 8);
    }

    #[test]
    fn colouring_keeps_the_text() {
        let c = colorize("a:\"x\";`b / c");
        let plain: String = {
            let mut s = String::new();
            let mut skip = false;
            for ch in c.chars() {
                if ch == '\x1b' {
                    skip = true;
                } else if skip && ch == 'm' {
                    skip = false;
                } else if !skip {
                    s.push(ch);
                }
            }
            s
        };
        assert_eq!(plain, "a:\"x\";`b / c");
    }
}
