//! q-lite evaluation cases: each runs q lines in a fresh session and
//! compares what the console shows with what the q console shows.
//!
//! `q!(name, "lines", "text")` evaluates the lines (separated by `\n`) in
//! order, rendering every value the console would print and everything
//! written to handles 1 and 2. An error stops the session and shows as its
//! first line (`'type`). `trace!` compares an error's whole display, with
//! the backtrace frames and carets.
//!
//! Expected texts come from the q reference (code.kx.com, the
//! `KxSystems/docs` repository); each group names the page it is taken
//! from. Where a page does not show the output of a case, a comment says
//! which documented rule the expected text follows from.

mod eval_support;

use eval_support::{error_text, normalise, session};

fn check(src: &str, want: &str) {
    let got = session(src);
    assert_eq!(
        normalise(&got),
        normalise(want),
        "\nq lines:\n{src}\n--- got:\n{got}\n--- want:\n{want}\n"
    );
}

fn check_trace(src: &str, want: &str) {
    let got = error_text(src);
    assert_eq!(
        normalise(&got),
        normalise(want),
        "\nq lines:\n{src}\n--- got:\n{got}\n--- want:\n{want}\n"
    );
}

macro_rules! q {
    ($name:ident, $src:expr, $want:expr) => {
        #[test]
        fn $name() {
            check($src, $want);
        }
    };
}

macro_rules! trace {
    ($name:ident, $src:expr, $want:expr) => {
        #[test]
        fn $name() {
            check_trace($src, $want);
        }
    };
}

// ---- docs/ref/add.md ----
q!(add_atom_list, "2+3 4 5", "5 6 7");
// The page's example prints a datetime, the form before V3.0; its range
// table gives d+t = p, which q 4 prints as a timestamp.
q!(
    add_date_time,
    "2000.11.22 + 03:44:55.666",
    "2000.11.22D03:44:55.666000000"
);
q!(
    add_int_dict,
    "5+`a`b`c!100 200 300",
    "a| 105\nb| 205\nc| 305"
);
q!(
    add_keyed_table_int,
    "([sym:`ibm`goog`msoft]qty:1000 2000 3000;p:1550 375 98)+5",
    "sym  | qty  p\n-----| ---------\nibm  | 1005 1555\ngoog | 2005 380\nmsoft| 3005 103"
);
q!(add_nested, "(10;20 30)+(2;3 4)", "12\n23 34");
q!(
    add_dict_scalar,
    "d:`a`b!(10 -21 3;4 5 -6)\nd+10",
    "a| 20 -11 13\nb| 14 15  4"
);
q!(
    add_dict_dict_upsert,
    "d:`a`b!(10 -21 3;4 5 -6)\nd+`b`c!(10 20 30;1000*1 2 3)",
    "a| 10   -21  3\nb| 14   25   24\nc| 1000 2000 3000"
);
q!(
    add_table_scalar,
    "t:flip `a`b!(10 -21 3;4 5 -6)\nt+100",
    "a   b\n-------\n110 104\n79  105\n103 94"
);
q!(
    add_keyed_keyed,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 -21 3;4 5 -6)\nk+k",
    "k  | a   b\n---| -------\nabc| 20  8\ndef| -42 10\nghi| 6   -12"
);
// The range table: b+b is i, j+e is e, f+c is f, m+m is i, d+d is i,
// p+n is p, z+t is z, c+i is a type error, s+anything is a type error.
q!(add_bool_bool_is_int, "type 1b+1b", "-6h");
q!(add_long_real_is_real, "type 1+2e", "-8h");
q!(add_char_float_is_float, "\"a\"+1f", "98f");
q!(add_char_int_type, "\"a\"+1", "'type");
q!(add_sym_type, "1+`a", "'type");
q!(add_guid_type, "1+0Ng", "'type");
q!(add_month_month_is_int, "type 2000.02m+2000.03m", "-6h");
q!(add_date_date_is_int, "type 2000.01.02+2000.01.03", "-6h");
q!(
    add_timestamp_timespan,
    "2000.01.01D00:00:00+0D01:00:00",
    "2000.01.01D01:00:00.000000000"
);
q!(
    add_date_int,
    "2000.01.01+1 2 3",
    "2000.01.02 2000.01.03 2000.01.04"
);
q!(add_time_int, "12:00:00.000+1", "12:00:00.001");
q!(add_minute_int, "12:00+61", "13:01");
q!(add_second_second, "type 00:00:01+00:00:02", "-18h");
q!(add_long_null, "1+0N", "0N");
q!(add_float_null, "1.5+0n", "0n");
q!(add_length, "1 2+1 2 3", "'length");
q!(add_length_empty, "()+til 1", "'length");
q!(add_rank, "+[2;3;4]", "'rank");

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

// ---- docs/ref/sum.md ----
q!(sum_atom, "sum 7", "7");
q!(sum_list, "sum 2 3 5 7", "17");
q!(sum_null_as_zero, "sum 2 3 0N 7", "12");
q!(sum_list_of_lists, "sum (1 2 3 4;2 3 5 7)", "3 5 8 11");
q!(sum_dict, "sum `a`b`c!1 2 3", "6");
q!(
    sum_by,
    "sp:([]s:`s1`s2`s1`s3;qty:300 400 200 200)\nselect sum qty by s from sp",
    "s | qty\n--| ---\ns1| 500\ns2| 400\ns3| 200"
);
q!(sum_chars_type, "sum \"abc\"", "'type");
q!(sum_nested_keeps_nulls, "sum (0n 8;8 0n)", "0n 0n");
q!(sum_vector_ignores_nulls, "sum 0n 8", "8f");
q!(sum_each_flip, "sum each flip(0n 8;8 0n)", "8 8f");
q!(sum_nested_long_nulls, "sum (1 2;0N 4)", "0N 6");
q!(sums_atom, "sums 7", "7");
q!(sums_list, "sums 2 3 5 7", "2 5 10 17");
q!(sums_null_as_zero, "sums 2 3 0N 7", "2 5 5 12");
q!(sums_lists, "sums (1 2 3;2 3 5)", "1 2 3\n3 5 8");
q!(
    sums_by,
    "sp:([]s:`s1`s2`s1`s3;qty:300 400 200 200)\nselect sums qty by s from sp",
    "s | qty\n--| -------\ns1| 300 500\ns2| ,400\ns3| ,200"
);
q!(sums_chars_type, "sums \"abc\"", "'type");
q!(msum_list, "3 msum 1 2 3 5 7 11", "1 3 6 10 15 23");
q!(msum_nulls, "3 msum 0N 2 3 5 0N 11", "0 2 5 10 8 16");
q!(wsum_lists, "2 3 4 wsum 1 2 4", "24f");
q!(wsum_atom_weight, "2 wsum 1 2 4", "14");
q!(wsum_nested, "(1 2;3 4) wsum (500 400;300 200)", "1400 1600");
q!(
    sum_dict_of_lists,
    "d:`a`b!(10 21 3;4 5 6)\nsum d",
    "14 26 9"
);
q!(
    sum_table,
    "t:flip d:`a`b!(10 21 3;4 5 6)\nsum t",
    "a| 34\nb| 15"
);
q!(
    sum_keyed_table,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 21 3;4 5 6)\nsum k",
    "a| 34\nb| 15"
);
q!(
    sums_dict,
    "d:`a`b!(10 21 3;4 5 6)\nsums d",
    "a| 10 21 3\nb| 14 26 9"
);
q!(
    msum_table,
    "t:flip `a`b!(10 21 3;4 5 6)\n2 msum t",
    "a  b\n-----\n10 4\n31 9\n24 11"
);
q!(wsum_dict, "d:`a`b!(10 21 3;4 5 6)\n1 2 wsum d", "18 31 15");
// Range table: sum of b x h i is i, of j j, of e e, of f f, of temporal itself.
q!(sum_bools_int, "sum 101b", "2i");
q!(sum_shorts_int, "sum 1 2 3h", "6i");
q!(sum_ints_int, "sum 1 2 3i", "6i");
q!(sum_reals_real, "sum 1.5 2.5e", "4e");
q!(sum_bytes_int, "sum 0x0102", "3i");
q!(sum_timespans, "sum 0D01 0D02", "0D03:00:00.000000000");
q!(sum_times, "sum 00:00:01.000 00:00:02.000", "00:00:03.000");
q!(sum_empty_long, "sum `long$()", "0");
q!(sum_empty_float, "sum `float$()", "0f");
q!(sum_syms_type, "sum `a`b", "'type");

// ---- docs/ref/avg.md ----
q!(avg_longs, "avg 1 2 3", "2f");
q!(avg_ignores_nulls, "avg 1 0n 2 3", "2f");
q!(avg_nested, "avg (1 2;0N 4)", "0n 3");
q!(avg_inf, "avg 1.0 0w", "0w");
q!(avg_both_inf, "avg -0w 0w", "0n");
q!(avg_bools, "avg 101b", "0.6666667");
q!(avg_bool_atom, "avg 1b", "1f");
q!(avg_empty, "avg `long$()", "0n");
q!(
    avg_by,
    "trade:([]sym:`a`a;price:10.5 11)\nselect ap:avg price by sym from trade",
    "sym| ap\n---| -----\na  | 10.75"
);
q!(avgs_list, "avgs 1 2 3 0n 4 -0w 0w", "1 1.5 2 2 2.5 -0w 0n");
q!(mavg_2, "2 mavg 1 2 3 5 7 10", "1 1.5 2.5 4 6 8.5");
q!(mavg_5, "5 mavg 1 2 3 5 7 10", "1 1.5 2 2.75 3.6 5.4");
q!(
    mavg_nulls,
    "5 mavg 0N 2 0N 5 7 0N",
    "0n 2 2 3.5 4.666667 4.666667"
);
q!(wavg_lists, "2 3 4 wavg 1 2 4", "2.666667");
q!(wavg_nulls, "2 0N 4 5 wavg 1 2 0N 8", "6f");
q!(
    wavg_nested,
    "(1 2;3 4) wavg (500 400; 300 200)",
    "350 266.6667"
);
q!(
    wavg_by,
    "trade:([]sym:`a`a;size:100 100;price:10.5 11)\nselect size wavg price by sym from trade",
    "sym| price\n---| -----\na  | 10.75"
);
q!(avg_dict, "d:`a`b!(10 21 3;4 5 6)\navg d", "7 13 4.5");
q!(
    avg_table,
    "t:flip `a`b!(10 21 3;4 5 6)\navg t",
    "a| 11.33333\nb| 5"
);
q!(
    avg_keyed,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 21 3;4 5 6)\navg k",
    "a| 11.33333\nb| 5"
);
q!(
    avgs_table,
    "t:flip `a`b!(10 21 3;4 5 6)\navgs t",
    "a        b\n------------\n10       4\n15.5     4.5\n11.33333 5"
);
q!(
    mavg_keyed,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 21 3;4 5 6)\n2 mavg k",
    "k  | a    b\n---| --------\nabc| 10   4\ndef| 15.5 4.5\nghi| 12   5.5"
);
q!(
    wavg_dict,
    "d:`a`b!(10 21 3;4 5 6)\n1 2 wavg d",
    "6 10.33333 5"
);

