//! The listener over TLS (`-E 1|2`), end to end: a self-signed certificate
//! made with the system's `openssl` at test time, qrepl's own `tcps://`
//! client querying a `qrepl -p PORT -E 2` server, plain and TLS clients on
//! one `-E 1` port, plain clients refused under `-E 2`, and clients whose
//! TLS goes wrong closed without harm to the others; pykx (KX's C
//! library and OpenSSL) as a TLS client when its Python is at hand.

mod common;
mod session;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use qrepl::ipc::decode_message;
use qrepl::k::K;
use session::Session;

/// A self-signed certificate for localhost and 127.0.0.1, and its key, as
/// `openssl req -x509` makes it (marked as a CA).
struct Certs {
    dir: PathBuf,
}

impl Certs {
    /// Makes them with `openssl`, or says why not (then the test skips).
    fn make(name: &str) -> Option<Certs> {
        Certs::make_with(name, &[])
    }

    /// The same with more `openssl req` arguments.
    fn make_with(name: &str, extra: &[&str]) -> Option<Certs> {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("tls-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            ])
            .args(["-subj", "/CN=localhost"])
            .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
            .args(extra)
            .arg("-keyout")
            .arg(dir.join("key.pem"))
            .arg("-out")
            .arg(dir.join("cert.pem"))
            .stdin(Stdio::null())
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Certs { dir }),
            Ok(o) => panic!(
                "openssl could not make a certificate: {}",
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => {
                println!("skipped: no openssl to make a test certificate ({e})");
                None
            }
        }
    }

    fn cert(&self) -> String {
        self.dir.join("cert.pem").to_string_lossy().into_owned()
    }

    fn key(&self) -> String {
        self.dir.join("key.pem").to_string_lossy().into_owned()
    }

    /// A server listening with `-E mode`; returns it and its port.
    fn server(&self, mode: &str) -> (Session, u16) {
        let (cert, key) = (self.cert(), self.key());
        let mut s = Session::start(
            &["-p", "0W", "-E", mode],
            &[("KX_SSL_CERT_FILE", &cert), ("KX_SSL_KEY_FILE", &key)],
        );
        let port = s.port();
        (s, port)
    }

    /// A local qrepl session that trusts the certificate, as a TLS client.
    fn client(&self) -> Session {
        let cert = self.cert();
        Session::start(&[], &[("KX_SSL_CA_CERT_FILE", &cert)])
    }
}

impl Drop for Certs {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A plain IPC client's handshake; returns the socket, logged in, or
/// `None` when the server closed it instead of answering.
fn plain_login(port: u16) -> Option<TcpStream> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"plain:\x03\x00").unwrap();
    let mut cap = [0u8; 1];
    match s.read(&mut cap) {
        Ok(1) => Some(s),
        _ => None,
    }
}

fn plain_sync(s: &mut TcpStream, text: &str) -> K {
    decode_message(&common::sync_message(s, text)).unwrap().1
}

/// Whether the server closes `s` (reading gives end of file or an error).
fn closed_by_server(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return true,
            // A TLS alert may come first.
            Ok(_) => continue,
        }
    }
}

/// Opens `tcps://127.0.0.1:port` from `client` and runs `query` there.
fn tls_query(client: &mut Session, port: u16, query: &str) -> String {
    client.run(&format!("h:hopen `:tcps://127.0.0.1:{port}"));
    let out = client.run(&format!("h {query:?}"));
    client.run("hclose h");
    out
}

#[test]
fn tls_only_server_answers_qrepls_tls_client() {
    let Some(certs) = Certs::make("only") else {
        return;
    };
    let (mut srv, port) = certs.server("2");
    assert_eq!(srv.run("\\E"), "2i\n");
    srv.run("x:42");
    let mut client = certs.client();
    assert_eq!(tls_query(&mut client, port, "x+1"), "43\n");
    assert_eq!(tls_query(&mut client, port, "til 3"), "0 1 2\n");
    // The server sees the client through .z.w and .z.a as usual.
    assert_eq!(
        tls_query(&mut client, port, "(.z.w>0;.z.a=2130706433i)"),
        "11b\n"
    );
    // Messages of many TLS records both ways, several at once.
    client.run(&format!("h:hopen `:tcps://127.0.0.1:{port}"));
    assert_eq!(client.run("h(count;til 1000000)"), "1000000\n");
    assert_eq!(client.run("sum h\"til 1000000\""), "499999500000\n");
    client.run("neg[h](set;`big;til 500000); neg[h](set;`big2;til 600000)");
    assert_eq!(client.run("h\"(count big;count big2)\""), "500000 600000\n");
    client.run("hclose h");
    // The certificate is trusted for its own names only.
    let out = client.run(&format!("hopen `:tcps://127.0.0.2:{port}"));
    assert!(out.starts_with("'hop"), "{out:?}");
}

