//! The evaluator: application and amend, assignment, iterators, control flow, lambdas, namespaces, composition, value, and errors with their traces.

// ---- docs/basics/debug.md ----
trace!(
    trace_console_line,
    "2+\"hi\"", "'type\n  [0]  2+\"hi\"\n        ^"
);
// A name assigned as a global and then as a local is refused when the
// lambda is defined, the caret on the local assignment.
trace!(
    global_then_local_is_refused,
    "{a::1;a:1}", "'a\n  [0]  {a::1;a:1}\n             ^"
);
q!(
    a_local_first_takes_double_colon_and_globals_stay_global,
    "f:{a:1;a::2;a:a+1;a}\nf[]\ng:{[x] if[x;b::x];c:b;c}\ng 5\nb",
    "3\n5\n5"
);

// ---- docs/ref/amend.md ----
q!(amend_entire, ".[2 3; (); ,; 4 5 6]", "2 3 4 5 6");
q!(index_depth_two, "(5 2.14; \"abc\") . 1 2", "\"c\"");
q!(
    amend_depth_two,
    ".[(5 2.14; \"abc\"); 1 2; :; \"x\"]",
    "5 2.14\n\"abx\""
);
q!(
    amend_cross_section,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\ni:(2 0; 0 1 0)\ny:(100 200 300; 400 500 600)\n.[d; i; ,; y]",
    "(1 2 3 400 600;4 5 6 7 500)\n(8 9;10;11 12)\n(13 14 100 300;15 16 17 18 200;19 20)"
);
q!(
    amend_cross_section_replace,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\ni:(2 0; 0 1 0)\ny:(100 200 300; 400 500 600)\n.[d; i; :; y]",
    "600 500\n(8 9;10;11 12)\n(300;200;19 20)"
);
q!(
    amend_cross_section_unary,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\ni:(2 0; 0 1 0)\n.[d; i; neg]",
    "(1 2 3;-4 -5 -6 -7)\n(8 9;10;11 12)\n(13 14;-15 -16 -17 -18;19 20)"
);
q!(
    amend_at_unary,
    "d:(\"quick\";\"\";\"brown\";\"fox\")\n@[d;where\"b\"$count each d;,[;\"...\"]]",
    "\"quick...\"\n\"\"\n\"brown...\"\n\"fox...\""
);
q!(
    amend_at_binary_repeated,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\n@[d;1 1 1;+;3]",
    "(1 2 3;4 5 6 7)\n(17 18;19;20 21)\n(13 14;15 16 17 18;19 20)"
);
q!(
    amend_at_projection,
    "0N!@[(\"ssd\";\"bsd\");0;+];",
    "(+[\"ssd\"];\"bsd\")"
);
q!(amend_at_replace, "@[1 2 3;1;:;20]", "1 20 3");
q!(amend_at_add, "@[1 2 3;0 2;+;10]", "11 2 13");
q!(amend_at_add_pairwise, "@[1 2 3;0 2;+;10 20]", "11 2 23");
q!(amend_at_unary_neg, "@[1 2 3;1;neg]", "1 -2 3");
// q has no 'index error: a position past the end does not conform.
q!(amend_at_past_end, "@[1 2 3;5;:;0]", "'length");
q!(amend_deep_past_end, ".[(1 2;3 4);4 0;:;9]", "'length");
q!(amend_at_length_error, "@[1 2 3;0 1;:;1 2 3]", "'length");
q!(amend_at_type_error, "@[1 2 3;0;:;`a]", "'type");
q!(amend_at_dict, "@[`a`b!1 2;`b;+;10]", "a| 1\nb| 12");
q!(
    amend_at_dict_new_key,
    "@[`a`b!1 2;`c;:;3]",
    "a| 1\nb| 2\nc| 3"
);
q!(amend_at_by_name, "x:1 2 3\n@[`x;1;:;9]\nx", "`x\n1 9 3");
q!(amend_dot_matrix, ".[(1 2;3 4);1 0;:;9]", "1 2\n9 4");
q!(amend_dot_add, ".[(1 2;3 4);(0;1);+;10]", "1 12\n3 4");
q!(
    amend_table_column,
    "t:([]a:1 2;b:3 4)\n@[t;`b;:;10 20]",
    "a b\n----\n1 10\n2 20"
);
q!(
    amend_table_row,
    "t:([]a:1 2;b:3 4)\n@[t;1;:;`a`b!9 9]",
    "a b\n---\n1 3\n9 9"
);

// ---- docs/ref/assign.md ----
q!(assign_simple, "a:42\na", "42");
q!(
    assign_dict_upsert,
    "d:`tom`dick`harry!1 2 3\nd[`dick`jane]:100 200\nd",
    "tom  | 1\ndick | 100\nharry| 3\njane | 200"
);
q!(
    assign_through_join,
    "s:(\"the\";\"quick\";\"brown\";\"fox\")\ns[1 2],:(\"er\";\"ish\")\ns",
    "\"the\"\n\"quicker\"\n\"brownish\"\n\"fox\""
);
q!(
    assign_amend_at_join,
    "s:(\"the\";\"quick\";\"brown\";\"fox\")\n@[s;1 2;,;(\"er\";\"ish\")]",
    "\"the\"\n\"quicker\"\n\"brownish\"\n\"fox\""
);
q!(assign_undefined_name, "bar", "'bar");
q!(assign_through_undefined, "bar+:1\nbar", "1");
q!(assign_indexed, "x:1 2 3\nx[1]:20\nx", "1 20 3");
q!(assign_indexed_op, "x:1 2 3\nx[0 2]+:10\nx", "11 2 13");
q!(assign_depth, "m:(1 2;3 4)\nm[1;0]:9\nm", "1 2\n9 4");
q!(assign_depth_op, "m:(1 2;3 4)\nm[0;1]+:100\nm", "1 102\n3 4");
q!(assign_elided_row, "m:(1 2;3 4)\nm[;0]:7\nm", "7 2\n7 4");
q!(assign_dict_op, "d:`a`b!1 2\nd[`a]+:5\nd", "a| 6\nb| 2");
q!(
    assign_table_col,
    "t:([]a:1 2)\nt[`b]:3 4\nt",
    "a b\n---\n1 3\n2 4"
);
q!(assign_join_op, "x:1 2\nx,:3\nx", "1 2 3");
q!(assign_reserved, "cos:12", "'assign");
q!(assign_index_type, "x:1 2 3\nx[1]:`a", "'type");
q!(assign_index_length, "x:1 2 3\nx[0 1]:1 2 3", "'length");

