//! Performance sanity of q-lite's hot paths: whole-vector arithmetic and
//! aggregation allocate per vector, never per item, and grouped queries on
//! a million rows stay well under a second (checked in release builds).

mod eval_support;

/// Allocations this thread has made (qrepl's allocator counts them; tests
/// run on threads of their own).
fn allocated() -> usize {
    qrepl::k::memory::thread_allocations()
}

/// Allocations made while evaluating `line` (after `setup`).
fn allocations(setup: &str, line: &str) -> usize {
    let (mut it, _out) = eval_support::interp();
    it.eval_text(setup).expect("setup evaluates");
    let before = allocated();
    it.eval_text(line).expect("line evaluates");
    allocated() - before
}

const MILLION: &str = "x:til 1000000;f:0.5*x;";

/// Fewer allocations than this for a million items means none per item.
const PER_VECTOR: usize = 1000;

#[test]
fn long_vector_arithmetic_allocates_per_vector() {
    for line in ["y:x+x;", "y:x*2;", "y:x-1;", "y:x<5;", "y:x=x;"] {
        let n = allocations(MILLION, line);
        assert!(n < PER_VECTOR, "{line} made {n} allocations");
    }
}

#[test]
fn float_vector_arithmetic_allocates_per_vector() {
    for line in ["y:f+f;", "y:f*2.5;", "y:f%2.0;", "y:f>1.0;"] {
        let n = allocations(MILLION, line);
        assert!(n < PER_VECTOR, "{line} made {n} allocations");
    }
}

#[test]
fn aggregates_allocate_per_vector() {
    for line in [
        "s:sum x;",
        "s:sum f;",
        "s:avg x;",
        "s:max x;",
        "s:min f;",
        "s:sums x;",
        "s:maxs x;",
    ] {
        let n = allocations(MILLION, line);
        assert!(n < PER_VECTOR, "{line} made {n} allocations");
    }
}

#[test]
fn grouped_select_allocates_per_group_not_per_row() {
    let setup = "n:1000000;t:([]sym:n?`a`b`c`d`e`f`g`h`i`j;px:n?100.0;sz:n?1000);";
    let n = allocations(
        setup,
        "r:select sum sz, avg px, max sz, last px by sym from t;",
    );
    assert!(n < 10_000, "select by made {n} allocations");
}

/// Wall-clock bounds, far above what a release build takes (about 20 ms
/// for the grouped select), so a loaded machine does not trip them.
#[cfg(not(debug_assertions))]
#[test]
fn million_row_grouped_select_is_fast() {
    let (mut it, _out) = eval_support::interp();
    it.eval_text("n:1000000;t:([]sym:n?`a`b`c`d`e`f`g`h`i`j;px:n?100.0;sz:n?1000);")
        .expect("setup");
    let start = std::time::Instant::now();
    it.eval_text("r:select sum sz, avg px by sym from t where px>10;")
        .expect("select");
    it.eval_text("r:select count i by sym, sz>500 from t;")
        .expect("select");
    let took = start.elapsed();
    assert!(took.as_millis() < 1000, "grouped selects took {took:?}");
}
