//! `.j` (JSON), `.h` (markup helpers), `parse` and `eval` of parse trees.

// ---- docs/ref/j.md ----
q!(
    j_dict,
    ".j.j `a`b!(0 1;(\"hello\";\"world\"))",
    "\"{\\\"a\\\":[0,1],\\\"b\\\":[\\\"hello\\\",\\\"world\\\"]}\""
);
q!(
    j_table,
    ".j.j ([]a:1 2;b:`Greetings`Earthlings)",
    "\"[{\\\"a\\\":1,\\\"b\\\":\\\"Greetings\\\"},{\\\"a\\\":2,\\\"b\\\":\\\"Earthlings\\\"}]\""
);
q!(
    j_infinities,
    ".j.j -0w 0 1 2 3 0w",
    "\"[-inf,0,1,2,3,inf]\""
);
q!(
    jd_empty_options,
    ".j.jd(-0w 0 1 2 3 0w;()!())",
    "\"[-inf,0,1,2,3,inf]\""
);
q!(
    jd_null0w,
    ".j.jd(-0w 0 1 2 3 0w;`null0w!1b)",
    "\"[null,0,1,2,3,null]\""
);
q!(
    k_dict,
    ".j.k \"{\\\"a\\\":[0,1],\\\"b\\\":[\\\"hello\\\",\\\"world\\\"]}\"",
    "a| 0       1      \nb| \"hello\" \"world\""
);
q!(
    k_round_trip_table,
    "b:.j.j a:([]a:1 2;b:`Greetings`Earthlings)\n.j.k b",
    "a b           \n--------------\n1 \"Greetings\" \n2 \"Earthlings\""
);
// j.md: numbers read as floats, strings as strings, true/false as
// booleans, null as the float null.
q!(k_numbers_are_floats, ".j.k \"[1,2,null]\"", "1 2 0n");
q!(k_booleans, ".j.k \"[true,false]\"", "10b");
q!(k_string, ".j.k \"\\\"a\\\"\"", ",\"a\"");
q!(k_atom, "type .j.k \"1.5\"", "-9h");
q!(k_escapes, ".j.k \"\\\"a\\\\tb\\\\u0041\\\"\"", "\"a\\tbA\"");
q!(k_bad_text, ".j.k \"[1,\"", "'length");
q!(k_not_text, ".j.k 1", "'type");
// Atoms as `string` shows them, temporal values with the date's dots as dashes.
q!(j_booleans, ".j.j 101b", "\"[true,false,true]\"");
q!(
    j_nulls,
    ".j.j (0N;0n;`;::)",
    "\"[null,null,\\\"\\\",null]\""
);
q!(j_date, ".j.j 2020.01.02", "\"\\\"2020-01-02\\\"\"");
q!(
    j_escape,
    ".j.j \"a\\tb\\\"\"",
    "\"\\\"a\\\\tb\\\\\\\"\\\"\""
);
// `.j.j` writes floats as `string` does, so `\P` sets their digits.
q!(j_precision, ".j.j 3.14159265358979", "\"3.141593\"");
q!(
    j_precision_p0,
    "\\P 0\n.j.j 3.14159265358979",
    "\"3.14159265358979\""
);
q!(j_empty, ".j.j ()", "\"[]\"");
q!(jd_not_pair, ".j.jd 1", "'type");

