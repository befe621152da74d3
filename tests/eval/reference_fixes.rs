//! Corrections to answers that differed from q: integer infinities under
//! promotion, `::` to a local, aggregates over tables, prototypes of
//! general lists, dictionary arithmetic, table sorts, enumerations.

// ---- docs/basics/datatypes.md (Infinities) ----
// Integer infinities are plain numbers in arithmetic: no promotion of the
// concept, only nulls are checked.
q!(int_inf_plus_long, "0Wi+5", "2147483652");
q!(int_inf_plus_int_wraps, "0Wi+5i", "-2147483644i");
q!(
    long_inf_wraps_nulls_checked,
    "10+0W+til 3",
    "-9223372036854775799 0N -9223372036854775797"
);
q!(
    infinities_pushed_onto_nulls,
    "1+-1+-1+1+ -0W 0N 0W 1 2 3",
    "0N 0N 0N 1 2 3"
);
q!(int_inf_to_float, "`float$0Wi", "2.147484e+09");
// The same rule for other integral pairs: a short infinity is 32767.
q!(short_inf_times_long, "0Wh*2", "65534");
q!(int_inf_minus_long, "-0Wi-1", "-2147483648");
q!(int_inf_plus_float, "0Wi+0.5", "2.147484e+09");
q!(int_null_plus_long_is_null, "0Ni+1j", "0N");
q!(int_nulls_in_long_vector_sum, "1 0N 3i+1", "2 0N 4");
q!(short_null_times_int, "type 0Nh*2i", "-6h");
q!(int_inf_below_long_inf, "0Wi<0W", "1b");
// Out-of-range dates display as 0000.00.00.
q!(date_inf_minus_one_out_of_range, "0Wd-1", "0000.00.00");

// ---- docs/basics/function-notation.md ----
q!(
    global_assign_in_lambda,
    "a:b:0\nf:{a:10+3*x;b::100+a;}\nf 1 2 3\na\nb",
    "0\n113 116 119"
);
q!(
    global_assign_to_argument_is_local,
    "b:42\n{[a;b]b::99;a+b}[10;20]\nb",
    "109\n42"
);
q!(
    global_assign_to_local_is_local,
    "b:42\n{b:x=y;b::99;x+b}[10;20]\nb",
    "109\n42"
);
q!(
    global_assign_to_local_returns_local,
    "a:1\nf:{a:2;a::3;a}\nf[]\na",
    "3\n1"
);

// ---- docs/ref/all-any.md ----
q!(
    all_table_by_column,
    "all ([]a:1 0 1;b:1 1 1;c:\"xy \")",
    "a| 0\nb| 1\nc| 1"
);
q!(any_table_by_column, "any ([]a:000b;b:010b)", "a| 0\nb| 1");
q!(all_symbols_type, "all `a`b", "'type");
q!(any_guid_type, "any 0Ng", "'type");

// ---- docs/ref/next.md ----
q!(
    next_general_list,
    "next (1 2;\"abc\";`ibm)",
    "\"abc\"\n`ibm\n`long$()"
);
q!(
    prev_general_list,
    "prev (1 2;\"abc\";`ibm)",
    "`long$()\n1 2\n\"abc\""
);
q!(next_strings_ends_empty, "last next (\"ab\";\"cd\")", "\"\"");
q!(prev_mixed_atoms_first_null, "first prev (`a;1)", "`");
q!(index_nested_out_of_range, "(1 2;3 4 5) 7", "`long$()");
// The first item's items each give their own null: an atom its null, a
// list an empty list (q for mortals §3.11).
q!(
    index_nested_lists_out_of_range,
    "((1;2 3);4) 9",
    "0N\n`long$()"
);

// ---- docs/ref/prd.md, docs/ref/cor.md ----
q!(prds_nulls_as_one, "prds 2 3 0N 7", "2 6 6 42");
q!(prds_float_nulls_as_one, "prds 0n 2 0n 3", "1 2 2 6f");
q!(prds_ints, "prds 1 2 3i", "1 2 6i");
q!(prds_symbols_type, "prds `a`b", "'type");
q!(cor_ignores_null_pairs, "1 3 0N cor 1 3 9", "1f");
q!(cor_ignores_null_on_right, "1 3 5 9 cor 1 3 0n 9", "1f");
q!(cor_documented, "29 10 54 cor 1 3 9", "0.7727746");

// ---- docs/ref/subtract.md (upsert semantics) ----
q!(
    subtract_dict_keys_only_right,
    "d:`a`b!(10 -21 3;4 5 -6)\nd-`b`c!(10 20 30;1000*1 2 3)",
    "a| 10    -21   3\nb| -6    -15   -36\nc| -1000 -2000 -3000"
);
q!(
    subtract_dict_atoms,
    "(`a`b!1 2)-`b`c!10 20",
    "a| 1\nb| -8\nc| -20"
);
q!(
    add_dict_atoms_keys_only_right,
    "(`a`b!1 2)+`b`c!10 20",
    "a| 1\nb| 12\nc| 20"
);
q!(
    multiply_dict_keys_only_right,
    "(`a`b!1 2)*`b`c!10 20",
    "a| 1\nb| 20\nc| 20"
);

