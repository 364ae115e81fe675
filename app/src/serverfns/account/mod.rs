//! Server functions for citizen accounts. The session lives in an HttpOnly cookie
//! holding a random token; the database keeps only its hash.

mod me;
mod phone_code;
mod register;
mod reset;
#[cfg(feature = "ssr")]
pub(crate) mod session;
mod sign_in;
mod sign_out;

pub use me::*;
pub use phone_code::*;
pub use register::*;
pub use reset::*;
pub use sign_in::*;
pub use sign_out::*;