// ---- docs/ref/apply.md ----
q!(apply_dot_prim, "(+) . 2 3", "5");
q!(
    apply_dot_index,
    "add:(0 1 2 3;1 2 3 4;2 3 4 5;3 4 5 6)\nadd . 2 3",
    "5"
);
q!(apply_dot_bracket, ".[+;2 3]", "5");
q!(
    apply_nullary,
    "a: 2 3\nb: 10 20\n{a + b} . enlist[::]",
    "12 23"
);
q!(
    apply_index_enlist,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\nd . enlist 1",
    "8 9\n10\n11 12"
);
q!(
    apply_index_depth,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\nd . 1 2",
    "11 12"
);
q!(
    apply_index_depth3,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\nd . 1 2 0",
    "11"
);
q!(
    apply_index_at_chain,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\n((d @ 1) @ 2) @ 0",
    "11"
);
q!(
    apply_index_over,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\nd @/ 1 2 0",
    "11"
);
q!(
    apply_cross_section,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\nd . (2 0; 0 1)",
    "13 14 15 16 17 18\n1 2 3 4 5 6 7"
);
q!(
    apply_cross_section_count,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\ncount each d . (2 0; 0 1)",
    "2 2"
);
q!(
    apply_null_selects_all,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\nd . (::;0)",
    "1 2 3\n8 9\n13 14"
);
q!(
    apply_null_middle,
    "d:((1 2 3;4 5 6 7);(8 9;10;11 12);(13 14;15 16 17 18;19 20))\nd . (0 2;::;1 0)",
    "(2 1;5 4)\n(14 13;16 15;20 19)"
);
q!(
    apply_dict_depth,
    "(1;`a`b!(2 3 4;10 20 30 40)) . (1; `b; 2)",
    "30"
);
q!(
    apply_each_left_functions,
    "{`o`h`l`c!(first;max;min;last)@\\:x}1 2 3 4 22",
    "o| 1\nh| 22\nl| 1\nc| 22"
);
q!(trap_value, ".[+;\"ab\";`ouch]", "`ouch");
q!(
    trap_function,
    ".[+;\"ab\";{\"Wrong \",x}]",
    "\"Wrong type\""
);
q!(trap_success, ".[+;2 3;{\"Wrong \",x}]", "5");
q!(trap_at, "@[2+;\"42\";`err]", "`err");
q!(trap_not_argument, "@[2+;\"42\"+3;`err]", "'type");
q!(
    trap_expression_evaluated,
    "@[string;42;a:100]\na",
    "\"42\"\n100"
);
q!(
    trap_function_not_run,
    "@[string;42;{b::99}]\nb",
    "\"42\"\n'b"
);
q!(apply_rank_error, "{x+y}[1;2;3]", "'rank");
q!(index_out_of_range_null, "(1 2 3) 5", "0N");
q!(index_sym_vector, "`a`b`c 1", "`b");
q!(index_dict_missing, "(`a`b!1 2)`c", "0N");
q!(index_type_error, "1 2 3 `a", "'type");

// ---- docs/ref/accumulators.md ----
macro_rules! route {
    () => {
        "yrp:([]from:`London`Paris`Genoa`Milan`Vienna`Berlin;to:`Paris`Genoa`Milan`Vienna`Berlin`London;wp:011110b)\nroute:yrp[`from]!yrp[`to]\n"
    };
}
q!(acc_scan, "(+\\)2 3 4", "2 5 9");
q!(acc_over, "(+/)2 3 4", "9");
q!(
    acc_route_dict,
    concat!(route!(), "route"),
    "London| Paris\nParis | Genoa\nGenoa | Milan\nMilan | Vienna\nVienna| Berlin\nBerlin| London"
);
q!(acc_converge_neg, "(neg\\)1", "1 -1");
q!(
    acc_converge_rotate,
    "(rotate[1]\\)\"abcd\"",
    "\"abcd\"\n\"bcda\"\n\"cdab\"\n\"dabc\""
);
q!(
    acc_converge_square,
    "({x*x}\\)0.1",
    "0.1 0.01 0.0001 1e-08 1e-16 1e-32 1e-64 1e-128 1e-256 0"
);
q!(
    acc_converge_dict,
    concat!(route!(), "(route\\)`Genoa"),
    "`Genoa`Milan`Vienna`Berlin`London`Paris"
);
q!(acc_do, "dbl:2*\n3 dbl\\2 7", "2  7\n4  14\n8  28\n16 56");
q!(
    acc_do_enlist,
    "5 enlist\\1",
    "1\n,1\n,,1\n,,,1\n,,,,1\n,,,,,1"
);
q!(
    acc_do_projection_list,
    "5(`f;)\\1",
    "1\n(`f;1)\n(`f;(`f;1))\n(`f;(`f;(`f;1)))\n(`f;(`f;(`f;(`f;1))))\n(`f;(`f;(`f;(`f;(`f;1)))))"
);
q!(
    acc_fibonacci,
    "10{x,sum -2#x}/0 1",
    "0 1 1 2 3 5 8 13 21 34 55 89"
);
q!(
    acc_fibonacci_projection,
    "fibonacci:{x,sum -2#x}/[;0 1]\nfibonacci 10",
    "0 1 1 2 3 5 8 13 21 34 55 89"
);
q!(
    acc_do_dict,
    concat!(route!(), "3 route\\`London"),
    "`London`Paris`Genoa`Milan"
);
q!(acc_while, "dbl:2*\n(10>)dbl\\2", "2 4 8 16");
q!(
    acc_while_lambda,
    "{x<1000}{x+x}\\2",
    "2 4 8 16 32 64 128 256 512 1024"
);
q!(
    acc_while_brackets,
    "inc:1+\ninc\\[105>;100]",
    "100 101 102 103 104 105"
);
q!(
    acc_while_composition,
    "inc:1+\ninc\\[105>sum@;84 20]",
    "84 20\n85 21"
);
q!(
    acc_while_dict,
    concat!(route!(), "(`Berlin<>)route\\`Paris"),
    "`Paris`Genoa`Milan`Vienna`Berlin"
);
q!(
    acc_while_two_dicts,
    concat!(
        route!(),
        "waypoints:(!/)yrp`from`wp\nwaypoints route\\`Paris"
    ),
    "`Paris`Genoa`Milan`Vienna`Berlin"
);
q!(acc_binary_seed, "1000+\\2 3 4", "1002 1005 1009");
q!(
    acc_fsm_matrix,
    "m:(1 6 4 4 2;2 7 2 0 5;7 5 6 7 0;2 1 8 1 0;7 3 3 6 8;2 3 8 9 0;1 1 9 6 9;7 8 4 3 0;4 5 8 0 4;9 8 0 3 9)\nc:4 1 3 3 1 4\n7 m\\c",
    "0 6 6 6 1 5"
);
q!(acc_join_identity, "(,\\)2 3 4", ",2\n2 3\n2 3 4");
q!(acc_lambda_no_identity, "{x,y}\\[2 3 4]", "2\n2 3\n2 3 4");
q!(acc_lambda_seed, "42{[x;y]x}\\2 3 4", "42 42 42");
q!(acc_lambda_first, "({[x;y]x}\\)2 3 4", "2 2 2");
q!(
    acc_first_left_domain,
    "({count x,y}\\)(\"The\";\"quick\";\"brown\";\"fox\")",
    "\"The\"\n8\n6\n4"
);
q!(acc_over_keyword, "(+) over til 5", "10");
q!(acc_scan_keyword, "(+) scan til 5", "0 1 3 6 10");
q!(
    acc_ternary_scan,
    "{x+y*z}\\[1000;5 10 15 20;2 3 4 5]",
    "1010 1040 1100 1200"
);
q!(
    acc_ternary_scan_vector_seed,
    "{x+y*z}\\[1000 2000;5 10 15 20;3]",
    "1015 2015\n1045 2045\n1090 2090\n1150 2150"
);
q!(
    acc_ssr_scan,
    "s:\"We are going to advance. Send reinforcements.\"\nssr\\[s;(\"advance\";\"reinforcements\");(\"a dance\";\"three and fourpence\")]",
    "\"We are going to a dance. Send reinforcements.\"\n\"We are going to a dance. Send three and fourpence.\""
);
q!(
    acc_ternary_floats,
    "a:1000f;b:1 2 3 4f;c:5 6 7 8f\n{z+x*y}\\[a;b;c]",
    "1005 2016 6055 24228f"
);
q!(
    acc_empty_over_types,
    "mt:0#0\ntype each (mt;*/[mt];{x*y}/[mt])",
    "7 -7 0h"
);
q!(
    acc_empty_scan_lambda,
    "mt:0#0\n()~{x+y*z}\\[`foo;mt;mt]",
    "1b"
);
q!(acc_empty_over_plus, "mt:0#0\n(+/)mt", "0");
q!(acc_empty_over_times, "mt:0#0\n(*/)mt", "1");
q!(acc_empty_over_lambda, "mt:0#0\n()~({x+y}/)mt", "1b");
q!(acc_empty_over_seed, "mt:0#0\n42+/mt", "42");
q!(
    acc_empty_over_ternary_seed,
    "mt:0#0\n{x+y*z}/[42;mt;mt]",
    "42"
);
q!(acc_empty_over_sym_seed, "mt:0#0\n`foo+/mt", "`foo");