// ---- docs/ref/doth.md ----
q!(htc, ".h.htc[`p;\"blah\"]", "\"<p>blah</p>\"");
q!(
    htac,
    "\\c 25 200\n.h.htac[`a;(`href`target)!(\"http://www.example.com\";\"_blank\");\"Example.com Main Page\"]",
    "\"<a href=\\\"http://www.example.com\\\" target=\\\"_blank\\\">Example.com Main Page</a>\""
);
q!(
    hta,
    ".h.hta[`a;(`href`target)!(\"http://www.example.com\";\"_blank\")]",
    "\"<a href=\\\"http://www.example.com\\\" target=\\\"_blank\\\">\""
);
// A string address is quoted in the tag; a symbol's is written bare.
q!(
    ha_string,
    ".h.ha[\"docs/a b.html\";\"the page\"]",
    "\"<a href=\\\"docs/a b.html\\\">the page</a>\""
);
q!(
    ha_symbol,
    ".h.ha[`index.html;\"home\"]",
    "\"<a href=index.html>home</a>\""
);
q!(
    hb_string,
    ".h.hb[\"n.txt\";\"notes\"]",
    "\"<a target=v href=\\\"n.txt\\\">notes</a>\""
);
q!(
    hb_symbol,
    ".h.hb[`n.txt;\"notes\"]",
    "\"<a target=v href=n.txt>notes</a>\""
);
q!(
    hu,
    ".h.hu \"http://www.kx.com\"",
    "\"http%3a%2f%2fwww.kx.com\""
);
// doth.md: .h.hu keeps the URI-safe chars of .h.sc.
q!(hu_safe, ".h.hu \"a b(c)\"", "\"a%20b(c)\"");
q!(
    uh,
    ".h.uh \"http%3a%2f%2fwww.kx.com\"",
    "\"http://www.kx.com\""
);
q!(
    iso8601,
    ".h.iso8601 100",
    "\"2000-01-01T00:00:00.000000100\""
);
q!(hr, ".h.hr \"foo\"", "\"---\"");
q!(nbr, ".h.nbr \"foo bar\"", "\"<nobr>foo bar</nobr>\"");
q!(xs, ".h.xs \"<a & b>\"", "\"&lt;a &amp; b&gt;\"");
q!(hc, ".h.hc \"<foo>\"", "\"&lt;foo>\"");
q!(
    xd,
    ".h.xd ([]sym:`ibm`aapl;price:10 20)",
    "\"<R>\"\n\"<r><sym>ibm</sym><price>10</price></r>\"\n\"<r><sym>aapl</sym><price>20</price></r>\"\n\"</R>\""
);
q!(
    cd,
    ".h.cd ([]a:1 2;b:(\"x,y\";\"z\"))",
    "\"a,b\"\n\"1,\\\"x,y\\\"\"\n\"2,z\""
);
q!(
    td,
    ".h.td ([]a:1 2;b:`x`y)",
    "\"a\\tb\"\n\"1\\tx\"\n\"2\\ty\""
);
q!(c0, ".h.c0", "`024C7E");
q!(
    hn,
    "\\c 25 200\n.h.hn[\"404\";`txt;\"Not found: favicon.ico\"]",
    "\"HTTP/1.1 404\\r\\nContent-Type: text/plain\\r\\nConnection: close\\r\\nContent-Length: 22\\r\\n\\r\\nNot found: favicon.ico\""
);
q!(
    hy,
    "\\c 25 200\n.h.hy[`json] .j.j 0 1 2",
    "\"HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nConnection: close\\r\\nContent-Length: 7\\r\\n\\r\\n[0,1,2]\""
);
q!(htc_type, ".h.htc[1;2]", "'type");
q!(xd_type, ".h.xd 1 2", "'type");