// ---- docs/ref/asc.md, docs/ref/desc.md ----
q!(
    asc_table_all_columns,
    "asc ([]a:4 3 4;b:`s`a`d)",
    "a b\n---\n3 a\n4 d\n4 s"
);
q!(
    desc_table_all_columns,
    "desc([]a:4 4 1;b:`a`d`s)",
    "a b\n---\n4 d\n4 a\n1 s"
);
q!(iasc_table_rows, "iasc ([]a:3 1 1;b:`c`b`a)", "2 1 0");
q!(idesc_table_rows, "idesc ([]a:4 4 1;b:`a`d`s)", "1 0 2");
q!(
    asc_keyed_table_by_values,
    "asc ([k:1 2 3]a:2 1 2;b:`b`a`a)",
    "k| a b\n-| ---\n2| 1 a\n3| 2 a\n1| 2 b"
);
q!(
    desc_keyed_table_by_values,
    "desc ([k:1 2 3]a:2 1 2;b:`b`a`a)",
    "k| a b\n-| ---\n1| 2 b\n3| 2 a\n2| 1 a"
);

// ---- docs/ref/enumerate.md, docs/ref/enumeration.md ----
q!(
    enum_cast_to_int,
    "d:`a`b`c\ne:`d$`a`b`c`b`a\n\"i\"$e",
    "0 1 2 1 0i"
);
q!(enum_cast_to_long, "d:`a`b`c\n`long$`d$`c`a", "2 0");
q!(enum_atom_cast, "d:`a`b`c\n`int$`d$`b", "1i");
q!(enum_cast_to_float_type, "d:`a`b`c\n`float$`d$`b", "'type");
q!(
    enumeration_from_indices,
    "x:`a`b`c`d\n`x!1 2 3",
    "`x$`b`c`d"
);
q!(
    enumeration_from_int_indices,
    "y:`a`b`c`b`a\nx:`a`b`c\ne:\"i\"$x?y\n`x!e\n(`x!e)~`x$y",
    "`x$`a`b`c`b`a\n1b"
);
q!(enumeration_type, "x:`a`b`c`d\ntype `x!1 2", "20h");
// The values of an enumeration are the domain's symbols at its indices
// now: amending the domain changes them; an atom's value is an atom.
q!(
    enumeration_value_follows_its_domain,
    "u:`p`q`r\ne:`u$`q`r`q\nu[1]:`z\nvalue e\nvalue `u$`p",
    "`z`r`z\n`p"
);

// ---- docs/ref/bin.md ----
q!(bin_dict_returns_keys, "(`a`b`c!0 2 4) bin -1 3", "``b");
q!(bin_dict_atom, "(`a`b`c!0 2 4) bin 5", "`c");
q!(
    bin_nested_lexicographic,
    "(\"apple\";\"banana\";\"coffee\") bin (\"anise\";\"berry\";\"curry\")",
    "-1 1 2"
);
q!(
    bin_nested_one_probe,
    "(\"apple\";\"banana\") bin \"berry\"",
    "1"
);
q!(binr_strings, "\"acegi\" binr \"bdf\"", "1 2 3");
q!(bin_keeps_shape_of_y, "0 2 4 bin (1 3;5)", "0 1\n2");
q!(
    bin_table_row_dict,
    "t:([]a:`p`p`p`q`q`q;b:0 2 4 0 2 4)\nt bin `a`b!(`p;3)",
    "1"
);
q!(
    bin_table_rows,
    "t:([]a:`p`p`p`q`q`q;b:0 2 4 0 2 4)\nt bin ([]a:`q;b:-1 1 3 5)",
    "0N 3 4 5"
);
q!(
    bin_table_no_match,
    "t:([]a:`p`p`p`q`q`q;b:0 2 4 0 2 4)\nt bin `a`b!(`r;2)",
    "0N"
);
q!(
    bin_table_row_list,
    "t:([]a:`p`p`p`q`q`q;b:0 2 4 0 2 4)\nt bin (`q;9)",
    "5"
);
q!(
    bin_keyed_table_keys,
    "kt:([k:`c`d`e`f`g`h`j`l]a:`p`p`q`q`p`p`q`q;b:0 1 0 1 0 1 0 1;c:3 3 3 3 7 7 7 7)\n(kt bin ([]a:`p`q`q`r;b:1;c:4 8 2 4))`k",
    "`d`l``"
);

