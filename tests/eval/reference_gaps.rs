//! Reference pages that were missing: window joins, `asof`, `ujf`, views
//! and names reaching into global tables.

/// A trade table and a quote table for the window-join cases (wj.md).
macro_rules! windows {
    () => {
        "t:([]sym:3#`ibm;time:10:01:01 10:01:04 10:01:08;price:100 101 105)\n\
         q:([]sym:`ibm;time:10:01:01+til 9;ask:101 103 103 104 104 107 108 107 108;bid:98 99 102 103 103 104 106 106 107)\n\
         w:-2 1+\\:t.time\n"
    };
}

// ---- docs/ref/wj.md ----
q!(
    wj_aggregates_each_window,
    concat!(windows!(), "wj[w;`sym`time;t;(q;(max;`ask);(min;`bid))]"),
    "sym time     price ask bid\n\
     --------------------------\n\
     ibm 10:01:01 100   103 98\n\
     ibm 10:01:04 101   104 99\n\
     ibm 10:01:08 105   108 104"
);
q!(
    wj_identity_shows_the_windows,
    concat!(windows!(), "wj[w;`sym`time;t;(q;(::;`ask);(::;`bid))]"),
    "sym time     price ask             bid\n\
     --------------------------------------------------\n\
     ibm 10:01:01 100   101 103         98 99\n\
     ibm 10:01:04 101   103 103 104 104 99 102 103 103\n\
     ibm 10:01:08 105   107 108 107 108 104 106 106 107"
);
// A window that starts between two quotes: wj takes the quote in force at
// its start, wj1 only the quotes inside it.
macro_rules! gaps {
    () => {
        "t:([]sym:`a`a`b;time:4 6 6)\nq:([]sym:`a`a`a`b;time:1 3 5 2;v:10 30 50 20)\n"
    };
}
q!(
    wj_counts_the_prevailing_quote,
    concat!(gaps!(), "wj[(2 4 4;4 6 6);`sym`time;t;(q;(::;`v))]`v"),
    "10 30\n30 50\n,20"
);
q!(
    wj1_counts_only_quotes_inside,
    concat!(gaps!(), "wj1[(2 4 4;4 6 6);`sym`time;t;(q;(::;`v))]`v"),
    ",30\n,50\n`long$()"
);
q!(
    wj_names_a_multi_column_aggregate_after_its_last_column,
    concat!(windows!(), "cols wj[w;`sym`time;t;(q;(wavg;`ask;`bid))]"),
    "`sym`time`price`bid"
);
q!(
    wj_by_name_updates_the_table,
    concat!(windows!(), "wj[w;`sym`time;`t;(q;(count;`ask))]\nt`ask"),
    "`t\n2 4 4"
);
q!(
    wj_unknown_sym_gets_an_empty_window,
    concat!(
        windows!(),
        "wj[w;`sym`time;update sym:`msft from t;(q;(count;`ask))]`ask"
    ),
    "0 0 0"
);

// ---- docs/ref/asof.md ----
macro_rules! asof_table {
    () => {
        "t:([]time:6#09:00+10*til 3;sym:raze flip 3 2#`AAPL`GOOG;px:1.5 2.5 3.5 4.5 5.5 6.5;vol:10 20 30 40 50 60)\n"
    };
}
q!(
    asof_dictionary_gives_the_last_row_at_or_before,
    concat!(asof_table!(), "t asof `sym`time!(`AAPL;09:15)"),
    "px | 2.5\nvol| 20"
);
q!(
    asof_table_gives_a_row_each_nulls_for_no_match,
    concat!(
        asof_table!(),
        "t asof ([]sym:`GOOG`MSFT`GOOG;time:09:05 09:05 08:00)"
    ),
    "px  vol\n-------\n4.5 40\n\n"
);
q!(
    asof_before_the_first_time_is_null,
    concat!(asof_table!(), "null t asof `sym`time!(`GOOG;08:59)"),
    "px | 1\nvol| 1"
);

// ---- docs/ref/uj.md ----
q!(
    ujf_keeps_left_values_for_right_nulls,
    "x:([a:1 2]b:`x`y;c:10 20)\ny:([a:1 2 3]b:``z`w;c:1 0N 5)\nx ujf y",
    "a| b c\n-| ----\n1| x 1\n2| z 20\n3| w 5"
);
q!(
    uj_takes_right_nulls,
    "x:([a:1 2]b:`x`y;c:10 20)\ny:([a:1 2]b:``z;c:1 0N)\nx uj y",
    "a| b c\n-| ---\n1|   1\n2| z"
);
q!(
    ujf_on_simple_tables_appends,
    "([]a:1 2) ujf ([]a:1#3;b:1#`c)",
    "a b\n---\n1\n2\n3 c"
);

