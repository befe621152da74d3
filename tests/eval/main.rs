//! q-lite evaluation cases, one file per subject: each runs q lines in a fresh session and
//! compares what the console shows with what the q console shows.
//!
//! `q!(name, "lines", "text")` evaluates the lines (separated by `\n`) in
//! order, rendering every value the console would print and everything
//! written to handles 1 and 2. An error stops the session and shows as its
//! first line (`'type`). `trace!` compares an error's whole display, with
//! the backtrace frames and carets.
//!
//! Expected texts come from the q reference (code.kx.com, the
//! `KxSystems/docs` repository); each group names the page it is taken
//! from. Where a page does not show the output of a case, a comment says
//! which documented rule the expected text follows from.

#[path = "../eval_support/mod.rs"]
mod eval_support;

use eval_support::{backtrace_text, error_text, normalise, session};

fn check(src: &str, want: &str) {
    check_text(src, want, session(src));
}

fn check_trace(src: &str, want: &str) {
    check_text(src, want, error_text(src));
}

/// Compares what the lines printed with the console text `want`.
fn check_text(src: &str, want: &str, got: String) {
    assert_eq!(
        normalise(&got),
        normalise(want),
        "\nq lines:\n{src}\n--- got:\n{got}\n--- want:\n{want}\n"
    );
}

macro_rules! q {
    ($name:ident, $src:expr, $want:expr) => {
        #[test]
        fn $name() {
            $crate::check($src, $want);
        }
    };
}

/// The whole backtrace of the first error, every frame with its caret.
fn check_backtrace(src: &str, want: &str) {
    check_text(src, want, backtrace_text(src));
}

macro_rules! backtrace {
    ($name:ident, $src:expr, $want:expr) => {
        #[test]
        fn $name() {
            $crate::check_backtrace($src, $want);
        }
    };
}

macro_rules! trace {
    ($name:ident, $src:expr, $want:expr) => {
        #[test]
        fn $name() {
            $crate::check_trace($src, $want);
        }
    };
}

/// The suppliers-and-parts tables of the reference's `sp.q`, with plain
/// symbols where `sp.q` has enumerations.
macro_rules! sp {
    () => {
        "sp:([]s:`s1`s1`s1`s1`s4`s1`s2`s2`s3`s4`s4`s1;p:`p1`p2`p3`p4`p5`p6`p1`p2`p2`p2`p4`p5;qty:300 200 400 200 100 100 300 400 200 200 300 400)\n\
         p:([p:`p1`p2`p3`p4`p5`p6]name:`nut`bolt`screw`screw`cam`cog;color:`red`green`blue`red`blue`red;weight:12 17 17 14 12 19;city:`london`paris`rome`london`paris`london)\n"
    };
}

mod arithmetic;
mod coverage;
mod display;
mod evaluator;
mod json_html_parse;
mod lists;
mod patterns;
mod programs;
mod qsql;
mod reference_debug;
mod reference_fixes;
mod reference_gaps;
mod reference_rest;
mod reference_transcripts;
mod seeds;
mod strings;
mod tables;
