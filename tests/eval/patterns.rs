//! Pattern matching in assignments, lambda parameters and the pattern
//! conditional (docs/basics/pattern.md, docs/releases/ChangesIn4.1.md).

// ---- list patterns ----
q!(list_pattern_sets_each_name, "(p;q):7 8\np\nq", "7\n8");
q!(
    list_pattern_of_general_list,
    "(p;q):(`x;\"yz\")\np\nq",
    "`x\n\"yz\""
);
q!(
    list_pattern_takes_table_rows,
    "(r1;r2):([]u:5 6;w:7 8)\nr2",
    "u| 6\nw| 8"
);
trace!(
    list_pattern_too_short,
    "(p;q):1 2 3", "'length\n  [0]  (p;q):1 2 3\n       ^"
);
trace!(
    list_pattern_elided_item_must_exist,
    "(p;q;):5 6", "'length\n  [0]  (p;q;):5 6\n       ^"
);
q!(
    list_pattern_elided_item_matches_anything,
    "(p;;q):(1;`any;3)\np+q",
    "4"
);
trace!(
    list_pattern_constant_item_mismatch,
    "(p;9):1 2", "'match\n  [0]  (p;9):1 2\n          ^"
);
q!(failed_match_sets_nothing, "p:0\n(p;1b):(5;0b)\np", "'match");
q!(
    failed_match_leaves_earlier_value,
    "p:0\n@[value;\"(p;1b):(5;0b)\";::]\np",
    "\"match\"\n0"
);
q!(list_pattern_against_atom_is_type, "(p;q):5", "'type");

// ---- constants and names ----
q!(
    constant_pattern_that_matches_is_silent,
    "(5):5\n(`k):`k\n(2 3):2 3",
    ""
);
trace!(
    constant_pattern_mismatch_points_at_colon,
    "(5):6", "'match\n  [0]  (5):6\n          ^"
);
q!(parenthesised_name_assigns, "(p):4 5\np", "4 5");
q!(
    parenthesised_indexed_name_assigns_item,
    "p:1 2 3\n(p[0]):9\np",
    "9 2 3"
);
q!(
    indexed_name_inside_list_pattern,
    "p:1 2 3\n(p[2];q):10 20\np\nq",
    "1 2 10\n20"
);

// ---- dictionaries and tables ----
q!(
    keys_pattern_looks_keys_up,
    "(`b`c!(p;q)):`a`b`c!10 20 30\np\nq",
    "20\n30"
);
trace!(
    keys_pattern_missing_key,
    "(`a`z!(p;q)):`a`b!1 2", "'match\n  [0]  (`a`z!(p;q)):`a`b!1 2\n                ^"
);
q!(bracket_dict_pattern, "([b:p;c:q]):`a`b`c!7 8 9\np,q", "8 9");
trace!(
    bracket_dict_pattern_missing_key_with_no_pattern,
    "([z:;a:p]):`a`b!1 2", "'match\n  [0]  ([z:;a:p]):`a`b!1 2\n          ^"
);
q!(bracket_dict_pattern_bare_name, "([b;a]):`a`b!3 4\nb-a", "1");
q!(
    table_pattern_takes_columns,
    "([]w:p):([]u:1 2;w:3 4)\np",
    "3 4"
);
q!(
    keyed_table_pattern,
    "([k:p]w:q):([k:`x`y]w:3 4)\np\nq",
    "`x`y\n3 4"
);
q!(
    unnamed_table_columns_match_by_given_names,
    "([]x1:p):([]10 20;30 40)\np",
    "30 40"
);
q!(
    flip_pattern_matches_column_dictionary,
    "(flip([u;w])):([]u:1 2;w:3 4)\nw",
    "3 4"
);
q!(dict_operator_pattern, "(p!q):`a`b!5 6\np\nq", "`a`b\n5 6");
q!(dict_operator_pattern_keys_only, "(p!):`a`b!5 6\np", "`a`b");
q!(dict_pattern_against_list_is_type, "([a:p]):1 2", "'type");

// ---- type checks ----
q!(type_check_atom, "(p:`j):42\np", "42");
q!(type_check_null_pattern, "(:`s):`a", "");
trace!(
    type_check_atom_mismatch,
    "(:`j):4i", "'type\n  [0]  (:`j):4i\n        ^"
);
q!(type_check_vector, "((p;q):`C):\"hi\"\nq", "\"i\"");
trace!(
    type_check_vector_mismatch,
    "((p;q):`J):1 2i", "'type\n  [0]  ((p;q):`J):1 2i\n             ^"
);
q!(
    type_checks_inside_list,
    "(n:`s;v:`f):(`u;1.5)\nn\n(n:`s;v:`f):(`w;2)\nn",
    "`u\n'type"
);

// ---- filter functions ----
q!(filter_applies_before_match, "(p:10*):4\np", "40");
q!(
    assignment_value_keeps_filter_results,
    "r:(p;:100+):1 2\nr\np",
    "1 102\n1"
);
q!(
    filters_on_list_items,
    "(p;q:2*;s:neg):1 2 3\np,q,s",
    "1 4 -3"
);
q!(filter_result_is_matched, "(:{x*2}):3", "");
q!(
    filter_result_against_constant,
    "(6:{x*2}):3\n(7:{x*2}):3",
    "'match"
);
q!(
    filters_amend_dictionary_values,
    "f:{([v:(;:x+)]):y}\nf[5;`k`v!(`a;1 2)]",
    "k| `a\nv| 1 7"
);
q!(
    filter_signal_propagates,
    "chk:{$[x>9;'`big;x]}\n(p:chk):12",
    "'big"
);

// ---- lambda parameters ----
q!(lambda_list_parameter, "f:{[(p;q);r]p*q+r}\nf[2 3;4]", "14");
q!(lambda_elided_parameter, "f:{[p;]p}\nf[5;6]", "5");
q!(
    lambda_elided_parameter_rank,
    "f:{[;p]p}\nf[5]",
    "{[;p]p}[5]"
);
q!(
    lambda_type_checked_parameter,
    "f:{[p:`j;q:`j]p+q}\nf[1;2]\nf[1;2.0]",
    "3\n'type"
);
q!(
    lambda_filtered_parameter,
    "dbl:{2*x}\nf:{[p:dbl]p+1}\nf 5",
    "11"
);
q!(
    lambda_pattern_names_are_local,
    "p:0\nf:{[(p;q)]p+q}\nf 3 4\np",
    "7\n0"
);
q!(
    pattern_assignment_in_lambda_is_local,
    "p:0\nf:{(p;q):x;p*q}\nf 3 4\np",
    "12\n0"
);
backtrace!(
    lambda_parameter_mismatch_trace,
    "f:{[(p;q)]p}\nf 1 2 3",
    "'length\n  [1]  f:{[(p;q)]p}\n           ^\n  [0]  f 1 2 3\n       ^"
);

// ---- pattern conditional ----
q!(
    match_cond_first_matching_case,
    "k: :[2h;t:`j;`long;t:`h;`short;`other]\nk\nt",
    "`short\n2h"
);
q!(
    match_cond_default,
    "k: :[`s;t:`j;`long;`other]\nk",
    "`other"
);
q!(
    match_cond_without_default_is_null,
    "(::)~ :[`s;t:`j;`long]",
    "1b"
);
q!(
    match_cond_evaluates_only_the_chosen_result,
    "n:0\n:[1 2;(p;q);n+:1;n+:10]\nn",
    "1\n1"
);
q!(
    match_cond_list_pattern,
    ":[3 4;(p;q;r);`three;(p;q);p+q;`none]",
    "7"
);
