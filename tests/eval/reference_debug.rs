//! The last gaps of the reference: backtraces as values (`.Q.trp .Q.trpd
//! .Q.sbt .Q.bt`, dotq.md, debug.md), `.Q.fc .Q.gz .Q.ts .Q.addr .Q.host`,
//! `.Q.hg .Q.hp` against a small HTTP server run by the test (kb/http.md),
//! `.h.d .h.cd .h.xmp .h.jx .h.val` (doth.md), the parse trees of
//! `select[n;>c]` and of elided arguments (funsql.md), cached views and
//! `\B` (value.md, syscmds.md), and internal functions replaced by
//! keywords (internal.md).

use std::io::{Read, Write};
use std::net::TcpListener;

use crate::eval_support::{normalise, session};

// ---- docs/ref/dotq.md (trp), docs/basics/debug.md (Trap) ----
// The handler gets the error string and the backtrace object; .Q.sbt
// shows the failing lambda, the trap's own hidden frame and the line.
q!(
    trp_hands_the_backtrace_to_the_handler,
    "f:{`hello+x}\n.Q.trp[f;2;{2\"error: \",x,\"\\nbacktrace:\\n\",.Q.sbt y;-1}]",
    "error: type\nbacktrace:\n  [2]  f:{`hello+x}\n                ^\n  [1]  (.Q.trp)\n\n  [0]  .Q.trp[f;2;{2\"error: \",x,\"\\nbacktrace:\\n\",.Q.sbt y;-1}]\n       ^\n-1"
);
// Without an error .Q.trp is f x.
q!(
    trp_without_error_is_application,
    ".Q.trp[{x*2};21;{y}]",
    "42"
);
q!(
    trp_handler_gets_the_signalled_text,
    ".Q.trp[{'`boom};0;{[e;b] e}]",
    "\"boom\""
);
// debug.md: taking the first frames of the object with # formats only
// those, keeping their numbers.
q!(
    sbt_of_the_first_frames,
    ".Q.trp[{x+`a};1;{1 .Q.sbt 2#y}];",
    "  [2]  {x+`a}\n         ^\n  [1]  (.Q.trp)"
);
// The frames of the code around the trap, with carets where each is,
// and the text given to value as a frame of its own (debug.md's remote
// example, run at the console).
q!(
    trp_of_value_shows_every_level,
    "f:{{x*y}[x;3#x]}\n1 .Q.trp[value;\"f `a\";{.Q.sbt y}];",
    "  [4]  f@:{x*y}\n            ^\n  [3]  f:{{x*y}[x;3#x]}\n          ^\n  [2]  f `a\n       ^\n  [1]  (.Q.trp)\n\n  [0]  1 .Q.trp[value;\"f `a\";{.Q.sbt y}];\n         ^"
);
q!(
    trp_inside_lambdas_shows_the_callers,
    "h:{.Q.trp[{x+`a};x;{.Q.sbt y}]}\ng:{h x}\n1 g 1;",
    "  [4]  h@:{x+`a}\n            ^\n  [3]  (.Q.trp)\n\n  [2]  h:{.Q.trp[{x+`a};x;{.Q.sbt y}]}\n          ^\n  [1]  g:{h x}\n          ^\n  [0]  1 g 1;\n         ^"
);
q!(
    trp_result_of_handler_is_the_result,
    ".Q.trp[{x+`a};1;{[e;b] (e;count b)}]",
    "\"type\"\n3"
);
// dotq.md (trpd): the same for functions of any rank, applied with `.`.
q!(
    trpd_hands_the_backtrace_to_the_handler,
    ".Q.trpd[{x+y};(1;`2);{2\"error: \",x,\"\\nbacktrace:\\n\",.Q.sbt y;-1}]",
    "error: type\nbacktrace:\n  [2]  {x+y}\n         ^\n  [1]  (.Q.trpd)\n\n  [0]  .Q.trpd[{x+y};(1;`2);{2\"error: \",x,\"\\nbacktrace:\\n\",.Q.sbt y;-1}]\n       ^\n-1"
);
q!(trpd_without_error, ".Q.trpd[{x+y};(1;2);{y}]", "3");
q!(sbt_of_nothing, ".Q.sbt ()", "\"\"");
q!(sbt_of_data_is_a_type_error, ".Q.sbt 42", "'type");

