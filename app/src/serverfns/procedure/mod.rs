//! Server functions about the procedure catalogue.

mod get;
mod search;

pub use get::*;
pub use search::*;
