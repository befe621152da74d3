//! List operations: take, drop, find, where, within, bin, in, sorting, deal, cut, fill, join, sublist, dictionaries and attributes.

// ---- docs/ref/take.md ----
q!(take_first, "5#0 1 2 3 4 5 6 7 8", "0 1 2 3 4");
q!(take_last, "-5#0 1 2 3 4 5 6 7 8", "4 5 6 7 8");
q!(
    take_circular,
    "5#`Arthur`Steve`Dennis",
    "`Arthur`Steve`Dennis`Arthur`Steve"
);
q!(
    take_circular_back,
    "-5#`Arthur`Steve`Dennis",
    "`Steve`Dennis`Arthur`Steve`Dennis"
);
q!(take_atom, "3#9", "9 9 9");
q!(take_sym_atom, "2#`a", "`a`a");
q!(
    take_zero_columns,
    "trade:([]time:0#0Nt;sym:0#`;price:0#0n;size:0#0N)\nmeta trade",
    "c    | t f a\n-----| -----\ntime | t\nsym  | s\nprice| f\nsize | j"
);
q!(take_matrix_chars, "2 5#\"!\"", "\"!!!!!\"\n\"!!!!!\"");
q!(take_matrix, "2 3#til 6", "0 1 2\n3 4 5");
q!(
    take_matrix_syms,
    "2 4#`Arthur`Steve`Dennis",
    "Arthur Steve  Dennis Arthur\nSteve  Dennis Arthur Steve"
);
q!(
    take_3d_chars,
    "2 3 4#\"a\"",
    "\"aaaa\" \"aaaa\" \"aaaa\"\n\"aaaa\" \"aaaa\" \"aaaa\""
);
q!(
    take_3d_count,
    "five3d:2 3 4#til 5\ncount each five3d",
    "3 3"
);
q!(
    take_3d_first,
    "five3d:2 3 4#til 5\nfirst five3d",
    "0 1 2 3\n4 0 1 2\n3 4 0 1"
);
q!(take_null_rows, "0N 3#til 10", "0 1 2\n3 4 5\n6 7 8\n,9");
q!(take_enlist_dim, "enlist[2]#til 10", "0 1");
q!(
    take_3d_match,
    "(2 2 3#til 5)~((0 1 2;3 4 0);(1 2 3;4 0 1))",
    "1b"
);
q!(take_empty_dim, "(enlist(\"\";\"\"))~1 2 0#\"a\"", "1b");
q!(
    take_null_domain,
    "all`domain=@[;1 2;{`$x}]each(#)@'(1 0 2;2 3 0N;0N 2 1;-1 2 3)",
    "1b"
);
q!(take_null_cols, "3 0N#til 10", "0 1 2\n3 4 5\n6 7 8 9");
q!(take_null_cols_uneven, "4 0N#til 9", "0 1\n2 3\n4 5\n6 7 8");
q!(take_dict, "d:`a`b`c!1 2 3\n2#d", "a| 1\nb| 2");
q!(take_dict_keys, "d:`a`b`c!1 2 3\n`a`b#d", "a| 1\nb| 2");
q!(
    take_table_rows,
    "t:([]s:`s1`s1`s1`s1;q:300 200 400 200)\n2#t",
    "s  q\n------\ns1 300\ns1 200"
);
q!(
    take_table_cols,
    "t:([]s:`s1`s2;p:`p1`p2;qty:300 200)\n`p`qty#t",
    "p  qty\n------\np1 300\np2 200"
);
q!(
    take_keyed_rows,
    "s:([s:`s1`s2`s3]name:`smith`jones`blake;status:20 10 30;city:`london`paris`paris)\n([]s:`s1`s2)#s",
    "s | name  status city\n--| -------------------\ns1| smith 20     london\ns2| jones 10     paris"
);
// Take with a non-integer count signals 'type (take.md: x is an int atom or vector).
q!(take_float_count, "2.5#1 2 3", "'type");
q!(take_zero, "0#1 2 3", "`long$()");

// ---- docs/ref/drop.md ----
q!(drop_first, "5_0 1 2 3 4 5 6 7 8", "5 6 7 8");
q!(drop_last, "-5_0 1 2 3 4 5 6 7 8", "0 1 2 3");
q!(drop_dict_first, "1 _ `a`b`c!1 2 3", "b| 2\nc| 3");
q!(
    drop_string_find,
    "b:\"apple: banana: cherry\"\n(b?\":\") _ b",
    "\": banana: cherry\""
);
q!(drop_item, "0 1 2 3 4 5 6 7 8_5", "0 1 2 3 4 6 7 8");
q!(drop_dict_key, "(`a`b`c!1 2 3)_`a", "b| 2\nc| 3");
q!(drop_key_from_dict, "`a _ `a`b`c!1 2 3", "b| 2\nc| 3");
q!(drop_keys_from_dict, "`a`b _ `a`b`c!1 2 3", "c| 3");
q!(drop_dict_keys_type, "(`a`b`c!1 2 3) _ `a`b", "'type");
q!(drop_int_dict_first, "d:100 200!`a`b\n1 _ d", "200| b");
q!(
    drop_int_dict_key_absent,
    "d:100 200!`a`b\nd _ 1",
    "100| a\n200| b"
);
q!(drop_int_dict_key, "d:100 200!`a`b\nd _ 100", "200| b");
q!(
    drop_enlist_key_absent,
    "d:100 200!`a`b\nenlist[1] _ d",
    "100| a\n200| b"
);
q!(drop_enlist_key, "d:100 200!`a`b\nenlist[100] _ d", "200| b");
q!(
    drop_table_cols,
    "t:([]a:1 2 3;b:4 5 6;c:`d`e`f)\n`a`b _ t",
    "c\n-\nd\ne\nf"
);
q!(
    drop_table_cols_wrong_side,
    "t:([]a:1 2 3;b:4 5 6;c:`d`e`f)\nt _ `a`b",
    "'type"
);
q!(
    drop_table_atom_col,
    "t:([]a:1 2 3;b:4 5 6;c:`d`e`f)\n`a _ t",
    "'type"
);
q!(
    drop_table_col_right,
    "t:([]a:1 2 3;b:4 5 6;c:`d`e`f)\nt _ `a",
    "'type"
);
q!(
    drop_in_place,
    "d:`a`b`c`x!(1;2 3;4;5)\nd _:`x\nd",
    "a| 1\nb| 2 3\nc| 4"
);