#[test]
fn an_end_entity_certificate_is_verified_the_usual_way() {
    let Some(certs) = Certs::make_with(
        "end-entity",
        &["-addext", "basicConstraints=critical,CA:FALSE"],
    ) else {
        return;
    };
    let (_srv, port) = certs.server("2");
    let mut client = certs.client();
    assert_eq!(tls_query(&mut client, port, "1+1"), "2\n");
    // The name is checked: the certificate is not for this one.
    let out = client.run(&format!("hopen `:tcps://127.0.0.2:{port}"));
    assert!(out.starts_with("'hop"), "{out:?}");
}

#[test]
fn skipping_verification_also_connects() {
    let Some(certs) = Certs::make("noverify") else {
        return;
    };
    let (_srv, port) = certs.server("2");
    let mut client = Session::start(&[], &[("KX_SSL_VERIFY_SERVER", "NO")]);
    assert_eq!(tls_query(&mut client, port, "2*21"), "42\n");
}

#[test]
fn mode_1_serves_plain_and_tls_clients_on_one_port() {
    let Some(certs) = Certs::make("both") else {
        return;
    };
    let (mut srv, port) = certs.server("1");
    assert_eq!(srv.run("\\E"), "1i\n");
    let mut plain = plain_login(port).expect("a plain client is served under -E 1");
    assert_eq!(plain_sync(&mut plain, "1+1"), K::long(2));
    let mut client = certs.client();
    assert_eq!(tls_query(&mut client, port, "10*10"), "100\n");
    assert_eq!(plain_sync(&mut plain, "2+2"), K::long(4));
}

#[test]
fn mode_2_refuses_plain_clients_and_goes_on() {
    let Some(certs) = Certs::make("refuse") else {
        return;
    };
    let (mut srv, port) = certs.server("2");
    assert!(plain_login(port).is_none(), "a plain client was let in");
    let log = srv.run("1b");
    assert!(log.contains("plain connection refused"), "{log:?}");
    let mut client = certs.client();
    assert_eq!(tls_query(&mut client, port, "3*3"), "9\n");
    // A plain client is still refused without stopping the server.
    assert!(plain_login(port).is_none());
    assert_eq!(tls_query(&mut client, port, "4*4"), "16\n");
}

#[test]
fn an_untrusting_client_fails_alone() {
    let (Some(certs), Some(other)) = (Certs::make("untrusted"), Certs::make("other")) else {
        return;
    };
    let (mut srv, port) = certs.server("2");
    // A client that trusts another certificate only.
    let mut stranger = other.client();
    let out = stranger.run(&format!("hopen `:tcps://127.0.0.1:{port}"));
    assert!(out.starts_with('\''), "{out:?}");
    // Served after the failure, so the failure is logged before this.
    let mut client = certs.client();
    assert_eq!(tls_query(&mut client, port, "5*5"), "25\n");
    let log = srv.run("1b");
    assert!(log.contains("tls: handle"), "{log:?}");
}