// ---- docs/ref/maps.md ----
q!(
    each_dict,
    "(count')`a`b`c!(1 2 3;4 5;6 7 8 9)",
    "a| 3\nb| 2\nc| 4"
);
q!(each_both_in, "1 2 3 in'(1 0 1;til 100;5 6 7)", "110b");
q!(
    each_ternary,
    "{x+y*z}'[1000000;1 0 1;5000 6000 7000]",
    "1005000 1000000 1007000"
);
q!(each_paren, "(count')string `Clash`Fixx`The`Who", "5 4 3 3");
q!(
    each_brackets,
    "count'[string `Clash`Fixx`The`Who]",
    "5 4 3 3"
);
q!(
    each_keyword,
    "count each string `Clash`Fixx`The`Who",
    "5 4 3 3"
);
q!(
    each_left,
    "\"abcde\",\\:\"XY\"",
    "\"aXY\"\n\"bXY\"\n\"cXY\"\n\"dXY\"\n\"eXY\""
);
q!(each_right, "\"abcde\",/:\"XY\"", "\"abcdeX\"\n\"abcdeY\"");
q!(
    each_left_matrix,
    "m:(\"abcd\";\"efgh\";\"ijkl\")\nm[0 1;2 3] ~ 0 1 m\\:2 3",
    "1b"
);
q!(
    each_right_matrix,
    "m:(\"abcd\";\"efgh\";\"ijkl\")\n0 1 m/:2 3",
    "\"cg\"\n\"dh\""
);
q!(
    each_left_right,
    "a:{x,/:\\:x}til 3\n{}0N!a",
    "((0 0;0 1;0 2);(1 0;1 1;1 2);(2 0;2 1;2 2))"
);
q!(
    each_cross,
    "b:{x cross x}til 3\n{}0N!b",
    "(0 0;0 1;0 2;1 0;1 1;1 2;2 0;2 1;2 2)"
);
q!(
    each_raze_cross,
    "a:{x,/:\\:x}til 3\nb:{x cross x}til 3\nraze[a] ~ b",
    "1b"
);
q!(each_prior_minus, "(-':)1 1 2 3 5 8 13", "1 0 1 1 2 3 5");
q!(
    each_prior_seed_dict,
    "1950 -': `S`J`C!1952 1954 1960",
    "S| 2\nJ| 2\nC| 6"
);
q!(each_prior_times, "(*':)2 3 4", "2 6 12");
q!(each_prior_join, "(,':)2 3 4", "2\n3 2\n4 3");
q!(
    each_prior_dict,
    "(-':) `S`J`C!1952 1954 1960",
    "S| 1952\nJ| 2\nC| 6"
);
q!(each_prior_lambda, "{x+2*y}':[2 3 4]", "0N 7 10");
q!(prior_minus, "(-':) 5 16 42 103", "5 11 26 61");
q!(prior_keyword, "(-) prior 5 16 42 103", "5 11 26 61");
q!(deltas_list, "deltas 5 16 42 103", "5 11 26 61");
q!(case_chars, "0 1 0'[\"abc\";\"xyz\"]", "\"ayc\"");
q!(
    case_syms,
    "e:`one`two`three`four`five\nf:`un`deux`trois`quatre`cinq\ng:`eins`zwei`drei`vier`funf\nl:`English`French`German\n(l?`German`English`French`French`German)'[e;f;g]",
    "`eins`two`trois`quatre`funf"
);
q!(
    case_extra_args,
    "0 2 0'[\"abc\";\"xyz\";\"123\";\"789\"]",
    "\"a2c\""
);
q!(case_atom_repeats, "0 1 0'[\"a\";\"xyz\"]", "\"aya\"");
// maps.md: dictionaries stand for lists of the same count with the same
// keys in the same order.
q!(
    case_with_dictionaries,
    "1 0 1'[`p`q`r!10 20 30;7 8 9;`p`q`r!1 2 3]\n1 0'[`p`q!5 6;0]",
    "7 20 9\n0 6"
);
q!(
    case_dictionary_count_differs,
    "0 1 0'[`p`q`r!10 20 30;`p`q!1 2]",
    "'length"
);
q!(
    case_list_count_differs_from_dictionary,
    "0 1'[`p`q!1 2;3 4 5]",
    "'length"
);
q!(
    case_dictionary_keys_differ,
    "0 1 0'[`p`q`r!10 20 30;`r`q`p!1 2 3]",
    "'domain"
);
q!(
    case_matrix,
    "a:`Kuh`Hund`Katte`Fisch\nb:`vache`chien`chat`poisson\nc:`cow`dog`cat`fish\nm:(a;b;c)\ni:0 1 0 2\nm ./:i,'til count i",
    "`Kuh`chien`Katte`fish"
);
q!(
    case_matrix_case,
    "a:`Kuh`Hund`Katte`Fisch\nb:`vache`chien`chat`poisson\nc:`cow`dog`cat`fish\ni:0 1 0 2\ni'[a;b;c]",
    "`Kuh`chien`Katte`fish"
);
q!(map_empty, "mt:0#0\n()~{x+y*z}'[`foo;mt;mt]", "1b");
q!(map_empty_type, "type (2*')til 0", "0h");
q!(map_type, "type (2*')til 5", "7h");
q!(map_projection_type, "type (2*)til 0", "7h");

