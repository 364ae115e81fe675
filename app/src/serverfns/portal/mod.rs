//! Server functions about the portal itself.

mod info;

pub use info::*;