// Rows of a class need not be next to each other: each probe searches
// the rows whose other columns match, in table order.
q!(
    bin_table_searches_interleaved_classes,
    "t:([]a:`p`q`p`q`p;c:1 1 5 5 9)\nt bin ([]a:`p`q`p`r;c:6 0 9 1)\nt binr ([]a:`p`q`p`r;c:6 0 9 1)",
    "2 0N 4 0N\n4 1 4 0N"
);

// ---- docs/ref/raze.md ----
q!(raze_atom_is_list, "raze 42", ",42");
q!(raze_symbol_atom, "raze `a", ",`a");

// ---- docs/basics/datatypes.md (Temporal) ----
q!(
    datetime_from_out_of_range_date,
    "\"z\"$0001.01.01-1",
    "0000.00.00T00:00:00.000"
);
q!(
    datetime_from_first_date,
    "\"z\"$0001.01.01",
    "0001.01.01T00:00:00.000"
);
q!(
    datetime_literal_before_1707,
    "1000.06.15T12:30:00.000",
    "1000.06.15T12:30:00.000"
);
q!(
    datetime_from_month,
    "\"z\"$2000.02m",
    "2000.02.01T00:00:00.000"
);
q!(
    timestamp_from_out_of_range_date,
    "`timestamp$1666.09.02",
    "-0Wp"
);

// ---- docs/ref/key.md, docs/basics/namespaces.md ----
q!(key_dotq_holds_keywords, "`neg`til`xbar in key `.q", "111b");
q!(
    key_dotq_no_other_namespaces,
    "any (key `.q) like \".*\"",
    "0b"
);
q!(key_dotq_leads_with_null, "first key `.q", "`");
q!(key_upper_q_lists_its_functions, "`fmt`s in key `.Q", "11b");
q!(
    key_user_namespace,
    ".myns.a:1\n.myns.b:2\nkey `.myns",
    "``a`b"
);

// ---- docs/ref/less-than.md, greater-than.md: operators as values ----
// array.md: q defines <= and >= as not-greater and not-less, and shows them
// so, alone and in a list: (<=;>=) prints as (~>;~<).
q!(operators_in_list_show_glyphs, "(<=;>=)", "~>\n~<");
q!(not_equal_shows_glyph, "(<>)", "~=");
q!(
    comparisons_shown_inside_a_state,
    "v:5 5 5 5 6 6 7 8 9 11\nit:(1;(<=;>=))\ntry:{[x;y] i:x 0; f:x 1; (i+1; f where f .\\:y i-1 0) }[;v]\n3#{count x 1} try\\it",
    "1 (~>;~<)\n2 (~>;~<)\n3 (~>;~<)"
);
q!(primitives_in_list, "(+;-)", "+\n-");
q!(operator_value_applies, "(<=) . 1 2", "1b");

// ---- docs/ref/mmu.md, inv.md, lsq.md ----
q!(
    mmu_matrices,
    "a:2 4#2 4 8 3 5 6 0 7f\nb:4 3#\"f\"$til 12\na mmu b",
    "87 104 121\n81 99  117"
);
q!(
    dollar_matrix_multiply,
    "(1 2 3f;4 5 6f)$(7 8f;9 10f;11 12f)",
    "58  64\n139 154"
);
q!(dollar_dot_product, "1 2 3f$4 5 6f", "32f");
q!(mmu_vector_matrix, "1 2f mmu (1 2 3f;4 5 6f)", "9 12 15f");
q!(mmu_matrix_vector, "(1 2f;3 4f) mmu 1 1f", "3 7f");
q!(mmu_length, "1 2 3f mmu 1 2f", "'length");
q!(mmu_longs_type, "1 2 mmu 3 4", "'type");
q!(
    inv_documented,
    "a:3 3#2 4 8 3 5 6 0 7 1f\ninv a",
    "-0.4512195  0.6341463  -0.195122\n-0.03658537 0.02439024 0.1463415\n0.2560976   -0.1707317 -0.02439024"
);
q!(
    inv_identity,
    "c:3 3#2 4 8 3 5 6 0 7 1f\n1=c mmu inv c",
    "100b\n010b\n001b"
);
q!(inv_not_square, "inv (1 2f;3 4f;5 6f)", "'length");
q!(inv_two_by_two, "inv (4 7f;2 6f)", "0.6  -0.7\n-0.2 0.4");
q!(
    lsq_square,
    "a:1f+3 4#til 12\nb:4 4#2 7 -2 5 5 3 6 1 -2 5 2 7 5 0 3 4f\na lsq b",
    "-0.1233333 0.16      0.4766667 0.28\n0.07666667 0.6933333 0.6766667 0.5466667\n0.2766667  1.226667  0.8766667 0.8133333"
);
q!(
    lsq_tolerant_roundtrip,
    "a:1f+3 4#til 12\nb:4 4#2 7 -2 5 5 3 6 1 -2 5 2 7 5 0 3 4f\na ~ (a lsq b) mmu b",
    "1b"
);
q!(
    lsq_overdetermined,
    "a:1f+3 4#til 12\nb:3 4#2 7 -2 5 5 3 6 1 -2 5 2 7f\na lsq b",
    "-0.1055556 0.3333333 0.4944444\n0.1113757  1.031746  0.7113757\n0.3283069  1.730159  0.9283069"
);
q!(
    lsq_polynomial_fit,
    "lsfit:{(enlist y) lsq x xexp/: til 1+z}\npoly:{[c;x]sum c*x xexp til count c}\nx:til 6\ny:poly[1 5 -3 2] each x\nlsfit[x;y] each 1 2 3",
    "-33 37.6\n7 -22.4 12\n1 5 -3 2"
);
q!(
    lsq_column_mismatch,
    "(1 2f;3 4f) lsq (1 2 3f;4 5 6f)",
    "'length"
);

