//! Arithmetic and aggregates: `+ - * %`, `div`, `mod`, `xbar`, `sum`, `avg`, `max`, `min`, `deltas`, `ratios`, and comparison tolerance.

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
q!(
    moving_extremes_of_guids_and_symbols_are_type_errors,
    "@[1 mmax;enlist 0Ng;{x}]\n@[2 mmin;`a`b;{x}]\n@[1 mmax;`a`b;{x}]",
    "\"type\"\n\"type\"\n\"type\""
);
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

// Long with float widens each long as it goes: nulls become float nulls
// and long infinities their float values, on either side.
q!(long_vector_times_float, "2.5*1 2 0N", "2.5 5 0n");
q!(float_minus_long_vector, "0.5-1 0N 3", "-0.5 0n -2.5");
q!(long_vector_lesser_float, "1 0N 3&2.5", "1 0n 2.5");
q!(long_infinity_widened, "0W*1f", "9.223372e+18");

// ---- docs/ref/exp.md: xexp is exp y * log x ----
q!(
    xexp_through_logarithms,
    "\\P 0\n2 xexp 3\nexp 3 * log 2\n\\P 7\n-2 2 xexp .5\n1.5 xexp -4.2 0 0.1 0n 0w\n7 xexp 0",
    "7.9999999999999982\n7.9999999999999982\n0n 1.414214\n0.1821448 1 1.04138 0n 0w\n1f"
);

// ---- docs/ref/deltas.md, ratios.md: the first item keeps x's type ----
q!(
    deltas_keep_the_type_of_the_list,
    "deltas 1 2 4i\ndeltas 0 1 1 0b\nratios 1 2 4\ndeltas 1 4 9 16\ndeltas 2010.01.01 2010.01.05\n+':[1 2 4i]\ndeltas enlist 5\ndeltas 0N 1 3",
    "1 1 2i\n0 1 0 -1i\n1 2 2f\n1 3 5 7\n2010.01.01\n4i\n1 3 6i\n,5\n0N 0N 2"
);

// ---- docs/ref/med.md: the middle item, or the mean of the middle two ----
q!(
    median_by_selection,
    "med 3 1 2\nmed 4 1 3 2\nmed 0n 1 5 2\nmed -0w 0w 1\nx:1000 ? 100.0\n(med x)=.5*sum (asc x) 499 500",
    "2f\n2.5\n2f\n1f\n1b"
);

// ---- docs/ref/all-any.md: flags; a list of lists combines item by item ----
q!(
    any_and_all_of_lists_combine_item_by_item,
    "any enlist 1010b\nany (1010b;0101b)\nall (1010b;0111b)\nany 0101b\nall 1101b\nall `long$()\nany 0 0f\nall \" \\000\"\np:{$[x<4;enlist 2;r,1_where not any x#'not til each r:p ceiling sqrt x]}\np 30",
    "1010b\n1111b\n0010b\n1b\n0b\n1b\n0b\n0b\n2 3 5 7 11 13 17 19 23 29"
);

// Two atoms between a verb are computed straight away: the same answers,
// nulls, infinities and types as the general path.
q!(
    atom_pairs_in_a_loop,
    "{[n] i:0; do[n; i:i+1]; i} 1000\n(0N+1;0W+1;7%2;3&2.5;2|1;-0W-1;0n*2;1.5-1)",
    "1000\n0N\n0N\n3.5\n2.5\n2\n0N\n0n\n0.5"
);
