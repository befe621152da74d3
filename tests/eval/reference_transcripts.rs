//! Answers checked against the console transcripts of the q reference
//! pages: statistics over rows and columns, moving windows of tables,
//! assignment values, joins with dictionaries and enumerations, signals,
//! casts to bytes.

// ---- docs/ref/avg.md ----
// A mixed list counts its null items as zero; a vector leaves them out.
q!(avg_of_mixed_atoms, "avg (4;0n;2h;6e)", "3f");
q!(avg_of_vector_with_null, "avg 4 0n 2 6", "4f");
q!(avg_of_rows_with_null, "avg (2 6;0N 4)", "0n 5");

// ---- docs/ref/dev.md, docs/ref/var.md ----
// dev, sdev, var and svar run down the columns of a list of rows, a
// table, and a dictionary's values.
q!(dev_of_rows, "dev (1 10;3 0N;5 30)", "1.632993 10");
q!(var_of_rows, "var (1 10;3 0N;5 30)", "2.666667 100");
q!(sdev_of_rows, "sdev (1 10;3 0N;5 30)", "2 14.14214");
q!(svar_of_rows, "svar (1 10;3 0N;5 30)", "4 200f");
q!(
    dev_of_table_columns,
    "dev ([]p:1 3 5;q:10 0N 30)",
    "p| 1.632993\nq| 10"
);
q!(
    svar_of_dictionary_rows,
    "svar `p`q!(1 3 5;10 0N 30)",
    "40.5 0n 312.5"
);
q!(dev_of_rows_unequal, "dev (1 2;3 4 5)", "'length");

// ---- docs/ref/dev.md (mdev), docs/ref/count.md (mcount) ----
// Moving windows are uniform: each column of a table or keyed table, and
// down a dictionary's list of rows.
q!(
    mdev_of_table,
    "2 mdev ([]p:1 5 9;q:2 2 4)",
    "p q\n---\n0 0\n2 0\n2 1"
);
q!(
    mcount_of_keyed_table,
    "2 mcount ([k:`x`y`z]p:1 0N 3)",
    "k| p\n-| -\nx| 1\ny| 1\nz| 1"
);
q!(
    mcount_down_dictionary_rows,
    "2 mcount `p`q!(1 2 3;4 5 6)",
    "p| 1 1 1\nq| 2 2 2"
);
q!(
    mdev_down_dictionary_rows,
    "2 mdev `p`q!(2 20 0;4 10 6)",
    "p| 0 0 0\nq| 1 5 3"
);
q!(msum_down_rows, "2 msum (1 2;3 4;5 6)", "1 2\n4 6\n8 10");

// ---- docs/ref/ratios.md, docs/ref/prev.md ----
// Each-prior keywords keep a keyed table's keys and run down columns.
q!(
    ratios_of_keyed_table,
    "ratios ([k:`x`y`z]p:2 4 1f)",
    "k| p\n-| ----\nx| 2\ny| 2\nz| 0.25"
);
q!(
    deltas_of_keyed_table,
    "deltas ([k:`x`y]p:5 7)",
    "k| p\n-| -\nx| 5\ny| 2"
);
q!(prev_of_table, "prev ([]p:5 7 9)", "p\n-\n\n5\n7");

// ---- docs/ref/ceiling.md ----
q!(ceiling_of_booleans_is_int, "ceiling 101b", "1 0 1i");
q!(ceiling_of_boolean_atom, "ceiling 0b", "0i");
// floor.md, ceiling.md: tolerance played no part after V3.0, so a float
// just below or above an integer rounds past it.
q!(
    floor_and_ceiling_are_exact,
    "floor 2 - 10 xexp -12 -13\nceiling 2 + 10 xexp -12 -13\nfloor -2.5 2.5 0n\nceiling -0w 0.1",
    "1 1\n3 3\n-3 2 0N\n-0W 1"
);

// ---- docs/ref/view.md, parse.md: views[] ----
q!(
    views_lists_the_root_views_sorted,
    "views[]\nw::b*10\nv::2+a*3\nviews[]",
    "`symbol$()\n`s#`v`w"
);

// ---- docs/ref/doth.md ----
q!(
    h_hr_is_a_rule_as_long_as_its_text,
    ".h.hr \"foo\"",
    "\"---\""
);

// ---- docs/ref/assign.md ----
// The value of an indexed modified assignment is the item it leaves.
q!(
    indexed_add_assign_value,
    "v:10 20 30\n2*v[1]+:5\nv",
    "50\n10 25 30"
);
q!(
    indexed_assign_value_at_depth,
    "m:(1 2;3 4)\nm[1;0]-:1\n0+m[1;0]*:10",
    "20"
);

// ---- docs/ref/join.md ----
// Joined onto an enumeration in place, symbols are enumerated against its
// domain; one outside the domain is 'cast.
q!(
    join_assign_keeps_enumeration,
    "dom:`p`q\ne:`dom$`p\ne,:`q`p\ne",
    "`dom$`p`q`p"
);
q!(
    join_assign_outside_domain,
    "dom:`p`q\ne:`dom$`p\ne,:`r",
    "'cast"
);

