//! kdb+ databases end to end: a piped `qrepl` session writes partitions
//! with `.Q.dpft`, another loads the directory with `\l` and queries it,
//! and `.Q.hdpf` moves a process's tables to a database and tells a
//! listening HDB process to reload. Each test works in a fresh directory.

mod common;

use common::piped_session as session;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const QREPL: &str = env!("CARGO_BIN_EXE_qrepl");

struct Dir(PathBuf);

impl Dir {
    fn new() -> Dir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "qrepl_db_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const TRADES: &str = "\
trade:([]sym:`ibm`msft`ibm;px:10 20 11f;size:100 200 300;note:(enlist \"a\";\"bb\";\"\"))
.Q.dpft[`:db;2024.01.02;`sym;`trade]
trade:([]sym:`aapl`ibm;px:30 12f;size:5 6;note:(\"ccc\";enlist \"d\"))
.Q.dpft[`:db;2024.01.03;`sym;`trade]
";

#[test]
fn partitions_written_by_dpft_load_as_one_table() {
    let d = Dir::new();
    assert_eq!(session(&d.0, TRADES), "`trade\n`trade\n");
    // The sym file holds each symbol once, in order of first use.
    assert_eq!(
        std::fs::read(d.0.join("db/sym")).unwrap(),
        b"\xff\x01\x0b\x00\x03\x00\x00\x00ibm\0msft\0aapl\0"
    );
    // Columns are sorted by the parting column, which comes first.
    let got = session(
        &d.0,
        "\\l db\n\
         meta trade\n\
         select from trade\n\
         select sum size by sym from trade where date=2024.01.02\n\
         date\n\
         (.Q.pf;.Q.pv;.Q.PV;.Q.pt)\n\
         count trade\n\
         -2#system \"cd\"\n",
    );
    let want = "\
c   | t f a
----| -----
date| d    
sym | s    
px  | f    
size| j    
note| C    
date       sym  px size note 
-----------------------------
2024.01.02 ibm  10 100  ,\"a\"
2024.01.02 ibm  11 300  \"\"  
2024.01.02 msft 20 200  \"bb\"
2024.01.03 aapl 30 5    \"ccc\"
2024.01.03 ibm  12 6    ,\"d\"
sym | size
----| ----
ibm | 400 
msft| 200 
2024.01.02 2024.01.03
`date
2024.01.02 2024.01.03
2024.01.02 2024.01.03
,`trade
5
\"db\"
";
    assert_eq!(trim_lines(&got), trim_lines(want));
}

fn trim_lines(s: &str) -> String {
    s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

#[test]
fn enumerating_again_keeps_earlier_indices() {
    let d = Dir::new();
    let got = session(
        &d.0,
        "t:.Q.en[`:db] ([]s:`b`a`b)\n\
         u:.Q.en[`:db] ([]s:`c`a;n:1 2)\n\
         get `:db/sym\n\
         t`s\n\
         u`s\n\
         .Q.en[`:db] ([]n:1 2)\n",
    );
    assert_eq!(
        trim_lines(&got),
        "`b`a`c\n`sym$`b`a`b\n`sym$`c`a\nn\n-\n1\n2"
    );
}

/// dotq.md's `.Q.dsftg`: fixed-width binary records after a header,
/// loaded `.Q.M` rows at a time, post-processed by `g`, enumerated and
/// appended to a partition's splayed table.
#[test]
fn dsftg_loads_binary_records_in_chunks() {
    let d = Dir::new();
    let got = session(
        &d.0,
        "rec:{raze (reverse 0x0 vs `int$x;reverse 0x0 vs `short$x mod 2;\"x\"$\"AB\" x mod 2)}\n\
         `:src 1: (3#0xff),raze rec each til 5\n\
         .Q.M:2\n\
         .Q.dsftg[(`:db;2001.01.01;`t);(`:src;3;0);`n`flag`ex;(\"ihs\";4 2 1);{update n*10 from x}]\n\
         x:get `:db/2001.01.01/t/\n\
         x\n\
         (get `:db/sym)~`A`B\n\
         .Q.dsftg[(`:db;2001.01.01;`t);(`:src;10;-7);`n`flag`ex;(\"ihs\";4 2 1);::]\n\
         count get `:db/2001.01.01/t/\n",
    );
    assert_eq!(
        trim_lines(&got),
        "`:src\n`t\nn  flag ex\n----------\n0  0    A\n10 1    B\n20 0    A\n30 1    B\n40 0    A\n1b\n`t\n8"
    );
}