// ---- docs/ref/max.md and min.md ----
q!(max_list, "max 2 5 7 1 3", "7");
q!(max_chars, "max \"genie\"", "\"n\"");
q!(max_nulls_ignored, "max 0N 5 0N 1 3", "5");
q!(max_all_null, "max 0N 0N", "-0W");
q!(maxs_list, "maxs 2 5 7 1 3", "2 5 7 7 7");
q!(maxs_chars, "maxs \"genie\"", "\"ggnnn\"");
q!(maxs_initial_nulls, "maxs 0N 5 0N 1 3", "-0W 5 5 5 5");
q!(mmax_list, "3 mmax 2 7 1 3 5 2 8", "2 7 7 7 5 5 8");
q!(mmax_nulls, "3 mmax 0N -3 -2 0N 1 0", "-0W -3 -2 -2 1 1");
q!(min_list, "min 2 5 7 1 3", "1");
q!(min_chars, "min \"genie\"", "\"e\"");
q!(min_nulls_ignored, "min 0N 5 0N 1 3", "1");
q!(min_all_null, "min 0N 0N", "0W");
q!(mins_list, "mins 2 5 7 1 3", "2 2 2 1 1");
q!(mins_chars, "mins \"genie\"", "\"geeee\"");
q!(max_floats, "max 1.5 0n 2.5", "2.5");
q!(max_dates, "max 2000.01.01 2001.01.01", "2001.01.01");
q!(max_syms_type, "max `a`b", "'type");
q!(max_nested, "max (1 2;3 0)", "3 2");
q!(max_table, "max ([]a:1 5 2;b:9 1 3)", "a| 5\nb| 9");

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

// ---- docs/basics/qsql.md ----
q!(
    qsql_call_by_value,
    "t1:t2:([]a:1 2;b:3 4)\nupdate a:neg a from t1\nt1~t2",
    "a  b\n----\n-1 3\n-2 4\n1b"
);
q!(
    qsql_call_by_name,
    "t1:t2:([]a:1 2;b:3 4)\nupdate a:neg a from `t1\nt1~t2",
    "`t1\n0b"
);
q!(
    qsql_join_in_subphrase,
    "tbl:([] id:1 1 2 2 2;val:100 200 300 400 500)\nselect (id,'4),val from tbl",
    "x   val\n-------\n1 4 100\n1 4 200\n2 4 300\n2 4 400\n2 4 500"
);
q!(
    qsql_args_rank,
    "{select from ([]a:0 1;b:2 3) where a=x,b=y}[0;2]",
    "'rank"
);
q!(
    qsql_table_expression_not_masked,
    "{select from y where a=x}[0;([]a:0 1;b:2 3)]",
    "a b\n---\n0 2"
);
q!(
    qsql_explicit_args,
    "{[x;y]select from ([]a:0 1;b:2 3) where a=x,b=y}[0;2]",
    "a b\n---\n0 2"
);
q!(
    qsql_computed_unnamed,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect c1, c3*2 from t",
    "c1 c3\n------\na  2.2\nb  4.4\nc  6.6"
);
q!(
    qsql_computed_named,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect c1, dbl:c3*2 from t",
    "c1 dbl\n------\na  2.2\nb  4.4\nc  6.6"
);
q!(
    qsql_naming_rules,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect c1, c1, 2*c2, c2+c3, string c3 from t",
    "c1 c11 x  c2   c3\n--------------------\na  a   20 11.1 \"1.1\"\nb  b   40 22.2 \"2.2\"\nc  c   60 33.3 \"3.3\""
);
q!(
    qsql_virtual_i,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect i, c1 from t",
    "x c1\n----\n0 a\n1 b\n2 c"
);
q!(
    qsql_where_i,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect from t where i in 0 2",
    "c1 c2 c3\n---------\na  10 1.1\nc  30 3.3"
);
q!(
    qsql_where_bools,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect from t where 101b",
    "c1 c2 c3\n---------\na  10 1.1\nc  30 3.3"
);
q!(
    qsql_where_successive,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect from t where c2>15,c3<3.0",
    "c1 c2 c3\n---------\nb  20 2.2"
);
// The page says this gives the same result as the successive filters
// above (its printed table shows all rows, which contradicts that):
// (c2>15) and c3<3.0 is 010b.
q!(
    qsql_where_and_right_to_left,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect from t where (c2>15) and c3<3.0",
    "c1 c2 c3\n---------\nb  20 2.2"
);
q!(
    qsql_aggregate_by,
    "trade:([]stock:`ibm`bac`usb`ibm`bac;amt:1500 600 815 500 400)\nselect total:sum amt by stock from trade",
    "stock| total\n-----| -----\nbac  | 1000\nibm  | 2000\nusb  | 815"
);
q!(
    qsql_sort_stable,
    "sp:([]s:`s1`s1`s1`s1`s4`s1`s2`s2`s3`s4`s4`s1;p:`p1`p2`p3`p4`p5`p6`p1`p2`p2`p2`p4`p5;qty:300 200 400 200 100 100 300 400 200 200 300 400)\n`p xasc `qty xdesc select from sp where p in `p2`p4`p5",
    "s  p  qty\n---------\ns2 p2 400\ns1 p2 200\ns3 p2 200\ns4 p2 200\ns4 p4 300\ns1 p4 200\ns1 p5 400\ns4 p5 100"
);
q!(qsql_special_sum, "select sum a from ([]a:1 2 3)", "a\n-\n6");
q!(
    qsql_special_wrapped,
    "select {(),sum x}a from ([]a:1 2 3)",
    "a\n-\n6"
);
q!(
    qsql_cond_lambda,
    "u:([]a:raze (\"ref/\";\"kb/\"),\\:/:\"abc\"; b:til 6)\nselect from u where a like {$[x;\"ref/*\";\"kb/*\"]}1b",
    "a       b\n---------\n\"ref/a\" 0\n\"ref/b\" 2\n\"ref/c\" 4"
);
q!(
    qsql_stored_procedure,
    "trade:([]stock:`ibm`bac;amount:500 100)\nf:{[x] x+42}\nselect stock, f amount from trade",
    "stock amount\n------------\nibm   542\nbac   142"
);
q!(
    qsql_parameterized,
    "trade:([]stock:`ibm`bac;time:09:04:59.000 09:05:00.000;amount:500 100)\nmyquery:{[tbl; amt] select stock, time from tbl where amount > amt}\nmyquery[trade; 100]",
    "stock time\n------------------\nibm   09:04:59.000"
);
q!(
    qsql_by_xbar_name,
    "t:([]time:09:01 09:07 09:12;v:1 2 3)\nselect sum v by 5 xbar time from t",
    "time | v\n-----| -\n09:00| 1\n09:05| 2\n09:10| 3"
);
q!(
    qsql_count_i_named_x,
    "t:([]a:1 2 3)\nselect count i from t",
    "x\n-\n3"
);
q!(
    qsql_dup_names,
    "t:([]a:1 2;b:3 4)\nselect a,a by a from t",
    "'dup names for cols/groups a"
);

// ---- docs/basics/debug.md ----
trace!(
    trace_console_line,
    "2+\"hi\"", "'type\n  [0]  2+\"hi\"\n        ^"
);

// ---- docs/ref/cast.md ----
q!(cast_identity, "(\"*\";0h)$1", "1 1");
q!(
    cast_identity_each,
    "(\"*\";0h)$\\:\"2012-02-02\"",
    "\"2012-02-02\"\n\"2012-02-02\""
);
q!(cast_int, "\"i\"$10", "10i");
q!(cast_int_three_ways, "(`int;\"i\";6h)$10", "10 10 10i");
q!(cast_int_rounds, "`int$(neg\\)6.1 6.6", "6  7\n-6 -7");
q!(cast_bool, "1h$(neg\\)1 0 2", "101b\n101b");
q!(cast_time_parts, "`hh`uu`ss$03:55:58.11", "3 55 58i");
q!(
    cast_timestamp_parts,
    "`year`dd`mm`hh`uu`ss$2015.10.28D03:55:58",
    "2015 28 10 3 55 58i"
);
q!(cast_month_parts, "`year`mm$2015.10m", "2015 10i");
q!(
    cast_date_parts,
    "`year`month`mm`dd$2015.10.28",
    "2015i\n2015.10m\n10i\n28i"
);
q!(cast_timespan_parts, "`hh`uu`ss$0D03:55:58", "3 55 58i");
q!(cast_minute_part, "`uu$12:34", "34i");
q!(cast_millis, "\"i\"$12:34:56.789 mod 1000", "789i");
q!(cast_sym_trims, "`$\"   IBM   \"", "`IBM");
q!(cast_short_inf_to_float, "`float$0Wh", "32767f");
q!(cast_infinity_min, "min 0#0", "0W");
// Casts between temporal types keep the part the target can hold
// (datatypes.md: a date is days, a time of day is milliseconds).
q!(
    cast_timestamp_to_date,
    "`date$2015.10.28D03:55:58",
    "2015.10.28"
);
q!(
    cast_timestamp_to_time,
    "`time$2015.10.28D03:55:58.123",
    "03:55:58.123"
);
q!(
    cast_timestamp_to_month,
    "`month$2015.10.28D03:55:58",
    "2015.10m"
);
q!(cast_date_to_month, "`month$2000.03.15", "2000.03m");
q!(
    cast_date_to_timestamp,
    "`timestamp$2000.01.02",
    "2000.01.02D00:00:00.000000000"
);
q!(cast_month_to_date, "`date$2000.03m", "2000.03.01");
q!(cast_second_to_minute, "`minute$12:34:56", "12:34");
q!(cast_time_to_second, "`second$12:34:56.789", "12:34:56");
q!(cast_minute_to_time, "`time$12:34", "12:34:00.000");
q!(
    cast_time_to_timespan,
    "`timespan$12:34:56.789",
    "0D12:34:56.789000000"
);
q!(cast_timespan_to_second, "`second$0D01:02:03.5", "01:02:03");
q!(
    cast_date_to_datetime,
    "`datetime$2000.01.02",
    "2000.01.02T00:00:00.000"
);
q!(
    cast_timestamp_to_datetime,
    "`datetime$2000.01.02D12:00:00",
    "2000.01.02T12:00:00.000"
);
q!(
    cast_datetime_to_date,
    "`date$2000.01.02T12:00:00.000",
    "2000.01.02"
);
q!(cast_date_null, "`timestamp$0Nd", "0Np");
q!(cast_date_to_int, "`int$2000.01.02", "1i");
q!(cast_minute_to_long, "`long$12:00", "720");
q!(cast_long_to_date, "`date$1 2", "2000.01.02 2000.01.03");
q!(cast_long_to_time, "`time$1000", "00:00:01.000");
q!(
    cast_long_to_timestamp,
    "`timestamp$0",
    "2000.01.01D00:00:00.000000000"
);
q!(cast_float_to_long, "`long$2.5 -2.5 1.4", "3 -3 1");
q!(cast_long_to_float, "`float$1 2", "1 2f");
q!(cast_long_to_real, "`real$1", "1e");
q!(cast_long_to_short, "`short$1 2", "1 2h");
q!(cast_char_to_long, "\"j\"$\"a\"", "97");
q!(cast_long_to_char, "\"c\"$97", "\"a\"");
q!(cast_longs_to_chars, "`char$65 66", "\"AB\"");
q!(cast_chars_to_bytes, "`byte$\"ab\"", "0x6162");
q!(cast_bytes_to_chars, "`char$0x6162", "\"ab\"");
q!(cast_longs_to_bools, "`boolean$0 1 2", "011b");
q!(cast_floats_to_bools, "`boolean$0 0.5", "01b");
q!(cast_null_long_to_int, "`int$0N", "0Ni");
q!(cast_null_float_to_long, "`long$0n", "0N");
q!(cast_sym_to_long_type, "`long$`a", "'type");
q!(cast_long_to_sym_type, "`symbol$1", "'type");
q!(cast_letter_s_string, "`$\"abc\"", "`abc");
q!(cast_strings_to_syms, "`$(\"ab\";\"cd\")", "`ab`cd");
q!(cast_char_to_sym, "`$\"a\"", "`a");
q!(cast_dict, "`float$`a`b!1 2", "a| 1\nb| 2");
q!(cast_table, "`float$([]a:1 2)", "a\n-\n1\n2");
q!(cast_bad_name, "`foo$1", "'foo");
q!(cast_list_pairwise, "\"ij\"$(1;2)", "1i\n2");
q!(cast_length, "\"ij\"$1 2 3", "'length");

