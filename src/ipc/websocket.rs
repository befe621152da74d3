//! The WebSocket protocol (RFC 6455) as a server speaks it, sans I/O: the
//! upgrade handshake's answer, decoding the frames clients send (masked),
//! reassembling fragmented messages, and encoding the frames a server sends
//! (unmasked). Nothing here touches a socket, and no input makes it panic.

use sha1::Digest;

/// The GUID RFC 6455 appends to the client's key before hashing it.
pub const ACCEPT_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/// Close code: normal closure.
pub const CLOSE_NORMAL: u16 = 1000;
/// Close code: the peer broke the protocol.
pub const CLOSE_PROTOCOL: u16 = 1002;
/// Close code: a text message that is not UTF-8.
pub const CLOSE_INVALID_TEXT: u16 = 1007;
/// Close code: a message too big to process.
pub const CLOSE_TOO_BIG: u16 = 1009;

/// Longest payload of a control frame (close, ping, pong).
const MAX_CONTROL_PAYLOAD: usize = 125;

/// What a frame carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opcode {
    /// The next fragment of a message.
    Continuation,
    /// A text message (or its first fragment).
    Text,
    /// A binary message (or its first fragment).
    Binary,
    /// The close handshake.
    Close,
    /// A ping, to be answered by a pong with the same payload.
    Ping,
    /// A pong.
    Pong,
}

impl Opcode {
    fn from_bits(b: u8) -> Option<Opcode> {
        Some(match b {
            0 => Opcode::Continuation,
            1 => Opcode::Text,
            2 => Opcode::Binary,
            8 => Opcode::Close,
            9 => Opcode::Ping,
            10 => Opcode::Pong,
            _ => return None,
        })
    }

    fn bits(self) -> u8 {
        match self {
            Opcode::Continuation => 0,
            Opcode::Text => 1,
            Opcode::Binary => 2,
            Opcode::Close => 8,
            Opcode::Ping => 9,
            Opcode::Pong => 10,
        }
    }

    fn is_control(self) -> bool {
        matches!(self, Opcode::Close | Opcode::Ping | Opcode::Pong)
    }
}

/// One decoded frame, its payload unmasked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Whether this is the last fragment of its message.
    pub fin: bool,
    /// What the frame carries.
    pub opcode: Opcode,
    /// The payload.
    pub payload: Vec<u8>,
}

/// Why the peer's bytes were refused; the connection is then closed with
/// [`FrameError::close_code`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    /// The peer broke the protocol.
    #[error("protocol error: {0}")]
    Protocol(&'static str),
    /// A message longer than the largest accepted.
    #[error("message too big: {0} bytes")]
    TooBig(u64),
    /// A text message, or a close reason, that is not UTF-8 (RFC 6455 8.1).
    #[error("text that is not UTF-8")]
    InvalidText,
}

impl FrameError {
    /// The close code to send back.
    pub fn close_code(&self) -> u16 {
        match self {
            FrameError::Protocol(_) => CLOSE_PROTOCOL,
            FrameError::TooBig(_) => CLOSE_TOO_BIG,
            FrameError::InvalidText => CLOSE_INVALID_TEXT,
        }
    }
}

