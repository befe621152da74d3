//! Every record of the shared display corpus (`display-dev.jsonl`): the q
//! expression is evaluated by q-lite and rendered by the console renderer,
//! and the text must be what the q console printed.
//!
//! Lines are compared with trailing blanks removed, because the corpus was
//! taken from documentation that strips them. A short, explicit list of
//! records is known to differ; the test fails if any other record differs,
//! and also if a listed record starts to match (so the list stays true).

mod common;
mod eval_support;

use common::shared_vector;
use eval_support::normalise;

/// Records known to differ, with the reason.
const KNOWN_GAPS: &[(&str, &str)] = &[];

/// Runs one record; returns the console text or a description of the failure.
fn run(rec: &serde_json::Value) -> String {
    let (mut it, out) = eval_support::interp();
    let expected = rec["expected_output"].as_str().unwrap_or_default();
    // Records whose lines are wider than the default console were captured
    // on a wider one; show them whole.
    if expected.lines().any(|l| l.len() > 79) && rec["category"].as_str() != Some("truncation") {
        it.settings.console.1 = 2000;
    }
    for s in rec["setup"].as_array().into_iter().flatten() {
        let s = s.as_str().unwrap_or_default();
        if let Err(e) = it.eval_text(s) {
            return format!("setup {s:?} failed: {}", e.render());
        }
    }
    let expr = rec["expr"].as_str().unwrap_or_default();
    match it.eval_text(expr) {
        Ok(v) => {
            let mut text = String::from_utf8_lossy(&out.borrow()).into_owned();
            if let Some(v) = v {
                let v = it.resolve_enums(&v);
                let settings = it.settings.clone();
                text.push_str(&it.host_mut().render(&v, &settings));
            }
            text
        }
        Err(e) => format!("error: {}", e.render()),
    }
}

#[test]
fn display_corpus_matches_q_console() {
    let Some(text) = shared_vector("display-dev.jsonl") else {
        return;
    };
    let mut failures = Vec::new();
    let mut still_gaps = Vec::new();
    let mut total = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let rec: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
        total += 1;
        let id = rec["id"].as_str().unwrap_or_default().to_string();
        let got = run(&rec);
        let want = rec["expected_output"].as_str().unwrap_or_default();
        let ok = normalise(&got) == normalise(want);
        let known = KNOWN_GAPS.iter().any(|(g, _)| *g == id);
        match (ok, known) {
            (true, true) => still_gaps.push(id),
            (false, false) => failures.push(format!(
                "{id}: {}\nexpected:\n{want}\ngot:\n{got}",
                rec["expr"]
            )),
            _ => {}
        }
    }
    assert!(total >= 250, "corpus has {total} records");
    assert!(
        still_gaps.is_empty(),
        "records listed as gaps now match; remove them from KNOWN_GAPS: {still_gaps:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of {total} records differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
