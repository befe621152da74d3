//! `.j` (JSON) and `.h` (markup helpers).

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
q!(
    ha_string,
    ".h.ha[\"http://www.example.com\";\"Example.com Main Page\"]",
    "\"<a href=http://www.example.com>Example.com Main Page</a>\""
);
q!(
    ha_symbol,
    ".h.ha[`http://www.example.com;\"Example.com Main Page\"]",
    "\"<a href=\\\"http://www.example.com\\\">Example.com Main Page</a>\""
);
q!(
    hu,
    ".h.hu \"http://www.kx.com\"",
    "\"http%3a%2f%2fwww.kx.com\""
);
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
q!(htc_type, ".h.htc[1;2]", "'type");
q!(xd_type, ".h.xd 1 2", "'type");