// ---- docs/ref/dotq.md (bt), docs/basics/debug.md (Backtrace) ----
// .Q.bt[] writes the frames running now to stdout and goes on.
q!(
    bt_prints_the_stack,
    "f:{{.Q.bt[];x*2}x+1}\nf 4",
    "  [2]  f@:{.Q.bt[];x*2}\n           ^\n  [1]  f:{{.Q.bt[];x*2}x+1}\n          ^\n  [0]  f 4\n       ^\n10"
);
q!(bt_at_the_console, ".Q.bt[]", "  [0]  .Q.bt[]\n       ^");
// Each call in an iteration is a frame of its own, called from the same place.
q!(
    bt_in_each,
    "g:{.Q.bt[];x}\ng each 1 2;",
    "  [1]  g:{.Q.bt[];x}\n          ^\n  [0]  g each 1 2;\n         ^\n  [1]  g:{.Q.bt[];x}\n          ^\n  [0]  g each 1 2;\n         ^"
);

// ---- docs/ref/dotq.md (fc) ----
// .Q.fc[f] gives the result of f on the whole vector.
q!(
    fc_is_f_of_the_vector,
    "f:{2 xexp x}\nvec:til 1000\n.Q.fc[f;vec]~f vec",
    "1b"
);
q!(fc_projection, ".Q.fc[{x*x}] 1 2 3", "1 4 9");

// ---- docs/ref/dotq.md (gz) ----
q!(gz_zlib_is_loaded, ".Q.gz[::]", "1b");
q!(
    gz_round_trip,
    ".Q.gz{0N!count x;x}[.Q.gz(9;10000#\"helloworld\")]",
    "66\n\"helloworldhelloworldhelloworldhelloworldhelloworldhelloworldhelloworldhellow.."
);
// The compressed form is a gzip stream.
q!(gz_makes_gzip, "2#.Q.gz(6;\"abc\")", "\"\\037\\213\"");
q!(
    gz_bytes_round_trip,
    ".Q.gz .Q.gz(1;0x00010203)",
    "0x00010203"
);
q!(gz_keeps_chars, "type .Q.gz(1;\"abc\")", "10h");
q!(gz_of_a_symbol, ".Q.gz`abc", "'type");

// ---- docs/ref/dotq.md (hg, hp), docs/kb/http.md ----

/// Serves one HTTP request on a fresh port with `response`, handing
/// back the port and a receiver of the request as the server read it.
fn serve_once(response: Vec<u8>) -> (u16, std::sync::mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok((mut s, _)) = listener.accept() else {
            return;
        };
        let mut req = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = s.read(&mut buf).unwrap_or(0);
            req.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&req).into_owned();
            if let Some(head_end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(0);
                if req.len() >= head_end + 4 + length {
                    break;
                }
            }
            if n == 0 {
                break;
            }
        }
        let _ = s.write_all(&response);
        let _ = tx.send(String::from_utf8_lossy(&req).into_owned());
    });
    (port, rx)
}

