//! The native kdb+ IPC codec, sans I/O: message framing, serialization of q
//! values both ways, compression, and the connection handshake.
//!
//! Every function here reads caller-owned byte slices and writes into a
//! `Vec<u8>`; sockets live elsewhere. Decoding never panics and never
//! allocates more than the received bytes justify, so it is safe on bytes
//! from an untrusted peer.
//!
//! ```
//! use qrepl::ipc::{self, EncodeOptions, MsgType};
//! use qrepl::k::K;
//!
//! let msg = ipc::encode_message(MsgType::Sync, &K::string("2+2"), &EncodeOptions::default())?;
//! assert_eq!(msg, b"\x01\x01\x00\x00\x11\x00\x00\x00\x0a\x00\x03\x00\x00\x002+2");
//! assert_eq!(ipc::encoded_len(&K::string("2+2")), msg.len());
//!
//! let (header, value) = ipc::decode_message(&msg)?;
//! assert_eq!(header.msg_type, MsgType::Sync);
//! assert_eq!(value, K::string("2+2"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod auth;
mod compress;
pub mod conn;
mod decode;
mod encode;
pub mod handshake;
mod header;
mod item;
pub mod net;
mod reader;
pub mod target;
pub mod tls;
pub mod trace;
pub mod websocket;

use crate::k::QError;

pub use compress::{COMPRESS_MIN_LEN, compress, decompress};
pub use decode::{
    DecodeOptions, MAX_DEPTH, decode_message, decode_message_owned, decode_message_with,
    decode_object, decode_objects,
};
pub use encode::{EncodeOptions, encode_message, encode_object, encoded_len};
pub use header::{HEADER_LEN, Header, frame_len};

/// Message type byte of an async message (`neg[h] x`).
pub const MSG_ASYNC: u8 = 0;
/// Message type byte of a sync request (`h x`).
pub const MSG_SYNC: u8 = 1;
/// Message type byte of a response to a sync request.
pub const MSG_RESPONSE: u8 = 2;

/// The highest capability we negotiate: 40-bit message lengths (messages
/// over 2 GB), with vector counts still 32-bit.
pub const MAX_CAPABILITY: u8 = 5;
/// The lowest capability that may send guids.
pub const CAPABILITY_GUID: u8 = 3;
/// The lowest capability that may send timestamps and timespans.
pub const CAPABILITY_TEMPORAL: u8 = 1;
/// The lowest capability that may send compressed messages.
pub const CAPABILITY_COMPRESSION: u8 = 1;
/// The lowest capability whose messages may exceed 2 GB (header byte 3 used).
pub const CAPABILITY_LARGE: u8 = 5;
/// The highest capability byte a peer may announce.
pub const CAPABILITY_LIMIT: u8 = 6;

/// Largest message length without the 40-bit extension (`2^31 - 1`).
pub const MAX_LEN_SMALL: u64 = i32::MAX as u64;
/// Largest message length with the 40-bit extension (`2^40 - 1`, 1 TB).
pub const MAX_LEN_LARGE: u64 = (1 << 40) - 1;

/// Wire type bytes of the non-simple objects (simple types are their
/// [`crate::k::Type`] code, negated for atoms).
pub mod wire {
    /// General list.
    pub const LIST: i8 = 0;
    /// Table.
    pub const TABLE: i8 = 98;
    /// Dictionary.
    pub const DICT: i8 = 99;
    /// Lambda: context symbol and source string.
    pub const LAMBDA: i8 = 100;
    /// Unary primitive; code 0 is the generic null `::`.
    pub const UNARY: i8 = 101;
    /// Binary primitive (operator).
    pub const BINARY: i8 = 102;
    /// Bare iterator.
    pub const ITERATOR: i8 = 103;
    /// Projection.
    pub const PROJECTION: i8 = 104;
    /// Composition.
    pub const COMPOSITION: i8 = 105;
    /// First function derived by an iterator (`f'`); 106..111 follow the
    /// [`crate::k::Adverb`] order.
    pub const EACH: i8 = 106;
    /// Last derived-function type (`f\:`).
    pub const EACH_LEFT: i8 = 111;
    /// Foreign (dynamically loaded) function: never serializable.
    pub const FOREIGN: i8 = 112;
    /// Sorted dictionary (`` `s#d ``).
    pub const SORTED_DICT: i8 = 127;
    /// Error object.
    pub const ERROR: i8 = -128;
    /// Attribute byte of `s#`.
    pub const ATTR_SORTED: u8 = 1;
}

/// What a message is: the second header byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum MsgType {
    /// Async message: evaluated by `.z.ps`, no reply.
    Async = MSG_ASYNC,
    /// Sync request: evaluated by `.z.pg`, answered by one response.
    Sync = MSG_SYNC,
    /// Response to a sync request.
    Response = MSG_RESPONSE,
}

impl MsgType {
    /// The message type for a header byte.
    pub fn from_byte(b: u8) -> Option<MsgType> {
        match b {
            MSG_ASYNC => Some(MsgType::Async),
            MSG_SYNC => Some(MsgType::Sync),
            MSG_RESPONSE => Some(MsgType::Response),
            _ => None,
        }
    }
}

