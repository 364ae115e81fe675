//! The motcua server: configuration, storage, the catalogue service, the HTTP layer and
//! start-up. `main.rs` only parses the command line and reports errors.
//!
//! Modules:
//! - [`config`]: settings from defaults, `motcua.toml` and the environment;
//! - [`database`]: the SQLite or PostgreSQL pool and the migrations;
//! - [`catalog`]: the procedure catalogue (agencies, versions, search snapshot, demo seed);
//! - [`accounts`]: citizen accounts, sessions, rate limits;
//! - [`dossier`]: online submission, uploads, reception, receipts, citizens' views;
//! - [`slips`]: the legal slips as PDF (form 01 receipt);
//! - [`signing`]: result documents stamped and signed (Ed25519), and their verification;
//! - [`audit`]: the append-only, hash-chained audit log and its signed checkpoints;
//! - [`jobs`]: background jobs (cleanup of abandoned uploads);
//! - [`scan`]: malware scanning of uploads (ClamAV daemon) and the rescan job;
//! - [`ids`]: random ids, tokens and content hashes;
//! - [`cli`]: offline commands (`calendar`, `deadline`) answered by the core;
//! - [`http`]: routes, the JSON API and its error type;
//! - [`notify`]: e-mail and SMS notifications through the outbox and a background sender;
//! - [`startup`]: binding, wiring and serving.

pub mod accounts;
pub mod audit;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod database;
pub mod dossier;
pub mod http;
pub mod ids;
pub mod jobs;
pub mod notify;
pub mod processing;
pub mod scan;
pub mod signing;
pub mod slips;
pub mod staff;
pub mod startup;
pub mod telemetry;