// ---- docs/ref/find.md ----
q!(find_atom, "w:10 -8 3 5 -1 2 3\nw?-8", "1");
q!(find_first_occurrence, "w:10 -8 3 5 -1 2 3\nw?3", "2");
q!(find_absent, "w:10 -8 3 5 -1 2 3\nw?17", "7");
q!(find_absent_index, "w:10 -8 3 5 -1 2 3\nw[7]", "0N");
q!(find_char, "\"abcde\"?\"d\"", "3");
q!(
    find_nested,
    "w:10 -8 3 5 -1 2 3\nrt:(10 5 -1;-8;3 17)\nw?rt",
    "0 3 4\n1\n2 7"
);
q!(
    find_nested_index,
    "w:10 -8 3 5 -1 2 3\nrt:(10 5 -1;-8;3 17)\nw[w?rt]",
    "10 5 -1\n-8\n3 0N"
);
q!(
    find_list_of_lists,
    "u:(\"abcde\";10 2 -6;(2 3;`ab))\nu?10 2 -6",
    "1"
);
q!(
    find_list_of_lists_string,
    "u:(\"abcde\";10 2 -6;(2 3;`ab))\nu?\"abcde\"",
    "0"
);
q!(
    find_mixed_items,
    "u:(\"abcde\";10 2 -6;(2 3;`ab))\nu?(2 3;`ab)",
    "3 3"
);
q!(
    find_match_each,
    "u:(\"abcde\";10 2 -6;(2 3;`ab))\nf:{where x~\\:y}\nf[u;(2 3;`ab)]",
    ",2"
);
q!(
    find_table_row,
    "sp:([]s:`s1`s1`s1`s1`s4;p:`p1`p2`p3`p4`p5;qty:300 200 400 200 100)\nsp?(`s1;`p4;200)",
    "3"
);
q!(
    find_table_dict,
    "sp:([]s:`s1`s1`s2;p:`p1`p2`p5;qty:300 200 450)\nsp?`s`p`qty!(`s2;`p5;450)",
    "2"
);

// ---- docs/ref/where.md ----
q!(where_counts, "where 2 3 0 1", "0 0 1 1 1 3");
q!(
    where_raze_take,
    "raze x #' til count x:2 3 0 1",
    "0 0 1 1 1 3"
);
q!(where_bools, "where 0 1 1 0 1", "1 2 4");
q!(
    where_even,
    "x:1 5 6 8 11 17 20 21\nwhere 0 = x mod 2",
    "2 3 6"
);
q!(
    where_select,
    "x:1 5 6 8 11 17 20 21\nx where 0 = x mod 2",
    "6 8 20"
);
q!(
    where_dict,
    "d:`amr`ibm`msft!2 3 1\nwhere d",
    "`amr`amr`ibm`ibm`ibm`msft"
);
q!(where_dict_indices, "where 0 1 2 3 ! 2 3 0 1", "0 0 1 1 1 3");
q!(where_bool_vector, "where 10010b", "0 3");
q!(where_bool_dict, "where `a`b`c!101b", "`a`c");
q!(where_atom_bool, "where 1b", ",0");
q!(where_floats_type, "where 1.5 2", "'type");
q!(mins_initial_nulls, "mins 0N 5 0N 1 3", "0W 5 5 1 1");
q!(
    mmin_nulls_are_least,
    "3 mmin 0N -3 -2 1 -0W 0",
    "0N 0N 0N -3 -0W -0W"
);
q!(
    mmin_null_least,
    "3 mmin 0N -3 -2 1 0N -0W",
    "0N 0N 0N -3 0N 0N"
);
q!(mmin_zero_window, "0 mmin 3 1 2", "3 1 2");
q!(min_dict, "d:`a`b!(10 21 3;4 5 6)\nmin d", "4 5 3");
q!(
    min_table,
    "t:flip `a`b!(10 21 3;4 5 6)\nmin t",
    "a| 3\nb| 4"
);
q!(
    min_keyed,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 21 3;4 5 6)\nmin k",
    "a| 3\nb| 4"
);
q!(
    mins_table,
    "t:flip `a`b!(10 21 3;4 5 6)\nmins t",
    "a  b\n----\n10 4\n10 4\n3  4"
);
q!(
    mmin_keyed,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 21 3;4 5 6)\n2 mmin k",
    "k  | a  b\n---| ----\nabc| 10 4\ndef| 10 4\nghi| 3  5"
);
q!(min_nested_keeps_nulls, "min (1 2;0N 4)", "0N 2");
// min.md's range: min of b is b, of c is c, of temporal itself.
q!(min_bools, "min 101b", "0b");
q!(min_times, "min 12:00 11:30", "11:30");