// ---- docs/ref/cond.md ----
q!(cond_false, "$[0b;`true;`false]", "`false");
q!(cond_true, "$[1b;`true;`false]", "`true");
q!(cond_lazy, "$[1b;`true;x:`false]\nx", "`true\n'x");
q!(cond_many, "{$[x>0;1;x<0;-1;0]}'[0 3 -9]", "0 1 -1");
q!(cond_even_true, "$[1b;`true;1b;`foo]", "`true");
q!(cond_even_second, "$[0b;`true;1b;`foo]", "`foo");
q!(cond_even_null, "$[0b;`true;0b;`foo]~(::)", "1b");
q!(cond_even_silent, "$[0b;`true;0b;`foo]", "");
q!(cond_int_condition, "$[2;`a;`b]", "`a");
q!(cond_null_condition, "$[0N;`a;`b]", "`a");
q!(cond_vector_type, "$[1 0b;`a;`b]", "'type");
q!(
    cond_in_lambda,
    "f:{$[x~`a;1;x~`b;2;3]}\nf each `a`b`c",
    "1 2 3"
);

// ---- docs/ref/do.md and docs/basics/control.md ----
q!(
    do_continued_fraction,
    "r:()\nt:2*asin 1\ndo[7;r,:q:floor t;t:reciprocal t-q]\nr",
    "3 7 15 1 292 1 1"
);
q!(do_count, "n:0\ndo[5;n+:1]\nn", "5");
q!(do_no_result, "do[2;1]", "");
q!(while_loop, "i:0\nwhile[i<5;i+:1]\ni", "5");
q!(
    while_in_lambda,
    "f:{r:();while[x>0;r,:x;x-:1];r}\nf 3",
    "3 2 1"
);
q!(if_true, "a:0\nif[1b;a:1;a+:1]\na", "2");
q!(if_false, "a:0\nif[0b;a:1]\na", "0");
q!(if_type, "if[`a;1]", "'type");
q!(
    seed_sleep_loop,
    "sleep:{now:.z.p; waittime:x * 00:00:01; while[waittime>.z.p - now]}\nsleep 0\n1",
    "1"
);

// ---- docs/basics/function-notation.md ----
q!(
    lambda_signature,
    "{[a;b] a2:a*a; b2:b*b; a2+b2+2*a*b}[20;4]",
    "576"
);
q!(lambda_signed, "{[x;y](x*x)+(y*y)+2*x*y}[20;4]", "576");
q!(lambda_unsigned, "{(x*x)+(y*y)+2*x*y}[20;4]", "576");
q!(lambda_empty_last, "f:{2*x;}\nf 10", "");
q!(lambda_empty_last_nil, "f:{2*x;}\n(::)~f 10", "1b");
q!(
    lambda_explicit_return,
    "c:0\nf:{a:6;b:7;:a*b;c::98}\nf 0\nc",
    "42\n0"
);
q!(
    lambda_signal,
    "c:0\ng:{a:6;b:7;'`TheEnd;c::98}\ng 0",
    "'TheEnd"
);
q!(lambda_signal_string, "{'\"oops\"}[]", "'oops");
q!(
    lambda_scope,
    "a:b:0\nf:{a:10+3*x;b::100+a;}\nf 1 2 3\na\nb",
    "0\n113 116 119"
);
q!(lambda_reads_root, "a:42\nf:{a+x}\nf 1", "43");
q!(lambda_locals_strict, "a:42\nf:{a+x}\n{a:1000;f x}1", "43");
q!(
    lambda_global_table,
    "t:([]0 1)\n{select from t}[]",
    "x\n-\n0\n1"
);
q!(
    lambda_local_table,
    "t:([]0 1)\n{if[x;t:([]`a`b)];select from t} 1b",
    "x\n-\na\nb"
);
q!(
    lambda_local_unset_is_empty,
    "t:([]0 1)\n{if[x;t:([]`a`b)];select from t} 0b",
    "'type"
);
q!(lambda_rank_projection, "f:{x+y}\ng:f[1]\ng 2", "3");
q!(lambda_type, "type {x}", "100h");
q!(lambda_display, "{x+y}", "{x+y}");
q!(lambda_projection_display, "{x+y}[1]", "{x+y}[1]");
q!(
    lambda_value_ends_in_its_source,
    "last value {x+y}",
    "\"{x+y}\""
);
// value.md (Lambda): parameters, locals, then the namespace and the globals
// read or assigned, and at the end the name, file, line and source.
q!(
    lambda_value_lists_its_parts,
    "f:{[a;b]d::neg c:a*b+5;c+e}\nv:value f\n(v 1;v 2;v 3;-4#v)",
    "`a`b\n,`c\n``d`e\n(\"..f\";\"\";-1;\"{[a;b]d::neg c:a*b+5;c+e}\")"
);
// KX's csvguess.q: a query inside another's from phrase takes the `where`
// after it.
q!(
    nested_query_takes_the_where_after_it,
    "info:([]c:`a`b`c;t:\"J F\";ci:2 1 0)\nexec c from `ci xasc select ci,c from info where not t=\" \"",
    "`c`a"
);
// An update of some rows keeps a long column long when the values are
// ints (csvguess.q's `sum` of booleans); a float into a long is 'type.
q!(
    update_of_some_rows_widens_narrower_integers,
    "t:([]a:1 2 3)\nmeta update a:5i from t where a=2\nexec a from update a:5i from t where a=2",
    "c| t f a\n-| -----\na| j\n1 5 3"
);
q!(
    update_of_some_rows_keeps_other_types_strict,
    "t:([]a:1 2 3)\nupdate a:1.5 from t where a=2",
    "'type"
);
// Inserting a table into an empty list makes the list that table.
q!(
    insert_into_an_empty_list,
    "x:()\n`x insert ([]a:1 2)\nx",
    "0 1\na\n-\n1\n2"
);

// A lambda defined in k keeps its `k)` in its source (KX's csvguess.q
// writes `2_ last value f` back out as k).
q!(
    k_lambda_source_keeps_its_prefix,
    "k)g:{x+1}\n(g 2;last value g)",
    "3\n\"k){x+1}\""
);
q!(
    lambda_value_in_a_namespace,
    "\\d .test\nf:{[a;b]d::neg c:a*b+5;c+e}\n\\d .\nv:value .test.f\n(v 3;first -4#v)",
    "`test`d`e\n\".test.f\""
);
q!(
    lambda_global_assign_in_lambda,
    "f:{g::x*2}\nf 21\ng",
    "42\n42"
);
q!(
    lambda_recursion,
    "fact:{$[x<2;1;x*fact x-1]}\nfact 10",
    "3628800"
);
q!(lambda_self, "{$[x<2;1;x*.z.s x-1]}5", "120");
q!(lambda_nested, "{{x*2}x+1}3", "8");
q!(lambda_stack, "{.z.s x}1", "'stack");