// ---- docs/ref/tok.md ----
q!(tok_real, "\"E\"$\"3.14\"", "3.14e");
q!(tok_real_short, "-8h$\"3.14\"", "3.14e");
q!(tok_date_iso, "\"D\"$\"2000-12-12\"", "2000.12.12");
q!(tok_minute, "\"U\"$\"12:13:14\"", "12:13");
q!(tok_time_digits, "\"T\"$\"123456789\"", "12:34:56.789");
q!(
    tok_timestamp,
    "\"P\"$\"2015-10-28D03:55:58.6542\"",
    "2015.10.28D03:55:58.654200000"
);
q!(
    tok_each_string,
    "\"BXH\"$(\"42\";\"42\";\"42\")",
    "0b\n0x42\n42h"
);
q!(
    tok_nested,
    "(\"B\";\"XHI\")$(\"42\";(\"42\";\"42\";\"42\"))",
    "0b\n(0x42;42h;42i)"
);
q!(tok_bool_spaces, "\"B\"$\"   Y  \"", "1b");
q!(tok_bool_each, "\"B\"$'\"   Y  \"", "000100b");
q!(tok_sym, "\"S\"$\"hello\"", "`hello");
q!(tok_null_sym, "`$\"hello\"", "`hello");
q!(tok_bool_truthy, "\"B\"$(\" Y \";\"    N \")", "10b");
q!(
    tok_bool_truthy_chars,
    ".Q.an where\"B\"$'.Q.an",
    "\"txyTXY1\""
);
q!(
    cast_bool_chars,
    "\"b\"$\" \",.Q.an",
    "1111111111111111111111111111111111111111111111111111111111111111b"
);
q!(tok_ip, "\"I\"$\"192.168.1.34\"", "-1062731486i");
q!(
    tok_nt_digits,
    "\"NT\"$\\:\"123456123987654\"",
    "0D12:34:56.123987654\n12:34:56.123"
);
q!(
    tok_unix_seconds,
    "\"P\"$\"10129708800\"",
    "2290.12.31D00:00:00.000000000"
);
q!(
    tok_unix_zero,
    "\"P\"$\"00000000000\"",
    "1970.01.01D00:00:00.000000000"
);
q!(
    tok_unix_fraction,
    "\"P\"$\"10129708800.123456789\"",
    "2290.12.31D00:00:00.123456789"
);
q!(
    tok_compact_timestamp,
    "\"PZ\"$\\:\"20191122-11:11:11.123\"",
    "2019.11.22D11:11:11.123000000\n2019.11.22T11:11:11.123"
);
q!(tok_long, "\"J\"$\"42\"", "42");
q!(tok_longs, "\"J\"$(\"1\";\"22\";\"x\")", "1 22 0N");
q!(tok_float, "\"F\"$\"1.5\"", "1.5");
q!(tok_string_identity, "\"*\"$\"abc\"", "\"abc\"");
q!(tok_date_compact, "\"D\"$\"20001212\"", "2000.12.12");
q!(tok_date_dots, "\"D\"$\"2000.12.12\"", "2000.12.12");
q!(tok_date_slashes, "\"D\"$\"2000/12/12\"", "2000.12.12");
q!(tok_date_month_name, "\"D\"$\"12Dec2000\"", "2000.12.12");
q!(tok_month, "\"M\"$\"2000.12\"", "2000.12m");
q!(tok_second, "\"V\"$\"12:13:14\"", "12:13:14");
q!(tok_timespan, "\"N\"$\"0D01:02:03\"", "0D01:02:03.000000000");
q!(
    tok_guid,
    "\"G\"$\"8c680a01-5a49-5aab-5a65-d4bfddb6a661\"",
    "8c680a01-5a49-5aab-5a65-d4bfddb6a661"
);
q!(tok_atom_type, "\"J\"$1", "'type");

// ---- docs/ref/sv.md ----
q!(
    sv_comma,
    "\",\" sv (\"one\";\"two\";\"three\")",
    "\"one,two,three\""
);
q!(
    sv_tab,
    "\"\\t\" sv (\"one\";\"two\";\"three\")",
    "\"one\\ttwo\\tthree\""
);
q!(
    sv_string_sep,
    "\", \" sv (\"one\";\"two\";\"three\")",
    "\"one, two, three\""
);
q!(sv_ip, "\".\" sv string 192 168 1 23", "\"192.168.1.23\"");
q!(
    sv_lines,
    "` sv (\"one\";\"two\";\"three\")",
    "\"one\\ntwo\\nthree\\n\""
);
q!(sv_syms, "` sv `quick`brown`fox", "`quick.brown.fox");
q!(
    sv_syms_via_strings,
    "`$\".\"sv string `quick`brown`fox",
    "`quick.brown.fox"
);
q!(
    sv_file_path,
    "` sv `:/home/kdb/q`data`2010.03.22`trade",
    "`:/home/kdb/q/data/2010.03.22/trade"
);
q!(sv_file_name, "` sv `mywork`dat", "`mywork.dat");
q!(sv_base10, "10 sv 2 3 5 7", "2357");
q!(sv_base100, "100 sv 2010 3 17", "20100317");
q!(sv_mixed_base, "0 24 60 60 sv 2 3 5 7", "183907");
q!(
    sv_baseval,
    "baseval:{y wsum reverse prds 1,reverse 1_x}\nbaseval[0 24 60 60;2 3 5 7]",
    "183907f"
);
q!(sv_bytes_short, "0x0 sv \"x\" $0 255", "255h");
q!(sv_bytes_short_neg, "0x0 sv \"x\" $128 255", "-32513h");
q!(sv_bytes_int, "0x0 sv \"x\" $0 64 128 255", "4227327i");
q!(sv_bytes_long, "0x0 sv \"x\" $til 8", "283686952306183");
q!(sv_base256, "256 sv til 8", "283686952306183");
q!(sv_bits_long, "0b sv 64#1b", "-1");
q!(sv_bits_int, "0b sv 32#1b", "-1i");
q!(sv_bits_short, "0b sv 16#1b", "-1h");
q!(sv_bits_byte, "0b sv 8#1b", "0xff");

// ---- docs/ref/vs.md ----
q!(
    vs_comma,
    "\",\" vs \"one,two,three\"",
    "\"one\"\n\"two\"\n\"three\""
);
q!(
    vs_string_sep,
    "\", \" vs \"spring, summer, autumn, winter\"",
    "\"spring\"\n\"summer\"\n\"autumn\"\n\"winter\""
);
q!(
    vs_empty_field,
    "\"|\" vs \"red|green||blue\"",
    "\"red\"\n\"green\"\n\"\"\n\"blue\""
);
q!(
    vs_lines,
    "` vs \"abc\\ndef\\nghi\"",
    "\"abc\"\n\"def\"\n\"ghi\""
);
q!(
    vs_lines_bytes,
    "` vs \"x\"$\"abc\\ndef\\nghi\"",
    "\"abc\"\n\"def\"\n\"ghi\""
);
q!(
    vs_lines_crlf,
    "` vs \"abc\\r\\ndef\\r\\nghi\"",
    "\"abc\"\n\"def\"\n\"ghi\""
);
q!(
    vs_newline_keeps_trailing,
    "\"\\n\" vs \"abc\\ndef\\nghi\\n\"",
    "\"abc\"\n\"def\"\n\"ghi\"\n\"\""
);
q!(
    vs_lines_elide_trailing,
    "` vs \"abc\\ndef\\nghi\\n\"",
    "\"abc\"\n\"def\"\n\"ghi\""
);
q!(vs_sym_dot, "` vs `mywork.dat", "`mywork`dat");
q!(
    vs_file_handle,
    "` vs `:/home/kdb/data/mywork.dat",
    "`:/home/kdb/data`mywork.dat"
);
q!(vs_bits_short, "0b vs 23173h", "0101101010000101b");
q!(
    vs_bits_long,
    "0b vs 23173",
    "0000000000000000000000000000000000000000000000000101101010000101b"
);
q!(vs_bytes_short, "0x0 vs 2413h", "0x096d");
q!(vs_bytes_int, "0x0 vs 2413i", "0x0000096d");
q!(vs_bytes_real, "0x0 vs 2413e", "0x4516d000");
q!(vs_bytes_float, "0x0 vs 2413f", "0x40a2da0000000000");
q!(vs_base10, "10 vs 1995", "1 9 9 5");
q!(vs_base2, "2 vs 9", "1 0 0 1");
q!(vs_mixed_base, "24 60 60 vs 3805", "1 3 25");
q!(
    vs_matrix,
    "a:10 vs 1995 1996 1997\na\na[;0]",
    "1 1 1\n9 9 9\n9 9 9\n5 6 7\n1 9 9 5"
);
q!(
    vs_nested,
    "10 vs(1995;1996 1997)",
    "1 1 1\n9 9 9\n9 9 9\n5 6 7"
);

