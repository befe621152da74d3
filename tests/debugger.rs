//! The console's debugger in piped sessions of the real binary: an error
//! inside a lambda suspends it, and the lines after run in its frame until
//! `\` leaves (debug.md, signal.md).

mod common;

/// Runs `input` as a piped session; returns stdout and stderr.
fn session(input: &str) -> (String, String) {
    common::piped_output(&std::env::temp_dir(), input)
}

/// debug.md's two functions, and the call that fails in the inner one.
const FG: &str = "f:{g[x;2#y]}\ng:{a:x*2;a+y}\nf[3;\"hello\"]\n";

#[test]
fn lines_after_an_error_run_in_the_failing_lambda() {
    let (out, err) = session(&format!("{FG}a*4\ny\n.z.s\n"));
    assert_eq!(out, "24\n\"he\"\n{a:x*2;a+y}\n");
    assert_eq!(err, "'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n");
}

#[test]
fn backtick_and_dot_walk_the_stack_and_ampersand_shows_where() {
    let (out, _) = session(&format!("{FG}`\nx\n`\n.\n&\n"));
    assert_eq!(
        out,
        "  [1]  f:{g[x;2#y]}\n          ^\n\
         3\n\
         \x20 [0]  f[3;\"hello\"]\n       ^\n\
         \x20 [1]  f:{g[x;2#y]}\n          ^\n\
         'type\n  [1]  f:{g[x;2#y]}\n          ^\n"
    );
}

#[test]
fn debuggers_nest_and_each_backslash_leaves_one() {
    let (out, err) = session(&format!("{FG}{{x+y}}[a;y]\nx\n\\\nx\n\\\nx\n"));
    // x of the inner lambda, then of g; then no x at all.
    assert_eq!(out, "6\n3\n");
    assert_eq!(
        err,
        "'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n\
         'type\n  [5]  {x+y}\n         ^\n\
         'x\n  [0]  x\n       ^\n"
    );
}

#[test]
fn a_signal_at_the_prompt_destroys_the_deepest_frame() {
    let (out, err) = session(&format!("{FG}'myerror\nx\n'again\nx\n"));
    assert_eq!(out, "3\n");
    assert_eq!(
        err,
        "'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n\
         'myerror\n  [1]  f:{g[x;2#y]}\n          ^\n\
         'again\n  [0]  f[3;\"hello\"]\n       ^\n\
         'x\n  [0]  x\n       ^\n"
    );
}

#[test]
fn a_signal_suspends_the_caller_not_the_signalling_lambda() {
    let (out, err) =
        session("f:{[x]a:1;if[x<a;'`bad]}\ng:{f[x]}\ng[0]\n.z.s\na\nh:{'`top}\n\\\nh[]\nx\n");
    assert_eq!(out, "{f[x]}\n");
    assert_eq!(
        err,
        "'bad\n  [2]  f:{[x]a:1;if[x<a;'`bad]}\n                        ^\n  [1]  g:{f[x]}\n          ^\n\
         'a\n  [3]  a\n       ^\n\
         'top\n  [0]  h[]\n       ^\n\
         'x\n  [0]  x\n       ^\n"
    );
}

#[test]
fn assignments_at_the_prompt_set_the_frames_locals() {
    let (out, err) = session(&format!("{FG}a:100\na+1\n\\\na\n"));
    assert_eq!(out, "101\n");
    assert!(err.ends_with("'a\n  [0]  a\n       ^\n"), "{err}");
}

#[test]
fn trapped_errors_and_errors_at_the_top_do_not_suspend() {
    let (out, err) = session("@[{x+`a};1;0]\n.Q.trp[{x+`a};1;{[m;b]`caught}]\n2+`a\nx\n");
    assert_eq!(out, "0\n`caught\n");
    assert!(err.ends_with("'x\n  [0]  x\n       ^\n"), "{err}");
}

#[test]
fn resuming_is_refused_and_leaves_the_debugger_in_place() {
    let (out, err) = session(&format!("{FG}:42\nx\n"));
    assert_eq!(out, "3\n");
    assert!(err.contains("'nyi"), "{err}");
}

#[test]
fn a_lone_backslash_outside_the_debugger_still_ends_piped_input() {
    let (out, _) = session("1+1\n\\\n2+2\n");
    assert_eq!(out, "2\n");
}

#[test]
fn backtrace_at_the_prompt_marks_the_frame_it_is_in() {
    let (out, _) = session("g:{a:x*2;a+y}\ng[3;\"hello\"]\n.Q.bt[]\n`\n.Q.bt[]\n");
    assert_eq!(
        out,
        ">>[1]  g:{a:x*2;a+y}\n                 ^\n  [0]  g[3;\"hello\"]\n       ^\n\
         \x20 [0]  g[3;\"hello\"]\n       ^\n\
         \x20 [1]  g:{a:x*2;a+y}\n                 ^\n>>[0]  g[3;\"hello\"]\n       ^\n"
    );
}

#[test]
fn commands_may_carry_comments() {
    let (out, err) = session(&format!("{FG}` / up\nx\n\\          / leave\nx\n"));
    assert_eq!(out, "  [1]  f:{g[x;2#y]}\n          ^\n3\n");
    assert!(err.ends_with("'x\n  [0]  x\n       ^\n"), "{err}");
}

#[test]
fn z_ex_and_z_ey_are_the_failed_primitive_and_its_arguments() {
    let (out, _) = session(&format!(
        "{FG}.z.ex\n.z.ey\n\\\nk:{{x+1+y}}\nk[1;`a]\n.z.ey\n"
    ));
    assert_eq!(out, "+\n6\n\"he\"\n1\n`a\n");
}

// A derived function applied to no arguments (`(f/) . ()`) gets `::`, as
// `f[]` does, inside a suspended lambda as anywhere; the lambda's locals
// are still there afterwards.
#[test]
fn a_derived_function_with_no_arguments_in_a_suspended_lambda() {
    let (out, err) = session(&format!("{FG}t:+/\nt . ()\n({{x+y}}/) . ()\nx,:1\nx\n"));
    assert_eq!(out, "3 1\n");
    assert_eq!(err, "'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n");
}
