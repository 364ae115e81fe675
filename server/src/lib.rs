//! The motcua server: configuration, storage, the catalogue service, the HTTP layer and
//! start-up. `main.rs` only parses the command line and reports errors.
//!
//! Modules:
//! - [`config`]: settings from defaults, `motcua.toml` and the environment;
//! - [`database`]: the SQLite or PostgreSQL pool and the migrations;
//! - [`catalog`]: the procedure catalogue (queries, demo seed);
//! - [`cli`]: offline commands (`calendar`, `deadline`) answered by the core;
//! - [`http`]: routes, the JSON API and its error type;
//! - [`notify`]: e-mail and SMS notifications through the outbox and a background sender;
//! - [`startup`]: binding, wiring and serving.

pub mod catalog;
pub mod cli;
pub mod config;
pub mod database;
pub mod http;
pub mod notify;
pub mod startup;
pub mod telemetry;