// ---- docs/ref/within.md ----
q!(within_list, "1 3 10 6 4 within 2 6", "01011b");
q!(within_chars, "\"acyxmpu\" within \"br\"", "0100110b");
q!(
    within_select,
    "select sym from ([]sym:`dd`ccc`ccc) where sym within `c`d",
    "sym\n---\nccc\nccc"
);
q!(within_atom_pairs, "5 within (1 2 6;3 5 7)", "010b");
q!(within_list_pairs, "2 5 6 within (1 2 6;3 5 7)", "111b");
q!(
    within_nested,
    "(1 3 10 6 4;\"acyxmpu\") within ((2;\"b\");(6;\"r\"))",
    "01011b\n0100110b"
);
q!(
    within_dates,
    "2000.01.02 within 2000.01.01 2000.01.03",
    "1b"
);

// ---- docs/ref/bin.md ----
q!(bin_atom, "0 2 4 6 8 10 bin 5", "2");
q!(bin_list, "0 2 4 6 8 10 bin -10 0 4 5 6 20", "-1 0 2 2 3 5");
q!(bin_duplicates, "1 2 3 3 4 bin 2 3", "1 3");
q!(bin_find_contrast, "1 2 3 3 4 ? 2 3", "1 2");
// binr: the first item >= y (bin.md).
q!(binr_list, "0 2 4 6 8 10 binr -10 0 5 20", "0 0 3 6");
q!(bin_syms, "`a`c`e bin `b`e", "0 2");

// ---- docs/ref/in.md ----
q!(in_atom_atom, "\"x\" in \"a\"", "0b");
q!(in_atom_vector, "\"x\" in \"acdexyz\"", "1b");
q!(in_vector_vector, "\"wx\" in \"acdexyz\"", "01b");
q!(
    in_list_vector,
    "(\"abc\";(\"def\";\"ghi\");\"jkl\")in \"bed\"",
    "010b\n(110b;000b)\n000b"
);
q!(
    in_vector_list,
    "\"wx\" in (\"acdexyz\";\"abcd\";\"wx\")",
    "1b"
);
q!(
    in_list_list,
    "(\"ab\";\"cd\") in ((\"ab\";\"cd\");0 1 2)",
    "1b"
);
q!(
    in_any_match,
    "any (\"ab\";\"cd\") ~/: ((\"ab\";\"cd\");0 1 2)",
    "1b"
);
q!(in_which, "1 3 7 6 4 in 5 4 1 6", "10011b");
q!(in_no_item, "1 2 in (9;(1 2;3 4))", "00b");
q!(in_is_item, "1 2 in (1 2;9)", "1b");
q!(in_not_item, "1 2 in ((1 2;3 4);9)", "0b");
q!(in_list_is_item, "(1 2;3 4) in ((1 2;3 4);9)", "1b");
q!(
    in_select,
    "p:([p:`p1`p2`p3]name:`nut`bolt`screw;city:`london`paris`rome)\nselect from p where city in `paris`rome",
    "p | name  city\n--| -----------\np2| bolt  paris\np3| screw rome"
);
q!(in_mixed_atom, "1 2. in 2", "01b");
q!(in_mixed_one, "1 2. in 1#2", "01b");
q!(in_mixed_empty, "1 2. in 0#2", "'type");
q!(in_mixed_two, "1 2. in 2#2", "'type");
q!(in_mixed_rank, "3 in (1 2;3)", "0b");
q!(in_mixed_rank2, "3 in (3;1 2)", "1b");
q!(in_match_any, "any ` ~/: (1 2;`)", "1b");

