//! Server functions of the public verification page (`/verify`) and of the key registry
//! page (`/khoa-ky-so`). Checking a file is a plain multipart form post handled by the
//! server (`POST /verify`), so that it works without JavaScript and carries the file.

mod check;
mod keys;

pub use check::*;
pub use keys::*;
