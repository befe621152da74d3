//! Deferred sync responses (`-30!`) across three processes: a client asks
//! a gateway synchronously; the gateway defers the response, hands the
//! query to a worker asynchronously, and answers when the worker's async
//! reply arrives.

mod session;

use std::time::Duration;

use session::Session;

/// A worker and a gateway wired to it; returns them and the gateway's port.
fn gateway() -> (Session, Session, u16) {
    let (mut worker, wport) = Session::server(&[]);
    worker.run("work:{[h;q] neg[.z.w](`reply;h;@[{(0b;value x)};q;{(1b;x)}])}");
    let (mut gw, gport) = Session::server(&[]);
    gw.run(&format!("w:hopen {wport}"));
    gw.run("reply:{[h;r] -30!(h;r 0;r 1)}");
    gw.run(".z.pg:{[x] -30!(::); neg[w](`work;.z.w;x); }");
    (worker, gw, gport)
}

#[test]
fn a_deferred_response_arrives_from_the_worker() {
    let (_worker, _gw, gport) = gateway();
    let mut client = Session::start(&[], &[]);
    client.run(&format!("g:hopen {gport}"));
    assert_eq!(client.run("g \"2+2\""), "4\n");
    assert_eq!(client.run("g \"til 3\""), "0 1 2\n");
    // The worker's error goes back as `-30!(h;1b;"bad")`.
    let err = client.run("g \"'`bad\"");
    assert!(err.contains("'bad"), "{err:?}");
    let err = client.run("g \"1+`x\"");
    assert!(err.contains("'type"), "{err:?}");
    // The gateway still serves after an error response.
    assert_eq!(client.run("g \"10*3\""), "30\n");
}

#[test]
fn nothing_is_owed_after_the_response() {
    let (_worker, mut gw, gport) = gateway();
    let mut client = Session::start(&[], &[]);
    client.run(&format!("g:hopen {gport}"));
    assert_eq!(client.run("g \"1+1\""), "2\n");
    // The handle the gateway sees for the client.
    let h = gw.run("first key[.z.W] except w");
    let h = h.trim().trim_end_matches('i');
    let out = gw.run(&format!("-30!({h};0b;1)"));
    assert!(
        out.starts_with(&format!("'Handle {h} was not expecting a response msg\n")),
        "{out:?}"
    );
}

#[test]
fn an_error_after_deferring_is_still_answered() {
    let (mut gw, gport) = Session::server(&[]);
    gw.run(".z.pg:{[x] -30!(::); '`oops}");
    let mut client = Session::start(&[], &[]);
    client.run(&format!("g:hopen {gport}"));
    let out = client.run_within("g \"1\"", Duration::from_secs(10));
    assert!(out.contains("'oops"), "{out:?}");
}

#[test]
fn a_disconnected_client_is_forgotten() {
    let (mut gw, gport) = Session::server(&[]);
    gw.run("owed:()");
    gw.run(".z.pg:{[x] -30!(::); owed,:.z.w; }");
    let mut client = Session::start(&[], &[]);
    client.run(&format!("g:hopen {gport}"));
    client.send("g \"1\"");
    // Wait until the gateway holds the request, then drop the client.
    for _ in 0..100 {
        if gw.run("count owed") == "1\n" {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let h = gw.run("first owed");
    drop(client);
    std::thread::sleep(Duration::from_millis(300));
    let out = gw.run(&format!("-30!({};0b;1)", h.trim()));
    assert!(out.contains("'domain"), "{out:?}");
}

#[test]
fn bad_arguments() {
    let mut s = Session::start(&[], &[]);
    assert!(s.run("-30!(::)").contains("'domain"));
    assert!(s.run("-30!(5i;0b;1)").contains("'domain"));
    assert!(s.run("-30!(5i;0b)").contains("'length"));
    assert!(s.run("-30!(5i;`x;1)").contains("'type"));
    assert!(s.run("-30!(`h;0b;1)").contains("'type"));
    assert!(s.run("-30!(5i;1b;42)").contains("'type"));
    assert!(s.run("-30!5").contains("'type"));
}