// ---- docs/ref/parse.md: trees shown one item a line ----
q!(parse_sum, "parse \"1+2\"", "+\n1\n2");
q!(parse_name, "parse \"x\"", "`x");
q!(parse_symbol, "parse \"`a\"", ",`a");
q!(parse_names_apply, "parse \"f x\"", "`f`x");
q!(parse_keyword, "parse \"count x\"", "#:\n`x");
q!(parse_prefix, "parse \"-x\"", "-:\n`x");
q!(parse_paren_prefix, "parse \"2(-)y\"", "2\n(-:;`y)");
q!(parse_paren_brackets, "parse \"(-)[y]\"", "-\n`y");
q!(parse_assign, "parse \"x:10\"", ":\n`x\n10");
q!(parse_list, "parse \"(1;`a)\"", "enlist\n1\n,`a");
q!(parse_lambda, "parse \"{x+y}\"", "{x+y}");
q!(parse_over, "parse \"x+/y\"", "(/;+)\n`x\n`y");
q!(
    parse_select_all,
    "parse \"select from t\"",
    "?\n`t\n()\n0b\n()"
);
q!(
    parse_select,
    "parse \"select a,b from t\"",
    "?\n`t\n()\n0b\n`a`b!`a`b"
);
q!(
    parse_select_by_where,
    "parse \"select sum qty by s from sp where qty>100\"",
    "?\n`sp\n,,(>;`qty;100)\n(,`s)!,`s\n(,`qty)!,(sum;`qty)"
);
q!(parse_exec, "parse \"exec a from t\"", "?\n`t\n()\n()\n,`a");
q!(
    parse_update,
    "parse \"update a:1 from t\"",
    "!\n`t\n()\n0b\n(,`a)!,1"
);
q!(
    parse_delete_rows,
    "parse \"delete from t where a>1\"",
    "!\n`t\n,,(>;`a;1)\n0b\n`symbol$()"
);
q!(parse_type, "parse 1", "'type");
q!(parse_error, "parse \"(1\"", "'(");

// ---- docs/ref/eval.md: eval parse x is value x ----
q!(eval_parse_sum, "eval parse \"1+2\"", "3");
q!(
    eval_parse_matches_value,
    "t:([]a:1 2 3;b:`x`y`z;c:10 20 30)\nf:{x*y}\n\
     qs:(\"1+2\";\"til 5\";\"neg 1 2\";\"count t\";\"f[2;3]\";\"f[2] 5\";\"(1;`a;\\\"s\\\")\";\"`a`b\";\"{x+y}[1;2]\";\"+/[1 2 3]\";\"1 2 3+/4\";\"select from t\";\"select a,b from t where c>10\";\"select sum c by b from t\";\"exec a from t\";\"exec a,b from t\";\"exec sum c by b from t\";\"update d:a*2 from t\";\"delete b from t\";\"delete from t where a>1\";\"([]a:1 2;b:3 4)\";\"([k:1 2]v:3 4)\";\"$[1b;`yes;`no]\";\"$[0b;1;0b;2;3]\";\"2 3#til 6\";\"{x}'[1 2]\";\"f/[1;2 3]\";\"@[til 5;1;neg]\";\"sums 1 2 3\";\"(2+)[3]\";\"select[2] from t\";\"select n:count i by b from t\")\n\
     all {(eval parse x)~value x} each qs",
    "1b"
);
q!(
    eval_parse_assign,
    "eval parse \"v:1 2 3\"\nv",
    "1 2 3\n1 2 3"
);
q!(
    eval_parse_amend,
    "v:1 2 3\neval parse \"v[1]:20\"\nv",
    "20\n1 20 3"
);
q!(eval_parse_compound, "v:1\neval parse \"v+:5\"\nv", "6\n6");
q!(eval_parse_statements, "eval parse \"a:1;b:2;a+b\"", "3");
q!(eval_parse_signal, "eval parse \"'`oops\"", "'oops");
// parsetrees.md: eval(,;`a;`b) with no b fails on `b`: arguments are
// evaluated right to left, as in `f[a;b]`.
q!(
    eval_tree_arguments_right_to_left,
    "@[eval;(,;`a;`b);{x}]\neval (enlist;(0N!;1);(0N!;2))",
    ",\"b\"\n2\n1\n1 2"
);
// reval evaluates as eval does but will not update a global; locals of a
// lambda it runs are still assigned.
q!(reval_evaluates, "reval (*;6;7)", "42");
q!(
    reval_assignment_noupdate,
    "reval (:;`total;5)",
    "'noupdate: `. `total"
);
q!(
    reval_leaves_global_alone,
    "n:1 2\n@[reval;parse \"n[0]:7\";{x}]\nn",
    "\"noupdate: `. `n\"\n1 2"
);
q!(
    reval_of_value_noupdate,
    "@[reval;(value;\"w:4\");{x}]\n`w in key `.",
    "\"noupdate: `. `w\"\n0b"
);
q!(
    reval_namespace_noupdate,
    "reval parse \".cfg.port:80\"",
    "'noupdate: `.cfg `port"
);
q!(
    reval_lambda_global_noupdate,
    "g:{k::x}\nreval (g;3)",
    "'noupdate: `. `k"
);
q!(reval_lambda_locals, "reval parse \"{m:x*2;m+1}[4]\"", "9");
// reval behaves as -b and -u 1 (eval.md): no global changes by any verb,
// no file is written, nothing outside the working directory is read,
// and system commands that change state, and exit, are refused.
q!(
    reval_blocks_updates_by_name,
    "t:([]a:1 2)\n(@[reval;;{x}]) each ((set;enlist`t;1);(insert;enlist`t;3);(upsert;enlist`t;3);(@;enlist`t;enlist`a;neg);parse\"update a:0 from `t\";parse\"delete from `t\";parse\"1!`t\")\nt",
    "\"noupdate: `. `t\"\n\"noupdate: `. `t\"\n\"noupdate: `. `t\"\n\"noupdate: `. `t\"\n\"noupdate: `. `t\"\n\"noupdate: `. `t\"\n\"noupdate: `. `t\"\na\n-\n1\n2"
);
// .z.r says whether an update here would be blocked (dotz.md).
q!(
    z_r_is_true_inside_reval_only,
    ".z.r\nreval (`.z.r)\n{.z.r}[]",
    "0b\n1b\n0b"
);
q!(
    reval_refuses_files_commands_and_exit,
    "(@[reval;;{x}]) each ((set;enlist`:reval_never_written;1);(hdel;enlist`:reval_never_written);(read0;enlist`:/etc/hostname);(read0;enlist`:../x);(system;\"x t\");(system;\"S 7\");(exit;3))\nreval (system;\"S\")",
    "\"noupdate\"\n\"noupdate\"\n\"access\"\n\"access\"\n\"access\"\n\"access\"\n\"access\"\n-314159i"
);
q!(eval_still_assigns, "eval (:;`total;5)\ntotal", "5\n5");

