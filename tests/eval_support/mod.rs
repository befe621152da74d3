//! A console session for evaluation tests: q lines are evaluated one by
//! one and the text the q console would show is collected.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use qrepl::fmt::console::{ConsoleOptions, render};
use qrepl::k::K;
use qrepl::q::{EvalError, Host, Interp, Settings};

/// A host that renders as the console does and keeps what is written.
struct Console(Rc<RefCell<Vec<u8>>>);

impl Host for Console {
    fn write(&mut self, _handle: i32, bytes: &[u8]) {
        self.0.borrow_mut().extend_from_slice(bytes);
    }
    fn render(&self, x: &K, s: &Settings) -> String {
        render(
            x,
            &ConsoleOptions {
                rows: s.console.0,
                cols: s.console.1,
                precision: s.precision,
            },
        )
    }
}

/// A fresh interpreter and the buffer its output goes to.
pub fn interp() -> (Interp, Rc<RefCell<Vec<u8>>>) {
    let out = Rc::new(RefCell::new(Vec::new()));
    let it = Interp::new(Box::new(Console(out.clone())));
    (it, out)
}

fn take_output(out: &Rc<RefCell<Vec<u8>>>) -> String {
    let text = String::from_utf8_lossy(&out.borrow()).into_owned();
    out.borrow_mut().clear();
    text
}

/// Evaluates `src` line by line and returns the console text. An error
/// ends the session and shows as its first line.
pub fn session(src: &str) -> String {
    let (mut it, out) = interp();
    let mut text = String::new();
    for line in src.split('\n') {
        let r = it.eval_text(line);
        text.push_str(&take_output(&out));
        match r {
            Ok(Some(v)) => {
                let v = it.resolve_enums(&v);
                let settings = it.settings.clone();
                text.push_str(&it.host_mut().render(&v, &settings));
            }
            Ok(None) => {}
            Err(e) => {
                let shown = e.render();
                text.push_str(shown.lines().next().unwrap_or_default());
                text.push('\n');
                break;
            }
        }
    }
    text
}

/// Evaluates `src` line by line and returns the whole display of the first
/// error (with its backtrace), or the text `no error`.
pub fn error_text(src: &str) -> String {
    first_error(src, EvalError::render)
}

/// The first error's whole backtrace, every frame as `.Q.bt` lists them.
pub fn backtrace_text(src: &str) -> String {
    first_error(src, EvalError::render_full)
}

fn first_error(src: &str, render: fn(&EvalError) -> String) -> String {
    let (mut it, _out) = interp();
    for line in src.split('\n') {
        if let Err(e) = it.eval_text(line) {
            return render(&e);
        }
    }
    "no error".to_string()
}

/// Console text with trailing blanks removed: the documentation the
/// expected outputs come from strips them, so they are not significant.
pub fn normalise(s: &str) -> String {
    s.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}