fn reply(headers: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

#[test]
fn hg_returns_the_body() {
    let (port, rx) = serve_once(reply("Content-Type: text/html\r\n", b"<p>hi</p>"));
    let got = session(&format!(".Q.hg\":http://127.0.0.1:{port}/page?x=1\""));
    assert_eq!(normalise(&got), "\"<p>hi</p>\"");
    let req = rx.recv().expect("request");
    assert!(req.starts_with("GET /page?x=1 HTTP/1.1\r\n"), "{req}");
    assert!(
        req.contains(&format!("Host: 127.0.0.1:{port}\r\n")),
        "{req}"
    );
    assert!(req.contains("Accept-Encoding: gzip\r\n"), "{req}");
}

#[test]
fn hg_takes_a_string_and_sends_credentials() {
    let (port, rx) = serve_once(reply("", b"ok"));
    let got = session(&format!(".Q.hg \":http://user:pass@127.0.0.1:{port}\""));
    assert_eq!(normalise(&got), "\"ok\"");
    let req = rx.recv().expect("request");
    assert!(req.starts_with("GET / HTTP/1.1\r\n"), "{req}");
    // base64 of user:pass
    assert!(
        req.contains("Authorization: Basic dXNlcjpwYXNz\r\n"),
        "{req}"
    );
}

#[test]
fn hg_unzips_a_gzipped_body() {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(b"{\"gzipped\":true,\"method\":\"GET\"}")
        .unwrap();
    let body = z.finish().unwrap();
    let (port, _rx) = serve_once(reply("Content-Encoding: gzip\r\n", &body));
    let got = session(&format!(".j.k .Q.hg`:http://127.0.0.1:{port}/gzip"));
    assert_eq!(normalise(&got), "gzipped| 1b\nmethod | \"GET\"");
}

#[test]
fn hg_joins_a_chunked_body() {
    let response =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
            .to_vec();
    let (port, _rx) = serve_once(response);
    let got = session(&format!(".Q.hg`:http://127.0.0.1:{port}/"));
    assert_eq!(normalise(&got), "\"hello world\"");
}

#[test]
fn hp_posts_the_body_with_its_type() {
    let (port, rx) = serve_once(reply("", b"done"));
    let got = session(&format!(
        ".Q.hp[\"http://127.0.0.1:{port}/post\";.h.ty`json]\"my question\""
    ));
    assert_eq!(normalise(&got), "\"done\"");
    let req = rx.recv().expect("request");
    assert!(req.starts_with("POST /post HTTP/1.1\r\n"), "{req}");
    assert!(req.contains("Content-Type: application/json\r\n"), "{req}");
    assert!(req.contains("Content-Length: 11\r\n"), "{req}");
    assert!(req.ends_with("\r\n\r\nmy question"), "{req}");
}

#[test]
fn http_one_shot_returns_the_whole_response() {
    let (port, rx) = serve_once(reply("", b"body"));
    let got = session(&format!(
        "r:`:http://127.0.0.1:{port} \"DELETE /delete HTTP/1.1\\r\\nConnection: close\\r\\n\\r\\n\"\n@[\"\\r\\n\\r\\n\" vs r;1]\n12#r"
    ));
    assert_eq!(normalise(&got), "\"body\"\n\"HTTP/1.1 200\"");
    let req = rx.recv().expect("request");
    assert!(req.starts_with("DELETE /delete HTTP/1.1\r\n"), "{req}");
}

#[test]
fn hmb_takes_the_method_as_a_symbol_or_a_string() {
    for method in ["`GET", "\"GET\""] {
        let (port, rx) = serve_once(reply("", b"ok"));
        let got = session(&format!(".Q.hmb[`:http://127.0.0.1:{port}/x;{method};()]"));
        assert_eq!(normalise(&got), "\"ok\"", "{method}");
        let req = rx.recv().expect("request");
        assert!(req.starts_with("GET /x HTTP/1.1\r\n"), "{req}");
    }
}

q!(hg_https_is_nyi, ".Q.hg`:https://example.com", "'nyi: https");

// ---- docs/ref/doth.md (.h.d .h.cd .h.xmp .h.jx .h.val) ----
q!(doth_d_default, ".h.d", "\" \"");
q!(
    doth_cd_joins_list_cells_with_d,
    "t:([a:til 3]b:3 3#\"abc\";c:3 3#1 2 3)\n.h.cd t\n.h.d:\"*\"\n.h.cd t",
    "\"a,b,c\"\n\"0,abc,1 2 3\"\n\"1,abc,1 2 3\"\n\"2,abc,1 2 3\"\n\"a,b,c\"\n\"0,abc,1*2*3\"\n\"1,abc,1*2*3\"\n\"2,abc,1*2*3\""
);
q!(
    doth_xmp,
    ".h.xmp(\"foo\";\"bar\")",
    "\"<xmp>foo\\nbar\\n</xmp>\""
);
q!(
    doth_jx_links,
    "a:([] a:100*til 1000;b:1000#904 251;c:1000#34 912)\n{(where x=\"<\")_x}first .h.jx[0;`a]",
    "\"<a href=\\\"?[0\\\">home\"\n\"</a> \"\n\"<a href=\\\"?[0\\\">up\"\n\"</a> \"\n\"<a href=\\\"?[32\\\">down\"\n\"</a> \"\n\"<a href=\\\"?[968\\\">end\"\n\"</a> 1000[0]\""
);
// After the links, an empty line and a page of 32 rows as the console
// shows them, from row x.
q!(
    doth_jx_rows,
    "a:([] a:100*til 1000;b:1000#904 251;c:1000#34 912)\n5#1_.h.jx[5;`a]\ncount .h.jx[5;`a]",
    "\"\"\n\"a    b   c  \"\n\"------------\"\n\"500  251 912\"\n\"600  904 34 \"\n36"
);
q!(doth_jx_of_data, ".h.jx[0;42]", "'type");
q!(doth_val_is_value, ".h.val~value", "1b");

// ---- docs/basics/funsql.md (fifth and sixth arguments) ----
q!(
    parse_select_with_count_and_order,
    "parse\"select[10;<price] from trade\"",
    "?\n`trade\n()\n0b\n()\n10\n,(<:;`price)"
);
q!(
    eval_of_select_with_order,
    "trade:([]sym:`a`b`c`d;price:3 1 4 2)\neval parse\"select[2;>price] from trade\"",
    "sym price\n---------\nc   4    \na   3    "
);
// The sixth argument of functional select as buildQuery writes it.
q!(
    functional_select_sixth_argument,
    "trade:([]sym:`a`b`c`d;price:3 1 4 2)\n?[trade;();0b;();3;(idesc;`price)]~select[3;>price] from trade",
    "1b"
);
q!(
    functional_select_sixth_argument_ascending,
    "trade:([]sym:`a`b`c`d;price:3 1 4 2)\n?[trade;();0b;`s!`sym;2;enlist(<:;`price)]",
    "s\n-\nb\nd"
);

// ---- docs/ref/parse.md, docs/ref/identity.md ----
// An elided argument is the generic null in a parse tree, shown as `::`
// when it is an item of a list; the projection itself leaves it out.
q!(parse_of_an_elided_argument, "parse\"f[;2]\"", "`f\n::\n2");
q!(
    value_of_a_projection_shows_the_hole,
    "value +[;2]",
    "+\n::\n2"
);
q!(projection_display_leaves_the_hole_empty, "+[;2]", "+[;2]");

// ---- docs/ref/value.md (View), docs/basics/syscmds.md (\B) ----
// A view in the root namespace holds its cached value (`::` while
// pending), parse tree, dependencies and definition.
q!(
    view_metadata_pending_then_cached,
    "a:1\nb::a+1\nget`. `b\nb\nget`. `b",
    "::\n(+;`a;1)\n,`a\n\"a+1\"\n2\n2\n(+;`a;1)\n,`a\n\"a+1\""
);
q!(
    pending_views,
    "a::x+1\n\\B\nx:10\n\\B\na\n\\B",
    ",`a\n,`a\n11\n`symbol$()"
);
// A change to a dependency makes the view pending again.
q!(
    view_pending_after_its_input_changes,
    "a:1\nb::a+1\nb\na:5\n\\B\nb\n\\B",
    "2\n,`b\n6\n`symbol$()"
);
// `\b` lists every view of the namespace, pending or not, sorted.
q!(
    views_listed_sorted,
    "z1::y+1\nb1::2\nb1\n\\b\n\\b .nsx",
    "2\n`s#`b1`z1\n`s#`symbol$()"
);
// `\o` shows `0N` until set; set, local time is UTC plus the offset in
// hours, or in minutes past 23.
q!(utc_offset_unset, "\\o", "0N");
q!(
    utc_offset_in_hours,
    "\\o -5\n\\o\n\"j\"$(.z.P-.z.p)%0D01:00",
    "-5\n-5"
);
q!(
    utc_offset_in_minutes,
    "\\o 390\n\"j\"$(.z.P-.z.p)%0D00:01",
    "390"
);
// `\_` alone: client writes are not blocked.
q!(client_writes_not_blocked, "\\_", "0b");
// Until an input changes, the cached value is the view's value.
q!(view_is_cached, "r::rand 1000000\nr=r", "1b");
q!(value_of_a_view_name, "a:5\nv::2+a*3\nvalue`v", "17");
q!(
    view_of_a_view,
    "a:1\nv::a*2\nw::v+1\nw\na:10\nw\n\\B",
    "3\n21\n`symbol$()"
);

// ---- docs/basics/errors.md (nyi) ----
// q itself does not define ** in a like pattern.
q!(like_double_star_is_nyi, "\"a\" like \"**\"", "'nyi");

// ---- docs/ref/dotq.md (ts) ----
// A pair: time and space as \ts gives them, then the result of .[x;y].
q!(ts_gives_the_result_second, "last .Q.ts[+;2 3]", "5");
q!(ts_time_and_space_are_longs, "type first .Q.ts[+;2 3]", "7h");
q!(ts_applies_with_dot, ".Q.ts[{x*y};(6;7)] 1", "42");

// ---- docs/basics/internal.md (Replaced) ----
// The internal functions replaced by keywords and .Q utilities are them.
q!(internal_1_is_hsym, "-1!`a", "`:a");
q!(internal_2_is_attr, "-2!`s#1 2", "`s");
q!(internal_6_is_eval, "-6!(+;1;(*;2;3))", "7");
q!(internal_29_is_json_deserialise, "-29!\"[1,2]\"", "1 2f");
q!(internal_32_is_base64, "-32!\"abc\"", "\"YWJj\"");
q!(internal_34_is_ts, "last -34!(+;2 3)", "5");
q!(internal_35_is_gz, ".Q.gz -35!(9;\"abc\")", "\"abc\"");

// ---- docs/ref/dotq.md (addr, host) ----
q!(
    addr_of_a_dotted_address,
    ".Q.addr`$\"127.0.0.1\"",
    "2130706433i"
);
q!(addr_of_localhost, ".Q.addr`localhost", "2130706433i");
q!(
    addr_of_a_name_that_does_not_resolve,
    ".Q.addr`$\"no-such-host.invalid\"",
    "-1i"
);
q!(host_of_loopback, ".Q.host 2130706433i", "`localhost");
q!(addr_of_a_string, ".Q.addr\"localhost\"", "'type");
