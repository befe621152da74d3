//! The q functions defined in q that write databases, end to end: `dsave`
//! (dsave.md) and `.Q.dpt .Q.dpts .Q.dpfts .Q.ens` (dotq.md). A piped
//! `qrepl` session writes into a fresh directory, and another loads it.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Dir(PathBuf);

impl Dir {
    fn new() -> Dir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let p = std::env::temp_dir().join(format!(
            "qrepl_lib_{}_{}",
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

/// Runs a piped session in `dir` and returns what it printed, each line
/// without trailing blanks.
fn session(dir: &Path, input: &str) -> String {
    common::piped_session(dir, input)
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

const TABLES: &str = "\
t:([]sym:`c`a`b`a;price:1 2 3 4f)
q:([]sym:`a`b`c;bid:10 20 30)
";

#[test]
fn dsave_splays_enumerated_tables_and_returns_their_names() {
    let d = Dir::new();
    let got = session(&d.0, &format!("{TABLES}`:db dsave `sym xasc/:`t`q\nsym\n"));
    assert_eq!(got, "`t`q\n`a`b`c");
    let got = session(&d.0, "\\l db\nmeta t\nselect from t\nq\nget `:t/sym\n");
    let want = "\
c    | t f a
-----| -----
sym  | s
price| f
sym price
---------
a   2
a   4
b   3
c   1
sym bid
-------
a   10
b   20
c   30
`sym$`a`a`b`c";
    assert_eq!(got, want);
}

#[test]
fn dsave_into_a_partition() {
    let d = Dir::new();
    let got = session(
        &d.0,
        &format!("{TABLES}`:db`2015.01.01 dsave `sym xasc/:`t`q\n"),
    );
    assert_eq!(got, "`t`q");
    let got = session(&d.0, "\\l db\ncols t\nselect from q where sym=`b\n");
    assert_eq!(
        got,
        "`date`sym`price\ndate       sym bid\n------------------\n2015.01.01 b   20"
    );
}

#[test]
fn dsave_of_one_table_returns_its_name() {
    let d = Dir::new();
    let got = session(&d.0, &format!("{TABLES}`:db dsave `q\n"));
    assert_eq!(got, "`q");
}

#[test]
fn dsave_needs_a_first_column_that_can_be_parted() {
    // The parted attribute goes on the first column: `c`a`b`a is not parted.
    let d = Dir::new();
    let got = session(&d.0, &format!("{TABLES}`:db dsave `t\n"));
    assert!(got.starts_with("'u-fail"), "{got}");
}

#[test]
fn dpfts_enumerates_against_the_named_domain() {
    // dotq.md: .Q.dpfts[`:db;2007.07.23;`a;`t;`mysym] then mysym is `c`a`b.
    let d = Dir::new();
    let got = session(
        &d.0,
        "t:([]a:`c`a`b`b`c;b:8 1 9 5 4)\n\
         .Q.dpfts[`:db;2007.07.23;`a;`t;`mysym]\n\
         mysym\n\
         get `:db/mysym\n\
         get `:db/2007.07.23/t/a\n",
    );
    assert_eq!(got, "`t\n`c`a`b\n`c`a`b\n`mysym$`a`b`b`c`c");
}

#[test]
fn ens_enumerates_against_a_domain() {
    // dotq.md: ([]sym:`mysym$`a`b`c)~.Q.ens[`:db;([]sym:`a`b`c);`mysym]
    let d = Dir::new();
    let got = session(
        &d.0,
        "([]sym:`mysym$`a`b`c)~.Q.ens[`:db;([]sym:`a`b`c);`mysym]\n",
    );
    assert_eq!(got, "1b");
}

#[test]
fn dpt_writes_unsorted() {
    let d = Dir::new();
    let got = session(
        &d.0,
        "t:([]s:`b`a`b;n:3 1 2)\n\
         .Q.dpt[`:db;2020.01.01;`t]\n\
         get `:db/2020.01.01/t/n\n\
         .Q.dpts[`:db;2020.01.02;`t;`dom]\n\
         get `:db/2020.01.02/t/s\n",
    );
    assert_eq!(got, "`t\n3 1 2\n`t\n`dom$`b`a`b");
}

// dotq.md `.Q.bv`, `.Q.bvi`: a table missing from some partitions gets
// an empty prototype in `.Q.vp`, taken from a partition that has it.
#[test]
fn build_vp_gives_tables_missing_from_partitions_a_prototype() {
    let d = Dir::new();
    let got = session(
        &d.0,
        "t:([]time:09:00:00.000+til 3;sym:`a`b`c;num:3#1)\n\
         .Q.dpft[`:db;;`sym;`t]each 2010.01.01+til 3\ntt:t\n\
         .Q.dpft[`:db;;`sym;`tt]2010.01.03\n\\l db\n.Q.bv[]\n.Q.vp\n\
         .Q.vp:()!()\n.Q.bvi[]\nkey .Q.vp\nselect count i by date from tt\n",
    );
    assert_eq!(
        got,
        "`t`t`t\n`tt\ntt| +`date`sym`time`num!(`date$();`sym$();`time$();`long$())\n\
         ,`tt\ndate      | x\n----------| -\n2010.01.03| 3"
    );
}

// kb/linking-columns: a link in each partition to a table partitioned
// alongside it reaches the rows of the same partition's table.
#[test]
fn links_in_partitions_reach_their_own_partitions_rows() {
    let d = Dir::new();
    let got = session(
        &d.0,
        "t1:([] id:101 102 103; v:1.1 2.2 3.3)\nt2:([] l:`t1!t1[`id]?103 101; n:10 20)\n\
         `:db/2019.01.01/t1/ set t1\n`:db/2019.01.01/t2/ set t2\n\
         t1:([] id:104 105; v:4.4 5.5)\nt2:([] l:`t1!t1[`id]?105 104; n:50 60)\n\
         `:db/2019.01.02/t1/ set t1\n`:db/2019.01.02/t2/ set t2\n\\l db\n\
         select date,n,l.v from t2 where date within 2019.01.01 2019.01.02\n\
         select n, l.id from t2 where date=2019.01.02\n",
    );
    assert_eq!(
        got,
        "`:db/2019.01.01/t1/\n`:db/2019.01.01/t2/\n`:db/2019.01.02/t1/\n`:db/2019.01.02/t2/\n\
         date       n  v\n-----------------\n2019.01.01 10 3.3\n2019.01.01 20 1.1\n\
         2019.01.02 50 5.5\n2019.01.02 60 4.4\nn  id\n------\n50 105\n60 104"
    );
}