// ---- docs/ref/asc.md ----
q!(asc_vector, "asc 2 1 3 4 2 1 2", "`s#1 1 2 2 2 3 4");
q!(
    asc_mixed,
    "asc (1;1b;\"b\";2009.01.01;\"a\";0)",
    "1b\n0\n1\n\"a\"\n\"b\"\n2009.01.01"
);
q!(asc_mixed_numbers, "asc(2f;3;4i;5h)", "5h\n4i\n3\n2f");
q!(asc_dict, "asc `a`b`c!2 1 3", "b| 1\na| 2\nc| 3");
q!(
    asc_table,
    "asc ([]a:3 4 1;b:`a`d`s)",
    "a b\n---\n1 s\n3 a\n4 d"
);
q!(
    asc_table_meta_parted,
    "meta asc ([]a:3 4 1;b:`a`d`s)",
    "c| t f a\n-| -----\na| j   p\nb| s"
);
q!(
    asc_table_meta_sorted,
    "meta asc([]a:3 4 1)",
    "c| t f a\n-| -----\na| j   s"
);
q!(
    asc_keyed_meta_parted,
    "meta asc ([c1:`a`b] c2:2 1; c3:01b)",
    "c | t f a\n--| -----\nc1| s\nc2| j   p\nc3| b"
);
q!(
    asc_keyed_meta_sorted,
    "meta asc ([c1:`a`b] c2:2 1)",
    "c | t f a\n--| -----\nc1| s\nc2| j   s"
);
q!(iasc_list, "L:2 1 3 4 2 1 2\niasc L", "1 5 0 4 6 2 3");
q!(iasc_index, "L:2 1 3 4 2 1 2\nL iasc L", "1 1 2 2 2 3 4");
q!(iasc_match, "L:2 1 3 4 2 1 2\n(asc L)~L iasc L", "1b");
q!(iasc_dict, "iasc `a`c`b!1 2 3", "`a`c`b");
q!(
    iasc_reverse,
    "x:100?100\nb:100?.Q.a\nc:b iasc x\nb~c iasc iasc x",
    "1b"
);
q!(
    xasc_city,
    "s:([s:`s1`s2`s3`s4`s5]name:`smith`jones`blake`clark`adams;status:20 10 30 20 30i;city:`london`paris`paris`london`athens)\n`city xasc s",
    "s | name  status city\n--| -------------------\ns5| adams 30     athens\ns1| smith 20     london\ns4| clark 20     london\ns2| jones 10     paris\ns3| blake 30     paris"
);
q!(
    xasc_two,
    "s:([s:`s1`s2`s3`s4`s5]name:`smith`jones`blake`clark`adams;status:20 10 30 20 30i;city:`london`paris`paris`london`athens)\n`city`name xasc s",
    "s | name  status city\n--| -------------------\ns5| adams 30     athens\ns4| clark 20     london\ns1| smith 20     london\ns3| blake 30     paris\ns2| jones 10     paris"
);
q!(
    xasc_by_name,
    "s:([s:`s1`s2`s3`s4`s5]name:`smith`jones`blake`clark`adams;status:20 10 30 20 30i;city:`london`paris`paris`london`athens)\n`status`city`name xasc `s\ns\nmeta s",
    "`s\ns | name  status city\n--| -------------------\ns2| jones 10     paris\ns4| clark 20     london\ns1| smith 20     london\ns5| adams 30     athens\ns3| blake 30     paris\nc     | t f a\n------| -----\ns     | s\nname  | s\nstatus| i   s\ncity  | s"
);

// ---- docs/ref/desc.md ----
q!(desc_vector, "desc 2 1 3 4 2 1 2", "4 3 2 2 2 1 1");
// desc.md's printed list stops before its last item; the order is asc's
// (type, then value) reversed.
q!(
    desc_mixed,
    "desc (1;1b;\"b\";2009.01.01;\"a\";0)",
    "2009.01.01\n\"b\"\n\"a\"\n1\n0\n1b"
);
q!(desc_dict, "desc `a`b`c!2 1 3", "c| 3\na| 2\nb| 1");
q!(
    desc_table,
    "desc([]a:3 4 1;b:`a`d`s)",
    "a b\n---\n4 d\n3 a\n1 s"
);
q!(
    desc_table_meta,
    "meta desc([]a:3 4 1;b:`a`d`s)",
    "c| t f a\n-| -----\na| j\nb| s"
);
q!(idesc_list, "L:2 1 3 4 2 1 2\nidesc L", "3 2 0 4 6 1 5");
q!(idesc_index, "L:2 1 3 4 2 1 2\nL idesc L", "4 3 2 2 2 1 1");
q!(idesc_dict, "idesc `a`c`b!1 2 3", "`b`c`a");
q!(
    xdesc_city,
    "s:([s:`s1`s2`s3`s4`s5]name:`smith`jones`blake`clark`adams;status:20 10 30 20 30i;city:`london`paris`paris`london`athens)\n`city xdesc s\nmeta `city xdesc s",
    "s | name  status city\n--| -------------------\ns2| jones 10     paris\ns3| blake 30     paris\ns1| smith 20     london\ns4| clark 20     london\ns5| adams 30     athens\nc     | t f a\n------| -----\ns     | s\nname  | s\nstatus| i\ncity  | s"
);

// ---- docs/ref/deal.md (random values vary; their shape and type do not) ----
q!(roll_count, "count 5?`Arthur`Steve`Dennis", "5");
q!(
    roll_from_list,
    "all (5?`Arthur`Steve`Dennis) in `Arthur`Steve`Dennis",
    "1b"
);
q!(deal_distinct, "count distinct -3?`the`quick`brown`fox", "3");
q!(
    deal_duplicates_in_y,
    "asc -3?`bye`bye`blackbird",
    "`s#`blackbird`bye`bye"
);
q!(roll_range, "all (10?5) within 0 4", "1b");
q!(deal_range, "asc -10?10", "`s#0 1 2 3 4 5 6 7 8 9");
q!(deal_same_set, "(asc -10?10)~asc -10?10", "1b");
q!(deal_guids, "count distinct -1000?0Ng", "1000");
q!(
    roll_floats,
    "r:5?4.5\n(type r;all r within 0 4.5)",
    "9h\n1b"
);
q!(roll_months, "type 4?2012.09m", "13h");
q!(roll_chars, "r:30?\" \"\n(count r;all r in .Q.a)", "30\n1b");
q!(roll_bytes, "type 16?0x0", "4h");
q!(roll_bools, "type 20?0b", "1h");
q!(
    roll_symbols,
    "r:10?`3\n(count r;all 3=count each string r)",
    "10\n1b"
);
q!(rand_symbol, "count string rand `6", "6");
q!(permute_int, "asc 0N?10", "`s#0 1 2 3 4 5 6 7 8 9");
q!(permute_list, "asc 0N?5 4 2", "`s#2 4 5");
q!(deal_length, "-5?3", "'length");
q!(
    roll_seeded,
    "a:5?100\n\\S 314159\nb:5?100\n\\S 314159\nc:5?100\nb~c",
    "1b"
);
// syscmds.md: \S shows the seed last set (the default as an int), and
// \S 0N the generator's state, which restores it.
q!(
    seed_default_and_state,
    "\\S\na:5?100\n\\S -314159\na~5?100\n\\S\nx:system \"S 0N\"\nr:10?10\nsystem \"S \",string x\nr~10?10",
    "-314159i\n1b\n-314159\n1b"
);