/// Decodes the frame at the front of `buf`, sent by a client (so masked),
/// with a payload of at most `max_payload` bytes. Returns the frame and the
/// bytes it took, or `None` while it is incomplete. An oversized payload is
/// refused as soon as its header is in, before the payload arrives.
///
/// # Errors
/// An unmasked frame, reserved bits or opcodes, a fragmented or long
/// control frame, a non-minimal or negative length: [`FrameError::Protocol`];
/// a payload over `max_payload`: [`FrameError::TooBig`].
pub fn decode_frame(buf: &[u8], max_payload: usize) -> Result<Option<(Frame, usize)>, FrameError> {
    let [b0, b1, ..] = *buf else {
        return Ok(None);
    };
    if b0 & 0x70 != 0 {
        return Err(FrameError::Protocol("reserved bits set"));
    }
    let fin = b0 & 0x80 != 0;
    let opcode = Opcode::from_bits(b0 & 0x0f).ok_or(FrameError::Protocol("unknown opcode"))?;
    if b1 & 0x80 == 0 {
        return Err(FrameError::Protocol("unmasked client frame"));
    }
    let (len, mut at) = match b1 & 0x7f {
        126 => {
            let Some(b) = buf.get(2..4) else {
                return Ok(None);
            };
            let n = u16::from_be_bytes([b[0], b[1]]) as u64;
            if n < 126 {
                return Err(FrameError::Protocol("length not minimal"));
            }
            (n, 4)
        }
        127 => {
            let Some(b) = buf.get(2..10) else {
                return Ok(None);
            };
            let mut raw = [0u8; 8];
            raw.copy_from_slice(b);
            let n = u64::from_be_bytes(raw);
            if n >> 63 != 0 {
                return Err(FrameError::Protocol("length has its top bit set"));
            }
            if n <= u16::MAX as u64 {
                return Err(FrameError::Protocol("length not minimal"));
            }
            (n, 10)
        }
        n => (n as u64, 2),
    };
    if opcode.is_control() {
        if !fin {
            return Err(FrameError::Protocol("fragmented control frame"));
        }
        if len > MAX_CONTROL_PAYLOAD as u64 {
            return Err(FrameError::Protocol("control frame too long"));
        }
    }
    if len > max_payload as u64 {
        return Err(FrameError::TooBig(len));
    }
    let len = len as usize;
    let Some(mask) = buf.get(at..at + 4) else {
        return Ok(None);
    };
    let mask = [mask[0], mask[1], mask[2], mask[3]];
    at += 4;
    let Some(body) = buf.get(at..at + len) else {
        return Ok(None);
    };
    let payload = body
        .iter()
        .zip(mask.iter().cycle())
        .map(|(b, m)| b ^ m)
        .collect();
    Ok(Some((
        Frame {
            fin,
            opcode,
            payload,
        },
        at + len,
    )))
}

/// Encodes one whole (unfragmented, unmasked) frame, as a server sends.
pub fn encode_frame(opcode: Opcode, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 10);
    out.push(0x80 | opcode.bits());
    match payload.len() {
        n if n < 126 => out.push(n as u8),
        n if n <= u16::MAX as usize => {
            out.push(126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
    out
}

/// A close frame with `code` and a short `reason` (cut to fit a control
/// frame).
pub fn close_frame(code: u16, reason: &str) -> Vec<u8> {
    let mut payload = code.to_be_bytes().to_vec();
    let mut reason = reason.as_bytes();
    reason = &reason[..reason.len().min(MAX_CONTROL_PAYLOAD - 2)];
    payload.extend_from_slice(reason);
    encode_frame(Opcode::Close, &payload)
}

/// A whole message, or a control frame, as the connection sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// A text message's bytes (not checked for UTF-8: q's chars are bytes).
    Text(Vec<u8>),
    /// A binary message.
    Binary(Vec<u8>),
    /// A ping and its payload (answered with a pong of the same payload).
    Ping(Vec<u8>),
    /// A pong.
    Pong(Vec<u8>),
    /// The peer starts (or answers) the close handshake, with its code if
    /// it gave one.
    Close(Option<u16>),
}

/// Puts fragmented messages back together, one frame at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assembler {
    /// The message being received in fragments: whether it is text, and
    /// its bytes so far.
    partial: Option<(bool, Vec<u8>)>,
}

impl Assembler {
    /// No message under way.
    pub fn new() -> Assembler {
        Assembler::default()
    }

