//! Internal functions `-n!x`: serialization (`-8! -9! -18! -22!`), hashes,
//! one-line text (`-3!`), the IPC broadcast (`-25!`) and deferred
//! responses (`-30!`) and log replay (`-11!`).

use sha1::Digest;

use crate::ipc::{self, EncodeOptions, MsgType};
use crate::k::{Data, K, QError, Type, qerr};

use crate::q::eval::interp::{Interp, R};

fn bytes_of(x: &K) -> Result<&[u8], QError> {
    match x {
        K::Vector(v) if v.ty == Type::Byte => match &v.data {
            Data::U8(b) => Ok(b),
            _ => Err(qerr("type")),
        },
        _ => Err(qerr("type")),
    }
}

/// Applies internal function `-n` to `x`.
pub fn call(it: &mut Interp, n: i64, x: K) -> R {
    Ok(match n {
        -3 => K::string(crate::k::text::one_line(&x, it.settings.digits())),
        -8 => K::bytes(
            ipc::encode_message(MsgType::Async, &x, &EncodeOptions::default())
                .map_err(QError::from)?,
        ),
        -9 => {
            let b = bytes_of(&x)?;
            let (_, v) = ipc::decode_message(b).map_err(QError::from)?;
            v
        }
        -18 => {
            let raw = ipc::encode_message(MsgType::Async, &x, &EncodeOptions::default())
                .map_err(QError::from)?;
            K::bytes(ipc::compress(&raw).unwrap_or(raw))
        }
        -22 => K::long(ipc::encoded_len(&x) as i64),
        -15 => {
            let s = x.as_str_bytes().ok_or_else(|| qerr("type"))?;
            K::bytes(md5::Md5::digest(s).to_vec())
        }
        -33 => {
            let s = x.as_str_bytes().ok_or_else(|| qerr("type"))?;
            K::bytes(sha1::Sha1::digest(s).to_vec())
        }
        -25 => return it.broadcast(x),
        -11 => return super::files::replay(it, x),
        -30 => return it.deferred_response(x),
        -38 => return it.socket_table(x),
        _ => return Err(qerr(format!("nyi: {n}!")).into()),
    })
}