// ---- docs/ref/like.md ----
q!(like_single_char, "`quick like \"qu?ck\"", "1b");
q!(like_set, "`brown like \"br[ao]wn\"", "1b");
q!(like_star, "`quickly like \"quick*\"", "1b");
q!(like_plain, "`quick like \"quick\"", "1b");
q!(like_plain_no, "`quick like \"quickish\"", "0b");
q!(like_negated_set, "`brawn`brown like \"br[^o]wn\"", "10b");
q!(
    like_dict,
    "(`a`b`c!`quick`brown`fox)like \"brown\"",
    "a| 0\nb| 1\nc| 0"
);
q!(like_string, "\"quick\" like \"q*\"", "1b");
q!(like_strings, "(\"ab\";\"cd\") like \"a*\"", "10b");

// ---- docs/ref/ss.md ----
q!(
    ss_words,
    "\"We the people of the United States\" ss \"the\"",
    "3 17"
);
q!(ss_plain, "s:\"toronto ontario\"\ns ss \"ont\"", "3 8");
q!(ss_set, "s:\"toronto ontario\"\ns ss \"[ir]o\"", "2 13");
q!(ss_any, "s:\"toronto ontario\"\ns ss \"t?r\"", "0 10");
q!(
    ssr_plain,
    "s:\"toronto ontario\"\nssr[s;\"ont\";\"x\"]",
    "\"torxo xario\""
);
q!(
    ssr_function,
    "s:\"toronto ontario\"\nssr[s;\"t?r\";upper]",
    "\"TORonto onTARio\""
);

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

// ---- docs/ref/string.md ----
q!(string_sym, "string `ibm", "\"ibm\"");
q!(string_long, "string 2", ",\"2\"");
q!(string_lambda, "string {x*x}", "\"{x*x}\"");
q!(string_derived, "string (+/)", "\"+/\"");
q!(
    string_nested,
    "string (2 3;\"abc\")",
    "(,\"2\";,\"3\")\n(,\"a\";,\"b\";,\"c\")"
);
q!(string_chars, "string \"cat\"", ",\"c\"\n,\"a\"\n,\"t\"");
q!(
    string_dict,
    "string `a`b`c!2002 2004 2010",
    "a| \"2002\"\nb| \"2004\"\nc| \"2010\""
);
q!(
    string_table,
    "string ([]a:1 2 3;b:`ibm`goog`aapl)",
    "a    b\n-----------\n,\"1\" \"ibm\"\n,\"2\" \"goog\"\n,\"3\" \"aapl\""
);
// Each type's atom as a string (the text of its console form, without a
// type suffix: datatypes.md).
q!(string_bool, "string 1b", ",\"1\"");
q!(string_byte, "string 0x2a", "\"2a\"");
q!(string_short, "string 42h", "\"42\"");
q!(string_int, "string 42i", "\"42\"");
q!(string_real, "string 1.5e", "\"1.5\"");
q!(string_float, "string 3.25", "\"3.25\"");
q!(string_float_whole, "string 3f", ",\"3\"");
q!(string_char, "string \"a\"", ",\"a\"");
q!(
    string_timestamp,
    "string 2015.10.28D03:55:58.654200000",
    "\"2015.10.28D03:55:58.654200000\""
);
q!(string_month, "string 2015.10m", "\"2015.10\"");
q!(string_date, "string 2015.10.28", "\"2015.10.28\"");
q!(
    string_datetime,
    "string 2015.10.28T03:55:58.654",
    "\"2015.10.28T03:55:58.654\""
);
q!(
    string_timespan,
    "string 0D03:55:58.654200000",
    "\"0D03:55:58.654200000\""
);
q!(string_minute, "string 03:55", "\"03:55\"");
q!(string_second, "string 03:55:58", "\"03:55:58\"");
q!(string_time, "string 03:55:58.654", "\"03:55:58.654\"");
q!(
    string_guid,
    "string \"G\"$\"8c680a01-5a49-5aab-5a65-d4bfddb6a661\"",
    "\"8c680a01-5a49-5aab-5a65-d4bfddb6a661\""
);
q!(string_null_long, "string 0N", "\"\"");
q!(string_null_sym, "string `", "\"\"");
q!(string_inf, "string 0W", "\"0W\"");
q!(string_neg_inf_float, "string -0w", "\"-0w\"");
q!(string_longs, "string 1 22", ",\"1\"\n\"22\"");
q!(string_syms, "string `a`bc", ",\"a\"\n\"bc\"");

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

// ---- docs/ref/lj.md ----
q!(
    lj_basic,
    "x:([]a:1 2 3;b:`I`J`K;c:10 20 30)\ny:([a:1 3;b:`I`K]c:1 2;d:10 20)\nx lj y",
    "a b c  d\n---------\n1 I 1  10\n2 J 20\n3 K 2  20"
);
q!(
    lj_index_keyed,
    "x:([]a:1 2 3;b:`I`J`K;c:10 20 30)\ny:([a:1 3;b:`I`K]c:1 2;d:10 20)\ny[select a,b from x]",
    "c d\n----\n1 10\n\n2 20"
);
q!(
    lj_keyed_left,
    "x:([]a:1 2 3;b:10 20 30)\ny:([]a:1 3;b:100 300)\nr:([]a:1 2 3;b:100 20 300)\n(1!r)~(1!x)lj 1!y",
    "1b"
);
q!(
    lj_unkeyed_right_type,
    "x:([]a:1 2 3;b:10 20 30)\ny:([]a:1 3;b:100 300)\nx lj y",
    "'type"
);
q!(
    lj_nulls_from_right,
    "x:([]a:1 2;b:`x`y;c:10 20)\ny:([a:1 2]b:``z;c:1 0N)\nx lj y",
    "a b c\n-----\n1   1\n2 z"
);
q!(
    ljf_keeps_left_on_null,
    "x:([]a:1 2;b:`x`y;c:10 20)\ny:([a:1 2]b:``z;c:1 0N)\nx ljf y",
    "a b c\n------\n1 x 1\n2 z 20"
);
q!(lj_empty_list, "x:([]a:1 2)\nx lj ()", "a\n-\n1\n2");

// ---- docs/ref/ij.md ----
q!(
    ij_basic,
    "t:([]sym:`IBM`FDP`FDP`FDP`IBM`MSFT;price:0.7029677 0.08378167 0.06046216 0.658985 0.2608152 0.5433888)\ns:([sym:`IBM`MSFT]ex:`N`CME;MC:1000 250)\nt ij s",
    "sym  price     ex  MC\n-----------------------\nIBM  0.7029677 N   1000\nIBM  0.2608152 N   1000\nMSFT 0.5433888 CME 250"
);
q!(
    ij_common_replaced,
    "([] k:1 2 3 4; v:10 20 30 40) ij ([k:2 3 4 5]; v:200 300 400 500;s:`a`b`c`d)",
    "k v   s\n-------\n2 200 a\n3 300 b\n4 400 c"
);
q!(
    ij_nulls_from_right,
    "x:([]a:1 2;b:`x`y;c:10 20)\ny:([a:1 2]b:``z;c:1 0N)\nx ij y",
    "a b c\n-----\n1   1\n2 z"
);
q!(
    ijf_keeps_left_on_null,
    "x:([]a:1 2;b:`x`y;c:10 20)\ny:([a:1 2]b:``z;c:1 0N)\nx ijf y",
    "a b c\n------\n1 x 1\n2 z 20"
);

// ---- docs/ref/uj.md ----
q!(
    uj_mismatch_join,
    "s:([]a:1 2;b:2 3;c:5 7)\nt:([]a:1 2 3;b:2 3 7;c:10 20 30;d:\"ABC\")\ns,t",
    "'mismatch"
);
q!(
    uj_simple,
    "s:([]a:1 2;b:2 3;c:5 7)\nt:([]a:1 2 3;b:2 3 7;c:10 20 30;d:\"ABC\")\ns uj t",
    "a b c  d\n--------\n1 2 5\n2 3 7\n1 2 10 A\n2 3 20 B\n3 7 30 C"
);
q!(
    uj_keyed,
    "s:([]a:1 2;b:2 3;c:5 7)\nt:([]a:1 2 3;b:2 3 7;c:10 20 30;d:\"ABC\")\n(2!s) uj 2!t",
    "a b| c  d\n---| ----\n1 2| 10 A\n2 3| 20 B\n3 7| 30 C"
);
q!(
    uj_keyed_nulls,
    "x:([a:1 2]b:`x`y;c:10 20)\ny:([a:1 2]b:``z;c:1 0N)\nx uj y",
    "a| b c\n-| ---\n1|   1\n2| z"
);

// ---- docs/ref/pj.md ----
q!(
    pj_basic,
    "x:([]a:1 2 3;b:`x`y`z;c:10 20 30)\ny:([a:1 3;b:`x`z]c:1 2;d:10 20)\nx pj y",
    "a b c  d\n---------\n1 x 11 10\n2 y 20 0\n3 z 32 20"
);
q!(
    pj_equivalent,
    "x:([]a:1 2 3;b:`x`y`z;c:10 20 30)\ny:([a:1 3;b:`x`z]c:1 2;d:10 20)\n(x pj y)~x+0^y[`a`b#x]",
    "1b"
);

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

// ---- docs/ref/xgroup.md ----
q!(
    xgroup_two,
    "`a`b xgroup ([]a:0 0 1 1 2;b:`a`a`c`d`e;c:til 5)",
    "a b| c\n---| ---\n0 a| 0 1\n1 c| ,2\n1 d| ,3\n2 e| ,4"
);
q!(
    xgroup_one,
    "sp:([]s:`s1`s1`s2`s2;p:`p1`p2`p1`p2;qty:300 200 300 400)\n`p xgroup sp",
    "p | s     qty\n--| -------------\np1| s1 s2 300 300\np2| s1 s2 200 400"
);
q!(
    xgroup_ungroup,
    "sp:([]s:`s1`s1`s2`s2;p:`p1`p2`p1`p2;qty:300 200 300 400)\nungroup `p xgroup sp",
    "p  s  qty\n---------\np1 s1 300\np1 s2 300\np2 s1 200\np2 s2 400"
);

// ---- docs/ref/ungroup.md ----
q!(
    ungroup_lists,
    "p:((enlist 2);5 7 11;13 17)\nr:((enlist\"A\");\"CDE\";\"FG\")\nt:([]s:`a`b`c;p;q:10 20 30;r)\nungroup t",
    "s p  q  r\n---------\na 2  10 A\nb 5  20 C\nb 7  20 D\nb 11 20 E\nc 13 30 F\nc 17 30 G"
);
q!(
    ungroup_select,
    "sp:([]s:`s1`s1`s1`s2`s2`s4;p:`p1`p3`p5`p1`p2`p4;qty:300 400 400 300 400 300)\nungroup select p,qty by s from sp where qty>200",
    "s  p  qty\n---------\ns1 p1 300\ns1 p3 400\ns1 p5 400\ns2 p1 300\ns2 p2 400\ns4 p4 300"
);

