//! KX's database maintenance script (`utils/dbmaint.q` of
//! github.com/KxSystems/kdb) runs unchanged against a partitioned database
//! that qrepl wrote: columns are added, renamed, copied, deleted, cast,
//! given an attribute and reordered in every partition, a table is added
//! and renamed, and the database loads with the changes.
//!
//! The script is not kept here: the test takes it from the directory in
//! `QREPL_KDB_UTILS`, or downloads it, or else runs the copy pykx ships
//! (`pykx/lib/dbmaint.q`, the same functions in the `.dbmaint` namespace)
//! from the interop interpreter, and skips, saying so, when none is there.

mod common;

use common::piped_session as session;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SCRIPT_URL: &str = "https://raw.githubusercontent.com/KxSystems/kdb/master/utils/dbmaint.q";

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `dbmaint.q`, from `QREPL_KDB_UTILS`, downloaded into `dir`, or pykx's.
fn script(dir: &Path) -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("QREPL_KDB_UTILS") {
        let f = PathBuf::from(d).join("dbmaint.q");
        return f.is_file().then_some(f);
    }
    downloaded(dir).or_else(pykx_copy)
}

fn downloaded(dir: &Path) -> Option<PathBuf> {
    let f = dir.join("dbmaint.q");
    let got = Command::new("curl")
        .args(["--silent", "--fail", "--location", "--max-time", "20", "-o"])
        .arg(&f)
        .arg(SCRIPT_URL)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    (got && f.is_file()).then_some(f)
}

/// The copy of the script in the pykx package of the interop interpreter.
fn pykx_copy() -> Option<PathBuf> {
    let python = std::env::var_os("QREPL_PYTHON").filter(|p| !p.is_empty())?;
    let out = Command::new(python)
        .args([
            "-c",
            "import importlib.util, os; print(os.path.dirname(importlib.util.find_spec('pykx').origin))",
        ])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let dir = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let f = Path::new(&dir).join("lib/dbmaint.q");
    (out.status.success() && f.is_file()).then_some(f)
}

#[test]
fn dbmaint_changes_every_partition_of_a_database() {
    let dir = std::env::temp_dir().join(format!("qrepl_dbmaint_{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dir = Dir(dir);
    let Some(script) = script(&dir.0) else {
        println!(
            "skipped: dbmaint.q is not in QREPL_KDB_UTILS, could not be downloaded, \
             and no pykx copy is in QREPL_PYTHON"
        );
        return;
    };
    // pykx's copy defines the functions in `.dbmaint`.
    let text = std::fs::read_to_string(&script).unwrap_or_default();
    let ns = if text.contains("\\d .dbmaint") {
        ".dbmaint."
    } else {
        ""
    };
    let setup = format!(
        "\\l {}\n\
         db:`:db\n\
         {{trade::([]sym:`a`b`a;price:1 2 3f;size:10 20 30);.Q.dpft[db;x;`sym;`trade]}} each 2020.01.01 2020.01.02;\n\
         {ns}addcol[db;`trade;`venue;`N]\n\
         {ns}addcol[db;`trade;`lots;1]\n\
         {ns}renamecol[db;`trade;`price;`px]\n\
         {ns}copycol[db;`trade;`size;`size2]\n\
         {ns}deletecol[db;`trade;`size2]\n\
         {ns}castcol[db;`trade;`size;`int]\n\
         {ns}fncol[db;`trade;`px;2*]\n\
         {ns}setattrcol[db;`trade;`lots;`s]\n\
         {ns}reordercols[db;`trade;`lots`sym`px`size`venue]\n\
         {ns}addtable[db;`quote;([]sym:0#`;bid:0#0f)]\n\
         {ns}rentable[db;`quote;`quotes]\n\
         {ns}listcols[db;`trade]\n",
        script.display()
    );
    let out = session(&dir.0, &setup);
    assert!(out.contains("adding column venue"), "{out}");
    assert!(out.contains("renaming price to px"), "{out}");
    assert!(!out.contains('\''), "an error: {out}");
    assert!(out.ends_with("`lots`sym`px`size`venue\n"), "{out}");

    let out = session(
        &dir.0,
        "\\l db\n\
         cols trade\n\
         exec px from trade\n\
         type exec size from trade\n\
         exec distinct venue from trade\n\
         attr get `:2020.01.02/trade/lots\n\
         tables[]\n\
         count quotes\n",
    );
    assert_eq!(
        out,
        "`date`lots`sym`px`size`venue\n\
         2 6 4 2 6 4f\n\
         6h\n\
         `sym$,`N\n\
         `s\n\
         `quotes`trade\n\
         0\n"
    );
}
