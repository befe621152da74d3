//! The `-u`/`-U` users file: `user:password` lines with plain, MD5 or
//! SHA-1 (lower-case hex) passwords, one kind per file, checked in
//! constant time; and the credentials of HTTP basic authentication, which
//! HTTP and WebSocket clients are checked with.

use md5::Digest;

/// How the passwords in a users file are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordKind {
    /// As typed.
    Plain,
    /// 32 hex digits of MD5.
    Md5,
    /// 40 hex digits of SHA-1.
    Sha1,
}

/// Why a users file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UsersFileError {
    /// A line has no `:` or an empty user name.
    #[error("line {0}: expected user:password")]
    BadLine(usize),
    /// Lines mix plain, MD5 and SHA-1 passwords.
    #[error("line {0}: passwords mix plain text, MD5 and SHA-1; use one kind per file")]
    MixedKinds(usize),
    /// The file holds no users.
    #[error("no users in file")]
    Empty,
}

/// A parsed users file.
#[derive(Clone, PartialEq, Eq)]
pub struct UsersFile {
    kind: PasswordKind,
    users: Vec<(Vec<u8>, Vec<u8>)>,
}

impl std::fmt::Debug for UsersFile {
    /// Lists users, never passwords.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UsersFile")
            .field("kind", &self.kind)
            .field(
                "users",
                &self
                    .users
                    .iter()
                    .map(|(u, _)| String::from_utf8_lossy(u))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

fn is_hex(s: &[u8], n: usize) -> bool {
    s.len() == n && s.iter().all(|c| c.is_ascii_hexdigit())
}

fn kind_of(pw: &[u8]) -> PasswordKind {
    if is_hex(pw, 32) {
        PasswordKind::Md5
    } else if is_hex(pw, 40) {
        PasswordKind::Sha1
    } else {
        PasswordKind::Plain
    }
}

impl UsersFile {
    /// Parses the text of a users file.
    ///
    /// # Errors
    /// A malformed line, mixed password kinds, or no users at all.
    pub fn parse(text: &[u8]) -> Result<UsersFile, UsersFileError> {
        let mut users = Vec::new();
        let mut kind: Option<PasswordKind> = None;
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let colon = memchr::memchr(b':', line).ok_or(UsersFileError::BadLine(i + 1))?;
            let (user, pw) = (&line[..colon], &line[colon + 1..]);
            if user.is_empty() {
                return Err(UsersFileError::BadLine(i + 1));
            }
            let k = kind_of(pw);
            match kind {
                None => kind = Some(k),
                Some(prev) if prev != k => return Err(UsersFileError::MixedKinds(i + 1)),
                _ => {}
            }
            let stored = if k == PasswordKind::Plain {
                pw.to_vec()
            } else {
                pw.to_ascii_lowercase()
            };
            users.push((user.to_vec(), stored));
        }
        let kind = kind.ok_or(UsersFileError::Empty)?;
        Ok(UsersFile { kind, users })
    }

    /// How passwords are stored in this file.
    pub fn kind(&self) -> PasswordKind {
        self.kind
    }

    /// Whether `user` with `password` is allowed. Every entry is compared
    /// (in constant time per entry), so timing does not reveal which users exist.
    pub fn check(&self, user: &[u8], password: &[u8]) -> bool {
        let presented = match self.kind {
            PasswordKind::Plain => password.to_vec(),
            PasswordKind::Md5 => hex(&md5::Md5::digest(password)),
            PasswordKind::Sha1 => hex(&sha1::Sha1::digest(password)),
        };
        let mut ok = false;
        for (u, p) in &self.users {
            let hit = constant_time_eq(u, user) & constant_time_eq(p, &presented);
            ok |= hit;
        }
        ok && !user.is_empty()
    }
}

fn hex(bytes: &[u8]) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize]);
        out.push(DIGITS[(b & 15) as usize]);
    }
    out
}

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff: usize = a.len() ^ b.len();
    let n = a.len().max(b.len());
    for i in 0..n {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= (x ^ y) as usize;
    }
    diff == 0
}

