//! Server functions about dossiers (hồ sơ), for citizens. Submission itself is a plain
//! multipart form post handled by the server (`POST /nop-ho-so/{slug}`), so that it works
//! with and without JavaScript and carries files.

mod mine;
mod prepare;
mod track;

pub use mine::*;
pub use prepare::*;
pub use track::*;