// ---- docs/basics/namespaces.md and syscmds \d ----
q!(ns_assign_read, ".fee.fi.fo:42\n.fee.fi.fo", "42");
q!(ns_directory, "\\d .foo\nx:1\ny:x+1\n\\d .\n.foo.y", "2");
q!(ns_current, "\\d .foo\n\\d", "`.foo");
q!(ns_root_current, "\\d", "`.");
q!(
    ns_lambda_context,
    "\\d .foo\nf:{x+k}\nk:10\n\\d .\n.foo.f 1",
    "11"
);
q!(ns_key, ".foo.a:1\n.foo.b:2\nkey `.foo", "``a`b");
q!(ns_variables, "a:1\nb:2\nf:{x}\n\\v", "`a`b");
q!(ns_functions, "a:1\nf:{x}\n\\f", ",`f");
// syscmds.md, doth.md: q's own namespaces list their builtins, data under
// \v and functions under \f, in order.
q!(
    ns_variables_of_dot_h,
    "\\v .h",
    "`HOME`br`c0`c1`d`sa`sb`sc`tx`ty"
);
q!(ns_functions_of_dot_j, "\\f .j", "`j`jd`k");
q!(
    ns_functions_of_dot_h_are_functions,
    "f:system\"f .h\"\n(all 100<=type each .h f;`hr in f;`br in f;f~asc f)",
    "1101b"
);
backtrace!(
    trace_nested_named,
    "f:{g[x;2#y]}\ng:{a:x*2;a+y}\nf[3;\"hello\"]",
    "'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n  [1]  f:{g[x;2#y]}\n          ^\n  [0]  f[3;\"hello\"]\n       ^"
);
backtrace!(
    trace_anonymous_inner,
    "f0:{{(\"hi\";x+y)}[x*2;\"there\"]}\nf0[2]",
    "'type\n  [2]  f0@:{(\"hi\";x+y)}\n                   ^\n  [1]  f0:{{(\"hi\";x+y)}[x*2;\"there\"]}\n           ^\n  [0]  f0[2]\n       ^"
);
backtrace!(
    trace_monadic_call,
    "f:{{x*y}[x;3#x]}\nf `a",
    "'type\n  [2]  f@:{x*y}\n            ^\n  [1]  f:{{x*y}[x;3#x]}\n          ^\n  [0]  f `a\n       ^"
);
backtrace!(
    trace_anonymous_lambda,
    "{x+y}[1;`a]",
    "'type\n  [1]  {x+y}\n         ^\n  [0]  {x+y}[1;`a]\n       ^"
);
backtrace!(
    trace_signal_in_lambda,
    "g:{a:6;b:7;'`TheEnd;c::98}\ng 0",
    "'TheEnd\n  [1]  g:{a:6;b:7;'`TheEnd;c::98}\n                  ^\n  [0]  g 0\n       ^"
);
// debug.md: the console stops in the frame that failed and shows only
// that frame; its callers are not listed.
trace!(
    console_shows_the_failing_frame_only,
    "f:{g[x;2#y]}\ng:{a:x*2;a+y}\nf[3;\"hello\"]",
    "'type\n  [2]  g:{a:x*2;a+y}\n                 ^"
);
trace!(
    console_names_nested_lambdas_after_their_function,
    "f0:{{(\"hi\";x+y)}[x*2;\"there\"]}\nf0[2]",
    "'type\n  [2]  f0@:{(\"hi\";x+y)}\n                   ^"
);
// signal.md: a signal destroys its frame and stops one level up, showing
// both; when that level is the console line, only the line is shown.
trace!(
    console_signal_from_a_function_called_at_the_console,
    "f:{'`bad}\nf[]", "'bad\n  [0]  f[]\n       ^"
);
trace!(
    console_signal_shows_its_frame_and_the_caller,
    "f:{'`bad}\ng:{f[]}\ng[]", "'bad\n  [2]  f:{'`bad}\n          ^\n  [1]  g:{f[]}\n          ^"
);
trace!(
    console_signal_in_a_nested_lambda,
    "f:{[x]a:1;if[x<a;{'x}`bad]}\ng:{f[x]}\ng[0]",
    "'bad\n  [3]  f@:{'x}\n           ^\n  [2]  f:{[x]a:1;if[x<a;{'x}`bad]}\n                        ^"
);
trace!(trace_name_error, "tnew", "'tnew\n  [0]  tnew\n       ^");
// qsql.md: Cond is not supported inside query templates.
trace!(
    trace_cond_in_query,
    "u:([]a:raze (\"ref/\";\"kb/\"),\\:/:\"abc\"; b:til 6)\nselect from u where a like $[1b;\"ref/*\";\"kb/*\"]",
    "'rank\n  [0]  select from u where a like $[1b;\"ref/*\";\"kb/*\"]\n                                  ^"
);

// ---- docs/ref/value.md ----
q!(value_dict, "value `q`w`e!(1 2;3 4;5 6)", "1 2\n3 4\n5 6");
q!(value_symbol, "a:1 2 3\nvalue `a", "1 2 3");
q!(
    value_enumeration,
    "e:`a`b`c\nx:`e$`a`a`c`b\nx\nvalue x",
    "`e$`a`a`c`b\n`a`a`c`b"
);
q!(value_string, "value \"enlist a:til 5\"", "0 1 2 3 4");
q!(value_string_lambda, "value \"{x*x}\"", "{x*x}");
q!(value_string_expr, "value \"iasc 2 7 3 1\"", "3 0 2 1");
q!(
    value_in_namespace,
    "\\d .a\nvalue\"b:2\"\nb\n\\d .\n.a.b",
    "2\n2\n2"
);
q!(
    value_in_namespace_root,
    "\\d .a\nvalue\"b:2\"\n\\d .\nb",
    "2\n'b"
);
q!(value_parse_tree, "value(+;1;2)", "3");
q!(value_tree_symbol_first, "value(`.q.neg;2)", "-2");
q!(value_tree_string_first, "value(\"{x+y}\";1;2)", "3");
q!(
    value_tree_char_first,
    "value (\"+\";2;2)\nvalue (\"-\";5;2)",
    "4\n3"
);
q!(value_projection, "value +[2]", "+\n2");
q!(value_derived, "f:,/:\\:\nvalue f", ",/:");
q!(value_operators, "value each (::;+;-;*;%)", "0 1 2 3 4");
q!(get_string, "get \"2+3\"", "5");

