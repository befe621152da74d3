//! Forms that programs written for kdb+ rely on, kdb+tick's scripts first
//! among them (`tick.q`, `tick/u.q`, `tick/r.q`): amend through names and
//! namespaces, drop with a negative count, take from the empty list, and
//! the time of day of a timestamp.

// Amend (amend.md): a name in front of `@`/`.` with three arguments is
// amended, not called under trap.
q!(
    amend_a_name_with_a_unary,
    "x:1 2 3\n@[`x;0;neg]\nx",
    "`x\n-1 2 3"
);
q!(
    amend_a_table_column_by_name,
    "t:([]sym:`a`b;p:1 2)\n@[`t;`sym;`g#]\nattr t`sym",
    "`t\n`g"
);
// `.[`a;();:;v]` makes `a` (u.q's `.[;();:;].` sets each schema).
q!(
    amend_whole_of_a_new_name,
    "(.[;();:;].) each ((`trade;([]a:1 2));(`quote;([]b:enlist 3)))\n(count trade;count quote)",
    "`trade`quote\n2 1"
);
// tick.q empties every table in the root at once: @[`.;t;0#].
q!(
    amend_through_the_root_namespace,
    "t:([]a:1 2);q:([]b:1 2 3)\n@[`.;`t`q;0#]\n(count t;count q)",
    "`.\n0 0"
);
q!(
    amend_through_a_namespace,
    ".u.i:1;.u.j:5\n@[`.u;`i;+;10]\n(.u.i;.u.j)",
    "`.u\n11 5"
);
q!(root_namespace_value, "a:1;b:`x\nget `.", "a| 1\nb| `x");

// Take (take.md): from the empty general list, its prototype `()`; u.q's
// `w::t!(count t)#()` is a dictionary of empty lists to append to.
q!(
    take_from_the_empty_list_gives_empty_lists,
    "w:`a`b!2#()\nw[`a],:enlist(5;`x)\n(count w`a;count w`b;w[`a;0;0])",
    "1 0 5"
);

// Drop (drop.md): a negative count straight after the verb.
q!(
    drop_a_negative_count_after_drop,
    "1_-10_\"./tplog/sym2024.01.02\"",
    "\"/tplog/sym\""
);
q!(name_with_underscore_then_minus, "x_:5\nx_-1", "4");

// Cast (cast.md): a timespan from a point in time is its time of day, as
// a tickerplant's time column holds.
q!(
    timespan_of_a_timestamp_is_its_time_of_day,
    "\"n\"$2024.01.02D10:11:12.5\n`timespan$2024.01.02T03:00:00.000",
    "0D10:11:12.500000000\n0D03:00:00.000000000"
);

// ---- Forms met in published kdb+ scripts ----
// A parenthesised name and index is an indexed assignment target, at
// depth when the index is nested.
q!(
    parenthesised_index_assignment,
    "qp:5#0.0\nn:(0 2;1 3)\n(qp n):(1 2f;3 4f)\nqp",
    "1 3 2 4 0f\n"
);
q!(
    parenthesised_index_compound_assignment,
    "a:5#0\n(a 1 3)+:7 8\na",
    "0 7 0 8 0\n"
);
// q's own settings accept a trailing comment in a script.
q!(
    seed_with_a_trailing_comment,
    "\\S 104831           / random seed\n\\S",
    "104831\n"
);
// A symbol names a global: value and get inside a lambda do not see its
// locals (so .Q.dpft works on a table named like its own parameter).
q!(
    value_of_a_symbol_skips_locals,
    "t:([]a:1 2)\nf:{[t] count value t}\nf`t",
    "2\n"
);
q!(
    get_of_a_symbol_reads_the_global,
    "x:42\nh:{[x] get `x}\nh 1",
    "42\n"
);
// A symbol list is applied as a general list is: the way subscribers call
// a publisher's .u.sub with h(`.u.sub;`;`).
q!(
    value_of_a_symbol_list_applies_its_first,
    "f:{x,y}\nvalue `f`a`b",
    "`a`b\n"
);
// A dictionary with sorted keys is a step function.
q!(
    step_dictionary_lookup,
    "s:`s#1 5 10!`lo`mid`hi\n(s 7;s 0 1 4 5 12)",
    "`mid\n``lo`lo`mid`hi\n"
);
// d[;i] indexes every value and keeps the keys.
q!(
    dictionary_elided_first_index_keeps_keys,
    "d:`x`y!(1 2 3;4 5 6)\nd[;0 2]",
    "x| 1 3\ny| 4 6\n"
);
// Tables cross by columns; an empty side gives an empty table with every
// column, as a payments schedule over no months needs.
q!(
    table_cross_with_an_empty_table,
    "p:([]d:`date$()) cross ([]a:1 2;b:`x`y)\n(cols p;count p)",
    "`d`a`b\n0\n"
);
q!(
    table_cross_rows,
    "([]c:1 2) cross ([]a:10 20)",
    "c a \n----\n1 10\n1 20\n2 10\n2 20\n"
);
// A temporal bar buckets times of the same units: the time buckets of a
// query `by date,(15*0D00:01) xbar time`.
q!(
    timespan_xbar_timestamps,
    "0D00:15 xbar 2013.08.01D09:07:00 2013.08.01D09:22:00",
    "2013.08.01D09:00:00.000000000 2013.08.01D09:15:00.000000000\n"
);
q!(
    minute_xbar_minutes,
    "00:15 xbar 09:07 09:22",
    "09:00 09:15\n"
);

