//! Server functions of the public verification page (`/verify`). Checking a file is a
//! plain multipart form post handled by the server (`POST /verify`), so that it works
//! without JavaScript and carries the file.

mod check;

pub use check::*;
