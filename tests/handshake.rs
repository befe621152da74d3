//! The listener's side of the handshake over raw sockets: every capability a
//! client may offer (and none at all, as clients before kdb+ 2.6 send), the
//! one-byte answer, and a protocol that keeps to what was agreed.

mod common;
mod session;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use qrepl::ipc::{
    DecodeOptions, EncodeOptions, MAX_CAPABILITY, MsgType, decode_message_with, encode_message,
};
use qrepl::k::{K, Sym};
use session::Session;

/// What the listener answers a client offering `offer` (`None`: no byte).
fn expected_reply(offer: Option<u8>) -> u8 {
    offer.unwrap_or(0).min(MAX_CAPABILITY)
}

/// The hello bytes: credentials, the capability byte if any, NUL.
fn hello_bytes(credentials: &[u8], offer: Option<u8>) -> Vec<u8> {
    let mut b = credentials.to_vec();
    b.extend(offer);
    b.push(0);
    b
}

/// A raw client past its handshake.
struct Raw {
    sock: TcpStream,
    capability: u8,
}

impl Raw {
    /// Connects and sends `hello`; `None` if the server closes instead of
    /// answering.
    fn connect(port: u16, hello: &[u8]) -> Option<Raw> {
        let mut sock = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        sock.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        sock.write_all(hello).unwrap();
        // One byte (the requests that follow check that nothing else came).
        let mut reply = [0u8; 1];
        match sock.read(&mut reply) {
            Ok(1) => Some(Raw {
                sock,
                capability: reply[0],
            }),
            _ => None,
        }
    }

    /// A sync request encoded for the agreed capability, and its decoded
    /// response (decoded under the same capability).
    fn sync(&mut self, text: &str) -> K {
        let opts = EncodeOptions {
            capability: self.capability,
            compress: false,
        };
        let m = encode_message(MsgType::Sync, &K::string(text), &opts).unwrap();
        self.sock.write_all(&m).unwrap();
        let msg = common::read_message(&mut self.sock);
        assert_eq!(msg[3], 0, "no 40-bit length in a small response");
        let (header, v) = decode_message_with(
            &msg,
            &DecodeOptions {
                capability: self.capability,
                max_len: 1 << 30,
            },
        )
        .unwrap();
        assert_eq!(header.msg_type, MsgType::Response);
        assert!(!header.compressed, "never compressed to this machine");
        v
    }

    /// Whether the server closed the connection (within 5 s).
    fn closed(&mut self) -> bool {
        self.sock
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut b = [0u8; 16];
        matches!(self.sock.read(&mut b), Ok(0) | Err(_))
    }
}

fn type_error() -> K {
    K::Error(Sym::from("type"))
}

#[test]
fn every_offered_capability_gets_the_lower_of_it_and_ours() {
    let (_srv, port) = Session::server(&[]);
    let offers = [
        None,
        Some(0),
        Some(1),
        Some(2),
        Some(3),
        Some(4),
        Some(5),
        Some(6),
    ];
    for offer in offers {
        let hello = hello_bytes(b"user:pass", offer);
        let mut c = Raw::connect(port, &hello).unwrap_or_else(|| panic!("{hello:?} refused"));
        let cap = expected_reply(offer);
        assert_eq!(c.capability, cap, "reply to capability {offer:?}");
        assert_eq!(c.sync("1+1"), K::long(2), "capability {offer:?}");
        // Timestamps need 1, guids 3: below that the request fails with
        // 'type rather than sending what the client cannot read.
        let stamp = c.sync("2000.01.01D00:00:00.000000001");
        if cap >= 1 {
            assert_eq!(stamp, K::timestamp(1), "capability {cap}");
        } else {
            assert_eq!(stamp, type_error(), "capability {cap}");
        }
        let guid = c.sync("0Ng");
        if cap >= 3 {
            assert!(matches!(guid, K::Atom(..)), "capability {cap}: {guid:?}");
        } else {
            assert_eq!(guid, type_error(), "capability {cap}");
        }
        // Still in step after the refused values.
        assert_eq!(c.sync("2+3"), K::long(5), "capability {offer:?}");
    }
}

#[test]
fn length_byte_three_is_refused_below_capability_five() {
    let (_srv, port) = Session::server(&[]);
    for offer in [None, Some(0), Some(3), Some(4)] {
        let mut c = Raw::connect(port, &hello_bytes(b"u:p", offer)).unwrap();
        // A sync header whose length uses bits 32..39.
        c.sock.write_all(&[1, 1, 0, 1, 16, 0, 0, 0]).unwrap();
        assert!(c.closed(), "capability {offer:?} accepted a 40-bit length");
    }
}

#[test]
fn old_clients_authenticate_like_any_other() {
    let dir = std::env::temp_dir().join(format!("qrepl-handshake-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let users = dir.join("users");
    std::fs::write(&users, "abc:pass1\nxyz:pw6\n").unwrap();
    let (mut srv, port) = Session::server(&["-u", &users.to_string_lossy()]);
    srv.run("seen:()");
    srv.run(".z.pw:{[u;p] seen::seen,u; 1b}");
    // Right credentials with no capability byte: answered 0.
    let mut c = Raw::connect(port, b"abc:pass1\x00").expect("accepted");
    assert_eq!(c.capability, 0);
    assert_eq!(c.sync("1+1"), K::long(2));
    // A password ending in a digit: '6' is text, not capability 6.
    let mut c = Raw::connect(port, b"xyz:pw6\x00").expect("accepted");
    assert_eq!(c.capability, 0);
    assert_eq!(c.sync("2+2"), K::long(4));
    // The same with capability 0 written out (a second NUL).
    let mut c = Raw::connect(port, b"abc:pass1\x00\x00").expect("accepted");
    assert_eq!(c.capability, 0);
    assert_eq!(c.sync(".z.u"), K::sym("abc"));
    // Wrong or partial credentials are refused either way.
    for bad in [
        &b"abc:pass\x00"[..],
        b"abc:pass1x\x00",
        b"xyz:pw\x00",
        b"abc\x00",
        b"\x00",
        b"abc:pass\x00\x00",
        b"abc:pass1\x07\x00",
    ] {
        assert!(Raw::connect(port, bad).is_none(), "accepted {bad:?}");
    }
    // .z.pw ran for the accepted ones only, after the file check.
    assert_eq!(srv.run("seen"), "`abc`xyz`abc\n");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn backslash_u_reads_the_users_file_again() {
    let dir = std::env::temp_dir().join(format!("qrepl-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let users = dir.join("users");
    std::fs::write(&users, "abc:pass1\n").unwrap();
    let (mut srv, port) = Session::server(&["-U", &users.to_string_lossy()]);
    assert!(Raw::connect(port, b"new:pw\x03\x00").is_none());
    std::fs::write(&users, "abc:pass1\nnew:pw\n").unwrap();
    // Not before \u: the file is read at start and on \u only.
    assert!(Raw::connect(port, b"new:pw\x03\x00").is_none());
    assert_eq!(srv.run("\\u"), "");
    let mut c = Raw::connect(port, b"new:pw\x03\x00").expect("accepted after \\u");
    assert_eq!(c.sync(".z.u"), K::sym("new"));
    // A file that no longer parses is an error, and the users stay.
    std::fs::write(&users, "no colon here\n").unwrap();
    assert!(srv.run("\\u").starts_with('\''));
    assert!(Raw::connect(port, b"abc:pass1\x03\x00").is_some());
    let _ = std::fs::remove_dir_all(dir);
}