#[test]
fn a_database_of_splayed_tables_and_files_loads() {
    let d = Dir::new();
    let got = session(
        &d.0,
        "sym:`x`y\n\
         `:db/t/ set ([]a:1 2;s:`sym$`y`x)\n\
         `:db/sym set sym\n\
         `:db/n set 42\n\
         `:db/init.q 0: enlist \"loaded:1b\"\n",
    );
    assert_eq!(got, "`:db/t/\n`:db/sym\n`:db/n\n`:db/init.q\n");
    let got = session(&d.0, "delete sym from `.\n\\l db\nt\nn\nloaded\n");
    assert_eq!(trim_lines(&got), "`.\na s\n---\n1 y\n2 x\n42\n1b");
}

/// What maintenance scripts do to a splayed table on disk: read its `.d`
/// as `` get `:dir`.d ``, amend a column file or the `.d` through the
/// directory (`@[dir;`c;f]`), and write a table splayed with
/// `@[dir;`;:;t]`.
#[test]
fn a_splayed_directory_is_amended_column_by_column() {
    let d = Dir::new();
    let got = session(
        &d.0,
        "`:db/t/ set ([]a:1 2)\n\
         get `:db/t`.d\n\
         @[`:db/t;`a;10*]\n\
         @[`:db/t;`b;:;`x`y]\n\
         @[`:db/t;`.d;,;`b]\n\
         get `:db/t\n\
         @[`:db/u;`;:;([]c:3 4f)]\n\
         get `:db/u/\n\
         `:db/f set `a`b!1 2\n\
         @[`:db/f;`b;:;7]\n\
         get `:db/f\n",
    );
    assert_eq!(
        trim_lines(&got),
        "`:db/t/\n,`a\n`:db/t\n`:db/t\n`:db/t\na  b\n----\n10 x\n20 y\n\
         `:db/u\nc\n-\n3\n4\n`:db/f\n`:db/f\na| 1\nb| 7"
    );
    assert!(d.0.join("db/u/.d").is_file());
}

#[test]
fn cd_reports_and_changes_the_directory() {
    let d = Dir::new();
    std::fs::create_dir(d.0.join("sub")).unwrap();
    let here = std::fs::canonicalize(&d.0).unwrap();
    let got = session(
        &d.0,
        "\\cd sub\n\\cd\nsystem \"cd ..\"\n\\cd\n\\cd nowhere\n",
    );
    let want = format!(
        "{q}{s}/sub{q}\n{q}{s}{q}\n'nowhere. OS reports: No such file or directory",
        q = '"',
        s = here.display()
    );
    assert!(trim_lines(&got).starts_with(&want), "{got}");
}