// ---- docs/releases/ChangesIn4.1.md: dictionary literals ----
q!(dict_literal_one, "([aaa:123])", "aaa| 123");
q!(dict_literal_is_dict, "([a:1;b:2])~`a`b!1 2", "1b");
q!(
    dict_literal_implicit_names,
    "([0;1;2])",
    "x | 0\nx1| 1\nx2| 2"
);
q!(
    dict_literal_list_values,
    "([a:1 2;b:3 4])",
    "a| 1 2\nb| 3 4"
);
q!(dict_literal_mixed, "([a:1;b:\"xy\"])", "a| 1\nb| \"xy\"");
q!(
    keyed_table_literal_still,
    "([k:1 2] v:3 4)",
    "k| v\n-| -\n1| 3\n2| 4"
);
q!(table_implicit_names_distinct, "cols ([] 1 2; 3 4)", "`x`x1");

// ---- docs/ref/cols.md: xcol with a dictionary ----
q!(
    xcol_dict_renames_selected,
    "t:([]a:3 4 5; b:6 7 8; c:`z`u`i)\n([a:`A;c:`C]) xcol t",
    "A b C\n-----\n3 6 z\n4 7 u\n5 8 i"
);
q!(
    xcol_dict_unknown_column,
    "t:([]a:3 4 5; b:6 7 8; c:`z`u`i)\n([q:`r]) xcol t",
    "'length"
);

// ---- docs/ref/dotq.md ----
q!(
    dotq_id_symbols,
    ".Q.id each `$(\"ab\";\"a/b\";\"two words\";\"2drifters\";\"2+2\")",
    "`ab`ab`twowords`a2drifters`a22"
);
q!(
    dotq_id_table_columns,
    "cols .Q.id flip(`$(\"a\";\"a/b\"))!(();())",
    "`a`ab"
);
q!(
    dotq_id_keywords_get_one,
    "cols .Q.id flip `in`within`x!(();();())",
    "`in1`within1`x"
);
q!(
    dotq_addmonths,
    ".Q.addmonths[2007.10.16;6 7]",
    "2008.04.16 2008.05.16"
);
q!(
    dotq_addmonths_spills,
    ".Q.addmonths[2006.10.29;4]",
    "2007.03.01"
);
q!(dotq_atob, "10h$.Q.atob \"aGVsbG8=\"", "\"hello\"");
q!(dotq_atob_unpadded, ".Q.atob \"aGVsbG8\"", "'domain");
q!(dotq_btoa, ".Q.btoa\"Hello World!\"", "\"SGVsbG8gV29ybGQh\"");
q!(dotq_btoa_padding, ".Q.btoa\"ab\"", "\"YWI=\"");
q!(dotq_t, ".Q.t", "\" bg xhijefcspmdznuvts\"");
q!(dotq_t_find, ".Q.t?\"j\"", "7");
q!(
    dotq_ty,
    "t:([]a:3 4 5;b:\"abc\";c:(3;\"xy\";`ab);d:3 2#3 4 5;e:(\"abc\";\"de\";\"fg\"))\n.Q.ty each t`a`b`c`d`e",
    "\"jc JC\""
);
q!(
    dotq_f_documented,
    ".Q.f[2;]each 9.996 34.3445 7817047037.90 781704703567.90 -.02 9.996 -0.0001",
    "\"10.00\"\n\"34.34\"\n\"7817047037.90\"\n\"781704703567.90\"\n\"-0.02\"\n\"10.00\"\n\"-0.00\""
);
q!(dotq_f_rounds_up, ".Q.f[2;.045]", "\"0.05\"");

