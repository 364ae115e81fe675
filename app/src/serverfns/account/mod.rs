//! Server functions for citizen accounts. The session lives in an HttpOnly cookie
//! holding a random token; the database keeps only its hash.

mod close;
mod me;
mod password;
mod phone_code;
mod register;
mod reset;
#[cfg(feature = "ssr")]
pub(crate) mod session;
mod sessions;
mod sign_in;
mod sign_out;
mod typed;

pub use close::*;
pub use me::*;
pub use password::*;
pub use phone_code::*;
pub use register::*;
pub use reset::*;
pub use sessions::*;
pub use sign_in::*;
pub use sign_out::*;
pub use typed::*;
