//! The last gaps of the reference: rank errors of projections, the types
//! of every kind of function, applying lists of functions at depth, and
//! the `.Q` and `.h` functions and `dsave`.

// ---- docs/basics/application.md (Projection) ----
// Since 4.1 a projection with more arguments than the lambda takes is a
// rank error when it is made, not when it is applied.
q!(projection_past_a_lambdas_rank, "{x}[;1]", "'rank");
q!(projection_past_a_binary_lambdas_rank, "{x+y}[;;3]", "'rank");
// The same for primitives, whose rank is known.
q!(projection_past_a_unary_primitive, "neg[;1]", "'rank");
q!(projection_past_an_operator, "+[;;1]", "'rank");
q!(
    projection_of_a_projection_past_its_rank,
    "{x+y+z}[1;][;;3]",
    "'rank"
);
// Projections within the rank are made, and fill left to right.
q!(projection_within_rank, "{x+y+z}[1][;3][2]", "6");
q!(
    projection_of_a_projection_merges,
    "{x+y+z}[1][;3]",
    "{x+y+z}[1;;3]"
);
// @ . ? ! take up to four (five for ?) arguments in their functional forms.
q!(projection_of_vector_conditional, "?[;1;2][01b]", "2 1");
q!(projection_of_amend, "@[;1;;100][1 2 3;+]", "1 102 3");

// ---- docs/basics/application.md (Applying a list with elided items) ----
// A list with n elided items is applied as a function of rank n.
q!(list_with_three_holes_takes_three, "(;;)[1][2][3]", "1 2 3");
q!(list_with_holes_shows_them_all, "(;;)", "enlist[;;]");
q!(
    list_hole_filled,
    "(\"the\";\"quick\";;\"fox\")\"brown\"",
    "\"the\"\n\"quick\"\n\"brown\"\n\"fox\""
);

// ---- docs/basics/funsql.md (iasc, idesc) ----
q!(iasc_of_an_atom, "iasc 7", "'rank");
q!(
    idesc_shows_its_definition,
    "idesc",
    "k){$[0h>@x;'`rank;>x]}"
);

// ---- docs/basics/parsetrees.md, docs/ref/value.md: keywords q defines
// from k show their k form ----
q!(ltime_shows_its_k_primitive, ".q`ltime", "%:");
q!(hdel_shows_its_k_primitive, "hdel", "~:");
q!(mmu_and_inv_show_k_primitives, "(mmu;inv;lsq)", "$\n!:\n!");
q!(
    compositions_and_projections_show_their_k_form,
    "(differ;all;ceiling;md5;upsert)",
    "$[\"b\"]~~':\nmin$[\"b\"]\n-_-:\n![-15]\n.[;();,;]"
);
q!(
    not_and_hdel_are_the_same_primitive,
    "(not;hdel)\nnot 1 0 2",
    "~:\n~:\n010b"
);
// parse.md, funsql.md, views.md, parsetrees.md: keywords q writes as k
// lambdas show that source, in parse trees too.
q!(
    parse_shows_each_and_til_in_k,
    "parse \"foo each til 5\"",
    "k){x'y}\n`foo\n(k){$[0>@x;!x;'`type]};5)"
);
q!(
    k_lambda_keywords_show_their_source,
    "(fby;lj;xbar;peach)",
    "k){@[(#y)#x[0]0#x 1;g;:;x[0]'x[1]g:.=y]}\nk){.Q.ft[,\\:[;y];x]}\nk){x*y div x:$[16h=abs[@x];\"j\"$x;x]}\nk){x':y}"
);
q!(
    k_lambda_keywords_still_apply,
    "(til 3;neg each 1 2;2 xbar 1 2 3 5;(sum;1 2 3) fby `a`b`a)",
    "0 1 2\n-1 -2\n0 2 2 4\n4 2 4"
);
// datatypes.md's function types, for the keywords q writes in k: a unary
// or binary primitive, a derived function, a projection or a composition.
q!(
    keywords_in_k_have_the_type_of_their_k_form,
    "type each (not;ltime;mmu;fills;md5;upsert;differ;union;til;{x})",
    "101 101 102 108 104 104 105 105 100 100h"
);
q!(
    keywords_shown_in_k_still_apply,
    "(differ 1 1 2;all 101b;ceiling 1.5;fills 1 0N 3;1 2 union 2 3;attr `s#1 2)",
    "101b\n0b\n2\n1 1 3\n1 2 3\n`s"
);

