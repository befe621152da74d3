//! What `hopen` connects to: parsing `` `:host:port:user:pass ``,
//! `` `:unix://port ``, `` `:tcps://host:port ``, bare ports and their string forms.

use std::fmt;

/// The transport of a connection target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Transport {
    /// Plain TCP.
    Tcp,
    /// Unix domain socket (`unix://port`), abstract on Linux.
    Unix,
    /// TLS over TCP (`tcps://host:port`).
    Tls,
}

/// A parsed connection target.
#[derive(Clone, PartialEq, Eq)]
pub struct Target {
    /// How to connect.
    pub transport: Transport,
    /// Host name or address; empty means localhost.
    pub host: String,
    /// TCP port, or the number in the unix socket name.
    pub port: u16,
    /// User name, if given.
    pub user: Option<String>,
    /// Password, if given (may itself contain `:`).
    pub password: Option<String>,
}

impl fmt::Debug for Target {
    /// Never prints the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("transport", &self.transport)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Why a target does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not of the form `:host:port[:user[:password]]`.
    #[error("not a process handle: {0}")]
    NotProcess(String),
    /// The port is not a number from 1 to 65535.
    #[error("bad port: {0}")]
    BadPort(String),
}

impl Target {
    /// A plain TCP target on localhost.
    pub fn local_port(port: u16) -> Target {
        Target {
            transport: Transport::Tcp,
            host: String::new(),
            port,
            user: None,
            password: None,
        }
    }

    /// Parses a `hopen` target as written in q, with or without the leading
    /// `:` (`:host:port`, `::5001`, `:unix://5001:u:p`, `:tcps://h:5001`).
    ///
    /// # Errors
    /// When the text has no port field or the port is not a number.
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let body = text.strip_prefix(':').unwrap_or(text);
        let (transport, rest) = if let Some(r) = body.strip_prefix("unix://") {
            (Transport::Unix, r)
        } else if let Some(r) = body.strip_prefix("tcps://") {
            (Transport::Tls, r)
        } else {
            (Transport::Tcp, body)
        };
        let (host, rest) = if transport == Transport::Unix {
            ("", rest)
        } else {
            match rest.split_once(':') {
                Some((h, r)) => (h, r),
                // A bare `:5001` is a file, not a process; a bare port (no
                // leading colon at all) is a port.
                None if !text.starts_with(':') => ("", rest),
                None => return Err(TargetError::NotProcess(text.to_string())),
            }
        };
        // port[:user[:password]] where the password keeps any further colons.
        let mut parts = rest.splitn(3, ':');
        let port_text = parts.next().unwrap_or("");
        let port: u16 = port_text
            .parse()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| TargetError::BadPort(port_text.to_string()))?;
        let user = parts.next().map(str::to_string);
        let password = parts.next().map(str::to_string);
        Ok(Target {
            transport,
            host: host.to_string(),
            port,
            user,
            password,
        })
    }

    /// Whether the target is this machine (compression is never used there).
    pub fn is_local(&self) -> bool {
        self.transport == Transport::Unix
            || matches!(
                self.host.as_str(),
                "" | "localhost" | "127.0.0.1" | "::1" | "0.0.0.0"
            )
    }

    /// The host to connect to (localhost when empty).
    pub fn host_or_local(&self) -> &str {
        if self.host.is_empty() {
            "localhost"
        } else {
            &self.host
        }
    }

    /// `host:port` for messages and prompts.
    pub fn address(&self) -> String {
        match self.transport {
            Transport::Unix => format!("unix://{}", self.port),
            Transport::Tls => format!("tcps://{}:{}", self.host_or_local(), self.port),
            Transport::Tcp => format!("{}:{}", self.host_or_local(), self.port),
        }
    }
}

/// The abstract unix socket name q listens on for `port`
/// (`/tmp/kx.PORT`, or `$QUDSPATH/kx.PORT`). `None` when `QUDSPATH` is set
/// to the empty string, which disables unix sockets.
pub fn unix_socket_name(port: u16) -> Option<String> {
    match std::env::var("QUDSPATH") {
        Ok(dir) if dir.is_empty() => None,
        Ok(dir) => Some(format!("{}/kx.{port}", dir.trim_end_matches('/'))),
        Err(_) => Some(format!("/tmp/kx.{port}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_user_password() {
        let t = Target::parse(":db.example.com:5010:elmo:ses:ame").unwrap();
        assert_eq!(t.host, "db.example.com");
        assert_eq!(t.port, 5010);
        assert_eq!(t.user.as_deref(), Some("elmo"));
        assert_eq!(t.password.as_deref(), Some("ses:ame"));
        assert_eq!(t.transport, Transport::Tcp);
    }

    #[test]
    fn empty_host_is_local() {
        let t = Target::parse("::1234").unwrap();
        assert_eq!(t.host, "");
        assert_eq!(t.port, 1234);
        assert!(t.is_local());
        assert_eq!(t.address(), "localhost:1234");
    }

    #[test]
    fn bare_port_and_forms_without_colon() {
        assert_eq!(Target::parse("1234").unwrap().port, 1234);
        assert_eq!(Target::parse("localhost:1234").unwrap().host, "localhost");
    }

    #[test]
    fn single_colon_is_a_file_not_a_process() {
        assert!(matches!(
            Target::parse(":5001"),
            Err(TargetError::NotProcess(_))
        ));
    }

    #[test]
    fn unix_and_tls() {
        let u = Target::parse(":unix://5001:u:p").unwrap();
        assert_eq!(u.transport, Transport::Unix);
        assert_eq!(u.port, 5001);
        assert_eq!(u.user.as_deref(), Some("u"));
        let t = Target::parse(":tcps://h:5002").unwrap();
        assert_eq!(t.transport, Transport::Tls);
        assert_eq!(t.host, "h");
        assert!(!t.is_local());
    }

    #[test]
    fn bad_ports() {
        assert!(Target::parse("::0").is_err());
        assert!(Target::parse("::70000").is_err());
        assert!(Target::parse("::abc").is_err());
    }

    #[test]
    fn debug_hides_password() {
        let t = Target::parse("::1:u:secret").unwrap();
        assert!(!format!("{t:?}").contains("secret"));
    }
}