// ---- docs/ref/raze.md ----
q!(atom_join_dictionary, "3,`x`y!1 2", "'type");
q!(vector_join_dictionary, "1 2,`x`y!1 2", "'type");
q!(raze_atom_then_dictionary, "raze (3;`x`y!(1;2 3))", "'type");

// ---- docs/ref/inter.md ----
q!(
    inter_of_dictionaries_is_values,
    "(`p`q!(4 5 6;`u`v`w)) inter `p`q`r!(4 5 6;1 2 3;`u`v`w)",
    "4 5 6\nu v w"
);

// ---- docs/ref/signal.md ----
// Only symbols and strings can be signalled: a char atom is 'stype too.
q!(
    signal_char_atom_is_stype,
    "@[{'x};\"z\";{\"caught:\",x}]",
    "\"caught:stype\""
);

// ---- docs/ref/cast.md ----
// Longs above int infinity cast to 0xff.
q!(
    long_above_int_infinity_to_byte,
    "\"x\"$2147483646 2147483650 300",
    "0xfeff2c"
);

// ---- docs/ref/cast.md ----
// A blank is the null char but casts to its code.
q!(blank_char_to_byte, "\"x\"$\"p q\"", "0x702071");
q!(blank_char_to_int, "\"i\"$\" \"", "32i");

// ---- docs/ref/vs.md ----
// A byte vector is cut at a delimiter of one byte or several; a text
// delimiter cuts it as text.
q!(
    bytes_vs_bytes,
    "0x0b0c vs 0x010b0c020b0c",
    ",0x01\n,0x02\n`byte$()"
);
q!(char_vs_bytes, "\",\" vs \"x\"$\"pq,r\"", "\"pq\"\n,\"r\"");

// ---- docs/ref/sv.md ----
q!(
    byte_sv_byte_vectors,
    "0xff sv (0x0102;0x0304)",
    "0x0102ff0304"
);
q!(
    bytes_sv_byte_vectors,
    "0x0e0f sv 0x0e0f vs 0x010e0f020e0f03",
    "0x010e0f020e0f03"
);

// ---- docs/basics/comparison.md ----
// A timestamp or datetime compared with a minute, second or time is taken
// as its time of day in that unit.
q!(
    timestamp_equals_minute,
    "2001.02.03D10:15:59 2001.02.03D10:16:00 2001.02.04D10:15:00=10:15",
    "101b"
);
q!(
    timestamp_above_second,
    "2001.02.03D10:15:59.9 2001.02.03D10:16:00>10:15:59",
    "01b"
);
q!(
    timestamp_within_times,
    "2001.02.03D10:15:59.9999 within 10:00:00.000 10:15:59.999",
    "1b"
);

// ---- docs/ref/dotq.md ----
q!(dotq_b6_digits, "count .Q.b6\n-3#.Q.b6", "64\n\"9+/\"");

// ---- docs/ref/tok.md ----
// IP addresses read as guids: IPv6 as written, IPv4 mapped into IPv6.
q!(
    ipv4_as_guid,
    "\"G\"$\"10.1.2.3\"",
    "00000000-0000-0000-0000-ffff0a010203"
);
q!(
    ipv6_as_guid,
    "\"G\"$\"fe80::1:2\"",
    "fe800000-0000-0000-0000-000000010002"
);

// ---- docs/ref/assign.md ----
// `:` iterated is the verb that keeps its right argument.
q!(colon_over_is_last, ":/[7 8 9]", "9");

// ---- docs/basics/regex.md ----
// A `]` first in a bracketed set is one of its chars.
q!(like_bracket_in_set, "\"x]y\" like \"x[]z]y\"", "1b");
// regex.md: q matches a leading, a trailing and one inner `*`; more stars
// with one inside the pattern are 'nyi.
q!(
    like_with_stars_q_matches,
    "s:\"the cat and the hat\"\n(s like \"*the*\";s like \"the*hat\";s like \"*hat\";`abc like \"a[*]*\")",
    "1110b"
);
q!(
    like_with_two_stars_one_inside,
    "\"the the\" like \"*the*the*\"",
    "'nyi"
);
q!(
    like_with_a_leading_and_an_inner_star,
    "`x like \"*the*the\"",
    "'nyi"
);
q!(like_bracket_in_negated_set, "\"xay\" like \"x[^]]y\"", "1b");
// ss and ssr cannot search for an empty pattern or one holding `*`.
q!(ss_empty_pattern, "\"abc\" ss \"\"", "'length");
q!(ss_star_pattern, "\"abcabc\" ss \"a*c\"", "'length");
q!(ssr_star_pattern, "ssr[\"abc\";\"a*\";\"z\"]", "'length");

// ---- docs/basics/funsql.md ----
// A by of 1b in functional select keeps distinct rows.
q!(
    functional_select_distinct,
    "t:([]p:`x`y`x`y;q:1 2 1 3)\n?[t;();1b;`p`q!`p`q]",
    "p q\n---\nx 1\ny 2\ny 3"
);