// ---- docs/ref/insert.md ----
q!(
    insert_keyed,
    "x:([a:`x`y];b:10 20)\n`x insert (`z;30)\nx",
    ",2\na| b\n-| --\nx| 10\ny| 20\nz| 30"
);
q!(
    insert_new_table,
    "`tnew insert ([c1:`a`b];c2:10 20)\ntnew",
    "0 1\nc1| c2\n--| --\na | 10\nb | 20"
);
q!(
    insert_existing_key,
    "x:([a:`x`y];b:10 20)\n`x insert (`z;30)\n`x insert (`z;30)",
    ",2\n'insert"
);
q!(
    insert_several,
    "x:([a:`x`y`z];b:10 20 30)\n`x insert (`s`t;40 50)\nx",
    "3 4\na| b\n-| --\nx| 10\ny| 20\nz| 30\ns| 40\nt| 50"
);
q!(
    insert_untyped_columns,
    "u:([] name:(); age:())\n`u insert (`tom`dick;30 40)\nmeta u",
    "0 1\nc   | t f a\n----| -----\nname| s\nage | j"
);
q!(
    insert_wrong_type,
    "t:([]a:1 2;b:`x`y)\n`t insert (1.5;`z)",
    "'type"
);
q!(
    insert_table_row,
    "t:([]a:1 2;b:`x`y)\n`t insert (3;`z)\nt",
    ",2\na b\n---\n1 x\n2 y\n3 z"
);

// ---- docs/ref/upsert.md ----
q!(
    upsert_simple_row,
    "t:([]name:`tom`dick`harry;age:28 29 30;sex:`M)\nt upsert (`dick;49;`M)",
    "name  age sex\n-------------\ntom   28  M\ndick  29  M\nharry 30  M\ndick  49  M"
);
q!(
    upsert_simple_rows,
    "t:([]name:`tom`dick`harry;age:28 29 30;sex:`M)\nt upsert((`dick;49;`M);(`jane;23;`F))",
    "name  age sex\n-------------\ntom   28  M\ndick  29  M\nharry 30  M\ndick  49  M\njane  23  F"
);
q!(
    upsert_by_name_partial_columns,
    "t:([]name:`tom`dick`harry;age:28 29 30;sex:`M)\n`t upsert ([]age:49 23;name:`dick`jane)\nt",
    "`t\nname  age sex\n-------------\ntom   28  M\ndick  29  M\nharry 30  M\ndick  49\njane  23"
);
q!(
    upsert_keyed_record,
    "a:([s:`q`w]r:1 2;u:5 6)\na upsert (`e;30;70)",
    "s| r  u\n-| -----\nq| 1  5\nw| 2  6\ne| 30 70"
);
q!(
    upsert_keyed_records,
    "a:([s:`q`w]r:1 2;u:5 6)\na upsert ((`e;30;70);(`r;40;80))",
    "s| r  u\n-| -----\nq| 1  5\nw| 2  6\ne| 30 70\nr| 40 80"
);
q!(
    upsert_keyed_table,
    "a:([s:`q`w`e]r:1 2 3;u:5 6 7)\na upsert ([s:`e`r`q]r:30 4 10;u:70 8 50)",
    "s| r  u\n-| -----\nq| 10 50\nw| 2  6\ne| 30 70\nr| 4  8"
);
q!(
    upsert_keyed_in_place,
    "a:([s:`q`w`e]r:1 2 3;u:5 6 7)\n`a upsert ([s:`e`r`q]r:30 4 10;u:70 8 50)\na",
    "`a\ns| r  u\n-| -----\nq| 10 50\nw| 2  6\ne| 30 70\nr| 4  8"
);
q!(
    upsert_keyed_update,
    "a:([s:`q`w]r:1 2;u:5 6)\na upsert (`q;9;9)",
    "s| r u\n-| ---\nq| 9 9\nw| 2 6"
);

/// The suppliers-and-parts tables of the reference's `sp.q`, with plain
/// symbols where `sp.q` has enumerations.
macro_rules! sp {
    () => {
        "sp:([]s:`s1`s1`s1`s1`s4`s1`s2`s2`s3`s4`s4`s1;p:`p1`p2`p3`p4`p5`p6`p1`p2`p2`p2`p4`p5;qty:300 200 400 200 100 100 300 400 200 200 300 400)\n\
         p:([p:`p1`p2`p3`p4`p5`p6]name:`nut`bolt`screw`screw`cam`cog;color:`red`green`blue`red`blue`red;weight:12 17 17 14 12 19;city:`london`paris`rome`london`paris`london)\n"
    };
}

// ---- docs/ref/exec.md ----
q!(
    exec_last_record,
    concat!(sp!(), "exec from sp"),
    "s  | `s1\np  | `p5\nqty| 400"
);
q!(
    exec_column,
    concat!(sp!(), "exec qty from sp"),
    "300 200 400 200 100 100 300 400 200 200 300 400"
);
q!(
    exec_named,
    concat!(sp!(), "exec amount:qty from sp"),
    "amount| 300 200 400 200 100 100 300 400 200 200 300 400"
);
q!(
    exec_list_per_column,
    concat!(sp!(), "exec (qty;s) from sp"),
    "300 200 400 200 100 100 300 400 200 200 300 400\ns1  s1  s1  s1  s4  s1  s2  s2  s3  s4  s4  s1"
);
q!(
    exec_dict,
    concat!(sp!(), "exec qty, s from sp"),
    "qty| 300 200 400 200 100 100 300 400 200 200 300 400\ns  | s1  s1  s1  s1  s4  s1  s2  s2  s3  s4  s4  s1"
);
q!(
    exec_by,
    concat!(sp!(), "exec sum qty by s from sp"),
    "s1| 1600\ns2| 700\ns3| 200\ns4| 600"
);
q!(
    exec_by_named_column,
    concat!(sp!(), "exec q:sum qty by s from sp"),
    "  | q\n--| ----\ns1| 1600\ns2| 700\ns3| 200\ns4| 600"
);
q!(
    exec_by_named_group,
    concat!(sp!(), "exec sum qty by s:s from sp"),
    "s |\n--| ----\ns1| 1600\ns2| 700\ns3| 200\ns4| 600"
);
q!(
    exec_by_false,
    concat!(sp!(), "exec qty, s by 0b from sp"),
    "qty s\n------\n300 s1\n200 s1\n400 s1\n200 s1\n100 s4\n100 s1\n300 s2\n400 s2\n200 s3\n200 s4\n300 s4\n400 s1"
);
q!(
    exec_by_both_named,
    concat!(sp!(), "exec q:sum qty by s:s from sp"),
    "s | q\n--| ----\ns1| 1600\ns2| 700\ns3| 200\ns4| 600"
);
q!(
    select_distinct_length,
    "t:([] name:`tom`dick`harry`jack`jill;sex:`m`m`m`m`f;eye:`blue`green`blue`blue`gray)\nselect name, distinct eye from t",
    "'length"
);
q!(
    exec_distinct_column,
    "t:([] name:`tom`dick`harry`jack`jill;sex:`m`m`m`m`f;eye:`blue`green`blue`blue`gray)\nexec name, distinct eye from t",
    "name| `tom`dick`harry`jack`jill\neye | `blue`green`gray"
);
q!(
    exec_distinct,
    concat!(sp!(), "exec distinct s from sp"),
    "`s1`s4`s2`s3"
);

// ---- docs/ref/select.md ----
q!(
    select_minimal,
    "tbl:([] id:1 1 2 2 2;val:100 200 300 400 500)\nselect from tbl",
    "id val\n------\n1  100\n1  200\n2  300\n2  400\n2  500"
);
q!(
    select_columns,
    "t:([] c1:`a`b`c; c2:10 20 30; c3:1.1 2.2 3.3)\nselect c3, c1 from t",
    "c3  c1\n------\n1.1 a\n2.2 b\n3.3 c"
);
q!(
    select_by,
    "k:`a`b`a`b`c\nv:10 20 30 40 50\nselect c2 by c1 from ([]c1:k;c2:v)",
    "c1| c2\n--| -----\na | 10 30\nb | 20 40\nc | ,50"
);
q!(
    select_group_compare,
    "k:`a`b`a`b`c\nv:10 20 30 40 50\nv group k",
    "a| 10 30\nb| 20 40\nc| ,50"
);
q!(
    select_ungroup,
    "k:`a`b`a`b`c\nv:10 20 30 40 50\nungroup select c2 by c1 from ([]c1:k;c2:v)",
    "c1 c2\n-----\na  10\na  30\nb  20\nb  40\nc  50"
);
q!(
    select_by_lists,
    "t:([] name:`tom`dick`harry`jack`jill;sex:`m`m`m`m`f;eye:`blue`green`blue`blue`gray)\nselect name,eye by sex from t",
    "sex| name                 eye\n---| ------------------------------------------\nf  | ,`jill               ,`gray\nm  | `tom`dick`harry`jack `blue`green`blue`blue"
);
q!(
    select_by_two,
    "t:([] name:`tom`dick`harry`jack`jill;sex:`m`m`m`m`f;eye:`blue`green`blue`blue`gray)\nselect name by sex,eye from t",
    "sex eye  | name\n---------| ---------------\nf   gray | ,`jill\nm   blue | `tom`harry`jack\nm   green| ,`dick"
);
q!(
    select_by_last_row,
    "t:([] name:`tom`dick`harry`jack`jill;sex:`m`m`m`m`f;eye:`blue`green`blue`blue`gray)\nselect by sex from t",
    "sex| name eye\n---| ---------\nf  | jill gray\nm  | jack blue"
);
q!(
    select_limit_first,
    "t:([]a:1 2 3 4 5)\nselect[2] from t",
    "a\n-\n1\n2"
);
q!(
    select_limit_last,
    "t:([]a:1 2 3 4 5)\nselect[-2] from t",
    "a\n-\n4\n5"
);
q!(
    select_limit_range,
    "t:([]a:1 2 3 4 5)\nselect[1 2] from t",
    "a\n-\n2\n3"
);
q!(
    select_limit_order,
    "bids:([]sym:`a`a`b`a;size:1 1 1 0;price:3 5 9 4)\nselect[2;>price] from bids where sym=`a,size>0",
    "sym size price\n--------------\na   1    5\na   1    3"
);
q!(
    select_order_asc,
    "t:([]a:3 1 2)\nselect[<a] from t",
    "a\n-\n1\n2\n3"
);
q!(
    select_distinct_rows,
    "t:([]a:1 1 2;b:`x`x`y)\nselect distinct from t",
    "a b\n---\n1 x\n2 y"
);

