//! The attack suite of issue 11 (`SECURITY.md`): one test per threat, each against the
//! real `motcua` binary (and the real component a threat needs: ClamAV, an SMS gateway
//! stub that speaks the gateway's protocol, PostgreSQL). One test binary, a module per
//! topic, so that the suite links once.

mod accounts;
mod audit;
#[path = "../common/mod.rs"]
mod common;
mod documents;
mod http;
mod privacy;
mod roles;
mod signing;
mod web;