// ---- docs/ref/cut.md ----
q!(cut_indices, "2 4 9 _ til 10", "2 3\n4 5 6 7 8\n,9");
q!(
    cut_duplicates,
    "2 4 4 9 _ til 10",
    "2 3\n`long$()\n4 5 6 7 8\n,9"
);
q!(
    cut_table,
    "t:([]a:til 5;b:`a`b`c`d`e)\nts:0 3 _ t\nts 0\nts 1",
    "a b\n---\n0 a\n1 b\n2 c\na b\n---\n3 d\n4 e"
);
q!(cut_from_zero, "0 4 5 _ til 7", "0 1 2 3\n,4\n5 6");
q!(cut_keyword, "4 cut til 10", "0 1 2 3\n4 5 6 7\n8 9");
q!(cut_keyword_indices, "0 2 cut til 5", "0 1\n2 3 4");
q!(cut_string, "3 cut \"abcdefg\"", "\"abc\"\n\"def\"\n,\"g\"");

// ---- docs/ref/fill.md ----
q!(fill_zero, "0^1 2 3 0N", "1 2 3 0");
q!(fill_hundred, "100^1 2 -5 0N 10 0N", "1 2 -5 100 10 100");
q!(fill_float, "1.0^1.2 -4.5 0n 0n 15", "1.2 -4.5 1 1 15");
q!(
    fill_sym,
    "`nobody^`tom`dick``harry",
    "`tom`dick`nobody`harry"
);
q!(fill_pairwise, "1 2 3 4 5^6 0N 8 9 0N", "6 2 8 9 5");
q!(
    fill_promotes,
    "a:11.0 2.1 3.1 0n 4.5 0n\n10^a\ntype 10^a",
    "11 2.1 3.1 10 4.5 10\n9h"
);
q!(fill_dict, "(`a`b`c!1 2 3)^`b`c!0N 30", "a| 1\nb| 2\nc| 30");
q!(fill_widens_int, "5^0N 2 3i\ntype 5^0N 2 3i", "5 2 3\n7h");
q!(fills_list, "fills 0N 2 3 0N 0N 7 0N", "0N 2 3 3 3 7 7");
q!(
    fills_backward,
    "reverse fills reverse 0N 2 3 0N 0N 7 0N",
    "2 2 3 7 7 7 0N"
);
// The page writes the amend as (x where x=0W):0N; q-lite's parser takes
// the bracket form of the same assignment.
q!(
    fills_infinities,
    "fills {x[where x=0W]:0N;x} 0N 2 3 0W 0N 7 0W",
    "0N 2 3 3 3 7 7"
);
q!(fills_longs, "fills 1 0N 3 0N 0N 5", "1 1 3 3 3 5");
q!(fills_syms, "fills `x``y```z", "`x`x`y`y`y`z");
q!(
    fills_update,
    "update fills c2 from ([] `a`b`c`d`e`f; c2:1 0N 3 0N 0N 5)",
    "x c2\n----\na 1\nb 1\nc 3\nd 3\ne 3\nf 5"
);
q!(fills_leading, "fills 0N 0N 3 0N 5", "0N 0N 3 3 5");
q!(fills_seeded, "0 ^\\ 0N 0N 3 0N 5", "0 0 3 3 5");

// ---- docs/ref/dict.md ----
q!(dict_make, "`a`b`c!1 2 3", "a| 1\nb| 2\nc| 3");
q!(
    dict_enkey,
    "kt:2!([]name:`Tom`Jo`Tom; city:`NYC`LA`Lagos; eye:`green`blue`brown; sex:`m`f`m)\nkt",
    "name city | eye   sex\n----------| ---------\nTom  NYC  | green m\nJo   LA   | blue  f\nTom  Lagos| brown m"
);
q!(
    dict_tables,
    "kt:2!([]name:`Tom`Jo`Tom; city:`NYC`LA`Lagos; eye:`green`blue`brown; sex:`m`f`m)\nku:([]name:`Tom`Jo`Tom; city:`NYC`LA`Lagos)!([]eye:`green`blue`brown; sex:`m`f`m)\nkt~ku",
    "1b"
);
q!(
    dict_unkey,
    "kt:2!([]name:`Tom`Jo`Tom; city:`NYC`LA`Lagos; eye:`green`blue`brown; sex:`m`f`m)\n0!kt",
    "name city  eye   sex\n--------------------\nTom  NYC   green m\nJo   LA    blue  f\nTom  Lagos brown m"
);
q!(dict_length, "`a`b!1 2 3", "'length");
q!(dict_enkey_too_many, "3!([]a:1 2;b:3 4)", "'length");
q!(dict_key_value, "d:`a`b!1 2\n(key d;value d)", "a b\n1 2");
q!(dict_index_keys, "d:`a`b`c!1 2 3\nd`a`c", "1 3");
q!(dict_reverse_lookup, "d:`a`b`c!1 2 3\nd?2", "`b");
q!(dict_count, "count `a`b`c!1 2 3", "3");
q!(dict_where, "where `a`b`c!101b", "`a`c");
q!(dict_join, "(`a`b!1 2),`b`c!20 30", "a| 1\nb| 20\nc| 30");
q!(dict_negate, "neg `a`b!1 2", "a| -1\nb| -2");
q!(dict_compare, "(`a`b!1 2)=`a`b!1 3", "a| 1\nb| 0");
q!(dict_match, "(`a`b!1 2)~`a`b!1 2", "1b");
q!(dict_first, "first `a`b!1 2", "1");
q!(dict_last, "last `a`b!1 2", "2");
q!(dict_each, "{x*2} each `a`b!1 2", "a| 2\nb| 4");
q!(dict_flip_table, "flip `a`b!(1 2;3 4)", "a b\n---\n1 3\n2 4");
q!(dict_flip_length, "flip `a`b!(1 2;3 4 5)", "'length");