// ---- docs/ref/compose.md ----
q!(
    compose_rank4,
    "ff:{[w;x;y;z]w+x+y+z}\nf:{2*x}\nd:('[f;ff])\nd[1;2;3;4]\n'[f;ff][1;2;3;4]",
    "20\n20"
);
q!(
    compose_over,
    "ff:{[w;x;y;z]w+x+y+z}\nf:{2*x}\ng:10*\ndd:('[;]) over (g;f;ff)\ndd[1;2;3;4]",
    "200"
);
q!(
    compose_over_slash,
    "ff:{[w;x;y;z]w+x+y+z}\nf:{2*x}\ng:10*\n'[;]/[(g;f;ff)][1;2;3;4]",
    "200"
);

// ---- docs/basics/errors.md: the examples of runtime errors ----
q!(error_assign, "cos:12", "'assign");
q!(error_cast, "s:`a`b; c:`s$`a`e", "'cast");
q!(error_domain, "til -1", "'domain");
q!(error_length, "()+til 1", "'length");
q!(error_limit, "0W#2", "'limit");
q!(error_wsfull, "999999999999#0", "'wsfull");
q!(error_mismatch, "([]a:til 4),([]b:til 3)", "'mismatch");
q!(error_rank, "+[2;3;4]", "'rank");
q!(error_s_fail, "`s#3 2", "'s-fail");
q!(error_u_fail, "`u#2 2", "'u-fail");
q!(error_stack, "{.z.s[]}[]", "'stack");
// A name that names itself is applied down a chain with no end.
q!(
    self_naming_symbol_application_is_stack,
    "a:`a\nb:`c;c:`b\n@[{`a x};1;{x}]\n@[{.[`b;enlist x]};1;{x}]\n@[value;(`a;1);{x}]\n`a 1",
    "\"stack\"\n\"stack\"\n\"stack\"\n'stack"
);
q!(error_stype, "'42", "'stype");
q!(error_type, "til 2.2", "'type");
q!(error_insert, "t:([k:0 1]a:2 3)\n`t insert(0;3)", "'insert");
q!(error_value_name, "x", "'x");
q!(error_amend_past_end, "x:1 2 3\nx[5]:1", "'length");
// A failed indexed assignment points at its colon, not at the name.
trace!(
    trace_indexed_assign_type,
    "w:7 8 9\nw[0]:2.5", "'type\n  [0]  w[0]:2.5\n           ^"
);
trace!(
    trace_indexed_assign_past_end,
    "w:7 8 9\nw[1 3]:4 5", "'length\n  [0]  w[1 3]:4 5\n             ^"
);
backtrace!(
    trace_indexed_assign_in_lambda,
    "g:{w:7 8;w[2]:0}\ng[]",
    "'length\n  [1]  g:{w:7 8;w[2]:0}\n                    ^\n  [0]  g[]\n       ^"
);
q!(error_signal_symbol, "'`custom", "'custom");
q!(
    error_signal_string,
    "'\"custom message\"",
    "'custom message"
);
q!(error_trapped, "@[{'`oops};0;{x}]", "\"oops\"");

// ---- docs/basics/parsetrees.md, exposed-infrastructure.md (unary forms) ----
// q disables a glyph's unary form applied prefix: the glyph is the error.
// `-x` still negates; `#:` and a parenthesised glyph are the unary forms.
q!(prefix_neg, "x:3\n-x", "-3");
trace!(prefix_string_is_refused, "$42", "'$\n  [0]  $42\n       ^");
trace!(
    prefix_flip_is_refused,
    "d:`a`b!(1 2;3 4)\n+d", "'+\n  [0]  +d\n       ^"
);
q!(
    prefix_glyphs_are_refused,
    "@[value;;{x}] each (\"#1 2 3\";\"*1 2\";\",5\";\"{|x} 1 2\";\"select c:&a from ([]a:01b)\")",
    ",\"#\"\n,\"*\"\n,\",\"\n,\"|\"\n,\"&\""
);
q!(
    explicit_unary_forms,
    "(#:)\"zero\"\n*:1 2\n,:5\n_:2.5",
    "4\n1\n,5\n2"
);
q!(k_keeps_prefix_glyphs, "k)#1 2 3\nk)$42", "3\n\"42\"");
q!(prefix_in_lambda, "f:{-x}\nf 2", "-2");
// In parentheses and applied prefix, a primitive is still its unary form;
// with brackets it is the binary one, projected.
q!(paren_prefix_count, "(#)`p`q`r`s", "4");
q!(paren_prefix_string, "($)17", "\"17\"");
q!(paren_prefix_flip, "(+)`u`v!(1 2;3 4)", "u v\n---\n1 3\n2 4");
q!(paren_prefix_in_lambda, "g:{(|)x}\ng 1 2 3", "3 2 1");
q!(paren_bracket_projects, "p:(-)[10]\np 4", "6");

// ---- handles apply as functions (ipc.md: h"x", @[h;x;f], .[h;(x);f]) ----
q!(handle_zero_at, "@[0;\"2+2\"]", "4");
q!(
    handle_zero_trap,
    "@[0;\"2+`a\";{\"caught \",x}]",
    "\"caught type\""
);
q!(handle_zero_dot_trap, ".[0;enlist \"2+2\";{x}]", "4");
q!(handle_zero_dot, "0 . enlist \"2+2\"", "4");
q!(handle_zero_each, "0 each (\"1+1\";\"2+2\")", "2 4");
q!(
    handle_closed_trap,
    "@[5;\"1+1\";{x}]",
    "\"Cannot write to handle 5. OS reports: Bad file descriptor\""
);

// ---- compositions (compose.md): an expression ending in a verb with no
// right argument is a train ----
q!(train_unary_projection, "(neg 1+)3", "-4");
q!(train_lambdas_at, "f:{x*2};g:{x+1};(f g@)3", "8");
q!(train_each, "(neg 1+)each 1 2", "-2 -3");
q!(
    train_left_projection,
    "(`time`sym~2#key flip value@)each enlist ([]time:1 2;sym:`a`b;p:3 4)",
    ",1b"
);
q!(train_keyword, "k:(count string@);k 123", "3");

// ---- namespaces (namespaces.md): a function reads and amends its own
// namespace's globals; only plain assignment makes a local ----
q!(
    namespace_indexed_amend,
    "\\d .u\nw:`a`b!0 0\nincw:{w[x]+:1}\n\\d .\n.u.incw`a;\n.u.incw`a;\n.u.w",
    "a| 2\nb| 0"
);
q!(
    namespace_global_assignment,
    "\\d .u\nc:0\nset2:{c::x}\n\\d .\n.u.set2 7;\n.u.c",
    "7"
);
q!(
    indexed_amend_of_a_global,
    "d:`a`b!1 2\nf:{d[`a]:10}\nf[];\nd",
    "a| 10\nb| 2"
);
q!(
    plain_assignment_stays_local,
    "g:{a:1;a+:1;a}\ng[]\na",
    "2\n'a"
);