/// A TLS client configuration that trusts `cert` (an end-entity
/// certificate, which webpki takes as its own root), and the server name
/// it expects.
fn client_config(cert: &str) -> (rustls::ClientConfig, rustls::pki_types::ServerName<'static>) {
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    for c in rustls::pki_types::CertificateDer::pem_file_iter(cert).unwrap() {
        roots.add(c.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    (config, name)
}

/// A real TLS client hello for localhost, as rustls writes it.
fn client_hello(cert: &str) -> Vec<u8> {
    let (config, name) = client_config(cert);
    let mut conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut hello = Vec::new();
    while conn.wants_write() {
        conn.write_tls(&mut hello).unwrap();
    }
    hello
}

#[test]
fn garbage_after_a_client_hello_closes_only_that_client() {
    let Some(certs) = Certs::make("garbage") else {
        return;
    };
    for mode in ["1", "2"] {
        let (mut srv, port) = certs.server(mode);
        let mut plain = (mode == "1").then(|| plain_login(port).unwrap());
        let mut client = certs.client();
        client.run(&format!("h:hopen `:tcps://127.0.0.1:{port}"));
        // A hello, then bytes that are no TLS record.
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let mut bytes = client_hello(&certs.cert());
        bytes.extend_from_slice(b"\x99garbage that is not a TLS record\x00\xff");
        s.write_all(&bytes).unwrap();
        assert!(closed_by_server(&mut s));
        // A record header alone, claiming a hello that never comes whole,
        // then the client leaves.
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"\x16\x03\x01\x00\x05\x01\xff\xff").unwrap();
        drop(s);
        // Only a TLS record type byte, then garbage.
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"\x16not tls at all, just text\r\n").unwrap();
        assert!(closed_by_server(&mut s));
        // The open TLS client and a plain one go on.
        assert_eq!(client.run("h\"6*7\""), "42\n", "-E {mode}");
        if let Some(p) = plain.as_mut() {
            assert_eq!(plain_sync(p, "6*6"), K::long(36));
        }
        // Each client closed for its garbage left one line on the console.
        let out = srv.run("7*7");
        assert!(out.ends_with("49\n"), "{out:?}");
        assert!(out.matches("tls: handle").count() >= 2, "{out:?}");
    }
}

