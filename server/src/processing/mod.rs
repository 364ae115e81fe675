//! Processing a dossier after submission (issue 5; SPEC §3–§4): every staff action
//! goes through [`act`], which asks `motcua_core::workflow` whether it is allowed, and
//! writes the change, its history, hand-over trail, audit entry and notifications in
//! one transaction guarded by the row version.
//!
//! - [`load`]: the dossier's processing state and how a unit relates to it;
//! - [`command`]: the requests and their errors;
//! - [`act`](mod@act): the one entry point; [`effects`]: what each action changes;
//! - [`trail`]: the hand-over trail behind form 06.

pub mod act;
pub mod changes;
pub mod command;
pub mod effects;
pub mod forms;
pub mod intake;
pub mod load;
pub mod result;
pub mod trail;

pub use act::{act, Env, Outcome};
pub use command::{ActError, Acting, Command, ReturnMethod};
pub use load::{load, Loaded};