// ---- Forms a library of machine-learning utilities relies on ----
// Find (find.md): a list of lists matches a simple list whole. A
// dictionary keyed by strings looks up and amends its keys the same way.
q!(
    string_keyed_dictionary_amend_adds_one_key,
    "d:(\"ab\";\"cd\")!1 2\nd[\"xyz\"]:3\n(count d;d\"xyz\";d\"cd\";d\"no\")",
    "3 3 2 0N\n"
);
q!(
    string_keyed_dictionary_amend_several_keys,
    "d:(\"ab\";\"cd\")!1 2\nd[(\"cd\";\"ef\")]:8 9\nd",
    "\"ab\"| 1\n\"cd\"| 8\n\"ef\"| 9\n"
);
// A trailing `::` makes the terms before it a composition, of the rank of
// its last term.
q!(
    trailing_double_colon_composes,
    "f:neg abs::\n(f -3;type f)\ng:sqrt {x*y}::\ng[2;8]",
    "-3\n105h\n4f\n"
);
q!(
    trailing_double_colon_composes_a_projection,
    "h:{x-y}\nk:10+h[100]::\nk 1",
    "109\n"
);
// A noun before a train composes with it (compose.md's implicit
// composition): a verb with a left argument, then a left projection.
q!(
    noun_before_an_infix_train_composes,
    "c:({x,x} 2#1+)\nc 5",
    "6 6 6 6\n"
);
// A composition given fewer arguments than its last function takes is a
// projection of the composition.
q!(
    composition_projects_on_too_few_arguments,
    "c:neg {x-y}::\np:c[10]\n(type p;p 3)",
    "104h\n-7\n"
);
// Append (join.md): a list one rank above the item takes it whole; a
// table takes a record or records, filling columns they lack with nulls.
q!(
    append_to_a_list_of_lists_takes_one_item,
    "m:(1 2f;3 4f)\nm,:5 6f\n(count m;m 2)\nn:enlist 1 2\nn,:3 4\nn",
    "3\n5 6f\n1 2\n3 4\n"
);
// The general empty list has no first item to rank: appending it is no change.
q!(
    append_the_empty_list_changes_nothing,
    "s:(\"ab\";\"cd\")\ns,:()\n-3!s",
    "\"(\\\"ab\\\";\\\"cd\\\")\"\n"
);
q!(
    append_records_to_a_table,
    "t:([]a:1 2;b:3 4)\nt,:5 6\nt,:(7 8;9 10)\nt",
    "a b \n----\n1 3 \n2 4 \n5 6 \n7 8 \n9 10\n"
);
// A one-entry record is `(enlist`a)!enlist 5`; `` `a!5 `` is a link
// (q for mortals §5: "not a dictionary").
q!(
    append_to_a_table_fills_missing_columns,
    "t:([]a:1 2;b:3 4)\nt,:(enlist`a)!enlist 5\nt,:([]b:6 7)\nt",
    "a b\n---\n1 3\n2 4\n5  \n  6\n  7\n"
);
// Over of an Over is unary, so a function on its left is a while
// condition: `(f/)` folds a pair into the next pair until it fails.
q!(
    over_of_over_with_a_condition_iterates,
    "{5>last x} {(x*2;y+1)}// 1 0",
    "32 5\n"
);
// Indexing at depth applies a function met at any level to the indices
// left over.
q!(
    index_at_depth_applies_functions_inside,
    "fs:((neg;abs);(floor;ceiling))\nfs[;1;-2.5]\nfs . (1;0;2.5)\nfs[0;;-1]",
    "2.5\n-2\n2\n1 1\n"
);
// `\g` (syscmds.md): the garbage-collection mode, 0 (deferred) by default.
q!(
    garbage_collection_mode,
    "system \"g\"\n\\g 1\n\\g\n\\g 2",
    "0i\n1i\n'domain\n"
);
q!(
    over_of_over_with_a_count_repeats,
    "3 {(x+1;y*2)}// 0 1",
    "3 8\n"
);
// Amending a keyed table by key (keyed tables are dictionaries, dict.md):
// an existing key's row is replaced or amended, a new key adds a row, as
// upsert does; the key is an atom, a list of key values or a dictionary.
q!(
    amend_a_keyed_table_by_key,
    "t:([]k:`a`b)!([]p:1 2;q:3 4)\nt[`c]:`p`q!5 6\nt[`a]:7 8\nt[`b;`q]:40\nt[(1#`k)!1#`d]:1 1\nt",
    "k| p q \n-| ----\na| 7 8 \nb| 2 40\nc| 5 6 \nd| 1 1 \n"
);
q!(
    amend_a_keyed_table_by_a_compound_key,
    "u:([a:1 2;b:`x`y]c:10 20)\nu[(2;`y)]:99\nu[(3;`z)]:7\nu",
    "a b| c \n---| --\n1 x| 10\n2 y| 99\n3 z| 7 \n"
);

