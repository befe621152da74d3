//! Casts and text: `$` casts and parsing (tok), `sv`, `vs`, `like`, `ss`, `string`.

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

// ---- docs/basics/implicit-iteration.md, docs/basics/glossary.md ----
// like iterates one level through a general list: each item is a string
// or symbol; ssr's text is a string, not a char atom.
q!(
    like_iterates_one_level,
    "(\"hat\";`hit;\"hot\") like \"h?t\"\n(`hat;`hit`hot) like \"h?t\"",
    "111b\n'type"
);
q!(
    ssr_text_is_a_string,
    "ssr[\"banana\";\"an\";\"-\"]\nssr[\"b\";\"b\";\"-\"]",
    "\"b--a\"\n'type"
);
