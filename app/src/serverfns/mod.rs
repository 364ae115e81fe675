//! Server functions, one file per verb, grouped by domain. Each is a thin wrapper: it
//! takes the service from the Leptos context (provided by `motcua-server`) and maps
//! failures to a Vietnamese message; the details are logged on the server, never sent.
//!
//! They are mounted under `/_fn/…`; `/api/v1` is kept for the public JSON API.

pub mod account;
pub mod dossier;
pub mod portal;
pub mod procedure;
pub mod staff;
pub mod verify;
