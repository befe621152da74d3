//! Table algebra: joins (lj, ij, uj, pj, aj, ej), xgroup, ungroup, insert, upsert, key, meta and enkey.

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
// Each row's lists side by side, its atoms repeated, columns keeping
// their types: strings become chars, enumerations stay enumerations.
q!(
    ungroup_repeats_atoms_and_keeps_types,
    "t:([]a:1 2 3;b:(1 2;3 4 5;6);c:(\"ab\";\"cde\";\"f\"))\nexec a from ungroup t\nmeta ungroup t\ns:`p`q\nexec a from ungroup ([]a:`s$`p`q;b:(1 2;3 4))\nexec b from ungroup ([]a:1 2;b:(1 2;`x`y))",
    "1 1 2 2 2 3\nc| t f a\n-| -----\na| j    \nb| j    \nc| c    \n`s$`p`p`q`q\n1\n2\n`x\n`y"
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
// Each row takes the last right row of its key at or before its time,
// whether the left times ascend or not, as a row-by-row search finds it.
// With two key columns, a key pair only one column of which the right
// table has matches nothing.
q!(
    aj_on_two_keys_agrees_with_a_search_row_by_row,
    "n:300; q:([]sym:n?`a`b`c;ex:n?1 2;time:asc n?100;px:til n)\nt:([]sym:80?`a`b`c`e;ex:80?1 2 3;time:80?110)\nref:{[t;q] update px:{[q;s;e;tm] last exec px from q where sym=s,ex=e,time<=tm}[q]'[sym;ex;time] from t}\nu:`time xasc t\n(aj[`sym`ex`time;t;q]~ref[t;q];aj[`sym`ex`time;u;q]~ref[u;q];all null exec px from aj[`sym`ex`time;u;q] where (sym=`e)|ex=3)",
    "111b"
);
q!(
    aj_agrees_with_a_search_row_by_row,
    "n:300; q:([]sym:n?`a`b`c`d;time:asc n?100;px:til n)\nt:([]sym:80?`a`b`c`e;time:80?110)\nref:{[t;q] update px:{[q;s;tm] last exec px from q where sym=s,time<=tm}[q]'[sym;time] from t}\nref1:{[t;q] update px:{[q;tm] last exec px from q where time<=tm}[q]each time from t}\nu:`time xasc t\n(aj[`sym`time;t;q]~ref[t;q];aj[`sym`time;u;q]~ref[u;q];(aj[`time;t;q]`px)~ref1[t;q]`px;(aj[`time;u;q]`px)~ref1[u;q]`px;all null exec px from aj[`sym`time;u;q] where sym=`e)",
    "11111b"
);
// Float and datetime times order as the row-by-row search compares them:
// nulls first, negative times, -0 equal to 0, infinities at the ends.
q!(
    aj_on_float_and_datetime_times_agrees_with_a_search_row_by_row,
    "n:300; q:([]sym:n?`a`b;time:asc -0w,0n,-0.0,(-50+(n-4)?100f),0w;px:til n)\nt:([]sym:90?`a`b`c;time:0n,-0w,0w,0.0,-0.0,-60+85?120f)\nref:{[t;q] update px:{[q;s;tm] last exec px from q where sym=s,time<=tm}[q]'[sym;time] from t}\nu:`time xasc t\nqz:update time:2000.01.01T00:00:00+time from q\ntz:update time:2000.01.01T00:00:00+time from t\n(aj[`sym`time;t;q]~ref[t;q];aj[`sym`time;u;q]~ref[u;q];aj[`sym`time;tz;qz]~ref[tz;qz])",
    "111b"
);

// ---- docs/ref/ej.md ----
q!(
    ej_sym,
    "t:([]sym:`IBM`FDP`FDP`FDP`IBM`MSFT;price:0.7029677 0.08378167 0.06046216 0.658985 0.2608152 0.5433888)\ns:([]sym:`IBM`MSFT;ex:`N`CME;MC:1000 250)\nej[`sym;s;t]",
    "sym  ex  MC   price\n-----------------------\nIBM  N   1000 0.7029677\nIBM  N   1000 0.2608152\nMSFT CME 250  0.5433888"
);
// Rows come in the first table's order, each with all its matches.
q!(
    ej_rows_in_first_tables_order,
    "t1:([]k:`b`a`c;x:1 2 3)\nt2:([]k:`a`b`a;y:10 20 30)\nej[`k;t1;t2]",
    "k x y \n------\nb 1 20\na 2 10\na 2 30"
);
q!(
    ej_duplicates_from_right,
    "t1:([] k:1 2 3 4; c:10 20 30 40)\nt2:([] k:2 2 3 4 5; c:200 222 300 400 500; v:2.2 22.22 3.3 4.4 5.5)\nej[`k;t1;t2]",
    "k c   v\n-----------\n2 200 2.2\n2 222 22.22\n3 300 3.3\n4 400 4.4"
);
// key.md: `..a` is the root's `a` seen from any namespace.
q!(
    key_root_name_from_namespace,
    "a:1\n\\d .foo\na:1 2!3 4\nkey`a\nkey`..a\n()~key`..b\n\\d .\nkey`..a",
    "1 2\n`..a\n1b\n`..a"
);

// Keyed tables looked up by many keys at once (keys missing give null
// rows): one key column by a vector or a table of keys, and two key
// columns by a table of keys.
q!(
    keyed_table_looked_up_by_many_keys,
    "kt:([k:til 40] v:40+til 40)\n\
     exec v from kt ([]k:38 39 40,til 15)\n\
     exec v from kt 38 39 40,til 15\n\
     kt2:([a:til 40;b:til 40] v:til 40)\n\
     exec v from kt2 ([]a:til 20;b:(til 19),0)\n\
     kt3:([s:`$string til 30] v:til 30)\n\
     exec v from kt3 `$string 28 29 30,til 15",
    "78 79 0N 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54\n\
     78 79 0N 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54\n\
     0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 0N\n\
     28 29 0N 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14"
);

// qsql.md, upsert.md: upserting by name into a keyed table overwrites the
// rows whose keys it has and appends the others; a copy taken before is
// not changed with it.
q!(
    upsert_by_name_into_a_keyed_table_leaves_copies_alone,
    "k3:([s:`a`b;t:1 2] v:1.5 2.5;n:(\"xx\";\"yy\"))\n\
     k4:k3\n\
     `k3 upsert (`b;2;9.5;\"zz\")\n\
     `k3 upsert (`c;1;0.5;\"w\")\n\
     k3\n\
     k4\n\
     k3~(k4 upsert (`b;2;9.5;\"zz\")) upsert (`c;1;0.5;\"w\")",
    "`k3\n`k3\n\
     s t| v   n\n---| --------\na 1| 1.5 \"xx\"\nb 2| 9.5 \"zz\"\nc 1| 0.5 \"w\"\n\
     s t| v   n\n---| --------\na 1| 1.5 \"xx\"\nb 2| 2.5 \"yy\"\n1b"
);

// amend.md on keyed tables: `kt[k;c]:v` and `kt[k;c]op:v` change that
// row's value; a copy taken before keeps its own.
q!(
    keyed_table_rows_amended_by_key_leave_copies_alone,
    "k3:([k:til 3] b:3#0f;c:3#`a)\n\
     k4:k3\n\
     k3[2;`b]:7f\n\
     k3[0;`b]+:1.5\n\
     k3[5;`c]:`new\n\
     k3\n\
     k4",
    "k| b   c\n-| -------\n0| 1.5 a\n1| 0   a\n2| 7   a\n5|     new\n\
     k| b c\n-| ---\n0| 0 a\n1| 0 a\n2| 0 a"
);

// insert.md: inserting into a keyed table appends rows with new keys and
// refuses a key it has; a copy taken before keeps its own rows.
q!(
    insert_into_a_keyed_table_row_by_row,
    "k6:([s:`a`b] v:1 2)\n\
     k7:k6\n\
     `k6 insert (`c;3)\n\
     `k6 insert ([]s:`d`e;v:4 5)\n\
     count k6\n\
     count k7\n\
     `k6 insert (`a;9)",
    ",2\n3 4\n5\n2\n'insert"
);

// ---- links and compound foreign keys (kb/linking-columns.md, wp/foreign-keys.md) ----
// `t!rows` with `t` naming a table links to its rows: the column shows its
// row numbers, meta shows it as `i` with the table as its foreign key, and
// a dotted name reaches the linked rows' columns.
q!(
    a_link_column_reaches_the_rows_it_names,
    "t:([] id:101 102 103 104; v:1.1 2.2 3.3 4.4)\nupdate parent:`t!id?101 101 102 102 from `t\nt\nmeta t\nselect id, pid:parent.id from t where parent=1\nvalue t`parent\n`t!2",
    "`t\nid  v   parent\n--------------\n101 1.1 0     \n102 2.2 0     \n103 3.3 1     \n104 4.4 1     \nc     | t f a\n------| -----\nid    | j    \nv     | f    \nparent| j t  \nid  pid\n-------\n103 102\n104 102\n0 0 1 1\n`t!2"
);
q!(
    rows_linked_one_at_a_time_are_inserted_with_the_table,
    "f:([]sym:`A`B`C;eps:1 2 3f)\ne:([]sym:`A`B;size:10 20)\nupdate fin:`f!f.sym?sym from `e\n`e insert (`C;30;`f!2)\nselect sym, fin.eps from e",
    "`e\n,2\nsym eps\n-------\nA   1  \nB   2  \nC   3  "
);
// A foreign key on a compound key enumerates the key rows; a key the
// table lacks is a cast error.
q!(
    a_compound_foreign_key_enumerates_key_rows,
    "k:([sym:`A`B`C;ex:`N`N`Q];shares:100 200 300)\nt:([]sym:`A`B;ex:`N`N;px:1 2f)\nupdate fk:`k$(t[`sym],'t[`ex]) from `t\n`t insert (`C;`Q;4f;`k$`C`Q)\nselect sym, cap:px*fk.shares, fk.ex from t\nmeta t\n@[`k$;`D`N;{x}]\n-8!`k!0 1",
    "`t\n,2\nsym cap  ex\n-----------\nA   100  N \nB   400  N \nC   1200 Q \nc  | t f a\n---| -----\nsym| s    \nex | s    \npx | f    \nfk | j k  \n\"cast\"\n0x010000001e00000007000200000000000000000000000100000000000000"
);
// fkeys.md: a foreign key on a keyed table with a long key.
q!(
    foreign_keys_on_a_long_key,
    "f:([x:1 2 3]y:10 20 30)\nt:([]a:`f$2 2 2;b:0;c:`f$1 1 1)\nmeta t\nfkeys t\nselect a.y, c.y from t",
    "c| t f a\n-| -----\na| j f  \nb| j    \nc| j f  \na| f\nc| f\ny  y1\n-----\n20 10\n20 10\n20 10"
);
// A dictionary with an atom is one record: its lists are cells, not
// columns (symfiles.md upserts `sym`name!(`a;"xq") into a string column).
q!(
    dict_record_keeps_its_string_cell,
    "t:([]a:`x`y;s:(\"ab\";\"cd\"))\nt,:`a`s!(`z;\"ef\")\n`t upsert `a`s!(`w;\"gh\")\n`t insert `a`s!(`v;\"ij\")\ncount each flip t\nt`s\nk:([a:`x`y] s:(\"ab\";\"cd\"))\nk,:`a`s!(`z;\"ef\")\nk`z",
    "`t\n,4\na| 5\ns| 5\n\"ab\"\n\"cd\"\n\"ef\"\n\"gh\"\n\"ij\"\ns| \"ef\""
);
// faq.md: a keyed table with untyped columns takes its first row; the
// same key again is 'insert.
q!(
    insert_into_untyped_keyed_table,
    "table:([stock:()] price:())\ninsert[`table; (`intel; enlist (123.2; 120.4; 131.0))]\ntable\n@[insert[`table];(`intel;enlist 1 2f);{x}]\ncount table",
    ",0\nstock| price          \n-----| ---------------\nintel| 123.2 120.4 131\n\"insert\"\n1"
);
// A missing item of a list of tables is an empty table with the first
// one's columns (alternative-in-memory-layouts.md).
q!(
    missing_table_item_is_an_empty_table,
    "d:`a`b!(([]x:1 2;y:`u`v);([]x:3 4;y:`w`z))\nd`c\nmeta d`c\ncount (([]x:1 2);([]x:3 4)) 5",
    "x y\n---\nc| t f a\n-| -----\nx| j    \ny| s    \n0"
);
// A dictionary of columns of two lengths is no rows: 'length, never a
// ragged table.
q!(
    dict_of_ragged_columns_is_a_length_error,
    "kt:`a xkey ([]a:`x`y;s:(\"ab\";\"cd\"))\n@[`kt upsert;`s`a!(1 2;`a`b`c);{x}]\n@[upsert[kt];`q`a!((\"ab\";\"cd\");());{x}]\ncount kt",
    "\"length\"\n\"length\"\n2"
);
// Q for Mortals §8: a keyed table looked up by a list of keys gives their
// rows, one key column or two; a table finds a list of records.
q!(
    keyed_lookup_by_a_list_of_keys,
    "kt:([eid:1001 1002 1003] name:`Dent`Beeblebrox`Prefect; iq:98 42 126)\n\
     kt[(enlist 1001;enlist 1002)]\nkt[flip enlist 1003 1001]`name\n\
     ktc:([lname:`Dent`Beeblebrox`Prefect; fname:`Arthur`Zaphod`Ford] iq:98 42 126)\n\
     ktc (`Dent`Arthur; `Prefect`Ford)\nktc[(`Dent;`Arthur)]\n\
     t:([] name:`Dent`Beeblebrox`Prefect; iq:98 42 126)\nt?((`Dent;98);(`Prefect;126))\nt?(`Prefect;126)\n\
     t1:([] eid:1001 1002 1003)\nt1?enlist each 1002 1001 9",
    "name       iq\n-------------\nDent       98\nBeeblebrox 42\n`Prefect`Dent\niq \n---\n98 \n126\niq| 98\n0 2\n2\n1 0 3"
);

// An empty table takes its first rows as they come (q for mortals §9.1).
q!(
    empty_table_appends_rows_of_other_types,
    "t:([] name:`symbol$(); iq:`int$())\nt,:`name`iq!(`Beeblebrox; 42)\nt,:(`Prefect; 126)\nt\nu:([]a:1 2i)\n@[{u,:x};5;{x}]",
    "name       iq \n--------------\nBeeblebrox 42 \nPrefect    126\n\"type\""
);

// upsert takes a list of records even when there are as many records as
// columns; insert reads that shape as columns.
q!(
    upsert_list_of_records_into_a_table,
    "t:([] name:`Dent`Beeblebrox; iq:42 98)\nt upsert ((`Prefect; 126); (`Marvin; 200))\n`t upsert ((`a;1);(`b;2))\nexec name from t\n@[insert[`t];((`c;3);(`d;4));{x}]",
    "name       iq \n--------------\nDent       42 \nBeeblebrox 98 \nPrefect    126\nMarvin     200\n`t\n`Dent`Beeblebrox`a`b\n\"type\""
);

// A foreign key on a keyed table whose one key column is not symbols
// shows, and its `value` is, the key values; it indexes by row (q for
// mortals §8.5).
q!(
    foreign_key_on_long_key_shows_key_values,
    "kt:([id:1001 1002 1003] s:`a`b`c)\nt:([] id:`kt$1002 1001 1003 1001; q:100 101 102 103)\nt\nt`id\nvalue t`id\n`long$t`id\nexec id.s from t\nkt first t`id\nfirst t`id\n(t`id) 0 9",
    "id   q  \n--------\n1002 100\n1001 101\n1003 102\n1001 103\n`kt$1002 1001 1003 1001\n1002 1001 1003 1001\n1 0 2 0\n`b`a`c`a\ns| b\n`kt$1002\n`kt$1002 0N"
);

// Rows appended to a table are enumerated into its enumerated columns
// (join.md): the column stays an enumeration, a value outside the domain
// is 'cast and leaves the table as it was.
q!(
    appended_rows_enumerated_into_enumerated_columns,
    "sym:`a`b\nt:([]s:`sym$`a`b;x:1 2)\nt,:(`b;3)\n`t insert (`a;4)\nt`s\n@[{t,:x};(`c;5);{x}]\ncount t\nkt:([id:1001 1002] v:`x`y)\nu:([]e:`kt$1002 1001;x:1 2)\n`u upsert (1001;3)\nu`e",
    ",3\n`sym$`a`b`b`a\n\"cast\"\n4\n`u\n`kt$1002 1001 1001"
);

// Join Each of keyed tables pairs rows by key (q for mortals §8.7).
q!(
    join_each_of_keyed_tables_by_key,
    "([k:1 2 3] v1:10 20 30),'([k:3 4 5] v2:1000 2000 3000)",
    "k| v1 v2  \n-| -------\n1| 10     \n2| 20     \n3| 30 1000\n4|    2000\n5|    3000"
);

// Over IPC an enumeration travels as its values: a foreign key on a long
// key as the key values (ipc-protocol.md: enumerations are converted to
// values before sending).
q!(
    foreign_key_on_long_key_serializes_as_key_values,
    "kt:([id:1001 1002 1003] s:`a`b`c)\ne:`kt$1002 1001\n-9!-8!e\n-9!-8!first e\nexec e from -9!-8!([]e)",
    "1002 1001\n1002\n1002 1001"
);

// A keyed table's `u#` key keeps its attribute through row-at-a-time
// upserts and inserts, which go into the table's own columns.
q!(
    unique_key_kept_through_upserts,
    "kt:([k:`u#til 5000] v:til 5000)\ndo[100;`kt upsert (5000+i;i+:1)]\n`kt upsert (3;-3)\n(attr key[kt]`k;count kt;kt[3;`v])",
    "`kt\n`u\n5100\n-3"
);

// `kt,:row` upserts into a keyed table held nowhere else in its own
// columns; a copy made before keeps its rows, a bad row leaves it as it was.
q!(
    keyed_table_append_upserts_in_place,
    "kt:([k:`long$()]v:`long$())\ni:0\ndo[1000;kt,:(i;i+:1)]\nkt,:(5;-5)\nc:kt\nkt,:([k:2000 5]v:7 8)\n(count c;count kt;kt[5;`v];c[5;`v])\n@[{kt,:x};(1;`a);{x}]\ncount kt",
    "1000 1001 8 -5\n\"type\"\n1001"
);

// distinct.md: a table's distinct rows, first appearances in order, rows
// compared as match compares them (nested items too).
q!(
    distinct_rows_of_a_table,
    "t:([]a:1 2 1 2 1;b:`x`y`x`z`x;c:(1 2;3;1 2;3;1 2))\ndistinct t\n(count distinct t;count group t;t?`a`b`c!(2;`z;3))",
    "a b c  \n-------\n1 x 1 2\n2 y 3  \n2 z 3  \n3 3 3"
);