// ---- docs/ref/view.md, docs/learn/views.md ----
q!(
    view_is_evaluated_when_named,
    "v::2+a*3\na:5\nv\na:10\nv",
    "17\n32"
);
q!(view_shows_its_text, "v::2+a*3\nview `v", "\"2+a*3\"");
q!(views_lists_sorted, "w::b*10\nv::2+a*3\nviews[]", "`s#`v`w");
q!(
    view_ending_in_semicolon_is_nil,
    "a:til 5\nvv:: a;\nvv~(::)",
    "1b"
);
q!(
    view_in_a_lambda_is_a_global_assignment,
    "x:2;y:3\nv::x+y\nv\n{v::x+y}[10;20];\nv\nx:0\nv",
    "5\n30\n30"
);
q!(
    view_of_a_query,
    "myview::select from t where a<2\nt:([]a:til 4)\nmyview",
    "a\n-\n0\n1"
);
q!(view_error_is_the_inputs, "v::a+1\nv", "'a");
// views.md: a view that names itself reads its previous value; with none
// yet, 'loop. Naming it again with no input changed does not recompute.
q!(
    view_naming_itself,
    "v::$[b;1;v+1]\nb:1;0N!v;b:0;v\nv\nw::$[b;1;w+1]\n@[value;`w;{x}]",
    "1\n2\n2\n\"loop\""
);
// dotz.md: .z.b maps each name views read to the views that read it.
q!(
    z_b_lists_view_dependencies,
    "a::x+y\nb::x+1\n.z.b\ncount .z.b",
    "x| `a`b\ny| ,`a\n2"
);
q!(
    view_has_no_dot_notation,
    "t:2014.09.03D10:00:00\nt1::t\nt.date\n@[value;`t1.date;{x}]",
    "2014.09.03\n\"nyi\""
);

// ---- docs/basics/syntax.md (dot notation) ----
q!(
    dotted_name_reaches_a_column,
    "t:([]a:1 2;b:3 4)\nt.b",
    "3 4"
);
q!(
    dotted_name_reaches_a_dictionary,
    "d:`x`y!(1;`a`b!5 6)\nd.y.b",
    "6"
);

// ---- docs/ref/fkeys.md, docs/basics/joins.md (foreign keys) ----
/// Suppliers keyed on a symbol and shipments whose `s` is a foreign key.
macro_rules! suppliers {
    () => {
        "s:([s:`s1`s2`s3]name:`smith`jones`blake;city:`london`paris`paris)\n\
         sp:([]s:`s$`s1`s2`s1`s3;qty:300 200 400 100)\n"
    };
}
q!(
    foreign_key_enumerates_over_the_key_column,
    concat!(suppliers!(), "sp`s"),
    "`s$`s1`s2`s1`s3"
);
q!(
    foreign_key_outside_the_key_is_a_cast_error,
    concat!(suppliers!(), "`s$`s9"),
    "'cast"
);
q!(
    fkeys_maps_columns_to_tables,
    concat!(suppliers!(), "fkeys sp"),
    "s| s"
);
q!(
    fkeys_of_a_table_without_any,
    "key fkeys ([]a:1 2)",
    "`symbol$()"
);
q!(
    meta_names_the_foreign_table,
    concat!(suppliers!(), "meta sp"),
    "c  | t f a\n---| -----\ns  | s s\nqty| j"
);
q!(
    query_follows_a_foreign_key,
    concat!(
        suppliers!(),
        "select sname:s.name, qty from sp where qty>150"
    ),
    "sname qty\n---------\nsmith 300\njones 200\nsmith 400"
);
q!(
    exec_follows_a_foreign_key,
    concat!(suppliers!(), "exec s.city from sp"),
    "`london`paris`london`paris"
);

// ---- docs/basics/internal.md ----
q!(
    refcount_counts_the_names_sharing_a_value,
    "a:1 2 3\n-16!a\na:b:c:d:e:1 2 3\n-16!a",
    "1\n5"
);
q!(
    enum_type_taken_by_the_first_enumeration,
    "-10!20h\nee:`a`b`c\nvv:`ee$`a`a`b\ntype vv\n-10!20h",
    "1b\n20h\n0b"
);
q!(memory_domain_of_a_vector, "-120!1 2 3", "0");

// ---- docs/ref/doth.md ----
q!(
    h_code_marks_every_second_tab_segment,
    ".h.code \"foo\\tbar\\tabc\\tdef\"\n.h.code \"foo\"",
    "\"foo <code><nobr>bar</nobr></code> abc <code><nobr>def</nobr></code>\"\n\"foo\""
);
q!(
    h_text_makes_paragraphs,
    ".h.text(\"foo\";\"bar\")",
    "\"<p>foo</p>\\n<p>bar</p>\\n\""
);
q!(
    h_html_wraps_a_body_with_the_styles,
    ".h.html[\"<p>x</p>\"]~\"<html><head><style>\",.h.sa,.h.sb,\"</style></head><body><p>x</p></body></html>\"",
    "1b"
);
q!(
    h_sb_is_the_body_style,
    ".h.sb",
    "\"body{font:10pt verdana;text-align:justify}\""
);
q!(
    h_http_links_urls,
    "-1 .h.http \"see http://example.com now\";",
    "see <a href=\"http://example.com\">http://example.com</a> now"
);