/// A process listening on a free port, in `dir`.
fn listener(dir: &Path) -> (Child, u16) {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let child = Command::new(QREPL)
        .current_dir(dir)
        .args(["-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "listener up");
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, port)
}

#[test]
fn hdpf_saves_every_table_and_reloads_the_hdb() {
    let d = Dir::new();
    std::fs::create_dir(d.0.join("db")).unwrap();
    // An empty database to start from, as an HDB begins.
    let (mut hdb, port) = listener(&d.0.join("db"));
    let got = session(
        &d.0,
        &format!(
            "trade:([]sym:`a`b`a;px:1 2 3f)\n\
             quote:([]sym:`b`c;bid:9 8f)\n\
             .Q.hdpf[`::{port};`:db;2024.02.01;`sym]\n\
             (count trade;count quote)\n\
             h:hopen {port}\n\
             h \"(count trade;count quote;exec sum px from trade;date)\"\n"
        ),
    );
    let _ = hdb.kill();
    let _ = hdb.wait();
    assert_eq!(trim_lines(&got), "0 0\n3\n2\n6f\n,2024.02.01");
}

#[test]
fn a_damaged_column_names_its_file() {
    let d = Dir::new();
    session(&d.0, "`:db/t/ set ([]a:1 2 3)\n");
    let col = d.0.join("db/t/a");
    let bytes = std::fs::read(&col).unwrap();
    // kdb+ leaves a column's count 0, so a cut shows as a part item.
    std::fs::write(&col, &bytes[..bytes.len() - 3]).unwrap();
    let got = session(&d.0, "get `:db/t\n");
    assert!(got.starts_with("'length: db/t/a"), "{got}");
}

/// The shape of a streaming loader: `.Q.fsn` hands each chunk of whole
/// lines to a function that parses them (ignoring the fields past the
/// type letters) and upserts them to a splayed table that does not exist
/// at first; the table is then sorted on disk and loaded back.
#[test]
fn a_csv_streamed_in_chunks_builds_a_sorted_splayed_table() {
    let d = Dir::new();
    let mut csv = String::from("sym,size,note\n");
    for i in 0..300 {
        csv += &format!("{},{i},x\n", ["b", "a", "c"][i % 3]);
    }
    std::fs::write(d.0.join("in.csv"), &csv).unwrap();
    let got = session(
        &d.0,
        "chunks:0\n\
         load1:{[x] chunks+:1; t:.Q.en[`:db] flip `sym`size!(\"SJ\";\",\")0:x where not x like \"sym,*\"; `:db/t/ upsert t}\n\
         .Q.fsn[load1;`:in.csv;1000]\n\
         chunks\n\
         `sym xasc `:db/t/\n\
         \\l db\n\
         count t\n\
         exec sum size from t\n\
         exec distinct sym from t\n\
         3#t\n",
    );
    let want = "\
2304
3
`:db/t/
300
44850
`sym$`a`b`c
sym size
--------
a   1
a   4
a   7";
    assert_eq!(trim_lines(&got), want);
}

// A segmented database (segment.md): `par.txt` lists the segments, and
// `.Q.par` (so `.Q.dpft`) puts partition p in segment `p mod count
// segments`; `\l` reads the partitions of every segment as one table.
// Partitions of one date in two segments are two partitions, each
// numbering its rows from 0 in `i` (qsql.md).
#[test]
fn a_segmented_database_loads_from_par_txt() {
    let d = Dir::new();
    let root = d.0.display().to_string();
    std::fs::create_dir_all(d.0.join("db")).unwrap();
    std::fs::write(d.0.join("db/par.txt"), format!("{root}/s1\n{root}/s2\n")).unwrap();
    let wrote = session(
        &d.0,
        "t:([]sym:`a`b`a;px:1 2 3f)\n\
         .Q.dpft[`:db;;`sym;`t] each 2010.01.01+til 4\n\
         .Q.par[`:db;2010.01.02;`t]\n",
    );
    assert_eq!(wrote.replace(&root, "R"), "`t`t`t`t\n`:R/s1/2010.01.02/t\n");
    assert!(d.0.join("s2/2010.01.01/t/.d").is_file());
    assert!(d.0.join("s1/2010.01.04/t/.d").is_file());
    // The same date in a second segment (names split across segments):
    // partitions of one value follow the order of `par.txt`.
    std::fs::create_dir_all(d.0.join("s1/2010.01.03")).unwrap();
    session(
        &d.0,
        "t:([]sym:enlist`c;px:enlist 4f)\n`:s1/2010.01.03/t/ set .Q.en[`:db] t\n",
    );
    let got = session(
        &d.0,
        "\\l db\n\
         select count i by date from t\n\
         select from t where date=2010.01.03\n\
         exec i from t where date=2010.01.03\n\
         exec i from t\n\
         .Q.P\n.Q.D\n.Q.PV\n.Q.PD~.Q.pd\n`$last each \"/\" vs' string .Q.PD\n.Q.u\n.Q.pv~date\n\
         .Q.cn t\n.Q.pn\n.Q.qt t\n.Q.ind[t;0 4]\n",
    );
    let want = "\
date      | x
----------| -
2010.01.01| 3
2010.01.02| 3
2010.01.03| 4
2010.01.04| 3
date       sym px
-----------------
2010.01.03 c   4
2010.01.03 a   1
2010.01.03 a   3
2010.01.03 b   2
0 0 1 2
0 1 2 0 1 2 0 0 1 2 0 1 2
`:R/s1`:R/s2
2010.01.02 2010.01.03 2010.01.04
2010.01.01 2010.01.03
2010.01.01 2010.01.02 2010.01.03 2010.01.03 2010.01.04
1b
`s2`s1`s1`s2`s1
0b
1b
3 3 1 3 3
t| 3 3 1 3 3
1b
date       sym px
-----------------
2010.01.01 a   1
2010.01.02 a   3
";
    assert_eq!(trim_lines(&got.replace(&root, "R")), trim_lines(want));
}

// `.Q.chk` (dotq.md) fills the tables missing from partitions from the
// most recent partition holding them, and names each partition it fixed,
// most recent first.
#[test]
fn chk_fills_tables_missing_from_partitions() {
    let d = Dir::new();
    session(
        &d.0,
        "t:([]sym:`a`b;px:1 2f)\nq:([]sym:`a`c;v:1 2)\n\
         .Q.dpft[`:db;2010.01.01;`sym;`t]\n.Q.dpft[`:db;2010.01.02;`sym;`t]\n\
         .Q.dpft[`:db;2010.01.02;`sym;`q]\n",
    );
    let got = session(
        &d.0,
        ".Q.chk[`:db]\ncount .Q.chk[`:db]\n\\l db\nq\nmeta q\nget `:2010.01.01/q/v\n",
    );
    let want = "\
()
,`:db/2010.01.01
2
date       sym v
----------------
2010.01.02 a   1
2010.01.02 c   2
c   | t f a
----| -----
date| d
sym | s
v   | j
`long$()
";
    assert_eq!(trim_lines(&got), trim_lines(want));
}