// ---- docs/ref/file-text.md, docs/ref/doth.md (.h.cd) ----
// A list of columns prepares as delimited rows with no header line.
q!(
    prepare_text_from_columns,
    "\";\" 0: (`p`q;10 20;\"uv\")",
    "\"p;10;u\"\n\"q;20;v\""
);
q!(
    csv_lines_from_columns,
    ".h.cd (1 2;`x`y)",
    "\"1,x\"\n\"2,y\""
);
// A cell is quoted only when it holds the delimiter or a newline; a quote
// inside a quoted cell is doubled, one in a bare cell is left alone.
q!(
    prepare_text_quotes_only_for_delimiter,
    "\"|\" 0: ([]w:(\"5\\\" pipe\";\"a|b\";\"say \\\"x|y\\\"\"))",
    ",\"w\"\n\"5\\\" pipe\"\n\"\\\"a|b\\\"\"\n\"\\\"say \\\"\\\"x|y\\\"\\\"\\\"\""
);
q!(
    csv_cell_with_newline_is_quoted,
    "csv 0: ([]c:(\"one\\ntwo\";\"3\\\"\"))",
    ",\"c\"\n\"\\\"one\\ntwo\\\"\"\n\"3\\\"\""
);
q!(
    h_cd_leaves_a_bare_quote,
    ".h.cd ([]n:(\"6\\\" rule\";\"x,y\"))",
    ",\"n\"\n\"6\\\" rule\"\n\"\\\"x,y\\\"\""
);

// ---- docs/ref/null.md ----
// An enumeration is never null, even where it stands for the null symbol.
q!(null_of_enumerated_null_symbol, "dom:``p\nnull`dom$`", "0b");
q!(null_of_enumerated_symbols, "dom:``p\nnull`dom$``p`", "000b");
q!(
    null_in_table_with_enumeration,
    "dom:``p\nnull ([]s:`dom$``p;v:0N 1)",
    "s v\n---\n0 1\n0 0"
);

// ---- docs/kb/faq.md: a column named by the assignment inside it ----
q!(
    column_named_by_its_assignment,
    "meta trade:([] stock:`$(); price:`float$(); `long$amount:(); `time$time:())",
    "c     | t f a\n------| -----\nstock | s    \nprice | f    \namount| j    \ntime  | t    "
);

// ---- docs/wp/intraday-writedown: a dictionary of empty dictionaries ----
q!(
    enlist_of_an_empty_dictionary_is_one_item,
    "count enlist (0#`)!0#0N\nM:enlist[`]!enlist(0#`)!0#0N\ncount M[`]\ntype enlist `a`b!1 2",
    "1\n0\n98h"
);

// ---- docs/ref/getenv.md: setenv is used infix ----
q!(
    setenv_is_infix_and_getenv_reads_it,
    "`QREPL_TEST_SETENV setenv \"on\"\ngetenv `QREPL_TEST_SETENV\nsetenv[`QREPL_TEST_SETENV;\"x\"]\ngetenv `QREPL_TEST_SETENV\ngetenv `QREPL_TEST_NEVER_SET",
    "\"on\"\n,\"x\"\n\"\""
);

// A cast of a vector gives what casting each item does, whatever the
// pair of integral types: nulls, infinities and negatives included.
q!(
    integral_casts_of_vectors_agree_with_each_item,
    "vals:((0Nn;0Wn;-0Wn;0D12:34:56.789012345;-0D01:02:03.5;2D03:04:05);(0Nt;0Wt;-0Wt;12:34:56.789;-01:02:03.004);(0Nv;0Wv;12:34:56;-01:02:03);(0Nu;0Wu;12:34;-01:02);(0Np;0Wp;2020.06.01D12:34:56.789);(0Nd;0Wd;2020.06.01);(0N;0W;-1;123456789;-2147483648);(0Ni;0Wi;5i);(0Nh;-0Wh;7h))\ntys:`timespan`time`second`minute`timestamp`date`month`int`long`short\nall raze {[v] {[v;t] (t$v)~t$/:v}[v] each tys} each vals\n`minute$09:30:59.999 10:00:00.000\n`second$0D01:00:00.5 0Nn",
    "1b\n09:30 10:00\n01:00:00 0Nv"
);

// xbar of a temporal vector gives what xbar of each item does.
q!(
    temporal_xbar_of_vectors_agrees_with_each_item,
    "ys:((0Nu;0Wu;09:31;-00:07;00:00);(0Nv;12:34:56;-00:00:07);(0Nt;-0Wt;12:34:56.789);(0Nd;2020.06.01;1999.12.31);(0Nm;2020.06m;1999.12m))\nxs:(5;5i;5h;-5;0;0N;00:05;2i)\nall raze {[y] {[y;x] (x xbar y)~x xbar/:y}[y] each xs} each ys\n15 xbar 09:31 09:44 09:45",
    "1b\n09:30 09:30 09:45"
);
