//! Staff (issue 5): accounts with one role in one unit, sessions, the audit log and
//! in-app notices.

pub mod audit;
pub mod notices;