// ---- docs/ref/dotq.md: j10 x10 j12 x12 ----
q!(
    dotq_binhex_and_base36_round_trip,
    ".Q.x10 12345\n.Q.j10 .Q.x10 12345\n.Q.j10 each .Q.x10 each 12345+1 2 3\n.Q.x12 12345\n.Q.j12 .Q.x12 12345",
    "\"AAAAAAADA5\"\n12345\n12346 12347 12348\n\"0000000009IX\"\n12345"
);

// ---- docs/ref/doth.md: .h.ed and .h.edsn ----
// A table as an Excel workbook: two strings, the XML prologue and then the
// whole workbook on one line; a sheet's first row is the column names,
// numbers are typed as numbers, text is escaped and nulls are empty cells.
q!(
    h_ed_is_two_lines_as_documented,
    ".h.ed ([]a:1 2 3;b:`x`y`z)",
    r#""<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"
"<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:o=\"u.."#
);
q!(
    h_ed_writes_one_sheet_of_a_table,
    r#"b:last .h.ed ([]a:1 0n;b:("x<y";"z"))
0<count each b ss/:("<Worksheet ss:Name=\"Sheet1\"><Table><Row>";"String\">a<";"String\">b<";"Number\">1<";"String\">x&lt;y<";"<Row><Cell/>")
-31#b"#,
    "111111b\n\"</Table></Worksheet></Workbook>\""
);
q!(
    h_edsn_writes_a_sheet_per_named_table,
    r#"x:.h.edsn `p`q!(([]a:1 2);([]b:`u`v`w))
x
b:last x
0<count each b ss/:("<Worksheet ss:Name=\"p\"><Table>";"<Worksheet ss:Name=\"q\"><Table>")
count b ss "<Worksheet"
@[.h.edsn;1 2;{x}]"#,
    r#""<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"
"<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"..
11b
2
"type""#
);