#[test]
fn a_missing_certificate_stops_startup_naming_the_file() {
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-cert.pem");
    let missing = missing.to_string_lossy().into_owned();
    for mode in ["1", "2"] {
        let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
            .args(["-p", "0W", "-E", mode])
            .env("KX_SSL_CERT_FILE", &missing)
            .env("KX_SSL_KEY_FILE", &missing)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&missing), "{err}");
        assert!(err.contains(&format!("-E {mode}")), "{err}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .args(["-p", "0W", "-E", "2"])
        .env_remove("KX_SSL_CERT_FILE")
        .env_remove("SSL_CERT_FILE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("KX_SSL_CERT_FILE"));
    let out = Command::new(env!("CARGO_BIN_EXE_qrepl"))
        .args(["-p", "0W", "-E", "3"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
}

/// A blocking TLS client socket to `localhost:port` that trusts `cert`
/// (an end-entity certificate, which webpki takes as its own root).
fn tls_socket(cert: &str, port: u16) -> rustls::StreamOwned<rustls::ClientConnection, TcpStream> {
    let (config, name) = client_config(cert);
    let conn = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let sock = TcpStream::connect(("127.0.0.1", port)).unwrap();
    sock.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    rustls::StreamOwned::new(conn, sock)
}

#[test]
fn websockets_and_http_work_over_tls() {
    let Some(certs) = Certs::make_with("wss", &["-addext", "basicConstraints=critical,CA:FALSE"])
    else {
        return;
    };
    let (mut srv, port) = certs.server("2");
    srv.run(".z.ws:{neg[.z.w] upper x}");
    let mut s = tls_socket(&certs.cert(), port);
    s.write_all(
        b"GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
          Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    )
    .unwrap();
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut b).unwrap();
        head.push(b[0]);
    }
    let head = String::from_utf8(head).unwrap();
    assert!(head.starts_with("HTTP/1.1 101 "), "{head}");
    assert!(head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    // A masked text frame "hi", answered "HI".
    let mask = [1u8, 2, 3, 4];
    let mut frame = vec![0x81, 0x82];
    frame.extend_from_slice(&mask);
    frame.extend(b"hi".iter().zip(mask.iter()).map(|(c, m)| c ^ m));
    s.write_all(&frame).unwrap();
    let mut answer = [0u8; 4];
    s.read_exact(&mut answer).unwrap();
    assert_eq!(&answer, b"\x81\x02HI");
    // Plain HTTP over TLS too.
    let mut s = tls_socket(&certs.cert(), port);
    s.write_all(b"GET /?6*7 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut page = Vec::new();
    let _ = s.read_to_end(&mut page);
    let page = String::from_utf8_lossy(&page);
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(page.contains("<pre>42\n</pre>"), "{page}");
}

/// The interop Python with pykx, when it is already set up (`QREPL_PYTHON`,
/// or the repository's `.ci/venv` made by an earlier run).
fn ready_python() -> Option<PathBuf> {
    let set = std::env::var_os("QREPL_PYTHON").is_some_and(|p| !p.is_empty());
    let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/venv/.qrepl-ready");
    (set || venv.exists()).then(common::python)
}

#[test]
fn pykx_queries_a_tls_only_server() {
    let Some(python) = ready_python() else {
        println!("skipped: no interop Python with pykx (set QREPL_PYTHON or run .ci/run)");
        return;
    };
    let Some(certs) = Certs::make("pykx") else {
        return;
    };
    let (mut srv, port) = certs.server("2");
    srv.run("t:([]a:1 2 3)");
    let script = format!(
        "import pykx as kx\n\
         c = kx.SyncQConnection('localhost', {port}, tls=True)\n\
         print('sum=' + str(c('sum t`a').py()))\n\
         print('til=' + ','.join(str(x) for x in c('til 3').py()))\n\
         c.close()\n"
    );
    let (stdout, results) = common::peer_output(
        Command::new(python)
            .args(["-c", &script])
            .env("PYKX_UNLICENSED", "true")
            .env("PYKX_SUPPRESS_WARNINGS", "true")
            .env("KX_SSL_CA_CERT_FILE", certs.cert()),
    );
    assert_eq!(common::get(&results, "sum"), "6", "{stdout}");
    assert_eq!(common::get(&results, "til"), "0,1,2", "{stdout}");
    // A plain pykx client is refused under -E 2.
    let plain = format!(
        "import pykx as kx\n\
         try:\n    kx.SyncQConnection('localhost', {port})('1+1')\n    print('plain=served')\n\
         except Exception as e:\n    print('plain=refused')\n"
    );
    let out = Command::new(common::python())
        .args(["-c", &plain])
        .env("PYKX_UNLICENSED", "true")
        .env("PYKX_SUPPRESS_WARNINGS", "true")
        .output()
        .unwrap();
    let results = common::key_values(&out.stdout);
    assert_eq!(common::get(&results, "plain"), "refused");
}

#[test]
fn large_tls_messages_share_the_budget() {
    let Some(certs) = Certs::make("budget") else {
        return;
    };
    let (cert, key) = (certs.cert(), certs.key());
    // Room for one 2 MB message at a time: the others wait their turn.
    let mut srv = Session::start(
        &["-p", "0W", "-E", "2", "--max-message", "3000000"],
        &[("KX_SSL_CERT_FILE", &cert), ("KX_SSL_KEY_FILE", &key)],
    );
    let port = srv.port();
    let mut clients: Vec<Session> = (0..3).map(|_| certs.client()).collect();
    for c in &mut clients {
        c.run(&format!("h:hopen `:tcps://127.0.0.1:{port}"));
    }
    for (i, c) in clients.iter_mut().enumerate() {
        c.send(&format!("neg[h](set;`v{i};til 250000); neg[h][]"));
    }
    for (i, c) in clients.iter_mut().enumerate() {
        assert_eq!(c.run(&format!("h\"count v{i}\"")), "250000\n", "client {i}");
    }
}

// internal.md: -26!() lists the TLS settings; files come from the KX_SSL_
// variables, and the verification in force is shown.
#[test]
fn tls_settings_show_the_files_and_verification_in_force() {
    let mut s = Session::start(
        &[],
        &[
            ("KX_SSL_CERT_FILE", "/certs/server-crt.pem"),
            ("KX_SSL_KEY_FILE", "/certs/server-key.pem"),
            ("KX_SSL_VERIFY_SERVER", "NO"),
        ],
    );
    assert_eq!(
        s.run("-1 \" \" sv string key -26!();"),
        "SSLEAY_VERSION SSL_CERT_FILE SSL_CA_CERT_FILE SSL_CA_CERT_PATH SSL_KEY_FILE SSL_CIPHER_LIST SSL_VERIFY_CLIENT SSL_VERIFY_SERVER\n"
    );
    assert_eq!(
        s.run("(-26!())`SSL_CERT_FILE`SSL_KEY_FILE`SSL_VERIFY_CLIENT`SSL_VERIFY_SERVER"),
        "`/certs/server-crt.pem`/certs/server-key.pem`NO`NO\n"
    );
    assert_eq!(s.run("0<count string(-26!())`SSL_CIPHER_LIST"), "1b\n");
    assert!(s.run("-26!99").starts_with("'domain"));
}
