//! The connection handshake, both sides: the client's NUL-terminated
//! `user:password` plus capability byte, and the server's one-byte reply
//! with the common capability.
//!
//! Clients older than kdb+ 2.6 send no capability byte at all
//! (`user:password` and the NUL); they are treated as capability 0 and
//! still get their one-byte reply. The capability byte is a control value
//! (0..6), so a printable last byte before the NUL belongs to the password.

use super::{CAPABILITY_LIMIT, MAX_CAPABILITY};

/// Longest `user:password` text we accept, in bytes.
pub const MAX_CREDENTIALS_LEN: usize = 1024;

/// Why a handshake cannot be sent or accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HandshakeError {
    /// The credentials are longer than [`MAX_CREDENTIALS_LEN`].
    #[error("credentials longer than {MAX_CREDENTIALS_LEN} bytes")]
    TooLong,
    /// The byte before the NUL is a control byte (below 0x20, so not part
    /// of the credentials) but not a capability 0..6.
    #[error("bad capability byte {0}")]
    BadCapability(u8),
    /// A user name or password contains a NUL, which would end the hello early.
    #[error("credentials contain a NUL byte")]
    NulInCredentials,
}

/// What a client sends when it connects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hello {
    /// User name (bytes before the first `:`).
    pub user: Vec<u8>,
    /// Password (bytes after the first `:`; empty when there is none).
    pub password: Vec<u8>,
    /// The client's capability, 0..6 (0 when the client sent none).
    pub capability: u8,
}

/// Bytes below this before the NUL are a capability byte; from it up they
/// are the last character of the credentials.
const FIRST_TEXT_BYTE: u8 = 0x20;

impl Hello {
    /// A hello offering our highest capability.
    pub fn new(user: impl Into<Vec<u8>>, password: impl Into<Vec<u8>>) -> Hello {
        Hello {
            user: user.into(),
            password: password.into(),
            capability: MAX_CAPABILITY,
        }
    }

    /// The bytes a client sends: `user:password`, the capability byte, NUL.
    /// The `:` is always written, even with an empty password, as q does.
    ///
    /// # Errors
    /// Credentials containing NUL or longer than [`MAX_CREDENTIALS_LEN`], or
    /// a capability above 6.
    pub fn encode(&self) -> Result<Vec<u8>, HandshakeError> {
        if self.capability > CAPABILITY_LIMIT {
            return Err(HandshakeError::BadCapability(self.capability));
        }
        if self.user.contains(&0) || self.password.contains(&0) {
            return Err(HandshakeError::NulInCredentials);
        }
        let len = self.user.len() + 1 + self.password.len();
        if len > MAX_CREDENTIALS_LEN {
            return Err(HandshakeError::TooLong);
        }
        let mut out = Vec::with_capacity(len + 2);
        out.extend_from_slice(&self.user);
        out.push(b':');
        out.extend_from_slice(&self.password);
        out.push(self.capability);
        out.push(0);
        Ok(out)
    }

    /// Parses what a client has sent so far. `Ok(None)` means the NUL has
    /// not arrived yet; otherwise the hello and how many bytes it took
    /// (anything after them is the client's first message).
    ///
    /// The hello has one of three shapes:
    ///
    /// * `credentials` `cap` NUL, with `cap` 1..6: the usual form;
    /// * `credentials` NUL NUL: capability 0, itself a NUL;
    /// * `credentials` NUL: no capability byte (clients before kdb+ 2.6),
    ///   taken as capability 0.
    ///
    /// A byte below 0x20 just before the first NUL is the capability; any
    /// other byte there ends the credentials. Capability 0 and "none" get
    /// the same reply and protocol; the two differ only in whether a second
    /// NUL belongs to the hello, which is decided from the bytes already
    /// received (the client sends its hello in one write).
    ///
    /// # Errors
    /// Credentials over [`MAX_CREDENTIALS_LEN`] bytes (or no NUL within
    /// that many + 2), or a control byte before the NUL that is no
    /// capability (7..0x1f).
    pub fn decode(buf: &[u8]) -> Result<Option<(Hello, usize)>, HandshakeError> {
        // Credentials, capability byte, NUL.
        let longest = MAX_CREDENTIALS_LEN + 2;
        let Some(nul) = memchr::memchr(0, &buf[..buf.len().min(longest)]) else {
            return if buf.len() >= longest {
                Err(HandshakeError::TooLong)
            } else {
                Ok(None)
            };
        };
        let (credentials, capability, used) = match nul.checked_sub(1).map(|i| buf[i]) {
            Some(cap) if cap < FIRST_TEXT_BYTE => {
                if cap > CAPABILITY_LIMIT {
                    return Err(HandshakeError::BadCapability(cap));
                }
                (&buf[..nul - 1], cap, nul + 1)
            }
            // Capability 0 is a NUL itself, so the hello ends in two.
            _ if buf.get(nul + 1) == Some(&0) => (&buf[..nul], 0, nul + 2),
            // No capability byte: an old client, waiting for its reply.
            _ => (&buf[..nul], 0, nul + 1),
        };
        if credentials.len() > MAX_CREDENTIALS_LEN {
            return Err(HandshakeError::TooLong);
        }
        let (user, password) = match memchr::memchr(b':', credentials) {
            Some(colon) => (&credentials[..colon], &credentials[colon + 1..]),
            None => (credentials, &[][..]),
        };
        let hello = Hello {
            user: user.to_vec(),
            password: password.to_vec(),
            capability,
        };
        Ok(Some((hello, used)))
    }
}

/// The byte a server answers a hello with: the lower of the client's
/// capability and ours.
pub fn reply(client_capability: u8) -> u8 {
    client_capability.min(MAX_CAPABILITY)
}