// ---- docs/ref/type.md, docs/basics/datatypes.md ----
q!(type_of_an_operator, "type (+)", "102h");
q!(type_of_a_composition, "type (0|+)", "105h");
q!(
    type_of_each_kind_of_function,
    "type each({x+y};neg;-;\\;+[;1];<>;,';+/;+\\;prev;+/:;+\\:)",
    "100 101 102 103 104 105 106 107 108 109 110 111h"
);
// A parenthesized verb or left projection is a noun, an argument.
q!(type_of_a_parenthesized_projection, "type (1+)", "104h");
q!(type_of_a_parenthesized_train, "type (neg 1+)", "105h");
q!(
    parenthesized_operator_in_a_list,
    "type each ((+);(1+))",
    "102 104h"
);
// Unparenthesized, a unary applied to a train composes with it.
q!(unary_before_a_train_composes, "f:neg 1+\nf 2", "-3");
// Not-equal and its kin are compositions of not with a comparison.
q!(not_equal_shows_its_composition, "(<>;<=;>=)", "~=\n~>\n~<");
q!(not_equal_value_is_its_parts, "value (<>)", "~:\n=");
q!(not_equal_applies, "1 2 3<>2", "101b");
q!(at_most_applies, "1<=2 1 0", "110b");
q!(at_least_applies, "1>=2 1 0", "011b");

// ---- docs/basics/application.md (indexing at depth is application) ----
// A list of functions indexed at depth applies the item the first index
// picks to the rest: (sum;dev;var)[1;x] is dev x.
q!(
    list_of_functions_at_depth,
    "(sum;dev;var)[1;til 5]",
    "1.414214"
);
q!(
    list_of_functions_all_items,
    "(sum;dev;var)[;til 5]",
    "10\n1.414214\n2f"
);
q!(
    list_of_functions_some_items,
    "(sum;var)[1 0;til 5]",
    "2f\n10"
);
q!(
    dict_of_functions_at_depth,
    "d:`a`b!(sum;{x*2})\n(d[`b;3];d[;3])",
    "6\n`a`b!3 6"
);
q!(list_of_data_and_functions, "(sum;1 2)[1;0]", "1");

// ---- docs/ref/raze.md ----
// raze/ converges: every level is flattened.
q!(
    raze_over_flattens_all_levels,
    "raze/[(1 2;(3 4;5 6);7;8)]",
    "1 2 3 4 5 6 7 8"
);
q!(
    raze_over_keyword_nested_lists,
    "raze over ((1;2 3);4 5)",
    "1 2 3 4 5"
);
q!(
    raze_over_mixed_chars,
    "raze over ((\"a\";\"bc\");\"d\")",
    "\"abcd\""
);
q!(
    raze_over_strings,
    "raze over (\"ab\";(\"cd\";\"e\"))",
    "\"abcde\""
);
q!(
    raze_scan_shows_each_level,
    "raze scan ((1;2 3);4 5)",
    "((1;2 3);4 5)\n(1;2 3;4;5)\n1 2 3 4 5"
);

// ---- docs/releases/ChangesIn4.1.md ----
// Dictionary literals with missing values are projections.
q!(
    dict_literal_missing_value_projects,
    "d:([a:101;b:]);d 102",
    "a| 101\nb| 102"
);
q!(
    dict_literal_projection_each,
    "d:([a:101;b:]);d each`AA`BB`CC",
    "a   b \n------\n101 AA\n101 BB\n101 CC"
);
q!(
    dict_literal_all_missing,
    "([k1:;k2:])[1;\"a\"]",
    "k1| 1\nk2| \"a\""
);
q!(
    table_literal_global_amend_is_a_parse_error,
    "e:1 2;([]a::e)",
    "'parse"
);
q!(
    dict_update_by_is_a_type_error,
    "d:(`a`b!1 2)\nupdate a by b from d",
    "'type"
);

// ---- docs/ref/dotq.md (.Q.id, .Q.res) ----
q!(dotq_id_single_char, ".Q.id`$\"+\"", "`a");
q!(dotq_id_underscore, ".Q.id`$\"_\"", "`a_");
q!(
    dotq_id_atoms,
    ".Q.id each `$(\"ab\";\"a/b\";\"two words\";\"2drifters\";\"2+2\")",
    "`ab`ab`twowords`a2drifters`a22"
);
q!(
    dotq_id_duplicate_keyword_columns,
    "cols .Q.id(`$(\"count+\";\"count*\";\"count1\"))xcol([]1 2;3 4;5 6)",
    "`count1`count11`count12"
);
q!(
    dotq_id_duplicate_columns,
    "cols .Q.id(`$(\"aa\";\"=\";\"+\"))xcol([]1 2;3 4;5 6)",
    "`aa`a`a1"
);
q!(
    dotq_id_underscore_columns,
    "cols .Q.id(`$(\"3aa\";\"_aa\";\"_aa\"))xcol([]1 2;3 4;5 6)",
    "`a3aa`a_aa`a_aa1"
);
q!(
    dotq_id_dictionary_keys,
    ".Q.id (5#.Q.res)!(5#())",
    "abs1 | \nacos1| \nasin1| \natan1| \navg1 | "
);
q!(dotq_res_starts, "5#.Q.res", "`abs`acos`asin`atan`avg");