// ---- docs/basics/internal.md ----
q!(
    internal_tokens,
    "-4!\"select this from that\"",
    "\"select\"\n,\" \"\n\"this\"\n,\" \"\n\"from\"\n,\" \"\n\"that\""
);
q!(
    internal_tokens_underscore_names,
    "-4!\"a variable named aa_bb\"",
    ",\"a\"\n,\" \"\n\"variable\"\n,\" \"\n\"named\"\n,\" \"\n\"aa_bb\""
);
q!(
    internal_tokens_glyphs,
    "-4!\"a+b\"",
    ",\"a\"\n,\"+\"\n,\"b\""
);
q!(
    internal_parse,
    "-5!\"select this from that\"",
    "?\n`that\n()\n0b\n(,`this)!,`this"
);
q!(internal_parse_is_parse, "(-5!\"1+2\")~parse \"1+2\"", "1b");
q!(
    internal_precision_format,
    "-27!(3i;0 1+123456789.4567)",
    "\"123456789.457\"\n\"123456790.457\""
);
q!(internal_precision_ieee, "-27!(2i;.045)", "\"0.04\"");
q!(internal_precision_type, "-27!(2i;`a)", "'type");

// ---- docs/ref/vs.md, docs/ref/sv.md: bits and bytes ----
q!(vs_bits_short, "0b vs 23173h", "0101101010000101b");
q!(
    vs_bits_int,
    "0b vs 23173i",
    "00000000000000000101101010000101b"
);
q!(vs_bytes_real, "0x0 vs 2413e", "0x4516d000");
q!(vs_bytes_float, "0x0 vs 2413f", "0x40a2da0000000000");
q!(sv_bytes_short, "0x0 sv \"x\" $128 255", "-32513h");
q!(sv_bytes_int, "0x0 sv \"x\" $0 64 128 255", "4227327i");
q!(sv_bytes_long, "0x0 sv \"x\" $til 8", "283686952306183");
q!(sv_bits_byte, "0b sv 8#1b", "0xff");
q!(sv_bits_long, "0b sv 64#1b", "-1");
q!(
    sv_bits_guid,
    "0b sv 10001100011010111000101101100100011010000001010101100000100001000000101000111110000101111000010000000001001001010001101101101000b",
    "8c6b8b64-6815-6084-0a3e-178401251b68"
);
q!(
    vs_bits_guid_round_trip,
    "g:\"G\"$\"8c6b8b64-6815-6084-0a3e-178401251b68\"\n(0b sv 0b vs g)~g\ncount 0b vs g",
    "1b\n128"
);
q!(
    sv_bytes_guid,
    "0x0 sv 0x8c6b8b64681560840a3e178401251b68",
    "8c6b8b64-6815-6084-0a3e-178401251b68"
);

// ---- docs/basics/datatypes.md (Guid), docs/ref/tok.md ----
q!(
    tok_guid,
    "\"G\"$\"8c680a01-5a49-5aab-5a65-d4bfddb6a661\"",
    "8c680a01-5a49-5aab-5a65-d4bfddb6a661"
);
q!(tok_ipv4, "\"I\"$\"127.0.0.1\"", "2130706433i");
q!(
    tok_ipv4_list,
    "\"I\"$(\"1.2.3.4\";\"10.0.0.1\")",
    "16909060 167772161i"
);

// ---- docs/ref/amend.md: repeated indices apply in turn ----
q!(amend_repeated_index_twice, "@[1 2 3;0 0;+;1]", "3 2 3");
q!(
    amend_repeated_index_values,
    "@[1 2 3;0 0 1;+;10 20 30]",
    "31 32 3"
);
q!(
    amend_dict_repeated_keys,
    "@[`a`b!1 2;`a`a;*;3]",
    "a| 9\nb| 2"
);
// Keyed tables are dictionaries of rows: arithmetic with different keys
// meets rows by key, and a row only on the right of `-` is negated, as for
// dictionaries.
q!(
    keyed_table_minus_with_different_keys,
    "a:([k:1 2 3]v:10 20 30f)\nb:([k:2 3 4]v:1 2 3f)\na-b",
    "k| v \n-| --\n1| 10\n2| 19\n3| 28\n4| -3\n"
);
q!(
    keyed_table_minus_an_empty_one,
    "e:([k:`long$()]v:`float$())\ne-([k:1 2]v:5 6f)",
    "k| v \n-| --\n1| -5\n2| -6\n"
);