    /// Takes the next frame; returns a message once one is complete (or at
    /// once for a control frame). A message may total `max` bytes.
    ///
    /// # Errors
    /// A continuation with no message under way, a new message before the
    /// last one ended, a bad close payload: [`FrameError::Protocol`]; a
    /// message over `max` bytes: [`FrameError::TooBig`].
    pub fn push(&mut self, frame: Frame, max: usize) -> Result<Option<Message>, FrameError> {
        let Frame {
            fin,
            opcode,
            payload,
        } = frame;
        match opcode {
            Opcode::Ping => Ok(Some(Message::Ping(payload))),
            Opcode::Pong => Ok(Some(Message::Pong(payload))),
            Opcode::Close => close_code(&payload).map(|c| Some(Message::Close(c))),
            Opcode::Text | Opcode::Binary => {
                if self.partial.is_some() {
                    return Err(FrameError::Protocol("new message inside a fragmented one"));
                }
                let text = opcode == Opcode::Text;
                if fin {
                    return whole(text, payload).map(Some);
                }
                self.partial = Some((text, payload));
                Ok(None)
            }
            Opcode::Continuation => {
                let Some((text, mut bytes)) = self.partial.take() else {
                    return Err(FrameError::Protocol("continuation with no message"));
                };
                let total = bytes.len() as u64 + payload.len() as u64;
                if total > max as u64 {
                    return Err(FrameError::TooBig(total));
                }
                bytes.extend_from_slice(&payload);
                if fin {
                    return whole(text, bytes).map(Some);
                }
                self.partial = Some((text, bytes));
                Ok(None)
            }
        }
    }
}

/// A complete message; a text one must be UTF-8.
fn whole(text: bool, bytes: Vec<u8>) -> Result<Message, FrameError> {
    if !text {
        return Ok(Message::Binary(bytes));
    }
    if std::str::from_utf8(&bytes).is_err() {
        return Err(FrameError::InvalidText);
    }
    Ok(Message::Text(bytes))
}

/// The code in a close frame's payload (none when empty).
fn close_code(payload: &[u8]) -> Result<Option<u16>, FrameError> {
    match payload {
        [] => Ok(None),
        [_] => Err(FrameError::Protocol("close payload of one byte")),
        [a, b, reason @ ..] => {
            if std::str::from_utf8(reason).is_err() {
                return Err(FrameError::InvalidText);
            }
            let code = u16::from_be_bytes([*a, *b]);
            // Codes a peer may send: 1000-1003, 1007-1011, 3000-4999.
            let valid = matches!(code, 1000..=1003 | 1007..=1011 | 3000..=4999);
            if valid {
                Ok(Some(code))
            } else {
                Err(FrameError::Protocol("invalid close code"))
            }
        }
    }
}

/// The `Sec-WebSocket-Key` of an HTTP request head that asks to upgrade
/// to a WebSocket (`Upgrade: websocket`), or `None` for any other request.
pub fn upgrade_key(head: &str) -> Option<&str> {
    let mut upgrade = false;
    let mut key = None;
    for line in head.lines().skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("upgrade") {
            upgrade = value
                .split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("websocket"));
        } else if name.eq_ignore_ascii_case("sec-websocket-key") {
            key = Some(value);
        }
    }
    key.filter(|k| upgrade && !k.is_empty())
}

/// Whether an upgrade request asks for a protocol version this server
/// speaks: 13, the RFC's (a request that names none is taken as 13).
pub fn version_supported(head: &str) -> bool {
    head.lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("sec-websocket-version"))
        .is_none_or(|(_, v)| v.split(',').any(|v| v.trim() == "13"))
}

/// The answer to an upgrade request for a version this server does not
/// speak.
pub const VERSION_REFUSED: &str = "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// `Sec-WebSocket-Accept` for a client's key: the base64 of the SHA-1 of
/// the key and [`ACCEPT_GUID`].
pub fn accept_key(key: &str) -> String {
    let mut h = sha1::Sha1::new();
    h.update(key.as_bytes());
    h.update(ACCEPT_GUID.as_bytes());
    base64(&h.finalize())
}