/// Three days of `t`, written by `.Q.dpft` into `db`.
const DAYS: &str = "\
t:([]sym:`a`b`c;n:1 2 3)
.Q.dpft[`:db;2024.01.01;`sym;`t]
t:([]sym:`b`c;n:4 5)
.Q.dpft[`:db;2024.01.02;`sym;`t]
t:([]sym:`a`d`e`e;n:6 7 8 9)
.Q.dpft[`:db;2024.01.03;`sym;`t]
";

#[test]
fn a_query_on_some_days_reads_only_their_partitions() {
    let d = Dir::new();
    session(&d.0, DAYS);
    // A damaged column in the first day: only what reads that day fails.
    std::fs::write(d.0.join("db/2024.01.01/t/n"), b"\xfe\x20\x07").unwrap();
    let got = session(
        &d.0,
        "\\l db\n\
         select n from t where date=2024.01.02\n\
         exec sum n from t where date within 2024.01.02 2024.01.03, n>5\n\
         f:{select count i by date from t where date in x}\n\
         f 2024.01.02 2024.01.03\n\
         ?[`t;enlist(>;`date;2024.01.01);0b;(enlist`s)!enlist`sym]\n\
         select n from t where i<1, date=2024.01.03\n\
         select from t where n>1\n\
         \"still here\"\n",
    );
    let want = "\
n
-
4
5
30
date      | x
----------| -
2024.01.02| 2
2024.01.03| 4
s
-
b
c
a
d
e
e
n
-
6
\"still here\"
";
    // The whole table needs the damaged day, which the error names; the
    // session goes on.
    assert!(got.starts_with(want), "{got}");
    let err = &got[want.len()..];
    assert!(
        err.starts_with("'length: ") && err.contains("/db/2024.01.01/t/n\n"),
        "{err}"
    );
}

// count, cols and meta of a partitioned table come from the column files'
// headers and the newest partition, as kdb+ gives them: a damaged column
// in an older day does not stop them, and they agree with the table read
// whole.
#[test]
fn count_cols_and_meta_of_a_partitioned_table_read_no_partition_whole() {
    let d = Dir::new();
    session(&d.0, DAYS);
    let sound = session(&d.0, "\\l db\nx:select from t\n(count t;cols t)\nmeta t\n");
    std::fs::write(d.0.join("db/2024.01.01/t/n"), b"\xfe\x20\x07").unwrap();
    let damaged = session(&d.0, "\\l db\n(count t;cols t)\nmeta t\n");
    let want = "\
9
`date`sym`n
c   | t f a
----| -----
date| d    
sym | s    
n   | j    
";
    assert_eq!(sound, want);
    assert_eq!(damaged, want);
}