// ---- docs/ref/update.md ----
q!(
    update_new_column,
    "t:([] name:`tom`dick`harry; age:28 29 35)\nupdate eye:`blue`brown`green from t",
    "name  age eye\n---------------\ntom   28  blue\ndick  29  brown\nharry 35  green"
);
q!(
    update_where,
    "t:([] name:`tom`dick`harry; hair:`fair`dark`fair; eye:`green`brown`gray)\nupdate eye:`blue from t where hair=`fair",
    "name  hair eye\n----------------\ntom   fair blue\ndick  dark brown\nharry fair blue"
);
q!(
    update_where_new_column_nulls,
    "t:([]a:1 2 3)\nupdate b:10 from t where a>1",
    "a b\n----\n1\n2 10\n3 10"
);
q!(
    update_where_wrong_type,
    "t:([]a:1 2 3)\nupdate a:1.5 from t where a>1",
    "'type"
);
q!(
    update_by_aggregate,
    concat!(sp!(), "update avg weight by city from p"),
    "p | name  color weight city\n--| -------------------------\np1| nut   red   15     london\np2| bolt  green 14.5   paris\np3| screw blue  17     rome\np4| screw red   15     london\np5| cam   blue  14.5   paris\np6| cog   red   15     london"
);
q!(
    update_by_uniform,
    concat!(sp!(), "update cumqty:sums qty by s from sp"),
    "s  p  qty cumqty\n----------------\ns1 p1 300 300\ns1 p2 200 500\ns1 p3 400 900\ns1 p4 200 1100\ns4 p5 100 100\ns1 p6 100 1200\ns2 p1 300 300\ns2 p2 400 700\ns3 p2 200 200\ns4 p2 200 300\ns4 p4 300 600\ns1 p5 400 1600"
);
q!(
    update_by_name,
    "t:([]a:1 2)\nupdate b:a*2 from `t\nt",
    "`t\na b\n---\n1 2\n2 4"
);
q!(
    update_keyed,
    "kt:([k:`a`b]v:1 2)\nupdate v:v*10 from kt",
    "k| v\n-| --\na| 10\nb| 20"
);
q!(update_dict, "d:`a`b!1 2\nupdate a:10 from d", "a| 10\nb| 2");

// ---- docs/ref/delete.md ----
q!(
    delete_rows,
    "table: ([] a: `a`b`c; n: 1 2 3)\ndelete from table where a = `c",
    "a n\n---\na 1\nb 2"
);
q!(
    delete_columns,
    "table: ([] a: `a`b`c; n: 1 2 3)\ndelete n from table",
    "a\n-\na\nb\nc"
);
q!(
    delete_dict_entry,
    "d:`a`b`c!til 3\ndelete b from `d\nd",
    "`d\na| 0\nc| 2"
);
q!(
    delete_namespace_object,
    "a:1\n\\v\ndelete a from `.\n\\v",
    ",`a\n`.\n`symbol$()"
);
q!(
    delete_by_name_seed,
    "connections:([]handle:`int$();ip:`int$();user:`$())\n`connections upsert (6i;2130706433i;`user123)\nconnections\ndelete from `connections where handle=6i\nconnections",
    "`connections\nhandle ip         user\n-------------------------\n6      2130706433 user123\n`connections\nhandle ip user\n--------------"
);

