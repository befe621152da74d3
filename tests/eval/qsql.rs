//! qSQL: select, exec, update, delete, fby, and the functional forms.

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
// A new column of lists holds the empty list of its items' type where
// the where phrase does not reach, as indexing past a list's end gives.
q!(
    update_where_new_column_of_strings_fills_empty_strings,
    "t:([]a:1 2 3)\nr:update s:(\"ab\";\"cd\") from t where a>1\nr`s",
    "\"\"\n\"ab\"\n\"cd\""
);
q!(
    update_where_new_column_of_mixed_items_fills_the_first_items_null,
    "t:([]a:1 2 3)\nr:update m:(`x;1) from t where a<3\nr`m",
    "`x\n1\n`"
);
// A later constraint that applies a function to each of no rows gives
// `()`, which keeps no rows rather than failing.
q!(
    where_constraint_over_no_rows_may_give_an_empty_list,
    "t:([]a:1 2)\ncount select from t where a>5,{x>0}each a\nupdate a:3 from t where a>5,{x}each a",
    "0\na\n-\n1\n2"
);
// A phrase in parentheses that assigns a name still names its column.
q!(
    parenthesised_phrase_names_its_column,
    "t:([]a:1 2 3;b:3#0)\nupdate c:a,(b:a*10) from t where a>1\nselect (y:a+1),z:a from t",
    "a b  c\n------\n1 0\n2 20 2\n3 30 3\ny z\n---\n2 1\n3 2\n4 3"
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
// A function with an item per row gives each row its own; one whose
// result is not (an atom, or a list of another length) gives every row
// of the group the whole result.
q!(
    fby_uniform_and_whole_results,
    "dat:2 5 4 1 7\ngrp:`a`b`b`a`c\n(sums;dat) fby grp\n({$[3=count x;x;2=count x;sum x;1#x]};dat) fby grp\n(string;dat) fby grp\n({`x};dat) fby grp\n({3#x};dat) fby grp",
    "2 5 9 3 7\n3 9 9 3 7\n,\"2\"\n,\"5\"\n,\"4\"\n,\"1\"\n,\"7\"\n`x`x`x`x`x\n2 1 2\n5 4 5\n5 4 5\n2 1 2\n7 7 7"
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
// Sums by group, with nulls skipped, groups in key order, over all rows or
// those a where phrase picks, agree with summing each group's rows.
q!(
    select_sum_by_matches_each_group,
    "t:([]k:3 1 2 1 3 0N 2;v:1.5 0n 2 4 8 16 0w;n:1 2 0N 4 5 6 7)\n\
     select sum v,sum n by k from t\n\
     (select sum v,sum n by k from t)~select {sum x}[v],{sum x}[n] by k from t\n\
     t2:t,([]k:9 9;v:0n 0n;n:0N 0N)\n\
     (select avg v,avg n,max n,min n by k from t2 where k>0)~select {avg x}[v],{avg x}[n],{max x}[n],{min x}[n] by k from t2 where k>0\n\
     select sum v,sum n by k from t where k>1\n\
     (select sum v by s from ([]s:`b`a`b`c;v:1 2 3 4f))~([s:`a`b`c]v:2 4 4f)",
    "k| v   n\n-| -----\n | 16  6\n1| 4   6\n2| 0w  7\n3| 9.5 6\n1b\n1b\n\
     k| v   n\n-| -----\n2| 0w  7\n3| 9.5 6\n1b"
);

// ---- docs/basics/funsql.md, "Group by columns" ----
// An exec grouped by a list of column names is keyed by the empty symbol:
// a column's whole value, or one row of the aggregates of a dictionary.
q!(
    functional_exec_by_column_list_of_column,
    "t:([]g:`p`q`p;v:1 2 3;w:4 5 6)\nr:?[t;();`g`v;`w]\nkey r\nvalue r",
    ",`\n4 5 6"
);
q!(
    functional_exec_by_column_list_of_aggregates,
    "t:([]g:`p`q`p;v:1 2 3;w:4 5 6)\n?[t;();`g`v;`s`m!((sum;`v);(max;`w))]",
    "| s m\n| ---\n| 6 6"
);
q!(
    functional_exec_by_column_list_filters_first,
    "t:([]g:`p`q`p;v:1 2 3;w:4 5 6)\nvalue ?[t;enlist(>;`v;1);`g`v;`w]",
    "5 6"
);

// An unnamed column is named after its leftmost term (qsql.md); a type or
// a symbol on the left of a primitive (`` `time$avg t ``, `` `Yes=s ``)
// passes the name on from the right, while a number gives `x`.
// programming-idioms.md: an iterated function applied infix is named
// after its right argument.
q!(
    column_named_from_the_right_of_an_iterated_function,
    "t:([]s:`a`b;p:(1 2 3;4 5 6))\ncols select s,-2#'p,reverse each -1#'p from t\nrng:{max[x]-min x}\ncols select s,rng'[p],rng'[p@\\:0 1] from update i:p from t",
    "`s`p`p1\n`s`p`x"
);
q!(
    column_names_pass_over_types_and_symbols_on_the_left,
    "t:([]s:`Yes`No;v:1 2)\nupdate \"e\"$`Yes=s from t\nselect `long$avg v by s from t\nselect 2*v from t",
    "s v\n---\n1 1\n0 2\ns  | v\n---| -\nNo | 2\nYes| 1\nx\n-\n2\n4"
);

// temporal-data.md: upserting into a stepped dictionary is 'step; without
// the attribute it joins.
q!(
    upsert_into_a_stepped_dictionary,
    "d:`s#`a`b!1 2\n@[upsert[`d];`c`d!3 4;{x}]\n`a`b`c`d~key (`a`b!1 2) upsert `c`d!3 4",
    "\"step\"\n1b"
);

// A symbol names a global even where a column has that name: `sym?` in
// an update extends the global `sym`, as loading CSV into a database does.
q!(
    enumerating_in_a_query_extends_the_global_domain,
    "sym:`symbol$()\nt:update sym:`sym?sym from ([]sym:`b`a`b;v:1 2 3)\nsym\nt`sym\nf:{update sym:`sym$sym from x}\n(f ([]sym:`a`a))`sym\nf ([]sym:enlist`c)",
    "`b`a\n`sym$`b`a`b\n`sym$`a`a\n'cast"
);

// An unnamed column is named from the right of a primitive that shapes
// its right (`2#dt`, `p!v`), from the left of arithmetic (q for mortals
// §9, qsql.md).
q!(
    unnamed_columns_named_from_the_data_side,
    "t:([]a:1 2;b:3 4)\ncols select 2#a, a!b, a+b, b*2 from t\nn:2;item:`x`y\ncols ([]n?item;2#item)",
    "`a`b`a1`b1\n`item`item1"
);

// Per-group values of every shape land on their own rows: atoms spread
// over the group, strings kept as items, symbols written into a symbol
// column only where the rows are chosen.
q!(
    update_by_spreads_each_group,
    "t:([]k:`a`b`a`c`b;v:1 2 3 4 5;s:`x`y`z`w`u)\n\
     update m:max v,c:string s,s:`q by k from t where v>1",
    "k v s m c   \n------------\na 1 x   \"\"  \nb 2 q 5 ,\"y\"\na 3 q 3 ,\"z\"\nc 4 q 4 ,\"w\"\nb 5 q 5 ,\"u\""
);
// A group's value that is a dictionary gives its values, row by row.
q!(
    update_by_with_a_dictionary_per_group,
    "t:([]a:1 2 3;b:`x`y`x)\nupdate a:b!10*a by b from t",
    "a  b\n----\n10 x\n20 y\n30 x"
);