// ---- Updating a variable in place ----
// x+:y and x[i]:v may reuse the variable's buffer, but never where another
// name shares the value, and a failed update leaves the variable as it was.
q!(
    in_place_add_leaves_a_copy_alone,
    "x:1 2 3\ny:x\nx+:100\n(x;y)",
    "101 102 103\n1   2   3  \n"
);
q!(
    in_place_index_set_leaves_a_copy_alone,
    "x:1 2 3\ny:x\nx[1]:50\n(x;y)",
    "1 50 3\n1 2  3\n"
);
q!(
    variable_intact_after_length_error,
    "x:1 2 3\nr:@[value;\"x+:1 2\";{x}]\n(r;x)",
    "\"length\"\n1 2 3\n"
);
q!(
    out_of_range_index_set_keeps_the_variable,
    "x:1 2 3\nr:@[value;\"x[5]:9\";{x}]\n(r;x)",
    "\"length\"\n1 2 3\n"
);
q!(
    in_place_on_locals,
    "f:{a:til 3;b:a;a*:10;a[0]:7;(a;b)}\nf[]",
    "7 10 20\n0 1  2 \n"
);
q!(
    in_place_float_division_of_a_temporary,
    "x:1 2 4f\n2%1+x",
    "1 0.6666667 0.4\n"
);
q!(
    sorted_attribute_dropped_by_in_place_add,
    "z:`s#1 2 3\nz+:1\n(attr z;z)",
    "`\n2 3 4\n"
);
// .Q.gc hands freed memory kept for reuse back to the system and says how
// many bytes that was.
q!(
    dot_q_gc_gives_back_kept_memory,
    "x:til 2000000\nx:0\nr:.Q.gc[]\n(type r;r>=0)",
    "-7h\n1b\n"
);

// ---- lambdas of one expression over their parameters ----
// `{x+1}` and its kind run without a frame; they must answer as any
// lambda does: operands in order, every argument type, projections,
// iterators, and errors with the lambda's own frame in the backtrace.
q!(
    closed_lambdas_keep_operand_order,
    "({[a;b] b-a}[10;3];{x%y}[1;0];{x,-1#y}[1 2;3 4 5];{x*y+z}[2;3;4])",
    "-7\n0w\n1 2 5\n14"
);
q!(
    closed_lambdas_on_every_shape,
    "f:{(x*2)+y}\n(f[1;2];f[1 2;3];f[2;`a`b!1 2];f[0.5;1])",
    "4\n5 7\n`a`b!5 6\n2f"
);
q!(
    closed_lambdas_project_and_iterate,
    "g:{x-y}\n(g[10] 3;g[;1] 5;g/[100;1 2 3];g\\[1 2 3];{x+y}'[1 2;3 4])",
    "7\n4\n94\n1 -1 -4\n4 6"
);
q!(
    closed_lambdas_see_no_globals,
    "x:100;y:1000\n{x+y}[1;2]",
    "3"
);
backtrace!(
    closed_lambda_errors_show_their_frame,
    "h:{x+y}\nh[1;`a]",
    "'type\n  [1]  h:{x+y}\n           ^\n  [0]  h[1;`a]\n       ^"
);
backtrace!(
    closed_lambda_errors_inside_another_lambda,
    "k:{neg x}\nm:{k x,y}\nm[1;`a]",
    "'type\n  [2]  k:{neg x}\n          ^\n  [1]  m:{k x,y}\n          ^\n  [0]  m[1;`a]\n       ^"
);

// The arithmetic of two atoms at hand in a closed body keeps q's null and
// infinity rules (arithmetic.md, nulls.md): a long null propagates, `%`
// gives a float, `&` takes a null as the smallest long, `0W+1` wraps to null.
q!(
    closed_lambda_atom_arithmetic_keeps_null_rules,
    "({x+1} 0N;{x%2} 3;{x-y}[1;0N];{x&y}[0N;1];{x|y}[0N;1];{x+1} 0W;{x*2} 0w;{x+y}[1;2.5])",
    "0N\n1.5\n0N\n0N\n1\n0N\n0w\n3.5"
);

// ---- names in a lambda's body ----
// A lambda's parameters and locals are found by their place in its frame;
// everything else is looked up by name, and a function found among the
// globals is seen afresh once any global changes.
q!(
    a_loop_sees_a_function_redefined_inside_it,
    "f:{x+1}\ng:{[n] r:(); do[n; r,:f 1; f::{x+10}]; r}\ng 3",
    "2 11 11"
);
q!(
    a_deleted_function_is_gone_for_a_loop_that_called_it,
    "f:{x+1}\ng:{f x}\ng 1\ndelete f from `.\ng 1",
    "2\n`.\n'f"
);
q!(
    a_namespace_lambda_finds_its_own_function_first,
    "f:{x+1}\n.ns.f:{x*2}\n\\d .ns\nh:{f x}\n\\d .\nk:{f x}\n(.ns.h 3;k 3;.ns.h 4;k 4)",
    "6 4 8 5"
);
q!(
    locals_and_parameters_in_loops_and_conditions,
    "{[n] s:0; i:0; while[i<n; s+:i; i+:1]; $[s>5;s;0N]} 5\n{[a;b] c:a*b; d:c-a; (a;b;c;d)}[3;4]",
    "10\n3 4 12 9"
);
q!(
    an_unassigned_local_is_the_empty_list,
    "{if[x;a:1]; (count a;type a)} 0b",
    "0\n0h"
);
// Inside a query, a column name hides the lambda's local of that name
// (qsql.md), and a local the query does not hide is seen as usual.
q!(
    query_columns_hide_locals_and_see_the_rest,
    "t:([] a:1 2 3)\n{[x] a:100; exec a+x from t} 10",
    "11 12 13"
);
// `y` in the where phrase is the column, so the lambda takes one
// parameter and its local `n` sits in the frame's second place.
q!(
    a_query_lambda_finds_its_locals_after_its_parameters_shrink,
    "t:([] y:1 2 3)\nf:{n:x; select from t where y>n}\nf 1",
    "y\n-\n2\n3"
);

// Step dictionaries (apply.md): sorted keys, symbols as well as numbers,
// give the value of the highest key at or below each index.
q!(
    step_dictionary_of_symbols,
    "d:`cat`cow`dog`sheep!`chat`vache`chien`mouton\nds:`s#d\n(ds~d;ds `sheep`snake`cat`ant;d `sheep`snake`cat`ant)",
    "1b\n`mouton`mouton`chat`\n`mouton``chat`"
);
q!(
    step_dictionary_of_numbers,
    "es:`s#(10*til 10)!til 10\nes 80 35 20 -10",
    "8 3 2 0N"
);

// A lambda's names that are not its own: query columns first, then globals,
// whichever namespace the lambda was defined in.
q!(
    lambda_globals_and_query_columns,
    "a:100\nt:([]a:1 5 9)\nf:{[v] select from t where a>v}\nf 4\ng:{a+x}\ng 1\na:200\ng 1\nh:{[a] a+1}\nh 1",
    "a\n-\n5\n9\n101\n201\n2"
);
q!(
    lambda_reads_its_namespace_globals,
    "\\d .ns\nk:7\nf:{k+x}\n\\d .\nk:1\n.ns.f 1\n{k+x} 1",
    "8\n2"
);

