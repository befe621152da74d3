//! What the console shows: display, show, `.Q.s`, `0N!`, and interrupts.

use crate::eval_support;

// ---- display: docs/ref/display.md, show.md, dotq.md#s1, internal.md ----
q!(display_zero_n, "0N!1 2 3", "1 2 3\n1 2 3");
q!(
    display_zero_n_list,
    "0N!(1;`a;\"b\")",
    "(1;`a;\"b\")\n1\n`a\n\"b\""
);
q!(display_zero_n_silent, "0N!`a`b;", "`a`b");
q!(show_table, "show ([]a:1 2)", "a\n-\n1\n2");
q!(show_returns_nil, "(::)~show 1", "1\n1b");
q!(minus3_one_line, "-3!`a`b!1 2", "\"`a`b!1 2\"");
q!(minus3_string, "-3!\"abc\"", "\"\\\"abc\\\"\"");
q!(dotq_s1, ".Q.s1 (1;`a)", "\"(1;`a)\"");
q!(dotq_s, ".Q.s 1 2", "\"1 2\\n\"");
q!(dotq_s_table, ".Q.s ([]a:1 2)", "\"a\\n-\\n1\\n2\\n\"");
q!(dotq_f, ".Q.f[2;3.14159]", "\"3.14\"");
q!(dotq_fmt, ".Q.fmt[6;2;3.14159]", "\"  3.14\"");

/// An interrupt (Ctrl-C, the flag `interrupt_flag` gives) stops a running
/// loop with 'stop, and the session goes on.
#[test]
fn interrupt_stops_with_stop() {
    let (mut it, _out) = eval_support::interp();
    let flag = it.interrupt_flag();
    flag.store(true, std::sync::atomic::Ordering::Relaxed);
    let err = it.eval_text("while[1b;]").expect_err("interrupted");
    assert_eq!(&*err.err.msg, "stop");
    assert_eq!(
        it.eval_text("1+1")
            .expect("goes on")
            .map(|k| format!("{k:?}")),
        Some(format!("{:?}", qrepl::k::K::long(2)))
    );
}

/// An interrupt reaches a loop inside a lambda and a long each.
#[test]
fn interrupt_stops_lambdas_and_iterators() {
    let (mut it, _out) = eval_support::interp();
    let flag = it.interrupt_flag();
    flag.store(true, std::sync::atomic::Ordering::Relaxed);
    let err = it
        .eval_text("{x+1} each til 100000")
        .expect_err("interrupted");
    assert_eq!(&*err.err.msg, "stop");
    flag.store(true, std::sync::atomic::Ordering::Relaxed);
    let err = it
        .eval_text("{while[1b;x+:1];x}0")
        .expect_err("interrupted");
    assert_eq!(&*err.err.msg, "stop");
}