// ---- Forms a book's library of q utilities relies on ----
// A view may take a dotted name outside the q namespaces: it is defined,
// not evaluated, so it may name what is defined later (views.md).
q!(
    a_dotted_view_is_evaluated_when_read,
    "prof.rpt::.prof.stats prof.events\n.prof.stats:{2*x}\nprof.events:1 2\nprof.rpt\nprof.events:5\nprof.rpt",
    "2 4\n10\n"
);
// Functional exec with named groups and one expression is
// `exec e by s:s from t`: a table keying a list (exec.md, funsql.md).
q!(
    functional_exec_by_named_groups,
    "t:([]s:`a`b`a`b;c:`x`x`y`y;v:1 2 3 4)\n?[t;();(enlist`s)!enlist`s;(!;`c;`v)]\neval @[parse \"exec c!v by s:s from t\";1;:;t]",
    "s| x y\n-| ---\na| 1 3\nb| 2 4\ns| x y\n-| ---\na| 1 3\nb| 2 4\n"
);
// Each over a keyed table maps its rows and keeps its keys: a keyed table
// is a dictionary (dict.md).
q!(
    each_over_a_keyed_table_keeps_the_keys,
    "kt:([k:1 2] v:3 4)\n{x`v} each kt\n(enlist`v)#/:kt",
    "k| \n-| -\n1| 3\n2| 4\nk| v\n-| -\n1| 3\n2| 4\n"
);
// Take with a table selects by key from any dictionary keyed by a table,
// as from a keyed table (take.md): `group` of a table is one.
q!(
    take_by_table_from_a_grouped_table,
    "t:([]s:`b`a`b;v:1 2 3)\np:group (enlist `s)#t\nr:(asc key p)#p\n(key r;value r)\np ([]s:`b`a)",
    "+(,`s)!,`s#`a`b\n(,1;0 2)\n0 2\n,1\n"
);
// A vector literal goes on past a line break inside a lambda, where the
// break is whitespace (syntax.md, multiline expressions).
q!(
    a_vector_literal_spans_lines_in_a_lambda,
    "value \"{a:1 2\\n   3 4; a}[]\"",
    "1 2 3 4\n"
);
// `a b\c` is Scan's built-in `{z+x*y}\[a;b;c]` for floats
// (accumulators.md); from a count, data scanned is Do.
q!(
    float_scan_alternative_syntax,
    "a:1000f;b:1 2 3 4f;c:5 6 7 8f\na b\\c\n{first[y](1f-x)\\x*y}[.5;1 2 3 4f]\n2 (1 2 0)\\0",
    "1005 2016 6055 24228f\n1 1.5 2.25 3.125\n0 1 2\n"
);

// Over, scan, each-left/right and each-prior of a two-parameter lambda
// give what the primitive gives, and an item that fails reports the
// lambda with its caret.
q!(
    two_parameter_lambdas_under_iterators,
    "v:1000?100\n({x+y}/[v];{x+y}\\[v];{y+x}/[0;v];v {x*y}/: 2 3;2 3 {x*y}\\: v;{x-y}':[0;v])~(sum v;sums v;sum v;v*/:2 3;2 3*\\:v;deltas v)",
    "1b"
);
trace!(
    failing_item_of_an_iterated_lambda,
    "{x+y}/[1 2;(3;`a)]", "'type\n  [1]  {x+y}\n         ^"
);
