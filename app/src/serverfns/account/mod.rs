//! Server functions for citizen accounts. The session lives in an HttpOnly cookie
//! holding a random token; the database keeps only its hash.

mod me;
mod register;
#[cfg(feature = "ssr")]
pub(crate) mod session;
mod sign_in;
mod sign_out;
mod typed;

pub use me::*;
pub use register::*;
pub use sign_in::*;
pub use sign_out::*;
pub use typed::*;