// ---- docs/ref/join.md (enumerations) ----
// Lists that are not of one domain join as the symbols they stand for;
// two atoms of different kinds stay a general list.
q!(
    join_enum_list_and_symbols_de_enumerates,
    "sym:`a`b\n(`sym$`a),`c`d\n(`sym$`a`b),`c\n`a,`sym$`b`a",
    "`a`c`d\n`a`b`c\n`a`b`a"
);
q!(
    join_enum_lists_of_two_domains,
    "sym:`a`b\nsym2:`c`d\n(`sym$`a`b),`sym2$`c`d",
    "`a`b`c`d"
);
q!(
    join_enum_lists_of_one_domain_stays_enumerated,
    "sym:`a`b\n(`sym$`a`b),`sym$`b",
    "`sym$`a`b`b"
);
q!(
    join_enum_atom_and_symbol_atom,
    "sym:`a`b\n(`sym$`b),`b",
    "`sym$`b\n`b"
);
// Find, `in` and dictionary keys see an enumeration as its symbols when
// it meets symbols (a partitioned table's `sym` column against a symbol
// dictionary or list).
q!(
    find_symbols_in_enumeration_and_back,
    "sym:`a`b`c\ne:`sym$`c`a\n`a`b`c?e\n`a`b`c?e 1\ne?`a\ne?`x",
    "2 0\n0\n1\n2"
);
q!(
    in_across_enumeration_and_symbols,
    "sym:`a`b`c\ne:`sym$`c`a\ne in `a`b\n`c in e\n(`sym$`b) in e",
    "01b\n1b\n0b"
);
q!(
    dictionary_keyed_by_symbols_indexed_by_enumeration,
    "sym:`a`b`c\nd:`a`b`c!10 20 30\nd `sym$`c`a\nd `sym$`b\n(([s:`a`b`c] v:1 2 3)) `sym$`b",
    "30 10\n20\nv| 2"
);
q!(
    dictionary_keyed_by_enumeration_indexed_by_symbols,
    "sym:`a`b`c\nd:(`sym$`b`c)!5 6\nd`c\nd`a`b",
    "6\n0N 5"
);

// ---- docs/ref/join.md (join in place) ----
// `x,:y` keeps the type of a simple vector, of simple dictionary values
// and of table columns; anything else is a type error at the `,`.
trace!(
    join_in_place_vector_type,
    "s:1 2\ns,:5f", "'type\n  [0]  s,:5f\n        ^"
);
q!(
    join_in_place_vector_same_type,
    "s:1 2\ns,:3\ns,:4 5\ns",
    "1 2 3 4 5"
);
q!(
    join_in_place_dictionary_value_type,
    "d:([a:1;b:2])\nd,:([c:3])\nd\nd,:([e:5f])",
    "a| 1\nb| 2\nc| 3\n'type"
);
q!(
    join_in_place_table_column_type,
    "t:([]a:1 2;b:3 4i)\nt,:([]a:1#5;b:1#6i)\ncount t\nt,:([]a:5 6f;b:7 8i)",
    "3\n'type"
);
q!(
    join_in_place_general_list_takes_anything,
    "l:(1;`a)\nl,:2f\nl",
    "1\n`a\n2f"
);

// ---- docs/ref/med.md (implicit iteration) ----
// Over a dictionary's values (item-wise for lists of lists), over each
// column of a table and each value column of a keyed table.
q!(
    med_of_a_dictionary_is_item_wise,
    "d:`a`b!(10 -21 3;4 5 -6)\nmed d",
    "7 -8 -1.5"
);
q!(
    med_of_a_table_by_column,
    "t:([]a:10 -21 3;b:4 5 -6)\nmed t",
    "a| 3\nb| 4"
);
q!(
    med_of_a_keyed_table_by_value_column,
    "k:([k:`x`y`z]a:10 -21 3;b:4 5 -6)\nmed k",
    "a| 3\nb| 4"
);
q!(
    med_of_ragged_lists_is_a_length_error,
    "med (1 2;3 4 5)",
    "'length"
);

// ---- docs/ref/fill.md ----
// An integral vector literal takes `0n` as its null.
q!(
    int_vector_literal_with_0n,
    "0n 2 3i\ntype 0n 2 3i\n5^0n 2 3i\ntype 5^0n 2 3i",
    "0N 2 3i\n6h\n5 2 3\n7h"
);
q!(short_vector_literal_with_0n, "0n 1h", "0N 1h");

// ---- docs/ref/maps.md (iterators on data) ----
// With data rather than a function on its left, each-right is sv and
// each-left is vs.
q!(
    each_right_of_a_string_joins,
    "(\", \"/:)(\"quick\";\"brown\";\"foxes\")",
    "\"quick, brown, foxes\""
);
q!(
    each_left_of_bytes_splits,
    "(0x0\\:)3.14156",
    "0x400921ea35935fc4"
);
q!(each_left_of_a_base_digits, "(10\\:)1234", "1 2 3 4");
q!(each_right_of_a_base_evaluates, "(10/:)1 2 3 4", "1234");

// An enumeration holds indices into its domain, and as an index it picks
// by them: the items of a list, and the cells of a matrix in an amend.
q!(
    enumerations_index_by_their_positions,
    "k:`a`b`c\ne:`k?`c`a\n10 20 30 e\n(10 20 30) `k$`b\n@[10 20 30;e;:;0]\n.[3 3#0;(e;e);:;1]",
    "30 10\n20\n0 20 0\n1 0 1\n0 0 0\n1 0 1"
);

// Taking from an enumerated atom keeps its domain, even taking none, so an
// empty enumerated column still shows and serialises as `sym$()`.
q!(
    take_of_an_enumerated_atom_keeps_the_domain,
    "sym:`a`b\ne:0#`sym$`a\ne\ntype e\n.Q.s1 e\n3#`sym$`b",
    "`sym$()\n20h\n\"`sym$()\"\n`sym$`b`b`b"
);

