//! # motcua-core
//!
//! The pure rules of **motcua**, the open one-stop (một cửa) system for Vietnamese
//! administrative procedures. Everything here is deterministic and free of I/O, so the
//! same code runs on the server (which enforces) and in the browser as WebAssembly
//! (which previews): the date a citizen is shown is the date the server applies.
//!
//! Modules:
//! - [`text`]: Vietnamese text folding for search (with or without diacritics).
//! - [`procedure`]: what a published procedure states (time limit, online level, level).
//! - [`search`]: a citizen's search query, parsed once for browser and server, and the
//!   ranked procedure index (diacritics optional, abbreviations, codes, filters).
//! - [`lunar`]: the Vietnamese lunar calendar at UTC+7 (Hồ Ngọc Đức's algorithm).
//! - [`calendar`]: working days 1900–2199: holidays, compensatory days, swaps; O(1) queries.
//! - [`deadline`]: office hours, clock start, appointments, pauses, extension, classification.
//! - [`dossier`]: status and channel codes, dossier codes, uploads, applicant fields, online forms.
//! - [`workflow`]: staff roles, the actions of a dossier's life and the state machine.
//!
//! ```
//! use motcua_core::text::fold;
//! assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod calendar;
pub mod deadline;
pub mod dossier;
pub mod lunar;
pub mod procedure;
pub mod search;
pub mod text;
pub mod workflow;
