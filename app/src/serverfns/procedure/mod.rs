//! Server functions about the procedure catalogue.

mod search;

pub use search::*;