/// Why received bytes are not a valid message. The q level shows every one
/// of these as `'badmsg`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes end before the object or header they started.
    #[error("truncated message: needed {needed} more bytes at offset {offset}")]
    Truncated {
        /// Offset at which more bytes were needed.
        offset: usize,
        /// How many more bytes were needed.
        needed: usize,
    },
    /// Header byte 0 is neither 0 (big-endian) nor 1 (little-endian).
    #[error("bad endianness byte {0:#04x}")]
    BadEndianness(u8),
    /// Header byte 1 is not async, sync or response.
    #[error("bad message type {0}")]
    BadMsgType(u8),
    /// Header byte 2 is neither 0 nor 1.
    #[error("bad compression flag {0}")]
    BadCompressedFlag(u8),
    /// Header byte 3 (length bits 32..39) is set on a connection that did
    /// not negotiate capability 5 or more.
    #[error("message length needs capability 5, connection has {capability}")]
    LargeLengthNotNegotiated {
        /// The connection's capability.
        capability: u8,
    },
    /// The header's length is smaller than the smallest message.
    #[error("message length {0} is too small")]
    LengthTooSmall(u64),
    /// The message (or its uncompressed form) exceeds the allowed size.
    #[error("message length {len} exceeds the limit of {max}")]
    TooLarge {
        /// The claimed length.
        len: u64,
        /// The limit.
        max: u64,
    },
    /// The header's length differs from the bytes given.
    #[error("header says {header} bytes, message has {actual}")]
    LengthMismatch {
        /// Length in the header.
        header: u64,
        /// Bytes received.
        actual: usize,
    },
    /// Bytes remain after the message's object.
    #[error("{0} unexpected bytes after the object")]
    TrailingBytes(usize),
    /// The type byte names no q type.
    #[error("unknown type {0}")]
    UnknownType(i8),
    /// The type byte names a type that never travels over IPC (enumerations,
    /// mapped lists, foreign functions).
    #[error("type {0} cannot be received")]
    UnsupportedType(i8),
    /// A vector or list count is negative.
    #[error("negative count {0}")]
    NegativeCount(i32),
    /// A count claims more items than the remaining bytes can hold.
    #[error("count {count} needs at least {needed} bytes, {available} remain")]
    CountTooLarge {
        /// The claimed count.
        count: usize,
        /// Bytes the count implies at the least.
        needed: usize,
        /// Bytes remaining.
        available: usize,
    },
    /// A symbol (or symbol vector item, context or error text) has no NUL terminator.
    #[error("unterminated symbol at offset {0}")]
    MissingNul(usize),
    /// An attribute byte is not 0..4.
    #[error("bad attribute byte {0}")]
    BadAttr(u8),
    /// A boolean is neither 0 nor 1.
    #[error("bad boolean byte {0}")]
    BadBoolean(u8),
    /// An iterator code is not 0..5.
    #[error("bad iterator code {0}")]
    BadIterator(u8),
    /// A table is not a symbol vector of names and a general list of equal-length columns.
    #[error("malformed table: {0}")]
    BadTable(&'static str),
    /// A lambda's source is not a UTF-8 char vector.
    #[error("malformed lambda: {0}")]
    BadLambda(&'static str),
    /// A projection or composition has no items.
    #[error("empty projection or composition")]
    EmptyFunction,
    /// An error object appears inside another object.
    #[error("error object inside another object")]
    NestedError,
    /// Objects nest deeper than [`MAX_DEPTH`] or than the stack can hold
    /// (the depth reached).
    #[error("objects nest deeper than {0}")]
    TooDeep(usize),
    /// The compressed stream is malformed.
    #[error("bad compressed data: {0}")]
    Decompress(&'static str),
}

impl From<DecodeError> for QError {
    fn from(_: DecodeError) -> QError {
        QError::new("badmsg")
    }
}

/// Why a value cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The value holds a type the connection's capability cannot carry
    /// (guid below 3, timestamp or timespan at 0), or an error object
    /// inside another object. q: `'type`.
    #[error("type: {0}")]
    Type(&'static str),
    /// The message is too big for the capability (over 2 GB below 5, over
    /// 1 TB at any), or a vector has more than 2^31-1 items. q: `'limit`.
    #[error("limit: message of {len} bytes, or a count over 2^31-1")]
    Limit {
        /// Message length (or the offending count).
        len: u64,
    },
    /// The value nests deeper than the stack can walk. q: `'stack`.
    #[error("stack: the value nests too deeply")]
    Stack,
}

impl From<EncodeError> for QError {
    fn from(e: EncodeError) -> QError {
        match e {
            EncodeError::Type(_) => QError::new("type"),
            EncodeError::Limit { .. } => QError::new("limit"),
            EncodeError::Stack => QError::new("stack"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_surface_as_q_errors() {
        assert_eq!(&*QError::from(DecodeError::NestedError).msg, "badmsg");
        assert_eq!(&*QError::from(EncodeError::Type("guid")).msg, "type");
        assert_eq!(
            &*QError::from(EncodeError::Limit { len: 1 << 41 }).msg,
            "limit"
        );
    }

    #[test]
    fn message_types_round_trip_their_byte() {
        for t in [MsgType::Async, MsgType::Sync, MsgType::Response] {
            assert_eq!(MsgType::from_byte(t as u8), Some(t));
        }
        assert_eq!(MsgType::from_byte(3), None);
    }
}
