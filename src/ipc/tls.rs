//! TLS for `tcps://` connections and for the listener (`-E 1|2`): the
//! configurations q users know from `KX_SSL_*` variables, and a TLS stream,
//! client or server, that works on a non-blocking socket inside the event
//! loop.
//!
//! Variables (each also accepted with the older `SSL_` prefix):
//! `KX_SSL_CA_CERT_FILE` (PEM file of trusted CAs; default: the system's),
//! `KX_SSL_CA_CERT_PATH` (a directory of PEM files), `KX_SSL_CERT_FILE` and
//! `KX_SSL_KEY_FILE` (the certificate and key: a client's when connecting,
//! the server's when listening), `KX_SSL_VERIFY_SERVER` (`YES`, the
//! default, or `NO` to skip verifying the server's certificate).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{WebPkiServerVerifier, verify_server_name};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{
    ClientConfig, ClientConnection, Connection, DigitallySignedStruct, RootCertStore, ServerConfig,
    ServerConnection, SignatureScheme,
};

/// Why a TLS connection could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A certificate or key file could not be read or parsed.
    #[error("{0}: {1}")]
    File(String, String),
    /// No usable CA certificates.
    #[error("no trusted certificates (set KX_SSL_CA_CERT_FILE)")]
    NoRoots,
    /// rustls refused the configuration.
    #[error("{0}")]
    Config(String),
    /// A variable the listener needs is not set.
    #[error("{0} is not set (the server's certificate and key are needed for TLS)")]
    Unset(&'static str),
}

/// The first byte of a TLS record carrying a handshake message: how a
/// listener that also takes plain clients (`-E 1`) recognises a TLS
/// client's hello.
pub const HANDSHAKE_RECORD: u8 = 0x16;

fn var(name: &str) -> Option<String> {
    std::env::var(format!("KX_{name}"))
        .or_else(|_| std::env::var(name))
        .ok()
        .filter(|v| !v.is_empty())
}

/// The TLS settings in force, as `-26!()` shows them (internal.md): the
/// files from their environment variables (`KX_` first; empty when unset),
/// the cipher suites offered, and the verification used. Client
/// certificates are never asked for, so `SSL_VERIFY_CLIENT` is `NO`.
pub fn settings() -> Vec<(&'static str, String)> {
    let file = |name: &str| var(name).unwrap_or_default();
    let suites: Vec<String> = provider()
        .cipher_suites
        .iter()
        .map(|s| format!("{:?}", s.suite()))
        .collect();
    let verify_server = match var("SSL_VERIFY_SERVER") {
        Some(v) if v.eq_ignore_ascii_case("NO") => "NO",
        _ => "YES",
    };
    vec![
        ("SSLEAY_VERSION", "rustls (ring)".to_string()),
        ("SSL_CERT_FILE", file("SSL_CERT_FILE")),
        ("SSL_CA_CERT_FILE", file("SSL_CA_CERT_FILE")),
        ("SSL_CA_CERT_PATH", file("SSL_CA_CERT_PATH")),
        ("SSL_KEY_FILE", file("SSL_KEY_FILE")),
        ("SSL_CIPHER_LIST", suites.join(":")),
        ("SSL_VERIFY_CLIENT", "NO".to_string()),
        ("SSL_VERIFY_SERVER", verify_server.to_string()),
    ]
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Builds the client configuration from the environment.
///
/// # Errors
/// Unreadable certificate files, or no trusted roots at all.
pub fn client_config() -> Result<Arc<ClientConfig>, TlsError> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?;
    let verify = var("SSL_VERIFY_SERVER").is_none_or(|v| !v.eq_ignore_ascii_case("no"));
    let webpki = if verify {
        let (store, listed) = roots()?;
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider())
            .build()
            .map_err(|e| TlsError::Config(e.to_string()))?;
        Some((webpki, listed))
    } else {
        None
    };
    let builder = builder
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(ServerCheck {
            webpki,
            provider: provider(),
        }));
    let config = match (var("SSL_CERT_FILE"), var("SSL_KEY_FILE")) {
        (Some(cert), Some(key)) => {
            let certs = CertificateDer::pem_file_iter(&cert)
                .and_then(|it| it.collect::<Result<Vec<_>, _>>())
                .map_err(|e| TlsError::File(cert.clone(), e.to_string()))?;
            let key = PrivateKeyDer::from_pem_file(&key)
                .map_err(|e| TlsError::File(key.clone(), e.to_string()))?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| TlsError::Config(e.to_string()))?
        }
        _ => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// Builds the listener's configuration: its certificate chain and key from