// ---- docs/ref/set-attribute.md ----
q!(attr_sorted, "`s#1 2 3", "`s#1 2 3");
q!(attr_remove, "`#`s#1 2 3", "1 2 3");
q!(attr_sorted_fail, "`s#3 2 1", "'s-fail");
q!(attr_unique, "`u#2 4 5", "`u#2 4 5");
q!(
    attr_parted,
    "`p#2 2 2 1 1 4 4 4 4 3 3",
    "`p#2 2 2 1 1 4 4 4 4 3 3"
);
q!(
    attr_parted_lost_on_join,
    "2,`p#2 2 2 1 1 4 4 4 4 3 3",
    "2 2 2 2 1 1 4 4 4 4 3 3"
);
q!(attr_grouped, "`g#2 1 2", "`g#2 1 2");
q!(attr_of, "attr `s#1 2 3", "`s");
q!(attr_none, "attr 1 2 3", "`");
q!(attr_parted_fail, "`p#1 2 1", "'u-fail");
q!(
    attr_sorted_table,
    "meta `s#([] ti:00:00:00 00:00:01 00:00:03; v:98 98 100.)",
    "c | t f a\n--| -----\nti| v   p\nv | f"
);

// ---- docs/ref/join.md ----
q!(join_atom, "1 2 3,4", "1 2 3 4");
q!(join_vectors, "1 2,3 4", "1 2 3 4");
q!(join_mixed, "count (0;1 2.5;01b),(`a;\"abc\")", "5");
q!(join_floats, "1 2.4 5,-7.9 10", "1 2.4 5 -7.9 10");
q!(join_float_reals, "type 1 2.4 5, -7.9 10e", "0h");
q!(
    join_cast_real,
    "v:1 2.34 -567.1 20e\nv,(type v)$789",
    "1 2.34 -567.1 20 789e"
);
q!(
    join_cast_bool,
    "v:1 2.34 -567.1 20e\nv,(type v)$1b",
    "1 2.34 -567.1 20 1e"
);
q!(
    join_cast_byte,
    "v:1 2.34 -567.1 20e\nv,(type v)$0xab",
    "1 2.34 -567.1 20 171e"
);
q!(
    join_dicts,
    "(`a`b`c!1 2 3),`c`d!4 5",
    "a| 1\nb| 2\nc| 4\nd| 5"
);
q!(
    join_tables,
    "t:([]a:1 2 3;b:`a`b`c)\ns:([]a:10 11;b:`d`e)\nt,s",
    "a  b\n----\n1  a\n2  b\n3  c\n10 d\n11 e"
);
q!(
    join_tables_columnwise,
    "t:([]a:1 2 3;b:`a`b`c)\nr:([]c:10 20 30;d:1.2 3.4 5.6)\nt,'r",
    "a b c  d\n----------\n1 a 10 1.2\n2 b 20 3.4\n3 c 30 5.6"
);

// ---- docs/ref/sublist.md ----
q!(sublist_head, "p:2 3 5 7 11\n3 sublist p", "2 3 5");
q!(
    sublist_available,
    "p:2 3 5 7 11\n10 sublist p",
    "2 3 5 7 11"
);
q!(
    sublist_dict,
    "2 sublist `a`b`c!(1 2 3;\"xyz\";2 3 5)",
    "a| 1 2 3\nb| x y z"
);
q!(
    sublist_table_tail,
    "sp:([]s:0 3 3 0;p:2 1 3 4;qty:100 200 300 400)\n-3 sublist sp",
    "s p qty\n-------\n3 1 200\n3 3 300\n0 4 400"
);
q!(take_wraps_string, "10#\"take me\"", "\"take metak\"");
q!(
    sublist_pad,
    "{x$x sublist y}[10;]\"take me\"",
    "\"take me   \""
);
q!(sublist_slice, "p:2 3 5 7 11\n1 2 sublist p", "3 5");

// An atomic lambda applied with `each` gives what it gives item by item,
// whichever way it is computed.
q!(
    atomic_lambdas_each_item_by_item,
    "fns:({x+1};{x%2};{neg x*x};{(x mod 3)=0};{x<=2};{1+2*x};{abs x-2.5};{x=`b})\n\
     vals:(1 2 3;1.5 -2 0n;101b;0N 5 -7;2024.01.01 2024.03.01;`a`b`c;\"abc\")\n\
     r:raze {[f;v] @[{[f;v] (f each v)~{x y}[f] each v}[f];v;{`err}]}/:\\:[fns;vals]\n\
     (count r;sum 0b~/:r;30<sum 1b~/:r)\n\
     type {x+1} each til 0\n\
     {1} each 1 2 3\n\
     {x+1 2} each 1 2\n\
     {[a] a*a} each 1 2 3",
    "56\n0i\n1b\n0h\n1 1 1\n2 3\n3 4\n1 4 9"
);

