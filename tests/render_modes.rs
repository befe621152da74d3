//! Snapshot tests of the box, CSV and JSON modes.
//!
//! Expected text lives in `tests/snapshots/*.txt`. Set `UPDATE_SNAPSHOTS=1`
//! to rewrite them after an intended change, then review the diff.

use std::path::PathBuf;

use qrepl::fmt::{BoxOptions, ConsoleOptions, Mode, boxed, csv, json, render_mode};
use qrepl::k::calendar::{NANOS_PER_DAY, days};
use qrepl::k::{Data, INF_LONG, K, NULL_LONG, Type, null_float};

fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"))
}

/// Compares `actual` with the snapshot `name`, printing a line diff on failure.
#[track_caller]
fn assert_snapshot(name: &str, actual: &str) {
    let path = snapshot_path(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()));
    if expected != actual {
        let mut diff = String::new();
        let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
        for i in 0..e.len().max(a.len()) {
            match (e.get(i), a.get(i)) {
                (Some(x), Some(y)) if x == y => diff.push_str(&format!("  {x}\n")),
                (x, y) => {
                    if let Some(x) = x {
                        diff.push_str(&format!("- {x}\n"));
                    }
                    if let Some(y) = y {
                        diff.push_str(&format!("+ {y}\n"));
                    }
                }
            }
        }
        panic!("snapshot {name} differs:\n{diff}");
    }
}

fn syms(v: &[&str]) -> K {
    K::sym_list(v.iter().copied())
}

/// trade:([]sym:`ibm`msft`goog;price:121.3 0n 0w;size:1000 0N 300;
///   time:09:30:00.000 09:30:00.250 0Nt;note:("a,b";"say \"hi\"";"");
///   day:2024.01.02 2024.01.03 0Nd)
fn trade() -> K {
    let ms = |h: i32, m: i32, s: i32, milli: i32| ((h * 60 + m) * 60 + s) * 1000 + milli;
    let d = |y, m, dd| days(y, m, dd) as i32;
    K::table(
        ["sym", "price", "size", "time", "note", "day"]
            .into_iter()
            .collect(),
        vec![
            syms(&["ibm", "msft", "goog"]),
            K::floats(vec![121.3, null_float(), f64::INFINITY]),
            K::longs(vec![1000, NULL_LONG, 300]),
            K::vector(
                Type::Time,
                Data::I32(vec![ms(9, 30, 0, 0), ms(9, 30, 0, 250), i32::MIN]),
            ),
            K::list(vec![
                K::string("a,b"),
                K::string("say \"hi\""),
                K::string(""),
            ]),
            K::vector(
                Type::Date,
                Data::I32(vec![d(2024, 1, 2), d(2024, 1, 3), i32::MIN]),
            ),
        ],
    )
}

/// ([sym:`ibm`msft]qty:100 200;px:1.5 2.25)
fn keyed() -> K {
    K::dict(
        K::table(["sym"].into_iter().collect(), vec![syms(&["ibm", "msft"])]),
        K::table(
            ["qty", "px"].into_iter().collect(),
            vec![K::longs(vec![100, 200]), K::floats(vec![1.5, 2.25])],
        ),
    )
}

/// `a`b`c!(1;`x;2024.01.02D09:30:00.000000000)
fn mixed_dict() -> K {
    let ts = days(2024, 1, 2) * NANOS_PER_DAY + 34_200 * 1_000_000_000;
    K::dict(
        syms(&["a", "b", "c"]),
        K::list(vec![K::long(1), K::sym("x"), K::timestamp(ts)]),
    )
}

#[test]
fn box_mode() {
    let opts = BoxOptions::default();
    let mut out = String::new();
    for x in [trade(), keyed(), mixed_dict(), K::longs(vec![1, 2, 3])] {
        out.push_str(&boxed::render(&x, &opts));
        out.push('\n');
    }
    let typed = BoxOptions {
        show_types: true,
        ..BoxOptions::default()
    };
    out.push_str(&boxed::render(&keyed(), &typed));
    assert_snapshot("box", &out);
}