// ---- docs/ref/fby.md ----
q!(
    fby_sum,
    "dat:4 9 2 7 0 1 9 2 1 8\ngrp:`a`b`a`b`c`d`c`d`d`a\n(sum;dat) fby grp",
    "14 16 14 16 9 4 9 4 4 14"
);
q!(
    fby_group,
    "dat:4 9 2 7 0 1 9 2 1 8\ngrp:`a`b`a`b`c`d`c`d`d`a\ndat group grp",
    "a| 4 2 8\nb| 9 7\nc| 0 9\nd| 1 2 1"
);
q!(
    fby_without,
    "dat:4 9 2 7 0 1 9 2 1 8\ngrp:`a`b`a`b`c`d`c`d`d`a\n(sum each dat group grp)grp",
    "14 16 14 16 9 4 9 4 4 14"
);
q!(
    fby_chars,
    "dat:2 5 4 1 7\ngrp:\"abbac\"\n(sum;dat) fby grp",
    "3 9 9 3 7"
);
q!(
    fby_first,
    "dat:2 5 4 1 7\ngrp:\"abbac\"\n(first;dat) fby grp",
    "2 5 5 2 7"
);
q!(
    fby_where_avg,
    concat!(sp!(), "select from sp where qty > (avg;qty) fby p"),
    "s  p  qty\n---------\ns2 p2 400\ns4 p4 300\ns1 p5 400"
);
q!(
    fby_where_max,
    concat!(sp!(), "select from sp where qty = (max;qty) fby p"),
    "s  p  qty\n---------\ns1 p1 300\ns1 p3 400\ns1 p6 100\ns2 p1 300\ns2 p2 400\ns4 p4 300\ns1 p5 400"
);
q!(
    fby_table_groups,
    concat!(
        sp!(),
        "update x:0 2 0 1 0 0 0 2 2 2 1 1 from `sp\nselect from sp where qty = (max;qty) fby ([]s;x)"
    ),
    "`sp\ns  p  qty x\n-----------\ns1 p2 200 2\ns1 p3 400 0\ns4 p5 100 0\ns2 p1 300 0\ns2 p2 400 2\ns3 p2 200 2\ns4 p2 200 2\ns4 p4 300 1\ns1 p5 400 1"
);
// The page's lmt column comes from a differently filled sp; with the
// reference sp.q quantities half the total is 800 for s1 and 300 for s4.
// The rows kept are the page's.
q!(
    fby_table_data,
    concat!(
        sp!(),
        "update lmt:0.5*sum qty by s from `sp\nselect from sp where ({exec lmt>=sums qty from x};([]qty;lmt)) fby s"
    ),
    "`sp\ns  p  qty lmt\n-------------\ns1 p1 300 800\ns1 p2 200 800\ns4 p5 100 300\ns2 p1 300 350\ns4 p2 200 300"
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
q!(amend_at_index_error, "@[1 2 3;5;:;0]", "'index");
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
q!(lambda_value, "value {x+y}", "\"{x+y}\"");
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
trace!(
    trace_nested_named,
    "f:{g[x;2#y]}\ng:{a:x*2;a+y}\nf[3;\"hello\"]",
    "'type\n  [2]  g:{a:x*2;a+y}\n                 ^\n  [1]  f:{g[x;2#y]}\n          ^\n  [0]  f[3;\"hello\"]\n       ^"
);
trace!(
    trace_anonymous_inner,
    "f0:{{(\"hi\";x+y)}[x*2;\"there\"]}\nf0[2]",
    "'type\n  [2]  f0@:{(\"hi\";x+y)}\n                   ^\n  [1]  f0:{{(\"hi\";x+y)}[x*2;\"there\"]}\n           ^\n  [0]  f0[2]\n       ^"
);
trace!(
    trace_monadic_call,
    "f:{{x*y}[x;3#x]}\nf `a",
    "'type\n  [2]  f@:{x*y}\n            ^\n  [1]  f:{{x*y}[x;3#x]}\n          ^\n  [0]  f `a\n       ^"
);
trace!(
    trace_anonymous_lambda,
    "{x+y}[1;`a]", "'type\n  [1]  {x+y}\n         ^\n  [0]  {x+y}[1;`a]\n       ^"
);
trace!(
    trace_signal_in_lambda,
    "g:{a:6;b:7;'`TheEnd;c::98}\ng 0",
    "'TheEnd\n  [1]  g:{a:6;b:7;'`TheEnd;c::98}\n                  ^\n  [0]  g 0\n       ^"
);
trace!(trace_name_error, "tnew", "'tnew\n  [0]  tnew\n       ^");
// qsql.md: Cond is not supported inside query templates.
trace!(
    trace_cond_in_query,
    "u:([]a:raze (\"ref/\";\"kb/\"),\\:/:\"abc\"; b:til 6)\nselect from u where a like $[1b;\"ref/*\";\"kb/*\"]",
    "'rank\n  [0]  select from u where a like $[1b;\"ref/*\";\"kb/*\"]\n                                  ^"
);

// ---- q keywords outside q-lite: 'nyi naming the construct ----
q!(nyi_wj, "wj", "'nyi: wj");
q!(nyi_asof, "asof", "'nyi: asof");
q!(nyi_inv, "inv (1 2f;3 4f)", "'nyi: inv");
q!(nyi_mmu, "mmu", "'nyi: mmu");
q!(nyi_lsq, "lsq", "'nyi: lsq");
q!(nyi_hcount, "hcount `:f", "'nyi: hcount");
q!(nyi_hdel, "hdel `:f", "'nyi: hdel");
q!(nyi_read0, "read0 `:f", "'nyi: read0");
q!(nyi_read1, "read1 `:f", "'nyi: read1");
q!(nyi_save, "save `t", "'nyi: save");
q!(nyi_load, "load `t", "'nyi: load");
q!(nyi_file_text, "`:f 0: (\"a\";\"b\")", "'nyi: 0:");
q!(nyi_file_binary, "1:`:f", "'nyi: 1:");
q!(nyi_dynamic_load, "`f 2: (`g;1)", "'nyi: 2:");
q!(nyi_get_file, "get `:f", "'nyi: get from a file");
q!(nyi_set_file, "`:f set 1 2", "'nyi: set to a file");
q!(nyi_parse, "parse \"1+2\"", "'nyi: parse");
q!(nyi_dotq, ".Q.dpft", "'nyi: .Q.dpft");
q!(nyi_dotq_qualified, ".q.wj", "'nyi: .q.wj");
q!(nyi_doth, ".h.htc", "'nyi: .h.htc");
q!(nyi_dotj, ".j.j", "'nyi: .j.j");
q!(nyi_internal, "-17!1", "'nyi: -17!");
q!(nyi_keyword_reserved, "aj:1", "'assign");
q!(undefined_name, "foo", "'foo");
// Keywords q-lite does implement (xrank.md, rand.md, csv in q.k).
q!(xrank_quartiles, "4 xrank til 8", "0 0 1 1 2 2 3 3");
q!(xrank_terciles, "3 xrank 1 37 5 4 0 3", "0 2 2 1 0 1");
q!(rand_type, "type rand 10", "-7h");
q!(rand_from_list, "(rand `a`b`c) in `a`b`c", "1b");
q!(csv_comma, "csv", "\",\"");

// ---- the local parts of /work/shared/seeds (IPC articles) ----
q!(seed_handles_empty, ".z.H~key .z.W", "1b");
q!(seed_serialized_size, "-22!\"2+2\"", "17");
q!(
    seed_connections_table,
    "connections:([]handle:`int$();ip:`int$();user:`$())\nmeta connections",
    "c     | t f a\n------| -----\nhandle| i\nip    | i\nuser  | s"
);
q!(
    seed_po_upsert,
    "connections:([]handle:`int$();ip:`int$();user:`$())\n.z.po:{`connections upsert (.z.w;.z.a;.z.u)}\n.z.po 6i\ncount connections\nexec handle from connections",
    "`connections\n1\n,0i"
);
q!(
    seed_reset_handler,
    ".z.po:{`connections upsert (.z.w;.z.a;.z.u)}\n\\x .z.po\n.z.po",
    "'.z.po"
);
q!(
    seed_pc_delete,
    "connections:([]handle:`int$();ip:`int$();user:`$())\n`connections upsert (6i;2130706433i;`user123)\n.z.pc:{delete from `connections where handle=x}\n.z.pc 6i\ncount connections",
    "`connections\n`connections\n0"
);
q!(
    seed_pw_blacklist,
    "blacklist:`user123\n.z.pw:{[user;pass] $[user in blacklist;0b;1b]}\n.z.pw[`user123;\"x\"]\n.z.pw[`bob;\"x\"]",
    "0b\n1b"
);
q!(
    seed_pg_tracker_length,
    "query_tracker:([]time:`timestamp$();user:`$();query:())\n.z.pg:{[x]`query_tracker upsert (.z.p;.z.u;.z.u;x);value x}\n.z.pg \"2+2\"",
    "'length"
);
q!(
    seed_pg_tracker_fixed,
    "query_tracker:([]time:`timestamp$();user:`$();query:())\n.z.pg:{[x]`query_tracker upsert (.z.p;.z.u;x);value x}\n.z.pg \"2+2\"\ncount query_tracker\nexec query from query_tracker",
    "4\n1\n\"2+2\""
);
q!(
    seed_value_string_dict,
    "value \"`a`b`c!1 2 3\"",
    "a| 1\nb| 2\nc| 3"
);
q!(seed_value_dict, "value `a`b`c!1 2 3", "1 2 3");
q!(seed_system_sleep, "system \"sleep 0\"", "");
q!(seed_port_unset, "\\p", "0i");
q!(
    seed_pw_permitted,
    "permittedusers:`abc`xyz`pqr\n.z.pw:{[u;p] (u in permittedusers) and (p~\"pass\")}\n.z.pw[`abc;\"pass\"]\n.z.pw[`abc;\"x\"]\n.z.pw[`bob;\"pass\"]",
    "1b\n0b\n0b"
);
q!(
    seed_handle_symbol,
    "h1: `:localhost:1234\nh1",
    "`:localhost:1234"
);
q!(seed_write_stdout, "neg[1]\"hi\"", "hi\n-1");
q!(seed_write_stdout_one, "1 \"hi\\n\";", "hi");

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

// ---- docs/basics/precision.md ----
q!(tol_sum_sevenths, "r7:1%7\n1.0=sum 7#r7", "1b");
q!(tol_strict_zero, "r7:1%7\n0=1.0-sum 7#r7", "0b");
q!(tol_thirds, "r3:1%3\n1=r3+r3+r3\n0=1-r3+r3+r3", "1b\n1b");
q!(
    tol_equal_close,
    "96.100000000000009 = 96.099999999999994\n0=96.100000000000009-96.099999999999994",
    "1b\n0b"
);
q!(
    tol_differ,
    "differ 96.100000000000009 96.099999999999994",
    "10b"
);
q!(
    tol_find_exact,
    "96.100000000000009 96.099999999999994 ? 96.099999999999994",
    "1"
);
q!(
    tol_not_transitive,
    "a:96.099999999999994\nb:96.10000000001\nc:96.10000000002\n(a=b;b=c;a=c)",
    "110b"
);
q!(tol_large_apart, "a:1e12\na=a-1", "0b");
q!(tol_large_equal, "a:1e13\na=a-1\n0=a-(a-1)", "1b\n0b");
q!(tol_accumulate, "x:0\ndo[1000;x+:.001]\nx=1", "1b");
q!(tol_match, "a:1f\nb:a-10 xexp -13\n(a=b;a~b;a>b)", "110b");
q!(tol_floor_exact, "a:1f\nb:a-10 xexp -13\nfloor b", "0");
q!(tol_find_strict, "a:1f\nb:a-10 xexp -13\n(a,a)?b", "2");
q!(
    tol_except_strict,
    "a:1f\nb:a-10 xexp -13\n(a,a) except b",
    "1 1f"
);
q!(
    tol_distinct_strict,
    "a:1f\nb:a-10 xexp -13\ncount distinct a,b",
    "2"
);
q!(tol_iasc_strict, "a:1f\nb:a-10 xexp -13\niasc a,b", "1 0");
q!(
    tol_datetime,
    "a:2000.01.02 + sum 1000#1%86400\nb:2000.01.02T00:16:40.000\n(a=b;0=a-b)",
    "10b"
);

// ---- docs/ref/deltas.md, ratios ----
q!(ratios_floats, "ratios 1 2 8", "1 2 4f");
q!(deltas_longs, "deltas 1 4 9", "1 3 5");
q!(like_char_atom, "\"a\" like \"a\"", "1b");
// errors.md: the example of 'nyi.
q!(like_double_star_nyi, "\"a\"like\"**\"", "'nyi");

// ---- docs/basics/funsql.md ----
macro_rules! funsql_t {
    () => {
        "t:([]n:`x`y`x`z`z`y;p:0 15 12 20 25 14)\n"
    };
}
q!(
    funsql_template,
    concat!(
        funsql_t!(),
        "select m:max p,s:sum p by name:n from t where p>0,n in `x`y"
    ),
    "name| m  s\n----| -----\nx   | 12 12\ny   | 15 29"
);
q!(
    funsql_select,
    concat!(
        funsql_t!(),
        "c: ((>;`p;0);(in;`n;enlist `x`y))\nb: (enlist `name)!enlist `n\na: `m`s!((max;`p);(sum;`p))\n?[t;c;b;a]"
    ),
    "name| m  s\n----| -----\nx   | 12 12\ny   | 15 29"
);
q!(
    funsql_select_all,
    concat!(funsql_t!(), "(select from t)~?[t;();0b;()]"),
    "1b"
);
q!(
    funsql_exec_column,
    concat!(funsql_t!(), "?[t;();();`n]"),
    "`x`y`x`z`z`y"
);
q!(
    funsql_exec_dict,
    concat!(funsql_t!(), "?[t;();();`n`p!`n`p]"),
    "n| x y  x  z  z  y\np| 0 15 12 20 25 14"
);
q!(
    funsql_exec_by,
    concat!(funsql_t!(), "?[t;();`n;`p]"),
    "x| 0  12\ny| 15 14\nz| 20 25"
);
q!(
    funsql_exec_by_template,
    concat!(funsql_t!(), "exec p by n from t"),
    "x| 0  12\ny| 15 14\nz| 20 25"
);
q!(
    funsql_simple_exec,
    "t:([]a:1 2 3;b:4 5 6;c:7 9 0)\n?[t;0 1 2;`a]\n?[t;0 1 2;`b]\n?[t;0 1 2;(last;`a)]\n?[t;0 1;(last;`a)]\n?[t;0 1 2;(*;(min;`a);(avg;`c))]",
    "1 2 3\n4 5 6\n3\n2\n5.333333"
);
q!(
    funsql_update_template,
    concat!(funsql_t!(), "update p:max p by n from t where p>0"),
    "n p\n----\nx 0\ny 15\nx 12\nz 25\nz 25\ny 15"
);
q!(
    funsql_update,
    concat!(
        funsql_t!(),
        "c: enlist (>;`p;0)\nb: (enlist `n)!enlist `n\na: (enlist `p)!enlist (max;`p)\n![t;c;b;a]"
    ),
    "n p\n----\nx 0\ny 15\nx 12\nz 25\nz 25\ny 15"
);
q!(
    funsql_delete_column,
    "t:([]c1:`a`b`c;c2:`x`y`z)\n![t;();0b;enlist `c2]",
    "c1\n--\na\nb\nc"
);
q!(
    funsql_delete_rows,
    "t:([]c1:`a`b`c;c2:`x`y`z)\n![t;enlist (=;`c2; enlist `y);0b;`symbol$()]",
    "c1 c2\n-----\na  x\nc  z"
);
q!(
    funsql_by_name,
    "t:([]a:1 2 3)\n![`t;();0b;(enlist `b)!enlist (*;`a;2)]\nt",
    "`t\na b\n---\n1 2\n2 4\n3 6"
);
// eval.md: a parse tree applies its first item to the rest; a symbol is
// a name; a one-item list quotes its item.
q!(eval_tree_apply, "eval (+;1;2)", "3");
q!(eval_tree_name, "a:10\neval (*;`a;2)", "20");
q!(eval_tree_quote, "eval enlist `a", "`a");

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
q!(value_projection, "value +[2]", "+\n2");
q!(value_derived, "f:,/:\\:\nvalue f", ",/:");
q!(value_operators, "value each (::;+;-;*;%)", "0 1 2 3 4");
q!(get_string, "get \"2+3\"", "5");

// ---- docs/ref/key.md ----
q!(key_dict, "D:`q`w`e!(1 2;3 4;5 6)\nkey D", "`q`w`e");
q!(key_dict_by_name, "D:`q`w`e!(1 2;3 4;5 6)\nkey `D", "`q`w`e");
q!(
    key_keyed_table,
    "K:([s:`q`w`e]g:1 2 3;h:4 5 6)\nkey K",
    "s\n-\nq\nw\ne"
);
q!(key_undefined_name, "()~key`a", "1b");
q!(key_defined_name, "a:1\nkey`a", "`a");
q!(
    key_vector_types,
    "key each (\"abc\";101b;1 2 3h;1 2 3i;1 2 3;1 2 3f)",
    "`char`boolean`short`int`long`float"
);
q!(key_empty_vector_type, "key 0#5", "`long");
q!(key_enumeration, "ids:`a`b`c\nx:`ids$`a`c\nkey x", "`ids");
q!(key_til, "key 10", "0 1 2 3 4 5 6 7 8 9");

// ---- docs/ref/meta.md ----
q!(
    meta_table,
    "trade:([]time:09:30:00.000 09:31:00.000;sym:`a`b;price:1.5 2.5;size:100 200i)\nmeta trade\nmeta `trade",
    "c    | t f a\n-----| -----\ntime | t\nsym  | s\nprice| f\nsize | i\nc    | t f a\n-----| -----\ntime | t\nsym  | s\nprice| f\nsize | i"
);
q!(
    meta_sorted_attr,
    "trade:([]time:09:30:00.000 09:31:00.000;sym:`b`a;price:1.5 2.5;size:100 200i)\n`sym xasc`trade;\nmeta trade",
    "c    | t f a\n-----| -----\ntime | t\nsym  | s   s\nprice| f\nsize | i"
);
q!(
    meta_atomic_list,
    "u:([] code:`F1; vr:(enlist 2.3))\nu\nmeta u",
    "code vr\n--------\nF1   2.3\nc   | t f a\n----| -----\ncode| s\nvr  | f"
);
q!(
    meta_nested_list,
    "v:([] code:`F2; vr:(enlist (5.4; 43.2)))\nv\nmeta v",
    "code vr\n-------------\nF2   5.4 43.2\nc   | t f a\n----| -----\ncode| s\nvr  | F"
);

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
q!(error_stype, "'42", "'stype");
q!(error_type, "til 2.2", "'type");
q!(error_insert, "t:([k:0 1]a:2 3)\n`t insert(0;3)", "'insert");
q!(error_value_name, "x", "'x");
q!(error_index_amend, "x:1 2 3\nx[5]:1", "'index");
q!(error_signal_symbol, "'`custom", "'custom");
q!(
    error_signal_string,
    "'\"custom message\"",
    "'custom message"
);
q!(error_trapped, "@[{'`oops};0;{x}]", "\"oops\"");

// ---- docs/ref/div.md ----
q!(div_atom, "7 div 3", "2");
q!(div_list, "7 div 2 3 4", "3 2 1");
q!(
    div_floats_table,
    "-7 7 div/:\\:-2.5 -2 2 2.5",
    "2  3  -4 -3\n-3 -4 3  2"
);
q!(div_float_first, "7f div 2", "3f");
q!(div_int_first, "6i div 4", "1i");
q!(div_date, "2014.10.13 div 365", "2000.01.15");
q!(div_short_int, "7h div 3", "2i");
q!(div_byte_int, "0x80 div 16", "8i");
q!(div_nested, "(10;20 30)div(3 4; -5)", "3  2\n-4 -6");
q!(
    div_dict,
    "d:`a`b!(10 -21 3;4 5 -6)\nd div 5",
    "a| 2 -5 0\nb| 0 1  -2"
);
q!(
    div_keyed,
    "kt:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 -21 3;4 5 -6)\nkt div 5",
    "k  | a  b\n---| -----\nabc| 2  0\ndef| -5 1\nghi| 0  -2"
);

// ---- docs/ref/mod.md ----
q!(mod_list, "-3 -2 -1 0 1 2 3 4 mod 3", "0 1 2 0 1 2 0 1");
q!(mod_divisors, "7 mod 2 3 4", "1 1 3");
q!(
    mod_floats_table,
    "-7 7 mod/:\\:-2.5 -2 2 2.5",
    "-2   -1 1 0.5\n-0.5 -1 1 2"
);
q!(mod_nested, "(10;20 30)mod(7 13;-12)", "3  10\n-4 -6");
q!(
    mod_dict,
    "d:`a`b!(10 -21 3;4 5 -6)\nd mod 5",
    "a| 0 4 3\nb| 4 0 4"
);
q!(
    mod_dict_right,
    "d:`a`b!(10 -21 3;4 5 -6)\n5 mod d",
    "a| 5 -16 2\nb| 1 0   -1"
);
q!(
    mod_keyed,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 -21 3;4 5 -6)\nk mod 5",
    "k  | a b\n---| ---\nabc| 0 4\ndef| 4 0\nghi| 3 4"
);