// The same holds for each-both over vectors of one length and atoms:
// computed in one call or item by item, the answers agree, errors included.
q!(
    atomic_lambdas_each_both_item_by_item,
    "fns:({x+y};{x%y};{[a;b] a*b-1};{x<y};{(x mod 3)=y};{x|y*2})\n\
     args:((1 2 3;4 5 6);(1.5 -2 0n;2);(3;0N 5 -7);(101b;010b);(`a`b;`c`d);(\"ab\";\"ba\"))\n\
     r:raze {[f;a] @[{[f;a] (f'[a 0;a 1])~{x[y;z]}[f]'[a 0;a 1]}[f];a;{`err}]}/:\\:[fns;args]\n\
     (count r;sum 0b~/:r)\n\
     {[a;b;c] a+b*c}'[1 2;3 4;5]\n\
     {x+y}'[1;2]\n\
     {y}'[1 2;3]\n\
     {x+y}'[1 2;3 4 5]",
    "36\n0i\n16 22\n3\n3 3\n'length"
);

// asc.md: a sorted general list carries `s, though the console shows no
// attribute on it; desc sets none.
q!(
    asc_of_general_list_is_sorted,
    "l:(\"pear\";\"fig\";\"kiwi\")\nasc l\nattr asc l\nattr asc (2;\"z\";`k)\nattr desc l",
    "\"fig\"\n\"kiwi\"\n\"pear\"\n`s\n`s\n`"
);

// glossary.md: atoms of one type picked from a general list, or from a
// dictionary such as a namespace, make a vector.
q!(
    picked_atoms_make_a_vector,
    "v:5\n.ns.v:6\n.ns.w:7\n`.ns `v`w\n`.`.ns@\\:`v\ntype (1;`a;2) 0 2\ntype (`p`q`r!(1;`a;2))`p`r\n(1;`a;2) 0 1",
    "6 7\n5 6\n7h\n7h\n1\n`a"
);

// ---- docs/ref/find.md, in.md: many probes into a general list ----
q!(
    find_many_strings_in_a_general_list,
    "x:(\"ab\";\"cd\";\"ab\";`x;1 2)\nx?(\"ab\";\"zz\";\"cd\";1 2;\"ab\";\"cd\";\"ab\";\"cd\";\"ab\";\"q\")",
    "0 5 1 4 0 1 0 1 0 5"
);
q!(
    strings_in_strings,
    "a:string til 20\nb:string 15+til 30\nwhere a in b\nsum b in a",
    "15 16 17 18 19\n5i"
);

// ---- docs/ref/raze.md: one vector from many, a general list once mixed ----
q!(
    raze_of_many_lists,
    "count raze 100000#enlist 01b\nraze ((1;`a);2 3;`b;\"cd\")\nraze (1 2;3;4 5)\nraze (();1 2)\nraze (`s#1 2;3)\nraze enlist `s#1 2",
    "200000\n1\n`a\n2\n3\n`b\n\"c\"\n\"d\"\n1 2 3 4 5\n1 2\n1 2 3\n`s#1 2"
);

// ---- docs/ref/set-attribute.md: s and g are kept on append in memory ----
q!(
    sorted_and_grouped_kept_on_append,
    "v:`s#1 2\nv,:3\nv\nv,:0\nv\n(`s#1 2),3 4\n(`s#1.0 2.0),0n\n`s#`a`b,`c\ng:`g#`a`b\ng,:`a\nattr g\nu:`u#1 2\nu,:3\nattr u\nt:([]s:`g#`a`b;x:1 2)\n`t insert (`c;3)\nexec a from meta t",
    "`s#1 2 3\n1 2 3 0\n`s#1 2 3 4\n1 2 0n\n`s#`a`b`c\n`g\n`u\n,2\n`g`"
);

// ---- docs/ref/asc.md, xasc.md: symbols sort by their text, stably ----
q!(
    symbols_sort_by_text_stably,
    "asc `b`a``c`a\niasc `b`a``c`a\nasc `abc`ab`b`\n`s`v xasc ([]s:`b`a`b`a;v:4 3 2 1)\n`s xdesc ([]s:`b`a`c`a;v:1 2 3 4)",
    "`s#``a`a`b`c\n2 1 4 0 3\n`s#``ab`abc`b\ns v\n---\na 1\na 3\nb 2\nb 4\ns v\n---\nc 3\nb 1\na 2\na 4"
);
// A one-item count takes as an atom count does, with the same limit.
q!(
    take_with_a_one_item_count_checks_the_size,
    "(enlist 2)#(1;`a;3)\n@[#[enlist 0W];();{x}]\n@[#[enlist 0W];1 2;{x}]",
    "1\n`a\n\"limit\"\n\"limit\""
);
// Errors, not panics, for arguments that do not fit: Over with lists of
// two lengths, or with three arguments to an operator; fby groups longer
// than the column; widths past the largest long; rows past the limit.
q!(
    ill_fitting_arguments_are_errors,
    "f:{@[value;x;{[e;t] t}[;y]]}\n\
     f[({x+y+z}/;0;1 2;());`len]\nf[(+/;0;1 2;0#0);`rnk]\n{x+y+z}/[0;1 2;3 4]\n\
     f[((sum;1 2) fby;1 1 2);`len]\n\
     f[(0:;(\"JJJ\";0W 0W 2);enlist \"abc\");`len]\nf[(1:;(\"  *\";0W 0W 3);0x0102);`len]\n\
     f[(#;0W 0N;til 5);`lim]\nf[(#;0W 0;1);`lim]\ntype -1 -1 vs 0N",
    "`len\n`rnk\n10\n`len\n`len\n`len\n`lim\n`lim\n7h"
);
// except and inter on vectors of one type find items by a typed hash:
// nulls match nulls, and order and repeats of x are kept.
q!(
    except_and_inter_on_typed_vectors,
    "1 2 3 0N 2 except 2 0N\n3 1 2 1 inter 1 3 5\n`a`b`c`b except `b\n\"hello\" except \"l\"\n2020.01.01 2020.01.02 inter 2020.01.02\n.Q.s1 (1 2;3) except enlist 3\n1 2 except 1.0",
    "1 3\n3 1 1\n`a`c\n\"heo\"\n,2020.01.02\n\",1 2\"\n1 2"
);

