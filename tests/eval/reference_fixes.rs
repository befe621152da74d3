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
q!(index_nested_lists_out_of_range, "count ((1;2 3);4) 9", "0");

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