// ---- docs/ref/dotq.md (.Q utilities defined in q) ----
q!(
    dotq_fu_matches_the_function,
    "vec:1000?30\nf:{exp x*x}\n(f vec)~.Q.fu[f;vec]",
    "1b"
);
q!(dotq_fu_of_an_atom, ".Q.fu[neg;3]", "-3");
q!(
    dotq_ft_indexes_a_keyed_table,
    "s:([s:`s1`s2`s3`s4`s5]name:`smith`jones`blake`clark`adams;status:20 10 30 20 30;city:`london`paris`paris`london`athens)\n.Q.ft[{x 2 3};s]",
    "s | name  status city\n--| -------------------\ns3| blake 30     paris\ns4| clark 20     london"
);
// dotq.md: `.Q.fk` names the table a foreign-key column enumerates
// against, and gives `` ` `` for any other column.
q!(
    dotq_fk_names_a_foreign_keys_table,
    "s:([s:`x`y] v:1 2)\nt:([]k:`s$`x`y`x;n:1 2 3)\n.Q.fk each flip t",
    "k| s\nn| "
);
q!(
    dotq_ff_appends_null_columns,
    "src:([]sym:`a`b;price:1 2f)\n.Q.ff[src] enlist `sym`ratioA`ratioB!3#1",
    "sym price ratioA ratioB\n-----------------------\na   1\nb   2"
);
q!(
    dotq_sha1,
    ".Q.sha1\"Hello World!\"",
    "0x2ef7bde608ce5404e97d5f042f95f89f1c232871"
);
q!(
    dotq_opt_pairs,
    ".Q.opt (\"-param1\";\"val1\";\"-param2\";\"val2\")",
    "param1| \"val1\"\nparam2| \"val2\""
);
q!(
    dotq_opt_no_value_and_many_values,
    ".Q.opt (\"-param1\";\"-param2\";\"as\";\"asd\";\"-param3\")",
    "param1| ()\nparam2| (\"as\";\"asd\")\nparam3| ()"
);
q!(
    dotq_x_holds_the_other_arguments,
    ".Q.opt (\"/q\";\"src\";\"dst\";\"-a\";\"1 2\");\n.Q.x",
    "\"/q\"\n\"src\"\n\"dst\""
);
q!(
    dotq_def_converts_to_the_defaults_types,
    ".Q.def[`abc`xyz`efg!(1;2.;`a)] .Q.opt (\"-abc\";\"123\";\"-xyz\";\"321\")",
    "abc| 123\nxyz| 321f\nefg| `a"
);
q!(
    dotq_def_null_when_not_converted,
    ".Q.def[`param1`param2`param3!(1;1999.01.01;23.1)] .Q.opt (\"-param1\";\"11\";\"-param2\";\"2000.01.01\";\"-param3\";\"wrong\")",
    "param1| 11\nparam2| 2000.01.01\nparam3| 0n"
);
q!(dotq_m_is_infinite, "0W~.Q.M", "1b");
q!(dotq_k_version, "(.Q.K;.Q.k)", "2020.10.02\n4f");
q!(
    dotq_qt,
    ".Q.qt each (([]a:1 2);([k:1 2]a:3 4);1 2;`a`b!1 2)",
    "1100b"
);
q!(
    dotq_v_upper_table_to_dict,
    ".Q.V ([]a:1 2;b:3 4)",
    "a| 1 2\nb| 3 4"
);
q!(dotq_v_lower_global, "t:([]a:1 2)\n(.Q.v `t)~t", "1b");
q!(dotq_v_lower_other, ".Q.v 3", "3");
q!(
    dotq_ind_rows,
    ".Q.ind[([]a:10 20 30);2 0]",
    "a \n--\n30\n10"
);
q!(dotq_cn_count, ".Q.cn ([]a:10 20 30)", "3");
q!(dsave_is_reserved, "dsave:1", "'assign");