/// The server's answer that completes the upgrade for `key`.
pub fn upgrade_response(key: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {}\r\n\r\n",
        accept_key(key)
    )
    .into_bytes()
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client frame: masked with `mask`.
    fn masked(fin: bool, opcode: u8, payload: &[u8], mask: [u8; 4]) -> Vec<u8> {
        let mut out = vec![if fin { 0x80 } else { 0 } | opcode];
        match payload.len() {
            n if n < 126 => out.push(0x80 | n as u8),
            n if n <= 0xffff => {
                out.push(0x80 | 126);
                out.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                out.push(0x80 | 127);
                out.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        out.extend_from_slice(&mask);
        out.extend(payload.iter().zip(mask.iter().cycle()).map(|(b, m)| b ^ m));
        out
    }

    #[test]
    fn the_rfc_example_key_is_accepted() {
        // RFC 6455, section 1.3.
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn upgrade_requests_are_recognised() {
        let head = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: abc==\r\nSec-WebSocket-Version: 13";
        assert_eq!(upgrade_key(head), Some("abc=="));
        assert_eq!(upgrade_key("GET /?1+1 HTTP/1.1\r\nHost: x"), None);
        assert_eq!(
            upgrade_key("GET / HTTP/1.1\r\nSec-WebSocket-Key: abc=="),
            None
        );
        assert!(version_supported(head));
        assert!(version_supported("GET / HTTP/1.1\r\nHost: x"));
        assert!(!version_supported(
            "GET / HTTP/1.1\r\nSec-WebSocket-Version: 8"
        ));
    }

    #[test]
    fn the_rfc_masked_hello_decodes() {
        // RFC 6455, section 5.7: a single-frame masked text message.
        let bytes = [
            0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58,
        ];
        let (f, n) = decode_frame(&bytes, 100).unwrap().unwrap();
        assert_eq!(n, bytes.len());
        assert_eq!((f.fin, f.opcode), (true, Opcode::Text));
        assert_eq!(f.payload, b"Hello");
        for cut in 0..bytes.len() {
            assert_eq!(decode_frame(&bytes[..cut], 100), Ok(None));
        }
    }

    #[test]
    fn lengths_of_16_and_64_bits_round_trip() {
        for n in [0usize, 125, 126, 65535, 65536, 200_000] {
            let payload: Vec<u8> = (0..n).map(|i| i as u8).collect();
            let bytes = masked(true, 2, &payload, [1, 2, 3, 4]);
            let (f, used) = decode_frame(&bytes, 1 << 20).unwrap().unwrap();
            assert_eq!((used, f.payload.len()), (bytes.len(), n));
            assert_eq!(f.payload, payload);
            let server = encode_frame(Opcode::Binary, &payload);
            let head = match n {
                n if n < 126 => 2,
                n if n <= 65535 => 4,
                _ => 10,
            };
            assert_eq!(server.len(), head + n);
            assert_eq!(&server[head..], &payload[..]);
        }
    }

    #[test]
    fn bad_frames_are_refused_with_their_close_code() {
        let unmasked = [0x81, 0x02, b'h', b'i'];
        let e = decode_frame(&unmasked, 100).unwrap_err();
        assert_eq!(e.close_code(), CLOSE_PROTOCOL);
        let reserved = masked(true, 0x41, b"x", [0; 4]);
        assert_eq!(decode_frame(&reserved, 100).unwrap_err().close_code(), 1002);
        let opcode = masked(true, 3, b"x", [0; 4]);
        assert!(matches!(
            decode_frame(&opcode, 100),
            Err(FrameError::Protocol(_))
        ));
        let ping_fragment = masked(false, 9, b"x", [0; 4]);
        assert!(decode_frame(&ping_fragment, 100).is_err());
        let long_ping = masked(true, 9, &[0; 126], [0; 4]);
        assert!(decode_frame(&long_ping, 1000).is_err());
        // Too big is known from the header alone.
        let big = masked(true, 2, &[0; 300], [0; 4]);
        assert_eq!(decode_frame(&big[..4], 299), Err(FrameError::TooBig(300)));
        assert_eq!(
            decode_frame(&big, 299).unwrap_err().close_code(),
            CLOSE_TOO_BIG
        );
        let huge = [0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0];
        assert!(matches!(
            decode_frame(&huge, usize::MAX),
            Err(FrameError::Protocol(_))
        ));
        let not_minimal = [0x82, 0xfe, 0, 5, 0, 0, 0, 0, 1, 2, 3, 4, 5];
        assert!(decode_frame(&not_minimal, 100).is_err());
    }

    #[test]
    fn fragments_are_reassembled_around_control_frames() {
        let mut a = Assembler::new();
        let frame = |fin, opcode, p: &[u8]| Frame {
            fin,
            opcode,
            payload: p.to_vec(),
        };
        assert_eq!(a.push(frame(false, Opcode::Text, b"he"), 100), Ok(None));
        assert_eq!(
            a.push(frame(true, Opcode::Ping, b"p"), 100),
            Ok(Some(Message::Ping(b"p".to_vec())))
        );
        assert_eq!(
            a.push(frame(false, Opcode::Continuation, b"ll"), 100),
            Ok(None)
        );
        assert_eq!(
            a.push(frame(true, Opcode::Continuation, b"o"), 100),
            Ok(Some(Message::Text(b"hello".to_vec())))
        );
        assert_eq!(
            a.push(frame(true, Opcode::Binary, &[1, 2]), 100),
            Ok(Some(Message::Binary(vec![1, 2])))
        );
        assert!(
            a.push(frame(true, Opcode::Continuation, b"x"), 100)
                .is_err()
        );
        a.push(frame(false, Opcode::Binary, &[0; 60]), 100).unwrap();
        assert!(a.push(frame(false, Opcode::Binary, b"x"), 100).is_err());
        let mut a = Assembler::new();
        a.push(frame(false, Opcode::Binary, &[0; 60]), 100).unwrap();
        assert_eq!(
            a.push(frame(true, Opcode::Continuation, &[0; 60]), 100),
            Err(FrameError::TooBig(120))
        );
    }

    #[test]
    fn text_messages_must_be_utf8_binary_ones_need_not() {
        let frame = |fin, opcode, payload: &[u8]| Frame {
            fin,
            opcode,
            payload: payload.to_vec(),
        };
        let mut a = Assembler::new();
        let e = a.push(frame(true, Opcode::Text, b"caf\xc3"), 100);
        assert_eq!(e.unwrap_err().close_code(), CLOSE_INVALID_TEXT);
        // A character split across fragments is whole once they are joined.
        let mut a = Assembler::new();
        assert_eq!(
            a.push(frame(false, Opcode::Text, b"caf\xc3"), 100),
            Ok(None)
        );
        assert_eq!(
            a.push(frame(true, Opcode::Continuation, b"\xa9"), 100),
            Ok(Some(Message::Text("café".as_bytes().to_vec())))
        );
        let mut a = Assembler::new();
        assert_eq!(
            a.push(frame(true, Opcode::Binary, b"\xff\xfe"), 100),
            Ok(Some(Message::Binary(vec![0xff, 0xfe])))
        );
    }

    #[test]
    fn close_payloads_are_checked() {
        let mut a = Assembler::new();
        let close = |p: &[u8]| Frame {
            fin: true,
            opcode: Opcode::Close,
            payload: p.to_vec(),
        };
        assert_eq!(a.push(close(&[]), 10), Ok(Some(Message::Close(None))));
        assert_eq!(
            a.push(close(&[0x03, 0xe8, b'o', b'k']), 10),
            Ok(Some(Message::Close(Some(1000))))
        );
        assert!(a.push(close(&[3]), 10).is_err());
        assert!(a.push(close(&[0x03, 0xed]), 10).is_err());
        let bad_reason = a.push(close(&[0x03, 0xe8, 0xff]), 10).unwrap_err();
        assert_eq!(bad_reason.close_code(), CLOSE_INVALID_TEXT);
        assert_eq!(&close_frame(1002, "bad")[..], b"\x88\x05\x03\xeabad");
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // A small deterministic generator, so the test needs no crate.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut a = Assembler::new();
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            if let Some(b) = bytes.get_mut(1) {
                *b |= 0x80;
            }
            if let Ok(Some((f, n))) = decode_frame(&bytes, 64) {
                assert!(n <= bytes.len());
                let _ = a.push(f, 64);
            }
        }
    }
}