/// `KX_SSL_CERT_FILE` and `KX_SSL_KEY_FILE` (or `SSL_...`); clients are not
/// asked for certificates.
///
/// # Errors
/// A variable unset, or a file unreadable or not PEM, naming the file.
pub fn server_config() -> Result<Arc<ServerConfig>, TlsError> {
    let cert = var("SSL_CERT_FILE").ok_or(TlsError::Unset("KX_SSL_CERT_FILE"))?;
    let key = var("SSL_KEY_FILE").ok_or(TlsError::Unset("KX_SSL_KEY_FILE"))?;
    let certs = CertificateDer::pem_file_iter(&cert)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsError::File(cert.clone(), e.to_string()))?;
    if certs.is_empty() {
        return Err(TlsError::File(cert, "no certificate in the file".into()));
    }
    let key = PrivateKeyDer::from_pem_file(&key)
        .map_err(|e| TlsError::File(key.clone(), e.to_string()))?;
    let config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Config(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    Ok(Arc::new(config))
}

/// The trusted roots, and the certificates named explicitly
/// (`KX_SSL_CA_CERT_FILE`, `KX_SSL_CA_CERT_PATH`).
fn roots() -> Result<(RootCertStore, Vec<CertificateDer<'static>>), TlsError> {
    let mut store = RootCertStore::empty();
    let mut listed = Vec::new();
    let mut add_file = |path: &str| -> Result<(), TlsError> {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|it| it.collect::<Result<Vec<_>, _>>())
            .map_err(|e| TlsError::File(path.to_string(), e.to_string()))?;
        for c in certs {
            listed.push(c.clone());
            store
                .add(c)
                .map_err(|e| TlsError::File(path.to_string(), e.to_string()))?;
        }
        Ok(())
    };
    let mut explicit = false;
    if let Some(f) = var("SSL_CA_CERT_FILE") {
        add_file(&f)?;
        explicit = true;
    }
    if let Some(dir) = var("SSL_CA_CERT_PATH") {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| TlsError::File(dir.clone(), e.to_string()))?;
        for e in entries.flatten() {
            // Files that are not certificates are skipped, as OpenSSL does.
            let _ = add_file(&e.path().to_string_lossy());
        }
        explicit = true;
    }
    if !explicit {
        for c in rustls_native_certs::load_native_certs().certs {
            let _ = store.add(c);
        }
    }
    if store.is_empty() {
        return Err(TlsError::NoRoots);
    }
    Ok((store, listed))
}

/// How a client checks the server's certificate: the usual verification,
/// and one more way to trust a server, as OpenSSL (and so q) has it: a
/// server whose certificate is itself one of the certificates the user
/// named as trusted, such as a self-signed one made with `openssl req
/// -x509` (which marks it as a CA, a certificate webpki refuses as a
/// server's). Its names must still match. With no verifier
/// (`KX_SSL_VERIFY_SERVER=NO`) any certificate is accepted; signatures are
/// still checked either way, so the session keys are the server's.
#[derive(Debug)]
struct ServerCheck {
    webpki: Option<(Arc<WebPkiServerVerifier>, Vec<CertificateDer<'static>>)>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for ServerCheck {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some((webpki, listed)) = &self.webpki else {
            return Ok(ServerCertVerified::assertion());
        };
        match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Ok(v) => Ok(v),
            Err(_) if listed.iter().any(|c| c.as_ref() == end_entity.as_ref()) => {
                // Still for the name connected to.
                let parsed = ParsedCertificate::try_from(end_entity)?;
                verify_server_name(&parsed, server_name)?;
                Ok(ServerCertVerified::assertion())
            }
            Err(e) => Err(e),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algs = &self.provider.signature_verification_algorithms;
        verify_tls12_signature(message, cert, dss, algs)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algs = &self.provider.signature_verification_algorithms;
        verify_tls13_signature(message, cert, dss, algs)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A TLS connection, client or server, over a TCP socket.
#[derive(Debug)]
pub struct TlsStream {
    conn: Connection,
    sock: TcpStream,
}

impl TlsStream {
    /// Runs the TLS handshake on a connected (blocking) socket, until `deadline`.
    ///
    /// # Errors
    /// Certificate failures and socket errors; `TimedOut` past the deadline.
    pub fn connect(
        mut sock: TcpStream,
        host: &str,
        deadline: Option<Instant>,
    ) -> io::Result<TlsStream> {
        let config = client_config().map_err(io::Error::other)?;
        let name = ServerName::try_from(host.to_string())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let mut conn =
            Connection::Client(ClientConnection::new(config, name).map_err(io::Error::other)?);
        while conn.is_handshaking() {
            let left = match deadline {
                Some(d) => Some(
                    d.checked_duration_since(Instant::now())
                        .filter(|l| !l.is_zero())
                        .ok_or(io::ErrorKind::TimedOut)?,
                ),
                None => None,
            };
            sock.set_read_timeout(left.or(Some(Duration::from_secs(30))))?;
            conn.complete_io(&mut sock)?;
        }
        sock.set_read_timeout(None)?;
        Ok(TlsStream { conn, sock })
    }