/// The capability a client uses after the server's reply byte: never more
/// than it offered.
pub fn negotiated(offered: u8, reply: u8) -> u8 {
    offered.min(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_documented_hello() {
        let hello = Hello {
            user: b"kdb".to_vec(),
            password: b"pass".to_vec(),
            capability: 3,
        };
        assert_eq!(hello.encode().unwrap(), b"kdb:pass\x03\x00");
        assert_eq!(Hello::new("me", "").encode().unwrap(), b"me:\x05\x00");
    }

    #[test]
    fn decodes_incrementally() {
        let bytes = b"kdb:pa:ss\x06\x00\x01\x01";
        for n in 0..10 {
            assert_eq!(Hello::decode(&bytes[..n]), Ok(None), "{n} bytes");
        }
        let (hello, used) = Hello::decode(bytes).unwrap().unwrap();
        assert_eq!(used, 11);
        assert_eq!(hello.user, b"kdb");
        assert_eq!(hello.password, b"pa:ss");
        assert_eq!(hello.capability, 6);
        assert_eq!(reply(hello.capability), 5);
    }

    #[test]
    fn missing_password_or_user_is_empty() {
        let (hello, _) = Hello::decode(b"hello\x03\x00").unwrap().unwrap();
        assert_eq!(
            (hello.user.as_slice(), hello.password.as_slice()),
            (&b"hello"[..], &b""[..])
        );
        let (hello, _) = Hello::decode(b"\x03\x00").unwrap().unwrap();
        assert!(hello.user.is_empty() && hello.password.is_empty());
        assert_eq!(reply(hello.capability), 3);
    }

    #[test]
    fn old_clients_send_no_capability_byte() {
        // Before 2.6: credentials and NUL only, then the client waits.
        let (hello, used) = Hello::decode(b"user:pass\x00").unwrap().unwrap();
        assert_eq!((used, hello.capability), (10, 0));
        assert_eq!(
            (hello.user.as_slice(), hello.password.as_slice()),
            (&b"user"[..], &b"pass"[..])
        );
        assert_eq!(reply(hello.capability), 0);
        // A password ending in a digit keeps it: '6' is 0x36, not 6.
        let (hello, _) = Hello::decode(b"u:pw6\x00").unwrap().unwrap();
        assert_eq!(
            (hello.password.as_slice(), hello.capability),
            (&b"pw6"[..], 0)
        );
        // Empty credentials, no capability.
        let (hello, used) = Hello::decode(b"\x00").unwrap().unwrap();
        assert!(hello.user.is_empty() && hello.password.is_empty());
        assert_eq!((used, hello.capability), (1, 0));
        // Non-ASCII passwords end in bytes above 0x7f: still credentials.
        let (hello, _) = Hello::decode("u:pässwörd\0".as_bytes()).unwrap().unwrap();
        assert_eq!(hello.password, "pässwörd".as_bytes());
    }

    #[test]
    fn capability_zero_is_a_second_nul() {
        let (hello, used) = Hello::decode(b"user:pass\x00\x00").unwrap().unwrap();
        assert_eq!((used, hello.capability), (11, 0));
        assert_eq!(hello.password, b"pass");
        let zero = Hello {
            capability: 0,
            ..Hello::new("user", "pass")
        };
        assert_eq!(zero.encode().unwrap(), b"user:pass\x00\x00");
        let (hello, used) = Hello::decode(b"\x00\x00").unwrap().unwrap();
        assert_eq!((used, hello.capability), (2, 0));
        // A message after a hello without capability is left alone.
        let (_, used) = Hello::decode(b"u:p\x00\x01\x01\x00\x00").unwrap().unwrap();
        assert_eq!(used, 4);
        for cap in 1..=CAPABILITY_LIMIT {
            let offered = Hello {
                capability: cap,
                ..Hello::new("u", "p")
            };
            let bytes = offered.encode().unwrap();
            let (hello, used) = Hello::decode(&bytes).unwrap().unwrap();
            assert_eq!((used, hello.capability), (bytes.len(), cap));
            assert_eq!(hello.password, b"p");
        }
    }

    #[test]
    fn bad_hellos_are_refused() {
        assert_eq!(
            Hello::decode(b"user:pass\x07\x00"),
            Err(HandshakeError::BadCapability(7))
        );
        assert_eq!(
            Hello::decode(b"user:pass\x1f\x00"),
            Err(HandshakeError::BadCapability(0x1f))
        );
        // Credentials one byte too long, with and without a capability.
        let mut over = vec![b'a'; MAX_CREDENTIALS_LEN + 1];
        over.push(0);
        assert_eq!(Hello::decode(&over), Err(HandshakeError::TooLong));
        let mut most = vec![b'a'; MAX_CREDENTIALS_LEN];
        most.push(0);
        assert!(Hello::decode(&most).unwrap().is_some());
        let long = vec![b'a'; MAX_CREDENTIALS_LEN + 2];
        assert_eq!(Hello::decode(&long), Err(HandshakeError::TooLong));
        assert_eq!(Hello::decode(&long[..MAX_CREDENTIALS_LEN + 1]), Ok(None));
        let mut longest = vec![b'a'; MAX_CREDENTIALS_LEN];
        longest.extend_from_slice(&[3, 0]);
        assert!(Hello::decode(&longest).unwrap().is_some());
        assert_eq!(
            Hello::new("a\0b", "").encode(),
            Err(HandshakeError::NulInCredentials)
        );
    }

    #[test]
    fn client_never_uses_more_than_it_offered() {
        assert_eq!(negotiated(3, 5), 3);
        assert_eq!(negotiated(5, 3), 3);
    }
}