// A query grouped first by the partition column reads one partition at a time:
// it answers over a database larger than the workspace limit, where
// reading every partition at once is 'wsfull, and its groups are those
// of the whole table, `i` counting within each partition.
#[test]
fn a_query_by_date_reads_one_partition_at_a_time() {
    let d = Dir::new();
    session(
        &d.0,
        "{[d] t::([]sym:100000#`a`b`c`d;n:100000#1 2 3 4 5); .Q.dpft[`:db;d;`sym;`t]} each 2024.01.01+til 20;\n",
    );
    let got = session(
        &d.0,
        "\\w 16\n\\l db\n\
         r:select c:count i, s:sum n, l:last i by date from t where sym=`a\n\
         (count r;exec distinct c from r;exec distinct s from r;exec distinct l from r)\n\
         exec distinct x from select count i by date,sym from t\n\
         select from t where sym=`a\n",
    );
    assert!(
        got.starts_with("16777216\n20\n,25000\n,75000\n,24999\n,25000\n'wsfull"),
        "{got}"
    );
}

#[test]
fn partitioned_tables_are_listed_and_told_apart() {
    let d = Dir::new();
    session(&d.0, &format!("{DAYS}`:db/s/ set ([]a:1 2)\n"));
    let got = session(
        &d.0,
        "\\l db\n\
         tables[]\n\
         \\a\n\
         (.Q.qp t;.Q.qp s;.Q.qp select from t;.Q.qp 42)~(1b;0b;0;0)\n\
         count t\n\
         \\cd /\n\
         count select from t where date=2024.01.03\n",
    );
    assert_eq!(got, "`s`t\n`s`t\n1b\n9\n4\n");
}

#[test]
fn q_view_narrows_every_query_to_some_partitions() {
    let d = Dir::new();
    session(&d.0, DAYS);
    let got = session(
        &d.0,
        "\\l db\n\
         .Q.view 2024.01.01 2024.01.03\n\
         date\n\
         .Q.pv\n\
         exec n from t\n\
         count select from t where date=2024.01.02\n\
         @[.Q.view;2030.01.01;{x}]\n\
         .Q.view[]\n\
         count t\n",
    );
    assert_eq!(
        got,
        "2024.01.01 2024.01.03\n2024.01.01 2024.01.03\n1 2 3 6 7 8 9\n0\n\
         \"invalid partition filter\"\n9\n"
    );
}

// dotq.md: `.Q.view` clears the counts `.Q.cn` caches in `.Q.pn`, and
// `.Q.pd` and `.Q.cn` then cover only the partitions in view.
#[test]
fn q_view_narrows_pd_and_the_partition_counts() {
    let d = Dir::new();
    session(&d.0, DAYS);
    let got = session(
        &d.0,
        "\\l db\n\
         .Q.cn t\n\
         .Q.pn\n\
         .Q.view 2024.01.01 2024.01.03\n\
         .Q.pn\n\
         .Q.cn t\n\
         .Q.pd\n\
         .Q.view[]\n\
         .Q.cn t\n",
    );
    assert_eq!(got, "3 2 4\nt| 3 2 4\nt| \n3 4\n`:.`:.\n3 2 4\n");
}