// A quote apart from the function it follows still iterates it; a quote
// that starts an expression signals.
q!(
    spaced_each_after_a_function,
    "G:((1 2;3 4);(5 6;7 8))\n(avg '')G\n(count '') G\nf:{$[x;'`bad;1]}\nf 0b",
    "1.5 3.5\n5.5 7.5\n2 2\n2 2\n1"
);

// Globals assigned under a dotted root name (`iris.X:…`) make that name a
// dictionary of them, as a namespace is.
q!(
    dotted_root_names_form_a_dictionary,
    "iris.X:1 2\niris.y:3\niris`X`y\nkey `iris\n`a`b set' iris`X`y\na",
    "1 2\n3\n``X`y\n`a`b\n1 2"
);

// ---- docs/basics/syscmds.md: \z, trailing comments, \a \v \f of a namespace ----
q!(
    date_order_setting,
    "\\z\n\"D\"$\"03/04/2021\"\n\\z 1\n\\z\n\"D\"$\"03/04/2021\"\n\"D\"$\"03/14/2021\"\n\\z 0\n\"D\"$\"03/14/2021\"",
    "0\n2021.03.04\n1\n2021.04.03\n0Nd\n2021.03.14"
);
q!(
    setting_with_only_a_comment,
    "\\d .ab\n\\d   / where we are\n\\P        / the default",
    "`.ab\n7i"
);
q!(
    tables_of_a_namespace,
    ".ns.t:([]c:1 2)\n.ns.v:3\n\\a .ns\n\\v .ns\n\\a .n",
    ",`t\n`t`v\n'.n"
);
// namespaces.md: a namespace holding only another namespace lists it.
q!(
    ns_key_lists_inner_namespaces,
    ".fee.fi.fo:42\nkey `.fee\nkey `.fee.fi\n.fee.x:1\nkey `.fee",
    "``fi\n``fo\n``fi`x"
);

// ---- docs/basics/parsetrees.md: (f;x;y) evaluates y, then x, then f ----
q!(
    dyad_function_is_evaluated_after_its_left_argument,
    "b:1\n(b:3) {x,y}[b]/ 0",
    "3 3 3 0"
);

// ---- docs/basics/syscmds.md: \t:n repeats n times ----
q!(
    timing_repeats_a_count_held_by_a_name,
    "n:3\nr:0\nms:system\"t:n r+:1\"\nr\n.[system;enlist\"t:`n 1\";::]",
    "3\n\"type\""
);

// ---- docs/ref/assign.md: a failed update leaves the global as it was ----
q!(
    failed_update_of_a_global_keeps_its_value,
    "i:5\n@[{i+:`a};::;{x}]\ni\ni+:2\ni\nj+:3\nj\nf:{x}\n@[{f+:1};::;{x}]\nf 7",
    "\"type\"\n5\n7\n3\n\"type\"\n7"
);

// ---- docs/ref/join.md, assign.md: x,:y in a loop, and a copy left alone ----
q!(
    join_assign_builds_lists_in_a_loop,
    "a:()\ndo[1000;a,:enlist 1 2]\n(count a;a 999)\ns:\"\"\ndo[3;s,:\"ab\"]\ns\nb:(1;`a)\nc:b\nb,:2\n(b;c)\nx:(1 2;3 4)\nx,:5 6\nx,:7\nx",
    "1000\n1 2\n\"ababab\"\n(1;`a;2)\n(1;`a)\n1 2\n3 4\n5 6\n7"
);

// ---- docs/ref/insert.md, upsert.md, join.md: rows into a global table ----
q!(
    rows_go_into_a_global_table_and_not_its_copies,
    "t:([]a:`long$();b:`float$())\ndo[1000;`t insert (1;2.0)]\nu:t\n`t insert (7;8.0)\nt,:`a`b!(9;10.0)\n`t upsert (11;12.0)\n(count t;count u)\n-3#t\n.[insert;(`t;(1;`a));{x}]\ncount t",
    ",1000\n`t\n1003 1000\na  b \n-----\n7  8 \n9  10\n11 12\n\"type\"\n1003"
);
q!(
    insert_inside_a_namespace_reaches_its_table,
    "\\d .ns\nq:([]a:1 2)\n`q insert 3\n\\d .\n.ns.q`a\n`q in key `.",
    ",2\n1 2 3\n0b"
);
// meta.md: only the first item of a general column is looked at.
q!(
    meta_of_a_string_column,
    "meta ([]v:(\"xy\";\"z\"))",
    "c| t f a\n-| -----\nv| C    "
);

// ---- docs/ref/dict.md, assign.md: d[k]:v sets or adds an entry ----
q!(
    dictionary_entries_set_and_added_in_a_loop,
    "d:()!()\ni:0\ndo[1000;i+:1;d[i]:i*2]\n(count d;d 1000)\ne:`a`b!1 2\nf:e\ne[`c]:3\ne[`a]:10\n(e;f)\ng:`a`b!(1;`x)\ng[`c]:2\ng[`a]:`y\ng",
    "1000 2000\n`a`b`c!10 2 3\n`a`b!1 2\na| `y\nb| `x\nc| 2"
);

// ---- docs/ref/assign.md: s[i]:`x on a symbol vector ----
q!(
    symbol_items_assigned_in_place,
    "s:`a`bb`c\nt:s\ns[1]:`x\ns[0]:`longer\ns[2]:`\ns\nt\ni:0\nu:100#`a\ndo[100;u[i]:`$string i;i+:1]\nu 42",
    "`longer`x`\n`a`bb`c\n`42"
);

// ---- docs/ref/assign.md: x[i],:y joins onto one item ----
q!(
    join_onto_an_item_in_a_loop,
    "d:`a`b!(();())\ndo[1000;d[`a],:enlist 1 2]\n(count d`a;count d`b)\nl:3#enlist 0#0\ni:0\ndo[30;l[i mod 3],:i;i+:1]\nl 1\nd:`a`b!(1 2;3 4)\ne:d\nd[`b],:`x\nd`b\ne`b\n1+d[`a],:7\nl[5],:1",
    "1000 0\n1 4 7 10 13 16 19 22 25 28\n3\n4\n`x\n3 4\n2 3 8\n'length"
);

// ---- docs/ref/dotz.md: .z.vs after a global of the default namespace is set ----
q!(
    value_set_callback,
    ".z.vs:{0N!(x;y;value x)}\nm:(1 2;3 4)\nm[1;1]:0\na:1 2\na,:3\n{c:1}[]\n\\d .ns\nz:1\n\\d .\n.z.vs:{[x;y] w::x}\nv:1\nw",
    "(`m;();(1 2;3 4))\n(`m;1 1;(1 2;3 0))\n(`a;();1 2)\n(`a;();1 2 3)\n1\n`v"
);