// Only data can be sent through a handle: the identity is a type error.
trace!(
    a_handle_applied_to_the_identity_is_a_type_error,
    "3[::]", "'type\n  [0]  3[::]\n       ^"
);

// An Each Prior keyword such as `prev` iterates as a unary: with a count it
// is Do, alone it converges, so a sliding window is a few shifts of a list.
q!(
    each_prior_keywords_iterate_as_unaries,
    "prev\\[2;til 4]\nprev\\[til 2]\nswin:{x/'[flip reverse prev\\[y-1;z]]}\nswin[avg;3;til 6]",
    "0 1 2 3\n  0 1 2\n    0 1\n0 1\n  0\n   \n0 0.5 1 2 3 4"
);

// A dictionary of dictionaries grows at depth: a missing key starts from the
// prototype of the first value, which is why such maps are seeded with an
// empty typed dictionary under the null key.
q!(
    a_dictionary_of_dictionaries_grows_at_depth,
    "m:enlist[`]!enlist(0#`)!0#0N\nm[`quote;`eurgbp]:75000;m[`quote;`eurusd]:100000\nm[`trade;`eurgbp]:40000\nm\nm[`quote;`eurgbp`eurusd]\nn:`a`b!(`x`y!1 2;`z`w!3 4)\nn[`c;`x]:9\nn`c",
    "     | (`symbol$())!`long$()\nquote| `eurgbp`eurusd!75000 100000\ntrade| (,`eurgbp)!,40000\n75000 100000\nx| 9\ny| "
);

// A keyed table's typed columns take only items of their type, whichever
// way a row arrives, and the table is left as it was.
q!(
    keyed_tables_refuse_rows_of_another_type,
    "kt:([k:`a`b] v:1 2)\n@[upsert[kt];(`c;`x);{x}]\n@[upsert[kt];(`a;2.5);{x}]\n@[{kt[`c]:`x};::;{x}]\n@[{kt,:(`c;`x)};::;{x}]\nkt upsert (`c;3)\nkt",
    "\"type\"\n\"type\"\n\"type\"\n\"type\"\nk| v\n-| -\na| 1\nb| 2\nc| 3\nk| v\n-| -\na| 1\nb| 2"
);

// Enum Extend (`?`) appends only symbols new to the domain, so a unique
// domain stays unique, and a sorted one stays sorted while they sort after it.
q!(
    enum_extend_keeps_the_domains_attribute,
    "x:`u#`AAPL`GE\ne:`x?`GE`FB\nx\ns:`s#`a`b\n`s?`c\ns\n`s?`B\ns",
    "`u#`AAPL`GE`FB\n`s$`c\n`s#`a`b`c\n`s$`B\n`a`b`c`B"
);

// ---- docs/kb/serialization.md: sorted keyed table ----
// `s# on a keyed table marks the dictionary and its key table sorted and
// leaves the key columns as they are (a plain table's first column is
// made parted).
q!(
    sorted_keyed_table_keeps_its_key_columns,
    "0x010000003f0000007f6201630b00010000006100000001000000060001000000020000006200630b0001000000620000000100000006000100000003000000~-8!`s#([a:enlist 2i]b:enlist 3i)\nattr each value flip key `s#([a:1 2]b:3 4)\nattr first value flip `s#([]a:1 2;b:3 4)",
    "1b\n,`\n`p"
);

// ---- docs/kb/programming-idioms.md, learn/brief-introduction.md ----
// Dot notation reads a temporal value's fields, as casts by name do: on
// variables and on query columns. `mm` is a time's minute and a date's
// month.
q!(
    temporal_fields_by_dot_notation,
    "time:09:10:52.000\n(time.hh; time.mm; time.ss)\nd:2020.03.04\n(d.year;d.mm;d.dd)\nd.month\nts:2020.03.04D10:11:12\nts.minute",
    "9 10 52i\n2020 3 4i\n2020.03m\n10:11"
);
q!(
    temporal_fields_of_query_columns,
    "t:([]a:1 2 3;time:09:10:52.000 10:11:12.000 10:59:00.000;date:2020.01.01 2020.02.03 2020.02.28)\nselect count i by time.hh from t\nselect a from t where date.month=2020.02m\nselect time.mm,time.ss from t",
    "hh| x\n--| -\n9 | 1\n10| 2\na\n-\n2\n3\nmm ss\n-----\n10 52\n11 12\n59 0 "
);