    /// Starts the server side on an accepted socket whose first bytes,
    /// `early`, were already read (the client's hello, or part of it). The
    /// handshake goes on as the socket is read.
    ///
    /// # Errors
    /// When `early` is not the start of a TLS handshake rustls accepts.
    pub fn accept(
        sock: TcpStream,
        config: Arc<ServerConfig>,
        mut early: &[u8],
    ) -> io::Result<TlsStream> {
        let conn = ServerConnection::new(config).map_err(io::Error::other)?;
        let mut stream = TlsStream {
            conn: Connection::Server(conn),
            sock,
        };
        while !early.is_empty() {
            if stream.conn.read_tls(&mut early)? == 0 {
                break;
            }
            stream.process()?;
        }
        stream.flush_tls()?;
        Ok(stream)
    }

    /// Processes the records read, answering what needs answering; a
    /// failure sends its alert (as far as the socket takes it at once).
    fn process(&mut self) -> io::Result<()> {
        if let Err(e) = self.conn.process_new_packets() {
            let _ = self.flush_tls();
            return Err(io::Error::new(io::ErrorKind::InvalidData, e));
        }
        Ok(())
    }

    /// Whether decrypted bytes wait inside TLS, where `poll` on the socket
    /// cannot see them.
    pub fn has_plaintext(&mut self) -> bool {
        self.conn
            .process_new_packets()
            .is_ok_and(|state| state.plaintext_bytes_to_read() > 0)
    }

    /// Whether the handshake is still under way.
    pub fn is_handshaking(&self) -> bool {
        self.conn.is_handshaking()
    }

    /// The socket's descriptor.
    pub fn fd(&self) -> RawFd {
        self.sock.as_raw_fd()
    }

    /// Makes the socket (non-)blocking.
    ///
    /// # Errors
    /// From the OS.
    pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        self.sock.set_nonblocking(on)
    }

    /// The underlying socket.
    pub fn socket(&self) -> &TcpStream {
        &self.sock
    }

    /// Whether encrypted bytes wait to be written to the socket.
    pub fn wants_write(&self) -> bool {
        self.conn.wants_write()
    }

    /// Writes pending encrypted bytes until done or the socket would block.
    ///
    /// # Errors
    /// Socket errors other than "would block".
    pub fn flush_tls(&mut self) -> io::Result<()> {
        while self.conn.wants_write() {
            match self.conn.write_tls(&mut self.sock) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl Read for TlsStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.conn.reader().read(buf) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
            // No plaintext yet: take more records from the socket.
            if self.conn.read_tls(&mut self.sock)? == 0 {
                return Ok(0);
            }
            self.process()?;
            // Alerts and handshake messages may need answering.
            self.flush_tls()?;
        }
    }
}

impl Write for TlsStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.flush_tls()?;
        let n = self.conn.writer().write(buf)?;
        self.flush_tls()?;
        if n == 0 && !buf.is_empty() {
            // rustls's plaintext buffer is full until the socket drains.
            return Err(io::ErrorKind::WouldBlock.into());
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_tls()
    }
}
