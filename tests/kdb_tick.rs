//! kdb+tick on qrepl processes: KX's own tickerplant (`tick.q`,
//! `tick/u.q`) and RDB (`tick/r.q`) run unchanged, with a feed publishing
//! trades and an HDB process, as kdb+tick's README starts them. Trades
//! reach the RDB, a restarted RDB replays the log to the same count, and
//! end of day moves them to the HDB, which reloads. The batching mode
//! (`-t`) is run too.
//!
//! The scripts are not kept here: the test takes them from the directory
//! in `QREPL_KDB_TICK` (holding `tick.q` and `tick/`), or clones
//! github.com/KxSystems/kdb-tick, and skips, saying so, when neither works.

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod common;

use common::Reaped;

const QREPL: &str = env!("CARGO_BIN_EXE_qrepl");

/// The schema file tick.q loads: `tick/sym.q`.
const SCHEMA: &str = "\
trade:([]time:`timespan$();sym:`g#`symbol$();price:`float$();size:`int$())
quote:([]time:`timespan$();sym:`g#`symbol$();bid:`float$();ask:`float$())
";

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(what: &str) -> Dir {
    static N: AtomicUsize = AtomicUsize::new(0);
    let p = std::env::temp_dir().join(format!(
        "qrepl_tick_{what}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    Dir(p)
}

/// Where kdb+tick's scripts are, if anywhere: `QREPL_KDB_TICK`, or a
/// fresh clone into `scratch`.
fn scripts(scratch: &Path) -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("QREPL_KDB_TICK") {
        let d = PathBuf::from(d);
        return d.join("tick.q").is_file().then_some(d);
    }
    let dest = scratch.join("kdb-tick");
    let cloned = Command::new("git")
        .args(["clone", "--quiet", "--depth", "1"])
        .arg("https://github.com/KxSystems/kdb-tick")
        .arg(&dest)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    (cloned && dest.join("tick.q").is_file()).then_some(dest)
}

/// Starts `qrepl args…` in `dir` with no input, as `q … </dev/null &`.
fn start(dir: &Path, args: &[&str], log: &str) -> Reaped {
    let out = std::fs::File::create(dir.join(log)).unwrap();
    let child = Command::new(QREPL)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .expect("spawn qrepl");
    Reaped(child)
}

/// The one-line text of `expr` evaluated by the process on `port`, or
/// `'error`; `None` while nothing listens there.
fn query(port: u16, expr: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.write_all(b"tick\x03\x00").ok()?;
    let mut cap = [0u8; 1];
    std::io::Read::read_exact(&mut s, &mut cap).ok()?;
    let msg = common::sync_message(&mut s, expr);
    let (_, k) = qrepl::ipc::decode_message(&msg).ok()?;
    Some(match k {
        qrepl::k::K::Error(e) => format!("'{}", e.to_str_lossy()),
        k => qrepl::k::text::one_line(&k, 7),
    })
}

/// Waits until `expr` on `port` gives `want`; panics with the last answer
/// and the logs after 20 s.
fn wait_for(port: u16, expr: &str, want: &str, dir: &Path) {
    let start = Instant::now();
    let mut last = None;
    while start.elapsed() < Duration::from_secs(20) {
        last = query(port, expr);
        if last.as_deref() == Some(want) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let logs: Vec<String> = ["tp.log", "rdb.log", "hdb.log", "rdb2.log"]
        .iter()
        .map(|l| {
            format!(
                "{l}: {}",
                std::fs::read_to_string(dir.join(l)).unwrap_or_default()
            )
        })
        .collect();
    panic!(
        "{expr} on {port}: wanted {want}, last {last:?}\n{}",
        logs.join("\n")
    );
}

/// A feed: publishes three trade updates (a two-row, a one-row and a
/// three-row one: six trades, 1000 shares) and a quote asynchronously, as
/// a feed handler does, then waits for the tickerplant to have read them.
fn publish(dir: &Path, tp: u16) {
    let lines = format!(
        "h:hopen {tp}\n\
         neg[h](`.u.upd;`trade;(`ibm`msft;10.5 20.25;100 200i))\n\
         neg[h](`.u.upd;`trade;(`aapl;30.5;300i))\n\
         neg[h](`.u.upd;`trade;(`ibm`msft`aapl;1 2 3f;100 200 100i))\n\
         neg[h](`.u.upd;`quote;(enlist `ibm;enlist 10.4;enlist 10.6))\n\
         h\"\"\n"
    );
    let mut feed = Command::new(QREPL)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    feed.stdin
        .take()
        .unwrap()
        .write_all(lines.as_bytes())
        .unwrap();
    let out = feed.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "feed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn argv(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// How to start the three long-lived processes of one kdb+tick flavour.
struct Plant {
    /// The tickerplant's arguments before `-p PORT`.
    tp: Vec<String>,
    /// The HDB's arguments before `-p PORT`.
    hdb: Vec<String>,
    /// The RDB's arguments before `:TP :HDB -p PORT`.
    rdb: Vec<String>,
    /// The database directory the RDB saves to, under the run directory.
    db: &'static str,
}

/// KX's kdb+tick, as its README starts it, from a copy of its scripts.
fn vanilla(d: &Path, src: &Path) -> Plant {
    std::fs::create_dir_all(d.join("tick")).unwrap();
    for f in ["tick.q", "tick/u.q", "tick/r.q"] {
        std::fs::copy(src.join(f), d.join(f)).unwrap();
    }
    std::fs::write(d.join("tick/sym.q"), SCHEMA).unwrap();
    // The RDB changes into the log directory's `sym` database at start.
    std::fs::create_dir_all(d.join("tplog/sym")).unwrap();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect();
    Plant {
        tp: s(&["tick.q", "sym", "./tplog"]),
        hdb: s(&["tplog/sym"]),
        rdb: s(&["tick/r.q"]),
        db: "tplog/sym",
    }
}

/// The whole day: ticks to the RDB, an RDB restart replaying the log, end
/// of day into the HDB. `tp_args` adds options to the tickerplant.
fn run_day(d: &Path, plant: &Plant, tp_args: &[&str]) {
    let (tp, rdb, hdb) = (
        common::free_port(),
        common::free_port(),
        common::free_port(),
    );
    let (tps, rdbs, hdbs) = (tp.to_string(), rdb.to_string(), hdb.to_string());
    let with = |base: &[String], more: &[&str]| -> Vec<String> {
        base.iter()
            .cloned()
            .chain(more.iter().map(|x| x.to_string()))
            .collect()
    };
    let tp_argv = with(&plant.tp, &[&["-p", &tps][..], tp_args].concat());
    let _tp = start(d, &argv(&tp_argv), "tp.log");
    wait_for(tp, "`quote`trade~asc .u.t", "1b", d);
    let hdb_argv = with(&plant.hdb, &["-p", &hdbs]);
    let _hdb = start(d, &argv(&hdb_argv), "hdb.log");
    wait_for(hdb, "1", "1", d);
    let (tp_addr, hdb_addr) = (format!(":{tp}"), format!(":{hdb}"));
    let rdb_argv = with(&plant.rdb, &[&tp_addr, &hdb_addr, "-p", &rdbs]);
    let first = start(d, &argv(&rdb_argv), "rdb.log");
    wait_for(tp, "count .u.w`trade", "1", d);

    // Trades published by a feed are queryable in the RDB.
    publish(d, tp);
    wait_for(rdb, "(count trade;count quote)", "6 1", d);
    wait_for(rdb, "exec sum size from trade", "1000i", d);
    wait_for(rdb, "exec distinct sym from trade", "`ibm`msft`aapl", d);
    wait_for(rdb, "type first trade`time", "-16h", d);

    // A restarted RDB replays the tickerplant's log to the same count.
    drop(first);
    let _rdb = start(d, &argv(&rdb_argv), "rdb2.log");
    wait_for(rdb, "(count trade;count quote)", "6 1", d);
    wait_for(tp, ".u.i", "4", d);

    // End of day: the RDB saves to the HDB directory and empties; the HDB
    // reloads and has the day.
    let today = query(tp, "string .u.d").expect("tickerplant answers");
    let today = today.trim_matches('"');
    assert!(query(tp, ".u.endofday[]").is_some());
    wait_for(rdb, "(count trade;count quote)", "0 0", d);
    wait_for(
        hdb,
        &format!("(count select from trade where date={today};date)"),
        &format!("(6;,{today})"),
        d,
    );
    wait_for(hdb, "exec sum size from trade", "1000i", d);
    assert!(d.join(format!("{}/{today}/trade/.d", plant.db)).is_file());
}

fn vanilla_day(tp_args: &[&str]) {
    let scratch = temp_dir("scripts");
    let Some(src) = scripts(&scratch.0) else {
        println!(
            "skipped: kdb+tick's scripts are not available (set QREPL_KDB_TICK to a copy of \
             github.com/KxSystems/kdb-tick, or allow cloning it)"
        );
        return;
    };
    let d = temp_dir("run");
    let plant = vanilla(&d.0, &src);
    run_day(&d.0, &plant, tp_args);
}

#[test]
fn trades_flow_through_a_tickerplant_rdb_and_hdb() {
    vanilla_day(&[]);
}

#[test]
fn the_batching_tickerplant_publishes_on_its_timer() {
    vanilla_day(&["-t", "100"]);
}

/// The directory of the pykx package in the interop interpreter, found
/// without importing it.
fn pykx_dir() -> Option<PathBuf> {
    let out = Command::new(common::python())
        .args([
            "-c",
            "import importlib.util, os; print(os.path.dirname(importlib.util.find_spec('pykx').origin))",
        ])
        .output()
        .ok()?;
    let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    dir.join("extensions/plant.q").is_file().then_some(dir)
}

/// The tickerplant, RDB and HDB that pykx ships (`extensions/plant.q`,
/// `rdb.q`, `hdb.q`: KX's kdb+tick with an init function each), started
/// with small scripts that configure them as pykx's own driver does.
fn pykx_plant(d: &Path, pykx: &Path) -> Plant {
    let ext = pykx.join("extensions");
    let schema: String = SCHEMA
        .lines()
        .map(|l| {
            let (name, rest) = l.split_once(':').unwrap();
            format!(".tick.set_tables[`{name};{rest}]\n")
        })
        .collect();
    std::fs::write(
        d.join("tp.q"),
        format!(
            ".tick.hardReset:0b\n.tick.logdir:\"./tplog\"\n\\l {}\n{schema}.tick.init[()!()]\n",
            ext.join("plant.q").display()
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("rdb.q"),
        format!(
            ".tick.vanilla:1b\n\\l {}\n.tick.init[`tickerplant`hdb`database!`$(.z.x 0;.z.x 1;\"tplog/db\")]\n",
            ext.join("rdb.q").display()
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("hdb.q"),
        format!(
            "\\l {}\n.tick.init[enlist[`database]!enlist`$\"tplog/db\"]\n",
            ext.join("hdb.q").display()
        ),
    )
    .unwrap();
    std::fs::create_dir_all(d.join("tplog/db")).unwrap();
    Plant {
        tp: vec!["tp.q".into()],
        hdb: vec!["hdb.q".into()],
        rdb: vec!["rdb.q".into()],
        db: "tplog/db",
    }
}

fn pykx_day(tp_args: &[&str]) {
    let Some(pykx) = pykx_dir() else {
        println!("skipped: pykx's tick scripts are not in the interop interpreter");
        return;
    };
    let d = temp_dir("pykx");
    let plant = pykx_plant(&d.0, &pykx);
    run_day(&d.0, &plant, tp_args);
}

#[test]
fn pykx_tickerplant_rdb_and_hdb_run_on_qrepl() {
    pykx_day(&[]);
}

#[test]
fn pykx_batching_tickerplant_runs_on_qrepl() {
    pykx_day(&["-t", "100"]);
}
