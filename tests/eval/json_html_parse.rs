//! `.j` (JSON).

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