#[test]
fn box_mode_says_what_was_cut() {
    // ([]id:til 100;x:100#0.5) at \c 12 40 with 20 extra columns
    let mut names = vec!["id".to_owned(), "x".to_owned()];
    let mut cols = vec![K::longs((0..100).collect()), K::floats(vec![0.5; 100])];
    for c in 0..20 {
        names.push(format!("column{c}"));
        cols.push(K::longs(vec![c; 100]));
    }
    let t = K::table(names.iter().map(String::as_str).collect(), cols);
    let opts = BoxOptions {
        console: ConsoleOptions {
            rows: 12,
            cols: 40,
            ..ConsoleOptions::default()
        },
        show_types: false,
    };
    let out = boxed::render(&t, &opts);
    assert_eq!(out.lines().count(), 12);
    assert!(out.lines().all(|l| l.chars().count() <= 40), "{out}");
    assert_snapshot("box_cut", &out);
}

#[test]
fn box_mode_falls_back_to_console_text() {
    let x = K::list(vec![K::long(1), K::string("ab")]);
    let opts = BoxOptions::default();
    assert_eq!(boxed::render(&x, &opts), "1\n\"ab\"\n");
    assert_eq!(render_mode(&x, Mode::Box, &opts), "1\n\"ab\"\n");
}

#[test]
fn csv_mode() {
    let mut out = String::new();
    for x in [
        trade(),
        keyed(),
        mixed_dict(),
        K::list(vec![K::long(1), K::string("x,y"), K::longs(vec![2, 3])]),
        K::long(INF_LONG),
    ] {
        out.push_str(&csv::render(&x, 7));
        out.push_str("--\n");
    }
    assert_snapshot("csv", &out);
}

#[test]
fn csv_is_never_truncated() {
    let x = K::longs((0..1000).collect());
    let out = render_mode(&x, Mode::Csv, &BoxOptions::default());
    assert_eq!(out.lines().count(), 1000);
    assert!(out.ends_with("999\n"));
}

#[test]
fn json_mode() {
    let mut out = String::new();
    for x in [
        trade(),
        keyed(),
        mixed_dict(),
        K::dict(K::longs(vec![1, 2]), syms(&["a", ""])),
        K::list(vec![K::bool(true), K::string("héllo"), K::Nil]),
        K::vector(Type::Month, Data::I32(vec![0, i32::MIN])),
    ] {
        let line = json::render(&x);
        // Every document is valid JSON on one line.
        let parsed: serde_json::Value = serde_json::from_str(&line).expect("valid JSON");
        assert!(!parsed.is_null());
        assert_eq!(line.lines().count(), 1);
        out.push_str(&line);
    }
    assert_snapshot("json", &out);
}

#[test]
fn json_values_map_predictably() {
    let v: serde_json::Value = serde_json::from_str(&json::render(&trade())).unwrap();
    assert_eq!(v[0]["sym"], "ibm");
    assert_eq!(v[0]["price"], 121.3);
    assert!(v[1]["price"].is_null());
    assert_eq!(v[2]["price"], "0w");
    assert_eq!(v[0]["size"], 1000);
    assert!(v[1]["size"].is_null());
    assert_eq!(v[1]["time"], "09:30:00.250");
    assert_eq!(v[0]["day"], "2024-01-02");
    assert_eq!(v[1]["note"], "say \"hi\"");
    let kt: serde_json::Value = serde_json::from_str(&json::render(&keyed())).unwrap();
    let keys: Vec<&str> = kt[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 3);
    assert_eq!(kt[1]["sym"], "msft");
    assert_eq!(kt[1]["px"], 2.25);
    assert_eq!(json::render(&K::long(-INF_LONG)), "\"-0W\"\n");
}