/// The user and password of an HTTP request head's
/// `Authorization: Basic ...` header, if it has a well-formed one.
pub fn basic_credentials(head: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let value = head.lines().skip(1).find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("authorization")
            .then(|| value.trim())
    })?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64_decode(token.trim())?;
    let colon = decoded.iter().position(|&b| b == b':')?;
    Some((decoded[..colon].to_vec(), decoded[colon + 1..].to_vec()))
}

/// Standard base64 (padding optional); `None` on any other character.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let body = text.trim_end_matches('=').as_bytes();
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= digit(c)? << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_file_checks_users() {
        let f = UsersFile::parse(b"abc:pass1\nxyz:pass2\nqwe:pass3").unwrap();
        assert_eq!(f.kind(), PasswordKind::Plain);
        assert!(f.check(b"abc", b"pass1"));
        assert!(!f.check(b"abc", b"pass"));
        assert!(!f.check(b"xyz", b"pass1"));
        assert!(!f.check(b"", b""));
    }

    #[test]
    fn md5_and_sha1_files() {
        // md5 "pw" and sha1 "pw" in lower-case hex.
        let md5 = UsersFile::parse(b"u:8b2c5f0d59c4eaf4a6d9e0a0b5a5b6c1").unwrap();
        assert_eq!(md5.kind(), PasswordKind::Md5);
        let real = hex(&md5::Md5::digest(b"pw"));
        let mut text = b"u:".to_vec();
        text.extend_from_slice(&real);
        let f = UsersFile::parse(&text).unwrap();
        assert!(f.check(b"u", b"pw"));
        assert!(!f.check(b"u", b"px"));
        let sha = hex(&sha1::Sha1::digest(b"pw"));
        let mut text = b"u:".to_vec();
        text.extend_from_slice(&sha);
        let f = UsersFile::parse(&text).unwrap();
        assert_eq!(f.kind(), PasswordKind::Sha1);
        assert!(f.check(b"u", b"pw"));
    }

    #[test]
    fn malformed_files_are_refused() {
        assert_eq!(
            UsersFile::parse(b"nocolon"),
            Err(UsersFileError::BadLine(1))
        );
        assert_eq!(UsersFile::parse(b":pw"), Err(UsersFileError::BadLine(1)));
        assert_eq!(UsersFile::parse(b""), Err(UsersFileError::Empty));
        let mixed = format!("a:plain\nb:{}", "0".repeat(32));
        assert_eq!(
            UsersFile::parse(mixed.as_bytes()),
            Err(UsersFileError::MixedKinds(2))
        );
    }

    #[test]
    fn constant_time_eq_basics() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"", &[0u8; 256]));
    }

    #[test]
    fn basic_credentials_are_decoded() {
        let head = "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic YW5uOnMzY3JldA==\r\n";
        assert_eq!(
            basic_credentials(head),
            Some((b"ann".to_vec(), b"s3cret".to_vec()))
        );
        // A password may hold colons; padding is optional.
        let head = "GET / HTTP/1.1\r\nauthorization: basic YTpiOmM\r\n";
        assert_eq!(
            basic_credentials(head),
            Some((b"a".to_vec(), b"b:c".to_vec()))
        );
        assert_eq!(basic_credentials("GET / HTTP/1.1\r\nHost: x"), None);
        let bearer = "GET / HTTP/1.1\r\nAuthorization: Bearer YW5uOnMzY3JldA==";
        assert_eq!(basic_credentials(bearer), None);
        let garbage = "GET / HTTP/1.1\r\nAuthorization: Basic !!!!";
        assert_eq!(basic_credentials(garbage), None);
        assert_eq!(base64_decode("Zm9vYmFy"), Some(b"foobar".to_vec()));
        assert_eq!(base64_decode("Zg=="), Some(b"f".to_vec()));
        assert_eq!(base64_decode("Z"), None);
    }
}