// ---- docs/wp/corporate-actions.md: sorted keyed tables ----
// A keyed table made sorted is a step function, as a sorted dictionary
// is: each date takes the row of the last key at or before it.
q!(
    sorted_keyed_table_is_a_step_function,
    "tab:([date:2013.01.01 2013.04.01 2013.07.01]q:`Q1`Q2`Q3)\ntab([]date:2013.05.05 2012.01.01 2013.07.01)\ntab:`s#tab\ntab([]date:2013.05.05 2012.01.01 2013.07.01)\ntab 2013.12.31\ntab[2012.01.01]",
    "q \n--\n  \n  \nQ3\nq \n--\nQ2\n  \nQ3\nq| Q3\nq| "
);
// Q for Mortals, checked against outputs q printed:
// §5 dictionaries compared key by key, a key on one side only meeting a
// null.
q!(
    dict_comparison_meets_nulls_for_missing_keys,
    "(`a`b`c!10 20 30)=`b`c`d!20 300 400\n(`a`b`c!0N 20 30)=`b`c`d!20 300 0N\n(`a`b!1 2)<`b`c!3 4",
    "a| 0\nb| 1\nc| 0\nd| 0\na| 1\nb| 1\nc| 0\nd| 1\na| 0\nb| 1\nc| 1"
);
// §5 and §14: a name and ints make a link even before the name is
// defined, so a table can link to its own rows; a null row shows blank.
q!(
    link_to_a_table_not_yet_defined,
    "`x!42\ntype `x!42\n`c!1 2 3\ntype `c!1 2 3\n\
     tree:([] id:0 1 2 3 4; pid:`tree!0N 0 0 1 1; v:100 200 300 400 500)\ntree\n\
     select from tree where pid=0\nexec pid.v from tree",
    "`x!42\n-20h\n`c!1 2 3\n20h\nid pid v  \n----------\n0      100\n1  0   200\n2  0   300\n3  1   400\n4  1   500\n\
     id pid v  \n----------\n1  0   200\n2  0   300\n0N 100 100 200 200"
);
// §4: a month meets a date as its first day.
q!(
    month_compares_with_date,
    "2015.07m=2015.07.01\n2015.01.01<2015.02m\n2015.07m=2015.07.02\n2015.07m<2015.07.02",
    "1b\n1b\n0b\n1b"
);
// §3: times of day written together take the finest type; the empty
// general list indexes to itself.
q!(
    mixed_times_of_day_and_empty_index,
    "12:34 01:02:03\n12:34 01:02:03.456\nL:1 2 3\n-3!L[()]",
    "12:34:00 01:02:03\n12:34:00.000 01:02:03.456\n\"()\""
);
// §7: "D"$ reads month-first dates with `.`, `-` or `/`.
q!(
    tok_reads_month_first_dates,
    "\"D\"$(\"12.31.2014\";\"12-31-2014\";\"12/31/2014\")",
    "2014.12.31 2014.12.31 2014.12.31"
);
// §6: a projection keeps a trailing elided argument as written.
q!(
    projection_keeps_a_trailing_hole,
    "add:{x+y}\nadd[42;]\nadd[42]\nadd[42;][3]\nvalue add[42;]\nf:{x+y+z}\nf[1;;][2][3]",
    "{x+y}[42;]\n{x+y}[42]\n45\n{x+y}\n42\n::\n6"
);
// §4: .z.b in the order the views were defined.
q!(
    z_b_in_definition_order,
    "b::a+1\nw::(x*x)+y*y\nv::count t\n.z.b",
    "a| b\nx| w\ny| w\nt| v"
);
// Q for Mortals §7 shows `short$123456789 as 32767h, the short infinity;
// cast.md's longs past 0Wi casting to 0xff says the same of ints.
q!(
    narrowing_casts_stop_at_the_infinity,
    "`short$123456789 -123456789 0N 5\n`int$3000000000 -3000000000\n`int$1e20\n\"x\"$-2 -1 0 1 2+0Wi",
    "0W -0W 0N 5h\n0W -0Wi\n0Wi\n0xfdfeffffff"
);

// differ and prev of vectors of every kind agree with their definitions
// item by item (differ is `not ~':`, prev takes each item's predecessor).
q!(
    differ_and_prev_of_vectors_agree_with_each_prior,
    "xs:(`a`a`b`b``;1 1 2 0N 0N;1 1.0 1.5 0n 0n 0w 0w;\"aabb\";0x0101;2000.01.01 2000.01.01 2000.01.02;1 1 2e;`s#1 1 2)\n{(differ x)~(1b,not 1_{x~y}':[x])} each xs\n{(prev x)~x -1+til count x} each xs\nprev `a`b`c\ndiffer 0#`",
    "11111111b\n11111111b\n``a`b\n`boolean$()"
);
// Join Each of two tables of one count puts their columns side by side,
// the second's replacing the first's of the same name.
q!(
    join_each_of_two_tables_joins_their_columns,
    "t:([]a:1 2;b:3 4)\ns:([]b:`x`y;c:5 6)\nt,'s\n(t,'s)~{x,y}'[t;s]\nt,'1#s",
    "a b c\n-----\n1 x 5\n2 y 6\n1b\n'length"
);