// ---- docs/ref/doth.md (.h.xt, .h.tx) ----
q!(
    doth_xt_parses_json_lines,
    ".h.xt[`json;(\"{\\\"foo\\\":\\\"bar\\\"}\";\"{\\\"this\\\":\\\"that\\\"}\")]",
    "(,`foo)!,\"bar\"\n(,`this)!,\"that\""
);
q!(
    doth_xt_first,
    "first .h.xt[`json;(\"{\\\"foo\\\":\\\"bar\\\"}\";\"{\\\"this\\\":\\\"that\\\"}\")]",
    "foo| \"bar\""
);
q!(
    doth_tx_json_lines,
    ".h.tx[`json] ([] 0 1)",
    "\"{\\\"x\\\":0}\"\n\"{\\\"x\\\":1}\""
);
q!(
    doth_tx_json_lines_of_a_table,
    "t:flip`items`sales`prices!(`nut`bolt`cam`cog;6 8 0 3;10 20 15 20)\n2#.h.tx[`json] t",
    "\"{\\\"items\\\":\\\"nut\\\",\\\"sales\\\":6,\\\"prices\\\":10}\"\n\"{\\\"items\\\":\\\"bolt\\\",\\\"sales\\\":8,\\\"prices\\\":20}\""
);
q!(doth_tx_file_types, "key .h.tx", "`raw`json`csv`txt`xml`xls");

// dotq.md `.Q.ld`: script lines grouped as `\l` evaluates them, a line
// starting with a blank continuing the one before; comments are kept.
q!(
    dotq_ld_groups_script_lines,
    ".Q.ld (\"/ f\";\"f:{\";\"  x+y\";\" }\";\"\";\"g:{x*y}\")\n@[.Q.ld;1 2;{x}]",
    "1     2                6        \n\"/ f\" \"f:{\\n  x+y\\n }\" \"g:{x*y}\"\n\"type\""
);

// vector-conditional.md: atoms repeat; the condition is boolean, and the
// lists conform to it and share a type.
q!(
    vector_conditional_conforms,
    "?[11001b;1;10 20 30 40 50]\n?[11001b;1 2 3 4 5;99]\n?[0b;1;2]\n{.[?;x;{x}]} each ((101b;1 2;3);(1 0 1;1;2);(10b;1 2;`a`b))",
    "1 1 30 40 1\n1 2 99 99 5\n2\n\"length\"\n\"type\"\n\"type\""
);

// fill.md: `^` is atomic, so lists pair up item by item.
q!(
    fill_pairs_lists_and_spreads_atoms,
    "1 2 3^0N 5 0N\n1 2^5\n@[(til 1)^;1 0N 3;{x}]",
    "1 5 3\n5 5\n\"length\""
);

// A function compared with a list has nothing to compare item by item;
// two atoms that are not data compare by identity.
q!(
    functions_compare_with_lists_is_a_type_error,
    "@[{x}=;1 2;{x}]\n@[{x}=;([k:1 2]v:3 4);{x}]\n(::)=(::)\n{x}=1",
    "\"type\"\n\"type\"\n1b\n0b"
);

// fby.md: the left argument is the pair (f;column).
q!(
    fby_wants_a_function_and_column_pair,
    "t:([]b:`x`y`x;c:1 2 5)\nselect from t where c=(max;c) fby b\n@[{select from 0#x where c fby b};t;{x}]\n@[fby[;`a`b];(sum;1 2;3);{x}]",
    "b c\n---\ny 2\nx 5\n\"type\"\n\"length\""
);

// dotq.md: `.Q.en[::;t]` enumerates against the in-memory `sym` alone.
q!(
    q_en_with_generic_null_stays_in_memory,
    "t1:([]a:`a`b`c;b:1 2 3)\nx:.Q.en[::;t1]\nsym\n.Q.en[::;([]a:`a`d`e;b:1 2 3)]`a\nsym",
    "`a`b`c\n`sym$`a`d`e\n`a`b`c`d`e"
);

// listening-port.md: `\p a/b` listens on the first free port of the
// range, `\p -n` on port n.
q!(
    listen_on_first_free_port_of_a_range,
    "system\"p 0W\"\np:system\"p\"\nsystem\"p 0\"\nsystem\"p \",string[p],\"/\",string p+5\n(system\"p\") within p,p+5\nsystem\"p -\",string p\np~system\"p\"\nsystem\"p 0\"\n@[system;\"p nosuchservice\";{x}]\n@[system;\"p 6000/5000\";{x}]",
    "1b\n1b\n\"type\"\n\"domain\""
);

// dotz.md: `.z.X` is the raw command line, program first.
q!(
    dot_z_big_x_is_the_command_line,
    "(0<count .z.X;10h=type first .z.X)",
    "11b"
);