// dotq.md: `.Q.li` adds partitions written since the database loaded,
// only those named; `.Q.lo` loads without moving there or running the
// database's scripts, and `.Q.l` loads as `\l` does.
#[test]
fn partitions_written_later_are_added_by_li() {
    let d = Dir::new();
    session(&d.0, "`:db/2001.01.01/t/ set .Q.en[`:db]([]s:`a`b;v:1 2)\n");
    std::fs::write(d.0.join("db/init.q"), "loaded:1b\n").unwrap();
    let got = session(
        &d.0,
        "\\l db\n\
         `:2001.01.02/t/`:2001.01.03/t/ set\\:delete date from select from t where date=2001.01.01\n\
         date\n\
         .Q.li 2001.01.02\n\
         date\n\
         .Q.li 2001.01.03 2001.01.09\n\
         select count i by date from t\n",
    );
    assert_eq!(
        got,
        "`:2001.01.02/t/`:2001.01.03/t/\n,2001.01.01\n2001.01.01 2001.01.02\n\
         date      | x\n----------| -\n2001.01.01| 2\n2001.01.02| 2\n2001.01.03| 2\n"
    );
    let got = session(
        &d.0,
        ".Q.lo[`:db;0b;0b]\n\
         (count t;`loaded in key `.)\n\
         last \"/\" vs system \"cd\"\n\
         .Q.l `db\n\
         (loaded;last \"/\" vs system \"cd\")\n",
    );
    let dir = d.0.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(got, format!("6\n0b\n\"{dir}\"\n1b\n\"db\"\n"));
}

// In a partitioned table the virtual column `i` is the row's index
// within its partition, not within the whole table (qsql.md, "Virtual
// column i"): so on reads of several days and of the whole table. A
// table selected from it is an ordinary table, numbered through.
#[test]
fn i_counts_rows_within_each_partition() {
    let d = Dir::new();
    session(&d.0, DAYS);
    let got = session(
        &d.0,
        "\\l db\n\
         select i,n from t where date in 2024.01.01 2024.01.03\n\
         select from t where date within 2024.01.02 2024.01.03, i<1\n\
         exec i from t\n\
         select from t where i=1\n\
         select i by date from t\n\
         exec n from t where date>2024.01.01, i in 1 3\n\
         ?[t;enlist(=;`i;2);0b;`n`j!`n`i]\n\
         x:t\n\
         exec i from x\n\
         exec i from select from t\n\
         .Q.view 2024.01.02 2024.01.03\n\
         exec i from t\n",
    );
    let want = "\
x n
---
0 1
1 2
2 3
0 6
1 7
2 8
3 9
date       sym n
----------------
2024.01.02 b   4
2024.01.03 a   6
0 1 2 0 1 0 1 2 3
date       sym n
----------------
2024.01.01 b   2
2024.01.02 c   5
2024.01.03 d   7
date      | x
----------| -------
2024.01.01| 0 1 2
2024.01.02| 0 1
2024.01.03| 0 1 2 3
5 7 9
n j
---
3 2
8 2
0 1 2 0 1 0 1 2 3
0 1 2 3 4 5 6 7 8
0 1 0 1 2 3
";
    assert_eq!(trim_lines(&got), trim_lines(want));
}

// `update` and `delete` cannot change a partitioned table (errors.md,
// `par`): each is refused, by name or by value, and the table is as it was.
#[test]
fn update_and_delete_on_a_partitioned_table_are_par() {
    let d = Dir::new();
    session(&d.0, DAYS);
    let got = session(
        &d.0,
        "\\l db\n\
         update n:n+1 from `t\n\
         update n:n+1 from t\n\
         delete from `t where n>1\n\
         ![`t;();0b;(enlist`n)!enlist(+;`n;1)]\n\
         exec sum n from t\n",
    );
    let errors = got.lines().filter(|l| *l == "'par").count();
    assert_eq!(errors, 4, "{got}");
    assert!(got.lines().any(|l| l == "45"), "{got}");
}
