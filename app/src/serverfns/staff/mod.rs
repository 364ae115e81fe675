//! Server functions of the staff area (issue 5), thin wrappers over
//! [`StaffDesk`](crate::services::StaffDesk). The staff session lives in its own
//! HttpOnly cookie ([`STAFF_COOKIE`](crate::services::STAFF_COOKIE)), never the citizens'.
//! Changes to dossiers and accounts are plain form posts handled by the server
//! (`/can-bo/…`), not server functions, so that they carry files and work without
//! JavaScript.

mod admin;
mod dossier;
mod frame;
mod intake;
mod notices;
mod password;
mod queue;
mod register;
#[cfg(feature = "ssr")]
pub(crate) mod session;
mod sign_in;
mod sign_out;

pub use admin::*;
pub use dossier::*;
pub use frame::*;
pub use intake::*;
pub use notices::*;
pub use password::*;
pub use queue::*;
pub use register::*;
pub use sign_in::*;
pub use sign_out::*;