// A missing index of a list of matrices is a row of empty cells (q for
// mortals §3.11: `mm 0 2 1`), each of the first item's items emptied.
q!(
    missing_item_of_nested_lists_keeps_their_shape,
    "mm:((1 2;3 4;5 6);(10 20;30 40;50 60))\nmm 0 2 1\ncount each mm 2\n.Q.s1 (1 2;3 4) 5",
    "1 2   3 4   5 6  \n                 \n10 20 30 40 50 60\n0 0 0\n\"`long$()\""
);

// `u#` survives an append that repeats nothing (set-attribute.md).
q!(
    unique_attribute_kept_while_appends_repeat_nothing,
    "L:`u#2 1 4 8\nL,:3\nL\nL,:1\nL\nS:`u#`a`b\nS,`c`d\nS,`b",
    "`u#2 1 4 8 3\n2 1 4 8 3 1\n`u#`a`b`c`d\n`a`b`b"
);

// `x[i][j]:y` is not an assignment q knows.
q!(
    chained_brackets_do_not_assign,
    "a:(1 2;3 4)\n@[value;\"a[1][0]:9\";{x}]\na",
    "\"assign\"\n1 2\n3 4"
);

// A list of unary functions is a state machine `s m/x` folds through.
q!(
    list_of_functions_folds_as_a_state_machine,
    "m:({0};{2*x=\"x\"};{2+x=\"f\"};{2+/1 2*x=\"fz\"};{4+x=\"0\"};{5+x=\"0\"};{7-x=\"0\"};{7-x=\"0\"})\n{6=1 m/x}\"xyzfz000\"\n1 m\\\"xf\"",
    "1b\n2 3"
);

// One item appended to a u# vector longer than 4,096 would need a scan
// of it all: the attribute goes, as q-lite keeps no hash for it; many
// items at once are hashed and keep it while unique.
q!(
    unique_attribute_on_long_vectors,
    "v:`u#til 5000\nv,:5000\nattr v\nw:`u#til 5000\nw,:5000+til 20\nattr w",
    "`\n`u"
);

// Enumerations of one domain join as one enumeration, in place when the
// variable alone holds it.
q!(
    enumerations_of_one_domain_join,
    "sym:`a`b\ne:`sym$`a`b\ndo[3;e,:`b]\ne\n(`sym$`a),`sym$`b\n(`sym$`a`b),`sym$`b`a\n`int$e",
    "`sym$`a`b`b`b`b\n`sym$`a`b\n`sym$`a`b`b`a\n0 1 1 1 1i"
);

// Find on an `s#` vector searches by halves: the first occurrence, or
// the count when absent, for every integral type.
q!(
    find_on_sorted_vector,
    "s:`s#til 1000000\n(s?500000;s?-1;s?1000000)\n(`s#1 2 2 3)?2 4\n(`s#0N 1 2)?0N\n(`s#1 2 3i)?2i\n(`s#2020.01.01 2020.01.03)?2020.01.03",
    "500000 1000000 1000000\n1 4\n0\n1\n1"
);

// join.md: y's entries replace x's and its new keys are appended, keys
// of any shape (strings are one key each), a repeated new key taking
// y's last value.
q!(
    dictionaries_join_by_key,
    "(`a`b!1 2),`b`c`c!3 4 5\n(`a`b!1 2),`b`c!3.5 4\n((\"ab\";\"cd\")!1 2),(\"cd\";\"ef\")!3 4\nd:(`$string til 5000)!til 5000\n(count d,d;sum value d,d;count d,(`$string 5000+til 5000)!til 5000)",
    "a| 1\nb| 3\nc| 5\na| 1\nb| 3.5\nc| 4f\n\"ab\"| 1\n\"cd\"| 3\n\"ef\"| 4\n5000 12497500 10000"
);

// assign.md / amend.md: amending a dictionary at many keys, new ones
// appended in order; a new key repeated takes its last value.
q!(
    dictionary_amended_at_many_keys,
    "d:`a`b!1 2\nd[`c`b`c]:3 4 5\nd\nd[`x`x]:7 8\nd\nd:(`$string til 5000)!til 5000\nd[`$string 2500+til 5000]:5000#0\n(count d;sum d)",
    "a| 1\nb| 4\nc| 5\na| 1\nb| 4\nc| 5\nx| 8\n7500 3123750"
);