// ---- docs/ref/xbar.md ----
q!(
    xbar_ints,
    "3 xbar til 16",
    "0 0 0 3 3 3 6 6 6 9 9 9 12 12 12 15"
);
// The page prints 0 0 0 2.5 2.5 2.5 5 5 5 ..., which breaks its own rule
// (5 is a multiple of 2.5); rounding down to multiples of 2.5 gives this.
q!(
    xbar_float,
    "2.5 xbar til 16",
    "0 0 0 2.5 2.5 5 5 5 7.5 7.5 10 10 10 12.5 12.5 15"
);
q!(
    xbar_minutes,
    "5 xbar 11:00 + 0 2 3 5 7 11 13",
    "11:00 11:00 11:00 11:05 11:05 11:10 11:10"
);
q!(xbar_quarter, "`date$3 xbar `month$2019.11.19", "2019.10.01");
q!(
    xbar_next_quarter,
    "`date$3+3 xbar `month$2019.11.19",
    "2020.01.01"
);
q!(
    xbar_quarter_end,
    "-1+`date$3+3 xbar `month$2019.11.19",
    "2019.12.31"
);
q!(xbar_nested, "(3;4 5)xbar(10;20 -30)", "9\n20 -30");
q!(
    xbar_dict,
    "d:`a`b!(10 -21 3;4 5 -6)\n3 xbar d",
    "a| 9 -21 3\nb| 3 3   -6"
);
q!(
    xbar_keyed,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 -21 3;4 5 -6)\n3 xbar k",
    "k  | a   b\n---| ------\nabc| 9   3\ndef| -21 3\nghi| 3   -6"
);
q!(
    xbar_bars_query,
    "trade:([]time:09:31:00.000 09:35:00.000 09:41:00.000;sym:`IBM;price:55.1 55.32 54.99;size:100 200 300)\nselect last price, sum size by 10 xbar time.minute from trade where sym=`IBM",
    "minute| price size\n------| ----------\n09:30 | 55.32 300\n09:40 | 54.99 300"
);
q!(
    xbar_bin_groups,
    "x:`s#10:00+00:00 00:08 00:13\nselect count i by x x bin time.minute from ([]time:10:00:00 10:05:00 10:09:00 10:20:00)",
    "minute| x\n------| -\n10:00 | 2\n10:08 | 1\n10:13 | 1"
);

// ---- docs/ref/divide.md ----
q!(divide_longs, "2%3", "0.6666667");
q!(
    divide_projection,
    "halve:%[;2]\nhalve til 5",
    "0 0.5 1 1.5 2"
);
q!(divide_chars, "\"z\"%\"a\"", "1.257732");
q!(divide_bools, "1b%0b", "0w");
q!(
    divide_timespans,
    "00:00:10.000000000 % 00:00:05.000000000",
    "2f"
);
q!(divide_dates, "2010.01.01 % 2005.01.01", "1.999453");
q!(
    divide_dates_as_ints,
    "(%/)\"i\"$2010.01.01 2005.01.01",
    "1.999453"
);
q!(divide_nested, "(10;20 30)%(2;3 4)", "5f\n6.666667 7.5");
q!(
    divide_dict,
    "d:`a`b!(10 -21 3;4 5 -6)\nd%2",
    "a| 5 -10.5 1.5\nb| 2 2.5   -3"
);
q!(
    divide_dict_upsert,
    "d:`a`b!(10 -21 3;4 5 -6)\nd%`b`c!(10 20 30;1000*1 2 3)",
    "a| 10   -21  3\nb| 0.4  0.25 -0.2\nc| 1000 2000 3000"
);
q!(
    divide_table,
    "t:flip `a`b!(10 -21 3;4 5 -6)\nt%100",
    "a     b\n-----------\n0.1   0.04\n-0.21 0.05\n0.03  -0.06"
);
q!(
    divide_keyed,
    "k:`k xkey update k:`abc`def`ghi from t:flip d:`a`b!(10 -21 3;4 5 -6)\nk%k",
    "k  | a b\n---| ---\nabc| 1 1\ndef| 1 1\nghi| 1 1"
);
q!(divide_by_zero, "1 -1 0%0", "0w -0w 0n");

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

// ---- docs/ref/enkey.md ----
q!(
    enkey_two,
    "t:([]a:1 2 3;b:10 20 30;c:`x`y`z)\n2!t",
    "a b | c\n----| -\n1 10| x\n2 20| y\n3 30| z"
);
q!(
    unkey_table,
    "t:([a:1 2 3]b:10 20 30;c:`x`y`z)\n0!t",
    "a b  c\n------\n1 10 x\n2 20 y\n3 30 z"
);
q!(
    unkey_by_name,
    "t:([a:1 2 3]b:10 20 30;c:`x`y`z)\n0!`t\nt",
    "`t\na b  c\n------\n1 10 x\n2 20 y\n3 30 z"
);
q!(
    enkey_by_name,
    "t:([]a:1 2 3;b:10 20 30)\n1!`t\nkeys t",
    "`t\n,`a"
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

// ---- docs/ref/aj.md ----
q!(
    aj_basic,
    "t:([]time:10:01:01 10:01:03 10:01:04;sym:`msft`ibm`ge;qty:100 200 150)\nq:([]time:10:01:00 10:01:00 10:01:00 10:01:02;sym:`ibm`msft`msft`ibm;px:100 99 101 98)\naj[`sym`time;t;q]",
    "time     sym  qty px\n---------------------\n10:01:01 msft 100 101\n10:01:03 ibm  200 98\n10:01:04 ge   150"
);
q!(
    aj0_right_time,
    "t:([]time:10:01:01 10:01:03 10:01:04;sym:`msft`ibm`ge;qty:100 200 150)\nq:([]time:10:01:00 10:01:00 10:01:00 10:01:02;sym:`ibm`msft`msft`ibm;px:100 99 101 98)\nexec time from aj0[`sym`time;t;q]",
    "10:01:00 10:01:02 10:01:04"
);
q!(
    ajf_fills_from_left,
    "t0:([]time:2#00:00:01;sym:`a`b;p:1 1;n:`r`s)\nt1:([]time:2#00:00:01;sym:`a`b;p:0 1)\nt2:([]time:2#00:00:00;sym:`a`b;p:1 0N;n:`r`s)\nt0~ajf[`sym`time;t1;t2]",
    "1b"
);
q!(
    aj_nulls_from_right,
    "t1:([]time:2#00:00:01;sym:`a`b;p:0 1)\nt2:([]time:2#00:00:00;sym:`a`b;p:1 0N;n:`r`s)\nexec p from aj[`sym`time;t1;t2]",
    "1 0N"
);

// ---- docs/ref/ej.md ----
q!(
    ej_sym,
    "t:([]sym:`IBM`FDP`FDP`FDP`IBM`MSFT;price:0.7029677 0.08378167 0.06046216 0.658985 0.2608152 0.5433888)\ns:([]sym:`IBM`MSFT;ex:`N`CME;MC:1000 250)\nej[`sym;s;t]",
    "sym  price     ex  MC\n-----------------------\nIBM  0.7029677 N   1000\nIBM  0.2608152 N   1000\nMSFT 0.5433888 CME 250"
);
q!(
    ej_duplicates_from_right,
    "t1:([] k:1 2 3 4; c:10 20 30 40)\nt2:([] k:2 2 3 4 5; c:200 222 300 400 500; v:2.2 22.22 3.3 4.4 5.5)\nej[`k;t1;t2]",
    "k c   v\n-----------\n2 200 2.2\n2 222 22.22\n3 300 3.3\n4 400 4.4"
);

// ---- docs/basics/exposed-infrastructure.md (unary forms) ----
// A primitive written before its argument takes its unary form.
q!(prefix_neg, "x:3\n-x", "-3");
q!(prefix_count, "#1 2 3", "3");
q!(prefix_first, "*1 2", "1");
q!(prefix_type, "@1 2", "7h");
q!(prefix_reverse, "|1 2 3", "3 2 1");
q!(prefix_where, "&01011b", "1 3 4");
q!(prefix_group, "=`a`b`a", "a| 0 2\nb| ,1");
q!(prefix_distinct, "?1 1 2", "1 2");
q!(prefix_til, "!3", "0 1 2");
q!(prefix_enlist, ",5", ",5");
q!(prefix_reciprocal, "%4", "0.25");
q!(prefix_null, "^1 0N", "01b");
q!(prefix_not, "~1 0", "01b");
q!(prefix_string, "$`abc", "\"abc\"");
q!(prefix_floor, "_2.5", "2");
q!(prefix_flip, "+(1 2;3 4)", "1 3\n2 4");
q!(prefix_value, ". \"1+1\"", "2");
q!(prefix_in_lambda, "f:{-x}\nf 2", "-2");
